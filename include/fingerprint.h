/*
 * fingerprint.h — identifiers that join tlsdiag's reports with other tools' logs:
 * the Community ID flow hash (Zeek, Suricata), and the client's JA3 and JA4 fingerprints.
 * Pure functions over decoded facts; they use libcrypto only for the hashes.
 */
#ifndef TLSDIAG_FINGERPRINT_H
#define TLSDIAG_FINGERPRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "facts.h"

/* Community ID v1 (seed 0) of a TCP flow: "1:" + base64(SHA-1(...)). out >= 64 bytes. */
bool fp_community_id(const struct endpoint *a, const struct endpoint *b, uint8_t ip_proto,
		     char *out, size_t out_len);

/* JA3 string and its MD5 (lowercase hex, 32 chars). Returns false when ch is unusable. */
bool fp_ja3(const struct tls_client_hello *ch, char *md5_hex, size_t md5_len);

/* JA4 (TCP): e.g. "t13d1516h2_8daaf6152771_e5627efa2ab1". out >= 40 bytes. */
bool fp_ja4(const struct tls_client_hello *ch, char *out, size_t out_len);
/* JA4's first character for an attempt's transport (enum transport): 't', 'q', 'd'. */
char fp_ja4_transport(uint8_t transport);
/* JA4 over another transport: its first character 't' (TCP), 'q' (QUIC) or 'd' (DTLS). */
bool fp_ja4_over(const struct tls_client_hello *ch, char transport, char *out, size_t out_len);
/* JA4S likewise. */
bool fp_ja4s_over(const struct tls_server_hello *sh, char transport, char *out, size_t out_len);

/* JA3S: the MD5 (lowercase hex, 32 chars) of the ServerHello's version, cipher and
 * extensions. False when sh is unusable (SSL 2.0, an extension list cut at the bound). */
bool fp_ja3s(const struct tls_server_hello *sh, char *md5_hex, size_t md5_len);

/* JA4S (TCP): e.g. "t120400_c030_4e8089b08790". out >= 26 bytes. */
bool fp_ja4s(const struct tls_server_hello *sh, char *out, size_t out_len);

#endif
