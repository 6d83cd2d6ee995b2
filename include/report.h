/*
 * report.h — the output stage: one record per attempt, as text for people or as
 * NDJSON for scripts (SPEC.md), and a closing summary. The only module that writes to
 * standard output and the only one that escapes strings from the wire.
 */
#ifndef TLSDIAG_REPORT_H
#define TLSDIAG_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "facts.h"
#include "rules.h"

struct report_summary {
	unsigned long by_class[CLASS__COUNT];
	unsigned long attempts;
	unsigned long failed;
	/* per server: a small table of the servers with failures */
	struct report_server {
		struct endpoint server;
		unsigned long attempts;
		unsigned long by_class[CLASS__COUNT];
	} *servers;
	size_t n_servers;
	size_t cap_servers;
	size_t *index;       /* open addressing over servers: slot -> position + 1 (0 empty) */
	size_t n_index;      /* slots, a power of two */
};

struct report_opts {
	FILE *out;
	bool json;
	bool all;        /* text: successful attempts too, one line each */
	bool file_headers; /* text: a "== FILE" line before the first attempt shown of each file */
	const char *last_file; /* state for file_headers */
};

/* Writes one attempt. file may be NULL (live). */
void report_attempt(struct report_opts *o, const char *file, const struct facts *f, const struct verdict *v);

/* Counts one attempt into the summary. */
void report_count(struct report_summary *s, const struct facts *f, const struct verdict *v);

/* Text summary by class and by server (text mode only). */
void report_print_summary(const struct report_opts *o, const struct report_summary *s);
void report_summary_free(struct report_summary *s);

/* "198.18.0.1:443" or "[2001:db8::1]:443" into buf (at least 64 bytes). */
const char *report_endpoint(const struct endpoint *e, char *buf, size_t len);

/* An openssl s_client command line that reproduces the client's offer, into buf. */
void report_repro_command(const struct facts *f, char *buf, size_t len);

#endif
