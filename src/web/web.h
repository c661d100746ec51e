/* web.h — the contract between the HTTP glue (http/) and page handlers (web/):
 * a parsed request, a reply under construction, and the one reply family every
 * handler answers through. http/ fills `request`, calls the route's handler,
 * and sends `reply`; web/ never sees libmicrohttpd. */
#ifndef HELSAMI_WEB_H
#define HELSAMI_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/core.h"
#include "core/ctx.h"

typedef struct kv {
	const char *key, *value;
} kv;

typedef struct kv_list {
	kv *items;
	size_t len, cap;
} kv_list;

/* Appends to a list allocated in the arena. */
void kv_add(arena *a, kv_list *l, const char *key, const char *value);
/* The first value for key, or NULL. */
const char *kv_get(const kv_list *l, const char *key);

/* A file sent in a multipart form. data points into the request body. */
typedef struct upload {
	const char *field;        /* the form field's name */
	const char *filename;     /* as the browser sent it: never trusted, never used as a path */
	const char *content_type; /* as the browser sent it: never trusted */
	const char *data;
	size_t len;
} upload;

/* A route parameter, parsed by the router (http/router.h): ":name" in a
 * pattern is a positive id, "*name" one path segment as text. */
enum { ROUTE_PARAMS_MAX = 4 };

typedef struct route_param {
	const char *name; /* as in the pattern, without its sigil */
	int64_t id;       /* ":name": 1 to INT64_MAX; 0 for a text parameter */
	const char *text; /* "*name": the segment as decoded; NULL for an id */
} route_param;

typedef struct route_params {
	route_param items[ROUTE_PARAMS_MAX];
	size_t len;
} route_params;

typedef struct upload_list {
	upload *items;
	size_t len, cap;
} upload_list;

typedef struct request {
	ctx *c;
	const char *method;  /* "GET", "POST", ... ("HEAD" is served as GET) */
	const char *path;    /* decoded path, no query */
	const char *target;  /* the raw path and query, for redirects back here */
	route_params params; /* the route's parameters, typed: handlers read them with req_id */
	kv_list query;       /* decoded query string */
	kv_list form;        /* decoded form fields (urlencoded or multipart) */
	upload_list files;   /* files of a multipart form */
	/* The body of a provider's callback as sent (WHO_PROVIDER routes only;
	 * NUL-terminated, in the request's arena), or NULL. */
	const char *json_body;
	kv_list cookies;
	kv_list headers;        /* names lowercased */
	bool https;             /* served over https (directly or via the configured base URL) */
	const char *client_ip;  /* the peer's address ("127.0.0.1", "::1"); never NULL */
	bool peer_loopback;     /* the peer is on this machine (dev-only doors open only to it) */
	bool secure_cookies;    /* cookies carry Secure (all but plain-http loopback in dev mode) */
	const char *csrf_token; /* this session's form token, for templates */
	const struct site *site;
	/* Set by the dispatcher when a session is open (page header, idle warning). */
	const char *user_name;    /* who is logged in */
	const char *subject_name; /* whose record is open, when it is someone else's */
	long idle_seconds;        /* seconds until the session ends if idle; 0 = no session */
	/* A long poll (reply.park_key): how many times this request has been
	 * parked and run again, and whether this run must answer (the server
	 * stops, or the poll's time is up). */
	unsigned parks;
	bool park_final;
} request;

/* Site-wide settings pages show (from configuration). */
typedef struct site {
	const char *name;          /* the portal's name, "helsami" */
	const char *support_phone; /* e.g. "+47 815 00 000" */
	const char *support_hours_nb, *support_hours_en;
	bool dev;                   /* dev mode: TestID and the settable clock */
	const char *static_version; /* appended to asset URLs to bust caches */
	/* Video calls' ICE servers (config.h); NULL when unset. */
	const char *stun_url, *turn_url, *turn_secret;
	/* The digital mailbox's secret for its read receipts; NULL: refused. */
	const char *mailbox_receipt_token;
} site;

enum cache_policy { CACHE_NO_STORE = 0, CACHE_PUBLIC_IMMUTABLE };

typedef struct reply {
	int status;
	const char *content_type;
	buf body;
	kv_list headers; /* extra headers (Set-Cookie, Location, ...) */
	enum cache_policy cache;
	/* Static bodies are sent without copying: if set, used instead of body. */
	const char *static_body;
	size_t static_len;
	/* Replaces the CSP's frame-ancestors 'none' (and drops X-Frame-Options)
	 * for a page another site must frame: origins separated by spaces. */
	const char *frame_ancestors;
	/* A page that uses the camera and microphone (the video pages): the
	 * Permissions-Policy allows them for our own origin. Every other reply
	 * denies both. */
	bool media;
	/* A long poll with nothing to say yet: instead of this reply, the
	 * request is parked under park_key (core/wake.h) for at most park_ms,
	 * then the handler runs again with rq->parks one higher. No server
	 * thread waits meanwhile. 0: answer now. */
	int64_t park_key;
	int park_ms;
} reply;

static inline const char *req_query(const request *rq, const char *k)
{
	return kv_get(&rq->query, k);
}
static inline const char *req_form(const request *rq, const char *k)
{
	return kv_get(&rq->form, k);
}
static inline const char *req_cookie(const request *rq, const char *k)
{
	return kv_get(&rq->cookies, k);
}
/* name in lowercase */
static inline const char *req_header(const request *rq, const char *k)
{
	return kv_get(&rq->headers, k);
}

/* The id of the route's ":name" parameter: always positive, for the router
 * answered 404 before the handler to anything that is not a positive decimal
 * without leading zeros that fits (http/router.c). A name the route does not
 * have is our bug: logged, and 0, which names no row. */
int64_t req_id(const request *rq, const char *name);
/* The text of the route's "*name" parameter (one non-empty segment), or
 * NULL, logged, if the route has none of that name. */
const char *req_segment(const request *rq, const char *name);

/* A page handler. */
typedef void (*web_handler)(request *rq, reply *rp);

/* ---- reverse routing: answered by the route table (http/routes.c) --------- */

/* The path of the route whose handler is h, its ":name" parameters filled,
 * in the pattern's order, from the n ids; in the arena. Handlers name their
 * routes by handler, so a route's path is written once (in the table) and a
 * misspelt handler does not compile. A handler without a route, or a count
 * of ids the pattern does not take, is our bug: logged, and the path names
 * no page (a missing id is 0, which the router answers 404). Use url_for. */
const char *web_url(arena *a, web_handler h, const int64_t *ids, size_t n);
/* web_url with the ids as arguments: url_for(a, web_visit, visit_id). */
#define url_for(a, h, ...) \
	web_url((a), (h), (const int64_t[]){__VA_ARGS__}, ARRAY_LEN(((const int64_t[]){__VA_ARGS__})))
/* The path of a route without parameters (a constant of the table). */
const char *web_path(web_handler h);

/* ---- the reply family ----------------------------------------------------- */

void reply_header(request *rq, reply *rp, const char *name, const char *value);
/* A stored upload (PDF, JPEG or PNG, its type sniffed when stored) as a
 * download that is never rendered in our origin: Content-Disposition
 * attachment with a name of ours (base, "-", id and the type's extension),
 * a sandboxing CSP, and nosniff (on every reply). */
void reply_attachment(request *rq, reply *rp, const char *type, const char *base, int64_t id, const uint8_t *data,
                      size_t len);
void reply_redirect(request *rq, reply *rp, const char *location); /* 303 See Other */
/* Remembers loc in the language cookie for a year (the dispatcher reads it
 * after ?lang= and before Accept-Language). */
void reply_language_cookie(request *rq, reply *rp, enum locale loc);
/* Whether p is a path on this site, safe to redirect to: one leading "/"
 * (not "//", which browsers read as another host), no backslash (some read
 * "/\\" as "//") and no control characters (a tab or newline is dropped by
 * browsers, joining what is around it). Every return path given by a
 * client goes through it. */
bool web_local_path(const char *p);
/* Renders template `name` with `model` (stolen: the reply takes the reference)
 * inside the page layout, status 200 unless rp->status was set. */
void reply_page(request *rq, reply *rp, const char *name, json_t *model);
/* A full error page in the user's language for 400/403/404/405/413/429/500/503. */
void reply_error(request *rq, reply *rp, int code);
/* The form token for a page with a form. A visitor without a session and
 * without one gets a random token in a cookie of its own (double submit),
 * set here, so only pages that have a form set it (the start page and
 * static files stay cookie-free and cacheable). */
const char *web_form_token(request *rq, reply *rp);
/* Instead of a staff page reached by a link on another site: a page that
 * asks the reader to open it, with one link to the same address on this
 * site (http/dispatch.c decides when). */
void reply_confirm_navigation(request *rq, reply *rp);
/* The HTTP status that answers a domain status, by one rule everywhere
 * (ARCHITECTURE.md rule 2): ST_NOT_FOUND 404, a resource the reader may not
 * see (its existence is not revealed: someone else's row answers the same as
 * no row); ST_DENIED 403, a capability the reader's role lacks; ST_CONFLICT
 * 409; ST_INVALID 400; ST_BUSY 503; anything else 500. */
int web_status_code(status st);
/* The error page for a domain status other than ST_OK, by web_status_code.
 * A handler that means another answer says so at the call, with its reason. */
void reply_status(request *rq, reply *rp, status st);
/* The answer to a form's POST once the domain has ruled on it: ST_OK
 * redirects to next (post, redirect, get); ST_INVALID sets status 400 and
 * returns true, for the caller to show the form again with its errors; any
 * other status is answered by reply_status. */
bool reply_posted(request *rq, reply *rp, status st, const char *next);
/* Whether st is a failure (not ST_OK); if it is, it is answered
 * (reply_status) and model, a page model begun before the domain was asked
 * (NULL for none), is released. */
bool reply_failed(request *rq, reply *rp, status st, json_t *model);

#endif
