/* representation.h (store) — SQL for who may act for whom (SPEC.md R1–R6)
 * and applications for access to adults lacking capacity (R4). */
#ifndef HELSAMI_STORE_REPRESENTATION_H
#define HELSAMI_STORE_REPRESENTATION_H

#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"

typedef struct representation {
	int64_t id;
	int64_t representative_id, represented_id;
	const char *basis;       /* power_of_attorney, parent, capacity */
	const char *kind;        /* an access kind (domain/representation.h) */
	const char *valid_from;  /* YYYY-MM-DD */
	const char *valid_until; /* YYYY-MM-DD or NULL (open-ended) */
	unix_time created_at;
	unix_time ended_at; /* 0 while not ended */
	/* joined from the register, for pages */
	const char *other_name; /* the other party's name */
} representation;

status store_repr_insert(db_conn *c, const representation *r, int64_t created_by, unix_time at, int64_t *id);
status store_repr_get(db_conn *c, arena *ar, int64_t id, representation *out);
/* The newest not-ended representation between the two, if any. */
status store_repr_between(db_conn *c, arena *ar, int64_t representative_id, int64_t represented_id,
                          representation *out);
status store_repr_end(db_conn *c, int64_t id, int64_t ended_by, unix_time at);
/* Ends the open representation from representative to represented, if any
 * (at most one is open, by a unique index). */
status store_repr_end_between(db_conn *c, int64_t representative_id, int64_t represented_id, int64_t ended_by,
                              unix_time at);

/* Not-ended representations where the person represents others (as = 0) or
 * is represented (as = 1), newest first, at most max, in an arena array (*n
 * of them); other_name filled. */
status store_repr_list(db_conn *c, arena *ar, int64_t person_id, int as, size_t max, representation **out, size_t *n);

/* The register facts the parent rule needs about a child. */
status store_repr_parents_at_address(db_conn *c, int64_t child_id, int64_t *count);

typedef struct capacity_application {
	int64_t id, applicant_id, person_id;
	const char *relation, *statement, *document_type;
	unix_time submitted_at;
	const char *status; /* pending, taken, granted, refused */
	int64_t taken_by, decided_by;
	const char *decision_reason;
	int64_t representation_id;
	const char *applicant_name, *person_name;    /* joined */
	const char *taken_by_name, *decided_by_name; /* the reviewers' names; NULL when nobody */
	unix_time decided_at;                        /* 0 while open */
} capacity_application;

/* Stores the certificate's bytes as they came (document_data). */
status store_capacity_insert(db_conn *c, const capacity_application *a, const uint8_t *document, size_t len,
                             int64_t *id);
status store_capacity_get(db_conn *c, arena *ar, int64_t id, capacity_application *out);
/* The certificate's bytes and length, in the arena. */
status store_capacity_document(db_conn *c, arena *ar, int64_t id, uint8_t **data, size_t *len);
/* Open applications concerning patients of units where the staff member
 * holds one of `roles` (enum staff_role bits), oldest first; at most max, in
 * an arena array (*n of them); *more when there are further ones. */
status store_capacity_list_open(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, size_t max,
                                capacity_application **out, size_t *n, bool *more);
/* The applicant's applications, newest first; at most max, in an arena array. */
status store_capacity_list_by_applicant(db_conn *c, arena *ar, int64_t applicant_id, size_t max,
                                        capacity_application **out, size_t *n);
/* Whether the applicant has an open application about the person. */
status store_capacity_open_between(db_conn *c, int64_t applicant_id, int64_t person_id, bool *out);
/* Assigns an open application to staff_id if it is still assigned to
 * `previous` (0: to nobody); ST_CONFLICT when it is not (decided, or someone
 * else took it meanwhile). */
status store_capacity_assign(db_conn *c, int64_t id, int64_t staff_id, int64_t previous);
/* Records the decision of the reviewer it is assigned to; ST_CONFLICT when it
 * is decided already or assigned to someone else. */
status store_capacity_decide(db_conn *c, int64_t id, int64_t staff_id, unix_time at, const char *status_text,
                             const char *reason, int64_t representation_id);

/* Whether two persons are tied: an open representation either way, a family
 * relation or parental responsibility (a reviewer must not be either). */
status store_persons_connected(db_conn *c, int64_t a, int64_t b, bool *out);

#endif
