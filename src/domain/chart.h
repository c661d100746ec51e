/* chart.h — the staff workspace's access to a patient's chart (SPEC.md W2,
 * D4): staff see patients of their own units; any other patient only after
 * declaring emergency access with a reason, which is logged as such and
 * stands out in the citizen's access log. Every read and change by staff goes
 * into the access log, in the same transaction, through chart_audit. */
#ifndef HELSAMI_DOMAIN_CHART_H
#define HELSAMI_DOMAIN_CHART_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "domain/authz.h"
#include "store/chart.h"
#include "store/register.h"

enum {
	EMERGENCY_ACCESS_SECONDS = 8 * 60 * 60, /* one working shift */
	EMERGENCY_REASON_MIN = 10,              /* a stated reason, not a keystroke */
	EMERGENCY_REASON_MAX = 500,
	CHART_SEARCH_MAX = 50,
};

/* Appends the access-log entry for a read or change of the patient's data
 * (action: read, create, update, delete; what: e.g. "health.results").
 * Call inside the transaction of that read or change. */
status chart_audit(const ctx *x, const chart_access *a, const char *action, const char *what, const char *what_id);
/* The same with another purpose than care (or emergency): e.g.
 * "representation_review" for a step on a representation application. */
status chart_audit_for(const ctx *x, const chart_access *a, const char *action, const char *what, const char *what_id,
                       const char *purpose);

/* Opens a patient's data for a staff member inside their transaction: the
 * role they hold at the patient's unit must hold cap (authz_patient: the
 * basis in *access; ST_DENIED or ST_NOT_FOUND as it says), then the
 * patient's register entry is read into *patient (x's arena). Logs nothing:
 * the caller logs what it reads or changes with chart_audit. */
status chart_open(const ctx *x, enum capability cap, int64_t patient_id, chart_access *access, person *patient);

/* Opens the chart (authz_patient with CAP_W2_PATIENT_CHART), reads the
 * patient's register entry and logs the opening, in one transaction. */
status chart_open_logged(const ctx *x, int64_t patient_id, chart_access *out, person *patient);

/* Declares emergency access to a patient outside the staff member's units
 * with a reason (EMERGENCY_REASON_MIN..MAX characters, else ST_INVALID),
 * logged as action "emergency"; ST_NOT_FOUND for an unknown person. */
status chart_emergency(const ctx *x, int64_t patient_id, const char *reason);

/* Finds patients of the staff member's units by identity number (11 digits)
 * or by the start of the family name (case as in the register, first letter
 * capitalised for the user). Every search, refused ones too, is a security
 * event "patient_search" (who, when, "nin" or "name", the number of hits;
 * never the term). */
status chart_search(const ctx *x, const char *query, patient_hit *hits, size_t max, size_t *n);

/* A person by identity number among everyone (for declaring emergency
 * access): ST_NOT_FOUND when unknown. Reads only the id. */
status chart_lookup_anyone(const ctx *x, const char *nin, int64_t *patient_id);

#endif
