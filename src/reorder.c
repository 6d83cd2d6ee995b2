/*
 * reorder.c — frames back in time order within a bounded window (reorder.h).
 *
 * A binary min-heap of held frames keyed by (timestamp, packet number), so that equal
 * times keep the file's order. Each held frame is one allocation with its bytes.
 *
 * Pipeline position: capture → reorder → the frame callback.
 */
#include "reorder.h"

#include <stdlib.h>

#include "bounds.h"
#include "bytes.h"

struct held {
	struct capture_frame fr;
	uint8_t data[];
};

struct reorder {
	double seconds;
	size_t max_frames, max_bytes;
	capture_frame_fn fn;
	void *ctx;
	struct held **heap;
	size_t n, cap, bytes;
	double newest;               /* latest timestamp read */
	bool any;
	double last_out_ts;          /* of the last frame handed on */
	uint64_t last_out_number;
	bool out_any;
	uint64_t moved;
};

struct reorder *reorder_new(double seconds, size_t max_frames, size_t max_bytes, capture_frame_fn fn, void *ctx)
{
	struct reorder *ro = calloc(1, sizeof *ro);
	if (ro == NULL)
		return NULL;
	ro->seconds = seconds;
	ro->max_frames = max_frames ? max_frames : BOUND_REORDER_FRAMES;
	ro->max_bytes = max_bytes ? max_bytes : BOUND_REORDER_BYTES;
	ro->fn = fn;
	ro->ctx = ctx;
	return ro;
}

static bool earlier(const struct held *a, const struct held *b)
{
	return a->fr.ts < b->fr.ts || (a->fr.ts == b->fr.ts && a->fr.number < b->fr.number);
}

static void sift_up(struct reorder *ro, size_t i)
{
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (!earlier(ro->heap[i], ro->heap[parent]))
			break;
		struct held *t = ro->heap[i];
		ro->heap[i] = ro->heap[parent];
		ro->heap[parent] = t;
		i = parent;
	}
}

static void sift_down(struct reorder *ro, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, least = i;
		if (l < ro->n && earlier(ro->heap[l], ro->heap[least]))
			least = l;
		if (r < ro->n && earlier(ro->heap[r], ro->heap[least]))
			least = r;
		if (least == i)
			return;
		struct held *t = ro->heap[i];
		ro->heap[i] = ro->heap[least];
		ro->heap[least] = t;
		i = least;
	}
}

/* Hands a frame on, counting it when it leaves the file's order. */
static void hand_on(struct reorder *ro, const struct capture_frame *fr)
{
	if (ro->out_any && fr->number < ro->last_out_number)
		ro->moved++;
	ro->out_any = true;
	ro->last_out_ts = fr->ts;
	if (fr->number > ro->last_out_number)
		ro->last_out_number = fr->number;
	ro->fn(ro->ctx, fr);
}

/* The earliest frame held leaves. */
static void pop(struct reorder *ro)
{
	struct held *h = ro->heap[0];
	ro->heap[0] = ro->heap[--ro->n];
	if (ro->n > 0)
		sift_down(ro, 0);
	ro->bytes -= h->fr.caplen;
	hand_on(ro, &h->fr);
	free(h);
}

void reorder_add(struct reorder *ro, const struct capture_frame *fr)
{
	if (!ro->any || fr->ts > ro->newest)
		ro->newest = fr->ts;
	ro->any = true;
	/* Later than what has left already: too late to be put in its place. */
	bool late = ro->out_any && fr->ts < ro->last_out_ts;
	struct held *h = late ? NULL : malloc(sizeof *h + fr->caplen);
	if (h != NULL && ro->n == ro->cap) {
		size_t cap = ro->cap ? ro->cap * 2 : 256;
		struct held **heap = realloc(ro->heap, cap * sizeof *heap); // NOLINT(bugprone-sizeof-expression): an array of pointers
		if (heap == NULL) {
			free(h);
			h = NULL;
		} else {
			ro->heap = heap;
			ro->cap = cap;
		}
	}
	if (h == NULL) {
		hand_on(ro, fr);
		return;
	}
	struct reader r;
	rd_init(&r, fr->data, fr->caplen, 0);
	if (fr->caplen > 0 && !rd_copy(&r, h->data, fr->caplen)) {
		free(h);
		hand_on(ro, fr); /* cannot happen: the reader is over exactly caplen bytes */
		return;
	}
	h->fr = *fr;
	h->fr.data = h->data;
	ro->heap[ro->n++] = h;
	ro->bytes += fr->caplen;
	sift_up(ro, ro->n - 1);
	while (ro->n > 0 && (ro->newest - ro->heap[0]->fr.ts > ro->seconds || ro->n > ro->max_frames ||
			     ro->bytes > ro->max_bytes))
		pop(ro);
}

void reorder_flush(struct reorder *ro)
{
	while (ro->n > 0)
		pop(ro);
}

uint64_t reorder_moved(const struct reorder *ro)
{
	return ro->moved;
}

void reorder_free(struct reorder *ro)
{
	if (ro == NULL)
		return;
	for (size_t i = 0; i < ro->n; i++)
		free(ro->heap[i]);
	free(ro->heap);
	free(ro);
}
