/* home.c — the home page's overview of the open record. */
#include "domain/home.h"

#include "db/db.h"
#include "domain/audit.h"
#include "domain/authz.h"

struct overview_tx {
	const ctx *x;
	home_overview *out;
};

static status overview_fn(db_conn *c, void *arg)
{
	struct overview_tx *t = arg;
	ctx x = *t->x;
	x.db = c;
	home_overview *o = t->out;
	status st = store_person_by_id(c, x.arena, x.subject_id, &o->who);
	if (st != ST_OK)
		return st;
	o->has_address = false;
	if (!o->who.confidential_address && o->who.address_id != 0) {
		st = store_address_get(c, x.arena, o->who.address_id, &o->addr);
		if (st != ST_OK && st != ST_NOT_FOUND)
			return st;
		o->has_address = st == ST_OK;
	}
	date birth;
	o->age = date_parse(o->who.birth_date, &birth) ? age_on(birth, date_in_oslo(x.now)) : 0;
	if (x.who.person_id != x.subject_id)
		return audit_record(&x, x.subject_id, "read", "register.person", NULL, "representation");
	return ST_OK;
}

status home_overview_get(const ctx *x, home_overview *out)
{
	if (authz_check(x, CAP_A3_HOME) != ST_OK || x->subject_id == 0)
		return ST_DENIED;
	struct overview_tx t = {x, out};
	return db_tx(x->db, x->who.person_id != x->subject_id, overview_fn, &t);
}
