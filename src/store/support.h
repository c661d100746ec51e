/* support.h (store) — SQL for user-support cases (SPEC.md U1): a citizen's
 * question or request to correct or erase record information, routed to
 * one unit and decided there, or a question about helsami that belongs to
 * no unit and goes to the national support desk. Patient queries return
 * that patient's rows only; staff queries only cases of units where the
 * staff member holds one of the given roles (and, for the support role,
 * the cases without a unit when they are on the desk). Strings live in the
 * given arena. */
#ifndef HELSAMI_STORE_SUPPORT_H
#define HELSAMI_STORE_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"

typedef struct support_case {
	int64_t id, patient_id, author_id;
	int64_t unit_id;                 /* 0: no unit, the national support desk's */
	const char *kind;                /* use, content, correct, erase */
	const char *body;                /* the citizen's words */
	const char *status;              /* open, done, partly, refused */
	int64_t assigned_to, decided_by; /* staff ids; 0: none (assigned_to: support who took or sent it on) */
	const char *answer;              /* NULL until decided (required when refused) */
	unix_time decided_at, created_at;
	unix_time forwarded_at; /* 0: with support; else with the unit's clinicians for the decision */
	int64_t forwarded_to;   /* the clinician it went to; 0: any clinician of the unit */
	/* read */
	const char *unit_name; /* NULL when unit_id is 0 */
	const char *patient_name, *author_name, *decided_by_name;
	const char *forwarded_to_name; /* NULL when forwarded_to is 0 */
	const char *assigned_to_name;  /* NULL when assigned_to is 0 */
} support_case;

/* A step in a case's history: taken by support, or sent on to a
 * clinician (to_staff; 0: all of the unit's clinicians). */
typedef struct support_event {
	int64_t case_id, by_staff, to_staff;
	const char *action; /* taken, forwarded */
	unix_time at;
	/* read */
	const char *by_name, *to_name; /* to_name NULL when to_staff is 0 */
} support_event;

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
/* The case when it is at a unit where staff_id holds one of roles, or has
 * no unit and staff_id, holding one of roles, is on the support desk. */
status store_support_for_staff(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, int64_t id, support_case *out);
/* Those cases still open, oldest first. */
status store_support_queue(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, size_t max, support_case **out,
                           size_t *n, bool *more);
/* Decides an open case that is forwarded (by a clinician) or not (by
 * support) as `forwarded` says; ST_CONFLICT when it is decided already or
 * is not where the decider's side is. */
status store_support_decide(db_conn *c, int64_t id, bool forwarded, const char *decision, const char *answer,
                            int64_t staff_id, unix_time at);
/* Marks an open case not forwarded as taken by staff_id; ST_CONFLICT
 * otherwise. */
status store_support_take(db_conn *c, int64_t id, int64_t staff_id);
/* Forwards an open case to clinician to_staff (0: the unit's clinicians),
 * first or again, when its forwarded_at is still seen_at (0: never
 * forwarded), so two who send it on at once do not both win; when assign,
 * by_staff (support) also takes it. ST_CONFLICT otherwise. */
status store_support_forward(db_conn *c, int64_t id, unix_time seen_at, int64_t by_staff, int64_t to_staff, bool assign,
                             unix_time at);
/* Appends a step to the case's history. */
status store_support_event_add(db_conn *c, const support_event *e);
/* The case's history, oldest first. */
status store_support_events(db_conn *c, arena *ar, int64_t case_id, size_t max, support_event **out, size_t *n);
/* Puts the staff member on the national support desk or takes them off. */
status store_staff_set_support_desk(db_conn *c, int64_t staff_id, bool on);
/* A forwarded case at a unit where staff_id holds one of roles, forwarded to
 * them or to the unit's clinicians; ST_NOT_FOUND otherwise. */
status store_support_for_clinician(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, int64_t id,
                                   support_case *out);
/* Those cases still open, the earliest forwarded first. */
status store_support_clinician_queue(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, size_t max,
                                     support_case **out, size_t *n, bool *more);

#endif
