/*
 * fuzz_summarize.c — libFuzzer harness for tlsdiag --summarize (summarize.h): NDJSON
 * records of earlier runs, parsed with jansson and turned back into triage rows, then the
 * batch view printed as text and as JSON.
 *
 * Input: the bytes of one NDJSON file. summarize_file takes a path, so the bytes are
 * written to an anonymous in-memory file (memfd) opened again through /proc/self/fd/N;
 * it is made once per process and rewritten for each input, and nothing is left behind
 * when the process dies on a crash.
 * Seeds: lines of `tlsdiag --json -r pcaps/` (tests/fuzz/seeds.sh).
 */
#define _GNU_SOURCE /* memfd_create */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "summarize.h"
#include "triage.h"

#define CHECK(cond)                                                                             \
	do {                                                                                    \
		if (!(cond)) {                                                                  \
			fprintf(stderr, "fuzz_summarize: %s:%d: contract broken: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                \
		}                                                                               \
	} while (0)

static FILE *null_out(void)
{
	static FILE *sink;
	if (sink == NULL)
		sink = fopen("/dev/null", "w");
	if (sink == NULL)
		abort();
	return sink;
}

/* The input as a file with a path: a memfd where there is one, else an unlinked file
 * under /tmp (both reached through /proc/self/fd). */
static const char *as_file(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	if (fd < 0) {
		fd = memfd_create("fuzz-summarize", 0);
		if (fd < 0) {
			char tmp[] = "/tmp/tlsdiag-fuzz-XXXXXX";
			fd = mkstemp(tmp);
			if (fd < 0) {
				perror("fuzz_summarize: no file for the input");
				abort();
			}
			unlink(tmp);
		}
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) != 0)
		abort();
	size_t done = 0;
	while (done < size) {
		ssize_t n = pwrite(fd, data + done, size - done, (off_t)done);
		if (n <= 0)
			abort();
		done += (size_t)n;
	}
	return path;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = as_file(data, size);
	struct triage *t = triage_new();
	if (t == NULL)
		return 0;
	struct summarize_counts counts = { 0 };
	char err[256];
	bool ok = summarize_file(path, t, &counts, err, sizeof err);
	if (!ok)
		CHECK(memchr(err, '\0', sizeof err) != NULL);
	/* Every record and every bad line is a line of the input. */
	size_t lines = 0;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (size > 0 && data[size - 1] != '\n')
		lines++;
	CHECK(counts.records + counts.bad_lines <= lines);
	CHECK(counts.bad_lines == 0 || (counts.first_bad_line >= 1 && counts.first_bad_line <= lines));
	CHECK(triage_failed(t) <= triage_attempts(t));
	FILE *out = null_out();
	triage_print_text(t, out);
	triage_print_json(t, out);
	triage_free(t);
	return 0;
}
