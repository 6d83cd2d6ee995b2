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

/* The link type of a capture file, or -1 when it cannot be opened (not for "-"). */
int capture_file_linktype(const char *path);

/* ---- live capture ---- */

struct capture_live;

struct capture_live_opts {
	const char *iface;
	const char *filter;
	int buffer_mb;          /* kernel buffer, MB */
};

/* Opens an interface for capture (immediate mode, whole frames). NULL on failure, with a
 * message in err naming what to do (missing interface, missing CAP_NET_RAW). */
struct capture_live *capture_live_open(const struct capture_live_opts *o, char *err, size_t err_len);

int capture_live_linktype(const struct capture_live *c);

/* Calls fn for each frame and tick every ~100 ms with the current time, until *stop. */
bool capture_live_run(struct capture_live *c, capture_frame_fn fn, void (*tick)(void *ctx, double now), void *ctx,
		      volatile int *stop);

struct capture_stats {
	uint64_t received;
	uint64_t dropped_kernel;
	uint64_t dropped_iface;
};
void capture_live_stats(struct capture_live *c, struct capture_stats *st);

/* A pcap writer for -w with the given link type. NULL on failure (err set). */
struct capture_writer;
struct capture_writer *capture_writer_open(const char *path, int linktype, char *err, size_t err_len);
void capture_writer_frame(struct capture_writer *w, double ts, const uint8_t *data, size_t caplen, size_t wirelen);
void capture_writer_flush(struct capture_writer *w);
void capture_writer_close(struct capture_writer *w);
int capture_writer_linktype(const struct capture_writer *w);
