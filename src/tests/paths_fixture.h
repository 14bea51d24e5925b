/*
 * paths_fixture.h - hand-made heap graphs for test_paths, test_context and
 * test_patterns: nodes, edges and strings as the loader would lay them out,
 * then the retainer CSR and the distances from the analysis code (so the
 * tests see DevTools' orders), with self sizes copied and no classes.
 * The snapshot owns heap arrays: snapshot_release() frees everything.
 */
#ifndef HEAPTUI_TESTS_PATHS_FIXTURE_H
#define HEAPTUI_TESTS_PATHS_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "heaptui/analyze.h"
#include "heaptui/snapshot.h"
#include "heaptui/util.h"

/* An edge before the graph is finished (edges are grouped by source then). */
struct g_edge {
	node_ix from;     /* source node */
	uint8_t type;     /* enum edge_type */
	uint32_t name;    /* string index or element index */
	node_ix to;       /* target node */
};

struct graph {
	struct snapshot s;     /* the snapshot under construction */
	uint32_t ncap, ecap, scap; /* capacities */
	struct g_edge *edges;  /* pending edges */
	uint32_t nedges;
	size_t str_cap;        /* bytes allocated for str_data */
};

static inline void g_init(struct graph *g)
{
	memset(g, 0, sizeof(*g));
	snapshot_init(&g->s);
	g->s.producer = PRODUCER_NODE;
}

/* Intern a string (linear search: test graphs are small). */
static inline str_ix g_str(struct graph *g, const char *str)
{
	struct snapshot *s = &g->s;
	size_t len = strlen(str);
	for (str_ix i = 0; i < s->string_count; i++)
		if (s->str_off[i + 1] - s->str_off[i] - 1 == len &&
		    !memcmp(s->str_data + s->str_off[i], str, len))
			return i;
	if (s->string_count + 2 > g->scap) {
		g->scap = g->scap ? 2 * g->scap : 64;
		s->str_off = xreallocarray(s->str_off, g->scap, sizeof(*s->str_off));
		if (!s->string_count)
			s->str_off[0] = 0;
	}
	if (s->str_data_len + len + 1 > g->str_cap) {
		g->str_cap = (s->str_data_len + len + 1) * 2;
		s->str_data = xreallocarray(s->str_data, g->str_cap, 1);
	}
	memcpy(s->str_data + s->str_data_len, str, len + 1);
	s->str_data_len += len + 1;
	s->str_off[++s->string_count] = s->str_data_len;
	return s->string_count - 1;
}

static inline node_ix g_node(struct graph *g, uint8_t type, const char *name, uint32_t id,
			     uint32_t self)
{
	struct snapshot *s = &g->s;
	if (s->node_count == g->ncap) {
		g->ncap = g->ncap ? 2 * g->ncap : 64;
		s->node_type = xreallocarray(s->node_type, g->ncap, sizeof(*s->node_type));
		s->node_name = xreallocarray(s->node_name, g->ncap, sizeof(*s->node_name));
		s->node_id = xreallocarray(s->node_id, g->ncap, sizeof(*s->node_id));
		s->node_self = xreallocarray(s->node_self, g->ncap, sizeof(*s->node_self));
	}
	node_ix n = s->node_count++;
	s->node_type[n] = type;
	s->node_name[n] = g_str(g, name);
	s->node_id[n] = id;
	s->node_self[n] = self;
	return n;
}

static inline void g_edge_raw(struct graph *g, node_ix from, uint8_t type, uint32_t name,
			      node_ix to)
{
	if (g->nedges == g->ecap) {
		g->ecap = g->ecap ? 2 * g->ecap : 64;
		g->edges = xreallocarray(g->edges, g->ecap, sizeof(*g->edges));
	}
	g->edges[g->nedges++] = (struct g_edge){from, type, name, to};
}

/* An edge with a string name. */
static inline void g_edge(struct graph *g, node_ix from, uint8_t type, const char *name,
			  node_ix to)
{
	g_edge_raw(g, from, type, g_str(g, name), to);
}

/* An element or hidden edge. */
static inline void g_elem(struct graph *g, node_ix from, uint8_t type, uint32_t index, node_ix to)
{
	g_edge_raw(g, from, type, index, to);
}

/* Lay the edges out by source (keeping insertion order), then analyze. */
static inline void g_finish(struct graph *g)
{
	struct snapshot *s = &g->s;
	uint32_t n = s->node_count, m = g->nedges;

	/* a stable counting sort by source */
	s->first_edge = xcalloc((size_t)n + 1, sizeof(*s->first_edge));
	for (uint32_t i = 0; i < m; i++)
		s->first_edge[g->edges[i].from + 1]++;
	for (uint32_t i = 0; i < n; i++)
		s->first_edge[i + 1] += s->first_edge[i];
	s->edge_type = xmallocarray(m ? m : 1, 1);
	s->edge_name = xmallocarray(m ? m : 1, sizeof(uint32_t));
	s->edge_to = xmallocarray(m ? m : 1, sizeof(node_ix));
	uint32_t *cur = xmallocarray(n ? n : 1, sizeof(*cur));
	memcpy(cur, s->first_edge, n * sizeof(*cur));
	for (uint32_t i = 0; i < m; i++) {
		uint32_t at = cur[g->edges[i].from]++;
		s->edge_type[at] = g->edges[i].type;
		s->edge_name[at] = g->edges[i].name;
		s->edge_to[at] = g->edges[i].to;
	}
	free(cur);
	s->edge_count = m;

	s->id_order = xmallocarray(n, sizeof(*s->id_order));
	for (uint32_t i = 0; i < n; i++) {
		/* insertion sort by id: test graphs are small, the chain is in id order */
		uint32_t j = i;
		while (j > 0 && s->node_id[s->id_order[j - 1]] > s->node_id[i]) {
			s->id_order[j] = s->id_order[j - 1];
			j--;
		}
		s->id_order[j] = i;
	}
	s->node_detachedness = xcalloc(n, 1);

	analyze_build_retainers(s);
	s->node_distance = xmallocarray(n, sizeof(*s->node_distance));
	analyze_distances(s, NULL, s->node_distance);
	s->node_retained = xcalloc(n, sizeof(*s->node_retained));
	s->node_flags = xcalloc(n, 1);
	s->node_dominator = xmallocarray(n, sizeof(*s->node_dominator));
	for (uint32_t i = 0; i < n; i++)
		s->node_dominator[i] = s->root;
	s->analyzed = 1;
	free(g->edges);
	g->edges = NULL;
}

/* Give node n a location (0-based line and column, as in the file). */
static inline void g_locate(struct graph *g, node_ix n, uint32_t script, uint32_t line,
			    uint32_t col)
{
	struct snapshot *s = &g->s;
	uint32_t l = s->location_count++;
	s->loc_node = xreallocarray(s->loc_node, l + 1, sizeof(*s->loc_node));
	s->loc_script = xreallocarray(s->loc_script, l + 1, sizeof(*s->loc_script));
	s->loc_line = xreallocarray(s->loc_line, l + 1, sizeof(*s->loc_line));
	s->loc_column = xreallocarray(s->loc_column, l + 1, sizeof(*s->loc_column));
	/* kept sorted by node, as the loader leaves them (stable) */
	for (; l > 0 && s->loc_node[l - 1] > n; l--) {
		s->loc_node[l] = s->loc_node[l - 1];
		s->loc_script[l] = s->loc_script[l - 1];
		s->loc_line[l] = s->loc_line[l - 1];
		s->loc_column[l] = s->loc_column[l - 1];
	}
	s->loc_node[l] = n;
	s->loc_script[l] = script;
	s->loc_line[l] = line;
	s->loc_column[l] = col;
}

static inline void g_release(struct graph *g)
{
	free(g->edges);
	snapshot_release(&g->s);
}

#endif
