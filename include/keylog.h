/*
 * keylog.h — the secrets of a key log (SSLKEYLOGFILE), looked up by client random.
 *
 * The NSS key log format (RFC 9850, formerly draft-ietf-tls-keylogfile; NSS "Key Log
 * Format") is what browsers, curl, OpenSSL's keylog callback, GnuTLS and Go's
 * KeyLogWriter write and what Wireshark reads; pcapng carries the same text in a
 * Decryption Secrets Block. One line per secret:
 *
 *     LABEL <64 hex digits: ClientHello.random> <hex secret>
 *
 * Lines starting with '#' are comments; blank lines and CRLF line ends occur. This module
 * keeps the TLS 1.2 master secret (CLIENT_RANDOM) and the TLS 1.3 traffic and exporter
 * secrets, keyed by client random, for the TLS layer to find when it meets a ClientHello.
 * It does not decrypt and does not know about flows; a bad line is counted, never fatal.
 */
#ifndef TLSDIAG_KEYLOG_H
#define TLSDIAG_KEYLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The secrets kept, by label. Other upper-case labels (RSA, EARLY_EXPORTER_SECRET,
 * ECH_SECRET, ECH_CONFIG, future ones) are recognised and ignored. */
enum keylog_secret {
	KEYLOG_CLIENT_RANDOM,    /* CLIENT_RANDOM: TLS <= 1.2 master secret, 48 bytes */
	KEYLOG_CLIENT_HANDSHAKE, /* CLIENT_HANDSHAKE_TRAFFIC_SECRET */
	KEYLOG_SERVER_HANDSHAKE, /* SERVER_HANDSHAKE_TRAFFIC_SECRET */
	KEYLOG_CLIENT_TRAFFIC_0, /* CLIENT_TRAFFIC_SECRET_0 */
	KEYLOG_SERVER_TRAFFIC_0, /* SERVER_TRAFFIC_SECRET_0 */
	KEYLOG_CLIENT_EARLY,     /* CLIENT_EARLY_TRAFFIC_SECRET */
	KEYLOG_EXPORTER,         /* EXPORTER_SECRET */
	KEYLOG__COUNT
};

/* Longest secret kept: TLS 1.3 secrets are the suite's hash length (32 or 48 bytes
 * today; 64 leaves room for a SHA-512 suite). */
#define KEYLOG_SECRET_MAX 64

/* The secrets logged for one connection (one client random). */
struct keylog_entry {
	uint8_t client_random[32];
	uint8_t secret[KEYLOG__COUNT][KEYLOG_SECRET_MAX];
	uint8_t secret_len[KEYLOG__COUNT]; /* 0: absent */
};

/*
 * What loading saw. The caller zeroes it once; every call adds to it, so line numbers
 * continue across the texts and files loaded with the same stats. Each line is exactly
 * one of: blank or comment, added, ignored, malformed; so
 * lines >= entries_added + ignored + malformed, the difference being blank and comment
 * lines.
 */
struct keylog_stats {
	uint64_t lines;          /* lines seen (blank and comment lines included) */
	uint64_t entries_added;  /* lines whose secret was stored (a repeated line for the same
	                          * client random and label replaces the earlier one and counts
	                          * again); connections: keylog_count() */
	uint64_t ignored;        /* lines of labels not kept, and lines refused (below) */
	uint64_t malformed;      /* lines not in the format: bad hex, wrong lengths, missing
	                          * fields, overlong */
	uint64_t first_bad_line; /* 1-based number of the first malformed line; 0: none */
	char first_bad_why[96];  /* why it is malformed ("" when none) */
	uint64_t refused;        /* of ignored: well-formed lines of a new connection refused
	                          * because the log holds BOUND_KEYLOG_ENTRIES connections
	                          * already, or memory ran out */
	char refused_why[96];    /* the first refusal's reason ("" when none) */
};

/* An empty key log; NULL when memory runs out. Free with keylog_free. */
struct keylog *keylog_new(void);

/* True when text (the first bytes of a file) is a key log: its first line that is not
 * blank or a comment is a secret of a kept label, whole (ends with a line end). */
bool keylog_looks_like(const uint8_t *text, size_t len);
/* The same, of a file's first bytes; false when it cannot be read. */
bool keylog_file_looks_like(const char *path);

/* An entry's secrets as key log lines (NSS format, one per secret held), into buf;
 * returns the bytes written (a line that does not fit is left out). */
size_t keylog_entry_format(const struct keylog_entry *e, char *buf, size_t len);

/*
 * Adds the lines of a text: a file's contents, or the secrets of a pcapng Decryption
 * Secrets Block. The text is not kept. Its last line need not end with a newline (a
 * line cut short by a writer still appending is malformed when its lengths are wrong).
 * For one client random and label, the later line wins. st may be NULL.
 */
void keylog_add_text(struct keylog *kl, const uint8_t *text, size_t len, struct keylog_stats *st);

/*
 * Reads a key log file and adds its lines (keylog_add_text). true when the file was read,
 * whatever its lines held (malformed lines only count in st). false, with a reason in
 * err (errno's text, or why the file is refused; the caller names the file), when it
 * cannot be opened or read, is a directory, is "-" (standard input is for captures), or
 * is larger than BOUND_KEYLOG_FILE_BYTES (keylog.c). st may be NULL.
 */
bool keylog_load_file(struct keylog *kl, const char *path, struct keylog_stats *st, char *err, size_t err_len)
	__attribute__((warn_unused_result));

/*
 * The secrets logged for a client random, or NULL. The entry lives until keylog_free
 * (adding lines may replace its secrets, never move it). Safe to call from several
 * threads at once once loading is over; not while lines are being added.
 */
const struct keylog_entry *keylog_find(const struct keylog *kl, const uint8_t client_random[32]);

/*
 * Live capture: a key log a browser or curl keeps appending to while tlsdiag runs. The
 * file is read to its end and kept open; keylog_follow_poll adds the whole lines
 * appended since (a line still being written waits for its newline). Opening happens
 * before the sandbox; polling only reads the descriptor already open. st outlives fw.
 */
struct keylog_follow;
struct keylog_follow *keylog_follow_open(struct keylog *kl, const char *path, struct keylog_stats *st, char *err,
					 size_t err_len);
void keylog_follow_poll(struct keylog_follow *fw);
void keylog_follow_close(struct keylog_follow *fw);

/* Connections (distinct client randoms) held. */
size_t keylog_count(const struct keylog *kl);

/* Frees the key log and its entries; NULL is allowed. */
void keylog_free(struct keylog *kl);

#endif
