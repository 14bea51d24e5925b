/*
 * view_compare.c - Comparison: classes with new/deleted objects between
 * the base and the target (diff.h), then the objects, then their edges.
 */
#include <stdlib.h>
#include <string.h>

#include "heaptui/fmt.h"
#include "heaptui/theme_file.h"
#include "heaptui/util.h"
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
	/* a class's new and deleted objects: child_ids() */
	view_graph_edges(d, parent, out);
}

/*
 * A class's objects by id: its new objects (target) then its deleted ones
 * (base), id = position in that list, so that none is made into an item
 * before it is shown.
 */
static int child_ids(void *ctx, const struct view_item *parent, struct view_ids *out)
{
	struct tui_data *d = ctx;
	if (parent->kind != VK_DCLASS || d->nsnaps < 2)
		return 0;
	tui_data_diff(d);
	const struct diff_row *r = &d->diff.rows[parent->a];
	size_t n = (size_t)r->new_count + r->deleted_count;
	uint32_t *w = view_ids_add(out, n);
	for (size_t i = 0; i < n; i++)
		w[i] = (uint32_t)i;
	return 1;
}

/* Object `id` of a class: its kind, snapshot and node. */
static uint8_t object_of(struct tui_data *d, const struct view_item *parent, uint32_t id,
			 size_t *snap, node_ix *n)
{
	const struct diff_row *r = &d->diff.rows[parent->a];
	if (id < r->new_count) {
		*snap = d->target;
		*n = d->diff.new_nodes[r->first_new + id];
		return VK_NEW;
	}
	*snap = d->base;
	*n = d->diff.deleted_nodes[r->first_deleted + (id - r->new_count)];
	return VK_DELETED;
}

static void child(void *ctx, const struct view_item *parent, uint32_t id, struct view_item *it)
{
	struct tui_data *d = ctx;
	size_t snap;
	node_ix n;
	uint8_t kind = object_of(d, parent, id, &snap, &n);
	*it = (struct view_item){
		.tag = n, .node = n, .kind = kind, .snap = (uint16_t)snap,
		.leaf = !view_graph_has_edges(d->snaps[snap], n),
	};
}

/* As compare(): objects by name (column 0) or shallow size (the others). */
static int child_keys(void *ctx, const struct view_item *parent, size_t col, const uint32_t *ids,
		      size_t n, uint64_t *keys)
{
	struct tui_data *d = ctx;
	const struct diff_row *r = &d->diff.rows[parent->a];
	size_t gcol = col == 0 ? 0 : 2;
	node_ix *nodes = xmallocarray(n ? n : 1, sizeof(*nodes));
	int type = VIEW_KEY_NONE;
	for (size_t i = 0; i < n;) {
		/* a run of new (target) or deleted (base) objects */
		int is_new = ids[i] < r->new_count;
		size_t j = i;
		for (; j < n && (ids[j] < r->new_count) == is_new; j++)
			nodes[j] = is_new ? d->diff.new_nodes[r->first_new + ids[j]]
					  : d->diff.deleted_nodes[r->first_deleted +
								  (ids[j] - r->new_count)];
		type = view_graph_node_keys(d->snaps[is_new ? d->target : d->base],
					    is_new ? VK_NEW : VK_DELETED, gcol, nodes + i, j - i,
					    keys + i);
		if (type == VIEW_KEY_NONE)
			break;
		i = j;
	}
	free(nodes);
	return type;
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
	.child_ids = child_ids,
	.child = child,
	.child_keys = child_keys,
};
