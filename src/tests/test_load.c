/*
 * test_load.c - the loader on the hand-written files in testdata/tiny and
 * on small buffers: every field of struct snapshot it fills, type names
 * mapped by name, field lists in any order, keys in any order, gzip,
 * locations and id order, and the validation errors with their offsets.
 * Expected values are read off the files by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heaptui/load.h"
#include "heaptui/snapshot.h"
#include "heaptui/util.h"

static struct ht_error err;

static void load_ok(struct snapshot *s, const char *path)
{
	snapshot_init(s);
	ht_error_init(&err);
	if (snapshot_load(s, path, NULL, &err) < 0) {
		char buf[1200];
		ht_error_format(&err, buf, sizeof(buf));
		fail_msg("%s", buf);
	}
}

static int load_buf(struct snapshot *s, const char *json)
{
	snapshot_init(s);
	ht_error_init(&err);
	return snapshot_load_buffer(s, "buf.json", json, strlen(json), NULL, &err);
}

static void expect_fail(const char *json, int64_t off, const char *msg)
{
	struct snapshot s;
	assert_int_equal(load_buf(&s, json), -1);
	assert_string_equal(err.where, "buf.json");
	assert_string_equal(err.msg, msg);
	assert_int_equal(err.offset, off);
	/* a failed load leaves the snapshot released */
	assert_null(s.node_type);
	assert_null(s.str_data);
	assert_null(s.path);
	assert_int_equal(s.node_count, 0);
}

static const char *str(const struct snapshot *s, str_ix i)
{
	return snapshot_str(s, i, NULL);
}

/* Edge e as "type name -> target name" checks. */
static void check_edge(const struct snapshot *s, edge_ix e, enum edge_type t, const char *name,
		       uint32_t index, node_ix to)
{
	assert_int_equal(s->edge_type[e], t);
	if (name)
		assert_string_equal(str(s, s->edge_name[e]), name);
	else
		assert_int_equal(s->edge_name[e], index);
	assert_int_equal(s->edge_to[e], to);
}

static void test_all_types(void **state)
{
	(void)state;
	struct snapshot s;
	load_ok(&s, "testdata/tiny/all-types.heapsnapshot");
	assert_string_equal(s.path, "testdata/tiny/all-types.heapsnapshot");
	assert_int_equal(s.file_size, 1923);
	assert_int_equal(s.json_size, 1923);
	assert_int_equal(s.node_count, 20);
	assert_int_equal(s.edge_count, 25);
	assert_int_equal(s.string_count, 35);
	assert_int_equal(s.location_count, 2);
	assert_int_equal(s.sample_count, 0);
	assert_int_equal(s.trace_function_count, 0);
	assert_int_equal(s.root, 0);
	assert_int_equal(s.extra_native_bytes, 0);
	assert_string_equal(s.node_fields,
			    "type,name,id,self_size,edge_count,trace_node_id,detachedness");
	assert_string_equal(s.edge_fields, "type,name_or_index,to_node");
	assert_true(s.has_trace_node_id);
	assert_true(s.has_detachedness);
	assert_int_equal(s.producer, PRODUCER_NODE);
	assert_int_equal(s.analyzed, 0);

	/* one node of every type, in the order the file lists them */
	static const uint8_t types[20] = {
		NODE_SYNTHETIC, NODE_SYNTHETIC, NODE_SYNTHETIC, NODE_OBJECT, NODE_OBJECT,
		NODE_ARRAY, NODE_CODE, NODE_STRING, NODE_NUMBER, NODE_CLOSURE, NODE_HIDDEN,
		NODE_REGEXP, NODE_CONS_STRING, NODE_OBJECT_SHAPE, NODE_SLICED_STRING,
		NODE_SYMBOL, NODE_BIGINT, NODE_NATIVE, NODE_WASM_OBJECT, NODE_SYNTHETIC,
	};
	assert_memory_equal(s.node_type, types, sizeof(types));
	for (node_ix n = 0; n < 20; n++)
		assert_int_equal(s.node_id[n], 1 + 2 * n);
	assert_string_equal(snapshot_node_name(&s, 3), "global");
	assert_string_equal(snapshot_node_name(&s, 5), "(object elements)");
	assert_string_equal(snapshot_node_name(&s, 19), "Node / Environment");
	assert_int_equal(s.node_self[17], 100);
	assert_int_equal(s.node_detachedness[17], 2);
	assert_int_equal(s.node_detachedness[3], 0);

	static const edge_ix first[21] = {0, 3, 4, 6, 12, 14, 16, 17, 17, 17, 19, 21, 21,
					  23, 23, 24, 24, 24, 24, 24, 25};
	assert_memory_equal(s.first_edge, first, sizeof(first));
	check_edge(&s, 0, EDGE_ELEMENT, NULL, 1, 1);
	check_edge(&s, 1, EDGE_SHORTCUT, "global", 0, 3);
	check_edge(&s, 2, EDGE_ELEMENT, NULL, 2, 19);
	check_edge(&s, 5, EDGE_HIDDEN, NULL, 0, 6);
	check_edge(&s, 6, EDGE_PROPERTY, "foo", 0, 4);
	check_edge(&s, 9, EDGE_INTERNAL, "map", 0, 13);
	check_edge(&s, 10, EDGE_WEAK, "x", 0, 14);
	check_edge(&s, 19, EDGE_CONTEXT, "x", 0, 4);
	check_edge(&s, 24, EDGE_ELEMENT, NULL, 1, 17);

	/* locations: object_index 63 is node 9, 28 is node 4; sorted by node */
	assert_int_equal(s.loc_node[0], 4);
	assert_int_equal(s.loc_node[1], 9);
	assert_int_equal(s.loc_script[1], 42);
	assert_int_equal(s.loc_line[1], 10);
	assert_int_equal(s.loc_column[1], 4);
	for (node_ix n = 0; n < 20; n++)
		assert_int_equal(snapshot_node_location(&s, n), n == 9 ? 1 : n == 4 ? 0 : UINT32_MAX);

	/* ids are ascending already */
	snapshot_build_id_order(&s, NULL);
	for (node_ix n = 0; n < 20; n++)
		assert_int_equal(s.id_order[n], n);
	assert_int_equal(snapshot_find_id(&s, 39), 19);
	assert_int_equal(snapshot_find_id(&s, 4), NODE_NONE);
	assert_string_equal(str(&s, 34), "/app/main.js");
	assert_string_equal(str(&s, 0), "");
	snapshot_release(&s);
	assert_null(s.node_type);
}

/* The gzip'd copies (one member, two members) load to the same tables. */
static void test_gzip(void **state)
{
	(void)state;
	struct snapshot a, b, c;
	load_ok(&a, "testdata/tiny/all-types.heapsnapshot");
	load_ok(&b, "testdata/tiny/all-types.heapsnapshot.gz");
	load_ok(&c, "testdata/tiny/two-members.heapsnapshot.gz");
	assert_true(b.file_size < b.json_size);
	assert_int_equal(b.json_size, 1923);
	assert_int_equal(c.json_size, 1923);
	const struct snapshot *o[2] = {&b, &c};
	for (int i = 0; i < 2; i++) {
		assert_int_equal(o[i]->node_count, a.node_count);
		assert_int_equal(o[i]->edge_count, a.edge_count);
		assert_memory_equal(o[i]->node_type, a.node_type, a.node_count);
		assert_memory_equal(o[i]->edge_to, a.edge_to, a.edge_count * 4);
		assert_memory_equal(o[i]->first_edge, a.first_edge, (a.node_count + 1) * 4);
		assert_int_equal(o[i]->str_data_len, a.str_data_len);
		assert_memory_equal(o[i]->str_data, a.str_data, a.str_data_len);
	}
	snapshot_release(&a);
	snapshot_release(&b);
	snapshot_release(&c);
}

static void test_chrome(void **state)
{
	(void)state;
	struct snapshot s;
	load_ok(&s, "testdata/tiny/chrome-dom.heapsnapshot");
	assert_int_equal(s.producer, PRODUCER_CHROME);
	assert_false(s.has_trace_node_id);
	assert_true(s.has_detachedness);
	assert_int_equal(s.node_count, 7);
	assert_int_equal(s.edge_count, 7);
	assert_int_equal(s.location_count, 0);
	assert_int_equal(s.node_detachedness[4], 1);
	assert_int_equal(s.node_detachedness[6], 2);
	check_edge(&s, 0, EDGE_SHORTCUT, "window", 0, 2);
	check_edge(&s, 5, EDGE_INVISIBLE, "x", 0, 5);
	check_edge(&s, 6, EDGE_INTERNAL, "body", 0, 6);
	for (node_ix n = 0; n < 7; n++)
		assert_int_equal(snapshot_node_location(&s, n), UINT32_MAX);
	snapshot_release(&s);
}

/* Field lists in another order, type names in another order, an unknown type. */
static void test_old_style(void **state)
{
	(void)state;
	struct snapshot s;
	load_ok(&s, "testdata/tiny/old-style.heapsnapshot");
	assert_string_equal(s.node_fields, "name,type,id,edge_count,self_size,trace_node_id");
	assert_string_equal(s.edge_fields, "to_node,type,name_or_index");
	assert_false(s.has_detachedness);
	assert_true(s.has_trace_node_id);
	assert_int_equal(s.producer, PRODUCER_NODE);
	static const uint8_t types[4] = {NODE_SYNTHETIC, NODE_OBJECT, NODE_STRING, NODE_OTHER};
	assert_memory_equal(s.node_type, types, 4);
	static const uint32_t self[4] = {0, 40, 20, 8};
	assert_memory_equal(s.node_self, self, sizeof(self));
	static const uint8_t zero[4] = {0};
	assert_memory_equal(s.node_detachedness, zero, 4);
	assert_string_equal(snapshot_node_name(&s, 1), "Foo");
	check_edge(&s, 0, EDGE_ELEMENT, NULL, 1, 1);
	check_edge(&s, 1, EDGE_PROPERTY, "w", 0, 3);
	check_edge(&s, 2, EDGE_PROPERTY, "t", 0, 2);
	static const edge_ix first[5] = {0, 2, 3, 3, 3};
	assert_memory_equal(s.first_edge, first, sizeof(first));
	snapshot_release(&s);
}

/* Keys in any order, unknown keys, and every kind of string escape. */
static void test_weird_strings(void **state)
{
	(void)state;
	struct snapshot s;
	load_ok(&s, "testdata/tiny/weird-strings.heapsnapshot");
	assert_int_equal(s.node_count, 14);
	assert_int_equal(s.edge_count, 13);
	assert_int_equal(s.string_count, 15);
	static const struct {
		const char *s;
		size_t len;
	} want[] = {
		{"", 0},
		{"plain", 5},
		{"esc \" \\ / \b \f \n \r \t", 19},
		{"\xc3\xa9\xe4\xb8\xad", 5},
		{"\xf0\x9f\x98\x80", 4},
		{"lone \xef\xbf\xbd high", 13},
		{"lone \xef\xbf\xbd low", 12},
		{"nul\0byte", 8},
		{"bad \xef\xbf\xbd\xef\xbf\xbd end", 14},
		{"na\xc3\xafve \xe2\x98\x83 \xf0\x9f\x98\x80", 15},
		{"\xef\xbf\xbd\xef\xbf\xbd", 6},
		{"high then high \xef\xbf\xbd\xef\xbf\xbd x", 23},
		{"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 9},
		{"\xf0\x9f\x98\x80", 4},
		{"escape \x1b[31m red", 16},
	};
	for (str_ix i = 0; i < 15; i++) {
		size_t len;
		const char *p = snapshot_str(&s, i, &len);
		assert_int_equal(len, want[i].len);
		assert_memory_equal(p, want[i].s, len);
		assert_int_equal(p[len], '\0');
	}
	assert_int_equal(s.str_off[15], s.str_data_len);
	assert_int_equal(s.location_count, 1);
	assert_int_equal(snapshot_node_location(&s, 1), 0);
	assert_int_equal(s.edge_to[12], 13);
	snapshot_release(&s);
}

#define META                                                                               \
	"{\"node_fields\":[\"type\",\"name\",\"id\",\"self_size\",\"edge_count\"],"       \
	"\"node_types\":[[\"hidden\",\"synthetic\",\"object\"],\"string\",\"number\","    \
	"\"number\",\"number\"],\"edge_fields\":[\"type\",\"name_or_index\",\"to_node\"]," \
	"\"edge_types\":[[\"element\",\"property\",\"weak\"],\"string_or_number\",\"node\"]," \
	"\"location_fields\":[\"object_index\",\"script_id\",\"line\",\"column\"]," \
	"\"sample_fields\":[\"timestamp_us\",\"last_assigned_id\"]}"

/* n isolated nodes with the ids id_of(i), as JSON. Caller frees. */
static char *ids_json(uint32_t n, uint32_t (*id_of)(uint32_t))
{
	size_t cap = 256 + (size_t)n * 32, len = 0;
	char *j = malloc(cap);
	assert_non_null(j);
	len += (size_t)snprintf(j + len, cap - len,
				"{\"snapshot\":{\"meta\":" META ",\"node_count\":%u,"
				"\"edge_count\":0},\"nodes\":[", n);
	for (uint32_t i = 0; i < n; i++)
		len += (size_t)snprintf(j + len, cap - len, "%s%u,0,%u,0,0", i ? "," : "",
					i ? 2 : 1, id_of(i));
	snprintf(j + len, cap - len, "],\"edges\":[],\"strings\":[\"\"]}");
	return j;
}

static uint32_t id_sorted(uint32_t i) { return 2 * i + 1; }
/* 40 ascending runs, with duplicates across runs */
static uint32_t id_few_runs(uint32_t i) { return (i % 250) * 4 + (i / 250) % 3; }
/* a run every 2 nodes, ids above 65535 */
static uint32_t id_scrambled(uint32_t i) { return (i * 2654435761u) % 1000003u + 70000u * (i % 2); }

/* snapshot_build_id_order sorts by id then index, whichever way (merge of
 * runs, radix) it takes, in its own memory or a block handed in. */
static void test_id_order_large(void **state)
{
	(void)state;
	uint32_t (*gens[3])(uint32_t) = {id_sorted, id_few_runs, id_scrambled};
	const uint32_t n = 10000;
	for (int g = 0; g < 3; g++) {
		char *json = ids_json(n, gens[g]);
		struct snapshot s;
		assert_int_equal(load_buf(&s, json), 0);
		snapshot_build_id_order(&s, NULL);
		uint8_t *seen = calloc(n, 1);
		assert_non_null(seen);
		for (uint32_t k = 0; k < n; k++) {
			node_ix o = s.id_order[k];
			assert_true(o < n && !seen[o]);
			seen[o] = 1;
			assert_int_equal(s.node_id[o], gens[g](o));
			if (k) {
				node_ix p = s.id_order[k - 1];
				assert_true(s.node_id[p] < s.node_id[o] ||
					    (s.node_id[p] == s.node_id[o] && p < o));
			}
		}
		/* with duplicate ids, the lowest index */
		uint32_t first = 0;
		while (gens[g](first) != gens[g](4321))
			first++;
		assert_int_equal(snapshot_find_id(&s, gens[g](4321)), first);
		/* the same order in a block handed in (as analyze_run's preorder) */
		node_ix *want = malloc(n * sizeof(*want));
		node_ix *space = malloc((2 * n + 1) * sizeof(*space));
		assert_true(want && space);
		memcpy(want, s.id_order, n * sizeof(*want));
		memset(space, 0xab, (2 * n + 1) * sizeof(*space));
		snapshot_build_id_order(&s, space);
		assert_memory_equal(s.id_order, want, n * sizeof(*want));
		free(want);
		free(seen);
		snapshot_release(&s);
		free(json);
	}
}

/* A chain of n nodes (node i -> i + 1) with ids, sizes and names that vary
 * per node, as JSON with whitespace between the values. Caller frees. */
static char *chain_json(uint32_t n)
{
	size_t cap = 256 + (size_t)n * 64, len = 0;
	char *j = malloc(cap);
	assert_non_null(j);
	len += (size_t)snprintf(j + len, cap - len,
				"{\"snapshot\":{\"meta\":" META ",\"node_count\":%u,"
				"\"edge_count\":%u},\"nodes\":[", n, n - 1);
	for (uint32_t i = 0; i < n; i++)
		len += (size_t)snprintf(j + len, cap - len, "%s%u,%u,%u,%u,%u", i ? ",\n" : "",
					i ? 2 : 1, i % 3, 1000003 * (i + 1) % 999983, i * 7,
					i + 1 < n);
	len += (size_t)snprintf(j + len, cap - len, "],\"edges\":[");
	for (uint32_t i = 0; i + 1 < n; i++)
		len += (size_t)snprintf(j + len, cap - len, "%s%u,%u,%u", i ? ", " : "", i % 2,
					i % 2 ? i % 3 : i, (i + 1) * 5);
	snprintf(j + len, cap - len, "],\"strings\":[\"a\",\"b\",\"c\"]}");
	return j;
}

static struct load_timings split_timings;

static int load_split(struct snapshot *s, const char *json, size_t split_min)
{
	struct load_options opt = {.split_min = split_min, .timings = &split_timings};
	snapshot_init(s);
	ht_error_init(&err);
	return snapshot_load_buffer(s, "buf.json", json, strlen(json), &opt, &err);
}

/* Loading `json` fails with the same message and offset on two threads as
 * on one (left in err). */
static void assert_same_split_error(const char *json)
{
	struct snapshot one, two;
	struct ht_error e1;
	assert_int_equal(load_split(&one, json, SIZE_MAX), -1);
	e1 = err;
	assert_int_equal(load_split(&two, json, 1), -1);
	assert_string_equal(err.msg, e1.msg);
	assert_int_equal(err.offset, e1.offset);
}

static void assert_same_tables(const struct snapshot *one, const struct snapshot *two, uint32_t n)
{
#define SAME(field, count) assert_memory_equal(one->field, two->field, (count) * sizeof(*one->field));
	SAME(node_type, n) SAME(node_name, n) SAME(node_id, n) SAME(node_self, n)
	SAME(first_edge, n + 1) SAME(edge_type, n - 1) SAME(edge_name, n - 1) SAME(edge_to, n - 1)
#undef SAME
	assert_int_equal(two->node_self[n - 1], (n - 1) * 7);
	assert_int_equal(two->edge_to[n - 2], n - 1);
}

/* Arrays scanned by two threads give the tables and errors of one thread,
 * wherever the split falls and wherever the bad value is. */
static void test_split_scan(void **state)
{
	(void)state;
	const uint32_t n = 3000;
	char *json = chain_json(n);
	struct snapshot one, two;
	assert_int_equal(load_split(&one, json, SIZE_MAX), 0);
	assert_int_equal(split_timings.split, 0);
	assert_int_equal(load_split(&two, json, 1), 0);
	assert_int_equal(split_timings.split, 2); /* nodes and edges */
	assert_same_tables(&one, &two, n);
	snapshot_release(&two);
	/* no second thread: the second half runs after the first */
	ht_task_no_threads = 1;
	assert_int_equal(load_split(&two, json, 1), 0);
	ht_task_no_threads = 0;
	assert_int_equal(split_timings.split, 2);
	assert_same_tables(&one, &two, n);
	snapshot_release(&one);
	snapshot_release(&two);

	/* a bad byte (or a doubled comma) before, at and after the middle of
	 * each array: the same message and offset as a one-thread scan */
	const char *nodes = strstr(json, "\"nodes\":[") + 9, *edges = strstr(json, "\"edges\":[") + 9;
	const char *arrays[2] = {nodes, edges};
	for (int a = 0; a < 2; a++) {
		size_t bytes = (size_t)(strchr(arrays[a], ']') - arrays[a]);
		for (size_t k = 1; k < 40; k++) {
			size_t off = (size_t)(arrays[a] - json) + bytes * k / 40;
			for (int kind = 0; kind < 2; kind++) {
				char *bad = strdup(json);
				assert_non_null(bad);
				if (kind == 0) {
					bad[off] = 'x';
				} else {
					char *c = strchr(bad + off, ',');
					c[1] = ',';
				}
				assert_same_split_error(bad);
				free(bad);
			}
		}
	}

	/* bad to_node offsets (not a multiple of the node fields) in one half,
	 * or both: the first one is reported, as by one thread */
	const uint32_t bad_edges[][2] = {{100, 0}, {2500, 0}, {700, 2200}, {1498, 1499}};
	for (size_t k = 0; k < ARRAY_SIZE(bad_edges); k++) {
		char *bad = strdup(json);
		assert_non_null(bad);
		for (int b = 0; b < 2 && bad_edges[k][b]; b++) {
			char pattern[32];
			uint32_t i = bad_edges[k][b];
			snprintf(pattern, sizeof(pattern), ",%u, ", (i + 1) * 5);
			char *at = strstr(strstr(bad, "\"edges\""), pattern);
			assert_non_null(at);
			at[strlen(pattern) - 3] = '1';
		}
		assert_same_split_error(bad);
		assert_non_null(strstr(err.msg, "not a multiple"));
		free(bad);
	}
	free(json);
}

/* Past ARRAY_GUESS_MIN of text the split point is guessed from samples,
 * not found from the array's end: still two threads, the same tables, and
 * a bad value near the middle gives the one-thread error. */
static void test_split_guess(void **state)
{
	(void)state;
	const uint32_t n = 400000; /* a nodes array of about 12 MB */
	char *json = chain_json(n);
	struct snapshot one, two;
	assert_int_equal(load_split(&one, json, SIZE_MAX), 0);
	assert_int_equal(load_split(&two, json, 1), 0);
	assert_int_equal(split_timings.split, 2);
	assert_same_tables(&one, &two, n);
	snapshot_release(&one);
	snapshot_release(&two);

	const char *nodes = strstr(json, "\"nodes\":[") + 9;
	json[(size_t)(nodes - json) + (size_t)(strchr(nodes, ']') - nodes) / 2] = 'x';
	assert_same_split_error(json);
	free(json);
}

/* Unsorted ids (with ids above 65535 and a duplicate), samples, extra bytes. */
static void test_buffer_ids(void **state)
{
	(void)state;
	struct snapshot s;
	const char *json =
		"{\"snapshot\":{\"meta\":" META ",\"node_count\":6,\"edge_count\":0,"
		"\"extra_native_bytes\":123456789012},"
		"\"nodes\":[1,0,500000,0,0, 2,0,7,1,0, 2,0,70000,2,0, 2,0,3,3,0,"
		"2,0,70000,4,0, 2,0,65536,5,0],"
		"\"edges\":[],\"strings\":[\"\"],"
		"\"samples\":[1,2,3,4,5,6,7,8,9,10],"
		"\"locations\":[5,1,2,3, 10,4,5,6, 5,7,8,9]}";
	assert_int_equal(load_buf(&s, json), 0);
	assert_int_equal(s.extra_native_bytes, 123456789012ull);
	assert_int_equal(s.sample_count, 5);
	snapshot_build_id_order(&s, NULL);
	static const node_ix order[6] = {3, 1, 5, 2, 4, 0};
	assert_memory_equal(s.id_order, order, sizeof(order));
	assert_int_equal(snapshot_find_id(&s, 65536), 5);
	assert_int_equal(snapshot_find_id(&s, 500000), 0);
	assert_int_equal(snapshot_find_id(&s, 8), NODE_NONE);
	/* two locations for node 1: the last one wins, as in DevTools' map */
	assert_int_equal(s.location_count, 3);
	assert_int_equal(snapshot_node_location(&s, 1), 1);
	assert_int_equal(s.loc_line[1], 8);
	assert_int_equal(snapshot_node_location(&s, 2), 2);
	assert_int_equal(s.loc_line[2], 5);
	assert_int_equal(snapshot_node_location(&s, 0), UINT32_MAX);
	assert_int_equal(s.producer, PRODUCER_UNKNOWN);
	assert_false(s.has_trace_node_id);
	assert_false(s.has_detachedness);
	assert_string_equal(s.path, "buf.json");
	snapshot_release(&s);
}

/* Sections before the header, trace_tree nesting, unknown keys of every kind. */
static void test_buffer_order(void **state)
{
	(void)state;
	struct snapshot s;
	const char *json =
		" \n{\"strings\":[\"\",\"a\"],\"edges\":[2,1,0],\"x\":{\"y\":[null,true,\"\\u00e9\"]},"
		"\"locations\":[0,1,2,3],\"nodes\":[1,0,1,0,1],"
		"\"trace_tree\":[1,2,3,4,[5,6,7,8,[]]],\"trace_function_infos\":[],"
		"\"snapshot\":{\"node_count\":1,\"edge_count\":1,\"meta\":" META "}} \n";
	assert_int_equal(load_buf(&s, json), 0);
	assert_int_equal(s.node_count, 1);
	assert_int_equal(s.edge_count, 1);
	check_edge(&s, 0, EDGE_WEAK, "a", 0, 0);
	assert_int_equal(snapshot_node_location(&s, 0), 0);
	assert_int_equal(s.loc_column[0], 3);
	snapshot_release(&s);
}

#define GOOD_HEAD "{\"snapshot\":{\"meta\":" META ",\"node_count\":2,\"edge_count\":1},"
/* offset of the first byte after GOOD_HEAD */
#define H ((int64_t)sizeof(GOOD_HEAD) - 1)

static void test_buffer_errors(void **state)
{
	(void)state;
	expect_fail("", 0, "file is empty");
	expect_fail("  ", 2, "unexpected end of input");
	expect_fail("\"x\"", 0, "not a heap snapshot: the top-level value is not an object");
	expect_fail("{}", 0, "not a heap snapshot: no \"snapshot\" section");
	expect_fail("{\"a\":[1,2,{}]}", 0, "not a heap snapshot: no \"snapshot\" section");
	expect_fail("{\"a\":1", 6, "unexpected end of input");
	expect_fail("{\"a\":1 \"b\":2}", 7, "expected ',' or '}'");
	expect_fail("{1:2}", 1, "expected a string key");
	expect_fail("{\"snapshot\":{\"meta\":{}},\"nodes\":[],\"edges\":[],\"strings\":[]}", 12,
		    "snapshot meta has no node_fields");
	/* counts against the input before allocating */
	expect_fail(GOOD_HEAD "\"nodes\":[1,0,1,0,1,2,1,3,8,0],\"edges\":[1,1,5],"
		    "\"strings\":[\"\",\"a\"]} 1", H + 66, "trailing garbage after the snapshot");
	expect_fail(GOOD_HEAD "\"nodes\":[1,0,1,0,1,2,1,3,8,0],\"edges\":[1,1,5],"
		    "\"strings\":[\"\",\"a\"],\"strings\":[]}", H + 65, "duplicate \"strings\" section");
	expect_fail(GOOD_HEAD "\"edges\":[1,1,5],\"nodes\":[1,0,1,0,1,2,1,3,8,0]}", H + 45,
		    "no \"strings\" section");
	expect_fail(GOOD_HEAD "\"nodes\":[1,0,1,0,1,2,1,3,8,0],\"edges\":[1,1,5],"
		    "\"strings\":[\"\"]}", H + 21, "node name 1 is not a string index (1 strings)");
	expect_fail(GOOD_HEAD "\"nodes\":[1,0,1,0,1,2,0,3,8,0],\"edges\":[1,1,5],"
		    "\"strings\":[\"\"]}", H + 41, "edge name 1 is not a string index (1 strings)");
	/* an element edge's name is an index, not a string */
	struct snapshot s;
	assert_int_equal(load_buf(&s, GOOD_HEAD "\"nodes\":[1,0,1,0,1,2,0,3,8,0],"
				  "\"edges\":[0,99,5],\"strings\":[\"\"]}"), 0);
	assert_int_equal(s.edge_name[0], 99);
	snapshot_release(&s);
	/* sections met before the header are checked when parsed later */
	expect_fail("{\"nodes\":[1,0,1,0,1,2,0,3,8,0],\"edges\":[0,0,6],\"strings\":[\"\"],"
		    "\"snapshot\":{\"meta\":" META ",\"node_count\":2,\"edge_count\":1}}", 44,
		    "edge to_node 6 is not a multiple of the 5 node fields");
	expect_fail("{\"nodes\":[1,0,1,0,1,2,0,3,8,0],\"edges\":[0,0,5],\"strings\":[\"\"],"
		    "\"snapshot\":{\"meta\":" META ",\"node_count\":300,\"edge_count\":1}}", 9,
		    "node_count 300 is too large for the 485 bytes left in the input");
	expect_fail(GOOD_HEAD "\"nodes\":[1,0,1,0,1,2,0,3,8,0],\"edges\":[1,1,5],"
		    "\"samples\":[1,2,3],\"strings\":[\"\",\"a\"]}", H + 56,
		    "samples array length 3 is not a multiple of 2 fields");
	expect_fail(GOOD_HEAD "\"nodes\":[1,0,1,0,1,2,0,3,8,0],\"edges\":[1,1,5],"
		    "\"trace_tree\":{},\"strings\":[\"\",\"a\"]}", H + 59,
		    "\"trace_tree\" is not an array");
}

static int stop_at_edges(void *ctx, const char *phase, double done)
{
	(void)done;
	++*(int *)ctx;
	return !strcmp(phase, "edges");
}

static void test_progress_and_open(void **state)
{
	(void)state;
	struct snapshot s;
	int calls = 0;
	struct load_options opt = {.progress = stop_at_edges, .progress_ctx = &calls};
	snapshot_init(&s);
	ht_error_init(&err);
	assert_int_equal(snapshot_load(&s, "testdata/tiny/all-types.heapsnapshot", &opt, &err), -1);
	assert_string_equal(err.msg, "loading interrupted");
	assert_int_equal(calls, 2);
	assert_null(s.node_type);

	ht_error_init(&err);
	assert_int_equal(snapshot_load(&s, "testdata/tiny/no-such-file", NULL, &err), -1);
	assert_string_equal(err.where, "testdata/tiny/no-such-file");
	assert_string_equal(err.msg, "cannot open: No such file or directory");
	assert_int_equal(err.offset, -1);
	ht_error_init(&err);
	assert_int_equal(snapshot_load(&s, "testdata/tiny", NULL, &err), -1);
	assert_string_equal(err.msg, "is a directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_types),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_chrome),
		cmocka_unit_test(test_old_style),
		cmocka_unit_test(test_weird_strings),
		cmocka_unit_test(test_buffer_ids),
		cmocka_unit_test(test_buffer_order),
		cmocka_unit_test(test_buffer_errors),
		cmocka_unit_test(test_split_scan),
		cmocka_unit_test(test_split_guess),
		cmocka_unit_test(test_id_order_large),
		cmocka_unit_test(test_progress_and_open),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
