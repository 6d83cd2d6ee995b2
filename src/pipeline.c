/*
 * pipeline.c — one capture's analysis from frame to decided attempt (pipeline.h).
 *
 * Pipeline position: the runners (run_offline.c, run_live.c) hand frames and ticks here;
 * decode → flow → decide happen here; decided attempts leave through the sink.
 */
#include "pipeline.h"

#include <assert.h>
#include <stdlib.h>

#include "bounds.h"
#include "decode.h"
#include "decrypt.h"
#include "frag.h"
#include "keylog.h"

/* Live ticks come every ~100 ms; a replay ticks as often on the capture's clock. */
#define PIPELINE_TICK_SECONDS 0.1
/* Reading a file, closed and idle connections are decided once a second of capture time. */
#define PIPELINE_EXPIRE_SECONDS 1.0
/* Frames in a row from far past the clock before the clock follows them. */
#define PIPELINE_CLOCK_JUMP_FRAMES 16

struct pipeline {
	struct pipeline_config cfg;
	struct flow_table *flows;
	struct frag_table *frags;        /* IP fragments waiting for the rest of their datagram */
	struct decider *decider;
	struct decrypt_keys keys;
	struct keylog *capture_keylog;   /* owned: the capture's own secrets */
	struct pipeline_stats stats;
	double last_expire;              /* clock of the last expiry walk or tick */
	unsigned clock_jumps;            /* frames in a row far past the clock */
};

/* A connection ended (or, reading a file, was decided at the end of the capture): its
 * facts and frames become the decider's. */
static void on_flow_done(void *ctx, struct facts *f)
{
	struct pipeline *p = ctx;
	struct flow_frame *frames = p->cfg.keep_frames ? flow_take_frames(p->flows, f) : NULL;
	decider_add(p->decider, f, frames, true);
}

/* decide_early: an attempt whose outcome is known, while its connection lives on. The
 * facts stay the flow's; the rules read them (with the server's history written in). */
static void on_flow_ready(void *ctx, const struct facts *f)
{
	struct pipeline *p = ctx;
	decider_add(p->decider, (struct facts *)f, (struct flow_frame *)flow_frames_of(p->flows, f), false);
}

/* -w: a handshake whose outcome is known keeps its frames when its server's history may
 * want them as context. */
static bool on_flow_completed(void *ctx, const struct facts *f)
{
	struct pipeline *p = ctx;
	return decider_wants_context(p->decider, f);
}

struct pipeline *pipeline_new(const struct pipeline_config *cfg, const struct pipeline_sink *sink)
{
	struct pipeline *p = calloc(1, sizeof *p);
	if (p == NULL)
		return NULL;
	p->cfg = *cfg;
	p->stats.linktype = -1;
	if (cfg->capture_secrets && (p->capture_keylog = keylog_new()) == NULL)
		goto fail;
	p->keys = (struct decrypt_keys){ .capture = p->capture_keylog, .beside = cfg->beside_keylog, .given = cfg->keylog,
					 .refresh = cfg->keylog_refresh, .refresh_ctx = cfg->keylog_refresh_ctx };
	struct flow_config fc = {
		.tls_ports = cfg->tls_ports,
		.n_tls_ports = cfg->n_tls_ports,
		.idle_timeout = BOUND_IDLE_TIMEOUT,
		.max_flows = cfg->max_flows ? cfg->max_flows : BOUND_FLOWS,
		.max_memory = cfg->max_memory,
		.keys = &p->keys,
		.live = cfg->decide_early,
		.ready = cfg->decide_early ? on_flow_ready : NULL,
		.handshake_timeout = cfg->handshake_timeout,
		.decide_grace = cfg->decide_grace,
		.keep_frames = cfg->keep_frames,
		.keep_completed = cfg->keep_frames && sink->context != NULL ? on_flow_completed : NULL,
	};
	p->flows = flow_table_new(&fc, on_flow_done, p);
	p->frags = frag_new(cfg->keep_frames);
	p->decider = decider_new(!cfg->decide_early, sink->attempt, sink->ctx);
	if (p->flows == NULL || p->frags == NULL || p->decider == NULL)
		goto fail;
	if (cfg->keep_frames && sink->context != NULL)
		decider_keep_context(p->decider, sink->context);
	p->stats.flows = flow_table_stats(p->flows);
	return p;
fail:
	pipeline_free(p);
	return NULL;
}

/*
 * The capture's clock: the latest time seen, except that a lone frame far in the future
 * (a broken clock, a merged capture) moves it only when frames keep coming from there;
 * else one bad timestamp would decide every open connection and stop expiry.
 */
static void advance_clock(struct pipeline *p, double ts)
{
	double *clock = &p->stats.clock;
	if (ts > *clock) {
		if (*clock == 0 || ts - *clock < BOUND_CLOCK_JUMP || ++p->clock_jumps >= PIPELINE_CLOCK_JUMP_FRAMES) {
			*clock = ts;
			p->clock_jumps = 0;
		}
	} else {
		p->clock_jumps = 0;
	}
}

/* The clock from the frames: what is due is decided after the frame is looked at, as a
 * live tick right after it would (a late packet of an old connection still finds it). */
static void frame_clock(struct pipeline *p, double ts)
{
	advance_clock(p, ts);
	double now = p->stats.clock;
	if (p->cfg.decide_early) {
		if (now - p->last_expire >= PIPELINE_TICK_SECONDS || now < p->last_expire) {
			flow_tick(p->flows, now);
			frag_expire(p->frags, now, &p->stats.not_decoded);
			p->last_expire = now;
		}
	} else if (now - p->last_expire > PIPELINE_EXPIRE_SECONDS || now < p->last_expire) {
		/* Decide finished connections as the capture goes, to bound memory. */
		flow_expire(p->flows, now);
		frag_expire(p->frags, now, &p->stats.not_decoded);
		p->last_expire = now;
	}
}

/* A fragment: held for reassembly, or the datagram it completed decoded in its place
 * (the tally then counts its fragments as one); *done is that datagram. */
static enum decode_result reassemble(struct pipeline *p, const struct capture_frame *fr, struct decoded *pkt,
				     struct frag_datagram *done, const char **why)
{
	switch (frag_add(p->frags, pkt, fr->ts, fr->number, fr->data, fr->caplen, fr->wirelen, &p->stats.not_decoded,
			 done)) {
	case FRAG_NOT_TAKEN:
		return DECODE_SKIP;
	case FRAG_HELD:
		return DECODE_TCP; /* counted among the frames, not among those left out */
	case FRAG_COMPLETE:
	default:
		break;
	}
	struct decoded whole;
	enum decode_result res = decode_reassembled(&p->cfg.decode, done->first, done->payload, done->len, &whole, why);
	/* A datagram that is not TCP after all: each of its fragments is left out. */
	if (res == DECODE_SKIP && done->n_fragments > 1)
		decode_tally_count(&p->stats.not_decoded, (enum decode_reason)whole.skip, whole.skip_what, whole.skip_code,
				   done->n_fragments - 1, fr->number);
	*pkt = whole;
	return res;
}

/* A segment or datagram reassembled from fragments, to flow: -w keeps the frame of every
 * fragment, without which the file written could not be read again. Returns whether flow
 * took it (a UDP datagram may be of no attempt). */
static bool reassembled_packet(struct pipeline *p, const struct capture_frame *fr, const struct decoded *pkt,
			       const struct frag_datagram *done)
{
	struct flow_piece *pieces = NULL;
	size_t n = 0;
	if (p->cfg.keep_frames && done->frames != NULL &&
	    (pieces = calloc(done->n_fragments, sizeof *pieces)) != NULL) {
		for (const struct frag_frame *k = done->frames; k != NULL && n < done->n_fragments; k = k->next)
			pieces[n++] = (struct flow_piece){ .ts = k->ts, .frame = k->data, .caplen = k->caplen,
							   .wirelen = k->wirelen };
	}
	struct flow_piece one = { .ts = fr->ts, .frame = fr->data, .caplen = fr->caplen, .wirelen = fr->wirelen };
	bool taken = true;
	if (pkt->udp)
		taken = flow_datagram(p->flows, pkt, fr->ts, fr->number, pieces != NULL ? pieces : &one, pieces != NULL ? n : 1);
	else if (pieces != NULL)
		flow_packet_pieces(p->flows, pkt, fr->ts, fr->number, pieces, n);
	else
		flow_packet(p->flows, pkt, fr->ts, fr->number, fr->data, fr->caplen, fr->wirelen);
	free(pieces);
	return taken;
}

void pipeline_frame(struct pipeline *p, const struct capture_frame *fr)
{
	p->stats.linktype = fr->linktype;
	struct decoded pkt;
	const char *why = NULL;
	enum decode_result res = decode_frame_with(&p->cfg.decode, fr->linktype, fr->data, fr->caplen, fr->wirelen, &pkt,
						   &why);
	bool held = false, reassembled = false;
	struct frag_datagram done = { 0 };
	if (res == DECODE_SKIP && pkt.is_fragment) {
		res = reassemble(p, fr, &pkt, &done, &why);
		held = res == DECODE_TCP && pkt.is_fragment;
		reassembled = done.first != NULL; /* a datagram completed */
	}
	decode_tally_add(&p->stats.not_decoded, fr->number, fr->linktype, res, &pkt, why);
	if (held) {
		if (p->cfg.clock_from_frames)
			frame_clock(p, fr->ts);
		return;
	}
	switch (res) {
	case DECODE_TCP:
		if (reassembled)
			reassembled_packet(p, fr, &pkt, &done);
		else
			flow_packet(p->flows, &pkt, fr->ts, fr->number, fr->data, fr->caplen, fr->wirelen);
		break;
	case DECODE_UDP: {
		struct flow_piece one = { .ts = fr->ts, .frame = fr->data, .caplen = fr->caplen, .wirelen = fr->wirelen };
		bool taken = reassembled ? reassembled_packet(p, fr, &pkt, &done)
					 : flow_datagram(p->flows, &pkt, fr->ts, fr->number, &one, 1);
		/* Neither QUIC nor DTLS: left out, as every other protocol is. */
		if (!taken && pkt.icmp_error)
			decode_tally_count(&p->stats.not_decoded, DECODE_REASON_NOT_TCP, pkt.icmp_from.family == 6 ? "ICMPv6" : "ICMP",
					   pkt.icmp_from.family == 6 ? 58 : 1 /* IP protocol */, reassembled ? done.n_fragments : 1,
					   fr->number);
		else if (!taken)
			decode_tally_count(&p->stats.not_decoded, DECODE_REASON_NOT_TCP, "UDP", 17 /* IP protocol */,
					   reassembled ? done.n_fragments : 1, fr->number);
		break;
	}
	case DECODE_BAD:
		if (p->stats.bad_frames++ == 0) {
			p->stats.first_bad_frame = fr->number;
			p->stats.first_bad_why = why;
		}
		break;
	case DECODE_SKIP:
		break; /* not TCP: counted in the tally */
	}
	if (p->cfg.clock_from_frames)
		frame_clock(p, fr->ts);
}

void pipeline_tick(struct pipeline *p, double now)
{
	assert(p->cfg.decide_early && !p->cfg.clock_from_frames);
	flow_tick(p->flows, now);
	p->last_expire = now;
}

void pipeline_idle(struct pipeline *p, double silent)
{
	assert(p->cfg.decide_early && p->cfg.clock_from_frames);
	/* The capture's clock stays the frames'; what would be due by now is decided. */
	double now = p->stats.clock + silent;
	if (p->stats.clock > 0 && now - p->last_expire >= PIPELINE_TICK_SECONDS) {
		flow_tick(p->flows, now);
		p->last_expire = now;
	}
}

void pipeline_end(struct pipeline *p, double now)
{
	frag_expire(p->frags, -1, &p->stats.not_decoded);
	flow_flush_at(p->flows, now >= 0 ? now : p->stats.clock);
	decider_finish(p->decider);
}

int pipeline_linktype(const struct pipeline *p)
{
	return p->stats.linktype;
}

struct keylog *pipeline_capture_keylog(struct pipeline *p)
{
	return p->capture_keylog;
}

void pipeline_stats(const struct pipeline *p, struct pipeline_stats *out)
{
	*out = p->stats;
	out->held_overflow = decider_held_overflow(p->decider);
	out->fragments = *frag_stats(p->frags);
	out->flows_open = flow_table_size(p->flows);
}

void pipeline_free(struct pipeline *p)
{
	if (p == NULL)
		return;
	flow_table_free(p->flows);
	frag_free(p->frags);
	decider_free(p->decider);
	keylog_free(p->capture_keylog);
	free(p);
}
