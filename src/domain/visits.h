/* visits.h — past visits with their after-visit summaries (SPEC.md P7):
 * where (the unit, and a place such as the patient's home), when, who
 * treated, other relevant information, and the clinician's note once it is
 * shared; stays in municipal institutions and referrals with their patient
 * pathways (P8).
 *
 * Home-care visits and their notes are never shown to citizens: the citizen
 * queries leave kind 'home_care' out in SQL, and a home-care note can never
 * be shared. Multidisciplinary meetings in the home
 * (responsibility_group_meeting) are shown. A note is written as a draft
 * and shared when the clinician decides; a shared note is final.
 *
 * Citizens read under CAP_P7_VISITS and CAP_P8_STAYS_REFERRALS; staff reads
 * and changes are logged with chart_audit (what: visits, stays, referrals). */
#ifndef HELSAMI_DOMAIN_VISITS_H
#define HELSAMI_DOMAIN_VISITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/core.h"
#include "domain/record.h"
#include "store/visits.h"

/* Limits, in characters: a summary and a note are a page or two; a place
 * and a pathway's name are a line. */
enum {
	VISIT_SUMMARY_MAX = 4000,
	VISIT_NOTE_MAX = 8000,
	VISIT_PLACE_MAX = 100,
	REFERRAL_PATHWAY_MAX = 120,
};

/* NULL-terminated code lists. */
extern const char *const visit_kind_codes[];      /* every kind, home_care included */
extern const char *const stay_kind_codes[];       /* short_term, long_term, respite */
extern const char *const referral_status_codes[]; /* sent, received, assessed, appointment_given, in order */

/* ---- citizens ------------------------------------------------------------------ */

typedef struct citizen_visits {
	bool has_visits, has_stays; /* capabilities P7, P8 */
	visit *visits;
	size_t n_visits;
	stay *stays;
	size_t n_stays;
	referral *referrals;
	size_t n_referrals;
} citizen_visits;

/* Past visits, stays and referrals of x->subject_id: whatever of P7 and P8
 * the reader holds (neither: ST_DENIED). */
status visits_get(const ctx *x, citizen_visits *out);
/* One past visit's after-visit summary (CAP_P7_VISITS); ST_NOT_FOUND for
 * an id that is not a past, non-home-care visit of x->subject_id. */
status visits_get_one(const ctx *x, int64_t id, visit *out);
/* Stays and referrals only (CAP_P8_STAYS_REFERRALS), for the home page. */
status visits_stays_referrals(const ctx *x, stay **stays, size_t *n_stays, referral **referrals, size_t *n_referrals);

/* ---- staff ------------------------------------------------------------------------ */

typedef struct staff_visits {
	record_patient patient;
	visit *visits;
	size_t n_visits;
} staff_visits;

status visits_staff_get(const ctx *x, int64_t patient_id, staff_visits *out);

typedef struct visit_in {
	const char *kind, *visit_date, *visit_time, *place, *summary;
	const char *note; /* optional: saved as a draft */
	bool hidden_from_guardians;
} visit_in;

/* Records a visit treated by x at the unit shared with the patient (fields
 * kind, visit_date (not in the future), visit_time (HH:MM), place, summary,
 * note). */
status visits_staff_add(const ctx *x, int64_t patient_id, const visit_in *in, problems *pr);
/* Saves the note as a draft (share false) or saves and shares it (field
 * note). ST_NOT_FOUND for another patient's visit; ST_CONFLICT once shared;
 * sharing a home-care visit's note is ST_INVALID. */
status visits_staff_note(const ctx *x, int64_t patient_id, int64_t visit_id, const char *note, bool share,
                         problems *pr);

typedef struct staff_stays {
	record_patient patient;
	stay *stays;
	size_t n_stays;
	unit_choice *units; /* the municipal institutions */
	size_t n_units;
} staff_stays;

status stays_staff_get(const ctx *x, int64_t patient_id, staff_stays *out);

typedef struct stay_in {
	int64_t unit_id;
	const char *kind, *from_date, *to_date;
	bool hidden_from_guardians;
} stay_in;

/* Records a stay (fields unit, kind, from_date, to_date). */
status stays_staff_add(const ctx *x, int64_t patient_id, const stay_in *in, problems *pr);

typedef struct staff_referrals {
	record_patient patient;
	referral *referrals;
	size_t n_referrals;
	unit_choice *units; /* where one can refer to */
	size_t n_units;
} staff_referrals;

status referrals_staff_get(const ctx *x, int64_t patient_id, staff_referrals *out);

typedef struct referral_in {
	int64_t to_unit_id;
	const char *sent_on, *pathway;
	bool hidden_from_guardians;
} referral_in;

/* Records a sent referral (fields to_unit, sent_on, pathway). */
status referrals_staff_add(const ctx *x, int64_t patient_id, const referral_in *in, problems *pr);
/* Moves a referral on to a later status (field status); ST_NOT_FOUND for
 * another patient's referral. */
status referrals_staff_status(const ctx *x, int64_t patient_id, int64_t referral_id, const char *status_code,
                              problems *pr);

#endif
