/*
 * context.h - explain a closure Context: whose scope it is, which variables
 * it holds, which live closures share it and which functions are declared
 * in the same scope (the Meteor leak: `originalThing` kept by `someMethod`
 * because `unused` captured it).
 *
 * What V8 writes (checked on Node 20 snapshots):
 *   closure  --context (internal)-->            system / Context
 *   closure  --shared-->                         SharedFunctionInfo (code, named as the function)
 *   Context  --<variable> (context)-->           the captured value
 *   Context  --scope_info-->                     system / ScopeInfo
 *   Context  --previous-->                       the outer Context
 *   SFI      --name_or_scope_info-->             the ScopeInfo of the function's own scope
 *   SFI      --raw_outer_scope_info_or_feedback_metadata-->
 *                                                ScopeInfo of the scope it is declared in
 *   SFI      --script_or_debug_info-->           Script (named by its file name)
 *   ScopeInfo --<n> (hidden)-->                  variable names, function name, outer ScopeInfo
 * Locations (the file's `locations`) exist for closures, 0-based; shown
 * 1-based as file:line:column.
 *
 * Every lookup walks the retainer CSR of one node (the reverse index built
 * once by analysis), never the whole graph: O(retainers of the Context,
 * its ScopeInfo and the SFIs involved).
 */
#ifndef HEAPTUI_CONTEXT_H
#define HEAPTUI_CONTEXT_H

#include <stddef.h>

#include "heaptui/snapshot.h"
#include "heaptui/text.h"

/* What is known about one Context. Arrays owned; release with context_desc_release. */
struct context_desc {
	node_ix context;          /* the system / Context node */
	node_ix scope_info;       /* its ScopeInfo, NODE_NONE if the file has none */
	node_ix function;         /* SharedFunctionInfo whose scope it is, NODE_NONE if unknown */
	int block;                /* 1: a block scope inside `function`, not its own scope */
	int top_level;            /* no function known and `previous` is the NativeContext */
	node_ix script;           /* Script of `function`, else of the first closure; or NODE_NONE */
	node_ix *closures;        /* live closures whose context edge points here, CSR order */
	size_t nclosures;
	node_ix *declared;        /* SFIs declared in this scope, CSR order */
	size_t ndeclared;
	edge_ix *variables;       /* the Context's context-type edges: captured variables */
	size_t nvariables;
};

/* DevTools' isContextObject: "system / Context" or "system / Context / …". */
int context_is_context(const struct snapshot *s, node_ix n);

/* Fill d for Context `ctx`; -1 (d zeroed) when ctx is not a Context. */
int context_describe(const struct snapshot *s, node_ix ctx, struct context_desc *d);
void context_desc_release(struct context_desc *d);

/*
 * The SharedFunctionInfo of a closure (its `shared` edge), or NODE_NONE.
 */
node_ix context_closure_shared(const struct snapshot *s, node_ix closure);

/*
 * Where function `fn` (a closure or a SharedFunctionInfo) is: "leak.js:19:26"
 * (script base name - Node's own "node:…" scripts keep their whole name -,
 * 1-based line and column) from the closure's location,
 * or from a live closure of the SFI (one in Context `prefer` first when not
 * NODE_NONE); just "leak.js" when no closure has a location; nothing when
 * the script is unknown. Appended to sb, not sanitized.
 */
void context_location(const struct snapshot *s, node_ix fn, node_ix prefer, struct strbuf *sb);

/*
 * One line for people, e.g.
 *   originalThing in system / Context @78347 — scope of replaceThing()
 *   (leak.js:12:29); held by someMethod() @78435 (leak.js:19:26); declared
 *   in the same scope: unused() (leak.js:14:25)
 * `via` is the edge a path takes out of the Context (its variable name is
 * shown for a context edge), or UINT32_MAX. Appended to sb, not sanitized.
 */
void context_explain(const struct snapshot *s, node_ix ctx, edge_ix via, struct strbuf *sb);

/* 1 when the Context belongs to Node.js itself (its script is "node:…"). */
int context_is_node_internal(const struct snapshot *s, const struct context_desc *d);

/* For a closure: "someMethod() (leak.js:19:26) in the scope of replaceThing()". */
void context_explain_closure(const struct snapshot *s, node_ix closure, struct strbuf *sb);

#endif
