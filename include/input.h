/*
 * input.h — the sources stage: what -r names turned into capture streams.
 *
 * A path is a capture file, a compressed capture (gzip, zstd, xz, bzip2), a bundle
 * (zip, tar, compressed tar) holding captures, a directory of any of these, or "-"
 * (standard input). Everything is recognised by its content, never by its name;
 * compressed data and bundle members are read as streams through libarchive, with no
 * temporary files. Each capture found is handed on as a stdio stream positioned at its
 * first byte, under a name that says where it was found ("b.zip:dir/x.pcap").
 *
 * Pipeline position: paths → input → capture (libpcap reads the stream).
 */
#ifndef TLSDIAG_INPUT_H
#define TLSDIAG_INPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* The files a batch will open, in a stable order: arguments in order, each directory
 * walked recursively in name order. */
struct input_list {
	char **paths;
	uint64_t *sizes;       /* bytes on disk (0 for standard input) */
	bool *named;           /* named on the command line (else found by a walk) */
	size_t n, cap;
	/* Key logs (SSLKEYLOGFILE) among them, recognised by their lines: not inputs, but
	 * the keys of the captures in their directory (found by a walk) or of every capture
	 * (named). */
	char **keylogs;
	bool *keylog_named;
	size_t n_keylogs;
};

/* What a message about the input says. */
enum input_message {
	INPUT_NOTE,          /* nothing lost (a link loop not followed again) */
	INPUT_SKIPPED,       /* a walk found something that is not a capture: left out */
	INPUT_NOT_CAPTURE,   /* a named input is not a capture: an error */
	INPUT_UNREADABLE,    /* something could not be read: an error */
};

/* A message about the input named name. */
typedef void (*input_message_fn)(void *ctx, const char *name, enum input_message kind, const char *text);

/* Walks the arguments into list. Directories are followed through symbolic links, each
 * directory at most once, so link loops end; hidden entries (".name") are skipped.
 * Returns false when some argument could not be listed (reported through msg). */
bool input_list_build(struct input_list *list, const char *const *args, size_t n_args, input_message_fn msg,
		      void *ctx);
void input_list_free(struct input_list *list);

/* The stream behind one capture found (opaque). */
struct input_stream;

/* One capture found: fp reads it from its first byte and belongs to the callee (the
 * capture stage closes it). name and st live during the call. */
typedef void (*input_capture_fn)(void *ctx, const char *name, FILE *fp, struct input_stream *st);

/* A live stream has been silent for `silent` seconds (called every 0.2 s of silence).
 * Returns false when the reader wants no more: the stream then reads as ended. */
typedef bool (*input_idle_fn)(void *ctx, double silent);

/* Counters of one opened input, for progress and the closing report. */
struct input_counts {
	uint64_t captures;      /* streams handed to the capture callback */
	uint64_t skipped;       /* entries that are not captures (notes) */
	uint64_t errors;        /* entries that could not be read */
};

/*
 * Opens one path of a list (a file or "-") and hands every capture inside it to fn, one
 * after the other. A capture stream that breaks mid-way (a corrupt compressed stream)
 * reads as an error from fp; input_stream_error() then says why. Returns false when
 * something could not be read. Content that is not a capture is an error when the
 * path was named, a note when a walk found it.
 */
bool input_open(const char *path, bool named, input_capture_fn fn, input_message_fn msg, void *ctx, struct input_counts *counts);

/* Why a capture's stream stopped early (a corrupt or truncated compressed stream), or
 * NULL. Valid during the capture callback, also after fp was closed. */
const char *input_stream_error(const struct input_stream *st);
/* The capture arrives as it is made: standard input or a FIFO that is a pipe, socket or
 * terminal, not a file. Its bytes are handed on as they arrive. */
bool input_stream_is_live(const struct input_stream *st);
/* While a live stream is silent, fn is called from inside the capture's read. */
void input_stream_on_idle(struct input_stream *st, input_idle_fn fn, void *ctx);
/* The key logs found in the bundles of the capture's input (NULL, *len 0: none). Valid
 * during the capture callback. */
const uint8_t *input_stream_keys(const struct input_stream *st, size_t *len);
/* The capture is a pcapng (which may carry key log secrets: dsb.h). */
bool input_stream_is_pcapng(const struct input_stream *st);

#endif
