/*
 * triage.h — the batch view: what a whole run (or many runs' JSON records) says at a
 * glance. Counts by class, where the failures are (servers, names, clients, files), the
 * time span, and per server the policy its handshakes show — versions, cipher suites,
 * groups and ALPN it accepted, whether it asks for client certificates and from which
 * CAs — with the clients that fail against it and why.
 *
 * It reads rows, not facts: a row is made from an attempt's facts and verdict during a
 * run, or from a JSON record of an earlier run (tlsdiag --summarize), and both give the
 * same row, so that runs on many machines merge into the same view as one run. The view
 * does not depend on the order rows arrive in.
 */
#ifndef TLSDIAG_TRIAGE_H
#define TLSDIAG_TRIAGE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "bounds.h"
#include "facts.h"
#include "rules.h"

/* What the view needs of one attempt. Strings are made safe (triage_key). */
struct triage_row {
	const char *file;                 /* file_buf, or NULL in live mode */
	char file_buf[1024];
	int64_t ts_us;                    /* first packet, microseconds since the epoch */
	char client[80];                  /* client address, without the port */
	char server[128];                 /* "ip:port"; through a proxy "destination via ip:port" (triage_server_key) */
	bool has_sni;
	char sni[BOUND_SNI * 2];
	enum tls_class cls;
	char max_offered[16];             /* highest version the client offered, "" unknown */
	char version[16];                 /* negotiated, "" none */
	char cipher[64];
	char group[48];
	char alpn[BOUND_ALPN_NAME * 2];
	bool cert_requested;
	unsigned n_ca_names;
	char ca_names[BOUND_CA_NAMES][BOUND_DN];
	char ja4[80];
};

/* The row of a decided attempt. */
void triage_row_from_attempt(struct triage_row *r, const char *file, const struct facts *f, const struct verdict *v);

/* A wire string as a summary key: what a JSON reader gets back from the record (invalid
 * UTF-8 bytes become U+0080..U+00FF), with control characters as '?'. */
void triage_key(const char *s, size_t n, char *out, size_t out_len);

/* The server a row counts for: server ("ip:port"), or for an attempt through a forward
 * proxy, the destination the client asked it for (target, from the wire: made safe)
 * "via" the proxy. target NULL or empty: server alone. */
void triage_server_key(const char *server, const char *target, char *out, size_t out_len);

/* "TLS1.2" → a rank that orders versions (SSL2 < SSL3 < TLS1.0 ...), 0 unknown. */
int triage_version_rank(const char *name);

struct triage;

/* One server with failures as the summary's policy section tells it, for other outputs
 * (the HTML report): each string ready to print (names from the wire made safe), valid
 * during the callback. accepted[]: versions, ciphers, groups, ALPN, names of its
 * completed handshakes ("TLS1.2 (3), TLS1.3 (1)"), "" for none; failing[]: one line per
 * kind of failure ("no_shared_cipher x1: 1 client(s) offered ..."). */
struct triage_server_policy {
	const char *server;
	unsigned long attempts, failed;
	const unsigned long *by_class;         /* CLASS__COUNT counts */
	const char *accepted[5];
	const char *failing[8];
	unsigned n_failing;
	unsigned long cert_requested;          /* handshakes in which it asked for a client certificate */
};
#define TRIAGE_POLICY_LABELS { "versions", "ciphers", "groups", "alpn", "names" }
typedef void (*triage_server_fn)(void *ctx, const struct triage_server_policy *p);

/* The servers with failures, most failed first, at most max (0: all), to fn. */
void triage_each_failing_server(const struct triage *t, size_t max, triage_server_fn fn, void *ctx);

struct triage *triage_new(void);
void triage_free(struct triage *t);
/* Not thread-safe: one writer at a time. */
void triage_add(struct triage *t, const struct triage_row *r);
/* A capture read (its "file" record) or an input that could not be read ("error"). */
void triage_file_read(struct triage *t, const char *file);
void triage_file_error(struct triage *t, const char *file);
/* An input that is not a capture (left out by a walk, or named and refused). */
void triage_file_skipped(struct triage *t, const char *file);

unsigned long triage_attempts(const struct triage *t);
unsigned long triage_failed(const struct triage *t);

/* The view as text (people) or as one {"type":"summary"} JSON line. */
void triage_print_text(const struct triage *t, FILE *out);
/* --full: the text lists every entry instead of the first few ("... N more"). */
void triage_show_all(struct triage *t, bool all);
void triage_print_json(const struct triage *t, FILE *out);

#endif
