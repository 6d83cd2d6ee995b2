/*
 * sink.h — the one way out for decided attempts, whatever read them: the report (text
 * or JSON), the summary (triage.h), --extract-certs and -w. Also the summary's record of
 * which inputs were read, failed or skipped, and the exit status those give.
 *
 * sink_attempt may be called from several threads at once (each with its own
 * report_opts and output stream): the summary and the certificates are shared under a
 * lock. sink_frames writes the -w files and belongs to one thread.
 */
#ifndef TLSDIAG_SINK_H
#define TLSDIAG_SINK_H

#include <stdbool.h>
#include <stdio.h>

#include "facts.h"
#include "pcapout.h"
#include "flow.h"
#include "report.h"
#include "rules.h"

struct extract;
struct html_report;
struct pcapout;
struct sink;

struct sink_config {
	bool json;
	bool fail_on_failures;           /* exit 3 when a handshake failed */
	struct extract *extract;         /* --extract-certs, or NULL; the sink closes it */
	const char *extract_dir;         /* its name, for messages */
	struct pcapout *pcapout;         /* -w, or NULL; the sink closes it */
	const struct selection *select;  /* the attempts reported (select.h), or NULL: all */
	unsigned long count;             /* -c: stop after this many shown; 0: no limit */
	bool full;                       /* --full: the summary's lists whole */
	struct html_report *html;        /* --html, or NULL; the sink writes and frees it */
	const char *html_path;           /* its name, for messages */
};

/* NULL when out of memory. */
struct sink *sink_new(const struct sink_config *cfg);

/* One decided attempt: its report through ro (file: the capture's name, NULL live), its
 * row in the summary, its certificates. False when the selection (or -c) leaves it out:
 * then nothing of it is written, -w packets included. */
bool sink_attempt(struct sink *s, struct report_opts *ro, const char *file, const struct facts *f,
		  const struct verdict *v);

/* The -w frames of a decided attempt (of the given link type): written when it failed. */
void sink_frames(struct sink *s, int linktype, const struct facts *f, const struct verdict *v,
		 const struct flow_frame *frames);
/* True once -c's count of attempts has been shown: the runners stop reading. */
bool sink_stopped(struct sink *s);

/* -w frames written whatever their attempt: those of a failure handed on without its
 * facts, and the successful handshakes a failure was compared with (decide.h). */
void sink_write_frames(struct sink *s, int linktype, const struct flow_frame *frames, const struct pcapout_note *note);

/* Opens the -w file for linktype now (live: before root is given up). False when it
 * could not be opened (said); true without -w. */
bool sink_open_frames(struct sink *s, int linktype);

/* Live: what was written reaches the files now. */
void sink_flush(struct sink *s);

/* The summary's record of inputs: a capture read, an input that could not be read, one
 * that a walk left out. name: as the report names it. */
void sink_file_read(struct sink *s, const char *name);
void sink_file_error(struct sink *s, const char *name);
void sink_file_skipped(struct sink *s, const char *name);

/* The batch view of everything the sink saw, as text or JSON (sink_config.json). */
void sink_summary(struct sink *s, FILE *out, bool json);

/* The exit status (SPEC.md): 1 when something could not be read or written, 3 with
 * fail_on_failures when a handshake failed, 4 for both, else 0. */
int sink_exit_status(bool all_read, bool fail_on_failures, unsigned long failed);

/* Closes -w and --extract-certs (first_linktype: for an empty -w file, see pcapout.h) and
 * frees the sink. Returns sink_exit_status of what it saw, a write error here counting as
 * something not written. */
int sink_close(struct sink *s, int first_linktype, bool all_read);

#endif
