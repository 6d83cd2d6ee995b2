/*
 * gen_util.h — helpers shared by the generators of hand-built test captures
 * (tests/hostile/gen.c, tests/bounds/gen_bounds.c): fatal errors, big- and little-endian
 * stores, and a growable byte buffer with length-prefixed fields. Header-only, so that
 * each generator stays one `cc` command; define GEN_NAME (the program's name, for
 * messages) before including it.
 */
#ifndef TLSDIAG_TESTS_GEN_UTIL_H
#define TLSDIAG_TESTS_GEN_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef GEN_NAME
#error "define GEN_NAME before including gen_util.h"
#endif

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs(GEN_NAME ": ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static inline void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void put24(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 16);
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)v;
}

static inline void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static inline void put32le(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* A growable byte buffer for building messages. */
struct buf {
	uint8_t *p;
	size_t len, cap;
};

static inline void buf_reserve(struct buf *b, size_t more)
{
	if (b->len + more <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + more)
		cap *= 2;
	uint8_t *grown = realloc(b->p, cap);
	if (grown == NULL)
		die("out of memory");
	b->p = grown;
	b->cap = cap;
}

static inline void buf_add(struct buf *b, const void *data, size_t len)
{
	buf_reserve(b, len);
	if (len > 0)
		memcpy(b->p + b->len, data, len);
	b->len += len;
}

static inline void buf_u8(struct buf *b, uint32_t v) { uint8_t x = (uint8_t)v; buf_add(b, &x, 1); }
static inline void buf_u16(struct buf *b, uint32_t v) { uint8_t x[2]; put16(x, v); buf_add(b, x, 2); }
static inline void buf_u24(struct buf *b, uint32_t v) { uint8_t x[3]; put24(x, v); buf_add(b, x, 3); }

/* Reserves a length field of width bytes and returns its offset; buf_end_len fills it
 * once the body is known. */
static inline size_t buf_begin_len(struct buf *b, size_t width)
{
	size_t at = b->len;
	uint8_t zero[3] = { 0 };
	buf_add(b, zero, width);
	return at;
}

/* Fills the length field at `at` with the bytes added since, plus extra (a length that
 * lies about what follows, for hostile inputs); a length that does not fit is fatal
 * unless extra asks for a lie. */
static inline void buf_end_len(struct buf *b, size_t at, size_t width, size_t extra)
{
	size_t len = b->len - at - width + extra;
	if (extra == 0 && ((width == 1 && len > 0xff) || (width == 2 && len > 0xffff) || len > 0xffffff))
		die("a length of %zu bytes does not fit %zu byte(s)", len, width);
	if (width == 1)
		b->p[at] = (uint8_t)len;
	else if (width == 2)
		put16(b->p + at, (uint32_t)len);
	else
		put24(b->p + at, (uint32_t)len);
}

static inline void buf_free(struct buf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

#endif
