/* confidential.c — setting and listing the confidential-for-the-child mark. */
#include "domain/confidential.h"

#include "db/db.h"
#include "domain/representation.h"
#include "store/register.h"

struct list_tx {
	const ctx *x;
	int64_t patient_id;
	marked_item *out;
	size_t max, *n;
	const char *area;
	int64_t item_id;
	bool hidden;
};

static status list_fn(db_conn *c, void *arg)
{
	struct list_tx *t = arg;
	ctx x = *t->x;
	x.db = c;
	chart_access a;
	status st = authz_patient(&x, CAP_W2_CLINICAL_RECORD, t->patient_id, &a);
	if (st != ST_OK)
		return st;
	marked_item *items;
	if ((st = store_confidential_items(c, x.arena, t->patient_id, t->max, &items, t->n)) != ST_OK)
		return st;
	for (size_t i = 0; i < *t->n; i++)
		t->out[i] = items[i];
	return chart_audit(&x, &a, "read", "confidential_marks", NULL);
}

status confidential_list(const ctx *x, int64_t patient_id, marked_item *out, size_t max, size_t *n)
{
	if (authz_staff(x, CAP_W2_CLINICAL_RECORD) != ST_OK)
		return ST_DENIED;
	struct list_tx t = {.x = x, .patient_id = patient_id, .out = out, .max = max, .n = n};
	return db_tx(x->db, true, list_fn, &t);
}

static status set_fn(db_conn *c, void *arg)
{
	struct list_tx *t = arg;
	ctx x = *t->x;
	x.db = c;
	chart_access a;
	status st = authz_patient(&x, CAP_W2_CLINICAL_RECORD, t->patient_id, &a);
	if (st != ST_OK)
		return st;
	person p;
	if ((st = store_person_by_id(c, x.arena, t->patient_id, &p)) != ST_OK)
		return st;
	date birth;
	if (!date_parse(p.birth_date, &birth) || age_on(birth, date_in_oslo(x.now)) >= PARENT_ACCESS_UNTIL_AGE)
		return ST_INVALID;
	if ((st = store_confidential_set(c, t->area, t->item_id, t->patient_id, t->hidden)) != ST_OK)
		return st;
	return chart_audit(&x, &a, "update", "confidential_marks",
	                   arena_printf(x.arena, "%s:%lld:%s", t->area, (long long)t->item_id, t->hidden ? "on" : "off"));
}

status confidential_set(const ctx *x, int64_t patient_id, const char *area, int64_t item_id, bool hidden)
{
	if (authz_staff(x, CAP_W2_CLINICAL_RECORD) != ST_OK)
		return ST_DENIED;
	struct list_tx t = {.x = x, .patient_id = patient_id, .area = area, .item_id = item_id, .hidden = hidden};
	return db_tx(x->db, true, set_fn, &t);
}
