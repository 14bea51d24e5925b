/*
 * prompt.c - the status-line editor for `/` and `@`.
 */
#include "heaptui/prompt.h"

#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "heaptui/draw.h"
#include "heaptui/keymap.h"
#include "heaptui/theme.h"

#define PROMPT_MAX 1024 /* bytes of input kept */

/* Remove the last UTF-8 code point. */
static void drop_last(struct strbuf *sb)
{
	while (sb->len > 0) {
		unsigned char c = (unsigned char)sb->buf[--sb->len];
		if ((c & 0xc0) != 0x80)
			break;
	}
	if (sb->buf)
		sb->buf[sb->len] = '\0';
}

static void drop_word(struct strbuf *sb)
{
	while (sb->len && sb->buf[sb->len - 1] == ' ')
		sb->len--;
	while (sb->len && sb->buf[sb->len - 1] != ' ')
		sb->len--;
	if (sb->buf)
		sb->buf[sb->len] = '\0';
}

static void show(const char *label, const struct strbuf *line)
{
	int y = LINES - 1;
	attr_t a = theme_attr(THEME_STATUS);
	draw_fill(y, 0, COLS, a);
	int used = draw_text(y, 0, COLS, a, label, strlen(label));
	/* show the end of long input */
	struct strbuf sb = STRBUF_INIT;
	text_sanitize(&sb, line->buf ? line->buf : "", line->len);
	size_t avail = COLS > used + 1 ? (size_t)(COLS - used - 1) : 0;
	const char *p = sb.buf ? sb.buf : "";
	size_t len = sb.len;
	while (len && draw_width(p, len) > avail) {
		uint32_t cp;
		size_t n = text_utf8_decode(p, len, &cp);
		p += n;
		len -= n;
	}
	used += draw_text(y, used, (int)avail, a, p, len);
	strbuf_release(&sb);
	move(y, used < COLS ? used : COLS - 1);
}

int prompt_read(const char *label, struct strbuf *line, prompt_redraw_fn redraw, void *ctx,
		volatile sig_atomic_t *stop)
{
	int rc = 0;
	curs_set(1);
	timeout(500);
	for (;;) {
		show(label, line);
		wnoutrefresh(stdscr);
		doupdate();
		wint_t wc;
		int r = get_wch(&wc);
		if (stop && *stop)
			break;
		if (r == ERR)
			continue;
		if (r == KEY_CODE_YES) {
			if (wc == KEY_RESIZE) {
				if (redraw)
					redraw(ctx);
			} else if (wc == KEY_BACKSPACE) {
				drop_last(line);
			} else if (wc == KEY_ENTER) {
				rc = 1;
				break;
			}
			continue;
		}
		if (wc == '\n' || wc == '\r') {
			rc = 1;
			break;
		}
		if (wc == KEY_ESCAPE || wc == KEY_CTRL('g') || wc == KEY_CTRL('c'))
			break;
		if (wc == 127 || wc == KEY_CTRL('h')) {
			drop_last(line);
		} else if (wc == KEY_CTRL('u')) {
			strbuf_reset(line);
		} else if (wc == KEY_CTRL('w')) {
			drop_word(line);
		} else if (wc >= 0x20 && line->len < PROMPT_MAX) {
			char mb[MB_LEN_MAX];
			mbstate_t st;
			memset(&st, 0, sizeof(st));
			size_t n = wcrtomb(mb, (wchar_t)wc, &st);
			if (n != (size_t)-1)
				strbuf_add(line, mb, n);
		}
	}
	curs_set(0);
	return rc;
}
