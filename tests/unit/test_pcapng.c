/*
 * test_pcapng.c — unit tests of the pcapng reader (include/pcapng.h) and of the
 * Decryption Secrets Blocks it hands to dsb.h.
 *
 * The pcapng bytes are built here (sections in either byte order, interfaces of
 * different link types and timestamp resolutions, Enhanced, Simple and obsolete Packet
 * Blocks, Decryption Secrets Blocks, blocks of unknown types) and read back from a
 * memory stream. Hostile files: every prefix of a good file (the packets before the cut
 * come out, then an error unless the cut is at a block boundary), every block length
 * inflated and deflated, lengths of zero and of 4 GB, a byte-order magic of neither
 * order, packet lengths past their block, an interface never described.
 */
#define _GNU_SOURCE /* fmemopen */ // NOLINT(bugprone-reserved-identifier): a feature test macro
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dsb.h"
#include "keylog.h"
#include "pcapng.h"

struct bytes {
	uint8_t p[16384];
	size_t len;
	bool big_endian;
	size_t starts[64];       /* where each block starts */
	size_t n_blocks;
};

static void put32(struct bytes *b, uint32_t v)
{
	assert_true(b->len + 4 <= sizeof b->p);
	for (int i = 0; i < 4; i++)
		b->p[b->len++] = (uint8_t)(b->big_endian ? v >> (24 - 8 * i) : v >> (8 * i));
}

static void put16(struct bytes *b, uint16_t v)
{
	assert_true(b->len + 2 <= sizeof b->p);
	b->p[b->len++] = (uint8_t)(b->big_endian ? v >> 8 : v);
	b->p[b->len++] = (uint8_t)(b->big_endian ? v : v >> 8);
}

static void put_raw(struct bytes *b, const void *data, size_t n)
{
	assert_true(b->len + n + 3 <= sizeof b->p);
	memcpy(b->p + b->len, data, n);
	b->len += n;
	while (b->len % 4 != 0)
		b->p[b->len++] = 0;
}

/* A block: type, total length, body (padded to 4), total length. */
static void block(struct bytes *b, uint32_t type, const struct bytes *body)
{
	uint32_t total = (uint32_t)(12 + (body->len + 3) / 4 * 4);
	assert_true(b->n_blocks < sizeof b->starts / sizeof b->starts[0]);
	b->starts[b->n_blocks++] = b->len;
	put32(b, type);
	put32(b, total);
	put_raw(b, body->p, body->len);
	put32(b, total);
}

static void shb(struct bytes *b)
{
	struct bytes t = { .big_endian = b->big_endian };
	put32(&t, 0x1A2B3C4Du);
	put16(&t, 1);
	put16(&t, 0);
	put32(&t, 0xFFFFFFFFu); /* section length unknown */
	put32(&t, 0xFFFFFFFFu);
	block(b, 0x0A0D0D0Au, &t);
}

/* An interface; tsresol 0: none given (microseconds); tsoffset 0: none. */
static void idb(struct bytes *b, uint16_t linktype, uint32_t snaplen, uint8_t tsresol, int64_t tsoffset)
{
	struct bytes t = { .big_endian = b->big_endian };
	put16(&t, linktype);
	put16(&t, 0);
	put32(&t, snaplen);
	if (tsresol != 0) {
		put16(&t, 9);
		put16(&t, 1);
		uint8_t v = tsresol;
		put_raw(&t, &v, 1);
	}
	if (tsoffset != 0) {
		put16(&t, 14);
		put16(&t, 8);
		uint64_t u = (uint64_t)tsoffset;
		put32(&t, (uint32_t)(b->big_endian ? u >> 32 : u));
		put32(&t, (uint32_t)(b->big_endian ? u : u >> 32));
	}
	put16(&t, 0);
	put16(&t, 0);
	block(b, 0x00000001u, &t);
}

/* An Enhanced Packet Block of n bytes (each the byte fill) at time t (interface units). */
static void epb(struct bytes *b, uint32_t ifc, uint64_t t, size_t n, uint8_t fill)
{
	struct bytes t2 = { .big_endian = b->big_endian };
	put32(&t2, ifc);
	put32(&t2, (uint32_t)(t >> 32));
	put32(&t2, (uint32_t)t);
	put32(&t2, (uint32_t)n);
	put32(&t2, (uint32_t)n + 100); /* the wire had more */
	uint8_t frame[256];
	assert_true(n <= sizeof frame);
	memset(frame, fill, n);
	put_raw(&t2, frame, n);
	block(b, 0x00000006u, &t2);
}

static void spb(struct bytes *b, uint32_t wirelen, size_t n)
{
	struct bytes t = { .big_endian = b->big_endian };
	put32(&t, wirelen);
	uint8_t frame[256] = { 0 };
	assert_true(n <= sizeof frame);
	put_raw(&t, frame, n);
	block(b, 0x00000003u, &t);
}

static void opb(struct bytes *b, uint16_t ifc, uint64_t t, size_t n)
{
	struct bytes t2 = { .big_endian = b->big_endian };
	put16(&t2, ifc);
	put16(&t2, 0);
	put32(&t2, (uint32_t)(t >> 32));
	put32(&t2, (uint32_t)t);
	put32(&t2, (uint32_t)n);
	put32(&t2, (uint32_t)n);
	uint8_t frame[256] = { 0 };
	put_raw(&t2, frame, n);
	block(b, 0x00000002u, &t2);
}

static void dsb(struct bytes *b, uint32_t secrets_type, const char *text)
{
	struct bytes t = { .big_endian = b->big_endian };
	put32(&t, secrets_type);
	put32(&t, (uint32_t)strlen(text));
	put_raw(&t, text, strlen(text));
	block(b, 0x0000000Au, &t);
}

/* A block of a type the reader does not need (Interface Statistics). */
static void isb(struct bytes *b)
{
	struct bytes t = { .big_endian = b->big_endian };
	put32(&t, 0);
	put32(&t, 0);
	put32(&t, 0);
	block(b, 0x00000005u, &t);
}

/* What reading a file gave. */
struct got {
	size_t packets, secrets;
	int linktypes[16];
	uint32_t interfaces[16];
	double ts[16];
	size_t caplen[16], wirelen[16];
	uint8_t first_byte[16];
	enum pcapng_next last;
	char why[256];
	bool recognised;
	size_t keys;             /* connections found in TLS key log secrets */
	struct dsb_stats dsb;
};

static void read_all(const uint8_t *p, size_t len, struct got *g)
{
	memset(g, 0, sizeof *g);
	/* fmemopen of zero bytes is refused: an empty file is a file at its end. */
	static uint8_t none[1];
	FILE *fp = fmemopen(len > 0 ? (void *)p : none, len > 0 ? len : 1, "r");
	assert_non_null(fp);
	if (len == 0)
		assert_int_equal(fgetc(fp), 0);
	struct pcapng_reader *r = pcapng_open(fp);
	assert_non_null(r);
	struct keylog *kl = keylog_new();
	assert_non_null(kl);
	struct pcapng_packet pkt;
	struct pcapng_secrets sec;
	for (;;) {
		enum pcapng_next n = pcapng_next(r, &pkt, &sec);
		if (n == PCAPNG_PACKET) {
			if (g->packets < 16) {
				g->linktypes[g->packets] = pkt.linktype;
				g->interfaces[g->packets] = pkt.interface;
				g->ts[g->packets] = pkt.ts;
				g->caplen[g->packets] = pkt.caplen;
				g->wirelen[g->packets] = pkt.wirelen;
				g->first_byte[g->packets] = pkt.caplen > 0 ? pkt.data[0] : 0;
			}
			g->packets++;
			continue;
		}
		if (n == PCAPNG_SECRETS) {
			g->secrets++;
			dsb_take(kl, sec.type, sec.data, sec.len, &g->dsb);
			continue;
		}
		g->last = n;
		break;
	}
	/* Once ended, it stays ended. */
	assert_int_equal(pcapng_next(r, &pkt, &sec), g->last);
	if (g->last == PCAPNG_ERROR) {
		assert_non_null(pcapng_error(r));
		snprintf(g->why, sizeof g->why, "%s", pcapng_error(r));
	} else {
		assert_null(pcapng_error(r));
	}
	g->recognised = pcapng_recognised(r);
	g->keys = keylog_count(kl);
	keylog_free(kl);
	pcapng_close(r);
	fclose(fp);
}

#define LINE_A "CLIENT_RANDOM 0101010101010101010101010101010101010101010101010101010101010101 " \
	       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
#define LINE_B "CLIENT_HANDSHAKE_TRAFFIC_SECRET 0202020202020202020202020202020202020202020202020202020202020202 " \
	       "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"

/* Ethernet (1) in microseconds beside Linux cooked v2 (276) in nanoseconds with an
 * offset, secrets between the packets, a block of no interest in the middle. */
static void two_interfaces(struct bytes *b)
{
	shb(b);
	idb(b, 1, 262144, 0, 0);
	idb(b, 276, 65535, 9, 1000);
	dsb(b, DSB_SECRETS_TLS_KEYLOG, LINE_A);
	epb(b, 0, 1700000000123456ull, 60, 0x11);
	isb(b);
	epb(b, 1, 1700000000123456789ull, 80, 0x22);
	dsb(b, 0x57474B4Cu, "WireGuard keys are not TLS\n");
	dsb(b, DSB_SECRETS_TLS_KEYLOG, LINE_B);
	epb(b, 0, 1700000001000000ull, 0, 0);
}

static void check_two_interfaces(bool big_endian)
{
	struct bytes b = { .big_endian = big_endian };
	two_interfaces(&b);
	struct got g;
	read_all(b.p, b.len, &g);
	assert_int_equal(g.last, PCAPNG_END);
	assert_true(g.recognised);
	assert_int_equal(g.packets, 3);
	assert_int_equal(g.linktypes[0], 1);
	assert_int_equal(g.linktypes[1], 276);
	assert_int_equal(g.linktypes[2], 1);
	assert_int_equal(g.interfaces[1], 1);
	assert_int_equal(g.caplen[0], 60);
	assert_int_equal(g.wirelen[0], 160);
	assert_int_equal(g.caplen[1], 80);
	assert_int_equal(g.first_byte[0], 0x11);
	assert_int_equal(g.first_byte[1], 0x22);
	assert_int_equal(g.caplen[2], 0);
	assert_true(g.ts[0] > 1700000000.123455 && g.ts[0] < 1700000000.123457);
	/* Nanoseconds, cut to the microsecond, 1000 s later by if_tsoffset. */
	assert_true(g.ts[1] > 1700001000.123455 && g.ts[1] < 1700001000.123457);
	assert_int_equal(g.secrets, 3);
	assert_int_equal(g.keys, 2);
	assert_int_equal(g.dsb.blocks, 2);
	assert_int_equal(g.dsb.other_blocks, 1);
	assert_int_equal(g.dsb.lines.malformed, 0);
}

static void test_little_endian(void **state)
{
	(void)state;
	check_two_interfaces(false);
}

static void test_big_endian(void **state)
{
	(void)state;
	check_two_interfaces(true);
}

/* A second section may change the byte order; its interfaces are its own, numbered on
 * from the first section's. Binary timestamp resolution (2^-10). */
static void test_two_sections(void **state)
{
	(void)state;
	struct bytes b = { .big_endian = false };
	shb(&b);
	idb(&b, 1, 0, 0, 0);
	epb(&b, 0, 5000000, 20, 1);
	b.big_endian = true;
	shb(&b);
	idb(&b, 101, 0, 0x80 | 10, 0);
	epb(&b, 0, 3 * 1024 + 512, 20, 2);
	struct got g;
	read_all(b.p, b.len, &g);
	assert_int_equal(g.last, PCAPNG_END);
	assert_int_equal(g.packets, 2);
	assert_int_equal(g.linktypes[1], 101);
	assert_int_equal(g.interfaces[1], 1);
	assert_true(g.ts[0] > 4.999999 && g.ts[0] < 5.000001);
	assert_true(g.ts[1] > 3.499999 && g.ts[1] < 3.500001);
	/* Interface 1 of the first section is gone with it. */
	b.big_endian = true;
	epb(&b, 1, 0, 20, 3);
	read_all(b.p, b.len, &g);
	assert_int_equal(g.last, PCAPNG_ERROR);
	assert_int_equal(g.packets, 2);
	assert_non_null(strstr(g.why, "interface 1 was not described"));
}

/* A Simple Packet Block is cut to its interface's snap length and takes the time of the
 * packet before; the obsolete Packet Block reads like an Enhanced one. */
static void test_simple_and_obsolete(void **state)
{
	(void)state;
	struct bytes b = { .big_endian = false };
	shb(&b);
	idb(&b, 1, 64, 0, 0);
	opb(&b, 0, 2000000, 40);
	spb(&b, 1500, 64);
	struct got g;
	read_all(b.p, b.len, &g);
	assert_int_equal(g.last, PCAPNG_END);
	assert_int_equal(g.packets, 2);
	assert_int_equal(g.caplen[0], 40);
	assert_int_equal(g.caplen[1], 64);
	assert_int_equal(g.wirelen[1], 1500);
	assert_true(g.ts[1] > 1.999999 && g.ts[1] < 2.000001);
	/* A Simple Packet Block longer than its block with no snap length to cut it. */
	struct bytes c = { .big_endian = false };
	shb(&c);
	idb(&c, 1, 0, 0, 0);
	spb(&c, 1500, 64);
	read_all(c.p, c.len, &g);
	assert_int_equal(g.last, PCAPNG_ERROR);
	assert_non_null(strstr(g.why, "Simple Packet Block at byte"));
}

/* Every prefix: the packets whose blocks are whole come out; a cut inside a block is an
 * error, a cut between blocks the end. */
static void test_every_prefix(void **state)
{
	(void)state;
	struct bytes b = { .big_endian = false };
	two_interfaces(&b);
	for (size_t len = 0; len <= b.len; len++) {
		struct got g;
		read_all(b.p, len, &g);
		bool boundary = len == b.len;
		size_t whole_packets = 0;
		for (size_t i = 0; i < b.n_blocks; i++) {
			if (b.starts[i] == len && i > 0)
				boundary = true;
		}
		/* Packets (blocks 4, 6, 9) whose end is within the prefix. */
		static const size_t packet_blocks[] = { 4, 6, 9 };
		for (size_t i = 0; i < 3; i++) {
			size_t k = packet_blocks[i];
			size_t end = k + 1 < b.n_blocks ? b.starts[k + 1] : b.len;
			if (end <= len)
				whole_packets++;
		}
		assert_int_equal(g.packets, whole_packets);
		assert_int_equal(g.last, boundary ? PCAPNG_END : PCAPNG_ERROR);
	}
}

/* Each block's leading length off by ±1, ±4, and absurd: an error or a clean read of
 * fewer packets, never a crash or a read past the file. */
static void test_lengths_inflated(void **state)
{
	(void)state;
	static const int64_t deltas[] = { -8, -4, -1, 1, 4, 8 };
	static const uint32_t absurd[] = { 0, 4, 8, 11, 12, 13, 0xFFFFFFFCu, 0x7FFFFFFCu, 0x01000010u };
	struct bytes base = { .big_endian = false };
	two_interfaces(&base);
	for (size_t k = 0; k < base.n_blocks; k++) {
		for (size_t d = 0; d < sizeof deltas / sizeof deltas[0] + sizeof absurd / sizeof absurd[0]; d++) {
			struct bytes b = base;
			size_t at = b.starts[k] + 4;
			uint32_t v = (uint32_t)b.p[at] | (uint32_t)b.p[at + 1] << 8 | (uint32_t)b.p[at + 2] << 16 |
				     (uint32_t)b.p[at + 3] << 24;
			if (d < sizeof deltas / sizeof deltas[0])
				v = (uint32_t)((int64_t)v + deltas[d]);
			else
				v = absurd[d - sizeof deltas / sizeof deltas[0]];
			for (int i = 0; i < 4; i++)
				b.p[at + (size_t)i] = (uint8_t)(v >> (8 * i));
			struct got g;
			read_all(b.p, b.len, &g);
			assert_int_equal(g.last, PCAPNG_ERROR);
			assert_true(g.packets <= 3);
		}
	}
}

/* The damage is named: which block, at which byte. */
static void test_errors_named(void **state)
{
	(void)state;
	struct got g;
	/* A zero-length block. */
	struct bytes b = { .big_endian = false };
	shb(&b);
	idb(&b, 1, 0, 0, 0);
	epb(&b, 0, 1, 10, 0);
	size_t at = b.len;
	put32(&b, 6);
	put32(&b, 0);
	read_all(b.p, b.len, &g);
	assert_int_equal(g.packets, 1);
	char want[64];
	snprintf(want, sizeof want, "Enhanced Packet Block at byte %zu", at);
	assert_non_null(strstr(g.why, want));
	assert_non_null(strstr(g.why, "too small"));
	/* A packet block of 4 GB. */
	b.len = at;
	put32(&b, 6);
	put32(&b, 0xFFFFFFFCu);
	read_all(b.p, b.len, &g);
	assert_int_equal(g.packets, 1);
	assert_non_null(strstr(g.why, "past the bound"));
	/* An unknown block of 4 GB is passed over: the file ends inside it. */
	b.len = at;
	put32(&b, 0x00000BADu);
	put32(&b, 0xFFFFFFFCu);
	read_all(b.p, b.len, &g);
	assert_int_equal(g.last, PCAPNG_ERROR);
	assert_non_null(strstr(g.why, "truncated"));
	/* A captured length past the block. */
	struct bytes c = { .big_endian = true };
	shb(&c);
	idb(&c, 1, 0, 0, 0);
	at = c.len;
	epb(&c, 0, 1, 16, 0);
	c.p[at + 8 + 12 + 3] = 200; /* captured length: 200 */
	read_all(c.p, c.len, &g);
	assert_int_equal(g.packets, 0);
	snprintf(want, sizeof want, "Enhanced Packet Block at byte %zu", at);
	assert_non_null(strstr(g.why, want));
	assert_non_null(strstr(g.why, "captured length 200 exceeds the block"));
	/* Trailing length differs from the leading. */
	c.p[at + 8 + 12 + 3] = 16;
	c.p[c.len - 1] ^= 4;
	read_all(c.p, c.len, &g);
	assert_non_null(strstr(g.why, "trailing length"));
	/* Secrets longer than their block. */
	struct bytes d = { .big_endian = false };
	shb(&d);
	at = d.len;
	dsb(&d, DSB_SECRETS_TLS_KEYLOG, LINE_A);
	d.p[at + 12 + 2] = 0xFF;
	read_all(d.p, d.len, &g);
	assert_int_equal(g.secrets, 0);
	assert_non_null(strstr(g.why, "Decryption Secrets Block at byte"));
	/* An option running past its block. */
	struct bytes e = { .big_endian = false };
	shb(&e);
	at = e.len;
	idb(&e, 1, 0, 9, 0);
	e.p[at + 8 + 8 + 2] = 0x40; /* if_tsresol's length: 64 */
	read_all(e.p, e.len, &g);
	assert_non_null(strstr(g.why, "Interface Description Block at byte"));
	/* if_tsresol past what 64 bits count. */
	struct bytes f = { .big_endian = false };
	shb(&f);
	idb(&f, 1, 0, 20, 0);
	read_all(f.p, f.len, &g);
	assert_non_null(strstr(g.why, "if_tsresol"));
}

/* A byte-order magic of neither order, a version 2, another block first, nothing. */
static void test_not_pcapng(void **state)
{
	(void)state;
	struct got g;
	struct bytes b = { .big_endian = false };
	shb(&b);
	b.p[8] ^= 0xFF;
	read_all(b.p, b.len, &g);
	assert_int_equal(g.last, PCAPNG_ERROR);
	assert_false(g.recognised);
	assert_non_null(strstr(g.why, "byte-order magic"));
	struct bytes v = { .big_endian = false };
	shb(&v);
	v.p[12] = 2;
	read_all(v.p, v.len, &g);
	assert_non_null(strstr(g.why, "version 2.0"));
	struct bytes c = { .big_endian = false };
	isb(&c);
	read_all(c.p, c.len, &g);
	assert_false(g.recognised);
	assert_non_null(strstr(g.why, "no Section Header Block"));
	read_all(c.p, 0, &g);
	assert_int_equal(g.last, PCAPNG_ERROR);
	uint8_t noise[200];
	for (size_t i = 0; i < sizeof noise; i++)
		noise[i] = (uint8_t)(i * 37 + 10);
	read_all(noise, sizeof noise, &g);
	assert_int_equal(g.last, PCAPNG_ERROR);
	assert_int_equal(g.packets, 0);
}

/* Secrets too large to hold are passed over and counted, the packets after them read. */
static void test_dsb_too_large(void **state)
{
	(void)state;
	struct keylog *kl = keylog_new();
	assert_non_null(kl);
	struct dsb_stats st = { 0 };
	dsb_take(kl, 0, NULL, 0, &st);
	dsb_take(kl, DSB_SECRETS_TLS_KEYLOG, (const uint8_t *)LINE_A, strlen(LINE_A), &st);
	assert_int_equal(st.too_large, 1);
	assert_int_equal(st.blocks, 1);
	assert_int_equal(keylog_count(kl), 1);
	keylog_free(kl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_little_endian),
		cmocka_unit_test(test_big_endian),
		cmocka_unit_test(test_two_sections),
		cmocka_unit_test(test_simple_and_obsolete),
		cmocka_unit_test(test_every_prefix),
		cmocka_unit_test(test_lengths_inflated),
		cmocka_unit_test(test_errors_named),
		cmocka_unit_test(test_not_pcapng),
		cmocka_unit_test(test_dsb_too_large),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
