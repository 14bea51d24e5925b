/* test_context.c - closure Contexts explained on the Meteor leak's shapes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "heaptui/context.h"
#include "meteor_fixture.h"

static void test_describe(void **state)
{
	struct graph g;
	struct meteor m;
	struct context_desc d;
	(void)state;

	meteor_build(&g, &m);
	assert_int_equal(context_describe(&g.s, m.ctx, &d), 0);
	assert_int_equal(d.scope_info, m.si);
	assert_int_equal(d.function, m.sfi_replace);
	assert_false(d.block);
	assert_int_equal(d.nclosures, 1);
	assert_int_equal(d.closures[0], m.some);
	assert_int_equal(d.ndeclared, 2);
	assert_int_equal(d.nvariables, 1);
	assert_int_equal(d.script, m.script);
	assert_false(context_is_node_internal(&g.s, &d));
	context_desc_release(&d);

	assert_int_equal(context_describe(&g.s, m.thing, &d), -1);
	assert_true(context_is_context(&g.s, m.module_ctx));
	assert_false(context_is_context(&g.s, m.si));
	g_release(&g);
}

static void test_explain(void **state)
{
	struct graph g;
	struct meteor m;
	struct strbuf sb = STRBUF_INIT;
	(void)state;

	meteor_build(&g, &m);
	/* the edge a path takes out of the Context names the variable */
	edge_ix via = g.s.first_edge[m.ctx];
	assert_int_equal(g.s.edge_type[via], EDGE_CONTEXT);
	context_explain(&g.s, m.ctx, via, &sb);
	assert_string_equal(sb.buf,
		"originalThing in system / Context @78347 \xe2\x80\x94 scope of replaceThing() "
		"(leak.js:12:29); held by someMethod() @78435 (leak.js:19:26); declared in the "
		"same scope: unused() (leak.js:14:25)");

	/* no via edge, no scope info: the module Context is only "held by" */
	strbuf_reset(&sb);
	context_explain(&g.s, m.module_ctx, UINT32_MAX, &sb);
	assert_string_equal(sb.buf, "system / Context @6159; held by replaceThing() @6165 "
				    "(leak.js:12:29)");

	strbuf_reset(&sb);
	context_explain_closure(&g.s, m.some, &sb);
	assert_string_equal(sb.buf, "someMethod() (leak.js:19:26) in the scope of replaceThing(), "
				    "context @78347");

	strbuf_reset(&sb);
	context_location(&g.s, m.sfi_unused, NODE_NONE, &sb);
	assert_string_equal(sb.buf, "leak.js:14:25");
	strbuf_release(&sb);
	g_release(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_explain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
