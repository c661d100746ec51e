/* record_access.h (store) — requests for access to the record (SPEC.md
 * D2, pasient- og brukerrettighetsloven § 5-1): what, which period, which
 * unit, the deadline, and how each was answered (an extract in the
 * document centre, or a refusal with its reason). Rules live in
 * domain/record_access.h; every citizen query has the patient in its WHERE
 * and every staff query the staff member's clinician units. */
#ifndef HELSAMI_STORE_RECORD_ACCESS_H
#define HELSAMI_STORE_RECORD_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"
#include "store/visits.h"

typedef struct record_access_request {
	int64_t id, patient_id, unit_id, requested_by;
	const char *parts;               /* comma-separated part codes, e.g. "visits,allergies" */
	const char *from_date, *to_date; /* YYYY-MM-DD, the period the extract covers */
	const char *message;             /* the requester's words, NULL when none */
	bool for_guardian;               /* a parent of a child of 12-15 asked: hidden items left out */
	const char *status;              /* received, fulfilled, refused */
	unix_time created_at;
	const char *due_date; /* YYYY-MM-DD: the last day (30 days after it came in) */
	int64_t receipt_id, document_id, handled_by;
	unix_time handled_at;
	const char *refusal_reason; /* danger_to_life_or_health, regard_for_others; NULL unless refused */
	const char *refusal_text;
	/* read */
	const char *unit_name, *municipality, *unit_phone, *patient_name, *patient_birth_date, *requested_by_name,
	    *handled_by_name;
} record_access_request;

status store_record_access_insert(db_conn *c, const record_access_request *r, int64_t *id);
status store_record_access_set_receipt(db_conn *c, int64_t id, int64_t receipt_id);
/* The patient's requests, newest first. */
status store_record_access_of_patient(db_conn *c, arena *ar, int64_t patient_id, size_t max,
                                      record_access_request **out, size_t *n, bool *more);
/* One of the patient's; ST_NOT_FOUND for anyone else's. */
status store_record_access_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, record_access_request *out);
/* The queue: requests still to answer at units where staff_id is a
 * clinician, the earliest deadline first. */
status store_record_access_queue(db_conn *c, arena *ar, int64_t staff_id, size_t max, record_access_request **out,
                                 size_t *n, bool *more);
/* One request at a unit where staff_id is a clinician; ST_NOT_FOUND otherwise. */
status store_record_access_for_staff(db_conn *c, arena *ar, int64_t staff_id, int64_t id, record_access_request *out);
/* Answers a received request: document_id the extract or the refusal
 * letter; reason and text for a refusal (NULL for an extract).
 * ST_CONFLICT when it was answered meanwhile. */
status store_record_access_answer(db_conn *c, int64_t id, const char *to, int64_t document_id, int64_t staff_id,
                                  const char *reason, const char *text, unix_time at);
/* The units whose record the person is in (not a services office), by name. */
status store_record_units_of_patient(db_conn *c, arena *ar, int64_t patient_id, unit_choice **out, size_t *n);

#endif
