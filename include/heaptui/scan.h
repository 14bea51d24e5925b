/*
 * scan.h - the hand-written JSON scanner for the big parts of a snapshot:
 * flat integer arrays (nodes, edges, locations) read straight into the
 * snapshot's tables, the strings array decoded once into one buffer, and a
 * generic validating skipper for everything else (unknown keys, trace_tree).
 *
 * The text is untrusted. Every function checks what it reads and reports
 * the first problem as -1 with ht_fail(sc->err, sc->name, BYTE_OFFSET, ...),
 * where BYTE_OFFSET is the offset of the problem in the text.
 *
 * Contract: text[len] is readable and is '\0' (a sentinel), so the hot loops
 * over digits and whitespace need no bounds check: the sentinel stops them,
 * and reaching offset len is reported as "unexpected end of input".
 *
 * The integer scanner works on a byte range and a starting value ordinal
 * (scan_ints), so a big array can later be cut at a comma and scanned by two
 * threads into the same tables.
 */
#ifndef HEAPTUI_SCAN_H
#define HEAPTUI_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "heaptui/util.h"

/* Deepest nesting the generic skipper accepts (trace_tree nests per frame). */
#define SCAN_MAX_DEPTH 4096

/* The text being scanned and where errors go. Read-only while scanning. */
struct scan {
	const char *text;     /* JSON text; text[len] == '\0' */
	size_t len;           /* bytes of JSON */
	const char *name;     /* file name for error messages */
	struct ht_error *err; /* where errors go (may be NULL) */
	int one_by_one;       /* scan_ints without its 64-byte block path (the
				 reference the tests compare it with) */
	int drop_behind;      /* text is a read-only file mapping: scan_ints gives
				 back the pages it has parsed (MADV_DONTNEED), so
				 the text and the tables are not resident at once */
};

/* What happens to one field of a record in an integer array. */
enum scan_kind {
	SCAN_SKIP, /* validated as a u32, not stored */
	SCAN_U32,  /* stored in u32[record] */
	SCAN_U8,   /* file code c < map_len stored as map[c] in u8[record] */
};

struct scan_field {
	enum scan_kind kind;
	uint32_t *u32;        /* SCAN_U32: destination, indexed by record */
	uint8_t *u8;          /* SCAN_U8: destination, indexed by record */
	const uint8_t *map;   /* SCAN_U8: file code -> stored value */
	uint32_t map_len;     /* SCAN_U8: codes >= map_len are an error */
	const char *what;     /* SCAN_U8: name in errors ("node type") */
};

/* Skip JSON whitespace from pos; returns the first other offset. */
static inline size_t scan_ws(const struct scan *sc, size_t pos)
{
	const unsigned char *p = (const unsigned char *)sc->text + pos;
	while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
		p++;
	return (size_t)(p - (const unsigned char *)sc->text);
}

/*
 * One unsigned integer at *pos (no sign, no fraction or exponent, no
 * leading zero) that fits in 32 bits. Advances *pos past it.
 */
int scan_u32(const struct scan *sc, size_t *pos, uint32_t *v);

/*
 * The values of a flat integer array, from *pos (just after '[', or just
 * after a ',' when scanning the second part of a split array) to the
 * closing ']' (consumed). Values are records of nf fields described by f;
 * the first value scanned has ordinal `first` (so record first / nf).
 * More than max_values values in total is an error (before any write).
 * `stop`: when not 0, stop right after the first ',' at or past offset stop
 * and return with *pos after that comma (the caller scans the rest). *count
 * gets the number of values scanned by this call. what: "nodes" etc.
 */
int scan_ints(const struct scan *sc, size_t *pos, size_t stop, const struct scan_field *f,
	      unsigned nf, uint64_t first, uint64_t max_values, uint64_t *count,
	      const char *what);

/* Number of bytes equal to c in p[0..n) (16 at a time where SSE2 is). */
uint64_t scan_count_byte(const char *p, size_t n, char c);

/* The values of the integer array text[from, to) (its commas + 1), giving
 * back the counted pages when drop_behind (the scan faults them in again
 * one by one: the text is never resident all at once). */
uint64_t scan_count_values(const struct scan *sc, size_t from, size_t to);

/* With drop_behind, give back the parsed text from *dropped to `upto` once
 * it is SCAN_DROP_STEP or more; *dropped moves on. No-op otherwise. */
#define SCAN_DROP_STEP ((size_t)8 << 20)
void scan_drop(const struct scan *sc, size_t *dropped, size_t upto);

/* Offset of value number k of the integer array starting at `open` ('['),
 * for error messages; the array must have been scanned successfully. */
size_t scan_int_offset(const struct scan *sc, size_t open, uint64_t k);

/* A growing output for decoded strings. */
struct scan_strings {
	char *data;           /* decoded strings, each NUL-terminated (xmalloc'd) */
	uint64_t len;         /* bytes used in data */
	uint64_t alloc;       /* bytes allocated in data */
	uint64_t *off;        /* [count + 1] start of each string (xmalloc'd) */
	uint64_t count;       /* strings decoded */
	uint64_t off_alloc;   /* entries allocated in off */
};

/*
 * Decode the JSON string at *pos (the opening quote) and append it to out,
 * NUL-terminated: all escapes, \uXXXX with surrogate pairs, lone
 * surrogates and invalid UTF-8 as U+FFFD, \u0000 kept as a NUL byte.
 * Raw control characters are an error. Advances *pos past the closing quote.
 */
int scan_string(const struct scan *sc, size_t *pos, struct scan_strings *out);

/* The strings array at *pos ('['): every element must be a string. */
int scan_strings_array(const struct scan *sc, size_t *pos, struct scan_strings *out);

void scan_strings_release(struct scan_strings *out);

/*
 * Skip one JSON value at *pos (after whitespace), validating its syntax,
 * with at most SCAN_MAX_DEPTH levels of nesting. When the value is an array
 * and `elements` is not NULL, it gets the number of its direct elements.
 */
int scan_skip_value(const struct scan *sc, size_t *pos, uint64_t *elements);

/*
 * A short string (an object key) at *pos: decoded into buf (NUL-terminated)
 * when it fits in size - 1 bytes, else buf gets "" and *too_long is set.
 */
int scan_key(const struct scan *sc, size_t *pos, char *buf, size_t size, int *too_long);

/* Append code point cp as UTF-8 to o (which has room for 4 bytes); returns bytes. */
size_t scan_put_utf8(char *o, uint32_t cp);

#endif
