/*
 * tls_msgs.c — parsers of the clear-text handshake messages after the hellos:
 * Certificate and CertificateRequest, in clear (TLS <= 1.2) or decrypted with a key log
 * (TLS 1.3, whose forms differ: a request context, and extensions).
 *
 * Pipeline position: tls.c → here → cert (for DER) → facts.
 */
#include "tls_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert.h"
#include "tls_names.h"

/*
 * RFC 5246 7.4.2:
 *   opaque ASN.1Cert<1..2^24-1>;
 *   struct { ASN.1Cert certificate_list<0..2^24-1>; } Certificate;
 * An empty list from the client means "no certificate" (RFC 5246 7.4.6).
 * RFC 8446 4.4.2 (TLS 1.3):
 *   struct { opaque cert_data<1..2^24-1>; Extension extensions<0..2^16-1>; } CertificateEntry;
 *   struct { opaque certificate_request_context<0..2^8-1>;
 *            CertificateEntry certificate_list<0..2^24-1>; } Certificate;
 */

/* Steps over a TLS 1.3 CertificateEntry's extensions (OCSP status, SCTs: not judged). */
static bool skip_entry_extensions(struct reader *entries, bool tls13)
{
	struct reader exts;
	if (!tls13)
		return true;
	return rd_vec16(entries, &exts) && rd_skip(&exts, rd_left(&exts)) && rd_close(entries, &exts);
}

bool tls_parse_certificate(struct reader *r, struct facts *f, enum side from, bool tls13)
{
	struct reader list, context;
	if (tls13 && (!rd_vec8(r, &context) || !rd_skip(&context, rd_left(&context)) || !rd_close(r, &context)))
		return false;
	if (!rd_vec24(r, &list))
		return false;
	/* The array is sized to the chain (a few certificates, each description ~2 KB). A
	 * second Certificate from the same side (renegotiation, or hostile) replaces what
	 * the first one kept. */
	unsigned count = 0;
	struct reader counting = list;
	struct reader item;
	while (count < BOUND_CHAIN && rd_left(&counting) > 0 && rd_vec24(&counting, &item) &&
	       rd_skip(&item, rd_left(&item)) && rd_close(&counting, &item) && skip_entry_extensions(&counting, tls13))
		count++;
	if (f->certs[from] != NULL) {
		for (unsigned i = 0; i < f->n_certs[from]; i++)
			free(f->certs[from][i].der);
		free(f->certs[from]);
		f->certs[from] = NULL;
		f->n_certs[from] = 0;
	}
	if (count > 0)
		f->certs[from] = calloc(count, sizeof *f->certs[from]);
	unsigned n = 0;
	while (rd_left(&list) > 0) {
		struct reader one;
		if (!rd_vec24(&list, &one))
			break;
		size_t len = rd_left(&one);
		const uint8_t *der;
		if (!rd_view(&one, len, &der))
			break;
		if (n < count && f->certs[from] != NULL) {
			/* A certificate that does not parse is kept as "not parsed", never fatal. */
			if (!cert_describe(der, len, &f->certs[from][n]))
				f->certs[from][n].der_len = (uint32_t)len;
			f->n_certs[from] = (uint8_t)(n + 1);
		}
		n++;
		if (!rd_close(&list, &one) || !skip_entry_extensions(&list, tls13))
			break;
	}
	if (!rd_close(r, &list))
		return false;
	if (from == SIDE_SERVER) {
		f->server_cert_seen = true;
		f->n_server_certs = (uint8_t)(n > 255 ? 255 : n);
	} else {
		f->client_cert_seen = true;
		f->n_client_certs = (uint8_t)(n > 255 ? 255 : n);
	}
	return rd_left(r) == 0 || (rd_fail(r, "bytes after the certificate list"), false);
}

/* DistinguishedName certificate_authorities<0..2^16-1> (RFC 5246 7.4.4; in TLS 1.3 the
 * body of the certificate_authorities extension): each name as a string into f, the
 * first BOUND_CA_NAMES kept, all counted. */
static bool add_ca_names(struct reader *r, struct facts *f)
{
	struct reader cas;
	if (!rd_vec16(r, &cas))
		return false;
	while (rd_left(&cas) > 0) {
		struct reader dn;
		if (!rd_vec16(&cas, &dn))
			break;
		size_t len = rd_left(&dn);
		const uint8_t *der;
		if (!rd_view(&dn, len, &der))
			break;
		if (f->n_ca_names < BOUND_CA_NAMES) {
			if (f->ca_names == NULL)
				f->ca_names = calloc(BOUND_CA_NAMES, sizeof *f->ca_names);
			if (f->ca_names != NULL) {
				char *slot = f->ca_names[f->n_ca_names];
				if (!cert_dn_string(der, len, slot, BOUND_DN))
					snprintf(slot, BOUND_DN, "%s", "(unparsable name)");
				f->n_ca_names++;
			}
		}
		if (f->n_ca_names_total < UINT16_MAX)
			f->n_ca_names_total++;
		if (!rd_close(&cas, &dn))
			break;
	}
	if (!rd_close(r, &cas))
		return false;
	return true;
}

/*
 * RFC 5246 7.4.4:
 *   struct { ClientCertificateType certificate_types<1..2^8-1>;
 *            SignatureAndHashAlgorithm supported_signature_algorithms<2^16-1>;  (TLS 1.2 only)
 *            DistinguishedName certificate_authorities<0..2^16-1>; } CertificateRequest;
 * TLS 1.0/1.1 have no signature algorithm list; the caller's version decides.
 */
bool tls_parse_certificate_request(struct reader *r, struct facts *f)
{
	struct reader types, sigs;
	f->cert_request_seen = true;
	if (!rd_vec8(r, &types) || !rd_skip(&types, rd_left(&types)) || !rd_close(r, &types))
		return false;
	bool tls12 = f->version == 0 || f->version >= TLS_VERSION_TLS12;
	if (tls12) {
		if (!rd_vec16(r, &sigs) || !rd_skip(&sigs, rd_left(&sigs)) || !rd_close(r, &sigs))
			return false;
	}
	if (!add_ca_names(r, f))
		return false;
	return rd_left(r) == 0 || (rd_fail(r, "bytes after the CA names"), false);
}

/*
 * RFC 8446 4.3.2 (TLS 1.3):
 *   struct { opaque certificate_request_context<0..2^8-1>;
 *            Extension extensions<2..2^16-1>; } CertificateRequest;
 * The acceptable CA names travel in the certificate_authorities extension (47, RFC 8446
 * 4.2.4): DistinguishedName authorities<3..2^16-1>, the same names as in TLS 1.2.
 */
bool tls13_parse_certificate_request(struct reader *r, struct facts *f)
{
	struct reader context, exts;
	f->cert_request_seen = true;
	if (!rd_vec8(r, &context) || !rd_skip(&context, rd_left(&context)) || !rd_close(r, &context))
		return false;
	if (!rd_vec16(r, &exts))
		return false;
	while (rd_left(&exts) > 0) {
		uint16_t type;
		struct reader body;
		if (!rd_u16(&exts, &type) || !rd_vec16(&exts, &body))
			return false;
		if (type == TLS_EXT_CERTIFICATE_AUTHORITIES && !add_ca_names(&body, f))
			return false;
		if (!rd_skip(&body, rd_left(&body)) || !rd_close(&exts, &body))
			return false;
	}
	if (!rd_close(r, &exts))
		return false;
	return rd_left(r) == 0 || (rd_fail(r, "bytes after the extensions"), false);
}

/* ECCurveType named_curve (RFC 8422 5.4). */
#define EC_CURVE_TYPE_NAMED 3

void tls_note_server_key_exchange(struct reader *r, struct facts *f)
{
	const struct cipher_info *ci = f->server_hello_seen ? tls_cipher_info(f->sh.cipher) : NULL;
	if (ci == NULL)
		return;
	struct reader v;
	if (ci->kx == KX_ECDHE) {
		uint8_t curve_type;
		uint16_t group;
		if (!rd_u8(r, &curve_type) || curve_type != EC_CURVE_TYPE_NAMED || !rd_u16(r, &group) || !rd_vec8(r, &v))
			return;
		f->ske_group = group;
	} else if (ci->kx == KX_DHE) {
		/* dh_p, dh_g, dh_Ys: a group without a name (RFC 7919's are told by dh_p only). */
		for (int i = 0; i < 3; i++)
			if (!rd_vec16(r, &v))
				return;
	} else {
		return;
	}
	uint16_t sigalg;
	/* digitally-signed: its SignatureAndHashAlgorithm exists from TLS 1.2 on (7.4.1.4.1). */
	if (f->version == TLS_VERSION_TLS12 && rd_u16(r, &sigalg) && rd_vec16(r, &v) && rd_left(r) == 0)
		f->server_sigalg = sigalg;
}

void tls_note_certificate_verify(struct reader *r, struct facts *f)
{
	uint16_t sigalg;
	struct reader sig;
	if (rd_u16(r, &sigalg) && rd_vec16(r, &sig) && rd_left(r) == 0)
		f->server_sigalg = sigalg;
}
