/* record.h — what the record areas (domain/summary.c, care_team.c,
 * visits.c) share: the transaction shapes for a citizen's read and for a
 * staff member's read or change of a chart, and today's date. Their
 * validation problems are domain/problems.h's.
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
#include "domain/problems.h"
#include "domain/tx.h"
#include "store/register.h"

/* Norway's calendar day at the request clock, "YYYY-MM-DD", in x->arena. */
const char *record_today(const ctx *x);

/* ---- citizens ----------------------------------------------------------------- */

/* Whether items hidden from guardians must be left out for this reader: a
 * parent looking at a child of 12-15 (ctx.guardian_view). */
bool record_for_guardian(const ctx *x);

/* Whether a citizen acts on an open record and holds cap on it. */
bool record_citizen_may(const ctx *x, enum capability cap);

/* A citizen's read of x->subject_id's record (ST_DENIED when none is open):
 * fn runs through domain_read_tx, logged when a representative reads. */
status record_citizen_tx(const ctx *x, domain_tx_fn fn, void *arg);
/* The same for a citizen's change: always a write transaction. */
status record_citizen_write_tx(const ctx *x, domain_tx_fn fn, void *arg);
/* A citizen's read of one of the open record's rows by its id, in an area
 * that needs cap: ST_DENIED unless record_citizen_may, ST_NOT_FOUND for an
 * id that names no row (0 or less); else fn runs with row through
 * record_citizen_tx (write: record_citizen_write_tx, for a read that
 * records something). */
status record_citizen_row_tx(const ctx *x, enum capability cap, int64_t id, bool write, domain_tx_fn fn, void *row);
/* Reads one list of the open record (x->subject_id) for
 * record_citizen_list: list is the caller's T ** (as db_read_list takes
 * it), *more whether more rows wait (more may be NULL); arg is the
 * caller's. */
typedef status (*record_list_fn)(ctx *x, const void *arg, void *list, size_t *n, bool *more);
/* A citizen's read of one list of the open record, in an area that needs
 * cap: the list emptied first (NULL, *n 0, *more false; more may be NULL);
 * ST_DENIED unless record_citizen_may; else fetch runs through
 * record_citizen_tx and a representative's read is logged as `what` (NULL:
 * a list of choices, not the record, that is not logged). */
status record_citizen_list(const ctx *x, enum capability cap, const char *what, record_list_fn fetch, const void *arg,
                           void *list, size_t *n, bool *more);
/* Inside record_citizen_tx: logs a representative's read of `what` (and
 * does nothing for the person themself). */
status record_citizen_logged(const ctx *x, const char *what, const char *what_id);

/* ---- staff -------------------------------------------------------------------------- */

/* Who a staff page is about, and on what basis it is open. */
typedef struct record_patient {
	person who;
	chart_access access;
} record_patient;

/* A staff member's read or change of patient_id's chart: opens it for cap
 * (chart_open: ST_DENIED unless their role at the patient's unit holds it,
 * ST_NOT_FOUND when the patient is neither in their units nor under their
 * emergency access; ST_DENIED at once when they hold cap nowhere), reads
 * the patient's register entry into *patient (NULL: into one the caller
 * does not keep), then runs fn, all in one
 * write transaction. fn logs what it reads or changes with chart_audit. The
 * record areas use CAP_W2_CLINICAL_RECORD. */
typedef status (*record_staff_fn)(ctx *x, const record_patient *p, void *arg);
status record_staff_tx(const ctx *x, enum capability cap, int64_t patient_id, record_patient *patient,
                       record_staff_fn fn, void *arg);
/* The same for a read that changes nothing: fn's entries are logged as
 * domain_read_tx logs them. */
status record_staff_read_tx(const ctx *x, enum capability cap, int64_t patient_id, record_patient *patient,
                            record_staff_fn fn, void *arg);

/* The unit a staff member's change is recorded at: the unit shared with the
 * patient, or under emergency access the first unit they work at as
 * clinician (0 when none). */
status record_staff_unit(const ctx *x, const chart_access *a, int64_t *unit_id);

#endif
