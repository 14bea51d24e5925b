/*
 * view_stats.c - Statistics: DevTools' pie as horizontal bars with sizes
 * and percentages of the total (stats.h).
 */
#include <string.h>

#include "heaptui/draw.h"
#include "heaptui/fmt.h"
#include "heaptui/stats.h"
#include "heaptui/view_sources.h"

void view_stats_draw(struct tui_data *d, int y, int x, int h, int w)
{
	const struct snapshot *s = d->snaps[d->cur];
	struct stats st;
	memset(&st, 0, sizeof(st));
	if (s->analyzed)
		stats_compute(s, &st);
	const struct {
		const char *label; /* row label */
		uint64_t v;        /* bytes */
		int indent;        /* sub-item of the row above */
	} rows[] = {
		{"Total", st.total, 0},
		{"V8 heap", st.v8heap, 0},
		{"Code", st.code, 1},
		{"Strings", st.strings, 1},
		{"JS arrays", st.js_arrays, 1},
		{"System objects", st.system, 1},
		{"Other", st.other, 1},
		{"Native", st.native, 0},
		{"Typed arrays", st.typed_arrays, 1},
		{"Extra native bytes", st.extra_native, 1},
	};
	for (int k = 0; k < h; k++)
		draw_fill(y + k, x, w, theme_attr(THEME_NORMAL));
	draw_text(y, x + 1, w - 2, theme_attr(THEME_COLUMN_HEADER), "Statistics", 10);
	int label_w = 22, num_w = 12, pct_w = 6;
	int bar_w = w - label_w - num_w - pct_w - 4;
	for (size_t i = 0; i < ARRAY_SIZE(rows) && (int)i * 2 + 2 < h; i++) {
		int ry = y + 2 + (int)i * 2;
		char size[FMT_BUFSZ], pct[FMT_BUFSZ];
		fmt_size(rows[i].v, size, sizeof(size));
		fmt_percent(st.total ? (double)rows[i].v / (double)st.total * 100.0 : 0.0, pct,
			    sizeof(pct));
		draw_text(ry, x + 1 + rows[i].indent * 2, label_w - rows[i].indent * 2,
			  theme_attr(THEME_NORMAL), rows[i].label, strlen(rows[i].label));
		int sw = (int)strlen(size);
		draw_text(ry, x + label_w + num_w - sw, num_w, theme_attr(THEME_SIZE), size,
			  (size_t)sw);
		int pw = (int)strlen(pct);
		draw_text(ry, x + label_w + num_w + pct_w - pw, pct_w, theme_attr(THEME_PERCENT),
			  pct, (size_t)pw);
		if (bar_w > 4 && st.total) {
			int len = (int)((double)rows[i].v / (double)st.total * bar_w + 0.5);
			if (len == 0 && rows[i].v)
				len = 1;
			/* blanks in the bar role: its background (or reverse) is the bar */
			draw_fill(ry, x + label_w + num_w + pct_w + 2, MIN(len, bar_w),
				  theme_attr(THEME_BAR));
		}
	}
}
