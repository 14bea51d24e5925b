/*
 * dominators.c - essential edges, the dominator tree and retained sizes
 * with DevTools' results (HeapSnapshot.ts: computeIsEssentialEdge,
 * calculateDominatorsAndRetainedSizes, buildDominatedNodes).
 *
 * DevTools runs Lengauer-Tarjan over a DFS that follows essential edges
 * from the root, then DFSs from every node without an essential retainer
 * (in ordinal order, as children of the root), then numbers the nodes still
 * unreached (groups retained only by each other) as children of the root
 * without a DFS. Worked through, that gives:
 *   - to every node the DFSs reach, its immediate dominator in the graph of
 *     essential edges plus an edge from the root to each node without an
 *     essential retainer: a valid DFS of that graph, and dominators are
 *     unique, so any correct algorithm gives the same tree;
 *   - to every node left over, the root: its semidominator lies in its own
 *     group, whose buckets LT never processes, so DevTools' final pass
 *     falls back to dom[0] (the root). Those nodes are numbered after all
 *     others, so they change no other node's semidominator or eval.
 * test_analyze and the graph-* goldens (DevTools' own figures on graphs
 * built to hit these cases) check it.
 *
 * The dominators themselves come from Semi-NCA (Georgiadis' thesis; LLVM's
 * SemiNCAInfo), which is faster than Lengauer-Tarjan on large graphs and
 * needs no buckets: semidominators with a path-compressed eval, then each
 * immediate dominator as the nearest common ancestor of the DFS parent and
 * the semidominator. Every array is indexed by DFS number, so the main
 * loops walk them in order.
 */
#include "heaptui/dominators.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "heaptui/analyze.h"
#include "heaptui/util.h"

void dominators_essential_init(const struct snapshot *s, struct essential *ess)
{
	ess->edge = xcalloc(((size_t)s->edge_count + 7) / 8 + 1, 1);
	ess->target = xcalloc(((size_t)s->node_count + 7) / 8 + 1, 1);
}

void dominators_essential_range(const struct snapshot *s, struct essential *ess, uint8_t *target,
				edge_ix from, edge_ix to)
{
	uint32_t n = s->node_count, m = s->edge_count;
	uint8_t *bits = ess->edge;
	const uint8_t *flags = s->node_flags;
	/* per string: 0 unknown, 1 not a WeakMap edge name, 2 one (table id cached) */
	uint8_t *wm_state = xcalloc(s->string_count ? s->string_count : 1, 1);
	uint64_t *wm_table = NULL;

	/* the node whose edges hold `from`: the last with first_edge <= from */
	uint32_t lo = 0, hi = n;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (s->first_edge[mid] <= from)
			lo = mid;
		else
			hi = mid;
	}
	for (node_ix u = lo; u < n && s->first_edge[u] < to; u++) {
		int u_page = !flags || (flags[u] & NODE_FLAG_PAGE_OBJECT);
		edge_ix end = MIN(s->first_edge[u + 1], to);
		for (edge_ix e = MAX(s->first_edge[u], from); e < end; e++) {
			uint8_t t = s->edge_type[e];
			node_ix c = s->edge_to[e];
			if (flags && e + 16 < m)
				__builtin_prefetch(&flags[s->edge_to[e + 16]]);
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
			target[c >> 3] |= (uint8_t)(1u << (c & 7));
		}
	}
	free(wm_state);
	free(wm_table);
}

void dominators_essential_release(struct essential *ess)
{
	free(ess->edge);
	free(ess->target);
	ess->edge = ess->target = NULL;
}

/*
 * What eval reads per vertex, together (one cache miss, not two). Semi-NCA
 * needs only the semidominator of the best vertex on a path, never the
 * vertex, so `best` holds that value where Lengauer-Tarjan keeps a label.
 */
struct snca_info {
	uint32_t anc;   /* ancestor in the linked forest, compressed by eval */
	uint32_t best;  /* least semidominator on the compressed path up from here */
};
_Static_assert(sizeof(struct snca_info) == 2 * sizeof(node_ix), "info[] becomes the preorder");

/*
 * The state of one computation. Vertices are DFS numbers from 1 (the
 * root); 0 means none.
 */
struct snca {
	const struct snapshot *s;
	const uint8_t *edge_ess;  /* essential bit per edge */
	uint32_t *num;            /* [n + 1] ordinal -> DFS number, 0 = not reached */
	node_ix *vertex;          /* [n + 1] DFS number -> ordinal (in parent's block) */
	uint32_t *parent;         /* [n + 1] DFS parent; becomes the immediate dominator */
	uint32_t *next;           /* [n + 1] the DFS's next edge to look at */
	struct snca_info *info;   /* [n + 1] */
	uint32_t *semi;           /* [n + 1] semidominators (num's memory) */
	uint32_t *stack;          /* [n + 1] eval's path */
	uint32_t n;               /* numbers handed out */
};

/* An iterative DFS from `start` over essential edges in file order; its
 * DFS parent is `up` (0 for the root). */
static void snca_dfs(struct snca *D, node_ix start, uint32_t up)
{
	const struct snapshot *s = D->s;
	const edge_ix *first_edge = s->first_edge;
	const node_ix *edge_to = s->edge_to;
	const uint8_t *ess = D->edge_ess;
	uint32_t *num = D->num, *next = D->next, *parent = D->parent;
	node_ix *vertex = D->vertex;
	uint32_t n = D->n, c;

	num[start] = c = ++n;
	vertex[c] = start;
	parent[c] = up;
	next[c] = first_edge[start];
	while (c != up) {
		node_ix v = vertex[c];
		edge_ix e = next[c], end = first_edge[v + 1];
		while (e < end && !(dominators_edge_is_essential(ess, e) && num[edge_to[e]] == 0))
			e++;
		if (e == end) {
			c = parent[c];
			continue;
		}
		next[c] = e + 1;
		node_ix w = edge_to[e];
		num[w] = ++n;
		vertex[n] = w;
		parent[n] = c;
		next[n] = first_edge[w];
		c = n;
	}
	D->n = n;
}

/* The least semidominator on the compressed path from v up to (not
 * including) the first vertex numbered below `last`, compressing it. */
static uint32_t snca_eval(struct snca *D, uint32_t v, uint32_t last)
{
	struct snca_info *in = D->info;
	if (in[v].anc < last)
		return in[v].best;
	uint32_t sp = 0, x = v;
	do {
		D->stack[sp++] = x;
		x = in[x].anc;
	} while (in[x].anc >= last);
	uint32_t top = in[x].anc, best = in[x].best;
	do {
		uint32_t y = D->stack[--sp];
		in[y].anc = top;
		if (best < in[y].best)
			in[y].best = best;
		else
			best = in[y].best;
	} while (sp);
	return in[v].best;
}

/* node[] and end[] in one block, so that dominators_compute can hand over
 * its info[] array as both. */
static void preorder_alloc(struct dom_preorder *pre, uint32_t n)
{
	pre->node = xmallocarray(2 * (size_t)n + 1, sizeof(*pre->node));
	pre->end = pre->node + n;
	pre->retained_space = NULL;
}

/* Retainer slots hold DFS numbers while dominators are computed. */
struct to_ordinals {
	struct snapshot *s;
	const node_ix *vertex;  /* DFS number -> ordinal */
	atomic_uint_fast32_t next_chunk;
};

/* Slots converted per chunk: both threads take chunks until none is left. */
#define TO_ORDINALS_CHUNK (1u << 20)

static void *retainers_to_ordinals(void *arg)
{
	struct to_ordinals *b = arg;
	node_ix *slot = b->s->retaining_node;
	edge_ix m = b->s->edge_count;
	for (;;) {
		uint64_t from = (uint64_t)atomic_fetch_add(&b->next_chunk, 1) * TO_ORDINALS_CHUNK;
		if (from >= m)
			return NULL;
		edge_ix end = (edge_ix)MIN(m, from + TO_ORDINALS_CHUNK);
		for (edge_ix k = (edge_ix)from; k < end; k++)
			slot[k] = b->vertex[slot[k] & ~ANALYZE_SLOT_FLAG];
	}
}

void dominators_scratch_alloc(const struct snapshot *s, struct dom_scratch *d)
{
	d->len = (size_t)s->node_count + 1;
	d->num = xcalloc(d->len, sizeof(*d->num));
	d->parent_block = xmallocarray(2 * d->len, sizeof(uint32_t));
	d->next = xmallocarray(d->len, sizeof(*d->next));
	d->touched = 0;
}

int dominators_scratch_touch(struct dom_scratch *d, size_t bytes)
{
	size_t part = d->len * sizeof(uint32_t);
	char *const region[] = {(char *)d->num, d->parent_block, (char *)d->next};
	const size_t size[] = {part, 2 * part, part};
	size_t stop = d->touched + bytes, at = 0;

	for (int r = 0; r < 3; at += size[r], r++) {
		if (d->touched >= at + size[r])
			continue; /* done before */
		/* a zero byte a page: num stays zeroed, the rest is scratch */
		for (; d->touched < stop && d->touched < at + size[r]; d->touched += 4096)
			((volatile char *)region[r])[d->touched - at] = 0;
		if (d->touched < at + size[r])
			return 1;
		d->touched = at + size[r];
	}
	return 0;
}

void dominators_compute(struct snapshot *s, struct essential *ess, struct dom_scratch *scratch,
			struct dom_preorder *pre)
{
	uint32_t count = s->node_count;
	size_t len = (size_t)count + 1;
	struct snca D = {.s = s, .edge_ess = ess->edge};

	/* Later arrays take over the memory of dead ones (semi num's, size
	 * stack's, the preorder info's, the dominators size's, the caller's
	 * retained sizes the block of parent and vertex): fresh pages cost a
	 * fault each, reused ones nothing. */
	D.num = scratch->num;
	void *parent_block = scratch->parent_block;
	D.parent = parent_block;
	D.vertex = D.parent + len;
	D.next = scratch->next;
	*scratch = (struct dom_scratch){0};
	if (count == 0) {
		free(D.num);
		free(parent_block);
		free(D.next);
		preorder_alloc(pre, 0);
		return;
	}

	node_ix root = s->root;
	snca_dfs(&D, root, 0);
	/* nodes with no essential retainer: DFS roots under the root */
	if (D.n < count)
		for (node_ix v = 0; v < count; v++)
			if (!D.num[v] && !dominators_edge_is_essential(ess->target, v))
				snca_dfs(&D, v, 1);
	uint32_t reached = D.n;
	/* the rest: numbered, dominated by the root (see the top of the file) */
	if (D.n < count)
		for (node_ix v = 0; v < count; v++)
			if (!D.num[v]) {
				D.num[v] = ++D.n;
				D.vertex[D.n] = v;
			}
	free(D.next);

	/* The retainer CSR, its slots holding DFS numbers for now (the
	 * semidominator loop then needs no lookup per predecessor), with the
	 * essential ones flagged. */
	analyze_fill_retainers(s, ess->edge, D.num);
	dominators_essential_release(ess); /* before the peak */

	/* semidominators, in reverse preorder */
	D.info = xmallocarray(len, sizeof(*D.info));
	D.semi = D.num;
	D.stack = xmallocarray(len, sizeof(*D.stack)); /* touched only as deep as eval goes */
	for (uint32_t i = 1; i <= reached; i++)
		D.info[i] = (struct snca_info){.anc = D.parent[i], .best = i};
	const edge_ix *first_retainer = s->first_retainer;
	const uint32_t *pred = s->retaining_node;
	for (uint32_t i = reached; i >= 2; i--) {
		/* a vertex's loads depend on each other, those of different
		 * vertices do not: fetch ahead, one step further per stage (far
		 * ahead: most vertices have one retainer and take no time) */
		if (i > 64)
			__builtin_prefetch(&first_retainer[D.vertex[i - 64]]);
		if (i > 48) {
			__builtin_prefetch(&pred[first_retainer[D.vertex[i - 48]]]);
		}
		if (i > 32) {
			node_ix v = D.vertex[i - 32];
			edge_ix k = first_retainer[v], end = first_retainer[v + 1];
			if (end - k > 1)
				for (end = MIN(end, k + 8); k < end; k++)
					__builtin_prefetch(&D.info[pred[k] & ~ANALYZE_SLOT_FLAG]);
		}
		node_ix w = D.vertex[i];
		uint32_t sd = D.parent[i];
		/* one retainer: the DFS parent (or none that counts, for a DFS
		 * root under the root) - most heap nodes, and nothing to look up */
		if (first_retainer[w + 1] - first_retainer[w] <= 1) {
			D.info[i].best = D.semi[i] = sd;
			continue;
		}
		for (edge_ix k = first_retainer[w]; k < first_retainer[w + 1]; k++) {
			if (!(pred[k] & ANALYZE_SLOT_FLAG))
				continue;
			uint32_t j = pred[k] & ~ANALYZE_SLOT_FLAG;
			if (j > reached)
				continue; /* a left-over node: no influence */
			uint32_t cand = j < i ? j : snca_eval(&D, j, i + 1);
			if (cand < sd)
				sd = cand;
		}
		D.info[i].best = D.semi[i] = sd;
	}

	/* immediate dominators: the DFS parent's ancestor nearest the semidominator */
	uint32_t *idom = D.parent;
	for (uint32_t i = 2; i <= reached; i++) {
		uint32_t d = idom[i];
		while (d > D.semi[i])
			d = idom[d];
		idom[i] = d;
	}
	free(D.semi);

	/* the retainers back to ordinals, on the other core meanwhile and on
	 * this one once the dominators are done */
	struct to_ordinals back = {s, D.vertex, 0};
	struct ht_task task;
	ht_task_start(&task, retainers_to_ordinals, &back);
	for (uint32_t i = reached + 1; i <= count; i++)
		idom[i] = 1; /* the left-over nodes hang off the root */

	/* The dominator tree's preorder: subtree sizes bottom-up (DFS numbers
	 * are a topological order of the tree), then each vertex placed after
	 * its dominator's earlier children; size[] turns into next[] (the next
	 * free place under a vertex) once the vertex is placed. */
	uint32_t *size = D.stack;
	for (uint32_t i = 1; i <= count; i++)
		size[i] = 1;
	for (uint32_t i = count; i >= 2; i--)
		size[idom[i]] += size[i];
	pre->node = (node_ix *)D.info;
	pre->end = pre->node + count;
	pre->retained_space = parent_block;
	pre->node[0] = root;
	pre->end[0] = count;
	size[1] = 1;
	for (uint32_t i = 2; i <= count; i++) {
		uint32_t at = size[idom[i]];
		size[idom[i]] = at + size[i];
		pre->node[at] = D.vertex[i];
		pre->end[at] = at + size[i];
		size[i] = at + 1;
	}

	/* the dominators, as ordinals */
	free(s->node_dominator);
	node_ix *dominator = s->node_dominator = size;
	dominator[root] = root;
	for (uint32_t i = 2; i <= count; i++)
		dominator[D.vertex[i]] = D.vertex[idom[i]];
	retainers_to_ordinals(&back);
	ht_task_wait(&task);
}

void dominators_retained(const struct snapshot *s, const struct dom_preorder *pre,
			 const uint32_t *self, uint64_t *retained)
{
	uint32_t count = s->node_count;
	for (uint32_t o = 0; o < count; o++)
		retained[o] = self[o];
	/* children before their dominator: reverse preorder, the root last */
	for (uint32_t i = count; i-- > 1;) {
		node_ix u = pre->node[i];
		retained[s->node_dominator[u]] += retained[u];
	}
}

void dominators_preorder(const struct snapshot *s, struct dom_preorder *pre)
{
	uint32_t n = s->node_count;
	const node_ix *dom = s->node_dominator;
	uint32_t *first = xcalloc((size_t)n + 1, sizeof(*first));
	node_ix *list = xmallocarray(n > 1 ? n - 1 : 1, sizeof(*list));

	/* the tree as children lists: first[p] = the end of p's slice, and
	 * filling each slice from its end leaves first[p] at its start */
	for (node_ix o = 0; o < n; o++)
		if (o != s->root)
			first[dom[o]]++;
	uint32_t at = 0;
	for (node_ix o = 0; o < n; o++) {
		at += first[o];
		first[o] = at;
	}
	first[n] = at;
	for (node_ix o = 0; o < n; o++)
		if (o != s->root)
			list[--first[dom[o]]] = o;

	/* a depth-first walk, placing each node and, on the way up, its end */
	preorder_alloc(pre, n);
	uint32_t *stack = xmallocarray(n ? n : 1, sizeof(*stack)); /* positions */
	uint32_t *next = xmallocarray(n ? n : 1, sizeof(*next));   /* per position */
	uint32_t depth = 0, placed = 0;
	if (n) {
		pre->node[placed] = s->root;
		next[placed] = first[s->root];
		stack[depth++] = placed++;
	}
	while (depth) {
		uint32_t top = stack[depth - 1];
		node_ix u = pre->node[top];
		if (next[top] == first[u + 1]) {
			pre->end[top] = placed;
			depth--;
			continue;
		}
		node_ix c = list[next[top]++];
		pre->node[placed] = c;
		next[placed] = first[c];
		stack[depth++] = placed++;
	}
	free(stack);
	free(next);
	free(first);
	free(list);
}

void dominators_preorder_release(struct dom_preorder *pre)
{
	free(pre->node); /* and end, in the same block */
	free(pre->retained_space);
	pre->node = NULL;
	pre->end = NULL;
	pre->retained_space = NULL;
}
