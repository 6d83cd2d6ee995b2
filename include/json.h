/*
 * json.h — a minimal streaming JSON writer for the NDJSON records. Strings from the wire
 * are escaped as they are written (escape_put_json: control characters, quotes, invalid
 * UTF-8 as \u00XX of each byte).
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

#endif
