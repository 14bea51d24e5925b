/* only.c - DevTools' named Summary filters and the detached DOM trees. */
#include "heaptui/only.h"

#include <stdlib.h>
#include <string.h>

#include "heaptui/analyze.h"
#include "heaptui/classes.h"
#include "heaptui/text.h"
#include "heaptui/util.h"

int only_parse(const char *name, enum only_filter *f)
{
	if (!strcmp(name, "detached"))
		*f = ONLY_DETACHED;
	else if (!strcmp(name, "duplicated-strings"))
		*f = ONLY_DUPLICATED_STRINGS;
	else if (!strcmp(name, "retained-by-detached"))
		*f = ONLY_RETAINED_BY_DETACHED;
	else
		return -1;
	return 0;
}

static int is_detached_dom(const struct snapshot *s, node_ix n)
{
	return (s->node_flags[n] & NODE_FLAG_DETACHED_DOM) != 0;
}

/* A cons string one of whose halves is "" (V8 flattened it; DevTools skips it). */
static int is_flat_cons_string(const struct snapshot *s, node_ix n)
{
	if (s->node_type[n] != NODE_CONS_STRING)
		return 0;
	for (edge_ix e = s->first_edge[n]; e < s->first_edge[n + 1]; e++) {
		if (s->edge_type[e] != EDGE_INTERNAL)
			continue;
		const char *name = snapshot_str(s, s->edge_name[e], NULL);
		if ((!strcmp(name, "first") || !strcmp(name, "second")) &&
		    !snapshot_node_name(s, s->edge_to[e])[0])
			return 1;
	}
	return 0;
}

/* Candidate strings with DevTools' name() of each, for sorting by content. */
struct string_names {
	struct strbuf text;   /* every candidate's name, back to back */
	uint64_t *off;        /* [k + 1] offset of candidate i's name in text */
};

/* Order candidates by name (then ordinal, which is their index order). */
static int by_name(const void *a, const void *b, void *ctx)
{
	const struct string_names *sn = ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	size_t lx = sn->off[x + 1] - sn->off[x], ly = sn->off[y + 1] - sn->off[y];
	int c = memcmp(sn->text.buf + sn->off[x], sn->text.buf + sn->off[y], MIN(lx, ly));
	if (c)
		return c;
	if (lx != ly)
		return lx < ly ? -1 : 1;
	return x < y ? -1 : x > y;
}

static int same_name(const struct string_names *sn, uint32_t x, uint32_t y)
{
	size_t len = sn->off[x + 1] - sn->off[x];
	return len == sn->off[y + 1] - sn->off[y] &&
	       !memcmp(sn->text.buf + sn->off[x], sn->text.buf + sn->off[y], len);
}

/*
 * DevTools keeps every string and cons string of non-zero (reassigned) self
 * size whose name() another such string has too; a cons string's name() is
 * its joined text (classes_node_name). Equal contents are found by sorting
 * the candidates by content, O(k log k) for k strings.
 */
static uint32_t mask_duplicated_strings(const struct snapshot *s, uint8_t *mask)
{
	uint32_t k = 0, kept = 0;
	node_ix *cand = xmallocarray(s->node_count ? s->node_count : 1, sizeof(*cand));
	struct string_names sn = {STRBUF_INIT, NULL};
	for (node_ix n = 0; n < s->node_count; n++) {
		uint8_t t = s->node_type[n];
		if ((t == NODE_STRING || t == NODE_CONS_STRING) && s->node_self[n] &&
		    !is_flat_cons_string(s, n))
			cand[k++] = n;
	}
	sn.off = xmallocarray((size_t)k + 1, sizeof(*sn.off));
	for (uint32_t i = 0; i < k; i++) {
		sn.off[i] = sn.text.len;
		classes_node_name(s, cand[i], &sn.text);
	}
	sn.off[k] = sn.text.len;
	uint32_t *order = xmallocarray(k ? k : 1, sizeof(*order));
	for (uint32_t i = 0; i < k; i++)
		order[i] = i;
	qsort_r(order, k, sizeof(*order), by_name, &sn);
	for (uint32_t i = 0; i < k;) {
		uint32_t j = i + 1;
		while (j < k && same_name(&sn, order[i], order[j]))
			j++;
		if (j - i > 1)
			for (uint32_t m = i; m < j; m++, kept++)
				mask[cand[order[m]]] = 1;
		i = j;
	}
	free(order);
	free(sn.off);
	strbuf_release(&sn.text);
	free(cand);
	return kept;
}

/*
 * Nodes reached from the root without entering a detached node are not
 * kept; nor are nodes unreachable anyway. What is left is held only through
 * detached DOM nodes (DevTools: objectsRetainedByDetachedDomNodes).
 */
static uint32_t mask_retained_by_detached(const struct snapshot *s, uint8_t *mask)
{
	uint32_t n = s->node_count, kept = 0;
	uint8_t *detached = xcalloc(n ? n : 1, 1);
	uint32_t *dist = xmallocarray(n ? n : 1, sizeof(*dist));
	for (node_ix i = 0; i < n; i++)
		detached[i] = s->node_detachedness[i] == 2; /* DOMLinkState.DETACHED */
	analyze_distances(s, detached, dist);
	for (node_ix i = 0; i < n; i++) {
		mask[i] = dist[i] == DISTANCE_NONE && s->node_distance[i] != DISTANCE_NONE;
		kept += mask[i];
	}
	free(dist);
	free(detached);
	return kept;
}

uint32_t only_mask(const struct snapshot *s, enum only_filter f, uint8_t *mask)
{
	uint32_t kept = 0;
	memset(mask, 0, s->node_count);
	switch (f) {
	case ONLY_DETACHED:
		for (node_ix n = 0; n < s->node_count; n++)
			kept += mask[n] = (uint8_t)is_detached_dom(s, n);
		break;
	case ONLY_DUPLICATED_STRINGS:
		kept = mask_duplicated_strings(s, mask);
		break;
	case ONLY_RETAINED_BY_DETACHED:
		kept = mask_retained_by_detached(s, mask);
		break;
	}
	return kept;
}

static int by_retained_desc(const void *a, const void *b, void *ctx)
{
	const struct snapshot *s = ctx;
	const struct only_tree *x = a, *y = b;
	uint64_t rx = s->node_retained[x->root];
	uint64_t ry = s->node_retained[y->root];
	if (rx != ry)
		return rx > ry ? -1 : 1;
	return x->root < y->root ? -1 : x->root > y->root;
}

uint32_t only_detached_trees(const struct snapshot *s, struct only_tree **trees)
{
	uint32_t n = s->node_count, count = 0;
	/* tree[i]: index+1 of the tree of detached node i (0: not yet known) */
	uint32_t *tree = xcalloc(n ? n : 1, sizeof(*tree));
	node_ix *chain = xmallocarray(n ? n : 1, sizeof(*chain));
	*trees = NULL;
	for (node_ix i = 0; i < n; i++) {
		if (!is_detached_dom(s, i) || tree[i])
			continue;
		/* climb the dominators while they are detached DOM nodes */
		uint32_t len = 0;
		node_ix u = i;
		while (!tree[u]) {
			chain[len++] = u;
			node_ix d = s->node_dominator[u];
			if (d == u || !is_detached_dom(s, d))
				break;
			u = d;
		}
		uint32_t t = tree[u];
		if (!t) { /* u roots a new tree */
			*trees = xreallocarray(*trees, count + 1, sizeof(**trees));
			(*trees)[count] = (struct only_tree){.root = u, .nodes = 0};
			t = ++count;
		} else if (t > count) {
			BUG("detached tree index past the trees found");
		}
		for (uint32_t k = 0; k < len; k++) {
			tree[chain[k]] = t;
			(*trees)[t - 1].nodes++;
		}
	}
	free(chain);
	free(tree);
	if (count)
		qsort_r(*trees, count, sizeof(**trees), by_retained_desc, (void *)s);
	return count;
}
