/* care_team.h (store) — "My health contacts" (SPEC.md C1): the clinicians
 * in a patient's care team, each in a role (gp, public_health_nurse,
 * home_care_primary, follow_up) at a unit. There is no role for other
 * home-care workers, so they can never be listed; the schema allows one GP
 * and one home-care primary contact at a time. Only the SQL; the rules are
 * in domain/care_team.c. Strings live in the given arena. */
#ifndef HELSAMI_STORE_CARE_TEAM_H
#define HELSAMI_STORE_CARE_TEAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"

typedef struct care_team_member {
	int64_t id, patient_id, staff_id, unit_id;
	const char *role;  /* gp, public_health_nurse, home_care_primary, follow_up */
	const char *since; /* YYYY-MM-DD */
	int64_t added_by;  /* staff id, 0 when seeded */
	unix_time added_at;
	bool hidden_from_guardians;
	/* Filled by the list: the staff member and the unit. */
	const char *name, *title, *unit_name, *unit_phone, *unit_kind;
} care_team_member;

/* The patient's current care team: GP, public health nurse, home-care
 * primary contact, then follow-up, each by name. */
status store_care_team(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, care_team_member **out, size_t *n);
/* Adds a member; ST_CONFLICT when that person already has the role, or the
 * patient already has a GP / home-care primary contact. */
status store_care_team_insert(db_conn *c, const care_team_member *m, int64_t *id);
/* Ends a current member of this patient's team; ST_NOT_FOUND otherwise. */
status store_care_team_end(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at);

/* Who can be put in a patient's team: each staff member working as
 * clinician at a unit the patient is a patient/user of, with that unit. */
typedef struct care_team_candidate {
	int64_t staff_id, unit_id;
	const char *name, *title, *unit_name, *unit_kind;
} care_team_candidate;

status store_care_team_candidates(db_conn *c, arena *ar, int64_t patient_id, care_team_candidate **out, size_t *n);

/* The first unit (lowest id) where the staff member works as clinician:
 * where a change is recorded when the chart was opened under emergency
 * access. ST_NOT_FOUND when none. */
status store_staff_clinical_unit(db_conn *c, int64_t staff_id, int64_t *unit_id);

#endif
