/*
 * hex.h — published test vectors as hex strings, for the unit tests of the crypto code
 * (test_tls_crypto.c, test_quic_crypto.c): decoded into bytes, compared with bytes.
 * Include after cmocka.h.
 */
#ifndef TLSDIAG_TEST_HEX_H
#define TLSDIAG_TEST_HEX_H

#include <stddef.h>
#include <stdint.h>

#include "bytes.h"

/* Hex (spaces and newlines allowed between bytes) into out; fails the test on a
 * malformed string or one longer than cap bytes. */
static inline size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	for (const char *p = hex; *p != '\0';) {
		if (*p == ' ' || *p == '\n') {
			p++;
			continue;
		}
		int hi = hex_digit_value((uint8_t)p[0]);
		assert_true(hi >= 0);
		int lo = hex_digit_value((uint8_t)p[1]);
		assert_true(lo >= 0);
		assert_true(n < cap);
		out[n++] = (uint8_t)(hi << 4 | lo);
		p += 2;
	}
	return n;
}

static inline void assert_hex_equal(const uint8_t *got, size_t got_len, const char *want_hex)
{
	uint8_t want[1500];
	size_t want_len = unhex(want_hex, want, sizeof want);
	assert_int_equal(got_len, want_len);
	assert_memory_equal(got, want, want_len);
}

#endif
