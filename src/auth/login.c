/* login.c — the common end of every login path: the rules in
 * domain/account.c, then a fresh session and its cookie, in one transaction
 * together with the security event; or a refusal page. */
#include "auth/login.h"

#include <string.h>

#include "auth/session.h"
#include "core/log.h"
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

static status record_event(const ctx *x, const char *kind, const char *provider, int64_t person_id,
                           int64_t staff_id, const char *reason)
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
		return record_event(&x, "login_refused", t->id->provider,
		                    t->staff ? 0 : t->citizen.person_id, 0, login_outcome_code(o));
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

static void refuse(request *rq, reply *rp, enum login_outcome o, bool staff)
{
	json_t *m = json_object();
	json_object_set_new(m, "staff", json_boolean(staff));
	/* The template shows the text of the one reason flagged true. */
	json_object_set_new(m, arena_printf(rq->c->arena, "is_%s", login_outcome_code(o)), json_true());
	rp->status = 403;
	reply_page(rq, rp, "login_denied", m);
}

/* Where a fresh session starts: the workspace, reactivation, the choice of
 * whose record to open (R6) for someone who can act for others, or home. */
static const char *landing(request *rq, const struct login_tx *t)
{
	if (t->staff)
		return "/staff";
	if (t->citizen.deactivated)
		return "/settings/account";
	bool represents = false;
	if (repr_can_act_for_anyone(rq->c, t->s.person_id, &represents) == ST_OK && represents)
		return "/access/choose";
	return "/";
}

static void login_as(request *rq, reply *rp, const login_identity *id, bool staff)
{
	struct login_tx t = {.x = rq->c, .id = id, .staff = staff, .allow_synthetic = rq->site && rq->site->dev};
	if (rq->c->db == NULL || db_tx(rq->c->db, true, login_fn, &t) != ST_OK) {
		reply_error(rq, rp, 500);
		return;
	}
	enum login_outcome o = outcome_of(&t);
	if (o != LOGIN_OK) {
		log_info("login refused (%s, %s)", id->provider, login_outcome_code(o));
		refuse(rq, rp, o, staff);
		return;
	}
	/* A fresh session replaces any old one in this browser (no fixation). */
	if (rq->c->session != NULL)
		session_end(rq->c, rq->c->session->id);
	reply_header(rq, rp, "Set-Cookie",
	             session_cookie_set(rq->c->arena, session_cookie_name(rq->secure_cookies), t.token,
	                                rq->secure_cookies));
	wipe(t.token, sizeof t.token);
	reply_redirect(rq, rp, landing(rq, &t));
}

void login_citizen(request *rq, reply *rp, const login_identity *id)
{
	login_as(rq, rp, id, false);
}

void login_staff(request *rq, reply *rp, const login_identity *id)
{
	login_as(rq, rp, id, true);
}

void login_end_session(request *rq, reply *rp)
{
	const session *s = rq->c->session;
	if (s != NULL) {
		session_end(rq->c, s->id);
		record_event(rq->c, "logout", s->provider, s->person_id, s->staff_id, NULL);
	}
	reply_header(rq, rp, "Set-Cookie",
	             session_cookie_clear(rq->c->arena, session_cookie_name(rq->secure_cookies), rq->secure_cookies));
}
