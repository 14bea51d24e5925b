/*
 * view_contain.c - Containment: the graph from the root, edge by edge.
 * The filter applies at every level (edge and node names); expanded rows
 * stay visible so a path can be followed while filtering.
 */
#include "heaptui/view_sources.h"

static const struct view_column cols[] = {
	{"Object", 0, 0},
	{"Distance", 10, 0},
	{"Shallow Size", 16, 1},
	{"Retained Size", 16, 1},
};

static void children(void *ctx, const struct view_item *parent, struct view_items *out)
{
	struct tui_data *d = ctx;
	if (!parent) {
		const struct snapshot *s = d->snaps[d->cur];
		struct view_item root = {.node = s->root, .kind = VK_NODE, .snap = (uint16_t)d->cur};
		view_graph_edges(d, &root, out);
		return;
	}
	view_graph_edges(d, parent, out);
}

static void cell(void *ctx, const struct view_item *it, size_t col, struct view_cell *c)
{
	view_graph_cell(ctx, it, col, c);
}

static int compare(void *ctx, const struct view_item *a, const struct view_item *b, size_t col)
{
	return view_graph_compare(ctx, a, b, col);
}

static void text(void *ctx, const struct view_item *it, struct strbuf *sb)
{
	view_graph_text(ctx, it, sb);
}

const struct view_source view_contain_source = {
	.name = "Containment",
	.cols = cols,
	.ncols = 4,
	.children = children,
	.cell = cell,
	.compare = compare,
	.text = text,
	.filter_depth = -1,
};
