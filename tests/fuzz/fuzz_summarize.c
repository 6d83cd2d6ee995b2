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

#define FUZZ_NAME "fuzz_summarize"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_as_file(data, size);
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
