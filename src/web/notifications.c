/* notifications.c (web) — the citizen's in-app notices (SPEC.md N1, N2)
 * and the operator's outbox. GET /notifications lists the logged-in
 * person's own notices, newest first (a representative's notices about
 * those they act for are theirs, whoever's record is open); POST
 * /notifications/read marks them read. GET /staff/outbox shows delivery
 * counts and the rows of one status (?status=pending|sent|failed|dead);
 * POST /staff/outbox/retry puts a failed or dead delivery back in line,
 * POST /staff/outbox/letters/:id/retry a dead letter delivery. */
#include <string.h>

#include "domain/authz.h"
#include "domain/notify.h"
#include "web/form.h"
#include "web/i18n.h"
#include "web/pages.h"

static json_t *notice_model(arena *a, enum locale loc, const delivery *d)
{
	json_t *o = json_object();
	char iso[21];
	time_format(d->created_at, iso);
	json_object_set_new(o, "iso", json_string(iso));
	json_object_set_new(o, "when", json_string(i18n_time_text(a, loc, d->created_at)));
	const char *key = arena_printf(a, "notifications.kind.%s", d->kind);
	const char *what = i18n_find(loc, key);
	json_object_set_new(o, "what", json_string(what != NULL ? what : i18n_text(loc, "notifications.kind.other")));
	if (d->about_name != NULL)
		json_object_set_new(o, "about", json_string(d->about_name));
	json_object_set_new(o, "unread", json_boolean(d->read_at == 0));
	return o;
}

void web_notifications(request *rq, reply *rp)
{
	delivery *rows;
	size_t n;
	status st = notify_inbox(rq->c, &rows, &n);
	if (reply_failed(rq, rp, st, NULL))
		return;
	enum locale loc = rq->c->locale;
	json_t *m = json_object();
	json_t *items = json_array();
	bool unread = false;
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(items, notice_model(rq->c->arena, loc, &rows[i]));
		unread = unread || rows[i].read_at == 0;
	}
	json_object_set_new(m, "items", items);
	json_object_set_new(m, "any_unread", json_boolean(unread));
	json_object_set_new(m, "read_url", json_string(web_path(web_notifications_read)));
	reply_page(rq, rp, "notifications", m);
}

void web_notifications_read(request *rq, reply *rp)
{
	reply_posted(rq, rp, notify_mark_read(rq->c), web_path(web_notifications));
}

/* ---- the operator's outbox ---------------------------------------------------- */

static const char *const status_choices[] = {"pending", "sent", "failed", "dead", NULL};

static const char *const flag_choices[] = {"1", NULL};

/* The notices a retry's redirect asks for are fields too: an undeclared
 * one would make the page a 400. */
static const form_field outbox_query[] = {
    {"status", FORM_ENUM, .label = "outbox.status", .choices = status_choices},
    {"retried", FORM_ENUM, .label = "outbox.retried", .choices = flag_choices},
    {"letter_retried", FORM_ENUM, .label = "outbox.letters.retried", .choices = flag_choices},
};

static const form_field retry_fields[] = {
    {"delivery", FORM_INT, .flags = FORM_REQUIRED, .label = "outbox.delivery", .min = 1, .max = INT64_MAX},
};

static json_t *time_or_empty(arena *a, enum locale loc, unix_time t)
{
	return json_string(t != 0 ? i18n_time_text(a, loc, t) : "");
}

/* Letters to the national portal and the digital mailbox: counts by
 * status and the dead ones. */
static void letters_model(ctx *x, const notify_outbox_view *v, json_t *m)
{
	json_t *counts = json_array();
	for (int i = 0; notify_statuses[i] != NULL; i++)
		json_array_append_new(counts, json_pack("{s:s, s:I}", "label",
		                                        i18n_text(x->locale, arena_printf(x->arena, "outbox.status.%s",
		                                                                          notify_statuses[i])),
		                                        "count", (json_int_t)v->letter_counts[i]));
	json_object_set_new(m, "letter_counts", counts);
	json_t *rows = json_array();
	for (size_t i = 0; i < v->ndead_letters; i++) {
		const letter_delivery *d = &v->dead_letters[i];
		json_array_append_new(
		    rows, json_pack("{s:I, s:I, s:s, s:i, s:s, s:s}", "id", (json_int_t)d->id, "letter",
		                    (json_int_t)d->document_id, "adapter",
		                    i18n_text(x->locale, arena_printf(x->arena, "outbox.adapter.%s", d->adapter)),
		                    "attempts", d->attempts, "error", d->last_error != NULL ? d->last_error : "",
		                    "letter_retry_url", url_for(x->arena, web_staff_outbox_letter_retry, d->id)));
	}
	json_object_set_new(m, "dead_letters", rows);
	json_t *paper = json_array();
	for (int i = 0; notify_paper_reasons[i] != NULL; i++)
		json_array_append_new(paper, json_pack("{s:s, s:s, s:I}", "reason", notify_paper_reasons[i], "label",
		                                       i18n_text(x->locale, arena_printf(x->arena, "outbox.paper.%s",
		                                                                         notify_paper_reasons[i])),
		                                       "count", (json_int_t)v->paper_counts[i]));
	json_object_set_new(m, "paper_counts", paper);
}

static void outbox_page(request *rq, reply *rp, const char *st_code, const char *notice)
{
	ctx *x = rq->c;
	notify_outbox_view v;
	status st = notify_outbox(x, st_code, &v);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_t *tabs = json_array();
	for (int i = 0; notify_statuses[i] != NULL; i++) {
		json_t *t = json_object();
		json_object_set_new(t, "code", json_string(notify_statuses[i]));
		json_object_set_new(
		    t, "label",
		    json_string(i18n_text(x->locale, arena_printf(x->arena, "outbox.status.%s", notify_statuses[i]))));
		json_object_set_new(t, "count", json_integer(v.counts[i]));
		json_object_set_new(t, "href",
		                    json_string(arena_printf(x->arena, "%s?status=%s", web_path(web_staff_outbox),
		                                             notify_statuses[i])));
		json_object_set_new(t, "current", json_boolean(strcmp(notify_statuses[i], st_code) == 0));
		json_array_append_new(tabs, t);
	}
	json_object_set_new(m, "tabs", tabs);
	bool retryable = strcmp(st_code, "failed") == 0 || strcmp(st_code, "dead") == 0;
	json_t *rows = json_array();
	for (size_t i = 0; i < v.n; i++) {
		const delivery *d = &v.rows[i];
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(d->id));
		json_object_set_new(o, "event", json_integer(d->event_id));
		json_object_set_new(
		    o, "channel",
		    json_string(i18n_text(x->locale, arena_printf(x->arena, "outbox.channel.%s", d->channel))));
		json_object_set_new(o, "attempts", json_integer(d->attempts));
		json_object_set_new(o, "created", time_or_empty(x->arena, x->locale, d->created_at));
		json_object_set_new(
		    o, "next",
		    time_or_empty(x->arena, x->locale, strcmp(d->status, "sent") == 0 ? 0 : d->next_attempt_at));
		json_object_set_new(o, "sent", time_or_empty(x->arena, x->locale, d->sent_at));
		json_object_set_new(o, "error", json_string(d->last_error != NULL ? d->last_error : ""));
		json_object_set_new(o, "retry", json_boolean(retryable));
		json_array_append_new(rows, o);
	}
	json_object_set_new(m, "rows", rows);
	json_object_set_new(m, "more", json_boolean(v.more));
	letters_model(x, &v, m);
	json_object_set_new(m, "retry_url", json_string(web_path(web_staff_outbox_retry)));
	if (notice != NULL)
		json_object_set_new(m, notice, json_true());
	reply_page(rq, rp, "staff_outbox", m);
}

void web_staff_outbox(request *rq, reply *rp)
{
	form q;
	if (form_parse(rq->c->arena, outbox_query, ARRAY_LEN(outbox_query), &rq->query, &q) != ST_OK) {
		reply_error(rq, rp, 400);
		return;
	}
	const char *st = form_text(&q, "status");
	const char *notice = form_text(&q, "retried") != NULL          ? "retried"
	                     : form_text(&q, "letter_retried") != NULL ? "letter_retried"
	                                                               : NULL;
	outbox_page(rq, rp, st != NULL && st[0] != '\0' ? st : "dead", notice);
}

void web_staff_outbox_retry(request *rq, reply *rp)
{
	form f;
	status st = form_parse(rq->c->arena, retry_fields, ARRAY_LEN(retry_fields), &rq->form, &f);
	if (st == ST_OK)
		st = notify_outbox_retry(rq->c, OUTBOX_NOTIFICATIONS, form_get(&f, "delivery")->num);
	if (st == ST_NOT_FOUND || st == ST_CONFLICT || st == ST_INVALID) {
		/* No such failed or dead delivery (already retried, or sent): said
		 * on the page, in the operator's language. */
		rp->status = 400;
		outbox_page(rq, rp, "dead", "not_retryable");
		return;
	}
	reply_posted(rq, rp, st, arena_printf(rq->c->arena, "%s?status=pending&retried=1", web_path(web_staff_outbox)));
}

/* A letter's delivery that is not dead is a conflict (409) said on the
 * page; no such letter delivery is 404 (reply_status). */
void web_staff_outbox_letter_retry(request *rq, reply *rp)
{
	status st = notify_outbox_retry(rq->c, OUTBOX_LETTERS, req_id(rq, "id"));
	if (st == ST_CONFLICT) {
		rp->status = 409;
		outbox_page(rq, rp, "dead", "letter_not_retryable");
		return;
	}
	reply_posted(rq, rp, st, arena_printf(rq->c->arena, "%s?letter_retried=1", web_path(web_staff_outbox)));
}
