/* support.h — user support (SPEC.md U1): a citizen asks about use or
 * content, or asks to have information in the record corrected or erased
 * (pasient- og brukerrettighetsloven § 5-2, helsepersonelloven §§ 42-44).
 * Each is a case routed to the unit it is about (one the citizen is a
 * patient of), decided there by the support role (CAP_U1_SUPPORT_CASES at
 * that unit) — or, for a question about helsami itself, to no unit and the
 * national support desk (support staff marked support_desk); a correction
 * or erasure goes on to a clinician of the unit. Decided done, partly, or
 * refused with the reason; the citizen is told
 * (an in-app notice without content) and sees the decision, and for a
 * refusal how to complain to Statsforvalteren.
 *
 * Citizens act under CAP_U1_SUPPORT (their own record; a representative
 * with full access for the person, logged as "representation"). The
 * support queue shows the case only — who, which unit, the kind and the
 * citizen's own words — never anything else from the record; opening and
 * deciding a case are in the patient's access log (purpose "support").
 * Someone else's case is ST_NOT_FOUND; a case of a unit where the reader
 * has no support role is ST_NOT_FOUND. */
#ifndef HELSAMI_DOMAIN_SUPPORT_H
#define HELSAMI_DOMAIN_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "domain/problems.h"
#include "store/appointments.h"
#include "store/support.h"

enum {
	SUPPORT_BODY_MAX = 2000,
	SUPPORT_ANSWER_MIN = 10, /* a refusal states a reason, not a keystroke */
	SUPPORT_ANSWER_MAX = 2000,
	SUPPORT_LIST_MAX = 100,
	SUPPORT_QUEUE_MAX = 100,
	SUPPORT_UNITS_MAX = 50,
	SUPPORT_EVENTS_MAX = 50, /* a case is taken and sent on a handful of times */
};

/* One case as staff see it: the case, its history and, for a correction
 * or erasure, the clinicians of its unit it may be sent on to. */
typedef struct support_view {
	support_case k;
	support_event *events;
	size_t nevents;
	unit_clinician *clinicians;
	size_t nclinicians;
} support_view;

extern const char *const support_kinds[];     /* use, content, correct, erase; NULL-terminated */
extern const char *const support_decisions[]; /* done, partly, refused; NULL-terminated */

/* ---- the citizen (x->subject_id's record) ------------------------------------------ */

/* The open record's support cases (record_citizen_list, CAP_U1_SUPPORT). */
status support_citizen_list(const ctx *x, support_case **out, size_t *n);
/* The units the case may go to. */
status support_citizen_units(const ctx *x, support_unit **out, size_t *n);
/* unit_id 0: no unit, a question about use or content for the national
 * support desk (a correction or erasure needs its unit). ST_INVALID with
 * problems on unit, kind, body. */
status support_citizen_open(const ctx *x, int64_t unit_id, const char *kind, const char *body, problems *pr,
                            int64_t *id);
status support_citizen_get(const ctx *x, int64_t id, support_case *out);

/* Whether a case of this kind is decided by a clinician of its unit: a
 * correction or an erasure (helsepersonelloven §§ 42-44: the health
 * personnel responsible for the information decide). */
bool support_needs_clinician(const char *kind);

/* ---- the support role ---------------------------------------------------------------- */

/* The open cases of the reader's units, and on the national support desk
 * those of no unit. */
status support_staff_queue(const ctx *x, support_case **out, size_t *n, bool *more);
/* One case (logged) with its history and clinicians (x->arena). */
status support_staff_get(const ctx *x, int64_t id, support_view *out);
/* Decides a question (logged); ST_INVALID with problems on decision and
 * answer (a refusal needs a reason; a correction or erasure is not
 * support's to decide), ST_CONFLICT when decided or forwarded already. */
status support_staff_decide(const ctx *x, int64_t id, const char *decision, const char *answer, problems *pr);
/* Forwards a correction or erasure (logged, in its history) to clinician
 * `to` of the case's unit, or to all of its clinicians (to 0), first or
 * again, and takes it: ST_NOT_FOUND for anyone else, ST_INVALID (a problem
 * on "to") for another kind, a case of no unit or the clinician who has it
 * already, ST_CONFLICT when decided already. */
status support_staff_forward(const ctx *x, int64_t id, int64_t to, problems *pr);
/* Takes an open case still with support (logged, in its history):
 * ST_CONFLICT when decided or forwarded. */
status support_staff_take(const ctx *x, int64_t id);

/* ---- the clinicians of the case's unit (CAP_W3_CLINICAL_QUEUES) ------------------------ */

/* The open cases forwarded to the reader or to their unit's clinicians. */
status support_clinician_queue(const ctx *x, support_case **out, size_t *n, bool *more);
/* One of them (logged, care) with its history and the unit's clinicians;
 * another's or another unit's is ST_NOT_FOUND. */
status support_clinician_get(const ctx *x, int64_t id, support_view *out);
/* Decides it (logged), the patient told; as support_staff_decide. */
status support_clinician_decide(const ctx *x, int64_t id, const char *decision, const char *answer, problems *pr);
/* Sends it on to another clinician of the unit, or to all of them (to 0),
 * when the one it went to is wrong or away (logged, in its history); as
 * support_staff_forward, without taking it. */
status support_clinician_forward(const ctx *x, int64_t id, int64_t to, problems *pr);

#endif
