/*
 * tls_parse.h — parsers of whole TLS handshake messages into facts (RFC 8446, RFC 5246).
 * Internal to the TLS stage: the framer (tls.c) calls them only with a whole message body,
 * so running out of bytes inside them always means malformed.
 */
#ifndef TLSDIAG_TLS_PARSE_H
#define TLSDIAG_TLS_PARSE_H

#include <stdbool.h>

#include "bytes.h"
#include "facts.h"

#define TLS_CT_CHANGE_CIPHER_SPEC 20
#define TLS_CT_ALERT 21
#define TLS_CT_HANDSHAKE 22
#define TLS_CT_APPLICATION_DATA 23
#define TLS_CT_HEARTBEAT 24

#define TLS_HS_HELLO_REQUEST 0
#define TLS_HS_CLIENT_HELLO 1
#define TLS_HS_SERVER_HELLO 2
#define TLS_HS_NEW_SESSION_TICKET 4
#define TLS_HS_ENCRYPTED_EXTENSIONS 8
#define TLS_HS_CERTIFICATE 11
#define TLS_HS_SERVER_KEY_EXCHANGE 12
#define TLS_HS_CERTIFICATE_REQUEST 13
#define TLS_HS_SERVER_HELLO_DONE 14
#define TLS_HS_CERTIFICATE_VERIFY 15
#define TLS_HS_CLIENT_KEY_EXCHANGE 16
#define TLS_HS_FINISHED 20
#define TLS_HS_CERTIFICATE_STATUS 22

#define TLS_EXT_SERVER_NAME 0x0000
#define TLS_EXT_STATUS_REQUEST 0x0005
#define TLS_EXT_SUPPORTED_GROUPS 0x000a
#define TLS_EXT_EC_POINT_FORMATS 0x000b
#define TLS_EXT_SIGNATURE_ALGORITHMS 0x000d
#define TLS_EXT_ALPN 0x0010
#define TLS_EXT_PADDING 0x0015
#define TLS_EXT_SESSION_TICKET 0x0023
#define TLS_EXT_PRE_SHARED_KEY 0x0029
#define TLS_EXT_EARLY_DATA 0x002a
#define TLS_EXT_SUPPORTED_VERSIONS 0x002b
#define TLS_EXT_KEY_SHARE 0x0033
#define TLS_EXT_KEY_SHARE_DRAFT 0x0028   /* key_share before draft 23 */
#define TLS_EXT_ECH 0xfe0d
#define TLS_EXT_RENEGOTIATION_INFO 0xff01

#define TLS_VERSION_SSL2 0x0002
#define TLS_VERSION_SSL3 0x0300
#define TLS_VERSION_TLS10 0x0301
#define TLS_VERSION_TLS11 0x0302
#define TLS_VERSION_TLS12 0x0303
#define TLS_VERSION_TLS13 0x0304

#define TLS_CIPHER_FALLBACK_SCSV 0x5600

/* true for TLS 1.3 and its drafts (0x7f00 + n, and Facebook's 0xfb.. experiments). */
bool tls_version_is_13(uint16_t v);

/* Parsers: r holds exactly one message body (after the 4-byte header). */
bool tls_parse_client_hello(struct reader *r, struct tls_client_hello *ch) __attribute__((warn_unused_result));
bool tls_parse_sslv2_client_hello(struct reader *r, struct tls_client_hello *ch) __attribute__((warn_unused_result));
bool tls_parse_server_hello(struct reader *r, struct tls_server_hello *sh, bool *is_hrr) __attribute__((warn_unused_result));
/* CertificateRequest (RFC 5246 7.4.4); fills the acceptable CA names into f. */
bool tls_parse_certificate_request(struct reader *r, struct facts *f) __attribute__((warn_unused_result));
/* CertificateRequest of TLS 1.3 (RFC 8446 4.3.2): the CA names of its
 * certificate_authorities extension into f. */
bool tls13_parse_certificate_request(struct reader *r, struct facts *f) __attribute__((warn_unused_result));
/* Certificate (RFC 5246 7.4.2; RFC 8446 4.4.2 when tls13): counts the chain and hands
 * each DER to the cert stage. */
bool tls_parse_certificate(struct reader *r, struct facts *f, enum side from, bool tls13) __attribute__((warn_unused_result));

#endif
