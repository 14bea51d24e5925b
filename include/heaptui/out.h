/*
 * out.h - the batch presenter's table writer: one API, three formats.
 *
 *   text  aligned columns with a header, sizes humanised (1.2 MB), for people
 *   tsv   header line, then one line per row; fields escape tab, newline,
 *         backslash and control characters as \t \n \\ \xHH
 *   json  an array of objects keyed by column name (numbers as numbers),
 *         written row by row through jansson so huge tables stream
 *
 * Every string cell is sanitized (text.h) in text form and escaped in TSV
 * and JSON, so no raw control byte from a snapshot ever reaches stdout.
 * Several tables can be written to one stream; out_begin/out_end frame the
 * whole document (JSON: an object whose keys are the table names).
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
};

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
 * there are several tables). `cols` must stay valid until out_table_end. */
void out_table_begin(struct out *o, const char *name, const struct out_col *cols, size_t ncols);
void out_str(struct out *o, const char *s, size_t len); /* untrusted text */
void out_cstr(struct out *o, const char *s);            /* NUL-terminated, untrusted */
void out_int(struct out *o, int64_t v);
void out_null(struct out *o);                            /* empty cell / JSON null */
void out_row_end(struct out *o);
void out_table_end(struct out *o);

/* A free-form line of prose (text format only; ignored in tsv/json). */
void out_note(struct out *o, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

#endif
