/*
 * quic_crypto.c — QUIC Initial secrets, keys, header protection and the AEAD.
 *
 * Pipeline position: beside quic.c. The secrets of RFC 9001 5.2 are HKDF-Extract of the
 * client's first Destination Connection ID with the version's salt, then
 * HKDF-Expand-Label "client in" / "server in"; keys, IVs and header protection keys are
 * HKDF-Expand-Label of a secret with the version's labels ("quic key", "quic iv",
 * "quic hp"; v2: "quicv2 ..."). The libcrypto contexts are made once per keys and
 * re-keyed per packet with its nonce.
 */
#include "quic_crypto.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/obj_mac.h>
#include <openssl/params.h>

#include "tls_crypto.h"

#define SALT_LEN 20
#define INITIAL_SECRET_LEN 32 /* SHA-256 */

/* What differs between versions: the salt, the label prefix, the long type numbers. */
struct quic_version_info {
	uint32_t first, last;          /* a range of version numbers */
	const char *name;
	uint8_t salt[SALT_LEN];
	bool v2;                       /* RFC 9369: "quicv2 " labels, swapped long types */
};

static const struct quic_version_info versions[] = {
	{ QUIC_VERSION_1, QUIC_VERSION_1, "v1",
	  { 0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
	    0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a }, false },
	{ QUIC_VERSION_2, QUIC_VERSION_2, "v2",
	  { 0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93,
	    0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9 }, true },
	/* draft-ietf-quic-v2-01 to -10 (ngtcp2 0.12, quic-go 0.29): v2's labels and types. */
	{ 0x709a50c4, 0x709a50c4, "v2-draft",
	  { 0xa7, 0x07, 0xc2, 0x03, 0xa5, 0x9b, 0x47, 0x18, 0x4a, 0x1d,
	    0x62, 0xca, 0x57, 0x04, 0x06, 0xea, 0x7a, 0xe3, 0xe5, 0xd3 }, true },
	/* draft-ietf-quic-tls-29 to -32 (Chrome and most servers in 2020-2021). */
	{ 0xff00001d, 0xff000020, "draft-29",
	  { 0xaf, 0xbf, 0xec, 0x28, 0x99, 0x93, 0xd2, 0x4c, 0x9e, 0x97,
	    0x86, 0xf1, 0x9c, 0x61, 0x11, 0xe0, 0x43, 0x90, 0xa8, 0x99 }, false },
	/* draft-23 to -28. */
	{ 0xff000017, 0xff00001c, "draft-23",
	  { 0xc3, 0xee, 0xf7, 0x12, 0xc7, 0x2e, 0xbb, 0x5a, 0x11, 0xa7,
	    0xd2, 0x43, 0x2b, 0xb4, 0x63, 0x65, 0xbe, 0xf9, 0xf5, 0x02 }, false },
	/* draft-22. */
	{ 0xff000016, 0xff000016, "draft-22",
	  { 0x7f, 0xbc, 0xdb, 0x0e, 0x7c, 0x66, 0xbb, 0xe9, 0x19, 0x3a,
	    0x96, 0xcd, 0x21, 0x51, 0x9e, 0xbd, 0x7a, 0x02, 0x64, 0x4a }, false },
	/* Facebook's mvfst: its first version on draft-22's salt, its second on draft-27's. */
	{ 0xfaceb001, 0xfaceb001, "mvfst-draft-22",
	  { 0x7f, 0xbc, 0xdb, 0x0e, 0x7c, 0x66, 0xbb, 0xe9, 0x19, 0x3a,
	    0x96, 0xcd, 0x21, 0x51, 0x9e, 0xbd, 0x7a, 0x02, 0x64, 0x4a }, false },
	{ 0xfaceb002, 0xfaceb002, "mvfst-draft-27",
	  { 0xc3, 0xee, 0xf7, 0x12, 0xc7, 0x2e, 0xbb, 0x5a, 0x11, 0xa7,
	    0xd2, 0x43, 0x2b, 0xb4, 0x63, 0x65, 0xbe, 0xf9, 0xf5, 0x02 }, false },
};

static const struct quic_version_info *version_info(uint32_t version)
{
	for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++)
		if (version >= versions[i].first && version <= versions[i].last)
			return &versions[i];
	return NULL;
}

bool quic_version_known(uint32_t version)
{
	return version_info(version) != NULL;
}

const char *quic_version_name(uint32_t version)
{
	static const char *const drafts[] = { "draft-22", "draft-23", "draft-24", "draft-25", "draft-26",
					      "draft-27", "draft-28", "draft-29", "draft-30", "draft-31",
					      "draft-32" };
	if (version >= 0xff000016 && version <= 0xff000020)
		return drafts[version - 0xff000016];
	const struct quic_version_info *v = version_info(version);
	return v != NULL ? v->name : NULL;
}

enum quic_long_type quic_long_type(uint32_t version, uint8_t type_bits)
{
	type_bits &= 3;
	if (version == QUIC_VERSION_2 || version == 0x709a50c4) {
		/* RFC 9369 3.2 (and its drafts): Initial 0b01, 0-RTT 0b10, Handshake 0b11, Retry 0b00. */
		static const enum quic_long_type v2[4] = { QUIC_LONG_RETRY, QUIC_LONG_INITIAL, QUIC_LONG_0RTT,
							   QUIC_LONG_HANDSHAKE };
		return v2[type_bits];
	}
	return (enum quic_long_type)type_bits;
}

/* RFC 5869 2.2 HKDF-Extract(salt, ikm) with SHA-256. */
static bool hkdf_extract(const uint8_t *salt, size_t salt_len, const uint8_t *ikm, size_t ikm_len,
			 uint8_t out[INITIAL_SECRET_LEN])
{
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, OSSL_KDF_NAME_HKDF, NULL);
	EVP_KDF_CTX *kctx = kdf != NULL ? EVP_KDF_CTX_new(kdf) : NULL;
	int mode = EVP_KDF_HKDF_MODE_EXTRACT_ONLY;
	uint8_t empty = 0;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
		OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)"SHA256", 0),
		/* An empty connection ID is legal (RFC 9000 7.2 allows a zero-length one
		 * only after the first Initial; a broken client may send it): HKDF takes an
		 * empty key as a zero-length octet string. */
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, ikm_len > 0 ? (void *)ikm : &empty, ikm_len),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, salt_len),
		OSSL_PARAM_construct_end(),
	};
	bool ok = kctx != NULL && EVP_KDF_derive(kctx, out, INITIAL_SECRET_LEN, params) == 1;
	EVP_KDF_CTX_free(kctx);
	EVP_KDF_free(kdf);
	return ok;
}

/* The key, IV and header protection key of a secret (RFC 9001 5.1). */
static bool keys_of_secret(bool v2, enum quic_aead aead, int hash_nid, const uint8_t *secret, size_t secret_len,
			   struct quic_keys *out)
{
	quic_keys_clear(out);
	out->aead = aead;
	out->key_len = aead == QUIC_AEAD_AES_128_GCM ? 16 : 32;
	bool ok = tls13_hkdf_expand_label(hash_nid, secret, secret_len, v2 ? "quicv2 key" : "quic key", NULL, 0,
					  out->key, out->key_len) &&
		  tls13_hkdf_expand_label(hash_nid, secret, secret_len, v2 ? "quicv2 iv" : "quic iv", NULL, 0, out->iv,
					  sizeof out->iv) &&
		  tls13_hkdf_expand_label(hash_nid, secret, secret_len, v2 ? "quicv2 hp" : "quic hp", NULL, 0, out->hp,
					  out->key_len);
	if (!ok) {
		quic_keys_clear(out);
		return false;
	}
	out->set = true;
	return true;
}

bool quic_initial_keys(uint32_t version, const uint8_t *dcid, size_t dcid_len, bool server, struct quic_keys *out)
{
	const struct quic_version_info *v = version_info(version);
	uint8_t initial[INITIAL_SECRET_LEN], secret[INITIAL_SECRET_LEN];
	if (v == NULL || dcid_len > QUIC_MAX_CID_LEN)
		return false;
	bool ok = hkdf_extract(v->salt, SALT_LEN, dcid, dcid_len, initial) &&
		  tls13_hkdf_expand_label(NID_sha256, initial, sizeof initial, server ? "server in" : "client in", NULL,
					  0, secret, sizeof secret) &&
		  keys_of_secret(v->v2, QUIC_AEAD_AES_128_GCM, NID_sha256, secret, sizeof secret, out);
	OPENSSL_cleanse(initial, sizeof initial);
	OPENSSL_cleanse(secret, sizeof secret);
	return ok;
}

bool quic_keys_from_secret(uint32_t version, uint16_t suite, const uint8_t *secret, size_t secret_len,
			   struct quic_keys *out)
{
	const struct quic_version_info *v = version_info(version);
	enum quic_aead aead;
	int hash;
	switch (suite) {
	case 0x1301: aead = QUIC_AEAD_AES_128_GCM; hash = NID_sha256; break;      /* TLS_AES_128_GCM_SHA256 */
	case 0x1302: aead = QUIC_AEAD_AES_256_GCM; hash = NID_sha384; break;      /* TLS_AES_256_GCM_SHA384 */
	case 0x1303: aead = QUIC_AEAD_CHACHA20_POLY1305; hash = NID_sha256; break; /* TLS_CHACHA20_POLY1305_SHA256 */
	default: return false;
	}
	if (v == NULL || secret_len != (hash == NID_sha384 ? 48u : 32u))
		return false;
	return keys_of_secret(v->v2, aead, hash, secret, secret_len, out);
}

static const char *aead_cipher_name(enum quic_aead a)
{
	switch (a) {
	case QUIC_AEAD_AES_256_GCM: return "AES-256-GCM";
	case QUIC_AEAD_CHACHA20_POLY1305: return "ChaCha20-Poly1305";
	case QUIC_AEAD_AES_128_GCM:
	default: return "AES-128-GCM";
	}
}

static const char *hp_cipher_name(enum quic_aead a)
{
	switch (a) {
	case QUIC_AEAD_AES_256_GCM: return "AES-256-ECB";
	case QUIC_AEAD_CHACHA20_POLY1305: return "ChaCha20";
	case QUIC_AEAD_AES_128_GCM:
	default: return "AES-128-ECB";
	}
}

/* A context for the cipher, keyed once (header protection) or to be keyed per packet
 * (the AEAD: the nonce changes). */
static EVP_CIPHER_CTX *new_ctx(const char *name)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, name, NULL);
	EVP_CIPHER_CTX *ctx = c != NULL ? EVP_CIPHER_CTX_new() : NULL;
	if (ctx != NULL && EVP_CipherInit_ex2(ctx, c, NULL, NULL, 0, NULL) != 1) {
		EVP_CIPHER_CTX_free(ctx);
		ctx = NULL;
	}
	EVP_CIPHER_free(c);
	return ctx;
}

bool quic_hp_mask(struct quic_keys *k, const uint8_t sample[QUIC_HP_SAMPLE_LEN], uint8_t mask[5])
{
	if (!k->set)
		return false;
	if (k->hp_ctx == NULL && (k->hp_ctx = new_ctx(hp_cipher_name(k->aead))) == NULL)
		return false;
	EVP_CIPHER_CTX *ctx = k->hp_ctx;
	uint8_t block[QUIC_HP_SAMPLE_LEN + 16];
	int n = 0;
	bool ok;
	if (k->aead == QUIC_AEAD_CHACHA20_POLY1305) {
		/* RFC 9001 5.4.4: the sample is the block counter (4 bytes, little-endian) and
		 * the nonce, which is OpenSSL's 16-byte ChaCha20 IV; the mask encrypts five
		 * zeros. */
		static const uint8_t zeros[5] = { 0 };
		ok = EVP_CipherInit_ex2(ctx, NULL, k->hp, sample, 1, NULL) == 1 &&
		     EVP_CipherUpdate(ctx, block, &n, zeros, (int)sizeof zeros) == 1 && n == 5;
	} else {
		/* RFC 9001 5.4.3: AES-ECB of the sample. */
		ok = EVP_CipherInit_ex2(ctx, NULL, k->hp, NULL, 1, NULL) == 1 && EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
		     EVP_CipherUpdate(ctx, block, &n, sample, QUIC_HP_SAMPLE_LEN) == 1 && n == QUIC_HP_SAMPLE_LEN;
	}
	if (ok)
		memcpy(mask, block, 5);
	OPENSSL_cleanse(block, sizeof block);
	return ok;
}

bool quic_packet_open(struct quic_keys *k, uint64_t pn, const uint8_t *header, size_t header_len,
		      const uint8_t *payload, size_t len, uint8_t *out, size_t *out_len)
{
	*out_len = 0;
	if (!k->set || len < QUIC_AEAD_TAG_LEN || len > INT32_MAX || header_len > INT32_MAX)
		return false;
	if (k->aead_ctx == NULL && (k->aead_ctx = new_ctx(aead_cipher_name(k->aead))) == NULL)
		return false;
	EVP_CIPHER_CTX *ctx = k->aead_ctx;
	/* RFC 9001 5.3: the nonce is the IV with the packet number, left-padded, XORed in. */
	uint8_t nonce[sizeof k->iv];
	memcpy(nonce, k->iv, sizeof nonce);
	for (int i = 0; i < 8; i++)
		nonce[sizeof nonce - 1 - (size_t)i] ^= (uint8_t)(pn >> (8 * i));
	size_t ct_len = len - QUIC_AEAD_TAG_LEN;
	int n = 0, fin = 0, aad = 0;
	bool ok = EVP_CipherInit_ex2(ctx, NULL, k->key, nonce, 0, NULL) == 1 &&
		  EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, QUIC_AEAD_TAG_LEN, (void *)(payload + ct_len)) == 1 &&
		  EVP_CipherUpdate(ctx, NULL, &aad, header, (int)header_len) == 1 &&
		  EVP_CipherUpdate(ctx, out, &n, payload, (int)ct_len) == 1 && EVP_CipherFinal_ex(ctx, out + n, &fin) == 1;
	if (!ok) {
		OPENSSL_cleanse(out, ct_len);
		return false;
	}
	*out_len = (size_t)n + (size_t)fin;
	return true;
}

void quic_keys_clear(struct quic_keys *k)
{
	EVP_CIPHER_CTX_free(k->aead_ctx);
	EVP_CIPHER_CTX_free(k->hp_ctx);
	OPENSSL_cleanse(k, sizeof *k);
	k->aead_ctx = k->hp_ctx = NULL;
	k->set = false;
}

void quic_crypto_prepare(void)
{
	static const uint8_t cid[8] = { 0 };
	struct quic_keys k = { 0 };
	if (quic_initial_keys(QUIC_VERSION_1, cid, sizeof cid, false, &k)) {
		uint8_t sample[QUIC_HP_SAMPLE_LEN] = { 0 }, mask[5], payload[QUIC_AEAD_TAG_LEN + 1] = { 0 }, out[sizeof payload];
		size_t out_len;
		/* Their results do not matter: the algorithms are fetched either way (the open
		 * fails, having no valid tag). */
		bool masked = quic_hp_mask(&k, sample, mask);
		bool opened = quic_packet_open(&k, 0, sample, 1, payload, sizeof payload, out, &out_len);
		(void)masked;
		(void)opened;
	}
	quic_keys_clear(&k);
}
