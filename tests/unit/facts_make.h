/*
 * facts_make.h — pieces of hand-made facts for the unit tests of the stages that read
 * facts (derived facts, rules, triage): a close, an alert, an encrypted record of the
 * TLS 1.3 trace. Closes are numbered in the order they are made, as the capture
 * numbers packets.
 */
#ifndef TLSDIAG_TEST_FACTS_MAKE_H
#define TLSDIAG_TEST_FACTS_MAKE_H

#include <stdbool.h>
#include <stdint.h>

#include "facts.h"
#include "tls_parse.h"

static uint64_t facts_make_packet_no = 100;

/* A FIN (or a RST) from side from, with its TTL, at t, at the stage reached. */
static inline void facts_make_close(struct facts *f, enum side from, bool rst, uint8_t ttl, double t)
{
	struct close_fact *c = rst ? &f->rst[from] : &f->fin[from];
	c->seen = true;
	c->rst = rst;
	c->ttl = ttl;
	c->t = t;
	c->stage = f->stage;
	c->packet_no = facts_make_packet_no++;
}

/* A clear-text alert (level 1 warning, 2 fatal) at t, at the stage reached. */
static inline void facts_make_alert(struct facts *f, enum side from, uint8_t level, uint8_t code, double t)
{
	struct alert_fact *a = &f->alerts[f->n_alerts++];
	a->from = (uint8_t)from;
	a->level = level;
	a->code = code;
	a->stage = f->stage;
	a->t = t;
}

/* An encrypted record of len bytes in the trace, 1 ms after the one before. */
static inline void facts_make_record(struct facts *f, enum side from, uint16_t len)
{
	struct record_note *n = &f->trace[f->n_trace++];
	n->from = (uint8_t)from;
	n->content_type = TLS_CT_APPLICATION_DATA;
	n->length = len;
	n->t = 0.04 + 0.001 * f->n_trace;
	f->enc_records[from]++;
}

/* A TLS 1.3 exchange in the trace: the server's flight of n_flight 400-byte records, the
 * client's records of the lengths in client, then the server's of the lengths in answer
 * (both lists end with a 0; answer may be NULL). */
static inline void facts_make_tls13_exchange(struct facts *f, unsigned n_flight, const uint16_t *client,
					     const uint16_t *answer)
{
	for (unsigned i = 0; i < n_flight; i++)
		facts_make_record(f, SIDE_SERVER, 400);
	for (; *client != 0; client++)
		facts_make_record(f, SIDE_CLIENT, *client);
	for (; answer != NULL && *answer != 0; answer++)
		facts_make_record(f, SIDE_SERVER, *answer);
}

#endif
