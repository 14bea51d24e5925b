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
 *         snapshot_class_name(s, row->cls);
 *         instances = summary_instances(&sm, i, &count); }
 *     summary_sort(&sm, &s->classes, SUMMARY_BY_COUNT, 1);  // re-sort
 *     summary_release(&sm);
 * Cost: O(classes) for the snapshot's own classification with no node
 * filter (the figures are analyze_run's s->agg), else O(nodes) time and
 * about 23 bytes per node while building (dominator-tree children and the
 * walk's stacks). The instance lists (4 bytes per counted node) are built
 * on the first summary_instances() call.
 * Thread-safe for distinct outputs; reads the snapshot only.
 */
#ifndef HEAPTUI_SUMMARY_H
#define HEAPTUI_SUMMARY_H

#include <stdint.h>

#include "heaptui/dominators.h"
#include "heaptui/snapshot.h"

/* Which nodes and classes take part; any member may be NULL. */
struct summary_filter {
	/* DevTools' node filter (e.g. "allocated between snapshots", --only):
	 * a node n with node_mask[n] == 0 counts nowhere, also not in class
	 * retained sizes. NULL keeps every node. */
	const uint8_t *node_mask;
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
	node_ix *nodes;            /* instances of every row, grouped by row; NULL until
				      summary_instances() needs them (use that) */
	uint64_t total_count;      /* sums over the rows returned */
	uint64_t total_shallow;
	/* what the instance lists are built from */
	const struct snapshot *s;
	const class_ix *node_class;
	uint32_t nclasses;
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

/* Instances of row i (ordinal order) and their number; the lists of all
 * rows are built on the first call (one pass over the nodes). */
const node_ix *summary_instances(struct summary *sm, uint32_t i, uint32_t *count);

/*
 * DevTools' per-class figures (buildAggregates, calculateClassesRetainedSize)
 * of the nodes with node_self != 0 that `f` keeps (f may be NULL; only
 * node_mask is used), classified by node_class into nc classes. `pre` is
 * the dominator tree's preorder, or NULL to build it here. kept (NULL or
 * [node_count]) gets 1 for each node counted. agg's arrays are allocated
 * here: free them with class_aggregates_release. analyze_run stores the
 * unfiltered result in s->agg; summary_build uses it when it can.
 */
void summary_aggregate(const struct snapshot *s, const class_ix *node_class, uint32_t nc,
		       const struct summary_filter *f, const struct dom_preorder *pre,
		       uint8_t *kept, struct class_aggregates *agg);
void class_aggregates_release(struct class_aggregates *agg);

#endif
