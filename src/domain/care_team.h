/* care_team.h — "My health contacts" (SPEC.md C1): the GP, the public
 * health nurse, the primary contact in home care (only the primary contact,
 * never the other home-care workers) and other clinicians with long-term
 * follow-up, kept by clinicians in a care-team table (W2).
 *
 * A member is a clinician of a unit the patient is a patient/user of, in a
 * role that fits the unit: gp at a GP office, public_health_nurse at a
 * health station, home_care_primary in home care, follow_up anywhere.
 * Citizens read under CAP_C1_CARE_TEAM; staff changes and reads are logged
 * with chart_audit (what: care_team). */
#ifndef HELSAMI_DOMAIN_CARE_TEAM_H
#define HELSAMI_DOMAIN_CARE_TEAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/core.h"
#include "domain/record.h"
#include "store/care_team.h"

/* gp, public_health_nurse, home_care_primary, follow_up; NULL-terminated. */
extern const char *const care_team_roles[];

/* The care team of x->subject_id (CAP_C1_CARE_TEAM, else ST_DENIED). */
status care_team_get(const ctx *x, care_team_member **out, size_t *n);

typedef struct staff_care_team {
	record_patient patient;
	care_team_member *members;
	size_t n_members;
	care_team_candidate *candidates; /* who can be added */
	size_t n_candidates;
} staff_care_team;

/* The team and who can be added, for a clinician (one logged read). */
status care_team_staff_get(const ctx *x, int64_t patient_id, staff_care_team *out);

typedef struct care_team_in {
	int64_t staff_id, unit_id; /* one of the candidates */
	const char *role;
	const char *since; /* YYYY-MM-DD, not in the future; NULL: today */
	bool hidden_from_guardians;
} care_team_in;

/* Adds a member. ST_INVALID with problems on fields member (not a
 * candidate), role (unknown, or not fitting the unit's kind; or the patient
 * already has a GP / primary contact, or this person in this role) and
 * since. */
status care_team_staff_add(const ctx *x, int64_t patient_id, const care_team_in *in, problems *pr);
/* Ends a member's place in the team; ST_NOT_FOUND for any other id. */
status care_team_staff_remove(const ctx *x, int64_t patient_id, int64_t member_id);

#endif
