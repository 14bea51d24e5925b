/*
 * report_compare.c - `--print compare`, `--print trend` and `--print leaks`:
 * the multi-snapshot reports (diff.h, trend.h, leaks.h).
 */
#include "heaptui/report.h"

#include <stdlib.h>
#include <string.h>

#include "heaptui/classes.h"
#include "heaptui/context.h"
#include "heaptui/diff.h"
#include "heaptui/filter.h"
#include "heaptui/fmt.h"
#include "heaptui/leaks.h"
#include "heaptui/paths.h"
#include "heaptui/patterns.h"
#include "heaptui/text.h"
#include "heaptui/trend.h"

/* Path rows shown per suspect before eliding the middle of a long chain. */
#define LEAKS_PATH_HEAD 12
#define LEAKS_PATH_TAIL 3
/* Suspects whose path and verdicts the text prose spells out. */
#define LEAKS_EXPLAINED 3

/* The file name without its directories, for prose. */
static const char *base_name(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	return slash ? slash + 1 : path ? path : "";
}

/* Compile --filter (NULL when none). */
static int filter_open(const struct report_args *a, struct filter **f, struct ht_error *err)
{
	*f = NULL;
	if (!a->filter)
		return 0;
	return filter_compile(f, a->filter, err);
}

/* 1 keep, 0 drop, -1 error (err filled). */
static int filter_keep(const struct filter *f, const char *name, struct ht_error *err)
{
	if (!f)
		return 1;
	int m = filter_match(f, name, strlen(name));
	if (m < 0)
		return ht_fail(err, NULL, -1, "--filter: %s", FILTER_TOO_EXPENSIVE);
	return m;
}

/* ---- compare ------------------------------------------------------------- */

int report_compare(const struct report_args *a, struct out *o, struct ht_error *err)
{
	static const struct out_col cols[] = {
		{"class", OUT_STR},        {"new", OUT_COUNT},        {"deleted", OUT_COUNT},
		{"delta", OUT_DELTA},      {"alloc_size", OUT_SIZE},  {"freed_size", OUT_SIZE},
		{"size_delta", OUT_SDELTA},
	};
	const struct snapshot *base = a->snaps[a->base], *target = a->snaps[a->target];
	struct filter *f;
	struct diff d;
	int rc = 0;

	if (filter_open(a, &f, err) < 0)
		return -1;
	diff_init(&d);
	diff_compute(&d, base, target);
	out_note(o, "Comparison of %s (target) against %s (base): %llu new, %llu deleted objects",
		 base_name(target->path), base_name(base->path), (unsigned long long)d.total_new,
		 (unsigned long long)d.total_deleted);
	out_table_begin(o, "compare", cols, ARRAY_SIZE(cols));
	for (uint32_t i = 0; i < d.count; i++) {
		const struct diff_row *r = &d.rows[i];
		int keep = filter_keep(f, r->name, err);
		if (keep < 0) {
			rc = -1;
			break;
		}
		if (!keep)
			continue;
		out_cstr(o, r->name);
		out_uint(o, r->new_count);
		out_uint(o, r->deleted_count);
		out_int(o, diff_row_count_delta(r));
		out_uint(o, r->alloc_size);
		out_uint(o, r->freed_size);
		out_int(o, diff_row_size_delta(r));
		out_row_end(o);
	}
	out_table_end(o);
	diff_release(&d);
	filter_free(f);
	return rc;
}

/* ---- trend --------------------------------------------------------------- */

int report_trend(const struct report_args *a, struct out *o, struct ht_error *err)
{
	size_t n = a->nsnaps, ncols = 2 + 2 * n + 2;
	const struct snapshot *last = a->snaps[n - 1];
	struct out_col *cols = xcalloc(ncols, sizeof(*cols));
	char **names = xcalloc(2 * n, sizeof(*names));
	struct filter *f;
	struct trend t;
	int rc = 0;

	if (filter_open(a, &f, err) < 0) {
		free(cols);
		free(names);
		return -1;
	}
	trend_init(&t, n);
	for (size_t i = 0; i < n; i++)
		trend_add(&t, i, a->snaps[i], &last->ifaces);
	trend_finish(&t);

	/* Columns: class, grows, count1..countN, size1..sizeN, deltas (1-based
	 * numbers, as --base/--target count the files). */
	cols[0] = (struct out_col){"class", OUT_STR};
	cols[1] = (struct out_col){"grows", OUT_STR};
	for (size_t i = 0; i < n; i++) {
		names[i] = xasprintf("count%zu", i + 1);
		names[n + i] = xasprintf("size%zu", i + 1);
		cols[2 + i] = (struct out_col){names[i], OUT_COUNT};
		cols[2 + n + i] = (struct out_col){names[n + i], OUT_SIZE};
	}
	cols[2 + 2 * n] = (struct out_col){"count_delta", OUT_DELTA};
	cols[3 + 2 * n] = (struct out_col){"size_delta", OUT_SDELTA};

	for (size_t i = 0; i < n; i++)
		out_note(o, "snapshot %zu: %s", i + 1, base_name(a->snaps[i]->path));
	uint32_t growing = 0;
	for (uint32_t r = 0; r < t.count; r++)
		growing += t.rows[r].grows != 0;
	out_note(o, "%u of %u classes grew in count in every interval (classes as in snapshot %zu)",
		 growing, t.count, n);
	out_table_begin(o, "trend", cols, ncols);
	for (uint32_t r = 0; r < t.count; r++) {
		int keep = filter_keep(f, trend_row_name(&t, r), err);
		if (keep < 0) {
			rc = -1;
			break;
		}
		if (!keep)
			continue;
		out_cstr(o, trend_row_name(&t, r));
		out_cstr(o, t.rows[r].grows ? "yes" : "no");
		for (size_t i = 0; i < n; i++)
			out_uint(o, trend_count(&t, r, i));
		for (size_t i = 0; i < n; i++)
			out_uint(o, trend_size(&t, r, i));
		out_int(o, (int64_t)trend_count(&t, r, n - 1) - (int64_t)trend_count(&t, r, 0));
		out_int(o, (int64_t)trend_size(&t, r, n - 1) - (int64_t)trend_size(&t, r, 0));
		out_row_end(o);
	}
	out_table_end(o);

	trend_release(&t);
	filter_free(f);
	for (size_t i = 0; i < 2 * n; i++)
		free(names[i]);
	free(names);
	free(cols);
	return rc;
}

/* ---- leaks --------------------------------------------------------------- */

/* "1,1,1,1": a group's survivors per interval. */
static void interval_counts(const struct leaks *l, uint32_t g, struct strbuf *sb)
{
	for (size_t k = 1; k <= l->intervals; k++)
		strbuf_addf(sb, "%s%u", k > 1 ? "," : "", leaks_interval_count(l, g, k));
}

/* "{longStr, someMethod} @78439" (grid text of the node and its id). */
static void node_label(const struct snapshot *s, node_ix n, struct strbuf *sb)
{
	char buf[256];

	classes_node_display(s, n, buf, sizeof(buf));
	strbuf_addf(sb, "%s @%u", buf, s->node_id[n]);
}

/* One path row: "originalThing in system / Context @78347". */
static void path_row(const struct snapshot *s, const struct retainer *r, struct strbuf *sb)
{
	paths_edge_label(s, r->edge, sb);
	if (s->edge_type[r->edge] == EDGE_CONTEXT)
		strbuf_addstr(sb, " (closure variable)");
	strbuf_addstr(sb, " in ");
	node_label(s, r->node, sb);
}

/* Is row i shown, given the head/tail elision of long paths? */
static int path_row_shown(size_t i, size_t n)
{
	return n <= LEAKS_PATH_HEAD + LEAKS_PATH_TAIL + 1 || i < LEAKS_PATH_HEAD ||
	       i >= n - LEAKS_PATH_TAIL;
}

/* The path as one line (for the JSON/TSV cell): "a <- b <- c". */
static void path_line(const struct snapshot *s, node_ix n, const struct retainer_list *p,
		      struct strbuf *sb)
{
	node_label(s, n, sb);
	for (size_t i = 0; i < p->count; i++) {
		if (!path_row_shown(i, p->count)) {
			if (i == LEAKS_PATH_HEAD)
				strbuf_addf(sb, " <- ... %zu more ...",
					    p->count - LEAKS_PATH_HEAD - LEAKS_PATH_TAIL);
			continue;
		}
		strbuf_addstr(sb, " <- ");
		path_row(s, &p->items[i], sb);
	}
}

/* Everything the report says about one suspect's representative. */
struct explained {
	struct retainer_list path;   /* its retainer path to the roots */
	struct pattern_list verdicts;/* what kind of leak the path shows */
};

static void explain(const struct paths_view *v, node_ix n, struct explained *e)
{
	struct retainer_list init = RETAINER_LIST_INIT;
	struct pattern_list pinit = PATTERN_LIST_INIT;

	e->path = init;
	e->verdicts = pinit;
	paths_path(v, n, &e->path);
	patterns_classify(v->s, n, e->path.items, e->path.count, &e->verdicts);
}

static void explained_release(struct explained *e)
{
	paths_list_release(&e->path);
	patterns_release(&e->verdicts);
}

/* The prose paragraph for suspect g (text format only). */
static void explain_notes(struct out *o, const struct leaks *l, uint32_t g,
			  const struct snapshot *s, const struct explained *e)
{
	const struct leak_group *grp = &l->groups[g];
	struct strbuf sb = STRBUF_INIT;
	char size[FMT_BUFSZ];

	interval_counts(l, g, &sb);
	out_note(o, "%u. %s: %u surviving object%s (per interval: %s), retaining %s",
		 g + 1, grp->name, grp->survivors, grp->survivors == 1 ? "" : "s", sb.buf,
		 fmt_size(grp->retained, size, sizeof(size)));
	strbuf_reset(&sb);
	node_label(s, grp->oldest, &sb);
	if (l->intervals > 1)
		out_note(o, "   the oldest, %s (allocated between snapshots %u and %u), is held by:",
			 sb.buf, grp->oldest_interval, grp->oldest_interval + 1);
	else
		out_note(o, "   the oldest, %s, is held by:", sb.buf);
	for (size_t i = 0; i < e->path.count; i++) {
		if (!path_row_shown(i, e->path.count)) {
			if (i == LEAKS_PATH_HEAD)
				out_note(o, "     ... %zu more levels ...",
					 e->path.count - LEAKS_PATH_HEAD - LEAKS_PATH_TAIL);
			continue;
		}
		strbuf_reset(&sb);
		path_row(s, &e->path.items[i], &sb);
		out_note(o, "     <- %s", sb.buf);
	}
	if (!e->path.count)
		out_note(o, "     (no retainer path to a GC root)");
	for (size_t i = e->verdicts.count; i-- > 0;)
		out_note(o, "   %s (level %zu): %s", pattern_name(e->verdicts.items[i].kind),
			 e->verdicts.items[i].row + 1, e->verdicts.items[i].text);
	strbuf_release(&sb);
}

/* Rank (1-based) of the suspect whose survivors hold g's representative, 0 if none. */
static uint32_t held_through(const struct leaks *l, uint32_t g, const struct explained *e,
			     const uint32_t *suspect_of)
{
	uint32_t best = 0;

	for (size_t i = 0; i < e->path.count; i++) {
		uint32_t h = suspect_of[e->path.items[i].node];
		if (h != UINT32_MAX && h < g && (!best || h + 1 < best))
			best = h + 1;
	}
	return best;
}

/* "Function, system / Context and (concatenated string)" */
static void name_list(const struct leaks *l, const uint32_t *held, uint32_t rank,
		      struct strbuf *sb, uint32_t *count)
{
	uint32_t n = 0, total = 0;

	for (uint32_t g = 0; g < l->nsuspects; g++)
		total += held[g] == rank;
	for (uint32_t g = 0; g < l->nsuspects; g++) {
		if (held[g] != rank)
			continue;
		if (n)
			strbuf_addstr(sb, n + 1 == total ? " and " : ", ");
		strbuf_addstr(sb, l->groups[g].name);
		n++;
	}
	*count = n;
}

int report_leaks(const struct report_args *a, struct out *o, struct ht_error *err)
{
	const struct snapshot *const *snaps = (const struct snapshot *const *)a->snaps;
	const struct snapshot *last = a->snaps[a->nsnaps - 1];
	size_t ni = a->nsnaps - 1;
	struct out_col *cols;
	char **inames;
	struct filter *f;
	struct leaks l;
	struct paths_view v;
	struct strbuf sb = STRBUF_INIT;
	char size[FMT_BUFSZ], floor[FMT_BUFSZ];
	uint32_t *suspect_of, *held, independent = 0;
	struct explained *ex;
	int rc = 0;

	if (filter_open(a, &f, err) < 0)
		return -1;
	leaks_init(&l);
	leaks_compute(&l, snaps, a->nsnaps);
	paths_view_init(&v, last);
	fmt_size(LEAKS_MIN_RETAINED, floor, sizeof(floor));

	/* Each suspect's oldest survivor, its path and what the path shows;
	 * a suspect whose path runs through survivors of a higher-ranked one
	 * is part of that leak (the someMethod closures of the Meteor leak). */
	ex = xcalloc(l.nsuspects + 1, sizeof(*ex));
	held = xcalloc(l.nsuspects + 1, sizeof(*held));
	suspect_of = xmallocarray(last->node_count ? last->node_count : 1, sizeof(*suspect_of));
	for (uint32_t x = 0; x < last->node_count; x++)
		suspect_of[x] = UINT32_MAX;
	for (uint32_t g = 0; g < l.nsuspects; g++)
		for (uint32_t k = 0; k < l.groups[g].survivors; k++)
			suspect_of[l.survivor_nodes[l.groups[g].first_survivor + k]] = g;
	for (uint32_t g = 0; g < l.nsuspects; g++) {
		explain(&v, l.groups[g].oldest, &ex[g]);
		held[g] = held_through(&l, g, &ex[g], suspect_of);
		independent += !held[g];
	}
	free(suspect_of);

	/* The conclusion first, as a person would write it. */
	out_note(o, "Leak suspects in %s: objects allocated since %s that are still alive "
		 "(%zu interval%s)", base_name(last->path), base_name(a->snaps[0]->path), ni,
		 ni == 1 ? "" : "s");
	if (!l.nsuspects) {
		out_note(o, "No leak suspect: no class kept objects from %s retaining %s or more "
			 "(%u new object%s survive in all).", ni == 1 ? "the interval" :
			 "every interval", floor, l.total_survivors,
			 l.total_survivors == 1 ? "" : "s");
	}
	for (uint32_t g = 0, nth = 0; g < l.nsuspects; g++) {
		const struct leak_group *grp = &l.groups[g];
		uint32_t n;

		if (held[g])
			continue;
		strbuf_reset(&sb);
		interval_counts(&l, g, &sb);
		out_note(o, "%s: %s - %u object%s allocated since the first snapshot %s still "
			 "alive (%s%s), retaining %s.", nth ? "Also" : "Most likely leak",
			 grp->name, grp->survivors, grp->survivors == 1 ? "" : "s",
			 grp->survivors == 1 ? "is" : "are", ni == 1 ? "" : "per interval: ",
			 sb.buf, fmt_size(grp->retained, size, sizeof(size)));
		if (ex[g].verdicts.count)
			out_note(o, "  Why: %s", ex[g].verdicts.items[ex[g].verdicts.count - 1].text);
		strbuf_reset(&sb);
		name_list(&l, held, g + 1, &sb, &n);
		if (n)
			out_note(o, "  Growing with it (held through its objects): %s.", sb.buf);
		nth++;
	}
	out_note(o, "Not counted: %u new object%s of engine internals (compiled code, shapes, "
		 "Node's embedder objects) or reachable only from system roots (work in flight).",
		 l.noise_objects, l.noise_objects == 1 ? "" : "s");

	/* The table: one row per suspect. */
	size_t ncols = 8 + ni;
	cols = xcalloc(ncols, sizeof(*cols));
	inames = xcalloc(ni, sizeof(*inames));
	cols[0] = (struct out_col){"rank", OUT_COUNT};
	cols[1] = (struct out_col){"class", OUT_STR};
	cols[2] = (struct out_col){"survivors", OUT_COUNT};
	for (size_t k = 0; k < ni; k++) {
		inames[k] = xasprintf("interval%zu", k + 1);
		cols[3 + k] = (struct out_col){inames[k], OUT_COUNT};
	}
	cols[3 + ni] = (struct out_col){"retained_size", OUT_SIZE};
	cols[4 + ni] = (struct out_col){"shallow_size", OUT_SIZE};
	cols[5 + ni] = (struct out_col){"held_through", OUT_INT};
	cols[6 + ni] = (struct out_col){"oldest_id", OUT_INT};
	cols[7 + ni] = (struct out_col){"path", OUT_STR};

	out_table_begin(o, "suspects", cols, ncols);
	for (uint32_t g = 0; g < l.nsuspects; g++) {
		const struct leak_group *grp = &l.groups[g];
		int keep = filter_keep(f, grp->name, err);
		if (keep < 0) {
			rc = -1;
			break;
		}
		if (!keep)
			continue;
		out_uint(o, g + 1);
		out_cstr(o, grp->name);
		out_uint(o, grp->survivors);
		for (size_t k = 1; k <= ni; k++)
			out_uint(o, leaks_interval_count(&l, g, k));
		out_uint(o, grp->retained);
		out_uint(o, grp->self);
		if (held[g])
			out_uint(o, held[g]);
		else
			out_null(o);
		out_uint(o, last->node_id[grp->oldest]);
		strbuf_reset(&sb);
		path_line(last, grp->oldest, &ex[g].path, &sb);
		out_cstr(o, sb.buf);
		out_row_end(o);
	}
	out_table_end(o);

	/* Verdicts: what kind of leak each independent suspect's path shows,
	 * nearest to the object first. */
	static const struct out_col vcols[] = {
		{"rank", OUT_COUNT}, {"class", OUT_STR}, {"kind", OUT_STR}, {"level", OUT_COUNT},
		{"text", OUT_STR},
	};
	if (rc == 0 && independent) {
		out_table_begin(o, "verdicts", vcols, ARRAY_SIZE(vcols));
		for (uint32_t g = 0; g < l.nsuspects; g++) {
			if (held[g] || filter_keep(f, l.groups[g].name, err) != 1)
				continue;
			for (size_t i = ex[g].verdicts.count; i-- > 0;) {
				const struct pattern_verdict *pv = &ex[g].verdicts.items[i];
				out_uint(o, g + 1);
				out_cstr(o, l.groups[g].name);
				out_cstr(o, pattern_name(pv->kind));
				out_uint(o, pv->row + 1);
				out_cstr(o, pv->text);
				out_row_end(o);
			}
		}
		out_table_end(o);
	}
	if (rc == 0) {
		uint32_t shown = 0;
		for (uint32_t g = 0; g < l.nsuspects && shown < LEAKS_EXPLAINED; g++) {
			if (held[g] || filter_keep(f, l.groups[g].name, err) != 1)
				continue;
			explain_notes(o, &l, g, last, &ex[g]);
			shown++;
		}
	}

	if (rc == 0 && a->has_fail_over && l.nsuspects && l.groups[0].retained >= a->fail_over) {
		out_note(o, "--fail-over: the top suspect retains %s, at least %llu bytes",
			 fmt_size(l.groups[0].retained, size, sizeof(size)),
			 (unsigned long long)a->fail_over);
		rc = 3;
	}

	for (uint32_t g = 0; g < l.nsuspects; g++)
		explained_release(&ex[g]);
	free(ex);
	free(held);
	for (size_t k = 0; k < ni; k++)
		free(inames[k]);
	free(inames);
	free(cols);
	strbuf_release(&sb);
	paths_view_release(&v);
	leaks_release(&l);
	filter_free(f);
	return rc;
}
