/*
 * json.c — the NDJSON writer. Strings are escaped by escape_put_json (RFC 8259 section
 * 7; bytes that are not valid UTF-8, which names from the wire may hold, as \u00XX), so
 * that the output always parses.
 *
 * A record is written by one thread to its own stream, so the stream's lock is not
 * taken for every character (the *_unlocked calls): records are written at the rate
 * handshakes are read, tens of thousands a second.
 */
#define _GNU_SOURCE /* fputc_unlocked, fwrite_unlocked */ // NOLINT(bugprone-reserved-identifier): a feature test macro
#include "json.h"

#include <stdint.h>
#include <string.h>

#include "escape.h"

static void put(struct json *j, const char *s, size_t n)
{
	fwrite_unlocked(s, 1, n, j->out);
}

static void sep(struct json *j)
{
	if (j->need_comma)
		fputc_unlocked(',', j->out);
	j->need_comma = true;
}

void json_begin_object(struct json *j) { sep(j); fputc_unlocked('{', j->out); j->need_comma = false; }
void json_end_object(struct json *j) { fputc_unlocked('}', j->out); j->need_comma = true; }
void json_begin_array(struct json *j) { sep(j); fputc_unlocked('[', j->out); j->need_comma = false; }
void json_end_array(struct json *j) { fputc_unlocked(']', j->out); j->need_comma = true; }

void json_key(struct json *j, const char *key)
{
	sep(j);
	fputc_unlocked('"', j->out);
	put(j, key, strlen(key));
	put(j, "\":", 2);
	j->need_comma = false;
}

void json_string_n(struct json *j, const char *s, size_t n)
{
	sep(j);
	escape_put_json(j->out, s, n);
}

void json_string(struct json *j, const char *s) { json_string_n(j, s, strlen(s)); }
void json_null(struct json *j) { sep(j); put(j, "null", 4); }
void json_bool(struct json *j, bool b) { sep(j); put(j, b ? "true" : "false", b ? 4 : 5); }

void json_int(struct json *j, long long v)
{
	sep(j);
	char buf[24];
	size_t k = sizeof buf;
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	do {
		buf[--k] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (v < 0)
		buf[--k] = '-';
	put(j, buf + k, sizeof buf - k);
}
void json_double(struct json *j, double v, int decimals) { sep(j); fprintf(j->out, "%.*f", decimals, v); }
