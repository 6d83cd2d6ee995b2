/*
 * metrics.h — live capture's counters as a Prometheus endpoint (--metrics ADDR:PORT).
 *
 * One registry, updated once per decided attempt (metrics_attempt) and from the capture's
 * statistics at each tick, and a small HTTP/1.0 server run from the live loop's tick
 * (metrics_serve): a non-blocking listening socket opened before root is given up and the
 * sandbox entered, at most BOUND_METRICS_CONNECTIONS scrapers at once, each with its own
 * buffer written as far as the socket takes it, so that a scraper that never reads
 * never holds the capture up. The exposition format is Prometheus' text format 0.0.4.
 */
#ifndef TLSDIAG_METRICS_H
#define TLSDIAG_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "facts.h"
#include "rules.h"

struct metrics;

/* What the capture and the flow table say at a tick. */
struct metrics_capture {
	uint64_t received, dropped_kernel, dropped_iface, undecodable;
	uint64_t flows_open, flows_total, max_flows;
	uint64_t memory, max_memory;
	uint64_t evicted_flows, evicted_memory, held_overflow;
};

/* Parses "127.0.0.1:9793", "[::1]:9793" or ":9793" (every address). false: err says why. */
bool metrics_parse_address(const char *spec, char *err, size_t err_len);

/* Listens on spec (metrics_parse_address's forms). NULL: err says why. */
struct metrics *metrics_open(const char *spec, char *err, size_t err_len);

/* An attempt was decided (cheap: a few counters and two bounded label look-ups). */
void metrics_attempt(struct metrics *m, const struct facts *f, const struct verdict *v);

/* The capture's statistics, as of now. */
void metrics_set_capture(struct metrics *m, const struct metrics_capture *c);

/* Accepts, reads requests and writes answers as far as the sockets allow; never waits. */
void metrics_serve(struct metrics *m, double now);

/* The exposition text into a heap buffer (*len bytes, NUL-terminated); NULL when out of
 * memory. The endpoint serves it; tests read it. */
char *metrics_render(const struct metrics *m, size_t *len);

void metrics_close(struct metrics *m);

#endif
