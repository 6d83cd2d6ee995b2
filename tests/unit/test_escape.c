/*
 * test_escape.c — the escapes of wire bytes: \xNN text (with and without quotes, an
 * escape never cut by a small buffer, the length returned as snprintf does), masks,
 * shell words that run nothing, TSV columns, JSON strings that always parse (invalid
 * UTF-8 and controls as \u00XX, valid UTF-8 kept) and the UTF-8 sequence lengths.
 */
#define _GNU_SOURCE /* open_memstream */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "escape.h"

static void test_hex(void **state)
{
	(void)state;
	char out[64];
	const char in[] = "a\"b\\c\x1b[0m\x80\x7f";
	size_t n = sizeof in - 1;
	size_t need = escape_hex(in, n, 0, out, sizeof out);
	assert_int_equal(need, strlen(out));
	assert_string_equal(out, "a\"b\\c\\x1b[0m\\x80\\x7f");
	need = escape_hex(in, n, ESCAPE_QUOTES, out, sizeof out);
	assert_int_equal(need, strlen(out));
	assert_string_equal(out, "a\\x22b\\x5cc\\x1b[0m\\x80\\x7f");
	/* The length needed, without writing. */
	assert_int_equal(escape_hex(in, n, 0, NULL, 0), strlen("a\"b\\c\\x1b[0m\\x80\\x7f"));
	/* A NUL inside the bytes is a byte like another. */
	assert_int_equal(escape_hex("a\0b", 3, 0, out, sizeof out), 6);
	assert_string_equal(out, "a\\x00b");
}

static void test_hex_never_cuts_an_escape(void **state)
{
	(void)state;
	/* "ab" then \x01: 2 + 4 bytes; in 6 bytes (5 and a NUL) only "ab" fits. */
	for (size_t len = 1; len <= 7; len++) {
		char out[8];
		memset(out, 'Z', sizeof out);
		size_t need = escape_hex("ab\x01", 3, 0, out, len);
		assert_int_equal(need, 6);
		assert_true(strlen(out) < len);
		assert_string_equal(out, len == 7 ? "ab\\x01" : len >= 3 ? "ab" : len == 2 ? "a" : "");
		assert_int_equal(out[len], 'Z'); /* nothing past out_len */
	}
}

static void test_mask(void **state)
{
	(void)state;
	char out[16];
	assert_int_equal(escape_mask("GET /\r\n\"x\"", 10, '.', ESCAPE_QUOTES, out, sizeof out), 10);
	assert_string_equal(out, "GET /...x.");
	assert_int_equal(escape_mask("h2\x01\"", 4, '?', 0, out, sizeof out), 4);
	assert_string_equal(out, "h2?\"");
	escape_mask("abcdef", 6, '?', 0, out, 4);
	assert_string_equal(out, "abc");
}

static void test_shell_word(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "www.example.test", "www.example.test" },
		{ "a b", "'a b'" },
		{ "$(rm -rf ~)'\n", "'$(rm -rf ~)'\\''?'" },
		{ "", "''" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[64];
		escape_shell_word(cases[i].in, strlen(cases[i].in), out, sizeof out);
		assert_string_equal(out, cases[i].want);
	}
}

enum stream_kind { STREAM_TEXT, STREAM_TSV, STREAM_JSON };

/* What the stream escape of kind writes for the n bytes at s, as a string (freed by the caller). */
static char *written(enum stream_kind kind, const char *s, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	if (kind == STREAM_TEXT)
		escape_put_text(f, s);
	else if (kind == STREAM_TSV)
		escape_put_tsv_field(f, s);
	else
		escape_put_json(f, s, n);
	fclose(f);
	return buf;
}

static void test_streams(void **state)
{
	(void)state;
	static const struct {
		enum stream_kind kind;
		const char *in;
		size_t n;
		const char *want;
	} cases[] = {
		{ STREAM_TEXT, "name\x1b]0;x\x07", 0, "name\\x1b]0;x\\x07" },
		{ STREAM_TSV, "CN=a\tb\r\nc", 0, "CN=a b  c" },
		{ STREAM_JSON, "a\"\\\n\t\x01\x7f", 7, "\"a\\\"\\\\\\n\\t\\u0001\\u007f\"" },
		/* Valid UTF-8 is kept; a lone continuation byte, an overlong form and a surrogate are not. */
		{ STREAM_JSON, "\xc3\xa9\x80\xc0\xaf\xed\xa0\x80", 8,
		  "\"\xc3\xa9\\u0080\\u00c0\\u00af\\u00ed\\u00a0\\u0080\"" },
		{ STREAM_JSON, "a\0b", 3, "\"a\\u0000b\"" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = written(cases[i].kind, cases[i].in, cases[i].n);
		assert_string_equal(got, cases[i].want);
		free(got);
	}
}

static void test_utf8_len(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		size_t n, want;
	} cases[] = {
		{ "a", 1, 1 },
		{ "\xc3\xa9", 2, 2 },
		{ "\xc3\xa9", 1, 0 },             /* cut */
		{ "\xe2\x82\xac", 3, 3 },
		{ "\xf0\x9f\x98\x80", 4, 4 },
		{ "\xf4\x90\x80\x80", 4, 0 },     /* past U+10FFFF */
		{ "\xe0\x80\x80", 3, 0 },         /* overlong */
		{ "\xc1\xbf", 2, 0 },             /* overlong */
		{ "\xed\xb0\x80", 3, 0 },         /* surrogate */
		{ "", 0, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(escape_utf8_len((const unsigned char *)cases[i].in, cases[i].n), cases[i].want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_hex_never_cuts_an_escape),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_shell_word),
		cmocka_unit_test(test_streams),
		cmocka_unit_test(test_utf8_len),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
