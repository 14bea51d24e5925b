/*
 * analyze.c - DevTools' initialisation of a loaded snapshot, in its order:
 * retainers, DOM detachedness, flags, shallow-size reassignment, dominators
 * and retained sizes (dominators.c), distances, class names (classes.c).
 *
 * Reference: HeapSnapshot.ts (HeapSnapshot.initialize and JSHeapSnapshot's
 * overrides). Each function names the DevTools method it mirrors; where the
 * result depends on a traversal order, the order is DevTools' own.
 */
#include "heaptui/analyze.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "heaptui/classes.h"
#include "heaptui/dominators.h"
#include "heaptui/summary.h"
#include "heaptui/util.h"

/* DevTools' DOMLinkState values, as the file's detachedness field holds them. */
enum { DOM_UNKNOWN = 0, DOM_ATTACHED = 1, DOM_DETACHED = 2 };

/* A growable stack of u32 (worklists whose size is not known in advance). */
struct u32vec {
	uint32_t *v;
	size_t len, alloc;
};

static void u32vec_push(struct u32vec *a, uint32_t x)
{
	if (a->len == a->alloc) {
		a->alloc = a->alloc ? a->alloc * 2 : 1024;
		a->v = xreallocarray(a->v, a->alloc, sizeof(*a->v));
	}
	a->v[a->len++] = x;
}

static int str_is(const struct snapshot *s, str_ix i, const char *lit)
{
	size_t len, n = strlen(lit);
	const char *p = snapshot_str(s, i, &len);
	return len == n && !memcmp(p, lit, n);
}

const char *analyze_distance_text(uint32_t distance, char *buf)
{
	if (distance >= DISTANCE_SYSTEM)
		return "-";
	snprintf(buf, 12, "%u", distance);
	return buf;
}

const char *analyze_node_raw_name(const struct snapshot *s, node_ix n, size_t *len,
				  int *detached_prefix)
{
	*detached_prefix = s->has_detachedness && s->node_detachedness &&
			   s->node_type[n] == NODE_NATIVE &&
			   s->node_detachedness[n] == DOM_DETACHED;
	return snapshot_str(s, s->node_name[n], len);
}

int analyze_raw_name_is(const struct snapshot *s, node_ix n, const char *lit)
{
	size_t len, want = strlen(lit);
	int detached;
	const char *p = analyze_node_raw_name(s, n, &len, &detached);
	if (detached)
		return want >= 9 && !memcmp(lit, "Detached ", 9) && len == want - 9 &&
		       !memcmp(p, lit + 9, len);
	return len == want && !memcmp(p, lit, len);
}

int analyze_is_user_root(const struct snapshot *s, node_ix n)
{
	if (s->node_type[n] != NODE_SYNTHETIC)
		return 1;
	return str_is(s, s->node_name[n], "(Document DOM trees)");
}

/* ---- retainers (HeapSnapshot.buildRetainers) ---------------------------- */

void analyze_count_retainers(struct snapshot *s)
{
	uint32_t n = s->node_count, m = s->edge_count;
	edge_ix *first = xcalloc((size_t)n + 1, sizeof(*first));

	/* first[i] = the end of i's slice; the fill decrements it to the start */
	for (edge_ix e = 0; e < m; e++) {
		if (e + 16 < m)
			__builtin_prefetch(&first[s->edge_to[e + 16]]);
		first[s->edge_to[e]]++;
	}
	uint32_t at = 0;
	for (uint32_t i = 0; i < n; i++) {
		at += first[i];
		first[i] = at;
	}
	first[n] = m;
	free(s->first_retainer);
	s->first_retainer = first;
}

void analyze_fill_retainers(struct snapshot *s, const uint8_t *edge_bits, const uint32_t *label)
{
	uint32_t n = s->node_count, m = s->edge_count;
	edge_ix *first = s->first_retainer;
	node_ix *rnode = xmallocarray(m ? m : 1, sizeof(*rnode));

	/* DevTools fills each slice from its end */
	for (node_ix u = 0; u < n; u++) {
		uint32_t source = label ? label[u] : u;
		for (edge_ix e = s->first_edge[u]; e < s->first_edge[u + 1]; e++) {
			/* the next targets' counters, a few edges ahead */
			if (e + 16 < m)
				__builtin_prefetch(&first[s->edge_to[e + 16]]);
			uint32_t slot = --first[s->edge_to[e]];
			rnode[slot] = source;
			if (edge_bits && ((edge_bits[e >> 3] >> (e & 7)) & 1))
				rnode[slot] |= ANALYZE_SLOT_FLAG;
		}
	}
	free(s->retaining_node);
	s->retaining_node = rnode;
}

void analyze_build_retainers(struct snapshot *s)
{
	analyze_count_retainers(s);
	analyze_fill_retainers(s, NULL, NULL);
}

/* ---- DOM state (initDetachednessAndClassIndex, propagateDOMState) ------- */

/* processNode: a native node takes newState once; others only get visited. */
static void dom_process(struct snapshot *s, uint8_t *visited, struct u32vec *attached,
			struct u32vec *detached, node_ix n, uint8_t state)
{
	if (visited[n])
		return;
	visited[n] = 1;
	if (s->node_type[n] != NODE_NATIVE)
		return;
	s->node_detachedness[n] = state;
	if (state == DOM_ATTACHED)
		u32vec_push(attached, n);
	else if (state == DOM_DETACHED)
		u32vec_push(detached, n);
}

static void dom_propagate_from(struct snapshot *s, uint8_t *visited, struct u32vec *attached,
			       struct u32vec *detached, node_ix u, uint8_t state)
{
	for (edge_ix e = s->first_edge[u]; e < s->first_edge[u + 1]; e++) {
		uint8_t t = s->edge_type[e];
		if (t == EDGE_HIDDEN || t == EDGE_INVISIBLE || t == EDGE_WEAK)
			continue;
		dom_process(s, visited, attached, detached, s->edge_to[e], state);
	}
}

static void analyze_dom_state(struct snapshot *s)
{
	uint32_t n = s->node_count;

	if (!s->node_detachedness)
		s->node_detachedness = xcalloc(n ? n : 1, 1);
	if (!s->has_detachedness) {
		/* Old snapshots: native objects named "Detached ..." are detached. */
		memset(s->node_detachedness, 0, n);
		for (node_ix i = 0; i < n; i++) {
			size_t len;
			const char *p = snapshot_str(s, s->node_name[i], &len);
			if (s->node_type[i] == NODE_NATIVE && len >= 9 &&
			    !memcmp(p, "Detached ", 9))
				s->node_detachedness[i] = DOM_DETACHED;
		}
		return;
	}

	uint8_t *visited = xcalloc(n ? n : 1, 1);
	struct u32vec attached = {0}, detached = {0};
	for (node_ix i = 0; i < n; i++) {
		uint8_t st = s->node_detachedness[i] & 3;
		if (st != DOM_UNKNOWN)
			dom_process(s, visited, &attached, &detached, i, st);
	}
	while (attached.len)
		dom_propagate_from(s, visited, &attached, &detached, attached.v[--attached.len],
				   DOM_ATTACHED);
	while (detached.len) {
		node_ix u = detached.v[--detached.len];
		if (s->node_detachedness[u] == DOM_ATTACHED)
			continue;
		dom_propagate_from(s, visited, &attached, &detached, u, DOM_DETACHED);
	}
	free(attached.v);
	free(detached.v);
	free(visited);
}

/* ---- flags (JSHeapSnapshot.calculateFlags) ------------------------------ */

/*
 * Mark with `bit` every node reachable from queue[0..len) (already marked)
 * along edges whose type is in `follow` (a bit per enum edge_type). The
 * marks are a reachability set, so any order gives DevTools' result: a
 * node is marked when queued and queued once, and the queue is walked in
 * order so that the loads of the nodes to come can be fetched ahead (the
 * queue needs room for every node).
 */
static void mark_reachable(const struct snapshot *s, uint8_t *flags, uint8_t bit, uint32_t follow,
			   node_ix *queue, uint32_t len)
{
	const edge_ix *first_edge = s->first_edge;
	for (uint32_t qi = 0; qi < len; qi++) {
		/* the nodes to come are known: fetch their edges, then their
		 * targets' marks, ahead (a miss per edge is the whole cost) */
		if (qi + 16 < len)
			__builtin_prefetch(&first_edge[queue[qi + 16]]);
		if (qi + 8 < len) {
			edge_ix e = first_edge[queue[qi + 8]];
			__builtin_prefetch(&s->edge_to[e]);
			__builtin_prefetch(&s->edge_type[e]);
		}
		if (qi + 4 < len) {
			node_ix v = queue[qi + 4];
			for (edge_ix e = first_edge[v], end = MIN(first_edge[v + 1], e + 8); e < end; e++)
				__builtin_prefetch(&flags[s->edge_to[e]]);
		}
		node_ix u = queue[qi];
		for (edge_ix e = first_edge[u]; e < first_edge[u + 1]; e++) {
			node_ix c = s->edge_to[e];
			if (!((follow >> s->edge_type[e]) & 1) || (flags[c] & bit))
				continue;
			flags[c] |= bit;
			queue[len++] = c;
		}
	}
}

#define EDGE_BIT(t) (1u << EDGE_##t)

static void analyze_flags(struct snapshot *s)
{
	uint32_t n = s->node_count;
	uint8_t *flags = xcalloc(n ? n : 1, 1);
	node_ix *queue = xmallocarray(n ? n : 1, sizeof(*queue));
	uint32_t len = 0;
	node_ix root = s->root;

	/* markDetachedDOMTreeNodes */
	for (node_ix i = 0; i < n; i++)
		if (s->node_type[i] == NODE_NATIVE && s->node_detachedness[i] == DOM_DETACHED)
			flags[i] |= NODE_FLAG_DETACHED_DOM;

	/* markPageOwnedNodes: seeds are the root's shortcut edges and its
	 * element edges to "(Document DOM trees)"; then all non-weak edges. */
	for (edge_ix e = s->first_edge[root]; e < s->first_edge[root + 1]; e++) {
		node_ix c = s->edge_to[e];
		uint8_t t = s->edge_type[e];
		if (t == EDGE_ELEMENT) {
			if (!(s->node_type[c] == NODE_SYNTHETIC &&
			      str_is(s, s->node_name[c], "(Document DOM trees)")))
				continue;
		} else if (t != EDGE_SHORTCUT) {
			continue;
		}
		if (flags[c] & NODE_FLAG_PAGE_OBJECT)
			continue;
		flags[c] |= NODE_FLAG_PAGE_OBJECT;
		queue[len++] = c;
	}
	mark_reachable(s, flags, NODE_FLAG_PAGE_OBJECT, ((1u << EDGE_TYPE_COUNT) - 1) & ~EDGE_BIT(WEAK),
		       queue, len);
	free(queue);
	free(s->node_flags);
	s->node_flags = flags;
}

/* ---- shallow sizes (JSHeapSnapshot.calculateShallowSizes) --------------- */

#define OWNER_UNVISITED 0xffffffffu
#define OWNER_MANY 0xfffffffeu

static int has_user_roots(const struct snapshot *s)
{
	for (edge_ix e = s->first_edge[s->root]; e < s->first_edge[s->root + 1]; e++)
		if (analyze_is_user_root(s, s->edge_to[e]))
			return 1;
	return 0;
}

static void analyze_shallow_sizes(struct snapshot *s)
{
	uint32_t n = s->node_count;
	uint32_t *self = s->node_self;

	/* No user roots: an "expose internals" snapshot, shown as it is. */
	if (!has_user_roots(s) || n >= OWNER_MANY)
		return;

	uint32_t *owners = xmallocarray(n, sizeof(*owners));
	/* a bit per node that can get an owner: the walk tests this small
	 * vector, not owners[] (a cache miss), for the targets that cannot */
	uint8_t *candidates = xcalloc((size_t)n / 8 + 1, 1);
	for (node_ix i = 0; i < n; i++) {
		uint8_t t = s->node_type[i];
		int candidate = t == NODE_HIDDEN || t == NODE_ARRAY ||
				(t == NODE_NATIVE &&
				 analyze_raw_name_is(s, i, "system / ExternalStringData"));
		owners[i] = candidate ? OWNER_UNVISITED : i;
		candidates[i >> 3] |= (uint8_t)(candidate << (i & 7));
	}
	/* DevTools pushes every owner on a worklist first; as it notes, the
	 * order of visits does not matter (a candidate only goes unvisited ->
	 * one owner -> many, and is walked again on each change), so each
	 * owner is walked in ordinal order with a stack for the candidates it
	 * reaches, which keeps the stack small. */
	struct u32vec work = {0};
	for (node_ix r = 0; r < n; r++) {
		if (owners[r] != r)
			continue;
		u32vec_push(&work, r);
		while (work.len) {
			node_ix id = work.v[--work.len];
			uint32_t owner = owners[id];
			for (edge_ix e = s->first_edge[id]; e < s->first_edge[id + 1]; e++) {
				node_ix t = s->edge_to[e];
				if (!((candidates[t >> 3] >> (t & 7)) & 1) ||
				    s->edge_type[e] == EDGE_WEAK)
					continue;
				uint32_t o = owners[t];
				if (o == OWNER_UNVISITED) {
					owners[t] = owner;
					u32vec_push(&work, t);
				} else if (o == t || o == owner || o == OWNER_MANY) {
					/* owned by itself, by the same owner, or already shared */
				} else {
					owners[t] = OWNER_MANY;
					u32vec_push(&work, t);
				}
			}
		}
	}
	for (node_ix i = 0; i < n; i++) {
		uint32_t o = owners[i];
		if (o == OWNER_UNVISITED || o == OWNER_MANY || o == i)
			continue;
		if (s->node_type[o] == NODE_SYNTHETIC || o == s->root)
			continue;
		/* uint32 arithmetic, like DevTools' Uint32Array node fields */
		self[o] += self[i];
		self[i] = 0;
	}
	free(work.v);
	free(candidates);
	free(owners);
}

/* ---- WeakMap ephemeron edge names (tryParseWeakMapEdgeName) -------------- */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* JavaScript's '.' does not match these line terminators. */
static int has_line_terminator(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == '\n' || c == '\r')
			return 1;
		/* U+2028, U+2029: E2 80 A8 / E2 80 A9 */
		if (c == 0xe2 && i + 2 < len && (unsigned char)p[i + 1] == 0x80 &&
		    ((unsigned char)p[i + 2] == 0xa8 || (unsigned char)p[i + 2] == 0xa9))
			return 1;
	}
	return 0;
}

/*
 * The regex is
 *   ^\d+( / part of key \(.*? @\d+\) -> value \(.*? @\d+\) pair in WeakMap
 *   \(table @(\d+)\))$
 * matched by hand: the table id is the digit run before the final ")", and
 * the middle must split as ".* @\d+) -> value (.* @\d+)".
 */
int analyze_parse_weakmap_edge(const char *p, size_t len, uint64_t *table_id, size_t *dup_off)
{
	static const char key_lit[] = " / part of key (";
	static const char tail_lit[] = " pair in WeakMap (table @";
	static const char mid_lit[] = ") -> value (";
	size_t i = 0, klen = sizeof(key_lit) - 1, tlen = sizeof(tail_lit) - 1;
	size_t mlen = sizeof(mid_lit) - 1;

	while (i < len && is_digit(p[i]))
		i++;
	if (i == 0 || len - i < klen || memcmp(p + i, key_lit, klen))
		return 0;
	size_t dup = i, mid_start = i + klen;
	/* table id: digits before the final ')' */
	if (len < mid_start + 1 || p[len - 1] != ')')
		return 0;
	size_t d_end = len - 1, d_start = d_end;
	while (d_start > mid_start && is_digit(p[d_start - 1]))
		d_start--;
	if (d_start == d_end || d_start < mid_start + tlen ||
	    memcmp(p + d_start - tlen, tail_lit, tlen))
		return 0;
	size_t mid_end = d_start - tlen; /* middle is p[mid_start, mid_end) */
	const char *m = p + mid_start;
	size_t ml = mid_end - mid_start;
	if (has_line_terminator(m, ml))
		return 0;
	/* ends with " @\d+)": B's end is the " @" before the last digit run */
	if (ml < 4 || m[ml - 1] != ')')
		return 0;
	size_t b = ml - 1;
	while (b > 0 && is_digit(m[b - 1]))
		b--;
	if (b == ml - 1 || b < 2 || m[b - 1] != '@' || m[b - 2] != ' ')
		return 0;
	size_t b_end = b - 2; /* B is m[x, b_end) for some x */
	/* some " @\d+) -> value (" must end at or before b_end */
	int found = 0;
	for (size_t k = 0; k + 2 <= b_end && !found; k++) {
		if (m[k] != ' ' || m[k + 1] != '@')
			continue;
		size_t j = k + 2;
		while (j < b_end && is_digit(m[j]))
			j++;
		if (j == k + 2 || j + mlen > b_end || memcmp(m + j, mid_lit, mlen))
			continue;
		found = 1;
	}
	if (!found)
		return 0;
	uint64_t v = 0;
	for (size_t k = d_start; k < d_end; k++) {
		if (v > (UINT64_MAX - 9) / 10) {
			v = UINT64_MAX;
			break;
		}
		v = v * 10 + (uint64_t)(p[k] - '0');
	}
	*table_id = v;
	*dup_off = dup;
	return 1;
}

/* ---- distances (calculateDistances, bfs and JSHeapSnapshot's filter) ---- */

/* Cache of tryParseWeakMapEdgeName per string (DevTools keeps a bit vector). */
struct weakmap_cache {
	const struct snapshot *s;
	uint8_t *state;     /* [string_count] 0 unknown, 1 no, 2 yes */
	uint32_t *dup_off;  /* [string_count] offset of the duplicated part */
};

static int weakmap_lookup(struct weakmap_cache *c, str_ix i, size_t *dup_off)
{
	if (!c->state) {
		c->state = xcalloc(c->s->string_count ? c->s->string_count : 1, 1);
		c->dup_off = xmallocarray(c->s->string_count ? c->s->string_count : 1,
					  sizeof(*c->dup_off));
	}
	if (c->state[i] == 0) {
		size_t len, off;
		uint64_t table;
		const char *p = snapshot_str(c->s, i, &len);
		if (analyze_parse_weakmap_edge(p, len, &table, &off)) {
			c->state[i] = 2;
			c->dup_off[i] = (uint32_t)off;
		} else {
			c->state[i] = 1;
		}
	}
	if (c->state[i] == 2)
		*dup_off = c->dup_off[i];
	return c->state[i] == 2;
}

/*
 * The set of pending ephemeron halves, keyed by the duplicated part of the
 * edge name. DevTools adds on the first half and deletes on the second; a
 * presence bit per key that toggles is the same thing.
 */
struct pending_set {
	const struct snapshot *s;
	struct weakmap_cache *wm;
	str_ix *keys;     /* string whose duplicated part is the key; UINT32_MAX = empty */
	uint8_t *present;
	size_t mask, used;
};

static uint64_t hash_bytes(const char *p, size_t len)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ull;
	}
	return h;
}

static const char *dup_part(struct pending_set *ps, str_ix i, size_t *len)
{
	size_t l, off = 0;
	const char *p = snapshot_str(ps->s, i, &l);
	weakmap_lookup(ps->wm, i, &off);
	*len = l - off;
	return p + off;
}

static void pending_grow(struct pending_set *ps)
{
	size_t old = ps->keys ? ps->mask + 1 : 0, cap = old ? old * 2 : 64;
	str_ix *keys = xmallocarray(cap, sizeof(*keys));
	uint8_t *present = xcalloc(cap, 1);
	memset(keys, 0xff, cap * sizeof(*keys));
	for (size_t i = 0; i < old; i++) {
		if (ps->keys[i] == UINT32_MAX)
			continue;
		size_t len;
		const char *p = dup_part(ps, ps->keys[i], &len);
		size_t h = (size_t)hash_bytes(p, len) & (cap - 1);
		while (keys[h] != UINT32_MAX)
			h = (h + 1) & (cap - 1);
		keys[h] = ps->keys[i];
		present[h] = ps->present[i];
	}
	free(ps->keys);
	free(ps->present);
	ps->keys = keys;
	ps->present = present;
	ps->mask = cap - 1;
}

/* Returns 1 if the key was pending (and is no longer), 0 if it was added. */
static int pending_toggle(struct pending_set *ps, str_ix name)
{
	if (!ps->keys || (ps->used + 1) * 2 > ps->mask + 1)
		pending_grow(ps);
	size_t len;
	const char *p = dup_part(ps, name, &len);
	size_t h = (size_t)hash_bytes(p, len) & ps->mask;
	while (ps->keys[h] != UINT32_MAX) {
		size_t l2;
		const char *q = dup_part(ps, ps->keys[h], &l2);
		if (l2 == len && !memcmp(p, q, len))
			break;
		h = (h + 1) & ps->mask;
	}
	if (ps->keys[h] == UINT32_MAX) {
		ps->keys[h] = name;
		ps->used++;
	}
	ps->present[h] ^= 1;
	return !ps->present[h];
}

/* JavaScript parseInt(str, 10): returns 0 for NaN, 1 with *v otherwise. */
static int js_parse_int(const char *p, size_t len, int64_t *v)
{
	size_t i = 0;
	int neg = 0;
	while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r' ||
			   p[i] == '\f' || p[i] == '\v'))
		i++;
	if (i < len && (p[i] == '+' || p[i] == '-'))
		neg = p[i++] == '-';
	if (i >= len || !is_digit(p[i]))
		return 0;
	int64_t x = 0;
	for (; i < len && is_digit(p[i]); i++)
		if (x < INT64_MAX / 16)
			x = x * 10 + (p[i] - '0');
	*v = neg ? -x : x;
	return 1;
}

/* The strings the distance filter compares names with, as bits per string. */
enum {
	STR_SLOPPY_FUNCTION_MAP = 1 << 0, /* "sloppy_function_map" */
	STR_NATIVE_CONTEXT = 1 << 1,      /* "system / NativeContext" */
	STR_MAP_DESCRIPTORS = 1 << 2,     /* "(map descriptors)" */
};

struct dist_ctx {
	const struct snapshot *s;
	const uint8_t *ignored;
	struct weakmap_cache wm;
	struct pending_set pending;
	uint8_t *str_bits;        /* [string_count] STR_* (the filter runs per edge) */
};

static uint8_t *string_bits(const struct snapshot *s)
{
	uint8_t *bits = xcalloc(s->string_count ? s->string_count : 1, 1);
	for (str_ix i = 0; i < s->string_count; i++)
		bits[i] = (uint8_t)((str_is(s, i, "sloppy_function_map") ? STR_SLOPPY_FUNCTION_MAP : 0) |
				    (str_is(s, i, "system / NativeContext") ? STR_NATIVE_CONTEXT : 0) |
				    (str_is(s, i, "(map descriptors)") ? STR_MAP_DESCRIPTORS : 0));
	return bits;
}

/* JSHeapSnapshot.calculateDistances' filter (after the ignored-node check). */
static int dist_filter(struct dist_ctx *c, node_ix u, edge_ix e)
{
	const struct snapshot *s = c->s;
	uint8_t et = s->edge_type[e];
	int string_name = !edge_type_has_index(et);

	if (c->ignored && c->ignored[s->edge_to[e]])
		return 0;
	if (s->node_type[u] == NODE_HIDDEN && string_name &&
	    (c->str_bits[s->edge_name[e]] & STR_SLOPPY_FUNCTION_MAP) &&
	    (c->str_bits[s->node_name[u]] & STR_NATIVE_CONTEXT))
		return 0;
	if (s->node_type[u] == NODE_ARRAY && (c->str_bits[s->node_name[u]] & STR_MAP_DESCRIPTORS)) {
		int64_t index;
		int ok;
		if (string_name) {
			size_t len;
			const char *p = snapshot_str(s, s->edge_name[e], &len);
			ok = js_parse_int(p, len, &index);
		} else {
			index = s->edge_name[e];
			ok = 1;
		}
		if (!ok)
			return 1; /* NaN: both comparisons fail, the edge is followed */
		return index < 2 || index % 3 != 1;
	}
	if (et == EDGE_INTERNAL) {
		size_t off;
		if (weakmap_lookup(&c->wm, s->edge_name[e], &off))
			return pending_toggle(&c->pending, s->edge_name[e]);
	}
	return 1;
}

/*
 * A FIFO of nodes in a ring that doubles when full: a BFS keeps only its
 * frontier, not every node it reached (which, as a plain array, would be
 * 4 bytes per node resident through the dominators' peak).
 */
struct fifo {
	uint32_t *v;
	uint32_t mask;       /* capacity - 1, a power of two */
	uint32_t head, tail; /* counts of nodes taken and put */
};

static void fifo_put(struct fifo *q, uint32_t x)
{
	if (q->tail - q->head == q->mask + 1) {
		uint32_t cap = (q->mask + 1) * 2, n = q->tail - q->head;
		uint32_t *v = xmallocarray(cap, sizeof(*v));
		for (uint32_t i = 0; i < n; i++)
			v[i] = q->v[(q->head + i) & q->mask];
		free(q->v);
		q->v = v;
		q->mask = cap - 1;
		q->head = 0;
		q->tail = n;
	}
	q->v[q->tail++ & q->mask] = x;
}

/* The k-th node after the next one, or UINT32_MAX when there is none. */
static inline uint32_t fifo_ahead(const struct fifo *q, uint32_t k)
{
	return q->tail - q->head > k ? q->v[(q->head + k) & q->mask] : UINT32_MAX;
}

static void dist_bfs(struct dist_ctx *c, struct fifo *q, uint32_t *dist)
{
	const struct snapshot *s = c->s;
	while (q->head != q->tail) {
		/* the nodes to come are known: fetch their edges, then their
		 * targets' distances, ahead (a miss per edge is the whole cost) */
		node_ix v = fifo_ahead(q, 16);
		if (v != UINT32_MAX)
			__builtin_prefetch(&s->first_edge[v]);
		if ((v = fifo_ahead(q, 8)) != UINT32_MAX) {
			edge_ix e = s->first_edge[v];
			__builtin_prefetch(&s->edge_to[e]);
			__builtin_prefetch(&s->edge_type[e]);
			__builtin_prefetch(&dist[v]);
		}
		if ((v = fifo_ahead(q, 4)) != UINT32_MAX)
			for (edge_ix e = s->first_edge[v], end = MIN(s->first_edge[v + 1], e + 8);
			     e < end; e++)
				__builtin_prefetch(&dist[s->edge_to[e]]);
		node_ix u = q->v[q->head++ & q->mask];
		uint32_t d = dist[u] + 1;
		for (edge_ix e = s->first_edge[u]; e < s->first_edge[u + 1]; e++) {
			if (s->edge_type[e] == EDGE_WEAK)
				continue;
			node_ix t = s->edge_to[e];
			if (dist[t] != DISTANCE_NONE)
				continue;
			if (!dist_filter(c, u, e))
				continue;
			dist[t] = d;
			fifo_put(q, t);
		}
	}
}

void analyze_distances(const struct snapshot *s, const uint8_t *ignored, uint32_t *dist)
{
	uint32_t n = s->node_count;
	node_ix root = s->root;
	struct fifo q = {.v = xmallocarray(4096, sizeof(uint32_t)), .mask = 4095};
	struct dist_ctx c = {.s = s, .ignored = ignored, .str_bits = string_bits(s)};

	c.wm.s = s;
	c.pending.s = s;
	c.pending.wm = &c.wm;
	for (uint32_t i = 0; i < n; i++)
		dist[i] = DISTANCE_NONE;

	/* seeds may repeat (two root edges to one node): DevTools queues both */
	uint32_t seeds = 0;
	for (edge_ix e = s->first_edge[root]; e < s->first_edge[root + 1]; e++) {
		node_ix t = s->edge_to[e];
		if (analyze_is_user_root(s, t)) {
			dist[t] = 1;
			fifo_put(&q, t);
			seeds++;
		}
	}
	dist_bfs(&c, &q, dist);
	dist[root] = seeds > 0 ? DISTANCE_SYSTEM : 0;
	fifo_put(&q, root);
	dist_bfs(&c, &q, dist);

	free(q.v);
	free(c.str_bits);
	free(c.wm.state);
	free(c.wm.dup_off);
	free(c.pending.keys);
	free(c.pending.present);
}

/* ---- the whole thing ----------------------------------------------------- */

static void analyze_empty(struct snapshot *s)
{
	size_t n = s->node_count ? s->node_count : 1;
	analyze_build_retainers(s);
	s->node_flags = xcalloc(n, sizeof(*s->node_flags));
	s->node_distance = xmallocarray(n, sizeof(*s->node_distance));
	s->node_dominator = xcalloc(n, sizeof(*s->node_dominator));
	s->node_retained = xcalloc(n, sizeof(*s->node_retained));
	s->node_class = xcalloc(n, sizeof(*s->node_class));
	for (size_t i = 0; i < n; i++)
		s->node_distance[i] = DISTANCE_NONE;
	iface_defs_init(&s->ifaces);
	memset(&s->classes, 0, sizeof(s->classes));
	s->classes.names = xstrdup("");
	s->classes.names_len = 1;
	s->classes.name_off = xcalloc(1, sizeof(uint64_t));
	s->classes.location = xcalloc(1, sizeof(uint32_t));
	snapshot_build_id_order(s, NULL);
	s->analyzed = 1;
}

/* The work of analyze_run() that runs beside the dominators (see there). */
struct side_job {
	struct snapshot *s;        /* the snapshot being analyzed */
	struct analyze_timings *t; /* flags, distances, classes are filled in */
	struct essential *ess;     /* the essential edges, filled from ess_from on */
	edge_ix ess_from;          /* a multiple of 8 */
	uint8_t *ess_target;       /* the targets of that part's essential edges */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stage;                 /* under lock: 1 flags ready, 2 essential part done */
};

static void side_job_reach(struct side_job *job, int stage)
{
	pthread_mutex_lock(&job->lock);
	job->stage = stage;
	pthread_cond_signal(&job->cond);
	pthread_mutex_unlock(&job->lock);
}

static int side_job_reached(struct side_job *job, int stage)
{
	pthread_mutex_lock(&job->lock);
	int reached = job->stage >= stage;
	pthread_mutex_unlock(&job->lock);
	return reached;
}

static void side_job_wait(struct side_job *job, int stage)
{
	pthread_mutex_lock(&job->lock);
	while (job->stage < stage)
		pthread_cond_wait(&job->cond, &job->lock);
	pthread_mutex_unlock(&job->lock);
}

static void *side_job_run(void *arg)
{
	struct side_job *job = arg;
	struct snapshot *s = job->s;
	uint32_t n = s->node_count;
	double t0 = ht_now();

	analyze_flags(s);
	job->t->flags += ht_now() - t0;
	side_job_reach(job, 1);

	dominators_essential_range(s, job->ess, job->ess_target, job->ess_from, s->edge_count);
	side_job_reach(job, 2);

	t0 = ht_now();
	free(s->node_distance);
	s->node_distance = xmallocarray(n ? n : 1, sizeof(*s->node_distance));
	analyze_distances(s, NULL, s->node_distance);
	job->t->distances = ht_now() - t0;

	t0 = ht_now();
	iface_defs_release(&s->ifaces);
	classes_infer_interfaces(s, &s->ifaces);
	free(s->node_class);
	s->node_class = xmallocarray(n ? n : 1, sizeof(*s->node_class));
	class_table_release(&s->classes);
	classes_assign(s, &s->ifaces, s->node_class, &s->classes);
	job->t->classes = ht_now() - t0;
	return NULL;
}

void analyze_run(struct snapshot *s, struct analyze_timings *t)
{
	struct analyze_timings dummy;
	uint32_t n = s->node_count;
	double t0;

	if (!t)
		t = &dummy;
	memset(t, 0, sizeof(*t));
	if (n == 0 || s->root >= n) {
		/* nothing to analyze (the loader refuses such files anyway) */
		analyze_empty(s);
		return;
	}

	t0 = ht_now();
	analyze_dom_state(s);
	t->flags = ht_now() - t0;

	/*
	 * Two chains share the work. The other thread: flags, distances and
	 * class names, which read only the forward edges, names and the DOM
	 * state (set above). This one: counting the retainers and the
	 * shallow-size reassignment (while the flags are computed), then
	 * essential edges and dominators. Each writes arrays the other does not
	 * read until the join; DevTools runs the same steps one after another,
	 * and none depends on the order. What is left (retained sizes, class
	 * figures, the id index) comes after the dominators' scratch is freed,
	 * so it adds nothing to the peak.
	 */
	struct essential ess;
	dominators_essential_init(s, &ess);
	struct side_job job = {.s = s, .t = t, .ess = &ess,
			       .ess_from = s->edge_count / 2 & ~(edge_ix)7,
			       .ess_target = xcalloc((size_t)n / 8 + 1, 1)};
	pthread_mutex_init(&job.lock, NULL);
	pthread_cond_init(&job.cond, NULL);
	struct ht_task side;
	if (!ht_task_start(&side, side_job_run, &job))
		ht_task_wait(&side); /* no second thread: its chain first, here */

	t0 = ht_now();
	analyze_count_retainers(s);
	t->retainers = ht_now() - t0;

	t0 = ht_now();
	analyze_shallow_sizes(s);
	t->shallow = ht_now() - t0;

	/* while the flags are computed, the DFS's pages are faulted in */
	struct dom_scratch scratch;
	dominators_scratch_alloc(s, &scratch);
	while (!side_job_reached(&job, 1) && dominators_scratch_touch(&scratch, 1 << 20))
		;

	/* Essential edges (DevTools' step 2, before the sizes move; they do not
	 * depend on sizes anyway): half here, half there, once the flags are. */
	side_job_wait(&job, 1);
	t0 = ht_now();
	dominators_essential_range(s, &ess, ess.target, 0, job.ess_from);
	side_job_wait(&job, 2);
	for (size_t i = 0; i <= (size_t)n / 8; i++)
		ess.target[i] |= job.ess_target[i];
	free(job.ess_target);
	t->retainers += ht_now() - t0;

	t0 = ht_now();
	struct dom_preorder pre;
	dominators_compute(s, &ess, &scratch, &pre);
	dominators_essential_release(&ess);
	t->dominators = ht_now() - t0;

	ht_task_wait(&side);
	pthread_mutex_destroy(&job.lock);
	pthread_cond_destroy(&job.cond);

	t0 = ht_now();
	free(s->node_retained);
	s->node_retained = pre.retained_space;
	pre.retained_space = NULL;
	dominators_retained(s, &pre, s->node_self, s->node_retained);
	t->retained = ht_now() - t0;

	t0 = ht_now();
	class_aggregates_release(&s->agg);
	summary_aggregate(s, s->node_class, s->classes.count, NULL, &pre, NULL, &s->agg);
	t->summary = ht_now() - t0;

	t0 = ht_now();
	snapshot_build_id_order(s, pre.node); /* the preorder's block, 2n + 1 u32 */
	t->ids = ht_now() - t0;
	s->analyzed = 1;
}
