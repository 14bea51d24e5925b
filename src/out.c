/* out.c - placeholder: the text helper replaces this file. */
#include "heaptui/out.h"

#include <string.h>

int out_parse_format(const char *name, enum out_format *fmt)
{
	if (!strcmp(name, "text")) *fmt = OUT_TEXT;
	else if (!strcmp(name, "tsv")) *fmt = OUT_TSV;
	else if (!strcmp(name, "json")) *fmt = OUT_JSON;
	else return -1;
	return 0;
}
struct out { FILE *fp; };
static struct out the_out;
struct out *out_new(FILE *fp, enum out_format fmt) { the_out.fp = fp; return &the_out; }
int out_free(struct out *o) { return 0; }
