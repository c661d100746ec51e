/* capacity.h — access to an adult lacking capacity to consent (SPEC.md R4):
 * the nearest relative (18 or older) applies for a person aged 12 or more
 * with documentation (a medical certificate: PDF, JPEG or PNG); staff review
 * it and grant (valid at most five years) or refuse with a reason. The
 * document is shown only to the reviewing staff, and every look is logged. */
#ifndef HELSAMI_DOMAIN_CAPACITY_H
#define HELSAMI_DOMAIN_CAPACITY_H

#include "core/ctx.h"
#include "store/representation.h"

enum {
	CAPACITY_DOC_MAX = 5 * 1024 * 1024, /* a scanned certificate; enough for several pages */
	CAPACITY_STATEMENT_MAX = 2000,
	CAPACITY_REASON_MIN = 10,
	CAPACITY_REASON_MAX = 1000,
	CAPACITY_LIST_MAX = 100,
};

enum capacity_outcome {
	CAPACITY_OK = 0,
	CAPACITY_INVALID_NUMBER,
	CAPACITY_NO_NAME,      /* the person's family name is missing */
	CAPACITY_NOT_POSSIBLE, /* neutral: unknown, deceased, name mismatch, confidential address */
	CAPACITY_TOO_MANY,     /* too many lookups this hour */
	CAPACITY_SELF,
	CAPACITY_APPLICANT_UNDER_18,
	CAPACITY_PERSON_UNDER_12,
	CAPACITY_BAD_RELATION,
	CAPACITY_BAD_STATEMENT, /* empty or too long */
	CAPACITY_NO_DOCUMENT,
	CAPACITY_BAD_DOCUMENT, /* not PDF, JPEG or PNG by its content */
	CAPACITY_DOCUMENT_TOO_LARGE,
	CAPACITY_PENDING, /* an application for this person is already waiting */
};
const char *capacity_outcome_code(enum capacity_outcome o);

/* A citizen (for themself) applies for the person with that number and
 * family name (looked up as domain/representation.h says: one neutral
 * answer, counted per account); refusals in *why with ST_OK. */
status capacity_apply(const ctx *x, const char *person_nin, const char *family_name, const char *relation,
                      const char *statement, const uint8_t *doc, size_t doc_len, enum capacity_outcome *why,
                      int64_t *id);
/* The applicant's own applications, newest first. */
status capacity_mine(const ctx *x, capacity_application *out, size_t max, size_t *n);

/* Staff review (CAP_R4_REVIEW). A reviewer handles only applications about
 * a patient of a unit where their role holds CAP_R4_REVIEW, and never one
 * where they are the applicant or the person concerned or are tied to either
 * (a representation, family relation or parental responsibility): such an
 * application does not exist for them (ST_NOT_FOUND, not listed). Every step
 * is in the person's access log. */
status capacity_queue(const ctx *x, capacity_application *out, size_t max, size_t *n);
/* One application, logged as a read of the person's data. */
status capacity_open(const ctx *x, int64_t id, capacity_application *out);
/* The document (arena memory), logged as a read. */
status capacity_document(const ctx *x, int64_t id, const char **type, const uint8_t **data, size_t *len);
/* Assigns the application to the reviewer. One assigned to someone else
 * changes hands only with takeover (logged as such), else ST_CONFLICT;
 * ST_CONFLICT too when it is decided. */
status capacity_take(const ctx *x, int64_t id, bool takeover);
/* The reviewer it is assigned to grants until valid_until (at most five years
 * from today) or refuses with a reason; ST_INVALID with a bad date or reason,
 * ST_CONFLICT if decided or not assigned to them. The decision records them. */
status capacity_decide(const ctx *x, int64_t id, bool grant, const char *valid_until, const char *reason);

#endif
