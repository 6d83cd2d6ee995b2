/*
 * tls_names.h — the IANA registry names the program prints, from one table
 * (src/tls_names.c): protocol versions, alerts, cipher suites, named groups, signature
 * schemes, extensions, handshake types. Every other module asks here; no list of
 * names is repeated elsewhere.
 */
#ifndef TLSDIAG_TLS_NAMES_H
#define TLSDIAG_TLS_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Key exchange family of a cipher suite, for "which is most likely missing" evidence. */
enum cipher_kx {
	KX_UNKNOWN = 0,
	KX_RSA,          /* static RSA key transport */
	KX_DHE,          /* finite-field ephemeral DH */
	KX_ECDHE,
	KX_PSK,          /* PSK, DHE_PSK, ECDHE_PSK, RSA_PSK */
	KX_DH_ECDH_STATIC,
	KX_SRP,
	KX_ANON,         /* anonymous (DH_anon, ECDH_anon) */
	KX_TLS13,        /* TLS 1.3 suites: key exchange negotiated separately */
	KX_SSL2,
	KX_SCSV,         /* signalling values, not suites */
};

enum cipher_flags {
	CF_AEAD = 1 << 0,
	CF_CBC = 1 << 1,
	CF_RC4 = 1 << 2,
	CF_DES = 1 << 3,       /* single DES or 3DES */
	CF_NULL = 1 << 4,      /* no encryption */
	CF_EXPORT = 1 << 5,
	CF_ECDSA = 1 << 6,     /* server certificate must be ECDSA */
	CF_RSA_AUTH = 1 << 7,  /* server certificate must be RSA */
	CF_DSS = 1 << 8,
	CF_WEAK = 1 << 9,      /* refused by modern defaults (OpenSSL 3 security level 1+) */
};

struct cipher_info {
	uint16_t id;
	const char *name;      /* IANA name, e.g. "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" */
	const char *openssl;   /* OpenSSL's name, e.g. "ECDHE-RSA-AES128-GCM-SHA256", or NULL */
	uint8_t kx;            /* enum cipher_kx */
	uint16_t flags;        /* enum cipher_flags */
};

/* Version as printed in reports: "SSL2", "SSL3", "TLS1.0".."TLS1.3", "TLS1.3-draft28",
 * "DTLS1.2", else "0x%04x". Writes into buf (at least 24 bytes) and returns it. */
const char *tls_version_name(uint16_t version, char *buf, size_t buf_len);

/* A DTLS version as it stands on the wire, as printed: "DTLS1.0" (0xfeff, and 0x0100,
 * OpenSSL's pre-RFC DTLS 1.0), "DTLS1.2" (0xfefd), "DTLS1.3" (0xfefc); NULL otherwise. */
const char *dtls_version_name(uint16_t wire_version);

/* true for the GREASE values of RFC 8701 (0x?A?A with equal bytes). */
bool tls_is_grease(uint16_t value);

/* IANA names; NULL when unassigned/unknown. */
const char *tls_alert_name(uint8_t code);
const char *tls_group_name(uint16_t id);
const char *tls_sigalg_name(uint16_t id);
const char *tls_ext_name(uint16_t id);
const char *tls_handshake_name(uint8_t type);
const char *tls_content_type_name(uint8_t type);
/* A handshake message as people write it ("ClientHello", "HelloRetryRequest"); NULL when
 * unassigned. */
const char *tls_handshake_title(uint8_t type);

/* The suite's entry, or NULL when unknown. */
const struct cipher_info *tls_cipher_info(uint16_t id);
/* Name for printing: the IANA name, else "0x%04X" into buf (at least 8 bytes). */
const char *tls_cipher_name(uint16_t id, char *buf, size_t buf_len);

#endif
