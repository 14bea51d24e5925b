/*
 * load.c - .heapsnapshot (plain or gzip'd JSON) -> struct snapshot tables.
 *
 * One pass over the top-level object: the "snapshot" header is handed to
 * jansson, the big arrays and the strings go through the scanner (scan.h)
 * straight into the tables. V8 writes "snapshot" first, so normally every
 * section is parsed where it stands; a section met before the header (keys
 * may come in any order) is skipped with the validating skipper and parsed
 * once the header is known. Checks that need two sections (edge counts vs
 * edges, name indices vs strings) run at the end.
 *
 * Errors carry the byte offset in the JSON text (after gunzip); gzip errors
 * carry the offset in the compressed file.
 */
#include "heaptui/load.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "heaptui/scan.h"

enum section {
	SEC_SNAPSHOT,
	SEC_NODES,
	SEC_EDGES,
	SEC_LOCATIONS,
	SEC_SAMPLES,
	SEC_TRACE_FUNCTION_INFOS,
	SEC_TRACE_TREE,
	SEC_STRINGS,
	SEC_COUNT
};

static const char *const section_names[SEC_COUNT] = {
	"snapshot", "nodes", "edges", "locations", "samples", "trace_function_infos",
	"trace_tree", "strings",
};

/* Where one top-level section is and how far it got. */
struct section_info {
	int seen;              /* its key was met */
	size_t key;            /* offset of its key */
	size_t open;           /* offset of its value */
	size_t end;            /* offset just past its value, once parsed */
	int parsed;            /* its contents are in the tables */
	uint64_t elements;     /* direct elements (skipped arrays) */
};

/* A field list from the meta: names and where the ones we use are. */
struct fields {
	unsigned count;        /* number of fields */
	int ix[8];             /* index of each wanted field, -1 if absent */
};

struct loader {
	struct scan sc;
	struct snapshot *s;
	const struct load_options *opt;
	int meta_done;                  /* the header was parsed */
	struct section_info sec[SEC_COUNT];

	struct fields nf;               /* node fields: NF_* */
	struct fields ef;               /* edge fields: EF_* */
	struct fields lf;               /* location fields: LF_* */
	unsigned sample_fields;         /* 0 if the meta has none */
	unsigned tfi_fields;            /* trace_function_info_fields, 0 if none */
	uint8_t *node_type_map;         /* file node type code -> enum node_type */
	uint32_t node_types;            /* entries in node_type_map */
	uint8_t *edge_type_map;         /* file edge type code -> enum edge_type */
	uint32_t edge_types;
	uint64_t edge_sum;              /* sum of the nodes' edge_count fields */
	size_t dropped;                 /* text before this offset was given back */
	struct scan_strings strings;    /* decoded strings until moved into s */
	double t_start;                 /* ht_now() when parsing began */
};

enum { NF_TYPE, NF_NAME, NF_ID, NF_SELF, NF_EDGES, NF_TRACE, NF_DETACH };
static const char *const node_field_names[] = {
	"type", "name", "id", "self_size", "edge_count", "trace_node_id", "detachedness", NULL,
};
enum { EF_TYPE, EF_NAME, EF_TO };
static const char *const edge_field_names[] = {"type", "name_or_index", "to_node", NULL};
enum { LF_INDEX, LF_SCRIPT, LF_LINE, LF_COLUMN };
static const char *const location_field_names[] = {
	"object_index", "script_id", "line", "column", NULL,
};

/* An error at byte `off` of the input; returns -1. */
#define lfail(l, off, ...) ht_fail((l)->sc.err, (l)->sc.name, (int64_t)(off), __VA_ARGS__)

static int progress(struct loader *l, const char *phase, double done)
{
	if (l->opt && l->opt->progress && l->opt->progress(l->opt->progress_ctx, phase, done))
		return ht_fail(l->sc.err, l->sc.name, -1, "loading interrupted");
	return 0;
}

/* ---- the header --------------------------------------------------------- */

/*
 * Read a list of field names: the index of each name in `wanted` (-1 if
 * absent) and the comma-joined list (when joined is not NULL). A missing
 * list gives count 0 and returns 1; a malformed one is an error.
 */
static int read_fields(struct loader *l, json_t *meta, const char *key,
		       const char *const *wanted, struct fields *f, char **joined)
{
	json_t *a = json_object_get(meta, key);
	size_t open = l->sec[SEC_SNAPSHOT].open;
	memset(f, 0, sizeof(*f));
	for (size_t i = 0; i < ARRAY_SIZE(f->ix); i++)
		f->ix[i] = -1;
	if (!a)
		return 1;
	if (!json_is_array(a))
		return lfail(l, open, "snapshot meta: %s is not a list", key);
	if (json_array_size(a) > 1024)
		return lfail(l, open, "snapshot meta: %s has too many fields", key);
	struct strbuf_lite { char *buf; size_t len; } jb = {NULL, 0};
	for (size_t i = 0; i < json_array_size(a); i++) {
		const char *name = json_string_value(json_array_get(a, i));
		if (!name) {
			free(jb.buf);
			return lfail(l, open, "snapshot meta: %s is not a list of strings", key);
		}
		for (size_t w = 0; wanted[w]; w++) {
			if (strcmp(name, wanted[w]))
				continue;
			if (f->ix[w] >= 0) {
				free(jb.buf);
				return lfail(l, open, "snapshot meta: %s has \"%s\" twice", key,
					     name);
			}
			f->ix[w] = (int)i;
		}
		if (joined) {
			size_t n = strlen(name);
			jb.buf = xreallocarray(jb.buf, jb.len + n + 2, 1);
			if (jb.len)
				jb.buf[jb.len++] = ',';
			memcpy(jb.buf + jb.len, name, n + 1);
			jb.len += n;
		}
	}
	f->count = (unsigned)json_array_size(a);
	if (joined)
		*joined = jb.buf ? jb.buf : xstrdup("");
	return 0;
}

/* Every field in `need` (indices into the wanted list, -1 terminated) present. */
static int need_fields(struct loader *l, const char *key, const char *const *wanted,
		       const struct fields *f, int count)
{
	for (int w = 0; w < count; w++)
		if (f->ix[w] < 0)
			return lfail(l, l->sec[SEC_SNAPSHOT].open,
				     "snapshot meta: %s has no \"%s\"", key, wanted[w]);
	return 0;
}

/* Map the type names of field `type_ix` in meta[types_key] onto our enum. */
static int read_types(struct loader *l, json_t *meta, const char *types_key, int type_ix,
		      const char *(*name_of)(int), int count, int other, uint8_t **map,
		      uint32_t *len)
{
	size_t open = l->sec[SEC_SNAPSHOT].open;
	json_t *types = json_object_get(meta, types_key);
	json_t *names = json_array_get(types, (size_t)type_ix);
	if (!json_is_array(names))
		return lfail(l, open, "snapshot meta: %s has no list of type names", types_key);
	if (json_array_size(names) == 0 || json_array_size(names) > 65536)
		return lfail(l, open, "snapshot meta: %s has %s list of type names", types_key,
			     json_array_size(names) ? "too long a" : "an empty");
	*len = (uint32_t)json_array_size(names);
	*map = xmalloc(*len);
	for (uint32_t i = 0; i < *len; i++) {
		const char *name = json_string_value(json_array_get(names, i));
		if (!name)
			return lfail(l, open, "snapshot meta: %s has a type name that is "
				     "not a string", types_key);
		(*map)[i] = (uint8_t)other;
		for (int t = 0; t < count; t++)
			if (!strcmp(name, name_of(t)))
				(*map)[i] = (uint8_t)t;
	}
	return 0;
}

static const char *node_type_str(int t)
{
	return node_type_name((enum node_type)t);
}

static const char *edge_type_str(int t)
{
	return edge_type_name((enum edge_type)t);
}

/* An integer member of `obj` in [0, max]; absent gives `dflt` or an error if dflt < 0. */
static int read_count(struct loader *l, json_t *obj, const char *key, int64_t dflt,
		      uint64_t max, uint64_t *out)
{
	size_t open = l->sec[SEC_SNAPSHOT].open;
	json_t *v = json_object_get(obj, key);
	if (!v) {
		if (dflt < 0)
			return lfail(l, open, "snapshot header has no %s", key);
		*out = (uint64_t)dflt;
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return lfail(l, open, "snapshot header: %s is not a whole number", key);
	*out = (uint64_t)json_integer_value(v);
	if (*out > max)
		return lfail(l, open, "snapshot header: %s %" PRIu64 " is too large (at most "
			     "%" PRIu64 ")", key, *out, max);
	return 0;
}

static int parse_meta_json(struct loader *l, json_t *root)
{
	struct snapshot *s = l->s;
	size_t open = l->sec[SEC_SNAPSHOT].open;
	uint64_t v;

	if (!json_is_object(root))
		return lfail(l, open, "\"snapshot\" is not an object");
	json_t *meta = json_object_get(root, "meta");
	if (!json_is_object(meta))
		return lfail(l, open, "snapshot header has no meta object");

	int rc = read_fields(l, meta, "node_fields", node_field_names, &l->nf, &s->node_fields);
	if (rc)
		return rc < 0 ? -1 : lfail(l, open, "snapshot meta has no node_fields");
	if (need_fields(l, "node_fields", node_field_names, &l->nf, NF_TRACE) < 0)
		return -1;
	rc = read_fields(l, meta, "edge_fields", edge_field_names, &l->ef, &s->edge_fields);
	if (rc)
		return rc < 0 ? -1 : lfail(l, open, "snapshot meta has no edge_fields");
	if (need_fields(l, "edge_fields", edge_field_names, &l->ef, 3) < 0)
		return -1;
	if (read_fields(l, meta, "location_fields", location_field_names, &l->lf, NULL) < 0)
		return -1;
	if (l->lf.count && need_fields(l, "location_fields", location_field_names, &l->lf, 4))
		return -1;
	struct fields f;
	static const char *const none[] = {NULL};
	if (read_fields(l, meta, "sample_fields", none, &f, NULL) < 0)
		return -1;
	l->sample_fields = f.count;
	if (read_fields(l, meta, "trace_function_info_fields", none, &f, NULL) < 0)
		return -1;
	l->tfi_fields = f.count;
	s->has_trace_node_id = l->nf.ix[NF_TRACE] >= 0;
	s->has_detachedness = l->nf.ix[NF_DETACH] >= 0;

	if (read_types(l, meta, "node_types", l->nf.ix[NF_TYPE], node_type_str, NODE_TYPE_COUNT,
		       NODE_OTHER, &l->node_type_map, &l->node_types) < 0)
		return -1;
	if (read_types(l, meta, "edge_types", l->ef.ix[EF_TYPE], edge_type_str, EDGE_TYPE_COUNT,
		       EDGE_OTHER, &l->edge_type_map, &l->edge_types) < 0)
		return -1;

	if (read_count(l, root, "node_count", -1, SNAPSHOT_MAX_NODES, &v) < 0)
		return -1;
	s->node_count = (uint32_t)v;
	if (read_count(l, root, "edge_count", -1, INT64_MAX, &v) < 0)
		return -1;
	if (v > UINT32_MAX)
		return lfail(l, open, "edge_count %" PRIu64 " is too large: heaptui reads "
			     "fewer than 2^32 edges", v);
	s->edge_count = (uint32_t)v;
	if (read_count(l, root, "trace_function_count", 0, UINT32_MAX, &v) < 0)
		return -1;
	s->trace_function_count = (uint32_t)v;
	if (read_count(l, root, "extra_native_bytes", 0, INT64_MAX, &v) < 0)
		return -1;
	s->extra_native_bytes = v;
	return 0;
}

static int parse_meta(struct loader *l, size_t end)
{
	size_t open = l->sec[SEC_SNAPSHOT].open;
	json_error_t je;
	json_t *root = json_loadb(l->sc.text + open, end - open, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return lfail(l, open + (size_t)(je.position > 0 ? je.position : 0),
			     "invalid snapshot header: %s", je.text);
	int rc = parse_meta_json(l, root);
	json_decref(root);
	if (rc == 0)
		l->meta_done = 1;
	return rc;
}

/* ---- the arrays --------------------------------------------------------- */

static int expect_array(struct loader *l, enum section sec, size_t *pos)
{
	size_t p = l->sec[sec].open;
	if (l->sc.text[p] != '[')
		return lfail(l, p, "\"%s\" is not an array", section_names[sec]);
	*pos = p + 1;
	return 0;
}

/* Refuse counts the rest of the input cannot hold (>= 2 bytes per value). */
static int check_room(struct loader *l, enum section sec, const char *what, uint64_t count,
		      uint64_t values)
{
	size_t open = l->sec[sec].open;
	uint64_t room = l->sc.len - open;
	if (values && values > room / 2)
		return lfail(l, open, "%s %" PRIu64 " is too large for the %" PRIu64
			     " bytes left in the input", what, count, room);
	return 0;
}

/* The array had `got` values where `want` (a multiple of nf) were expected. */
static int count_mismatch(struct loader *l, size_t end, const char *arr, uint64_t got,
			  unsigned nf, const char *what, uint64_t want)
{
	if (got % nf)
		return lfail(l, end, "%s array length %" PRIu64 " is not a multiple of %u fields",
			     arr, got, nf);
	return lfail(l, end, "%s array has %" PRIu64 " %s, %s_count is %" PRIu64, arr,
		     got / nf, arr, what, want / nf);
}

/* ---- big integer arrays on both cores ------------------------------------ */

/* The second half of a split array: count the first half's values, then
 * scan from just after the split comma with the right record ordinal. */
struct second_half {
	struct scan sc;         /* the loader's, with its own error */
	struct ht_error err;
	const struct scan_field *f;
	unsigned nf;
	size_t from, split;     /* first half [from, split); split is a ',' */
	uint64_t max, first, count;
	size_t pos;
	int rc;
	const char *what;
};

static void *scan_second_half(void *arg)
{
	struct second_half *h = arg;
	h->first = scan_count_values(&h->sc, h->from, h->split);
	h->pos = h->split + 1;
	h->rc = scan_ints(&h->sc, &h->pos, 0, h->f, h->nf, h->first, h->max, &h->count, h->what);
	return NULL;
}

/* Arrays of at least this many bytes (of text, or of table) go on two threads. */
static size_t load_split_min(const struct loader *l)
{
	return l->opt && l->opt->split_min ? l->opt->split_min : LOAD_SPLIT_MIN;
}

/* Below this much text left, the end of an array is found exactly. */
#define ARRAY_GUESS_MIN ((size_t)8 << 20)

/*
 * About how many bytes `values` values take from `from`, from the commas of
 * two samples (the start and the estimated middle: V8's numbers grow along
 * an array). Finding the closing ']' would read the whole array before the
 * threads start; a wrong guess only makes the halves unequal, or - past
 * the end - makes scan_array fall back to one thread.
 */
static size_t array_bytes(const struct scan *sc, size_t from, uint64_t values)
{
	const size_t sample = (size_t)1 << 20;
	double per_value = 0;
	if (sc->len - from < ARRAY_GUESS_MIN) {
		const char *close = memchr(sc->text + from, ']', sc->len - from);
		return close ? (size_t)(close - (sc->text + from)) : 0;
	}
	size_t at = from;
	for (int i = 0; i < 2 && at < sc->len; i++) {
		size_t n = MIN(sample, sc->len - at);
		per_value += (double)n / (double)(scan_count_byte(sc->text + at, n, ',') + 1);
		if (i == 0)
			at = from + (size_t)(per_value * (double)values / 2);
		else
			per_value /= 2;
	}
	double bytes = per_value * (double)values;
	return bytes < (double)(sc->len - from) ? (size_t)bytes : sc->len - from;
}

/*
 * scan_ints over a whole array from *pos (just after '['), on two threads
 * when it is big: this one scans the first half while the other counts the
 * first half's commas (an order of magnitude faster than scanning) and
 * scans the second half into the same tables; the split is placed so both
 * finish together. Errors are the same as one thread's: the first half's
 * error wins, as it comes first in the file.
 */
static int scan_array(struct loader *l, size_t *pos, const struct scan_field *f, unsigned nf,
		      uint64_t max, uint64_t *got, const char *what)
{
	const char *t = l->sc.text;
	size_t from = *pos;
	size_t split_min = load_split_min(l);
	size_t bytes = array_bytes(&l->sc, from, max);
	const char *comma = bytes >= split_min && bytes >= 20
			    ? memchr(t + from + bytes / 20 * 11, ',', l->sc.len - from - bytes / 20 * 11)
			    : NULL;
	if (!comma)
		return scan_ints(&l->sc, pos, 0, f, nf, 0, max, got, what);

	struct second_half h = {.sc = l->sc, .f = f, .nf = nf, .from = from,
				.split = (size_t)(comma - t), .max = max, .what = what};
	ht_error_init(&h.err);
	h.sc.err = &h.err;
	struct ht_task second;
	ht_task_start(&second, scan_second_half, &h);
	size_t pa = from;
	uint64_t ca = 0;
	int rc = scan_ints(&l->sc, &pa, h.split, f, nf, 0, max, &ca, what);
	ht_task_wait(&second);
	if (rc < 0)
		return -1;
	/* A first half that scanned cleanly ends after the split comma with one
	 * value more than it has commas; else (",," just before the split) one
	 * thread finds the error. */
	if (pa != h.split + 1 || ca != h.first)
		return scan_ints(&l->sc, pos, 0, f, nf, 0, max, got, what);
	if (h.rc < 0) {
		if (l->sc.err)
			*l->sc.err = h.err;
		return -1;
	}
	*pos = h.pos;
	*got = ca + h.count;
	if (l->opt && l->opt->timings)
		l->opt->timings->split++;
	return 0;
}

static int parse_nodes(struct loader *l)
{
	struct snapshot *s = l->s;
	uint32_t n = s->node_count;
	unsigned nf = l->nf.count;
	uint64_t values = (uint64_t)n * nf, got;
	size_t pos;

	if (expect_array(l, SEC_NODES, &pos) < 0 ||
	    check_room(l, SEC_NODES, "node_count", n, values) < 0)
		return -1;
	if (progress(l, "nodes", 0) < 0)
		return -1;
	s->node_type = xmallocarray(n, 1);
	s->node_name = xmallocarray(n, sizeof(*s->node_name));
	s->node_id = xmallocarray(n, sizeof(*s->node_id));
	s->node_self = xmallocarray(n, sizeof(*s->node_self));
	s->first_edge = xmallocarray((size_t)n + 1, sizeof(*s->first_edge));
	s->node_detachedness = xcalloc(n ? n : 1, 1);

	static const uint8_t identity[3] = {0, 1, 2};
	struct scan_field *f = xcalloc(nf, sizeof(*f));
	f[l->nf.ix[NF_TYPE]] = (struct scan_field){SCAN_U8, NULL, s->node_type,
		l->node_type_map, l->node_types, "node type"};
	f[l->nf.ix[NF_NAME]] = (struct scan_field){.kind = SCAN_U32, .u32 = s->node_name};
	f[l->nf.ix[NF_ID]] = (struct scan_field){.kind = SCAN_U32, .u32 = s->node_id};
	f[l->nf.ix[NF_SELF]] = (struct scan_field){.kind = SCAN_U32, .u32 = s->node_self};
	f[l->nf.ix[NF_EDGES]] = (struct scan_field){.kind = SCAN_U32, .u32 = s->first_edge + 1};
	if (s->has_detachedness)
		f[l->nf.ix[NF_DETACH]] = (struct scan_field){SCAN_U8, NULL, s->node_detachedness,
			identity, 3, "detachedness"};
	int rc = scan_array(l, &pos, f, nf, values, &got, "nodes");
	free(f);
	if (rc < 0)
		return -1;
	l->sec[SEC_NODES].end = pos;
	if (got != values)
		return count_mismatch(l, pos - 1, "nodes", got, nf, "node", values);
	if (n == 0)
		return lfail(l, l->sec[SEC_NODES].open, "snapshot has no nodes");

	/* edge_count fields -> first_edge (prefix sums), checked against edge_count */
	uint64_t sum = 0;
	s->first_edge[0] = 0;
	for (uint32_t i = 0; i < n; i++) {
		sum += s->first_edge[i + 1];
		if (sum > s->edge_count)
			return lfail(l, scan_int_offset(&l->sc, l->sec[SEC_NODES].open,
							(uint64_t)i * nf + (unsigned)l->nf.ix[NF_EDGES]),
				     "edge counts of the nodes add up to more than edge_count %"
				     PRIu32, s->edge_count);
		s->first_edge[i + 1] = (uint32_t)sum;
	}
	l->edge_sum = sum;
	l->sec[SEC_NODES].parsed = 1;
	return 0;
}

/* Turn node offsets (index * nf) into node indices; returns the first bad entry or count. */
static inline uint64_t offsets_to_index(uint32_t *to, uint64_t count, uint32_t nf,
					uint32_t node_count)
{
	for (uint64_t i = 0; i < count; i++) {
		uint32_t q = to[i] / nf;
		if (to[i] - q * nf != 0 || q >= node_count)
			return i;
		to[i] = q;
	}
	return count;
}

/* The same with the common field counts as constants, so the division is a multiply. */
static uint64_t offsets_convert(uint32_t *to, uint64_t count, uint32_t nf, uint32_t node_count)
{
	switch (nf) {
	case 6: return offsets_to_index(to, count, 6, node_count);
	case 7: return offsets_to_index(to, count, 7, node_count);
	default: return offsets_to_index(to, count, nf, node_count);
	}
}

/* The second half of a big array's offsets, converted on the other core. */
struct convert_half {
	uint32_t *to;
	uint64_t count, bad;
	uint32_t nf, node_count;
};

static void *convert_half_run(void *arg)
{
	struct convert_half *h = arg;
	h->bad = offsets_convert(h->to, h->count, h->nf, h->node_count);
	return NULL;
}

/* offsets_convert, half on each core when the array is big. */
static uint64_t offsets_convert_all(const struct loader *l, uint32_t *to, uint64_t count)
{
	uint32_t nf = l->nf.count, node_count = l->s->node_count;
	if (count < 2 || count * sizeof(*to) < load_split_min(l))
		return offsets_convert(to, count, nf, node_count);
	uint64_t half = count / 2;
	struct convert_half h = {.to = to + half, .count = count - half, .nf = nf,
				 .node_count = node_count};
	struct ht_task second;
	ht_task_start(&second, convert_half_run, &h);
	uint64_t bad = offsets_convert(to, half, nf, node_count);
	ht_task_wait(&second);
	return bad < half ? bad : half + h.bad;
}

static int bad_offset(struct loader *l, enum section sec, uint64_t value_ix, uint32_t v,
		      const char *what)
{
	size_t off = scan_int_offset(&l->sc, l->sec[sec].open, value_ix);
	if (v % l->nf.count)
		return lfail(l, off, "%s %" PRIu32 " is not a multiple of the %u node fields",
			     what, v, l->nf.count);
	return lfail(l, off, "%s %" PRIu32 " points past the last node (%" PRIu32 " nodes)",
		     what, v, l->s->node_count);
}

static int parse_edges(struct loader *l)
{
	struct snapshot *s = l->s;
	uint32_t m = s->edge_count;
	unsigned ef = l->ef.count;
	uint64_t values = (uint64_t)m * ef, got;
	size_t pos;

	if (expect_array(l, SEC_EDGES, &pos) < 0 ||
	    check_room(l, SEC_EDGES, "edge_count", m, values) < 0)
		return -1;
	if (progress(l, "edges", 0) < 0)
		return -1;
	s->edge_type = xmallocarray(m, 1);
	s->edge_name = xmallocarray(m, sizeof(*s->edge_name));
	s->edge_to = xmallocarray(m, sizeof(*s->edge_to));
	struct scan_field *f = xcalloc(ef, sizeof(*f));
	f[l->ef.ix[EF_TYPE]] = (struct scan_field){SCAN_U8, NULL, s->edge_type,
		l->edge_type_map, l->edge_types, "edge type"};
	f[l->ef.ix[EF_NAME]] = (struct scan_field){.kind = SCAN_U32, .u32 = s->edge_name};
	f[l->ef.ix[EF_TO]] = (struct scan_field){.kind = SCAN_U32, .u32 = s->edge_to};
	int rc = scan_array(l, &pos, f, ef, values, &got, "edges");
	free(f);
	if (rc < 0)
		return -1;
	l->sec[SEC_EDGES].end = pos;
	if (got != values)
		return count_mismatch(l, pos - 1, "edges", got, ef, "edge", values);
	uint64_t bad = offsets_convert_all(l, s->edge_to, m);
	if (bad < m)
		return bad_offset(l, SEC_EDGES, bad * ef + (unsigned)l->ef.ix[EF_TO],
				  s->edge_to[bad], "edge to_node");
	l->sec[SEC_EDGES].parsed = 1;
	return 0;
}

static int parse_locations(struct loader *l)
{
	struct snapshot *s = l->s;
	unsigned lf = l->lf.count;
	uint64_t got;
	size_t pos;

	if (expect_array(l, SEC_LOCATIONS, &pos) < 0)
		return -1;
	if (progress(l, "locations", 0) < 0)
		return -1;
	if (!lf) {
		/* no location_fields: only an empty array makes sense */
		size_t p = scan_ws(&l->sc, pos);
		if (l->sc.text[p] != ']')
			return lfail(l, l->sec[SEC_LOCATIONS].open,
				     "locations given but the meta has no location_fields");
		l->sec[SEC_LOCATIONS].end = p + 1;
		l->sec[SEC_LOCATIONS].parsed = 1;
		return 0;
	}
	/* The meta gives no count: the commas up to the first ']' bound it
	 * (exact for a well-formed array; the scan then checks everything). */
	const char *close = memchr(l->sc.text + pos, ']', l->sc.len - pos);
	uint64_t most = close ? scan_count_values(&l->sc, pos, (size_t)(close - l->sc.text)) : 1;
	uint64_t records = (most + lf - 1) / lf;
	if (records >= UINT32_MAX)
		return lfail(l, l->sec[SEC_LOCATIONS].open, "too many locations");
	struct scan_field *f = xcalloc(lf, sizeof(*f));
	size_t r = records ? (size_t)records : 1;
	s->loc_node = xmallocarray(r, sizeof(*s->loc_node));
	s->loc_script = xmallocarray(r, sizeof(*s->loc_script));
	s->loc_line = xmallocarray(r, sizeof(*s->loc_line));
	s->loc_column = xmallocarray(r, sizeof(*s->loc_column));
	f[l->lf.ix[LF_INDEX]] = (struct scan_field){.kind = SCAN_U32, .u32 = s->loc_node};
	f[l->lf.ix[LF_SCRIPT]] = (struct scan_field){.kind = SCAN_U32, .u32 = s->loc_script};
	f[l->lf.ix[LF_LINE]] = (struct scan_field){.kind = SCAN_U32, .u32 = s->loc_line};
	f[l->lf.ix[LF_COLUMN]] = (struct scan_field){.kind = SCAN_U32, .u32 = s->loc_column};
	if (scan_array(l, &pos, f, lf, records * lf, &got, "locations") < 0)
		goto fail;
	l->sec[SEC_LOCATIONS].end = pos;
	if (got % lf) {
		lfail(l, pos - 1, "locations array length %" PRIu64
		      " is not a multiple of %u fields", got, lf);
		goto fail;
	}
	uint32_t n = (uint32_t)(got / lf);
	s->location_count = n;
	free(f);
	uint64_t bad = offsets_convert_all(l, s->loc_node, n);
	if (bad < n)
		return bad_offset(l, SEC_LOCATIONS, bad * lf + (unsigned)l->lf.ix[LF_INDEX],
				  s->loc_node[bad], "location object_index");
	l->sec[SEC_LOCATIONS].parsed = 1;
	return 0;
fail:
	free(f);
	return -1;
}

static int parse_strings(struct loader *l)
{
	struct snapshot *s = l->s;
	size_t pos = l->sec[SEC_STRINGS].open;
	if (l->sc.text[pos] != '[')
		return lfail(l, pos, "\"strings\" is not an array");
	if (progress(l, "strings", 0) < 0)
		return -1;
	/* Decoded strings are shorter than their JSON unless bytes are replaced,
	 * so the rest of the input is a good first size (shrunk at the end). */
	l->strings.alloc = l->sc.len - pos + 16;
	l->strings.data = xmalloc((size_t)l->strings.alloc);
	if (scan_strings_array(&l->sc, &pos, &l->strings) < 0)
		return -1;
	l->sec[SEC_STRINGS].end = pos;
	if (l->strings.count >= UINT32_MAX)
		return lfail(l, l->sec[SEC_STRINGS].open, "too many strings");
	s->string_count = (uint32_t)l->strings.count;
	s->str_data_len = l->strings.len;
	s->str_data = xreallocarray(l->strings.data, (size_t)(l->strings.len ? l->strings.len : 1),
				    1);
	s->str_off = xreallocarray(l->strings.off, (size_t)l->strings.count + 1,
				   sizeof(*s->str_off));
	memset(&l->strings, 0, sizeof(l->strings));
	l->sec[SEC_STRINGS].parsed = 1;
	return 0;
}

/* Parse a section whose turn has come (the header is known). */
static int parse_section(struct loader *l, enum section sec)
{
	switch (sec) {
	case SEC_NODES:
		return parse_nodes(l);
	case SEC_EDGES:
		return parse_edges(l);
	case SEC_LOCATIONS:
		return parse_locations(l);
	case SEC_STRINGS:
		return parse_strings(l);
	default:
		return 0;
	}
}

/* ---- the top level ------------------------------------------------------ */

static int parse_top(struct loader *l, size_t *close)
{
	const struct scan *sc = &l->sc;
	const char *t = sc->text;
	size_t p = scan_ws(sc, 0);

	if (p >= sc->len)
		return lfail(l, sc->len, sc->len ? "unexpected end of input" : "file is empty");
	if (t[p] != '{')
		return lfail(l, p, "not a heap snapshot: the top-level value is not an object");
	p = scan_ws(sc, p + 1);
	if (t[p] == '}') {
		*close = p;
		return 0;
	}
	for (;;) {
		char key[32];
		int too_long;
		size_t key_off = p;
		if (t[p] != '"')
			return p >= sc->len ? lfail(l, sc->len, "unexpected end of input")
					    : lfail(l, p, "expected a string key");
		if (scan_key(sc, &p, key, sizeof(key), &too_long) < 0)
			return -1;
		p = scan_ws(sc, p);
		if (t[p] != ':')
			return p >= sc->len ? lfail(l, sc->len, "unexpected end of input")
					    : lfail(l, p, "expected ':'");
		p = scan_ws(sc, p + 1);

		int sec = -1;
		for (int i = 0; i < SEC_COUNT && !too_long; i++)
			if (!strcmp(key, section_names[i]))
				sec = i;
		if (sec >= 0) {
			struct section_info *si = &l->sec[sec];
			if (si->seen)
				return lfail(l, key_off, "duplicate \"%s\" section", key);
			si->seen = 1;
			si->key = key_off;
			si->open = p;
		}
		if (sec == SEC_STRINGS || (l->meta_done && (sec == SEC_NODES || sec == SEC_EDGES ||
							    sec == SEC_LOCATIONS))) {
			if (parse_section(l, (enum section)sec) < 0)
				return -1;
			p = l->sec[sec].end;
		} else {
			uint64_t n = 0;
			if (scan_skip_value(sc, &p, &n) < 0)
				return -1;
			if (sec >= 0)
				l->sec[sec].elements = n;
			if (sec == SEC_SNAPSHOT && parse_meta(l, p) < 0)
				return -1;
		}
		scan_drop(&l->sc, &l->dropped, p);
		p = scan_ws(sc, p);
		if (t[p] == ',') {
			p = scan_ws(sc, p + 1);
			continue;
		}
		if (t[p] == '}')
			break;
		return p >= sc->len ? lfail(l, sc->len, "unexpected end of input")
				    : lfail(l, p, "expected ',' or '}'");
	}
	*close = p;
	p = scan_ws(sc, p + 1);
	if (p < sc->len)
		return lfail(l, p, "trailing garbage after the snapshot");
	return 0;
}

/* ---- checks across sections, derived tables ------------------------------ */

static int check_missing(struct loader *l, size_t close)
{
	if (!l->sec[SEC_SNAPSHOT].seen)
		return lfail(l, 0, "not a heap snapshot: no \"snapshot\" section");
	static const enum section required[] = {SEC_NODES, SEC_EDGES, SEC_STRINGS};
	for (size_t i = 0; i < ARRAY_SIZE(required); i++)
		if (!l->sec[required[i]].seen)
			return lfail(l, close, "no \"%s\" section", section_names[required[i]]);
	return 0;
}

/* The skipped arrays: right shape for their field lists. */
static int check_skipped(struct loader *l)
{
	const struct section_info *si = &l->sec[SEC_SAMPLES];
	if (si->seen) {
		if (l->sc.text[si->open] != '[')
			return lfail(l, si->open, "\"samples\" is not an array");
		if (l->sample_fields && si->elements % l->sample_fields)
			return lfail(l, si->open, "samples array length %" PRIu64
				     " is not a multiple of %u fields", si->elements,
				     l->sample_fields);
		if (l->sample_fields) {
			if (si->elements / l->sample_fields >= UINT32_MAX)
				return lfail(l, si->open, "too many samples");
			l->s->sample_count = (uint32_t)(si->elements / l->sample_fields);
		}
	}
	si = &l->sec[SEC_TRACE_FUNCTION_INFOS];
	if (si->seen) {
		if (l->sc.text[si->open] != '[')
			return lfail(l, si->open, "\"trace_function_infos\" is not an array");
		if (l->tfi_fields && si->elements % l->tfi_fields)
			return lfail(l, si->open, "trace_function_infos array length %" PRIu64
				     " is not a multiple of %u fields", si->elements, l->tfi_fields);
	}
	si = &l->sec[SEC_TRACE_TREE];
	if (si->seen && l->sc.text[si->open] != '[')
		return lfail(l, si->open, "\"trace_tree\" is not an array");
	return 0;
}

/* Node and edge names that are string indices point into the strings. */
static int check_names(struct loader *l)
{
	const struct snapshot *s = l->s;
	uint32_t ns = s->string_count;
	for (uint32_t i = 0; i < s->node_count; i++)
		if (s->node_name[i] >= ns)
			return lfail(l, scan_int_offset(&l->sc, l->sec[SEC_NODES].open,
							(uint64_t)i * l->nf.count +
							(unsigned)l->nf.ix[NF_NAME]),
				     "node name %" PRIu32 " is not a string index (%" PRIu32
				     " strings)", s->node_name[i], ns);
	for (uint32_t e = 0; e < s->edge_count; e++)
		if (s->edge_name[e] >= ns && !edge_type_has_index(s->edge_type[e]))
			return lfail(l, scan_int_offset(&l->sc, l->sec[SEC_EDGES].open,
							(uint64_t)e * l->ef.count +
							(unsigned)l->ef.ix[EF_NAME]),
				     "edge name %" PRIu32 " is not a string index (%" PRIu32
				     " strings)", s->edge_name[e], ns);
	return 0;
}

/* Sort the locations by node, stably (snapshot.h says why). A task:
 * load_json runs it beside check_names. */
static void *sort_locations(void *arg)
{
	struct snapshot *s = arg;
	uint32_t n = s->location_count, i;
	for (i = 1; i < n && s->loc_node[i - 1] <= s->loc_node[i]; i++)
		;
	if (i >= n)
		return NULL;
	uint32_t *order = xmallocarray(n, sizeof(*order));
	uint32_t *tmp = xmallocarray(n, sizeof(*tmp));
	for (i = 0; i < n; i++)
		order[i] = i;
	uint32_t *sorted = radix_sort_by_key(s->loc_node, order, tmp, n);
	uint32_t *scratch = sorted == order ? tmp : order;
	uint32_t *cols[] = {s->loc_node, s->loc_script, s->loc_line, s->loc_column};
	for (size_t c = 0; c < ARRAY_SIZE(cols); c++) {
		for (i = 0; i < n; i++)
			scratch[i] = cols[c][sorted[i]];
		memcpy(cols[c], scratch, (size_t)n * sizeof(*scratch));
	}
	free(order);
	free(tmp);
	return NULL;
}

static int name_starts(const char *name, const char *prefix)
{
	return !strncmp(name, prefix, strlen(prefix));
}

/*
 * Who wrote the file, from the root's children: Chrome's renderer roots a
 * "(Document DOM trees)" node and "Window" globals ("Window / https://..."),
 * Node.js a "global" object and "Node / ..." synthetic roots. Without either
 * hint, a trace_node_id field means a Node-style writer (Chrome omits it).
 */
static void guess_producer(struct snapshot *s)
{
	int chrome = 0, node = 0;
	for (edge_ix e = s->first_edge[s->root]; e < s->first_edge[s->root + 1]; e++) {
		const char *name = snapshot_node_name(s, s->edge_to[e]);
		if (!strcmp(name, "(Document DOM trees)") || !strcmp(name, "Window") ||
		    name_starts(name, "Window / "))
			chrome = 1;
		else if (!strcmp(name, "global") || name_starts(name, "Node / "))
			node = 1;
	}
	/* Chrome's page snapshots taken over the protocol may hang the Window
	 * below (GC roots) only; Node always writes trace_node_id, Chrome never. */
	for (str_ix i = 0; !chrome && !node && !s->has_trace_node_id && i < s->string_count; i++) {
		const char *str = snapshot_str(s, i, NULL);
		chrome = name_starts(str, "Window / ") || !strcmp(str, "(Document DOM trees)");
	}
	if (chrome)
		s->producer = PRODUCER_CHROME;
	else if (node || s->has_trace_node_id)
		s->producer = PRODUCER_NODE;
	else
		s->producer = PRODUCER_UNKNOWN;
}

/* Load JSON text[0..len) (text[len] == '\0') into l->s. */
static int load_json(struct loader *l)
{
	size_t close = 0;
	if (parse_top(l, &close) < 0)
		return -1;
	if (check_missing(l, close) < 0)
		return -1;
	/* sections met before the header */
	static const enum section late[] = {SEC_NODES, SEC_EDGES, SEC_LOCATIONS};
	for (size_t i = 0; i < ARRAY_SIZE(late); i++)
		if (l->sec[late[i]].seen && !l->sec[late[i]].parsed &&
		    parse_section(l, late[i]) < 0)
			return -1;
	if (l->edge_sum != l->s->edge_count)
		return lfail(l, l->sec[SEC_NODES].open, "edge counts of the nodes add up to %"
			     PRIu64 ", edge_count is %" PRIu32, l->edge_sum, l->s->edge_count);
	if (check_skipped(l) < 0)
		return -1;
	struct ht_task sort;
	ht_task_start(&sort, sort_locations, l->s);
	int rc = check_names(l);
	double t0 = ht_now();
	ht_task_wait(&sort);
	if (rc < 0 || progress(l, "index", 0) < 0)
		return -1;
	if (l->opt && l->opt->timings)
		l->opt->timings->parse = t0 - l->t_start;
	guess_producer(l->s);
	if (l->opt && l->opt->timings)
		l->opt->timings->index = ht_now() - t0;
	return progress(l, "index", 1);
}

/* ---- input: plain or gzip ------------------------------------------------ */

/* Gunzip in[0..in_len) into a new NUL-terminated buffer. */
static int gunzip(const char *name, const unsigned char *in, size_t in_len, char **out,
		  size_t *out_len, struct ht_error *err)
{
	/* deflate expands at most ~1032:1; a larger output is not gzip data */
	uint64_t bound = (uint64_t)in_len * 1032 + 65536;
	uint64_t hint = 0, alloc;
	if (in_len >= 18) /* ISIZE: uncompressed length mod 2^32 (of the last member) */
		hint = (uint64_t)in[in_len - 4] | (uint64_t)in[in_len - 3] << 8 |
		       (uint64_t)in[in_len - 2] << 16 | (uint64_t)in[in_len - 1] << 24;
	alloc = hint >= in_len && hint <= bound ? hint + 1 : (uint64_t)in_len * 4 + 4096;
	if (alloc > bound)
		alloc = bound;
	if (alloc > SIZE_MAX / 2)
		return ht_fail(err, name, -1, "gzip input too large");

	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 15 + 16) != Z_OK)
		return ht_fail(err, name, -1, "cannot initialise zlib");
	char *buf = xmalloc((size_t)alloc);
	uint64_t len = 0;
	size_t used = 0; /* input consumed */
	int rc = -1;
	for (;;) {
		if (alloc - 1 - len == 0) {
			uint64_t n = alloc + alloc / 2;
			if (alloc >= bound) {
				ht_fail(err, name, (int64_t)used,
					"gzip data expands beyond what deflate can produce");
				goto out;
			}
			if (n > bound)
				n = bound;
			buf = xreallocarray(buf, (size_t)n, 1);
			alloc = n;
		}
		size_t in_left = in_len - used;
		uint64_t out_left = alloc - 1 - len;
		zs.next_in = (unsigned char *)(uintptr_t)(in + used);
		zs.avail_in = (uInt)MIN(in_left, (size_t)1 << 30);
		zs.next_out = (unsigned char *)buf + len;
		zs.avail_out = (uInt)MIN(out_left, (uint64_t)1 << 30);
		uInt avail_in0 = zs.avail_in, avail_out0 = zs.avail_out;
		int z = inflate(&zs, Z_NO_FLUSH);
		used += avail_in0 - zs.avail_in;
		len += avail_out0 - zs.avail_out;
		if (z == Z_STREAM_END) {
			if (used == in_len)
				break;
			if (in_len - used >= 2 && in[used] == 0x1f && in[used + 1] == 0x8b) {
				inflateReset(&zs); /* another gzip member */
				continue;
			}
			size_t i = used;
			while (i < in_len && in[i] == 0)
				i++; /* zero padding after the stream is harmless */
			if (i == in_len)
				break;
			ht_fail(err, name, (int64_t)used, "trailing garbage after the gzip data");
			goto out;
		}
		if (z == Z_DATA_ERROR) {
			ht_fail(err, name, (int64_t)used, "corrupt gzip data: %s",
				zs.msg ? zs.msg : "invalid data");
			goto out;
		}
		if (z == Z_MEM_ERROR) {
			ht_fail(err, name, -1, "out of memory in zlib");
			goto out;
		}
		if (z == Z_BUF_ERROR || (z == Z_OK && used == in_len && zs.avail_out)) {
			if (used == in_len) {
				ht_fail(err, name, (int64_t)in_len, "truncated gzip data");
				goto out;
			}
		}
	}
	buf[len] = '\0';
	*out = buf;
	*out_len = (size_t)len;
	buf = NULL;
	rc = 0;
out:
	inflateEnd(&zs);
	free(buf);
	return rc;
}

static int is_gzip(const char *data, size_t len)
{
	return len >= 2 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b;
}

/*
 * Load the JSON (or gzip) in data[0..len); data[len] must be '\0' unless gzip.
 * `mapped`: data is a private file mapping (its pages can be dropped).
 */
static int load_data(struct snapshot *s, const char *name, char *data, size_t len, int mapped,
		     const struct load_options *opt, struct ht_error *err)
{
	char *json = data;
	size_t json_len = len;
	double t0 = ht_now();
	if (is_gzip(data, len) && gunzip(name, (const unsigned char *)data, len, &json,
					 &json_len, err) < 0)
		return -1;
	struct loader l;
	memset(&l, 0, sizeof(l));
	l.t_start = ht_now();
	if (opt && opt->timings)
		opt->timings->read += l.t_start - t0;
	l.sc.text = json;
	l.sc.len = json_len;
	l.sc.name = name;
	l.sc.err = err;
	l.s = s;
	l.opt = opt;
	l.sc.drop_behind = mapped && json == data;
	s->json_size = json_len;
	int rc = load_json(&l);
	free(l.node_type_map);
	free(l.edge_type_map);
	scan_strings_release(&l.strings);
	if (json != data)
		free(json);
	return rc;
}

int snapshot_load_buffer(struct snapshot *s, const char *name, const char *data, size_t len,
			 const struct load_options *opt, struct ht_error *err)
{
	/* a private copy gets the sentinel the scanner relies on */
	if (opt && opt->timings)
		memset(opt->timings, 0, sizeof(*opt->timings));
	char *copy = xmalloc(len + 1);
	memcpy(copy, data, len);
	copy[len] = '\0';
	snapshot_release(s);
	s->path = xstrdup(name);
	s->file_size = len;
	int rc = load_data(s, name, copy, len, 0, opt, err);
	free(copy);
	if (rc < 0)
		snapshot_release(s);
	return rc;
}

/*
 * The whole file, NUL-terminated. A regular file whose size is not a
 * multiple of the page size is mapped read-only (the rest of the last page
 * reads as zeros: the scanner's sentinel, and no copy); anything else is
 * read() into a buffer.
 */
static int read_file(const char *path, char **out, size_t *out_len, size_t *mapped,
		     struct ht_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ht_fail(err, path, -1, "cannot open: %s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		return ht_fail(err, path, -1, "cannot stat: %s", strerror(e));
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return ht_fail(err, path, -1, "is a directory");
	}
	long page = sysconf(_SC_PAGESIZE);
	*mapped = 0;
	if (S_ISREG(st.st_mode) && st.st_size > 0 && page > 0 &&
	    (uint64_t)st.st_size < SIZE_MAX / 2 && st.st_size % page != 0) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m != MAP_FAILED) {
			madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
			close(fd);
			*out = m;
			*out_len = (size_t)st.st_size;
			*mapped = (size_t)st.st_size;
			return 0;
		}
	}
	size_t alloc = S_ISREG(st.st_mode) && st.st_size > 0 && (uint64_t)st.st_size < SIZE_MAX / 2
		       ? (size_t)st.st_size + 1 : 65536;
	size_t len = 0;
	char *buf = xmalloc(alloc);
	for (;;) {
		if (len + 1 == alloc) {
			alloc = alloc * 2;
			buf = xreallocarray(buf, alloc, 1);
		}
		ssize_t r = read(fd, buf + len, MIN(alloc - 1 - len, (size_t)1 << 30));
		if (r == 0)
			break;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			free(buf);
			return ht_fail(err, path, -1, "read error: %s", strerror(e));
		}
		len += (size_t)r;
	}
	close(fd);
	buf[len] = '\0';
	*out = buf;
	*out_len = len;
	return 0;
}

int snapshot_load(struct snapshot *s, const char *path, const struct load_options *opt,
		  struct ht_error *err)
{
	char *data = NULL;
	size_t len = 0, mapped = 0;
	double t0 = ht_now();
	snapshot_release(s);
	if (opt && opt->timings)
		memset(opt->timings, 0, sizeof(*opt->timings));
	if (read_file(path, &data, &len, &mapped, err) < 0)
		return -1;
	if (opt && opt->timings)
		opt->timings->read = ht_now() - t0;
	s->path = xstrdup(path);
	s->file_size = len;
	int rc = load_data(s, path, data, len, mapped != 0, opt, err);
	if (mapped)
		munmap(data, mapped);
	else
		free(data);
	if (rc < 0)
		snapshot_release(s);
	return rc;
}
