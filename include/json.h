/*
 * json.h — a minimal streaming JSON writer for the NDJSON records. Strings from the wire
 * are escaped here (control characters, quotes, invalid UTF-8 as \u00XX of each byte).
 */
#ifndef TLSDIAG_JSON_H
#define TLSDIAG_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct json {
	FILE *out;
	bool need_comma;
};

void json_begin_object(struct json *j);
void json_end_object(struct json *j);
void json_key(struct json *j, const char *key);
void json_begin_array(struct json *j);
void json_end_array(struct json *j);
void json_string(struct json *j, const char *s);
void json_string_n(struct json *j, const char *s, size_t n);
void json_null(struct json *j);
void json_bool(struct json *j, bool b);
void json_int(struct json *j, long long v);
void json_double(struct json *j, double v, int decimals);

/* Length of the valid UTF-8 sequence at p (1-4), or 0 if the byte starts none (RFC 3629). */
size_t json_utf8_len(const unsigned char *p, size_t left);

#endif
