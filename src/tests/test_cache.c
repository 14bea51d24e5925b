/*
 * test_cache.c - the binary cache: round trips (hand-made and loaded
 * snapshots), staleness, damage of every kind (truncation, flipped bytes in
 * the header, table and data, wrong version, foreign files), untrusted and
 * unwritable directories, a full disk, LRU eviction, and snapshot_open's
 * cold -> warm path.
 *
 * Unwritable directories: tests run as root in CI, where chmod 555 does not
 * stop root, so an unwritable cache directory is simulated with a path under
 * a regular FILE (ENOTDIR) and under /proc (nothing can be created there).
 * The full disk is a 64 KiB tmpfs mounted by the test (skipped when mount is
 * not allowed, e.g. not root or in a container without CAP_SYS_ADMIN).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "heaptui/analyze.h"
#include "heaptui/cache.h"
#include "heaptui/load.h"
#include "heaptui/open.h"
#include "heaptui/snapshot.h"

/* Header offsets (struct cache_header in cache.c), to damage files precisely. */
enum {
	OFF_VERSION = 8, OFF_ENDIAN = 12, OFF_LAYOUT = 24, OFF_FILE_SIZE = 32, OFF_META_LEN = 40,
	OFF_DATA_OFF = 48, OFF_NSECTIONS = 64, OFF_SRC_MTIME = 96, OFF_CHECKSUM = 128,
	HEADER_SIZE = 136, SECTION_SIZE = 80, SEC_OFFSET = 48, SEC_COUNT = 64,
};

static char tmpdir[256];   /* this run's scratch directory */
static char cachedir[300]; /* tmpdir/cache */
static char srcpath[300];  /* a stand-in source file for hand-made snapshots */

static void xsystem_rm(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* XOR one byte of `path` in place (no truncation: rewriting whole files
 * thousands of times makes ext4 flush them to disk on close). */
static void flip_byte(const char *path, size_t off, unsigned char mask)
{
	int fd = open(path, O_RDWR);
	unsigned char c;
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &c, 1, (off_t)off), 1);
	c ^= mask;
	assert_int_equal(pwrite(fd, &c, 1, (off_t)off), 1);
	close(fd);
}

static unsigned char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	unsigned char *buf = malloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static int setup(void **state)
{
	const char *t = getenv("TMPDIR");
	snprintf(tmpdir, sizeof(tmpdir), "%s/test_cache.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(cachedir, sizeof(cachedir), "%s/cache", tmpdir);
	snprintf(srcpath, sizeof(srcpath), "%s/source.heapsnapshot", tmpdir);
	char content[200000];
	for (size_t i = 0; i < sizeof(content); i++)
		content[i] = (char)('a' + i % 26);
	write_file(srcpath, content, sizeof(content));
	return 0;
}

static int teardown(void **state)
{
	xsystem_rm(tmpdir);
	return 0;
}

/* ---- a hand-made analyzed snapshot with every array filled --------------- */

static void *fill(size_t count, size_t size, unsigned seed)
{
	unsigned char *p = xcalloc(count ? count : 1, size);
	for (size_t i = 0; i < count * size; i++)
		p[i] = (unsigned char)(i * 31 + seed);
	return p;
}

static char *pack_names(const char *const *names, uint32_t n, uint64_t **off, uint64_t *len)
{
	uint64_t total = 0;
	for (uint32_t i = 0; i < n; i++)
		total += strlen(names[i]) + 1;
	char *buf = xmalloc(total ? total : 1);
	*off = xcalloc(n ? n : 1, sizeof(**off));
	uint64_t at = 0;
	for (uint32_t i = 0; i < n; i++) {
		(*off)[i] = at;
		memcpy(buf + at, names[i], strlen(names[i]) + 1);
		at += strlen(names[i]) + 1;
	}
	*len = total;
	return buf;
}

/* n nodes in a chain with 2 edges each (but the last), strings, locations, derived data. */
static void make_fake(struct snapshot *s, uint32_t n)
{
	snapshot_init(s);
	s->path = xstrdup(srcpath);
	s->file_size = 200000;
	s->json_size = 200000;
	s->producer = PRODUCER_NODE;
	s->node_count = n;
	s->edge_count = 2 * (n - 1);
	s->string_count = 4;
	s->location_count = 3;
	s->sample_count = 5;
	s->trace_function_count = 6;
	s->extra_native_bytes = 123456789012ull;
	s->node_fields = xstrdup("type,name,id,self_size,edge_count,trace_node_id,detachedness");
	s->edge_fields = xstrdup("type,name_or_index,to_node");
	s->has_trace_node_id = 1;
	s->has_detachedness = 1;
	s->node_type = fill(n, 1, 1);
	s->node_name = xcalloc(n, sizeof(*s->node_name));
	s->node_id = xcalloc(n, sizeof(*s->node_id));
	s->first_edge = xcalloc((size_t)n + 1, sizeof(*s->first_edge));
	s->node_detachedness = fill(n, 1, 4);
	s->edge_type = fill(s->edge_count, 1, 5);
	s->edge_name = fill(s->edge_count, 4, 6);
	s->edge_to = xcalloc(s->edge_count ? s->edge_count : 1, sizeof(*s->edge_to));
	for (uint32_t i = 0; i < n; i++) {
		s->node_name[i] = i % s->string_count;
		s->node_id[i] = 2 * i + 1;
		s->first_edge[i] = i ? 2 * (i - 1) : 0;
		if (i) {
			s->edge_to[2 * (i - 1)] = i;
			s->edge_to[2 * (i - 1) + 1] = i - 1;
		}
	}
	s->first_edge[0] = 0;
	for (uint32_t i = 1; i <= n; i++)
		s->first_edge[i] = 2 * (i - 1);
	s->first_edge[n] = s->edge_count;
	static const char *const strs[] = {"", "(GC roots)", "Object", "caf\xc3\xa9\0x"};
	uint64_t *off;
	uint64_t len;
	s->str_data = pack_names(strs, 4, &off, &len);
	s->str_off = xcalloc(5, sizeof(*s->str_off));
	memcpy(s->str_off, off, 4 * sizeof(*off));
	s->str_off[4] = len;
	s->str_data_len = len;
	free(off);
	s->loc_node = xcalloc(3, sizeof(node_ix));
	s->loc_script = fill(3, 4, 7);
	s->loc_line = fill(3, 4, 8);
	s->loc_column = fill(3, 4, 9);
	s->id_order = xcalloc(n, sizeof(node_ix));
	for (uint32_t i = 0; i < n; i++)
		s->id_order[i] = i;
	s->analyzed = 1;
	s->node_flags = fill(n, 1, 10);
	s->node_self = fill(n, 4, 11);
	s->node_distance = fill(n, 4, 12);
	s->node_dominator = xcalloc(n, sizeof(node_ix));
	s->node_retained = fill(n, 8, 13);
	s->node_class = xcalloc(n, sizeof(class_ix));
	static const char *const classes[] = {"(GC roots)", "Object", "{longStr, someMethod}"};
	s->classes.count = 3;
	s->classes.names = pack_names(classes, 3, &s->classes.name_off, &s->classes.names_len);
	s->classes.location = fill(3, 4, 14);
	for (uint32_t i = 0; i < n; i++)
		s->node_class[i] = i % 3;
	static const char *const defs[] = {"{longStr, someMethod}", "{a, b}"};
	static const char *const props[] = {"longStr", "someMethod", "a", "b"};
	s->ifaces.count = 2;
	s->ifaces.text = pack_names(defs, 2, &s->ifaces.off, &s->ifaces.text_len);
	s->ifaces.props = pack_names(props, 4, &s->ifaces.prop_off, &s->ifaces.props_len);
	s->ifaces.first_prop = xcalloc(3, sizeof(uint64_t));
	s->ifaces.first_prop[1] = 2;
	s->ifaces.first_prop[2] = 4;
	s->first_retainer = xcalloc((size_t)n + 1, sizeof(edge_ix));
	s->retaining_node = fill(s->edge_count, 4, 16);
	s->first_retainer[n] = s->edge_count;
	for (uint32_t i = 1; i < n; i++)
		s->first_retainer[i] = 2 * (i - 1) + 1;
	/* arrays added to snapshot.h after this test was written: any bytes do */
#define X(field, n_)                                                            \
	if (!s->field && (n_))                                                  \
		s->field = fill((size_t)(n_), sizeof(*s->field), 17);
	SNAPSHOT_ARRAYS(X)
#undef X
}

/* Every scalar, every array (presence and bytes) and the field lists are equal. */
static void assert_same_snapshot(const struct snapshot *a, const struct snapshot *b)
{
	const struct snapshot *s = a;
#define X(field) assert_true((uint64_t)a->field == (uint64_t)b->field);
	SNAPSHOT_SCALARS(X)
#undef X
#define X(field, n_)                                                            \
	do {                                                                    \
		s = a;                                                          \
		uint64_t na = (n_);                                             \
		s = b;                                                          \
		uint64_t nb = (n_);                                             \
		if (na != nb || !a->field != !b->field)                         \
			fail_msg("array " #field " differs in count or presence");\
		if (na && memcmp(a->field, b->field, na * sizeof(*a->field)))   \
			fail_msg("array " #field " differs");                   \
		if (b->mapping && b->field && ((uintptr_t)b->field % 64))      \
			fail_msg("array " #field " is not 64-byte aligned");    \
	} while (0);
	SNAPSHOT_ARRAYS(X)
#undef X
	(void)s;
	assert_string_equal(a->node_fields ? a->node_fields : "", b->node_fields);
	assert_string_equal(a->edge_fields ? a->edge_fields : "", b->edge_fields);
}

static char *write_fake_cache(struct snapshot *s, struct cache_source *src, uint32_t n)
{
	struct ht_error err;
	make_fake(s, n);
	assert_int_equal(cache_source_identify(src, srcpath, &err), 0);
	assert_int_equal(cache_prepare_dir(cachedir, &err), 0);
	char *file = cache_file_path(cachedir, src);
	if (cache_write(s, file, src, &err) < 0)
		fail_msg("cache_write: %s", err.msg);
	return file;
}

/* Read `file` as the cache of srcpath; return 0 or -1 with the reason in why. */
static int try_read(const char *file, char *why, size_t size)
{
	struct snapshot r;
	struct cache_source src;
	struct ht_error err;
	ht_error_init(&err);
	snapshot_init(&r);
	assert_int_equal(cache_source_identify(&src, srcpath, &err), 0);
	int rc = cache_read(&r, file, srcpath, &src, CACHE_VERIFY_AUTO, &err);
	if (rc == 0)
		assert_non_null(r.mapping);
	else
		assert_null(r.mapping);
	snprintf(why, size, "%s", err.msg);
	snapshot_release(&r);
	cache_source_release(&src);
	return rc;
}

static void assert_rejected(const char *file, const char *reason)
{
	char why[512];
	assert_int_equal(try_read(file, why, sizeof(why)), -1);
	if (reason && !strstr(why, reason))
		fail_msg("rejected for '%s', expected '%s'", why, reason);
}

/* Recompute the meta checksum so a damaged field is judged by its own check. */
static void reseal(unsigned char *buf)
{
	uint64_t meta_len;
	memcpy(&meta_len, buf + OFF_META_LEN, 8);
	uint64_t zero = 0;
	memcpy(buf + OFF_CHECKSUM, &zero, 8);
	uint64_t sum = cache_hash(buf, (size_t)meta_len, 0);
	memcpy(buf + OFF_CHECKSUM, &sum, 8);
}

/* ---- tests ------------------------------------------------------------ */

static void test_layout_guard(void **state)
{
	if (sizeof(void *) != 8)
		skip();
	/* fails when struct snapshot grew: add new scalars to SNAPSHOT_SCALARS
	 * (arrays to SNAPSHOT_ARRAYS), then update CACHE_SNAPSHOT_SIZE_LP64 */
	assert_int_equal(sizeof(struct snapshot), CACHE_SNAPSHOT_SIZE_LP64);
}

static void test_hash(void **state)
{
	char buf[100];
	for (int i = 0; i < 100; i++)
		buf[i] = (char)i;
	assert_int_equal(cache_hash(buf, 100, 0), cache_hash(buf, 100, 0));
	assert_true(cache_hash(buf, 100, 0) != cache_hash(buf, 100, 1));
	assert_true(cache_hash(buf, 100, 0) != cache_hash(buf, 99, 0));
	assert_true(cache_hash(buf, 32, 0) != cache_hash(buf, 33, 0));
	buf[50] ^= 1;
	uint64_t h = cache_hash(buf, 100, 0);
	buf[50] ^= 1;
	assert_true(h != cache_hash(buf, 100, 0));
}

static void test_roundtrip(void **state)
{
	struct snapshot s, r;
	struct cache_source src;
	struct ht_error err;
	char *file = write_fake_cache(&s, &src, 1000);
	struct stat st;
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snapshot_init(&r);
	if (cache_read(&r, file, "given/name.heapsnapshot", &src, CACHE_VERIFY_FULL, &err) < 0)
		fail_msg("cache_read: %s", err.msg);
	assert_non_null(r.mapping);
	assert_string_equal(r.path, "given/name.heapsnapshot");
	assert_same_snapshot(&s, &r);
	assert_string_equal(snapshot_node_name(&r, 2), "Object");
	assert_string_equal(snapshot_class_name(&r, 2), "{longStr, someMethod}");
	assert_int_equal(snapshot_find_id(&r, 7), 3);
	snapshot_release(&r);
	assert_null(r.mapping);

	/* absent optional arrays stay absent (no retainer index) */
	free(s.first_retainer);
	free(s.retaining_node);
	s.first_retainer = NULL;
	s.retaining_node = NULL;
	assert_int_equal(cache_write(&s, file, &src, &err), 0);
	snapshot_init(&r);
	assert_int_equal(cache_read(&r, file, srcpath, &src, CACHE_VERIFY_AUTO, &err), 0);
	assert_null(r.first_retainer);
	assert_null(r.retaining_node);
	assert_same_snapshot(&s, &r);
	snapshot_release(&r);

	/* a rewrite leaves no temp file behind */
	DIR *d = opendir(cachedir);
	struct dirent *de;
	int files = 0;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' || strncmp(de->d_name, ".tmp-", 5) == 0)
			files++;
	closedir(d);
	assert_int_equal(files, 1);
	snapshot_release(&s);
	cache_source_release(&src);
	free(file);
}

static void test_empty_snapshot_parts(void **state)
{
	/* one node, no edges: zero-length sections at the end of the file */
	struct snapshot s, r;
	struct cache_source src;
	struct ht_error err;
	char *file = write_fake_cache(&s, &src, 1);
	snapshot_init(&r);
	if (cache_read(&r, file, srcpath, &src, CACHE_VERIFY_FULL, &err) < 0)
		fail_msg("cache_read: %s", err.msg);
	assert_same_snapshot(&s, &r);
	snapshot_release(&r);
	snapshot_release(&s);
	cache_source_release(&src);
	free(file);
}

static void test_stale_source(void **state)
{
	struct snapshot s;
	struct cache_source src;
	char why[512];
	char *file = write_fake_cache(&s, &src, 100);
	assert_int_equal(try_read(file, why, sizeof(why)), 0);

	/* touched: mtime differs */
	struct timespec ts[2] = {{0, UTIME_OMIT}, {1000000000, 5}};
	assert_int_equal(utimensat(AT_FDCWD, srcpath, ts, 0), 0);
	assert_rejected(file, "stale");
	/* rebuilt for the new mtime, then the same size and mtime with other content */
	struct ht_error err;
	cache_source_release(&src);
	assert_int_equal(cache_source_identify(&src, srcpath, &err), 0);
	assert_int_equal(cache_write(&s, file, &src, &err), 0);
	assert_int_equal(try_read(file, why, sizeof(why)), 0);
	size_t len;
	unsigned char *data = read_file(srcpath, &len);
	data[len - 10] ^= 0x20;
	write_file(srcpath, data, len);
	assert_int_equal(utimensat(AT_FDCWD, srcpath, ts, 0), 0);
	assert_rejected(file, "stale");
	data[len - 10] ^= 0x20;
	data[10] ^= 0x20;
	write_file(srcpath, data, len);
	assert_int_equal(utimensat(AT_FDCWD, srcpath, ts, 0), 0);
	assert_rejected(file, "stale");
	data[10] ^= 0x20;
	/* resized (same mtime) */
	write_file(srcpath, data, len - 1);
	assert_int_equal(utimensat(AT_FDCWD, srcpath, ts, 0), 0);
	assert_rejected(file, "stale");
	write_file(srcpath, data, len);
	free(data);
	/* another file with the same content: its own cache name, and not this cache */
	char other[400];
	snprintf(other, sizeof(other), "%s/other.heapsnapshot", tmpdir);
	char cmd[1000];
	snprintf(cmd, sizeof(cmd), "cp -p '%s' '%s'", srcpath, other);
	assert_int_equal(system(cmd), 0);
	struct cache_source osrc;
	assert_int_equal(cache_source_identify(&osrc, other, &err), 0);
	char *ofile = cache_file_path(cachedir, &osrc);
	assert_string_not_equal(ofile, file);
	struct snapshot r;
	snapshot_init(&r);
	assert_int_equal(cache_read(&r, file, other, &osrc, CACHE_VERIFY_AUTO, &err), -1);
	unlink(other);
	free(ofile);
	cache_source_release(&osrc);
	snapshot_release(&s);
	cache_source_release(&src);
	free(file);
}

static void test_truncated(void **state)
{
	struct snapshot s;
	struct cache_source src;
	char *file = write_fake_cache(&s, &src, 3000);
	size_t len;
	unsigned char *data = read_file(file, &len);
	uint64_t meta_len, data_off;
	memcpy(&meta_len, data + OFF_META_LEN, 8);
	memcpy(&data_off, data + OFF_DATA_OFF, 8);
	size_t cuts[] = {0, 7, HEADER_SIZE - 1, HEADER_SIZE, (size_t)meta_len - 1,
			 (size_t)data_off, (size_t)data_off + 100, len / 2, len - 1};
	for (size_t i = 0; i < ARRAY_SIZE(cuts); i++) {
		write_file(file, data, cuts[i]);
		assert_rejected(file, NULL);
	}
	/* longer than written is damage too */
	unsigned char *longer = calloc(1, len + 64);
	memcpy(longer, data, len);
	write_file(file, longer, len + 64);
	assert_rejected(file, "bytes, header says");
	free(longer);
	write_file(file, data, len);
	char why[512];
	assert_int_equal(try_read(file, why, sizeof(why)), 0);
	free(data);
	snapshot_release(&s);
	cache_source_release(&src);
	free(file);
}

static void test_flipped_bytes(void **state)
{
	struct snapshot s;
	struct cache_source src;
	char *file = write_fake_cache(&s, &src, 2000);
	size_t len;
	unsigned char *data = read_file(file, &len);
	uint64_t meta_len, data_off;
	memcpy(&meta_len, data + OFF_META_LEN, 8);
	memcpy(&data_off, data + OFF_DATA_OFF, 8);
	/* every byte of header, section table, scalars, block hashes and strings */
	for (size_t i = 0; i < meta_len; i++) {
		flip_byte(file, i, 0x10);
		char why[512];
		if (try_read(file, why, sizeof(why)) == 0)
			fail_msg("flipped meta byte %zu was accepted", i);
		flip_byte(file, i, 0x10);
	}
	/* bytes all over the data part, padding included */
	for (size_t i = (size_t)data_off; i < len; i += (len - (size_t)data_off) / 300 | 1) {
		flip_byte(file, i, 0x01);
		assert_rejected(file, "checksum of the data");
		flip_byte(file, i, 0x01);
	}
	flip_byte(file, len - 1, 0x80);
	assert_rejected(file, "checksum of the data");
	flip_byte(file, len - 1, 0x80);
	char why[512];
	assert_int_equal(try_read(file, why, sizeof(why)), 0);
	free(data);
	snapshot_release(&s);
	cache_source_release(&src);
	free(file);
}

/* The sampled verification of big caches: what it sees and what it cannot. */
static void test_sampled_verify(void **state)
{
	struct snapshot s, r;
	struct cache_source src;
	struct ht_error err;
	char *file = write_fake_cache(&s, &src, 600000); /* about 40 blocks of 1 MiB */
	size_t len;
	unsigned char *data = read_file(file, &len);
	uint64_t data_off;
	memcpy(&data_off, data + OFF_DATA_OFF, 8);
	free(data);
	uint64_t n = (len - data_off + CACHE_BLOCK - 1) / CACHE_BLOCK;
	assert_true(n > CACHE_VERIFY_SAMPLES);
	/* a block outside the sample (the sample is k * (n - 1) / (SAMPLES - 1)) */
	uint64_t unsampled = 0;
	for (uint64_t b = 1; b < n && !unsampled; b++) {
		int in = 0;
		for (uint64_t k = 0; k < CACHE_VERIFY_SAMPLES; k++)
			in |= k * (n - 1) / (CACHE_VERIFY_SAMPLES - 1) == b;
		if (!in)
			unsampled = b;
	}
	assert_true(unsampled > 0);
	size_t at = (size_t)(data_off + unsampled * CACHE_BLOCK + 12345);
	flip_byte(file, at, 0x04);
	snapshot_init(&r);
	assert_int_equal(cache_read(&r, file, srcpath, &src, CACHE_VERIFY_SAMPLE, &err), 0);
	snapshot_release(&r); /* the documented blind spot */
	assert_int_equal(cache_read(&r, file, srcpath, &src, CACHE_VERIFY_FULL, &err), -1);
	assert_non_null(strstr(err.msg, "checksum of the data"));
	flip_byte(file, at, 0x04);
	/* the first and the last block are always in the sample */
	flip_byte(file, (size_t)data_off + 7, 0x04);
	assert_int_equal(cache_read(&r, file, srcpath, &src, CACHE_VERIFY_SAMPLE, &err), -1);
	flip_byte(file, (size_t)data_off + 7, 0x04);
	flip_byte(file, len - 3, 0x04);
	assert_int_equal(cache_read(&r, file, srcpath, &src, CACHE_VERIFY_SAMPLE, &err), -1);
	flip_byte(file, len - 3, 0x04);
	assert_int_equal(cache_read(&r, file, srcpath, &src, CACHE_VERIFY_SAMPLE, &err), 0);
	assert_same_snapshot(&s, &r);
	snapshot_release(&r);
	unlink(file);
	snapshot_release(&s);
	cache_source_release(&src);
	free(file);
}

/* Damage a field and fix the checksum: the field's own check must catch it. */
static void test_resealed_damage(void **state)
{
	struct snapshot s;
	struct cache_source src;
	char *file = write_fake_cache(&s, &src, 500);
	size_t len;
	unsigned char *orig = read_file(file, &len);
	unsigned char *data = malloc(len);
	struct {
		size_t off;       /* byte to change */
		uint32_t value;   /* new 32-bit value there */
		const char *why;  /* expected reason */
	} cases[] = {
		{OFF_VERSION, CACHE_FORMAT_VERSION + 1, "format version"},
		{OFF_ENDIAN, 0x04030201, "byte order"},
		{OFF_LAYOUT, 12345, "layout"},
		{OFF_NSECTIONS, 3, "inconsistent header"},
		{OFF_SRC_MTIME, 1, "stale"},
		/* first section (node_type): its count, then its offset */
		{HEADER_SIZE + SEC_COUNT, 499, "count does not match"},
		{HEADER_SIZE + SEC_OFFSET, 0x7fffffc0, "out of the file"},
		{HEADER_SIZE + SEC_OFFSET, 64, "out of the file"},
		{HEADER_SIZE + SEC_OFFSET + 0, 0, "out of the file"},
		/* element size of node_name */
		{HEADER_SIZE + SECTION_SIZE + 56, 8, "element size"},
		/* section name */
		{HEADER_SIZE + 2, 0x58585858, "wrong name"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		memcpy(data, orig, len);
		memcpy(data + cases[i].off, &cases[i].value, 4);
		reseal(data);
		write_file(file, data, len);
		assert_rejected(file, cases[i].why);
	}
	/* a node count that disagrees with the sections */
	uint64_t meta_len;
	memcpy(&meta_len, orig + OFF_META_LEN, 8);
	uint32_t nsections;
	memcpy(&nsections, orig + OFF_NSECTIONS, 4);
	size_t scalars = HEADER_SIZE + (size_t)nsections * SECTION_SIZE;
	memcpy(data, orig, len);
	uint64_t v = 499; /* SNAPSHOT_SCALARS: file_size, json_size, producer, node_count */
	memcpy(data + scalars + 3 * 8, &v, 8);
	reseal(data);
	write_file(file, data, len);
	assert_rejected(file, "count does not match");
	/* a bad producer */
	memcpy(data, orig, len);
	v = 99;
	memcpy(data + scalars + 2 * 8, &v, 8);
	reseal(data);
	write_file(file, data, len);
	assert_rejected(file, "bad scalars");
	/* a 32-bit scalar out of range */
	memcpy(data, orig, len);
	v = 1ull << 40;
	memcpy(data + scalars + 3 * 8, &v, 8);
	reseal(data);
	write_file(file, data, len);
	assert_rejected(file, "out of range");
	free(data);
	free(orig);
	snapshot_release(&s);
	cache_source_release(&src);
	free(file);
}

static void test_foreign_file(void **state)
{
	struct snapshot s;
	struct cache_source src;
	char *file = write_fake_cache(&s, &src, 10);
	static const char text[] = "{\"snapshot\":{\"meta\":{}}}\n";
	write_file(file, text, sizeof(text) - 1);
	assert_rejected(file, "truncated header");
	char junk[8192];
	memset(junk, 'x', sizeof(junk));
	write_file(file, junk, sizeof(junk));
	assert_rejected(file, "not a heaptui cache file");
	unlink(file);
	assert_rejected(file, "no cache file");
	/* a symlink to a valid cache is not followed */
	char real[400];
	snprintf(real, sizeof(real), "%s/real.htc", tmpdir);
	struct ht_error err;
	assert_int_equal(cache_write(&s, real, &src, &err), 0);
	assert_int_equal(symlink(real, file), 0);
	assert_rejected(file, "cannot open");
	unlink(file);
	/* a cache others may write is not trusted */
	assert_int_equal(cache_write(&s, file, &src, &err), 0);
	assert_int_equal(chmod(file, 0666), 0);
	assert_rejected(file, "owned by the user");
	unlink(file);
	unlink(real);
	snapshot_release(&s);
	cache_source_release(&src);
	free(file);
}

static void test_directories(void **state)
{
	struct ht_error err;
	char path[600];
	/* created with parents, private */
	snprintf(path, sizeof(path), "%s/a/b/c", tmpdir);
	assert_int_equal(cache_prepare_dir(path, &err), 0);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	/* writable by others: refused */
	assert_int_equal(chmod(path, 0777), 0);
	assert_int_equal(cache_prepare_dir(path, &err), -1);
	assert_non_null(strstr(err.msg, "writable by others"));
	/* under a regular file: ENOTDIR (what root cannot get around) */
	snprintf(path, sizeof(path), "%s/source.heapsnapshot/cache", tmpdir);
	assert_int_equal(cache_prepare_dir(path, &err), -1);
	assert_non_null(strstr(err.msg, "Not a directory"));
	/* writing into /proc fails for root too */
	struct snapshot s;
	struct cache_source src;
	make_fake(&s, 10);
	assert_int_equal(cache_source_identify(&src, srcpath, &err), 0);
	assert_int_equal(cache_write(&s, "/proc/heaptui-test.htc", &src, &err), -1);
	assert_non_null(strstr(err.msg, "cannot write '/proc'"));
	/* default directory */
	setenv("XDG_CACHE_HOME", "/x/y", 1);
	char *dir = cache_default_dir();
	assert_string_equal(dir, "/x/y/heaptui");
	free(dir);
	setenv("XDG_CACHE_HOME", "relative", 1);
	setenv("HOME", "/home/u", 1);
	dir = cache_default_dir();
	assert_string_equal(dir, "/home/u/.cache/heaptui");
	free(dir);
	unsetenv("XDG_CACHE_HOME");
	snapshot_release(&s);
	cache_source_release(&src);
}

static void test_disk_full(void **state)
{
	char mnt[400];
	snprintf(mnt, sizeof(mnt), "%s/tiny", tmpdir);
	assert_int_equal(mkdir(mnt, 0700), 0);
	if (mount("tmpfs", mnt, "tmpfs", 0, "size=64k,mode=0700") < 0) {
		rmdir(mnt);
		skip(); /* needs root with CAP_SYS_ADMIN */
	}
	struct snapshot s;
	struct cache_source src;
	struct ht_error err;
	make_fake(&s, 20000); /* about 1.3 MB of tables */
	assert_int_equal(cache_source_identify(&src, srcpath, &err), 0);
	char *file = cache_file_path(mnt, &src);
	int rc = cache_write(&s, file, &src, &err);
	int left = 0;
	DIR *d = opendir(mnt);
	struct dirent *de;
	while ((de = readdir(d)))
		left += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	umount2(mnt, MNT_DETACH);
	rmdir(mnt);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err.msg, "No space left on device"));
	assert_int_equal(left, 0); /* the temp file was removed */
	snapshot_release(&s);
	cache_source_release(&src);
	free(file);
}

static void make_sized(const char *dir, const char *name, size_t size, time_t mtime)
{
	char path[600];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	char *buf = calloc(1, size);
	memset(buf, 1, size); /* not sparse: eviction counts allocated blocks */
	write_file(path, buf, size);
	free(buf);
	struct timespec ts[2] = {{mtime, 0}, {mtime, 0}};
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static int exists(const char *dir, const char *name)
{
	char path[600];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

static void test_evict(void **state)
{
	char dir[400];
	snprintf(dir, sizeof(dir), "%s/evict", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	time_t now = time(NULL);
	make_sized(dir, "000000000000000a.htc", 100000, now - 400); /* oldest */
	make_sized(dir, "000000000000000b.htc", 100000, now - 300);
	make_sized(dir, "000000000000000c.htc", 100000, now - 500); /* older, but kept */
	make_sized(dir, "000000000000000d.htc", 100000, now - 100);
	make_sized(dir, "notacache.htc", 100000, now - 9999);       /* not ours: untouched */
	make_sized(dir, ".tmp-AAAAAA", 1000, now - 7200);           /* crashed writer */
	make_sized(dir, ".tmp-BBBBBB", 1000, now - 10);             /* being written */
	/* cap fits about two entries: c is kept, a and b go (oldest first) */
	int n = cache_evict(dir, 250000, "/some/where/000000000000000c.htc");
	assert_int_equal(n, 3);
	assert_false(exists(dir, "000000000000000a.htc"));
	assert_false(exists(dir, "000000000000000b.htc"));
	assert_true(exists(dir, "000000000000000c.htc"));
	assert_true(exists(dir, "000000000000000d.htc"));
	assert_true(exists(dir, "notacache.htc"));
	assert_false(exists(dir, ".tmp-AAAAAA"));
	assert_true(exists(dir, ".tmp-BBBBBB"));
	/* under the cap: nothing to do */
	assert_int_equal(cache_evict(dir, 0, NULL), 0);
}

/* ---- with the loader: real snapshots and snapshot_open ----------------- */

/* Snapshots to try: testdata/tiny (loader tests), then the small test set. */
static size_t list_snapshots(glob_t *g)
{
	memset(g, 0, sizeof(*g));
	glob("testdata/tiny/*.heapsnapshot", 0, NULL, g);
	glob("testdata/snapshots/clean0.heapsnapshot.gz", GLOB_APPEND, NULL, g);
	glob("testdata/meteor/Snapshot0.heapsnapshot.gz", GLOB_APPEND, NULL, g);
	return g->gl_pathc;
}

static void test_open_cold_warm(void **state)
{
	glob_t g;
	size_t done = 0;
	list_snapshots(&g);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		const char *path = g.gl_pathv[i];
		struct snapshot cold, warm, plain;
		struct ht_error err;
		snapshot_init(&plain);
		if (snapshot_load(&plain, path, NULL, &err) < 0)
			continue; /* loader not there yet, or a deliberately bad file */
		analyze_run(&plain, NULL);
		if (!plain.analyzed) {
			snapshot_release(&plain);
			continue; /* analysis not there yet */
		}
		char dir[400];
		snprintf(dir, sizeof(dir), "%s/open%zu", tmpdir, i);
		struct open_info info;
		struct open_options opt = {.analyze = 1, .cache_dir = dir, .info = &info};
		snapshot_init(&cold);
		assert_int_equal(snapshot_open(&cold, path, &opt, &err), 0);
		assert_false(info.cache_used);
		if (!info.cache_written)
			fail_msg("%s: not cached: %s", path, info.cache_note);
		snapshot_init(&warm);
		assert_int_equal(snapshot_open(&warm, path, &opt, &err), 0);
		if (!info.cache_used)
			fail_msg("%s: cache not used: %s", path, info.cache_note);
		assert_false(info.cache_written);
		assert_true(info.t.load == 0 && info.t.analyze == 0);
		assert_same_snapshot(&plain, &warm);
		assert_same_snapshot(&cold, &warm);
		assert_string_equal(warm.path, path);
		/* --no-cache: loads again */
		struct open_options nc = {.analyze = 1, .no_cache = 1, .info = &info};
		snapshot_release(&warm);
		snapshot_init(&warm);
		assert_int_equal(snapshot_open(&warm, path, &nc, &err), 0);
		assert_false(info.cache_used);
		assert_null(warm.mapping);
		assert_same_snapshot(&plain, &warm);
		snapshot_release(&warm);
		if (!done) {
			/* background writer: open returns first, the cache appears soon after */
			snprintf(dir, sizeof(dir), "%s/bg%zu", tmpdir, i);
			struct open_options bg = {.analyze = 1, .cache_dir = dir, .info = &info,
						  .background_write = 1};
			snapshot_init(&warm);
			assert_int_equal(snapshot_open(&warm, path, &bg, &err), 0);
			assert_int_equal(info.cache_written, 2);
			snapshot_release(&warm);
			char cfile[sizeof(info.cache_file)];
			memcpy(cfile, info.cache_file, sizeof(cfile));
			for (int k = 0; k < 200 && access(cfile, F_OK); k++)
				usleep(50000);
			snapshot_init(&warm);
			assert_int_equal(snapshot_open(&warm, path, &bg, &err), 0);
			if (!info.cache_used)
				fail_msg("the background writer wrote no cache: %s", info.cache_note);
			assert_same_snapshot(&plain, &warm);
			snapshot_release(&warm);
		}
		snapshot_release(&cold);
		snapshot_release(&plain);
		done++;
	}
	globfree(&g);
	if (!done)
		skip(); /* no snapshot loads and analyzes yet */
}

static void test_open_unwritable_warns_once(void **state)
{
	glob_t g;
	list_snapshots(&g);
	const char *path = NULL;
	struct snapshot s;
	struct ht_error err;
	for (size_t i = 0; i < g.gl_pathc && !path; i++) {
		snapshot_init(&s);
		if (snapshot_load(&s, g.gl_pathv[i], NULL, &err) == 0) {
			analyze_run(&s, NULL);
			if (s.analyzed)
				path = g.gl_pathv[i];
		}
		snapshot_release(&s);
	}
	if (!path) {
		globfree(&g);
		skip();
	}
	const char *dirs[] = {NULL, "/proc/heaptui-cache"};
	char bad[400];
	snprintf(bad, sizeof(bad), "%s/source.heapsnapshot/cache", tmpdir);
	dirs[0] = bad;
	for (size_t d = 0; d < ARRAY_SIZE(dirs); d++) {
		FILE *warn = tmpfile();
		int disabled = 0;
		struct open_info info;
		struct open_options opt = {.analyze = 1, .cache_dir = dirs[d], .warn = warn,
					   .cache_disabled = &disabled, .info = &info};
		for (int k = 0; k < 3; k++) {
			snapshot_init(&s);
			assert_int_equal(snapshot_open(&s, path, &opt, &err), 0);
			assert_true(s.node_count > 0);
			assert_false(info.cache_used);
			snapshot_release(&s);
		}
		assert_int_equal(disabled, 1);
		rewind(warn);
		char line[1000], expect[600];
		assert_non_null(fgets(line, sizeof(line), warn));
		snprintf(expect, sizeof(expect), "heaptui: cache disabled: cannot create '%s'",
			 dirs[d]);
		if (strncmp(line, expect, strlen(expect)))
			fail_msg("warning '%s', expected '%s...'", line, expect);
		assert_null(fgets(line, sizeof(line), warn)); /* once */
		fclose(warn);
	}
	globfree(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_guard),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_empty_snapshot_parts),
		cmocka_unit_test(test_stale_source),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_flipped_bytes),
		cmocka_unit_test(test_sampled_verify),
		cmocka_unit_test(test_resealed_damage),
		cmocka_unit_test(test_foreign_file),
		cmocka_unit_test(test_directories),
		cmocka_unit_test(test_disk_full),
		cmocka_unit_test(test_evict),
		cmocka_unit_test(test_open_cold_warm),
		cmocka_unit_test(test_open_unwritable_warns_once),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
