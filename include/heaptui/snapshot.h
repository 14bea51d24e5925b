/*
 * snapshot.h - the graph tables of one heap snapshot.
 *
 * Everything is a flat array sized once (struct of arrays, no per-node
 * allocation, no pointers inside the data) so the cache can write the arrays
 * as they are and mmap them back read-only. The loader fills the "file"
 * part; analyze_run() fills the "derived" part. Arrays are owned by the
 * snapshot: either heap blocks (freed by snapshot_release) or views into the
 * cache mapping (unmapped by snapshot_release); `backing` says which.
 *
 * Node and edge type codes are heaptui's own enums below; the loader maps
 * the file's meta.node_types / meta.edge_types names onto them, so a file
 * whose meta orders types differently still loads.
 */
#ifndef HEAPTUI_SNAPSHOT_H
#define HEAPTUI_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t node_ix;   /* node ordinal (index in the node tables) */
typedef uint32_t edge_ix;   /* edge ordinal; files with >= 2^32 edges are refused */
typedef uint32_t str_ix;    /* index into the snapshot's string table */
typedef uint32_t class_ix;  /* index into the class table */

#define NODE_NONE UINT32_MAX /* "no node" (e.g. no dominator yet) */
/* At most this many nodes, so that a node number leaves its top bit free
 * (the dominator pass marks essential retainers with it). */
#define SNAPSHOT_MAX_NODES 0x7fffffffu

/* Node types as V8 names them; NODE_OTHER for names this build does not know. */
#define NODE_TYPES(X)                                                          \
	X(HIDDEN, "hidden") X(ARRAY, "array") X(STRING, "string")               \
	X(OBJECT, "object") X(CODE, "code") X(CLOSURE, "closure")               \
	X(REGEXP, "regexp") X(NUMBER, "number") X(NATIVE, "native")             \
	X(SYNTHETIC, "synthetic") X(CONS_STRING, "concatenated string")         \
	X(SLICED_STRING, "sliced string") X(SYMBOL, "symbol")                   \
	X(BIGINT, "bigint") X(OBJECT_SHAPE, "object shape")                     \
	X(WASM_OBJECT, "wasm object") X(OTHER, "other")

enum node_type {
#define X(id, name) NODE_##id,
	NODE_TYPES(X)
#undef X
	NODE_TYPE_COUNT
};

/* Edge types; "invisible" appears in older Chrome files. */
#define EDGE_TYPES(X)                                                          \
	X(CONTEXT, "context") X(ELEMENT, "element") X(PROPERTY, "property")     \
	X(INTERNAL, "internal") X(HIDDEN, "hidden") X(SHORTCUT, "shortcut")     \
	X(WEAK, "weak") X(INVISIBLE, "invisible") X(OTHER, "other")

enum edge_type {
#define X(id, name) EDGE_##id,
	EDGE_TYPES(X)
#undef X
	EDGE_TYPE_COUNT
};

const char *node_type_name(enum node_type t);
const char *edge_type_name(enum edge_type t);

/* Element and hidden edges carry an index in edge_name, others a string. */
static inline int edge_type_has_index(uint8_t t)
{
	return t == EDGE_ELEMENT || t == EDGE_HIDDEN;
}

/*
 * Per-node flags (derived): those of DevTools' JSHeapSnapshot.nodeFlags that
 * a pane or a figure needs. DevTools' canBeQueried serves its console only
 * and is not computed.
 */
enum {
	NODE_FLAG_DETACHED_DOM   = 1 << 0, /* DevTools: detachedDOMTreeNode */
	NODE_FLAG_PAGE_OBJECT    = 1 << 1, /* DevTools: pageObject (page-owned) */
};

/* Which producer wrote the file, guessed from meta and root edges. */
enum snapshot_producer {
	PRODUCER_UNKNOWN,
	PRODUCER_NODE,   /* Node.js, Deno, Electron main: has trace_node_id, (GC roots) + global */
	PRODUCER_CHROME, /* Chrome/Electron renderer: Window objects, DOM */
};

/* The class table: one row per Summary class key (DevTools' aggregate key). */
struct class_table {
	uint32_t count;       /* number of classes */
	char *names;          /* all class names, NUL-terminated, back to back */
	uint64_t names_len;   /* bytes in names */
	uint64_t *name_off;   /* [count] offset of class i's display name in names */
	uint32_t *location;   /* [count] location index of the key, UINT32_MAX if none */
};

/*
 * The Summary's figures per class over all nodes, no filter (DevTools'
 * buildAggregates and calculateClassesRetainedSize), computed once by
 * analyze_run() so that a warm open shows the Summary from [classes.count]
 * rows instead of a pass over every node and the dominator tree.
 */
struct class_aggregates {
	uint32_t *count;      /* [classes.count] instances: nodes with node_self != 0 */
	uint32_t *distance;   /* [classes.count] smallest instance distance */
	uint64_t *shallow;    /* [classes.count] sum of node_self */
	uint64_t *retained;   /* [classes.count] DevTools' class retained size */
	node_ix *first;       /* [classes.count] ordinal of the first instance */
};

/*
 * Interface definitions inferred from one snapshot: an ordered list of
 * property-name sets ("{a, b}"), best first, as DevTools keeps them.
 * Stored flat so the cache can hold them. Owned by the struct.
 */
struct iface_defs {
	uint32_t count;        /* number of definitions */
	char *text;            /* each definition's name ("{a, b}") NUL-terminated, back to back */
	uint64_t text_len;
	uint64_t *off;         /* [count] offset of definition i in text */
	/* per definition, its property names (as in the snapshot's strings) */
	uint64_t *first_prop;  /* [count + 1] index into props */
	char *props;           /* property names NUL-terminated, back to back */
	uint64_t props_len;
	uint64_t *prop_off;    /* [first_prop[count]] offset of each property in props */
};

struct snapshot {
	char *path;                /* file name as given (owned) */
	uint64_t file_size;        /* bytes on disk (compressed size for .gz) */
	uint64_t json_size;        /* bytes of JSON read (after gunzip) */
	enum snapshot_producer producer;

	/* ---- from the file ------------------------------------------------ */
	uint32_t node_count;
	uint32_t edge_count;       /* edges; first_edge[node_count] == edge_count */
	uint32_t string_count;
	uint32_t location_count;
	uint32_t sample_count;
	uint32_t trace_function_count;
	uint32_t root;             /* node index of the root (always 0 in V8 files) */
	uint64_t extra_native_bytes; /* snapshot.extra_native_bytes, 0 if absent */

	/* Field lists as the file's meta gave them (for --print info). */
	char *node_fields;         /* "type,name,id,..." (owned) */
	char *edge_fields;         /* "type,name_or_index,to_node" (owned) */
	int has_trace_node_id;     /* meta.node_fields has trace_node_id */
	int has_detachedness;      /* meta.node_fields has detachedness */

	/* nodes [node_count] */
	uint8_t *node_type;        /* enum node_type */
	str_ix *node_name;
	uint32_t *node_id;         /* V8's object id, as written */
	uint32_t *node_self;       /* self size as V8 wrote it, until analyze_run moves
				      owned hidden/array sizes into their owner (DevTools'
				      shallow-size reassignment, done in place as DevTools does) */
	edge_ix *first_edge;       /* [node_count + 1] */
	uint8_t *node_detachedness;/* 0 unknown, 1 attached, 2 detached (after analysis) */

	/* edges [edge_count], in file order, grouped by source node */
	uint8_t *edge_type;        /* enum edge_type */
	uint32_t *edge_name;       /* string index, or element/hidden index */
	node_ix *edge_to;          /* target node index (not the file's offset) */

	/* strings: decoded UTF-8 (invalid input already replaced by U+FFFD),
	 * each NUL-terminated in str_data; may contain embedded NULs, so use
	 * the offsets for the length. */
	char *str_data;
	uint64_t str_data_len;
	uint64_t *str_off;         /* [string_count + 1]; length i = off[i+1]-off[i]-1 */

	/* locations [location_count]: where an object was allocated/defined,
	 * sorted by node (stably, so a node's last location in the file, the
	 * one DevTools keeps, is the last of its run): see
	 * snapshot_node_location */
	node_ix *loc_node;         /* node index (the file's object_index / node fields) */
	uint32_t *loc_script;      /* script id */
	uint32_t *loc_line;        /* 0-based */
	uint32_t *loc_column;      /* 0-based */

	/* ---- derived by analyze_run() ------------------------------------- */
	int analyzed;
	node_ix *id_order;         /* [node_count] node indices sorted by id (snapshot_build_id_order) */
	uint8_t *node_flags;       /* NODE_FLAG_* */
	uint32_t *node_distance;   /* DevTools distance; >= DISTANCE_SYSTEM is '-' */
	node_ix *node_dominator;   /* immediate dominator; the root's is itself */
	uint64_t *node_retained;   /* retained size */
	class_ix *node_class;      /* Summary class key */
	struct class_table classes;
	struct class_aggregates agg; /* the unfiltered Summary's figures per class */
	struct iface_defs ifaces;  /* interface definitions inferred from this snapshot */

	/* retainers (CSR): the retainers of node n are the slots
	 * first_retainer[n] .. first_retainer[n+1]-1, in the order DevTools
	 * builds them (highest source ordinal and last edge first). Only the
	 * source is stored; a slot's edge is found by retainer_iter, which
	 * saves 4 bytes per edge. */
	edge_ix *first_retainer;   /* [node_count + 1] */
	node_ix *retaining_node;   /* [edge_count] source node of each slot */

	/* ---- storage ------------------------------------------------------ */
	void *mapping;             /* cache mapping when loaded from cache, else NULL */
	size_t mapping_size;
};

/*
 * Every array the snapshot owns, with its element count, so that release,
 * the cache writer and the cache reader walk one list. A field added to
 * struct snapshot that holds an array must be added here too.
 * X(field, count) - `s` is the struct snapshot pointer in scope.
 */
#define SNAPSHOT_ARRAYS(X)                                                      \
	X(node_type, s->node_count)                                             \
	X(node_name, s->node_count)                                             \
	X(node_id, s->node_count)                                               \
	X(node_self, s->node_count)                                             \
	X(first_edge, (uint64_t)s->node_count + 1)                              \
	X(node_detachedness, s->node_count)                                     \
	X(edge_type, s->edge_count)                                             \
	X(edge_name, s->edge_count)                                             \
	X(edge_to, s->edge_count)                                               \
	X(str_data, s->str_data_len)                                            \
	X(str_off, (uint64_t)s->string_count + 1)                               \
	X(loc_node, s->location_count)                                          \
	X(loc_script, s->location_count)                                        \
	X(loc_line, s->location_count)                                          \
	X(loc_column, s->location_count)                                        \
	X(id_order, s->analyzed ? s->node_count : 0)                            \
	X(node_flags, s->analyzed ? s->node_count : 0)                          \
	X(node_distance, s->analyzed ? s->node_count : 0)                       \
	X(node_dominator, s->analyzed ? s->node_count : 0)                      \
	X(node_retained, s->analyzed ? s->node_count : 0)                       \
	X(node_class, s->analyzed ? s->node_count : 0)                          \
	X(classes.names, s->classes.names_len)                                  \
	X(classes.name_off, s->classes.count)                                   \
	X(classes.location, s->classes.count)                                   \
	X(agg.count, s->agg.count ? s->classes.count : 0)                       \
	X(agg.distance, s->agg.count ? s->classes.count : 0)                    \
	X(agg.shallow, s->agg.count ? s->classes.count : 0)                     \
	X(agg.retained, s->agg.count ? s->classes.count : 0)                    \
	X(agg.first, s->agg.count ? s->classes.count : 0)                       \
	X(ifaces.text, s->ifaces.text_len)                                      \
	X(ifaces.off, s->ifaces.count)                                          \
	X(ifaces.first_prop, s->ifaces.first_prop ? (uint64_t)s->ifaces.count + 1 : 0) \
	X(ifaces.props, s->ifaces.props_len)                                    \
	X(ifaces.prop_off, s->ifaces.first_prop ? s->ifaces.first_prop[s->ifaces.count] : 0) \
	X(first_retainer, s->first_retainer ? (uint64_t)s->node_count + 1 : 0)  \
	X(retaining_node, s->first_retainer ? s->edge_count : 0)

/*
 * Every integer scalar of struct snapshot (enums and flags included, at
 * most 64 bits each), so the cache stores them all and a warm open gets
 * the same struct as a cold one. Not listed: path (set by whoever opens),
 * node_fields/edge_fields (the cache stores them as strings) and the
 * storage fields. A scalar field added to struct snapshot must be added
 * here too, or the cache drops it (test_cache checks the struct's size).
 * X(field) - `s` is the struct snapshot pointer in scope.
 */
#define SNAPSHOT_SCALARS(X)                                                     \
	X(file_size) X(json_size) X(producer)                                   \
	X(node_count) X(edge_count) X(string_count) X(location_count)           \
	X(sample_count) X(trace_function_count) X(root) X(extra_native_bytes)   \
	X(has_trace_node_id) X(has_detachedness) X(str_data_len) X(analyzed)    \
	X(classes.count) X(classes.names_len)                                   \
	X(ifaces.count) X(ifaces.text_len) X(ifaces.props_len)

/* DevTools' distance constants. */
#define DISTANCE_SYSTEM 100000000u      /* base distance of system-only nodes */
#define DISTANCE_NONE   0xffffffffu     /* unreachable ("no distance") */

void snapshot_init(struct snapshot *s);
/* Free everything the snapshot owns (heap arrays or the cache mapping). */
void snapshot_release(struct snapshot *s);

/* String i as a pointer into str_data and its length (may hold NULs). */
static inline const char *snapshot_str(const struct snapshot *s, str_ix i, size_t *len)
{
	if (len)
		*len = (size_t)(s->str_off[i + 1] - s->str_off[i] - 1);
	return s->str_data + s->str_off[i];
}

/* The node's name string. */
static inline const char *snapshot_node_name(const struct snapshot *s, node_ix n)
{
	return s->str_data + s->str_off[s->node_name[n]];
}

/* The class's display name. */
static inline const char *snapshot_class_name(const struct snapshot *s, class_ix c)
{
	return s->classes.names + s->classes.name_off[c];
}

/*
 * A walk over the retainers of one node, each with its edge. A source with
 * several edges to the node fills consecutive slots, its last edge first,
 * so each slot's edge is found by walking the source's edges backwards from
 * where the previous slot's was: a whole walk costs O(retainers + the
 * out-degrees of the distinct sources).
 *
 *     struct retainer_iter it;
 *     for (retainer_iter_init(&it, s, n, 0); retainer_iter_next(&it);)
 *             use(it.node, it.edge, it.slot);
 */
struct retainer_iter {
	const struct snapshot *s;
	node_ix target;       /* the node whose retainers are walked */
	edge_ix next, end;    /* next slot to yield, end of the node's slots */
	node_ix node;         /* the current retainer (after _next returns 1) */
	edge_ix edge;         /* its edge (edge_to[edge] == target) */
	edge_ix slot;         /* its slot in retaining_node */
};

/* Start at the node's `skip`-th retainer (0 = the first). */
void retainer_iter_init(struct retainer_iter *it, const struct snapshot *s, node_ix target,
			edge_ix skip);
/* Advance; returns 0 when the node has no more retainers. */
int retainer_iter_next(struct retainer_iter *it);

/* The location of node n (an index into the loc_* arrays), or UINT32_MAX.
 * O(log location_count). */
uint32_t snapshot_node_location(const struct snapshot *s, node_ix n);

/* Fill id_order (analyze_run does; replaces any). O(n) for V8's nearly
 * sorted ids, radix otherwise. `space`: NULL, or a malloc'd block of at
 * least 2 * node_count + 1 entries that id_order takes over. */
void snapshot_build_id_order(struct snapshot *s, node_ix *space);

/* Node index of the node with V8 id `id`, or NODE_NONE. O(log n) on id_order. */
node_ix snapshot_find_id(const struct snapshot *s, uint32_t id);

#endif
