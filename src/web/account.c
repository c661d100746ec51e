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
	if (account_is_deactivated(rq->c, rq->c->who.person_id, &deactivated) != ST_OK) {
		reply_error(rq, rp, 500);
		return;
	}
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

void web_account_deactivate(request *rq, reply *rp)
{
	if (!allowed(rq, rp))
		return;
	if (account_set_active(rq->c, rq->c->who.person_id, false) != ST_OK) {
		reply_error(rq, rp, 500);
		return;
	}
	web_login_end_session(rq, rp);
	reply_redirect(rq, rp, "/?deactivated=1");
}

void web_account_reactivate(request *rq, reply *rp)
{
	if (!allowed(rq, rp))
		return;
	if (account_set_active(rq->c, rq->c->who.person_id, true) != ST_OK) {
		reply_error(rq, rp, 500);
		return;
	}
	reply_redirect(rq, rp, "/settings/account?reactivated=1");
}
