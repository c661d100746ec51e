/* router.c — matching a request against the route table, with its typed
 * parameters, and the way back: a route's path from its handler (web.h:
 * url_for). A linear scan: the table has about a hundred routes and a
 * comparison costs nanoseconds. */
#include "http/router.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"

/* The digits of INT64_MAX, 9223372036854775807: no longer id fits. */
enum { ID_DIGITS_MAX = 19 };

/* Whether the n bytes at s are an id: decimal digits without a sign or a
 * leading zero, from 1 to INT64_MAX. One spelling per row, so "007", "+7",
 * "7.0" and "7e0" are no address of row 7. */
static bool parse_id(const char *s, size_t n, int64_t *out)
{
	if (n == 0 || n > ID_DIGITS_MAX || s[0] < '1' || s[0] > '9')
		return false;
	uint64_t v = 0; /* 19 digits stay below 2^64 */
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > INT64_MAX)
		return false;
	*out = (int64_t)v;
	return true;
}

static bool is_param(char c)
{
	return c == ':' || c == '*';
}

bool router_pattern_match(const char *pattern, const char *path, arena *a, route_params *params)
{
	const char *p = pattern, *s = path;
	if (params != NULL)
		params->len = 0;
	while (*p && *s) {
		if (!is_param(*p)) {
			if (*p != *s)
				return false;
			p++, s++;
			continue;
		}
		route_param rp = {0};
		bool id = *p++ == ':';
		const char *name = p, *value = s;
		p += strcspn(p, "/");
		s += strcspn(s, "/");
		if (s == value || (id && !parse_id(value, (size_t)(s - value), &rp.id)))
			return false;
		if (params == NULL)
			continue;
		if (params->len == ROUTE_PARAMS_MAX)
			return false; /* test_router holds the table to the bound */
		rp.name = arena_strndup(a, name, (size_t)(p - name));
		rp.text = id ? NULL : arena_strndup(a, value, (size_t)(s - value));
		params->items[params->len++] = rp;
	}
	return *p == '\0' && *s == '\0';
}

static bool method_matches(const char *route_method, const char *method)
{
	return strcmp(route_method, method) == 0 || (strcmp(method, "HEAD") == 0 && strcmp(route_method, "GET") == 0);
}

static void allow_add(char *allow, size_t size, const char *method)
{
	if (strstr(allow, method) != NULL)
		return;
	size_t n = strlen(allow);
	snprintf(allow + n, size - n, "%s%s", n ? ", " : "", method);
}

enum match_result router_match(const char *method, const char *path, arena *a, route_params *params, const route **out,
                               char *allow, size_t allow_size)
{
	bool path_found = false;
	allow[0] = '\0';
	for (size_t i = 0; i < routes_count; i++) {
		const route *r = &routes[i];
		if (!router_pattern_match(r->pattern, path, NULL, NULL))
			continue;
		path_found = true;
		if (method_matches(r->method, method)) {
			router_pattern_match(r->pattern, path, a, params);
			*out = r;
			return MATCH_FOUND;
		}
		allow_add(allow, allow_size, r->method);
		if (strcmp(r->method, "GET") == 0)
			allow_add(allow, allow_size, "HEAD");
	}
	return path_found ? MATCH_WRONG_METHOD : MATCH_NO_PATH;
}

/* Handler -> its first route, an open-addressed table built once: a page
 * asks url_for and web_path dozens of times, and a scan of the route table
 * cost more than the rest of them. */
enum { ROUTE_INDEX_SIZE = 1024 };
static const route *route_index[ROUTE_INDEX_SIZE];
static pthread_once_t route_index_once = PTHREAD_ONCE_INIT;

static size_t handler_slot(web_handler h)
{
	uintptr_t v = (uintptr_t)h;
	return (size_t)(v ^ (v >> 10)) % ROUTE_INDEX_SIZE;
}

static void route_index_build(void)
{
	if (routes_count > ROUTE_INDEX_SIZE / 2)
		log_error("router: %zu routes, more than the reverse index holds (%d)", routes_count,
		          ROUTE_INDEX_SIZE / 2);
	for (size_t i = 0; i < routes_count && i < ROUTE_INDEX_SIZE / 2; i++) {
		size_t k = handler_slot(routes[i].handler);
		while (route_index[k] != NULL && route_index[k]->handler != routes[i].handler)
			k = (k + 1) % ROUTE_INDEX_SIZE;
		if (route_index[k] == NULL)
			route_index[k] = &routes[i];
	}
}

const route *router_route_of(web_handler h)
{
	pthread_once(&route_index_once, route_index_build);
	for (size_t k = handler_slot(h); route_index[k] != NULL; k = (k + 1) % ROUTE_INDEX_SIZE)
		if (route_index[k]->handler == h)
			return route_index[k];
	return NULL;
}

const char *web_url(arena *a, web_handler h, const int64_t *ids, size_t n)
{
	const route *r = router_route_of(h);
	if (r == NULL) {
		log_error("url_for: a handler without a route");
		return "/";
	}
	/* Each parameter (at least ":x") becomes at most 20 digits and a sign. */
	size_t params = 0;
	for (const char *p = r->pattern; *p; p++)
		params += is_param(*p);
	char *url = arena_alloc(a, strlen(r->pattern) + params * 20 + 1);
	size_t len = 0, used = 0;
	for (const char *p = r->pattern; *p;) {
		if (!is_param(*p)) {
			url[len++] = *p++;
			continue;
		}
		p += strcspn(p, "/");
		len += i64_to_decimal(url + len, used < n ? ids[used] : 0);
		used++;
	}
	url[len] = '\0';
	if (used != n)
		log_error("url_for: %s takes %zu ids, not %zu", r->pattern, used, n);
	return url;
}

const char *web_path(web_handler h)
{
	const route *r = router_route_of(h);
	if (r == NULL) {
		log_error("web_path: a handler without a route");
		return "/";
	}
	if (strpbrk(r->pattern, ":*") != NULL)
		log_error("web_path: %s takes parameters (url_for)", r->pattern);
	return r->pattern;
}
