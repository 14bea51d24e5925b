/*
 * view_graph.c - object and edge rows shared by every tree: names as the
 * grid shows them, distance/shallow/retained columns, outgoing edges.
 */
#include <stdio.h>
#include <string.h>

#include "heaptui/analyze.h"
#include "heaptui/classes.h"
#include "heaptui/fmt.h"
#include "heaptui/paths.h"
#include "heaptui/theme_file.h"
#include "heaptui/view_sources.h"

static const struct snapshot *item_snap(struct tui_data *d, const struct view_item *it)
{
	return d->snaps[it->snap < d->nsnaps ? it->snap : 0];
}

int view_graph_has_edges(const struct snapshot *s, node_ix n)
{
	for (edge_ix e = s->first_edge[n]; e < s->first_edge[n + 1]; e++)
		if (s->edge_type[e] != EDGE_INVISIBLE)
			return 1;
	return 0;
}

void view_graph_edges(struct tui_data *d, const struct view_item *it, struct view_items *out)
{
	const struct snapshot *s = item_snap(d, it);
	node_ix n = it->node;
	if (n >= s->node_count)
		return;
	for (edge_ix e = s->first_edge[n]; e < s->first_edge[n + 1]; e++) {
		if (s->edge_type[e] == EDGE_INVISIBLE) /* DevTools' containmentEdgesFilter */
			continue;
		node_ix to = s->edge_to[e];
		struct view_item c = {
			.tag = e, .node = to, .a = e, .kind = VK_EDGE, .snap = it->snap,
			.leaf = !view_graph_has_edges(s, to),
		};
		view_items_push(out, &c);
	}
}

void view_graph_node_name(const struct snapshot *s, node_ix n, struct strbuf *sb)
{
	char buf[1024];
	classes_node_display(s, n, buf, sizeof(buf));
	strbuf_addstr(sb, buf);
}

int view_graph_node_role(const struct snapshot *s, node_ix n)
{
	switch (s->node_type[n]) {
	case NODE_CLOSURE:
		return THEME_NODE_CLOSURE;
	case NODE_STRING:
	case NODE_CONS_STRING:
	case NODE_SLICED_STRING:
		return THEME_NODE_STRING;
	case NODE_ARRAY:
		return THEME_NODE_ARRAY;
	case NODE_NUMBER:
	case NODE_BIGINT:
		return THEME_NODE_NUMBER;
	case NODE_CODE:
		return THEME_NODE_CODE;
	case NODE_HIDDEN:
	case NODE_OBJECT_SHAPE:
		return THEME_NODE_SYSTEM;
	case NODE_NATIVE:
		return THEME_NODE_NATIVE;
	case NODE_SYNTHETIC:
		return THEME_NODE_SYNTHETIC;
	default:
		return THEME_NODE_OBJECT;
	}
}

int view_graph_edge_role(const struct snapshot *s, edge_ix e)
{
	switch (s->edge_type[e]) {
	case EDGE_CONTEXT:
		return THEME_EDGE_CONTEXT;
	case EDGE_ELEMENT:
		return THEME_EDGE_ELEMENT;
	case EDGE_INTERNAL:
		return THEME_EDGE_INTERNAL;
	case EDGE_HIDDEN:
		return THEME_EDGE_HIDDEN;
	case EDGE_SHORTCUT:
		return THEME_EDGE_SHORTCUT;
	case EDGE_WEAK:
		return THEME_EDGE_WEAK;
	default:
		return THEME_EDGE_PROPERTY;
	}
}

void view_graph_size(struct view_cell *c, uint64_t v, uint64_t total)
{
	char b[FMT_BUFSZ], p[FMT_BUFSZ];
	fmt_size(v, b, sizeof(b));
	view_cell_add(c, THEME_SIZE, b, strlen(b));
	fmt_percent(total ? (double)v / (double)total * 100.0 : 0.0, p, sizeof(p));
	char pb[FMT_BUFSZ + 4];
	snprintf(pb, sizeof(pb), " %4s", p);
	view_cell_add(c, THEME_PERCENT, pb, strlen(pb));
}

static void node_label(const struct snapshot *s, node_ix n, struct view_cell *c)
{
	struct strbuf sb = STRBUF_INIT;
	view_graph_node_name(s, n, &sb);
	view_cell_add(c, view_graph_node_role(s, n), sb.buf ? sb.buf : "", sb.len);
	view_cell_addf(c, THEME_NODE_ID, " @%u", s->node_id[n]);
	strbuf_release(&sb);
}

void view_graph_cell(struct tui_data *d, const struct view_item *it, size_t col,
		     struct view_cell *c)
{
	const struct snapshot *s = item_snap(d, it);
	node_ix n = it->node;
	if (n >= s->node_count)
		return;
	uint64_t total = s->node_retained ? s->node_retained[s->root] : 0;
	char buf[FMT_BUFSZ];
	switch (col) {
	case 0:
		if (it->kind == VK_EDGE || it->kind == VK_RETAINER) {
			struct strbuf sb = STRBUF_INIT;
			paths_edge_label(s, it->a, &sb);
			view_cell_add(c, view_graph_edge_role(s, it->a), sb.buf ? sb.buf : "",
				      sb.len);
			view_cell_addf(c, THEME_TREE, it->kind == VK_EDGE ? " :: " : " in ");
			strbuf_release(&sb);
		}
		node_label(s, n, c);
		break;
	case 1: {
		uint32_t dist = s->node_distance ? s->node_distance[n] : DISTANCE_NONE;
		if (it->kind == VK_RETAINER && (size_t)it->snap < d->nsnaps)
			dist = paths_distance(&d->pv[it->snap], n);
		if (dist >= DISTANCE_SYSTEM)
			view_cell_addf(c, THEME_NUMBER, "-");
		else
			view_cell_addf(c, THEME_NUMBER, "%u", dist);
		break;
	}
	case 2:
		view_graph_size(c, s->node_self[n], total);
		break;
	case 3:
		view_graph_size(c, s->node_retained ? s->node_retained[n] : 0, total);
		break;
	default:
		(void)buf;
		break;
	}
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

int view_graph_compare(struct tui_data *d, const struct view_item *a, const struct view_item *b,
		       size_t col)
{
	const struct snapshot *sa = item_snap(d, a), *sb = item_snap(d, b);
	node_ix na = a->node, nb = b->node;
	if (na >= sa->node_count || nb >= sb->node_count)
		return 0;
	switch (col) {
	case 0: {
		if (a->kind == VK_EDGE && b->kind == VK_EDGE && sa == sb) {
			int ia = edge_type_has_index(sa->edge_type[a->a]);
			int ib = edge_type_has_index(sb->edge_type[b->a]);
			if (ia && ib)
				return cmp_u64(sa->edge_name[a->a], sb->edge_name[b->a]);
			if (ia != ib)
				return ia ? -1 : 1;
		}
		struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
		view_graph_text(d, a, &x);
		view_graph_text(d, b, &y);
		int c = strcmp(x.buf ? x.buf : "", y.buf ? y.buf : "");
		strbuf_release(&x);
		strbuf_release(&y);
		return c;
	}
	case 1:
		return cmp_u64(sa->node_distance ? sa->node_distance[na] : 0,
			       sb->node_distance ? sb->node_distance[nb] : 0);
	case 2:
		return cmp_u64(sa->node_self ? sa->node_self[na] : 0,
			       sb->node_self ? sb->node_self[nb] : 0);
	case 3:
		return cmp_u64(sa->node_retained ? sa->node_retained[na] : 0,
			       sb->node_retained ? sb->node_retained[nb] : 0);
	}
	return 0;
}

/*
 * A key equal for nodes whose names (view_graph_node_name) are equal. The
 * name is classes_node_display(): its type's decoration around the raw
 * name, which analyze_node_raw_name() makes of the type, the name string
 * and the detachedness ("Detached "): the key holds all three. Except for
 * concatenated strings and plain objects ("{a, b}"), whose names read the
 * graph: those get a key of their own.
 */
static uint64_t name_key(const struct snapshot *s, node_ix n, str_ix *obj_name, int *obj_plain)
{
	uint8_t type = s->node_type[n];
	str_ix name = s->node_name[n];
	if (type == NODE_CONS_STRING)
		return (UINT64_C(1) << 55) | n;
	if (type == NODE_OBJECT) {
		if (name != *obj_name) { /* one look per name, not per node */
			size_t len;
			const char *p = snapshot_str(s, name, &len);
			*obj_name = name;
			*obj_plain = len == 6 && !memcmp(p, "Object", 6);
		}
		if (*obj_plain)
			return (UINT64_C(1) << 55) | n;
	}
	uint8_t det = s->node_detachedness ? s->node_detachedness[n] : 0;
	return (uint64_t)type << 40 | (uint64_t)det << 32 | name;
}

/*
 * Sort keys (view_source.child_keys) of object rows of this kind, nodes
 * of snapshot s, in view_graph_compare's columns: 0 name (VIEW_KEY_SAME),
 * 1 distance, 2 shallow, 3 retained size (VIEW_KEY_ORDER). O(n).
 */
int view_graph_node_keys(const struct snapshot *s, uint8_t kind, size_t col, const node_ix *nodes,
			 size_t n, uint64_t *keys)
{
	const uint32_t *u32 = NULL;
	switch (col) {
	case 0: {
		str_ix obj_name = UINT32_MAX;
		int obj_plain = 0;
		for (size_t i = 0; i < n; i++)
			keys[i] = view_key(kind, name_key(s, nodes[i], &obj_name, &obj_plain));
		return VIEW_KEY_SAME;
	}
	case 1:
		u32 = s->node_distance;
		break;
	case 2:
		u32 = s->node_self;
		break;
	case 3:
		if (!s->node_retained)
			break;
		for (size_t i = 0; i < n; i++) {
			uint64_t r = s->node_retained[nodes[i]];
			if (r > VIEW_KEY_VALUE_MAX)
				return VIEW_KEY_NONE; /* compare() copes */
			keys[i] = view_key(kind, r);
		}
		return VIEW_KEY_ORDER;
	default:
		return VIEW_KEY_NONE;
	}
	for (size_t i = 0; i < n; i++)
		keys[i] = view_key(kind, u32 ? u32[nodes[i]] : 0);
	return VIEW_KEY_ORDER;
}

void view_graph_text(struct tui_data *d, const struct view_item *it, struct strbuf *sb)
{
	const struct snapshot *s = item_snap(d, it);
	if (it->node >= s->node_count)
		return;
	if (it->kind == VK_EDGE || it->kind == VK_RETAINER) {
		paths_edge_label(s, it->a, sb);
		strbuf_addch(sb, ' ');
	}
	view_graph_node_name(s, it->node, sb);
}
