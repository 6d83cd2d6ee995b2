/*
 * batch.h — running the items of a batch (input files) on N threads with the output of
 * one thread: what each item writes is kept apart and written out in item order, so the
 * output is the same whatever N is.
 *
 * An item writes through a sink: text (standard output), messages (standard error) and
 * records — opaque objects that the writing thread renders, in order, so that turning a
 * decided attempt into text, JSON and summary counts runs beside the analysis instead
 * of after it. The item being written out streams as it goes; the items after it are
 * held in memory, and their threads wait when BOUND_BATCH_HELD_OUTPUT bytes are held,
 * so memory stays bounded.
 */
#ifndef TLSDIAG_BATCH_H
#define TLSDIAG_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct batch_sink;

/* Analyses item number index, writing through sink. Runs on a worker thread. */
typedef void (*batch_item_fn)(void *ctx, size_t index, struct batch_sink *sink);

struct batch_config {
	size_t n_items;
	unsigned threads;                 /* at least 1 */
	FILE *out;                        /* records */
	FILE *err;                        /* messages */
	/* Renders a record on the writing thread, in item order, and frees it. */
	void (*render)(void *ctx, void *record, FILE *out);
	/* Called on the writing thread every progress_interval seconds (0: never), and once
	 * with final = true at the end; before records are written the line is cleared. */
	void (*progress)(void *ctx, bool final);
	double progress_interval;
	void (*clear_progress)(void *ctx);
	/* Streamed input (stdin, a FIFO): every flush is handed on and written out at once,
	 * so each attempt shows as soon as it is decided. */
	bool flush_output;
};

/* Runs every item; returns when all are written out. */
void batch_run(const struct batch_config *cfg, batch_item_fn fn, void *ctx);

/* The item's record stream. Call batch_sink_flush now and then (after each record). */
FILE *batch_sink_out(struct batch_sink *s);
/* A message line for standard error (a newline is added). */
void batch_sink_message(struct batch_sink *s, const char *text);
/* A record to render on the writing thread, after what the item wrote before it.
 * weight: its bytes in memory, counted against the bound. False when out of memory (the
 * record stays the caller's). */
bool batch_sink_record(struct batch_sink *s, void *record, size_t weight);
/* Hands on what the item wrote so far when enough has gathered. */
void batch_sink_flush(struct batch_sink *s);

#endif
