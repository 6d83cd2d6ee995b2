/*
 * dsb.c — Decryption Secrets Blocks picked up while libpcap reads a pcapng (dsb.h).
 *
 * pcapng (draft-ietf-opsawg-pcapng) blocks: type (4), total length (4), body, total
 * length again; lengths are multiples of 4 and at least 12; numbers are in the byte
 * order of the section, which its Section Header Block's byte-order magic (0x1A2B3C4D)
 * gives. A Decryption Secrets Block's body: secrets type (4), secrets length (4), the
 * secrets, padding to 4, options.
 *
 * The scanner follows block boundaries across reads of any size. It never decides
 * whether the file is valid: on a length that cannot be right it stops looking, and
 * libpcap reports the damage with the packet number.
 */
#define _GNU_SOURCE /* fopencookie */ // NOLINT(bugprone-reserved-identifier): a feature test macro
#include "dsb.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"

#define BLOCK_SHB 0x0A0D0D0Au
#define BLOCK_DSB 0x0000000Au
#define BYTE_ORDER_MAGIC 0x1A2B3C4Du
#define SECRETS_TLS_KEYLOG 0x544C534Bu

/* A Decryption Secrets Block held whole to be parsed: a key log of a few thousand
 * connections is a few hundred KB; larger blocks are skipped and counted. */
#define DSB_MAX_BLOCK (16u * 1024u * 1024u)

/* Bytes of a block's start read before its length is known: type, length, and the
 * first body word (an SHB's byte-order magic, a DSB's secrets type). */
#define HEAD_BYTES 12

struct dsb_scan {
	FILE *inner;
	struct keylog *kl;
	struct dsb_stats *stats;
	bool big_endian;
	bool stopped;            /* a length that cannot be right: stop looking */
	uint8_t head[HEAD_BYTES];
	size_t head_len;
	uint64_t skip;           /* bytes of the current block still to pass */
	uint8_t *block;          /* a DSB being gathered */
	size_t block_len, block_got;
};

static uint32_t word(const struct dsb_scan *s, const uint8_t *p)
{
	return s->big_endian ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
			     : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* A whole DSB: its TLS key log lines go into the capture's key log. */
static void take_block(struct dsb_scan *s)
{
	struct reader r;
	rd_init(&r, s->block, s->block_len, 0);
	const uint8_t *secrets;
	uint8_t w[4];
	if (!rd_skip(&r, 8) || !rd_copy(&r, w, 4))
		return;
	uint32_t type = word(s, w);
	if (!rd_copy(&r, w, 4))
		return;
	uint32_t len = word(s, w);
	if (type != SECRETS_TLS_KEYLOG) {
		s->stats->other_blocks++;
		return;
	}
	if (!rd_view(&r, len, &secrets))
		return;
	s->stats->blocks++;
	keylog_add_text(s->kl, secrets, len, &s->stats->lines);
}

static void start_block(struct dsb_scan *s)
{
	if (word(s, s->head) == BLOCK_SHB) {
		/* The SHB's type reads the same in both orders; its magic says which it is. */
		s->big_endian = true;
		if (word(s, s->head + 8) != BYTE_ORDER_MAGIC) {
			s->big_endian = false;
			if (word(s, s->head + 8) != BYTE_ORDER_MAGIC) {
				s->stopped = true;
				return;
			}
		}
	}
	uint32_t total = word(s, s->head + 4);
	if (total < HEAD_BYTES || total % 4 != 0) {
		s->stopped = true;
		return;
	}
	s->skip = total - HEAD_BYTES;
	if (word(s, s->head) == BLOCK_DSB) {
		if (total > DSB_MAX_BLOCK) {
			s->stats->too_large++;
			return;
		}
		s->block = malloc(total);
		if (s->block == NULL)
			return;
		memcpy(s->block, s->head, HEAD_BYTES);
		s->block_len = total;
		s->block_got = HEAD_BYTES;
	}
}

/* Follows the blocks through n more bytes of the stream. */
static void scan(struct dsb_scan *s, const uint8_t *p, size_t n)
{
	while (n > 0 && !s->stopped) {
		if (s->skip == 0) {
			size_t take = HEAD_BYTES - s->head_len < n ? HEAD_BYTES - s->head_len : n;
			memcpy(s->head + s->head_len, p, take);
			s->head_len += take;
			p += take;
			n -= take;
			if (s->head_len == HEAD_BYTES) {
				s->head_len = 0;
				start_block(s);
				if (s->skip == 0 && s->block != NULL) {
					take_block(s);
					free(s->block);
					s->block = NULL;
				}
			}
			continue;
		}
		size_t take = s->skip < n ? (size_t)s->skip : n;
		if (s->block != NULL) {
			memcpy(s->block + s->block_got, p, take);
			s->block_got += take;
		}
		s->skip -= take;
		p += take;
		n -= take;
		if (s->skip == 0 && s->block != NULL) {
			take_block(s);
			free(s->block);
			s->block = NULL;
		}
	}
}

static ssize_t wrap_read(void *cookie, char *buf, size_t size)
{
	struct dsb_scan *s = cookie;
	size_t got = fread(buf, 1, size, s->inner);
	if (got == 0 && ferror(s->inner))
		return -1;
	scan(s, (const uint8_t *)buf, got);
	return (ssize_t)got;
}

static int wrap_close(void *cookie)
{
	struct dsb_scan *s = cookie;
	int rc = fclose(s->inner);
	free(s->block);
	free(s);
	return rc;
}

FILE *dsb_wrap(FILE *fp, struct keylog *kl, struct dsb_stats *stats)
{
	struct dsb_scan *s = calloc(1, sizeof *s);
	if (s == NULL)
		return NULL;
	s->inner = fp;
	s->kl = kl;
	s->stats = stats;
	cookie_io_functions_t io = { .read = wrap_read, .close = wrap_close };
	FILE *wrapped = fopencookie(s, "r", io);
	if (wrapped == NULL)
		free(s);
	return wrapped;
}
