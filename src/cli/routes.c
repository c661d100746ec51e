/* routes.c (cli) — `helsami routes`: the route table as JSON, one route a
 * line, so tests (the authorization matrix) are generated from the table
 * itself and a new route cannot escape them. */
#include <stdio.h>

#include "cli/cli.h"
#include "domain/representation.h"
#include "http/router.h"

static void print_who(unsigned who)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {
	    {WHO_ANONYMOUS, "anonymous"}, {WHO_CITIZEN, "citizen"}, {WHO_STAFF, "staff"}, {WHO_PROVIDER, "provider"}};
	const char *sep = "";
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		if ((who & names[i].bit) == names[i].bit) {
			printf("%s\"%s\"", sep, names[i].name);
			sep = ",";
		}
	}
}

static void print_caps(uint64_t caps)
{
	const char *sep = "";
	for (int c = 0; c < CAP_COUNT; c++) {
		if (caps & CAP_BIT(c)) {
			printf("%s%d", sep, c);
			sep = ",";
		}
	}
}

/* What a citizen holds on their own record, on a represented person's record
 * for each access kind, and always for themself. */
static void print_access(void)
{
	printf("{\"citizen_caps\":[");
	print_caps(authz_citizen_all());
	printf("]}\n{\"actor_caps\":[");
	print_caps(repr_actor_caps());
	printf("]}\n");
	for (size_t i = 0; i < access_kinds_count; i++) {
		printf("{\"kind\":\"%s\",\"caps\":[", access_kinds[i].name);
		print_caps(repr_kind_caps(&access_kinds[i]));
		printf("]}\n");
	}
}

int cli_routes(void)
{
	print_access();
	for (size_t i = 0; i < routes_count; i++) {
		const route *r = &routes[i];
		const capability_info *cap = authz_info(r->cap);
		printf("{\"method\":\"%s\",\"pattern\":\"%s\",\"who\":[", r->method, r->pattern);
		print_who(r->who);
		printf("],\"cap\":\"%s\",\"cap_name\":\"%s\",\"cap_index\":%d,\"citizen_cap\":%s,\"staff_roles\":%u,"
		       "\"body_limit\":%zu}\n",
		       cap->id, cap->name, (int)r->cap, cap->citizen ? "true" : "false", cap->staff_roles,
		       r->body_limit);
	}
	return 0;
}
