/*
 * paths.h - DevTools' Retainers view: the retaining edges of a node in the
 * grid's order, the chain the grid opens by itself (the path to the GC
 * roots), and "Ignore this retainer".
 *
 * References in HeapSnapshot.ts: JSHeapSnapshot.retainingEdgesFilter (no
 * invisible, no weak, nothing from the root), HeapSnapshotEdgesProvider.sort
 * with the Retainers grid's default comparator ('!edgeDistance' ascending,
 * then the retainer node's name() (classes_node_name) ascending, then retainer order),
 * getDistanceForRetainersView, ignoreNodeInRetainersView and
 * #updateIgnoredEdgesInRetainersView; HeapSnapshotRetainingObjectNode.
 * expandRetainersChain in panels/profiler/HeapSnapshotGridNodes.ts.
 *
 * Needs an analyzed snapshot (node_distance and the retainer CSR).
 * Nothing here recurses over graph depth; memory is O(node_count) bits for
 * the path and O(node_count) words only while nodes are ignored.
 */
#ifndef HEAPTUI_PATHS_H
#define HEAPTUI_PATHS_H

#include <stddef.h>
#include <stdint.h>

#include "heaptui/snapshot.h"
#include "heaptui/text.h"

/* DevTools' baseUnreachableDistance: retainers not reachable in the view. */
#define PATHS_UNREACHABLE (2u * DISTANCE_SYSTEM)

/* One row of the Retainers view: `node` holds the inspected node by `edge`. */
struct retainer {
	edge_ix edge;       /* the retaining edge (its source is `node`) */
	node_ix node;       /* the retainer */
	uint32_t distance;  /* the retainer's distance as the view sorts it (!edgeDistance) */
	uint32_t pos;       /* position among the node's retainers (CSR order), last sort key */
	uint8_t ignored;    /* the retainer is in the ignore set ("ignored" in the grid) */
};

/* A growable array of rows, owned by the caller: release with paths_list_release. */
struct retainer_list {
	struct retainer *items; /* rows */
	size_t count;           /* rows used */
	size_t alloc;           /* rows allocated */
};

#define RETAINER_LIST_INIT {NULL, 0, 0}
void paths_list_release(struct retainer_list *l);

/*
 * The state of one snapshot's Retainers view: the ignore set and the
 * distances recomputed without the ignored nodes. With nothing ignored the
 * view uses the snapshot's own node_distance and allocates nothing.
 */
struct paths_view {
	const struct snapshot *s; /* the analyzed snapshot (not owned) */
	uint8_t *ignored;         /* [node_count] 1 = ignored; NULL while none is */
	uint32_t nignored;        /* nodes in the ignore set */
	uint32_t *distance;       /* [node_count] view distances, DISTANCE_NONE = unreached;
				     NULL while nothing is ignored */
	uint8_t *edge_ignored;    /* [edge_count bits] WeakMap edges shown unreachable, or NULL */
};

void paths_view_init(struct paths_view *v, const struct snapshot *s);
void paths_view_release(struct paths_view *v);

/*
 * Ignore (or stop ignoring) retainer nodes, then recompute the view's
 * distances once: O(nodes + edges). `n` node indices.
 */
void paths_view_ignore(struct paths_view *v, const node_ix *nodes, size_t n);
void paths_view_unignore(struct paths_view *v, const node_ix *nodes, size_t n);
int paths_view_is_ignored(const struct paths_view *v, node_ix n);

/*
 * DevTools' getDistanceForRetainersView: the view distance, or for a node
 * the view cannot reach PATHS_UNREACHABLE + its ordinary distance (0 when it
 * has none), so unreachable retainers sort last.
 */
uint32_t paths_distance(const struct paths_view *v, node_ix n);

/*
 * The retaining edges of `n` that DevTools lists (not invisible, not weak,
 * not from the root), sorted as the grid sorts them by default: distance
 * ascending, then retainer name() (UTF-16 order, as JavaScript's <), then
 * CSR order. Replaces the contents of `out`. O(k log k) for k retainers.
 */
void paths_retainers(const struct paths_view *v, node_ix n, struct retainer_list *out);

/*
 * The first row paths_retainers would give, in O(k) (names are computed
 * only for retainers tied at the smallest distance). 0 when none.
 */
int paths_first_retainer(const struct paths_view *v, node_ix n, struct retainer *out);

/*
 * The chain the Retainers grid auto-expands, without its 20-level cap:
 * row 0 is the first retainer of `n`, row i+1 the first retainer of row i's
 * node, while the row's distance is > 1 and below PATHS_UNREACHABLE and
 * its node was not met before (a visited bitmap: never loops). Replaces the
 * contents of `out`. O(sum of the retainer counts along the chain).
 */
void paths_path(const struct paths_view *v, node_ix n, struct retainer_list *out);

/* ---- names as DevTools writes them ----------------------------------- */

/*
 * JSHeapSnapshotEdge.name(): the string name, the element/hidden index,
 * and for shortcut edges a numeric name as parseInt would print it.
 * Appended to sb, not sanitized.
 */
void paths_edge_name(const struct snapshot *s, edge_ix e, struct strbuf *sb);

/* The grid's edge label: "[3]" for elements, "(empty)" for "", else the name. */
void paths_edge_label(const struct snapshot *s, edge_ix e, struct strbuf *sb);

/* JSHeapSnapshotEdge.toString(): .name ["a b"] [3] ->var {internal} [[weak]]. */
void paths_edge_string(const struct snapshot *s, edge_ix e, struct strbuf *sb);

#endif
