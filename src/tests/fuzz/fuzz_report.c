/*
 * fuzz_report.c - bytes -> loader -> analysis -> every --print report, in
 * a format chosen by the input's length: no crash, and the output (the
 * same bytes a terminal would get) holds no raw control byte but tab and
 * newline, no DEL and no UTF-8 C1 control, whatever the strings hold.
 * The node-ID reports run on the last node, the root and an absent id;
 * the two-file reports compare the snapshot with itself.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heaptui/analyze.h"
#include "heaptui/load.h"
#include "heaptui/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_clean(const char *what, const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];
		int c1 = c == 0xc2 && i + 1 < len && (unsigned char)buf[i + 1] >= 0x80 &&
			 (unsigned char)buf[i + 1] <= 0x9f;
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f || c1) {
			fprintf(stderr, "report %s: raw control byte 0x%02x at %zu\n", what, c, i);
			abort();
		}
	}
}

static void run_report(const struct report *r, struct report_args *a, enum out_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	if (!fp)
		abort();
	struct out *o = out_new(fp, fmt);
	struct ht_error err;
	ht_error_init(&err);
	r->fn(a, o, &err);
	out_free(o);
	fclose(fp);
	check_clean(r->name, buf, len);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct snapshot s;
	struct ht_error err;
	snapshot_init(&s);
	ht_error_init(&err);
	if (snapshot_load_buffer(&s, "fuzz", (const char *)data, size, NULL, &err) < 0)
		return 0;
	analyze_run(&s, NULL);
	struct snapshot *snaps[2] = {&s, &s};
	enum out_format fmt = (enum out_format)(size % 3);
	struct report_args a;
	memset(&a, 0, sizeof(a));
	a.snaps = snaps;
	a.target = 1;
	for (const struct report *r = report_table; r->name; r++) {
		a.nsnaps = r->min_files > 1 ? 2 : 1;
		a.target = a.nsnaps - 1;
		if (!r->takes_id) {
			run_report(r, &a, fmt);
			continue;
		}
		a.has_id = 1;
		uint32_t ids[3] = {s.node_count ? s.node_id[s.node_count - 1] : 0,
				   s.node_count ? s.node_id[s.root] : 1, 0xfffffff1u};
		for (int k = 0; k < 3; k++) {
			a.id = ids[k];
			run_report(r, &a, fmt);
		}
		a.has_id = 0;
	}
	snapshot_release(&s);
	return 0;
}
