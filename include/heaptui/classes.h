/*
 * classes.h - DevTools' class names ("constructor" column of Summary):
 * node names by type ((string), (closure) -> Function, system / Context,
 * Detached <td>, ...), interface inference for plain objects
 * ({longStr, someMethod}) and location-qualified class keys.
 *
 * References in HeapSnapshot.ts: calculateObjectNames, inferInterfaceDefinitions,
 * applyInterfaceDefinitions, JSHeapSnapshotNode.className / name, and the
 * class key built in buildAggregates.
 */
#ifndef HEAPTUI_CLASSES_H
#define HEAPTUI_CLASSES_H

#include "heaptui/snapshot.h"

void iface_defs_init(struct iface_defs *d);
void iface_defs_release(struct iface_defs *d);

/* DevTools' inferInterfaceDefinitions over an analyzed-or-loading snapshot. */
void classes_infer_interfaces(const struct snapshot *s, struct iface_defs *out);

/*
 * Classify every node of `s` using interface definitions `defs` (from `s`
 * itself, or - for Comparison - from the target snapshot). Writes one class
 * per node into node_class[node_count] and the class names into `table`
 * (initialised here; release with class_table_release).
 */
void classes_assign(const struct snapshot *s, const struct iface_defs *defs,
		    class_ix *node_class, struct class_table *table);

void class_table_release(struct class_table *t);

/* Find a class by display name (first match), or UINT32_MAX. O(classes). */
class_ix classes_find(const struct class_table *t, const char *name);

/*
 * The node's name as the grid shows it ("display" in the oracle's nodes.tsv:
 * strings quoted, closures as name(), regexps /re/, arrays X[] ...), written
 * into buf (always NUL-terminated, cropped to size). Not sanitized.
 */
void classes_node_display(const struct snapshot *s, node_ix n, char *buf, size_t size);

#endif
