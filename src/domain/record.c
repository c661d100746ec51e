/* record.c — the transaction shapes and checks the record areas share. */
#include "domain/record.h"

#include <string.h>

#include "db/db.h"
#include "domain/audit.h"
#include "store/care_team.h"

/* ---- problems ------------------------------------------------------------------ */

void record_problem_add(record_problems *p, const char *field, const char *key, int64_t max)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->items[i].field, field) == 0)
			return;
	if (p->n < RECORD_PROBLEMS_MAX)
		p->items[p->n++] = (record_problem){field, key, max};
}

bool record_check_text(record_problems *p, const char *field, const char *s, size_t min, size_t max,
                       bool multiline)
{
	if (s == NULL)
		return true;
	if (!text_clean(s, multiline)) {
		record_problem_add(p, field, "form.error.charset", 0);
		return false;
	}
	size_t n = utf8_length(s);
	if (n > max) {
		record_problem_add(p, field, "form.error.too_long", (int64_t)max);
		return false;
	}
	if (n < min) {
		record_problem_add(p, field, "record.error.too_short", (int64_t)min);
		return false;
	}
	return true;
}

bool record_check_choice(record_problems *p, const char *field, const char *s, const char *const *choices)
{
	for (const char *const *c = choices; s != NULL && *c != NULL; c++)
		if (strcmp(*c, s) == 0)
			return true;
	record_problem_add(p, field, s == NULL ? "form.error.required" : "form.error.choice", 0);
	return false;
}

bool record_check_date(record_problems *p, const char *field, const char *s, bool required)
{
	date d;
	if (s == NULL) {
		if (required)
			record_problem_add(p, field, "form.error.required", 0);
		return !required;
	}
	if (!date_parse(s, &d) || !date_valid(d)) {
		record_problem_add(p, field, "form.error.date_invalid", 0);
		return false;
	}
	return true;
}

const char *record_today(const ctx *x)
{
	char *out = arena_alloc(x->arena, 11);
	date_format(date_in_oslo(x->now), out);
	return out;
}

/* ---- citizens ---------------------------------------------------------------------- */

bool record_for_guardian(const ctx *x)
{
	return x->who.person_id != x->subject_id && x->guardian_view;
}

struct citizen_tx {
	const ctx *x;
	record_citizen_fn fn;
	void *arg;
};

static status citizen_fn(db_conn *c, void *argp)
{
	struct citizen_tx *t = argp;
	ctx x = *t->x;
	x.db = c;
	return t->fn(&x, t->arg);
}

status record_citizen_tx(const ctx *x, record_citizen_fn fn, void *arg)
{
	if (x->subject_id == 0)
		return ST_DENIED;
	struct citizen_tx t = {x, fn, arg};
	return db_tx(x->db, x->who.person_id != x->subject_id, citizen_fn, &t);
}

status record_citizen_write_tx(const ctx *x, record_citizen_fn fn, void *arg)
{
	if (x->subject_id == 0)
		return ST_DENIED;
	struct citizen_tx t = {x, fn, arg};
	return db_tx(x->db, true, citizen_fn, &t);
}

status record_citizen_logged(const ctx *x, const char *what, const char *what_id)
{
	if (x->who.person_id == x->subject_id)
		return ST_OK;
	return audit_record(x, x->subject_id, "read", what, what_id, "representation");
}

/* ---- staff ------------------------------------------------------------------------------ */

struct staff_tx {
	const ctx *x;
	int64_t patient_id;
	record_patient *patient;
	record_staff_fn fn;
	void *arg;
};

static status staff_fn(db_conn *c, void *argp)
{
	struct staff_tx *t = argp;
	ctx x = *t->x;
	x.db = c;
	status st = authz_patient(&x, CAP_W2_CLINICAL_RECORD, t->patient_id, &t->patient->access);
	if (st != ST_OK)
		return st;
	if ((st = store_person_by_id(c, x.arena, t->patient_id, &t->patient->who)) != ST_OK)
		return st;
	return t->fn(&x, t->patient, t->arg);
}

status record_staff_tx(const ctx *x, int64_t patient_id, record_patient *patient, record_staff_fn fn, void *arg)
{
	if (authz_staff(x, CAP_W2_CLINICAL_RECORD) != ST_OK)
		return ST_DENIED;
	if (patient_id <= 0)
		return ST_NOT_FOUND;
	struct staff_tx t = {x, patient_id, patient, fn, arg};
	return db_tx(x->db, true, staff_fn, &t);
}

status record_staff_unit(const ctx *x, const chart_access *a, int64_t *unit_id)
{
	*unit_id = a->unit_id;
	if (*unit_id != 0)
		return ST_OK;
	status st = store_staff_clinical_unit(x->db, x->who.staff_id, unit_id);
	if (st == ST_NOT_FOUND) {
		*unit_id = 0;
		return ST_OK;
	}
	return st;
}
