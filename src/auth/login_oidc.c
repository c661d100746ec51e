/* login_oidc.c — an OpenID Connect login from our side (SPEC.md A1, A4,
 * W1): begin (a fresh state, nonce and PKCE verifier kept server-side, only
 * the state's hash stored, and the provider's URL), finish (the state taken
 * once, iss checked, the code redeemed and the ID token verified by
 * auth/oidc.c), refusals recorded as security events with a reason code,
 * and ID-porten's front-channel logout. The protocol itself lives in
 * auth/oidc.c; the pages in web/login.c. */
#include <stdint.h>
#include <string.h>

#include "auth/oidc.h"
#include "auth/session.h"
#include "core/crypto.h"
#include "core/log.h"
#include "store/login.h"
#include "store/session.h"

/* Longest state we look up: ours are 43 characters. */
enum { MAX_STATE_LEN = 512 };

/* Housekeeping: about one start in this many deletes attempts older than a day. */
enum { PURGE_ONE_IN = 64, PURGE_AGE_S = 24 * 60 * 60 };

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

status auth_oidc_begin(const ctx *x, enum oidc_provider_id id, const char **url, const char **state, oidc_result *r)
{
	const oidc_provider_cfg *p = oidc_provider(id);
	*r = OIDC_E_UNAVAILABLE;
	if (p == NULL)
		return ST_OK;
	if (x->db == NULL)
		return ST_INTERNAL;
	oidc_attempt att;
	oidc_attempt_new(&att);
	char hash[SHA256_HEX_LEN + 1];
	state_hash(att.state, hash);
	login_attempt la = {hash, p->name, att.nonce, att.verifier, NULL, x->now};
	status st = store_login_attempt_insert(x->db, &la);
	if (st != ST_OK) {
		oidc_attempt_wipe(&att);
		log_error("%s login: cannot store the attempt (%s)", p->name, status_name(st));
		return st;
	}
	uint8_t dice;
	random_bytes(&dice, 1);
	if (dice % PURGE_ONE_IN == 0)
		store_login_attempt_purge(x->db, x->now - PURGE_AGE_S);
	*r = oidc_authorize_url(id, &att, x->locale, x->arena, url);
	*state = arena_strdup(x->arena, att.state);
	oidc_attempt_wipe(&att);
	if (*r != OIDC_OK) /* the provider is down or misconfigured: nothing to refuse yet */
		log_warn("%s login cannot start: %s", p->name, oidc_result_code(*r));
	return ST_OK;
}

/* The provider's error code, if it is a plain OAuth code fit for a log line. */
static const char *error_code(const char *e)
{
	size_t n = strspn(e, "abcdefghijklmnopqrstuvwxyz_");
	return n > 0 && n <= 64 && e[n] == '\0' ? e : "other";
}

/* Takes the attempt the state names, once. */
static status take_attempt(const ctx *x, const oidc_provider_cfg *p, const char *state, login_attempt *la,
                           oidc_result *r)
{
	char hash[SHA256_HEX_LEN + 1];
	state_hash(state, hash);
	status st = store_login_attempt_take(x->db, x->arena, p->name, hash, x->now, OIDC_ATTEMPT_MAX_AGE, la);
	switch (st) {
	case ST_OK: *r = OIDC_OK; return ST_OK;
	case ST_NOT_FOUND: *r = OIDC_E_STATE_UNKNOWN; return ST_OK;
	case ST_DENIED: *r = OIDC_E_STATE_USED; return ST_OK;
	case ST_INVALID: *r = OIDC_E_STATE_EXPIRED; return ST_OK;
	default: log_error("%s login: cannot look up the attempt (%s)", p->name, status_name(st)); return st;
	}
}

status auth_oidc_finish(const ctx *x, enum oidc_provider_id id, const oidc_response *resp, login_identity *out,
                        oidc_result *r)
{
	const oidc_provider_cfg *p = oidc_provider(id);
	*r = OIDC_E_UNAVAILABLE;
	if (p == NULL)
		return ST_OK;
	if (x->db == NULL)
		return ST_INTERNAL;
	if (resp->state == NULL || resp->state[0] == '\0' || strlen(resp->state) > MAX_STATE_LEN) {
		*r = OIDC_E_STATE_UNKNOWN;
		return ST_OK;
	}
	login_attempt la;
	status st = take_attempt(x, p, resp->state, &la, r);
	if (st != ST_OK || *r != OIDC_OK)
		return st;
	/* RFC 9207 before anything else, error responses included: a response
	 * from another issuer (a mix-up) must not be acted on. */
	*r = oidc_check_response_iss(id, resp->iss);
	oidc_identity who;
	const char *id_token = NULL;
	if (*r == OIDC_OK && resp->error != NULL) {
		log_info("%s login: the provider answered error %s", p->name, error_code(resp->error));
		*r = OIDC_E_PROVIDER_ERROR;
	} else if (*r == OIDC_OK && (resp->code == NULL || resp->code[0] == '\0')) {
		*r = OIDC_E_NO_CODE;
	} else if (*r == OIDC_OK) {
		*r = oidc_redeem(id, resp->code, la.code_verifier, la.nonce, x->now, x->arena, &who, &id_token);
	}
	wipe_str(la.code_verifier);
	if (*r == OIDC_OK)
		*out = (login_identity){
		    .provider = p->name,
		    .pid = who.pid,
		    .idp_sid = who.sid,
		    .id_token = id_token,
		    .acr = who.acr,
		    .hpr_number = who.hpr_number,
		    .security_level = who.security_level,
		};
	return ST_OK;
}

void auth_oidc_refused(const ctx *x, enum oidc_provider_id id, oidc_result r)
{
	const oidc_provider_cfg *p = oidc_provider(id);
	const char *name = p != NULL ? p->name : "?";
	const char *code = oidc_result_code(r);
	log_info("%s login refused: %s", name, code);
	security_event e = {x->now, "login_refused", name, 0, 0, code};
	if (x->db == NULL || store_security_event_add(x->db, &e) != ST_OK)
		log_error("%s login refused (%s), and the security event could not be recorded", name, code);
}

status auth_oidc_frontchannel(const ctx *x, const char *iss, const char *sid, bool *valid)
{
	const oidc_provider_cfg *p = oidc_provider(OIDC_IDPORTEN);
	*valid = p != NULL && iss != NULL && strcmp(iss, p->issuer) == 0 && sid != NULL && sid[0] != '\0' &&
	         strlen(sid) <= 256;
	if (!*valid) {
		log_info("idporten front-channel logout refused: %s",
		         p == NULL || iss == NULL || strcmp(iss, p->issuer) != 0 ? "wrong or missing iss"
		                                                                 : "bad or missing sid");
		return ST_OK;
	}
	int64_t ended = 0;
	if (x->db == NULL)
		return ST_INTERNAL;
	status st = session_end_by_sid(x, p->name, sid, &ended);
	if (st != ST_OK || ended == 0)
		return st;
	security_event e = {x->now, "logout", p->name, 0, 0, "frontchannel"};
	if (store_security_event_add(x->db, &e) != ST_OK)
		log_error("idporten front-channel logout: the security event could not be recorded");
	return ST_OK;
}
