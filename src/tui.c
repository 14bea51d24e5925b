/*
 * tui.c - the interactive presenter: terminal setup and restore, the input
 * loop, layout, and the actions of keymap.h.
 *
 * Screen: a header line; the main grid (Summary, Comparison, Containment)
 * or the Statistics bars; the Retainers pane of the selected object; a
 * detail bar; the status line; over them the help or the Summary's filter
 * menu (`o`). Nothing is drawn while idle: the loop redraws once per batch
 * of input (erase + draw + one doupdate; curses sends only what changed).
 * Signals only set a flag; the loop restores the terminal and returns.
 */
#include "heaptui/tui.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "heaptui/analyze.h"
#include "heaptui/context.h"
#include "heaptui/draw.h"
#include "heaptui/filter.h"
#include "heaptui/fmt.h"
#include "heaptui/help.h"
#include "heaptui/keymap.h"
#include "heaptui/paths.h"
#include "heaptui/prompt.h"
#include "heaptui/text.h"
#include "heaptui/theme.h"
#include "heaptui/util.h"
#include "heaptui/view.h"
#include "heaptui/view_sources.h"

#define TUI_MIN_COLS 60
#define TUI_MIN_LINES 15
#define TUI_AUTO_EXPAND 20 /* DevTools opens at most 20 levels of retainers */
#define TUI_BATCH 512      /* keys handled before a redraw at the latest */

enum tui_mode { MODE_SUMMARY, MODE_COMPARISON, MODE_CONTAINMENT, MODE_STATISTICS };
static const char *const mode_names[] = {"Summary", "Comparison", "Containment", "Statistics"};

/* The Summary's filter menu: DevTools' named filters, as `--only` (only.h). */
static const struct {
	int only;           /* tui_data.only */
	const char *label;  /* menu item and header */
} only_menu[] = {
	{TUI_ONLY_ALL, "All objects"},
	{ONLY_RETAINED_BY_DETACHED, "Objects retained by detached DOM nodes"},
	{ONLY_DUPLICATED_STRINGS, "Duplicated strings"},
	{ONLY_DETACHED, "Detached DOM trees"},
};

/* What a key handler asks the loop for (htop's bit mask). */
enum {
	TUI_HANDLED = 1 << 0,
	TUI_REDRAW = 1 << 1,
	TUI_QUIT = 1 << 2,
};

struct tui {
	struct tui_data d;          /* snapshots and derived tables */
	struct view grid[3];        /* Summary, Comparison, Containment */
	struct view ret;            /* Retainers pane */
	enum tui_mode mode;         /* main view */
	int focus;                  /* 0 grid, 1 retainers */
	int help;                   /* help overlay shown */
	int help_top;               /* first help line shown */
	int menu;                   /* the filter menu is open */
	size_t menu_sel;            /* its selected item (only_menu) */
	struct filter *filter;      /* active filter, or NULL */
	char status[512];           /* message for the status line ("" = key hints) */
	int status_error;           /* the message is an error */
	int mouse;                  /* --mouse */
	int too_small;              /* below TUI_MIN_COLS x TUI_MIN_LINES */
	/* layout of the last draw */
	int grid_y, grid_h, ret_y, ret_h;
};

static volatile sig_atomic_t got_signal; /* signal number that asks to quit */
static SCREEN *screen;                   /* the curses screen while active */

static void on_signal(int sig)
{
	got_signal = sig;
}

/* Whatever exits the process while curses is up (a die() in xmalloc) restores the terminal. */
static void restore_at_exit(void)
{
	if (screen && !isendwin())
		endwin();
}

static void set_status(struct tui *t, int error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_status(struct tui *t, int error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->status, sizeof(t->status), fmt, ap);
	va_end(ap);
	t->status_error = error;
}

static struct view *grid_view(struct tui *t)
{
	return t->mode <= MODE_CONTAINMENT ? &t->grid[t->mode] : NULL;
}

static struct view *focused_view(struct tui *t)
{
	if (t->focus && t->mode != MODE_STATISTICS)
		return &t->ret;
	return grid_view(t);
}

/* ---- retainers ---------------------------------------------------------- */

/* The object a row stands for, if any. */
static int row_object(const struct view_row *r, size_t *snap, node_ix *n)
{
	if (!r || (r->flags & (VIEW_ROW_MORE | VIEW_ROW_NOTE)))
		return 0;
	switch (r->item.kind) {
	case VK_NODE:
	case VK_EDGE:
	case VK_NEW:
	case VK_DELETED:
	case VK_RETAINER:
	case VK_DTREE:
		*snap = r->item.snap;
		*n = r->item.node;
		return 1;
	}
	return 0;
}

/* Point the Retainers pane at (snap, n) and open DevTools' chain. */
static void retainers_show(struct tui *t, size_t snap, node_ix n)
{
	t->d.ret_snap = snap;
	t->d.ret_node = n;
	view_reset(&t->ret);
	t->ret.root_node = n;
	if (n == NODE_NONE || snap >= t->d.nsnaps)
		return;
	struct retainer_list l = RETAINER_LIST_INIT;
	paths_path(&t->d.pv[snap], n, &l);
	uint64_t tag = 0;
	for (size_t i = 0; i + 1 < l.count && i < TUI_AUTO_EXPAND; i++) {
		struct view_item it = {.tag = l.items[i].edge, .kind = VK_RETAINER,
				       .snap = (uint16_t)snap};
		tag = view_child_tag(tag, &it);
		view_expand_tag(&t->ret, tag);
	}
	paths_list_release(&l);
}

/* Follow the grid's selection (called once per input batch). */
static void retainers_follow(struct tui *t)
{
	struct view *g = grid_view(t);
	size_t snap = 0;
	node_ix n = NODE_NONE;
	if (!g || !row_object(view_selected(g), &snap, &n)) {
		snap = 0;
		n = NODE_NONE;
	}
	if (n != t->d.ret_node || snap != t->d.ret_snap)
		retainers_show(t, snap, n);
}

/* ---- drawing ------------------------------------------------------------ */

static const char *only_label(int only)
{
	for (size_t i = 0; i < ARRAY_SIZE(only_menu); i++)
		if (only_menu[i].only == only)
			return only_menu[i].label;
	return "?";
}

/* The filter menu: a framed box over the grid, the current filter starred. */
static void draw_menu(struct tui *t)
{
	static const char title[] = " Summary: show ";
	static const char keys[] = "j/k move  Enter picks  Esc/q cancel";
	int n = (int)ARRAY_SIZE(only_menu);
	int w = MIN(COLS, 48), h = n + 3; /* frame, items, key line */
	int x = (COLS - w) / 2, y = MAX(1, (LINES - h) / 3);
	if (w < 8 || y + h > LINES) /* smaller than the TUI's minimum: nothing */
		return;
	attr_t a = theme_attr(THEME_HELP);
	for (int k = 0; k < h; k++)
		draw_fill(y + k, x, w, a);
	/* the frame, in ASCII where the locale is (curses' ACS is not reliable there) */
	static const char *const frame[2][6] = {
		{"\u250c", "\u2500", "\u2510", "\u2502", "\u2514", "\u2518"},
		{"+", "-", "+", "|", "+", "+"},
	};
	const char *const *f = frame[draw_ascii ? 1 : 0];
	struct strbuf top = STRBUF_INIT, bottom = STRBUF_INIT;
	strbuf_addstr(&top, f[0]);
	strbuf_addstr(&bottom, f[4]);
	for (int k = 0; k < w - 2; k++) {
		strbuf_addstr(&top, f[1]);
		strbuf_addstr(&bottom, f[1]);
	}
	strbuf_addstr(&top, f[2]);
	strbuf_addstr(&bottom, f[5]);
	draw_text(y, x, w, a, top.buf, top.len);
	draw_text(y + h - 1, x, w, a, bottom.buf, bottom.len);
	for (int k = 1; k < h - 1; k++) {
		draw_text(y + k, x, 1, a, f[3], strlen(f[3]));
		draw_text(y + k, x + w - 1, 1, a, f[3], strlen(f[3]));
	}
	strbuf_release(&top);
	strbuf_release(&bottom);
	draw_text(y, x + 2, w - 4, theme_attr(THEME_HELP_TITLE), title, strlen(title));
	for (int i = 0; i < n; i++) {
		int cur = only_menu[i].only == t->d.only;
		attr_t ia = (size_t)i == t->menu_sel ? theme_attr(THEME_SELECTION) : a;
		char line[96];
		snprintf(line, sizeof(line), "%s %s", cur ? "*" : " ", only_menu[i].label);
		draw_fill(y + 1 + i, x + 1, w - 2, ia);
		draw_text(y + 1 + i, x + 2, w - 4, ia, line, strlen(line));
	}
	draw_text(y + h - 2, x + 2, w - 4, theme_attr(THEME_NOTE), keys, strlen(keys));
}

/* The file name without its directories (the header has little room). */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}

static void draw_header(struct tui *t)
{
	attr_t a = theme_attr(THEME_HEADER);
	struct strbuf sb = STRBUF_INIT;
	char sz[FMT_BUFSZ];
	const struct tui_data *d = &t->d;
	const char *sep = draw_glyph(GLYPH_SEP);
	/* most important first: the right end is cropped on narrow terminals */
	strbuf_addf(&sb, "heaptui %s %s", sep, mode_names[t->mode]);
	if (t->mode == MODE_SUMMARY && d->only != TUI_ONLY_ALL)
		strbuf_addf(&sb, " %s %s", sep, only_label(d->only));
	if (t->filter)
		strbuf_addf(&sb, " %s filter /%s/", sep, filter_pattern(t->filter));
	strbuf_addf(&sb, " %s ", sep);
	if (t->mode == MODE_COMPARISON && d->nsnaps >= 2) {
		const struct snapshot *b = d->snaps[d->base], *g = d->snaps[d->target];
		strbuf_addf(&sb, "base %s (%s)", base_name(b->path),
			    fmt_size(b->file_size, sz, sizeof(sz)));
		strbuf_addf(&sb, " %s target %s (%s)", draw_glyph(GLYPH_ARROW), base_name(g->path),
			    fmt_size(g->file_size, sz, sizeof(sz)));
	} else {
		const struct snapshot *s = d->snaps[d->cur];
		strbuf_addf(&sb, "%s (%s)", base_name(s->path), fmt_size(s->file_size, sz, sizeof(sz)));
		if (d->nsnaps > 1)
			strbuf_addf(&sb, " [%zu/%zu]", d->cur + 1, d->nsnaps);
	}
	const struct snapshot *s = d->snaps[d->cur];
	uint64_t total = s->node_retained ? s->node_retained[s->root] : 0;
	char cnt[FMT_BUFSZ];
	strbuf_addf(&sb, " %s %s objects, %s", sep, fmt_count(s->node_count, cnt, sizeof(cnt)),
		    fmt_size(total, sz, sizeof(sz)));
	draw_fill(0, 0, COLS, a);
	/* file names and the pattern are untrusted: draw_raw sanitizes */
	draw_raw(0, 0, COLS, a, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* One line about the selected object of the focused pane. */
static void draw_detail(struct tui *t, int y)
{
	attr_t a = theme_attr(THEME_DETAIL);
	draw_fill(y, 0, COLS, a);
	draw_fill(y + 1, 0, COLS, a);
	struct view *v = focused_view(t);
	const struct view_row *r = v ? view_selected(v) : NULL;
	size_t sn;
	node_ix n;
	if (!row_object(r, &sn, &n) || sn >= t->d.nsnaps)
		return;
	const struct snapshot *s = t->d.snaps[sn];
	if (n >= s->node_count)
		return;
	struct strbuf sb = STRBUF_INIT;
	int role = THEME_DETAIL;
	if (context_is_context(s, n)) {
		edge_ix via = r->item.kind == VK_RETAINER ? r->item.a : UINT32_MAX;
		context_explain(s, n, via, &sb);
		role = THEME_CONTEXT_NOTE;
	} else {
		char b1[FMT_BUFSZ], b2[FMT_BUFSZ], dist[16];
		strbuf_addf(&sb, "@%u %s ", s->node_id[n], node_type_name(s->node_type[n]));
		view_graph_node_name(s, n, &sb);
		strbuf_addf(&sb, "  self %s  retained %s  distance %s",
			    fmt_size(s->node_self ? s->node_self[n] : 0, b1, sizeof(b1)),
			    fmt_size(s->node_retained ? s->node_retained[n] : 0, b2, sizeof(b2)),
			    analyze_distance_text(s->node_distance ? s->node_distance[n]
								   : DISTANCE_NONE, dist));
		if (s->node_type[n] == NODE_CLOSURE) {
			strbuf_addstr(&sb, "  ");
			context_explain_closure(s, n, &sb);
		}
	}
	/* two lines: cut the sanitized text where the first line is full */
	struct strbuf clean = STRBUF_INIT;
	text_sanitize(&clean, sb.buf ? sb.buf : "", sb.len);
	const char *p = clean.buf ? clean.buf : "";
	size_t len = clean.len, cut = 0, w = 0;
	while (cut < len) {
		uint32_t cp;
		size_t step = text_utf8_decode(p + cut, len - cut, &cp);
		size_t cw = draw_width(p + cut, step);
		if (w + cw > (size_t)(COLS - 2))
			break;
		w += cw;
		cut += step;
	}
	attr_t ra = theme_attr((enum theme_role)role);
	draw_text(y, 1, COLS - 2, ra, p, cut);
	if (cut < len)
		draw_text(y + 1, 1, COLS - 2, ra, p + cut, len - cut);
	strbuf_release(&clean);
	strbuf_release(&sb);
}

static void draw_status(struct tui *t)
{
	int y = LINES - 1;
	attr_t a = theme_attr(THEME_STATUS);
	draw_fill(y, 0, COLS, a);
	if (t->status[0]) {
		draw_raw(y, 0, COLS, theme_attr(t->status_error ? THEME_ERROR : THEME_STATUS),
			 t->status, strlen(t->status));
		return;
	}
	static const char *const hints[][2] = {
		{"?", "help"},   {"q", "quit"},   {"1-4", "views"}, {"Tab", "pane"},
		{"/", "filter"}, {"o", "show"},   {"n/N", "next"},  {"@", "go to id"},
		{"s/r", "sort"}, {"x", "ignore"}, {"p", "Context"},
	};
	int x = 0;
	for (size_t i = 0; i < ARRAY_SIZE(hints) && x < COLS; i++) {
		x += draw_text(y, x, COLS - x, theme_attr(THEME_KEY), hints[i][0],
			       strlen(hints[i][0]));
		x += draw_text(y, x, COLS - x, a, " ", 1);
		x += draw_text(y, x, COLS - x, a, hints[i][1], strlen(hints[i][1]));
		x += draw_text(y, x, COLS - x, a, "  ", 2);
	}
}

static void draw_all(struct tui *t)
{
	erase();
	t->too_small = COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES;
	if (t->too_small) {
		char msg[96];
		snprintf(msg, sizeof(msg), "terminal too small (%dx%d, need %dx%d); q quits", COLS,
			 LINES, TUI_MIN_COLS, TUI_MIN_LINES);
		draw_text(LINES / 2, 0, COLS, theme_attr(THEME_ERROR), msg, strlen(msg));
		return;
	}
	draw_header(t);
	int avail = LINES - 4; /* header, two detail lines, status line */
	if (t->mode == MODE_STATISTICS) {
		view_stats_draw(&t->d, 1, 0, avail + 1, COLS);
	} else {
		int gh = avail * 55 / 100;
		int rh = avail - gh;
		t->grid_y = 1;
		t->grid_h = gh - 1;
		struct view *g = grid_view(t);
		if (t->mode == MODE_COMPARISON && t->d.nsnaps < 2) {
			const char *msg = "Comparison needs two snapshots: heaptui BASE TARGET";
			draw_text(1 + gh / 2, 2, COLS - 4, theme_attr(THEME_NOTE), msg, strlen(msg));
		} else {
			view_draw(g, 1, 0, gh - 1, COLS, !t->focus);
			if (g->filter && g->no_matches) {
				const char *msg = " no matches: showing everything ";
				draw_text(1, COLS - 34, 33, theme_attr(THEME_ERROR), msg, strlen(msg));
			}
			if (t->mode == MODE_SUMMARY && t->d.only != TUI_ONLY_ALL && !g->nrows) {
				char msg[128];
				snprintf(msg, sizeof(msg), "%s: none in this snapshot (Esc shows all objects)",
					 only_label(t->d.only));
				draw_text(2, 2, COLS - 4, theme_attr(THEME_NOTE), msg, strlen(msg));
			}
		}
		/* Retainers pane title */
		int ry = 1 + gh;
		attr_t ta = theme_attr(t->focus ? THEME_PANE_FOCUSED : THEME_PANE_UNFOCUSED);
		draw_fill(ry, 0, COLS, ta);
		struct strbuf sb = STRBUF_INIT;
		strbuf_addstr(&sb, "Retainers");
		if (t->d.ret_node != NODE_NONE) {
			const struct snapshot *s = t->d.snaps[t->d.ret_snap];
			strbuf_addstr(&sb, " of ");
			view_graph_node_name(s, t->d.ret_node, &sb);
			strbuf_addf(&sb, " @%u", s->node_id[t->d.ret_node]);
			if (t->d.pv[t->d.ret_snap].nignored)
				strbuf_addf(&sb, " (%u ignored, X restores)",
					    t->d.pv[t->d.ret_snap].nignored);
		} else {
			strbuf_addstr(&sb, ": select an object");
		}
		draw_raw(ry, 1, COLS - 2, ta, sb.buf, sb.len);
		strbuf_release(&sb);
		t->ret_y = ry + 1;
		t->ret_h = rh - 2;
		view_draw(&t->ret, ry + 1, 0, rh - 2, COLS, t->focus);
	}
	draw_detail(t, LINES - 3);
	draw_status(t);
	if (t->help) {
		int w = MIN(COLS - 4, 76), h = LINES - 4;
		int x = (COLS - w) / 2;
		t->help_top = help_draw(2, x, h, w, t->help_top);
	}
	if (t->menu)
		draw_menu(t);
}

static void redraw_cb(void *ctx)
{
	draw_all(ctx);
}

/* ---- actions ------------------------------------------------------------ */

static void set_filter(struct tui *t, struct filter *f)
{
	if (t->filter)
		filter_free(t->filter);
	t->filter = f;
	for (size_t i = 0; i < 3; i++)
		view_set_filter(&t->grid[i], f);
}

static void action_filter(struct tui *t)
{
	struct strbuf line = STRBUF_INIT;
	if (t->filter)
		strbuf_addstr(&line, filter_pattern(t->filter));
	int ok = prompt_read("/", &line, redraw_cb, t, &got_signal);
	if (ok) {
		if (!line.len) {
			set_filter(t, NULL);
			set_status(t, 0, "filter cleared");
		} else {
			struct filter *f;
			struct ht_error err;
			ht_error_init(&err);
			if (filter_compile(&f, line.buf, &err) < 0) {
				set_status(t, 1, "%s", err.msg);
			} else {
				set_filter(t, f);
				struct view *g = grid_view(t);
				if (g)
					view_move_to(g, 0);
			}
		}
	}
	strbuf_release(&line);
}

/* Show the Summary with a named filter of only_menu (TUI_ONLY_ALL: none). */
static void set_only(struct tui *t, int only)
{
	t->mode = MODE_SUMMARY;
	t->focus = 0;
	if (t->d.only == only)
		return;
	t->d.only = only;
	/* other rows: expansion and selection start afresh */
	view_reset(&t->grid[MODE_SUMMARY]);
	set_status(t, 0, "Summary: %s", only_label(only));
}

static void action_only_menu(struct tui *t)
{
	t->menu = 1;
	t->menu_sel = 0;
	for (size_t i = 0; i < ARRAY_SIZE(only_menu); i++)
		if (only_menu[i].only == t->d.only)
			t->menu_sel = i;
}

/* Keys while the filter menu is open: move, pick, cancel. */
static int menu_key(struct tui *t, enum keymap_action a)
{
	size_t last = ARRAY_SIZE(only_menu) - 1;
	switch (a) {
	case ACTION_UP:
		if (t->menu_sel > 0)
			t->menu_sel--;
		break;
	case ACTION_DOWN:
		if (t->menu_sel < last)
			t->menu_sel++;
		break;
	case ACTION_TOP:
	case ACTION_PAGE_UP:
		t->menu_sel = 0;
		break;
	case ACTION_BOTTOM:
	case ACTION_PAGE_DOWN:
		t->menu_sel = last;
		break;
	case ACTION_EXPAND:
		t->menu = 0;
		set_only(t, only_menu[t->menu_sel].only);
		break;
	case ACTION_QUIT:
	case ACTION_ONLY_ALL: /* Esc */
	case ACTION_ONLY_MENU:
	case ACTION_COLLAPSE:
		t->menu = 0;
		break;
	case ACTION_QUIT_NOW:
		return TUI_QUIT;
	default:
		return 0;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

/*
 * Where node n shows in the Summary with its current named filter: the tag
 * of its row, and in *parent the tag of the class row to expand (0 if
 * none). 0 when it is not listed.
 */
static uint64_t summary_find(struct tui_data *d, node_ix n, uint64_t *parent)
{
	const struct snapshot *s = d->snaps[d->cur];
	uint16_t snap = (uint16_t)d->cur;
	tui_data_summary(d);
	*parent = 0;
	if (d->only == ONLY_DETACHED) {
		for (uint32_t i = 0; i < d->ntrees; i++) {
			if (d->trees[i].root == n) {
				struct view_item it = {.tag = n, .kind = VK_DTREE, .snap = snap};
				return view_child_tag(0, &it);
			}
		}
		return 0;
	}
	class_ix c = s->node_class ? s->node_class[n] : UINT32_MAX;
	for (uint32_t i = 0; i < d->sm.count; i++) {
		if (d->sm.rows[i].cls != c)
			continue;
		uint32_t count;
		const node_ix *nodes = summary_instances(&d->sm, i, &count);
		for (uint32_t k = 0; k < count; k++) {
			if (nodes[k] == n) {
				struct view_item ci = {.tag = c, .kind = VK_CLASS, .snap = snap};
				struct view_item ni = {.tag = n, .kind = VK_NODE, .snap = snap};
				*parent = view_child_tag(0, &ci);
				return view_child_tag(*parent, &ni);
			}
		}
	}
	return 0;
}

/* `@`: find the node, show it in Summary under its class, open its retainers. */
static void action_goto(struct tui *t)
{
	struct strbuf line = STRBUF_INIT;
	int ok = prompt_read("go to node id: @", &line, redraw_cb, t, &got_signal);
	if (!ok || !line.len) {
		strbuf_release(&line);
		return;
	}
	const char *p = line.buf;
	if (*p == '@')
		p++;
	char *end;
	errno = 0;
	unsigned long long id = strtoull(p, &end, 10);
	if (!*p || *end || errno || id > UINT32_MAX || *p == '-') {
		set_status(t, 1, "not a node id: '%s'", line.buf);
		strbuf_release(&line);
		return;
	}
	strbuf_release(&line);
	struct tui_data *d = &t->d;
	const struct snapshot *s = d->snaps[d->cur];
	node_ix n = snapshot_find_id(s, (uint32_t)id);
	if (n == NODE_NONE) {
		set_status(t, 1, "no node @%llu in %s", id, s->path);
		return;
	}
	t->mode = MODE_SUMMARY;
	t->focus = 0;
	uint64_t parent, tag = summary_find(d, n, &parent);
	if (!tag && d->only != TUI_ONLY_ALL) {
		/* not among the filtered rows: look among all objects */
		set_only(t, TUI_ONLY_ALL);
		tag = summary_find(d, n, &parent);
	}
	if (!tag) {
		/* not in Summary (size 0): show its retainers anyway */
		retainers_show(t, d->cur, n);
		t->focus = 1;
		set_status(t, 0, "@%llu is not listed in Summary (no shallow size); retainers shown",
			   id);
		return;
	}
	struct view *g = &t->grid[MODE_SUMMARY];
	if (parent)
		view_expand_tag(g, parent);
	view_reveal(g, tag);
	view_rebuild(g);
	set_status(t, 0, "@%llu", id);
}

/* Another snapshot became base or target: drop what depended on it. */
static void files_changed(struct tui *t)
{
	t->d.cur = t->d.target;
	for (size_t i = 0; i < 3; i++)
		view_reset(&t->grid[i]);
	t->grid[MODE_CONTAINMENT].root_node = t->d.snaps[t->d.cur]->root;
	retainers_show(t, 0, NODE_NONE);
}

static void action_pick(struct tui *t, int target)
{
	struct tui_data *d = &t->d;
	if (d->nsnaps < 2) {
		set_status(t, 1, "only one snapshot");
		return;
	}
	size_t *which = target ? &d->target : &d->base;
	size_t other = target ? d->base : d->target;
	size_t v = *which;
	do
		v = (v + 1) % d->nsnaps;
	while (v == other);
	if (v == *which) {
		set_status(t, 0, "only two snapshots: nothing else to pick");
		return;
	}
	*which = v;
	files_changed(t);
	set_status(t, 0, "base %zu, target %zu", d->base + 1, d->target + 1);
}

static void action_ignore(struct tui *t, int all)
{
	struct tui_data *d = &t->d;
	if (d->ret_node == NODE_NONE)
		return;
	struct paths_view *pv = &d->pv[d->ret_snap];
	if (all) {
		if (!pv->nignored)
			return;
		node_ix *list = xmallocarray(pv->nignored, sizeof(*list));
		size_t k = 0;
		for (node_ix i = 0; i < pv->s->node_count && k < pv->nignored; i++)
			if (pv->ignored && pv->ignored[i])
				list[k++] = i;
		paths_view_unignore(pv, list, k);
		free(list);
		set_status(t, 0, "no retainer ignored");
	} else {
		const struct view_row *r = view_selected(&t->ret);
		if (!t->focus || !r || r->item.kind != VK_RETAINER ||
		    (r->flags & (VIEW_ROW_MORE | VIEW_ROW_NOTE))) {
			set_status(t, 1, "select a retainer in the Retainers pane (Tab) to ignore it");
			return;
		}
		node_ix n = r->item.node;
		paths_view_ignore(pv, &n, 1);
		set_status(t, 0, "ignoring @%u (X restores)", pv->s->node_id[n]);
	}
	retainers_show(t, d->ret_snap, d->ret_node);
}

static void action_next_context(struct tui *t)
{
	struct view *v = &t->ret;
	view_rebuild(v);
	/* coming from the grid, the selected row itself counts */
	for (size_t k = t->focus ? 1 : 0; k <= v->nrows; k++) {
		size_t i = (v->sel + k) % v->nrows;
		const struct view_row *r = &v->rows[i];
		if (r->flags & (VIEW_ROW_MORE | VIEW_ROW_NOTE) || r->item.kind != VK_RETAINER)
			continue;
		if (context_is_context(t->d.snaps[r->item.snap], r->item.node)) {
			view_move_to(v, i);
			t->focus = 1;
			return;
		}
	}
	set_status(t, 0, "no Context on the path");
}

static int page(struct tui *t)
{
	struct view *v = focused_view(t);
	int h = v ? v->height : 10;
	return h > 1 ? h - 1 : 1;
}

static int handle_key(struct tui *t, int key)
{
	if (key == KEY_RESIZE)
		return TUI_REDRAW;
	enum keymap_action a = keymap_lookup(key);
	if (key == KEY_ESCAPE && t->help)
		a = ACTION_QUIT;
	if (t->too_small && a != ACTION_QUIT && a != ACTION_QUIT_NOW && a != ACTION_REDRAW)
		return 0;
	if (t->menu)
		return menu_key(t, a);
	if (t->help) {
		/* the overlay takes movement keys; anything else closes it */
		switch (a) {
		case ACTION_DOWN:
			t->help_top++;
			return TUI_REDRAW;
		case ACTION_UP:
			if (t->help_top > 0)
				t->help_top--;
			return TUI_REDRAW;
		case ACTION_PAGE_DOWN:
			t->help_top += LINES / 2;
			return TUI_REDRAW;
		case ACTION_PAGE_UP:
			t->help_top = MAX(0, t->help_top - LINES / 2);
			return TUI_REDRAW;
		case ACTION_TOP:
			t->help_top = 0;
			return TUI_REDRAW;
		case ACTION_BOTTOM:
			t->help_top = help_lines();
			return TUI_REDRAW;
		case ACTION_QUIT_NOW:
			return TUI_QUIT;
		default:
			t->help = 0;
			return TUI_REDRAW;
		}
	}
	struct view *v = focused_view(t);
	t->status[0] = '\0';
	switch (a) {
	case ACTION_UP:
		if (v)
			view_move(v, -1);
		break;
	case ACTION_DOWN:
		if (v)
			view_move(v, 1);
		break;
	case ACTION_PAGE_UP:
		if (v)
			view_move(v, -page(t));
		break;
	case ACTION_PAGE_DOWN:
		if (v)
			view_move(v, page(t));
		break;
	case ACTION_HALF_UP:
		if (v)
			view_move(v, -(page(t) + 1) / 2);
		break;
	case ACTION_HALF_DOWN:
		if (v)
			view_move(v, (page(t) + 1) / 2);
		break;
	case ACTION_TOP:
		if (v)
			view_move_to(v, 0);
		break;
	case ACTION_BOTTOM:
		if (v)
			view_move_to(v, SIZE_MAX);
		break;
	case ACTION_FOCUS:
		if (t->mode != MODE_STATISTICS)
			t->focus = !t->focus;
		break;
	case ACTION_EXPAND:
		if (v)
			view_expand(v);
		break;
	case ACTION_COLLAPSE:
		if (v)
			view_collapse(v);
		break;
	case ACTION_EXPAND_ALL:
		if (v)
			view_expand_all(v);
		break;
	case ACTION_SORT:
		if (v)
			view_sort_next(v);
		break;
	case ACTION_REVERSE:
		if (v)
			view_sort_reverse(v);
		break;
	case ACTION_VIEW_SUMMARY:
	case ACTION_VIEW_COMPARISON:
	case ACTION_VIEW_CONTAINMENT:
	case ACTION_VIEW_STATISTICS:
		t->mode = (enum tui_mode)(a - ACTION_VIEW_SUMMARY);
		if (t->mode == MODE_STATISTICS || (t->mode == MODE_COMPARISON && t->d.nsnaps < 2))
			t->focus = 0;
		break;
	case ACTION_BASE:
		action_pick(t, 0);
		break;
	case ACTION_TARGET:
		action_pick(t, 1);
		break;
	case ACTION_FILTER:
		action_filter(t);
		break;
	case ACTION_NEXT_MATCH:
	case ACTION_PREV_MATCH:
		if (!t->filter)
			set_status(t, 1, "no filter: / sets one");
		else if (v && !view_find(v, t->filter, a == ACTION_NEXT_MATCH ? 1 : -1))
			set_status(t, 0, "no match");
		break;
	case ACTION_GOTO:
		action_goto(t);
		break;
	case ACTION_ONLY_MENU:
		action_only_menu(t);
		break;
	case ACTION_ONLY_ALL:
		if (t->mode != MODE_SUMMARY || t->d.only == TUI_ONLY_ALL)
			return 0;
		set_only(t, TUI_ONLY_ALL);
		break;
	case ACTION_IGNORE:
		action_ignore(t, 0);
		break;
	case ACTION_UNIGNORE:
		action_ignore(t, 1);
		break;
	case ACTION_NEXT_CONTEXT:
		action_next_context(t);
		break;
	case ACTION_HELP:
		t->help = 1;
		t->help_top = 0;
		break;
	case ACTION_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACTION_QUIT:
	case ACTION_QUIT_NOW:
		return TUI_QUIT;
	default:
		return 0;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

static void handle_mouse(struct tui *t)
{
	MEVENT ev;
	if (getmouse(&ev) != OK || t->too_small || t->help || t->menu)
		return;
	struct view *v = NULL;
	int y0 = 0;
	if (t->mode != MODE_STATISTICS && ev.y >= t->ret_y + 1 && ev.y < t->ret_y + 1 + t->ret_h) {
		v = &t->ret;
		y0 = t->ret_y + 1;
		t->focus = 1;
	} else if (grid_view(t) && ev.y >= t->grid_y + 1 && ev.y < t->grid_y + 1 + t->grid_h) {
		v = grid_view(t);
		y0 = t->grid_y + 1;
		t->focus = 0;
	}
	if (!v)
		return;
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED) {
		view_move(v, 3);
		return;
	}
#endif
	if (ev.bstate & BUTTON4_PRESSED) {
		view_move(v, -3);
		return;
	}
	if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
		view_move_to(v, v->top + (size_t)(ev.y - y0));
	} else if (ev.bstate & BUTTON1_DOUBLE_CLICKED) {
		view_move_to(v, v->top + (size_t)(ev.y - y0));
		view_expand(v);
	}
}

/* ---- setup and loop ----------------------------------------------------- */

static void install_signals(struct sigaction *old)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: a blocked read returns so the loop sees the flag */
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, &old[i]);
}

static void restore_signals(const struct sigaction *old)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &old[i], NULL);
}

/* ---- --bench-keys ----------------------------------------------------- */

#define BENCH_KEYS_MAX 100 /* curses' push-back queue holds a little more */

static const struct {
	const char *name;
	int key;
} bench_key_names[] = {
	{"Enter", '\r'}, {"Esc", KEY_ESCAPE}, {"Tab", '\t'},     {"Up", KEY_UP},
	{"Down", KEY_DOWN}, {"Left", KEY_LEFT}, {"Right", KEY_RIGHT}, {"PgUp", KEY_PPAGE},
	{"PgDn", KEY_NPAGE}, {"Home", KEY_HOME}, {"End", KEY_END},
};

/* "ab<Enter>" -> keys; -1 on an unknown <Name> or too many keys. */
static int bench_parse(const char *spec, int *keys, size_t *n)
{
	*n = 0;
	for (const char *p = spec; *p; *n += 1) {
		if (*n == BENCH_KEYS_MAX)
			return -1;
		if (*p != '<' || !strchr(p, '>')) {
			keys[*n] = (unsigned char)*p++;
			continue;
		}
		size_t len = (size_t)(strchr(p, '>') - p - 1), i;
		for (i = 0; i < ARRAY_SIZE(bench_key_names); i++)
			if (strlen(bench_key_names[i].name) == len &&
			    !strncmp(p + 1, bench_key_names[i].name, len))
				break;
		if (i == ARRAY_SIZE(bench_key_names))
			return -1;
		keys[*n] = bench_key_names[i].key;
		p += len + 2;
	}
	return 0;
}

static const char *bench_key_label(int key, char *buf, size_t size)
{
	for (size_t i = 0; i < ARRAY_SIZE(bench_key_names); i++)
		if (bench_key_names[i].key == key)
			return bench_key_names[i].name;
	snprintf(buf, size, "%c", key > ' ' && key < 127 ? key : '?');
	return buf;
}

static void bench_draw(struct tui *t)
{
	retainers_follow(t);
	draw_all(t);
	wnoutrefresh(stdscr);
	doupdate();
}

/*
 * The replay: the keys go into curses' input queue (so prompts read theirs
 * as from a terminal); each key read by the loop is handled and the screen
 * redrawn, and that is timed.
 */
static int bench_run(struct tui *t, const int *keys, size_t n)
{
	double t0 = ht_now(), max = 0;
	bench_draw(t);
	printf("first-screen\t%.1f\n", (ht_now() - t0) * 1000);
	t0 = ht_now();
	tui_data_prepare(&t->d);
	printf("idle-prepare\t%.1f\n", (ht_now() - t0) * 1000);
	for (size_t i = n; i-- > 0;)
		ungetch(keys[i]);
	timeout(0);
	for (int key; (key = getch()) != ERR;) {
		char buf[4];
		t0 = ht_now();
		int r = handle_key(t, key);
		bench_draw(t);
		double ms = (ht_now() - t0) * 1000;
		max = ms > max ? ms : max;
		printf("%s\t%.1f\n", bench_key_label(key, buf, sizeof(buf)), ms);
		if (r & TUI_QUIT)
			break;
	}
	printf("max\t%.1f\n", max);
	return 0;
}

int tui_run(struct snapshot **snaps, size_t nsnaps, const struct tui_options *opt)
{
	static int atexit_done;
	if (!nsnaps)
		return 1;
	if (nsnaps > UINT16_MAX) {
		fprintf(stderr, "heaptui: too many snapshots for the UI (at most %u)\n", UINT16_MAX);
		return 2;
	}
	setlocale(LC_ALL, "");
	const char *cs = nl_langinfo(CODESET);
	draw_ascii = !(cs && (!strcasecmp(cs, "UTF-8") || !strcasecmp(cs, "utf8")));

	struct ht_error err;
	ht_error_init(&err);
	char theme_msg[700] = "";
	if (theme_choose(opt->theme, opt->color, &err) < 0) {
		ht_error_format(&err, theme_msg, sizeof(theme_msg));
		struct strbuf sb = STRBUF_INIT;
		text_sanitize(&sb, theme_msg, strlen(theme_msg));
		fprintf(stderr, "heaptui: %s (using the default theme)\n", sb.buf ? sb.buf : "");
		snprintf(theme_msg, sizeof(theme_msg), "%s (using the default theme)",
			 sb.buf ? sb.buf : "");
		strbuf_release(&sb);
	}

	struct tui *t = xcalloc(1, sizeof(*t));
	tui_data_init(&t->d, snaps, nsnaps);
	if (opt->base < nsnaps && opt->target < nsnaps) {
		/* --base/--target; the Summary shows the target */
		t->d.base = opt->base;
		t->d.target = t->d.cur = opt->target;
	}
	view_init(&t->grid[MODE_SUMMARY], &view_summary_source, &t->d);
	view_init(&t->grid[MODE_COMPARISON], &view_compare_source, &t->d);
	view_init(&t->grid[MODE_CONTAINMENT], &view_contain_source, &t->d);
	view_init(&t->ret, &view_retainers_source, &t->d);
	view_sort_set(&t->grid[MODE_SUMMARY], 3, 1);
	view_sort_set(&t->grid[MODE_COMPARISON], 4, 1);
	view_sort_set(&t->grid[MODE_CONTAINMENT], 3, 1);
	view_sort_set(&t->ret, 1, 0);
	t->grid[MODE_CONTAINMENT].root_node = snaps[t->d.cur]->root;
	t->d.ret_node = NODE_NONE;
	t->mode = nsnaps >= 2 ? MODE_SUMMARY : MODE_SUMMARY;
	t->mouse = opt->mouse;
	if (theme_msg[0])
		set_status(t, 1, "%s", theme_msg);
	if (opt->filter) {
		struct filter *f;
		ht_error_init(&err);
		if (filter_compile(&f, opt->filter, &err) < 0)
			set_status(t, 1, "%s", err.msg);
		else
			set_filter(t, f);
	}

	/* a short ESC delay unless the user set one */
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	int bench_keys[BENCH_KEYS_MAX], bad = 0;
	size_t nbench = 0;
	FILE *devnull = NULL;
	if (opt->bench_keys) {
		if (bench_parse(opt->bench_keys, bench_keys, &nbench) < 0) {
			fprintf(stderr, "heaptui: --bench-keys: bad key list (at most %d keys;"
				" <Name> is one of Enter Esc Tab Up Down Left Right PgUp PgDn"
				" Home End)\n", BENCH_KEYS_MAX);
			bad = 1;
		} else if (!(devnull = fopen("/dev/null", "r+"))) {
			fprintf(stderr, "heaptui: cannot open /dev/null: %s\n", strerror(errno));
			bad = 1;
		} else {
			setenv("LINES", "40", 0);
			setenv("COLUMNS", "120", 0);
		}
	}
	screen = bad ? NULL : devnull ? newterm("xterm-256color", devnull, devnull)
				     : newterm(NULL, stdout, stdin);
	if (!screen) {
		const char *term = devnull ? "xterm-256color" : getenv("TERM");
		struct strbuf sb = STRBUF_INIT;
		text_sanitize(&sb, term ? term : "", term ? strlen(term) : 0);
		if (!bad)
			fprintf(stderr, "heaptui: cannot use terminal type '%s'\n",
				sb.buf ? sb.buf : "");
		strbuf_release(&sb);
		if (devnull)
			fclose(devnull);
		set_filter(t, NULL);
		for (size_t i = 0; i < 3; i++)
			view_release(&t->grid[i]);
		view_release(&t->ret);
		tui_data_release(&t->d);
		free(t);
		return 1;
	}
	if (!atexit_done) {
		atexit(restore_at_exit);
		atexit_done = 1;
	}
	struct sigaction old[4];
	got_signal = 0;
	install_signals(old);
	set_term(screen);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	curs_set(0);
	theme_apply();
	if (t->mouse)
		mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
				  | BUTTON5_PRESSED
#endif
			  , NULL);

	int status = 0, dirty = 1, prepared = 0;
	for (;;) {
		if (devnull) {
			status = bench_run(t, bench_keys, nbench);
			break;
		}
		if (got_signal)
			break;
		if (dirty) {
			retainers_follow(t);
			draw_all(t);
			wnoutrefresh(stdscr);
			doupdate();
			dirty = 0;
		}
		if (!prepared) {
			/* the first screen is up; keys typed now wait in the tty */
			tui_data_prepare(&t->d);
			prepared = 1;
		}
		timeout(1000); /* wake now and then to see signal flags; draws nothing */
		int key = getch();
		if (key == ERR)
			continue;
		int quit = 0;
		for (int n = 0; key != ERR && n < TUI_BATCH; n++) {
			int r = key == KEY_MOUSE ? (handle_mouse(t), TUI_REDRAW) : handle_key(t, key);
			if (r & TUI_QUIT) {
				quit = 1;
				break;
			}
			if (r)
				dirty = 1;
			if (got_signal)
				break;
			timeout(0);
			key = getch();
		}
		if (quit)
			break;
	}
	if (got_signal)
		status = 128 + got_signal;
	endwin();
	delscreen(screen);
	screen = NULL;
	if (devnull)
		fclose(devnull);
	restore_signals(old);

	set_filter(t, NULL);
	for (size_t i = 0; i < 3; i++)
		view_release(&t->grid[i]);
	view_release(&t->ret);
	tui_data_release(&t->d);
	free(t);
	return status;
}
