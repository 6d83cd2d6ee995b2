/*
 * reasm.h — bounded reassembly of one direction of a TCP stream.
 *
 * Segments go in, in capture order; in-order bytes come out through a callback, at most
 * once each. Bytes that arrive ahead of a hole are copied and held (up to the bounds of
 * bounds.h) until the hole fills; nothing else is copied.
 *
 * Overlap policy: the first copy of a byte wins. Retransmitted bytes already delivered
 * are dropped; where a held segment and a later one overlap with different bytes, the
 * conflict is recorded (facts.overlap_conflict) and the held bytes are kept — the
 * choice of most end-host stacks for data not yet read, and the one that makes an
 * attacker's second copy harmless to the verdict.
 */
#ifndef TLSDIAG_REASM_H
#define TLSDIAG_REASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct reasm_segment;

/* Called with in-order bytes; gap_before is true when bytes were skipped before these. */
typedef void (*reasm_deliver_fn)(void *ctx, const uint8_t *data, size_t len, bool gap_before);

struct reasm {
	bool started;             /* next_seq is known */
	uint32_t next_seq;        /* sequence number of the next byte to deliver */
	struct reasm_segment *held; /* out-of-order segments, sorted by seq */
	size_t held_bytes;
	unsigned n_held;
	bool gap;                 /* bytes were skipped at least once */
	bool conflict;            /* overlapping copies differed */
	bool capped;              /* a bound dropped data */
	bool pending_gap;         /* the next delivery follows skipped bytes */
};

void reasm_init(struct reasm *r);

/* Sets the initial sequence number (from SYN/SYN-ACK: isn + 1). */
void reasm_start(struct reasm *r, uint32_t next_seq);

/*
 * Adds a segment. wire_len >= len: bytes the sender sent of which len were captured
 * (a segment cut by the snap length leaves a hole the size of the difference).
 */
void reasm_segment(struct reasm *r, uint32_t seq, const uint8_t *data, size_t len, size_t wire_len,
		   reasm_deliver_fn deliver, void *ctx);

/*
 * The peer acknowledged up to ack: bytes before it that were never captured will never
 * come. Delivers held data past the hole. Returns true when a hole was skipped.
 */
bool reasm_acked(struct reasm *r, uint32_t ack, reasm_deliver_fn deliver, void *ctx);

/* End of the flow: delivers what is held, skipping holes. Returns true if holes remained. */
bool reasm_flush(struct reasm *r, reasm_deliver_fn deliver, void *ctx);

/* Bytes allocated for what is held. */
size_t reasm_memory(const struct reasm *r);

/* Frees what is held. */
void reasm_free(struct reasm *r);

/* true when sequence a is before b, modulo 2^32 (RFC 793 section 3.3). */
static inline bool seq_before(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }

#endif
