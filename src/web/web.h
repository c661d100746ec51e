/* web.h — the contract between the HTTP glue (http/) and page handlers (web/):
 * a parsed request, a reply under construction, and the one reply family every
 * handler answers through. http/ fills `request`, calls the route's handler,
 * and sends `reply`; web/ never sees libmicrohttpd. */
#ifndef HELSAMI_WEB_H
#define HELSAMI_WEB_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/buf.h"
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

typedef struct upload_list {
	upload *items;
	size_t len, cap;
} upload_list;

typedef struct request {
	ctx *c;
	const char *method;  /* "GET", "POST", ... ("HEAD" is served as GET) */
	const char *path;    /* decoded path, no query */
	const char *target;  /* the raw path and query, for redirects back here */
	kv_list params;      /* named route parameters, e.g. :id */
	kv_list query;       /* decoded query string */
	kv_list form;        /* decoded form fields (urlencoded or multipart) */
	upload_list files;   /* files of a multipart form */
	kv_list cookies;
	kv_list headers;     /* names lowercased */
	bool https;          /* served over https (directly or via the configured base URL) */
	const char *client_ip; /* the peer's address ("127.0.0.1", "::1"); never NULL */
	bool peer_loopback;    /* the peer is on this machine (dev-only doors open only to it) */
	bool secure_cookies; /* cookies carry Secure (all but plain-http loopback in dev mode) */
	const char *csrf_token; /* this session's form token, for templates */
	const struct site *site;
	/* Set by the dispatcher when a session is open (page header, idle warning). */
	const char *user_name;    /* who is logged in */
	const char *subject_name; /* whose record is open, when it is someone else's */
	long idle_seconds;        /* seconds until the session ends if idle; 0 = no session */
} request;

/* Site-wide settings pages show (from configuration). */
typedef struct site {
	const char *name;          /* the portal's name, "helsami" */
	const char *support_phone; /* e.g. "+47 815 00 000" */
	const char *support_hours_nb, *support_hours_en;
	bool dev;                  /* dev mode: TestID and the settable clock */
	const char *static_version; /* appended to asset URLs to bust caches */
} site;

enum cache_policy { CACHE_NO_STORE = 0, CACHE_PUBLIC_IMMUTABLE };

typedef struct reply {
	int status;
	const char *content_type;
	buf body;
	kv_list headers;          /* extra headers (Set-Cookie, Location, ...) */
	enum cache_policy cache;
	/* Static bodies are sent without copying: if set, used instead of body. */
	const char *static_body;
	size_t static_len;
	/* Replaces the CSP's frame-ancestors 'none' (and drops X-Frame-Options)
	 * for a page another site must frame: origins separated by spaces. */
	const char *frame_ancestors;
} reply;

static inline const char *req_param(const request *rq, const char *k) { return kv_get(&rq->params, k); }
static inline const char *req_query(const request *rq, const char *k) { return kv_get(&rq->query, k); }
static inline const char *req_form(const request *rq, const char *k) { return kv_get(&rq->form, k); }
static inline const char *req_cookie(const request *rq, const char *k) { return kv_get(&rq->cookies, k); }
/* name in lowercase */
static inline const char *req_header(const request *rq, const char *k) { return kv_get(&rq->headers, k); }

/* A route parameter that names a row (":id"): its positive value, or 0 for
 * anything else (answer 404). */
int64_t req_param_id(const request *rq, const char *name);

void reply_header(request *rq, reply *rp, const char *name, const char *value);
void reply_redirect(request *rq, reply *rp, const char *location); /* 303 See Other */
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

/* A page handler. */
typedef void (*web_handler)(request *rq, reply *rp);

#endif
