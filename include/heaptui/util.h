/*
 * util.h - memory allocation that cannot fail silently, and the error record
 * every fallible model function fills in.
 *
 * Three kinds of failure, one mechanism each (see style.md):
 *   programmer errors   -> assert() / BUG()
 *   out of memory       -> the xmalloc family prints the size asked and exits
 *   expected failures   -> return -1 and fill a caller-owned struct ht_error
 */
#ifndef HEAPTUI_UTIL_H
#define HEAPTUI_UTIL_H

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#if defined(__GNUC__)
#define HT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define HT_NORETURN __attribute__((noreturn))
#else
#define HT_PRINTF(f, a)
#define HT_NORETURN
#endif

/* An invariant broke: print where and abort (keeps a core for the debugger). */
#define BUG(msg) ht_bug(__FILE__, __LINE__, (msg))
HT_NORETURN void ht_bug(const char *file, int line, const char *msg);

/*
 * Allocation. Each dies with "heaptui: out of memory (N bytes)" instead of
 * returning NULL; the count*size forms check the multiplication for overflow.
 * xfree-style wrappers are not needed: plain free() takes what these return.
 */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xmallocarray(size_t count, size_t size);
void *xreallocarray(void *ptr, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
HT_PRINTF(1, 2) char *xasprintf(const char *fmt, ...);

/*
 * The error record. `where` is what the message is about (a file name, or
 * "FILE:LINE" for themes); `offset` is the byte offset in that file or -1
 * when a position makes no sense. Messages are lowercase, with no final
 * period, and quote untrusted text only after sanitizing it.
 */
struct ht_error {
	char where[512];   /* file the error is about, "" if none */
	int64_t offset;    /* byte offset in `where`, -1 if none */
	char msg[512];     /* what is wrong */
};

void ht_error_init(struct ht_error *err);
/* Fill err (if not NULL); returns 0. */
HT_PRINTF(4, 5) int ht_error_set(struct ht_error *err, const char *where, int64_t offset,
				 const char *fmt, ...);
static inline int ht_minus_one(int ignored)
{
	(void)ignored;
	return -1;
}
/* Fill err (if not NULL) and return -1, so callers can `return ht_fail(...)`.
 * A macro around an inline function, so that static analysis sees the -1. */
#define ht_fail(...) ht_minus_one(ht_error_set(__VA_ARGS__))
/* "FILE: byte OFFSET: msg" (parts that are empty are left out), no newline. */
void ht_error_format(const struct ht_error *err, char *buf, size_t size);

/*
 * Stable LSD radix sort of order[0..n) by key[order[i]], on two 16-bit
 * digits (one when every key is below 65536). tmp is scratch of n entries;
 * returns whichever of order and tmp holds the result. O(n).
 */
uint32_t *radix_sort_by_key(const uint32_t *key, uint32_t *order, uint32_t *tmp, uint32_t n);

/*
 * fn(arg) on a thread of its own beside the caller. When no thread can be
 * made, ht_task_start returns 0 and fn runs in ht_task_wait instead (the
 * same result, later: fn must not wait for the caller). ht_task_wait
 * returns when fn is done. For work split across the cores.
 */
struct ht_task {
	pthread_t thread;
	int threaded;          /* fn runs on `thread` */
	void *(*fn)(void *);   /* else ht_task_wait runs fn(arg) */
	void *arg;
};
int ht_task_start(struct ht_task *t, void *(*fn)(void *), void *arg);
void ht_task_wait(struct ht_task *t);
/* Tests set this to make ht_task_start fail, to check the one-thread paths. */
extern int ht_task_no_threads;

/* Monotonic clock in seconds, for --timings. */
double ht_now(void);

#endif
