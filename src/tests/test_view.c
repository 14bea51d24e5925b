/*
 * test_view.c - the tree widget (view.c) over a hand-made source: long
 * lists shown a page at a time are in exactly the order a full stable sort
 * gives, for every column and direction, with and without a filter, by
 * items or by ids, with integer keys (ORDER, SAME) or compare() alone; and
 * the selection survives expanding, collapsing, sorting and revealing.
 * Expected orders come from an insertion sort here, not from view.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "heaptui/filter.h"
#include "heaptui/view.h"
#include "rng_fixture.h"

/* ---- the source ----------------------------------------------------------- */

enum { K_PARENT, K_NEW, K_OLD }; /* item kinds: parents, then two kinds of children */

/* How a parent hands out its children. */
enum how {
	BY_ITEMS,      /* children() items */
	BY_ID_KEYS,    /* ids; ORDER keys for columns 1 and 2, SAME for 0, none for 3 */
	BY_ID_NOKEYS,  /* ids; no keys: compare() alone */
	BY_ID_UNIQUE,  /* ids; SAME keys, nearly every name distinct (ranking gives up) */
	BY_ID_ONE,     /* ids; keys; one name and one kind (one SAME group) */
};

struct kid {
	char name[16];   /* column 0 (and the filter's text) */
	uint32_t name_ix; /* SAME key: equal for equal names... mostly (see make_kids) */
	uint32_t a;      /* column 1, many ties */
	uint64_t b;      /* column 2 */
	uint8_t kind;    /* K_NEW or K_OLD */
};

struct parent {
	const char *name;
	enum how how;
	size_t n;
	struct kid *kids;
};

#define NPARENTS 5
#define NCOLS 4

struct src {
	struct parent p[NPARENTS];
	int keys_asked;  /* child_keys calls */
	int items_made;  /* child calls */
};


static const char *names[] = {"n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9",
			      "n10", "n11", "n12", "n13", "n14", "n15", "n3", "n1"};

static void make_kids(struct parent *p, const char *name, enum how how, size_t n)
{
	p->name = name;
	p->how = how;
	p->n = n;
	p->kids = calloc(n, sizeof(*p->kids));
	for (size_t i = 0; i < n; i++) {
		struct kid *k = &p->kids[i];
		if (how == BY_ID_UNIQUE && rnd(8)) {
			snprintf(k->name, sizeof(k->name), "u%u", rnd(100000));
			k->name_ix = 1000 + (uint32_t)i;
		} else {
			/* names 16 and 17 repeat 3 and 1: distinct keys, equal names */
			k->name_ix = rnd((uint32_t)(sizeof(names) / sizeof(*names)));
			snprintf(k->name, sizeof(k->name), "%s", names[k->name_ix]);
		}
		k->a = rnd(40);
		k->b = (uint64_t)rnd(1000) * 1000003u;
		k->kind = rnd(4) ? K_NEW : K_OLD;
		if (how == BY_ID_ONE) {
			snprintf(k->name, sizeof(k->name), "n7");
			k->name_ix = 7;
			k->kind = K_NEW;
		}
	}
}

static struct src *src_new(void)
{
	struct src *s = calloc(1, sizeof(*s));
	make_kids(&s->p[0], "items", BY_ITEMS, 2000);
	make_kids(&s->p[1], "keys", BY_ID_KEYS, 3000);
	make_kids(&s->p[2], "nokeys", BY_ID_NOKEYS, 1200);
	make_kids(&s->p[3], "unique", BY_ID_UNIQUE, 2500);
	make_kids(&s->p[4], "one", BY_ID_ONE, 1500);
	return s;
}

static void src_free(struct src *s)
{
	for (size_t i = 0; i < NPARENTS; i++)
		free(s->p[i].kids);
	free(s);
}

static struct view_item parent_item(size_t p)
{
	return (struct view_item){.tag = 100 + p, .node = UINT32_MAX, .a = (uint32_t)p,
				  .kind = K_PARENT};
}

static struct view_item kid_item(const struct src *s, size_t p, uint32_t i)
{
	return (struct view_item){.tag = 5000 + i, .node = UINT32_MAX, .a = i, .b = (uint32_t)p,
				  .kind = s->p[p].kids[i].kind, .leaf = 1};
}

static void t_children(void *ctx, const struct view_item *parent, struct view_items *out)
{
	struct src *s = ctx;
	if (!parent) {
		for (size_t p = 0; p < NPARENTS; p++) {
			struct view_item it = parent_item(p);
			view_items_push(out, &it);
		}
		return;
	}
	for (uint32_t i = 0; i < s->p[parent->a].n; i++) {
		struct view_item it = kid_item(s, parent->a, i);
		view_items_push(out, &it);
	}
}

static int t_child_ids(void *ctx, const struct view_item *parent, struct view_ids *out)
{
	struct src *s = ctx;
	const struct parent *p = &s->p[parent->a];
	if (p->how == BY_ITEMS)
		return 0;
	uint32_t *w = view_ids_add(out, p->n);
	for (uint32_t i = 0; i < p->n; i++)
		w[i] = i;
	return 1;
}

static void t_child(void *ctx, const struct view_item *parent, uint32_t id, struct view_item *it)
{
	struct src *s = ctx;
	s->items_made++;
	*it = kid_item(s, parent->a, id);
}

static int t_child_keys(void *ctx, const struct view_item *parent, size_t col, const uint32_t *ids,
			size_t n, uint64_t *keys)
{
	struct src *s = ctx;
	const struct parent *p = &s->p[parent->a];
	s->keys_asked++;
	if (p->how == BY_ID_NOKEYS || col == 3)
		return VIEW_KEY_NONE;
	for (size_t i = 0; i < n; i++) {
		const struct kid *k = &p->kids[ids[i]];
		uint64_t v = col == 0 ? k->name_ix : col == 1 ? k->a : k->b;
		keys[i] = view_key(k->kind, v);
	}
	return col == 0 ? VIEW_KEY_SAME : VIEW_KEY_ORDER;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

/* The one definition of the order, for view.c and for the expectations. */
static int kid_cmp(const struct kid *x, const struct kid *y, size_t col)
{
	switch (col) {
	case 0:
		return strcmp(x->name, y->name);
	case 1:
		return cmp_u64(x->a, y->a);
	case 2:
		return cmp_u64(x->b, y->b);
	default:
		return cmp_u64(x->a % 7, y->a % 7);
	}
}

static int t_compare(void *ctx, const struct view_item *a, const struct view_item *b, size_t col)
{
	struct src *s = ctx;
	if (a->kind == K_PARENT)
		return 0; /* parents stay in their order */
	return kid_cmp(&s->p[a->b].kids[a->a], &s->p[b->b].kids[b->a], col);
}

static void t_text(void *ctx, const struct view_item *it, struct strbuf *sb)
{
	struct src *s = ctx;
	strbuf_addstr(sb, it->kind == K_PARENT ? s->p[it->a].name : s->p[it->b].kids[it->a].name);
}

static void t_cell(void *ctx, const struct view_item *it, size_t col, struct view_cell *c)
{
}

static const struct view_column cols[NCOLS] = {
	{"Name", 0, 0}, {"A", 8, 1}, {"B", 8, 1}, {"A%7", 8, 0},
};

static const struct view_source test_source = {
	.name = "Test",
	.cols = cols,
	.ncols = NCOLS,
	.children = t_children,
	.cell = t_cell,
	.compare = t_compare,
	.text = t_text,
	.filter_depth = -1,
	.child_ids = t_child_ids,
	.child = t_child,
	.child_keys = t_child_keys,
};

/* ---- expectations ---------------------------------------------------------- */

static struct filter *compile(const char *pattern)
{
	struct filter *f = NULL;
	struct ht_error err;
	ht_error_init(&err);
	assert_int_equal(filter_compile(&f, pattern, &err), 0);
	return f;
}

static int before(const struct kid *x, const struct kid *y, size_t col, int desc)
{
	if (x->kind != y->kind)
		return x->kind < y->kind;
	int c = kid_cmp(x, y, col);
	return desc ? c > 0 : c < 0;
}

/* The children of parent p the filter keeps, in a stable insertion sort's order. */
static size_t expect(const struct src *s, size_t p, size_t col, int desc, const struct filter *f,
		     uint32_t *out)
{
	const struct parent *par = &s->p[p];
	size_t n = 0;
	for (uint32_t i = 0; i < par->n; i++) {
		const char *name = par->kids[i].name;
		if (f && filter_match(f, name, strlen(name)) != 1)
			continue;
		size_t j = n++;
		while (j > 0 && before(&par->kids[i], &par->kids[out[j - 1]], col, desc)) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = i;
	}
	return n;
}

/* ---- helpers -------------------------------------------------------------- */

static size_t row_of_tag(const struct view *v, uint64_t tag)
{
	for (size_t i = 0; i < v->nrows; i++)
		if (v->rows[i].tag == tag)
			return i;
	return SIZE_MAX;
}

static uint64_t top_tag(struct view *v, size_t p)
{
	view_rebuild(v);
	for (size_t i = 0; i < v->nrows; i++)
		if (v->rows[i].depth == 0 && v->rows[i].item.kind == K_PARENT &&
		    v->rows[i].item.a == p)
			return v->rows[i].tag;
	fail_msg("parent %zu not shown", p);
	return 0;
}

/*
 * The rows under parent p show exp[0 .. shown) in order, then "N more" for
 * the rest, then "N hidden" if any were filtered out.
 */
static void check_shown(struct view *v, size_t p, const uint32_t *exp, size_t nexp, size_t shown,
			size_t hidden)
{
	view_rebuild(v);
	size_t pr = row_of_tag(v, top_tag(v, p));
	assert_int_not_equal(pr, SIZE_MAX);
	assert_true(v->rows[pr].flags & VIEW_ROW_EXPANDED);
	for (size_t j = 0; j < shown; j++) {
		const struct view_row *r = &v->rows[pr + 1 + j];
		assert_int_equal(r->parent, pr);
		assert_int_equal(r->depth, 1);
		assert_false(r->flags & (VIEW_ROW_MORE | VIEW_ROW_NOTE));
		if (r->item.a != exp[j])
			fail_msg("parent %zu row %zu: child %u, expected %u", p, j, r->item.a,
				 exp[j]);
		assert_int_equal(!!(r->flags & VIEW_ROW_LAST), j + 1 == nexp && !hidden);
	}
	size_t at = pr + 1 + shown;
	if (shown < nexp) {
		assert_true(v->rows[at].flags & VIEW_ROW_MORE);
		assert_int_equal(v->rows[at].count, nexp - shown);
		assert_int_equal(v->rows[at].parent, pr);
		at++;
	}
	if (hidden) {
		assert_true(v->rows[at].flags & VIEW_ROW_NOTE);
		assert_int_equal(v->rows[at].count, hidden);
		at++;
	}
	if (at < v->nrows)
		assert_true(v->rows[at].depth == 0);
}

/* Enter on parent p's "N more" row. */
static void more(struct view *v, size_t p)
{
	view_rebuild(v);
	size_t pr = row_of_tag(v, top_tag(v, p));
	for (size_t i = pr + 1; i < v->nrows && v->rows[i].depth > 0; i++) {
		if (v->rows[i].flags & VIEW_ROW_MORE) {
			view_move_to(v, i);
			assert_int_equal(view_expand(v), 1);
			return;
		}
	}
	fail_msg("no more row under parent %zu", p);
}

/* Page through all of parent p, checking every page against exp. */
static void check_paging(struct view *v, size_t p, const uint32_t *exp, size_t nexp,
			 size_t hidden)
{
	size_t shown = nexp < VIEW_PAGE ? nexp : VIEW_PAGE;
	for (;;) {
		check_shown(v, p, exp, nexp, shown, hidden);
		if (shown == nexp)
			break;
		more(v, p);
		shown = shown + VIEW_PAGE < nexp ? shown + VIEW_PAGE : nexp;
	}
}

/* ---- tests ---------------------------------------------------------------- */

/* Every parent, column and direction, unfiltered and filtered: pages = a stable sort. */
static void test_pages_sorted(void **state)
{
	struct src *s = src_new();
	uint32_t *exp = malloc(4000 * sizeof(*exp));
	const char *pats[] = {NULL, "^n1", "^(n3|u1|n7)"};
	struct filter *g = compile("[27]$");
	for (size_t fi = 0; fi < 3; fi++) {
		struct filter *f = pats[fi] ? compile(pats[fi]) : NULL;
		for (size_t p = 0; p < NPARENTS; p++) {
			for (size_t col = 0; col < NCOLS; col++) {
				for (int desc = 0; desc < 2; desc++) {
					struct view v;
					view_init(&v, &test_source, s);
					view_sort_set(&v, col, desc);
					/* expanded rows stay when the filter hides them */
					view_expand_tag(&v, top_tag(&v, p));
					view_set_filter(&v, f);
					size_t n = expect(s, p, col, desc, f, exp);
					check_paging(&v, p, exp, n, s->p[p].n - n);
					/* expanding elsewhere re-filters: the same rows */
					struct view_item other = parent_item((p + 1) % NPARENTS);
					view_expand_tag(&v, view_child_tag(0, &other));
					check_shown(&v, p, exp, n, n, s->p[p].n - n);
					/* all pages in: another sort shows all, sorted anew */
					size_t col2 = (col + 1) % NCOLS;
					view_sort_set(&v, col2, !desc);
					size_t limit = (n + VIEW_PAGE - 1) / VIEW_PAGE * VIEW_PAGE;
					n = expect(s, p, col2, !desc, f, exp);
					check_shown(&v, p, exp, n, n, s->p[p].n - n);
					/* another filter: as many pages, other rows */
					view_set_filter(&v, g);
					n = expect(s, p, col2, !desc, g, exp);
					if (limit < VIEW_PAGE)
						limit = VIEW_PAGE;
					check_shown(&v, p, exp, n, n < limit ? n : limit,
						    s->p[p].n - n);
					view_release(&v);
				}
			}
		}
		if (f)
			filter_free(f);
	}
	filter_free(g);
	free(exp);
	src_free(s);
}

/* Lists by id with keys make items only for the rows shown. */
static void test_lazy_items(void **state)
{
	struct src *s = src_new();
	struct view v;
	view_init(&v, &test_source, s);
	view_sort_set(&v, 2, 1);
	view_expand_tag(&v, top_tag(&v, 1));
	s->items_made = 0;
	s->keys_asked = 0;
	view_rebuild(&v);
	assert_true(s->keys_asked > 0);
	assert_int_equal(s->items_made, VIEW_PAGE);
	/* a flatten with nothing changed reuses the sorted list */
	s->items_made = 0;
	s->keys_asked = 0;
	v.dirty = 1;
	view_rebuild(&v);
	assert_int_equal(s->keys_asked, 0);
	assert_int_equal(s->items_made, VIEW_PAGE);
	/* data changed: fetched and sorted anew */
	s->keys_asked = 0;
	view_invalidate(&v);
	view_rebuild(&v);
	assert_true(s->keys_asked > 0);
	/* by name: SAME keys, one item made per distinct name to rank them */
	view_sort_set(&v, 0, 0);
	s->items_made = 0;
	view_rebuild(&v);
	assert_int_equal(s->items_made, VIEW_PAGE + 2 * (sizeof(names) / sizeof(*names)));
	view_release(&v);
	src_free(s);
}

/* Data changed + view_invalidate: the lists are fetched again. */
static void test_invalidate(void **state)
{
	struct src *s = src_new();
	uint32_t *exp = malloc(4000 * sizeof(*exp));
	struct view v;
	view_init(&v, &test_source, s);
	view_sort_set(&v, 1, 0);
	for (size_t p = 0; p < NPARENTS; p++)
		view_expand_tag(&v, top_tag(&v, p));
	view_rebuild(&v);
	for (size_t p = 0; p < NPARENTS; p++)
		for (size_t i = 0; i < s->p[p].n; i++)
			s->p[p].kids[i].a = 39 - s->p[p].kids[i].a;
	view_invalidate(&v);
	for (size_t p = 0; p < NPARENTS; p++) {
		size_t n = expect(s, p, 1, 0, NULL, exp);
		check_shown(&v, p, exp, n, VIEW_PAGE, 0);
	}
	/* collapsing drops a list; the top level and the others stay */
	view_rebuild(&v);
	assert_int_equal(v.nkids, 1 + NPARENTS);
	view_move_to(&v, row_of_tag(&v, top_tag(&v, 2)));
	assert_int_equal(view_collapse(&v), 1);
	view_rebuild(&v);
	assert_int_equal(v.nkids, NPARENTS);
	view_reset(&v);
	view_rebuild(&v);
	assert_int_equal(v.nkids, 1);
	view_release(&v);
	free(exp);
	src_free(s);
}

/* Parents 0 and 1 expanded, parent 1 sorted by (2, desc) with two pages;
 * its 150th child selected. Returns that child's index. */
static uint32_t select_setup(struct view *v, struct src *s, uint32_t *exp)
{
	view_init(v, &test_source, s);
	view_sort_set(v, 2, 1);

	/* expand parent 1: the selection stays on it */
	uint64_t p1 = top_tag(v, 1);
	view_move_to(v, row_of_tag(v, p1));
	assert_int_equal(view_expand(v), 1);
	assert_int_equal(view_selected(v)->tag, p1);
	assert_int_equal(v->sel, 1);

	/* Enter again goes to its first child */
	assert_int_equal(view_expand(v), 1);
	assert_int_equal(v->sel, 2);
	expect(s, 1, 2, 1, NULL, exp);
	assert_int_equal(view_selected(v)->item.a, exp[0]);

	/* a child on page 2 */
	more(v, 1);
	view_rebuild(v);
	view_move_to(v, 2 + 150);
	const struct view_row *r = view_selected(v);
	uint64_t kid = r->tag;
	assert_int_equal(r->item.a, exp[150]);

	/* expanding a row above shifts it, the selection follows */
	view_expand_tag(v, top_tag(v, 0));
	r = view_selected(v);
	assert_int_equal(r->tag, kid);
	assert_int_equal(v->sel, row_of_tag(v, kid));
	assert_int_equal(v->sel, 1 + VIEW_PAGE + 1 + 1 + 150);
	return r->item.a;
}

/* The selection follows its row through expanding, collapsing and sorting. */
static void test_selection(void **state)
{
	struct src *s = src_new();
	uint32_t *exp = malloc(4000 * sizeof(*exp));
	int followed = 0, paged_out = 0;
	for (size_t col = 0; col < NCOLS; col++) {
		for (int desc = 0; desc < 2; desc++) {
			struct view v;
			uint32_t kid_ix = select_setup(&v, s, exp);
			uint64_t kid = view_selected(&v)->tag;
			size_t sel = v.sel;
			view_sort_set(&v, col, desc);
			size_t n = expect(s, 1, col, desc, NULL, exp), rank = 0;
			while (exp[rank] != kid_ix)
				rank++;
			view_rebuild(&v);
			size_t pr = row_of_tag(&v, top_tag(&v, 1));
			if (rank < 2 * VIEW_PAGE) {
				/* still shown: the selection moves with it */
				followed++;
				assert_int_equal(view_selected(&v)->tag, kid);
				assert_int_equal(v.sel, pr + 1 + rank);
			} else {
				/* paged out: the selection keeps its row index */
				paged_out++;
				assert_int_equal(row_of_tag(&v, kid), SIZE_MAX);
				assert_int_equal(v.sel, sel);
				/* reveal pages it in and selects it */
				view_reveal(&v, kid);
				view_rebuild(&v);
				assert_int_equal(view_selected(&v)->tag, kid);
				assert_int_equal(v.sel, pr + 1 + rank);
			}
			size_t shown = rank < 2 * VIEW_PAGE ? 2 * VIEW_PAGE
							    : (rank / VIEW_PAGE + 1) * VIEW_PAGE;
			check_shown(&v, 1, exp, n, shown, 0);

			/* collapse on a child goes to the parent; on the parent closes it */
			assert_int_equal(view_collapse(&v), 1);
			assert_int_equal(view_selected(&v)->tag, top_tag(&v, 1));
			assert_int_equal(view_collapse(&v), 1);
			view_rebuild(&v);
			assert_int_equal(view_selected(&v)->tag, top_tag(&v, 1));
			assert_false(v.rows[v.sel].flags & VIEW_ROW_EXPANDED);
			assert_int_equal(v.nrows, 1 + VIEW_PAGE + 1 + NPARENTS - 1);

			/* expanded again: its pages are remembered, the selection stays */
			assert_int_equal(view_expand(&v), 1);
			check_shown(&v, 1, exp, n, shown, 0);
			assert_int_equal(view_selected(&v)->tag, top_tag(&v, 1));
			view_release(&v);
		}
	}
	assert_true(followed > 0);
	assert_true(paged_out > 0);
	free(exp);
	src_free(s);
}

/* A filter that matches nothing at the top shows everything (tmux). */
static void test_no_matches(void **state)
{
	struct src *s = src_new();
	struct filter *f = compile("^zzz$");
	struct view v;
	view_init(&v, &test_source, s);
	view_set_filter(&v, f);
	view_rebuild(&v);
	assert_int_equal(v.no_matches, 1);
	assert_int_equal(v.nrows, NPARENTS);
	/* an expanded parent is kept, so something matched; below, all hidden */
	view_expand_tag(&v, top_tag(&v, 2));
	view_rebuild(&v);
	assert_int_equal(v.no_matches, 0);
	assert_int_equal(v.nrows, 3);
	assert_int_equal(v.rows[0].item.a, 2);
	assert_true(v.rows[1].flags & VIEW_ROW_NOTE);
	assert_int_equal(v.rows[1].count, s->p[2].n);
	assert_int_equal(v.rows[1].depth, 1);
	assert_true(v.rows[2].flags & VIEW_ROW_NOTE);
	assert_int_equal(v.rows[2].count, NPARENTS - 1);
	assert_int_equal(v.rows[2].depth, 0);
	view_set_filter(&v, NULL);
	view_rebuild(&v);
	assert_int_equal(v.no_matches, 0);
	assert_int_equal(v.nrows, NPARENTS + VIEW_PAGE + 1); /* + "N more" */
	view_release(&v);
	filter_free(f);
	src_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages_sorted),
		cmocka_unit_test(test_lazy_items),
		cmocka_unit_test(test_invalidate),
		cmocka_unit_test(test_selection),
		cmocka_unit_test(test_no_matches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
