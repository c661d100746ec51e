/* summary.h — the health summary (SPEC.md H6) and what it groups: allergies
 * (H3) with the citizen's request to add one and the clinicians' queue for
 * those requests (W3), health issues (H5, the problem list) and vaccines
 * (H4, imported from the national immunisation registry).
 *
 * Citizens read x->subject_id's record, each part under its own capability
 * (ST_DENIED without it; pages answer 404). A representative's read is in
 * the access log; a parent of a 12-15-year-old does not see items hidden
 * from guardians. Staff work on a chart through domain/record.h: every read
 * and change is logged with chart_audit (what: health.allergies,
 * health.issues, health.vaccines), in the same transaction.
 *
 * The allergy request queue. A request goes to one unit: the citizen's GP
 * office; without one, the health station, care home, home care or hospital
 * department they are a patient of, in that order (the unit that keeps
 * their summary list). Clinicians of that unit see it at
 * /staff/queues/allergies, take it, accept it (it becomes an allergy entry,
 * edited as needed) or decline it with a reason the citizen sees, and close
 * it out of the queue. */
#ifndef HELSAMI_DOMAIN_SUMMARY_H
#define HELSAMI_DOMAIN_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/core.h"
#include "domain/record.h"
#include "store/summary.h"

/* Limits, in characters. A substance name ("Penicillin", "Peanøtter",
 * "Bie- og vepsestikk") and a reaction fit well within these; the free text
 * and a reason are a short paragraph. A citizen may have a few requests open
 * at once, enough for any real need and too few to flood a queue. */
enum {
	ALLERGY_SUBSTANCE_MAX = 100,
	ALLERGY_REACTION_MAX = 200,
	ALLERGY_NOTE_MAX = 1000,
	ALLERGY_DECLINE_MIN = 5,
	ALLERGY_DECLINE_MAX = 500,
	ALLERGY_OPEN_REQUESTS_MAX = 5,
	ISSUE_DIAGNOSIS_MAX = 200,
	ISSUE_ICD10_MAX = 8, /* e.g. "E11.9" */
};

/* mild, moderate, severe, unknown; NULL-terminated. */
extern const char *const allergy_severities[];

/* ---- citizens --------------------------------------------------------------- */

typedef struct health_summary {
	/* Which parts the reader may see (capabilities H3, H4, H5). */
	bool has_allergies, has_vaccines, has_issues;
	allergy *allergies;
	size_t n_allergies;
	allergy_request *requests; /* the citizen's allergy requests, newest first */
	size_t n_requests;
	health_issue *issues;
	size_t n_issues;
	vaccination *vaccines; /* newest first */
	size_t n_vaccines;
} health_summary;

/* The summary of x->subject_id (CAP_H6_SUMMARY, else ST_DENIED). */
status summary_get(const ctx *x, health_summary *out);
/* The vaccines of x->subject_id (CAP_H4_VACCINES), newest first; the
 * newest max of them (a glimpse on the home page). */
status summary_vaccines(const ctx *x, vaccination **out, size_t *n);
status summary_vaccines_newest(const ctx *x, size_t max, vaccination **out, size_t *n);

typedef struct allergy_request_in {
	const char *substance; /* required */
	const char *reaction;  /* required: what happened */
	const char *note;      /* optional free text */
} allergy_request_in;

/* Sends a request to add an allergy to x->subject_id's record
 * (CAP_H3_ALLERGIES). ST_INVALID with problems (fields substance, reaction,
 * note); ST_CONFLICT with a problem on the form when ALLERGY_OPEN_REQUESTS_MAX
 * are open or no unit can take it. *id is the request's id. */
status summary_request_allergy(const ctx *x, const allergy_request_in *in, problems *pr, int64_t *id);

/* ---- staff: the chart ------------------------------------------------------------ */

typedef struct staff_summary {
	record_patient patient;
	allergy *allergies;
	size_t n_allergies;
	health_issue *issues;
	size_t n_issues;
	vaccination *vaccines;
	size_t n_vaccines;
} staff_summary;

/* The patient's allergies, problem list and vaccines for a clinician,
 * logged as three reads. */
status summary_staff_get(const ctx *x, int64_t patient_id, staff_summary *out);

typedef struct allergy_in {
	const char *substance, *reaction, *severity;
	bool hidden_from_guardians;
} allergy_in;

/* Registers an allergy (fields substance, reaction, severity). */
status summary_staff_add_allergy(const ctx *x, int64_t patient_id, const allergy_in *in, problems *pr);
/* Removes an allergy from the current list; ST_NOT_FOUND for an id that is
 * not a current allergy of this patient. */
status summary_staff_end_allergy(const ctx *x, int64_t patient_id, int64_t allergy_id);

typedef struct issue_in {
	const char *diagnosis;
	const char *icd10; /* optional: letter, two digits, optional . and 1-2 more */
	const char *since; /* optional date, not in the future */
	bool chronic, hidden_from_guardians;
} issue_in;

/* Adds to the problem list (fields diagnosis, icd10, since). */
status summary_staff_add_issue(const ctx *x, int64_t patient_id, const issue_in *in, problems *pr);
/* Resolves an issue; ST_NOT_FOUND as above. */
status summary_staff_end_issue(const ctx *x, int64_t patient_id, int64_t issue_id);

/* ---- staff: the allergy request queue (CAP_W3_QUEUES, clinicians) ------------------ */

/* The requests not yet closed in the units where x works as clinician,
 * oldest first (names and dates only are shown, so the list is not logged). */
status allergy_queue_list(const ctx *x, allergy_request **out, size_t *n);
/* One request of those units (closed ones too), with its patient; the read
 * is logged. ST_NOT_FOUND for any other id. */
status allergy_queue_get(const ctx *x, int64_t id, allergy_request *out, record_patient *patient);
/* Takes it; ST_CONFLICT when someone else has it or it is answered. */
status allergy_queue_take(const ctx *x, int64_t id);
/* Accepts it: an allergy entry from in (fields substance, reaction,
 * severity), logged as a change. ST_CONFLICT as for take. */
status allergy_queue_accept(const ctx *x, int64_t id, const allergy_in *in, problems *pr);
/* Declines it with a reason the citizen sees (field reason). */
status allergy_queue_decline(const ctx *x, int64_t id, const char *reason, problems *pr);
/* Closes an answered request; ST_CONFLICT while open or once closed. */
status allergy_queue_close(const ctx *x, int64_t id);

/* ---- the immunisation registry import ---------------------------------------------- */

enum vaccine_import_outcome { VACCINE_ADDED, VACCINE_UPDATED, VACCINE_UNCHANGED };

typedef struct vaccine_import_in {
	const char *nin, *atc_code, *vaccine_name, *given_on, *batch;
	int64_t dose;
} vaccine_import_in;

/* Why a line was refused after parsing: the person, or the date against
 * the person and the clock. */
enum vaccine_import_error {
	VACCINE_IMPORT_OK = 0,
	VACCINE_IMPORT_UNKNOWN_PERSON,
	VACCINE_IMPORT_BEFORE_BIRTH,
	VACCINE_IMPORT_FUTURE,
};

/* Stores one vaccination by the registry's key (person, ATC code, date,
 * dose): added, updated (a corrected name or batch) or unchanged. Runs
 * inside the caller's transaction on x->db, as the system actor; a change is
 * logged in the patient's access log (what health.vaccines, purpose system).
 * ST_INVALID with *why set when the line cannot be stored. */
status vaccine_import_one(const ctx *x, const vaccine_import_in *in, enum vaccine_import_outcome *outcome,
                          enum vaccine_import_error *why);

#endif
