/* test_paths.c - the Retainers view: filter, order, names, path, ignore. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "heaptui/paths.h"
#include "paths_fixture.h"

/* Ids of the basic graph's nodes. */
enum { ID_ROOT = 1, ID_GCROOTS = 3, ID_GLOBAL = 5, ID_A = 7, ID_B = 9, ID_T = 11, ID_C = 13,
       ID_D = 15, ID_E = 17 };

/*
 * root -> global (user root), root -> (GC roots) (synthetic)
 * global.a -> A "Alpha" .x -> T ; global.b -> B "Beta" .y -> T
 * global.e -> E "Alpha" .k -> T (same name and distance as A, later ordinal)
 * global -weak-> T ; (GC roots) [0] -> T ; C -invisible-> T ; D (unreachable) .q -> T
 */
static void basic_graph(struct graph *g)
{
	g_init(g);
	node_ix root = g_node(g, NODE_SYNTHETIC, "", ID_ROOT, 0);
	node_ix gcroots = g_node(g, NODE_SYNTHETIC, "(GC roots)", ID_GCROOTS, 0);
	node_ix global = g_node(g, NODE_OBJECT, "global", ID_GLOBAL, 40);
	node_ix a = g_node(g, NODE_OBJECT, "Alpha", ID_A, 16);
	node_ix b = g_node(g, NODE_OBJECT, "Beta", ID_B, 16);
	node_ix t = g_node(g, NODE_OBJECT, "Target", ID_T, 8);
	node_ix c = g_node(g, NODE_OBJECT, "Gamma", ID_C, 8);
	node_ix d = g_node(g, NODE_OBJECT, "Alpha", ID_D, 8);
	node_ix e = g_node(g, NODE_OBJECT, "Alpha", ID_E, 8);
	g_elem(g, root, EDGE_ELEMENT, 1, gcroots);
	g_elem(g, root, EDGE_ELEMENT, 2, global);
	g_edge(g, root, EDGE_PROPERTY, "direct", t); /* from the root: never listed */
	g_elem(g, gcroots, EDGE_ELEMENT, 0, t);
	g_edge(g, global, EDGE_PROPERTY, "a", a);
	g_edge(g, global, EDGE_PROPERTY, "b", b);
	g_edge(g, global, EDGE_WEAK, "w", t);
	g_edge(g, global, EDGE_PROPERTY, "e", e);
	g_edge(g, a, EDGE_PROPERTY, "x", t);
	g_edge(g, b, EDGE_PROPERTY, "y", t);
	g_edge(g, c, EDGE_INVISIBLE, "z", t);
	g_edge(g, d, EDGE_PROPERTY, "q", t);
	g_edge(g, e, EDGE_PROPERTY, "k", t);
	g_finish(g);
}

static node_ix by_id(const struct graph *g, uint32_t id)
{
	node_ix n = snapshot_find_id(&g->s, id);
	assert_int_not_equal(n, NODE_NONE);
	return n;
}

static void test_retainers_order(void **state)
{
	struct graph g;
	struct paths_view v;
	struct retainer_list l = RETAINER_LIST_INIT;
	(void)state;

	basic_graph(&g);
	paths_view_init(&v, &g.s);
	paths_retainers(&v, by_id(&g, ID_T), &l);
	/* the root's edge, the weak and the invisible edge are left out */
	assert_int_equal(l.count, 5);
	/* distance 2: names Alpha (E before A: DevTools' retainer order is the
	 * reverse of file order), Beta; then (GC roots) at 100000001; then the
	 * unreachable D at 200000000 */
	assert_int_equal(g.s.node_id[l.items[0].node], ID_E);
	assert_int_equal(g.s.node_id[l.items[1].node], ID_A);
	assert_int_equal(g.s.node_id[l.items[2].node], ID_B);
	assert_int_equal(l.items[0].distance, 2);
	assert_int_equal(g.s.node_id[l.items[3].node], ID_GCROOTS);
	assert_int_equal(l.items[3].distance, DISTANCE_SYSTEM + 1);
	assert_int_equal(g.s.node_id[l.items[4].node], ID_D);
	assert_int_equal(l.items[4].distance, PATHS_UNREACHABLE);
	paths_list_release(&l);
	paths_view_release(&v);
	g_release(&g);
}

/* A path follows the first retainer up to distance 1 and stops there. */
static void test_path_basic(void **state)
{
	struct graph g;
	struct paths_view v;
	struct retainer_list l = RETAINER_LIST_INIT;
	(void)state;

	basic_graph(&g);
	paths_view_init(&v, &g.s);
	paths_path(&v, by_id(&g, ID_T), &l);
	assert_int_equal(l.count, 2);
	assert_int_equal(g.s.node_id[l.items[0].node], ID_E);
	assert_int_equal(g.s.node_id[l.items[1].node], ID_GLOBAL);
	assert_int_equal(l.items[1].distance, 1);
	paths_list_release(&l);
	paths_view_release(&v);
	g_release(&g);
}

/* Distances that do not decrease (filtered BFS edges can do that): no loop. */
static void test_path_cycle(void **state)
{
	struct graph g;
	struct paths_view v;
	struct retainer_list l = RETAINER_LIST_INIT;
	(void)state;

	g_init(&g);
	node_ix root = g_node(&g, NODE_SYNTHETIC, "", 1, 0);
	node_ix glob = g_node(&g, NODE_OBJECT, "global", 3, 0);
	node_ix a = g_node(&g, NODE_OBJECT, "A", 5, 0);
	node_ix b = g_node(&g, NODE_OBJECT, "B", 7, 0);
	node_ix t = g_node(&g, NODE_OBJECT, "T", 9, 0);
	g_elem(&g, root, EDGE_ELEMENT, 1, glob);
	g_edge(&g, glob, EDGE_PROPERTY, "a", a);
	g_edge(&g, a, EDGE_PROPERTY, "b", b);
	g_edge(&g, b, EDGE_PROPERTY, "a", a);
	g_edge(&g, b, EDGE_PROPERTY, "t", t);
	g_finish(&g);
	/* pretend a filter hid global -> a: a and b both at distance 5 */
	g.s.node_distance[a] = 5;
	g.s.node_distance[b] = 5;
	paths_view_init(&v, &g.s);
	paths_path(&v, t, &l);
	/* t <- b (5) <- a (5) <- global (1, before b at 5) */
	assert_int_equal(l.count, 3);
	assert_int_equal(l.items[0].node, b);
	assert_int_equal(l.items[1].node, a);
	assert_int_equal(l.items[2].node, glob);
	/* global at 5 too: a's first retainer is b ("B" < "global"), met
	 * before: the row is shown (as DevTools shows the cycle) and the path stops */
	g.s.node_distance[glob] = 5;
	paths_path(&v, t, &l);
	assert_int_equal(l.count, 3);
	assert_int_equal(l.items[2].node, b);
	paths_list_release(&l);
	paths_view_release(&v);
	g_release(&g);
}

/* Only weak (and invisible) retainers: nothing listed, empty path. */
static void test_weak_only(void **state)
{
	struct graph g;
	struct paths_view v;
	struct retainer_list l = RETAINER_LIST_INIT;
	struct retainer r;
	(void)state;

	g_init(&g);
	node_ix root = g_node(&g, NODE_SYNTHETIC, "", 1, 0);
	node_ix glob = g_node(&g, NODE_OBJECT, "global", 3, 0);
	node_ix t = g_node(&g, NODE_OBJECT, "T", 5, 0);
	g_elem(&g, root, EDGE_ELEMENT, 1, glob);
	g_edge(&g, glob, EDGE_WEAK, "w", t);
	g_edge(&g, glob, EDGE_INVISIBLE, "i", t);
	g_finish(&g);
	/* (invisible edges count for distances, not for the list) */
	paths_view_init(&v, &g.s);
	paths_retainers(&v, t, &l);
	assert_int_equal(l.count, 0);
	assert_int_equal(paths_first_retainer(&v, t, &r), 0);
	paths_path(&v, t, &l);
	assert_int_equal(l.count, 0);
	paths_list_release(&l);
	paths_view_release(&v);
	g_release(&g);
}

/*
 * global.x -> X -> T and global.y -> Y -> Z -> T. Ignoring X makes the view
 * go through Y and Z; X is listed last, marked ignored and unreachable.
 */
static void test_ignore(void **state)
{
	struct graph g;
	struct paths_view v;
	struct retainer_list l = RETAINER_LIST_INIT;
	(void)state;

	g_init(&g);
	node_ix root = g_node(&g, NODE_SYNTHETIC, "", 1, 0);
	node_ix glob = g_node(&g, NODE_OBJECT, "global", 3, 0);
	node_ix x = g_node(&g, NODE_OBJECT, "X", 5, 0);
	node_ix y = g_node(&g, NODE_OBJECT, "Y", 7, 0);
	node_ix z = g_node(&g, NODE_OBJECT, "Z", 9, 0);
	node_ix t = g_node(&g, NODE_OBJECT, "T", 11, 0);
	g_elem(&g, root, EDGE_ELEMENT, 1, glob);
	g_edge(&g, glob, EDGE_PROPERTY, "x", x);
	g_edge(&g, glob, EDGE_PROPERTY, "y", y);
	g_edge(&g, x, EDGE_PROPERTY, "t", t);
	g_edge(&g, y, EDGE_PROPERTY, "z", z);
	g_edge(&g, z, EDGE_PROPERTY, "t", t);
	g_finish(&g);
	paths_view_init(&v, &g.s);
	paths_path(&v, t, &l);
	assert_int_equal(l.count, 2);
	assert_int_equal(l.items[0].node, x);

	paths_view_ignore(&v, &x, 1);
	assert_true(paths_view_is_ignored(&v, x));
	paths_retainers(&v, t, &l);
	assert_int_equal(l.count, 2);
	assert_int_equal(l.items[0].node, z);
	assert_int_equal(l.items[0].distance, 3);
	assert_int_equal(l.items[1].node, x);
	assert_true(l.items[1].ignored);
	/* DevTools: unreachable + the ordinary distance (2) */
	assert_int_equal(l.items[1].distance, PATHS_UNREACHABLE + 2);
	paths_path(&v, t, &l);
	assert_int_equal(l.count, 3);
	assert_int_equal(l.items[0].node, z);
	assert_int_equal(l.items[1].node, y);
	assert_int_equal(l.items[2].node, glob);
	/* the snapshot's own distances are untouched */
	assert_int_equal(g.s.node_distance[t], 3);

	paths_view_unignore(&v, &x, 1);
	assert_null(v.distance);
	paths_path(&v, t, &l);
	assert_int_equal(l.items[0].node, x);
	paths_list_release(&l);
	paths_view_release(&v);
	g_release(&g);
}

/* A chain of a million objects: linear, no recursion. */
static void test_chain_1m(void **state)
{
	enum { N = 1000000 };
	struct graph g;
	struct paths_view v;
	struct retainer_list l = RETAINER_LIST_INIT;
	(void)state;

	g_init(&g);
	node_ix root = g_node(&g, NODE_SYNTHETIC, "", 1, 0);
	node_ix prev = g_node(&g, NODE_OBJECT, "global", 3, 0);
	g_elem(&g, root, EDGE_ELEMENT, 1, prev);
	for (uint32_t i = 0; i < N; i++) {
		node_ix n = g_node(&g, NODE_OBJECT, "Link", 5 + 2 * i, 16);
		g_edge(&g, prev, EDGE_PROPERTY, "next", n);
		prev = n;
	}
	g_finish(&g);
	paths_view_init(&v, &g.s);
	clock_t t0 = clock();
	paths_path(&v, prev, &l);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_int_equal(l.count, N);
	assert_int_equal(l.items[0].distance, N);
	assert_int_equal(l.items[N - 1].distance, 1);
	assert_true(secs < 5.0);
	/* ignoring a middle link cuts everything below it off */
	node_ix mid = l.items[N / 2].node;
	paths_view_ignore(&v, &mid, 1);
	paths_path(&v, prev, &l);
	assert_int_equal(l.count, 1);
	assert_true(l.items[0].distance >= PATHS_UNREACHABLE);
	paths_list_release(&l);
	paths_view_release(&v);
	g_release(&g);
}

/* Names as DevTools writes them, and JavaScript's (UTF-16) name order. */
static void test_names(void **state)
{
	struct graph g;
	struct paths_view v;
	struct retainer_list l = RETAINER_LIST_INIT;
	struct strbuf sb = STRBUF_INIT;
	(void)state;

	g_init(&g);
	node_ix root = g_node(&g, NODE_SYNTHETIC, "", 1, 0);
	node_ix glob = g_node(&g, NODE_OBJECT, "global", 3, 0);
	/* U+FF61 sorts after U+1F600 in UTF-16 (0xFF61 > 0xD83D), before it in UTF-8 */
	node_ix hw = g_node(&g, NODE_OBJECT, "\xef\xbd\xa1", 5, 0);
	node_ix emoji = g_node(&g, NODE_OBJECT, "\xf0\x9f\x98\x80", 7, 0);
	node_ix t = g_node(&g, NODE_OBJECT, "T", 9, 0);
	g_elem(&g, root, EDGE_ELEMENT, 1, glob);
	g_edge(&g, glob, EDGE_PROPERTY, "h", hw);
	g_edge(&g, glob, EDGE_PROPERTY, "e", emoji);
	g_edge(&g, emoji, EDGE_PROPERTY, "a b", t);      /* 0: property with a space */
	g_elem(&g, hw, EDGE_ELEMENT, 7, t);               /* 1: element */
	g_edge(&g, hw, EDGE_CONTEXT, "v", t);             /* 2: context */
	g_edge(&g, hw, EDGE_INTERNAL, "", t);             /* 3: internal, empty name */
	g_edge(&g, hw, EDGE_SHORTCUT, "12abc", t);        /* 4: shortcut, numeric prefix */
	g_edge(&g, hw, EDGE_WEAK, "w", t);                /* 5: weak */
	g_finish(&g);

	paths_view_init(&v, &g.s);
	paths_retainers(&v, t, &l);
	assert_int_equal(l.count, 5);
	assert_int_equal(l.items[0].node, emoji);
	/* the same retainer's edges keep DevTools' (reverse file) order */
	for (size_t i = 1; i < 5; i++)
		assert_int_equal(l.items[i].node, hw);

	edge_ix e0 = g.s.first_edge[emoji];
	edge_ix h0 = g.s.first_edge[hw];
	static const char *const str[] = {"[\"a b\"]", "[7]", "->v", "{}", ".12", "[[w]]"};
	static const char *const label[] = {"a b", "[7]", "v", "(empty)", "12", "w"};
	for (int i = 0; i < 6; i++) {
		edge_ix e = i == 0 ? e0 : h0 + (edge_ix)i - 1;
		strbuf_reset(&sb);
		paths_edge_string(&g.s, e, &sb);
		assert_string_equal(sb.buf, str[i]);
		strbuf_reset(&sb);
		paths_edge_label(&g.s, e, &sb);
		assert_string_equal(sb.buf, label[i]);
	}
	strbuf_release(&sb);
	paths_list_release(&l);
	paths_view_release(&v);
	g_release(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_retainers_order),
		cmocka_unit_test(test_path_basic),
		cmocka_unit_test(test_path_cycle),
		cmocka_unit_test(test_weak_only),
		cmocka_unit_test(test_ignore),
		cmocka_unit_test(test_chain_1m),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
