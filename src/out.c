/*
 * out.c - the batch table writer (formats and labelling rules in out.h).
 *
 * Text and TSV tables go through one row/cell buffer: cells are rendered
 * (sanitized or escaped) as they arrive and kept as byte ranges of one
 * strbuf, so a table of N cells costs two allocations, not N. Text needs
 * the buffer for column widths; both need it to hold the first table until
 * we know whether the document has a second one (then tables are labelled).
 * JSON needs neither: each row is written when it ends.
 */
#include "heaptui/out.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "heaptui/fmt.h"
#include "heaptui/text.h"
#include "heaptui/util.h"

/* One buffered cell: a byte range of out.cells. */
struct out_cell {
	size_t off;   /* start in out.cells.buf */
	size_t len;   /* bytes */
	size_t width; /* display columns (text) */
};

/* What was written last, for the blank lines between blocks of text. */
enum out_block { BLOCK_NONE, BLOCK_NOTE, BLOCK_TABLE };

struct out {
	FILE *fp;                   /* destination */
	enum out_format fmt;        /* text, tsv or json */
	int failed;                 /* a write failed */
	int saved_errno;            /* errno of the first failed write */

	size_t ntables;             /* tables begun so far */
	int in_table;               /* between out_table_begin and out_table_end */
	char *name;                 /* current table's name */
	struct out_col *cols;       /* current table's columns (names copied) */
	size_t ncols;
	size_t col;                 /* cells given so far in the current row */

	/* text and tsv: the buffered rows of the current (or held) table */
	struct strbuf cells;        /* rendered cells, back to back */
	struct out_cell *cell;      /* nrows * ncols (+ current row) cells */
	size_t ncell, acell;        /* used and allocated entries of cell */
	size_t nrows;               /* complete rows in the buffer */
	size_t *width;              /* text: column widths so far (ncols) */
	int streaming;              /* buffer flushed: rows go out as they end */
	int labelled;               /* the current table gets a heading */
	int held;                   /* first table ended, still buffered */

	struct strbuf notes;        /* text: notes waiting for a table to be written */
	enum out_block last;        /* text: last block written */
	struct strbuf line;         /* scratch: one output line */
	struct strbuf tmp;          /* scratch: sanitizing */

	int json_open;              /* json: "{" written */
	size_t json_rows;           /* json: rows in the current table */
};

/* ---- writing -------------------------------------------------------- */

static void out_write(struct out *o, const char *s, size_t len)
{
	if (o->failed || !len)
		return;
	if (fwrite(s, 1, len, o->fp) != len) {
		o->failed = 1;
		o->saved_errno = errno ? errno : EIO;
	}
}

static void out_puts(struct out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

int out_parse_format(const char *name, enum out_format *fmt)
{
	if (!strcmp(name, "text"))
		*fmt = OUT_TEXT;
	else if (!strcmp(name, "tsv"))
		*fmt = OUT_TSV;
	else if (!strcmp(name, "json"))
		*fmt = OUT_JSON;
	else
		return -1;
	return 0;
}

struct out *out_new(FILE *fp, enum out_format fmt)
{
	struct out *o = xcalloc(1, sizeof(*o));
	o->fp = fp;
	o->fmt = fmt;
	strbuf_init(&o->cells);
	strbuf_init(&o->notes);
	strbuf_init(&o->line);
	strbuf_init(&o->tmp);
	return o;
}

/* ---- escaping ------------------------------------------------------- */

/*
 * Append s as a JSON string literal, quotes included. jansson does the
 * escaping; invalid UTF-8 becomes U+FFFD first (jansson refuses it), and
 * JSON_ENSURE_ASCII writes every non-ASCII code point as \uXXXX, so C1
 * controls and bidi overrides can never reach a terminal raw. jansson
 * leaves DEL (0x7f) alone; it can only occur inside the string, so it is
 * escaped here.
 */
static void json_escape(struct strbuf *sb, const char *s, size_t len)
{
	const size_t flags = JSON_ENCODE_ANY | JSON_ENSURE_ASCII;
	struct strbuf valid = STRBUF_INIT;
	text_utf8_fix(&valid, s, len);
	json_t *str = json_stringn(valid.buf ? valid.buf : "", valid.len);
	if (!str)
		BUG("json_stringn refused valid UTF-8");
	char *text = json_dumps(str, flags);
	if (!text)
		BUG("json_dumps failed");
	for (const char *p = text; *p; p++) {
		if (*p == 0x7f)
			strbuf_addstr(sb, "\\u007f");
		else
			strbuf_addch(sb, *p);
	}
	free(text);
	json_decref(str);
	strbuf_release(&valid);
}

/* ---- the text/tsv buffer -------------------------------------------- */

static int right_aligned(enum out_kind k)
{
	return k != OUT_STR;
}

/* Append cell c of column col to o->line, padded to the column width. */
static void text_add_cell(struct out *o, size_t col, const struct out_cell *c)
{
	size_t w = o->width[col];
	size_t pad = w > c->width ? w - c->width : 0;
	if (col > 0)
		strbuf_addstr(&o->line, "  ");
	if (right_aligned(o->cols[col].kind))
		strbuf_addchars(&o->line, ' ', pad);
	strbuf_add(&o->line, o->cells.buf + c->off, c->len);
	if (!right_aligned(o->cols[col].kind))
		strbuf_addchars(&o->line, ' ', pad);
}

/* Write o->line without trailing blanks, then a newline. */
static void line_flush(struct out *o)
{
	while (o->line.len && o->line.buf[o->line.len - 1] == ' ')
		o->line.len--;
	strbuf_addch(&o->line, '\n');
	out_write(o, o->line.buf, o->line.len);
	strbuf_reset(&o->line);
}

/* Write the cells of one row (first cell at `first`). */
static void write_row(struct out *o, size_t first)
{
	for (size_t c = 0; c < o->ncols; c++) {
		const struct out_cell *cell = &o->cell[first + c];
		if (o->fmt == OUT_TEXT) {
			text_add_cell(o, c, cell);
		} else {
			if (c > 0)
				strbuf_addch(&o->line, '\t');
			strbuf_add(&o->line, o->cells.buf + cell->off, cell->len);
		}
	}
	if (o->fmt == OUT_TEXT) {
		line_flush(o);
	} else {
		strbuf_addch(&o->line, '\n');
		out_write(o, o->line.buf, o->line.len);
		strbuf_reset(&o->line);
	}
}

/* Write the pending notes (text). */
static void notes_flush(struct out *o)
{
	if (!o->notes.len)
		return;
	if (o->last == BLOCK_TABLE)
		out_puts(o, "\n");
	out_write(o, o->notes.buf, o->notes.len);
	strbuf_reset(&o->notes);
	o->last = BLOCK_NOTE;
}

/* Write the label, the header and the buffered rows; afterwards rows stream. */
static void table_flush(struct out *o)
{
	if (o->fmt == OUT_TEXT) {
		if (o->last != BLOCK_NONE)
			out_puts(o, "\n");
		o->last = BLOCK_TABLE;
		if (o->labelled) {
			strbuf_reset(&o->tmp);
			text_sanitize(&o->tmp, o->name, strlen(o->name));
			strbuf_addf(&o->line, "%s\n", o->tmp.buf);
			strbuf_addchars(&o->line, '-', text_width(o->tmp.buf, o->tmp.len));
			line_flush(o);
		}
		for (size_t c = 0; c < o->ncols; c++) {
			strbuf_reset(&o->tmp);
			text_sanitize(&o->tmp, o->cols[c].name, strlen(o->cols[c].name));
			struct out_cell h = {0, 0, text_width(o->tmp.buf, o->tmp.len)};
			size_t w = o->width[c];
			size_t pad = w > h.width ? w - h.width : 0;
			if (c > 0)
				strbuf_addstr(&o->line, "  ");
			if (right_aligned(o->cols[c].kind))
				strbuf_addchars(&o->line, ' ', pad);
			strbuf_add(&o->line, o->tmp.buf, o->tmp.len);
			if (!right_aligned(o->cols[c].kind))
				strbuf_addchars(&o->line, ' ', pad);
		}
		line_flush(o);
	} else {
		if (o->labelled) {
			strbuf_addstr(&o->line, "# ");
			text_sanitize_tsv(&o->line, o->name, strlen(o->name));
			strbuf_addch(&o->line, '\n');
		}
		for (size_t c = 0; c < o->ncols; c++) {
			if (c > 0)
				strbuf_addch(&o->line, '\t');
			text_sanitize_tsv(&o->line, o->cols[c].name, strlen(o->cols[c].name));
		}
		strbuf_addch(&o->line, '\n');
		out_write(o, o->line.buf, o->line.len);
		strbuf_reset(&o->line);
	}
	for (size_t r = 0; r < o->nrows; r++)
		write_row(o, r * o->ncols);
	o->streaming = 1;
	o->nrows = 0;
	o->ncell = 0;
	strbuf_reset(&o->cells);
}

/* Forget the current table (after it was written). */
static void table_reset(struct out *o)
{
	free(o->name);
	o->name = NULL;
	for (size_t c = 0; c < o->ncols; c++)
		free((char *)o->cols[c].name);
	free(o->cols);
	o->cols = NULL;
	o->ncols = 0;
	o->col = 0;
	o->nrows = 0;
	o->ncell = 0;
	strbuf_reset(&o->cells);
	if (o->cells.alloc > (1u << 20))
		strbuf_release(&o->cells);
	free(o->width);
	o->width = NULL;
	o->streaming = 0;
	o->labelled = 0;
	o->held = 0;
}

/* The held first table: label it or not, then write it and its notes. */
static void held_flush(struct out *o, int labelled)
{
	if (!o->held)
		return;
	o->labelled = labelled;
	table_flush(o);
	table_reset(o);
	notes_flush(o);
}

/* ---- JSON ------------------------------------------------------------ */

static void json_open(struct out *o)
{
	if (!o->json_open) {
		out_puts(o, "{\n");
		o->json_open = 1;
	}
}

/* ---- the API --------------------------------------------------------- */

void out_table_begin(struct out *o, const char *name, const struct out_col *cols, size_t ncols)
{
	if (o->in_table)
		BUG("out_table_begin inside a table");
	if (o->fmt == OUT_JSON) {
		json_open(o);
		strbuf_reset(&o->line);
		if (o->ntables)
			strbuf_addstr(&o->line, ",\n");
		json_escape(&o->line, name, strlen(name));
		strbuf_addstr(&o->line, ": [");
		out_write(o, o->line.buf, o->line.len);
		strbuf_reset(&o->line);
		o->json_rows = 0;
	} else {
		held_flush(o, 1); /* a second table: the first gets its label */
	}
	o->ntables++;
	o->in_table = 1;
	o->name = xstrdup(name);
	o->cols = xcalloc(ncols ? ncols : 1, sizeof(*o->cols));
	for (size_t c = 0; c < ncols; c++) {
		o->cols[c].name = xstrdup(cols[c].name);
		o->cols[c].kind = cols[c].kind;
	}
	o->ncols = ncols;
	o->col = 0;
	o->labelled = o->ntables > 1;
	if (o->fmt == OUT_TEXT) {
		notes_flush(o); /* notes given before this table come before it */
		o->width = xcalloc(ncols ? ncols : 1, sizeof(*o->width));
		for (size_t c = 0; c < ncols; c++) {
			strbuf_reset(&o->tmp);
			text_sanitize(&o->tmp, cols[c].name, strlen(cols[c].name));
			o->width[c] = text_width(o->tmp.buf, o->tmp.len);
		}
	}
	/* TSV tables after the first have their label already: stream them. */
	if (o->fmt == OUT_TSV && o->ntables > 1)
		table_flush(o);
}

/* Start a new cell in the buffer (text/tsv) and return it. */
static struct out_cell *cell_new(struct out *o)
{
	if (!o->in_table)
		BUG("out cell outside a table");
	if (o->col >= o->ncols)
		BUG("out: more cells than columns");
	if (o->ncell == o->acell) {
		o->acell = o->acell ? o->acell * 2 : 64;
		o->cell = xreallocarray(o->cell, o->acell, sizeof(*o->cell));
	}
	struct out_cell *c = &o->cell[o->ncell++];
	c->off = o->cells.len;
	c->len = 0;
	c->width = 0;
	return c;
}

/* Close cell c: its bytes are cells[off..len); measure it for text. */
static void cell_done(struct out *o, struct out_cell *c, size_t width)
{
	c->len = o->cells.len - c->off;
	c->width = width;
	if (o->fmt == OUT_TEXT && !o->streaming && width > o->width[o->col])
		o->width[o->col] = width;
	o->col++;
}

/* JSON: write the key of the next cell, after "{" or ", ". */
static void json_key(struct out *o)
{
	if (!o->in_table)
		BUG("out cell outside a table");
	if (o->col >= o->ncols)
		BUG("out: more cells than columns");
	strbuf_addstr(&o->line, o->col ? ", " : (o->json_rows ? ",\n  {" : "\n  {"));
	json_escape(&o->line, o->cols[o->col].name, strlen(o->cols[o->col].name));
	strbuf_addstr(&o->line, ": ");
	o->col++;
}

void out_str(struct out *o, const char *s, size_t len)
{
	if (!s)
		s = "";
	if (o->fmt == OUT_JSON) {
		json_key(o);
		json_escape(&o->line, s, len);
		return;
	}
	struct out_cell *c = cell_new(o);
	size_t width = 0;
	if (o->fmt == OUT_TSV) {
		text_sanitize_tsv(&o->cells, s, len);
	} else {
		strbuf_reset(&o->tmp);
		text_sanitize(&o->tmp, s, len);
		width = text_crop(&o->cells, o->tmp.buf, o->tmp.len, OUT_TEXT_MAX_COL, 0);
	}
	cell_done(o, c, width);
}

void out_cstr(struct out *o, const char *s)
{
	out_str(o, s, s ? strlen(s) : 0);
}

void out_strf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		BUG("bad format");
	char *p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	out_str(o, p, (size_t)n);
	free(p);
}

/* A number cell: value is neg ? -mag : mag (so all of int64 and uint64 fit). */
static void out_number(struct out *o, int neg, uint64_t mag)
{
	char buf[FMT_BUFSZ];
	if (o->fmt != OUT_TEXT) {
		snprintf(buf, sizeof(buf), "%s%" PRIu64, neg && mag ? "-" : "", mag);
		if (o->fmt == OUT_JSON) {
			json_key(o);
			strbuf_addstr(&o->line, buf);
		} else {
			struct out_cell *c = cell_new(o);
			strbuf_addstr(&o->cells, buf);
			cell_done(o, c, 0);
		}
		return;
	}
	if (!o->in_table || o->col >= o->ncols)
		BUG("out: cell outside a table or more cells than columns");
	/* int64 view for the signed formatters; uint64 above INT64_MAX is
	 * only meaningful for sizes and counts, formatted unsigned. */
	int64_t v = neg ? (int64_t)(0 - mag) : (int64_t)mag;
	int big = !neg && mag > (uint64_t)INT64_MAX;
	switch (o->cols[o->col].kind) {
	case OUT_SIZE:
		if (neg)
			fmt_sdelta(v, buf, sizeof(buf));
		else
			fmt_size(mag, buf, sizeof(buf));
		break;
	case OUT_COUNT:
		if (neg)
			fmt_delta(v, buf, sizeof(buf));
		else
			fmt_count(mag, buf, sizeof(buf));
		break;
	case OUT_DELTA:
		if (big) {
			buf[0] = '+';
			fmt_count(mag, buf + 1, sizeof(buf) - 1);
		} else {
			fmt_delta(v, buf, sizeof(buf));
		}
		break;
	case OUT_SDELTA:
		if (big) {
			buf[0] = '+';
			fmt_size(mag, buf + 1, sizeof(buf) - 1);
		} else {
			fmt_sdelta(v, buf, sizeof(buf));
		}
		break;
	case OUT_STR:
	case OUT_INT:
	default:
		snprintf(buf, sizeof(buf), "%s%" PRIu64, neg && mag ? "-" : "", mag);
		break;
	}
	struct out_cell *c = cell_new(o);
	strbuf_addstr(&o->cells, buf);
	cell_done(o, c, strlen(buf)); /* ASCII, one column per byte */
}

void out_int(struct out *o, int64_t v)
{
	if (v < 0)
		out_number(o, 1, (uint64_t)0 - (uint64_t)v);
	else
		out_number(o, 0, (uint64_t)v);
}

void out_uint(struct out *o, uint64_t v)
{
	out_number(o, 0, v);
}

void out_null(struct out *o)
{
	if (o->fmt == OUT_JSON) {
		json_key(o);
		strbuf_addstr(&o->line, "null");
		return;
	}
	struct out_cell *c = cell_new(o);
	cell_done(o, c, 0);
}

void out_row_end(struct out *o)
{
	if (!o->in_table)
		BUG("out_row_end outside a table");
	while (o->col < o->ncols)
		out_null(o);
	o->col = 0;
	if (o->fmt == OUT_JSON) {
		if (!o->ncols)
			strbuf_addstr(&o->line, o->json_rows ? ",\n  {" : "\n  {");
		strbuf_addch(&o->line, '}');
		out_write(o, o->line.buf, o->line.len);
		strbuf_reset(&o->line);
		o->json_rows++;
		return;
	}
	if (o->streaming) {
		write_row(o, 0);
		o->ncell = 0;
		strbuf_reset(&o->cells);
		return;
	}
	o->nrows++;
	if (o->nrows >= OUT_HOLD_ROWS)
		table_flush(o); /* stop aligning (and holding): stream the rest */
}

void out_table_end(struct out *o)
{
	if (!o->in_table)
		BUG("out_table_end outside a table");
	if (o->col)
		out_row_end(o);
	o->in_table = 0;
	if (o->fmt == OUT_JSON) {
		out_puts(o, o->json_rows ? "\n]" : "]");
		table_reset(o);
		return;
	}
	if (o->ntables == 1 && !o->streaming) {
		o->held = 1; /* labelled or not: the next call decides */
		return;
	}
	if (!o->streaming)
		table_flush(o);
	table_reset(o);
	notes_flush(o);
}

void out_note(struct out *o, const char *fmt, ...)
{
	if (o->fmt != OUT_TEXT)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		BUG("bad format");
	char *p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	text_sanitize(&o->notes, p, (size_t)n);
	strbuf_addch(&o->notes, '\n');
	free(p);
	if (!o->in_table && !o->held)
		notes_flush(o);
}

int out_free(struct out *o)
{
	if (!o)
		return 0;
	if (o->in_table)
		out_table_end(o);
	if (o->fmt == OUT_JSON) {
		json_open(o);
		out_puts(o, o->ntables ? "\n}\n" : "}\n");
	} else {
		held_flush(o, 0); /* the only table: no label */
		notes_flush(o);
	}
	if (!o->failed && fflush(o->fp) != 0) {
		o->failed = 1;
		o->saved_errno = errno ? errno : EIO;
	}
	if (!o->failed && ferror(o->fp)) {
		o->failed = 1;
		o->saved_errno = EIO;
	}
	int failed = o->failed, saved = o->saved_errno;
	table_reset(o);
	free(o->cell);
	strbuf_release(&o->cells);
	strbuf_release(&o->notes);
	strbuf_release(&o->line);
	strbuf_release(&o->tmp);
	free(o);
	if (failed) {
		errno = saved;
		return -1;
	}
	return 0;
}
