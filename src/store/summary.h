/* summary.h (store) — the health summary's rows (SPEC.md H3–H6): allergies,
 * citizens' allergy requests and their queue, health issues (the problem
 * list) and vaccinations from the national immunisation registry. Only the
 * SQL: who may read or change what, validation and the access log live in
 * domain/summary.c.
 *
 * Every list takes the patient and for_guardian: true leaves out items
 * marked hidden_from_guardians (a parent looking at a child of 12-15).
 * Citizen and staff lists alike never return another patient's rows: the
 * patient id is part of every WHERE. Strings live in the given arena; NULL
 * stands for "not given". Lists are capped at RECORD_LIST_LIMIT rows. */
#ifndef HELSAMI_STORE_SUMMARY_H
#define HELSAMI_STORE_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"

/* ---- allergies (H3) ------------------------------------------------------- */

typedef struct allergy {
	int64_t id, patient_id;
	const char *substance;
	const char *reaction;  /* NULL when not known */
	const char *severity;  /* mild, moderate, severe, unknown */
	int64_t registered_by; /* staff id */
	int64_t unit_id;       /* 0 when none */
	unix_time registered_at;
	bool hidden_from_guardians;
	/* Filled by the lists: who registered it and where. */
	const char *registered_by_name, *unit_name;
} allergy;

status store_allergy_insert(db_conn *c, const allergy *a, int64_t *id);
/* The patient's current (not ended) allergies, oldest first. */
status store_allergies(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, allergy **out, size_t *n);
/* Ends a current allergy of this patient (registered in error, or gone);
 * ST_NOT_FOUND when the patient has no current allergy with that id. */
status store_allergy_end(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at);

/* ---- allergy requests (H3, W3) --------------------------------------------- */

typedef struct allergy_request {
	int64_t id, patient_id;
	int64_t requested_by; /* the person who asked: the patient or a representative */
	int64_t unit_id;      /* whose queue */
	const char *substance, *reaction;
	const char *note; /* NULL when none */
	unix_time created_at;
	const char *status; /* open, accepted, declined */
	int64_t taken_by;   /* staff id, 0 when nobody took it */
	unix_time taken_at;
	int64_t answered_by;
	unix_time answered_at;
	const char *decline_reason; /* declined only */
	int64_t allergy_id;         /* accepted only */
	unix_time closed_at;        /* 0 while in the queue */
	bool hidden_from_guardians;
	/* Filled by reads: the unit, the patient and the staff named above. */
	const char *unit_name;
	const char *patient_name, *patient_nin, *patient_birth_date;
	const char *taken_by_name, *answered_by_name;
} allergy_request;

status store_allergy_request_insert(db_conn *c, const allergy_request *r, int64_t *id);
/* The unit whose queue a patient's request goes to: the GP office they are
 * a patient of, else a health station, care home, home care or hospital
 * department in that order (lowest id within a kind); never a services
 * office. ST_NOT_FOUND when the patient has none of these. */
status store_allergy_request_unit(db_conn *c, int64_t patient_id, int64_t *unit_id);
/* The patient's requests, newest first. */
status store_allergy_requests_of(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, allergy_request **out,
                                 size_t *n);
/* How many of the patient's requests are still open. */
status store_allergy_requests_open_count(db_conn *c, int64_t patient_id, int64_t *n);
/* The queue: requests not yet closed in units where the staff member works
 * as clinician, oldest first. */
status store_allergy_queue(db_conn *c, arena *ar, int64_t staff_id, allergy_request **out, size_t *n);
/* One request, if it is in a unit where the staff member works as
 * clinician (closed or not); ST_NOT_FOUND otherwise. */
status store_allergy_request_for_staff(db_conn *c, arena *ar, int64_t staff_id, int64_t id, allergy_request *out);
/* Takes an open request nobody has taken (or that staff_id already has);
 * ST_CONFLICT when someone else has it or it is answered. */
status store_allergy_request_take(db_conn *c, int64_t id, int64_t staff_id, unix_time at);
/* Answers an open request that is untaken or taken by staff_id (taking it
 * too): accepted with the allergy entry made from it, or declined with a
 * reason. ST_CONFLICT when it is answered or someone else has it. */
status store_allergy_request_accept(db_conn *c, int64_t id, int64_t staff_id, int64_t allergy_id, unix_time at);
status store_allergy_request_decline(db_conn *c, int64_t id, int64_t staff_id, const char *reason, unix_time at);
/* Closes an answered request (out of the queue); ST_CONFLICT when it is
 * still open or already closed. */
status store_allergy_request_close(db_conn *c, int64_t id, unix_time at);

/* ---- health issues (H5) ----------------------------------------------------- */

typedef struct health_issue {
	int64_t id, patient_id;
	const char *diagnosis;
	const char *icd10; /* NULL when not coded */
	const char *since; /* YYYY-MM-DD, NULL when not known */
	bool chronic;      /* chronic or long-term */
	int64_t registered_by, unit_id;
	unix_time registered_at;
	bool hidden_from_guardians;
	const char *registered_by_name, *unit_name;
} health_issue;

status store_health_issue_insert(db_conn *c, const health_issue *h, int64_t *id);
/* The patient's current problem list: chronic first, then by since. */
status store_health_issues(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, health_issue **out, size_t *n);
/* Resolves a current issue of this patient; ST_NOT_FOUND otherwise. */
status store_health_issue_end(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at);

/* ---- vaccinations (H4) ---------------------------------------------------------- */

typedef struct vaccination {
	int64_t id, patient_id;
	const char *atc_code; /* ATC, e.g. J07BD52 */
	const char *vaccine_name;
	const char *given_on; /* YYYY-MM-DD */
	int64_t dose;         /* 1, 2, ... */
	const char *batch;    /* NULL when not given */
	unix_time imported_at;
	bool hidden_from_guardians;
} vaccination;

/* The patient's vaccinations, newest first. */
status store_vaccinations(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, size_t max, vaccination **out,
                          size_t *n);
/* The row with this registry key (patient, ATC code, date, dose), or
 * ST_NOT_FOUND. */
status store_vaccination_find(db_conn *c, arena *ar, int64_t patient_id, const char *atc_code, const char *given_on,
                              int64_t dose, vaccination *out);
/* Inserts; ST_CONFLICT when the key exists (the unique key). */
status store_vaccination_insert(db_conn *c, const vaccination *v, int64_t *id);
/* Replaces the name and batch of the row with v's key (a registry
 * correction); ST_NOT_FOUND when there is none. */
status store_vaccination_update(db_conn *c, const vaccination *v);

#endif
