/*
 * cache.c - write an analyzed snapshot as one binary file and map it back.
 *
 * Every array and scalar is found through SNAPSHOT_ARRAYS and
 * SNAPSHOT_SCALARS (snapshot.h), so a field added there is cached without a
 * change here; the layout hash (names and element sizes of both lists and
 * sizeof(struct snapshot)) makes an older build's files mismatch instead
 * of being misread. The file format and what is checked on open (and why
 * the data part is verified in full only up to a size) are in cache.h.
 *
 * The reader walks SNAPSHOT_ARRAYS in order and checks each section's count
 * against the macro's count expression right after setting its pointer, so
 * an expression may read an *earlier* array (ifaces.prop_off reads
 * ifaces.first_prop[count], checked one step before) but never a later one.
 */
#include "heaptui/cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CACHE_MAGIC "HTCACHE\0"
#define CACHE_ENDIAN 0x01020304u
#define CACHE_ALIGN 64u                 /* section alignment in the data part */
#define CACHE_PAGE 4096u                /* the data part starts on a page */
#define CACHE_META_MAX (64u << 20)      /* a sane bound for the meta part */
#define CACHE_NAME_LEN 48               /* room for a section's field name */
#define CACHE_TMP_PREFIX ".tmp-"
#define CACHE_TMP_AGE 3600              /* seconds before a temp file is stale */
#define CACHE_IO_CHUNK (8u << 20)       /* bytes hashed then written at a time */

/* The first bytes of a cache file. Only fixed-width fields: the file is
 * read back by the same build (layout hash), but keep it explicit. */
struct cache_header {
	char magic[8];           /* CACHE_MAGIC */
	uint32_t version;        /* CACHE_FORMAT_VERSION */
	uint32_t endian;         /* CACHE_ENDIAN as written by this machine */
	uint32_t ptr_size;       /* sizeof(void *) */
	uint32_t header_size;    /* sizeof(struct cache_header) */
	uint64_t layout;         /* layout_hash() of the writer */
	uint64_t file_size;      /* total bytes of the cache file */
	uint64_t meta_len;       /* bytes of header + table + scalars + strings + blocks */
	uint64_t data_off;       /* start of the data part (page aligned) */
	uint64_t data_len;       /* bytes of the data part (file_size - data_off) */
	uint32_t nsections;      /* entries in the section table */
	uint32_t nscalars;       /* entries in the scalar table */
	uint64_t strings_len;    /* bytes of the strings part */
	uint64_t nblocks;        /* data-block hashes */
	uint64_t src_size;       /* source identity, see struct cache_source */
	int64_t src_mtime_ns;
	uint64_t src_dev;
	uint64_t src_ino;
	uint64_t src_edge_hash;
	uint64_t checksum;       /* cache_hash of the meta part with this field 0 */
};

/* One array of the snapshot. */
struct cache_section {
	char name[CACHE_NAME_LEN]; /* the SNAPSHOT_ARRAYS field name, NUL-padded */
	uint64_t offset;           /* file offset (CACHE_ALIGN aligned) */
	uint64_t elem_size;        /* sizeof one element */
	uint64_t count;            /* elements, as the count expression gave it */
	uint64_t present;          /* 1 if the pointer was non-NULL */
};

/* ---- hashing --------------------------------------------------------- */

/* xxh64's round and avalanche; 4 lanes of 8 bytes (about 3 GB/s here). */
#define P1 0x9E3779B185EBCA87ull
#define P2 0xC2B2AE3D27D4EB4Full
#define P3 0x165667B19E3779F9ull

struct hasher {
	uint64_t v[4];         /* lanes */
	unsigned char buf[32]; /* a partial stripe */
	size_t buflen;         /* bytes in buf */
	uint64_t total;        /* bytes fed */
};

static inline uint64_t rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static inline uint64_t hash_round(uint64_t acc, uint64_t w)
{
	return rotl64(acc + w * P2, 31) * P1;
}

static void hasher_init(struct hasher *h, uint64_t seed)
{
	h->v[0] = seed + P1 + P2;
	h->v[1] = seed + P2;
	h->v[2] = seed;
	h->v[3] = seed - P1;
	h->buflen = 0;
	h->total = 0;
}

static void hasher_stripes(struct hasher *h, const unsigned char *p, size_t n)
{
	uint64_t a = h->v[0], b = h->v[1], c = h->v[2], d = h->v[3];
	for (size_t i = 0; i + 32 <= n; i += 32) {
		uint64_t w[4];
		memcpy(w, p + i, 32);
		a = hash_round(a, w[0]);
		b = hash_round(b, w[1]);
		c = hash_round(c, w[2]);
		d = hash_round(d, w[3]);
	}
	h->v[0] = a, h->v[1] = b, h->v[2] = c, h->v[3] = d;
}

static void hasher_feed(struct hasher *h, const void *data, size_t n)
{
	const unsigned char *p = data;
	h->total += n;
	if (h->buflen) {
		size_t take = MIN(n, 32 - h->buflen);
		memcpy(h->buf + h->buflen, p, take);
		h->buflen += take;
		p += take;
		n -= take;
		if (h->buflen < 32)
			return;
		hasher_stripes(h, h->buf, 32);
		h->buflen = 0;
	}
	size_t whole = n & ~(size_t)31;
	hasher_stripes(h, p, whole);
	memcpy(h->buf, p + whole, n - whole);
	h->buflen = n - whole;
}

static uint64_t hasher_final(struct hasher *h)
{
	if (h->buflen) {
		memset(h->buf + h->buflen, 0, 32 - h->buflen);
		hasher_stripes(h, h->buf, 32);
	}
	uint64_t x = rotl64(h->v[0], 1) + rotl64(h->v[1], 7) + rotl64(h->v[2], 12) +
		     rotl64(h->v[3], 18);
	x ^= h->total * P3;
	x ^= x >> 33;
	x *= P2;
	x ^= x >> 29;
	x *= P3;
	x ^= x >> 32;
	return x;
}

uint64_t cache_hash(const void *data, size_t len, uint64_t seed)
{
	struct hasher h;
	hasher_init(&h, seed);
	hasher_feed(&h, data, len);
	return hasher_final(&h);
}

/* Hashes the data part in CACHE_BLOCK blocks as it is written; block i is seeded with i. */
struct block_hasher {
	struct hasher h;       /* the current block */
	uint64_t in_block;     /* bytes of the current block so far */
	uint64_t *hashes;      /* [n] finished blocks */
	uint64_t n, cap;       /* used and allocated entries */
};

static void block_hasher_feed(struct block_hasher *b, const void *data, size_t len)
{
	const unsigned char *p = data;
	while (len) {
		size_t take = (size_t)MIN((uint64_t)len, CACHE_BLOCK - b->in_block);
		hasher_feed(&b->h, p, take);
		b->in_block += take;
		p += take;
		len -= take;
		if (b->in_block == CACHE_BLOCK) {
			if (b->n < b->cap)
				b->hashes[b->n] = hasher_final(&b->h);
			b->n++;
			hasher_init(&b->h, b->n);
			b->in_block = 0;
		}
	}
}

static void block_hasher_finish(struct block_hasher *b)
{
	if (b->in_block) {
		if (b->n < b->cap)
			b->hashes[b->n] = hasher_final(&b->h);
		b->n++;
		b->in_block = 0;
	}
}

/* Hash of the array names and element sizes, the scalar names and sizes and
 * the struct size: a build whose struct snapshot differs never reads this file. */
static uint64_t layout_hash(void)
{
	struct hasher h;
	const struct snapshot *s = NULL;
	uint64_t v;
	hasher_init(&h, CACHE_FORMAT_VERSION);
	(void)s;
#define X(field, n_)                                                         \
	hasher_feed(&h, #field, sizeof(#field));                                \
	v = sizeof(*s->field);                                                  \
	hasher_feed(&h, &v, sizeof(v));
	SNAPSHOT_ARRAYS(X)
#undef X
#define X(field)                                                                \
	hasher_feed(&h, #field, sizeof(#field));                                \
	v = sizeof(s->field);                                                   \
	hasher_feed(&h, &v, sizeof(v));
	SNAPSHOT_SCALARS(X)
#undef X
	v = sizeof(struct snapshot);
	hasher_feed(&h, &v, sizeof(v));
	v = sizeof(struct cache_header) * 1000 + sizeof(struct cache_section);
	hasher_feed(&h, &v, sizeof(v));
	return hasher_final(&h);
}

static uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

/* ---- the source ------------------------------------------------------ */

static int read_full_at(int fd, void *buf, size_t len, uint64_t off)
{
	char *p = buf;
	while (len) {
		ssize_t n = pread(fd, p, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO; /* shorter than fstat said: it changed under us */
			return -1;
		}
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

int cache_source_identify(struct cache_source *src, const char *path, struct ht_error *err)
{
	memset(src, 0, sizeof(*src));
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ht_fail(err, path, -1, "cannot open: %s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		return ht_fail(err, path, -1, "cannot stat: %s", strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return ht_fail(err, path, -1, "not a regular file");
	}
	uint64_t size = (uint64_t)st.st_size;
	size_t edge = (size_t)MIN(size, (uint64_t)CACHE_SOURCE_EDGE);
	unsigned char *buf = xmalloc(edge ? edge : 1);
	struct hasher h;
	hasher_init(&h, size);
	int rc = read_full_at(fd, buf, edge, 0);
	hasher_feed(&h, buf, edge);
	if (!rc)
		rc = read_full_at(fd, buf, edge, size - edge);
	hasher_feed(&h, buf, edge);
	int e = errno;
	free(buf);
	close(fd);
	if (rc < 0)
		return ht_fail(err, path, -1, "cannot read: %s", strerror(e));
	char *abs = realpath(path, NULL);
	if (!abs)
		return ht_fail(err, path, -1, "cannot resolve path: %s", strerror(errno));
	src->abs_path = abs;
	src->size = size;
	src->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	src->dev = (uint64_t)st.st_dev;
	src->ino = (uint64_t)st.st_ino;
	src->edge_hash = hasher_final(&h);
	return 0;
}

void cache_source_release(struct cache_source *src)
{
	free(src->abs_path);
	memset(src, 0, sizeof(*src));
}

int cache_source_equal(const struct cache_source *a, const struct cache_source *b)
{
	return a->size == b->size && a->mtime_ns == b->mtime_ns && a->dev == b->dev &&
	       a->ino == b->ino && a->edge_hash == b->edge_hash && a->abs_path && b->abs_path &&
	       !strcmp(a->abs_path, b->abs_path);
}

/* ---- the directory --------------------------------------------------- */

char *cache_default_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	if (xdg && xdg[0] == '/')
		return xasprintf("%s/heaptui", xdg);
	const char *home = getenv("HOME");
	if (!home || home[0] != '/') {
		struct passwd *pw = getpwuid(geteuid());
		home = pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : NULL;
	}
	return home ? xasprintf("%s/.cache/heaptui", home) : NULL;
}

int cache_prepare_dir(const char *dir, struct ht_error *err)
{
	char *p = xstrdup(dir);
	/* mkdir -p: each prefix in turn; EEXIST is fine, the final stat judges */
	for (char *slash = p + 1; ; slash++) {
		if (*slash != '/' && *slash)
			continue;
		char c = *slash;
		*slash = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST) {
			int e = errno;
			ht_fail(err, "", -1, "cannot create '%s': %s", p, strerror(e));
			free(p);
			return -1;
		}
		*slash = c;
		if (!c)
			break;
	}
	free(p);
	struct stat st;
	if (stat(dir, &st) < 0)
		return ht_fail(err, "", -1, "cannot create '%s': %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return ht_fail(err, "", -1, "cannot create '%s': %s", dir, strerror(ENOTDIR));
	if (st.st_uid != geteuid())
		return ht_fail(err, "", -1, "'%s' is not owned by the user", dir);
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return ht_fail(err, "", -1, "'%s' is writable by others", dir);
	return 0;
}

int cache_probe_dir(const char *dir, struct ht_error *err)
{
	char *tmp = xasprintf("%s/" CACHE_TMP_PREFIX "XXXXXX", dir);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;
		free(tmp);
		return ht_fail(err, "", -1, "cannot write '%s': %s", dir, strerror(e));
	}
	close(fd);
	unlink(tmp);
	free(tmp);
	return 0;
}

char *cache_file_path(const char *dir, const struct cache_source *src)
{
	struct hasher h;
	hasher_init(&h, 0x68656170747569ull); /* "heaptui" */
	hasher_feed(&h, src->abs_path, strlen(src->abs_path) + 1);
	hasher_feed(&h, &src->dev, sizeof(src->dev));
	hasher_feed(&h, &src->ino, sizeof(src->ino));
	size_t len = strlen(dir);
	return xasprintf("%s%s%016llx%s", dir, len && dir[len - 1] == '/' ? "" : "/",
			 (unsigned long long)hasher_final(&h), CACHE_SUFFIX);
}

/* ---- writing --------------------------------------------------------- */

static int write_full(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len) {
		ssize_t n = write(fd, p, MIN(len, (size_t)1 << 30));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			errno = ENOSPC;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Append len bytes (zeros when data is NULL) to the data part, hashing them. */
static int write_data(int fd, struct block_hasher *b, const void *data, uint64_t len)
{
	static const unsigned char zeros[CACHE_PAGE];
	const unsigned char *p = data;
	while (len) {
		size_t take = (size_t)MIN(len, p ? (uint64_t)CACHE_IO_CHUNK : (uint64_t)sizeof(zeros));
		const void *chunk = p ? (const void *)p : (const void *)zeros;
		block_hasher_feed(b, chunk, take);
		if (write_full(fd, chunk, take) < 0)
			return -1;
		if (p)
			p += take;
		len -= take;
	}
	return 0;
}

/* Strings part: source path, node_fields, edge_fields, each NUL-terminated. */
static uint64_t strings_size(const struct snapshot *s, const struct cache_source *src)
{
	return strlen(src->abs_path) + 1 + strlen(s->node_fields ? s->node_fields : "") + 1 +
	       strlen(s->edge_fields ? s->edge_fields : "") + 1;
}

int cache_write(const struct snapshot *s, const char *file, const struct cache_source *src,
		struct ht_error *err)
{
	uint32_t nsections = 0, nscalars = 0;
#define X(field, n_) nsections++;
	SNAPSHOT_ARRAYS(X)
#undef X
#define X(field) nscalars++;
	SNAPSHOT_SCALARS(X)
#undef X

	/* Plan: section offsets relative to the data part first (their size
	 * fixes the number of block hashes, hence the meta size). */
	struct cache_section *sec = xcalloc(nsections, sizeof(*sec));
	uint64_t rel = 0;
	uint32_t i = 0;
#define X(field, n_)                                                         \
	do {                                                                    \
		struct cache_section *c = &sec[i++];                            \
		snprintf(c->name, sizeof(c->name), "%s", #field);              \
		c->elem_size = sizeof(*s->field);                               \
		c->count = (uint64_t)(n_);                                   \
		c->present = s->field != NULL;                                  \
		rel = align_up(rel, CACHE_ALIGN);                               \
		c->offset = rel;                                                \
		if (c->present)                                                 \
			rel += c->count * c->elem_size;                         \
	} while (0);
	SNAPSHOT_ARRAYS(X)
#undef X
	uint64_t data_len = rel;
	uint64_t nblocks = (data_len + CACHE_BLOCK - 1) / CACHE_BLOCK;
	uint64_t strings_len = strings_size(s, src);
	uint64_t meta_len = sizeof(struct cache_header) + nsections * sizeof(struct cache_section) +
			    nscalars * sizeof(uint64_t) + strings_len + nblocks * sizeof(uint64_t);
	uint64_t data_off = align_up(meta_len, CACHE_PAGE);
	for (i = 0; i < nsections; i++)
		sec[i].offset += data_off;

	unsigned char *meta = xcalloc(1, (size_t)meta_len);
	struct cache_header *hd = (void *)meta;
	memcpy(hd->magic, CACHE_MAGIC, sizeof(hd->magic));
	hd->version = CACHE_FORMAT_VERSION;
	hd->endian = CACHE_ENDIAN;
	hd->ptr_size = sizeof(void *);
	hd->header_size = sizeof(struct cache_header);
	hd->layout = layout_hash();
	hd->file_size = data_off + data_len;
	hd->meta_len = meta_len;
	hd->data_off = data_off;
	hd->data_len = data_len;
	hd->nsections = nsections;
	hd->nscalars = nscalars;
	hd->strings_len = strings_len;
	hd->nblocks = nblocks;
	hd->src_size = src->size;
	hd->src_mtime_ns = src->mtime_ns;
	hd->src_dev = src->dev;
	hd->src_ino = src->ino;
	hd->src_edge_hash = src->edge_hash;
	unsigned char *q = meta + sizeof(*hd);
	memcpy(q, sec, nsections * sizeof(*sec));
	q += nsections * sizeof(*sec);
	uint64_t *sc = (void *)q;
	i = 0;
#define X(field) sc[i++] = (uint64_t)s->field;
	SNAPSHOT_SCALARS(X)
#undef X
	q += nscalars * sizeof(uint64_t);
	struct block_hasher bh = {.hashes = (void *)q, .cap = nblocks};
	q += nblocks * sizeof(uint64_t);
	const char *strs[3] = {src->abs_path, s->node_fields ? s->node_fields : "",
			       s->edge_fields ? s->edge_fields : ""};
	for (i = 0; i < 3; i++) {
		size_t n = strlen(strs[i]) + 1;
		memcpy(q, strs[i], n);
		q += n;
	}
	hasher_init(&bh.h, 0);

	/* mkstemp in the target's directory, so the rename stays on one file system */
	const char *slash = strrchr(file, '/');
	char *dir = slash ? xstrndup(file, (size_t)(slash - file)) : xstrdup(".");
	char *tmp = xasprintf("%s/" CACHE_TMP_PREFIX "XXXXXX", dir);
	const char *failed = dir; /* what the error message names */
	int fd = mkstemp(tmp);
	int ok = fd >= 0;
	if (ok) {
		failed = tmp;
		fchmod(fd, 0600);
		/* the whole size first: writes that extend a file one chunk at a
		 * time cost ext4 several times more than writes into its size */
		ok = ftruncate(fd, (off_t)(data_off + data_len)) == 0 &&
		     lseek(fd, (off_t)data_off, SEEK_SET) >= 0;
	}
	i = 0;
#define X(field, n_)                                                         \
	if (ok) {                                                               \
		struct cache_section *c = &sec[i++];                            \
		uint64_t at = c->offset - data_off;                             \
		ok = write_data(fd, &bh, NULL, at - bh.n * CACHE_BLOCK - bh.in_block) == 0; \
		if (ok && c->present)                                           \
			ok = write_data(fd, &bh, s->field, c->count * c->elem_size) == 0; \
	}
	SNAPSHOT_ARRAYS(X)
#undef X
	if (ok) {
		block_hasher_finish(&bh);
		if (bh.n != nblocks)
			BUG("cache: block count differs from the plan");
		hd->checksum = cache_hash(meta, (size_t)meta_len, 0);
		ok = lseek(fd, 0, SEEK_SET) == 0 && write_full(fd, meta, (size_t)meta_len) == 0;
	}
	if (ok)
		ok = fsync(fd) == 0;
	if (ok) {
		failed = file;
		ok = rename(tmp, file) == 0;
	}
	int e = errno;
	if (fd >= 0 && close(fd) < 0 && ok) {
		ok = 0;
		e = errno;
	}
	if (ok) {
		/* the rename itself survives a crash only once the directory is synced */
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	} else {
		if (fd >= 0)
			unlink(tmp);
		ht_fail(err, "", -1, "cannot write '%s': %s", failed, strerror(e));
	}
	free(tmp);
	free(dir);
	free(meta);
	free(sec);
	return ok ? 0 : -1;
}

/* ---- reading --------------------------------------------------------- */

/* Hash of data block b as stored in the mapping. */
static uint64_t block_hash_at(const unsigned char *base, const struct cache_header *hd, uint64_t b)
{
	uint64_t off = hd->data_off + b * CACHE_BLOCK;
	uint64_t len = MIN((uint64_t)CACHE_BLOCK, hd->file_size - off);
	return cache_hash(base + off, (size_t)len, b);
}

static int verify_blocks(const unsigned char *base, const struct cache_header *hd,
			 const uint64_t *hashes, enum cache_verify verify)
{
	uint64_t n = hd->nblocks;
	if (verify == CACHE_VERIFY_FULL || n <= CACHE_VERIFY_SAMPLES ||
	    (verify == CACHE_VERIFY_AUTO && hd->data_len <= CACHE_VERIFY_FULL_MAX)) {
		for (uint64_t b = 0; b < n; b++)
			if (block_hash_at(base, hd, b) != hashes[b])
				return -1;
		return 0;
	}
	/* a sample: the first and last blocks and evenly spaced ones between */
	for (uint64_t k = 0; k < CACHE_VERIFY_SAMPLES; k++) {
		uint64_t b = k * (n - 1) / (CACHE_VERIFY_SAMPLES - 1);
		if (block_hash_at(base, hd, b) != hashes[b])
			return -1;
	}
	return 0;
}

/* The next NUL-terminated string of the strings part, or NULL if it runs out. */
static const char *next_string(const char **p, const char *end)
{
	const char *s = *p;
	const char *nul = s < end ? memchr(s, '\0', (size_t)(end - s)) : NULL;
	if (!nul)
		return NULL;
	*p = nul + 1;
	return s;
}

#define FAIL(...) do { ht_fail(err, file, -1, __VA_ARGS__); goto fail; } while (0)

int cache_read(struct snapshot *s, const char *file, const char *path,
	       const struct cache_source *src, enum cache_verify verify, struct ht_error *err)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return ht_fail(err, file, -1, errno == ENOENT ? "no cache file" : "cannot open: %s",
			       strerror(errno));
	struct stat st;
	struct cache_header hd;
	if (fstat(fd, &st) < 0)
		FAIL("cannot stat: %s", strerror(errno));
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH)))
		FAIL("not a regular file owned by the user and writable only by the user");
	if ((uint64_t)st.st_size < sizeof(hd))
		FAIL("truncated header");
	if (read_full_at(fd, &hd, sizeof(hd), 0) < 0)
		FAIL("cannot read: %s", strerror(errno));
	if (memcmp(hd.magic, CACHE_MAGIC, sizeof(hd.magic)))
		FAIL("not a heaptui cache file");
	if (hd.version != CACHE_FORMAT_VERSION)
		FAIL("format version %u, expected %u", hd.version, CACHE_FORMAT_VERSION);
	if (hd.endian != CACHE_ENDIAN || hd.ptr_size != sizeof(void *) ||
	    hd.header_size != sizeof(hd))
		FAIL("written by a machine with another byte order or pointer size");
	if (hd.layout != layout_hash())
		FAIL("written by a build with another struct snapshot layout");
	if (hd.file_size != (uint64_t)st.st_size)
		FAIL("file is %llu bytes, header says %llu", (unsigned long long)st.st_size,
		     (unsigned long long)hd.file_size);
	uint32_t nsections = 0, nscalars = 0;
#define X(field, n_) nsections++;
	SNAPSHOT_ARRAYS(X)
#undef X
#define X(field) nscalars++;
	SNAPSHOT_SCALARS(X)
#undef X
	/* every size below is bounded by CACHE_META_MAX first, so no sum overflows */
	if (hd.nsections != nsections || hd.nscalars != nscalars || hd.meta_len > CACHE_META_MAX ||
	    hd.strings_len > CACHE_META_MAX || hd.nblocks > CACHE_META_MAX ||
	    hd.meta_len != sizeof(hd) + nsections * sizeof(struct cache_section) +
				   nscalars * sizeof(uint64_t) + hd.strings_len +
				   hd.nblocks * sizeof(uint64_t) ||
	    hd.data_off != align_up(hd.meta_len, CACHE_PAGE) || hd.data_off > hd.file_size ||
	    hd.data_len != hd.file_size - hd.data_off ||
	    hd.nblocks != (hd.data_len + CACHE_BLOCK - 1) / CACHE_BLOCK)
		FAIL("inconsistent header");
	if (src && (hd.src_size != src->size || hd.src_mtime_ns != src->mtime_ns ||
		    hd.src_dev != src->dev || hd.src_ino != src->ino ||
		    hd.src_edge_hash != src->edge_hash))
		FAIL("stale: the source changed since the cache was written");

	void *map = mmap(NULL, (size_t)hd.file_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		FAIL("cannot map: %s", strerror(errno));
	s->mapping = map;
	s->mapping_size = (size_t)hd.file_size;
	const unsigned char *base = map;

	/* the meta part, checksummed with the checksum field read as 0 */
	struct cache_header zero = hd;
	zero.checksum = 0;
	struct hasher h;
	hasher_init(&h, 0);
	hasher_feed(&h, &zero, sizeof(zero));
	hasher_feed(&h, base + sizeof(hd), (size_t)(hd.meta_len - sizeof(hd)));
	if (hasher_final(&h) != hd.checksum)
		FAIL("bad checksum of the header and section table");

	const struct cache_section *sec = (const void *)(base + sizeof(hd));
	const uint64_t *sc = (const void *)(sec + nsections);
	const uint64_t *blocks = sc + nscalars;
	const char *strp = (const char *)(blocks + hd.nblocks);
	const char *strend = strp + hd.strings_len;
	const char *src_path = next_string(&strp, strend);
	const char *node_fields = next_string(&strp, strend);
	const char *edge_fields = next_string(&strp, strend);
	if (!edge_fields || strp != strend)
		FAIL("bad strings part");
	if (src && strcmp(src_path, src->abs_path))
		FAIL("made from another file ('%s')", src_path);

	uint32_t i = 0;
#define X(field)                                                                \
	do {                                                                    \
		uint64_t v = sc[i++];                                           \
		s->field = v;                                                   \
		if ((uint64_t)s->field != v)                                    \
			FAIL("scalar " #field " out of range");                 \
	} while (0);
	SNAPSHOT_SCALARS(X)
#undef X
	if (!s->analyzed || (s->node_count && s->root >= s->node_count) ||
	    (unsigned)s->producer > PRODUCER_CHROME)
		FAIL("bad scalars");

	i = 0;
#define X(field, n_)                                                         \
	do {                                                                    \
		const struct cache_section *c = &sec[i++];                      \
		if (strncmp(c->name, #field, sizeof(c->name)) || c->present > 1 || \
		    c->elem_size != sizeof(*s->field))                          \
			FAIL("section " #field ": wrong name or element size"); \
		if (c->present) {                                               \
			if (c->offset < hd.data_off || c->offset > hd.file_size || \
			    c->offset % CACHE_ALIGN ||                          \
			    c->count > (hd.file_size - c->offset) / c->elem_size) \
				FAIL("section " #field ": out of the file");    \
			s->field = (void *)(base + c->offset);                  \
		}                                                               \
		if ((uint64_t)(n_) != c->count)                              \
			FAIL("section " #field ": count does not match");       \
	} while (0);
	SNAPSHOT_ARRAYS(X)
#undef X

	if (verify_blocks(base, &hd, blocks, verify) < 0)
		FAIL("bad checksum of the data");
	/* end points that O(1) code relies on, for the blocks a sample skipped */
	if (!s->first_edge || s->first_edge[0] || s->first_edge[s->node_count] != s->edge_count)
		FAIL("bad first_edge");
	if (!s->str_off || !s->str_data || s->str_off[0] ||
	    s->str_off[s->string_count] != s->str_data_len ||
	    (s->str_data_len && s->str_data[s->str_data_len - 1]))
		FAIL("bad string table");
	if (s->first_retainer &&
	    (s->first_retainer[0] || s->first_retainer[s->node_count] != s->edge_count))
		FAIL("bad first_retainer");
	if (s->ifaces.first_prop && s->ifaces.first_prop[0])
		FAIL("bad ifaces.first_prop");
	if ((s->classes.names_len && s->classes.names[s->classes.names_len - 1]) ||
	    (s->ifaces.text_len && s->ifaces.text[s->ifaces.text_len - 1]) ||
	    (s->ifaces.props_len && s->ifaces.props[s->ifaces.props_len - 1]))
		FAIL("bad name buffers");

	s->path = xstrdup(path);
	s->node_fields = xstrdup(node_fields);
	s->edge_fields = xstrdup(edge_fields);
	futimens(fd, NULL); /* the LRU clock; failing to set it is harmless */
	close(fd);
	return 0;
fail:
	close(fd);
	snapshot_release(s);
	return -1;
}

#undef FAIL

int cache_fix_checksums(void *image, size_t len)
{
	struct cache_header hd;
	unsigned char *base = image;
	if (len < sizeof(hd))
		return -1;
	memcpy(&hd, base, sizeof(hd));
	/* only what the rewrite below touches: the rest is cache_read's to judge */
	if (hd.meta_len < sizeof(hd) || hd.meta_len > len || hd.nblocks > CACHE_META_MAX ||
	    hd.nblocks * sizeof(uint64_t) > hd.meta_len - sizeof(hd) ||
	    hd.data_off > len || hd.nscalars > CACHE_META_MAX || hd.nsections > CACHE_META_MAX)
		return -1;
	uint64_t blocks_off = sizeof(hd) + (uint64_t)hd.nsections * sizeof(struct cache_section) +
			      (uint64_t)hd.nscalars * sizeof(uint64_t);
	if (blocks_off > hd.meta_len || hd.nblocks * sizeof(uint64_t) > hd.meta_len - blocks_off)
		return -1;
	for (uint64_t b = 0; b < hd.nblocks; b++) {
		uint64_t off = hd.data_off + b * CACHE_BLOCK;
		uint64_t h = 0;
		if (off < len)
			h = cache_hash(base + off, (size_t)MIN((uint64_t)CACHE_BLOCK, len - off), b);
		memcpy(base + blocks_off + b * sizeof(uint64_t), &h, sizeof(h));
	}
	hd.checksum = 0;
	struct hasher h;
	hasher_init(&h, 0);
	hasher_feed(&h, &hd, sizeof(hd));
	hasher_feed(&h, base + sizeof(hd), (size_t)(hd.meta_len - sizeof(hd)));
	hd.checksum = hasher_final(&h);
	memcpy(base, &hd, sizeof(hd));
	return 0;
}

/* ---- eviction -------------------------------------------------------- */

struct cache_entry {
	char *path;        /* full path (owned) */
	uint64_t size;     /* bytes on disk */
	int64_t mtime_ns;  /* last use */
};

static int entry_cmp(const void *a, const void *b)
{
	const struct cache_entry *x = a, *y = b;
	return x->mtime_ns < y->mtime_ns ? -1 : x->mtime_ns > y->mtime_ns;
}

/* 16 hex digits and CACHE_SUFFIX */
static int is_cache_name(const char *name)
{
	size_t n = strlen(name);
	if (n != 16 + strlen(CACHE_SUFFIX) || strcmp(name + 16, CACHE_SUFFIX))
		return 0;
	for (int i = 0; i < 16; i++)
		if (!strchr("0123456789abcdef", name[i]))
			return 0;
	return 1;
}

int cache_evict(const char *dir, uint64_t cap, const char *keep)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	const char *keep_name = keep ? strrchr(keep, '/') : NULL;
	keep_name = keep_name ? keep_name + 1 : keep;
	struct cache_entry *e = NULL;
	size_t n = 0;
	uint64_t total = 0;
	int deleted = 0;
	time_t now = time(NULL);
	struct dirent *de;
	while ((de = readdir(d))) {
		int tmp = !strncmp(de->d_name, CACHE_TMP_PREFIX, strlen(CACHE_TMP_PREFIX));
		if (!tmp && !is_cache_name(de->d_name))
			continue;
		struct stat st;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode) || st.st_uid != geteuid())
			continue;
		if (tmp) {
			/* another heaptui may be writing it right now: only old ones */
			if (st.st_mtime + CACHE_TMP_AGE < now && !unlinkat(dirfd(d), de->d_name, 0))
				deleted++;
			continue;
		}
		uint64_t size = (uint64_t)st.st_blocks * 512;
		total += size;
		if (keep_name && !strcmp(de->d_name, keep_name))
			continue;
		e = xreallocarray(e, n + 1, sizeof(*e));
		e[n].path = xstrdup(de->d_name);
		e[n].size = size;
		e[n].mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
		n++;
	}
	if (!cap)
		cap = CACHE_DEFAULT_MAX;
	if (n)
		qsort(e, n, sizeof(*e), entry_cmp);
	for (size_t i = 0; i < n && total > cap; i++) {
		if (!unlinkat(dirfd(d), e[i].path, 0)) {
			total -= MIN(total, e[i].size);
			deleted++;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(e[i].path);
	free(e);
	closedir(d);
	return deleted;
}
