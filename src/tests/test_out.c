/* test_out.c - the table writer in its three formats. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "heaptui/out.h"
#include "heaptui/text.h"

/* A document written to memory. */
struct capture {
	FILE *fp;     /* the stream handed to out_new */
	char *buf;    /* its contents after capture_end */
	size_t len;
};

static struct out *capture_begin(struct capture *c, enum out_format fmt)
{
	c->buf = NULL;
	c->len = 0;
	c->fp = open_memstream(&c->buf, &c->len);
	assert_non_null(c->fp);
	return out_new(c->fp, fmt);
}

static const char *capture_end(struct capture *c, struct out *o)
{
	assert_int_equal(out_free(o), 0);
	fclose(c->fp);
	return c->buf;
}

static const struct out_col class_cols[] = {
	{"class", OUT_STR},
	{"count", OUT_COUNT},
	{"size", OUT_SIZE},
	{"delta", OUT_DELTA},
};

/* Two rows of the class table. The columns are on this function's stack:
 * out copies them (a held table outlives this call; ASan checks it). */
static void write_classes(struct out *o, const char *name)
{
	char names[4][8];
	struct out_col cols[4];
	for (int i = 0; i < 4; i++) {
		snprintf(names[i], sizeof(names[i]), "%s", class_cols[i].name);
		cols[i].name = names[i];
		cols[i].kind = class_cols[i].kind;
	}
	out_table_begin(o, name, cols, 4);
	out_cstr(o, "Array");
	out_int(o, 39236);
	out_int(o, 1200);
	out_int(o, 4);
	out_row_end(o);
	out_cstr(o, "{longStr, someMethod}");
	out_int(o, 5);
	out_int(o, 812);
	out_int(o, -2);
	out_row_end(o);
	out_table_end(o);
}

/* The text rendering of write_classes, checked by hand: widths 21, 6, 6, 5,
 * two spaces between columns, numbers right-aligned, no trailing blanks. */
static const char classes_text[] =
	"class                   count    size  delta\n"
	"Array                  39,236  1.2 kB     +4\n"
	"{longStr, someMethod}       5   812 B     -2\n";

static void test_text_single(void **state)
{
	struct capture c;
	struct out *o = capture_begin(&c, OUT_TEXT);
	write_classes(o, "summary");
	/* a single table has no heading */
	assert_string_equal(capture_end(&c, o), classes_text);
	free(c.buf);
}

static void test_text_several(void **state)
{
	struct capture c;
	struct out *o = capture_begin(&c, OUT_TEXT);
	out_note(o, "first note");
	write_classes(o, "base");
	out_note(o, "between %d", 1);
	write_classes(o, "target");
	static const char want_fmt[] =
		"first note\n"
		"\n"
		"base\n"
		"----\n"
		"%s"
		"\n"
		"between 1\n"
		"\n"
		"target\n"
		"------\n"
		"%s";
	char want[1024];
	snprintf(want, sizeof(want), want_fmt, classes_text, classes_text);
	assert_string_equal(capture_end(&c, o), want);
	free(c.buf);
}

static void test_text_note_inside_table(void **state)
{
	static const struct out_col cols[] = {{"k", OUT_STR}, {"v", OUT_INT}};
	struct capture c;
	struct out *o = capture_begin(&c, OUT_TEXT);
	out_table_begin(o, "t", cols, 2);
	out_cstr(o, "a");
	out_int(o, 1);
	out_row_end(o);
	out_note(o, "evil \x1b[2J note\n"); /* sanitized, after the table */
	out_cstr(o, "bb");
	out_null(o);
	out_row_end(o);
	out_cstr(o, "c"); /* an incomplete row is completed with nulls */
	out_table_end(o);
	assert_string_equal(capture_end(&c, o),
			    "k   v\n"
			    "a   1\n"
			    "bb\n"
			    "c\n"
			    "\n"
			    "evil \\x1b[2J note\\n\n");
	free(c.buf);
}

static void test_text_sanitize_crop(void **state)
{
	static const struct out_col cols[] = {{"name", OUT_STR}, {"id", OUT_INT}};
	struct capture c;
	struct out *o = capture_begin(&c, OUT_TEXT);
	out_table_begin(o, "t", cols, 2);
	out_cstr(o, "\x1b]0;PWNED\x07");
	out_int(o, 1);
	out_row_end(o);
	out_cstr(o, "x\xc2\x9b" "2J\xe2\x80\xae\xff");
	out_int(o, 2);
	out_row_end(o);
	char long_name[200];
	memset(long_name, 'z', sizeof(long_name));
	out_str(o, long_name, sizeof(long_name));
	out_int(o, 78625);
	out_row_end(o);
	out_str(o, "a\0b", 3);
	out_int(o, -7);
	out_row_end(o);
	out_table_end(o);
	const char *s = capture_end(&c, o);

	/* 60 columns: 59 z's and "…" */
	char want[1024], zs[60];
	memset(zs, 'z', 59);
	zs[59] = '\0';
	snprintf(want, sizeof(want),
		 "name%*s     id\n"
		 "\\x1b]0;PWNED\\x07%*s      1\n"
		 "x\\u009b2J\\u202e\xef\xbf\xbd%*s      2\n"
		 "%s\xe2\x80\xa6  78625\n"
		 "a\\x00b%*s     -7\n",
		 56, "", 44, "", 44, "", zs, 54, "");
	assert_string_equal(s, want);
	/* nothing unsafe reached the stream */
	assert_true(text_utf8_valid(s, strlen(s)));
	for (const char *p = s; *p; p++)
		assert_true(*p == '\n' || ((unsigned char)*p >= 0x20 && *p != 0x7f));
	free(c.buf);
}

static void test_text_sizes_and_deltas(void **state)
{
	static const struct out_col cols[] = {
		{"alloc", OUT_SIZE}, {"sdelta", OUT_SDELTA}, {"n", OUT_INT}, {"c", OUT_COUNT},
	};
	struct capture c;
	struct out *o = capture_begin(&c, OUT_TEXT);
	out_table_begin(o, "t", cols, 4);
	out_int(o, 45000000);
	out_int(o, -1200);
	out_int(o, 1234567);
	out_uint(o, UINT64_MAX);
	out_row_end(o);
	out_int(o, 0);
	out_int(o, 0);
	out_int(o, INT64_MIN);
	out_int(o, 0);
	out_row_end(o);
	out_table_end(o);
	assert_string_equal(capture_end(&c, o),
			    "  alloc   sdelta                     n                           c\n"
			    "45.0 MB  -1.2 kB               1234567  18,446,744,073,709,551,615\n"
			    "    0 B      0 B  -9223372036854775808                           0\n");
	free(c.buf);
}

static void test_text_streams_huge_tables(void **state)
{
	static const struct out_col cols[] = {{"id", OUT_INT}, {"name", OUT_STR}};
	struct capture c;
	struct out *o = capture_begin(&c, OUT_TEXT);
	size_t n = OUT_HOLD_ROWS + 5;
	out_table_begin(o, "nodes", cols, 2);
	for (size_t i = 0; i < n; i++) {
		out_int(o, (int64_t)i);
		out_cstr(o, "x");
		out_row_end(o);
		if (i == OUT_HOLD_ROWS - 1) {
			/* the buffer was flushed: header and rows are out already */
			fflush(c.fp);
			assert_true(c.len > (size_t)OUT_HOLD_ROWS * 6);
		}
	}
	/* a row wider than the first 10,000: written, not aligned any more */
	out_int(o, 1234567);
	out_cstr(o, "late");
	out_row_end(o);
	out_table_end(o);
	const char *s = capture_end(&c, o);
	/* widths from the first OUT_HOLD_ROWS rows: ids up to 9999 */
	assert_memory_equal(s, "  id  name\n   0  x\n", 18);
	assert_non_null(strstr(s, "\n9999  x\n10000  x\n"));
	assert_non_null(strstr(s, "\n1234567  late\n"));
	size_t lines = 0;
	for (const char *p = s; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, n + 2);
	free(c.buf);
}

static void test_tsv(void **state)
{
	static const struct out_col cols[] = {
		{"name", OUT_STR}, {"size", OUT_SIZE}, {"delta", OUT_DELTA}, {"x", OUT_INT},
	};
	struct capture c;
	struct out *o = capture_begin(&c, OUT_TSV);
	out_note(o, "ignored in tsv");
	out_table_begin(o, "t", cols, 4);
	out_cstr(o, "a\tb\nc\rd\\e");
	out_int(o, 1200);
	out_int(o, -2);
	out_null(o);
	out_row_end(o);
	static const char nasty[] = "\x1b[2J\x7f\0\xc2\x9b\xe2\x80\xae\xff" "ok";
	out_str(o, nasty, sizeof(nasty) - 1);
	out_int(o, 0);
	out_int(o, 4);
	out_int(o, 7);
	out_row_end(o);
	out_table_end(o);
	assert_string_equal(capture_end(&c, o),
			    "name\tsize\tdelta\tx\n"
			    "a\\tb\\nc\\rd\\\\e\t1200\t-2\t\n"
			    "\\x1b[2J\\x7f\\x00\\u009b\\u202e\xef\xbf\xbdok\t0\t4\t7\n");
	free(c.buf);
}

static void test_tsv_several(void **state)
{
	static const struct out_col cols[] = {{"k", OUT_STR}, {"v", OUT_INT}};
	struct capture c;
	struct out *o = capture_begin(&c, OUT_TSV);
	for (int t = 0; t < 3; t++) {
		char name[16];
		snprintf(name, sizeof(name), "tab%d", t);
		out_table_begin(o, name, cols, 2);
		out_cstr(o, "k");
		out_int(o, t);
		out_row_end(o);
		out_table_end(o);
	}
	assert_string_equal(capture_end(&c, o),
			    "# tab0\nk\tv\nk\t0\n"
			    "# tab1\nk\tv\nk\t1\n"
			    "# tab2\nk\tv\nk\t2\n");
	free(c.buf);
}

/* Parse a captured JSON document with jansson (it rejects invalid UTF-8;
 * \u0000 is valid JSON that jansson wants a flag for). */
static json_t *parse(const char *s)
{
	json_error_t jerr;
	json_t *root = json_loads(s, JSON_ALLOW_NUL, &jerr);
	if (!root)
		fail_msg("invalid JSON: %s at line %d: %s", jerr.text, jerr.line, s);
	return root;
}

static void test_json(void **state)
{
	static const struct out_col cols[] = {
		{"name", OUT_STR}, {"size", OUT_SIZE}, {"delta", OUT_DELTA}, {"x", OUT_INT},
	};
	const char nasty[] = "q\"b\\s/\x1b]0;PWNED\x07\0\xc2\x9b\xe2\x80\xae\xff\xe4\xb8\xad";
	struct capture c;
	struct out *o = capture_begin(&c, OUT_JSON);
	out_note(o, "ignored in json");
	out_table_begin(o, "sum\"mary", cols, 4);
	out_str(o, nasty, sizeof(nasty) - 1);
	out_int(o, 1200);
	out_int(o, -2);
	out_null(o);
	out_row_end(o);
	out_cstr(o, "plain");
	out_int(o, INT64_MAX);
	out_int(o, INT64_MIN);
	out_int(o, 0);
	out_row_end(o);
	out_table_end(o);
	out_table_begin(o, "empty", cols, 4);
	out_table_end(o);
	const char *s = capture_end(&c, o);

	/* no raw control byte, no raw C1 or bidi code point */
	for (const char *p = s; *p; p++)
		assert_true(*p == '\n' || ((unsigned char)*p >= 0x20 && *p != 0x7f));
	assert_null(strstr(s, "\xc2\x9b"));
	assert_null(strstr(s, "\xe2\x80\xae"));

	json_t *root = parse(s);
	assert_true(json_is_object(root));
	assert_int_equal(json_object_size(root), 2);
	json_t *rows = json_object_get(root, "sum\"mary");
	assert_true(json_is_array(rows));
	assert_int_equal(json_array_size(rows), 2);

	json_t *r0 = json_array_get(rows, 0);
	json_t *name = json_object_get(r0, "name");
	assert_true(json_is_string(name));
	/* the string decodes to the input with U+FFFD for the bad byte */
	const char want[] = "q\"b\\s/\x1b]0;PWNED\x07\0\xc2\x9b\xe2\x80\xae\xef\xbf\xbd\xe4\xb8\xad";
	assert_int_equal(json_string_length(name), sizeof(want) - 1);
	assert_memory_equal(json_string_value(name), want, sizeof(want) - 1);
	assert_int_equal(json_integer_value(json_object_get(r0, "size")), 1200);
	assert_int_equal(json_integer_value(json_object_get(r0, "delta")), -2);
	assert_true(json_is_null(json_object_get(r0, "x")));

	json_t *r1 = json_array_get(rows, 1);
	assert_true(json_integer_value(json_object_get(r1, "size")) == INT64_MAX);
	assert_true(json_integer_value(json_object_get(r1, "delta")) == INT64_MIN);
	assert_int_equal(json_integer_value(json_object_get(r1, "x")), 0);

	json_t *empty = json_object_get(root, "empty");
	assert_true(json_is_array(empty));
	assert_int_equal(json_array_size(empty), 0);
	json_decref(root);
	free(c.buf);
}

/* Random byte strings through JSON: always parses, and decodes to the input
 * with U+FFFD for each invalid byte (text_utf8_fix); through TSV: no raw
 * control byte. */
static void test_json_tsv_random(void **state)
{
	static const unsigned char pick[] = {
		0x00, 0x07, 0x09, 0x0a, 0x0d, 0x1b, '"', '\\', 0x7f, 0x80, 0x9b, 0xbf, 0xc0,
		0xc2, 0xe2, 0x80, 0xae, 0xed, 0xef, 0xf0, 0xf4, 0xff, 'a', ' ',
	};
	static const struct out_col cols[] = {{"s", OUT_STR}};
	uint32_t seed = 777;
	char s[24][16];
	size_t len[24];
	struct capture c, t;
	struct out *o = capture_begin(&c, OUT_JSON);
	struct out *ot = capture_begin(&t, OUT_TSV);
	out_table_begin(o, "r", cols, 1);
	out_table_begin(ot, "r", cols, 1);
	for (int r = 0; r < 24; r++) {
		seed = seed * 1103515245u + 12345u;
		len[r] = (seed >> 16) % 16;
		for (size_t i = 0; i < len[r]; i++) {
			seed = seed * 1103515245u + 12345u;
			s[r][i] = (char)pick[(seed >> 16) % sizeof(pick)];
		}
		out_str(o, s[r], len[r]);
		out_row_end(o);
		out_str(ot, s[r], len[r]);
		out_row_end(ot);
	}
	out_table_end(o);
	out_table_end(ot);
	json_t *root = parse(capture_end(&c, o));
	json_t *rows = json_object_get(root, "r");
	assert_int_equal(json_array_size(rows), 24);
	for (int r = 0; r < 24; r++) {
		struct strbuf want = STRBUF_INIT;
		text_utf8_fix(&want, s[r], len[r]);
		json_t *v = json_object_get(json_array_get(rows, (size_t)r), "s");
		assert_int_equal(json_string_length(v), want.len);
		assert_memory_equal(json_string_value(v), want.buf ? want.buf : "", want.len);
		strbuf_release(&want);
	}
	json_decref(root);
	free(c.buf);

	const char *tsv = capture_end(&t, ot);
	assert_true(text_utf8_valid(tsv, strlen(tsv)));
	size_t lines = 0;
	for (const char *p = tsv; *p; p++) {
		assert_true(*p == '\n' || ((unsigned char)*p >= 0x20 && *p != 0x7f));
		lines += *p == '\n';
	}
	assert_int_equal(lines, 25); /* header + one line per row, whatever the bytes */
	free(t.buf);
}

static void test_json_empty_document(void **state)
{
	struct capture c;
	struct out *o = capture_begin(&c, OUT_JSON);
	json_t *root = parse(capture_end(&c, o));
	assert_true(json_is_object(root));
	assert_int_equal(json_object_size(root), 0);
	json_decref(root);
	free(c.buf);
}

static void test_json_rows_stream(void **state)
{
	/* a table left open is closed by out_free; rows are out as they end */
	static const struct out_col cols[] = {{"id", OUT_INT}};
	struct capture c;
	struct out *o = capture_begin(&c, OUT_JSON);
	out_table_begin(o, "nodes", cols, 1);
	for (int i = 0; i < 1000; i++) {
		out_int(o, i);
		out_row_end(o);
	}
	fflush(c.fp);
	assert_true(c.len > 1000 * 9);
	json_t *root = parse(capture_end(&c, o));
	json_t *rows = json_object_get(root, "nodes");
	assert_int_equal(json_array_size(rows), 1000);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 999), "id")), 999);
	json_decref(root);
	free(c.buf);
}

static void test_write_failure(void **state)
{
	FILE *fp = fopen("/dev/full", "w");
	if (!fp)
		skip();
	for (int fmt = OUT_TEXT; fmt <= OUT_JSON; fmt++) {
		struct out *o = out_new(fp, (enum out_format)fmt);
		write_classes(o, "t");
		assert_int_equal(out_free(o), -1);
		clearerr(fp);
	}
	fclose(fp);
}

static void test_parse_format(void **state)
{
	enum out_format f;
	assert_int_equal(out_parse_format("text", &f), 0);
	assert_int_equal(f, OUT_TEXT);
	assert_int_equal(out_parse_format("tsv", &f), 0);
	assert_int_equal(f, OUT_TSV);
	assert_int_equal(out_parse_format("json", &f), 0);
	assert_int_equal(f, OUT_JSON);
	assert_int_equal(out_parse_format("csv", &f), -1);
	assert_int_equal(out_free(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_single),
		cmocka_unit_test(test_text_several),
		cmocka_unit_test(test_text_note_inside_table),
		cmocka_unit_test(test_text_sanitize_crop),
		cmocka_unit_test(test_text_sizes_and_deltas),
		cmocka_unit_test(test_text_streams_huge_tables),
		cmocka_unit_test(test_tsv),
		cmocka_unit_test(test_tsv_several),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_tsv_random),
		cmocka_unit_test(test_json_empty_document),
		cmocka_unit_test(test_json_rows_stream),
		cmocka_unit_test(test_write_failure),
		cmocka_unit_test(test_parse_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
