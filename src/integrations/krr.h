/* krr.h — the national contact and reservation register (Kontakt- og
 * reservasjonsregisteret), as far as letters need it: whether a person has
 * reserved against digital communication from the public sector, so a
 * letter goes on paper at once (SPEC.md K2). The adapter reads the local
 * copy of the register's reservations (table krr_reservation, kept by an
 * import or, in tests and the demo, written directly); a lookup over HTTP
 * to the register itself is not built. */
#ifndef HELSAMI_INTEGRATIONS_KRR_H
#define HELSAMI_INTEGRATIONS_KRR_H

#include <stdbool.h>

#include "db/db.h"

status krr_reserved(db_conn *c, const char *nin, bool *out);

#endif
