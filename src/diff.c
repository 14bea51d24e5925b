/*
 * diff.c - DevTools' Comparison (calculateSnapshotDiff, calculateDiffForClass,
 * aggregatesForDiff) and the "allocated between" node filter.
 *
 * Each side's nodes of non-zero size are bucketed by class in ascending id
 * order (a counting sort over id_order, O(nodes)); classes are joined by
 * DevTools' class key through a small hash table; each joined pair is then
 * merge-joined by id, as DevTools does. Nothing is allocated per node.
 */
#include "heaptui/diff.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "heaptui/classes.h"
#include "heaptui/util.h"

/* One side bucketed by class: nodes of class c, ascending id, are
 * nodes[start[c] .. start[c + 1]); `order` lists the classes that have any
 * node, in order of their first node ordinal (DevTools' Map insertion order). */
struct side_lists {
	uint32_t *start;   /* [classes + 1] offsets into nodes */
	node_ix *nodes;    /* [counted nodes] */
	class_ix *order;   /* [norder] classes with nodes, by first node ordinal */
	uint32_t norder;   /* classes that have at least one counted node */
	uint32_t total;    /* counted nodes (self size > 0) */
};

static void side_lists_build(struct side_lists *l, const struct diff_side *side)
{
	const struct snapshot *s = side->s;
	uint32_t nclass = side->classes->count;
	uint32_t *pos;

	l->start = xcalloc((size_t)nclass + 1, sizeof(*l->start));
	l->order = xmallocarray(nclass ? nclass : 1, sizeof(*l->order));
	l->norder = 0;
	l->total = 0;
	/* Count per class; a class's first counted node in ordinal order puts it in `order`. */
	for (node_ix n = 0; n < s->node_count; n++) {
		if (!side->self[n])
			continue;
		class_ix c = side->node_class[n];
		if (c >= nclass)
			BUG("node class out of range");
		if (!l->start[c + 1]++)
			l->order[l->norder++] = c;
		l->total++;
	}
	for (uint32_t c = 0; c < nclass; c++)
		l->start[c + 1] += l->start[c];
	l->nodes = xmallocarray(l->total ? l->total : 1, sizeof(*l->nodes));
	pos = xmallocarray(nclass ? nclass : 1, sizeof(*pos));
	memcpy(pos, l->start, (size_t)nclass * sizeof(*pos));
	for (uint32_t k = 0; k < s->node_count; k++) {
		node_ix n = s->id_order[k];
		if (side->self[n])
			l->nodes[pos[side->node_class[n]]++] = n;
	}
	free(pos);
}

static void side_lists_release(struct side_lists *l)
{
	free(l->start);
	free(l->nodes);
	free(l->order);
}

/* ---- class keys ------------------------------------------------------- */

/* DevTools' class key, unpacked: ",NAME" when loc is 0, else "S,L,C,NAME". */
struct class_key {
	int has_loc;       /* key carries a location */
	uint32_t script;   /* script id of the location */
	uint32_t line;     /* line of the location */
	uint32_t column;   /* column of the location */
	const char *name;  /* class display name */
};

static void class_key_get(struct class_key *k, const struct snapshot *s,
			  const struct class_table *t, class_ix c)
{
	uint32_t loc = t->location ? t->location[c] : UINT32_MAX;

	k->name = t->names + t->name_off[c];
	k->has_loc = loc != UINT32_MAX && loc < s->location_count;
	k->script = k->has_loc ? s->loc_script[loc] : 0;
	k->line = k->has_loc ? s->loc_line[loc] : 0;
	k->column = k->has_loc ? s->loc_column[loc] : 0;
}

static int class_key_equal(const struct class_key *a, const struct class_key *b)
{
	if (a->has_loc != b->has_loc)
		return 0;
	if (a->has_loc && (a->script != b->script || a->line != b->line || a->column != b->column))
		return 0;
	return !strcmp(a->name, b->name);
}

static uint64_t class_key_hash(const struct class_key *k)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)k->name; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	if (k->has_loc) {
		uint32_t v[3] = {k->script, k->line, k->column};
		for (int i = 0; i < 3; i++)
			h = (h ^ v[i]) * 1099511628211ull;
		h ^= 0x9e3779b97f4a7c15ull;
	}
	return h;
}

void diff_class_key(const struct snapshot *s, const struct class_table *t, class_ix c,
		    char *buf, size_t size)
{
	struct class_key k;

	class_key_get(&k, s, t, c);
	if (k.has_loc)
		snprintf(buf, size, "%u,%u,%u,%s", k.script, k.line, k.column, k.name);
	else
		snprintf(buf, size, ",%s", k.name);
}

/* Open-addressing table from the target's class keys to its classes. */
struct key_map {
	class_ix *slot;    /* [mask + 1] class or CLASS_NONE */
	size_t mask;       /* table size - 1 (a power of two) */
};

static void key_map_build(struct key_map *m, const struct diff_side *side,
			  const struct side_lists *l)
{
	size_t size = 16;
	while (size < (size_t)l->norder * 2)
		size *= 2;
	m->mask = size - 1;
	m->slot = xmallocarray(size, sizeof(*m->slot));
	for (size_t i = 0; i < size; i++)
		m->slot[i] = CLASS_NONE;
	for (uint32_t i = 0; i < l->norder; i++) {
		struct class_key k;
		class_key_get(&k, side->s, side->classes, l->order[i]);
		size_t h = (size_t)class_key_hash(&k) & m->mask;
		while (m->slot[h] != CLASS_NONE) {
			/* Two classes of one table with one key cannot come from
			 * classes_assign (one class per key); keep the first. */
			struct class_key o;
			class_key_get(&o, side->s, side->classes, m->slot[h]);
			if (class_key_equal(&k, &o))
				break;
			h = (h + 1) & m->mask;
		}
		if (m->slot[h] == CLASS_NONE)
			m->slot[h] = l->order[i];
	}
}

static class_ix key_map_find(const struct key_map *m, const struct diff_side *side,
			     const struct class_key *k)
{
	size_t h = (size_t)class_key_hash(k) & m->mask;
	while (m->slot[h] != CLASS_NONE) {
		struct class_key o;
		class_key_get(&o, side->s, side->classes, m->slot[h]);
		if (class_key_equal(k, &o))
			return m->slot[h];
		h = (h + 1) & m->mask;
	}
	return CLASS_NONE;
}

/* ---- the diff ----------------------------------------------------------- */

/* A row with its DevTools insertion rank, for the stable sort. */
struct ranked_row {
	struct diff_row row; /* the row */
	uint32_t rank;       /* position in DevTools' diff object (insertion order) */
};

void diff_init(struct diff *d)
{
	memset(d, 0, sizeof(*d));
}

void diff_release(struct diff *d)
{
	free(d->rows);
	free(d->new_nodes);
	free(d->deleted_nodes);
	if (d->base_classes.count || d->base_classes.names)
		class_table_release(&d->base_classes);
	diff_init(d);
}

/* calculateDiffForClass: merge-join two ascending id lists (either may be empty). */
static void diff_class(struct diff *d, struct diff_row *r,
		       const struct diff_side *base, const node_ix *bn, uint32_t bl,
		       const struct diff_side *target, const node_ix *tn, uint32_t tl)
{
	uint32_t i = 0, j = 0;
	const uint32_t *bid = base->s->node_id, *tid = target->s->node_id;

	r->first_new = (uint32_t)d->total_new;
	r->first_deleted = (uint32_t)d->total_deleted;
	r->new_count = r->deleted_count = 0;
	r->alloc_size = r->freed_size = 0;
	while (i < bl || j < tl) {
		if (j == tl || (i < bl && bid[bn[i]] < tid[tn[j]])) {
			d->deleted_nodes[d->total_deleted++] = bn[i];
			r->deleted_count++;
			r->freed_size += base->self[bn[i]];
			i++;
		} else if (i == bl || bid[bn[i]] > tid[tn[j]]) {
			d->new_nodes[d->total_new++] = tn[j];
			r->new_count++;
			r->alloc_size += target->self[tn[j]];
			j++;
		} else {
			i++;
			j++;
		}
	}
	d->total_alloc += r->alloc_size;
	d->total_freed += r->freed_size;
}

/* UTF-8 decode without validation beyond bounds (names are valid UTF-8). */
static uint32_t utf8_next(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t c = s[0];
	int n = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;

	if (n)
		c &= 0x3f >> n;
	(*p)++;
	while (n-- && (**p & 0xc0) == 0x80)
		c = (c << 6) | (*(*p)++ & 0x3f);
	return c;
}

/* The first UTF-16 code unit of a code point (what JS compares first). */
static uint32_t utf16_lead(uint32_t c)
{
	return c < 0x10000 ? c : 0xd800 + ((c - 0x10000) >> 10);
}

int diff_js_strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	for (;;) {
		if (!*p || !*q)
			return (*p != 0) - (*q != 0);
		uint32_t x = utf8_next(&p), y = utf8_next(&q);
		if (x == y)
			continue;
		uint32_t ux = utf16_lead(x), uy = utf16_lead(y);
		if (ux != uy)
			return ux < uy ? -1 : 1;
		/* Same lead surrogate: the trail units order as the code points do. */
		return x < y ? -1 : 1;
	}
}

static int ranked_cmp(const void *pa, const void *pb)
{
	const struct ranked_row *a = pa, *b = pb;

	if (a->row.alloc_size != b->row.alloc_size)
		return a->row.alloc_size > b->row.alloc_size ? -1 : 1;
	int c = diff_js_strcmp(a->row.name, b->row.name);
	if (c)
		return c;
	return a->rank < b->rank ? -1 : a->rank > b->rank;
}

void diff_compute_sides(struct diff *d, const struct diff_side *base,
			const struct diff_side *target)
{
	struct side_lists bl, tl;
	struct key_map map;
	struct ranked_row *rr;
	uint32_t nrows = 0;
	uint8_t *target_keyed;

	free(d->rows);
	free(d->new_nodes);
	free(d->deleted_nodes);
	d->rows = NULL;
	d->count = 0;
	d->total_new = d->total_deleted = d->total_alloc = d->total_freed = 0;

	side_lists_build(&bl, base);
	side_lists_build(&tl, target);
	key_map_build(&map, target, &tl);
	d->new_nodes = xmallocarray(tl.total ? tl.total : 1, sizeof(*d->new_nodes));
	d->deleted_nodes = xmallocarray(bl.total ? bl.total : 1, sizeof(*d->deleted_nodes));
	rr = xmallocarray((size_t)bl.norder + tl.norder + 1, sizeof(*rr));
	/* Target classes whose key the base has (those are diffed in the first loop). */
	target_keyed = xcalloc(target->classes->count + 1, 1);

	/* Base classes, in the base's aggregate order; then target-only classes. */
	for (uint32_t i = 0; i < bl.norder; i++) {
		class_ix bc = bl.order[i], tc;
		struct class_key k;
		struct diff_row *r = &rr[nrows].row;

		class_key_get(&k, base->s, base->classes, bc);
		tc = key_map_find(&map, target, &k);
		if (tc != CLASS_NONE)
			target_keyed[tc] = 1;
		diff_class(d, r, base, bl.nodes + bl.start[bc], bl.start[bc + 1] - bl.start[bc],
			   target, tc == CLASS_NONE ? NULL : tl.nodes + tl.start[tc],
			   tc == CLASS_NONE ? 0 : tl.start[tc + 1] - tl.start[tc]);
		if (!r->new_count && !r->deleted_count)
			continue;
		r->base_class = bc;
		r->target_class = tc;
		r->name = tc != CLASS_NONE ? target->classes->names + target->classes->name_off[tc]
					   : base->classes->names + base->classes->name_off[bc];
		rr[nrows].rank = nrows;
		nrows++;
	}
	for (uint32_t i = 0; i < tl.norder; i++) {
		class_ix tc = tl.order[i];
		struct diff_row *r = &rr[nrows].row;

		if (target_keyed[tc])
			continue;
		/* Only the first class of a (duplicated) key is diffed, as above. */
		struct class_key k;
		class_key_get(&k, target->s, target->classes, tc);
		if (key_map_find(&map, target, &k) != tc)
			continue;
		diff_class(d, r, base, NULL, 0, target, tl.nodes + tl.start[tc],
			   tl.start[tc + 1] - tl.start[tc]);
		r->base_class = CLASS_NONE;
		r->target_class = tc;
		r->name = target->classes->names + target->classes->name_off[tc];
		rr[nrows].rank = nrows;
		nrows++;
	}

	qsort(rr, nrows, sizeof(*rr), ranked_cmp);
	d->rows = xmallocarray(nrows ? nrows : 1, sizeof(*d->rows));
	for (uint32_t i = 0; i < nrows; i++)
		d->rows[i] = rr[i].row;
	d->count = nrows;

	free(rr);
	free(target_keyed);
	free(map.slot);
	side_lists_release(&bl);
	side_lists_release(&tl);
}

void diff_compute(struct diff *d, const struct snapshot *base, const struct snapshot *target)
{
	class_ix *base_class = xmallocarray(base->node_count ? base->node_count : 1,
					    sizeof(*base_class));
	struct diff_side bs, ts;

	if (d->base_classes.count || d->base_classes.names)
		class_table_release(&d->base_classes);
	classes_assign(base, &target->ifaces, base_class, &d->base_classes);
	bs.s = base;
	bs.node_class = base_class;
	bs.classes = &d->base_classes;
	bs.self = base->node_self;
	ts.s = target;
	ts.node_class = target->node_class;
	ts.classes = &target->classes;
	ts.self = target->node_self;
	diff_compute_sides(d, &bs, &ts);
	free(base_class);
}

/* ---- allocated between ------------------------------------------------ */

uint32_t diff_max_js_id(const struct snapshot *s)
{
	uint32_t max = 0;

	for (node_ix n = 0; n < s->node_count; n++)
		if ((s->node_id[n] & 1) && s->node_id[n] > max)
			max = s->node_id[n];
	return max;
}

uint32_t diff_between(const struct snapshot *from, const struct snapshot *to, uint8_t *mask)
{
	uint32_t lo = diff_max_js_id(from), hi = diff_max_js_id(to), count = 0;

	for (node_ix n = 0; n < to->node_count; n++) {
		uint32_t id = to->node_id[n];
		mask[n] = id > lo && id <= hi && snapshot_find_id(from, id) == NODE_NONE;
		count += mask[n];
	}
	return count;
}
