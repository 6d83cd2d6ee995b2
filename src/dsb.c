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

/* A 32-bit word in the section's byte order; false when r is short. */
static bool word(const struct dsb_scan *s, struct reader *r, uint32_t *out) __attribute__((warn_unused_result));
static bool word(const struct dsb_scan *s, struct reader *r, uint32_t *out)
{
	return s->big_endian ? rd_u32(r, out) : rd_u32le(r, out);
}

/* A whole DSB: its TLS key log lines go into the capture's key log. */
static void take_block(struct dsb_scan *s)
{
	struct reader r;
	rd_init(&r, s->block, s->block_len, 0);
	const uint8_t *secrets;
	uint32_t type, len;
	if (!rd_skip(&r, 8) || !word(s, &r, &type) || !word(s, &r, &len))
		return;
	if (type != SECRETS_TLS_KEYLOG) {
		s->stats->other_blocks++;
		return;
	}
	if (!rd_view(&r, len, &secrets))
		return;
	s->stats->blocks++;
	keylog_add_text(s->kl, secrets, len, &s->stats->lines);
}

/* A block's type(4) and total length(4), and an SHB's byte-order magic(4), in s->head. */
static void start_block(struct dsb_scan *s)
{
	struct reader r;
	uint32_t type, total, magic_be, magic_le;
	rd_init(&r, s->head, HEAD_BYTES, 0);
	if (!word(s, &r, &type))
		return; /* cannot happen: the head is whole */
	if (type == BLOCK_SHB) {
		/* The SHB's type reads the same in both orders; its magic (the word after the
		 * length) says which it is. */
		if (!rd_peek_u32(&r, 4, &magic_be) || !rd_peek_u32le(&r, 4, &magic_le))
			return; /* cannot happen: the head is whole */
		s->big_endian = magic_be == BYTE_ORDER_MAGIC;
		if (!s->big_endian && magic_le != BYTE_ORDER_MAGIC) {
			s->stopped = true;
			return;
		}
	}
	if (!word(s, &r, &total))
		return; /* cannot happen: the head is whole */
	if (total < HEAD_BYTES || total % 4 != 0) {
		s->stopped = true;
		return;
	}
	s->skip = total - HEAD_BYTES;
	if (type == BLOCK_DSB) {
		if (total > DSB_MAX_BLOCK) {
			s->stats->too_large++;
			return;
		}
		s->block = malloc(total);
		if (s->block == NULL)
			return;
		struct reader head;
		rd_init(&head, s->head, HEAD_BYTES, 0);
		if (!rd_copy(&head, s->block, HEAD_BYTES))
			return; /* cannot happen: the head is whole */
		s->block_len = total;
		s->block_got = HEAD_BYTES;
	}
}

/* Follows the blocks through n more bytes of the stream. */
static void scan(struct dsb_scan *s, const uint8_t *p, size_t n)
{
	struct reader in;
	rd_init(&in, p, n, 0);
	while (rd_left(&in) > 0 && !s->stopped) {
		size_t left = rd_left(&in);
		if (s->skip == 0) {
			size_t take = HEAD_BYTES - s->head_len < left ? HEAD_BYTES - s->head_len : left;
			if (!rd_copy(&in, s->head + s->head_len, take))
				return;
			s->head_len += take;
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
		size_t take = s->skip < left ? (size_t)s->skip : left;
		if (s->block != NULL) {
			if (!rd_copy(&in, s->block + s->block_got, take))
				return;
			s->block_got += take;
		} else if (!rd_skip(&in, take)) {
			return;
		}
		s->skip -= take;
		if (s->skip == 0 && s->block != NULL) {
			take_block(s);
			free(s->block);
			s->block = NULL;
		}
	}
}

/* Bytes the inner stream holds in its buffer: readable without waiting. glibc's FILE
 * keeps them between these two public fields. */
static size_t buffered(FILE *fp)
{
	return (size_t)(fp->_IO_read_end - fp->_IO_read_ptr); // NOLINT(bugprone-reserved-identifier): glibc's FILE
}

static ssize_t wrap_read(void *cookie, char *buf, size_t size)
{
	struct dsb_scan *s = cookie;
	if (size == 0)
		return 0;
	/* Waits for the first byte only, then takes what is already there: a capture that
	 * arrives as it is made (a pipe) passes each packet on as it comes, instead of
	 * waiting for a whole buffer. */
	int first = getc(s->inner);
	if (first == EOF)
		return ferror(s->inner) ? -1 : 0;
	buf[0] = (char)first;
	size_t more = buffered(s->inner);
	if (more > size - 1)
		more = size - 1;
	size_t got = 1 + (more > 0 ? fread(buf + 1, 1, more, s->inner) : 0);
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
