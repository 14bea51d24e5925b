/* snapshot.c - lifecycle of the graph tables and small accessors. */
#include "heaptui/snapshot.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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
