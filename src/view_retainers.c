/*
 * view_retainers.c - the Retainers pane: who holds the inspected object,
 * then who holds each retainer, in DevTools' order (paths.h). Ignored
 * retainers are marked; their distances come from the paths view.
 */
#include <string.h>

#include "heaptui/context.h"
#include "heaptui/theme_file.h"
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
	size_t sn = parent ? parent->snap : d->ret_snap;
	node_ix n = parent ? parent->node : d->ret_node;
	if (sn >= d->nsnaps || n == NODE_NONE || n >= d->snaps[sn]->node_count)
		return;
	const struct paths_view *pv = &d->pv[sn];
	struct retainer_list l = RETAINER_LIST_INIT;
	paths_retainers(pv, n, &l);
	for (size_t i = 0; i < l.count; i++) {
		struct retainer r;
		struct view_item it = {
			.tag = l.items[i].edge, .node = l.items[i].node, .a = l.items[i].edge,
			.b = l.items[i].distance, .kind = VK_RETAINER, .snap = (uint16_t)sn,
			.leaf = !paths_first_retainer(pv, l.items[i].node, &r),
		};
		view_items_push(out, &it);
	}
	paths_list_release(&l);
}

static void cell(void *ctx, const struct view_item *it, size_t col, struct view_cell *c)
{
	struct tui_data *d = ctx;
	view_graph_cell(d, it, col, c);
	if (col == 0 && paths_view_is_ignored(&d->pv[it->snap], it->node))
		view_cell_addf(c, THEME_NOTE, "  (ignored)");
	if (col == 0 && context_is_context(d->snaps[it->snap], it->node)) {
		/* the explanation after its own label: " — scope of f() ...; held by ..." */
		struct strbuf sb = STRBUF_INIT;
		context_explain(d->snaps[it->snap], it->node, it->a, &sb);
		const char *dash = sb.buf ? strstr(sb.buf, " \u2014 ") : NULL;
		if (dash)
			view_cell_add(c, THEME_CONTEXT_NOTE, dash, strlen(dash));
		strbuf_release(&sb);
	}
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

static int compare(void *ctx, const struct view_item *a, const struct view_item *b, size_t col)
{
	/* distance: the paths view's order (ties keep DevTools' name order) */
	if (col == 1)
		return cmp_u64(a->b, b->b);
	return view_graph_compare(ctx, a, b, col);
}

static void text(void *ctx, const struct view_item *it, struct strbuf *sb)
{
	view_graph_text(ctx, it, sb);
}

const struct view_source view_retainers_source = {
	.name = "Retainers",
	.cols = cols,
	.ncols = 4,
	.children = children,
	.cell = cell,
	.compare = compare,
	.text = text,
	.filter_depth = 0,
};
