/*
 * patterns.h - name the leak: classify a retainer path (paths.h) into the
 * usual shapes of JavaScript leaks, each verdict pointing at the edge that
 * is its evidence.
 *
 * Rules (row i of a path: path[i].node holds child(i) by path[i].edge,
 * child(0) = the inspected node, child(i) = path[i-1].node):
 *
 *   global    path[i].node is a global object - a non-synthetic child of
 *             the snapshot's root (DevTools' user roots), or an object named
 *             "global" / "Window…" - and the edge is a property (or
 *             shortcut) whose name is not a builtin global: not in the list
 *             of ECMAScript and Node.js globals in patterns.c (plus browser
 *             globals when the file is not Node's), not
 *             a "<symbol …>" key, and not a function of a Node "node:…"
 *             internal script.
 *   timer     a `_onTimeout` / `_onImmediate` property (Node's Timeout and
 *             Immediate: setTimeout, setInterval, setImmediate), a retainer
 *             named TimersList / ImmediateList, an `_events` property
 *             (EventEmitter listeners; the next edge names the event), or a
 *             retainer whose name contains "EventListener" (DOM listeners).
 *   closure   a context edge out of a system / Context: the captured
 *             variable, the closures sharing the Context and the scope's
 *             function (context.h). The same variable of the same scope met
 *             again further down the path (a chain of Contexts, as in the
 *             Meteor leak) is counted on the first verdict, not repeated.
 *             Contexts of Node.js's own code ("node:…" scripts) are skipped.
 *   detached  child(i) is a detached DOM node (class or name starting with
 *             "Detached ") and path[i].node is neither detached nor native:
 *             the first non-DOM retainer holding the detached tree.
 *
 * Verdicts come root first (highest row first).
 */
#ifndef HEAPTUI_PATTERNS_H
#define HEAPTUI_PATTERNS_H

#include <stddef.h>

#include "heaptui/paths.h"
#include "heaptui/snapshot.h"

enum pattern_kind {
	PATTERN_GLOBAL,   /* a global variable */
	PATTERN_TIMER,    /* a timer or event listener callback */
	PATTERN_CLOSURE,  /* a variable captured in a closure Context */
	PATTERN_DETACHED, /* a detached DOM tree held from JavaScript */
	PATTERN_KIND_COUNT
};

struct pattern_verdict {
	enum pattern_kind kind;
	size_t row;       /* evidence row in the path (level = row + 1) */
	edge_ix edge;     /* the evidence edge (path[row].edge) */
	node_ix node;     /* its source (path[row].node) */
	size_t repeats;   /* closure: times the same variable of the same scope occurs */
	char *text;       /* one sentence for people, owned, not sanitized */
};

struct pattern_list {
	struct pattern_verdict *items; /* verdicts, root first */
	size_t count;
	size_t alloc;
};

#define PATTERN_LIST_INIT {NULL, 0, 0}
void patterns_release(struct pattern_list *l);

/* "global", "timer", "closure", "detached". */
const char *pattern_name(enum pattern_kind k);

/*
 * Classify the path of `target` (rows from paths_path). Replaces the
 * contents of `out`. O(path length + retainers of the Contexts on it).
 */
void patterns_classify(const struct snapshot *s, node_ix target, const struct retainer *path,
		       size_t n, struct pattern_list *out);

/* Is `name` a builtin global (ECMAScript, Node.js or browser)? */
int patterns_is_builtin_global(const char *name, size_t len);

#endif
