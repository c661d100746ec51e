/* router.h — routes as data (STYLE.md): one table of method, path pattern
 * with typed parameters, handler, who may call it, capability and body
 * limit. The dispatcher (http/dispatch.c) alone does what every route
 * shares; the router parses the parameters, so a handler gets an id, never
 * a string, and a malformed one is 404 before any handler runs. The same
 * table answers reverse routing (web.h: url_for). */
#ifndef HELSAMI_HTTP_ROUTER_H
#define HELSAMI_HTTP_ROUTER_H

#include <stddef.h>

#include "domain/authz.h"
#include "web/web.h"

/* Which kinds of actor may call a route. Which staff roles hold the route's
 * capability is the capability table's business (domain/authz.c), never the
 * route's. */
enum {
	WHO_ANONYMOUS = 1 << 0, /* no session needed */
	WHO_CITIZEN = 1 << 1,
	WHO_STAFF = 1 << 2,
	WHO_ANYONE = WHO_ANONYMOUS | WHO_CITIZEN | WHO_STAFF,
	/* Another system calling us (a provider's callback): no session, no
	 * Origin or form token, a JSON body; the handler authenticates it by
	 * the provider's shared secret and answers 401 without it. Never
	 * combined with the others. */
	WHO_PROVIDER = 1 << 3,
};

/* Body limits: forms are small; an upload form carries one document
 * (domain/capacity.h: 5 MB) and its multipart framing; a provider's
 * callback names one thing of ours in a small JSON object. */
enum { BODY_NONE = 0, BODY_CALLBACK = 4 * 1024, BODY_FORM = 64 * 1024, BODY_UPLOAD = 6 * 1024 * 1024 };

typedef struct route {
	const char *method; /* "GET" (also serves HEAD) or "POST" */
	/* "/health/results/:id": a parameter is one whole segment, ":name" a
	 * positive id (a decimal without sign or leading zeros, 1 to
	 * INT64_MAX), "*name" any non-empty text (static file names). */
	const char *pattern;
	web_handler handler;
	unsigned who;
	enum capability cap;
	size_t body_limit;
} route;

extern const route routes[];
extern const size_t routes_count;

enum match_result { MATCH_FOUND, MATCH_NO_PATH, MATCH_WRONG_METHOD };

/* Finds the route for method and path, filling params (text in the arena).
 * A path whose parameter does not parse matches no route: MATCH_NO_PATH. On
 * MATCH_WRONG_METHOD, allow holds the methods the path accepts ("GET, HEAD,
 * POST"). */
enum match_result router_match(const char *method, const char *path, arena *a, route_params *params, const route **out,
                               char *allow, size_t allow_size);

/* Whether pattern matches path, each parameter well-formed for its type
 * (params filled, text in the arena, when params is not NULL). */
bool router_pattern_match(const char *pattern, const char *path, arena *a, route_params *params);

/* Whether the route's handler may call another server (an OpenID
 * provider): it runs on the server's callout threads, not a worker thread
 * (http/callouts.h). */
bool route_calls_out(const route *r);

/* The route whose handler is h, or NULL. */
const route *router_route_of(web_handler h);

#endif
