/*
 * quic.h — the QUIC stage: the datagrams of one UDP conversation read as QUIC (RFC 9000,
 * RFC 9001, RFC 9369), turned into facts. It never decides a class.
 *
 * Every datagram's packets are split (coalesced packets, RFC 9000 12.2) and counted by
 * kind and side. Initial packets are opened with the keys anyone can derive from the
 * client's first Destination Connection ID (re-derived after a Retry); their CRYPTO
 * frames are put back in order and handed to the TLS stage as handshake messages
 * (tls_feed_handshake): the ClientHello and ServerHello go through the parsers and
 * facts of TCP. CONNECTION_CLOSE frames are read (a crypto error is the TLS alert it
 * carries, RFC 9001 4.8), Version Negotiation and Retry packets noted. With a key log
 * holding the connection's secrets, Handshake and 1-RTT packets are opened too: the
 * server's certificates, the client's, both Finished, HANDSHAKE_DONE and the closes
 * inside them become facts as in TLS over TCP.
 *
 * Only handshake data is copied (a packet being opened, CRYPTO frames held out of order,
 * each bounded: bounds.h); packets after the outcome is known are not given here.
 */
#ifndef TLSDIAG_QUIC_H
#define TLSDIAG_QUIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "facts.h"

struct quic_conn;
struct tls_conn;
struct decrypt_keys;

/* The smallest UDP payload of a datagram carrying a client's Initial (RFC 9000 14.1). */
#define QUIC_MIN_INITIAL_DATAGRAM 1200

/*
 * Does a UDP payload open with a QUIC long header packet? The header form and fixed
 * bits, a version (one known here, a Version Negotiation's 0, or a draft's), connection
 * IDs that fit. *client_initial (may be NULL): it is an Initial of a known version in a
 * datagram of at least QUIC_MIN_INITIAL_DATAGRAM bytes (wire_len), as only a client
 * sends as its first packet.
 */
bool quic_looks_like_long_header(const uint8_t *data, size_t len, size_t wire_len, bool *client_initial);

/* The first byte has the long header form bit (RFC 9000 17.2): cheap, for datagrams of
 * a known conversation. */
bool quic_long_header_form(const uint8_t *data, size_t len);

/* A client Initial (data: its datagram) on the port pair of the connection f is a new
 * connection's: its Destination Connection ID is neither the one f's began with nor the
 * server's. */
bool quic_starts_new_connection(const struct facts *f, const uint8_t *data, size_t len);

/* A connection's state; NULL when out of memory. keys: the key logs (decrypt.h), or
 * NULL; kept, not copied. */
struct quic_conn *quic_new(const struct decrypt_keys *keys);
void quic_free(struct quic_conn *q);
/* Bytes it holds (keys, held CRYPTO data, its packet buffer). */
size_t quic_memory(const struct quic_conn *q);

/*
 * One datagram from `from` at t (seconds since the attempt's first packet): len bytes
 * present of the wire_len the UDP header gives. Updates f (f->quic, and through tls the
 * TLS facts).
 */
void quic_datagram(struct quic_conn *q, struct tls_conn *tls, struct facts *f, enum side from, const uint8_t *data,
		   size_t len, size_t wire_len, double t);

/* RFC 9000 20.1 transport error names ("PROTOCOL_VIOLATION", "CRYPTO_ERROR"...): static
 * text, NULL for a code not registered. */
const char *quic_transport_error_name(uint64_t code);

#endif
