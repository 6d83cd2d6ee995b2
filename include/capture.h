/*
 * capture.h — the input stage: capture files (pcap, pcapng; "-" for standard input)
 * read through libpcap, one frame at a time, with an optional BPF filter.
 */
#ifndef TLSDIAG_CAPTURE_H
#define TLSDIAG_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct capture_frame {
	int linktype;
	double ts;              /* seconds since the epoch */
	const uint8_t *data;    /* caplen bytes, valid during the callback only */
	size_t caplen;
	size_t wirelen;
	uint64_t number;        /* 1-based packet number in the file */
};

typedef void (*capture_frame_fn)(void *ctx, const struct capture_frame *frame);

struct capture_result {
	uint64_t frames;
	bool opened;
	bool error;             /* the file could not be read to its end */
	char message[512];      /* why, naming the file and packet */
};

/* Reads a whole file (path "-" = standard input). Returns false when something of the
 * file could not be read; res->message says what. Frames read before an error are kept. */
bool capture_read_file(const char *path, const char *filter, capture_frame_fn fn, void *ctx,
		       struct capture_result *res) __attribute__((warn_unused_result));

#endif
