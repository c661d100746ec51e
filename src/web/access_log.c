/* access_log.c (web) — GET /documents/access-log (SPEC.md D3): who opened
 * the record, on whose behalf, what and when, newest first, 25 to a page
 * with Designsystemet's pagination (plain links, no JavaScript), filtered
 * by a period of days given as ?from=YYYY-MM-DD&to=YYYY-MM-DD. Emergency
 * access is marked with a tag. Times are shown in Norway's time. */
#include <stdio.h>
#include <string.h>

#include "domain/access_log.h"
#include "web/form.h"
#include "web/i18n.h"
#include "web/pages.h"

/* Page numbers far past any real log are refused rather than computed. */
enum { PAGE_MAX = 1000000 };

static const form_field filter_fields[] = {
    {"from", FORM_DATE, .label = "access_log.from"},
    {"to", FORM_DATE, .label = "access_log.to"},
    {"page", FORM_INT, .label = "access_log.page", .min = 1, .max = PAGE_MAX},
};

/* The catalog text for key, or for fallback when key is not in the catalog
 * (codes written by areas that come later, or by other versions). */
static const char *text_or(enum locale loc, const char *key, const char *fallback)
{
	const char *t = i18n_find(loc, key);
	return t != NULL ? t : i18n_text(loc, fallback);
}

static const char *or_empty(const char *s)
{
	return s != NULL ? s : "";
}

static json_t *entry_model(arena *a, enum locale loc, const access_log_entry *e)
{
	char iso[21];
	time_format(e->at, iso);
	const char *role = "";
	if (strcmp(e->actor_kind, "staff") == 0)
		role = e->staff_title != NULL && e->staff_title[0] != '\0'
		           ? e->staff_title
		           : text_or(loc, arena_printf(a, "staff.role.%s", or_empty(e->staff_role)),
		                     "access_log.role.staff");
	else
		role = text_or(loc, arena_printf(a, "access_log.actor.%s", e->actor_kind), "access_log.actor.other");
	const char *who = e->actor_name != NULL ? e->actor_name : i18n_text(loc, "access_log.actor.system_name");
	json_t *o = json_object();
	json_object_set_new(o, "iso", json_string(iso));
	json_object_set_new(o, "when", json_string(i18n_time_text(a, loc, e->at)));
	json_object_set_new(o, "who", json_string(who));
	json_object_set_new(o, "role", json_string(role));
	json_object_set_new(o, "unit", json_string(or_empty(e->unit_name)));
	json_object_set_new(o, "behalf", json_string(or_empty(e->on_behalf_of_name)));
	json_object_set_new(
	    o, "what",
	    json_string(text_or(loc, arena_printf(a, "access_log.what.%s", e->what), "access_log.what.other")));
	json_object_set_new(
	    o, "action",
	    json_string(text_or(loc, arena_printf(a, "access_log.action.%s", e->action), "access_log.action.other")));
	json_object_set_new(o, "purpose",
	                    json_string(text_or(loc, arena_printf(a, "access_log.purpose.%s", e->purpose),
	                                        "access_log.purpose.other")));
	json_object_set_new(o, "emergency", json_boolean(e->emergency));
	return o;
}

/* A link to page p keeping the period. Dates passed validation, so they
 * are digits and dashes and need no escaping. */
static const char *page_href(arena *a, const access_log_query *q, int64_t p)
{
	char from[11] = "", to[11] = "";
	if (q->has_from)
		date_format(q->from, from);
	if (q->has_to)
		date_format(q->to, to);
	return arena_printf(a, "%s?%s%s%s%s%s%spage=%lld", web_path(web_access_log), q->has_from ? "from=" : "", from,
	                    q->has_from ? "&" : "", q->has_to ? "to=" : "", to, q->has_to ? "&" : "", (long long)p);
}

static json_t *page_link(arena *a, enum locale loc, const access_log_query *q, int64_t p, int64_t current)
{
	json_t *o = json_object();
	json_object_set_new(o, "number", json_integer((json_int_t)p));
	json_object_set_new(o, "href", json_string(page_href(a, q, p)));
	json_object_set_new(o, "current", json_boolean(p == current));
	json_object_set_new(o, "gap", json_false());
	json_object_set_new(o, "label", json_sprintf("%s %lld", i18n_text(loc, "access_log.page"), (long long)p));
	return o;
}

/* Designsystemet's pagination: the first and last page, the current one
 * and its neighbours, and a gap (an empty item it draws as "…") between. */
static json_t *pagination_model(arena *a, enum locale loc, const access_log_query *q, const access_log_page *pg)
{
	json_t *p = json_object();
	json_t *links = json_array();
	int64_t last_shown = 0;
	for (int64_t i = 1; i <= pg->pages; i++) {
		if (i != 1 && i != pg->pages && (i < pg->page - 1 || i > pg->page + 1))
			continue;
		if (i > last_shown + 1) {
			json_t *gap = json_object();
			json_object_set_new(gap, "gap", json_true());
			json_array_append_new(links, gap);
		}
		json_array_append_new(links, page_link(a, loc, q, i, pg->page));
		last_shown = i;
	}
	json_object_set_new(p, "links", links);
	json_object_set_new(p, "prev", json_string(pg->page > 1 ? page_href(a, q, pg->page - 1) : ""));
	json_object_set_new(p, "next", json_string(pg->page < pg->pages ? page_href(a, q, pg->page + 1) : ""));
	return p;
}

/* "Showing {first}–{last} of {total}" with the numbers in place. */
static const char *showing(arena *a, enum locale loc, int64_t first, int64_t last, int64_t total)
{
	static const char *const names[] = {"{first}", "{last}", "{total}"};
	const int64_t values[] = {first, last, total};
	buf b;
	buf_init(&b, 64);
	for (const char *p = i18n_text(loc, "access_log.showing"); *p;) {
		size_t i = 0;
		while (i < ARRAY_LEN(names) && !str_starts(p, names[i]))
			i++;
		if (i < ARRAY_LEN(names)) {
			buf_printf(&b, "%lld", (long long)values[i]);
			p += strlen(names[i]);
		} else {
			buf_putc(&b, *p++);
		}
	}
	const char *out = arena_strdup(a, b.data);
	buf_free(&b);
	return out;
}

void web_access_log(request *rq, reply *rp)
{
	ctx *x = rq->c;
	arena *a = x->arena;
	enum locale loc = x->locale;
	form f;
	status st = form_parse(a, filter_fields, ARRAY_LEN(filter_fields), &rq->query, &f);
	access_log_query q = {.page = form_int(&f, "page", 1)};
	const form_value *from = form_get(&f, "from"), *to = form_get(&f, "to");
	q.has_from = from->error == NULL && from->text != NULL;
	q.has_to = to->error == NULL && to->text != NULL;
	q.from = from->day;
	q.to = to->day;
	if (q.has_from && q.has_to && date_to_days(q.to) < date_to_days(q.from))
		form_add_error(&f, "to", "access_log.error.order", 0);

	json_t *m = json_object();
	json_object_set_new(m, "own", json_boolean(x->who.person_id == x->subject_id));
	/* "Show the whole log" whenever a period was asked for, readable or not. */
	json_object_set_new(
	    m, "filtered",
	    json_boolean((from->raw != NULL && from->raw[0] != '\0') || (to->raw != NULL && to->raw[0] != '\0')));
	if (st != ST_OK || f.nerrors > 0) {
		/* A period we cannot read lists nothing rather than everything. */
		json_object_set_new(
		    m, "title",
		    json_sprintf("%s: %s", i18n_text(loc, "form.error.title"), i18n_text(loc, "access_log.title")));
		form_model_into(m, &f, loc);
		rp->status = 400;
		reply_page(rq, rp, "access_log", m);
		return;
	}
	access_log_page pg;
	st = access_log_list(x, x->subject_id, &q, &pg);
	if (reply_failed(rq, rp, st, m))
		return;
	form_model_into(m, &f, loc);
	json_t *entries = json_array();
	for (size_t i = 0; i < pg.count; i++)
		json_array_append_new(entries, entry_model(a, loc, &pg.entries[i]));
	json_object_set_new(m, "entries", entries);
	json_object_set_new(m, "listed", json_boolean(pg.count > 0));
	int64_t first = (pg.page - 1) * ACCESS_LOG_PAGE_SIZE + 1;
	if (pg.count > 0)
		json_object_set_new(m, "showing",
		                    json_string(showing(a, loc, first, first + (int64_t)pg.count - 1, pg.total)));
	if (pg.pages > 1)
		json_object_set_new(m, "pagination", pagination_model(a, loc, &q, &pg));
	reply_page(rq, rp, "access_log", m);
}
