/*
 * test_classes.c - DevTools' class names, interface inference, location
 * keys and node display names on hand-drawn graphs. Expectations follow
 * HeapSnapshot.ts (calculateObjectNames, inferInterfaceDefinitions,
 * applyInterfaceDefinitions, JSHeapSnapshotNode.name) by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "heaptui/analyze.h"
#include "heaptui/classes.h"
#include "heaptui/snapshot.h"
#include "heaptui/text.h"
#include "heaptui/util.h"

#include "graph_fixture.h"

static const char *cls(const struct snapshot *s, node_ix n)
{
	return snapshot_class_name(s, s->node_class[n]);
}

static const char *display(const struct snapshot *s, node_ix n)
{
	static char buf[512];
	classes_node_display(s, n, buf, sizeof(buf));
	return buf;
}

static void test_names_by_type(void **state)
{
	struct snapshot s;
	struct graph g;
	(void)state;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	node_ix n[32];
	int k = 0;
	n[k++] = graph_node(&g, NODE_HIDDEN, "system / Foo", 1);
	n[k++] = graph_node(&g, NODE_CODE, "code", 1);
	n[k++] = graph_node(&g, NODE_CLOSURE, "foo", 1);
	n[k++] = graph_node(&g, NODE_REGEXP, "a+", 1);
	n[k++] = graph_node(&g, NODE_STRING, "hi", 1);
	n[k++] = graph_node(&g, NODE_SLICED_STRING, "sl", 1);
	n[k++] = graph_node(&g, NODE_ARRAY, "", 1);
	n[k++] = graph_node(&g, NODE_ARRAY, "Foo", 1);
	n[k++] = graph_node(&g, NODE_NUMBER, "heap number", 1);
	n[k++] = graph_node(&g, NODE_SYMBOL, "sym", 1);
	n[k++] = graph_node(&g, NODE_BIGINT, "big", 1);
	n[k++] = graph_node(&g, NODE_OBJECT_SHAPE, "shape", 1);
	n[k++] = graph_node(&g, NODE_NATIVE, "<div id=\"a\" class=\"b\">", 1);
	n[k++] = graph_node(&g, NODE_NATIVE, "<br>", 1);
	n[k++] = graph_node(&g, NODE_OBJECT, "Foo", 1);
	n[k++] = graph_node(&g, NODE_OBJECT, "system / Context", 1);
	n[k++] = graph_node(&g, NODE_NATIVE, "Detached <td id=x>", 1);
	for (int i = 0; i < k; i++)
		graph_elem(&g, root, EDGE_ELEMENT, (uint32_t)i, n[i]);
	graph_finish(&g, 0);
	analyze_run(&s, NULL);

	static const char *want[] = {
		"(system)", "(compiled code)", "Function", "RegExp", "(string)",
		"(sliced string)", "(array)", "(array)", "(number)", "(symbol)", "(bigint)",
		"(object shape)", "<div>", "<br>", "Foo", "system / Context", "Detached <td>",
	};
	for (int i = 0; i < k; i++)
		assert_string_equal(cls(&s, n[i]), want[i]);
	assert_string_equal(cls(&s, root), "(synthetic)");
	/* the grid's texts */
	assert_string_equal(display(&s, n[2]), "foo()");
	assert_string_equal(display(&s, n[3]), "/a+/");
	assert_string_equal(display(&s, n[4]), "\"hi\"");
	assert_string_equal(display(&s, n[5]), "sl");
	assert_string_equal(display(&s, n[6]), "(internal array)[]");
	assert_string_equal(display(&s, n[7]), "Foo[]");
	assert_string_equal(display(&s, n[12]), "<div id=\"a\" class=\"b\">");
	assert_int_equal(classes_find(&s.classes, "(array)"), s.node_class[n[6]]);
	assert_int_equal(classes_find(&s.classes, "nope"), UINT32_MAX);
	snapshot_release(&s);
}

static void test_detached_names(void **state)
{
	struct snapshot s;
	struct graph g;
	(void)state;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	node_ix D = graph_node(&g, NODE_NATIVE, "<div id=\"x\">", 1);
	node_ix T = graph_node(&g, NODE_NATIVE, "Text", 1);
	node_ix U = graph_node(&g, NODE_NATIVE, "Text", 1);
	g.det[D] = 2;
	graph_elem(&g, root, EDGE_ELEMENT, 1, D);
	graph_edge(&g, D, EDGE_PROPERTY, "t", T);
	graph_elem(&g, root, EDGE_ELEMENT, 2, U);
	graph_finish(&g, 1);
	analyze_run(&s, NULL);
	assert_string_equal(cls(&s, D), "Detached <div>");
	assert_string_equal(cls(&s, T), "Detached Text");
	assert_string_equal(cls(&s, U), "Text");
	assert_string_equal(display(&s, D), "Detached <div id=\"x\">");
	snapshot_release(&s);
}

/* Plain objects: n objects with the given property names in order. */
static void add_objects(struct graph *g, node_ix root, int n, const char *const *props,
			int nprops)
{
	for (int i = 0; i < n; i++) {
		node_ix o = graph_node(g, NODE_OBJECT, "Object", 8);
		graph_elem(g, root, EDGE_ELEMENT, o, o);
		for (int p = 0; p < nprops; p++)
			graph_edge(g, o, EDGE_PROPERTY, props[p], root);
	}
}

static void test_interfaces(void **state)
{
	struct snapshot s;
	struct graph g;
	(void)state;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	static const char *const ab[] = {"a", "b"};
	static const char *const ba[] = {"b", "a"};
	static const char *const abc[] = {"a", "b", "c"};
	static const char *const abcd[] = {"a", "b", "c", "d"};
	static const char *const xy[] = {"x", "y"};
	static const char *const proto_ab[] = {"__proto__", "a", "b"};
	add_objects(&g, root, 3, ab, 2);       /* nodes 1-3 */
	add_objects(&g, root, 2, ba, 2);       /* 4-5 */
	add_objects(&g, root, 2, abc, 3);      /* 6-7 */
	add_objects(&g, root, 1, abcd, 4);     /* 8 */
	add_objects(&g, root, 1, xy, 2);       /* 9 */
	add_objects(&g, root, 1, proto_ab, 3); /* 10 */
	add_objects(&g, root, 1, NULL, 0);     /* 11 */
	graph_finish(&g, 0);
	analyze_run(&s, NULL);

	/* {a, b} 3 (+1: __proto__ is not part of the name), {b, a} 2, {a, b, c} 2 */
	assert_int_equal(s.ifaces.count, 3);
	assert_string_equal(s.ifaces.text + s.ifaces.off[0], "{a, b}");
	assert_string_equal(s.ifaces.text + s.ifaces.off[1], "{b, a}");
	assert_string_equal(s.ifaces.text + s.ifaces.off[2], "{a, b, c}");
	assert_int_equal(s.ifaces.first_prop[1] - s.ifaces.first_prop[0], 2);
	assert_string_equal(s.ifaces.props + s.ifaces.prop_off[s.ifaces.first_prop[1]], "b");

	assert_string_equal(cls(&s, 1), "{a, b}");
	assert_string_equal(cls(&s, 4), "{a, b}");    /* same set: the first definition wins */
	assert_string_equal(cls(&s, 6), "{a, b, c}");
	assert_string_equal(cls(&s, 8), "{a, b, c}"); /* the largest subset */
	assert_string_equal(cls(&s, 9), "Object");    /* only one {x, y} */
	assert_string_equal(cls(&s, 10), "{a, b}");
	assert_string_equal(cls(&s, 11), "Object");
	assert_string_equal(display(&s, 4), "{b, a}");
	assert_string_equal(display(&s, 11), "{}");
	snapshot_release(&s);
}

/* Another snapshot's definitions name this one's objects (Comparison). */
static void test_foreign_interfaces(void **state)
{
	struct snapshot s1, s2;
	struct graph g;
	static const char *const ab[] = {"a", "b"};
	(void)state;
	graph_init(&g, &s1);
	node_ix r1 = graph_node(&g, NODE_SYNTHETIC, "", 0);
	add_objects(&g, r1, 2, ab, 2);
	graph_finish(&g, 0);
	analyze_run(&s1, NULL);
	graph_init(&g, &s2);
	node_ix r2 = graph_node(&g, NODE_SYNTHETIC, "", 0);
	add_objects(&g, r2, 1, ab, 2);
	graph_finish(&g, 0);
	analyze_run(&s2, NULL);

	assert_string_equal(cls(&s2, 1), "Object");
	class_ix *nc = xmallocarray(s2.node_count, sizeof(*nc));
	struct class_table t;
	classes_assign(&s2, &s1.ifaces, nc, &t);
	assert_string_equal(t.names + t.name_off[nc[1]], "{a, b}");
	free(nc);
	class_table_release(&t);
	snapshot_release(&s1);
	snapshot_release(&s2);
}

static void test_interface_name_limit(void **state)
{
	struct snapshot s;
	struct graph g;
	char names[30][16];
	const char *props[30];
	(void)state;
	for (int i = 0; i < 30; i++) {
		snprintf(names[i], sizeof(names[i]), "p%09d", i);
		props[i] = names[i];
	}
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	add_objects(&g, root, 2, props, 30);
	graph_finish(&g, 0);
	analyze_run(&s, NULL);
	/* "{" + 10 names of 10 characters + 9 ", " = 119, then "}" */
	assert_int_equal(s.ifaces.count, 1);
	assert_int_equal(strlen(s.ifaces.text), 120);
	assert_int_equal(s.ifaces.first_prop[1], 10);
	assert_string_equal(cls(&s, 1), s.ifaces.text);
	snapshot_release(&s);
}

static void test_plain_object_display(void **state)
{
	struct snapshot s;
	struct graph g;
	char names[10][32];
	const char *props[10];
	(void)state;
	for (int i = 0; i < 10; i++) {
		snprintf(names[i], sizeof(names[i]), "abcdefghijklmnopqr%02d", i + 1);
		props[i] = names[i];
	}
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	add_objects(&g, root, 1, props, 10);
	static const char *const quoted[] = {"a,b", "x\"y", "{z}"};
	add_objects(&g, root, 1, quoted, 3);
	graph_finish(&g, 0);
	analyze_run(&s, NULL);
	assert_string_equal(display(&s, 1),
			    "{abcdefghijklmnopqr01, abcdefghijklmnopqr02, \xe2\x80\xa6, "
			    "abcdefghijklmnopqr09, abcdefghijklmnopqr10}");
	assert_string_equal(display(&s, 2), "{\"a,b\", \"x\\\"y\", \"{z}\"}");
	snapshot_release(&s);
}

static void test_format_property_name(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	classes_format_property_name("plain", 5, &sb);
	assert_string_equal(sb.buf, "plain");
	strbuf_reset(&sb);
	classes_format_property_name("it's", 4, &sb);
	assert_string_equal(sb.buf, "\"it's\"");
	strbuf_reset(&sb);
	classes_format_property_name("a,\n\\\x01", 5, &sb);
	assert_string_equal(sb.buf, "\"a,\\n\\\\\\u0001\"");
	strbuf_reset(&sb);
	classes_format_property_name("tab\there", 8, &sb);
	assert_string_equal(sb.buf, "tab\there"); /* nothing that needs quoting */
	strbuf_release(&sb);
}

static void test_js_order(void **state)
{
	const char *emoji = "\xf0\x9f\x98\x80"; /* U+1F600: surrogates D83D DE00 */
	const char *ff21 = "\xef\xbc\xa1";      /* U+FF21 */
	const char *e9 = "\xc3\xa9";            /* U+00E9 */
	(void)state;
	assert_true(classes_strcmp_js("a", 1, "b", 1) < 0);
	assert_true(classes_strcmp_js("ab", 2, "a", 1) > 0);
	assert_true(classes_strcmp_js("", 0, "a", 1) < 0);
	assert_int_equal(classes_strcmp_js("same", 4, "same", 4), 0);
	assert_true(classes_strcmp_js("B", 1, "a", 1) < 0);
	/* UTF-16 order puts U+1F600 before U+FF21 (bytes say the opposite) */
	assert_true(classes_strcmp_js(emoji, 4, ff21, 3) < 0);
	assert_true(classes_strcmp_js(ff21, 3, emoji, 4) > 0);
	assert_true(classes_strcmp_js(e9, 2, emoji, 4) < 0);
	assert_int_equal(classes_js_length(emoji, 4), 2);
	assert_int_equal(classes_js_length(e9, 2), 1);
	assert_int_equal(classes_js_length("abc", 3), 3);
}

/* Same-named objects at different allocation sites are different classes. */
static void test_location_keys(void **state)
{
	struct snapshot s;
	struct graph g;
	(void)state;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	node_ix a = graph_node(&g, NODE_OBJECT, "Item", 1);
	node_ix b = graph_node(&g, NODE_OBJECT, "Item", 1);
	node_ix c = graph_node(&g, NODE_OBJECT, "Item", 1);
	node_ix d = graph_node(&g, NODE_OBJECT, "Item", 1);
	node_ix f1 = graph_node(&g, NODE_CLOSURE, "f", 1);
	node_ix f2 = graph_node(&g, NODE_CLOSURE, "g", 1);
	graph_location(&g, a, 5, 10, 2);
	graph_location(&g, b, 5, 20, 2);
	graph_location(&g, c, 5, 10, 2);
	graph_location(&g, f1, 5, 30, 2);
	for (node_ix i = 1; i <= f2; i++)
		graph_elem(&g, root, EDGE_ELEMENT, i, i);
	graph_finish(&g, 0);
	analyze_run(&s, NULL);
	assert_int_equal(s.node_class[a], s.node_class[c]);
	assert_int_not_equal(s.node_class[a], s.node_class[b]);
	assert_int_not_equal(s.node_class[a], s.node_class[d]);
	assert_int_not_equal(s.node_class[b], s.node_class[d]);
	assert_string_equal(cls(&s, b), "Item");
	assert_int_equal(s.node_class[f1], s.node_class[f2]); /* closures are not split */
	assert_int_not_equal(s.classes.location[s.node_class[a]], UINT32_MAX);
	assert_int_equal(s.classes.location[s.node_class[d]], UINT32_MAX);
	assert_false(classes_same_public_key(&s, &s.classes, s.node_class[a], s.node_class[b]));
	snapshot_release(&s);
}

/* An object named "Function" and the closures: two keys, one public key. */
static void test_public_key_collision(void **state)
{
	struct snapshot s;
	struct graph g;
	(void)state;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	node_ix f = graph_node(&g, NODE_CLOSURE, "f", 1);
	node_ix o = graph_node(&g, NODE_OBJECT, "Function", 1);
	graph_elem(&g, root, EDGE_ELEMENT, 1, f);
	graph_elem(&g, root, EDGE_ELEMENT, 2, o);
	graph_finish(&g, 0);
	analyze_run(&s, NULL);
	assert_int_not_equal(s.node_class[f], s.node_class[o]);
	assert_string_equal(cls(&s, o), "Function");
	assert_true(classes_same_public_key(&s, &s.classes, s.node_class[f], s.node_class[o]));
	snapshot_release(&s);
}

static void test_cons_string(void **state)
{
	struct snapshot s;
	struct graph g;
	(void)state;
	graph_init(&g, &s);
	node_ix root = graph_node(&g, NODE_SYNTHETIC, "", 0);
	node_ix c1 = graph_node(&g, NODE_CONS_STRING, "", 1);
	node_ix c2 = graph_node(&g, NODE_CONS_STRING, "", 1);
	node_ix s1 = graph_node(&g, NODE_STRING, "foo", 1);
	node_ix s2 = graph_node(&g, NODE_STRING, "bar", 1);
	node_ix s3 = graph_node(&g, NODE_STRING, "baz", 1);
	graph_elem(&g, root, EDGE_ELEMENT, 1, c1);
	/* second listed first: the order comes from the names */
	graph_edge(&g, c1, EDGE_INTERNAL, "second", s3);
	graph_edge(&g, c1, EDGE_INTERNAL, "first", c2);
	graph_edge(&g, c2, EDGE_INTERNAL, "first", s1);
	graph_edge(&g, c2, EDGE_INTERNAL, "second", s2);
	graph_finish(&g, 0);
	analyze_run(&s, NULL);
	assert_string_equal(display(&s, c1), "\"foobarbaz\"");
	assert_string_equal(cls(&s, c1), "(concatenated string)");
	char small[5];
	classes_node_display(&s, c1, small, sizeof(small));
	assert_string_equal(small, "\"foo");
	snapshot_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_by_type),
		cmocka_unit_test(test_detached_names),
		cmocka_unit_test(test_interfaces),
		cmocka_unit_test(test_foreign_interfaces),
		cmocka_unit_test(test_interface_name_limit),
		cmocka_unit_test(test_plain_object_display),
		cmocka_unit_test(test_format_property_name),
		cmocka_unit_test(test_js_order),
		cmocka_unit_test(test_location_keys),
		cmocka_unit_test(test_public_key_collision),
		cmocka_unit_test(test_cons_string),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
