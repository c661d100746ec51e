/* summary.c — the rules of the health summary: who may read which part,
 * what a valid allergy, request or health issue is, the allergy request
 * queue's states, and the immunisation registry import. Every operation is
 * one transaction, with its access-log entries inside it. */
#include "domain/summary.h"

#include <string.h>

#include "domain/audit.h"
#include "domain/authz.h"
#include "store/store.h"

const char *const allergy_severities[] = {"mild", "moderate", "severe", "unknown", NULL};

static const char *id_text(const ctx *x, const char *prefix, int64_t id)
{
	return arena_printf(x->arena, "%s%lld", prefix, (long long)id);
}

/* ---- citizens ---------------------------------------------------------------- */

static status summary_fn(ctx *x, void *arg)
{
	health_summary *o = arg;
	bool guardian = record_for_guardian(x);
	status st;
	if (o->has_allergies) {
		if ((st = store_allergies(x->db, x->arena, x->subject_id, guardian, &o->allergies, &o->n_allergies)) !=
		        ST_OK ||
		    (st = store_allergy_requests_of(x->db, x->arena, x->subject_id, guardian, &o->requests,
		                                    &o->n_requests)) != ST_OK ||
		    (st = record_citizen_logged(x, "health.allergies", NULL)) != ST_OK)
			return st;
	}
	if (o->has_issues) {
		if ((st = store_health_issues(x->db, x->arena, x->subject_id, guardian, &o->issues, &o->n_issues)) !=
		        ST_OK ||
		    (st = record_citizen_logged(x, "health.issues", NULL)) != ST_OK)
			return st;
	}
	if (o->has_vaccines) {
		if ((st = store_vaccinations(x->db, x->arena, x->subject_id, guardian, RECORD_LIST_LIMIT, &o->vaccines,
		                             &o->n_vaccines)) != ST_OK ||
		    (st = record_citizen_logged(x, "health.vaccines", NULL)) != ST_OK)
			return st;
	}
	return ST_OK;
}

status summary_get(const ctx *x, health_summary *out)
{
	*out = (health_summary){0};
	if (authz_check(x, CAP_H6_SUMMARY) != ST_OK)
		return ST_DENIED;
	out->has_allergies = authz_check(x, CAP_H3_ALLERGIES) == ST_OK;
	out->has_issues = authz_check(x, CAP_H5_HEALTH_ISSUES) == ST_OK;
	out->has_vaccines = authz_check(x, CAP_H4_VACCINES) == ST_OK;
	/* The store's list functions start each list afresh, so a retried
	 * transaction needs no reset here. */
	return record_citizen_tx(x, summary_fn, out);
}

static status fetch_vaccines(ctx *x, const void *arg, void *list, size_t *n, bool *more)
{
	(void)more;
	return store_vaccinations(x->db, x->arena, x->subject_id, record_for_guardian(x), *(const size_t *)arg, list,
	                          n);
}

status summary_vaccines_newest(const ctx *x, size_t max, vaccination **out, size_t *n)
{
	return record_citizen_list(x, CAP_H4_VACCINES, "health.vaccines", fetch_vaccines, &max, out, n, NULL);
}

status summary_vaccines(const ctx *x, vaccination **out, size_t *n)
{
	return summary_vaccines_newest(x, RECORD_LIST_LIMIT, out, n);
}

struct request_arg {
	const allergy_request_in *in;
	problems *pr;
	int64_t *id;
};

static status request_fn(ctx *x, void *argp)
{
	struct request_arg *a = argp;
	int64_t open = 0;
	status st = store_allergy_requests_open_count(x->db, x->subject_id, &open);
	if (st != ST_OK)
		return st;
	if (open >= ALLERGY_OPEN_REQUESTS_MAX) {
		problems_add(a->pr, "substance", "allergy.error.too_many", ALLERGY_OPEN_REQUESTS_MAX);
		return ST_CONFLICT;
	}
	int64_t unit_id;
	st = store_allergy_request_unit(x->db, x->subject_id, &unit_id);
	if (st == ST_NOT_FOUND) {
		problems_add(a->pr, "substance", "allergy.error.no_unit", 0);
		return ST_CONFLICT;
	}
	if (st != ST_OK)
		return st;
	allergy_request r = {
	    .patient_id = x->subject_id,
	    .requested_by = x->who.person_id,
	    .unit_id = unit_id,
	    .substance = a->in->substance,
	    .reaction = a->in->reaction,
	    .note = a->in->note,
	    .created_at = x->now,
	};
	if ((st = store_allergy_request_insert(x->db, &r, a->id)) != ST_OK)
		return st;
	if (x->who.person_id != x->subject_id)
		return audit_record(x, x->subject_id, "create", "health.allergies", id_text(x, "request:", *a->id),
		                    "representation");
	return ST_OK;
}

static void check_request(const allergy_request_in *in, problems *pr)
{
	if (in->substance == NULL)
		problems_add(pr, "substance", "form.error.required", 0);
	if (in->reaction == NULL)
		problems_add(pr, "reaction", "form.error.required", 0);
	problems_check_text(pr, "substance", in->substance, 2, ALLERGY_SUBSTANCE_MAX, false);
	problems_check_text(pr, "reaction", in->reaction, 2, ALLERGY_REACTION_MAX, false);
	problems_check_text(pr, "note", in->note, 0, ALLERGY_NOTE_MAX, true);
}

status summary_request_allergy(const ctx *x, const allergy_request_in *in, problems *pr, int64_t *id)
{
	if (authz_check(x, CAP_H3_REQUEST) != ST_OK || x->subject_id == 0)
		return ST_DENIED;
	check_request(in, pr);
	if (pr->n > 0)
		return ST_INVALID;
	struct request_arg a = {in, pr, id};
	return record_citizen_write_tx(x, request_fn, &a);
}

/* ---- staff: the chart -------------------------------------------------------------- */

static status staff_summary_fn(ctx *x, const record_patient *p, void *arg)
{
	staff_summary *o = arg;
	const chart_access *a = &p->access;
	int64_t pid = p->who.id;
	status st;
	if ((st = store_allergies(x->db, x->arena, pid, false, &o->allergies, &o->n_allergies)) != ST_OK ||
	    (st = chart_audit(x, a, "read", "health.allergies", NULL)) != ST_OK ||
	    (st = store_health_issues(x->db, x->arena, pid, false, &o->issues, &o->n_issues)) != ST_OK ||
	    (st = chart_audit(x, a, "read", "health.issues", NULL)) != ST_OK ||
	    (st = store_vaccinations(x->db, x->arena, pid, false, RECORD_LIST_LIMIT, &o->vaccines, &o->n_vaccines)) !=
	        ST_OK)
		return st;
	return chart_audit(x, a, "read", "health.vaccines", NULL);
}

status summary_staff_get(const ctx *x, int64_t patient_id, staff_summary *out)
{
	*out = (staff_summary){0};
	return record_staff_read_tx(x, CAP_W2_CLINICAL_RECORD, patient_id, &out->patient, staff_summary_fn, out);
}

static void check_allergy(const allergy_in *in, problems *pr)
{
	if (in->substance == NULL)
		problems_add(pr, "substance", "form.error.required", 0);
	problems_check_text(pr, "substance", in->substance, 2, ALLERGY_SUBSTANCE_MAX, false);
	problems_check_text(pr, "reaction", in->reaction, 0, ALLERGY_REACTION_MAX, false);
	problems_check_choice(pr, "severity", in->severity, allergy_severities);
}

/* Inserts the allergy for the chart's patient, recorded at unit_id. */
static status insert_allergy(ctx *x, int64_t patient_id, int64_t unit_id, const allergy_in *in, int64_t *id)
{
	allergy a = {
	    .patient_id = patient_id,
	    .substance = in->substance,
	    .reaction = in->reaction,
	    .severity = in->severity,
	    .registered_by = x->who.staff_id,
	    .unit_id = unit_id,
	    .registered_at = x->now,
	    .hidden_from_guardians = in->hidden_from_guardians,
	};
	return store_allergy_insert(x->db, &a, id);
}

static status add_allergy_fn(ctx *x, const record_patient *p, void *arg)
{
	const allergy_in *in = arg;
	int64_t unit_id, id;
	status st = record_staff_unit(x, &p->access, &unit_id);
	if (st == ST_OK)
		st = insert_allergy(x, p->who.id, unit_id, in, &id);
	if (st != ST_OK)
		return st;
	return chart_audit(x, &p->access, "create", "health.allergies", id_text(x, "", id));
}

status summary_staff_add_allergy(const ctx *x, int64_t patient_id, const allergy_in *in, problems *pr)
{
	check_allergy(in, pr);
	if (pr->n > 0)
		return ST_INVALID;
	allergy_in copy = *in;
	return record_staff_tx(x, CAP_W2_CLINICAL_RECORD, patient_id, NULL, add_allergy_fn, &copy);
}

struct end_arg {
	int64_t id;
	const char *what;
	status (*end)(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at);
};

static status end_fn(ctx *x, const record_patient *p, void *arg)
{
	const struct end_arg *e = arg;
	status st = e->end(x->db, p->who.id, e->id, x->who.staff_id, x->now);
	if (st != ST_OK)
		return st;
	return chart_audit(x, &p->access, "update", e->what, id_text(x, "", e->id));
}

status summary_staff_end_allergy(const ctx *x, int64_t patient_id, int64_t allergy_id)
{
	struct end_arg e = {allergy_id, "health.allergies", store_allergy_end};
	return allergy_id > 0 ? record_staff_tx(x, CAP_W2_CLINICAL_RECORD, patient_id, NULL, end_fn, &e) : ST_NOT_FOUND;
}

/* ICD-10: a letter, two digits, optionally a full stop and one or two more
 * characters (E11, E11.9, S72.00). */
static bool icd10_plausible(const char *s)
{
	size_t n = strlen(s);
	if (n < 3 || n > ISSUE_ICD10_MAX || s[0] < 'A' || s[0] > 'Z' || s[1] < '0' || s[1] > '9' || s[2] < '0' ||
	    s[2] > '9')
		return false;
	if (n == 3)
		return true;
	if (s[3] != '.' || n < 5 || n > 6)
		return false;
	for (size_t i = 4; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z')))
			return false;
	return true;
}

static void check_issue(const ctx *x, const issue_in *in, problems *pr)
{
	if (in->diagnosis == NULL)
		problems_add(pr, "diagnosis", "form.error.required", 0);
	problems_check_text(pr, "diagnosis", in->diagnosis, 2, ISSUE_DIAGNOSIS_MAX, false);
	if (in->icd10 != NULL && !icd10_plausible(in->icd10))
		problems_add(pr, "icd10", "summary.error.icd10", 0);
	if (problems_check_date(pr, "since", in->since, false) && in->since != NULL &&
	    strcmp(in->since, record_today(x)) > 0)
		problems_add(pr, "since", "record.error.future", 0);
}

static status add_issue_fn(ctx *x, const record_patient *p, void *arg)
{
	const issue_in *in = arg;
	int64_t unit_id, id;
	status st = record_staff_unit(x, &p->access, &unit_id);
	if (st != ST_OK)
		return st;
	health_issue h = {
	    .patient_id = p->who.id,
	    .diagnosis = in->diagnosis,
	    .icd10 = in->icd10,
	    .since = in->since,
	    .chronic = in->chronic,
	    .registered_by = x->who.staff_id,
	    .unit_id = unit_id,
	    .registered_at = x->now,
	    .hidden_from_guardians = in->hidden_from_guardians,
	};
	if ((st = store_health_issue_insert(x->db, &h, &id)) != ST_OK)
		return st;
	return chart_audit(x, &p->access, "create", "health.issues", id_text(x, "", id));
}

status summary_staff_add_issue(const ctx *x, int64_t patient_id, const issue_in *in, problems *pr)
{
	check_issue(x, in, pr);
	if (pr->n > 0)
		return ST_INVALID;
	issue_in copy = *in;
	return record_staff_tx(x, CAP_W2_CLINICAL_RECORD, patient_id, NULL, add_issue_fn, &copy);
}

status summary_staff_end_issue(const ctx *x, int64_t patient_id, int64_t issue_id)
{
	struct end_arg e = {issue_id, "health.issues", store_health_issue_end};
	return issue_id > 0 ? record_staff_tx(x, CAP_W2_CLINICAL_RECORD, patient_id, NULL, end_fn, &e) : ST_NOT_FOUND;
}

/* ---- staff: the allergy request queue ------------------------------------------------- */

static bool queue_allowed(const ctx *x)
{
	return authz_staff(x, CAP_W3_CLINICAL_QUEUES) == ST_OK;
}

status allergy_queue_list(const ctx *x, allergy_request **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!queue_allowed(x))
		return ST_DENIED;
	return store_allergy_queue(x->db, x->arena, x->who.staff_id, out, n);
}

typedef status (*queue_fn)(ctx *x, const allergy_request *r, const record_patient *p, void *arg);

struct queue_op {
	int64_t id;
	allergy_request *req;
	record_patient *patient;
	queue_fn fn;
	void *arg;
};

/* Loads the request if it is in the staff member's units, opens its
 * patient's chart, and runs fn; one transaction. */
static status queue_tx_fn(ctx *x, void *args)
{
	struct queue_op *o = args;
	status st = store_allergy_request_for_staff(x->db, x->arena, x->who.staff_id, o->id, o->req);
	if (st != ST_OK)
		return st;
	st = chart_open(x, CAP_W3_CLINICAL_QUEUES, o->req->patient_id, &o->patient->access, &o->patient->who);
	return st != ST_OK ? st : o->fn(x, o->req, o->patient, o->arg);
}

static status queue_run(const ctx *x, int64_t id, allergy_request *req, record_patient *patient, queue_fn fn, void *arg)
{
	if (!queue_allowed(x))
		return ST_DENIED;
	if (id <= 0)
		return ST_NOT_FOUND;
	allergy_request r;
	record_patient p;
	struct queue_op o = {id, req ? req : &r, patient ? patient : &p, fn, arg};
	return domain_tx(x, true, queue_tx_fn, &o);
}

static status queue_read_fn(ctx *x, const allergy_request *r, const record_patient *p, void *arg)
{
	(void)arg;
	return chart_audit(x, &p->access, "read", "health.allergies", id_text(x, "request:", r->id));
}

status allergy_queue_get(const ctx *x, int64_t id, allergy_request *out, record_patient *patient)
{
	return queue_run(x, id, out, patient, queue_read_fn, NULL);
}

static status queue_take_fn(ctx *x, const allergy_request *r, const record_patient *p, void *arg)
{
	(void)arg;
	status st = store_allergy_request_take(x->db, r->id, x->who.staff_id, x->now);
	if (st != ST_OK)
		return st;
	return chart_audit(x, &p->access, "update", "health.allergies", id_text(x, "request:", r->id));
}

status allergy_queue_take(const ctx *x, int64_t id)
{
	return queue_run(x, id, NULL, NULL, queue_take_fn, NULL);
}

static status queue_accept_fn(ctx *x, const allergy_request *r, const record_patient *p, void *arg)
{
	const allergy_in *in = arg;
	int64_t allergy_id;
	/* The entry is registered at the unit whose queue it came through. */
	status st = insert_allergy(x, r->patient_id, r->unit_id, in, &allergy_id);
	if (st != ST_OK)
		return st;
	if ((st = store_allergy_request_accept(x->db, r->id, x->who.staff_id, allergy_id, x->now)) != ST_OK)
		return st;
	return chart_audit(x, &p->access, "create", "health.allergies", id_text(x, "", allergy_id));
}

status allergy_queue_accept(const ctx *x, int64_t id, const allergy_in *in, problems *pr)
{
	if (!queue_allowed(x))
		return ST_DENIED;
	check_allergy(in, pr);
	if (pr->n > 0)
		return ST_INVALID;
	allergy_in copy = *in;
	return queue_run(x, id, NULL, NULL, queue_accept_fn, &copy);
}

static status queue_decline_fn(ctx *x, const allergy_request *r, const record_patient *p, void *arg)
{
	const char *const *reason = arg;
	status st = store_allergy_request_decline(x->db, r->id, x->who.staff_id, *reason, x->now);
	if (st != ST_OK)
		return st;
	return chart_audit(x, &p->access, "update", "health.allergies", id_text(x, "request:", r->id));
}

status allergy_queue_decline(const ctx *x, int64_t id, const char *reason, problems *pr)
{
	if (!queue_allowed(x))
		return ST_DENIED;
	if (reason == NULL)
		problems_add(pr, "reason", "form.error.required", 0);
	problems_check_text(pr, "reason", reason, ALLERGY_DECLINE_MIN, ALLERGY_DECLINE_MAX, true);
	if (pr->n > 0)
		return ST_INVALID;
	return queue_run(x, id, NULL, NULL, queue_decline_fn, &reason);
}

static status queue_close_fn(ctx *x, const allergy_request *r, const record_patient *p, void *arg)
{
	(void)arg;
	status st = store_allergy_request_close(x->db, r->id, x->now);
	if (st != ST_OK)
		return st;
	return chart_audit(x, &p->access, "update", "health.allergies", id_text(x, "request:", r->id));
}

status allergy_queue_close(const ctx *x, int64_t id)
{
	return queue_run(x, id, NULL, NULL, queue_close_fn, NULL);
}

/* ---- the immunisation registry import ------------------------------------------------- */

static bool same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

status vaccine_import_one(const ctx *x, const vaccine_import_in *in, enum vaccine_import_outcome *outcome,
                          enum vaccine_import_error *why)
{
	*why = VACCINE_IMPORT_OK;
	person p;
	status st = store_person_by_nin(x->db, x->arena, in->nin, &p);
	if (st == ST_NOT_FOUND) {
		*why = VACCINE_IMPORT_UNKNOWN_PERSON;
		return ST_INVALID;
	}
	if (st != ST_OK)
		return st;
	/* ISO dates compare as strings. */
	if (strcmp(in->given_on, p.birth_date) < 0) {
		*why = VACCINE_IMPORT_BEFORE_BIRTH;
		return ST_INVALID;
	}
	if (strcmp(in->given_on, record_today(x)) > 0) {
		*why = VACCINE_IMPORT_FUTURE;
		return ST_INVALID;
	}
	vaccination v = {
	    .patient_id = p.id,
	    .atc_code = in->atc_code,
	    .vaccine_name = in->vaccine_name,
	    .given_on = in->given_on,
	    .dose = in->dose,
	    .batch = in->batch,
	    .imported_at = x->now,
	};
	vaccination old;
	int64_t id = 0;
	st = store_vaccination_find(x->db, x->arena, p.id, in->atc_code, in->given_on, in->dose, &old);
	if (st == ST_OK) {
		if (same_text(old.vaccine_name, in->vaccine_name) && same_text(old.batch, in->batch)) {
			*outcome = VACCINE_UNCHANGED;
			return ST_OK;
		}
		id = old.id;
		st = store_vaccination_update(x->db, &v);
		*outcome = VACCINE_UPDATED;
	} else if (st == ST_NOT_FOUND) {
		st = store_vaccination_insert(x->db, &v, &id);
		*outcome = VACCINE_ADDED;
	}
	if (st != ST_OK)
		return st;
	audit_entry e = {
	    .patient_id = p.id,
	    .at = x->now,
	    .actor_kind = "system",
	    .action = *outcome == VACCINE_ADDED ? "create" : "update",
	    .what = "health.vaccines",
	    .what_id = id_text(x, "", id),
	    .purpose = "system",
	};
	return audit_append(x->db, &e);
}
