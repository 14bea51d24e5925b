/*
 * leaks.c - leak suspects across snapshots: survivors since the first
 * snapshot, grouped by class, with per-interval counts and retained sizes
 * counted once per dominator subtree (see leaks.h for the rules).
 */
#include "heaptui/leaks.h"

#include <stdlib.h>
#include <string.h>

#include "heaptui/diff.h"
#include "heaptui/util.h"

#define GROUP_NONE UINT32_MAX

void leaks_init(struct leaks *l)
{
	memset(l, 0, sizeof(*l));
}

void leaks_release(struct leaks *l)
{
	free(l->groups);
	free(l->interval_count);
	free(l->survivor_nodes);
	leaks_init(l);
}

int leaks_counts_node(const struct snapshot *s, node_ix n)
{
	switch (s->node_type[n]) {
	case NODE_HIDDEN:
	case NODE_CODE:
	case NODE_SYNTHETIC:
	case NODE_OBJECT_SHAPE:
		return 0;
	case NODE_NATIVE:
		/* Node's embedder graph gets fresh ids at every snapshot, so
		 * all of it looks new; Chrome keeps the ids of DOM objects
		 * (detached DOM trees are a classic leak). */
		return s->producer != PRODUCER_NODE;
	default:
		return 1;
	}
}

/*
 * Sum, per group, the retained sizes of its survivors that no other survivor
 * of the same group dominates: one walk of the dominator tree from the root
 * keeping, per group, how many of its survivors are on the current path.
 * Iterative (dominator chains can be millions deep). O(nodes).
 */
static void group_retained(const struct snapshot *s, const uint32_t *group_of,
			   uint32_t ngroups, uint64_t *retained)
{
	uint32_t n = s->node_count;
	uint32_t *first = xcalloc((size_t)n + 2, sizeof(*first));
	node_ix *child = xmallocarray(n ? n : 1, sizeof(*child));
	node_ix *stack = xmallocarray(n ? n : 1, sizeof(*stack));
	uint32_t *pos = xmallocarray(n ? n : 1, sizeof(*pos));
	uint32_t *open = xcalloc(ngroups + 1, sizeof(*open));
	uint32_t depth = 0;

	/* Children lists of the dominator tree (counting sort by dominator). */
	for (node_ix x = 0; x < n; x++) {
		node_ix d = s->node_dominator[x];
		if (x != s->root && d < n && d != x)
			first[d + 2]++;
	}
	for (node_ix x = 0; x < n; x++)
		first[x + 2] += first[x + 1];
	for (node_ix x = 0; x < n; x++) {
		node_ix d = s->node_dominator[x];
		if (x != s->root && d < n && d != x)
			child[first[d + 1]++] = x;
	}
	/* Now children of x are child[first[x] .. first[x + 1]). */

	if (n) {
		stack[0] = s->root;
		pos[0] = first[s->root];
		depth = 1;
		if (group_of[s->root] != GROUP_NONE) {
			retained[group_of[s->root]] += s->node_retained[s->root];
			open[group_of[s->root]]++;
		}
	}
	while (depth) {
		node_ix top = stack[depth - 1];
		if (pos[depth - 1] < first[top + 1]) {
			node_ix c = child[pos[depth - 1]++];
			uint32_t g = group_of[c];
			if (g != GROUP_NONE) {
				if (!open[g])
					retained[g] += s->node_retained[c];
				open[g]++;
			}
			stack[depth] = c;
			pos[depth] = first[c];
			depth++;
		} else {
			uint32_t g = group_of[top];
			if (g != GROUP_NONE)
				open[g]--;
			depth--;
		}
	}
	free(first);
	free(child);
	free(stack);
	free(pos);
	free(open);
}

/* Sort record for the groups. */
struct group_order {
	uint32_t g;               /* group index before sorting */
	const struct leak_group *grp; /* the group */
};

static int group_cmp(const void *pa, const void *pb)
{
	const struct leak_group *a = ((const struct group_order *)pa)->grp;
	const struct leak_group *b = ((const struct group_order *)pb)->grp;

	if (a->suspect != b->suspect)
		return a->suspect ? -1 : 1;
	if (a->retained != b->retained)
		return a->retained > b->retained ? -1 : 1;
	int c = diff_js_strcmp(a->name, b->name);
	if (c)
		return c;
	return a->cls < b->cls ? -1 : a->cls > b->cls;
}

void leaks_compute(struct leaks *l, const struct snapshot *const *snaps, size_t nsnaps)
{
	const struct snapshot *first = snaps[0], *last = snaps[nsnaps - 1];
	size_t ni = nsnaps - 1;
	uint32_t n = last->node_count, nsurv = 0, ngroups = 0;
	node_ix *surv;        /* survivors in ascending id order */
	uint32_t *surv_k;     /* their interval */
	uint32_t *class_group, *group_of, *fill;
	struct leak_group *groups;
	uint32_t *icount;
	uint64_t *retained;

	if (nsnaps < 2)
		BUG("leaks need two snapshots");
	leaks_release(l);
	l->nsnaps = nsnaps;
	l->intervals = ni;

	surv = xmallocarray(n ? n : 1, sizeof(*surv));
	surv_k = xmallocarray(n ? n : 1, sizeof(*surv_k));
	for (uint32_t o = 0; o < n; o++) {
		node_ix x = last->id_order[o];
		uint32_t id = last->node_id[x];
		if (!last->node_self[x] || snapshot_find_id(first, id) != NODE_NONE)
			continue;
		if (last->node_distance[x] >= DISTANCE_SYSTEM || !leaks_counts_node(last, x)) {
			l->noise_objects++;
			continue;
		}
		uint32_t k = (uint32_t)ni;
		for (size_t j = 1; j < ni; j++) {
			if (snapshot_find_id(snaps[j], id) != NODE_NONE) {
				k = (uint32_t)j;
				break;
			}
		}
		surv[nsurv] = x;
		surv_k[nsurv++] = k;
	}

	/* Groups: one per class with survivors, numbered in order of first survivor. */
	class_group = xmallocarray(last->classes.count + 1, sizeof(*class_group));
	for (uint32_t c = 0; c <= last->classes.count; c++)
		class_group[c] = GROUP_NONE;
	for (uint32_t i = 0; i < nsurv; i++) {
		class_ix c = last->node_class[surv[i]];
		if (class_group[c] == GROUP_NONE)
			class_group[c] = ngroups++;
	}
	groups = xcalloc(ngroups + 1, sizeof(*groups));
	icount = xcalloc((size_t)(ngroups + 1) * (ni ? ni : 1), sizeof(*icount));
	retained = xcalloc(ngroups + 1, sizeof(*retained));
	group_of = xmallocarray(n ? n : 1, sizeof(*group_of));
	for (uint32_t x = 0; x < n; x++)
		group_of[x] = GROUP_NONE;
	for (uint32_t i = 0; i < nsurv; i++) {
		node_ix x = surv[i];
		uint32_t g = class_group[last->node_class[x]];
		struct leak_group *grp = &groups[g];
		group_of[x] = g;
		if (!grp->survivors) {
			grp->cls = last->node_class[x];
			grp->name = snapshot_class_name(last, grp->cls);
			grp->oldest = x;
			grp->oldest_interval = surv_k[i];
		} else if (surv_k[i] < grp->oldest_interval) {
			/* Ids ascend within an interval, so the first seen of the
			 * earliest interval is the oldest. */
			grp->oldest = x;
			grp->oldest_interval = surv_k[i];
		}
		grp->survivors++;
		grp->self += last->node_self[x];
		icount[(size_t)g * ni + surv_k[i] - 1]++;
	}
	group_retained(last, group_of, ngroups, retained);
	for (uint32_t g = 0; g < ngroups; g++) {
		struct leak_group *grp = &groups[g];
		int every = 1;
		grp->retained = retained[g];
		for (size_t k = 0; k < ni; k++)
			if (!icount[(size_t)g * ni + k])
				every = 0;
		grp->suspect = every && grp->retained >= LEAKS_MIN_RETAINED;
	}

	/* Survivor lists per group, oldest first: bucket by (interval, id). */
	for (uint32_t g = 0; g < ngroups; g++) {
		groups[g].first_survivor = g ? groups[g - 1].first_survivor + groups[g - 1].survivors
					     : 0;
	}
	l->survivor_nodes = xmallocarray(nsurv ? nsurv : 1, sizeof(*l->survivor_nodes));
	fill = xcalloc(ngroups + 1, sizeof(*fill));
	for (uint32_t k = 1; k <= ni; k++) {
		for (uint32_t i = 0; i < nsurv; i++) {
			if (surv_k[i] != k)
				continue;
			uint32_t g = group_of[surv[i]];
			l->survivor_nodes[groups[g].first_survivor + fill[g]++] = surv[i];
		}
	}

	/* Order: suspects first, by retained size. */
	struct group_order *ord = xmallocarray(ngroups + 1, sizeof(*ord));
	for (uint32_t g = 0; g < ngroups; g++) {
		ord[g].g = g;
		ord[g].grp = &groups[g];
	}
	qsort(ord, ngroups, sizeof(*ord), group_cmp);
	l->groups = xmallocarray(ngroups + 1, sizeof(*l->groups));
	l->interval_count = xmallocarray((size_t)(ngroups + 1) * (ni ? ni : 1),
					 sizeof(*l->interval_count));
	for (uint32_t i = 0; i < ngroups; i++) {
		l->groups[i] = groups[ord[i].g];
		memcpy(l->interval_count + (size_t)i * ni, icount + (size_t)ord[i].g * ni,
		       ni * sizeof(*icount));
		if (l->groups[i].suspect)
			l->nsuspects++;
	}
	l->count = ngroups;
	l->total_survivors = nsurv;

	free(ord);
	free(fill);
	free(group_of);
	free(retained);
	free(icount);
	free(groups);
	free(class_group);
	free(surv);
	free(surv_k);
}
