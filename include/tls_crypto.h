/*
 * tls_crypto.h — TLS record decryption for connections whose secrets are known (from an
 * SSLKEYLOGFILE-style key log): the suites tlsdiag can decrypt, the key schedules that
 * turn a logged secret into record keys (TLS 1.3 HKDF-Expand-Label, TLS 1.0-1.2 PRF key
 * block, the SSL 3.0 MD5/SHA-1 key block), and one direction's record protection undone,
 * record by record.
 *
 * Pipeline position: beside tls. The record framer hands over whole protected records
 * (header + payload); what comes back is plaintext for the message parsers. Every
 * primitive is libcrypto's (EVP_CIPHER, EVP_MAC HMAC, EVP_MD, EVP_KDF "HKDF" and
 * "TLS1-PRF"). RC4, SEED and single DES live in OpenSSL 3's "legacy" provider, loaded the
 * first time a suite needs it (tls_crypto_load_legacy).
 *
 * Not here: reading the key log, choosing which secret protects which record (the
 * caller follows the handshake: handshake keys, then application keys, KeyUpdate),
 * encryption, compression, export suites (their keys are derived differently and 40
 * bits are not worth it), ciphers libcrypto lacks (Camellia-GCM, IDEA in builds without
 * it, GOST). Padding and MAC checks are correct but not constant-time: tlsdiag reads
 * captures, it answers no one, so there is no oracle to protect.
 *
 * Hash algorithms are named by OpenSSL NIDs (openssl/obj_mac.h): NID_md5, NID_sha1,
 * NID_sha256, NID_sha384, and NID_md5_sha1 for the TLS 1.0/1.1 PRF. Suite names are not
 * repeated here: tls_cipher_name() (tls_names.h) has them.
 */
#ifndef TLSDIAG_TLS_CRYPTO_H
#define TLSDIAG_TLS_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TLS_CRYPTO_VERSION_SSL30 0x0300
#define TLS_CRYPTO_VERSION_TLS10 0x0301
#define TLS_CRYPTO_VERSION_TLS11 0x0302
#define TLS_CRYPTO_VERSION_TLS12 0x0303
#define TLS_CRYPTO_VERSION_TLS13 0x0304

/* Sizes of the secrets a key log gives (RFC 5246 8.1; RFC 8446 7.1 with SHA-384). */
#define TLS_CRYPTO_MASTER_SECRET_LEN 48
#define TLS_CRYPTO_RANDOM_LEN 32
#define TLS_CRYPTO_MAX_SECRET_LEN 48

enum tls_cipher_kind {
	TLS_CIPHER_AES_GCM,            /* RFC 5288 (TLS 1.2), RFC 8446 */
	TLS_CIPHER_CHACHA20_POLY1305,  /* RFC 7905 (TLS 1.2), RFC 8446 */
	TLS_CIPHER_AES_CCM,            /* RFC 6655 / RFC 7251, RFC 8446: 16-byte tag */
	TLS_CIPHER_AES_CCM_8,          /* the same with an 8-byte tag */
	TLS_CIPHER_AES_CBC,            /* RFC 5246 6.2.3.2: MAC-then-encrypt, or RFC 7366 */
	TLS_CIPHER_3DES_CBC,           /* the same with 8-byte blocks */
	TLS_CIPHER_CAMELLIA_CBC,       /* RFC 5932: as AES-CBC */
	TLS_CIPHER_ARIA_CBC,           /* RFC 6209: as AES-CBC */
	TLS_CIPHER_SEED_CBC,           /* RFC 4162: 16-byte blocks (legacy provider) */
	TLS_CIPHER_DES_CBC,            /* RFC 5469: 8-byte blocks, TLS <= 1.1 (legacy provider) */
	TLS_CIPHER_ARIA_GCM,           /* RFC 6209: as AES-GCM */
	TLS_CIPHER_RC4_128,            /* RFC 5246 6.2.3.1 stream cipher (legacy provider) */
	TLS_CIPHER_NULL,               /* RFC 5246 6.2.3.1 with no cipher: content + MAC */
};

/* What decrypting one cipher suite takes. */
struct tls_suite_crypto {
	uint16_t id;
	bool tls13;                 /* a TLS 1.3 suite (RFC 8446 B.4) */
	enum tls_cipher_kind kind;
	unsigned key_len;           /* bytes of the write key */
	unsigned fixed_iv_len;      /* GCM/CCM TLS 1.2: 4 (salt); ChaCha20 and TLS 1.3: 12; CBC, stream: 0 */
	unsigned record_iv_len;     /* explicit per-record bytes: TLS 1.2 GCM/CCM 8; CBC (TLS >= 1.1) the block */
	unsigned mac_len;           /* CBC, RC4, NULL: HMAC output (and key) length; AEAD: 0 */
	unsigned tag_len;           /* AEAD tag; otherwise 0 */
	unsigned block_len;         /* CBC cipher block (16 AES, 8 3DES); AEAD and stream: 0 */
	int prf_hash;               /* NID: TLS 1.2 PRF and TLS 1.3 HKDF hash (SHA-256 or SHA-384) */
	int mac_hash;               /* NID: HMAC hash (MD5, SHA-1, SHA-256, SHA-384); AEAD: 0 */
};

/* Whether the suite's records carry a MAC (CBC, RC4, NULL: RFC 5246 6.2.3.1-2) rather
 * than an AEAD tag. */
bool tls_suite_has_mac(const struct tls_suite_crypto *s);

/* Whether the suite's cipher is in OpenSSL 3's legacy provider (RC4, SEED, DES). */
bool tls_suite_needs_legacy(const struct tls_suite_crypto *s);

/*
 * Loads OpenSSL's "legacy" provider (with "default", which an explicit load would
 * otherwise keep from loading on its own) into the default library context, once per
 * process; later calls give the first one's answer. true when both are loaded. Thread
 * safe. Loading maps a shared object: a sandboxed process calls it before entering the
 * sandbox.
 */
bool tls_crypto_load_legacy(void) __attribute__((warn_unused_result));

/* The suite's entry; NULL when tlsdiag cannot decrypt it. The entry is static. */
const struct tls_suite_crypto *tls_suite_crypto_find(uint16_t suite);

/* The i-th entry of the table (for listing and tests); NULL past the end. */
const struct tls_suite_crypto *tls_suite_crypto_at(size_t i);

/* The suite's cipher as OpenSSL names it (EVP_CIPHER_fetch): "AES-128-GCM", ...; NULL
 * for the NULL cipher. */
const char *tls_suite_evp_cipher(const struct tls_suite_crypto *s);

/* Whether libcrypto has the suite's cipher (loading the legacy provider if it needs it):
 * false for a cipher left out of this build or a legacy provider that is missing. */
bool tls_suite_cipher_available(const struct tls_suite_crypto *s);

/* One direction's record keys. Holds secrets: wipe (OPENSSL_cleanse) after use. */
struct tls_record_keys {
	uint8_t key[32];
	uint8_t iv[16];             /* AEAD fixed IV; TLS 1.0 CBC: the first record's IV */
	uint8_t mac_key[48];
	unsigned key_len, iv_len, mac_key_len;
};

/*
 * TLS 1.2 PRF (RFC 5246 5), or the TLS 1.0/1.1 PRF (RFC 2246 5) when hash_nid is
 * NID_md5_sha1: out_len bytes of P_hash(secret, label + seed). false when the hash is
 * not one of SHA-256, SHA-384, MD5-SHA1, or libcrypto refuses.
 */
bool tls_prf(int hash_nid, const uint8_t *secret, size_t secret_len, const char *label,
	     const uint8_t *seed, size_t seed_len, uint8_t *out, size_t out_len)
	__attribute__((warn_unused_result));

/*
 * RFC 8446 7.1 HKDF-Expand-Label(secret, label, context, length) with hash_nid (SHA-256
 * or SHA-384); the "tls13 " prefix is added here. false when the label (with prefix) or
 * the context exceeds 255 bytes, out_len exceeds what HKDF-Expand gives, or libcrypto
 * refuses.
 */
bool tls13_hkdf_expand_label(int hash_nid, const uint8_t *secret, size_t secret_len,
			     const char *label, const uint8_t *context, size_t context_len,
			     uint8_t *out, size_t out_len) __attribute__((warn_unused_result));

/*
 * RFC 8446 7.3: the write key and IV ("key", "iv") from a traffic secret, which must be
 * as long as the suite's hash. false for a TLS 1.2 suite or a secret of the wrong size.
 */
bool tls13_traffic_keys(const struct tls_suite_crypto *s, const uint8_t *secret, size_t secret_len,
			struct tls_record_keys *out) __attribute__((warn_unused_result));

/*
 * RFC 5246 6.3: key_block = PRF(master_secret, "key expansion", server_random +
 * client_random), split into client/server MAC keys, write keys and fixed IVs (CBC in
 * TLS 1.1 and 1.2 has none: its IV travels in each record). version 0x0301 and 0x0302
 * use the TLS 1.0 PRF (MD5-SHA1) and, for TLS 1.0 CBC, take a block of IV each; AEAD
 * suites need 0x0303. version 0x0300 (SSL 3.0) makes the key block of RFC 6101 6.2.2
 * from MD5 and SHA-1, for suites with an MD5 or SHA-1 MAC. false for a TLS 1.3 suite
 * or a version that does not fit.
 */
bool tls_key_block(const struct tls_suite_crypto *s, uint16_t version,
		   const uint8_t master[TLS_CRYPTO_MASTER_SECRET_LEN],
		   const uint8_t client_random[TLS_CRYPTO_RANDOM_LEN],
		   const uint8_t server_random[TLS_CRYPTO_RANDOM_LEN],
		   struct tls_record_keys *client_write, struct tls_record_keys *server_write)
	__attribute__((warn_unused_result));

/* tls_key_block for TLS 1.2 (the PRF with the suite's hash). */
bool tls12_key_block(const struct tls_suite_crypto *s, const uint8_t master[TLS_CRYPTO_MASTER_SECRET_LEN],
		     const uint8_t client_random[TLS_CRYPTO_RANDOM_LEN],
		     const uint8_t server_random[TLS_CRYPTO_RANDOM_LEN],
		     struct tls_record_keys *client_write, struct tls_record_keys *server_write)
	__attribute__((warn_unused_result));

/*
 * One direction's record protection: the suite, a copy of the keys, the libcrypto
 * cipher and HMAC contexts (made once, re-initialised with each record's nonce) and the
 * sequence number, starting at 0. It owns its OpenSSL objects until
 * tls_record_cipher_free.
 */
struct tls_record_cipher;

/*
 * version: 0x0304 for TLS 1.3 record protection (a TLS 1.3 suite), else the negotiated
 * 0x0300..0x0303 (SSL 3.0: its own MAC, RFC 6101 5.2.3.1). The keys must have the suite's sizes (as tls13_traffic_keys and
 * tls_key_block make them). NULL when they do not fit, the cipher is not in libcrypto
 * (a legacy one whose provider could not be loaded), or out of memory.
 */
struct tls_record_cipher *tls_record_cipher_new(const struct tls_suite_crypto *s,
						const struct tls_record_keys *k, uint16_t version)
	__attribute__((warn_unused_result));

/* RFC 7366 encrypt-then-MAC, when both hellos carried the extension (CBC suites only). */
void tls_record_cipher_set_etm(struct tls_record_cipher *c, bool etm);

/*
 * Decrypts one protected record. hdr: its 5-byte header (type, version, length), which
 * is the AAD of TLS 1.3; TLS 1.2 AEAD and the CBC MAC take seq + type + version +
 * length from it. body/len: the record's payload; the header's length must equal len.
 * On success: the plaintext in out[0..*out_len) (out_cap >= len), *content_type (TLS
 * 1.3: the inner type, padding zeros stripped; earlier versions: hdr[0]), the sequence
 * number advances, *why is NULL. On failure (authentication, bad padding, bad length):
 * false, nothing advances, out is zeroed, *why names it ("authentication failed",
 * "bad record MAC", "bad padding", "record too short", ...; a static string).
 */
bool tls_record_open(struct tls_record_cipher *c, const uint8_t hdr[5], const uint8_t *body, size_t len,
		     uint8_t *out, size_t out_cap, size_t *out_len, uint8_t *content_type, const char **why)
	__attribute__((warn_unused_result));

/* Sequence number of the next record (the count of records opened). */
uint64_t tls_record_seq(const struct tls_record_cipher *c);
/* Records that went by without being decrypted (the keys came later): the sequence
 * number moves past them. For AEAD suites only (CBC in TLS 1.0 and SSL 3.0 chains its
 * IV, RC4 its key stream). */
void tls_record_cipher_skip(struct tls_record_cipher *c, uint64_t records);

/* Wipes the keys and frees everything; NULL is allowed. */
void tls_record_cipher_free(struct tls_record_cipher *c);

#endif
