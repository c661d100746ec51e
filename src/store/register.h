/* register.h — the population register (persons, addresses, parental
 * responsibility, family relations), units, staff and which persons are
 * patients/users of which units. Strings returned live in the given arena. */
#ifndef HELSAMI_STORE_REGISTER_H
#define HELSAMI_STORE_REGISTER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

/* A staff_unit.role column as its enum staff_role bit (core/ctx.h), so a
 * query can take the roles that hold a capability as one bound mask. */
#define STORE_ROLE_BIT(col)                                                                                         \
	"(CASE " col " WHEN 'clinician' THEN 1 WHEN 'office' THEN 2 WHEN 'caseworker' THEN 4 WHEN 'support' THEN 8" \
	" WHEN 'admin' THEN 16 ELSE 0 END)"

typedef struct address {
	int64_t id;
	const char *street, *postcode, *city, *municipality;
} address;

typedef struct person {
	int64_t id;
	const char *nin;
	const char *given_name, *family_name;
	const char *birth_date; /* YYYY-MM-DD */
	int64_t address_id;     /* 0 when none */
	bool confidential_address;
	const char *death_date; /* NULL while alive */
} person;

typedef struct unit {
	int64_t id;
	const char *code, *kind, *name, *municipality, *phone;
	bool self_booking, self_change, change_requests, video_booking, accepts_messages;
	int paper_after_days;
} unit;

typedef struct staff {
	int64_t id, person_id;
	const char *hpr_number; /* NULL for staff who are not health personnel */
	const char *title;
	bool active;
} staff;

status store_address_insert(db_conn *c, const address *a, int64_t *id);
status store_address_get(db_conn *c, arena *ar, int64_t id, address *out);

/* Inserts a person; ST_CONFLICT when the identity number exists. */
status store_person_insert(db_conn *c, const person *p, int64_t *id);
status store_person_by_nin(db_conn *c, arena *ar, const char *nin, person *out);
status store_person_by_id(db_conn *c, arena *ar, int64_t id, person *out);
/* A person and their address in one read; *has_address false when they
 * have none or a confidential one, whose address is then never read. */
status store_person_and_address(db_conn *c, arena *ar, int64_t id, person *who, address *addr, bool *has_address);
status store_person_count(db_conn *c, int64_t *out);

status store_parental_responsibility_add(db_conn *c, int64_t child_id, int64_t parent_id);
status store_has_parental_responsibility(db_conn *c, int64_t child_id, int64_t parent_id, bool *out);
status store_family_relation_add(db_conn *c, int64_t person_id, int64_t relative_id, const char *relation);

status store_unit_insert(db_conn *c, const unit *u, int64_t *id);
status store_unit_by_code(db_conn *c, arena *ar, const char *code, unit *out);

status store_staff_insert(db_conn *c, const staff *s, int64_t *id);
status store_staff_by_person(db_conn *c, arena *ar, int64_t person_id, staff *out);
status store_staff_unit_add(db_conn *c, int64_t staff_id, int64_t unit_id, const char *role);

status store_patient_unit_add(db_conn *c, int64_t person_id, int64_t unit_id, const char *since);
/* Whether the person is a patient/user of at least one participating unit. */
status store_person_is_patient(db_conn *c, int64_t person_id, bool *out);

/* Whether the staff member works at the unit in any role. */
status store_staff_at_unit(db_conn *c, int64_t staff_id, int64_t unit_id, bool *out);
/* The role the staff member holds at the unit among the enum staff_role bits
 * given (clinician first): ST_NOT_FOUND when none. *any tells whether they
 * hold any role there at all. */
status store_staff_role_at_unit(db_conn *c, arena *ar, int64_t staff_id, int64_t unit_id, unsigned roles,
                                const char **role, bool *any);

#endif
