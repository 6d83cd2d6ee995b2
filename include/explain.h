/*
 * explain.h — tlsdiag explain: an error message pasted from a ticket (a client's error,
 * a server's log line, a whole log) mapped to the TLS alert it stands for, which side
 * sent that alert and which side printed the message, the classes of SPEC.md it can
 * mean (most likely first), and the capture to take to decide between them.
 *
 * Pipeline position: none. It reads no capture; it points at the capture to take and
 * the tlsdiag command to run on it. The messages it knows are one table, explain_table.c.
 */
#ifndef TLSDIAG_EXPLAIN_H
#define TLSDIAG_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The bytes of a message looked at; the rest of a longer paste is left out (said). */
#define EXPLAIN_MAX_INPUT (1u << 20)

/* Who printed the message, when the user knows it (--side). */
enum explain_side {
	EXPLAIN_SIDE_UNKNOWN,            /* from the text, or both readings */
	EXPLAIN_SIDE_CLIENT,
	EXPLAIN_SIDE_SERVER,
};

/*
 * Explains the n bytes at message (any bytes: NUL, binary and over-long input are
 * handled) and writes the explanation to out, as text or as one JSON object (json).
 * Returns 0 when some part of the message is known, 1 when none is (the generic capture
 * advice is printed all the same).
 */
int explain_run(const char *message, size_t n, enum explain_side side, bool json, FILE *out);

/*
 * The command: explain_run on arg, or on standard input read whole when arg is "-"
 * (up to EXPLAIN_MAX_INPUT bytes kept), written to standard output. Returns the exit
 * status: 0 known, 1 unknown (or standard input unreadable).
 */
int explain_main(const char *arg, enum explain_side side, bool json);

/*
 * OpenSSL's packed error code, as printed in "error:0A000410:SSL routines::..." (3.x:
 * library << 23 | reason, bit 31 for a system error) or "error:14094410:SSL
 * routines:ssl3_read_bytes:..." (1.x: library << 24 | function << 12 | reason).
 * three_x_hint: the text had OpenSSL 3's empty function field ("routines::").
 * Fills d and returns true when code reads as either form.
 */
struct explain_openssl_code {
	uint32_t code;
	int major;                       /* 1 or 3 */
	unsigned lib;                    /* 20: SSL, 11: X509, 2: system, ... */
	unsigned func;                   /* 1.x only; 0 in 3.x */
	unsigned reason;
	int alert;                       /* reason 1000 + N (SSL_AD_REASON_OFFSET): alert N; else -1 */
};
bool explain_decode_openssl(uint32_t code, bool three_x_hint, struct explain_openssl_code *d);

/* Rows of the message table, and how many rows each stack has (for the tests and the
 * report of coverage): n_rows of them; stack_name(i) names stack i, n_stacks of them. */
size_t explain_table_rows(void);
size_t explain_stack_count(void);
const char *explain_stack_name(size_t i);
size_t explain_stack_rows(size_t i);

/* Checks the table itself: every class name of every row is a class, every pattern
 * non-empty, ids unique. Returns the id of the first bad row, or NULL. */
const char *explain_table_check(void);

#endif
