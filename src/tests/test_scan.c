/*
 * test_scan.c - the JSON scanner on small buffers: integers (all lengths,
 * the 32-bit limit, signs, fractions, leading zeros), whitespace and
 * separators, records into tables, split scanning, errors with their byte
 * offsets, string decoding (escapes, surrogates, invalid UTF-8, NUL) and
 * the generic skipper. Expected values are worked out by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heaptui/scan.h"
#include "heaptui/util.h"
#include "rng_fixture.h"

static struct ht_error err;

/* A scanner over text[0..len); text[len] must be '\0'. */
static struct scan mk(const char *text, size_t len)
{
	struct scan sc = {.text = text, .len = len, .name = "t.json", .err = &err};
	ht_error_init(&err);
	return sc;
}

#define MK(lit) mk((lit), sizeof(lit) - 1)

static void assert_err(int64_t off, const char *msg)
{
	assert_string_equal(err.where, "t.json");
	assert_int_equal(err.offset, off);
	assert_string_equal(err.msg, msg);
}

/* ---- integers ----------------------------------------------------------- */

static void test_u32(void **state)
{
	(void)state;
	uint32_t v;
	size_t pos;
	struct scan sc = MK("0,42 4294967295]");
	pos = 0;
	assert_int_equal(scan_u32(&sc, &pos, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(pos, 1);
	pos = 2;
	assert_int_equal(scan_u32(&sc, &pos, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(pos, 4);
	pos = 5;
	assert_int_equal(scan_u32(&sc, &pos, &v), 0);
	assert_int_equal(v, 4294967295u);
	assert_int_equal(pos, 15);

	sc = MK("[4294967296]");
	pos = 1;
	assert_int_equal(scan_u32(&sc, &pos, &v), -1);
	assert_err(1, "number does not fit in 32 bits");
	sc = MK("  -1");
	pos = 2;
	assert_int_equal(scan_u32(&sc, &pos, &v), -1);
	assert_err(2, "negative number");
	sc = MK("007");
	pos = 0;
	assert_int_equal(scan_u32(&sc, &pos, &v), -1);
	assert_err(0, "number with a leading zero");
	sc = MK("1.5");
	pos = 0;
	assert_int_equal(scan_u32(&sc, &pos, &v), -1);
	assert_err(0, "expected an integer");
	sc = MK("12e3");
	pos = 0;
	assert_int_equal(scan_u32(&sc, &pos, &v), -1);
	assert_err(0, "expected an integer");
	sc = MK("x");
	pos = 0;
	assert_int_equal(scan_u32(&sc, &pos, &v), -1);
	assert_err(0, "expected a number");
	sc = MK("");
	pos = 0;
	assert_int_equal(scan_u32(&sc, &pos, &v), -1);
	assert_err(0, "unexpected end of input");
}

/* Scan text (after its '[') as records of nf u32 fields into out. */
static int ints(const char *text, unsigned nf, uint32_t *out, uint64_t max, uint64_t *count,
		size_t *end)
{
	struct scan sc = mk(text, strlen(text));
	struct scan_field f[8];
	memset(f, 0, sizeof(f));
	for (unsigned i = 0; i < nf; i++) {
		f[i].kind = SCAN_U32;
		f[i].u32 = out + i * 64; /* field i's table */
	}
	size_t pos = 1;
	int rc = scan_ints(&sc, &pos, 0, f, nf, 0, max, count, "test");
	if (end)
		*end = pos;
	return rc;
}

static void test_ints_whitespace(void **state)
{
	(void)state;
	uint32_t t[8 * 64];
	uint64_t n;
	size_t end;
	assert_int_equal(ints("[ 1 ,\n2\t,\r3\n,4 ] tail", 2, t, 100, &n, &end), 0);
	assert_int_equal(n, 4);
	assert_int_equal(end, 16);
	assert_int_equal(t[0], 1);      /* field 0, record 0 */
	assert_int_equal(t[64], 2);     /* field 1, record 0 */
	assert_int_equal(t[1], 3);
	assert_int_equal(t[65], 4);

	assert_int_equal(ints("[]", 3, t, 100, &n, &end), 0);
	assert_int_equal(n, 0);
	assert_int_equal(end, 2);
	assert_int_equal(ints("[ \n ]", 3, t, 100, &n, &end), 0);
	assert_int_equal(n, 0);
}

static void test_ints_errors(void **state)
{
	(void)state;
	uint32_t t[8 * 64];
	uint64_t n;
	assert_int_equal(ints("[1,]", 1, t, 100, &n, NULL), -1);
	assert_err(3, "expected a number");
	assert_int_equal(ints("[1 2]", 1, t, 100, &n, NULL), -1);
	assert_err(3, "expected ',' or ']'");
	assert_int_equal(ints("[1,2", 1, t, 100, &n, NULL), -1);
	assert_err(4, "unexpected end of input");
	assert_int_equal(ints("[1,2,", 1, t, 100, &n, NULL), -1);
	assert_err(5, "unexpected end of input");
	assert_int_equal(ints("[1,2,3]", 1, t, 2, &n, NULL), -1);
	assert_err(5, "test array has more values than expected (2)");
	assert_int_equal(ints("[1,99999999999]", 1, t, 100, &n, NULL), -1);
	assert_err(3, "number does not fit in 32 bits");
	assert_int_equal(ints("[1,4294967296,3]", 1, t, 100, &n, NULL), -1);
	assert_err(3, "number does not fit in 32 bits");
	assert_int_equal(ints("[1,-2]", 1, t, 100, &n, NULL), -1);
	assert_err(3, "negative number");
	assert_int_equal(ints("[1,2.0,3]", 1, t, 100, &n, NULL), -1);
	assert_err(3, "expected an integer");
	assert_int_equal(ints("[1,2E5,3]", 1, t, 100, &n, NULL), -1);
	assert_err(3, "expected an integer");
	assert_int_equal(ints("[1,00]", 1, t, 100, &n, NULL), -1);
	assert_err(3, "number with a leading zero");
	assert_int_equal(ints("[0123456]", 1, t, 100, &n, NULL), -1);
	assert_err(1, "number with a leading zero");
	assert_int_equal(ints("[1,\"2\"]", 1, t, 100, &n, NULL), -1);
	assert_err(3, "expected a number");
	assert_int_equal(ints("[1}", 1, t, 100, &n, NULL), -1);
	assert_err(2, "expected ',' or ']'");
}

/* Every length from 1 to 10 digits, at every alignment, on both paths. */
static void test_ints_all_lengths(void **state)
{
	(void)state;
	static const uint32_t vals[] = {
		0, 7, 10, 99, 100, 12345, 999999, 1000000, 1234567, 9999999, 10000000,
		12345678, 99999999, 100000000, 123456789, 1000000000, 4000000000u,
		4294967295u, 1, 90, 909, 8080808,
	};
	char text[4096];
	size_t n = 0;
	uint32_t out[ARRAY_SIZE(vals) * 4];
	for (int pad = 0; pad < 8; pad++) {
		n = 0;
		text[n++] = '[';
		for (int i = 0; i < pad; i++)
			text[n++] = ' ';
		for (size_t r = 0; r < 4; r++)
			for (size_t i = 0; i < ARRAY_SIZE(vals); i++)
				n += (size_t)snprintf(text + n, sizeof(text) - n, "%s%u",
						      r || i ? "," : "", vals[i]);
		text[n++] = ']';
		text[n] = '\0';
		struct scan sc = mk(text, n);
		struct scan_field f = {.kind = SCAN_U32, .u32 = out};
		size_t pos = 1;
		uint64_t count;
		assert_int_equal(scan_ints(&sc, &pos, 0, &f, 1, 0, 1000, &count, "x"), 0);
		assert_int_equal(count, 4 * ARRAY_SIZE(vals));
		assert_int_equal(pos, n);
		for (size_t i = 0; i < count; i++)
			assert_int_equal(out[i], vals[i % ARRAY_SIZE(vals)]);
	}
	/* a number that ends exactly at the end of the buffer (no room for 8 bytes) */
	struct scan sc = MK("[5,1234567");
	struct scan_field f = {.kind = SCAN_U32, .u32 = out};
	size_t pos = 1;
	uint64_t count;
	assert_int_equal(scan_ints(&sc, &pos, 0, &f, 1, 0, 10, &count, "x"), -1);
	assert_err(10, "unexpected end of input");
	assert_int_equal(out[1], 1234567);
}

static void test_ints_fields(void **state)
{
	(void)state;
	static const uint8_t map[3] = {9, 8, 7};
	uint8_t types[4];
	uint32_t ids[4];
	struct scan_field f[3] = {
		{SCAN_U8, NULL, types, map, 3, "thing type"},
		{.kind = SCAN_SKIP},
		{.kind = SCAN_U32, .u32 = ids},
	};
	struct scan sc = MK("[0,55,100,2,66,200,1,77,300]");
	size_t pos = 1;
	uint64_t count;
	assert_int_equal(scan_ints(&sc, &pos, 0, f, 3, 0, 9, &count, "things"), 0);
	assert_int_equal(count, 9);
	assert_int_equal(types[0], 9);
	assert_int_equal(types[1], 7);
	assert_int_equal(types[2], 8);
	assert_int_equal(ids[0], 100);
	assert_int_equal(ids[1], 200);
	assert_int_equal(ids[2], 300);
	assert_int_equal(scan_int_offset(&sc, 0, 4), 12);
	assert_int_equal(scan_int_offset(&sc, 0, 0), 1);

	sc = MK("[0,55,100,3,66,200]");
	pos = 1;
	assert_int_equal(scan_ints(&sc, &pos, 0, f, 3, 0, 9, &count, "things"), -1);
	assert_err(10, "thing type 3 out of range (0 to 2)");
}

/* ---- the 64-byte block path against the one-by-one loop ----------------- */


/* A V8-style array of records (type, name, to): "[t,n,o\n,t,n,o...]". */
static size_t v8_array(char *text, size_t cap, uint32_t records)
{
	static const uint32_t bigs[] = {0, 9, 10, 99999999, 100000000, 999999999,
					1000000000, 4294967295u};
	size_t n = 0;
	text[n++] = '[';
	for (uint32_t r = 0; r < records; r++) {
		uint32_t name = rnd(4) ? rnd(100000) : bigs[rnd(ARRAY_SIZE(bigs))];
		uint32_t to = rnd(3) ? rnd(200000000) : bigs[rnd(ARRAY_SIZE(bigs))];
		n += (size_t)snprintf(text + n, cap - n, "%s%u,%u,%u", r ? "\n," : "", rnd(7),
				      name, to);
	}
	text[n++] = ']';
	text[n] = '\0';
	return n;
}

struct ints_result {
	int rc;
	uint64_t count;
	size_t pos;
	struct ht_error err;
	uint8_t type[1200];
	uint32_t name[1200], to[1200];
};

static void scan_with(const char *text, size_t len, int one_by_one, size_t stop,
		      uint64_t max, struct ints_result *r)
{
	static const uint8_t map[7] = {0, 1, 2, 3, 4, 5, 6};
	memset(r, 0, sizeof(*r));
	ht_error_init(&r->err);
	struct scan sc = {.text = text, .len = len, .name = "t.json", .err = &r->err,
			  .one_by_one = one_by_one};
	struct scan_field f[3] = {
		{SCAN_U8, NULL, r->type, map, 7, "edge type"},
		{.kind = SCAN_U32, .u32 = r->name},
		{.kind = SCAN_U32, .u32 = r->to},
	};
	r->pos = 1;
	r->rc = scan_ints(&sc, &r->pos, stop, f, 3, 0, max, &r->count, "edges");
}

static void assert_same_result(const struct ints_result *a, const struct ints_result *b)
{
	assert_int_equal(a->rc, b->rc);
	assert_int_equal(a->err.offset, b->err.offset);
	assert_string_equal(a->err.msg, b->err.msg);
	if (a->rc == 0) {
		assert_int_equal(a->count, b->count);
		assert_int_equal(a->pos, b->pos);
		assert_memory_equal(a, b, sizeof(*a));
	}
}

/*
 * The block path must give what the one-by-one loop gives - tables, end,
 * count, and for bad input the same message at the same offset - on V8's
 * layout and on a thousand corruptions of it (bytes changed, dropped or
 * doubled at random places, so they fall at every place in a block).
 */
static void test_ints_blocks(void **state)
{
	(void)state;
	static const char subst[] = " \n\r\t,.e0919-]x\"";
	static char text[40000], bad[40010];
	static struct ints_result fast, slow;
	uint32_t records = 1000;
	size_t len = v8_array(text, sizeof(text) - 16, records);

	scan_with(text, len, 0, 0, 3 * records, &fast);
	scan_with(text, len, 1, 0, 3 * records, &slow);
	assert_int_equal(fast.rc, 0);
	assert_int_equal(fast.count, 3 * records);
	assert_same_result(&fast, &slow);
	/* one value too many, and a first half ending at a split comma */
	scan_with(text, len, 0, 0, 3 * records - 1, &fast);
	scan_with(text, len, 1, 0, 3 * records - 1, &slow);
	assert_int_equal(fast.rc, -1);
	assert_same_result(&fast, &slow);
	for (size_t stop = 100; stop < len; stop += 977) {
		scan_with(text, len, 0, stop, 3 * records, &fast);
		scan_with(text, len, 1, stop, 3 * records, &slow);
		assert_same_result(&fast, &slow);
	}

	for (int round = 0; round < 1000; round++) {
		size_t at = 1 + rnd((uint32_t)len - 2), n = 0;
		int how = (int)rnd(3);
		for (size_t i = 0; i < len; i++) {
			if (i == at && how == 0) {
				bad[n++] = subst[rnd(sizeof(subst) - 1)];
				continue;
			}
			if (i == at && how == 1)
				continue;
			bad[n++] = text[i];
			if (i == at && how == 2)
				bad[n++] = text[i];
		}
		bad[n] = '\0';
		scan_with(bad, n, 0, 0, 3 * records + 3, &fast);
		scan_with(bad, n, 1, 0, 3 * records + 3, &slow);
		assert_same_result(&fast, &slow);
	}

	/* digit runs from 9 digits to more than a block, at every alignment:
	 * those of 11 and more do not fit */
	static const size_t runs[] = {9, 10, 11, 12, 62, 63, 64, 65, 70};
	for (size_t r = 0; r < ARRAY_SIZE(runs); r++) {
		for (size_t at = 128; at < 192; at++) {
			size_t n = at;
			memcpy(bad, text, at);
			while (bad[n - 1] != ',')
				n--;
			memset(bad + n, '1', runs[r]);
			n += runs[r];
			bad[n++] = ']';
			bad[n] = '\0';
			scan_with(bad, n, 0, 0, 3 * records, &fast);
			scan_with(bad, n, 1, 0, 3 * records, &slow);
			if (runs[r] > 10)
				assert_int_equal(fast.rc, -1);
			assert_same_result(&fast, &slow);
		}
	}
}

/* A split scan (two halves, as two threads would) gives the same tables. */
static void test_ints_split(void **state)
{
	(void)state;
	uint32_t a[8] = {0}, b[8] = {0};
	struct scan_field fa[2] = {{.kind = SCAN_U32, .u32 = a}, {.kind = SCAN_U32, .u32 = a + 4}};
	struct scan_field fb[2] = {{.kind = SCAN_U32, .u32 = b}, {.kind = SCAN_U32, .u32 = b + 4}};
	struct scan sc = MK("[10, 11,12 ,13,14,15,16,17]");
	size_t pos = 1;
	uint64_t n1, n2, n;
	assert_int_equal(scan_ints(&sc, &pos, 0, fa, 2, 0, 8, &n, "x"), 0);
	assert_int_equal(n, 8);
	/* first part up to the first comma at or after offset 9 */
	pos = 1;
	assert_int_equal(scan_ints(&sc, &pos, 9, fb, 2, 0, 8, &n1, "x"), 0);
	assert_int_equal(n1, 3);
	assert_int_equal(pos, 12);
	assert_int_equal(scan_ints(&sc, &pos, 0, fb, 2, n1, 8, &n2, "x"), 0);
	assert_int_equal(n2, 5);
	assert_memory_equal(a, b, sizeof(a));
	assert_int_equal(b[1], 12); /* record 1 field 0 */
	assert_int_equal(b[5], 13); /* record 1 field 1 */
}

/* ---- strings ------------------------------------------------------------ */

/* Decode one string literal (text starts at its quote). */
static int str1(const char *text, size_t len, struct scan_strings *out)
{
	struct scan sc = mk(text, len);
	size_t pos = 0;
	memset(out, 0, sizeof(*out));
	return scan_string(&sc, &pos, out);
}

static void expect_str(const char *json, const char *want, size_t want_len)
{
	struct scan_strings o;
	assert_int_equal(str1(json, strlen(json), &o), 0);
	assert_int_equal(o.count, 1);
	assert_int_equal(o.off[0], 0);
	assert_int_equal(o.off[1], want_len + 1);
	assert_memory_equal(o.data, want, want_len);
	assert_int_equal(o.data[want_len], '\0');
	scan_strings_release(&o);
}

#define EXPECT_STR(json, lit) expect_str((json), (lit), sizeof(lit) - 1)

static void test_string_escapes(void **state)
{
	(void)state;
	EXPECT_STR("\"\"", "");
	EXPECT_STR("\"plain ascii text, longer than eight bytes\"",
		   "plain ascii text, longer than eight bytes");
	EXPECT_STR("\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"", "a\"b\\c/d\be\ff\ng\rh\ti");
	EXPECT_STR("\"\\\\\"", "\\");
	EXPECT_STR("\"x\\\\\\\\\"", "x\\\\");
	EXPECT_STR("\"\\u0041\\u00e9\\u4E2D\"", "A\xc3\xa9\xe4\xb8\xad");
	EXPECT_STR("\"nul\\u0000byte\"", "nul\0byte");
	EXPECT_STR("\"\\u001b[1m\"", "\x1b[1m");
}

static void test_string_surrogates(void **state)
{
	(void)state;
	EXPECT_STR("\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80");       /* U+1F600 */
	EXPECT_STR("\"\\uDBFF\\uDFFF\"", "\xf4\x8f\xbf\xbf");       /* U+10FFFF */
	EXPECT_STR("\"a\\ud800b\"", "a\xef\xbf\xbd" "b");          /* lone high */
	EXPECT_STR("\"a\\udc00b\"", "a\xef\xbf\xbd" "b");          /* lone low */
	EXPECT_STR("\"\\ud800\"", "\xef\xbf\xbd");                  /* high at the end */
	EXPECT_STR("\"\\ud800\\ud800\\udc00\"", "\xef\xbf\xbd\xf0\x90\x80\x80");
	EXPECT_STR("\"\\udc00\\ud800\"", "\xef\xbf\xbd\xef\xbf\xbd"); /* reversed pair */
	EXPECT_STR("\"\\ud800\\n\"", "\xef\xbf\xbd\n");
}

static void test_string_utf8(void **state)
{
	(void)state;
	EXPECT_STR("\"na\xc3\xafve \xe2\x98\x83 \xf0\x9f\x98\x80\"",
		   "na\xc3\xafve \xe2\x98\x83 \xf0\x9f\x98\x80");
	EXPECT_STR("\"a\xff" "b\"", "a\xef\xbf\xbd" "b");                 /* never valid */
	EXPECT_STR("\"\xc0\xaf\"", "\xef\xbf\xbd\xef\xbf\xbd");             /* overlong */
	EXPECT_STR("\"\xe0\x80\xaf\"", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	EXPECT_STR("\"\xed\xa0\x80\"", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); /* surrogate */
	EXPECT_STR("\"\xf4\x90\x80\x80\"",                                    /* > U+10FFFF */
		   "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	EXPECT_STR("\"\xe2\x98\"", "\xef\xbf\xbd\xef\xbf\xbd");             /* cut at the end */
	EXPECT_STR("\"\xe2\x98x\"", "\xef\xbf\xbd\xef\xbf\xbdx");
	EXPECT_STR("\"\x80\"", "\xef\xbf\xbd");                              /* lone continuation */
	EXPECT_STR("\"12345678\xff\"", "12345678\xef\xbf\xbd");
}

static void test_string_errors(void **state)
{
	(void)state;
	struct scan_strings o;
	assert_int_equal(str1("\"ab\tc\"", 6, &o), -1);
	assert_err(3, "control character in a string");
	scan_strings_release(&o);
	assert_int_equal(str1("\"ab\0c\"", 6, &o), -1);
	assert_err(3, "control character in a string");
	scan_strings_release(&o);
	assert_int_equal(str1("\"a\\qb\"", 6, &o), -1);
	assert_err(2, "invalid escape sequence");
	scan_strings_release(&o);
	assert_int_equal(str1("\"a\\u12x4\"", 9, &o), -1);
	assert_err(2, "invalid \\u escape");
	scan_strings_release(&o);
	assert_int_equal(str1("\"a\\u12\"", 7, &o), -1);
	assert_err(2, "invalid \\u escape");
	scan_strings_release(&o);
	assert_int_equal(str1("\"abc", 4, &o), -1);
	assert_err(4, "unexpected end of input");
	scan_strings_release(&o);
	assert_int_equal(str1("\"abc\\\"", 6, &o), -1);
	assert_err(6, "unexpected end of input");
	scan_strings_release(&o);
}

static void test_strings_array(void **state)
{
	(void)state;
	struct scan sc = MK("[ \"\" , \"a\",\"\\u0000\"\n,\"xyz\" ]");
	struct scan_strings o;
	memset(&o, 0, sizeof(o));
	size_t pos = 0;
	assert_int_equal(scan_strings_array(&sc, &pos, &o), 0);
	assert_int_equal(pos, sc.len);
	assert_int_equal(o.count, 4);
	assert_int_equal(o.off[0], 0);
	assert_int_equal(o.off[1], 1);
	assert_int_equal(o.off[2], 3);
	assert_int_equal(o.off[3], 5);
	assert_int_equal(o.off[4], 9);
	assert_memory_equal(o.data, "\0a\0\0\0xyz\0", 9);
	scan_strings_release(&o);

	sc = MK("[]");
	pos = 0;
	assert_int_equal(scan_strings_array(&sc, &pos, &o), 0);
	assert_int_equal(o.count, 0);
	assert_int_equal(o.off[0], 0);
	scan_strings_release(&o);

	sc = MK("[\"a\" \"b\"]");
	pos = 0;
	assert_int_equal(scan_strings_array(&sc, &pos, &o), -1);
	assert_err(5, "expected ',' or ']'");
	scan_strings_release(&o);
	sc = MK("[\"a\",2]");
	pos = 0;
	assert_int_equal(scan_strings_array(&sc, &pos, &o), -1);
	assert_err(5, "expected a string");
	scan_strings_release(&o);
	sc = MK("[\"a\",");
	pos = 0;
	assert_int_equal(scan_strings_array(&sc, &pos, &o), -1);
	assert_err(5, "unexpected end of input");
	scan_strings_release(&o);
}

/* ---- the skipper and keys ----------------------------------------------- */

static int skip_json(const char *text, uint64_t *n, size_t *end)
{
	struct scan sc = mk(text, strlen(text));
	size_t pos = 0;
	int rc = scan_skip_value(&sc, &pos, n);
	*end = pos;
	return rc;
}

static void test_skip(void **state)
{
	(void)state;
	uint64_t n;
	size_t end;
	assert_int_equal(skip_json(" [1, -0.5e+3, \"s\\\"\", [2, [3]], {\"a\": {}}, true, false, null] x",
			      &n, &end), 0);
	assert_int_equal(n, 8);
	assert_int_equal(end, 60);
	assert_int_equal(skip_json("[]", &n, &end), 0);
	assert_int_equal(n, 0);
	assert_int_equal(skip_json("{\"a\":[1,2]}", &n, &end), 0);
	assert_int_equal(n, 0);
	assert_int_equal(skip_json("12", &n, &end), 0);
	assert_int_equal(end, 2);

	assert_int_equal(skip_json("[1,]", &n, &end), -1);
	assert_err(3, "expected a JSON value");
	assert_int_equal(skip_json("[1 2]", &n, &end), -1);
	assert_err(3, "expected ',' or ']'");
	assert_int_equal(skip_json("{\"a\" 1}", &n, &end), -1);
	assert_err(5, "expected ':'");
	assert_int_equal(skip_json("{1:2}", &n, &end), -1);
	assert_err(1, "expected a string key");
	assert_int_equal(skip_json("{\"a\":1]", &n, &end), -1);
	assert_err(6, "expected ',' or '}'");
	assert_int_equal(skip_json("[01]", &n, &end), -1);
	assert_err(2, "expected ',' or ']'");
	assert_int_equal(skip_json("[1.]", &n, &end), -1);
	assert_err(1, "invalid number");
	assert_int_equal(skip_json("[-]", &n, &end), -1);
	assert_err(1, "invalid number");
	assert_int_equal(skip_json("[nul]", &n, &end), -1);
	assert_err(1, "expected a JSON value");
	assert_int_equal(skip_json("[\"\\x\"]", &n, &end), -1);
	assert_err(2, "invalid escape sequence");
	assert_int_equal(skip_json("[\"\\u12\"]", &n, &end), -1);
	assert_err(2, "invalid \\u escape");
	assert_int_equal(skip_json("[[1,2", &n, &end), -1);
	assert_err(5, "unexpected end of input");
	assert_int_equal(skip_json("[\"abc", &n, &end), -1);
	assert_err(5, "unexpected end of input");
	assert_int_equal(skip_json("", &n, &end), -1);
	assert_err(0, "unexpected end of input");
}

static void test_skip_depth(void **state)
{
	(void)state;
	size_t deep = SCAN_MAX_DEPTH + 10;
	char *text = xmalloc(2 * deep + 1);
	uint64_t n;
	size_t end;
	/* exactly the limit is fine */
	memset(text, '[', SCAN_MAX_DEPTH);
	memset(text + SCAN_MAX_DEPTH, ']', SCAN_MAX_DEPTH);
	text[2 * SCAN_MAX_DEPTH] = '\0';
	assert_int_equal(skip_json(text, &n, &end), 0);
	assert_int_equal(n, 1);
	/* one more level is refused where it starts, without recursion */
	memset(text, '[', deep);
	memset(text + deep, ']', deep);
	text[2 * deep] = '\0';
	assert_int_equal(skip_json(text, &n, &end), -1);
	assert_err(SCAN_MAX_DEPTH, "nesting deeper than 4096 levels");
	free(text);
}

static void test_key(void **state)
{
	(void)state;
	char buf[8];
	int too_long;
	struct scan sc = MK("\"nodes\":");
	size_t pos = 0;
	assert_int_equal(scan_key(&sc, &pos, buf, sizeof(buf), &too_long), 0);
	assert_string_equal(buf, "nodes");
	assert_int_equal(too_long, 0);
	assert_int_equal(pos, 7);
	sc = MK("\"no\\u0064es\"");
	pos = 0;
	assert_int_equal(scan_key(&sc, &pos, buf, sizeof(buf), &too_long), 0);
	assert_string_equal(buf, "nodes");
	sc = MK("\"much too long\"");
	pos = 0;
	assert_int_equal(scan_key(&sc, &pos, buf, sizeof(buf), &too_long), 0);
	assert_int_equal(too_long, 1);
	assert_string_equal(buf, "");
	sc = MK("\"no\\u0000\"");
	pos = 0;
	assert_int_equal(scan_key(&sc, &pos, buf, sizeof(buf), &too_long), 0);
	assert_int_equal(too_long, 1); /* a NUL never matches a section name */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u32),
		cmocka_unit_test(test_ints_whitespace),
		cmocka_unit_test(test_ints_errors),
		cmocka_unit_test(test_ints_all_lengths),
		cmocka_unit_test(test_ints_fields),
		cmocka_unit_test(test_ints_split),
		cmocka_unit_test(test_ints_blocks),
		cmocka_unit_test(test_string_escapes),
		cmocka_unit_test(test_string_surrogates),
		cmocka_unit_test(test_string_utf8),
		cmocka_unit_test(test_string_errors),
		cmocka_unit_test(test_strings_array),
		cmocka_unit_test(test_skip),
		cmocka_unit_test(test_skip_depth),
		cmocka_unit_test(test_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
