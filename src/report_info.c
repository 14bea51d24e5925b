/*
 * report_info.c - `--print info`: one row per file with what the loader
 * read (counts, field lists, producer). Needs no analysis.
 */
#include "heaptui/report.h"

static const char *producer_name(enum snapshot_producer p)
{
	switch (p) {
	case PRODUCER_NODE:
		return "node";
	case PRODUCER_CHROME:
		return "chrome";
	default:
		return "unknown";
	}
}

int report_info(const struct report_args *a, struct out *o, struct ht_error *err)
{
	static const struct out_col cols[] = {
		{"file", OUT_STR},
		{"nodes", OUT_COUNT},
		{"edges", OUT_COUNT},
		{"strings", OUT_COUNT},
		{"locations", OUT_COUNT},
		{"self_size", OUT_SIZE},
		{"root_id", OUT_INT},
		{"node_fields", OUT_STR},
		{"edge_fields", OUT_STR},
		{"producer", OUT_STR},
	};
	out_table_begin(o, "info", cols, ARRAY_SIZE(cols));
	for (size_t i = 0; i < a->nsnaps; i++) {
		const struct snapshot *s = a->snaps[i];
		uint64_t self = 0;
		for (node_ix n = 0; n < s->node_count; n++)
			self += s->node_self[n];
		out_cstr(o, s->path ? s->path : "");
		out_uint(o, s->node_count);
		out_uint(o, s->edge_count);
		out_uint(o, s->string_count);
		out_uint(o, s->location_count);
		out_uint(o, self);
		if (s->node_count)
			out_int(o, s->node_id[s->root]);
		else
			out_null(o);
		out_cstr(o, s->node_fields ? s->node_fields : "");
		out_cstr(o, s->edge_fields ? s->edge_fields : "");
		out_cstr(o, producer_name(s->producer));
		out_row_end(o);
	}
	out_table_end(o);
	return 0;
}
