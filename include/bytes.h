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
bool rd_u8(struct reader *r, uint8_t *out) __attribute__((warn_unused_result));
bool rd_u16(struct reader *r, uint16_t *out) __attribute__((warn_unused_result));
bool rd_u24(struct reader *r, uint32_t *out) __attribute__((warn_unused_result));
bool rd_u32(struct reader *r, uint32_t *out) __attribute__((warn_unused_result));
bool rd_skip(struct reader *r, size_t n) __attribute__((warn_unused_result));

/* Copies n bytes into dst (caller's buffer of at least n bytes). */
bool rd_copy(struct reader *r, void *dst, size_t n) __attribute__((warn_unused_result));

/* A view of the next n bytes, consumed from r; *out lives as long as r's buffer. */
bool rd_view(struct reader *r, size_t n, const uint8_t **out) __attribute__((warn_unused_result));

/* Child reader over the next n bytes, consumed from r. */
bool rd_sub(struct reader *r, size_t n, struct reader *child) __attribute__((warn_unused_result));

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
bool rd_peek_u8(const struct reader *r, size_t at, uint8_t *out) __attribute__((warn_unused_result));
bool rd_peek_u16(const struct reader *r, size_t at, uint16_t *out) __attribute__((warn_unused_result));

#endif
