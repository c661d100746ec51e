/* chart.h (store) — SQL for the staff workspace's access to patients: the
 * unit a staff member shares with a patient, emergency access, and patient
 * search among the staff member's units. */
#ifndef HELSAMI_STORE_CHART_H
#define HELSAMI_STORE_CHART_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"
#include "store/register.h"

/* A unit where the staff member holds one of `roles` (enum staff_role bits)
 * and the patient is a patient/user: the clinician role first, then the
 * lowest unit id; ST_NOT_FOUND when none. The role lives in the arena. */
status store_staff_unit_for_patient(db_conn *c, arena *ar, int64_t staff_id, int64_t patient_id, unsigned roles,
                                    int64_t *unit_id, const char **role);
/* Whether the staff member works, in any role, at a unit of the patient's. */
status store_staff_shares_unit(db_conn *c, int64_t staff_id, int64_t patient_id, bool *out);

/* A declared emergency access still valid at `at`: its id, else ST_NOT_FOUND. */
status store_emergency_access_valid(db_conn *c, int64_t staff_id, int64_t patient_id, unix_time at, int64_t *id);
status store_emergency_access_insert(db_conn *c, int64_t staff_id, int64_t patient_id, const char *reason, unix_time at,
                                     unix_time expires_at, int64_t *id);

typedef struct patient_hit {
	int64_t id;
	const char *nin, *given_name, *family_name, *birth_date;
} patient_hit;

/* Patients of the units where the staff member holds one of `roles`, with
 * this identity number (0 or 1, at most max), in an arena array (*n of them). */
status store_chart_find_by_nin(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, const char *nin, size_t max,
                               patient_hit **out, size_t *n);
/* Patients of the units where the staff member holds one of `roles`, whose
 * family name starts with prefix, by name; at most max, in an arena array. */
status store_chart_find_by_name(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, const char *prefix, size_t max,
                                patient_hit **out, size_t *n);

#endif
