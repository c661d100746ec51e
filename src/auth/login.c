/* login.c — the common end of every login path: the rules in
 * domain/account.c, then a fresh session, in one transaction together with
 * the security event that records the outcome. */
#include "auth/login.h"

#include <string.h>

#include "auth/session.h"
#include "db/db.h"
#include "domain/account.h"
#include "domain/representation.h"
#include "store/session.h"

struct login_tx {
	const ctx *x;
	const login_identity *id;
	bool staff;
	bool allow_synthetic;
	citizen_login citizen;
	staff_login staffer;
	session s;
	char token[SESSION_TOKEN_LEN + 1];
};

static status record_event(const ctx *x, const char *kind, const char *provider, int64_t person_id, int64_t staff_id,
                           const char *reason)
{
	security_event e = {x->now, kind, provider, person_id, staff_id, reason};
	return store_security_event_add(x->db, &e);
}

static enum login_outcome outcome_of(const struct login_tx *t)
{
	return t->staff ? t->staffer.outcome : t->citizen.outcome;
}

/* Decides, and on success starts the session; a refusal is recorded too. */
static status login_fn(db_conn *c, void *arg)
{
	struct login_tx *t = arg;
	ctx x = *t->x;
	x.db = c;
	status st = t->staff ? account_check_staff(&x, t->id->pid, t->id->hpr_number, t->id->security_level,
	                                           t->allow_synthetic, &t->staffer)
	                     : account_check_citizen(&x, t->id->pid, t->allow_synthetic, &t->citizen);
	if (st != ST_OK)
		return st;
	enum login_outcome o = outcome_of(t);
	if (o != LOGIN_OK)
		return record_event(&x, "login_refused", t->id->provider, t->staff ? 0 : t->citizen.person_id, 0,
		                    login_outcome_code(o));
	t->s = (session){
	    .kind = t->staff ? ACTOR_STAFF : ACTOR_CITIZEN,
	    .person_id = t->staff ? t->staffer.person_id : t->citizen.person_id,
	    .staff_id = t->staffer.staff_id,
	    .provider = t->id->provider,
	    .idp_sid = t->id->idp_sid,
	    .id_token = t->id->id_token,
	    .acr = t->id->acr,
	    .dev = t->allow_synthetic,
	};
	if (!t->staff && (st = account_record_login(&x, t->s.person_id)) != ST_OK)
		return st;
	if ((st = session_create(&x, &t->s, t->token)) != ST_OK)
		return st;
	return record_event(&x, "login", t->id->provider, t->s.person_id, t->s.staff_id, NULL);
}

status auth_login(const ctx *x, const login_identity *id, bool staff, bool allow_synthetic, login_result *out)
{
	struct login_tx t = {.x = x, .id = id, .staff = staff, .allow_synthetic = allow_synthetic};
	*out = (login_result){.outcome = LOGIN_OK};
	if (x->db == NULL)
		return ST_INTERNAL;
	status st = db_tx(x->db, true, login_fn, &t);
	if (st != ST_OK)
		return st;
	out->outcome = outcome_of(&t);
	if (out->outcome != LOGIN_OK)
		return ST_OK;
	out->s = t.s;
	memcpy(out->token, t.token, sizeof out->token);
	wipe(t.token, sizeof t.token);
	out->deactivated = !staff && t.citizen.deactivated;
	if (!staff && !out->deactivated)
		st = repr_can_act_for_anyone(x, t.s.person_id, &out->represents);
	return st;
}

status auth_logout(const ctx *x, const session *s)
{
	if (s == NULL)
		return ST_OK;
	status st = session_end(x, s->id);
	return st == ST_OK ? record_event(x, "logout", s->provider, s->person_id, s->staff_id, NULL) : st;
}
