/*
 * analyze.h - everything DevTools computes once a snapshot is loaded:
 * retainers, flags (page-owned, detached DOM, queriable), shallow-size
 * reassignment, essential edges and dominators, retained sizes, distances,
 * class names and interface inference (classes.h), in DevTools' order.
 * The reference is DevTools' HeapSnapshot.ts; see devtools-notes.md.
 *
 * Order (HeapSnapshot.initialize): retainers -> detachedness propagation
 * -> flags -> essential edges -> shallow sizes -> dominators and retained
 * sizes (from the reassigned sizes) -> distances -> classes. Every pass is
 * linear (or near-linear) over flat arrays and none recurses, so a chain of
 * millions of nodes is fine.
 */
#ifndef HEAPTUI_ANALYZE_H
#define HEAPTUI_ANALYZE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "heaptui/snapshot.h"

/* Seconds spent per phase, for --timings. Flags, distances and classes
 * run on the second thread, beside retainers, shallow and dominators;
 * retainers is counting them and the essential edges, dominators includes
 * filling the retainer CSR. */
struct analyze_timings {
	double retainers, flags, shallow, dominators, retained, distances, classes, ids, summary;
};

/*
 * Fill every derived array of `s` (loaded, not analyzed). Cannot fail on a
 * snapshot the loader accepted; allocation failure dies. `t` may be NULL.
 * Also propagates DOM detachedness in s->node_detachedness (DevTools'
 * propagateDOMState) and sets s->analyzed.
 */
void analyze_run(struct snapshot *s, struct analyze_timings *t);

/*
 * Build the retainer CSR (first_retainer, retaining_node). Order per node
 * is DevTools' buildRetainers order, which is the REVERSE of file order:
 * the retainer from the highest source ordinal (its last edge first) comes
 * first.
 */
void analyze_build_retainers(struct snapshot *s);

/*
 * The same in two steps, so the first can run early on another thread:
 * count (first_retainer[i] is then the END of node i's slots), then fill
 * (first_retainer[i] becomes their start). Slots hold label[source]
 * instead of the source when label is not NULL, with ANALYZE_SLOT_FLAG set
 * where edge_bits (a bit per edge, or NULL) has the edge's bit: scratch
 * for the dominators, which turn the slots back into nodes.
 */
#define ANALYZE_SLOT_FLAG 0x80000000u
void analyze_count_retainers(struct snapshot *s);
void analyze_fill_retainers(struct snapshot *s, const uint8_t *edge_bits, const uint32_t *label);

/* Distance as DevTools shows it: "-" when >= DISTANCE_SYSTEM. buf >= 12 bytes. */
const char *analyze_distance_text(uint32_t distance, char *buf);

/* DevTools' raw distance of a node no BFS reached (HeapSnapshot #noDistance). */
#define ANALYZE_NO_DISTANCE_RAW (-5)

/* The distance as DevTools stores it (nodes.tsv "distance"): -5 when unreached. */
static inline int64_t analyze_distance_raw(uint32_t distance)
{
	return distance == DISTANCE_NONE ? ANALYZE_NO_DISTANCE_RAW : (int64_t)distance;
}

/*
 * DevTools' node.rawName() === lit, after propagateDOMState renamed the
 * detached native nodes ("Detached system / ExternalStringData" is not
 * "system / ExternalStringData").
 */
int analyze_raw_name_is(const struct snapshot *s, node_ix n, const char *lit);

/*
 * DevTools' isUserRoot for a child of the root (JSHeapSnapshot.isUserRoot):
 * not synthetic, or the "(Document DOM trees)" synthetic root.
 */
int analyze_is_user_root(const struct snapshot *s, node_ix n);

/*
 * Recognise a WeakMap ephemeron edge name (DevTools' tryParseWeakMapEdgeName):
 *   "N / part of key (K @k) -> value (V @v) pair in WeakMap (table @T)".
 * On a match returns 1, sets *table_id to T (UINT64_MAX if it overflows)
 * and *dup_off to the offset of the part after N (the part shared by the
 * key's and the table's edge). Returns 0 otherwise.
 */
int analyze_parse_weakmap_edge(const char *name, size_t len, uint64_t *table_id,
			       size_t *dup_off);

/*
 * DevTools' calculateDistances into out[node_count]: BFS from the user
 * roots at distance 1, then from the root (DISTANCE_SYSTEM when there were
 * user roots) for the rest; weak edges are never followed, with the skips of
 * JSHeapSnapshot's filter (sloppy_function_map, map descriptors, WeakMap
 * ephemerons). Unreached nodes get DISTANCE_NONE. `ignored` (a byte per
 * node, or NULL) lists nodes that must not be entered: the Retainers view's
 * "ignore this retainer" (calculateDistances(true)).
 * Needs s->node_type, names and edges only.
 */
void analyze_distances(const struct snapshot *s, const uint8_t *ignored, uint32_t *out);

/*
 * The node's raw name as DevTools holds it after propagateDOMState: native
 * nodes found detached get "Detached " in front. Returns the file's string
 * and sets *detached_prefix to 1 when "Detached " must be prepended.
 */
const char *analyze_node_raw_name(const struct snapshot *s, node_ix n, size_t *len,
				  int *detached_prefix);

#endif
