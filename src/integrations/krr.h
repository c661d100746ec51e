/* krr.h — the national contact and reservation register (Kontakt- og
 * reservasjonsregisteret), as far as letters need it: whether a person has
 * reserved against digital communication from the public sector, or cannot
 * be notified (no valid contact details), so a decision goes on paper at
 * once and not to their digital mailbox (SPEC.md K2; reference/
 * domain-facts.md 7.2, and 7.3's routing rule: "Reserved → paper. Cannot be
 * notified (no valid KRR contact) → paper.").
 *
 * helsami keeps a local copy of those answers (table krr_reservation, with
 * the reason):
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

/* Where the register's answer sends a decision. A reservation wins over
 * "cannot be notified" (the register says KAN_IKKE_VARSLES for both). */
typedef enum krr_route {
	KRR_DIGITAL,     /* reservasjon NEI (or unknown), KAN_VARSLES (or none) */
	KRR_RESERVED,    /* reservasjon JA */
	KRR_UNREACHABLE, /* not reserved, varslingsstatus KAN_IKKE_VARSLES */
} krr_route;

/* The letter's paper_reason for a route: "reserved", "unreachable", or
 * NULL for KRR_DIGITAL. */
const char *krr_paper_reason(krr_route r);

typedef struct krr_register {
	const char *url;   /* NULL: not configured, the local copy only */
	const char *token; /* NULL: no Authorization header */
} krr_register;

/* The register from the configuration (url NULL when unset). false
 * (logged) when its URL is not https. */
bool krr_register_configured(const config *cfg, krr_register *out);

/* The lookup's request body for one identity number, in a. */
const char *krr_request(arena *a, const char *nin);
/* Reads the register's answer for nin into *route ("reservasjon" JA/NEI,
 * "varslingsstatus" KAN_VARSLES/KAN_IKKE_VARSLES, either may be missing).
 * ST_INVALID (and KRR_DIGITAL) when the answer is not JSON of that shape,
 * holds another value, or does not name nin. */
status krr_parse(const char *answer, const char *nin, krr_route *route);
/* Asks the register where nin's decisions go, within timeout_s. ST_BUSY
 * (or ST_INVALID for an answer that does not parse) with *error our short
 * reason when it gives no usable answer. */
status krr_lookup(http_json *h, arena *a, const krr_register *r, const char *nin, long timeout_s, krr_route *route,
                  const char **error);

/* The local copy: nin's route (KRR_DIGITAL when not in it); and keeping it
 * to an answer. */
status krr_route_of(db_conn *c, const char *nin, krr_route *out);
status krr_remember(db_conn *c, const char *nin, krr_route route, unix_time now);

#endif
