/* support.h (store) — SQL for user-support cases (SPEC.md U1): a citizen's
 * question or request to correct or erase record information, routed to
 * one unit and decided there. Patient queries return that patient's rows
 * only; staff queries only cases of units where the staff member holds one
 * of the given roles. Strings live in the given arena. */
#ifndef HELSAMI_STORE_SUPPORT_H
#define HELSAMI_STORE_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"

typedef struct support_case {
	int64_t id, patient_id, author_id, unit_id;
	const char *kind;                /* use, content, correct, erase */
	const char *body;                /* the citizen's words */
	const char *status;              /* open, done, partly, refused */
	int64_t assigned_to, decided_by; /* staff ids; 0: none */
	const char *answer;              /* NULL until decided (required when refused) */
	unix_time decided_at, created_at;
	/* read */
	const char *unit_name, *patient_name, *author_name, *decided_by_name;
} support_case;

/* A unit the patient is a patient of, by name. */
typedef struct support_unit {
	int64_t id;
	const char *name;
} support_unit;
status store_support_units(db_conn *c, arena *ar, int64_t patient_id, size_t max, support_unit **out, size_t *n);

status store_support_insert(db_conn *c, const support_case *k, int64_t *id);
/* The patient's cases, newest first. */
status store_support_of_patient(db_conn *c, arena *ar, int64_t patient_id, size_t max, support_case **out, size_t *n);
/* The patient's case; ST_NOT_FOUND for anyone else's. */
status store_support_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, support_case *out);
/* The case when it is at a unit where staff_id holds one of roles. */
status store_support_for_staff(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, int64_t id, support_case *out);
/* Open cases of those units, oldest first. */
status store_support_queue(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, size_t max, support_case **out,
                           size_t *n, bool *more);
/* Decides an open case; ST_CONFLICT when it is decided already. */
status store_support_decide(db_conn *c, int64_t id, const char *decision, const char *answer, int64_t staff_id,
                            unix_time at);

#endif
