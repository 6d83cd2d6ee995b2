/*
 * dtls.h — the DTLS stage: the datagrams of one UDP conversation read as DTLS (RFC 6347
 * for DTLS 1.0 and 1.2, RFC 9147 for 1.3), turned into facts. It never decides a class.
 *
 * DTLS is TLS's records and handshake adapted to datagrams: each record carries an epoch
 * and a sequence number, each handshake message a message sequence number and fragment
 * offsets, flights are retransmitted whole, and a server may first answer with a
 * HelloVerifyRequest cookie. This stage undoes the adaptation — records split out of
 * their datagrams, replays dropped, handshake fragments put back together in message
 * order, retransmitted messages counted and dropped — and hands the result to the TLS
 * stage as the stream of records TLS would have carried (tls_feed), so that the hellos,
 * certificates, alerts and encrypted records become the facts of TLS over TCP.
 */
#ifndef TLSDIAG_DTLS_H
#define TLSDIAG_DTLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "facts.h"

struct dtls_conn;
struct tls_conn;

/* Does a UDP payload open with a DTLS record (a content type of TLS, a DTLS version,
 * a length that fits)? *client_hello (may be NULL): it is a handshake record holding
 * the start of a ClientHello, as only a client sends. */
bool dtls_looks_like_record(const uint8_t *data, size_t len, bool *client_hello);

/* A conversation's state; NULL when out of memory. */
struct dtls_conn *dtls_new(void);
void dtls_free(struct dtls_conn *d);
/* Bytes it holds (handshake fragments being put together). */
size_t dtls_memory(const struct dtls_conn *d);

/* One datagram from `from` at t (seconds since the attempt's first packet); updates f
 * (f->dtls, and through tls the TLS facts). */
void dtls_datagram(struct dtls_conn *d, struct tls_conn *tls, struct facts *f, enum side from, const uint8_t *data,
		   size_t len, double t);

#endif
