/* login.c (web) — the login pages (SPEC.md A1, A4, W1): the OpenID Connect
 * start and callback for ID-porten and HelseID, ID-porten's front-channel
 * logout page, and what every login path (TestID too) shows at its end: a
 * fresh session cookie and the page to land on, or a refusal in plain words.
 * The rules and the session are auth/'s; the state of a login is bound to
 * the browser that started it by a cookie set here. */
#include <string.h>

#include "auth/login.h"
#include "auth/oidc.h"
#include "core/log.h"
#include "web/i18n.h"
#include "web/pages.h"
#include "web/template.h"

/* Rate-limit groups of oidc_rate_allow: each endpoint counts on its own. */
enum { RATE_START = 0, RATE_CALLBACK = 1 };

static bool rate_ok(request *rq, reply *rp, unsigned group)
{
	int retry_after = 1;
	if (oidc_rate_allow(group, rq->client_ip, &retry_after))
		return true;
	log_info("login rate limit reached (%s)", group == RATE_START ? "start" : "callback");
	reply_header(rq, rp, "Retry-After", arena_printf(rq->c->arena, "%d", retry_after > 0 ? retry_after : 1));
	reply_error(rq, rp, 429);
	return false;
}

/* ---- the end of every login -------------------------------------------------------- */

static void denied(request *rq, reply *rp, enum login_outcome o, bool staff)
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
static const char *landing(const login_result *r, bool staff)
{
	if (staff)
		return web_path(web_staff_home);
	if (r->deactivated)
		return web_path(web_account_page);
	return web_path(r->represents ? web_access_choose : web_start);
}

static void login_as(request *rq, reply *rp, const login_identity *id, bool staff)
{
	login_result r;
	status st = auth_login(rq->c, id, staff, rq->site != NULL && rq->site->dev, &r);
	if (reply_failed(rq, rp, st, NULL))
		return;
	if (r.outcome != LOGIN_OK) {
		log_info("login refused (%s, %s)", id->provider, login_outcome_code(r.outcome));
		denied(rq, rp, r.outcome, staff);
		return;
	}
	/* A fresh session replaces any old one in this browser (no fixation). */
	if (rq->c->session != NULL)
		session_end(rq->c, rq->c->session->id);
	reply_header(
	    rq, rp, "Set-Cookie",
	    session_cookie_set(rq->c->arena, session_cookie_name(rq->secure_cookies), r.token, rq->secure_cookies));
	wipe(r.token, sizeof r.token);
	reply_redirect(rq, rp, landing(&r, staff));
}

void web_login_citizen(request *rq, reply *rp, const login_identity *id)
{
	login_as(rq, rp, id, false);
}

void web_login_staff(request *rq, reply *rp, const login_identity *id)
{
	login_as(rq, rp, id, true);
}

void web_login_end_session(request *rq, reply *rp)
{
	auth_logout(rq->c, rq->c->session);
	reply_header(rq, rp, "Set-Cookie",
	             session_cookie_clear(rq->c->arena, session_cookie_name(rq->secure_cookies), rq->secure_cookies));
}

/* ---- OpenID Connect -------------------------------------------------------------------- */

/* The login's state rides in a cookie of the browser that started it, so a
 * callback URL of someone else's login, opened in a victim's browser, cannot
 * log the victim in as them (login CSRF, session swap). HttpOnly, SameSite
 * Lax: sent on the provider's top-level redirect back, not on cross-site
 * subrequests. */
static const char *login_cookie_name(const request *rq)
{
	return rq->secure_cookies ? "__Host-helsami-login" : "helsami-login";
}

static bool state_is_this_browsers(const request *rq, const char *state)
{
	const char *mine = req_cookie(rq, login_cookie_name(rq));
	return mine != NULL && state != NULL && strlen(mine) == strlen(state) && str_eq_consttime(mine, state);
}

/* A refusal: the security event and the page; no session is made. */
static void refuse(request *rq, reply *rp, enum oidc_provider_id id, oidc_result r)
{
	auth_oidc_refused(rq->c, id, r);
	static const char *const flags[] = {
	    [OIDC_PAGE_TECHNICAL] = "is_technical", [OIDC_PAGE_ASSURANCE] = "is_assurance",
	    [OIDC_PAGE_NO_PID] = "is_no_pid",       [OIDC_PAGE_NO_HPR] = "is_no_hpr",
	    [OIDC_PAGE_CANCELLED] = "is_cancelled", [OIDC_PAGE_OTHER_BROWSER] = "is_other_browser",
	};
	enum oidc_page page = oidc_result_page(r);
	bool staff = id == OIDC_HELSEID;
	json_t *m = json_object();
	json_object_set_new(m, "title", json_string(i18n_text(rq->c->locale, "login.refused.title")));
	json_object_set_new(m, flags[page], json_true());
	json_object_set_new(m, "staff", json_boolean(staff));
	json_object_set_new(m, "retry_href", json_string(web_path(staff ? web_helseid_start : web_idporten_start)));
	json_object_set_new(m, "reason", json_string(oidc_result_code(r)));
	/* What the person can change (assurance, identity) is a refusal; a failed
	 * exchange is a bad request that a new attempt may cure. */
	rp->status = page == OIDC_PAGE_ASSURANCE || page == OIDC_PAGE_NO_PID || page == OIDC_PAGE_NO_HPR ? 403 : 400;
	reply_page(rq, rp, "login_refused", m);
}

static void start(request *rq, reply *rp, enum oidc_provider_id id)
{
	if (!rate_ok(rq, rp, RATE_START))
		return;
	const char *url = NULL, *state = NULL;
	oidc_result r;
	status st = auth_oidc_begin(rq->c, id, &url, &state, &r);
	if (reply_failed(rq, rp, st, NULL))
		return;
	if (r != OIDC_OK) {
		reply_error(rq, rp, 503); /* not offered here, or the provider cannot be reached */
		return;
	}
	reply_header(rq, rp, "Set-Cookie",
	             arena_printf(rq->c->arena, "%s; Max-Age=%d",
	                          session_cookie_set(rq->c->arena, login_cookie_name(rq), state, rq->secure_cookies),
	                          (int)OIDC_ATTEMPT_MAX_AGE));
	reply_redirect(rq, rp, url);
}

static void callback(request *rq, reply *rp, enum oidc_provider_id id)
{
	if (!rate_ok(rq, rp, RATE_CALLBACK))
		return;
	if (oidc_provider(id) == NULL) {
		reply_error(rq, rp, 503);
		return;
	}
	oidc_response resp = {req_query(rq, "state"), req_query(rq, "iss"), req_query(rq, "error"),
	                      req_query(rq, "code")};
	bool ours = state_is_this_browsers(rq, resp.state);
	reply_header(rq, rp, "Set-Cookie",
	             session_cookie_clear(rq->c->arena, login_cookie_name(rq), rq->secure_cookies));
	if (resp.state == NULL || resp.state[0] == '\0') {
		refuse(rq, rp, id, OIDC_E_STATE_UNKNOWN);
		return;
	}
	if (!ours) {
		refuse(rq, rp, id, OIDC_E_STATE_BROWSER);
		return;
	}
	login_identity who;
	oidc_result r;
	status st = auth_oidc_finish(rq->c, id, &resp, &who, &r);
	if (reply_failed(rq, rp, st, NULL))
		return;
	if (r != OIDC_OK)
		refuse(rq, rp, id, r);
	else
		login_as(rq, rp, &who, id == OIDC_HELSEID);
}

void web_idporten_start(request *rq, reply *rp)
{
	start(rq, rp, OIDC_IDPORTEN);
}

void web_idporten_callback(request *rq, reply *rp)
{
	callback(rq, rp, OIDC_IDPORTEN);
}

void web_helseid_start(request *rq, reply *rp)
{
	start(rq, rp, OIDC_HELSEID);
}

void web_helseid_callback(request *rq, reply *rp)
{
	callback(rq, rp, OIDC_HELSEID);
}

/* Loaded by ID-porten in a hidden iframe when the person logs out anywhere
 * (domain-facts §1.6): our cookie may not come along, so the session is
 * found by the provider's sid. The page is empty, outside the layout, and
 * may be framed by the provider only. */
void web_idporten_frontchannel(request *rq, reply *rp)
{
	if (oidc_provider(OIDC_IDPORTEN) == NULL) {
		reply_error(rq, rp, 503);
		return;
	}
	bool valid;
	status st = auth_oidc_frontchannel(rq->c, req_query(rq, "iss"), req_query(rq, "sid"), &valid);
	if (reply_failed(rq, rp, st, NULL))
		return;
	if (!valid) {
		reply_error(rq, rp, 400);
		return;
	}
	json_t *m = json_object();
	json_object_set_new(m, "lang", json_string(i18n_locale_code(rq->c->locale)));
	st = tmpl_render("frontchannel_logout", m, rq->c->locale, &rp->body);
	json_decref(m);
	if (st != ST_OK) {
		reply_error(rq, rp, 500);
		return;
	}
	rp->status = 200;
	rp->content_type = "text/html; charset=utf-8";
	rp->frame_ancestors = oidc_frame_origins(OIDC_IDPORTEN, rq->c->arena);
}
