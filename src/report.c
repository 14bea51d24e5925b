/* report.c - the table of --print reports. */
#include "heaptui/report.h"

#include <string.h>

const struct report report_table[] = {
	{"info", report_info, 0, 1, 0, "counts, fields and producer of each file"},
	{"summary", report_summary, 1, 1, 0, "classes: count, distance, shallow and retained size"},
	{"nodes", report_nodes, 1, 1, 0, "every node: class, name, sizes, distance, dominator"},
	{"stats", report_stats, 1, 1, 0, "DevTools' Statistics: code, strings, arrays, system, native"},
	{"compare", report_compare, 1, 2, 0, "Comparison of the target against the base"},
	{"trend", report_trend, 1, 2, 0, "per class count and size in each snapshot"},
	{"leaks", report_leaks, 1, 2, 0, "suspected leaks across the snapshots, with paths"},
	{"retainers", report_retainers, 1, 1, 1, "the retaining edges of node ID"},
	{"path", report_path, 1, 1, 1, "the retainer path of node ID to the GC roots"},
	{"node", report_node, 1, 1, 1, "node ID: sizes, edges, location, Context notes"},
	{NULL, NULL, 0, 0, 0, NULL},
};

const struct report *report_find(const char *name)
{
	for (const struct report *r = report_table; r->name; r++)
		if (!strcmp(r->name, name))
			return r;
	return NULL;
}
