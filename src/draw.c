/*
 * draw.c - text and glyph drawing over stdscr. Everything that reaches the
 * screen is sanitized UTF-8 cropped by display columns.
 */
#include "heaptui/draw.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "heaptui/text.h"

int draw_ascii;

const char *draw_glyph(enum draw_glyph g)
{
	static const char *const utf8[] = {"\u25be", "\u25b8", "\u21ba", "\u25b2", "\u25bc",
					   "\u2588", "\u2192", "\u2026", "\u2502"};
	static const char *const ascii[] = {"-", "+", "@", "^", "v", "#", ">", "~", "|"};
	return draw_ascii ? ascii[g] : utf8[g];
}

void draw_fill(int y, int x, int w, attr_t a)
{
	if (w <= 0)
		return;
	attrset(a);
	mvhline(y, x, ' ', w);
	attrset(A_NORMAL);
}

/* Replace non-ASCII code points with '?' (ASCII mode). */
static void to_ascii(struct strbuf *out, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = text_utf8_decode(s + i, len - i, &cp);
		if (cp < 0x80)
			strbuf_addch(out, (int)cp);
		else if (text_cp_width(cp) != 0)
			strbuf_addch(out, '?');
		i += n;
	}
}

size_t draw_width(const char *s, size_t len)
{
	if (!draw_ascii)
		return text_width(s, len);
	size_t w = 0, i = 0;
	while (i < len) {
		uint32_t cp;
		i += text_utf8_decode(s + i, len - i, &cp);
		w += cp < 0x80 || text_cp_width(cp) != 0;
	}
	return w;
}

int draw_text(int y, int x, int w, attr_t a, const char *s, size_t len)
{
	if (w <= 0 || len == 0)
		return 0;
	struct strbuf asc = STRBUF_INIT, out = STRBUF_INIT;
	if (draw_ascii) {
		to_ascii(&asc, s, len);
		s = asc.buf ? asc.buf : "";
		len = asc.len;
	}
	size_t used = text_crop(&out, s, len, (size_t)w, draw_ascii);
	if (out.len) {
		attrset(a);
		mvaddnstr(y, x, out.buf, (int)out.len);
		attrset(A_NORMAL);
	}
	strbuf_release(&asc);
	strbuf_release(&out);
	return (int)used;
}

int draw_raw(int y, int x, int w, attr_t a, const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	text_sanitize(&sb, s, len);
	int used = draw_text(y, x, w, a, sb.buf ? sb.buf : "", sb.len);
	strbuf_release(&sb);
	return used;
}

int draw_printf(int y, int x, int w, attr_t a, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	return draw_raw(y, x, w, a, buf, strlen(buf));
}
