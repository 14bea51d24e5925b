/*
 * draw.h - drawing primitives over stdscr: sanitized, width-cropped text in
 * theme roles, and glyphs with ASCII fallbacks for non-UTF-8 locales.
 */
#ifndef HEAPTUI_DRAW_H
#define HEAPTUI_DRAW_H

#include <curses.h>
#include <stddef.h>

#include "heaptui/theme.h"

/* Set at start: the locale is not UTF-8, so glyphs and text are ASCII. */
extern int draw_ascii;

enum draw_glyph {
	GLYPH_EXPANDED,  /* ▾ / - */
	GLYPH_COLLAPSED, /* ▸ / + */
	GLYPH_CYCLE,     /* ↺ / @ */
	GLYPH_SORT_UP,   /* ▲ / ^ */
	GLYPH_SORT_DOWN, /* ▼ / v */
	GLYPH_BAR,       /* █ / # */
	GLYPH_ARROW,     /* → / > */
	GLYPH_ELLIPSIS,  /* … / ~ */
	GLYPH_SEP,       /* │ / | */
};

const char *draw_glyph(enum draw_glyph g);

/* Fill columns x .. x+w-1 of row y with blanks in attribute a. */
void draw_fill(int y, int x, int w, attr_t a);

/*
 * Draw already-sanitized UTF-8 text at (y, x), at most w columns (cropped
 * with an ellipsis). Returns the columns used. In ASCII mode non-ASCII code
 * points are shown as '?'.
 */
int draw_text(int y, int x, int w, attr_t a, const char *s, size_t len);

/* The same for untrusted text (sanitized first). */
int draw_raw(int y, int x, int w, attr_t a, const char *s, size_t len);

/* Display columns of sanitized text as draw_text would draw it. */
size_t draw_width(const char *s, size_t len);

/* printf-style trusted text (numbers, labels). */
int draw_printf(int y, int x, int w, attr_t a, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

#endif
