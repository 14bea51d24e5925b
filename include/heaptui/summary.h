/*
 * summary.h - DevTools' Summary view as a query: one row per class key
 * with # objects, distance, shallow size and retained size
 * (HeapSnapshot.buildAggregates and calculateClassesRetainedSize), and the
 * instances of each class.
 *
 * Exactly DevTools' rules:
 *   - nodes whose self size after shallow-size reassignment (node_self) is
 *     0 are left out, as are nodes the node filter rejects;
 *   - distance is the smallest instance distance; an unreached instance
 *     (DevTools' -5) makes it DISTANCE_NONE (shown "-");
 *   - retained size sums the retained sizes of the instances that have no
 *     dominator (on their dominator-tree path) of the same class key that
 *     is itself counted;
 *   - two internal class keys with one public key (rare, see classes.h):
 *     only the one DevTools keeps is returned.
 * Rows are sorted as the Summary grid sorts them by default: retained size
 * descending, then name in JavaScript string order, then DevTools' own
 * insertion order (first instance's ordinal).
 *
 * Use from the TUI:
 *     struct summary sm;
 *     summary_build(s, s->node_class, &s->classes, NULL, &sm);
 *     for (i = 0; i < sm.count; i++) { row = &sm.rows[i]; name =
 *         snapshot_class_name(s, row->cls); instances = sm.nodes + row->first; }
 *     summary_sort(&sm, s, &s->classes, SUMMARY_BY_COUNT, 1);  // re-sort
 *     summary_release(&sm);
 * Cost: O(nodes) time; the result holds 4 bytes per counted node (the
 * instance lists) and 32 bytes per class; about 22 bytes per node are
 * used while building (dominator-tree children and the walk's stacks).
 * Thread-safe for distinct outputs; reads the snapshot only.
 */
#ifndef HEAPTUI_SUMMARY_H
#define HEAPTUI_SUMMARY_H

#include <stdint.h>

#include "heaptui/snapshot.h"

/* Which nodes and classes take part; any member may be NULL. */
struct summary_filter {
	/* DevTools' node filter (e.g. "allocated between snapshots"): a node
	 * rejected here counts nowhere, also not in class retained sizes. */
	int (*keep_node)(void *ctx, node_ix n);
	/* Rows to return (e.g. --filter REGEX on the class name); does not
	 * change the figures of the rows kept. */
	int (*keep_class)(void *ctx, class_ix c);
	void *ctx;
};

struct summary_row {
	class_ix cls;         /* class in the table given to summary_build */
	uint32_t count;       /* # objects */
	uint32_t distance;    /* min distance; >= DISTANCE_SYSTEM shows as "-" */
	uint64_t shallow;     /* sum of node_self of the instances */
	uint64_t retained;    /* DevTools' class retained size */
	uint32_t first;       /* instances: nodes[first .. first + count), ordinal order */
	node_ix order;        /* DevTools' insertion order (ordinal of its first instance) */
};

struct summary {
	uint32_t count;            /* rows */
	struct summary_row *rows;  /* [count] */
	node_ix *nodes;            /* instances of every row, grouped by row */
	uint64_t total_count;      /* sums over the rows returned */
	uint64_t total_shallow;
};

enum summary_sort_key {
	SUMMARY_BY_RETAINED, /* the default */
	SUMMARY_BY_SHALLOW,
	SUMMARY_BY_COUNT,
	SUMMARY_BY_DISTANCE,
	SUMMARY_BY_NAME,
};

void summary_init(struct summary *sm);
void summary_release(struct summary *sm);

/*
 * Build the Summary of analyzed snapshot `s` classified as node_class/t
 * (normally s->node_class and &s->classes; Comparison may pass another
 * classification of the same snapshot). `f` may be NULL. `out` is
 * initialised here.
 */
void summary_build(const struct snapshot *s, const class_ix *node_class,
		   const struct class_table *t, const struct summary_filter *f,
		   struct summary *out);

/*
 * Re-sort rows: by `key` (descending when `descending`), ties by name
 * ascending then DevTools' insertion order, like the grid's comparators.
 */
void summary_sort(struct summary *sm, const struct class_table *t, enum summary_sort_key key,
		  int descending);

/* Instances of row i (ordinal order) and their number. */
static inline const node_ix *summary_instances(const struct summary *sm, uint32_t i,
					       uint32_t *count)
{
	*count = sm->rows[i].count;
	return sm->nodes + sm->rows[i].first;
}

#endif
