/* account.c (web) — the account page (SPEC.md A2): its state, deactivation
 * behind a confirmation page, and reactivation. Deactivating ends every
 * session of the person, this one included. */
#include "auth/login.h"
#include "domain/account.h"
#include "domain/authz.h"
#include "web/pages.h"

static bool allowed(request *rq, reply *rp)
{
	/* Only the person themself manages their account, never a representative. */
	if (authz_check(rq->c, CAP_A2_ACCOUNT) != ST_OK || rq->c->subject_id != rq->c->who.person_id) {
		reply_error(rq, rp, 404);
		return false;
	}
	return true;
}

void web_account_page(request *rq, reply *rp)
{
	if (!allowed(rq, rp))
		return;
	bool deactivated;
	status st = account_is_deactivated(rq->c, rq->c->who.person_id, &deactivated);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_object_set_new(m, "deactivated", json_boolean(deactivated));
	json_object_set_new(m, "reactivated", json_boolean(req_query(rq, "reactivated") != NULL));
	reply_page(rq, rp, "account", m);
}

void web_account_deactivate_confirm(request *rq, reply *rp)
{
	if (!allowed(rq, rp))
		return;
	reply_page(rq, rp, "account_deactivate", json_object());
}

/* Deactivates or reactivates the reader's account; false after answering
 * a refusal or a failure. */
static bool set_active(request *rq, reply *rp, bool active)
{
	if (!allowed(rq, rp))
		return false;
	status st = account_set_active(rq->c, rq->c->who.person_id, active);
	if (st != ST_OK)
		reply_status(rq, rp, st);
	return st == ST_OK;
}

void web_account_deactivate(request *rq, reply *rp)
{
	if (!set_active(rq, rp, false))
		return;
	web_login_end_session(rq, rp);
	reply_redirect(rq, rp, arena_printf(rq->c->arena, "%s?deactivated=1", web_path(web_start)));
}

void web_account_reactivate(request *rq, reply *rp)
{
	if (set_active(rq, rp, true))
		reply_redirect(rq, rp, arena_printf(rq->c->arena, "%s?reactivated=1", web_path(web_account_page)));
}
