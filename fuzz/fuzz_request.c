/* fuzz_request.c — libFuzzer target for the whole request path, in process:
 * a request goes through the real dispatcher (http/dispatch.c) exactly as
 * http/server.c feeds it from libmicrohttpd, so routing, :id parameters,
 * strict target and cookie parsing, Accept-Language and the locale, the dev
 * clock header, the session, the route's who and capability, the Origin and
 * CSRF checks, form and multipart parsing and every handler run against an
 * SQLite database in memory (tmpfs), seeded with the demo world.
 *
 * It checks what every request promises: no crash, no leak, never a 500,
 * a status a client can read, and no redirect that leaves the site.
 *
 * The input is a request in a readable shape (the corpus and dictionary in
 * fuzz/ are written in it):
 *
 *   A METHOD TARGET\n      A: who sends it (the digit picks one of ACTORS)
 *   Name: value\n          header fields, up to an empty line
 *   \n
 *   body                   sent as the body (a Content-Length is added
 *                          unless the input has one or a Transfer-Encoding)
 *
 * In header values and the body, "$S" becomes the actor's session token and
 * "$C" its form token, so inputs can act as a logged-in user. The sessions
 * are made through TestID at start, by requests through the dispatcher. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <fcntl.h>

#include "auth/oidc.h"
#include "cli/cli.h"
#include "core/config.h"
#include "core/log.h"
#include "domain/representation.h"
#include "http/dispatch.h"
#include "http/static.h"
#include "store/store.h"
#include "web/i18n.h"
#include "web/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The origin of the synthetic server: what a same-origin POST names. */
#define ORIGIN "http://127.0.0.1:8080"

/* Who sends a request: anonymous, then citizens and staff of the demo world
 * (src/cli/seed_demo.c). */
static const struct actor_def {
	const char *nin; /* NULL: anonymous */
	bool staff;
} ACTORS[] = {
    {NULL, false},          {"21876649788", false}, /* Bjørn: adult, son of Astrid (capacity applications) */
    {"12848649994", false},                         /* Marius: father of Nora (15), Jonas (13), Emma (5) */
    {"14880999983", false},                         /* Mathias: 17 */
    {"14827549852", true},                          /* Ingrid: GP at Øya */
    {"11907949887", true},                          /* Kari: public health nurse */
    {"19889549834", true},                          /* Marte: front desk */
    {"27816849956", true},                          /* Per: caseworker */
    {"09838749817", true},                          /* Hilde: different roles at different units */
    {"05927049955", true},                          /* Eirik: hospital consultant */
};
enum { NACTORS = sizeof ACTORS / sizeof ACTORS[0] };

/* Inputs between fresh databases: the demo world drifts as inputs log out,
 * deactivate accounts and fill queues, and a fresh one costs about a second. */
enum { RESET_EVERY = 20000 };
/* Body bytes per dispatch_body call, as libmicrohttpd hands them over. */
enum { BODY_PIECE = 16 * 1024 };

struct actor_session {
	char token[128];
	char csrf[128];
};

static dispatcher dp;
static site demo_site = {.name = "helsami", .support_phone = "+47 815 00 000", .dev = true, .static_version = "fuzz"};
static struct actor_session sessions[NACTORS];
static unsigned long runs;
/* FUZZ_REQUEST_VERBOSE=1: one line per request (method, target, status), for
 * looking at what a corpus reaches. */
static bool verbose;

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

/* ---- running one request ---------------------------------------------------- */

struct header {
	const char *name, *value;
};

/* Runs a request through the dispatcher as server.c would; returns the
 * reply's status and, when out is given, a copy of what the checks need
 * (the caller frees it with dispatch_close). */
static exchange *run(const char *method, const char *target, const struct header *h, size_t nh, const char *body,
                     size_t body_len, reply **out)
{
	exchange *x = dispatch_open(&dp, target);
	for (size_t i = 0; i < nh; i++)
		dispatch_header(x, h[i].name, h[i].value);
	dispatch_peer peer = {.method = method, .client_ip = "127.0.0.1", .loopback = true};
	*out = NULL;
	if (dispatch_begin(x, &peer) == DISPATCH_ANSWER) {
		*out = dispatch_reply(x);
		return x;
	}
	uint64_t want = dispatch_body_missing(x);
	size_t give = want < body_len ? (size_t)want : body_len;
	for (size_t off = 0; off < give;) {
		size_t n = give - off < BODY_PIECE ? give - off : BODY_PIECE;
		if (dispatch_body(x, body + off, n) == DISPATCH_CLOSE)
			return x; /* closed without an answer */
		off += n;
	}
	if (dispatch_body_missing(x) > 0)
		return x; /* the client never sent the rest: the connection closes */
	*out = dispatch_finish(x);
	return x;
}

/* The value of cookie `name` in the reply's Set-Cookie headers, into out. */
static bool set_cookie(const reply *rp, const char *name, char *out, size_t size)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < rp->headers.len; i++) {
		const kv *h = &rp->headers.items[i];
		if (strcasecmp(h->key, "Set-Cookie") != 0 || strncmp(h->value, name, n) != 0 || h->value[n] != '=')
			continue;
		const char *v = h->value + n + 1;
		size_t len = strcspn(v, ";");
		if (len == 0 || len >= size)
			return false;
		memcpy(out, v, len);
		out[len] = '\0';
		return true;
	}
	return false;
}

/* Whether the reply clears cookie `name` (a logout). */
static bool set_cookie_empty(const reply *rp, const char *name, char *scratch, size_t size)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < rp->headers.len; i++) {
		const kv *h = &rp->headers.items[i];
		if (strcasecmp(h->key, "Set-Cookie") == 0 && strncmp(h->value, name, n) == 0 && h->value[n] == '=' &&
		    !set_cookie(rp, name, scratch, size))
			return true;
	}
	return false;
}

/* The form token in a rendered page (name="csrf" value="..."), into out. */
static bool page_csrf(const reply *rp, char *out, size_t size)
{
	const char *p = rp->body.data ? strstr(rp->body.data, "name=\"csrf\" value=\"") : NULL;
	if (p == NULL)
		return false;
	p += strlen("name=\"csrf\" value=\"");
	size_t len = strcspn(p, "\"");
	if (len == 0 || len >= size)
		return false;
	memcpy(out, p, len);
	out[len] = '\0';
	return true;
}

/* Logs an actor in through TestID, as a browser would. */
static void login(size_t i)
{
	const struct actor_def *a = &ACTORS[i];
	struct actor_session *s = &sessions[i];
	s->token[0] = s->csrf[0] = '\0';
	if (a->nin == NULL)
		return;
	reply *rp;
	char anon[128];
	exchange *x = run("GET", "/login/testid", NULL, 0, NULL, 0, &rp);
	bool ok = rp != NULL && set_cookie(rp, "helsami-csrf", anon, sizeof anon);
	dispatch_close(x);
	if (!ok)
		return;
	char cookie[160], body[200], length[16];
	snprintf(cookie, sizeof cookie, "helsami-csrf=%s", anon);
	snprintf(body, sizeof body, "csrf=%s&nin=%s", anon, a->nin);
	snprintf(length, sizeof length, "%zu", strlen(body));
	struct header post[] = {{"Cookie", cookie},
	                        {"Origin", ORIGIN},
	                        {"Content-Type", "application/x-www-form-urlencoded"},
	                        {"Content-Length", length}};
	x = run("POST", a->staff ? "/staff/login/testid" : "/login/testid", post, 4, body, strlen(body), &rp);
	ok = rp != NULL && set_cookie(rp, "helsami", s->token, sizeof s->token);
	/* Where the login leads: home, or for a deactivated account the page
	 * that reactivates it. */
	char next[128];
	const char *location = rp != NULL ? kv_get(&rp->headers, "Location") : NULL;
	snprintf(next, sizeof next, "%s",
	         location != NULL && location[0] == '/' ? location
	         : a->staff                             ? "/staff"
	                                                : "/");
	dispatch_close(x);
	if (!ok)
		return;
	/* The session's own form token, from the page with a form on it. */
	snprintf(cookie, sizeof cookie, "helsami=%s", s->token);
	struct header get[] = {{"Cookie", cookie}};
	x = run("GET", next, get, 1, NULL, 0, &rp);
	if (rp == NULL || !page_csrf(rp, s->csrf, sizeof s->csrf))
		s->token[0] = '\0';
	dispatch_close(x);
}

/* ---- the world -------------------------------------------------------------- */

/* The world's database: a SQLite file in a directory of its own on tmpfs
 * (/dev/shm), so it lives in memory (the driver refuses ":memory:", whose
 * every connection would be a database of its own). */
static char world_dir[64];

static void remove_world(void)
{
	if (world_dir[0] == '\0')
		return;
	static const char *const files[] = {"world.db", "world.db-wal", "world.db-shm", "world.db-journal"};
	char path[128];
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", world_dir, files[i]);
		unlink(path);
	}
	rmdir(world_dir);
	world_dir[0] = '\0';
}

/* A fresh database with the demo world, and the actors logged in. */
static void open_world(void)
{
	snprintf(world_dir, sizeof world_dir, "%s",
	         access("/dev/shm", W_OK) == 0 ? "/dev/shm/fuzz_request.XXXXXX" : "/tmp/fuzz_request.XXXXXX");
	char url[128];
	db *d;
	if (mkdtemp(world_dir) == NULL)
		abort();
	snprintf(url, sizeof url, "sqlite:%s/world.db", world_dir);
	if (db_open(url, &d) != ST_OK || store_migrate(db_thread_conn(d)) != ST_OK)
		abort();
	/* cli_seed_demo says what it made on stdout; the fuzzer's output is stderr. */
	fflush(stdout);
	int out = dup(STDOUT_FILENO), null = open("/dev/null", O_WRONLY);
	dup2(null, STDOUT_FILENO);
	int seeded = cli_seed_demo_on(d, (date){2026, 11, 22}); /* the demo world's fixed day */
	fflush(stdout);
	dup2(out, STDOUT_FILENO);
	close(out);
	close(null);
	if (seeded != 0)
		abort();
	dp.d = d;
	for (size_t i = 0; i < NACTORS; i++)
		login(i);
}

static void init(void)
{
	log_set_level(LOG_ERROR);
	verbose = getenv("FUZZ_REQUEST_VERBOSE") != NULL;
	if (i18n_load() != ST_OK || tmpl_load_all() != ST_OK)
		abort();
	/* The static files, when run from the repository; without them /static/ is 404. */
	if (static_load("static") != ST_OK)
		static_load("../static");
	config cfg;
	config_defaults(&cfg);
	if (oidc_init(&cfg) != ST_OK)
		abort();
	/* No limit on identity lookups: the fuzzer would reach it at once. */
	repr_set_lookup_limit(0);
	atexit(remove_world);
	dp.site = &demo_site;
	dp.dev = true;
	dp.https = false;
	dp.secure_cookies = false;
	snprintf(dp.origin, sizeof dp.origin, "%s", ORIGIN);
	open_world();
}

/* ---- the input -------------------------------------------------------------- */

/* s[0..n) with $S and $C replaced by the actor's tokens, NUL-terminated. */
static char *substitute(const char *s, size_t n, const struct actor_session *as, size_t *out_len)
{
	size_t extra = 0;
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == '$' && (s[i + 1] == 'S' || s[i + 1] == 'C'))
			extra += sizeof as->token;
	char *out = malloc(n + extra + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '$' && i + 1 < n && (s[i + 1] == 'S' || s[i + 1] == 'C')) {
			const char *t = s[i + 1] == 'S' ? as->token : as->csrf;
			size_t tl = strlen(t);
			memcpy(out + o, t, tl);
			o += tl;
			i++;
			continue;
		}
		out[o++] = s[i];
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}

/* Whether a Location a reply gives stays on this site (or goes to an
 * identity provider over https). */
static bool location_ok(const char *loc)
{
	return web_local_path(loc) || strncmp(loc, "https://", 8) == 0;
}

static void check_reply(const reply *rp)
{
	int st = rp->status ? rp->status : 200;
	check(st >= 200 && st <= 599);
	check(st != 500);
	for (size_t i = 0; i < rp->headers.len; i++) {
		const kv *h = &rp->headers.items[i];
		if (strcasecmp(h->key, "Location") == 0)
			check(location_ok(h->value));
		/* A header value with a line break would split the response. */
		check(strpbrk(h->value, "\r\n") == NULL && strpbrk(h->key, "\r\n: ") == NULL);
	}
	if (rp->static_body == NULL && rp->body.data != NULL && rp->content_type != NULL &&
	    strncmp(rp->content_type, "text/html", 9) == 0)
		check(utf8_valid(rp->body.data, rp->body.len));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (dp.d == NULL)
		init();
	if (++runs % RESET_EVERY == 0) {
		db_close(dp.d);
		remove_world();
		open_world();
	}
	if (size < 2)
		return 0;
	size_t ai = (unsigned char)(data[0] - '0') % NACTORS;
	struct actor_session *as = &sessions[ai];
	if (ACTORS[ai].nin != NULL && as->token[0] == '\0')
		return 0; /* this actor could not log in (e.g. an input deactivated the account) */
	/* The actor digit, and the space after it if there is one. */
	size_t skip = data[1] == ' ' ? 2 : 1;
	char *in = malloc(size);
	memcpy(in, data + skip, size - skip);
	size_t n = size - skip;

	/* The request line. */
	char *line_end = memchr(in, '\n', n);
	size_t line_len = line_end ? (size_t)(line_end - in) : n;
	char *line = malloc(line_len + 1);
	memcpy(line, in, line_len);
	line[line_len] = '\0';
	char *target = strchr(line, ' ');
	if (target != NULL)
		*target++ = '\0';
	size_t pos = line_end ? line_len + 1 : n;

	/* Header fields, up to an empty line. */
	struct header h[DISPATCH_HEADER_FIELDS_MAX + 8];
	char *owned[DISPATCH_HEADER_FIELDS_MAX + 8];
	size_t nh = 0;
	bool has_length = false;
	while (pos < n && in[pos] != '\n' && nh < DISPATCH_HEADER_FIELDS_MAX + 4) {
		char *eol = memchr(in + pos, '\n', n - pos);
		size_t len = eol ? (size_t)(eol - (in + pos)) : n - pos;
		size_t vlen;
		char *field = substitute(in + pos, len, as, &vlen);
		owned[nh] = field;
		char *colon = strchr(field, ':');
		const char *value = "";
		if (colon != NULL) {
			*colon = '\0';
			value = colon + 1;
			while (*value == ' ')
				value++;
		}
		if (strcasecmp(field, "content-length") == 0 || strcasecmp(field, "transfer-encoding") == 0)
			has_length = true;
		h[nh++] = (struct header){field, value};
		pos += len + (eol ? 1 : 0);
	}
	size_t nparsed = nh;
	if (pos < n && in[pos] == '\n')
		pos++;

	/* The body. */
	size_t body_len;
	char *body = substitute(in + pos, n - pos, as, &body_len);
	char length[24];
	if (!has_length && body_len > 0) {
		snprintf(length, sizeof length, "%zu", body_len);
		h[nh++] = (struct header){"Content-Length", length};
	}

	reply *rp;
	exchange *x = run(line, target, h, nh, body, body_len, &rp);
	int status = rp != NULL ? rp->status : 0;
	char cleared[8];
	bool logged_out = rp != NULL && set_cookie_empty(rp, "helsami", cleared, sizeof cleared);
	if (verbose)
		fprintf(stderr, "fuzz_request: actor %zu %s %.80s -> %d\n", ai, line, target ? target : "(none)",
		        rp == NULL ? 0
		        : status   ? status
		                   : 200);
	if (rp != NULL)
		check_reply(rp);
	dispatch_close(x);

	/* An input that logged its actor out (or worse) leaves the others be;
	 * this one logs in again. */
	if (ai != 0 && (status == 401 || logged_out))
		login(ai);
	for (size_t i = 0; i < nparsed; i++)
		free(owned[i]);
	free(body);
	free(line);
	free(in);
	return 0;
}
