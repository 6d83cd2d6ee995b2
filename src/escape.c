/*
 * escape.c — wire bytes made safe for terminals, shells, TSV and JSON (escape.h).
 *
 * Pipeline position: the output layer; rules call it only to quote raw stream bytes.
 * A terminal interprets control bytes (ESC sequences, and C1 controls in 8-bit
 * terminals), so text keeps printable ASCII alone; JSON keeps valid UTF-8, which its
 * readers decode, and escapes the rest.
 */
#define _GNU_SOURCE /* fputc_unlocked, fwrite_unlocked */ // NOLINT(bugprone-reserved-identifier): a feature test macro
#include "escape.h"

#include <stdbool.h>
#include <string.h>

static const char hex_digits[] = "0123456789abcdef";

/* Whether c is written as it is under flags. */
static bool plain(unsigned char c, unsigned flags)
{
	if (c < 0x20 || c >= 0x7f)
		return false;
	return !((flags & ESCAPE_QUOTES) && (c == '"' || c == '\\'));
}

size_t escape_hex(const void *s, size_t n, unsigned flags, char *out, size_t out_len)
{
	const unsigned char *p = s;
	size_t need = 0, k = 0;
	bool full = out_len == 0;
	for (size_t i = 0; i < n; i++) {
		size_t w = plain(p[i], flags) ? 1 : 4;
		need += w;
		if (full || k + w >= out_len) {
			full = true; /* an escape is never cut: the rest is left out */
			continue;
		}
		if (w == 1) {
			out[k++] = (char)p[i];
		} else {
			out[k++] = '\\';
			out[k++] = 'x';
			out[k++] = hex_digits[p[i] >> 4];
			out[k++] = hex_digits[p[i] & 15];
		}
	}
	if (out_len > 0)
		out[k] = '\0';
	return need;
}

size_t escape_mask(const void *s, size_t n, char mask, unsigned flags, char *out, size_t out_len)
{
	const unsigned char *p = s;
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < out_len; i++)
		out[k++] = (char)(plain(p[i], flags) ? p[i] : (unsigned char)mask);
	if (out_len > 0)
		out[k] = '\0';
	return n;
}

void escape_put_text(FILE *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (plain(*p, 0))
			fputc(*p, out);
		else
			fprintf(out, "\\x%02x", *p);
	}
}

void escape_shell_word(const char *s, size_t n, char *out, size_t out_len)
{
	bool bare = n > 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
		      c == '_' || c == '/' || c == ':' || c == ','))
			bare = false;
	}
	size_t k = 0;
	if (!bare && k + 1 < out_len)
		out[k++] = '\'';
	for (size_t i = 0; i < n && k + 5 < out_len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\'') {
			memcpy(out + k, "'\\''", 4);
			k += 4;
		} else {
			out[k++] = (char)(plain(c, 0) ? c : '?');
		}
	}
	if (!bare && k + 1 < out_len)
		out[k++] = '\'';
	out[k] = '\0';
}

void escape_put_tsv_field(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
}

size_t escape_utf8_len(const unsigned char *p, size_t left)
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

/*
 * Records are written at the rate handshakes are read, tens of thousands a second, each
 * by one thread to its own stream: the stream's lock is not taken for every character.
 */
static void put(FILE *out, const char *s, size_t n)
{
	fwrite_unlocked(s, 1, n, out);
}

void escape_put_json(FILE *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	fputc_unlocked('"', out);
	size_t run = 0; /* start of the bytes that need no escape, written in one call */
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		if (plain(c, ESCAPE_QUOTES)) {
			i++;
			continue;
		}
		size_t k = c >= 0x80 ? escape_utf8_len(p + i, n - i) : 0;
		if (k > 0) {
			i += k;
			continue;
		}
		put(out, s + run, i - run);
		if (c == '"' || c == '\\') {
			char e[2] = { '\\', (char)c };
			put(out, e, 2);
		} else if (c == '\n') {
			put(out, "\\n", 2);
		} else if (c == '\t') {
			put(out, "\\t", 2);
		} else {
			/* control characters, DEL, bytes that are not UTF-8 */
			char e[6] = { '\\', 'u', '0', '0', hex_digits[c >> 4], hex_digits[c & 15] };
			put(out, e, sizeof e);
		}
		i++;
		run = i;
	}
	put(out, s + run, n - run);
	fputc_unlocked('"', out);
}
