/* record.h — what the record areas (domain/summary.c, care_team.c,
 * visits.c) share: the transaction shapes for a citizen's read and for a
 * staff member's read or change of a chart, validation problems, and small
 * text and date checks.
 *
 * The two shapes carry the access-log rules (ARCHITECTURE.md rule 3, SPEC.md
 * D4): a citizen reading their own record is not logged; a representative's
 * read is (purpose "representation"); a staff member's every read and change
 * goes through authz_patient and chart_audit in the same transaction. */
#ifndef HELSAMI_DOMAIN_RECORD_H
#define HELSAMI_DOMAIN_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/core.h"
#include "domain/chart.h"
#include "store/register.h"

/* ---- problems -------------------------------------------------------------- */

/* A problem with one field of a change: the field's name (as the pages and
 * forms call it) and a catalog key for the message, with its {max}. */
typedef struct record_problem {
	const char *field;
	const char *key;
	int64_t max;
} record_problem;

enum { RECORD_PROBLEMS_MAX = 8 };

typedef struct record_problems {
	record_problem items[RECORD_PROBLEMS_MAX];
	size_t n;
} record_problems;

/* Records a problem (once per field; extra problems past the limit are dropped). */
void record_problem_add(record_problems *p, const char *field, const char *key, int64_t max);

/* Checks optional text s (NULL: not given): no control characters (line
 * breaks and tabs only if multiline), at most max characters, and at least
 * min when given. Records problems on field. Returns whether it passed. */
bool record_check_text(record_problems *p, const char *field, const char *s, size_t min, size_t max,
                       bool multiline);
/* Checks that s is one of the NULL-terminated choices. */
bool record_check_choice(record_problems *p, const char *field, const char *s, const char *const *choices);
/* Checks that s is a real YYYY-MM-DD date (NULL passes when optional). */
bool record_check_date(record_problems *p, const char *field, const char *s, bool required);

/* Norway's calendar day at the request clock, "YYYY-MM-DD", in x->arena. */
const char *record_today(const ctx *x);

/* ---- citizens ----------------------------------------------------------------- */

/* Whether items hidden from guardians must be left out for this reader: a
 * parent looking at a child of 12-15 (ctx.guardian_view). */
bool record_for_guardian(const ctx *x);

/* A citizen's read of x->subject_id's record. fn runs in one transaction
 * (a write transaction when a representative reads, so the access-log
 * entry goes with it); x inside fn is a copy bound to the transaction. */
typedef status (*record_citizen_fn)(ctx *x, void *arg);
status record_citizen_tx(const ctx *x, record_citizen_fn fn, void *arg);
/* The same for a citizen's change: always a write transaction. */
status record_citizen_write_tx(const ctx *x, record_citizen_fn fn, void *arg);
/* Inside record_citizen_tx: logs a representative's read of `what` (and
 * does nothing for the person themself). */
status record_citizen_logged(const ctx *x, const char *what, const char *what_id);

/* ---- staff -------------------------------------------------------------------------- */

/* Who a staff page is about, and on what basis it is open. */
typedef struct record_patient {
	person who;
	chart_access access;
} record_patient;

/* A staff member's read or change of patient_id's clinical record: opens it
 * (authz_patient with CAP_W2_CLINICAL_RECORD: ST_DENIED unless their role at
 * the patient's unit holds it, ST_NOT_FOUND when the patient is neither in
 * their units nor under their emergency access),
 * reads the patient's register entry into *patient, then runs fn, all in one
 * write transaction. fn logs what it reads or changes with chart_audit. */
typedef status (*record_staff_fn)(ctx *x, const record_patient *p, void *arg);
status record_staff_tx(const ctx *x, int64_t patient_id, record_patient *patient, record_staff_fn fn, void *arg);

/* The unit a staff member's change is recorded at: the unit shared with the
 * patient, or under emergency access the first unit they work at as
 * clinician (0 when none). */
status record_staff_unit(const ctx *x, const chart_access *a, int64_t *unit_id);

#endif
