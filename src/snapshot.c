/* snapshot.c - lifecycle of the graph tables and small accessors. */
#include "heaptui/snapshot.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "heaptui/util.h"

static const char *const node_type_names[] = {
#define X(id, name) name,
	NODE_TYPES(X)
#undef X
};

static const char *const edge_type_names[] = {
#define X(id, name) name,
	EDGE_TYPES(X)
#undef X
};

const char *node_type_name(enum node_type t)
{
	return (unsigned)t < NODE_TYPE_COUNT ? node_type_names[t] : "other";
}

const char *edge_type_name(enum edge_type t)
{
	return (unsigned)t < EDGE_TYPE_COUNT ? edge_type_names[t] : "other";
}

void snapshot_init(struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
	s->root = 0;
}

void snapshot_release(struct snapshot *s)
{
	/* Arrays inside a cache mapping are unmapped at once below. */
	if (!s->mapping) {
#define X(field, count) free(s->field);
		SNAPSHOT_ARRAYS(X)
#undef X
	} else {
		munmap(s->mapping, s->mapping_size);
	}
	free(s->path);
	free(s->node_fields);
	free(s->edge_fields);
	snapshot_init(s);
}

void retainer_iter_init(struct retainer_iter *it, const struct snapshot *s, node_ix target,
			edge_ix skip)
{
	it->s = s;
	it->target = target;
	it->end = s->first_retainer[target + 1];
	it->next = s->first_retainer[target] + MIN(skip, it->end - s->first_retainer[target]);
	it->node = NODE_NONE;
	it->edge = 0;
	it->slot = 0;
}

/* The edge of `from` to the target before edge `e` (scanning backwards), or
 * UINT32_MAX when there is none (only in a damaged cache). */
static edge_ix edge_before(const struct retainer_iter *it, node_ix from, edge_ix e)
{
	const struct snapshot *s = it->s;
	while (e > s->first_edge[from])
		if (s->edge_to[--e] == it->target)
			return e;
	return UINT32_MAX;
}

int retainer_iter_next(struct retainer_iter *it)
{
	const struct snapshot *s = it->s;
	if (it->next >= it->end)
		return 0;
	edge_ix k = it->next++;
	node_ix u = s->retaining_node[k];
	edge_ix e;
	if (u == it->node && k == it->slot + 1) {
		e = edge_before(it, u, it->edge); /* the run of u goes on */
	} else {
		/* the first slot of u's run, or a start inside it: u's slots
		 * before k hold its later edges to the target */
		edge_ix run = k, lo = s->first_retainer[it->target];
		while (run > lo && s->retaining_node[run - 1] == u)
			run--;
		e = s->first_edge[u + 1];
		for (edge_ix i = run; i <= k && e != UINT32_MAX; i++)
			e = edge_before(it, u, e);
	}
	if (e == UINT32_MAX) {
		it->next = it->end;
		return 0;
	}
	it->node = u;
	it->edge = e;
	it->slot = k;
	return 1;
}

uint32_t snapshot_node_location(const struct snapshot *s, node_ix n)
{
	/* the first location of a node above n; the one before it is n's last */
	uint32_t lo = 0, hi = s->location_count;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (s->loc_node[mid] <= n)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && s->loc_node[lo - 1] == n ? lo - 1 : UINT32_MAX;
}

/* Runs of ascending ids up to which id_order merges them; past it, radix. */
#define ID_RUNS_MERGED 1024

/* Stable merge of order[a..b) and order[b..c) (each ascending by id) into out. */
static void merge_runs(const uint32_t *id, const node_ix *order, node_ix *out, uint32_t a,
		       uint32_t b, uint32_t c)
{
	uint32_t i = a, j = b, k = a;
	while (i < b && j < c)
		out[k++] = id[order[j]] < id[order[i]] ? order[j++] : order[i++];
	while (i < b)
		out[k++] = order[i++];
	while (j < c)
		out[k++] = order[j++];
}

/* Merge the `runs` runs of ascending ids in order[n] pairwise until one is
 * left; returns order or tmp, whichever holds it. */
static node_ix *merge_all_runs(const uint32_t *id, node_ix *order, node_ix *tmp, uint32_t n,
			       uint32_t runs)
{
	uint32_t *start = xmallocarray(runs + 1, sizeof(*start)), r = 0;
	for (uint32_t i = 0; i < n; i++)
		if (i == 0 || id[i] < id[i - 1])
			start[r++] = i;
	start[r] = n;
	while (r > 1) {
		uint32_t w = 0;
		for (uint32_t k = 0; k < r; k += 2) {
			if (k + 1 < r)
				merge_runs(id, order, tmp, start[k], start[k + 1], start[k + 2]);
			else
				memcpy(tmp + start[k], order + start[k],
				       (size_t)(start[k + 1] - start[k]) * sizeof(*tmp));
			start[w++] = start[k];
		}
		start[w] = n;
		r = w;
		node_ix *swap = order;
		order = tmp;
		tmp = swap;
	}
	free(start);
	return order;
}

/*
 * id_order: node indices by ascending id (ties by index). V8 writes nodes
 * in nearly ascending id order (a snapshot of a fresh heap: one run, or a
 * few; after GCs moved objects: more), so the runs of ascending ids are
 * merged pairwise, every pass a sequential sweep. Many runs: an LSD radix
 * sort on two 16-bit digits instead. Both need a temporary array: the
 * second half of the block, given back once sorted. A block handed in
 * (memory already faulted in) saves a page fault per 1024 nodes.
 */
void snapshot_build_id_order(struct snapshot *s, node_ix *space)
{
	uint32_t n = s->node_count;
	const uint32_t *id = s->node_id;
	node_ix *block = space ? space : xmallocarray(2 * (size_t)n + 1, sizeof(*block));
	node_ix *order = block, *tmp = block + n;
	uint32_t runs = 1;
	for (uint32_t i = 0; i < n; i++) {
		order[i] = i;
		runs += i && id[i] < id[i - 1];
	}
	if (runs > ID_RUNS_MERGED)
		order = radix_sort_by_key(id, order, tmp, n);
	else if (runs > 1)
		order = merge_all_runs(id, order, tmp, n, runs);
	if (order != block)
		memcpy(block, order, (size_t)n * sizeof(*block));
	free(s->id_order);
	s->id_order = xreallocarray(block, n ? n : 1, sizeof(*block));
}

node_ix snapshot_find_id(const struct snapshot *s, uint32_t id)
{
	size_t lo = 0, hi = s->node_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t mid_id = s->node_id[s->id_order[mid]];
		if (mid_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->node_count && s->node_id[s->id_order[lo]] == id)
		return s->id_order[lo];
	return NODE_NONE;
}
