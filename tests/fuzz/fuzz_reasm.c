/*
 * fuzz_reasm.c — libFuzzer harness for the reassembly of one direction of a TCP stream
 * (reasm.h): segments in any order, overlapping, retransmitted with other bytes, cut by
 * the snap length, acknowledged past holes.
 *
 * Input: [initial sequence number:4] then records
 *   [flags:1][seq delta:2][len:2][len bytes]
 * flags bits 0-1: 0 a segment, 1 a segment cut by the snap length (more bytes on the wire
 * than captured), 2 an acknowledgement, 3 reasm_start; bit 2: the delta goes backwards;
 * bits 3-7: for a cut segment, how many bytes the capture missed. The delta is taken from
 * where the previous segment ended, so an in-order stream is all zero deltas. Only
 * segments carry bytes (len larger than what is left is cut to it); for the other two
 * len is ignored. At the end the stream is flushed and freed.
 *
 * Beyond memory errors, the harness checks what reasm.h promises of the bytes handed on:
 * each sequence number at most once, in order, with gap_before where bytes were skipped,
 * and (until a bound drops data) the first copy that arrived of every byte.
 * Seeds: the segments of the connections in pcaps/ (tests/fuzz/seeds.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "reasm.h"

#define FUZZ_NAME "fuzz_reasm"
#include "fuzz_util.h"

/* The first copy fed of each sequence number: open addressing, sized to the input (every
 * byte fed comes from it). */
struct shadow_slot {
	uint32_t seq;
	uint8_t byte;
	uint8_t used;
};

struct shadow {
	struct shadow_slot *slots;
	size_t mask;
};

static size_t slot_of(const struct shadow *s, uint32_t seq)
{
	size_t i = (size_t)(seq * 2654435761u) & s->mask;
	while (s->slots[i].used && s->slots[i].seq != seq)
		i = (i + 1) & s->mask;
	return i;
}

static void shadow_feed(struct shadow *s, uint32_t seq, const uint8_t *data, size_t len)
{
	for (size_t k = 0; k < len; k++) {
		struct shadow_slot *e = &s->slots[slot_of(s, seq + (uint32_t)k)];
		if (!e->used)
			*e = (struct shadow_slot){ .seq = seq + (uint32_t)k, .byte = data[k], .used = 1 };
	}
}

struct run {
	struct reasm *r;
	struct shadow shadow;
	bool delivered;          /* prev_end is known */
	uint32_t prev_end;       /* sequence number after the last byte handed on */
};

static void deliver(void *ctx, const uint8_t *data, size_t len, bool gap_before)
{
	struct run *run = ctx;
	CHECK(len == 0 || data != NULL);
	/* reasm advances next_seq past the bytes before handing them on: they start here. */
	uint32_t start = run->r->next_seq - (uint32_t)len;
	if (run->delivered) {
		CHECK(!seq_before(start, run->prev_end)); /* no byte twice, nothing backwards */
		if (!gap_before)
			CHECK(start == run->prev_end);    /* a skip is always announced */
	}
	for (size_t k = 0; k < len; k++) {
		const struct shadow_slot *e = &run->shadow.slots[slot_of(&run->shadow, start + (uint32_t)k)];
		CHECK(e->used); /* only bytes that were captured come out */
		/* First copy wins — unless a bound made reasm drop the first copy. */
		if (!run->r->capped)
			CHECK(e->byte == data[k]);
	}
	run->delivered = true;
	run->prev_end = start + (uint32_t)len;
}

static void check_bounds(const struct reasm *r)
{
	CHECK(r->n_held <= BOUND_OOO_SEGMENTS);
	CHECK(r->held_bytes <= BOUND_OOO_BYTES);
	CHECK((r->held == NULL) == (r->n_held == 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 4)
		return 0;
	struct reasm r;
	reasm_init(&r);
	struct run run = { .r = &r };
	size_t cap = 16;
	while (cap < 2 * size)
		cap *= 2;
	run.shadow.slots = calloc(cap, sizeof *run.shadow.slots);
	if (run.shadow.slots == NULL)
		return 0;
	run.shadow.mask = cap - 1;

	uint32_t base = (uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3];
	size_t at = 4;
	while (size - at >= 5) {
		uint8_t flags = data[at];
		uint32_t delta = (uint32_t)data[at + 1] << 8 | data[at + 2];
		size_t len = (size_t)data[at + 3] << 8 | data[at + 4];
		at += 5;
		if (len > size - at)
			len = size - at;
		uint32_t seq = (flags & 4) ? base - delta : base + delta;
		switch (flags & 3) {
		case 0:
		case 1: {
			const uint8_t *payload = data + at;
			size_t wire_len = len + ((flags & 3) == 1 ? 1 + (size_t)(flags >> 3) * 211u : 0);
			shadow_feed(&run.shadow, seq, payload, len);
			reasm_segment(&r, seq, payload, len, wire_len, deliver, &run);
			at += len;
			base = seq + (uint32_t)wire_len;
			break;
		}
		case 2:
			(void)reasm_acked(&r, seq, deliver, &run);
			break;
		case 3:
			reasm_start(&r, seq);
			base = seq;
			break;
		}
		check_bounds(&r);
	}
	(void)reasm_flush(&r, deliver, &run);
	CHECK(r.held == NULL && r.n_held == 0 && r.held_bytes == 0);
	reasm_free(&r);
	free(run.shadow.slots);
	return 0;
}
