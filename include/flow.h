/*
 * flow.h — the TCP stage: a table of connections keyed by their 4-tuple; roles, timing,
 * TTL/IP-ID baselines, closes; each direction reassembled (reasm.h) and fed to the TLS
 * stage until the handshake's outcome is known. UDP conversations that are QUIC or DTLS
 * live in the same table (the transport is part of the key): their datagrams go to the
 * QUIC or DTLS stage instead, whole. Of TLS it reads only the facts the TLS
 * stage wrote: whether the outcome is known, the alerts and the ClientHello (to tell an
 * attempt from other TCP traffic and, live, when to decide it).
 *
 * A segment seen again within BOUND_DUP_WINDOW, the same in everything a retransmission
 * would change or keep (decode_segment_digest), while the handshake is undecided, is a
 * mirror's second copy of it (a SPAN port copying ingress and egress, two mirror
 * sessions): it is counted (facts.duplicates, flow_stats.duplicates) and dropped, so that
 * it counts as no packet, no retransmission and no close.
 *
 * When an attempt ends (both sides closed, idle past the timeout, evicted, or the end of
 * the input), its facts are handed to the done callback, which owns them from then on
 * (release with facts_release + free).
 */
#ifndef TLSDIAG_FLOW_H
#define TLSDIAG_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode.h"
#include "facts.h"

struct flow_table;
struct decrypt_keys;

typedef void (*flow_done_fn)(void *ctx, struct facts *f);

/* Live mode: an attempt whose outcome is known, reported before its flow ends. The facts
 * stay the flow's (read them during the call only); done is not called for it later. */
typedef void (*flow_ready_fn)(void *ctx, const struct facts *f);

/* A frame kept for -w, handed back with the verdict. */
struct flow_frame {
	struct flow_frame *next;
	int linktype;                /* of the interface it was captured on */
	double ts;
	uint32_t caplen;
	uint32_t wirelen;
	uint8_t data[];
};

struct flow_config {
	const uint16_t *tls_ports;   /* a connection to one of these is an attempt even without TLS */
	size_t n_tls_ports;
	double idle_timeout;         /* seconds of capture time */
	size_t max_flows;
	size_t max_memory;           /* bytes of connection state; 0: no bound */
	const struct decrypt_keys *keys; /* key logs for decryption (decrypt.h), or NULL */
	/* Live mode: decide attempts as soon as their outcome is known. */
	bool live;
	flow_ready_fn ready;
	double handshake_timeout;    /* a handshake silent this long is decided */
	double decide_grace;         /* after a close or fatal alert, wait this long for the rest */
	bool keep_frames;            /* keep each attempt's frames until it is reported or its
					handshake completed (-w) */
	/* With keep_frames: whether the frames of an attempt whose outcome is known are still
	 * wanted (a successful handshake kept for context, decide.h); NULL: no. Called once
	 * per attempt, with the done callback's ctx. */
	bool (*keep_completed)(void *ctx, const struct facts *f);
};

struct flow_stats {
	uint64_t flows;              /* connections tracked */
	uint64_t attempts;           /* handed to the done callback */
	uint64_t evicted;            /* decided early because the table was full */
	uint64_t evicted_memory;     /* decided early because max_memory was reached */
	size_t memory;               /* bytes of connection state now */
	size_t memory_peak;          /* ...and at most */
	uint64_t evicted_live;       /* (same, live) */
	uint64_t frames_dropped;     /* frames not kept for -w: the per-attempt bound was reached */
	uint64_t duplicates;         /* mirrored copies of a segment, dropped (BOUND_DUP_WINDOW) */
	uint64_t first_duplicate;    /* packet number of the first of them */
	uint64_t cut_packets;        /* payload cut by the snap length */
	uint64_t first_cut_packet;   /* packet number of the first of them */
};

struct flow_table *flow_table_new(const struct flow_config *cfg, flow_done_fn done, void *ctx);

/* One decoded TCP segment seen at absolute time ts (seconds), packet number pkt_no.
 * frame/caplen/wirelen: the raw frame, kept when cfg.keep_frames (else may be NULL). */
void flow_packet(struct flow_table *t, const struct decoded *pkt, double ts, uint64_t pkt_no, const uint8_t *frame,
		 size_t caplen, size_t wirelen);

/* One of the frames a segment came in: an IP fragment of its datagram. */
struct flow_piece {
	double ts;
	const uint8_t *frame;
	size_t caplen;
	size_t wirelen;
};

/* flow_packet for a segment whose datagram was reassembled from IP fragments (frag.h):
 * with cfg.keep_frames, each of its n_pieces frames is kept (in their order), so that -w
 * writes every fragment. */
void flow_packet_pieces(struct flow_table *t, const struct decoded *pkt, double ts, uint64_t pkt_no,
			const struct flow_piece *pieces, size_t n_pieces);

/*
 * One decoded UDP datagram (DECODE_UDP), as flow_packet_pieces: the datagram joins its
 * conversation's attempt, or opens one when it starts a QUIC connection (a long header
 * packet) or a DTLS handshake. false when it belongs to no attempt (DNS, ...): the caller
 * counts it as not decoded.
 */
bool flow_datagram(struct flow_table *t, const struct decoded *pkt, double ts, uint64_t pkt_no,
		   const struct flow_piece *pieces, size_t n_pieces);

/* Live mode: reports attempts whose outcome is known or whose time is up, and frees flows
 * that are over. Call often (every 100 ms); now is absolute seconds. */
void flow_tick(struct flow_table *t, double now);

/* The frames kept for the attempt being reported (valid during the ready/done call). */
const struct flow_frame *flow_frames_of(const struct flow_table *t, const struct facts *f);

/* Takes the kept frames of the attempt being reported (during the done call), for a
 * caller that decides it later; free them with flow_frames_free. */
struct flow_frame *flow_take_frames(struct flow_table *t, const struct facts *f);
void flow_frames_free(struct flow_frame *list);
/* Bytes a list of kept frames holds in memory (structs and data). */
size_t flow_frames_memory(const struct flow_frame *list);
/* A copy of a list of kept frames (to keep those of an attempt decided while its flow
 * lives on); NULL when list is NULL or out of memory. */
struct flow_frame *flow_frames_copy(const struct flow_frame *list);

/* Flows tracked now. */
size_t flow_table_size(const struct flow_table *t);

/* Decides flows closed or idle before now (absolute seconds). */
void flow_expire(struct flow_table *t, double now);

/* Decides every flow still open (end of input at absolute time now; 0: each flow's last packet). */
void flow_flush(struct flow_table *t);
void flow_flush_at(struct flow_table *t, double now);

const struct flow_stats *flow_table_stats(const struct flow_table *t);
void flow_table_free(struct flow_table *t);

/* true when port is one of the configured TLS ports. */
bool flow_is_tls_port(const struct flow_table *t, uint16_t port);

#endif
