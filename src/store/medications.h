/* medications.h (store) — SQL for medications (SPEC.md H1): prescriptions
 * registered by clinicians, the citizen's renewal requests (one open request
 * per medication, by a partial unique index) and comments. Every query that
 * takes a patient id returns that patient's rows only; list queries take
 * `for_guardian`, which leaves out items marked hidden from guardians
 * (parents of children aged 12–15) and everything attached to them. Strings
 * returned live in the given arena; lists are arena arrays. */
#ifndef HELSAMI_STORE_MEDICATIONS_H
#define HELSAMI_STORE_MEDICATIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"

typedef struct medication {
	int64_t id, patient_id;
	const char *name;                 /* "Metformin" */
	const char *strength;             /* "500 mg" */
	const char *dosage;               /* "1 tablett morgen og kveld" */
	int64_t prescriber_id;            /* staff id */
	const char *prescriber_name;      /* read: given and family name */
	const char *prescriber_title;     /* read */
	int64_t unit_id;                  /* the prescriber's unit: renewal requests go to its queue */
	const char *unit_name;            /* read */
	const char *start_date;           /* YYYY-MM-DD */
	const char *end_date;             /* YYYY-MM-DD, the prescription's last day; NULL: no end set */
	unix_time created_at, renewed_at; /* renewed_at 0: never renewed */
	unix_time stopped_at;             /* 0 while in use */
	int64_t stopped_by;               /* staff id, 0 while in use */
	const char *stopped_by_name;      /* read; NULL while in use */
	bool hidden_from_guardians;
} medication;

/* Renewal request states: sent and in_progress are open (in the queue). */
typedef struct med_renewal {
	int64_t id, medication_id, patient_id;
	int64_t unit_id;      /* whose queue: the prescriber's unit when it was sent */
	int64_t requested_by; /* person id: the citizen or their representative */
	const char *message;  /* the citizen's words, NULL when none */
	const char *status;   /* sent, in_progress, renewed, declined, closed */
	unix_time created_at;
	int64_t assigned_to;       /* staff id, 0 when nobody has taken it */
	const char *assigned_name; /* read */
	unix_time taken_at;
	const char *answer;           /* the clinician's words to the citizen, NULL when none */
	int64_t answered_by;          /* staff id, 0 while open */
	const char *answered_by_name; /* read */
	unix_time answered_at;
	bool hidden_from_guardians;
	/* Read by the queue and store_med_renewal_for_staff only. */
	const char *patient_name, *patient_birth_date, *unit_name;
} med_renewal;

typedef struct med_comment {
	int64_t id, medication_id, patient_id;
	int64_t author_id;       /* person id: the citizen or their representative */
	const char *author_name; /* read */
	const char *body;
	unix_time created_at;
	bool hidden_from_guardians;
} med_comment;

/* ---- medications ---------------------------------------------------------- */

/* Inserts m (all but the read fields and the stop/renewal fields). */
status store_med_insert(db_conn *c, const medication *m, int64_t *id);
/* The patient's medications, those in use first, each group newest start
 * first; at most max. */
status store_med_list(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, size_t max, medication **out,
                      size_t *n);
/* One medication of this patient; ST_NOT_FOUND for another patient's id, an
 * unknown id, or (for_guardian) one hidden from guardians. */
status store_med_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, bool for_guardian, medication *out);
/* Marks the patient's medication stopped by staff_id at `at`. ST_CONFLICT
 * when it is not this patient's or is already stopped (callers read it first
 * to tell those apart). */
status store_med_stop(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at);
/* A renewed prescription: the new last day and the renewing prescriber.
 * ST_CONFLICT when the medication is stopped. */
status store_med_renew(db_conn *c, int64_t id, int64_t prescriber_id, const char *end_date, unix_time at);
/* The unit a clinician prescribes in for this patient: the lowest-id unit
 * where they are a clinician and the patient is a patient, else (emergency
 * access) their lowest-id clinician unit; ST_NOT_FOUND when they are no
 * unit's clinician. */
status store_med_prescribing_unit(db_conn *c, int64_t staff_id, int64_t patient_id, int64_t *unit_id);

/* ---- renewal requests ------------------------------------------------------ */

/* Inserts an open request (status sent). ST_CONFLICT when the medication
 * has an open request already (the unique index medication_renewal_open). */
status store_med_renewal_insert(db_conn *c, const med_renewal *r, int64_t *id);
/* The patient's requests, newest first; at most max. */
status store_med_renewals_of_patient(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, size_t max,
                                     med_renewal **out, size_t *n);
/* A request in a unit where staff_id is a clinician, with patient and unit
 * names; ST_NOT_FOUND otherwise. */
status store_med_renewal_for_staff(db_conn *c, arena *ar, int64_t staff_id, int64_t id, med_renewal *out);
/* Assigns an open request to staff_id (status in_progress); ST_CONFLICT when
 * it is no longer open. */
status store_med_renewal_take(db_conn *c, int64_t id, int64_t staff_id, unix_time at);
/* Finishes an open request: status renewed, declined or closed, with the
 * answer (NULL for none); an unassigned request becomes staff_id's.
 * ST_CONFLICT when it is no longer open. */
status store_med_renewal_finish(db_conn *c, int64_t id, int64_t staff_id, const char *status, const char *answer,
                                unix_time at);
/* Closes the medication's open request, if any (when it is stopped). */
status store_med_renewal_close_open(db_conn *c, int64_t medication_id, int64_t staff_id, unix_time at);
/* Open requests in the units where staff_id is a clinician, oldest first,
 * with patient and unit names (no medication names: see web/medications.c);
 * at most max. */
status store_med_renewal_queue(db_conn *c, arena *ar, int64_t staff_id, size_t max, med_renewal **out, size_t *n);

/* ---- comments -------------------------------------------------------------- */

/* Inserts a comment; its patient must be the medication's (a foreign key on
 * both columns): ST_CONFLICT otherwise. */
status store_med_comment_insert(db_conn *c, const med_comment *m, int64_t *id);
/* The patient's comments, newest first; at most max. */
status store_med_comments_of_patient(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, size_t max,
                                     med_comment **out, size_t *n);

#endif
