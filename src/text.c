/* text.c - placeholder: the text helper replaces this file. */
#include "heaptui/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heaptui/util.h"

void strbuf_init(struct strbuf *sb) { sb->buf = NULL; sb->len = sb->alloc = 0; }
void strbuf_release(struct strbuf *sb) { free(sb->buf); strbuf_init(sb); }
void strbuf_reset(struct strbuf *sb) { sb->len = 0; if (sb->buf) sb->buf[0] = '\0'; }
void strbuf_add(struct strbuf *sb, const char *data, size_t len)
{
	if (sb->len + len + 1 > sb->alloc) {
		sb->alloc = (sb->len + len + 1) * 2;
		sb->buf = xreallocarray(sb->buf, sb->alloc, 1);
	}
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}
void strbuf_addstr(struct strbuf *sb, const char *s) { strbuf_add(sb, s, strlen(s)); }
void strbuf_addch(struct strbuf *sb, int c) { char ch = (char)c; strbuf_add(sb, &ch, 1); }
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p;
	if (vasprintf(&p, fmt, ap) < 0)
		BUG("vasprintf");
	va_end(ap);
	strbuf_addstr(sb, p);
	free(p);
}
void text_sanitize(struct strbuf *sb, const char *s, size_t len) { strbuf_add(sb, s, len); }
