/* report_retainers.c - placeholder until the module lands. */
#include "heaptui/report.h"

int report_retainers(const struct report_args *a, struct out *o, struct ht_error *err)
{
	return ht_fail(err, NULL, -1, "--print retainers is not implemented yet");
}

int report_path(const struct report_args *a, struct out *o, struct ht_error *err)
{
	return ht_fail(err, NULL, -1, "--print path is not implemented yet");
}

int report_node(const struct report_args *a, struct out *o, struct ht_error *err)
{
	return ht_fail(err, NULL, -1, "--print node is not implemented yet");
}

