/*
 * theme_file.c - theme roles, the theme file parser, lookup and colour
 * step-down (RGB -> 256 -> 16 -> 8). No curses here: see theme.c.
 */
#include "heaptui/theme_file.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "heaptui/text.h"

static const struct {
	const char *name; /* role name in theme files */
	uint8_t mono;     /* attributes without colour */
	const char *help; /* what it colours */
} roles[] = {
#define X(id, name, mono, help) {name, mono, help},
	THEME_ROLES(X)
#undef X
};

/*
 * The built-in default, in theme-file syntax so it goes through the same
 * parser as files do (themes/default.theme is a copy; a test keeps them
 * equal). Only the 16 named colours, so it looks the same on 8/16/256.
 */
const char theme_builtin_default[] =
	"# heaptui default theme: terminal background, 16 colours\n"
	"normal              default default\n"
	"header              white   blue    bold\n"
	"status              black   cyan\n"
	"key                 white   blue    bold\n"
	"selection           black   cyan\n"
	"selection-unfocused default default reverse\n"
	"pane-focused        white   blue    bold\n"
	"pane-unfocused      default default underline\n"
	"column-header       default default underline\n"
	"sort-column         default default bold underline\n"
	"tree                blue    default\n"
	"number              default default\n"
	"size                default default\n"
	"percent             bright-black default\n"
	"delta-positive      red     default bold\n"
	"delta-negative      green   default\n"
	"node-id             bright-black default\n"
	"edge-context        magenta default bold\n"
	"edge-element        cyan    default\n"
	"edge-property       magenta default\n"
	"edge-internal       bright-black default\n"
	"edge-hidden         bright-black default\n"
	"edge-shortcut       cyan    default\n"
	"edge-weak           bright-black default\n"
	"node-object         default default\n"
	"node-closure        yellow  default\n"
	"node-string         green   default\n"
	"node-array          cyan    default\n"
	"node-number         blue    default\n"
	"node-code           bright-black default\n"
	"node-system         bright-black default\n"
	"node-native         magenta default\n"
	"node-synthetic      bright-black default\n"
	"context-note        yellow  default bold\n"
	"detail              default default\n"
	"match               yellow  default bold underline\n"
	"note                bright-black default\n"
	"error               white   red     bold\n"
	"bar                 black   blue\n"
	"progress            black   green\n"
	"help                default default\n"
	"help-title          yellow  default bold\n";

const char *theme_role_name(enum theme_role r)
{
	return (unsigned)r < THEME_ROLE_COUNT ? roles[r].name : NULL;
}

int theme_role_find(const char *name)
{
	for (size_t i = 0; i < THEME_ROLE_COUNT; i++)
		if (!strcmp(roles[i].name, name))
			return (int)i;
	return -1;
}

uint8_t theme_role_mono(enum theme_role r)
{
	return (unsigned)r < THEME_ROLE_COUNT ? roles[r].mono : 0;
}

const char *theme_role_help(enum theme_role r)
{
	return (unsigned)r < THEME_ROLE_COUNT ? roles[r].help : NULL;
}

void theme_init_mono(struct theme *t)
{
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < THEME_ROLE_COUNT; i++)
		t->role[i].attrs = roles[i].mono;
}

void theme_init_default(struct theme *t)
{
	struct ht_error err;
	theme_init_mono(t);
	if (theme_parse(t, "(built-in)", theme_builtin_default, strlen(theme_builtin_default),
			&err) < 0)
		BUG("built-in theme does not parse");
}

static const char *const color_names[16] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"bright-black", "bright-red", "bright-green", "bright-yellow",
	"bright-blue", "bright-magenta", "bright-cyan", "bright-white",
};

static int word_is(const char *w, size_t len, const char *s)
{
	return strlen(s) == len && !strncasecmp(w, s, len);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int theme_parse_color(const char *w, size_t len, struct theme_color *c)
{
	if (word_is(w, len, "default")) {
		c->kind = THEME_COLOR_DEFAULT;
		c->value = 0;
		return 0;
	}
	if (len == 7 && w[0] == '#') {
		uint32_t v = 0;
		for (size_t i = 1; i < 7; i++) {
			int h = hexval((unsigned char)w[i]);
			if (h < 0)
				return -1;
			v = v << 4 | (uint32_t)h;
		}
		c->kind = THEME_COLOR_RGB;
		c->value = v;
		return 0;
	}
	if (len >= 1 && len <= 3 && w[0] >= '0' && w[0] <= '9') {
		uint32_t v = 0;
		for (size_t i = 0; i < len; i++) {
			if (w[i] < '0' || w[i] > '9')
				return -1;
			v = v * 10 + (uint32_t)(w[i] - '0');
		}
		if (v > 255 || (len > 1 && w[0] == '0'))
			return -1;
		c->kind = THEME_COLOR_INDEX;
		c->value = v;
		return 0;
	}
	for (uint32_t i = 0; i < 16; i++) {
		/* also accept "brightred" */
		const char *n = color_names[i];
		if (word_is(w, len, n) ||
		    (i >= 8 && len == strlen(n) - 1 && !strncasecmp(w, "bright", 6) &&
		     !strncasecmp(w + 6, n + 7, len - 6))) {
			c->kind = THEME_COLOR_INDEX;
			c->value = i;
			return 0;
		}
	}
	if (word_is(w, len, "grey") || word_is(w, len, "gray")) {
		c->kind = THEME_COLOR_INDEX;
		c->value = 8;
		return 0;
	}
	return -1;
}

static int parse_attr(const char *w, size_t len, uint8_t *attrs)
{
	static const struct {
		const char *name;
		uint8_t bit;
	} attr_names[] = {
		{"bold", THEME_BOLD},     {"underline", THEME_UNDERLINE},
		{"reverse", THEME_REVERSE}, {"dim", THEME_DIM},
		{"italic", THEME_ITALIC}, {"normal", 0},
		{"none", 0},
	};
	for (size_t i = 0; i < ARRAY_SIZE(attr_names); i++) {
		if (word_is(w, len, attr_names[i].name)) {
			*attrs |= attr_names[i].bit;
			return 0;
		}
	}
	return -1;
}

/* Quote a word of the (untrusted) file for a message: sanitized, cropped. */
static const char *quote(struct strbuf *sb, const char *w, size_t len)
{
	struct strbuf tmp = STRBUF_INIT;
	strbuf_reset(sb);
	text_sanitize(&tmp, w, len);
	text_crop(sb, tmp.buf ? tmp.buf : "", tmp.len, 40, 1);
	strbuf_release(&tmp);
	return sb->buf ? sb->buf : "";
}

HT_PRINTF(4, 5)
static int line_fail(struct ht_error *err, const char *name, size_t line, const char *fmt, ...)
{
	char where[400], msg[512];
	va_list ap;
	snprintf(where, sizeof(where), "%.300s:%zu", name, line);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return ht_fail(err, where, -1, "%s", msg);
}

#define THEME_MAX_WORDS 8

int theme_parse(struct theme *t, const char *name, const char *text, size_t len,
		struct ht_error *err)
{
	size_t lineno = 0, pos = 0;
	struct strbuf q = STRBUF_INIT;
	int rc = 0;
	while (pos < len && rc == 0) {
		size_t end = pos;
		while (end < len && text[end] != '\n')
			end++;
		lineno++;
		const char *w[THEME_MAX_WORDS];
		size_t wl[THEME_MAX_WORDS], nw = 0;
		size_t i = pos;
		int too_many = 0;
		while (i < end) {
			while (i < end && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r'))
				i++;
			if (i >= end)
				break;
			size_t s = i;
			while (i < end && text[i] != ' ' && text[i] != '\t' && text[i] != '\r')
				i++;
			/* '#' starts a comment unless it is a #rrggbb colour (words 1 and 2) */
			if (text[s] == '#') {
				struct theme_color c;
				if (!(nw == 1 || nw == 2) || theme_parse_color(text + s, i - s, &c) < 0)
					break;
			}
			if (nw == THEME_MAX_WORDS) {
				too_many = 1;
				break;
			}
			w[nw] = text + s;
			wl[nw++] = i - s;
		}
		pos = end + 1;
		if (nw == 0)
			continue;
		if (memchr(text + (w[0] - text), '\0', end - (size_t)(w[0] - text))) {
			rc = line_fail(err, name, lineno, "NUL byte in line");
			break;
		}
		char role_name[64];
		if (wl[0] >= sizeof(role_name)) {
			rc = line_fail(err, name, lineno, "unknown role '%s'", quote(&q, w[0], wl[0]));
			break;
		}
		memcpy(role_name, w[0], wl[0]);
		role_name[wl[0]] = '\0';
		int r = theme_role_find(role_name);
		if (r < 0) {
			rc = line_fail(err, name, lineno, "unknown role '%s'", quote(&q, w[0], wl[0]));
			break;
		}
		if (nw < 3) {
			rc = line_fail(err, name, lineno,
				       "expected 'ROLE FG BG [ATTR...]' for role '%s'", role_name);
			break;
		}
		if (too_many) {
			rc = line_fail(err, name, lineno, "too many words for role '%s'", role_name);
			break;
		}
		struct theme_style st = {{0, 0}, {0, 0}, 0};
		if (theme_parse_color(w[1], wl[1], &st.fg) < 0) {
			rc = line_fail(err, name, lineno, "bad colour '%s'", quote(&q, w[1], wl[1]));
			break;
		}
		if (theme_parse_color(w[2], wl[2], &st.bg) < 0) {
			rc = line_fail(err, name, lineno, "bad colour '%s'", quote(&q, w[2], wl[2]));
			break;
		}
		for (size_t k = 3; k < nw && rc == 0; k++)
			if (parse_attr(w[k], wl[k], &st.attrs) < 0)
				rc = line_fail(err, name, lineno, "bad attribute '%s'",
					       quote(&q, w[k], wl[k]));
		if (rc == 0)
			t->role[r] = st;
	}
	strbuf_release(&q);
	return rc;
}

#define THEME_MAX_FILE (64 * 1024)

int theme_load_file(struct theme *t, const char *path, struct ht_error *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return ht_fail(err, path, -1, "cannot open theme: %s", strerror(errno));
	char *buf = xmalloc(THEME_MAX_FILE + 1);
	size_t n = fread(buf, 1, THEME_MAX_FILE + 1, fp);
	int bad = ferror(fp);
	fclose(fp);
	int rc;
	if (bad)
		rc = ht_fail(err, path, -1, "cannot read theme");
	else if (n > THEME_MAX_FILE)
		rc = ht_fail(err, path, -1, "theme file is larger than 64 KiB");
	else
		rc = theme_parse(t, path, buf, n, err);
	free(buf);
	return rc;
}

static int is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int looks_like_path(const char *s)
{
	size_t n = strlen(s);
	return strchr(s, '/') || (n > 6 && !strcmp(s + n - 6, ".theme"));
}

int theme_resolve(const char *arg, const char *const *dirs, char *path, size_t size,
		  int *explicit_out, struct ht_error *err)
{
	const char *want = arg && *arg ? arg : NULL;
	const char *env = getenv("HEAPTUI_THEME");
	if (!want && env && *env)
		want = env;
	*explicit_out = want != NULL;
	if (want) {
		if (looks_like_path(want)) {
			snprintf(path, size, "%s", want);
			return 1;
		}
		for (size_t i = 0; dirs && dirs[i]; i++) {
			snprintf(path, size, "%s/%s.theme", dirs[i], want);
			if (is_file(path))
				return 1;
		}
		if (!strcmp(want, "default") || !strcmp(want, "mono")) {
			snprintf(path, size, "%s", want);
			return 0;
		}
		struct strbuf q = STRBUF_INIT;
		text_sanitize(&q, want, strlen(want));
		ht_fail(err, "", -1, "theme '%.100s' not found", q.buf ? q.buf : "");
		strbuf_release(&q);
		return -1;
	}
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(path, size, "%s/heaptui/theme", xdg);
	else if (home && *home)
		snprintf(path, size, "%s/.config/heaptui/theme", home);
	else
		path[0] = '\0';
	if (path[0] && is_file(path))
		return 1;
	snprintf(path, size, "default");
	return 0;
}

/* ---- colour step-down ------------------------------------------------ */

/* The 16 ANSI colours as xterm draws them. */
static const uint32_t ansi_rgb[16] = {
	0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
	0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
};

static const int cube_levels[6] = {0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff};

/* RGB of a palette entry from 16 up (the cube and the grey ramp). */
static uint32_t palette_rgb(uint8_t idx)
{
	if (idx < 232) {
		int i = idx - 16;
		return (uint32_t)cube_levels[i / 36] << 16 | (uint32_t)cube_levels[i / 6 % 6] << 8 |
		       (uint32_t)cube_levels[i % 6];
	}
	uint32_t g = (uint32_t)(8 + (idx - 232) * 10);
	return g << 16 | g << 8 | g;
}

static long dist2(uint32_t a, uint32_t b)
{
	long dr = (long)(a >> 16 & 0xff) - (long)(b >> 16 & 0xff);
	long dg = (long)(a >> 8 & 0xff) - (long)(b >> 8 & 0xff);
	long db = (long)(a & 0xff) - (long)(b & 0xff);
	return dr * dr + dg * dg + db * db;
}

static int cube_index(int v)
{
	if (v < 48)
		return 0;
	if (v < 115)
		return 1;
	return (v - 35) / 40;
}

uint8_t theme_rgb_to_256(uint32_t rgb)
{
	/* nearest of the 6x6x6 cube and the grey ramp, as tmux's colour_find_rgb */
	int r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
	int qr = cube_index(r), qg = cube_index(g), qb = cube_index(b);
	uint32_t cube = (uint32_t)cube_levels[qr] << 16 | (uint32_t)cube_levels[qg] << 8 |
			(uint32_t)cube_levels[qb];
	if (cube == rgb)
		return (uint8_t)(16 + 36 * qr + 6 * qg + qb);
	int avg = (r + g + b) / 3;
	int gi = avg > 238 ? 23 : (avg - 3) / 10;
	if (gi < 0)
		gi = 0;
	uint32_t gv = (uint32_t)(8 + 10 * gi);
	uint32_t grey = gv << 16 | gv << 8 | gv;
	if (dist2(grey, rgb) < dist2(cube, rgb))
		return (uint8_t)(232 + gi);
	return (uint8_t)(16 + 36 * qr + 6 * qg + qb);
}

uint8_t theme_256_to_16(uint8_t idx)
{
	if (idx < 16)
		return idx;
	uint32_t rgb = palette_rgb(idx);
	uint8_t best = 0;
	long bestd = -1;
	for (uint8_t i = 0; i < 16; i++) {
		long d = dist2(rgb, ansi_rgb[i]);
		if (bestd < 0 || d < bestd) {
			bestd = d;
			best = i;
		}
	}
	return best;
}

uint8_t theme_16_to_8(uint8_t idx)
{
	return idx & 7;
}

int theme_color_for(const struct theme_color *c, int colors)
{
	if (c->kind == THEME_COLOR_DEFAULT)
		return -1;
	uint8_t idx = c->kind == THEME_COLOR_RGB ? theme_rgb_to_256(c->value) : (uint8_t)c->value;
	if (colors >= 256)
		return idx;
	idx = theme_256_to_16(idx);
	if (colors >= 16)
		return idx;
	return theme_16_to_8(idx);
}
