/* account.c — login rules and the account lifecycle. The register's birth
 * date decides age (SPEC.md: take birth date from the register, not the
 * number); the day is the Norwegian calendar day of the request clock. */
#include "domain/account.h"

#include "auth/session.h"
#include "core/nin.h"
#include "store/register.h"
#include "store/session.h"

enum { OWN_USE_AGE = 16 };

const char *login_outcome_code(enum login_outcome o)
{
	static const char *codes[] = {
	    [LOGIN_OK] = "ok",
	    [LOGIN_INVALID_NUMBER] = "invalid_number",
	    [LOGIN_SYNTHETIC] = "synthetic_number",
	    [LOGIN_UNKNOWN] = "unknown_person",
	    [LOGIN_DECEASED] = "deceased",
	    [LOGIN_UNDER_16] = "under_16",
	    [LOGIN_NOT_PATIENT] = "not_patient",
	    [LOGIN_NOT_STAFF] = "not_staff",
	    [LOGIN_NO_HPR] = "no_hpr",
	    [LOGIN_LEVEL_TOO_LOW] = "level_too_low",
	};
	return o < ARRAY_LEN(codes) && codes[o] ? codes[o] : "unknown";
}

/* Shared first steps: the number itself, then the register. */
static status find_person(const ctx *x, const char *pid, bool allow_synthetic, person *p, enum login_outcome *out)
{
	nin_info info;
	*out = LOGIN_OK;
	if (pid == NULL || nin_parse(pid, &info) != NIN_OK) {
		*out = LOGIN_INVALID_NUMBER;
		return ST_OK;
	}
	if (info.synthetic && !allow_synthetic) {
		*out = LOGIN_SYNTHETIC;
		return ST_OK;
	}
	status st = store_person_by_nin(x->db, x->arena, pid, p);
	if (st == ST_NOT_FOUND) {
		*out = LOGIN_UNKNOWN;
		return ST_OK;
	}
	if (st != ST_OK)
		return st;
	if (p->death_date != NULL)
		*out = LOGIN_DECEASED;
	return ST_OK;
}

status account_check_citizen(const ctx *x, const char *pid, bool allow_synthetic, citizen_login *out)
{
	*out = (citizen_login){0};
	person p;
	status st = find_person(x, pid, allow_synthetic, &p, &out->outcome);
	if (st != ST_OK || out->outcome != LOGIN_OK)
		return st;
	out->person_id = p.id;
	date birth;
	if (!date_parse(p.birth_date, &birth))
		return ST_INTERNAL;
	if (age_on(birth, date_in_oslo(x->now)) < OWN_USE_AGE) {
		out->outcome = LOGIN_UNDER_16;
		return ST_OK;
	}
	bool patient;
	if ((st = store_person_is_patient(x->db, p.id, &patient)) != ST_OK)
		return st;
	if (!patient) {
		out->outcome = LOGIN_NOT_PATIENT;
		return ST_OK;
	}
	account a;
	st = store_account_get(x->db, p.id, &a);
	if (st == ST_OK)
		out->deactivated = a.deactivated_at != 0;
	return st == ST_NOT_FOUND ? ST_OK : st;
}

status account_check_staff(const ctx *x, const char *pid, const char *hpr_number, int security_level,
                           bool allow_synthetic, staff_login *out)
{
	*out = (staff_login){0};
	person p;
	status st = find_person(x, pid, allow_synthetic, &p, &out->outcome);
	if (st != ST_OK)
		return st;
	if (out->outcome == LOGIN_UNKNOWN || out->outcome == LOGIN_DECEASED) {
		out->outcome = LOGIN_NOT_STAFF;
		return ST_OK;
	}
	if (out->outcome != LOGIN_OK)
		return ST_OK;
	staff s;
	st = store_staff_by_person(x->db, x->arena, p.id, &s);
	if (st == ST_NOT_FOUND || (st == ST_OK && !s.active)) {
		out->outcome = LOGIN_NOT_STAFF;
		return ST_OK;
	}
	if (st != ST_OK)
		return st;
	if (security_level != 0 && security_level < 4) {
		out->outcome = LOGIN_LEVEL_TOO_LOW;
		return ST_OK;
	}
	/* Registered health personnel prove it with their HPR number when the
	 * provider asserts one (HelseID); TestID (level 0) asserts none. */
	if (security_level != 0 && s.hpr_number != NULL && !str_eq(s.hpr_number, hpr_number)) {
		out->outcome = LOGIN_NO_HPR;
		return ST_OK;
	}
	out->person_id = p.id;
	out->staff_id = s.id;
	if ((st = store_staff_roles(x->db, s.id, &out->roles)) == ST_OK && out->roles == 0)
		out->outcome = LOGIN_NOT_STAFF; /* no role at any unit: nothing to work with */
	return st;
}

status account_record_login(const ctx *x, int64_t person_id)
{
	return store_account_record_login(x->db, person_id, x->now);
}

status account_set_active(const ctx *x, int64_t person_id, bool active)
{
	status st = store_account_set_deactivated(x->db, person_id, active ? 0 : x->now);
	if (st != ST_OK || active)
		return st;
	return session_end_for_person(x, person_id);
}

status account_is_deactivated(const ctx *x, int64_t person_id, bool *out)
{
	account a;
	status st = store_account_get(x->db, person_id, &a);
	*out = st == ST_OK && a.deactivated_at != 0;
	return st == ST_NOT_FOUND ? ST_OK : st;
}
