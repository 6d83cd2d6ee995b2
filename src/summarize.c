/*
 * summarize.c — NDJSON records back into triage rows, through jansson.
 *
 * The row of a record must equal the row the run made from the attempt itself
 * (triage_row_from_attempt): the same fields, made safe by the same triage_key.
 */
#include "summarize.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "classes.h"
#include "report.h"

/* A string member (path of keys) or NULL. */
static const char *str_at(json_t *obj, const char *key, size_t *len)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_string(v))
		return NULL;
	if (len != NULL)
		*len = json_string_length(v);
	return json_string_value(v);
}

static void copy_key(json_t *obj, const char *key, char *out, size_t out_len)
{
	size_t n;
	const char *s = str_at(obj, key, &n);
	if (s != NULL)
		triage_key(s, n, out, out_len);
}

/* "198.18.0.1:40000" or "[2001:db8::1]:40000" → the address alone. */
static void address_of(const char *ep, char *out, size_t len)
{
	const char *colon = strrchr(ep, ':');
	size_t n = colon ? (size_t)(colon - ep) : strlen(ep);
	if (n >= 2 && ep[0] == '[' && ep[n - 1] == ']')
		snprintf(out, len, "%.*s", (int)(n - 2), ep + 1);
	else
		snprintf(out, len, "%.*s", (int)n, ep);
}

static bool row_from_record(json_t *rec, struct triage_row *r)
{
	memset(r, 0, sizeof *r);
	size_t n;
	const char *file = str_at(rec, "file", &n);
	if (file != NULL) {
		triage_key(file, n, r->file_buf, sizeof r->file_buf);
		r->file = r->file_buf;
	}
	const char *ts = str_at(rec, "ts", NULL);
	const char *cls = str_at(rec, "class", NULL);
	const char *client = str_at(rec, "client", NULL);
	const char *server = str_at(rec, "server", NULL);
	if (ts == NULL || cls == NULL || client == NULL || server == NULL)
		return false;
	r->ts_us = report_parse_ts(ts);
	r->cls = class_from_name(cls);
	if (r->ts_us == INT64_MIN || r->cls == CLASS__COUNT)
		return false;
	char safe[256];
	triage_key(client, strlen(client), safe, sizeof safe);
	address_of(safe, r->client, sizeof r->client);
	char safe_server[80];
	triage_key(server, strlen(server), safe_server, sizeof safe_server);
	json_t *proxy = json_object_get(rec, "proxy");
	triage_server_key(safe_server, json_is_object(proxy) ? str_at(proxy, "target", NULL) : NULL, r->server,
			  sizeof r->server);
	json_t *tls = json_object_get(rec, "tls");
	if (json_is_object(tls)) {
		const char *sni = str_at(tls, "sni", &n);
		if (sni != NULL) {
			r->has_sni = true;
			triage_key(sni, n, r->sni, sizeof r->sni);
		}
		json_t *versions = json_object_get(tls, "client_versions");
		size_t i;
		json_t *v;
		int best = 0;
		json_array_foreach(versions, i, v) {
			const char *name = json_string_value(v);
			int rank = name ? triage_version_rank(name) : 0;
			if (rank > best) {
				best = rank;
				snprintf(r->max_offered, sizeof r->max_offered, "%s", name);
			}
		}
		copy_key(tls, "server_version", r->version, sizeof r->version);
		copy_key(tls, "cipher", r->cipher, sizeof r->cipher);
		copy_key(tls, "group", r->group, sizeof r->group);
		copy_key(tls, "alpn", r->alpn, sizeof r->alpn);
		r->cert_requested = json_is_true(json_object_get(tls, "client_cert_requested"));
	}
	json_t *certs = json_object_get(rec, "certs");
	if (r->cert_requested && json_is_object(certs)) {
		json_t *names = json_object_get(certs, "acceptable_ca_names");
		size_t i;
		json_t *v;
		json_array_foreach(names, i, v) {
			if (r->n_ca_names >= BOUND_CA_NAMES)
				break;
			if (json_is_string(v))
				triage_key(json_string_value(v), json_string_length(v), r->ca_names[r->n_ca_names++], BOUND_DN);
		}
	}
	copy_key(rec, "ja4", r->ja4, sizeof r->ja4);
	return true;
}

bool summarize_file(const char *path, struct triage *t, struct summarize_counts *c, char *err, size_t err_len)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (fp == NULL) {
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		return false;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long line_no = 0;
	char file_buf[1024];
	while ((len = getline(&line, &cap, fp)) > 0) {
		line_no++;
		if (len == 1 && line[0] == '\n')
			continue;
		json_error_t jerr;
		json_t *rec = json_loadb(line, (size_t)len, JSON_ALLOW_NUL, &jerr);
		const char *type = json_is_object(rec) ? str_at(rec, "type", NULL) : NULL;
		bool good = type != NULL;
		if (good && strcmp(type, "connection") == 0) {
			struct triage_row row;
			good = row_from_record(rec, &row);
			if (good)
				triage_add(t, &row);
		} else if (good && (strcmp(type, "file") == 0 || strcmp(type, "error") == 0 || strcmp(type, "skipped") == 0)) {
			size_t n;
			const char *file = str_at(rec, "file", &n);
			good = file != NULL;
			if (good) {
				triage_key(file, n, file_buf, sizeof file_buf);
				if (strcmp(type, "file") == 0)
					triage_file_read(t, file_buf);
				else if (strcmp(type, "skipped") == 0 || json_is_true(json_object_get(rec, "not_capture")))
					triage_file_skipped(t, file_buf);
				else
					triage_file_error(t, file_buf);
			}
		}
		/* "summary" records (and types of later versions) are not rows. */
		if (good) {
			c->records++;
		} else if (c->bad_lines++ == 0) {
			c->first_bad_line = line_no;
		}
		json_decref(rec);
	}
	bool ok = !ferror(fp);
	if (!ok)
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
	free(line);
	if (fp != stdin)
		fclose(fp);
	return ok;
}
