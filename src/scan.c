/*
 * scan.c - fast scanning of the big JSON arrays and strings of a snapshot.
 *
 * Hot loops work on unsigned char pointers and rely on the '\0' sentinel at
 * text[len] (see scan.h) instead of bounds checks: a digit loop, a
 * whitespace loop and a string loop all stop on it. Error paths are kept
 * out of line so the loops stay small.
 */
#include "heaptui/scan.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

/* An error at byte `off` of the text; returns -1. */
#define scan_fail(sc, off, ...) ht_fail((sc)->err, (sc)->name, (int64_t)(off), __VA_ARGS__)

static int fail_eof(const struct scan *sc)
{
	return scan_fail(sc, sc->len, "unexpected end of input");
}

/* Explain why no number starts at off. */
static int fail_number(const struct scan *sc, size_t off)
{
	const unsigned char c = (unsigned char)sc->text[off];
	if (off >= sc->len)
		return fail_eof(sc);
	if (c == '-')
		return scan_fail(sc, off, "negative number");
	return scan_fail(sc, off, "expected a number");
}

/* Why a number that looked fine at `start` and stopped at `p` is rejected. */
static int check_number_end(const struct scan *sc, size_t start, size_t p)
{
	const char c = sc->text[p];
	if (c == '.' || c == 'e' || c == 'E')
		return scan_fail(sc, start, "expected an integer");
	return 0;
}

int scan_u32(const struct scan *sc, size_t *pos, uint32_t *v)
{
	const unsigned char *s = (const unsigned char *)sc->text;
	size_t p = *pos;
	unsigned d = (unsigned)s[p] - '0';
	if (d > 9)
		return fail_number(sc, p);
	uint64_t x = d;
	p++;
	if (d == 0) {
		if ((unsigned)s[p] - '0' <= 9)
			return scan_fail(sc, *pos, "number with a leading zero");
	} else {
		while ((d = (unsigned)s[p] - '0') <= 9) {
			x = x * 10 + d;
			if (x > UINT32_MAX)
				return scan_fail(sc, *pos, "number does not fit in 32 bits");
			p++;
		}
	}
	if (check_number_end(sc, *pos, p) < 0)
		return -1;
	*v = (uint32_t)x;
	*pos = p;
	return 0;
}

static int fail_separator(const struct scan *sc, size_t off, char close)
{
	if (off >= sc->len)
		return fail_eof(sc);
	return scan_fail(sc, off, "expected ',' or '%c'", close);
}

#define IS_WS(c) ((c) == ' ' || (c) == '\n' || (c) == '\r' || (c) == '\t')

int scan_ints(const struct scan *sc, size_t *pos, size_t stop, const struct scan_field *f,
	      unsigned nf, uint64_t first, uint64_t max_values, uint64_t *count,
	      const char *what)
{
	const unsigned char *base = (const unsigned char *)sc->text;
	const unsigned char *p = base + *pos;
	/* last start from which 8 bytes can be read (text[len] is readable) */
	const unsigned char *swar_end = base + (sc->len + 1 >= 8 ? sc->len + 1 - 8 : 0);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const int swar = sc->len + 1 >= 8;
#else
	const int swar = 0; /* the digit tricks assume little endian */
#endif
	uint64_t idx = first;
	uint64_t rec = first / nf;
	unsigned k = (unsigned)(first % nf);

	*count = 0;
	while (IS_WS(*p))
		p++;
	if (*p == ']' && first == 0) {
		*pos = (size_t)(p - base) + 1;
		return 0;
	}
	for (;;) {
		const unsigned char *start = p;
		uint64_t v;
		if (LIKELY(swar && p <= swar_end)) {
			/* up to 7 digits at once: find the digit run in 8 bytes, no
			 * branch per digit (the run length is data, not control) */
			uint64_t w, nd, t;
			memcpy(&w, p, 8);
			nd = ((w & 0xf0f0f0f0f0f0f0f0ull) ^ 0x3030303030303030ull) |
			     (((w + 0x0606060606060606ull) & 0xf0f0f0f0f0f0f0f0ull) ^
			      0x3030303030303030ull);
			t = (nd | ((nd & 0x7f7f7f7f7f7f7f7full) + 0x7f7f7f7f7f7f7f7full)) &
			    0x8080808080808080ull; /* high bit of each non-digit byte */
			if (LIKELY(t != 0 && (t & 0x80) == 0)) {
				unsigned n = (unsigned)__builtin_ctzll(t) >> 3; /* 1..7 */
				if (UNLIKELY(*p == '0' && n > 1))
					return scan_fail(sc, (size_t)(start - base),
							 "number with a leading zero");
				v = (w - 0x3030303030303030ull) << (64 - 8 * n);
				v = v * 10 + (v >> 8);
				v = (((v & 0x000000ff000000ffull) * (100 + (1000000ull << 32))) +
				     (((v >> 16) & 0x000000ff000000ffull) *
				      (1 + (10000ull << 32)))) >> 32;
				p += n;
				goto number_done;
			}
		}
		{
			unsigned d = (unsigned)*p - '0';
			if (UNLIKELY(d > 9))
				return fail_number(sc, (size_t)(p - base));
			v = d;
			p++;
			if (UNLIKELY(d == 0)) {
				if ((unsigned)*p - '0' <= 9)
					return scan_fail(sc, (size_t)(start - base),
							 "number with a leading zero");
			} else {
				while ((d = (unsigned)*p - '0') <= 9) {
					v = v * 10 + d;
					p++;
					if (UNLIKELY(v > UINT32_MAX))
						return scan_fail(sc, (size_t)(start - base),
								 "number does not fit in 32 bits");
				}
			}
		}
number_done:
		if (UNLIKELY(*p == '.' || *p == 'e' || *p == 'E'))
			return scan_fail(sc, (size_t)(start - base), "expected an integer");
		if (UNLIKELY(idx >= max_values))
			return scan_fail(sc, (size_t)(start - base),
					 "%s array has more values than expected (%" PRIu64 ")",
					 what, max_values);
		switch (f[k].kind) {
		case SCAN_U32:
			f[k].u32[rec] = (uint32_t)v;
			break;
		case SCAN_U8:
			if (UNLIKELY(v >= f[k].map_len))
				return scan_fail(sc, (size_t)(start - base),
						 "%s %" PRIu64 " out of range (0 to %" PRIu32 ")",
						 f[k].what, v, f[k].map_len - 1);
			f[k].u8[rec] = f[k].map[v];
			break;
		case SCAN_SKIP:
			break;
		}
		idx++;
		if (++k == nf) {
			k = 0;
			rec++;
		}
		if (UNLIKELY(*p <= ' '))
			while (IS_WS(*p))
				p++;
		if (LIKELY(*p == ',')) {
			p++;
			if (UNLIKELY(stop) && (size_t)(p - base) >= stop)
				break;
			if (*p <= ' ')
				while (IS_WS(*p))
					p++;
			continue;
		}
		if (*p == ']') {
			p++;
			break;
		}
		return fail_separator(sc, (size_t)(p - base), ']');
	}
	*count = idx - first;
	*pos = (size_t)(p - base);
	return 0;
}

size_t scan_int_offset(const struct scan *sc, size_t open, uint64_t k)
{
	const unsigned char *s = (const unsigned char *)sc->text;
	size_t p = open + 1;
	for (uint64_t i = 0; i < k && p < sc->len; i++) {
		while (IS_WS(s[p]))
			p++;
		while ((unsigned)s[p] - '0' <= 9)
			p++;
		while (IS_WS(s[p]))
			p++;
		if (s[p] == ',')
			p++;
	}
	while (IS_WS(s[p]))
		p++;
	return p;
}

/* ---- strings ------------------------------------------------------------ */

size_t scan_put_utf8(char *o, uint32_t cp)
{
	unsigned char *u = (unsigned char *)o;
	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | (cp >> 6));
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	u[0] = (unsigned char)(0xf0 | (cp >> 18));
	u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	u[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Length of the valid UTF-8 sequence at p (before e), or 0 if invalid. */
static size_t utf8_valid(const unsigned char *p, const unsigned char *e)
{
	unsigned c = p[0];
	size_t n;
	unsigned lo = 0x80, hi = 0xbf; /* allowed range of the second byte */
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0; /* overlong */
		else if (c == 0xed)
			hi = 0x9f; /* UTF-16 surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90; /* overlong */
		else if (c == 0xf4)
			hi = 0x8f; /* above U+10FFFF */
	} else {
		return 0;
	}
	if ((size_t)(e - p) < n || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

static int hexval(unsigned c)
{
	if (c - '0' <= 9)
		return (int)(c - '0');
	c |= 0x20;
	if (c - 'a' <= 5)
		return (int)(c - 'a' + 10);
	return -1;
}

/* The 4 hex digits at p as a number, or -1. */
static int32_t hex4(const unsigned char *p)
{
	int32_t v = 0;
	for (int i = 0; i < 4; i++) {
		int h = hexval(p[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* Offset of the quote that closes the string opened at q. */
static int string_end(const struct scan *sc, size_t q, size_t *end)
{
	const char *s = sc->text;
	size_t p = q + 1;
	for (;;) {
		const char *hit = memchr(s + p, '"', sc->len - p);
		if (!hit)
			return fail_eof(sc);
		size_t h = (size_t)(hit - s);
		size_t b = h;
		while (b > q + 1 && s[b - 1] == '\\')
			b--;
		if (((h - b) & 1) == 0) {
			*end = h;
			return 0;
		}
		p = h + 1;
	}
}

static void strings_reserve(struct scan_strings *out, uint64_t more)
{
	if (!out->data || out->len + more > out->alloc) { /* the first call allocates */
		uint64_t n = out->alloc + out->alloc / 2;
		if (n < out->len + more)
			n = out->len + more;
		out->data = xreallocarray(out->data, (size_t)n, 1);
		out->alloc = n;
	}
	if (out->count + 2 > out->off_alloc) {
		uint64_t n = out->off_alloc ? out->off_alloc * 2 : 1024;
		out->off = xreallocarray(out->off, (size_t)n, sizeof(*out->off));
		out->off_alloc = n;
	}
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

int scan_string(const struct scan *sc, size_t *pos, struct scan_strings *out)
{
	size_t q = *pos, h = 0;
	if (string_end(sc, q, &h) < 0)
		return -1;
	/* Each raw byte yields at most 3 bytes (a bad byte becomes U+FFFD). */
	strings_reserve(out, 3 * (uint64_t)(h - q - 1) + 1);

	const unsigned char *base = (const unsigned char *)sc->text;
	const unsigned char *p = base + q + 1, *e = base + h;
	char *o = out->data + out->len;
	out->off[out->count] = out->len;
	while (p < e) {
		/* ASCII runs without '\\' or controls, 8 bytes at a time */
		while (e - p >= 8) {
			uint64_t w, x;
			memcpy(&w, p, 8);
			x = w ^ (ONES * '\\');
			if (((w | ((w - ONES * 0x20) & ~w) | ((x - ONES) & ~x)) & HIGHS) != 0)
				break;
			memcpy(o, p, 8);
			o += 8;
			p += 8;
		}
		if (p >= e)
			break;
		unsigned c = *p;
		if (c >= 0x20 && c < 0x80 && c != '\\') {
			*o++ = (char)c;
			p++;
		} else if (c == '\\') {
			uint32_t cp;
			switch (p[1]) {
			case '"': cp = '"'; break;
			case '\\': cp = '\\'; break;
			case '/': cp = '/'; break;
			case 'b': cp = '\b'; break;
			case 'f': cp = '\f'; break;
			case 'n': cp = '\n'; break;
			case 'r': cp = '\r'; break;
			case 't': cp = '\t'; break;
			case 'u': {
				int32_t u = e - p >= 6 ? hex4(p + 2) : -1;
				if (u < 0)
					return scan_fail(sc, (size_t)(p - base), "invalid \\u escape");
				p += 6;
				cp = (uint32_t)u;
				if (cp >= 0xd800 && cp <= 0xdbff) {
					int32_t lo = -1;
					if (e - p >= 6 && p[0] == '\\' && p[1] == 'u')
						lo = hex4(p + 2);
					if (lo >= 0xdc00 && lo <= 0xdfff) {
						cp = 0x10000 + ((cp - 0xd800) << 10) +
						     ((uint32_t)lo - 0xdc00);
						p += 6;
					} else {
						cp = 0xfffd; /* lone high surrogate */
					}
				} else if (cp >= 0xdc00 && cp <= 0xdfff) {
					cp = 0xfffd; /* lone low surrogate */
				}
				o += scan_put_utf8(o, cp);
				continue;
			}
			default:
				return scan_fail(sc, (size_t)(p - base), "invalid escape sequence");
			}
			*o++ = (char)cp;
			p += 2;
		} else if (c < 0x20) {
			return scan_fail(sc, (size_t)(p - base), "control character in a string");
		} else {
			size_t n = utf8_valid(p, e);
			if (n) {
				memcpy(o, p, n);
				o += n;
				p += n;
			} else {
				o += scan_put_utf8(o, 0xfffd);
				p++;
			}
		}
	}
	*o++ = '\0';
	out->len = (uint64_t)(o - out->data);
	out->count++;
	out->off[out->count] = out->len;
	*pos = h + 1;
	return 0;
}

int scan_strings_array(const struct scan *sc, size_t *pos, struct scan_strings *out)
{
	size_t p = *pos;
	if (sc->text[p] != '[')
		return p >= sc->len ? fail_eof(sc) : scan_fail(sc, p, "expected '['");
	p = scan_ws(sc, p + 1);
	strings_reserve(out, 0);
	out->off[out->count] = out->len;
	if (sc->text[p] == ']') {
		*pos = p + 1;
		return 0;
	}
	for (;;) {
		if (sc->text[p] != '"')
			return p >= sc->len ? fail_eof(sc) : scan_fail(sc, p, "expected a string");
		if (scan_string(sc, &p, out) < 0)
			return -1;
		p = scan_ws(sc, p);
		if (sc->text[p] == ',') {
			p = scan_ws(sc, p + 1);
			continue;
		}
		if (sc->text[p] == ']')
			break;
		return fail_separator(sc, p, ']');
	}
	*pos = p + 1;
	return 0;
}

void scan_strings_release(struct scan_strings *out)
{
	free(out->data);
	free(out->off);
	memset(out, 0, sizeof(*out));
}

int scan_key(const struct scan *sc, size_t *pos, char *buf, size_t size, int *too_long)
{
	struct scan_strings tmp = {0};
	if (sc->text[*pos] != '"')
		return *pos >= sc->len ? fail_eof(sc) : scan_fail(sc, *pos, "expected a string");
	if (scan_string(sc, pos, &tmp) < 0) {
		scan_strings_release(&tmp);
		return -1;
	}
	uint64_t n = tmp.off[1] - 1;
	*too_long = n >= size || memchr(tmp.data, '\0', (size_t)n) != NULL;
	if (*too_long)
		buf[0] = '\0';
	else
		memcpy(buf, tmp.data, (size_t)n + 1);
	scan_strings_release(&tmp);
	return 0;
}

/* ---- the generic skipper ------------------------------------------------ */

/* Skip the string at p (the quote): escapes and controls checked, not UTF-8. */
static int skip_string(const struct scan *sc, size_t *pos)
{
	const unsigned char *s = (const unsigned char *)sc->text;
	size_t p = *pos + 1;
	for (;;) {
		unsigned c = s[p];
		if (c == '"')
			break;
		if (c == '\\') {
			c = s[p + 1];
			if (c == 'u') {
				if (hex4(s + p + 2) < 0)
					return scan_fail(sc, p, "invalid \\u escape");
				p += 6;
			} else if (c && strchr("\"\\/bfnrt", (int)c)) {
				p += 2;
			} else {
				return p + 1 >= sc->len ? fail_eof(sc)
						       : scan_fail(sc, p, "invalid escape sequence");
			}
		} else if (c < 0x20) {
			return p >= sc->len ? fail_eof(sc)
					    : scan_fail(sc, p, "control character in a string");
		} else {
			p++;
		}
	}
	*pos = p + 1;
	return 0;
}

static int skip_number(const struct scan *sc, size_t *pos)
{
	const unsigned char *s = (const unsigned char *)sc->text;
	size_t p = *pos;
	if (s[p] == '-')
		p++;
	if (s[p] == '0')
		p++;
	else if ((unsigned)s[p] - '1' <= 8)
		while ((unsigned)s[p] - '0' <= 9)
			p++;
	else
		goto bad;
	if (s[p] == '.') {
		p++;
		if ((unsigned)s[p] - '0' > 9)
			goto bad;
		while ((unsigned)s[p] - '0' <= 9)
			p++;
	}
	if (s[p] == 'e' || s[p] == 'E') {
		p++;
		if (s[p] == '+' || s[p] == '-')
			p++;
		if ((unsigned)s[p] - '0' > 9)
			goto bad;
		while ((unsigned)s[p] - '0' <= 9)
			p++;
	}
	*pos = p;
	return 0;
bad:
	return p >= sc->len ? fail_eof(sc) : scan_fail(sc, *pos, "invalid number");
}

int scan_skip_value(const struct scan *sc, size_t *pos, uint64_t *elements)
{
	const char *s = sc->text;
	char stack[SCAN_MAX_DEPTH];
	unsigned depth = 0;
	uint64_t n = 0;
	size_t p = *pos;

value:
	p = scan_ws(sc, p);
	switch (s[p]) {
	case '{':
	case '[':
		if (depth == SCAN_MAX_DEPTH)
			return scan_fail(sc, p, "nesting deeper than %d levels", SCAN_MAX_DEPTH);
		stack[depth++] = s[p];
		p = scan_ws(sc, p + 1);
		if (s[p] == (stack[depth - 1] == '{' ? '}' : ']')) {
			p++;
			depth--;
			goto after;
		}
		if (stack[depth - 1] == '{')
			goto key;
		goto value;
	case '"':
		if (skip_string(sc, &p) < 0)
			return -1;
		goto after;
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		if (skip_number(sc, &p) < 0)
			return -1;
		goto after;
	case 't':
	case 'f':
	case 'n': {
		const char *lit = s[p] == 't' ? "true" : s[p] == 'f' ? "false" : "null";
		size_t l = strlen(lit);
		if (strncmp(s + p, lit, l) != 0)
			return scan_fail(sc, p, "expected a JSON value");
		p += l;
		goto after;
	}
	default:
		return p >= sc->len ? fail_eof(sc) : scan_fail(sc, p, "expected a JSON value");
	}
key:
	p = scan_ws(sc, p);
	if (s[p] != '"')
		return p >= sc->len ? fail_eof(sc) : scan_fail(sc, p, "expected a string key");
	if (skip_string(sc, &p) < 0)
		return -1;
	p = scan_ws(sc, p);
	if (s[p] != ':')
		return p >= sc->len ? fail_eof(sc) : scan_fail(sc, p, "expected ':'");
	p++;
	goto value;
after:
	if (depth == 0) {
		*pos = p;
		if (elements)
			*elements = n;
		return 0;
	}
	if (depth == 1 && stack[0] == '[')
		n++;
	p = scan_ws(sc, p);
	if (s[p] == ',') {
		p++;
		if (stack[depth - 1] == '{')
			goto key;
		goto value;
	}
	if (s[p] == (stack[depth - 1] == '{' ? '}' : ']')) {
		p++;
		depth--;
		goto after;
	}
	return fail_separator(sc, p, stack[depth - 1] == '{' ? '}' : ']');
}
