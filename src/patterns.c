/*
 * patterns.c - name the leak: global variables, timers and listeners,
 * closure Contexts, detached DOM (the rules are in patterns.h).
 */
#include "heaptui/patterns.h"

#include <stdlib.h>
#include <string.h>

#include "heaptui/classes.h"
#include "heaptui/context.h"
#include "heaptui/text.h"
#include "heaptui/util.h"

/*
 * Globals every page or process has, so a path through them is not "a
 * global variable of yours". ECMAScript, then Node.js, then browsers.
 * Searched linearly: a path has few global rows.
 */
static const char *const builtin_globals[] = {
	/* ECMAScript */
	"globalThis", "Infinity", "NaN", "undefined", "eval", "isFinite", "isNaN",
	"parseFloat", "parseInt", "decodeURI", "decodeURIComponent", "encodeURI",
	"encodeURIComponent", "escape", "unescape", "AggregateError", "Array",
	"ArrayBuffer", "Atomics", "BigInt", "BigInt64Array", "BigUint64Array", "Boolean",
	"DataView", "Date", "Error", "EvalError", "FinalizationRegistry", "Float16Array",
	"Float32Array", "Float64Array", "Function", "Int8Array", "Int16Array", "Int32Array",
	"Intl", "Iterator", "JSON", "Map", "Math", "Number", "Object", "Promise", "Proxy",
	"RangeError", "ReferenceError", "Reflect", "RegExp", "Set", "SharedArrayBuffer",
	"String", "Symbol", "SyntaxError", "TypeError", "Uint8Array", "Uint8ClampedArray",
	"Uint16Array", "Uint32Array", "URIError", "WeakMap", "WeakRef", "WeakSet",
	"WebAssembly", "console", "constructor", "__proto__", "Temporal", "DisposableStack",
	"AsyncDisposableStack", "SuppressedError",
	/* Node.js */
	"global", "process", "Buffer", "queueMicrotask", "clearImmediate", "setImmediate",
	"clearInterval", "clearTimeout", "setInterval", "setTimeout", "structuredClone",
	"atob", "btoa", "performance", "fetch", "crypto", "navigator", "require", "module",
	"exports", "__filename", "__dirname", "URL", "URLSearchParams", "TextEncoder",
	"TextDecoder", "TextEncoderStream", "TextDecoderStream", "AbortController",
	"AbortSignal", "EventTarget", "Event", "CustomEvent", "MessageChannel", "MessagePort",
	"MessageEvent", "Blob", "File", "BroadcastChannel", "DOMException", "Headers",
	"Request", "Response", "FormData", "WebSocket", "EventSource", "Performance",
	"PerformanceEntry", "PerformanceMark", "PerformanceMeasure", "PerformanceObserver",
	"PerformanceObserverEntryList", "PerformanceResourceTiming", "ReadableStream",
	"ReadableStreamDefaultReader", "ReadableStreamBYOBReader", "ReadableStreamBYOBRequest",
	"ReadableByteStreamController", "ReadableStreamDefaultController", "TransformStream",
	"TransformStreamDefaultController", "WritableStream", "WritableStreamDefaultWriter",
	"WritableStreamDefaultController", "ByteLengthQueuingStrategy",
	"CountQueuingStrategy", "CompressionStream", "DecompressionStream", "Crypto",
	"CryptoKey", "SubtleCrypto", "Navigator", "localStorage", "sessionStorage",
	"Storage", "CloseEvent", "WebSocketStream",
};

/* Browser globals: only for files not written by Node.js ("name" is a user's there). */
static const char *const browser_globals[] = {
	"window", "self", "document", "location", "history", "screen", "frames", "parent",
	"top", "opener", "name", "status", "closed", "length", "origin", "external",
	"customElements", "visualViewport", "indexedDB", "caches", "chrome", "alert",
	"confirm", "prompt", "print", "open", "close", "stop", "focus", "blur", "postMessage",
	"requestAnimationFrame", "cancelAnimationFrame", "requestIdleCallback",
	"cancelIdleCallback", "getComputedStyle", "matchMedia", "scroll", "scrollTo",
	"scrollBy", "getSelection", "addEventListener", "removeEventListener",
	"dispatchEvent", "innerWidth", "innerHeight", "outerWidth", "outerHeight",
	"devicePixelRatio", "scrollX", "scrollY", "pageXOffset", "pageYOffset",
	"isSecureContext", "crossOriginIsolated", "trustedTypes", "speechSynthesis",
	"onerror", "onload", "onunload", "onmessage", "onbeforeunload", "Window",
	"Document", "Node", "Element", "HTMLElement", "XMLHttpRequest", "Image", "Audio",
	"Option", "Worker", "SharedWorker", "Notification", "IntersectionObserver",
	"MutationObserver", "ResizeObserver",
};

static int listed(const char *const *list, size_t n, const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && !memcmp(list[i], name, len))
			return 1;
	return 0;
}

static int builtin_for(enum snapshot_producer producer, const char *name, size_t len)
{
	static const char sym[] = "<symbol ";
	if (len >= sizeof(sym) - 1 && !memcmp(name, sym, sizeof(sym) - 1))
		return 1;
	if (listed(builtin_globals, ARRAY_SIZE(builtin_globals), name, len))
		return 1;
	return producer != PRODUCER_NODE &&
	       listed(browser_globals, ARRAY_SIZE(browser_globals), name, len);
}

int patterns_is_builtin_global(const char *name, size_t len)
{
	return builtin_for(PRODUCER_UNKNOWN, name, len);
}

const char *pattern_name(enum pattern_kind k)
{
	static const char *const names[] = {"global", "timer", "closure", "detached"};
	return (unsigned)k < PATTERN_KIND_COUNT ? names[k] : "?";
}

void patterns_release(struct pattern_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i].text);
	free(l->items);
	l->items = NULL;
	l->count = l->alloc = 0;
}

static int str_is(const struct snapshot *s, str_ix i, const char *lit)
{
	size_t len;
	const char *p = snapshot_str(s, i, &len);
	return len == strlen(lit) && !memcmp(p, lit, len);
}

static int str_starts(const char *p, size_t len, const char *lit)
{
	size_t n = strlen(lit);
	return len >= n && !memcmp(p, lit, n);
}

static int edge_named(const struct snapshot *s, edge_ix e, const char *lit)
{
	return !edge_type_has_index(s->edge_type[e]) && str_is(s, s->edge_name[e], lit);
}

/* The node's class name when analyzed, else its raw name. */
static const char *class_of(const struct snapshot *s, node_ix n, size_t *len)
{
	if (s->node_class && s->classes.names) {
		const char *c = snapshot_class_name(s, s->node_class[n]);
		*len = strlen(c);
		return c;
	}
	return snapshot_str(s, s->node_name[n], len);
}

/* "Timeout @6169", "replaceThing() @6165", "{a, b} @1". */
static void add_node(const struct snapshot *s, node_ix n, struct strbuf *sb)
{
	if (s->node_type[n] == NODE_CLOSURE) {
		size_t len;
		const char *p = snapshot_str(s, s->node_name[n], &len);
		if (len)
			strbuf_add(sb, p, len);
		else
			strbuf_addstr(sb, "(anonymous)");
		strbuf_addstr(sb, "()");
	} else if (s->node_type[n] == NODE_OBJECT || s->node_type[n] == NODE_NATIVE) {
		size_t len;
		const char *p = class_of(s, n, &len);
		strbuf_add(sb, p, len);
	} else {
		classes_node_name(s, n, sb);
	}
	strbuf_addf(sb, " @%u", s->node_id[n]);
}

static int is_detached(const struct snapshot *s, node_ix n)
{
	size_t len;
	const char *p = class_of(s, n, &len);
	if (str_starts(p, len, "Detached "))
		return 1;
	p = snapshot_str(s, s->node_name[n], &len);
	return str_starts(p, len, "Detached ");
}

static int is_global_object(const struct snapshot *s, node_ix n)
{
	if (s->node_type[n] != NODE_OBJECT)
		return 0;
	node_ix root = s->root;
	for (edge_ix e = s->first_edge[root]; e < s->first_edge[root + 1]; e++)
		if (s->edge_to[e] == n)
			return 1;
	size_t len;
	const char *p = snapshot_str(s, s->node_name[n], &len);
	return (len == 6 && !memcmp(p, "global", 6)) || str_starts(p, len, "Window");
}

/* A function defined by Node.js itself (its script is "node:…"). */
static int is_node_internal_function(const struct snapshot *s, node_ix n)
{
	if (s->node_type[n] != NODE_CLOSURE)
		return 0;
	node_ix sfi = context_closure_shared(s, n);
	if (sfi == NODE_NONE)
		return 0;
	for (edge_ix e = s->first_edge[sfi]; e < s->first_edge[sfi + 1]; e++) {
		if (!edge_named(s, e, "script_or_debug_info"))
			continue;
		size_t len;
		const char *p = snapshot_str(s, s->node_name[s->edge_to[e]], &len);
		return str_starts(p, len, "node:");
	}
	return 0;
}

static struct pattern_verdict *add_verdict(struct pattern_list *l, enum pattern_kind k,
					   const struct retainer *path, size_t row,
					   struct strbuf *text)
{
	if (l->count == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 8;
		l->items = xreallocarray(l->items, l->alloc, sizeof(*l->items));
	}
	struct pattern_verdict *v = &l->items[l->count++];
	v->kind = k;
	v->row = row;
	v->edge = path[row].edge;
	v->node = path[row].node;
	v->repeats = 1;
	v->text = xstrdup(text->buf ? text->buf : "");
	strbuf_reset(text);
	return v;
}

/* The ScopeInfo of a Context (for "same variable of the same scope"). */
static node_ix scope_of(const struct snapshot *s, node_ix ctx)
{
	for (edge_ix e = s->first_edge[ctx]; e < s->first_edge[ctx + 1]; e++)
		if (s->edge_type[e] == EDGE_INTERNAL && edge_named(s, e, "scope_info"))
			return s->edge_to[e];
	return NODE_NONE;
}

/* A Context of Node.js's own code: not the application's leak. */
static int context_in_node(const struct snapshot *s, node_ix ctx)
{
	struct context_desc d;
	int internal = context_describe(s, ctx, &d) == 0 && context_is_node_internal(s, &d);
	context_desc_release(&d);
	return internal;
}

void patterns_classify(const struct snapshot *s, node_ix target, const struct retainer *path,
		       size_t n, struct pattern_list *out)
{
	struct strbuf sb = STRBUF_INIT;
	int detached_done = 0;
	size_t detached_row = SIZE_MAX;

	for (size_t i = 0; i < out->count; i++)
		free(out->items[i].text);
	out->count = 0;

	/* detached DOM: the first non-DOM retainer above a detached node */
	for (size_t i = 0; i < n && !detached_done; i++) {
		node_ix child = i ? path[i - 1].node : target;
		node_ix holder = path[i].node;
		if (is_detached(s, child) && !is_detached(s, holder) &&
		    s->node_type[holder] != NODE_NATIVE) {
			detached_row = i;
			detached_done = 1;
		}
	}

	for (size_t r = n; r-- > 0;) {
		const struct retainer *row = &path[r];
		node_ix child = r ? path[r - 1].node : target;
		edge_ix e = row->edge;
		uint8_t et = s->edge_type[e];
		size_t len;
		const char *ename = edge_type_has_index(et) ? "" : snapshot_str(s, s->edge_name[e],
										 &len);
		if (edge_type_has_index(et))
			len = 0;

		if ((et == EDGE_PROPERTY || et == EDGE_SHORTCUT) && is_global_object(s, row->node) &&
		    !builtin_for(s->producer, ename, len) && !is_node_internal_function(s, child)) {
			strbuf_addstr(&sb, "global variable ");
			strbuf_add(&sb, ename, len);
			strbuf_addstr(&sb, " on ");
			add_node(s, row->node, &sb);
			strbuf_addstr(&sb, " holds ");
			add_node(s, child, &sb);
			add_verdict(out, PATTERN_GLOBAL, path, r, &sb);
		}

		size_t hl;
		const char *hname = snapshot_str(s, s->node_name[row->node], &hl);
		if (et == EDGE_PROPERTY && (edge_named(s, e, "_onTimeout") ||
					    edge_named(s, e, "_onImmediate"))) {
			int immediate = edge_named(s, e, "_onImmediate");
			strbuf_addstr(&sb, immediate ? "immediate callback: " : "timer callback: ");
			add_node(s, row->node, &sb);
			strbuf_addstr(&sb, immediate ? " (setImmediate) calls "
						     : " (setTimeout/setInterval) calls ");
			add_node(s, child, &sb);
			strbuf_addstr(&sb, " via ");
			strbuf_add(&sb, ename, len);
			add_verdict(out, PATTERN_TIMER, path, r, &sb);
		} else if ((hl == 10 && !memcmp(hname, "TimersList", 10)) ||
			   (hl == 13 && !memcmp(hname, "ImmediateList", 13))) {
			/* only when the Timeout row itself is not on the path */
			int has_timeout = 0;
			for (size_t k = 0; k < r && !has_timeout; k++)
				has_timeout = edge_named(s, path[k].edge, "_onTimeout") ||
					      edge_named(s, path[k].edge, "_onImmediate");
			if (!has_timeout) {
				strbuf_addstr(&sb, "pending timer list ");
				add_node(s, row->node, &sb);
				strbuf_addstr(&sb, " holds ");
				add_node(s, child, &sb);
				add_verdict(out, PATTERN_TIMER, path, r, &sb);
			}
		} else if (et == EDGE_PROPERTY && edge_named(s, e, "_events")) {
			strbuf_addstr(&sb, "event listener: ");
			add_node(s, row->node, &sb);
			strbuf_addstr(&sb, " keeps its listeners in _events");
			if (r >= 1 && !edge_type_has_index(s->edge_type[path[r - 1].edge])) {
				size_t l2;
				const char *ev = snapshot_str(s, s->edge_name[path[r - 1].edge], &l2);
				strbuf_addstr(&sb, ", event '");
				strbuf_add(&sb, ev, l2);
				strbuf_addch(&sb, '\'');
			}
			add_verdict(out, PATTERN_TIMER, path, r, &sb);
		} else if (memmem(hname, hl, "EventListener", 13)) {
			strbuf_addstr(&sb, "DOM event listener ");
			add_node(s, row->node, &sb);
			strbuf_addstr(&sb, " holds ");
			add_node(s, child, &sb);
			add_verdict(out, PATTERN_TIMER, path, r, &sb);
		}

		if (et == EDGE_CONTEXT && context_is_context(s, row->node) &&
		    !context_in_node(s, row->node)) {
			node_ix scope = scope_of(s, row->node);
			struct pattern_verdict *prev = NULL;
			for (size_t k = 0; k < out->count && !prev; k++) {
				struct pattern_verdict *v = &out->items[k];
				if (v->kind == PATTERN_CLOSURE && s->edge_name[v->edge] == s->edge_name[e] &&
				    scope != NODE_NONE && scope_of(s, v->node) == scope)
					prev = v;
			}
			if (prev) {
				prev->repeats++;
			} else {
				strbuf_addstr(&sb, "closure variable ");
				context_explain(s, row->node, e, &sb);
				add_verdict(out, PATTERN_CLOSURE, path, r, &sb);
			}
		}

		if (r == detached_row) {
			strbuf_addstr(&sb, "detached DOM: ");
			add_node(s, child, &sb);
			strbuf_addstr(&sb, " is held by ");
			add_node(s, row->node, &sb);
			strbuf_addstr(&sb, " via ");
			paths_edge_string(s, e, &sb);
			add_verdict(out, PATTERN_DETACHED, path, r, &sb);
		}
	}
	/* say how often a Context chain repeats the same variable */
	for (size_t k = 0; k < out->count; k++) {
		struct pattern_verdict *v = &out->items[k];
		if (v->kind != PATTERN_CLOSURE || v->repeats < 2)
			continue;
		char *t = xasprintf("%s; repeated %zu times along the path (a chain of Contexts, "
				    "one per call)", v->text, v->repeats);
		free(v->text);
		v->text = t;
	}
	strbuf_release(&sb);
}
