/* home.c — the home page's overview of the open record. */
#include "domain/home.h"

#include "domain/authz.h"
#include "domain/record.h"

static status overview_fn(ctx *x, void *args)
{
	home_overview *o = args;
	status st = store_person_by_id(x->db, x->arena, x->subject_id, &o->who);
	if (st != ST_OK)
		return st;
	o->has_address = false;
	if (!o->who.confidential_address && o->who.address_id != 0) {
		st = store_address_get(x->db, x->arena, o->who.address_id, &o->addr);
		if (st != ST_OK && st != ST_NOT_FOUND)
			return st;
		o->has_address = st == ST_OK;
	}
	date birth;
	o->age = date_parse(o->who.birth_date, &birth) ? age_on(birth, date_in_oslo(x->now)) : 0;
	return record_citizen_logged(x, "register.person", NULL);
}

status home_overview_get(const ctx *x, home_overview *out)
{
	if (authz_check(x, CAP_A3_HOME) != ST_OK)
		return ST_DENIED;
	return record_citizen_tx(x, overview_fn, out);
}
