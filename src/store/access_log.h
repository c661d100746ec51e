/* access_log.h (store) — the citizen's view of the access log (SPEC.md D3):
 * entries about one patient written by anyone but the patient, newest first,
 * with the names a person can read (the actor, their staff title and unit,
 * the person acted for). Both queries walk the index on
 * audit_log(patient_id, at), so their cost depends on this patient's
 * entries only, never on how many patients there are. */
#ifndef HELSAMI_STORE_ACCESS_LOG_H
#define HELSAMI_STORE_ACCESS_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"

typedef struct access_log_row {
	int64_t id;
	unix_time at;
	const char *actor_kind; /* staff, representative, system */
	const char *action, *what, *purpose;
	const char *actor_role;                           /* staff: clinician, office, ...; NULL otherwise */
	const char *actor_given_name, *actor_family_name; /* NULL when no person acted (system) */
	const char *staff_title;                          /* NULL unless staff */
	const char *unit_name;                            /* NULL unless the entry names a unit */
	int64_t on_behalf_of;                             /* 0 when acting for oneself */
	const char *behalf_given_name, *behalf_family_name;
} access_log_row;

/* Entries about patient_id with from <= at < to, not written by the patient
 * themself, newest first (ties in the order written, newest first), skipping
 * `offset` and returning at most `limit` in *out (arena array; *n of them).
 * With guardian_view, entries about items hidden from the parents of a child
 * of 12-15, and about setting those marks, are left out (a parent sees no
 * trace of a hidden item). The reason free text, ids of people and IPs are
 * never read. */
status store_access_log_page(db_conn *c, arena *ar, int64_t patient_id, unix_time from, unix_time to,
                             bool guardian_view, int64_t limit, int64_t offset, access_log_row **out, size_t *n);
/* How many entries store_access_log_page can page through. */
status store_access_log_count(db_conn *c, int64_t patient_id, unix_time from, unix_time to, bool guardian_view,
                              int64_t *out);

/* The SQL the two functions above run (parameters: page $1 patient, $2 from,
 * $3 to, $4 limit, $5 offset, $6 guardian view 0/1; count $1-$3, the
 * guardian's count leaving out what is hidden from guardians), exported so the conformance suite can EXPLAIN the very
 * text the product runs rather than a copy that could drift from it. */
extern const char store_access_log_page_sql[];
extern const char store_access_log_count_sql[];
extern const char store_access_log_guardian_count_sql[];

#endif
