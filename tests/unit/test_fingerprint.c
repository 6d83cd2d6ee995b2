/*
 * test_fingerprint.c — unit tests of fingerprint.c against the published vectors:
 * Community ID from corelight/community-id-spec (baseline/baseline_deflt.json), JA3 from
 * the salesforce/ja3 README, JA4 from FoxIO's technical_details/JA4.md (its worked Chrome
 * example and its ALPN rules). Also the refusals: hellos the methods do not cover, lists
 * cut at the bounds of facts.h, buffers too small.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fingerprint.h"

/* ---- Community ID ----------------------------------------------------------------- */

static struct endpoint v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port)
{
	struct endpoint e;
	memset(&e, 0, sizeof e);
	e.family = 4;
	e.addr[0] = a;
	e.addr[1] = b;
	e.addr[2] = c;
	e.addr[3] = d;
	e.port = port;
	return e;
}

/* An IPv6 endpoint from its eight 16-bit groups. */
static struct endpoint v6(const uint16_t groups[8], uint16_t port)
{
	struct endpoint e;
	memset(&e, 0, sizeof e);
	e.family = 6;
	for (int i = 0; i < 8; i++) {
		e.addr[2 * i] = (uint8_t)(groups[i] >> 8);
		e.addr[2 * i + 1] = (uint8_t)(groups[i] & 0xff);
	}
	e.port = port;
	return e;
}

/* Checks the ID in both directions: a flow has one ID whoever is the source. */
static void assert_cid(const struct endpoint *a, const struct endpoint *b, uint8_t proto, const char *want)
{
	char out[64];
	assert_true(fp_community_id(a, b, proto, out, sizeof out));
	assert_string_equal(out, want);
	memset(out, 0, sizeof out);
	assert_true(fp_community_id(b, a, proto, out, sizeof out));
	assert_string_equal(out, want);
}

static void test_cid_tcp_ipv4(void **state)
{
	(void)state;
	struct endpoint a = v4(128, 232, 110, 120, 34855), b = v4(66, 35, 250, 204, 80);
	assert_cid(&a, &b, 6, "1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
}

static void test_cid_tcp_ipv6(void **state)
{
	(void)state;
	static const uint16_t ga[8] = { 0x2001, 0x0470, 0xe5bf, 0xdead, 0x4957, 0x2174, 0xe82c, 0x4887 };
	static const uint16_t gb[8] = { 0x2607, 0xf8b0, 0x400c, 0x0c03, 0, 0, 0, 0x001a };
	struct endpoint a = v6(ga, 63943), b = v6(gb, 25);
	assert_cid(&a, &b, 6, "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=");
}

static void test_cid_udp_sctp_and_portless(void **state)
{
	(void)state;
	struct endpoint a = v4(192, 168, 1, 52, 54585), b = v4(8, 8, 8, 8, 53);
	assert_cid(&a, &b, 17, "1:d/FP5EW3wiY1vCndhwleRRKHowQ=");
	/* Equal ports: the order comes from the addresses alone. */
	struct endpoint c = v4(192, 168, 170, 8, 7), d = v4(192, 168, 170, 56, 7);
	assert_cid(&c, &d, 132, "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=");
	/* RSVP has no ports: none are hashed, whatever the endpoints hold. */
	struct endpoint e = v4(10, 1, 12, 1, 1234), f = v4(10, 1, 12, 2, 99);
	assert_cid(&e, &f, 46, "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=");
}

static void test_cid_same_address_orders_by_port(void **state)
{
	(void)state;
	struct endpoint a = v4(127, 0, 0, 1, 40000), b = v4(127, 0, 0, 1, 443);
	char x[64], y[64];
	assert_true(fp_community_id(&a, &b, 6, x, sizeof x));
	assert_true(fp_community_id(&b, &a, 6, y, sizeof y));
	assert_string_equal(x, y);
	assert_int_equal(strlen(x), 30);
	assert_memory_equal(x, "1:", 2);
}

static void test_cid_refusals(void **state)
{
	(void)state;
	static const uint16_t g[8] = { 0xfe80, 0, 0, 0, 0, 0, 0, 1 };
	struct endpoint a = v4(10, 0, 0, 1, 1), b = v4(10, 0, 0, 2, 2), c = v6(g, 3);
	struct endpoint none;
	memset(&none, 0, sizeof none);
	char out[64];
	assert_false(fp_community_id(&a, &c, 6, out, sizeof out));    /* families differ */
	assert_false(fp_community_id(&none, &none, 6, out, sizeof out)); /* no family */
	assert_false(fp_community_id(&a, &b, 1, out, sizeof out));    /* ICMP: not supported */
	assert_false(fp_community_id(&c, &c, 58, out, sizeof out));   /* ICMPv6 */
	assert_false(fp_community_id(&a, &b, 6, out, 30));            /* one byte short */
	assert_true(fp_community_id(&a, &b, 6, out, 31));
	assert_false(fp_community_id(NULL, &b, 6, out, sizeof out));
	assert_false(fp_community_id(&a, &b, 6, NULL, sizeof out));
}

/* ---- ClientHellos ------------------------------------------------------------------ */

static void set_list(uint16_t *dst, uint16_t *n, const uint16_t *src, size_t count)
{
	memcpy(dst, src, count * sizeof *src);
	*n = (uint16_t)count;
}

static void set_alpn(struct tls_client_hello *ch, unsigned i, const void *name, size_t len)
{
	memcpy(ch->alpn[i], name, len);
	ch->alpn_len[i] = (uint8_t)len;
	if (ch->n_alpn < i + 1)
		ch->n_alpn = (uint8_t)(i + 1);
}

/* The JA3 README's example: a TLS 1.0 hello, "769,47-53-5-10-...,0-10-11,23-24-25,0". */
static void ja3_example(struct tls_client_hello *ch)
{
	static const uint16_t ciphers[] = { 47, 53, 5, 10, 49161, 49162, 49171, 49172, 50, 56, 19, 4 };
	static const uint16_t exts[] = { 0, 10, 11 };
	memset(ch, 0, sizeof *ch);
	ch->record_version = 0x0301;
	ch->legacy_version = 0x0301;
	set_list(ch->ciphers, &ch->n_ciphers, ciphers, sizeof ciphers / sizeof ciphers[0]);
	ch->n_ciphers_total = ch->n_ciphers;
	set_list(ch->exts, &ch->n_exts, exts, sizeof exts / sizeof exts[0]);
	ch->n_exts_total = ch->n_exts;
	ch->groups[0] = 23;
	ch->groups[1] = 24;
	ch->groups[2] = 25;
	ch->n_groups = 3;
	ch->point_formats[0] = 0;
	ch->n_point_formats = 1;
}

/*
 * JA4.md's worked example (Chrome): 15 suites, 16 extensions, eight signature algorithms,
 * ALPN h2 — with GREASE where Chrome puts it, which must change nothing.
 */
static void ja4_example(struct tls_client_hello *ch)
{
	static const uint16_t ciphers[] = { 0x2a2a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9,
					    0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035 };
	static const uint16_t exts[] = { 0xdada, 0x001b, 0x0000, 0x0033, 0x0010, 0x4469, 0x0017, 0x002d, 0x000d,
					 0x0005, 0x0023, 0x0012, 0x002b, 0xff01, 0x000b, 0x000a, 0x0015, 0x3a3a };
	static const uint16_t sigalgs[] = { 0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601 };
	memset(ch, 0, sizeof *ch);
	ch->record_version = 0x0301;
	ch->legacy_version = 0x0303;
	set_list(ch->ciphers, &ch->n_ciphers, ciphers, sizeof ciphers / sizeof ciphers[0]);
	ch->n_ciphers_total = ch->n_ciphers;
	set_list(ch->exts, &ch->n_exts, exts, sizeof exts / sizeof exts[0]);
	ch->n_exts_total = ch->n_exts;
	memcpy(ch->sigalgs, sigalgs, sizeof sigalgs);
	ch->n_sigalgs = (uint8_t)(sizeof sigalgs / sizeof sigalgs[0]);
	ch->has_supported_versions = true;
	ch->versions[0] = 0x8a8a;
	ch->versions[1] = 0x0304;
	ch->versions[2] = 0x0303;
	ch->n_versions = 3;
	ch->groups[0] = 0x4a4a;
	ch->groups[1] = 0x001d;
	ch->groups[2] = 0x0017;
	ch->groups[3] = 0x0018;
	ch->n_groups = 4;
	ch->point_formats[0] = 0;
	ch->n_point_formats = 1;
	ch->has_sni = true;
	memcpy(ch->sni, "www.example.com", 16);
	ch->sni_len = 15;
	set_alpn(ch, 0, "h2", 2);
	set_alpn(ch, 1, "http/1.1", 8);
}

static void test_ja3_readme_vectors(void **state)
{
	(void)state;
	struct tls_client_hello ch;
	char md5[33];
	ja3_example(&ch);
	assert_true(fp_ja3(&ch, md5, sizeof md5));
	assert_string_equal(md5, "ada70206e40642a3e4461f35503241d5");

	/* "769,4-5-10-9-100-98-3-6-19-18-99,,,": empty fields stay as empty fields. */
	static const uint16_t ciphers[] = { 4, 5, 10, 9, 100, 98, 3, 6, 19, 18, 99 };
	memset(&ch, 0, sizeof ch);
	ch.legacy_version = 0x0301;
	set_list(ch.ciphers, &ch.n_ciphers, ciphers, sizeof ciphers / sizeof ciphers[0]);
	ch.n_ciphers_total = ch.n_ciphers;
	assert_true(fp_ja3(&ch, md5, sizeof md5));
	assert_string_equal(md5, "de350869b8c85de67a350c8d186f11e6");
}

static void test_ja3_ignores_grease(void **state)
{
	(void)state;
	struct tls_client_hello ch;
	char md5[33];
	ja3_example(&ch);
	/* GREASE in front of every list, as Chrome sends it. */
	memmove(ch.ciphers + 1, ch.ciphers, ch.n_ciphers * sizeof ch.ciphers[0]);
	ch.ciphers[0] = 0x0a0a;
	ch.n_ciphers++;
	ch.n_ciphers_total++;
	memmove(ch.exts + 1, ch.exts, ch.n_exts * sizeof ch.exts[0]);
	ch.exts[0] = 0xfafa;
	ch.n_exts++;
	ch.n_exts_total++;
	ch.exts[ch.n_exts++] = 0x1a1a;
	ch.n_exts_total++;
	memmove(ch.groups + 1, ch.groups, ch.n_groups * sizeof ch.groups[0]);
	ch.groups[0] = 0xcaca;
	ch.n_groups++;
	assert_true(fp_ja3(&ch, md5, sizeof md5));
	assert_string_equal(md5, "ada70206e40642a3e4461f35503241d5");
}

static void test_ja3_refusals(void **state)
{
	(void)state;
	struct tls_client_hello ch;
	char md5[33];
	ja3_example(&ch);
	assert_false(fp_ja3(&ch, md5, 32));           /* no room for the NUL */
	assert_false(fp_ja3(NULL, md5, sizeof md5));
	assert_false(fp_ja3(&ch, NULL, sizeof md5));

	ja3_example(&ch);
	ch.n_ciphers_total = (uint16_t)(ch.n_ciphers + 1); /* a suite list cut at the bound */
	assert_false(fp_ja3(&ch, md5, sizeof md5));

	ja3_example(&ch);
	ch.n_exts_total = (uint16_t)(ch.n_exts + 5);
	assert_false(fp_ja3(&ch, md5, sizeof md5));

	ja3_example(&ch);
	ch.sslv2_format = true;
	assert_false(fp_ja3(&ch, md5, sizeof md5));

	ja3_example(&ch);
	ch.n_groups = BOUND_GROUPS + 1;                 /* a broken struct is refused, not read */
	assert_false(fp_ja3(&ch, md5, sizeof md5));
}

static void test_ja4_spec_example(void **state)
{
	(void)state;
	struct tls_client_hello ch;
	char out[40];
	ja4_example(&ch);
	assert_true(fp_ja4(&ch, out, sizeof out));
	assert_string_equal(out, "t13d1516h2_8daaf6152771_e5627efa2ab1");
}

/* JA4.md: "q" for QUIC, "d" for DTLS, whose versions are "d1", "d2", "d3" (the DTLS
 * stage hands DTLS 1.2 on as 0x0303, DTLS 1.0 as 0x0302, DTLS 1.3 as 0x0304). */
static void test_ja4_transports(void **state)
{
	(void)state;
	struct tls_client_hello ch;
	char out[40];
	ja4_example(&ch);
	assert_true(fp_ja4_over(&ch, 'q', out, sizeof out));
	assert_string_equal(out, "q13d1516h2_8daaf6152771_e5627efa2ab1");
	assert_true(fp_ja4_over(&ch, 'd', out, sizeof out));
	assert_string_equal(out, "dd3d1516h2_8daaf6152771_e5627efa2ab1");
	assert_true(fp_ja4_over(&ch, 't', out, sizeof out));
	assert_string_equal(out, "t13d1516h2_8daaf6152771_e5627efa2ab1");
	ch.has_supported_versions = false;
	ch.n_versions = 0;
	ch.legacy_version = 0x0303;
	assert_true(fp_ja4_over(&ch, 'd', out, sizeof out));
	assert_true(strncmp(out, "dd2", 3) == 0);
	ch.legacy_version = 0x0302;
	assert_true(fp_ja4_over(&ch, 'd', out, sizeof out));
	assert_true(strncmp(out, "dd1", 3) == 0);
	struct tls_server_hello sh = { .legacy_version = 0x0303, .selected_version = 0x0303, .cipher = 0xc030 };
	assert_true(fp_ja4s_over(&sh, 'd', out, sizeof out));
	assert_true(strncmp(out, "dd2", 3) == 0);
}

/* JA4S.md's example: a TLS 1.2 ServerHello choosing 0xc030 with extensions 0005, 0017,
 * ff01, 0000 and no ALPN; JA3S of the same hello, "771,49200,5-23-65281-0". */
static void server_hello_example(struct tls_server_hello *sh)
{
	*sh = (struct tls_server_hello){ .legacy_version = 0x0303, .selected_version = 0x0303, .cipher = 0xc030,
					 .exts = { 0x0005, 0x0017, 0xff01, 0x0000 }, .n_exts = 4, .n_exts_total = 4 };
}

static void test_ja4s_and_ja3s(void **state)
{
	(void)state;
	struct tls_server_hello sh;
	char out[40];
	server_hello_example(&sh);
	assert_true(fp_ja4s(&sh, out, sizeof out));
	assert_string_equal(out, "t120400_c030_4e8089b08790");
	assert_true(fp_ja3s(&sh, out, sizeof out));
	assert_string_equal(out, "7d8fd34fdb13a7fff30d5a52846b6c4c");
	/* TLS 1.3: the version from supported_versions, the chosen ALPN's ends. */
	sh.selected_version = 0x0304;
	sh.has_supported_versions = true;
	sh.has_alpn = true;
	memcpy(sh.alpn, "h2", 2);
	sh.alpn_len = 2;
	assert_true(fp_ja4s(&sh, out, sizeof out));
	assert_string_equal(out, "t1304h2_c030_4e8089b08790");
	/* No extensions hash to zeros; a list cut at the bound is refused. */
	sh.n_exts = sh.n_exts_total = 0;
	assert_true(fp_ja4s(&sh, out, sizeof out));
	assert_string_equal(out, "t1300h2_c030_000000000000");
	sh.n_exts_total = 5;
	assert_false(fp_ja4s(&sh, out, sizeof out));
	assert_false(fp_ja3s(&sh, out, sizeof out));
}

static void test_ja4_without_sigalgs(void **state)
{
	(void)state;
	struct tls_client_hello ch;
	char out[40];
	/* JA4.md: with no signature algorithms the string ends without '_' -> 6d807ffa2a79. */
	ja4_example(&ch);
	ch.n_sigalgs = 0;
	assert_true(fp_ja4(&ch, out, sizeof out));
	assert_string_equal(out, "t13d1516h2_8daaf6152771_6d807ffa2a79");
}

static void test_ja4_grease_sigalg_ignored(void **state)
{
	(void)state;
	struct tls_client_hello ch;
	char out[40];
	ja4_example(&ch);
	memmove(ch.sigalgs + 1, ch.sigalgs, ch.n_sigalgs * sizeof ch.sigalgs[0]);
	ch.sigalgs[0] = 0x6a6a;
	ch.n_sigalgs++;
	assert_true(fp_ja4(&ch, out, sizeof out));
	assert_string_equal(out, "t13d1516h2_8daaf6152771_e5627efa2ab1");
}

static void test_ja4_versions(void **state)
{
	(void)state;
	struct tls_client_hello ch;
	char out[40];
	static const struct {
		uint16_t legacy;
		bool has_sv;
		uint16_t sv[3];
		uint8_t n_sv;
		const char *want;
	} cases[] = {
		{ 0x0303, false, { 0 }, 0, "t12" },
		{ 0x0302, false, { 0 }, 0, "t11" },
		{ 0x0301, false, { 0 }, 0, "t10" },
		{ 0x0300, false, { 0 }, 0, "ts3" },
		{ 0x0002, false, { 0 }, 0, "ts2" },
		{ 0x0305, false, { 0 }, 0, "t00" },
		{ 0x0303, true, { 0x7f1c, 0x0303, 0 }, 2, "t13" },  /* draft 28 counts as 1.3 */
		{ 0x0303, true, { 0xfb1a, 0x7f17, 0 }, 2, "t13" },  /* fizz and draft 23 */
		{ 0x0303, true, { 0x0303, 0x0302, 0x0a0a }, 3, "t12" },
		{ 0x0301, true, { 0x1a1a, 0, 0 }, 1, "t10" },        /* only GREASE: legacy_version */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ja4_example(&ch);
		ch.legacy_version = cases[i].legacy;
		ch.has_supported_versions = cases[i].has_sv;
		memcpy(ch.versions, cases[i].sv, sizeof cases[i].sv);
		ch.n_versions = cases[i].n_sv;
		assert_true(fp_ja4(&ch, out, sizeof out));
		assert_memory_equal(out, cases[i].want, 3);
	}
}

static void test_ja4_alpn(void **state)
{
	(void)state;
	struct tls_client_hello ch;
	char out[40];
	static const struct {
		uint8_t bytes[8];
		uint8_t len;
		const char *want;
	} cases[] = {
		{ "h2", 2, "h2" },
		{ "http/1.1", 8, "h1" },
		{ "h", 1, "hh" },                          /* one byte is first and last */
		{ { 0xab }, 1, "ab" },                     /* JA4.md's non-alphanumeric examples */
		{ { 0xab, 0xcd }, 2, "ad" },
		{ { 0x30, 0xab }, 2, "3b" },
		{ { 0x30, 0x31, 0xab, 0xcd }, 4, "3d" },
		{ { 0x30, 0xab, 0xcd, 0x31 }, 4, "01" },
		{ "", 0, "00" },                           /* empty first value */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ja4_example(&ch);
		set_alpn(&ch, 0, cases[i].bytes, cases[i].len);
		assert_true(fp_ja4(&ch, out, sizeof out));
		assert_memory_equal(out + 8, cases[i].want, 2);
		assert_memory_equal(out + 10, "_8daaf6152771_e5627efa2ab1", 27);
	}
	ja4_example(&ch);
	ch.n_alpn = 0;                                 /* no ALPN values at all */
	assert_true(fp_ja4(&ch, out, sizeof out));
	assert_memory_equal(out + 8, "00", 2);
}

static void test_ja4_sni_counts_and_empty_lists(void **state)
{
	(void)state;
	struct tls_client_hello ch;
	char out[40];

	/* No SNI: 'i', and the extension count drops by one; part c is unchanged. */
	ja4_example(&ch);
	ch.has_sni = false;
	ch.exts[2] = 0x1a1a; /* the server_name slot becomes GREASE */
	assert_true(fp_ja4(&ch, out, sizeof out));
	assert_string_equal(out, "t13i1515h2_8daaf6152771_e5627efa2ab1");

	/* More than 99 suites: the count stops at 99. */
	ja4_example(&ch);
	for (uint16_t i = 0; i < 110; i++)
		ch.ciphers[i] = (uint16_t)(0x0100 + i);
	ch.n_ciphers = ch.n_ciphers_total = 110;
	assert_true(fp_ja4(&ch, out, sizeof out));
	assert_memory_equal(out, "t13d9916h2_", 11);

	/* Nothing to hash: twelve zeros rather than the hash of an empty string. */
	ja4_example(&ch);
	ch.n_ciphers = ch.n_ciphers_total = 0;
	ch.n_exts = ch.n_exts_total = 0;
	ch.has_supported_versions = false;
	ch.has_sni = false;
	ch.n_alpn = 0;
	assert_true(fp_ja4(&ch, out, sizeof out));
	assert_string_equal(out, "t12i000000_000000000000_000000000000");

	/* Only SNI and ALPN: counted in part a, nothing left for part c. */
	ja4_example(&ch);
	ch.exts[0] = 0x0000;
	ch.exts[1] = 0x0010;
	ch.n_exts = ch.n_exts_total = 2;
	assert_true(fp_ja4(&ch, out, sizeof out));
	assert_string_equal(out, "t13d1502h2_8daaf6152771_000000000000");
}

static void test_ja4_refusals(void **state)
{
	(void)state;
	struct tls_client_hello ch;
	char out[40];
	ja4_example(&ch);
	assert_false(fp_ja4(&ch, out, 36));
	assert_true(fp_ja4(&ch, out, 37));
	assert_false(fp_ja4(NULL, out, sizeof out));
	assert_false(fp_ja4(&ch, NULL, sizeof out));

	ja4_example(&ch);
	ch.sslv2_format = true;
	assert_false(fp_ja4(&ch, out, sizeof out));

	ja4_example(&ch);
	ch.n_ciphers_total = 200;
	assert_false(fp_ja4(&ch, out, sizeof out));

	ja4_example(&ch);
	ch.n_exts = BOUND_EXTENSIONS + 1;
	ch.n_exts_total = ch.n_exts;
	assert_false(fp_ja4(&ch, out, sizeof out));

	ja4_example(&ch);
	ch.alpn_len[0] = BOUND_ALPN_NAME + 1;
	assert_false(fp_ja4(&ch, out, sizeof out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cid_tcp_ipv4),
		cmocka_unit_test(test_cid_tcp_ipv6),
		cmocka_unit_test(test_cid_udp_sctp_and_portless),
		cmocka_unit_test(test_cid_same_address_orders_by_port),
		cmocka_unit_test(test_cid_refusals),
		cmocka_unit_test(test_ja3_readme_vectors),
		cmocka_unit_test(test_ja3_ignores_grease),
		cmocka_unit_test(test_ja3_refusals),
		cmocka_unit_test(test_ja4_spec_example),
		cmocka_unit_test(test_ja4_transports),
		cmocka_unit_test(test_ja4s_and_ja3s),
		cmocka_unit_test(test_ja4_without_sigalgs),
		cmocka_unit_test(test_ja4_grease_sigalg_ignored),
		cmocka_unit_test(test_ja4_versions),
		cmocka_unit_test(test_ja4_alpn),
		cmocka_unit_test(test_ja4_sni_counts_and_empty_lists),
		cmocka_unit_test(test_ja4_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
