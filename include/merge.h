/*
 * merge.h — several capture streams read as one capture (--merge): their frames
 * interleaved by timestamp, a k-way merge, so that the two directions of a connection
 * mirrored onto two interfaces and written to two files join into one connection.
 *
 * Each source is read on a thread of its own (its producer), which copies what it reads
 * into the source's queue, bounded in items and bytes (BOUND_MERGE_QUEUE_*): a producer
 * ahead of the others waits. The consumer takes, among the heads of all sources, a
 * non-frame item (secrets, an event) as soon as it is at the head of its source, else
 * the frame with the earliest timestamp, once every source that has not ended has one
 * queued. Frames of one source keep their order; equal times go to the source listed
 * first. Like mergecap, it assumes each source is in time order on its own.
 *
 * Pipeline position: input → capture (on the producers' threads) → merge → pipeline (on
 * the consumer's). It knows nothing of what the frames hold.
 */
#ifndef TLSDIAG_MERGE_H
#define TLSDIAG_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capture.h"

struct merge;
struct merge_feed;

enum merge_kind {
	MERGE_FRAME,         /* item.frame */
	MERGE_SECRETS,       /* item.secrets_type, secrets, secrets_len */
	MERGE_EVENT,         /* item.payload: what the producer handed to merge_feed_event */
};

struct merge_item {
	enum merge_kind kind;
	size_t source;                  /* 0-based, in the order of merge_start */
	struct capture_frame frame;     /* its data valid until the next merge_next */
	uint32_t secrets_type;
	const uint8_t *secrets;         /* valid until the next merge_next; NULL: too large */
	size_t secrets_len;
	void *payload;                  /* MERGE_EVENT: now the consumer's */
};

/* A producer: reads source `source` and hands what it reads to feed; returns when the
 * source has ended (or merge_feed_* said to stop). Runs on its own thread. */
typedef void (*merge_produce_fn)(void *ctx, size_t source, struct merge_feed *feed);

/*
 * Starts a producer thread for each of n_sources sources. free_payload frees the
 * payload of an event never delivered (merge_finish before its turn). NULL when out of
 * memory or a thread could not be started (nothing is left running then).
 */
struct merge *merge_start(size_t n_sources, merge_produce_fn fn, void *ctx, void (*free_payload)(void *payload))
	__attribute__((warn_unused_result));

/* Producer side: each call copies what it is given and waits while the source's queue
 * is full. False when the consumer wants no more (the producer should return; a
 * capture reader learns it from merge_feed_stopped, its stop callback). */
bool merge_feed_frame(struct merge_feed *feed, const struct capture_frame *fr);
bool merge_feed_secrets(struct merge_feed *feed, uint32_t secrets_type, const uint8_t *secrets, size_t len);
/* An event in the source's order (a capture read to its end, a message); payload is
 * the consumer's once delivered. False (payload freed) when the consumer wants no more. */
bool merge_feed_event(struct merge_feed *feed, void *payload);
/* The consumer wants no more: for a capture reader's stop callback. */
bool merge_feed_stopped(const struct merge_feed *feed);

/* Consumer side: the next item of the merged stream; false when every source has ended. */
bool merge_next(struct merge *m, struct merge_item *out) __attribute__((warn_unused_result));

/* Stops the producers (those waiting on a full queue return), waits for them and frees
 * all. Undelivered payloads are freed. */
void merge_finish(struct merge *m);

#endif
