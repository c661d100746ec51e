/* summary.c (web) — the health summary pages (SPEC.md H3–H6): the citizen's
 * summary (allergies with their requests, health issues, vaccines), the
 * vaccines page, the form to ask for an allergy to be added, and the
 * clinician's summary page in the chart (problem list and allergies: add,
 * resolve, remove; vaccines read-only). */
#include <string.h>

#include "domain/summary.h"
#include "web/i18n.h"
#include "web/pages.h"
#include "web/record_page.h"

/* How many vaccines the summary lists before linking to the full page. */
enum { SUMMARY_VACCINES_SHOWN = 5 };

/* ---- models ---------------------------------------------------------------------- */

static json_t *allergy_model(arena *a, enum locale loc, const allergy *al)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(al->id));
	json_object_set_new(o, "substance", rec_str(al->substance));
	json_object_set_new(o, "reaction", rec_str(al->reaction));
	json_object_set_new(o, "severity", rec_label(a, loc, "allergy.severity", al->severity));
	json_object_set_new(o, "registered_by", rec_str(al->registered_by_name));
	json_object_set_new(o, "unit", rec_str(al->unit_name));
	json_object_set_new(o, "registered_at", rec_str(i18n_time_text(a, loc, al->registered_at)));
	json_object_set_new(o, "hidden", json_boolean(al->hidden_from_guardians));
	return o;
}

static json_t *allergies_model(arena *a, enum locale loc, const allergy *list, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, allergy_model(a, loc, &list[i]));
	return arr;
}

static json_t *issues_model(arena *a, enum locale loc, const health_issue *list, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const health_issue *h = &list[i];
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(h->id));
		json_object_set_new(o, "diagnosis", rec_str(h->diagnosis));
		json_object_set_new(o, "icd10", rec_str(h->icd10));
		json_object_set_new(o, "since", rec_str(i18n_date_text(a, loc, h->since)));
		json_object_set_new(o, "chronic", json_boolean(h->chronic));
		json_object_set_new(o, "registered_by", rec_str(h->registered_by_name));
		json_object_set_new(o, "unit", rec_str(h->unit_name));
		json_object_set_new(o, "hidden", json_boolean(h->hidden_from_guardians));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *vaccines_model(arena *a, enum locale loc, const vaccination *list, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const vaccination *v = &list[i];
		json_t *o = json_object();
		json_object_set_new(o, "name", rec_str(v->vaccine_name));
		json_object_set_new(o, "atc", rec_str(v->atc_code));
		json_object_set_new(o, "given_on", rec_str(i18n_date_text(a, loc, v->given_on)));
		json_object_set_new(o, "given_on_iso", rec_str(v->given_on));
		json_object_set_new(o, "dose", json_integer(v->dose));
		json_object_set_new(o, "batch", rec_str(v->batch));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *requests_model(arena *a, enum locale loc, const allergy_request *list, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const allergy_request *r = &list[i];
		json_t *o = json_object();
		json_object_set_new(o, "substance", rec_str(r->substance));
		json_object_set_new(o, "reaction", rec_str(r->reaction));
		json_object_set_new(o, "sent", rec_str(i18n_time_text(a, loc, r->created_at)));
		json_object_set_new(o, "unit", rec_str(r->unit_name));
		json_object_set_new(o, "status", rec_label(a, loc, "allergy.request.status", r->status));
		json_object_set_new(o, "declined", json_boolean(strcmp(r->status, "declined") == 0));
		json_object_set_new(o, "accepted", json_boolean(strcmp(r->status, "accepted") == 0));
		json_object_set_new(o, "reason", rec_str(r->decline_reason));
		json_object_set_new(o, "answered",
		                    rec_str(r->answered_at ? i18n_time_text(a, loc, r->answered_at) : ""));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* What ?done= may say: a change just made. */
static const char *const done_choices[] = {"requested", "added", "removed", "resolved", NULL};

/* ---- the citizen's pages ------------------------------------------------------------------ */

void web_health_summary(request *rq, reply *rp)
{
	json_t *m = rec_done_model(rq, rp, done_choices);
	if (m == NULL)
		return;
	health_summary s;
	status st = summary_get(rq->c, &s);
	if (reply_failed(rq, rp, st, m))
		return;
	arena *a = rq->c->arena;
	enum locale loc = rq->c->locale;
	json_object_set_new(m, "has_allergies", json_boolean(s.has_allergies));
	json_object_set_new(m, "may_request", json_boolean(authz_check(rq->c, CAP_H3_REQUEST) == ST_OK));
	json_object_set_new(m, "allergies", allergies_model(a, loc, s.allergies, s.n_allergies));
	json_object_set_new(m, "requests", requests_model(a, loc, s.requests, s.n_requests));
	json_object_set_new(m, "has_issues", json_boolean(s.has_issues));
	json_object_set_new(m, "issues", issues_model(a, loc, s.issues, s.n_issues));
	json_object_set_new(m, "has_vaccines", json_boolean(s.has_vaccines));
	size_t shown = s.n_vaccines < SUMMARY_VACCINES_SHOWN ? s.n_vaccines : SUMMARY_VACCINES_SHOWN;
	json_object_set_new(m, "vaccines", vaccines_model(a, loc, s.vaccines, shown));
	json_object_set_new(m, "vaccines_more", json_boolean(s.n_vaccines > shown));
	json_object_set_new(m, "vaccines_count", json_integer((json_int_t)s.n_vaccines));
	json_object_set_new(m, "any_allergies", json_boolean(s.n_allergies > 0));
	json_object_set_new(m, "any_requests", json_boolean(s.n_requests > 0));
	json_object_set_new(m, "any_issues", json_boolean(s.n_issues > 0));
	json_object_set_new(m, "any_vaccines", json_boolean(s.n_vaccines > 0));
	reply_page(rq, rp, "health_summary", m);
}

void web_health_vaccines(request *rq, reply *rp)
{
	vaccination *list;
	size_t n;
	status st = summary_vaccines(rq->c, &list, &n);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_object_set_new(m, "vaccines", vaccines_model(rq->c->arena, rq->c->locale, list, n));
	json_object_set_new(m, "any", json_boolean(n > 0));
	reply_page(rq, rp, "health_vaccines", m);
}

static const form_field request_fields[] = {
    {"substance", FORM_TEXT, .flags = FORM_REQUIRED, .label = "allergy.substance", .min = 2,
     .max = ALLERGY_SUBSTANCE_MAX},
    {"reaction", FORM_TEXT, .flags = FORM_REQUIRED, .label = "allergy.reaction", .min = 2, .max = ALLERGY_REACTION_MAX},
    {"note", FORM_TEXT, .label = "allergy.request.note", .max = ALLERGY_NOTE_MAX, .charset = FORM_CHARS_MULTILINE},
};

static void request_page(request *rq, reply *rp, json_t *m, const form *f)
{
	rec_form_into(m, f, rq->c->locale);
	json_object_set_new(m, "note_max", json_integer(ALLERGY_NOTE_MAX));
	reply_page(rq, rp, "allergy_request", m);
}

void web_allergy_request_form(request *rq, reply *rp)
{
	/* The page shows nothing from the record; the capability is what the
	 * route checked. */
	form f;
	form_init(rq->c->arena, request_fields, ARRAY_LEN(request_fields), &f);
	request_page(rq, rp, json_object(), &f);
}

void web_allergy_request(request *rq, reply *rp)
{
	ctx *x = rq->c;
	form f;
	status parsed = form_parse(x->arena, request_fields, ARRAY_LEN(request_fields), &rq->form, &f);
	problems pr = {0};
	status st = ST_INVALID;
	if (parsed == ST_OK) {
		allergy_request_in in = {form_text(&f, "substance"), form_text(&f, "reaction"), form_text(&f, "note")};
		int64_t id;
		st = summary_request_allergy(x, &in, &pr, &id);
	}
	if (st == ST_OK) {
		const char *summary = web_path(web_health_summary);
		reply_redirect(rq, rp, arena_printf(x->arena, "%s?done=requested#allergies", summary));
		return;
	}
	if (st != ST_INVALID && st != ST_CONFLICT) {
		reply_status(rq, rp, st);
		return;
	}
	form_add_problems(&f, &pr);
	json_t *m = json_object();
	rec_refused(rq, rp, m, &f, "allergy_request");
	request_page(rq, rp, m, &f);
}

/* ---- the clinician's summary page --------------------------------------------------------- */

static const form_field allergy_fields[] = {
    {"substance", FORM_TEXT, .flags = FORM_REQUIRED, .label = "allergy.substance", .min = 2,
     .max = ALLERGY_SUBSTANCE_MAX},
    {"reaction", FORM_TEXT, .label = "allergy.reaction", .max = ALLERGY_REACTION_MAX},
    {"severity", FORM_ENUM, .flags = FORM_REQUIRED, .label = "allergy.severity", .choices = allergy_severities},
    {"allergy_hidden", FORM_BOOL, .label = "record.hidden"},
};

static const form_field issue_fields[] = {
    {"diagnosis", FORM_TEXT, .flags = FORM_REQUIRED, .label = "issue.diagnosis", .min = 2, .max = ISSUE_DIAGNOSIS_MAX},
    {"icd10", FORM_TEXT, .label = "issue.icd10", .max = ISSUE_ICD10_MAX},
    {"since", FORM_DATE, .label = "issue.since"},
    {"chronic", FORM_BOOL, .label = "issue.chronic"},
    {"issue_hidden", FORM_BOOL, .label = "record.hidden"},
};

/* The chart's summary page after a change, at the section changed. */
static const char *done_url(arena *a, int64_t patient_id, const char *done, const char *section)
{
	return arena_printf(a, "%s#%s", rec_done_url(a, web_staff_summary, patient_id, done), section);
}

/* Renders the chart's summary page; m may already hold a refused form. */
static void staff_summary_page(request *rq, reply *rp, int64_t patient_id, json_t *m, const char *severity)
{
	staff_summary s;
	status st = summary_staff_get(rq->c, patient_id, &s);
	if (reply_failed(rq, rp, st, m))
		return;
	arena *a = rq->c->arena;
	enum locale loc = rq->c->locale;
	json_object_set_new(m, "patient", rec_patient_model(a, &s.patient));
	json_object_set_new(m, "allergy_add_url", rec_str(url_for(a, web_staff_summary_add_allergy, patient_id)));
	json_object_set_new(m, "issue_add_url", rec_str(url_for(a, web_staff_summary_add_issue, patient_id)));
	json_t *allergies = allergies_model(a, loc, s.allergies, s.n_allergies);
	rec_row_urls(a, allergies, "remove_url", web_staff_summary_end_allergy, patient_id);
	json_object_set_new(m, "allergies", allergies);
	json_t *issues = issues_model(a, loc, s.issues, s.n_issues);
	rec_row_urls(a, issues, "resolve_url", web_staff_summary_end_issue, patient_id);
	json_object_set_new(m, "issues", issues);
	json_object_set_new(m, "vaccines", vaccines_model(a, loc, s.vaccines, s.n_vaccines));
	json_object_set_new(m, "severities", rec_choices(a, loc, "allergy.severity", allergy_severities, severity));
	reply_page(rq, rp, "staff_summary", m);
}

void web_staff_summary(request *rq, reply *rp)
{
	json_t *m = rec_done_model(rq, rp, done_choices);
	if (m != NULL)
		staff_summary_page(rq, rp, req_id(rq, "id"), m, NULL);
}

void web_staff_summary_add_allergy(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	status parsed = form_parse(x->arena, allergy_fields, ARRAY_LEN(allergy_fields), &rq->form, &f);
	problems pr = {0};
	status st = ST_INVALID;
	if (parsed == ST_OK) {
		allergy_in in = {form_text(&f, "substance"), form_text(&f, "reaction"), form_text(&f, "severity"),
		                 form_bool(&f, "allergy_hidden")};
		st = summary_staff_add_allergy(x, id, &in, &pr);
	}
	json_t *m = rec_posted(rq, rp, st, done_url(x->arena, id, "added", "allergies"), &f, &pr, "staff_summary");
	if (m != NULL)
		staff_summary_page(rq, rp, id, m, rec_raw(&f, "severity"));
}

void web_staff_summary_add_issue(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	status parsed = form_parse(x->arena, issue_fields, ARRAY_LEN(issue_fields), &rq->form, &f);
	problems pr = {0};
	status st = ST_INVALID;
	if (parsed == ST_OK) {
		const char *icd = form_text(&f, "icd10");
		/* Codes are written in capitals (e11.9 is E11.9). */
		if (icd != NULL) {
			char *up = arena_strdup(x->arena, icd);
			for (char *p = up; *p; p++)
				if (*p >= 'a' && *p <= 'z')
					*p = (char)(*p - 32);
			icd = up;
		}
		issue_in in = {form_text(&f, "diagnosis"), icd, form_text(&f, "since"), form_bool(&f, "chronic"),
		               form_bool(&f, "issue_hidden")};
		st = summary_staff_add_issue(x, id, &in, &pr);
	}
	json_t *m = rec_posted(rq, rp, st, done_url(x->arena, id, "added", "issues"), &f, &pr, "staff_summary");
	if (m != NULL)
		staff_summary_page(rq, rp, id, m, NULL);
}

/* Ends an allergy or a health issue (the route's :item) and goes back to
 * its section of the page, saying so. */
static void end_item(request *rq, reply *rp, status (*end)(const ctx *x, int64_t patient_id, int64_t item),
                     const char *done, const char *section)
{
	int64_t id = req_id(rq, "id");
	status st = end(rq->c, id, req_id(rq, "item"));
	if (reply_failed(rq, rp, st, NULL))
		return;
	reply_redirect(rq, rp, done_url(rq->c->arena, id, done, section));
}

void web_staff_summary_end_allergy(request *rq, reply *rp)
{
	end_item(rq, rp, summary_staff_end_allergy, "removed", "allergies");
}

void web_staff_summary_end_issue(request *rq, reply *rp)
{
	end_item(rq, rp, summary_staff_end_issue, "resolved", "issues");
}
