/*
 * trend.c - per class count and shallow size across N snapshots.
 *
 * Rows are DevTools class keys (name, plus the allocation location for
 * located objects), found through an open-addressing hash; each snapshot
 * adds one column. Names are copied, so a snapshot can be released once it
 * has been added.
 */
#include "heaptui/trend.h"

#include <stdlib.h>
#include <string.h>

#include "heaptui/classes.h"
#include "heaptui/util.h"

#define ROW_NONE UINT32_MAX

void trend_init(struct trend *t, size_t nsnaps)
{
	memset(t, 0, sizeof(*t));
	t->nsnaps = nsnaps;
}

void trend_release(struct trend *t)
{
	free(t->rows);
	free(t->counts);
	free(t->sizes);
	free(t->names);
	free(t->slot);
	trend_init(t, 0);
}

static uint64_t key_hash(const char *name, int has_loc, uint32_t s, uint32_t l, uint32_t c)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	if (has_loc) {
		h = (h ^ s) * 1099511628211ull;
		h = (h ^ l) * 1099511628211ull;
		h = (h ^ c) * 1099511628211ull;
		h ^= 0x9e3779b97f4a7c15ull;
	}
	return h;
}

static int row_is(const struct trend *t, uint32_t r, const char *name, int has_loc,
		  uint32_t s, uint32_t l, uint32_t c)
{
	const struct trend_row *row = &t->rows[r];

	if (row->has_loc != has_loc)
		return 0;
	if (has_loc && (row->script != s || row->line != l || row->column != c))
		return 0;
	return !strcmp(t->names + row->name_off, name);
}

/* Double the hash (and keep it at most half full). */
static void rehash(struct trend *t)
{
	size_t size = t->slot ? (t->slot_mask + 1) * 2 : 64;
	while (size < (size_t)t->count * 2 + 2) /* rebuilt from nothing: fit every row */
		size *= 2;

	free(t->slot);
	t->slot = xmallocarray(size, sizeof(*t->slot));
	t->slot_mask = size - 1;
	for (size_t i = 0; i < size; i++)
		t->slot[i] = ROW_NONE;
	for (uint32_t r = 0; r < t->count; r++) {
		const struct trend_row *row = &t->rows[r];
		size_t h = (size_t)key_hash(t->names + row->name_off, row->has_loc, row->script,
					    row->line, row->column) & t->slot_mask;
		while (t->slot[h] != ROW_NONE)
			h = (h + 1) & t->slot_mask;
		t->slot[h] = r;
	}
}

/* The row of a key, added (with zero counts) if new. */
static uint32_t row_get(struct trend *t, const char *name, int has_loc, uint32_t s,
			uint32_t l, uint32_t c)
{
	if (!t->slot || (size_t)t->count * 2 >= t->slot_mask + 1)
		rehash(t);
	size_t h = (size_t)key_hash(name, has_loc, s, l, c) & t->slot_mask;
	while (t->slot[h] != ROW_NONE) {
		if (row_is(t, t->slot[h], name, has_loc, s, l, c))
			return t->slot[h];
		h = (h + 1) & t->slot_mask;
	}
	if (t->count == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 64;
		t->rows = xreallocarray(t->rows, t->alloc, sizeof(*t->rows));
		t->counts = xreallocarray(t->counts, (size_t)t->alloc * t->nsnaps, sizeof(*t->counts));
		t->sizes = xreallocarray(t->sizes, (size_t)t->alloc * t->nsnaps, sizeof(*t->sizes));
	}
	uint32_t r = t->count++;
	size_t len = strlen(name) + 1;
	if (t->names_len + len > t->names_alloc) {
		uint64_t want = t->names_alloc ? t->names_alloc * 2 : 4096;
		while (want < t->names_len + len)
			want *= 2;
		t->names = xreallocarray(t->names, want, 1);
		t->names_alloc = want;
	}
	memcpy(t->names + t->names_len, name, len);
	t->rows[r].name_off = t->names_len;
	t->names_len += len;
	t->rows[r].has_loc = has_loc;
	t->rows[r].script = s;
	t->rows[r].line = l;
	t->rows[r].column = c;
	t->rows[r].grows = 0;
	memset(t->counts + (size_t)r * t->nsnaps, 0, t->nsnaps * sizeof(*t->counts));
	memset(t->sizes + (size_t)r * t->nsnaps, 0, t->nsnaps * sizeof(*t->sizes));
	t->slot[h] = r;
	return r;
}

void trend_add_side(struct trend *t, size_t i, const struct diff_side *side)
{
	const struct snapshot *s = side->s;
	const struct class_table *ct = side->classes;
	uint32_t *count = xcalloc(ct->count + 1, sizeof(*count));
	uint64_t *size = xcalloc(ct->count + 1, sizeof(*size));

	if (i >= t->nsnaps)
		BUG("trend snapshot out of range");
	for (node_ix n = 0; n < s->node_count; n++) {
		if (!side->self[n])
			continue;
		count[side->node_class[n]]++;
		size[side->node_class[n]] += side->self[n];
	}
	for (class_ix c = 0; c < ct->count; c++) {
		if (!count[c])
			continue;
		uint32_t loc = ct->location ? ct->location[c] : UINT32_MAX;
		int has_loc = loc != UINT32_MAX && loc < s->location_count;
		uint32_t r = row_get(t, ct->names + ct->name_off[c], has_loc,
				     has_loc ? s->loc_script[loc] : 0,
				     has_loc ? s->loc_line[loc] : 0,
				     has_loc ? s->loc_column[loc] : 0);
		t->counts[(size_t)r * t->nsnaps + i] += count[c];
		t->sizes[(size_t)r * t->nsnaps + i] += size[c];
	}
	free(count);
	free(size);
}

void trend_add(struct trend *t, size_t i, const struct snapshot *s, const struct iface_defs *defs)
{
	struct diff_side side;

	side.s = s;
	side.self = s->node_self;
	if (defs == &s->ifaces && s->node_class) {
		side.node_class = s->node_class;
		side.classes = &s->classes;
		trend_add_side(t, i, &side);
		return;
	}
	class_ix *cls = xmallocarray(s->node_count ? s->node_count : 1, sizeof(*cls));
	struct class_table table;
	classes_assign(s, defs, cls, &table);
	side.node_class = cls;
	side.classes = &table;
	trend_add_side(t, i, &side);
	class_table_release(&table);
	free(cls);
}

/* Sort context: qsort has none, and rows compare through the trend's arrays. */
struct trend_order {
	uint32_t row;       /* row index before sorting */
	int grows;          /* copy of rows[row].grows */
	int64_t size_delta; /* last - first shallow size */
	const char *name;   /* row name */
};

static int order_cmp(const void *pa, const void *pb)
{
	const struct trend_order *a = pa, *b = pb;

	if (a->grows != b->grows)
		return a->grows ? -1 : 1;
	if (a->size_delta != b->size_delta)
		return a->size_delta > b->size_delta ? -1 : 1;
	int c = diff_js_strcmp(a->name, b->name);
	if (c)
		return c;
	return a->row < b->row ? -1 : a->row > b->row;
}

void trend_finish(struct trend *t)
{
	size_t n = t->nsnaps;
	struct trend_order *ord;
	struct trend_row *rows;
	uint32_t *counts;
	uint64_t *sizes;

	if (!t->count)
		return;
	ord = xmallocarray(t->count, sizeof(*ord));
	for (uint32_t r = 0; r < t->count; r++) {
		const uint32_t *c = t->counts + (size_t)r * n;
		int grows = n >= 2;
		for (size_t i = 1; i < n; i++)
			if (c[i] <= c[i - 1])
				grows = 0;
		t->rows[r].grows = grows;
		ord[r].row = r;
		ord[r].grows = grows;
		ord[r].size_delta = n ? (int64_t)t->sizes[(size_t)r * n + n - 1] -
					(int64_t)t->sizes[(size_t)r * n] : 0;
		ord[r].name = t->names + t->rows[r].name_off;
	}
	qsort(ord, t->count, sizeof(*ord), order_cmp);
	rows = xmallocarray(t->alloc, sizeof(*rows));
	counts = xmallocarray((size_t)t->alloc * n, sizeof(*counts));
	sizes = xmallocarray((size_t)t->alloc * n, sizeof(*sizes));
	for (uint32_t k = 0; k < t->count; k++) {
		uint32_t r = ord[k].row;
		rows[k] = t->rows[r];
		memcpy(counts + (size_t)k * n, t->counts + (size_t)r * n, n * sizeof(*counts));
		memcpy(sizes + (size_t)k * n, t->sizes + (size_t)r * n, n * sizeof(*sizes));
	}
	free(t->rows);
	free(t->counts);
	free(t->sizes);
	t->rows = rows;
	t->counts = counts;
	t->sizes = sizes;
	free(ord);
	/* The hash refers to old row numbers: rebuild it. */
	free(t->slot);
	t->slot = NULL;
	rehash(t);
}
