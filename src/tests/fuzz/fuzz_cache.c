/*
 * fuzz_cache.c - bytes -> cache reader: whatever the file holds, cache_read
 * accepts or rejects it without a crash. The bytes are the cache image;
 * the harness first rewrites its block hashes and meta checksum
 * (cache_fix_checksums) so mutations reach the checks behind them, and
 * reads with no source identity (src NULL), so the source checks do not
 * stop every input. The reader trusts the interior of arrays whose hashes
 * match (cache.h: it guards against damage, not forgery), so nothing is
 * run on an accepted snapshot beyond releasing it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "heaptui/cache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One temp file per process, rewritten for every input (cache_read maps a file). */
static char tmp_path[64];
static int tmp_fd = -1;

static void cleanup(void)
{
	if (tmp_fd >= 0)
		unlink(tmp_path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (tmp_fd < 0) {
		const char *dir = getenv("TMPDIR");
		snprintf(tmp_path, sizeof(tmp_path), "%s/fuzz-cache-XXXXXX",
			 dir && strlen(dir) < 40 ? dir : "/tmp");
		tmp_fd = mkstemp(tmp_path);
		if (tmp_fd < 0) {
			perror("mkstemp");
			abort();
		}
		fchmod(tmp_fd, 0600);
		atexit(cleanup);
	}
	uint8_t *img = malloc(size ? size : 1);
	if (!img)
		abort();
	memcpy(img, data, size);
	cache_fix_checksums(img, size);
	if (ftruncate(tmp_fd, 0) < 0 || pwrite(tmp_fd, img, size, 0) != (ssize_t)size) {
		perror(tmp_path);
		abort();
	}
	free(img);

	struct snapshot s;
	struct ht_error err;
	snapshot_init(&s);
	ht_error_init(&err);
	int rc = cache_read(&s, tmp_path, "fuzz", NULL, CACHE_VERIFY_AUTO, &err);
	if (getenv("FUZZ_CACHE_VERBOSE")) /* to check that the seeds are accepted */
		fprintf(stderr, "cache_read: %s\n", rc == 0 ? "accepted" : err.msg);
	if (rc == 0)
		snapshot_release(&s);
	return 0;
}
