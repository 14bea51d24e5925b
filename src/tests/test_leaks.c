/*
 * test_leaks.c - survivors, intervals, grouping, the noise rules and the
 * ranking by retained size counted once per dominator subtree, on
 * hand-made snapshots (diff_fixture.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "heaptui/leaks.h"
#include "heaptui/util.h"

#include "diff_fixture.h"

#define OBJ NODE_OBJECT
#define SYS (DISTANCE_SYSTEM + 3)

/* S0: what the program had at the start. */
static const struct fake_node s0_nodes[] = {
	{1, "(root)", 0, 0, NODE_SYNTHETIC, 0, 0, 0},
	{3, "global", 10, 0, OBJ, 0, 0, 1},
	{5, "Old", 8, 0, OBJ, 1, 8, 2},
};

/* S1: interval 1 allocated 21, 23, 25, 27 (and 29, dead by S2). */
static const struct fake_node s1_nodes[] = {
	{1, "(root)", 0, 0, NODE_SYNTHETIC, 0, 0, 0},
	{3, "global", 10, 0, OBJ, 0, 0, 1},
	{5, "Old", 8, 0, OBJ, 1, 8, 2},
	{21, "Leak", 40, 0, OBJ, 1, 0, 2},
	{23, "(compiled code)", 64, 0, NODE_CODE, 1, 0, 2},
	{25, "Transient", 16, 0, OBJ, 0, 0, SYS},
	{27, "Small", 16, 0, OBJ, 1, 0, 2},
	{29, "Leak", 40, 0, OBJ, 1, 0, 2},
};

/* S2, the last: dominators, retained sizes and distances matter here. */
static const struct fake_node s2_nodes[] = {
	/* 0 */ {1, "(root)", 0, 0, NODE_SYNTHETIC, 0, 20000, 0},
	/* 1 */ {3, "global", 10, 0, OBJ, 0, 12000, 1},
	/* 2 */ {5, "Old", 8, 0, OBJ, 1, 8, 2},
	/* 3 */ {21, "Leak", 40, 0, OBJ, 1, 3000, 2},         /* interval 1 */
	/* 4 */ {31, "Leak", 40, 0, OBJ, 3, 2000, 3},         /* interval 2, under 21 */
	/* 5 */ {33, "Leak", 40, 0, OBJ, 1, 500, 2},          /* interval 2 */
	/* 6 */ {35, "Once", 100, 0, OBJ, 1, 5000, 2},        /* interval 2 only */
	/* 7 */ {23, "(compiled code)", 64, 0, NODE_CODE, 1, 64, 2},
	/* 8 */ {37, "(compiled code)", 64, 0, NODE_CODE, 1, 64, 2},
	/* 9 */ {25, "Transient", 16, 0, OBJ, 0, 4000, SYS},
	/* 10 */ {39, "Transient", 16, 0, OBJ, 0, 4000, SYS},
	/* 11 */ {27, "Small", 16, 0, OBJ, 1, 100, 2},
	/* 12 */ {41, "Small", 16, 0, OBJ, 1, 100, 2},
	/* 13 */ {43, "Zero", 0, 0, OBJ, 1, 0, 2},
	/* 14 */ {45, "Leak", 40, 0, OBJ, 6, 300, 3},         /* interval 2, under Once */
};

static void test_groups_and_ranking(void **state)
{
	static struct fake f0, f1, f2;
	const struct snapshot *snaps[3];
	struct leaks l;
	const struct leak_group *g;

	(void)state;
	fake_build(&f0, s0_nodes, ARRAY_SIZE(s0_nodes));
	fake_build(&f1, s1_nodes, ARRAY_SIZE(s1_nodes));
	fake_build(&f2, s2_nodes, ARRAY_SIZE(s2_nodes));
	snaps[0] = &f0.s;
	snaps[1] = &f1.s;
	snaps[2] = &f2.s;
	leaks_init(&l);
	leaks_compute(&l, snaps, 3);

	assert_int_equal(l.intervals, 2);
	assert_int_equal(l.count, 3);            /* Leak, Once, Small */
	assert_int_equal(l.nsuspects, 1);
	assert_int_equal(l.noise_objects, 4);    /* 2 compiled code + 2 transient */
	assert_int_equal(l.total_survivors, 7);

	g = &l.groups[0];
	assert_string_equal(g->name, "Leak");
	assert_true(g->suspect);
	assert_int_equal(g->survivors, 4);
	assert_int_equal(leaks_interval_count(&l, 0, 1), 1);
	assert_int_equal(leaks_interval_count(&l, 0, 2), 3);
	assert_int_equal(g->self, 160);
	/* 21 (3000, holds 31) + 33 (500) + 45 (300, under Once: another group) */
	assert_int_equal(g->retained, 3800);
	assert_int_equal(f2.id[g->oldest], 21);
	assert_int_equal(g->oldest_interval, 1);
	/* Oldest first: interval 1, then interval 2 by id. */
	assert_int_equal(f2.id[l.survivor_nodes[g->first_survivor + 0]], 21);
	assert_int_equal(f2.id[l.survivor_nodes[g->first_survivor + 1]], 31);
	assert_int_equal(f2.id[l.survivor_nodes[g->first_survivor + 2]], 33);
	assert_int_equal(f2.id[l.survivor_nodes[g->first_survivor + 3]], 45);

	/* Not suspects: Once lacks interval 1, Small is under the floor. */
	assert_string_equal(l.groups[1].name, "Once");
	assert_false(l.groups[1].suspect);
	assert_int_equal(l.groups[1].retained, 5000);
	assert_int_equal(leaks_interval_count(&l, 1, 1), 0);
	assert_string_equal(l.groups[2].name, "Small");
	assert_false(l.groups[2].suspect);
	assert_int_equal(l.groups[2].retained, 200);
	assert_int_equal(f2.id[l.groups[2].oldest], 27);
	leaks_release(&l);
}

/* Two snapshots: any surviving group above the floor is a suspect. */
static void test_two_snapshots(void **state)
{
	static struct fake f0, f2;
	const struct snapshot *snaps[2];
	struct leaks l;

	(void)state;
	fake_build(&f0, s0_nodes, ARRAY_SIZE(s0_nodes));
	fake_build(&f2, s2_nodes, ARRAY_SIZE(s2_nodes));
	snaps[0] = &f0.s;
	snaps[1] = &f2.s;
	leaks_init(&l);
	leaks_compute(&l, snaps, 2);
	assert_int_equal(l.intervals, 1);
	assert_int_equal(l.nsuspects, 2);
	assert_string_equal(l.groups[0].name, "Once");   /* 5000 */
	assert_string_equal(l.groups[1].name, "Leak");   /* 3800 */
	assert_int_equal(leaks_interval_count(&l, 1, 1), 4);
	assert_string_equal(l.groups[2].name, "Small");
	assert_false(l.groups[2].suspect);
	leaks_release(&l);
}

/* Nothing new: no group at all. */
static void test_no_change(void **state)
{
	static struct fake f0, f1;
	const struct snapshot *snaps[2];
	struct leaks l;

	(void)state;
	fake_build(&f0, s0_nodes, ARRAY_SIZE(s0_nodes));
	fake_build(&f1, s0_nodes, ARRAY_SIZE(s0_nodes));
	snaps[0] = &f0.s;
	snaps[1] = &f1.s;
	leaks_init(&l);
	leaks_compute(&l, snaps, 2);
	assert_int_equal(l.count, 0);
	assert_int_equal(l.nsuspects, 0);
	leaks_release(&l);
}

/* Native objects count except in Node snapshots (DOM ids are stable). */
static void test_native_rule(void **state)
{
	static const struct fake_node nodes[] = {
		{1, "(root)", 0, 0, NODE_SYNTHETIC, 0, 0, 0},
		{2, "Detached HTMLDivElement", 100, 0, NODE_NATIVE, 0, 100, 3},
		{3, "Foo", 10, 0, OBJ, 0, 10, 1},
	};
	static struct fake f;

	(void)state;
	fake_build(&f, nodes, ARRAY_SIZE(nodes));
	f.s.producer = PRODUCER_NODE;
	assert_false(leaks_counts_node(&f.s, 1));
	assert_true(leaks_counts_node(&f.s, 2));
	assert_false(leaks_counts_node(&f.s, 0));
	f.s.producer = PRODUCER_CHROME;
	assert_true(leaks_counts_node(&f.s, 1));
	f.s.producer = PRODUCER_UNKNOWN;
	assert_true(leaks_counts_node(&f.s, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groups_and_ranking),
		cmocka_unit_test(test_two_snapshots),
		cmocka_unit_test(test_no_change),
		cmocka_unit_test(test_native_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
