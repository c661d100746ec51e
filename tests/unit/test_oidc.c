/* test_oidc.c — the OpenID Connect relying party's socket-free parts: the
 * PKCE test vector of domain-facts.md §1.2, ID token verification on
 * tokens made here with cjose (good RS256 and ES256, and every way a token
 * must be refused), acr levels, the issuer URL rule and the rate limiter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjose/cjose.h>

#include "auth/oidc.h"
#include "core/crypto.h"

static const unix_time NOW = 1795000000; /* 2026-11-18 */
static const char NONCE[] = "n-0S6_WzA2Mj";
static const char PID[] = "12848649994";

static const oidc_provider_cfg idporten = {
    .id = OIDC_IDPORTEN,
    .name = "idporten",
    .issuer = "https://test.idporten.no",
    .client_id = "helsami-client",
    .min_acr = "idporten-loa-high",
};

static const oidc_provider_cfg helseid = {
    .id = OIDC_HELSEID,
    .name = "helseid",
    .issuer = "https://helseid-sts.test.nhn.no",
    .client_id = "helsami-staff",
};

/* Keys made once: the provider's RSA and EC keys (both in the JWKS), and
 * an RSA key the JWKS does not know. */
static cjose_jwk_t *rsa_key, *ec_key, *other_key;
static json_t *jwks;

static json_t *public_jwk(cjose_jwk_t *k, const char *kid)
{
	cjose_err err;
	assert_true(cjose_jwk_set_kid(k, kid, strlen(kid), &err));
	char *text = cjose_jwk_to_json(k, false, &err);
	assert_non_null(text);
	json_t *j = json_loads(text, 0, NULL);
	free(text);
	assert_non_null(j);
	return j;
}

static int setup_keys(void **state)
{
	(void)state;
	cjose_err err;
	static const uint8_t e[] = {1, 0, 1};
	rsa_key = cjose_jwk_create_RSA_random(2048, e, sizeof e, &err);
	ec_key = cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, &err);
	other_key = cjose_jwk_create_RSA_random(2048, e, sizeof e, &err);
	if (rsa_key == NULL || ec_key == NULL || other_key == NULL)
		return -1;
	jwks = json_object();
	json_t *keys = json_array();
	json_array_append_new(keys, public_jwk(rsa_key, "rsa-1"));
	json_array_append_new(keys, public_jwk(ec_key, "ec-1"));
	json_object_set_new(jwks, "keys", keys);
	cjose_jwk_set_kid(other_key, "other", 5, &err);
	return 0;
}

static int teardown_keys(void **state)
{
	(void)state;
	cjose_jwk_release(rsa_key);
	cjose_jwk_release(ec_key);
	cjose_jwk_release(other_key);
	json_decref(jwks);
	return 0;
}

/* Claims of a good ID-porten token at NOW; tests change what they need. */
static json_t *idporten_claims(void)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:s, s:[s], s:s, s:s}", "iss", "https://test.idporten.no",
	                 "aud", "helsami-client", "sub", "pairwise-sub", "iat", (json_int_t)(NOW - 5), "exp",
	                 (json_int_t)(NOW + 120), "nonce", NONCE, "pid", PID, "acr", "idporten-loa-high", "amr",
	                 "TestID", "sid", "idp-session-1", "locale", "nb");
}

static json_t *helseid_claims(void)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:s, s:s}", "iss", "https://helseid-sts.test.nhn.no",
	                 "aud", "helsami-staff", "sub", "s", "iat", (json_int_t)(NOW - 5), "exp",
	                 (json_int_t)(NOW + 120), "nonce", NONCE, "helseid://claims/identity/pid", "14827549852",
	                 "helseid://claims/identity/security_level", "4", "helseid://claims/hpr/hpr_number",
	                 "100000001");
}

/* A token signed by key with header alg and kid (kid NULL: none). The
 * claims are stolen. Returned string is malloc'd. */
static char *sign(cjose_jwk_t *key, const char *alg, const char *kid, json_t *claims)
{
	cjose_err err;
	cjose_header_t *h = cjose_header_new(&err);
	assert_true(cjose_header_set(h, CJOSE_HDR_ALG, alg, &err));
	if (kid != NULL)
		assert_true(cjose_header_set(h, CJOSE_HDR_KID, kid, &err));
	char *payload = json_dumps(claims, JSON_COMPACT);
	json_decref(claims);
	cjose_jws_t *jws = cjose_jws_sign(key, h, (const uint8_t *)payload, strlen(payload), &err);
	assert_non_null(jws);
	const char *ser;
	assert_true(cjose_jws_export(jws, &ser, &err));
	char *out = strdup(ser);
	cjose_jws_release(jws);
	cjose_header_release(h);
	free(payload);
	return out;
}

static char *b64(const char *s)
{
	char *out = malloc(strlen(s) * 2 + 4);
	base64url_encode((const uint8_t *)s, strlen(s), out);
	return out;
}

/* header.payload. with no signature, as an "alg: none" token is sent. */
static char *unsigned_token(const char *header, json_t *claims)
{
	char *payload = json_dumps(claims, JSON_COMPACT);
	json_decref(claims);
	char *h = b64(header), *p = b64(payload);
	size_t n = strlen(h) + strlen(p) + 3;
	char *out = malloc(n);
	snprintf(out, n, "%s.%s.", h, p);
	free(h), free(p), free(payload);
	return out;
}

static oidc_result verify_as(const oidc_provider_cfg *cfg, char *token, oidc_identity *who)
{
	arena *a = arena_new();
	oidc_identity tmp;
	oidc_result r = oidc_verify_id_token(cfg, jwks, token, NONCE, NOW, a, who ? who : &tmp);
	if (r == OIDC_OK && who != NULL) {
		/* copy out of the arena for the caller's checks */
		static char pid[32], sid[64], acr[64], hpr[32];
		snprintf(pid, sizeof pid, "%s", who->pid ? who->pid : "");
		snprintf(sid, sizeof sid, "%s", who->sid ? who->sid : "");
		snprintf(acr, sizeof acr, "%s", who->acr ? who->acr : "");
		snprintf(hpr, sizeof hpr, "%s", who->hpr_number ? who->hpr_number : "");
		who->pid = pid, who->sid = sid, who->acr = acr, who->hpr_number = hpr;
	}
	arena_free(a);
	free(token);
	return r;
}

static oidc_result verify(char *token)
{
	return verify_as(&idporten, token, NULL);
}

static void pkce_test_vector(void **state)
{
	(void)state;
	char challenge[OIDC_CHALLENGE_LEN + 1];
	oidc_pkce_challenge("xyo94uhy3zKvgB0NJwLms86SwcjtWviEOpkBnGgaLlo", challenge);
	assert_string_equal(challenge, "b7elB7ZyxIXgFyvBznKvxl7wOB-H17Pz0a3B62NIMFI");
}

static void attempts_are_fresh_and_long(void **state)
{
	(void)state;
	oidc_attempt a, b;
	oidc_attempt_new(&a);
	oidc_attempt_new(&b);
	assert_int_equal(strlen(a.state), OIDC_RANDOM_LEN);
	assert_int_equal(strlen(a.nonce), OIDC_RANDOM_LEN);
	assert_int_equal(strlen(a.verifier), OIDC_RANDOM_LEN); /* 43..128 characters (RFC 7636) */
	assert_string_not_equal(a.state, b.state);
	assert_string_not_equal(a.state, a.nonce);
	assert_string_not_equal(a.nonce, b.nonce);
	assert_string_not_equal(a.verifier, b.verifier);
	oidc_attempt_wipe(&a);
	assert_int_equal(a.state[0], 0);
}

static void good_rs256_token(void **state)
{
	(void)state;
	oidc_identity who;
	assert_int_equal(verify_as(&idporten, sign(rsa_key, "RS256", "rsa-1", idporten_claims()), &who), OIDC_OK);
	assert_string_equal(who.pid, PID);
	assert_string_equal(who.sid, "idp-session-1");
	assert_string_equal(who.acr, "idporten-loa-high");
}

static void good_es256_token(void **state)
{
	(void)state;
	assert_int_equal(verify(sign(ec_key, "ES256", "ec-1", idporten_claims())), OIDC_OK);
}

static void amr_string_and_no_sid_are_fine(void **state)
{
	(void)state;
	json_t *c = idporten_claims();
	json_object_set_new(c, "amr", json_string("BankID"));
	json_object_del(c, "sid");
	oidc_identity who;
	assert_int_equal(verify_as(&idporten, sign(rsa_key, "RS256", "rsa-1", c), &who), OIDC_OK);
	assert_string_equal(who.sid, "");
}

static void token_without_kid_finds_its_key(void **state)
{
	(void)state;
	assert_int_equal(verify(sign(rsa_key, "RS256", NULL, idporten_claims())), OIDC_OK);
}

static void alg_none_is_refused(void **state)
{
	(void)state;
	assert_int_equal(verify(unsigned_token("{\"alg\":\"none\",\"kid\":\"rsa-1\"}", idporten_claims())), OIDC_E_ALG);
	assert_int_equal(verify(unsigned_token("{\"alg\":\"None\"}", idporten_claims())), OIDC_E_ALG);
	assert_int_equal(verify(unsigned_token("{\"kid\":\"rsa-1\"}", idporten_claims())), OIDC_E_ALG);
}

static void hs256_with_the_public_key_is_refused(void **state)
{
	(void)state;
	/* The classic confusion: the provider's public key used as an HMAC secret. */
	cjose_err err;
	char *pub = cjose_jwk_to_json(rsa_key, false, &err);
	cjose_jwk_t *oct = cjose_jwk_create_oct_spec((const uint8_t *)pub, strlen(pub), &err);
	free(pub);
	assert_non_null(oct);
	assert_int_equal(verify(sign(oct, "HS256", "rsa-1", idporten_claims())), OIDC_E_ALG);
	cjose_jwk_release(oct);
}

static void other_algorithms_are_refused(void **state)
{
	(void)state;
	assert_int_equal(verify(sign(rsa_key, "PS256", "rsa-1", idporten_claims())), OIDC_E_ALG);
	assert_int_equal(verify(sign(rsa_key, "RS512", "rsa-1", idporten_claims())), OIDC_E_ALG);
}

static void wrong_issuer(void **state)
{
	(void)state;
	json_t *c = idporten_claims();
	json_object_set_new(c, "iss", json_string("https://test.idporten.no/"));
	assert_int_equal(verify(sign(rsa_key, "RS256", "rsa-1", c)), OIDC_E_ISS);
	c = idporten_claims();
	json_object_del(c, "iss");
	assert_int_equal(verify(sign(rsa_key, "RS256", "rsa-1", c)), OIDC_E_ISS);
}

static void wrong_audience(void **state)
{
	(void)state;
	json_t *c = idporten_claims();
	json_object_set_new(c, "aud", json_string("someone-else"));
	assert_int_equal(verify(sign(rsa_key, "RS256", "rsa-1", c)), OIDC_E_AUD);
	c = idporten_claims();
	json_object_set_new(c, "aud", json_pack("[s]", "someone-else"));
	assert_int_equal(verify(sign(rsa_key, "RS256", "rsa-1", c)), OIDC_E_AUD);
}

static void audience_arrays(void **state)
{
	(void)state;
	json_t *c = idporten_claims();
	json_object_set_new(c, "aud", json_pack("[s]", "helsami-client"));
	assert_int_equal(verify(sign(rsa_key, "RS256", "rsa-1", c)), OIDC_OK);
	c = idporten_claims();
	json_object_set_new(c, "aud", json_pack("[s, s]", "helsami-client", "another-api"));
	assert_int_equal(verify(sign(rsa_key, "RS256", "rsa-1", c)), OIDC_E_AUD); /* no azp */
	c = idporten_claims();
	json_object_set_new(c, "aud", json_pack("[s, s]", "helsami-client", "another-api"));
	json_object_set_new(c, "azp", json_string("another-api"));
	assert_int_equal(verify(sign(rsa_key, "RS256", "rsa-1", c)), OIDC_E_AUD);
	c = idporten_claims();
	json_object_set_new(c, "aud", json_pack("[s, s]", "helsami-client", "another-api"));
	json_object_set_new(c, "azp", json_string("helsami-client"));
	assert_int_equal(verify(sign(rsa_key, "RS256", "rsa-1", c)), OIDC_OK);
}

static void expiry_with_skew(void **state)
{
	(void)state;
	json_t *c = idporten_claims();
	json_object_set_new(c, "exp", json_integer(NOW - OIDC_CLOCK_SKEW - 1));
	assert_int_equal(verify(sign(rsa_key, "RS256", "rsa-1", c)), OIDC_E_EXPIRED);
	c = idporten_claims();
	json_object_set_new(c, "exp", json_integer(NOW - 30)); /* within the skew */
	assert_int_equal(verify(sign(rsa_key, "RS256", "rsa-1", c)), OIDC_OK);
	c = idporten_claims();
	json_object_del(c, "exp");
	assert_int_equal(verify(sign(rsa_key, "RS256", "rsa-1", c)), OIDC_E_MALFORMED);
	c = idporten_claims();
	json_object_set_new(c, "exp", json_string("tomorrow"));
	assert_int_equal(verify(sign(rsa_key, "RS256", "rsa-1", c)), OIDC_E_MALFORMED);
}

static void issued_in_the_future(void **state)
{
	(void)state;
	json_t *c = idporten_claims();
	json_object_set_new(c, "iat", json_integer(NOW + OIDC_CLOCK_SKEW + 60));
	assert_int_equal(verify(sign(rsa_key, "RS256", "rsa-1", c)), OIDC_E_NOT_YET_VALID);
	c = idporten_claims();
	json_object_set_new(c, "iat", json_integer(NOW + 30));
	assert_int_equal(verify(sign(rsa_key, "RS256", "rsa-1", c)), OIDC_OK);
	c = idporten_claims();
	json_object_set_new(c, "nbf", json_integer(NOW + 600));
	assert_int_equal(verify(sign(rsa_key, "RS256", "rsa-1", c)), OIDC_E_NOT_YET_VALID);
}

static void wrong_nonce(void **state)
{
	(void)state;
	json_t *c = idporten_claims();
	json_object_set_new(c, "nonce", json_string("n-0S6_WzA2MJ"));
	assert_int_equal(verify(sign(rsa_key, "RS256", "rsa-1", c)), OIDC_E_NONCE);
	c = idporten_claims();
	json_object_del(c, "nonce");
	assert_int_equal(verify(sign(rsa_key, "RS256", "rsa-1", c)), OIDC_E_NONCE);
}

static void acr_levels(void **state)
{
	(void)state;
	assert_true(oidc_acr_rank("idporten-loa-low") < oidc_acr_rank("idporten-loa-substantial"));
	assert_true(oidc_acr_rank("idporten-loa-substantial") < oidc_acr_rank("idporten-loa-high"));
	assert_int_equal(oidc_acr_rank("Level4"), 0);
	assert_int_equal(oidc_acr_rank(NULL), 0);

	json_t *c = idporten_claims();
	json_object_set_new(c, "acr", json_string("idporten-loa-substantial"));
	assert_int_equal(verify(sign(rsa_key, "RS256", "rsa-1", c)), OIDC_E_ACR);
	c = idporten_claims();
	json_object_del(c, "acr");
	assert_int_equal(verify(sign(rsa_key, "RS256", "rsa-1", c)), OIDC_E_ACR);

	oidc_provider_cfg substantial = idporten;
	substantial.min_acr = "idporten-loa-substantial";
	c = idporten_claims();
	json_object_set_new(c, "acr", json_string("idporten-loa-substantial"));
	assert_int_equal(verify_as(&substantial, sign(rsa_key, "RS256", "rsa-1", c), NULL), OIDC_OK);
	c = idporten_claims();
	json_object_set_new(c, "acr", json_string("idporten-loa-low"));
	assert_int_equal(verify_as(&substantial, sign(rsa_key, "RS256", "rsa-1", c), NULL), OIDC_E_ACR);
}

static void missing_pid(void **state)
{
	(void)state;
	json_t *c = idporten_claims();
	json_object_del(c, "pid");
	assert_int_equal(verify(sign(rsa_key, "RS256", "rsa-1", c)), OIDC_E_NO_PID);
	c = idporten_claims();
	json_object_set_new(c, "pid", json_integer(12848649994));
	assert_int_equal(verify(sign(rsa_key, "RS256", "rsa-1", c)), OIDC_E_NO_PID);
}

static void unknown_kid(void **state)
{
	(void)state;
	assert_int_equal(verify(sign(other_key, "RS256", "other", idporten_claims())), OIDC_E_UNKNOWN_KID);
	/* the RSA key's kid on an ES256 token: no key of that type */
	assert_int_equal(verify(sign(ec_key, "ES256", "rsa-1", idporten_claims())), OIDC_E_UNKNOWN_KID);
}

static void bad_signature(void **state)
{
	(void)state;
	/* another key under the provider's kid */
	assert_int_equal(verify(sign(other_key, "RS256", "rsa-1", idporten_claims())), OIDC_E_SIGNATURE);
	/* a good token with its claims changed afterwards */
	char *good = sign(rsa_key, "RS256", "rsa-1", idporten_claims());
	json_t *c = idporten_claims();
	json_object_set_new(c, "pid", json_string("06867949974"));
	char *payload = json_dumps(c, JSON_COMPACT);
	json_decref(c);
	char *p = b64(payload);
	char *dot1 = strchr(good, '.'), *dot2 = strrchr(good, '.');
	size_t n = strlen(good) + strlen(p) + 4;
	char *forged = malloc(n);
	snprintf(forged, n, "%.*s.%s%s", (int)(dot1 - good), good, p, dot2);
	free(payload), free(p), free(good);
	assert_int_equal(verify(forged), OIDC_E_SIGNATURE);
	/* a truncated signature */
	good = sign(rsa_key, "RS256", "rsa-1", idporten_claims());
	good[strlen(good) - 4] = '\0';
	assert_int_equal(verify(good), OIDC_E_SIGNATURE);
}

static void malformed_tokens(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "",
	    "abc",
	    "a.b",
	    "a.b.c.d.e",
	    "..",
	    "eyJhbGciOiJSUzI1NiJ9..",
	    "e30.e30.e30",
	    "eyJhbGciOiJSUzI1NiJ9.e30.!!!",
	    "not a token at all",
	    "eyJhbGciOiJSUzI1NiIsImFsZyI6IlJTMjU2In0.e30.AAAA",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		oidc_result r = verify(strdup(bad[i]));
		assert_true(r == OIDC_E_MALFORMED || r == OIDC_E_ALG || r == OIDC_E_UNKNOWN_KID ||
		            r == OIDC_E_SIGNATURE);
		assert_int_not_equal(r, OIDC_OK);
	}
	/* a huge token is refused before any parsing */
	char *huge = malloc(40000);
	memset(huge, 'A', 39999);
	huge[39999] = '\0';
	huge[100] = '.', huge[200] = '.';
	assert_int_equal(verify(huge), OIDC_E_MALFORMED);
	/* a JWKS without keys finds nothing */
	arena *a = arena_new();
	oidc_identity who;
	json_t *empty = json_object();
	char *t = sign(rsa_key, "RS256", "rsa-1", idporten_claims());
	assert_int_equal(oidc_verify_id_token(&idporten, empty, t, NONCE, NOW, a, &who), OIDC_E_UNKNOWN_KID);
	free(t);
	json_decref(empty);
	arena_free(a);
}

static void helseid_claims_checked(void **state)
{
	(void)state;
	oidc_identity who;
	assert_int_equal(verify_as(&helseid, sign(rsa_key, "RS256", "rsa-1", helseid_claims()), &who), OIDC_OK);
	assert_string_equal(who.pid, "14827549852");
	assert_string_equal(who.hpr_number, "100000001");
	assert_int_equal(who.security_level, 4);

	json_t *c = helseid_claims();
	json_object_set_new(c, "helseid://claims/identity/security_level", json_string("3"));
	assert_int_equal(verify_as(&helseid, sign(rsa_key, "RS256", "rsa-1", c), NULL), OIDC_E_SECURITY_LEVEL);
	c = helseid_claims();
	json_object_del(c, "helseid://claims/identity/security_level");
	assert_int_equal(verify_as(&helseid, sign(rsa_key, "RS256", "rsa-1", c), NULL), OIDC_E_SECURITY_LEVEL);
	c = helseid_claims();
	json_object_del(c, "helseid://claims/hpr/hpr_number");
	assert_int_equal(verify_as(&helseid, sign(rsa_key, "RS256", "rsa-1", c), NULL), OIDC_E_NO_HPR);
	c = helseid_claims();
	json_object_del(c, "helseid://claims/identity/pid");
	assert_int_equal(verify_as(&helseid, sign(rsa_key, "RS256", "rsa-1", c), NULL), OIDC_E_NO_PID);
	/* an ID-porten token is no HelseID token, and the other way round */
	assert_int_equal(verify_as(&helseid, sign(rsa_key, "RS256", "rsa-1", idporten_claims()), NULL), OIDC_E_ISS);
	assert_int_equal(verify_as(&idporten, sign(rsa_key, "RS256", "rsa-1", helseid_claims()), NULL), OIDC_E_ISS);
}

static void issuer_urls(void **state)
{
	(void)state;
	assert_true(url_https_or_loopback("https://test.idporten.no"));
	assert_true(url_https_or_loopback("http://127.0.0.1:4000"));
	assert_true(url_https_or_loopback("http://127.3.2.1/x"));
	assert_true(url_https_or_loopback("http://localhost:8080/"));
	assert_true(url_https_or_loopback("http://[::1]:9000"));
	assert_false(url_https_or_loopback("http://idporten.no"));
	assert_false(url_https_or_loopback("http://10.0.0.1"));
	assert_false(url_https_or_loopback("http://127.0.0.1.evil.example"));
	assert_false(url_https_or_loopback("http://localhost.evil.example"));
	assert_false(url_https_or_loopback("http://user@127.0.0.1"));
	assert_false(url_https_or_loopback("ftp://127.0.0.1"));
	assert_false(url_https_or_loopback("https://a b"));
	assert_false(url_https_or_loopback("idporten.no"));
	assert_false(url_https_or_loopback(NULL));
}

static void rate_limit(void **state)
{
	(void)state;
	int retry = 0;
	for (int i = 0; i < OIDC_RATE_PER_MINUTE; i++)
		assert_true(oidc_rate_allow(2, "192.0.2.7", &retry));
	assert_false(oidc_rate_allow(2, "192.0.2.7", &retry));
	assert_true(retry >= 1 && retry <= 60);
	assert_true(oidc_rate_allow(2, "192.0.2.8", &retry)); /* another client */
	assert_true(oidc_rate_allow(3, "192.0.2.7", &retry)); /* another endpoint group */
}

static void result_codes_are_distinct(void **state)
{
	(void)state;
	for (int a = OIDC_OK; a <= OIDC_E_PAR; a++) {
		assert_string_not_equal(oidc_result_code((oidc_result)a), "unknown");
		for (int b = a + 1; b <= OIDC_E_PAR; b++)
			assert_string_not_equal(oidc_result_code((oidc_result)a), oidc_result_code((oidc_result)b));
	}
	assert_int_equal(oidc_result_page(OIDC_E_ACR), OIDC_PAGE_ASSURANCE);
	assert_int_equal(oidc_result_page(OIDC_E_SECURITY_LEVEL), OIDC_PAGE_ASSURANCE);
	assert_int_equal(oidc_result_page(OIDC_E_NO_PID), OIDC_PAGE_NO_PID);
	assert_int_equal(oidc_result_page(OIDC_E_NONCE), OIDC_PAGE_TECHNICAL);
	assert_int_equal(oidc_result_page(OIDC_E_STATE_USED), OIDC_PAGE_TECHNICAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(pkce_test_vector),
	    cmocka_unit_test(attempts_are_fresh_and_long),
	    cmocka_unit_test(good_rs256_token),
	    cmocka_unit_test(good_es256_token),
	    cmocka_unit_test(amr_string_and_no_sid_are_fine),
	    cmocka_unit_test(token_without_kid_finds_its_key),
	    cmocka_unit_test(alg_none_is_refused),
	    cmocka_unit_test(hs256_with_the_public_key_is_refused),
	    cmocka_unit_test(other_algorithms_are_refused),
	    cmocka_unit_test(wrong_issuer),
	    cmocka_unit_test(wrong_audience),
	    cmocka_unit_test(audience_arrays),
	    cmocka_unit_test(expiry_with_skew),
	    cmocka_unit_test(issued_in_the_future),
	    cmocka_unit_test(wrong_nonce),
	    cmocka_unit_test(acr_levels),
	    cmocka_unit_test(missing_pid),
	    cmocka_unit_test(unknown_kid),
	    cmocka_unit_test(bad_signature),
	    cmocka_unit_test(malformed_tokens),
	    cmocka_unit_test(helseid_claims_checked),
	    cmocka_unit_test(issuer_urls),
	    cmocka_unit_test(rate_limit),
	    cmocka_unit_test(result_codes_are_distinct),
	};
	return cmocka_run_group_tests_name("oidc", tests, setup_keys, teardown_keys);
}
