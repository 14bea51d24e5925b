/*
 * leaks.h - leak suspects across snapshots S0 .. Sn (n >= 1).
 *
 * A SURVIVOR is an object of the last snapshot that was not in S0 (matched
 * by node id). Its INTERVAL is k when it first appears in Sk (1 <= k <= n):
 * it was allocated between S(k-1) and Sk and is still alive in Sn.
 * Survivors are grouped by their class in the last snapshot (its own
 * Summary classes). A group is a SUSPECT when it has survivors from every
 * interval (with two snapshots: any survivor) and clears the noise floor.
 *
 * Noise floor - what a program that does not leak still shows, and why it
 * is not counted (checked on testdata/snapshots/clean0 -> clean1):
 *   - objects only reachable through system roots (distance >= 100000000:
 *     the stack, handles, V8's own tables) are work in flight when the
 *     snapshot was taken, not retained by the program;
 *   - engine state rather than program data: compiled code, hidden
 *     "(system)" objects, object shapes, synthetic roots, and, in Node
 *     snapshots (producer "node"), native embedder objects (Node rebuilds
 *     its embedder graph with fresh ids at every snapshot, so all of them
 *     look new; Chrome keeps DOM ids, so detached DOM trees do count);
 *   - a group whose survivors retain less than LEAKS_MIN_RETAINED bytes.
 * Those survivors are not counted at all (they appear in no group).
 *
 * Suspects rank by the retained size of their survivors in the last
 * snapshot, each object counted once: a survivor dominated by another
 * survivor of the same group adds nothing (its size is already in the
 * dominating one's retained size). The representative of a group is its
 * oldest survivor (earliest interval, then lowest id).
 */
#ifndef HEAPTUI_LEAKS_H
#define HEAPTUI_LEAKS_H

#include <stddef.h>
#include <stdint.h>

#include "heaptui/snapshot.h"

/* Bytes a group's survivors must retain to be named a suspect. */
#define LEAKS_MIN_RETAINED 1024

/* The survivors of one class of the last snapshot. */
struct leak_group {
	const char *name;         /* class display name (the last snapshot's) */
	class_ix cls;             /* class in the last snapshot */
	uint32_t survivors;       /* survivors in the group */
	uint32_t first_survivor;  /* leaks.survivor_nodes[first .. first + survivors) */
	uint64_t self;            /* survivors' shallow (reassigned) size */
	uint64_t retained;        /* survivors' retained size, each object once */
	node_ix oldest;           /* representative: the oldest survivor */
	uint32_t oldest_interval; /* its interval, 1..n */
	int suspect;              /* survivors from every interval, above the floor */
};

struct leaks {
	size_t nsnaps;            /* snapshots compared (n + 1) */
	size_t intervals;         /* n */
	uint32_t count;           /* groups */
	struct leak_group *groups;/* suspects first, each part by retained size descending */
	uint32_t nsuspects;       /* groups[0 .. nsuspects) are the suspects */
	uint32_t *interval_count; /* [count * intervals]: survivors of group g from interval k
				   * (1-based) at interval_count[g * intervals + k - 1] */
	node_ix *survivor_nodes;  /* nodes of the last snapshot, per group, oldest first */
	uint32_t total_survivors; /* survivors in all groups */
	uint32_t noise_objects;   /* new objects left out by the noise rules */
};

void leaks_init(struct leaks *l);
void leaks_release(struct leaks *l);

/*
 * Find the suspects across snaps[0 .. nsnaps) (all analyzed, nsnaps >= 2).
 * Memory: the result (4 bytes per survivor) plus, while it runs, about 16
 * bytes per node of the last snapshot (dominator tree children and the
 * walk); earlier snapshots are only searched by id (their id_order).
 */
void leaks_compute(struct leaks *l, const struct snapshot *const *snaps, size_t nsnaps);

static inline uint32_t leaks_interval_count(const struct leaks *l, uint32_t g, size_t k)
{
	return l->interval_count[(size_t)g * l->intervals + k - 1];
}

/* 1 if node n of the last snapshot counts as program data (the type rules above). */
int leaks_counts_node(const struct snapshot *s, node_ix n);

#endif
