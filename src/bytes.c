/*
 * bytes.c — the bounded reader (see include/bytes.h). Every bounds check of the
 * program's parsers happens here, so there is one place to get it right.
 */
#include "bytes.h"

#include <string.h>

void rd_init(struct reader *r, const uint8_t *buf, size_t len, size_t base)
{
	r->p = buf;
	r->left = buf ? len : 0;
	r->base = base;
	r->start_left = r->left;
	r->why = NULL;
	r->why_off = 0;
}

void rd_fail(struct reader *r, const char *why)
{
	if (r->why == NULL) {
		r->why = why;
		r->why_off = rd_offset(r);
	}
	/* Emptying the reader makes every later read fail and every loop over rd_left end. */
	r->p += r->left;
	r->left = 0;
}

static bool take(struct reader *r, size_t n, const uint8_t **out)
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

bool rd_u8(struct reader *r, uint8_t *out)
{
	const uint8_t *q;
	if (!take(r, 1, &q))
		return false;
	*out = q[0];
	return true;
}

bool rd_u16(struct reader *r, uint16_t *out)
{
	const uint8_t *q;
	if (!take(r, 2, &q))
		return false;
	*out = (uint16_t)((unsigned)q[0] << 8 | q[1]);
	return true;
}

bool rd_u24(struct reader *r, uint32_t *out)
{
	const uint8_t *q;
	if (!take(r, 3, &q))
		return false;
	*out = (uint32_t)q[0] << 16 | (uint32_t)q[1] << 8 | q[2];
	return true;
}

bool rd_u32(struct reader *r, uint32_t *out)
{
	const uint8_t *q;
	if (!take(r, 4, &q))
		return false;
	*out = (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3];
	return true;
}

bool rd_skip(struct reader *r, size_t n)
{
	const uint8_t *q;
	return take(r, n, &q);
}

bool rd_copy(struct reader *r, void *dst, size_t n)
{
	const uint8_t *q;
	if (!take(r, n, &q))
		return false;
	if (n > 0)
		memcpy(dst, q, n);
	return true;
}

bool rd_view(struct reader *r, size_t n, const uint8_t **out)
{
	return take(r, n, out);
}

bool rd_sub(struct reader *r, size_t n, struct reader *child)
{
	size_t off = rd_offset(r);
	const uint8_t *q;
	if (!take(r, n, &q)) {
		rd_init(child, NULL, 0, off);
		child->why = "truncated";
		child->why_off = off;
		return false;
	}
	rd_init(child, q, n, off);
	return true;
}

/* A child for a vector whose length could not be read or does not fit: failed, with
 * the parent's reason and offset. */
static bool failed_child(struct reader *r, struct reader *child)
{
	rd_init(child, NULL, 0, rd_offset(r));
	child->why = r->why ? r->why : "truncated";
	child->why_off = r->why ? r->why_off : rd_offset(r);
	return false;
}

static bool vec(struct reader *r, size_t n, bool length_ok, struct reader *child)
{
	if (!length_ok)
		return failed_child(r, child);
	if (n > r->left) {
		rd_fail(r, "vector length exceeds block");
		return failed_child(r, child);
	}
	return rd_sub(r, n, child);
}

bool rd_vec8(struct reader *r, struct reader *child)
{
	uint8_t n = 0;
	bool ok = rd_u8(r, &n);
	return vec(r, n, ok, child);
}

bool rd_vec16(struct reader *r, struct reader *child)
{
	uint16_t n = 0;
	bool ok = rd_u16(r, &n);
	return vec(r, n, ok, child);
}

bool rd_vec24(struct reader *r, struct reader *child)
{
	uint32_t n = 0;
	bool ok = rd_u24(r, &n);
	return vec(r, n, ok, child);
}

bool rd_close(struct reader *parent, struct reader *child)
{
	if (child->why != NULL) {
		if (parent->why == NULL) {
			parent->why = child->why;
			parent->why_off = child->why_off;
		}
		rd_fail(parent, child->why);
		return false;
	}
	if (child->left != 0) {
		if (parent->why == NULL) {
			parent->why = "trailing bytes in block";
			parent->why_off = rd_offset(child);
		}
		rd_fail(parent, parent->why);
		return false;
	}
	return parent->why == NULL;
}

bool rd_peek_u8(const struct reader *r, size_t at, uint8_t *out)
{
	if (r->why != NULL || at >= r->left)
		return false;
	*out = r->p[at];
	return true;
}

bool rd_peek_u16(const struct reader *r, size_t at, uint16_t *out)
{
	if (r->why != NULL || r->left < 2 || at > r->left - 2)
		return false;
	*out = (uint16_t)((unsigned)r->p[at] << 8 | r->p[at + 1]);
	return true;
}
