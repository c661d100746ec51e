/* test_router.c — pattern matching, 404 vs 405, and the route table's own
 * consistency (every route declares who may call it and a capability). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http/router.h"

static void patterns_bind_parameters(void **state)
{
	(void)state;
	arena *a = arena_new();
	kv_list p = {0};
	assert_true(router_pattern_match("/health/results/:id", "/health/results/42", a, &p));
	assert_string_equal(kv_get(&p, "id"), "42");
	assert_false(router_pattern_match("/health/results/:id", "/health/results/", a, NULL));
	assert_false(router_pattern_match("/health/results/:id", "/health/results/42/x", a, NULL));
	assert_false(router_pattern_match("/", "//", a, NULL));
	assert_true(router_pattern_match("/a/:x/b/:y", "/a/1/b/2", a, &p));
	assert_string_equal(kv_get(&p, "y"), "2");
	arena_free(a);
}

static void match_tells_404_from_405(void **state)
{
	(void)state;
	arena *a = arena_new();
	kv_list p = {0};
	const route *r;
	char allow[64];
	assert_int_equal(router_match("GET", "/", a, &p, &r, allow, sizeof allow), MATCH_FOUND);
	assert_int_equal(router_match("HEAD", "/", a, &p, &r, allow, sizeof allow), MATCH_FOUND);
	assert_int_equal(router_match("DELETE", "/", a, &p, &r, allow, sizeof allow), MATCH_WRONG_METHOD);
	assert_string_equal(allow, "GET, HEAD");
	assert_int_equal(router_match("GET", "/no/such/page", a, &p, &r, allow, sizeof allow), MATCH_NO_PATH);
	assert_int_equal(router_match("GET", "/static/helsami.css", a, &p, &r, allow, sizeof allow), MATCH_FOUND);
	assert_string_equal(kv_get(&p, "name"), "helsami.css");
	arena_free(a);
}

static void every_route_is_declared_fully(void **state)
{
	(void)state;
	for (size_t i = 0; i < routes_count; i++) {
		const route *r = &routes[i];
		assert_non_null(r->handler);
		assert_true(r->who != 0);
		assert_true(strcmp(r->method, "GET") == 0 || strcmp(r->method, "POST") == 0);
		assert_true(r->pattern[0] == '/');
		assert_non_null(authz_info(r->cap));
		/* A GET changes nothing, so it takes no body; a POST must allow one. */
		if (strcmp(r->method, "GET") == 0)
			assert_int_equal(r->body_limit, 0);
		else
			assert_true(r->body_limit > 0);
		/* Anonymous routes serve only public capabilities. */
		if (r->who & WHO_ANONYMOUS)
			assert_int_equal(r->cap, CAP_PUBLIC);
		for (size_t j = 0; j < i; j++)
			assert_false(strcmp(routes[j].pattern, r->pattern) == 0 && strcmp(routes[j].method, r->method) == 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(patterns_bind_parameters),
	    cmocka_unit_test(match_tells_404_from_405),
	    cmocka_unit_test(every_route_is_declared_fully),
	};
	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
