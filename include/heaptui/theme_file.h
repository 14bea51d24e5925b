/*
 * theme_file.h - colour themes without curses: the list of colour roles,
 * the theme file parser, theme lookup and colour step-down.
 *
 * A theme file has one role per line:
 *
 *     # comment
 *     ROLE FG BG [ATTR...]
 *
 * ROLE is a name from THEME_ROLES below; FG and BG are `default`, a colour
 * name (black red green yellow blue magenta cyan white, bright-black ...
 * bright-white; grey/gray = bright-black), a number 0-255 or #rrggbb;
 * ATTR is bold, underline, reverse, dim, italic or normal. A `#` that does
 * not start a #rrggbb colour starts a comment. Roles a file leaves out keep
 * the built-in default's style. This part is curses-free so it is unit
 * tested and fuzzed; theme.h turns a parsed theme into curses attributes.
 */
#ifndef HEAPTUI_THEME_FILE_H
#define HEAPTUI_THEME_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "heaptui/util.h"

/*
 * Every colour role: X(ID, "name", mono attributes, "what it colours").
 * The mono attributes are what the role gets without colour (NO_COLOR,
 * --color never, a terminal without colours), so every role stays
 * distinguishable where it matters (selection, focus, errors, matches).
 */
#define THEME_ROLES(X)                                                                     \
	X(NORMAL, "normal", 0, "default text")                                                 \
	X(HEADER, "header", THEME_REVERSE, "the header line")                                  \
	X(STATUS, "status", THEME_REVERSE, "the status line")                                  \
	X(KEY, "key", THEME_BOLD | THEME_REVERSE, "key names in the status line and help")     \
	X(SELECTION, "selection", THEME_REVERSE, "the selected row of the focused pane")       \
	X(SELECTION_UNFOCUSED, "selection-unfocused", THEME_UNDERLINE,                          \
	  "the selected row of the other pane")                                                 \
	X(PANE_FOCUSED, "pane-focused", THEME_BOLD | THEME_REVERSE, "title of the focused pane") \
	X(PANE_UNFOCUSED, "pane-unfocused", THEME_UNDERLINE, "title of the other pane")        \
	X(COLUMN_HEADER, "column-header", THEME_UNDERLINE, "column titles")                   \
	X(SORT_COLUMN, "sort-column", THEME_BOLD | THEME_UNDERLINE, "the sorted column title")  \
	X(TREE, "tree", 0, "tree glyphs and indentation")                                      \
	X(NUMBER, "number", 0, "counts and distances")                                         \
	X(SIZE, "size", 0, "byte sizes")                                                       \
	X(PERCENT, "percent", THEME_DIM, "percentages")                                        \
	X(DELTA_POSITIVE, "delta-positive", THEME_BOLD, "growth (+4, +1.2 MB)")                \
	X(DELTA_NEGATIVE, "delta-negative", 0, "shrinkage (-4)")                               \
	X(NODE_ID, "node-id", THEME_DIM, "object ids (@123)")                                  \
	X(EDGE_CONTEXT, "edge-context", 0, "context variable edges")                           \
	X(EDGE_ELEMENT, "edge-element", 0, "element edges ([0])")                              \
	X(EDGE_PROPERTY, "edge-property", 0, "property edges")                                 \
	X(EDGE_INTERNAL, "edge-internal", THEME_DIM, "internal edges")                         \
	X(EDGE_HIDDEN, "edge-hidden", THEME_DIM, "hidden edges")                               \
	X(EDGE_SHORTCUT, "edge-shortcut", 0, "shortcut edges")                                 \
	X(EDGE_WEAK, "edge-weak", THEME_DIM, "weak edges")                                     \
	X(NODE_OBJECT, "node-object", 0, "objects and class names")                            \
	X(NODE_CLOSURE, "node-closure", 0, "functions")                                        \
	X(NODE_STRING, "node-string", 0, "strings")                                            \
	X(NODE_ARRAY, "node-array", 0, "arrays")                                               \
	X(NODE_NUMBER, "node-number", 0, "heap numbers and bigints")                           \
	X(NODE_CODE, "node-code", THEME_DIM, "compiled code")                                  \
	X(NODE_SYSTEM, "node-system", THEME_DIM, "hidden (system) objects")                    \
	X(NODE_NATIVE, "node-native", 0, "native objects and DOM")                             \
	X(NODE_SYNTHETIC, "node-synthetic", THEME_DIM, "synthetic roots")                      \
	X(CONTEXT_NOTE, "context-note", THEME_BOLD, "Context explanations")                    \
	X(DETAIL, "detail", 0, "the detail bar of the selected object")                        \
	X(MATCH, "match", THEME_BOLD | THEME_UNDERLINE, "filter matches")                      \
	X(NOTE, "note", THEME_DIM, "notes: N more, no matches, cycles")                        \
	X(ERROR, "error", THEME_BOLD | THEME_REVERSE, "error messages")                        \
	X(BAR, "bar", THEME_REVERSE, "Statistics bars")                                        \
	X(PROGRESS, "progress", THEME_REVERSE, "the loading progress bar")                     \
	X(HELP, "help", 0, "the help overlay")                                                 \
	X(HELP_TITLE, "help-title", THEME_BOLD, "headings of the help overlay")

enum theme_role {
#define X(id, name, mono, help) THEME_##id,
	THEME_ROLES(X)
#undef X
	THEME_ROLE_COUNT
};

/* Attribute bits (mapped onto A_* by theme.c). */
enum {
	THEME_BOLD = 1 << 0,
	THEME_UNDERLINE = 1 << 1,
	THEME_REVERSE = 1 << 2,
	THEME_DIM = 1 << 3,
	THEME_ITALIC = 1 << 4,
};

enum theme_color_kind {
	THEME_COLOR_DEFAULT, /* the terminal's default colour */
	THEME_COLOR_INDEX,   /* palette index 0-255 (0-15 are the named colours) */
	THEME_COLOR_RGB,     /* 24-bit 0xRRGGBB */
};

struct theme_color {
	uint8_t kind;        /* enum theme_color_kind */
	uint32_t value;      /* index or 0xRRGGBB */
};

struct theme_style {
	struct theme_color fg; /* foreground */
	struct theme_color bg; /* background */
	uint8_t attrs;         /* THEME_BOLD ... */
};

struct theme {
	struct theme_style role[THEME_ROLE_COUNT]; /* one style per role */
};

/* Role name ("delta-positive"), or NULL when out of range. */
const char *theme_role_name(enum theme_role r);
/* Role by name, or -1. */
int theme_role_find(const char *name);
/* Attributes a role gets without colour. */
uint8_t theme_role_mono(enum theme_role r);
/* One-line description of a role (man page, help). */
const char *theme_role_help(enum theme_role r);

/* The built-in default as theme-file text (themes/default.theme is a copy). */
extern const char theme_builtin_default[];

/* Fill t with the built-in default (never fails). */
void theme_init_default(struct theme *t);
/* Fill t with the no-colour theme: every role's mono attributes. */
void theme_init_mono(struct theme *t);

/*
 * Parse theme text over `t` (which holds the styles roles keep when the
 * text leaves them out). On the first bad line returns -1 with err->where
 * "NAME:LINE" and a message; `t` is then partly updated, so callers reload
 * the default. `name` is the file name used in messages.
 */
int theme_parse(struct theme *t, const char *name, const char *text, size_t len,
		struct ht_error *err);

/* Read and parse a file (at most 64 KiB) over `t`; -1 with err on failure. */
int theme_load_file(struct theme *t, const char *path, struct ht_error *err);

/* Parse one colour word; -1 if it is not one. */
int theme_parse_color(const char *word, size_t len, struct theme_color *c);

/*
 * Where a theme comes from, first match wins: `arg` (--theme NAME|PATH),
 * $HEAPTUI_THEME, $XDG_CONFIG_HOME/heaptui/theme (~/.config/... when unset),
 * else none (the built-in default). A NAME (no '/', no ".theme" suffix) is
 * looked up as NAME.theme in each of `dirs` (NULL-terminated) in order.
 * Returns 1 with the file path in `path`; 0 with "default" or "mono" in
 * `path` for a built-in theme (names found in no directory, or nothing
 * configured); -1 with err when a named theme cannot be found.
 * `*explicit_out` is set when the theme came from --theme or $HEAPTUI_THEME.
 */
int theme_resolve(const char *arg, const char *const *dirs, char *path, size_t size,
		  int *explicit_out, struct ht_error *err);

/* Colour step-down: nearest xterm-256 index of an RGB colour. */
uint8_t theme_rgb_to_256(uint32_t rgb);
/* Nearest of the 16 ANSI colours for a 256-palette index. */
uint8_t theme_256_to_16(uint8_t idx);
/* The 8-colour version of a 16-colour index (bright colours lose brightness). */
uint8_t theme_16_to_8(uint8_t idx);
/* A colour resolved for a terminal with `colors` colours (8, 16, 256):
 * -1 for default, else a palette index below `colors`. */
int theme_color_for(const struct theme_color *c, int colors);

#endif
