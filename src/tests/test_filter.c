/* test_filter.c - PCRE2 filters: matching, UTF-8, limits, error messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "heaptui/filter.h"

static int match(const struct filter *f, const char *s)
{
	return filter_match(f, s, strlen(s));
}

static struct filter *compile(const char *pattern)
{
	struct filter *f = NULL;
	struct ht_error err;
	ht_error_init(&err);
	assert_int_equal(filter_compile(&f, pattern, &err), 0);
	assert_non_null(f);
	return f;
}

static void test_basic(void **state)
{
	struct filter *f = compile("longStr");
	assert_int_equal(match(f, "{longStr, someMethod}"), 1);
	assert_int_equal(match(f, "LongStr"), 0); /* case-sensitive */
	assert_int_equal(match(f, ""), 0);
	assert_string_equal(filter_pattern(f), "longStr");
	filter_free(f);

	f = compile("^Array$");
	assert_int_equal(match(f, "Array"), 1);
	assert_int_equal(match(f, "Arrays"), 0);
	filter_free(f);

	f = compile("(?i)detached");
	assert_int_equal(match(f, "Detached HTMLDivElement"), 1);
	filter_free(f);
}

static void test_empty_matches_all(void **state)
{
	struct filter *f = compile("");
	assert_int_equal(match(f, "anything"), 1);
	assert_int_equal(match(f, ""), 1);
	assert_int_equal(filter_match(f, "\xff", 1), 1);
	filter_free(f);
}

static void test_subject_with_nul(void **state)
{
	struct filter *f = compile("b");
	assert_int_equal(filter_match(f, "a\0b", 3), 1); /* length, not NUL, ends it */
	assert_int_equal(filter_match(f, "a\0b", 2), 0);
	filter_free(f);
}

static void test_utf8(void **state)
{
	struct filter *f = compile("^.$"); /* one code point, not one byte */
	assert_int_equal(match(f, "\xe4\xb8\xad"), 1);
	filter_free(f);

	f = compile("(?i)\xc3\xa9t\xc3\xa9"); /* été, caseless via Unicode folding */
	assert_int_equal(match(f, "\xc3\x89T\xc3\x89"), 1);
	filter_free(f);

	f = compile("^\\w+$"); /* UCP: \w knows non-ASCII letters */
	assert_int_equal(match(f, "na\xc3\xafve"), 1);
	filter_free(f);

	/* invalid UTF-8 subjects are matched with U+FFFD for the bad bytes */
	f = compile("bar");
	assert_int_equal(match(f, "foo\xff" "bar"), 1);
	assert_int_equal(match(f, "foo\xff" "baz"), 0);
	filter_free(f);
	f = compile("o\\x{fffd}b");
	assert_int_equal(match(f, "foo\xc0" "bar"), 1);
	filter_free(f);
}

static void test_smartcase(void **state)
{
	struct filter *f = NULL;
	assert_int_equal(filter_compile_opts(&f, "longstr", FILTER_SMARTCASE, NULL), 0);
	assert_int_equal(match(f, "{longStr}"), 1);
	filter_free(f);
	assert_int_equal(filter_compile_opts(&f, "Long", FILTER_SMARTCASE, NULL), 0);
	assert_int_equal(match(f, "{longStr}"), 0);
	filter_free(f);
	/* \S is an escape, not an uppercase letter the user typed */
	assert_int_equal(filter_compile_opts(&f, "long\\S", FILTER_SMARTCASE, NULL), 0);
	assert_int_equal(match(f, "LONGX"), 1);
	filter_free(f);
	assert_int_equal(filter_compile_opts(&f, "array", FILTER_CASELESS, NULL), 0);
	assert_int_equal(match(f, "(ARRAY)"), 1);
	filter_free(f);
}

static void test_bad_regex(void **state)
{
	struct filter *f = (struct filter *)1;
	struct ht_error err;
	ht_error_init(&err);
	assert_int_equal(filter_compile(&f, "foo(bar", &err), -1);
	assert_null(f);
	/* PCRE2 reports the missing ")" at the end of the pattern */
	assert_string_equal(err.msg, "bad regex at offset 7: missing closing parenthesis");
	assert_int_equal(err.offset, -1);

	ht_error_init(&err);
	assert_int_equal(filter_compile(&f, "a[", &err), -1);
	assert_non_null(strstr(err.msg, "bad regex at offset 2: "));
	assert_non_null(strstr(err.msg, "missing terminating ]"));

	ht_error_init(&err);
	assert_int_equal(filter_compile(&f, "*x", &err), -1);
	assert_string_equal(err.msg, "bad regex at offset 0: quantifier does not follow a "
				     "repeatable item");
	/* the pattern itself must be valid UTF-8 */
	ht_error_init(&err);
	assert_int_equal(filter_compile(&f, "ab\xff", &err), -1);
	assert_non_null(strstr(err.msg, "bad regex at offset 2: UTF-8 error"));

	/* a NULL error record is allowed */
	assert_int_equal(filter_compile(&f, "(", NULL), -1);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_catastrophic(void **state)
{
	/* (a+)+$ on "aaaa...a!" backtracks 2^n times without a limit */
	size_t n = 4000;
	char *s = malloc(n + 2);
	memset(s, 'a', n);
	s[n] = '!';
	s[n + 1] = '\0';
	const char *patterns[] = {"(a+)+$", "(a|a)+$", "^(a+)+$", "(?:a|aa)+$", "(\\w+\\s?)+$"};
	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
		struct filter *f = compile(patterns[i]);
		double t0 = now();
		assert_int_equal(filter_match(f, s, n + 1), -1);
		double dt = now() - t0;
		/* generous bound: sanitizer builds on a busy machine */
		assert_true(dt < 2.0);
		/* the filter stays usable */
		assert_int_equal(match(f, "aa"), 1);
		filter_free(f);
	}

	/* PCRE2 sees that "b" is required and fails fast: not a limit */
	struct filter *f = compile("(a*)*b");
	assert_int_equal(filter_match(f, s, n + 1), 0);
	filter_free(f);
	free(s);

	/* a sane pattern on a long subject is not "too expensive" */
	n = 1 << 20;
	s = malloc(n + 1);
	memset(s, 'x', n);
	memcpy(s + n - 6, "needle", 6);
	s[n] = '\0';
	f = compile("needle$");
	assert_int_equal(filter_match(f, s, n), 1);
	filter_free(f);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_empty_matches_all),
		cmocka_unit_test(test_subject_with_nul),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_smartcase),
		cmocka_unit_test(test_bad_regex),
		cmocka_unit_test(test_catastrophic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
