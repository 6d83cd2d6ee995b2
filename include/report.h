/*
 * report.h — the output stage: one record per attempt, as text for people or as
 * NDJSON for scripts (SPEC.md). Strings from the wire are escaped here and in json.c;
 * the batch summary is triage.h.
 */
#ifndef TLSDIAG_REPORT_H
#define TLSDIAG_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "facts.h"
#include "rules.h"

struct report_opts {
	FILE *out;
	bool json;
	bool all;        /* text: successful attempts too, one line each */
	bool file_headers; /* text: a "== FILE" line before the first attempt shown of each file */
	bool oneline;      /* --oneline */
	bool oneline_files; /* --oneline: the file's name at the end of each line */
	bool utc;          /* text: times in UTC rather than local time */
	bool full;         /* text: try: lines whole */
	bool ladder;       /* text: each attempt shown with its ladder (ladder.h) */
	bool color;        /* text: ANSI colours in the ladder */
	bool named_file;         /* state for file_headers: a header was written ... */
	uint64_t last_file_hash; /* ... for the file with this name (hash of it) */
};

/* Writes one attempt; false when the options do not show it (text: an ok attempt without
 * --all). file may be NULL (live). */
bool report_attempt(struct report_opts *o, const char *file, const struct facts *f, const struct verdict *v);
/* Whether report_attempt shows an attempt of this verdict. */
bool report_shows(const struct report_opts *o, const struct verdict *v);

/* "198.18.0.1:443" or "[2001:db8::1]:443" into buf (at least 64 bytes). */
/* A negotiated or offered version's name for f's transport: "TLS1.2", or over DTLS the
 * DTLS version the TLS one stands for ("DTLS1.2"). */
const char *report_version_name(const struct facts *f, uint16_t v, char *buf, size_t len);
const char *report_endpoint(const struct endpoint *e, char *buf, size_t len);

/* The address alone ("198.18.0.1", "2001:db8::1"), into buf (at least 48 bytes). */
const char *report_address(const struct endpoint *e, char *buf, size_t len);

/* The versions the client offered, as the JSON record lists them (GREASE left out). */
size_t report_client_versions(const struct facts *f, uint16_t *out, size_t max);

/* IANA name of a group, or "0x001d" for one without a name. */
const char *report_group_name(uint16_t id, char *buf, size_t len);

/* "2026-11-22T04:12:33.123456Z" (the record's ts) and back, as microseconds since the
 * epoch (INT64_MIN when s is not one). */
void report_format_ts(double t, char *buf, size_t len);
/* Text: "2026-11-22 05:12:33.123456 CET" in local time, or "... UTC" with utc. */
void report_format_text_ts(double t, bool utc, char *buf, size_t len);
/* The microseconds since the epoch that report_format_ts writes for t. */
int64_t report_ts_us(double t);
int64_t report_parse_ts(const char *s);

/* An openssl s_client command line that reproduces the client's offer, into buf: its TLS
 * 1.2 suites all (max_ciphers 0) or the first max_ciphers, with a comment on the rest. */
void report_repro_command(const struct facts *f, unsigned max_ciphers, char *buf, size_t len);
/* Suites on a text try: line without --full: the line fits a terminal. */
#define REPORT_TRY_CIPHERS 2

/* ---- records about inputs (report_inputs.c) ---- */

struct frag_stats;

/* JSON "file" record: a capture read, with what was found in it. */
struct report_file {
	const char *file;
	int linktype;
	uint64_t packets;
	uint64_t bytes;
	unsigned long attempts;
	unsigned long failed;
	bool complete;           /* read to its end */
	const struct decode_tally *not_decoded; /* the frames left out and why; NULL: none counted */
	const struct frag_stats *fragments;     /* IP fragments reassembled; NULL: none counted */
	uint64_t duplicates;     /* mirrored copies of segments, dropped (flow.h) */
};
void report_json_file(FILE *out, const struct report_file *r);

/* JSON "error" record (an input that could not be read; not_capture: a named input that
 * is not a capture) or "skipped" record (what a walk left out). */
void report_json_input(FILE *out, bool error, bool not_capture, const char *file, const char *message);

#endif
