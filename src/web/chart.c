/* chart.c (web) — the staff workspace's patient pages (SPEC.md W2): find a
 * patient among one's units, open the chart (logged), and emergency access
 * to anyone else with a stated reason. Each record area adds its section to
 * chart_sections below (by the handler of its page) and serves its own pages
 * under the chart's path. */
#include <string.h>

#include "domain/chart.h"
#include "web/i18n.h"
#include "web/pages.h"

/* The areas of a chart; each links to its page for the patient and is shown
 * when the role the chart is open in (the role held at the patient's unit)
 * holds the section's capability. */
static const struct chart_section {
	web_handler page;
	const char *label_key;
	enum capability cap;
} chart_sections[] = {
    {web_staff_summary, "chart.section.summary", CAP_W2_CLINICAL_RECORD},
    {web_staff_care_team, "chart.section.care-team", CAP_W2_CLINICAL_RECORD},
    {web_staff_visits, "chart.section.visits", CAP_W2_CLINICAL_RECORD},
    {web_staff_patient_appointments, "chart.section.appointments", CAP_W2_SCHEDULES},
    {web_staff_stays, "chart.section.stays", CAP_W2_CLINICAL_RECORD},
    {web_staff_referrals, "chart.section.referrals", CAP_W2_CLINICAL_RECORD},
    {web_staff_medications, "chart.section.medications", CAP_W2_CLINICAL_RECORD},
    {web_staff_results, "chart.section.results", CAP_W2_CLINICAL_RECORD},
    {web_staff_questionnaires, "chart.section.questionnaires", CAP_Q1_QUESTIONNAIRES},
    {web_confidential_page, "chart.section.confidential", CAP_W2_CLINICAL_RECORD},
    {web_staff_message_new, "chart.section.message", CAP_M1_SEND},
};

static json_t *hit_model(arena *a, const patient_hit *h)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(h->id));
	json_object_set_new(o, "url", json_string(url_for(a, web_staff_chart, h->id)));
	json_object_set_new(o, "nin", json_string(h->nin));
	json_object_set_new(o, "name", json_sprintf("%s %s", h->given_name, h->family_name));
	json_object_set_new(o, "birth_date", json_string(h->birth_date));
	return o;
}

/* The search form. A search is a POST, so an identity number never lands in
 * a URL (proxy logs, browser history). */
void web_staff_patients(request *rq, reply *rp)
{
	reply_page(rq, rp, "staff_patients", json_object());
}

void web_staff_patients_search(request *rq, reply *rp)
{
	const char *q = req_form(rq, "q");
	json_t *m = json_object();
	json_object_set_new(m, "q", json_string(q ? q : ""));
	patient_hit hits[CHART_SEARCH_MAX];
	size_t n = 0;
	status st = chart_search(rq->c, q, hits, CHART_SEARCH_MAX, &n);
	if (st != ST_OK && st != ST_INVALID) {
		json_decref(m);
		reply_status(rq, rp, st);
		return;
	}
	if (st == ST_INVALID) {
		json_object_set_new(m, "invalid", json_true());
		rp->status = 400;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, hit_model(rq->c->arena, &hits[i]));
	json_object_set_new(m, "hits", list);
	json_object_set_new(m, "searched", json_boolean(st == ST_OK));
	json_object_set_new(m, "none", json_boolean(st == ST_OK && n == 0));
	/* No hit for a full number: offer emergency access to that person. */
	if (st == ST_OK && n == 0 && strlen(q) == 11)
		json_object_set_new(m, "emergency_nin", json_string(q));
	reply_page(rq, rp, "staff_patients", m);
}

static json_t *sections_model(arena *ar, enum locale loc, const chart_access *a)
{
	json_t *list = json_array();
	for (size_t i = 0; i < ARRAY_LEN(chart_sections); i++) {
		if (!authz_role_holds(a->role, chart_sections[i].cap))
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "url", json_string(url_for(ar, chart_sections[i].page, a->patient_id)));
		json_object_set_new(o, "label", json_string(i18n_text(loc, chart_sections[i].label_key)));
		json_array_append_new(list, o);
	}
	return list;
}

void web_staff_chart(request *rq, reply *rp)
{
	int64_t id = req_id(rq, "id");
	chart_access a;
	person p;
	status st = chart_open_logged(rq->c, id, &a, &p);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_object_set_new(m, "id", json_integer(id));
	json_object_set_new(m, "name", json_sprintf("%s %s", p.given_name, p.family_name));
	json_object_set_new(m, "nin", json_string(p.nin));
	json_object_set_new(m, "birth_date", json_string(p.birth_date));
	json_object_set_new(m, "emergency", json_boolean(a.emergency));
	json_object_set_new(m, "confidential_address", json_boolean(p.confidential_address));
	json_object_set_new(m, "deceased", json_boolean(p.death_date != NULL));
	json_object_set_new(m, "sections", sections_model(rq->c->arena, rq->c->locale, &a));
	reply_page(rq, rp, "staff_chart", m);
}

void web_staff_emergency_form(request *rq, reply *rp)
{
	reply_page(rq, rp, "staff_emergency", json_object());
}

void web_staff_emergency(request *rq, reply *rp)
{
	const char *nin = req_form(rq, "nin"), *reason = req_form(rq, "reason");
	int64_t id = 0;
	status st = chart_lookup_anyone(rq->c, nin, &id);
	if (st == ST_OK)
		st = chart_emergency(rq->c, id, reason);
	if (st == ST_OK) {
		reply_redirect(rq, rp, url_for(rq->c->arena, web_staff_chart, id));
		return;
	}
	/* An unknown person, or a number or reason that will not do: the form
	 * again, saying which. */
	if (st != ST_NOT_FOUND && st != ST_INVALID) {
		reply_status(rq, rp, st);
		return;
	}
	json_t *m = json_object();
	json_object_set_new(m, "nin", json_string(nin ? nin : ""));
	json_object_set_new(m, "reason", json_string(reason ? reason : ""));
	json_object_set_new(m, st == ST_NOT_FOUND ? "error_unknown" : id ? "error_reason" : "error_nin", json_true());
	json_object_set_new(m, "error", json_true());
	rp->status = 400;
	reply_page(rq, rp, "staff_emergency", m);
}
