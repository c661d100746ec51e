/* oidc_token.c — the socket-free half of the OpenID Connect relying party
 * (auth/oidc.h): ID token verification with cjose, PKCE, acr levels, the
 * issuer URL rule and the result codes. No network, no globals: unit tests
 * and the fuzzer (fuzz/fuzz_jwt.c) call it directly.
 *
 * What a token must satisfy is OIDC Core 3.1.3.7 plus the providers' own
 * rules (shared/reference/domain-facts.md §1.4 for ID-porten: acr checked by
 * the client, pid may be missing, amr a string or an array; §2 for HelseID:
 * security_level 4, pid and HPR number claims). */
#include "auth/oidc.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjose/cjose.h>

#include "core/crypto.h"

/* Limits, each with its reason. */
enum {
	MAX_TOKEN_LEN = 16 * 1024, /* ID tokens are 1-2 KiB; far larger is an attack */
	MAX_SID_LEN = 256,         /* a provider session id; longer is not one */
};

/* ---- results --------------------------------------------------------------- */

const char *oidc_result_code(oidc_result r)
{
	switch (r) {
	case OIDC_OK: return "ok";
	case OIDC_E_MALFORMED: return "malformed_token";
	case OIDC_E_ALG: return "alg_not_allowed";
	case OIDC_E_UNKNOWN_KID: return "unknown_kid";
	case OIDC_E_SIGNATURE: return "bad_signature";
	case OIDC_E_ISS: return "wrong_iss";
	case OIDC_E_AUD: return "wrong_aud";
	case OIDC_E_EXPIRED: return "expired";
	case OIDC_E_NOT_YET_VALID: return "not_yet_valid";
	case OIDC_E_NONCE: return "wrong_nonce";
	case OIDC_E_ACR: return "acr_too_low";
	case OIDC_E_SECURITY_LEVEL: return "security_level_too_low";
	case OIDC_E_NO_PID: return "no_pid";
	case OIDC_E_NO_HPR: return "no_hpr_number";
	case OIDC_E_UNAVAILABLE: return "provider_unavailable";
	case OIDC_E_STATE_UNKNOWN: return "state_unknown";
	case OIDC_E_STATE_USED: return "state_used";
	case OIDC_E_STATE_EXPIRED: return "state_expired";
	case OIDC_E_STATE_BROWSER: return "state_other_browser";
	case OIDC_E_RESPONSE_ISS: return "response_iss";
	case OIDC_E_PROVIDER_ERROR: return "provider_error";
	case OIDC_E_NO_CODE: return "no_code";
	case OIDC_E_TOKEN_REQUEST: return "token_request_failed";
	case OIDC_E_PAR: return "par_failed";
	}
	return "unknown";
}

enum oidc_page oidc_result_page(oidc_result r)
{
	switch (r) {
	case OIDC_E_ACR:
	case OIDC_E_SECURITY_LEVEL: return OIDC_PAGE_ASSURANCE;
	case OIDC_E_NO_PID: return OIDC_PAGE_NO_PID;
	case OIDC_E_NO_HPR: return OIDC_PAGE_NO_HPR;
	case OIDC_E_PROVIDER_ERROR: return OIDC_PAGE_CANCELLED;
	case OIDC_E_STATE_BROWSER: return OIDC_PAGE_OTHER_BROWSER;
	default: return OIDC_PAGE_TECHNICAL;
	}
}

/* ---- helpers ------------------------------------------------------------------ */

static bool is_b64url_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static int b64url_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '-' ? 62 : c == '_' ? 63 : -1;
}

/* Decodes unpadded base64url of length n into the arena; false on any
 * character outside the alphabet or an impossible length. */
static bool b64url_decode(arena *a, const char *s, size_t n, uint8_t **out, size_t *out_len)
{
	if (n % 4 == 1)
		return false;
	uint8_t *o = arena_alloc(a, n * 3 / 4 + 3);
	size_t k = 0;
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		int v = b64url_value(s[i]);
		if (v < 0)
			return false;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			o[k++] = (uint8_t)(acc >> bits);
		}
	}
	*out = o;
	*out_len = k;
	return true;
}

json_t *oidc_json_object(const void *data, size_t len)
{
	json_error_t err;
	json_t *j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &err);
	if (j != NULL && !json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static const char *jstr_of(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* A NumericDate claim; false when absent, not a number or absurd. */
static bool claim_time(const json_t *o, const char *key, int64_t *out)
{
	const json_t *v = json_object_get(o, key);
	if (json_is_integer(v)) {
		*out = json_integer_value(v);
		return *out >= 0;
	}
	if (json_is_real(v)) {
		double d = json_real_value(v);
		if (!(d >= 0 && d < 1e13))
			return false;
		*out = (int64_t)floor(d);
		return true;
	}
	return false;
}

int oidc_acr_rank(const char *acr)
{
	if (acr == NULL)
		return 0;
	if (strcmp(acr, "idporten-loa-low") == 0)
		return 1;
	if (strcmp(acr, "idporten-loa-substantial") == 0)
		return 2;
	if (strcmp(acr, "idporten-loa-high") == 0)
		return 3;
	return 0;
}

void oidc_pkce_challenge(const char *verifier, char out[OIDC_CHALLENGE_LEN + 1])
{
	uint8_t digest[SHA256_LEN];
	sha256(verifier, strlen(verifier), digest);
	base64url_encode(digest, sizeof digest, out);
}

/* ---- ID token verification ------------------------------------------------------ */

/* Whether a JWKS key may check a token signed with alg (and kid, if any). */
static bool key_fits(const json_t *k, const char *alg, const char *kid)
{
	const char *kty = jstr_of(k, "kty");
	if (kty == NULL)
		return false;
	if (strcmp(alg, "RS256") == 0 && strcmp(kty, "RSA") != 0)
		return false;
	if (strcmp(alg, "ES256") == 0) {
		const char *crv = jstr_of(k, "crv");
		if (strcmp(kty, "EC") != 0 || crv == NULL || strcmp(crv, "P-256") != 0)
			return false;
	}
	const char *use = jstr_of(k, "use");
	if (use != NULL && strcmp(use, "sig") != 0)
		return false;
	const char *kalg = jstr_of(k, "alg");
	if (kalg != NULL && strcmp(kalg, alg) != 0)
		return false;
	if (kid != NULL) {
		const char *kkid = jstr_of(k, "kid");
		return kkid != NULL && strcmp(kkid, kid) == 0;
	}
	return true;
}

static cjose_jwk_t *import_key(const json_t *k, const char *alg)
{
	char *text = json_dumps(k, JSON_COMPACT);
	if (text == NULL)
		return NULL;
	cjose_err err;
	cjose_jwk_t *jwk = cjose_jwk_import(text, strlen(text), &err);
	free(text);
	if (jwk == NULL)
		return NULL;
	bool ok;
	if (strcmp(alg, "RS256") == 0)
		ok = cjose_jwk_get_kty(jwk, &err) == CJOSE_JWK_KTY_RSA &&
		     cjose_jwk_get_keysize(jwk, &err) >= OIDC_MIN_RSA_BITS;
	else
		ok = cjose_jwk_get_kty(jwk, &err) == CJOSE_JWK_KTY_EC &&
		     cjose_jwk_EC_get_curve(jwk, &err) == CJOSE_JWK_EC_P_256;
	if (!ok) {
		cjose_jwk_release(jwk);
		return NULL;
	}
	return jwk;
}

/* Verifies the signature of token with the fitting key(s); the payload
 * (claims) on success. */
static oidc_result check_signature(const json_t *jwks, const char *token, const char *alg, const char *kid,
                                   json_t **claims)
{
	const json_t *keys = json_object_get(jwks, "keys");
	size_t i;
	const json_t *k;
	bool any = false;
	cjose_err err;
	cjose_jws_t *jws = cjose_jws_import(token, strlen(token), &err);
	if (jws == NULL)
		return OIDC_E_MALFORMED;
	/* cjose parsed the header itself: it must name the algorithm we vetted. */
	const char *calg = cjose_header_get(cjose_jws_get_protected(jws), CJOSE_HDR_ALG, &err);
	if (calg == NULL || strcmp(calg, alg) != 0) {
		cjose_jws_release(jws);
		return OIDC_E_ALG;
	}
	oidc_result r = OIDC_E_UNKNOWN_KID;
	json_array_foreach(keys, i, k)
	{
		if (!json_is_object(k) || !key_fits(k, alg, kid))
			continue;
		cjose_jwk_t *jwk = import_key(k, alg);
		if (jwk == NULL)
			continue;
		any = true;
		bool ok = cjose_jws_verify(jws, jwk, &err);
		cjose_jwk_release(jwk);
		if (ok) {
			r = OIDC_OK;
			break;
		}
	}
	if (r != OIDC_OK) {
		cjose_jws_release(jws);
		return any ? OIDC_E_SIGNATURE : OIDC_E_UNKNOWN_KID;
	}
	uint8_t *plain = NULL;
	size_t plain_len = 0;
	if (!cjose_jws_get_plaintext(jws, &plain, &plain_len, &err)) {
		cjose_jws_release(jws);
		return OIDC_E_MALFORMED;
	}
	*claims = oidc_json_object(plain, plain_len);
	cjose_jws_release(jws);
	return *claims != NULL ? OIDC_OK : OIDC_E_MALFORMED;
}

static oidc_result check_audience(const oidc_provider_cfg *p, const json_t *claims)
{
	const json_t *aud = json_object_get(claims, "aud");
	const char *azp = jstr_of(claims, "azp");
	bool others = false, ours = false;
	if (json_is_string(aud)) {
		ours = strcmp(json_string_value(aud), p->client_id) == 0;
	} else if (json_is_array(aud)) {
		size_t i;
		const json_t *v;
		json_array_foreach(aud, i, v)
		{
			if (!json_is_string(v))
				return OIDC_E_AUD;
			if (strcmp(json_string_value(v), p->client_id) == 0)
				ours = true;
			else
				others = true;
		}
	}
	if (!ours)
		return OIDC_E_AUD;
	/* OIDC Core 3.1.3.7 items 4-5: other audiences need azp naming us. */
	if ((others || json_object_get(claims, "azp") != NULL) && (azp == NULL || strcmp(azp, p->client_id) != 0))
		return OIDC_E_AUD;
	return OIDC_OK;
}

static bool all_digits(const char *s, size_t min, size_t max)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (s[n] < '0' || s[n] > '9')
			return false;
	return n >= min && n <= max;
}

/* The provider's own claims: assurance first, then who it is. */
static oidc_result check_provider_claims(const oidc_provider_cfg *p, const json_t *claims, arena *a, oidc_identity *out)
{
	const char *acr = jstr_of(claims, "acr");
	if (p->id == OIDC_HELSEID) {
		/* domain-facts §2: security_level 4 required; HelseID sends it as a string. */
		const json_t *lvl = json_object_get(claims, "helseid://claims/identity/security_level");
		bool four = (json_is_string(lvl) && strcmp(json_string_value(lvl), "4") == 0) ||
		            (json_is_integer(lvl) && json_integer_value(lvl) == 4);
		if (!four)
			return OIDC_E_SECURITY_LEVEL;
		const char *pid = jstr_of(claims, "helseid://claims/identity/pid");
		if (pid == NULL || !all_digits(pid, 11, 11))
			return OIDC_E_NO_PID;
		const char *hpr = jstr_of(claims, "helseid://claims/hpr/hpr_number");
		if (hpr == NULL || !all_digits(hpr, 1, 16))
			return OIDC_E_NO_HPR;
		out->pid = arena_strdup(a, pid);
		out->hpr_number = arena_strdup(a, hpr);
		out->security_level = 4;
	} else {
		/* domain-facts §1.4: the client must check acr itself. */
		if (p->min_acr != NULL && oidc_acr_rank(acr) < oidc_acr_rank(p->min_acr))
			return OIDC_E_ACR;
		const char *pid = jstr_of(claims, "pid");
		if (pid == NULL || !all_digits(pid, 11, 11))
			return OIDC_E_NO_PID;
		out->pid = arena_strdup(a, pid);
	}
	out->acr = acr != NULL ? arena_strdup(a, acr) : NULL;
	const char *sid = jstr_of(claims, "sid");
	out->sid = sid != NULL && sid[0] != '\0' && strlen(sid) <= MAX_SID_LEN ? arena_strdup(a, sid) : NULL;
	return OIDC_OK;
}

static oidc_result check_claims(const oidc_provider_cfg *p, const json_t *claims, const char *nonce, unix_time now,
                                arena *a, oidc_identity *out)
{
	const char *iss = jstr_of(claims, "iss");
	if (iss == NULL || strcmp(iss, p->issuer) != 0)
		return OIDC_E_ISS;
	oidc_result r = check_audience(p, claims);
	if (r != OIDC_OK)
		return r;
	int64_t exp, iat, nbf;
	if (!claim_time(claims, "exp", &exp))
		return OIDC_E_MALFORMED;
	/* Subtract from now: exp + skew overflows for exp near INT64_MAX. */
	if (exp <= now - OIDC_CLOCK_SKEW)
		return OIDC_E_EXPIRED;
	if (!claim_time(claims, "iat", &iat))
		return OIDC_E_MALFORMED;
	if (iat - OIDC_CLOCK_SKEW > now)
		return OIDC_E_NOT_YET_VALID;
	if (json_object_get(claims, "nbf") != NULL) {
		if (!claim_time(claims, "nbf", &nbf))
			return OIDC_E_MALFORMED;
		if (nbf - OIDC_CLOCK_SKEW > now)
			return OIDC_E_NOT_YET_VALID;
	}
	const char *tnonce = jstr_of(claims, "nonce");
	if (nonce == NULL || tnonce == NULL || strlen(tnonce) != strlen(nonce) || !str_eq_consttime(tnonce, nonce))
		return OIDC_E_NONCE;
	return check_provider_claims(p, claims, a, out);
}

oidc_result oidc_verify_id_token(const oidc_provider_cfg *p, const json_t *jwks, const char *token, const char *nonce,
                                 unix_time now, arena *a, oidc_identity *out)
{
	memset(out, 0, sizeof *out);
	if (p == NULL || token == NULL || jwks == NULL)
		return OIDC_E_MALFORMED;
	/* Compact JWS: exactly three base64url segments (a JWE has five). */
	size_t len = strnlen(token, MAX_TOKEN_LEN + 1);
	if (len == 0 || len > MAX_TOKEN_LEN)
		return OIDC_E_MALFORMED;
	const char *dot1 = NULL, *dot2 = NULL;
	for (const char *c = token; *c; c++) {
		if (*c == '.') {
			if (dot1 == NULL)
				dot1 = c;
			else if (dot2 == NULL)
				dot2 = c;
			else
				return OIDC_E_MALFORMED;
		} else if (!is_b64url_char(*c)) {
			return OIDC_E_MALFORMED;
		}
	}
	if (dot1 == NULL || dot2 == NULL || dot1 == token || dot2 == dot1 + 1)
		return OIDC_E_MALFORMED;
	uint8_t *hraw;
	size_t hlen;
	if (!b64url_decode(a, token, (size_t)(dot1 - token), &hraw, &hlen))
		return OIDC_E_MALFORMED;
	json_t *header = oidc_json_object(hraw, hlen);
	if (header == NULL)
		return OIDC_E_MALFORMED;
	/* Only asymmetric algorithms we expect: "none" and HMAC (where the
	 * public key would become a shared secret) never reach a key. */
	const char *alg = jstr_of(header, "alg");
	oidc_result r = OIDC_OK;
	if (alg == NULL || (strcmp(alg, "RS256") != 0 && strcmp(alg, "ES256") != 0))
		r = OIDC_E_ALG;
	else if (json_object_get(header, "crit") != NULL)
		r = OIDC_E_MALFORMED; /* we understand no extensions */
	else if (json_object_get(header, "kid") != NULL && !json_is_string(json_object_get(header, "kid")))
		r = OIDC_E_MALFORMED;
	json_t *claims = NULL;
	if (r == OIDC_OK)
		r = check_signature(jwks, token, alg, jstr_of(header, "kid"), &claims);
	json_decref(header);
	if (r == OIDC_OK)
		r = check_claims(p, claims, nonce, now, a, out);
	json_decref(claims);
	if (r != OIDC_OK)
		memset(out, 0, sizeof *out);
	return r;
}
