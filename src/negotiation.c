/*
 * negotiation.c — the client's offer beside what its server is seen to accept.
 *
 * What a server accepts is read from the choices of its successful handshakes: a server
 * that chose TLS 1.3 and TLS_AES_128_GCM_SHA256 for other clients accepts them, so a
 * client that offers neither fails for that reason, and one that offers them and still
 * fails fails for another (its SNI, a group, a certificate type). Those choices are a
 * lower bound of the server's configuration: it may accept more than it was seen to choose.
 */
#include "negotiation.h"

#include <string.h>

#include "classes.h"
#include "escape.h"
#include "report.h"
#include "tls_names.h"
#include "tls_wire.h"

/* TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746 3.3): signals, is never chosen. */
#define EMPTY_RENEGOTIATION_INFO_SCSV 0x00ff

/* Lines of a list in the text report without --full. */
#define TEXT_ITEMS 4

bool negotiation_applies(const struct verdict *v)
{
	return v->cls == CLASS_VERSION_MISMATCH || v->cls == CLASS_NO_SHARED_CIPHER || v->cls == CLASS_ALPN_MISMATCH;
}

const char *negotiation_dim_name(enum negotiation_dim dim)
{
	static const char *const names[NEGOTIATION__DIMS] = { "versions", "suites", "groups", "signatures", "alpn" };
	return names[dim];
}

size_t negotiation_dims_for(const struct verdict *v, enum negotiation_dim *out)
{
	switch (v->cls) {
	case CLASS_VERSION_MISMATCH:
		out[0] = NEGOTIATION_VERSIONS;
		out[1] = NEGOTIATION_SUITES;
		return 2;
	case CLASS_NO_SHARED_CIPHER:
		out[0] = NEGOTIATION_SUITES;
		out[1] = NEGOTIATION_GROUPS;
		out[2] = NEGOTIATION_SIGNATURES;
		out[3] = NEGOTIATION_VERSIONS;
		return 4;
	case CLASS_ALPN_MISMATCH:
		out[0] = NEGOTIATION_ALPN;
		return 1;
	default:
		return 0;
	}
}

/* One dimension as values: the offer's and the server's. ALPN is compared as names. */
struct values {
	uint16_t v[BOUND_CIPHERS];
	size_t n;
};

static void offered_values(const struct facts *f, enum negotiation_dim dim, struct values *out)
{
	out->n = 0;
	if (!f->client_hello_seen)
		return;
	switch (dim) {
	case NEGOTIATION_VERSIONS:
		out->n = report_client_versions(f, out->v, BOUND_CIPHERS);
		break;
	case NEGOTIATION_SUITES:
		for (unsigned i = 0; i < f->ch.n_ciphers && out->n < BOUND_CIPHERS; i++) {
			uint16_t c = f->ch.ciphers[i];
			if (!tls_is_grease(c) && c != EMPTY_RENEGOTIATION_INFO_SCSV && c != TLS_CIPHER_FALLBACK_SCSV)
				out->v[out->n++] = c;
		}
		break;
	case NEGOTIATION_GROUPS:
		for (unsigned i = 0; i < f->ch.n_groups && out->n < BOUND_CIPHERS; i++)
			if (!tls_is_grease(f->ch.groups[i]))
				out->v[out->n++] = f->ch.groups[i];
		break;
	case NEGOTIATION_SIGNATURES:
		for (unsigned i = 0; i < f->ch.n_sigalgs && out->n < BOUND_CIPHERS; i++)
			if (!tls_is_grease(f->ch.sigalgs[i]))
				out->v[out->n++] = f->ch.sigalgs[i];
		break;
	default:
		break;
	}
}

static void accepted_values(const struct server_accepts *a, enum negotiation_dim dim, struct values *out)
{
	out->n = 0;
	if (a == NULL)
		return;
	const uint16_t *from = dim == NEGOTIATION_VERSIONS ? a->versions : dim == NEGOTIATION_SUITES ? a->suites
			     : dim == NEGOTIATION_GROUPS ? a->groups : a->sigalgs;
	size_t n = dim == NEGOTIATION_VERSIONS ? a->n_versions : dim == NEGOTIATION_SUITES ? a->n_suites
		 : dim == NEGOTIATION_GROUPS ? a->n_groups : dim == NEGOTIATION_SIGNATURES ? a->n_sigalgs : 0;
	memcpy(out->v, from, n * sizeof *from);
	out->n = n;
}

static void value_name(const struct facts *f, enum negotiation_dim dim, uint16_t v, char *buf, size_t len)
{
	char tmp[64];
	const char *name;
	switch (dim) {
	case NEGOTIATION_VERSIONS: name = report_version_name(f, v, tmp, sizeof tmp); break;
	case NEGOTIATION_SUITES: name = tls_cipher_name(v, tmp, sizeof tmp); break;
	case NEGOTIATION_SIGNATURES:
		name = tls_sigalg_name(v);
		if (name == NULL) {
			snprintf(tmp, sizeof tmp, "0x%04x", v);
			name = tmp;
		}
		break;
	default: name = report_group_name(v, tmp, sizeof tmp); break;
	}
	snprintf(buf, len, "%s", name);
}

static bool has_value(const struct values *s, uint16_t v)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == v)
			return true;
	return false;
}

static bool accepted_alpn(const struct server_accepts *a, const char *name, size_t len)
{
	for (unsigned i = 0; a != NULL && i < a->n_alpn; i++)
		if (a->alpn_len[i] == len && memcmp(a->alpn[i], name, len) == 0)
			return true;
	return false;
}

static size_t alpn_items(const struct facts *f, enum negotiation_part part, char (*names)[NEGOTIATION_NAME_MAX],
			 size_t max)
{
	const struct server_accepts *a = f->server_accepts;
	size_t n = 0;
	if (part == NEGOTIATION_ACCEPTED) {
		for (unsigned i = 0; a != NULL && i < a->n_alpn; i++, n++)
			if (n < max)
				escape_mask(a->alpn[i], a->alpn_len[i], '?', 0, names[n], NEGOTIATION_NAME_MAX);
		return n;
	}
	for (unsigned i = 0; f->client_hello_seen && i < f->ch.n_alpn; i++) {
		if (part == NEGOTIATION_COMMON && !accepted_alpn(a, f->ch.alpn[i], f->ch.alpn_len[i]))
			continue;
		if (n < max)
			escape_mask(f->ch.alpn[i], f->ch.alpn_len[i], '?', 0, names[n], NEGOTIATION_NAME_MAX);
		n++;
	}
	return n;
}

size_t negotiation_items(const struct facts *f, enum negotiation_dim dim, enum negotiation_part part,
			 char (*names)[NEGOTIATION_NAME_MAX], size_t max)
{
	if (dim == NEGOTIATION_ALPN)
		return alpn_items(f, part, names, max);
	struct values offered, accepted;
	offered_values(f, dim, &offered);
	accepted_values(f->server_accepts, dim, &accepted);
	const struct values *list = part == NEGOTIATION_ACCEPTED ? &accepted : &offered;
	size_t n = 0;
	for (size_t i = 0; i < list->n; i++) {
		if (part == NEGOTIATION_COMMON && !has_value(&accepted, list->v[i]))
			continue;
		if (n < max)
			value_name(f, dim, list->v[i], names[n], NEGOTIATION_NAME_MAX);
		n++;
	}
	return n;
}

/* "a, b, c ... 5 more", or "none". */
static void print_list(FILE *out, const struct facts *f, enum negotiation_dim dim, enum negotiation_part part, bool full)
{
	char names[BOUND_CIPHERS][NEGOTIATION_NAME_MAX]; /* 8 KB */
	size_t n = negotiation_items(f, dim, part, names, BOUND_CIPHERS);
	size_t limit = full ? BOUND_CIPHERS : TEXT_ITEMS, i = 0;
	if (n == 0)
		fputs("none", out);
	for (; i < n && i < limit; i++)
		fprintf(out, "%s%s", i ? ", " : "", names[i]);
	if (i < n)
		fprintf(out, " ... %zu more", n - i);
}

void negotiation_print_text(FILE *out, const struct facts *f, const struct verdict *v, bool full)
{
	enum negotiation_dim dims[NEGOTIATION__DIMS];
	size_t n = negotiation_dims_for(v, dims);
	if (n == 0 || !f->client_hello_seen)
		return;
	const struct server_accepts *a = f->server_accepts;
	char server[64];
	report_endpoint(&f->server, server, sizeof server);
	if (a == NULL) {
		fprintf(out, "  offer:    no handshake with %s had succeeded before this one in this input: nothing to compare the offer with\n",
			server);
		return;
	}
	fprintf(out, "  offer:    beside what %s chose in %u successful handshake(s) of this input\n", server, a->handshakes);
	for (size_t i = 0; i < n; i++) {
		if ((dims[i] == NEGOTIATION_GROUPS && a->n_groups == 0) || (dims[i] == NEGOTIATION_SIGNATURES && a->n_sigalgs == 0))
			continue; /* nothing seen of the server's choice (RSA key transport, TLS 1.3 without keys) */
		const char *dim = negotiation_dim_name(dims[i]);
		fprintf(out, "            %-10s offered:  ", dim);
		print_list(out, f, dims[i], NEGOTIATION_OFFERED, full);
		fprintf(out, "\n            %-10s accepted: ", "");
		print_list(out, f, dims[i], NEGOTIATION_ACCEPTED, full);
		if (dims[i] == NEGOTIATION_ALPN && a->without_alpn > 0)
			fprintf(out, " (and no protocol in %u)", a->without_alpn);
		fprintf(out, "\n            %-10s common:   ", "");
		print_list(out, f, dims[i], NEGOTIATION_COMMON, full);
		fputc('\n', out);
	}
}

static void json_list(struct json *j, const struct facts *f, enum negotiation_dim dim, enum negotiation_part part)
{
	char names[BOUND_CIPHERS][NEGOTIATION_NAME_MAX]; /* 8 KB */
	size_t n = negotiation_items(f, dim, part, names, BOUND_CIPHERS);
	json_begin_array(j);
	for (size_t i = 0; i < n && i < BOUND_CIPHERS; i++)
		json_string(j, names[i]);
	json_end_array(j);
}

void negotiation_json(struct json *j, const struct facts *f, const struct verdict *v)
{
	if (!negotiation_applies(v) || !f->client_hello_seen) {
		json_null(j);
		return;
	}
	const struct server_accepts *a = f->server_accepts;
	json_begin_object(j);
	json_key(j, "server_handshakes"); json_int(j, a ? a->handshakes : 0);
	for (int d = 0; d < NEGOTIATION__DIMS; d++) {
		json_key(j, negotiation_dim_name((enum negotiation_dim)d));
		json_begin_object(j);
		json_key(j, "offered"); json_list(j, f, (enum negotiation_dim)d, NEGOTIATION_OFFERED);
		json_key(j, "accepted"); json_list(j, f, (enum negotiation_dim)d, NEGOTIATION_ACCEPTED);
		json_key(j, "common"); json_list(j, f, (enum negotiation_dim)d, NEGOTIATION_COMMON);
		json_end_object(j);
	}
	json_end_object(j);
}
