/*
 * theme.h - colour roles as curses attributes (UI only; the parser is
 * theme_file.h).
 *
 * theme_choose() runs before curses starts (so a bad theme file is
 * reported on stderr); theme_apply() runs after newterm() and maps each
 * role onto a colour pair stepped down to what the terminal has, or onto
 * the role's mono attributes when colour is off.
 */
#ifndef HEAPTUI_THEME_H
#define HEAPTUI_THEME_H

#include <curses.h>

#include "heaptui/theme_file.h"

/*
 * Pick and load the theme: --theme `arg`, $HEAPTUI_THEME, the XDG file,
 * installed/build-tree directories, else the built-in default. `color` is
 * tui_options.color (-1 never, 0 auto, 1 always); NO_COLOR selects mono
 * unless a theme was named. On a bad theme the built-in default is kept,
 * -1 is returned and err holds "FILE:LINE: message".
 */
int theme_choose(const char *arg, int color, struct ht_error *err);

/* After newterm(): set up colour pairs (or mono attributes). */
void theme_apply(void);

/* The attributes (colour pair included) of a role. */
attr_t theme_attr(enum theme_role r);

/* Name of the chosen theme (for the help overlay). */
const char *theme_name(void);

/* Colours in use: 0 (mono), 8, 16 or 256. */
int theme_colors(void);

#endif
