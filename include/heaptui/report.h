/*
 * report.h - the batch presenter: `heaptui --print WHAT`.
 *
 * Each report is a function over loaded (and, when the table says so,
 * analyzed) snapshots that writes tables through out.h. main.c parses the
 * command line, loads the files and calls the report named by WHAT; it
 * never formats anything itself. Reports return 0, or -1 with `err` filled
 * (bad node id, bad regex...), or a report-specific status (leaks: 3 when
 * --fail-over is exceeded).
 */
#ifndef HEAPTUI_REPORT_H
#define HEAPTUI_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "heaptui/out.h"
#include "heaptui/snapshot.h"
#include "heaptui/util.h"

struct report_args {
	struct snapshot **snaps;   /* the files, in command-line order */
	size_t nsnaps;
	const char *filter;        /* --filter REGEX, or NULL */
	int has_id;                /* an ID argument was given */
	uint32_t id;               /* node id for retainers/path/node */
	const uint32_t *ignore;    /* --ignore ids */
	size_t nignore;
	size_t base, target;       /* 0-based: --base/--target, default first/last */
	int has_between;           /* --between I J given */
	size_t between_from, between_to; /* 0-based */
	const char *only;          /* --only detached|duplicated-strings|retained-by-detached */
	int has_fail_over;
	uint64_t fail_over;        /* --fail-over BYTES */
};

typedef int (*report_fn)(const struct report_args *a, struct out *o, struct ht_error *err);

struct report {
	const char *name;      /* WHAT */
	report_fn fn;
	int analyze;           /* needs analyze_run() on every file */
	size_t min_files;      /* fewest snapshots it takes */
	int takes_id;          /* WHAT ID: retainers, path, node */
	const char *help;      /* one line for --help and the man page check */
};

/* The table of reports (NULL-terminated by name), and lookup by name. */
extern const struct report report_table[];
const struct report *report_find(const char *name);

/* The reports, one file each (report_*.c). */
int report_info(const struct report_args *a, struct out *o, struct ht_error *err);
int report_summary(const struct report_args *a, struct out *o, struct ht_error *err);
int report_nodes(const struct report_args *a, struct out *o, struct ht_error *err);
int report_stats(const struct report_args *a, struct out *o, struct ht_error *err);
int report_compare(const struct report_args *a, struct out *o, struct ht_error *err);
int report_trend(const struct report_args *a, struct out *o, struct ht_error *err);
int report_leaks(const struct report_args *a, struct out *o, struct ht_error *err);
int report_retainers(const struct report_args *a, struct out *o, struct ht_error *err);
int report_path(const struct report_args *a, struct out *o, struct ht_error *err);
int report_node(const struct report_args *a, struct out *o, struct ht_error *err);

#endif
