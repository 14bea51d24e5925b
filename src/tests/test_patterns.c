/* test_patterns.c - naming the leak: one graph per verdict, and none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "heaptui/patterns.h"
#include "meteor_fixture.h"

/* Path of n and its verdicts. */
static void classify(const struct snapshot *s, node_ix n, struct retainer_list *l,
		     struct pattern_list *pl)
{
	struct paths_view v;
	paths_view_init(&v, s);
	paths_path(&v, n, l);
	paths_view_release(&v);
	patterns_classify(s, n, l->items, l->count, pl);
}

static void test_meteor(void **state)
{
	struct graph g;
	struct meteor m;
	struct retainer_list l = RETAINER_LIST_INIT;
	struct pattern_list pl = PATTERN_LIST_INIT;
	(void)state;

	meteor_build(&g, &m);
	classify(&g.s, m.old_thing, &l, &pl);
	assert_int_equal(l.count, 7);
	assert_int_equal(l.items[6].node, m.global);
	/* global.process is a builtin: no global verdict; root first */
	assert_int_equal(pl.count, 3);
	assert_int_equal(pl.items[0].kind, PATTERN_TIMER);
	assert_int_equal(pl.items[0].node, m.timeout);
	assert_int_equal(pl.items[0].row, 5);
	assert_string_equal(pl.items[0].text, "timer callback: Timeout @6169 (setTimeout/setInterval)"
					      " calls replaceThing() @6165 via _onTimeout");
	assert_int_equal(pl.items[1].kind, PATTERN_CLOSURE);
	assert_int_equal(pl.items[1].node, m.module_ctx);
	assert_int_equal(pl.items[2].kind, PATTERN_CLOSURE);
	assert_int_equal(pl.items[2].node, m.ctx);
	assert_int_equal(pl.items[2].row, 0);
	assert_non_null(strstr(pl.items[2].text, "originalThing in system / Context @78347"));
	assert_non_null(strstr(pl.items[2].text, "unused() (leak.js:14:25)"));
	assert_string_equal(pattern_name(pl.items[2].kind), "closure");
	patterns_release(&pl);
	paths_list_release(&l);
	g_release(&g);
}

/* root -> global .leaked -> Array [0] -> T ; global .process -> P .x -> U */
static void test_global_and_none(void **state)
{
	struct graph g;
	struct retainer_list l = RETAINER_LIST_INIT;
	struct pattern_list pl = PATTERN_LIST_INIT;
	(void)state;

	g_init(&g);
	node_ix root = g_node(&g, NODE_SYNTHETIC, "", 1, 0);
	node_ix glob = g_node(&g, NODE_OBJECT, "global", 3, 0);
	node_ix arr = g_node(&g, NODE_OBJECT, "Array", 5, 0);
	node_ix t = g_node(&g, NODE_OBJECT, "LeakedRecord", 7, 0);
	node_ix p = g_node(&g, NODE_OBJECT, "process", 9, 0);
	node_ix u = g_node(&g, NODE_OBJECT, "Thing", 11, 0);
	g_elem(&g, root, EDGE_ELEMENT, 1, glob);
	g_edge(&g, glob, EDGE_PROPERTY, "leaked", arr);
	g_elem(&g, arr, EDGE_ELEMENT, 0, t);
	g_edge(&g, glob, EDGE_PROPERTY, "process", p);
	g_edge(&g, p, EDGE_PROPERTY, "x", u);
	g_finish(&g);

	classify(&g.s, t, &l, &pl);
	assert_int_equal(pl.count, 1);
	assert_int_equal(pl.items[0].kind, PATTERN_GLOBAL);
	assert_int_equal(pl.items[0].row, 1);
	assert_string_equal(pl.items[0].text, "global variable leaked on global @3 holds Array @5");

	classify(&g.s, u, &l, &pl);
	assert_int_equal(l.count, 2);
	assert_int_equal(pl.count, 0);

	assert_true(patterns_is_builtin_global("setTimeout", 10));
	assert_true(patterns_is_builtin_global("<symbol Symbol.iterator>", 24));
	assert_false(patterns_is_builtin_global("leaked", 6));
	patterns_release(&pl);
	paths_list_release(&l);
	g_release(&g);
}

/* window .keep -> Array [0] -> Detached <div> [0] -> Detached <span> */
static void test_detached(void **state)
{
	struct graph g;
	struct retainer_list l = RETAINER_LIST_INIT;
	struct pattern_list pl = PATTERN_LIST_INIT;
	(void)state;

	g_init(&g);
	g.s.producer = PRODUCER_CHROME;
	node_ix root = g_node(&g, NODE_SYNTHETIC, "", 1, 0);
	node_ix win = g_node(&g, NODE_OBJECT, "Window / https://example.com", 3, 0);
	node_ix arr = g_node(&g, NODE_OBJECT, "Array", 5, 0);
	node_ix div = g_node(&g, NODE_NATIVE, "Detached <div>", 7, 0);
	node_ix span = g_node(&g, NODE_NATIVE, "Detached <span>", 9, 0);
	g_elem(&g, root, EDGE_ELEMENT, 1, win);
	g_edge(&g, win, EDGE_PROPERTY, "keep", arr);
	g_elem(&g, arr, EDGE_ELEMENT, 0, div);
	g_elem(&g, div, EDGE_ELEMENT, 0, span);
	g_finish(&g);

	classify(&g.s, span, &l, &pl);
	assert_int_equal(l.count, 3);
	assert_int_equal(pl.count, 2);
	assert_int_equal(pl.items[0].kind, PATTERN_GLOBAL);
	assert_int_equal(pl.items[1].kind, PATTERN_DETACHED);
	assert_int_equal(pl.items[1].node, arr);
	assert_string_equal(pl.items[1].text,
			    "detached DOM: Detached <div> @7 is held by Array @5 via [0]");
	patterns_release(&pl);
	paths_list_release(&l);
	g_release(&g);
}

/*
 * global .bus -> EventEmitter ._events -> Object .data -> onData() ->context
 * Context (of node:events? no: app.js) .payload -> T; and a Context of
 * Node's own code (node:timers) is not a verdict.
 */
static void test_listener_and_internal(void **state)
{
	struct graph g;
	struct retainer_list l = RETAINER_LIST_INIT;
	struct pattern_list pl = PATTERN_LIST_INIT;
	(void)state;

	g_init(&g);
	node_ix root = g_node(&g, NODE_SYNTHETIC, "", 1, 0);
	node_ix glob = g_node(&g, NODE_OBJECT, "global", 3, 0);
	node_ix bus = g_node(&g, NODE_OBJECT, "EventEmitter", 5, 0);
	node_ix events = g_node(&g, NODE_OBJECT, "Object", 7, 0);
	node_ix fn = g_node(&g, NODE_CLOSURE, "onData", 9, 0);
	node_ix ctx = g_node(&g, NODE_OBJECT, "system / Context", 11, 0);
	node_ix t = g_node(&g, NODE_OBJECT, "TimerPayload", 13, 0);
	node_ix sfi = g_node(&g, NODE_CODE, "onData", 15, 0);
	node_ix script = g_node(&g, NODE_CODE, "node:internal/timers", 17, 0);
	g_elem(&g, root, EDGE_ELEMENT, 1, glob);
	g_edge(&g, glob, EDGE_PROPERTY, "clearImmediate", bus);
	g_edge(&g, bus, EDGE_PROPERTY, "_events", events);
	g_edge(&g, events, EDGE_PROPERTY, "data", fn);
	g_edge(&g, fn, EDGE_INTERNAL, "shared", sfi);
	g_edge(&g, fn, EDGE_INTERNAL, "context", ctx);
	g_edge(&g, ctx, EDGE_CONTEXT, "payload", t);
	g_edge(&g, sfi, EDGE_INTERNAL, "script_or_debug_info", script);
	g_finish(&g);

	classify(&g.s, t, &l, &pl);
	assert_int_equal(l.count, 5);
	assert_int_equal(pl.count, 1);
	assert_int_equal(pl.items[0].kind, PATTERN_TIMER);
	assert_string_equal(pl.items[0].text, "event listener: EventEmitter @5 keeps its listeners "
					      "in _events, event 'data'");
	patterns_release(&pl);
	paths_list_release(&l);
	g_release(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meteor),
		cmocka_unit_test(test_global_and_none),
		cmocka_unit_test(test_detached),
		cmocka_unit_test(test_listener_and_internal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
