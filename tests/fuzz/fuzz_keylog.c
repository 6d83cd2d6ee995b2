/*
 * fuzz_keylog.c — libFuzzer harness for the key log reader (keylog.h): one text, as a
 * key log file's contents or a pcapng Decryption Secrets Block's secrets.
 *
 * The input is added to a fresh key log, then the promises of keylog.h are checked:
 *   - st.lines is the text's number of lines (a last line without '\n' counts; a UTF-8
 *     byte order mark before the first line is not a line's content);
 *   - each line is counted at most once: entries_added + ignored + malformed <= lines,
 *     the difference being blank and comment lines; refused <= ignored, and nothing is
 *     refused this far below BOUND_KEYLOG_ENTRIES;
 *   - first_bad_line and first_bad_why are set exactly when a line is malformed, and
 *     name a line that exists;
 *   - every entry is found by its own random: an entry's random was read from a field of
 *     exactly 64 hex digits, so looking up every such run of the input finds all
 *     keylog_count() entries; each found entry has that random, at least one secret, only
 *     lengths the format allows, and zeros past each secret's length;
 *   - keylog_count() <= entries_added (repeats replace);
 *   - the text added again to the same log with the same stats doubles every count,
 *     keeps the first bad line and adds no connection (a later line wins, and is the same);
 *   - the text split after its first line and added in two calls gives the same counts
 *     and the same connections as one call (line numbers continue across calls).
 *
 * libFuzzer hands over a heap copy of exactly `size` bytes, so AddressSanitizer sees any
 * read past the text.
 * Seeds: the key logs of pcaps/, whole and cut at odd places (tests/fuzz/seeds.sh).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "keylog.h"

#define FUZZ_NAME "fuzz_keylog"
#include "fuzz_util.h"

static bool has_bom(const uint8_t *data, size_t size)
{
	return size >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf;
}

static uint64_t count_lines(const uint8_t *data, size_t size)
{
	if (has_bom(data, size)) {
		data += 3;
		size -= 3;
	}
	uint64_t n = 0;
	for (size_t i = 0; i < size; i++)
		n += data[i] == '\n';
	if (size > 0 && data[size - 1] != '\n')
		n++;
	return n;
}

static int by_address(const void *a, const void *b)
{
	const void *x = *(const void *const *)a, *y = *(const void *const *)b;
	return x < y ? -1 : x > y;
}

static void check_entry(const struct keylog_entry *e, const uint8_t random[32])
{
	CHECK(memcmp(e->client_random, random, 32) == 0);
	bool any = false;
	for (int k = 0; k < KEYLOG__COUNT; k++) {
		size_t len = e->secret_len[k];
		if (len == 0)
			continue;
		any = true;
		if (k == KEYLOG_CLIENT_RANDOM)
			CHECK(len == 48);
		else
			CHECK(len == 32 || len == 48 || len == 64);
		for (size_t i = len; i < KEYLOG_SECRET_MAX; i++)
			CHECK(e->secret[k][i] == 0);
	}
	CHECK(any);
}

/*
 * Looks up every run of exactly 64 hex digits in the text; returns the number of distinct
 * entries found (found[] receives them, up to cap). When `other` is given, each random
 * must be found in both logs or in neither, with the same secrets.
 */
static size_t find_all(const struct keylog *kl, const struct keylog *other, const uint8_t *data, size_t size)
{
	size_t cap = size / 64 + 1, n = 0;
	const struct keylog_entry **found = malloc(cap * sizeof(const struct keylog_entry *));
	CHECK(found != NULL);
	size_t i = 0;
	while (i < size) {
		if (hex_digit_value(data[i]) < 0) {
			i++;
			continue;
		}
		size_t start = i;
		while (i < size && hex_digit_value(data[i]) >= 0)
			i++;
		if (i - start != 64)
			continue;
		uint8_t random[32];
		for (size_t k = 0; k < 32; k++)
			random[k] = (uint8_t)(hex_digit_value(data[start + 2 * k]) << 4 | hex_digit_value(data[start + 2 * k + 1]));
		const struct keylog_entry *e = keylog_find(kl, random);
		if (other != NULL) {
			const struct keylog_entry *o = keylog_find(other, random);
			CHECK((e == NULL) == (o == NULL));
			if (e != NULL) {
				CHECK(memcmp(e->secret_len, o->secret_len, sizeof e->secret_len) == 0);
				CHECK(memcmp(e->secret, o->secret, sizeof e->secret) == 0);
			}
		}
		if (e == NULL)
			continue;
		check_entry(e, random);
		CHECK(n < cap);
		found[n++] = e;
	}
	qsort(found, n, sizeof(const struct keylog_entry *), by_address);
	size_t distinct = 0;
	for (size_t k = 0; k < n; k++)
		distinct += k == 0 || found[k] != found[k - 1];
	free(found);
	return distinct;
}

static void check_stats(const struct keylog_stats *st)
{
	CHECK(st->entries_added + st->ignored + st->malformed <= st->lines);
	CHECK(st->refused <= st->ignored);
	CHECK(memchr(st->first_bad_why, '\0', sizeof st->first_bad_why) != NULL);
	CHECK(memchr(st->refused_why, '\0', sizeof st->refused_why) != NULL);
	if (st->malformed > 0) {
		CHECK(st->first_bad_line >= 1 && st->first_bad_line <= st->lines);
		CHECK(st->first_bad_why[0] != '\0');
	} else {
		CHECK(st->first_bad_line == 0);
		CHECK(st->first_bad_why[0] == '\0');
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct keylog *kl = keylog_new();
	CHECK(kl != NULL);
	struct keylog_stats st;
	memset(&st, 0, sizeof st);
	keylog_add_text(kl, data, size, &st);

	check_stats(&st);
	CHECK(st.lines == count_lines(data, size));
	CHECK(st.refused == 0);
	size_t count = keylog_count(kl);
	CHECK(count <= st.entries_added);
	CHECK((count == 0) == (st.entries_added == 0));
	CHECK(find_all(kl, NULL, data, size) == count);

	/* The same text again. */
	struct keylog_stats twice = st;
	keylog_add_text(kl, data, size, &twice);
	check_stats(&twice);
	CHECK(twice.lines == 2 * st.lines);
	CHECK(twice.entries_added == 2 * st.entries_added);
	CHECK(twice.ignored == 2 * st.ignored);
	CHECK(twice.malformed == 2 * st.malformed);
	CHECK(twice.first_bad_line == st.first_bad_line);
	CHECK(strcmp(twice.first_bad_why, st.first_bad_why) == 0);
	CHECK(keylog_count(kl) == count);

	/* Split after the first line, unless the rest would begin with a byte order mark
	 * (skipped only at a text's start). */
	const uint8_t *nl = size > 0 ? memchr(data, '\n', size) : NULL;
	size_t head = nl ? (size_t)(nl - data) + 1 : size;
	if (!has_bom(data + head, size - head)) {
		struct keylog *split = keylog_new();
		CHECK(split != NULL);
		struct keylog_stats parts;
		memset(&parts, 0, sizeof parts);
		keylog_add_text(split, data, head, &parts);
		keylog_add_text(split, data + head, size - head, &parts);
		CHECK(parts.lines == st.lines);
		CHECK(parts.entries_added == st.entries_added);
		CHECK(parts.ignored == st.ignored);
		CHECK(parts.malformed == st.malformed);
		CHECK(parts.first_bad_line == st.first_bad_line);
		CHECK(strcmp(parts.first_bad_why, st.first_bad_why) == 0);
		CHECK(keylog_count(split) == count);
		CHECK(find_all(split, kl, data, size) == count);
		keylog_free(split);
	}

	keylog_free(kl);
	return 0;
}
