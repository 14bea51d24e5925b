/*
 * test_summary.c - DevTools' Summary aggregates on hand-drawn graphs:
 * zero-size nodes left out, class retained size counting nested instances
 * once, node and class filters, ordering, DevTools' public-key collision,
 * and the Statistics figures. Expected values worked out by hand from
 * HeapSnapshot.ts (buildAggregates, calculateClassesRetainedSize,
 * getAggregatesByClassKey, calculateStatistics).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "heaptui/analyze.h"
#include "heaptui/classes.h"
#include "heaptui/snapshot.h"
#include "heaptui/stats.h"
#include "heaptui/summary.h"
#include "heaptui/util.h"

#include "graph_fixture.h"

static const struct summary_row *row_named(const struct snapshot *s, const struct summary *sm,
					   const char *name)
{
	for (uint32_t i = 0; i < sm->count; i++)
		if (!strcmp(snapshot_class_name(s, sm->rows[i].cls), name))
			return &sm->rows[i];
	return NULL;
}

/*
 * root -> G(global 10) -> A1(A 10) -> A2(A 10) -> B(B 5)
 *                      -> A3(A 7)
 *                      -> Z(Z 0)
 *                      ~weak~> U(A 3), unreached
 */
static void build(struct snapshot *s, node_ix *n)
{
	struct graph g;
	graph_init(&g, s);
	n[0] = graph_node(&g, NODE_SYNTHETIC, "", 0);
	n[1] = graph_node(&g, NODE_OBJECT, "global", 10);
	n[2] = graph_node(&g, NODE_OBJECT, "A", 10);
	n[3] = graph_node(&g, NODE_OBJECT, "A", 10);
	n[4] = graph_node(&g, NODE_OBJECT, "B", 5);
	n[5] = graph_node(&g, NODE_OBJECT, "A", 7);
	n[6] = graph_node(&g, NODE_OBJECT, "Z", 0);
	n[7] = graph_node(&g, NODE_OBJECT, "A", 3);
	graph_elem(&g, n[0], EDGE_ELEMENT, 1, n[1]);
	graph_edge(&g, n[1], EDGE_PROPERTY, "a1", n[2]);
	graph_edge(&g, n[2], EDGE_PROPERTY, "a2", n[3]);
	graph_edge(&g, n[3], EDGE_PROPERTY, "b", n[4]);
	graph_edge(&g, n[1], EDGE_PROPERTY, "a3", n[5]);
	graph_edge(&g, n[1], EDGE_PROPERTY, "z", n[6]);
	graph_edge(&g, n[1], EDGE_WEAK, "u", n[7]);
	graph_finish(&g, 0);
	analyze_run(s, NULL);
}

static void test_aggregates(void **state)
{
	struct snapshot s;
	struct summary sm;
	node_ix n[8];
	(void)state;
	build(&s, n);
	summary_build(&s, s.node_class, &s.classes, NULL, &sm);

	assert_int_equal(sm.count, 3); /* global, A, B; not Z (size 0) nor the root */
	const struct summary_row *a = row_named(&s, &sm, "A");
	assert_non_null(a);
	assert_int_equal(a->count, 4);
	assert_int_equal(a->shallow, 30);
	/* A1 (25, with A2 inside it counted once) + A3 (7) + U (3, under the root) */
	assert_int_equal(a->retained, 35);
	assert_int_equal(a->distance, DISTANCE_NONE); /* U is unreached: DevTools' -5 */
	uint32_t cnt;
	const node_ix *inst = summary_instances(&sm, (uint32_t)(a - sm.rows), &cnt);
	assert_int_equal(cnt, 4);
	assert_int_equal(inst[0], n[2]);
	assert_int_equal(inst[1], n[3]);
	assert_int_equal(inst[2], n[5]);
	assert_int_equal(inst[3], n[7]);
	const struct summary_row *gl = row_named(&s, &sm, "global");
	assert_int_equal(gl->retained, 42);
	assert_int_equal(gl->distance, 1);
	const struct summary_row *b = row_named(&s, &sm, "B");
	assert_int_equal(b->distance, 4);
	assert_null(row_named(&s, &sm, "Z"));
	/* retained size descending */
	assert_ptr_equal(&sm.rows[0], gl);
	assert_ptr_equal(&sm.rows[1], a);
	assert_ptr_equal(&sm.rows[2], b);
	assert_int_equal(sm.total_count, 6);
	assert_int_equal(sm.total_shallow, 45);

	summary_sort(&sm, &s.classes, SUMMARY_BY_COUNT, 1);
	assert_string_equal(snapshot_class_name(&s, sm.rows[0].cls), "A");
	summary_sort(&sm, &s.classes, SUMMARY_BY_NAME, 0);
	assert_string_equal(snapshot_class_name(&s, sm.rows[0].cls), "A");
	assert_string_equal(snapshot_class_name(&s, sm.rows[2].cls), "global");
	summary_release(&sm);
	snapshot_release(&s);
}

static int keep_a(void *ctx, class_ix c)
{
	const struct snapshot *s = ctx;
	return snapshot_class_name(s, c)[0] == 'A';
}

static void test_filters(void **state)
{
	struct snapshot s;
	struct summary sm;
	node_ix n[8];
	(void)state;
	build(&s, n);

	struct summary_filter f = {.keep_class = keep_a, .ctx = &s};
	summary_build(&s, s.node_class, &s.classes, &f, &sm);
	assert_int_equal(sm.count, 1);
	assert_int_equal(sm.rows[0].retained, 35); /* the class filter changes no figure */
	summary_release(&sm);

	/* a node filter: without A1, A2 is the outermost A of its path */
	uint8_t *mask = malloc(s.node_count);
	assert_non_null(mask);
	memset(mask, 1, s.node_count);
	mask[n[2]] = 0;
	struct summary_filter nf = {.node_mask = mask};
	summary_build(&s, s.node_class, &s.classes, &nf, &sm);
	free(mask);
	const struct summary_row *a = row_named(&s, &sm, "A");
	assert_int_equal(a->count, 3);
	assert_int_equal(a->retained, 15 + 7 + 3);
	assert_int_equal(a->shallow, 20);
	summary_release(&sm);
	snapshot_release(&s);
}

/*
 * A closure and an object named "Function" have different internal keys
 * but one public key: DevTools keeps the aggregate inserted last (the
 * class whose first instance comes later).
 */
static void test_public_key_collision(void **state)
{
	struct snapshot s;
	struct graph g;
	struct summary sm;
	(void)state;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	node_ix f = graph_node(&g, NODE_CLOSURE, "f", 6);
	node_ix o = graph_node(&g, NODE_OBJECT, "Function", 4);
	node_ix f2 = graph_node(&g, NODE_CLOSURE, "g", 6);
	graph_elem(&g, root, EDGE_ELEMENT, 1, f);
	graph_elem(&g, root, EDGE_ELEMENT, 2, o);
	graph_elem(&g, root, EDGE_ELEMENT, 3, f2);
	graph_finish(&g, 0);
	analyze_run(&s, NULL);
	summary_build(&s, s.node_class, &s.classes, NULL, &sm);
	assert_int_equal(sm.count, 1);
	assert_int_equal(sm.rows[0].cls, s.node_class[o]);
	assert_int_equal(sm.rows[0].count, 1);
	assert_int_equal(sm.rows[0].shallow, 4);
	summary_release(&sm);
	snapshot_release(&s);
}

/* Equal retained sizes: by name, then by first instance. */
static void test_tie_order(void **state)
{
	struct snapshot s;
	struct graph g;
	struct summary sm;
	(void)state;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	node_ix y = graph_node(&g, NODE_OBJECT, "Y", 5);
	node_ix x1 = graph_node(&g, NODE_OBJECT, "X", 5);
	node_ix x2 = graph_node(&g, NODE_OBJECT, "X", 5);
	node_ix b = graph_node(&g, NODE_OBJECT, "b", 5);
	graph_location(&g, x2, 1, 2, 3);
	graph_location(&g, x1, 1, 9, 3);
	for (node_ix i = 1; i <= b; i++)
		graph_elem(&g, root, EDGE_ELEMENT, i, i);
	graph_finish(&g, 0);
	analyze_run(&s, NULL);
	summary_build(&s, s.node_class, &s.classes, NULL, &sm);
	assert_int_equal(sm.count, 4);
	assert_int_equal(sm.rows[0].cls, s.node_class[x1]);
	assert_int_equal(sm.rows[1].cls, s.node_class[x2]);
	assert_int_equal(sm.rows[2].cls, s.node_class[y]);
	assert_int_equal(sm.rows[3].cls, s.node_class[b]); /* "b" > "Y" in code units */
	summary_release(&sm);
	snapshot_release(&s);
}

/*
 * A tree of more than a million nodes (so the class figures are swept on
 * two cores, split below the root) with classes nested in each other:
 * every class's retained size equals the sum, over its instances with no
 * ancestor of the same class, of their retained sizes, worked out here by
 * walking up the tree.
 */
static void test_class_retained_split(void **state)
{
	(void)state;
	static const char *const names[] = {"A", "B", "C", "D"};
	const uint32_t n = 1200000;
	uint32_t *parent = xmallocarray(n, sizeof(*parent));
	uint64_t seed = 12345;
	struct snapshot s;
	struct graph g;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	node_ix top = graph_node(&g, NODE_OBJECT, "global", 1);
	graph_elem(&g, root, EDGE_ELEMENT, 1, top);
	for (uint32_t i = 2; i < n; i++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		uint32_t r = (uint32_t)(seed >> 33);
		/* a parent among the last few nodes: a deep, bushy tree */
		parent[i] = i - 1 - r % (i - 1 < 40 ? i - 1 : 40);
		node_ix v = graph_node(&g, NODE_OBJECT, names[r % 4], 1 + r % 97);
		graph_edge(&g, parent[i], EDGE_PROPERTY, "p", v);
	}
	graph_finish(&g, 0);
	analyze_run(&s, NULL);

	uint64_t want[4] = {0};
	for (uint32_t i = 2; i < n; i++) {
		const char *c = snapshot_node_name(&s, i);
		uint32_t a = parent[i];
		while (a >= 2 && strcmp(snapshot_node_name(&s, a), c))
			a = parent[a];
		if (a < 2)
			want[c[0] - 'A'] += s.node_retained[i];
	}
	for (int k = 0; k < 4; k++) {
		class_ix c = classes_find(&s.classes, names[k]);
		assert_int_not_equal(c, UINT32_MAX);
		assert_int_equal(s.agg.retained[c], want[k]);
	}
	free(parent);
	snapshot_release(&s);
}

static void test_stats(void **state)
{
	struct snapshot s;
	struct graph g;
	struct stats st;
	(void)state;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	node_ix G = graph_node(&g, NODE_OBJECT, "global", 10);
	node_ix arr = graph_node(&g, NODE_OBJECT, "Array", 16);
	node_ix el = graph_node(&g, NODE_ARRAY, "", 40);
	node_ix arr2 = graph_node(&g, NODE_OBJECT, "Array", 16);
	node_ix el2 = graph_node(&g, NODE_ARRAY, "", 24);
	node_ix code = graph_node(&g, NODE_CODE, "c", 100);
	node_ix str = graph_node(&g, NODE_STRING, "s", 20);
	node_ix cons = graph_node(&g, NODE_CONS_STRING, "", 12);
	node_ix buf = graph_node(&g, NODE_NATIVE, "system / JSArrayBufferData", 64);
	node_ix nat = graph_node(&g, NODE_NATIVE, "Other", 8);
	node_ix hid = graph_node(&g, NODE_HIDDEN, "h", 6);
	graph_elem(&g, root, EDGE_ELEMENT, 1, G);
	graph_edge(&g, G, EDGE_PROPERTY, "arr", arr);
	graph_edge(&g, arr, EDGE_INTERNAL, "elements", el);
	graph_edge(&g, G, EDGE_PROPERTY, "arr2", arr2);
	graph_edge(&g, arr2, EDGE_INTERNAL, "elements", el2);
	graph_edge(&g, G, EDGE_INTERNAL, "el2", el2); /* two retainers: not counted */
	graph_edge(&g, G, EDGE_INTERNAL, "code", code);
	graph_edge(&g, G, EDGE_PROPERTY, "s", str);
	graph_edge(&g, G, EDGE_PROPERTY, "c", cons);
	graph_edge(&g, G, EDGE_INTERNAL, "buf", buf);
	graph_edge(&g, G, EDGE_INTERNAL, "nat", nat);
	graph_elem(&g, root, EDGE_ELEMENT, 2, hid);
	graph_finish(&g, 0);
	s.extra_native_bytes = 1000;
	analyze_run(&s, NULL);
	stats_compute(&s, &st);

	/* el moved into arr (56); el2 has two owners and keeps its 24; hid's
	 * owner is the root, so it keeps its size */
	assert_int_equal(s.node_self[arr], 56);
	assert_int_equal(st.js_arrays, 56 + 16);
	assert_int_equal(st.code, 100);
	assert_int_equal(st.strings, 32);
	assert_int_equal(st.system, 6);
	assert_int_equal(st.typed_arrays, 64);
	assert_int_equal(st.native, 1000 + 64 + 8);
	uint64_t heap = 10 + 56 + 16 + 24 + 100 + 20 + 12 + 64 + 8 + 6;
	assert_int_equal(s.node_retained[root], heap);
	assert_int_equal(st.total, heap + 1000);
	assert_int_equal(st.v8heap, heap - 72);
	assert_int_equal(st.extra_native, 1000);
	(void)el;
	snapshot_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aggregates),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_public_key_collision),
		cmocka_unit_test(test_tie_order),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_class_retained_split),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
