/*
 * upgrade.h — the clear-text dialogue that may come before a TLS handshake on one
 * connection: a STARTTLS-style upgrade (SMTP, IMAP, POP3, FTP, NNTP, LDAP, XMPP,
 * PostgreSQL, MySQL) or a forward proxy's tunnel request (HTTP CONNECT, SOCKS 4 and 5),
 * followed far enough to say who asked for what and what the other side answered.
 *
 * Pipeline position: tls.c hands it each direction's bytes before that direction's
 * first TLS record; it fills facts.upgrade and never decides a class. State is
 * allocated only when a connection's first bytes open a dialogue it knows, holds one
 * line or message per side (BOUND_UPGRADE_MESSAGE), and stops following after
 * BOUND_UPGRADE_BYTES per side.
 */
#ifndef TLSDIAG_UPGRADE_H
#define TLSDIAG_UPGRADE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "facts.h"

struct upgrade_state;

/*
 * Feeds in-order clear-text bytes sent by `from` at time t (seconds since the attempt's
 * first packet). *st is NULL at first; it is allocated when the bytes open a known
 * dialogue, and set to UPGRADE_NOT_FOLLOWED (never to be fed again) when they do not.
 */
void upgrade_feed(struct upgrade_state **st, struct facts *f, enum side from, const uint8_t *data, size_t len,
		  double t);

/* Marks a state that is not followed (no dialogue, or stopped). Not to be freed. */
extern struct upgrade_state *const UPGRADE_NOT_FOLLOWED;

void upgrade_free(struct upgrade_state *st);
size_t upgrade_memory(const struct upgrade_state *st);

/* "SMTP STARTTLS", "HTTP CONNECT", ... for text; "" for UPGRADE_NONE (static storage). */
const char *upgrade_kind_name(enum upgrade_kind k);
/* "smtp", "http_connect", ... for JSON; "" for UPGRADE_NONE. */
const char *upgrade_kind_key(enum upgrade_kind k);
/* "SMTP", "HTTP proxy", "SOCKS5 proxy": the protocol itself. */
const char *upgrade_protocol_name(enum upgrade_kind k);
/* true for the proxy requests (CONNECT, SOCKS): the server of the connection is a proxy. */
bool upgrade_kind_is_proxy(enum upgrade_kind k);
/* "accepted", "refused", "not_offered", "no_answer", "not_requested": the dialogue's
 * outcome as JSON writes it. */
const char *upgrade_outcome_name(const struct upgrade_fact *u);

#endif
