/*
 * test_quic_crypto.c — unit tests of QUIC packet protection (include/quic_crypto.h,
 * src/quic_crypto.c) against the published vectors:
 *   - RFC 9001 appendix A: the Initial secrets, keys, IVs and header protection keys of
 *     both sides for the connection ID 0x8394c8f03e515708 (A.1); the client Initial's
 *     header protection sample and mask (A.2); the server Initial, whole: header
 *     protection removed and payload opened (A.3); the ChaCha20-Poly1305 short header
 *     packet (A.5).
 *   - RFC 9369 appendix A: the same keys for QUIC version 2 (A.1) and its long packet
 *     type numbers (3.2).
 * Damaged packets must fail to open; versions without a known salt are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "quic_crypto.h"

#include "hex.h"

static const char rfc9001_dcid[] = "8394c8f03e515708";

static void check_keys(uint32_t version, bool server, const char *key, const char *iv, const char *hp)
{
	uint8_t dcid[8];
	size_t dcid_len = unhex(rfc9001_dcid, dcid, sizeof dcid);
	struct quic_keys k = { 0 };
	assert_true(quic_initial_keys(version, dcid, dcid_len, server, &k));
	assert_true(k.set);
	assert_int_equal(k.aead, QUIC_AEAD_AES_128_GCM);
	assert_hex_equal(k.key, k.key_len, key);
	assert_hex_equal(k.iv, sizeof k.iv, iv);
	assert_hex_equal(k.hp, k.key_len, hp);
	quic_keys_clear(&k);
	assert_false(k.set);
}

/* RFC 9001 A.1. */
static void test_rfc9001_initial_keys(void **state)
{
	(void)state;
	check_keys(QUIC_VERSION_1, false, "1f369613dd76d5467730efcbe3b1a22d", "fa044b2f42a3fd3b46fb255c",
		   "9f50449e04a0e810283a1e9933adedd2");
	check_keys(QUIC_VERSION_1, true, "cf3a5331653c364c88f0f379b6067e37", "0ac1493ca1905853b0bba03e",
		   "c206b8d9b9f0f37644430b490eeaa314");
}

/* RFC 9369 A.1. */
static void test_rfc9369_initial_keys(void **state)
{
	(void)state;
	check_keys(QUIC_VERSION_2, false, "8b1a0bc121284290a29e0971b5cd045d", "91f73e2351d8fa91660e909f",
		   "45b95e15235d6f45a6b19cbcb0294ba9");
	check_keys(QUIC_VERSION_2, true, "82db637861d55e1d011f19ea71d5d2a7", "dd13c276499c0249d3310652",
		   "edf6d05c83121201b436e16877593c3a");
}

/* RFC 9001 A.2: the client Initial's sample gives the mask 437b9aec36. */
static void test_rfc9001_client_hp_mask(void **state)
{
	(void)state;
	uint8_t dcid[8], sample[16], mask[5];
	size_t dcid_len = unhex(rfc9001_dcid, dcid, sizeof dcid);
	unhex("d1b1c98dd7689fb8ec11d242b123dc9b", sample, sizeof sample);
	struct quic_keys k = { 0 };
	assert_true(quic_initial_keys(QUIC_VERSION_1, dcid, dcid_len, false, &k));
	assert_true(quic_hp_mask(&k, sample, mask));
	assert_hex_equal(mask, sizeof mask, "437b9aec36");
	quic_keys_clear(&k);
}

/* RFC 9001 A.3: the server's Initial, protected as sent. */
static const char rfc9001_server_initial[] =
	"cf000000010008f067a5502a4262b5004075c0d95a482cd0991cd25b0aac406a"
	"5816b6394100f37a1c69797554780bb38cc5a99f5ede4cf73c3ec2493a1839b3"
	"dbcba3f6ea46c5b7684df3548e7ddeb9c3bf9c73cc3f3bded74b562bfb19fb84"
	"022f8ef4cdd93795d77d06edbb7aaf2f58891850abbdca3d20398c276456cbc4"
	"2158407dd074ee";
static const char rfc9001_server_payload[] =
	"02000000000600405a020000560303eefce7f7b37ba1d1632e96677825ddf739"
	"88cfc79825df566dc5430b9a045a1200130100002e00330024001d00209d3c94"
	"0d89690b84d08a60993c144eca684d1081287c834d5311bcf32bb9da1a002b00"
	"020304";

/* Removes the header protection of a long header packet whose packet number starts at
 * pn_offset; returns the packet number length. */
static size_t unprotect(struct quic_keys *k, uint8_t *pkt, size_t pn_offset, bool long_header)
{
	uint8_t mask[5];
	assert_true(quic_hp_mask(k, pkt + pn_offset + 4, mask));
	pkt[0] ^= mask[0] & (long_header ? 0x0f : 0x1f);
	size_t pn_len = (size_t)(pkt[0] & 3) + 1;
	for (size_t i = 0; i < pn_len; i++)
		pkt[pn_offset + i] ^= mask[1 + i];
	return pn_len;
}

static void test_rfc9001_server_initial(void **state)
{
	(void)state;
	uint8_t dcid[8], pkt[512], out[512];
	size_t dcid_len = unhex(rfc9001_dcid, dcid, sizeof dcid);
	size_t len = unhex(rfc9001_server_initial, pkt, sizeof pkt);
	struct quic_keys k = { 0 };
	assert_true(quic_initial_keys(QUIC_VERSION_1, dcid, dcid_len, true, &k));
	/* Header: flags, version (4), DCID length 0, SCID length 8 + SCID, token length 0,
	 * length 0x4075 (2 bytes): the packet number at 18. */
	size_t pn_offset = 18;
	size_t pn_len = unprotect(&k, pkt, pn_offset, true);
	assert_int_equal(pn_len, 2);
	assert_hex_equal(pkt, pn_offset + pn_len, "c1000000010008f067a5502a4262b50040750001");
	uint64_t pn = (uint64_t)pkt[pn_offset] << 8 | pkt[pn_offset + 1];
	size_t hdr_len = pn_offset + pn_len, out_len = 0;
	assert_true(quic_packet_open(&k, pn, pkt, hdr_len, pkt + hdr_len, len - hdr_len, out, &out_len));
	assert_hex_equal(out, out_len, rfc9001_server_payload);

	/* One bit changed anywhere, in the header (AAD), the payload or the tag: refused. */
	for (size_t at = 0; at < len; at += 7) {
		uint8_t damaged[512];
		memcpy(damaged, pkt, len);
		damaged[at] ^= 0x01;
		assert_false(quic_packet_open(&k, pn, damaged, hdr_len, damaged + hdr_len, len - hdr_len, out, &out_len));
		assert_int_equal(out_len, 0);
	}
	/* The wrong packet number (the nonce) and the client's keys fail too. */
	assert_false(quic_packet_open(&k, pn + 1, pkt, hdr_len, pkt + hdr_len, len - hdr_len, out, &out_len));
	struct quic_keys client = { 0 };
	assert_true(quic_initial_keys(QUIC_VERSION_1, dcid, dcid_len, false, &client));
	assert_false(quic_packet_open(&client, pn, pkt, hdr_len, pkt + hdr_len, len - hdr_len, out, &out_len));
	/* Shorter than a tag. */
	assert_false(quic_packet_open(&k, pn, pkt, hdr_len, pkt + hdr_len, QUIC_AEAD_TAG_LEN - 1, out, &out_len));
	quic_keys_clear(&client);
	quic_keys_clear(&k);
}

/* RFC 9001 A.5: a short header packet under ChaCha20-Poly1305, from a 1-RTT secret. */
static void test_rfc9001_chacha20(void **state)
{
	(void)state;
	uint8_t secret[32], pkt[64], out[64];
	size_t secret_len = unhex("9ac312a7f877468ebe69422748ad00a15443f18203a07d6060f688f30f21632b", secret,
				  sizeof secret);
	struct quic_keys k = { 0 };
	assert_true(quic_keys_from_secret(QUIC_VERSION_1, 0x1303, secret, secret_len, &k));
	assert_int_equal(k.aead, QUIC_AEAD_CHACHA20_POLY1305);
	assert_hex_equal(k.key, k.key_len, "c6d98ff3441c3fe1b2182094f69caa2ed4b716b65488960a7a984979fb23e1c8");
	assert_hex_equal(k.iv, sizeof k.iv, "e0459b3474bdd0e44a41c144");
	assert_hex_equal(k.hp, k.key_len, "25a282b9e82f06f21f488917a4fc8f1b73573685608597d0efcb076b0ab7a7a4");
	size_t len = unhex("4cfe4189655e5cd55c41f69080575d7999c25a5bfb", pkt, sizeof pkt);
	uint8_t mask[5];
	assert_true(quic_hp_mask(&k, pkt + 1 + 4, mask));
	assert_hex_equal(mask, sizeof mask, "aefefe7d03");
	size_t pn_len = unprotect(&k, pkt, 1, false);
	assert_int_equal(pn_len, 3);
	assert_hex_equal(pkt, 4, "4200bff4");
	size_t out_len = 0;
	assert_true(quic_packet_open(&k, 654360564, pkt, 4, pkt + 4, len - 4, out, &out_len));
	assert_hex_equal(out, out_len, "01");
	quic_keys_clear(&k);
}

static void test_versions(void **state)
{
	(void)state;
	assert_true(quic_version_known(QUIC_VERSION_1));
	assert_true(quic_version_known(QUIC_VERSION_2));
	assert_true(quic_version_known(0xff00001d)); /* draft-29 */
	assert_true(quic_version_known(0xff000018)); /* draft-24 */
	assert_false(quic_version_known(0));
	assert_false(quic_version_known(0x51303530)); /* Google Q050 */
	assert_false(quic_version_known(0x1a2a3a4a)); /* RFC 9000 15: a reserved greasing version */
	assert_string_equal(quic_version_name(0xff00001d), "draft-29");
	assert_string_equal(quic_version_name(0xff000018), "draft-24");
	assert_string_equal(quic_version_name(QUIC_VERSION_2), "v2");
	assert_null(quic_version_name(0x51303530));
	/* RFC 9369 3.2: v2's type bits 0b01 are an Initial, 0b00 a Retry. */
	assert_int_equal(quic_long_type(QUIC_VERSION_2, 1), QUIC_LONG_INITIAL);
	assert_int_equal(quic_long_type(QUIC_VERSION_2, 0), QUIC_LONG_RETRY);
	assert_int_equal(quic_long_type(QUIC_VERSION_2, 3), QUIC_LONG_HANDSHAKE);
	assert_int_equal(quic_long_type(QUIC_VERSION_1, 0), QUIC_LONG_INITIAL);
	assert_int_equal(quic_long_type(QUIC_VERSION_1, 2), QUIC_LONG_HANDSHAKE);

	struct quic_keys k = { 0 };
	uint8_t cid[21] = { 0 };
	assert_false(quic_initial_keys(0x51303530, cid, 8, false, &k));
	assert_false(quic_initial_keys(QUIC_VERSION_1, cid, sizeof cid, false, &k));
	assert_false(k.set);
	/* An empty connection ID still gives keys (a broken client's, readable). */
	assert_true(quic_initial_keys(QUIC_VERSION_1, cid, 0, false, &k));
	quic_keys_clear(&k);
	uint8_t secret[48] = { 0 };
	assert_false(quic_keys_from_secret(QUIC_VERSION_1, 0x1304, secret, 32, &k)); /* TLS_AES_128_CCM_SHA256 */
	assert_false(quic_keys_from_secret(QUIC_VERSION_1, 0x1302, secret, 32, &k)); /* SHA-384 wants 48 */
	assert_true(quic_keys_from_secret(QUIC_VERSION_1, 0x1302, secret, 48, &k));
	assert_int_equal(k.key_len, 32);
	quic_keys_clear(&k);
	/* Unset keys refuse everything. */
	uint8_t sample[16] = { 0 }, mask[5], out[32];
	size_t out_len;
	assert_false(quic_hp_mask(&k, sample, mask));
	assert_false(quic_packet_open(&k, 0, sample, 1, out, 16, out, &out_len));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc9001_initial_keys),
		cmocka_unit_test(test_rfc9369_initial_keys),
		cmocka_unit_test(test_rfc9001_client_hp_mask),
		cmocka_unit_test(test_rfc9001_server_initial),
		cmocka_unit_test(test_rfc9001_chacha20),
		cmocka_unit_test(test_versions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
