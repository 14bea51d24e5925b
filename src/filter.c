/*
 * filter.c - PCRE2 regex filters with bounded matching (see filter.h).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "heaptui/filter.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "heaptui/text.h"

struct filter {
	char *pattern;                /* the source, NUL-terminated */
	int match_all;                /* empty pattern: no regex at all */
	pcre2_code *code;             /* compiled pattern (NULL if match_all) */
	pcre2_match_data *md;         /* reused by every filter_match */
	pcre2_match_context *mctx;    /* the match/depth/heap limits, JIT stack */
	pcre2_jit_stack *jit_stack;   /* grows up to FILTER_JIT_STACK (NULL: no JIT) */
	struct strbuf fixed;          /* scratch: an invalid subject made valid */
};

/* Does the pattern hold an uppercase letter (smart case)? Escapes like \S
 * or \W are not letters the user typed, so a letter after a backslash does
 * not count. */
static int has_upper(const char *p)
{
	for (; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p >= 'A' && *p <= 'Z')
			return 1;
		if ((unsigned char)*p >= 0x80) {
			uint32_t cp;
			size_t n = text_utf8_decode(p, strlen(p), &cp);
			/* Latin-1, Greek, Cyrillic capitals; enough for a hint */
			if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
			    (cp >= 0x391 && cp <= 0x3AB) || (cp >= 0x400 && cp <= 0x42F))
				return 1;
			p += n - 1;
		}
	}
	return 0;
}

int filter_compile_opts(struct filter **out, const char *pattern, unsigned opts,
			struct ht_error *err)
{
	*out = NULL;
	struct filter *f = xcalloc(1, sizeof(*f));
	f->pattern = xstrdup(pattern);
	strbuf_init(&f->fixed);
	if (!*pattern) {
		f->match_all = 1;
		*out = f;
		return 0;
	}

	uint32_t flags = PCRE2_UTF | PCRE2_UCP;
	if ((opts & FILTER_CASELESS) || ((opts & FILTER_SMARTCASE) && !has_upper(pattern)))
		flags |= PCRE2_CASELESS;
	int code;
	PCRE2_SIZE offset;
	f->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, flags, &code,
				&offset, NULL);
	if (!f->code) {
		PCRE2_UCHAR msg[256];
		if (pcre2_get_error_message(code, msg, sizeof(msg)) < 0)
			strcpy((char *)msg, "unknown error");
		filter_free(f);
		return ht_fail(err, NULL, -1, "bad regex at offset %zu: %s", (size_t)offset,
			       (const char *)msg);
	}
	/* JIT is an optimisation: when unsupported (or out of executable
	 * memory) pcre2_match interprets the pattern instead. */
	int jit = pcre2_jit_compile(f->code, PCRE2_JIT_COMPLETE) == 0;
	f->md = pcre2_match_data_create(1, NULL);
	f->mctx = pcre2_match_context_create(NULL);
	if (jit && f->mctx) {
		/* The default 32 KiB JIT stack fails (a) on 100 kB subjects;
		 * the big one is reserved address space, committed as used. */
		f->jit_stack = pcre2_jit_stack_create(32 * 1024, FILTER_JIT_STACK, NULL);
		if (f->jit_stack)
			pcre2_jit_stack_assign(f->mctx, NULL, f->jit_stack);
	}
	if (!f->md || !f->mctx) {
		filter_free(f);
		return ht_fail(err, NULL, -1, "out of memory compiling the regex");
	}
	pcre2_set_depth_limit(f->mctx, FILTER_DEPTH_LIMIT);
	pcre2_set_heap_limit(f->mctx, FILTER_HEAP_LIMIT);
	*out = f;
	return 0;
}

int filter_compile(struct filter **out, const char *pattern, struct ht_error *err)
{
	return filter_compile_opts(out, pattern, 0, err);
}

/* Map a pcre2_match result to 1/0/-1. */
static int match_result(int rc)
{
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	/* PCRE2_ERROR_MATCHLIMIT, DEPTHLIMIT, HEAPLIMIT, JIT_STACKLIMIT,
	 * NOMEMORY: the pattern is too expensive for this subject. */
	return -1;
}

int filter_match(const struct filter *cf, const char *s, size_t len)
{
	struct filter *f = (struct filter *)cf; /* only the scratch changes */
	if (f->match_all)
		return 1;
	if (!s)
		s = "";
	/* The step budget grows with the subject so linear patterns work on
	 * megabyte strings, while exponential backtracking still hits it. */
	uint64_t limit = FILTER_MATCH_LIMIT + (uint64_t)FILTER_MATCH_PER_BYTE * len;
	pcre2_set_match_limit(f->mctx, limit > UINT32_MAX ? UINT32_MAX : (uint32_t)limit);
	int rc = pcre2_match(f->code, (PCRE2_SPTR)s, len, 0, 0, f->md, f->mctx);
	if (rc > PCRE2_ERROR_UTF8_ERR1 || rc < PCRE2_ERROR_UTF8_ERR21)
		return match_result(rc);

	/* Invalid UTF-8 in the subject: match a repaired copy. */
	strbuf_reset(&f->fixed);
	text_utf8_fix(&f->fixed, s, len);
	rc = pcre2_match(f->code, (PCRE2_SPTR)(f->fixed.buf ? f->fixed.buf : ""), f->fixed.len,
			 0, PCRE2_NO_UTF_CHECK, f->md, f->mctx);
	if (f->fixed.alloc > 65536)
		strbuf_release(&f->fixed); /* do not keep one huge string's copy */
	return match_result(rc);
}

const char *filter_pattern(const struct filter *f)
{
	return f->pattern;
}

void filter_free(struct filter *f)
{
	if (!f)
		return;
	pcre2_match_context_free(f->mctx);
	pcre2_jit_stack_free(f->jit_stack);
	pcre2_match_data_free(f->md);
	pcre2_code_free(f->code);
	strbuf_release(&f->fixed);
	free(f->pattern);
	free(f);
}
