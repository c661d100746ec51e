/* medications.c (web) — medications (SPEC.md H1) for the citizen, the
 * patient's medications in the staff chart (W2) and the renewal queue (W3).
 *
 * The citizen: GET /health/medications lists the medications in use and,
 * folded away, the stopped ones, each with the state of its newest renewal
 * request; GET /health/medications/:id shows one with its renewal request
 * (and the answer) and the citizen's comments, and holds the two forms:
 * POST .../renewal and POST .../comments, each redirecting back with
 * ?sent=renewal|comment, or re-rendering the page with 400 (or 409 for a
 * second open request) and the message by the field.
 *
 * The clinician: GET/POST /staff/patients/:id/medications (the list with
 * the patient's comments and open requests, and the prescribing form),
 * POST .../:mid/stop. The queue: GET /staff/queues/renewals and a request
 * at /staff/queues/renewals/:id with take, answer and close.
 *
 * Why the queue shows no medication names: a queue is looked at many times a
 * day by every clinician of the unit. Logging each patient on it at every
 * look would fill the patients' access logs with entries nobody can tell
 * from real reads; not logging while showing medicines would break D4. So
 * the queue shows what a search among one's own units shows (name, birth
 * date) plus the request's state, and the medication, message and comments
 * appear when a request is opened, which is logged (domain/medications.c). */
#include <stdio.h>
#include <string.h>

#include "domain/access_log.h"
#include "domain/medications.h"
#include "web/form.h"
#include "web/i18n.h"
#include "web/pages.h"
#include "web/record_page.h"

/* ---- shared ------------------------------------------------------------------- */

/* A parent viewing a child of 12-15 (set by the representation rules):
 * items hidden from guardians are left out. */
static bool guardian_view(const ctx *x)
{
	return x->guardian_view;
}

static const char *status_color(const char *s)
{
	if (strcmp(s, "sent") == 0)
		return "info";
	if (strcmp(s, "in_progress") == 0)
		return "warning";
	if (strcmp(s, "renewed") == 0)
		return "success";
	if (strcmp(s, "declined") == 0)
		return "danger";
	return "neutral";
}

static json_t *request_model(arena *a, enum locale loc, const med_renewal *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "status", rec_str(r->status));
	json_object_set_new(o, "label", rec_str(i18n_text(loc, arena_printf(a, "medications.status.%s", r->status))));
	json_object_set_new(o, "color", rec_str(status_color(r->status)));
	json_object_set_new(o, "open",
	                    json_boolean(strcmp(r->status, "sent") == 0 || strcmp(r->status, "in_progress") == 0));
	json_object_set_new(o, "sent", rec_when(a, loc, r->created_at));
	if (r->message != NULL) {
		json_object_set_new(o, "message", rec_str(r->message));
		json_object_set_new(o, "message_lines", rec_paragraphs(r->message));
	}
	if (r->assigned_name != NULL)
		json_object_set_new(o, "assigned", rec_str(r->assigned_name));
	if (r->answered_at != 0) {
		json_object_set_new(o, "answered", rec_when(a, loc, r->answered_at));
		json_object_set_new(o, "answered_by", rec_str(r->answered_by_name));
	}
	if (r->answer != NULL) {
		json_object_set_new(o, "answer", rec_str(r->answer));
		json_object_set_new(o, "answer_lines", rec_paragraphs(r->answer));
	}
	return o;
}

static json_t *comments_model(arena *a, enum locale loc, const med_comment *const *k, size_t n)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "when", rec_when(a, loc, k[i]->created_at));
		json_object_set_new(o, "body", rec_str(k[i]->body));
		json_object_set_new(o, "body_lines", rec_paragraphs(k[i]->body));
		json_object_set_new(o, "author", rec_str(k[i]->author_name));
		json_array_append_new(list, o);
	}
	return list;
}

static json_t *medication_model(arena *a, enum locale loc, const medication *m)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(m->id));
	json_object_set_new(o, "name", rec_str(m->name));
	json_object_set_new(o, "strength", rec_str(m->strength));
	json_object_set_new(o, "dosage", rec_str(m->dosage));
	json_object_set_new(o, "prescriber", rec_str(m->prescriber_name));
	json_object_set_new(o, "prescriber_title", rec_str(m->prescriber_title));
	json_object_set_new(o, "unit", rec_str(m->unit_name));
	json_object_set_new(o, "start", rec_str(i18n_date_text(a, loc, m->start_date)));
	json_object_set_new(o, "start_iso", rec_str(m->start_date));
	if (m->end_date != NULL) {
		json_object_set_new(o, "end", rec_str(i18n_date_text(a, loc, m->end_date)));
		json_object_set_new(o, "end_iso", rec_str(m->end_date));
	}
	json_object_set_new(o, "is_stopped", json_boolean(m->stopped_at != 0));
	if (m->stopped_at != 0) {
		json_object_set_new(o, "stopped_on", rec_when(a, loc, m->stopped_at));
		json_object_set_new(o, "stopped_by", rec_str(m->stopped_by_name));
	}
	json_object_set_new(o, "hidden", json_boolean(m->hidden_from_guardians));
	return o;
}

static json_t *item_model(arena *a, enum locale loc, const med_item *it)
{
	json_t *o = medication_model(a, loc, &it->m);
	json_object_set_new(o, "expired", json_boolean(it->expired));
	if (it->latest != NULL)
		json_object_set_new(o, "request", request_model(a, loc, it->latest));
	json_object_set_new(o, "comments", comments_model(a, loc, it->comments, it->ncomments));
	json_object_set_new(o, "has_comments", json_boolean(it->ncomments > 0));
	return o;
}

/* The record split in two lists: in use, and stopped. */
static void record_into(json_t *m, arena *a, enum locale loc, const med_record *rec, int64_t patient_id)
{
	json_t *in_use = json_array(), *stopped = json_array();
	for (size_t i = 0; i < rec->n; i++) {
		const med_item *it = &rec->items[i];
		json_t *o = item_model(a, loc, it);
		if (patient_id == 0) {
			json_object_set_new(o, "url", rec_str(url_for(a, web_medication, it->m.id)));
		} else {
			const char *stop = url_for(a, web_staff_medication_stop, patient_id, it->m.id);
			json_object_set_new(o, "stop_url", rec_str(stop));
			if (it->latest != NULL)
				json_object_set_new(json_object_get(o, "request"), "url",
				                    rec_str(url_for(a, web_staff_renewal, it->latest->id)));
		}
		json_array_append_new(i < rec->in_use ? in_use : stopped, o);
	}
	json_object_set_new(m, "in_use", in_use);
	json_object_set_new(m, "stopped", stopped);
	json_object_set_new(m, "has_in_use", json_boolean(rec->in_use > 0));
	json_object_set_new(m, "has_stopped", json_boolean(rec->n > rec->in_use));
	json_object_set_new(m, "stopped_count", json_integer((json_int_t)(rec->n - rec->in_use)));
}

/* Two forms on one page: both forms' fields are in f, and the error summary
 * is the posted form's. */
static void forms_into(json_t *m, const form *posted, const form *other, enum locale loc)
{
	json_t *tmp = json_object();
	form_model_into(tmp, other, loc);
	form_model_into(m, posted, loc);
	json_object_update_missing(json_object_get(m, "f"), json_object_get(tmp, "f"));
	json_decref(tmp);
}

/* "Feil: title" on a refused form, so a screen reader hears it first. */
static void error_title(json_t *m, enum locale loc, const char *title)
{
	json_object_set_new(m, "title", json_sprintf("%s: %s", i18n_text(loc, "form.error.title"), title));
}

/* ---- the citizen --------------------------------------------------------------- */

static const char *const sent_choices[] = {"renewal", "comment", NULL};
static const form_field renewal_fields[] = {
    {"message", FORM_TEXT, .label = "medications.request.message", .max = MED_MESSAGE_MAX,
     .charset = FORM_CHARS_MULTILINE},
};
static const form_field comment_fields[] = {
    {"body", FORM_TEXT, .flags = FORM_REQUIRED, .label = "medications.comments.body", .max = MED_COMMENT_MAX,
     .charset = FORM_CHARS_MULTILINE},
};

void web_medications(request *rq, reply *rp)
{
	ctx *x = rq->c;
	med_record rec;
	status st = med_citizen_list(x, guardian_view(x), &rec);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	record_into(m, x->arena, x->locale, &rec, 0);
	reply_page(rq, rp, "medications", m);
}

/* The page of one medication; `posted` is the form that was sent (NULL on a
 * plain GET), `sent` what was just sent. */
static void citizen_page(request *rq, reply *rp, int64_t med_id, const form *posted, const char *sent, bool conflict)
{
	ctx *x = rq->c;
	med_item it;
	status st = med_citizen_get(x, guardian_view(x), med_id, &it);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_object_set_new(m, "med", item_model(x->arena, x->locale, &it));
	json_object_set_new(m, "title", rec_str(it.m.name));
	/* A refused request shows its form again, with the reason by the field. */
	bool renewal_posted = posted != NULL && posted->fields == renewal_fields;
	/* Asking and commenting act for the person: not with read-only access. */
	bool may_act = authz_check(x, CAP_H1_REQUESTS) == ST_OK;
	json_object_set_new(m, "may_act", json_boolean(may_act));
	json_object_set_new(m, "can_request",
	                    json_boolean(may_act && ((it.m.stopped_at == 0 && !it.open_request) || renewal_posted)));
	json_object_set_new(m, "open_request", json_boolean(it.open_request));
	json_object_set_new(m, "renewal_action", rec_str(url_for(x->arena, web_medication_renewal, med_id)));
	json_object_set_new(m, "comment_action", rec_str(url_for(x->arena, web_medication_comment, med_id)));
	json_object_set_new(m, "message_max", json_integer(MED_MESSAGE_MAX));
	json_object_set_new(m, "body_max", json_integer(MED_COMMENT_MAX));
	json_object_set_new(m, "conflict", json_boolean(conflict));
	if (sent != NULL)
		json_object_set_new(m, strcmp(sent, "renewal") == 0 ? "sent_renewal" : "sent_comment", json_true());
	form renewal, comment;
	form_init(x->arena, renewal_fields, ARRAY_LEN(renewal_fields), &renewal);
	form_init(x->arena, comment_fields, ARRAY_LEN(comment_fields), &comment);
	if (posted == NULL)
		forms_into(m, &renewal, &comment, x->locale);
	else
		forms_into(m, posted, posted->fields == renewal_fields ? &comment : &renewal, x->locale);
	if (posted != NULL)
		error_title(m, x->locale, it.m.name);
	reply_page(rq, rp, "medication", m);
}

void web_medication(request *rq, reply *rp)
{
	const char *sent;
	if (rec_query_choice(rq, rp, "sent", sent_choices, &sent))
		citizen_page(rq, rp, req_id(rq, "id"), NULL, sent, false);
}

/* The medication's page after the citizen sent something, saying what. */
static const char *sent_url(arena *a, int64_t med_id, const char *sent)
{
	return arena_printf(a, "%s?sent=%s", url_for(a, web_medication, med_id), sent);
}

void web_medication_renewal(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	status st = form_parse(x->arena, renewal_fields, ARRAY_LEN(renewal_fields), &rq->form, &f);
	problems pr = {0};
	if (st == ST_OK)
		st = med_request_renewal(x, guardian_view(x), id, form_text(&f, "message"), &pr);
	if (st == ST_OK) {
		reply_redirect(rq, rp, sent_url(x->arena, id, "renewal"));
		return;
	}
	if (st != ST_INVALID && st != ST_CONFLICT) {
		reply_status(rq, rp, st);
		return;
	}
	form_add_problems(&f, &pr);
	if (st == ST_CONFLICT)
		form_add_error(&f, "message", "medications.error.open_request", 0);
	rp->status = st == ST_CONFLICT ? 409 : 400;
	citizen_page(rq, rp, id, &f, NULL, st == ST_CONFLICT);
}

void web_medication_comment(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	status st = form_parse(x->arena, comment_fields, ARRAY_LEN(comment_fields), &rq->form, &f);
	problems pr = {0};
	if (st == ST_OK)
		st = med_add_comment(x, guardian_view(x), id, form_text(&f, "body"), &pr);
	if (!reply_posted(rq, rp, st, sent_url(x->arena, id, "comment")))
		return;
	form_add_problems(&f, &pr);
	citizen_page(rq, rp, id, &f, NULL, false);
}

/* ---- the chart ------------------------------------------------------------------- */

static const char *const saved_choices[] = {"prescribed", "stopped", NULL};
static const form_field prescribe_fields[] = {
    {"name", FORM_TEXT, .flags = FORM_REQUIRED, .label = "staff.medications.name", .max = MED_NAME_MAX},
    {"strength", FORM_TEXT, .flags = FORM_REQUIRED, .label = "staff.medications.strength", .max = MED_STRENGTH_MAX},
    {"dosage", FORM_TEXT, .flags = FORM_REQUIRED, .label = "staff.medications.dosage", .max = MED_DOSAGE_MAX},
    {"start_date", FORM_DATE, .flags = FORM_REQUIRED, .label = "staff.medications.start_date"},
    {"end_date", FORM_DATE, .label = "staff.medications.end_date"},
    {"hidden", FORM_BOOL, .label = "staff.medications.hidden"},
};

/* The chart's medication page; f is the prescribing form (fresh or refused). */
static void chart_page(request *rq, reply *rp, int64_t patient_id, form *f, const char *saved, bool conflict)
{
	ctx *x = rq->c;
	med_chart ch;
	status st = med_chart_get(x, patient_id, &ch);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_object_set_new(m, "patient", rec_patient_model(x->arena, &(record_patient){ch.patient, ch.access}));
	json_object_set_new(m, "action", rec_str(url_for(x->arena, web_staff_medication_prescribe, patient_id)));
	record_into(m, x->arena, x->locale, &ch.record, patient_id);
	if (saved != NULL)
		json_object_set_new(m, strcmp(saved, "prescribed") == 0 ? "saved_prescribed" : "saved_stopped",
		                    json_true());
	json_object_set_new(m, "conflict", json_boolean(conflict));
	if (f->nerrors > 0)
		error_title(m, x->locale, i18n_text(x->locale, "staff_medications.title"));
	form_model_into(m, f, x->locale);
	reply_page(rq, rp, "staff_medications", m);
}

/* The chart's medication page after a change, saying which. */
static const char *saved_url(arena *a, int64_t patient_id, const char *saved)
{
	return arena_printf(a, "%s?saved=%s", url_for(a, web_staff_medications, patient_id), saved);
}

void web_staff_medications(request *rq, reply *rp)
{
	const char *saved;
	if (!rec_query_choice(rq, rp, "saved", saved_choices, &saved))
		return;
	form f;
	form_init(rq->c->arena, prescribe_fields, ARRAY_LEN(prescribe_fields), &f);
	form_set(&f, "start_date", record_today(rq->c));
	chart_page(rq, rp, req_id(rq, "id"), &f, saved, false);
}

void web_staff_medication_prescribe(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	status parsed = form_parse(x->arena, prescribe_fields, ARRAY_LEN(prescribe_fields), &rq->form, &f);
	med_new in = {
	    .name = form_text(&f, "name"),
	    .strength = form_text(&f, "strength"),
	    .dosage = form_text(&f, "dosage"),
	    .start_date = form_text(&f, "start_date"),
	    .end_date = form_text(&f, "end_date"),
	    .hidden_from_guardians = form_bool(&f, "hidden"),
	};
	problems pr = {0};
	int64_t med_id = 0;
	status st = ST_INVALID;
	if (parsed == ST_OK)
		st = med_prescribe(x, id, &in, &pr, &med_id);
	else if (form_get(&f, "start_date")->error == NULL && form_get(&f, "end_date")->error == NULL)
		med_new_check(&in, &pr); /* the rule across fields, shown with the rest */
	if (!reply_posted(rq, rp, st, saved_url(x->arena, id, "prescribed")))
		return;
	form_add_problems(&f, &pr);
	chart_page(rq, rp, id, &f, NULL, false);
}

void web_staff_medication_stop(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	status st = med_stop(x, id, req_id(rq, "mid"));
	if (st == ST_OK) {
		reply_redirect(rq, rp, saved_url(x->arena, id, "stopped"));
		return;
	}
	if (st != ST_CONFLICT) {
		reply_status(rq, rp, st);
		return;
	}
	form f;
	form_init(x->arena, prescribe_fields, ARRAY_LEN(prescribe_fields), &f);
	rp->status = 409;
	chart_page(rq, rp, id, &f, NULL, true);
}

/* ---- the renewal queue --------------------------------------------------------------- */

static const char *const done_choices[] = {"answered", "closed", NULL};
static const char *const decision_choices[] = {"renew", "decline", NULL};
static const form_field answer_fields[] = {
    {"decision", FORM_ENUM, .flags = FORM_REQUIRED, .label = "staff.renewal.decision", .choices = decision_choices},
    {"end_date", FORM_DATE, .label = "staff.renewal.end_date"},
    {"answer", FORM_TEXT, .label = "staff.renewal.answer", .max = MED_ANSWER_MAX, .charset = FORM_CHARS_MULTILINE},
};
static const form_field close_fields[] = {
    {"note", FORM_TEXT, .label = "staff.renewal.note", .max = MED_ANSWER_MAX, .charset = FORM_CHARS_MULTILINE},
};

void web_staff_renewals(request *rq, reply *rp)
{
	ctx *x = rq->c;
	const char *done;
	if (!rec_query_choice(rq, rp, "done", done_choices, &done))
		return;
	med_renewal *q;
	size_t n;
	status st = med_queue(x, &q, &n);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = request_model(x->arena, x->locale, &q[i]);
		json_object_set_new(o, "url", rec_str(url_for(x->arena, web_staff_renewal, q[i].id)));
		json_object_set_new(o, "patient", rec_str(q[i].patient_name));
		const char *born = i18n_date_text(x->arena, x->locale, q[i].patient_birth_date);
		json_object_set_new(o, "birth_date", rec_str(born));
		json_object_set_new(o, "unit", rec_str(q[i].unit_name));
		json_object_set_new(o, "mine", json_boolean(q[i].assigned_to == x->who.staff_id));
		json_object_del(o, "message"); /* never in the list: see the file comment */
		json_object_del(o, "message_lines");
		json_array_append_new(list, o);
	}
	json_t *m = json_object();
	json_object_set_new(m, "requests", list);
	json_object_set_new(m, "has_requests", json_boolean(n > 0));
	json_object_set_new(m, "count", json_integer((json_int_t)n));
	if (done != NULL)
		json_object_set_new(m, strcmp(done, "answered") == 0 ? "done_answered" : "done_closed", json_true());
	reply_page(rq, rp, "staff_renewals", m);
}

/* A request's page; `posted` is the form that was refused (NULL on a GET). */
static void request_page(request *rq, reply *rp, int64_t rid, const form *posted, bool conflict)
{
	ctx *x = rq->c;
	med_request_view v;
	status st = med_request_get(x, rid, &v);
	if (reply_failed(rq, rp, st, NULL))
		return;
	arena *a = x->arena;
	json_t *m = json_object();
	json_t *r = request_model(a, x->locale, &v.request);
	json_object_set_new(m, "request", r);
	json_object_set_new(m, "open", json_boolean(json_is_true(json_object_get(r, "open"))));
	json_object_set_new(m, "mine", json_boolean(v.request.assigned_to == x->who.staff_id));
	json_object_set_new(m, "patient", rec_str(v.request.patient_name));
	json_object_set_new(m, "birth_date", rec_str(i18n_date_text(a, x->locale, v.request.patient_birth_date)));
	json_object_set_new(m, "unit", rec_str(v.request.unit_name));
	json_object_set_new(m, "emergency", json_boolean(v.access.emergency));
	json_object_set_new(m, "med", medication_model(a, x->locale, &v.m));
	json_object_set_new(m, "comments", comments_model(a, x->locale, v.comments, v.ncomments));
	json_object_set_new(m, "has_comments", json_boolean(v.ncomments > 0));
	json_object_set_new(m, "chart_url", rec_str(url_for(a, web_staff_medications, v.request.patient_id)));
	json_object_set_new(m, "take_action", rec_str(url_for(a, web_staff_renewal_take, rid)));
	json_object_set_new(m, "answer_action", rec_str(url_for(a, web_staff_renewal_answer, rid)));
	json_object_set_new(m, "close_action", rec_str(url_for(a, web_staff_renewal_close, rid)));
	json_object_set_new(m, "conflict", json_boolean(conflict));
	form answer, note;
	form_init(a, answer_fields, ARRAY_LEN(answer_fields), &answer);
	form_init(a, close_fields, ARRAY_LEN(close_fields), &note);
	form_set(&answer, "end_date", v.default_end_date);
	if (posted == NULL)
		forms_into(m, &answer, &note, x->locale);
	else
		forms_into(m, posted, posted->fields == answer_fields ? &note : &answer, x->locale);
	/* Radio buttons: which decision is checked. */
	const form_value *d =
	    form_get(posted != NULL && posted->fields == answer_fields ? posted : &answer, "decision");
	json_object_set_new(m, "renew_checked", json_boolean(d->raw != NULL && strcmp(d->raw, "renew") == 0));
	json_object_set_new(m, "decline_checked", json_boolean(d->raw != NULL && strcmp(d->raw, "decline") == 0));
	if (posted != NULL)
		error_title(m, x->locale, i18n_text(x->locale, "staff_renewal.title"));
	reply_page(rq, rp, "staff_renewal", m);
}

void web_staff_renewal(request *rq, reply *rp)
{
	if (rq->query.len > 0) {
		reply_error(rq, rp, 400);
		return;
	}
	request_page(rq, rp, req_id(rq, "id"), NULL, false);
}

/* After a change to a request: ST_OK goes on to `next`; a refused form
 * (ST_INVALID, 400) or a request someone else changed first (ST_CONFLICT,
 * 409, the request as it is now) shows the request again; any other status
 * is answered. */
static void changed(request *rq, reply *rp, int64_t rid, status st, const char *next, const form *f)
{
	if (st == ST_OK) {
		reply_redirect(rq, rp, next);
		return;
	}
	if (st != ST_INVALID && st != ST_CONFLICT) {
		reply_status(rq, rp, st);
		return;
	}
	rp->status = st == ST_CONFLICT ? 409 : 400;
	request_page(rq, rp, rid, st == ST_CONFLICT ? NULL : f, st == ST_CONFLICT);
}

/* The queue, saying what was just done. */
static const char *queue_done(arena *a, const char *done)
{
	return arena_printf(a, "%s?done=%s", web_path(web_staff_renewals), done);
}

void web_staff_renewal_take(request *rq, reply *rp)
{
	int64_t rid = req_id(rq, "id");
	changed(rq, rp, rid, med_request_take(rq->c, rid), url_for(rq->c->arena, web_staff_renewal, rid), NULL);
}

void web_staff_renewal_answer(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t rid = req_id(rq, "id");
	form f;
	status st = form_parse(x->arena, answer_fields, ARRAY_LEN(answer_fields), &rq->form, &f);
	problems pr = {0};
	if (st == ST_OK) {
		enum med_decision d = form_has(&f, "decision", "renew") ? MED_RENEW : MED_DECLINE;
		st = med_request_answer(x, rid, d, form_text(&f, "answer"), form_text(&f, "end_date"), &pr);
	}
	form_add_problems(&f, &pr);
	changed(rq, rp, rid, st, queue_done(x->arena, "answered"), &f);
}

void web_staff_renewal_close(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t rid = req_id(rq, "id");
	form f;
	status st = form_parse(x->arena, close_fields, ARRAY_LEN(close_fields), &rq->form, &f);
	problems pr = {0};
	if (st == ST_OK)
		st = med_request_close(x, rid, form_text(&f, "note"), &pr);
	form_add_problems(&f, &pr);
	changed(rq, rp, rid, st, queue_done(x->arena, "closed"), &f);
}
