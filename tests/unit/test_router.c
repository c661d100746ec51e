/* test_router.c — pattern matching with typed parameters (an id is a
 * positive decimal that fits, or the path matches nothing), 404 vs 405,
 * reverse routing (url_for) and the route table's own consistency (every
 * route declares who may call it and a capability; every handler has one
 * route, so url_for is never ambiguous). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http/router.h"
#include "web/pages.h"

static void patterns_bind_typed_parameters(void **state)
{
	(void)state;
	arena *a = arena_new();
	route_params p;
	assert_true(router_pattern_match("/health/results/:id", "/health/results/42", a, &p));
	assert_int_equal(p.len, 1);
	assert_string_equal(p.items[0].name, "id");
	assert_int_equal(p.items[0].id, 42);
	assert_null(p.items[0].text);
	assert_false(router_pattern_match("/health/results/:id", "/health/results/", a, NULL));
	assert_false(router_pattern_match("/health/results/:id", "/health/results/42/x", a, NULL));
	assert_false(router_pattern_match("/", "//", a, NULL));
	assert_true(router_pattern_match("/a/:x/b/:y", "/a/1/b/9223372036854775807", a, &p));
	assert_int_equal(p.len, 2);
	assert_string_equal(p.items[1].name, "y");
	assert_true(p.items[1].id == INT64_MAX);
	assert_true(router_pattern_match("/static/*name", "/static/helsami.css", a, &p));
	assert_string_equal(p.items[0].name, "name");
	assert_string_equal(p.items[0].text, "helsami.css");
	assert_int_equal(p.items[0].id, 0);
	assert_false(router_pattern_match("/static/*name", "/static/", a, NULL));
	arena_free(a);
}

/* Everything that is not the one spelling of a positive id that fits. */
static void ids_are_strict(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "0",
	    "-1",
	    "+1",
	    "1e3",
	    "007",
	    "01",
	    "9223372036854775808",
	    "9999999999999999999",
	    "18446744073709551616",
	    "1.0",
	    "0x10",
	    " 1",
	    "1 ",
	    "1a",
	    "a1",
	    "١",
	    "12345678901234567890123",
	};
	arena *a = arena_new();
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		const char *path = arena_printf(a, "/health/results/%s", bad[i]);
		assert_false(router_pattern_match("/health/results/:id", path, a, NULL));
	}
	static const char *const good[] = {"1", "7", "10", "9223372036854775807"};
	for (size_t i = 0; i < ARRAY_LEN(good); i++) {
		const char *path = arena_printf(a, "/health/results/%s", good[i]);
		assert_true(router_pattern_match("/health/results/:id", path, a, NULL));
	}
	arena_free(a);
}

static void match_tells_404_from_405(void **state)
{
	(void)state;
	arena *a = arena_new();
	route_params p;
	const route *r;
	char allow[64];
	assert_int_equal(router_match("GET", "/", a, &p, &r, allow, sizeof allow), MATCH_FOUND);
	assert_int_equal(router_match("HEAD", "/", a, &p, &r, allow, sizeof allow), MATCH_FOUND);
	assert_int_equal(router_match("DELETE", "/", a, &p, &r, allow, sizeof allow), MATCH_WRONG_METHOD);
	assert_string_equal(allow, "GET, HEAD");
	assert_int_equal(router_match("GET", "/no/such/page", a, &p, &r, allow, sizeof allow), MATCH_NO_PATH);
	assert_int_equal(router_match("GET", "/static/helsami.css", a, &p, &r, allow, sizeof allow), MATCH_FOUND);
	assert_string_equal(p.items[0].text, "helsami.css");
	assert_int_equal(router_match("GET", "/staff/patients/3/medications", a, &p, &r, allow, sizeof allow),
	                 MATCH_FOUND);
	assert_ptr_equal(r->handler, web_staff_medications);
	assert_int_equal(p.items[0].id, 3);
	/* A malformed id is no path at all: 404 before any handler, for every
	 * method (never 405). */
	assert_int_equal(router_match("GET", "/staff/patients/03/medications", a, &p, &r, allow, sizeof allow),
	                 MATCH_NO_PATH);
	assert_int_equal(router_match("DELETE", "/health/results/x", a, &p, &r, allow, sizeof allow), MATCH_NO_PATH);
	arena_free(a);
}

static void url_for_is_the_table_read_backwards(void **state)
{
	(void)state;
	arena *a = arena_new();
	assert_string_equal(url_for(a, web_staff_medication_stop, 7, 9), "/staff/patients/7/medications/9/stop");
	assert_string_equal(url_for(a, web_result, INT64_MAX), "/health/results/9223372036854775807");
	assert_string_equal(web_path(web_visits), "/visits");
	assert_string_equal(web_path(web_start), "/");
	/* Our bug, logged: the link names no page (0 is never an id). */
	assert_string_equal(url_for(a, web_staff_medication_stop, 7), "/staff/patients/7/medications/0/stop");
	route_params p;
	const route *r;
	char allow[64];
	assert_int_equal(router_match("POST", url_for(a, web_staff_medication_stop, 7), a, &p, &r, allow, sizeof allow),
	                 MATCH_NO_PATH);
	arena_free(a);
}

/* Every route with ids, built by url_for and matched again, is itself with
 * the same ids. */
static void every_route_round_trips(void **state)
{
	(void)state;
	arena *a = arena_new();
	for (size_t i = 0; i < routes_count; i++) {
		const route *r = &routes[i];
		if (strchr(r->pattern, '*') != NULL)
			continue;
		int64_t ids[ROUTE_PARAMS_MAX];
		size_t n = 0;
		for (const char *c = r->pattern; *c; c++)
			if (*c == ':')
				ids[n] = (int64_t)(1000 * (i + 1) + n), n++;
		const char *url = web_url(a, r->handler, ids, n);
		route_params p;
		const route *found;
		char allow[64];
		assert_int_equal(router_match(r->method, url, a, &p, &found, allow, sizeof allow), MATCH_FOUND);
		assert_ptr_equal(found, r);
		assert_int_equal(p.len, n);
		for (size_t k = 0; k < n; k++)
			assert_true(p.items[k].id == ids[k]);
	}
	arena_free(a);
}

/* A pattern's parameters: whole segments, ":name" or "*name" with a name of
 * small letters, unique, no more than ROUTE_PARAMS_MAX. */
static void assert_parameters_well_formed(const char *pattern)
{
	const char *names[ROUTE_PARAMS_MAX];
	size_t lens[ROUTE_PARAMS_MAX], n = 0;
	for (const char *c = pattern; *c; c++) {
		if (*c != ':' && *c != '*')
			continue;
		assert_true(c[-1] == '/');
		const char *name = ++c;
		while (*c >= 'a' && *c <= 'z')
			c++;
		assert_true(c > name);
		assert_true(*c == '/' || *c == '\0');
		assert_true(n < ROUTE_PARAMS_MAX);
		for (size_t k = 0; k < n; k++)
			assert_false(lens[k] == (size_t)(c - name) && strncmp(names[k], name, lens[k]) == 0);
		names[n] = name, lens[n] = (size_t)(c - name), n++;
		if (*c == '\0')
			break;
	}
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
		assert_parameters_well_formed(r->pattern);
		assert_non_null(authz_info(r->cap));
		/* A GET changes nothing, so it takes no body; a POST must allow one. */
		if (strcmp(r->method, "GET") == 0)
			assert_int_equal(r->body_limit, 0);
		else
			assert_true(r->body_limit > 0);
		/* Anonymous routes serve only public capabilities. */
		if (r->who & WHO_ANONYMOUS)
			assert_int_equal(r->cap, CAP_PUBLIC);
		for (size_t j = 0; j < i; j++) {
			assert_false(strcmp(routes[j].pattern, r->pattern) == 0 &&
			             strcmp(routes[j].method, r->method) == 0);
			/* One route per handler: url_for names a route by its handler. */
			assert_false(routes[j].handler == r->handler);
		}
		/* ... and finds it, through the index built from the table. */
		assert_ptr_equal(router_route_of(r->handler), r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(patterns_bind_typed_parameters), cmocka_unit_test(ids_are_strict),
	    cmocka_unit_test(match_tells_404_from_405),       cmocka_unit_test(url_for_is_the_table_read_backwards),
	    cmocka_unit_test(every_route_round_trips),        cmocka_unit_test(every_route_is_declared_fully),
	};
	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
