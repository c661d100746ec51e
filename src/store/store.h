/* store.h — schema migrations, and what every store file shares. Each
 * area's queries live in its own store file and header (store/register.h,
 * store/audit.h, ...): one C function per query, SQL only as string literals
 * with bound parameters, columns read by name (db/db.h, "row helpers"). */
#ifndef HELSAMI_STORE_H
#define HELSAMI_STORE_H

#include "db/db.h"

/* No patient's list in the record areas (summary, care team, visits) comes
 * near this; a cap keeps the cost of one request bounded whatever is in
 * the database. */
enum { RECORD_LIST_LIMIT = 500 };

/* Applies every migration not yet recorded in schema_version, in order, each
 * in its own transaction. Safe to call at every start. */
status store_migrate(db_conn *c);

/* A trivial query: the database answers. */
status store_ping(db_conn *c);

#endif
