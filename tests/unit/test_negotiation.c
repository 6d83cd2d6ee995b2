/*
 * test_negotiation.c — unit tests of the negotiation diff (include/negotiation.h) and of
 * what feeds it from the server's messages: the ServerKeyExchange's curve and signature
 * algorithm (RFC 8422 5.4, RFC 5246 7.4.3), the CertificateVerify's algorithm (RFC 8446
 * 4.4.3); offered, accepted and common lists with GREASE and signalling suites left out,
 * hostile ALPN names escaped, and which verdicts get a diff.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bytes.h"
#include "classes.h"
#include "facts.h"
#include "negotiation.h"
#include "rules.h"
#include "tls_parse.h"
#include "tls_wire.h"

#define SUITE_ECDHE_RSA_AES128_GCM 0xc02f
#define SUITE_DHE_RSA_AES128_GCM 0x009e
#define SUITE_RSA_AES128_CBC 0x002f
#define SIGALG_RSA_PSS_RSAE_SHA256 0x0804
#define GROUP_X25519 0x001d

static struct facts *tls12_server(uint16_t suite)
{
	struct facts *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->server_hello_seen = true;
	f->version = TLS_VERSION_TLS12;
	f->sh.cipher = suite;
	return f;
}

static void note_ske(struct facts *f, const uint8_t *body, size_t len)
{
	struct reader r;
	rd_init(&r, body, len, 0);
	tls_note_server_key_exchange(&r, f);
}

static void test_server_key_exchange(void **state)
{
	(void)state;
	/* ECDHE: named_curve x25519, a 4-byte point, rsa_pss_rsae_sha256, a 2-byte signature. */
	static const uint8_t ecdhe[] = { 3, 0x00, 0x1d, 4, 1, 2, 3, 4, 0x08, 0x04, 0, 2, 0xaa, 0xbb };
	struct facts *f = tls12_server(SUITE_ECDHE_RSA_AES128_GCM);
	note_ske(f, ecdhe, sizeof ecdhe);
	assert_int_equal(f->ske_group, GROUP_X25519);
	assert_int_equal(f->server_sigalg, SIGALG_RSA_PSS_RSAE_SHA256);
	/* TLS 1.0 signs without naming the algorithm: the curve only. */
	struct facts *g = tls12_server(SUITE_ECDHE_RSA_AES128_GCM);
	g->version = TLS_VERSION_TLS10;
	static const uint8_t ecdhe10[] = { 3, 0x00, 0x17, 2, 4, 9, 0, 2, 0xaa, 0xbb };
	note_ske(g, ecdhe10, sizeof ecdhe10);
	assert_int_equal(g->ske_group, 0x0017);
	assert_int_equal(g->server_sigalg, 0);
	/* DHE: p, g, Ys, then the signature. */
	struct facts *h = tls12_server(SUITE_DHE_RSA_AES128_GCM);
	static const uint8_t dhe[] = { 0, 2, 0xff, 0xfb, 0, 1, 2, 0, 1, 7, 0x08, 0x04, 0, 1, 0xcc };
	note_ske(h, dhe, sizeof dhe);
	assert_int_equal(h->ske_group, 0);
	assert_int_equal(h->server_sigalg, SIGALG_RSA_PSS_RSAE_SHA256);
	/* Cut, lying or of another key exchange: nothing taken, nothing read past the end. */
	struct facts *k = tls12_server(SUITE_ECDHE_RSA_AES128_GCM);
	note_ske(k, ecdhe, 6);
	assert_int_equal(k->server_sigalg, 0);
	static const uint8_t lying[] = { 3, 0x00, 0x1d, 200, 1, 2 };
	note_ske(k, lying, sizeof lying);
	assert_int_equal(k->ske_group, 0);
	static const uint8_t explicit_curve[] = { 1, 0x00, 0x1d, 4, 1, 2, 3, 4 };
	note_ske(k, explicit_curve, sizeof explicit_curve);
	assert_int_equal(k->ske_group, 0);
	struct facts *rsa = tls12_server(SUITE_RSA_AES128_CBC);
	note_ske(rsa, ecdhe, sizeof ecdhe);
	assert_int_equal(rsa->ske_group, 0);
	assert_int_equal(rsa->server_sigalg, 0);
	/* TLS 1.3 CertificateVerify: algorithm, signature<0..2^16-1>. */
	static const uint8_t cv[] = { 0x08, 0x07, 0, 3, 1, 2, 3 };
	struct reader r;
	rd_init(&r, cv, sizeof cv, 0);
	tls_note_certificate_verify(&r, k);
	assert_int_equal(k->server_sigalg, 0x0807);
	free(f);
	free(g);
	free(h);
	free(k);
	free(rsa);
}

static struct verdict verdict_of(enum tls_class cls)
{
	struct verdict v;
	memset(&v, 0, sizeof v);
	v.cls = cls;
	return v;
}

static void test_which_verdicts(void **state)
{
	(void)state;
	enum negotiation_dim dims[NEGOTIATION__DIMS];
	struct verdict v = verdict_of(CLASS_NO_SHARED_CIPHER);
	assert_true(negotiation_applies(&v));
	assert_int_equal(negotiation_dims_for(&v, dims), 4);
	assert_int_equal(dims[0], NEGOTIATION_SUITES);
	v = verdict_of(CLASS_VERSION_MISMATCH);
	assert_int_equal(negotiation_dims_for(&v, dims), 2);
	assert_int_equal(dims[0], NEGOTIATION_VERSIONS);
	v = verdict_of(CLASS_ALPN_MISMATCH);
	assert_int_equal(negotiation_dims_for(&v, dims), 1);
	v = verdict_of(CLASS_SERVER_CERT_REJECTED);
	assert_false(negotiation_applies(&v));
	assert_int_equal(negotiation_dims_for(&v, dims), 0);
}

static void test_lists(void **state)
{
	(void)state;
	struct facts *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->client_hello_seen = true;
	static const uint16_t offer[] = { 0x0a0a, 0x1301, SUITE_ECDHE_RSA_AES128_GCM, SUITE_RSA_AES128_CBC, 0x00ff, 0x5600 };
	memcpy(f->ch.ciphers, offer, sizeof offer);
	f->ch.n_ciphers = sizeof offer / sizeof offer[0];
	/* An ALPN name from the wire, with a quote, a newline and a byte that is no UTF-8. */
	static const char hostile[] = "h2\"\n\xff";
	memcpy(f->ch.alpn[0], hostile, sizeof hostile - 1);
	f->ch.alpn_len[0] = sizeof hostile - 1;
	memcpy(f->ch.alpn[1], "http/1.1", 8);
	f->ch.alpn_len[1] = 8;
	f->ch.n_alpn = 2;
	char names[8][NEGOTIATION_NAME_MAX];
	/* Without a server history: the offer alone, nothing accepted or common. */
	assert_int_equal(negotiation_items(f, NEGOTIATION_SUITES, NEGOTIATION_OFFERED, names, 8), 3);
	assert_string_equal(names[0], "TLS_AES_128_GCM_SHA256");
	assert_string_equal(names[2], "TLS_RSA_WITH_AES_128_CBC_SHA");
	assert_int_equal(negotiation_items(f, NEGOTIATION_SUITES, NEGOTIATION_COMMON, names, 8), 0);
	struct server_accepts a;
	memset(&a, 0, sizeof a);
	a.handshakes = 3;
	a.suites[0] = SUITE_ECDHE_RSA_AES128_GCM;
	a.suites[1] = 0x1302;
	a.n_suites = 2;
	memcpy(a.alpn[0], "http/1.1", 8);
	a.alpn_len[0] = 8;
	a.n_alpn = 1;
	f->server_accepts = &a;
	assert_int_equal(negotiation_items(f, NEGOTIATION_SUITES, NEGOTIATION_ACCEPTED, names, 8), 2);
	assert_string_equal(names[1], "TLS_AES_256_GCM_SHA384");
	assert_int_equal(negotiation_items(f, NEGOTIATION_SUITES, NEGOTIATION_COMMON, names, 8), 1);
	assert_string_equal(names[0], "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
	/* max bounds what is written, not what is counted. */
	assert_int_equal(negotiation_items(f, NEGOTIATION_SUITES, NEGOTIATION_OFFERED, names, 1), 3);
	assert_int_equal(negotiation_items(f, NEGOTIATION_ALPN, NEGOTIATION_OFFERED, names, 8), 2);
	assert_null(strchr(names[0], '\n'));
	assert_null(strchr(names[0], '\xff'));
	assert_int_equal(negotiation_items(f, NEGOTIATION_ALPN, NEGOTIATION_COMMON, names, 8), 1);
	assert_string_equal(names[0], "http/1.1");
	f->server_accepts = NULL;
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_server_key_exchange),
		cmocka_unit_test(test_which_verdicts),
		cmocka_unit_test(test_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
