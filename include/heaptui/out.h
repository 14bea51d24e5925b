/*
 * out.h - the batch presenter's table writer: one API, three formats.
 *
 *   text  aligned columns under a header line; numbers right-aligned, sizes
 *         humanised (1.2 MB, fmt.h), deltas signed (+4), strings sanitized
 *         (text.h) and cropped to OUT_TEXT_MAX_COL columns with "…". Rows
 *         are buffered to compute the widths; after OUT_HOLD_ROWS rows the
 *         table is flushed with the widths so far and the rest streams.
 *         out_note lines are prose between tables (sanitized, one line).
 *   tsv   header line of column names, then one line per row; fields
 *         escape tab, newline, CR and backslash as \t \n \r \\, other C0
 *         controls and DEL as \xHH, C1 controls and bidi controls as
 *         \u009b-style; invalid UTF-8 becomes U+FFFD; numbers are raw
 *         integers (sizes in bytes, deltas as -2 / 0 / 4); null is empty.
 *   json  one object for the whole document, each table an array of
 *         objects keyed by column name: {"TABLE": [{"col": 1, ...}, ...]}.
 *         Numbers are JSON integers, out_null is null, strings are valid
 *         UTF-8 with controls, DEL, C1, bidi controls and U+2028/9 written
 *         as \uXXXX. Written row by row, so huge tables stream.
 *
 * No raw control byte from a snapshot ever reaches stdout in any format.
 *
 * Several tables can be written to one stream (out_new ... out_free frame
 * the document; JSON: an object whose keys are the table names). When a
 * document has more than one table, each table is labelled: in text its
 * name is a heading (underlined), in TSV a line "# NAME" precedes its header
 * line. A single-table document has no label, so `--print summary --format
 * tsv` starts with the header line. To know whether there is a second
 * table, the first table is held back until the next table begins or the
 * document ends; a first table of more than OUT_HOLD_ROWS rows is written
 * unlabelled as it streams (the following tables are still labelled).
 *
 * A row with fewer cells than columns is completed with nulls; more cells
 * than columns, or a cell outside a table, is a bug (abort).
 */
#ifndef HEAPTUI_OUT_H
#define HEAPTUI_OUT_H

#include <stdint.h>
#include <stdio.h>

enum out_format { OUT_TEXT, OUT_TSV, OUT_JSON };

enum out_kind {
	OUT_STR,   /* text */
	OUT_INT,   /* signed integer */
	OUT_SIZE,  /* bytes: humanised in text, raw number elsewhere */
	OUT_DELTA, /* signed count shown with a sign: +4, -2, 0 */
	OUT_SDELTA,/* signed byte size shown with a sign */
	OUT_COUNT, /* a count: thousands separators in text (39,236), raw elsewhere */
};

#define OUT_TEXT_MAX_COL 60   /* text: string cells wider than this are cropped */
#define OUT_HOLD_ROWS 10000   /* rows buffered: text alignment, first-table hold */

struct out_col {
	const char *name;   /* header / JSON key */
	enum out_kind kind;
};

struct out;             /* opaque */

/* "text", "tsv" or "json"; returns -1 for anything else. */
int out_parse_format(const char *name, enum out_format *fmt);

struct out *out_new(FILE *fp, enum out_format fmt);
/* Finish the document and free; returns -1 if writing failed (EPIPE, ENOSPC). */
int out_free(struct out *o);

/* Start a named table (the name is the JSON key and a text heading when
 * there are several tables). name and cols are copied. */
void out_table_begin(struct out *o, const char *name, const struct out_col *cols, size_t ncols);
void out_str(struct out *o, const char *s, size_t len); /* untrusted text */
void out_cstr(struct out *o, const char *s);            /* NUL-terminated, untrusted */
void out_int(struct out *o, int64_t v);
void out_null(struct out *o);                            /* empty cell / JSON null */
void out_row_end(struct out *o);
void out_table_end(struct out *o);

/* Convenience cells for the common cases. */
void out_uint(struct out *o, uint64_t v);  /* all of uint64 (sizes, counts) */
void out_strf(struct out *o, const char *fmt, ...)  /* trusted format, sanitized */
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* A free-form line of prose (text format only; ignored in tsv/json),
 * sanitized: a newline in it shows as \n. Notes written inside a table (or
 * while the first table is held) come out after that table. */
void out_note(struct out *o, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

#endif
