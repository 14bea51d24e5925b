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
#include <sys/mman.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

/* Bit 7 of each byte of w that is not an ASCII digit. */
static inline uint64_t swar_nondigits(uint64_t w)
{
	uint64_t nd = ((w & 0xf0f0f0f0f0f0f0f0ull) ^ 0x3030303030303030ull) |
		      (((w + 0x0606060606060606ull) & 0xf0f0f0f0f0f0f0f0ull) ^
		       0x3030303030303030ull);
	return (nd | ((nd & 0x7f7f7f7f7f7f7f7full) + 0x7f7f7f7f7f7f7f7full)) &
	       0x8080808080808080ull;
}

/* The value of the n (1 to 8) ASCII digits at the start of w. */
static inline uint64_t swar_value(uint64_t w, unsigned n)
{
	uint64_t v = (w - 0x3030303030303030ull) << (64 - 8 * n);
	v = v * 10 + (v >> 8);
	return (((v & 0x000000ff000000ffull) * (100 + (1000000ull << 32))) +
		(((v >> 16) & 0x000000ff000000ffull) * (1 + (10000ull << 32)))) >> 32;
}

/*
 * Values are parsed into a batch, then stored field by field: the parsing
 * does nothing but numbers, and each store loop is a strided copy. The
 * batch is stored before any error is reported, so the error of the
 * earliest value wins, as if each value were stored at once.
 */
#define SCAN_BATCH 2048

struct batch {
	uint32_t v[SCAN_BATCH];
	uint32_t n;      /* values in v */
	uint64_t first;  /* ordinal of v[0] */
	size_t pos;      /* byte offset of v[0] (for error offsets) */
};

/* Byte offset of the k-th value after `pos` (a value, or whitespace before
 * one) of an integer array that scanned successfully so far. */
static size_t skip_values(const struct scan *sc, size_t pos, uint64_t k)
{
	const unsigned char *s = (const unsigned char *)sc->text;
	for (uint64_t i = 0; i < k && pos < sc->len; i++) {
		while (IS_WS(s[pos]))
			pos++;
		while ((unsigned)s[pos] - '0' <= 9)
			pos++;
		while (IS_WS(s[pos]))
			pos++;
		if (s[pos] == ',')
			pos++;
	}
	while (IS_WS(s[pos]))
		pos++;
	return pos;
}

static int batch_store(const struct scan *sc, struct batch *b, const struct scan_field *f,
		       unsigned nf)
{
	uint64_t bad = UINT64_MAX;
	unsigned bad_field = 0;
	for (unsigned k = 0; k < nf; k++) {
		/* the batch's values of field k: j0, j0 + nf, ... */
		uint32_t j0 = (uint32_t)((k + nf - b->first % nf) % nf);
		uint64_t rec = (b->first + j0) / nf;
		if (f[k].kind == SCAN_U32) {
			uint32_t *d = f[k].u32 + rec;
			for (uint32_t j = j0; j < b->n; j += nf)
				*d++ = b->v[j];
		} else if (f[k].kind == SCAN_U8) {
			uint8_t *d = f[k].u8 + rec;
			for (uint32_t j = j0; j < b->n; j += nf) {
				if (UNLIKELY(b->v[j] >= f[k].map_len)) {
					if (b->first + j < bad) {
						bad = b->first + j;
						bad_field = k;
					}
					break;
				}
				*d++ = f[k].map[b->v[j]];
			}
		}
	}
	if (UNLIKELY(bad != UINT64_MAX)) {
		uint32_t v = b->v[bad - b->first];
		return scan_fail(sc, skip_values(sc, b->pos, bad - b->first),
				 "%s %" PRIu32 " out of range (0 to %" PRIu32 ")", f[bad_field].what, v,
				 f[bad_field].map_len - 1);
	}
	b->first += b->n;
	b->n = 0;
	return 0;
}

/* ---- the block path: 64 bytes at a time ---------------------------------- */

/* Which bytes of a 64-byte block are what (bit i: byte i). */
struct block_masks {
	uint64_t digit;  /* '0'..'9' */
	uint64_t zero;   /* '0' */
	uint64_t comma;  /* ',' */
	uint64_t other;  /* neither a digit, a comma nor JSON whitespace */
};

static inline void classify64(const unsigned char *p, struct block_masks *m)
{
#if defined(__SSE2__)
	uint64_t d = 0, z = 0, c = 0, w = 0;
	for (int i = 0; i < 4; i++) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
		__m128i isd = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
					    _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
		__m128i isw = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')),
							_mm_cmpeq_epi8(x, _mm_set1_epi8('\n'))),
					   _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\r')),
							_mm_cmpeq_epi8(x, _mm_set1_epi8('\t'))));
		d |= (uint64_t)(unsigned)_mm_movemask_epi8(isd) << (16 * i);
		z |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('0')))
		     << (16 * i);
		c |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(',')))
		     << (16 * i);
		w |= (uint64_t)(unsigned)_mm_movemask_epi8(isw) << (16 * i);
	}
	m->digit = d;
	m->zero = z;
	m->comma = c;
	m->other = ~(d | c | w);
#else
	memset(m, 0, sizeof(*m));
	for (int i = 0; i < 64; i++) {
		uint64_t bit = 1ull << i;
		if ((unsigned)p[i] - '0' <= 9)
			m->digit |= bit;
		if (p[i] == '0')
			m->zero |= bit;
		if (p[i] == ',')
			m->comma |= bit;
		else if (!((unsigned)p[i] - '0' <= 9) && !IS_WS(p[i]))
			m->other |= bit;
	}
#endif
}

/* Bit i: the parity of the set bits 0..i of x. */
static inline uint64_t prefix_xor(uint64_t x)
{
	x ^= x << 1;
	x ^= x << 2;
	x ^= x << 4;
	x ^= x << 8;
	x ^= x << 16;
	x ^= x << 32;
	return x;
}

/* The number of the n digits at q (not a leading zero), n known from the
 * masks: 0 if it does not fit in 32 bits. Reads max(8, n) bytes. */
static inline int digits_number(const unsigned char *q, unsigned n, uint32_t *out)
{
	uint64_t w;
	memcpy(&w, q, 8);
	if (n == 1) {
		*out = (uint32_t)(w & 0xf);
	} else if (n == 2) {
		*out = (uint32_t)((w & 0xf) * 10 + ((w >> 8) & 0xf));
	} else if (n <= 8) {
		*out = (uint32_t)swar_value(w, n);
	} else {
		if (n > 10)
			return 0;
		uint64_t v = swar_value(w, 8);
		for (unsigned i = 8; i < n; i++)
			v = v * 10 + (unsigned)(q[i] - '0');
		if (v > UINT32_MAX)
			return 0;
		*out = (uint32_t)v;
	}
	return 1;
}

/* The number at q (a digit, not a leading zero) whose end the block's mask
 * does not show: 0 if it has more than 10 digits or does not fit in 32
 * bits. Reads 16 bytes. */
static inline int block_number(const unsigned char *q, uint32_t *out)
{
	uint64_t w;
	memcpy(&w, q, 8);
	uint64_t t = swar_nondigits(w);
	if (LIKELY(t))
		return digits_number(q, (unsigned)__builtin_ctzll(t) >> 3, out);
	memcpy(&w, q + 8, 8);
	t = swar_nondigits(w);
	return digits_number(q, 8 + (t ? (unsigned)__builtin_ctzll(t) >> 3 : 8), out);
}

/*
 * Parse whole 64-byte blocks from *pp, which is just after a comma or the
 * '[' (whitespace may follow), up to `end`, appending the values to the
 * batch. A block is taken only when it holds nothing but digits, commas
 * and whitespace, numbers and commas alternate, and no number has a
 * leading zero or is too big; anything else is left to the one-by-one loop,
 * which reports it. Finding the numbers from bit masks (not one after the
 * other) lets the CPU parse several at once: the one-by-one loop is bound by
 * the latency of finding where the next number starts.
 * On return *pp is again just after a comma, or at a number (a number whose
 * comma was not reached is taken back). Returns 1 when it stopped because
 * the batch is full, else 0.
 */
static int scan_blocks(const struct scan *sc, struct batch *b, const unsigned char **pp,
		       const unsigned char *end, uint64_t max_values)
{
	const unsigned char *base = (const unsigned char *)sc->text;
	const unsigned char *p = *pp, *last = p;
	uint64_t after_number = 0, prev_digit = 0;
	int full = 0;

	while (p < end) {
		struct block_masks m;
		classify64(p, &m);
		if (m.other)
			break;
		uint64_t starts = m.digit & ~((m.digit << 1) | prev_digit);
		/* events must alternate number, comma, number...: the parity of
		 * the events so far is 1 at a number (0 if one is pending) */
		uint64_t par = prefix_xor(starts | m.comma) ^ (0 - after_number);
		if ((starts & ~par) | (m.comma & par))
			break;
		uint64_t next_digit = (m.digit >> 1) | ((uint64_t)((unsigned)p[64] - '0' <= 9) << 63);
		if (starts & m.zero & next_digit)
			break;
		/* a block holds at most 32 numbers */
		if (b->n + 32 > SCAN_BATCH) {
			full = 1;
			break;
		}
		if (b->first + b->n + 32 > max_values)
			break; /* the last values go one by one, to the count */
		uint32_t n0 = b->n;
		const unsigned char *q = last;
		for (uint64_t x = starts; x; x &= x - 1) {
			unsigned at = (unsigned)__builtin_ctzll(x);
			/* the digits of the number, from the mask, unless it runs
			 * into the next block */
			uint64_t rest = ~(m.digit >> at);
			unsigned n = rest ? (unsigned)__builtin_ctzll(rest) : 64;
			q = p + at;
			if (!b->n)
				b->pos = (size_t)(q - base);
			if (!(n < 64 - at ? digits_number(q, n, &b->v[b->n++])
					  : block_number(q, &b->v[b->n++]))) {
				b->n = n0;
				goto done;
			}
		}
		last = q;
		after_number = par >> 63;
		prev_digit = m.digit >> 63;
		p += 64;
	}
done:
	if (after_number) {
		b->n--;
		p = last;
	}
	*pp = p;
	return full;
}

void scan_drop(const struct scan *sc, size_t *dropped, size_t upto)
{
	if (!sc->drop_behind || upto < *dropped + SCAN_DROP_STEP)
		return;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t from = (*dropped + page - 1) / page * page, to = upto / page * page;
	if (to > from)
		madvise((char *)(uintptr_t)sc->text + from, to - from, MADV_DONTNEED);
	*dropped = upto;
}

uint64_t scan_count_values(const struct scan *sc, size_t from, size_t to)
{
	uint64_t commas = 0;
	size_t dropped = from;
	for (size_t at = from; at < to; at += SCAN_DROP_STEP) {
		size_t n = MIN(SCAN_DROP_STEP, to - at);
		commas += scan_count_byte(sc->text + at, n, ',');
		scan_drop(sc, &dropped, at + n);
	}
	return commas + 1;
}

int scan_ints(const struct scan *sc, size_t *pos, size_t stop, const struct scan_field *f,
	      unsigned nf, uint64_t first, uint64_t max_values, uint64_t *count,
	      const char *what)
{
	const unsigned char *base = (const unsigned char *)sc->text;
	const unsigned char *p = base + *pos;
	/* blocks end 64 bytes on, their last number is read 16 bytes from its
	 * start (text[len] is readable), and no block reaches the split */
	size_t end_off = sc->len >= 80 ? sc->len - 79 : 0;
	if (stop)
		end_off = MIN(end_off, stop >= 64 ? stop - 64 : 0);
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
	end_off = 0; /* the digit tricks assume little endian */
#endif
	const unsigned char *block_end = sc->one_by_one ? base : base + end_off;
	const unsigned char *slow_until = p;
	struct batch *b = xmalloc(sizeof(*b));
	int rc = 0;

	b->n = 0;
	b->first = first;
	*count = 0;
	while (IS_WS(*p))
		p++;
	b->pos = (size_t)(p - base);
	if (*p == ']' && first == 0) {
		*pos = (size_t)(p - base) + 1;
		free(b);
		return 0;
	}
	size_t dropped = *pos;
	for (;;) {
		scan_drop(sc, &dropped, (size_t)(p - base));
		if (p >= slow_until && p < block_end) {
			while (scan_blocks(sc, b, &p, block_end, max_values)) {
				if ((rc = batch_store(sc, b, f, nf)) < 0)
					goto out;
				scan_drop(sc, &dropped, (size_t)(p - base));
			}
			slow_until = p + 64; /* where the blocks stopped goes one by one */
		}

		/* one value, with every check */
		while (IS_WS(*p))
			p++;
		const unsigned char *start = p;
		uint64_t v;
		unsigned d = (unsigned)*p - '0';
		if (UNLIKELY(d > 9)) {
			rc = fail_number(sc, (size_t)(p - base));
			goto fail;
		}
		v = d;
		p++;
		if (UNLIKELY(d == 0)) {
			if ((unsigned)*p - '0' <= 9) {
				rc = scan_fail(sc, (size_t)(start - base), "number with a leading zero");
				goto fail;
			}
		} else {
			while ((d = (unsigned)*p - '0') <= 9) {
				v = v * 10 + d;
				p++;
				if (UNLIKELY(v > UINT32_MAX)) {
					rc = scan_fail(sc, (size_t)(start - base),
						       "number does not fit in 32 bits");
					goto fail;
				}
			}
		}
		if (UNLIKELY(*p == '.' || *p == 'e' || *p == 'E')) {
			rc = scan_fail(sc, (size_t)(start - base), "expected an integer");
			goto fail;
		}
		if (UNLIKELY(b->first + b->n >= max_values)) {
			rc = scan_fail(sc, (size_t)(start - base),
				       "%s array has more values than expected (%" PRIu64 ")", what,
				       max_values);
			goto fail;
		}
		if (b->n == SCAN_BATCH && (rc = batch_store(sc, b, f, nf)) < 0)
			goto out;
		if (!b->n)
			b->pos = (size_t)(start - base);
		b->v[b->n++] = (uint32_t)v;
		if (*p <= ' ')
			while (IS_WS(*p))
				p++;
		if (LIKELY(*p == ',')) {
			p++;
			if (UNLIKELY(stop) && (size_t)(p - base) >= stop)
				break;
			continue;
		}
		if (*p == ']') {
			p++;
			break;
		}
		rc = fail_separator(sc, (size_t)(p - base), ']');
		goto fail;
	}
	if ((rc = batch_store(sc, b, f, nf)) < 0)
		goto out;
	*count = b->first - first;
	*pos = (size_t)(p - base);
	goto out;
fail:
	/* an earlier value's range error comes first in the file */
	if (batch_store(sc, b, f, nf) < 0)
		rc = -1;
out:
	free(b);
	return rc;
}

uint64_t scan_count_byte(const char *p, size_t n, char c)
{
	uint64_t count = 0;
	size_t i = 0;
#if defined(__SSE2__)
	/* per-byte counters (a match subtracts -1), summed every 255 rounds */
	const __m128i pat = _mm_set1_epi8(c), zero = _mm_setzero_si128();
	while (i + 16 <= n) {
		__m128i acc = zero;
		for (int k = 0; k < 255 && i + 16 <= n; k++, i += 16)
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(
				_mm_loadu_si128((const __m128i *)(const void *)(p + i)), pat));
		__m128i sum = _mm_sad_epu8(acc, zero);
		count += (uint64_t)_mm_cvtsi128_si64(sum) +
			 (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(sum, sum));
	}
#endif
	for (; i < n; i++)
		count += p[i] == c;
	return count;
}

size_t scan_int_offset(const struct scan *sc, size_t open, uint64_t k)
{
	return skip_values(sc, open + 1, k);
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
