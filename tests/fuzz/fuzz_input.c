/*
 * fuzz_input.c — libFuzzer harness for the sources stage (input.h): recognising what a
 * file holds, and reading compressed captures and bundles (gzip, zstd, xz, bzip2, lz4,
 * zip, tar, 7z, nested) through libarchive.
 *
 * Input: [mode:1][file bytes...]. mode bit 0: the path was named on the command line
 * (else found by a directory walk: what is not a capture is a note, not an error);
 * bit 1: the bytes come through a pipe (a stream libarchive cannot seek, as from
 * standard input or a FIFO) instead of a regular file. input_open takes a path: the
 * bytes go to an anonymous in-memory file (memfd) or a pipe, reached through
 * /proc/self/fd/N; the file is made once per process and rewritten for each input.
 * Every capture found is read to its end and closed, as the capture stage does.
 *
 * Seeds: the captures in pcaps/, and copies compressed and bundled at seed time
 * (tests/fuzz/seeds.sh).
 */
#define _GNU_SOURCE /* memfd_create, F_SETPIPE_SZ */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "input.h"

#define FUZZ_NAME "fuzz_input"
#include "fuzz_util.h"

static bool write_all(int fd, const uint8_t *data, size_t size)
{
	size_t done = 0;
	while (done < size) {
		ssize_t n = write(fd, data + done, size - done);
		if (n <= 0)
			return false;
		done += (size_t)n;
	}
	return true;
}

/* The bytes as a regular file: a memfd where there is one, else an unlinked file under
 * /tmp (both reached through /proc/self/fd). */
static const char *as_file(const uint8_t *data, size_t size, char *path, size_t path_len)
{
	static int fd = -1;
	if (fd < 0) {
		fd = memfd_create("fuzz-input", 0);
		if (fd < 0) {
			char tmp[] = "/tmp/tlsdiag-fuzz-XXXXXX";
			fd = mkstemp(tmp);
			if (fd < 0) {
				perror("fuzz_input: no file for the input");
				abort();
			}
			unlink(tmp);
		}
	}
	if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0 || !write_all(fd, data, size))
		abort();
	snprintf(path, path_len, "/proc/self/fd/%d", fd);
	return path;
}

/* The bytes as a pipe holding all of them, its write end closed: the reader sees a
 * stream that ends. Returns the read end, or -1 when the bytes do not fit in a pipe (the
 * write end does not block: a pipe smaller than the input is given up on). */
static int as_pipe(const uint8_t *data, size_t size, char *path, size_t path_len)
{
	int fds[2];
	if (pipe2(fds, O_NONBLOCK) != 0)
		return -1;
	if (size > 65536)
		(void)fcntl(fds[1], F_SETPIPE_SZ, (int)size);
	bool ok = write_all(fds[1], data, size);
	close(fds[1]);
	if (!ok) {
		close(fds[0]);
		return -1;
	}
	/* Opened again by path: a new open file description, blocking like a FIFO's. */
	snprintf(path, path_len, "/proc/self/fd/%d", fds[0]);
	return fds[0];
}

struct run {
	uint64_t captures;
	uint64_t messages;
};

static volatile uint8_t sink;

static void capture(void *ctx, const char *name, FILE *fp, const struct input_stream *st)
{
	struct run *r = ctx;
	CHECK(name != NULL && fp != NULL && st != NULL);
	sink = (uint8_t)strlen(name);
	r->captures++;
	char buf[16384];
	size_t n;
	uint8_t x = 0;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		for (size_t i = 0; i < n; i++)
			x ^= (uint8_t)buf[i];
	sink = x;
	fclose(fp);
	const char *why = input_stream_error(st); /* still valid after fclose */
	if (why != NULL)
		sink = (uint8_t)strlen(why);
}

static void message(void *ctx, const char *name, enum input_message kind, const char *text)
{
	struct run *r = ctx;
	CHECK(name != NULL && text != NULL);
	CHECK(kind == INPUT_NOTE || kind == INPUT_SKIPPED || kind == INPUT_NOT_CAPTURE || kind == INPUT_UNREADABLE);
	sink = (uint8_t)(strlen(name) + strlen(text));
	r->messages++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool named = data[0] & 1;
	char path[64];
	int pipe_fd = -1;
	if (data[0] & 2)
		pipe_fd = as_pipe(data + 1, size - 1, path, sizeof path);
	if (pipe_fd < 0)
		as_file(data + 1, size - 1, path, sizeof path);
	struct run r = { 0 };
	struct input_counts counts = { 0 };
	bool ok = input_open(path, named, capture, message, &r, &counts);
	if (pipe_fd >= 0)
		close(pipe_fd);
	/* The counters agree with what the callbacks saw, and failure means an error. */
	CHECK(counts.captures == r.captures);
	/* Each message counts once as skipped or error; a stream broken mid-way counts as
	 * an error of its capture, without a message. */
	CHECK(counts.skipped + counts.errors <= r.messages + r.captures);
	CHECK(ok == (counts.errors == 0));
	return 0;
}
