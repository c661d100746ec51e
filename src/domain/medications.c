/* medications.c — the rules of medications (SPEC.md H1, W2, W3): who may
 * see and change what, what a valid prescription, request, comment and
 * answer are, and the access log for everyone but the patient. Every
 * operation is one transaction; its access-log entry is written inside it. */
#include "domain/medications.h"

#include <string.h>

#include "db/db.h"
#include "domain/audit.h"
#include "domain/authz.h"

#define WHAT "health.medications"

/* ---- helpers ------------------------------------------------------------------ */

static void problem(med_problems *pr, const char *field, const char *key, int64_t max)
{
	if (pr != NULL && pr->n < MED_PROBLEMS_MAX)
		pr->items[pr->n++] = (med_problem){field, key, max};
}

static bool blank(const char *s)
{
	for (; s != NULL && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/* A text of at most max characters, valid UTF-8; required or not (white
 * space alone is nothing). */
static void check_text(med_problems *pr, const char *field, const char *v, size_t max, bool required)
{
	if (blank(v)) {
		if (required)
			problem(pr, field, "form.error.required", 0);
		return;
	}
	if (!text_clean(v, true))
		problem(pr, field, "form.error.charset", 0);
	else if (utf8_length(v) > max)
		problem(pr, field, "medications.error.too_long", (int64_t)max);
}

static const char *empty_to_null(const char *s)
{
	return blank(s) ? NULL : s;
}

static const char *id_text(const ctx *x, int64_t id)
{
	return arena_printf(x->arena, "%lld", (long long)id);
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
static status load_record(const ctx *x, db_conn *c, int64_t patient_id, bool for_guardian, med_record *out)
{
	arena *ar = x->arena;
	*out = (med_record){0};
	medication *meds;
	med_renewal *reqs;
	med_comment *coms;
	size_t nm, nr, nc;
	status st = store_med_list(c, ar, patient_id, for_guardian, MED_LIST_MAX, &meds, &nm);
	if (st == ST_OK)
		st = store_med_renewals_of_patient(c, ar, patient_id, for_guardian, MED_LIST_MAX, &reqs, &nr);
	if (st == ST_OK)
		st = store_med_comments_of_patient(c, ar, patient_id, for_guardian, MED_LIST_MAX, &coms, &nc);
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
		it->expired = meds[i].stopped_at == 0 && meds[i].end_date != NULL && strcmp(meds[i].end_date, today) < 0;
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
	if (x->who.kind != ACTOR_CITIZEN || x->subject_id <= 0 || authz_check(x, CAP_H1_MEDICATIONS) != ST_OK)
		return ST_DENIED;
	return ST_OK;
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
	return audit_record(x, x->subject_id, action, WHAT, med_id ? id_text(x, med_id) : NULL, "representation");
}

struct citizen_op {
	ctx x;
	bool for_guardian;
	int64_t med_id;
	const char *text;
	med_problems *pr;
	med_record *record;
	med_item *item;
};

static status list_fn(db_conn *c, void *arg)
{
	struct citizen_op *op = arg;
	op->x.db = c;
	status st = load_record(&op->x, c, op->x.subject_id, op->for_guardian, op->record);
	return st == ST_OK ? log_citizen(&op->x, "read", 0) : st;
}

status med_citizen_list(const ctx *x, bool for_guardian, med_record *out)
{
	*out = (med_record){0};
	if (citizen_may(x) != ST_OK)
		return ST_DENIED;
	struct citizen_op op = {.x = *x, .for_guardian = for_guardian, .record = out};
	return db_tx(x->db, logged(x), list_fn, &op);
}

static status get_fn(db_conn *c, void *arg)
{
	struct citizen_op *op = arg;
	op->x.db = c;
	med_record rec;
	status st = load_record(&op->x, c, op->x.subject_id, op->for_guardian, &rec);
	if (st != ST_OK)
		return st;
	for (size_t i = 0; i < rec.n; i++) {
		if (rec.items[i].m.id == op->med_id) {
			*op->item = rec.items[i];
			return log_citizen(&op->x, "read", op->med_id);
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
	struct citizen_op op = {.x = *x, .for_guardian = for_guardian, .med_id = med_id, .item = out};
	return db_tx(x->db, logged(x), get_fn, &op);
}

static status renewal_fn(db_conn *c, void *arg)
{
	struct citizen_op *op = arg;
	op->x.db = c;
	op->pr->n = 0;
	medication m;
	status st = store_med_get(c, op->x.arena, op->x.subject_id, op->med_id, op->for_guardian, &m);
	if (st != ST_OK)
		return st;
	if (m.stopped_at != 0) {
		problem(op->pr, "message", "medications.error.stopped", 0);
		return ST_INVALID;
	}
	med_renewal r = {
	    .medication_id = m.id,
	    .patient_id = m.patient_id,
	    .unit_id = m.unit_id,
	    .requested_by = op->x.who.person_id,
	    .message = op->text,
	    .created_at = op->x.now,
	    .hidden_from_guardians = m.hidden_from_guardians,
	};
	int64_t id;
	if ((st = store_med_renewal_insert(c, &r, &id)) != ST_OK)
		return st;
	return log_citizen(&op->x, "create", m.id);
}

status med_request_renewal(const ctx *x, bool for_guardian, int64_t med_id, const char *message, med_problems *pr)
{
	if (citizen_may(x) != ST_OK || authz_check(x, CAP_H1_REQUESTS) != ST_OK)
		return ST_DENIED;
	if (med_id <= 0)
		return ST_NOT_FOUND;
	pr->n = 0;
	check_text(pr, "message", message, MED_MESSAGE_MAX, false);
	if (pr->n > 0)
		return ST_INVALID;
	struct citizen_op op = {.x = *x, .for_guardian = for_guardian, .med_id = med_id,
	                        .text = empty_to_null(message), .pr = pr};
	return db_tx(x->db, true, renewal_fn, &op);
}

static status comment_fn(db_conn *c, void *arg)
{
	struct citizen_op *op = arg;
	op->x.db = c;
	medication m;
	status st = store_med_get(c, op->x.arena, op->x.subject_id, op->med_id, op->for_guardian, &m);
	if (st != ST_OK)
		return st;
	med_comment k = {
	    .medication_id = m.id,
	    .patient_id = m.patient_id,
	    .author_id = op->x.who.person_id,
	    .body = op->text,
	    .created_at = op->x.now,
	};
	int64_t id;
	if ((st = store_med_comment_insert(c, &k, &id)) != ST_OK)
		return st;
	return log_citizen(&op->x, "create", m.id);
}

status med_add_comment(const ctx *x, bool for_guardian, int64_t med_id, const char *body, med_problems *pr)
{
	if (citizen_may(x) != ST_OK || authz_check(x, CAP_H1_REQUESTS) != ST_OK)
		return ST_DENIED;
	if (med_id <= 0)
		return ST_NOT_FOUND;
	pr->n = 0;
	check_text(pr, "body", body, MED_COMMENT_MAX, true);
	if (pr->n > 0)
		return ST_INVALID;
	struct citizen_op op = {.x = *x, .for_guardian = for_guardian, .med_id = med_id, .text = body, .pr = pr};
	return db_tx(x->db, true, comment_fn, &op);
}

/* ---- the chart -------------------------------------------------------------------- */

struct staff_op {
	ctx x;
	int64_t patient_id, med_id, request_id;
	const med_new *in;
	enum med_decision decision;
	const char *text, *end_date;
	med_problems *pr;
	med_chart *chart;
	med_request_view *view;
	int64_t *id;
};

static status chart_fn(db_conn *c, void *arg)
{
	struct staff_op *op = arg;
	op->x.db = c;
	med_chart *ch = op->chart;
	status st = authz_patient(&op->x, CAP_W2_CLINICAL_RECORD, op->patient_id, &ch->access);
	if (st != ST_OK)
		return st;
	if ((st = store_person_by_id(c, op->x.arena, op->patient_id, &ch->patient)) != ST_OK)
		return st;
	if ((st = load_record(&op->x, c, op->patient_id, false, &ch->record)) != ST_OK)
		return st;
	return chart_audit(&op->x, &ch->access, "read", WHAT, NULL);
}

status med_chart_get(const ctx *x, int64_t patient_id, med_chart *out)
{
	*out = (med_chart){0};
	if (authz_staff(x, CAP_W2_CLINICAL_RECORD) != ST_OK)
		return ST_DENIED;
	if (patient_id <= 0)
		return ST_NOT_FOUND;
	struct staff_op op = {.x = *x, .patient_id = patient_id, .chart = out};
	return db_tx(x->db, true, chart_fn, &op);
}

/* A date field: absent is fine unless required; else a real YYYY-MM-DD. */
static bool check_date(med_problems *pr, const char *field, const char *v, bool required, date *out)
{
	if (v == NULL || v[0] == '\0') {
		if (required)
			problem(pr, field, "form.error.required", 0);
		return false;
	}
	if (!date_parse(v, out)) {
		problem(pr, field, "form.error.date_format", 0);
		return false;
	}
	return true;
}

void med_new_check(const med_new *in, med_problems *pr)
{
	check_text(pr, "name", in->name, MED_NAME_MAX, true);
	check_text(pr, "strength", in->strength, MED_STRENGTH_MAX, true);
	check_text(pr, "dosage", in->dosage, MED_DOSAGE_MAX, true);
	date start, end;
	bool has_start = check_date(pr, "start_date", in->start_date, true, &start);
	bool has_end = check_date(pr, "end_date", in->end_date, false, &end);
	if (has_start && has_end && date_to_days(end) < date_to_days(start))
		problem(pr, "end_date", "medications.error.end_before_start", 0);
}

static status prescribe_fn(db_conn *c, void *arg)
{
	struct staff_op *op = arg;
	op->x.db = c;
	chart_access a;
	status st = authz_patient(&op->x, CAP_W2_CLINICAL_RECORD, op->patient_id, &a);
	if (st != ST_OK)
		return st;
	medication m = {
	    .patient_id = op->patient_id,
	    .name = op->in->name,
	    .strength = op->in->strength,
	    .dosage = op->in->dosage,
	    .prescriber_id = op->x.who.staff_id,
	    .start_date = op->in->start_date,
	    .end_date = empty_to_null(op->in->end_date),
	    .created_at = op->x.now,
	    .hidden_from_guardians = op->in->hidden_from_guardians,
	};
	st = store_med_prescribing_unit(c, op->x.who.staff_id, op->patient_id, &m.unit_id);
	if (st != ST_OK)
		return st == ST_NOT_FOUND ? ST_DENIED : st;
	if ((st = store_med_insert(c, &m, op->id)) != ST_OK)
		return st;
	return chart_audit(&op->x, &a, "create", WHAT, id_text(&op->x, *op->id));
}

status med_prescribe(const ctx *x, int64_t patient_id, const med_new *in, med_problems *pr, int64_t *id)
{
	if (authz_staff(x, CAP_W2_CLINICAL_RECORD) != ST_OK)
		return ST_DENIED;
	if (patient_id <= 0)
		return ST_NOT_FOUND;
	pr->n = 0;
	med_new_check(in, pr);
	if (pr->n > 0)
		return ST_INVALID;
	struct staff_op op = {.x = *x, .patient_id = patient_id, .in = in, .pr = pr, .id = id};
	return db_tx(x->db, true, prescribe_fn, &op);
}

static status stop_fn(db_conn *c, void *arg)
{
	struct staff_op *op = arg;
	op->x.db = c;
	chart_access a;
	status st = authz_patient(&op->x, CAP_W2_CLINICAL_RECORD, op->patient_id, &a);
	if (st != ST_OK)
		return st;
	medication m;
	if ((st = store_med_get(c, op->x.arena, op->patient_id, op->med_id, false, &m)) != ST_OK)
		return st;
	if ((st = store_med_stop(c, op->patient_id, op->med_id, op->x.who.staff_id, op->x.now)) != ST_OK)
		return st;
	if ((st = store_med_renewal_close_open(c, op->med_id, op->x.who.staff_id, op->x.now)) != ST_OK)
		return st;
	return chart_audit(&op->x, &a, "update", WHAT, id_text(&op->x, op->med_id));
}

status med_stop(const ctx *x, int64_t patient_id, int64_t med_id)
{
	if (authz_staff(x, CAP_W2_CLINICAL_RECORD) != ST_OK)
		return ST_DENIED;
	if (patient_id <= 0 || med_id <= 0)
		return ST_NOT_FOUND;
	struct staff_op op = {.x = *x, .patient_id = patient_id, .med_id = med_id};
	return db_tx(x->db, true, stop_fn, &op);
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

/* The request (of the clinician's units), its patient's chart opened: every
 * staff operation on a request starts here. */
static status open_request(struct staff_op *op, db_conn *c, med_renewal *r, medication *m, chart_access *a)
{
	status st = store_med_renewal_for_staff(c, op->x.arena, op->x.who.staff_id, op->request_id, r);
	if (st != ST_OK)
		return st;
	if ((st = authz_patient(&op->x, CAP_W3_CLINICAL_QUEUES, r->patient_id, a)) != ST_OK)
		return st;
	return store_med_get(c, op->x.arena, r->patient_id, r->medication_id, false, m);
}

static void default_end(const ctx *x, char out[static 11])
{
	date_format(date_from_days(date_to_days(date_in_oslo(x->now)) + MED_RENEW_DEFAULT_DAYS), out);
}

static status request_get_fn(db_conn *c, void *arg)
{
	struct staff_op *op = arg;
	op->x.db = c;
	med_request_view *v = op->view;
	status st = open_request(op, c, &v->request, &v->m, &v->access);
	if (st != ST_OK)
		return st;
	med_comment *coms;
	size_t nc;
	if ((st = store_med_comments_of_patient(c, op->x.arena, v->request.patient_id, false, MED_LIST_MAX, &coms,
	                                        &nc)) != ST_OK)
		return st;
	v->comments = arena_alloc(op->x.arena, (nc ? nc : 1) * sizeof *v->comments);
	v->ncomments = 0;
	for (size_t i = 0; i < nc; i++)
		if (coms[i].medication_id == v->m.id)
			v->comments[v->ncomments++] = &coms[i];
	char end[11];
	default_end(&op->x, end);
	v->default_end_date = arena_strdup(op->x.arena, end);
	return chart_audit(&op->x, &v->access, "read", WHAT, id_text(&op->x, v->m.id));
}

status med_request_get(const ctx *x, int64_t request_id, med_request_view *out)
{
	*out = (med_request_view){0};
	if (authz_staff(x, CAP_W3_CLINICAL_QUEUES) != ST_OK)
		return ST_DENIED;
	if (request_id <= 0)
		return ST_NOT_FOUND;
	struct staff_op op = {.x = *x, .request_id = request_id, .view = out};
	return db_tx(x->db, true, request_get_fn, &op);
}

static status take_fn(db_conn *c, void *arg)
{
	struct staff_op *op = arg;
	op->x.db = c;
	med_renewal r;
	medication m;
	chart_access a;
	status st = open_request(op, c, &r, &m, &a);
	if (st != ST_OK)
		return st;
	if ((st = store_med_renewal_take(c, r.id, op->x.who.staff_id, op->x.now)) != ST_OK)
		return st;
	return chart_audit(&op->x, &a, "update", WHAT, id_text(&op->x, m.id));
}

status med_request_take(const ctx *x, int64_t request_id)
{
	if (authz_staff(x, CAP_W3_CLINICAL_QUEUES) != ST_OK)
		return ST_DENIED;
	if (request_id <= 0)
		return ST_NOT_FOUND;
	struct staff_op op = {.x = *x, .request_id = request_id};
	return db_tx(x->db, true, take_fn, &op);
}

static status answer_fn(db_conn *c, void *arg)
{
	struct staff_op *op = arg;
	op->x.db = c;
	med_renewal r;
	medication m;
	chart_access a;
	status st = open_request(op, c, &r, &m, &a);
	if (st != ST_OK)
		return st;
	if (!is_open(r.status) || m.stopped_at != 0)
		return ST_CONFLICT;
	if (op->decision == MED_RENEW) {
		if (strcmp(op->end_date, m.start_date) < 0) {
			problem(op->pr, "end_date", "medications.error.end_before_start", 0);
			return ST_INVALID;
		}
		if ((st = store_med_renew(c, m.id, op->x.who.staff_id, op->end_date, op->x.now)) != ST_OK)
			return st;
	}
	st = store_med_renewal_finish(c, r.id, op->x.who.staff_id, op->decision == MED_RENEW ? "renewed" : "declined",
	                              op->text, op->x.now);
	if (st != ST_OK)
		return st;
	return chart_audit(&op->x, &a, "update", WHAT, id_text(&op->x, m.id));
}

status med_request_answer(const ctx *x, int64_t request_id, enum med_decision d, const char *answer,
                          const char *end_date, med_problems *pr)
{
	if (authz_staff(x, CAP_W3_CLINICAL_QUEUES) != ST_OK)
		return ST_DENIED;
	if (request_id <= 0)
		return ST_NOT_FOUND;
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
				problem(pr, "end_date", "medications.error.end_past", 0);
			else if (days > MED_RENEW_MAX_DAYS)
				problem(pr, "end_date", "medications.error.end_far", 0);
			date_format(e, end);
		}
	}
	if (pr->n > 0)
		return ST_INVALID;
	pr->n = 0;
	struct staff_op op = {.x = *x, .request_id = request_id, .decision = d, .text = empty_to_null(answer),
	                      .end_date = end, .pr = pr};
	return db_tx(x->db, true, answer_fn, &op);
}

static status close_fn(db_conn *c, void *arg)
{
	struct staff_op *op = arg;
	op->x.db = c;
	med_renewal r;
	medication m;
	chart_access a;
	status st = open_request(op, c, &r, &m, &a);
	if (st != ST_OK)
		return st;
	if ((st = store_med_renewal_finish(c, r.id, op->x.who.staff_id, "closed", op->text, op->x.now)) != ST_OK)
		return st;
	return chart_audit(&op->x, &a, "update", WHAT, id_text(&op->x, m.id));
}

status med_request_close(const ctx *x, int64_t request_id, const char *note, med_problems *pr)
{
	if (authz_staff(x, CAP_W3_CLINICAL_QUEUES) != ST_OK)
		return ST_DENIED;
	if (request_id <= 0)
		return ST_NOT_FOUND;
	pr->n = 0;
	check_text(pr, "note", note, MED_ANSWER_MAX, false);
	if (pr->n > 0)
		return ST_INVALID;
	struct staff_op op = {.x = *x, .request_id = request_id, .text = empty_to_null(note), .pr = pr};
	return db_tx(x->db, true, close_fn, &op);
}
