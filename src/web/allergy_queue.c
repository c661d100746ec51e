/* allergy_queue.c (web) — the clinicians' queue of allergy requests (SPEC.md
 * H3, W3) at /staff/queues/allergies: the requests of one's units, oldest
 * first; one request's page (its read is in the patient's access log) with
 * take, accept (as an allergy entry, edited as needed), decline (with a
 * reason the citizen sees) and close. A request someone else has taken or
 * has answered meanwhile is refused with a plain message (?done=conflict). */
#include <string.h>

#include "domain/summary.h"
#include "web/i18n.h"
#include "web/pages.h"
#include "web/record_page.h"

static const char *const done_choices[] = {"taken", "accepted", "declined", "closed", "conflict", NULL};

void web_allergy_queue(request *rq, reply *rp)
{
	json_t *m = rec_done_model(rq, rp, done_choices);
	if (m == NULL)
		return;
	allergy_request *list;
	size_t n;
	status st = allergy_queue_list(rq->c, &list, &n);
	if (reply_failed(rq, rp, st, m))
		return;
	arena *a = rq->c->arena;
	enum locale loc = rq->c->locale;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		const allergy_request *r = &list[i];
		json_t *o = json_object();
		json_object_set_new(o, "url", rec_str(url_for(a, web_allergy_queue_item, r->id)));
		json_object_set_new(o, "patient", rec_str(r->patient_name));
		json_object_set_new(o, "birth_date", rec_str(i18n_date_text(a, loc, r->patient_birth_date)));
		json_object_set_new(o, "received", rec_str(i18n_time_text(a, loc, r->created_at)));
		json_object_set_new(o, "unit", rec_str(r->unit_name));
		json_object_set_new(o, "status", rec_label(a, loc, "allergy.request.status", r->status));
		json_object_set_new(o, "taken_by", rec_str(r->taken_by_name));
		json_object_set_new(o, "mine", json_boolean(r->taken_by == rq->c->who.staff_id));
		json_array_append_new(items, o);
	}
	json_object_set_new(m, "items", items);
	reply_page(rq, rp, "staff_allergy_queue", m);
}

static const form_field accept_fields[] = {
    {"substance", FORM_TEXT, .flags = FORM_REQUIRED, .label = "allergy.substance", .min = 2,
     .max = ALLERGY_SUBSTANCE_MAX},
    {"reaction", FORM_TEXT, .label = "allergy.reaction", .max = ALLERGY_REACTION_MAX},
    {"severity", FORM_ENUM, .flags = FORM_REQUIRED, .label = "allergy.severity", .choices = allergy_severities},
    {"hidden", FORM_BOOL, .label = "record.hidden"},
};

static const form_field decline_fields[] = {
    {"reason", FORM_TEXT, .flags = FORM_REQUIRED, .label = "allergy_queue.reason", .min = ALLERGY_DECLINE_MIN,
     .max = ALLERGY_DECLINE_MAX, .charset = FORM_CHARS_MULTILINE},
};

/* The request's page. m may hold a refused form (accept or decline); then
 * `refused` says which, and the other form shows the request's values. */
static void item_page(request *rq, reply *rp, int64_t id, json_t *m, const form *refused_form, bool accept_refused)
{
	allergy_request r;
	record_patient p;
	status st = allergy_queue_get(rq->c, id, &r, &p);
	if (reply_failed(rq, rp, st, m))
		return;
	arena *a = rq->c->arena;
	enum locale loc = rq->c->locale;
	bool open = strcmp(r.status, "open") == 0;
	bool mine = r.taken_by == rq->c->who.staff_id;
	json_t *o = json_object();
	json_object_set_new(o, "substance", rec_str(r.substance));
	json_object_set_new(o, "reaction", rec_str(r.reaction));
	json_object_set_new(o, "note", rec_str(r.note));
	json_object_set_new(o, "received", rec_str(i18n_time_text(a, loc, r.created_at)));
	json_object_set_new(o, "unit", rec_str(r.unit_name));
	json_object_set_new(o, "status", rec_label(a, loc, "allergy.request.status", r.status));
	json_object_set_new(o, "taken_by", rec_str(r.taken_by_name));
	json_object_set_new(o, "answered_by", rec_str(r.answered_by_name));
	json_object_set_new(o, "reason", rec_str(r.decline_reason));
	json_object_set_new(o, "closed", json_boolean(r.closed_at != 0));
	json_object_set_new(m, "request", o);
	json_object_set_new(m, "patient", rec_patient_model(a, &p));
	json_object_set_new(m, "take_url", rec_str(url_for(a, web_allergy_queue_take, id)));
	json_object_set_new(m, "accept_url", rec_str(url_for(a, web_allergy_queue_accept, id)));
	json_object_set_new(m, "decline_url", rec_str(url_for(a, web_allergy_queue_decline, id)));
	json_object_set_new(m, "close_url", rec_str(url_for(a, web_allergy_queue_close, id)));
	json_object_set_new(m, "can_take", json_boolean(open && r.taken_by == 0));
	json_object_set_new(m, "can_answer", json_boolean(open && (r.taken_by == 0 || mine)));
	json_object_set_new(m, "taken_by_other", json_boolean(open && r.taken_by != 0 && !mine));
	json_object_set_new(m, "can_close", json_boolean(!open && r.closed_at == 0));
	/* The accept form starts from what the citizen wrote. */
	form f;
	if (refused_form != NULL && accept_refused) {
		f = *refused_form;
	} else {
		form_init(a, accept_fields, ARRAY_LEN(accept_fields), &f);
		form_set(&f, "substance", r.substance);
		form_set(&f, "reaction", r.reaction);
	}
	json_object_set_new(m, "severities",
	                    rec_choices(a, loc, "allergy.severity", allergy_severities, rec_raw(&f, "severity")));
	rec_form_fields(m, "fa", &f, loc);
	if (refused_form == NULL || accept_refused) {
		form d;
		form_init(a, decline_fields, ARRAY_LEN(decline_fields), &d);
		rec_form_fields(m, "fd", &d, loc);
	} else {
		json_object_set(m, "fd", json_object_get(m, "f"));
	}
	reply_page(rq, rp, "staff_allergy_request", m);
}

void web_allergy_queue_item(request *rq, reply *rp)
{
	json_t *m = rec_done_model(rq, rp, done_choices);
	if (m != NULL)
		item_page(rq, rp, req_id(rq, "id"), m, NULL, false);
}

/* A refused accept or decline: the request's page again, with the form. */
static void refused(request *rq, reply *rp, int64_t id, const form *f, bool accept)
{
	json_t *m = json_object();
	rec_refused(rq, rp, m, f, "staff_allergy_request");
	item_page(rq, rp, id, m, f, accept);
}

/* After a change: back to the request (or the queue), or say it moved on. */
static void after(request *rq, reply *rp, int64_t id, status st, const char *done, bool to_queue)
{
	arena *a = rq->c->arena;
	if (st == ST_CONFLICT) {
		reply_redirect(rq, rp, arena_printf(a, "%s?done=conflict", url_for(a, web_allergy_queue_item, id)));
		return;
	}
	if (reply_failed(rq, rp, st, NULL))
		return;
	const char *back = to_queue ? web_path(web_allergy_queue) : url_for(a, web_allergy_queue_item, id);
	reply_redirect(rq, rp, arena_printf(a, "%s?done=%s", back, done));
}

void web_allergy_queue_take(request *rq, reply *rp)
{
	int64_t id = req_id(rq, "id");
	after(rq, rp, id, allergy_queue_take(rq->c, id), "taken", false);
}

void web_allergy_queue_close(request *rq, reply *rp)
{
	int64_t id = req_id(rq, "id");
	after(rq, rp, id, allergy_queue_close(rq->c, id), "closed", true);
}

void web_allergy_queue_accept(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	status parsed = form_parse(x->arena, accept_fields, ARRAY_LEN(accept_fields), &rq->form, &f);
	problems pr = {0};
	status st = ST_INVALID;
	if (parsed == ST_OK) {
		allergy_in in = {form_text(&f, "substance"), form_text(&f, "reaction"), form_text(&f, "severity"),
		                 form_bool(&f, "hidden")};
		st = allergy_queue_accept(x, id, &in, &pr);
	}
	if (st != ST_INVALID) {
		after(rq, rp, id, st, "accepted", false);
		return;
	}
	form_add_problems(&f, &pr);
	refused(rq, rp, id, &f, true);
}

void web_allergy_queue_decline(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	status parsed = form_parse(x->arena, decline_fields, ARRAY_LEN(decline_fields), &rq->form, &f);
	problems pr = {0};
	status st = ST_INVALID;
	if (parsed == ST_OK)
		st = allergy_queue_decline(x, id, form_text(&f, "reason"), &pr);
	if (st != ST_INVALID) {
		after(rq, rp, id, st, "declined", false);
		return;
	}
	form_add_problems(&f, &pr);
	refused(rq, rp, id, &f, false);
}
