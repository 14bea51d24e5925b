/*
 * theme.c - the chosen theme as curses attributes: colour pairs stepped
 * down to the terminal's palette, or mono attributes.
 */
#include "heaptui/theme.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef HEAPTUI_DATADIR
#define HEAPTUI_DATADIR "/usr/local/share/heaptui"
#endif

static struct {
	struct theme theme;                /* the parsed theme */
	int mono;                          /* no colour: use attributes only */
	int colors;                        /* palette in use after theme_apply */
	char name[256];                    /* where it came from, for help */
	attr_t attr[THEME_ROLE_COUNT];     /* curses attributes per role */
} cur;

static attr_t map_attrs(uint8_t a)
{
	attr_t r = A_NORMAL;
	if (a & THEME_BOLD)
		r |= A_BOLD;
	if (a & THEME_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & THEME_REVERSE)
		r |= A_REVERSE;
	if (a & THEME_DIM)
		r |= A_DIM;
#ifdef A_ITALIC
	if (a & THEME_ITALIC)
		r |= A_ITALIC;
#endif
	return r;
}

int theme_choose(const char *arg, int color, struct ht_error *err)
{
	char exe[PATH_MAX], d1[PATH_MAX + 16], d2[PATH_MAX + 16];
	const char *dirs[4];
	size_t nd = 0;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(d1, sizeof(d1), "%s/themes", exe);
			snprintf(d2, sizeof(d2), "%s/../themes", exe);
			dirs[nd++] = d1;
			dirs[nd++] = d2;
		}
	}
	dirs[nd++] = HEAPTUI_DATADIR "/themes";
	dirs[nd] = NULL;

	char path[PATH_MAX + 64];
	int explicit_theme = 0, rc = 0;
	theme_init_default(&cur.theme);
	snprintf(cur.name, sizeof(cur.name), "default");
	int r = theme_resolve(arg, dirs, path, sizeof(path), &explicit_theme, err);
	const char *nc = getenv("NO_COLOR");
	cur.mono = color < 0 || (color == 0 && nc && *nc && !explicit_theme);
	if (r < 0) {
		rc = -1;
	} else if (r == 0) {
		if (!strcmp(path, "mono"))
			cur.mono = 1;
	} else if (theme_load_file(&cur.theme, path, err) < 0) {
		theme_init_default(&cur.theme);
		rc = -1;
	} else {
		snprintf(cur.name, sizeof(cur.name), "%.200s", path);
	}
	if (cur.mono) {
		theme_init_mono(&cur.theme);
		snprintf(cur.name, sizeof(cur.name), "mono");
	}
	return rc;
}

void theme_apply(void)
{
	cur.colors = 0;
	if (!cur.mono && has_colors() && start_color() == OK && COLORS >= 8) {
		int use_default = use_default_colors() == OK;
		int colors = COLORS >= 256 ? 256 : COLORS >= 16 ? 16 : 8;
		if (COLOR_PAIRS > THEME_ROLE_COUNT) {
			cur.colors = colors;
			for (int i = 0; i < THEME_ROLE_COUNT; i++) {
				const struct theme_style *st = &cur.theme.role[i];
				int fg = theme_color_for(&st->fg, colors);
				int bg = theme_color_for(&st->bg, colors);
				if (!use_default) {
					if (fg < 0)
						fg = COLOR_WHITE;
					if (bg < 0)
						bg = COLOR_BLACK;
				}
				init_pair((short)(i + 1), (short)fg, (short)bg);
				cur.attr[i] = COLOR_PAIR(i + 1) | map_attrs(st->attrs);
			}
			return;
		}
	}
	/* no colour: each role's own attributes if the theme is mono, else the
	 * roles' mono attributes (a colour theme's attributes alone would lose
	 * the selection) */
	struct theme mono;
	theme_init_mono(&mono);
	for (int i = 0; i < THEME_ROLE_COUNT; i++)
		cur.attr[i] = map_attrs(cur.mono ? cur.theme.role[i].attrs : mono.role[i].attrs);
}

attr_t theme_attr(enum theme_role r)
{
	return (unsigned)r < THEME_ROLE_COUNT ? cur.attr[r] : A_NORMAL;
}

const char *theme_name(void)
{
	return cur.name;
}

int theme_colors(void)
{
	return cur.colors;
}
