/* population.h — bulk loading of synthetic register data for `helsami seed
 * population`: persons, addresses, family relations, parental responsibility
 * and patient links written with ids the caller assigns (no RETURNING round
 * trip per row). On SQLite each row is one reused prepared INSERT; on
 * PostgreSQL rows are buffered and sent as one INSERT ... SELECT FROM
 * unnest(arrays) per table and batch.
 *
 * Use inside one write transaction (db_tx with write = true), so that no one
 * else takes ids between store_pop_max_ids and the inserts; call
 * store_pop_loader_finish before the transaction commits. */
#ifndef HELSAMI_STORE_POPULATION_H
#define HELSAMI_STORE_POPULATION_H

#include <stdint.h>

#include "db/db.h"

/* The highest person and address ids in use (0 for empty tables). */
status store_pop_max_ids(db_conn *c, int64_t *max_person, int64_t *max_address);

/* Calls fn for up to `limit` persons with id > after_id, in id order, with
 * the identity number (valid only during the call); *last_id is set to the
 * highest id seen (after_id when none). Page through the table with it. */
typedef void (*store_pop_nin_fn)(const char *nin, void *arg);
status store_pop_nins_page(db_conn *c, int64_t after_id, int64_t limit, store_pop_nin_fn fn, void *arg,
                           int64_t *last_id);

/* The id of the first (lowest id) unit of kind 'gp_office'; ST_NOT_FOUND if none. */
status store_pop_first_gp_office(db_conn *c, int64_t *id);

typedef struct pop_loader pop_loader;

/* A loader writing through c. Owned by the caller: store_pop_loader_free.
 * On SQLite it enlarges the connection's page cache until freed. */
pop_loader *store_pop_loader_new(db_conn *c);

/* Each adds one row. Strings are copied. The first failure is kept and
 * returned by every later call and by store_pop_loader_finish: ST_CONFLICT
 * for a duplicate (identity number, key), ST_INTERNAL otherwise. Rows may be
 * written late (PostgreSQL batches), so a failure may surface on a later call.
 * Add an address before the persons living there, and a person before the
 * rows that refer to them. */
status store_pop_address(pop_loader *l, int64_t id, const char *street, const char *postcode, const char *city,
                         const char *municipality);
/* A living person without an address block or death date (confidential_address 0). */
status store_pop_person(pop_loader *l, int64_t id, const char *nin, const char *given_name, const char *family_name,
                        const char *birth_date, int64_t address_id);
status store_pop_family_relation(pop_loader *l, int64_t person_id, int64_t relative_id, const char *relation);
status store_pop_parental_responsibility(pop_loader *l, int64_t child_id, int64_t parent_id);
status store_pop_patient_unit(pop_loader *l, int64_t person_id, int64_t unit_id, const char *since);

/* Writes what is buffered and, on PostgreSQL, moves the id sequences of
 * person and address past the ids used, so ordinary inserts continue after
 * them. Returns the loader's first failure, if any. */
status store_pop_loader_finish(pop_loader *l);
/* Frees the loader (rows not finished are dropped); NULL is fine. */
void store_pop_loader_free(pop_loader *l);

#endif
