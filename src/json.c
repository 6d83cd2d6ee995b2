/*
 * json.c — the NDJSON writer. Strings are escaped per RFC 8259 section 7; bytes that are
 * not valid UTF-8 (names from the wire may hold anything) are written as \u00XX so
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

static void put_u_escape(struct json *j, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
	put(j, e, sizeof e);
}

size_t json_utf8_len(const unsigned char *p, size_t left)
{
	if (left == 0)
		return 0;
	if (p[0] < 0x80)
		return 1;
	size_t n = (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3 : (p[0] & 0xf8) == 0xf0 ? 4 : 0;
	if (n == 0 || n > left || (n == 2 && p[0] < 0xc2) || p[0] > 0xf4)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	/* Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8
	 * (RFC 3629): JSON readers refuse them. */
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0) || (p[0] == 0xf0 && p[1] < 0x90) ||
	    (p[0] == 0xf4 && p[1] >= 0x90))
		return 0;
	return n;
}

void json_string_n(struct json *j, const char *s, size_t n)
{
	sep(j);
	const unsigned char *p = (const unsigned char *)s;
	fputc_unlocked('"', j->out);
	size_t run = 0; /* start of the bytes that need no escape, written in one call */
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			i++;
			continue;
		}
		size_t k = c >= 0x80 ? json_utf8_len(p + i, n - i) : 0;
		if (k > 0) {
			i += k;
			continue;
		}
		put(j, s + run, i - run);
		if (c == '"' || c == '\\') {
			char e[2] = { '\\', (char)c };
			put(j, e, 2);
		} else if (c == '\n') {
			put(j, "\\n", 2);
		} else if (c == '\t') {
			put(j, "\\t", 2);
		} else {
			put_u_escape(j, c); /* control characters, DEL, bytes that are not UTF-8 */
		}
		i++;
		run = i;
	}
	put(j, s + run, n - run);
	fputc_unlocked('"', j->out);
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
