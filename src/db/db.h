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

#include "core/arena.h"
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
/* Same as db_prepare, for a query whose best plan depends on the values
 * bound (a range and a LIMIT): PostgreSQL plans it with each call's values.
 * A prepared statement there switches to one generic plan after five calls,
 * and that plan cannot see that a LIMIT of 3 may stop at the third row of
 * an index: it sorted every free slot of a half-year window (70-90 ms, and
 * seconds under load, against 0.2-1.5 ms). */
db_stmt *db_prepare_planned_per_call(db_conn *c, const char *sql);

/* Parameters are numbered from 1, as $1 in the SQL. Text is copied. */
void db_bind_int(db_stmt *s, int idx, int64_t v);
void db_bind_text(db_stmt *s, int idx, const char *v); /* NULL binds NULL */
void db_bind_null(db_stmt *s, int idx);
/* Binds len bytes (any values, NUL included) to a BLOB (SQLite) or BYTEA
 * (PostgreSQL) column, copied; v NULL binds NULL. On PostgreSQL they travel
 * as a binary parameter: no escaping, no growth. */
void db_bind_blob(db_stmt *s, int idx, const void *v, size_t len);

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
/* A BLOB/BYTEA column's bytes copied into ar, *len their number; NULL (and
 * *len 0) for NULL. An empty value is a non-NULL pointer with *len 0. The
 * copy is the caller's (it lives as long as ar). */
uint8_t *db_col_blob(db_stmt *s, int col, arena *ar, size_t *len);
/* Rows changed by the last completed INSERT/UPDATE/DELETE on this statement. */
int64_t db_changes(db_stmt *s);

/* Runs a statement expecting no rows; returns ST_OK, ST_CONFLICT, ST_BUSY or ST_INTERNAL. */
status db_run(db_stmt *s);

/* ---- row helpers ----
 * What every store query repeats, written once. Like every call above, each
 * accepts the NULL a failed db_prepare returned (a run answers ST_INTERNAL),
 * so store code prepares, binds and runs without checking for NULL itself.
 *
 * Name the columns a query reads: beside the SQL text that lists them, an
 * enum of their positions, in the same order and line by line,
 *
 *	#define STAY_COLUMNS                  \
 *		"s.id, s.unit_id, s.kind,"    \
 *		" s.from_date, s.to_date"
 *	enum stay_col {
 *		STAY_ID, STAY_UNIT_ID, STAY_KIND,
 *		STAY_FROM_DATE, STAY_TO_DATE,
 *	};
 *
 * and read them as db_col_str(s, STAY_KIND, ar), never db_col_text(s, 2).
 * A query selecting a shared list and more ends the list's enum with
 * X_NCOLS and numbers its own columns on from there. */

/* Binds v, or NULL when v is 0: an optional id, time or count. (Optional
 * text needs no helper: db_bind_text binds NULL for a NULL string.) */
void db_bind_opt_int(db_stmt *s, int idx, int64_t v);

/* The column's text copied into ar; "" for NULL. */
const char *db_col_str(db_stmt *s, int col, arena *ar);
/* The column's text copied into ar, or NULL when the column is NULL. */
const char *db_col_opt_str(db_stmt *s, int col, arena *ar);
/* An integer column (an optional id or time), 0 for NULL. */
int64_t db_col_opt_int(db_stmt *s, int col);
/* An INTEGER 0/1 column (or a boolean expression) as a bool; NULL is false. */
bool db_col_bool(db_stmt *s, int col);

/* Steps a query that returns at most one row: ST_OK when there is one (read
 * it, then db_done), ST_NOT_FOUND when there is none, else the statement's
 * failure (ST_BUSY, ST_INTERNAL, ...). */
status db_step_one(db_stmt *s);
/* Runs a query whose first column of its one row is an integer (a COUNT, an
 * id) and ends the statement: *out gets it (out may be NULL); ST_NOT_FOUND
 * when there is no row, else as db_step_one. */
status db_one_int(db_stmt *s, int64_t *out);
/* Runs an INSERT ... RETURNING id and ends the statement: *id gets the new
 * row's id (id may be NULL). ST_CONFLICT when a constraint refuses the row;
 * no row back is a bug (ST_INTERNAL). */
status db_insert_id(db_stmt *s, int64_t *id);
/* Runs a query and ends the statement: *out tells whether it returned a row
 * (false on failure). */
status db_exists(db_stmt *s, bool *out);
/* Runs an UPDATE or DELETE: `unchanged` (ST_NOT_FOUND, ST_CONFLICT, ...)
 * when it changed no row, else as db_run. */
status db_run_changed(db_stmt *s, status unchanged);
/* Ends the use of a statement whose rows were read, all of them or as many
 * as wanted, and returns ST_OK, or the failure of its last step. */
status db_end(db_stmt *s);

/* Reading rows into structs. A row reader fills one item of the caller's
 * type from the statement's current row, text copied into ar; like qsort's
 * comparator it takes the item as void * and casts it once:
 *
 *	static void read_stay(db_stmt *s, arena *ar, void *row)
 *	{
 *		stay *o = row;
 *		*o = (stay){.id = db_col_int(s, STAY_ID), ...};
 *	}
 *
 * Then a store function is its SQL, its binds and one line:
 *
 *	return db_read_list(s, ar, sizeof **out, RECORD_LIST_LIMIT, read_stay, out, n, NULL);
 *	return db_read_one(s, ar, read_stay, out);
 */
typedef void (*db_row_reader)(db_stmt *s, arena *ar, void *row);

/* Runs a query that returns at most one row and ends the statement: read
 * fills *row from it. ST_OK when there was one, ST_NOT_FOUND (row
 * untouched) when there was none, else the statement's failure. */
status db_read_one(db_stmt *s, arena *ar, db_row_reader read, void *row);
/* db_read_one for a row whose last column, after what read reads, is a
 * blob: the bytes go into *data and *len (a copy in ar). */
status db_read_one_and_blob(db_stmt *s, arena *ar, db_row_reader read, void *row, int blob_column,
                            const uint8_t **data, size_t *len);

/* Runs a query and reads its rows, at most max (SIZE_MAX: no cap of its
 * own), into an arena array of item_size-byte items that doubles as rows
 * come (nothing is allocated for rows that never come); each item starts
 * zeroed and is filled by read. list points to the caller's array pointer
 * (pass out of type T ** for items of type T): it gets the array, NULL
 * when empty; *n the number of items; *more (more may be NULL) whether a
 * row past max was there (ask the query for max + 1 rows to know). Ends
 * the statement and returns ST_OK, or its failure (with the rows read
 * before it). */
status db_read_list(db_stmt *s, arena *ar, size_t item_size, size_t max, db_row_reader read, void *list, size_t *n,
                    bool *more);

/* The transaction runner: BEGIN, fn, COMMIT; rolls back when fn returns other
 * than ST_OK; retries the whole thing on ST_BUSY up to DB_TX_TRIES times with
 * a short randomized back-off, so fn must be idempotent apart from its
 * database writes. `write` takes SQLite's write lock at BEGIN (IMMEDIATE),
 * avoiding deadlock-by-upgrade. Returns fn's status or the commit's. */
enum { DB_TX_TRIES = 8 };
typedef status (*db_tx_fn)(db_conn *c, void *arg);
status db_tx(db_conn *c, bool write, db_tx_fn fn, void *arg);
bool db_in_tx(const db_conn *c);

/* A request's reads in one snapshot. On SQLite every transaction, and every
 * statement outside one, takes and drops file locks (several fcntl calls
 * each); a page that reads its session, its reader's context and its rows
 * in five transactions pays five times. Between begin and end, statements
 * and read transactions run inside one read transaction. The first write —
 * a write transaction, or a statement that writes outside one — ends it
 * first, so writes are exactly as without it; a read transaction that
 * writes after all is committed or rolled back on its own, as before.
 * Begin and end in the same call on the same thread: the connection is the
 * thread's. On PostgreSQL the snapshot is one READ COMMITTED transaction
 * (each statement still sees what is committed when it starts): what it
 * saves is a BEGIN and a COMMIT, two round trips, per read transaction; a
 * statement that fails in it ends it, since PostgreSQL refuses every later
 * statement of a failed transaction. */
void db_snapshot_begin(db_conn *c);
void db_snapshot_end(db_conn *c);

#endif
