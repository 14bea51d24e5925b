/*
 * view.h - the one tree widget every pane uses (Summary, Comparison,
 * Containment, Retainers), after tmux's mode-tree.c.
 *
 * A source (view_summary.c, ...) hands out children lazily: the widget
 * asks for the children of the top level and of each expanded row only
 * when it flattens, which happens when expansion, sorting or the filter
 * change, never to draw. Rows carry a stable 64-bit tag (the parent row's
 * tag mixed with the item's own tag), so expansion and selection survive
 * re-sorting and re-filtering. A row whose node already appears on its
 * ancestor path is a cycle and cannot be expanded. Children are shown in
 * pages of VIEW_PAGE with an "N more" row, as DevTools does.
 *
 * Long lists (a class with millions of instances) stay cheap: each
 * expanded row's children are fetched once and kept until the row is
 * collapsed, hidden or the view reset; only the rows shown are sorted
 * into place (a selection of the first `shown` in the order a full stable
 * sort gives, as DevTools' sortRange does), and a source may hand them out
 * as 32-bit ids with integer sort keys so that no per-child item or
 * callback is needed until a row is drawn.
 */
#ifndef HEAPTUI_VIEW_H
#define HEAPTUI_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "heaptui/filter.h"
#include "heaptui/text.h"

#define VIEW_PAGE 100        /* children shown per page */
#define VIEW_CELL_SPANS 8    /* coloured spans per cell */
#define VIEW_EXPAND_ALL 200  /* rows `*` expands at most */

/* One child as a source describes it. */
struct view_item {
	uint64_t tag;   /* identity among its siblings, stable across sort and filter */
	uint32_t node;  /* graph node (cycle marks, retainers), UINT32_MAX if none */
	uint32_t a;     /* source payload (class, edge, row index...) */
	uint32_t b;     /* more source payload */
	uint8_t kind;   /* source-defined row kind */
	uint16_t snap;  /* which snapshot `node`/`a`/`b` refer to */
	uint8_t leaf;   /* 1 when it cannot have children */
};

/* A growable list of items (sources append to it). */
struct view_items {
	struct view_item *v;  /* items */
	size_t n;             /* used */
	size_t alloc;         /* allocated */
};

void view_items_push(struct view_items *l, const struct view_item *it);

/* A growable list of child ids (view_source.child_ids appends to it). */
struct view_ids {
	uint32_t *v;          /* ids, source-defined (node, edge, position...) */
	size_t n;             /* used */
	size_t alloc;         /* allocated */
};

/* Append n ids; returns where to write them (l->n grows by n). */
uint32_t *view_ids_add(struct view_ids *l, size_t n);

/*
 * Sort keys (view_source.child_keys). An ORDER key orders children as
 * compare() does: bits 56..63 are the row kind (always ascending, as kinds
 * never mix), bits 0..55 the column's value, which the widget reverses for
 * a descending sort. A SAME key only says "equal keys compare equal" (the
 * same name string, say): the widget compares one child per distinct key
 * with compare() and ranks the rest from it.
 */
enum view_key_type {
	VIEW_KEY_NONE,  /* no keys: compare() decides */
	VIEW_KEY_ORDER, /* keys order like (kind, compare) */
	VIEW_KEY_SAME,  /* equal keys: same kind and compare() == 0 */
};
#define VIEW_KEY_VALUE_BITS 56
#define VIEW_KEY_VALUE_MAX ((UINT64_C(1) << VIEW_KEY_VALUE_BITS) - 1)

/* An ORDER key of a child of this kind with this column value (<= VIEW_KEY_VALUE_MAX). */
static inline uint64_t view_key(uint8_t kind, uint64_t value)
{
	return (uint64_t)kind << VIEW_KEY_VALUE_BITS | value;
}

/* The text of one cell: sanitized, in coloured spans. */
struct view_cell {
	struct strbuf text;   /* sanitized UTF-8 */
	size_t nspans;        /* spans used */
	struct {
		size_t end;   /* span ends at this byte of text */
		int role;     /* enum theme_role of the span */
	} span[VIEW_CELL_SPANS];
};

/* Append untrusted text (sanitized here) / trusted formatted text in a role. */
void view_cell_add(struct view_cell *c, int role, const char *raw, size_t len);
void view_cell_addf(struct view_cell *c, int role, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

struct view_column {
	const char *title;   /* column title */
	int width;           /* columns; column 0 (the tree) takes what is left */
	int desc;            /* sort descending when first chosen */
};

/* What a pane shows: implemented once per view (view_summary.c, ...). */
struct view_source {
	const char *name;                /* "Summary" */
	const struct view_column *cols;  /* columns, [0] is the tree column */
	size_t ncols;
	/* Append the children of `parent` (NULL: the top level) to out. */
	void (*children)(void *ctx, const struct view_item *parent, struct view_items *out);
	/* Fill cell `col` of `it` (c is empty on entry). */
	void (*cell)(void *ctx, const struct view_item *it, size_t col, struct view_cell *c);
	/* Order of a and b by column col (ascending); 0 keeps the source's order. */
	int (*compare)(void *ctx, const struct view_item *a, const struct view_item *b, size_t col);
	/* The raw text the filter and n/N match (class name, edge + node name). */
	void (*text)(void *ctx, const struct view_item *it, struct strbuf *sb);
	int filter_depth;                /* deepest level filtered: 0 top only, -1 all */

	/*
	 * Optional, for long lists. child_ids: append the children of `parent`
	 * (never NULL) as ids to out and return 1, or return 0 to have
	 * children() used. child: the item of child `id`, exactly as children()
	 * would have appended it; called for the rows shown, and for every
	 * child only when the list is filtered, searched (view_reveal) or
	 * sorted without keys.
	 */
	int (*child_ids)(void *ctx, const struct view_item *parent, struct view_ids *out);
	void (*child)(void *ctx, const struct view_item *parent, uint32_t id, struct view_item *it);
	/*
	 * Optional, with child_ids: keys[i] = the sort key of child ids[i] by
	 * column col (see enum view_key_type); returns the key type, the same
	 * for every child of the list, or VIEW_KEY_NONE.
	 */
	int (*child_keys)(void *ctx, const struct view_item *parent, size_t col,
			  const uint32_t *ids, size_t n, uint64_t *keys);
};

enum {
	VIEW_ROW_EXPANDED = 1 << 0, /* children are shown */
	VIEW_ROW_CYCLE = 1 << 1,    /* node already on the ancestor path */
	VIEW_ROW_MORE = 1 << 2,     /* "N more" row: Enter shows the next page */
	VIEW_ROW_NOTE = 1 << 3,     /* note row ("N hidden by the filter") */
	VIEW_ROW_LAST = 1 << 4,     /* last sibling */
};

struct view_row {
	struct view_item item; /* what the source gave */
	uint64_t tag;          /* stable row tag */
	uint32_t parent;       /* row index of the parent, UINT32_MAX at the top */
	uint32_t count;        /* MORE/NOTE rows: how many items they stand for */
	uint16_t depth;        /* 0 at the top */
	uint8_t flags;         /* VIEW_ROW_* */
};

struct view_kids; /* view.c: the children of one expanded row */

/* A set of tags with a value each (open addressing). */
struct view_tagmap {
	uint64_t *keys;       /* 0 = empty slot */
	uint32_t *vals;       /* value per key */
	size_t n;             /* keys used */
	size_t cap;           /* slots (power of two) */
};

struct view {
	const struct view_source *src; /* the source (static) */
	void *ctx;                     /* its context */
	struct view_row *rows;         /* flattened visible rows */
	size_t nrows, alloc;
	struct view_tagmap expanded;   /* expanded row tags */
	struct view_tagmap pages;      /* row tag -> children shown (when above VIEW_PAGE) */
	size_t sel;                    /* selected row */
	size_t top;                    /* first row on screen */
	uint64_t sel_tag;              /* tag of the selected row (survives rebuilds) */
	size_t sort_col;               /* column sorted by */
	int sort_desc;                 /* descending */
	uint32_t root_node;            /* node the top level hangs from (cycles), or UINT32_MAX */
	const struct filter *filter;   /* filter applied, or NULL (not owned) */
	int no_matches;                /* the filter matched nothing at the top: all shown */
	int height;                    /* rows on screen at the last draw */
	int dirty;                     /* flatten before the next use */
	uint64_t reveal;               /* row tag to page in and select at the next flatten */
	/* children kept across flattens (view.c), one per expanded row shown */
	struct view_kids *kids;        /* [nkids] */
	size_t nkids, akids;
	struct view_tagmap kids_at;    /* parent row tag -> index in kids */
	uint64_t filter_gen;           /* bumped when the filter changes */
	uint64_t expand_gen;           /* bumped when a row is expanded or collapsed */
};

void view_init(struct view *v, const struct view_source *src, void *ctx);
void view_release(struct view *v);

/* Forget expansion, selection, pages and the children kept (a new root or data set). */
void view_reset(struct view *v);

/*
 * Re-flatten now if anything changed (expansion, sort, filter, data).
 * Children are fetched only for rows newly expanded; each list is
 * re-filtered when the filter (or, where it applies, the expansion)
 * changed, and sorted when the sort changed or more of it is shown:
 * O(n) keys and O(n log shown) comparisons for a list of n, where shown is
 * VIEW_PAGE per page (the whole list is sorted once more than an eighth of
 * it is shown).
 */
void view_rebuild(struct view *v);
/* Mark for re-flattening and drop the children kept (the data changed). */
void view_invalidate(struct view *v);

/* The selected row, or NULL when empty (rebuilds if needed). */
const struct view_row *view_selected(struct view *v);

/* Movement; return 1 if the selection changed. */
int view_move(struct view *v, long delta);
int view_move_to(struct view *v, size_t row);

/* Expand/collapse the selected row (Enter on "N more" shows the next page). */
int view_expand(struct view *v);
/* Collapse the selected row, or move to its parent. */
int view_collapse(struct view *v);
/* Expand the selected row and its children, bounded by VIEW_EXPAND_ALL. */
int view_expand_all(struct view *v);
/* Expand a row by tag (auto-expansion) without touching the selection. */
void view_expand_tag(struct view *v, uint64_t tag);
int view_is_expanded(const struct view *v, uint64_t tag);

/* Sorting: next column, or reverse. */
void view_sort_next(struct view *v);
void view_sort_reverse(struct view *v);
void view_sort_set(struct view *v, size_t col, int desc);

void view_set_filter(struct view *v, const struct filter *f);

/* Select the next (dir 1) or previous (-1) row whose text matches `f`. */
int view_find(struct view *v, const struct filter *f, int dir);

/*
 * Show and select the row with this tag at the next flatten, even beyond
 * the first page of its siblings (its ancestors must be expanded).
 */
void view_reveal(struct view *v, uint64_t tag);

/* Select the row with this tag if it is visible; 1 if found. */
int view_select_tag(struct view *v, uint64_t tag);

/* The tag a child `it` gets under row tag `parent` (0 for the top level). */
uint64_t view_child_tag(uint64_t parent, const struct view_item *it);

/*
 * Draw the column titles at row y and `h` rows below them, in columns
 * x .. x+w-1 of stdscr. `focused` picks the selection role.
 */
void view_draw(struct view *v, int y, int x, int h, int w, int focused);

#endif
