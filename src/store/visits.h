/* visits.h (store) — visits with their after-visit summaries (SPEC.md P7),
 * stays in municipal institutions and referrals (P8). Only the SQL; the
 * rules are in domain/visits.c.
 *
 * Citizen queries and staff queries are separate functions on purpose: the
 * citizen ones never return a home-care visit (kind 'home_care' is in their
 * WHERE), never a visit after `today`, and never a note that is not shared
 * (the note column is NULL unless shared). Every query has the patient id
 * in its WHERE. Strings live in the given arena; NULL means "not given". */
#ifndef HELSAMI_STORE_VISITS_H
#define HELSAMI_STORE_VISITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"

/* ---- visits (P7) ------------------------------------------------------------ */

typedef struct visit {
	int64_t id, patient_id, unit_id;
	int64_t clinician_id;     /* staff id of who treated */
	const char *kind;         /* consultation, video, phone, responsibility_group_meeting, home_care */
	const char *visit_date;   /* YYYY-MM-DD, Norway's calendar */
	const char *visit_time;   /* HH:MM in Norway's time, NULL when not given */
	const char *place;        /* e.g. "in the patient's home"; NULL when the unit says it all */
	const char *summary;      /* the after-visit summary */
	const char *note;         /* the clinician's note: citizen reads only when shared */
	const char *note_status;  /* none, draft, shared */
	unix_time note_shared_at; /* 0 unless shared */
	unix_time created_at;
	bool hidden_from_guardians;
	/* Filled by reads. */
	const char *unit_name, *clinician_name, *clinician_title;
} visit;

status store_visit_insert(db_conn *c, const visit *v, int64_t *id);
/* The citizen's past visits (on or before today), newest first: never
 * home-care visits; the note only when shared. */
status store_visits_for_citizen(db_conn *c, arena *ar, int64_t patient_id, const char *today, bool for_guardian,
                                visit **out, size_t *n);
/* One of them; ST_NOT_FOUND for any other id (another patient's, a
 * home-care visit, a future one, one hidden from guardians). */
status store_visit_for_citizen(db_conn *c, arena *ar, int64_t patient_id, int64_t id, const char *today,
                               bool for_guardian, visit *out);
/* Staff: every visit of the patient, home care and draft notes included. */
status store_visits_for_staff(db_conn *c, arena *ar, int64_t patient_id, visit **out, size_t *n);
status store_visit_for_staff(db_conn *c, arena *ar, int64_t patient_id, int64_t id, visit *out);
/* Saves the note as a draft; ST_CONFLICT once it is shared. */
status store_visit_note_draft(db_conn *c, int64_t patient_id, int64_t id, const char *note);
/* Saves and shares the note; ST_CONFLICT when already shared or the visit
 * is a home-care visit (the schema refuses that too). */
status store_visit_note_share(db_conn *c, int64_t patient_id, int64_t id, const char *note, unix_time at);

/* ---- stays (P8) ------------------------------------------------------------------ */

typedef struct stay {
	int64_t id, patient_id, unit_id;
	const char *kind;      /* short_term, long_term, respite */
	const char *from_date; /* YYYY-MM-DD */
	const char *to_date;   /* NULL while open-ended */
	int64_t created_by;
	unix_time created_at;
	bool hidden_from_guardians;
	const char *unit_name, *unit_phone;
} stay;

status store_stay_insert(db_conn *c, const stay *s, int64_t *id);
/* Past, current and planned stays, newest first. */
status store_stays(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, stay **out, size_t *n);

/* ---- referrals (P8) ------------------------------------------------------------- */

typedef struct referral {
	int64_t id, patient_id;
	int64_t from_unit_id; /* 0 when none */
	int64_t to_unit_id;
	int64_t referred_by; /* staff id */
	const char *sent_on; /* YYYY-MM-DD */
	const char *status;  /* sent, received, assessed, appointment_given */
	unix_time status_at;
	const char *pathway; /* patient pathway (pakkeforløp) name, NULL when none */
	unix_time created_at;
	bool hidden_from_guardians;
	const char *from_unit_name, *to_unit_name, *referred_by_name;
} referral;

status store_referral_insert(db_conn *c, const referral *r, int64_t *id);
/* The patient's referrals, newest first. */
status store_referrals(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, referral **out, size_t *n);
/* One referral of this patient; ST_NOT_FOUND otherwise. */
status store_referral_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, referral *out);
/* Sets the status of one referral of this patient; ST_NOT_FOUND otherwise. */
status store_referral_set_status(db_conn *c, int64_t patient_id, int64_t id, const char *status, unix_time at);

/* ---- units ------------------------------------------------------------------------ */

typedef struct unit_choice {
	int64_t id;
	const char *name, *kind;
} unit_choice;

/* Every unit of this kind (care_home for stays, hospital_department for
 * referrals), by name. */
status store_units_of_kind(db_conn *c, arena *ar, const char *kind, unit_choice **out, size_t *n);

#endif
