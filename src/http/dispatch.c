/* dispatch.c — the dispatcher. For every request it does, once, what all
 * routes share: the request bounds and body framing, the target's strict
 * parsing, language, dev clock, session, route (404/405), body limit (413),
 * the route's who and capability, the Origin check and the body's type
 * (415); then, with the body whole, form parsing and CSRF, and the handler.
 * Handlers assume those passed.
 *
 * Everything that needs only the head is decided in dispatch_begin, before a
 * byte of the body is read: a refused upload is answered at once and never
 * read (issue 9, item 7). Accepted requests are answered by dispatch_finish,
 * once the body is in: in libmicrohttpd 0.9.75 answering in the first call
 * turns keep-alive off (see server.c). */
#include "http/dispatch.h"

#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth/session.h"
#include "core/crypto.h"
#include "core/log.h"
#include "domain/audit.h"
#include "http/parse.h"
#include "http/router.h"
#include "http/static.h"
#include "web/i18n.h"
#include "web/pages.h"

/* A body must keep arriving: after a grace period, at least this many bytes
 * a second on average, or the connection is closed. 8 kB/s is 64 kbit/s,
 * below any mobile network that can send a 5 MB document at all; the grace
 * covers a slow start. A form is then done within 38 s, the largest upload
 * within about 13 minutes, and a client trickling a body a byte at a time
 * cannot hold a connection for longer. */
enum { BODY_GRACE_S = 30, BODY_MIN_RATE = 8 * 1024 };

/* A refused request's body is read and dropped, never kept, so that a
 * browser still sending it gets to see the answer: answering and closing
 * while it sends makes its next write fail (EPIPE, or a reset that can take
 * the answer with it). Past this size the request is answered at once and
 * its connection closed instead: nothing a browser sends to us is that large
 * (an upload form takes 6 MB; a phone photo of a document picked by mistake
 * is at most about 12 MB), and reading it would only cost us bandwidth. */
enum { DRAIN_MAX = 16 * 1024 * 1024 };

/* How long a client over the connection limit is asked to wait. */
#define RETRY_AFTER_S "10"

struct exchange {
	arena *a;
	const dispatcher *dp;
	ctx c;
	request rq;
	reply rp;
	const route *route;
	enum match_result match;
	char allow[64];
	const char *target; /* as sent; NULL if missing or over the bound */
	bool target_too_long;
	size_t header_fields, header_bytes;
	bool begun;
	bool decided;      /* rp holds the answer; the handler will not run */
	bool has_body;     /* Content-Length > 0, or any Transfer-Encoding */
	uint64_t length;   /* the announced Content-Length */
	uint64_t received; /* body bytes so far, kept or dropped */
	size_t limit;      /* the route's body limit */
	buf body;          /* the body of an accepted request */
	struct timespec started;
	bool stale_session; /* a session cookie came, but its session has ended */
	bool unsupported_body;
};

static atomic_uint_fast64_t request_counter;

exchange *dispatch_open(const dispatcher *dp, const char *target)
{
	arena *a = arena_new();
	exchange *x = arena_alloc(a, sizeof *x);
	x->a = a;
	x->dp = dp;
	x->c.arena = a;
	x->c.request_id = arena_printf(a, "%" PRIuFAST64, atomic_fetch_add(&request_counter, 1));
	x->rq.c = &x->c;
	x->rq.method = "";
	x->rq.path = "/";
	x->rq.client_ip = "unknown";
	x->rq.https = dp->https;
	x->rq.secure_cookies = dp->secure_cookies;
	x->rq.site = dp->site;
	if (target != NULL && strnlen(target, DISPATCH_TARGET_MAX + 1) > DISPATCH_TARGET_MAX)
		x->target_too_long = true;
	else if (target != NULL)
		x->target = arena_strdup(a, target);
	return x;
}

void dispatch_header(exchange *x, const char *name, const char *value)
{
	if (value == NULL)
		value = "";
	x->header_fields++;
	x->header_bytes += strlen(name) + strlen(value) + 4; /* ": " and CRLF */
	char *lower = arena_strdup(x->a, name);
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	/* Past the bounds the request is refused and what it sent is not kept,
	 * but for how its body is framed: the refusal must know whether there
	 * is one to drop (libmicrohttpd's pool bounds how many there can be). */
	bool frames_body = strcmp(lower, "content-length") == 0 || strcmp(lower, "transfer-encoding") == 0 ||
	                   strcmp(lower, "expect") == 0;
	if (!frames_body &&
	    (x->header_fields > DISPATCH_HEADER_FIELDS_MAX || x->header_bytes > DISPATCH_HEADER_BYTES_MAX))
		return;
	kv_add(x->a, &x->rq.headers, lower, value);
}

/* ---- answers decided before the handler ---------------------------------- */

static void decide(exchange *x, int code)
{
	reply_error(&x->rq, &x->rp, code);
	x->decided = true;
}

/* A request malformed at the HTTP level: answered with a page, logged
 * without its content, and its connection not kept. */
static void refuse(exchange *x, int code, const char *why)
{
	log_info("request %s refused with %d: %s", x->c.request_id, code, why);
	reply_header(&x->rq, &x->rp, "Connection", "close");
	decide(x, code);
}

/* A request target that does not parse: 400, with a page that says the
 * address is wrong rather than something about a form. */
static void refuse_address(exchange *x)
{
	log_info("request %s refused with 400: a malformed request target", x->c.request_id);
	reply_header(&x->rq, &x->rp, "Connection", "close");
	json_t *m = json_object();
	json_object_set_new(m, "status", json_integer(400));
	json_object_set_new(m, "title", json_string(i18n_text(x->c.locale, "error.address.title")));
	json_object_set_new(m, "text", json_string(i18n_text(x->c.locale, "error.address.text")));
	x->rp.status = 400;
	reply_page(&x->rq, &x->rp, "error", m);
	x->decided = true;
}

/* ---- the head --------------------------------------------------------------- */

static size_t header_count(const request *rq, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < rq->headers.len; i++)
		if (strcmp(rq->headers.items[i].key, name) == 0)
			n++;
	return n;
}

/* How the body is framed: sets has_body and length, or returns the status
 * that refuses the framing (0 if none). Bodies must say their length: no
 * browser sends a chunked request, and an upload of unknown length could
 * only be refused by reading it to its end, which a client may never reach
 * (RFC 9112 section 6.3 lets a server answer 411 Length Required). */
static int framing(exchange *x, const char **why)
{
	const request *rq = &x->rq;
	size_t lengths = header_count(rq, "content-length");
	size_t codings = header_count(rq, "transfer-encoding");
	if (codings > 0) {
		x->has_body = true;
		/* Two framings disagree: the classic request smuggling setup. */
		if (lengths > 0 || codings > 1) {
			*why = "both Content-Length and Transfer-Encoding";
			return 400;
		}
		if (strcasecmp(req_header(rq, "transfer-encoding"), "chunked") == 0) {
			*why = "a chunked body (a length is required)";
			return 411;
		}
		*why = "an unsupported Transfer-Encoding";
		return 501;
	}
	if (lengths > 1) {
		x->has_body = true; /* of a length nobody can tell */
		*why = "more than one Content-Length";
		return 400;
	}
	int64_t n;
	if (lengths == 1) {
		if (!str_to_i64(req_header(rq, "content-length"), &n) || n < 0) {
			x->has_body = true;
			*why = "a malformed Content-Length";
			return 400;
		}
		x->length = (uint64_t)n;
		x->has_body = n > 0;
	}
	return 0;
}

/* POSTs must come from our own pages: the Origin header names us, and the
 * browser did not flag the request as cross-site. */
static bool same_origin(const dispatcher *dp, const request *rq)
{
	const char *sfs = req_header(rq, "sec-fetch-site");
	if (sfs != NULL && strcmp(sfs, "same-origin") != 0 && strcmp(sfs, "none") != 0)
		return false;
	const char *origin = req_header(rq, "origin");
	return origin != NULL && strcmp(origin, dp->origin) == 0;
}

/* The request clock: the system's, or in dev mode, for a peer on this
 * machine, the X-Helsami-Now header's. */
static bool set_clock(exchange *x)
{
	x->c.now = clock_system_now();
	const char *fake = x->dp->dev && x->rq.peer_loopback ? req_header(&x->rq, "x-helsami-now") : NULL;
	return fake == NULL || time_parse(fake, &x->c.now);
}

/* Opens the session named by the cookie, if any, into the context; touch:
 * whether this counts as the reader's activity (session_find). */
static status open_session(exchange *x, bool touch)
{
	request *rq = &x->rq;
	const dispatcher *dp = x->dp;
	const char *token = req_cookie(rq, session_cookie_name(dp->secure_cookies));
	if (token == NULL)
		return ST_OK;
	if (x->c.db == NULL)
		return ST_INTERNAL;
	session *s = arena_alloc(x->a, sizeof *s);
	status found = session_find(&x->c, token, touch, s);
	if (found == ST_OK && s->dev && !dp->dev) {
		/* A dev-mode session (TestID, a settable clock) on a real server: never. */
		log_warn("a session made in dev mode was refused");
		if ((found = session_end(&x->c, s->id)) == ST_OK)
			found = ST_NOT_FOUND;
	}
	if (found == ST_NOT_FOUND) {
		x->stale_session = true;
		return ST_OK;
	}
	if (found != ST_OK)
		return found;
	rq->csrf_token = s->csrf;
	rq->idle_seconds = (long)(session_idle_end(s) - x->c.now);
	status ctx_st = session_context(&x->c, s, &rq->user_name, &rq->subject_name);
	if (ctx_st == ST_NOT_FOUND) {
		rq->csrf_token = NULL;
		rq->idle_seconds = 0;
		x->stale_session = true;
		return ST_OK;
	}
	return ctx_st;
}

/* A visitor without a session has the form token of the double-submit
 * cookie, once a page with a form has given them one (web_form_token). */
static void anonymous_csrf(exchange *x)
{
	const char *token = req_cookie(&x->rq, session_csrf_cookie_name(x->dp->secure_cookies));
	if (token != NULL && strlen(token) == SESSION_TOKEN_LEN)
		x->rq.csrf_token = token;
}

/* The request target without the lang parameter, for the post-switch redirect. */
static const char *target_without_lang(exchange *x)
{
	buf b;
	buf_init(&b, 128);
	buf_puts(&b, x->rq.path);
	char sep = '?';
	for (size_t i = 0; i < x->rq.query.len; i++) {
		const kv *q = &x->rq.query.items[i];
		if (strcmp(q->key, "lang") == 0)
			continue;
		buf_putc(&b, sep);
		sep = '&';
		buf_put_percent(&b, q->key, "");
		buf_putc(&b, '=');
		buf_put_percent(&b, q->value, "");
	}
	const char *t = arena_strdup(x->a, b.data);
	buf_free(&b);
	return t;
}

/* Whether the browser says the request comes from a link on another site
 * (Sec-Fetch-Site "cross-site" or "same-site"). A typed address or a
 * bookmark ("none"), our own links ("same-origin") and clients that do not
 * say go on. */
static bool from_another_site(const request *rq)
{
	const char *fetch_site = req_header(rq, "sec-fetch-site");
	return fetch_site != NULL && (strcmp(fetch_site, "cross-site") == 0 || strcmp(fetch_site, "same-site") == 0);
}

/* Whether the route is a staff page that reads patients' records, which
 * writes entries in their access logs: every staff-only GET but the
 * workspace's start page. */
static bool reads_patients(const route *r)
{
	return r->who == WHO_STAFF && strcmp(r->method, "GET") == 0 && r->handler != web_staff_home;
}

/* Forms from our pages; a provider's handler reads its own body, once it
 * knows the caller (router.h). */
static bool body_type_supported(const request *rq, const route *r)
{
	const char *ct = req_header(rq, "content-type");
	if (r->who == WHO_PROVIDER)
		return true;
	return ct != NULL &&
	       (str_starts(ct, "application/x-www-form-urlencoded") || str_starts(ct, "multipart/form-data"));
}

/* The decisions that need the session: what every route shares, in the
 * order the answers take precedence. Leaves x->decided false when the
 * request may go on to its handler. */
/* Whether the reader is of a kind the route is for. */
static bool who_may_call(const exchange *x)
{
	unsigned who = x->route->who;
	return (who & (WHO_ANONYMOUS | WHO_PROVIDER)) || (x->c.who.kind == ACTOR_CITIZEN && (who & WHO_CITIZEN)) ||
	       (x->c.who.kind == ACTOR_STAFF && (who & WHO_STAFF));
}

static void admit(exchange *x)
{
	request *rq = &x->rq;
	reply *rp = &x->rp;
	const dispatcher *dp = x->dp;
	if (!set_clock(x)) {
		decide(x, 400);
		return;
	}
	x->c.db = db_thread_conn(dp->d);
	/* The session, the reader's context and the route's decision read in one
	 * snapshot (db.h), ended once admitted; the handler reads in another. */
	db_snapshot_begin(x->c.db);
	if (open_session(x, true) != ST_OK) {
		decide(x, 500);
		return;
	}
	/* What the path is comes first: no page (a malformed id too) is 404
	 * whatever it carries, and a body is too large only for a route. */
	if (x->match == MATCH_NO_PATH) {
		decide(x, 404);
		return;
	}
	if (x->match == MATCH_WRONG_METHOD) {
		reply_header(rq, rp, "Allow", x->allow);
		decide(x, 405);
		return;
	}
	if (x->length > x->limit) {
		decide(x, 413);
		return;
	}
	if (x->c.session == NULL && x->route->handler != static_serve)
		anonymous_csrf(x);
	const char *lang = req_query(rq, "lang");
	if (lang != NULL && strcmp(rq->method, "GET") == 0) {
		/* Remember the choice and show the same page without ?lang=. */
		reply_language_cookie(rq, rp, x->c.locale);
		const char *target = target_without_lang(x);
		reply_redirect(rq, rp, web_local_path(target) ? target : "/");
		x->decided = true;
		return;
	}
	/* Who may call the route comes first: a visitor without a session is
	 * told to log in (401) before anything about the form. */
	const route *r = x->route;
	if (!who_may_call(x)) {
		if (x->stale_session)
			reply_header(
			    rq, rp, "Set-Cookie",
			    session_cookie_clear(x->a, session_cookie_name(dp->secure_cookies), dp->secure_cookies));
		decide(x, x->c.who.kind == ACTOR_ANONYMOUS ? 401 : 403);
		return;
	}
	/* A provider's callback is authenticated by its handler (router.h). */
	if (r->who != WHO_PROVIDER && authz_check(&x->c, r->cap) != ST_OK) {
		decide(x, 403);
		return;
	}
	/* A link on another site must not open a patient's record in a staff
	 * member's name: the read, and its access-log entry, take a step on our
	 * own site (security review, issue 9). */
	if (reads_patients(r) && from_another_site(rq)) {
		reply_confirm_navigation(rq, rp);
		x->decided = true;
		return;
	}
	if (strcmp(rq->method, "POST") == 0) {
		if (r->who != WHO_PROVIDER && !same_origin(dp, rq)) {
			decide(x, 403);
			return;
		}
		if (x->has_body && !body_type_supported(rq, r)) {
			decide(x, 415);
			return;
		}
	}
}

/* Whether a refused request is answered before its body: when it has one
 * and the client waits for our word before sending it (Expect:
 * 100-continue, which curl and API clients send for large bodies), when its
 * length is unknown or past DRAIN_MAX, or its framing is broken. A refusal
 * without a body, or with one a browser may be sending right now, is
 * answered once that body is read and dropped. */
static bool answer_now(const exchange *x)
{
	if (!x->has_body)
		return false;
	const char *expect = req_header(&x->rq, "expect");
	return (expect != NULL && strcasecmp(expect, "100-continue") == 0) || x->length == 0 || x->length > DRAIN_MAX ||
	       x->rp.status == 400 || x->rp.status == 411 || x->rp.status == 501 || x->rp.status == 503;
}

enum dispatch_step dispatch_begin(exchange *x, const dispatch_peer *peer)
{
	request *rq = &x->rq;
	x->begun = true;
	clock_gettime(CLOCK_MONOTONIC, &x->started);
	rq->method = arena_strdup(x->a, peer->method != NULL ? peer->method : "");
	rq->client_ip = arena_strdup(x->a, peer->client_ip != NULL ? peer->client_ip : "unknown");
	rq->peer_loopback = peer->loopback;
	rq->target = x->target;

	/* Read what can be read safely first, so that any page is in the
	 * user's language: a malformed target or cookie jar just does not
	 * count towards it. */
	bool headers_ok =
	    x->header_fields <= DISPATCH_HEADER_FIELDS_MAX && x->header_bytes <= DISPATCH_HEADER_BYTES_MAX;
	const char *path = NULL;
	bool target_ok = x->target != NULL && parse_target(x->a, x->target, &path, &rq->query);
	if (!target_ok)
		rq->query.len = 0;
	else
		rq->path = path;
	const char *cookie = req_header(rq, "cookie");
	bool cookies_ok = cookie == NULL || parse_cookies(x->a, cookie, &rq->cookies);
	if (!cookies_ok)
		rq->cookies.len = 0;
	x->c.locale =
	    i18n_locale_from(req_query(rq, "lang"), req_cookie(rq, "lang"), req_header(rq, "accept-language"));

	const char *why = NULL;
	int framing_status = framing(x, &why);
	if (peer->over_capacity) {
		log_info("request %s refused with 503: the server is at its connection limit", x->c.request_id);
		reply_header(rq, &x->rp, "Retry-After", RETRY_AFTER_S);
		reply_header(rq, &x->rp, "Connection", "close");
		decide(x, 503);
	} else if (x->target_too_long) {
		refuse(x, 414, "a request target over the bound");
	} else if (!headers_ok) {
		refuse(x, 431, "header fields over the bound");
	} else if (!target_ok) {
		refuse_address(x);
	} else if (!cookies_ok) {
		refuse(x, 431, "more cookies than the bound");
	} else if (framing_status != 0) {
		refuse(x, framing_status, why);
	} else {
		x->match = router_match(rq->method, rq->path, x->a, &rq->params, &x->route, x->allow, sizeof x->allow);
		x->limit = x->match == MATCH_FOUND ? x->route->body_limit : 0;
		admit(x);
		db_snapshot_end(x->c.db);
	}
	if (x->decided)
		return answer_now(x) ? DISPATCH_ANSWER : DISPATCH_CONTINUE;
	if (x->has_body)
		buf_reserve(&x->body, (size_t)x->length); /* within the route's limit */
	return DISPATCH_CONTINUE;
}

/* Whether the body has fallen behind BODY_MIN_RATE. */
static bool body_too_slow(const exchange *x)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	uint64_t elapsed = (uint64_t)(now.tv_sec - x->started.tv_sec);
	return elapsed > BODY_GRACE_S + x->length / BODY_MIN_RATE;
}

enum dispatch_step dispatch_body(exchange *x, const char *data, size_t n)
{
	if (!x->begun || n > x->length - x->received) {
		log_info("request %s closed: more body than its Content-Length", x->c.request_id);
		return DISPATCH_CLOSE;
	}
	if (body_too_slow(x)) {
		log_info("request %s closed: its body arrived slower than %d bytes a second", x->c.request_id,
		         BODY_MIN_RATE);
		return DISPATCH_CLOSE;
	}
	x->received += n;
	/* A refused request's body is dropped as it comes: it costs no memory. */
	if (!x->decided)
		buf_put(&x->body, data, n);
	return DISPATCH_CONTINUE;
}

bool dispatch_begun(const exchange *x)
{
	return x->begun;
}

uint64_t dispatch_body_missing(const exchange *x)
{
	return x->length - x->received;
}

/* A POST body: an urlencoded form, or a multipart one (uploads). */
static bool parse_body(exchange *x)
{
	request *rq = &x->rq;
	const char *ct = req_header(rq, "content-type");
	if (ct != NULL && str_starts(ct, "application/x-www-form-urlencoded"))
		return parse_urlencoded(x->a, x->body.data, x->body.len, &rq->form);
	if (ct != NULL && str_starts(ct, "multipart/form-data"))
		return parse_multipart(x->a, ct, x->body.data, x->body.len, &rq->form, &rq->files);
	x->unsupported_body = true;
	return false;
}

static bool csrf_ok(const request *rq)
{
	return rq->csrf_token != NULL && str_eq_consttime(req_form(rq, "csrf"), rq->csrf_token);
}

/* The handler, reading in one snapshot. The reads it logged are written
 * before its answer leaves, in one transaction (domain/audit.h, audit_later);
 * when they cannot be, the answer is a 500 instead of the page. */
static void run_handler(exchange *x)
{
	/* This thread's connection: a handler may run on a callout thread. */
	x->c.db = db_thread_conn(x->dp->d);
	x->c.log_later = audit_later_new(x->a);
	db_snapshot_begin(x->c.db);
	x->route->handler(&x->rq, &x->rp);
	db_snapshot_end(x->c.db);
	status st = audit_flush(&x->c);
	x->c.log_later = NULL;
	if (st == ST_OK)
		return;
	log_error("request %s: its reads could not be logged (%s); answering 500", x->c.request_id, status_name(st));
	buf_free(&x->rp.body);
	x->rp = (reply){0};
	reply_error(&x->rq, &x->rp, 500);
}

bool dispatch_calls_out(const exchange *x)
{
	return x->begun && !x->decided && x->match == MATCH_FOUND && route_calls_out(x->route);
}

reply *dispatch_finish(exchange *x)
{
	request *rq = &x->rq;
	if (!x->begun)
		decide(x, 400);
	if (x->decided)
		return &x->rp;
	x->decided = true;
	if (x->received < x->length) {
		/* The glue calls this only for a whole request; never run a handler on half a body. */
		log_error("request %s: finished with %zu of %" PRIu64 " body bytes", x->c.request_id, x->body.len,
		          x->length);
		decide(x, 400);
		return &x->rp;
	}
	if (strcmp(rq->method, "POST") == 0 && x->route->who == WHO_PROVIDER) {
		/* No form and no form token: the handler reads the JSON and checks the secret. */
		if (x->body.len > 0 && memchr(x->body.data, '\0', x->body.len) == NULL)
			rq->json_body = arena_strndup(x->a, x->body.data, x->body.len);
	} else if (strcmp(rq->method, "POST") == 0) {
		if (x->body.len > 0 && !parse_body(x)) {
			decide(x, x->unsupported_body ? 415 : 400);
			return &x->rp;
		}
		if (!csrf_ok(rq)) {
			decide(x, 403);
			return &x->rp;
		}
	}
	run_handler(x);
	return &x->rp;
}

/* A parked request runs again up to seconds later: the answer it gives then
 * is for the reader it was admitted for, in the same session and record, with
 * the route still theirs to call (a logout, an idle end, a withdrawn role or
 * representation since then counts at once). 0, or the status to answer. */
static int readmit(exchange *x)
{
	const struct session *admitted = x->c.session;
	int64_t subject = x->c.subject_id;
	if (admitted == NULL)
		return 0;
	x->c.session = NULL;
	x->c.who = (actor){.kind = ACTOR_ANONYMOUS};
	x->c.subject_id = 0;
	x->c.access = 0;
	/* Not touched: a poll waiting on its own is not the reader's activity. */
	if (open_session(x, false) != ST_OK)
		return 500;
	if (x->c.session == NULL || x->c.session->id != admitted->id)
		return 401;
	if (x->c.subject_id != subject || !who_may_call(x) || authz_check(&x->c, x->route->cap) != ST_OK)
		return 403;
	return 0;
}

reply *dispatch_rerun(exchange *x, bool final)
{
	request *rq = &x->rq;
	reply *rp = &x->rp;
	buf_free(&rp->body);
	*rp = (reply){0};
	rq->parks++;
	rq->park_final = final;
	set_clock(x); /* the clock moves on, unless dev mode has set it */
	db_snapshot_begin(x->c.db);
	int refused = readmit(x);
	db_snapshot_end(x->c.db);
	if (refused != 0)
		reply_error(rq, rp, refused);
	else
		run_handler(x);
	return rp;
}

reply *dispatch_reply(exchange *x)
{
	return &x->rp;
}

void dispatch_close(exchange *x)
{
	if (x == NULL)
		return;
	buf_free(&x->body);
	buf_free(&x->rp.body);
	arena_free(x->a);
}
