/* results.h — test results (SPEC.md H2, W2, W3): what the citizen sees by
 * each type's release rule, and what clinicians do with results: enter,
 * review, release, and work the queue of results awaiting review.
 *
 * Release rules: `immediate` results are released when entered; an
 * `after_review` result is shown only once a clinician has released it;
 * `never` results are never in the portal (the clinician tells the patient
 * directly) and are not even counted. Releasing (and entering an immediate
 * result) adds a "test_result" event to the notification outbox in the same
 * transaction; the event holds the result's id only, never health data.
 *
 * Who: citizen functions serve the open record (x->subject_id) and need
 * CAP_H2_RESULTS; a representative's reads are written to the access log in
 * the same transaction, and a guardian's view (x->guardian_view) leaves out
 * results hidden from guardians. Staff functions need a clinician: the
 * chart capability for chart pages, the queue capability for the queue, and
 * the patient in one of their units as clinician or under emergency access
 * (domain/chart.h); office staff never see result values (ST_DENIED).
 * Every staff read and change is logged through chart_audit (what
 * "health.results") in the same transaction.
 *
 * Statuses: ST_DENIED (no capability, not a clinician), ST_NOT_FOUND (not
 * this person's, not visible, patient not reachable), ST_INVALID (with
 * problems), ST_CONFLICT (taken by someone else), ST_INTERNAL. Memory comes
 * from x->arena. */
#ifndef HELSAMI_DOMAIN_RESULTS_H
#define HELSAMI_DOMAIN_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/core.h"
#include "domain/chart.h"
#include "domain/problems.h"
#include "store/results.h"

enum {
	RESULTS_LIST_MAX = 200,  /* results on one page; decades of regular tests */
	RESULTS_CHART_MAX = 24,  /* points in a chart: the newest, two a year for twelve years */
	RESULTS_QUEUE_MAX = 100, /* items in a work queue page */
	RESULT_TEXT_MAX = 1000,  /* a histology answer is a few sentences; about a page */
	RESULT_NUMBER_MAX = 16,  /* characters of a numeric value, sign and decimals included */
};

/* The largest magnitude a numeric result may have: no laboratory value
 * comes near it, and it keeps every value exact in a double. */
#define RESULT_NUMBER_LIMIT 1e9

/* ---- pure helpers ----------------------------------------------------------- */

/* Parses a numeric result as people type it: an optional minus, digits, and
 * optionally a decimal comma or point followed by digits; at most
 * RESULT_NUMBER_MAX characters and RESULT_NUMBER_LIMIT in magnitude. On
 * success sets *out and writes the canonical form (point, no plus) into
 * canon (at least RESULT_NUMBER_MAX + 1 bytes). */
bool results_parse_number(const char *s, double *out, char *canon);

/* Where a numeric result lies against its type's reference range: -1 below,
 * 1 above, 0 within (or no range, or a text result). */
int results_range_position(const result *r);

/* ---- the citizen's view ------------------------------------------------------ */

/* The open record's visible results, newest taken first (at most
 * RESULTS_LIST_MAX; *more when there are older ones). */
status results_list(const ctx *x, result **out, size_t *n, bool *more);

/* One visible result of the open record, and the visible results of the
 * same type, oldest first (at most RESULTS_CHART_MAX), for its chart. */
status results_get(const ctx *x, int64_t id, result *out, result **history, size_t *nhistory);

/* ---- clinicians -------------------------------------------------------------- */

typedef struct results_staff_view {
	person patient;
	chart_access access;
	result *results; /* every result, newest taken first */
	size_t n;
	bool more;
	result_type *types; /* every type, for entering a result */
	size_t ntypes;
} results_staff_view;

/* A patient's results for the chart, whatever their rule and status. */
status results_staff_list(const ctx *x, int64_t patient_id, results_staff_view *out);

typedef struct result_entry {
	int64_t type_id;
	const char *value;    /* numeric types: as typed (comma or point); text types: the text */
	const char *taken_on; /* YYYY-MM-DD */
	bool hidden_from_guardians;
} result_entry;

/* Enters a result for the patient: the type must exist; a numeric type's
 * value must parse (results_parse_number), a text value has at most
 * RESULT_TEXT_MAX characters; taken_on is a real date, not after today in
 * Norway and not before the patient's birth. ST_INVALID with problems
 * (fields type, value, taken_on) otherwise. An immediate result is released at once (with its outbox
 * event); the others wait for review. *id is the new result's. */
status results_enter(const ctx *x, int64_t patient_id, const result_entry *in, problems *pr, int64_t *id);

/* Reviews and releases an after_review result of the patient, with its
 * outbox event. ST_NOT_FOUND for another patient's id; ST_CONFLICT when the
 * result's rule or status does not allow it (immediate, never, released). */
status results_release(const ctx *x, int64_t patient_id, int64_t id);

/* The clinician's queue of results awaiting review (store_results_queue),
 * only patients they may open; each listed item is logged as a read. */
status results_queue(const ctx *x, result_queue_item **out, size_t *n, bool *more);

/* Takes an item from the queue (assigns it to oneself): ST_CONFLICT when
 * someone else has it, ST_NOT_FOUND when it is not awaiting review or not
 * reachable. */
status results_take(const ctx *x, int64_t id);

/* Closes an item: reviewed, not released (the clinician follows it up
 * directly). ST_NOT_FOUND when it is not awaiting review or not reachable. */
status results_close(const ctx *x, int64_t id);

#endif
