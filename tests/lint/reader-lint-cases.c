/*
 * reader-lint-cases.c — what tests/lint/reader-lint.sh must find, and what it must let
 * through; `sh tests/lint/reader-lint.sh --self-test` (run by make lint) checks that it
 * finds exactly the lines marked as findings (a comment on the line). Never compiled:
 * the cases only need to look like the parsers' code.
 */
#include <stdint.h>
#include <string.h>

#include "bytes.h"

struct gather {
	uint8_t hdr[5];          /* input gathered across segments */
	uint8_t *body;
	size_t n;
	unsigned count[4];
};

struct out {
	uint8_t copy[16];
	uint8_t n_items;
};

/* ---- input read around the reader ---- */

static unsigned sniff(const uint8_t *p, size_t len)
{
	if (len >= 2 && p[1] != 3) /* expect: finding */
		return 0;
	unsigned v = (unsigned)p[3] << 8 | p[4]; /* expect: finding */
	v += *(p + 2);                          /* expect: finding */
	v += *p;                                /* expect: finding */
	while (len-- > 0)
		v += *p++;                      /* expect: finding */
	return v;
}

static uint32_t words(const unsigned char *data, size_t off, struct gather *g)
{
	uint32_t w = ntohl(*(const uint32_t *)data); /* expect: finding */
	w += ntohs(0);                               /* expect: finding */
	w += data[off + 1];                          /* expect: finding */
	w += g->hdr[0];                              /* expect: finding */
	w += *g->body;                               /* expect: finding */
	return w;
}

static void copies(struct gather *g, const uint8_t *frame, size_t len, struct out *o)
{
	uint8_t local[4];
	memcpy(local, frame, 4);               /* expect: finding */
	memmove(g->body, frame + 2, len - 2);  /* expect: finding */
	memcpy(o->copy, g->hdr, 5);            /* expect: finding */
	memcpy(o->copy, &frame[4], 4);         /* expect: finding */
	memcpy(o->copy,                        /* expect: finding */
	       (const void *)frame, 4);
}

static uint8_t copied(struct reader *r)
{
	uint8_t b[4];
	if (!rd_copy(r, b, sizeof b))
		return 0;
	return (uint8_t)(b[0] | b[3]);         /* expect: finding */
}

static size_t insides(struct reader *r)
{
	struct reader child, other;
	const uint8_t *q = r->p;               /* expect: finding */
	(void)q;
	(void)child;
	return other.left;                     /* expect: finding */
}

static void from_a_file(int fd)
{
	uint8_t buf[512];
	long got = read(fd, buf, sizeof buf);
	if (got > 0 && buf[0] == '\n')         /* expect: finding */
		return;
	uint8_t line[512];
	memcpy(line, buf, sizeof line);        /* expect: finding */
}

/* ---- look-alikes that read no input ---- */

static void writes_and_addresses(struct gather *g, uint8_t *out, const uint8_t *p, size_t len, struct reader *r)
{
	out[0] = 1;                            /* a write */
	out[1] |= 2;
	g->hdr[2]++;
	++g->hdr[3];
	*out = 0;
	memcpy(g->hdr, out, 2);                /* from a non-const pointer: the caller's buffer */
	memset(g->hdr, 0, sizeof g->hdr[0]);
	const uint8_t *at = &p[len];           /* an address, not a read */
	(void)at;
	if (!rd_copy(r, &g->hdr[1], 1))        /* a destination */
		return;
	if (r->why != NULL || rd_left(r) == 0) /* the failure record and accessors are public */
		return;
}

static unsigned own_arrays(const struct endpoint *e, uint8_t *n_items)
{
	uint8_t digest[32];
	uint8_t nonce[12] = { 0 };
	unsigned sum = 0;
	for (int i = 0; i < 12; i++)
		nonce[i] ^= digest[i];         /* computed here, never input */
	sum += e->addr[0];                     /* a field of a struct declared elsewhere: facts */
	sum += (unsigned)*n_items;             /* a non-const pointer: an out-parameter */
	sum += (unsigned)(e->port * 2);
	return sum + nonce[0];
}

static void whole_copy(struct out *o, struct reader *r)
{
	uint8_t src[4];
	if (!rd_copy(r, src, 4))
		return;
	memcpy(o->copy, src, 4);               /* a whole copy of what the reader filled */
	const char *text = "p[1] *(p + 2) ntohs(x)";   /* strings and comments: p[0] */
	(void)text;
}

static void let_through(const uint8_t *key, uint8_t *out)
{
	out[0] = key[0]; // reader-lint: key material derived by the caller, not input
	// reader-lint: the line below is let through from here
	out[1] = key[1];
	out[2] = key[2]; /* expect: finding */
	out[3] = key[3]; /* expect: finding */ // reader-lint:
}

#define PEEK(p) ((p)[0])                       /* macros are not read */
