/* util.c - checked allocation, the error record, the clock. */
#define _POSIX_C_SOURCE 200809L
#include "heaptui/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void ht_bug(const char *file, int line, const char *msg)
{
	fprintf(stderr, "heaptui: BUG at %s:%d: %s\n", file, line, msg);
	abort();
}

static HT_NORETURN void die_oom(size_t size)
{
	fprintf(stderr, "heaptui: out of memory (%zu bytes)\n", size);
	exit(1);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		die_oom(size);
	return p;
}

/*
 * Zeroed by writing, not by calloc's fresh pages: a big table that is read
 * before it is written (counters, visited marks) would otherwise fault
 * twice per page - the shared zero page on the read, a copy with a TLB
 * flush on every core on the write - which costs more than the memset.
 */
void *xcalloc(size_t count, size_t size)
{
	void *p = xmallocarray(count ? count : 1, size ? size : 1);
	memset(p, 0, (count ? count : 1) * (size ? size : 1));
	return p;
}

void *xmallocarray(size_t count, size_t size)
{
	return xreallocarray(NULL, count, size);
}

void *xreallocarray(void *ptr, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size) {
		fprintf(stderr, "heaptui: out of memory (%zu x %zu bytes)\n", count, size);
		exit(1);
	}
	size_t total = count * size;
	void *p = realloc(ptr, total ? total : 1);
	if (!p)
		die_oom(total);
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
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
	return p;
}

void ht_error_init(struct ht_error *err)
{
	err->where[0] = '\0';
	err->offset = -1;
	err->msg[0] = '\0';
}

int ht_error_set(struct ht_error *err, const char *where, int64_t offset, const char *fmt, ...)
{
	if (!err)
		return 0;
	snprintf(err->where, sizeof(err->where), "%s", where ? where : "");
	err->offset = offset;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return 0;
}

void ht_error_format(const struct ht_error *err, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	if (err->where[0])
		n += (size_t)snprintf(buf + n, size - n, "%s: ", err->where);
	if (n < size && err->offset >= 0)
		n += (size_t)snprintf(buf + n, size - n, "byte %lld: ", (long long)err->offset);
	if (n < size)
		snprintf(buf + n, size - n, "%s", err->msg);
}

double ht_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

uint32_t *radix_sort_by_key(const uint32_t *key, uint32_t *order, uint32_t *tmp, uint32_t n)
{
	uint32_t max = 0, *hist = xmallocarray(65536, sizeof(*hist));
	for (uint32_t i = 0; i < n; i++)
		max = key[order[i]] > max ? key[order[i]] : max;
	for (int shift = 0; shift < 32; shift += 16) {
		if (shift && (max >> 16) == 0)
			break;
		memset(hist, 0, 65536 * sizeof(*hist));
		for (uint32_t i = 0; i < n; i++)
			hist[(key[order[i]] >> shift) & 0xffff]++;
		uint32_t sum = 0;
		for (uint32_t d = 0; d < 65536; d++) {
			uint32_t c = hist[d];
			hist[d] = sum;
			sum += c;
		}
		for (uint32_t i = 0; i < n; i++)
			tmp[hist[(key[order[i]] >> shift) & 0xffff]++] = order[i];
		uint32_t *swap = order;
		order = tmp;
		tmp = swap;
	}
	free(hist);
	return order;
}

int ht_task_no_threads;

int ht_task_start(struct ht_task *t, void *(*fn)(void *), void *arg)
{
	t->fn = fn;
	t->arg = arg;
	t->threaded = !ht_task_no_threads && pthread_create(&t->thread, NULL, fn, arg) == 0;
	return t->threaded;
}

void ht_task_wait(struct ht_task *t)
{
	if (t->threaded) {
		if (pthread_join(t->thread, NULL) != 0)
			BUG("pthread_join");
	} else if (t->fn) {
		t->fn(t->arg);
	}
	t->threaded = 0;
	t->fn = NULL;
}
