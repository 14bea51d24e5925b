/*
 * classes.h - DevTools' class names ("constructor" column of Summary):
 * node names by type ((string), (closure) -> Function, system / Context,
 * Detached <td>, ...), interface inference for plain objects
 * ({longStr, someMethod}) and location-qualified class keys.
 *
 * References in HeapSnapshot.ts: calculateObjectNames, inferInterfaceDefinitions,
 * applyInterfaceDefinitions, JSHeapSnapshotNode.className / name, and the
 * class key built in buildAggregates.
 *
 * One row of a class table is one of DevTools' *internal* class keys:
 *   - objects (node type "object") with an allocation location: the key is
 *     "SCRIPT,LINE,COLUMN,NAME" (location_of the row is set);
 *   - every other node: the index of its class-name string in DevTools'
 *     string table. Names DevTools adds itself ("(system)", "Function",
 *     "<div>", interface names...) are distinct from the file's strings, so
 *     in rare files two rows share one display name (an object whose
 *     constructor is named "Function" and the closures). DevTools' Summary
 *     then shows only one of them (its public key is ",NAME" for both);
 *     summary.h reproduces that. Use classes_same_public_key() to compare.
 * Names are the display names (UTF-8, untrusted: sanitize before showing).
 */
#ifndef HEAPTUI_CLASSES_H
#define HEAPTUI_CLASSES_H

#include <stddef.h>
#include <stdint.h>

#include "heaptui/snapshot.h"
#include "heaptui/text.h"

void iface_defs_init(struct iface_defs *d);
void iface_defs_release(struct iface_defs *d);

/* DevTools' inferInterfaceDefinitions over an analyzed-or-loading snapshot. */
void classes_infer_interfaces(const struct snapshot *s, struct iface_defs *out);

/*
 * Classify every node of `s` using interface definitions `defs` (from `s`
 * itself, or - for Comparison - from the target snapshot). Writes one class
 * per node into node_class[node_count] and the class names into `table`
 * (initialised here; release with class_table_release). Needs the DOM
 * detachedness propagated by analyze_run (names of detached native nodes
 * get "Detached "); thread-safe for distinct outputs.
 */
void classes_assign(const struct snapshot *s, const struct iface_defs *defs,
		    class_ix *node_class, struct class_table *table);

void class_table_release(struct class_table *t);

/* Find a class by display name (first match), or UINT32_MAX. O(classes). */
class_ix classes_find(const struct class_table *t, const char *name);

/*
 * 1 when classes a and b of table t (classifying snapshot s) have the same
 * DevTools public key: same name and, for located keys, the same script,
 * line and column. Distinct rows with the same public key only occur in the
 * rare case described above.
 */
int classes_same_public_key(const struct snapshot *s, const struct class_table *t,
			    class_ix a, class_ix b);

/*
 * The node's name as the grid shows it ("display" in the oracle's nodes.tsv:
 * strings quoted, closures as name(), regexps /re/, arrays X[] ...), written
 * into buf (always NUL-terminated, cropped to size at a UTF-8 boundary).
 * Not sanitized.
 */
void classes_node_display(const struct snapshot *s, node_ix n, char *buf, size_t size);

/*
 * DevTools' JSHeapSnapshotNode.name(): concatenated strings joined (up to
 * about 1024 characters), plain objects as "{a, b, …, z}", detached native
 * nodes with "Detached ", else the raw name. Appended to sb.
 */
void classes_node_name(const struct snapshot *s, node_ix n, struct strbuf *sb);

/* JSHeapSnapshotNode.formatPropertyName: quote names with , ' " { or }. */
void classes_format_property_name(const char *name, size_t len, struct strbuf *sb);

/* JavaScript's string order (UTF-16 code units) on UTF-8 text: <0, 0, >0. */
int classes_strcmp_js(const char *a, size_t alen, const char *b, size_t blen);

/* JavaScript's String.length (UTF-16 code units) of UTF-8 text. */
size_t classes_js_length(const char *s, size_t len);

/*
 * Stable merge sort of a[0..n) with cmp(ctx, x, y) < 0 meaning x first
 * (the order JavaScript's Array.prototype.sort gives). O(n log n), n words
 * of scratch.
 */
void classes_sort_u32(uint32_t *a, size_t n,
		      int (*cmp)(const void *ctx, uint32_t x, uint32_t y), const void *ctx);

#endif
