/*
 * pipeline.h — one capture's analysis, from frame to decided attempt:
 *
 *   frame → decode → flow (TCP, reassembly, TLS parse, certificates) → decide (the
 *   rules, with the per-server history) → the sink
 *
 * Reading a file, standard input, a replay and a live capture all run through one
 * pipeline each; they differ only in where frames and the clock come from and in the
 * configuration. With decide_early (live, replay) an attempt is decided as soon as its
 * outcome is known, or when it stays silent past the handshake timeout; otherwise
 * (reading a file) when its connection ends, and a failure whose class reads the
 * server's history waits for the end of the capture so that it is compared with all of
 * it (decide.h).
 *
 * The pipeline owns the flow table, the per-server history, the capture's clock and the
 * key logs its connections are decrypted with. It knows nothing of where an attempt
 * goes: every decided attempt is handed to the sink, which renders it (sink.h).
 */
#ifndef TLSDIAG_PIPELINE_H
#define TLSDIAG_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capture.h"
#include "decide.h"
#include "decode.h"
#include "frag.h"
#include "facts.h"
#include "flow.h"
#include "rules.h"

struct keylog;
struct pipeline;

struct pipeline_config {
	const uint16_t *tls_ports;       /* a connection to one of these is an attempt even without TLS */
	size_t n_tls_ports;
	size_t max_flows;                /* 0: BOUND_FLOWS */
	size_t max_memory;               /* bytes of connection state; 0: no bound */
	bool keep_frames;                /* keep the frames of each attempt for -w */
	/* Live and replay: decide each attempt once its outcome is known (flow.h). */
	bool decide_early;
	double handshake_timeout;        /* decide_early: a handshake silent this long is decided */
	double decide_grace;             /* decide_early: after a close or fatal alert, wait this long */
	/* The clock: from the frames' timestamps (a file, a replay), or else from
	 * pipeline_tick (live). */
	bool clock_from_frames;
	const struct keylog *keylog;     /* --keylog, or NULL; read-only unless refresh is set */
	const struct keylog *beside_keylog; /* key logs beside the capture (input.h), or NULL */
	void (*keylog_refresh)(void *ctx); /* live: read what clients appended to the key logs */
	void *keylog_refresh_ctx;
	bool capture_secrets;            /* keep the secrets the capture carries (pcapng) */
	struct decode_config decode;     /* --vxlan-ports (its lists are kept, not copied) */
};

/* Where decided attempts go: the decided_fn contract of decide.h. With keep_frames,
 * context (or NULL) receives the frames of successful handshakes that a failure about to
 * follow was compared with, for -w (decide.h). */
struct pipeline_sink {
	decided_fn attempt;
	context_fn context;
	void *ctx;
};

struct pipeline_stats {
	uint64_t bad_frames;             /* frames that could not be decoded (DECODE_BAD) */
	struct decode_tally not_decoded; /* every frame not decoded (DECODE_SKIP too), by reason */
	uint64_t first_bad_frame;        /* packet number of the first of them */
	const char *first_bad_why;       /* static text */
	int linktype;                    /* of the last frame, -1 before any */
	double clock;                    /* clock_from_frames: the capture's clock, seconds since the epoch */
	unsigned long held_overflow;     /* decide.h: attempts decided early because too many waited */
	struct frag_stats fragments;     /* IP fragments reassembled (frag.h) */
	const struct flow_stats *flows;  /* the flow table's */
	size_t flows_open;               /* connections tracked now */
};

/* A pipeline, or NULL when out of memory. cfg is copied; the sink's functions and ctx
 * are kept. */
struct pipeline *pipeline_new(const struct pipeline_config *cfg, const struct pipeline_sink *sink);

/* One frame of the capture (its data is read during the call only). */
void pipeline_frame(struct pipeline *p, const struct capture_frame *fr);

/* Live (decide_early, the clock not from the frames): the clock moved to now (absolute
 * seconds); called every ~100 ms, it decides the attempts whose outcome is known or
 * whose time is up. */
void pipeline_tick(struct pipeline *p, double now);

/* A stream read as it arrives (decide_early, the clock from the frames) has had no frame
 * for `silent` seconds of wall time: what would be due at the last frame's time plus
 * that is decided, as live capture would. */
void pipeline_idle(struct pipeline *p, double silent);

/* The input ended at now (absolute seconds; < 0: the capture's clock, i.e. its last
 * frame, with clock_from_frames): every attempt still open is decided, then those that
 * waited. */
void pipeline_end(struct pipeline *p, double now);

/* The key log for secrets that the capture itself carries (dsb.h fills it as the capture
 * is read), or NULL without capture_secrets. */
struct keylog *pipeline_capture_keylog(struct pipeline *p);

void pipeline_stats(const struct pipeline *p, struct pipeline_stats *out);

/* The link type of the last frame (that of the attempt being decided), -1 before any. */
int pipeline_linktype(const struct pipeline *p);

void pipeline_free(struct pipeline *p);

#endif
