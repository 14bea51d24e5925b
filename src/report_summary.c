/*
 * report_summary.c - `--print summary`, `--print nodes`, `--print stats`:
 * DevTools' Summary view, its per-node figures and its Statistics pane, for
 * the target snapshot (the last file, or --target).
 */
#include "heaptui/report.h"

#include <stdlib.h>
#include <string.h>

#include "heaptui/analyze.h"
#include "heaptui/classes.h"
#include "heaptui/diff.h"
#include "heaptui/filter.h"
#include "heaptui/only.h"
#include "heaptui/stats.h"
#include "heaptui/summary.h"
#include "heaptui/text.h"

static const struct snapshot *target_of(const struct report_args *a)
{
	size_t i = a->target < a->nsnaps ? a->target : a->nsnaps - 1;
	return a->snaps[i];
}

/* The Summary's filters: --filter on class names (matched once per class,
 * not per node) and the node mask of --only / --between. */
struct class_filter {
	const struct snapshot *s;
	struct filter *re;
	int8_t *memo;      /* per class: -1 unknown, 0 no, 1 yes */
	int failed;        /* a match hit the resource limit */
	uint8_t *mask;     /* per node: 1 kept (--only, --between), or NULL */
};

static int keep_class(void *ctx, class_ix c)
{
	struct class_filter *cf = ctx;
	if (cf->memo[c] < 0) {
		const char *name = snapshot_class_name(cf->s, c);
		int r = filter_match(cf->re, name, strlen(name));
		if (r < 0) {
			cf->failed = 1;
			r = 0;
		}
		cf->memo[c] = (int8_t)r;
	}
	return cf->memo[c];
}

/* --only detached: one row per detached DOM tree, largest first. */
static int report_detached_trees(const struct snapshot *s, struct out *o)
{
	static const struct out_col cols[] = {
		{"class", OUT_STR},
		{"id", OUT_INT},
		{"nodes", OUT_COUNT},
		{"shallow_size", OUT_SIZE},
		{"retained_size", OUT_SIZE},
	};
	struct only_tree *trees;
	uint32_t count = only_detached_trees(s, &trees);
	out_table_begin(o, "detached", cols, ARRAY_SIZE(cols));
	for (uint32_t i = 0; i < count; i++) {
		node_ix n = trees[i].root;
		out_cstr(o, snapshot_class_name(s, s->node_class[n]));
		out_int(o, s->node_id[n]);
		out_uint(o, trees[i].nodes);
		out_uint(o, s->node_self[n]);
		out_uint(o, s->node_retained[n]);
		out_row_end(o);
	}
	out_table_end(o);
	free(trees);
	return 0;
}

int report_summary(const struct report_args *a, struct out *o, struct ht_error *err)
{
	static const struct out_col cols[] = {
		{"class", OUT_STR},
		{"count", OUT_COUNT},
		{"distance", OUT_STR},
		{"shallow_size", OUT_SIZE},
		{"retained_size", OUT_SIZE},
	};
	/* --between I J summarises snapshot J's objects allocated after I */
	const struct snapshot *s = a->has_between ? a->snaps[a->between_to] : target_of(a);
	struct class_filter cf = {.s = s};
	struct summary_filter sf = {.ctx = &cf};
	struct summary sm;
	enum only_filter only;

	if (a->only && only_parse(a->only, &only) < 0)
		return ht_fail(err, NULL, -1, "--only: unknown filter '%s'", a->only);
	if (a->only && only == ONLY_DETACHED && !a->has_between)
		return report_detached_trees(s, o);
	if (a->only || a->has_between) {
		cf.mask = xcalloc(s->node_count ? s->node_count : 1, 1);
		if (a->has_between)
			diff_between(a->snaps[a->between_from], s, cf.mask);
		if (a->only) {
			uint8_t *m = xcalloc(s->node_count ? s->node_count : 1, 1);
			only_mask(s, only, m);
			for (node_ix n = 0; n < s->node_count; n++)
				cf.mask[n] = a->has_between ? (cf.mask[n] && m[n]) : m[n];
			free(m);
		}
		sf.node_mask = cf.mask;
	}
	if (a->filter) {
		if (filter_compile(&cf.re, a->filter, err) < 0) {
			free(cf.mask);
			return -1;
		}
		cf.memo = xmallocarray(s->classes.count ? s->classes.count : 1, 1);
		memset(cf.memo, 0xff, s->classes.count);
		sf.keep_class = keep_class;
	}
	summary_build(s, s->node_class, &s->classes, &sf, &sm);
	int failed = cf.failed;
	if (!failed) {
		out_table_begin(o, "summary", cols, ARRAY_SIZE(cols));
		for (uint32_t i = 0; i < sm.count; i++) {
			const struct summary_row *r = &sm.rows[i];
			char buf[12];
			out_cstr(o, snapshot_class_name(s, r->cls));
			out_uint(o, r->count);
			out_cstr(o, analyze_distance_text(r->distance, buf));
			out_uint(o, r->shallow);
			out_uint(o, r->retained);
			out_row_end(o);
		}
		out_table_end(o);
	}
	summary_release(&sm);
	free(cf.memo);
	free(cf.mask);
	filter_free(cf.re);
	return failed ? ht_fail(err, NULL, -1, "%s", FILTER_TOO_EXPENSIVE) : 0;
}

int report_nodes(const struct report_args *a, struct out *o, struct ht_error *err)
{
	static const struct out_col cols[] = {
		{"id", OUT_INT},
		{"class", OUT_STR},
		{"name", OUT_STR},
		{"self_size", OUT_SIZE},
		{"distance", OUT_INT},
		{"retained_size", OUT_SIZE},
		{"dominator_id", OUT_INT},
	};
	const struct snapshot *s = target_of(a);
	struct filter *re = NULL;
	struct strbuf name = STRBUF_INIT;

	(void)err;
	if (a->filter && filter_compile(&re, a->filter, err) < 0)
		return -1;
	out_table_begin(o, "nodes", cols, ARRAY_SIZE(cols));
	for (node_ix n = 0; n < s->node_count; n++) {
		const char *cls = snapshot_class_name(s, s->node_class[n]);
		if (re) {
			int m = filter_match(re, cls, strlen(cls));
			if (m < 0) {
				out_table_end(o);
				filter_free(re);
				strbuf_release(&name);
				return ht_fail(err, NULL, -1, "%s", FILTER_TOO_EXPENSIVE);
			}
			if (!m)
				continue;
		}
		/* the raw name, with DevTools' "Detached " for detached DOM nodes */
		size_t len;
		int detached;
		const char *p = analyze_node_raw_name(s, n, &len, &detached);
		strbuf_reset(&name);
		if (detached)
			strbuf_add(&name, "Detached ", 9);
		strbuf_add(&name, p, len);
		out_int(o, s->node_id[n]);
		out_cstr(o, cls);
		out_str(o, name.buf, name.len);
		out_int(o, s->node_self[n]);
		out_int(o, analyze_distance_raw(s->node_distance[n]));
		out_uint(o, s->node_retained[n]);
		out_int(o, s->node_id[s->node_dominator[n]]);
		out_row_end(o);
	}
	out_table_end(o);
	strbuf_release(&name);
	if (re)
		filter_free(re);
	return 0;
}

int report_stats(const struct report_args *a, struct out *o, struct ht_error *err)
{
	static const struct out_col cols[] = {
		{"category", OUT_STR},
		{"size", OUT_SIZE},
	};
	const struct snapshot *s = target_of(a);
	struct stats st;

	(void)err;
	stats_compute(s, &st);
	const struct {
		const char *name;
		uint64_t v;
	} rows[] = {
		{"total", st.total},
		{"v8heap", st.v8heap},
		{"code", st.code},
		{"strings", st.strings},
		{"js_arrays", st.js_arrays},
		{"system", st.system},
		{"other", st.other},
		{"native", st.native},
		{"typed_arrays", st.typed_arrays},
		{"extra_native", st.extra_native},
	};
	out_table_begin(o, "stats", cols, ARRAY_SIZE(cols));
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		out_cstr(o, rows[i].name);
		out_uint(o, rows[i].v);
		out_row_end(o);
	}
	out_table_end(o);
	return 0;
}
