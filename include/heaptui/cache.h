/*
 * cache.h - the binary cache: one file per source snapshot holding every
 * table of an analyzed struct snapshot, mmap'd read-only on the next open
 * so nothing is parsed or recomputed.
 *
 * File layout (native byte order; all offsets from the start of the file):
 *
 *   header     struct cache_header: magic, format version, endianness and
 *              pointer-size markers, a layout hash (names and element sizes
 *              of SNAPSHOT_ARRAYS and SNAPSHOT_SCALARS, sizeof(struct
 *              snapshot)), the identity of the source (size, mtime in ns,
 *              device, inode, hash of its first and last 64 KiB), and the
 *              checksum of the whole "meta" part below
 *   sections   one struct cache_section per SNAPSHOT_ARRAYS entry, in the
 *              macro's order: name, offset, element size, count, present
 *   scalars    one uint64_t per SNAPSHOT_SCALARS entry, in the macro's order
 *   blocks     one 64-bit hash per CACHE_BLOCK bytes of the data part
 *   strings    source absolute path, node_fields, edge_fields (NUL-ended)
 *   data       (page aligned) each present array at a 64-byte aligned offset,
 *              zero padding between, used in place from the mapping
 *
 * Trust and the cost of checking (the trade-off, see also cache.c):
 *   - The cache is read only from a directory and a file owned by the user
 *     and not writable by group or others, so forging one takes the user's
 *     own rights; the checks below guard against damage, not attackers.
 *   - Always checked on open (O(sections), well under a millisecond): magic,
 *     version, markers, layout hash, file size against the recorded size
 *     and every section's extent, the meta checksum (header + table +
 *     scalars + strings + block hashes), counts against the scalars via the
 *     SNAPSHOT_ARRAYS count expressions, and the end points of the CSR
 *     arrays (first_edge, str_off, first_retainer, ifaces.first_prop) and
 *     the NUL terminators of string buffers; then the source's identity.
 *   - The data part is hashed in 1 MiB blocks when written. On open all
 *     blocks are verified when the data part is at most CACHE_VERIFY_FULL_MAX
 *     (every test, Meteor, snapshots up to ~330 MB of JSON; 0.04-0.08 s for
 *     a 284 MB cache here); above it (CACHE_VERIFY_AUTO) a sample of
 *     CACHE_VERIFY_SAMPLES blocks spread over the file is verified instead,
 *     because hashing the ~1.7 GB cache of a 1.1 GB snapshot costs 0.25-0.5 s
 *     on the 2-core reference machine and a warm reopen of it must stay
 *     under 0.3 s. CACHE_VERIFY_FULL checks everything whatever the size.
 *     So a flipped bit in an unsampled block of a big cache goes unseen;
 *     the file is written atomically (temp file, fsync, rename), so such
 *     damage can only come from the disk or a process running as the user.
 */
#ifndef HEAPTUI_CACHE_H
#define HEAPTUI_CACHE_H

#include <stdint.h>

#include "heaptui/snapshot.h"
#include "heaptui/util.h"

#define CACHE_FORMAT_VERSION 2
#define CACHE_SUFFIX ".htc"                        /* cache file names: 16 hex digits + suffix */
#define CACHE_BLOCK (1u << 20)                     /* bytes per data-block hash */
#define CACHE_VERIFY_FULL_MAX (512ull << 20)       /* AUTO verifies all blocks up to this */
#define CACHE_VERIFY_SAMPLES 32                    /* AUTO verifies this many blocks above it */
#define CACHE_DEFAULT_MAX (4ull << 30)             /* default cap of the cache directory */
#define CACHE_SOURCE_EDGE (64u << 10)              /* bytes hashed at each end of the source */

/*
 * sizeof(struct snapshot) when SNAPSHOT_SCALARS was last checked against the
 * struct on LP64; test_cache fails when they differ, so a new scalar is not
 * silently dropped by the cache (update SNAPSHOT_SCALARS, then this).
 */
#define CACHE_SNAPSHOT_SIZE_LP64 448

enum cache_verify {
	CACHE_VERIFY_AUTO, /* all blocks up to CACHE_VERIFY_FULL_MAX, else a sample */
	CACHE_VERIFY_FULL, /* every block, whatever the size */
	CACHE_VERIFY_SAMPLE, /* only the sample, whatever the size (tests) */
};

/* What identifies the source file a cache was made from. */
struct cache_source {
	char *abs_path;        /* realpath() of the source (owned) */
	uint64_t size;         /* bytes on disk */
	int64_t mtime_ns;      /* modification time in ns since the epoch */
	uint64_t dev, ino;     /* device and inode */
	uint64_t edge_hash;    /* hash of the first and last CACHE_SOURCE_EDGE bytes */
};

/* Stat and hash `path`; -1 with err when it cannot be opened or read. */
int cache_source_identify(struct cache_source *src, const char *path, struct ht_error *err);
void cache_source_release(struct cache_source *src);
/* 1 when both describe the same unchanged file. */
int cache_source_equal(const struct cache_source *a, const struct cache_source *b);

/*
 * $XDG_CACHE_HOME/heaptui (when set and absolute), else $HOME/.cache/heaptui,
 * else the home directory of the user's passwd entry; NULL if none. Owned by
 * the caller.
 */
char *cache_default_dir(void);

/*
 * Create `dir` (and missing parents, mode 0700) and check it can be trusted:
 * a directory owned by the effective user, not writable by group or others.
 * -1 with err ("cannot create 'DIR': ...", "'DIR' is writable by others").
 */
int cache_prepare_dir(const char *dir, struct ht_error *err);

/* Create and remove a temp file in `dir`: -1 with "cannot write 'DIR': ..." if impossible. */
int cache_probe_dir(const char *dir, struct ht_error *err);

/* DIR/XXXXXXXXXXXXXXXX.htc: a hash of the source's path, device and inode (owned). */
char *cache_file_path(const char *dir, const struct cache_source *src);

/*
 * Map `file` into `s` (snapshot_init'ed) when it is a valid cache of `src`.
 * On success the arrays point into the read-only mapping (s->mapping), the
 * strings are heap copies, s->path is a copy of `path`, and the file's
 * mtime is set to now (the LRU clock). On any mismatch returns -1, fills
 * err with the reason (ENOENT: "no cache file") and leaves `s` released.
 * A NULL `src` skips the source-identity checks (size, mtime, device,
 * inode, edge hash, path): for the fuzz harness and tests only.
 */
int cache_read(struct snapshot *s, const char *file, const char *path,
	       const struct cache_source *src, enum cache_verify verify, struct ht_error *err);

/*
 * Write the analyzed snapshot `s` as the cache of `src` to `file`
 * atomically (mkstemp in the same directory, write, fsync, rename, fsync
 * the directory). -1 with err "cannot write 'X': strerror" (the temp file
 * is removed); `s` is not changed.
 */
int cache_write(const struct snapshot *s, const char *file, const struct cache_source *src,
		struct ht_error *err);

/*
 * Keep the cache directory under `cap` bytes (0: CACHE_DEFAULT_MAX): delete
 * the least recently used *.htc files (oldest mtime first) but never `keep`,
 * and temp files left by a crashed writer more than an hour ago. Returns the
 * number of files deleted.
 */
int cache_evict(const char *dir, uint64_t cap, const char *keep);

/*
 * For the fuzz harness: rewrite the data-block hashes and the meta checksum
 * of the cache image `image` (len bytes, as cache_read would map it) so
 * that mutated bytes reach the checks behind the checksums. Returns -1 and
 * leaves the image alone when the header's sizes do not fit in len.
 */
int cache_fix_checksums(void *image, size_t len);

/* The 64-bit hash the cache uses (exposed for tests). */
uint64_t cache_hash(const void *data, size_t len, uint64_t seed);

#endif
