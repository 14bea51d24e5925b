/*
 * summary.c - DevTools' Summary aggregates (HeapSnapshot.buildAggregates,
 * calculateClassesRetainedSize, getAggregatesByClassKey) over flat arrays.
 */
#include "heaptui/summary.h"

#include <stdlib.h>
#include <string.h>

#include "heaptui/analyze.h"
#include "heaptui/classes.h"
#include "heaptui/dominators.h"
#include "heaptui/util.h"

void summary_init(struct summary *sm)
{
	memset(sm, 0, sizeof(*sm));
}

void summary_release(struct summary *sm)
{
	free(sm->rows);
	free(sm->nodes);
	summary_init(sm);
}

/* DevTools' distance as a signed number, for min and ordering. */
static int64_t raw_distance(uint32_t d)
{
	return analyze_distance_raw(d);
}

struct sort_ctx {
	const struct summary *sm;
	const struct class_table *t;
	enum summary_sort_key key;
	int descending;
};

static int cmp_name_order(const struct sort_ctx *c, const struct summary_row *a,
			  const struct summary_row *b)
{
	const char *na = c->t->names + c->t->name_off[a->cls];
	const char *nb = c->t->names + c->t->name_off[b->cls];
	int r = classes_strcmp_js(na, strlen(na), nb, strlen(nb));
	if (r)
		return r;
	return a->order < b->order ? -1 : a->order > b->order ? 1 : 0;
}

static int row_cmp(const void *ctx, uint32_t x, uint32_t y)
{
	const struct sort_ctx *c = ctx;
	const struct summary_row *a = &c->sm->rows[x], *b = &c->sm->rows[y];
	int r = 0;

	switch (c->key) {
	case SUMMARY_BY_RETAINED:
		r = a->retained < b->retained ? -1 : a->retained > b->retained;
		break;
	case SUMMARY_BY_SHALLOW:
		r = a->shallow < b->shallow ? -1 : a->shallow > b->shallow;
		break;
	case SUMMARY_BY_COUNT:
		r = a->count < b->count ? -1 : a->count > b->count;
		break;
	case SUMMARY_BY_DISTANCE: {
		int64_t da = raw_distance(a->distance), db = raw_distance(b->distance);
		r = da < db ? -1 : da > db;
		break;
	}
	case SUMMARY_BY_NAME:
		break;
	}
	if (c->descending)
		r = -r;
	if (r)
		return r;
	r = cmp_name_order(c, a, b);
	if (c->key == SUMMARY_BY_NAME && c->descending)
		r = -r;
	return r;
}

void summary_sort(struct summary *sm, const struct class_table *t, enum summary_sort_key key,
		  int descending)
{
	struct sort_ctx c = {sm, t, key, descending};
	uint32_t *order = xmallocarray(sm->count ? sm->count : 1, sizeof(*order));
	struct summary_row *rows = xmallocarray(sm->count ? sm->count : 1, sizeof(*rows));

	for (uint32_t i = 0; i < sm->count; i++)
		order[i] = i;
	classes_sort_u32(order, sm->count, row_cmp, &c);
	for (uint32_t i = 0; i < sm->count; i++)
		rows[i] = sm->rows[order[i]];
	free(sm->rows);
	sm->rows = rows;
	free(order);
}

struct name_ctx {
	const struct class_table *t;
};

static int class_name_cmp(const void *ctx, uint32_t x, uint32_t y)
{
	const struct class_table *t = ctx;
	return strcmp(t->names + t->name_off[x], t->names + t->name_off[y]);
}

/*
 * DevTools turns internal class keys into public ones (",NAME") and keeps
 * the aggregate inserted last when two collide. Marks the losers in `drop`
 * and moves the winner's insertion position to the group's first.
 */
static void resolve_public_keys(const struct snapshot *s, const struct class_table *t,
				const uint32_t *count, node_ix *first_node, uint8_t *drop)
{
	uint32_t n = 0, *ids = xmallocarray(t->count ? t->count : 1, sizeof(*ids));

	for (class_ix c = 0; c < t->count; c++)
		if (count[c] && t->location[c] == UINT32_MAX)
			ids[n++] = c;
	classes_sort_u32(ids, n, class_name_cmp, t);
	for (uint32_t i = 0; i < n;) {
		uint32_t j = i + 1;
		while (j < n && classes_same_public_key(s, t, ids[i], ids[j]))
			j++;
		if (j - i > 1) {
			class_ix win = ids[i];
			node_ix pos = first_node[ids[i]];
			for (uint32_t k = i; k < j; k++) {
				if (first_node[ids[k]] > first_node[win])
					win = ids[k];
				if (first_node[ids[k]] < pos)
					pos = first_node[ids[k]];
			}
			for (uint32_t k = i; k < j; k++)
				if (ids[k] != win)
					drop[ids[k]] = 1;
			first_node[win] = pos;
		}
		i = j;
	}
	free(ids);
}

/* buildAggregates' test: a node of non-zero size that the filter keeps. */
static inline int counted(const struct snapshot *s, const struct summary_filter *f, node_ix n)
{
	return s->node_self[n] && !(f && f->node_mask && !f->node_mask[n]);
}

/* One part of the sweep below: preorder positions [from, to), starting
 * with the marks that the nodes at positions path[] (the ancestors of
 * `from`, root first) hold there. */
struct sweep {
	const struct snapshot *s;
	const struct dom_preorder *pre;
	const class_ix *node_class;
	const struct summary_filter *f;
	size_t cs;               /* classes */
	uint32_t from, to;
	const uint32_t *path;
	uint32_t npath;
	uint64_t *retained;      /* [cs] the part's sums */
};

static void *sweep_run(void *arg)
{
	struct sweep *w = arg;
	const struct snapshot *s = w->s;
	const struct dom_preorder *pre = w->pre;
	struct mark {
		uint32_t end;    /* the marking node's subtree ends here */
		class_ix class;
	} *marks = xmallocarray(w->cs, sizeof(*marks));
	uint8_t *seen = xcalloc(w->cs, 1);
	size_t depth = 0;

	for (uint32_t k = 0; k < w->npath + (w->to - w->from); k++) {
		/* the ancestors first (marks only), then the part itself */
		uint32_t i = k < w->npath ? w->path[k] : w->from + (k - w->npath);
		while (depth && marks[depth - 1].end <= i)
			seen[marks[--depth].class] = 0;
		node_ix u = pre->node[i];
		class_ix c = w->node_class[u];
		if (counted(s, w->f, u) && !seen[c]) {
			if (k >= w->npath)
				w->retained[c] += s->node_retained[u];
			if (pre->end[i] > i + 1) {
				seen[c] = 1;
				marks[depth++] = (struct mark){pre->end[i], c};
			}
		}
	}
	free(marks);
	free(seen);
	return NULL;
}

/* Below this many nodes the sweep is not split. */
#define SWEEP_SPLIT_MIN 1000000

/*
 * calculateClassesRetainedSize: down the dominator tree from the root, a
 * counted node adds its retained size unless a counted dominator above it
 * has the same class. A sweep of the tree's preorder: a class is marked
 * seen from a counted node to the end of its subtree (at most one mark per
 * class, so the stack of marks has at most a row per class). Big trees are
 * swept in two parts on two cores, split where a subtree starts near the
 * middle: the second part starts with the marks of that subtree's
 * ancestors (the sums do not depend on the order).
 */
static void class_retained(const struct snapshot *s, const struct dom_preorder *pre,
			   const class_ix *node_class, size_t cs, const struct summary_filter *f,
			   uint64_t *retained)
{
	uint32_t n = s->node_count, split = n, npath = 0, alloc = 16;
	uint32_t *path = xmallocarray(alloc, sizeof(*path));
	const uint32_t *end = pre->end;

	/* down from the root into the subtree holding the middle, until a
	 * subtree boundary is near enough to it */
	for (uint32_t q = 0, target = n / 2; n >= SWEEP_SPLIT_MIN;) {
		if (npath == alloc) {
			alloc *= 2;
			path = xreallocarray(path, alloc, sizeof(*path));
		}
		path[npath++] = q;
		uint32_t c = q + 1;
		while (c < end[q] && end[c] <= target)
			c = end[c];
		if (c >= end[q])
			break; /* no child holds it (cannot happen: q's subtree does) */
		if (c == target || target - c < n / 8 || end[c] - target < n / 8 ||
		    end[c] - c < n / 4) {
			split = target - c < end[c] - target ? c : end[c];
			break;
		}
		q = c;
	}
	while (npath && end[path[npath - 1]] <= split)
		npath--; /* the split is a later sibling's start */

	struct sweep first = {s, pre, node_class, f, cs, 0, split, NULL, 0, retained};
	if (split < n) {
		struct sweep second = {s, pre, node_class, f, cs, split, n, path, npath,
				       xcalloc(cs, sizeof(uint64_t))};
		struct ht_task task;
		ht_task_start(&task, sweep_run, &second);
		sweep_run(&first);
		ht_task_wait(&task);
		for (size_t c = 0; c < cs; c++)
			retained[c] += second.retained[c];
		free(second.retained);
	} else {
		sweep_run(&first);
	}
	free(path);
}

void summary_aggregate(const struct snapshot *s, const class_ix *node_class, uint32_t nc,
		       const struct summary_filter *f, const struct dom_preorder *pre,
		       uint8_t *kept, struct class_aggregates *agg)
{
	uint32_t n = s->node_count;
	const uint32_t *self = s->node_self;
	size_t cs = nc ? nc : 1;
	uint32_t *count = xcalloc(cs, sizeof(*count));
	uint32_t *dist = xmallocarray(cs, sizeof(*dist));
	uint64_t *shallow = xcalloc(cs, sizeof(*shallow));
	uint64_t *retained = xcalloc(cs, sizeof(*retained));
	node_ix *first_node = xmallocarray(cs, sizeof(*first_node));

	/* classes without instances: "-" and no position (the cache stores all) */
	memset(dist, 0xff, cs * sizeof(*dist));
	memset(first_node, 0xff, cs * sizeof(*first_node));
	/* buildAggregates */
	for (node_ix i = 0; i < n; i++) {
		int in = counted(s, f, i);
		if (kept)
			kept[i] = (uint8_t)in;
		if (!in)
			continue;
		class_ix c = node_class[i];
		uint32_t d = s->node_distance[i];
		if (!count[c]) {
			dist[c] = d;
			first_node[c] = i;
		} else if (raw_distance(d) < raw_distance(dist[c])) {
			dist[c] = d;
		}
		count[c]++;
		shallow[c] += self[i];
	}

	if (pre) {
		class_retained(s, pre, node_class, cs, f, retained);
	} else {
		struct dom_preorder own;
		dominators_preorder(s, &own);
		class_retained(s, &own, node_class, cs, f, retained);
		dominators_preorder_release(&own);
	}

	agg->count = count;
	agg->distance = dist;
	agg->shallow = shallow;
	agg->retained = retained;
	agg->first = first_node;
}

void class_aggregates_release(struct class_aggregates *agg)
{
	free(agg->count);
	free(agg->distance);
	free(agg->shallow);
	free(agg->retained);
	free(agg->first);
	memset(agg, 0, sizeof(*agg));
}

/* Fill sm->nodes: the instances of every row, in ordinal order, by counting sort. */
static void fill_instances(struct summary *sm, const uint8_t *kept)
{
	const struct snapshot *s = sm->s;
	uint32_t n = s->node_count, nc = sm->nclasses;
	uint32_t *row_of = xmallocarray(nc ? nc : 1, sizeof(*row_of));
	uint32_t *fill = xmallocarray(sm->count ? sm->count : 1, sizeof(*fill));
	uint64_t total = 0;

	memset(row_of, 0xff, (size_t)nc * sizeof(*row_of));
	for (uint32_t r = 0; r < sm->count; r++) {
		row_of[sm->rows[r].cls] = r;
		fill[r] = sm->rows[r].first;
		total += sm->rows[r].count;
	}
	sm->nodes = xmallocarray(total ? total : 1, sizeof(*sm->nodes));
	for (node_ix i = 0; i < n; i++) {
		if (kept ? !kept[i] : !s->node_self[i])
			continue;
		uint32_t r = row_of[sm->node_class[i]];
		if (r != UINT32_MAX)
			sm->nodes[fill[r]++] = i;
	}
	free(fill);
	free(row_of);
}

const node_ix *summary_instances(struct summary *sm, uint32_t i, uint32_t *count)
{
	if (!sm->nodes)
		fill_instances(sm, NULL);
	*count = sm->rows[i].count;
	return sm->nodes + sm->rows[i].first;
}

void summary_build(const struct snapshot *s, const class_ix *node_class,
		   const struct class_table *t, const struct summary_filter *f,
		   struct summary *out)
{
	uint32_t n = s->node_count, nc = t->count;
	size_t cs = nc ? nc : 1;
	struct class_aggregates own = {0};
	const struct class_aggregates *agg = &s->agg;
	uint8_t *kept = NULL;

	summary_init(out);
	out->s = s;
	out->node_class = node_class;
	out->nclasses = nc;
	/* The snapshot's own classification, every node: analyze_run's figures. */
	if (!s->agg.count || node_class != s->node_class || t != &s->classes ||
	    (f && f->node_mask)) {
		kept = xmallocarray(n ? n : 1, 1);
		summary_aggregate(s, node_class, nc, f, NULL, kept, &own);
		agg = &own;
	}
	node_ix *order = xmallocarray(cs, sizeof(*order));
	uint8_t *drop = xcalloc(cs, 1);
	memcpy(order, agg->first, (size_t)nc * sizeof(*order));
	resolve_public_keys(s, t, agg->count, order, drop);

	uint32_t nrows = 0;
	for (class_ix c = 0; c < nc; c++)
		if (agg->count[c] && !drop[c] && !(f && f->keep_class && !f->keep_class(f->ctx, c)))
			nrows++;
	out->count = nrows;
	out->rows = xcalloc(nrows ? nrows : 1, sizeof(*out->rows));
	uint32_t at = 0, r = 0;
	for (class_ix c = 0; c < nc; c++) {
		if (!agg->count[c] || drop[c] || (f && f->keep_class && !f->keep_class(f->ctx, c)))
			continue;
		struct summary_row *row = &out->rows[r++];
		row->cls = c;
		row->count = agg->count[c];
		row->distance = agg->distance[c];
		row->shallow = agg->shallow[c];
		row->retained = agg->retained[c];
		row->first = at;
		row->order = order[c];
		at += agg->count[c];
		out->total_count += agg->count[c];
		out->total_shallow += agg->shallow[c];
	}
	/* a filtered build fills the instances now (kept[] is at hand); the
	 * snapshot's own Summary on first use, as most opens never expand a class */
	if (kept)
		fill_instances(out, kept);
	summary_sort(out, t, SUMMARY_BY_RETAINED, 1);

	free(order);
	free(drop);
	free(kept);
	class_aggregates_release(&own);
}
