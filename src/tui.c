/* tui.c - placeholder until the UI lands: shows --print info. */
#include "heaptui/tui.h"

#include "heaptui/report.h"

int tui_run(struct snapshot **snaps, size_t nsnaps, const struct tui_options *opt)
{
	struct report_args a = {.snaps = snaps, .nsnaps = nsnaps};
	struct ht_error err;
	struct out *o = out_new(stdout, OUT_TEXT);
	int rc = report_info(&a, o, &err);
	out_free(o);
	return rc < 0 ? 1 : 0;
}
