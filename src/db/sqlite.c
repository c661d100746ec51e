/* sqlite.c — the SQLite backend: one connection per thread in WAL mode, $N
 * placeholders mapped to SQLite's named parameters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>
#include <sqlite3.h>

#include "core/log.h"
#include "db/db_internal.h"

/* How long a writer waits for another's lock before ST_BUSY; db_tx then
 * retries. Long enough to ride out a checkpoint or a burst of writers. */
enum { SQ_BUSY_TIMEOUT_MS = 5000 };
/* Far above what any statement of ours uses; a larger $N is a typo. */
enum { SQ_MAX_PARAMS = 999 };

/* Where an INSERT ... RETURNING id stands in answering its one row from
 * the rowid (rowid_insert_len below). */
enum sq_rowid { ROWID_NONE, ROWID_READY, ROWID_ROW, ROWID_DONE };

struct sq_stmt {
	sqlite3_stmt *st;
	int nparams;                /* highest N of the $N in the text */
	int *index;                 /* index[N-1]: SQLite's number for $N */
	sqlite3_int64 total_before; /* total_changes when execution started */
	bool started;
	enum sq_rowid rowid; /* ROWID_NONE: the text runs as written */
	sqlite3_int64 id;    /* the inserted row's id, in state ROWID_ROW */
	char id_text[I64_DECIMAL_MAX + 1];
};

/* The statements that begin and end transactions, kept prepared: a
 * request runs two or more, and sqlite3_exec would parse each again. */
enum sq_tx { SQ_BEGIN, SQ_BEGIN_IMMEDIATE, SQ_COMMIT, SQ_ROLLBACK, SQ_TX_COUNT };
static const char *const sq_tx_sql[SQ_TX_COUNT] = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"};

struct sq_conn {
	sqlite3 *h;
	sqlite3_stmt *tx[SQ_TX_COUNT]; /* prepared on first use */
};

static sqlite3 *handle(db_conn *c)
{
	return ((struct sq_conn *)c->h)->h;
}

static struct sq_stmt *impl(db_stmt *s)
{
	return s->impl;
}

static status map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return ST_BUSY;
	case SQLITE_CONSTRAINT: return ST_CONFLICT;
	default: return ST_INTERNAL;
	}
}

/* SQLite's messages name tables, columns and constraints, never values. */
static status report(db_conn *c, int rc, const char *what, const char *sql)
{
	status st = map_rc(rc);
	const char *msg = sqlite3_errmsg(handle(c));
	if (st == ST_INTERNAL)
		log_error("db: sqlite %s failed (%d): %s: %.120s", what, rc, msg, sql);
	else
		log_debug("db: sqlite %s: %s (%d): %s: %.120s", what, status_name(st), rc, msg, sql);
	return st;
}

static int journal_mode_cb(void *arg, int ncols, char **vals, char **names)
{
	(void)names;
	if (ncols > 0 && vals[0] != NULL)
		*(bool *)arg = strcmp(vals[0], "wal") == 0;
	return 0;
}

/* SQLite counts every allocation under one global mutex unless told not
 * to; the threads of a busy server then queue on it. Done once, before
 * SQLite initializes (later it is refused, harmlessly). */
static void sq_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static status sq_connect(db_conn *c, const char *path)
{
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	pthread_once(&configured, sq_configure);
	sqlite3 *h = NULL;
	/* One connection per thread, so SQLite's own mutexes are not needed. */
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	int rc = sqlite3_open_v2(path, &h, flags, NULL);
	if (rc != SQLITE_OK) {
		log_error("db: cannot open SQLite database %s: %s", path,
		          h != NULL ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close(h);
		return ST_INTERNAL;
	}
	sqlite3_extended_result_codes(h, 1);
	sqlite3_busy_timeout(h, SQ_BUSY_TIMEOUT_MS);

	bool wal = false;
	char *err = NULL;
	rc = sqlite3_exec(h, "PRAGMA journal_mode=WAL", journal_mode_cb, &wal, &err);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(h, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		log_error("db: cannot configure SQLite database %s: %s", path, err != NULL ? err : sqlite3_errstr(rc));
		sqlite3_free(err);
		sqlite3_close(h);
		return ST_INTERNAL;
	}
	if (!wal)
		log_warn("db: SQLite database %s is not in WAL mode (file system without "
		         "shared memory?): readers will block writers",
		         path);
	struct sq_conn *sc = xcalloc(1, sizeof *sc);
	sc->h = h;
	c->h = sc;
	return ST_OK;
}

static void sq_disconnect(db_conn *c)
{
	struct sq_conn *sc = c->h;
	for (int i = 0; i < SQ_TX_COUNT; i++)
		sqlite3_finalize(sc->tx[i]);
	/* _v2: closes once the last statement is gone, whatever the order. */
	sqlite3_close_v2(sc->h);
	free(sc);
	c->h = NULL;
}

static status sq_check(db_conn *c)
{
	(void)c;
	return ST_OK;
}

static status sq_exec(db_conn *c, const char *sql)
{
	int rc = sqlite3_exec(handle(c), sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return report(c, rc, "exec", sql);
	return ST_OK;
}

static status sq_tx_run(db_conn *c, enum sq_tx which)
{
	struct sq_conn *sc = c->h;
	int rc = SQLITE_OK;
	if (sc->tx[which] == NULL)
		rc = sqlite3_prepare_v3(sc->h, sq_tx_sql[which], -1, SQLITE_PREPARE_PERSISTENT, &sc->tx[which], NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(sc->tx[which]);
		sqlite3_reset(sc->tx[which]);
	}
	return rc == SQLITE_OK || rc == SQLITE_DONE ? ST_OK : report(c, rc, "exec", sq_tx_sql[which]);
}

static status sq_begin(db_conn *c, bool write)
{
	/* IMMEDIATE takes the write lock now: a deferred transaction that reads
	 * and then writes can deadlock with another doing the same. */
	return sq_tx_run(c, write ? SQ_BEGIN_IMMEDIATE : SQ_BEGIN);
}

static status sq_commit(db_conn *c)
{
	return sq_tx_run(c, SQ_COMMIT);
}

static void sq_rollback(db_conn *c)
{
	/* A failed COMMIT or a busy statement may or may not have ended it. */
	if (!sqlite3_get_autocommit(handle(c)))
		sq_tx_run(c, SQ_ROLLBACK);
}

static bool sq_writes(db_stmt *s)
{
	return !sqlite3_stmt_readonly(((struct sq_stmt *)s->impl)->st);
}

static bool sq_holds_write(db_conn *c)
{
	return sqlite3_txn_state(handle(c), NULL) == SQLITE_TXN_WRITE;
}

/* Maps each $N to SQLite's parameter number; refuses other placeholder
 * styles, which would not mean the same on PostgreSQL. */
static bool map_params(struct sq_stmt *q, const char *sql)
{
	int count = sqlite3_bind_parameter_count(q->st);
	int max = 0;
	for (int i = 1; i <= count; i++) {
		const char *name = sqlite3_bind_parameter_name(q->st, i);
		char *end = NULL;
		long n = name != NULL && name[0] == '$' ? strtol(name + 1, &end, 10) : 0;
		if (n < 1 || n > SQ_MAX_PARAMS || end == NULL || *end != '\0') {
			log_error("db: placeholder %s is not $1..$%d: %.120s", name != NULL ? name : "?", SQ_MAX_PARAMS,
			          sql);
			return false;
		}
		if (n > max)
			max = (int)n;
	}
	q->nparams = max;
	q->index = xcalloc((size_t)max, sizeof *q->index);
	for (int i = 1; i <= count; i++)
		q->index[atoi(sqlite3_bind_parameter_name(q->st, i) + 1) - 1] = i;
	return true;
}

/* An INSERT whose text ends in RETURNING id runs without that clause, and
 * its one row is answered from the rowid: SQLite gathers RETURNING's rows
 * in an ephemeral table first, which cost 135,000 instructions an insert
 * (an access-log entry: 278,000 with it, 143,000 without). Only for a
 * table whose id is its rowid (declared INTEGER PRIMARY KEY) and a text
 * without ON CONFLICT (an upsert that updates sets no rowid). Returns the
 * length of the text to prepare, or 0 to prepare it as written. */
static const char RETURNING_ID[] = " RETURNING id";

static size_t rowid_insert_len(sqlite3 *h, const char *sql)
{
	static const char insert[] = "INSERT INTO ";
	size_t len = strlen(sql), suffix = sizeof RETURNING_ID - 1;
	if (strncmp(sql, insert, sizeof insert - 1) != 0 || len <= suffix ||
	    strcmp(sql + len - suffix, RETURNING_ID) != 0 || strstr(sql, "ON CONFLICT") != NULL)
		return 0;
	const char *name = sql + sizeof insert - 1;
	char table[64];
	size_t n = strcspn(name, " (");
	if (n == 0 || n >= sizeof table)
		return 0;
	memcpy(table, name, n);
	table[n] = '\0';
	const char *type = NULL;
	int primary = 0;
	if (sqlite3_table_column_metadata(h, "main", table, "id", &type, NULL, NULL, &primary, NULL) != SQLITE_OK ||
	    !primary || type == NULL || sqlite3_stricmp(type, "INTEGER") != 0)
		return 0;
	return len - suffix;
}

static status sq_prepare(db_stmt *s)
{
	struct sq_stmt *q = xcalloc(1, sizeof *q);
	const char *tail = NULL;
	size_t rowid_len = rowid_insert_len(handle(s->c), s->sql);
	q->rowid = rowid_len > 0 ? ROWID_READY : ROWID_NONE;
	int rc = sqlite3_prepare_v3(handle(s->c), s->sql, rowid_len > 0 ? (int)rowid_len : -1,
	                            SQLITE_PREPARE_PERSISTENT, &q->st, &tail);
	if (rc != SQLITE_OK) {
		status st = report(s->c, rc, "prepare", s->sql);
		sqlite3_finalize(q->st);
		free(q);
		return st;
	}
	if (q->st == NULL) {
		log_error("db: no statement in SQL: %.120s", s->sql);
		free(q);
		return ST_INTERNAL;
	}
	tail += strspn(tail, " \t\r\n;");
	if (rowid_len > 0 ? tail < s->sql + rowid_len : *tail != '\0') {
		log_error("db: more than one statement in prepared SQL (use db_exec): %.120s", s->sql);
		sqlite3_finalize(q->st);
		free(q);
		return ST_INTERNAL;
	}
	if (!map_params(q, s->sql)) {
		sqlite3_finalize(q->st);
		free(q);
		return ST_INTERNAL;
	}
	s->impl = q;
	return ST_OK;
}

static void sq_done(db_stmt *s)
{
	struct sq_stmt *q = impl(s);
	sqlite3_reset(q->st);
	sqlite3_clear_bindings(q->st);
	q->started = false;
	if (q->rowid != ROWID_NONE)
		q->rowid = ROWID_READY;
}

static status sq_reuse(db_stmt *s)
{
	sq_done(s);
	return ST_OK;
}

static void sq_finalize(db_stmt *s)
{
	struct sq_stmt *q = impl(s);
	if (q == NULL)
		return;
	sqlite3_finalize(q->st);
	free(q->index);
	free(q);
	s->impl = NULL;
}

static int param(db_stmt *s, int idx)
{
	struct sq_stmt *q = impl(s);
	int i = idx <= q->nparams ? q->index[idx - 1] : 0;
	if (i == 0)
		log_error("db: the statement has no parameter $%d: %.120s", idx, s->sql);
	return i;
}

static bool bound(db_stmt *s, int rc)
{
	if (rc == SQLITE_OK)
		return true;
	report(s->c, rc, "bind", s->sql);
	return false;
}

static bool sq_bind_int(db_stmt *s, int idx, int64_t v)
{
	int i = param(s, idx);
	return i != 0 && bound(s, sqlite3_bind_int64(impl(s)->st, i, v));
}

static bool sq_bind_text(db_stmt *s, int idx, const char *v)
{
	int i = param(s, idx);
	return i != 0 && bound(s, sqlite3_bind_text(impl(s)->st, i, v, -1, SQLITE_TRANSIENT));
}

static bool sq_bind_null(db_stmt *s, int idx)
{
	int i = param(s, idx);
	return i != 0 && bound(s, sqlite3_bind_null(impl(s)->st, i));
}

static bool sq_bind_blob(db_stmt *s, int idx, const void *v, size_t len)
{
	int i = param(s, idx);
	if (i == 0)
		return false;
	/* sqlite3_bind_blob binds NULL for a NULL pointer, and an empty value
	 * may come with one: a zero-length blob is bound as such. */
	if (len == 0)
		return bound(s, sqlite3_bind_zeroblob(impl(s)->st, i, 0));
	return bound(s, sqlite3_bind_blob64(impl(s)->st, i, v, (sqlite3_uint64)len, SQLITE_TRANSIENT));
}

static enum db_step_result sq_step_sql(db_stmt *s)
{
	struct sq_stmt *q = impl(s);
	sqlite3 *h = handle(s->c);
	if (!q->started) {
		q->started = true;
		q->total_before = sqlite3_total_changes64(h);
	}
	int rc = sqlite3_step(q->st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE) {
		/* changes() keeps the count of the last INSERT/UPDATE/DELETE on
		 * the connection: it is ours only if this statement changed any. */
		s->changes = sqlite3_total_changes64(h) != q->total_before ? sqlite3_changes64(h) : 0;
		return DB_DONE;
	}
	s->st = report(s->c, rc, "step", s->sql);
	return DB_ERROR;
}

/* The step of an INSERT prepared without its RETURNING id: the insert, then
 * the row RETURNING would have given (none when it inserted none), then the
 * end. More than one row inserted is refused: its ids are not known. */
static enum db_step_result rowid_step(db_stmt *s, enum db_step_result r)
{
	struct sq_stmt *q = impl(s);
	if (r != DB_DONE || q->rowid != ROWID_READY) {
		q->rowid = ROWID_DONE;
		return r;
	}
	if (s->changes == 0) {
		q->rowid = ROWID_DONE;
		return DB_DONE;
	}
	if (s->changes > 1) {
		log_error("db: RETURNING id of an INSERT of %lld rows: %.120s", (long long)s->changes, s->sql);
		q->rowid = ROWID_DONE;
		s->st = ST_INTERNAL;
		return DB_ERROR;
	}
	q->id = sqlite3_last_insert_rowid(handle(s->c));
	q->id_text[i64_to_decimal(q->id_text, q->id)] = '\0';
	q->rowid = ROWID_ROW;
	return DB_ROW;
}

static enum db_step_result sq_step(db_stmt *s)
{
	struct sq_stmt *q = impl(s);
	switch (q->rowid) {
	case ROWID_NONE: return sq_step_sql(s);
	case ROWID_READY: return rowid_step(s, sq_step_sql(s));
	case ROWID_ROW:
	case ROWID_DONE: q->rowid = ROWID_DONE; return DB_DONE;
	}
	return DB_DONE;
}

/* The row of an INSERT prepared without its RETURNING id: one column. */
static bool at_rowid_row(db_stmt *s)
{
	return impl(s)->rowid == ROWID_ROW;
}

static int sq_ncols(db_stmt *s)
{
	return at_rowid_row(s) ? 1 : sqlite3_data_count(impl(s)->st);
}

static bool sq_col_null(db_stmt *s, int col)
{
	return at_rowid_row(s) ? false : sqlite3_column_type(impl(s)->st, col) == SQLITE_NULL;
}

static int64_t sq_col_int(db_stmt *s, int col)
{
	return at_rowid_row(s) ? impl(s)->id : sqlite3_column_int64(impl(s)->st, col);
}

static const char *sq_col_text(db_stmt *s, int col)
{
	if (at_rowid_row(s))
		return impl(s)->id_text;
	const unsigned char *t = sqlite3_column_text(impl(s)->st, col);
	return t != NULL ? (const char *)t : "";
}

static uint8_t *sq_col_blob(db_stmt *s, int col, arena *ar, size_t *len)
{
	sqlite3_stmt *st = impl(s)->st;
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	/* The pointer first, then the size (SQLite's documented order). */
	const void *p = sqlite3_column_blob(st, col);
	*len = (size_t)sqlite3_column_bytes(st, col);
	uint8_t *out = arena_alloc(ar, *len + 1);
	if (*len > 0)
		memcpy(out, p, *len);
	return out;
}

const struct db_backend db_sqlite_backend = {
    .name = "sqlite",
    .connect = sq_connect,
    .disconnect = sq_disconnect,
    .check = sq_check,
    .exec = sq_exec,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .writes = sq_writes,
    .holds_write = sq_holds_write,
    .prepare = sq_prepare,
    .reuse = sq_reuse,
    .done = sq_done,
    .finalize = sq_finalize,
    .bind_int = sq_bind_int,
    .bind_text = sq_bind_text,
    .bind_null = sq_bind_null,
    .bind_blob = sq_bind_blob,
    .step = sq_step,
    .ncols = sq_ncols,
    .col_null = sq_col_null,
    .col_int = sq_col_int,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
};
