/* record_access.h — access to the record (SPEC.md D2; pasient- og
 * brukerrettighetsloven § 5-1): the citizen, or a representative whose
 * access kind holds CAP_D2_RECORD_ACCESS, asks one of the units that hold
 * their record for chosen parts of it over a period; a receipt lands in the
 * document centre at once. Clinicians at that unit answer from a queue
 * ordered by the deadline (without undue delay, at the latest 30 days after
 * the request came in): an extract of those parts for that period, from
 * that unit, made into a PDF in the background by the letter job, or a
 * refusal with a reason § 5-1 allows and their own words, which the
 * citizen sees. An extract asked for by a parent of a child of 12-15 leaves
 * out what is hidden from guardians; one asked for by anyone else is never
 * shown to such a parent. */
#ifndef HELSAMI_DOMAIN_RECORD_ACCESS_H
#define HELSAMI_DOMAIN_RECORD_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"
#include "core/ctx.h"
#include "domain/problems.h"
#include "domain/record.h"
#include "store/record_access.h"

enum {
	RECORD_ACCESS_DUE_DAYS = 30, /* pbrl. § 5-1 with forvaltningsloven: at the latest 30 days */
	RECORD_ACCESS_MESSAGE_MAX = 1000,
	RECORD_ACCESS_REFUSAL_MIN = 10, /* a stated reason, not a keystroke */
	RECORD_ACCESS_REFUSAL_MAX = 2000,
	RECORD_ACCESS_LIST_MAX = 100,
	RECORD_ACCESS_QUEUE_MAX = 200,
};

/* The parts of the record one may ask for, NULL-terminated. */
extern const char *const record_access_parts[];
/* The reasons § 5-1 second paragraph allows for a refusal, NULL-terminated. */
extern const char *const record_access_refusals[];

typedef struct record_access_in {
	int64_t unit_id;
	const char *const *parts; /* codes of record_access_parts */
	size_t nparts;
	const char *from_date, *to_date; /* YYYY-MM-DD */
	const char *message;             /* NULL when none */
} record_access_in;

/* The units the open record's person may ask (the units whose record they are in). */
status record_access_units(const ctx *x, unit_choice **out, size_t *n);
/* Records the request with its receipt and event. Problems on fields
 * parts, from_date, to_date, message (ST_INVALID); a unit that does not
 * hold the person's record is ST_NOT_FOUND. */
status record_access_ask(const ctx *x, const record_access_in *in, problems *pr, int64_t *id);
/* The open record's requests, newest first. */
status record_access_list(const ctx *x, record_access_request **out, size_t *n, bool *more);
/* One of the open record's requests; ST_NOT_FOUND for anyone else's. */
status record_access_get(const ctx *x, int64_t id, record_access_request *out);
/* Whether a request still unanswered is past its last day (Norway's today). */
bool record_access_overdue(const ctx *x, const record_access_request *r);

/* ---- clinicians at the unit asked ------------------------------------------------- */

/* Requests to answer in the reader's units, the earliest deadline first
 * (only those whose patient the reader may open now; each listed is logged). */
status record_access_queue(const ctx *x, record_access_request **out, size_t *n, bool *more);
/* One request of the reader's units, its read logged; ST_NOT_FOUND for
 * another unit's. */
status record_access_staff_get(const ctx *x, int64_t id, record_access_request *out, record_patient *patient);
/* Makes the extract (the document; its PDF follows from the letter job).
 * ST_CONFLICT when it was answered meanwhile. */
status record_access_fulfil(const ctx *x, int64_t id);
/* Refuses with one of record_access_refusals and a text the citizen reads
 * (problems on reason, text). ST_CONFLICT when answered meanwhile. */
status record_access_refuse(const ctx *x, int64_t id, const char *reason, const char *text, problems *pr);

#endif
