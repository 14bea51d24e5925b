/*
 * main.c - command line, loading, and dispatch to the TUI or a --print
 * report. Exit status: 0 ok, 1 bad input or I/O, 2 usage, 3 leaks over
 * --fail-over.
 */
#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "heaptui/analyze.h"
#include "heaptui/load.h"
#include "heaptui/open.h"
#include "heaptui/out.h"
#include "heaptui/report.h"
#include "heaptui/snapshot.h"
#include "heaptui/text.h"
#include "heaptui/tui.h"
#include "heaptui/util.h"

enum { EXIT_USAGE = 2 };

static const char usage_text[] =
	"usage: heaptui [options] SNAPSHOT...\n"
	"       heaptui --print WHAT [options] SNAPSHOT...\n"
	"\n"
	"Explore V8 .heapsnapshot files (plain or gzip'd) in the terminal.\n"
	"With two or more files the first is the base, the last the target.\n"
	"\n"
	"options:\n"
	"  -p, --print WHAT       print a report and exit (see below)\n"
	"  -f, --format FMT       text (default), tsv or json\n"
	"  -F, --filter REGEX     keep classes (or names) matching a PCRE2 regex\n"
	"      --base N           base snapshot, 1-based position (default 1)\n"
	"      --target N         target snapshot, 1-based position (default last)\n"
	"      --between I J      summary: objects of J allocated after snapshot I\n"
	"      --ignore ID[,ID]   retainers/path: ignore these retainer nodes\n"
	"      --only WHAT        summary: detached, duplicated-strings, retained-by-detached\n"
	"      --fail-over BYTES  leaks: exit 3 when the top suspect retains BYTES or more\n"
	"      --theme NAME|PATH  colour theme\n"
	"      --color WHEN       auto (default), always or never\n"
	"      --mouse            enable the mouse in the UI\n"
	"      --cache-dir DIR    keep analyzed snapshots here (default $XDG_CACHE_HOME/heaptui)\n"
	"      --no-cache         neither read nor write the cache\n"
	"      --cache-max SIZE   cap of the cache directory, e.g. 8G (default 4G)\n"
	"      --timings          print the time of each loading phase on stderr\n"
	"      --bench-keys KEYS  replay KEYS in the UI headless and time each one\n"
	"  -h, --help             show this help\n"
	"  -V, --version          show the version\n"
	"\n"
	"reports (--print WHAT):\n";

static void usage(FILE *fp)
{
	fputs(usage_text, fp);
	for (const struct report *r = report_table; r->name; r++) {
		char name[32];
		snprintf(name, sizeof(name), "%s%s", r->name, r->takes_id ? " ID" : "");
		fprintf(fp, "  %-20s %s\n", name, r->help);
	}
}

/* Usage errors quote the user's arguments, so they are sanitized too. */
static HT_NORETURN HT_PRINTF(1, 2) void usage_error(const char *fmt, ...)
{
	char line[1200];
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	text_sanitize(&sb, line, strlen(line));
	fprintf(stderr, "heaptui: %s\nTry 'heaptui --help' for more information.\n",
		sb.buf ? sb.buf : "");
	strbuf_release(&sb);
	exit(EXIT_USAGE);
}

/* Print an error from the model on one line, sanitized (it quotes file names). */
static void print_error(const struct ht_error *err)
{
	char line[1200];
	struct strbuf sb = STRBUF_INIT;
	ht_error_format(err, line, sizeof(line));
	text_sanitize(&sb, line, strlen(line));
	fprintf(stderr, "heaptui: %s\n", sb.buf ? sb.buf : "");
	strbuf_release(&sb);
}

/* A whole number in [min, max]; anything else is a usage error. */
static unsigned long long parse_number(const char *opt, const char *s, unsigned long long min,
				       unsigned long long max)
{
	char *end;
	errno = 0;
	if (*s == '@')
		s++;
	unsigned long long v = strtoull(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max || *s == '-')
		usage_error("%s: '%s' is not a number from %llu to %llu", opt, s, min, max);
	return v;
}

/* A size in bytes with an optional binary suffix: 500M, 8G, 1048576. */
static uint64_t parse_size(const char *opt, const char *s)
{
	static const char suffixes[] = "KMGT";
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	const char *suf = *end ? strchr(suffixes, *end) : NULL;
	int shift = suf ? 10 * (int)(suf - suffixes + 1) : 0;
	if (!*s || *s == '-' || errno || (*end && (!suf || end[1])) || v == 0 ||
	    v > (UINT64_MAX >> shift))
		usage_error("%s: '%s' is not a size (a number, then K, M, G or T)", opt, s);
	return (uint64_t)v << shift;
}

static size_t parse_ids(const char *arg, uint32_t **ids)
{
	size_t n = 0;
	char *copy = xstrdup(arg), *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		*ids = xreallocarray(*ids, n + 1, sizeof(**ids));
		(*ids)[n++] = (uint32_t)parse_number("--ignore", tok, 0, UINT32_MAX);
	}
	free(copy);
	return n;
}

struct options {
	const char *print;
	enum out_format format;
	struct report_args args;
	long base, target;          /* 1-based, 0 = default */
	long between_from, between_to;
	uint32_t *ignore;
	struct tui_options tui;
	int timings;
	int no_cache;
	const char *cache_dir;
	uint64_t cache_max;
};

enum {
	OPT_BASE = 256, OPT_TARGET, OPT_BETWEEN, OPT_IGNORE, OPT_ONLY, OPT_FAIL_OVER,
	OPT_THEME, OPT_COLOR, OPT_MOUSE, OPT_TIMINGS, OPT_CACHE_DIR, OPT_NO_CACHE,
	OPT_CACHE_MAX, OPT_BENCH_KEYS,
};

static const struct option long_options[] = {
	{"print", required_argument, NULL, 'p'},
	{"format", required_argument, NULL, 'f'},
	{"filter", required_argument, NULL, 'F'},
	{"base", required_argument, NULL, OPT_BASE},
	{"target", required_argument, NULL, OPT_TARGET},
	{"between", required_argument, NULL, OPT_BETWEEN},
	{"ignore", required_argument, NULL, OPT_IGNORE},
	{"only", required_argument, NULL, OPT_ONLY},
	{"fail-over", required_argument, NULL, OPT_FAIL_OVER},
	{"theme", required_argument, NULL, OPT_THEME},
	{"color", required_argument, NULL, OPT_COLOR},
	{"mouse", no_argument, NULL, OPT_MOUSE},
	{"timings", no_argument, NULL, OPT_TIMINGS},
	{"cache-dir", required_argument, NULL, OPT_CACHE_DIR},
	{"no-cache", no_argument, NULL, OPT_NO_CACHE},
	{"cache-max", required_argument, NULL, OPT_CACHE_MAX},
	{"bench-keys", required_argument, NULL, OPT_BENCH_KEYS},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

/* Parses argv into opt; returns the index of the first file argument. */
static int parse_options(int argc, char **argv, struct options *opt)
{
	int c;
	while ((c = getopt_long(argc, argv, "p:f:F:hV", long_options, NULL)) != -1) {
		switch (c) {
		case 'p':
			opt->print = optarg;
			break;
		case 'f':
			if (out_parse_format(optarg, &opt->format) < 0)
				usage_error("--format: '%s' is not text, tsv or json", optarg);
			break;
		case 'F':
			opt->args.filter = optarg;
			opt->tui.filter = optarg;
			break;
		case OPT_BASE:
			opt->base = (long)parse_number("--base", optarg, 1, 1000000);
			break;
		case OPT_TARGET:
			opt->target = (long)parse_number("--target", optarg, 1, 1000000);
			break;
		case OPT_BETWEEN:
			/* --between I J (two words) or --between I,J */
			if (strchr(optarg, ',')) {
				char *j = strchr(optarg, ',');
				*j++ = '\0';
				opt->between_to = (long)parse_number("--between", j, 1, 1000000);
			} else if (optind < argc) {
				opt->between_to = (long)parse_number("--between", argv[optind++], 1, 1000000);
			} else {
				usage_error("--between takes two snapshot positions: I J");
			}
			opt->between_from = (long)parse_number("--between", optarg, 1, 1000000);
			break;
		case OPT_IGNORE:
			opt->args.nignore += parse_ids(optarg, &opt->ignore);
			break;
		case OPT_ONLY:
			if (strcmp(optarg, "detached") && strcmp(optarg, "duplicated-strings") &&
			    strcmp(optarg, "retained-by-detached"))
				usage_error("--only: '%s' is not detached, duplicated-strings or "
					    "retained-by-detached", optarg);
			opt->args.only = optarg;
			break;
		case OPT_FAIL_OVER:
			opt->args.has_fail_over = 1;
			opt->args.fail_over = parse_number("--fail-over", optarg, 0, UINT64_MAX);
			break;
		case OPT_THEME:
			opt->tui.theme = optarg;
			break;
		case OPT_COLOR:
			if (!strcmp(optarg, "never"))
				opt->tui.color = -1;
			else if (!strcmp(optarg, "auto"))
				opt->tui.color = 0;
			else if (!strcmp(optarg, "always"))
				opt->tui.color = 1;
			else
				usage_error("--color: '%s' is not auto, always or never", optarg);
			break;
		case OPT_MOUSE:
			opt->tui.mouse = 1;
			break;
		case OPT_TIMINGS:
			opt->timings = 1;
			break;
		case OPT_CACHE_DIR:
			opt->cache_dir = optarg;
			break;
		case OPT_NO_CACHE:
			opt->no_cache = 1;
			break;
		case OPT_CACHE_MAX:
			opt->cache_max = parse_size("--cache-max", optarg);
			break;
		case OPT_BENCH_KEYS:
			opt->tui.bench_keys = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("heaptui %s\n", HEAPTUI_VERSION);
			exit(0);
		default:
			fputs("Try 'heaptui --help' for more information.\n", stderr);
			exit(EXIT_USAGE);
		}
	}
	return optind;
}

/* Resolve positions and node ids once the file count is known. */
static const struct report *check_args(struct options *opt, int nfiles, char **files,
				       int *first_file)
{
	const struct report *r = NULL;
	if (opt->print) {
		r = report_find(opt->print);
		if (!r)
			usage_error("--print: unknown report '%s'", opt->print);
		if (r->takes_id) {
			if (nfiles < 1)
				usage_error("--print %s needs a node ID", r->name);
			opt->args.has_id = 1;
			opt->args.id = (uint32_t)parse_number(r->name, files[0], 0, UINT32_MAX);
			(*first_file)++;
			nfiles--;
		}
		if ((size_t)nfiles < r->min_files)
			usage_error("--print %s needs at least %zu snapshot%s", r->name, r->min_files,
				    r->min_files == 1 ? "" : "s");
	} else if (nfiles < 1) {
		usage_error("no snapshot given");
	}
	if (opt->base > nfiles || opt->target > nfiles)
		usage_error("--base/--target: only %d snapshot%s given", nfiles, nfiles == 1 ? "" : "s");
	opt->args.base = opt->base ? (size_t)opt->base - 1 : 0;
	opt->args.target = opt->target ? (size_t)opt->target - 1 : (size_t)nfiles - 1;
	if (opt->between_from) {
		if (opt->between_from > nfiles || opt->between_to > nfiles)
			usage_error("--between: only %d snapshot%s given", nfiles, nfiles == 1 ? "" : "s");
		opt->args.has_between = 1;
		opt->args.between_from = (size_t)opt->between_from - 1;
		opt->args.between_to = (size_t)opt->between_to - 1;
	}
	opt->args.ignore = opt->ignore;
	opt->tui.base = opt->args.base;
	opt->tui.target = opt->args.target;
	return r;
}

/*
 * Loading progress on stderr for big files, redrawn at most every 100 ms
 * (ncdu's rule), only when stderr is a terminal. Erased when done.
 */
struct progress {
	const char *file;   /* as given on the command line */
	uint64_t size;      /* bytes of input */
	double start;       /* ht_now() at the start */
	double last;        /* last redraw */
	int shown;          /* something is on the line */
};

static int show_progress(void *ctx, const char *phase, double done)
{
	struct progress *p = ctx;
	double now = ht_now();
	if (now - p->last < 0.1)
		return 0;
	p->last = now;
	double mb = (double)p->size / 1e6;
	struct strbuf name = STRBUF_INIT;
	text_sanitize(&name, p->file, strlen(p->file));
	fprintf(stderr, "\r\033[Kloading %s: %s %3.0f%% (%.0f MB, %.0f MB/s)", name.buf, phase,
		done * 100, mb, now > p->start ? mb / (now - p->start) : 0);
	strbuf_release(&name);
	p->shown = 1;
	return 0;
}

static void print_timings(const char *file, const struct open_info *info)
{
	const struct open_timings *t = &info->t;
	const struct analyze_timings *a = &t->phases;
	struct strbuf name = STRBUF_INIT;
	text_sanitize(&name, file, strlen(file));
	const struct load_timings *l = &t->load_phases;
	fprintf(stderr, "%s: %s, cache read %.3fs, load %.3fs (read %.3f, parse %.3f, index %.3f),"
		" analyze %.3fs (retainers %.3f,"
		" flags %.3f, shallow %.3f, dominators %.3f, retained %.3f, distances %.3f,"
		" classes %.3f, ids %.3f, summary %.3f), cache write %.3fs, total %.3fs\n",
		name.buf, info->cache_used ? "from cache" : "parsed", t->cache_read, t->load,
		l->read, l->parse, l->index, t->analyze, a->retainers, a->flags, a->shallow, a->dominators, a->retained,
		a->distances, a->classes, a->ids, a->summary, t->cache_write, t->total);
	strbuf_release(&name);
}

static int load_all(char **files, int nfiles, int analyze, const struct options *opt,
		    struct snapshot **snaps)
{
	int cache_disabled = 0;
	int tty = isatty(STDERR_FILENO);
	for (int i = 0; i < nfiles; i++) {
		struct ht_error err;
		struct open_info info;
		struct progress prog = {.file = files[i], .start = ht_now()};
		struct load_options lo = {0};
		struct stat st;
		/* Only big files get a progress line: small ones load before it would show. */
		if (tty && stat(files[i], &st) == 0 && st.st_size > 50 * 1000 * 1000) {
			prog.size = (uint64_t)st.st_size;
			lo.progress = show_progress;
			lo.progress_ctx = &prog;
		}
		struct open_options oo = {
			.analyze = analyze,
			.no_cache = opt->no_cache,
			.cache_dir = opt->cache_dir,
			.cache_max = opt->cache_max,
			.load = &lo,
			.warn = stderr,
			.cache_disabled = &cache_disabled,
			.info = &info,
			/* Batch runs leave a finished cache behind; the UI comes up sooner. */
			.background_write = !opt->print,
		};
		ht_error_init(&err);
		snaps[i] = xmalloc(sizeof(*snaps[i]));
		snapshot_init(snaps[i]);
		int rc = snapshot_open(snaps[i], files[i], &oo, &err);
		if (prog.shown)
			fputs("\r\033[K", stderr);
		if (rc < 0) {
			print_error(&err);
			return -1;
		}
		if (opt->timings)
			print_timings(files[i], &info);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options opt = {0};
	setlocale(LC_ALL, "");
	/* Tables of 1 MiB and more are mapped and given back when freed. glibc
	 * would raise this threshold to the size of each mapping freed (up to
	 * 32 MiB) and keep later frees in its arenas, resident: tens of MB at
	 * the analysis' peak. */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
	int first = parse_options(argc, argv, &opt);
	int nfiles = argc - first;
	const struct report *r = check_args(&opt, nfiles, argv + first, &first);
	nfiles = argc - first;

	struct snapshot **snaps = xcalloc((size_t)nfiles, sizeof(*snaps));
	int status = 1;
	if (load_all(argv + first, nfiles, !r || r->analyze, &opt, snaps) == 0) {
		if (r) {
			struct ht_error err;
			ht_error_init(&err);
			opt.args.snaps = snaps;
			opt.args.nsnaps = (size_t)nfiles;
			struct out *o = out_new(stdout, opt.format);
			status = r->fn(&opt.args, o, &err);
			if (out_free(o) < 0 && status == 0) {
				ht_fail(&err, "stdout", -1, "write failed: %s", strerror(errno));
				status = -1;
			}
			if (status < 0) {
				print_error(&err);
				status = 1;
			}
		} else if (!opt.tui.bench_keys && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
			fputs("heaptui: not a terminal; use --print WHAT for batch output "
			      "(see heaptui --help)\n", stderr);
			status = EXIT_USAGE;
		} else {
			status = tui_run(snaps, (size_t)nfiles, &opt.tui);
		}
	}
	for (int i = 0; i < nfiles; i++) {
		if (snaps[i]) {
			snapshot_release(snaps[i]);
			free(snaps[i]);
		}
	}
	free(snaps);
	free(opt.ignore);
	return status;
}
