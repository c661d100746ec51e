/* db.h — the database driver: one interface, two backends (SQLite, PostgreSQL).
 *
 * SQL text uses $1, $2, ... placeholders on both backends, and sticks to the
 * subset both understand (INTEGER/BIGINT, TEXT, INSERT ... ON CONFLICT,
 * RETURNING, CAST(x AS TEXT)). Where a statement must differ, store/ passes
 * both texts to db_prepare2. Times are integers (UTC seconds), dates TEXT
 * 'YYYY-MM-DD', booleans INTEGER 0/1.
 *
 * Threads: each thread uses its own connection (db_thread_conn); statements
 * are prepared once per connection and cached by the address of their SQL
 * literal, so callers pass string literals, never built strings. */
#ifndef HELSAMI_DB_H
#define HELSAMI_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "core/core.h"

typedef struct db db;
typedef struct db_conn db_conn;
typedef struct db_stmt db_stmt;

enum db_kind { DB_SQLITE, DB_POSTGRES };

/* Opens a database by URL: "sqlite:PATH" or "postgres://..." / "postgresql://...".
 * Checks that a connection can be made. *out is owned by the caller (db_close). */
status db_open(const char *url, db **out);
/* Closes every connection opened through this db (call after worker threads end). */
void db_close(db *d);
enum db_kind db_kind_of(const db *d);

/* The calling thread's connection, opened on first use; NULL if it cannot be
 * opened (logged). Owned by the db. */
db_conn *db_thread_conn(db *d);
enum db_kind db_conn_kind(const db_conn *c);

/* Runs SQL without parameters or results (DDL, several statements allowed). */
status db_exec(db_conn *c, const char *sql);

/* A prepared statement for this connection, cached by the SQL's address; reset
 * and with bindings cleared. NULL on a preparation error (logged). */
db_stmt *db_prepare(db_conn *c, const char *sql);
/* Same, with a different text per backend. */
db_stmt *db_prepare2(db_conn *c, const char *sqlite_sql, const char *postgres_sql);

/* Parameters are numbered from 1, as $1 in the SQL. Text is copied. */
void db_bind_int(db_stmt *s, int idx, int64_t v);
void db_bind_text(db_stmt *s, int idx, const char *v); /* NULL binds NULL */
void db_bind_null(db_stmt *s, int idx);

enum db_step_result { DB_ROW, DB_DONE, DB_ERROR };
/* Executes (first call) and advances. On DB_ERROR, db_stmt_status tells why:
 * ST_CONFLICT for a constraint violation, ST_BUSY for a transient failure
 * (busy/locked, serialization failure, deadlock), else ST_INTERNAL. */
enum db_step_result db_step(db_stmt *s);
status db_stmt_status(const db_stmt *s);
/* Ends use of the statement (frees results); the cache keeps it prepared. */
void db_done(db_stmt *s);

/* Columns are numbered from 0. Text is valid until the next step or db_done. */
bool db_col_null(db_stmt *s, int col);
int64_t db_col_int(db_stmt *s, int col);
const char *db_col_text(db_stmt *s, int col); /* "" for NULL */
/* Rows changed by the last completed INSERT/UPDATE/DELETE on this statement. */
int64_t db_changes(db_stmt *s);

/* Runs a statement expecting no rows; returns ST_OK, ST_CONFLICT, ST_BUSY or ST_INTERNAL. */
status db_run(db_stmt *s);

/* The transaction runner: BEGIN, fn, COMMIT; rolls back when fn returns other
 * than ST_OK; retries the whole thing on ST_BUSY up to DB_TX_TRIES times with
 * a short randomized back-off, so fn must be idempotent apart from its
 * database writes. `write` takes SQLite's write lock at BEGIN (IMMEDIATE),
 * avoiding deadlock-by-upgrade. Returns fn's status or the commit's. */
enum { DB_TX_TRIES = 8 };
typedef status (*db_tx_fn)(db_conn *c, void *arg);
status db_tx(db_conn *c, bool write, db_tx_fn fn, void *arg);
bool db_in_tx(const db_conn *c);

#endif
