/* fuzz_oidc.c — libFuzzer target for what an OpenID provider sends back
 * before any signature is checked (auth/oidc.h): its JSON documents
 * (discovery, JWKS and token responses are read with oidc_json_object),
 * the URLs they name (url_https_or_loopback) and acr values. Never crashes; a
 * document is accepted only as one JSON object, and a URL only over https
 * or to a loopback host over http. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth/oidc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j = oidc_json_object(data, size);
	if (j != NULL) {
		check(json_is_object(j));
		/* The fields a discovery document and a JWKS are read for. */
		const char *issuer = json_string_value(json_object_get(j, "issuer"));
		if (issuer != NULL)
			(void)url_https_or_loopback(issuer);
		json_decref(j);
	}
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	if (url_https_or_loopback(s))
		check(strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0);
	int rank = oidc_acr_rank(s);
	check(rank >= 0 && rank <= 3);
	free(s);
	return 0;
}
