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
#include "bytes.h"

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

static uint32_t seg_end(const struct reasm_segment *s)
{
	return s->seq + (uint32_t)s->len;
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

/* Inserts a copy of [seq, seq+len), the next len bytes of seg, before *at. */
static bool insert_copy(struct reasm *r, struct reasm_segment **at, uint32_t seq, struct reader *seg, size_t len)
{
	if (r->n_held >= BOUND_OOO_SEGMENTS || r->held_bytes + len > BOUND_OOO_BYTES) {
		r->capped = true;
		return false;
	}
	struct reasm_segment *s = malloc(sizeof *s + len);
	if (s == NULL) {
		r->capped = true;
		return false;
	}
	s->seq = seq;
	s->len = len;
	if (!rd_copy(seg, s->data, len)) {
		free(s); /* cannot happen: the caller holds len bytes */
		return false;
	}
	s->next = *at;
	*at = s;
	r->held_bytes += len;
	r->n_held++;
	return true;
}

/*
 * Holds the bytes of a segment that arrived ahead of a hole. Only the parts not already
 * held are copied (the first copy wins); where they overlap held bytes, the two copies
 * are compared and a difference is recorded as a conflict.
 */
static void hold(struct reasm *r, uint32_t seq, const uint8_t *data, size_t len)
{
	uint32_t end = seq + (uint32_t)len;
	struct reasm_segment **at = &r->held;
	struct reader seg; /* the part of the segment not placed yet */
	rd_init(&seg, data, len, 0);
	while (rd_left(&seg) > 0) {
		/* Skip held segments that end before this part starts. */
		while (*at != NULL && !seq_before(seq, seg_end(*at)))
			at = &(*at)->next;
		struct reasm_segment *next = *at;
		if (next == NULL || !seq_before(next->seq, end)) {
			(void)insert_copy(r, at, seq, &seg, rd_left(&seg)); /* no overlap left */
			return;
		}
		if (seq_before(seq, next->seq)) {
			/* The part before the next held segment is new. */
			size_t n = next->seq - seq;
			if (!insert_copy(r, at, seq, &seg, n))
				return;
			at = &(*at)->next;
			seq += (uint32_t)n;
			continue;
		}
		/* Overlap with next: compare, keep the held copy. */
		uint32_t ov_end = seq_before(seg_end(next), end) ? seg_end(next) : end;
		size_t n = ov_end - seq;
		const uint8_t *same;
		if (!rd_view(&seg, n, &same))
			return;
		if (memcmp(next->data + (seq - next->seq), same, n) != 0)
			r->conflict = true;
		seq += (uint32_t)n;
	}
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
	uint32_t end = seq + (uint32_t)len;
	while (skip < len) {
		/* Deliver up to the next held segment; held bytes were there first and win. */
		size_t n = len - skip;
		struct reasm_segment *h = r->held;
		if (h != NULL && seq_before(h->seq, end) && seq_before(r->next_seq, h->seq))
			n = h->seq - r->next_seq;
		if (h != NULL && !seq_before(r->next_seq, h->seq))
			n = 0;
		if (n > 0)
			deliver_now(r, data + skip, n, deliver, ctx);
		skip += (uint32_t)n;
		h = r->held;
		if (h != NULL && h->seq == r->next_seq && skip < len) {
			uint32_t ov_end = seq_before(seg_end(h), end) ? seg_end(h) : end;
			size_t ov = ov_end - r->next_seq;
			if (memcmp(h->data, data + skip, ov) != 0)
				r->conflict = true;
		}
		drain(r, deliver, ctx);
		if (seq_before(seq + skip, r->next_seq))
			skip = r->next_seq - seq;
	}
	if (wire_len > len) {
		/* Cut by the snap length: the rest of the segment is a hole that cannot fill. */
		uint32_t wire_end = seq + (uint32_t)wire_len;
		if (seq_before(r->next_seq, wire_end)) {
			r->next_seq = wire_end;
			r->gap = true;
			r->pending_gap = true;
		}
	}
	drain(r, deliver, ctx);
}

bool reasm_acked(struct reasm *r, uint32_t ack, reasm_deliver_fn deliver, void *ctx)
{
	bool skipped = false;
	/* The receiver has every byte before ack. Bytes before it that the capture does not
	 * hold were received by the peer but missed by the capture: they will not come. */
	while (r->started && seq_before(r->next_seq, ack)) {
		if (r->held == NULL) {
			/* Nothing held: only note the hole if data later arrives past it. */
			break;
		}
		uint32_t to = seq_before(ack, r->held->seq) ? ack : r->held->seq;
		r->next_seq = to;
		r->gap = true;
		r->pending_gap = true;
		skipped = true;
		drain(r, deliver, ctx);
	}
	return skipped;
}

bool reasm_flush(struct reasm *r, reasm_deliver_fn deliver, void *ctx)
{
	bool holes = false;
	while (r->held != NULL) {
		r->next_seq = r->held->seq;
		r->gap = true;
		r->pending_gap = true;
		holes = true;
		drain(r, deliver, ctx);
	}
	return holes;
}

size_t reasm_memory(const struct reasm *r)
{
	return r->held_bytes + r->n_held * sizeof(struct reasm_segment);
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
