/* report_info.c - placeholder until the loader lands. */
#include "heaptui/report.h"

int report_info(const struct report_args *a, struct out *o, struct ht_error *err)
{
	return ht_fail(err, NULL, -1, "--print info is not implemented yet");
}
