/*
 * test_frag.c — unit tests of IP fragment reassembly (include/frag.h, src/frag.c) and of
 * decode_reassembled (include/decode.h).
 *
 * Every fragment here is built by hand, byte by byte: an IPv4 or IPv6 header (with its
 * fragment header) around a slice of a datagram whose payload is a TCP segment, or a
 * UDP/VXLAN datagram carrying an Ethernet frame with a TCP segment inside. Each frame
 * goes through decode_frame first, as in the pipeline, so the fragment description
 * under test is decode's own. The tests pin the contract: any arrival order gives the
 * same datagram; duplicates and overlaps keep the first copy; the bounds on datagrams
 * (BOUND_FRAG_DATAGRAMS) and bytes (BOUND_FRAG_BYTES) and the timeout
 * (BOUND_FRAG_SECONDS) drop the oldest datagram; fragments that cannot belong to a
 * datagram (past 64 KB, an inner piece not a multiple of 8 bytes, a last fragment
 * contradicting what came before, a piece cut by the snap length) are not reassembled,
 * and the fragments of every datagram dropped are counted in the tally; with
 * keep_frames, a completed datagram lists every fragment's frame (for -w).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bounds.h"
#include "decode.h"
#include "frag.h"

/* ---- datagram and frame building ---- */

/* Large enough for a fragment of the largest datagram and its headers. */
#define FRAME_MAX (70 * 1024)

struct frame {
	uint8_t *b;
	size_t n;
};

static void frame_init(struct frame *f)
{
	if (f->b == NULL) {
		f->b = malloc(FRAME_MAX);
		assert_non_null(f->b);
	}
	f->n = 0;
}

static void put8(struct frame *f, unsigned v)
{
	assert_true(f->n < FRAME_MAX);
	f->b[f->n++] = (uint8_t)v;
}

static void put16(struct frame *f, unsigned v)
{
	put8(f, (v >> 8) & 0xff);
	put8(f, v & 0xff);
}

static void put32(struct frame *f, uint32_t v)
{
	put16(f, (unsigned)(v >> 16));
	put16(f, (unsigned)(v & 0xffff));
}

static void putn(struct frame *f, const uint8_t *p, size_t n)
{
	assert_true(f->n + n <= FRAME_MAX);
	if (n > 0)
		memcpy(f->b + f->n, p, n);
	f->n += n;
}

static const uint8_t SRC4[4] = { 198, 18, 0, 2 };
static const uint8_t DST4[4] = { 198, 18, 1, 2 };
static const uint8_t IN_SRC4[4] = { 198, 19, 0, 2 };
static const uint8_t IN_DST4[4] = { 198, 19, 0, 3 };
static const uint8_t SRC6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02 };
static const uint8_t DST6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02 };

#define SPORT 40001
#define DPORT 443
#define SEQ 0x01020304u
#define TTL 63
#define IP_ID 0x4242

/* A datagram's IP payload: a TCP header and len bytes of data (a byte pattern that
 * tells every position apart). */
struct datagram {
	uint8_t b[65535];
	size_t n;
	size_t data_at;     /* where the TCP payload starts */
};

static void put_tcp_segment(struct frame *f, size_t data_len)
{
	put16(f, SPORT);
	put16(f, DPORT);
	put32(f, SEQ);
	put32(f, 0);
	put8(f, 5 << 4);
	put8(f, TCP_PSH | TCP_ACK);
	put16(f, 64240);
	put16(f, 0);
	put16(f, 0);
	for (size_t i = 0; i < data_len; i++)
		put8(f, (unsigned)((i * 7 + i / 251) & 0xff));
}

static struct datagram *tcp_datagram(size_t data_len)
{
	struct datagram *g = calloc(1, sizeof *g);
	assert_non_null(g);
	struct frame f = { 0 };
	frame_init(&f);
	put_tcp_segment(&f, data_len);
	memcpy(g->b, f.b, f.n);
	g->n = f.n;
	g->data_at = 20;
	free(f.b);
	return g;
}

/* UDP to port 4789, VXLAN (VNI 42), Ethernet, IPv4 (IN_SRC4 -> IN_DST4), TCP + data. */
static struct datagram *vxlan_datagram(size_t data_len)
{
	struct datagram *g = calloc(1, sizeof *g);
	assert_non_null(g);
	struct frame f = { 0 };
	frame_init(&f);
	size_t inner_ip = 20 + 20 + data_len;
	put16(&f, 49152);
	put16(&f, 4789);
	put16(&f, (unsigned)(8 + 8 + 14 + inner_ip));
	put16(&f, 0);
	put32(&f, 0x08000000u);
	put32(&f, 42u << 8);
	static const uint8_t macs[12] = { 0x02, 0, 0, 0, 0xf0, 0x03, 0x02, 0, 0, 0, 0xf0, 0x02 };
	putn(&f, macs, 12);
	put16(&f, 0x0800);
	put8(&f, 0x45);
	put8(&f, 0);
	put16(&f, (unsigned)inner_ip);
	put16(&f, 7);
	put16(&f, 0x4000);
	put8(&f, 64);
	put8(&f, 6);
	put16(&f, 0);
	putn(&f, IN_SRC4, 4);
	putn(&f, IN_DST4, 4);
	size_t at = f.n;
	put_tcp_segment(&f, data_len);
	memcpy(g->b, f.b, f.n);
	g->n = f.n;
	g->data_at = at + 20;
	free(f.b);
	return g;
}

/* Options of one fragment frame. */
struct piece {
	int family;              /* 4 or 6 */
	uint32_t id;
	uint8_t proto;           /* what the datagram carries */
	bool vlan;               /* in an Ethernet frame with an 802.1Q tag (else raw IP) */
};

/*
 * The frame of one fragment: bytes [offset, offset + len) of the datagram payload src
 * (src may be NULL for a piece that is all zeros), more fragments following or not.
 */
static void build_piece(struct frame *f, const struct piece *pc, const uint8_t *src, size_t offset, size_t len,
			bool more)
{
	frame_init(f);
	if (pc->vlan) {
		static const uint8_t macs[12] = { 0x02, 0, 0, 0, 1, 2, 0x02, 0, 0, 0, 1, 1 };
		putn(f, macs, 12);
		put16(f, 0x8100);
		put16(f, 100);
		put16(f, pc->family == 4 ? 0x0800 : 0x86dd);
	}
	if (pc->family == 4) {
		assert_true(offset % 8 == 0 && offset / 8 < 0x2000);
		put8(f, 0x45);
		put8(f, 0);
		put16(f, (unsigned)(20 + len) > 0xffff ? 0xffff : (unsigned)(20 + len));
		put16(f, pc->id & 0xffff);
		put16(f, (unsigned)(offset / 8) | (more ? 0x2000u : 0u));
		put8(f, TTL);
		put8(f, pc->proto);
		put16(f, 0);
		putn(f, SRC4, 4);
		putn(f, DST4, 4);
	} else {
		assert_true(offset % 8 == 0 && offset < 0x10000);
		put32(f, 0x60000000u);
		put16(f, (unsigned)(8 + len));
		put8(f, 44);
		put8(f, TTL);
		putn(f, SRC6, 16);
		putn(f, DST6, 16);
		put8(f, pc->proto);
		put8(f, 0);
		put16(f, (unsigned)offset | (more ? 1u : 0u));
		put32(f, pc->id);
	}
	if (src != NULL) {
		putn(f, src + offset, len);
	} else {
		for (size_t i = 0; i < len; i++)
			put8(f, 0);
	}
}

/* ---- feeding the table ---- */

struct result {
	enum frag_result res;
	const uint8_t *payload;
	size_t len;
	const struct decoded *first;
	uint32_t n_fragments;
	const struct frag_frame *frames;
};

/* Decodes the frame (caplen of its bytes captured) and hands the fragment to t. */
static struct result add_frame(struct frag_table *t, const struct piece *pc, const struct frame *f, size_t caplen,
			       double ts, struct decode_tally *tally)
{
	struct decoded d;
	const char *why = NULL;
	int link = pc->vlan ? LINK_ETHERNET : LINK_RAW;
	assert_int_equal(decode_frame(link, f->b, caplen, f->n, &d, &why), DECODE_SKIP);
	assert_true(d.is_fragment);
	assert_int_equal(d.skip, DECODE_REASON_FRAGMENT);
	struct result r = { 0 };
	struct frag_datagram done = { 0 };
	r.res = frag_add(t, &d, ts, 1, f->b, caplen, f->n, tally, &done);
	if (r.res == FRAG_COMPLETE) {
		r.payload = done.payload;
		r.len = done.len;
		r.first = done.first;
		r.n_fragments = done.n_fragments;
		r.frames = done.frames;
	}
	return r;
}

static struct result add(struct frag_table *t, const struct piece *pc, const uint8_t *src, size_t offset, size_t len,
			 bool more, double ts, struct decode_tally *tally)
{
	struct frame f = { 0 };
	build_piece(&f, pc, src, offset, len, more);
	struct result r = add_frame(t, pc, &f, f.n, ts, tally);
	free(f.b);
	return r;
}

static const struct piece TCP4 = { .family = 4, .id = IP_ID, .proto = 6 };
static const struct piece TCP6 = { .family = 6, .id = 0x8badf00du, .proto = 6 };

/* The reassembled datagram decodes to the TCP segment of g. */
static void check_tcp(const struct result *r, const struct datagram *g, int family)
{
	assert_int_equal(r->res, FRAG_COMPLETE);
	assert_int_equal(r->len, g->n);
	assert_memory_equal(r->payload, g->b, g->n);
	struct decoded d;
	const char *why = "unset";
	assert_int_equal(decode_reassembled(NULL, r->first, r->payload, r->len, &d, &why), DECODE_TCP);
	assert_null(why);
	assert_false(d.is_fragment);
	assert_false(d.tunnelled);
	assert_int_equal(d.src.family, family);
	assert_memory_equal(d.src.addr, family == 4 ? SRC4 : SRC6, family == 4 ? 4 : 16);
	assert_memory_equal(d.dst.addr, family == 4 ? DST4 : DST6, family == 4 ? 4 : 16);
	assert_int_equal(d.src.port, SPORT);
	assert_int_equal(d.dst.port, DPORT);
	assert_true(d.seq == SEQ);
	assert_int_equal(d.ttl, TTL);
	assert_int_equal(d.has_ip_id, family == 4);
	assert_int_equal(d.payload_len, g->n - g->data_at);
	assert_int_equal(d.payload_wire_len, g->n - g->data_at);
	assert_false(d.cut);
	assert_memory_equal(d.payload, g->b + g->data_at, d.payload_len);
}

static struct frag_table *table(void)
{
	struct frag_table *t = frag_new(false);
	assert_non_null(t);
	return t;
}

/* ---- every order ---- */

#define PIECE 96 /* bytes of every fragment but the last: a multiple of 8 */

/* The datagram g cut into pieces of PIECE bytes, added in the order given (indexes of
 * pieces); the last addition completes it, none before. */
static void add_in_order(const struct piece *pc, const struct datagram *g, const size_t *order, size_t n_pieces,
			 int family)
{
	struct frag_table *t = table();
	struct decode_tally tally = { 0 };
	struct result r = { 0 };
	for (size_t i = 0; i < n_pieces; i++) {
		size_t at = order[i] * PIECE;
		size_t len = g->n - at < PIECE ? g->n - at : PIECE;
		r = add(t, pc, g->b, at, len, at + len < g->n, (double)i, &tally);
		if (i + 1 < n_pieces)
			assert_int_equal(r.res, FRAG_HELD);
	}
	check_tcp(&r, g, family);
	assert_int_equal(r.n_fragments, n_pieces);
	assert_int_equal(frag_stats(t)->datagrams, 1);
	assert_int_equal(frag_stats(t)->fragments, n_pieces);
	assert_int_equal(frag_stats(t)->dropped, 0);
	assert_int_equal(frag_stats(t)->overlaps, 0);
	assert_int_equal(decode_tally_total(&tally), 0);
	/* The datagram is out of the table: nothing is left to expire. */
	frag_expire(t, -1, &tally);
	assert_int_equal(decode_tally_total(&tally), 0);
	assert_int_equal(frag_memory(t), 0);
	frag_free(t);
}

static void every_order(const struct piece *pc, int family)
{
	struct datagram *g = tcp_datagram(1400 - 20);
	size_t n = (g->n + PIECE - 1) / PIECE;
	size_t order[64] = { 0 };
	assert_true(n <= 64);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	add_in_order(pc, g, order, n, family);
	for (size_t i = 0; i < n; i++)
		order[i] = n - 1 - i;
	add_in_order(pc, g, order, n, family);
	/* Shuffled: a fixed sequence of swaps (Fisher-Yates with a small LCG), a few times. */
	uint32_t x = 12345;
	for (int round = 0; round < 8; round++) {
		for (size_t i = 0; i < n; i++)
			order[i] = i;
		for (size_t i = n - 1; i > 0; i--) {
			x = x * 1103515245u + 12345u;
			size_t j = (x >> 8) % (i + 1);
			size_t tmp = order[i];
			order[i] = order[j];
			order[j] = tmp;
		}
		add_in_order(pc, g, order, n, family);
	}
	free(g);
}

static void test_ipv4_every_order(void **state)
{
	(void)state;
	every_order(&TCP4, 4);
}

static void test_ipv6_every_order(void **state)
{
	(void)state;
	every_order(&TCP6, 6);
}

/* The last fragment first: its end gives the length, the rest fills it in. */
static void test_last_fragment_first(void **state)
{
	(void)state;
	struct datagram *g = tcp_datagram(300);
	for (int family = 4; family <= 6; family += 2) {
		const struct piece *pc = family == 4 ? &TCP4 : &TCP6;
		struct frag_table *t = table();
		struct decode_tally tally = { 0 };
		assert_int_equal(add(t, pc, g->b, 256, g->n - 256, false, 0, &tally).res, FRAG_HELD);
		assert_int_equal(add(t, pc, g->b, 0, 128, true, 0, &tally).res, FRAG_HELD);
		struct result r = add(t, pc, g->b, 128, 128, true, 0, &tally);
		check_tcp(&r, g, family);
		assert_int_equal(decode_tally_total(&tally), 0);
		frag_free(t);
	}
	free(g);
}

/* ---- duplicates and overlaps ---- */

static void test_duplicates_first_copy_wins(void **state)
{
	(void)state;
	struct datagram *g = tcp_datagram(300);
	struct frag_table *t = table();
	struct decode_tally tally = { 0 };
	/* The second piece twice, the copy with other bytes: the first copy stays. */
	uint8_t *other = malloc(g->n);
	assert_non_null(other);
	memset(other, 0xee, g->n);
	assert_int_equal(add(t, &TCP4, g->b, 0, 128, true, 0, &tally).res, FRAG_HELD);
	assert_int_equal(add(t, &TCP4, g->b, 128, 128, true, 0, &tally).res, FRAG_HELD);
	assert_int_equal(add(t, &TCP4, other, 128, 128, true, 0, &tally).res, FRAG_HELD);
	/* The first piece again, the same bytes. */
	assert_int_equal(add(t, &TCP4, g->b, 0, 128, true, 0, &tally).res, FRAG_HELD);
	struct result r = add(t, &TCP4, g->b, 256, g->n - 256, false, 0, &tally);
	check_tcp(&r, g, 4);
	assert_int_equal(r.n_fragments, 5);
	assert_int_equal(frag_stats(t)->overlaps, 2);
	assert_int_equal(frag_stats(t)->fragments, 5);
	assert_int_equal(decode_tally_total(&tally), 0);
	frag_free(t);
	free(other);
	free(g);
}

static void test_overlaps_first_copy_wins(void **state)
{
	(void)state;
	struct datagram *g = tcp_datagram(500);
	uint8_t *other = malloc(g->n);
	assert_non_null(other);
	memset(other, 0xee, g->n);
	for (int family = 4; family <= 6; family += 2) {
		const struct piece *pc = family == 4 ? &TCP4 : &TCP6;
		struct frag_table *t = table();
		struct decode_tally tally = { 0 };
		/* [0,160) and [320,end) right; then [80,400) of other bytes overlapping both
		 * ends, its middle [160,320) filling the hole: only that middle may be used.
		 * The hole's bytes come from the overlapping piece, so the original's must
		 * be what the overlapping piece carries there. */
		memcpy(other + 160, g->b + 160, 160);
		assert_int_equal(add(t, pc, g->b, 0, 160, true, 0, &tally).res, FRAG_HELD);
		assert_int_equal(add(t, pc, g->b, 320, g->n - 320, false, 0, &tally).res, FRAG_HELD);
		struct result r = add(t, pc, other, 80, 320, true, 0, &tally);
		check_tcp(&r, g, family);
		assert_int_equal(frag_stats(t)->overlaps, 1);
		frag_free(t);
		memset(other, 0xee, g->n);
	}
	/* A piece wholly inside one held: changes nothing. */
	struct frag_table *t = table();
	struct decode_tally tally = { 0 };
	assert_int_equal(add(t, &TCP4, g->b, 0, 256, true, 0, &tally).res, FRAG_HELD);
	assert_int_equal(add(t, &TCP4, other, 64, 64, true, 0, &tally).res, FRAG_HELD);
	struct result r = add(t, &TCP4, g->b, 256, g->n - 256, false, 0, &tally);
	check_tcp(&r, g, 4);
	assert_int_equal(frag_stats(t)->overlaps, 1);
	frag_free(t);
	free(other);
	free(g);
}

/* Fragments of two datagrams interleaved, told apart by their identification. */
static void test_datagrams_apart(void **state)
{
	(void)state;
	struct datagram *g1 = tcp_datagram(200), *g2 = tcp_datagram(300);
	struct piece p2 = TCP4;
	p2.id = IP_ID + 1;
	struct frag_table *t = table();
	struct decode_tally tally = { 0 };
	memset(g2->b + 20, 0x5a, g2->n - 20);
	assert_int_equal(add(t, &TCP4, g1->b, 0, 128, true, 0, &tally).res, FRAG_HELD);
	assert_int_equal(add(t, &p2, g2->b, 0, 128, true, 0, &tally).res, FRAG_HELD);
	struct result r = add(t, &p2, g2->b, 128, g2->n - 128, false, 0, &tally);
	check_tcp(&r, g2, 4);
	r = add(t, &TCP4, g1->b, 128, g1->n - 128, false, 0, &tally);
	check_tcp(&r, g1, 4);
	assert_int_equal(frag_stats(t)->datagrams, 2);
	frag_free(t);
	free(g1);
	free(g2);
}

/* ---- bounds and timeout ---- */

static void test_bound_datagrams(void **state)
{
	(void)state;
	struct datagram *g = tcp_datagram(200);
	struct frag_table *t = table();
	struct decode_tally tally = { 0 };
	struct piece pc = TCP6; /* IPv6: 32-bit identifications, room for them all */
	for (uint32_t id = 0; id < BOUND_FRAG_DATAGRAMS; id++) {
		pc.id = id;
		assert_int_equal(add(t, &pc, g->b, 0, 128, true, (double)id / 1000, &tally).res, FRAG_HELD);
	}
	assert_int_equal(decode_tally_total(&tally), 0);
	/* One more pushes the oldest (id 0) out, its fragment counted. */
	pc.id = BOUND_FRAG_DATAGRAMS;
	assert_int_equal(add(t, &pc, g->b, 0, 128, true, 2, &tally).res, FRAG_HELD);
	assert_int_equal(tally.n[DECODE_REASON_FRAGMENT], 1);
	assert_int_equal(frag_stats(t)->dropped, 1);
	/* id 0's second half now starts a datagram of its own that cannot complete... */
	pc.id = 0;
	assert_int_equal(add(t, &pc, g->b, 128, g->n - 128, false, 2, &tally).res, FRAG_HELD);
	/* ...which pushed out id 1; id 2 still completes. */
	assert_int_equal(tally.n[DECODE_REASON_FRAGMENT], 2);
	pc.id = 2;
	struct result r = add(t, &pc, g->b, 128, g->n - 128, false, 2, &tally);
	check_tcp(&r, g, 6);
	/* At the end every datagram left is dropped and counted. */
	frag_expire(t, -1, &tally);
	assert_int_equal(tally.n[DECODE_REASON_FRAGMENT], 2 + BOUND_FRAG_DATAGRAMS - 1);
	assert_int_equal(frag_stats(t)->dropped, 2 + BOUND_FRAG_DATAGRAMS - 1);
	assert_int_equal(frag_memory(t), 0);
	frag_free(t);
	free(g);
}

static void test_bound_bytes(void **state)
{
	(void)state;
	struct frag_table *t = table();
	struct decode_tally tally = { 0 };
	struct piece pc = TCP6;
	/* A piece near 64 KB makes its datagram's buffer the largest there is: the bound
	 * holds this many of them. */
	const size_t far = 65520, most = BOUND_FRAG_BYTES / 65535;
	for (uint32_t id = 0; id < most; id++) {
		pc.id = id;
		assert_int_equal(add(t, &pc, NULL, far, 8, true, 0, &tally).res, FRAG_HELD);
	}
	assert_int_equal(decode_tally_total(&tally), 0);
	assert_true(frag_memory(t) >= most * 65535);
	pc.id = (uint32_t)most;
	assert_int_equal(add(t, &pc, NULL, far, 8, true, 0, &tally).res, FRAG_HELD);
	assert_int_equal(tally.n[DECODE_REASON_FRAGMENT], 1);
	assert_int_equal(frag_stats(t)->dropped, 1);
	/* The buffers stay within the bound. */
	assert_true(frag_memory(t) <= BOUND_FRAG_BYTES + (most + 1) * 16384);
	/* The one pushed out was the oldest (id 0): id 1 is still held, a piece of it
	 * pushes nothing out. */
	pc.id = 1;
	assert_int_equal(add(t, &pc, NULL, 0, 8, true, 0, &tally).res, FRAG_HELD);
	assert_int_equal(tally.n[DECODE_REASON_FRAGMENT], 1);
	frag_expire(t, -1, &tally);
	assert_int_equal(tally.n[DECODE_REASON_FRAGMENT], 1 + most + 1);
	frag_free(t);
}

static void test_timeout(void **state)
{
	(void)state;
	struct datagram *g = tcp_datagram(200);
	struct frag_table *t = table();
	struct decode_tally tally = { 0 };
	struct piece p2 = TCP4;
	p2.id = IP_ID + 1;
	assert_int_equal(add(t, &TCP4, g->b, 0, 128, true, 100, &tally).res, FRAG_HELD);
	assert_int_equal(add(t, &p2, g->b, 0, 64, true, 100, &tally).res, FRAG_HELD);
	assert_int_equal(add(t, &p2, g->b, 64, 64, true, 120, &tally).res, FRAG_HELD);
	/* Within the timeout: both stay. */
	frag_expire(t, 100 + BOUND_FRAG_SECONDS - 1, &tally);
	assert_int_equal(decode_tally_total(&tally), 0);
	/* Past it for the first only (the second had a fragment at 120). */
	frag_expire(t, 100 + BOUND_FRAG_SECONDS + 1, &tally);
	assert_int_equal(tally.n[DECODE_REASON_FRAGMENT], 1);
	assert_int_equal(tally.kind[DECODE_REASON_FRAGMENT][0].n, 1);
	assert_string_equal(tally.kind[DECODE_REASON_FRAGMENT][0].what, "IPv4");
	/* The first's last piece now comes too late: a datagram of its own. */
	assert_int_equal(add(t, &TCP4, g->b, 128, g->n - 128, false, 131, &tally).res, FRAG_HELD);
	/* The second completes. */
	struct result r = add(t, &p2, g->b, 128, g->n - 128, false, 131, &tally);
	check_tcp(&r, g, 4);
	frag_expire(t, 131 + BOUND_FRAG_SECONDS + 1, &tally);
	assert_int_equal(tally.n[DECODE_REASON_FRAGMENT], 2);
	assert_int_equal(frag_stats(t)->dropped, 2);
	assert_int_equal(frag_stats(t)->datagrams, 1);
	frag_free(t);
	free(g);
}

/* ---- hostile fragments ---- */

/* A lone fragment that cannot be part of a datagram is not taken; after a good one of
 * the same datagram it drops the datagram, both counted. */
static void check_refused(const struct piece *pc, const uint8_t *src, size_t offset, size_t len, bool more)
{
	struct frag_table *t = table();
	struct decode_tally tally = { 0 };
	assert_int_equal(add(t, pc, src, offset, len, more, 0, &tally).res, FRAG_NOT_TAKEN);
	assert_int_equal(decode_tally_total(&tally), 0);
	assert_int_equal(add(t, pc, src, 0, 64, true, 0, &tally).res, FRAG_HELD);
	assert_int_equal(add(t, pc, src, offset, len, more, 0, &tally).res, FRAG_HELD);
	assert_int_equal(tally.n[DECODE_REASON_FRAGMENT], 2);
	assert_int_equal(frag_stats(t)->dropped, 2);
	frag_expire(t, -1, &tally);
	assert_int_equal(tally.n[DECODE_REASON_FRAGMENT], 2);
	assert_int_equal(frag_memory(t), 0);
	frag_free(t);
}

static void test_past_64k(void **state)
{
	(void)state;
	/* The "ping of death": offset + length past 65535. */
	check_refused(&TCP4, NULL, 65528, 16, false);
	check_refused(&TCP6, NULL, 65528, 16, false);
	check_refused(&TCP6, NULL, 65000, 1000, true);
	/* Ending at 65535 exactly is allowed. */
	struct frag_table *t = table();
	struct decode_tally tally = { 0 };
	assert_int_equal(add(t, &TCP6, NULL, 65528, 7, false, 0, &tally).res, FRAG_HELD);
	frag_free(t);
}

static void test_inner_not_multiple_of_8(void **state)
{
	(void)state;
	struct datagram *g = tcp_datagram(300);
	check_refused(&TCP4, g->b, 128, 100, true);
	check_refused(&TCP6, g->b, 128, 7, true);
	free(g);
}

static void test_last_fragment_contradicts(void **state)
{
	(void)state;
	struct datagram *g = tcp_datagram(500);
	for (int family = 4; family <= 6; family += 2) {
		const struct piece *pc = family == 4 ? &TCP4 : &TCP6;
		struct frag_table *t = table();
		struct decode_tally tally = { 0 };
		/* Two last fragments ending apart. */
		assert_int_equal(add(t, pc, g->b, 256, g->n - 256, false, 0, &tally).res, FRAG_HELD);
		assert_int_equal(add(t, pc, g->b, 128, 100, false, 0, &tally).res, FRAG_HELD);
		assert_int_equal(tally.n[DECODE_REASON_FRAGMENT], 2);
		/* A piece past the end a last fragment gave. */
		assert_int_equal(add(t, pc, g->b, 256, 100, false, 0, &tally).res, FRAG_HELD);
		assert_int_equal(add(t, pc, g->b, 384, 128, true, 0, &tally).res, FRAG_HELD);
		assert_int_equal(tally.n[DECODE_REASON_FRAGMENT], 4);
		/* A last fragment ending before bytes already held: [0,128) and [256,384)
		 * held, then a "last" one [128,200) that would complete a datagram without
		 * the bytes at 256. */
		assert_int_equal(add(t, pc, g->b, 0, 128, true, 0, &tally).res, FRAG_HELD);
		assert_int_equal(add(t, pc, g->b, 256, 128, true, 0, &tally).res, FRAG_HELD);
		assert_int_equal(add(t, pc, g->b, 128, 72, false, 0, &tally).res, FRAG_HELD);
		assert_int_equal(tally.n[DECODE_REASON_FRAGMENT], 7);
		assert_int_equal(frag_stats(t)->datagrams, 0);
		assert_int_equal(frag_stats(t)->dropped, 7);
		frag_expire(t, -1, &tally);
		assert_int_equal(tally.n[DECODE_REASON_FRAGMENT], 7);
		frag_free(t);
	}
	free(g);
}

static void test_zero_length_fragments(void **state)
{
	(void)state;
	struct datagram *g = tcp_datagram(200);
	struct frag_table *t = table();
	struct decode_tally tally = { 0 };
	/* Empty pieces, first and inner: held, they add no byte. */
	assert_int_equal(add(t, &TCP4, g->b, 0, 0, true, 0, &tally).res, FRAG_HELD);
	assert_int_equal(add(t, &TCP4, g->b, 128, 0, true, 0, &tally).res, FRAG_HELD);
	assert_int_equal(add(t, &TCP4, g->b, 128, g->n - 128, false, 0, &tally).res, FRAG_HELD);
	struct result r = add(t, &TCP4, g->b, 0, 128, true, 0, &tally);
	check_tcp(&r, g, 4);
	assert_int_equal(r.n_fragments, 4);
	frag_free(t);
	/* An empty last piece gives the datagram's length; without its first piece the
	 * datagram never completes and is counted when dropped. */
	t = table();
	assert_int_equal(add(t, &TCP4, g->b, 8, 0, false, 0, &tally).res, FRAG_HELD);
	frag_expire(t, -1, &tally);
	assert_int_equal(tally.n[DECODE_REASON_FRAGMENT], 1);
	frag_free(t);
	free(g);
}

static void test_cut_by_snap_length(void **state)
{
	(void)state;
	struct datagram *g = tcp_datagram(300);
	for (int family = 4; family <= 6; family += 2) {
		const struct piece *pc = family == 4 ? &TCP4 : &TCP6;
		struct frag_table *t = table();
		struct decode_tally tally = { 0 };
		struct frame f = { 0 };
		build_piece(&f, pc, g->b, 128, 128, true);
		/* Alone: not taken. */
		assert_int_equal(add_frame(t, pc, &f, f.n - 10, 0, &tally).res, FRAG_NOT_TAKEN);
		/* After a good piece: the datagram goes, both counted. */
		assert_int_equal(add(t, pc, g->b, 0, 128, true, 0, &tally).res, FRAG_HELD);
		assert_int_equal(add_frame(t, pc, &f, f.n - 10, 0, &tally).res, FRAG_HELD);
		assert_int_equal(tally.n[DECODE_REASON_FRAGMENT], 2);
		/* The same piece whole, with the rest: a datagram again. */
		assert_int_equal(add(t, pc, g->b, 0, 128, true, 0, &tally).res, FRAG_HELD);
		assert_int_equal(add_frame(t, pc, &f, f.n, 0, &tally).res, FRAG_HELD);
		struct result r = add(t, pc, g->b, 256, g->n - 256, false, 0, &tally);
		check_tcp(&r, g, family);
		free(f.b);
		frag_free(t);
	}
	free(g);
}

/* Only datagrams that can carry TCP are held: ICMP fragments are left to decode. */
static void test_not_carrying_tcp(void **state)
{
	(void)state;
	struct piece icmp = TCP4;
	icmp.proto = 1;
	struct frag_table *t = table();
	struct decode_tally tally = { 0 };
	assert_int_equal(add(t, &icmp, NULL, 0, 64, true, 0, &tally).res, FRAG_NOT_TAKEN);
	assert_int_equal(frag_memory(t), 0);
	frag_free(t);
}

/* With keep_frames, the completed datagram lists every fragment's frame as captured
 * (for -w), duplicates too, in the order they came. */
static void test_kept_frames(void **state)
{
	(void)state;
	struct datagram *g = tcp_datagram(300);
	struct frag_table *t = frag_new(true);
	assert_non_null(t);
	struct decode_tally tally = { 0 };
	static const size_t at[4] = { 256, 128, 128, 0 };
	struct result r = { 0 };
	for (int i = 0; i < 4; i++) {
		size_t len = at[i] == 256 ? g->n - 256 : 128;
		r = add(t, &TCP6, g->b, at[i], len, at[i] != 256, 10 + i, &tally);
		if (i < 3) {
			assert_int_equal(r.res, FRAG_HELD);
			/* The frames count within the table's bytes. */
			assert_true(frag_memory(t) >= (size_t)(i + 1) * 48);
		}
	}
	check_tcp(&r, g, 6);
	assert_int_equal(r.n_fragments, 4);
	int n = 0;
	for (const struct frag_frame *k = r.frames; k != NULL; k = k->next, n++) {
		size_t len = at[n] == 256 ? g->n - 256 : 128;
		assert_true(k->ts == 10 + n);
		assert_int_equal(k->caplen, 40 + 8 + len);
		assert_int_equal(k->wirelen, k->caplen);
		assert_int_equal(k->data[0] >> 4, 6);
		assert_memory_equal(k->data + 48, g->b + at[n], len);
	}
	assert_int_equal(n, 4);
	/* Released at the next call. */
	frag_expire(t, -1, &tally);
	assert_int_equal(frag_memory(t), 0);
	assert_int_equal(decode_tally_total(&tally), 0);
	frag_free(t);
	/* Without keep_frames: none. */
	t = table();
	assert_int_equal(add(t, &TCP6, g->b, 0, 128, true, 0, &tally).res, FRAG_HELD);
	r = add(t, &TCP6, g->b, 128, g->n - 128, false, 0, &tally);
	check_tcp(&r, g, 6);
	assert_null(r.frames);
	frag_free(t);
	free(g);
}

/* ---- through a tunnel ---- */

/*
 * A UDP/VXLAN datagram cut in two by the outer IP, the inner frame a TCP segment. The
 * first fragment is in a VLAN-tagged Ethernet frame, the second (arriving first) in a
 * raw one: the datagram's encapsulations are those of its first fragment, then what the
 * reassembled payload holds; its outer addresses the first fragment's.
 */
static void tunnel(int family)
{
	struct datagram *g = vxlan_datagram(1200);
	struct piece first = { .family = family, .id = 99, .proto = 17, .vlan = true };
	struct piece second = first;
	second.vlan = false;
	struct frag_table *t = table();
	struct decode_tally tally = { 0 };
	assert_int_equal(add(t, &second, g->b, 800, g->n - 800, false, 0, &tally).res, FRAG_HELD);
	struct result r = add(t, &first, g->b, 0, 800, true, 0, &tally);
	assert_int_equal(r.res, FRAG_COMPLETE);
	assert_int_equal(r.len, g->n);
	struct decoded d;
	const char *why = "unset";
	assert_int_equal(decode_reassembled(NULL, r.first, r.payload, r.len, &d, &why), DECODE_TCP);
	assert_null(why);
	assert_true(d.tunnelled);
	assert_int_equal(d.n_encap, 2);
	assert_int_equal(d.encap[0], ENCAP_VLAN);
	assert_int_equal(d.encap[1], ENCAP_VXLAN);
	assert_int_equal(d.outer_src.family, family);
	assert_memory_equal(d.outer_src.addr, family == 4 ? SRC4 : SRC6, family == 4 ? 4 : 16);
	assert_memory_equal(d.outer_dst.addr, family == 4 ? DST4 : DST6, family == 4 ? 4 : 16);
	assert_int_equal(d.src.family, 4);
	assert_memory_equal(d.src.addr, IN_SRC4, 4);
	assert_memory_equal(d.dst.addr, IN_DST4, 4);
	assert_int_equal(d.src.port, SPORT);
	assert_int_equal(d.dst.port, DPORT);
	assert_int_equal(d.ttl, 64);
	assert_true(d.has_ip_id);
	assert_int_equal(d.ip_id, 7);
	assert_int_equal(d.payload_len, 1200);
	assert_memory_equal(d.payload, g->b + g->data_at, 1200);
	/* Every prefix of the reassembled payload fails cleanly (a heap copy of exactly
	 * that size, for AddressSanitizer). */
	for (size_t n = 0; n < g->data_at; n++) {
		uint8_t *p = malloc(n ? n : 1);
		assert_non_null(p);
		memcpy(p, g->b, n);
		enum decode_result res = decode_reassembled(NULL, r.first, p, n, &d, &why);
		assert_int_equal(res, DECODE_BAD);
		assert_non_null(why);
		free(p);
	}
	frag_free(t);
	free(g);
}

static void test_tunnel_ipv4(void **state)
{
	(void)state;
	tunnel(4);
}

static void test_tunnel_ipv6(void **state)
{
	(void)state;
	tunnel(6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4_every_order),
		cmocka_unit_test(test_ipv6_every_order),
		cmocka_unit_test(test_last_fragment_first),
		cmocka_unit_test(test_duplicates_first_copy_wins),
		cmocka_unit_test(test_overlaps_first_copy_wins),
		cmocka_unit_test(test_datagrams_apart),
		cmocka_unit_test(test_bound_datagrams),
		cmocka_unit_test(test_bound_bytes),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_past_64k),
		cmocka_unit_test(test_inner_not_multiple_of_8),
		cmocka_unit_test(test_last_fragment_contradicts),
		cmocka_unit_test(test_zero_length_fragments),
		cmocka_unit_test(test_cut_by_snap_length),
		cmocka_unit_test(test_not_carrying_tcp),
		cmocka_unit_test(test_kept_frames),
		cmocka_unit_test(test_tunnel_ipv4),
		cmocka_unit_test(test_tunnel_ipv6),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
