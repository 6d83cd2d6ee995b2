/*
 * capture.h — the capture stage: capture streams (pcap through libpcap, pcapng through
 * pcapng.h) read one frame at a time, with an optional BPF filter; live capture; the -w
 * writers.
 */
#ifndef TLSDIAG_CAPTURE_H
#define TLSDIAG_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>

struct capture_frame {
	int linktype;           /* of the interface the frame was captured on */
	double ts;              /* seconds since the epoch */
	const uint8_t *data;    /* caplen bytes, valid during the callback only */
	size_t caplen;
	size_t wirelen;
	uint64_t number;        /* 1-based packet number in the file */
};

typedef void (*capture_frame_fn)(void *ctx, const struct capture_frame *frame);

struct capture_result {
	uint64_t frames;
	uint64_t bytes;         /* captured bytes of the frames */
	int linktype;           /* of the file (a pcapng: of its first interface) */
	bool opened;
	bool error;             /* the file could not be read to its end */
	uint64_t reordered;     /* frames handed on in another order than the file's (reorder.h) */
	char message[512];      /* why, naming the file and packet */
};

/* False when no common link type (Ethernet, Linux cooked, raw IP, 802.11) takes the BPF
 * filter; err says why. */
bool capture_filter_valid(const char *filter, char *err, size_t err_len);

/* Key log secrets a pcapng carries (a Decryption Secrets Block, pcapng.h): its secrets
 * type and bytes, valid during the call; NULL, 0 when the block was too large to hold. */
typedef void (*capture_secrets_fn)(void *ctx, uint32_t secrets_type, const uint8_t *secrets, size_t len);

/* How a capture is read: its BPF filter (NULL or "" for none), where frames and secrets
 * go (secrets may be NULL), and stop (may be NULL), asked before each frame. */
struct capture_reading {
	const char *filter;
	capture_frame_fn frame;
	capture_secrets_fn secrets;
	bool (*stop)(void *ctx);
	void *ctx;
	/* Frames in the file's order even from a pcapng with several interfaces (reorder.h
	 * would hold them back): a capture read as it arrives, reported as it goes. */
	bool file_order;
};

/*
 * Reads a whole capture from fp, which it closes, or until stop says so. A pcap goes
 * through libpcap; a pcapng through tlsdiag's own reader (pcapng.h), each packet with
 * the link type of its interface, the filter compiled once for each link type met.
 * name is used in messages. Returns false when something of it could not be read;
 * res->message says what. Frames read before an error have been handed on.
 */
bool capture_read_stream(FILE *fp, const char *name, const struct capture_reading *how, struct capture_result *res)
	__attribute__((warn_unused_result));

/* ---- live capture ---- */

struct capture_live;

struct capture_live_opts {
	const char *iface;
	const char *filter;
	int buffer_mb;          /* kernel buffer, MB */
};

/* Opens an interface for capture (whole frames, in blocks of at most 50 ms). NULL on failure, with a
 * message in err naming what to do (missing interface, missing CAP_NET_RAW). */
struct capture_live *capture_live_open(const struct capture_live_opts *o, char *err, size_t err_len);

int capture_live_linktype(const struct capture_live *c);

/* Calls fn for each frame and tick every ~100 ms with the current time, until *stop. */
bool capture_live_run(struct capture_live *c, capture_frame_fn fn, void (*tick)(void *ctx, double now), void *ctx,
		      volatile sig_atomic_t *stop);

struct capture_stats {
	uint64_t received;
	uint64_t dropped_kernel;
	uint64_t dropped_iface;
};
void capture_live_stats(struct capture_live *c, struct capture_stats *st);

/* A pcapng writer for -w with the given link type (path "-": standard output). NULL on
 * failure (err set). */
struct capture_writer;
struct capture_writer *capture_writer_open(const char *path, int linktype, char *err, size_t err_len);
/* A frame; comment (or NULL) rides on it as a packet comment, which Wireshark shows. */
void capture_writer_frame(struct capture_writer *w, double ts, const uint8_t *data, size_t caplen, size_t wirelen,
			  const char *comment);
/* Key log lines (SSLKEYLOGFILE text) as a Decryption Secrets Block, before the frames
 * they decrypt. */
void capture_writer_secrets(struct capture_writer *w, const char *text, size_t len);
void capture_writer_flush(struct capture_writer *w);
/* False when something could not be written. */
bool capture_writer_close(struct capture_writer *w);
int capture_writer_linktype(const struct capture_writer *w);

#endif
