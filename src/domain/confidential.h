/* confidential.h — items a clinician marks as confidential for a child of
 * 12–15 (SPEC.md "Domain facts — Representation"): hidden from the parents,
 * still shown to the child's own record and to staff. A request from the
 * child to withhold something becomes such a mark, set by a clinician. */
#ifndef HELSAMI_DOMAIN_CONFIDENTIAL_H
#define HELSAMI_DOMAIN_CONFIDENTIAL_H

#include "core/ctx.h"
#include "domain/chart.h"
#include "store/confidential.h"

enum { CONFIDENTIAL_ITEMS_MAX = 500 };

/* The patient's items with their marks (clinicians, logged as a chart read). */
status confidential_list(const ctx *x, int64_t patient_id, marked_item *out, size_t max, size_t *n);
/* Sets or clears the mark (clinicians; logged). ST_INVALID when the patient
 * is 16 or older (parents have no access then), ST_NOT_FOUND for an item
 * that is not the patient's. */
status confidential_set(const ctx *x, int64_t patient_id, const char *area, int64_t item_id, bool hidden);

#endif
