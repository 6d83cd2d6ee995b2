/*
 * test_classes.c — the table of class properties: every class has its SPEC.md name (each
 * once, read back by class_from_name), the outcome SPEC.md gives it, failed exactly when
 * neither ok nor incomplete, wording for the batch view; values outside the enum read as
 * unknown_failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "classes.h"

static void test_names_are_spec_names(void **state)
{
	(void)state;
	static const char *const spec[CLASS__COUNT] = {
		"ok", "version_mismatch", "no_shared_cipher", "missing_sni", "unknown_sni", "client_cert_missing",
		"client_cert_rejected", "server_cert_rejected", "middlebox_reset", "server_reset", "no_server_response",
		"alpn_mismatch", "not_tls", "protocol_error", "unknown_failure", "incomplete",
	};
	for (int c = 0; c < CLASS__COUNT; c++) {
		assert_string_equal(class_name((enum tls_class)c), spec[c]);
		assert_int_equal(class_from_name(spec[c]), c);
	}
	assert_int_equal(class_from_name("nonsense"), CLASS__COUNT);
	assert_int_equal(class_from_name(""), CLASS__COUNT);
}

static void test_outcomes(void **state)
{
	(void)state;
	for (int c = 0; c < CLASS__COUNT; c++) {
		enum tls_class k = (enum tls_class)c;
		const char *want = k == CLASS_OK ? "ok" : k == CLASS_INCOMPLETE ? "incomplete" : "failed";
		assert_string_equal(class_outcome_name(k), want);
		assert_int_equal(class_failed(k), k != CLASS_OK && k != CLASS_INCOMPLETE);
		assert_int_equal(class_failed(k), class_outcome(k) == CLASS_OUTCOME_FAILED);
		const struct class_info *ci = class_info(k);
		assert_non_null(ci->reading_before);
		assert_non_null(ci->reading_after);
		assert_true(ci->reading_before[0] != '\0' || ci->reading_after[0] != '\0');
	}
}

static void test_out_of_range_is_unknown_failure(void **state)
{
	(void)state;
	enum tls_class bad = (enum tls_class)(CLASS__COUNT + 3);
	assert_string_equal(class_name(bad), "unknown_failure");
	assert_string_equal(class_name(CLASS__COUNT), "unknown_failure");
	assert_true(class_failed(bad));
	assert_string_equal(class_outcome_name(bad), "failed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_are_spec_names),
		cmocka_unit_test(test_outcomes),
		cmocka_unit_test(test_out_of_range_is_unknown_failure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
