/* confidential.c — setting and listing the confidential-for-the-child mark. */
#include "domain/confidential.h"

#include "domain/representation.h"
#include "domain/tx.h"
#include "store/register.h"

struct list_op {
	int64_t patient_id;
	marked_item *out;
	size_t max, *n;
};

static status list_fn(ctx *x, void *args)
{
	struct list_op *o = args;
	chart_access a;
	status st = authz_patient(x, CAP_W2_CLINICAL_RECORD, o->patient_id, &a);
	if (st != ST_OK)
		return st;
	marked_item *items;
	if ((st = store_confidential_items(x->db, x->arena, o->patient_id, o->max, &items, o->n)) != ST_OK)
		return st;
	for (size_t i = 0; i < *o->n; i++)
		o->out[i] = items[i];
	return chart_audit(x, &a, "read", "confidential_marks", NULL);
}

status confidential_list(const ctx *x, int64_t patient_id, marked_item *out, size_t max, size_t *n)
{
	if (authz_staff(x, CAP_W2_CLINICAL_RECORD) != ST_OK)
		return ST_DENIED;
	struct list_op o = {patient_id, out, max, n};
	return domain_tx(x, true, list_fn, &o);
}

struct set_op {
	int64_t patient_id;
	const char *area;
	int64_t item_id;
	bool hidden;
};

static status set_fn(ctx *x, void *args)
{
	struct set_op *o = args;
	chart_access a;
	person p;
	status st = chart_open(x, CAP_W2_CLINICAL_RECORD, o->patient_id, &a, &p);
	if (st != ST_OK)
		return st;
	date birth;
	if (!date_parse(p.birth_date, &birth) || age_on(birth, date_in_oslo(x->now)) >= PARENT_ACCESS_UNTIL_AGE)
		return ST_INVALID;
	if ((st = store_confidential_set(x->db, o->area, o->item_id, o->patient_id, o->hidden)) != ST_OK)
		return st;
	const char *what_id =
	    arena_printf(x->arena, "%s:%lld:%s", o->area, (long long)o->item_id, o->hidden ? "on" : "off");
	return chart_audit(x, &a, "update", "confidential_marks", what_id);
}

status confidential_set(const ctx *x, int64_t patient_id, const char *area, int64_t item_id, bool hidden)
{
	if (authz_staff(x, CAP_W2_CLINICAL_RECORD) != ST_OK)
		return ST_DENIED;
	struct set_op o = {patient_id, area, item_id, hidden};
	return domain_tx(x, true, set_fn, &o);
}
