/*
 * view.c - the generic tree widget: lazy children, flattening, stable row
 * tags, cycle marks, sorting, filtering, pages, drawing.
 *
 * Flattening walks the expanded rows with an explicit stack (no recursion
 * over depth) and costs O(visible rows), plus O(n) for a list of n children
 * fetched, filtered or sorted anew (lists are kept between flattens, and
 * sorted only as far as shown); drawing only reads the flattened rows.
 */
#include "heaptui/view.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heaptui/draw.h"
#include "heaptui/theme.h"
#include "heaptui/util.h"

#define NO_ROW UINT32_MAX
#define NO_NODE UINT32_MAX
#define TOP_TAG 0x9e3779b97f4a7c15ull /* pages-map key of the top level */

/* ---- items and cells ------------------------------------------------- */

void view_items_push(struct view_items *l, const struct view_item *it)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 64;
		l->v = xreallocarray(l->v, l->alloc, sizeof(*l->v));
	}
	l->v[l->n++] = *it;
}

uint32_t *view_ids_add(struct view_ids *l, size_t n)
{
	if (n > l->alloc - l->n) {
		size_t want = l->alloc ? l->alloc * 2 : 64;
		if (want < l->n + n)
			want = l->n + n;
		l->v = xreallocarray(l->v, want, sizeof(*l->v));
		l->alloc = want;
	}
	l->n += n;
	return l->v + l->n - n;
}

static void cell_span(struct view_cell *c, int role)
{
	if (c->nspans && c->span[c->nspans - 1].role == role) {
		c->span[c->nspans - 1].end = c->text.len;
		return;
	}
	if (c->nspans == VIEW_CELL_SPANS) {
		c->span[c->nspans - 1].end = c->text.len;
		return;
	}
	c->span[c->nspans].end = c->text.len;
	c->span[c->nspans].role = role;
	c->nspans++;
}

void view_cell_add(struct view_cell *c, int role, const char *raw, size_t len)
{
	text_sanitize(&c->text, raw, len);
	cell_span(c, role);
}

void view_cell_addf(struct view_cell *c, int role, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		view_cell_add(c, role, buf, strlen(buf));
}

/* ---- tag map: linear probing with backward-shift deletion ------------- */

static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static size_t tm_slot(const struct view_tagmap *m, uint64_t k)
{
	size_t i = (size_t)mix64(k) & (m->cap - 1);
	while (m->keys[i] && m->keys[i] != k)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static int tm_get(const struct view_tagmap *m, uint64_t k, uint32_t *val)
{
	if (!m->cap || !k)
		return 0;
	size_t i = tm_slot(m, k);
	if (!m->keys[i])
		return 0;
	if (val)
		*val = m->vals[i];
	return 1;
}

static void tm_put(struct view_tagmap *m, uint64_t k, uint32_t val)
{
	if (!k)
		return;
	if ((m->n + 1) * 2 > m->cap) {
		struct view_tagmap old = *m;
		m->cap = old.cap ? old.cap * 2 : 64;
		m->keys = xcalloc(m->cap, sizeof(*m->keys));
		m->vals = xcalloc(m->cap, sizeof(*m->vals));
		m->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.keys[i])
				tm_put(m, old.keys[i], old.vals[i]);
		free(old.keys);
		free(old.vals);
	}
	size_t i = tm_slot(m, k);
	if (!m->keys[i])
		m->n++;
	m->keys[i] = k;
	m->vals[i] = val;
}

static void tm_del(struct view_tagmap *m, uint64_t k)
{
	if (!m->cap || !k)
		return;
	size_t i = tm_slot(m, k);
	if (!m->keys[i])
		return;
	m->keys[i] = 0;
	m->n--;
	/* shift back entries that probed past the hole */
	size_t j = i;
	for (;;) {
		j = (j + 1) & (m->cap - 1);
		if (!m->keys[j])
			break;
		size_t home = (size_t)mix64(m->keys[j]) & (m->cap - 1);
		/* does home lie cyclically in (i, j]? then it stays */
		if (i <= j ? (home > i && home <= j) : (home > i || home <= j))
			continue;
		m->keys[i] = m->keys[j];
		m->vals[i] = m->vals[j];
		m->keys[j] = 0;
		i = j;
	}
}

static void tm_release(struct view_tagmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* ---- widget ------------------------------------------------------------ */

static void kids_clear(struct view *v);

void view_init(struct view *v, const struct view_source *src, void *ctx)
{
	memset(v, 0, sizeof(*v));
	v->src = src;
	v->ctx = ctx;
	v->root_node = NO_NODE;
	v->sort_col = 0;
	v->dirty = 1;
}

void view_release(struct view *v)
{
	free(v->rows);
	tm_release(&v->expanded);
	tm_release(&v->pages);
	kids_clear(v);
	memset(v, 0, sizeof(*v));
}

void view_reset(struct view *v)
{
	tm_release(&v->expanded);
	tm_release(&v->pages);
	kids_clear(v);
	v->expand_gen++;
	v->sel = v->top = 0;
	v->sel_tag = 0;
	v->dirty = 1;
}

void view_invalidate(struct view *v)
{
	kids_clear(v);
	v->dirty = 1;
}

uint64_t view_child_tag(uint64_t parent, const struct view_item *it)
{
	uint64_t t = mix64(parent ^ mix64(it->tag ^ ((uint64_t)it->kind << 56) ^
					  ((uint64_t)it->snap << 48)));
	return t ? t : 1;
}

int view_is_expanded(const struct view *v, uint64_t tag)
{
	return tm_get(&v->expanded, tag, NULL);
}

static int item_matches(struct view *v, const struct view_item *it, const struct filter *f,
			struct strbuf *sb)
{
	if (!v->src->text)
		return 0;
	strbuf_reset(sb);
	v->src->text(v->ctx, it, sb);
	return filter_match(f, sb->buf ? sb->buf : "", sb->len) == 1;
}

/* ---- kept children ------------------------------------------------------ */

/*
 * The children of one expanded row (or of the top level), kept from one
 * flatten to the next while the row stays expanded and shown: the list as
 * fetched, the children the filter keeps ("kept", in the source's order)
 * and the first `norder` of those in sort order. Memory: the list (4 bytes
 * per child by id, sizeof(struct view_item) by item), a byte per child
 * once filtered, 4 bytes per kept child, 4 per sorted one.
 */
struct view_kids {
	uint64_t key;             /* parent row tag, TOP_TAG for the top level */
	struct view_item parent;  /* the parent row's item (unused at the top) */
	int top;                  /* the top level: children(NULL) */
	int used;                 /* visited by the flatten under way */
	int by_id;                /* children are ids (child_ids), else items */
	struct view_item *items;  /* [n] children() items (!by_id) */
	uint32_t *ids;            /* [n] child_ids() ids (by_id) */
	uint32_t n;               /* children */

	uint8_t *match;           /* [n] the filter matches child i; NULL until needed */
	uint64_t match_gen;       /* filter_gen of match */
	int filtered;             /* kept is the filter's choice (else every child) */
	uint64_t kept_filter_gen; /* filter_gen and expand_gen the choice was made for */
	uint64_t kept_expand_gen;
	uint32_t *kept;           /* [nkept] child indices, ascending; NULL: all n */
	uint32_t nkept;           /* children kept */
	uint32_t hidden;          /* children the filter hid */
	int no_matches;           /* top level, nothing matched: all kept */
	uint32_t kept_ver;        /* bumped when the kept set changes */

	uint32_t *order;          /* [norder] child indices: the first kept ones, sorted */
	uint32_t norder;
	int order_valid;          /* order is for the fields below */
	uint32_t order_ver;       /* kept_ver */
	size_t order_col;         /* sort column */
	int order_desc;           /* direction */
};

static void kids_free(struct view_kids *k)
{
	free(k->items);
	free(k->ids);
	free(k->match);
	free(k->kept);
	free(k->order);
	memset(k, 0, sizeof(*k));
}

/* Drop every list kept (reset, data changed, release). */
static void kids_clear(struct view *v)
{
	for (size_t i = 0; i < v->nkids; i++)
		kids_free(&v->kids[i]);
	free(v->kids);
	v->kids = NULL;
	v->nkids = v->akids = 0;
	tm_release(&v->kids_at);
}

static int same_item(const struct view_item *a, const struct view_item *b)
{
	return a->tag == b->tag && a->node == b->node && a->a == b->a && a->b == b->b &&
	       a->kind == b->kind && a->snap == b->snap && a->leaf == b->leaf;
}

static void kids_fetch(struct view *v, struct view_kids *k)
{
	const struct view_source *src = v->src;
	struct view_ids ids = {0};
	if (!k->top && src->child_ids && src->child &&
	    src->child_ids(v->ctx, &k->parent, &ids)) {
		k->by_id = 1;
		k->ids = ids.v;
		k->n = (uint32_t)MIN(ids.n, (size_t)UINT32_MAX);
	} else {
		free(ids.v);
		struct view_items l = {0};
		src->children(v->ctx, k->top ? NULL : &k->parent, &l);
		k->items = l.v;
		k->n = (uint32_t)MIN(l.n, (size_t)UINT32_MAX);
	}
	k->nkept = k->n;
}

/*
 * The kept list of the row tagged `key` whose item is `parent` (NULL: the
 * top level), fetched if not kept yet. Returns its index in v->kids (the
 * array may move when another list is added: hold the index).
 */
static uint32_t kids_get(struct view *v, uint64_t key, const struct view_item *parent)
{
	uint32_t at = 0;
	int in_map = tm_get(&v->kids_at, key, &at), collision = 0;
	if (in_map) {
		struct view_kids *k = &v->kids[at];
		int same = parent ? !k->top && same_item(&k->parent, parent) : k->top;
		if (same && !k->used) {
			k->used = 1;
			return at;
		}
		if (!k->used) {
			/* another item under this tag (the data changed): fetch anew */
			kids_free(k);
		} else {
			/* a tag collision within one flatten: a list of its own,
			 * outside the map, dropped by the sweep */
			in_map = 0;
			collision = 1;
		}
	}
	if (!in_map) {
		if (v->nkids == v->akids) {
			v->akids = v->akids ? v->akids * 2 : 16;
			v->kids = xreallocarray(v->kids, v->akids, sizeof(*v->kids));
		}
		at = (uint32_t)v->nkids++;
		if (!collision)
			tm_put(&v->kids_at, key, at);
	}
	struct view_kids *k = &v->kids[at];
	memset(k, 0, sizeof(*k));
	k->key = key;
	k->top = !parent;
	if (parent)
		k->parent = *parent;
	k->used = 1;
	kids_fetch(v, k);
	return at;
}

/* After a flatten: free the lists no row used (collapsed, hidden), reindex. */
static void kids_sweep(struct view *v)
{
	size_t to = 0;
	tm_release(&v->kids_at);
	for (size_t i = 0; i < v->nkids; i++) {
		if (!v->kids[i].used) {
			kids_free(&v->kids[i]);
			continue;
		}
		if (to != i)
			v->kids[to] = v->kids[i];
		v->kids[to].used = 0;
		if (!tm_get(&v->kids_at, v->kids[to].key, NULL))
			tm_put(&v->kids_at, v->kids[to].key, (uint32_t)to);
		to++;
	}
	v->nkids = to;
}

/* Child i of the list as an item. */
static void kids_item(struct view *v, const struct view_kids *k, uint32_t i, struct view_item *it)
{
	if (k->by_id)
		v->src->child(v->ctx, &k->parent, k->ids[i], it);
	else
		*it = k->items[i];
}

/*
 * Which children the filter keeps at this depth: those it matches and
 * those expanded (a path being followed stays); at the top, when nothing
 * is kept, all (tmux's "no matches"). O(n) text matches when the filter
 * changed, O(n) tag look-ups when the expansion did.
 */
static void kids_filter(struct view *v, struct view_kids *k, uint16_t depth, uint64_t ptag,
			struct strbuf *sb)
{
	int fd = v->src->filter_depth;
	if (!v->filter || !(fd < 0 || depth <= fd)) {
		if (k->filtered) {
			int changed = k->nkept != k->n;
			free(k->kept);
			k->kept = NULL;
			k->nkept = k->n;
			k->hidden = 0;
			k->no_matches = 0;
			k->filtered = 0;
			if (changed)
				k->kept_ver++;
		}
		return;
	}
	if (k->filtered && k->kept_filter_gen == v->filter_gen &&
	    k->kept_expand_gen == v->expand_gen)
		return;
	struct view_item it;
	if (!k->match || k->match_gen != v->filter_gen) {
		k->match = xreallocarray(k->match, k->n ? k->n : 1, 1);
		for (uint32_t i = 0; i < k->n; i++) {
			kids_item(v, k, i, &it);
			k->match[i] = (uint8_t)item_matches(v, &it, v->filter, sb);
		}
		k->match_gen = v->filter_gen;
	}
	uint32_t *kept = xmallocarray(k->n ? k->n : 1, sizeof(*kept));
	uint32_t nkept = 0;
	for (uint32_t i = 0; i < k->n; i++) {
		if (!k->match[i]) {
			if (!v->expanded.n)
				continue;
			kids_item(v, k, i, &it);
			if (!view_is_expanded(v, view_child_tag(ptag, &it)))
				continue;
		}
		kept[nkept++] = i;
	}
	int no_matches = nkept == 0 && depth == 0 && k->n;
	if (no_matches) {
		free(kept);
		kept = NULL;
		nkept = k->n;
	}
	int changed = !k->filtered || nkept != k->nkept || !kept != !k->kept ||
		      (kept && memcmp(kept, k->kept, (size_t)nkept * sizeof(*kept)));
	free(k->kept);
	k->kept = kept;
	k->nkept = nkept;
	k->hidden = no_matches ? 0 : k->n - nkept;
	k->no_matches = no_matches;
	k->filtered = 1;
	k->kept_filter_gen = v->filter_gen;
	k->kept_expand_gen = v->expand_gen;
	if (changed)
		k->kept_ver++;
}

/* ---- sorting ------------------------------------------------------------- */

/*
 * The order of a list: by kind, then by the sort column (compare(), in the
 * direction asked), then the source's order, so that equal rows keep it
 * (a stable sort). Lists by id whose source gives keys are ordered on
 * integers read a block at a time (no per-child array for a page);
 * others call compare().
 */

static int item_cmp(struct view *v, const struct view_item *a, const struct view_item *b)
{
	/* rows of different kinds (new vs deleted objects) keep the kinds' order */
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	int c = v->src->compare(v->ctx, a, b, v->sort_col);
	c = (c > 0) - (c < 0);
	return v->sort_desc ? -c : c;
}

enum { KEY_BLOCK = 4096 }; /* keys asked of the source at a time */

/* The keys of the kept children of a list by id, a block at a time. */
struct key_block {
	struct view *v;
	const struct view_kids *k;
	size_t at, m;    /* this block: kept positions at .. at + m - 1 */
	uint64_t *keys;  /* [KEY_BLOCK] their keys */
	uint32_t *ids;   /* [KEY_BLOCK] their ids, when some children are not kept */
	int type;        /* enum view_key_type of the first block */
};

static void kb_init(struct key_block *b, struct view *v, const struct view_kids *k)
{
	memset(b, 0, sizeof(*b));
	b->v = v;
	b->k = k;
	b->keys = xmallocarray(KEY_BLOCK, sizeof(*b->keys));
	b->ids = xmallocarray(KEY_BLOCK, sizeof(*b->ids));
	b->type = -1;
}

static void kb_release(struct key_block *b)
{
	free(b->keys);
	free(b->ids);
}

/* Read the next block (from the start after kb_rewind); 0 at the end or
 * when the source changed its mind about the key type (then type is NONE). */
static int kb_next(struct key_block *b)
{
	const struct view_kids *k = b->k;
	b->at += b->m;
	if (b->at >= k->nkept)
		return 0;
	b->m = MIN((size_t)KEY_BLOCK, k->nkept - b->at);
	const uint32_t *ids = k->ids + b->at;
	if (k->kept) {
		for (size_t i = 0; i < b->m; i++)
			b->ids[i] = k->ids[k->kept[b->at + i]];
		ids = b->ids;
	}
	int t = b->v->src->child_keys(b->v->ctx, &k->parent, b->v->sort_col, ids, b->m, b->keys);
	if (b->type < 0)
		b->type = t;
	if (t != b->type || t == VIEW_KEY_NONE) {
		b->type = VIEW_KEY_NONE;
		return 0;
	}
	return 1;
}

static void kb_rewind(struct key_block *b)
{
	b->at = b->m = 0;
}

/*
 * SAME keys made into ranks: the children with one key form a group; one
 * child per group (its first) is compared, and groups that compare equal
 * share a rank. O(n) hashing (a run of equal keys costs one look-up) and
 * O(g log g) compare() calls for g groups.
 */
struct groups {
	uint64_t *hk;    /* [cap] keys */
	uint32_t *hv;    /* [cap] group + 1, 0: empty slot */
	size_t cap;
	uint32_t *first; /* [g] first position of each group */
	size_t g, afirst;
	uint32_t *of;    /* [n] group of each position; NULL while there is one group */
	size_t n;
	uint64_t last;   /* the previous key and its group: runs skip the table */
	uint32_t last_g;
	uint32_t *rank;  /* [g] after groups_rank */
};

static void groups_init(struct groups *gr, size_t n)
{
	memset(gr, 0, sizeof(*gr));
	gr->n = n;
	gr->cap = 64;
	gr->hk = xmallocarray(gr->cap, sizeof(*gr->hk));
	gr->hv = xcalloc(gr->cap, sizeof(*gr->hv));
	gr->last_g = UINT32_MAX;
}

static void groups_release(struct groups *gr)
{
	free(gr->hk);
	free(gr->hv);
	free(gr->first);
	free(gr->of);
	free(gr->rank);
}

static size_t groups_slot(const struct groups *gr, uint64_t key)
{
	size_t i = (size_t)mix64(key) & (gr->cap - 1);
	while (gr->hv[i] && gr->hk[i] != key)
		i = (i + 1) & (gr->cap - 1);
	return i;
}

/* Position pos has this key; 0 when there are too many groups to pay off. */
static int groups_add(struct groups *gr, uint64_t key, size_t pos)
{
	if (gr->last_g == UINT32_MAX || key != gr->last) {
		size_t i = groups_slot(gr, key);
		if (!gr->hv[i]) {
			/* sorting g groups costs ~g log g compare() calls, comparing
			 * every child about n: give up past that */
			size_t lg = 1;
			while (((size_t)1 << lg) < gr->g + 1)
				lg++;
			if (gr->g >= 256 && (gr->g + 1) * lg > 2 * gr->n)
				return 0;
			if (gr->g == gr->afirst) {
				gr->afirst = gr->afirst ? gr->afirst * 2 : 64;
				gr->first = xreallocarray(gr->first, gr->afirst,
							  sizeof(*gr->first));
			}
			gr->first[gr->g] = (uint32_t)pos;
			gr->hk[i] = key;
			gr->hv[i] = (uint32_t)++gr->g;
			if (gr->g == 2)
				gr->of = xcalloc(gr->n, sizeof(*gr->of)); /* all before: group 0 */
			if (gr->g * 2 > gr->cap) {
				uint64_t *ok = gr->hk;
				uint32_t *ov = gr->hv;
				size_t ocap = gr->cap;
				gr->cap *= 2;
				gr->hk = xmallocarray(gr->cap, sizeof(*gr->hk));
				gr->hv = xcalloc(gr->cap, sizeof(*gr->hv));
				for (size_t j = 0; j < ocap; j++) {
					if (!ov[j])
						continue;
					size_t t = groups_slot(gr, ok[j]);
					gr->hk[t] = ok[j];
					gr->hv[t] = ov[j];
				}
				free(ok);
				free(ov);
				i = groups_slot(gr, key);
			}
		}
		gr->last = key;
		gr->last_g = gr->hv[i] - 1;
	}
	if (gr->of)
		gr->of[pos] = gr->last_g;
	return 1;
}

static struct {
	struct view *v;
	const struct view_item *items;
} rank_cur; /* qsort has no context argument */

static int rank_qsort_cmp(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	int c = item_cmp(rank_cur.v, &rank_cur.items[a], &rank_cur.items[b]);
	return c ? c : (a > b) - (a < b);
}

/* Child index of kept position p. */
static uint32_t kids_child(const struct view_kids *k, size_t p)
{
	return k->kept ? k->kept[p] : (uint32_t)p;
}

static void groups_rank(struct groups *gr, struct view *v, const struct view_kids *k)
{
	size_t g = gr->g;
	struct view_item *items = xmallocarray(g ? g : 1, sizeof(*items));
	uint32_t *by = xmallocarray(g ? g : 1, sizeof(*by));
	for (size_t i = 0; i < g; i++) {
		kids_item(v, k, kids_child(k, gr->first[i]), &items[i]);
		by[i] = (uint32_t)i;
	}
	rank_cur.v = v;
	rank_cur.items = items;
	qsort(by, g, sizeof(*by), rank_qsort_cmp);
	gr->rank = xmallocarray(g ? g : 1, sizeof(*gr->rank));
	for (size_t i = 0, r = 0; i < g; i++) {
		if (i && item_cmp(v, &items[by[i - 1]], &items[by[i]]))
			r = i;
		gr->rank[by[i]] = (uint32_t)r;
	}
	free(by);
	free(items);
}

static uint32_t groups_key(const struct groups *gr, size_t pos)
{
	return gr->rank[gr->of ? gr->of[pos] : 0];
}

/* How a list is being ordered. */
struct sorter {
	struct view *v;
	const struct view_kids *k;
	size_t n;                      /* kept children: positions 0 .. n-1 */
	enum {
		SORT_NONE,     /* no compare(): the source's order */
		SORT_STREAM,   /* ORDER keys, read again from the source (kb) */
		SORT_KEYS,     /* ORDER keys in keys[] */
		SORT_GROUPS,   /* ranks of SAME keys (gr) */
		SORT_COMPARE,  /* compare() on items */
	} how;
	uint64_t flip;                 /* xor'ed into ORDER keys: reverses the value bits */
	struct key_block kb;           /* SORT_STREAM */
	uint64_t *keys;                /* [n] SORT_KEYS */
	struct groups gr;              /* SORT_GROUPS */
	struct view_item *made;        /* [n] items made for compare() (lists by id) */
	const struct view_item *items; /* SORT_COMPARE: the items compare() reads */
	const uint32_t *ix;            /* position -> index into items, NULL: the position */
};

/*
 * Get ready to order k's kept children: keys if the source has them (in an
 * array only if `array`: a full sort or a rank), else items for compare().
 */
static void sorter_init(struct sorter *s, struct view *v, const struct view_kids *k, int array)
{
	memset(s, 0, sizeof(*s));
	s->v = v;
	s->k = k;
	s->n = k->nkept;
	if (!v->src->compare) {
		s->how = SORT_NONE;
		return;
	}
	if (k->by_id && v->src->child_keys && s->n) {
		kb_init(&s->kb, v, k);
		if (kb_next(&s->kb) && s->kb.type == VIEW_KEY_ORDER) {
			/* descending: value bits reversed (x ^ MAX == MAX - x), the kind kept */
			s->flip = v->sort_desc ? VIEW_KEY_VALUE_MAX : 0;
			s->how = SORT_STREAM;
			if (!array)
				return;
			s->keys = xmallocarray(s->n, sizeof(*s->keys));
			do
				memcpy(s->keys + s->kb.at, s->kb.keys, s->kb.m * sizeof(*s->keys));
			while (kb_next(&s->kb));
			if (s->kb.type == VIEW_KEY_ORDER) {
				s->how = SORT_KEYS;
				kb_release(&s->kb);
				return;
			}
			free(s->keys);
			s->keys = NULL;
		} else if (s->kb.type == VIEW_KEY_SAME) {
			int ok = 1;
			groups_init(&s->gr, s->n);
			do
				for (size_t i = 0; i < s->kb.m && ok; i++)
					ok = groups_add(&s->gr, s->kb.keys[i], s->kb.at + i);
			while (ok && kb_next(&s->kb));
			if (ok && s->kb.type == VIEW_KEY_SAME) {
				groups_rank(&s->gr, v, k);
				s->how = SORT_GROUPS; /* the direction is in the ranks */
				kb_release(&s->kb);
				return;
			}
			groups_release(&s->gr);
		}
		kb_release(&s->kb);
	}
	s->how = SORT_COMPARE;
	if (k->by_id) {
		s->made = xmallocarray(s->n ? s->n : 1, sizeof(*s->made));
		for (size_t p = 0; p < s->n; p++)
			kids_item(v, k, kids_child(k, p), &s->made[p]);
		s->items = s->made;
	} else {
		s->items = k->items;
		s->ix = k->kept;
	}
}

static void sorter_release(struct sorter *s)
{
	if (s->how == SORT_STREAM)
		kb_release(&s->kb);
	if (s->how == SORT_GROUPS)
		groups_release(&s->gr);
	free(s->keys);
	free(s->made);
}

/* Whether position p sorts before position q (not SORT_STREAM). */
static int sorter_less(const struct sorter *s, size_t p, size_t q)
{
	uint64_t a, b;
	switch (s->how) {
	case SORT_KEYS:
		a = s->keys[p] ^ s->flip;
		b = s->keys[q] ^ s->flip;
		break;
	case SORT_GROUPS:
		a = groups_key(&s->gr, p);
		b = groups_key(&s->gr, q);
		break;
	case SORT_COMPARE: {
		int c = item_cmp(s->v, &s->items[s->ix ? s->ix[p] : p],
				 &s->items[s->ix ? s->ix[q] : q]);
		if (c)
			return c < 0;
		return p < q;
	}
	default:
		return p < q;
	}
	return a != b ? a < b : p < q;
}

static const struct sorter *sort_cur; /* qsort has no context argument */

static int sorter_qsort_cmp(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	return sorter_less(sort_cur, a, b) ? -1 : sorter_less(sort_cur, b, a);
}

/* A bounded max-heap of (key, position): the `want` smallest seen. */
struct hent {
	uint64_t key;  /* key, reversed for a descending sort */
	uint32_t pos;  /* kept position */
};

#define HENT_LESS(x, y) ((x).key != (y).key ? (x).key < (y).key : (x).pos < (y).pos)

/* Put e at hole j of h[0..n) and sift it down. */
static void hent_down(struct hent *h, size_t n, size_t j, struct hent e)
{
	for (;;) {
		size_t l = 2 * j + 1, big = SIZE_MAX;
		const struct hent *b = &e;
		if (l < n && HENT_LESS(*b, h[l]))
			b = &h[big = l];
		if (l + 1 < n && HENT_LESS(*b, h[l + 1]))
			big = l + 1;
		if (big == SIZE_MAX)
			break;
		h[j] = h[big];
		j = big;
	}
	h[j] = e;
}

/* Offer (key, pos); positions come in ascending order. */
static inline void hent_offer(struct hent *h, size_t *hn, size_t want, uint64_t key, size_t pos)
{
	struct hent e = {key, (uint32_t)pos};
	if (*hn < want) {
		size_t j = (*hn)++;
		while (j && HENT_LESS(h[(j - 1) / 2], e)) {
			h[j] = h[(j - 1) / 2];
			j = (j - 1) / 2;
		}
		h[j] = e;
	} else if (want && key < h[0].key) {
		/* an equal key sorts after the top: its position is larger */
		hent_down(h, *hn, 0, e);
	}
}

/* The heap's positions in ascending order into out. */
static void hent_drain(struct hent *h, size_t hn, uint32_t *out)
{
	for (size_t end = hn; end > 1; end--) {
		struct hent e = h[end - 1];
		h[end - 1] = h[0];
		hent_down(h, end - 1, 0, e);
	}
	for (size_t i = 0; i < hn; i++)
		out[i] = h[i].pos;
}

static void pos_down(const struct sorter *s, uint32_t *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, big = i;
		if (l < n && sorter_less(s, h[big], h[l]))
			big = l;
		if (l + 1 < n && sorter_less(s, h[big], h[l + 1]))
			big = l + 1;
		if (big == i)
			return;
		uint32_t t = h[i];
		h[i] = h[big];
		h[big] = t;
		i = big;
	}
}

/*
 * Positions 0 .. n-1 sorted by keys[p] ^ flip, ties in position order: a
 * stable LSD radix sort, 16 bits a pass, skipping the digits every key
 * shares. O(n) per pass, 24 bytes per key while it runs.
 */
static void radix_sort(const uint64_t *keys, uint64_t flip, size_t n, uint32_t *out)
{
	uint64_t *k = xmallocarray(n ? n : 1, sizeof(*k));
	uint64_t *k2 = xmallocarray(n ? n : 1, sizeof(*k2));
	uint32_t *p2 = xmallocarray(n ? n : 1, sizeof(*p2));
	uint32_t *count = xmallocarray(65536 + 1, sizeof(*count));
	uint64_t any = 0, all = ~UINT64_C(0);
	for (size_t i = 0; i < n; i++) {
		k[i] = keys[i] ^ flip;
		out[i] = (uint32_t)i;
		any |= k[i];
		all &= k[i];
	}
	uint32_t *p = out;
	for (unsigned shift = 0; shift < 64; shift += 16) {
		if (!(((any ^ all) >> shift) & 0xffff))
			continue; /* every key has this digit */
		memset(count, 0, (65536 + 1) * sizeof(*count));
		for (size_t i = 0; i < n; i++)
			count[((k[i] >> shift) & 0xffff) + 1]++;
		for (size_t d = 0; d < 65536; d++)
			count[d + 1] += count[d];
		for (size_t i = 0; i < n; i++) {
			uint32_t at = count[(k[i] >> shift) & 0xffff]++;
			k2[at] = k[i];
			p2[at] = p[i];
		}
		uint64_t *tk = k;
		k = k2;
		k2 = tk;
		uint32_t *tp = p;
		p = p2;
		p2 = tp;
	}
	if (p != out) {
		memcpy(out, p, n * sizeof(*out));
		p2 = p; /* the scratch array to free */
	}
	free(count);
	free(p2);
	free(k2);
	free(k);
}

/*
 * The first `want` kept positions in sort order into out: a bounded heap,
 * about n key reads (or compare() calls) when the list is in no
 * particular order, O(n log want) at worst; all of them sorted when want
 * reaches n (radix sorts on keys and ranks, else qsort).
 */
static void sorter_first(struct sorter *s, size_t want, uint32_t *out)
{
	size_t n = s->n;
	if (want >= n) {
		if (s->how == SORT_GROUPS) {
			size_t g = s->gr.g;
			uint32_t *at = xcalloc(g + 1, sizeof(*at));
			for (size_t p = 0; p < n; p++)
				at[groups_key(&s->gr, p) + 1]++;
			for (size_t r = 0; r < g; r++)
				at[r + 1] += at[r];
			for (size_t p = 0; p < n; p++)
				out[at[groups_key(&s->gr, p)]++] = (uint32_t)p;
			free(at);
			return;
		}
		assert(s->how != SORT_STREAM);
		if (s->how == SORT_KEYS) {
			radix_sort(s->keys, s->flip, n, out);
			return;
		}
		for (size_t p = 0; p < n; p++)
			out[p] = (uint32_t)p;
		if (s->how != SORT_NONE) {
			sort_cur = s;
			qsort(out, n, sizeof(*out), sorter_qsort_cmp);
		}
		return;
	}
	if (s->how == SORT_NONE || (s->how == SORT_GROUPS && !s->gr.of)) {
		/* no order, or one group: the source's order */
		for (size_t p = 0; p < want; p++)
			out[p] = (uint32_t)p;
		return;
	}
	if (s->how != SORT_COMPARE) {
		struct hent *h = xmallocarray(want ? want : 1, sizeof(*h));
		size_t hn = 0;
		if (s->how == SORT_STREAM) {
			kb_rewind(&s->kb);
			while (kb_next(&s->kb))
				for (size_t i = 0; i < s->kb.m; i++)
					hent_offer(h, &hn, want, s->kb.keys[i] ^ s->flip,
						   s->kb.at + i);
			/* a source must give every block the same key type */
			assert(s->kb.type == VIEW_KEY_ORDER);
		} else {
			for (size_t p = 0; p < n; p++)
				hent_offer(h, &hn, want,
					   s->how == SORT_KEYS ? s->keys[p] ^ s->flip
							       : groups_key(&s->gr, p),
					   p);
		}
		hent_drain(h, hn, out);
		free(h);
		return;
	}
	size_t hn = 0;
	for (size_t p = 0; p < n; p++) {
		if (hn < want) {
			size_t i = hn++;
			out[i] = (uint32_t)p;
			while (i && sorter_less(s, out[(i - 1) / 2], out[i])) {
				uint32_t t = out[i];
				out[i] = out[(i - 1) / 2];
				out[(i - 1) / 2] = t;
				i = (i - 1) / 2;
			}
		} else if (want && sorter_less(s, p, out[0])) {
			out[0] = (uint32_t)p;
			pos_down(s, out, hn, 0);
		}
	}
	for (size_t end = hn; end > 1; end--) {
		uint32_t t = out[0];
		out[0] = out[end - 1];
		out[end - 1] = t;
		pos_down(s, out, end - 1, 0);
	}
}

/* Make k->order hold at least the first `shown` kept children, sorted. */
static void kids_order(struct view *v, struct view_kids *k, size_t shown)
{
	if (k->order_valid && k->order_ver == k->kept_ver && k->order_col == v->sort_col &&
	    k->order_desc == v->sort_desc && (k->norder >= shown || k->norder == k->nkept))
		return;
	/* past an eighth of the list, sort it all once: paging on is then free */
	size_t want = shown >= k->nkept / 8 ? k->nkept : shown;
	free(k->order);
	k->order = xmallocarray(want ? want : 1, sizeof(*k->order));
	struct sorter s;
	sorter_init(&s, v, k, want >= k->nkept);
	sorter_first(&s, want, k->order);
	sorter_release(&s);
	for (size_t i = 0; i < want; i++)
		k->order[i] = kids_child(k, k->order[i]);
	k->norder = (uint32_t)want;
	k->order_valid = 1;
	k->order_ver = k->kept_ver;
	k->order_col = v->sort_col;
	k->order_desc = v->sort_desc;
}

/* Where the kept child tagged `tag` sorts (O(n)), or SIZE_MAX if it is not kept. */
static size_t kids_rank_of(struct view *v, struct view_kids *k, uint64_t ptag, uint64_t tag)
{
	size_t at = SIZE_MAX;
	for (size_t p = 0; p < k->nkept && at == SIZE_MAX; p++) {
		struct view_item it;
		kids_item(v, k, kids_child(k, p), &it);
		if (view_child_tag(ptag, &it) == tag)
			at = p;
	}
	if (at == SIZE_MAX)
		return SIZE_MAX;
	struct sorter s;
	sorter_init(&s, v, k, 1);
	size_t rank = 0;
	for (size_t p = 0; p < s.n; p++)
		rank += sorter_less(&s, p, at);
	sorter_release(&s);
	return rank;
}

/* ---- flattening ---------------------------------------------------------- */

struct frame {
	uint32_t kids;           /* index in v->kids */
	size_t pos;              /* next kept child to emit */
	size_t shown;            /* kept children shown (page limit) */
	uint32_t parent;         /* parent row, NO_ROW at the top */
	uint64_t parent_tag;     /* parent row tag, 0 at the top */
	uint16_t depth;          /* depth of the children */
};

/* Set a frame up: its list (kept or fetched), filtered, paged, sorted as far as shown. */
static void frame_open(struct view *v, struct frame *f, const struct view_item *parent,
		       struct strbuf *sb)
{
	uint64_t key = f->parent_tag ? f->parent_tag : TOP_TAG;
	f->kids = kids_get(v, key, parent);
	struct view_kids *k = &v->kids[f->kids];
	kids_filter(v, k, f->depth, f->parent_tag, sb);
	if (k->no_matches && f->depth == 0)
		v->no_matches = 1; /* tmux: nothing matched, show everything */
	uint32_t limit = VIEW_PAGE;
	tm_get(&v->pages, key, &limit);
	f->shown = MIN((size_t)k->nkept, (size_t)limit);
	f->pos = 0;
	if (v->reveal && f->shown < k->nkept) {
		/* page in the row to reveal */
		size_t rank = kids_rank_of(v, k, f->parent_tag, v->reveal);
		if (rank != SIZE_MAX && rank >= f->shown) {
			size_t want = (rank / VIEW_PAGE + 1) * VIEW_PAGE;
			limit = want > UINT32_MAX ? UINT32_MAX : (uint32_t)want;
			tm_put(&v->pages, key, limit);
			f->shown = MIN((size_t)k->nkept, (size_t)limit);
		}
	}
	kids_order(v, k, f->shown);
}

static struct view_row *push_row(struct view *v)
{
	if (v->nrows == v->alloc) {
		v->alloc = v->alloc ? v->alloc * 2 : 256;
		v->rows = xreallocarray(v->rows, v->alloc, sizeof(*v->rows));
	}
	struct view_row *r = &v->rows[v->nrows++];
	memset(r, 0, sizeof(*r));
	return r;
}

static int on_ancestor_path(const struct view *v, uint32_t parent, uint32_t node)
{
	if (node == NO_NODE)
		return 0;
	if (node == v->root_node)
		return 1;
	for (uint32_t p = parent; p != NO_ROW; p = v->rows[p].parent)
		if (v->rows[p].item.node == node)
			return 1;
	return 0;
}

void view_rebuild(struct view *v)
{
	if (!v->dirty)
		return;
	v->dirty = 0;
	v->nrows = 0;
	v->no_matches = 0;
	struct strbuf sb = STRBUF_INIT;
	struct frame *stack = NULL;
	size_t nstack = 0, astack = 0;

#define PUSH_FRAME(par, ptag, dep, item)                                               \
	do {                                                                           \
		if (nstack == astack) {                                                \
			astack = astack ? astack * 2 : 16;                             \
			stack = xreallocarray(stack, astack, sizeof(*stack));          \
		}                                                                      \
		struct frame *nf = &stack[nstack++];                                   \
		nf->parent = (par);                                                    \
		nf->parent_tag = (ptag);                                               \
		nf->depth = (uint16_t)(dep);                                           \
		frame_open(v, nf, (item), &sb);                                        \
	} while (0)

	PUSH_FRAME(NO_ROW, 0, 0, NULL);
	while (nstack) {
		struct frame *f = &stack[nstack - 1];
		const struct view_kids *k = &v->kids[f->kids];
		if (f->pos >= f->shown) {
			if (k->nkept > f->shown) {
				struct view_row *r = push_row(v);
				r->flags = VIEW_ROW_MORE | (k->hidden ? 0 : VIEW_ROW_LAST);
				r->count = (uint32_t)(k->nkept - f->shown);
				r->item.node = NO_NODE;
				r->item.leaf = 1;
				r->parent = f->parent;
				r->depth = f->depth;
				r->tag = mix64(f->parent_tag ^ 0x6d6f7265ull) | 1;
			}
			if (k->hidden) {
				struct view_row *r = push_row(v);
				r->flags = VIEW_ROW_NOTE | VIEW_ROW_LAST;
				r->count = k->hidden;
				r->item.node = NO_NODE;
				r->item.leaf = 1;
				r->parent = f->parent;
				r->depth = f->depth;
				r->tag = mix64(f->parent_tag ^ 0x6e6f7465ull) | 1;
			}
			nstack--;
			continue;
		}
		struct view_item it;
		kids_item(v, k, k->order[f->pos++], &it);
		uint32_t parent = f->parent;
		uint16_t depth = f->depth;
		uint64_t tag = view_child_tag(f->parent_tag, &it);
		int last = f->pos == k->nkept && !k->hidden;
		struct view_row *r = push_row(v);
		uint32_t row = (uint32_t)(v->nrows - 1);
		r->item = it;
		r->tag = tag;
		r->parent = parent;
		r->depth = depth;
		if (last)
			r->flags |= VIEW_ROW_LAST;
		if (on_ancestor_path(v, parent, it.node))
			r->flags |= VIEW_ROW_CYCLE;
		if (!it.leaf && !(r->flags & VIEW_ROW_CYCLE) && view_is_expanded(v, tag) &&
		    depth < UINT16_MAX - 1) {
			r->flags |= VIEW_ROW_EXPANDED;
			/* `r`, `f` and `k` may move when the arrays grow: copy the item */
			PUSH_FRAME(row, tag, depth + 1, &it);
		}
	}
#undef PUSH_FRAME
	free(stack);
	strbuf_release(&sb);
	kids_sweep(v);

	/* keep the selection on the same row if it is still there */
	if (v->reveal) {
		v->sel_tag = v->reveal;
		v->reveal = 0;
	}
	size_t sel = v->sel;
	for (size_t i = 0; i < v->nrows; i++) {
		if (v->rows[i].tag == v->sel_tag) {
			sel = i;
			break;
		}
	}
	if (sel >= v->nrows)
		sel = v->nrows ? v->nrows - 1 : 0;
	v->sel = sel;
	v->sel_tag = v->nrows ? v->rows[sel].tag : 0;
}

const struct view_row *view_selected(struct view *v)
{
	view_rebuild(v);
	return v->nrows ? &v->rows[v->sel] : NULL;
}

int view_move_to(struct view *v, size_t row)
{
	view_rebuild(v);
	if (!v->nrows)
		return 0;
	if (row >= v->nrows)
		row = v->nrows - 1;
	if (row == v->sel)
		return 0;
	v->sel = row;
	v->sel_tag = v->rows[row].tag;
	return 1;
}

int view_move(struct view *v, long delta)
{
	view_rebuild(v);
	if (!v->nrows)
		return 0;
	long to = (long)v->sel + delta;
	if (to < 0)
		to = 0;
	return view_move_to(v, (size_t)to);
}

void view_expand_tag(struct view *v, uint64_t tag)
{
	if (!view_is_expanded(v, tag)) {
		tm_put(&v->expanded, tag, 1);
		v->expand_gen++;
		v->dirty = 1;
	}
}

int view_expand(struct view *v)
{
	const struct view_row *r = view_selected(v);
	if (!r)
		return 0;
	if (r->flags & VIEW_ROW_MORE) {
		uint64_t ptag = r->parent == NO_ROW ? TOP_TAG : v->rows[r->parent].tag;
		uint32_t limit = VIEW_PAGE;
		tm_get(&v->pages, ptag, &limit);
		limit = limit > UINT32_MAX - VIEW_PAGE ? UINT32_MAX : limit + VIEW_PAGE;
		tm_put(&v->pages, ptag, limit);
		v->dirty = 1;
		return 1;
	}
	if (r->item.leaf || (r->flags & (VIEW_ROW_CYCLE | VIEW_ROW_NOTE)))
		return 0;
	if (r->flags & VIEW_ROW_EXPANDED) {
		/* Enter on an open row moves to its first child, like DevTools' → */
		if (v->sel + 1 < v->nrows && v->rows[v->sel + 1].parent == v->sel)
			return view_move_to(v, v->sel + 1);
		return 0;
	}
	view_expand_tag(v, r->tag);
	return 1;
}

int view_collapse(struct view *v)
{
	const struct view_row *r = view_selected(v);
	if (!r)
		return 0;
	if (r->flags & VIEW_ROW_EXPANDED) {
		tm_del(&v->expanded, r->tag);
		v->expand_gen++;
		v->dirty = 1;
		return 1;
	}
	if (r->parent != NO_ROW)
		return view_move_to(v, r->parent);
	return 0;
}

int view_expand_all(struct view *v)
{
	const struct view_row *r = view_selected(v);
	if (!r || r->item.leaf || (r->flags & (VIEW_ROW_CYCLE | VIEW_ROW_MORE | VIEW_ROW_NOTE)))
		return 0;
	size_t start = v->sel;
	view_expand_tag(v, r->tag);
	view_rebuild(v);
	/* one level below the row, breadth-first, at most VIEW_EXPAND_ALL rows */
	size_t done = 0;
	uint16_t depth = v->rows[start].depth;
	for (size_t i = start + 1; i < v->nrows && v->rows[i].depth > depth; i++) {
		const struct view_row *c = &v->rows[i];
		if (c->depth != depth + 1 || c->item.leaf ||
		    (c->flags & (VIEW_ROW_CYCLE | VIEW_ROW_MORE | VIEW_ROW_NOTE)))
			continue;
		if (++done > VIEW_EXPAND_ALL)
			break;
		tm_put(&v->expanded, c->tag, 1);
	}
	v->expand_gen++;
	v->dirty = 1;
	return 1;
}

void view_sort_set(struct view *v, size_t col, int desc)
{
	if (col >= v->src->ncols)
		col = 0;
	v->sort_col = col;
	v->sort_desc = desc;
	v->dirty = 1;
}

void view_sort_next(struct view *v)
{
	size_t col = (v->sort_col + 1) % v->src->ncols;
	view_sort_set(v, col, v->src->cols[col].desc);
}

void view_sort_reverse(struct view *v)
{
	view_sort_set(v, v->sort_col, !v->sort_desc);
}

void view_set_filter(struct view *v, const struct filter *f)
{
	v->filter = f;
	v->filter_gen++;
	v->dirty = 1;
}

int view_find(struct view *v, const struct filter *f, int dir)
{
	view_rebuild(v);
	if (!f || !v->nrows)
		return 0;
	struct strbuf sb = STRBUF_INIT;
	int found = 0;
	for (size_t k = 1; k <= v->nrows; k++) {
		size_t i = (v->sel + (dir > 0 ? k : v->nrows - k)) % v->nrows;
		const struct view_row *r = &v->rows[i];
		if (r->flags & (VIEW_ROW_MORE | VIEW_ROW_NOTE))
			continue;
		if (item_matches(v, &r->item, f, &sb)) {
			view_move_to(v, i);
			found = 1;
			break;
		}
	}
	strbuf_release(&sb);
	return found;
}

void view_reveal(struct view *v, uint64_t tag)
{
	v->reveal = tag;
	v->dirty = 1;
}

int view_select_tag(struct view *v, uint64_t tag)
{
	view_rebuild(v);
	for (size_t i = 0; i < v->nrows; i++) {
		if (v->rows[i].tag == tag) {
			view_move_to(v, i);
			return 1;
		}
	}
	return 0;
}

/* ---- drawing ------------------------------------------------------------ */

/* Column widths for a pane w columns wide; columns that do not fit get 0. */
static void layout(const struct view *v, int w, int *cw)
{
	size_t n = v->src->ncols;
	int rest = w;
	for (size_t i = 1; i < n; i++)
		rest -= v->src->cols[i].width + 1;
	cw[0] = rest;
	for (size_t i = 1; i < n; i++)
		cw[i] = v->src->cols[i].width;
	/* drop columns from the right until the tree column has room */
	for (size_t i = n; i-- > 1 && cw[0] < 20;) {
		cw[0] += cw[i] + 1;
		cw[i] = 0;
	}
}

static void draw_cell(int y, int x, int w, const struct view_cell *c, attr_t sel_attr, int selected,
		      int right)
{
	if (w <= 0 || !c->text.len)
		return;
	int tw = (int)draw_width(c->text.buf, c->text.len);
	if (right && tw < w)
		x += w - tw;
	size_t start = 0;
	int used = 0;
	for (size_t i = 0; i < c->nspans && used < w; i++) {
		size_t end = c->span[i].end;
		attr_t a = selected ? sel_attr : theme_attr((enum theme_role)c->span[i].role);
		used += draw_text(y, x + used, w - used, a, c->text.buf + start, end - start);
		start = end;
	}
}

void view_draw(struct view *v, int y, int x, int h, int w, int focused)
{
	view_rebuild(v);
	int cw[16];
	size_t ncols = MIN(v->src->ncols, ARRAY_SIZE(cw));
	layout(v, w, cw);

	/* titles */
	draw_fill(y, x, w, theme_attr(THEME_COLUMN_HEADER));
	int cx = x;
	for (size_t i = 0; i < ncols; i++) {
		if (!cw[i])
			continue;
		int sorted = i == v->sort_col;
		attr_t a = theme_attr(sorted ? THEME_SORT_COLUMN : THEME_COLUMN_HEADER);
		char title[128];
		snprintf(title, sizeof(title), "%s%s%s", v->src->cols[i].title, sorted ? " " : "",
			 sorted ? draw_glyph(v->sort_desc ? GLYPH_SORT_DOWN : GLYPH_SORT_UP) : "");
		int tw = (int)draw_width(title, strlen(title));
		int tx = i == 0 || tw >= cw[i] ? cx : cx + cw[i] - tw;
		draw_text(y, tx, cw[i], a, title, strlen(title));
		cx += cw[i] + 1;
	}
	y++;
	v->height = h;
	if (h <= 0)
		return;
	if (v->sel < v->top)
		v->top = v->sel;
	if (v->sel >= v->top + (size_t)h)
		v->top = v->sel - (size_t)h + 1;
	if (v->nrows <= (size_t)h)
		v->top = 0;
	else if (v->top + (size_t)h > v->nrows)
		v->top = v->nrows - (size_t)h;

	struct view_cell cell;
	memset(&cell, 0, sizeof(cell));
	attr_t sel_attr = theme_attr(focused ? THEME_SELECTION : THEME_SELECTION_UNFOCUSED);
	for (int k = 0; k < h; k++) {
		size_t i = v->top + (size_t)k;
		if (i >= v->nrows) {
			draw_fill(y + k, x, w, theme_attr(THEME_NORMAL));
			continue;
		}
		const struct view_row *r = &v->rows[i];
		int selected = i == v->sel;
		attr_t base = selected ? sel_attr : theme_attr(THEME_NORMAL);
		draw_fill(y + k, x, w, base);
		int indent = MIN((int)r->depth * 2, cw[0] / 2);
		int gx = x + indent;
		const char *glyph = NULL;
		if (r->flags & VIEW_ROW_CYCLE)
			glyph = draw_glyph(GLYPH_CYCLE);
		else if (!r->item.leaf && !(r->flags & (VIEW_ROW_MORE | VIEW_ROW_NOTE)))
			glyph = draw_glyph((r->flags & VIEW_ROW_EXPANDED) ? GLYPH_EXPANDED
									  : GLYPH_COLLAPSED);
		if (glyph)
			draw_text(y + k, gx, 1, selected ? base : theme_attr(THEME_TREE), glyph,
				  strlen(glyph));
		int tx = gx + 2, tw = cw[0] - indent - 2;
		strbuf_reset(&cell.text);
		cell.nspans = 0;
		if (r->flags & VIEW_ROW_MORE) {
			view_cell_addf(&cell, THEME_NOTE, "%u more (Enter shows %u)", r->count,
				       MIN(r->count, (uint32_t)VIEW_PAGE));
			draw_cell(y + k, tx, tw, &cell, base, selected, 0);
			continue;
		}
		if (r->flags & VIEW_ROW_NOTE) {
			view_cell_addf(&cell, THEME_NOTE, "%u hidden by the filter", r->count);
			draw_cell(y + k, tx, tw, &cell, base, selected, 0);
			continue;
		}
		v->src->cell(v->ctx, &r->item, 0, &cell);
		if (r->flags & VIEW_ROW_CYCLE)
			view_cell_add(&cell, THEME_NOTE, " (cycle)", 8);
		draw_cell(y + k, tx, tw, &cell, base, selected, 0);
		cx = x + cw[0] + 1;
		for (size_t c = 1; c < ncols; c++) {
			if (!cw[c])
				continue;
			strbuf_reset(&cell.text);
			cell.nspans = 0;
			v->src->cell(v->ctx, &r->item, c, &cell);
			draw_cell(y + k, cx, cw[c], &cell, base, selected, 1);
			cx += cw[c] + 1;
		}
	}
	strbuf_release(&cell.text);
}
