/*
 * context.c - closure Contexts explained (see context.h for the V8 shapes).
 */
#include "heaptui/context.h"

#include <stdlib.h>
#include <string.h>

#include "heaptui/paths.h"
#include "heaptui/util.h"

/* How many holders / declared functions one line names before "+N more". */
#define CONTEXT_LIST_MAX 4
/* Outer ScopeInfo links followed to find the function of a block scope. */
#define CONTEXT_OUTER_MAX 64

static int str_is(const struct snapshot *s, str_ix i, const char *lit)
{
	size_t len;
	const char *p = snapshot_str(s, i, &len);
	return len == strlen(lit) && !memcmp(p, lit, len);
}

static int edge_is(const struct snapshot *s, edge_ix e, uint8_t type, const char *name)
{
	return s->edge_type[e] == type && !edge_type_has_index(type) &&
	       str_is(s, s->edge_name[e], name);
}

static int is_scope_info(const struct snapshot *s, node_ix n)
{
	return str_is(s, s->node_name[n], "system / ScopeInfo");
}

int context_is_context(const struct snapshot *s, node_ix n)
{
	size_t len;
	const char *p = snapshot_str(s, s->node_name[n], &len);
	static const char ctx[] = "system / Context";
	static const char sub[] = "system / Context / ";
	return (len == sizeof(ctx) - 1 && !memcmp(p, ctx, len)) ||
	       (len >= sizeof(sub) - 1 && !memcmp(p, sub, sizeof(sub) - 1));
}

/* The target of n's first internal edge named `name`, or NODE_NONE. */
static node_ix internal_target(const struct snapshot *s, node_ix n, const char *name)
{
	for (edge_ix e = s->first_edge[n]; e < s->first_edge[n + 1]; e++)
		if (edge_is(s, e, EDGE_INTERNAL, name))
			return s->edge_to[e];
	return NODE_NONE;
}

node_ix context_closure_shared(const struct snapshot *s, node_ix closure)
{
	return internal_target(s, closure, "shared");
}

static void push(node_ix **arr, size_t *n, size_t *alloc, node_ix v)
{
	if (*n == *alloc) {
		*alloc = *alloc ? 2 * *alloc : 8;
		*arr = xreallocarray(*arr, *alloc, sizeof(**arr));
	}
	(*arr)[(*n)++] = v;
}

/* The SFI whose own scope is ScopeInfo `si` (name_or_scope_info), or NODE_NONE. */
static node_ix scope_owner(const struct snapshot *s, node_ix si)
{
	struct retainer_iter it;
	for (retainer_iter_init(&it, s, si, 0); retainer_iter_next(&it);)
		if (edge_is(s, it.edge, EDGE_INTERNAL, "name_or_scope_info"))
			return it.node;
	return NODE_NONE;
}

/* The outer ScopeInfo of `si` (an edge to another ScopeInfo), or NODE_NONE. */
static node_ix scope_outer(const struct snapshot *s, node_ix si)
{
	for (edge_ix e = s->first_edge[si]; e < s->first_edge[si + 1]; e++) {
		uint8_t t = s->edge_type[e];
		node_ix to = s->edge_to[e];
		if ((t == EDGE_HIDDEN || t == EDGE_INTERNAL) && to != si && is_scope_info(s, to))
			return to;
	}
	return NODE_NONE;
}

/* The script of an SFI: its script_or_debug_info (through DebugInfo's script). */
static node_ix sfi_script(const struct snapshot *s, node_ix sfi)
{
	node_ix script = internal_target(s, sfi, "script_or_debug_info");
	if (script != NODE_NONE && str_is(s, s->node_name[script], "system / DebugInfo"))
		script = internal_target(s, script, "script");
	if (script == NODE_NONE)
		script = internal_target(s, sfi, "script");
	return script;
}

int context_describe(const struct snapshot *s, node_ix ctx, struct context_desc *d)
{
	size_t alloc_c = 0, alloc_d = 0, alloc_v = 0;

	memset(d, 0, sizeof(*d));
	d->context = ctx;
	d->scope_info = d->function = d->script = NODE_NONE;
	if (!context_is_context(s, ctx))
		return -1;
	for (edge_ix e = s->first_edge[ctx]; e < s->first_edge[ctx + 1]; e++)
		if (s->edge_type[e] == EDGE_CONTEXT)
			push(&d->variables, &d->nvariables, &alloc_v, e);
	struct retainer_iter it;
	for (retainer_iter_init(&it, s, ctx, 0); retainer_iter_next(&it);)
		if (s->node_type[it.node] == NODE_CLOSURE &&
		    edge_is(s, it.edge, EDGE_INTERNAL, "context"))
			push(&d->closures, &d->nclosures, &alloc_c, it.node);
	d->scope_info = internal_target(s, ctx, "scope_info");
	node_ix si = d->scope_info;
	if (si != NODE_NONE)
		for (retainer_iter_init(&it, s, si, 0); retainer_iter_next(&it);)
			if (edge_is(s, it.edge, EDGE_INTERNAL,
				    "raw_outer_scope_info_or_feedback_metadata"))
				push(&d->declared, &d->ndeclared, &alloc_d, it.node);
	/* a block scope has no SFI of its own: find the enclosing function's */
	for (int depth = 0; si != NODE_NONE && depth < CONTEXT_OUTER_MAX; depth++) {
		d->function = scope_owner(s, si);
		if (d->function != NODE_NONE)
			break;
		d->block = 1;
		si = scope_outer(s, si);
	}
	if (d->function == NODE_NONE) {
		d->block = 0;
		node_ix prev = internal_target(s, ctx, "previous");
		d->top_level = prev != NODE_NONE &&
			       str_is(s, s->node_name[prev], "system / NativeContext");
	}
	if (d->function != NODE_NONE)
		d->script = sfi_script(s, d->function);
	for (size_t i = 0; i < d->nclosures && d->script == NODE_NONE; i++) {
		node_ix sfi = context_closure_shared(s, d->closures[i]);
		if (sfi != NODE_NONE)
			d->script = sfi_script(s, sfi);
	}
	return 0;
}

int context_is_node_internal(const struct snapshot *s, const struct context_desc *d)
{
	if (d->script == NODE_NONE)
		return 0;
	size_t len;
	const char *p = snapshot_str(s, s->node_name[d->script], &len);
	return len >= 5 && !memcmp(p, "node:", 5);
}

void context_desc_release(struct context_desc *d)
{
	free(d->closures);
	free(d->declared);
	free(d->variables);
	memset(d, 0, sizeof(*d));
	d->context = d->scope_info = d->function = NODE_NONE;
}

static void add_basename(const struct snapshot *s, node_ix script, struct strbuf *sb)
{
	size_t len;
	const char *p = snapshot_str(s, s->node_name[script], &len);
	size_t start = 0;
	/* Node's own modules keep their whole name: "node:internal/timers" */
	int node_internal = len >= 5 && !memcmp(p, "node:", 5);
	for (size_t i = 0; i < len && !node_internal; i++)
		if (p[i] == '/' || p[i] == '\\')
			start = i + 1;
	strbuf_add(sb, p + start, len - start);
}

/* A live closure of SFI `sfi`, preferring one whose context is `prefer`. */
static node_ix sfi_closure(const struct snapshot *s, node_ix sfi, node_ix prefer)
{
	node_ix any = NODE_NONE;
	struct retainer_iter it;
	for (retainer_iter_init(&it, s, sfi, 0); retainer_iter_next(&it);) {
		node_ix c = it.node;
		if (s->node_type[c] != NODE_CLOSURE || !edge_is(s, it.edge, EDGE_INTERNAL, "shared"))
			continue;
		int located = snapshot_node_location(s, c) != UINT32_MAX;
		if (prefer != NODE_NONE && internal_target(s, c, "context") == prefer && located)
			return c;
		if (any == NODE_NONE || (located && snapshot_node_location(s, any) == UINT32_MAX))
			any = c;
	}
	return any;
}

void context_location(const struct snapshot *s, node_ix fn, node_ix prefer, struct strbuf *sb)
{
	node_ix closure = NODE_NONE, sfi = fn;
	if (s->node_type[fn] == NODE_CLOSURE) {
		closure = fn;
		sfi = context_closure_shared(s, fn);
	} else {
		closure = sfi_closure(s, fn, prefer);
	}
	node_ix script = sfi != NODE_NONE ? sfi_script(s, sfi) : NODE_NONE;
	uint32_t loc = closure != NODE_NONE ? snapshot_node_location(s, closure) : UINT32_MAX;
	if (script == NODE_NONE && loc == UINT32_MAX)
		return;
	if (script != NODE_NONE)
		add_basename(s, script, sb);
	else
		strbuf_addf(sb, "script %u", s->loc_script[loc]);
	if (loc != UINT32_MAX && loc < s->location_count)
		strbuf_addf(sb, ":%u:%u", s->loc_line[loc] + 1, s->loc_column[loc] + 1);
}

/* "name()" for a closure or SFI, "(anonymous)()" when it has no name. */
static void add_function_name(const struct snapshot *s, node_ix fn, struct strbuf *sb)
{
	static const char sfi[] = "system / SharedFunctionInfo / "; /* Chrome's SFI names */
	size_t len;
	const char *p = snapshot_str(s, s->node_name[fn], &len);
	if (len >= sizeof(sfi) - 1 && !memcmp(p, sfi, sizeof(sfi) - 1)) {
		p += sizeof(sfi) - 1;
		len -= sizeof(sfi) - 1;
	}
	if (len)
		strbuf_add(sb, p, len);
	else
		strbuf_addstr(sb, "(anonymous)");
	strbuf_addstr(sb, "()");
}

/* "name() (file:line:col)" */
static void add_function(const struct snapshot *s, node_ix fn, node_ix prefer, int with_id,
			 struct strbuf *sb)
{
	add_function_name(s, fn, sb);
	if (with_id)
		strbuf_addf(sb, " @%u", s->node_id[fn]);
	struct strbuf loc = STRBUF_INIT;
	context_location(s, fn, prefer, &loc);
	if (loc.len) {
		strbuf_addstr(sb, " (");
		strbuf_add(sb, loc.buf, loc.len);
		strbuf_addch(sb, ')');
	}
	strbuf_release(&loc);
}

void context_explain(const struct snapshot *s, node_ix ctx, edge_ix via, struct strbuf *sb)
{
	struct context_desc d;
	size_t len;
	const char *p;

	if (via != UINT32_MAX && via < s->edge_count && s->edge_type[via] == EDGE_CONTEXT) {
		paths_edge_name(s, via, sb);
		strbuf_addstr(sb, " in ");
	}
	p = snapshot_str(s, s->node_name[ctx], &len);
	strbuf_add(sb, p, len);
	strbuf_addf(sb, " @%u", s->node_id[ctx]);
	if (context_describe(s, ctx, &d) < 0)
		return;
	if (d.function != NODE_NONE) {
		strbuf_addstr(sb, d.block ? " \xe2\x80\x94 block scope in " : " \xe2\x80\x94 scope of ");
		add_function(s, d.function, NODE_NONE, 0, sb);
	} else if (d.top_level) {
		strbuf_addstr(sb, " \xe2\x80\x94 top-level scope");
		if (d.script != NODE_NONE) {
			strbuf_addstr(sb, " of ");
			add_basename(s, d.script, sb);
		}
	}
	if (d.nclosures) {
		strbuf_addstr(sb, "; held by ");
		for (size_t i = 0; i < d.nclosures && i < CONTEXT_LIST_MAX; i++) {
			if (i)
				strbuf_addstr(sb, ", ");
			add_function(s, d.closures[i], ctx, 1, sb);
		}
		if (d.nclosures > CONTEXT_LIST_MAX)
			strbuf_addf(sb, " and %zu more", d.nclosures - CONTEXT_LIST_MAX);
	} else {
		strbuf_addstr(sb, "; no live closure uses it");
	}
	/* the functions of the scope not already named as holders */
	size_t shown = 0, more = 0;
	for (size_t i = 0; i < d.ndeclared; i++) {
		node_ix sfi = d.declared[i];
		int holder = 0;
		for (size_t j = 0; j < d.nclosures && !holder; j++)
			holder = context_closure_shared(s, d.closures[j]) == sfi;
		if (holder)
			continue;
		if (shown == CONTEXT_LIST_MAX) {
			more++;
			continue;
		}
		strbuf_addstr(sb, shown ? ", " : "; declared in the same scope: ");
		add_function(s, sfi, ctx, 0, sb);
		shown++;
	}
	if (more)
		strbuf_addf(sb, " and %zu more", more);
	context_desc_release(&d);
}

void context_explain_closure(const struct snapshot *s, node_ix closure, struct strbuf *sb)
{
	add_function(s, closure, NODE_NONE, 0, sb);
	node_ix ctx = internal_target(s, closure, "context");
	if (ctx == NODE_NONE || !context_is_context(s, ctx))
		return;
	struct context_desc d;
	if (context_describe(s, ctx, &d) < 0)
		return;
	if (d.function != NODE_NONE) {
		strbuf_addstr(sb, d.block ? " in a block scope of " : " in the scope of ");
		add_function_name(s, d.function, sb);
	}
	strbuf_addf(sb, ", context @%u", s->node_id[ctx]);
	context_desc_release(&d);
}
