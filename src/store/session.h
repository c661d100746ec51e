/* session.h (store) — SQL for login sessions, accounts and security events.
 * Strings returned live in the given arena. */
#ifndef HELSAMI_STORE_SESSION_H
#define HELSAMI_STORE_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/session.h"
#include "core/arena.h"
#include "db/db.h"

status store_session_insert(db_conn *c, const session *s, const char *token_hash, int64_t *id);
/* A session not yet ended, by token hash. */
status store_session_by_token(db_conn *c, arena *ar, const char *token_hash, session *out);
status store_session_touch(db_conn *c, int64_t id, unix_time at);
status store_session_set_acting_for(db_conn *c, int64_t id, int64_t person_id);
status store_session_end(db_conn *c, int64_t id, unix_time at);
status store_session_end_by_sid(db_conn *c, const char *provider, const char *sid, unix_time at, int64_t *ended);
status store_session_end_for_person(db_conn *c, int64_t person_id, unix_time at);

typedef struct account {
	int64_t person_id;
	unix_time created_at;
	unix_time deactivated_at; /* 0 while active */
	unix_time last_login_at;
} account;

status store_account_get(db_conn *c, int64_t person_id, account *out);
/* Creates the account at the first login, else records the login time. */
status store_account_record_login(db_conn *c, int64_t person_id, unix_time at);
status store_account_set_deactivated(db_conn *c, int64_t person_id, unix_time at); /* 0 reactivates */

/* Staff roles over all the staff member's units, as enum staff_role bits; 0 when
 * the staff member is no longer active (or holds no role anywhere). */
status store_staff_roles(db_conn *c, int64_t staff_id, unsigned *roles);

typedef struct security_event {
	unix_time at;
	const char *kind;            /* login, login_refused, logout, session_expired, deactivated, reactivated,
	                                identity_lookup, patient_search, ... */
	const char *provider;        /* may be NULL */
	int64_t person_id, staff_id; /* 0 when unknown */
	const char *reason;          /* a code, never personal data */
} security_event;

status store_security_event_add(db_conn *c, const security_event *e);
/* Number of events of a kind (tests and operators). */
status store_security_event_count(db_conn *c, const char *kind, int64_t *out);
/* Number of events of a kind for a person at or after `since` (rate limits). */
status store_security_event_count_for(db_conn *c, const char *kind, int64_t person_id, unix_time since, int64_t *out);

#endif
