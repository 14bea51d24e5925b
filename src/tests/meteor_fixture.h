/*
 * meteor_fixture.h - the Meteor closure leak as V8 20 writes it (shapes
 * checked on testdata/meteor/Snapshot4): a Timeout calls replaceThing(),
 * whose module Context holds theThing; each theThing's someMethod closure
 * shares replaceThing's Context, where `unused` captured originalThing.
 * Line/column are 0-based as in the file.
 */
#ifndef HEAPTUI_TESTS_METEOR_FIXTURE_H
#define HEAPTUI_TESTS_METEOR_FIXTURE_H

#include "paths_fixture.h"

struct meteor {
	node_ix root, global, timeout, replace, module_ctx, thing, some, ctx, old_thing, str;
	node_ix si, sfi_replace, sfi_some, sfi_unused, script, unused_closure, ctx2;
};

static inline void meteor_build(struct graph *g, struct meteor *m)
{
	g_init(g);
	m->root = g_node(g, NODE_SYNTHETIC, "", 1, 0);
	m->global = g_node(g, NODE_OBJECT, "global", 6047, 40);
	m->timeout = g_node(g, NODE_OBJECT, "Timeout", 6169, 176);
	m->replace = g_node(g, NODE_CLOSURE, "replaceThing", 6165, 64);
	m->module_ctx = g_node(g, NODE_OBJECT, "system / Context", 6159, 88);
	m->thing = g_node(g, NODE_OBJECT, "Object", 78625, 40);
	m->some = g_node(g, NODE_CLOSURE, "someMethod", 78435, 64);
	m->ctx = g_node(g, NODE_OBJECT, "system / Context", 78347, 40);
	m->old_thing = g_node(g, NODE_OBJECT, "Object", 77457, 40);
	m->str = g_node(g, NODE_STRING, "*****", 78299, 32);
	m->si = g_node(g, NODE_CODE, "system / ScopeInfo", 72837, 96);
	m->sfi_replace = g_node(g, NODE_CODE, "replaceThing", 72829, 56);
	m->sfi_some = g_node(g, NODE_CODE, "someMethod", 72833, 56);
	m->sfi_unused = g_node(g, NODE_CODE, "unused", 72831, 56);
	m->script = g_node(g, NODE_CODE, "/srv/app/leak.js", 31525, 144);
	m->unused_closure = g_node(g, NODE_CLOSURE, "unused", 78581, 64);
	m->ctx2 = g_node(g, NODE_OBJECT, "system / Context", 78583, 40);

	g_elem(g, m->root, EDGE_ELEMENT, 1, m->global);
	g_edge(g, m->global, EDGE_PROPERTY, "process", m->timeout); /* a builtin name */
	g_edge(g, m->timeout, EDGE_PROPERTY, "_onTimeout", m->replace);
	g_edge(g, m->replace, EDGE_INTERNAL, "shared", m->sfi_replace);
	g_edge(g, m->replace, EDGE_INTERNAL, "context", m->module_ctx);
	g_edge(g, m->module_ctx, EDGE_CONTEXT, "theThing", m->thing);
	g_edge(g, m->thing, EDGE_PROPERTY, "longStr", m->str);
	g_edge(g, m->thing, EDGE_PROPERTY, "someMethod", m->some);
	g_edge(g, m->some, EDGE_INTERNAL, "shared", m->sfi_some);
	g_edge(g, m->some, EDGE_INTERNAL, "context", m->ctx);
	g_edge(g, m->ctx, EDGE_CONTEXT, "originalThing", m->old_thing);
	g_edge(g, m->ctx, EDGE_INTERNAL, "scope_info", m->si);
	g_edge(g, m->ctx, EDGE_INTERNAL, "previous", m->module_ctx);
	g_edge(g, m->old_thing, EDGE_PROPERTY, "longStr", m->str);
	g_edge(g, m->sfi_replace, EDGE_INTERNAL, "name_or_scope_info", m->si);
	g_edge(g, m->sfi_replace, EDGE_INTERNAL, "script_or_debug_info", m->script);
	g_edge(g, m->sfi_some, EDGE_INTERNAL, "script_or_debug_info", m->script);
	g_edge(g, m->sfi_some, EDGE_INTERNAL, "raw_outer_scope_info_or_feedback_metadata", m->si);
	g_edge(g, m->sfi_unused, EDGE_INTERNAL, "script_or_debug_info", m->script);
	g_edge(g, m->sfi_unused, EDGE_INTERNAL, "raw_outer_scope_info_or_feedback_metadata", m->si);
	/* the latest call's Context, with a live `unused` closure */
	g_edge(g, m->unused_closure, EDGE_INTERNAL, "shared", m->sfi_unused);
	g_edge(g, m->unused_closure, EDGE_INTERNAL, "context", m->ctx2);
	g_edge(g, m->ctx2, EDGE_INTERNAL, "scope_info", m->si);
	g_finish(g);
	g_locate(g, m->replace, 81, 11, 28);
	g_locate(g, m->some, 81, 18, 25);
	g_locate(g, m->unused_closure, 81, 13, 24);
}

#endif
