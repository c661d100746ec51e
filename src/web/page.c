/* page.c — the HTML half of the reply family (web.h): key/value lists, headers,
 * redirects, pages rendered inside the common layout, and error pages.
 *
 * A page template holds only what goes inside <main>: reply_page renders
 * layout_top, the page and layout_bottom with one context stack whose bottom
 * is the layout model (below), so page models override it by name.
 *
 * The layout model:
 *   lang            "nb" or "en"
 *   switch.lang     the other language's code, switch.label its name in itself
 *   site.name, site.phone, site.phone_href (tel:...), site.hours (this locale)
 *   dev             true in dev mode
 *   static_version  appended to asset URLs
 *   here            the current path, percent-encoded (for ?lang= links)
 *   csrf            this session's form token, if any
 *   user            when logged in: name, subject (whose record, if not one's
 *                   own), staff, idle (seconds until an idle session ends)
 *   main_menu       the main menu (web/menu.h: menu_model): the areas this
 *                   reader may open, the current one marked, whose record
 *   title           the page title: the model's, else catalog "NAME.title", else none */
#include "web/web.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "auth/session.h"
#include "core/core.h"
#include "core/crypto.h"
#include "core/log.h"
#include "domain/messages.h"
#include "domain/notify.h"
#include "web/i18n.h"
#include "web/menu.h"
#include "web/template.h"

/* A page body is rarely smaller; reserving it up front means one allocation. */
enum { PAGE_RESERVE = 16 * 1024 };

/* Used when a request carries no site settings (tests, early errors). */
static const site default_site = {
    .name = "helsami",
    .support_phone = "+47 73 00 00 00",
    .support_hours_nb = "Hverdager 08.00–15.30",
    .support_hours_en = "Weekdays 08:00–15:30",
    .dev = false,
    .static_version = "0",
};

/* Statuses with their own title and text in the catalog (error.NNN.*). */
static const int error_statuses[] = {400, 401, 403, 404, 405, 411, 413, 414, 415, 429, 431, 500, 501, 503};

/* The last resort when even the error template fails: a constant, in both
 * languages, that depends on nothing. */
static const char fallback_page[] =
    "<!doctype html>\n<html lang=\"nb\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    "<title>Feil – Error</title></head><body><main>"
    "<h1>Noe gikk galt <span lang=\"en\">(Something went wrong)</span></h1>"
    "<p>Prøv igjen om litt. <span lang=\"en\">Please try again in a little while.</span></p>"
    "<p><a href=\"/\">Til forsiden <span lang=\"en\">(To the start page)</span></a></p>"
    "</main></body></html>\n";

/* ---- key/value lists and headers ---------------------------------------- */

void kv_add(arena *a, kv_list *l, const char *key, const char *value)
{
	if (l->len == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		kv *items = arena_alloc(a, cap * sizeof *items);
		if (l->len > 0)
			memcpy(items, l->items, l->len * sizeof *items);
		l->items = items;
		l->cap = cap;
	}
	/* Copied, so callers may pass buffers that die before the request does. */
	l->items[l->len].key = arena_strdup(a, key ? key : "");
	l->items[l->len].value = arena_strdup(a, value ? value : "");
	l->len++;
}

const char *kv_get(const kv_list *l, const char *key)
{
	if (l == NULL || key == NULL)
		return NULL;
	for (size_t i = 0; i < l->len; i++)
		if (strcmp(l->items[i].key, key) == 0)
			return l->items[i].value;
	return NULL;
}

/* The route parameter called name, or NULL (logged: a handler asked for a
 * parameter its route does not have). */
static const route_param *route_param_of(const request *rq, const char *name)
{
	for (size_t i = 0; i < rq->params.len; i++)
		if (strcmp(rq->params.items[i].name, name) == 0)
			return &rq->params.items[i];
	log_error("route %s has no parameter %s", rq->path, name);
	return NULL;
}

int64_t req_id(const request *rq, const char *name)
{
	const route_param *p = route_param_of(rq, name);
	return p != NULL ? p->id : 0;
}

const char *req_segment(const request *rq, const char *name)
{
	const route_param *p = route_param_of(rq, name);
	return p != NULL ? p->text : NULL;
}

static bool header_safe(const char *s)
{
	for (; *s; s++)
		if (*s == '\r' || *s == '\n')
			return false;
	return true;
}

void reply_header(request *rq, reply *rp, const char *name, const char *value)
{
	/* A CR or LF would let a value start a header of its own. */
	if (name == NULL || value == NULL || name[0] == '\0' || !header_safe(name) || !header_safe(value)) {
		log_error("reply_header: refused a header with a line break or no name");
		return;
	}
	kv_add(rq->c->arena, &rp->headers, name, value);
}

void reply_attachment(request *rq, reply *rp, const char *type, const char *base, int64_t id, const uint8_t *data,
                      size_t len)
{
	rp->status = 200;
	rp->content_type = type;
	const char *ext = strcmp(type, "application/pdf") == 0 ? "pdf" : strcmp(type, "image/png") == 0 ? "png" : "jpg";
	reply_header(rq, rp, "Content-Disposition",
	             arena_printf(rq->c->arena, "attachment; filename=\"%s-%lld.%s\"", base, (long long)id, ext));
	reply_header(rq, rp, "Content-Security-Policy", "sandbox; default-src 'none'");
	buf_put(&rp->body, data, len);
}

static void body_reset(reply *rp)
{
	if (rp->body.data != NULL) {
		rp->body.len = 0;
		rp->body.data[0] = '\0';
	}
	rp->static_body = NULL;
	rp->static_len = 0;
}

void reply_redirect(request *rq, reply *rp, const char *location)
{
	body_reset(rp);
	rp->status = 303;
	rp->content_type = "text/plain; charset=utf-8";
	reply_header(rq, rp, "Location", location);
}

void reply_language_cookie(request *rq, reply *rp, enum locale loc)
{
	reply_header(rq, rp, "Set-Cookie",
	             arena_printf(rq->c->arena, "lang=%s; Path=/; Max-Age=31536000; SameSite=Lax%s",
	                          i18n_locale_code(loc), rq->https ? "; Secure" : ""));
}

bool web_local_path(const char *p)
{
	/* Starting with one "/" also rules out a scheme ("javascript:"). */
	if (p == NULL || p[0] != '/' || p[1] == '/')
		return false;
	for (const unsigned char *c = (const unsigned char *)p; *c; c++)
		if (*c < 0x20 || *c == 0x7f || *c == '\\')
			return false;
	return true;
}

/* ---- the layout model --------------------------------------------------- */

static enum locale req_locale(const request *rq)
{
	return rq->c != NULL && (unsigned)rq->c->locale < LOCALE_COUNT ? rq->c->locale : LOCALE_NB;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* A JSON string that is never NULL (json_string refuses invalid UTF-8). */
static json_t *jstr(const char *s)
{
	json_t *j = json_string(or_empty(s));
	return j ? j : json_string("");
}

static json_t *build_base(const site *s, enum locale loc)
{
	enum locale other = loc == LOCALE_NB ? LOCALE_EN : LOCALE_NB;
	const char *phone = or_empty(s->support_phone);
	char href[64] = "tel:";
	size_t n = 4;
	for (const char *p = phone; *p && n + 1 < sizeof href; p++)
		if ((*p >= '0' && *p <= '9') || (*p == '+' && n == 4))
			href[n++] = *p;
	href[n] = '\0';

	json_t *sw = json_object();
	json_object_set_new(sw, "lang", jstr(i18n_locale_code(other)));
	json_object_set_new(sw, "label", jstr(i18n_text(other, "locale.name")));
	json_t *st = json_object();
	json_object_set_new(st, "name", jstr(s->name));
	json_object_set_new(st, "phone", jstr(phone));
	json_object_set_new(st, "phone_href", jstr(href));
	json_object_set_new(st, "hours", jstr(loc == LOCALE_NB ? s->support_hours_nb : s->support_hours_en));
	json_t *b = json_object();
	json_object_set_new(b, "lang", jstr(i18n_locale_code(loc)));
	json_object_set_new(b, "switch", sw);
	json_object_set_new(b, "site", st);
	json_object_set_new(b, "dev", json_boolean(s->dev));
	json_object_set_new(b, "static_version", jstr(s->static_version));
	return b;
}

/* The layout model depends only on the site settings and the locale, so it is
 * built once; requests read it without a lock (reading a jansson object does
 * not modify it). */
struct base_cache {
	site copy; /* strings owned here */
	json_t *base[LOCALE_COUNT];
};

static _Atomic(struct base_cache *) cache;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static bool same_site(const site *a, const site *b)
{
	return a->dev == b->dev && strcmp(or_empty(a->name), or_empty(b->name)) == 0 &&
	       strcmp(or_empty(a->support_phone), or_empty(b->support_phone)) == 0 &&
	       strcmp(or_empty(a->support_hours_nb), or_empty(b->support_hours_nb)) == 0 &&
	       strcmp(or_empty(a->support_hours_en), or_empty(b->support_hours_en)) == 0 &&
	       strcmp(or_empty(a->static_version), or_empty(b->static_version)) == 0;
}

static struct base_cache *cache_build(const site *s)
{
	struct base_cache *c = xcalloc(1, sizeof *c);
	c->copy.name = xstrdup(or_empty(s->name));
	c->copy.support_phone = xstrdup(or_empty(s->support_phone));
	c->copy.support_hours_nb = xstrdup(or_empty(s->support_hours_nb));
	c->copy.support_hours_en = xstrdup(or_empty(s->support_hours_en));
	c->copy.static_version = xstrdup(or_empty(s->static_version));
	c->copy.dev = s->dev;
	for (int l = 0; l < LOCALE_COUNT; l++)
		c->base[l] = build_base(&c->copy, (enum locale)l);
	return c;
}

/* The layout model for s in loc. If s differs from the cached settings (tests
 * with several sites), a fresh one is built and *owned set for the caller to
 * release. The cache is never freed: it lives as long as the process. */
static const json_t *layout_base(const site *s, enum locale loc, json_t **owned)
{
	*owned = NULL;
	struct base_cache *c = atomic_load_explicit(&cache, memory_order_acquire);
	if (c == NULL) {
		pthread_mutex_lock(&cache_lock);
		c = atomic_load_explicit(&cache, memory_order_relaxed);
		if (c == NULL) {
			c = cache_build(s);
			atomic_store_explicit(&cache, c, memory_order_release);
		}
		pthread_mutex_unlock(&cache_lock);
	}
	if (same_site(&c->copy, s))
		return c->base[loc];
	*owned = build_base(s, loc);
	return *owned;
}

/* The path for links back to this page: percent-encoded, and never starting
 * with "//", which a browser would read as another host. */
static const char *here_path(arena *a, const char *path)
{
	if (path == NULL || path[0] != '/')
		return "/";
	while (path[1] == '/')
		path++;
	buf b;
	buf_init(&b, strlen(path) + 1);
	buf_put_percent(&b, path, "/");
	const char *out = arena_strdup(a, b.data);
	buf_free(&b);
	return out;
}

/* ---- pages -------------------------------------------------------------- */

/* Who is logged in, for the header: name, whose record is open, staff or
 * not, and the seconds until an idle session ends (for the warning). */
static json_t *user_model(const request *rq)
{
	json_t *u = json_object();
	json_object_set_new(u, "name", jstr(rq->user_name));
	if (rq->subject_name != NULL)
		json_object_set_new(u, "subject", jstr(rq->subject_name));
	json_object_set_new(u, "staff", json_boolean(rq->c != NULL && rq->c->who.kind == ACTOR_STAFF));
	json_object_set_new(u, "idle", json_integer(rq->idle_seconds));
	/* The unread in-app notices (N1): one indexed count per page. */
	int64_t unread = 0;
	if (rq->c != NULL && rq->c->who.kind == ACTOR_CITIZEN && rq->c->db != NULL &&
	    notify_unread(rq->c, &unread) == ST_OK && unread > 0)
		json_object_set_new(u, "unread", json_integer(unread));
	/* Staff: conversations waiting for them (docs/messages.md): a count only. */
	int64_t waiting = 0;
	if (rq->c != NULL && rq->c->who.kind == ACTOR_STAFF && rq->c->db != NULL &&
	    msg_staff_waiting(rq->c, &waiting) == ST_OK && waiting > 0)
		json_object_set_new(u, "waiting", json_integer(waiting));
	return u;
}

/* Renders name inside the layout into rp; takes the model's reference. On
 * failure rp's body is empty and the caller answers otherwise. */
static status render_page(request *rq, reply *rp, const char *name, json_t *model)
{
	enum locale loc = req_locale(rq);
	const site *s = rq->site ? rq->site : &default_site;
	if (model == NULL)
		model = json_object();
	if (!json_is_object(model)) {
		log_error("page %s: the model is not an object", name);
		json_decref(model);
		return ST_INTERNAL;
	}
	if (json_object_get(model, "here") == NULL) {
		const char *here = rq->c ? here_path(rq->c->arena, rq->path) : "/";
		json_object_set_new(model, "here", jstr(here));
	}
	if (rq->csrf_token != NULL && json_object_get(model, "csrf") == NULL)
		json_object_set_new(model, "csrf", jstr(rq->csrf_token));
	if (rq->user_name != NULL && json_object_get(model, "user") == NULL)
		json_object_set_new(model, "user", user_model(rq));
	if (json_object_get(model, "main_menu") == NULL)
		json_object_set_new(model, "main_menu", menu_model(rq));
	if (json_object_get(model, "title") == NULL) {
		char key[160];
		snprintf(key, sizeof key, "%s.title", name);
		const char *title = i18n_find(loc, key);
		if (title != NULL)
			json_object_set_new(model, "title", jstr(title));
	}

	json_t *owned;
	const json_t *base = layout_base(s, loc, &owned);
	body_reset(rp);
	buf_reserve(&rp->body, PAGE_RESERVE);
	status st = tmpl_render_layered("layout_top", base, model, loc, &rp->body);
	if (st == ST_OK)
		st = tmpl_render_layered(name, base, model, loc, &rp->body);
	if (st == ST_OK)
		st = tmpl_render_layered("layout_bottom", base, model, loc, &rp->body);
	json_decref(model);
	json_decref(owned);
	if (st != ST_OK) {
		log_error("page %s: rendering failed (%s)", name, status_name(st));
		body_reset(rp);
		return st;
	}
	if (rp->status == 0)
		rp->status = 200;
	rp->content_type = "text/html; charset=utf-8";
	return ST_OK;
}

void reply_page(request *rq, reply *rp, const char *name, json_t *model)
{
	if (render_page(rq, rp, name, model) != ST_OK)
		reply_error(rq, rp, 500);
}

int web_status_code(status st)
{
	switch (st) {
	case ST_NOT_FOUND: return 404;
	case ST_DENIED: return 403;
	case ST_CONFLICT: return 409;
	case ST_INVALID: return 400;
	case ST_BUSY: return 503;
	case ST_OK:
	case ST_INTERNAL: break;
	}
	return 500;
}

void reply_status(request *rq, reply *rp, status st)
{
	reply_error(rq, rp, web_status_code(st));
}

bool reply_failed(request *rq, reply *rp, status st, json_t *model)
{
	if (st == ST_OK)
		return false;
	json_decref(model);
	reply_status(rq, rp, st);
	return true;
}

bool reply_posted(request *rq, reply *rp, status st, const char *next)
{
	if (st == ST_OK)
		reply_redirect(rq, rp, next);
	else if (st != ST_INVALID)
		reply_status(rq, rp, st);
	else
		rp->status = 400;
	return st == ST_INVALID;
}

const char *web_form_token(request *rq, reply *rp)
{
	if (rq->csrf_token != NULL)
		return rq->csrf_token;
	char fresh[SESSION_TOKEN_LEN + 1];
	random_token(32, fresh, sizeof fresh);
	rq->csrf_token = arena_strdup(rq->c->arena, fresh);
	reply_header(rq, rp, "Set-Cookie",
	             session_cookie_set(rq->c->arena, session_csrf_cookie_name(rq->secure_cookies), rq->csrf_token,
	                                rq->secure_cookies));
	return rq->csrf_token;
}

void reply_confirm_navigation(request *rq, reply *rp)
{
	json_t *m = json_object();
	json_object_set_new(m, "target", jstr(web_local_path(rq->target) ? rq->target : "/staff"));
	rp->status = 200;
	if (render_page(rq, rp, "staff_navigation", m) != ST_OK)
		reply_error(rq, rp, 500);
}

void reply_error(request *rq, reply *rp, int code)
{
	enum locale loc = req_locale(rq);
	/* Statuses without texts of their own borrow those of their class. */
	int texts = code >= 500 ? 500 : 400;
	for (size_t i = 0; i < ARRAY_LEN(error_statuses); i++)
		if (error_statuses[i] == code)
			texts = code;
	char key[32];
	json_t *m = json_object();
	json_object_set_new(m, "status", json_integer(code));
	snprintf(key, sizeof key, "error.%d.title", texts);
	json_object_set_new(m, "title", jstr(i18n_text(loc, key)));
	snprintf(key, sizeof key, "error.%d.text", texts);
	json_object_set_new(m, "text", jstr(i18n_text(loc, key)));
	if (code >= 500 && rq->c != NULL && rq->c->request_id != NULL)
		json_object_set_new(m, "request_id", jstr(rq->c->request_id));

	rp->status = code;
	if (render_page(rq, rp, "error", m) != ST_OK) {
		rp->status = code;
		rp->content_type = "text/html; charset=utf-8";
		rp->static_body = fallback_page;
		rp->static_len = sizeof fallback_page - 1;
	}
}
