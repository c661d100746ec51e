/* home.c — the home page's overview of the open record. */
#include "domain/home.h"

#include "domain/authz.h"
#include "domain/record.h"

static status overview_fn(ctx *x, void *args)
{
	home_overview *o = args;
	status st = store_person_and_address(x->db, x->arena, x->subject_id, &o->who, &o->addr, &o->has_address);
	if (st != ST_OK)
		return st;
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
