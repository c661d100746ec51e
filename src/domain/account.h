/* account.h — who may log in, and the citizen's account (SPEC.md A1, A2, W1):
 * the rules a login must pass once an identity provider has vouched for a
 * national identity number, and deactivation/reactivation. */
#ifndef HELSAMI_DOMAIN_ACCOUNT_H
#define HELSAMI_DOMAIN_ACCOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/core.h"

enum login_outcome {
	LOGIN_OK = 0,
	LOGIN_INVALID_NUMBER, /* not a valid identity number */
	LOGIN_SYNTHETIC,      /* a test number outside dev mode */
	LOGIN_UNKNOWN,        /* not in the population register */
	LOGIN_DECEASED,
	LOGIN_UNDER_16,
	LOGIN_NOT_PATIENT,   /* not a patient/user of any participating unit */
	LOGIN_NOT_STAFF,     /* no active staff member with this number */
	LOGIN_NO_HPR,        /* health personnel without (the right) HPR number */
	LOGIN_LEVEL_TOO_LOW, /* HelseID security level below 4 */
};

/* A stable code for logs, events and tests, e.g. "under_16". */
const char *login_outcome_code(enum login_outcome o);

typedef struct citizen_login {
	enum login_outcome outcome;
	int64_t person_id; /* when found */
	bool deactivated;  /* the account exists and is deactivated */
} citizen_login;

/* Applies the citizen login rules on the Norwegian date of x->now. Reads only. */
status account_check_citizen(const ctx *x, const char *pid, bool allow_synthetic, citizen_login *out);

typedef struct staff_login {
	enum login_outcome outcome;
	int64_t person_id, staff_id;
	unsigned roles;
} staff_login;

/* hpr_number: what the provider asserted (NULL when none); security_level: 0
 * when the provider does not assert one (TestID). */
status account_check_staff(const ctx *x, const char *pid, const char *hpr_number, int security_level,
                           bool allow_synthetic, staff_login *out);

/* Creates the account at the first login; records the login time. */
status account_record_login(const ctx *x, int64_t person_id);
/* Deactivates (ending every session of the person) or reactivates. */
status account_set_active(const ctx *x, int64_t person_id, bool active);
/* Whether the person's account is deactivated (false when there is none). */
status account_is_deactivated(const ctx *x, int64_t person_id, bool *out);

#endif
