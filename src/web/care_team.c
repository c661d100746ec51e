/* care_team.c (web) — "My health contacts" (SPEC.md C1) at /care-team: each
 * contact's name, role, unit and the unit's phone; and the clinician's page
 * in the chart to add and remove members. Only the roles of the care team
 * exist here, so other home-care workers never appear. */
#include <stdio.h>
#include <string.h>

#include "domain/care_team.h"
#include "web/i18n.h"
#include "web/pages.h"
#include "web/record_page.h"

/* "73 99 10 00" -> "tel:73991000" (digits and a leading +). */
static const char *tel_href(arena *a, const char *phone)
{
	size_t n = phone ? strlen(phone) : 0;
	char *out = arena_alloc(a, n + 5);
	size_t k = 0;
	memcpy(out, "tel:", 4);
	k = 4;
	for (size_t i = 0; i < n; i++)
		if ((phone[i] >= '0' && phone[i] <= '9') || (phone[i] == '+' && k == 4))
			out[k++] = phone[i];
	out[k] = '\0';
	return out;
}

static json_t *members_model(arena *a, enum locale loc, const care_team_member *list, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const care_team_member *mb = &list[i];
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(mb->id));
		json_object_set_new(o, "name", rec_str(mb->name));
		json_object_set_new(o, "title", rec_str(mb->title));
		json_object_set_new(o, "role", rec_label(a, loc, "care_team.role", mb->role));
		json_object_set_new(o, "unit", rec_str(mb->unit_name));
		json_object_set_new(o, "phone", rec_str(mb->unit_phone));
		json_object_set_new(o, "phone_href", rec_str(tel_href(a, mb->unit_phone)));
		json_object_set_new(o, "since", rec_str(i18n_date_text(a, loc, mb->since)));
		json_object_set_new(o, "hidden", json_boolean(mb->hidden_from_guardians));
		json_array_append_new(arr, o);
	}
	return arr;
}

void web_care_team(request *rq, reply *rp)
{
	care_team_member *list;
	size_t n;
	status st = care_team_get(rq->c, &list, &n);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_object_set_new(m, "members", members_model(rq->c->arena, rq->c->locale, list, n));
	json_object_set_new(m, "any", json_boolean(n > 0));
	reply_page(rq, rp, "care_team", m);
}

/* ---- the clinician's page --------------------------------------------------------------- */

static const form_field member_fields[] = {
    {"member", FORM_TEXT, .flags = FORM_REQUIRED, .label = "care_team.member", .max = 40},
    {"role", FORM_ENUM, .flags = FORM_REQUIRED, .label = "care_team.role", .choices = care_team_roles},
    {"since", FORM_DATE, .label = "care_team.since"},
    {"hidden", FORM_BOOL, .label = "record.hidden"},
};

static const char *const done_choices[] = {"added", "removed", NULL};

/* "STAFF-UNIT", the value of a member choice. */
static bool parse_member(const char *v, int64_t *staff_id, int64_t *unit_id)
{
	*staff_id = *unit_id = 0;
	const char *dash = v ? strchr(v, '-') : NULL;
	if (dash == NULL || dash == v || dash - v > 19)
		return false;
	char left[24];
	memcpy(left, v, (size_t)(dash - v));
	left[dash - v] = '\0';
	return str_to_i64(left, staff_id) && str_to_i64(dash + 1, unit_id) && *staff_id > 0 && *unit_id > 0;
}

static void staff_page(request *rq, reply *rp, int64_t patient_id, json_t *m, const form *f)
{
	staff_care_team t;
	status st = care_team_staff_get(rq->c, patient_id, &t);
	if (reply_failed(rq, rp, st, m))
		return;
	arena *a = rq->c->arena;
	enum locale loc = rq->c->locale;
	json_object_set_new(m, "patient", rec_patient_model(a, &t.patient));
	json_object_set_new(m, "add_url", rec_str(url_for(a, web_staff_care_team_add, patient_id)));
	json_t *members = members_model(a, loc, t.members, t.n_members);
	rec_row_urls(a, members, "remove_url", web_staff_care_team_remove, patient_id);
	json_object_set_new(m, "members", members);
	const char *member = rec_raw(f, "member");
	json_t *cands = json_array();
	for (size_t i = 0; i < t.n_candidates; i++) {
		const care_team_candidate *k = &t.candidates[i];
		const char *value = arena_printf(a, "%lld-%lld", (long long)k->staff_id, (long long)k->unit_id);
		json_array_append_new(
		    cands, rec_option(value, json_sprintf("%s (%s), %s", k->name, k->title, k->unit_name), member));
	}
	json_object_set_new(m, "candidates", cands);
	json_object_set_new(m, "roles", rec_choices(a, loc, "care_team.role", care_team_roles, rec_raw(f, "role")));
	rec_form_into(m, f, loc);
	reply_page(rq, rp, "staff_care_team", m);
}

void web_staff_care_team(request *rq, reply *rp)
{
	json_t *m = rec_done_model(rq, rp, done_choices);
	if (m == NULL)
		return;
	form f;
	form_init(rq->c->arena, member_fields, ARRAY_LEN(member_fields), &f);
	staff_page(rq, rp, req_id(rq, "id"), m, &f);
}

void web_staff_care_team_add(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	status parsed = form_parse(x->arena, member_fields, ARRAY_LEN(member_fields), &rq->form, &f);
	problems pr = {0};
	status st = ST_INVALID;
	if (parsed == ST_OK) {
		care_team_in in = {0};
		if (!parse_member(form_text(&f, "member"), &in.staff_id, &in.unit_id))
			form_add_error(&f, "member", "care_team.error.member", 0);
		in.role = form_text(&f, "role");
		in.since = form_text(&f, "since");
		in.hidden_from_guardians = form_bool(&f, "hidden");
		if (f.nerrors == 0)
			st = care_team_staff_add(x, id, &in, &pr);
	}
	const char *next = rec_done_url(x->arena, web_staff_care_team, id, "added");
	json_t *m = rec_posted(rq, rp, st, next, &f, &pr, "staff_care_team");
	if (m != NULL)
		staff_page(rq, rp, id, m, &f);
}

void web_staff_care_team_remove(request *rq, reply *rp)
{
	int64_t id = req_id(rq, "id");
	status st = care_team_staff_remove(rq->c, id, req_id(rq, "item"));
	if (reply_failed(rq, rp, st, NULL))
		return;
	reply_redirect(rq, rp, rec_done_url(rq->c->arena, web_staff_care_team, id, "removed"));
}
