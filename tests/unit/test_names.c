/*
 * test_names.c — unit tests of tls_names.c: the order of its tables (binary search depends
 * on it), look-ups over the whole code space, the spellings of the registries, the cipher
 * suites' key exchange and flags, and the formats of versions and unknown suites.
 *
 * The tables are static, so this file reads them by including tls_names.c. Its exported
 * functions are renamed on the way in, so the copy cannot collide with the library's
 * tls_names.o that the test is linked with; the tests themselves call the library.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tls_names.h"

#define tls_version_name copy_tls_version_name
#define tls_is_grease copy_tls_is_grease
#define tls_alert_name copy_tls_alert_name
#define tls_group_name copy_tls_group_name
#define tls_sigalg_name copy_tls_sigalg_name
#define tls_ext_name copy_tls_ext_name
#define tls_handshake_name copy_tls_handshake_name
#define tls_handshake_title copy_tls_handshake_title
#define tls_content_type_name copy_tls_content_type_name
#define tls_cipher_info copy_tls_cipher_info
#define tls_cipher_name copy_tls_cipher_name
#define dtls_version_name copy_dtls_version_name
#include "../../src/tls_names.c"
#undef tls_version_name
#undef tls_is_grease
#undef tls_alert_name
#undef tls_group_name
#undef tls_sigalg_name
#undef tls_ext_name
#undef tls_handshake_name
#undef tls_handshake_title
#undef tls_content_type_name
#undef tls_cipher_info
#undef tls_cipher_name
#undef dtls_version_name

/* ---- table order ---------------------------------------------------------------- */

static void assert_strictly_increasing(const struct tn_entry *t, size_t n, const char *table)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i].name == NULL || t[i].name[0] == '\0')
			fail_msg("%s[%zu] (0x%04x) has no name", table, i, (unsigned)t[i].id);
		if (i > 0 && t[i - 1].id >= t[i].id)
			fail_msg("%s: 0x%04x after 0x%04x (unsorted or duplicate)", table, (unsigned)t[i].id,
				 (unsigned)t[i - 1].id);
	}
}

static void test_tables_sorted_without_duplicates(void **state)
{
	(void)state;
	assert_strictly_increasing(tn_groups, TN_COUNT(tn_groups), "groups");
	assert_strictly_increasing(tn_sigalgs, TN_COUNT(tn_sigalgs), "sigalgs");
	assert_strictly_increasing(tn_extensions, TN_COUNT(tn_extensions), "extensions");
	for (size_t i = 1; i < TN_COUNT(tn_ciphers); i++)
		if (tn_ciphers[i - 1].id >= tn_ciphers[i].id)
			fail_msg("ciphers: 0x%04X after 0x%04X (unsorted or duplicate)", (unsigned)tn_ciphers[i].id,
				 (unsigned)tn_ciphers[i - 1].id);
}

static const char *scan(const struct tn_entry *t, size_t n, uint16_t id)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].id == id)
			return t[i].name;
	return NULL;
}

static void assert_same_name(const char *got, const char *want, uint16_t id)
{
	if (got == NULL && want == NULL)
		return;
	if (got == NULL || want == NULL || strcmp(got, want) != 0)
		fail_msg("0x%04x: look-up gives %s, the table %s", (unsigned)id, got ? got : "nothing",
			 want ? want : "nothing");
}

/* The binary searches agree with a plain scan of each table over all 65536 code points. */
static void test_lookups_agree_with_scans(void **state)
{
	(void)state;
	for (uint32_t v = 0; v <= 0xffff; v++) {
		uint16_t id = (uint16_t)v;
		assert_same_name(tls_group_name(id), scan(tn_groups, TN_COUNT(tn_groups), id), id);
		assert_same_name(tls_sigalg_name(id), scan(tn_sigalgs, TN_COUNT(tn_sigalgs), id), id);
		assert_same_name(tls_ext_name(id), scan(tn_extensions, TN_COUNT(tn_extensions), id), id);
		const struct cipher_info *want = NULL;
		for (size_t i = 0; i < TN_COUNT(tn_ciphers) && want == NULL; i++)
			if (tn_ciphers[i].id == id)
				want = &tn_ciphers[i];
		const struct cipher_info *got = tls_cipher_info(id);
		assert_int_equal(got == NULL, want == NULL);
		if (got != NULL) {
			assert_int_equal(got->id, id);
			assert_string_equal(got->name, want->name);
		}
	}
}

/* ---- cipher suites ---------------------------------------------------------------- */

static void test_cipher_rows_consistent(void **state)
{
	(void)state;
	const unsigned all_flags = CF_AEAD | CF_CBC | CF_RC4 | CF_DES | CF_NULL | CF_EXPORT | CF_ECDSA | CF_RSA_AUTH |
				   CF_DSS | CF_WEAK;
	const unsigned cert_flags = CF_ECDSA | CF_RSA_AUTH | CF_DSS;
	size_t iana_ranges = 0;
	for (size_t i = 0; i < TN_COUNT(tn_ciphers); i++) {
		const struct cipher_info *c = &tn_ciphers[i];
		assert_non_null(c->name);
		assert_true(strncmp(c->name, "TLS_", 4) == 0 || strncmp(c->name, "SSL_", 4) == 0);
		assert_true(c->openssl == NULL || c->openssl[0] != '\0');
		assert_true(c->kx <= KX_SCSV);
		assert_int_equal(c->flags & ~all_flags, 0);
		/* A suite's cipher has one shape, and at most one certificate key type. */
		unsigned shape = c->flags & (CF_AEAD | CF_CBC | CF_RC4 | CF_NULL);
		assert_true(shape == 0 || (shape & (shape - 1)) == 0);
		unsigned cert = c->flags & cert_flags;
		assert_true((cert & (cert - 1)) == 0);
		if (c->kx == KX_TLS13 || c->kx == KX_SCSV)
			assert_int_equal(cert, 0);
		if (c->kx == KX_SCSV)
			assert_int_equal(c->flags, 0);
		if (c->flags & (CF_NULL | CF_EXPORT | CF_RC4 | CF_DES) || c->kx == KX_ANON || c->kx == KX_SSL2)
			assert_true(c->flags & CF_WEAK);
		if ((c->id & 0xff00) == 0x0000 || (c->id & 0xff00) == 0xc000 || (c->id & 0xff00) == 0xcc00)
			iana_ranges++;
	}
	/* The registry's 0x00xx, 0xC0xx and 0xCCxx blocks hold well over 300 suites. */
	assert_true(iana_ranges >= 300);
}

static void assert_suite(uint16_t id, const char *name, const char *openssl, unsigned kx, unsigned flags)
{
	const struct cipher_info *c = tls_cipher_info(id);
	if (c == NULL)
		fail_msg("0x%04X missing", (unsigned)id);
	assert_string_equal(c->name, name);
	if (openssl == NULL)
		assert_null(c->openssl);
	else
		assert_string_equal(c->openssl, openssl);
	assert_int_equal(c->kx, kx);
	assert_int_equal(c->flags, flags);
}

static void test_cipher_spot_checks(void **state)
{
	(void)state;
	assert_suite(0x0000, "TLS_NULL_WITH_NULL_NULL", NULL, KX_UNKNOWN, CF_NULL | CF_WEAK);
	assert_suite(0x0004, "TLS_RSA_WITH_RC4_128_MD5", "RC4-MD5", KX_RSA, CF_RC4 | CF_RSA_AUTH | CF_WEAK);
	assert_suite(0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5", "EXP-RC4-MD5", KX_RSA,
		     CF_RC4 | CF_EXPORT | CF_RSA_AUTH | CF_WEAK);
	assert_suite(0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "DES-CBC3-SHA", KX_RSA,
		     CF_CBC | CF_DES | CF_RSA_AUTH | CF_WEAK);
	assert_suite(0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA", KX_RSA, CF_CBC | CF_RSA_AUTH);
	assert_suite(0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA", "DHE-DSS-AES128-SHA", KX_DHE, CF_CBC | CF_DSS);
	assert_suite(0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA", "ADH-AES128-SHA", KX_ANON, CF_CBC | CF_WEAK);
	assert_suite(0x0037, "TLS_DH_RSA_WITH_AES_256_CBC_SHA", "DH-RSA-AES256-SHA", KX_DH_ECDH_STATIC, CF_CBC);
	assert_suite(0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256", KX_DHE,
		     CF_AEAD | CF_RSA_AUTH);
	assert_suite(0x00A8, "TLS_PSK_WITH_AES_128_GCM_SHA256", "PSK-AES128-GCM-SHA256", KX_PSK, CF_AEAD);
	assert_suite(0x00FF, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", NULL, KX_SCSV, 0);
	assert_suite(0x1301, "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256", KX_TLS13, CF_AEAD);
	assert_suite(0x1302, "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384", KX_TLS13, CF_AEAD);
	assert_suite(0x1303, "TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256", KX_TLS13, CF_AEAD);
	assert_suite(0x1304, "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_SHA256", KX_TLS13, CF_AEAD);
	assert_suite(0x1305, "TLS_AES_128_CCM_8_SHA256", "TLS_AES_128_CCM_8_SHA256", KX_TLS13, CF_AEAD);
	assert_suite(0x5600, "TLS_FALLBACK_SCSV", NULL, KX_SCSV, 0);
	assert_suite(0xC005, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA", "ECDH-ECDSA-AES256-SHA", KX_DH_ECDH_STATIC,
		     CF_CBC | CF_ECDSA);
	assert_suite(0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA", KX_ECDHE,
		     CF_CBC | CF_RSA_AUTH);
	assert_suite(0xC01E, "TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA", "SRP-RSA-AES-128-CBC-SHA", KX_SRP,
		     CF_CBC | CF_RSA_AUTH);
	assert_suite(0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", KX_ECDHE,
		     CF_AEAD | CF_ECDSA);
	assert_suite(0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", KX_ECDHE,
		     CF_AEAD | CF_RSA_AUTH);
	assert_suite(0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384", KX_ECDHE,
		     CF_AEAD | CF_RSA_AUTH);
	assert_suite(0xC0AA, "TLS_PSK_DHE_WITH_AES_128_CCM_8", "DHE-PSK-AES128-CCM8", KX_PSK, CF_AEAD);
	assert_suite(0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305", KX_ECDHE,
		     CF_AEAD | CF_RSA_AUTH);
	assert_suite(0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305",
		     KX_ECDHE, CF_AEAD | CF_ECDSA);
	assert_suite(0xCCAE, "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256", "RSA-PSK-CHACHA20-POLY1305", KX_PSK,
		     CF_AEAD | CF_RSA_AUTH);
	assert_suite(0xD001, "TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256", NULL, KX_PSK, CF_AEAD);
	assert_suite(0xD005, "TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256", NULL, KX_PSK, CF_AEAD);
	assert_suite(0xC100, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC", "GOST2012-KUZNYECHIK-KUZNYECHIKOMAC",
		     KX_UNKNOWN, 0);
	assert_suite(0xFF01, "SSL_CK_RC4_128_WITH_MD5", NULL, KX_SSL2, CF_RC4 | CF_RSA_AUTH | CF_WEAK);
	assert_suite(0xFF07, "SSL_CK_DES_192_EDE3_CBC_WITH_MD5", NULL, KX_SSL2, CF_CBC | CF_DES | CF_RSA_AUTH | CF_WEAK);
	/* Unassigned code points and GREASE are unknown. */
	assert_null(tls_cipher_info(0xD004));
	assert_null(tls_cipher_info(0x1300));
	assert_null(tls_cipher_info(0x0A0A));
	assert_null(tls_cipher_info(0xFFFF));
}

static void test_cipher_name_fallback(void **state)
{
	(void)state;
	char buf[8];
	assert_string_equal(tls_cipher_name(0xC02F, buf, sizeof buf), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
	assert_string_equal(tls_cipher_name(0x1234, buf, sizeof buf), "0x1234");
	assert_string_equal(tls_cipher_name(0xabcd, buf, sizeof buf), "0xABCD");
	assert_string_equal(tls_cipher_name(0xabcd, buf, 4), "0xA");       /* truncated, terminated */
	assert_string_equal(tls_cipher_name(0xabcd, NULL, 0), "");
	assert_string_equal(tls_cipher_name(0x0000, NULL, 0), "TLS_NULL_WITH_NULL_NULL");
}

/* ---- other registries ------------------------------------------------------------- */

static void test_alert_names(void **state)
{
	(void)state;
	static const struct {
		uint8_t code;
		const char *name;
	} want[] = {
		{ 0, "close_notify" }, { 10, "unexpected_message" }, { 20, "bad_record_mac" },
		{ 21, "decryption_failed" }, { 22, "record_overflow" }, { 30, "decompression_failure" },
		{ 40, "handshake_failure" }, { 41, "no_certificate" }, { 42, "bad_certificate" },
		{ 43, "unsupported_certificate" }, { 44, "certificate_revoked" }, { 45, "certificate_expired" },
		{ 46, "certificate_unknown" }, { 47, "illegal_parameter" }, { 48, "unknown_ca" },
		{ 49, "access_denied" }, { 50, "decode_error" }, { 51, "decrypt_error" },
		{ 52, "too_many_cids_requested" }, { 60, "export_restriction" }, { 70, "protocol_version" },
		{ 71, "insufficient_security" }, { 80, "internal_error" }, { 86, "inappropriate_fallback" },
		{ 90, "user_canceled" }, { 100, "no_renegotiation" }, { 109, "missing_extension" },
		{ 110, "unsupported_extension" }, { 111, "certificate_unobtainable" }, { 112, "unrecognized_name" },
		{ 113, "bad_certificate_status_response" }, { 114, "bad_certificate_hash_value" },
		{ 115, "unknown_psk_identity" }, { 116, "certificate_required" }, { 120, "no_application_protocol" },
		{ 121, "ech_required" },
	};
	size_t named = 0;
	for (unsigned c = 0; c < 256; c++)
		named += tls_alert_name((uint8_t)c) != NULL;
	assert_int_equal(named, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		assert_string_equal(tls_alert_name(want[i].code), want[i].name);
	assert_null(tls_alert_name(1));
	assert_null(tls_alert_name(255));
}

static void test_handshake_and_content_types(void **state)
{
	(void)state;
	static const struct {
		uint8_t type;
		const char *name;
	} hs[] = {
		{ 0, "hello_request" }, { 1, "client_hello" }, { 2, "server_hello" }, { 3, "hello_verify_request" },
		{ 4, "new_session_ticket" }, { 5, "end_of_early_data" }, { 6, "hello_retry_request" },
		{ 8, "encrypted_extensions" }, { 11, "certificate" }, { 12, "server_key_exchange" },
		{ 13, "certificate_request" }, { 14, "server_hello_done" }, { 15, "certificate_verify" },
		{ 16, "client_key_exchange" }, { 20, "finished" }, { 21, "certificate_url" },
		{ 22, "certificate_status" }, { 23, "supplemental_data" }, { 24, "key_update" },
		{ 25, "compressed_certificate" }, { 254, "message_hash" },
	};
	for (size_t i = 0; i < sizeof hs / sizeof hs[0]; i++)
		assert_string_equal(tls_handshake_name(hs[i].type), hs[i].name);
	assert_null(tls_handshake_name(7));
	assert_null(tls_handshake_name(255));

	assert_string_equal(tls_content_type_name(20), "change_cipher_spec");
	assert_string_equal(tls_content_type_name(21), "alert");
	assert_string_equal(tls_content_type_name(22), "handshake");
	assert_string_equal(tls_content_type_name(23), "application_data");
	assert_string_equal(tls_content_type_name(24), "heartbeat");
	assert_string_equal(tls_content_type_name(25), "tls12_cid");
	assert_string_equal(tls_content_type_name(26), "ack");
	assert_null(tls_content_type_name(0));
	assert_null(tls_content_type_name(19));
	assert_null(tls_content_type_name(0x80)); /* an SSL 2.0 header byte is not a type */
}

static void test_group_names(void **state)
{
	(void)state;
	assert_string_equal(tls_group_name(0x0017), "secp256r1");
	assert_string_equal(tls_group_name(0x0018), "secp384r1");
	assert_string_equal(tls_group_name(0x0019), "secp521r1");
	assert_string_equal(tls_group_name(0x001a), "brainpoolP256r1");
	assert_string_equal(tls_group_name(0x001d), "x25519");
	assert_string_equal(tls_group_name(0x001e), "x448");
	assert_string_equal(tls_group_name(0x001f), "brainpoolP256r1tls13");
	assert_string_equal(tls_group_name(0x0100), "ffdhe2048");
	assert_string_equal(tls_group_name(0x0104), "ffdhe8192");
	assert_string_equal(tls_group_name(0x0200), "MLKEM512");
	assert_string_equal(tls_group_name(0x0201), "MLKEM768");
	assert_string_equal(tls_group_name(0x0202), "MLKEM1024");
	assert_string_equal(tls_group_name(0x11eb), "SecP256r1MLKEM768");
	assert_string_equal(tls_group_name(0x11ec), "X25519MLKEM768");
	assert_string_equal(tls_group_name(0x11ed), "SecP384r1MLKEM1024");
	assert_string_equal(tls_group_name(0x6399), "X25519Kyber768Draft00");
	assert_null(tls_group_name(0x0000));
	assert_null(tls_group_name(0x0a0a));
	assert_null(tls_group_name(0x0105));
}

static void test_sigalg_names(void **state)
{
	(void)state;
	assert_string_equal(tls_sigalg_name(0x0201), "rsa_pkcs1_sha1");
	assert_string_equal(tls_sigalg_name(0x0203), "ecdsa_sha1");
	assert_string_equal(tls_sigalg_name(0x0101), "rsa_pkcs1_md5");
	assert_string_equal(tls_sigalg_name(0x0401), "rsa_pkcs1_sha256");
	assert_string_equal(tls_sigalg_name(0x0403), "ecdsa_secp256r1_sha256");
	assert_string_equal(tls_sigalg_name(0x0503), "ecdsa_secp384r1_sha384");
	assert_string_equal(tls_sigalg_name(0x0603), "ecdsa_secp521r1_sha512");
	assert_string_equal(tls_sigalg_name(0x0804), "rsa_pss_rsae_sha256");
	assert_string_equal(tls_sigalg_name(0x0806), "rsa_pss_rsae_sha512");
	assert_string_equal(tls_sigalg_name(0x0807), "ed25519");
	assert_string_equal(tls_sigalg_name(0x0808), "ed448");
	assert_string_equal(tls_sigalg_name(0x0809), "rsa_pss_pss_sha256");
	assert_string_equal(tls_sigalg_name(0x080b), "rsa_pss_pss_sha512");
	assert_string_equal(tls_sigalg_name(0x081a), "ecdsa_brainpoolP256r1tls13_sha256");
	assert_string_equal(tls_sigalg_name(0x0904), "mldsa44");
	assert_string_equal(tls_sigalg_name(0x0905), "mldsa65");
	assert_string_equal(tls_sigalg_name(0x0906), "mldsa87");
	assert_null(tls_sigalg_name(0x0000));
	assert_null(tls_sigalg_name(0x0a0a));
	assert_null(tls_sigalg_name(0x080c));
}

static void test_extension_names(void **state)
{
	(void)state;
	static const struct {
		uint16_t id;
		const char *name;
	} want[] = {
		{ 0x0000, "server_name" },
		{ 0x0005, "status_request" },
		{ 0x000a, "supported_groups" },
		{ 0x000b, "ec_point_formats" },
		{ 0x000d, "signature_algorithms" },
		{ 0x0010, "application_layer_protocol_negotiation" },
		{ 0x0012, "signed_certificate_timestamp" },
		{ 0x0015, "padding" },
		{ 0x0016, "encrypt_then_mac" },
		{ 0x0017, "extended_master_secret" },
		{ 0x001b, "compress_certificate" },
		{ 0x001c, "record_size_limit" },
		{ 0x0023, "session_ticket" },
		{ 0x0029, "pre_shared_key" },
		{ 0x002a, "early_data" },
		{ 0x002b, "supported_versions" },
		{ 0x002c, "cookie" },
		{ 0x002d, "psk_key_exchange_modes" },
		{ 0x0031, "post_handshake_auth" },
		{ 0x0032, "signature_algorithms_cert" },
		{ 0x0033, "key_share" },
		{ 0x0039, "quic_transport_parameters" },
		{ 0x3374, "next_protocol_negotiation" },
		{ 0x4469, "application_settings_old" },
		{ 0x44cd, "application_settings" },
		{ 0xfe0d, "encrypted_client_hello" },
		{ 0xff01, "renegotiation_info" },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		assert_string_equal(tls_ext_name(want[i].id), want[i].name);
	assert_null(tls_ext_name(0x0028)); /* reserved since TLS 1.3 draft 23 moved key_share */
	assert_null(tls_ext_name(0x0a0a));
	assert_null(tls_ext_name(0xffff));
}

/* ---- GREASE and versions ------------------------------------------------------------ */

static void test_grease(void **state)
{
	(void)state;
	size_t n = 0;
	for (uint32_t v = 0; v <= 0xffff; v++)
		if (tls_is_grease((uint16_t)v)) {
			assert_int_equal(v & 0x0f0f, 0x0a0a);
			assert_int_equal(v >> 8, v & 0xff);
			n++;
		}
	assert_int_equal(n, 16);
	assert_true(tls_is_grease(0x0a0a));
	assert_true(tls_is_grease(0xfafa));
	assert_false(tls_is_grease(0x0a1a));
	assert_false(tls_is_grease(0x1a0a));
	assert_false(tls_is_grease(0x0000));
	assert_false(tls_is_grease(0xaaab));
}

static void test_version_names(void **state)
{
	(void)state;
	static const struct {
		uint16_t v;
		const char *name;
	} want[] = {
		{ 0x0002, "SSL2" }, { 0x0300, "SSL3" }, { 0x0301, "TLS1.0" }, { 0x0302, "TLS1.1" },
		{ 0x0303, "TLS1.2" }, { 0x0304, "TLS1.3" }, { 0x7f12, "TLS1.3-draft18" },
		{ 0x7f1c, "TLS1.3-draft28" }, { 0xfb17, "TLS1.3-fb-draft23" }, { 0xfeff, "DTLS1.0" },
		{ 0xfefd, "DTLS1.2" }, { 0xfefc, "DTLS1.3" }, { 0x0305, "0x0305" }, { 0x0a0a, "0x0a0a" },
		{ 0x0000, "0x0000" }, { 0xffff, "0xffff" },
	};
	char buf[24];
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		memset(buf, 'x', sizeof buf);
		assert_ptr_equal(tls_version_name(want[i].v, buf, sizeof buf), buf);
		assert_string_equal(buf, want[i].name);
	}
	/* A short buffer is truncated and terminated, never overrun. */
	char small[5];
	memset(small, 'x', sizeof small);
	assert_string_equal(tls_version_name(0x7f1c, small, sizeof small), "TLS1");
	assert_string_equal(tls_version_name(0x0303, NULL, 0), "");
	assert_string_equal(tls_version_name(0x0303, buf, 0), "");
}

/* DTLS's wire versions; TLS versions and everything else are not DTLS's. */
static void test_dtls_version_names(void **state)
{
	(void)state;
	assert_string_equal(dtls_version_name(0xfeff), "DTLS1.0");
	assert_string_equal(dtls_version_name(0x0100), "DTLS1.0");
	assert_string_equal(dtls_version_name(0xfefd), "DTLS1.2");
	assert_string_equal(dtls_version_name(0xfefc), "DTLS1.3");
	assert_null(dtls_version_name(0xfefe));
	assert_null(dtls_version_name(0x0303));
	assert_null(dtls_version_name(0x0302));
	assert_null(dtls_version_name(0x0000));
	assert_null(dtls_version_name(0xffff));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_sorted_without_duplicates),
		cmocka_unit_test(test_lookups_agree_with_scans),
		cmocka_unit_test(test_cipher_rows_consistent),
		cmocka_unit_test(test_cipher_spot_checks),
		cmocka_unit_test(test_cipher_name_fallback),
		cmocka_unit_test(test_alert_names),
		cmocka_unit_test(test_handshake_and_content_types),
		cmocka_unit_test(test_group_names),
		cmocka_unit_test(test_sigalg_names),
		cmocka_unit_test(test_extension_names),
		cmocka_unit_test(test_grease),
		cmocka_unit_test(test_version_names),
		cmocka_unit_test(test_dtls_version_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
