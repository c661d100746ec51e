/* visits.c — the rules for visits, stays and referrals: what citizens may
 * see (never home-care visits, notes only when shared, past visits only),
 * what a valid entry is, and the access log for every staff read and
 * change. */
#include "domain/visits.h"

#include <string.h>

#include "domain/audit.h"
#include "domain/authz.h"
#include "store/care_team.h"

const char *const visit_kind_codes[] = {"consultation", "video", "phone", "responsibility_group_meeting",
                                        "home_care",    NULL};
const char *const stay_kind_codes[] = {"short_term", "long_term", "respite", NULL};
const char *const referral_status_codes[] = {"sent", "received", "assessed", "appointment_given", NULL};

/* ---- citizens ------------------------------------------------------------------- */

static status citizen_fn(ctx *x, void *arg)
{
	citizen_visits *o = arg;
	bool guardian = record_for_guardian(x);
	status st;
	if (o->has_visits) {
		if ((st = store_visits_for_citizen(x->db, x->arena, x->subject_id, record_today(x), guardian,
		                                   &o->visits, &o->n_visits)) != ST_OK ||
		    (st = record_citizen_logged(x, "visits", NULL)) != ST_OK)
			return st;
	}
	if (o->has_stays) {
		if ((st = store_stays(x->db, x->arena, x->subject_id, guardian, &o->stays, &o->n_stays)) != ST_OK ||
		    (st = record_citizen_logged(x, "stays", NULL)) != ST_OK ||
		    (st = store_referrals(x->db, x->arena, x->subject_id, guardian, &o->referrals, &o->n_referrals)) !=
		        ST_OK ||
		    (st = record_citizen_logged(x, "referrals", NULL)) != ST_OK)
			return st;
	}
	return ST_OK;
}

status visits_get(const ctx *x, citizen_visits *out)
{
	*out = (citizen_visits){0};
	out->has_visits = authz_check(x, CAP_P7_VISITS) == ST_OK;
	out->has_stays = authz_check(x, CAP_P8_STAYS_REFERRALS) == ST_OK;
	if (!out->has_visits && !out->has_stays)
		return ST_DENIED;
	return record_citizen_tx(x, citizen_fn, out);
}

struct one_arg {
	int64_t id;
	visit *out;
};

static status one_fn(ctx *x, void *arg)
{
	struct one_arg *a = arg;
	status st = store_visit_for_citizen(x->db, x->arena, x->subject_id, a->id, record_today(x),
	                                    record_for_guardian(x), a->out);
	return st != ST_OK ? st : record_citizen_logged(x, "visits", audit_id(x->arena, a->id));
}

status visits_get_one(const ctx *x, int64_t id, visit *out)
{
	if (authz_check(x, CAP_P7_VISITS) != ST_OK)
		return ST_DENIED;
	if (id <= 0)
		return ST_NOT_FOUND;
	struct one_arg a = {id, out};
	return record_citizen_tx(x, one_fn, &a);
}

status visits_stays_referrals(const ctx *x, stay **stays, size_t *n_stays, referral **referrals, size_t *n_referrals)
{
	*stays = NULL;
	*referrals = NULL;
	*n_stays = *n_referrals = 0;
	citizen_visits o = {.has_stays = authz_check(x, CAP_P8_STAYS_REFERRALS) == ST_OK};
	if (!o.has_stays)
		return ST_DENIED;
	status st = record_citizen_tx(x, citizen_fn, &o);
	if (st == ST_OK) {
		*stays = o.stays;
		*n_stays = o.n_stays;
		*referrals = o.referrals;
		*n_referrals = o.n_referrals;
	}
	return st;
}

/* ---- staff: visits ------------------------------------------------------------------ */

static status staff_visits_fn(ctx *x, const record_patient *p, void *arg)
{
	staff_visits *o = arg;
	status st = store_visits_for_staff(x->db, x->arena, p->who.id, &o->visits, &o->n_visits);
	return st != ST_OK ? st : chart_audit(x, &p->access, "read", "visits", NULL);
}

status visits_staff_get(const ctx *x, int64_t patient_id, staff_visits *out)
{
	*out = (staff_visits){0};
	return record_staff_read_tx(x, CAP_W2_CLINICAL_RECORD, patient_id, &out->patient, staff_visits_fn, out);
}

static status add_visit_fn(ctx *x, const record_patient *p, void *arg)
{
	const visit_in *in = arg;
	int64_t unit_id, id;
	status st = record_staff_unit(x, &p->access, &unit_id);
	if (st != ST_OK)
		return st;
	if (unit_id == 0)
		return ST_DENIED; /* a clinician without a unit of their own records no visits */
	visit v = {
	    .patient_id = p->who.id,
	    .unit_id = unit_id,
	    .clinician_id = x->who.staff_id,
	    .kind = in->kind,
	    .visit_date = in->visit_date,
	    .visit_time = in->visit_time,
	    .place = in->place,
	    .summary = in->summary,
	    .note = in->note,
	    .note_status = in->note != NULL ? "draft" : "none",
	    .created_at = x->now,
	    .hidden_from_guardians = in->hidden_from_guardians,
	};
	if ((st = store_visit_insert(x->db, &v, &id)) != ST_OK)
		return st;
	return chart_audit(x, &p->access, "create", "visits", audit_id(x->arena, id));
}

status visits_staff_add(const ctx *x, int64_t patient_id, const visit_in *in, problems *pr)
{
	problems_check_choice(pr, "kind", in->kind, visit_kind_codes);
	if (problems_check_date(pr, "visit_date", in->visit_date, true) && strcmp(in->visit_date, record_today(x)) > 0)
		problems_add(pr, "visit_date", "record.error.future", 0);
	if (in->visit_time != NULL && minute_of_day(in->visit_time) < 0)
		problems_add(pr, "visit_time", "visits.error.time", 0);
	problems_check_text(pr, "place", in->place, 0, VISIT_PLACE_MAX, false);
	if (in->summary == NULL)
		problems_add(pr, "summary", "form.error.required", 0);
	problems_check_text(pr, "summary", in->summary, 2, VISIT_SUMMARY_MAX, true);
	problems_check_text(pr, "note", in->note, 0, VISIT_NOTE_MAX, true);
	if (pr->n > 0)
		return ST_INVALID;
	visit_in copy = *in;
	return record_staff_tx(x, CAP_W2_CLINICAL_RECORD, patient_id, NULL, add_visit_fn, &copy);
}

struct note_arg {
	int64_t id;
	const char *note;
	bool share;
	problems *pr;
};

static status note_fn(ctx *x, const record_patient *p, void *arg)
{
	struct note_arg *a = arg;
	visit v;
	status st = store_visit_for_staff(x->db, x->arena, p->who.id, a->id, &v);
	if (st != ST_OK)
		return st;
	if (strcmp(v.note_status, "shared") == 0)
		return ST_CONFLICT;
	if (a->share && strcmp(v.kind, "home_care") == 0) {
		problems_add(a->pr, "note", "visits.error.home_care_note", 0);
		return ST_INVALID;
	}
	st = a->share ? store_visit_note_share(x->db, p->who.id, a->id, a->note, x->now)
	              : store_visit_note_draft(x->db, p->who.id, a->id, a->note);
	if (st != ST_OK)
		return st;
	return chart_audit(x, &p->access, "update", "visits", audit_id(x->arena, a->id));
}

status visits_staff_note(const ctx *x, int64_t patient_id, int64_t visit_id, const char *note, bool share, problems *pr)
{
	if (visit_id <= 0)
		return ST_NOT_FOUND;
	if (note == NULL)
		problems_add(pr, "note", "form.error.required", 0);
	problems_check_text(pr, "note", note, 2, VISIT_NOTE_MAX, true);
	if (pr->n > 0)
		return ST_INVALID;
	struct note_arg a = {visit_id, note, share, pr};
	return record_staff_tx(x, CAP_W2_CLINICAL_RECORD, patient_id, NULL, note_fn, &a);
}

/* ---- staff: stays ---------------------------------------------------------------------- */

static status staff_stays_fn(ctx *x, const record_patient *p, void *arg)
{
	staff_stays *o = arg;
	status st;
	if ((st = store_stays(x->db, x->arena, p->who.id, false, &o->stays, &o->n_stays)) != ST_OK ||
	    (st = store_units_of_kind(x->db, x->arena, "care_home", &o->units, &o->n_units)) != ST_OK)
		return st;
	return chart_audit(x, &p->access, "read", "stays", NULL);
}

status stays_staff_get(const ctx *x, int64_t patient_id, staff_stays *out)
{
	*out = (staff_stays){0};
	return record_staff_read_tx(x, CAP_W2_CLINICAL_RECORD, patient_id, &out->patient, staff_stays_fn, out);
}

struct stay_arg {
	stay_in in;
	problems *pr;
};

/* ST_OK when unit_id is one of the units of kind, else ST_INVALID with
 * the problem on field (a choice not offered). */
static status unit_of_kind_chosen(ctx *x, const char *kind, int64_t unit_id, problems *pr, const char *field)
{
	unit_choice *units;
	size_t n;
	status st = store_units_of_kind(x->db, x->arena, kind, &units, &n);
	if (st != ST_OK)
		return st;
	for (size_t i = 0; i < n; i++)
		if (units[i].id == unit_id)
			return ST_OK;
	problems_add(pr, field, "form.error.choice", 0);
	return ST_INVALID;
}

static status add_stay_fn(ctx *x, const record_patient *p, void *arg)
{
	struct stay_arg *a = arg;
	status st = unit_of_kind_chosen(x, "care_home", a->in.unit_id, a->pr, "unit");
	if (st != ST_OK)
		return st;
	stay s = {
	    .patient_id = p->who.id,
	    .unit_id = a->in.unit_id,
	    .kind = a->in.kind,
	    .from_date = a->in.from_date,
	    .to_date = a->in.to_date,
	    .created_by = x->who.staff_id,
	    .created_at = x->now,
	    .hidden_from_guardians = a->in.hidden_from_guardians,
	};
	int64_t id;
	if ((st = store_stay_insert(x->db, &s, &id)) != ST_OK)
		return st;
	return chart_audit(x, &p->access, "create", "stays", audit_id(x->arena, id));
}

status stays_staff_add(const ctx *x, int64_t patient_id, const stay_in *in, problems *pr)
{
	if (in->unit_id <= 0)
		problems_add(pr, "unit", "form.error.required", 0);
	problems_check_choice(pr, "kind", in->kind, stay_kind_codes);
	bool from_ok = problems_check_date(pr, "from_date", in->from_date, true);
	bool to_ok = problems_check_date(pr, "to_date", in->to_date, false);
	if (from_ok && to_ok && in->to_date != NULL && strcmp(in->to_date, in->from_date) < 0)
		problems_add(pr, "to_date", "stays.error.before_from", 0);
	if (pr->n > 0)
		return ST_INVALID;
	struct stay_arg a = {*in, pr};
	return record_staff_tx(x, CAP_W2_CLINICAL_RECORD, patient_id, NULL, add_stay_fn, &a);
}

/* ---- staff: referrals --------------------------------------------------------------------- */

static status staff_referrals_fn(ctx *x, const record_patient *p, void *arg)
{
	staff_referrals *o = arg;
	status st;
	if ((st = store_referrals(x->db, x->arena, p->who.id, false, &o->referrals, &o->n_referrals)) != ST_OK ||
	    (st = store_units_of_kind(x->db, x->arena, "hospital_department", &o->units, &o->n_units)) != ST_OK)
		return st;
	return chart_audit(x, &p->access, "read", "referrals", NULL);
}

status referrals_staff_get(const ctx *x, int64_t patient_id, staff_referrals *out)
{
	*out = (staff_referrals){0};
	return record_staff_read_tx(x, CAP_W2_CLINICAL_RECORD, patient_id, &out->patient, staff_referrals_fn, out);
}

struct referral_arg {
	referral_in in;
	problems *pr;
};

static status add_referral_fn(ctx *x, const record_patient *p, void *arg)
{
	struct referral_arg *a = arg;
	status st = unit_of_kind_chosen(x, "hospital_department", a->in.to_unit_id, a->pr, "to_unit");
	if (st != ST_OK)
		return st;
	int64_t from_unit, id;
	if ((st = record_staff_unit(x, &p->access, &from_unit)) != ST_OK)
		return st;
	referral r = {
	    .patient_id = p->who.id,
	    .from_unit_id = from_unit,
	    .to_unit_id = a->in.to_unit_id,
	    .referred_by = x->who.staff_id,
	    .sent_on = a->in.sent_on,
	    .status = "sent",
	    .status_at = x->now,
	    .pathway = a->in.pathway,
	    .created_at = x->now,
	    .hidden_from_guardians = a->in.hidden_from_guardians,
	};
	if ((st = store_referral_insert(x->db, &r, &id)) != ST_OK)
		return st;
	return chart_audit(x, &p->access, "create", "referrals", audit_id(x->arena, id));
}

status referrals_staff_add(const ctx *x, int64_t patient_id, const referral_in *in, problems *pr)
{
	if (in->to_unit_id <= 0)
		problems_add(pr, "to_unit", "form.error.required", 0);
	if (problems_check_date(pr, "sent_on", in->sent_on, true) && strcmp(in->sent_on, record_today(x)) > 0)
		problems_add(pr, "sent_on", "record.error.future", 0);
	problems_check_text(pr, "pathway", in->pathway, 0, REFERRAL_PATHWAY_MAX, false);
	if (pr->n > 0)
		return ST_INVALID;
	struct referral_arg a = {*in, pr};
	return record_staff_tx(x, CAP_W2_CLINICAL_RECORD, patient_id, NULL, add_referral_fn, &a);
}

static int status_rank(const char *code)
{
	for (int i = 0; code != NULL && referral_status_codes[i] != NULL; i++)
		if (strcmp(referral_status_codes[i], code) == 0)
			return i;
	return -1;
}

struct status_arg {
	int64_t id;
	const char *code;
	problems *pr;
};

static status referral_status_fn(ctx *x, const record_patient *p, void *arg)
{
	struct status_arg *a = arg;
	referral r;
	status st = store_referral_get(x->db, x->arena, p->who.id, a->id, &r);
	if (st != ST_OK)
		return st;
	if (status_rank(a->code) <= status_rank(r.status)) {
		problems_add(a->pr, "status", "referrals.error.backwards", 0);
		return ST_INVALID;
	}
	if ((st = store_referral_set_status(x->db, p->who.id, a->id, a->code, x->now)) != ST_OK)
		return st;
	return chart_audit(x, &p->access, "update", "referrals", audit_id(x->arena, a->id));
}

status referrals_staff_status(const ctx *x, int64_t patient_id, int64_t referral_id, const char *status_code,
                              problems *pr)
{
	if (referral_id <= 0)
		return ST_NOT_FOUND;
	if (!problems_check_choice(pr, "status", status_code, referral_status_codes))
		return ST_INVALID;
	struct status_arg a = {referral_id, status_code, pr};
	return record_staff_tx(x, CAP_W2_CLINICAL_RECORD, patient_id, NULL, referral_status_fn, &a);
}
