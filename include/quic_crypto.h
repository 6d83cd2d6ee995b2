/*
 * quic_crypto.h — QUIC packet protection (RFC 9001 5, RFC 9369 3.3): the Initial secrets
 * every observer can derive from the client's first Destination Connection ID, keys
 * from a logged traffic secret, header protection and the AEAD.
 *
 * Pipeline position: beside quic (quic.h), as tls_crypto is beside tls. Every primitive
 * is libcrypto's: HKDF-Extract (EVP_KDF "HKDF"), HKDF-Expand-Label (tls_crypto.h),
 * AES-ECB or ChaCha20 for the header protection mask, AES-GCM or ChaCha20-Poly1305 for
 * the payload. Nothing here encrypts.
 *
 * Versions: QUIC v1 (RFC 9000), v2 (RFC 9369), and the IETF drafts 22 to 32 that were
 * deployed (and Facebook's mvfst versions built on them), each with its salt and labels.
 * Google QUIC (Q0xx, T0xx) is not one of them.
 */
#ifndef TLSDIAG_QUIC_CRYPTO_H
#define TLSDIAG_QUIC_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define QUIC_VERSION_NEGOTIATION 0x00000000u /* RFC 9000 17.2.1: the version field of a VN packet */
#define QUIC_VERSION_1 0x00000001u
#define QUIC_VERSION_2 0x6b3343cfu           /* RFC 9369 3.1 */

#define QUIC_MAX_CID_LEN 20                  /* RFC 9000 17.2: connection IDs of v1 */
#define QUIC_HP_SAMPLE_LEN 16                /* RFC 9001 5.4.2 */
#define QUIC_AEAD_TAG_LEN 16                 /* every AEAD QUIC uses */

/* Long header packet types, as named by RFC 9000 17.2 (v2 numbers them otherwise on the
 * wire: quic_long_type). */
enum quic_long_type {
	QUIC_LONG_INITIAL = 0,
	QUIC_LONG_0RTT = 1,
	QUIC_LONG_HANDSHAKE = 2,
	QUIC_LONG_RETRY = 3,
};

enum quic_aead {
	QUIC_AEAD_AES_128_GCM,          /* TLS_AES_128_GCM_SHA256, and every Initial */
	QUIC_AEAD_AES_256_GCM,          /* TLS_AES_256_GCM_SHA384 */
	QUIC_AEAD_CHACHA20_POLY1305,    /* TLS_CHACHA20_POLY1305_SHA256 */
};

/* One direction's keys in one packet number space. Holds secrets and libcrypto
 * contexts: release with quic_keys_clear. */
struct quic_keys {
	bool set;
	enum quic_aead aead;
	uint8_t key[32];
	uint8_t iv[12];
	uint8_t hp[32];
	unsigned key_len;
	void *aead_ctx;                 /* EVP_CIPHER_CTX, made on first use */
	void *hp_ctx;
};

/* true when the version's Initial packets can be opened here (its salt is known). */
bool quic_version_known(uint32_t version);

/* The wire's long packet type bits (the first byte's 0x30) of version as RFC 9000's
 * types: v2 swaps them (RFC 9369 3.2). */
enum quic_long_type quic_long_type(uint32_t version, uint8_t type_bits);

/* "v1", "v2", "draft-29", "mvfst-draft-27"... or NULL for a version not known here;
 * static storage. */
const char *quic_version_name(uint32_t version);

/*
 * RFC 9001 5.2: the Initial keys of one side (server false: the client's, which protect
 * what the client sends), derived from the Destination Connection ID of the client's
 * first Initial (after a Retry: of its first Initial after it). false for a version
 * not known, a connection ID longer than QUIC_MAX_CID_LEN, or libcrypto refusing.
 */
/* out: zeroed, or cleared with quic_keys_clear (as for every function that sets keys). */
bool quic_initial_keys(uint32_t version, const uint8_t *dcid, size_t dcid_len, bool server, struct quic_keys *out)
	__attribute__((warn_unused_result));

/*
 * RFC 9001 5.1: the keys of a Handshake or 1-RTT secret as a key log gives it
 * (CLIENT_HANDSHAKE_TRAFFIC_SECRET, ...), for the TLS 1.3 cipher suite negotiated.
 * false for another suite, a secret of the wrong length, or libcrypto refusing.
 */
bool quic_keys_from_secret(uint32_t version, uint16_t suite, const uint8_t *secret, size_t secret_len,
			   struct quic_keys *out) __attribute__((warn_unused_result));

/* RFC 9001 5.4: the 5-byte header protection mask of a sample. false when libcrypto
 * refuses. */
bool quic_hp_mask(struct quic_keys *k, const uint8_t sample[QUIC_HP_SAMPLE_LEN], uint8_t mask[5])
	__attribute__((warn_unused_result));

/*
 * RFC 9001 5.3: opens a packet's payload. header/header_len: the header with its
 * protection removed (the AAD); pn: the full packet number; payload: ciphertext and
 * tag (len >= QUIC_AEAD_TAG_LEN); out: at least len - QUIC_AEAD_TAG_LEN bytes. false
 * when it does not authenticate.
 */
bool quic_packet_open(struct quic_keys *k, uint64_t pn, const uint8_t *header, size_t header_len,
		      const uint8_t *payload, size_t len, uint8_t *out, size_t *out_len)
	__attribute__((warn_unused_result));

/* Derives and uses a set of Initial keys once, so that libcrypto has fetched and set up
 * every algorithm QUIC's Initial packets need (a process about to enter a sandbox that
 * refuses what a first fetch may do calls it first). */
void quic_crypto_prepare(void);

/* Wipes the keys and frees the contexts; the struct may be set again. */
void quic_keys_clear(struct quic_keys *k);

#endif
