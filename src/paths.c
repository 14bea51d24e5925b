/*
 * paths.c - the Retainers view: listed retaining edges in the grid's
 * order, the auto-expanded chain to the GC roots and "Ignore this retainer"
 * (see paths.h for the DevTools references).
 */
#include "heaptui/paths.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "heaptui/analyze.h"
#include "heaptui/classes.h"
#include "heaptui/util.h"

/* ---- small helpers ---------------------------------------------------- */

/* Does the edge have a string name (DevTools' #hasStringName)? */
static int edge_has_string_name(const struct snapshot *s, edge_ix e)
{
	return !edge_type_has_index(s->edge_type[e]);
}

/* A strbuf's text, "" while nothing was added. */
static const char *sbuf(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

/*
 * JavaScript's parseInt(text, 10): leading white space, a sign, decimal
 * digits. Returns 0 for NaN, else 1 and the value.
 */
static int js_parse_int(const char *p, size_t len, double *out)
{
	size_t i = 0;
	while (i < len && (p[i] == ' ' || (p[i] >= '\t' && p[i] <= '\r')))
		i++;
	int neg = 0;
	if (i < len && (p[i] == '+' || p[i] == '-'))
		neg = p[i++] == '-';
	size_t start = i;
	double v = 0;
	while (i < len && p[i] >= '0' && p[i] <= '9')
		v = v * 10 + (p[i++] - '0');
	if (i == start)
		return 0;
	*out = neg ? -v : v;
	return 1;
}

/* The edge's name as a string (DevTools' JSHeapSnapshotEdge.name()). */
void paths_edge_name(const struct snapshot *s, edge_ix e, struct strbuf *sb)
{
	if (!edge_has_string_name(s, e)) {
		strbuf_addf(sb, "%u", s->edge_name[e]);
		return;
	}
	size_t len;
	const char *p = snapshot_str(s, s->edge_name[e], &len);
	double v;
	if (s->edge_type[e] == EDGE_SHORTCUT && js_parse_int(p, len, &v)) {
		if (v == 0)
			v = 0; /* String(-0) is "0" */
		if (v > -1e21 && v < 1e21)
			strbuf_addf(sb, "%.0f", v);
		else
			strbuf_addf(sb, "%g", v);
		return;
	}
	strbuf_add(sb, p, len);
}

void paths_edge_label(const struct snapshot *s, edge_ix e, struct strbuf *sb)
{
	size_t at = sb->len;
	if (s->edge_type[e] == EDGE_ELEMENT) {
		strbuf_addch(sb, '[');
		paths_edge_name(s, e, sb);
		strbuf_addch(sb, ']');
		return;
	}
	paths_edge_name(s, e, sb);
	if (sb->len == at)
		strbuf_addstr(sb, "(empty)");
}

void paths_edge_string(const struct snapshot *s, edge_ix e, struct strbuf *sb)
{
	struct strbuf sb_name = STRBUF_INIT;
	paths_edge_name(s, e, &sb_name);
	struct {
		const char *buf;
		size_t len;
	} name = {sbuf(&sb_name), sb_name.len};
	switch (s->edge_type[e]) {
	case EDGE_CONTEXT:
		strbuf_addstr(sb, "->");
		strbuf_add(sb, name.buf, name.len);
		break;
	case EDGE_ELEMENT:
		strbuf_addch(sb, '[');
		strbuf_add(sb, name.buf, name.len);
		strbuf_addch(sb, ']');
		break;
	case EDGE_WEAK:
		strbuf_addstr(sb, "[[");
		strbuf_add(sb, name.buf, name.len);
		strbuf_addstr(sb, "]]");
		break;
	case EDGE_PROPERTY:
	case EDGE_SHORTCUT:
		if (name.len && memchr(name.buf, ' ', name.len)) {
			strbuf_addstr(sb, "[\"");
			strbuf_add(sb, name.buf, name.len);
			strbuf_addstr(sb, "\"]");
		} else {
			strbuf_addch(sb, '.');
			strbuf_add(sb, name.buf, name.len);
		}
		break;
	case EDGE_INTERNAL:
	case EDGE_HIDDEN:
	case EDGE_INVISIBLE:
		strbuf_addch(sb, '{');
		strbuf_add(sb, name.buf, name.len);
		strbuf_addch(sb, '}');
		break;
	default:
		strbuf_addch(sb, '?');
		strbuf_add(sb, name.buf, name.len);
		strbuf_addch(sb, '?');
		break;
	}
	strbuf_release(&sb_name);
}

/* ---- the view ---------------------------------------------------------- */

void paths_view_init(struct paths_view *v, const struct snapshot *s)
{
	memset(v, 0, sizeof(*v));
	v->s = s;
}

void paths_view_release(struct paths_view *v)
{
	free(v->ignored);
	free(v->distance);
	free(v->edge_ignored);
	paths_view_init(v, v->s);
}

struct weak_pair {
	node_ix target;   /* value node of the ephemeron edge */
	const char *dup;  /* duplicated part of the edge name */
	size_t len;
};

static int weak_pair_cmp(const void *a, const void *b)
{
	node_ix x = ((const struct weak_pair *)a)->target, y = ((const struct weak_pair *)b)->target;
	return x < y ? -1 : x > y;
}

/*
 * #updateIgnoredEdgesInRetainersView: a WeakMap value is held by the table
 * and the key together; when the view cannot reach the holder of one half,
 * the other half is shown unreachable too.
 */
static void update_ignored_edges(struct paths_view *v)
{
	const struct snapshot *s = v->s;
	struct weak_pair *pairs = NULL;
	size_t npairs = 0, alloc = 0;

	free(v->edge_ignored);
	v->edge_ignored = NULL;
	for (node_ix n = 0; n < s->node_count; n++) {
		if (v->distance[n] != DISTANCE_NONE)
			continue;
		for (edge_ix e = s->first_edge[n]; e < s->first_edge[n + 1]; e++) {
			if (s->edge_type[e] != EDGE_INTERNAL)
				continue;
			size_t len, dup;
			uint64_t table;
			const char *p = snapshot_str(s, s->edge_name[e], &len);
			if (!len || p[0] < '0' || p[0] > '9' ||
			    !analyze_parse_weakmap_edge(p, len, &table, &dup))
				continue;
			if (npairs == alloc) {
				alloc = alloc ? 2 * alloc : 16;
				pairs = xreallocarray(pairs, alloc, sizeof(*pairs));
			}
			pairs[npairs++] = (struct weak_pair){s->edge_to[e], p + dup, len - dup};
		}
	}
	if (!npairs)
		return;
	qsort(pairs, npairs, sizeof(*pairs), weak_pair_cmp);
	v->edge_ignored = xcalloc((size_t)s->edge_count / 8 + 1, 1);
	for (size_t i = 0, j; i < npairs; i = j) {
		node_ix target = pairs[i].target;
		for (j = i; j < npairs && pairs[j].target == target; j++)
			;
		struct retainer_iter it;
		for (retainer_iter_init(&it, s, target, 0); retainer_iter_next(&it);) {
			edge_ix e = it.edge;
			if (s->edge_type[e] != EDGE_INTERNAL)
				continue;
			size_t len, dup;
			uint64_t table;
			const char *p = snapshot_str(s, s->edge_name[e], &len);
			if (!analyze_parse_weakmap_edge(p, len, &table, &dup))
				continue;
			for (size_t m = i; m < j; m++)
				if (pairs[m].len == len - dup && !memcmp(pairs[m].dup, p + dup, len - dup))
					v->edge_ignored[e / 8] |= (uint8_t)(1u << (e % 8));
		}
	}
	free(pairs);
}

static void view_recompute(struct paths_view *v)
{
	if (!v->nignored) {
		free(v->distance);
		free(v->edge_ignored);
		free(v->ignored);
		v->distance = NULL;
		v->edge_ignored = NULL;
		v->ignored = NULL;
		return;
	}
	if (!v->distance)
		v->distance = xmallocarray(v->s->node_count, sizeof(*v->distance));
	analyze_distances(v->s, v->ignored, v->distance);
	update_ignored_edges(v);
}

void paths_view_ignore(struct paths_view *v, const node_ix *nodes, size_t n)
{
	if (!v->ignored)
		v->ignored = xcalloc(v->s->node_count ? v->s->node_count : 1, 1);
	for (size_t i = 0; i < n; i++) {
		assert(nodes[i] < v->s->node_count);
		if (!v->ignored[nodes[i]]) {
			v->ignored[nodes[i]] = 1;
			v->nignored++;
		}
	}
	view_recompute(v);
}

void paths_view_unignore(struct paths_view *v, const node_ix *nodes, size_t n)
{
	if (!v->ignored)
		return;
	for (size_t i = 0; i < n; i++) {
		if (nodes[i] < v->s->node_count && v->ignored[nodes[i]]) {
			v->ignored[nodes[i]] = 0;
			v->nignored--;
		}
	}
	view_recompute(v);
}

int paths_view_is_ignored(const struct paths_view *v, node_ix n)
{
	return v->ignored && v->ignored[n];
}

uint32_t paths_distance(const struct paths_view *v, node_ix n)
{
	uint32_t main = v->s->node_distance[n];
	if (v->distance) {
		uint32_t d = v->distance[n];
		if (d != DISTANCE_NONE)
			return d;
		return PATHS_UNREACHABLE + (main == DISTANCE_NONE ? 0 : main);
	}
	return main == DISTANCE_NONE ? PATHS_UNREACHABLE : main;
}

/* ---- listing and sorting ---------------------------------------------- */

void paths_list_release(struct retainer_list *l)
{
	free(l->items);
	l->items = NULL;
	l->count = l->alloc = 0;
}

static void list_push(struct retainer_list *l, const struct retainer *r)
{
	if (l->count == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 16;
		l->items = xreallocarray(l->items, l->alloc, sizeof(*l->items));
	}
	l->items[l->count++] = *r;
}

/* retainingEdgesFilter: not invisible, not from the root, not weak. */
static int listed(const struct snapshot *s, edge_ix e, node_ix from)
{
	uint8_t t = s->edge_type[e];
	return t != EDGE_INVISIBLE && t != EDGE_WEAK && from != s->root;
}

/* The row of the iterator's current retainer. */
static void make_row(const struct paths_view *v, const struct retainer_iter *it,
		     struct retainer *r)
{
	edge_ix e = it->edge;
	r->edge = e;
	r->node = it->node;
	r->pos = it->slot - v->s->first_retainer[it->target];
	r->ignored = (uint8_t)paths_view_is_ignored(v, r->node);
	if (v->edge_ignored && (v->edge_ignored[e / 8] >> (e % 8) & 1))
		r->distance = PATHS_UNREACHABLE;
	else
		r->distance = paths_distance(v, r->node);
}

/* Names of some rows, for the second sort key. */
struct row_names {
	struct strbuf text;  /* names back to back */
	size_t *off;         /* [n + 1] offsets into text */
};

static void row_names_build(const struct snapshot *s, const struct retainer *rows, size_t n,
			    struct row_names *rn)
{
	strbuf_init(&rn->text);
	rn->off = xmallocarray(n + 1, sizeof(*rn->off));
	for (size_t i = 0; i < n; i++) {
		rn->off[i] = rn->text.len;
		classes_node_name(s, rows[i].node, &rn->text);
	}
	rn->off[n] = rn->text.len;
}

static int row_names_cmp(const struct row_names *rn, size_t a, size_t b)
{
	const char *base = sbuf(&rn->text);
	return classes_strcmp_js(base + rn->off[a], rn->off[a + 1] - rn->off[a],
			       base + rn->off[b], rn->off[b + 1] - rn->off[b]);
}

static void row_names_release(struct row_names *rn)
{
	strbuf_release(&rn->text);
	free(rn->off);
}

/* A stable bottom-up merge sort of rows (no recursion). */
typedef int (*row_cmp_fn)(const struct retainer *a, const struct retainer *b, void *ctx);

static void merge_sort(struct retainer *rows, size_t n, row_cmp_fn cmp, void *ctx)
{
	if (n < 2)
		return;
	struct retainer *tmp = xmallocarray(n, sizeof(*tmp)), *src = rows, *dst = tmp;
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = MIN(lo + width, n), hi = MIN(lo + 2 * width, n);
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				dst[k++] = cmp(&src[j], &src[i], ctx) < 0 ? src[j++] : src[i++];
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
		}
		struct retainer *t = src;
		src = dst;
		dst = t;
	}
	if (src != rows)
		memcpy(rows, src, n * sizeof(*rows));
	free(tmp);
}

static int cmp_distance(const struct retainer *a, const struct retainer *b, void *ctx)
{
	(void)ctx;
	return a->distance < b->distance ? -1 : a->distance > b->distance;
}

/* During the name sort, `pos` temporarily holds the row's index in the names. */
static int cmp_name(const struct retainer *a, const struct retainer *b, void *ctx)
{
	return row_names_cmp(ctx, a->pos, b->pos);
}

static void sort_run_by_name(const struct snapshot *s, struct retainer *rows, size_t n)
{
	struct row_names rn;
	row_names_build(s, rows, n, &rn);
	uint32_t *pos = xmallocarray(n, sizeof(*pos));
	for (size_t i = 0; i < n; i++) {
		pos[i] = rows[i].pos;
		rows[i].pos = (uint32_t)i;
	}
	merge_sort(rows, n, cmp_name, &rn);
	for (size_t i = 0; i < n; i++)
		rows[i].pos = pos[rows[i].pos];
	free(pos);
	row_names_release(&rn);
}

void paths_retainers(const struct paths_view *v, node_ix n, struct retainer_list *out)
{
	const struct snapshot *s = v->s;
	struct retainer_iter it;
	out->count = 0;
	for (retainer_iter_init(&it, s, n, 0); retainer_iter_next(&it);) {
		if (!listed(s, it.edge, it.node))
			continue;
		struct retainer r;
		make_row(v, &it, &r);
		list_push(out, &r);
	}
	/* stable: equal distances keep CSR order, then each tie run by name */
	merge_sort(out->items, out->count, cmp_distance, NULL);
	for (size_t i = 0, j; i < out->count; i = j) {
		for (j = i + 1; j < out->count && out->items[j].distance == out->items[i].distance; j++)
			;
		if (j - i > 1)
			sort_run_by_name(s, out->items + i, j - i);
	}
}

int paths_first_retainer(const struct paths_view *v, node_ix n, struct retainer *out)
{
	const struct snapshot *s = v->s;
	struct retainer best, r;
	struct retainer_iter it;
	size_t ties = 0;

	for (retainer_iter_init(&it, s, n, 0); retainer_iter_next(&it);) {
		if (!listed(s, it.edge, it.node))
			continue;
		make_row(v, &it, &r);
		if (!ties || r.distance < best.distance) {
			best = r;
			ties = 1;
		} else if (r.distance == best.distance) {
			ties++;
		}
	}
	if (!ties)
		return 0;
	if (ties > 1) {
		/* the smallest name among the tied rows; first in CSR order wins ties */
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		classes_node_name(s, best.node, &a);
		for (retainer_iter_init(&it, s, n, best.pos + 1); retainer_iter_next(&it);) {
			if (!listed(s, it.edge, it.node))
				continue;
			make_row(v, &it, &r);
			if (r.distance != best.distance)
				continue;
			strbuf_reset(&b);
			classes_node_name(s, r.node, &b);
			if (classes_strcmp_js(sbuf(&b), b.len, sbuf(&a), a.len) < 0) {
				best = r;
				struct strbuf t = a;
				a = b;
				b = t;
			}
		}
		strbuf_release(&a);
		strbuf_release(&b);
	}
	*out = best;
	return 1;
}

void paths_path(const struct paths_view *v, node_ix n, struct retainer_list *out)
{
	const struct snapshot *s = v->s;
	uint8_t *seen = xcalloc((size_t)s->node_count / 8 + 1, 1);
	struct retainer r;

	out->count = 0;
	seen[n / 8] |= (uint8_t)(1u << (n % 8));
	while (paths_first_retainer(v, n, &r)) {
		list_push(out, &r);
		if (r.distance <= 1 || r.distance >= PATHS_UNREACHABLE)
			break;
		if (seen[r.node / 8] >> (r.node % 8) & 1)
			break;
		seen[r.node / 8] |= (uint8_t)(1u << (r.node % 8));
		n = r.node;
	}
	free(seen);
}
