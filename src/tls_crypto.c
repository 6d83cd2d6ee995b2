/*
 * tls_crypto.c — TLS record decryption when the secrets are known: the suite table, the
 * TLS 1.3, TLS 1.0-1.2 and SSL 3.0 key schedules from a logged secret to record keys, and
 * one direction's records opened one by one (AEAD for TLS 1.2 and 1.3: AES-GCM, AES-CCM,
 * ARIA-GCM, ChaCha20-Poly1305; for SSL 3.0 to TLS 1.2, AES, Camellia, ARIA, SEED, 3DES
 * and DES in CBC mode, RC4 and NULL, each with its MAC: HMAC, or SSL 3.0's, MAC-then-
 * encrypt or RFC 7366 encrypt-then-MAC).
 *
 * Pipeline position: beside tls; whole protected records in, plaintext out. Every
 * primitive comes from libcrypto through EVP; this file only lays out nonces, AADs, MAC
 * inputs and key blocks as the RFCs say, and checks lengths before any byte is touched.
 *
 * Not here: which secret goes with which record (the caller follows the handshake),
 * encryption, export suites, ciphers libcrypto lacks (Camellia-GCM, IDEA, GOST). MAC
 * and padding checks are not constant-time on purpose: a capture is read after the
 * fact, nobody is answered.
 */
#include "tls_crypto.h"

#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/obj_mac.h>
#include <openssl/params.h>
#include <openssl/provider.h>

#include "bounds.h"
#include "bytes.h"

/* AEAD nonces are 12 bytes in every suite here (RFC 5116 3.2; RFC 8446 5.3). */
#define AEAD_NONCE_LEN 12
/* TLS 1.2 AEAD additional data: seq_num(8) + type(1) + version(2) + length(2) (RFC 5246 6.2.3.3). */
#define TLS12_AAD_LEN 13
/* The same 13 bytes begin the CBC suites' MAC input (RFC 5246 6.2.3.1). */
#define MAC_HEADER_LEN 13
/* The longest AEAD tag (GCM, CCM, Poly1305: 16 bytes; CCM_8: 8). */
#define AEAD_TAG_MAX 16

/* label + seed of one PRF call: "key expansion" + two randoms is 77 bytes, a Finished
 * "client finished" + a SHA-384 hash 63. */
#define PRF_LABEL_SEED_MAX 256
/* The key block at its largest: two SHA-384 MAC keys, two AES-256 keys, two 16-byte IVs. */
#define KEY_BLOCK_MAX (2 * 48 + 2 * 32 + 2 * 16)
/* HkdfLabel (RFC 8446 7.1): uint16 length, label<7..255>, context<0..255>. */
#define HKDF_LABEL_MAX (2 + 1 + 255 + 1 + 255)
#define HKDF_LABEL_PREFIX "tls13 "

/* ---- the suites ---- */

#define T13(id_, kind_, key_, tag_, prf_) \
	{ .id = (id_), .tls13 = true, .kind = (kind_), .key_len = (key_), .fixed_iv_len = 12, \
	  .tag_len = (tag_), .prf_hash = (prf_) }
#define GCM12(id_, kind_, key_, prf_) \
	{ .id = (id_), .kind = (kind_), .key_len = (key_), .fixed_iv_len = 4, \
	  .record_iv_len = 8, .tag_len = 16, .prf_hash = (prf_) }
#define CHACHA12(id_) \
	{ .id = (id_), .kind = TLS_CIPHER_CHACHA20_POLY1305, .key_len = 32, .fixed_iv_len = 12, \
	  .tag_len = 16, .prf_hash = NID_sha256 }
/* RFC 6655 3 and RFC 7251 2: every AES-CCM suite uses the SHA-256 PRF. */
#define CCM12(id_, key_) \
	{ .id = (id_), .kind = TLS_CIPHER_AES_CCM, .key_len = (key_), .fixed_iv_len = 4, \
	  .record_iv_len = 8, .tag_len = 16, .prf_hash = NID_sha256 }
#define CCM8_12(id_, key_) \
	{ .id = (id_), .kind = TLS_CIPHER_AES_CCM_8, .key_len = (key_), .fixed_iv_len = 4, \
	  .record_iv_len = 8, .tag_len = 8, .prf_hash = NID_sha256 }
/* The MAC of a suite and the TLS 1.2 PRF that goes with it: RFC 5246 1.2, TLS 1.2 uses the
 * SHA-256 PRF unless a suite names another hash (_SHA384 suites name SHA-384). */
#define MAC_MD5 NID_md5, 16, NID_sha256
#define MAC_SHA1 NID_sha1, 20, NID_sha256
#define MAC_SHA256 NID_sha256, 32, NID_sha256
#define MAC_SHA384 NID_sha384, 48, NID_sha384
/* Two steps, so that the MAC_ macro is expanded into its three values before CBC_ and
 * STREAM_ take their arguments. */
#define CBC(id_, kind_, key_, block_, mac_) CBC_(id_, kind_, key_, block_, mac_)
#define CBC_(id_, kind_, key_, block_, mac_nid_, mac_len_, prf_) \
	{ .id = (id_), .kind = (kind_), .key_len = (key_), .record_iv_len = (block_), \
	  .mac_len = (mac_len_), .block_len = (block_), .prf_hash = (prf_), .mac_hash = (mac_nid_) }
/* RC4 and NULL (RFC 5246 6.2.3.1): no IV, no padding, content then MAC. */
#define STREAM(id_, kind_, key_, mac_) STREAM_(id_, kind_, key_, mac_)
#define STREAM_(id_, kind_, key_, mac_nid_, mac_len_, prf_) \
	{ .id = (id_), .kind = (kind_), .key_len = (key_), .mac_len = (mac_len_), .prf_hash = (prf_), \
	  .mac_hash = (mac_nid_) }

static const struct tls_suite_crypto suites[] = {
	/* TLS 1.3, RFC 8446 B.4 */
	T13(0x1301, TLS_CIPHER_AES_GCM, 16, 16, NID_sha256),
	T13(0x1302, TLS_CIPHER_AES_GCM, 32, 16, NID_sha384),
	T13(0x1303, TLS_CIPHER_CHACHA20_POLY1305, 32, 16, NID_sha256),
	T13(0x1304, TLS_CIPHER_AES_CCM, 16, 16, NID_sha256),
	T13(0x1305, TLS_CIPHER_AES_CCM_8, 16, 8, NID_sha256),

	/* AES-GCM, RFC 5288, RFC 5289, RFC 5487, RFC 8442, RFC 8492 */
	GCM12(0x009C, TLS_CIPHER_AES_GCM, 16, NID_sha256), /* RSA */
	GCM12(0x009D, TLS_CIPHER_AES_GCM, 32, NID_sha384), /* RSA */
	GCM12(0x009E, TLS_CIPHER_AES_GCM, 16, NID_sha256), /* DHE_RSA */
	GCM12(0x009F, TLS_CIPHER_AES_GCM, 32, NID_sha384), /* DHE_RSA */
	GCM12(0x00A0, TLS_CIPHER_AES_GCM, 16, NID_sha256), /* DH_RSA */
	GCM12(0x00A1, TLS_CIPHER_AES_GCM, 32, NID_sha384), /* DH_RSA */
	GCM12(0x00A2, TLS_CIPHER_AES_GCM, 16, NID_sha256), /* DHE_DSS */
	GCM12(0x00A3, TLS_CIPHER_AES_GCM, 32, NID_sha384), /* DHE_DSS */
	GCM12(0x00A4, TLS_CIPHER_AES_GCM, 16, NID_sha256), /* DH_DSS */
	GCM12(0x00A5, TLS_CIPHER_AES_GCM, 32, NID_sha384), /* DH_DSS */
	GCM12(0x00A8, TLS_CIPHER_AES_GCM, 16, NID_sha256), /* PSK */
	GCM12(0x00A9, TLS_CIPHER_AES_GCM, 32, NID_sha384), /* PSK */
	GCM12(0x00AA, TLS_CIPHER_AES_GCM, 16, NID_sha256), /* DHE_PSK */
	GCM12(0x00AB, TLS_CIPHER_AES_GCM, 32, NID_sha384), /* DHE_PSK */
	GCM12(0x00AC, TLS_CIPHER_AES_GCM, 16, NID_sha256), /* RSA_PSK */
	GCM12(0x00AD, TLS_CIPHER_AES_GCM, 32, NID_sha384), /* RSA_PSK */
	GCM12(0xC02B, TLS_CIPHER_AES_GCM, 16, NID_sha256), /* ECDHE_ECDSA */
	GCM12(0xC02C, TLS_CIPHER_AES_GCM, 32, NID_sha384), /* ECDHE_ECDSA */
	GCM12(0xC02D, TLS_CIPHER_AES_GCM, 16, NID_sha256), /* ECDH_ECDSA */
	GCM12(0xC02E, TLS_CIPHER_AES_GCM, 32, NID_sha384), /* ECDH_ECDSA */
	GCM12(0xC02F, TLS_CIPHER_AES_GCM, 16, NID_sha256), /* ECDHE_RSA */
	GCM12(0xC030, TLS_CIPHER_AES_GCM, 32, NID_sha384), /* ECDHE_RSA */
	GCM12(0xC031, TLS_CIPHER_AES_GCM, 16, NID_sha256), /* ECDH_RSA */
	GCM12(0xC032, TLS_CIPHER_AES_GCM, 32, NID_sha384), /* ECDH_RSA */
	GCM12(0xC0B0, TLS_CIPHER_AES_GCM, 16, NID_sha256), /* ECCPWD */
	GCM12(0xC0B1, TLS_CIPHER_AES_GCM, 32, NID_sha384), /* ECCPWD */
	GCM12(0xD001, TLS_CIPHER_AES_GCM, 16, NID_sha256), /* ECDHE_PSK */
	GCM12(0xD002, TLS_CIPHER_AES_GCM, 32, NID_sha384), /* ECDHE_PSK */

	/* ChaCha20-Poly1305, RFC 7905 */
	CHACHA12(0xCCA8), /* ECDHE_RSA */
	CHACHA12(0xCCA9), /* ECDHE_ECDSA */
	CHACHA12(0xCCAA), /* DHE_RSA */
	CHACHA12(0xCCAB), /* PSK */
	CHACHA12(0xCCAC), /* ECDHE_PSK */
	CHACHA12(0xCCAD), /* DHE_PSK */
	CHACHA12(0xCCAE), /* RSA_PSK */

	/* AES-CCM, RFC 6655, RFC 7251, RFC 8442, RFC 8492 */
	CCM12(0xC09C, 16), CCM12(0xC09D, 32), CCM12(0xC09E, 16), CCM12(0xC09F, 32),
	CCM8_12(0xC0A0, 16), CCM8_12(0xC0A1, 32), CCM8_12(0xC0A2, 16), CCM8_12(0xC0A3, 32),
	CCM12(0xC0A4, 16), CCM12(0xC0A5, 32), CCM12(0xC0A6, 16), CCM12(0xC0A7, 32),
	CCM8_12(0xC0A8, 16), CCM8_12(0xC0A9, 32), CCM8_12(0xC0AA, 16), CCM8_12(0xC0AB, 32),
	CCM12(0xC0AC, 16), CCM12(0xC0AD, 32), CCM8_12(0xC0AE, 16), CCM8_12(0xC0AF, 32),
	CCM12(0xC0B2, 16), /* ECCPWD */
	/* RFC 8492 3: this one names SHA-384 for its PRF. */
	{ .id = 0xC0B3, .kind = TLS_CIPHER_AES_CCM, .key_len = 32, .fixed_iv_len = 4, .record_iv_len = 8,
	  .tag_len = 16, .prf_hash = NID_sha384 }, /* ECCPWD */
	CCM8_12(0xD003, 16), /* ECDHE_PSK */
	CCM12(0xD005, 16), /* ECDHE_PSK */

	/* ARIA-GCM, RFC 6209 */
	GCM12(0xC050, TLS_CIPHER_ARIA_GCM, 16, NID_sha256), /* RSA */
	GCM12(0xC051, TLS_CIPHER_ARIA_GCM, 32, NID_sha384), /* RSA */
	GCM12(0xC052, TLS_CIPHER_ARIA_GCM, 16, NID_sha256), /* DHE_RSA */
	GCM12(0xC053, TLS_CIPHER_ARIA_GCM, 32, NID_sha384), /* DHE_RSA */
	GCM12(0xC054, TLS_CIPHER_ARIA_GCM, 16, NID_sha256), /* DH_RSA */
	GCM12(0xC055, TLS_CIPHER_ARIA_GCM, 32, NID_sha384), /* DH_RSA */
	GCM12(0xC056, TLS_CIPHER_ARIA_GCM, 16, NID_sha256), /* DHE_DSS */
	GCM12(0xC057, TLS_CIPHER_ARIA_GCM, 32, NID_sha384), /* DHE_DSS */
	GCM12(0xC058, TLS_CIPHER_ARIA_GCM, 16, NID_sha256), /* DH_DSS */
	GCM12(0xC059, TLS_CIPHER_ARIA_GCM, 32, NID_sha384), /* DH_DSS */
	GCM12(0xC05C, TLS_CIPHER_ARIA_GCM, 16, NID_sha256), /* ECDHE_ECDSA */
	GCM12(0xC05D, TLS_CIPHER_ARIA_GCM, 32, NID_sha384), /* ECDHE_ECDSA */
	GCM12(0xC05E, TLS_CIPHER_ARIA_GCM, 16, NID_sha256), /* ECDH_ECDSA */
	GCM12(0xC05F, TLS_CIPHER_ARIA_GCM, 32, NID_sha384), /* ECDH_ECDSA */
	GCM12(0xC060, TLS_CIPHER_ARIA_GCM, 16, NID_sha256), /* ECDHE_RSA */
	GCM12(0xC061, TLS_CIPHER_ARIA_GCM, 32, NID_sha384), /* ECDHE_RSA */
	GCM12(0xC062, TLS_CIPHER_ARIA_GCM, 16, NID_sha256), /* ECDH_RSA */
	GCM12(0xC063, TLS_CIPHER_ARIA_GCM, 32, NID_sha384), /* ECDH_RSA */
	GCM12(0xC06A, TLS_CIPHER_ARIA_GCM, 16, NID_sha256), /* PSK */
	GCM12(0xC06B, TLS_CIPHER_ARIA_GCM, 32, NID_sha384), /* PSK */
	GCM12(0xC06C, TLS_CIPHER_ARIA_GCM, 16, NID_sha256), /* DHE_PSK */
	GCM12(0xC06D, TLS_CIPHER_ARIA_GCM, 32, NID_sha384), /* DHE_PSK */
	GCM12(0xC06E, TLS_CIPHER_ARIA_GCM, 16, NID_sha256), /* RSA_PSK */
	GCM12(0xC06F, TLS_CIPHER_ARIA_GCM, 32, NID_sha384), /* RSA_PSK */

	/* AES-CBC, RFC 5246 A.5, RFC 4279, RFC 4492, RFC 5289, RFC 5487, RFC 5489 */
	CBC(0x002F, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA1), /* RSA */
	CBC(0x0030, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA1), /* DH_DSS */
	CBC(0x0031, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA1), /* DH_RSA */
	CBC(0x0032, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA1), /* DHE_DSS */
	CBC(0x0033, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA1), /* DHE_RSA */
	CBC(0x0035, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA1), /* RSA */
	CBC(0x0036, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA1), /* DH_DSS */
	CBC(0x0037, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA1), /* DH_RSA */
	CBC(0x0038, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA1), /* DHE_DSS */
	CBC(0x0039, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA1), /* DHE_RSA */
	CBC(0x003C, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA256), /* RSA */
	CBC(0x003D, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA256), /* RSA */
	CBC(0x003E, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA256), /* DH_DSS */
	CBC(0x003F, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA256), /* DH_RSA */
	CBC(0x0040, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA256), /* DHE_DSS */
	CBC(0x0067, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA256), /* DHE_RSA */
	CBC(0x0068, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA256), /* DH_DSS */
	CBC(0x0069, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA256), /* DH_RSA */
	CBC(0x006A, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA256), /* DHE_DSS */
	CBC(0x006B, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA256), /* DHE_RSA */
	CBC(0x008C, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA1), /* PSK */
	CBC(0x008D, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA1), /* PSK */
	CBC(0x0090, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA1), /* DHE_PSK */
	CBC(0x0091, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA1), /* DHE_PSK */
	CBC(0x0094, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA1), /* RSA_PSK */
	CBC(0x0095, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA1), /* RSA_PSK */
	CBC(0x00AE, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA256), /* PSK */
	CBC(0x00AF, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA384), /* PSK */
	CBC(0x00B2, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA256), /* DHE_PSK */
	CBC(0x00B3, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA384), /* DHE_PSK */
	CBC(0x00B6, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA256), /* RSA_PSK */
	CBC(0x00B7, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA384), /* RSA_PSK */
	CBC(0xC004, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA1), /* ECDH_ECDSA */
	CBC(0xC005, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA1), /* ECDH_ECDSA */
	CBC(0xC009, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA1), /* ECDHE_ECDSA */
	CBC(0xC00A, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA1), /* ECDHE_ECDSA */
	CBC(0xC00E, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA1), /* ECDH_RSA */
	CBC(0xC00F, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA1), /* ECDH_RSA */
	CBC(0xC013, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA1), /* ECDHE_RSA */
	CBC(0xC014, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA1), /* ECDHE_RSA */
	CBC(0xC01D, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA1), /* SRP_SHA */
	CBC(0xC01E, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA1), /* SRP_SHA_RSA */
	CBC(0xC01F, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA1), /* SRP_SHA_DSS */
	CBC(0xC020, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA1), /* SRP_SHA */
	CBC(0xC021, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA1), /* SRP_SHA_RSA */
	CBC(0xC022, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA1), /* SRP_SHA_DSS */
	CBC(0xC023, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA256), /* ECDHE_ECDSA */
	CBC(0xC024, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA384), /* ECDHE_ECDSA */
	CBC(0xC025, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA256), /* ECDH_ECDSA */
	CBC(0xC026, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA384), /* ECDH_ECDSA */
	CBC(0xC027, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA256), /* ECDHE_RSA */
	CBC(0xC028, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA384), /* ECDHE_RSA */
	CBC(0xC029, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA256), /* ECDH_RSA */
	CBC(0xC02A, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA384), /* ECDH_RSA */
	CBC(0xC035, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA1), /* ECDHE_PSK */
	CBC(0xC036, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA1), /* ECDHE_PSK */
	CBC(0xC037, TLS_CIPHER_AES_CBC, 16, 16, MAC_SHA256), /* ECDHE_PSK */
	CBC(0xC038, TLS_CIPHER_AES_CBC, 32, 16, MAC_SHA384), /* ECDHE_PSK */

	/* Camellia-CBC, RFC 5932, RFC 6367 */
	CBC(0x0041, TLS_CIPHER_CAMELLIA_CBC, 16, 16, MAC_SHA1), /* RSA */
	CBC(0x0042, TLS_CIPHER_CAMELLIA_CBC, 16, 16, MAC_SHA1), /* DH_DSS */
	CBC(0x0043, TLS_CIPHER_CAMELLIA_CBC, 16, 16, MAC_SHA1), /* DH_RSA */
	CBC(0x0044, TLS_CIPHER_CAMELLIA_CBC, 16, 16, MAC_SHA1), /* DHE_DSS */
	CBC(0x0045, TLS_CIPHER_CAMELLIA_CBC, 16, 16, MAC_SHA1), /* DHE_RSA */
	CBC(0x0084, TLS_CIPHER_CAMELLIA_CBC, 32, 16, MAC_SHA1), /* RSA */
	CBC(0x0085, TLS_CIPHER_CAMELLIA_CBC, 32, 16, MAC_SHA1), /* DH_DSS */
	CBC(0x0086, TLS_CIPHER_CAMELLIA_CBC, 32, 16, MAC_SHA1), /* DH_RSA */
	CBC(0x0087, TLS_CIPHER_CAMELLIA_CBC, 32, 16, MAC_SHA1), /* DHE_DSS */
	CBC(0x0088, TLS_CIPHER_CAMELLIA_CBC, 32, 16, MAC_SHA1), /* DHE_RSA */
	CBC(0x00BA, TLS_CIPHER_CAMELLIA_CBC, 16, 16, MAC_SHA256), /* RSA */
	CBC(0x00BB, TLS_CIPHER_CAMELLIA_CBC, 16, 16, MAC_SHA256), /* DH_DSS */
	CBC(0x00BC, TLS_CIPHER_CAMELLIA_CBC, 16, 16, MAC_SHA256), /* DH_RSA */
	CBC(0x00BD, TLS_CIPHER_CAMELLIA_CBC, 16, 16, MAC_SHA256), /* DHE_DSS */
	CBC(0x00BE, TLS_CIPHER_CAMELLIA_CBC, 16, 16, MAC_SHA256), /* DHE_RSA */
	CBC(0x00C0, TLS_CIPHER_CAMELLIA_CBC, 32, 16, MAC_SHA256), /* RSA */
	CBC(0x00C1, TLS_CIPHER_CAMELLIA_CBC, 32, 16, MAC_SHA256), /* DH_DSS */
	CBC(0x00C2, TLS_CIPHER_CAMELLIA_CBC, 32, 16, MAC_SHA256), /* DH_RSA */
	CBC(0x00C3, TLS_CIPHER_CAMELLIA_CBC, 32, 16, MAC_SHA256), /* DHE_DSS */
	CBC(0x00C4, TLS_CIPHER_CAMELLIA_CBC, 32, 16, MAC_SHA256), /* DHE_RSA */
	CBC(0xC072, TLS_CIPHER_CAMELLIA_CBC, 16, 16, MAC_SHA256), /* ECDHE_ECDSA */
	CBC(0xC073, TLS_CIPHER_CAMELLIA_CBC, 32, 16, MAC_SHA384), /* ECDHE_ECDSA */
	CBC(0xC074, TLS_CIPHER_CAMELLIA_CBC, 16, 16, MAC_SHA256), /* ECDH_ECDSA */
	CBC(0xC075, TLS_CIPHER_CAMELLIA_CBC, 32, 16, MAC_SHA384), /* ECDH_ECDSA */
	CBC(0xC076, TLS_CIPHER_CAMELLIA_CBC, 16, 16, MAC_SHA256), /* ECDHE_RSA */
	CBC(0xC077, TLS_CIPHER_CAMELLIA_CBC, 32, 16, MAC_SHA384), /* ECDHE_RSA */
	CBC(0xC078, TLS_CIPHER_CAMELLIA_CBC, 16, 16, MAC_SHA256), /* ECDH_RSA */
	CBC(0xC079, TLS_CIPHER_CAMELLIA_CBC, 32, 16, MAC_SHA384), /* ECDH_RSA */
	CBC(0xC094, TLS_CIPHER_CAMELLIA_CBC, 16, 16, MAC_SHA256), /* PSK */
	CBC(0xC095, TLS_CIPHER_CAMELLIA_CBC, 32, 16, MAC_SHA384), /* PSK */
	CBC(0xC096, TLS_CIPHER_CAMELLIA_CBC, 16, 16, MAC_SHA256), /* DHE_PSK */
	CBC(0xC097, TLS_CIPHER_CAMELLIA_CBC, 32, 16, MAC_SHA384), /* DHE_PSK */
	CBC(0xC098, TLS_CIPHER_CAMELLIA_CBC, 16, 16, MAC_SHA256), /* RSA_PSK */
	CBC(0xC099, TLS_CIPHER_CAMELLIA_CBC, 32, 16, MAC_SHA384), /* RSA_PSK */
	CBC(0xC09A, TLS_CIPHER_CAMELLIA_CBC, 16, 16, MAC_SHA256), /* ECDHE_PSK */
	CBC(0xC09B, TLS_CIPHER_CAMELLIA_CBC, 32, 16, MAC_SHA384), /* ECDHE_PSK */

	/* ARIA-CBC, RFC 6209 */
	CBC(0xC03C, TLS_CIPHER_ARIA_CBC, 16, 16, MAC_SHA256), /* RSA */
	CBC(0xC03D, TLS_CIPHER_ARIA_CBC, 32, 16, MAC_SHA384), /* RSA */
	CBC(0xC03E, TLS_CIPHER_ARIA_CBC, 16, 16, MAC_SHA256), /* DH_DSS */
	CBC(0xC03F, TLS_CIPHER_ARIA_CBC, 32, 16, MAC_SHA384), /* DH_DSS */
	CBC(0xC040, TLS_CIPHER_ARIA_CBC, 16, 16, MAC_SHA256), /* DH_RSA */
	CBC(0xC041, TLS_CIPHER_ARIA_CBC, 32, 16, MAC_SHA384), /* DH_RSA */
	CBC(0xC042, TLS_CIPHER_ARIA_CBC, 16, 16, MAC_SHA256), /* DHE_DSS */
	CBC(0xC043, TLS_CIPHER_ARIA_CBC, 32, 16, MAC_SHA384), /* DHE_DSS */
	CBC(0xC044, TLS_CIPHER_ARIA_CBC, 16, 16, MAC_SHA256), /* DHE_RSA */
	CBC(0xC045, TLS_CIPHER_ARIA_CBC, 32, 16, MAC_SHA384), /* DHE_RSA */
	CBC(0xC048, TLS_CIPHER_ARIA_CBC, 16, 16, MAC_SHA256), /* ECDHE_ECDSA */
	CBC(0xC049, TLS_CIPHER_ARIA_CBC, 32, 16, MAC_SHA384), /* ECDHE_ECDSA */
	CBC(0xC04A, TLS_CIPHER_ARIA_CBC, 16, 16, MAC_SHA256), /* ECDH_ECDSA */
	CBC(0xC04B, TLS_CIPHER_ARIA_CBC, 32, 16, MAC_SHA384), /* ECDH_ECDSA */
	CBC(0xC04C, TLS_CIPHER_ARIA_CBC, 16, 16, MAC_SHA256), /* ECDHE_RSA */
	CBC(0xC04D, TLS_CIPHER_ARIA_CBC, 32, 16, MAC_SHA384), /* ECDHE_RSA */
	CBC(0xC04E, TLS_CIPHER_ARIA_CBC, 16, 16, MAC_SHA256), /* ECDH_RSA */
	CBC(0xC04F, TLS_CIPHER_ARIA_CBC, 32, 16, MAC_SHA384), /* ECDH_RSA */
	CBC(0xC064, TLS_CIPHER_ARIA_CBC, 16, 16, MAC_SHA256), /* PSK */
	CBC(0xC065, TLS_CIPHER_ARIA_CBC, 32, 16, MAC_SHA384), /* PSK */
	CBC(0xC066, TLS_CIPHER_ARIA_CBC, 16, 16, MAC_SHA256), /* DHE_PSK */
	CBC(0xC067, TLS_CIPHER_ARIA_CBC, 32, 16, MAC_SHA384), /* DHE_PSK */
	CBC(0xC068, TLS_CIPHER_ARIA_CBC, 16, 16, MAC_SHA256), /* RSA_PSK */
	CBC(0xC069, TLS_CIPHER_ARIA_CBC, 32, 16, MAC_SHA384), /* RSA_PSK */
	CBC(0xC070, TLS_CIPHER_ARIA_CBC, 16, 16, MAC_SHA256), /* ECDHE_PSK */
	CBC(0xC071, TLS_CIPHER_ARIA_CBC, 32, 16, MAC_SHA384), /* ECDHE_PSK */

	/* SEED-CBC, RFC 4162 (legacy provider) */
	CBC(0x0096, TLS_CIPHER_SEED_CBC, 16, 16, MAC_SHA1), /* RSA */
	CBC(0x0097, TLS_CIPHER_SEED_CBC, 16, 16, MAC_SHA1), /* DH_DSS */
	CBC(0x0098, TLS_CIPHER_SEED_CBC, 16, 16, MAC_SHA1), /* DH_RSA */
	CBC(0x0099, TLS_CIPHER_SEED_CBC, 16, 16, MAC_SHA1), /* DHE_DSS */
	CBC(0x009A, TLS_CIPHER_SEED_CBC, 16, 16, MAC_SHA1), /* DHE_RSA */

	/* 3DES-EDE-CBC, RFC 5246 A.5 and the key exchanges above */
	CBC(0x000A, TLS_CIPHER_3DES_CBC, 24, 8, MAC_SHA1), /* RSA */
	CBC(0x000D, TLS_CIPHER_3DES_CBC, 24, 8, MAC_SHA1), /* DH_DSS */
	CBC(0x0010, TLS_CIPHER_3DES_CBC, 24, 8, MAC_SHA1), /* DH_RSA */
	CBC(0x0013, TLS_CIPHER_3DES_CBC, 24, 8, MAC_SHA1), /* DHE_DSS */
	CBC(0x0016, TLS_CIPHER_3DES_CBC, 24, 8, MAC_SHA1), /* DHE_RSA */
	CBC(0x001F, TLS_CIPHER_3DES_CBC, 24, 8, MAC_SHA1), /* KRB5 */
	CBC(0x0023, TLS_CIPHER_3DES_CBC, 24, 8, MAC_MD5), /* KRB5 */
	CBC(0x008B, TLS_CIPHER_3DES_CBC, 24, 8, MAC_SHA1), /* PSK */
	CBC(0x008F, TLS_CIPHER_3DES_CBC, 24, 8, MAC_SHA1), /* DHE_PSK */
	CBC(0x0093, TLS_CIPHER_3DES_CBC, 24, 8, MAC_SHA1), /* RSA_PSK */
	CBC(0xC003, TLS_CIPHER_3DES_CBC, 24, 8, MAC_SHA1), /* ECDH_ECDSA */
	CBC(0xC008, TLS_CIPHER_3DES_CBC, 24, 8, MAC_SHA1), /* ECDHE_ECDSA */
	CBC(0xC00D, TLS_CIPHER_3DES_CBC, 24, 8, MAC_SHA1), /* ECDH_RSA */
	CBC(0xC012, TLS_CIPHER_3DES_CBC, 24, 8, MAC_SHA1), /* ECDHE_RSA */
	CBC(0xC01A, TLS_CIPHER_3DES_CBC, 24, 8, MAC_SHA1), /* SRP_SHA */
	CBC(0xC01B, TLS_CIPHER_3DES_CBC, 24, 8, MAC_SHA1), /* SRP_SHA_RSA */
	CBC(0xC01C, TLS_CIPHER_3DES_CBC, 24, 8, MAC_SHA1), /* SRP_SHA_DSS */
	CBC(0xC034, TLS_CIPHER_3DES_CBC, 24, 8, MAC_SHA1), /* ECDHE_PSK */

	/* DES-CBC, RFC 5469: TLS 1.0 and 1.1 only (legacy provider) */
	CBC(0x0009, TLS_CIPHER_DES_CBC, 8, 8, MAC_SHA1), /* RSA */
	CBC(0x000C, TLS_CIPHER_DES_CBC, 8, 8, MAC_SHA1), /* DH_DSS */
	CBC(0x000F, TLS_CIPHER_DES_CBC, 8, 8, MAC_SHA1), /* DH_RSA */
	CBC(0x0012, TLS_CIPHER_DES_CBC, 8, 8, MAC_SHA1), /* DHE_DSS */
	CBC(0x0015, TLS_CIPHER_DES_CBC, 8, 8, MAC_SHA1), /* DHE_RSA */
	CBC(0x001E, TLS_CIPHER_DES_CBC, 8, 8, MAC_SHA1), /* KRB5 */
	CBC(0x0022, TLS_CIPHER_DES_CBC, 8, 8, MAC_MD5), /* KRB5 */

	/* RC4, RFC 5246 A.5, RFC 2712, RFC 4279, RFC 4492 (legacy provider); RFC 7465 forbids them */
	STREAM(0x0004, TLS_CIPHER_RC4_128, 16, MAC_MD5), /* RSA */
	STREAM(0x0005, TLS_CIPHER_RC4_128, 16, MAC_SHA1), /* RSA */
	STREAM(0x0020, TLS_CIPHER_RC4_128, 16, MAC_SHA1), /* KRB5 */
	STREAM(0x0024, TLS_CIPHER_RC4_128, 16, MAC_MD5), /* KRB5 */
	STREAM(0x0066, TLS_CIPHER_RC4_128, 16, MAC_SHA1), /* DHE_DSS */
	STREAM(0x008A, TLS_CIPHER_RC4_128, 16, MAC_SHA1), /* PSK */
	STREAM(0x008E, TLS_CIPHER_RC4_128, 16, MAC_SHA1), /* DHE_PSK */
	STREAM(0x0092, TLS_CIPHER_RC4_128, 16, MAC_SHA1), /* RSA_PSK */
	STREAM(0xC002, TLS_CIPHER_RC4_128, 16, MAC_SHA1), /* ECDH_ECDSA */
	STREAM(0xC007, TLS_CIPHER_RC4_128, 16, MAC_SHA1), /* ECDHE_ECDSA */
	STREAM(0xC00C, TLS_CIPHER_RC4_128, 16, MAC_SHA1), /* ECDH_RSA */
	STREAM(0xC011, TLS_CIPHER_RC4_128, 16, MAC_SHA1), /* ECDHE_RSA */
	STREAM(0xC033, TLS_CIPHER_RC4_128, 16, MAC_SHA1), /* ECDHE_PSK */

	/* NULL: the MAC alone, RFC 5246 A.5, RFC 4785, RFC 5487, RFC 5489 */
	STREAM(0x0001, TLS_CIPHER_NULL, 0, MAC_MD5), /* RSA */
	STREAM(0x0002, TLS_CIPHER_NULL, 0, MAC_SHA1), /* RSA */
	STREAM(0x002C, TLS_CIPHER_NULL, 0, MAC_SHA1), /* PSK */
	STREAM(0x002D, TLS_CIPHER_NULL, 0, MAC_SHA1), /* DHE_PSK */
	STREAM(0x002E, TLS_CIPHER_NULL, 0, MAC_SHA1), /* RSA_PSK */
	STREAM(0x003B, TLS_CIPHER_NULL, 0, MAC_SHA256), /* RSA */
	STREAM(0x00B0, TLS_CIPHER_NULL, 0, MAC_SHA256), /* PSK */
	STREAM(0x00B1, TLS_CIPHER_NULL, 0, MAC_SHA384), /* PSK */
	STREAM(0x00B4, TLS_CIPHER_NULL, 0, MAC_SHA256), /* DHE_PSK */
	STREAM(0x00B5, TLS_CIPHER_NULL, 0, MAC_SHA384), /* DHE_PSK */
	STREAM(0x00B8, TLS_CIPHER_NULL, 0, MAC_SHA256), /* RSA_PSK */
	STREAM(0x00B9, TLS_CIPHER_NULL, 0, MAC_SHA384), /* RSA_PSK */
	STREAM(0xC001, TLS_CIPHER_NULL, 0, MAC_SHA1), /* ECDH_ECDSA */
	STREAM(0xC006, TLS_CIPHER_NULL, 0, MAC_SHA1), /* ECDHE_ECDSA */
	STREAM(0xC00B, TLS_CIPHER_NULL, 0, MAC_SHA1), /* ECDH_RSA */
	STREAM(0xC010, TLS_CIPHER_NULL, 0, MAC_SHA1), /* ECDHE_RSA */
	STREAM(0xC039, TLS_CIPHER_NULL, 0, MAC_SHA1), /* ECDHE_PSK */
	STREAM(0xC03A, TLS_CIPHER_NULL, 0, MAC_SHA256), /* ECDHE_PSK */
	STREAM(0xC03B, TLS_CIPHER_NULL, 0, MAC_SHA384), /* ECDHE_PSK */
};

const struct tls_suite_crypto *tls_suite_crypto_find(uint16_t suite)
{
	for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
		if (suites[i].id == suite)
			return &suites[i];
	return NULL;
}

const struct tls_suite_crypto *tls_suite_crypto_at(size_t i)
{
	return i < sizeof suites / sizeof suites[0] ? &suites[i] : NULL;
}

/* A block cipher in CBC mode with a MAC (RFC 5246 6.2.3.2). */
static bool is_cbc(const struct tls_suite_crypto *s)
{
	switch (s->kind) {
	case TLS_CIPHER_AES_CBC:
	case TLS_CIPHER_3DES_CBC:
	case TLS_CIPHER_CAMELLIA_CBC:
	case TLS_CIPHER_ARIA_CBC:
	case TLS_CIPHER_SEED_CBC:
	case TLS_CIPHER_DES_CBC:
		return true;
	default:
		return false;
	}
}

/* A stream cipher (RC4) or none, with a MAC (RFC 5246 6.2.3.1). */
static bool is_stream(const struct tls_suite_crypto *s)
{
	return s->kind == TLS_CIPHER_RC4_128 || s->kind == TLS_CIPHER_NULL;
}

bool tls_suite_has_mac(const struct tls_suite_crypto *s)
{
	return is_cbc(s) || is_stream(s);
}

bool tls_suite_needs_legacy(const struct tls_suite_crypto *s)
{
	return s->kind == TLS_CIPHER_RC4_128 || s->kind == TLS_CIPHER_SEED_CBC || s->kind == TLS_CIPHER_DES_CBC;
}

/* Loaded once for the whole process and never unloaded: the ciphers fetched from the
 * providers are used by every worker thread until the end. */
static pthread_once_t legacy_once = PTHREAD_ONCE_INIT;
static bool legacy_loaded;
static OSSL_PROVIDER *default_provider, *legacy_provider;

/* At exit, after every thread is done (registered after OpenSSL's own cleanup, so run
 * before it): an explicitly loaded provider is otherwise never released. */
static void unload_legacy(void)
{
	if (legacy_provider != NULL)
		(void)OSSL_PROVIDER_unload(legacy_provider);
	if (default_provider != NULL)
		(void)OSSL_PROVIDER_unload(default_provider);
	legacy_provider = default_provider = NULL;
}

static void load_legacy_once(void)
{
	/* An explicit load turns off the automatic loading of "default" (OpenSSL's
	 * provider(7)): it is loaded too, so that AES and the hashes stay available. */
	default_provider = OSSL_PROVIDER_load(NULL, "default");
	legacy_provider = OSSL_PROVIDER_load(NULL, "legacy");
	legacy_loaded = default_provider != NULL && legacy_provider != NULL;
	(void)atexit(unload_legacy);
	/* Where the legacy module is missing, the failed load's error must not be taken
	 * for a later call's. */
	ERR_clear_error();
}

bool tls_crypto_load_legacy(void)
{
	return pthread_once(&legacy_once, load_legacy_once) == 0 && legacy_loaded;
}

/* ---- hashes and ciphers by name ---- */

/* libcrypto's names for the hashes the suites use; NULL for any other NID. */
static const char *digest_name(int nid)
{
	switch (nid) {
	case NID_md5: return "MD5";
	case NID_sha1: return "SHA1";
	case NID_sha256: return "SHA256";
	case NID_sha384: return "SHA384";
	case NID_md5_sha1: return "MD5-SHA1";
	default: return NULL;
	}
}

static size_t digest_len(int nid)
{
	switch (nid) {
	case NID_md5: return 16;
	case NID_sha1: return 20;
	case NID_sha256: return 32;
	case NID_sha384: return 48;
	case NID_md5_sha1: return 36;
	default: return 0;
	}
}

const char *tls_suite_evp_cipher(const struct tls_suite_crypto *s)
{
	bool aes256 = s->key_len == 32;
	switch (s->kind) {
	case TLS_CIPHER_AES_GCM: return aes256 ? "AES-256-GCM" : "AES-128-GCM";
	case TLS_CIPHER_CHACHA20_POLY1305: return "ChaCha20-Poly1305";
	case TLS_CIPHER_AES_CCM:
	case TLS_CIPHER_AES_CCM_8: return aes256 ? "AES-256-CCM" : "AES-128-CCM";
	case TLS_CIPHER_AES_CBC: return aes256 ? "AES-256-CBC" : "AES-128-CBC";
	case TLS_CIPHER_3DES_CBC: return "DES-EDE3-CBC";
	case TLS_CIPHER_CAMELLIA_CBC: return aes256 ? "CAMELLIA-256-CBC" : "CAMELLIA-128-CBC";
	case TLS_CIPHER_ARIA_CBC: return aes256 ? "ARIA-256-CBC" : "ARIA-128-CBC";
	case TLS_CIPHER_ARIA_GCM: return aes256 ? "ARIA-256-GCM" : "ARIA-128-GCM";
	case TLS_CIPHER_SEED_CBC: return "SEED-CBC";
	case TLS_CIPHER_DES_CBC: return "DES-CBC";
	case TLS_CIPHER_RC4_128: return "RC4";
	case TLS_CIPHER_NULL: return NULL;
	}
	return NULL;
}

/* ---- key schedules ---- */

/*
 * OSSL_PARAM's constructors take non-const pointers but only read through them (the
 * parameters are inputs to a derive), so the casts below drop const on input only.
 */
static bool kdf_derive(const char *kdf_name, const OSSL_PARAM *params, uint8_t *out, size_t out_len)
{
	EVP_KDF *kdf = EVP_KDF_fetch(NULL, kdf_name, NULL);
	EVP_KDF_CTX *kctx = kdf != NULL ? EVP_KDF_CTX_new(kdf) : NULL;
	bool ok = kctx != NULL && EVP_KDF_derive(kctx, out, out_len, params) == 1;
	EVP_KDF_CTX_free(kctx);
	EVP_KDF_free(kdf);
	if (!ok)
		OPENSSL_cleanse(out, out_len);
	return ok;
}

bool tls_prf(int hash_nid, const uint8_t *secret, size_t secret_len, const char *label,
	     const uint8_t *seed, size_t seed_len, uint8_t *out, size_t out_len)
{
	const char *md = digest_name(hash_nid);
	size_t label_len = strlen(label);
	uint8_t label_seed[PRF_LABEL_SEED_MAX];
	if (md == NULL || hash_nid == NID_sha1 || hash_nid == NID_md5 || label_len > sizeof label_seed ||
	    seed_len > sizeof label_seed - label_len || out_len == 0)
		return false;
	/* RFC 5246 5: PRF(secret, label, seed) = P_<hash>(secret, label + seed). */
	memcpy(label_seed, label, label_len); // NOLINT(bugprone-not-null-terminated-result): bytes, not a C string
	if (seed_len > 0)
		memcpy(label_seed + label_len, seed, seed_len); // reader-lint: the caller's seed (randoms, a hash), not a record
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)md, 0),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET, (void *)secret, secret_len),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, label_seed, label_len + seed_len),
		OSSL_PARAM_construct_end(),
	};
	bool ok = kdf_derive(OSSL_KDF_NAME_TLS1_PRF, params, out, out_len);
	OPENSSL_cleanse(label_seed, sizeof label_seed);
	return ok;
}

bool tls13_hkdf_expand_label(int hash_nid, const uint8_t *secret, size_t secret_len,
			     const char *label, const uint8_t *context, size_t context_len,
			     uint8_t *out, size_t out_len)
{
	const char *md = digest_name(hash_nid);
	size_t hash_len = digest_len(hash_nid);
	size_t prefix_len = strlen(HKDF_LABEL_PREFIX);
	size_t label_len = strlen(label);
	uint8_t info[HKDF_LABEL_MAX];
	size_t n = 0;
	if ((hash_nid != NID_sha256 && hash_nid != NID_sha384) || md == NULL)
		return false;
	/* RFC 5869 2.3: at most 255 blocks of output; RFC 8446 7.1: labels 7..255 bytes. */
	if (out_len == 0 || out_len > 255 * hash_len || label_len > 255 - prefix_len ||
	    context_len > 255 || (context_len > 0 && context == NULL))
		return false;

	/*
	 * struct {
	 *     uint16 length = Length;
	 *     opaque label<7..255> = "tls13 " + Label;
	 *     opaque context<0..255> = Context;
	 * } HkdfLabel;                                   (RFC 8446 7.1)
	 */
	info[n++] = (uint8_t)(out_len >> 8);
	info[n++] = (uint8_t)(out_len & 0xff);
	info[n++] = (uint8_t)(prefix_len + label_len);
	memcpy(info + n, HKDF_LABEL_PREFIX, prefix_len); // NOLINT(bugprone-not-null-terminated-result): length-prefixed bytes
	n += prefix_len;
	memcpy(info + n, label, label_len); // NOLINT(bugprone-not-null-terminated-result): length-prefixed bytes
	n += label_len;
	info[n++] = (uint8_t)context_len;
	if (context_len > 0)
		memcpy(info + n, context, context_len); // reader-lint: a transcript hash or empty, not a record
	n += context_len;

	int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
		OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)md, 0),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)secret, secret_len),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info, n),
		OSSL_PARAM_construct_end(),
	};
	return kdf_derive(OSSL_KDF_NAME_HKDF, params, out, out_len);
}

bool tls13_traffic_keys(const struct tls_suite_crypto *s, const uint8_t *secret, size_t secret_len,
			struct tls_record_keys *out)
{
	memset(out, 0, sizeof *out);
	if (s == NULL || !s->tls13 || secret_len != digest_len(s->prf_hash) ||
	    s->key_len > sizeof out->key || s->fixed_iv_len > sizeof out->iv)
		return false;
	/* RFC 8446 7.3: [sender]_write_key = HKDF-Expand-Label(Secret, "key", "", key_length),
	 * [sender]_write_iv = HKDF-Expand-Label(Secret, "iv", "", iv_length). */
	if (!tls13_hkdf_expand_label(s->prf_hash, secret, secret_len, "key", NULL, 0, out->key, s->key_len) ||
	    !tls13_hkdf_expand_label(s->prf_hash, secret, secret_len, "iv", NULL, 0, out->iv, s->fixed_iv_len)) {
		OPENSSL_cleanse(out, sizeof *out);
		return false;
	}
	out->key_len = s->key_len;
	out->iv_len = s->fixed_iv_len;
	return true;
}

/* Fixed IV bytes per direction in the key block: AEAD salts; only SSL 3.0 and TLS 1.0
 * CBC take an IV there (RFC 6101 6.2.2, RFC 2246 6.3), TLS 1.1 and 1.2 CBC send one in
 * each record; stream ciphers have none. */
static unsigned key_block_iv_len(const struct tls_suite_crypto *s, uint16_t version)
{
	if (is_cbc(s))
		return version <= TLS_CRYPTO_VERSION_TLS10 ? s->block_len : 0;
	if (is_stream(s))
		return 0;
	return s->fixed_iv_len;
}

/* SSL 3.0's key block uses 26 letters at most ('A', 'BB', ... 'Z' x 26): 26 MD5 blocks. */
#define SSL3_KEY_BLOCK_ROUNDS 26
#define SSL3_MD5_LEN 16
#define SSL3_SHA1_LEN 20

/*
 * RFC 6101 6.2.2:
 *   key_block = MD5(master_secret + SHA('A' + master_secret + ServerHello.random +
 *                                        ClientHello.random)) +
 *               MD5(master_secret + SHA('BB' + master_secret + ServerHello.random +
 *                                        ClientHello.random)) + ...
 * out_len bytes of it (at most KEY_BLOCK_MAX).
 */
static bool ssl3_key_block(const uint8_t master[TLS_CRYPTO_MASTER_SECRET_LEN],
			   const uint8_t client_random[TLS_CRYPTO_RANDOM_LEN],
			   const uint8_t server_random[TLS_CRYPTO_RANDOM_LEN], uint8_t *out, size_t out_len)
{
	EVP_MD *md5 = EVP_MD_fetch(NULL, "MD5", NULL);
	EVP_MD *sha1 = EVP_MD_fetch(NULL, "SHA1", NULL);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok = md5 != NULL && sha1 != NULL && ctx != NULL && out_len <= KEY_BLOCK_MAX &&
		  out_len <= (size_t)SSL3_KEY_BLOCK_ROUNDS * SSL3_MD5_LEN;
	uint8_t letters[SSL3_KEY_BLOCK_ROUNDS];
	uint8_t inner[SSL3_SHA1_LEN], outer[SSL3_MD5_LEN];
	for (size_t done = 0, round = 0; ok && done < out_len; round++) {
		unsigned n = 0;
		memset(letters, (int)('A' + round), round + 1);
		ok = EVP_DigestInit_ex(ctx, sha1, NULL) == 1 && EVP_DigestUpdate(ctx, letters, round + 1) == 1 &&
		     EVP_DigestUpdate(ctx, master, TLS_CRYPTO_MASTER_SECRET_LEN) == 1 &&
		     EVP_DigestUpdate(ctx, server_random, TLS_CRYPTO_RANDOM_LEN) == 1 &&
		     EVP_DigestUpdate(ctx, client_random, TLS_CRYPTO_RANDOM_LEN) == 1 &&
		     EVP_DigestFinal_ex(ctx, inner, &n) == 1 && n == sizeof inner &&
		     EVP_DigestInit_ex(ctx, md5, NULL) == 1 &&
		     EVP_DigestUpdate(ctx, master, TLS_CRYPTO_MASTER_SECRET_LEN) == 1 &&
		     EVP_DigestUpdate(ctx, inner, sizeof inner) == 1 && EVP_DigestFinal_ex(ctx, outer, &n) == 1 &&
		     n == sizeof outer;
		size_t take = out_len - done < sizeof outer ? out_len - done : sizeof outer;
		if (ok)
			memcpy(out + done, outer, take); // reader-lint: a digest of the key log's secret, not a record
		done += take;
	}
	OPENSSL_cleanse(inner, sizeof inner);
	OPENSSL_cleanse(outer, sizeof outer);
	EVP_MD_CTX_free(ctx);
	EVP_MD_free(sha1);
	EVP_MD_free(md5);
	if (!ok)
		OPENSSL_cleanse(out, out_len);
	return ok;
}

bool tls_key_block(const struct tls_suite_crypto *s, uint16_t version,
		   const uint8_t master[TLS_CRYPTO_MASTER_SECRET_LEN],
		   const uint8_t client_random[TLS_CRYPTO_RANDOM_LEN],
		   const uint8_t server_random[TLS_CRYPTO_RANDOM_LEN],
		   struct tls_record_keys *client_write, struct tls_record_keys *server_write)
{
	memset(client_write, 0, sizeof *client_write);
	memset(server_write, 0, sizeof *server_write);
	if (s == NULL || s->tls13 || version < TLS_CRYPTO_VERSION_SSL30 || version > TLS_CRYPTO_VERSION_TLS12)
		return false;
	/* AEAD suites exist from TLS 1.2 on (RFC 5246 6.2.3.3). */
	if (!tls_suite_has_mac(s) && version != TLS_CRYPTO_VERSION_TLS12)
		return false;
	/* SSL 3.0's MAC is defined for MD5 and SHA-1 only (RFC 6101 5.2.3.1). */
	if (version == TLS_CRYPTO_VERSION_SSL30 && s->mac_hash != NID_md5 && s->mac_hash != NID_sha1)
		return false;
	unsigned iv_len = key_block_iv_len(s, version);
	if (s->mac_len > sizeof client_write->mac_key || s->key_len > sizeof client_write->key ||
	    iv_len > sizeof client_write->iv)
		return false;
	size_t block_len = (size_t)2 * (s->mac_len + s->key_len + iv_len);

	/* RFC 5246 6.3: seed is server_random + client_random (the reverse of the master
	 * secret's). The TLS 1.0 and 1.1 PRF is MD5 and SHA-1 together (RFC 2246 5). */
	uint8_t seed[2 * TLS_CRYPTO_RANDOM_LEN];
	memcpy(seed, server_random, TLS_CRYPTO_RANDOM_LEN);
	memcpy(seed + TLS_CRYPTO_RANDOM_LEN, client_random, TLS_CRYPTO_RANDOM_LEN);
	int prf_hash = version == TLS_CRYPTO_VERSION_TLS12 ? s->prf_hash : NID_md5_sha1;
	uint8_t block[KEY_BLOCK_MAX];
	bool derived = version == TLS_CRYPTO_VERSION_SSL30
			       ? ssl3_key_block(master, client_random, server_random, block, block_len)
			       : tls_prf(prf_hash, master, TLS_CRYPTO_MASTER_SECRET_LEN, "key expansion", seed,
					 sizeof seed, block, block_len);
	if (!derived)
		return false;

	/* client_write_MAC_key, server_write_MAC_key, client_write_key, server_write_key,
	 * client_write_IV, server_write_IV, in that order (RFC 5246 6.3, RFC 6101 6.2.2). */
	struct reader r;
	rd_init(&r, block, block_len, 0);
	bool split = rd_copy(&r, client_write->mac_key, s->mac_len) && rd_copy(&r, server_write->mac_key, s->mac_len) &&
		     rd_copy(&r, client_write->key, s->key_len) && rd_copy(&r, server_write->key, s->key_len) &&
		     rd_copy(&r, client_write->iv, iv_len) && rd_copy(&r, server_write->iv, iv_len);
	OPENSSL_cleanse(block, sizeof block);
	if (!split)
		return false; /* cannot happen: block_len is the sum of the parts */

	client_write->mac_key_len = server_write->mac_key_len = s->mac_len;
	client_write->key_len = server_write->key_len = s->key_len;
	client_write->iv_len = server_write->iv_len = iv_len;
	return true;
}

bool tls12_key_block(const struct tls_suite_crypto *s, const uint8_t master[TLS_CRYPTO_MASTER_SECRET_LEN],
		     const uint8_t client_random[TLS_CRYPTO_RANDOM_LEN],
		     const uint8_t server_random[TLS_CRYPTO_RANDOM_LEN],
		     struct tls_record_keys *client_write, struct tls_record_keys *server_write)
{
	return tls_key_block(s, TLS_CRYPTO_VERSION_TLS12, master, client_random, server_random, client_write,
			     server_write);
}

/* ---- one direction's records ---- */

struct tls_record_cipher {
	const struct tls_suite_crypto *suite;
	uint16_t version;         /* 0x0300..0x0304 */
	bool etm;                 /* RFC 7366 encrypt-then-MAC (CBC only) */
	uint64_t seq;             /* of the next record */
	struct tls_record_keys keys; /* iv: the AEAD fixed IV, or SSL 3.0 / TLS 1.0's chained CBC IV */
	EVP_CIPHER *cipher;       /* NULL for the NULL cipher */
	EVP_CIPHER_CTX *ctx;      /* keyed once; each record sets its nonce/IV (RC4: its state runs on) */
	EVP_MAC *mac;             /* HMAC, TLS 1.0-1.2 suites with a MAC */
	EVP_MAC_CTX *mac_ctx;
	EVP_MD *md;               /* SSL 3.0: the MAC's hash (RFC 6101 5.2.3.1) */
	EVP_MD_CTX *md_ctx;
};

/* The suite's cipher from libcrypto; the legacy provider is loaded the first time a
 * cipher needs it. NULL when libcrypto does not have it. */
static EVP_CIPHER *fetch_cipher(const struct tls_suite_crypto *s)
{
	const char *name = tls_suite_evp_cipher(s);
	if (name == NULL)
		return NULL;
	if (tls_suite_needs_legacy(s) && !tls_crypto_load_legacy())
		return NULL;
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, name, NULL);
	if (c == NULL)
		ERR_clear_error(); /* a cipher left out of this build: the caller says so */
	return c;
}

struct tls_record_cipher *tls_record_cipher_new(const struct tls_suite_crypto *s,
						const struct tls_record_keys *k, uint16_t version)
{
	if (s == NULL || k == NULL)
		return NULL;
	if (s->tls13 != (version == TLS_CRYPTO_VERSION_TLS13) || version < TLS_CRYPTO_VERSION_SSL30 ||
	    version > TLS_CRYPTO_VERSION_TLS13)
		return NULL;
	bool has_mac = tls_suite_has_mac(s);
	if (!s->tls13 && !has_mac && version != TLS_CRYPTO_VERSION_TLS12)
		return NULL;
	bool ssl3 = version == TLS_CRYPTO_VERSION_SSL30;
	if (ssl3 && s->mac_hash != NID_md5 && s->mac_hash != NID_sha1)
		return NULL;
	unsigned want_iv = s->tls13 ? s->fixed_iv_len : key_block_iv_len(s, version);
	if (k->key_len != s->key_len || k->iv_len != want_iv || k->mac_key_len != s->mac_len)
		return NULL;

	struct tls_record_cipher *c = calloc(1, sizeof *c);
	if (c == NULL)
		return NULL;
	c->suite = s;
	c->version = version;
	c->keys = *k;
	bool ok = true;
	if (s->kind != TLS_CIPHER_NULL) {
		c->cipher = fetch_cipher(s);
		c->ctx = EVP_CIPHER_CTX_new();
		ok = c->cipher != NULL && c->ctx != NULL;
	}
	/* CCM takes its tag and lengths before the key, so it is keyed for each record
	 * (aead_decrypt); the others are keyed once here. */
	if (ok && c->cipher != NULL && s->kind != TLS_CIPHER_AES_CCM && s->kind != TLS_CIPHER_AES_CCM_8)
		ok = EVP_DecryptInit_ex(c->ctx, c->cipher, NULL, c->keys.key, NULL) == 1;
	const char *mac_md = digest_name(s->mac_hash);
	if (ok && has_mac && mac_md != NULL && ssl3) {
		c->md = EVP_MD_fetch(NULL, mac_md, NULL);
		c->md_ctx = EVP_MD_CTX_new();
		ok = c->md != NULL && c->md_ctx != NULL;
	} else if (ok && has_mac && mac_md != NULL) {
		OSSL_PARAM params[] = {
			OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)mac_md, 0),
			OSSL_PARAM_construct_end(),
		};
		c->mac = EVP_MAC_fetch(NULL, OSSL_MAC_NAME_HMAC, NULL);
		c->mac_ctx = c->mac != NULL ? EVP_MAC_CTX_new(c->mac) : NULL;
		ok = c->mac_ctx != NULL && EVP_MAC_CTX_set_params(c->mac_ctx, params) == 1;
	} else if (has_mac) {
		ok = false;
	}
	if (!ok) {
		tls_record_cipher_free(c);
		return NULL;
	}
	return c;
}

bool tls_suite_cipher_available(const struct tls_suite_crypto *s)
{
	if (s == NULL)
		return false;
	if (s->kind == TLS_CIPHER_NULL)
		return true;
	EVP_CIPHER *c = fetch_cipher(s);
	EVP_CIPHER_free(c);
	return c != NULL;
}

void tls_record_cipher_set_etm(struct tls_record_cipher *c, bool etm)
{
	/* RFC 7366 3: encrypt-then-MAC applies to CBC suites; AEAD and stream records are
	 * unchanged, and SSL 3.0 has no extensions. */
	c->etm = etm && is_cbc(c->suite) && c->version != TLS_CRYPTO_VERSION_SSL30;
}

uint64_t tls_record_seq(const struct tls_record_cipher *c)
{
	return c->seq;
}

void tls_record_cipher_skip(struct tls_record_cipher *c, uint64_t records)
{
	c->seq += records;
}

void tls_record_cipher_free(struct tls_record_cipher *c)
{
	if (c == NULL)
		return;
	EVP_MAC_CTX_free(c->mac_ctx);
	EVP_MAC_free(c->mac);
	EVP_MD_CTX_free(c->md_ctx);
	EVP_MD_free(c->md);
	EVP_CIPHER_CTX_free(c->ctx);
	EVP_CIPHER_free(c->cipher);
	OPENSSL_cleanse(c, sizeof *c);
	free(c);
}

static void put_u64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--) {
		p[i] = (uint8_t)(v & 0xff);
		v >>= 8;
	}
}

static void put_u16(uint8_t *p, size_t v)
{
	p[0] = (uint8_t)(v >> 8 & 0xff);
	p[1] = (uint8_t)(v & 0xff);
}

/* seq_num(8) type(1) version(2) length(2): the TLS 1.2 AEAD additional data and the
 * start of the CBC MAC input (RFC 5246 6.2.3.1, 6.2.3.3), length that of the data. */
static void put_mac_header(uint8_t out[MAC_HEADER_LEN], uint64_t seq, const struct rd_tls_header *h, size_t length)
{
	put_u64(out, seq);
	out[8] = h->type;
	put_u16(out + 9, h->version);
	put_u16(out + 11, length);
}

/* RFC 8446 5.3 and RFC 7905 2: the fixed IV XOR the sequence number, left-padded to 12 bytes. */
static void xor_seq_nonce(uint8_t nonce[AEAD_NONCE_LEN], const uint8_t iv[AEAD_NONCE_LEN], uint64_t seq)
{
	uint8_t padded[AEAD_NONCE_LEN] = { 0 };
	put_u64(padded + AEAD_NONCE_LEN - 8, seq);
	for (size_t i = 0; i < AEAD_NONCE_LEN; i++)
		nonce[i] = iv[i] ^ padded[i]; // reader-lint: the key schedule's IV, not a record
}

/*
 * One AEAD open: ct_len bytes into out, true when the tag (what tag holds, the suite's
 * tag_len bytes) verifies. len values are at most BOUND_RECORD_LENGTH (checked by
 * tls_record_open), so they fit libcrypto's int.
 */
static bool aead_decrypt(struct tls_record_cipher *c, const uint8_t nonce[AEAD_NONCE_LEN], const uint8_t *aad,
			 size_t aad_len, const uint8_t *ct, size_t ct_len, struct reader *tag, uint8_t *out)
{
	const struct tls_suite_crypto *s = c->suite;
	EVP_CIPHER_CTX *ctx = c->ctx;
	/* SET_TAG takes a non-const buffer; the record stays read-only. */
	uint8_t expected_tag[AEAD_TAG_MAX];
	int n = 0;
	if (s->tag_len > sizeof expected_tag || !rd_copy(tag, expected_tag, s->tag_len))
		return false;

	if (s->kind == TLS_CIPHER_AES_CCM || s->kind == TLS_CIPHER_AES_CCM_8) {
		/* CCM (RFC 3610) needs the nonce size, the tag and the message length before
		 * the AAD, and the whole ciphertext in one call, which checks the tag. */
		return EVP_DecryptInit_ex(ctx, c->cipher, NULL, NULL, NULL) == 1 &&
		       EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, AEAD_NONCE_LEN, NULL) == 1 &&
		       EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, (int)s->tag_len, expected_tag) == 1 &&
		       EVP_DecryptInit_ex(ctx, NULL, NULL, c->keys.key, nonce) == 1 &&
		       EVP_DecryptUpdate(ctx, NULL, &n, NULL, (int)ct_len) == 1 &&
		       EVP_DecryptUpdate(ctx, NULL, &n, aad, (int)aad_len) == 1 &&
		       EVP_DecryptUpdate(ctx, out, &n, ct, (int)ct_len) == 1;
	}
	int final_len = 0;
	return EVP_DecryptInit_ex(ctx, NULL, NULL, NULL, nonce) == 1 &&
	       EVP_DecryptUpdate(ctx, NULL, &n, aad, (int)aad_len) == 1 &&
	       EVP_DecryptUpdate(ctx, out, &n, ct, (int)ct_len) == 1 && (size_t)n == ct_len &&
	       EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, (int)s->tag_len, expected_tag) == 1 &&
	       EVP_DecryptFinal_ex(ctx, out + n, &final_len) == 1;
}

/*
 * TLS 1.3 (RFC 8446 5.2): encrypted_record = AEAD(TLSInnerPlaintext), AAD = the record
 * header, nonce = iv XOR seq;
 *   struct { opaque content[length]; ContentType type; uint8 zeros[length_of_padding]; }
 *   TLSInnerPlaintext;
 */
static bool open_tls13(struct tls_record_cipher *c, const struct rd_tls_header *h, const uint8_t *body,
		       size_t len, uint8_t *out, size_t *out_len, uint8_t *content_type, const char **why)
{
	const struct tls_suite_crypto *s = c->suite;
	struct reader r, inner;
	const uint8_t *ct;
	if (h->type != TLS_CT_APPLICATION_DATA) {
		*why = "not a protected record (outer type is not application_data)";
		return false;
	}
	/* At least the inner content type, then the tag. */
	if (len < s->tag_len + 1) {
		*why = "record too short";
		return false;
	}
	rd_init(&r, body, len, 0);
	if (!rd_view(&r, len - s->tag_len, &ct) || rd_left(&r) != s->tag_len) {
		*why = "record too short";
		return false;
	}
	size_t ct_len = len - s->tag_len;
	uint8_t nonce[AEAD_NONCE_LEN];
	uint8_t aad[TLS_RECORD_HEADER_LEN];
	xor_seq_nonce(nonce, c->keys.iv, c->seq);
	aad[0] = h->type;
	put_u16(aad + 1, h->version);
	put_u16(aad + 3, h->length);
	if (!aead_decrypt(c, nonce, aad, sizeof aad, ct, ct_len, &r, out)) {
		*why = "authentication failed";
		return false;
	}
	/* RFC 8446 5.4: the type is the last non-zero byte; all zeros is unexpected_message. */
	size_t zeros = 0;
	uint8_t last = 0;
	rd_init(&inner, out, ct_len, 0);
	while (rd_peek_end_u8(&inner, zeros, &last) && last == 0)
		zeros++;
	if (zeros == ct_len) {
		*why = "no content type (inner plaintext is all zeros)";
		return false;
	}
	*content_type = last;
	*out_len = ct_len - zeros - 1;
	return true;
}

/*
 * TLS 1.2 AEAD (RFC 5246 6.2.3.3): additional_data = seq_num + type + version + length
 * of the plaintext. GCM and CCM: nonce = salt (4, key block) + explicit (8, record)
 * (RFC 5288 3, RFC 6655 3); ChaCha20-Poly1305: iv XOR seq, nothing explicit (RFC 7905 2).
 */
static bool open_tls12_aead(struct tls_record_cipher *c, const struct rd_tls_header *h, const uint8_t *body,
			    size_t len, uint8_t *out, size_t *out_len, uint8_t *content_type, const char **why)
{
	const struct tls_suite_crypto *s = c->suite;
	struct reader r;
	const uint8_t *ct;
	if (len < s->record_iv_len + s->tag_len) {
		*why = "record too short";
		return false;
	}
	size_t ct_len = len - s->record_iv_len - s->tag_len;
	/* The nonce: the fixed part from the key block, then (GCM, CCM) the record's
	 * explicit part; ChaCha20-Poly1305 has none (record_iv_len 0). */
	uint8_t nonce[AEAD_NONCE_LEN];
	if (s->kind == TLS_CIPHER_CHACHA20_POLY1305)
		xor_seq_nonce(nonce, c->keys.iv, c->seq);
	else
		memcpy(nonce, c->keys.iv, s->fixed_iv_len);
	rd_init(&r, body, len, 0);
	if (!rd_copy(&r, nonce + s->fixed_iv_len, s->record_iv_len) || !rd_view(&r, ct_len, &ct) ||
	    rd_left(&r) != s->tag_len) {
		*why = "record too short";
		return false;
	}
	uint8_t aad[TLS12_AAD_LEN];
	put_mac_header(aad, c->seq, h, ct_len);
	if (!aead_decrypt(c, nonce, aad, sizeof aad, ct, ct_len, &r, out)) {
		*why = "authentication failed";
		return false;
	}
	*content_type = h->type;
	*out_len = ct_len;
	return true;
}

/* SSL 3.0's MAC pads: 0x36 and 0x5c, 48 times for MD5, 40 for SHA-1 (RFC 6101 5.2.3.1). */
#define SSL3_PAD_MAX 48
#define SSL3_PAD1 0x36
#define SSL3_PAD2 0x5c
/* seq_num(8) type(1) length(2): no version in SSL 3.0's MAC input. */
#define SSL3_MAC_HEADER_LEN 11

/*
 * RFC 6101 5.2.3.1:
 *   hash(MAC_write_secret + pad_2 +
 *        hash(MAC_write_secret + pad_1 + seq_num + SSLCompressed.type +
 *             SSLCompressed.length + SSLCompressed.fragment));
 */
static bool ssl3_mac(struct tls_record_cipher *c, const struct rd_tls_header *h, const uint8_t *data,
		     size_t data_len, uint8_t mac[EVP_MAX_MD_SIZE])
{
	uint8_t head[SSL3_MAC_HEADER_LEN];
	uint8_t pad[SSL3_PAD_MAX];
	uint8_t inner[EVP_MAX_MD_SIZE];
	unsigned inner_len = 0, outer_len = 0;
	size_t pad_len = c->suite->mac_hash == NID_md5 ? 48 : 40;
	put_u64(head, c->seq);
	head[8] = h->type;
	put_u16(head + 9, data_len);
	EVP_MD_CTX *ctx = c->md_ctx;
	memset(pad, SSL3_PAD1, pad_len);
	bool ok = EVP_DigestInit_ex(ctx, c->md, NULL) == 1 &&
		  EVP_DigestUpdate(ctx, c->keys.mac_key, c->keys.mac_key_len) == 1 &&
		  EVP_DigestUpdate(ctx, pad, pad_len) == 1 && EVP_DigestUpdate(ctx, head, sizeof head) == 1 &&
		  EVP_DigestUpdate(ctx, data, data_len) == 1 && EVP_DigestFinal_ex(ctx, inner, &inner_len) == 1;
	memset(pad, SSL3_PAD2, pad_len);
	ok = ok && EVP_DigestInit_ex(ctx, c->md, NULL) == 1 &&
	     EVP_DigestUpdate(ctx, c->keys.mac_key, c->keys.mac_key_len) == 1 &&
	     EVP_DigestUpdate(ctx, pad, pad_len) == 1 && EVP_DigestUpdate(ctx, inner, inner_len) == 1 &&
	     EVP_DigestFinal_ex(ctx, mac, &outer_len) == 1 && outer_len == c->keys.mac_key_len;
	OPENSSL_cleanse(inner, sizeof inner);
	return ok;
}

/* HMAC(mac_key, seq_num + type + version + length + data) (RFC 5246 6.2.3.1), where
 * data and length are the content (MAC-then-encrypt) or IV + ciphertext (RFC 7366 3);
 * SSL 3.0's own MAC for that version. */
static bool record_mac(struct tls_record_cipher *c, const struct rd_tls_header *h, const uint8_t *data,
		       size_t data_len, uint8_t mac[EVP_MAX_MD_SIZE])
{
	if (c->version == TLS_CRYPTO_VERSION_SSL30)
		return ssl3_mac(c, h, data, data_len, mac);
	uint8_t head[MAC_HEADER_LEN];
	size_t mac_len = 0;
	put_mac_header(head, c->seq, h, data_len);
	return EVP_MAC_init(c->mac_ctx, c->keys.mac_key, c->keys.mac_key_len, NULL) == 1 &&
	       EVP_MAC_update(c->mac_ctx, head, sizeof head) == 1 &&
	       EVP_MAC_update(c->mac_ctx, data, data_len) == 1 &&
	       EVP_MAC_final(c->mac_ctx, mac, &mac_len, EVP_MAX_MD_SIZE) == 1 && mac_len == c->keys.mac_key_len;
}

/* CBC without libcrypto's padding handling: the record's padding is checked here. */
static bool cbc_decrypt(struct tls_record_cipher *c, const uint8_t *iv, const uint8_t *ct, size_t ct_len,
			uint8_t *out)
{
	int n = 0, final_len = 0;
	return EVP_DecryptInit_ex(c->ctx, NULL, NULL, NULL, iv) == 1 &&
	       EVP_CIPHER_CTX_set_padding(c->ctx, 0) == 1 &&
	       EVP_DecryptUpdate(c->ctx, out, &n, ct, (int)ct_len) == 1 && (size_t)n == ct_len &&
	       EVP_DecryptFinal_ex(c->ctx, out + n, &final_len) == 1 && final_len == 0;
}

/*
 * GenericBlockCipher padding (RFC 5246 6.2.3.2), read from the end:
 *   ... uint8 padding[GenericBlockCipher.padding_length]; uint8 padding_length;
 * the padding_length bytes before the last all equal it. SSL 3.0 (RFC 6101 5.2.3.2):
 * the padding's bytes are arbitrary and padding_length is less than the block (ssl3).
 * plain_len counts the whole decrypted fragment; *pad_total gets padding_length + 1.
 */
static bool padding_ok(const uint8_t *plain, size_t plain_len, bool ssl3, size_t block_len, size_t *pad_total)
{
	struct reader r;
	uint8_t pad, b;
	rd_init(&r, plain, plain_len, 0);
	if (!rd_peek_end_u8(&r, 0, &pad) || (size_t)pad + 1 > plain_len)
		return false;
	if (ssl3) {
		if (pad >= block_len)
			return false;
		*pad_total = (size_t)pad + 1;
		return true;
	}
	for (size_t back = 1; back <= pad; back++)
		if (!rd_peek_end_u8(&r, back, &b) || b != pad)
			return false;
	*pad_total = (size_t)pad + 1;
	return true;
}

/*
 * SSL 3.0 and TLS 1.0-1.2 CBC (RFC 6101 5.2.3.2, RFC 5246 6.2.3.2): IV (TLS >= 1.1) + ENC(content + MAC + padding),
 * or with RFC 7366: IV + ENC(content + padding) + MAC over IV + ciphertext. TLS 1.0's IV
 * is the last ciphertext block of the previous record (RFC 2246 6.2.3.2).
 */
static bool open_cbc(struct tls_record_cipher *c, const struct rd_tls_header *h, const uint8_t *body,
		     size_t len, uint8_t *out, size_t *out_len, uint8_t *content_type, const char **why)
{
	const struct tls_suite_crypto *s = c->suite;
	size_t bs = s->block_len;
	size_t iv_len = c->version >= TLS_CRYPTO_VERSION_TLS11 ? bs : 0;
	size_t mac_len = s->mac_len;
	size_t outer_mac_len = c->etm ? mac_len : 0;
	size_t inner_mac_len = c->etm ? 0 : mac_len;
	struct reader r, plain;
	const uint8_t *iv, *ct, *outer_mac = NULL, *inner_mac;
	uint8_t mac[EVP_MAX_MD_SIZE];

	/* The smallest record: IV, then content + MAC + at least one padding byte in whole blocks. */
	size_t min_ct = (inner_mac_len + 1 + bs - 1) / bs * bs;
	if (len < iv_len + min_ct + outer_mac_len) {
		*why = "record too short";
		return false;
	}
	size_t ct_len = len - iv_len - outer_mac_len;
	if (ct_len % bs != 0) {
		*why = "ciphertext is not a whole number of blocks";
		return false;
	}
	rd_init(&r, body, len, 0);
	if (!rd_view(&r, iv_len, &iv) || !rd_view(&r, ct_len, &ct) || !rd_view(&r, outer_mac_len, &outer_mac)) {
		*why = "record too short";
		return false;
	}
	if (iv_len == 0)
		iv = c->keys.iv;

	if (c->etm) {
		if (!record_mac(c, h, body, iv_len + ct_len, mac)) {
			*why = "MAC computation failed";
			return false;
		}
		if (CRYPTO_memcmp(mac, outer_mac, mac_len) != 0) {
			*why = "bad record MAC";
			return false;
		}
	}
	if (!cbc_decrypt(c, iv, ct, ct_len, out)) {
		*why = "decryption failed";
		return false;
	}
	size_t pad_total = 0;
	if (!padding_ok(out, ct_len, c->version == TLS_CRYPTO_VERSION_SSL30, bs, &pad_total) ||
	    pad_total + inner_mac_len > ct_len) {
		*why = "bad padding";
		return false;
	}
	size_t content_len = ct_len - pad_total - inner_mac_len;
	if (!c->etm) {
		if (!record_mac(c, h, out, content_len, mac)) {
			*why = "MAC computation failed";
			return false;
		}
		/* content, then the MAC, then the padding. */
		rd_init(&plain, out, ct_len, 0);
		if (!rd_skip(&plain, content_len) || !rd_view(&plain, mac_len, &inner_mac) ||
		    CRYPTO_memcmp(mac, inner_mac, mac_len) != 0) {
			*why = "bad record MAC";
			return false;
		}
	}
	if (iv_len == 0) {
		/* SSL 3.0 and TLS 1.0: the last ciphertext block is the next record's IV. */
		struct reader last;
		rd_init(&last, ct, ct_len, 0);
		if (!rd_skip(&last, ct_len - bs) || !rd_copy(&last, c->keys.iv, bs)) {
			*why = "record too short"; /* cannot happen: ct_len is at least a block */
			return false;
		}
	}
	*content_type = h->type;
	*out_len = content_len;
	return true;
}

/*
 * Stream ciphers and NULL (RFC 5246 6.2.3.1, RFC 6101 5.2.3.1):
 *   stream-ciphered struct { opaque content[length]; opaque MAC[mac_length]; }
 * RC4's key stream runs on from record to record: the context is never re-keyed.
 */
static bool open_stream(struct tls_record_cipher *c, const struct rd_tls_header *h, const uint8_t *body,
			size_t len, uint8_t *out, size_t *out_len, uint8_t *content_type, const char **why)
{
	size_t mac_len = c->suite->mac_len;
	struct reader r;
	const uint8_t *ct, *got_mac;
	uint8_t mac[EVP_MAX_MD_SIZE];
	if (len < mac_len) {
		*why = "record too short";
		return false;
	}
	rd_init(&r, body, len, 0);
	if (c->cipher == NULL) {
		/* NULL cipher: the fragment is the plaintext. */
		if (!rd_copy(&r, out, len)) {
			*why = "record too short";
			return false;
		}
	} else {
		int n = 0;
		if (!rd_view(&r, len, &ct)) {
			*why = "record too short";
			return false;
		}
		if (EVP_DecryptUpdate(c->ctx, out, &n, ct, (int)len) != 1 || (size_t)n != len) {
			*why = "decryption failed";
			return false;
		}
	}
	size_t content_len = len - mac_len;
	struct reader plain;
	rd_init(&plain, out, len, 0);
	if (!record_mac(c, h, out, content_len, mac)) {
		*why = "MAC computation failed";
		return false;
	}
	if (!rd_skip(&plain, content_len) || !rd_view(&plain, mac_len, &got_mac) ||
	    CRYPTO_memcmp(mac, got_mac, mac_len) != 0) {
		*why = "bad record MAC";
		return false;
	}
	*content_type = h->type;
	*out_len = content_len;
	return true;
}

bool tls_record_open(struct tls_record_cipher *c, const uint8_t hdr[5], const uint8_t *body, size_t len,
		     uint8_t *out, size_t out_cap, size_t *out_len, uint8_t *content_type, const char **why)
{
	bool ok = false;
	struct reader hr;
	struct rd_tls_header h;
	*why = NULL;
	*out_len = 0;
	rd_init(&hr, hdr, TLS_RECORD_HEADER_LEN, 0);
	if (!rd_tls_header(&hr, &h) || h.length != len)
		*why = "header length does not match the record";
	else if (len > BOUND_RECORD_LENGTH)
		*why = "record too long";
	else if (out_cap < len)
		*why = "output buffer too small";
	else if (body == NULL && len > 0)
		*why = "record too short";
	else if (c->seq == UINT64_MAX)
		/* RFC 5246 6.1 / RFC 8446 5.3: sequence numbers do not wrap. */
		*why = "sequence number exhausted";
	else if (c->suite->tls13)
		ok = open_tls13(c, &h, body, len, out, out_len, content_type, why);
	else if (is_cbc(c->suite))
		ok = open_cbc(c, &h, body, len, out, out_len, content_type, why);
	else if (is_stream(c->suite))
		ok = open_stream(c, &h, body, len, out, out_len, content_type, why);
	else
		ok = open_tls12_aead(c, &h, body, len, out, out_len, content_type, why);

	if (!ok) {
		/* Unauthenticated plaintext is never handed on. */
		OPENSSL_cleanse(out, out_cap < len ? out_cap : len);
		*out_len = 0;
		return false;
	}
	c->seq++;
	return true;
}
