/*
 * dominators.c - essential edges, Lengauer-Tarjan dominators and retained
 * sizes exactly as DevTools computes them (HeapSnapshot.ts:
 * computeIsEssentialEdge, calculateDominatorsAndRetainedSizes,
 * buildDominatedNodes). Vertex numbers are 1-based as in DevTools so that
 * 0 can mean "none".
 */
#include "heaptui/dominators.h"

#include <stdlib.h>
#include <string.h>

#include "heaptui/analyze.h"
#include "heaptui/util.h"

uint8_t *dominators_essential_edges(const struct snapshot *s)
{
	uint32_t n = s->node_count, m = s->edge_count;
	uint8_t *bits = xcalloc(((size_t)m + 7) / 8 + 1, 1);
	const uint8_t *flags = s->node_flags;
	/* per string: 0 unknown, 1 not a WeakMap edge name, 2 one (table id cached) */
	uint8_t *wm_state = xcalloc(s->string_count ? s->string_count : 1, 1);
	uint64_t *wm_table = NULL;

	for (node_ix u = 0; u < n; u++) {
		int u_page = !flags || (flags[u] & NODE_FLAG_PAGE_OBJECT);
		for (edge_ix e = s->first_edge[u]; e < s->first_edge[u + 1]; e++) {
			uint8_t t = s->edge_type[e];
			node_ix c = s->edge_to[e];
			if (t == EDGE_INTERNAL) {
				/* the WeakMap table's half of an ephemeron */
				str_ix name = s->edge_name[e];
				if (wm_state[name] == 0) {
					size_t len, off;
					uint64_t table;
					const char *p = snapshot_str(s, name, &len);
					wm_state[name] = 1;
					if (analyze_parse_weakmap_edge(p, len, &table, &off)) {
						if (!wm_table)
							wm_table = xmallocarray(s->string_count,
										sizeof(*wm_table));
						wm_table[name] = table;
						wm_state[name] = 2;
					}
				}
				if (wm_state[name] == 2 && wm_table && wm_table[name] == s->node_id[u])
					continue;
			}
			if (t == EDGE_WEAK || c == u)
				continue;
			if (u != s->root) {
				/* shortcuts mean "user global" only at the root */
				if (t == EDGE_SHORTCUT)
					continue;
				int c_page = !flags || (flags[c] & NODE_FLAG_PAGE_OBJECT);
				/* keep the debugger's objects out of the page's dominators */
				if (c_page && !u_page)
					continue;
			}
			bits[e >> 3] |= (uint8_t)(1u << (e & 7));
		}
	}
	free(wm_state);
	free(wm_table);
	return bits;
}

static int has_only_weak_retainers(const struct snapshot *s, const uint8_t *ess, node_ix v)
{
	for (edge_ix r = s->first_retainer[v]; r < s->first_retainer[v + 1]; r++)
		if (dominators_edge_is_essential(ess, s->retaining_edge[r]))
			return 0;
	return 1;
}

struct lt {
	const struct snapshot *s;
	const uint8_t *ess;
	uint32_t *parent, *ancestor, *vertex, *label, *semi;
	uint32_t *next_edge;  /* per vertex: next edge to examine in the DFS */
	uint32_t *stack;      /* compress() path */
	uint32_t n;           /* DFS numbers handed out */
};

/* DevTools' iterative DFS from vertex `root` (1-based) over essential edges. */
static void lt_dfs(struct lt *L, uint32_t root)
{
	const struct snapshot *s = L->s;
	uint32_t v = root;

	L->next_edge[root] = s->first_edge[root - 1];
	while (v != 0) {
		if (L->semi[v] == 0) {
			L->semi[v] = ++L->n;
			L->vertex[L->n] = L->label[v] = v;
		}
		uint32_t vnext = L->parent[v];
		edge_ix end = s->first_edge[v];
		for (; L->next_edge[v] < end; L->next_edge[v]++) {
			edge_ix e = L->next_edge[v];
			if (!dominators_edge_is_essential(L->ess, e))
				continue;
			uint32_t w = s->edge_to[e] + 1;
			if (L->semi[w] == 0) {
				L->parent[w] = v;
				L->next_edge[w] = s->first_edge[w - 1];
				vnext = w;
				break;
			}
		}
		v = vnext;
	}
}

static void lt_compress(struct lt *L, uint32_t v)
{
	uint32_t sp = 0;
	while (L->ancestor[L->ancestor[v]] != 0) {
		L->stack[++sp] = v;
		v = L->ancestor[v];
	}
	while (sp > 0) {
		uint32_t w = L->stack[sp--];
		if (L->semi[L->label[L->ancestor[w]]] < L->semi[L->label[w]])
			L->label[w] = L->label[L->ancestor[w]];
		L->ancestor[w] = L->ancestor[L->ancestor[w]];
	}
}

static uint32_t lt_eval(struct lt *L, uint32_t v)
{
	if (L->ancestor[v] == 0)
		return v;
	lt_compress(L, v);
	return L->label[v];
}

/*
 * Memory: five u32 arrays of n + 1 (parent, semi, vertex, label, and
 * next_edge, which becomes the ancestor array once the DFS is done).
 * `dominator` holds the 1-based dom[] until the end; the scratch space
 * `retained` (2n u32) the buckets; `vertex` becomes the returned order.
 */
node_ix *dominators_compute(const struct snapshot *s, const uint8_t *essential,
			    node_ix *dominator, uint64_t *retained)
{
	uint32_t count = s->node_count;
	size_t len = (size_t)count + 1;
	struct lt L = {.s = s, .ess = essential};

	if (count == 0)
		return xmallocarray(1, sizeof(node_ix));
	L.parent = xcalloc(len, sizeof(uint32_t));
	L.vertex = xcalloc(len, sizeof(uint32_t));
	L.label = xcalloc(len, sizeof(uint32_t));
	L.semi = xcalloc(len, sizeof(uint32_t));
	L.next_edge = xcalloc(len, sizeof(uint32_t));
	/* next_edge is indexed by vertex here; DevTools indexes by ordinal,
	 * same values. The DFS's loop end is first_edge[ordinal + 1], which
	 * for vertex v (= ordinal + 1) is first_edge[v]. */

	uint32_t r = s->root + 1;
	lt_dfs(&L, r);

	/* Then nodes with only non-essential retainers, each as a DFS root
	 * whose parent is the root, in ordinal order. */
	if (L.n < count) {
		for (uint32_t v = 1; v <= count; v++) {
			if (L.semi[v] == 0 && has_only_weak_retainers(s, essential, v - 1)) {
				L.parent[v] = r;
				lt_dfs(&L, v);
			}
		}
	}
	/* Still unreached (cliques retained only by each other): under the root. */
	if (L.n < count) {
		for (uint32_t v = 1; v <= count; v++) {
			if (L.semi[v] == 0) {
				L.parent[v] = r;
				L.semi[v] = ++L.n;
				L.vertex[L.n] = L.label[v] = v;
			}
		}
	}

	L.ancestor = L.next_edge;
	L.next_edge = NULL;
	memset(L.ancestor, 0, len * sizeof(uint32_t));
	L.stack = xmallocarray(len + 1, sizeof(uint32_t));
	/* dom(v): v's dominator as a 1-based vertex, 0 while unknown */
#define DOM(v) dominator[(v) - 1]
	memset(dominator, 0, (size_t)count * sizeof(*dominator));
	/* Buckets as LIFO lists: DevTools iterates Sets in insertion order, but
	 * every vertex of a bucket is evaluated against the same forest, and
	 * eval's answer (the deepest vertex of least semi on the path) does not
	 * depend on the order of the evaluations. */
	uint32_t *scratch = (uint32_t *)(void *)retained;
#define BUCKET(v) scratch[(v) - 1]              /* head vertex, 0 = empty */
#define BUCKET_NEXT(v) scratch[count + (v) - 1] /* next in the same bucket */
	memset(retained, 0, (size_t)count * sizeof(*retained));

	for (uint32_t i = L.n; i >= 2; i--) {
		uint32_t w = L.vertex[i];
		int orphan = 1;
		for (edge_ix ri = s->first_retainer[w - 1]; ri < s->first_retainer[w]; ri++) {
			if (!dominators_edge_is_essential(essential, s->retaining_edge[ri]))
				continue;
			orphan = 0;
			uint32_t u = lt_eval(&L, s->retaining_node[ri] + 1);
			if (L.semi[u] < L.semi[w])
				L.semi[w] = L.semi[u];
		}
		if (orphan)
			L.semi[w] = L.semi[r]; /* the root as the only predecessor */

		uint32_t sv = L.vertex[L.semi[w]];
		BUCKET_NEXT(w) = BUCKET(sv);
		BUCKET(sv) = w;
		L.ancestor[w] = L.parent[w]; /* link */

		uint32_t p = L.parent[w];
		for (uint32_t v = BUCKET(p); v; v = BUCKET_NEXT(v)) {
			uint32_t u = lt_eval(&L, v);
			DOM(v) = L.semi[u] < L.semi[v] ? u : p;
		}
		BUCKET(p) = 0;
	}
#undef BUCKET
#undef BUCKET_NEXT

	/* The root dominates itself and, as DevTools' dom[0], whatever is
	 * still unknown (vertices the quirks above left out of every bucket). */
	DOM(r) = r;
	for (uint32_t i = 2; i <= L.n; i++) {
		uint32_t w = L.vertex[i];
		if (DOM(w) != L.vertex[L.semi[w]])
			DOM(w) = DOM(w) ? DOM(DOM(w)) : r;
	}
#undef DOM

	for (uint32_t o = 0; o < count; o++)
		dominator[o]--; /* 1-based vertex -> ordinal */

	/* every node has a DFS number by now (L.n == count): the preorder */
	node_ix *order = L.vertex;
	for (uint32_t i = 0; i < count; i++)
		order[i] = order[i + 1] - 1;
	free(L.parent);
	free(L.ancestor);
	free(L.label);
	free(L.semi);
	free(L.stack);
	return order;
}

void dominators_retained(const struct snapshot *s, const node_ix *order, const uint32_t *self,
			 const node_ix *dominator, uint64_t *retained)
{
	uint32_t count = s->node_count;
	for (uint32_t o = 0; o < count; o++)
		retained[o] = self[o];
	/* children before their dominator: reverse preorder, the root last */
	for (uint32_t i = count; i-- > 1;)
		retained[dominator[order[i]]] += retained[order[i]];
}

void dominators_children(const struct snapshot *s, const node_ix *dom, uint32_t **first_out,
			 node_ix **list_out)
{
	uint32_t n = s->node_count;
	uint32_t *first = xcalloc((size_t)n + 1, sizeof(*first));
	node_ix *list = xmallocarray(n > 1 ? n - 1 : 1, sizeof(*list));
	uint32_t *cursor = xmallocarray(n ? n : 1, sizeof(*cursor));

	for (node_ix o = 0; o < n; o++)
		if (o != s->root)
			first[dom[o]]++;
	uint32_t at = 0;
	for (node_ix o = 0; o < n; o++) {
		uint32_t c = first[o];
		first[o] = at;
		at += c;
		cursor[o] = at;
	}
	first[n] = at;
	/* DevTools fills each slice from its end: descending ordinals */
	for (node_ix o = 0; o < n; o++)
		if (o != s->root)
			list[--cursor[dom[o]]] = o;
	free(cursor);
	*first_out = first;
	*list_out = list;
}
