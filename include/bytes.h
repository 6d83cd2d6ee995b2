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
 * The reader never allocates and never copies, except rd_copy into a caller's buffer.
 */
#ifndef TLSDIAG_BYTES_H
#define TLSDIAG_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct reader {
	const uint8_t *p;     /* next unread byte */
	size_t left;          /* bytes remaining in this view */
	size_t base;          /* offset of the view's start within the outermost input */
	size_t start_left;    /* length of the view when it was made */
	const char *why;      /* first failure, or NULL */
	size_t why_off;       /* offset (from the outermost start) of the first failure */
};

/* A reader over buf[0..len). base is the offset reported in failures. */
void rd_init(struct reader *r, const uint8_t *buf, size_t len, size_t base);

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
static inline bool rd_skip(struct reader *r, size_t n) __attribute__((warn_unused_result));

/* Copies n bytes into dst (caller's buffer of at least n bytes). */
static inline bool rd_copy(struct reader *r, void *dst, size_t n) __attribute__((warn_unused_result));

/* A view of the next n bytes, consumed from r; *out lives as long as r's buffer. */
static inline bool rd_view(struct reader *r, size_t n, const uint8_t **out) __attribute__((warn_unused_result));

/* Child reader over the next n bytes, consumed from r. */
static inline bool rd_sub(struct reader *r, size_t n, struct reader *child) __attribute__((warn_unused_result));

/* Child reader over a vector whose length is an 8/16/24-bit prefix. */
bool rd_vec8(struct reader *r, struct reader *child) __attribute__((warn_unused_result));
bool rd_vec16(struct reader *r, struct reader *child) __attribute__((warn_unused_result));
bool rd_vec24(struct reader *r, struct reader *child) __attribute__((warn_unused_result));

/*
 * Ends a child: true when the child is unfailed and fully consumed. Otherwise the parent
 * is failed with the child's reason (or "trailing bytes") at the child's offset.
 */
bool rd_close(struct reader *parent, struct reader *child) __attribute__((warn_unused_result));

/* Peeks without consuming; false when fewer than the needed bytes remain (not a failure). */
static inline bool rd_peek_u8(const struct reader *r, size_t at, uint8_t *out) __attribute__((warn_unused_result));
static inline bool rd_peek_u16(const struct reader *r, size_t at, uint16_t *out) __attribute__((warn_unused_result));

/* ---- the reads, inline: every byte of every packet passes here ---- */

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

static inline bool rd_u8(struct reader *r, uint8_t *out)
{
	const uint8_t *q;
	if (!rd_take_(r, 1, &q))
		return false;
	*out = q[0];
	return true;
}

static inline bool rd_u16(struct reader *r, uint16_t *out)
{
	const uint8_t *q;
	if (!rd_take_(r, 2, &q))
		return false;
	*out = (uint16_t)((unsigned)q[0] << 8 | q[1]);
	return true;
}

static inline bool rd_u24(struct reader *r, uint32_t *out)
{
	const uint8_t *q;
	if (!rd_take_(r, 3, &q))
		return false;
	*out = (uint32_t)q[0] << 16 | (uint32_t)q[1] << 8 | q[2];
	return true;
}

static inline bool rd_u32(struct reader *r, uint32_t *out)
{
	const uint8_t *q;
	if (!rd_take_(r, 4, &q))
		return false;
	*out = (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3];
	return true;
}

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
		memcpy(dst, q, n);
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

static inline bool rd_peek_u8(const struct reader *r, size_t at, uint8_t *out)
{
	if (r->why != NULL || at >= r->left)
		return false;
	*out = r->p[at];
	return true;
}

static inline bool rd_peek_u16(const struct reader *r, size_t at, uint16_t *out)
{
	if (r->why != NULL || r->left < 2 || at > r->left - 2)
		return false;
	*out = (uint16_t)((unsigned)r->p[at] << 8 | r->p[at + 1]);
	return true;
}

#endif
