/* oidc.h — the OpenID Connect relying party, one code path for two
 * providers: ID-porten for citizens (SPEC.md A1) and HelseID for staff (W1).
 * Protocol facts are from shared/reference/domain-facts.md §1 (ID-porten)
 * and §2 (HelseID): discovery from <issuer>/.well-known/openid-configuration
 * cached for 24 h, the authorization code flow with PKCE S256, state and
 * nonce per attempt, `iss` in the authorization response (RFC 9207),
 * client_secret_basic / _post or private_key_jwt at the token endpoint,
 * pushed authorization requests (RFC 9126) for HelseID, and the ID token
 * verified here with cjose (RS256/ES256 only).
 *
 * Settings come from config (HELSAMI_IDPORTEN_*, HELSAMI_HELSEID_*). A
 * provider without issuer or client id is "not configured": its routes
 * answer 503, nothing crashes. Everything here is thread-safe after
 * oidc_init. Nothing here logs tokens, codes, claims or identity numbers. */
#ifndef HELSAMI_AUTH_OIDC_H
#define HELSAMI_AUTH_OIDC_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/core.h"
#include "auth/login.h"
#include "core/ctx.h"

enum oidc_provider_id { OIDC_IDPORTEN = 0, OIDC_HELSEID = 1 };
enum { OIDC_PROVIDER_COUNT = 2 };

enum oidc_auth_method { OIDC_AUTH_SECRET_BASIC, OIDC_AUTH_SECRET_POST, OIDC_AUTH_PRIVATE_KEY_JWT };

enum {
	OIDC_CLOCK_SKEW = 60,           /* seconds allowed either way on exp, iat, nbf */
	OIDC_ATTEMPT_MAX_AGE = 10 * 60, /* a started login must come back within this */
	OIDC_ASSERTION_LIFETIME = 60,   /* HelseID: client assertion exp <= 60 s ahead (domain-facts §2) */
	OIDC_RANDOM_LEN = 43,           /* base64url of 32 random bytes: state, nonce, PKCE verifier */
	OIDC_CHALLENGE_LEN = 43,        /* base64url of a SHA-256 */
	OIDC_MIN_RSA_BITS = 2048,       /* weaker RSA keys are refused, ours and the provider's */
};

/* What the verifier needs to know about a provider. */
typedef struct oidc_provider_cfg {
	enum oidc_provider_id id;
	const char *name;   /* "idporten" or "helseid": security events, sessions */
	const char *issuer; /* exact, no trailing slash */
	const char *client_id;
	enum oidc_auth_method auth;
	const char *scope;
	const char *acr_values; /* sent in the authorization request; NULL: none */
	const char *min_acr;    /* ID-porten: lowest acr accepted (low < substantial < high) */
	bool par;               /* pushed authorization requests (HelseID) */
	const char *redirect_uri;
	const char *post_logout_redirect_uri;
} oidc_provider_cfg;

/* What a verified ID token vouches for. Strings live in the caller's arena. */
typedef struct oidc_identity {
	const char *pid;        /* national identity number */
	const char *sid;        /* provider session id; NULL if absent */
	const char *acr;        /* NULL if absent */
	const char *hpr_number; /* HelseID only */
	int security_level;     /* HelseID only: 4 */
} oidc_identity;

/* Every way a login can fail, with a stable code (oidc_result_code) for
 * security events and a refusal page (oidc_result_page). */
typedef enum oidc_result {
	OIDC_OK = 0,
	/* the ID token */
	OIDC_E_MALFORMED,   /* not a compact JWS with JSON header and claims */
	OIDC_E_ALG,         /* alg other than RS256/ES256: none and HMAC refused before any key lookup */
	OIDC_E_UNKNOWN_KID, /* no key in the JWKS fits the token's kid and alg */
	OIDC_E_SIGNATURE,
	OIDC_E_ISS,
	OIDC_E_AUD, /* aud lacks our client id, or azp is not us */
	OIDC_E_EXPIRED,
	OIDC_E_NOT_YET_VALID, /* iat or nbf in the future */
	OIDC_E_NONCE,
	OIDC_E_ACR,            /* ID-porten acr below the configured level */
	OIDC_E_SECURITY_LEVEL, /* HelseID security_level other than 4 */
	OIDC_E_NO_PID,
	OIDC_E_NO_HPR,
	/* the flow */
	OIDC_E_UNAVAILABLE, /* not configured, discovery or JWKS unreachable or invalid */
	OIDC_E_STATE_UNKNOWN,
	OIDC_E_STATE_USED,
	OIDC_E_STATE_EXPIRED,
	OIDC_E_STATE_BROWSER,  /* the callback came to another browser than the one that started the login */
	OIDC_E_RESPONSE_ISS,   /* iss in the authorization response wrong or missing (RFC 9207) */
	OIDC_E_PROVIDER_ERROR, /* the provider answered error=... (cancelled, refused) */
	OIDC_E_NO_CODE,
	OIDC_E_TOKEN_REQUEST, /* the token endpoint refused or failed (a replayed code, say) */
	OIDC_E_PAR,           /* the pushed authorization request failed */
} oidc_result;

/* "bad_signature", "acr_too_low", ...: stable, for security events. */
const char *oidc_result_code(oidc_result r);

/* Which refusal page a result shows. */
enum oidc_page {
	OIDC_PAGE_TECHNICAL,
	OIDC_PAGE_ASSURANCE,
	OIDC_PAGE_NO_PID,
	OIDC_PAGE_NO_HPR,
	OIDC_PAGE_CANCELLED,
	OIDC_PAGE_OTHER_BROWSER,
};
enum oidc_page oidc_result_page(oidc_result r);

/* ---- socket-free parts, oidc_token.c (unit tests, fuzzing) ------------------- */

/* Verifies a compact-serialized ID token against a JWKS ({"keys": [...]})
 * for provider p: signature (RS256 or ES256 only; the key must match the
 * token's kid and the algorithm's key type), iss exact, aud (a string equal
 * to the client id, or an array containing it; with other audiences too,
 * azp must be the client id), exp and iat/nbf with OIDC_CLOCK_SKEW against
 * now, nonce equal, then the provider's own claims: ID-porten acr >= min_acr
 * and pid; HelseID pid, security_level 4 and HPR number. On OIDC_OK, *out
 * holds the identity (strings in a). Never logs claims. */
oidc_result oidc_verify_id_token(const oidc_provider_cfg *p, const json_t *jwks, const char *token, const char *nonce,
                                 unix_time now, arena *a, oidc_identity *out);

/* The PKCE S256 challenge for a verifier: base64url(SHA-256(verifier)),
 * unpadded, into out. */
void oidc_pkce_challenge(const char *verifier, char out[OIDC_CHALLENGE_LEN + 1]);

/* Rank of an ID-porten acr: idporten-loa-low 1, -substantial 2, -high 3,
 * anything else 0. */
int oidc_acr_rank(const char *acr);

/* A JSON object parsed from data, duplicate keys refused (a new reference);
 * NULL when data is not exactly one JSON object. */
json_t *oidc_json_object(const void *data, size_t len);

/* ---- the running relying party, oidc.c --------------------------------------- */

/* Reads both providers' settings from cfg: checks issuers (https unless on
 * loopback), auth methods, acr levels, reads client keys. Logs a clear line
 * and returns ST_INVALID on a bad setting. Network traffic happens later,
 * on first use. Call once before serving. */
status oidc_init(const config *cfg);
/* Frees what oidc_init and the caches hold, wiping secrets. */
void oidc_free(void);

/* The provider's settings when it is configured; NULL otherwise. */
const oidc_provider_cfg *oidc_provider(enum oidc_provider_id id);
/* The provider by name ("idporten", "helseid"); NULL if unknown or not configured. */
const oidc_provider_cfg *oidc_provider_named(const char *name);

/* One login attempt's secrets, made fresh by oidc_attempt_new. */
typedef struct oidc_attempt {
	char state[OIDC_RANDOM_LEN + 1];
	char nonce[OIDC_RANDOM_LEN + 1];
	char verifier[OIDC_RANDOM_LEN + 1];
} oidc_attempt;

void oidc_attempt_new(oidc_attempt *att);
/* Wipes the attempt's secrets. */
void oidc_attempt_wipe(oidc_attempt *att);

/* The URL to send the browser to for attempt att, in a. For PAR providers
 * this pushes the request first (a network call) and the URL carries only
 * client_id and request_uri. */
oidc_result oidc_authorize_url(enum oidc_provider_id id, const oidc_attempt *att, enum locale loc, arena *a,
                               const char **url);

/* Checks iss from the authorization response (NULL when absent): it must
 * equal the issuer, and be present when the metadata says
 * authorization_response_iss_parameter_supported. */
oidc_result oidc_check_response_iss(enum oidc_provider_id id, const char *iss);

/* Redeems an authorization code at the token endpoint with the configured
 * client authentication and the PKCE verifier, then verifies the ID token
 * (refetching the JWKS once, rate-limited, on an unknown kid). On OIDC_OK,
 * *out holds the identity and *id_token the raw token (for id_token_hint),
 * both in a. `now` is the request clock. */
oidc_result oidc_redeem(enum oidc_provider_id id, const char *code, const char *verifier, const char *nonce,
                        unix_time now, arena *a, oidc_identity *out, const char **id_token);

/* The provider's end_session_endpoint with id_token_hint (when given),
 * post_logout_redirect_uri, client_id and a state, in a; NULL when the
 * provider (by name) is unknown, not configured or has no such endpoint. */
const char *oidc_logout_url(arena *a, const char *provider, const char *id_token_hint);

/* The origins (space-separated, for CSP frame-ancestors) the provider's
 * front-channel logout iframe may be embedded from: the issuer's and the
 * authorization and end-session endpoints' (ID-porten frames from
 * login.idporten.no, domain-facts §1.1). NULL if not configured. */
const char *oidc_frame_origins(enum oidc_provider_id id, arena *a);

/* ---- a login, login_oidc.c ------------------------------------------------------- */

/* Starts a login with provider id: a fresh attempt kept server-side (only
 * its state's hash), and in *url (x->arena) where to send the browser and in
 * *state the state, for the browser's binding cookie. *r is
 * OIDC_E_UNAVAILABLE when the provider is not configured or cannot be
 * reached. ST_INTERNAL when the attempt cannot be stored. */
status auth_oidc_begin(const ctx *x, enum oidc_provider_id id, const char **url, const char **state, oidc_result *r);

/* The authorization response's parameters, as the callback got them (any may be NULL). */
typedef struct oidc_response {
	const char *state, *iss, *error, *code;
} oidc_response;

/* Finishes a login: the attempt the state names is taken once (unknown,
 * used and expired states are refused), iss checked (RFC 9207), the code
 * redeemed with the PKCE verifier and the ID token verified. On *r ==
 * OIDC_OK *out holds who the provider vouches for (strings in x->arena).
 * ST_INTERNAL only when the database fails. */
status auth_oidc_finish(const ctx *x, enum oidc_provider_id id, const oidc_response *resp, login_identity *out,
                        oidc_result *r);

/* Records a refused login as a security event with r's reason code. */
void auth_oidc_refused(const ctx *x, enum oidc_provider_id id, oidc_result r);

/* ID-porten's front-channel logout: *valid when iss is ID-porten's and a sid
 * is given; then the sessions with that sid end (logged as a logout). */
status auth_oidc_frontchannel(const ctx *x, const char *iss, const char *sid, bool *valid);

/* A small per-client-IP token bucket for the login endpoints: `group`
 * names the endpoint group. A client may make --login-rate requests (default
 * OIDC_RATE_PER_MINUTE) at once, refilled at that many per minute. False
 * when the client is over the limit, with *retry_after the seconds until a
 * request would pass. */
enum { OIDC_RATE_PER_MINUTE = 30 };
bool oidc_rate_allow(unsigned group, const char *client_ip, int *retry_after);

#endif
