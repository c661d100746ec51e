/* krr.c — reservations against digital communication and "cannot be
 * notified": the register's lookup and the local copy (integrations/krr.h). */
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

/* A field the register may leave out, or one of its two values. */
static bool absent_or(json_t *field, const char *a, const char *b)
{
	const char *v = json_string_value(field);
	return field == NULL || str_eq(v, a) || str_eq(v, b);
}

const char *krr_paper_reason(krr_route r)
{
	return r == KRR_RESERVED ? "reserved" : r == KRR_UNREACHABLE ? "unreachable" : NULL;
}

status krr_parse(const char *answer, const char *nin, krr_route *route)
{
	json_error_t err;
	json_t *a = json_loads(answer, 0, &err);
	json_t *p = person_in(a, nin);
	json_t *reservation = json_object_get(p, "reservasjon");
	json_t *notify = json_object_get(p, "varslingsstatus");
	/* A person the register does not know (IKKE_REGISTRERT, SLETTET) may
	 * have neither field: not reserved, and nothing said against notices. */
	bool known =
	    p != NULL && absent_or(reservation, "JA", "NEI") && absent_or(notify, "KAN_VARSLES", "KAN_IKKE_VARSLES");
	*route = !known                                                  ? KRR_DIGITAL
	         : str_eq(json_string_value(reservation), "JA")          ? KRR_RESERVED
	         : str_eq(json_string_value(notify), "KAN_IKKE_VARSLES") ? KRR_UNREACHABLE
	                                                                 : KRR_DIGITAL;
	json_decref(a);
	return known ? ST_OK : ST_INVALID;
}

status krr_lookup(http_json *h, arena *a, const krr_register *r, const char *nin, long timeout_s, krr_route *route,
                  const char **error)
{
	const char *answer;
	*route = KRR_DIGITAL;
	status st = http_json_post_answer(h, a, r->url, r->token, krr_request(a, nin), timeout_s, "contact register",
	                                  &answer, error);
	if (st == ST_OK && (st = krr_parse(answer, nin, route)) != ST_OK)
		*error = "contact register: an answer without this person";
	return st;
}

status krr_route_of(db_conn *c, const char *nin, krr_route *out)
{
	bool unreachable = false;
	status st = store_krr_paper_reason(c, nin, &unreachable);
	*out = st != ST_OK ? KRR_DIGITAL : unreachable ? KRR_UNREACHABLE : KRR_RESERVED;
	return st == ST_NOT_FOUND ? ST_OK : st;
}

status krr_remember(db_conn *c, const char *nin, krr_route route, unix_time now)
{
	const char *reason = krr_paper_reason(route);
	return reason != NULL ? store_krr_paper_set(c, nin, reason, now) : store_krr_paper_clear(c, nin);
}
