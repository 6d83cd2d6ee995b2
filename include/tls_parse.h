/*
 * tls_parse.h — parsers of whole TLS handshake messages into facts (RFC 8446, RFC 5246).
 * Internal to the TLS stage: the framer (tls.c) calls them only with a whole message body,
 * so running out of bytes inside them always means malformed. The wire values they
 * compare with are named in tls_wire.h.
 */
#ifndef TLSDIAG_TLS_PARSE_H
#define TLSDIAG_TLS_PARSE_H

#include <stdbool.h>

#include "bytes.h"
#include "facts.h"
#include "tls_wire.h"

/* true for TLS 1.3 and its drafts (0x7f00 + n, and Facebook's 0xfb.. experiments). */
bool tls_version_is_13(uint16_t v);
/* true for the drafts alone (0x7f00 + n, 0xfb00 + n). */
bool tls_version_is_13_draft(uint16_t v);

/* Parsers: r holds exactly one message body (after the 4-byte header). */
bool tls_parse_client_hello(struct reader *r, struct tls_client_hello *ch) __attribute__((warn_unused_result));
bool tls_parse_sslv2_client_hello(struct reader *r, struct tls_client_hello *ch) __attribute__((warn_unused_result));
bool tls_parse_server_hello(struct reader *r, struct tls_server_hello *sh, bool *is_hrr) __attribute__((warn_unused_result));
/* HelloRetryRequest as its own message (type 6) of TLS 1.3 drafts 14 to 21: version,
 * cipher suite (from draft 19) and key_share group into sh. *parsed false: a later
 * draft's form, not read (true returned, sh zeroed). */
bool tls_parse_draft_hello_retry_request(struct reader *r, struct tls_server_hello *sh, bool *parsed)
	__attribute__((warn_unused_result));
/* CertificateRequest (RFC 5246 7.4.4); fills the acceptable CA names into f. */
bool tls_parse_certificate_request(struct reader *r, struct facts *f) __attribute__((warn_unused_result));
/* CertificateRequest of TLS 1.3 (RFC 8446 4.3.2): the CA names of its
 * certificate_authorities extension into f. */
bool tls13_parse_certificate_request(struct reader *r, struct facts *f) __attribute__((warn_unused_result));
/* ServerKeyExchange of an (EC)DHE suite (RFC 8422 5.4, RFC 5246 7.4.3): the named curve
 * into f->ske_group and, in TLS 1.2, the signature algorithm into f->server_sigalg.
 * Other key exchanges, or a form not read, leave them 0: the message is never refused
 * for it (its grammar depends on the suite). */
void tls_note_server_key_exchange(struct reader *r, struct facts *f);
/* The server's CertificateVerify (RFC 8446 4.4.3): its algorithm into f->server_sigalg. */
void tls_note_certificate_verify(struct reader *r, struct facts *f);
/* Certificate (RFC 5246 7.4.2; RFC 8446 4.4.2 when tls13): counts the chain and hands
 * each DER to the cert stage. */
bool tls_parse_certificate(struct reader *r, struct facts *f, enum side from, bool tls13) __attribute__((warn_unused_result));

#endif
