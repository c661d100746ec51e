/* postgres.c — the PostgreSQL backend over libpq: statements prepared by name
 * once per connection, parameters sent as text (bytes for BYTEA in binary
 * format), results read whole as text. */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpq-fe.h>

#include "core/log.h"
#include "db/db_internal.h"

struct pg_conn {
	PGconn *pc;
	unsigned gen;       /* bumped on reconnect: prepared names are gone */
	unsigned next_name; /* statement names hs0, hs1, ... on this connection */
	bool wrote;         /* the open transaction ran a statement that may write */
	bool pending;       /* a read transaction is open whose BEGIN is not sent yet */
};

struct pg_stmt {
	char name[24];
	unsigned gen; /* the connection generation it was prepared in */
	bool stale;   /* the server no longer has it as prepared */
	bool writes;  /* it may write (pg_writes) */
	int nparams;
	char **vals;   /* vals[N-1]: $N as text, NULL for NULL */
	int *lens;     /* lens[N-1]: $N's length when it is binary */
	int *formats;  /* formats[N-1]: 1 for a binary parameter (bytes), 0 for text */
	PGresult *res; /* after execution */
	int row, nrows;
};

static struct pg_conn *conn_of(db_conn *c)
{
	return c->h;
}

static struct pg_stmt *impl(db_stmt *s)
{
	return s->impl;
}

static status map_sqlstate(const char *code)
{
	if (code == NULL)
		return ST_INTERNAL; /* no server error: the connection failed */
	if (strncmp(code, "23", 2) == 0)
		return ST_CONFLICT; /* integrity constraint violation */
	if (str_eq(code, "40001") || str_eq(code, "40P01") || str_eq(code, "55P03"))
		return ST_BUSY; /* serialization failure, deadlock, lock not available */
	return ST_INTERNAL;
}

/* Primary messages of class 22 (data exception: invalid input syntax, ...)
 * quote the offending value, which may be health data or an identity number,
 * so those are logged by code only. Detail lines are never logged: for
 * constraint violations they hold the row's values. */
static const char *safe_message(const char *code, const char *primary)
{
	if (code != NULL && strncmp(code, "22", 2) == 0)
		return "(message withheld: it may quote a value)";
	return primary != NULL ? primary : "";
}

/* libpq's own messages span lines; a log line should not. */
static void log_client_error(const char *what, const char *msg, const char *sql)
{
	char line[512];
	size_t n = 0;
	for (const char *p = msg != NULL ? msg : ""; *p != '\0' && n < sizeof line - 1; p++) {
		bool space = *p == '\n' || *p == '\t' || *p == ' ';
		if (!space)
			line[n++] = *p;
		else if (n > 0 && line[n - 1] != ' ')
			line[n++] = ' ';
	}
	while (n > 0 && line[n - 1] == ' ')
		n--;
	line[n] = '\0';
	log_error("db: postgres %s failed: %s: %.120s", what, line, sql);
}

static status report(db_conn *c, const PGresult *r, const char *what, const char *sql)
{
	const char *code = r != NULL ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (code == NULL) {
		const char *msg = r != NULL ? PQresultErrorMessage(r) : "";
		log_client_error(what, msg[0] != '\0' ? msg : PQerrorMessage(conn_of(c)->pc), sql);
		return ST_INTERNAL;
	}
	status st = map_sqlstate(code);
	const char *msg = safe_message(code, PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
	if (st == ST_INTERNAL)
		log_error("db: postgres %s failed (%s): %s: %.120s", what, code, msg, sql);
	else
		log_debug("db: postgres %s: %s (%s): %s: %.120s", what, status_name(st), code, msg, sql);
	return st;
}

/* Server notices go to our log, not libpq's raw stderr lines. */
static void notice_receiver(void *arg, const PGresult *r)
{
	(void)arg;
	const char *code = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	const char *msg = safe_message(code, PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
	log_warn("db: postgres notice (%s): %s", code != NULL ? code : "?", msg);
}

static status configure(db_conn *c)
{
	PGconn *pc = conn_of(c)->pc;
	PQsetNoticeReceiver(pc, notice_receiver, NULL);
	PGresult *r = PQexec(pc, "SET client_min_messages = warning");
	status st = ST_OK;
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		st = report(c, r, "configure", "SET client_min_messages");
	PQclear(r);
	return st;
}

static status pg_connect(db_conn *c, const char *url)
{
	/* The URL is expanded as dbname; its own application_name wins. */
	const char *const keys[] = {"dbname", "fallback_application_name", NULL};
	const char *const vals[] = {url, "helsami", NULL};
	PGconn *pc = PQconnectdbParams(keys, vals, 1);
	if (pc == NULL) {
		log_error("db: cannot connect to PostgreSQL: out of memory");
		return ST_INTERNAL;
	}
	if (PQstatus(pc) != CONNECTION_OK) {
		log_client_error("connect", PQerrorMessage(pc), "");
		PQfinish(pc);
		return ST_INTERNAL;
	}
	struct pg_conn *p = xcalloc(1, sizeof *p);
	p->pc = pc;
	c->h = p;
	if (configure(c) != ST_OK) {
		PQfinish(pc);
		free(p);
		c->h = NULL;
		return ST_INTERNAL;
	}
	return ST_OK;
}

static void pg_disconnect(db_conn *c)
{
	struct pg_conn *p = conn_of(c);
	PQfinish(p->pc);
	free(p);
	c->h = NULL;
}

static status reconnect(db_conn *c)
{
	struct pg_conn *p = conn_of(c);
	PQreset(p->pc);
	if (PQstatus(p->pc) != CONNECTION_OK) {
		log_client_error("reconnect", PQerrorMessage(p->pc), "");
		return ST_INTERNAL;
	}
	p->gen++;
	log_warn("db: PostgreSQL connection was lost; reconnected");
	return configure(c);
}

/* Whether a command that failed met a lost connection (a database restart,
 * a failover) with no transaction open on the server (idle), and a new
 * connection is open now: then nothing is lost and it may be sent again. */
static bool reconnected_after_loss(db_conn *c, bool idle)
{
	return idle && PQstatus(conn_of(c)->pc) != CONNECTION_OK && reconnect(c) == ST_OK;
}

/* libpq notices a lost connection when a command fails; the next caller gets
 * one reconnect attempt. Not inside a transaction: its work is gone, and a
 * COMMIT on a fresh session would claim success. */
static status pg_check(db_conn *c)
{
	struct pg_conn *p = conn_of(c);
	if (PQstatus(p->pc) == CONNECTION_OK)
		return ST_OK;
	if (c->tx_depth > 0 && !p->pending) {
		log_error("db: PostgreSQL connection lost inside a transaction");
		return ST_INTERNAL;
	}
	return reconnect(c);
}

/* Whether SQL may write: anything but a plain SELECT (a SELECT that locks
 * rows counts, as it holds them to the end of its transaction). */
static bool sql_may_write(const char *sql)
{
	while (*sql == ' ' || *sql == '\n' || *sql == '\t')
		sql++;
	return strncasecmp(sql, "SELECT", 6) != 0 || strstr(sql, " FOR UPDATE") != NULL ||
	       strstr(sql, " FOR SHARE") != NULL || strstr(sql, " FOR NO KEY UPDATE") != NULL;
}

static status exec_now(db_conn *c, const char *sql)
{
	PGresult *r = PQexec(conn_of(c)->pc, sql);
	ExecStatusType es = PQresultStatus(r);
	status st = ST_OK;
	if (es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK && es != PGRES_EMPTY_QUERY)
		st = report(c, r, "exec", sql);
	PQclear(r);
	return st;
}

/* Sends the BEGIN of a read transaction that is about to write. */
static status begin_pending(db_conn *c)
{
	struct pg_conn *p = conn_of(c);
	if (!p->pending)
		return ST_OK;
	p->pending = false;
	return exec_now(c, "BEGIN ISOLATION LEVEL READ COMMITTED");
}

static status pg_exec(db_conn *c, const char *sql)
{
	status st = sql_may_write(sql) ? begin_pending(c) : ST_OK;
	return st == ST_OK ? exec_now(c, sql) : st;
}

/* A read transaction sends no BEGIN until a statement in it may write: at
 * READ COMMITTED each statement sees what is committed when it starts, in a
 * transaction or not, so reads alone need none, and a request that only
 * reads saves the BEGIN and COMMIT round trips. Integrity comes from
 * constraints (ARCHITECTURE.md rule 5), so one level serves reads and writes. */
static status pg_begin(db_conn *c, bool write)
{
	struct pg_conn *p = conn_of(c);
	p->wrote = false;
	p->pending = true;
	return write ? begin_pending(c) : ST_OK;
}

static status pg_commit(db_conn *c)
{
	struct pg_conn *p = conn_of(c);
	if (p->pending) {
		p->pending = false;
		return ST_OK;
	}
	PGresult *r = PQexec(p->pc, "COMMIT");
	status st = ST_OK;
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		st = report(c, r, "commit", "COMMIT");
	} else if (!str_eq(PQcmdStatus(r), "COMMIT")) {
		/* COMMIT of a failed transaction "succeeds" as ROLLBACK. */
		log_error("db: PostgreSQL rolled the transaction back at COMMIT");
		st = ST_INTERNAL;
	}
	PQclear(r);
	return st;
}

static bool pg_writes(db_stmt *s)
{
	return impl(s)->writes;
}

/* The snapshot's transaction must end now: it wrote, or a statement failed
 * in it (PostgreSQL then refuses every later statement until it ends). */
static bool pg_holds_write(db_conn *c)
{
	struct pg_conn *p = conn_of(c);
	return p->wrote || PQtransactionStatus(p->pc) == PQTRANS_INERROR;
}

static void pg_rollback(db_conn *c)
{
	conn_of(c)->pending = false;
	PGconn *pc = conn_of(c)->pc;
	PGTransactionStatusType ts = PQtransactionStatus(pc);
	if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR)
		PQclear(PQexec(pc, "ROLLBACK"));
}

static void clear_vals(struct pg_stmt *q)
{
	for (int i = 0; i < q->nparams; i++) {
		free(q->vals[i]);
		q->vals[i] = NULL;
		q->lens[i] = 0;
		q->formats[i] = 0;
	}
}

static void free_params(struct pg_stmt *q)
{
	if (q->vals != NULL)
		clear_vals(q);
	free(q->vals);
	free(q->lens);
	free(q->formats);
	q->vals = NULL;
	q->lens = q->formats = NULL;
	q->nparams = 0;
}

/* Prepares the text under a fresh name on this connection. */
static status prepare_name(db_stmt *s, struct pg_stmt *q)
{
	struct pg_conn *p = conn_of(s->c);
	snprintf(q->name, sizeof q->name, "hs%u", p->next_name++);
	bool idle = PQtransactionStatus(p->pc) == PQTRANS_IDLE;
	PGresult *r = PQprepare(p->pc, q->name, s->sql, 0, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && reconnected_after_loss(s->c, idle)) {
		PQclear(r);
		r = PQprepare(p->pc, q->name, s->sql, 0, NULL);
	}
	status st = ST_OK;
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		st = report(s->c, r, "prepare", s->sql);
	PQclear(r);
	q->gen = p->gen;
	q->stale = st != ST_OK;
	return st;
}

/* Prepares (no types: the server infers them) and learns how many
 * parameters the text has. */
static status prepare_named(db_stmt *s, struct pg_stmt *q)
{
	status st = prepare_name(s, q);
	if (st != ST_OK)
		return st;
	PGresult *r = PQdescribePrepared(conn_of(s->c)->pc, q->name);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		st = report(s->c, r, "describe", s->sql);
		PQclear(r);
		return st;
	}
	free_params(q);
	q->nparams = PQnparams(r);
	q->vals = xcalloc((size_t)q->nparams, sizeof *q->vals);
	q->lens = xcalloc((size_t)q->nparams, sizeof *q->lens);
	q->formats = xcalloc((size_t)q->nparams, sizeof *q->formats);
	q->writes = sql_may_write(s->sql);
	PQclear(r);
	return ST_OK;
}

static status pg_prepare(db_stmt *s)
{
	struct pg_stmt *q = xcalloc(1, sizeof *q);
	status st = prepare_named(s, q);
	if (st != ST_OK) {
		free_params(q);
		free(q);
		return st;
	}
	s->impl = q;
	return ST_OK;
}

static void pg_done(db_stmt *s)
{
	struct pg_stmt *q = impl(s);
	PQclear(q->res);
	q->res = NULL;
	q->row = q->nrows = 0;
	if (q->vals != NULL)
		clear_vals(q);
}

static status pg_reuse(db_stmt *s)
{
	struct pg_stmt *q = impl(s);
	pg_done(s);
	if (q->stale || q->gen != conn_of(s->c)->gen)
		return prepare_named(s, q);
	return ST_OK;
}

static void pg_finalize(db_stmt *s)
{
	struct pg_stmt *q = impl(s);
	if (q == NULL)
		return;
	/* The server forgets the prepared name when the session ends. */
	pg_done(s);
	free_params(q);
	free(q);
	s->impl = NULL;
}

/* Sets $idx to v (owned from here), text when len < 0, else len bytes in
 * binary format. */
static bool set_param(db_stmt *s, int idx, char *v, int len)
{
	struct pg_stmt *q = impl(s);
	if (idx > q->nparams) {
		log_error("db: the statement has no parameter $%d: %.120s", idx, s->sql);
		free(v);
		return false;
	}
	free(q->vals[idx - 1]);
	q->vals[idx - 1] = v;
	q->lens[idx - 1] = len < 0 ? 0 : len;
	q->formats[idx - 1] = len < 0 ? 0 : 1;
	return true;
}

static bool set_val(db_stmt *s, int idx, char *v)
{
	return set_param(s, idx, v, -1);
}

static bool pg_bind_int(db_stmt *s, int idx, int64_t v)
{
	char text[24];
	snprintf(text, sizeof text, "%" PRId64, v);
	return set_val(s, idx, xstrdup(text));
}

static bool pg_bind_text(db_stmt *s, int idx, const char *v)
{
	return set_val(s, idx, xstrdup(v));
}

static bool pg_bind_null(db_stmt *s, int idx)
{
	return set_val(s, idx, NULL);
}

/* A binary BYTEA parameter is the bytes themselves (no escaping, no hex);
 * the server takes the type from the column. libpq's lengths are int. */
static bool pg_bind_blob(db_stmt *s, int idx, const void *v, size_t len)
{
	if (len > INT_MAX) {
		log_error("db: a parameter of %zu bytes is over libpq's bound: %.120s", len, s->sql);
		return false;
	}
	char *copy = xmalloc(len + 1);
	memcpy(copy, v, len);
	return set_param(s, idx, copy, (int)len);
}

/* Rows changed, from the command tag; a SELECT's row count is not one. */
static int64_t changes_of(PGresult *r)
{
	const char *tag = PQcmdStatus(r);
	if (!str_starts(tag, "INSERT ") && !str_starts(tag, "UPDATE ") && !str_starts(tag, "DELETE ") &&
	    !str_starts(tag, "MERGE "))
		return 0;
	return strtoll(PQcmdTuples(r), NULL, 10);
}

static PGresult *execute(db_stmt *s)
{
	struct pg_stmt *q = impl(s);
	PGconn *pc = conn_of(s->c)->pc;
	if (s->plan_per_call)
		return PQexecParams(pc, s->sql, q->nparams, NULL, (const char *const *)q->vals, q->lens, q->formats, 0);
	return PQexecPrepared(pc, q->name, q->nparams, (const char *const *)q->vals, q->lens, q->formats, 0);
}

/* A read sent with no transaction open on the server that met a lost
 * connection is sent once more on a new one: nothing of it ran. */
static PGresult *execute_read_again(db_stmt *s, PGresult *r, bool idle)
{
	if (PQresultStatus(r) != PGRES_FATAL_ERROR || !reconnected_after_loss(s->c, idle) ||
	    prepare_name(s, impl(s)) != ST_OK)
		return r;
	PQclear(r);
	return execute(s);
}

static enum db_step_result pg_step(db_stmt *s)
{
	struct pg_stmt *q = impl(s);
	if (q->res == NULL && q->writes && begin_pending(s->c) != ST_OK) {
		s->st = ST_INTERNAL;
		return DB_ERROR;
	}
	if (q->res == NULL) {
		bool idle = PQtransactionStatus(conn_of(s->c)->pc) == PQTRANS_IDLE;
		PGresult *r = execute(s);
		if (!q->writes)
			r = execute_read_again(s, r, idle);
		ExecStatusType es = PQresultStatus(r);
		if (es != PGRES_TUPLES_OK && es != PGRES_COMMAND_OK) {
			s->st = report(s->c, r, "step", s->sql);
			/* A migration changed the result's columns under the cached
			 * plan (0A000), or someone ran DEALLOCATE (26000): this use
			 * fails, the next db_prepare prepares it afresh. */
			const char *code = PQresultErrorField(r, PG_DIAG_SQLSTATE);
			if (str_eq(code, "0A000") || str_eq(code, "26000"))
				q->stale = true;
			PQclear(r);
			return DB_ERROR;
		}
		q->res = r;
		q->row = -1;
		q->nrows = PQntuples(r);
		conn_of(s->c)->wrote = conn_of(s->c)->wrote || q->writes;
	}
	if (q->row < q->nrows)
		q->row++;
	if (q->row < q->nrows)
		return DB_ROW;
	s->changes = changes_of(q->res);
	return DB_DONE;
}

static int pg_ncols(db_stmt *s)
{
	return PQnfields(impl(s)->res);
}

static bool pg_col_null(db_stmt *s, int col)
{
	struct pg_stmt *q = impl(s);
	return PQgetisnull(q->res, q->row, col) != 0;
}

static int64_t pg_col_int(db_stmt *s, int col)
{
	struct pg_stmt *q = impl(s);
	if (PQgetisnull(q->res, q->row, col))
		return 0;
	const char *v = PQgetvalue(q->res, q->row, col);
	/* A boolean expression (x = y) comes back as t/f; SQLite gives 1/0. */
	if (str_eq(v, "t"))
		return 1;
	if (str_eq(v, "f"))
		return 0;
	return strtoll(v, NULL, 10);
}

static const char *pg_col_text(db_stmt *s, int col)
{
	struct pg_stmt *q = impl(s);
	return PQgetvalue(q->res, q->row, col); /* "" for NULL */
}

/* Results come as text, where BYTEA is escaped (hex by default, or the
 * older escape format if the server says so): PQunescapeBytea reads both. */
static uint8_t *pg_col_blob(db_stmt *s, int col, arena *ar, size_t *len)
{
	struct pg_stmt *q = impl(s);
	if (PQgetisnull(q->res, q->row, col))
		return NULL;
	size_t n = 0;
	unsigned char *raw = PQunescapeBytea((const unsigned char *)PQgetvalue(q->res, q->row, col), &n);
	if (raw == NULL) {
		log_error("db: cannot decode a bytea column (out of memory): %.120s", s->sql);
		return NULL;
	}
	uint8_t *out = arena_alloc(ar, n + 1);
	memcpy(out, raw, n);
	PQfreemem(raw);
	*len = n;
	return out;
}

const struct db_backend db_postgres_backend = {
    .name = "postgres",
    .connect = pg_connect,
    .disconnect = pg_disconnect,
    .check = pg_check,
    .exec = pg_exec,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .writes = pg_writes,
    .holds_write = pg_holds_write,
    .prepare = pg_prepare,
    .reuse = pg_reuse,
    .done = pg_done,
    .finalize = pg_finalize,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .bind_blob = pg_bind_blob,
    .step = pg_step,
    .ncols = pg_ncols,
    .col_null = pg_col_null,
    .col_int = pg_col_int,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
};
