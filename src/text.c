/*
 * text.c - untrusted strings made safe to show: the strbuf, UTF-8 decoding,
 * sanitizing, display widths and cropping.
 *
 * Nothing here looks at the locale: a heap string is shown the same way
 * whatever LANG says, and widths come from our own table (text_width.h).
 */
#include "heaptui/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heaptui/util.h"

/* An inclusive range of code points, for the width tables. */
struct cp_range {
	uint32_t first; /* first code point of the run */
	uint32_t last;  /* last code point of the run, inclusive */
};

#include "text_width.h"

static const char ellipsis[] = "\xe2\x80\xa6"; /* U+2026, one column */
static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

/* ---- strbuf ---------------------------------------------------------- */

void strbuf_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = 0;
	sb->alloc = 0;
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	strbuf_init(sb);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

/* Make room for `extra` more bytes plus the NUL; amortised doubling. */
static void strbuf_grow(struct strbuf *sb, size_t extra)
{
	if (extra >= SIZE_MAX - sb->len - 1)
		BUG("strbuf too large");
	size_t need = sb->len + extra + 1;
	if (need <= sb->alloc)
		return;
	size_t alloc = sb->alloc ? sb->alloc : 64;
	while (alloc < need)
		alloc = alloc < SIZE_MAX / 2 ? alloc * 2 : need;
	sb->buf = xreallocarray(sb->buf, alloc, 1);
	sb->alloc = alloc;
}

void strbuf_add(struct strbuf *sb, const char *data, size_t len)
{
	strbuf_grow(sb, len);
	if (len)
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, int c)
{
	strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

void strbuf_addchars(struct strbuf *sb, int c, size_t n)
{
	strbuf_grow(sb, n);
	memset(sb->buf + sb->len, c, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	char small[256];

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		BUG("bad format");
	if ((size_t)n < sizeof(small)) {
		strbuf_add(sb, small, (size_t)n);
		return;
	}
	strbuf_grow(sb, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

/* ---- UTF-8 ----------------------------------------------------------- */

size_t text_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c, min;
	size_t n;

	if (len == 0) {
		*cp = 0xFFFD;
		return 0;
	}
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		goto bad; /* continuation byte, C0/C1 overlong lead, F5..FF */
	}
	if (len < n)
		goto bad;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return n;
bad:
	*cp = 0xFFFD;
	return 1;
}

size_t text_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* A decode that returned U+FFFD for a real U+FFFD in the input is valid. */
static int decoded_bad(size_t n, uint32_t cp)
{
	return cp == 0xFFFD && n == 1;
}

int text_utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = text_utf8_decode(s + i, len - i, &cp);
		if (decoded_bad(n, cp))
			return 0;
		i += n;
	}
	return 1;
}

void text_utf8_fix(struct strbuf *sb, const char *s, size_t len)
{
	size_t i = 0, run = 0; /* run: start of the pending valid bytes */
	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = text_utf8_decode(s + i, len - i, &cp);
		if (decoded_bad(n, cp)) {
			strbuf_add(sb, s + run, i - run);
			strbuf_addstr(sb, replacement);
			run = i + 1;
		}
		i += n;
	}
	strbuf_add(sb, s + run, len - run);
}

/* ---- sanitizing ------------------------------------------------------ */

/* Code points shown as \uXXXX: C1 controls, bidi controls, line separators. */
static int escaped_cp(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
	       (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static void sanitize(struct strbuf *sb, const char *s, size_t len, int tsv)
{
	size_t i = 0, run = 0; /* run: start of bytes that are copied as they are */

	strbuf_grow(sb, len);
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7F && (c != '\\' || !tsv)) {
			i++;
			continue;
		}
		strbuf_add(sb, s + run, i - run);
		if (c < 0x80) {
			if (c == '\t')
				strbuf_addstr(sb, "\\t");
			else if (c == '\n')
				strbuf_addstr(sb, "\\n");
			else if (c == '\r')
				strbuf_addstr(sb, "\\r");
			else if (c == '\\')
				strbuf_addstr(sb, "\\\\");
			else
				strbuf_addf(sb, "\\x%02x", c);
			run = ++i;
			continue;
		}
		uint32_t cp;
		size_t n = text_utf8_decode(s + i, len - i, &cp);
		if (decoded_bad(n, cp))
			strbuf_addstr(sb, replacement);
		else if (escaped_cp(cp))
			strbuf_addf(sb, "\\u%04x", (unsigned)cp);
		else
			strbuf_add(sb, s + i, n);
		i += n;
		run = i;
	}
	strbuf_add(sb, s + run, len - run);
}

void text_sanitize(struct strbuf *sb, const char *s, size_t len)
{
	sanitize(sb, s, len, 0);
}

void text_sanitize_tsv(struct strbuf *sb, const char *s, size_t len)
{
	sanitize(sb, s, len, 1);
}

/* ---- widths ---------------------------------------------------------- */

static int in_table(uint32_t cp, const struct cp_range *t, size_t n)
{
	size_t lo = 0, hi = n;
	if (n == 0 || cp < t[0].first || cp > t[n - 1].last)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp > t[mid].last)
			lo = mid + 1;
		else if (cp < t[mid].first)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

int text_cp_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return -1;
	if (cp < 0x300)
		return 1; /* Latin fast path; the soft hyphen U+00AD is drawn */
	if (in_table(cp, text_zero_width, ARRAY_SIZE(text_zero_width)))
		return 0;
	if (cp >= 0x1100 && in_table(cp, text_wide, ARRAY_SIZE(text_wide)))
		return 2;
	return 1;
}

size_t text_width(const char *s, size_t len)
{
	size_t w = 0, i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			w += c >= 0x20 && c < 0x7F; /* controls should not be here: 0 */
			i++;
			continue;
		}
		uint32_t cp;
		i += text_utf8_decode(s + i, len - i, &cp);
		int cw = text_cp_width(cp);
		w += cw > 0 ? (size_t)cw : 0;
	}
	return w;
}

size_t text_crop(struct strbuf *sb, const char *s, size_t len, size_t cols, int ascii)
{
	size_t total = text_width(s, len);
	if (total <= cols) {
		strbuf_add(sb, s, len);
		return total;
	}
	if (cols == 0)
		return 0;

	/* Keep what fits in cols - 1, then the one-column mark. Zero-width
	 * code points right after a kept one stay with it (combining marks). */
	size_t used = 0, i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = text_utf8_decode(s + i, len - i, &cp);
		int cw = text_cp_width(cp);
		size_t w = cw > 0 ? (size_t)cw : 0;
		if (used + w > cols - 1)
			break;
		used += w;
		i += n;
	}
	strbuf_add(sb, s, i);
	strbuf_addstr(sb, ascii ? "~" : ellipsis);
	return used + 1;
}
