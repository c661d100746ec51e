/* krr.h — the national contact and reservation register (Kontakt- og
 * reservasjonsregisteret), as far as letters need it: whether a person has
 * reserved against digital communication from the public sector, so a
 * decision goes on paper at once and not to their digital mailbox
 * (SPEC.md K2; reference/domain-facts.md 7.2).
 *
 * helsami keeps a local copy of the reservations (table krr_reservation):
 * the caseworker's transaction reads it, so a decision never waits on the
 * register. With --contact-register-url the letter job also asks the
 * register itself before it makes a decision or an appeal outcome, outside
 * any transaction, and keeps the copy up to date with the answer:
 *
 *	POST URL   Authorization: Bearer TOKEN (a Maskinporten token)
 *	{"personidentifikatorer": ["12848649994"]}
 *	-> {"personer": [{"personidentifikator": "12848649994",
 *	                  "reservasjon": "JA", "status": "AKTIV",
 *	                  "varslingsstatus": "KAN_IKKE_VARSLES", ...}]}
 *
 * A register that does not answer leaves the local copy to decide. */
#ifndef HELSAMI_INTEGRATIONS_KRR_H
#define HELSAMI_INTEGRATIONS_KRR_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/core.h"
#include "db/db.h"
#include "integrations/http_json.h"

typedef struct krr_register {
	const char *url;   /* NULL: not configured, the local copy only */
	const char *token; /* NULL: no Authorization header */
} krr_register;

/* The register from the configuration (url NULL when unset). false
 * (logged) when its URL is not https. */
bool krr_register_configured(const config *cfg, krr_register *out);

/* The lookup's request body for one identity number, in a. */
const char *krr_request(arena *a, const char *nin);
/* Reads the register's answer: *reserved when it names nin with
 * "reservasjon": "JA". ST_INVALID when the answer is not JSON of that
 * shape or does not name nin. */
status krr_parse(const char *answer, const char *nin, bool *reserved);
/* Asks the register whether nin is reserved, within timeout_s. ST_BUSY (or
 * ST_INVALID for an answer that does not parse) with *error our short
 * reason when it gives no usable answer. */
status krr_lookup(http_json *h, arena *a, const krr_register *r, const char *nin, long timeout_s, bool *reserved,
                  const char **error);

/* The local copy: whether nin is reserved; and keeping it to an answer. */
status krr_reserved(db_conn *c, const char *nin, bool *out);
status krr_remember(db_conn *c, const char *nin, bool reserved, unix_time now);

#endif
