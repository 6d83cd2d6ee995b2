/*
 * test_keylog.c — unit tests of the key log reader (include/keylog.h, src/keylog.c).
 *
 * A key log comes from a customer with the capture, written by whatever TLS stack they
 * run, sometimes edited by hand, sometimes cut while the client was still appending. So
 * besides every kept label and the lines real writers produce (comments, blank lines,
 * CRLF, either case of hex), the tests feed every kind of malformed line and check the
 * counts and the first bad line's number and reason; lines of other labels (RSA, ECH, new
 * ones) are ignored, not malformed; a later line for the same connection wins; a large
 * log is all found; line numbers continue across texts; files are read, and refused with
 * a reason when they cannot be. Every prefix of a valid log is fed from an exactly sized
 * heap copy, so AddressSanitizer sees any read past the text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "keylog.h"

/* ---- building lines ---- */

/* Deterministic bytes: byte k of item `seed`. Different seeds give different randoms. */
static void fill(uint8_t *out, size_t n, uint32_t seed)
{
	uint32_t x = seed * 2654435761u + 0x9e3779b9u;
	for (size_t k = 0; k < n; k++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		out[k] = (uint8_t)(x >> 24);
	}
	/* The seed itself in the first bytes, so randoms of different seeds always differ. */
	if (n >= 4) {
		out[0] = (uint8_t)(seed >> 24);
		out[1] = (uint8_t)(seed >> 16);
		out[2] = (uint8_t)(seed >> 8);
		out[3] = (uint8_t)seed;
	}
}

/* Appends bytes as hex (upper or lower case) to a text buffer. */
static void put_hex(char *buf, size_t cap, const uint8_t *b, size_t n, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	size_t at = strlen(buf);
	assert_true(at + 2 * n < cap);
	for (size_t k = 0; k < n; k++) {
		buf[at++] = digits[b[k] >> 4];
		buf[at++] = digits[b[k] & 15];
	}
	buf[at] = '\0';
}

static void put_str(char *buf, size_t cap, const char *s)
{
	size_t at = strlen(buf);
	assert_true(at + strlen(s) < cap);
	memcpy(buf + at, s, strlen(s) + 1);
}

/* "LABEL <random> <secret>" + end ("\n", "\r\n", ""). */
static void put_line(char *buf, size_t cap, const char *label, const uint8_t random[32], const uint8_t *secret,
		     size_t secret_len, const char *end)
{
	put_str(buf, cap, label);
	put_str(buf, cap, " ");
	put_hex(buf, cap, random, 32, false);
	put_str(buf, cap, " ");
	put_hex(buf, cap, secret, secret_len, false);
	put_str(buf, cap, end);
}

/* Adds a C string to a fresh key log with fresh stats. */
static struct keylog *load(const char *text, struct keylog_stats *st)
{
	struct keylog *kl = keylog_new();
	assert_non_null(kl);
	memset(st, 0, sizeof *st);
	keylog_add_text(kl, (const uint8_t *)text, strlen(text), st);
	return kl;
}

/* What keylog.h promises of any stats: each line counted at most once; first bad line
 * named exactly when there is a malformed line; refusals are ignored lines. */
static void assert_stats_consistent(const struct keylog_stats *st)
{
	assert_true(st->lines >= st->entries_added + st->ignored + st->malformed);
	assert_true(st->refused <= st->ignored);
	if (st->malformed > 0) {
		assert_true(st->first_bad_line >= 1);
		assert_true(st->first_bad_line <= st->lines);
		assert_true(strlen(st->first_bad_why) > 0);
	} else {
		assert_int_equal(st->first_bad_line, 0);
		assert_string_equal(st->first_bad_why, "");
	}
}

/* A text of exactly one line that must be malformed, with a reason containing `why`. */
static void assert_one_malformed(const char *text, const char *why)
{
	struct keylog_stats st;
	struct keylog *kl = load(text, &st);
	assert_int_equal(st.lines, 1);
	assert_int_equal(st.malformed, 1);
	assert_int_equal(st.entries_added, 0);
	assert_int_equal(st.ignored, 0);
	assert_int_equal(st.first_bad_line, 1);
	if (strstr(st.first_bad_why, why) == NULL)
		fail_msg("reason \"%s\" does not contain \"%s\"", st.first_bad_why, why);
	assert_int_equal(keylog_count(kl), 0);
	assert_stats_consistent(&st);
	keylog_free(kl);
}

static const char *const tls13_labels[] = {
	"CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET", "CLIENT_TRAFFIC_SECRET_0",
	"SERVER_TRAFFIC_SECRET_0",         "CLIENT_EARLY_TRAFFIC_SECRET",     "EXPORTER_SECRET",
};
static const enum keylog_secret tls13_secrets[] = {
	KEYLOG_CLIENT_HANDSHAKE, KEYLOG_SERVER_HANDSHAKE, KEYLOG_CLIENT_TRAFFIC_0,
	KEYLOG_SERVER_TRAFFIC_0, KEYLOG_CLIENT_EARLY,     KEYLOG_EXPORTER,
};

/* ---- kept labels ---- */

static void test_every_label(void **state)
{
	(void)state;
	char text[4096] = "";
	uint8_t random[32], master[48], secrets[6][64];
	fill(random, sizeof random, 1);
	fill(master, sizeof master, 100);
	put_line(text, sizeof text, "CLIENT_RANDOM", random, master, 48, "\n");
	/* A TLS 1.3 connection's secrets: hash lengths 32 (SHA-256), 48 (SHA-384), 64. */
	static const size_t lens[6] = { 32, 48, 32, 48, 64, 32 };
	for (size_t k = 0; k < 6; k++) {
		fill(secrets[k], lens[k], (uint32_t)(200 + k));
		put_line(text, sizeof text, tls13_labels[k], random, secrets[k], lens[k], "\n");
	}
	struct keylog_stats st;
	struct keylog *kl = load(text, &st);
	assert_int_equal(st.lines, 7);
	assert_int_equal(st.entries_added, 7);
	assert_int_equal(st.ignored, 0);
	assert_int_equal(st.malformed, 0);
	assert_stats_consistent(&st);
	assert_int_equal(keylog_count(kl), 1);

	const struct keylog_entry *e = keylog_find(kl, random);
	assert_non_null(e);
	assert_memory_equal(e->client_random, random, 32);
	assert_int_equal(e->secret_len[KEYLOG_CLIENT_RANDOM], 48);
	assert_memory_equal(e->secret[KEYLOG_CLIENT_RANDOM], master, 48);
	for (size_t k = 0; k < 6; k++) {
		assert_int_equal(e->secret_len[tls13_secrets[k]], lens[k]);
		assert_memory_equal(e->secret[tls13_secrets[k]], secrets[k], lens[k]);
	}
	keylog_free(kl);
}

/* A TLS 1.3 connection logs some secrets only: the others stay absent. */
static void test_absent_secrets(void **state)
{
	(void)state;
	char text[1024] = "";
	uint8_t random[32], secret[32];
	fill(random, sizeof random, 2);
	fill(secret, sizeof secret, 3);
	put_line(text, sizeof text, "SERVER_TRAFFIC_SECRET_0", random, secret, 32, "\n");
	struct keylog_stats st;
	struct keylog *kl = load(text, &st);
	const struct keylog_entry *e = keylog_find(kl, random);
	assert_non_null(e);
	for (int k = 0; k < KEYLOG__COUNT; k++)
		assert_int_equal(e->secret_len[k], k == KEYLOG_SERVER_TRAFFIC_0 ? 32 : 0);
	keylog_free(kl);
}

/* ---- what real writers produce ---- */

static void test_crlf_comments_blank_lines(void **state)
{
	(void)state;
	char text[4096] = "";
	uint8_t r1[32], r2[32], s1[48], s2[32];
	fill(r1, 32, 10);
	fill(r2, 32, 11);
	fill(s1, 48, 12);
	fill(s2, 32, 13);
	put_str(text, sizeof text, "# SSL/TLS secrets log file, generated by OpenSSL\r\n"); /* line 1 */
	put_str(text, sizeof text, "\r\n");                                                 /* 2 */
	put_line(text, sizeof text, "CLIENT_RANDOM", r1, s1, 48, "\r\n");                  /* 3 */
	put_str(text, sizeof text, "   \t \n");                                             /* 4 */
	put_str(text, sizeof text, "  # indented comment with CLIENT_RANDOM zz\n");         /* 5 */
	put_str(text, sizeof text, "#\n");                                                  /* 6 */
	put_str(text, sizeof text, "\n");                                                   /* 7 */
	put_line(text, sizeof text, "EXPORTER_SECRET", r2, s2, 32, " \t\r\n");             /* 8 */
	put_str(text, sizeof text, "\n\n");                                                 /* 9, 10 */
	struct keylog_stats st;
	struct keylog *kl = load(text, &st);
	assert_int_equal(st.lines, 10);
	assert_int_equal(st.entries_added, 2);
	assert_int_equal(st.malformed, 0);
	assert_int_equal(st.ignored, 0);
	assert_stats_consistent(&st);
	const struct keylog_entry *e = keylog_find(kl, r1);
	assert_non_null(e);
	assert_memory_equal(e->secret[KEYLOG_CLIENT_RANDOM], s1, 48);
	e = keylog_find(kl, r2);
	assert_non_null(e);
	assert_int_equal(e->secret_len[KEYLOG_EXPORTER], 32);
	assert_memory_equal(e->secret[KEYLOG_EXPORTER], s2, 32);
	keylog_free(kl);
}

/* Fields separated by runs of spaces and tabs, and a line indented: taken. */
static void test_blank_runs(void **state)
{
	(void)state;
	char text[1024] = "\t CLIENT_RANDOM \t  ";
	uint8_t random[32], secret[48];
	fill(random, 32, 20);
	fill(secret, 48, 21);
	put_hex(text, sizeof text, random, 32, false);
	put_str(text, sizeof text, "\t\t");
	put_hex(text, sizeof text, secret, 48, false);
	put_str(text, sizeof text, "\n");
	struct keylog_stats st;
	struct keylog *kl = load(text, &st);
	assert_int_equal(st.entries_added, 1);
	assert_non_null(keylog_find(kl, random));
	keylog_free(kl);
}

static void test_hex_case(void **state)
{
	(void)state;
	uint8_t random[32], secret[48];
	fill(random, 32, 30);
	fill(secret, 48, 31);
	/* Upper case, lower case, and both mixed within each field. */
	char upper[1024] = "CLIENT_RANDOM ", lower[1024] = "CLIENT_RANDOM ", mixed[1024];
	put_hex(upper, sizeof upper, random, 32, true);
	put_str(upper, sizeof upper, " ");
	put_hex(upper, sizeof upper, secret, 48, true);
	put_hex(lower, sizeof lower, random, 32, false);
	put_str(lower, sizeof lower, " ");
	put_hex(lower, sizeof lower, secret, 48, false);
	memcpy(mixed, upper, sizeof mixed);
	for (size_t k = 14; mixed[k] != '\0'; k += 2)
		mixed[k] = lower[k];
	assert_string_not_equal(mixed, upper);
	assert_string_not_equal(mixed, lower);
	const char *texts[] = { upper, lower, mixed };
	for (size_t t = 0; t < 3; t++) {
		struct keylog_stats st;
		struct keylog *kl = load(texts[t], &st);
		assert_int_equal(st.entries_added, 1);
		const struct keylog_entry *e = keylog_find(kl, random);
		assert_non_null(e);
		assert_memory_equal(e->secret[KEYLOG_CLIENT_RANDOM], secret, 48);
		keylog_free(kl);
	}
}

/* A byte order mark (UTF-8 saved by Windows editors) before the first line. */
static void test_byte_order_mark(void **state)
{
	(void)state;
	char text[1024] = "\xef\xbb\xbf";
	uint8_t random[32], secret[48];
	fill(random, 32, 40);
	fill(secret, 48, 41);
	put_line(text, sizeof text, "CLIENT_RANDOM", random, secret, 48, "\n");
	struct keylog_stats st;
	struct keylog *kl = load(text, &st);
	assert_int_equal(st.lines, 1);
	assert_int_equal(st.entries_added, 1);
	assert_non_null(keylog_find(kl, random));
	keylog_free(kl);
}

/* ---- labels recognised and ignored ---- */

static void test_other_labels_ignored(void **state)
{
	(void)state;
	char text[4096] = "";
	uint8_t random[32], secret[48];
	fill(random, 32, 50);
	fill(secret, 48, 51);
	/* The old RSA form: first 8 bytes of the encrypted premaster, then the premaster. */
	put_str(text, sizeof text, "RSA 0123456789abcdef ");
	put_hex(text, sizeof text, secret, 48, false);
	put_str(text, sizeof text, "\n");
	put_line(text, sizeof text, "EARLY_EXPORTER_SECRET", random, secret, 32, "\n");
	put_line(text, sizeof text, "ECH_SECRET", random, secret, 32, "\n");
	put_str(text, sizeof text, "ECH_CONFIG ");
	put_hex(text, sizeof text, random, 32, false);
	put_str(text, sizeof text, " 0041fe0d003d2a00200020");
	put_str(text, sizeof text, "\n");
	put_str(text, sizeof text, "CLIENT_TRAFFIC_SECRET_1 not even hex\n");
	put_str(text, sizeof text, "FUTURE_LABEL_2 x\r\n");
	struct keylog_stats st;
	struct keylog *kl = load(text, &st);
	assert_int_equal(st.lines, 6);
	assert_int_equal(st.ignored, 6);
	assert_int_equal(st.refused, 0);
	assert_int_equal(st.malformed, 0);
	assert_int_equal(st.entries_added, 0);
	assert_int_equal(keylog_count(kl), 0);
	assert_null(keylog_find(kl, random));
	assert_stats_consistent(&st);
	keylog_free(kl);
}

/* ---- malformed lines ---- */

static void test_malformed_each(void **state)
{
	(void)state;
	uint8_t random[32], secret[65];
	fill(random, 32, 60);
	fill(secret, 65, 61);
	char line[1024];
	char rhex[65] = "", shex[200] = "";
	put_hex(rhex, sizeof rhex, random, 32, false);

	/* A byte that is not hex in the random, then in the secret. */
	snprintf(line, sizeof line, "CLIENT_RANDOM %.40sg%.23s ", rhex, rhex + 41);
	shex[0] = '\0';
	put_hex(shex, sizeof shex, secret, 48, false);
	put_str(line, sizeof line, shex);
	put_str(line, sizeof line, "\n");
	assert_one_malformed(line, "'g' at column 55 is not a hex digit (in the client random)");

	snprintf(line, sizeof line, "CLIENT_RANDOM %s %.95sZ\n", rhex, shex);
	assert_one_malformed(line, "'Z' at column 175 is not a hex digit (in the secret)");

	/* Odd number of digits. */
	snprintf(line, sizeof line, "CLIENT_RANDOM %s %.95s\n", rhex, shex);
	assert_one_malformed(line, "odd number of hex digits (95) in the secret");
	snprintf(line, sizeof line, "CLIENT_RANDOM %.63s %s\n", rhex, shex);
	assert_one_malformed(line, "odd number of hex digits (63) in the client random");

	/* A 31-byte and a 33-byte random. */
	snprintf(line, sizeof line, "CLIENT_RANDOM %.62s %s\n", rhex, shex);
	assert_one_malformed(line, "client random of 31 bytes, not 32");
	snprintf(line, sizeof line, "CLIENT_RANDOM %s00 %s\n", rhex, shex);
	assert_one_malformed(line, "client random of 33 bytes, not 32");

	/* A 49-byte and a 47-byte master secret. */
	snprintf(line, sizeof line, "CLIENT_RANDOM %s %sab\n", rhex, shex);
	assert_one_malformed(line, "CLIENT_RANDOM secret of 49 bytes, not 48");
	snprintf(line, sizeof line, "CLIENT_RANDOM %s %.94s\n", rhex, shex);
	assert_one_malformed(line, "CLIENT_RANDOM secret of 47 bytes, not 48");

	/* TLS 1.3 secrets of lengths no hash has, and one longer than any. */
	snprintf(line, sizeof line, "SERVER_TRAFFIC_SECRET_0 %s %.66s\n", rhex, shex);
	assert_one_malformed(line, "SERVER_TRAFFIC_SECRET_0 secret of 33 bytes, not 32, 48 or 64");
	snprintf(line, sizeof line, "EXPORTER_SECRET %s %.32s\n", rhex, shex);
	assert_one_malformed(line, "EXPORTER_SECRET secret of 16 bytes, not 32, 48 or 64");
	shex[0] = '\0';
	put_hex(shex, sizeof shex, secret, 65, false);
	snprintf(line, sizeof line, "CLIENT_EARLY_TRAFFIC_SECRET %s %s\n", rhex, shex);
	assert_one_malformed(line, "CLIENT_EARLY_TRAFFIC_SECRET secret of 65 bytes, not 32, 48 or 64");
	shex[96] = '\0';

	/* Missing fields. */
	snprintf(line, sizeof line, "CLIENT_RANDOM %s\n", rhex);
	assert_one_malformed(line, "missing secret after the client random");
	snprintf(line, sizeof line, "CLIENT_RANDOM %s  \r\n", rhex);
	assert_one_malformed(line, "missing secret after the client random");
	assert_one_malformed("CLIENT_RANDOM\n", "CLIENT_RANDOM without fields");
	assert_one_malformed("CLIENT_RANDOM \n", "CLIENT_RANDOM without fields");
	assert_one_malformed("SOMETHING\n", "label without fields");

	/* An extra field. */
	snprintf(line, sizeof line, "CLIENT_RANDOM %s %s 00\n", rhex, shex);
	assert_one_malformed(line, "extra field at column 177 after the secret");

	/* Labels not made of A-Z 0-9 _ (lower case, a dash, a NUL). */
	snprintf(line, sizeof line, "client_random %s %s\n", rhex, shex);
	assert_one_malformed(line, "'c' at column 1 in the label");
	snprintf(line, sizeof line, "CLIENT-RANDOM %s %s\n", rhex, shex);
	assert_one_malformed(line, "'-' at column 7 in the label");
	assert_one_malformed("=== not a key log ===\n", "'=' at column 1 in the label");
}

/* NUL bytes and other binary where text belongs (strlen cannot build these). */
static void test_nul_bytes(void **state)
{
	(void)state;
	uint8_t random[32], secret[48];
	fill(random, 32, 70);
	fill(secret, 48, 71);
	char good[1024] = "";
	put_line(good, sizeof good, "CLIENT_RANDOM", random, secret, 48, "\n");
	size_t n = strlen(good);

	struct {
		size_t at;
		const char *why;
	} cases[] = {
		{ 0, "0x00 at column 1 in the label" },
		{ 5, "0x00 at column 6 in the label" },
		{ 20, "0x00 at column 21 is not a hex digit (in the client random)" },
		{ 100, "0x00 at column 101 is not a hex digit (in the secret)" },
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		uint8_t *text = malloc(n);
		assert_non_null(text);
		memcpy(text, good, n);
		text[cases[c].at] = 0;
		struct keylog *kl = keylog_new();
		assert_non_null(kl);
		struct keylog_stats st;
		memset(&st, 0, sizeof st);
		keylog_add_text(kl, text, n, &st);
		assert_int_equal(st.lines, 1);
		assert_int_equal(st.malformed, 1);
		assert_int_equal(st.first_bad_line, 1);
		if (strstr(st.first_bad_why, cases[c].why) == NULL)
			fail_msg("reason \"%s\" does not contain \"%s\"", st.first_bad_why, cases[c].why);
		keylog_free(kl);
		free(text);
	}

	/* A NUL inside a comment is the comment's business. */
	uint8_t comment[] = { '#', ' ', 0, 'x', '\n' };
	struct keylog *kl = keylog_new();
	assert_non_null(kl);
	struct keylog_stats st;
	memset(&st, 0, sizeof st);
	keylog_add_text(kl, comment, sizeof comment, &st);
	assert_int_equal(st.lines, 1);
	assert_int_equal(st.malformed, 0);
	/* Binary: every line malformed, none fatal. */
	uint8_t binary[600];
	fill(binary, sizeof binary, 72);
	keylog_add_text(kl, binary, sizeof binary, &st);
	assert_true(st.malformed >= 1);
	assert_int_equal(st.first_bad_line, 2);
	assert_stats_consistent(&st);
	keylog_free(kl);
}

static void test_line_length_bound(void **state)
{
	(void)state;
	uint8_t random[32], secret[48];
	fill(random, 32, 80);
	fill(secret, 48, 81);
	char text[4096] = "";
	/* Padded with trailing blanks to exactly 1024 bytes before its CRLF: taken. */
	put_line(text, sizeof text, "CLIENT_RANDOM", random, secret, 48, "");
	while (strlen(text) < 1024)
		put_str(text, sizeof text, " ");
	put_str(text, sizeof text, "\r\n");
	struct keylog_stats st;
	struct keylog *kl = load(text, &st);
	assert_int_equal(st.entries_added, 1);
	assert_int_equal(st.malformed, 0);
	keylog_free(kl);

	/* 1025 bytes: refused as a whole, and the next line still read. */
	text[0] = '\0';
	put_line(text, sizeof text, "CLIENT_RANDOM", random, secret, 48, "");
	while (strlen(text) < 1025)
		put_str(text, sizeof text, " ");
	put_str(text, sizeof text, "\n");
	uint8_t r2[32];
	fill(r2, 32, 82);
	put_line(text, sizeof text, "CLIENT_RANDOM", r2, secret, 48, "\n");
	kl = load(text, &st);
	assert_int_equal(st.lines, 2);
	assert_int_equal(st.malformed, 1);
	assert_int_equal(st.first_bad_line, 1);
	assert_string_equal(st.first_bad_why, "line of 1025 bytes (at most 1024)");
	assert_int_equal(st.entries_added, 1);
	assert_null(keylog_find(kl, random));
	assert_non_null(keylog_find(kl, r2));
	keylog_free(kl);

	/* A megabyte without a line end. */
	size_t big = (size_t)1024 * 1024;
	uint8_t *blob = malloc(big);
	assert_non_null(blob);
	memset(blob, 'A', big);
	kl = keylog_new();
	assert_non_null(kl);
	memset(&st, 0, sizeof st);
	keylog_add_text(kl, blob, big, &st);
	assert_int_equal(st.lines, 1);
	assert_int_equal(st.malformed, 1);
	assert_string_equal(st.first_bad_why, "line of 1048576 bytes (at most 1024)");
	keylog_free(kl);
	free(blob);
}

/* The last line without a newline: taken when whole, malformed when cut short. */
static void test_last_line_without_newline(void **state)
{
	(void)state;
	uint8_t r1[32], r2[32], secret[48];
	fill(r1, 32, 90);
	fill(r2, 32, 91);
	fill(secret, 48, 92);
	char text[1024] = "";
	put_line(text, sizeof text, "CLIENT_RANDOM", r1, secret, 48, "\n");
	put_line(text, sizeof text, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", r2, secret, 48, "");
	struct keylog_stats st;
	struct keylog *kl = load(text, &st);
	assert_int_equal(st.lines, 2);
	assert_int_equal(st.entries_added, 2);
	assert_non_null(keylog_find(kl, r2));
	keylog_free(kl);

	/* Cut 3 digits short: a writer still appending when the file was read. */
	text[strlen(text) - 3] = '\0';
	kl = load(text, &st);
	assert_int_equal(st.lines, 2);
	assert_int_equal(st.entries_added, 1);
	assert_int_equal(st.malformed, 1);
	assert_int_equal(st.first_bad_line, 2);
	assert_string_equal(st.first_bad_why, "odd number of hex digits (93) in the secret");
	assert_null(keylog_find(kl, r2));
	keylog_free(kl);
}

/* Counts over a mix, and the first bad line among several. */
static void test_counts_first_bad_line(void **state)
{
	(void)state;
	uint8_t random[32], secret[48];
	char text[8192] = "# header\n";                                           /* 1 */
	for (uint32_t k = 0; k < 4; k++) {                                       /* 2..5 */
		fill(random, 32, 100 + k);
		fill(secret, 48, 200 + k);
		put_line(text, sizeof text, "CLIENT_RANDOM", random, secret, 48, "\n");
	}
	put_str(text, sizeof text, "RSA 0011223344556677 00\n");                 /* 6 */
	put_str(text, sizeof text, "\n");                                        /* 7 */
	put_str(text, sizeof text, "CLIENT_RANDOM 00 00\n");                     /* 8: first bad */
	put_str(text, sizeof text, "ECH_SECRET 00 00\n");                        /* 9 */
	put_str(text, sizeof text, "CLIENT_RANDOM\n");                           /* 10 */
	put_str(text, sizeof text, "lower case\n");                              /* 11 */
	struct keylog_stats st;
	struct keylog *kl = load(text, &st);
	assert_int_equal(st.lines, 11);
	assert_int_equal(st.entries_added, 4);
	assert_int_equal(st.ignored, 2);
	assert_int_equal(st.malformed, 3);
	assert_int_equal(st.first_bad_line, 8);
	assert_string_equal(st.first_bad_why, "client random of 1 bytes, not 32");
	assert_int_equal(keylog_count(kl), 4);
	assert_stats_consistent(&st);
	keylog_free(kl);
}

/* ---- duplicates, lookups, size ---- */

static void test_duplicates_later_wins(void **state)
{
	(void)state;
	uint8_t random[32], first[48], second[48], hs1[32], hs2[48];
	fill(random, 32, 300);
	fill(first, 48, 301);
	fill(second, 48, 302);
	fill(hs1, 32, 303);
	fill(hs2, 48, 304);
	char text[4096] = "";
	put_line(text, sizeof text, "CLIENT_RANDOM", random, first, 48, "\n");
	put_line(text, sizeof text, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", random, hs2, 48, "\n");
	put_line(text, sizeof text, "CLIENT_RANDOM", random, second, 48, "\n");
	/* A shorter secret replacing a longer one leaves nothing of the longer behind. */
	put_line(text, sizeof text, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", random, hs1, 32, "\n");
	struct keylog_stats st;
	struct keylog *kl = load(text, &st);
	assert_int_equal(st.entries_added, 4);
	assert_int_equal(keylog_count(kl), 1);
	const struct keylog_entry *e = keylog_find(kl, random);
	assert_non_null(e);
	assert_memory_equal(e->secret[KEYLOG_CLIENT_RANDOM], second, 48);
	assert_int_equal(e->secret_len[KEYLOG_CLIENT_HANDSHAKE], 32);
	assert_memory_equal(e->secret[KEYLOG_CLIENT_HANDSHAKE], hs1, 32);
	static const uint8_t zeros[32];
	assert_memory_equal(e->secret[KEYLOG_CLIENT_HANDSHAKE] + 32, zeros, 32);

	/* A malformed repeat does not erase what was logged. */
	char bad[256];
	snprintf(bad, sizeof bad, "CLIENT_RANDOM %.64s 00\n", strchr(text, ' ') + 1);
	keylog_add_text(kl, (const uint8_t *)bad, strlen(bad), &st);
	assert_int_equal(st.malformed, 1);
	assert_int_equal(st.first_bad_line, 5);
	assert_ptr_equal(keylog_find(kl, random), e);
	assert_memory_equal(e->secret[KEYLOG_CLIENT_RANDOM], second, 48);
	keylog_free(kl);
}

static void test_lookups_that_miss(void **state)
{
	(void)state;
	uint8_t random[32], other[32], secret[48];
	fill(random, 32, 400);
	fill(secret, 48, 401);
	struct keylog *empty = keylog_new();
	assert_non_null(empty);
	assert_null(keylog_find(empty, random));
	assert_int_equal(keylog_count(empty), 0);
	assert_null(keylog_find(NULL, random));
	assert_int_equal(keylog_count(NULL), 0);
	keylog_free(empty);
	keylog_free(NULL);

	char text[1024] = "";
	put_line(text, sizeof text, "CLIENT_RANDOM", random, secret, 48, "\n");
	struct keylog_stats st;
	struct keylog *kl = load(text, &st);
	/* Off by one bit in the first byte, in the last byte; the secret as a random. */
	memcpy(other, random, 32);
	other[0] ^= 1;
	assert_null(keylog_find(kl, other));
	memcpy(other, random, 32);
	other[31] ^= 0x80;
	assert_null(keylog_find(kl, other));
	assert_null(keylog_find(kl, secret));
	assert_non_null(keylog_find(kl, random));
	keylog_free(kl);
}

/* 100,000 connections (the table doubles many times): every one found, with its secret. */
static void test_many_entries(void **state)
{
	(void)state;
	const uint32_t n = 100000;
	size_t line_len = strlen("CLIENT_RANDOM ") + 64 + 1 + 96 + 1;
	size_t cap = (size_t)n * line_len + 1;
	char *text = malloc(cap);
	assert_non_null(text);
	text[0] = '\0';
	size_t at = 0;
	uint8_t random[32], secret[48];
	for (uint32_t k = 0; k < n; k++) {
		fill(random, 32, k);
		fill(secret, 48, k ^ 0x55555555u);
		/* Built in place: put_line would rescan the growing text. */
		char line[256] = "";
		put_line(line, sizeof line, "CLIENT_RANDOM", random, secret, 48, "\n");
		memcpy(text + at, line, line_len);
		at += line_len;
	}
	struct keylog *kl = keylog_new();
	assert_non_null(kl);
	struct keylog_stats st;
	memset(&st, 0, sizeof st);
	keylog_add_text(kl, (const uint8_t *)text, at, &st);
	free(text);
	assert_int_equal(st.lines, n);
	assert_int_equal(st.entries_added, n);
	assert_int_equal(st.malformed, 0);
	assert_int_equal(keylog_count(kl), n);
	for (uint32_t k = 0; k < n; k++) {
		fill(random, 32, k);
		fill(secret, 48, k ^ 0x55555555u);
		const struct keylog_entry *e = keylog_find(kl, random);
		if (e == NULL)
			fail_msg("connection %u not found", k);
		assert_memory_equal(e->client_random, random, 32);
		assert_memory_equal(e->secret[KEYLOG_CLIENT_RANDOM], secret, 48);
	}
	fill(random, 32, n);
	assert_null(keylog_find(kl, random));
	keylog_free(kl);
}

/* ---- several texts ---- */

static void test_two_texts(void **state)
{
	(void)state;
	uint8_t r1[32], r2[32], s1[48], s2[32], s3[48];
	fill(r1, 32, 500);
	fill(r2, 32, 501);
	fill(s1, 48, 502);
	fill(s2, 32, 503);
	fill(s3, 48, 504);
	char a[1024] = "# first\n", b[1024] = "";
	put_line(a, sizeof a, "CLIENT_RANDOM", r1, s1, 48, "\n");
	put_str(a, sizeof a, "\n"); /* 3 lines */
	put_line(b, sizeof b, "SERVER_HANDSHAKE_TRAFFIC_SECRET", r2, s2, 32, "\n");
	put_str(b, sizeof b, "CLIENT_RANDOM zz\n"); /* line 5 overall */
	put_line(b, sizeof b, "CLIENT_RANDOM", r1, s3, 48, "");

	struct keylog *kl = keylog_new();
	assert_non_null(kl);
	struct keylog_stats st;
	memset(&st, 0, sizeof st);
	keylog_add_text(kl, (const uint8_t *)a, strlen(a), &st);
	assert_int_equal(st.lines, 3);
	assert_int_equal(st.malformed, 0);
	keylog_add_text(kl, (const uint8_t *)b, strlen(b), &st);
	assert_int_equal(st.lines, 6);
	assert_int_equal(st.entries_added, 3);
	assert_int_equal(st.malformed, 1);
	assert_int_equal(st.first_bad_line, 5);
	assert_string_equal(st.first_bad_why, "'z' at column 15 is not a hex digit (in the client random)");
	assert_int_equal(keylog_count(kl), 2);
	/* The second text's line for r1 replaced the first's. */
	assert_memory_equal(keylog_find(kl, r1)->secret[KEYLOG_CLIENT_RANDOM], s3, 48);
	assert_non_null(keylog_find(kl, r2));
	/* An empty text adds nothing, not even a line; NULL stats are allowed. */
	keylog_add_text(kl, (const uint8_t *)"", 0, &st);
	keylog_add_text(kl, NULL, 0, &st);
	assert_int_equal(st.lines, 6);
	keylog_add_text(kl, (const uint8_t *)b, strlen(b), NULL);
	assert_int_equal(keylog_count(kl), 2);
	assert_stats_consistent(&st);
	keylog_free(kl);
}

/* Every prefix of a valid log, from an exactly sized heap copy: never a read past the
 * text, every line counted once, and what was added is a whole line's secret. */
static void test_every_prefix(void **state)
{
	(void)state;
	uint8_t random[32], master[48], secret[48];
	fill(random, 32, 600);
	fill(master, 48, 601);
	fill(secret, 48, 602);
	char text[2048] = "# comment\r\n";
	put_line(text, sizeof text, "CLIENT_RANDOM", random, master, 48, "\r\n");
	put_line(text, sizeof text, "SERVER_TRAFFIC_SECRET_0", random, secret, 48, "\n");
	put_str(text, sizeof text, "RSA 0011223344556677 00\n");
	size_t n = strlen(text);
	for (size_t len = 0; len <= n; len++) {
		uint8_t *copy = malloc(len ? len : 1);
		assert_non_null(copy);
		memcpy(copy, text, len);
		struct keylog *kl = keylog_new();
		assert_non_null(kl);
		struct keylog_stats st;
		memset(&st, 0, sizeof st);
		keylog_add_text(kl, copy, len, &st);
		size_t lines = 0;
		for (size_t k = 0; k < len; k++)
			lines += text[k] == '\n';
		if (len > 0 && text[len - 1] != '\n')
			lines++;
		assert_int_equal(st.lines, lines);
		assert_stats_consistent(&st);
		const struct keylog_entry *e = keylog_find(kl, random);
		if (e != NULL) {
			assert_int_equal(e->secret_len[KEYLOG_CLIENT_RANDOM], 48);
			assert_memory_equal(e->secret[KEYLOG_CLIENT_RANDOM], master, 48);
			if (e->secret_len[KEYLOG_SERVER_TRAFFIC_0] != 0) {
				/* A cut at 32 bytes of a 48-byte secret looks whole (see keylog.h). */
				size_t sl = e->secret_len[KEYLOG_SERVER_TRAFFIC_0];
				assert_true(sl == 32 || sl == 48);
				assert_memory_equal(e->secret[KEYLOG_SERVER_TRAFFIC_0], secret, sl);
			}
		}
		keylog_free(kl);
		free(copy);
	}
}

/* ---- files ---- */

static void test_load_file(void **state)
{
	(void)state;
	uint8_t random[32], secret[48];
	fill(random, 32, 700);
	fill(secret, 48, 701);
	char text[1024] = "# SSL/TLS secrets log file\n";
	put_line(text, sizeof text, "CLIENT_RANDOM", random, secret, 48, "\n");
	put_str(text, sizeof text, "bad line\n");

	char path[] = "/tmp/test_keylog.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(close(fd), 0);

	struct keylog *kl = keylog_new();
	assert_non_null(kl);
	struct keylog_stats st;
	memset(&st, 0, sizeof st);
	char err[128] = "unchanged";
	assert_true(keylog_load_file(kl, path, &st, err, sizeof err));
	assert_string_equal(err, "");
	assert_int_equal(st.lines, 3);
	assert_int_equal(st.entries_added, 1);
	assert_int_equal(st.malformed, 1);
	assert_int_equal(st.first_bad_line, 3);
	const struct keylog_entry *e = keylog_find(kl, random);
	assert_non_null(e);
	assert_memory_equal(e->secret[KEYLOG_CLIENT_RANDOM], secret, 48);

	/* The same file again: line numbers go on, the secret is replaced by itself. */
	assert_true(keylog_load_file(kl, path, &st, err, sizeof err));
	assert_int_equal(st.lines, 6);
	assert_int_equal(st.first_bad_line, 3);
	assert_int_equal(keylog_count(kl), 1);
	assert_true(keylog_load_file(kl, path, NULL, NULL, 0));
	assert_int_equal(unlink(path), 0);

	/* A file that does not exist, a directory, standard input. */
	assert_false(keylog_load_file(kl, path, &st, err, sizeof err));
	assert_string_equal(err, "No such file or directory");
	assert_false(keylog_load_file(kl, "/tmp", &st, err, sizeof err));
	assert_string_equal(err, "Is a directory");
	assert_false(keylog_load_file(kl, "-", &st, err, sizeof err));
	assert_string_equal(err, "standard input is for captures; name the key log file");
	/* An error text that does not fit is cut, still terminated. */
	char small[8];
	assert_false(keylog_load_file(kl, "/tmp", &st, small, sizeof small));
	assert_string_equal(small, "Is a di");
	assert_int_equal(st.lines, 6);
	assert_int_equal(keylog_count(kl), 1);

	/* An empty file is a key log of no lines. */
	snprintf(path, sizeof path, "/tmp/test_keylog.XXXXXX"); /* mkstemp filled in the X's */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(close(fd), 0);
	assert_true(keylog_load_file(kl, path, &st, err, sizeof err));
	assert_int_equal(st.lines, 6);
	assert_int_equal(unlink(path), 0);
	keylog_free(kl);
}

/* A pipe (process substitution, /dev/stdin named explicitly) is read to its end. */
static void test_load_fifo_like(void **state)
{
	(void)state;
	struct keylog *kl = keylog_new();
	assert_non_null(kl);
	struct keylog_stats st;
	memset(&st, 0, sizeof st);
	char err[128];
	/* /dev/null: a character device that reads empty. */
	assert_true(keylog_load_file(kl, "/dev/null", &st, err, sizeof err));
	assert_int_equal(st.lines, 0);
	keylog_free(kl);
}

/* A log a client appends to while it is followed: a line written in two pieces counts
 * once its newline is there, never as malformed. */
static void test_follow(void **state)
{
	(void)state;
	char path[] = "/tmp/test_keylog_follow.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	uint8_t r1[32], r2[32], s[48];
	memset(r1, 0x11, sizeof r1);
	memset(r2, 0x22, sizeof r2);
	memset(s, 0x33, sizeof s);
	char one[256] = "", two[256] = "";
	put_line(one, sizeof one, "CLIENT_RANDOM", r1, s, 48, "\n");
	put_line(two, sizeof two, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", r2, s, 32, "\n");
	assert_int_equal(write(fd, one, strlen(one)), (ssize_t)strlen(one));
	struct keylog *kl = keylog_new();
	struct keylog_stats st;
	memset(&st, 0, sizeof st);
	char err[128];
	struct keylog_follow *fw = keylog_follow_open(kl, path, &st, err, sizeof err);
	assert_non_null(fw);
	assert_int_equal(keylog_count(kl), 1);
	/* Half of the second line: waits. */
	size_t half = strlen(two) / 2;
	assert_int_equal(write(fd, two, half), (ssize_t)half);
	keylog_follow_poll(fw);
	assert_int_equal(keylog_count(kl), 1);
	assert_null(keylog_find(kl, r2));
	/* The rest: found. */
	assert_int_equal(write(fd, two + half, strlen(two) - half), (ssize_t)(strlen(two) - half));
	keylog_follow_poll(fw);
	assert_int_equal(keylog_count(kl), 2);
	assert_non_null(keylog_find(kl, r2));
	assert_int_equal(st.malformed, 0);
	keylog_follow_poll(fw); /* nothing new */
	assert_int_equal(st.lines, 2);
	keylog_follow_close(fw);
	keylog_free(kl);
	assert_null(keylog_follow_open(NULL, "/nonexistent/keylog", &st, err, sizeof err));
	close(fd);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_label),
		cmocka_unit_test(test_absent_secrets),
		cmocka_unit_test(test_crlf_comments_blank_lines),
		cmocka_unit_test(test_blank_runs),
		cmocka_unit_test(test_hex_case),
		cmocka_unit_test(test_byte_order_mark),
		cmocka_unit_test(test_other_labels_ignored),
		cmocka_unit_test(test_malformed_each),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_line_length_bound),
		cmocka_unit_test(test_last_line_without_newline),
		cmocka_unit_test(test_counts_first_bad_line),
		cmocka_unit_test(test_duplicates_later_wins),
		cmocka_unit_test(test_lookups_that_miss),
		cmocka_unit_test(test_many_entries),
		cmocka_unit_test(test_two_texts),
		cmocka_unit_test(test_every_prefix),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_load_fifo_like),
		cmocka_unit_test(test_follow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
