/* report_compare.c - placeholder until the module lands. */
#include "heaptui/report.h"

int report_compare(const struct report_args *a, struct out *o, struct ht_error *err)
{
	return ht_fail(err, NULL, -1, "--print compare is not implemented yet");
}

int report_trend(const struct report_args *a, struct out *o, struct ht_error *err)
{
	return ht_fail(err, NULL, -1, "--print trend is not implemented yet");
}

int report_leaks(const struct report_args *a, struct out *o, struct ht_error *err)
{
	return ht_fail(err, NULL, -1, "--print leaks is not implemented yet");
}

