/* report_summary.c - placeholder until the module lands. */
#include "heaptui/report.h"

int report_summary(const struct report_args *a, struct out *o, struct ht_error *err)
{
	return ht_fail(err, NULL, -1, "--print summary is not implemented yet");
}

int report_nodes(const struct report_args *a, struct out *o, struct ht_error *err)
{
	return ht_fail(err, NULL, -1, "--print nodes is not implemented yet");
}

int report_stats(const struct report_args *a, struct out *o, struct ht_error *err)
{
	return ht_fail(err, NULL, -1, "--print stats is not implemented yet");
}

