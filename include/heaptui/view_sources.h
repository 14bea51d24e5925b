/*
 * view_sources.h - the panes' data sources for the tree widget (view.h)
 * and the state they share. One file per view: view_summary.c,
 * view_compare.c, view_contain.c, view_retainers.c, view_stats.c; the
 * graph rows every view shows (objects, edges) are in view_graph.c.
 */
#ifndef HEAPTUI_VIEW_SOURCES_H
#define HEAPTUI_VIEW_SOURCES_H

#include <stddef.h>
#include <stdint.h>

#include "heaptui/diff.h"
#include "heaptui/only.h"
#include "heaptui/paths.h"
#include "heaptui/snapshot.h"
#include "heaptui/summary.h"
#include "heaptui/view.h"

/* Row kinds (view_item.kind). */
enum view_kind {
	VK_CLASS,     /* Summary class: a = summary row, tag = class, snap */
	VK_NODE,      /* an object: node, snap */
	VK_EDGE,      /* an outgoing edge: a = edge, node = its target, snap */
	VK_DCLASS,    /* Comparison class: a = diff row */
	VK_NEW,       /* Comparison new object: node in the target */
	VK_DELETED,   /* Comparison deleted object: node in the base */
	VK_RETAINER,  /* a retainer: a = retaining edge, node = retainer, snap */
	VK_DTREE,     /* Summary, detached DOM trees: a = tree, node = its root, snap */
};

/* tui_data.only when the Summary shows all objects (no named filter). */
#define TUI_ONLY_ALL (-1)

/* What every source reads: the snapshots and the derived tables. */
struct tui_data {
	struct snapshot **snaps;   /* all files, command-line order */
	size_t nsnaps;
	size_t cur;                /* file the Summary/Containment/Statistics show */
	size_t base, target;       /* Comparison */

	/* Summary of snaps[cur] */
	int only;                  /* named filter (only.h, the `o` menu), or TUI_ONLY_ALL */
	size_t sum_for;            /* which file `sm` describes, SIZE_MAX if none */
	int sum_only;              /* which named filter `sm`/`trees` were built for */
	struct summary sm;         /* its Summary (summary.h) of the nodes `only` keeps */
	struct only_tree *trees;   /* only == ONLY_DETACHED: its detached DOM trees */
	uint32_t ntrees;           /* (then `sm` is empty) */
	uint64_t total_size;       /* root's retained size (DevTools' total) */

	/* Comparison of base -> target */
	int diff_ready;
	size_t diff_base, diff_target;
	struct diff diff;

	/* Retainers: one paths view per file (ignore sets are per file) */
	struct paths_view *pv;     /* [nsnaps] */
	size_t ret_snap;           /* file of the inspected node */
	node_ix ret_node;          /* inspected node, NODE_NONE if none */
};

void tui_data_init(struct tui_data *d, struct snapshot **snaps, size_t nsnaps);
void tui_data_release(struct tui_data *d);
/*
 * Build the Summary of snaps[d->cur] with the named filter d->only if not
 * yet: the class rows of the nodes only_mask() keeps, as `--print summary
 * --only`, or for ONLY_DETACHED the trees of only_detached_trees().
 * O(nodes + edges) per change of file or filter.
 */
void tui_data_summary(struct tui_data *d);
/* Build the Comparison of base -> target if not yet (needs 2 files). */
void tui_data_diff(struct tui_data *d);
/* What the UI computes in its first idle moment, so that the first switch
 * to another view answers at once: the Comparison (0.3 s for a 1 GB pair). */
void tui_data_prepare(struct tui_data *d);

extern const struct view_source view_summary_source;
extern const struct view_source view_compare_source;
extern const struct view_source view_contain_source;
extern const struct view_source view_retainers_source;

/* ---- view_graph.c: objects and edges, shared by every tree ----------- */

/* Append the outgoing edges of item->node (as VK_EDGE items). */
void view_graph_edges(struct tui_data *d, const struct view_item *it, struct view_items *out);
/* Whether a node has children worth expanding (any edge). */
int view_graph_has_edges(const struct snapshot *s, node_ix n);
/* Cells of object rows (VK_NODE/VK_NEW/VK_DELETED) and VK_EDGE rows:
 * col 0 name, then distance, shallow size, retained size. */
void view_graph_cell(struct tui_data *d, const struct view_item *it, size_t col,
		     struct view_cell *c);
/* Order by name (col 0), distance (1), shallow (2), retained (3). */
int view_graph_compare(struct tui_data *d, const struct view_item *a,
		       const struct view_item *b, size_t col);
/* The raw text matched by filters: edge name and node name. */
void view_graph_text(struct tui_data *d, const struct view_item *it, struct strbuf *sb);
/* Node name as the grid shows it ("someMethod()", "\"str\"", "{a, b}"). */
void view_graph_node_name(const struct snapshot *s, node_ix n, struct strbuf *sb);
/* Theme role of a node's name by its type, of an edge by its type. */
int view_graph_node_role(const struct snapshot *s, node_ix n);
int view_graph_edge_role(const struct snapshot *s, edge_ix e);
/* A size with its percentage of the total: "1.2 kB  3 %". */
void view_graph_size(struct view_cell *c, uint64_t v, uint64_t total);
/* Sort keys (view_source.child_keys) of object rows of `kind`, nodes of s, in
 * view_graph_compare's columns. O(n). */
int view_graph_node_keys(const struct snapshot *s, uint8_t kind, size_t col, const node_ix *nodes,
			 size_t n, uint64_t *keys);

/* ---- view_stats.c: the Statistics view (bars, not a tree) ------------- */
void view_stats_draw(struct tui_data *d, int y, int x, int h, int w);

#endif
