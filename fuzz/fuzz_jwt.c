/* fuzz_jwt.c — libFuzzer target for ID token verification
 * (oidc_verify_id_token, auth/oidc.h). The harness holds private keys, so
 * the fuzzer's claims get past the signature into the claim rules, and it
 * checks every answer against its own reading of the contract in oidc.h.
 *
 * Input: the first byte holds flags, the rest depends on bit 4.
 *   bit 4 set, "raw":  the rest is the token as sent: malformed tokens,
 *                      foreign algorithms, edited signatures.
 *   bit 4 clear, "signed": the rest is "HEADER\nCLAIMS" (or only CLAIMS,
 *                      which gets the signer's usual header). The harness
 *                      base64url-encodes both as they are and signs them
 *                      with the key bits 0-2 choose (see SIGNER_OF), so
 *                      mutated claims and headers reach the iss, aud/azp,
 *                      exp, iat, nbf, nonce, acr, pid and HelseID rules.
 *   bit 3: HelseID instead of ID-porten.
 *
 * The keys are test keys committed below, not generated at start: the raw
 * seeds are tokens signed by them and must keep verifying, a crash found in
 * raw mode must reproduce from its file, and RS256 signatures then repeat
 * byte for byte. (ES256 signatures still vary: OpenSSL 3.0 signs with a
 * random nonce. It changes the signature's bytes, never the outcome.) They
 * are published here and trusted nowhere else. The JWKS is built from them
 * at start: rsa-1 (RSA-2048) and ec-1 (P-256), the two keys that may sign,
 * and two decoys the verifier must not use: rsa-weak (RSA-1024, under
 * OIDC_MIN_RSA_BITS) and ec-enc (use "enc"). A fifth key, "rogue", is in no
 * JWKS and signs under kid ec-1.
 *
 * The oracle, written from oidc.h and not from oidc_token.c:
 *   - OIDC_OK only for a compact JWS whose header is one JSON object without
 *     duplicate keys, alg RS256 or ES256, no crit, kid absent or naming the
 *     key for alg, and whose signature OpenSSL verifies with that key (rsa-1
 *     or ec-1); whose claims are one JSON object without duplicate keys with
 *     iss equal, aud our client (a string, or an array of strings holding
 *     it; azp us when it holds others or azp is present), exp and iat (and
 *     nbf when present) within OIDC_CLOCK_SKEW, nonce equal; ID-porten acr at
 *     least substantial and pid 11 digits; HelseID security_level 4, pid 11
 *     digits and an HPR number of 1-16 digits; and *out repeats those claims.
 *   - A well-formed signed token (the header and signature above, integer
 *     times) meeting every rule must answer OIDC_OK, and a refusal of one
 *     must name a rule the oracle finds broken: no false refusals either. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "auth/oidc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NOW 1795000000
#define NONCE "nonce-1"
/* The oracle's own skew, from oidc.h's contract: a deliberate change of
 * the constant must come here too. */
enum { SKEW = 60 };
_Static_assert(OIDC_CLOCK_SKEW == SKEW, "oidc.h changed the clock skew: update the oracle");
enum { MAX_TOKEN = 16 * 1024, MAX_SIG = 512 };

/* Test keys: never use them for anything but this harness. */
/* clang-format off */
static const char RSA_2048_PEM[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDfVSKix0g6CbxN\n"
    "W7pnHo8kCKg87eUYxlbtUJ709x7WyZYQQG1lPjzRiPQoWq427y/XIIin9ze/SGQk\n"
    "gM+5aoSFyVZo1DGR7GmxnEF1GWOl3fAwHjVvauc/8mVbyUd76QuYmAPeF8IUy6pK\n"
    "L5VVPkmH6FvHcdhpAI+An9l3xfku9r1KVezZ4HvDBwYq84QKJduCv0tiyd56DhSB\n"
    "2DrhFBtiugOnDZkeICyz08IX8pOMyO0ZZ9IsuSdKyTN8nZ3jm0ynpocXywmxFfC/\n"
    "7m0XcSk5BwoUySBmlhTm81tdGpLPYMTB9aY9Bn0qYQM1BnjzDVmIIg1v6Ba3N6IY\n"
    "UQjLo3KxAgMBAAECggEAL7QBInDboh37PTDXJ3iVDZbVzLHpyflvjuA2G8//I9TK\n"
    "O21vkH0TQ5RzxnzcEnrTpqlZ1zrMiwyc61kiRZIVfXgsf1a3wdoUF25vYuJJ8R9v\n"
    "Uu/Y7RQSEgwmD012eeak5fKufM1pVMTN+mugg6U60o9Ur0zHc2I9xLUgH9/HInsG\n"
    "eeleflFD8BJ1nd4tv/fVHdqLcD1mY4cEeZfayzV2FVmcvaV3bmXcnuIVxSKmNcEy\n"
    "RJWr63q9cT6fwRI55VzYCkdTWqqq9f6HBpBPzlqp4AlKvAbMNnqpBIpysT5a9Njx\n"
    "NOaqADcVzQjOB/vKmDVcRSYDFpDohBDDsQH0xy+YWQKBgQDyxY19D4VSB63YLjzZ\n"
    "b6ZaTgtSSKImMI/g8r8XzL8U8vkcMU6EI4pYUh6ySi9vpuhO/7n6wJ4nAUnDTVd8\n"
    "wXwI9XbGeVquhHJgEq5PbQeBtDB+Bra07PhDeoo+emw7tW3Mtccb621ND/Oj5pps\n"
    "mejo/jkPzXMCQn620wFcQeODdQKBgQDrgGyWrP/peM9/V9E8e0nkkYvtRiPU1eFI\n"
    "so+kqirij0Ae5PDZtgKhvRZGtV40SRSi7qiOZ+7We1Sbx2Z7HbzjPp66joKKePQf\n"
    "Oj4D4tuxLibFKVtIXedhWlomNWw3re9Pdy0bROCzmTtmZ+QRnXTu5bDX4NYvmr8W\n"
    "H3ipG0a2zQKBgEL5fS8jOQSIWc1p9B+ITbxcC4OHxjQC8a59SXqnYY/F+DNu5tpN\n"
    "c70p6o4FKVEEGtKwef5TZU4dbNwUWi5wsmdGUJ4wnHPI1kTq4mvHCGsf6sDZ2U3Q\n"
    "ki0LgVf7LiDKzJ/NBkENkfnQjMaKt89+JmMgv108sJ3O+mY1kAqDouCBAoGAPeAB\n"
    "J9mOZ4ZRZlDpba2q7X38OLw7/9iuF06rBQWcvOgMXdGjImB68onex3cxqCUnYeO4\n"
    "r6nJC9tdkIxkdaaLkV1LkRKOY9mBso636od5V2Ub1KOYEzxw5Zg6pV1V8I8nmEZk\n"
    "uIxxSV7SR4a2WpZ3OalpvF6bh+html9scWn0O2UCgYBncW0Si2D+y2fct81rAob4\n"
    "x9SdGj1fWExk2IN8mPn/owRoe8NvrukGn0kf/ZjkHwkfBul1tWmEPTpGE1pADpox\n"
    "C3UK/3epQGhVLUWocXMf8VsxxGDcFlObQqLDDNz5K0X6hz0Nd7REnd102slY40ig\n"
    "pnsBhDHqF2V5el4/rP2/bA==\n"
    "-----END PRIVATE KEY-----\n";
static const char RSA_1024_PEM[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBAM3DVIFsMXzWudV2\n"
    "BwxQ4RooksrDZ+7lmKBf1ZQnNhm8Wn2Wzslts4fD8h61Sv9Ua2MggOo7DqpHCKf5\n"
    "PMGn48iaEa0pTYUy+HfYPJE+dT6HskW2VdAw/OBhso+BO1cnv3711Eq0YFdn8IwX\n"
    "J5+5zPyvZHg0cN8HsjKCiXUaiC+BAgMBAAECgYEAob7DJf2jpSux5y+heLf3SzXL\n"
    "tmIGyE9pO+A5pv1v1KkwRPsQUFzQvI92O1dtvephhAmf7QBBle7Cyi/s55oPPk3U\n"
    "vvPmc4G5ihfESCl1KWyb/kLZyKt8KZhwYKR2t1uRLWXSVMhuDVxYUg1569D8lDH/\n"
    "jI0sCmeJOLSmhJpgIfECQQD+CvJ7j9binxPuFlkm9xIXxCCBicj8uHjqNABixnKG\n"
    "P/5GG72I0qRGwFlEY0wFgzFecp+pXwc3/YbmsMSgwbVVAkEAz1ko8VhpL5yUiDf/\n"
    "12IX0OhhtRo03XhugA52cpBnVc8a4bkBb7y4OydzYS9tal+494eTei0kID+6aap/\n"
    "w0gRfQJBAPC7QPKT6GYRppor9Ul2QV/iC4eVIK9Sw8nzgxYWxTmwdGzNJrr8GI2v\n"
    "AihLDCQBIQxGBEREd5u4FFiQ05MeXI0CQBj8HGPgjGQxUPCNFuYEKuyAY+2np8Ec\n"
    "FuyVUY6CegEsAIg8e8DUE7sFCPEn/t43hJlHG+037Ud5hmPfKKAGWh0CQGpP2Z6L\n"
    "kfv0gsbTId10KrdphVFhioJ9s/pkeju6qZK+Eq4sPnELnppG+4oxB4ym5Hqr+XIY\n"
    "wEM/NNKwS2gaG1Q=\n"
    "-----END PRIVATE KEY-----\n";
static const char EC_1_PEM[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgjnMLU2axA3vOBp0M\n"
    "tBJ6fccH6SwzABA1nQweIuXj+V6hRANCAASLmSiVVm3/0PGMrybti0/vxNwiZBMA\n"
    "1jP6vWmx7DR9mETHa1WVkfbNKcn2XnHtw1AJ2JuagkTSlqdJhAfGGvDr\n"
    "-----END PRIVATE KEY-----\n";
static const char EC_ENC_PEM[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgteyYca9lxAMaL19L\n"
    "WpIhs4EdGmN66eLV6rwEEITdRyChRANCAASSYk5G3aSYb7Ina33G8bBX4s1Z0iZq\n"
    "NnPJdm1PwP08E3iAtdF3mkljI4tHIGYIGEsAqHFhrubZI8wMTPJsxpfz\n"
    "-----END PRIVATE KEY-----\n";
static const char EC_ROGUE_PEM[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQggUwpCQx5Alc1VkNx\n"
    "YUz1rY4eYH0k2DlorZR8fg7icXKhRANCAATKxYJr91baSOl6/fBbJiIQ5A5NoK1C\n"
    "q1enFwZ0lt/xoMGjx0e/36/YawvGugAWpvioX3Wtk4Nuf712jRkJH4HO\n"
    "-----END PRIVATE KEY-----\n";

/* clang-format on */

enum signer { S_EC1, S_RSA1, S_RSA_WEAK, S_EC_ENC, S_ROGUE, S_COUNT };

static const struct key_def {
	const char *pem;
	const char *kid;
	bool rsa;
	const char *use; /* in the JWKS; NULL: no "use" */
	const char *alg; /* in the JWKS; NULL: no "alg" */
	bool published;
	const char *header; /* the usual header of tokens it signs */
} KEYS[S_COUNT] = {
    [S_EC1] = {EC_1_PEM, "ec-1", false, NULL, NULL, true, "{\"alg\":\"ES256\",\"kid\":\"ec-1\",\"typ\":\"JWT\"}"},
    [S_RSA1] = {RSA_2048_PEM, "rsa-1", true, "sig", "RS256", true, "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}"},
    [S_RSA_WEAK] = {RSA_1024_PEM, "rsa-weak", true, NULL, "RS256", true, "{\"alg\":\"RS256\",\"kid\":\"rsa-weak\"}"},
    [S_EC_ENC] = {EC_ENC_PEM, "ec-enc", false, "enc", NULL, true, "{\"alg\":\"ES256\",\"kid\":\"ec-enc\"}"},
    [S_ROGUE] = {EC_ROGUE_PEM, "ec-1", false, NULL, NULL, false, "{\"alg\":\"ES256\",\"kid\":\"ec-1\"}"},
};

/* Flag bits 0-2 to a signer: mostly ec-1, as ES256 signs in microseconds
 * and RS256 in a millisecond. */
static const enum signer SIGNER_OF[8] = {S_EC1, S_EC1, S_EC1, S_EC1, S_RSA1, S_RSA_WEAK, S_EC_ENC, S_ROGUE};

enum { FLAG_SIGNER = 0x07, FLAG_HELSEID = 0x08, FLAG_RAW = 0x10 };

static const oidc_provider_cfg IDPORTEN = {
    .id = OIDC_IDPORTEN,
    .name = "idporten",
    .issuer = "https://test.idporten.no",
    .client_id = "helsami-client",
    .min_acr = "idporten-loa-substantial",
};

static const oidc_provider_cfg HELSEID = {
    .id = OIDC_HELSEID,
    .name = "helseid",
    .issuer = "https://helseid-sts.test.nhn.no",
    .client_id = "helsami-staff",
};

static EVP_PKEY *pkeys[S_COUNT];
static json_t *jwks;
/* FUZZ_JWT_VERBOSE=1: print each answer (run over the seeds to check them). */
static bool verbose;

/* ---- base64url, the harness's own --------------------------------------------- */

static const char B64URL[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static size_t b64url_enc(const uint8_t *p, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v =
		    (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
		size_t chars = n - i >= 3 ? 4 : n - i + 1;
		for (size_t k = 0; k < chars; k++)
			out[o++] = B64URL[v >> (18 - 6 * k) & 0x3f];
	}
	out[o] = '\0';
	return o;
}

/* Decodes unpadded base64url into a malloc'd buffer; NULL when s[0..n) is
 * not base64url. Leftover bits of the last character are ignored. */
static uint8_t *b64url_dec(const char *s, size_t n, size_t *len)
{
	if (n % 4 == 1)
		return NULL;
	uint8_t *o = malloc(n * 3 / 4 + 1);
	uint32_t acc = 0;
	int bits = 0;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const char *c = s[i] != '\0' ? strchr(B64URL, s[i]) : NULL;
		if (c == NULL) {
			free(o);
			return NULL;
		}
		acc = acc << 6 | (uint32_t)(c - B64URL);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			o[k++] = (uint8_t)(acc >> bits);
		}
	}
	*len = k;
	return o;
}

/* ---- keys, JWKS, signing ------------------------------------------------------- */

static char *bn_param_b64(const EVP_PKEY *k, const char *name, int width)
{
	BIGNUM *bn = NULL;
	if (EVP_PKEY_get_bn_param(k, name, &bn) != 1)
		__builtin_trap();
	int n = width > 0 ? width : BN_num_bytes(bn);
	uint8_t *raw = malloc((size_t)n);
	if (BN_bn2binpad(bn, raw, n) != n)
		__builtin_trap();
	char *out = malloc((size_t)n * 4 / 3 + 4);
	b64url_enc(raw, (size_t)n, out);
	free(raw);
	BN_free(bn);
	return out;
}

static void init(void)
{
	verbose = getenv("FUZZ_JWT_VERBOSE") != NULL;
	jwks = json_pack("{s:[]}", "keys");
	for (int i = 0; i < S_COUNT; i++) {
		const struct key_def *d = &KEYS[i];
		BIO *bio = BIO_new_mem_buf(d->pem, -1);
		pkeys[i] = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
		BIO_free(bio);
		if (pkeys[i] == NULL || EVP_PKEY_is_a(pkeys[i], d->rsa ? "RSA" : "EC") != 1)
			__builtin_trap();
		if (!d->published)
			continue;
		json_t *k;
		if (d->rsa) {
			char *n = bn_param_b64(pkeys[i], OSSL_PKEY_PARAM_RSA_N, 0);
			char *e = bn_param_b64(pkeys[i], OSSL_PKEY_PARAM_RSA_E, 0);
			k = json_pack("{s:s,s:s,s:s,s:s}", "kty", "RSA", "kid", d->kid, "n", n, "e", e);
			free(n);
			free(e);
		} else {
			char *x = bn_param_b64(pkeys[i], OSSL_PKEY_PARAM_EC_PUB_X, 32);
			char *y = bn_param_b64(pkeys[i], OSSL_PKEY_PARAM_EC_PUB_Y, 32);
			k = json_pack("{s:s,s:s,s:s,s:s,s:s}", "kty", "EC", "kid", d->kid, "crv", "P-256", "x", x, "y",
			              y);
			free(x);
			free(y);
		}
		if (d->use != NULL)
			json_object_set_new(k, "use", json_string(d->use));
		if (d->alg != NULL)
			json_object_set_new(k, "alg", json_string(d->alg));
		json_array_append_new(json_object_get(jwks, "keys"), k);
	}
}

/* The JWS signature of msg with key s: PKCS#1 v1.5 for RSA, r||s (32 bytes
 * each) for P-256. */
static size_t sign(enum signer s, const char *msg, size_t n, uint8_t sig[MAX_SIG])
{
	uint8_t der[MAX_SIG];
	size_t len = MAX_SIG;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, pkeys[s]) != 1 ||
	    EVP_DigestSign(md, KEYS[s].rsa ? sig : der, &len, (const uint8_t *)msg, n) != 1)
		__builtin_trap();
	EVP_MD_CTX_free(md);
	if (KEYS[s].rsa)
		return len;
	const uint8_t *p = der;
	ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)len);
	if (es == NULL || BN_bn2binpad(ECDSA_SIG_get0_r(es), sig, 32) != 32 ||
	    BN_bn2binpad(ECDSA_SIG_get0_s(es), sig + 32, 32) != 32)
		__builtin_trap();
	ECDSA_SIG_free(es);
	return 64;
}

/* Whether sig is key s's JWS signature of msg. */
static bool verifies(enum signer s, const char *msg, size_t n, const uint8_t *sig, size_t sig_len)
{
	uint8_t der[MAX_SIG];
	const uint8_t *check = sig;
	size_t check_len = sig_len;
	if (!KEYS[s].rsa) {
		if (sig_len != 64)
			return false;
		ECDSA_SIG *es = ECDSA_SIG_new();
		ECDSA_SIG_set0(es, BN_bin2bn(sig, 32, NULL), BN_bin2bn(sig + 32, 32, NULL));
		uint8_t *p = der;
		int dl = i2d_ECDSA_SIG(es, &p);
		ECDSA_SIG_free(es);
		if (dl <= 0)
			__builtin_trap();
		check = der;
		check_len = (size_t)dl;
	}
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, pkeys[s]) != 1)
		__builtin_trap();
	bool ok = EVP_DigestVerify(md, check, check_len, (const uint8_t *)msg, n) == 1;
	EVP_MD_CTX_free(md);
	return ok;
}

/* ---- the oracle ------------------------------------------------------------------ */

static const char *str_of(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static bool digits(const char *s, size_t min, size_t max)
{
	if (s == NULL)
		return false;
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n >= min && n <= max;
}

/* A NumericDate: TIME_OK with *t (whole seconds; reals floored), TIME_ABSENT
 * or TIME_BAD (not a number, negative). *exact: an integer. */
enum time_kind { TIME_OK, TIME_ABSENT, TIME_BAD };
static enum time_kind claim_time(const json_t *claims, const char *key, int64_t *t, bool *exact)
{
	const json_t *v = json_object_get(claims, key);
	*exact = json_is_integer(v);
	if (v == NULL)
		return TIME_ABSENT;
	if (json_is_integer(v)) {
		*t = json_integer_value(v);
		return *t >= 0 ? TIME_OK : TIME_BAD;
	}
	if (!json_is_real(v) || !(json_real_value(v) >= 0))
		return TIME_BAD;
	double d = floor(json_real_value(v));
	*t = d < 9e15 ? (int64_t)d : (int64_t)9e15;
	return TIME_OK;
}

/* What the oracle makes of a token: each part of the contract, separately. */
typedef struct verdict {
	bool header_ok;   /* one object, alg RS256/ES256, no crit, kid absent or the alg's key */
	bool sig_ok;      /* OpenSSL verifies the signature with the alg's key */
	bool claims_obj;  /* the claims are one JSON object without duplicate keys */
	bool times_ok;    /* exp and iat NumericDates, nbf absent or one */
	bool times_exact; /* and integers */
	bool iss, aud, exp, iat, nbf, nonce, acr, lvl, pid, hpr;
	json_t *claims;
} verdict;

static bool aud_ok(const oidc_provider_cfg *p, const json_t *claims)
{
	const json_t *aud = json_object_get(claims, "aud");
	bool ours = false, others = false;
	if (json_is_string(aud)) {
		ours = strcmp(json_string_value(aud), p->client_id) == 0;
		others = !ours;
	} else if (json_is_array(aud)) {
		size_t i;
		const json_t *v;
		json_array_foreach(aud, i, v)
		{
			if (!json_is_string(v))
				return false; /* RFC 7519 4.1.3: an array of StringOrURI */
			if (strcmp(json_string_value(v), p->client_id) == 0)
				ours = true;
			else
				others = true;
		}
	}
	if (!ours)
		return false;
	const json_t *azp = json_object_get(claims, "azp");
	if (others || azp != NULL)
		return json_is_string(azp) && strcmp(json_string_value(azp), p->client_id) == 0;
	return true;
}

static void judge(const oidc_provider_cfg *p, const char *token, verdict *v)
{
	memset(v, 0, sizeof *v);
	const char *d1 = strchr(token, '.');
	const char *d2 = d1 != NULL ? strchr(d1 + 1, '.') : NULL;
	if (d1 == NULL || d2 == NULL || strchr(d2 + 1, '.') != NULL || strlen(token) > MAX_TOKEN)
		return;
	size_t hl, cl, sl;
	uint8_t *h = b64url_dec(token, (size_t)(d1 - token), &hl);
	uint8_t *c = b64url_dec(d1 + 1, (size_t)(d2 - d1 - 1), &cl);
	uint8_t *s = b64url_dec(d2 + 1, strlen(d2 + 1), &sl);
	json_t *header = h != NULL && hl > 0 ? json_loadb((const char *)h, hl, JSON_REJECT_DUPLICATES, NULL) : NULL;
	if (json_is_object(header) && c != NULL && s != NULL && d1 > token && d2 > d1 + 1 && d2[1] != '\0') {
		const char *alg = str_of(header, "alg");
		const json_t *kid = json_object_get(header, "kid");
		enum signer key = alg != NULL && strcmp(alg, "RS256") == 0 ? S_RSA1 : S_EC1;
		v->header_ok =
		    alg != NULL && (strcmp(alg, "RS256") == 0 || strcmp(alg, "ES256") == 0) &&
		    json_object_get(header, "crit") == NULL &&
		    (kid == NULL || (json_is_string(kid) && strcmp(json_string_value(kid), KEYS[key].kid) == 0));
		v->sig_ok = v->header_ok && verifies(key, token, (size_t)(d2 - token), s, sl);
	}
	json_decref(header);
	if (c != NULL && cl > 0)
		v->claims = json_loadb((const char *)c, cl, JSON_REJECT_DUPLICATES, NULL);
	free(h);
	free(c);
	free(s);
	if (!json_is_object(v->claims))
		return;
	const json_t *cs = v->claims;
	v->claims_obj = true;
	const char *iss = str_of(cs, "iss");
	v->iss = iss != NULL && strcmp(iss, p->issuer) == 0;
	v->aud = aud_ok(p, cs);
	int64_t exp = 0, iat = 0, nbf = 0;
	bool exp_exact, iat_exact, nbf_exact;
	enum time_kind ek = claim_time(cs, "exp", &exp, &exp_exact);
	enum time_kind ik = claim_time(cs, "iat", &iat, &iat_exact);
	enum time_kind nk = claim_time(cs, "nbf", &nbf, &nbf_exact);
	v->times_ok = ek == TIME_OK && ik == TIME_OK && nk != TIME_BAD;
	v->times_exact = exp_exact && iat_exact && (nk == TIME_ABSENT || nbf_exact);
	v->exp = ek == TIME_OK && exp > NOW - SKEW;
	v->iat = ik == TIME_OK && iat <= NOW + SKEW;
	v->nbf = nk == TIME_ABSENT || (nk == TIME_OK && nbf <= NOW + SKEW);
	const char *nonce = str_of(cs, "nonce");
	v->nonce = nonce != NULL && strcmp(nonce, NONCE) == 0;
	const char *acr = str_of(cs, "acr");
	v->acr = acr != NULL && (strcmp(acr, "idporten-loa-substantial") == 0 || strcmp(acr, "idporten-loa-high") == 0);
	const json_t *lvl = json_object_get(cs, "helseid://claims/identity/security_level");
	v->lvl = (json_is_string(lvl) && strcmp(json_string_value(lvl), "4") == 0) ||
	         (json_is_integer(lvl) && json_integer_value(lvl) == 4);
	v->pid = digits(str_of(cs, p->id == OIDC_HELSEID ? "helseid://claims/identity/pid" : "pid"), 11, 11);
	v->hpr = digits(str_of(cs, "helseid://claims/hpr/hpr_number"), 1, 16);
}

static bool rules_hold(const oidc_provider_cfg *p, const verdict *v)
{
	bool own = p->id == OIDC_HELSEID ? v->lvl && v->pid && v->hpr : v->acr && v->pid;
	return v->iss && v->aud && v->exp && v->iat && v->nbf && v->nonce && own;
}

/* Whether refusal r names a rule the oracle finds broken. */
static bool refusal_justified(const oidc_provider_cfg *p, const verdict *v, oidc_result r)
{
	switch (r) {
	case OIDC_E_MALFORMED: return !v->times_ok;
	case OIDC_E_ISS: return !v->iss;
	case OIDC_E_AUD: return !v->aud;
	case OIDC_E_EXPIRED: return !v->exp;
	case OIDC_E_NOT_YET_VALID: return !v->iat || !v->nbf;
	case OIDC_E_NONCE: return !v->nonce;
	case OIDC_E_ACR: return p->id == OIDC_IDPORTEN && !v->acr;
	case OIDC_E_SECURITY_LEVEL: return p->id == OIDC_HELSEID && !v->lvl;
	case OIDC_E_NO_PID: return !v->pid;
	case OIDC_E_NO_HPR: return p->id == OIDC_HELSEID && !v->hpr;
	default: return false;
	}
}

static bool same(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

/* On OIDC_OK: the identity repeats the verified claims. */
static bool identity_matches(const oidc_provider_cfg *p, const json_t *cs, const oidc_identity *who)
{
	bool helseid = p->id == OIDC_HELSEID;
	if (!same(who->pid, str_of(cs, helseid ? "helseid://claims/identity/pid" : "pid")) ||
	    !same(who->hpr_number, helseid ? str_of(cs, "helseid://claims/hpr/hpr_number") : NULL) ||
	    who->security_level != (helseid ? 4 : 0) || !same(who->acr, str_of(cs, "acr")))
		return false;
	return who->sid == NULL || same(who->sid, str_of(cs, "sid"));
}

/* ---- the target -------------------------------------------------------------------- */

/* HEADER "." CLAIMS "." signature, base64url, signed by s; malloc'd. */
static char *make_token(enum signer s, const uint8_t *hdr, size_t hn, const uint8_t *cl, size_t cn)
{
	char *t = malloc((hn + cn + MAX_SIG) * 4 / 3 + 16);
	size_t o = b64url_enc(hdr, hn, t);
	t[o++] = '.';
	o += b64url_enc(cl, cn, t + o);
	uint8_t sig[MAX_SIG];
	size_t sl = sign(s, t, o, sig);
	t[o++] = '.';
	b64url_enc(sig, sl, t + o);
	return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (jwks == NULL)
		init();
	if (size == 0)
		return 0;
	uint8_t flags = data[0];
	const uint8_t *rest = data + 1;
	size_t n = size - 1;
	const oidc_provider_cfg *p = flags & FLAG_HELSEID ? &HELSEID : &IDPORTEN;
	char *token;
	bool signed_mode = !(flags & FLAG_RAW);
	if (!signed_mode) {
		token = malloc(n + 1);
		memcpy(token, rest, n);
		token[n] = '\0';
	} else {
		enum signer s = SIGNER_OF[flags & FLAG_SIGNER];
		const uint8_t *nl = memchr(rest, '\n', n);
		if (nl != NULL)
			token = make_token(s, rest, (size_t)(nl - rest), nl + 1, n - (size_t)(nl - rest) - 1);
		else
			token = make_token(s, (const uint8_t *)KEYS[s].header, strlen(KEYS[s].header), rest, n);
	}

	arena *a = arena_new();
	oidc_identity who;
	oidc_result r = oidc_verify_id_token(p, jwks, token, NONCE, NOW, a, &who);
	verdict v;
	judge(p, token, &v);
	if (verbose)
		fprintf(stderr, "fuzz_jwt: %s %s: %s\n", signed_mode ? "signed" : "raw", p->name, oidc_result_code(r));
	if (r == OIDC_OK) {
		/* Soundness: nothing the contract refuses is accepted. */
		if (!v.header_ok || !v.sig_ok || !v.claims_obj || !rules_hold(p, &v) ||
		    !identity_matches(p, v.claims, &who))
			__builtin_trap();
	} else if (v.header_ok && v.sig_ok && v.claims_obj && v.times_exact) {
		/* No false refusals: a well-formed, well-signed token is refused
		 * only for a rule it breaks. */
		if (rules_hold(p, &v) || !refusal_justified(p, &v, r))
			__builtin_trap();
	}
	json_decref(v.claims);
	arena_free(a);
	free(token);
	return 0;
}
