/* server.c — the dispatcher. For every request it does, once, what all routes
 * share: parse, match (404/405), body limit (413), language, dev clock, CSRF
 * origin check, session, the route's who/capability check, the handler, and
 * the security headers. Handlers assume those passed.
 *
 * libmicrohttpd calls the access handler several times per request: the
 * first call only sets up state (answering there turns keep-alive off in
 * 0.9.75 and costs 3.8x throughput), upload calls collect the body, and the
 * last call dispatches. */
#include "http/server.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "auth/session.h"
#include "core/crypto.h"
#include "core/log.h"
#include "http/parse.h"
#include "http/router.h"
#include "http/static.h"
#include "web/i18n.h"

/* How long shutdown waits for in-flight requests before closing anyway. */
enum { SHUTDOWN_GRACE_MS = 10000, CONNECTION_TIMEOUT_S = 60, MAX_CONNECTIONS = 4096 };

struct server {
	struct MHD_Daemon *daemon;
	db *d;
	const site *site;
	bool dev;
	bool https;
	bool secure_cookies; /* everywhere but plain-http loopback in dev mode */
	char origin[256]; /* scheme://host[:port] that POSTs must come from */
	uint16_t port;
	atomic_int in_flight;
};

struct rstate {
	arena *a;
	ctx c;
	request rq;
	reply rp;
	const route *route;
	enum match_result match;
	char allow[64];
	buf body;
	size_t limit;
	bool too_large;
	bool stale_session; /* a session cookie came, but its session has ended */
	bool unsupported_body; /* a body in a format no route takes */
};

static atomic_uint_fast64_t request_counter;

#define CSP_HEAD "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " \
                 "font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; "
#define CSP_TAIL "; base-uri 'none'; object-src 'none'"
static const char CSP[] = CSP_HEAD "frame-ancestors 'none'" CSP_TAIL;

/* frame_ancestors: NULL for 'none', else the origins a reply may be framed by. */
static void add_security_headers(struct MHD_Response *r, bool https, const char *frame_ancestors)
{
	if (frame_ancestors == NULL) {
		MHD_add_response_header(r, "Content-Security-Policy", CSP);
	} else {
		char csp[sizeof CSP + 512];
		snprintf(csp, sizeof csp, "%sframe-ancestors %s%s", CSP_HEAD, frame_ancestors, CSP_TAIL);
		MHD_add_response_header(r, "Content-Security-Policy", csp);
	}
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	/* no-referrer would make browsers send "Origin: null" on our own form posts. */
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "Permissions-Policy",
	                        "camera=(self), microphone=(self), geolocation=(), payment=(), usb=(), interest-cohort=()");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
	if (frame_ancestors == NULL)
		MHD_add_response_header(r, "X-Frame-Options", "DENY");
	if (https)
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct rstate *st = cls;
	char *name = arena_strdup(st->a, key);
	for (char *p = name; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	kv_add(st->a, &st->rq.headers, name, value ? value : "");
	return MHD_YES;
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct rstate *st = cls;
	if (st->rq.query.len >= PARSE_MAX_FIELDS)
		return MHD_NO;
	kv_add(st->a, &st->rq.query, key, value ? value : "");
	return MHD_YES;
}

static bool query_valid(const kv_list *q)
{
	for (size_t i = 0; i < q->len; i++)
		if (!utf8_valid(q->items[i].key, strlen(q->items[i].key)) ||
		    !utf8_valid(q->items[i].value, strlen(q->items[i].value)))
			return false;
	return true;
}

static void url_encode_into(buf *b, const char *s)
{
	static const char hexdig[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~", c)) {
			buf_putc(b, (char)c);
		} else {
			char esc[3] = {'%', hexdig[c >> 4], hexdig[c & 15]};
			buf_put(b, esc, 3);
		}
	}
}

/* The request target without the lang parameter, for the post-switch redirect. */
static const char *target_without_lang(struct rstate *st)
{
	buf b;
	buf_init(&b, 128);
	buf_puts(&b, st->rq.path);
	char sep = '?';
	for (size_t i = 0; i < st->rq.query.len; i++) {
		const kv *q = &st->rq.query.items[i];
		if (strcmp(q->key, "lang") == 0)
			continue;
		buf_putc(&b, sep);
		sep = '&';
		url_encode_into(&b, q->key);
		buf_putc(&b, '=');
		url_encode_into(&b, q->value);
	}
	const char *t = arena_strdup(st->a, b.data);
	buf_free(&b);
	return t;
}

/* POSTs must come from our own pages: the Origin header names us, and the
 * browser did not flag the request as cross-site. */
static bool same_origin(const server *srv, const request *rq)
{
	const char *sfs = req_header(rq, "sec-fetch-site");
	if (sfs != NULL && strcmp(sfs, "same-origin") != 0 && strcmp(sfs, "none") != 0)
		return false;
	const char *origin = req_header(rq, "origin");
	return origin != NULL && strcmp(origin, srv->origin) == 0;
}

/* The request clock: the system's, or in dev mode, for a peer on this
 * machine, the X-Helsami-Now header's. */
static bool set_clock(const server *srv, struct rstate *st)
{
	st->c.now = clock_system_now();
	const char *fake = srv->dev && st->rq.peer_loopback ? req_header(&st->rq, "x-helsami-now") : NULL;
	return fake == NULL || time_parse(fake, &st->c.now);
}

/* A POST body: an urlencoded form, or a multipart one (uploads). */
static bool parse_body(struct rstate *st)
{
	request *rq = &st->rq;
	const char *ct = req_header(rq, "content-type");
	if (ct != NULL && str_starts(ct, "application/x-www-form-urlencoded"))
		return parse_urlencoded(st->a, st->body.data, st->body.len, &rq->form);
	if (ct != NULL && str_starts(ct, "multipart/form-data"))
		return parse_multipart(st->a, ct, st->body.data, st->body.len, &rq->form, &rq->files);
	st->unsupported_body = true;
	return false;
}

/* Opens the session named by the cookie, if any, into the context. */
static status open_session(server *srv, struct rstate *st)
{
	request *rq = &st->rq;
	const char *token = req_cookie(rq, session_cookie_name(srv->secure_cookies));
	if (token == NULL)
		return ST_OK;
	if (st->c.db == NULL)
		return ST_INTERNAL;
	session *s = arena_alloc(st->a, sizeof *s);
	status found = session_find(&st->c, token, true, s);
	if (found == ST_OK && s->dev && !srv->dev) {
		/* A dev-mode session (TestID, a settable clock) on a real server: never. */
		log_warn("a session made in dev mode was refused");
		if ((found = session_end(&st->c, s->id)) == ST_OK)
			found = ST_NOT_FOUND;
	}
	if (found == ST_NOT_FOUND) {
		st->stale_session = true;
		return ST_OK;
	}
	if (found != ST_OK)
		return found;
	rq->csrf_token = s->csrf;
	rq->idle_seconds = (long)(session_idle_end(s) - st->c.now);
	status ctx_st = session_context(&st->c, s, &rq->user_name, &rq->subject_name);
	if (ctx_st == ST_NOT_FOUND) {
		rq->csrf_token = NULL;
		rq->idle_seconds = 0;
		st->stale_session = true;
		return ST_OK;
	}
	return ctx_st;
}

/* Visitors without a session get a random form token in a cookie of its own
 * (double submit), so their forms (login) carry a token too. */
static void anonymous_csrf(server *srv, struct rstate *st)
{
	const char *name = session_csrf_cookie_name(srv->secure_cookies);
	const char *token = req_cookie(&st->rq, name);
	if (token == NULL || strlen(token) != SESSION_TOKEN_LEN) {
		char fresh[SESSION_TOKEN_LEN + 1];
		random_token(32, fresh, sizeof fresh);
		token = arena_strdup(st->a, fresh);
		reply_header(&st->rq, &st->rp, "Set-Cookie", session_cookie_set(st->a, name, token, srv->secure_cookies));
	}
	st->rq.csrf_token = token;
}

static bool csrf_ok(const request *rq)
{
	return rq->csrf_token != NULL && str_eq_consttime(req_form(rq, "csrf"), rq->csrf_token);
}

/* Fills the request and decides what to answer; the reply is in st->rp. */
static void dispatch(server *srv, struct rstate *st)
{
	request *rq = &st->rq;
	reply *rp = &st->rp;
	if (!query_valid(&rq->query)) {
		reply_error(rq, rp, 400);
		return;
	}
	const char *cookie = req_header(rq, "cookie");
	if (cookie != NULL && !parse_cookies(st->a, cookie, &rq->cookies)) {
		reply_error(rq, rp, 400);
		return;
	}
	const char *lang = req_query(rq, "lang");
	st->c.locale = i18n_locale_from(lang, req_cookie(rq, "lang"), req_header(rq, "accept-language"));
	if (!set_clock(srv, st)) {
		reply_error(rq, rp, 400);
		return;
	}
	if (open_session(srv, st) != ST_OK) {
		reply_error(rq, rp, 500);
		return;
	}
	if (st->too_large) {
		reply_error(rq, rp, 413);
		return;
	}
	if (st->match == MATCH_NO_PATH) {
		reply_error(rq, rp, 404);
		return;
	}
	if (st->match == MATCH_WRONG_METHOD) {
		reply_header(rq, rp, "Allow", st->allow);
		reply_error(rq, rp, 405);
		return;
	}
	if (st->c.session == NULL && st->route->handler != static_serve)
		anonymous_csrf(srv, st);
	if (lang != NULL && strcmp(rq->method, "GET") == 0) {
		/* Remember the choice and show the same page without ?lang=. */
		reply_header(rq, rp, "Set-Cookie",
		             arena_printf(st->a, "lang=%s; Path=/; Max-Age=31536000; SameSite=Lax%s",
		                          i18n_locale_code(st->c.locale), srv->https ? "; Secure" : ""));
		const char *target = target_without_lang(st);
		reply_redirect(rq, rp, web_local_path(target) ? target : "/");
		return;
	}
	/* Who may call the route comes first: a visitor without a session is
	 * told to log in (401) before anything about the form. */
	const route *r = st->route;
	bool who_ok = (r->who & WHO_ANONYMOUS) ||
	              (st->c.who.kind == ACTOR_CITIZEN && (r->who & WHO_CITIZEN)) ||
	              (st->c.who.kind == ACTOR_STAFF && (r->who & WHO_STAFF));
	if (!who_ok) {
		if (st->stale_session)
			reply_header(rq, rp, "Set-Cookie",
			             session_cookie_clear(st->a, session_cookie_name(srv->secure_cookies), srv->secure_cookies));
		reply_error(rq, rp, st->c.who.kind == ACTOR_ANONYMOUS ? 401 : 403);
		return;
	}
	if (authz_check(&st->c, r->cap) != ST_OK) {
		reply_error(rq, rp, 403);
		return;
	}
	if (strcmp(rq->method, "POST") == 0) {
		if (!same_origin(srv, rq)) {
			reply_error(rq, rp, 403);
			return;
		}
		if (st->body.len > 0 && !parse_body(st)) {
			reply_error(rq, rp, st->unsupported_body ? 415 : 400);
			return;
		}
		if (!csrf_ok(rq)) {
			reply_error(rq, rp, 403);
			return;
		}
	}
	r->handler(rq, rp);
}

static const char *cache_control(const reply *rp)
{
	return rp->cache == CACHE_PUBLIC_IMMUTABLE ? "public, max-age=31536000, immutable" : "no-store";
}

static enum MHD_Result send_reply(server *srv, struct MHD_Connection *conn, struct rstate *st)
{
	reply *rp = &st->rp;
	struct MHD_Response *resp;
	if (rp->static_body != NULL) {
		resp = MHD_create_response_from_buffer(rp->static_len, (void *)(uintptr_t)rp->static_body,
		                                       MHD_RESPMEM_PERSISTENT);
	} else {
		size_t len = rp->body.len;
		char *data = buf_take(&rp->body, &len);
		resp = MHD_create_response_from_buffer(len, data ? data : xstrdup(""), MHD_RESPMEM_MUST_FREE);
	}
	if (resp == NULL)
		return MHD_NO;
	if (rp->content_type != NULL)
		MHD_add_response_header(resp, "Content-Type", rp->content_type);
	MHD_add_response_header(resp, "Cache-Control", cache_control(rp));
	add_security_headers(resp, srv->https, rp->frame_ancestors);
	for (size_t i = 0; i < rp->headers.len; i++)
		MHD_add_response_header(resp, rp->headers.items[i].key, rp->headers.items[i].value);
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)(rp->status ? rp->status : 200), resp);
	MHD_destroy_response(resp);
	return ret;
}

/* The peer's address as text (for per-client rate limits), and whether it
 * is a loopback address. */
static const char *client_ip(arena *a, struct MHD_Connection *conn, bool *loopback)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char text[INET6_ADDRSTRLEN] = "unknown";
	*loopback = false;
	if (ci != NULL && ci->client_addr != NULL) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET) {
			const struct sockaddr_in *s4 = (const struct sockaddr_in *)(const void *)sa;
			inet_ntop(AF_INET, &s4->sin_addr, text, sizeof text);
			*loopback = (ntohl(s4->sin_addr.s_addr) >> 24) == 127;
		} else if (sa->sa_family == AF_INET6) {
			const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(const void *)sa;
			inet_ntop(AF_INET6, &s6->sin6_addr, text, sizeof text);
			*loopback = IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr);
		}
	}
	return arena_strdup(a, text);
}

static struct rstate *begin(server *srv, struct MHD_Connection *conn, const char *url, const char *method)
{
	arena *a = arena_new();
	struct rstate *st = arena_alloc(a, sizeof *st);
	st->a = a;
	st->c.arena = a;
	st->c.db = db_thread_conn(srv->d);
	st->c.request_id = arena_printf(a, "%" PRIuFAST64, atomic_fetch_add(&request_counter, 1));
	st->rq.c = &st->c;
	st->rq.method = arena_strdup(a, method);
	st->rq.path = arena_strdup(a, url);
	st->rq.https = srv->https;
	st->rq.secure_cookies = srv->secure_cookies;
	st->rq.site = srv->site;
	st->rq.client_ip = client_ip(a, conn, &st->rq.peer_loopback);
	MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_header, st);
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_query, st);
	st->match = router_match(st->rq.method, st->rq.path, a, &st->rq.params, &st->route, st->allow,
	                         sizeof st->allow);
	st->limit = st->match == MATCH_FOUND ? st->route->body_limit : 0;
	const char *cl = req_header(&st->rq, "content-length");
	int64_t n;
	if (cl != NULL && str_to_i64(cl, &n) && (n < 0 || (uint64_t)n > st->limit))
		st->too_large = true;
	return st;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	(void)version;
	server *srv = cls;
	struct rstate *st = *con_cls;
	if (st == NULL) {
		atomic_fetch_add(&srv->in_flight, 1);
		*con_cls = begin(srv, conn, url, method);
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (!st->too_large && st->body.len + *upload_data_size <= st->limit)
			buf_put(&st->body, upload_data, *upload_data_size);
		else
			st->too_large = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	dispatch(srv, st);
	return send_reply(srv, conn, st);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)conn, (void)toe;
	server *srv = cls;
	struct rstate *st = *con_cls;
	if (st == NULL)
		return;
	buf_free(&st->body);
	buf_free(&st->rp.body);
	arena_free(st->a);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->in_flight, 1);
}

/* Parses HOST:PORT or [V6]:PORT into a socket address. */
static bool parse_listen(const char *listen, struct sockaddr_storage *ss, bool *loopback)
{
	char host[256];
	const char *colon = strrchr(listen, ':');
	if (colon == NULL || (size_t)(colon - listen) >= sizeof host)
		return false;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	int64_t port;
	if (!str_to_i64(colon + 1, &port) || port < 0 || port > 65535)
		return false;
	memset(ss, 0, sizeof *ss);
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		host[strlen(host) - 1] = '\0';
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1)
			return false;
		*loopback = IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr);
		return true;
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	s4->sin_family = AF_INET;
	s4->sin_port = htons((uint16_t)port);
	if (strcmp(host, "localhost") == 0)
		strcpy(host, "127.0.0.1");
	if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
		return false;
	*loopback = (ntohl(s4->sin_addr.s_addr) >> 24) == 127;
	return true;
}

/* Whether the base URL's host is 127.x.x.x, [::1] or localhost. */
static bool base_url_loopback(const char *base_url)
{
	const char *host = strstr(base_url, "://");
	if (host == NULL)
		return false;
	host += 3;
	size_t n = strcspn(host, ":/?#");
	if (str_starts(host, "[::1]"))
		return true;
	if (n == 9 && strncmp(host, "localhost", 9) == 0)
		return true;
	char ip[16];
	struct in_addr a;
	if (n == 0 || n >= sizeof ip)
		return false;
	memcpy(ip, host, n);
	ip[n] = '\0';
	return inet_pton(AF_INET, ip, &a) == 1 && (ntohl(a.s_addr) >> 24) == 127;
}

static void origin_of(const char *base_url, char *out, size_t size)
{
	snprintf(out, size, "%s", base_url);
	char *scheme_end = strstr(out, "://");
	char *path = scheme_end ? strchr(scheme_end + 3, '/') : NULL;
	if (path != NULL)
		*path = '\0';
}

static int core_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

status server_start(const config *cfg, db *d, const site *s, server **out)
{
	struct sockaddr_storage ss;
	bool loopback = false;
	if (!parse_listen(cfg->listen, &ss, &loopback)) {
		log_error("cannot parse listen address %s (want HOST:PORT)", cfg->listen);
		return ST_INVALID;
	}
	if (cfg->dev && !loopback) {
		log_error("dev mode serves only on a loopback address, not %s", cfg->listen);
		return ST_INVALID;
	}
	if (cfg->dev && cfg->base_url != NULL && !base_url_loopback(cfg->base_url)) {
		log_error("dev mode serves only a loopback base URL (http://127.0.0.1:PORT), not %s: behind a proxy "
		          "TestID and the settable clock would be public",
		          cfg->base_url);
		return ST_INVALID;
	}
	server *srv = xcalloc(1, sizeof *srv);
	srv->d = d;
	srv->site = s;
	srv->dev = cfg->dev;
	unsigned threads = (unsigned)(cfg->threads > 0 ? cfg->threads : core_count());
	srv->daemon = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL, NULL,
	                               on_request, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	                               MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_NOTIFY_COMPLETED,
	                               on_completed, srv, MHD_OPTION_CONNECTION_TIMEOUT,
	                               (unsigned)CONNECTION_TIMEOUT_S, MHD_OPTION_CONNECTION_LIMIT,
	                               (unsigned)MAX_CONNECTIONS, MHD_OPTION_END);
	if (srv->daemon == NULL) {
		log_error("cannot listen on %s", cfg->listen);
		free(srv);
		return ST_INTERNAL;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : 0;
	if (cfg->base_url != NULL) {
		origin_of(cfg->base_url, srv->origin, sizeof srv->origin);
	} else {
		char host[200];
		snprintf(host, sizeof host, "%s", cfg->listen);
		*strrchr(host, ':') = '\0';
		snprintf(srv->origin, sizeof srv->origin, "http://%s:%u", host, srv->port);
	}
	srv->https = str_starts(srv->origin, "https://");
	srv->secure_cookies = srv->https || !cfg->dev;
	log_info("serving http://%s on port %u with %u threads%s (origin %s)", cfg->listen, srv->port, threads,
	         cfg->dev ? ", dev mode" : "", srv->origin);
	*out = srv;
	return ST_OK;
}

uint16_t server_port(const server *srv)
{
	return srv->port;
}

void server_stop(server *srv)
{
	MHD_socket fd = MHD_quiesce_daemon(srv->daemon);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	for (int waited = 0; atomic_load(&srv->in_flight) > 0 && waited < SHUTDOWN_GRACE_MS; waited += 10)
		nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
	MHD_stop_daemon(srv->daemon);
	free(srv);
}
