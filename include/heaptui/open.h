/*
 * open.h - the one way to open a snapshot file: from the binary cache when
 * a valid one exists (mapped, nothing parsed or recomputed), else load
 * (+ analyze) and write the cache for next time.
 *
 * A valid cache is used even when `analyze` is off: it holds the analyzed
 * tables, a superset of what loading gives. A cache is written only for an
 * analyzed snapshot (s->analyzed set by analyze_run). When the cache
 * directory cannot be created or written (read-only, full, not a
 * directory), heaptui works without a cache and says so once on `warn`:
 *   heaptui: cache disabled: cannot write '/x/.tmp-Ab12Cd': No space left on device
 * Arrays mapped from the cache are read-only (PROT_READ): code must not
 * write into a snapshot's tables after opening it.
 */
#ifndef HEAPTUI_OPEN_H
#define HEAPTUI_OPEN_H

#include <stdint.h>
#include <stdio.h>

#include "heaptui/analyze.h"
#include "heaptui/cache.h"
#include "heaptui/load.h"
#include "heaptui/snapshot.h"
#include "heaptui/util.h"

/* Seconds spent in each phase of one snapshot_open (0 for phases not run). */
struct open_timings {
	double cache_read;      /* identify the source, find, validate and map the cache */
	double load;            /* snapshot_load */
	struct load_timings load_phases; /* snapshot_load's own split */
	double analyze;         /* analyze_run, all phases */
	struct analyze_timings phases; /* analyze_run's own split */
	double cache_write;     /* write (incl. fsync) and evict */
	double total;           /* the whole call */
};

/* What snapshot_open did, for --timings and tests. */
struct open_info {
	int cache_used;         /* 1: the snapshot was mapped from the cache */
	int cache_written;      /* 1: a cache file was written; 2: a background writer
				   was started (background_write) */
	char cache_file[1024];  /* the cache file considered ("" when caching is off) */
	char cache_note[512];   /* why the cache was not used or written ("" if it was) */
	struct open_timings t;
};

struct open_options {
	int analyze;            /* run analyze_run() after a load */
	int no_cache;           /* neither read nor write the cache (--no-cache) */
	const char *cache_dir;  /* --cache-dir; NULL: cache_default_dir() */
	uint64_t cache_max;     /* cap of the cache directory in bytes; 0: CACHE_DEFAULT_MAX */
	enum cache_verify verify; /* how much of the data to hash on a warm open */
	const struct load_options *load; /* progress of a load; may be NULL */
	FILE *warn;             /* where "cache disabled" goes (stderr); NULL: nowhere */
	int *cache_disabled;    /* in/out, may be NULL: set once writing failed and warned;
				   later calls sharing it neither write nor warn again */
	struct open_info *info; /* out, may be NULL */
	int background_write;   /* write the cache from a detached child process and return
				   at once (for the TUI: the screen comes up ~0.5 s per 100 MB
				   of snapshot sooner); the directory is probed first so "cache disabled"
				   is still said here, but a disk filling up during the write
				   goes unreported. Off: the write is done before returning
				   (--print, scripts, tests: the cache exists on return). */
};

/*
 * Open `path` into `s` (snapshot_init'ed). Returns 0, or -1 with err filled
 * by the loader (the cache never makes an open fail) and `s` released.
 */
int snapshot_open(struct snapshot *s, const char *path, const struct open_options *opt,
		  struct ht_error *err);

#endif
