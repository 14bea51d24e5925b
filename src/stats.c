/* stats.c - DevTools' Statistics (JSHeapSnapshot.calculateStatistics). */
#include "heaptui/stats.h"

#include <string.h>

#include "heaptui/analyze.h"

/* calculateArraySize: the array, plus its "elements" store if only it holds it. */
static uint64_t array_size(const struct snapshot *s, node_ix n)
{
	uint64_t size = s->node_self[n];
	for (edge_ix e = s->first_edge[n]; e < s->first_edge[n + 1]; e++) {
		if (s->edge_type[e] != EDGE_INTERNAL)
			continue;
		size_t len;
		const char *p = snapshot_str(s, s->edge_name[e], &len);
		if (len != 8 || memcmp(p, "elements", 8))
			continue;
		node_ix el = s->edge_to[e];
		if (s->first_retainer[el + 1] - s->first_retainer[el] == 1)
			size += s->node_self[el];
		break;
	}
	return size;
}

void stats_compute(const struct snapshot *s, struct stats *st)
{
	memset(st, 0, sizeof(*st));
	st->extra_native = s->extra_native_bytes;
	st->native = s->extra_native_bytes;
	for (node_ix n = 0; n < s->node_count; n++) {
		uint64_t size = s->node_self[n];
		switch (s->node_type[n]) {
		case NODE_HIDDEN:
			st->system += size;
			break;
		case NODE_NATIVE:
			st->native += size;
			if (analyze_raw_name_is(s, n, "system / JSArrayBufferData"))
				st->typed_arrays += size;
			break;
		case NODE_CODE:
			st->code += size;
			break;
		case NODE_STRING:
		case NODE_CONS_STRING:
		case NODE_SLICED_STRING:
			st->strings += size;
			break;
		default:
			if (analyze_raw_name_is(s, n, "Array"))
				st->js_arrays += array_size(s, n);
		}
	}
	st->total = (s->node_count ? s->node_retained[s->root] : 0) + s->extra_native_bytes;
	st->v8heap = st->total - st->native;
	uint64_t parts = st->code + st->strings + st->js_arrays + st->system;
	st->other = st->v8heap > parts ? st->v8heap - parts : 0;
}
