/*
 * input.c — paths to capture streams: directory walks, content recognition, and
 * compressed captures and bundles read as streams through libarchive.
 *
 * A plain capture file is handed on as the stdio stream it was opened with (with a
 * 1 MiB buffer).
 * Anything else reaches libpcap through a read-only stdio cookie over the decompressed
 * bytes, so no byte is written to disk and nothing is buffered beyond one block.
 */
#define _GNU_SOURCE /* fopencookie */ // NOLINT(bugprone-reserved-identifier): a feature test macro
#include "input.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "bounds.h"
#include "bytes.h"
#include "keylog.h"

/* stdio buffer of a capture stream: libpcap's reads then cost one system call per
 * megabyte, not per 4 KiB (half the time of reading a page-cached file). */
#define STREAM_BUFFER (1u << 20)

/* Bytes looked at to recognise content: a tar header's "ustar" sits at offset 257. */
#define PEEK_BYTES 512

/* Key logs kept from one input's bundles, for its captures (more is refused, said). */
#define BUNDLE_KEYS_MAX ((size_t)64 << 20)

struct opener;

/* A stream that has been silent this long (seconds) reports it (input_idle_fn). */
#define STREAM_IDLE_SECONDS 0.2

struct input_stream {
	/* Bytes come from exactly one of these. */
	FILE *file;                 /* a file on disk or standard input */
	struct archive *ar;         /* the current entry of this archive */
	/* A pipe, FIFO, socket or terminal: read as bytes arrive, from this descriptor (not
	 * through file, whose fread would wait for a whole buffer); else -1. */
	int stream_fd;
	input_idle_fn on_idle;      /* called while the stream is silent */
	void *idle_ctx;
	struct opener *owner;       /* the input it belongs to: its bundles' key logs */
	/* Bytes read to recognise the content, handed out again first. */
	uint8_t peek[PEEK_BYTES];
	size_t n_peek, peek_pos;
	char error[256];
};

const char *input_stream_error(const struct input_stream *st)
{
	return st->error[0] ? st->error : NULL;
}

bool input_stream_is_pcapng(const struct input_stream *st)
{
	static const uint8_t shb[4] = { 0x0a, 0x0d, 0x0d, 0x0a };
	return st->n_peek >= sizeof shb && memcmp(st->peek, shb, sizeof shb) == 0;
}

bool input_stream_is_live(const struct input_stream *st)
{
	return st->stream_fd >= 0;
}

void input_stream_on_idle(struct input_stream *st, input_idle_fn fn, void *ctx)
{
	st->on_idle = fn;
	st->idle_ctx = ctx;
}

static double monotonic_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A live stream: what has arrived, waiting for it as long as it takes, and saying so
 * (on_idle) every STREAM_IDLE_SECONDS of silence: the reader decides attempts on time
 * while a capture pipe is quiet, as live capture would. */
static ssize_t live_read(struct input_stream *st, void *buf, size_t n)
{
	double silent_since = monotonic_seconds();
	for (;;) {
		struct pollfd pfd = { .fd = st->stream_fd, .events = POLLIN };
		int ready = poll(&pfd, 1, (int)(STREAM_IDLE_SECONDS * 1000));
		if (ready < 0 && errno != EINTR) {
			snprintf(st->error, sizeof st->error, "read error: %s", strerror(errno));
			return -1;
		}
		if (ready > 0) {
			ssize_t got = read(st->stream_fd, buf, n);
			if (got >= 0)
				return got;
			if (errno != EINTR && errno != EAGAIN) {
				snprintf(st->error, sizeof st->error, "read error: %s", strerror(errno));
				return -1;
			}
		} else if (ready == 0 && st->on_idle != NULL &&
			   !st->on_idle(st->idle_ctx, monotonic_seconds() - silent_since)) {
			return 0; /* the reader has all it wants: the stream ends here for it */
		}
	}
}

/* Reads from the source itself, past the recognition bytes. -1 on error (st->error). */
static ssize_t source_read(struct input_stream *st, void *buf, size_t n)
{
	if (st->stream_fd >= 0)
		return live_read(st, buf, n);
	if (st->file != NULL) {
		size_t got = fread(buf, 1, n, st->file);
		if (got == 0 && ferror(st->file)) {
			snprintf(st->error, sizeof st->error, "read error: %s", strerror(errno));
			return -1;
		}
		return (ssize_t)got;
	}
	/* libarchive drops what it decompressed in a call that ends in an error: asking for
	 * 64 KiB at a time keeps all but the last block before a break. */
	la_ssize_t got = archive_read_data(st->ar, buf, n < 65536 ? n : 65536);
	if (got < 0) {
		const char *why = archive_error_string(st->ar);
		snprintf(st->error, sizeof st->error, "%s", why ? why : "unreadable compressed data");
		return -1;
	}
	return (ssize_t)got;
}

static ssize_t stream_read(struct input_stream *st, void *buf, size_t n)
{
	if (st->peek_pos < st->n_peek) {
		size_t k = st->n_peek - st->peek_pos;
		if (k > n)
			k = n;
		memcpy(buf, st->peek + st->peek_pos, k); // reader-lint: handed on unread to libpcap, which parses it
		st->peek_pos += k;
		return (ssize_t)k;
	}
	return source_read(st, buf, n);
}

enum content { CONTENT_CAPTURE, CONTENT_PACKED, CONTENT_OTHER };
static enum content recognise(const uint8_t *p, size_t n);

static bool fill_peek(struct input_stream *st)
{
	while (st->n_peek < sizeof st->peek) {
		/* A live stream may hold a single packet for a while: a capture's magic is
		 * enough to go on. */
		if (st->stream_fd >= 0 && st->n_peek >= 4 && recognise(st->peek, st->n_peek) == CONTENT_CAPTURE)
			break;
		ssize_t got = source_read(st, st->peek + st->n_peek, sizeof st->peek - st->n_peek);
		if (got < 0)
			return false;
		if (got == 0)
			break;
		st->n_peek += (size_t)got;
	}
	return true;
}

/* What the first bytes say. Compression and bundle magics are the formats' own (RFC 1952
 * gzip, RFC 8878 zstd, xz, bzip2, lz4 frame, zip local header, POSIX ustar, 7z). */
static enum content recognise(const uint8_t *p, size_t n)
{
	struct reader r;
	rd_init(&r, p, n, 0);
	uint32_t m;
	if (!rd_u32(&r, &m))
		return CONTENT_OTHER;
	switch (m) {
	case 0xa1b2c3d4: case 0xd4c3b2a1: /* pcap, microseconds */
	case 0xa1b23c4d: case 0x4d3cb2a1: /* pcap, nanoseconds */
	case 0x0a0d0d0a:                  /* pcapng section header block */
		return CONTENT_CAPTURE;
	case 0x28b52ffd:                  /* zstd */
	case 0xfd377a58:                  /* xz */
	case 0x04224d18:                  /* lz4 */
	case 0x504b0304: case 0x504b0506: /* zip */
	case 0x377abcaf:                  /* 7z */
		return CONTENT_PACKED;
	}
	if ((m >> 16) == 0x1f8b || (m >> 8) == 0x425a68) /* gzip, bzip2 "BZh" */
		return CONTENT_PACKED;
	static const uint8_t ustar[5] = { 'u', 's', 't', 'a', 'r' };
	struct reader tar;
	rd_init(&tar, p, n, 0);
	const uint8_t *magic;
	if (rd_skip(&tar, 257) && rd_view(&tar, sizeof ustar, &magic) && memcmp(magic, ustar, sizeof ustar) == 0)
		return CONTENT_PACKED;
	return CONTENT_OTHER;
}

static ssize_t cookie_read(void *cookie, char *buf, size_t n)
{
	ssize_t got = stream_read(cookie, buf, n);
	return got < 0 ? -1 : got;
}

static int cookie_close(void *cookie)
{
	(void)cookie; /* the stream's state belongs to the walk that made it */
	return 0;
}

struct opener {
	input_capture_fn fn;
	input_message_fn msg;
	void *ctx;
	struct input_counts *counts;
	bool ok;
	bool packed;                 /* the input is compressed or a bundle */
	uint64_t members;            /* entries opened inside bundles, against the bound */
	/* Key logs found in the input's bundles, for the captures in them. */
	uint8_t *keys;
	size_t keys_len;
	bool keys_prescanned;        /* the bundle on disk was searched for them first */
};

const uint8_t *input_stream_keys(const struct input_stream *st, size_t *len)
{
	*len = st->owner != NULL ? st->owner->keys_len : 0;
	return *len > 0 ? st->owner->keys : NULL;
}

/* Reads the rest of a stream (a key log member) onto o->keys. False when it could not be
 * read whole, or more than BUNDLE_KEYS_MAX would be held. */
static bool take_keys(struct opener *o, struct input_stream *st)
{
	st->peek_pos = 0;
	for (;;) {
		uint8_t buf[16384];
		ssize_t got = stream_read(st, buf, sizeof buf);
		if (got < 0)
			return false;
		if (got == 0)
			break;
		if (o->keys_len + (size_t)got > BUNDLE_KEYS_MAX)
			return false;
		uint8_t *grown = realloc(o->keys, o->keys_len + (size_t)got + 1);
		if (grown == NULL)
			return false;
		o->keys = grown;
		memcpy(o->keys + o->keys_len, buf, (size_t)got); // reader-lint: a key log's text, parsed by keylog.c
		o->keys_len += (size_t)got;
	}
	/* A member need not end with a line end: the next one starts a line of its own (the
	 * buffer was grown by one byte more than it holds). */
	if (o->keys_len > 0 && o->keys[o->keys_len - 1] != '\n') // reader-lint: a key log's text, parsed by keylog.c
		o->keys[o->keys_len++] = '\n';
	return true;
}

/* A bundle on disk: its key log members are read before any capture in it, so that every
 * capture of the bundle finds them wherever they sit. */
static void prescan_keys(struct opener *o, const char *disk_path)
{
	struct archive *a = archive_read_new();
	if (a == NULL)
		return;
	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	struct archive_entry *e;
	if (archive_read_open_filename(a, disk_path, 1u << 20) == ARCHIVE_OK) {
		uint64_t members = 0;
		while (archive_read_next_header(a, &e) == ARCHIVE_OK && ++members <= BOUND_BUNDLE_MEMBERS) {
			if (archive_entry_filetype(e) != AE_IFREG)
				continue;
			struct input_stream member = { .ar = a, .stream_fd = -1, .owner = o };
			if (fill_peek(&member) && keylog_looks_like(member.peek, member.n_peek))
				(void)take_keys(o, &member);
		}
	}
	archive_read_free(a);
	o->keys_prescanned = true;
}

static void say(struct opener *o, const char *name, enum input_message kind, const char *text)
{
	if (kind == INPUT_UNREADABLE || kind == INPUT_NOT_CAPTURE) {
		o->counts->errors++;
		o->ok = false;
	} else {
		o->counts->skipped++;
	}
	o->msg(o->ctx, name, kind, text);
}

/* libarchive pulls compressed bytes from a parent stream through this. */
struct pull {
	struct input_stream *from;
	uint8_t buf[64 * 1024];
};

static la_ssize_t pull_read(struct archive *a, void *ctx, const void **buf)
{
	struct pull *p = ctx;
	ssize_t got = stream_read(p->from, p->buf, sizeof p->buf);
	if (got < 0) {
		archive_set_error(a, EIO, "%s", p->from->error);
		return -1;
	}
	*buf = p->buf;
	return got;
}

static void open_stream(struct opener *o, const char *name, struct input_stream *st, const char *disk_path, int depth,
			bool named);

/* A compressed stream or a bundle: every regular member is opened in turn. */
static void open_packed(struct opener *o, const char *name, struct input_stream *st, const char *disk_path, int depth,
			bool named)
{
	if (depth >= BOUND_NESTED_BUNDLES) {
		say(o, name, INPUT_UNREADABLE, "bundles nested too deep; not read");
		return;
	}
	struct archive *a = archive_read_new();
	struct pull *pull = NULL;
	if (a == NULL) {
		say(o, name, INPUT_UNREADABLE, "out of memory");
		return;
	}
	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	archive_read_support_format_raw(a); /* a single compressed file is one "raw" member */
	int rc;
	if (disk_path != NULL) {
		/* From the file itself: libarchive may seek (a zip's central directory). */
		rc = archive_read_open_filename(a, disk_path, 1u << 20);
	} else {
		st->peek_pos = 0;
		pull = malloc(sizeof *pull);
		if (pull == NULL) {
			archive_read_free(a);
			say(o, name, INPUT_UNREADABLE, "out of memory");
			return;
		}
		pull->from = st;
		rc = archive_read_open(a, pull, NULL, pull_read, NULL);
	}
	if (rc != ARCHIVE_OK) {
		say(o, name, INPUT_UNREADABLE, archive_error_string(a) ? archive_error_string(a) : "cannot be opened");
		archive_read_free(a);
		free(pull);
		return;
	}
	o->packed = true;
	if (disk_path != NULL && depth == 0 && archive_format(a) != ARCHIVE_FORMAT_RAW)
		prescan_keys(o, disk_path);
	struct archive_entry *e;
	size_t name_len = strlen(name);
	while ((rc = archive_read_next_header(a, &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
		bool raw = archive_format(a) == ARCHIVE_FORMAT_RAW;
		if (raw && archive_filter_count(a) <= 1) {
			/* A compression magic that no decompressor takes: the data is damaged, or
			 * compressed in a way this libarchive does not read. */
			say(o, name, INPUT_UNREADABLE, "damaged or unsupported compressed data");
			rc = ARCHIVE_EOF;
			break;
		}
		if (!raw && archive_entry_filetype(e) != AE_IFREG)
			continue;
		if (++o->members > BOUND_BUNDLE_MEMBERS) {
			say(o, name, INPUT_UNREADABLE, "more members in its bundles than tlsdiag opens from one input; the rest is not read");
			rc = ARCHIVE_EOF;
			break;
		}
		const char *member = archive_entry_pathname(e);
		char *full;
		if (raw) {
			full = strdup(name); /* x.pcap.gz is reported as itself */
		} else {
			if (member == NULL)
				member = "?";
			size_t len = name_len + 1 + strlen(member) + 1;
			full = malloc(len);
			if (full != NULL)
				snprintf(full, len, "%s:%s", name, member);
		}
		if (full == NULL) {
			say(o, name, INPUT_UNREADABLE, "out of memory");
			break;
		}
		struct input_stream child = { .ar = a, .stream_fd = -1, .owner = o };
		open_stream(o, full, &child, NULL, depth + 1, raw && named);
		free(full);
		if (raw)
			break;
	}
	if (rc != ARCHIVE_EOF && rc != ARCHIVE_OK) {
		const char *why = archive_error_string(a);
		say(o, name, INPUT_UNREADABLE, why ? why : "the bundle is damaged; what follows could not be read");
	}
	archive_read_free(a);
	free(pull);
}

static void open_stream(struct opener *o, const char *name, struct input_stream *st, const char *disk_path, int depth,
			bool named)
{
	if (!fill_peek(st)) {
		say(o, name, INPUT_UNREADABLE, st->error);
		return;
	}
	switch (recognise(st->peek, st->n_peek)) {
	case CONTENT_CAPTURE: {
		FILE *fp;
		char *cookie_buf = NULL;
		if (disk_path != NULL && st->file != NULL && fseek(st->file, 0, SEEK_SET) == 0) {
			fp = st->file; /* a plain file: libpcap reads it directly */
			st->file = NULL;
		} else {
			st->peek_pos = 0;
			cookie_io_functions_t io = { .read = cookie_read, .close = cookie_close };
			fp = fopencookie(st, "r", io);
			if (fp == NULL) {
				say(o, name, INPUT_UNREADABLE, "out of memory");
				return;
			}
			/* The cookie hands whole decompressed blocks to stdio. */
			cookie_buf = malloc(STREAM_BUFFER);
			if (cookie_buf != NULL)
				setvbuf(fp, cookie_buf, _IOFBF, STREAM_BUFFER);
		}
		o->counts->captures++;
		o->fn(o->ctx, name, fp, st);
		free(cookie_buf); /* the capture stage closed fp */
		if (st->error[0] != '\0') {
			o->ok = false;
			o->counts->errors++;
		}
		return;
	}
	case CONTENT_PACKED:
		if (disk_path != NULL && st->file != NULL) {
			fclose(st->file);
			st->file = NULL;
		}
		open_packed(o, name, st, disk_path, depth, named);
		return;
	case CONTENT_OTHER:
		if (depth > 0 && keylog_looks_like(st->peek, st->n_peek)) {
			/* A key log in a bundle: for the bundle's captures (read first when the bundle
			 * is on disk; else for the captures after it). */
			if (o->keys_prescanned) {
				o->msg(o->ctx, name, INPUT_NOTE, "key log: used for the captures of its bundle");
			} else if (take_keys(o, st)) {
				o->msg(o->ctx, name, INPUT_NOTE, o->counts->captures > 0 ?
				       "key log: used for the captures after it in its bundle (those before it were read without it)" :
				       "key log: used for the captures of its bundle");
			} else {
				say(o, name, INPUT_UNREADABLE, "key log: could not be read whole (or more than 64 MiB of key logs in one input)");
			}
			return;
		}
		if (named)
			say(o, name, INPUT_NOT_CAPTURE, st->n_peek == 0 ? "empty file: not a capture" :
					"not a capture (pcap, pcapng, or a compressed file or bundle holding them)");
		else
			say(o, name, INPUT_SKIPPED, st->n_peek == 0 ? "empty file, skipped" : "not a capture, skipped");
		return;
	}
}

bool input_open(const char *path, bool named, input_capture_fn fn, input_message_fn msg, void *ctx, struct input_counts *counts)
{
	struct opener o = { .fn = fn, .msg = msg, .ctx = ctx, .counts = counts, .ok = true };
	struct input_stream st = { .stream_fd = -1, .owner = &o };
	bool is_stdin = strcmp(path, "-") == 0;
	char *file_buf = NULL;
	if (is_stdin) {
		st.file = stdin;
	} else {
		st.file = fopen(path, "rb");
		if (st.file == NULL) {
			say(&o, path, INPUT_UNREADABLE, strerror(errno));
			return false;
		}
	}
	/* glibc ignores the size given to setvbuf without a buffer: the buffer is ours, and
	 * outlives the stream (the capture stage closes it; standard input stays open). */
	if (is_stdin) {
		static char stdin_buf[STREAM_BUFFER];
		setvbuf(stdin, stdin_buf, _IOFBF, STREAM_BUFFER);
	} else if ((file_buf = malloc(STREAM_BUFFER)) != NULL) {
		setvbuf(st.file, file_buf, _IOFBF, STREAM_BUFFER);
	}
	/* Standard input, a pipe or a FIFO is a stream like any other; a regular file is also
	 * given to libarchive by name, so that it may seek (a zip's central directory). */
	struct stat sb;
	bool known = fstat(fileno(st.file), &sb) == 0;
	if (known && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode) && !S_ISBLK(sb.st_mode))
		st.stream_fd = fileno(st.file);
	bool regular = known && S_ISREG(sb.st_mode) && !is_stdin;
	open_stream(&o, path, &st, regular ? path : NULL, 0, named);
	if (named && o.counts->captures == 0 && o.counts->errors == 0 && o.packed)
		say(&o, path, INPUT_NOT_CAPTURE, "no capture inside");
	if (st.file != NULL && !is_stdin)
		fclose(st.file);
	free(file_buf);
	free(o.keys);
	return o.ok;
}

/* ---- the list of files a batch opens ---- */

struct visited {
	dev_t dev;
	ino_t ino;
};

struct walk {
	struct input_list *list;
	input_message_fn msg;
	void *ctx;
	struct visited *dirs;
	size_t n_dirs, cap_dirs;
	bool ok;
};

static bool list_add(struct input_list *l, const char *path, uint64_t size, bool named)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **p = realloc(l->paths, cap * sizeof *p);
		if (p == NULL)
			return false;
		l->paths = p;
		uint64_t *s = realloc(l->sizes, cap * sizeof *s);
		if (s == NULL)
			return false;
		l->sizes = s;
		bool *nm = realloc(l->named, cap * sizeof *nm);
		if (nm == NULL)
			return false;
		l->named = nm;
		l->cap = cap;
	}
	l->paths[l->n] = strdup(path);
	if (l->paths[l->n] == NULL)
		return false;
	l->named[l->n] = named;
	l->sizes[l->n++] = size;
	return true;
}

static bool keylog_add(struct input_list *l, const char *path, bool named)
{
	char **grown = realloc(l->keylogs, (l->n_keylogs + 1) * sizeof *grown);
	if (grown == NULL)
		return false;
	l->keylogs = grown;
	bool *nm = realloc(l->keylog_named, (l->n_keylogs + 1) * sizeof *nm);
	if (nm == NULL)
		return false;
	l->keylog_named = nm;
	if ((l->keylogs[l->n_keylogs] = strdup(path)) == NULL)
		return false;
	l->keylog_named[l->n_keylogs++] = named;
	return true;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void walk_error(struct walk *w, const char *name, const char *text)
{
	w->ok = false;
	w->msg(w->ctx, name, INPUT_UNREADABLE, text);
}

static void walk_dir(struct walk *w, const char *path, const struct stat *st, int depth)
{
	for (size_t i = 0; i < w->n_dirs; i++) {
		if (w->dirs[i].dev == st->st_dev && w->dirs[i].ino == st->st_ino) {
			w->msg(w->ctx, path, INPUT_NOTE, "directory already walked (a symbolic link loop or a second link), skipped");
			return;
		}
	}
	if (depth > BOUND_WALK_DEPTH) {
		walk_error(w, path, "directories nested too deep; not walked");
		return;
	}
	if (w->n_dirs == w->cap_dirs) {
		size_t cap = w->cap_dirs ? w->cap_dirs * 2 : 32;
		struct visited *v = realloc(w->dirs, cap * sizeof *v);
		if (v == NULL) {
			walk_error(w, path, "out of memory");
			return;
		}
		w->dirs = v;
		w->cap_dirs = cap;
	}
	w->dirs[w->n_dirs++] = (struct visited){ st->st_dev, st->st_ino };
	DIR *d = opendir(path);
	if (d == NULL) {
		walk_error(w, path, strerror(errno));
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	size_t plen = strlen(path);
	bool slash = plen > 0 && path[plen - 1] == '/';
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			char **grown = realloc(names, cap * sizeof *names);
			if (grown == NULL) {
				walk_error(w, path, "out of memory: the directory was not listed whole");
				break;
			}
			names = grown;
		}
		size_t len = plen + strlen(e->d_name) + 2;
		names[n] = malloc(len);
		if (names[n] == NULL) {
			walk_error(w, path, "out of memory: the directory was not listed whole");
			break;
		}
		snprintf(names[n], len, "%s%s%s", path, slash ? "" : "/", e->d_name);
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		struct stat cst;
		if (stat(names[i], &cst) != 0) {
			/* A dangling link is not an input; anything else that cannot be looked at is. */
			struct stat lst;
			if (lstat(names[i], &lst) == 0 && S_ISLNK(lst.st_mode))
				w->msg(w->ctx, names[i], INPUT_NOTE, "symbolic link to nothing, skipped");
			else
				walk_error(w, names[i], strerror(errno));
		} else if (S_ISDIR(cst.st_mode)) {
			walk_dir(w, names[i], &cst, depth + 1);
		} else if (S_ISREG(cst.st_mode)) {
			/* A key log beside the captures is for them (run_offline.c), not an input. */
			bool keys = keylog_file_looks_like(names[i]);
			if (keys ? !keylog_add(w->list, names[i], false) : !list_add(w->list, names[i], (uint64_t)cst.st_size, false))
				walk_error(w, names[i], "out of memory");
		} else {
			/* A FIFO or a device might never end, or never start: not read from a walk. */
			w->msg(w->ctx, names[i], INPUT_NOTE, "not a regular file, skipped");
		}
		free(names[i]);
	}
	free(names);
}

bool input_list_build(struct input_list *list, const char *const *args, size_t n_args, input_message_fn msg,
		      void *ctx)
{
	struct walk w = { .list = list, .msg = msg, .ctx = ctx, .ok = true };
	for (size_t i = 0; i < n_args; i++) {
		struct stat st;
		if (strcmp(args[i], "-") != 0 && stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			walk_dir(&w, args[i], &st, 0);
			continue;
		}
		/* Files named on the command line are opened as given; a missing one is
		 * reported when it is opened, in its place in the output. A key log named with
		 * -r is for every capture of the run. */
		if (strcmp(args[i], "-") != 0 && stat(args[i], &st) == 0 && S_ISREG(st.st_mode) && keylog_file_looks_like(args[i])) {
			if (!keylog_add(list, args[i], true))
				walk_error(&w, args[i], "out of memory");
			continue;
		}
		uint64_t size = strcmp(args[i], "-") != 0 && stat(args[i], &st) == 0 ? (uint64_t)st.st_size : 0;
		if (!list_add(list, args[i], size, true))
			walk_error(&w, args[i], "out of memory");
	}
	free(w.dirs);
	return w.ok;
}

void input_list_free(struct input_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		free(list->paths[i]);
	free(list->paths);
	free(list->sizes);
	free(list->named);
	for (size_t i = 0; i < list->n_keylogs; i++)
		free(list->keylogs[i]);
	free(list->keylogs);
	free(list->keylog_named);
	memset(list, 0, sizeof *list);
}
