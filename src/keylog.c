/*
 * keylog.c — key log (SSLKEYLOGFILE) lines to secrets keyed by client random (keylog.h).
 *
 * Sits beside the pipeline, not in it: the key log is read once before the captures, and
 * the TLS layer looks secrets up by the random of each ClientHello it meets. The text is
 * untrusted (customers send it with their captures), so it is read line by line through
 * the bounded reader (bytes.h); every line is counted as added, ignored or malformed, and
 * the first malformed line is named with its reason. Nothing here decrypts.
 *
 * Storage: entries live in fixed-size chunks, so a pointer handed out by keylog_find
 * stays valid while the table grows; an open-addressing table of entry indexes, at most
 * half full and doubled when needed, finds them by a seeded hash of the whole random.
 */
#include "keylog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bytes.h"

/*
 * Bounds in the style of include/bounds.h, kept with their only user.
 *
 * Connections held. An entry is about 490 bytes (seven secrets of up to 64 bytes), so
 * the bound is about 1 GiB. A browser logs tens of thousands of connections a day, a
 * load test a few million; a whole BOUND_KEYLOG_FILE_BYTES file of the shortest lines
 * (146 bytes) holds at most 1.8 million. Past it, lines of new connections are refused
 * (counted as ignored); secrets of connections already held are still taken.
 */
#define BOUND_KEYLOG_ENTRIES 2000000u

/* A line, without its line end. Real lines are under 300 bytes (the longest label, 64
 * hex digits of random, 128 of a 64-byte secret); more is not a key log line. */
#define BOUND_KEYLOG_LINE 1024u

/* A key log file: a year of a browser's connections is tens of MiB. */
#define BOUND_KEYLOG_FILE_BYTES ((size_t)256 * 1024 * 1024)

/* Entries per chunk: small logs (one capture's handful of connections) stay small. */
#define ENTRIES_PER_CHUNK 256u

/* Slots of a new table; always a power of two, at least twice the entries held. */
#define INITIAL_SLOTS 256u

struct keylog {
	struct keylog_entry **chunks; /* n_chunks arrays of ENTRIES_PER_CHUNK entries */
	size_t n_chunks;
	size_t chunks_cap;
	size_t n_entries;
	uint32_t *slots;              /* entry index + 1; 0: empty */
	size_t n_slots;
	uint64_t seed;
};

/* The labels kept (RFC 9850 section 3 and NSS "Key Log Format"); their secrets' sizes
 * are checked in secret_length_ok. */
static const struct {
	const char *label;
	enum keylog_secret which;
} kept_labels[] = {
	{ "CLIENT_RANDOM", KEYLOG_CLIENT_RANDOM },
	{ "CLIENT_HANDSHAKE_TRAFFIC_SECRET", KEYLOG_CLIENT_HANDSHAKE },
	{ "SERVER_HANDSHAKE_TRAFFIC_SECRET", KEYLOG_SERVER_HANDSHAKE },
	{ "CLIENT_TRAFFIC_SECRET_0", KEYLOG_CLIENT_TRAFFIC_0 },
	{ "SERVER_TRAFFIC_SECRET_0", KEYLOG_SERVER_TRAFFIC_0 },
	{ "CLIENT_EARLY_TRAFFIC_SECRET", KEYLOG_CLIENT_EARLY },
	{ "EXPORTER_SECRET", KEYLOG_EXPORTER },
};

size_t keylog_entry_format(const struct keylog_entry *e, char *buf, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t k = 0;
	if (len > 0)
		buf[0] = '\0';
	for (size_t i = 0; i < sizeof kept_labels / sizeof kept_labels[0]; i++) {
		enum keylog_secret which = kept_labels[i].which;
		size_t n = e->secret_len[which];
		size_t need = strlen(kept_labels[i].label) + 1 + 64 + 1 + 2 * n + 1;
		if (n == 0 || k + need + 1 > len)
			continue;
		k += (size_t)snprintf(buf + k, len - k, "%s ", kept_labels[i].label);
		for (size_t b = 0; b < 32; b++) {
			uint8_t byte = e->client_random[b]; // reader-lint: decoded by parse_line, not input bytes
			buf[k++] = hex[byte >> 4];
			buf[k++] = hex[byte & 15];
		}
		buf[k++] = ' ';
		for (size_t b = 0; b < n; b++) {
			uint8_t byte = e->secret[which][b]; // reader-lint: decoded by parse_line, not input bytes
			buf[k++] = hex[byte >> 4];
			buf[k++] = hex[byte & 15];
		}
		buf[k++] = '\n';
		buf[k] = '\0';
	}
	return k;
}

/* ---- the table ---- */

/* splitmix64's finaliser: a bijection that spreads every input bit over the output. */
static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9u;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebu;
	x ^= x >> 31;
	return x;
}

/*
 * A client random is random, so any 8 of its bytes would spread well; but a key log is
 * input, and one crafted to pile its lines into one run of slots would make loading
 * quadratic. So all 32 bytes go through a chain of mixes started from a per-table seed
 * the input cannot see.
 */
static uint64_t random_hash(const struct keylog *kl, const uint8_t client_random[32])
{
	uint64_t h = kl->seed;
	for (size_t i = 0; i < 32; i += 8) {
		uint64_t word;
		memcpy(&word, client_random + i, sizeof word);
		h = mix64(h ^ word);
	}
	return h;
}

/* The seed: the table's address (ASLR) and the clock; no system call that a sandbox
 * installed before loading might forbid. */
static uint64_t table_seed(const struct keylog *kl)
{
	struct timespec now = { 0, 0 };
	(void)clock_gettime(CLOCK_MONOTONIC, &now);
	uint64_t t = (uint64_t)now.tv_sec << 32 ^ (uint64_t)now.tv_nsec;
	return mix64((uint64_t)(uintptr_t)kl ^ mix64(t));
}

static struct keylog_entry *entry_at(const struct keylog *kl, size_t index)
{
	return &kl->chunks[index / ENTRIES_PER_CHUNK][index % ENTRIES_PER_CHUNK];
}

/* The slot holding client_random (*found) or the empty slot where it would go. Ends
 * because the table is never more than half full. */
static size_t find_slot(const struct keylog *kl, const uint8_t client_random[32], bool *found)
{
	size_t mask = kl->n_slots - 1;
	size_t i = (size_t)(random_hash(kl, client_random) & mask);
	for (;;) {
		uint32_t s = kl->slots[i];
		if (s == 0) {
			*found = false;
			return i;
		}
		if (memcmp(entry_at(kl, s - 1u)->client_random, client_random, 32) == 0) {
			*found = true;
			return i;
		}
		i = (i + 1) & mask;
	}
}

/* Doubles the slots and places every entry again; false (table unchanged) without memory. */
static bool grow_slots(struct keylog *kl)
{
	size_t n_slots = kl->n_slots * 2;
	uint32_t *slots = calloc(n_slots, sizeof *slots);
	if (slots == NULL)
		return false;
	uint32_t *old = kl->slots;
	kl->slots = slots;
	kl->n_slots = n_slots;
	for (size_t e = 0; e < kl->n_entries; e++) {
		bool found;
		size_t i = find_slot(kl, entry_at(kl, e)->client_random, &found);
		kl->slots[i] = (uint32_t)(e + 1);
	}
	free(old);
	return true;
}

/* A zeroed entry at index n_entries, in a new chunk when the last one is full. */
static struct keylog_entry *new_entry(struct keylog *kl)
{
	if (kl->n_entries == kl->n_chunks * ENTRIES_PER_CHUNK) {
		if (kl->n_chunks == kl->chunks_cap) {
			size_t cap = kl->chunks_cap ? kl->chunks_cap * 2 : 16;
			struct keylog_entry **chunks = realloc(kl->chunks, cap * sizeof(struct keylog_entry *));
			if (chunks == NULL)
				return NULL;
			kl->chunks = chunks;
			kl->chunks_cap = cap;
		}
		struct keylog_entry *chunk = calloc(ENTRIES_PER_CHUNK, sizeof *chunk);
		if (chunk == NULL)
			return NULL;
		kl->chunks[kl->n_chunks++] = chunk;
	}
	return entry_at(kl, kl->n_entries);
}

enum store_result { STORE_OK, STORE_FULL, STORE_NO_MEMORY };

/* Sets one secret of a connection, making its entry when it is new. */
static enum store_result store_secret(struct keylog *kl, const uint8_t client_random[32], enum keylog_secret which,
				      const uint8_t *secret, size_t secret_len)
{
	bool found;
	size_t i = find_slot(kl, client_random, &found);
	struct keylog_entry *e;
	if (found) {
		e = entry_at(kl, kl->slots[i] - 1u);
	} else {
		if (kl->n_entries >= BOUND_KEYLOG_ENTRIES)
			return STORE_FULL;
		if ((kl->n_entries + 1) * 2 > kl->n_slots) {
			if (!grow_slots(kl))
				return STORE_NO_MEMORY;
			i = find_slot(kl, client_random, &found);
		}
		e = new_entry(kl);
		if (e == NULL)
			return STORE_NO_MEMORY;
		memcpy(e->client_random, client_random, 32);
		kl->slots[i] = (uint32_t)(kl->n_entries + 1);
		kl->n_entries++;
	}
	/* A later line for the same connection and label replaces the earlier one: a key log
	 * appended to over several runs (or a capture's secrets block plus the file) can log
	 * a random twice, and the last run is the one most likely captured. */
	memset(e->secret[which], 0, sizeof e->secret[which]);
	memcpy(e->secret[which], secret, secret_len); // reader-lint: decoded from hex by parse_line, not input bytes
	e->secret_len[which] = (uint8_t)secret_len;
	return STORE_OK;
}

struct keylog *keylog_new(void)
{
	struct keylog *kl = calloc(1, sizeof *kl);
	if (kl == NULL)
		return NULL;
	kl->n_slots = INITIAL_SLOTS;
	kl->slots = calloc(kl->n_slots, sizeof *kl->slots);
	if (kl->slots == NULL) {
		free(kl);
		return NULL;
	}
	kl->seed = table_seed(kl);
	return kl;
}

const struct keylog_entry *keylog_find(const struct keylog *kl, const uint8_t client_random[32])
{
	if (kl == NULL || client_random == NULL)
		return NULL;
	bool found;
	size_t i = find_slot(kl, client_random, &found);
	return found ? entry_at(kl, kl->slots[i] - 1u) : NULL;
}

size_t keylog_count(const struct keylog *kl)
{
	return kl ? kl->n_entries : 0;
}

void keylog_free(struct keylog *kl)
{
	if (kl == NULL)
		return;
	for (size_t c = 0; c < kl->n_chunks; c++)
		free(kl->chunks[c]);
	free(kl->chunks);
	free(kl->slots);
	free(kl);
}

/* ---- lines ---- */

/* What one line is. */
enum line_kind {
	LINE_BLANK,     /* empty, blanks only, or a comment */
	LINE_SECRET,    /* a kept label with a well-formed random and secret */
	LINE_OTHER,     /* another upper-case label: recognised, not kept */
	LINE_MALFORMED, /* why says what */
};

struct parsed_line {
	enum keylog_secret which;
	uint8_t client_random[32];
	uint8_t secret[KEYLOG_SECRET_MAX];
	size_t secret_len;
};

static bool is_blank(uint8_t c)
{
	return c == ' ' || c == '\t';
}

static bool is_label_char(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* A byte as a reason shows it: 'x' when printable, 0xNN otherwise (NUL, controls, UTF-8). */
static const char *show_byte(uint8_t c, char buf[8])
{
	if (c > 0x20 && c < 0x7f)
		snprintf(buf, 8, "'%c'", c);
	else
		snprintf(buf, 8, "0x%02x", c);
	return buf;
}

static void skip_blanks(struct reader *line)
{
	uint8_t c;
	while (rd_peek_u8(line, 0, &c) && is_blank(c)) {
		if (!rd_skip(line, 1))
			return;
	}
}

/* 1-based column of the line reader's next byte. */
static size_t column(const struct reader *line, size_t line_start)
{
	return rd_offset(line) - line_start + 1;
}

/*
 * One field of hex digits, up to a blank or the line's end, into out (cap bytes).
 * *n_bytes is the field's length in bytes even when it exceeds cap (then out holds the
 * first cap bytes), so a wrong length can be reported as it is. false on a byte that is
 * not a hex digit or an odd number of digits, with why set.
 */
static bool read_hex_field(struct reader *line, size_t line_start, const char *what, uint8_t *out, size_t cap,
			   size_t *n_bytes, char *why, size_t why_len)
{
	size_t digits = 0;
	unsigned high = 0;
	uint8_t c;
	while (rd_peek_u8(line, 0, &c) && !is_blank(c)) {
		size_t col = column(line, line_start);
		if (!rd_skip(line, 1))
			break;
		int v = hex_digit_value(c);
		if (v < 0) {
			char shown[8];
			snprintf(why, why_len, "%s at column %zu is not a hex digit (in the %s)", show_byte(c, shown),
				 col, what);
			return false;
		}
		if (digits % 2 == 0)
			high = (unsigned)v;
		else if (digits / 2 < cap)
			out[digits / 2] = (uint8_t)(high << 4 | (unsigned)v);
		digits++;
	}
	if (digits % 2 != 0) {
		snprintf(why, why_len, "odd number of hex digits (%zu) in the %s", digits, what);
		return false;
	}
	*n_bytes = digits / 2;
	return true;
}

/* The master secret of TLS <= 1.2 is 48 bytes (RFC 5246 8.1). A TLS 1.3 secret is the
 * suite's hash length (RFC 8446 7.1): 32 (SHA-256, SM3) or 48 (SHA-384), 64 allowed for
 * a SHA-512 suite; any other length is a line cut short or damaged. */
static bool secret_length_ok(enum keylog_secret which, size_t n)
{
	if (which == KEYLOG_CLIENT_RANDOM)
		return n == 48;
	return n == 32 || n == 48 || n == 64;
}

/*
 * One line, without its line end and trailing blanks:
 *
 *     line    = *blank ( "#" *byte / label 1*blank random 1*blank secret *blank )
 *     label   = 1*( %x41-5A / DIGIT / "_" )
 *     random  = 64HEXDIG
 *     secret  = 1*( 2HEXDIG )
 *
 * (RFC 9850 section 2 separates fields with one space; runs of spaces and tabs, and blanks
 * around the fields, are taken too, as Wireshark does, for logs edited by hand.) A line
 * whose label is not kept is LINE_OTHER whatever its fields: their form depends on the
 * label (RSA's is a 16-digit prefix, ECH_CONFIG's a whole ECHConfig).
 */
static enum line_kind parse_line(struct reader *line, size_t line_start, struct parsed_line *out, char *why,
				 size_t why_len)
{
	uint8_t c;
	skip_blanks(line);
	if (!rd_peek_u8(line, 0, &c) || c == '#')
		return LINE_BLANK;

	size_t label_len = 0;
	while (rd_peek_u8(line, label_len, &c) && is_label_char(c))
		label_len++;
	if (rd_peek_u8(line, label_len, &c) && !is_blank(c)) {
		char shown[8];
		snprintf(why, why_len, "%s at column %zu in the label (labels are A-Z, 0-9 and _)", show_byte(c, shown),
			 column(line, line_start) + label_len);
		return LINE_MALFORMED;
	}
	const uint8_t *label;
	if (!rd_view(line, label_len, &label))
		return LINE_MALFORMED; /* cannot happen: label_len bytes were peeked */
	int kept = -1;
	for (size_t k = 0; k < sizeof kept_labels / sizeof kept_labels[0]; k++) {
		if (strlen(kept_labels[k].label) == label_len && memcmp(kept_labels[k].label, label, label_len) == 0) {
			kept = (int)k;
			break;
		}
	}

	skip_blanks(line);
	if (rd_left(line) == 0) {
		snprintf(why, why_len, "%s without fields", kept >= 0 ? kept_labels[kept].label : "label");
		return LINE_MALFORMED;
	}
	if (kept < 0)
		return LINE_OTHER;
	out->which = kept_labels[kept].which;

	size_t random_len = 0;
	if (!read_hex_field(line, line_start, "client random", out->client_random, sizeof out->client_random,
			    &random_len, why, why_len))
		return LINE_MALFORMED;
	if (random_len != sizeof out->client_random) {
		snprintf(why, why_len, "client random of %zu bytes, not 32", random_len);
		return LINE_MALFORMED;
	}

	skip_blanks(line);
	if (rd_left(line) == 0) {
		snprintf(why, why_len, "missing secret after the client random");
		return LINE_MALFORMED;
	}
	if (!read_hex_field(line, line_start, "secret", out->secret, sizeof out->secret, &out->secret_len, why,
			    why_len))
		return LINE_MALFORMED;
	if (!secret_length_ok(out->which, out->secret_len)) {
		snprintf(why, why_len, "%s secret of %zu bytes, not %s", kept_labels[kept].label, out->secret_len,
			 out->which == KEYLOG_CLIENT_RANDOM ? "48" : "32, 48 or 64");
		return LINE_MALFORMED;
	}

	skip_blanks(line);
	if (rd_left(line) != 0) {
		snprintf(why, why_len, "extra field at column %zu after the secret", column(line, line_start));
		return LINE_MALFORMED;
	}
	return LINE_SECRET;
}

static void count_malformed(struct keylog_stats *st, const char *why)
{
	st->malformed++;
	if (st->first_bad_line == 0) {
		st->first_bad_line = st->lines;
		snprintf(st->first_bad_why, sizeof st->first_bad_why, "%s", why);
	}
}

static void count_refused(struct keylog_stats *st, const char *why)
{
	st->ignored++;
	st->refused++;
	if (st->refused == 1)
		snprintf(st->refused_why, sizeof st->refused_why, "%s", why);
}

/* Bytes before the next '\n' (or the end); *has_newline when one follows. Never fails. */
static size_t measure_line(const struct reader *text, bool *has_newline)
{
	size_t n = 0;
	uint8_t c;
	while (rd_peek_u8(text, n, &c)) {
		if (c == '\n') {
			*has_newline = true;
			return n;
		}
		n++;
	}
	*has_newline = false;
	return n;
}

/* The line without its trailing blanks and CR (CRLF line ends, or a stray CR). */
static size_t trimmed_length(const struct reader *line)
{
	size_t n = rd_left(line);
	uint8_t c;
	while (n > 0 && rd_peek_u8(line, n - 1, &c) && (is_blank(c) || c == '\r'))
		n--;
	return n;
}

bool keylog_looks_like(const uint8_t *text, size_t len)
{
	struct reader r;
	rd_init(&r, text, len, 0);
	uint8_t b0, b1, b2;
	if (rd_peek_u8(&r, 0, &b0) && rd_peek_u8(&r, 1, &b1) && rd_peek_u8(&r, 2, &b2) && b0 == 0xef && b1 == 0xbb &&
	    b2 == 0xbf && !rd_skip(&r, 3))
		return false;
	/* The first line that is not blank or a comment decides: a secret of a kept label. */
	while (rd_left(&r) > 0) {
		bool has_newline;
		size_t line_len = measure_line(&r, &has_newline);
		size_t line_start = rd_offset(&r);
		struct reader whole, line;
		if (!has_newline || line_len > BOUND_KEYLOG_LINE + 1 || !rd_sub(&r, line_len, &whole) || !rd_skip(&r, 1) ||
		    !rd_sub(&whole, trimmed_length(&whole), &line))
			return false;
		struct parsed_line parsed;
		char why[96];
		switch (parse_line(&line, line_start, &parsed, why, sizeof why)) {
		case LINE_BLANK: continue;
		case LINE_SECRET: return true;
		case LINE_OTHER:
		case LINE_MALFORMED: return false;
		}
	}
	return false;
}

bool keylog_file_looks_like(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL)
		return false;
	uint8_t peek[512];
	size_t n = fread(peek, 1, sizeof peek, fp);
	fclose(fp);
	return keylog_looks_like(peek, n);
}

void keylog_add_text(struct keylog *kl, const uint8_t *text, size_t len, struct keylog_stats *st)
{
	struct keylog_stats scratch;
	if (st == NULL) {
		memset(&scratch, 0, sizeof scratch);
		st = &scratch;
	}
	if (kl == NULL)
		return;

	struct reader r;
	rd_init(&r, text, len, 0);
	/* A byte order mark, as Windows editors save UTF-8: not part of the first line. */
	uint8_t b0, b1, b2;
	if (rd_peek_u8(&r, 0, &b0) && rd_peek_u8(&r, 1, &b1) && rd_peek_u8(&r, 2, &b2) && b0 == 0xef &&
	    b1 == 0xbb && b2 == 0xbf) {
		if (!rd_skip(&r, 3))
			return; /* cannot happen: the bytes were peeked */
	}

	while (rd_left(&r) > 0) {
		bool has_newline;
		size_t line_len = measure_line(&r, &has_newline);
		size_t line_start = rd_offset(&r);
		struct reader whole, line;
		if (!rd_sub(&r, line_len, &whole) || (has_newline && !rd_skip(&r, 1)))
			return; /* cannot happen: the bytes were peeked */
		st->lines++;

		/* The bound is on the line without its end, CRLF or LF. */
		size_t content_len = line_len;
		uint8_t last;
		if (line_len > 0 && rd_peek_u8(&whole, line_len - 1, &last) && last == '\r')
			content_len--;
		char why[96];
		if (content_len > BOUND_KEYLOG_LINE) {
			snprintf(why, sizeof why, "line of %zu bytes (at most %u)", content_len, BOUND_KEYLOG_LINE);
			count_malformed(st, why);
			continue;
		}
		if (!rd_sub(&whole, trimmed_length(&whole), &line))
			return; /* cannot happen: a prefix of the line */

		struct parsed_line parsed;
		why[0] = '\0';
		switch (parse_line(&line, line_start, &parsed, why, sizeof why)) {
		case LINE_BLANK:
			break;
		case LINE_OTHER:
			st->ignored++;
			break;
		case LINE_MALFORMED:
			count_malformed(st, why);
			break;
		case LINE_SECRET:
			switch (store_secret(kl, parsed.client_random, parsed.which, parsed.secret, parsed.secret_len)) {
			case STORE_OK:
				st->entries_added++;
				break;
			case STORE_FULL:
				snprintf(why, sizeof why, "key log holds %u connections (BOUND_KEYLOG_ENTRIES)",
					 BOUND_KEYLOG_ENTRIES);
				count_refused(st, why);
				break;
			case STORE_NO_MEMORY:
				count_refused(st, "out of memory");
				break;
			}
			break;
		}
	}
}

/* ---- files ---- */

/* The whole file into a heap buffer (*buf, *len; the caller frees). false with err set. */
static bool read_whole(int fd, const struct stat *sb, uint8_t **buf, size_t *len, char *err, size_t err_len)
{
	size_t cap = (size_t)64 * 1024;
	if (S_ISREG(sb->st_mode) && sb->st_size >= 0 && (uint64_t)sb->st_size < BOUND_KEYLOG_FILE_BYTES)
		cap = (size_t)sb->st_size + 1; /* + 1: EOF is seen without growing */
	uint8_t *data = malloc(cap);
	size_t used = 0;
	if (data == NULL) {
		snprintf(err, err_len, "%s", strerror(ENOMEM));
		return false;
	}
	for (;;) {
		if (used == cap) {
			/* Read up to one byte past the bound, to tell "at the bound" from "past it"
			 * (a file that grew while it was read, or a pipe). */
			size_t next = cap > BOUND_KEYLOG_FILE_BYTES / 2 ? BOUND_KEYLOG_FILE_BYTES + 1 : cap * 2;
			uint8_t *grown = realloc(data, next);
			if (grown == NULL) {
				free(data);
				snprintf(err, err_len, "%s", strerror(ENOMEM));
				return false;
			}
			data = grown;
			cap = next;
		}
		ssize_t n = read(fd, data + used, cap - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, err_len, "%s", strerror(errno));
			free(data);
			return false;
		}
		if (n == 0)
			break;
		used += (size_t)n;
		if (used > BOUND_KEYLOG_FILE_BYTES) {
			snprintf(err, err_len, "larger than %zu MiB (BOUND_KEYLOG_FILE_BYTES), not a key log",
				 BOUND_KEYLOG_FILE_BYTES >> 20);
			free(data);
			return false;
		}
	}
	*buf = data;
	*len = used;
	return true;
}

bool keylog_load_file(struct keylog *kl, const char *path, struct keylog_stats *st, char *err, size_t err_len)
{
	char scratch[8];
	if (err == NULL || err_len == 0) {
		err = scratch;
		err_len = sizeof scratch;
	}
	err[0] = '\0';
	if (kl == NULL || path == NULL) {
		snprintf(err, err_len, "%s", strerror(EINVAL));
		return false;
	}
	if (strcmp(path, "-") == 0) {
		snprintf(err, err_len, "standard input is for captures; name the key log file");
		return false;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		snprintf(err, err_len, "%s", strerror(errno));
		return false;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0) {
		snprintf(err, err_len, "%s", strerror(errno));
		close(fd);
		return false;
	}
	if (S_ISDIR(sb.st_mode)) {
		snprintf(err, err_len, "%s", strerror(EISDIR));
		close(fd);
		return false;
	}
	if (S_ISREG(sb.st_mode) && (uint64_t)sb.st_size > BOUND_KEYLOG_FILE_BYTES) {
		snprintf(err, err_len, "larger than %zu MiB (BOUND_KEYLOG_FILE_BYTES), not a key log",
			 BOUND_KEYLOG_FILE_BYTES >> 20);
		close(fd);
		return false;
	}
	uint8_t *text = NULL;
	size_t len = 0;
	bool ok = read_whole(fd, &sb, &text, &len, err, err_len);
	close(fd);
	if (!ok)
		return false;
	keylog_add_text(kl, text, len, st);
	free(text);
	return true;
}

/* ---- following a growing key log (live capture) ---- */

struct keylog_follow {
	struct keylog *kl;
	struct keylog_stats *st;
	int fd;
	/* The start of a line whose newline has not been written yet. */
	uint8_t partial[BOUND_KEYLOG_LINE + 2];
	size_t n_partial;
};

struct keylog_follow *keylog_follow_open(struct keylog *kl, const char *path, struct keylog_stats *st, char *err,
					 size_t err_len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		snprintf(err, err_len, "%s", strerror(errno));
		return NULL;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0 || S_ISDIR(sb.st_mode)) {
		snprintf(err, err_len, "%s", S_ISDIR(sb.st_mode) ? strerror(EISDIR) : strerror(errno));
		close(fd);
		return NULL;
	}
	struct keylog_follow *fw = calloc(1, sizeof *fw);
	if (fw == NULL) {
		snprintf(err, err_len, "%s", strerror(ENOMEM));
		close(fd);
		return NULL;
	}
	fw->kl = kl;
	fw->st = st;
	fw->fd = fd;
	keylog_follow_poll(fw);
	return fw;
}

void keylog_follow_poll(struct keylog_follow *fw)
{
	uint8_t buf[65536];
	ssize_t got;
	while ((got = read(fw->fd, buf, sizeof buf)) > 0) {
		struct reader in;
		rd_init(&in, buf, (size_t)got, 0);
		for (;;) {
			bool has_newline;
			size_t take = measure_line(&in, &has_newline) + 1; /* with its newline */
			if (!has_newline)
				break;
			if (fw->n_partial > 0) {
				/* The line began in an earlier read: completed here. */
				if (fw->n_partial + take <= sizeof fw->partial) {
					if (!rd_copy(&in, fw->partial + fw->n_partial, take))
						break;
					keylog_add_text(fw->kl, fw->partial, fw->n_partial + take, fw->st);
				} else {
					if (!rd_skip(&in, take))
						break;
					keylog_add_text(fw->kl, fw->partial, fw->n_partial, fw->st); /* overlong: malformed */
				}
				fw->n_partial = 0;
			} else {
				const uint8_t *line;
				if (!rd_view(&in, take, &line))
					break;
				keylog_add_text(fw->kl, line, take, fw->st);
			}
		}
		/* What follows the last newline waits for the rest of its line; of an overlong
		 * one, its last bytes (it is malformed whatever they are). */
		size_t rest = rd_left(&in);
		if (fw->n_partial + rest > sizeof fw->partial) {
			keylog_add_text(fw->kl, fw->partial, fw->n_partial, fw->st);
			fw->n_partial = 0;
			if (rest > sizeof fw->partial && !rd_skip(&in, rest - sizeof fw->partial))
				continue;
			rest = rd_left(&in);
		}
		if (rd_copy(&in, fw->partial + fw->n_partial, rest))
			fw->n_partial += rest;
	}
}

void keylog_follow_close(struct keylog_follow *fw)
{
	if (fw == NULL)
		return;
	close(fw->fd);
	free(fw);
}
