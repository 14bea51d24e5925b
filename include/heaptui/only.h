/*
 * only.h - DevTools' named Summary filters (`--only`, the TUI's filter
 * menu), as node masks over an analyzed snapshot, and the detached DOM
 * trees.
 *
 * References in HeapSnapshot.ts: createNamedFilter ("duplicatedStrings",
 * "objectsRetainedByDetachedDomNodes") and createDuplicatedStringsFilter.
 */
#ifndef HEAPTUI_ONLY_H
#define HEAPTUI_ONLY_H

#include <stdint.h>

#include "heaptui/snapshot.h"

enum only_filter {
	ONLY_DETACHED,             /* detached DOM nodes (one row per tree in reports) */
	ONLY_DUPLICATED_STRINGS,   /* strings whose content another string has too */
	ONLY_RETAINED_BY_DETACHED, /* objects reachable only through detached DOM nodes */
};

/* "detached", "duplicated-strings", "retained-by-detached"; -1 otherwise. */
int only_parse(const char *name, enum only_filter *f);

/*
 * mask[node_count] = 1 for the nodes the filter keeps, as DevTools' node
 * filter does (the Summary of those nodes is then DevTools' figures).
 * Returns the number kept. O(nodes + edges).
 */
uint32_t only_mask(const struct snapshot *s, enum only_filter f, uint8_t *mask);

/*
 * Detached DOM trees: a detached DOM node whose dominator is not one is
 * the root of a tree; its retained size is what collecting the tree frees.
 * Fills roots (allocated, caller frees) and per root the number of detached
 * DOM nodes it dominates; sorted by retained size, largest first.
 */
struct only_tree {
	node_ix root;       /* the tree's root node */
	uint32_t nodes;     /* detached DOM nodes in the tree, root included */
};
uint32_t only_detached_trees(const struct snapshot *s, struct only_tree **trees);

#endif
