/* record.c — the transaction shapes the record areas share. */
#include "domain/record.h"

#include <string.h>

#include "domain/audit.h"
#include "store/care_team.h"

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

bool record_citizen_may(const ctx *x, enum capability cap)
{
	return x->who.kind == ACTOR_CITIZEN && x->subject_id > 0 && authz_check(x, cap) == ST_OK;
}

status record_citizen_tx(const ctx *x, domain_tx_fn fn, void *arg)
{
	if (x->subject_id == 0)
		return ST_DENIED;
	return domain_read_tx(x, x->who.person_id != x->subject_id, fn, arg);
}

status record_citizen_write_tx(const ctx *x, domain_tx_fn fn, void *arg)
{
	if (x->subject_id == 0)
		return ST_DENIED;
	return domain_tx(x, true, fn, arg);
}

status record_citizen_logged(const ctx *x, const char *what, const char *what_id)
{
	if (x->who.person_id == x->subject_id)
		return ST_OK;
	return audit_record(x, x->subject_id, "read", what, what_id, "representation");
}

status record_citizen_row_tx(const ctx *x, enum capability cap, int64_t id, bool write, domain_tx_fn fn, void *row)
{
	if (!record_citizen_may(x, cap))
		return ST_DENIED;
	if (id <= 0)
		return ST_NOT_FOUND;
	return write ? record_citizen_write_tx(x, fn, row) : record_citizen_tx(x, fn, row);
}

struct list_op {
	const char *what;
	record_list_fn fetch;
	const void *arg;
	void *list;
	size_t *n;
	bool *more;
};

static status list_fn(ctx *x, void *args)
{
	struct list_op *o = args;
	status st = o->fetch(x, o->arg, o->list, o->n, o->more);
	return st != ST_OK || o->what == NULL ? st : record_citizen_logged(x, o->what, NULL);
}

status record_citizen_list(const ctx *x, enum capability cap, const char *what, record_list_fn fetch, const void *arg,
                           void *list, size_t *n, bool *more)
{
	/* list is the caller's T **: copying a NULL's bytes empties it without
	 * pretending it is a void ** (as db_read_list sets it). */
	void *none = NULL;
	memcpy(list, &none, sizeof none);
	*n = 0;
	if (more != NULL)
		*more = false;
	if (!record_citizen_may(x, cap))
		return ST_DENIED;
	struct list_op o = {what, fetch, arg, list, n, more};
	return record_citizen_tx(x, list_fn, &o);
}

/* ---- staff ------------------------------------------------------------------------------ */

struct staff_op {
	enum capability cap;
	int64_t patient_id;
	record_patient *patient;
	record_staff_fn fn;
	void *arg;
};

static status staff_fn(ctx *x, void *args)
{
	struct staff_op *o = args;
	status st = chart_open(x, o->cap, o->patient_id, &o->patient->access, &o->patient->who);
	return st != ST_OK ? st : o->fn(x, o->patient, o->arg);
}

static status staff_tx(const ctx *x, bool write, struct staff_op *o)
{
	if (authz_staff(x, o->cap) != ST_OK)
		return ST_DENIED;
	if (o->patient_id <= 0)
		return ST_NOT_FOUND;
	record_patient unkept;
	if (o->patient == NULL)
		o->patient = &unkept;
	return write ? domain_tx(x, true, staff_fn, o) : domain_read_tx(x, true, staff_fn, o);
}

status record_staff_tx(const ctx *x, enum capability cap, int64_t patient_id, record_patient *patient,
                       record_staff_fn fn, void *arg)
{
	struct staff_op o = {cap, patient_id, patient, fn, arg};
	return staff_tx(x, true, &o);
}

status record_staff_read_tx(const ctx *x, enum capability cap, int64_t patient_id, record_patient *patient,
                            record_staff_fn fn, void *arg)
{
	struct staff_op o = {cap, patient_id, patient, fn, arg};
	return staff_tx(x, false, &o);
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
