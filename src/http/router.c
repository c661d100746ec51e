/* router.c — matching a request against the route table. A linear scan: the
 * table has tens of routes and a comparison costs nanoseconds. */
#include "http/router.h"

#include <stdio.h>
#include <string.h>

bool router_pattern_match(const char *pattern, const char *path, arena *a, kv_list *params)
{
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == ':') {
			const char *name = ++p;
			while (*p && *p != '/')
				p++;
			const char *value = s;
			while (*s && *s != '/')
				s++;
			if (s == value)
				return false;
			if (params != NULL)
				kv_add(a, params, arena_strndup(a, name, (size_t)(p - name)),
				       arena_strndup(a, value, (size_t)(s - value)));
			continue;
		}
		if (*p != *s)
			return false;
		p++, s++;
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

enum match_result router_match(const char *method, const char *path, arena *a, kv_list *params,
                               const route **out, char *allow, size_t allow_size)
{
	bool path_found = false;
	allow[0] = '\0';
	for (size_t i = 0; i < routes_count; i++) {
		const route *r = &routes[i];
		if (!router_pattern_match(r->pattern, path, NULL, NULL))
			continue;
		path_found = true;
		if (method_matches(r->method, method)) {
			params->len = 0;
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
