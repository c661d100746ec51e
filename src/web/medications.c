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

/* ---- shared ------------------------------------------------------------------- */

/* A parent viewing a child of 12-15 (set by the representation rules):
 * items hidden from guardians are left out. */
static bool guardian_view(const ctx *x)
{
	return x->guardian_view;
}

/* A JSON string that is never NULL (stored text is valid UTF-8, but a NULL
 * from json_string would drop the key silently). */
static json_t *jstr(const char *s)
{
	json_t *j = json_string(s != NULL ? s : "");
	return j != NULL ? j : json_string("");
}

/* {iso, text}: an instant in Norway's time, "20. november 2026 kl. 08.30". */
static json_t *when_model(arena *a, enum locale loc, unix_time t)
{
	char iso[21];
	time_format(t, iso);
	json_t *o = json_object();
	json_object_set_new(o, "iso", jstr(iso));
	json_object_set_new(o, "text", jstr(i18n_time_text(a, loc, t)));
	return o;
}

/* A free text as its lines, for a paragraph each (the citizen's line
 * breaks kept without inline style). */
static json_t *lines_model(const char *text)
{
	json_t *list = json_array();
	for (const char *p = text; p != NULL && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (len > 0)
			json_array_append_new(list, json_stringn(p, len));
		p = nl != NULL ? nl + 1 : p + len;
	}
	return list;
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
	json_object_set_new(o, "status", jstr(r->status));
	json_object_set_new(o, "label", jstr(i18n_text(loc, arena_printf(a, "medications.status.%s", r->status))));
	json_object_set_new(o, "color", jstr(status_color(r->status)));
	json_object_set_new(o, "open", json_boolean(strcmp(r->status, "sent") == 0 || strcmp(r->status, "in_progress") == 0));
	json_object_set_new(o, "sent", when_model(a, loc, r->created_at));
	if (r->message != NULL) {
		json_object_set_new(o, "message", jstr(r->message));
		json_object_set_new(o, "message_lines", lines_model(r->message));
	}
	if (r->assigned_name != NULL)
		json_object_set_new(o, "assigned", jstr(r->assigned_name));
	if (r->answered_at != 0) {
		json_object_set_new(o, "answered", when_model(a, loc, r->answered_at));
		json_object_set_new(o, "answered_by", jstr(r->answered_by_name));
	}
	if (r->answer != NULL) {
		json_object_set_new(o, "answer", jstr(r->answer));
		json_object_set_new(o, "answer_lines", lines_model(r->answer));
	}
	return o;
}

static json_t *comments_model(arena *a, enum locale loc, const med_comment *const *k, size_t n)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "when", when_model(a, loc, k[i]->created_at));
		json_object_set_new(o, "body", jstr(k[i]->body));
		json_object_set_new(o, "body_lines", lines_model(k[i]->body));
		json_object_set_new(o, "author", jstr(k[i]->author_name));
		json_array_append_new(list, o);
	}
	return list;
}

static json_t *medication_model(arena *a, enum locale loc, const medication *m)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(m->id));
	json_object_set_new(o, "name", jstr(m->name));
	json_object_set_new(o, "strength", jstr(m->strength));
	json_object_set_new(o, "dosage", jstr(m->dosage));
	json_object_set_new(o, "prescriber", jstr(m->prescriber_name));
	json_object_set_new(o, "prescriber_title", jstr(m->prescriber_title));
	json_object_set_new(o, "unit", jstr(m->unit_name));
	json_object_set_new(o, "start", jstr(i18n_date_text(a, loc, m->start_date)));
	json_object_set_new(o, "start_iso", jstr(m->start_date));
	if (m->end_date != NULL) {
		json_object_set_new(o, "end", jstr(i18n_date_text(a, loc, m->end_date)));
		json_object_set_new(o, "end_iso", jstr(m->end_date));
	}
	json_object_set_new(o, "is_stopped", json_boolean(m->stopped_at != 0));
	if (m->stopped_at != 0) {
		json_object_set_new(o, "stopped_on", when_model(a, loc, m->stopped_at));
		json_object_set_new(o, "stopped_by", jstr(m->stopped_by_name));
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
		json_t *o = item_model(a, loc, &rec->items[i]);
		if (patient_id != 0)
			json_object_set_new(o, "stop_url", json_sprintf("/staff/patients/%lld/medications/%lld/stop",
			                                                (long long)patient_id, (long long)rec->items[i].m.id));
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

static void add_problems(form *f, const med_problems *pr)
{
	for (size_t i = 0; i < pr->n; i++)
		form_add_error(f, pr->items[i].field, pr->items[i].key, pr->items[i].max);
}

/* "Feil: title" on a refused form, so a screen reader hears it first. */
static void error_title(json_t *m, enum locale loc, const char *title)
{
	json_object_set_new(m, "title", json_sprintf("%s: %s", i18n_text(loc, "form.error.title"), title));
}

/* Reads a page's one optional query parameter (an enum); false (and a 400
 * page) for anything else. */
static bool read_flag(request *rq, reply *rp, const form_field *field, const char **out)
{
	form q;
	if (form_parse(rq->c->arena, field, 1, &rq->query, &q) != ST_OK) {
		reply_error(rq, rp, 400);
		return false;
	}
	*out = form_text(&q, field->name);
	return true;
}

static void reply_staff_status(request *rq, reply *rp, status st)
{
	reply_error(rq, rp, st == ST_DENIED ? 403 : st == ST_NOT_FOUND ? 404 : 500);
}

/* ---- the citizen --------------------------------------------------------------- */

static const char *const sent_choices[] = {"renewal", "comment", NULL};
static const form_field sent_query[] = {
    {"sent", FORM_ENUM, .label = "medications.heading", .choices = sent_choices},
};
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
	if (st != ST_OK) {
		reply_error(rq, rp, st == ST_DENIED || st == ST_NOT_FOUND ? 404 : 500);
		return;
	}
	json_t *m = json_object();
	record_into(m, x->arena, x->locale, &rec, 0);
	reply_page(rq, rp, "medications", m);
}

/* The page of one medication; `posted` is the form that was sent (NULL on a
 * plain GET), `sent` what was just sent. */
static void citizen_page(request *rq, reply *rp, int64_t med_id, const form *posted, const char *sent,
                         bool conflict)
{
	ctx *x = rq->c;
	med_item it;
	status st = med_citizen_get(x, guardian_view(x), med_id, &it);
	if (st != ST_OK) {
		reply_error(rq, rp, st == ST_DENIED || st == ST_NOT_FOUND ? 404 : 500);
		return;
	}
	json_t *m = json_object();
	json_object_set_new(m, "med", item_model(x->arena, x->locale, &it));
	json_object_set_new(m, "title", jstr(it.m.name));
	/* A refused request shows its form again, with the reason by the field. */
	bool renewal_posted = posted != NULL && posted->fields == renewal_fields;
	/* Asking and commenting act for the person: not with read-only access. */
	bool may_act = authz_check(x, CAP_H1_REQUESTS) == ST_OK;
	json_object_set_new(m, "may_act", json_boolean(may_act));
	json_object_set_new(m, "can_request",
	                    json_boolean(may_act && ((it.m.stopped_at == 0 && !it.open_request) || renewal_posted)));
	json_object_set_new(m, "open_request", json_boolean(it.open_request));
	json_object_set_new(m, "renewal_action", json_sprintf("/health/medications/%lld/renewal", (long long)med_id));
	json_object_set_new(m, "comment_action", json_sprintf("/health/medications/%lld/comments", (long long)med_id));
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
	int64_t id = req_param_id(rq, "id");
	const char *sent;
	if (id == 0) {
		reply_error(rq, rp, 404);
		return;
	}
	if (!read_flag(rq, rp, sent_query, &sent))
		return;
	citizen_page(rq, rp, id, NULL, sent, false);
}

void web_medication_renewal(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_param_id(rq, "id");
	if (id == 0) {
		reply_error(rq, rp, 404);
		return;
	}
	form f;
	status st = form_parse(x->arena, renewal_fields, ARRAY_LEN(renewal_fields), &rq->form, &f);
	med_problems pr = {0};
	if (st == ST_OK)
		st = med_request_renewal(x, guardian_view(x), id, form_text(&f, "message"), &pr);
	if (st == ST_OK) {
		reply_redirect(rq, rp, arena_printf(x->arena, "/health/medications/%lld?sent=renewal", (long long)id));
		return;
	}
	if (st == ST_DENIED || st == ST_NOT_FOUND || (st != ST_INVALID && st != ST_CONFLICT)) {
		reply_error(rq, rp, st == ST_DENIED || st == ST_NOT_FOUND ? 404 : 500);
		return;
	}
	add_problems(&f, &pr);
	if (st == ST_CONFLICT)
		form_add_error(&f, "message", "medications.error.open_request", 0);
	rp->status = st == ST_CONFLICT ? 409 : 400;
	citizen_page(rq, rp, id, &f, NULL, st == ST_CONFLICT);
}

void web_medication_comment(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_param_id(rq, "id");
	if (id == 0) {
		reply_error(rq, rp, 404);
		return;
	}
	form f;
	status st = form_parse(x->arena, comment_fields, ARRAY_LEN(comment_fields), &rq->form, &f);
	med_problems pr = {0};
	if (st == ST_OK)
		st = med_add_comment(x, guardian_view(x), id, form_text(&f, "body"), &pr);
	if (st == ST_OK) {
		reply_redirect(rq, rp, arena_printf(x->arena, "/health/medications/%lld?sent=comment", (long long)id));
		return;
	}
	if (st != ST_INVALID) {
		reply_error(rq, rp, st == ST_DENIED || st == ST_NOT_FOUND ? 404 : 500);
		return;
	}
	add_problems(&f, &pr);
	rp->status = 400;
	citizen_page(rq, rp, id, &f, NULL, false);
}

/* ---- the chart ------------------------------------------------------------------- */

static const char *const saved_choices[] = {"prescribed", "stopped", NULL};
static const form_field saved_query[] = {
    {"saved", FORM_ENUM, .label = "staff.medications.heading", .choices = saved_choices},
};
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
	if (st != ST_OK) {
		reply_staff_status(rq, rp, st);
		return;
	}
	json_t *m = json_object();
	json_object_set_new(m, "patient_id", json_integer(patient_id));
	json_object_set_new(m, "patient", json_sprintf("%s %s", ch.patient.given_name, ch.patient.family_name));
	json_object_set_new(m, "nin", jstr(ch.patient.nin));
	json_object_set_new(m, "emergency", json_boolean(ch.access.emergency));
	json_object_set_new(m, "action", json_sprintf("/staff/patients/%lld/medications", (long long)patient_id));
	json_object_set_new(m, "chart_url", json_sprintf("/staff/patients/%lld", (long long)patient_id));
	record_into(m, x->arena, x->locale, &ch.record, patient_id);
	if (saved != NULL)
		json_object_set_new(m, strcmp(saved, "prescribed") == 0 ? "saved_prescribed" : "saved_stopped", json_true());
	json_object_set_new(m, "conflict", json_boolean(conflict));
	if (f->nerrors > 0)
		error_title(m, x->locale, i18n_text(x->locale, "staff_medications.title"));
	form_model_into(m, f, x->locale);
	reply_page(rq, rp, "staff_medications", m);
}

void web_staff_medications(request *rq, reply *rp)
{
	int64_t id = req_param_id(rq, "id");
	const char *saved;
	if (id == 0) {
		reply_error(rq, rp, 404);
		return;
	}
	if (!read_flag(rq, rp, saved_query, &saved))
		return;
	form f;
	form_init(rq->c->arena, prescribe_fields, ARRAY_LEN(prescribe_fields), &f);
	char today[11];
	date_format(date_in_oslo(rq->c->now), today);
	form_set(&f, "start_date", today);
	chart_page(rq, rp, id, &f, saved, false);
}

void web_staff_medication_prescribe(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_param_id(rq, "id");
	if (id == 0) {
		reply_error(rq, rp, 404);
		return;
	}
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
	med_problems pr = {0};
	int64_t med_id = 0;
	status st = ST_INVALID;
	if (parsed == ST_OK)
		st = med_prescribe(x, id, &in, &pr, &med_id);
	else if (form_get(&f, "start_date")->error == NULL && form_get(&f, "end_date")->error == NULL)
		med_new_check(&in, &pr); /* the rule across fields, shown with the rest */
	if (st == ST_OK) {
		reply_redirect(rq, rp, arena_printf(x->arena, "/staff/patients/%lld/medications?saved=prescribed", (long long)id));
		return;
	}
	if (st != ST_INVALID) {
		reply_staff_status(rq, rp, st);
		return;
	}
	add_problems(&f, &pr);
	rp->status = 400;
	chart_page(rq, rp, id, &f, NULL, false);
}

void web_staff_medication_stop(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_param_id(rq, "id"), mid = req_param_id(rq, "mid");
	if (id == 0 || mid == 0) {
		reply_error(rq, rp, 404);
		return;
	}
	status st = med_stop(x, id, mid);
	if (st == ST_OK) {
		reply_redirect(rq, rp, arena_printf(x->arena, "/staff/patients/%lld/medications?saved=stopped", (long long)id));
		return;
	}
	if (st != ST_CONFLICT) {
		reply_staff_status(rq, rp, st);
		return;
	}
	form f;
	form_init(x->arena, prescribe_fields, ARRAY_LEN(prescribe_fields), &f);
	rp->status = 409;
	chart_page(rq, rp, id, &f, NULL, true);
}

/* ---- the renewal queue --------------------------------------------------------------- */

static const char *const done_choices[] = {"answered", "closed", NULL};
static const form_field done_query[] = {
    {"done", FORM_ENUM, .label = "staff.renewals.heading", .choices = done_choices},
};
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
	if (!read_flag(rq, rp, done_query, &done))
		return;
	med_renewal *q;
	size_t n;
	status st = med_queue(x, &q, &n);
	if (st != ST_OK) {
		reply_staff_status(rq, rp, st);
		return;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = request_model(x->arena, x->locale, &q[i]);
		json_object_set_new(o, "url", json_sprintf("/staff/queues/renewals/%lld", (long long)q[i].id));
		json_object_set_new(o, "patient", jstr(q[i].patient_name));
		json_object_set_new(o, "birth_date", jstr(i18n_date_text(x->arena, x->locale, q[i].patient_birth_date)));
		json_object_set_new(o, "unit", jstr(q[i].unit_name));
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
	if (st != ST_OK) {
		reply_staff_status(rq, rp, st);
		return;
	}
	arena *a = x->arena;
	json_t *m = json_object();
	json_t *r = request_model(a, x->locale, &v.request);
	json_object_set_new(m, "request", r);
	json_object_set_new(m, "open", json_boolean(json_is_true(json_object_get(r, "open"))));
	json_object_set_new(m, "mine", json_boolean(v.request.assigned_to == x->who.staff_id));
	json_object_set_new(m, "patient", jstr(v.request.patient_name));
	json_object_set_new(m, "birth_date", jstr(i18n_date_text(a, x->locale, v.request.patient_birth_date)));
	json_object_set_new(m, "unit", jstr(v.request.unit_name));
	json_object_set_new(m, "emergency", json_boolean(v.access.emergency));
	json_object_set_new(m, "med", medication_model(a, x->locale, &v.m));
	json_object_set_new(m, "comments", comments_model(a, x->locale, v.comments, v.ncomments));
	json_object_set_new(m, "has_comments", json_boolean(v.ncomments > 0));
	json_object_set_new(m, "chart_url", json_sprintf("/staff/patients/%lld/medications", (long long)v.request.patient_id));
	const char *base = arena_printf(a, "/staff/queues/renewals/%lld", (long long)rid);
	json_object_set_new(m, "take_action", json_sprintf("%s/take", base));
	json_object_set_new(m, "answer_action", json_sprintf("%s/answer", base));
	json_object_set_new(m, "close_action", json_sprintf("%s/close", base));
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
	const form_value *d = form_get(posted != NULL && posted->fields == answer_fields ? posted : &answer, "decision");
	json_object_set_new(m, "renew_checked", json_boolean(d->raw != NULL && strcmp(d->raw, "renew") == 0));
	json_object_set_new(m, "decline_checked", json_boolean(d->raw != NULL && strcmp(d->raw, "decline") == 0));
	if (posted != NULL)
		error_title(m, x->locale, i18n_text(x->locale, "staff_renewal.title"));
	reply_page(rq, rp, "staff_renewal", m);
}

void web_staff_renewal(request *rq, reply *rp)
{
	int64_t rid = req_param_id(rq, "id");
	if (rid == 0) {
		reply_error(rq, rp, 404);
		return;
	}
	if (rq->query.len > 0) {
		reply_error(rq, rp, 400);
		return;
	}
	request_page(rq, rp, rid, NULL, false);
}

void web_staff_renewal_take(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t rid = req_param_id(rq, "id");
	if (rid == 0) {
		reply_error(rq, rp, 404);
		return;
	}
	status st = med_request_take(x, rid);
	if (st == ST_OK) {
		reply_redirect(rq, rp, arena_printf(x->arena, "/staff/queues/renewals/%lld", (long long)rid));
		return;
	}
	if (st != ST_CONFLICT) {
		reply_staff_status(rq, rp, st);
		return;
	}
	rp->status = 409;
	request_page(rq, rp, rid, NULL, true);
}

void web_staff_renewal_answer(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t rid = req_param_id(rq, "id");
	if (rid == 0) {
		reply_error(rq, rp, 404);
		return;
	}
	form f;
	status st = form_parse(x->arena, answer_fields, ARRAY_LEN(answer_fields), &rq->form, &f);
	med_problems pr = {0};
	if (st == ST_OK) {
		enum med_decision d = form_has(&f, "decision", "renew") ? MED_RENEW : MED_DECLINE;
		st = med_request_answer(x, rid, d, form_text(&f, "answer"), form_text(&f, "end_date"), &pr);
	}
	if (st == ST_OK) {
		reply_redirect(rq, rp, "/staff/queues/renewals?done=answered");
		return;
	}
	if (st != ST_INVALID && st != ST_CONFLICT) {
		reply_staff_status(rq, rp, st);
		return;
	}
	add_problems(&f, &pr);
	rp->status = st == ST_CONFLICT ? 409 : 400;
	request_page(rq, rp, rid, st == ST_CONFLICT ? NULL : &f, st == ST_CONFLICT);
}

void web_staff_renewal_close(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t rid = req_param_id(rq, "id");
	if (rid == 0) {
		reply_error(rq, rp, 404);
		return;
	}
	form f;
	status st = form_parse(x->arena, close_fields, ARRAY_LEN(close_fields), &rq->form, &f);
	med_problems pr = {0};
	if (st == ST_OK)
		st = med_request_close(x, rid, form_text(&f, "note"), &pr);
	if (st == ST_OK) {
		reply_redirect(rq, rp, "/staff/queues/renewals?done=closed");
		return;
	}
	if (st != ST_INVALID && st != ST_CONFLICT) {
		reply_staff_status(rq, rp, st);
		return;
	}
	add_problems(&f, &pr);
	rp->status = st == ST_CONFLICT ? 409 : 400;
	request_page(rq, rp, rid, st == ST_CONFLICT ? NULL : &f, st == ST_CONFLICT);
}
