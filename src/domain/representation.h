/* representation.h — acting for someone else (SPEC.md R1–R6, "Domain facts —
 * Representation"): powers of attorney given by citizens, parents of children
 * under 16, and nearest relatives of adults lacking capacity to consent. The
 * rules are checked at every request, against the request clock and the
 * register as it is now: a withdrawal, an expiry, a 16th birthday or a new
 * confidential address takes effect at the next request, open sessions too. */
#ifndef HELSAMI_DOMAIN_REPRESENTATION_H
#define HELSAMI_DOMAIN_REPRESENTATION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "store/representation.h"

struct person;

enum {
	RECEIVER_MIN_AGE = 18,
	GIVER_MIN_AGE = 16,
	PARENT_ACCESS_UNTIL_AGE = 16,
	CONFIDENTIAL_FROM_AGE = 12, /* from 12, items marked confidential are hidden from parents */
	CAPACITY_MIN_AGE = 12,
	CAPACITY_MAX_YEARS = 5,
	REPR_LIST_MAX = 50,
};

/* The access kinds a citizen can give (R1): each a set of capabilities. */
typedef struct access_kind {
	const char *name;      /* "full", "health_read", "appointments_messages" */
	const char *label_key; /* catalog key of its name */
	const char *help_key;  /* catalog key of what it allows */
	uint64_t caps;
} access_kind;

extern const access_kind access_kinds[];
extern const size_t access_kinds_count;
const access_kind *access_kind_find(const char *name);

/* The capabilities a kind grants on someone's record: never more than the
 * person has themself, and never the own-only ones (account, giving access). */
uint64_t repr_kind_caps(const access_kind *k);

/* Capabilities a logged-in citizen always holds for themself, whoever's
 * record is open: logout, language, the representation pages. */
uint64_t repr_actor_caps(void);

/* Why a representation is not (or no longer) valid; REPR_VALID when it is. */
enum repr_state {
	REPR_VALID = 0,
	REPR_ENDED,
	REPR_NOT_YET,
	REPR_EXPIRED,
	REPR_CHILD_16, /* parent access ends on the 16th birthday */
	REPR_NO_RESPONSIBILITY,
	REPR_NOBODY_AT_ADDRESS,
	REPR_CONFIDENTIAL, /* either party has a confidential address */
	REPR_DECEASED,
	REPR_UNDER_AGE, /* receiver under 18 or giver under 16 */
};
const char *repr_state_code(enum repr_state s);

/* Checks r now (x->now, the register as it is). */
status repr_state_of(const ctx *x, const representation *r, enum repr_state *out);

/* What the representative in x may do on represented_id's record now: the
 * representation's kind capabilities, or ST_DENIED (with *why) when there
 * is no valid representation. *guardian_view is set for parents of a child
 * aged 12 or more (confidential items hidden). */
status repr_access(const ctx *x, int64_t representative_id, int64_t represented_id, uint64_t *caps, bool *guardian_view,
                   enum repr_state *why);

/* One row of the overview (R5): the representation, its state now, and
 * whether it can be opened. */
typedef struct repr_entry {
	representation r;
	enum repr_state state;
	const access_kind *kind;
} repr_entry;

/* Whom the person can act for (as = 0), or who can act for them (as = 1). */
status repr_overview(const ctx *x, int64_t person_id, int as, repr_entry *out, size_t max, size_t *n);
/* Whether the person can act for anyone now (to offer the choice at login). */
status repr_can_act_for_anyone(const ctx *x, int64_t person_id, bool *out);

/* Looking someone up by identity number (the R1, R2 and R4 forms) must not
 * tell a citizen who exists, their name or age, or who has a confidential
 * address: an unknown number, a family name that does not match and a
 * confidential address on either side get one neutral answer, the real
 * reason goes only to the security log (event identity_lookup, reason
 * "FORM:CODE"), and each account may look up REPR_LOOKUPS_PER_HOUR numbers
 * an hour (repr_set_lookup_limit; 0 turns the limit off). */
enum { REPR_LOOKUPS_PER_HOUR = 10, REPR_LOOKUP_WINDOW_S = 60 * 60, REPR_FAMILY_NAME_MAX = 100 };
void repr_set_lookup_limit(int per_hour);
/* Whether the citizen in x may look up one more number now. */
status repr_lookup_allowed(const ctx *x, bool *allowed);
/* Records a lookup and its real outcome (a code, nothing personal). */
status repr_lookup_record(const ctx *x, const char *form, const char *code);
/* Whether typed names the person's family name: case, surrounding and
 * repeated spaces ignored. */
bool repr_family_name_matches(const struct person *p, const char *typed);
/* Whether s is a family name as typed into a form (1..REPR_FAMILY_NAME_MAX
 * characters, no control characters). */
bool repr_family_name_given(const char *s);
/* Looks the person with nin up for a form (a lookup, recorded with its real
 * outcome): *found only when the number is known, the person alive, the
 * family name theirs and neither they nor `me` has a confidential address.
 * Check repr_lookup_allowed first. */
status repr_lookup(const ctx *x, const char *form, const char *nin, const char *family_name, const struct person *me,
                   struct person *out, bool *found);

/* The other person a citizen names on the R1 and R4 forms, in the order
 * both forms answer: not themself, within the lookup limit, found. */
enum repr_find_outcome { REPR_FIND_OK = 0, REPR_FIND_SELF, REPR_FIND_TOO_MANY, REPR_FIND_NOT_POSSIBLE };
/* Reads the citizen in x into *me and looks the person with nin and
 * family_name up (repr_lookup_allowed, then repr_lookup) into *other; the
 * outcome in *out with ST_OK. */
status repr_find(const ctx *x, const char *form, const char *nin, const char *family_name, struct person *me,
                 struct person *other, enum repr_find_outcome *out);

/* R1: a power of attorney from the citizen in x (acting for themself) to the
 * person with receiver_nin and that family name. Refusals come back in *why
 * with ST_OK. */
enum grant_outcome {
	GRANT_OK = 0,
	GRANT_INVALID_NUMBER,
	GRANT_NO_NAME,      /* the family name is missing or not a name */
	GRANT_NOT_POSSIBLE, /* neutral: unknown or deceased, name mismatch, confidential address */
	GRANT_TOO_MANY,     /* too many lookups this hour */
	GRANT_SELF,
	GRANT_RECEIVER_UNDER_18,
	GRANT_BAD_KIND,
	GRANT_BAD_DATE, /* not a date, or in the past */
	GRANT_EXISTS,   /* already has access: withdraw it first */
};
const char *grant_outcome_code(enum grant_outcome g);
/* Checks a grant without making it; on GRANT_OK *receiver_name is set (the
 * name shown for confirmation). */
status repr_grant_check(const ctx *x, const char *receiver_nin, const char *family_name, const char *kind,
                        const char *valid_until, enum grant_outcome *why, const char **receiver_name);
status repr_grant(const ctx *x, const char *receiver_nin, const char *family_name, const char *kind,
                  const char *valid_until, enum grant_outcome *why, int64_t *id);

/* Ends a representation; either side may. ST_NOT_FOUND when it is not
 * theirs or already ended. */
status repr_end(const ctx *x, int64_t id);

/* R2: a parent applies for access to a child under 16; decided at once.
 * Only a parent with parental responsibility learns more than the neutral
 * answer (the child's age, the address rule, an existing access). */
enum parent_outcome {
	PARENT_OK = 0,
	PARENT_INVALID_NUMBER,
	PARENT_NOT_POSSIBLE, /* neutral: unknown child, no responsibility (foster parents), confidential address */
	PARENT_TOO_MANY,
	PARENT_CHILD_16,
	PARENT_NOBODY_AT_ADDRESS,
	PARENT_EXISTS,
};
const char *parent_outcome_code(enum parent_outcome p);
status repr_parent_apply(const ctx *x, const char *child_nin, enum parent_outcome *why, int64_t *id);

/* R6: open someone's record (0 = one's own) in the current session. */
status repr_act_for(const ctx *x, int64_t represented_id);

#endif
