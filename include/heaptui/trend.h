/*
 * trend.h - per class count and shallow size across N snapshots.
 *
 * Every snapshot is classified with the LAST snapshot's interface
 * definitions (as Comparison classifies its base with the target's), and
 * counted as Summary counts: nodes of non-zero (reassigned) self size, per
 * DevTools class key. A row says whether its count grew in every interval.
 *
 * The trend keeps only per-class numbers: snapshots can be added one at a
 * time and released in between (load, analyze, trend_add, release), so N
 * snapshots cost one snapshot in memory plus 12 bytes per class and
 * snapshot. trend_add needs the last snapshot's interface definitions
 * first; keep a copy of them (they are small) if the last snapshot is
 * released before the others are added.
 */
#ifndef HEAPTUI_TREND_H
#define HEAPTUI_TREND_H

#include <stddef.h>
#include <stdint.h>

#include "heaptui/diff.h"
#include "heaptui/snapshot.h"

/* One class key followed across the snapshots. */
struct trend_row {
	uint64_t name_off;  /* display name: trend.names + name_off */
	int has_loc;        /* the key carries an allocation location */
	uint32_t script;    /* location of the key (when has_loc) */
	uint32_t line;
	uint32_t column;
	int grows;          /* count went up in every interval (needs >= 2 snapshots) */
};

struct trend {
	size_t nsnaps;        /* snapshots the trend spans */
	uint32_t count;       /* rows */
	uint32_t alloc;       /* rows allocated */
	struct trend_row *rows;
	uint32_t *counts;     /* [alloc * nsnaps]: counts[row * nsnaps + i] in snapshot i */
	uint64_t *sizes;      /* [alloc * nsnaps]: shallow size of the row in snapshot i */
	char *names;          /* row names, NUL-terminated, back to back */
	uint64_t names_len;   /* bytes used in names */
	uint64_t names_alloc; /* bytes allocated for names */
	uint32_t *slot;       /* hash of row keys: row index or UINT32_MAX */
	size_t slot_mask;     /* hash size - 1 */
};

void trend_init(struct trend *t, size_t nsnaps);
void trend_release(struct trend *t);

/*
 * Count snapshot number i (0-based, < nsnaps) classified with `defs` (the
 * last snapshot's). When defs is the snapshot's own (s->ifaces) its own
 * classification is used; otherwise it is reclassified (4 bytes per node,
 * freed before returning).
 */
void trend_add(struct trend *t, size_t i, const struct snapshot *s, const struct iface_defs *defs);

/* The same over a side the caller classified. */
void trend_add_side(struct trend *t, size_t i, const struct diff_side *side);

/*
 * Once every snapshot is in: set `grows` and sort the rows - growing classes
 * first, then by shallow size change (last - first) descending, then name.
 */
void trend_finish(struct trend *t);

static inline const char *trend_row_name(const struct trend *t, uint32_t r)
{
	return t->names + t->rows[r].name_off;
}

static inline uint32_t trend_count(const struct trend *t, uint32_t r, size_t i)
{
	return t->counts[(size_t)r * t->nsnaps + i];
}

static inline uint64_t trend_size(const struct trend *t, uint32_t r, size_t i)
{
	return t->sizes[(size_t)r * t->nsnaps + i];
}

#endif
