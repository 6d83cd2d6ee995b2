/*
 * test_dsb.c — unit tests of the Decryption Secrets Block scanner (include/dsb.h).
 *
 * The pcapng bytes are built here (a Section Header Block, an Interface Description
 * Block, Decryption Secrets Blocks, an Enhanced Packet Block) in either byte order, and
 * read back through the wrapper in reads of every size from 1 byte up, as libpcap and
 * the stdio buffers above it would: the bytes must come out unchanged and the secrets
 * must be found whatever the read boundaries. Damaged lengths must stop the scanning
 * without a crash and without changing the bytes handed on.
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

struct bytes {
	uint8_t p[8192];
	size_t len;
	bool big_endian;
};

static void put32(struct bytes *b, uint32_t v)
{
	assert_true(b->len + 4 <= sizeof b->p);
	for (int i = 0; i < 4; i++)
		b->p[b->len++] = (uint8_t)(b->big_endian ? v >> (24 - 8 * i) : v >> (8 * i));
}

static void put_raw(struct bytes *b, const void *data, size_t n)
{
	assert_true(b->len + n <= sizeof b->p);
	memcpy(b->p + b->len, data, n);
	b->len += n;
	while (b->len % 4 != 0)
		b->p[b->len++] = 0;
}

/* A block: type, total length, body (padded to 4), total length. */
static void block(struct bytes *b, uint32_t type, const void *body, size_t n)
{
	uint32_t total = (uint32_t)(12 + (n + 3) / 4 * 4);
	put32(b, type);
	put32(b, total);
	put_raw(b, body, n);
	put32(b, total);
}

static void shb(struct bytes *b)
{
	uint8_t body[16];
	struct bytes t = { .big_endian = b->big_endian };
	put32(&t, 0x1A2B3C4Du);
	put32(&t, 0x00000001u); /* version 1.0 */
	put32(&t, 0xFFFFFFFFu); /* section length unknown */
	put32(&t, 0xFFFFFFFFu);
	memcpy(body, t.p, sizeof body);
	block(b, 0x0A0D0D0Au, body, sizeof body);
}

static void dsb(struct bytes *b, uint32_t secrets_type, const char *text)
{
	struct bytes t = { .big_endian = b->big_endian };
	put32(&t, secrets_type);
	put32(&t, (uint32_t)strlen(text));
	put_raw(&t, text, strlen(text));
	block(b, 0x0000000Au, t.p, t.len);
}

static void epb(struct bytes *b)
{
	struct bytes t = { .big_endian = b->big_endian };
	for (int i = 0; i < 5; i++)
		put32(&t, i == 3 || i == 4 ? 60 : 0); /* interface, time, captured and wire length */
	uint8_t frame[60] = { 0 };
	put_raw(&t, frame, sizeof frame);
	block(b, 0x00000006u, t.p, t.len);
}

#define LINE_A "CLIENT_RANDOM 0101010101010101010101010101010101010101010101010101010101010101 " \
	       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
#define LINE_B "CLIENT_HANDSHAKE_TRAFFIC_SECRET 0202020202020202020202020202020202020202020202020202020202020202 " \
	       "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"

/* Reads all of b through the wrapper, `chunk` bytes per read; checks the bytes come out
 * unchanged. Returns the connections found. */
static size_t read_through(const struct bytes *b, size_t chunk, struct dsb_stats *st)
{
	FILE *inner = fmemopen((void *)b->p, b->len, "r");
	assert_non_null(inner);
	struct keylog *kl = keylog_new();
	assert_non_null(kl);
	memset(st, 0, sizeof *st);
	FILE *fp = dsb_wrap(inner, kl, st);
	assert_non_null(fp);
	setvbuf(fp, NULL, _IONBF, 0); /* every fread reaches the wrapper with its own size */
	uint8_t out[sizeof b->p];
	size_t got = 0, n;
	while ((n = fread(out + got, 1, chunk < sizeof out - got ? chunk : sizeof out - got, fp)) > 0)
		got += n;
	assert_int_equal(got, b->len);
	assert_memory_equal(out, b->p, b->len);
	size_t found = keylog_count(kl);
	fclose(fp);
	keylog_free(kl);
	return found;
}

static void check_every_chunk(bool big_endian)
{
	struct bytes b = { .big_endian = big_endian };
	shb(&b);
	dsb(&b, 0x544C534Bu, LINE_A);
	epb(&b);
	dsb(&b, 0x57474B4Cu, "WireGuard keys are not TLS\n"); /* another secrets type */
	dsb(&b, 0x544C534Bu, LINE_B);
	epb(&b);
	for (size_t chunk = 1; chunk <= b.len + 1; chunk++) {
		struct dsb_stats st;
		assert_int_equal(read_through(&b, chunk, &st), 2);
		assert_int_equal(st.blocks, 2);
		assert_int_equal(st.other_blocks, 1);
		assert_int_equal(st.lines.malformed, 0);
	}
}

static void test_little_endian(void **state)
{
	(void)state;
	check_every_chunk(false);
}

static void test_big_endian(void **state)
{
	(void)state;
	check_every_chunk(true);
}

/* A second section may change the byte order. */
static void test_two_sections(void **state)
{
	(void)state;
	struct bytes b = { .big_endian = false };
	shb(&b);
	dsb(&b, 0x544C534Bu, LINE_A);
	b.big_endian = true;
	shb(&b);
	dsb(&b, 0x544C534Bu, LINE_B);
	struct dsb_stats st;
	assert_int_equal(read_through(&b, 7, &st), 2);
}

/* Damage: the bytes still come out unchanged; what follows is not looked at. */
static void test_damaged_lengths(void **state)
{
	(void)state;
	static const uint32_t bad[] = { 0, 4, 11, 13, 0xFFFFFFFFu, 0x7FFFFFFCu };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct bytes b = { .big_endian = false };
		shb(&b);
		size_t at = b.len;
		dsb(&b, 0x544C534Bu, LINE_A);
		b.p[at + 4] = (uint8_t)bad[i];
		b.p[at + 5] = (uint8_t)(bad[i] >> 8);
		b.p[at + 6] = (uint8_t)(bad[i] >> 16);
		b.p[at + 7] = (uint8_t)(bad[i] >> 24);
		dsb(&b, 0x544C534Bu, LINE_B);
		struct dsb_stats st;
		size_t found = read_through(&b, 64, &st);
		assert_true(found <= 1);
	}
	/* A byte-order magic that is neither order. */
	struct bytes b = { .big_endian = false };
	shb(&b);
	b.p[8] ^= 0xFF;
	dsb(&b, 0x544C534Bu, LINE_A);
	struct dsb_stats st;
	assert_int_equal(read_through(&b, 64, &st), 0);
}

/* A secrets length past the block's end, and a file that ends inside a block. */
static void test_lying_secrets_length(void **state)
{
	(void)state;
	struct bytes b = { .big_endian = false };
	shb(&b);
	size_t at = b.len;
	dsb(&b, 0x544C534Bu, LINE_A);
	b.p[at + 12] = 0xFF; /* secrets length: 0x...FF bytes, more than the block holds */
	b.p[at + 13] = 0xFF;
	dsb(&b, 0x544C534Bu, LINE_B);
	struct dsb_stats st;
	assert_int_equal(read_through(&b, 100, &st), 1);
	b.len -= 20; /* cut inside the last block */
	assert_int_equal(read_through(&b, 100, &st), 0);
}

/* Not a pcapng at all: the bytes pass unchanged, nothing is found. */
static void test_not_pcapng(void **state)
{
	(void)state;
	struct bytes b = { .big_endian = false };
	for (size_t i = 0; i < 256; i++)
		b.p[b.len++] = (uint8_t)(i * 37);
	struct dsb_stats st;
	assert_int_equal(read_through(&b, 3, &st), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_little_endian),
		cmocka_unit_test(test_big_endian),
		cmocka_unit_test(test_two_sections),
		cmocka_unit_test(test_damaged_lengths),
		cmocka_unit_test(test_lying_secrets_length),
		cmocka_unit_test(test_not_pcapng),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
