/*
 * bytes.c — the bounded reader (see include/bytes.h). Every bounds check of the
 * program's parsers happens here, so there is one place to get it right.
 */
#include "bytes.h"

#include <string.h>

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
