/* care_team.c — the rules of the care team: who can be a member, in which
 * role, and the access log for every read and change. */
#include "domain/care_team.h"

#include <string.h>

#include "domain/authz.h"

const char *const care_team_roles[] = {"gp", "public_health_nurse", "home_care_primary", "follow_up", NULL};

/* The unit kind a role belongs to; NULL for any. */
static const char *role_unit_kind(const char *role)
{
	if (strcmp(role, "gp") == 0)
		return "gp_office";
	if (strcmp(role, "public_health_nurse") == 0)
		return "health_station";
	if (strcmp(role, "home_care_primary") == 0)
		return "home_care";
	return NULL;
}

static status fetch_members(ctx *x, const void *arg, void *list, size_t *n, bool *more)
{
	(void)arg;
	(void)more;
	return store_care_team(x->db, x->arena, x->subject_id, record_for_guardian(x), list, n);
}

status care_team_get(const ctx *x, care_team_member **out, size_t *n)
{
	return record_citizen_list(x, CAP_C1_CARE_TEAM, "care_team", fetch_members, NULL, out, n, NULL);
}

static status staff_get_fn(ctx *x, const record_patient *p, void *arg)
{
	staff_care_team *o = arg;
	status st;
	if ((st = store_care_team(x->db, x->arena, p->who.id, false, &o->members, &o->n_members)) != ST_OK ||
	    (st = store_care_team_candidates(x->db, x->arena, p->who.id, &o->candidates, &o->n_candidates)) != ST_OK)
		return st;
	return chart_audit(x, &p->access, "read", "care_team", NULL);
}

status care_team_staff_get(const ctx *x, int64_t patient_id, staff_care_team *out)
{
	*out = (staff_care_team){0};
	return record_staff_read_tx(x, CAP_W2_CLINICAL_RECORD, patient_id, &out->patient, staff_get_fn, out);
}

struct add_arg {
	care_team_in in;
	problems *pr;
};

static status add_fn(ctx *x, const record_patient *p, void *arg)
{
	struct add_arg *a = arg;
	care_team_candidate *cands;
	size_t n;
	status st = store_care_team_candidates(x->db, x->arena, p->who.id, &cands, &n);
	if (st != ST_OK)
		return st;
	const care_team_candidate *found = NULL;
	for (size_t i = 0; i < n && found == NULL; i++)
		if (cands[i].staff_id == a->in.staff_id && cands[i].unit_id == a->in.unit_id)
			found = &cands[i];
	if (found == NULL) {
		problems_add(a->pr, "member", "care_team.error.member", 0);
		return ST_INVALID;
	}
	const char *kind = role_unit_kind(a->in.role);
	if (kind != NULL && strcmp(kind, found->unit_kind) != 0) {
		problems_add(a->pr, "role", "care_team.error.role_unit", 0);
		return ST_INVALID;
	}
	care_team_member m = {
	    .patient_id = p->who.id,
	    .staff_id = a->in.staff_id,
	    .unit_id = a->in.unit_id,
	    .role = a->in.role,
	    .since = a->in.since ? a->in.since : record_today(x),
	    .added_by = x->who.staff_id,
	    .added_at = x->now,
	    .hidden_from_guardians = a->in.hidden_from_guardians,
	};
	int64_t id;
	st = store_care_team_insert(x->db, &m, &id);
	if (st == ST_CONFLICT) {
		problems_add(a->pr, "role", "care_team.error.taken", 0);
		return ST_INVALID;
	}
	if (st != ST_OK)
		return st;
	return chart_audit(x, &p->access, "create", "care_team", arena_printf(x->arena, "%lld", (long long)id));
}

status care_team_staff_add(const ctx *x, int64_t patient_id, const care_team_in *in, problems *pr)
{
	if (in->staff_id <= 0 || in->unit_id <= 0)
		problems_add(pr, "member",
		             in->staff_id == 0 && in->unit_id == 0 ? "form.error.required" : "care_team.error.member",
		             0);
	problems_check_choice(pr, "role", in->role, care_team_roles);
	if (problems_check_date(pr, "since", in->since, false) && in->since != NULL &&
	    strcmp(in->since, record_today(x)) > 0)
		problems_add(pr, "since", "record.error.future", 0);
	if (pr->n > 0)
		return ST_INVALID;
	struct add_arg a = {*in, pr};
	return record_staff_tx(x, CAP_W2_CLINICAL_RECORD, patient_id, NULL, add_fn, &a);
}

static status remove_fn(ctx *x, const record_patient *p, void *arg)
{
	const int64_t *id = arg;
	status st = store_care_team_end(x->db, p->who.id, *id, x->who.staff_id, x->now);
	if (st != ST_OK)
		return st;
	return chart_audit(x, &p->access, "delete", "care_team", arena_printf(x->arena, "%lld", (long long)*id));
}

status care_team_staff_remove(const ctx *x, int64_t patient_id, int64_t member_id)
{
	if (member_id <= 0)
		return ST_NOT_FOUND;
	return record_staff_tx(x, CAP_W2_CLINICAL_RECORD, patient_id, NULL, remove_fn, &member_id);
}
