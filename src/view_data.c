/*
 * view_data.c - the state the panes share: per-file Summary aggregates,
 * the Comparison, the Retainers paths views.
 *
 * Each is computed when first shown (summary.h, only.h, diff.h, paths.h).
 */
#include <stdlib.h>
#include <string.h>

#include "heaptui/util.h"
#include "heaptui/view_sources.h"

void tui_data_init(struct tui_data *d, struct snapshot **snaps, size_t nsnaps)
{
	memset(d, 0, sizeof(*d));
	d->snaps = snaps;
	d->nsnaps = nsnaps;
	d->cur = nsnaps ? nsnaps - 1 : 0;
	d->base = 0;
	d->target = d->cur;
	d->only = TUI_ONLY_ALL;
	d->sum_for = SIZE_MAX;
	d->sum_only = TUI_ONLY_ALL;
	d->ret_node = NODE_NONE;
	summary_init(&d->sm);
	d->pv = xcalloc(nsnaps ? nsnaps : 1, sizeof(*d->pv));
	for (size_t i = 0; i < nsnaps; i++)
		paths_view_init(&d->pv[i], snaps[i]);
	diff_init(&d->diff);
}

void tui_data_release(struct tui_data *d)
{
	summary_release(&d->sm);
	free(d->trees);
	if (d->diff_ready)
		diff_release(&d->diff);
	for (size_t i = 0; i < d->nsnaps; i++)
		paths_view_release(&d->pv[i]);
	free(d->pv);
	memset(d, 0, sizeof(*d));
}

void tui_data_summary(struct tui_data *d)
{
	if ((d->sum_for == d->cur && d->sum_only == d->only) || !d->nsnaps)
		return;
	summary_release(&d->sm);
	free(d->trees);
	d->trees = NULL;
	d->ntrees = 0;
	const struct snapshot *s = d->snaps[d->cur];
	d->sum_for = d->cur;
	d->sum_only = d->only;
	d->total_size = s->node_retained ? s->node_retained[s->root] : 0;
	if (d->only == TUI_ONLY_ALL) {
		summary_build(s, s->node_class, &s->classes, NULL, &d->sm);
	} else if (d->only == ONLY_DETACHED) {
		/* one row per tree, as --print summary --only detached */
		d->ntrees = only_detached_trees(s, &d->trees);
	} else {
		uint8_t *mask = xcalloc(s->node_count ? s->node_count : 1, 1);
		only_mask(s, (enum only_filter)d->only, mask);
		struct summary_filter f = {.node_mask = mask};
		summary_build(s, s->node_class, &s->classes, &f, &d->sm);
		free(mask);
	}
}

void tui_data_prepare(struct tui_data *d)
{
	tui_data_diff(d);
}

void tui_data_diff(struct tui_data *d)
{
	if (d->nsnaps < 2)
		return;
	if (d->diff_ready && d->diff_base == d->base && d->diff_target == d->target)
		return;
	if (d->diff_ready)
		diff_release(&d->diff);
	diff_init(&d->diff);
	diff_compute(&d->diff, d->snaps[d->base], d->snaps[d->target]);
	d->diff_ready = 1;
	d->diff_base = d->base;
	d->diff_target = d->target;
}
