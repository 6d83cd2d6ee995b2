/*
 * reasm.c — one direction of a TCP byte stream, reassembled within bounds.
 *
 * Pipeline position: flow → reasm → (callback) tls. In-order data is handed on directly
 * from the packet buffer without copying; only segments that arrive ahead of a hole are
 * copied, and only up to BOUND_OOO_SEGMENTS / BOUND_OOO_BYTES.
 */
#include "reasm.h"

#include <stdlib.h>
#include <string.h>

#include "bounds.h"

struct reasm_segment {
	struct reasm_segment *next;
	uint32_t seq;
	size_t len;
	uint8_t data[];
};

void reasm_init(struct reasm *r)
{
	memset(r, 0, sizeof *r);
}

void reasm_start(struct reasm *r, uint32_t next_seq)
{
	if (!r->started) {
		r->started = true;
		r->next_seq = next_seq;
	}
}

static void deliver_now(struct reasm *r, const uint8_t *data, size_t len, reasm_deliver_fn deliver, void *ctx)
{
	bool gap = r->pending_gap;
	r->pending_gap = false;
	r->next_seq += (uint32_t)len;
	deliver(ctx, data, len, gap);
}

/* Hands on every held segment that now starts at or before next_seq. */
static void drain(struct reasm *r, reasm_deliver_fn deliver, void *ctx)
{
	while (r->held != NULL && !seq_before(r->next_seq, r->held->seq)) {
		struct reasm_segment *s = r->held;
		r->held = s->next;
		r->held_bytes -= s->len;
		r->n_held--;
		uint32_t skip = r->next_seq - s->seq;
		if (skip < s->len)
			deliver_now(r, s->data + skip, s->len - skip, deliver, ctx);
		free(s);
	}
}

static void hold(struct reasm *r, uint32_t seq, const uint8_t *data, size_t len)
{
	if (r->n_held >= BOUND_OOO_SEGMENTS || r->held_bytes + len > BOUND_OOO_BYTES) {
		r->capped = true;
		return;
	}
	struct reasm_segment **at = &r->held;
	while (*at != NULL && seq_before((*at)->seq, seq))
		at = &(*at)->next;
	/* Compare with held segments that overlap: the first copy wins. */
	for (struct reasm_segment *o = r->held; o != NULL; o = o->next) {
		uint32_t lo = seq_before(o->seq, seq) ? seq : o->seq;
		uint32_t o_end = o->seq + (uint32_t)o->len, n_end = seq + (uint32_t)len;
		uint32_t hi = seq_before(o_end, n_end) ? o_end : n_end;
		if (seq_before(lo, hi) && memcmp(o->data + (lo - o->seq), data + (lo - seq), hi - lo) != 0)
			r->conflict = true;
		if (o->seq == seq && o->len >= len)
			return; /* a plain retransmission of held bytes */
	}
	struct reasm_segment *s = malloc(sizeof *s + len);
	if (s == NULL) {
		r->capped = true;
		return;
	}
	s->seq = seq;
	s->len = len;
	memcpy(s->data, data, len);
	s->next = *at;
	*at = s;
	r->held_bytes += len;
	r->n_held++;
}

void reasm_segment(struct reasm *r, uint32_t seq, const uint8_t *data, size_t len, size_t wire_len,
		   reasm_deliver_fn deliver, void *ctx)
{
	if (wire_len == 0)
		return;
	if (!r->started)
		reasm_start(r, seq);
	if (seq_before(r->next_seq, seq)) {
		if (len > 0)
			hold(r, seq, data, len);
		return;
	}
	uint32_t skip = r->next_seq - seq;
	if (skip >= wire_len)
		return; /* all of it delivered before: a retransmission */
	if (skip < len) {
		deliver_now(r, data + skip, len - skip, deliver, ctx);
	}
	if (wire_len > len) {
		/* Cut by the snap length: the rest of the segment is a hole that cannot fill. */
		uint32_t end = seq + (uint32_t)wire_len;
		if (seq_before(r->next_seq, end)) {
			r->next_seq = end;
			r->gap = true;
			r->pending_gap = true;
		}
	}
	drain(r, deliver, ctx);
}

static bool skip_to_first_held(struct reasm *r, reasm_deliver_fn deliver, void *ctx)
{
	if (r->held == NULL)
		return false;
	r->next_seq = r->held->seq;
	r->gap = true;
	r->pending_gap = true;
	drain(r, deliver, ctx);
	return true;
}

bool reasm_acked(struct reasm *r, uint32_t ack, reasm_deliver_fn deliver, void *ctx)
{
	if (!r->started || r->held == NULL)
		return false;
	/* The receiver has everything before ack; if that passes the start of the hole, the
	 * hole's bytes were received by the peer but missed by the capture: they never come. */
	if (seq_before(r->next_seq, ack))
		return skip_to_first_held(r, deliver, ctx);
	return false;
}

bool reasm_flush(struct reasm *r, reasm_deliver_fn deliver, void *ctx)
{
	bool holes = false;
	while (r->held != NULL)
		holes |= skip_to_first_held(r, deliver, ctx);
	return holes;
}

void reasm_free(struct reasm *r)
{
	while (r->held != NULL) {
		struct reasm_segment *s = r->held;
		r->held = s->next;
		free(s);
	}
	r->held_bytes = 0;
	r->n_held = 0;
}
