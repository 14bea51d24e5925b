/*
 * diff.h - DevTools' Comparison view: what a target snapshot has that a
 * base snapshot had not, per class.
 *
 * Exactly DevTools' calculateSnapshotDiff/calculateDiffForClass over
 * aggregatesForDiff:
 *   - the base is classified with the TARGET's interface definitions, so
 *     "{longStr, someMethod}" means the same thing on both sides;
 *   - only nodes whose (reassigned) self size is non-zero take part, and the
 *     sizes summed are those reassigned sizes (node_self);
 *   - classes are joined by DevTools' class key: ",NAME", or
 *     "SCRIPT,LINE,COLUMN,NAME" for located objects;
 *   - per class, the base's and the target's nodes are merge-joined in
 *     ascending id order: an id only in the base is deleted, only in the
 *     target is new. An object whose class changed is deleted from one
 *     class and new in the other;
 *   - classes with neither new nor deleted objects are dropped.
 *
 * Rows come sorted as the Comparison grid shows them by default: alloc size
 * descending, then name (JavaScript string order), then DevTools' own
 * insertion order (base classes by first node, then target-only classes).
 *
 * Also here: DevTools' "Objects allocated between Snapshot I and J" node
 * filter (diff_between), used by the Summary report's --between.
 */
#ifndef HEAPTUI_DIFF_H
#define HEAPTUI_DIFF_H

#include <stdint.h>

#include "heaptui/snapshot.h"

#define CLASS_NONE UINT32_MAX /* "no such class on this side" */

/*
 * One side of a comparison: a snapshot and one classification of its nodes.
 * diff_compute() builds both sides itself; tests and trend.c build them by
 * hand. Nothing here is owned.
 */
struct diff_side {
	const struct snapshot *s;          /* node ids, id_order, locations */
	const class_ix *node_class;        /* [node_count] class of each node */
	const struct class_table *classes; /* names and key locations of those classes */
	const uint32_t *self;              /* [node_count] sizes counted; 0 = left out */
};

/* One Comparison row (one class key). */
struct diff_row {
	const char *name;        /* display name, owned by a class table the diff refers to */
	class_ix base_class;     /* class in the base classification, CLASS_NONE if absent */
	class_ix target_class;   /* class in the target's table, CLASS_NONE if absent */
	uint32_t new_count;      /* # New: ids only in the target */
	uint32_t deleted_count;  /* # Deleted: ids only in the base */
	uint64_t alloc_size;     /* Alloc. Size: self sizes of the new objects */
	uint64_t freed_size;     /* Freed Size: self sizes of the deleted objects */
	uint32_t first_new;      /* new objects: new_nodes[first_new .. first_new + new_count) */
	uint32_t first_deleted;  /* deleted: deleted_nodes[first_deleted .. + deleted_count) */
};

static inline int64_t diff_row_count_delta(const struct diff_row *r)
{
	return (int64_t)r->new_count - (int64_t)r->deleted_count;
}

static inline int64_t diff_row_size_delta(const struct diff_row *r)
{
	return (int64_t)r->alloc_size - (int64_t)r->freed_size;
}

struct diff {
	uint32_t count;              /* rows */
	struct diff_row *rows;       /* [count], in the grid's default order */
	node_ix *new_nodes;          /* target node indices, per row in ascending id order */
	node_ix *deleted_nodes;      /* base node indices, per row in ascending id order */
	uint64_t total_new;          /* sums over all rows */
	uint64_t total_deleted;
	uint64_t total_alloc;
	uint64_t total_freed;
	/* The base classified with the target's interface definitions (owned;
	 * empty when the caller supplied the sides itself). Row names of
	 * base-only classes point into it. */
	struct class_table base_classes;
};

void diff_init(struct diff *d);
void diff_release(struct diff *d);

/*
 * DevTools' Comparison of `target` against `base` (both analyzed). Cost:
 * one classification of the base (4 bytes per base node, freed before
 * returning), two per-class node lists (4 bytes per node of each side,
 * transient) and the result (4 bytes per new or deleted object).
 */
void diff_compute(struct diff *d, const struct snapshot *base, const struct snapshot *target);

/* The same over sides the caller classified (the core of diff_compute). */
void diff_compute_sides(struct diff *d, const struct diff_side *base,
			const struct diff_side *target);

/*
 * DevTools' class key of class c on a side ("S,L,C,NAME" or ",NAME") into
 * buf (cropped, always NUL-terminated). For display and debugging.
 */
void diff_class_key(const struct snapshot *s, const struct class_table *t, class_ix c,
		    char *buf, size_t size);

/* The largest odd ("JS object") id of the snapshot: DevTools' maxJSObjectId. */
uint32_t diff_max_js_id(const struct snapshot *s);

/*
 * "Objects allocated between snapshot `from` and snapshot `to`": the nodes of
 * `to` whose id is above from's largest JS object id and at most to's own
 * (DevTools' node id range filter, minNodeId < id <= maxNodeId) and that
 * are not in `from` at all (which only matters for native objects, whose
 * even ids V8 numbers separately). Sets mask[n] to 1 for those nodes of
 * `to` and 0 for the others; mask has to->node_count bytes. Returns the
 * number of nodes selected. O(nodes of `to` x log nodes of `from`).
 */
uint32_t diff_between(const struct snapshot *from, const struct snapshot *to, uint8_t *mask);

/* Compare two UTF-8 strings in JavaScript's order (UTF-16 code units), as the grids sort. */
int diff_js_strcmp(const char *a, const char *b);

#endif
