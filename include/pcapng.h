/*
 * pcapng.h — pcapng captures read block by block, each packet with the link type,
 * snap length and timestamp resolution of the interface it was captured on.
 *
 * libpcap reads a pcapng only while all its interfaces share one link type: the
 * first packet of an interface with another (dumpcap on eth0 and "any" at once, a
 * mirror port beside a tunnel) ends the file for it. This reader takes every
 * interface as its Interface Description Block describes it, follows several
 * sections in one file, each in its own byte order, and hands on the key log secrets
 * of Decryption Secrets Blocks as they come.
 *
 * Blocks (draft-ietf-opsawg-pcapng): Section Header (SHB), Interface Description
 * (IDB; options if_tsresol, if_tsoffset), Enhanced Packet (EPB), Simple Packet (SPB),
 * the obsolete Packet Block (OPB) and Decryption Secrets (DSB); every other block is
 * passed over by its length. Every block is read whole (at most BOUND_PCAPNG_BLOCK
 * bytes) and parsed through the bounded reader (bytes.h). A block whose lengths do
 * not fit is an error naming the block and its offset in the file; what came before
 * it has been handed on.
 *
 * Reads exactly the bytes of each block from the stream, never ahead: a capture that
 * arrives as it is made (a pipe) yields each packet as soon as its block is whole.
 *
 * Pipeline position: input (the stream) → pcapng → capture (filter, frames).
 */
#ifndef TLSDIAG_PCAPNG_H
#define TLSDIAG_PCAPNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct pcapng_reader;

/* What pcapng_next found. */
enum pcapng_next {
	PCAPNG_PACKET,       /* a packet: *pkt */
	PCAPNG_SECRETS,      /* a Decryption Secrets Block: *sec */
	PCAPNG_END,          /* the stream ended at a block boundary */
	PCAPNG_ERROR,        /* malformed or unreadable: pcapng_error() says why */
};

struct pcapng_packet {
	uint32_t interface;  /* counted over the whole file: unique across its sections */
	int linktype;        /* of that interface (LINKTYPE_ value) */
	uint32_t snaplen;    /* of that interface (0: none given) */
	double ts;           /* seconds since the epoch, if_tsresol and if_tsoffset applied */
	const uint8_t *data; /* caplen bytes, valid until the next call */
	size_t caplen;
	size_t wirelen;
};

struct pcapng_secrets {
	uint32_t type;       /* secrets type: 0x544C534B ("TLSK") is an SSLKEYLOGFILE */
	const uint8_t *data; /* len bytes, valid until the next call; NULL when the block was
	                      * larger than BOUND_PCAPNG_BLOCK and passed over */
	size_t len;
};

/* A reader over fp, positioned at its first byte (which the caller has not read), or
 * NULL when out of memory. fp stays the caller's: the reader never closes it. */
struct pcapng_reader *pcapng_open(FILE *fp) __attribute__((warn_unused_result));

/*
 * The next packet or secrets of the file. The first block must be a Section Header
 * Block, else PCAPNG_ERROR (and pcapng_recognised() false). After PCAPNG_END or
 * PCAPNG_ERROR every call returns the same again.
 */
enum pcapng_next pcapng_next(struct pcapng_reader *r, struct pcapng_packet *pkt, struct pcapng_secrets *sec)
	__attribute__((warn_unused_result));

/* Why reading stopped (after PCAPNG_ERROR): "Enhanced Packet Block at byte 1234:
 * captured length 70000 exceeds the block", a static-lifetime-of-r string; NULL before. */
const char *pcapng_error(const struct pcapng_reader *r);

/* The first block was a Section Header Block: the stream is a pcapng. */
bool pcapng_recognised(const struct pcapng_reader *r);

/* The link type of the file's first interface, -1 before one was described. */
int pcapng_first_linktype(const struct pcapng_reader *r);

/* Interfaces described so far in the current section, and the link type of each
 * (index within the section), for callers deciding whether anything is readable. */
size_t pcapng_section_interfaces(const struct pcapng_reader *r);
int pcapng_section_linktype(const struct pcapng_reader *r, size_t index);

/* Bytes of the file consumed so far. */
uint64_t pcapng_offset(const struct pcapng_reader *r);

void pcapng_close(struct pcapng_reader *r);

#endif
