/* results.h (store) — SQL for test results (SPEC.md H2): the test types with
 * their release rule, reference range and unit, the results themselves, and
 * the work queue of results awaiting a clinician's review. Which results a
 * citizen may see is decided here, in the WHERE clause, so no caller can
 * forget it: a type's rule `immediate` shows the result once entered,
 * `after_review` only once released, `never` never (not even counted).
 *
 * Every query on one result names the patient too: an id of someone else's
 * result answers ST_NOT_FOUND. Strings returned live in the given arena. */
#ifndef HELSAMI_STORE_RESULTS_H
#define HELSAMI_STORE_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"

typedef struct result_type {
	int64_t id;
	const char *code; /* stable name, e.g. "hb" */
	const char *name_nb, *name_en;
	const char *rule;               /* immediate, after_review, never */
	const char *value_kind;         /* numeric, text */
	const char *unit;               /* NULL for text results */
	const char *ref_low, *ref_high; /* decimal text with a dot; NULL when open */
} result_type;

typedef struct result {
	int64_t id, patient_id;
	result_type type;
	const char *value;    /* numeric types: a decimal with a dot, as entered; text types: the text */
	const char *unit;     /* the type's unit when it was entered */
	const char *taken_on; /* YYYY-MM-DD */
	int64_t entered_by;   /* staff id */
	const char *entered_by_name;
	unix_time entered_at;
	int64_t unit_id;     /* where it was entered; 0 under emergency access */
	const char *status;  /* entered, reviewed, released */
	int64_t assigned_to; /* staff who took it from the queue; 0 when nobody */
	const char *assigned_to_name;
	int64_t reviewed_by; /* 0 when not reviewed */
	const char *reviewed_by_name;
	unix_time reviewed_at, released_at; /* 0 when not */
	bool hidden_from_guardians;
} result;

/* Every test type, by Norwegian name. */
status store_result_types(db_conn *c, arena *ar, result_type **out, size_t *n);
status store_result_type_by_id(db_conn *c, arena *ar, int64_t id, result_type *out);
status store_result_type_by_code(db_conn *c, arena *ar, const char *code, result_type *out);

/* Inserts r (type by r->type.id; status, times and staff as given; 0 ids
 * store NULL). ST_CONFLICT when a constraint refuses it. */
status store_result_insert(db_conn *c, const result *r, int64_t *id);

/* ---- what the citizen sees ---------------------------------------------- */

/* The patient's results visible by their type's rule, newest taken first, at
 * most max (then *more is set). for_guardian leaves out results a clinician
 * has hidden from guardians (SPEC.md, ages 12–16). */
status store_results_visible(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, size_t max, result **out,
                             size_t *n, bool *more);
/* One visible result of this patient; ST_NOT_FOUND for anything else. */
status store_result_visible(db_conn *c, arena *ar, int64_t patient_id, int64_t id, bool for_guardian, result *out);
/* The visible results of one type, oldest first, the newest max of them. */
status store_results_visible_of_type(db_conn *c, arena *ar, int64_t patient_id, int64_t type_id, bool for_guardian,
                                     size_t max, result **out, size_t *n);

/* ---- what staff see ----------------------------------------------------- */

/* All of the patient's results whatever their rule and status, newest taken
 * first, at most max (then *more is set). */
status store_results_all(db_conn *c, arena *ar, int64_t patient_id, size_t max, result **out, size_t *n, bool *more);
/* One result of this patient; ST_NOT_FOUND for another patient's id. */
status store_result_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, result *out);
/* The patient a result belongs to (for queue actions, which name only the
 * result); ST_NOT_FOUND when there is no such result. */
status store_result_patient(db_conn *c, int64_t id, int64_t *patient_id);

/* Releases an after_review result of this patient that is not yet released:
 * reviewed by staff_id at `at` unless already reviewed, released at `at`.
 * ST_NOT_FOUND when nothing matched (another patient's id, another rule,
 * already released). */
status store_result_release(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at);
/* Marks an entered after_review or never result as reviewed without
 * releasing it (the queue's "close"). ST_NOT_FOUND when nothing matched. */
status store_result_review(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at);
/* Assigns an entered after_review or never result to staff_id, unless
 * someone else has it: ST_CONFLICT then; ST_NOT_FOUND when it is not
 * awaiting review. */
status store_result_take(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id);

typedef struct result_queue_item {
	result r;
	const char *patient_name;
	const char *patient_nin;
} result_queue_item;

/* Results awaiting review (status entered, rule after_review or never) that
 * were entered in a unit where staff_id works as clinician, or entered by or
 * assigned to staff_id; those taken by staff_id first, then oldest entered
 * first; at most max (then *more is set). Only patients still in one of the
 * staff member's units are the caller's to check (domain/chart.h). */
status store_results_queue(db_conn *c, arena *ar, int64_t staff_id, size_t max, result_queue_item **out, size_t *n,
                           bool *more);

#endif
