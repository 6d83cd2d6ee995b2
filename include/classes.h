/*
 * classes.h — the failure classes of SPEC.md and what each one means to the rest of the
 * program: its name, its outcome (ok, failed, incomplete), whether it counts as a failed
 * handshake, and the words the batch view uses for it.
 *
 * Pipeline position: the vocabulary shared by rules (which give a class), report and
 * triage (which print it), summarize (which reads it back) and the exit status. One table
 * holds every property, so a class is never "failed" in one file and not in another.
 */
#ifndef TLSDIAG_CLASSES_H
#define TLSDIAG_CLASSES_H

#include <stdbool.h>

/* The classes, in SPEC.md's order; the batch view lists them in this order. */
enum tls_class {
	CLASS_OK,
	CLASS_VERSION_MISMATCH,
	CLASS_NO_SHARED_CIPHER,
	CLASS_MISSING_SNI,
	CLASS_UNKNOWN_SNI,
	CLASS_CLIENT_CERT_MISSING,
	CLASS_CLIENT_CERT_REJECTED,
	CLASS_SERVER_CERT_REJECTED,
	CLASS_MIDDLEBOX_RESET,
	CLASS_SERVER_RESET,
	CLASS_NO_SERVER_RESPONSE,
	CLASS_ALPN_MISMATCH,
	CLASS_NOT_TLS,
	CLASS_PROTOCOL_ERROR,
	CLASS_UNKNOWN_FAILURE,
	CLASS_INCOMPLETE,
	CLASS__COUNT
};

/* The JSON record's "outcome" (SPEC.md). */
enum class_outcome {
	CLASS_OUTCOME_OK,         /* the handshake completed */
	CLASS_OUTCOME_FAILED,     /* it failed: a finding, counted by --fail-on-failures */
	CLASS_OUTCOME_INCOMPLETE, /* the capture cannot tell */
};

struct class_info {
	const char *name;              /* SPEC.md: "version_mismatch" */
	enum class_outcome outcome;
	/* The batch view's reading of a server's failures of this class, around the number
	 * of clients: reading_before "<N> client(s)" reading_after. */
	const char *reading_before;
	const char *reading_after;
};

/* The properties of c. A value outside the enum (a corrupt or future record) reads as
 * CLASS_UNKNOWN_FAILURE: never NULL. The table is static: the pointer stays valid. */
const struct class_info *class_info(enum tls_class c);

/* The SPEC.md name of c ("ok", "version_mismatch", ...); static storage. */
const char *class_name(enum tls_class c);

/* The outcome of c, and its name as the JSON record writes it ("ok", "failed",
 * "incomplete"; static storage). */
enum class_outcome class_outcome(enum tls_class c);
const char *class_outcome_name(enum tls_class c);

/* True when c is a failed handshake: every class but ok and incomplete. */
bool class_failed(enum tls_class c);

/* The class whose SPEC.md name is name, or CLASS__COUNT when none is. */
enum tls_class class_from_name(const char *name);

#endif
