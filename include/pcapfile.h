/*
 * pcapfile.h — classic pcap captures (the format of tcpdump -w) read record by record,
 * without copying the packets of a file on disk.
 *
 * A capture that is a regular file is memory-mapped whole, a pager thread keeping the
 * page tables filled a few 2 MiB windows ahead of the reader and emptied behind it, and
 * every packet is handed on as a view into the mapping: no read() copying the file into
 * a buffer, no second copy into a packet buffer, which is what reading through stdio and
 * libpcap costs (the benchmark's floor). A file that cannot be mapped, and any other
 * stream (standard input, a pipe, a decompressed member of a bundle), is read with fread
 * into one packet buffer, record by record, never ahead.
 *
 * Formats: microsecond (magic 0xA1B2C3D4) and nanosecond (0xA1B23C4D) pcap in either
 * byte order, and the "modified" pcap of old Linux patches (0xA1B2CD34, 24-byte record
 * headers). Timestamps are kept to the microsecond, as libpcap hands them on; the link
 * type is libpcap's (LINKTYPE_RAW reads as DLT_RAW), the FCS bits of the field cleared;
 * record lengths of files older than version 2.3 are put back in order as libpcap does.
 * Every header is parsed through the bounded reader (bytes.h). A record whose captured
 * length exceeds BOUND_SNAPLEN, or that the file ends inside, is an error naming what is
 * wrong; the packets before it have been handed on.
 *
 * A mapped file cut short by someone else while it is read would raise SIGBUS: the
 * pages past its new end are replaced with zeros as the fault happens, and the reader
 * reports the file as cut instead of dying.
 *
 * Pipeline position: input (the stream) → pcapfile → capture (filter, frames).
 */
#ifndef TLSDIAG_PCAPFILE_H
#define TLSDIAG_PCAPFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct pcapfile;

enum pcapfile_next {
	PCAPFILE_PACKET,     /* a packet: *pkt */
	PCAPFILE_END,        /* the file ended at a record boundary */
	PCAPFILE_ERROR,      /* malformed or unreadable: pcapfile_error() says why */
};

struct pcapfile_packet {
	double ts;           /* seconds since the epoch, to the microsecond */
	const uint8_t *data; /* caplen bytes, valid until the next call */
	size_t caplen;
	size_t wirelen;
};

/* Why pcapfile_open failed. */
enum pcapfile_refusal {
	PCAPFILE_NOT_PCAP,       /* no pcap magic: another format */
	PCAPFILE_SHORT_HEADER,   /* the file ends inside its 24-byte header */
	PCAPFILE_BAD_HEADER,     /* a pcap magic, but a header that cannot be read */
	PCAPFILE_NO_MEMORY,
};

/* A reader over fp, positioned at the file header; NULL with *refusal and why (a
 * sentence) when it is not a pcap that can be read. fp stays the caller's. */
struct pcapfile *pcapfile_open(FILE *fp, enum pcapfile_refusal *refusal, char *why, size_t why_len)
	__attribute__((warn_unused_result));

/* The next packet. After PCAPFILE_END or PCAPFILE_ERROR every call returns the same. */
enum pcapfile_next pcapfile_next(struct pcapfile *f, struct pcapfile_packet *pkt) __attribute__((warn_unused_result));

/* Why reading stopped (after PCAPFILE_ERROR), about the record that could not be read:
 * "the file ends inside the record (100 of its 1514 captured bytes)"; NULL before. */
const char *pcapfile_error(const struct pcapfile *f);

int pcapfile_linktype(const struct pcapfile *f);
uint32_t pcapfile_snaplen(const struct pcapfile *f);
/* The file is read through a memory mapping (else through the stream). */
bool pcapfile_mapped(const struct pcapfile *f);

void pcapfile_close(struct pcapfile *f);

#endif
