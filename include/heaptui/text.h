/*
 * text.h - untrusted strings (heap strings, file names) made safe to show.
 *
 * Every snapshot-derived string goes through text_sanitize() before it
 * reaches a terminal or stdout: C0/C1 controls, DEL and escape sequences are
 * shown escaped (\x1b, \u009b), bidi overrides/isolates are escaped (they
 * reorder what follows), invalid UTF-8 becomes U+FFFD. Widths are display
 * columns (wcwidth of each code point, done here without the locale so the
 * result does not depend on the environment).
 */
#ifndef HEAPTUI_TEXT_H
#define HEAPTUI_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer (always NUL-terminated once used). */
struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

#define STRBUF_INIT {NULL, 0, 0}
void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const char *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
/* Append n copies of the byte c (padding). */
void strbuf_addchars(struct strbuf *sb, int c, size_t n);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/*
 * Append the sanitized form of s[0..len) to sb:
 *   \t \n \r          for tab, newline, carriage return
 *   \xHH              other C0 controls (NUL is \x00, ESC is \x1b) and DEL
 *   \u0080..\u009f    C1 controls (U+009B is a one-character CSI)
 *   \u202e ...        bidi embeddings/overrides/isolates/marks (U+061C,
 *                     U+200E-F, U+202A-E, U+2066-9) and the line/paragraph
 *                     separators U+2028-9
 *   U+FFFD            each byte of invalid or truncated UTF-8
 * Backslashes are kept as they are (this is display text, not a quoting
 * format). The result is valid UTF-8 and holds no byte < 0x20, no 0x7f and
 * no C1 code point, so it can be written to any terminal.
 */
void text_sanitize(struct strbuf *sb, const char *s, size_t len);

/* The same with backslashes doubled, so that a TSV field can be unescaped
 * unambiguously (out.h's TSV rules). */
void text_sanitize_tsv(struct strbuf *sb, const char *s, size_t len);

/* Append s[0..len) with each invalid UTF-8 byte replaced by U+FFFD, nothing
 * else changed (for JSON and regex subjects, which need valid UTF-8). */
void text_utf8_fix(struct strbuf *sb, const char *s, size_t len);

/* 1 if s[0..len) is valid UTF-8 (no overlongs, surrogates or > U+10FFFF). */
int text_utf8_valid(const char *s, size_t len);

/* Encode cp (<= U+10FFFF, not a surrogate) into out; returns 1..4. */
size_t text_utf8_encode(uint32_t cp, char out[4]);

/*
 * Decode one UTF-8 code point at s[0..len): returns the number of bytes
 * consumed (>= 1) and stores the code point, or U+FFFD for an invalid or
 * truncated sequence (consuming the one bad byte).
 */
size_t text_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Display width of a code point: 0, 1 or 2; -1 for controls. */
int text_cp_width(uint32_t cp);

/* Display width of sanitized (valid UTF-8, no controls) text. */
size_t text_width(const char *s, size_t len);

/*
 * Append to sb the longest prefix of sanitized text s that fits in `cols`
 * columns; when it had to cut, the last column holds "…" (or "~" when
 * ascii is set). Returns the columns used.
 */
size_t text_crop(struct strbuf *sb, const char *s, size_t len, size_t cols, int ascii);

#endif
