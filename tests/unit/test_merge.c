/*
 * test_merge.c — unit tests of the time-order stages: reorder.h (the frames of one
 * pcapng with several interfaces) and merge.h (several inputs joined by timestamp).
 *
 * Frames carry their number in their first byte, so that what comes out can be
 * compared with the order expected: earliest first, equal times in input order, a
 * frame too late for the window handed on at once; with --merge's queues, producers
 * ahead of the others waiting, secrets and events in their source's order, and a
 * consumer that stops early not leaving any producer waiting.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "merge.h"
#include "reorder.h"

struct seen {
	uint8_t first[64];
	double ts[64];
	size_t n;
};

static void collect(void *ctx, const struct capture_frame *fr)
{
	struct seen *s = ctx;
	assert_true(s->n < 64);
	assert_int_equal(fr->caplen, 1);
	s->first[s->n] = fr->data[0];
	s->ts[s->n] = fr->ts;
	s->n++;
}

static void add(struct reorder *ro, uint8_t id, double ts)
{
	uint8_t byte = id;
	struct capture_frame fr = { .linktype = 1, .ts = ts, .data = &byte, .caplen = 1, .wirelen = 1, .number = id };
	reorder_add(ro, &fr);
}

/* Two interfaces written one batch after the other come out interleaved. */
static void test_reorder_batches(void **state)
{
	(void)state;
	struct seen s = { 0 };
	struct reorder *ro = reorder_new(2.0, 0, 0, collect, &s);
	assert_non_null(ro);
	add(ro, 1, 10.0);
	add(ro, 2, 10.2);
	add(ro, 3, 10.4);
	add(ro, 4, 10.1);
	add(ro, 5, 10.3);
	add(ro, 6, 10.3); /* the same time as 5: after it, as in the file */
	assert_int_equal(s.n, 0); /* all within the window */
	reorder_flush(ro);
	static const uint8_t want[] = { 1, 4, 2, 5, 6, 3 };
	assert_int_equal(s.n, sizeof want);
	assert_memory_equal(s.first, want, sizeof want);
	assert_int_equal(reorder_moved(ro), 2); /* 2 and 3 came after a later frame of the file */
	reorder_free(ro);
}

/* The window: a frame leaves once one more than its seconds later has come; one older
 * than what has left goes on at once. The frame bound holds the window smaller. */
static void test_reorder_window(void **state)
{
	(void)state;
	struct seen s = { 0 };
	struct reorder *ro = reorder_new(1.0, 0, 0, collect, &s);
	assert_non_null(ro);
	add(ro, 1, 10.0);
	add(ro, 2, 10.5);
	add(ro, 3, 11.6);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.first[0], 1);
	assert_int_equal(s.first[1], 2);
	add(ro, 4, 10.2); /* too late: 10.5 has left */
	assert_int_equal(s.n, 3);
	assert_int_equal(s.first[2], 4);
	reorder_flush(ro);
	assert_int_equal(s.n, 4);
	reorder_free(ro);
	struct seen t = { 0 };
	ro = reorder_new(100.0, 2, 0, collect, &t);
	assert_non_null(ro);
	add(ro, 1, 3.0);
	add(ro, 2, 1.0);
	add(ro, 3, 2.0);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.first[0], 2);
	reorder_free(ro); /* frees what it holds */
}

/* ---- merge ---- */

/* Each source: frames at the times of its row (0 ends it), secrets after its first. */
static const double times[3][8] = {
	{ 1.0, 1.5, 4.0, 9.0, 0 },
	{ 0.5, 2.0, 2.0, 3.0, 8.0, 0 },
	{ 0 },
};

static void produce(void *ctx, size_t source, struct merge_feed *feed)
{
	(void)ctx;
	for (size_t i = 0; times[source][i] != 0; i++) {
		uint8_t byte = (uint8_t)(source * 16 + i);
		struct capture_frame fr = { .linktype = 1, .ts = times[source][i], .data = &byte, .caplen = 1,
					    .wirelen = 1, .number = i + 1 };
		if (!merge_feed_frame(feed, &fr))
			return;
		if (i == 0 && !merge_feed_secrets(feed, 0x544C534Bu, (const uint8_t *)"K", 1))
			return;
	}
	char *note = malloc(8);
	if (note != NULL) {
		snprintf(note, 8, "end %zu", source);
		merge_feed_event(feed, note);
	}
}

static void test_merge_order(void **state)
{
	(void)state;
	struct merge *m = merge_start(3, produce, NULL, free);
	assert_non_null(m);
	struct merge_item it;
	double last = 0;
	size_t frames = 0, secrets = 0, events = 0, from[3] = { 0 };
	static const size_t per_source[3] = { 4, 5, 0 };
	uint8_t order[16];
	while (merge_next(m, &it)) {
		if (it.kind == MERGE_FRAME) {
			assert_true(it.frame.ts >= last);
			last = it.frame.ts;
			assert_true(frames < sizeof order);
			order[frames++] = it.frame.data[0];
			from[it.source]++;
		} else if (it.kind == MERGE_SECRETS) {
			secrets++;
			assert_int_equal(it.secrets_len, 1);
			assert_int_equal(it.secrets[0], 'K');
		} else {
			/* A source's end comes after all its frames. */
			char want[8];
			snprintf(want, sizeof want, "end %zu", it.source);
			assert_string_equal(it.payload, want);
			assert_int_equal(from[it.source], per_source[it.source]);
			free(it.payload);
			events++;
		}
	}
	assert_int_equal(frames, 9);
	assert_int_equal(secrets, 2);
	assert_int_equal(events, 3);
	/* 0.5(1:0) 1.0(0:0) 1.5(0:1) 2.0(1:1) 2.0(1:2) 3.0(1:3) 4.0(0:2) 8.0(1:4) 9.0(0:3) */
	static const uint8_t want[] = { 16, 0, 1, 17, 18, 19, 2, 20, 3 };
	assert_memory_equal(order, want, sizeof want);
	merge_finish(m);
}

/* Many frames through the bounded queues; the consumer stops half way: the producers,
 * waiting on full queues, return and are joined. */
static void produce_many(void *ctx, size_t source, struct merge_feed *feed)
{
	(void)ctx;
	for (size_t i = 0; i < 20000; i++) {
		uint8_t byte = (uint8_t)source;
		struct capture_frame fr = { .ts = (double)i + (double)source / 10, .data = &byte, .caplen = 1, .number = i };
		if (!merge_feed_frame(feed, &fr))
			return;
	}
}

static void test_merge_stop_early(void **state)
{
	(void)state;
	struct merge *m = merge_start(2, produce_many, NULL, free);
	assert_non_null(m);
	struct merge_item it;
	for (size_t i = 0; i < 10000; i++) {
		assert_true(merge_next(m, &it));
		assert_int_equal(it.kind, MERGE_FRAME);
		assert_int_equal(it.frame.data[0], i % 2); /* strictly alternating by time */
	}
	merge_finish(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reorder_batches),
		cmocka_unit_test(test_reorder_window),
		cmocka_unit_test(test_merge_order),
		cmocka_unit_test(test_merge_stop_early),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
