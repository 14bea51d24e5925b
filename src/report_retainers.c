/*
 * report_retainers.c - `--print retainers ID`, `--print path ID` and
 * `--print node ID`: the Retainers view, the path to the GC roots with its
 * Context notes and leak patterns, and everything about one node.
 * They read the target snapshot (the last file unless --target).
 */
#include <stdlib.h>
#include <string.h>

#include "heaptui/analyze.h"
#include "heaptui/classes.h"
#include "heaptui/context.h"
#include "heaptui/paths.h"
#include "heaptui/patterns.h"
#include "heaptui/report.h"

static struct snapshot *target_of(const struct report_args *a)
{
	return a->snaps[a->target < a->nsnaps ? a->target : a->nsnaps - 1];
}

/* Find the node of ID and set up the view with the --ignore set. */
static int open_view(const struct report_args *a, struct paths_view *v, node_ix *node,
		     struct ht_error *err)
{
	const struct snapshot *s = target_of(a);
	if (!a->has_id)
		return ht_fail(err, NULL, -1, "a node id is needed");
	*node = snapshot_find_id(s, a->id);
	if (*node == NODE_NONE)
		return ht_fail(err, s->path ? s->path : "", -1, "no node with id %u", a->id);
	paths_view_init(v, s);
	if (!a->nignore)
		return 0;
	node_ix *ign = xmallocarray(a->nignore, sizeof(*ign));
	for (size_t i = 0; i < a->nignore; i++) {
		ign[i] = snapshot_find_id(s, a->ignore[i]);
		if (ign[i] == NODE_NONE) {
			free(ign);
			return ht_fail(err, s->path ? s->path : "", -1, "no node with id %u",
				       a->ignore[i]);
		}
	}
	paths_view_ignore(v, ign, a->nignore);
	free(ign);
	return 0;
}

static const char *class_name(const struct snapshot *s, node_ix n)
{
	if (s->node_class && s->classes.names)
		return snapshot_class_name(s, s->node_class[n]);
	return snapshot_node_name(s, n);
}

static void cell_edge_name(struct out *o, const struct snapshot *s, edge_ix e, struct strbuf *sb)
{
	strbuf_reset(sb);
	paths_edge_name(s, e, sb);
	out_str(o, sb->buf ? sb->buf : "", sb->len);
}

static void cell_node_name(struct out *o, const struct snapshot *s, node_ix n, struct strbuf *sb)
{
	strbuf_reset(sb);
	classes_node_name(s, n, sb);
	out_str(o, sb->buf ? sb->buf : "", sb->len);
}

static void note_target(struct out *o, const struct snapshot *s, node_ix n, const char *what)
{
	struct strbuf sb = STRBUF_INIT;
	classes_node_name(s, n, &sb);
	/* out_note sanitizes; names are cropped so one note stays one line */
	out_note(o, "%s of %s %.80s @%u", what, class_name(s, n), sb.buf ? sb.buf : "",
		 s->node_id[n]);
	strbuf_release(&sb);
}

static const struct out_col retainer_cols[] = {
	{"edge_type", OUT_STR},     {"edge_name", OUT_STR},      {"retainer_id", OUT_INT},
	{"retainer_class", OUT_STR}, {"retainer_name", OUT_STR}, {"distance", OUT_INT},
	{"shallow_size", OUT_SIZE}, {"retained_size", OUT_SIZE},
};

static void write_retainers(struct out *o, const struct paths_view *v, node_ix n)
{
	const struct snapshot *s = v->s;
	struct retainer_list l = RETAINER_LIST_INIT;
	struct strbuf sb = STRBUF_INIT;
	size_t ignored = 0;

	paths_retainers(v, n, &l);
	out_table_begin(o, "retainers", retainer_cols, ARRAY_SIZE(retainer_cols));
	for (size_t i = 0; i < l.count; i++) {
		const struct retainer *r = &l.items[i];
		out_cstr(o, edge_type_name(s->edge_type[r->edge]));
		cell_edge_name(o, s, r->edge, &sb);
		out_int(o, s->node_id[r->node]);
		out_cstr(o, class_name(s, r->node));
		cell_node_name(o, s, r->node, &sb);
		out_int(o, r->distance);
		out_uint(o, s->node_self[r->node]);
		out_uint(o, s->node_retained ? s->node_retained[r->node] : 0);
		out_row_end(o);
		ignored += r->ignored;
	}
	out_table_end(o);
	if (ignored)
		out_note(o, "%zu ignored retainer%s (distance %u and more: unreachable in this view)",
			 ignored, ignored == 1 ? "" : "s", PATHS_UNREACHABLE);
	strbuf_release(&sb);
	paths_list_release(&l);
}

int report_retainers(const struct report_args *a, struct out *o, struct ht_error *err)
{
	struct paths_view v;
	node_ix n;
	if (open_view(a, &v, &n, err) < 0)
		return -1;
	note_target(o, v.s, n, "retainers");
	write_retainers(o, &v, n);
	paths_view_release(&v);
	return 0;
}

/* The note of a path row: Context explanation, closure location. */
static void row_note(const struct snapshot *s, const struct retainer *r, struct strbuf *sb)
{
	strbuf_reset(sb);
	if (context_is_context(s, r->node))
		context_explain(s, r->node, r->edge, sb);
	else if (s->node_type[r->node] == NODE_CLOSURE)
		context_explain_closure(s, r->node, sb);
	if (r->ignored)
		strbuf_addstr(sb, sb->len ? "; ignored" : "ignored");
}

static const struct out_col path_cols[] = {
	{"level", OUT_INT},         {"edge_type", OUT_STR},     {"edge_name", OUT_STR},
	{"retainer_id", OUT_INT},   {"retainer_class", OUT_STR}, {"retainer_name", OUT_STR},
	{"distance", OUT_INT},      {"retained_size", OUT_SIZE}, {"note", OUT_STR},
};

static const struct out_col pattern_cols[] = {
	{"level", OUT_INT},      {"pattern", OUT_STR}, {"edge_type", OUT_STR},
	{"edge_name", OUT_STR},  {"retainer_id", OUT_INT}, {"verdict", OUT_STR},
};

int report_path(const struct report_args *a, struct out *o, struct ht_error *err)
{
	struct paths_view v;
	struct retainer_list l = RETAINER_LIST_INIT;
	struct pattern_list pl = PATTERN_LIST_INIT;
	struct strbuf sb = STRBUF_INIT;
	node_ix n;

	if (open_view(a, &v, &n, err) < 0)
		return -1;
	const struct snapshot *s = v.s;
	paths_path(&v, n, &l);
	note_target(o, s, n, "path to the GC roots");
	out_table_begin(o, "path", path_cols, ARRAY_SIZE(path_cols));
	for (size_t i = 0; i < l.count; i++) {
		const struct retainer *r = &l.items[i];
		out_int(o, (int64_t)i + 1);
		out_cstr(o, edge_type_name(s->edge_type[r->edge]));
		cell_edge_name(o, s, r->edge, &sb);
		out_int(o, s->node_id[r->node]);
		out_cstr(o, class_name(s, r->node));
		cell_node_name(o, s, r->node, &sb);
		out_int(o, r->distance);
		out_uint(o, s->node_retained ? s->node_retained[r->node] : 0);
		row_note(s, r, &sb);
		if (sb.len)
			out_str(o, sb.buf, sb.len);
		else
			out_null(o);
		out_row_end(o);
	}
	out_table_end(o);
	if (!l.count)
		out_note(o, "no retainer: the node is a GC root or held only by the root, weak "
			    "or invisible edges");
	/* text cells are cropped: the Context notes in full, for people (text only) */
	for (size_t i = 0; i < l.count; i++) {
		if (!context_is_context(s, l.items[i].node))
			continue;
		row_note(s, &l.items[i], &sb);
		out_note(o, "%zu: %s", i + 1, sb.buf ? sb.buf : "");
	}

	patterns_classify(s, n, l.items, l.count, &pl);
	out_table_begin(o, "patterns", pattern_cols, ARRAY_SIZE(pattern_cols));
	for (size_t i = 0; i < pl.count; i++) {
		const struct pattern_verdict *p = &pl.items[i];
		out_int(o, (int64_t)p->row + 1);
		out_cstr(o, pattern_name(p->kind));
		out_cstr(o, edge_type_name(s->edge_type[p->edge]));
		cell_edge_name(o, s, p->edge, &sb);
		out_int(o, s->node_id[p->node]);
		out_cstr(o, p->text);
		out_row_end(o);
	}
	out_table_end(o);
	if (!pl.count)
		out_note(o, "no known leak pattern on this path");
	for (size_t i = 0; i < pl.count; i++)
		out_note(o, "%s at level %zu: %s", pattern_name(pl.items[i].kind),
			 pl.items[i].row + 1, pl.items[i].text);

	patterns_release(&pl);
	strbuf_release(&sb);
	paths_list_release(&l);
	paths_view_release(&v);
	return 0;
}

/* ---- --print node ------------------------------------------------------ */

static const struct out_col field_cols[] = {
	{"field", OUT_STR},
	{"value", OUT_STR},
};

static void field(struct out *o, const char *name, const char *value, size_t len)
{
	out_cstr(o, name);
	out_str(o, value, len);
	out_row_end(o);
}

static void field_u64(struct out *o, const char *name, uint64_t v)
{
	out_cstr(o, name);
	out_strf(o, "%llu", (unsigned long long)v);
	out_row_end(o);
}

static const struct out_col edge_cols[] = {
	{"edge_type", OUT_STR},  {"edge_name", OUT_STR},  {"to_id", OUT_INT},
	{"to_class", OUT_STR},   {"to_name", OUT_STR},    {"distance", OUT_INT},
	{"shallow_size", OUT_SIZE}, {"retained_size", OUT_SIZE},
};

int report_node(const struct report_args *a, struct out *o, struct ht_error *err)
{
	struct paths_view v;
	struct strbuf sb = STRBUF_INIT;
	char dbuf[16];
	node_ix n;

	if (open_view(a, &v, &n, err) < 0)
		return -1;
	const struct snapshot *s = v.s;

	out_table_begin(o, "node", field_cols, ARRAY_SIZE(field_cols));
	field_u64(o, "id", s->node_id[n]);
	out_cstr(o, "type");
	out_cstr(o, node_type_name(s->node_type[n]));
	out_row_end(o);
	out_cstr(o, "class");
	out_cstr(o, class_name(s, n));
	out_row_end(o);
	classes_node_name(s, n, &sb);
	field(o, "name", sb.buf ? sb.buf : "", sb.len);
	field_u64(o, "self_size", s->node_self[n]);
	field_u64(o, "retained_size", s->node_retained ? s->node_retained[n] : 0);
	if (s->node_distance) {
		const char *d = analyze_distance_text(s->node_distance[n], dbuf);
		field(o, "distance", d, strlen(d));
	}
	if (s->node_dominator && s->node_dominator[n] != NODE_NONE) {
		node_ix dom = s->node_dominator[n];
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s @%u", class_name(s, dom), s->node_id[dom]);
		field(o, "dominator", sb.buf, sb.len);
	}
	strbuf_reset(&sb);
	uint32_t l = snapshot_node_location(s, n);
	if (s->node_type[n] == NODE_CLOSURE) {
		context_location(s, n, NODE_NONE, &sb);
	} else if (l != UINT32_MAX) {
		strbuf_addf(&sb, "script %u:%u:%u", s->loc_script[l], s->loc_line[l] + 1,
			    s->loc_column[l] + 1);
	}
	if (sb.len)
		field(o, "location", sb.buf, sb.len);
	strbuf_reset(&sb);
	struct strbuf expl = STRBUF_INIT; /* shown in full under the table too */
	if (context_is_context(s, n)) {
		struct context_desc d;
		context_explain(s, n, UINT32_MAX, &expl);
		field(o, "context", expl.buf, expl.len);
		if (context_describe(s, n, &d) == 0 && d.nvariables) {
			strbuf_reset(&sb);
			for (size_t i = 0; i < d.nvariables; i++) {
				if (i)
					strbuf_addstr(&sb, ", ");
				paths_edge_name(s, d.variables[i], &sb);
			}
			field(o, "variables", sb.buf, sb.len);
		}
		context_desc_release(&d);
	} else if (s->node_type[n] == NODE_CLOSURE) {
		context_explain_closure(s, n, &expl);
		field(o, "closure", expl.buf, expl.len);
	}
	out_table_end(o);
	if (expl.len)
		out_note(o, "%s", expl.buf);
	strbuf_release(&expl);

	out_table_begin(o, "edges", edge_cols, ARRAY_SIZE(edge_cols));
	for (edge_ix e = s->first_edge[n]; e < s->first_edge[n + 1]; e++) {
		node_ix to = s->edge_to[e];
		out_cstr(o, edge_type_name(s->edge_type[e]));
		cell_edge_name(o, s, e, &sb);
		out_int(o, s->node_id[to]);
		out_cstr(o, class_name(s, to));
		cell_node_name(o, s, to, &sb);
		out_int(o, s->node_distance ? s->node_distance[to] : 0);
		out_uint(o, s->node_self[to]);
		out_uint(o, s->node_retained ? s->node_retained[to] : 0);
		out_row_end(o);
	}
	out_table_end(o);

	write_retainers(o, &v, n);
	strbuf_release(&sb);
	paths_view_release(&v);
	return 0;
}
