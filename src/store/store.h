/* store.h — schema migrations, and what every store file shares. Each
 * area's queries live in its own store file and header (store/register.h,
 * store/audit.h, ...): one C function per query, SQL only as string literals
 * with bound parameters, columns read by name (db/db.h, "row helpers"). */
#ifndef HELSAMI_STORE_H
#define HELSAMI_STORE_H

#include "core/clock.h"
#include "db/db.h"

/* No patient's list in the record areas (summary, care team, visits) comes
 * near this; a cap keeps the cost of one request bounded whatever is in
 * the database. */
enum { RECORD_LIST_LIMIT = 500 };

/* What most store queries bind before they read, written once. Each binds
 * its parameters and reads as db_read_one or db_read_list (db/db.h); the
 * query's text says what $1, $2, ... are, in the order given here. A list
 * query's row limit is max + 1 when the caller wants to know whether there
 * were more (more not NULL), else max. */

/* One row by one key: $1 (an id, a person, an appointment). */
status store_read_one_by(db_stmt *s, int64_t key, arena *ar, db_row_reader read, void *row);
/* One item of an owner's: $1 the item, $2 its owner (a patient, a unit),
 * so that the id of someone else's item finds nothing. */
status store_read_one_of(db_stmt *s, int64_t owner_id, int64_t id, arena *ar, db_row_reader read, void *row);
/* One item as a staff member may see it: $1 the staff member, $2 their
 * roles (a bit set), $3 the item. */
status store_read_one_for_staff(db_stmt *s, int64_t staff_id, unsigned roles, int64_t id, arena *ar, db_row_reader read,
                                void *row);
/* A list of one owner's items: $1 the owner (a patient, a unit, a staff
 * member, a conversation), $2 the row limit. */
status store_read_list_of(db_stmt *s, int64_t owner_id, arena *ar, size_t item_size, size_t max, db_row_reader read,
                          void *list, size_t *n, bool *more);
/* A list a staff member may see: $1 the staff member, $2 their roles, $3
 * the row limit. */
status store_read_list_for_staff(db_stmt *s, int64_t staff_id, unsigned roles, arena *ar, size_t item_size, size_t max,
                                 db_row_reader read, void *list, size_t *n, bool *more);
/* A list of one patient's record items: $1 the patient, $2 for_guardian (1
 * leaves out items hidden from guardians: the query says "AND ($2 = 0 OR
 * x.hidden_from_guardians = 0)"), $3 the row limit. */
status store_read_patient_list(db_stmt *s, int64_t patient_id, bool for_guardian, arena *ar, size_t item_size,
                               size_t max, db_row_reader read, void *list, size_t *n, bool *more);

/* Runs an UPDATE of one item of a patient's record by a staff member (ends
 * it, reviews it, ...: $1 the item, $2 the patient, $3 when, $4 the staff
 * member): `unchanged` (ST_NOT_FOUND, ST_CONFLICT) when it changed no row,
 * as db_run_changed. */
status store_run_staff_update(db_stmt *s, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at,
                              status unchanged);

/* Runs a write that stamps a time on one row, or on one person's rows ($1
 * the row's id or the person, $2 the time): `unchanged` is its answer when
 * it changed no row (ST_OK where that is fine, ST_NOT_FOUND, ST_CONFLICT),
 * as db_run_changed. */
status store_run_at(db_stmt *s, int64_t row_id, unix_time at, status unchanged);

/* A db_row_reader for a query whose first column is an id: fills an int64_t. */
void store_read_id(db_stmt *s, arena *ar, void *row);
/* A db_row_reader for a query whose first column is text: fills a const
 * char * with its copy in ar ("" for NULL). */
void store_read_text(db_stmt *s, arena *ar, void *row);

/* The count of a person's unread in-app notices (N1), a scalar subquery:
 * the inbox's own count, and a column of the session's read. */
#define STORE_INBOX_UNREAD(person)                                                                  \
	"(SELECT COUNT(*) FROM notification_delivery WHERE recipient_id = " person " AND channel =" \
	" 'in_app' AND read_at IS NULL)"

/* A staff queue's columns after an item's own: the patient's name and
 * national id number, from the query's person pp. */
#define STORE_QUEUE_PATIENT_COLUMNS ", pp.given_name || ' ' || pp.family_name, pp.nin"

/* Applies every migration not yet recorded in schema_version, in order, each
 * in its own transaction. Safe to call at every start. */
status store_migrate(db_conn *c);
/* The same, only the migrations numbered up to `last` (tests of a migration
 * that moves data build the schema as it was before it). */
status store_migrate_to(db_conn *c, int last);

/* A trivial query: the database answers. */
status store_ping(db_conn *c);

#endif
