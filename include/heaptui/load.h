/*
 * load.h - read a .heapsnapshot file (plain or gzip'd JSON) into a struct
 * snapshot's file tables.
 *
 * The meta header is parsed with jansson; the big arrays and the strings
 * are read by the hand-written scanner (scan.h) straight into the tables.
 * The input is untrusted: every count, index and type code is checked, and
 * nothing is allocated from a number before it is checked against the size
 * of the input. The file is opened read-only and never written.
 */
#ifndef HEAPTUI_LOAD_H
#define HEAPTUI_LOAD_H

#include "heaptui/snapshot.h"
#include "heaptui/util.h"

/* Progress callback: phase name and fraction done (0..1); return non-zero to abort. */
typedef int (*load_progress_fn)(void *ctx, const char *phase, double done);

/* Seconds spent per loading phase, for --timings. */
struct load_timings {
	double read;   /* read or map the file, gunzip */
	double parse;  /* scan the JSON into the tables, validate */
	double index;  /* node locations, producer */
	unsigned split; /* arrays scanned on two threads (for tests) */
};

struct load_options {
	load_progress_fn progress; /* may be NULL */
	void *progress_ctx;
	/* Arrays (nodes, edges, locations) of at least this many bytes are
	 * scanned, and their node offsets converted, by two threads; 0 means
	 * LOAD_SPLIT_MIN. Tests set it small. */
	size_t split_min;
	struct load_timings *timings; /* out, may be NULL */
};

#define LOAD_SPLIT_MIN ((size_t)32 << 20)

/*
 * Load `path` into `s` (which must be snapshot_init'ed). On failure returns
 * -1, fills err with the file, the byte offset of the problem in the (JSON)
 * input and a message, and leaves `s` released.
 */
int snapshot_load(struct snapshot *s, const char *path, const struct load_options *opt,
		  struct ht_error *err);

/* The same from a buffer already in memory (tests, fuzzing). `name` is used in errors. */
int snapshot_load_buffer(struct snapshot *s, const char *name, const char *data, size_t len,
			 const struct load_options *opt, struct ht_error *err);

#endif
