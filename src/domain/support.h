/* support.h — user support (SPEC.md U1): a citizen asks about use or
 * content, or asks to have information in the record corrected or erased
 * (pasient- og brukerrettighetsloven § 5-2, helsepersonelloven §§ 42-44).
 * Each is a case routed to the unit it is about (one the citizen is a
 * patient of), decided there by the support role (CAP_U1_SUPPORT_CASES at
 * that unit): done, partly, or refused with the reason; the citizen is told
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
};

extern const char *const support_kinds[];     /* use, content, correct, erase; NULL-terminated */
extern const char *const support_decisions[]; /* done, partly, refused; NULL-terminated */

/* ---- the citizen (x->subject_id's record) ------------------------------------------ */

status support_citizen_list(const ctx *x, support_case **out, size_t *n);
/* The units the case may go to. */
status support_citizen_units(const ctx *x, support_unit **out, size_t *n);
/* ST_INVALID with problems on unit, kind, body. */
status support_citizen_open(const ctx *x, int64_t unit_id, const char *kind, const char *body, problems *pr,
                            int64_t *id);
status support_citizen_get(const ctx *x, int64_t id, support_case *out);

/* Whether a case of this kind is decided by a clinician of its unit: a
 * correction or an erasure (helsepersonelloven §§ 42-44: the health
 * personnel responsible for the information decide). */
bool support_needs_clinician(const char *kind);

/* ---- the support role ---------------------------------------------------------------- */

status support_staff_queue(const ctx *x, support_case **out, size_t *n, bool *more);
/* One case (logged); when clinicians is not NULL, also the unit's
 * clinicians it may be forwarded to (x->arena). */
status support_staff_get(const ctx *x, int64_t id, support_case *out, unit_clinician **clinicians, size_t *n);
/* Decides a question (logged); ST_INVALID with problems on decision and
 * answer (a refusal needs a reason; a correction or erasure is not
 * support's to decide), ST_CONFLICT when decided or forwarded already. */
status support_staff_decide(const ctx *x, int64_t id, const char *decision, const char *answer, problems *pr);
/* Forwards a correction or erasure (logged) to clinician `to` of the case's
 * unit, or to all of its clinicians (to 0): ST_NOT_FOUND for anyone else,
 * ST_INVALID (a problem on "to") for another kind, ST_CONFLICT when
 * forwarded or decided already. */
status support_staff_forward(const ctx *x, int64_t id, int64_t to, problems *pr);

/* ---- the clinicians of the case's unit (CAP_W3_CLINICAL_QUEUES) ------------------------ */

/* The open cases forwarded to the reader or to their unit's clinicians. */
status support_clinician_queue(const ctx *x, support_case **out, size_t *n, bool *more);
/* One of them (logged, care); another's or another unit's is ST_NOT_FOUND. */
status support_clinician_get(const ctx *x, int64_t id, support_case *out);
/* Decides it (logged), the patient told; as support_staff_decide. */
status support_clinician_decide(const ctx *x, int64_t id, const char *decision, const char *answer, problems *pr);

#endif
