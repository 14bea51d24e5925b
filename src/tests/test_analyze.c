/*
 * test_analyze.c - DevTools' analysis on hand-drawn graphs: retainers
 * order, dominators through cycles, weak-only and unreachable nodes,
 * WeakMap ephemerons, shallow-size reassignment, page-owned nodes,
 * distance skips, DOM detachedness and a chain of a million nodes. The
 * expected figures are worked out by hand from HeapSnapshot.ts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "heaptui/analyze.h"
#include "heaptui/dominators.h"
#include "heaptui/load.h"
#include "heaptui/snapshot.h"
#include "heaptui/util.h"

#include "graph_fixture.h"

#define SYS DISTANCE_SYSTEM

/* A diamond with a cycle: C is reached from A and B, C points back to A. */
static void test_diamond_cycle(void **state)
{
	struct snapshot s;
	struct graph g;
	(void)state;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	node_ix G = graph_node(&g, NODE_OBJECT, "global", 10);
	node_ix A = graph_node(&g, NODE_OBJECT, "A", 20);
	node_ix B = graph_node(&g, NODE_OBJECT, "B", 30);
	node_ix C = graph_node(&g, NODE_OBJECT, "C", 40);
	graph_elem(&g, root, EDGE_ELEMENT, 1, G);
	graph_edge(&g, G, EDGE_PROPERTY, "a", A);
	graph_edge(&g, G, EDGE_PROPERTY, "b", B);
	graph_edge(&g, A, EDGE_PROPERTY, "c", C);
	graph_edge(&g, B, EDGE_PROPERTY, "c", C);
	graph_edge(&g, C, EDGE_PROPERTY, "back", A);
	graph_finish(&g, 0);
	analyze_run(&s, NULL);

	assert_true(s.analyzed);
	assert_int_equal(s.node_dominator[root], root);
	assert_int_equal(s.node_dominator[G], root);
	assert_int_equal(s.node_dominator[A], G);
	assert_int_equal(s.node_dominator[B], G);
	assert_int_equal(s.node_dominator[C], G);
	assert_int_equal(s.node_retained[C], 40);
	assert_int_equal(s.node_retained[A], 20);
	assert_int_equal(s.node_retained[G], 100);
	assert_int_equal(s.node_retained[root], 100);
	assert_int_equal(s.node_distance[root], SYS);
	assert_int_equal(s.node_distance[G], 1);
	assert_int_equal(s.node_distance[A], 2);
	assert_int_equal(s.node_distance[B], 2);
	assert_int_equal(s.node_distance[C], 3);
	/* DevTools lists retainers from the highest source ordinal down */
	assert_int_equal(s.first_retainer[C + 1] - s.first_retainer[C], 2);
	assert_int_equal(s.retaining_node[s.first_retainer[C]], B);
	assert_int_equal(s.retaining_node[s.first_retainer[C] + 1], A);
	/* A is retained by C (edge 5, C's only edge), then by G (edge 1) */
	struct retainer_iter it;
	retainer_iter_init(&it, &s, A, 0);
	assert_true(retainer_iter_next(&it));
	assert_int_equal(it.node, C);
	assert_int_equal(it.edge, 5);
	assert_true(retainer_iter_next(&it));
	assert_int_equal(it.node, G);
	assert_int_equal(it.edge, 1);
	assert_false(retainer_iter_next(&it));
	/* no shortcut from the root: nothing is page-owned */
	assert_false(s.node_flags[G] & NODE_FLAG_PAGE_OBJECT);
	snapshot_release(&s);
}

/* Several edges from one source to one target: each retainer slot finds
 * its own edge, last edge first, wherever a walk starts. */
static void test_retainer_edges(void **state)
{
	struct snapshot s;
	struct graph g;
	(void)state;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	node_ix G = graph_node(&g, NODE_OBJECT, "global", 1);
	node_ix T = graph_node(&g, NODE_OBJECT, "T", 2);
	node_ix U = graph_node(&g, NODE_OBJECT, "U", 3);
	node_ix H = graph_node(&g, NODE_OBJECT, "H", 4);
	graph_elem(&g, root, EDGE_ELEMENT, 1, G);       /* edge 0 */
	graph_edge(&g, G, EDGE_PROPERTY, "x", T);       /* 1 */
	graph_edge(&g, G, EDGE_PROPERTY, "u", U);       /* 2 */
	graph_edge(&g, G, EDGE_PROPERTY, "y", T);       /* 3 */
	graph_elem(&g, G, EDGE_ELEMENT, 0, T);          /* 4 */
	graph_edge(&g, G, EDGE_PROPERTY, "h", H);       /* 5 */
	graph_edge(&g, H, EDGE_PROPERTY, "t1", T);      /* 6 */
	graph_edge(&g, H, EDGE_PROPERTY, "u", U);       /* 7 */
	graph_edge(&g, H, EDGE_PROPERTY, "t2", T);      /* 8 */
	graph_finish(&g, 0);
	analyze_run(&s, NULL);

	/* DevTools' order: H (the higher ordinal) first, each source's last edge first */
	static const node_ix want_node[] = {4, 4, 1, 1, 1};
	static const edge_ix want_edge[] = {8, 6, 4, 3, 1};
	assert_int_equal(H, 4);
	assert_int_equal(G, 1);
	for (edge_ix skip = 0; skip <= 5; skip++) {
		struct retainer_iter it;
		edge_ix k = skip;
		for (retainer_iter_init(&it, &s, T, skip); retainer_iter_next(&it); k++) {
			assert_true(k < 5);
			assert_int_equal(it.node, want_node[k]);
			assert_int_equal(it.edge, want_edge[k]);
			assert_int_equal(it.slot, s.first_retainer[T] + k);
		}
		assert_int_equal(k, 5);
	}
	/* the dominator of T is G: every path goes through it */
	assert_int_equal(s.node_dominator[T], G);
	assert_int_equal(s.node_dominator[U], G);
	snapshot_release(&s);
}

/*
 * Without a second thread (ht_task_start failing) the analysis runs its
 * steps one after another, and the figures are the same: Meteor's
 * Snapshot4 analyzed both ways, every derived table compared.
 */
static void test_one_thread(void **state)
{
	(void)state;
	struct snapshot a, b;
	struct ht_error err;
	snapshot_init(&a);
	snapshot_init(&b);
	assert_int_equal(snapshot_load(&a, "testdata/meteor/Snapshot4.heapsnapshot.gz", NULL, &err), 0);
	assert_int_equal(snapshot_load(&b, "testdata/meteor/Snapshot4.heapsnapshot.gz", NULL, &err), 0);
	analyze_run(&a, NULL);
	ht_task_no_threads = 1;
	analyze_run(&b, NULL);
	ht_task_no_threads = 0;
	uint32_t n = a.node_count;
#define SAME(field, count) assert_memory_equal(a.field, b.field, (size_t)(count) * sizeof(*a.field));
	SAME(node_self, n) SAME(node_flags, n) SAME(node_distance, n) SAME(node_dominator, n)
	SAME(node_retained, n) SAME(node_class, n) SAME(id_order, n)
	SAME(first_retainer, n + 1) SAME(retaining_node, a.edge_count)
	SAME(agg.count, a.classes.count) SAME(agg.retained, a.classes.count)
#undef SAME
	snapshot_release(&a);
	snapshot_release(&b);
}

/* W is held only weakly: it hangs off the root, its children off it. */
static void test_weak_only(void **state)
{
	struct snapshot s;
	struct graph g;
	(void)state;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	node_ix G = graph_node(&g, NODE_OBJECT, "global", 5);
	node_ix X = graph_node(&g, NODE_OBJECT, "X", 10);
	node_ix W = graph_node(&g, NODE_OBJECT, "W", 50);
	node_ix Y = graph_node(&g, NODE_OBJECT, "Y", 7);
	graph_elem(&g, root, EDGE_ELEMENT, 1, G);
	graph_edge(&g, G, EDGE_PROPERTY, "x", X);
	graph_edge(&g, G, EDGE_WEAK, "w", W);
	graph_edge(&g, W, EDGE_PROPERTY, "y", Y);
	graph_finish(&g, 0);
	analyze_run(&s, NULL);

	assert_int_equal(s.node_dominator[W], root);
	assert_int_equal(s.node_dominator[Y], W);
	assert_int_equal(s.node_retained[W], 57);
	assert_int_equal(s.node_retained[G], 15);
	assert_int_equal(s.node_retained[root], 72);
	assert_int_equal(s.node_distance[X], 2);
	assert_int_equal(s.node_distance[W], DISTANCE_NONE);
	assert_int_equal(s.node_distance[Y], DISTANCE_NONE);
	assert_int_equal(analyze_distance_raw(s.node_distance[W]), -5);
	char buf[12];
	assert_string_equal(analyze_distance_text(s.node_distance[W], buf), "-");
	assert_string_equal(analyze_distance_text(7, buf), "7");
	snapshot_release(&s);
}

/* P and Q hold each other and nothing else holds them. */
static void test_unreachable_clique(void **state)
{
	struct snapshot s;
	struct graph g;
	(void)state;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	node_ix G = graph_node(&g, NODE_OBJECT, "global", 1);
	node_ix P = graph_node(&g, NODE_OBJECT, "P", 3);
	node_ix Q = graph_node(&g, NODE_OBJECT, "Q", 4);
	graph_elem(&g, root, EDGE_ELEMENT, 1, G);
	graph_edge(&g, P, EDGE_PROPERTY, "q", Q);
	graph_edge(&g, Q, EDGE_PROPERTY, "p", P);
	graph_finish(&g, 0);
	analyze_run(&s, NULL);

	assert_int_equal(s.node_dominator[P], root);
	assert_int_equal(s.node_dominator[Q], root);
	assert_int_equal(s.node_retained[P], 3);
	assert_int_equal(s.node_retained[Q], 4);
	assert_int_equal(s.node_retained[root], 8);
	assert_int_equal(s.node_distance[P], DISTANCE_NONE);
	(void)G;
	snapshot_release(&s);
}

#define EPH(n) n " / part of key (K @9) -> value (V @11) pair in WeakMap (table @5)"

static void test_weakmap_names(void **state)
{
	uint64_t table;
	size_t off;
	const char *ok = EPH("12");
	(void)state;
	assert_int_equal(analyze_parse_weakmap_edge(ok, strlen(ok), &table, &off), 1);
	assert_int_equal(table, 5);
	assert_int_equal(off, 2);
	const char *names[] = {
		" / part of key (K @9) -> value (V @11) pair in WeakMap (table @5)",
		"12 / part of key (K @9) -> value (V @11) pair in WeakMap (table @)",
		"12 / part of key (K @9) -> value (V @x) pair in WeakMap (table @5)",
		"12 / part of key (K 9) -> value (V @11) pair in WeakMap (table @5)",
		"12 / part of key (K @9) -> value (V @11) pair in WeakMap (table @5) ",
		"12 / part of key (K\n @9) -> value (V @11) pair in WeakMap (table @5)",
		"elements",
		"",
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		assert_int_equal(analyze_parse_weakmap_edge(names[i], strlen(names[i]), &table,
							     &off), 0);
	/* names may contain the separators themselves */
	const char *odd = "7 / part of key (a @1) -> value (b @2) @3) -> value (c @4) pair in "
			  "WeakMap (table @99)";
	assert_int_equal(analyze_parse_weakmap_edge(odd, strlen(odd), &table, &off), 1);
	assert_int_equal(table, 99);
}

/* The value of a WeakMap entry: retained by the key, distance max(table, key) + 1. */
static void test_ephemeron(void **state)
{
	struct snapshot s;
	struct graph g;
	(void)state;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	node_ix G = graph_node(&g, NODE_OBJECT, "global", 1);
	node_ix T = graph_node(&g, NODE_OBJECT, "WeakMap", 8); /* id 5 */
	node_ix X = graph_node(&g, NODE_OBJECT, "X", 2);
	node_ix K = graph_node(&g, NODE_OBJECT, "K", 3);       /* id 9 */
	node_ix V = graph_node(&g, NODE_OBJECT, "V", 4);       /* id 11 */
	graph_elem(&g, root, EDGE_ELEMENT, 1, G);
	graph_edge(&g, G, EDGE_PROPERTY, "map", T);
	graph_edge(&g, G, EDGE_PROPERTY, "x", X);
	graph_edge(&g, X, EDGE_PROPERTY, "key", K);
	graph_edge(&g, T, EDGE_INTERNAL, EPH("1"), V);
	graph_edge(&g, K, EDGE_INTERNAL, EPH("3"), V);
	graph_finish(&g, 0);
	assert_int_equal(s.node_id[T], 5);
	analyze_run(&s, NULL);

	assert_int_equal(s.node_distance[T], 2);
	assert_int_equal(s.node_distance[K], 3);
	assert_int_equal(s.node_distance[V], 4); /* not 3: the table's edge is skipped */
	assert_int_equal(s.node_dominator[V], K);
	assert_int_equal(s.node_retained[K], 7);
	assert_int_equal(s.node_retained[X], 9);
	assert_int_equal(s.node_retained[T], 8);
	assert_int_equal(s.node_retained[G], 18);
	(void)root;
	snapshot_release(&s);
}

/* Hidden/array nodes with one owner give their size to it. */
static void test_shallow_sizes(void **state)
{
	struct snapshot s;
	struct graph g;
	(void)state;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	node_ix G = graph_node(&g, NODE_OBJECT, "global", 10);
	node_ix H = graph_node(&g, NODE_ARRAY, "", 100);
	node_ix A2 = graph_node(&g, NODE_ARRAY, "", 5);
	node_ix J = graph_node(&g, NODE_OBJECT, "J", 5);
	node_ix H2 = graph_node(&g, NODE_HIDDEN, "system / X", 7);
	node_ix S = graph_node(&g, NODE_SYNTHETIC, "(GC roots)", 0);
	node_ix H3 = graph_node(&g, NODE_HIDDEN, "h3", 9);
	node_ix E = graph_node(&g, NODE_NATIVE, "system / ExternalStringData", 11);
	graph_elem(&g, root, EDGE_ELEMENT, 1, G);
	graph_elem(&g, root, EDGE_ELEMENT, 2, S);
	graph_edge(&g, G, EDGE_INTERNAL, "elements", H);
	graph_elem(&g, H, EDGE_ELEMENT, 0, A2);
	graph_edge(&g, G, EDGE_PROPERTY, "j", J);
	graph_edge(&g, G, EDGE_INTERNAL, "h", H2);
	graph_edge(&g, J, EDGE_INTERNAL, "h", H2);
	graph_edge(&g, J, EDGE_INTERNAL, "data", E);
	graph_elem(&g, S, EDGE_ELEMENT, 0, H3);
	graph_finish(&g, 0);
	analyze_run(&s, NULL);

	assert_int_equal(s.node_self[G], 115);
	assert_int_equal(s.node_self[H], 0);
	assert_int_equal(s.node_self[A2], 0);
	assert_int_equal(s.node_self[J], 16);
	assert_int_equal(s.node_self[E], 0);
	assert_int_equal(s.node_self[H2], 7);  /* two owners */
	assert_int_equal(s.node_self[H3], 9);  /* owner is synthetic */
	/* retained sizes are built from the reassigned sizes */
	assert_int_equal(s.node_retained[G], 138);
	assert_int_equal(s.node_retained[root], 147);
	assert_int_equal(s.node_dominator[H2], G);
	snapshot_release(&s);
}

/* No user root ("expose internals"): sizes stay as written. */
static void test_shallow_sizes_no_user_root(void **state)
{
	struct snapshot s;
	struct graph g;
	(void)state;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	node_ix S = graph_node(&g, NODE_SYNTHETIC, "(GC roots)", 0);
	node_ix O = graph_node(&g, NODE_OBJECT, "O", 3);
	node_ix H = graph_node(&g, NODE_HIDDEN, "h", 5);
	graph_elem(&g, root, EDGE_ELEMENT, 1, S);
	graph_elem(&g, S, EDGE_ELEMENT, 1, O);
	graph_edge(&g, O, EDGE_INTERNAL, "h", H);
	graph_finish(&g, 0);
	analyze_run(&s, NULL);

	assert_int_equal(s.node_self[H], 5);
	assert_int_equal(s.node_self[O], 3);
	/* no user roots: the root's distance is 0 and everything counts from it */
	assert_int_equal(s.node_distance[root], 0);
	assert_int_equal(s.node_distance[O], 2);
	assert_int_equal(s.node_retained[O], 8);
	snapshot_release(&s);
}

/* The debugger's D also points at the page's P: P stays under the Window. */
static void test_page_owned(void **state)
{
	struct snapshot s;
	struct graph g;
	(void)state;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	node_ix W = graph_node(&g, NODE_OBJECT, "Window", 10);
	node_ix P = graph_node(&g, NODE_OBJECT, "P", 20);
	node_ix S = graph_node(&g, NODE_SYNTHETIC, "(GC roots)", 0);
	node_ix D = graph_node(&g, NODE_OBJECT, "D", 5);
	graph_edge(&g, root, EDGE_SHORTCUT, "w", W);
	graph_elem(&g, root, EDGE_ELEMENT, 2, S);
	graph_edge(&g, W, EDGE_PROPERTY, "p", P);
	graph_elem(&g, S, EDGE_ELEMENT, 0, D);
	graph_edge(&g, D, EDGE_PROPERTY, "p", P);
	graph_finish(&g, 0);
	analyze_run(&s, NULL);

	assert_true(s.node_flags[W] & NODE_FLAG_PAGE_OBJECT);
	assert_true(s.node_flags[P] & NODE_FLAG_PAGE_OBJECT);
	assert_false(s.node_flags[D] & NODE_FLAG_PAGE_OBJECT);
	assert_false(s.node_flags[S] & NODE_FLAG_PAGE_OBJECT);
	assert_int_equal(s.node_dominator[P], W);
	assert_int_equal(s.node_retained[W], 30);
	assert_int_equal(s.node_retained[D], 5);
	assert_int_equal(s.node_distance[W], 1);
	assert_int_equal(s.node_distance[P], 2);
	assert_int_equal(s.node_distance[S], SYS + 1);
	assert_int_equal(s.node_distance[D], SYS + 2);

	struct essential ess;
	dominators_essential_init(&s, &ess);
	dominators_essential_range(&s, &ess, ess.target, 0, s.edge_count);
	for (edge_ix e = s.first_edge[D]; e < s.first_edge[D + 1]; e++)
		assert_false(dominators_edge_is_essential(ess.edge, e));
	dominators_essential_release(&ess);
	snapshot_release(&s);
}

/* sloppy_function_map of a NativeContext and descriptor links are not paths. */
static void test_distance_skips(void **state)
{
	struct snapshot s;
	struct graph g;
	(void)state;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	node_ix G = graph_node(&g, NODE_OBJECT, "global", 1);
	node_ix N = graph_node(&g, NODE_HIDDEN, "system / NativeContext", 1);
	node_ix M = graph_node(&g, NODE_OBJECT, "M", 1);
	node_ix A = graph_node(&g, NODE_OBJECT, "A", 1);
	node_ix B = graph_node(&g, NODE_OBJECT, "B", 1);
	node_ix DA = graph_node(&g, NODE_ARRAY, "(map descriptors)", 1);
	node_ix E0 = graph_node(&g, NODE_OBJECT, "E0", 1);
	node_ix E1 = graph_node(&g, NODE_OBJECT, "E1", 1);
	node_ix E4 = graph_node(&g, NODE_OBJECT, "E4", 1);
	node_ix E5 = graph_node(&g, NODE_OBJECT, "E5", 1);
	node_ix F = graph_node(&g, NODE_OBJECT, "F", 1);
	graph_elem(&g, root, EDGE_ELEMENT, 1, G);
	graph_edge(&g, G, EDGE_INTERNAL, "native_context", N);
	graph_edge(&g, G, EDGE_PROPERTY, "a", A);
	graph_edge(&g, G, EDGE_INTERNAL, "descriptors", DA);
	graph_edge(&g, N, EDGE_INTERNAL, "sloppy_function_map", M);
	graph_edge(&g, N, EDGE_INTERNAL, "other_map", F);
	graph_edge(&g, A, EDGE_PROPERTY, "b", B);
	graph_edge(&g, B, EDGE_PROPERTY, "m", M);
	graph_elem(&g, DA, EDGE_ELEMENT, 0, E0);
	graph_elem(&g, DA, EDGE_ELEMENT, 1, E1);
	graph_elem(&g, DA, EDGE_ELEMENT, 4, E4);
	graph_elem(&g, DA, EDGE_ELEMENT, 5, E5);
	graph_finish(&g, 0);
	analyze_run(&s, NULL);

	assert_int_equal(s.node_distance[N], 2);
	assert_int_equal(s.node_distance[F], 3);
	assert_int_equal(s.node_distance[M], 4); /* via A, B; not 3 via N */
	assert_int_equal(s.node_distance[E0], 3);
	assert_int_equal(s.node_distance[E1], 3);
	assert_int_equal(s.node_distance[E5], 3);
	assert_int_equal(s.node_distance[E4], DISTANCE_NONE);
	/* dominators still follow those edges */
	assert_int_equal(s.node_dominator[E4], DA);
	assert_int_equal(s.node_dominator[M], G);

	/* the Retainers view's "ignore": B ignored, M only via N... which is skipped */
	uint32_t *d = xmallocarray(s.node_count, sizeof(*d));
	uint8_t *ignored = xcalloc(s.node_count, 1);
	ignored[B] = 1;
	analyze_distances(&s, ignored, d);
	assert_int_equal(d[B], DISTANCE_NONE);
	assert_int_equal(d[M], DISTANCE_NONE);
	assert_int_equal(d[A], 2);
	free(d);
	free(ignored);
	snapshot_release(&s);
}

/* Detached state spreads through native nodes only; attached wins. */
static void test_detachedness(void **state)
{
	struct snapshot s;
	struct graph g;
	(void)state;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	node_ix G = graph_node(&g, NODE_OBJECT, "global", 1);
	node_ix D = graph_node(&g, NODE_NATIVE, "<div id=\"x\">", 10);
	node_ix C = graph_node(&g, NODE_NATIVE, "<span>", 10);
	node_ix J = graph_node(&g, NODE_OBJECT, "J", 10);
	node_ix K = graph_node(&g, NODE_NATIVE, "Text", 10);
	node_ix A = graph_node(&g, NODE_NATIVE, "<p>", 10);
	node_ix F = graph_node(&g, NODE_NATIVE, "Text", 10);
	g.det[D] = 2;
	g.det[A] = 1;
	graph_elem(&g, root, EDGE_ELEMENT, 1, G);
	graph_edge(&g, G, EDGE_PROPERTY, "d", D);
	graph_edge(&g, G, EDGE_PROPERTY, "a", A);
	graph_edge(&g, D, EDGE_PROPERTY, "c", C);
	graph_edge(&g, D, EDGE_PROPERTY, "j", J);
	graph_edge(&g, D, EDGE_PROPERTY, "f", F);
	graph_edge(&g, J, EDGE_PROPERTY, "k", K);
	graph_edge(&g, A, EDGE_PROPERTY, "c", C);
	graph_finish(&g, 1);
	analyze_run(&s, NULL);

	assert_int_equal(s.node_detachedness[D], 2);
	assert_int_equal(s.node_detachedness[F], 2);
	assert_int_equal(s.node_detachedness[C], 1); /* reached from attached A first */
	assert_int_equal(s.node_detachedness[K], 0); /* not through JavaScript */
	assert_true(s.node_flags[D] & NODE_FLAG_DETACHED_DOM);
	assert_true(s.node_flags[F] & NODE_FLAG_DETACHED_DOM);
	assert_false(s.node_flags[C] & NODE_FLAG_DETACHED_DOM);
	size_t len;
	int prefix;
	analyze_node_raw_name(&s, D, &len, &prefix);
	assert_true(prefix);
	analyze_node_raw_name(&s, C, &len, &prefix);
	assert_false(prefix);
	snapshot_release(&s);
}

/* Old files: native nodes named "Detached ..." are detached, no renaming. */
static void test_detached_by_name(void **state)
{
	struct snapshot s;
	struct graph g;
	(void)state;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	node_ix D = graph_node(&g, NODE_NATIVE, "Detached HTMLDivElement", 10);
	node_ix E = graph_node(&g, NODE_OBJECT, "Detached thing", 10);
	graph_elem(&g, root, EDGE_ELEMENT, 1, D);
	graph_elem(&g, root, EDGE_ELEMENT, 2, E);
	graph_finish(&g, 0);
	analyze_run(&s, NULL);
	assert_true(s.node_flags[D] & NODE_FLAG_DETACHED_DOM);
	assert_false(s.node_flags[E] & NODE_FLAG_DETACHED_DOM);
	size_t len;
	int prefix;
	analyze_node_raw_name(&s, D, &len, &prefix);
	assert_false(prefix);
	snapshot_release(&s);
}

/* A chain of a million nodes: no recursion, linear time. */
static void test_long_chain(void **state)
{
	enum { N = 1000000 };
	struct snapshot s;
	struct graph g;
	(void)state;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	node_ix prev = root;
	for (uint32_t i = 0; i < N; i++) {
		node_ix n = graph_node(&g, NODE_OBJECT, "Link", 1);
		if (prev == root)
			graph_elem(&g, root, EDGE_ELEMENT, 1, n);
		else
			graph_edge(&g, prev, EDGE_PROPERTY, "next", n);
		prev = n;
	}
	graph_finish(&g, 0);
	double t0 = ht_now();
	analyze_run(&s, NULL);
	double took = ht_now() - t0;

	assert_int_equal(s.node_retained[1], N);
	assert_int_equal(s.node_retained[root], N);
	assert_int_equal(s.node_dominator[N], N - 1);
	assert_int_equal(s.node_distance[N], N);
	assert_int_equal(s.node_distance[1], 1);
	assert_true(took < 20.0);
	snapshot_release(&s);
}

/* dominators_scratch_touch goes through the three arrays in steps of any
 * size, never back, says when it is done, and leaves num[] zeroed. */
static void test_scratch_touch(void **state)
{
	(void)state;
	struct snapshot s;
	memset(&s, 0, sizeof(s));
	s.node_count = 5000;
	const size_t total = 4 * (s.node_count + 1) * sizeof(uint32_t);
	const size_t steps[] = {1, 4096, 10000, 1 << 20};
	for (size_t k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
		struct dom_scratch d;
		dominators_scratch_alloc(&s, &d);
		size_t calls = 0, before = 0;
		while (dominators_scratch_touch(&d, steps[k])) {
			assert_true(d.touched > before && d.touched < total);
			before = d.touched;
			assert_true(++calls < total);
			/* a step of nothing changes nothing */
			assert_int_equal(dominators_scratch_touch(&d, 0), 1);
			assert_int_equal(d.touched, before);
		}
		assert_int_equal(d.touched, total);
		assert_int_equal(dominators_scratch_touch(&d, steps[k]), 0);
		for (size_t i = 0; i < d.len; i++)
			assert_int_equal(d.num[i], 0);
		free(d.num);
		free(d.parent_block);
		free(d.next);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diamond_cycle),
		cmocka_unit_test(test_retainer_edges),
		cmocka_unit_test(test_one_thread),
		cmocka_unit_test(test_weak_only),
		cmocka_unit_test(test_unreachable_clique),
		cmocka_unit_test(test_weakmap_names),
		cmocka_unit_test(test_ephemeron),
		cmocka_unit_test(test_shallow_sizes),
		cmocka_unit_test(test_shallow_sizes_no_user_root),
		cmocka_unit_test(test_page_owned),
		cmocka_unit_test(test_distance_skips),
		cmocka_unit_test(test_detachedness),
		cmocka_unit_test(test_detached_by_name),
		cmocka_unit_test(test_long_chain),
		cmocka_unit_test(test_scratch_touch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
