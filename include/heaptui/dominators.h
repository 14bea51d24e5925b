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
 * Fill `ess` in parts, for two threads: init (zeroed vectors), then edges
 * [from, to) each - `from` a multiple of 8, so the parts write distinct
 * bytes - with the targets marked in `target` (ess->target, or a vector of
 * the thread's own to be or'ed in); release with
 * dominators_essential_release. Skipped: the WeakMap table's edge of an
 * ephemeron, weak edges, self edges, shortcut edges not from the root, and
 * edges from a non-page-owned node into a page-owned one
 * (NODE_FLAG_PAGE_OBJECT in s->node_flags, which must be set).
 */
void dominators_essential_init(const struct snapshot *s, struct essential *ess);
void dominators_essential_range(const struct snapshot *s, struct essential *ess, uint8_t *target,
				edge_ix from, edge_ix to);
void dominators_essential_release(struct essential *ess);

/*
 * The dominator tree in preorder: node[i] is the i-th node (the root
 * first) and the nodes it dominates are node[i + 1 .. end[i]). Children
 * come in no particular order: the figures built on it are sums.
 */
struct dom_preorder {
	node_ix *node;  /* [node_count] */
	uint32_t *end;  /* [node_count] */
	/* from dominators_compute: [node_count], memory it no longer needs, for
	 * the retained sizes (the taker frees it; NULL from elsewhere) */
	uint64_t *retained_space;
};

/*
 * The DFS's arrays (four u32 per node), allocated ahead of
 * dominators_compute, which takes them over, so that a caller with time on
 * its hands can fault their pages in: dominators_scratch_touch does up to
 * `bytes` more and returns 0 once all are (a fresh page costs a fault).
 */
struct dom_scratch {
	uint32_t *num;       /* [len], zeroed */
	void *parent_block;  /* [2 len] u32: parent, then vertex */
	uint32_t *next;      /* [len] */
	size_t len;          /* node_count + 1 */
	size_t touched;      /* bytes of the three, in that order, faulted in */
};
void dominators_scratch_alloc(const struct snapshot *s, struct dom_scratch *d);
int dominators_scratch_touch(struct dom_scratch *d, size_t bytes);

/*
 * Fill the retainer CSR (analyze_fill_retainers: analyze_count_retainers
 * must have run) and the immediate dominators (s->node_dominator; the
 * root's is itself) from the essential edges, which are released once
 * used, and the tree's preorder into `pre` (release with
 * dominators_preorder_release). At its peak it holds six u32 per node
 * besides the retainers: two become the preorder, two pre->retained_space.
 */
void dominators_compute(struct snapshot *s, struct essential *ess, struct dom_scratch *scratch,
			struct dom_preorder *pre);

/* The preorder of s->node_dominator's tree (a walk of its children lists). */
void dominators_preorder(const struct snapshot *s, struct dom_preorder *pre);
/* Free the preorder and any retained_space not taken. */
void dominators_preorder_release(struct dom_preorder *pre);

/*
 * Retained sizes into retained[node_count] from the self sizes `self`
 * (DevTools uses the sizes after shallow-size reassignment), summed up the
 * dominator tree in reverse preorder.
 */
void dominators_retained(const struct snapshot *s, const struct dom_preorder *pre,
			 const uint32_t *self, uint64_t *retained);

#endif
