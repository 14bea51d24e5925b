/* test_theme.c - theme file parser, lookup and colour step-down (no curses). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "heaptui/theme_file.h"

static int parse(struct theme *t, const char *text, struct ht_error *err)
{
	ht_error_init(err);
	return theme_parse(t, "t.theme", text, strlen(text), err);
}

static void test_roles(void **state)
{
	for (int i = 0; i < THEME_ROLE_COUNT; i++) {
		const char *n = theme_role_name((enum theme_role)i);
		assert_non_null(n);
		assert_int_equal(theme_role_find(n), i); /* names are unique */
		assert_non_null(theme_role_help((enum theme_role)i));
	}
	assert_int_equal(theme_role_find("no-such-role"), -1);
	assert_null(theme_role_name(THEME_ROLE_COUNT));
	/* without colour, the selection and errors stay visible */
	assert_true(theme_role_mono(THEME_SELECTION) & THEME_REVERSE);
	assert_true(theme_role_mono(THEME_ERROR) != 0);
}

static void test_colors(void **state)
{
	struct theme_color c;
	assert_int_equal(theme_parse_color("default", 7, &c), 0);
	assert_int_equal(c.kind, THEME_COLOR_DEFAULT);
	assert_int_equal(theme_parse_color("red", 3, &c), 0);
	assert_int_equal(c.kind, THEME_COLOR_INDEX);
	assert_int_equal(c.value, 1);
	assert_int_equal(theme_parse_color("bright-white", 12, &c), 0);
	assert_int_equal(c.value, 15);
	assert_int_equal(theme_parse_color("brightred", 9, &c), 0);
	assert_int_equal(c.value, 9);
	assert_int_equal(theme_parse_color("grey", 4, &c), 0);
	assert_int_equal(c.value, 8);
	assert_int_equal(theme_parse_color("0", 1, &c), 0);
	assert_int_equal(c.value, 0);
	assert_int_equal(theme_parse_color("255", 3, &c), 0);
	assert_int_equal(c.value, 255);
	assert_int_equal(theme_parse_color("#002b36", 7, &c), 0);
	assert_int_equal(c.kind, THEME_COLOR_RGB);
	assert_int_equal(c.value, 0x002b36);
	assert_int_equal(theme_parse_color("#FFaa00", 7, &c), 0);
	assert_int_equal(c.value, 0xffaa00);
	/* not colours */
	assert_int_equal(theme_parse_color("256", 3, &c), -1);
	assert_int_equal(theme_parse_color("01", 2, &c), -1);
	assert_int_equal(theme_parse_color("#12345", 6, &c), -1);
	assert_int_equal(theme_parse_color("#12345g", 7, &c), -1);
	assert_int_equal(theme_parse_color("reddish", 7, &c), -1);
	assert_int_equal(theme_parse_color("", 0, &c), -1);
	assert_int_equal(theme_parse_color("-1", 2, &c), -1);
}

static void test_parse_ok(void **state)
{
	struct theme t;
	struct ht_error err;
	theme_init_mono(&t);
	const char *text = "# comment line\n"
			   "\n"
			   "   header  white   #0000ff  bold underline   # trailing comment\n"
			   "selection 16 default reverse\r\n"
			   "error #ff0000 default\n"
			   "match default default italic dim";
	assert_int_equal(parse(&t, text, &err), 0);
	assert_int_equal(t.role[THEME_HEADER].fg.value, 7);
	assert_int_equal(t.role[THEME_HEADER].bg.kind, THEME_COLOR_RGB);
	assert_int_equal(t.role[THEME_HEADER].bg.value, 0x0000ff);
	assert_int_equal(t.role[THEME_HEADER].attrs, THEME_BOLD | THEME_UNDERLINE);
	assert_int_equal(t.role[THEME_SELECTION].fg.value, 16);
	assert_int_equal(t.role[THEME_SELECTION].attrs, THEME_REVERSE);
	assert_int_equal(t.role[THEME_ERROR].fg.value, 0xff0000);
	assert_int_equal(t.role[THEME_ERROR].attrs, 0);
	assert_int_equal(t.role[THEME_MATCH].attrs, THEME_ITALIC | THEME_DIM);
	/* a role the text leaves out keeps what it had (mono attributes here) */
	assert_int_equal(t.role[THEME_STATUS].attrs, theme_role_mono(THEME_STATUS));
	assert_int_equal(t.role[THEME_STATUS].fg.kind, THEME_COLOR_DEFAULT);
}

static void expect_error(const char *text, const char *where, const char *msg_part)
{
	struct theme t;
	struct ht_error err;
	theme_init_default(&t);
	assert_int_equal(parse(&t, text, &err), -1);
	assert_string_equal(err.where, where);
	if (!strstr(err.msg, msg_part))
		fail_msg("message '%s' lacks '%s'", err.msg, msg_part);
}

static void test_parse_errors(void **state)
{
	expect_error("header white blue\nbogus-role red blue\n", "t.theme:2", "unknown role 'bogus-role'");
	expect_error("# x\n\nselection black chartreuse\n", "t.theme:3", "bad colour 'chartreuse'");
	expect_error("header white blue blink\n", "t.theme:1", "bad attribute 'blink'");
	expect_error("header white\n", "t.theme:1", "expected 'ROLE FG BG");
	expect_error("header\n", "t.theme:1", "expected");
	expect_error("header white # comment eats the background\n", "t.theme:1", "expected");
	expect_error("header 1 2 bold bold bold bold bold bold\n", "t.theme:1", "too many");
	/* hostile bytes in a message come out escaped */
	expect_error("he\x1b[2Jader 1 2\n", "t.theme:1", "unknown role 'he\\x1b[2Jader'");
	/* a NUL in a role name */
	struct theme t;
	struct ht_error err;
	theme_init_default(&t);
	ht_error_init(&err);
	assert_int_equal(theme_parse(&t, "n.theme", "head\0er 1 2\n", 12, &err), -1);
	assert_string_equal(err.where, "n.theme:1");
}

static void load_equal(const char *path, const struct theme *want)
{
	struct theme t;
	struct ht_error err;
	ht_error_init(&err);
	theme_init_mono(&t);
	if (theme_load_file(&t, path, &err) < 0)
		fail_msg("%s: %s: %s", path, err.where, err.msg);
	for (int i = 0; i < THEME_ROLE_COUNT; i++) {
		const struct theme_style *a = &t.role[i], *b = &want->role[i];
		if (a->fg.kind != b->fg.kind || a->fg.value != b->fg.value ||
		    a->bg.kind != b->bg.kind || a->bg.value != b->bg.value || a->attrs != b->attrs)
			fail_msg("%s: role %s differs", path, theme_role_name((enum theme_role)i));
	}
}

/* The shipped files: default.theme is the built-in, mono.theme the no-colour one. */
static void test_shipped(void **state)
{
	struct theme def, mono;
	theme_init_default(&def);
	theme_init_mono(&mono);
	load_equal("themes/default.theme", &def);
	load_equal("themes/mono.theme", &mono);
	static const char *const names[] = {"light", "dark256", "solarized", "high-contrast"};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char path[128];
		struct theme t;
		struct ht_error err;
		snprintf(path, sizeof(path), "themes/%s.theme", names[i]);
		theme_init_mono(&t);
		ht_error_init(&err);
		if (theme_load_file(&t, path, &err) < 0)
			fail_msg("%s: %s: %s", path, err.where, err.msg);
	}
	/* every shipped theme sets every role (nothing silently inherited) */
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char path[128], line[256];
		snprintf(path, sizeof(path), "themes/%s.theme", names[i]);
		FILE *fp = fopen(path, "r");
		assert_non_null(fp);
		int seen[THEME_ROLE_COUNT] = {0};
		while (fgets(line, sizeof(line), fp)) {
			char role[64];
			if (line[0] != '#' && sscanf(line, "%63s", role) == 1 && theme_role_find(role) >= 0)
				seen[theme_role_find(role)] = 1;
		}
		fclose(fp);
		for (int r = 0; r < THEME_ROLE_COUNT; r++)
			if (!seen[r])
				fail_msg("%s does not set %s", path, theme_role_name((enum theme_role)r));
	}
}

static void test_load_file_errors(void **state)
{
	struct theme t;
	struct ht_error err;
	theme_init_default(&t);
	ht_error_init(&err);
	assert_int_equal(theme_load_file(&t, "/nonexistent/x.theme", &err), -1);
	assert_string_equal(err.where, "/nonexistent/x.theme");
	assert_non_null(strstr(err.msg, "cannot open"));
}

/* xterm palette facts: cube levels 00 5f 87 af d7 ff, greys 8 + 10 i. */
static void test_step_down(void **state)
{
	assert_int_equal(theme_rgb_to_256(0xff0000), 196);
	assert_int_equal(theme_rgb_to_256(0x000000), 16);
	assert_int_equal(theme_rgb_to_256(0xffffff), 231);
	assert_int_equal(theme_rgb_to_256(0x5f87af), 16 + 36 * 1 + 6 * 2 + 3);
	assert_int_equal(theme_rgb_to_256(0x808080), 244);
	assert_int_equal(theme_rgb_to_256(0x121212), 233);
	assert_int_equal(theme_256_to_16(196), 9);
	assert_int_equal(theme_256_to_16(16), 0);
	assert_int_equal(theme_256_to_16(231), 15);
	assert_int_equal(theme_256_to_16(244), 8);
	assert_int_equal(theme_256_to_16(5), 5);
	assert_int_equal(theme_16_to_8(9), 1);
	assert_int_equal(theme_16_to_8(7), 7);
	struct theme_color c = {THEME_COLOR_RGB, 0xff0000};
	assert_int_equal(theme_color_for(&c, 256), 196);
	assert_int_equal(theme_color_for(&c, 16), 9);
	assert_int_equal(theme_color_for(&c, 8), 1);
	c.kind = THEME_COLOR_INDEX;
	c.value = 231;
	assert_int_equal(theme_color_for(&c, 8), 7);
	c.kind = THEME_COLOR_DEFAULT;
	assert_int_equal(theme_color_for(&c, 256), -1);
	/* every palette entry steps down into range */
	for (int i = 0; i < 256; i++) {
		assert_true(theme_256_to_16((uint8_t)i) < 16);
		c.kind = THEME_COLOR_INDEX;
		c.value = (uint32_t)i;
		assert_true(theme_color_for(&c, 8) < 8);
	}
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void test_resolve(void **state)
{
	char dir[] = "/tmp/heaptui-theme-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char tdir[128], cfg[128], path[512], file[256];
	snprintf(tdir, sizeof(tdir), "%s/themes", dir);
	snprintf(cfg, sizeof(cfg), "%s/cfg", dir);
	assert_int_equal(mkdir(tdir, 0700), 0);
	snprintf(file, sizeof(file), "%s/blue.theme", tdir);
	write_file(file, "header white blue\n");
	const char *dirs[] = {"/nonexistent", tdir, NULL};
	struct ht_error err;
	int expl;
	unsetenv("HEAPTUI_THEME");
	setenv("XDG_CONFIG_HOME", cfg, 1);

	/* nothing configured: the built-in default */
	assert_int_equal(theme_resolve(NULL, dirs, path, sizeof(path), &expl, &err), 0);
	assert_string_equal(path, "default");
	assert_int_equal(expl, 0);
	/* a name found in a directory */
	assert_int_equal(theme_resolve("blue", dirs, path, sizeof(path), &expl, &err), 1);
	assert_string_equal(path, file);
	assert_int_equal(expl, 1);
	/* a path is taken as it is */
	assert_int_equal(theme_resolve("./x.theme", dirs, path, sizeof(path), &expl, &err), 1);
	assert_string_equal(path, "./x.theme");
	/* built-in names work without files */
	assert_int_equal(theme_resolve("mono", dirs, path, sizeof(path), &expl, &err), 0);
	assert_string_equal(path, "mono");
	/* an unknown name is an error */
	ht_error_init(&err);
	assert_int_equal(theme_resolve("nope", dirs, path, sizeof(path), &expl, &err), -1);
	assert_non_null(strstr(err.msg, "theme 'nope' not found"));
	/* $HEAPTUI_THEME when --theme is not given; --theme wins over it */
	setenv("HEAPTUI_THEME", "blue", 1);
	assert_int_equal(theme_resolve(NULL, dirs, path, sizeof(path), &expl, &err), 1);
	assert_string_equal(path, file);
	assert_int_equal(expl, 1);
	assert_int_equal(theme_resolve("mono", dirs, path, sizeof(path), &expl, &err), 0);
	unsetenv("HEAPTUI_THEME");
	/* $XDG_CONFIG_HOME/heaptui/theme */
	char xdg_dir[256], xdg_file[300];
	assert_int_equal(mkdir(cfg, 0700), 0);
	snprintf(xdg_dir, sizeof(xdg_dir), "%s/heaptui", cfg);
	assert_int_equal(mkdir(xdg_dir, 0700), 0);
	snprintf(xdg_file, sizeof(xdg_file), "%s/theme", xdg_dir);
	write_file(xdg_file, "header red blue\n");
	assert_int_equal(theme_resolve(NULL, dirs, path, sizeof(path), &expl, &err), 1);
	assert_string_equal(path, xdg_file);
	assert_int_equal(expl, 0);

	unlink(xdg_file);
	rmdir(xdg_dir);
	rmdir(cfg);
	unlink(file);
	rmdir(tdir);
	rmdir(dir);
}

/* Random lines never crash the parser and always fail or succeed cleanly. */
static void test_garbage(void **state)
{
	static const char *const words[] = {"header", "selection", "red", "#12ab34", "#", "300",
					    "bold", "\x1b", "\n", " ", "\t", "default", "x",
					    "#zz", "\r", "bright-", "\xff\xfe"};
	uint32_t seed = 12345;
	for (int round = 0; round < 3000; round++) {
		char buf[256];
		size_t len = 0;
		int n = (int)(seed % 12);
		for (int k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			const char *w = words[(seed >> 16) % ARRAY_SIZE(words)];
			size_t wl = strlen(w);
			if (len + wl + 1 >= sizeof(buf))
				break;
			memcpy(buf + len, w, wl);
			len += wl;
			buf[len++] = (seed >> 8) & 1 ? ' ' : '\n';
		}
		seed = seed * 1103515245u + 12345u;
		struct theme t;
		struct ht_error err;
		theme_init_default(&t);
		ht_error_init(&err);
		if (theme_parse(&t, "g", buf, len, &err) < 0)
			assert_true(err.where[0] == 'g' && err.msg[0]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_colors),
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_load_file_errors),
		cmocka_unit_test(test_step_down),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
