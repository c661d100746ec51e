/* krr.c — reservations against digital communication: the register's
 * lookup and the local copy (integrations/krr.h). */
#include "integrations/krr.h"

#include <jansson.h>
#include <stdlib.h>

#include "store/services.h"

bool krr_register_configured(const config *cfg, krr_register *out)
{
	*out = (krr_register){cfg->contact_register_url, cfg->contact_register_token};
	return http_json_url_valid(cfg->contact_register_url, "--contact-register-url (HELSAMI_CONTACT_REGISTER_URL)");
}

const char *krr_request(arena *a, const char *nin)
{
	json_t *q = json_pack("{s:[s]}", "personidentifikatorer", nin);
	char *text = json_dumps(q, JSON_COMPACT);
	json_decref(q);
	const char *out = arena_strdup(a, text);
	free(text);
	return out;
}

/* The answer's entry for nin, or NULL. */
static json_t *person_in(json_t *answer, const char *nin)
{
	json_t *p;
	size_t i;
	json_array_foreach(json_object_get(answer, "personer"), i, p)
	{
		if (str_eq(json_string_value(json_object_get(p, "personidentifikator")), nin))
			return p;
	}
	return NULL;
}

status krr_parse(const char *answer, const char *nin, bool *reserved)
{
	json_error_t err;
	json_t *a = json_loads(answer, 0, &err);
	json_t *p = person_in(a, nin);
	json_t *field = json_object_get(p, "reservasjon");
	const char *r = json_string_value(field);
	/* A person the register does not know (IKKE_REGISTRERT, SLETTET) has
	 * no reservation field: not reserved. */
	bool known = field == NULL || str_eq(r, "JA") || str_eq(r, "NEI");
	status st = p != NULL && known ? ST_OK : ST_INVALID;
	*reserved = st == ST_OK && str_eq(r, "JA");
	json_decref(a);
	return st;
}

status krr_lookup(http_json *h, arena *a, const krr_register *r, const char *nin, long timeout_s, bool *reserved,
                  const char **error)
{
	const char *answer;
	*reserved = false;
	status st = http_json_post_answer(h, a, r->url, r->token, krr_request(a, nin), timeout_s, "contact register",
	                                  &answer, error);
	if (st == ST_OK && (st = krr_parse(answer, nin, reserved)) != ST_OK)
		*error = "contact register: an answer without this person";
	return st;
}

status krr_reserved(db_conn *c, const char *nin, bool *out)
{
	return store_krr_reserved(c, nin, out);
}

status krr_remember(db_conn *c, const char *nin, bool reserved, unix_time now)
{
	return reserved ? store_krr_reserve(c, nin, now) : store_krr_unreserve(c, nin);
}
