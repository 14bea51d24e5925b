/*
 * view.c - the generic tree widget: lazy children, flattening, stable row
 * tags, cycle marks, sorting, filtering, pages, drawing.
 *
 * Flattening walks the expanded rows with an explicit stack (no recursion
 * over depth) and costs O(visible rows + children fetched); drawing only
 * reads the flattened rows.
 */
#include "heaptui/view.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heaptui/draw.h"
#include "heaptui/theme.h"
#include "heaptui/util.h"

#define NO_ROW UINT32_MAX
#define NO_NODE UINT32_MAX
#define TOP_TAG 0x9e3779b97f4a7c15ull /* pages-map key of the top level */

/* ---- items and cells ------------------------------------------------- */

void view_items_push(struct view_items *l, const struct view_item *it)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 64;
		l->v = xreallocarray(l->v, l->alloc, sizeof(*l->v));
	}
	l->v[l->n++] = *it;
}

static void cell_span(struct view_cell *c, int role)
{
	if (c->nspans && c->span[c->nspans - 1].role == role) {
		c->span[c->nspans - 1].end = c->text.len;
		return;
	}
	if (c->nspans == VIEW_CELL_SPANS) {
		c->span[c->nspans - 1].end = c->text.len;
		return;
	}
	c->span[c->nspans].end = c->text.len;
	c->span[c->nspans].role = role;
	c->nspans++;
}

void view_cell_add(struct view_cell *c, int role, const char *raw, size_t len)
{
	text_sanitize(&c->text, raw, len);
	cell_span(c, role);
}

void view_cell_addf(struct view_cell *c, int role, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		view_cell_add(c, role, buf, strlen(buf));
}

/* ---- tag map: linear probing with backward-shift deletion ------------- */

static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static size_t tm_slot(const struct view_tagmap *m, uint64_t k)
{
	size_t i = (size_t)mix64(k) & (m->cap - 1);
	while (m->keys[i] && m->keys[i] != k)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static int tm_get(const struct view_tagmap *m, uint64_t k, uint32_t *val)
{
	if (!m->cap || !k)
		return 0;
	size_t i = tm_slot(m, k);
	if (!m->keys[i])
		return 0;
	if (val)
		*val = m->vals[i];
	return 1;
}

static void tm_put(struct view_tagmap *m, uint64_t k, uint32_t val)
{
	if (!k)
		return;
	if ((m->n + 1) * 2 > m->cap) {
		struct view_tagmap old = *m;
		m->cap = old.cap ? old.cap * 2 : 64;
		m->keys = xcalloc(m->cap, sizeof(*m->keys));
		m->vals = xcalloc(m->cap, sizeof(*m->vals));
		m->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.keys[i])
				tm_put(m, old.keys[i], old.vals[i]);
		free(old.keys);
		free(old.vals);
	}
	size_t i = tm_slot(m, k);
	if (!m->keys[i])
		m->n++;
	m->keys[i] = k;
	m->vals[i] = val;
}

static void tm_del(struct view_tagmap *m, uint64_t k)
{
	if (!m->cap || !k)
		return;
	size_t i = tm_slot(m, k);
	if (!m->keys[i])
		return;
	m->keys[i] = 0;
	m->n--;
	/* shift back entries that probed past the hole */
	size_t j = i;
	for (;;) {
		j = (j + 1) & (m->cap - 1);
		if (!m->keys[j])
			break;
		size_t home = (size_t)mix64(m->keys[j]) & (m->cap - 1);
		/* does home lie cyclically in (i, j]? then it stays */
		if (i <= j ? (home > i && home <= j) : (home > i || home <= j))
			continue;
		m->keys[i] = m->keys[j];
		m->vals[i] = m->vals[j];
		m->keys[j] = 0;
		i = j;
	}
}

static void tm_release(struct view_tagmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* ---- widget ------------------------------------------------------------ */

void view_init(struct view *v, const struct view_source *src, void *ctx)
{
	memset(v, 0, sizeof(*v));
	v->src = src;
	v->ctx = ctx;
	v->root_node = NO_NODE;
	v->sort_col = 0;
	v->dirty = 1;
}

void view_release(struct view *v)
{
	free(v->rows);
	tm_release(&v->expanded);
	tm_release(&v->pages);
	memset(v, 0, sizeof(*v));
}

void view_reset(struct view *v)
{
	tm_release(&v->expanded);
	tm_release(&v->pages);
	v->sel = v->top = 0;
	v->sel_tag = 0;
	v->dirty = 1;
}

void view_invalidate(struct view *v)
{
	v->dirty = 1;
}

uint64_t view_child_tag(uint64_t parent, const struct view_item *it)
{
	uint64_t t = mix64(parent ^ mix64(it->tag ^ ((uint64_t)it->kind << 56) ^
					  ((uint64_t)it->snap << 48)));
	return t ? t : 1;
}

int view_is_expanded(const struct view *v, uint64_t tag)
{
	return tm_get(&v->expanded, tag, NULL);
}

/* Sorting: an index permutation so ties keep the source's order. */
static struct {
	struct view *v;               /* view being sorted */
	const struct view_item *items; /* its items */
} sort_ctx;

static int sort_cmp(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	struct view *v = sort_ctx.v;
	/* rows of different kinds (new vs deleted objects) keep the kinds' order */
	if (sort_ctx.items[a].kind != sort_ctx.items[b].kind)
		return sort_ctx.items[a].kind < sort_ctx.items[b].kind ? -1 : 1;
	int c = v->src->compare(v->ctx, &sort_ctx.items[a], &sort_ctx.items[b], v->sort_col);
	if (c)
		return v->sort_desc ? -c : c;
	return a < b ? -1 : a > b;
}

static void sort_items(struct view *v, struct view_items *l)
{
	if (l->n < 2 || !v->src->compare)
		return;
	uint32_t *ix = xmallocarray(l->n, sizeof(*ix));
	for (size_t i = 0; i < l->n; i++)
		ix[i] = (uint32_t)i;
	sort_ctx.v = v;
	sort_ctx.items = l->v;
	qsort(ix, l->n, sizeof(*ix), sort_cmp);
	struct view_item *out = xmallocarray(l->n, sizeof(*out));
	for (size_t i = 0; i < l->n; i++)
		out[i] = l->v[ix[i]];
	free(l->v);
	l->v = out;
	l->alloc = l->n;
	free(ix);
}

static int item_matches(struct view *v, const struct view_item *it, const struct filter *f,
			struct strbuf *sb)
{
	if (!v->src->text)
		return 0;
	strbuf_reset(sb);
	v->src->text(v->ctx, it, sb);
	return filter_match(f, sb->buf ? sb->buf : "", sb->len) == 1;
}

struct frame {
	struct view_items items; /* children, filtered and sorted */
	size_t pos;              /* next item to emit */
	size_t shown;            /* items shown (page limit) */
	size_t hidden;           /* items the filter hid */
	uint32_t parent;         /* parent row, NO_ROW at the top */
	uint64_t parent_tag;     /* parent row tag, 0 at the top */
	uint16_t depth;          /* depth of the children */
};

static void fetch(struct view *v, struct frame *f, const struct view_item *parent,
		  struct strbuf *sb)
{
	memset(&f->items, 0, sizeof(f->items));
	v->src->children(v->ctx, parent, &f->items);
	f->hidden = 0;
	int fd = v->src->filter_depth;
	if (v->filter && (fd < 0 || f->depth <= fd)) {
		size_t k = 0;
		for (size_t i = 0; i < f->items.n; i++) {
			const struct view_item *it = &f->items.v[i];
			if (item_matches(v, it, v->filter, sb) ||
			    view_is_expanded(v, view_child_tag(f->parent_tag, it)))
				f->items.v[k++] = *it;
		}
		if (k == 0 && f->depth == 0 && f->items.n) {
			v->no_matches = 1; /* tmux: nothing matched, show everything */
		} else {
			f->hidden = f->items.n - k;
			f->items.n = k;
		}
	}
	sort_items(v, &f->items);
	uint32_t limit = VIEW_PAGE;
	tm_get(&v->pages, f->parent_tag ? f->parent_tag : TOP_TAG, &limit);
	f->shown = MIN(f->items.n, (size_t)limit);
	f->pos = 0;
	if (v->reveal && f->shown < f->items.n) {
		/* page in the row to reveal */
		for (size_t i = f->shown; i < f->items.n; i++) {
			if (view_child_tag(f->parent_tag, &f->items.v[i]) != v->reveal)
				continue;
			size_t want = (i / VIEW_PAGE + 1) * VIEW_PAGE;
			limit = want > UINT32_MAX ? UINT32_MAX : (uint32_t)want;
			tm_put(&v->pages, f->parent_tag ? f->parent_tag : TOP_TAG, limit);
			f->shown = MIN(f->items.n, (size_t)limit);
			break;
		}
	}
}

static struct view_row *push_row(struct view *v)
{
	if (v->nrows == v->alloc) {
		v->alloc = v->alloc ? v->alloc * 2 : 256;
		v->rows = xreallocarray(v->rows, v->alloc, sizeof(*v->rows));
	}
	struct view_row *r = &v->rows[v->nrows++];
	memset(r, 0, sizeof(*r));
	return r;
}

static int on_ancestor_path(const struct view *v, uint32_t parent, uint32_t node)
{
	if (node == NO_NODE)
		return 0;
	if (node == v->root_node)
		return 1;
	for (uint32_t p = parent; p != NO_ROW; p = v->rows[p].parent)
		if (v->rows[p].item.node == node)
			return 1;
	return 0;
}

void view_rebuild(struct view *v)
{
	if (!v->dirty)
		return;
	v->dirty = 0;
	v->nrows = 0;
	v->no_matches = 0;
	struct strbuf sb = STRBUF_INIT;
	struct frame *stack = NULL;
	size_t nstack = 0, astack = 0;

#define PUSH_FRAME(par, ptag, dep, item)                                               \
	do {                                                                           \
		if (nstack == astack) {                                                \
			astack = astack ? astack * 2 : 16;                             \
			stack = xreallocarray(stack, astack, sizeof(*stack));          \
		}                                                                      \
		struct frame *nf = &stack[nstack++];                                   \
		nf->parent = (par);                                                    \
		nf->parent_tag = (ptag);                                               \
		nf->depth = (uint16_t)(dep);                                           \
		fetch(v, nf, (item), &sb);                                             \
	} while (0)

	PUSH_FRAME(NO_ROW, 0, 0, NULL);
	while (nstack) {
		struct frame *f = &stack[nstack - 1];
		if (f->pos >= f->shown) {
			if (f->items.n > f->shown) {
				struct view_row *r = push_row(v);
				r->flags = VIEW_ROW_MORE | (f->hidden ? 0 : VIEW_ROW_LAST);
				r->count = (uint32_t)(f->items.n - f->shown);
				r->item.node = NO_NODE;
				r->item.leaf = 1;
				r->parent = f->parent;
				r->depth = f->depth;
				r->tag = mix64(f->parent_tag ^ 0x6d6f7265ull) | 1;
			}
			if (f->hidden) {
				struct view_row *r = push_row(v);
				r->flags = VIEW_ROW_NOTE | VIEW_ROW_LAST;
				r->count = (uint32_t)f->hidden;
				r->item.node = NO_NODE;
				r->item.leaf = 1;
				r->parent = f->parent;
				r->depth = f->depth;
				r->tag = mix64(f->parent_tag ^ 0x6e6f7465ull) | 1;
			}
			free(f->items.v);
			nstack--;
			continue;
		}
		struct view_item it = f->items.v[f->pos++];
		uint32_t parent = f->parent;
		uint16_t depth = f->depth;
		uint64_t tag = view_child_tag(f->parent_tag, &it);
		int last = f->pos == f->items.n && !f->hidden;
		struct view_row *r = push_row(v);
		uint32_t row = (uint32_t)(v->nrows - 1);
		r->item = it;
		r->tag = tag;
		r->parent = parent;
		r->depth = depth;
		if (last)
			r->flags |= VIEW_ROW_LAST;
		if (on_ancestor_path(v, parent, it.node))
			r->flags |= VIEW_ROW_CYCLE;
		if (!it.leaf && !(r->flags & VIEW_ROW_CYCLE) && view_is_expanded(v, tag) &&
		    depth < UINT16_MAX - 1) {
			r->flags |= VIEW_ROW_EXPANDED;
			/* `r` and `f` may move when the arrays grow: copy the item */
			PUSH_FRAME(row, tag, depth + 1, &it);
		}
	}
#undef PUSH_FRAME
	free(stack);
	strbuf_release(&sb);

	/* keep the selection on the same row if it is still there */
	if (v->reveal) {
		v->sel_tag = v->reveal;
		v->reveal = 0;
	}
	size_t sel = v->sel;
	for (size_t i = 0; i < v->nrows; i++) {
		if (v->rows[i].tag == v->sel_tag) {
			sel = i;
			break;
		}
	}
	if (sel >= v->nrows)
		sel = v->nrows ? v->nrows - 1 : 0;
	v->sel = sel;
	v->sel_tag = v->nrows ? v->rows[sel].tag : 0;
}

const struct view_row *view_selected(struct view *v)
{
	view_rebuild(v);
	return v->nrows ? &v->rows[v->sel] : NULL;
}

int view_move_to(struct view *v, size_t row)
{
	view_rebuild(v);
	if (!v->nrows)
		return 0;
	if (row >= v->nrows)
		row = v->nrows - 1;
	if (row == v->sel)
		return 0;
	v->sel = row;
	v->sel_tag = v->rows[row].tag;
	return 1;
}

int view_move(struct view *v, long delta)
{
	view_rebuild(v);
	if (!v->nrows)
		return 0;
	long to = (long)v->sel + delta;
	if (to < 0)
		to = 0;
	return view_move_to(v, (size_t)to);
}

void view_expand_tag(struct view *v, uint64_t tag)
{
	if (!view_is_expanded(v, tag)) {
		tm_put(&v->expanded, tag, 1);
		v->dirty = 1;
	}
}

int view_expand(struct view *v)
{
	const struct view_row *r = view_selected(v);
	if (!r)
		return 0;
	if (r->flags & VIEW_ROW_MORE) {
		uint64_t ptag = r->parent == NO_ROW ? TOP_TAG : v->rows[r->parent].tag;
		uint32_t limit = VIEW_PAGE;
		tm_get(&v->pages, ptag, &limit);
		limit = limit > UINT32_MAX - VIEW_PAGE ? UINT32_MAX : limit + VIEW_PAGE;
		tm_put(&v->pages, ptag, limit);
		v->dirty = 1;
		return 1;
	}
	if (r->item.leaf || (r->flags & (VIEW_ROW_CYCLE | VIEW_ROW_NOTE)))
		return 0;
	if (r->flags & VIEW_ROW_EXPANDED) {
		/* Enter on an open row moves to its first child, like DevTools' → */
		if (v->sel + 1 < v->nrows && v->rows[v->sel + 1].parent == v->sel)
			return view_move_to(v, v->sel + 1);
		return 0;
	}
	view_expand_tag(v, r->tag);
	return 1;
}

int view_collapse(struct view *v)
{
	const struct view_row *r = view_selected(v);
	if (!r)
		return 0;
	if (r->flags & VIEW_ROW_EXPANDED) {
		tm_del(&v->expanded, r->tag);
		v->dirty = 1;
		return 1;
	}
	if (r->parent != NO_ROW)
		return view_move_to(v, r->parent);
	return 0;
}

int view_expand_all(struct view *v)
{
	const struct view_row *r = view_selected(v);
	if (!r || r->item.leaf || (r->flags & (VIEW_ROW_CYCLE | VIEW_ROW_MORE | VIEW_ROW_NOTE)))
		return 0;
	size_t start = v->sel;
	view_expand_tag(v, r->tag);
	view_rebuild(v);
	/* one level below the row, breadth-first, at most VIEW_EXPAND_ALL rows */
	size_t done = 0;
	uint16_t depth = v->rows[start].depth;
	for (size_t i = start + 1; i < v->nrows && v->rows[i].depth > depth; i++) {
		const struct view_row *c = &v->rows[i];
		if (c->depth != depth + 1 || c->item.leaf ||
		    (c->flags & (VIEW_ROW_CYCLE | VIEW_ROW_MORE | VIEW_ROW_NOTE)))
			continue;
		if (++done > VIEW_EXPAND_ALL)
			break;
		tm_put(&v->expanded, c->tag, 1);
	}
	v->dirty = 1;
	return 1;
}

void view_sort_set(struct view *v, size_t col, int desc)
{
	if (col >= v->src->ncols)
		col = 0;
	v->sort_col = col;
	v->sort_desc = desc;
	v->dirty = 1;
}

void view_sort_next(struct view *v)
{
	size_t col = (v->sort_col + 1) % v->src->ncols;
	view_sort_set(v, col, v->src->cols[col].desc);
}

void view_sort_reverse(struct view *v)
{
	view_sort_set(v, v->sort_col, !v->sort_desc);
}

void view_set_filter(struct view *v, const struct filter *f)
{
	v->filter = f;
	v->dirty = 1;
}

int view_find(struct view *v, const struct filter *f, int dir)
{
	view_rebuild(v);
	if (!f || !v->nrows)
		return 0;
	struct strbuf sb = STRBUF_INIT;
	int found = 0;
	for (size_t k = 1; k <= v->nrows; k++) {
		size_t i = (v->sel + (dir > 0 ? k : v->nrows - k)) % v->nrows;
		const struct view_row *r = &v->rows[i];
		if (r->flags & (VIEW_ROW_MORE | VIEW_ROW_NOTE))
			continue;
		if (item_matches(v, &r->item, f, &sb)) {
			view_move_to(v, i);
			found = 1;
			break;
		}
	}
	strbuf_release(&sb);
	return found;
}

void view_reveal(struct view *v, uint64_t tag)
{
	v->reveal = tag;
	v->dirty = 1;
}

int view_select_tag(struct view *v, uint64_t tag)
{
	view_rebuild(v);
	for (size_t i = 0; i < v->nrows; i++) {
		if (v->rows[i].tag == tag) {
			view_move_to(v, i);
			return 1;
		}
	}
	return 0;
}

/* ---- drawing ------------------------------------------------------------ */

/* Column widths for a pane w columns wide; columns that do not fit get 0. */
static void layout(const struct view *v, int w, int *cw)
{
	size_t n = v->src->ncols;
	int rest = w;
	for (size_t i = 1; i < n; i++)
		rest -= v->src->cols[i].width + 1;
	cw[0] = rest;
	for (size_t i = 1; i < n; i++)
		cw[i] = v->src->cols[i].width;
	/* drop columns from the right until the tree column has room */
	for (size_t i = n; i-- > 1 && cw[0] < 20;) {
		cw[0] += cw[i] + 1;
		cw[i] = 0;
	}
}

static void draw_cell(int y, int x, int w, const struct view_cell *c, attr_t sel_attr, int selected,
		      int right)
{
	if (w <= 0 || !c->text.len)
		return;
	int tw = (int)draw_width(c->text.buf, c->text.len);
	if (right && tw < w)
		x += w - tw;
	size_t start = 0;
	int used = 0;
	for (size_t i = 0; i < c->nspans && used < w; i++) {
		size_t end = c->span[i].end;
		attr_t a = selected ? sel_attr : theme_attr((enum theme_role)c->span[i].role);
		used += draw_text(y, x + used, w - used, a, c->text.buf + start, end - start);
		start = end;
	}
}

void view_draw(struct view *v, int y, int x, int h, int w, int focused)
{
	view_rebuild(v);
	int cw[16];
	size_t ncols = MIN(v->src->ncols, ARRAY_SIZE(cw));
	layout(v, w, cw);

	/* titles */
	draw_fill(y, x, w, theme_attr(THEME_COLUMN_HEADER));
	int cx = x;
	for (size_t i = 0; i < ncols; i++) {
		if (!cw[i])
			continue;
		int sorted = i == v->sort_col;
		attr_t a = theme_attr(sorted ? THEME_SORT_COLUMN : THEME_COLUMN_HEADER);
		char title[128];
		snprintf(title, sizeof(title), "%s%s%s", v->src->cols[i].title, sorted ? " " : "",
			 sorted ? draw_glyph(v->sort_desc ? GLYPH_SORT_DOWN : GLYPH_SORT_UP) : "");
		int tw = (int)draw_width(title, strlen(title));
		int tx = i == 0 || tw >= cw[i] ? cx : cx + cw[i] - tw;
		draw_text(y, tx, cw[i], a, title, strlen(title));
		cx += cw[i] + 1;
	}
	y++;
	v->height = h;
	if (h <= 0)
		return;
	if (v->sel < v->top)
		v->top = v->sel;
	if (v->sel >= v->top + (size_t)h)
		v->top = v->sel - (size_t)h + 1;
	if (v->nrows <= (size_t)h)
		v->top = 0;
	else if (v->top + (size_t)h > v->nrows)
		v->top = v->nrows - (size_t)h;

	struct view_cell cell;
	memset(&cell, 0, sizeof(cell));
	attr_t sel_attr = theme_attr(focused ? THEME_SELECTION : THEME_SELECTION_UNFOCUSED);
	for (int k = 0; k < h; k++) {
		size_t i = v->top + (size_t)k;
		if (i >= v->nrows) {
			draw_fill(y + k, x, w, theme_attr(THEME_NORMAL));
			continue;
		}
		const struct view_row *r = &v->rows[i];
		int selected = i == v->sel;
		attr_t base = selected ? sel_attr : theme_attr(THEME_NORMAL);
		draw_fill(y + k, x, w, base);
		int indent = MIN((int)r->depth * 2, cw[0] / 2);
		int gx = x + indent;
		const char *glyph = NULL;
		if (r->flags & VIEW_ROW_CYCLE)
			glyph = draw_glyph(GLYPH_CYCLE);
		else if (!r->item.leaf && !(r->flags & (VIEW_ROW_MORE | VIEW_ROW_NOTE)))
			glyph = draw_glyph((r->flags & VIEW_ROW_EXPANDED) ? GLYPH_EXPANDED
									  : GLYPH_COLLAPSED);
		if (glyph)
			draw_text(y + k, gx, 1, selected ? base : theme_attr(THEME_TREE), glyph,
				  strlen(glyph));
		int tx = gx + 2, tw = cw[0] - indent - 2;
		strbuf_reset(&cell.text);
		cell.nspans = 0;
		if (r->flags & VIEW_ROW_MORE) {
			view_cell_addf(&cell, THEME_NOTE, "%u more (Enter shows %u)", r->count,
				       MIN(r->count, (uint32_t)VIEW_PAGE));
			draw_cell(y + k, tx, tw, &cell, base, selected, 0);
			continue;
		}
		if (r->flags & VIEW_ROW_NOTE) {
			view_cell_addf(&cell, THEME_NOTE, "%u hidden by the filter", r->count);
			draw_cell(y + k, tx, tw, &cell, base, selected, 0);
			continue;
		}
		v->src->cell(v->ctx, &r->item, 0, &cell);
		if (r->flags & VIEW_ROW_CYCLE)
			view_cell_add(&cell, THEME_NOTE, " (cycle)", 8);
		draw_cell(y + k, tx, tw, &cell, base, selected, 0);
		cx = x + cw[0] + 1;
		for (size_t c = 1; c < ncols; c++) {
			if (!cw[c])
				continue;
			strbuf_reset(&cell.text);
			cell.nspans = 0;
			v->src->cell(v->ctx, &r->item, c, &cell);
			draw_cell(y + k, cx, cw[c], &cell, base, selected, 1);
			cx += cw[c] + 1;
		}
	}
	strbuf_release(&cell.text);
}
