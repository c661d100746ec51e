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
	if (st != ST_OK) {
		rec_citizen_error(rq, rp, st);
		return;
	}
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
static const form_field done_query[] = {
    {"done", FORM_ENUM, .label = "record.done", .choices = done_choices},
};

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
	if (st != ST_OK) {
		json_decref(m);
		rec_staff_error(rq, rp, st);
		return;
	}
	arena *a = rq->c->arena;
	enum locale loc = rq->c->locale;
	const char *base = arena_printf(a, "/staff/patients/%lld/care-team", (long long)patient_id);
	json_object_set_new(m, "patient", rec_patient_model(&t.patient));
	json_object_set_new(m, "base", rec_str(base));
	json_t *members = members_model(a, loc, t.members, t.n_members);
	for (size_t i = 0; i < t.n_members; i++)
		json_object_set_new(json_array_get(members, i), "remove_url",
		                    json_sprintf("%s/%lld/remove", base, (long long)t.members[i].id));
	json_object_set_new(m, "members", members);
	const form_value *mv = form_get(f, "member");
	const form_value *rv = form_get(f, "role");
	json_t *cands = json_array();
	for (size_t i = 0; i < t.n_candidates; i++) {
		const care_team_candidate *k = &t.candidates[i];
		const char *value = arena_printf(a, "%lld-%lld", (long long)k->staff_id, (long long)k->unit_id);
		json_t *o = json_object();
		json_object_set_new(o, "value", rec_str(value));
		json_object_set_new(o, "label", json_sprintf("%s (%s), %s", k->name, k->title, k->unit_name));
		json_object_set_new(o, "selected", json_boolean(mv && mv->raw && strcmp(mv->raw, value) == 0));
		json_array_append_new(cands, o);
	}
	json_object_set_new(m, "candidates", cands);
	json_t *roles = json_array();
	for (const char *const *r = care_team_roles; *r != NULL; r++) {
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(*r));
		json_object_set_new(o, "label", rec_label(a, loc, "care_team.role", *r));
		json_object_set_new(o, "selected", json_boolean(rv && rv->raw && strcmp(rv->raw, *r) == 0));
		json_array_append_new(roles, o);
	}
	json_object_set_new(m, "roles", roles);
	if (json_object_get(m, "f") == NULL)
		form_model_into(m, f, loc);
	reply_page(rq, rp, "staff_care_team", m);
}

void web_staff_care_team(request *rq, reply *rp)
{
	form q;
	if (form_parse(rq->c->arena, done_query, ARRAY_LEN(done_query), &rq->query, &q) != ST_OK) {
		reply_error(rq, rp, 400);
		return;
	}
	json_t *m = json_object();
	const char *done = form_text(&q, "done");
	if (done != NULL)
		json_object_set_new(m, strcmp(done, "added") == 0 ? "done_added" : "done_removed", json_true());
	form f;
	form_init(rq->c->arena, member_fields, ARRAY_LEN(member_fields), &f);
	staff_page(rq, rp, req_param_id(rq, "id"), m, &f);
}

void web_staff_care_team_add(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_param_id(rq, "id");
	form f;
	status parsed = form_parse(x->arena, member_fields, ARRAY_LEN(member_fields), &rq->form, &f);
	record_problems pr = {0};
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
	if (st == ST_OK) {
		reply_redirect(rq, rp, arena_printf(x->arena, "/staff/patients/%lld/care-team?done=added", (long long)id));
		return;
	}
	if (st != ST_INVALID) {
		rec_staff_error(rq, rp, st);
		return;
	}
	rec_problems_into(&f, &pr);
	json_t *m = json_object();
	rec_refused(rq, rp, m, &f, "staff_care_team");
	staff_page(rq, rp, id, m, &f);
}

void web_staff_care_team_remove(request *rq, reply *rp)
{
	int64_t id = req_param_id(rq, "id");
	status st = care_team_staff_remove(rq->c, id, req_param_id(rq, "item"));
	if (st != ST_OK) {
		rec_staff_error(rq, rp, st);
		return;
	}
	reply_redirect(rq, rp, arena_printf(rq->c->arena, "/staff/patients/%lld/care-team?done=removed", (long long)id));
}
