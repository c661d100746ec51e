/* login.h — OpenID Connect login attempts: state, nonce and PKCE verifier
 * kept server-side, keyed by a hash of the state, single use, short-lived.
 * (Security events are in store/session.h.) Strings returned live in the
 * given arena. */
#ifndef HELSAMI_STORE_LOGIN_H
#define HELSAMI_STORE_LOGIN_H

#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"

typedef struct login_attempt {
	const char *state_hash; /* lowercase hex SHA-256 of the state */
	const char *provider;   /* "idporten", "helseid" */
	const char *nonce;
	const char *code_verifier; /* a secret: the caller wipes its copy after use */
	const char *return_to;     /* may be NULL */
	unix_time created_at;
} login_attempt;

/* Records a started attempt. ST_CONFLICT if the state hash exists (a
 * collision of 128-bit random states: a bug). */
status store_login_attempt_insert(db_conn *c, const login_attempt *a);

/* Takes the attempt for state_hash of provider, in one transaction: looks it
 * up and marks it used (blanking its verifier and nonce in the database),
 * so a state works once. Returns ST_OK with *out filled (strings in ar) when
 * it was unused and younger than max_age seconds at now; ST_NOT_FOUND when
 * unknown (or another provider's); ST_DENIED when already used; ST_INVALID
 * when expired (marked used all the same). */
status store_login_attempt_take(db_conn *c, arena *ar, const char *provider, const char *state_hash, unix_time now,
                                int64_t max_age, login_attempt *out);

/* Deletes attempts started before `before` (housekeeping). */
status store_login_attempt_purge(db_conn *c, unix_time before);

#endif
