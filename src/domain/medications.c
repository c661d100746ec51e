/* medications.c — the rules of medications (SPEC.md H1, W2, W3): who may
 * see and change what, what a valid prescription, request, comment and
 * answer are, and the access log for everyone but the patient. Every
 * operation is one transaction; its access-log entry is written inside it. */
#include "domain/medications.h"

#include <string.h>

#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/record.h"
#include "domain/tx.h"

#define WHAT "health.medications"

/* ---- helpers ------------------------------------------------------------------ */

static bool blank(const char *s)
{
	for (; s != NULL && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/* A text of at most max characters, valid UTF-8; required or not (white
 * space alone is nothing). */
static void check_text(problems *pr, const char *field, const char *v, size_t max, bool required)
{
	if (blank(v)) {
		if (required)
			problems_add(pr, field, "form.error.required", 0);
		return;
	}
	if (!text_clean(v, true))
		problems_add(pr, field, "form.error.charset", 0);
	else if (utf8_length(v) > max)
		problems_add(pr, field, "medications.error.too_long", (int64_t)max);
}

static const char *empty_to_null(const char *s)
{
	return blank(s) ? NULL : s;
}

static void today_text(const ctx *x, char out[static 11])
{
	date_format(date_in_oslo(x->now), out);
}

static bool is_open(const char *status_text)
{
	return status_text != NULL && (strcmp(status_text, "sent") == 0 || strcmp(status_text, "in_progress") == 0);
}

/* Groups the patient's medications with their newest request and comments. */
static status load_record(const ctx *x, int64_t patient_id, bool for_guardian, med_record *out)
{
	arena *ar = x->arena;
	*out = (med_record){0};
	medication *meds;
	med_renewal *reqs;
	med_comment *coms;
	size_t nm, nr, nc;
	status st = store_med_list(x->db, ar, patient_id, for_guardian, MED_LIST_MAX, &meds, &nm);
	if (st == ST_OK)
		st = store_med_renewals_of_patient(x->db, ar, patient_id, for_guardian, MED_LIST_MAX, &reqs, &nr);
	if (st == ST_OK)
		st = store_med_comments_of_patient(x->db, ar, patient_id, for_guardian, MED_LIST_MAX, &coms, &nc);
	if (st != ST_OK)
		return st;
	char today[11];
	today_text(x, today);
	out->items = arena_alloc(ar, (nm ? nm : 1) * sizeof *out->items);
	for (size_t i = 0; i < nm; i++) {
		med_item *it = &out->items[out->n++];
		*it = (med_item){.m = meds[i]};
		for (size_t r = 0; r < nr && it->latest == NULL; r++) /* newest first */
			if (reqs[r].medication_id == meds[i].id)
				it->latest = &reqs[r];
		it->open_request = it->latest != NULL && is_open(it->latest->status);
		it->expired =
		    meds[i].stopped_at == 0 && meds[i].end_date != NULL && strcmp(meds[i].end_date, today) < 0;
		size_t k = 0;
		for (size_t j = 0; j < nc; j++)
			k += coms[j].medication_id == meds[i].id;
		it->comments = arena_alloc(ar, (k ? k : 1) * sizeof *it->comments);
		for (size_t j = 0; j < nc; j++)
			if (coms[j].medication_id == meds[i].id)
				it->comments[it->ncomments++] = &coms[j];
		if (meds[i].stopped_at == 0)
			out->in_use++;
	}
	return ST_OK;
}

/* ---- the citizen ---------------------------------------------------------------- */

static status citizen_may(const ctx *x)
{
	return record_citizen_may(x, CAP_H1_MEDICATIONS) ? ST_OK : ST_DENIED;
}

/* A representative's read or change goes into the access log. */
static bool logged(const ctx *x)
{
	return x->who.person_id != x->subject_id;
}

static status log_citizen(const ctx *x, const char *action, int64_t med_id)
{
	if (!logged(x))
		return ST_OK;
	return audit_record(x, x->subject_id, action, WHAT, med_id ? audit_id(x->arena, med_id) : NULL,
	                    "representation");
}

struct citizen_op {
	bool for_guardian;
	int64_t med_id;
	const char *text;
	problems *pr;
	med_record *record;
	med_item *item;
	/* a text: adds it to the medication */
	status (*insert)(const ctx *x, const struct citizen_op *op, const medication *m);
};

static status list_fn(ctx *x, void *args)
{
	struct citizen_op *op = args;
	status st = load_record(x, x->subject_id, op->for_guardian, op->record);
	return st == ST_OK ? log_citizen(x, "read", 0) : st;
}

status med_citizen_list(const ctx *x, bool for_guardian, med_record *out)
{
	*out = (med_record){0};
	if (citizen_may(x) != ST_OK)
		return ST_DENIED;
	struct citizen_op op = {.for_guardian = for_guardian, .record = out};
	return record_citizen_tx(x, list_fn, &op);
}

static status get_fn(ctx *x, void *args)
{
	struct citizen_op *op = args;
	med_record rec;
	status st = load_record(x, x->subject_id, op->for_guardian, &rec);
	if (st != ST_OK)
		return st;
	for (size_t i = 0; i < rec.n; i++) {
		if (rec.items[i].m.id == op->med_id) {
			*op->item = rec.items[i];
			return log_citizen(x, "read", op->med_id);
		}
	}
	return ST_NOT_FOUND;
}

status med_citizen_get(const ctx *x, bool for_guardian, int64_t med_id, med_item *out)
{
	*out = (med_item){0};
	if (citizen_may(x) != ST_OK)
		return ST_DENIED;
	if (med_id <= 0)
		return ST_NOT_FOUND;
	struct citizen_op op = {.for_guardian = for_guardian, .med_id = med_id, .item = out};
	return record_citizen_tx(x, get_fn, &op);
}

static status insert_renewal(const ctx *x, const struct citizen_op *op, const medication *m)
{
	if (m->stopped_at != 0) {
		problems_add(op->pr, "message", "medications.error.stopped", 0);
		return ST_INVALID;
	}
	med_renewal r = {
	    .medication_id = m->id,
	    .patient_id = m->patient_id,
	    .unit_id = m->unit_id,
	    .requested_by = x->who.person_id,
	    .message = op->text,
	    .created_at = x->now,
	    .hidden_from_guardians = m->hidden_from_guardians,
	};
	int64_t id;
	return store_med_renewal_insert(x->db, &r, &id);
}

static status insert_comment(const ctx *x, const struct citizen_op *op, const medication *m)
{
	med_comment k = {
	    .medication_id = m->id,
	    .patient_id = m->patient_id,
	    .author_id = x->who.person_id,
	    .body = op->text,
	    .created_at = x->now,
	};
	int64_t id;
	return store_med_comment_insert(x->db, &k, &id);
}

/* A citizen's text on one of the open record's medications. */
static status text_fn(ctx *x, void *args)
{
	struct citizen_op *op = args;
	op->pr->n = 0;
	medication m;
	status st = store_med_get(x->db, x->arena, x->subject_id, op->med_id, op->for_guardian, &m);
	if (st == ST_OK)
		st = op->insert(x, op, &m);
	return st != ST_OK ? st : log_citizen(x, "create", m.id);
}

/* Checks op's text (field, at most max characters, required or not) and
 * adds it to the medication with op->insert. */
static status citizen_text(const ctx *x, struct citizen_op *op, const char *field, size_t max, bool required)
{
	if (citizen_may(x) != ST_OK || authz_check(x, CAP_H1_REQUESTS) != ST_OK)
		return ST_DENIED;
	if (op->med_id <= 0)
		return ST_NOT_FOUND;
	op->pr->n = 0;
	check_text(op->pr, field, op->text, max, required);
	if (op->pr->n > 0)
		return ST_INVALID;
	op->text = empty_to_null(op->text);
	return record_citizen_write_tx(x, text_fn, op);
}

status med_request_renewal(const ctx *x, bool for_guardian, int64_t med_id, const char *message, problems *pr)
{
	struct citizen_op op = {
	    .for_guardian = for_guardian, .med_id = med_id, .text = message, .pr = pr, .insert = insert_renewal};
	return citizen_text(x, &op, "message", MED_MESSAGE_MAX, false);
}

status med_add_comment(const ctx *x, bool for_guardian, int64_t med_id, const char *body, problems *pr)
{
	struct citizen_op op = {
	    .for_guardian = for_guardian, .med_id = med_id, .text = body, .pr = pr, .insert = insert_comment};
	return citizen_text(x, &op, "body", MED_COMMENT_MAX, true);
}

/* ---- the chart -------------------------------------------------------------------- */

struct staff_op {
	int64_t patient_id, med_id, request_id;
	const med_new *in;
	enum med_decision decision;
	const char *text, *end_date;
	problems *pr;
	med_request_view *view;
	int64_t *id;
	/* on a renewal request (request_run): what is done, and how it is logged */
	status (*step)(const ctx *x, struct staff_op *op, const med_renewal *r, const medication *m,
	               const chart_access *a);
	const char *action;
};

static status chart_fn(ctx *x, const record_patient *p, void *arg)
{
	med_chart *ch = arg;
	ch->patient = p->who;
	ch->access = p->access;
	status st = load_record(x, p->who.id, false, &ch->record);
	return st != ST_OK ? st : chart_audit(x, &p->access, "read", WHAT, NULL);
}

status med_chart_get(const ctx *x, int64_t patient_id, med_chart *out)
{
	*out = (med_chart){0};
	return record_staff_read_tx(x, CAP_W2_CLINICAL_RECORD, patient_id, NULL, chart_fn, out);
}

/* A date field: absent is fine unless required; else a real YYYY-MM-DD. */
static bool check_date(problems *pr, const char *field, const char *v, bool required, date *out)
{
	if (v == NULL || v[0] == '\0') {
		if (required)
			problems_add(pr, field, "form.error.required", 0);
		return false;
	}
	if (!date_parse(v, out)) {
		problems_add(pr, field, "form.error.date_format", 0);
		return false;
	}
	return true;
}

void med_new_check(const med_new *in, problems *pr)
{
	check_text(pr, "name", in->name, MED_NAME_MAX, true);
	check_text(pr, "strength", in->strength, MED_STRENGTH_MAX, true);
	check_text(pr, "dosage", in->dosage, MED_DOSAGE_MAX, true);
	date start, end;
	bool has_start = check_date(pr, "start_date", in->start_date, true, &start);
	bool has_end = check_date(pr, "end_date", in->end_date, false, &end);
	if (has_start && has_end && date_to_days(end) < date_to_days(start))
		problems_add(pr, "end_date", "medications.error.end_before_start", 0);
}

static status prescribe_fn(ctx *x, void *args)
{
	struct staff_op *op = args;
	chart_access a;
	status st = authz_patient(x, CAP_W2_CLINICAL_RECORD, op->patient_id, &a);
	if (st != ST_OK)
		return st;
	medication m = {
	    .patient_id = op->patient_id,
	    .name = op->in->name,
	    .strength = op->in->strength,
	    .dosage = op->in->dosage,
	    .prescriber_id = x->who.staff_id,
	    .start_date = op->in->start_date,
	    .end_date = empty_to_null(op->in->end_date),
	    .created_at = x->now,
	    .hidden_from_guardians = op->in->hidden_from_guardians,
	};
	st = store_med_prescribing_unit(x->db, x->who.staff_id, op->patient_id, &m.unit_id);
	if (st != ST_OK)
		return st == ST_NOT_FOUND ? ST_DENIED : st;
	if ((st = store_med_insert(x->db, &m, op->id)) != ST_OK)
		return st;
	return chart_audit(x, &a, "create", WHAT, audit_id(x->arena, *op->id));
}

status med_prescribe(const ctx *x, int64_t patient_id, const med_new *in, problems *pr, int64_t *id)
{
	if (authz_staff(x, CAP_W2_CLINICAL_RECORD) != ST_OK)
		return ST_DENIED;
	if (patient_id <= 0)
		return ST_NOT_FOUND;
	pr->n = 0;
	med_new_check(in, pr);
	if (pr->n > 0)
		return ST_INVALID;
	struct staff_op op = {.patient_id = patient_id, .in = in, .pr = pr, .id = id};
	return domain_tx(x, true, prescribe_fn, &op);
}

static status stop_fn(ctx *x, void *args)
{
	struct staff_op *op = args;
	chart_access a;
	status st = authz_patient(x, CAP_W2_CLINICAL_RECORD, op->patient_id, &a);
	if (st != ST_OK)
		return st;
	medication m;
	if ((st = store_med_get(x->db, x->arena, op->patient_id, op->med_id, false, &m)) != ST_OK)
		return st;
	if ((st = store_med_stop(x->db, op->patient_id, op->med_id, x->who.staff_id, x->now)) != ST_OK)
		return st;
	if ((st = store_med_renewal_close_open(x->db, op->med_id, x->who.staff_id, x->now)) != ST_OK)
		return st;
	return chart_audit(x, &a, "update", WHAT, audit_id(x->arena, op->med_id));
}

status med_stop(const ctx *x, int64_t patient_id, int64_t med_id)
{
	if (authz_staff(x, CAP_W2_CLINICAL_RECORD) != ST_OK)
		return ST_DENIED;
	if (patient_id <= 0 || med_id <= 0)
		return ST_NOT_FOUND;
	struct staff_op op = {.patient_id = patient_id, .med_id = med_id};
	return domain_tx(x, true, stop_fn, &op);
}

/* ---- the renewal queue -------------------------------------------------------------- */

status med_queue(const ctx *x, med_renewal **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (authz_staff(x, CAP_W3_CLINICAL_QUEUES) != ST_OK)
		return ST_DENIED;
	/* Names of patients of one's own units and the state of their requests,
	 * nothing of their health: like a search among one's units, this is not
	 * logged; opening a request is (med_request_get). */
	return store_med_renewal_queue(x->db, x->arena, x->who.staff_id, MED_QUEUE_MAX, out, n);
}

static void default_end(const ctx *x, char out[static 11])
{
	date_format(date_from_days(date_to_days(date_in_oslo(x->now)) + MED_RENEW_DEFAULT_DAYS), out);
}

/* Loads the request (of the clinician's units), opens its patient's chart,
 * runs the operation's step on it and logs op->action: every staff
 * operation on a request, in one transaction. */
static status request_fn(ctx *x, void *args)
{
	struct staff_op *op = args;
	med_renewal r;
	medication m;
	chart_access a;
	status st = store_med_renewal_for_staff(x->db, x->arena, x->who.staff_id, op->request_id, &r);
	if (st == ST_OK)
		st = authz_patient(x, CAP_W3_CLINICAL_QUEUES, r.patient_id, &a);
	if (st == ST_OK)
		st = store_med_get(x->db, x->arena, r.patient_id, r.medication_id, false, &m);
	if (st == ST_OK)
		st = op->step(x, op, &r, &m, &a);
	return st != ST_OK ? st : chart_audit(x, &a, op->action, WHAT, audit_id(x->arena, m.id));
}

/* The checks every request operation starts with (problems found in
 * op->pr before it answer ST_INVALID after those), then request_fn. */
static status request_run(const ctx *x, int64_t request_id, struct staff_op *op)
{
	if (authz_staff(x, CAP_W3_CLINICAL_QUEUES) != ST_OK)
		return ST_DENIED;
	if (request_id <= 0)
		return ST_NOT_FOUND;
	if (op->pr != NULL && op->pr->n > 0)
		return ST_INVALID;
	op->request_id = request_id;
	return domain_tx(x, true, request_fn, op);
}

static status view_step(const ctx *x, struct staff_op *op, const med_renewal *r, const medication *m,
                        const chart_access *a)
{
	med_request_view *v = op->view;
	*v = (med_request_view){.request = *r, .m = *m, .access = *a};
	med_comment *coms;
	size_t nc;
	status st = store_med_comments_of_patient(x->db, x->arena, r->patient_id, false, MED_LIST_MAX, &coms, &nc);
	if (st != ST_OK)
		return st;
	v->comments = arena_alloc(x->arena, (nc ? nc : 1) * sizeof *v->comments);
	for (size_t i = 0; i < nc; i++)
		if (coms[i].medication_id == m->id)
			v->comments[v->ncomments++] = &coms[i];
	char end[11];
	default_end(x, end);
	v->default_end_date = arena_strdup(x->arena, end);
	return ST_OK;
}

status med_request_get(const ctx *x, int64_t request_id, med_request_view *out)
{
	*out = (med_request_view){0};
	struct staff_op op = {.view = out, .step = view_step, .action = "read"};
	return request_run(x, request_id, &op);
}

static status take_step(const ctx *x, struct staff_op *op, const med_renewal *r, const medication *m,
                        const chart_access *a)
{
	(void)op;
	(void)m;
	(void)a;
	return store_med_renewal_take(x->db, r->id, x->who.staff_id, x->now);
}

status med_request_take(const ctx *x, int64_t request_id)
{
	struct staff_op op = {.step = take_step, .action = "update"};
	return request_run(x, request_id, &op);
}

static status answer_step(const ctx *x, struct staff_op *op, const med_renewal *r, const medication *m,
                          const chart_access *a)
{
	(void)a;
	if (!is_open(r->status) || m->stopped_at != 0)
		return ST_CONFLICT;
	status st;
	if (op->decision == MED_RENEW) {
		if (strcmp(op->end_date, m->start_date) < 0) {
			problems_add(op->pr, "end_date", "medications.error.end_before_start", 0);
			return ST_INVALID;
		}
		if ((st = store_med_renew(x->db, m->id, x->who.staff_id, op->end_date, x->now)) != ST_OK)
			return st;
	}
	return store_med_renewal_finish(x->db, r->id, x->who.staff_id,
	                                op->decision == MED_RENEW ? "renewed" : "declined", op->text, x->now);
}

status med_request_answer(const ctx *x, int64_t request_id, enum med_decision d, const char *answer,
                          const char *end_date, problems *pr)
{
	pr->n = 0;
	check_text(pr, "answer", answer, MED_ANSWER_MAX, d == MED_DECLINE);
	char end[11] = "";
	if (d == MED_RENEW) {
		date e;
		if (end_date == NULL || end_date[0] == '\0') {
			default_end(x, end);
		} else if (check_date(pr, "end_date", end_date, false, &e)) {
			int64_t days = date_to_days(e) - date_to_days(date_in_oslo(x->now));
			if (days < 0)
				problems_add(pr, "end_date", "medications.error.end_past", 0);
			else if (days > MED_RENEW_MAX_DAYS)
				problems_add(pr, "end_date", "medications.error.end_far", 0);
			date_format(e, end);
		}
	}
	struct staff_op op = {.decision = d,
	                      .text = empty_to_null(answer),
	                      .end_date = end,
	                      .pr = pr,
	                      .step = answer_step,
	                      .action = "update"};
	return request_run(x, request_id, &op);
}

static status close_step(const ctx *x, struct staff_op *op, const med_renewal *r, const medication *m,
                         const chart_access *a)
{
	(void)m;
	(void)a;
	return store_med_renewal_finish(x->db, r->id, x->who.staff_id, "closed", op->text, x->now);
}

status med_request_close(const ctx *x, int64_t request_id, const char *note, problems *pr)
{
	pr->n = 0;
	check_text(pr, "note", note, MED_ANSWER_MAX, false);
	struct staff_op op = {.text = empty_to_null(note), .pr = pr, .step = close_step, .action = "update"};
	return request_run(x, request_id, &op);
}
