/* test_fmt.c - sizes and numbers for people (expectations: DevTools' rules). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "heaptui/fmt.h"

static char buf[FMT_BUFSZ];

/*
 * Sizes. The expected strings are what DevTools' bytesToString gives (run in
 * node: Intl "812B", "1.2kB", ...), with our space before the unit and ","
 * for grouping (see fmt.h).
 */
static void test_size(void **state)
{
	assert_string_equal(fmt_size(0, buf, sizeof(buf)), "0 B");
	assert_string_equal(fmt_size(812, buf, sizeof(buf)), "812 B");
	assert_string_equal(fmt_size(999, buf, sizeof(buf)), "999 B");
	assert_string_equal(fmt_size(1000, buf, sizeof(buf)), "1.0 kB");
	assert_string_equal(fmt_size(1200, buf, sizeof(buf)), "1.2 kB");
	/* Intl rounds half up on the decimal value: 1.05 -> 1.1, 1.15 -> 1.2, 1.25 -> 1.3 */
	assert_string_equal(fmt_size(1050, buf, sizeof(buf)), "1.1 kB");
	assert_string_equal(fmt_size(1150, buf, sizeof(buf)), "1.2 kB");
	assert_string_equal(fmt_size(1250, buf, sizeof(buf)), "1.3 kB");
	assert_string_equal(fmt_size(1049, buf, sizeof(buf)), "1.0 kB");
	/* unit chosen before rounding: 99.95 kB is "100.0kB" in DevTools */
	assert_string_equal(fmt_size(99950, buf, sizeof(buf)), "100.0 kB");
	assert_string_equal(fmt_size(100000, buf, sizeof(buf)), "100 kB");
	assert_string_equal(fmt_size(812499, buf, sizeof(buf)), "812 kB");
	assert_string_equal(fmt_size(999500, buf, sizeof(buf)), "1,000 kB");
	assert_string_equal(fmt_size(1000000, buf, sizeof(buf)), "1.0 MB");
	assert_string_equal(fmt_size(45000000, buf, sizeof(buf)), "45.0 MB");
	assert_string_equal(fmt_size(45049999, buf, sizeof(buf)), "45.0 MB");
	assert_string_equal(fmt_size(99999999, buf, sizeof(buf)), "100.0 MB");
	assert_string_equal(fmt_size(812000000, buf, sizeof(buf)), "812 MB");
	assert_string_equal(fmt_size(999499999, buf, sizeof(buf)), "999 MB");
	/* heaptui's extension past DevTools' MB */
	assert_string_equal(fmt_size(1100000000, buf, sizeof(buf)), "1.1 GB");
	assert_string_equal(fmt_size(123456789012ull, buf, sizeof(buf)), "123 GB");
	assert_string_equal(fmt_size(UINT64_MAX, buf, sizeof(buf)), "18,446,744,074 GB");
	/* truncation is safe */
	char tiny[4];
	assert_string_equal(fmt_size(812, tiny, sizeof(tiny)), "812");
}

static void test_sdelta(void **state)
{
	/* DevTools: signForDelta + bytesToString(|d|): "" for 0 */
	assert_string_equal(fmt_sdelta(0, buf, sizeof(buf)), "0 B");
	assert_string_equal(fmt_sdelta(1200, buf, sizeof(buf)), "+1.2 kB");
	assert_string_equal(fmt_sdelta(-812, buf, sizeof(buf)), "-812 B");
	assert_string_equal(fmt_sdelta(INT64_MIN, buf, sizeof(buf)), "-9,223,372,037 GB");
}

static void test_count(void **state)
{
	assert_string_equal(fmt_count(0, buf, sizeof(buf)), "0");
	assert_string_equal(fmt_count(999, buf, sizeof(buf)), "999");
	assert_string_equal(fmt_count(1000, buf, sizeof(buf)), "1,000");
	assert_string_equal(fmt_count(39236, buf, sizeof(buf)), "39,236");
	assert_string_equal(fmt_count(1234567, buf, sizeof(buf)), "1,234,567");
	assert_string_equal(fmt_count(UINT64_MAX, buf, sizeof(buf)), "18,446,744,073,709,551,615");
}

static void test_delta(void **state)
{
	assert_string_equal(fmt_delta(0, buf, sizeof(buf)), "0");
	assert_string_equal(fmt_delta(4, buf, sizeof(buf)), "+4");
	assert_string_equal(fmt_delta(-2, buf, sizeof(buf)), "-2");
	assert_string_equal(fmt_delta(-1234, buf, sizeof(buf)), "-1,234");
	assert_string_equal(fmt_delta(INT64_MIN, buf, sizeof(buf)), "-9,223,372,036,854,775,808");
	assert_string_equal(fmt_int(-12, buf, sizeof(buf)), "-12");
	assert_string_equal(fmt_int(78625, buf, sizeof(buf)), "78625");
}

static void test_percent(void **state)
{
	/* JS: (44.5).toFixed(0) === "45", (0.4).toFixed(0) === "0" */
	assert_string_equal(fmt_percent(44.5, buf, sizeof(buf)), "45%");
	assert_string_equal(fmt_percent(44.49, buf, sizeof(buf)), "44%");
	assert_string_equal(fmt_percent(0.4, buf, sizeof(buf)), "0%");
	assert_string_equal(fmt_percent(100.0, buf, sizeof(buf)), "100%");
	assert_string_equal(fmt_percent(-0.2, buf, sizeof(buf)), "0%");
	assert_string_equal(fmt_percent(NAN, buf, sizeof(buf)), "-");
	assert_string_equal(fmt_percent(INFINITY, buf, sizeof(buf)), "-");
	/* 1/3 of 300 as DevTools computes it */
	assert_string_equal(fmt_percent(100.0 / 300 * 100.0, buf, sizeof(buf)), "33%");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_sdelta),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_delta),
		cmocka_unit_test(test_percent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
