/* db_internal.h — what db.c shares with its two backends (sqlite.c,
 * postgres.c): the connection and statement structs and the backend vtable.
 * Nothing outside src/db/ includes this, except the driver's own tests. */
#ifndef HELSAMI_DB_INTERNAL_H
#define HELSAMI_DB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

/* A statement's life: READY (binding) -> first db_step -> ROWS while rows
 * come -> FINISHED after DB_DONE or DB_ERROR; db_done and db_prepare bring it
 * back to READY with bindings cleared. */
enum stmt_state { STMT_READY, STMT_ROWS, STMT_FINISHED };

struct db_stmt {
	db_conn *c;
	const char *key; /* the caller's SQL literal: the cache key */
	char *sql;       /* a copy of its text, to catch a reused address */
	void *impl;      /* the backend's statement */
	enum stmt_state state;
	bool bad_bind;      /* a bind was refused: the next step fails */
	bool plan_per_call; /* planned with each call's values (db_prepare_planned_per_call) */
	status st;          /* why the last step failed */
	int64_t changes;    /* rows changed, set when a step returns DB_DONE */
};

struct db_conn {
	db *d;
	enum db_kind kind;
	const struct db_backend *be;
	void *h;              /* the backend's connection */
	struct db_conn *next; /* in the db's list of every connection */
	int tx_depth;         /* db_tx nesting; BEGIN was sent when > 0 */
	bool snapshot;        /* a request's read transaction is open (db_snapshot_begin) */
	status tx_error;      /* first failure inside the current transaction */
	int active;           /* statements in state ROWS */
	db_stmt **cache;      /* open addressing, keyed by SQL address */
	size_t cache_cap, cache_len;
	uint64_t rng; /* xorshift state for the retry back-off */
};

/* Every backend function reports its own errors through log_* (without
 * parameter values) and returns a status mapped as db.h describes. */
struct db_backend {
	const char *name;
	/* Opens c->h from the URL's target (a path, or a libpq URL). */
	status (*connect)(db_conn *c, const char *target);
	/* Frees c->h; every statement has been finalized before. */
	void (*disconnect)(db_conn *c);
	/* Called before preparing or executing: may reconnect a lost connection
	 * when no transaction is open. */
	status (*check)(db_conn *c);
	status (*exec)(db_conn *c, const char *sql);
	status (*begin)(db_conn *c, bool write);
	status (*commit)(db_conn *c);
	/* Rolls back if the server has a transaction open; never fails. */
	void (*rollback)(db_conn *c);
	/* Snapshots (db.h): whether a prepared statement may write, and whether
	 * the open transaction has written (on PostgreSQL, or failed: either
	 * way it must end now). */
	bool (*writes)(db_stmt *s);
	bool (*holds_write)(db_conn *c);

	/* Prepares s->sql into s->impl (NULL on entry). */
	status (*prepare)(db_stmt *s);
	/* Makes a cached statement ready for a new use; may prepare it again. */
	status (*reuse)(db_stmt *s);
	/* Ends one use: resets, drops results and bound values. */
	void (*done)(db_stmt *s);
	void (*finalize)(db_stmt *s);

	/* false when the statement has no parameter $idx (logged). */
	bool (*bind_int)(db_stmt *s, int idx, int64_t v);
	bool (*bind_text)(db_stmt *s, int idx, const char *v);
	bool (*bind_null)(db_stmt *s, int idx);
	/* Bytes for a BLOB (SQLite) or BYTEA (PostgreSQL) column, copied. */
	bool (*bind_blob)(db_stmt *s, int idx, const void *v, size_t len);

	/* Executes on the first call. Sets s->st on DB_ERROR and s->changes on
	 * DB_DONE. */
	enum db_step_result (*step)(db_stmt *s);
	int (*ncols)(db_stmt *s);
	bool (*col_null)(db_stmt *s, int col);
	int64_t (*col_int)(db_stmt *s, int col);
	const char *(*col_text)(db_stmt *s, int col); /* never NULL */
	/* A BLOB/BYTEA column's bytes copied into ar (NULL when the column is
	 * NULL), *len their number. */
	uint8_t *(*col_blob)(db_stmt *s, int col, arena *ar, size_t *len);
};

extern const struct db_backend db_sqlite_backend;
extern const struct db_backend db_postgres_backend;

/* Splits a database URL: "sqlite:PATH" gives DB_SQLITE and PATH; a
 * "postgres://" or "postgresql://" URL gives DB_POSTGRES and the whole URL
 * (libpq reads it). *target points into url. ST_INVALID for anything else,
 * an empty path, or ":memory:" (each thread would see its own database). */
status db_url_parse(const char *url, enum db_kind *kind, const char **target);

#endif
