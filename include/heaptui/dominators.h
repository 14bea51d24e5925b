/*
 * dominators.h - DevTools' essential edges, dominator tree and retained
 * sizes (HeapSnapshot.initEssentialEdges, calculateDominatorsAndRetainedSizes,
 * buildDominatedNodes).
 *
 * The dominators are those of DevTools' Lengauer-Tarjan, including its
 * treatment of nodes the DFS from the root does not reach (dominators.c
 * explains why Semi-NCA gives the same tree): near-linear time, no
 * recursion.
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

/* DevTools' computeIsEssentialEdge for every edge, as bit vectors. */
struct essential {
	uint8_t *edge;    /* bit e: edge e counts for dominators ((edge_count + 7) / 8 bytes) */
	uint8_t *target;  /* bit n: some essential edge points at node n */
};

/*
 * Fill `ess` (release with dominators_essential_release). Skipped: the
 * WeakMap table's edge of an ephemeron, weak edges, self edges, shortcut
 * edges not from the root, and edges from a non-page-owned node into a
 * page-owned one (NODE_FLAG_PAGE_OBJECT in s->node_flags, which must be set).
 */
void dominators_essential_edges(const struct snapshot *s, struct essential *ess);
void dominators_essential_release(struct essential *ess);

/*
 * Build the retainer CSR (analyze_build_retainers) and the immediate
 * dominators (s->node_dominator; the root's is itself) from the essential
 * edges. Returns the nodes in an order where each comes after its
 * dominator, the root first ([node_count]; caller frees), for
 * dominators_retained. Peak scratch: five u32 per node.
 */
node_ix *dominators_compute(struct snapshot *s, const struct essential *ess);

/*
 * Retained sizes into retained[node_count] from the self sizes `self`
 * (DevTools uses the sizes after shallow-size reassignment), summed up the
 * dominator tree in reverse `order`.
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
