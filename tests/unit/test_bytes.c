/*
 * test_bytes.c — unit tests of the bounded reader (include/bytes.h, src/bytes.c).
 *
 * Every byte of a capture passes through this reader, so its contract is what keeps the
 * parsers safe: a read consumes exactly what it asks for or fails; failure is sticky,
 * keeps the first reason and the offset (from the outermost input) where it happened,
 * and empties the reader so loops over rd_left() end; child readers are bounded to their
 * field and must be consumed exactly; peeks never consume and never fail the reader.
 * The tests also cover the degenerate inputs a parser meets on hostile captures:
 * zero-length buffers, NULL buffers and lengths near SIZE_MAX. Every accessor is tried on
 * every prefix of its input: a truncated field fails cleanly, at the right offset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bytes.h"

static const uint8_t seq10[10] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a };

/* A reader over an empty view, failed or not, refuses every read. */
static void assert_all_reads_fail(struct reader *r)
{
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint8_t dst[4];
	const uint8_t *v;
	struct reader child;
	struct rd_tls_header h;
	assert_false(rd_u8(r, &u8));
	assert_false(rd_u16(r, &u16));
	assert_false(rd_u24(r, &u32));
	assert_false(rd_u32(r, &u32));
	assert_false(rd_u16le(r, &u16));
	assert_false(rd_u32le(r, &u32));
	assert_false(rd_tls_header(r, &h));
	assert_false(rd_skip(r, 1));
	assert_false(rd_copy(r, dst, 1));
	assert_false(rd_view(r, 1, &v));
	assert_false(rd_sub(r, 1, &child));
	assert_false(rd_vec8(r, &child));
	assert_false(rd_vec16(r, &child));
	assert_false(rd_vec24(r, &child));
	assert_int_equal(rd_left(r), 0);
}

static void test_init_state(void **state)
{
	(void)state;
	struct reader r;
	rd_init(&r, seq10, sizeof seq10, 0);
	assert_true(rd_ok(&r));
	assert_int_equal(rd_left(&r), 10);
	assert_int_equal(rd_offset(&r), 0);
	assert_null(r.why);

	rd_init(&r, seq10, sizeof seq10, 1000);
	assert_int_equal(rd_offset(&r), 1000);
	assert_int_equal(rd_left(&r), 10);
}

static void test_fixed_reads_big_endian(void **state)
{
	(void)state;
	struct reader r;
	uint8_t u8 = 0;
	uint16_t u16 = 0;
	uint32_t u24 = 0, u32 = 0;
	rd_init(&r, seq10, sizeof seq10, 0);
	assert_true(rd_u8(&r, &u8));
	assert_int_equal(u8, 0x01);
	assert_int_equal(rd_offset(&r), 1);
	assert_true(rd_u16(&r, &u16));
	assert_int_equal(u16, 0x0203);
	assert_int_equal(rd_offset(&r), 3);
	assert_true(rd_u24(&r, &u24));
	assert_int_equal(u24, 0x040506);
	assert_int_equal(rd_offset(&r), 6);
	assert_true(rd_u32(&r, &u32));
	assert_int_equal(u32, 0x0708090a);
	assert_int_equal(rd_offset(&r), 10);
	assert_int_equal(rd_left(&r), 0);
	assert_true(rd_ok(&r));
}

static void test_fixed_reads_max_values(void **state)
{
	(void)state;
	static const uint8_t ff[10] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct reader r;
	uint8_t u8 = 0;
	uint16_t u16 = 0;
	uint32_t u24 = 0, u32 = 0;
	rd_init(&r, ff, sizeof ff, 0);
	assert_true(rd_u8(&r, &u8));
	assert_int_equal(u8, 0xff);
	assert_true(rd_u16(&r, &u16));
	assert_int_equal(u16, 0xffff);
	assert_true(rd_u24(&r, &u24));
	assert_int_equal(u24, 0xffffff);
	assert_true(rd_u32(&r, &u32));
	assert_true(u32 == 0xffffffffu);
	assert_true(rd_ok(&r));
}

static void test_skip_copy_view(void **state)
{
	(void)state;
	struct reader r;
	uint8_t dst[4] = { 0 };
	const uint8_t *v = NULL;
	rd_init(&r, seq10, sizeof seq10, 0);
	assert_true(rd_skip(&r, 2));
	assert_int_equal(rd_offset(&r), 2);
	assert_true(rd_copy(&r, dst, 3));
	assert_memory_equal(dst, seq10 + 2, 3);
	assert_true(rd_view(&r, 4, &v));
	/* A view points into the caller's buffer: no copy. */
	assert_ptr_equal(v, seq10 + 5);
	assert_int_equal(rd_left(&r), 1);
	/* Zero-sized operations succeed and consume nothing. */
	assert_true(rd_skip(&r, 0));
	assert_true(rd_copy(&r, NULL, 0));
	assert_true(rd_view(&r, 0, &v));
	assert_int_equal(rd_left(&r), 1);
	assert_true(rd_skip(&r, 1));
	assert_int_equal(rd_left(&r), 0);
	assert_true(rd_ok(&r));
}

/* A read of exactly the bytes left works; one byte more fails, and nothing is consumed
 * out of bounds. Checked for every fixed width, in both byte orders, at every short
 * length. */
static void test_short_reads_fail_at_offset(void **state)
{
	(void)state;
	for (size_t i = 0; i < 8; i++) {
		size_t have = i % 4;
		bool le = i >= 4;
		struct reader r;
		uint32_t v32;
		uint16_t v16;
		/* Place the short tail after a prefix so the offset is not trivially 0. */
		rd_init(&r, seq10, 3 + have, 50);
		assert_true(rd_skip(&r, 3));
		bool ok;
		switch (have) {
		case 0: { uint8_t v8; ok = rd_u8(&r, &v8); break; }
		case 1: ok = le ? rd_u16le(&r, &v16) : rd_u16(&r, &v16); break;
		case 2: ok = rd_u24(&r, &v32); break;
		default: ok = le ? rd_u32le(&r, &v32) : rd_u32(&r, &v32); break;
		}
		assert_false(ok);
		assert_false(rd_ok(&r));
		assert_string_equal(r.why, "truncated");
		/* The failure is where the read began, in outermost-input coordinates. */
		assert_int_equal(r.why_off, 53);
		assert_int_equal(rd_left(&r), 0);
	}
}

static void test_failure_is_sticky(void **state)
{
	(void)state;
	struct reader r;
	uint8_t u8;
	uint32_t u32;
	rd_init(&r, seq10, sizeof seq10, 0);
	assert_true(rd_skip(&r, 8));
	/* 2 bytes left: a 4-byte read fails, and the 2 bytes become unreadable. */
	assert_false(rd_u32(&r, &u32));
	assert_int_equal(r.why_off, 8);
	assert_int_equal(rd_left(&r), 0);
	assert_all_reads_fail(&r);
	/* Even a zero-length read fails after a failure. */
	assert_false(rd_skip(&r, 0));
	assert_false(rd_u8(&r, &u8));
	/* The first reason and offset are kept. */
	assert_string_equal(r.why, "truncated");
	assert_int_equal(r.why_off, 8);
	rd_fail(&r, "second reason");
	assert_string_equal(r.why, "truncated");
	assert_int_equal(r.why_off, 8);
}

static void test_rd_fail_explicit(void **state)
{
	(void)state;
	struct reader r;
	uint8_t u8;
	rd_init(&r, seq10, sizeof seq10, 7);
	assert_true(rd_skip(&r, 4));
	rd_fail(&r, "bad value");
	assert_false(rd_ok(&r));
	assert_string_equal(r.why, "bad value");
	assert_int_equal(r.why_off, 11);
	assert_int_equal(rd_left(&r), 0);
	assert_false(rd_u8(&r, &u8));
	assert_string_equal(r.why, "bad value");
	/* A loop over rd_left ends at once on a failed reader. */
	int iterations = 0;
	while (rd_left(&r) > 0 && iterations < 100)
		iterations++;
	assert_int_equal(iterations, 0);
}

static void test_huge_lengths(void **state)
{
	(void)state;
	struct reader r;
	struct reader child;
	const uint8_t *v;
	rd_init(&r, seq10, sizeof seq10, 0);
	assert_false(rd_skip(&r, SIZE_MAX));
	assert_false(rd_ok(&r));
	assert_int_equal(r.why_off, 0);

	rd_init(&r, seq10, sizeof seq10, 0);
	assert_true(rd_skip(&r, 1));
	assert_false(rd_view(&r, SIZE_MAX - 1, &v));
	assert_int_equal(r.why_off, 1);

	rd_init(&r, seq10, sizeof seq10, 0);
	assert_false(rd_sub(&r, SIZE_MAX, &child));
	assert_false(rd_ok(&child));
	assert_int_equal(rd_left(&child), 0);
}

static void test_zero_length_buffer(void **state)
{
	(void)state;
	static const uint8_t none[1] = { 0xaa };
	struct reader r;
	rd_init(&r, none, 0, 0);
	assert_true(rd_ok(&r));
	assert_int_equal(rd_left(&r), 0);
	uint8_t u8;
	assert_false(rd_peek_u8(&r, 0, &u8));
	assert_true(rd_ok(&r)); /* peeking never fails the reader */
	assert_true(rd_skip(&r, 0));
	assert_all_reads_fail(&r);
	assert_false(rd_ok(&r));
	assert_int_equal(r.why_off, 0);
}

static void test_null_buffer(void **state)
{
	(void)state;
	struct reader r;
	/* A NULL buffer is empty whatever length is claimed. */
	rd_init(&r, NULL, 100, 5);
	assert_int_equal(rd_left(&r), 0);
	assert_true(rd_ok(&r));
	assert_int_equal(rd_offset(&r), 5);
	uint8_t u8;
	uint16_t u16;
	assert_false(rd_peek_u8(&r, 0, &u8));
	assert_false(rd_peek_u16(&r, 0, &u16));
	assert_all_reads_fail(&r);
	assert_int_equal(r.why_off, 5);

	rd_init(&r, NULL, 0, 0);
	assert_int_equal(rd_left(&r), 0);
	assert_true(rd_skip(&r, 0));
}

static void test_sub_reader(void **state)
{
	(void)state;
	struct reader r, child;
	uint16_t u16;
	rd_init(&r, seq10, sizeof seq10, 100);
	assert_true(rd_skip(&r, 2));
	assert_true(rd_sub(&r, 4, &child));
	assert_int_equal(rd_left(&r), 4);
	assert_int_equal(rd_left(&child), 4);
	assert_int_equal(rd_offset(&child), 102);
	assert_true(rd_u16(&child, &u16));
	assert_int_equal(u16, 0x0304);
	assert_true(rd_u16(&child, &u16));
	assert_int_equal(u16, 0x0506);
	/* The child cannot read past its field although the parent has bytes. */
	assert_false(rd_u16(&child, &u16));
	assert_int_equal(child.why_off, 106);
	assert_true(rd_ok(&r));
	assert_int_equal(rd_offset(&r), 106);
}

static void test_sub_reader_too_long(void **state)
{
	(void)state;
	struct reader r, child;
	rd_init(&r, seq10, sizeof seq10, 0);
	assert_true(rd_skip(&r, 6));
	assert_false(rd_sub(&r, 5, &child));
	assert_false(rd_ok(&r));
	assert_int_equal(r.why_off, 6);
	assert_false(rd_ok(&child));
	assert_int_equal(child.why_off, 6);
	assert_int_equal(rd_left(&child), 0);
	/* Exactly the bytes left is fine. */
	rd_init(&r, seq10, sizeof seq10, 0);
	assert_true(rd_skip(&r, 6));
	assert_true(rd_sub(&r, 4, &child));
	assert_int_equal(rd_left(&child), 4);
	assert_int_equal(rd_left(&r), 0);
}

static void test_vec8_16_24(void **state)
{
	(void)state;
	static const uint8_t in[] = {
		0x02, 0xaa, 0xbb,                   /* vec8: 2 bytes */
		0x00, 0x03, 0x01, 0x02, 0x03,       /* vec16: 3 bytes */
		0x00, 0x00, 0x01, 0xcc,             /* vec24: 1 byte */
		0x00,                               /* vec8: empty */
		0x00, 0x00,                         /* vec16: empty */
		0x00, 0x00, 0x00,                   /* vec24: empty */
	};
	struct reader r, c;
	uint8_t u8;
	uint16_t u16;
	rd_init(&r, in, sizeof in, 0);

	assert_true(rd_vec8(&r, &c));
	assert_int_equal(rd_left(&c), 2);
	assert_int_equal(rd_offset(&c), 1);
	assert_true(rd_u16(&c, &u16));
	assert_int_equal(u16, 0xaabb);
	assert_true(rd_close(&r, &c));

	assert_true(rd_vec16(&r, &c));
	assert_int_equal(rd_left(&c), 3);
	assert_int_equal(rd_offset(&c), 5);
	assert_true(rd_skip(&c, 3));
	assert_true(rd_close(&r, &c));

	assert_true(rd_vec24(&r, &c));
	assert_int_equal(rd_left(&c), 1);
	assert_int_equal(rd_offset(&c), 11);
	assert_true(rd_u8(&c, &u8));
	assert_int_equal(u8, 0xcc);
	assert_true(rd_close(&r, &c));

	assert_true(rd_vec8(&r, &c));
	assert_int_equal(rd_left(&c), 0);
	assert_true(rd_close(&r, &c));
	assert_true(rd_vec16(&r, &c));
	assert_int_equal(rd_left(&c), 0);
	assert_true(rd_close(&r, &c));
	assert_true(rd_vec24(&r, &c));
	assert_int_equal(rd_left(&c), 0);
	assert_true(rd_close(&r, &c));

	assert_int_equal(rd_left(&r), 0);
	assert_true(rd_ok(&r));
}

/* A vector whose length prefix claims more than the enclosing block fails the parent,
 * at the first byte the vector would have held, with a reason naming the block. */
static void test_vec_exceeds_block(void **state)
{
	(void)state;
	static const uint8_t v8[] = { 0x00, 0x04, 0x01, 0x02, 0x03 };
	static const uint8_t v16[] = { 0x00, 0x00, 0x04, 0x01, 0x02, 0x03 };
	static const uint8_t v24[] = { 0x00, 0x00, 0x00, 0x04, 0x01, 0x02, 0x03 };
	struct reader r, c;

	rd_init(&r, v8, sizeof v8, 0);
	assert_true(rd_skip(&r, 1));
	assert_false(rd_vec8(&r, &c));
	assert_false(rd_ok(&r));
	assert_string_equal(r.why, "vector length exceeds block");
	assert_int_equal(r.why_off, 2);
	assert_false(rd_ok(&c));
	assert_int_equal(rd_left(&c), 0);
	assert_int_equal(rd_left(&r), 0);

	rd_init(&r, v16, sizeof v16, 0);
	assert_true(rd_skip(&r, 1));
	assert_false(rd_vec16(&r, &c));
	assert_string_equal(r.why, "vector length exceeds block");
	assert_int_equal(r.why_off, 3);
	assert_false(rd_ok(&c));

	rd_init(&r, v24, sizeof v24, 0);
	assert_true(rd_skip(&r, 1));
	assert_false(rd_vec24(&r, &c));
	assert_string_equal(r.why, "vector length exceeds block");
	assert_int_equal(r.why_off, 4);
	assert_false(rd_ok(&c));

	/* The check is exact: a length equal to the bytes left is fine. */
	static const uint8_t fits[] = { 0x00, 0x04, 0x01, 0x02, 0x03, 0x04 };
	rd_init(&r, fits, sizeof fits, 0);
	assert_true(rd_skip(&r, 1));
	assert_true(rd_vec8(&r, &c));
	assert_int_equal(rd_left(&c), 4);
	assert_true(rd_ok(&r));
	assert_int_equal(rd_left(&r), 0);
}

/* A length prefix cut short fails the parent as truncated. */
static void test_vec_prefix_truncated(void **state)
{
	(void)state;
	static const uint8_t in[] = { 0x00, 0x00 };
	struct reader r, c;
	rd_init(&r, in, 0, 0);
	assert_false(rd_vec8(&r, &c));
	assert_false(rd_ok(&c));
	assert_string_equal(r.why, "truncated");
	rd_init(&r, in, 1, 0);
	assert_false(rd_vec16(&r, &c));
	assert_false(rd_ok(&c));
	assert_string_equal(r.why, "truncated");
	assert_int_equal(r.why_off, 0);
	rd_init(&r, in, 2, 0);
	assert_false(rd_vec24(&r, &c));
	assert_false(rd_ok(&c));
	assert_string_equal(r.why, "truncated");
	assert_int_equal(r.why_off, 0);
}

/*
 * The child a failed rd_vec* hands back is itself a failed reader; its recorded failure
 * should be the parent's, offset included, so code that reports a child's why/why_off
 * points at the right byte.
 * (src/bytes.c failed_child sets both.)
 */
static void test_failed_vec_child_offset(void **state)
{
	(void)state;
	static const uint8_t in[] = { 0xee, 0xee, 0xee, 0x09, 0x01 };
	struct reader r, c;
	rd_init(&r, in, sizeof in, 0);
	assert_true(rd_skip(&r, 3));
	assert_false(rd_vec8(&r, &c));
	assert_int_equal(r.why_off, 4);
	assert_false(rd_ok(&c));
	assert_int_equal(c.why_off, r.why_off);
}

static void test_close_exact(void **state)
{
	(void)state;
	static const uint8_t in[] = { 0x03, 0x01, 0x02, 0x03, 0x7f };
	struct reader r, c;
	uint8_t u8;
	rd_init(&r, in, sizeof in, 0);
	assert_true(rd_vec8(&r, &c));
	assert_true(rd_skip(&c, 3));
	assert_true(rd_close(&r, &c));
	assert_true(rd_ok(&r));
	assert_true(rd_u8(&r, &u8));
	assert_int_equal(u8, 0x7f);
}

/* Trailing bytes in a child fail the parent at the first unread byte of the child. */
static void test_close_trailing_bytes(void **state)
{
	(void)state;
	static const uint8_t in[] = { 0xee, 0x03, 0x01, 0x02, 0x03, 0x7f };
	struct reader r, c;
	uint8_t u8;
	rd_init(&r, in, sizeof in, 10);
	assert_true(rd_skip(&r, 1));
	assert_true(rd_vec8(&r, &c));
	assert_true(rd_u8(&c, &u8));
	assert_false(rd_close(&r, &c));
	assert_false(rd_ok(&r));
	assert_string_equal(r.why, "trailing bytes in block");
	assert_int_equal(r.why_off, 10 + 3);
	/* The parent is emptied: its byte after the vector is unreadable now. */
	assert_int_equal(rd_left(&r), 0);
	assert_false(rd_u8(&r, &u8));
	assert_string_equal(r.why, "trailing bytes in block");
}

/* A failed child passes its reason and offset to the parent on close. */
static void test_close_failed_child(void **state)
{
	(void)state;
	static const uint8_t in[] = { 0x00, 0x03, 0x01, 0x02, 0x03, 0x7f, 0x7f };
	struct reader r, c;
	uint32_t u32;
	uint8_t u8;
	rd_init(&r, in, sizeof in, 20);
	assert_true(rd_vec16(&r, &c));
	assert_true(rd_u8(&c, &u8));
	assert_false(rd_u32(&c, &u32)); /* 2 left in the child */
	assert_int_equal(c.why_off, 23);
	assert_true(rd_ok(&r)); /* the parent is not failed until the child is closed */
	assert_false(rd_close(&r, &c));
	assert_false(rd_ok(&r));
	assert_string_equal(r.why, "truncated");
	assert_int_equal(r.why_off, 23);
	assert_int_equal(rd_left(&r), 0);

	/* Explicit failure reasons travel too. */
	rd_init(&r, in, sizeof in, 0);
	assert_true(rd_vec16(&r, &c));
	rd_fail(&c, "bad thing");
	assert_false(rd_close(&r, &c));
	assert_string_equal(r.why, "bad thing");
	assert_int_equal(r.why_off, 2);
}

/* Closing a child into an already failed parent keeps the parent's first failure. */
static void test_close_into_failed_parent(void **state)
{
	(void)state;
	static const uint8_t in[] = { 0x02, 0x01, 0x02, 0x7f };
	struct reader r, c;
	rd_init(&r, in, sizeof in, 0);
	assert_true(rd_vec8(&r, &c));
	rd_fail(&r, "parent reason");
	assert_true(rd_skip(&c, 2)); /* the child's bytes are still its own */
	assert_false(rd_close(&r, &c));
	assert_string_equal(r.why, "parent reason");
	assert_int_equal(r.why_off, 3);

	rd_init(&r, in, sizeof in, 0);
	assert_true(rd_vec8(&r, &c));
	rd_fail(&r, "parent reason");
	rd_fail(&c, "child reason");
	assert_false(rd_close(&r, &c));
	assert_string_equal(r.why, "parent reason");
}

/* Offsets through nested children stay in outermost-input coordinates. */
static void test_nested_offsets(void **state)
{
	(void)state;
	static const uint8_t in[] = {
		0xee, 0xee,             /* 2 bytes before */
		0x00, 0x06,             /* outer vec16 of 6 */
		0x00, 0x00, 0x02,       /*   inner vec24 of 2 */
		0x11, 0x22,
		0xee,                   /*   trailing byte in the outer vector */
	};
	struct reader r, outer, inner;
	uint16_t u16;
	rd_init(&r, in, sizeof in, 1000);
	assert_true(rd_skip(&r, 2));
	assert_true(rd_vec16(&r, &outer));
	assert_int_equal(rd_offset(&outer), 1004);
	assert_true(rd_vec24(&outer, &inner));
	assert_int_equal(rd_offset(&inner), 1007);
	assert_true(rd_u16(&inner, &u16));
	assert_int_equal(u16, 0x1122);
	assert_true(rd_close(&outer, &inner));
	assert_int_equal(rd_offset(&outer), 1009);
	assert_false(rd_close(&r, &outer));
	assert_string_equal(r.why, "trailing bytes in block");
	assert_int_equal(r.why_off, 1009);

	/* A failure deep inside reaches the top with its own offset. */
	rd_init(&r, in, sizeof in, 1000);
	assert_true(rd_skip(&r, 2));
	assert_true(rd_vec16(&r, &outer));
	assert_true(rd_vec24(&outer, &inner));
	assert_true(rd_skip(&inner, 1));
	assert_false(rd_u16(&inner, &u16));
	assert_false(rd_close(&outer, &inner));
	assert_false(rd_close(&r, &outer));
	assert_string_equal(r.why, "truncated");
	assert_int_equal(r.why_off, 1008);
}

static void test_peek(void **state)
{
	(void)state;
	struct reader r;
	uint8_t u8 = 0;
	uint16_t u16 = 0;
	rd_init(&r, seq10, 4, 0);
	assert_true(rd_peek_u8(&r, 0, &u8));
	assert_int_equal(u8, 0x01);
	assert_true(rd_peek_u8(&r, 3, &u8));
	assert_int_equal(u8, 0x04);
	assert_false(rd_peek_u8(&r, 4, &u8));
	assert_false(rd_peek_u8(&r, SIZE_MAX, &u8));
	assert_true(rd_peek_u16(&r, 0, &u16));
	assert_int_equal(u16, 0x0102);
	assert_true(rd_peek_u16(&r, 2, &u16));
	assert_int_equal(u16, 0x0304);
	assert_false(rd_peek_u16(&r, 3, &u16));
	assert_false(rd_peek_u16(&r, SIZE_MAX, &u16));
	assert_false(rd_peek_u16(&r, SIZE_MAX - 1, &u16));
	/* Peeking consumes nothing and a failed peek is not a failure. */
	assert_int_equal(rd_left(&r), 4);
	assert_true(rd_ok(&r));
	/* Peek offsets are relative to the next unread byte. */
	assert_true(rd_skip(&r, 3));
	assert_true(rd_peek_u8(&r, 0, &u8));
	assert_int_equal(u8, 0x04);
	assert_false(rd_peek_u16(&r, 0, &u16));
	assert_true(rd_ok(&r));
	/* Peeking a child stops at the child's end. */
	struct reader c;
	rd_init(&r, seq10, sizeof seq10, 0);
	assert_true(rd_sub(&r, 2, &c));
	assert_true(rd_peek_u16(&c, 0, &u16));
	assert_false(rd_peek_u8(&c, 2, &u8));
	/* A failed reader cannot be peeked. */
	rd_init(&r, seq10, sizeof seq10, 0);
	rd_fail(&r, "x");
	assert_false(rd_peek_u8(&r, 0, &u8));
	assert_false(rd_peek_u16(&r, 0, &u16));
}

static void test_little_endian_reads(void **state)
{
	(void)state;
	struct reader r;
	uint16_t u16 = 0;
	uint32_t u32 = 0;
	rd_init(&r, seq10, sizeof seq10, 0);
	assert_true(rd_u16le(&r, &u16));
	assert_int_equal(u16, 0x0201);
	assert_int_equal(rd_offset(&r), 2);
	assert_true(rd_u32le(&r, &u32));
	assert_true(u32 == 0x06050403u);
	assert_int_equal(rd_offset(&r), 6);
	/* The same bytes read both ways are each other's byte swap. */
	uint32_t be = 0;
	struct reader again;
	rd_init(&again, seq10 + 2, 4, 0);
	assert_true(rd_u32(&again, &be));
	assert_true(be == 0x03040506u);
	static const uint8_t ff[4] = { 0xff, 0xff, 0xff, 0xfe };
	rd_init(&r, ff, sizeof ff, 0);
	assert_true(rd_u32le(&r, &u32));
	assert_true(u32 == 0xfeffffffu);
	assert_true(rd_ok(&r));
}

/* rd_copy also copies into the bytes it reads: a buffer moves its unread tail to its
 * front. */
static void test_move_overlapping(void **state)
{
	(void)state;
	uint8_t buf[10];
	memcpy(buf, seq10, sizeof buf);
	struct reader r;
	rd_init(&r, buf, sizeof buf, 0);
	assert_true(rd_skip(&r, 3));
	assert_true(rd_copy(&r, buf, 7));
	assert_memory_equal(buf, seq10 + 3, 7);
	assert_int_equal(rd_left(&r), 0);
	assert_true(rd_ok(&r));
	/* Short: nothing moved, the reader failed. */
	memcpy(buf, seq10, sizeof buf);
	rd_init(&r, buf, 4, 0);
	assert_false(rd_copy(&r, buf + 4, 5));
	assert_memory_equal(buf, seq10, sizeof buf);
	assert_false(rd_ok(&r));
	assert_int_equal(r.why_off, 0);
	/* Zero bytes always fit. */
	rd_init(&r, buf, 0, 0);
	assert_true(rd_copy(&r, NULL, 0));
}

static void test_peek_wide(void **state)
{
	(void)state;
	struct reader r;
	uint32_t u32 = 0;
	rd_init(&r, seq10, 6, 0);
	assert_true(rd_peek_u24(&r, 0, &u32));
	assert_true(u32 == 0x010203u);
	assert_true(rd_peek_u24(&r, 3, &u32));
	assert_true(u32 == 0x040506u);
	assert_false(rd_peek_u24(&r, 4, &u32));
	assert_true(rd_peek_u32(&r, 2, &u32));
	assert_true(u32 == 0x03040506u);
	assert_false(rd_peek_u32(&r, 3, &u32));
	assert_true(rd_peek_u32le(&r, 2, &u32));
	assert_true(u32 == 0x06050403u);
	assert_false(rd_peek_u32le(&r, 3, &u32));
	/* Offsets near SIZE_MAX do not wrap around. */
	for (size_t back = 0; back < 8; back++) {
		assert_false(rd_peek_u24(&r, SIZE_MAX - back, &u32));
		assert_false(rd_peek_u32(&r, SIZE_MAX - back, &u32));
		assert_false(rd_peek_u32le(&r, SIZE_MAX - back, &u32));
	}
	/* A failed peek leaves the output and the reader as they were. */
	u32 = 0xdeadbeefu;
	assert_false(rd_peek_u32(&r, 5, &u32));
	assert_true(u32 == 0xdeadbeefu);
	assert_int_equal(rd_left(&r), 6);
	assert_true(rd_ok(&r));
	/* Relative to the next unread byte, and never past a child's end. */
	struct reader c;
	assert_true(rd_skip(&r, 1));
	assert_true(rd_peek_u24(&r, 0, &u32));
	assert_true(u32 == 0x020304u);
	assert_true(rd_sub(&r, 3, &c));
	assert_true(rd_peek_u24(&c, 0, &u32));
	assert_false(rd_peek_u32(&c, 0, &u32));
	/* A failed reader cannot be peeked. */
	rd_fail(&r, "x");
	assert_false(rd_peek_u24(&r, 0, &u32));
	assert_false(rd_peek_u32(&r, 0, &u32));
	assert_false(rd_peek_u32le(&r, 0, &u32));
}

/* Every prefix of each peek's bytes is too short: a peek answers "not here yet". */
static void test_peek_wide_truncated(void **state)
{
	(void)state;
	for (size_t have = 0; have < 4; have++) {
		struct reader r;
		uint32_t u32;
		rd_init(&r, seq10, have, 0);
		assert_int_equal(rd_peek_u24(&r, 0, &u32), have >= 3);
		assert_false(rd_peek_u32(&r, 0, &u32));
		assert_false(rd_peek_u32le(&r, 0, &u32));
		assert_true(rd_ok(&r));
		assert_int_equal(rd_left(&r), have);
	}
}

static void test_peek_end(void **state)
{
	(void)state;
	struct reader r;
	uint8_t u8 = 0;
	rd_init(&r, seq10, 5, 0);
	assert_true(rd_peek_end_u8(&r, 0, &u8));
	assert_int_equal(u8, 0x05);
	assert_true(rd_peek_end_u8(&r, 4, &u8));
	assert_int_equal(u8, 0x01);
	assert_false(rd_peek_end_u8(&r, 5, &u8));
	assert_false(rd_peek_end_u8(&r, SIZE_MAX, &u8));
	assert_true(rd_ok(&r));
	/* The end is the view's: after reads, and in a child. */
	struct reader c;
	assert_true(rd_skip(&r, 3));
	assert_true(rd_peek_end_u8(&r, 1, &u8));
	assert_int_equal(u8, 0x04);
	assert_false(rd_peek_end_u8(&r, 2, &u8));
	rd_init(&r, seq10, sizeof seq10, 0);
	assert_true(rd_sub(&r, 3, &c));
	assert_true(rd_peek_end_u8(&c, 0, &u8));
	assert_int_equal(u8, 0x03);
	/* Empty, NULL and failed readers have no last byte. */
	rd_init(&r, seq10, 0, 0);
	assert_false(rd_peek_end_u8(&r, 0, &u8));
	rd_init(&r, NULL, 10, 0);
	assert_false(rd_peek_end_u8(&r, 0, &u8));
	rd_init(&r, seq10, sizeof seq10, 0);
	rd_fail(&r, "x");
	assert_false(rd_peek_end_u8(&r, 0, &u8));
}

static void test_tls_header(void **state)
{
	(void)state;
	/* A handshake record of TLS 1.0 framing, 0x0123 bytes, then one more byte. */
	static const uint8_t rec[] = { 0x16, 0x03, 0x01, 0x01, 0x23, 0xaa };
	struct reader r;
	struct rd_tls_header h = { 0, 0, 0 };
	rd_init(&r, rec, sizeof rec, 40);
	assert_true(rd_tls_header(&r, &h));
	assert_int_equal(h.type, TLS_CT_HANDSHAKE);
	assert_int_equal(h.version, TLS_VERSION_TLS10);
	assert_int_equal(h.length, 0x0123);
	assert_int_equal(rd_offset(&r), 40 + TLS_RECORD_HEADER_LEN);
	assert_int_equal(rd_left(&r), 1);
	/* Values are not judged: any bytes make a header. */
	static const uint8_t odd[] = { 0xff, 0xff, 0xff, 0xff, 0xff };
	rd_init(&r, odd, sizeof odd, 0);
	assert_true(rd_tls_header(&r, &h));
	assert_int_equal(h.type, 0xff);
	assert_int_equal(h.version, 0xffff);
	assert_int_equal(h.length, 0xffff);
	/* Every prefix of a header fails where the header starts, leaving *out alone. */
	for (size_t have = 0; have < TLS_RECORD_HEADER_LEN; have++) {
		struct rd_tls_header untouched = { 7, 7, 7 };
		rd_init(&r, rec, have, 40);
		assert_false(rd_tls_header(&r, &untouched));
		assert_false(rd_ok(&r));
		assert_string_equal(r.why, "truncated");
		assert_int_equal(r.why_off, 40);
		assert_int_equal(rd_left(&r), 0);
		assert_int_equal(untouched.type, 7);
		assert_int_equal(untouched.version, 7);
		assert_int_equal(untouched.length, 7);
	}
}

/* Under AddressSanitizer: reads from an exactly sized heap copy never touch a byte past
 * the end, whichever read is tried at whichever position. */
static void test_exact_heap_buffer_all_positions(void **state)
{
	(void)state;
	for (size_t len = 0; len <= 6; len++) {
		uint8_t *buf = malloc(len > 0 ? len : 1);
		memcpy(buf, seq10, len);
		for (size_t start = 0; start <= len; start++) {
			for (int op = 0; op < 17; op++) {
				struct reader r, c;
				uint8_t u8, dst[8];
				uint16_t u16;
				uint32_t u32;
				const uint8_t *v;
				struct rd_tls_header h;
				rd_init(&r, buf, len, 0);
				assert_true(rd_skip(&r, start));
				size_t left = len - start;
				bool ok = false;
				switch (op) {
				case 0: ok = rd_u8(&r, &u8); assert_int_equal(ok, left >= 1); break;
				case 1: ok = rd_u16(&r, &u16); assert_int_equal(ok, left >= 2); break;
				case 2: ok = rd_u24(&r, &u32); assert_int_equal(ok, left >= 3); break;
				case 3: ok = rd_u32(&r, &u32); assert_int_equal(ok, left >= 4); break;
				case 4: ok = rd_copy(&r, dst, left + 1); assert_false(ok); break;
				case 5: ok = rd_view(&r, left, &v); assert_true(ok); break;
				case 6: ok = rd_vec8(&r, &c); if (ok) ok = rd_skip(&c, rd_left(&c)); break;
				case 7: ok = rd_vec16(&r, &c); if (ok) ok = rd_skip(&c, rd_left(&c)); break;
				case 8: ok = rd_u16le(&r, &u16); assert_int_equal(ok, left >= 2); break;
				case 9: ok = rd_u32le(&r, &u32); assert_int_equal(ok, left >= 4); break;
				case 10: ok = rd_tls_header(&r, &h); assert_int_equal(ok, left >= 5); break;
				case 11: ok = rd_peek_u24(&r, 0, &u32); assert_int_equal(ok, left >= 3); break;
				case 12: ok = rd_peek_u32(&r, left > 0 ? left - 1 : 0, &u32); assert_false(ok); break;
				case 13: ok = rd_peek_u32le(&r, 0, &u32); assert_int_equal(ok, left >= 4); break;
				case 14: ok = rd_peek_end_u8(&r, left, &u8); assert_false(ok); break;
				case 15: ok = rd_peek_end_u8(&r, 0, &u8); assert_int_equal(ok, left >= 1); break;
				default: ok = rd_peek_u16(&r, left > 0 ? left - 1 : 0, &u16); assert_false(ok); break;
				}
				(void)ok;
				assert_true(rd_offset(&r) <= len);
			}
		}
		free(buf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_state),
		cmocka_unit_test(test_fixed_reads_big_endian),
		cmocka_unit_test(test_fixed_reads_max_values),
		cmocka_unit_test(test_skip_copy_view),
		cmocka_unit_test(test_short_reads_fail_at_offset),
		cmocka_unit_test(test_failure_is_sticky),
		cmocka_unit_test(test_rd_fail_explicit),
		cmocka_unit_test(test_huge_lengths),
		cmocka_unit_test(test_zero_length_buffer),
		cmocka_unit_test(test_null_buffer),
		cmocka_unit_test(test_sub_reader),
		cmocka_unit_test(test_sub_reader_too_long),
		cmocka_unit_test(test_vec8_16_24),
		cmocka_unit_test(test_vec_exceeds_block),
		cmocka_unit_test(test_vec_prefix_truncated),
		cmocka_unit_test(test_failed_vec_child_offset),
		cmocka_unit_test(test_close_exact),
		cmocka_unit_test(test_close_trailing_bytes),
		cmocka_unit_test(test_close_failed_child),
		cmocka_unit_test(test_close_into_failed_parent),
		cmocka_unit_test(test_nested_offsets),
		cmocka_unit_test(test_peek),
		cmocka_unit_test(test_little_endian_reads),
		cmocka_unit_test(test_move_overlapping),
		cmocka_unit_test(test_peek_wide),
		cmocka_unit_test(test_peek_wide_truncated),
		cmocka_unit_test(test_peek_end),
		cmocka_unit_test(test_tls_header),
		cmocka_unit_test(test_exact_heap_buffer_all_positions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
