/*
 * analyze.h - everything DevTools computes once a snapshot is loaded:
 * retainers, flags (page-owned, detached DOM, queriable), shallow-size
 * reassignment, essential edges and dominators, retained sizes, distances,
 * class names and interface inference (classes.h), in DevTools' order.
 * The reference is DevTools' HeapSnapshot.ts; see devtools-notes.md.
 */
#ifndef HEAPTUI_ANALYZE_H
#define HEAPTUI_ANALYZE_H

#include <stdio.h>

#include "heaptui/snapshot.h"

/* Seconds spent per phase, for --timings. */
struct analyze_timings {
	double retainers, flags, shallow, dominators, retained, distances, classes;
};

/*
 * Fill every derived array of `s` (loaded, not analyzed). Cannot fail on a
 * snapshot the loader accepted; allocation failure dies. `t` may be NULL.
 */
void analyze_run(struct snapshot *s, struct analyze_timings *t);

/* Build only the retainer CSR (first_retainer, retaining_edge, retaining_node). */
void analyze_build_retainers(struct snapshot *s);

/* Distance as DevTools shows it: "-" when >= DISTANCE_SYSTEM. buf >= 12 bytes. */
const char *analyze_distance_text(uint32_t distance, char *buf);

#endif
