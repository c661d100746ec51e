/* fuzz_jwt.c — libFuzzer target for ID token verification: arbitrary bytes
 * as a token against a fixed JWKS (one RSA and one EC P-256 public key)
 * never crash, and nothing unsigned by those keys is ever accepted. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth/oidc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Public keys only: no input can be signed by them, so OIDC_OK is a bug. */
static const char JWKS[] =
    "{\"keys\":["
    "{\"kty\":\"RSA\",\"kid\":\"rsa-1\",\"use\":\"sig\",\"alg\":\"RS256\",\"e\":\"AQAB\","
    "\"n\":\"y0GSYvb7J823rbD_Ap6JyFczyvmc9LprD7-2I3IsCCDDdHBpOSrhyZ4WkJIDlmlOFhtEqsEWwSdsU1fZF1ZCnMBJ9KRNIrgOVyFh48-P1ghWImqRLFrn8cztJRMAkSmvTr86fTn0h3aZLUVXA5oKjzj2Zo7kn6qqY4qvoUMKFZaHzJWmDdVYdONF608Y-TrgDr53zk-9yeeOmgSH5xnYT1g9GBiKnDEoraqC3_CjL6io47H-9QmgmnpOi5KGGOh9DWn7KCkGyEbCwEzUmcr6XubL0m-kWFlZvCoO7_zm9UAPPy5M1SVUONZ8nNsZplM8d2U_LwsJev_oR-SOqs8PXQ\"},"
    "{\"kty\":\"EC\",\"kid\":\"ec-1\",\"crv\":\"P-256\","
    "\"x\":\"0Bk79-HKomVIzyS98hzK69oO9mZgZy50UCY2TGeft3g\",\"y\":\"TPSTke5evXCUOE4TNuvcQXU9Wb6m1p2PUWqzToXdtic\"}"
    "]}";

static const oidc_provider_cfg idporten = {
    .id = OIDC_IDPORTEN,
    .name = "idporten",
    .issuer = "https://test.idporten.no",
    .client_id = "helsami-client",
    .min_acr = "idporten-loa-substantial",
};

static const oidc_provider_cfg helseid = {
    .id = OIDC_HELSEID,
    .name = "helseid",
    .issuer = "https://helseid-sts.test.nhn.no",
    .client_id = "helsami-staff",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *jwks;
	if (jwks == NULL && (jwks = json_loads(JWKS, 0, NULL)) == NULL)
		__builtin_trap();
	char *token = malloc(size + 1);
	memcpy(token, data, size);
	token[size] = '\0';
	arena *a = arena_new();
	oidc_identity who;
	/* The first byte picks the provider, so both claim checks are reached. */
	const oidc_provider_cfg *p = size > 0 && (data[0] & 1) ? &helseid : &idporten;
	if (oidc_verify_id_token(p, jwks, token, "nonce-1", 1795000000, a, &who) == OIDC_OK)
		__builtin_trap();
	arena_free(a);
	free(token);
	return 0;
}
