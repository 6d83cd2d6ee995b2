/*
 * fuzz_util.h — what the libFuzzer harnesses share: a contract check that aborts with
 * the harness's name (libFuzzer then saves the input), a sink for reports, and the
 * input as a file with a path for the code that opens files. Define FUZZ_NAME before
 * including it.
 */
#ifndef TLSDIAG_FUZZ_UTIL_H
#define TLSDIAG_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#ifndef FUZZ_NAME
#error "define FUZZ_NAME before including fuzz_util.h"
#endif

#define CHECK(cond)                                                                             \
	do {                                                                                    \
		if (!(cond)) {                                                                  \
			fprintf(stderr, FUZZ_NAME ": %s:%d: contract broken: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                \
		}                                                                               \
	} while (0)

/* Reports are rendered for real (their code is under test) and thrown away. */
static inline FILE *null_out(void)
{
	static FILE *sink;
	if (sink == NULL)
		sink = fopen("/dev/null", "w");
	if (sink == NULL)
		abort();
	return sink;
}

/* Bytes as a file with a path: an unlinked file under /tmp reached through
 * /proc/self/fd, made once and rewritten for each input. */
static inline const char *fuzz_as_file(const void *bytes, size_t size)
{
	static int fd = -1;
	static char path[64];
	const uint8_t *data = bytes;
	if (fd < 0) {
		char tmp[] = "/tmp/tlsdiag-fuzz-XXXXXX";
		fd = mkstemp(tmp);
		if (fd < 0) {
			perror(FUZZ_NAME ": no file for the input");
			abort();
		}
		unlink(tmp);
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

#endif
