/*
 * graph_fixture.h - build a loaded (not analyzed) struct snapshot from a
 * hand-drawn graph in memory, for the analysis tests (test_analyze,
 * test_classes, test_summary). Nodes and edges are added in order; edges
 * may be added in any source order and are grouped by source (keeping
 * their relative order) when the graph is finished, as a V8 file lists
 * them. Node 0 is the root unless the test says otherwise. Release with
 * snapshot_release().
 */
#ifndef HEAPTUI_TESTS_GRAPH_FIXTURE_H
#define HEAPTUI_TESTS_GRAPH_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "heaptui/snapshot.h"
#include "heaptui/util.h"

struct graph {
	struct snapshot *s;
	/* nodes */
	uint32_t nn, nalloc;
	uint8_t *type;
	char **name;
	uint32_t *id, *self;
	uint8_t *det;
	/* edges */
	uint32_t ne, ealloc;
	uint32_t *from, *to, *index;
	uint8_t *etype;
	char **ename;      /* NULL for element/hidden edges (index used) */
	/* locations */
	uint32_t nl;
	uint32_t lnode[64], lscript[64], lline[64], lcol[64];
};

static inline void graph_init(struct graph *g, struct snapshot *s)
{
	memset(g, 0, sizeof(*g));
	g->s = s;
	snapshot_init(s);
}

/* Add a node; its id is 2 * index + 1 (V8-like odd ids). */
static inline node_ix graph_node(struct graph *g, uint8_t type, const char *name, uint32_t self)
{
	if (g->nn == g->nalloc) {
		g->nalloc = g->nalloc ? g->nalloc * 2 : 16;
		g->type = xreallocarray(g->type, g->nalloc, 1);
		g->name = xreallocarray(g->name, g->nalloc, sizeof(char *));
		g->id = xreallocarray(g->id, g->nalloc, 4);
		g->self = xreallocarray(g->self, g->nalloc, 4);
		g->det = xreallocarray(g->det, g->nalloc, 1);
	}
	uint32_t i = g->nn++;
	g->type[i] = type;
	g->name[i] = xstrdup(name);
	g->id[i] = 2 * i + 1;
	g->self[i] = self;
	g->det[i] = 0;
	return i;
}

static inline void graph_edge_any(struct graph *g, node_ix from, uint8_t type, const char *name,
				  uint32_t index, node_ix to)
{
	if (g->ne == g->ealloc) {
		g->ealloc = g->ealloc ? g->ealloc * 2 : 16;
		g->from = xreallocarray(g->from, g->ealloc, 4);
		g->to = xreallocarray(g->to, g->ealloc, 4);
		g->index = xreallocarray(g->index, g->ealloc, 4);
		g->etype = xreallocarray(g->etype, g->ealloc, 1);
		g->ename = xreallocarray(g->ename, g->ealloc, sizeof(char *));
	}
	uint32_t e = g->ne++;
	g->from[e] = from;
	g->to[e] = to;
	g->etype[e] = type;
	g->index[e] = index;
	g->ename[e] = name ? xstrdup(name) : NULL;
}

/* A named edge (property, internal, context, shortcut, weak...). */
static inline void graph_edge(struct graph *g, node_ix from, uint8_t type, const char *name,
			      node_ix to)
{
	graph_edge_any(g, from, type, name, 0, to);
}

/* An element or hidden edge with an index. */
static inline void graph_elem(struct graph *g, node_ix from, uint8_t type, uint32_t index,
			      node_ix to)
{
	graph_edge_any(g, from, type, NULL, index, to);
}

static inline void graph_location(struct graph *g, node_ix n, uint32_t script, uint32_t line,
				  uint32_t col)
{
	/* kept sorted by node, as the loader leaves them (stable) */
	uint32_t l = g->nl++;
	for (; l > 0 && g->lnode[l - 1] > n; l--) {
		g->lnode[l] = g->lnode[l - 1];
		g->lscript[l] = g->lscript[l - 1];
		g->lline[l] = g->lline[l - 1];
		g->lcol[l] = g->lcol[l - 1];
	}
	g->lnode[l] = n;
	g->lscript[l] = script;
	g->lline[l] = line;
	g->lcol[l] = col;
}

/* Intern a string in the table being built (linear: tests are small). */
static inline str_ix graph_str(char ***strs, uint32_t *count, const char *p)
{
	for (uint32_t i = 0; i < *count; i++)
		if (!strcmp((*strs)[i], p))
			return i;
	*strs = xreallocarray(*strs, *count + 1, sizeof(char *));
	(*strs)[*count] = (char *)p;
	return (*count)++;
}

/* Fill g->s. `has_detachedness`: the file has the detachedness field. */
static inline void graph_finish(struct graph *g, int has_detachedness)
{
	struct snapshot *s = g->s;
	uint32_t n = g->nn, m = g->ne;
	char **strs = NULL;
	uint32_t nstr = 0;

	graph_str(&strs, &nstr, "");
	s->node_count = n;
	s->edge_count = m;
	s->root = 0;
	s->has_detachedness = has_detachedness;
	s->node_type = xmallocarray(n ? n : 1, 1);
	s->node_name = xmallocarray(n ? n : 1, 4);
	s->node_id = xmallocarray(n ? n : 1, 4);
	s->node_self = xmallocarray(n ? n : 1, 4);
	s->first_edge = xcalloc((size_t)n + 1, 4);
	s->node_detachedness = xcalloc(n ? n : 1, 1);
	s->id_order = xmallocarray(n ? n : 1, 4);
	for (uint32_t i = 0; i < n; i++) {
		s->node_type[i] = g->type[i];
		s->node_name[i] = graph_str(&strs, &nstr, g->name[i]);
		s->node_id[i] = g->id[i];
		s->node_self[i] = g->self[i];
		s->node_detachedness[i] = g->det[i];
		s->id_order[i] = i; /* ids ascend with the index */
	}
	/* edges grouped by source, stable */
	s->edge_type = xmallocarray(m ? m : 1, 1);
	s->edge_name = xmallocarray(m ? m : 1, 4);
	s->edge_to = xmallocarray(m ? m : 1, 4);
	for (uint32_t e = 0; e < m; e++)
		s->first_edge[g->from[e] + 1]++;
	for (uint32_t i = 0; i < n; i++)
		s->first_edge[i + 1] += s->first_edge[i];
	uint32_t *fill = xmallocarray(n ? n : 1, 4);
	for (uint32_t i = 0; i < n; i++)
		fill[i] = s->first_edge[i];
	for (uint32_t e = 0; e < m; e++) {
		uint32_t at = fill[g->from[e]]++;
		s->edge_type[at] = g->etype[e];
		s->edge_to[at] = g->to[e];
		s->edge_name[at] = g->ename[e] ? graph_str(&strs, &nstr, g->ename[e]) : g->index[e];
	}
	free(fill);
	/* strings */
	size_t total = 0;
	for (uint32_t i = 0; i < nstr; i++)
		total += strlen(strs[i]) + 1;
	s->string_count = nstr;
	s->str_data = xmalloc(total ? total : 1);
	s->str_data_len = total;
	s->str_off = xmallocarray((size_t)nstr + 1, 8);
	total = 0;
	for (uint32_t i = 0; i < nstr; i++) {
		s->str_off[i] = total;
		memcpy(s->str_data + total, strs[i], strlen(strs[i]) + 1);
		total += strlen(strs[i]) + 1;
	}
	s->str_off[nstr] = total;
	/* locations */
	s->location_count = g->nl;
	s->loc_node = xmallocarray(g->nl ? g->nl : 1, 4);
	s->loc_script = xmallocarray(g->nl ? g->nl : 1, 4);
	s->loc_line = xmallocarray(g->nl ? g->nl : 1, 4);
	s->loc_column = xmallocarray(g->nl ? g->nl : 1, 4);
	for (uint32_t l = 0; l < g->nl; l++) {
		s->loc_node[l] = g->lnode[l];
		s->loc_script[l] = g->lscript[l];
		s->loc_line[l] = g->lline[l];
		s->loc_column[l] = g->lcol[l];
	}

	free(strs);
	for (uint32_t i = 0; i < n; i++)
		free(g->name[i]);
	for (uint32_t e = 0; e < m; e++)
		free(g->ename[e]);
	free(g->type);
	free(g->name);
	free(g->id);
	free(g->self);
	free(g->det);
	free(g->from);
	free(g->to);
	free(g->index);
	free(g->etype);
	free(g->ename);
}

/* Node by name (first), for readable assertions. */
static inline node_ix graph_find(const struct snapshot *s, const char *name)
{
	for (node_ix i = 0; i < s->node_count; i++)
		if (!strcmp(snapshot_node_name(s, i), name))
			return i;
	return NODE_NONE;
}

#endif
