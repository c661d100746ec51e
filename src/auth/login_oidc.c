/* login_oidc.c — the OpenID Connect login pages (SPEC.md A1, A4, W1): start
 * (a fresh state, nonce and PKCE verifier kept server-side, the state also in
 * a short-lived cookie of this browser, then off to the provider), callback
 * (the state must be this browser's, taken once, iss checked, code redeemed, ID
 * token verified by auth/oidc.c, then the common post-login rules of
 * auth/login.h), and ID-porten's front-channel logout. Every refusal is a
 * security event with a reason code and a page in the user's language; no
 * session is made. The protocol itself lives in auth/oidc.c. */
#include <stdint.h>
#include <string.h>

#include "auth/login.h"
#include "auth/oidc.h"
#include "auth/session.h"
#include "core/crypto.h"
#include "core/log.h"
#include "store/login.h"
#include "store/session.h"
#include "web/i18n.h"
#include "web/pages.h"

/* Rate-limit groups of oidc_rate_allow: each endpoint counts on its own. */
enum { RATE_START = 0, RATE_CALLBACK = 1 };

/* Longest state we look up: ours are 43 characters. */
enum { MAX_STATE_LEN = 512 };

/* Housekeeping: about one start in this many deletes attempts older than a day. */
enum { PURGE_ONE_IN = 64, PURGE_AGE_S = 24 * 60 * 60 };

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

static void state_hash(const char *state, char out[SHA256_HEX_LEN + 1])
{
	uint8_t digest[SHA256_LEN];
	sha256(state, strlen(state), digest);
	hex_encode(digest, sizeof digest, out);
}

static void wipe_str(const char *s)
{
	if (s != NULL)
		wipe((void *)(uintptr_t)s, strlen(s));
}

/* A refusal: the security event, a log line (a code, nothing personal) and
 * the page. */
static void refuse(request *rq, reply *rp, const oidc_provider_cfg *p, oidc_result r)
{
	const char *code = oidc_result_code(r);
	log_info("%s login refused: %s", p->name, code);
	security_event e = {rq->c->now, "login_refused", p->name, 0, 0, code};
	if (rq->c->db == NULL || store_security_event_add(rq->c->db, &e) != ST_OK)
		log_error("%s login refused (%s), and the security event could not be recorded", p->name, code);

	static const char *const flags[] = {
	    [OIDC_PAGE_TECHNICAL] = "is_technical", [OIDC_PAGE_ASSURANCE] = "is_assurance",
	    [OIDC_PAGE_NO_PID] = "is_no_pid",       [OIDC_PAGE_NO_HPR] = "is_no_hpr",
	    [OIDC_PAGE_CANCELLED] = "is_cancelled", [OIDC_PAGE_OTHER_BROWSER] = "is_other_browser",
	};
	enum oidc_page page = oidc_result_page(r);
	bool staff = p->id == OIDC_HELSEID;
	json_t *m = json_object();
	json_object_set_new(m, "title", json_string(i18n_text(rq->c->locale, "login.refused.title")));
	json_object_set_new(m, flags[page], json_true());
	json_object_set_new(m, "staff", json_boolean(staff));
	json_object_set_new(m, "retry_href", json_string(staff ? "/staff/login/helseid" : "/login/idporten"));
	json_object_set_new(m, "reason", json_string(code));
	/* What the person can change (assurance, identity) is a refusal; a failed
	 * exchange is a bad request that a new attempt may cure. */
	rp->status = page == OIDC_PAGE_ASSURANCE || page == OIDC_PAGE_NO_PID || page == OIDC_PAGE_NO_HPR ? 403 : 400;
	reply_page(rq, rp, "login_refused", m);
}

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
	return mine != NULL && strlen(mine) == strlen(state) && str_eq_consttime(mine, state);
}

static void start(request *rq, reply *rp, enum oidc_provider_id id)
{
	if (!rate_ok(rq, rp, RATE_START))
		return;
	const oidc_provider_cfg *p = oidc_provider(id);
	if (p == NULL) {
		reply_error(rq, rp, 503); /* this login is not offered here */
		return;
	}
	if (rq->c->db == NULL) {
		reply_error(rq, rp, 500);
		return;
	}
	oidc_attempt att;
	oidc_attempt_new(&att);
	char hash[SHA256_HEX_LEN + 1];
	state_hash(att.state, hash);
	login_attempt la = {hash, p->name, att.nonce, att.verifier, NULL, rq->c->now};
	status st = store_login_attempt_insert(rq->c->db, &la);
	if (st != ST_OK) {
		oidc_attempt_wipe(&att);
		log_error("%s login: cannot store the attempt (%s)", p->name, status_name(st));
		reply_error(rq, rp, 500);
		return;
	}
	uint8_t dice;
	random_bytes(&dice, 1);
	if (dice % PURGE_ONE_IN == 0)
		store_login_attempt_purge(rq->c->db, rq->c->now - PURGE_AGE_S);
	const char *url = NULL;
	oidc_result r = oidc_authorize_url(id, &att, rq->c->locale, rq->c->arena, &url);
	if (r == OIDC_OK)
		reply_header(rq, rp, "Set-Cookie",
		             arena_printf(rq->c->arena, "%s; Max-Age=%d",
		                          session_cookie_set(rq->c->arena, login_cookie_name(rq), att.state, rq->secure_cookies),
		                          (int)OIDC_ATTEMPT_MAX_AGE));
	oidc_attempt_wipe(&att);
	if (r != OIDC_OK) {
		/* The provider is down or misconfigured: nothing to refuse yet. */
		log_warn("%s login cannot start: %s", p->name, oidc_result_code(r));
		reply_error(rq, rp, 503);
		return;
	}
	reply_redirect(rq, rp, url);
}

/* The provider's error code, if it is a plain OAuth code fit for a log line. */
static const char *error_code(const char *e)
{
	size_t n = strspn(e, "abcdefghijklmnopqrstuvwxyz_");
	return n > 0 && n <= 64 && e[n] == '\0' ? e : "other";
}

static void callback(request *rq, reply *rp, enum oidc_provider_id id)
{
	if (!rate_ok(rq, rp, RATE_CALLBACK))
		return;
	const oidc_provider_cfg *p = oidc_provider(id);
	if (p == NULL) {
		reply_error(rq, rp, 503);
		return;
	}
	if (rq->c->db == NULL) {
		reply_error(rq, rp, 500);
		return;
	}
	const char *state = req_query(rq, "state");
	if (state == NULL || state[0] == '\0' || strlen(state) > MAX_STATE_LEN) {
		refuse(rq, rp, p, OIDC_E_STATE_UNKNOWN);
		return;
	}
	bool ours = state_is_this_browsers(rq, state);
	reply_header(rq, rp, "Set-Cookie", session_cookie_clear(rq->c->arena, login_cookie_name(rq), rq->secure_cookies));
	if (!ours) {
		refuse(rq, rp, p, OIDC_E_STATE_BROWSER);
		return;
	}
	char hash[SHA256_HEX_LEN + 1];
	state_hash(state, hash);
	login_attempt la;
	status st = store_login_attempt_take(rq->c->db, rq->c->arena, p->name, hash, rq->c->now,
	                                     OIDC_ATTEMPT_MAX_AGE, &la);
	switch (st) {
	case ST_OK: break;
	case ST_NOT_FOUND: refuse(rq, rp, p, OIDC_E_STATE_UNKNOWN); return;
	case ST_DENIED: refuse(rq, rp, p, OIDC_E_STATE_USED); return;
	case ST_INVALID: refuse(rq, rp, p, OIDC_E_STATE_EXPIRED); return;
	default:
		log_error("%s login: cannot look up the attempt (%s)", p->name, status_name(st));
		reply_error(rq, rp, 500);
		return;
	}
	/* RFC 9207 before anything else, error responses included: a response
	 * from another issuer (a mix-up) must not be acted on. */
	oidc_result r = oidc_check_response_iss(id, req_query(rq, "iss"));
	const char *error = req_query(rq, "error");
	const char *code = req_query(rq, "code");
	const char *id_token = NULL;
	oidc_identity who;
	if (r == OIDC_OK && error != NULL) {
		log_info("%s login: the provider answered error %s", p->name, error_code(error));
		r = OIDC_E_PROVIDER_ERROR;
	} else if (r == OIDC_OK && (code == NULL || code[0] == '\0')) {
		r = OIDC_E_NO_CODE;
	} else if (r == OIDC_OK) {
		r = oidc_redeem(id, code, la.code_verifier, la.nonce, rq->c->now, rq->c->arena, &who, &id_token);
	}
	wipe_str(la.code_verifier);
	if (r != OIDC_OK) {
		refuse(rq, rp, p, r);
		return;
	}
	login_identity li = {
	    .provider = p->name,
	    .pid = who.pid,
	    .idp_sid = who.sid,
	    .id_token = id_token,
	    .acr = who.acr,
	    .hpr_number = who.hpr_number,
	    .security_level = who.security_level,
	};
	if (id == OIDC_HELSEID)
		login_staff(rq, rp, &li);
	else
		login_citizen(rq, rp, &li);
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
 * found by the provider's sid. The page is empty and may be framed by the
 * provider only. */
void web_idporten_frontchannel(request *rq, reply *rp)
{
	const oidc_provider_cfg *p = oidc_provider(OIDC_IDPORTEN);
	if (p == NULL) {
		reply_error(rq, rp, 503);
		return;
	}
	const char *iss = req_query(rq, "iss");
	const char *sid = req_query(rq, "sid");
	if (iss == NULL || strcmp(iss, p->issuer) != 0 || sid == NULL || sid[0] == '\0' || strlen(sid) > 256) {
		log_info("idporten front-channel logout refused: %s", iss == NULL || strcmp(iss, p->issuer) != 0
		                                                          ? "wrong or missing iss"
		                                                          : "bad or missing sid");
		reply_error(rq, rp, 400);
		return;
	}
	int64_t ended = 0;
	if (rq->c->db == NULL || session_end_by_sid(rq->c, p->name, sid, &ended) != ST_OK) {
		reply_error(rq, rp, 500);
		return;
	}
	if (ended > 0) {
		security_event e = {rq->c->now, "logout", p->name, 0, 0, "frontchannel"};
		if (store_security_event_add(rq->c->db, &e) != ST_OK)
			log_error("idporten front-channel logout: the security event could not be recorded");
	}
	rp->status = 200;
	rp->content_type = "text/html; charset=utf-8";
	rp->frame_ancestors = oidc_frame_origins(OIDC_IDPORTEN, rq->c->arena);
	buf_printf(&rp->body, "<!doctype html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>helsami</title>"
	                      "</head><body></body></html>\n",
	           i18n_locale_code(rq->c->locale));
}
