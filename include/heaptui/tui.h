/*
 * tui.h - the interactive presenter (ncursesw). The only entry point the
 * rest of the program sees; everything curses lives behind it.
 */
#ifndef HEAPTUI_TUI_H
#define HEAPTUI_TUI_H

#include <stddef.h>

#include "heaptui/snapshot.h"

struct tui_options {
	const char *theme;   /* --theme NAME|PATH, or NULL */
	int color;           /* -1 never, 0 auto, 1 always (--color) */
	int mouse;           /* --mouse */
	const char *filter;  /* initial --filter, or NULL */
	size_t base;         /* 0-based Comparison base (--base), default the first file */
	size_t target;       /* 0-based Comparison target (--target), default the last */
	const char *bench_keys; /* --bench-keys: replay these keys headless, time each */
};

/*
 * Run the UI over analyzed snapshots until the user quits (opt: not NULL). Restores the
 * terminal on every exit path. Returns the process exit status.
 *
 * With opt->bench_keys the UI runs on a screen that goes to /dev/null
 * ($LINES x $COLUMNS, default 40 x 120) and replays the keys: one byte per
 * key, or <Name> for Enter, Esc, Tab, Up, Down, Left, Right, PgUp, PgDn,
 * Home, End. The first screen and the work done in the first idle moment
 * (tui_data_prepare) are timed, then each key's handling and redraw, and
 * printed on stdout as "first-screen", "idle-prepare", "KEY"... then "max",
 * each with <TAB>MS. Keys a prompt reads (after /
 * or @, up to <Enter>) count towards the key that opened it.
 */
int tui_run(struct snapshot **snaps, size_t nsnaps, const struct tui_options *opt);

#endif
