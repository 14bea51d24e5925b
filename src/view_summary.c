/*
 * view_summary.c - Summary: classes -> their objects -> outgoing edges;
 * with the named filter "detached DOM trees" (tui_data.only), one row per
 * tree root -> its outgoing edges. The figures are the model's
 * (summary.h, only.h), as `--print summary --only` prints them.
 */
#include <string.h>

#include "heaptui/fmt.h"
#include "heaptui/theme_file.h"
#include "heaptui/view_sources.h"

static const struct view_column cols[] = {
	{"Constructor", 0, 0},
	{"Distance", 10, 0},
	{"Shallow Size", 16, 1},
	{"Retained Size", 16, 1},
};

static void children(void *ctx, const struct view_item *parent, struct view_items *out)
{
	struct tui_data *d = ctx;
	tui_data_summary(d);
	const struct snapshot *s = d->snaps[d->cur];
	if (!parent && d->only == ONLY_DETACHED) {
		for (uint32_t i = 0; i < d->ntrees; i++) {
			node_ix n = d->trees[i].root;
			struct view_item it = {
				.tag = n, .node = n, .a = i, .kind = VK_DTREE,
				.snap = (uint16_t)d->cur, .leaf = !view_graph_has_edges(s, n),
			};
			view_items_push(out, &it);
		}
		return;
	}
	if (!parent) {
		for (uint32_t i = 0; i < d->sm.count; i++) {
			struct view_item it = {
				.tag = d->sm.rows[i].cls, .node = NODE_NONE, .a = i,
				.kind = VK_CLASS, .snap = (uint16_t)d->cur,
			};
			view_items_push(out, &it);
		}
		return;
	}
	/* a class's instances: child_ids() */
	view_graph_edges(d, parent, out);
}

/*
 * The instances of Summary row r as ids (node indices), in the order
 * summary_instances() gives them: ascending. Until those lists exist
 * (summary_instances builds every class's at once, a pass over all nodes
 * writing 4 bytes per counted one: ~90 ms on 15 M nodes), one read-only
 * pass finds this class's alone (~15 ms), so that expanding a class stays
 * under 50 ms. The rule is fill_instances' for an unfiltered Summary (a
 * filtered one has its lists from the start): node_self != 0, this class.
 */
static void class_instances(struct tui_data *d, uint32_t r, struct view_ids *out)
{
	const struct summary_row *row = &d->sm.rows[r];
	const struct snapshot *s = d->sm.s;
	if (!d->sm.nodes && s && d->sm.node_class && s->node_self) {
		uint32_t *w = view_ids_add(out, row->count), k = 0;
		for (node_ix i = 0; i < s->node_count && k < row->count; i++)
			if (d->sm.node_class[i] == row->cls && s->node_self[i])
				w[k++] = i;
		if (k == row->count)
			return;
		out->n -= row->count; /* not the same rule after all: ask summary.c */
	}
	uint32_t count;
	const node_ix *nodes = summary_instances(&d->sm, r, &count);
	if (count)
		memcpy(view_ids_add(out, count), nodes, (size_t)count * sizeof(*nodes));
}

static int child_ids(void *ctx, const struct view_item *parent, struct view_ids *out)
{
	struct tui_data *d = ctx;
	if (parent->kind != VK_CLASS)
		return 0;
	tui_data_summary(d);
	class_instances(d, parent->a, out);
	return 1;
}

static void child(void *ctx, const struct view_item *parent, uint32_t id, struct view_item *it)
{
	struct tui_data *d = ctx;
	const struct snapshot *s = d->snaps[d->cur];
	node_ix n = id;
	*it = (struct view_item){
		.tag = n, .node = n, .kind = VK_NODE, .snap = parent->snap,
		.leaf = !view_graph_has_edges(s, n),
	};
}

static int child_keys(void *ctx, const struct view_item *parent, size_t col, const uint32_t *ids,
		      size_t n, uint64_t *keys)
{
	struct tui_data *d = ctx;
	const struct snapshot *s = d->snaps[parent->snap < d->nsnaps ? parent->snap : 0];
	return view_graph_node_keys(s, VK_NODE, col, ids, n, keys);
}

/* The class name of a tree's root, as the tree column shows it. */
static const char *tree_name(struct tui_data *d, const struct view_item *it)
{
	const struct snapshot *s = d->snaps[it->snap];
	return snapshot_class_name(s, s->node_class[d->trees[it->a].root]);
}

/* A detached DOM tree: its root's class, id and detached nodes; then the
 * root's distance, shallow and retained size (what collecting it frees). */
static void tree_cell(struct tui_data *d, const struct view_item *it, size_t col,
		      struct view_cell *c)
{
	if (col) {
		view_graph_cell(d, it, col, c);
		return;
	}
	const struct snapshot *s = d->snaps[it->snap];
	const struct only_tree *t = &d->trees[it->a];
	const char *name = tree_name(d, it);
	char buf[FMT_BUFSZ];
	view_cell_add(c, THEME_NODE_OBJECT, name, strlen(name));
	view_cell_addf(c, THEME_NODE_ID, " @%u", s->node_id[t->root]);
	view_cell_addf(c, THEME_NUMBER, "  %s node%s", fmt_count(t->nodes, buf, sizeof(buf)),
		       t->nodes == 1 ? "" : "s");
}

static void cell(void *ctx, const struct view_item *it, size_t col, struct view_cell *c)
{
	struct tui_data *d = ctx;
	if (it->kind == VK_DTREE) {
		tree_cell(d, it, col, c);
		return;
	}
	if (it->kind != VK_CLASS) {
		view_graph_cell(d, it, col, c);
		return;
	}
	const struct snapshot *s = d->snaps[it->snap];
	const struct summary_row *k = &d->sm.rows[it->a];
	char buf[FMT_BUFSZ];
	switch (col) {
	case 0: {
		const char *name = snapshot_class_name(s, k->cls);
		view_cell_add(c, THEME_NODE_OBJECT, name, strlen(name));
		view_cell_addf(c, THEME_NUMBER, "  \u00d7%s", fmt_count(k->count, buf, sizeof(buf)));
		break;
	}
	case 1:
		if (k->distance >= DISTANCE_SYSTEM)
			view_cell_addf(c, THEME_NUMBER, "-");
		else
			view_cell_addf(c, THEME_NUMBER, "%u", k->distance);
		break;
	case 2:
		view_graph_size(c, k->shallow, d->total_size);
		break;
	case 3:
		view_graph_size(c, k->retained, d->total_size);
		break;
	}
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

static int compare(void *ctx, const struct view_item *a, const struct view_item *b, size_t col)
{
	struct tui_data *d = ctx;
	if (a->kind == VK_DTREE && b->kind == VK_DTREE && col == 0)
		return diff_js_strcmp(tree_name(d, a), tree_name(d, b));
	if (a->kind != VK_CLASS || b->kind != VK_CLASS)
		return view_graph_compare(d, a, b, col);
	const struct snapshot *s = d->snaps[a->snap];
	const struct summary_row *x = &d->sm.rows[a->a], *y = &d->sm.rows[b->a];
	switch (col) {
	case 0:
		return diff_js_strcmp(snapshot_class_name(s, x->cls), snapshot_class_name(s, y->cls));
	case 1:
		return cmp_u64(x->distance, y->distance);
	case 2:
		return cmp_u64(x->shallow, y->shallow);
	case 3:
		return cmp_u64(x->retained, y->retained);
	}
	return 0;
}

static void text(void *ctx, const struct view_item *it, struct strbuf *sb)
{
	struct tui_data *d = ctx;
	if (it->kind == VK_CLASS) {
		strbuf_addstr(sb, snapshot_class_name(d->snaps[it->snap], d->sm.rows[it->a].cls));
		return;
	}
	if (it->kind == VK_DTREE) {
		strbuf_addstr(sb, tree_name(d, it));
		return;
	}
	view_graph_text(d, it, sb);
}

const struct view_source view_summary_source = {
	.name = "Summary",
	.cols = cols,
	.ncols = 4,
	.children = children,
	.cell = cell,
	.compare = compare,
	.text = text,
	.filter_depth = 0,
	.child_ids = child_ids,
	.child = child,
	.child_keys = child_keys,
};
