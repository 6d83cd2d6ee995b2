/*
 * pcapng.c — pcapng read block by block, per interface (pcapng.h).
 *
 * Every block: type (4), total length (4), body, total length again (4); lengths are
 * multiples of 4 and at least 12; numbers in the byte order of the section, which its
 * Section Header Block's byte-order magic gives (draft-ietf-opsawg-pcapng section 3.1).
 * A block is read whole into one buffer, then parsed through the bounded reader, whose
 * offsets are those of the file, so every failure names where it happened.
 *
 * Pipeline position: input → pcapng → capture. It knows nothing of link layers
 * (decode.c) or filters (capture.c), and does not judge a packet beyond its block.
 */
#include "pcapng.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "bytes.h"

#define BLOCK_SHB 0x0A0D0D0Au   /* Section Header Block */
#define BLOCK_IDB 0x00000001u   /* Interface Description Block */
#define BLOCK_OPB 0x00000002u   /* Packet Block (obsolete) */
#define BLOCK_SPB 0x00000003u   /* Simple Packet Block */
#define BLOCK_EPB 0x00000006u   /* Enhanced Packet Block */
#define BLOCK_NRB 0x00000004u   /* Name Resolution Block */
#define BLOCK_ISB 0x00000005u   /* Interface Statistics Block */
#define BLOCK_DSB 0x0000000Au   /* Decryption Secrets Block */
#define BYTE_ORDER_MAGIC 0x1A2B3C4Du
#define OPT_ENDOFOPT 0
#define OPT_IF_TSRESOL 9        /* one byte: 10^-n, or 2^-n with the high bit set */
#define OPT_IF_TSOFFSET 14      /* signed 64-bit seconds added to every timestamp */

/* A block whose type is not known yet (its header is incomplete). */
#define BLOCK_UNKNOWN 0xFFFFFFFFu

/* Block header (type, length) plus the SHB's byte-order magic, and the trailer. */
#define BLOCK_HEAD 8
#define BLOCK_MIN 12
/* An SHB: head, magic, version (2 + 2), section length (8), trailer. */
#define SHB_MIN 28

struct interface {
	int linktype;
	uint32_t snaplen;
	uint64_t units;          /* timestamp units per second */
	int64_t offset;          /* if_tsoffset, seconds */
};

struct pcapng_reader {
	FILE *fp;
	bool big_endian;         /* of the current section */
	bool recognised;         /* the first block was an SHB */
	enum pcapng_next done;   /* PCAPNG_END or PCAPNG_ERROR once reached; else PCAPNG_PACKET */
	uint64_t offset;         /* bytes consumed */
	struct interface *ifs;   /* of the current section */
	size_t n_ifs, cap_ifs;
	uint32_t first_if;       /* file-wide number of the section's first interface */
	int first_linktype;
	double last_ts;          /* of the last timestamped packet: a Simple Packet Block's */
	uint8_t *block;          /* the block being parsed, whole */
	size_t block_cap;
	char why[256];
};

/* What a block is called in messages, into buf. */
static const char *block_name(uint32_t type, char *buf, size_t len)
{
	switch (type) {
	case BLOCK_SHB: return "Section Header Block";
	case BLOCK_IDB: return "Interface Description Block";
	case BLOCK_OPB: return "Packet Block";
	case BLOCK_SPB: return "Simple Packet Block";
	case BLOCK_EPB: return "Enhanced Packet Block";
	case BLOCK_DSB: return "Decryption Secrets Block";
	case BLOCK_ISB: return "Interface Statistics Block";
	case BLOCK_NRB: return "Name Resolution Block";
	default:
		snprintf(buf, len, "block of type 0x%08lX", (unsigned long)type);
		return buf;
	}
}

struct pcapng_reader *pcapng_open(FILE *fp)
{
	struct pcapng_reader *r = calloc(1, sizeof *r);
	if (r == NULL)
		return NULL;
	r->fp = fp;
	r->done = PCAPNG_PACKET;
	r->first_linktype = -1;
	return r;
}

void pcapng_close(struct pcapng_reader *r)
{
	if (r == NULL)
		return;
	free(r->ifs);
	free(r->block);
	free(r);
}

const char *pcapng_error(const struct pcapng_reader *r)
{
	return r->done == PCAPNG_ERROR ? r->why : NULL;
}

bool pcapng_recognised(const struct pcapng_reader *r)
{
	return r->recognised;
}

int pcapng_first_linktype(const struct pcapng_reader *r)
{
	return r->first_linktype;
}

size_t pcapng_section_interfaces(const struct pcapng_reader *r)
{
	return r->n_ifs;
}

int pcapng_section_linktype(const struct pcapng_reader *r, size_t index)
{
	return index < r->n_ifs ? r->ifs[index].linktype : -1;
}

uint64_t pcapng_offset(const struct pcapng_reader *r)
{
	return r->offset;
}

/* Stops reading with a message "NAME at byte OFF: WHY". */
static enum pcapng_next fail(struct pcapng_reader *r, uint32_t type, uint64_t at, const char *why)
{
	if (type == BLOCK_UNKNOWN)
		snprintf(r->why, sizeof r->why, "block at byte %llu: %s", (unsigned long long)at, why);
	else {
		char name[40];
		snprintf(r->why, sizeof r->why, "%s at byte %llu: %s", block_name(type, name, sizeof name),
			 (unsigned long long)at, why);
	}
	r->done = PCAPNG_ERROR;
	return PCAPNG_ERROR;
}

/* A block's bytes failed the reader: where and why, from the reader. */
static enum pcapng_next fail_reader(struct pcapng_reader *r, uint32_t type, uint64_t at, const struct reader *rd,
				    const char *what)
{
	char why[160];
	snprintf(why, sizeof why, "%s (%s at byte %zu)", what, rd->why ? rd->why : "malformed", rd->why_off);
	return fail(r, type, at, why);
}

/* Reads exactly n bytes of the stream into dst; false at its end or on an error. */
static bool read_exact(struct pcapng_reader *r, void *dst, size_t n, size_t *got)
{
	*got = n > 0 ? fread(dst, 1, n, r->fp) : 0;
	r->offset += *got;
	return *got == n;
}

/* The stream ended or failed inside a block. */
static enum pcapng_next short_read(struct pcapng_reader *r, uint32_t type, uint64_t at)
{
	if (ferror(r->fp))
		return fail(r, type, at, errno != 0 ? strerror(errno) : "read error");
	return fail(r, type, at, "the file ends inside the block (truncated capture)");
}

/* Two 32-bit words as one 64-bit number: high word first in big-endian sections. */
static bool u64_(const struct pcapng_reader *r, struct reader *rd, uint64_t *out) __attribute__((warn_unused_result));
static bool u64_(const struct pcapng_reader *r, struct reader *rd, uint64_t *out)
{
	uint32_t a, b;
	if (!rd_u32_in(rd, r->big_endian, &a) || !rd_u32_in(rd, r->big_endian, &b))
		return false;
	*out = r->big_endian ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
	return true;
}

static size_t pad4(size_t n)
{
	return (n + 3u) & ~(size_t)3u;
}

/* len bytes of body as a view, then the padding to 32 bits that follows them. */
static bool view_padded(struct reader *body, size_t len, const uint8_t **out)
{
	return rd_view(body, len, out) && rd_skip(body, pad4(len) - len);
}

/*
 * The header of a block: type, total length; for an SHB also the byte-order magic,
 * which sets the order its length is read in. The word after the header is left in
 * r->block[0..4) for the SHB. Returns PCAPNG_PACKET when a header was read.
 */
static enum pcapng_next read_head(struct pcapng_reader *r, uint64_t at, uint32_t *type, uint32_t *total)
{
	uint8_t head[BLOCK_HEAD + 4];
	size_t got;
	if (!read_exact(r, head, BLOCK_HEAD, &got)) {
		if (got == 0 && !ferror(r->fp)) {
			if (!r->recognised)
				return fail(r, BLOCK_SHB, at, "the file is empty");
			r->done = PCAPNG_END;
			return PCAPNG_END;
		}
		return short_read(r, r->recognised ? BLOCK_UNKNOWN : BLOCK_SHB, at);
	}
	struct reader rd;
	rd_init(&rd, head, BLOCK_HEAD, (size_t)at);
	uint32_t t_be;
	if (!rd_peek_u32(&rd, 0, &t_be))
		return fail(r, BLOCK_UNKNOWN, at, "unreadable header"); /* cannot happen: the head is whole */
	if (t_be == BLOCK_SHB) {
		/* An SHB's type reads the same either way; the magic after the length decides. */
		if (!read_exact(r, head + BLOCK_HEAD, 4, &got))
			return short_read(r, BLOCK_SHB, at);
		struct reader m;
		uint32_t magic_be, magic_le;
		rd_init(&m, head + BLOCK_HEAD, 4, (size_t)at + BLOCK_HEAD);
		if (!rd_peek_u32(&m, 0, &magic_be) || !rd_peek_u32le(&m, 0, &magic_le))
			return fail(r, BLOCK_SHB, at, "unreadable byte-order magic"); /* cannot happen */
		if (magic_be != BYTE_ORDER_MAGIC && magic_le != BYTE_ORDER_MAGIC)
			return fail(r, BLOCK_SHB, at, "byte-order magic is neither 0x1A2B3C4D nor its reverse");
		r->big_endian = magic_be == BYTE_ORDER_MAGIC;
	} else if (!r->recognised) {
		snprintf(r->why, sizeof r->why, "no Section Header Block at its start");
		r->done = PCAPNG_ERROR;
		return PCAPNG_ERROR;
	}
	if (!rd_u32_in(&rd, r->big_endian, type) || !rd_u32_in(&rd, r->big_endian, total))
		return fail(r, BLOCK_UNKNOWN, at, "unreadable header"); /* cannot happen: the head is whole */
	uint32_t min = *type == BLOCK_SHB ? SHB_MIN : BLOCK_MIN;
	if (*total < min || *total % 4 != 0) {
		char why[96];
		snprintf(why, sizeof why, "block length %lu is %s", (unsigned long)*total,
			 *total < min ? "too small" : "not a multiple of 4");
		return fail(r, *type, at, why);
	}
	if (*type == BLOCK_SHB) {
		memcpy(r->block, head + BLOCK_HEAD, 4);
		r->recognised = true;
	}
	return PCAPNG_PACKET;
}

/* Room for a block of n bytes in r->block. */
static bool block_room(struct pcapng_reader *r, size_t n)
{
	if (n <= r->block_cap)
		return true;
	size_t cap = r->block_cap ? r->block_cap : 4096;
	while (cap < n)
		cap *= 2;
	uint8_t *b = realloc(r->block, cap);
	if (b == NULL)
		return false;
	r->block = b;
	r->block_cap = cap;
	return true;
}

/* Passes over a block too large to hold, in buffer-sized steps. */
static enum pcapng_next skip_block(struct pcapng_reader *r, uint32_t type, uint64_t at, uint64_t n)
{
	while (n > 0) {
		size_t step = n < r->block_cap ? (size_t)n : r->block_cap, got;
		if (!read_exact(r, r->block, step, &got))
			return short_read(r, type, at);
		n -= step;
	}
	return PCAPNG_PACKET;
}

/*
 * Section Header Block (section 4.1): byte-order magic (read with the header), major
 * and minor version, section length (64 bits, may be -1), options. Only version 1 is
 * known; a new section forgets the interfaces of the one before.
 */
static enum pcapng_next parse_shb(struct pcapng_reader *r, uint64_t at, struct reader *body)
{
	uint32_t magic;
	uint16_t major, minor;
	uint64_t section_len;
	bool be = r->big_endian;
	if (!rd_u32_in(body, be, &magic) || !rd_u16_in(body, be, &major) || !rd_u16_in(body, be, &minor) ||
	    !u64_(r, body, &section_len))
		return fail_reader(r, BLOCK_SHB, at, body, "header fields exceed the block");
	if (major != 1) {
		char why[64];
		snprintf(why, sizeof why, "version %u.%u is not pcapng 1.x", major, minor);
		return fail(r, BLOCK_SHB, at, why);
	}
	r->first_if += (uint32_t)r->n_ifs;
	r->n_ifs = 0;
	return PCAPNG_PACKET;
}

/* 10^n or 2^n timestamp units per second (if_tsresol); false when it does not fit 64 bits. */
static bool resolution_units(uint8_t tsresol, uint64_t *units)
{
	unsigned n = tsresol & 0x7Fu;
	if (tsresol & 0x80u) {
		if (n > 63)
			return false;
		*units = (uint64_t)1 << n;
		return true;
	}
	if (n > 19)
		return false;
	*units = 1;
	while (n-- > 0)
		*units *= 10;
	return true;
}

/*
 * Interface Description Block (section 4.2): LinkType (2), reserved (2), SnapLen (4),
 * options, each code (2), length (2), value padded to 4; if_tsresol (9) is one byte,
 * if_tsoffset (14) eight.
 */
static enum pcapng_next parse_idb(struct pcapng_reader *r, uint64_t at, struct reader *body)
{
	uint16_t linktype, reserved;
	uint32_t snaplen;
	bool be = r->big_endian;
	if (!rd_u16_in(body, be, &linktype) || !rd_u16_in(body, be, &reserved) || !rd_u32_in(body, be, &snaplen))
		return fail_reader(r, BLOCK_IDB, at, body, "header fields exceed the block");
	struct interface ifc = { .linktype = linktype, .snaplen = snaplen, .units = 1000000, .offset = 0 };
	while (rd_left(body) > 0) {
		uint16_t code, len;
		struct reader opt;
		if (!rd_u16_in(body, be, &code) || !rd_u16_in(body, be, &len) || !rd_sub(body, len, &opt) ||
		    !rd_skip(body, pad4(len) - len))
			return fail_reader(r, BLOCK_IDB, at, body, "option length exceeds the block");
		if (code == OPT_ENDOFOPT)
			break;
		uint8_t tsresol;
		uint64_t off;
		if (code == OPT_IF_TSRESOL) {
			if (len != 1 || !rd_u8(&opt, &tsresol))
				return fail(r, BLOCK_IDB, at, "if_tsresol is not one byte");
			if (!resolution_units(tsresol, &ifc.units))
				return fail(r, BLOCK_IDB, at, "if_tsresol finer than 64-bit timestamps can count");
		} else if (code == OPT_IF_TSOFFSET) {
			if (len != 8 || !u64_(r, &opt, &off))
				return fail(r, BLOCK_IDB, at, "if_tsoffset is not eight bytes");
			ifc.offset = (int64_t)off;
		}
	}
	if (r->n_ifs >= BOUND_PCAPNG_INTERFACES)
		return fail(r, BLOCK_IDB, at, "more interfaces in one section than tlsdiag keeps apart");
	if (r->n_ifs == r->cap_ifs) {
		size_t cap = r->cap_ifs ? r->cap_ifs * 2 : 8;
		struct interface *ifs = realloc(r->ifs, cap * sizeof *ifs);
		if (ifs == NULL)
			return fail(r, BLOCK_IDB, at, "out of memory");
		r->ifs = ifs;
		r->cap_ifs = cap;
	}
	r->ifs[r->n_ifs++] = ifc;
	if (r->first_linktype < 0)
		r->first_linktype = linktype;
	return PCAPNG_PACKET;
}

/* A timestamp of ifc's units as seconds since the epoch, cut to the microsecond as
 * libpcap reads pcap files (so that both give the same time for the same packet). The
 * fraction is computed in unsigned __int128: units may be up to 2^63. */
static double timestamp(const struct interface *ifc, uint64_t t)
{
	uint64_t us = (uint64_t)((unsigned __int128)(t % ifc->units) * 1000000u / ifc->units);
	return (double)((int64_t)(t / ifc->units) + ifc->offset) + (double)us / 1e6;
}

/* The packet's interface, numbered within the section; false (failed) when undescribed. */
static bool packet_interface(struct pcapng_reader *r, uint32_t type, uint64_t at, uint32_t index,
			     struct pcapng_packet *pkt, const struct interface **out)
{
	if (index >= r->n_ifs) {
		char why[96];
		snprintf(why, sizeof why, "interface %lu was not described (no Interface Description Block)",
			 (unsigned long)index);
		fail(r, type, at, why);
		return false;
	}
	*out = &r->ifs[index];
	pkt->interface = r->first_if + index;
	pkt->linktype = (*out)->linktype;
	pkt->snaplen = (*out)->snaplen;
	return true;
}

/* The packet's bytes and the padding after them; options (the rest) are not read. */
static enum pcapng_next packet_data(struct pcapng_reader *r, uint32_t type, uint64_t at, struct reader *body,
				    uint32_t caplen, struct pcapng_packet *pkt)
{
	if (!view_padded(body, caplen, &pkt->data)) {
		char why[96];
		snprintf(why, sizeof why, "captured length %lu exceeds the block", (unsigned long)caplen);
		return fail(r, type, at, why);
	}
	pkt->caplen = caplen;
	return PCAPNG_PACKET;
}

/*
 * Enhanced Packet Block (section 4.3): Interface ID (4), Timestamp (upper 4, lower 4),
 * Captured Packet Length (4), Original Packet Length (4), data padded to 4, options.
 * The obsolete Packet Block (appendix A) is the same with a 2-byte Interface ID and a
 * 2-byte drops count.
 */
static enum pcapng_next parse_epb(struct pcapng_reader *r, uint32_t type, uint64_t at, struct reader *body,
				  struct pcapng_packet *pkt)
{
	uint32_t index = 0, hi, lo, caplen, wirelen;
	uint16_t index16 = 0, drops = 0;
	bool ok;
	if (type == BLOCK_OPB) {
		ok = rd_u16_in(body, r->big_endian, &index16) && rd_u16_in(body, r->big_endian, &drops);
		index = index16;
	} else {
		ok = rd_u32_in(body, r->big_endian, &index);
	}
	bool be = r->big_endian;
	if (!ok || !rd_u32_in(body, be, &hi) || !rd_u32_in(body, be, &lo) || !rd_u32_in(body, be, &caplen) ||
	    !rd_u32_in(body, be, &wirelen))
		return fail_reader(r, type, at, body, "header fields exceed the block");
	const struct interface *ifc;
	if (!packet_interface(r, type, at, index, pkt, &ifc))
		return PCAPNG_ERROR;
	pkt->ts = timestamp(ifc, (uint64_t)hi << 32 | lo);
	r->last_ts = pkt->ts;
	pkt->wirelen = wirelen;
	return packet_data(r, type, at, body, caplen, pkt);
}

/*
 * Simple Packet Block (section 4.4): Original Packet Length (4), data padded to 4. It
 * belongs to the section's first interface and has no timestamp (it gets the time of
 * the packet before); the data captured is the smaller of the original length and that
 * interface's snap length.
 */
static enum pcapng_next parse_spb(struct pcapng_reader *r, uint64_t at, struct reader *body,
				  struct pcapng_packet *pkt)
{
	uint32_t wirelen;
	if (!rd_u32_in(body, r->big_endian, &wirelen))
		return fail_reader(r, BLOCK_SPB, at, body, "header fields exceed the block");
	const struct interface *ifc;
	if (!packet_interface(r, BLOCK_SPB, at, 0, pkt, &ifc))
		return PCAPNG_ERROR;
	uint32_t caplen = wirelen;
	if (ifc->snaplen != 0 && caplen > ifc->snaplen)
		caplen = ifc->snaplen;
	if (caplen > rd_left(body))
		return fail(r, BLOCK_SPB, at, "original length exceeds the block and the snap length");
	pkt->ts = r->last_ts; /* none of its own: it came after the packet before */
	pkt->wirelen = wirelen;
	pkt->data = NULL;
	if (!rd_view(body, caplen, &pkt->data))
		return fail_reader(r, BLOCK_SPB, at, body, "data exceeds the block"); /* cannot happen: checked */
	pkt->caplen = caplen;
	return PCAPNG_PACKET;
}

/* Decryption Secrets Block (section 4.7): Secrets Type (4), Secrets Length (4), the
 * secrets padded to 4, options. */
static enum pcapng_next parse_dsb(struct pcapng_reader *r, uint64_t at, struct reader *body,
				  struct pcapng_secrets *sec)
{
	uint32_t len;
	if (!rd_u32_in(body, r->big_endian, &sec->type) || !rd_u32_in(body, r->big_endian, &len))
		return fail_reader(r, BLOCK_DSB, at, body, "header fields exceed the block");
	if (!view_padded(body, len, &sec->data)) {
		char why[96];
		snprintf(why, sizeof why, "secrets length %lu exceeds the block", (unsigned long)len);
		return fail(r, BLOCK_DSB, at, why);
	}
	sec->len = len;
	return PCAPNG_SECRETS;
}

enum pcapng_next pcapng_next(struct pcapng_reader *r, struct pcapng_packet *pkt, struct pcapng_secrets *sec)
{
	if (r->done != PCAPNG_PACKET)
		return r->done;
	if (!block_room(r, 4096))
		return fail(r, BLOCK_UNKNOWN, r->offset, "out of memory");
	for (;;) {
		uint64_t at = r->offset;
		uint32_t type, total;
		enum pcapng_next got = read_head(r, at, &type, &total);
		if (got != PCAPNG_PACKET)
			return got;
		/* The rest of the block after the bytes read: the SHB's magic is in r->block. */
		size_t head = type == BLOCK_SHB ? BLOCK_HEAD + 4 : BLOCK_HEAD;
		size_t rest = (size_t)total - head;
		bool packet = type == BLOCK_EPB || type == BLOCK_SPB || type == BLOCK_OPB;
		if (total > BOUND_PCAPNG_BLOCK) {
			if (packet || type == BLOCK_SHB || type == BLOCK_IDB) {
				char why[96];
				snprintf(why, sizeof why, "block length %lu is past the bound of %zu MiB",
					 (unsigned long)total, BOUND_PCAPNG_BLOCK >> 20);
				return fail(r, type, at, why);
			}
			got = skip_block(r, type, at, rest);
			if (got != PCAPNG_PACKET)
				return got;
			if (type == BLOCK_DSB) {
				*sec = (struct pcapng_secrets){ .type = 0, .data = NULL, .len = 0 };
				return PCAPNG_SECRETS;
			}
			continue;
		}
		size_t kept = type == BLOCK_SHB ? 4 : 0;
		if (!block_room(r, kept + rest))
			return fail(r, type, at, "out of memory");
		size_t n;
		if (!read_exact(r, r->block + kept, rest, &n))
			return short_read(r, type, at);
		/* The body (after type and length, before the trailing length), in file offsets. */
		struct reader body, trailer;
		rd_init(&body, r->block, kept + rest - 4, (size_t)at + BLOCK_HEAD);
		rd_init(&trailer, r->block + kept + rest - 4, 4, (size_t)(at + total - 4));
		uint32_t total_again;
		if (!rd_u32_in(&trailer, r->big_endian, &total_again) || total_again != total) {
			char why[96];
			snprintf(why, sizeof why, "trailing length %lu differs from the leading %lu",
				 (unsigned long)total_again, (unsigned long)total);
			return fail(r, type, at, why);
		}
		switch (type) {
		case BLOCK_SHB:
			got = parse_shb(r, at, &body);
			break;
		case BLOCK_IDB:
			got = parse_idb(r, at, &body);
			break;
		case BLOCK_EPB:
		case BLOCK_OPB:
			return parse_epb(r, type, at, &body, pkt);
		case BLOCK_SPB:
			return parse_spb(r, at, &body, pkt);
		case BLOCK_DSB:
			return parse_dsb(r, at, &body, sec);
		default:
			got = PCAPNG_PACKET; /* statistics, name resolution, custom blocks: not needed */
			break;
		}
		if (got != PCAPNG_PACKET)
			return got;
	}
}
