/*
 * help.c - the help overlay: every group and action of KEYMAP_ACTIONS with
 * its keys, then a line about themes.
 */
#include "heaptui/help.h"

#include <stdio.h>
#include <string.h>

#include "heaptui/draw.h"
#include "heaptui/keymap.h"
#include "heaptui/theme.h"

#define HELP_KEYS_W 16 /* width of the keys column */

/* Line i of the help text: fills role/keys/text; 0 past the end. */
static int help_line(int i, enum theme_role *role, const char **keys, const char **text,
		     char *buf, size_t size)
{
	int line = 0;
	*keys = "";
	if (i == line++) {
		*role = THEME_HELP_TITLE;
		*text = "heaptui keys (q, Esc or ? closes; j/k scroll)";
		return 1;
	}
	if (i == line++) {
		*role = THEME_HELP;
		snprintf(buf, size, "theme: %s (%d colours); --theme NAME|PATH, $HEAPTUI_THEME",
			 theme_name(), theme_colors());
		*text = buf;
		return 1;
	}
	for (const struct keymap_entry *e = keymap_table; e->name; e++) {
		if (keymap_is_group(e->action)) {
			if (i == line++) { /* blank line before a group */
				*role = THEME_HELP;
				*text = "";
				return 1;
			}
			if (i == line++) {
				*role = THEME_HELP_TITLE;
				*text = e->help;
				return 1;
			}
			continue;
		}
		if (i == line++) {
			*role = THEME_HELP;
			*keys = e->keys;
			*text = e->help;
			return 1;
		}
	}
	return 0;
}

int help_lines(void)
{
	int n = 0;
	enum theme_role r;
	const char *k, *t;
	char buf[512];
	while (help_line(n, &r, &k, &t, buf, sizeof(buf)))
		n++;
	return n;
}

int help_draw(int y, int x, int h, int w, int top)
{
	int n = help_lines();
	if (top > n - h)
		top = n - h;
	if (top < 0)
		top = 0;
	for (int k = 0; k < h; k++) {
		enum theme_role role = THEME_HELP;
		const char *keys = "", *text = "";
		char buf[512];
		draw_fill(y + k, x, w, theme_attr(THEME_HELP));
		if (!help_line(top + k, &role, &keys, &text, buf, sizeof(buf)))
			continue;
		int tx = x + 2;
		if (*keys) {
			draw_text(y + k, tx, HELP_KEYS_W, theme_attr(THEME_KEY), keys, strlen(keys));
			tx += HELP_KEYS_W + 1;
		}
		draw_text(y + k, tx, x + w - tx - 1, theme_attr(role), text, strlen(text));
	}
	return top;
}
