/* oidc.c — the running OpenID Connect relying party for ID-porten and
 * HelseID: provider settings and client keys, discovery and JWKS caches
 * (libcurl), pushed authorization requests, the token request with its
 * client authentication, logout URLs and the login endpoints' rate limiter.
 * ID token verification is in oidc_token.c; the page flow around it all in
 * web/login_oidc.c.
 *
 * Protocol facts cited from shared/reference/domain-facts.md: §1.1
 * discovery and 24 h caching, §1.2 PKCE S256 and its test vector, state,
 * nonce, iss in the response (RFC 9207), PAR; §1.3 client authentication
 * (the new ID-porten wants client_id as a form parameter next to a client
 * assertion with iss = sub = client_id); §1.4 acr levels and amr as string
 * or array; §2 HelseID PAR, private_key_jwt (exp <= 60 s) and its claims. */
#include "auth/oidc.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjose/cjose.h>
#include <curl/curl.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "core/buf.h"
#include "core/crypto.h"
#include "core/log.h"

/* Limits, each with its reason. */
enum {
	MAX_HTTP_BODY = 512 * 1024, /* discovery, JWKS and token responses are a few KiB */
	MAX_KEY_FILE = 64 * 1024,   /* a JWK or PEM private key */
	HTTP_CONNECT_TIMEOUT_S = 5,
	HTTP_TOTAL_TIMEOUT_S = 10,
	META_TTL_S = 24 * 60 * 60, /* domain-facts §1.1: cache the metadata, 24 h suggested */
	JWKS_TTL_S = 24 * 60 * 60,
	JWKS_FORCED_MIN_S = 60, /* an unknown kid refetches the JWKS at most this often */
	FETCH_RETRY_S = 30,     /* after a failed fetch, stale or no data for this long */
};

/* ---- small helpers ------------------------------------------------------------ */

static double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Form parameters: "k=v&k=v" with no leading separator. */
static void add_form(buf *b, const char *key, const char *value)
{
	if (value == NULL)
		return;
	if (b->len > 0)
		buf_putc(b, '&');
	buf_put_percent(b, key, "");
	buf_putc(b, '=');
	buf_put_percent(b, value, "");
}

/* Empties a buffer that held secrets. */
static void buf_wipe_free(buf *b)
{
	if (b->data != NULL)
		wipe(b->data, b->cap);
	buf_free(b);
}

static const char *jstr_of(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* ---- providers ---------------------------------------------------------------- */

struct provider {
	oidc_provider_cfg cfg; /* strings owned by this struct */
	bool configured;
	char *secret;               /* client secret (basic/post); wiped at free */
	cjose_jwk_t *key;           /* private key (private_key_jwt) */
	const char *key_alg;        /* "RS256" or "ES256" */
	char *key_kid;              /* NULL: none */
	pthread_mutex_t lock;       /* guards the caches below */
	pthread_mutex_t fetch_lock; /* one metadata fetch per provider at a time */
	pthread_mutex_t jwks_lock;  /* one JWKS fetch per provider at a time */
	json_t *meta;
	double meta_at, meta_fail_at;
	json_t *jwks;
	double jwks_at, jwks_fail_at, jwks_forced_at;
};

static struct provider providers[OIDC_PROVIDER_COUNT] = {
    [OIDC_IDPORTEN] = {.lock = PTHREAD_MUTEX_INITIALIZER,
                       .fetch_lock = PTHREAD_MUTEX_INITIALIZER,
                       .jwks_lock = PTHREAD_MUTEX_INITIALIZER},
    [OIDC_HELSEID] = {.lock = PTHREAD_MUTEX_INITIALIZER,
                      .fetch_lock = PTHREAD_MUTEX_INITIALIZER,
                      .jwks_lock = PTHREAD_MUTEX_INITIALIZER},
};

const oidc_provider_cfg *oidc_provider(enum oidc_provider_id id)
{
	if ((unsigned)id >= OIDC_PROVIDER_COUNT || !providers[id].configured)
		return NULL;
	return &providers[id].cfg;
}

const oidc_provider_cfg *oidc_provider_named(const char *name)
{
	for (unsigned i = 0; name != NULL && i < OIDC_PROVIDER_COUNT; i++)
		if (providers[i].configured && strcmp(providers[i].cfg.name, name) == 0)
			return &providers[i].cfg;
	return NULL;
}

static char *read_small_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	char *data = xmalloc(MAX_KEY_FILE + 1);
	size_t n = fread(data, 1, MAX_KEY_FILE + 1, f);
	fclose(f);
	if (n == 0 || n > MAX_KEY_FILE) {
		wipe(data, MAX_KEY_FILE + 1);
		free(data);
		return NULL;
	}
	data[n] = '\0';
	*len = n;
	return data;
}

/* A BIGNUM parameter of pk as big-endian bytes, padded to pad (0: minimal). */
static uint8_t *bn_param(const EVP_PKEY *pk, const char *name, size_t pad, size_t *len)
{
	BIGNUM *bn = NULL;
	if (EVP_PKEY_get_bn_param(pk, name, &bn) != 1)
		return NULL;
	size_t n = pad ? pad : (size_t)BN_num_bytes(bn);
	uint8_t *out = xmalloc(n ? n : 1);
	if (BN_bn2binpad(bn, out, (int)n) < 0) {
		BN_clear_free(bn);
		free(out);
		return NULL;
	}
	BN_clear_free(bn);
	*len = n;
	return out;
}

static void free_secret(uint8_t *p, size_t n)
{
	if (p != NULL) {
		wipe(p, n);
		free(p);
	}
}

/* A PEM private key (RSA or EC P-256) as a cjose key. */
static cjose_jwk_t *pem_to_jwk(const char *pem, size_t len)
{
	BIO *bio = BIO_new_mem_buf(pem, (int)len);
	EVP_PKEY *pk = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
	BIO_free(bio);
	if (pk == NULL)
		return NULL;
	cjose_jwk_t *jwk = NULL;
	cjose_err err;
	if (EVP_PKEY_get_base_id(pk) == EVP_PKEY_RSA) {
		cjose_jwk_rsa_keyspec s = {0};
		s.n = bn_param(pk, OSSL_PKEY_PARAM_RSA_N, 0, &s.nlen);
		s.e = bn_param(pk, OSSL_PKEY_PARAM_RSA_E, 0, &s.elen);
		s.d = bn_param(pk, OSSL_PKEY_PARAM_RSA_D, 0, &s.dlen);
		s.p = bn_param(pk, OSSL_PKEY_PARAM_RSA_FACTOR1, 0, &s.plen);
		s.q = bn_param(pk, OSSL_PKEY_PARAM_RSA_FACTOR2, 0, &s.qlen);
		s.dp = bn_param(pk, OSSL_PKEY_PARAM_RSA_EXPONENT1, 0, &s.dplen);
		s.dq = bn_param(pk, OSSL_PKEY_PARAM_RSA_EXPONENT2, 0, &s.dqlen);
		s.qi = bn_param(pk, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, 0, &s.qilen);
		if (s.n && s.e && s.d)
			jwk = cjose_jwk_create_RSA_spec(&s, &err);
		free_secret(s.n, s.nlen), free_secret(s.e, s.elen), free_secret(s.d, s.dlen);
		free_secret(s.p, s.plen), free_secret(s.q, s.qlen), free_secret(s.dp, s.dplen);
		free_secret(s.dq, s.dqlen), free_secret(s.qi, s.qilen);
	} else if (EVP_PKEY_get_base_id(pk) == EVP_PKEY_EC) {
		char group[64] = "";
		EVP_PKEY_get_utf8_string_param(pk, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, NULL);
		if (strcmp(group, "prime256v1") == 0 || strcmp(group, "P-256") == 0) {
			cjose_jwk_ec_keyspec s = {.crv = CJOSE_JWK_EC_P_256};
			s.d = bn_param(pk, OSSL_PKEY_PARAM_PRIV_KEY, 32, &s.dlen);
			s.x = bn_param(pk, OSSL_PKEY_PARAM_EC_PUB_X, 32, &s.xlen);
			s.y = bn_param(pk, OSSL_PKEY_PARAM_EC_PUB_Y, 32, &s.ylen);
			if (s.d && s.x && s.y)
				jwk = cjose_jwk_create_EC_spec(&s, &err);
			free_secret(s.d, s.dlen), free_secret(s.x, s.xlen), free_secret(s.y, s.ylen);
		}
	}
	EVP_PKEY_free(pk);
	return jwk;
}

/* Loads the client key for private_key_jwt from a JWK or PEM file. */
static status load_client_key(struct provider *p, const char *setting, const char *path)
{
	size_t len = 0;
	char *data = read_small_file(path, &len);
	if (data == NULL) {
		log_error("%s: cannot read the client key file %s", setting, path);
		return ST_INVALID;
	}
	cjose_err err;
	const char *start = data + strspn(data, " \t\r\n");
	cjose_jwk_t *jwk = NULL;
	char *kid = NULL;
	if (*start == '{') {
		jwk = cjose_jwk_import(start, len - (size_t)(start - data), &err);
		if (jwk != NULL && cjose_jwk_get_kid(jwk, &err) != NULL)
			kid = xstrdup(cjose_jwk_get_kid(jwk, &err));
	} else {
		jwk = pem_to_jwk(data, len);
	}
	wipe(data, len);
	free(data);
	if (jwk == NULL) {
		log_error("%s: %s is not a private RSA or EC P-256 key (JWK or PEM)", setting, path);
		free(kid);
		return ST_INVALID;
	}
	cjose_jwk_kty_t kty = cjose_jwk_get_kty(jwk, &err);
	const char *alg = NULL;
	if (kty == CJOSE_JWK_KTY_RSA && cjose_jwk_get_keysize(jwk, &err) >= OIDC_MIN_RSA_BITS)
		alg = "RS256";
	else if (kty == CJOSE_JWK_KTY_EC && cjose_jwk_EC_get_curve(jwk, &err) == CJOSE_JWK_EC_P_256)
		alg = "ES256";
	/* Signing needs the private part: try it once now rather than at the first login. */
	cjose_header_t *h = cjose_header_new(&err);
	cjose_jws_t *probe = NULL;
	if (alg != NULL && h != NULL && cjose_header_set(h, CJOSE_HDR_ALG, alg, &err))
		probe = cjose_jws_sign(jwk, h, (const uint8_t *)"{}", 2, &err);
	cjose_header_release(h);
	if (probe == NULL) {
		log_error("%s: %s must be a private RSA (2048 bits or more) or EC P-256 key", setting, path);
		cjose_jwk_release(jwk);
		free(kid);
		return ST_INVALID;
	}
	cjose_jws_release(probe);
	p->key = jwk;
	p->key_alg = alg;
	p->key_kid = kid;
	return ST_OK;
}

static char *join_url(const char *base, const char *path)
{
	size_t n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	size_t m = strlen(path);
	char *out = xmalloc(n + m + 1);
	memcpy(out, base, n);
	memcpy(out + n, path, m + 1);
	return out;
}

struct provider_settings {
	const char *prefix; /* "HELSAMI_IDPORTEN" */
	const char *issuer, *client_id, *secret, *key, *auth, *acr, *scope;
};

static status setup_provider(struct provider *p, enum oidc_provider_id id, const struct provider_settings *s,
                             const char *base_url)
{
	bool has_issuer = s->issuer != NULL && s->issuer[0] != '\0';
	bool has_client = s->client_id != NULL && s->client_id[0] != '\0';
	if (!has_issuer && !has_client) {
		log_info("%s_ISSUER and _CLIENT_ID are not set: this login is not available", s->prefix);
		return ST_OK;
	}
	if (!has_issuer || !has_client) {
		log_error("%s: set both %s_ISSUER and %s_CLIENT_ID, or neither", s->prefix, s->prefix, s->prefix);
		return ST_INVALID;
	}
	if (!url_https_or_loopback(s->issuer) || strpbrk(s->issuer, "?#") != NULL) {
		log_error("%s_ISSUER must be an https URL (plain http only on a loopback address), not %s", s->prefix,
		          s->issuer);
		return ST_INVALID;
	}
	if (base_url == NULL || !url_https_or_loopback(base_url)) {
		log_error("%s: --base-url (HELSAMI_BASE_URL) must be set to this server's public https URL"
		          " for the login redirect",
		          s->prefix);
		return ST_INVALID;
	}
	enum oidc_auth_method auth;
	const char *am = s->auth ? s->auth : "client_secret_basic";
	if (strcmp(am, "client_secret_basic") == 0)
		auth = OIDC_AUTH_SECRET_BASIC;
	else if (strcmp(am, "client_secret_post") == 0)
		auth = OIDC_AUTH_SECRET_POST;
	else if (strcmp(am, "private_key_jwt") == 0)
		auth = OIDC_AUTH_PRIVATE_KEY_JWT;
	else {
		log_error("%s_AUTH_METHOD must be client_secret_basic, client_secret_post or private_key_jwt, not %s",
		          s->prefix, am);
		return ST_INVALID;
	}
	if (auth != OIDC_AUTH_PRIVATE_KEY_JWT && (s->secret == NULL || s->secret[0] == '\0')) {
		log_error("%s_CLIENT_SECRET is needed for %s", s->prefix, am);
		return ST_INVALID;
	}
	if (auth == OIDC_AUTH_PRIVATE_KEY_JWT && (s->key == NULL || s->key[0] == '\0')) {
		log_error("%s_CLIENT_KEY (a JWK or PEM file) is needed for private_key_jwt", s->prefix);
		return ST_INVALID;
	}
	if (s->acr != NULL && oidc_acr_rank(s->acr) < 2) {
		log_error("%s_ACR must be idporten-loa-substantial or idporten-loa-high, not %s", s->prefix, s->acr);
		return ST_INVALID;
	}
	if (auth == OIDC_AUTH_PRIVATE_KEY_JWT && load_client_key(p, s->prefix, s->key) != ST_OK)
		return ST_INVALID;
	if (s->issuer[strlen(s->issuer) - 1] == '/')
		log_warn("%s_ISSUER ends in '/': it must equal the provider's issuer exactly (ID-porten's has none)",
		         s->prefix);
	p->cfg = (oidc_provider_cfg){
	    .id = id,
	    .name = id == OIDC_IDPORTEN ? "idporten" : "helseid",
	    .issuer = xstrdup(s->issuer),
	    .client_id = xstrdup(s->client_id),
	    .auth = auth,
	    .scope = xstrdup(s->scope),
	    .acr_values = s->acr ? xstrdup(s->acr) : NULL,
	    .min_acr = s->acr ? xstrdup(s->acr) : NULL,
	    .par = id == OIDC_HELSEID,
	    .redirect_uri =
	        join_url(base_url, id == OIDC_IDPORTEN ? "/login/idporten/callback" : "/staff/login/helseid/callback"),
	    .post_logout_redirect_uri = join_url(base_url, "/"),
	};
	if (auth != OIDC_AUTH_PRIVATE_KEY_JWT)
		p->secret = xstrdup(s->secret);
	p->configured = true;
	log_info("%s login: issuer %s, client authentication %s%s", p->cfg.name, p->cfg.issuer, am,
	         p->cfg.par ? ", pushed authorization requests" : "");
	return ST_OK;
}

/* Login requests per minute per client address (oidc_rate_allow); 0 = off. */
static int rate_per_minute = OIDC_RATE_PER_MINUTE;

status oidc_init(const config *cfg)
{
	if (cfg->login_rate < -1) {
		log_error("--login-rate (HELSAMI_LOGIN_RATE) must be a whole number from 0 (no limit) up");
		return ST_INVALID;
	}
	rate_per_minute = cfg->login_rate >= 0 ? cfg->login_rate : OIDC_RATE_PER_MINUTE;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_error("cannot initialise libcurl");
		return ST_INTERNAL;
	}
	struct provider_settings idporten = {
	    .prefix = "HELSAMI_IDPORTEN",
	    .issuer = cfg->idporten_issuer,
	    .client_id = cfg->idporten_client_id,
	    .secret = cfg->idporten_client_secret,
	    .key = cfg->idporten_client_key,
	    .auth = cfg->idporten_auth_method,
	    .acr = cfg->idporten_acr ? cfg->idporten_acr : "idporten-loa-high",
	    .scope = cfg->idporten_scope ? cfg->idporten_scope : "openid profile",
	};
	/* HelseID: confidential clients with private_key_jwt only (domain-facts §2). */
	struct provider_settings helseid = {
	    .prefix = "HELSAMI_HELSEID",
	    .issuer = cfg->helseid_issuer,
	    .client_id = cfg->helseid_client_id,
	    .key = cfg->helseid_client_key,
	    .auth = "private_key_jwt",
	    .scope = cfg->helseid_scope ? cfg->helseid_scope
	                                : "openid profile helseid://scopes/identity/pid"
	                                  " helseid://scopes/identity/security_level helseid://scopes/hpr/hpr_number",
	};
	if (setup_provider(&providers[OIDC_IDPORTEN], OIDC_IDPORTEN, &idporten, cfg->base_url) != ST_OK ||
	    setup_provider(&providers[OIDC_HELSEID], OIDC_HELSEID, &helseid, cfg->base_url) != ST_OK) {
		oidc_free();
		return ST_INVALID;
	}
	return ST_OK;
}

static void free_provider(struct provider *p)
{
	pthread_mutex_lock(&p->lock);
	json_decref(p->meta);
	json_decref(p->jwks);
	p->meta = p->jwks = NULL;
	p->meta_at = p->meta_fail_at = p->jwks_at = p->jwks_fail_at = p->jwks_forced_at = 0;
	pthread_mutex_unlock(&p->lock);
	if (p->secret != NULL) {
		wipe(p->secret, strlen(p->secret));
		free(p->secret);
	}
	if (p->key != NULL)
		cjose_jwk_release(p->key);
	free(p->key_kid);
	free((char *)(uintptr_t)p->cfg.issuer);
	free((char *)(uintptr_t)p->cfg.client_id);
	free((char *)(uintptr_t)p->cfg.scope);
	free((char *)(uintptr_t)p->cfg.acr_values);
	free((char *)(uintptr_t)p->cfg.min_acr);
	free((char *)(uintptr_t)p->cfg.redirect_uri);
	free((char *)(uintptr_t)p->cfg.post_logout_redirect_uri);
	p->cfg = (oidc_provider_cfg){0};
	p->secret = NULL;
	p->key = NULL;
	p->key_kid = NULL;
	p->key_alg = NULL;
	p->configured = false;
}

void oidc_free(void)
{
	for (unsigned i = 0; i < OIDC_PROVIDER_COUNT; i++)
		free_provider(&providers[i]);
	curl_global_cleanup();
}

/* ---- HTTP ---------------------------------------------------------------------------- */

struct http_body {
	buf b;
	bool too_big;
};

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
	struct http_body *hb = arg;
	size_t len = size * n;
	if (hb->b.len + len > MAX_HTTP_BODY) {
		hb->too_big = true;
		return 0;
	}
	buf_put(&hb->b, data, len);
	return len;
}

/* GET (form NULL) or POST a form to url. *code is the HTTP status; the body
 * goes into *body (caller frees). ST_OK when an answer came at all. */
static status http_call(const char *what, const char *url, const char *form, const char *auth_header, long *code,
                        buf *body)
{
	*code = 0;
	if (!url_https_or_loopback(url)) {
		log_error("oidc: refusing %s at a non-https URL", what);
		return ST_INVALID;
	}
	CURL *h = curl_easy_init();
	if (h == NULL)
		return ST_INTERNAL;
	struct http_body hb = {0};
	buf_init(&hb.b, 4096);
	struct curl_slist *headers = curl_slist_append(NULL, "Accept: application/json");
	if (auth_header != NULL)
		headers = curl_slist_append(headers, auth_header);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)HTTP_CONNECT_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)HTTP_TOTAL_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "helsami");
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &hb);
	if (form != NULL) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, form);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(form));
	}
	CURLcode rc = curl_easy_perform(h);
	status st = ST_OK;
	if (rc != CURLE_OK) {
		log_warn("oidc: %s failed: %s%s", what, curl_easy_strerror(rc),
		         hb.too_big ? " (answer too large)" : "");
		st = ST_INTERNAL;
	} else {
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, code);
	}
	curl_slist_free_all(headers);
	curl_easy_cleanup(h);
	if (st != ST_OK) {
		buf_wipe_free(&hb.b);
		return st;
	}
	*body = hb.b;
	return ST_OK;
}

static json_t *http_get_json(const char *what, const char *url)
{
	long code;
	buf body = {0};
	if (http_call(what, url, NULL, NULL, &code, &body) != ST_OK)
		return NULL;
	json_t *j = NULL;
	if (code != 200)
		log_warn("oidc: %s answered HTTP %ld", what, code);
	else if ((j = oidc_json_object(body.data ? body.data : "", body.len)) == NULL)
		log_warn("oidc: %s did not answer a JSON object", what);
	buf_free(&body);
	return j;
}

/* ---- discovery and JWKS caches ----------------------------------------------------------- */

static bool endpoint_ok(const struct provider *p, const json_t *meta, const char *key, bool required)
{
	const json_t *v = json_object_get(meta, key);
	if (v == NULL && !required)
		return true;
	if (!json_is_string(v) || !url_https_or_loopback(json_string_value(v))) {
		log_error("oidc %s: discovery %s is %s", p->cfg.name, key, v == NULL ? "missing" : "not an https URL");
		return false;
	}
	return true;
}

static json_t *fetch_metadata(const struct provider *p)
{
	char *url = join_url(p->cfg.issuer, "/.well-known/openid-configuration");
	char what[64];
	snprintf(what, sizeof what, "%s discovery", p->cfg.name);
	json_t *meta = http_get_json(what, url);
	free(url);
	if (meta == NULL)
		return NULL;
	const char *iss = jstr_of(meta, "issuer");
	bool ok = iss != NULL && strcmp(iss, p->cfg.issuer) == 0;
	if (!ok)
		log_error("oidc %s: the discovery document names issuer %s, not the configured %s", p->cfg.name,
		          iss ? iss : "(none)", p->cfg.issuer);
	ok = ok && endpoint_ok(p, meta, "authorization_endpoint", true) &&
	     endpoint_ok(p, meta, "token_endpoint", true) && endpoint_ok(p, meta, "jwks_uri", true) &&
	     endpoint_ok(p, meta, "end_session_endpoint", false) &&
	     endpoint_ok(p, meta, "pushed_authorization_request_endpoint", p->cfg.par);
	if (!ok) {
		json_decref(meta);
		return NULL;
	}
	return meta;
}

/* After a fetch (the caller holds the fetch lock, not p->lock): keeps what
 * was fetched in *cached, stamped *at, or, when the fetch failed (NULL),
 * stamps *fail_at and keeps the stale copy. Returns a new reference to what
 * is cached now, NULL if nothing is. */
static json_t *cache_keep(struct provider *p, json_t **cached, double *at, double *fail_at, json_t *fetched)
{
	pthread_mutex_lock(&p->lock);
	if (fetched != NULL) {
		json_decref(*cached);
		*cached = fetched;
		*at = mono_now();
	} else {
		*fail_at = mono_now();
	}
	json_t *out = *cached ? json_incref(*cached) : NULL;
	pthread_mutex_unlock(&p->lock);
	return out;
}

/* The provider's metadata (a new reference), fetched or refreshed when it
 * is older than a day; stale metadata is used while a refresh fails. */
static json_t *metadata(struct provider *p)
{
	json_t *out = NULL;
	double now = mono_now();
	pthread_mutex_lock(&p->lock);
	/* Just failed with nothing cached: do not hammer a provider that is down. */
	bool backoff = p->meta == NULL && p->meta_fail_at > 0 && now - p->meta_fail_at < FETCH_RETRY_S / 10.0;
	if (p->meta != NULL && (now - p->meta_at < META_TTL_S || now - p->meta_fail_at < FETCH_RETRY_S))
		out = json_incref(p->meta);
	pthread_mutex_unlock(&p->lock);
	if (out != NULL || backoff)
		return out;

	/* While one thread refreshes, the others go on with the stale copy. */
	if (pthread_mutex_trylock(&p->fetch_lock) != 0) {
		pthread_mutex_lock(&p->lock);
		out = p->meta ? json_incref(p->meta) : NULL;
		pthread_mutex_unlock(&p->lock);
		if (out != NULL)
			return out;
		pthread_mutex_lock(&p->fetch_lock);
	}
	pthread_mutex_lock(&p->lock);
	now = mono_now();
	bool fresh = p->meta != NULL && now - p->meta_at < META_TTL_S;
	if (fresh)
		out = json_incref(p->meta);
	pthread_mutex_unlock(&p->lock);
	if (!fresh)
		out = cache_keep(p, &p->meta, &p->meta_at, &p->meta_fail_at, fetch_metadata(p));
	pthread_mutex_unlock(&p->fetch_lock);
	return out;
}

static json_t *fetch_jwks(struct provider *p)
{
	json_t *meta = metadata(p);
	if (meta == NULL)
		return NULL;
	char what[64];
	snprintf(what, sizeof what, "%s JWKS", p->cfg.name);
	json_t *jwks = http_get_json(what, jstr_of(meta, "jwks_uri"));
	json_decref(meta);
	if (jwks != NULL && !json_is_array(json_object_get(jwks, "keys"))) {
		log_error("oidc %s: the JWKS has no keys array", p->cfg.name);
		json_decref(jwks);
		return NULL;
	}
	return jwks;
}

/* The provider's JWKS (a new reference). With force (an unknown kid), it is
 * fetched again unless a forced fetch happened in the last minute. */
static json_t *jwks_get(struct provider *p, bool force)
{
	json_t *out = NULL;
	pthread_mutex_lock(&p->lock);
	if (!force && p->jwks != NULL && mono_now() - p->jwks_at < JWKS_TTL_S)
		out = json_incref(p->jwks); /* the common case: no fetch lock */
	pthread_mutex_unlock(&p->lock);
	if (out != NULL)
		return out;
	pthread_mutex_lock(&p->jwks_lock);
	pthread_mutex_lock(&p->lock);
	double now = mono_now();
	bool fetch;
	if (force)
		fetch = p->jwks_forced_at == 0 || now - p->jwks_forced_at >= JWKS_FORCED_MIN_S;
	else
		fetch = (p->jwks == NULL || now - p->jwks_at >= JWKS_TTL_S) &&
		        (p->jwks_fail_at == 0 || now - p->jwks_fail_at >= FETCH_RETRY_S / 10.0);
	if (force && fetch)
		p->jwks_forced_at = now;
	if (!fetch)
		out = p->jwks ? json_incref(p->jwks) : NULL;
	pthread_mutex_unlock(&p->lock);
	if (fetch)
		out = cache_keep(p, &p->jwks, &p->jwks_at, &p->jwks_fail_at, fetch_jwks(p));
	pthread_mutex_unlock(&p->jwks_lock);
	return out;
}

/* ---- the flow ----------------------------------------------------------------------------- */

void oidc_attempt_new(oidc_attempt *att)
{
	random_token(32, att->state, sizeof att->state);
	random_token(32, att->nonce, sizeof att->nonce);
	random_token(32, att->verifier, sizeof att->verifier);
}

void oidc_attempt_wipe(oidc_attempt *att)
{
	wipe(att, sizeof *att);
}

/* A client assertion (RFC 7523) for private_key_jwt: iss = sub = client id,
 * aud = the issuer, exp 60 s ahead, iat, a unique jti, signed with the
 * client key. Timestamps from the system clock: the provider checks them
 * against its own. malloc'd; NULL on failure. */
static char *client_assertion(const struct provider *p)
{
	unix_time now = clock_system_now();
	char jti[OIDC_RANDOM_LEN + 1];
	random_token(32, jti, sizeof jti);
	json_t *claims = json_pack("{s:s, s:s, s:s, s:I, s:I, s:s}", "iss", p->cfg.client_id, "sub", p->cfg.client_id,
	                           "aud", p->cfg.issuer, "exp", (json_int_t)(now + OIDC_ASSERTION_LIFETIME), "iat",
	                           (json_int_t)now, "jti", jti);
	char *payload = claims ? json_dumps(claims, JSON_COMPACT) : NULL;
	json_decref(claims);
	if (payload == NULL)
		return NULL;
	cjose_err err;
	char *out = NULL;
	cjose_header_t *h = cjose_header_new(&err);
	if (h != NULL && cjose_header_set(h, CJOSE_HDR_ALG, p->key_alg, &err) &&
	    cjose_header_set(h, "typ", "JWT", &err) &&
	    (p->key_kid == NULL || cjose_header_set(h, CJOSE_HDR_KID, p->key_kid, &err))) {
		cjose_jws_t *jws = cjose_jws_sign(p->key, h, (const uint8_t *)payload, strlen(payload), &err);
		const char *ser = NULL;
		if (jws != NULL && cjose_jws_export(jws, &ser, &err))
			out = xstrdup(ser);
		cjose_jws_release(jws);
	}
	cjose_header_release(h);
	free(payload);
	if (out == NULL)
		log_error("oidc %s: cannot sign the client assertion", p->cfg.name);
	return out;
}

/* Adds the client authentication to a form (and client_id, unless the form
 * has it), or an Authorization header (malloc'd into *auth_header) for
 * client_secret_basic. */
static bool client_auth(const struct provider *p, buf *form, bool has_client_id, char **auth_header)
{
	*auth_header = NULL;
	switch (p->cfg.auth) {
	case OIDC_AUTH_SECRET_BASIC: {
		/* RFC 6749 §2.3.1: both parts form-urlencoded before base64. */
		buf raw = {0};
		buf_put_percent(&raw, p->cfg.client_id, "");
		buf_putc(&raw, ':');
		buf_put_percent(&raw, p->secret, "");
		size_t cap = 4 * ((raw.len + 2) / 3) + 1;
		char *b64 = xmalloc(cap);
		EVP_EncodeBlock((unsigned char *)b64, (const unsigned char *)raw.data, (int)raw.len);
		buf_wipe_free(&raw);
		size_t n = strlen("Authorization: Basic ") + strlen(b64) + 1;
		*auth_header = xmalloc(n);
		snprintf(*auth_header, n, "Authorization: Basic %s", b64);
		wipe(b64, cap);
		free(b64);
		return true;
	}
	case OIDC_AUTH_SECRET_POST:
		if (!has_client_id)
			add_form(form, "client_id", p->cfg.client_id);
		add_form(form, "client_secret", p->secret);
		return true;
	case OIDC_AUTH_PRIVATE_KEY_JWT: {
		char *assertion = client_assertion(p);
		if (assertion == NULL)
			return false;
		/* The new ID-porten wants client_id as a form parameter too (domain-facts §1.3). */
		if (!has_client_id)
			add_form(form, "client_id", p->cfg.client_id);
		add_form(form, "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
		add_form(form, "client_assertion", assertion);
		wipe(assertion, strlen(assertion));
		free(assertion);
		return true;
	}
	}
	return false;
}

static void free_auth_header(char *h)
{
	if (h != NULL) {
		wipe(h, strlen(h));
		free(h);
	}
}

/* POSTs form, with the client authentication added, to endpoint; the
 * parsed JSON answer when the HTTP status is `want`, else NULL (logged). */
static json_t *post_form(const struct provider *p, const char *what, const char *endpoint, buf *form,
                         bool has_client_id, long want)
{
	char *auth_header = NULL;
	if (!client_auth(p, form, has_client_id, &auth_header))
		return NULL;
	long code = 0;
	buf body = {0};
	char label[64];
	snprintf(label, sizeof label, "%s %s", p->cfg.name, what);
	status st = http_call(label, endpoint, form->data, auth_header, &code, &body);
	free_auth_header(auth_header);
	if (st != ST_OK)
		return NULL;
	json_t *j = oidc_json_object(body.data ? body.data : "", body.len);
	buf_wipe_free(&body); /* a token response holds tokens */
	if (code != want) {
		/* The OAuth error code is safe to log; its description might not be. */
		const char *e = j ? jstr_of(j, "error") : NULL;
		log_warn("oidc %s: %s answered HTTP %ld%s%s", p->cfg.name, what, code, e ? " " : "", e ? e : "");
		json_decref(j);
		return NULL;
	}
	if (j == NULL)
		log_warn("oidc %s: %s did not answer a JSON object", p->cfg.name, what);
	return j;
}

oidc_result oidc_authorize_url(enum oidc_provider_id id, const oidc_attempt *att, enum locale loc, arena *a,
                               const char **url)
{
	if ((unsigned)id >= OIDC_PROVIDER_COUNT || !providers[id].configured)
		return OIDC_E_UNAVAILABLE;
	struct provider *p = &providers[id];
	json_t *meta = metadata(p);
	if (meta == NULL)
		return OIDC_E_UNAVAILABLE;
	char challenge[OIDC_CHALLENGE_LEN + 1];
	oidc_pkce_challenge(att->verifier, challenge);
	buf params = {0};
	buf_init(&params, 512);
	add_form(&params, "response_type", "code");
	add_form(&params, "client_id", p->cfg.client_id);
	add_form(&params, "redirect_uri", p->cfg.redirect_uri);
	add_form(&params, "scope", p->cfg.scope);
	add_form(&params, "state", att->state);
	add_form(&params, "nonce", att->nonce);
	add_form(&params, "code_challenge", challenge);
	add_form(&params, "code_challenge_method", "S256");
	add_form(&params, "ui_locales", loc == LOCALE_EN ? "en" : "nb");
	add_form(&params, "acr_values", p->cfg.acr_values);

	const char *endpoint = jstr_of(meta, "authorization_endpoint");
	buf u = {0};
	buf_init(&u, 1024);
	buf_puts(&u, endpoint);
	buf_putc(&u, strchr(endpoint, '?') ? '&' : '?');
	oidc_result r = OIDC_OK;
	if (p->cfg.par) {
		/* RFC 9126: push the parameters; the browser carries only client_id and request_uri. */
		json_t *pushed = post_form(p, "pushed authorization request",
		                           jstr_of(meta, "pushed_authorization_request_endpoint"), &params, true, 201);
		const char *request_uri = pushed ? jstr_of(pushed, "request_uri") : NULL;
		if (request_uri == NULL) {
			r = OIDC_E_PAR;
		} else {
			buf tail = {0};
			add_form(&tail, "client_id", p->cfg.client_id);
			add_form(&tail, "request_uri", request_uri);
			buf_puts(&u, tail.data);
			buf_free(&tail);
		}
		json_decref(pushed);
	} else {
		buf_puts(&u, params.data);
	}
	*url = r == OIDC_OK ? arena_strdup(a, u.data) : NULL;
	buf_wipe_free(&params);
	buf_free(&u);
	json_decref(meta);
	wipe(challenge, sizeof challenge);
	return r;
}

oidc_result oidc_check_response_iss(enum oidc_provider_id id, const char *iss)
{
	if ((unsigned)id >= OIDC_PROVIDER_COUNT || !providers[id].configured)
		return OIDC_E_UNAVAILABLE;
	struct provider *p = &providers[id];
	if (iss != NULL)
		return strcmp(iss, p->cfg.issuer) == 0 ? OIDC_OK : OIDC_E_RESPONSE_ISS;
	json_t *meta = metadata(p);
	if (meta == NULL)
		return OIDC_E_UNAVAILABLE;
	bool required = json_is_true(json_object_get(meta, "authorization_response_iss_parameter_supported"));
	json_decref(meta);
	return required ? OIDC_E_RESPONSE_ISS : OIDC_OK;
}

oidc_result oidc_redeem(enum oidc_provider_id id, const char *code, const char *verifier, const char *nonce,
                        unix_time now, arena *a, oidc_identity *out, const char **id_token)
{
	memset(out, 0, sizeof *out);
	*id_token = NULL;
	if ((unsigned)id >= OIDC_PROVIDER_COUNT || !providers[id].configured)
		return OIDC_E_UNAVAILABLE;
	struct provider *p = &providers[id];
	json_t *meta = metadata(p);
	if (meta == NULL)
		return OIDC_E_UNAVAILABLE;
	buf form = {0};
	buf_init(&form, 1024);
	add_form(&form, "grant_type", "authorization_code");
	add_form(&form, "code", code);
	add_form(&form, "redirect_uri", p->cfg.redirect_uri);
	add_form(&form, "code_verifier", verifier);
	json_t *tokens = post_form(p, "token request", jstr_of(meta, "token_endpoint"), &form, false, 200);
	buf_wipe_free(&form);
	json_decref(meta);
	const char *raw = tokens ? jstr_of(tokens, "id_token") : NULL;
	if (raw == NULL) {
		json_decref(tokens);
		return OIDC_E_TOKEN_REQUEST;
	}
	char *token = arena_strdup(a, raw);
	json_decref(tokens);

	json_t *jwks = jwks_get(p, false);
	if (jwks == NULL)
		return OIDC_E_UNAVAILABLE;
	oidc_result r = oidc_verify_id_token(&p->cfg, jwks, token, nonce, now, a, out);
	if (r == OIDC_E_UNKNOWN_KID) {
		/* The provider may have rotated its keys: look once more. */
		json_t *again = jwks_get(p, true);
		if (again != NULL && again != jwks)
			r = oidc_verify_id_token(&p->cfg, again, token, nonce, now, a, out);
		json_decref(again);
	}
	json_decref(jwks);
	if (r == OIDC_OK)
		*id_token = token;
	return r;
}

const char *oidc_logout_url(arena *a, const char *provider, const char *id_token_hint)
{
	const oidc_provider_cfg *cfg = oidc_provider_named(provider);
	if (cfg == NULL)
		return NULL;
	struct provider *p = &providers[cfg->id];
	json_t *meta = metadata(p);
	const char *endpoint = meta ? jstr_of(meta, "end_session_endpoint") : NULL;
	const char *url = NULL;
	if (endpoint != NULL) {
		char state[OIDC_RANDOM_LEN + 1];
		random_token(16, state, sizeof state);
		buf u = {0};
		buf_init(&u, 2048);
		buf_puts(&u, endpoint);
		buf_putc(&u, strchr(endpoint, '?') ? '&' : '?');
		buf params = {0};
		add_form(&params, "id_token_hint", id_token_hint);
		add_form(&params, "post_logout_redirect_uri", cfg->post_logout_redirect_uri);
		add_form(&params, "client_id", cfg->client_id);
		add_form(&params, "state", state);
		buf_puts(&u, params.data);
		url = arena_strdup(a, u.data);
		buf_free(&params);
		buf_free(&u);
	}
	json_decref(meta);
	return url;
}

/* scheme://host[:port] of url into out, if made only of safe characters. */
static bool url_origin(const char *url, char *out, size_t size)
{
	const char *sep = url ? strstr(url, "://") : NULL;
	if (sep == NULL)
		return false;
	size_t n = (size_t)(sep + 3 - url) + strcspn(sep + 3, "/?#");
	if (n >= size)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = url[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      strchr(".-:/[]", c)))
			return false;
	}
	memcpy(out, url, n);
	out[n] = '\0';
	return true;
}

const char *oidc_frame_origins(enum oidc_provider_id id, arena *a)
{
	if ((unsigned)id >= OIDC_PROVIDER_COUNT || !providers[id].configured)
		return NULL;
	struct provider *p = &providers[id];
	json_t *meta = metadata(p);
	const char *urls[3] = {p->cfg.issuer, meta ? jstr_of(meta, "authorization_endpoint") : NULL,
	                       meta ? jstr_of(meta, "end_session_endpoint") : NULL};
	buf b = {0};
	buf_init(&b, 256);
	for (size_t i = 0; i < ARRAY_LEN(urls); i++) {
		char origin[256];
		if (!url_origin(urls[i], origin, sizeof origin))
			continue;
		bool seen = false;
		for (const char *s = b.data; s && *s && !seen;) {
			size_t n = strcspn(s, " ");
			seen = n == strlen(origin) && strncmp(s, origin, n) == 0;
			s += n + (s[n] == ' ');
		}
		if (seen)
			continue;
		if (b.len > 0)
			buf_putc(&b, ' ');
		buf_puts(&b, origin);
	}
	json_decref(meta);
	const char *out = b.len > 0 ? arena_strdup(a, b.data) : NULL;
	buf_free(&b);
	return out;
}

/* ---- the login endpoints' rate limiter ---------------------------------------------------- */

/* A fixed table of token buckets, open addressing over a few slots; when
 * they are all taken the least recently used one is reused, so memory stays
 * bounded whatever the number of clients. */
enum { RATE_SLOTS = 4096, RATE_PROBES = 8 };

struct rate_slot {
	char ip[48];
	unsigned group;
	bool used;
	double tokens, at;
};

static struct rate_slot rate_table[RATE_SLOTS];
static pthread_mutex_t rate_lock = PTHREAD_MUTEX_INITIALIZER;

bool oidc_rate_allow(unsigned group, const char *client_ip, int *retry_after)
{
	const char *ip = client_ip && client_ip[0] ? client_ip : "unknown";
	uint32_t h = 2166136261u ^ group;
	for (const char *c = ip; *c; c++)
		h = (h ^ (unsigned char)*c) * 16777619u;
	if (rate_per_minute == 0)
		return true;
	const double burst = rate_per_minute, rate = rate_per_minute / 60.0;
	double now = mono_now();
	bool allow;
	pthread_mutex_lock(&rate_lock);
	struct rate_slot *slot = NULL, *victim = NULL;
	for (unsigned i = 0; i < RATE_PROBES && slot == NULL; i++) {
		struct rate_slot *s = &rate_table[(h + i) % RATE_SLOTS];
		if (s->used && s->group == group && strncmp(s->ip, ip, sizeof s->ip - 1) == 0)
			slot = s;
		else if (victim == NULL || !s->used || (victim->used && s->at < victim->at))
			victim = s;
	}
	if (slot == NULL) {
		slot = victim;
		snprintf(slot->ip, sizeof slot->ip, "%s", ip);
		slot->group = group;
		slot->used = true;
		slot->tokens = burst;
		slot->at = now;
	}
	slot->tokens += (now - slot->at) * rate;
	if (slot->tokens > burst)
		slot->tokens = burst;
	slot->at = now;
	allow = slot->tokens >= 1.0;
	if (allow)
		slot->tokens -= 1.0;
	else
		*retry_after = (int)ceil((1.0 - slot->tokens) / rate);
	pthread_mutex_unlock(&rate_lock);
	return allow;
}
