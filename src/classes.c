/*
 * classes.c — the table of class properties (classes.h).
 *
 * Pipeline position: beside rules, report and triage, which all read it. It decides
 * nothing about an attempt: which class an attempt gets is the rule table's business.
 */
#include "classes.h"

#include <string.h>

static const struct class_info classes[CLASS__COUNT] = {
	[CLASS_OK] = { "ok", CLASS_OUTCOME_OK, "", " completed the handshake" },
	/* The batch view reads a version mismatch against the versions the server accepted;
	 * these words are its reading when those say nothing. */
	[CLASS_VERSION_MISMATCH] = { "version_mismatch", CLASS_OUTCOME_FAILED, "", " share no version with it" },
	[CLASS_NO_SHARED_CIPHER] = { "no_shared_cipher", CLASS_OUTCOME_FAILED, "",
				     " offered no cipher suite, group or signature it accepts" },
	[CLASS_MISSING_SNI] = { "missing_sni", CLASS_OUTCOME_FAILED, "needs SNI; ", " sent none" },
	[CLASS_UNKNOWN_SNI] = { "unknown_sni", CLASS_OUTCOME_FAILED, "refuses names it does not serve; ", " asked for one" },
	[CLASS_CLIENT_CERT_MISSING] = { "client_cert_missing", CLASS_OUTCOME_FAILED, "requires a client certificate; ",
					" sent none" },
	[CLASS_CLIENT_CERT_REJECTED] = { "client_cert_rejected", CLASS_OUTCOME_FAILED, "refuses the certificates of ", "" },
	[CLASS_SERVER_CERT_REJECTED] = { "server_cert_rejected", CLASS_OUTCOME_FAILED, "", " do not trust its certificate" },
	[CLASS_MIDDLEBOX_RESET] = { "middlebox_reset", CLASS_OUTCOME_FAILED, "", " failed" },
	[CLASS_SERVER_RESET] = { "server_reset", CLASS_OUTCOME_FAILED, "", " failed" },
	[CLASS_NO_SERVER_RESPONSE] = { "no_server_response", CLASS_OUTCOME_FAILED, "", " failed" },
	[CLASS_ALPN_MISMATCH] = { "alpn_mismatch", CLASS_OUTCOME_FAILED, "", " offered no application protocol it speaks" },
	[CLASS_NOT_TLS] = { "not_tls", CLASS_OUTCOME_FAILED, "", " failed" },
	[CLASS_PROTOCOL_ERROR] = { "protocol_error", CLASS_OUTCOME_FAILED, "", " failed" },
	[CLASS_UNKNOWN_FAILURE] = { "unknown_failure", CLASS_OUTCOME_FAILED, "", " failed" },
	[CLASS_INCOMPLETE] = { "incomplete", CLASS_OUTCOME_INCOMPLETE, "", " could not be judged from the capture" },
};

const struct class_info *class_info(enum tls_class c)
{
	return (unsigned)c < CLASS__COUNT ? &classes[c] : &classes[CLASS_UNKNOWN_FAILURE];
}

const char *class_name(enum tls_class c)
{
	return class_info(c)->name;
}

enum class_outcome class_outcome(enum tls_class c)
{
	return class_info(c)->outcome;
}

const char *class_outcome_name(enum tls_class c)
{
	switch (class_outcome(c)) {
	case CLASS_OUTCOME_OK:
		return "ok";
	case CLASS_OUTCOME_INCOMPLETE:
		return "incomplete";
	case CLASS_OUTCOME_FAILED:
	default:
		return "failed";
	}
}

bool class_failed(enum tls_class c)
{
	return class_outcome(c) == CLASS_OUTCOME_FAILED;
}

enum tls_class class_from_name(const char *name)
{
	for (int c = 0; c < CLASS__COUNT; c++)
		if (strcmp(classes[c].name, name) == 0)
			return (enum tls_class)c;
	return CLASS__COUNT;
}
