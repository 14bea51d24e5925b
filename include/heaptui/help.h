/*
 * help.h - the `?` overlay, generated from the key table (keymap.h) so it
 * never drifts from the bindings.
 */
#ifndef HEAPTUI_HELP_H
#define HEAPTUI_HELP_H

/* Lines the overlay has (for scrolling). */
int help_lines(void);

/*
 * Draw the overlay over rows y .. y+h-1, columns x .. x+w-1, starting at
 * line `top` of the help text (clamped; the clamped value is returned).
 */
int help_draw(int y, int x, int h, int w, int top);

#endif
