/*
 * json.c — the NDJSON writer. Strings are escaped per RFC 8259 section 7; bytes that are
 * not valid UTF-8 (names from the wire may hold anything) are written as \u00XX so
 * that the output always parses.
 */
#include "json.h"

#include <stdint.h>
#include <string.h>

static void sep(struct json *j)
{
	if (j->need_comma)
		fputc(',', j->out);
	j->need_comma = true;
}

void json_begin_object(struct json *j) { sep(j); fputc('{', j->out); j->need_comma = false; }
void json_end_object(struct json *j) { fputc('}', j->out); j->need_comma = true; }
void json_begin_array(struct json *j) { sep(j); fputc('[', j->out); j->need_comma = false; }
void json_end_array(struct json *j) { fputc(']', j->out); j->need_comma = true; }

void json_key(struct json *j, const char *key)
{
	sep(j);
	fprintf(j->out, "\"%s\":", key);
	j->need_comma = false;
}

/* Length of the valid UTF-8 sequence at p (1-4), or 0 if invalid. */
static size_t utf8_len(const unsigned char *p, size_t left)
{
	if (p[0] < 0x80)
		return 1;
	size_t n = (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3 : (p[0] & 0xf8) == 0xf0 ? 4 : 0;
	if (n == 0 || n > left || (n == 2 && p[0] < 0xc2))
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

void json_string_n(struct json *j, const char *s, size_t n)
{
	sep(j);
	const unsigned char *p = (const unsigned char *)s;
	fputc('"', j->out);
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		if (c == '"' || c == '\\') {
			fputc('\\', j->out);
			fputc(c, j->out);
			i++;
		} else if (c == '\n') {
			fputs("\\n", j->out);
			i++;
		} else if (c == '\t') {
			fputs("\\t", j->out);
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			fprintf(j->out, "\\u%04x", c);
			i++;
		} else {
			size_t k = utf8_len(p + i, n - i);
			if (k == 0) {
				fprintf(j->out, "\\u%04x", c);
				i++;
			} else {
				fwrite(p + i, 1, k, j->out);
				i += k;
			}
		}
	}
	fputc('"', j->out);
}

void json_string(struct json *j, const char *s) { json_string_n(j, s, strlen(s)); }
void json_null(struct json *j) { sep(j); fputs("null", j->out); }
void json_bool(struct json *j, bool b) { sep(j); fputs(b ? "true" : "false", j->out); }
void json_int(struct json *j, long long v) { sep(j); fprintf(j->out, "%lld", v); }
void json_double(struct json *j, double v, int decimals) { sep(j); fprintf(j->out, "%.*f", decimals, v); }
