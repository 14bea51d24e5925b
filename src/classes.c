/*
 * classes.c - DevTools' class names, interface inference and class keys
 * (HeapSnapshot.calculateObjectNames, inferInterfaceDefinitions,
 * applyInterfaceDefinitions, HeapSnapshotNode.classKeyInternal) and node
 * names as the grid shows them (JSHeapSnapshotNode.name and the front
 * end's createObjectCell).
 *
 * Strings are UTF-8 here and UTF-16 in DevTools: lengths and orderings that
 * decide a result are computed in UTF-16 units (classes_js_length,
 * classes_strcmp_js).
 */
#include "heaptui/classes.h"

#include <stdlib.h>
#include <string.h>

#include "heaptui/analyze.h"
#include "heaptui/util.h"

/* DevTools' limits (HeapSnapshot.ts constants). */
#define MIN_INTERFACE_PROPERTY_COUNT 1
#define MAX_INTERFACE_NAME_LENGTH 120
#define MIN_OBJECT_COUNT_PER_INTERFACE 2
#define MIN_OBJECT_PROPORTION_PER_INTERFACE 1000
#define PLAIN_OBJECT_NAME_LENGTH 100
#define CONS_STRING_NAME_LENGTH 1024

/* ---- small helpers -------------------------------------------------------- */

static uint64_t hash_bytes(const char *p, size_t len, uint64_t h)
{
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ull;
	}
	return h;
}

#define HASH_INIT 1469598103934665603ull

static uint64_t hash_u32(uint64_t h, uint32_t v)
{
	h ^= v;
	h *= 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 29);
}

/* Next code point of valid-ish UTF-8 (a bad byte stands for itself). */
static uint32_t utf8_next(const unsigned char *p, size_t len, size_t *i)
{
	unsigned char c = p[*i];
	uint32_t cp;
	size_t n;

	if (c < 0x80) {
		(*i)++;
		return c;
	}
	if (c >= 0xf0 && c < 0xf8) {
		cp = c & 0x07;
		n = 3;
	} else if (c >= 0xe0) {
		cp = c & 0x0f;
		n = 2;
	} else if (c >= 0xc0) {
		cp = c & 0x1f;
		n = 1;
	} else {
		(*i)++;
		return c;
	}
	if (*i + n >= len) {
		(*i)++;
		return c;
	}
	for (size_t k = 1; k <= n; k++) {
		if ((p[*i + k] & 0xc0) != 0x80) {
			(*i)++;
			return c;
		}
		cp = (cp << 6) | (p[*i + k] & 0x3f);
	}
	*i += n + 1;
	return cp;
}

/*
 * Sort key of a code point in UTF-16 order: BMP below the surrogates, then
 * supplementary characters (their high surrogate), then U+E000..U+FFFF.
 */
static uint32_t js_order_key(uint32_t cp)
{
	if (cp >= 0xe000 && cp <= 0xffff)
		return cp + 0x200000;
	return cp;
}

int classes_strcmp_js(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;
	/* identical prefixes compare the same in any encoding */
	while (i < alen && j < blen && a[i] == b[j]) {
		i++;
		j++;
	}
	/* back up to the start of the code point that differs */
	while (i > 0 && i < alen && j < blen && ((unsigned char)a[i] & 0xc0) == 0x80) {
		i--;
		j--;
	}
	while (i < alen && j < blen) {
		uint32_t x = js_order_key(utf8_next((const unsigned char *)a, alen, &i));
		uint32_t y = js_order_key(utf8_next((const unsigned char *)b, blen, &j));
		if (x != y)
			return x < y ? -1 : 1;
	}
	if (i < alen)
		return 1;
	if (j < blen)
		return -1;
	return 0;
}

size_t classes_js_length(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xc0) != 0x80)
			n += c >= 0xf0 ? 2 : 1;
	}
	return n;
}

static void msort_rec(uint32_t *a, uint32_t *tmp, size_t n,
		      int (*cmp)(const void *, uint32_t, uint32_t), const void *ctx)
{
	/* bottom-up merge sort: no recursion */
	for (size_t i = 0; i + 1 < n; i += 2)
		if (cmp(ctx, a[i + 1], a[i]) < 0) {
			uint32_t t = a[i];
			a[i] = a[i + 1];
			a[i + 1] = t;
		}
	for (size_t w = 2; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = MIN(lo + w, n), hi = MIN(lo + 2 * w, n);
			if (mid >= hi)
				continue;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				tmp[k++] = cmp(ctx, a[j], a[i]) < 0 ? a[j++] : a[i++];
			while (i < mid)
				tmp[k++] = a[i++];
			while (j < hi)
				tmp[k++] = a[j++];
			memcpy(a + lo, tmp + lo, (hi - lo) * sizeof(*a));
		}
	}
}

void classes_sort_u32(uint32_t *a, size_t n,
		      int (*cmp)(const void *ctx, uint32_t x, uint32_t y), const void *ctx)
{
	if (n < 2)
		return;
	uint32_t *tmp = xmallocarray(n, sizeof(*tmp));
	msort_rec(a, tmp, n, cmp, ctx);
	free(tmp);
}

void classes_format_property_name(const char *name, size_t len, struct strbuf *sb)
{
	int quote = 0;
	for (size_t i = 0; i < len && !quote; i++)
		quote = strchr(",'\"{}", name[i]) != NULL && name[i] != '\0';
	if (!quote) {
		strbuf_add(sb, name, len);
		return;
	}
	/* JSON.stringify({[name]: 0}) without the braces and ":0" */
	strbuf_addch(sb, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];
		switch (c) {
		case '"': strbuf_add(sb, "\\\"", 2); break;
		case '\\': strbuf_add(sb, "\\\\", 2); break;
		case '\b': strbuf_add(sb, "\\b", 2); break;
		case '\f': strbuf_add(sb, "\\f", 2); break;
		case '\n': strbuf_add(sb, "\\n", 2); break;
		case '\r': strbuf_add(sb, "\\r", 2); break;
		case '\t': strbuf_add(sb, "\\t", 2); break;
		default:
			if (c < 0x20)
				strbuf_addf(sb, "\\u%04x", c);
			else
				strbuf_addch(sb, c);
		}
	}
	strbuf_addch(sb, '"');
}

static int str_is(const struct snapshot *s, str_ix i, const char *lit)
{
	size_t len, n = strlen(lit);
	const char *p = snapshot_str(s, i, &len);
	return len == n && !memcmp(p, lit, n);
}

static int is_plain_object(const struct snapshot *s, node_ix n)
{
	return s->node_type[n] == NODE_OBJECT && str_is(s, s->node_name[n], "Object");
}

/* ---- interface definitions ---------------------------------------------- */

void iface_defs_init(struct iface_defs *d)
{
	memset(d, 0, sizeof(*d));
}

void iface_defs_release(struct iface_defs *d)
{
	free(d->text);
	free(d->off);
	free(d->first_prop);
	free(d->props);
	free(d->prop_off);
	iface_defs_init(d);
}

/* A string-keyed open-addressing map from content to a dense id. */
struct strmap {
	uint32_t *slots;  /* id + 1, 0 = empty */
	uint64_t *hashes; /* per id */
	size_t mask, count;
};

static void strmap_release(struct strmap *m)
{
	free(m->slots);
	free(m->hashes);
	memset(m, 0, sizeof(*m));
}

/*
 * Find `p` in the map; `get(ctx, id, &len)` returns the text of an id.
 * Returns the id, or UINT32_MAX (and *slot for inserting) when absent.
 */
typedef const char *(*strmap_get_fn)(const void *ctx, uint32_t id, size_t *len);

static void strmap_grow(struct strmap *m)
{
	size_t cap = m->slots ? (m->mask + 1) * 2 : 256;
	uint32_t *slots = xcalloc(cap, sizeof(*slots));
	for (size_t i = 0; m->slots && i <= m->mask; i++) {
		if (!m->slots[i])
			continue;
		size_t h = (size_t)m->hashes[m->slots[i] - 1] & (cap - 1);
		while (slots[h])
			h = (h + 1) & (cap - 1);
		slots[h] = m->slots[i];
	}
	free(m->slots);
	m->slots = slots;
	m->mask = cap - 1;
}

static uint32_t strmap_find_or_add(struct strmap *m, const char *p, size_t len, uint64_t h,
				   strmap_get_fn get, const void *ctx, int *added)
{
	if (!m->slots || (m->count + 1) * 2 > m->mask + 1)
		strmap_grow(m);
	size_t i = (size_t)h & m->mask;
	while (m->slots[i]) {
		uint32_t id = m->slots[i] - 1;
		if (m->hashes[id] == h) {
			size_t l2;
			const char *q = get(ctx, id, &l2);
			if (l2 == len && !memcmp(p, q, len)) {
				*added = 0;
				return id;
			}
		}
		i = (i + 1) & m->mask;
	}
	uint32_t id = (uint32_t)m->count++;
	m->hashes = xreallocarray(m->hashes, m->count, sizeof(*m->hashes));
	m->hashes[id] = h;
	m->slots[i] = id + 1;
	*added = 1;
	return id;
}

static uint32_t strmap_find(const struct strmap *m, const char *p, size_t len, uint64_t h,
			    strmap_get_fn get, const void *ctx)
{
	if (!m->slots)
		return UINT32_MAX;
	size_t i = (size_t)h & m->mask;
	while (m->slots[i]) {
		uint32_t id = m->slots[i] - 1;
		if (m->hashes[id] == h) {
			size_t l2;
			const char *q = get(ctx, id, &l2);
			if (l2 == len && !memcmp(p, q, len))
				return id;
		}
		i = (i + 1) & m->mask;
	}
	return UINT32_MAX;
}

/* Candidates of inferInterfaceDefinitions. */
struct candidates {
	struct strbuf names;   /* names, NUL-terminated */
	uint64_t *name_off;    /* [count] */
	uint32_t *count;       /* objects per candidate */
	uint32_t *first_prop;  /* [count] index into props */
	uint32_t *nprops;
	str_ix *props;         /* property names (string indices) of the first object */
	size_t nprops_total, props_alloc;
	size_t n, alloc;
	struct strmap map;
};

static const char *cand_get(const void *ctx, uint32_t id, size_t *len)
{
	const struct candidates *c = ctx;
	const char *p = c->names.buf + c->name_off[id];
	*len = strlen(p);
	return p;
}

static int cand_cmp(const void *ctx, uint32_t x, uint32_t y)
{
	const struct candidates *c = ctx;
	/* b.count - a.count: more objects first; the sort is stable */
	return c->count[x] > c->count[y] ? -1 : c->count[x] < c->count[y] ? 1 : 0;
}

void classes_infer_interfaces(const struct snapshot *s, struct iface_defs *out)
{
	struct candidates c;
	struct strbuf name = STRBUF_INIT, fmt = STRBUF_INIT;
	uint32_t *props = NULL;
	size_t props_alloc = 0;
	uint64_t total = 0;

	memset(&c, 0, sizeof(c));
	strbuf_init(&c.names);
	iface_defs_init(out);
	for (node_ix n = 0; n < s->node_count; n++) {
		if (!is_plain_object(s, n))
			continue;
		total++;
		size_t nprops = 0, name16 = 1;
		strbuf_reset(&name);
		strbuf_addch(&name, '{');
		for (edge_ix e = s->first_edge[n]; e < s->first_edge[n + 1]; e++) {
			if (s->edge_type[e] != EDGE_PROPERTY)
				continue;
			size_t len;
			const char *p = snapshot_str(s, s->edge_name[e], &len);
			if (len == 9 && !memcmp(p, "__proto__", 9))
				continue;
			strbuf_reset(&fmt);
			classes_format_property_name(p, len, &fmt);
			size_t f16 = classes_js_length(fmt.buf, fmt.len);
			if (name16 > MIN_INTERFACE_PROPERTY_COUNT &&
			    name16 + f16 > MAX_INTERFACE_NAME_LENGTH)
				break; /* the name is getting too long */
			if (name16 != 1) {
				strbuf_add(&name, ", ", 2);
				name16 += 2;
			}
			strbuf_add(&name, fmt.buf, fmt.len);
			name16 += f16;
			if (nprops == props_alloc) {
				props_alloc = props_alloc ? props_alloc * 2 : 64;
				props = xreallocarray(props, props_alloc, sizeof(*props));
			}
			props[nprops++] = s->edge_name[e];
		}
		if (nprops == 0)
			continue;
		strbuf_addch(&name, '}');
		int added;
		uint32_t id = strmap_find_or_add(&c.map, name.buf, name.len,
						 hash_bytes(name.buf, name.len, HASH_INIT),
						 cand_get, &c, &added);
		if (!added) {
			c.count[id]++;
			continue;
		}
		if (c.n == c.alloc) {
			c.alloc = c.alloc ? c.alloc * 2 : 64;
			c.name_off = xreallocarray(c.name_off, c.alloc, sizeof(*c.name_off));
			c.count = xreallocarray(c.count, c.alloc, sizeof(*c.count));
			c.first_prop = xreallocarray(c.first_prop, c.alloc, sizeof(*c.first_prop));
			c.nprops = xreallocarray(c.nprops, c.alloc, sizeof(*c.nprops));
		}
		c.name_off[id] = c.names.len;
		strbuf_add(&c.names, name.buf, name.len + 1); /* with the NUL */
		c.count[id] = 1;
		c.first_prop[id] = (uint32_t)c.nprops_total;
		c.nprops[id] = (uint32_t)nprops;
		if (c.nprops_total + nprops > c.props_alloc) {
			c.props_alloc = (c.nprops_total + nprops) * 2;
			c.props = xreallocarray(c.props, c.props_alloc, sizeof(*c.props));
		}
		memcpy(c.props + c.nprops_total, props, nprops * sizeof(*props));
		c.nprops_total += nprops;
		c.n++;
	}

	uint32_t *order = xmallocarray(c.n ? c.n : 1, sizeof(*order));
	for (uint32_t i = 0; i < c.n; i++)
		order[i] = i;
	classes_sort_u32(order, c.n, cand_cmp, &c);
	double min_count = (double)total / MIN_OBJECT_PROPORTION_PER_INTERFACE;
	if (min_count < MIN_OBJECT_COUNT_PER_INTERFACE)
		min_count = MIN_OBJECT_COUNT_PER_INTERFACE;
	uint32_t keep = 0;
	while (keep < c.n && (double)c.count[order[keep]] >= min_count)
		keep++;

	struct strbuf text = STRBUF_INIT, ptext = STRBUF_INIT;
	out->count = keep;
	out->off = xmallocarray(keep ? keep : 1, sizeof(*out->off));
	out->first_prop = xmallocarray((size_t)keep + 1, sizeof(*out->first_prop));
	uint64_t np = 0;
	for (uint32_t k = 0; k < keep; k++)
		np += c.nprops[order[k]];
	out->prop_off = xmallocarray(np ? np : 1, sizeof(*out->prop_off));
	np = 0;
	for (uint32_t k = 0; k < keep; k++) {
		uint32_t id = order[k];
		const char *nm = c.names.buf + c.name_off[id];
		out->off[k] = text.len;
		strbuf_add(&text, nm, strlen(nm) + 1);
		out->first_prop[k] = np;
		for (uint32_t j = 0; j < c.nprops[id]; j++) {
			size_t len;
			const char *p = snapshot_str(s, c.props[c.first_prop[id] + j], &len);
			out->prop_off[np++] = ptext.len;
			strbuf_add(&ptext, p, len + 1);
		}
	}
	out->first_prop[keep] = np;
	if (!text.buf)
		strbuf_add(&text, "", 0);
	if (!ptext.buf)
		strbuf_add(&ptext, "", 0);
	out->text = text.buf;
	out->text_len = text.len;
	out->props = ptext.buf;
	out->props_len = ptext.len;

	free(order);
	free(props);
	strbuf_release(&name);
	strbuf_release(&fmt);
	strbuf_release(&c.names);
	free(c.name_off);
	free(c.count);
	free(c.first_prop);
	free(c.nprops);
	free(c.props);
	strmap_release(&c.map);
}

/* ---- the property tree of applyInterfaceDefinitions ---------------------- */

struct ptree {
	const struct iface_defs *defs;
	/* property names of the definitions, interned */
	struct strmap props;
	uint64_t *prop_src;     /* [nprops] offset into defs->props */
	/* trie nodes; node 0 is the root */
	uint32_t nnodes, alloc;
	int64_t *match_def;     /* definition index, -1 = none */
	uint32_t *match_count;  /* its property count */
	uint32_t *greatest;     /* prop id of the greatest transition, UINT32_MAX = none */
	/* transitions (node, prop) -> node */
	uint32_t *tr_slots;     /* transition index + 1 */
	uint32_t *tr_from, *tr_prop, *tr_to;
	size_t tr_mask, tr_count;
};

static const char *ptree_prop_get(const void *ctx, uint32_t id, size_t *len)
{
	const struct ptree *t = ctx;
	const char *p = t->defs->props + t->prop_src[id];
	*len = strlen(p);
	return p;
}

static const char *ptree_prop_text(const struct ptree *t, uint32_t id, size_t *len)
{
	return ptree_prop_get(t, id, len);
}

static uint32_t ptree_next(const struct ptree *t, uint32_t from, uint32_t prop)
{
	if (!t->tr_slots)
		return UINT32_MAX;
	size_t i = (size_t)hash_u32(hash_u32(HASH_INIT, from), prop) & t->tr_mask;
	while (t->tr_slots[i]) {
		uint32_t k = t->tr_slots[i] - 1;
		if (t->tr_from[k] == from && t->tr_prop[k] == prop)
			return t->tr_to[k];
		i = (i + 1) & t->tr_mask;
	}
	return UINT32_MAX;
}

static void ptree_add_transition(struct ptree *t, uint32_t from, uint32_t prop, uint32_t to)
{
	if (!t->tr_slots || (t->tr_count + 1) * 2 > t->tr_mask + 1) {
		size_t cap = t->tr_slots ? (t->tr_mask + 1) * 2 : 256;
		uint32_t *slots = xcalloc(cap, sizeof(*slots));
		for (size_t k = 0; k < t->tr_count; k++) {
			size_t i = (size_t)hash_u32(hash_u32(HASH_INIT, t->tr_from[k]),
						    t->tr_prop[k]) & (cap - 1);
			while (slots[i])
				i = (i + 1) & (cap - 1);
			slots[i] = (uint32_t)k + 1;
		}
		free(t->tr_slots);
		t->tr_slots = slots;
		t->tr_mask = cap - 1;
		t->tr_from = xreallocarray(t->tr_from, cap, sizeof(uint32_t));
		t->tr_prop = xreallocarray(t->tr_prop, cap, sizeof(uint32_t));
		t->tr_to = xreallocarray(t->tr_to, cap, sizeof(uint32_t));
	}
	size_t k = t->tr_count++;
	t->tr_from[k] = from;
	t->tr_prop[k] = prop;
	t->tr_to[k] = to;
	size_t i = (size_t)hash_u32(hash_u32(HASH_INIT, from), prop) & t->tr_mask;
	while (t->tr_slots[i])
		i = (i + 1) & t->tr_mask;
	t->tr_slots[i] = (uint32_t)k + 1;
}

static uint32_t ptree_new_node(struct ptree *t)
{
	if (t->nnodes == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 64;
		t->match_def = xreallocarray(t->match_def, t->alloc, sizeof(*t->match_def));
		t->match_count = xreallocarray(t->match_count, t->alloc, sizeof(*t->match_count));
		t->greatest = xreallocarray(t->greatest, t->alloc, sizeof(*t->greatest));
	}
	t->match_def[t->nnodes] = -1;
	t->match_count[t->nnodes] = 0;
	t->greatest[t->nnodes] = UINT32_MAX;
	return t->nnodes++;
}

static int ptree_prop_cmp(const void *ctx, uint32_t x, uint32_t y)
{
	size_t lx, ly;
	const char *a = ptree_prop_text(ctx, x, &lx);
	const char *b = ptree_prop_text(ctx, y, &ly);
	return classes_strcmp_js(a, lx, b, ly);
}

static void ptree_build(struct ptree *t, const struct iface_defs *defs)
{
	uint32_t *ids = NULL;
	size_t ids_alloc = 0;

	memset(t, 0, sizeof(*t));
	t->defs = defs;
	ptree_new_node(t);
	for (uint32_t d = 0; d < defs->count; d++) {
		uint64_t a = defs->first_prop[d], b = defs->first_prop[d + 1];
		size_t np = (size_t)(b - a);
		if (np > ids_alloc) {
			ids_alloc = np * 2;
			ids = xreallocarray(ids, ids_alloc, sizeof(*ids));
		}
		for (size_t k = 0; k < np; k++) {
			const char *p = defs->props + defs->prop_off[a + k];
			size_t len = strlen(p);
			int added;
			uint32_t id = strmap_find_or_add(&t->props, p, len,
							 hash_bytes(p, len, HASH_INIT),
							 ptree_prop_get, t, &added);
			if (added) {
				t->prop_src = xreallocarray(t->prop_src, t->props.count,
							    sizeof(*t->prop_src));
				t->prop_src[id] = defs->prop_off[a + k];
			}
			ids[k] = id;
		}
		classes_sort_u32(ids, np, ptree_prop_cmp, t);
		uint32_t cur = 0;
		for (size_t k = 0; k < np; k++) {
			uint32_t next = ptree_next(t, cur, ids[k]);
			if (next == UINT32_MAX) {
				next = ptree_new_node(t);
				ptree_add_transition(t, cur, ids[k], next);
				if (t->greatest[cur] == UINT32_MAX ||
				    ptree_prop_cmp(t, t->greatest[cur], ids[k]) < 0)
					t->greatest[cur] = ids[k];
			}
			cur = next;
		}
		/* earlier definitions win */
		if (t->match_def[cur] < 0) {
			t->match_def[cur] = d;
			t->match_count[cur] = (uint32_t)np;
		}
	}
	free(ids);
}

static void ptree_release(struct ptree *t)
{
	strmap_release(&t->props);
	free(t->prop_src);
	free(t->match_def);
	free(t->match_count);
	free(t->greatest);
	free(t->tr_slots);
	free(t->tr_from);
	free(t->tr_prop);
	free(t->tr_to);
}

/* ---- class table building -------------------------------------------------- */

/* Where a class-name string comes from: DevTools keys by string index, and
 * strings it adds itself are distinct from the file's. */
enum origin {
	ORIGIN_FILE,      /* the node's own name string (key: string index) */
	ORIGIN_ADDED,     /* calculateObjectNames' getIndexForString (key: text) */
	ORIGIN_DETACHED,  /* propagateDOMState's "Detached X" (key: X's string index) */
	ORIGIN_IFACE,     /* an interface name (key: text) */
	ORIGIN_LOCATED,   /* "SCRIPT,LINE,COLUMN,NAME" (key: location and text) */
};

struct ctab {
	const struct snapshot *s;
	struct strbuf names;
	uint64_t *name_off;
	uint32_t *name_len;
	uint8_t *origin;
	uint32_t *sidx;      /* string index for ORIGIN_FILE / ORIGIN_DETACHED */
	uint32_t *loc;       /* location index for ORIGIN_LOCATED, else UINT32_MAX */
	uint64_t *hash;
	uint32_t count, alloc;
	uint32_t *slots;
	size_t mask;
};

static uint64_t ctab_hash(const struct snapshot *s, int origin, uint32_t sidx, uint32_t loc,
			  const char *name, size_t len)
{
	uint64_t h = hash_u32(HASH_INIT, (uint32_t)origin);
	if (origin == ORIGIN_FILE || origin == ORIGIN_DETACHED)
		return hash_u32(h, sidx);
	if (origin == ORIGIN_LOCATED) {
		h = hash_u32(h, s->loc_script[loc]);
		h = hash_u32(h, s->loc_line[loc]);
		h = hash_u32(h, s->loc_column[loc]);
	}
	return hash_bytes(name, len, h);
}

static int ctab_equal(const struct ctab *t, uint32_t c, int origin, uint32_t sidx, uint32_t loc,
		      const char *name, size_t len)
{
	const struct snapshot *s = t->s;
	if (t->origin[c] != origin)
		return 0;
	if (origin == ORIGIN_FILE || origin == ORIGIN_DETACHED)
		return t->sidx[c] == sidx;
	if (origin == ORIGIN_LOCATED) {
		uint32_t l = t->loc[c];
		if (s->loc_script[l] != s->loc_script[loc] || s->loc_line[l] != s->loc_line[loc] ||
		    s->loc_column[l] != s->loc_column[loc])
			return 0;
	}
	return t->name_len[c] == len && !memcmp(t->names.buf + t->name_off[c], name, len);
}

static void ctab_grow_slots(struct ctab *t)
{
	size_t cap = t->slots ? (t->mask + 1) * 2 : 1024;
	uint32_t *slots = xcalloc(cap, sizeof(*slots));
	for (uint32_t c = 0; c < t->count; c++) {
		size_t i = (size_t)t->hash[c] & (cap - 1);
		while (slots[i])
			i = (i + 1) & (cap - 1);
		slots[i] = c + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->mask = cap - 1;
}

static class_ix ctab_intern(struct ctab *t, int origin, uint32_t sidx, uint32_t loc,
			    const char *name, size_t len)
{
	if (!t->slots || ((size_t)t->count + 1) * 2 > t->mask + 1)
		ctab_grow_slots(t);
	uint64_t h = ctab_hash(t->s, origin, sidx, loc, name, len);
	size_t i = (size_t)h & t->mask;
	while (t->slots[i]) {
		uint32_t c = t->slots[i] - 1;
		if (t->hash[c] == h && ctab_equal(t, c, origin, sidx, loc, name, len))
			return c;
		i = (i + 1) & t->mask;
	}
	if (t->count == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 256;
		t->name_off = xreallocarray(t->name_off, t->alloc, sizeof(*t->name_off));
		t->name_len = xreallocarray(t->name_len, t->alloc, sizeof(*t->name_len));
		t->origin = xreallocarray(t->origin, t->alloc, sizeof(*t->origin));
		t->sidx = xreallocarray(t->sidx, t->alloc, sizeof(*t->sidx));
		t->loc = xreallocarray(t->loc, t->alloc, sizeof(*t->loc));
		t->hash = xreallocarray(t->hash, t->alloc, sizeof(*t->hash));
	}
	uint32_t c = t->count++;
	t->name_off[c] = t->names.len;
	t->name_len[c] = (uint32_t)len;
	strbuf_add(&t->names, name, len);
	strbuf_addch(&t->names, '\0');
	t->origin[c] = (uint8_t)origin;
	t->sidx[c] = sidx;
	t->loc[c] = origin == ORIGIN_LOCATED ? loc : UINT32_MAX;
	t->hash[c] = h;
	t->slots[i] = c + 1;
	return c;
}

/* The class of a plain object under the definitions (applyInterfaceDefinitions). */
struct matcher {
	const struct snapshot *s;
	struct ptree tree;
	int32_t *str_prop;      /* per snapshot string: prop id, -1 none, -2 unknown */
	str_ix *props;          /* the object's property names */
	size_t props_alloc;
	uint32_t *states, *next_states, *stamp;
	size_t states_alloc;
	uint32_t round;
};

static int snap_str_cmp(const void *ctx, uint32_t x, uint32_t y)
{
	const struct snapshot *s = ctx;
	size_t lx, ly;
	const char *a = snapshot_str(s, x, &lx);
	const char *b = snapshot_str(s, y, &ly);
	return classes_strcmp_js(a, lx, b, ly);
}

static int32_t matcher_prop_id(struct matcher *m, str_ix i)
{
	if (m->str_prop[i] == -2) {
		size_t len;
		const char *p = snapshot_str(m->s, i, &len);
		uint32_t id = strmap_find(&m->tree.props, p, len, hash_bytes(p, len, HASH_INIT),
					  ptree_prop_get, &m->tree);
		m->str_prop[i] = id == UINT32_MAX ? -1 : (int32_t)id;
	}
	return m->str_prop[i];
}

static void matcher_push(struct matcher *m, uint32_t **arr, size_t *len, uint32_t state)
{
	if (m->stamp[state] == m->round)
		return;
	m->stamp[state] = m->round;
	if (*len == m->states_alloc) {
		m->states_alloc *= 2;
		m->states = xreallocarray(m->states, m->states_alloc, sizeof(uint32_t));
		m->next_states = xreallocarray(m->next_states, m->states_alloc, sizeof(uint32_t));
		*arr = m->next_states;
	}
	(*arr)[(*len)++] = state;
}

/* Returns the matching definition, or -1 for "Object". */
static int64_t matcher_match(struct matcher *m, node_ix n)
{
	const struct snapshot *s = m->s;
	const struct ptree *t = &m->tree;
	size_t np = 0;

	for (edge_ix e = s->first_edge[n]; e < s->first_edge[n + 1]; e++) {
		if (s->edge_type[e] != EDGE_PROPERTY)
			continue;
		if (np == m->props_alloc) {
			m->props_alloc = m->props_alloc ? m->props_alloc * 2 : 64;
			m->props = xreallocarray(m->props, m->props_alloc, sizeof(*m->props));
		}
		m->props[np++] = s->edge_name[e];
	}
	classes_sort_u32(m->props, np, snap_str_cmp, s);

	/* best match: most properties, then the earliest definition */
	int64_t best = -1;
	uint32_t best_count = 0;
	if (t->match_def[0] >= 0) {
		best = t->match_def[0];
		best_count = t->match_count[0];
	}
	size_t nstates = 1;
	m->states[0] = 0;
	for (size_t k = 0; k < np; k++) {
		size_t plen;
		const char *p = snapshot_str(s, m->props[k], &plen);
		int32_t pid = matcher_prop_id(m, m->props[k]);
		size_t nnext = 0;
		uint32_t *next = m->next_states;
		m->round++;
		if (m->round == 0) {
			memset(m->stamp, 0, t->nnodes * sizeof(*m->stamp));
			m->round = 1;
		}
		for (size_t j = 0; j < nstates; j++) {
			uint32_t st = m->states[j];
			uint32_t g = t->greatest[st];
			int keep = 1;
			if (g == UINT32_MAX) {
				keep = 0;
			} else {
				size_t gl;
				const char *gp = ptree_prop_text(t, g, &gl);
				if (classes_strcmp_js(p, plen, gp, gl) >= 0)
					keep = 0; /* no further transition possible */
			}
			if (keep)
				matcher_push(m, &next, &nnext, st);
			if (pid < 0)
				continue;
			uint32_t to = ptree_next(t, st, (uint32_t)pid);
			if (to == UINT32_MAX)
				continue;
			matcher_push(m, &next, &nnext, to);
			int64_t d = t->match_def[to];
			if (d >= 0) {
				uint32_t cnt = t->match_count[to];
				/* selectBetterMatch: more properties, then earlier */
				if (best < 0 || cnt > best_count ||
				    (cnt == best_count && d < best)) {
					best = d;
					best_count = cnt;
				}
			}
		}
		/* swap */
		uint32_t *tmp = m->states;
		m->states = next;
		m->next_states = tmp;
		nstates = nnext;
		if (nstates == 0)
			break;
	}
	return best;
}

void classes_assign(const struct snapshot *s, const struct iface_defs *defs,
		    class_ix *node_class, struct class_table *table)
{
	struct ctab t;
	struct strbuf tmp = STRBUF_INIT;
	struct matcher m;
	class_ix fixed[NODE_TYPE_COUNT]; /* classes named after the node type */
	uint32_t *file_class = xmallocarray(s->string_count ? s->string_count : 1,
					    sizeof(*file_class));

	memset(&t, 0, sizeof(t));
	t.s = s;
	strbuf_init(&t.names);
	memset(&m, 0, sizeof(m));
	m.s = s;
	ptree_build(&m.tree, defs);
	m.str_prop = xmallocarray(s->string_count ? s->string_count : 1, sizeof(*m.str_prop));
	for (uint32_t i = 0; i < s->string_count; i++)
		m.str_prop[i] = -2;
	m.states_alloc = 64;
	m.states = xmallocarray(m.states_alloc, sizeof(uint32_t));
	m.next_states = xmallocarray(m.states_alloc, sizeof(uint32_t));
	m.stamp = xcalloc(m.tree.nnodes, sizeof(uint32_t));
	for (size_t i = 0; i < NODE_TYPE_COUNT; i++)
		fixed[i] = UINT32_MAX;
	memset(file_class, 0xff, (size_t)s->string_count * sizeof(*file_class));

	uint32_t next_loc = 0; /* locations are sorted by node: walked beside the nodes */
	for (node_ix n = 0; n < s->node_count; n++) {
		uint8_t type = s->node_type[n];
		uint32_t loc = UINT32_MAX;
		while (next_loc < s->location_count && s->loc_node[next_loc] <= n)
			if (s->loc_node[next_loc++] == n)
				loc = next_loc - 1;
		class_ix c;
		const char *fixed_name = NULL;

		switch (type) {
		case NODE_HIDDEN: fixed_name = "(system)"; break;
		case NODE_CODE: fixed_name = "(compiled code)"; break;
		case NODE_CLOSURE: fixed_name = "Function"; break;
		case NODE_REGEXP: fixed_name = "RegExp"; break;
		case NODE_OBJECT:
		case NODE_NATIVE: break;
		default: fixed_name = ""; break;
		}
		if (fixed_name) {
			if (fixed[type] == UINT32_MAX) {
				strbuf_reset(&tmp);
				if (*fixed_name)
					strbuf_addstr(&tmp, fixed_name);
				else
					strbuf_addf(&tmp, "(%s)", node_type_name(type));
				fixed[type] = ctab_intern(&t, ORIGIN_ADDED, 0, 0, tmp.buf, tmp.len);
			}
			node_class[n] = fixed[type];
			continue;
		}

		/* object or native */
		size_t len;
		int detached;
		str_ix sidx = s->node_name[n];
		const char *name = analyze_node_raw_name(s, n, &len, &detached);
		int origin = detached ? ORIGIN_DETACHED : ORIGIN_FILE;
		strbuf_reset(&tmp);
		if (detached)
			strbuf_add(&tmp, "Detached ", 9);
		strbuf_add(&tmp, name, len);
		if (tmp.buf[0] == '<' || (tmp.len >= 10 && !memcmp(tmp.buf, "Detached <", 10))) {
			/* '<div id="a">' is class '<div>' */
			size_t from = tmp.buf[0] == '<' ? 0 : 10;
			const char *sp = memchr(tmp.buf + from, ' ', tmp.len - from);
			if (sp) {
				tmp.len = (size_t)(sp - tmp.buf);
				strbuf_addch(&tmp, '>');
			}
			origin = ORIGIN_ADDED;
		} else if (type == NODE_OBJECT && !detached && len == 6 &&
			   !memcmp(name, "Object", 6)) {
			int64_t d = matcher_match(&m, n);
			if (d >= 0) {
				const char *dn = defs->text + defs->off[d];
				strbuf_reset(&tmp);
				strbuf_addstr(&tmp, dn);
				origin = ORIGIN_IFACE;
			}
		}
		if (type == NODE_OBJECT && loc != UINT32_MAX) {
			c = ctab_intern(&t, ORIGIN_LOCATED, 0, loc, tmp.buf, tmp.len);
		} else if (origin == ORIGIN_FILE) {
			if (file_class[sidx] == UINT32_MAX)
				file_class[sidx] = ctab_intern(&t, ORIGIN_FILE, sidx, 0, tmp.buf,
							       tmp.len);
			c = file_class[sidx];
		} else {
			c = ctab_intern(&t, origin, sidx, 0, tmp.buf, tmp.len);
		}
		node_class[n] = c;
	}

	memset(table, 0, sizeof(*table));
	table->count = t.count;
	if (!t.names.buf)
		strbuf_add(&t.names, "", 0);
	table->names = t.names.buf;
	table->names_len = t.names.len;
	table->name_off = t.name_off ? t.name_off : xcalloc(1, sizeof(uint64_t));
	table->location = t.loc ? t.loc : xcalloc(1, sizeof(uint32_t));

	free(t.name_len);
	free(t.origin);
	free(t.sidx);
	free(t.hash);
	free(t.slots);
	free(file_class);
	strbuf_release(&tmp);
	ptree_release(&m.tree);
	free(m.str_prop);
	free(m.props);
	free(m.states);
	free(m.next_states);
	free(m.stamp);
}

void class_table_release(struct class_table *t)
{
	free(t->names);
	free(t->name_off);
	free(t->location);
	memset(t, 0, sizeof(*t));
}

class_ix classes_find(const struct class_table *t, const char *name)
{
	for (class_ix c = 0; c < t->count; c++)
		if (!strcmp(t->names + t->name_off[c], name))
			return c;
	return UINT32_MAX;
}

int classes_same_public_key(const struct snapshot *s, const struct class_table *t,
			    class_ix a, class_ix b)
{
	if (a == b)
		return 1;
	uint32_t la = t->location[a], lb = t->location[b];
	if ((la == UINT32_MAX) != (lb == UINT32_MAX))
		return 0;
	if (la != UINT32_MAX &&
	    (s->loc_script[la] != s->loc_script[lb] || s->loc_line[la] != s->loc_line[lb] ||
	     s->loc_column[la] != s->loc_column[lb]))
		return 0;
	return !strcmp(t->names + t->name_off[a], t->names + t->name_off[b]);
}

/* ---- node names ------------------------------------------------------------- */

static void raw_name(const struct snapshot *s, node_ix n, struct strbuf *sb)
{
	size_t len;
	int detached;
	const char *p = analyze_node_raw_name(s, n, &len, &detached);
	if (detached)
		strbuf_add(sb, "Detached ", 9);
	strbuf_add(sb, p, len);
}

/* JSHeapSnapshotNode.consStringName: the leaves, depth first, up to ~1024 chars. */
static void cons_string_name(const struct snapshot *s, node_ix n, struct strbuf *sb)
{
	size_t start = sb->len, len16 = 0, alloc = 64, sp = 0;
	node_ix *stack = xmallocarray(alloc, sizeof(*stack));
	/* DevTools has no bound on malformed cycles; stop somewhere sane */
	size_t budget = (size_t)s->node_count * 2 + 64;

	stack[sp++] = n;
	while (sp && len16 < CONS_STRING_NAME_LENGTH && budget--) {
		node_ix u = stack[--sp];
		if (s->node_type[u] != NODE_CONS_STRING) {
			size_t before = sb->len;
			raw_name(s, u, sb);
			len16 += classes_js_length(sb->buf + before, sb->len - before);
			continue;
		}
		/* node index 0 means "not found" in DevTools' loop */
		node_ix first = 0, second = 0;
		for (edge_ix e = s->first_edge[u]; e < s->first_edge[u + 1] && (!first || !second);
		     e++) {
			if (s->edge_type[e] != EDGE_INTERNAL)
				continue;
			if (str_is(s, s->edge_name[e], "first"))
				first = s->edge_to[e];
			else if (str_is(s, s->edge_name[e], "second"))
				second = s->edge_to[e];
		}
		if (sp + 2 > alloc) {
			alloc *= 2;
			stack = xreallocarray(stack, alloc, sizeof(*stack));
		}
		stack[sp++] = second;
		stack[sp++] = first;
	}
	(void)start;
	free(stack);
}

/* JSHeapSnapshotNode.#plainObjectName: "{a, b, …, y, z}" within ~100 chars. */
static void plain_object_name(const struct snapshot *s, node_ix n, struct strbuf *sb)
{
	struct strbuf start = STRBUF_INIT, fmt = STRBUF_INIT;
	size_t start16 = 1, end16 = 1, nend = 0, end_alloc = 0;
	edge_ix *end_edges = NULL; /* prepended to the end part, in order */
	int64_t from_start = s->first_edge[n], from_end = (int64_t)s->first_edge[n + 1] - 1;
	int next_from_end = 0;

	strbuf_addch(&start, '{');
	while (from_start <= from_end) {
		edge_ix e = (edge_ix)(next_from_end ? from_end : from_start);
		size_t len;
		const char *p = NULL;
		int skip = s->edge_type[e] != EDGE_PROPERTY;
		if (!skip) {
			p = snapshot_str(s, s->edge_name[e], &len);
			skip = len == 9 && !memcmp(p, "__proto__", 9);
		}
		if (skip) {
			if (next_from_end)
				from_end--;
			else
				from_start++;
			continue;
		}
		strbuf_reset(&fmt);
		classes_format_property_name(p, len, &fmt);
		size_t f16 = classes_js_length(fmt.buf, fmt.len);
		if (start16 > 1 && start16 + end16 + f16 > PLAIN_OBJECT_NAME_LENGTH)
			break;
		if (next_from_end) {
			from_end--;
			if (end16 > 1)
				end16 += 2;
			end16 += f16;
			if (nend == end_alloc) {
				end_alloc = end_alloc ? end_alloc * 2 : 16;
				end_edges = xreallocarray(end_edges, end_alloc, sizeof(*end_edges));
			}
			end_edges[nend++] = e;
		} else {
			from_start++;
			if (start16 > 1) {
				strbuf_add(&start, ", ", 2);
				start16 += 2;
			}
			strbuf_add(&start, fmt.buf, fmt.len);
			start16 += f16;
		}
		next_from_end = !next_from_end;
	}
	if (from_start <= from_end)
		strbuf_addstr(&start, ", \xe2\x80\xa6"); /* ", …" */
	if (end16 > 1)
		strbuf_add(&start, ", ", 2);
	strbuf_add(sb, start.buf, start.len);
	for (size_t k = nend; k-- > 0;) {
		size_t len;
		const char *p = snapshot_str(s, s->edge_name[end_edges[k]], &len);
		classes_format_property_name(p, len, sb);
		if (k > 0)
			strbuf_add(sb, ", ", 2);
	}
	strbuf_addch(sb, '}');
	free(end_edges);
	strbuf_release(&start);
	strbuf_release(&fmt);
}

void classes_node_name(const struct snapshot *s, node_ix n, struct strbuf *sb)
{
	if (s->node_type[n] == NODE_CONS_STRING)
		cons_string_name(s, n, sb);
	else if (is_plain_object(s, n))
		plain_object_name(s, n, sb);
	else
		raw_name(s, n, sb);
	if (!sb->buf)
		strbuf_add(sb, "", 0);
}

void classes_node_display(const struct snapshot *s, node_ix n, char *buf, size_t size)
{
	struct strbuf sb = STRBUF_INIT, name = STRBUF_INIT;

	if (size == 0)
		return;
	classes_node_name(s, n, &name);
	switch (s->node_type[n]) {
	case NODE_CONS_STRING:
	case NODE_STRING:
		strbuf_addch(&sb, '"');
		strbuf_add(&sb, name.buf, name.len);
		strbuf_addch(&sb, '"');
		break;
	case NODE_REGEXP:
		strbuf_addch(&sb, '/');
		strbuf_add(&sb, name.buf, name.len);
		strbuf_addch(&sb, '/');
		break;
	case NODE_CLOSURE:
		strbuf_add(&sb, name.buf, name.len);
		strbuf_add(&sb, "()", 2);
		break;
	case NODE_ARRAY:
		if (name.len)
			strbuf_add(&sb, name.buf, name.len);
		else
			strbuf_addstr(&sb, "(internal array)");
		strbuf_add(&sb, "[]", 2);
		break;
	default:
		strbuf_add(&sb, name.buf, name.len);
	}
	size_t len = sb.len;
	if (len >= size) {
		len = size - 1;
		while (len > 0 && ((unsigned char)sb.buf[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(buf, sb.buf, len);
	buf[len] = '\0';
	strbuf_release(&sb);
	strbuf_release(&name);
}
