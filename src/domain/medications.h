/* medications.h — the rules of medications (SPEC.md H1, W2, W3): clinicians
 * prescribe and stop; the citizen sees them, asks for a renewal (to the
 * queue of the prescriber's unit) and comments on them; clinicians of that
 * unit take, answer (renew or decline) and close renewal requests.
 *
 * Access: citizen functions need CAP_H1_MEDICATIONS on the open record
 * (x->subject_id) and answer ST_NOT_FOUND for ids of anyone else's data;
 * a representative's reads and changes are written to the access log
 * (audit_record, purpose "representation"). Staff functions need
 * CAP_W2_CLINICAL_RECORD (the chart) or CAP_W3_CLINICAL_QUEUES (the queue)
 * in their role at the patient's unit (authz_patient) and log every read and
 * change with chart_audit (what "health.medications") in the same
 * transaction; a patient outside the clinician's units is ST_NOT_FOUND
 * unless under emergency access. ST_DENIED means the role or capability is
 * missing.
 *
 * for_guardian: true when the reader is a guardian of a child aged 12–15
 * (SPEC.md, representation): items hidden from guardians, and their renewal
 * requests and comments, are left out and their ids are ST_NOT_FOUND.
 *
 * A refused change answers ST_INVALID with problems (domain/problems.h) on
 * the fields name, strength, dosage, start_date, end_date, message, body,
 * answer and note.
 *
 * Everything returned lives in x->arena. */
#ifndef HELSAMI_DOMAIN_MEDICATIONS_H
#define HELSAMI_DOMAIN_MEDICATIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/core.h"
#include "domain/chart.h"
#include "domain/problems.h"
#include "store/medications.h"
#include "store/register.h"

/* Limits, in characters. Names of medicines and strengths are short (the
 * longest in the Norwegian medicines register are well under 100); a dosage
 * instruction fits on a label; a renewal message is a few lines (H1 asks
 * for little), a comment or an answer about a page. */
enum {
	MED_NAME_MAX = 100,
	MED_STRENGTH_MAX = 50,
	MED_DOSAGE_MAX = 200,
	MED_MESSAGE_MAX = 500,
	MED_COMMENT_MAX = 1000,
	MED_ANSWER_MAX = 1000,
	/* A prescription is valid a year unless the prescriber sets otherwise;
	 * a new last day more than two years ahead is taken for a typo. */
	MED_RENEW_DEFAULT_DAYS = 365,
	MED_RENEW_MAX_DAYS = 2 * 366,
	/* Far more than anyone's medicine list; the store stops there. */
	MED_LIST_MAX = 500,
	MED_QUEUE_MAX = 500,
};

/* A medication with what hangs off it. */
typedef struct med_item {
	medication m;
	const med_renewal *latest;    /* the newest renewal request, NULL when none */
	bool open_request;            /* latest is sent or in_progress */
	bool expired;                 /* in use, but the prescription's last day has passed */
	const med_comment **comments; /* newest first */
	size_t ncomments;
} med_item;

typedef struct med_record {
	med_item *items; /* in use first, newest start first */
	size_t n;
	size_t in_use; /* items[0..in_use) are in use, the rest stopped */
} med_record;

/* ---- the citizen (H1) -------------------------------------------------------- */

/* The open record's medications with their latest renewal request and the
 * citizen's comments. */
status med_citizen_list(const ctx *x, bool for_guardian, med_record *out);
/* One medication of the open record; ST_NOT_FOUND for anyone else's id. */
status med_citizen_get(const ctx *x, bool for_guardian, int64_t med_id, med_item *out);
/* Asks for a renewal with an optional message (at most MED_MESSAGE_MAX
 * characters). ST_INVALID with a problem: message too long, or the
 * medication is stopped (field "message", key medications.error.stopped).
 * ST_CONFLICT when the medication has an open request already. */
status med_request_renewal(const ctx *x, bool for_guardian, int64_t med_id, const char *message, problems *pr);
/* Adds a comment (1..MED_COMMENT_MAX characters); ST_INVALID with a problem. */
status med_add_comment(const ctx *x, bool for_guardian, int64_t med_id, const char *body, problems *pr);

/* ---- the chart (W2) -------------------------------------------------------- */

typedef struct med_chart {
	chart_access access;
	person patient;
	med_record record; /* every item, comments included */
} med_chart;

/* The patient's medications for the chart (read, logged). */
status med_chart_get(const ctx *x, int64_t patient_id, med_chart *out);

typedef struct med_new {
	const char *name, *strength, *dosage;
	const char *start_date, *end_date; /* YYYY-MM-DD; end_date NULL: none */
	bool hidden_from_guardians;
} med_new;

/* Checks a prescription: required texts within their limits, real dates,
 * end not before start. Pure; adds every problem to *pr. */
void med_new_check(const med_new *in, problems *pr);
/* Prescribes (after med_new_check: ST_INVALID with problems) in the unit
 * the clinician shares with the patient (or their own, under emergency
 * access); logged as a create. */
status med_prescribe(const ctx *x, int64_t patient_id, const med_new *in, problems *pr, int64_t *id);
/* Stops the patient's medication and closes its open renewal request;
 * ST_NOT_FOUND for another patient's id, ST_CONFLICT when already stopped. */
status med_stop(const ctx *x, int64_t patient_id, int64_t med_id);

/* ---- the renewal queue (W3) ------------------------------------------------- */

/* Open requests of the clinician's units, oldest first: patient, unit,
 * status and who has taken it (never the medication: see web/medications.c). */
status med_queue(const ctx *x, med_renewal **out, size_t *n);

typedef struct med_request_view {
	med_renewal request;
	medication m;
	chart_access access;
	const med_comment **comments; /* the patient's comments on this medication, newest first */
	size_t ncomments;
	const char *default_end_date; /* what a renewal sets when no date is given */
} med_request_view;

/* One request of the clinician's units, with its medication (read, logged);
 * ST_NOT_FOUND for a request of another unit. */
status med_request_get(const ctx *x, int64_t request_id, med_request_view *out);
/* Takes the request (assigned to me, in progress). ST_CONFLICT when it is
 * no longer open. */
status med_request_take(const ctx *x, int64_t request_id);

enum med_decision { MED_RENEW, MED_DECLINE };

/* Answers an open request. Renew: the prescription's last day becomes
 * end_date (NULL: MED_RENEW_DEFAULT_DAYS from today; today..
 * MED_RENEW_MAX_DAYS ahead, not before the start) and the clinician becomes
 * its prescriber; the answer is optional. Decline: the answer (the reason)
 * is required. ST_INVALID with problems; ST_CONFLICT when the request is no
 * longer open or the medication has been stopped. */
status med_request_answer(const ctx *x, int64_t request_id, enum med_decision d, const char *answer,
                          const char *end_date, problems *pr);
/* Closes an open request without a decision (handled otherwise, say at a
 * consultation), with an optional note to the citizen. */
status med_request_close(const ctx *x, int64_t request_id, const char *note, problems *pr);

#endif
