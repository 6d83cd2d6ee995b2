/*
 * frag.h — IP fragments put back together: IPv4 (RFC 791 3.2) and IPv6 (RFC 8200 4.5)
 * datagrams that crossed a link in pieces, for the TCP (or the tunnel carrying TCP)
 * inside them.
 *
 * Pipeline position: decode → frag → decode_reassembled → flow. Only datagrams that can
 * hold TCP are taken: TCP itself, UDP (tunnels), GRE and IP in IP. Overlapping bytes
 * keep their first copy (as TCP reassembly does). Bounded: at most BOUND_FRAG_DATAGRAMS
 * datagrams in progress and BOUND_FRAG_BYTES held in all, the least recently added to
 * dropped first; a datagram not completed within BOUND_FRAG_SECONDS of capture time is
 * dropped. The fragments of a dropped datagram are counted as not decoded.
 */
#ifndef TLSDIAG_FRAG_H
#define TLSDIAG_FRAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode.h"

struct frag_table;

struct frag_stats {
	uint64_t datagrams;        /* datagrams completed */
	uint64_t fragments;        /* fragments that went into them */
	uint64_t dropped;          /* fragments of datagrams never completed (timed out, bounds, cut) */
	uint64_t overlaps;         /* fragments overlapping bytes already held */
};

enum frag_result {
	FRAG_NOT_TAKEN,            /* not a datagram reassembled here: count it as decode said */
	FRAG_HELD,                 /* kept until its datagram is whole */
	FRAG_COMPLETE,             /* it completed its datagram */
};

/* A fragment's frame as captured (kept for -w, which must write every fragment of a
 * datagram for the file to be read again). */
struct frag_frame {
	struct frag_frame *next;
	double ts;
	uint32_t caplen;
	uint32_t wirelen;
	uint8_t data[];
};

/* A datagram completed by frag_add. */
struct frag_datagram {
	const uint8_t *payload;          /* its IP payload, len bytes */
	size_t len;
	const struct decoded *first;     /* the decode of its first fragment (offset 0) */
	uint32_t n_fragments;            /* fragments it took, duplicates included */
	const struct frag_frame *frames; /* with keep_frames: the frame of each, in the order
					    captured (else NULL); a list of n_fragments */
};

/* A table, or NULL when out of memory. keep_frames: keep every fragment's frame until
 * its datagram is complete (their bytes count within BOUND_FRAG_BYTES). */
struct frag_table *frag_new(bool keep_frames);
void frag_free(struct frag_table *t);

/*
 * Takes the fragment decoded in d (d->is_fragment), captured at ts as frame number
 * (frame: its caplen bytes, wirelen on the wire; may be NULL without keep_frames).
 * FRAG_COMPLETE: *out is the datagram, its views valid until the next call on t.
 * Dropped datagrams' fragments go into tally.
 */
enum frag_result frag_add(struct frag_table *t, const struct decoded *d, double ts, uint64_t number,
			  const uint8_t *frame, size_t caplen, size_t wirelen, struct decode_tally *tally,
			  struct frag_datagram *out);

/* Drops the datagrams with no fragment since before now - BOUND_FRAG_SECONDS (every one
 * when now < 0), counting their fragments into tally. */
void frag_expire(struct frag_table *t, double now, struct decode_tally *tally);

const struct frag_stats *frag_stats(const struct frag_table *t);

/* Bytes held. */
size_t frag_memory(const struct frag_table *t);

#endif
