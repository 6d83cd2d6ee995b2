/*
 * frag.c — IP fragments put back together (frag.h).
 *
 * Pipeline position: decode → frag → decode_reassembled → flow. A datagram in progress
 * is found by (family, addresses, identification, protocol) in a chained hash table
 * seeded per run; its bytes gather in a buffer grown to the highest offset seen, with a
 * bitmap of the 8-byte units held (every fragment but the last is a multiple of 8 bytes
 * long, RFC 791 3.2 and RFC 8200 4.5). Datagrams are kept in the order they were last
 * added to: the bounds and the timeout drop from the front.
 */
#include "frag.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "bounds.h"
#include "table.h"

#define IPPROTO_NUM_IPIP 4
#define IPPROTO_NUM_TCP 6
#define IPPROTO_NUM_UDP 17
#define IPPROTO_NUM_IPV6 41
#define IPPROTO_NUM_GRE 47

/* The largest IP payload a datagram can have (a 16-bit length). */
#define DATAGRAM_MAX 65535u
#define UNITS ((DATAGRAM_MAX + 7) / 8)
#define BUCKETS 2048 /* twice BOUND_FRAG_DATAGRAMS: short chains */

struct datagram {
	uint64_t hash;
	struct datagram *chain;           /* next in the bucket */
	struct datagram *older, *newer;   /* in the order of the last fragment added */
	uint8_t family;
	uint8_t src[16], dst[16];
	uint32_t id;
	uint8_t proto;
	bool have_first;                  /* the fragment at offset 0 came: first is its decode */
	struct decoded first;
	const char *what;                 /* the decode's name for its kind ("IPv4"), for the tally */
	uint8_t *buf;
	size_t cap;
	size_t total;                     /* payload length, from the last fragment; 0 until then */
	size_t max_end;                   /* the furthest byte any fragment reached */
	uint8_t held[(UNITS + 7) / 8];    /* bit per 8-byte unit */
	uint32_t n_fragments;
	struct frag_frame *frames, *frames_tail; /* with keep_frames, in the order captured */
	size_t frames_bytes;
	uint64_t first_number;            /* frame number of its first fragment seen */
	double last_ts;
};

struct frag_table {
	struct datagram *buckets[BUCKETS];
	struct datagram *oldest, *newest;
	size_t n_datagrams;
	size_t bytes;                     /* buffers and kept frames held */
	bool keep_frames;
	uint64_t seed;
	struct datagram *done;            /* the last completed one, freed at the next call */
	struct frag_stats stats;
};

struct frag_table *frag_new(bool keep_frames)
{
	struct frag_table *t = calloc(1, sizeof *t);
	if (t == NULL)
		return NULL;
	t->keep_frames = keep_frames;
	/* Keys come from the wire: a seed of its own keeps crafted collisions from lining up. */
	if (getrandom(&t->seed, sizeof t->seed, GRND_NONBLOCK) != (ssize_t)sizeof t->seed)
		t->seed = (uint64_t)(uintptr_t)t ^ 0x9e3779b97f4a7c15ull;
	return t;
}

static void free_datagram(struct frag_table *t, struct datagram *g)
{
	t->bytes -= g->cap + g->frames_bytes;
	while (g->frames != NULL) {
		struct frag_frame *next = g->frames->next;
		free(g->frames);
		g->frames = next;
	}
	free(g->buf);
	free(g);
}

/* Takes g out of the age list, where it is. */
static void age_unlink(struct frag_table *t, struct datagram *g)
{
	if (g->older != NULL)
		g->older->newer = g->newer;
	else
		t->oldest = g->newer;
	if (g->newer != NULL)
		g->newer->older = g->older;
	else
		t->newest = g->older;
	g->older = g->newer = NULL;
}

/* Unlinks g from its bucket and the age list. */
static void unlink_datagram(struct frag_table *t, struct datagram *g)
{
	struct datagram **at = &t->buckets[g->hash % BUCKETS];
	while (*at != NULL && *at != g)
		at = &(*at)->chain;
	if (*at == g)
		*at = g->chain;
	age_unlink(t, g);
	t->n_datagrams--;
}

static void drop(struct frag_table *t, struct datagram *g, struct decode_tally *tally)
{
	unlink_datagram(t, g);
	t->stats.dropped += g->n_fragments;
	if (tally != NULL)
		decode_tally_count(tally, DECODE_REASON_FRAGMENT, g->what, g->family, g->n_fragments, g->first_number);
	free_datagram(t, g);
}

static void release_done(struct frag_table *t)
{
	if (t->done != NULL) {
		free_datagram(t, t->done);
		t->done = NULL;
	}
}

void frag_free(struct frag_table *t)
{
	if (t == NULL)
		return;
	release_done(t);
	while (t->oldest != NULL)
		drop(t, t->oldest, NULL);
	free(t);
}

void frag_expire(struct frag_table *t, double now, struct decode_tally *tally)
{
	release_done(t);
	while (t->oldest != NULL && (now < 0 || t->oldest->last_ts < now - BOUND_FRAG_SECONDS))
		drop(t, t->oldest, tally);
}

const struct frag_stats *frag_stats(const struct frag_table *t)
{
	return &t->stats;
}

size_t frag_memory(const struct frag_table *t)
{
	return t->bytes + t->n_datagrams * sizeof(struct datagram);
}

static bool carries_tcp(uint8_t proto)
{
	return proto == IPPROTO_NUM_TCP || proto == IPPROTO_NUM_UDP || proto == IPPROTO_NUM_GRE ||
	       proto == IPPROTO_NUM_IPIP || proto == IPPROTO_NUM_IPV6;
}

static uint64_t key_hash(const struct frag_table *t, const struct decode_fragment *fg)
{
	size_t n = fg->family == 4 ? 4 : 16;
	uint64_t h = hash_bytes(HASH_START ^ t->seed, &fg->family, 1);
	h = hash_bytes(h, fg->src, n);
	h = hash_bytes(h, fg->dst, n);
	h = hash_bytes(h, &fg->id, sizeof fg->id);
	return hash_bytes(h, &fg->proto, 1);
}

static struct datagram *find(struct frag_table *t, const struct decode_fragment *fg, uint64_t hash)
{
	size_t n = fg->family == 4 ? 4 : 16;
	for (struct datagram *g = t->buckets[hash % BUCKETS]; g != NULL; g = g->chain)
		if (g->hash == hash && g->family == fg->family && g->id == fg->id && g->proto == fg->proto &&
		    memcmp(g->src, fg->src, n) == 0 && memcmp(g->dst, fg->dst, n) == 0)
			return g;
	return NULL;
}

static void make_newest(struct frag_table *t, struct datagram *g)
{
	if (t->newest == g)
		return;
	if (g->older != NULL || t->oldest == g)
		age_unlink(t, g); /* already listed: out of its place first */
	g->older = t->newest;
	g->newer = NULL;
	if (t->newest != NULL)
		t->newest->newer = g;
	t->newest = g;
	if (t->oldest == NULL)
		t->oldest = g;
}

static struct datagram *create(struct frag_table *t, const struct decoded *d, uint64_t hash, uint64_t number,
			       struct decode_tally *tally)
{
	const struct decode_fragment *fg = &d->frag;
	while (t->n_datagrams >= BOUND_FRAG_DATAGRAMS && t->oldest != NULL)
		drop(t, t->oldest, tally);
	struct datagram *g = calloc(1, sizeof *g);
	if (g == NULL)
		return NULL;
	g->hash = hash;
	g->family = fg->family;
	memcpy(g->src, fg->src, sizeof g->src);
	memcpy(g->dst, fg->dst, sizeof g->dst);
	g->id = fg->id;
	g->proto = fg->proto;
	g->what = d->skip_what;
	g->first_number = number;
	g->chain = t->buckets[hash % BUCKETS];
	t->buckets[hash % BUCKETS] = g;
	t->n_datagrams++;
	make_newest(t, g);
	return g;
}

/* Room for extra more bytes within the bound on all held, made from the oldest other
 * datagrams. */
static bool room(struct frag_table *t, const struct datagram *g, size_t extra, struct decode_tally *tally)
{
	while (t->bytes + extra > BOUND_FRAG_BYTES && t->oldest != NULL && t->oldest != g)
		drop(t, t->oldest, tally);
	return t->bytes + extra <= BOUND_FRAG_BYTES;
}

/* Grows g's buffer to hold end bytes, within the bound on all buffers. */
static bool reserve(struct frag_table *t, struct datagram *g, size_t end, struct decode_tally *tally)
{
	if (end <= g->cap)
		return true;
	size_t cap = g->cap ? g->cap : 2048;
	while (cap < end)
		cap *= 2;
	if (cap > DATAGRAM_MAX)
		cap = DATAGRAM_MAX;
	if (!room(t, g, cap - g->cap, tally))
		return false;
	uint8_t *buf = realloc(g->buf, cap);
	if (buf == NULL)
		return false;
	t->bytes += cap - g->cap;
	g->buf = buf;
	g->cap = cap;
	return true;
}

static bool unit_held(const struct datagram *g, size_t u) { return (g->held[u / 8] >> (u % 8)) & 1; }

static bool whole(const struct datagram *g)
{
	if (g->total == 0 || !g->have_first)
		return false;
	for (size_t u = 0; u < (g->total + 7) / 8; u++)
		if (!unit_held(g, u))
			return false;
	return true;
}

/* Keeps a copy of the fragment's frame in g, within the bound on all held. */
static bool keep_frame(struct frag_table *t, struct datagram *g, double ts, const uint8_t *frame, size_t caplen,
		       size_t wirelen, struct decode_tally *tally)
{
	if (frame == NULL || caplen > UINT32_MAX || wirelen > UINT32_MAX || !room(t, g, caplen, tally))
		return false;
	struct frag_frame *k = malloc(sizeof *k + caplen);
	if (k == NULL)
		return false;
	k->next = NULL;
	k->ts = ts;
	k->caplen = (uint32_t)caplen;
	k->wirelen = (uint32_t)wirelen;
	memcpy(k->data, frame, caplen); // reader-lint: a copy of the whole frame, for -w
	if (g->frames_tail != NULL)
		g->frames_tail->next = k;
	else
		g->frames = k;
	g->frames_tail = k;
	g->frames_bytes += caplen;
	t->bytes += caplen;
	return true;
}

enum frag_result frag_add(struct frag_table *t, const struct decoded *d, double ts, uint64_t number,
			  const uint8_t *frame, size_t caplen, size_t wirelen, struct decode_tally *tally,
			  struct frag_datagram *out)
{
	release_done(t);
	const struct decode_fragment *fg = &d->frag;
	if (!d->is_fragment || !carries_tcp(fg->proto))
		return FRAG_NOT_TAKEN;
	uint64_t hash = key_hash(t, fg);
	struct datagram *g = find(t, fg, hash);
	size_t end = (size_t)fg->offset + fg->len;
	/* A fragment that cannot be part of a datagram: past 64 KB (the "ping of death"),
	 * an inner piece not a multiple of 8 bytes, or one the snap length cut. */
	bool broken = end > DATAGRAM_MAX || (fg->more && fg->len % 8 != 0) || fg->cut;
	if (g == NULL) {
		if (broken)
			return FRAG_NOT_TAKEN;
		if ((g = create(t, d, hash, number, tally)) == NULL)
			return FRAG_NOT_TAKEN;
	}
	g->n_fragments++;
	g->last_ts = ts;
	make_newest(t, g);
	/* A last fragment must end where an earlier last one did, and after every byte an
	 * earlier fragment brought; no fragment may pass the end a last one gave. */
	bool contradicts = !fg->more ? (g->total != 0 && end != g->total) || end < g->max_end
				     : g->total != 0 && end > g->total;
	if (broken || contradicts || !reserve(t, g, end, tally) ||
	    (t->keep_frames && !keep_frame(t, g, ts, frame, caplen, wirelen, tally))) {
		/* Contradicting lengths, or no room: the datagram cannot be completed. */
		drop(t, g, tally);
		return FRAG_HELD;
	}
	if (!fg->more)
		g->total = end;
	if (end > g->max_end)
		g->max_end = end;
	bool overlap = false;
	for (size_t at = fg->offset; at < end;) {
		size_t u = at / 8, unit_end = (u + 1) * 8 < end ? (u + 1) * 8 : end;
		if (unit_held(g, u)) {
			overlap = true; /* the first copy stays */
		} else {
			memcpy(g->buf + at, fg->data + (at - fg->offset), unit_end - at); // reader-lint: within the fragment's decoded bytes
			/* A last unit shorter than 8 bytes is held only at the datagram's end. */
			if (unit_end - u * 8 == 8 || unit_end == end)
				g->held[u / 8] |= (uint8_t)(1u << (u % 8));
		}
		at = unit_end;
	}
	if (overlap)
		t->stats.overlaps++;
	if (fg->offset == 0 && !g->have_first) {
		g->have_first = true;
		g->first = *d;
		/* Only its context is kept: the views into its frame are gone after this call. */
		g->first.payload = NULL;
		g->first.payload_len = g->first.payload_wire_len = 0;
		g->first.frag.data = NULL;
		g->first.frag.len = 0;
	}
	if (!whole(g))
		return FRAG_HELD;
	unlink_datagram(t, g);
	t->done = g;
	t->stats.datagrams++;
	t->stats.fragments += g->n_fragments;
	out->payload = g->buf;
	out->len = g->total;
	out->first = &g->first;
	out->n_fragments = g->n_fragments;
	out->frames = g->frames;
	return FRAG_COMPLETE;
}
