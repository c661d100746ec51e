/* home.h — what the home page shows of the record that is open (SPEC.md A3):
 * personal details from the population register, and the summaries later
 * areas add (appointments, stays, referrals, questionnaires, vaccines). */
#ifndef HELSAMI_DOMAIN_HOME_H
#define HELSAMI_DOMAIN_HOME_H

#include <stdbool.h>

#include "core/ctx.h"
#include "store/register.h"

typedef struct home_overview {
	person who;
	bool has_address; /* false with a confidential address or none */
	address addr;
	int age;
} home_overview;

/* The overview of x->subject_id. ST_DENIED without CAP_A3_HOME; a read of
 * someone else's record is written to the access log in the same transaction. */
status home_overview_get(const ctx *x, home_overview *out);

#endif
