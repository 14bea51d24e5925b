/*
 * keymap.h - every user action and its keys, from ONE list.
 *
 * KEYMAP_ACTIONS generates the action enum, the action names, the key
 * bindings used for dispatch, the `?` help overlay (help.c) and the list
 * the man page is checked against, so help cannot drift from the keys.
 * X(ID, "name", "keys as shown", "help text", key codes...)
 */
#ifndef HEAPTUI_KEYMAP_H
#define HEAPTUI_KEYMAP_H

#include <curses.h>

#define KEY_CTRL(c) ((c) & 0x1f)
#define KEY_ESCAPE 27
#define KEY_TAB '\t'

/* Help groups: a pseudo action starting each group of the help overlay. */
#define KEYMAP_ACTIONS(X)                                                                      \
	X(GROUP_MOVE, "", "", "Moving", 0)                                                     \
	X(UP, "up", "k Up", "move up", 'k', KEY_UP)                                            \
	X(DOWN, "down", "j Down", "move down", 'j', KEY_DOWN)                                  \
	X(PAGE_UP, "page-up", "PgUp C-b", "one page up", KEY_PPAGE, KEY_CTRL('b'))             \
	X(PAGE_DOWN, "page-down", "PgDn C-f", "one page down", KEY_NPAGE, KEY_CTRL('f'))       \
	X(HALF_UP, "half-page-up", "C-u", "half a page up", KEY_CTRL('u'))                     \
	X(HALF_DOWN, "half-page-down", "C-d", "half a page down", KEY_CTRL('d'))               \
	X(TOP, "top", "g Home", "first row", 'g', KEY_HOME)                                    \
	X(BOTTOM, "bottom", "G End", "last row", 'G', KEY_END)                                 \
	X(FOCUS, "focus", "Tab", "switch between the grid and the Retainers pane", KEY_TAB,    \
	  KEY_BTAB)                                                                            \
	X(GROUP_TREE, "", "", "Tree", 0)                                                       \
	X(EXPAND, "expand", "Enter Right l", "expand the row (or show N more)", '\n', '\r',    \
	  KEY_ENTER, KEY_RIGHT, 'l')                                                           \
	X(COLLAPSE, "collapse", "Left h", "collapse the row, or go to its parent", KEY_LEFT,   \
	  'h')                                                                                 \
	X(EXPAND_ALL, "expand-all", "*", "expand all children of the row (bounded)", '*')      \
	X(SORT, "sort", "s", "sort by the next column", 's')                                   \
	X(REVERSE, "reverse", "r", "reverse the sort order", 'r')                              \
	X(GROUP_VIEWS, "", "", "Views", 0)                                                     \
	X(VIEW_SUMMARY, "summary", "1", "Summary: classes, their objects, their edges", '1')   \
	X(VIEW_COMPARISON, "comparison", "2", "Comparison: new and deleted objects per class", \
	  '2')                                                                                 \
	X(VIEW_CONTAINMENT, "containment", "3", "Containment: the graph from the root", '3')   \
	X(VIEW_STATISTICS, "statistics", "4", "Statistics: sizes by kind", '4')                \
	X(BASE, "base", "b", "Comparison: next base snapshot", 'b')                            \
	X(TARGET, "target", "t", "Comparison: next target snapshot", 't')                      \
	X(GROUP_FIND, "", "", "Finding", 0)                                                    \
	X(FILTER, "filter", "/", "filter by regex (empty clears)", '/')                        \
	X(NEXT_MATCH, "next-match", "n", "next row matching the filter", 'n')                  \
	X(PREV_MATCH, "prev-match", "N", "previous row matching the filter", 'N')              \
	X(GOTO, "goto", "@", "go to a node id (shown in Summary)", '@')                        \
	X(ONLY_MENU, "only-menu", "o",                                                         \
	  "Summary: show detached DOM, duplicated strings or all", 'o')                        \
	X(ONLY_ALL, "only-all", "Esc", "Summary: back to all objects", KEY_ESCAPE)             \
	X(GROUP_RETAINERS, "", "", "Retainers", 0)                                             \
	X(IGNORE, "ignore", "x", "ignore the selected retainer", 'x')                          \
	X(UNIGNORE, "unignore", "X", "stop ignoring all retainers", 'X')                       \
	X(NEXT_CONTEXT, "next-context", "p", "jump to the next Context on the path", 'p')      \
	X(GROUP_OTHER, "", "", "Other", 0)                                                     \
	X(HELP, "help", "?", "this help", '?')                                                 \
	X(REDRAW, "redraw", "C-l", "redraw the screen", KEY_CTRL('l'))                         \
	X(QUIT, "quit", "q", "close the overlay, or quit", 'q')                                \
	X(QUIT_NOW, "quit-now", "Q", "quit at once", 'Q')

enum keymap_action {
	ACTION_NONE = 0,
#define X(id, name, keys, help, ...) ACTION_##id,
	KEYMAP_ACTIONS(X)
#undef X
	ACTION_COUNT
};

struct keymap_entry {
	enum keymap_action action;  /* what it does */
	const char *name;           /* action name ("" for group headings) */
	const char *keys;           /* keys as shown in help and the man page */
	const char *help;           /* one line (the heading for groups) */
};

/* The table, in KEYMAP_ACTIONS order, ending with action ACTION_NONE. */
extern const struct keymap_entry keymap_table[];

/* The action bound to curses key `key`, or ACTION_NONE. */
enum keymap_action keymap_lookup(int key);

/* A group heading rather than an action. */
int keymap_is_group(enum keymap_action a);

#endif
