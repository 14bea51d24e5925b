/* analyze.c - placeholder until the analysis lands. */
#include "heaptui/analyze.h"

#include <stdio.h>

void analyze_run(struct snapshot *s, struct analyze_timings *t)
{
	(void)s;
	(void)t;
}

void analyze_build_retainers(struct snapshot *s)
{
	(void)s;
}

const char *analyze_distance_text(uint32_t distance, char *buf)
{
	if (distance >= DISTANCE_SYSTEM)
		return "-";
	snprintf(buf, 12, "%u", distance);
	return buf;
}
