/*
 * explain_table.h — the tables of tlsdiag explain (src/explain_table.c), shared by it and
 * the matcher (src/explain.c) alone: the stacks, the messages, what an alert means by who
 * sent it, the stacks' alert names, a line for each class. Not an API of its own: the
 * command's entry points are in explain.h.
 */
#ifndef TLSDIAG_EXPLAIN_TABLE_H
#define TLSDIAG_EXPLAIN_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "classes.h"

/* ---- the stacks, and how each writes a key log ------------------------------------- */

enum ex_stack {
	ST_OPENSSL,
	ST_BORINGSSL,
	ST_GNUTLS,
	ST_NSS,
	ST_JAVA,
	ST_GO,
	ST_SCHANNEL,
	ST_PYTHON,
	ST_CURL,
	ST_NGINX,
	ST_HAPROXY,
	ST_APACHE,
	ST_SYSTEM,
	ST__COUNT
};

struct ex_stack_info {
	const char *name;
	/* How a program of this stack writes an SSLKEYLOGFILE, or NULL when it has no way
	 * built in. */
	const char *keylog;
};


/* ---- the message table ------------------------------------------------------------- */

/* Who printed the message. */
enum ex_reporter { R_EITHER, R_CLIENT, R_SERVER };

/* Who sent the alert the message stands for. */
enum ex_sender {
	S_NONE,   /* no alert: a close, a reset, a local check */
	S_PEER,   /* the message reports an alert it received */
	S_SELF,   /* the side that printed it sent the alert */
	S_SERVER, /* the server, whichever side printed it: a stack that words the alert it
		     received as its own error (NSS's SSL_ERROR_NO_CYPHER_OVERLAP) */
};

/* The alert: a code, or where to read it from the text. */
#define A_NONE (-1)
#define A_WORDS (-2)  /* an alert's name follows the pattern ("... alert handshake failure") */
#define A_NUMBER (-3) /* its number follows ("SSL alert number 48", "Received alert [40]") */

/* The words of a TLS library (most specific), or those of a program around them. */
enum ex_layer { L_TLS, L_PROGRAM };

/* Where the capture that decides is taken. */
enum ex_where {
	W_REPORTER, /* where the message was printed: either end sees the hellos and the alert */
	W_BOTH,     /* both ends: a close or reset that either end or a middlebox may have made */
};

struct ex_row {
	const char *id;
	enum ex_stack stack;
	/* What the text must hold: any one pattern, '*' standing for any run of text. */
	const char *pat[4];
	/* And must not: a longer text another row explains better. */
	const char *unless;
	int alert;
	enum ex_reporter reporter;
	enum ex_sender sender;
	/* Ranked classes (comma-separated SPEC.md names), when the client printed the text and
	 * when the server did; NULL: those of the alert (explain_alert_readings[]). */
	const char *by_client;
	const char *by_server;
	enum ex_layer layer;
	enum ex_where where;
	/* The program ends the connection without a TLS alert (an HTTP error after the
	 * handshake): the alert a wrapped library text names is not sent. */
	bool no_alert;
	/* The OpenSSL reason code (include/openssl/sslerr.h) this text is, for the packed
	 * codes; 0: none. */
	unsigned reason;
	/* NSS's error number (PRErrorCode) this text is, as its programs print it ("returned
	 * error -12286", "NSS error -12190"); 0: none. */
	int nss_error;
	const char *note;
};

/* ---- what an alert means, by who sent it -------------------------------------------- */

struct ex_alert_reading {
	int code;
	const char *server_sent; /* ranked classes when the server sent it */
	const char *client_sent; /* ... when the client did */
};

/* An alert's name as a stack writes it, where it differs from IANA's. */
struct ex_alert_alias {
	const char *words;
	int code;
};

/* OpenSSL's SSL_AD_REASON_OFFSET: SSL reasons 1000 + N are "alert N received". */
#define OPENSSL_ALERT_REASON 1000u

extern const struct ex_stack_info explain_stacks[ST__COUNT];
extern const struct ex_row explain_rows[];
extern const size_t explain_n_rows;
extern const struct ex_alert_reading explain_alert_readings[];
extern const size_t explain_n_alert_readings;
extern const struct ex_alert_alias explain_alert_aliases[];
extern const size_t explain_n_alert_aliases;
/* SPEC.md's "when" of each class, shortened to one line. */
extern const char *const explain_class_when[CLASS__COUNT];

#endif
