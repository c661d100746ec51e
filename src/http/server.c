/* server.c — the libmicrohttpd glue, and the only file that knows it: the
 * daemon's options, its callbacks fed to the dispatcher (http/dispatch.c),
 * replies turned into responses with the security headers, and start/stop.
 *
 * libmicrohttpd calls the access handler several times per request: the
 * first call has the whole head (dispatch_begin decides everything that
 * needs no body), upload calls bring the body, and the last call
 * dispatches. Accepted requests are answered only in the last call: in
 * 0.9.75 queueing a response in the first call turns keep-alive off and
 * costs 3.8x throughput. A refused request is answered in the first call
 * when the dispatcher says so (DISPATCH_ANSWER: its client waits for our
 * word, or its body is not worth reading), and its connection closed.
 *
 * Configured for a hostile network (docs/architecture.md, "Hostile
 * requests"): a memory pool per connection sized for the request bounds, a
 * short inactivity timeout, a limit per client address, and a connection
 * limit past which clients are answered 503 instead of left waiting. */
#include "http/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "core/log.h"
#include "core/wake.h"
#include "http/callouts.h"
#include "http/dispatch.h"

enum {
	/* How long shutdown waits for in-flight requests before closing anyway. */
	SHUTDOWN_GRACE_MS = 10000,
	/* A connection that sends nothing for this long is closed: while its
	 * request arrives, between body bytes, and idle between keep-alive
	 * requests alike (0.9.75 has one inactivity timer for all three; a
	 * browser simply opens a new connection). Long enough for a mobile
	 * network's stall, short enough that a silent client frees its slot. */
	IDLE_TIMEOUT_S = 10,
	/* A client that has half-closed its side before sending all of its body
	 * can only have the rest in libmicrohttpd's buffer already: a second is
	 * plenty to find out, and then the connection is closed. */
	HALF_CLOSED_TIMEOUT_S = 1,
	/* Connections served at once, and from one client address, unless
	 * configured (--connections, --connections-per-address). 256 per
	 * address leaves room for a large office behind one NAT address (six a
	 * browser) while no single host can take more than a sixteenth. */
	CONNECTIONS_DEFAULT = 4096,
	CONNECTIONS_PER_ADDRESS_DEFAULT = 256,
	/* Past --connections libmicrohttpd still accepts this many more (at
	 * least 16, else a sixteenth), so a client that comes to a full server
	 * is told so (503) instead of waiting in the kernel's backlog; past
	 * those it does wait, as libmicrohttpd then stops accepting. */
	CONNECTIONS_RESERVE_MIN = 16,
	/* Each connection's memory pool. libmicrohttpd reads the head into half
	 * of it, so a target (8 kB) and header block (16 kB) at their bounds
	 * fit without growing the buffer, and the other half holds the header
	 * records (56 bytes each) and the response head. A head larger than the
	 * pool is refused by libmicrohttpd itself (414 or 431, its own page). */
	CONNECTION_MEMORY = 64 * 1024,
	/* How often parked long polls are checked for their deadline. */
	PARK_TICK_MS = 100,
};

struct server {
	struct MHD_Daemon *daemon;
	dispatcher dp;
	uint16_t port;
	unsigned connections; /* served at once; past it, 503 */
	atomic_uint open;     /* connections open now */
	atomic_int in_flight; /* requests between their target and their completion */
	atomic_bool stopping; /* parked requests answer instead of parking again */
	pthread_t ticker;     /* wakes parked requests at their deadline */
	callouts *callouts;   /* run the handlers that call another server */
};

/* A request whose handler runs on a callout thread, its connection suspended. */
struct callout {
	exchange *x;
	struct MHD_Connection *conn;
};

/* The socket context of a connection that came while the server was full. */
static char over_capacity_mark;

#define CSP_HEAD                                                                          \
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " \
	"font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; "
#define CSP_TAIL "; base-uri 'none'; object-src 'none'"
static const char CSP[] = CSP_HEAD "frame-ancestors 'none'" CSP_TAIL;

/* frame_ancestors: NULL for 'none', else the origins a reply may be framed by. */
static void add_security_headers(struct MHD_Response *r, bool https, const char *frame_ancestors, bool media)
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
	/* Camera and microphone only on the video pages, for our own origin. */
	MHD_add_response_header(
	    r, "Permissions-Policy",
	    media ? "camera=(self), microphone=(self), display-capture=(), geolocation=(), payment=(),"
	            " usb=(), interest-cohort=()"
	          : "camera=(), microphone=(), display-capture=(), geolocation=(), payment=(), usb=(),"
	            " interest-cohort=()");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
	if (frame_ancestors == NULL)
		MHD_add_response_header(r, "X-Frame-Options", "DENY");
	if (https)
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

static const char *cache_control(const reply *rp)
{
	return rp->cache == CACHE_PUBLIC_IMMUTABLE ? "public, max-age=31536000, immutable" : "no-store";
}

static enum MHD_Result send_reply(server *srv, struct MHD_Connection *conn, reply *rp)
{
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
	add_security_headers(resp, srv->dp.https, rp->frame_ancestors, rp->media);
	for (size_t i = 0; i < rp->headers.len; i++)
		MHD_add_response_header(resp, rp->headers.items[i].key, rp->headers.items[i].value);
	/* Over the limit, keep-alive connections are not kept: they make room. */
	if (atomic_load(&srv->open) > srv->connections && kv_get(&rp->headers, "Connection") == NULL)
		MHD_add_response_header(resp, "Connection", "close");
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)(rp->status ? rp->status : 200), resp);
	MHD_destroy_response(resp);
	return ret;
}

/* The peer's address as text into text[INET6_ADDRSTRLEN], and whether it is
 * a loopback address. */
static void client_ip(struct MHD_Connection *conn, char *text, bool *loopback)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	strcpy(text, "unknown");
	*loopback = false;
	if (ci == NULL || ci->client_addr == NULL)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)(const void *)sa;
		inet_ntop(AF_INET, &s4->sin_addr, text, INET6_ADDRSTRLEN);
		*loopback = (ntohl(s4->sin_addr.s_addr) >> 24) == 127;
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(const void *)sa;
		inet_ntop(AF_INET6, &s6->sin6_addr, text, INET6_ADDRSTRLEN);
		*loopback = IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr);
	}
}

/* Whether the client has shut down its sending side: nothing more will come.
 * 0.9.75 registers sockets for edge-triggered EPOLLIN without EPOLLRDHUP, so
 * a FIN that arrives with the last data is never seen (fixed in 1.0.0) and
 * such a connection would wait for the timeout; a peek tells at once. */
static bool peer_half_closed(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	char c;
	return ci != NULL && recv(ci->connect_fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

/* libmicrohttpd 0.9.75 splits the query into records of its own before the
 * access handler runs (56 bytes of the connection's pool per parameter, and
 * "&&&" makes three), and when the pool runs out it neither answers nor
 * closes: parse_initial_message_line() ignores the failure, so the 431 it
 * queued is overwritten and the connection waits for the timeout (H1). The
 * dispatcher parses the query itself from the target copied in on_target,
 * with its own bound, so libmicrohttpd is given an empty query: this
 * callback runs after it has found the '?' and before it parses what
 * follows, in its own read buffer, which it rewrites in place right after.
 * Newer releases report the failure properly; the write is harmless there. */
static void hide_query(const char *uri)
{
	char *q = strchr(uri, '?');
	if (q != NULL && q[1] != '\0')
		q[1] = '\0';
}

/* MHD_OPTION_URI_LOG_CALLBACK: the request line is in. The exchange
 * becomes the request's context. */
static void *on_target(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)conn;
	server *srv = cls;
	atomic_fetch_add(&srv->in_flight, 1);
	exchange *x = dispatch_open(&srv->dp, uri);
	if (uri != NULL)
		hide_query(uri);
	return x;
}

static enum MHD_Result add_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	dispatch_header(cls, key, value);
	return MHD_YES;
}

static bool over_capacity(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci != NULL && ci->socket_context == &over_capacity_mark;
}

/* The first call: the head is complete. */
static enum MHD_Result begin(server *srv, struct MHD_Connection *conn, exchange *x, const char *method)
{
	char ip[INET6_ADDRSTRLEN];
	dispatch_peer peer = {.method = method, .client_ip = ip, .over_capacity = over_capacity(conn)};
	client_ip(conn, ip, &peer.loopback);
	MHD_get_connection_values(conn, MHD_HEADER_KIND, add_header, x);
	if (dispatch_begin(x, &peer) == DISPATCH_ANSWER)
		return send_reply(srv, conn, dispatch_reply(x));
	if (dispatch_body_missing(x) > 0 && peer_half_closed(conn))
		MHD_set_connection_option(conn, MHD_CONNECTION_OPTION_TIMEOUT, (unsigned)HALF_CLOSED_TIMEOUT_S);
	return MHD_YES;
}

static void resume_parked(void *conn)
{
	MHD_resume_connection(conn);
}

/* On a callout thread: the handler, then the connection back to its worker,
 * which sends the reply (on_request runs again, and dispatch_finish returns
 * the reply it has). */
static void run_callout(void *arg)
{
	struct callout *co = arg;
	dispatch_finish(co->x);
	MHD_resume_connection(co->conn);
	free(co);
}

static void *park_ticker(void *arg)
{
	server *srv = arg;
	while (!atomic_load(&srv->stopping)) {
		nanosleep(&(struct timespec){0, PARK_TICK_MS * 1000L * 1000L}, NULL);
		wake_expired();
	}
	return NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	(void)url, (void)version;
	server *srv = cls;
	exchange *x = *con_cls;
	if (x == NULL) {
		/* on_target always runs first; without a target there is nothing to serve. */
		atomic_fetch_add(&srv->in_flight, 1);
		*con_cls = x = dispatch_open(&srv->dp, NULL);
	}
	if (!dispatch_begun(x))
		return begin(srv, conn, x, method);
	if (*upload_data_size > 0) {
		enum dispatch_step step = dispatch_body(x, upload_data, *upload_data_size);
		*upload_data_size = 0;
		if (step == DISPATCH_CLOSE)
			return MHD_NO;
		/* Everything libmicrohttpd had is taken: if the client has stopped
		 * sending, the body will never be whole. */
		if (dispatch_body_missing(x) > 0 && peer_half_closed(conn))
			return MHD_NO;
		return MHD_YES;
	}
	if (dispatch_calls_out(x)) {
		struct callout *co = xcalloc(1, sizeof *co);
		*co = (struct callout){.x = x, .conn = conn};
		MHD_suspend_connection(conn);
		callouts_submit(srv->callouts, run_callout, co);
		return MHD_YES;
	}
	/* A parked long poll comes back here when woken (MHD_resume_connection). */
	bool stopping = atomic_load(&srv->stopping);
	reply *rp = dispatch_reply(x)->park_key != 0 ? dispatch_rerun(x, stopping) : dispatch_finish(x);
	if (rp->park_key != 0 && !stopping) {
		/* Suspended first, so the wake's resume always finds it suspended;
		 * no thread waits while it is parked. */
		MHD_suspend_connection(conn);
		wake_park(rp->park_key, rp->park_ms, resume_parked, conn);
		return MHD_YES;
	}
	return send_reply(srv, conn, rp);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)conn, (void)toe;
	server *srv = cls;
	if (*con_cls == NULL)
		return;
	dispatch_close(*con_cls);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->in_flight, 1);
}

/* MHD_OPTION_NOTIFY_CONNECTION: counts open connections and marks those
 * that come while the server is full. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
	(void)conn;
	server *srv = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		if (atomic_fetch_add(&srv->open, 1) + 1 > srv->connections)
			*socket_context = &over_capacity_mark;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		atomic_fetch_sub(&srv->open, 1);
	}
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

/* A handler blocks its thread while the database works (an fsync on
 * SQLite, a round trip to PostgreSQL), and SQLite's group commit can only
 * gather the writes of requests in flight: with a thread a core, two
 * cores commit two bookings (or two logged chart reads) an fsync. On two
 * cores, quiet, 2026-12-07: bookings 1,483/s with 4 threads a core, 2,600
 * with 8, 2,551 with 16 (bench/booking.sh); read pages alike with 8 and 16
 * (bench/pages.sh). On PostgreSQL each thread holds a connection, a backend
 * process that shares the cores: with one thread a core instead of eight the
 * home page took 600 µs of CPU a request instead of 900-1,060 (the server's
 * and the backends' together) and answered 2,960-3,240 req/s instead of
 * 1,810-2,350, the staff chart, which commits a logged read a request,
 * 1,880-1,960 instead of 1,060-1,120 (2026-12-08, quiet, 64 connections;
 * docs/architecture.md, "Worker threads on PostgreSQL"). A handler that calls
 * another server does not hold a worker (http/callouts.h). */
enum { THREADS_PER_CORE_SQLITE = 8, THREADS_PER_CORE_POSTGRES = 1 };
/* Threads for the handlers that call an OpenID provider: logins and
 * logouts at once past this wait for one, while pages go on being served. */
enum { CALLOUT_THREADS = 8 };

static unsigned default_threads(const db *d)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned per_core = db_kind_of(d) == DB_POSTGRES ? THREADS_PER_CORE_POSTGRES : THREADS_PER_CORE_SQLITE;
	return (unsigned)(n > 0 ? n : 1) * per_core;
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
	if (cfg->connections < -1 || cfg->connections_per_address < -1) {
		log_error("--connections and --connections-per-address take a whole number (0 = no limit per address)");
		return ST_INVALID;
	}
	server *srv = xcalloc(1, sizeof *srv);
	srv->dp.d = d;
	srv->dp.site = s;
	srv->dp.dev = cfg->dev;
	srv->connections = (unsigned)(cfg->connections > 0 ? cfg->connections : CONNECTIONS_DEFAULT);
	unsigned reserve =
	    srv->connections / 16 > CONNECTIONS_RESERVE_MIN ? srv->connections / 16 : CONNECTIONS_RESERVE_MIN;
	unsigned per_address = (unsigned)(cfg->connections_per_address >= 0 ? cfg->connections_per_address
	                                                                    : CONNECTIONS_PER_ADDRESS_DEFAULT);
	unsigned threads = cfg->threads > 0 ? (unsigned)cfg->threads : default_threads(d);
	srv->callouts = callouts_start(CALLOUT_THREADS);
	if (srv->callouts == NULL) {
		log_error("cannot start the threads for handlers that call another server");
		free(srv);
		return ST_INTERNAL;
	}
	srv->daemon = MHD_start_daemon(
	    MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME, 0, NULL, NULL,
	    on_request, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_URI_LOG_CALLBACK, on_target, srv, MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    (size_t)CONNECTION_MEMORY, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_TIMEOUT_S,
	    MHD_OPTION_CONNECTION_LIMIT, srv->connections + reserve, MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_address,
	    MHD_OPTION_END);
	if (srv->daemon == NULL) {
		log_error("cannot listen on %s", cfg->listen);
		callouts_stop(srv->callouts);
		free(srv);
		return ST_INTERNAL;
	}
	if (pthread_create(&srv->ticker, NULL, park_ticker, srv) != 0) {
		log_error("cannot start the long-poll timer");
		MHD_stop_daemon(srv->daemon);
		callouts_stop(srv->callouts);
		free(srv);
		return ST_INTERNAL;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : 0;
	if (cfg->base_url != NULL) {
		origin_of(cfg->base_url, srv->dp.origin, sizeof srv->dp.origin);
	} else {
		char host[200];
		snprintf(host, sizeof host, "%s", cfg->listen);
		*strrchr(host, ':') = '\0';
		snprintf(srv->dp.origin, sizeof srv->dp.origin, "http://%s:%u", host, srv->port);
	}
	srv->dp.https = str_starts(srv->dp.origin, "https://");
	srv->dp.secure_cookies = srv->dp.https || !cfg->dev;
	log_info("serving http://%s on port %u with %u threads%s (origin %s), %u connections, %u per address",
	         cfg->listen, srv->port, threads, cfg->dev ? ", dev mode" : "", srv->dp.origin, srv->connections,
	         per_address);
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
	atomic_store(&srv->stopping, true);
	pthread_join(srv->ticker, NULL);
	for (int waited = 0; atomic_load(&srv->in_flight) > 0 && waited < SHUTDOWN_GRACE_MS; waited += 10) {
		wake_all(); /* parked polls answer at once now */
		nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
	}
	/* Every suspended connection is resumed before libmicrohttpd stops. */
	callouts_stop(srv->callouts);
	MHD_stop_daemon(srv->daemon);
	free(srv);
}
