/* results.c — the rules of test results: release rules, validation of
 * entered results, review and release, the review queue, and the access log
 * for every read by anyone but the patient. */
#include "domain/results.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/queue.h"
#include "domain/record.h"
#include "domain/tx.h"
#include "store/outbox.h"
#include "store/register.h"

#define WHAT "health.results"
#define EVENT_KIND "test_result" /* the notification kind of domain/settings.h */

/* ---- pure helpers ----------------------------------------------------------- */

bool results_parse_number(const char *s, double *out, char *canon)
{
	if (s == NULL)
		return false;
	size_t len = strlen(s);
	if (len == 0 || len > RESULT_NUMBER_MAX)
		return false;
	size_t i = 0, k = 0, digits = 0;
	if (s[i] == '-')
		canon[k++] = s[i++];
	for (; s[i] >= '0' && s[i] <= '9'; i++, digits++)
		canon[k++] = s[i];
	if (digits == 0)
		return false;
	if (s[i] == ',' || s[i] == '.') {
		canon[k++] = '.';
		i++;
		size_t decimals = 0;
		for (; s[i] >= '0' && s[i] <= '9'; i++, decimals++)
			canon[k++] = s[i];
		if (decimals == 0)
			return false;
	}
	if (s[i] != '\0')
		return false;
	canon[k] = '\0';
	char *end;
	double v = strtod(canon, &end);
	if (*end != '\0' || !isfinite(v) || fabs(v) > RESULT_NUMBER_LIMIT)
		return false;
	if (v == 0 && canon[0] == '-')
		memmove(canon, canon + 1, k); /* "-0" is 0 */
	*out = v;
	return true;
}

int results_range_position(const result *r)
{
	if (r == NULL || r->type.value_kind == NULL || strcmp(r->type.value_kind, "numeric") != 0)
		return 0;
	char canon[RESULT_NUMBER_MAX + 1];
	double v, bound;
	if (!results_parse_number(r->value, &v, canon))
		return 0;
	if (r->type.ref_low != NULL && results_parse_number(r->type.ref_low, &bound, canon) && v < bound)
		return -1;
	if (r->type.ref_high != NULL && results_parse_number(r->type.ref_high, &bound, canon) && v > bound)
		return 1;
	return 0;
}

/* ---- the citizen's view ------------------------------------------------------ */

static status fetch_results(ctx *x, const void *arg, void *list, size_t *n, bool *more)
{
	(void)arg;
	return store_results_visible(x->db, x->arena, x->subject_id, x->guardian_view, RESULTS_LIST_MAX, list, n, more);
}

status results_list(const ctx *x, result **out, size_t *n, bool *more)
{
	return record_citizen_list(x, CAP_H2_RESULTS, WHAT, fetch_results, NULL, out, n, more);
}

struct one_op {
	int64_t id;
	result *one;
	result **history;
	size_t *nhistory;
};

/* The result, and for a number the earlier ones of its type (the chart). */
static status get_fn(ctx *x, void *args)
{
	struct one_op *o = args;
	status st = store_result_visible(x->db, x->arena, x->subject_id, o->id, x->guardian_view, o->one);
	*o->nhistory = 0;
	if (st == ST_OK && strcmp(o->one->type.value_kind, "numeric") == 0)
		st = store_results_visible_of_type(x->db, x->arena, x->subject_id, o->one->type.id, x->guardian_view,
		                                   RESULTS_CHART_MAX, o->history, o->nhistory);
	return st != ST_OK ? st : record_citizen_logged(x, WHAT, audit_id(x->arena, o->id));
}

status results_get(const ctx *x, int64_t id, result *out, result **history, size_t *nhistory)
{
	*history = NULL;
	*nhistory = 0;
	if (id <= 0)
		return ST_NOT_FOUND;
	struct one_op o = {id, out, history, nhistory};
	return record_citizen_row_tx(x, CAP_H2_RESULTS, id, false, get_fn, &o);
}

/* ---- clinicians -------------------------------------------------------------- */

static status staff_list_fn(ctx *x, const record_patient *p, void *arg)
{
	results_staff_view *v = arg;
	v->patient = p->who;
	v->access = p->access;
	status st = store_results_all(x->db, x->arena, p->who.id, RESULTS_LIST_MAX, &v->results, &v->n, &v->more);
	if (st == ST_OK)
		st = store_result_types(x->db, x->arena, &v->types, &v->ntypes);
	return st != ST_OK ? st : chart_audit(x, &p->access, "read", WHAT, NULL);
}

status results_staff_list(const ctx *x, int64_t patient_id, results_staff_view *out)
{
	memset(out, 0, sizeof *out);
	return record_staff_read_tx(x, CAP_W2_CLINICAL_RECORD, patient_id, NULL, staff_list_fn, out);
}

struct enter_op {
	int64_t patient_id;
	const result_entry *in;
	problems *problems;
	int64_t *id;
};

/* Checks the entry against the type and the patient; fills the row. */
static status enter_check(const ctx *x, struct enter_op *o, result *row)
{
	const result_entry *in = o->in;
	problems *pr = o->problems;
	status st = in->type_id > 0 ? store_result_type_by_id(x->db, x->arena, in->type_id, &row->type) : ST_NOT_FOUND;
	bool have_type = st == ST_OK;
	if (st == ST_NOT_FOUND)
		problems_add(pr, "type", "results.error.type_unknown", 0);
	else if (st != ST_OK)
		return st;

	if (in->value == NULL || in->value[0] == '\0') {
		problems_add(pr, "value", "form.error.required", 0);
	} else if (!utf8_valid(in->value, strlen(in->value))) {
		problems_add(pr, "value", "form.error.charset", 0);
	} else if (have_type && strcmp(row->type.value_kind, "numeric") == 0) {
		char *canon = arena_alloc(x->arena, RESULT_NUMBER_MAX + 1);
		double v;
		if (results_parse_number(in->value, &v, canon))
			row->value = canon;
		else
			problems_add(pr, "value", "results.error.not_number", 0);
	} else if (utf8_length(in->value) > RESULT_TEXT_MAX) {
		problems_add(pr, "value", "results.error.too_long", RESULT_TEXT_MAX);
	} else {
		row->value = in->value;
	}

	date taken;
	person p;
	if (in->taken_on == NULL || in->taken_on[0] == '\0') {
		problems_add(pr, "taken_on", "form.error.required", 0);
	} else if (!date_parse(in->taken_on, &taken)) {
		problems_add(pr, "taken_on", "form.error.date_format", 0);
	} else if (date_to_days(taken) > date_to_days(date_in_oslo(x->now))) {
		problems_add(pr, "taken_on", "results.error.future", 0);
	} else if ((st = store_person_by_id(x->db, x->arena, o->patient_id, &p)) != ST_OK) {
		return st;
	} else if (strcmp(in->taken_on, p.birth_date) < 0) {
		/* ISO dates compare as strings. */
		problems_add(pr, "taken_on", "results.error.before_birth", 0);
	} else {
		row->taken_on = in->taken_on;
	}
	return pr->n > 0 ? ST_INVALID : ST_OK;
}

static status enter_fn(ctx *x, void *args)
{
	struct enter_op *o = args;
	o->problems->n = 0;
	chart_access a;
	status st = authz_patient(x, CAP_W2_CLINICAL_RECORD, o->patient_id, &a);
	if (st != ST_OK)
		return st;
	result row = {.patient_id = o->patient_id};
	if ((st = enter_check(x, o, &row)) != ST_OK)
		return st;
	bool immediate = strcmp(row.type.rule, "immediate") == 0;
	row.unit = row.type.unit;
	row.entered_by = x->who.staff_id;
	row.entered_at = x->now;
	row.unit_id = a.unit_id;
	row.status = immediate ? "released" : "entered";
	row.released_at = immediate ? x->now : 0;
	row.hidden_from_guardians = o->in->hidden_from_guardians;
	if ((st = store_result_insert(x->db, &row, o->id)) != ST_OK)
		return st;
	if (immediate) {
		int64_t event;
		if ((st = store_outbox_add(x->db, o->patient_id, EVENT_KIND, *o->id, row.hidden_from_guardians, x->now,
		                           &event)) != ST_OK)
			return st;
	}
	return chart_audit(x, &a, "create", WHAT, audit_id(x->arena, *o->id));
}

status results_enter(const ctx *x, int64_t patient_id, const result_entry *in, problems *pr, int64_t *id)
{
	pr->n = 0;
	status st = authz_staff(x, CAP_W2_CLINICAL_RECORD);
	if (st != ST_OK)
		return st;
	if (patient_id <= 0)
		return ST_NOT_FOUND;
	struct enter_op o = {.patient_id = patient_id, .in = in, .problems = pr, .id = id};
	return domain_tx(x, true, enter_fn, &o);
}

/* An action on one result: release (from the chart, patient named), or take
 * and close (from the queue, patient looked up from the result). */
enum result_action { ACT_RELEASE, ACT_TAKE, ACT_CLOSE };

struct action_op {
	enum capability cap;
	int64_t patient_id; /* 0: look it up */
	int64_t id;
	enum result_action act;
};

static status release(const ctx *x, int64_t patient_id, int64_t id)
{
	result r;
	status st = store_result_get(x->db, x->arena, patient_id, id, &r);
	if (st != ST_OK)
		return st;
	if (strcmp(r.type.rule, "after_review") != 0 || strcmp(r.status, "released") == 0)
		return ST_CONFLICT;
	if ((st = store_result_release(x->db, patient_id, id, x->who.staff_id, x->now)) != ST_OK)
		return st;
	int64_t event;
	return store_outbox_add(x->db, patient_id, EVENT_KIND, id, r.hidden_from_guardians, x->now, &event);
}

static status action_fn(ctx *x, void *args)
{
	struct action_op *o = args;
	int64_t patient_id = o->patient_id;
	status st = ST_OK;
	if (patient_id == 0)
		st = store_result_patient(x->db, o->id, &patient_id);
	chart_access a;
	if (st == ST_OK)
		st = authz_patient(x, o->cap, patient_id, &a);
	if (st != ST_OK)
		return st == ST_DENIED && o->patient_id == 0 ? ST_NOT_FOUND : st;
	switch (o->act) {
	case ACT_RELEASE: st = release(x, patient_id, o->id); break;
	case ACT_TAKE: st = store_result_take(x->db, patient_id, o->id, x->who.staff_id); break;
	case ACT_CLOSE: st = store_result_review(x->db, patient_id, o->id, x->who.staff_id, x->now); break;
	}
	if (st != ST_OK)
		return st;
	return chart_audit(x, &a, "update", WHAT, audit_id(x->arena, o->id));
}

static status action(const ctx *x, enum capability cap, int64_t patient_id, int64_t id, enum result_action act)
{
	status st = authz_staff(x, cap);
	if (st != ST_OK)
		return st;
	if (id <= 0 || patient_id < 0)
		return ST_NOT_FOUND;
	struct action_op o = {.cap = cap, .patient_id = patient_id, .id = id, .act = act};
	return domain_tx(x, true, action_fn, &o);
}

status results_release(const ctx *x, int64_t patient_id, int64_t id)
{
	if (patient_id <= 0)
		return authz_staff(x, CAP_W2_CLINICAL_RECORD) == ST_OK ? ST_NOT_FOUND : ST_DENIED;
	return action(x, CAP_W2_CLINICAL_RECORD, patient_id, id, ACT_RELEASE);
}

status results_take(const ctx *x, int64_t id)
{
	return action(x, CAP_W3_CLINICAL_QUEUES, 0, id, ACT_TAKE);
}

status results_close(const ctx *x, int64_t id)
{
	return action(x, CAP_W3_CLINICAL_QUEUES, 0, id, ACT_CLOSE);
}

/* ---- the review queue ------------------------------------------------------------ */

static status queue_fetch(ctx *x, size_t limit, void **rows, size_t *n, bool *more)
{
	result_queue_item *items;
	status st = store_results_queue(x->db, x->arena, x->who.staff_id, limit, &items, n, more);
	*rows = items;
	return st;
}

static const staff_queue review_queue = {
    .row_size = sizeof(result_queue_item),
    .patient_at = offsetof(result_queue_item, r.patient_id),
    .id_at = offsetof(result_queue_item, r.id),
    .cap = CAP_W3_CLINICAL_QUEUES,
    .what = WHAT,
    .fetch = queue_fetch,
};

status results_queue(const ctx *x, result_queue_item **out, size_t *n, bool *more)
{
	return staff_queue_list(x, &review_queue, RESULTS_QUEUE_MAX, out, n, more);
}
