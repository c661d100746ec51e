/* confidential.h (store) — the "confidential for the child" mark on record
 * items (hidden_from_guardians), across every area's table. */
#ifndef HELSAMI_STORE_CONFIDENTIAL_H
#define HELSAMI_STORE_CONFIDENTIAL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

typedef struct marked_item {
	const char *area; /* results, medications, allergies, issues, vaccines, visits, stays, referrals */
	int64_t id;
	const char *label; /* a short description for the clinician */
	bool hidden;
} marked_item;

/* Every item of the patient that can carry the mark, by area then id, at
 * most max, in an arena array (*n of them). */
status store_confidential_items(db_conn *c, arena *ar, int64_t patient_id, size_t max, marked_item **out, size_t *n);
/* Sets or clears the mark; ST_NOT_FOUND when the item is not the patient's
 * or the area is unknown. */
status store_confidential_set(db_conn *c, const char *area, int64_t item_id, int64_t patient_id, bool hidden);

#endif
