/* open.c - cache first, else load + analyze + write the cache (see open.h). */
#include "heaptui/open.h"

#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

HT_PRINTF(2, 3) static void note(struct open_info *info, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(info->cache_note, sizeof(info->cache_note), fmt, ap);
	va_end(ap);
}

/* Say once that caching is off, and stop writing for the rest of the run. */
static void disable(const struct open_options *opt, struct open_info *info, const char *why)
{
	note(info, "cache disabled: %s", why);
	if (opt->cache_disabled) {
		if (*opt->cache_disabled)
			return;
		*opt->cache_disabled = 1;
	}
	if (opt->warn)
		fprintf(opt->warn, "heaptui: cache disabled: %s\n", why);
}

/*
 * Write the cache from a detached grandchild (a copy-on-write image of this
 * process: the tables are not copied, and nothing the caller does later can
 * free them under the writer), so the caller goes on at once. The child is
 * reaped here; the grandchild belongs to init and keeps no terminal open.
 * Returns 0 when the writer runs, -1 when it could not be started.
 */
static int write_in_background(const struct snapshot *s, const char *file,
			       const struct cache_source *src, const char *dir, uint64_t cap)
{
	fflush(NULL); /* buffered output must not be written twice */
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		pid_t g = fork();
		if (g == 0) {
			int fd = open("/dev/null", O_RDWR);
			if (fd >= 0) {
				dup2(fd, 0);
				dup2(fd, 1);
				dup2(fd, 2);
			}
			setpriority(PRIO_PROCESS, 0, 10); /* the user's work comes first */
			int rc = cache_write(s, file, src, NULL);
			if (rc == 0)
				cache_evict(dir, cap, file);
			_exit(rc ? 1 : 0);
		}
		_exit(g < 0);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int snapshot_open(struct snapshot *s, const char *path, const struct open_options *opt,
		  struct ht_error *err)
{
	struct open_info local, *info = opt->info ? opt->info : &local;
	memset(info, 0, sizeof(*info));
	double t0 = ht_now();
	struct cache_source src = {0};
	char *dir = NULL, *file = NULL;
	int caching = !opt->no_cache;
	struct ht_error cerr;
	ht_error_init(&cerr);

	if (caching) {
		dir = opt->cache_dir ? xstrdup(opt->cache_dir) : cache_default_dir();
		if (!dir) {
			note(info, "%s", "no cache directory (HOME is not set)");
			caching = 0;
		} else if (cache_source_identify(&src, path, &cerr) < 0) {
			/* the loader reports the real problem */
			caching = 0;
		} else if (cache_prepare_dir(dir, &cerr) < 0) {
			disable(opt, info, cerr.msg);
			caching = 0;
		}
	}
	if (caching) {
		file = cache_file_path(dir, &src);
		snprintf(info->cache_file, sizeof(info->cache_file), "%s", file);
		if (cache_read(s, file, path, &src, opt->verify, &cerr) == 0) {
			info->cache_used = 1;
			info->t.cache_read = info->t.total = ht_now() - t0;
			goto done;
		}
		note(info, "%s", cerr.msg);
	}
	info->t.cache_read = ht_now() - t0;

	double t1 = ht_now();
	struct load_options lo = {0};
	if (opt->load)
		lo = *opt->load;
	lo.timings = &info->t.load_phases;
	if (snapshot_load(s, path, &lo, err) < 0) {
		info->t.total = ht_now() - t0;
		free(file);
		free(dir);
		cache_source_release(&src);
		return -1;
	}
	double t2 = ht_now();
	info->t.load = t2 - t1;
	if (opt->analyze) {
		analyze_run(s, &info->t.phases);
		info->t.analyze = ht_now() - t2;
	}

	if (caching && s->analyzed && (!opt->cache_disabled || !*opt->cache_disabled)) {
		double t3 = ht_now();
		struct cache_source now;
		/* a file rewritten while we read it must not be cached under its new identity */
		if (cache_source_identify(&now, path, &cerr) < 0 || !cache_source_equal(&now, &src)) {
			note(info, "%s", "not cached: the file changed while it was read");
		} else if (opt->background_write && cache_probe_dir(dir, &cerr) < 0) {
			disable(opt, info, cerr.msg);
		} else if (opt->background_write &&
			   write_in_background(s, file, &src, dir, opt->cache_max) == 0) {
			info->cache_written = 2;
		} else if (cache_write(s, file, &src, &cerr) < 0) {
			disable(opt, info, cerr.msg);
		} else {
			info->cache_written = 1;
			cache_evict(dir, opt->cache_max, file);
		}
		cache_source_release(&now);
		info->t.cache_write = ht_now() - t3;
	} else if (caching && !s->analyzed) {
		note(info, "%s", "not cached: not analyzed");
	}
	info->t.total = ht_now() - t0;
done:
	free(file);
	free(dir);
	cache_source_release(&src);
	return 0;
}
