/*
 * bytes.h — the one bounded reader through which every byte of untrusted input passes.
 *
 * A reader is a view (pointer + length) over bytes owned by someone else. Every read
 * consumes exactly the bytes it asks for or fails. Failure is sticky: the reader records
 * the reason and the offset, empties itself, and every later read fails, so parsers can
 * be written as straight lines and checked where they decide. Length-prefixed fields are
 * read through child readers bounded to the field (rd_vec8/16/24); rd_close checks that a
 * child was consumed exactly.
 *
 * The reader never allocates and never copies, except rd_copy into a caller's buffer. Words are big-endian (network order) unless the name ends in "le": pcapng
 * sections and BSD loopback headers can be little-endian.
 */
#ifndef TLSDIAG_BYTES_H
#define TLSDIAG_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tls_wire.h"

struct reader {
	const uint8_t *p;     /* next unread byte */
	size_t left;          /* bytes remaining in this view */
	size_t base;          /* offset of the view's start within the outermost input */
	size_t start_left;    /* length of the view when it was made */
	const char *why;      /* first failure, or NULL */
	size_t why_off;       /* offset (from the outermost start) of the first failure */
};

/* A reader over buf[0..len) (none when buf is NULL). base is the offset reported in
 * failures. */
static inline void rd_init(struct reader *r, const uint8_t *buf, size_t len, size_t base);

static inline size_t rd_left(const struct reader *r) { return r->left; }
static inline bool rd_ok(const struct reader *r) { return r->why == NULL; }
/* Offset of the next unread byte from the outermost input's start. */
static inline size_t rd_offset(const struct reader *r) { return r->base + (r->start_left - r->left); }

/* Marks the reader failed with a reason (a static string); keeps the first reason. */
void rd_fail(struct reader *r, const char *why);

/* Fixed-size big-endian reads. Return false (and fail the reader) when short. */
static inline bool rd_u8(struct reader *r, uint8_t *out) __attribute__((warn_unused_result));
static inline bool rd_u16(struct reader *r, uint16_t *out) __attribute__((warn_unused_result));
static inline bool rd_u24(struct reader *r, uint32_t *out) __attribute__((warn_unused_result));
static inline bool rd_u32(struct reader *r, uint32_t *out) __attribute__((warn_unused_result));
/* The same, little-endian. */
static inline bool rd_u16le(struct reader *r, uint16_t *out) __attribute__((warn_unused_result));
static inline bool rd_u32le(struct reader *r, uint32_t *out) __attribute__((warn_unused_result));
static inline bool rd_skip(struct reader *r, size_t n) __attribute__((warn_unused_result));
/* The same in the byte order a capture file declares (a pcap's magic, a pcapng section's
 * byte-order magic): big-endian when big_endian. */
static inline bool rd_u16_in(struct reader *r, bool big_endian, uint16_t *out) __attribute__((warn_unused_result));
static inline bool rd_u32_in(struct reader *r, bool big_endian, uint32_t *out) __attribute__((warn_unused_result));

/* Copies n bytes into dst (caller's buffer of at least n bytes). dst may overlap the
 * bytes read: a buffer moving its unread tail to its front reads it through a reader
 * over itself. */
static inline bool rd_copy(struct reader *r, void *dst, size_t n) __attribute__((warn_unused_result));

/* A view of the next n bytes, consumed from r; *out lives as long as r's buffer. */
static inline bool rd_view(struct reader *r, size_t n, const uint8_t **out) __attribute__((warn_unused_result));

/* Child reader over the next n bytes, consumed from r. */
static inline bool rd_sub(struct reader *r, size_t n, struct reader *child) __attribute__((warn_unused_result));

/* A QUIC variable-length integer (RFC 9000 16): the first byte's two high bits give its
 * length, 1, 2, 4 or 8 bytes; the value is at most 2^62 - 1. */
static inline bool rd_varint(struct reader *r, uint64_t *out) __attribute__((warn_unused_result));

/* Child reader over a vector whose length is an 8/16/24-bit prefix. */
bool rd_vec8(struct reader *r, struct reader *child) __attribute__((warn_unused_result));
bool rd_vec16(struct reader *r, struct reader *child) __attribute__((warn_unused_result));
bool rd_vec24(struct reader *r, struct reader *child) __attribute__((warn_unused_result));

/*
 * Ends a child: true when the child is unfailed and fully consumed. Otherwise the parent
 * is failed with the child's reason (or "trailing bytes") at the child's offset.
 */
bool rd_close(struct reader *parent, struct reader *child) __attribute__((warn_unused_result));

/*
 * Peeks at the bytes from `at` (counted from the next unread byte) without consuming;
 * false, and *out untouched, when fewer than the needed bytes remain or the reader has
 * failed. A false peek does not fail the reader: framers ask "is it here yet?".
 */
static inline bool rd_peek_u8(const struct reader *r, size_t at, uint8_t *out) __attribute__((warn_unused_result));
static inline bool rd_peek_u16(const struct reader *r, size_t at, uint16_t *out) __attribute__((warn_unused_result));
static inline bool rd_peek_u24(const struct reader *r, size_t at, uint32_t *out) __attribute__((warn_unused_result));
static inline bool rd_peek_u32(const struct reader *r, size_t at, uint32_t *out) __attribute__((warn_unused_result));
static inline bool rd_peek_u32le(const struct reader *r, size_t at, uint32_t *out) __attribute__((warn_unused_result));
/* Peeks at the byte `back` bytes before the view's last one (0: the last byte), for
 * formats read from their end: CBC padding, TLS 1.3's inner content type. */
static inline bool rd_peek_end_u8(const struct reader *r, size_t back, uint8_t *out) __attribute__((warn_unused_result));

/*
 * A TLS record header as it stands on the wire (RFC 8446 5.1, RFC 5246 6.2.1):
 *   struct { ContentType type; ProtocolVersion legacy_record_version; uint16 length; }
 * rd_tls_header consumes its TLS_RECORD_HEADER_LEN bytes or fails; the values are not
 * judged (the framer decides what a plausible type, version and length are).
 */
struct rd_tls_header {
	uint8_t type;
	uint16_t version;
	uint16_t length;
};
static inline bool rd_tls_header(struct reader *r, struct rd_tls_header *out) __attribute__((warn_unused_result));

/* ---- the reads, inline: every byte of every packet passes here ---- */

static inline void rd_init(struct reader *r, const uint8_t *buf, size_t len, size_t base)
{
	r->p = buf;
	r->left = buf ? len : 0;
	r->base = base;
	r->start_left = r->left;
	r->why = NULL;
	r->why_off = 0;
}

static inline bool rd_take_(struct reader *r, size_t n, const uint8_t **out)
{
	if (r->why != NULL || n > r->left) {
		rd_fail(r, "truncated");
		return false;
	}
	*out = r->p;
	r->p += n;
	r->left -= n;
	return true;
}

/* The n (2, 3 or 4) bytes at q as a big- or little-endian number. Each width is
 * spelled out: n is a constant at every call, so this folds to straight-line code. */
static inline uint32_t rd_be_(const uint8_t *q, size_t n)
{
	switch (n) {
	case 2: return (uint32_t)q[0] << 8 | q[1];
	case 3: return (uint32_t)q[0] << 16 | (uint32_t)q[1] << 8 | q[2];
	default: return (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3];
	}
}

static inline uint32_t rd_le_(const uint8_t *q, size_t n)
{
	switch (n) {
	case 2: return (uint32_t)q[1] << 8 | q[0];
	case 3: return (uint32_t)q[2] << 16 | (uint32_t)q[1] << 8 | q[0];
	default: return (uint32_t)q[3] << 24 | (uint32_t)q[2] << 16 | (uint32_t)q[1] << 8 | q[0];
	}
}

/* Consumes an n-byte word. */
static inline bool rd_word_(struct reader *r, size_t n, bool le, uint32_t *out)
{
	const uint8_t *q;
	if (!rd_take_(r, n, &q))
		return false;
	*out = le ? rd_le_(q, n) : rd_be_(q, n);
	return true;
}

static inline bool rd_u8(struct reader *r, uint8_t *out)
{
	const uint8_t *q;
	if (!rd_take_(r, 1, &q))
		return false;
	*out = q[0];
	return true;
}

static inline bool rd_word16_(struct reader *r, bool le, uint16_t *out)
{
	uint32_t v;
	if (!rd_word_(r, 2, le, &v))
		return false;
	*out = (uint16_t)v;
	return true;
}

static inline bool rd_u16(struct reader *r, uint16_t *out) { return rd_word16_(r, false, out); }
static inline bool rd_u24(struct reader *r, uint32_t *out) { return rd_word_(r, 3, false, out); }
static inline bool rd_u32(struct reader *r, uint32_t *out) { return rd_word_(r, 4, false, out); }
static inline bool rd_u16le(struct reader *r, uint16_t *out) { return rd_word16_(r, true, out); }
static inline bool rd_u32le(struct reader *r, uint32_t *out) { return rd_word_(r, 4, true, out); }
static inline bool rd_u16_in(struct reader *r, bool big_endian, uint16_t *out) { return rd_word16_(r, !big_endian, out); }
static inline bool rd_u32_in(struct reader *r, bool big_endian, uint32_t *out) { return rd_word_(r, 4, !big_endian, out); }

static inline bool rd_skip(struct reader *r, size_t n)
{
	const uint8_t *q;
	return rd_take_(r, n, &q);
}

static inline bool rd_copy(struct reader *r, void *dst, size_t n)
{
	const uint8_t *q;
	if (!rd_take_(r, n, &q))
		return false;
	if (n > 0)
		memmove(dst, q, n);
	return true;
}

static inline bool rd_varint(struct reader *r, uint64_t *out)
{
	const uint8_t *q;
	if (!rd_take_(r, 1, &q))
		return false;
	size_t n = (size_t)1 << (q[0] >> 6);
	uint64_t v = q[0] & 0x3f;
	if (n > 1) {
		if (!rd_take_(r, n - 1, &q))
			return false;
		for (size_t i = 0; i < n - 1; i++)
			v = v << 8 | q[i];
	}
	*out = v;
	return true;
}

static inline bool rd_view(struct reader *r, size_t n, const uint8_t **out)
{
	return rd_take_(r, n, out);
}

static inline bool rd_sub(struct reader *r, size_t n, struct reader *child)
{
	size_t off = rd_offset(r);
	const uint8_t *q;
	if (!rd_take_(r, n, &q)) {
		rd_init(child, NULL, 0, off);
		child->why = "truncated";
		child->why_off = off;
		return false;
	}
	rd_init(child, q, n, off);
	return true;
}

/* The n bytes from at, when they are all there (at + n computed without overflow). */
static inline bool rd_peek_at_(const struct reader *r, size_t at, size_t n, const uint8_t **out)
{
	if (r->why != NULL || n > r->left || at > r->left - n)
		return false;
	*out = r->p + at;
	return true;
}

static inline bool rd_peek_word_(const struct reader *r, size_t at, size_t n, bool le, uint32_t *out)
{
	const uint8_t *q;
	if (!rd_peek_at_(r, at, n, &q))
		return false;
	*out = le ? rd_le_(q, n) : rd_be_(q, n);
	return true;
}

static inline bool rd_peek_u8(const struct reader *r, size_t at, uint8_t *out)
{
	const uint8_t *q;
	if (!rd_peek_at_(r, at, 1, &q))
		return false;
	*out = q[0];
	return true;
}

static inline bool rd_peek_u16(const struct reader *r, size_t at, uint16_t *out)
{
	uint32_t v;
	if (!rd_peek_word_(r, at, 2, false, &v))
		return false;
	*out = (uint16_t)v;
	return true;
}

static inline bool rd_peek_u24(const struct reader *r, size_t at, uint32_t *out) { return rd_peek_word_(r, at, 3, false, out); }
static inline bool rd_peek_u32(const struct reader *r, size_t at, uint32_t *out) { return rd_peek_word_(r, at, 4, false, out); }
static inline bool rd_peek_u32le(const struct reader *r, size_t at, uint32_t *out) { return rd_peek_word_(r, at, 4, true, out); }

static inline bool rd_peek_end_u8(const struct reader *r, size_t back, uint8_t *out)
{
	if (r->why != NULL || back >= r->left)
		return false;
	*out = r->p[r->left - 1 - back];
	return true;
}

static inline bool rd_tls_header(struct reader *r, struct rd_tls_header *out)
{
	const uint8_t *q;
	if (!rd_take_(r, TLS_RECORD_HEADER_LEN, &q))
		return false;
	out->type = q[0];
	out->version = (uint16_t)rd_be_(q + 1, 2);
	out->length = (uint16_t)rd_be_(q + 3, 2);
	return true;
}

/* The value of a hex digit (either case), or -1: key logs' secrets, OpenSSL's error codes. */
static inline int hex_digit_value(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
