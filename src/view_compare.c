/*
 * view_compare.c - Comparison: classes with new/deleted objects between
 * the base and the target (diff.h), then the objects, then their edges.
 */
#include <string.h>

#include "heaptui/fmt.h"
#include "heaptui/theme_file.h"
#include "heaptui/view_sources.h"

static const struct view_column cols[] = {
	{"Constructor", 0, 0},
	{"# New", 7, 1},
	{"# Deleted", 11, 1},
	{"# Delta", 9, 1},
	{"Alloc. Size", 13, 1},
	{"Freed Size", 12, 1},
	{"Size Delta", 12, 1},
};

static void children(void *ctx, const struct view_item *parent, struct view_items *out)
{
	struct tui_data *d = ctx;
	if (d->nsnaps < 2)
		return;
	tui_data_diff(d);
	const struct diff *df = &d->diff;
	if (!parent) {
		for (uint32_t i = 0; i < df->count; i++) {
			struct view_item it = {.tag = i, .node = NODE_NONE, .a = i, .kind = VK_DCLASS};
			view_items_push(out, &it);
		}
		return;
	}
	if (parent->kind == VK_DCLASS) {
		const struct diff_row *r = &df->rows[parent->a];
		const struct snapshot *t = d->snaps[d->target], *b = d->snaps[d->base];
		for (uint32_t i = 0; i < r->new_count; i++) {
			node_ix n = df->new_nodes[r->first_new + i];
			struct view_item it = {
				.tag = n, .node = n, .kind = VK_NEW, .snap = (uint16_t)d->target,
				.leaf = !view_graph_has_edges(t, n),
			};
			view_items_push(out, &it);
		}
		for (uint32_t i = 0; i < r->deleted_count; i++) {
			node_ix n = df->deleted_nodes[r->first_deleted + i];
			struct view_item it = {
				.tag = n, .node = n, .kind = VK_DELETED, .snap = (uint16_t)d->base,
				.leaf = !view_graph_has_edges(b, n),
			};
			view_items_push(out, &it);
		}
		return;
	}
	view_graph_edges(d, parent, out);
}

static void add_count(struct view_cell *c, uint64_t v)
{
	char buf[FMT_BUFSZ];
	fmt_count(v, buf, sizeof(buf));
	view_cell_add(c, THEME_NUMBER, buf, strlen(buf));
}

static void add_size(struct view_cell *c, uint64_t v)
{
	char buf[FMT_BUFSZ];
	fmt_size(v, buf, sizeof(buf));
	view_cell_add(c, THEME_SIZE, buf, strlen(buf));
}

static void cell(void *ctx, const struct view_item *it, size_t col, struct view_cell *c)
{
	struct tui_data *d = ctx;
	char buf[FMT_BUFSZ];
	if (it->kind == VK_DCLASS) {
		const struct diff_row *r = &d->diff.rows[it->a];
		int64_t dc = diff_row_count_delta(r), ds = diff_row_size_delta(r);
		switch (col) {
		case 0:
			view_cell_add(c, THEME_NODE_OBJECT, r->name, strlen(r->name));
			break;
		case 1:
			add_count(c, r->new_count);
			break;
		case 2:
			add_count(c, r->deleted_count);
			break;
		case 3:
			fmt_delta(dc, buf, sizeof(buf));
			view_cell_add(c, dc > 0 ? THEME_DELTA_POSITIVE
					: dc < 0 ? THEME_DELTA_NEGATIVE : THEME_NUMBER,
				      buf, strlen(buf));
			break;
		case 4:
			add_size(c, r->alloc_size);
			break;
		case 5:
			add_size(c, r->freed_size);
			break;
		case 6:
			fmt_sdelta(ds, buf, sizeof(buf));
			view_cell_add(c, ds > 0 ? THEME_DELTA_POSITIVE
					: ds < 0 ? THEME_DELTA_NEGATIVE : THEME_SIZE,
				      buf, strlen(buf));
			break;
		}
		return;
	}
	if (col == 0) {
		view_graph_cell(d, it, 0, c);
		return;
	}
	const struct snapshot *s = d->snaps[it->snap];
	if (it->node >= s->node_count || !s->node_self)
		return;
	uint32_t self = s->node_self[it->node];
	if (it->kind == VK_NEW && col == 1)
		view_cell_addf(c, THEME_DELTA_POSITIVE, "new");
	else if (it->kind == VK_DELETED && col == 2)
		view_cell_addf(c, THEME_DELTA_NEGATIVE, "deleted");
	else if (it->kind == VK_NEW && col == 4)
		add_size(c, self);
	else if (it->kind == VK_DELETED && col == 5)
		add_size(c, self);
}

static int cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

static int compare(void *ctx, const struct view_item *a, const struct view_item *b, size_t col)
{
	struct tui_data *d = ctx;
	if (a->kind != VK_DCLASS || b->kind != VK_DCLASS) {
		/* objects: new before deleted, then by size; edges: as elsewhere */
		if (a->kind == VK_EDGE)
			return view_graph_compare(d, a, b, col == 0 ? 0 : 3);
		return view_graph_compare(d, a, b, col == 0 ? 0 : 2);
	}
	const struct diff_row *x = &d->diff.rows[a->a], *y = &d->diff.rows[b->a];
	switch (col) {
	case 0:
		return diff_js_strcmp(x->name, y->name);
	case 1:
		return cmp_i64(x->new_count, y->new_count);
	case 2:
		return cmp_i64(x->deleted_count, y->deleted_count);
	case 3:
		return cmp_i64(diff_row_count_delta(x), diff_row_count_delta(y));
	case 4:
		return cmp_i64((int64_t)x->alloc_size, (int64_t)y->alloc_size);
	case 5:
		return cmp_i64((int64_t)x->freed_size, (int64_t)y->freed_size);
	case 6:
		return cmp_i64(diff_row_size_delta(x), diff_row_size_delta(y));
	}
	return 0;
}

static void text(void *ctx, const struct view_item *it, struct strbuf *sb)
{
	struct tui_data *d = ctx;
	if (it->kind == VK_DCLASS) {
		strbuf_addstr(sb, d->diff.rows[it->a].name);
		return;
	}
	view_graph_text(d, it, sb);
}

const struct view_source view_compare_source = {
	.name = "Comparison",
	.cols = cols,
	.ncols = 7,
	.children = children,
	.cell = cell,
	.compare = compare,
	.text = text,
	.filter_depth = 0,
};
