/*
 * filter.h - the regex filter behind --filter and the TUI's `/` prompt.
 *
 * Patterns are PCRE2 (Perl syntax), compiled for UTF-8 with Unicode
 * properties (\w, \d, case folding know non-ASCII letters), JIT-compiled
 * when the library supports it. Matching is unanchored and case-sensitive;
 * write (?i) for caseless, ^...$ to anchor. The empty pattern matches
 * everything.
 *
 * Matching is bounded: a pattern that backtracks catastrophically, such as
 * (a+)+$ against a long run of a's, stops after FILTER_MATCH_LIMIT steps
 * plus FILTER_MATCH_PER_BYTE per subject byte (or the depth/heap/stack limits) and filter_match returns -1, which callers
 * report as "pattern too expensive" (FILTER_TOO_EXPENSIVE).
 *
 * Subjects are heap strings and may hold invalid UTF-8: a subject that is
 * valid is matched as it is; an invalid one is matched as a copy whose bad
 * bytes are U+FFFD (so "foo\xffbar" still matches "foo" and "bar"), never
 * with PCRE2_NO_UTF_CHECK on unchecked text.
 *
 * A struct filter holds one match block that filter_match reuses: one
 * filter must not be used by two threads at once (compile one per thread).
 */
#ifndef HEAPTUI_FILTER_H
#define HEAPTUI_FILTER_H

#include <stddef.h>

#include "heaptui/util.h"

#define FILTER_MATCH_LIMIT 1000000    /* backtracking steps per subject, plus: */
#define FILTER_MATCH_PER_BYTE 10      /* steps per subject byte */
#define FILTER_DEPTH_LIMIT 1000000    /* nested backtracking frames (interpreter) */
#define FILTER_HEAP_LIMIT (64 * 1024) /* KiB of heap for backtracking (interpreter) */
#define FILTER_JIT_STACK (8u << 20)   /* bytes of JIT stack at most */
#define FILTER_TOO_EXPENSIVE "pattern too expensive"

struct filter; /* opaque */

/* Options for filter_compile_opts. */
#define FILTER_CASELESS  0x1u /* (?i) for the whole pattern */
#define FILTER_SMARTCASE 0x2u /* caseless unless the pattern has an uppercase letter */

/*
 * Compile pattern into *out. On a syntax error returns -1 with err's
 * message "bad regex at offset N: MESSAGE" (N counts bytes in the pattern,
 * MESSAGE is PCRE2's), and *out is NULL.
 */
int filter_compile(struct filter **out, const char *pattern, struct ht_error *err);
int filter_compile_opts(struct filter **out, const char *pattern, unsigned opts,
			struct ht_error *err);

/* 1 if s[0..len) matches, 0 if not, -1 if a resource limit was hit. */
int filter_match(const struct filter *f, const char *s, size_t len);

/* The pattern as given (for headers and status lines; untrusted: sanitize). */
const char *filter_pattern(const struct filter *f);

void filter_free(struct filter *f);

#endif
