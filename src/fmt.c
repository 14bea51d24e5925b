/*
 * fmt.c - numbers and sizes for people; the rules are in fmt.h.
 *
 * All arithmetic is on integers so the result is the exact decimal value
 * rounded half up, which is what Intl.NumberFormat does on bytes / 1000
 * (the shortest decimal form of that double is the exact quotient).
 */
#include "heaptui/fmt.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Digits of n with "," every three, into out (>= 27 bytes); returns length. */
static size_t group(uint64_t n, char *out)
{
	char digits[24];
	int nd = snprintf(digits, sizeof(digits), "%" PRIu64, n);
	size_t k = 0;
	for (int i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	out[k] = '\0';
	return k;
}

/* n / div rounded half up, without overflow for any n. */
static uint64_t div_round(uint64_t n, uint64_t div)
{
	uint64_t q = n / div, r = n % div;
	return q + (r >= div - r);
}

/* `sign` then the size; shared by fmt_size and fmt_sdelta. */
static char *size_with_sign(const char *sign, uint64_t bytes, char *buf, size_t size)
{
	char num[32];
	const char *unit;
	uint64_t scale;

	if (bytes < 1000) {
		snprintf(buf, size, "%s%" PRIu64 " B", sign, bytes);
		return buf;
	}
	if (bytes < 1000000) {
		unit = "kB";
		scale = 1000;
	} else if (bytes < 1000000000) {
		unit = "MB";
		scale = 1000000;
	} else {
		unit = "GB";
		scale = 1000000000;
	}
	if (bytes / scale < 100) {
		/* one decimal: tenths of the unit */
		uint64_t tenths = div_round(bytes, scale / 10);
		snprintf(buf, size, "%s%" PRIu64 ".%u %s", sign, tenths / 10,
			 (unsigned)(tenths % 10), unit);
	} else {
		group(div_round(bytes, scale), num);
		snprintf(buf, size, "%s%s %s", sign, num, unit);
	}
	return buf;
}

char *fmt_size(uint64_t bytes, char *buf, size_t size)
{
	return size_with_sign("", bytes, buf, size);
}

/* |v| without overflow on INT64_MIN. */
static uint64_t magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

static const char *sign_of(int64_t v)
{
	return v > 0 ? "+" : v < 0 ? "-" : "";
}

char *fmt_sdelta(int64_t bytes, char *buf, size_t size)
{
	return size_with_sign(sign_of(bytes), magnitude(bytes), buf, size);
}

char *fmt_count(uint64_t n, char *buf, size_t size)
{
	char num[32];
	group(n, num);
	snprintf(buf, size, "%s", num);
	return buf;
}

char *fmt_delta(int64_t d, char *buf, size_t size)
{
	char num[32];
	group(magnitude(d), num);
	snprintf(buf, size, "%s%s", sign_of(d), num);
	return buf;
}

char *fmt_int(int64_t v, char *buf, size_t size)
{
	snprintf(buf, size, "%" PRId64, v);
	return buf;
}

char *fmt_percent(double pct, char *buf, size_t size)
{
	if (!isfinite(pct)) {
		snprintf(buf, size, "-");
		return buf;
	}
	/* toFixed(0): the nearer integer, the larger one on a tie; x - floor(x)
	 * is exact in binary floating point, so the tie test is exact. */
	double fl = floor(pct);
	double r = pct - fl >= 0.5 ? fl + 1 : fl;
	if (r == 0)
		r = 0; /* no "-0%" */
	snprintf(buf, size, "%.0f%%", r);
	return buf;
}
