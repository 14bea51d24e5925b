/*
 * dominators.h - DevTools' essential edges, dominator tree and retained
 * sizes (HeapSnapshot.initEssentialEdges, calculateDominatorsAndRetainedSizes,
 * buildDominatedNodes).
 *
 * Lengauer-Tarjan with "simple" eval/link, an iterative DFS that follows
 * essential edges in file order, DevTools' treatment of nodes the DFS from
 * the root does not reach (first, in ordinal order, those with only
 * non-essential retainers get the root as DFS parent and a DFS of their
 * own; then any node still unreached hangs off the root), and retained
 * sizes accumulated in reverse DFS order. O(E log N) time, 20 bytes per
 * node of scratch besides the outputs, no recursion.
 */
#ifndef HEAPTUI_DOMINATORS_H
#define HEAPTUI_DOMINATORS_H

#include <stdint.h>

#include "heaptui/snapshot.h"

/* A bit per edge; bit e is set when edge e counts for dominators. */
static inline int dominators_edge_is_essential(const uint8_t *bits, edge_ix e)
{
	return (bits[e >> 3] >> (e & 7)) & 1;
}

/*
 * DevTools' computeIsEssentialEdge for every edge, as a bit vector of
 * (edge_count + 7) / 8 bytes (caller frees). Skipped: the WeakMap table's
 * edge of an ephemeron, weak edges, self edges, shortcut edges not from the
 * root, and edges from a non-page-owned node into a page-owned one
 * (NODE_FLAG_PAGE_OBJECT in s->node_flags, which must be set).
 */
uint8_t *dominators_essential_edges(const struct snapshot *s);

/*
 * Immediate dominators into dom[node_count] (the root's is itself). Needs
 * the retainer CSR. scratch[node_count] is clobbered (the outputs of
 * dominators_retained lend it). Returns the nodes in the DFS's preorder
 * ([node_count], the root first; caller frees) for dominators_retained.
 */
node_ix *dominators_compute(const struct snapshot *s, const uint8_t *essential, node_ix *dom,
			    uint64_t *scratch);

/*
 * Retained sizes into retained[node_count] from the self sizes `self`
 * (DevTools uses the sizes after shallow-size reassignment), summed up the
 * dominator tree in reverse preorder.
 */
void dominators_retained(const struct snapshot *s, const node_ix *order, const uint32_t *self,
			 const node_ix *dom, uint64_t *retained);

/*
 * The dominator tree as children lists (DevTools' dominatedNodes):
 * children of n are list[first[n] .. first[n+1]), in DevTools' order
 * (descending ordinal). *first gets node_count + 1 entries, *list
 * node_count - 1 (at least 1); caller frees both.
 */
void dominators_children(const struct snapshot *s, const node_ix *dom, uint32_t **first,
			 node_ix **list);

#endif
