/* test_text.c - sanitizing, UTF-8, widths and cropping of untrusted strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "heaptui/text.h"

/* Sanitize a literal (with its exact length, NULs included). */
#define SAN(lit) sanitize((lit), sizeof(lit) - 1)

static struct strbuf out_sb;

static const char *sanitize(const char *s, size_t len)
{
	strbuf_reset(&out_sb);
	text_sanitize(&out_sb, s, len);
	return out_sb.buf ? out_sb.buf : "";
}

/* The property every sanitized string must have: valid UTF-8, no byte
 * < 0x20, no DEL, no C1 code point. */
static void assert_safe(const char *s, size_t len)
{
	assert_true(text_utf8_valid(s, len));
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		assert_true(c >= 0x20 && c != 0x7f);
		if (c == 0xc2 && i + 1 < len)
			assert_false((unsigned char)s[i + 1] >= 0x80 &&
				     (unsigned char)s[i + 1] <= 0x9f);
	}
}

static void test_plain(void **state)
{
	assert_string_equal(SAN("hello, world"), "hello, world");
	assert_string_equal(SAN(""), "");
	/* backslashes are display text, kept */
	assert_string_equal(SAN("a\\b"), "a\\b");
	/* valid non-ASCII is kept */
	assert_string_equal(SAN("caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80"),
			    "caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80");
	/* a real U+FFFD is valid and kept */
	assert_string_equal(SAN("\xef\xbf\xbd"), "\xef\xbf\xbd");
}

static void test_c0_escapes(void **state)
{
	assert_string_equal(SAN("a\tb\nc\rd"), "a\\tb\\nc\\rd");
	assert_string_equal(SAN("\x1b[2J"), "\\x1b[2J");                   /* CSI clear */
	assert_string_equal(SAN("\x1b]0;PWNED\x07"), "\\x1b]0;PWNED\\x07"); /* OSC title */
	assert_string_equal(SAN("a\0b"), "a\\x00b");                        /* NUL */
	assert_string_equal(SAN("\x7f"), "\\x7f");                          /* DEL */
	assert_string_equal(SAN("\x01\x1f"), "\\x01\\x1f");
}

static void test_c1_and_bidi(void **state)
{
	/* U+009B is CSI in one code point */
	assert_string_equal(SAN("x\xc2\x9b" "2Jy"), "x\\u009b2Jy");
	assert_string_equal(SAN("\xc2\x80\xc2\x9f"), "\\u0080\\u009f");
	/* U+00A0 (first after C1) is printable */
	assert_string_equal(SAN("\xc2\xa0"), "\xc2\xa0");
	/* RLO reverses what follows: "exe.txt" trick */
	assert_string_equal(SAN("evil\xe2\x80\xaetxt.exe"), "evil\\u202etxt.exe");
	assert_string_equal(SAN("\xe2\x81\xa6\xe2\x81\xa9"), "\\u2066\\u2069"); /* isolates */
	assert_string_equal(SAN("\xe2\x80\x8e\xe2\x80\x8f"), "\\u200e\\u200f"); /* LRM RLM */
	assert_string_equal(SAN("\xd8\x9c"), "\\u061c");                       /* ALM */
	assert_string_equal(SAN("\xe2\x80\xaa"), "\\u202a");
	assert_string_equal(SAN("\xe2\x80\xa8"), "\\u2028");                   /* LS */
}

static void test_invalid_utf8(void **state)
{
	const char *fffd = "\xef\xbf\xbd";
	char want[64];

	assert_string_equal(SAN("a\xff" "b"), "a\xef\xbf\xbd" "b");
	/* overlong '/', surrogate, > U+10FFFF: one U+FFFD per bad byte */
	snprintf(want, sizeof(want), "%s%s", fffd, fffd);
	assert_string_equal(SAN("\xc0\xaf"), want);
	snprintf(want, sizeof(want), "%s%s%s", fffd, fffd, fffd);
	assert_string_equal(SAN("\xed\xa0\x80"), want);
	snprintf(want, sizeof(want), "%s%s%s%s", fffd, fffd, fffd, fffd);
	assert_string_equal(SAN("\xf4\x90\x80\x80"), want);
	/* truncated at the end */
	snprintf(want, sizeof(want), "x%s%s", fffd, fffd);
	assert_string_equal(SAN("x\xe4\xb8"), want);
	/* an overlong ESC must not sneak through as ESC */
	snprintf(want, sizeof(want), "%s%s[2J", fffd, fffd);
	assert_string_equal(SAN("\xc0\x9b[2J"), want);
}

static void test_always_safe(void **state)
{
	/* every byte value, and every 2-byte pair, comes out safe */
	char all[256];
	for (int i = 0; i < 256; i++)
		all[i] = (char)i;
	const char *s = sanitize(all, sizeof(all));
	assert_safe(s, strlen(s));
	for (int a = 0x80; a < 0x100; a++) {
		for (int b = 0; b < 0x100; b++) {
			char two[3] = {(char)a, (char)b, '\x9b'};
			s = sanitize(two, 3);
			assert_safe(s, out_sb.len);
		}
	}
	/* all bidi/C1 code points */
	for (uint32_t cp = 0x80; cp < 0x3000; cp++) {
		char enc[4];
		size_t n = text_utf8_encode(cp, enc);
		s = sanitize(enc, n);
		assert_safe(s, out_sb.len);
		if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
			assert_int_equal(s[0], '\\');
	}
}

/* Random byte strings, biased towards the interesting bytes: the output is
 * always safe, and sanitizing valid printable text changes nothing. */
static void test_random(void **state)
{
	static const unsigned char pick[] = {
		0x00, 0x07, 0x09, 0x0a, 0x1b, 0x5b, 0x5c, 0x7f, 0x80, 0x9b, 0xbf, 0xc0, 0xc2,
		0xe2, 0x80, 0xae, 0xed, 0xef, 0xf0, 0xf4, 0xf8, 0xff, 'a', ' ',
	};
	uint32_t seed = 12345;
	char s[32];
	for (int iter = 0; iter < 20000; iter++) {
		seed = seed * 1103515245u + 12345u;
		size_t len = (seed >> 16) % sizeof(s);
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			s[i] = (char)pick[(seed >> 16) % sizeof(pick)];
		}
		const char *out = sanitize(s, len);
		size_t olen = out_sb.len;
		assert_safe(out, olen);
		/* idempotent on what has no backslash escapes to re-read */
		struct strbuf again = STRBUF_INIT;
		text_sanitize(&again, out, olen);
		assert_int_equal(again.len, olen);
		assert_memory_equal(again.buf ? again.buf : "", out, olen);
		/* crop never exceeds the columns asked */
		for (size_t cols = 0; cols < 8; cols++) {
			strbuf_reset(&again);
			size_t used = text_crop(&again, out, olen, cols, iter & 1);
			assert_true(used <= cols);
			assert_int_equal(text_width(again.buf ? again.buf : "", again.len), used);
			assert_true(text_utf8_valid(again.buf ? again.buf : "", again.len));
		}
		strbuf_release(&again);
	}
}

static void test_decode(void **state)
{
	uint32_t cp;
	assert_int_equal(text_utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(text_utf8_decode("\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(text_utf8_decode("\xe2\x80\xa6", 3, &cp), 3);
	assert_int_equal(cp, 0x2026);
	assert_int_equal(text_utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1f600);
	assert_int_equal(text_utf8_decode("\xf0\x9f\x98", 3, &cp), 1); /* truncated */
	assert_int_equal(cp, 0xfffd);
	assert_int_equal(text_utf8_decode("\x80", 1, &cp), 1);
	assert_int_equal(cp, 0xfffd);
	assert_int_equal(text_utf8_decode("\xe0\x80\x80", 3, &cp), 1); /* overlong NUL */
	assert_int_equal(cp, 0xfffd);
	/* encode/decode round trip over the whole range */
	for (uint32_t c = 0; c <= 0x10ffff; c += (c < 0x800 ? 1 : 97)) {
		if (c >= 0xd800 && c <= 0xdfff)
			continue;
		char enc[4];
		size_t n = text_utf8_encode(c, enc);
		assert_int_equal(text_utf8_decode(enc, n, &cp), n);
		assert_int_equal(cp, c);
	}
}

static void test_fix(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	text_utf8_fix(&sb, "a\tb\xff\x1b", 5);
	assert_int_equal(sb.len, 7);
	assert_memory_equal(sb.buf, "a\tb\xef\xbf\xbd\x1b", 7);
	assert_true(text_utf8_valid(sb.buf, sb.len));
	assert_false(text_utf8_valid("\xff", 1));
	strbuf_release(&sb);
}

static void test_widths(void **state)
{
	assert_int_equal(text_cp_width('a'), 1);
	assert_int_equal(text_cp_width(0x1b), -1);
	assert_int_equal(text_cp_width(0x9b), -1);
	assert_int_equal(text_cp_width(0x7f), -1);
	assert_int_equal(text_cp_width(0xe9), 1);
	assert_int_equal(text_cp_width(0x301), 0);    /* combining acute */
	assert_int_equal(text_cp_width(0x200b), 0);   /* zero width space */
	assert_int_equal(text_cp_width(0x4e2d), 2);   /* 中 */
	assert_int_equal(text_cp_width(0xac00), 2);   /* 가 */
	assert_int_equal(text_cp_width(0xff21), 2);   /* fullwidth A */
	assert_int_equal(text_cp_width(0x3000), 2);   /* ideographic space */
	assert_int_equal(text_cp_width(0x1f600), 2);  /* 😀 */
	assert_int_equal(text_cp_width(0x20000), 2);  /* CJK ext B */
	assert_int_equal(text_cp_width(0x2026), 1);   /* … */
	assert_int_equal(text_cp_width(0x1160), 0);   /* Hangul medial vowel */

	assert_int_equal(text_width("hello", 5), 5);
	assert_int_equal(text_width("\xe4\xb8\xad\xe6\x96\x87", 6), 4);       /* 中文 */
	assert_int_equal(text_width("e\xcc\x81", 3), 1);                      /* e + U+0301 */
	assert_int_equal(text_width("\xf0\x9f\x98\x80!", 5), 3);              /* 😀! */
	assert_int_equal(text_width("", 0), 0);
}

static void test_crop(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(text_crop(&sb, "hello", 5, 5, 0), 5);
	assert_string_equal(sb.buf, "hello");
	strbuf_reset(&sb);
	assert_int_equal(text_crop(&sb, "hello", 5, 4, 0), 4);
	assert_string_equal(sb.buf, "hel\xe2\x80\xa6");
	strbuf_reset(&sb);
	assert_int_equal(text_crop(&sb, "hello", 5, 4, 1), 4);
	assert_string_equal(sb.buf, "hel~");
	strbuf_reset(&sb);
	assert_int_equal(text_crop(&sb, "hello", 5, 1, 0), 1);
	assert_string_equal(sb.buf, "\xe2\x80\xa6");
	strbuf_reset(&sb);
	assert_int_equal(text_crop(&sb, "hello", 5, 0, 0), 0);
	assert_int_equal(sb.len, 0);

	/* 中文字 is 6 columns; in 4: 中 + "…" = 3 (文 does not fit in 3) */
	strbuf_reset(&sb);
	assert_int_equal(text_crop(&sb, "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 9, 4, 0), 3);
	assert_string_equal(sb.buf, "\xe4\xb8\xad\xe2\x80\xa6");
	/* in 5: 中文 + "…" */
	strbuf_reset(&sb);
	assert_int_equal(text_crop(&sb, "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 9, 5, 0), 5);
	assert_string_equal(sb.buf, "\xe4\xb8\xad\xe6\x96\x87\xe2\x80\xa6");

	/* a combining mark stays with its base letter */
	strbuf_reset(&sb);
	assert_int_equal(text_crop(&sb, "ae\xcc\x81xyz", 7, 3, 0), 3);
	assert_string_equal(sb.buf, "ae\xcc\x81\xe2\x80\xa6");
	strbuf_release(&sb);
}

static void test_strbuf(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "a");
	strbuf_addch(&sb, 'b');
	strbuf_addchars(&sb, '-', 3);
	strbuf_addf(&sb, "%d%s", 42, "x");
	assert_string_equal(sb.buf, "ab---42x");
	/* addf longer than its stack buffer */
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%0600d", 7);
	assert_int_equal(sb.len, 600);
	assert_int_equal(sb.buf[599], '7');
	strbuf_release(&sb);
	assert_null(sb.buf);
	assert_int_equal(sb.len, 0);
}

static int teardown(void **state)
{
	strbuf_release(&out_sb);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_c0_escapes),
		cmocka_unit_test(test_c1_and_bidi),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_always_safe),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_fix),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_crop),
		cmocka_unit_test(test_strbuf),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
