/*
 * test_diff.c - Comparison merge-join, class keys, ordering, "allocated
 * between" and the trend, on hand-made snapshots (diff_fixture.h). The
 * expected figures follow DevTools' calculateDiffForClass by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "heaptui/diff.h"
#include "heaptui/trend.h"
#include "heaptui/util.h"

#include "diff_fixture.h"

#define OBJ NODE_OBJECT

static const struct diff_row *row_named(const struct diff *d, const char *name, int nth)
{
	for (uint32_t i = 0; i < d->count; i++)
		if (!strcmp(d->rows[i].name, name) && nth-- == 0)
			return &d->rows[i];
	return NULL;
}

/* Objects only in one side, matched ones, and a class that does not change. */
static void test_merge_join(void **state)
{
	static const struct fake_node base[] = {
		{1, "(root)", 0, 0, OBJ, 0, 0, 0},
		{3, "A", 10, 0, OBJ, 0, 0, 1},
		{5, "A", 20, 0, OBJ, 0, 0, 1},
		{9, "A", 30, 0, OBJ, 0, 0, 1},
		{7, "B", 5, 0, OBJ, 0, 0, 1},
		{11, "Same", 8, 0, OBJ, 0, 0, 1},
	};
	static const struct fake_node target[] = {
		{1, "(root)", 0, 0, OBJ, 0, 0, 0},
		{13, "A", 40, 0, OBJ, 0, 0, 1},   /* new */
		{5, "A", 21, 0, OBJ, 0, 0, 1},    /* kept (size change not counted) */
		{15, "C", 2, 0, OBJ, 0, 0, 1},    /* new class */
		{9, "A", 30, 0, OBJ, 0, 0, 1},    /* kept */
		{11, "Same", 8, 0, OBJ, 0, 0, 1}, /* kept: the class has no row */
		{4, "A", 1, 0, OBJ, 0, 0, 1},     /* new with an id below base ids (native) */
	};
	static struct fake b, t;
	struct diff d;
	const struct diff_row *r;

	(void)state;
	fake_build(&b, base, ARRAY_SIZE(base));
	fake_build(&t, target, ARRAY_SIZE(target));
	diff_init(&d);
	diff_compute_sides(&d, &b.side, &t.side);

	assert_int_equal(d.count, 3);
	assert_null(row_named(&d, "Same", 0));
	assert_null(row_named(&d, "(root)", 0));

	r = row_named(&d, "A", 0);
	assert_non_null(r);
	assert_int_equal(r->new_count, 2);      /* 4, 13 */
	assert_int_equal(r->deleted_count, 1);  /* 3 */
	assert_int_equal(r->alloc_size, 41);
	assert_int_equal(r->freed_size, 10);
	assert_int_equal(diff_row_count_delta(r), 1);
	assert_int_equal(diff_row_size_delta(r), 31);
	assert_int_equal(t.id[d.new_nodes[r->first_new]], 4);     /* ascending id */
	assert_int_equal(t.id[d.new_nodes[r->first_new + 1]], 13);
	assert_int_equal(b.id[d.deleted_nodes[r->first_deleted]], 3);
	assert_int_not_equal(r->base_class, CLASS_NONE);
	assert_int_not_equal(r->target_class, CLASS_NONE);

	r = row_named(&d, "B", 0);
	assert_non_null(r);
	assert_int_equal(r->new_count, 0);
	assert_int_equal(r->deleted_count, 1);
	assert_int_equal(r->freed_size, 5);
	assert_int_equal(r->target_class, CLASS_NONE);

	r = row_named(&d, "C", 0);
	assert_non_null(r);
	assert_int_equal(r->new_count, 1);
	assert_int_equal(r->base_class, CLASS_NONE);

	/* Sorted by alloc size descending: A 41, C 2, B 0. */
	assert_string_equal(d.rows[0].name, "A");
	assert_string_equal(d.rows[1].name, "C");
	assert_string_equal(d.rows[2].name, "B");
	assert_int_equal(d.total_new, 3);
	assert_int_equal(d.total_deleted, 2);
	assert_int_equal(d.total_alloc, 43);
	assert_int_equal(d.total_freed, 15);
	diff_release(&d);
}

/* An object whose class changed is deleted in one class and new in the other. */
static void test_class_change(void **state)
{
	static const struct fake_node base[] = {
		{1, "(root)", 0, 0, OBJ, 0, 0, 0},
		{3, "Object", 16, 0, OBJ, 0, 0, 1},
		{5, "Object", 16, 0, OBJ, 0, 0, 1},
	};
	static const struct fake_node target[] = {
		{1, "(root)", 0, 0, OBJ, 0, 0, 0},
		{3, "{a, b}", 24, 0, OBJ, 0, 0, 1},
		{5, "Object", 16, 0, OBJ, 0, 0, 1},
	};
	static struct fake b, t;
	struct diff d;
	const struct diff_row *r;

	(void)state;
	fake_build(&b, base, ARRAY_SIZE(base));
	fake_build(&t, target, ARRAY_SIZE(target));
	diff_init(&d);
	diff_compute_sides(&d, &b.side, &t.side);
	assert_int_equal(d.count, 2);
	r = row_named(&d, "Object", 0);
	assert_int_equal(r->new_count, 0);
	assert_int_equal(r->deleted_count, 1);
	assert_int_equal(r->freed_size, 16);
	r = row_named(&d, "{a, b}", 0);
	assert_int_equal(r->new_count, 1);
	assert_int_equal(r->deleted_count, 0);
	assert_int_equal(r->alloc_size, 24);
	diff_release(&d);
}

/*
 * Zero-size nodes are not in DevTools' aggregates: a node of size 0 in the
 * base and non-zero in the target is new; non-zero in the base and 0 in the
 * target is deleted; 0 on both sides is nothing.
 */
static void test_zero_size(void **state)
{
	static const struct fake_node base[] = {
		{1, "(root)", 0, 0, OBJ, 0, 0, 0},
		{3, "A", 0, 0, OBJ, 0, 0, 1},
		{5, "A", 8, 0, OBJ, 0, 0, 1},
		{7, "Z", 0, 0, OBJ, 0, 0, 1},
	};
	static const struct fake_node target[] = {
		{1, "(root)", 0, 0, OBJ, 0, 0, 0},
		{3, "A", 12, 0, OBJ, 0, 0, 1},
		{5, "A", 0, 0, OBJ, 0, 0, 1},
		{7, "Z", 0, 0, OBJ, 0, 0, 1},
		{9, "Z", 0, 0, OBJ, 0, 0, 1},
	};
	static struct fake b, t;
	struct diff d;
	const struct diff_row *r;

	(void)state;
	fake_build(&b, base, ARRAY_SIZE(base));
	fake_build(&t, target, ARRAY_SIZE(target));
	diff_init(&d);
	diff_compute_sides(&d, &b.side, &t.side);
	assert_int_equal(d.count, 1);
	r = row_named(&d, "A", 0);
	assert_int_equal(r->new_count, 1);
	assert_int_equal(r->deleted_count, 1);
	assert_int_equal(r->alloc_size, 12);
	assert_int_equal(r->freed_size, 8);
	assert_int_equal(t.id[d.new_nodes[r->first_new]], 3);
	assert_int_equal(b.id[d.deleted_nodes[r->first_deleted]], 5);
	diff_release(&d);
}

/*
 * Class keys include the location: same name, different location = two
 * rows; located and unlocated = two rows. Ties on alloc size and name keep
 * DevTools' insertion order (base classes by first node, then target-only).
 */
static void test_locations_and_order(void **state)
{
	static const struct fake_node base[] = {
		{1, "(root)", 0, 0, OBJ, 0, 0, 0},
		{21, "Foo", 4, 2, OBJ, 0, 0, 1},  /* Foo @ location 1 */
		{23, "Foo", 4, 1, OBJ, 0, 0, 1},  /* Foo @ location 0 */
	};
	static const struct fake_node target[] = {
		{1, "(root)", 0, 0, OBJ, 0, 0, 0},
		{25, "Foo", 4, 1, OBJ, 0, 0, 1},  /* Foo @ 0: new */
		{27, "Foo", 4, 2, OBJ, 0, 0, 1},  /* Foo @ 1: new */
		{29, "Foo", 4, 0, OBJ, 0, 0, 1},  /* Foo, no location: new class */
		{31, "Foo", 4, 3, OBJ, 0, 0, 1},  /* Foo @ 2: new class */
	};
	static struct fake b, t;
	struct diff d;
	char key[64];

	(void)state;
	fake_build(&b, base, ARRAY_SIZE(base));
	fake_build(&t, target, ARRAY_SIZE(target));
	diff_init(&d);
	diff_compute_sides(&d, &b.side, &t.side);
	assert_int_equal(d.count, 4);
	/* All tie on (4, "Foo"): base order (loc 1, loc 0), then target-only
	 * in target order (no location, loc 2). */
	diff_class_key(&t.s, &t.s.classes, d.rows[0].target_class, key, sizeof(key));
	assert_string_equal(key, "7,11,3,Foo");
	diff_class_key(&t.s, &t.s.classes, d.rows[1].target_class, key, sizeof(key));
	assert_string_equal(key, "7,10,3,Foo");
	diff_class_key(&t.s, &t.s.classes, d.rows[2].target_class, key, sizeof(key));
	assert_string_equal(key, ",Foo");
	diff_class_key(&t.s, &t.s.classes, d.rows[3].target_class, key, sizeof(key));
	assert_string_equal(key, "7,12,3,Foo");
	for (int i = 0; i < 2; i++) {
		assert_int_equal(d.rows[i].new_count, 1);
		assert_int_equal(d.rows[i].deleted_count, 1);
	}
	diff_release(&d);
}

/* JavaScript string order: UTF-16 code units, so U+1F600 sorts before U+FF21. */
static void test_js_strcmp(void **state)
{
	(void)state;
	assert_true(diff_js_strcmp("a", "b") < 0);
	assert_true(diff_js_strcmp("system / Context", "{longStr, someMethod}") < 0);
	assert_true(diff_js_strcmp("ab", "a") > 0);
	assert_int_equal(diff_js_strcmp("abc", "abc"), 0);
	assert_true(diff_js_strcmp("\xf0\x9f\x98\x80", "\xef\xbc\xa1") < 0);
	assert_true(strcmp("\xf0\x9f\x98\x80", "\xef\xbc\xa1") > 0); /* bytes disagree */
	assert_true(diff_js_strcmp("\xc3\xa9", "z") > 0);
}

/* "Allocated between": (max JS id of from, max JS id of to], not in from. */
static void test_between(void **state)
{
	static const struct fake_node from[] = {
		{1, "(root)", 0, 0, OBJ, 0, 0, 0},
		{3, "A", 4, 0, OBJ, 0, 0, 1},
		{5, "A", 4, 0, OBJ, 0, 0, 1},
		{8, "N", 4, 0, OBJ, 0, 0, 1},   /* native id above max JS id 5 */
	};
	static const struct fake_node to[] = {
		{1, "(root)", 0, 0, OBJ, 0, 0, 0},
		{3, "A", 4, 0, OBJ, 0, 0, 1},   /* old */
		{7, "A", 4, 0, OBJ, 0, 0, 1},   /* between */
		{8, "N", 4, 0, OBJ, 0, 0, 1},   /* in from: not between */
		{10, "N", 4, 0, OBJ, 0, 0, 1},  /* between (native, new) */
		{11, "A", 4, 0, OBJ, 0, 0, 1},  /* between: max JS id of to */
		{12, "N", 4, 0, OBJ, 0, 0, 1},  /* above max JS id of to: not */
	};
	static struct fake f, t;
	uint8_t mask[FAKE_MAX];

	(void)state;
	fake_build(&f, from, ARRAY_SIZE(from));
	fake_build(&t, to, ARRAY_SIZE(to));
	assert_int_equal(diff_max_js_id(&f.s), 5);
	assert_int_equal(diff_max_js_id(&t.s), 11);
	assert_int_equal(diff_between(&f.s, &t.s, mask), 3);
	assert_int_equal(mask[0], 0);
	assert_int_equal(mask[1], 0);
	assert_int_equal(mask[2], 1);
	assert_int_equal(mask[3], 0);
	assert_int_equal(mask[4], 1);
	assert_int_equal(mask[5], 1);
	assert_int_equal(mask[6], 0);
}

/* Trend: counts per snapshot, zero sizes left out, growth in every interval. */
static void test_trend(void **state)
{
	static const struct fake_node s0[] = {
		{1, "(root)", 0, 0, OBJ, 0, 0, 0},
		{3, "Grow", 10, 0, OBJ, 0, 0, 1},
		{5, "Flat", 7, 0, OBJ, 0, 0, 1},
		{6, "Flat", 0, 0, OBJ, 0, 0, 1},
	};
	static const struct fake_node s1[] = {
		{1, "(root)", 0, 0, OBJ, 0, 0, 0},
		{3, "Grow", 10, 0, OBJ, 0, 0, 1},
		{7, "Grow", 10, 0, OBJ, 0, 0, 1},
		{5, "Flat", 7, 0, OBJ, 0, 0, 1},
		{9, "Gone", 3, 0, OBJ, 0, 0, 1},
	};
	static const struct fake_node s2[] = {
		{1, "(root)", 0, 0, OBJ, 0, 0, 0},
		{3, "Grow", 10, 0, OBJ, 0, 0, 1},
		{7, "Grow", 10, 0, OBJ, 0, 0, 1},
		{11, "Grow", 10, 0, OBJ, 0, 0, 1},
		{5, "Flat", 7, 0, OBJ, 0, 0, 1},
	};
	static struct fake f0, f1, f2;
	struct trend t;

	(void)state;
	fake_build(&f0, s0, ARRAY_SIZE(s0));
	fake_build(&f1, s1, ARRAY_SIZE(s1));
	fake_build(&f2, s2, ARRAY_SIZE(s2));
	trend_init(&t, 3);
	trend_add_side(&t, 0, &f0.side);
	trend_add_side(&t, 1, &f1.side);
	trend_add_side(&t, 2, &f2.side);
	trend_finish(&t);
	assert_int_equal(t.count, 3);
	assert_string_equal(trend_row_name(&t, 0), "Grow");
	assert_true(t.rows[0].grows);
	assert_int_equal(trend_count(&t, 0, 0), 1);
	assert_int_equal(trend_count(&t, 0, 1), 2);
	assert_int_equal(trend_count(&t, 0, 2), 3);
	assert_int_equal(trend_size(&t, 0, 2), 30);
	/* Then by size change: Flat 0, Gone 0 -> name order. */
	assert_string_equal(trend_row_name(&t, 1), "Flat");
	assert_false(t.rows[1].grows);
	assert_int_equal(trend_count(&t, 1, 0), 1);   /* the zero-size one is left out */
	assert_string_equal(trend_row_name(&t, 2), "Gone");
	assert_int_equal(trend_count(&t, 2, 0), 0);
	assert_int_equal(trend_count(&t, 2, 1), 1);
	assert_int_equal(trend_count(&t, 2, 2), 0);
	trend_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge_join),
		cmocka_unit_test(test_class_change),
		cmocka_unit_test(test_zero_size),
		cmocka_unit_test(test_locations_and_order),
		cmocka_unit_test(test_js_strcmp),
		cmocka_unit_test(test_between),
		cmocka_unit_test(test_trend),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
