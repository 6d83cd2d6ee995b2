/*
 * tls.h — the TLS stage: records and handshake messages of one connection, turned into
 * facts. It never decides a class.
 *
 * The flow stage feeds each direction's in-order bytes. Records are framed as a stream:
 * only the bodies the analysis reads (handshake and alert records in clear, at most one
 * record plus one handshake message per direction) are copied; encrypted records and
 * application data are skipped by length without being copied — unless a key log holds
 * the connection's secrets: then its protected records are decrypted (decrypt.h) and
 * parsed as clear text until the outcome is known. Once the outcome is known
 * (facts.handshake_done), the flow stops feeding.
 */
#ifndef TLSDIAG_TLS_H
#define TLSDIAG_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "facts.h"

struct tls_dir;
struct conn_decrypt;
struct decrypt_keys;
struct upgrade_state;

struct tls_conn {
	struct tls_dir *dir[2];   /* per side, allocated on first bytes */
	bool tls13;               /* ServerHello chose TLS 1.3 (or a draft) */
	struct conn_decrypt *dec; /* with a key log that holds this connection (decrypt.h) */
	const struct decrypt_keys *keys; /* the pipeline's key logs (decrypt.h), or NULL */
	struct upgrade_state *upgrade; /* a clear-text dialogue before TLS (upgrade.h), or NULL */
	bool no_records;          /* QUIC: handshake messages come without records (tls_feed_handshake) */
	bool reading_decrypted;   /* the bytes being parsed were decrypted with the key log */
};

void tls_init(struct tls_conn *c);
void tls_free(struct tls_conn *c);
/* Bytes allocated for the connection's parsing state (buffers of partial records and
 * messages). */
size_t tls_memory(const struct tls_conn *c);

/*
 * Feeds in-order bytes sent by `from` at time t (seconds since the attempt's first
 * packet). gap_before: bytes were lost before these (the parser re-synchronises on the
 * next record header). Updates f.
 */
void tls_feed(struct tls_conn *c, struct facts *f, enum side from, const uint8_t *data, size_t len,
	      bool gap_before, double t);

/*
 * Handshake messages without a record layer, as QUIC's CRYPTO frames carry them (RFC
 * 9001 4): in-order bytes of `from`'s handshake stream, parsed with the same parsers
 * and into the same facts as over TCP. A message may span calls.
 */
void tls_feed_handshake(struct tls_conn *c, struct facts *f, enum side from, const uint8_t *data, size_t len,
			double t);

/* An alert carried outside a record (QUIC's CONNECTION_CLOSE with a crypto error,
 * RFC 9001 4.8): noted as a clear-text alert of `from`. */
void tls_feed_alert(struct facts *f, enum side from, uint8_t level, uint8_t code, double t);

/* true when the first bytes look like a TLS record or an SSL 2.0 ClientHello. */
bool tls_looks_like_record(const uint8_t *data, size_t len);

/* true when data starts with a whole or partial TLS ClientHello record. */
bool tls_looks_like_client_hello(const uint8_t *data, size_t len);

#endif
