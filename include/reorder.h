/*
 * reorder.h — the frames of a capture put back in time order within a bounded window.
 *
 * A tool capturing on several interfaces into one pcapng (dumpcap -i m-in -i m-out)
 * writes each interface's packets in batches, as the kernel hands them over: a
 * mirror's two directions then come out one batch after the other, the SYN-ACK before
 * the SYN. Frames of such a capture pass through here: each is held (copied) until a
 * frame more than BOUND_REORDER_SECONDS later has been read, or the window is full,
 * and leaves earliest first (equal times in the file's order). A frame that arrives
 * later than one already handed on goes on at once: the window is bounded, not the
 * capture's disorder.
 *
 * Pipeline position: capture (pcapng.c's frames) → reorder → the frame callback.
 */
#ifndef TLSDIAG_REORDER_H
#define TLSDIAG_REORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capture.h"

struct reorder;

/* A window of `seconds`, at most max_frames frames and max_bytes captured bytes held
 * (0: the BOUND_REORDER_* bounds). NULL when out of memory. Frames leave through fn. */
struct reorder *reorder_new(double seconds, size_t max_frames, size_t max_bytes, capture_frame_fn fn, void *ctx)
	__attribute__((warn_unused_result));

/* A frame of the capture (its data is copied); the frames now due leave, earliest
 * first. Out of memory, the frame leaves at once. */
void reorder_add(struct reorder *ro, const struct capture_frame *fr);

/* The capture ended: every frame held leaves, earliest first. */
void reorder_flush(struct reorder *ro);

/* Frames handed on in another order than the file's (for the capture's notes). */
uint64_t reorder_moved(const struct reorder *ro);

void reorder_free(struct reorder *ro);

#endif
