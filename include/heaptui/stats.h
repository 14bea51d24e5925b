/*
 * stats.h - DevTools' Statistics pane (JSHeapSnapshot.calculateStatistics):
 * where the bytes are, by kind, from the self sizes after shallow-size
 * reassignment. One linear pass; needs an analyzed snapshot.
 */
#ifndef HEAPTUI_STATS_H
#define HEAPTUI_STATS_H

#include <stdint.h>

#include "heaptui/snapshot.h"

struct stats {
	uint64_t total;         /* root's retained size + extra_native_bytes */
	uint64_t v8heap;        /* total - native */
	uint64_t code;          /* "code" nodes */
	uint64_t strings;       /* string, concatenated and sliced string nodes */
	uint64_t js_arrays;     /* objects named Array plus their sole-owned elements store */
	uint64_t system;        /* "hidden" nodes */
	uint64_t native;        /* "native" nodes + extra_native_bytes */
	uint64_t typed_arrays;  /* native "system / JSArrayBufferData" */
	uint64_t extra_native;  /* snapshot.extra_native_bytes (part of native) */
	uint64_t other;         /* "Other": v8heap - code - strings - js_arrays - system */
};

void stats_compute(const struct snapshot *s, struct stats *st);

#endif
