/* db.c — the backend-independent half of the driver: URLs, per-thread
 * connections, the prepared-statement cache, statement state and the
 * transaction runner. The backends (sqlite.c, postgres.c) only talk to their
 * library. */
#include "db/db.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/crypto.h"
#include "core/log.h"
#include "db/db_internal.h"

/* A thread uses a handful of databases at most (the app's, a test's second
 * one); when more, the oldest slot is reused and that db gets a further
 * connection on this thread, which is wasteful but correct. */
enum { TL_SLOTS = 8 };
/* The statement cache starts here and doubles at 3/4 load. */
enum { CACHE_INITIAL = 64 };
/* Retry back-off: attempt n sleeps between half and all of 2^n ms, at most
 * this long, so eight tries cost well under half a second of sleep. */
enum { BACKOFF_MAX_US = 50 * 1000 };

struct db {
	enum db_kind kind;
	const struct db_backend *be;
	char *target;
	uint64_t serial;    /* tells a closed db from a new one at the same address */
	pthread_mutex_t mu; /* guards conns */
	db_conn *conns;
	/* SQLite: this process's write transactions queue here and are
	 * committed in groups (group_commit below), instead of each polling
	 * SQLite's busy handler for the lock and paying an fsync of its own. */
	pthread_mutex_t writer;
	struct group_job *queue, *queue_tail; /* under writer */
	bool leading;                         /* a thread is committing a group (under writer) */
};

struct tl_slot {
	const db *d; /* compared, never dereferenced: it may be closed */
	uint64_t serial;
	db_conn *c;
};

static _Thread_local struct tl_slot tl_slots[TL_SLOTS];
static _Thread_local unsigned tl_next;
static atomic_uint_fast64_t db_serials;

status db_url_parse(const char *url, enum db_kind *kind, const char **target)
{
	if (url == NULL)
		return ST_INVALID;
	if (str_starts(url, "sqlite:")) {
		const char *path = url + strlen("sqlite:");
		if (path[0] == '\0' || str_eq(path, ":memory:"))
			return ST_INVALID;
		*kind = DB_SQLITE;
		*target = path;
		return ST_OK;
	}
	if (str_starts(url, "postgres://") || str_starts(url, "postgresql://")) {
		*kind = DB_POSTGRES;
		*target = url;
		return ST_OK;
	}
	return ST_INVALID;
}

/* mkdir -p of the directory holding path, private: it will hold health data. */
static status make_parent_dir(const char *path)
{
	char *p = xstrdup(path);
	status st = ST_OK;
	for (char *q = p + 1; *q != '\0'; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			log_error("db: cannot create directory %s: %s", p, strerror(errno));
			st = ST_INTERNAL;
			break;
		}
		*q = '/';
	}
	free(p);
	return st;
}

/* Creates the database file readable by its owner only; SQLite gives its
 * -wal and -shm files the same mode. */
static void create_private_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
}

static db_conn *conn_open(db *d)
{
	db_conn *c = xcalloc(1, sizeof *c);
	c->d = d;
	c->kind = d->kind;
	c->be = d->be;
	random_bytes(&c->rng, sizeof c->rng);
	c->rng |= 1; /* xorshift needs a non-zero state */
	if (d->be->connect(c, d->target) != ST_OK) {
		free(c);
		return NULL;
	}
	pthread_mutex_lock(&d->mu);
	c->next = d->conns;
	d->conns = c;
	pthread_mutex_unlock(&d->mu);
	return c;
}

static void conn_free(db_conn *c)
{
	for (size_t i = 0; i < c->cache_cap; i++) {
		db_stmt *s = c->cache[i];
		if (s == NULL)
			continue;
		c->be->finalize(s);
		free(s->sql);
		free(s);
	}
	free(c->cache);
	c->be->disconnect(c);
	free(c);
}

static void tl_remember(db *d, db_conn *c)
{
	struct tl_slot *slot = NULL;
	/* A slot naming this address belongs to a closed db that lived there. */
	for (unsigned i = 0; i < TL_SLOTS && slot == NULL; i++)
		if (tl_slots[i].c == NULL || tl_slots[i].d == d)
			slot = &tl_slots[i];
	if (slot == NULL)
		slot = &tl_slots[tl_next++ % TL_SLOTS];
	slot->d = d;
	slot->serial = d->serial;
	slot->c = c;
}

status db_open(const char *url, db **out)
{
	enum db_kind kind;
	const char *target;
	if (db_url_parse(url, &kind, &target) != ST_OK) {
		/* The URL may carry a password: name the problem, not the URL. */
		log_error("db: unsupported database URL (want sqlite:PATH or postgres://...)");
		return ST_INVALID;
	}
	if (kind == DB_SQLITE) {
		if (make_parent_dir(target) != ST_OK)
			return ST_INTERNAL;
		create_private_file(target);
	}

	db *d = xcalloc(1, sizeof *d);
	d->kind = kind;
	d->be = kind == DB_SQLITE ? &db_sqlite_backend : &db_postgres_backend;
	d->target = xstrdup(target);
	d->serial = atomic_fetch_add(&db_serials, 1) + 1;
	pthread_mutex_init(&d->mu, NULL);
	pthread_mutex_init(&d->writer, NULL);

	/* The check connection becomes this thread's connection. */
	db_conn *c = conn_open(d);
	if (c == NULL) {
		pthread_mutex_destroy(&d->mu);
		pthread_mutex_destroy(&d->writer);
		wipe(d->target, strlen(d->target));
		free(d->target);
		free(d);
		return ST_INTERNAL;
	}
	tl_remember(d, c);
	*out = d;
	return ST_OK;
}

void db_close(db *d)
{
	if (d == NULL)
		return;
	for (unsigned i = 0; i < TL_SLOTS; i++)
		if (tl_slots[i].d == d && tl_slots[i].serial == d->serial)
			tl_slots[i] = (struct tl_slot){0};
	pthread_mutex_lock(&d->mu);
	db_conn *c = d->conns;
	d->conns = NULL;
	pthread_mutex_unlock(&d->mu);
	while (c != NULL) {
		db_conn *next = c->next;
		conn_free(c);
		c = next;
	}
	pthread_mutex_destroy(&d->mu);
	pthread_mutex_destroy(&d->writer);
	wipe(d->target, strlen(d->target)); /* a libpq URL may hold a password */
	free(d->target);
	free(d);
}

enum db_kind db_kind_of(const db *d)
{
	return d->kind;
}

db_conn *db_thread_conn(db *d)
{
	if (d == NULL)
		return NULL;
	for (unsigned i = 0; i < TL_SLOTS; i++)
		if (tl_slots[i].d == d && tl_slots[i].serial == d->serial && tl_slots[i].c != NULL)
			return tl_slots[i].c;
	db_conn *c = conn_open(d);
	if (c != NULL)
		tl_remember(d, c);
	return c;
}

enum db_kind db_conn_kind(const db_conn *c)
{
	return c->kind;
}

bool db_in_tx(const db_conn *c)
{
	return c != NULL && c->tx_depth > 0;
}

/* A failed statement inside a transaction spoils it: PostgreSQL refuses
 * everything after until ROLLBACK. SQLite would carry on, so the driver
 * refuses there too, and code that works on one backend works on both. */
static void note_failure(db_conn *c, status st)
{
	if (c->tx_depth > 0 && c->tx_error == ST_OK)
		c->tx_error = st;
}

static bool tx_spoiled(db_conn *c)
{
	if (c->tx_depth == 0 || c->tx_error == ST_OK)
		return false;
	log_error("db: statement in a transaction where an earlier statement failed");
	return true;
}

status db_exec(db_conn *c, const char *sql)
{
	if (c == NULL || sql == NULL)
		return ST_INTERNAL;
	if (tx_spoiled(c))
		return ST_INTERNAL;
	status st = c->be->check(c);
	if (st == ST_OK)
		st = c->be->exec(c, sql);
	if (st != ST_OK)
		note_failure(c, st);
	return st;
}

/* ---- the statement cache ---- */

static size_t ptr_hash(const void *p)
{
	uint64_t x = (uint64_t)(uintptr_t)p;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (size_t)x;
}

static db_stmt **cache_slot(db_stmt **table, size_t cap, const char *key)
{
	size_t i = ptr_hash(key) & (cap - 1);
	while (table[i] != NULL && table[i]->key != key)
		i = (i + 1) & (cap - 1);
	return &table[i];
}

static void cache_insert(db_conn *c, db_stmt *s)
{
	if ((c->cache_len + 1) * 4 > c->cache_cap * 3) {
		size_t cap = c->cache_cap ? c->cache_cap * 2 : CACHE_INITIAL;
		db_stmt **table = xcalloc(cap, sizeof *table);
		for (size_t i = 0; i < c->cache_cap; i++)
			if (c->cache[i] != NULL)
				*cache_slot(table, cap, c->cache[i]->key) = c->cache[i];
		free(c->cache);
		c->cache = table;
		c->cache_cap = cap;
	}
	*cache_slot(c->cache, c->cache_cap, s->key) = s;
	c->cache_len++;
}

static void stmt_ready(db_stmt *s)
{
	s->state = STMT_READY;
	s->bad_bind = false;
	s->st = ST_OK;
	s->changes = 0;
}

static void stmt_leave_rows(db_stmt *s, enum stmt_state next)
{
	if (s->state == STMT_ROWS)
		s->c->active--;
	s->state = next;
}

/* Prepares sql, or finds it prepared; see db.h. */
static db_stmt *prepare(db_conn *c, const char *sql)
{
	if (c == NULL)
		return NULL;
	if (sql == NULL) {
		log_error("db: no SQL to prepare");
		return NULL;
	}
	if (tx_spoiled(c))
		return NULL;
	if (c->be->check(c) != ST_OK)
		return NULL;

	db_stmt *s = c->cache_cap ? *cache_slot(c->cache, c->cache_cap, sql) : NULL;
	if (s != NULL && strcmp(s->sql, sql) != 0) {
		/* Not a literal after all: a buffer reused for other SQL. */
		log_error("db: SQL text changed at the same address; pass string literals");
		stmt_leave_rows(s, STMT_READY);
		c->be->finalize(s); /* copes with a statement never prepared */
		free(s->sql);
		s->sql = xstrdup(sql);
		status st = c->be->prepare(s);
		if (st != ST_OK) {
			/* The slot stays (open addressing has no deletion) with no
			 * backend statement: the next call prepares again. */
			note_failure(c, st);
			return NULL;
		}
	} else if (s != NULL) {
		if (s->state == STMT_ROWS)
			log_error("db: statement prepared again while its rows were being read "
			          "(missing db_done, or nested use of one SQL literal): %.80s",
			          sql);
		stmt_leave_rows(s, STMT_READY);
		status st = s->impl == NULL ? c->be->prepare(s) : c->be->reuse(s);
		if (st != ST_OK) {
			note_failure(c, st);
			return NULL;
		}
	} else {
		s = xcalloc(1, sizeof *s);
		s->c = c;
		s->key = sql;
		s->sql = xstrdup(sql);
		status st = c->be->prepare(s);
		if (st != ST_OK) {
			free(s->sql);
			free(s);
			note_failure(c, st);
			return NULL;
		}
		cache_insert(c, s);
	}
	stmt_ready(s);
	return s;
}

db_stmt *db_prepare(db_conn *c, const char *sql)
{
	return prepare(c, sql);
}

db_stmt *db_prepare_planned_per_call(db_conn *c, const char *sql)
{
	db_stmt *s = prepare(c, sql);
	if (s != NULL)
		s->plan_per_call = true;
	return s;
}

db_stmt *db_prepare2(db_conn *c, const char *sqlite_sql, const char *postgres_sql)
{
	if (c == NULL)
		return NULL;
	return prepare(c, c->kind == DB_SQLITE ? sqlite_sql : postgres_sql);
}

/* ---- binding, stepping, reading ----
 * Every function accepts the NULL a failed db_prepare returned, so store code
 * can prepare, bind and run, and look at the status once. */

static bool bind_allowed(db_stmt *s, int idx)
{
	if (s == NULL)
		return false;
	if (s->state != STMT_READY) {
		log_error("db: bind after db_step without db_done: %.80s", s->sql);
		s->bad_bind = true;
		return false;
	}
	if (idx < 1) {
		log_error("db: parameter $%d does not exist (they start at $1): %.80s", idx, s->sql);
		s->bad_bind = true;
		return false;
	}
	return true;
}

void db_bind_int(db_stmt *s, int idx, int64_t v)
{
	if (bind_allowed(s, idx) && !s->c->be->bind_int(s, idx, v))
		s->bad_bind = true;
}

void db_bind_text(db_stmt *s, int idx, const char *v)
{
	if (!bind_allowed(s, idx))
		return;
	bool ok = v == NULL ? s->c->be->bind_null(s, idx) : s->c->be->bind_text(s, idx, v);
	if (!ok)
		s->bad_bind = true;
}

void db_bind_blob(db_stmt *s, int idx, const void *v, size_t len)
{
	if (!bind_allowed(s, idx))
		return;
	bool ok = v == NULL ? s->c->be->bind_null(s, idx) : s->c->be->bind_blob(s, idx, v, len);
	if (!ok)
		s->bad_bind = true;
}

void db_bind_null(db_stmt *s, int idx)
{
	if (bind_allowed(s, idx) && !s->c->be->bind_null(s, idx))
		s->bad_bind = true;
}

enum db_step_result db_step(db_stmt *s)
{
	if (s == NULL)
		return DB_ERROR;
	db_conn *c = s->c;
	if (s->state == STMT_FINISHED) /* never silently run it again */
		return s->st == ST_OK ? DB_DONE : DB_ERROR;
	if (s->state == STMT_READY) {
		if (s->bad_bind || tx_spoiled(c)) {
			s->st = ST_INTERNAL;
			s->state = STMT_FINISHED;
			note_failure(c, s->st);
			return DB_ERROR;
		}
	}
	if (s->state == STMT_READY && c->snapshot && c->tx_depth == 0 && c->be->writes(s))
		db_snapshot_end(c); /* a write outside a transaction: on its own, as without the snapshot */
	enum db_step_result r = c->be->step(s);
	switch (r) {
	case DB_ROW:
		if (s->state != STMT_ROWS) {
			s->state = STMT_ROWS;
			c->active++;
		}
		break;
	case DB_DONE:
		s->st = ST_OK;
		stmt_leave_rows(s, STMT_FINISHED);
		break;
	case DB_ERROR:
		if (s->st == ST_OK)
			s->st = ST_INTERNAL;
		stmt_leave_rows(s, STMT_FINISHED);
		note_failure(c, s->st);
		/* A failed statement spoils PostgreSQL's open transaction: the
		 * reads after it run without the snapshot, as they would alone. */
		if (c->snapshot && c->tx_depth == 0 && c->be->holds_write(c))
			db_snapshot_end(c);
		break;
	}
	return r;
}

status db_stmt_status(const db_stmt *s)
{
	return s == NULL ? ST_INTERNAL : s->st;
}

void db_done(db_stmt *s)
{
	if (s == NULL)
		return;
	s->c->be->done(s);
	stmt_leave_rows(s, STMT_READY);
	s->bad_bind = false;
}

static bool col_ok(db_stmt *s, int col)
{
	if (s == NULL)
		return false;
	if (s->state != STMT_ROWS) {
		log_error("db: column read without a current row: %.80s", s->sql);
		return false;
	}
	if (col < 0 || col >= s->c->be->ncols(s)) {
		log_error("db: column %d does not exist: %.80s", col, s->sql);
		return false;
	}
	return true;
}

bool db_col_null(db_stmt *s, int col)
{
	return col_ok(s, col) ? s->c->be->col_null(s, col) : true;
}

int64_t db_col_int(db_stmt *s, int col)
{
	return col_ok(s, col) ? s->c->be->col_int(s, col) : 0;
}

const char *db_col_text(db_stmt *s, int col)
{
	return col_ok(s, col) ? s->c->be->col_text(s, col) : "";
}

uint8_t *db_col_blob(db_stmt *s, int col, arena *ar, size_t *len)
{
	*len = 0;
	return col_ok(s, col) ? s->c->be->col_blob(s, col, ar, len) : NULL;
}

int64_t db_changes(db_stmt *s)
{
	return s == NULL ? 0 : s->changes;
}

status db_run(db_stmt *s)
{
	if (s == NULL)
		return ST_INTERNAL;
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW)
		; /* e.g. an INSERT ... RETURNING whose id nobody wants */
	status st = r == DB_DONE ? ST_OK : s->st;
	/* db_changes stays readable until the next db_prepare. */
	db_done(s);
	return st;
}

/* ---- row helpers ---- */

void db_bind_opt_int(db_stmt *s, int idx, int64_t v)
{
	if (v != 0)
		db_bind_int(s, idx, v);
	else
		db_bind_null(s, idx);
}

const char *db_col_str(db_stmt *s, int col, arena *ar)
{
	return arena_strdup(ar, db_col_text(s, col));
}

const char *db_col_opt_str(db_stmt *s, int col, arena *ar)
{
	return db_col_null(s, col) ? NULL : db_col_str(s, col, ar);
}

int64_t db_col_opt_int(db_stmt *s, int col)
{
	return db_col_null(s, col) ? 0 : db_col_int(s, col);
}

bool db_col_bool(db_stmt *s, int col)
{
	return db_col_int(s, col) != 0;
}

status db_step_one(db_stmt *s)
{
	switch (db_step(s)) {
	case DB_ROW: return ST_OK;
	case DB_DONE: return ST_NOT_FOUND;
	case DB_ERROR: break;
	}
	return db_stmt_status(s);
}

status db_one_int(db_stmt *s, int64_t *out)
{
	status st = db_step_one(s);
	if (st == ST_OK && out != NULL)
		*out = db_col_int(s, 0);
	db_done(s);
	return st;
}

status db_insert_id(db_stmt *s, int64_t *id)
{
	status st = db_one_int(s, id);
	if (st == ST_NOT_FOUND) {
		log_error("db: an INSERT ... RETURNING returned no row: %.80s", s->sql);
		st = ST_INTERNAL;
	}
	return st;
}

status db_exists(db_stmt *s, bool *out)
{
	status st = db_step_one(s);
	*out = st == ST_OK;
	db_done(s);
	return st == ST_NOT_FOUND ? ST_OK : st;
}

status db_run_changed(db_stmt *s, status unchanged)
{
	status st = db_run(s);
	return st == ST_OK && db_changes(s) == 0 ? unchanged : st;
}

status db_end(db_stmt *s)
{
	/* ST_OK while rows are being read and after the last; a failed step
	 * left its reason. */
	status st = db_stmt_status(s);
	db_done(s);
	return st;
}

status db_read_one(db_stmt *s, arena *ar, db_row_reader read, void *row)
{
	status st = db_step_one(s);
	if (st == ST_OK)
		read(s, ar, row);
	db_done(s);
	return st;
}

struct row_and_blob {
	db_row_reader read;
	void *row;
	int column;
	const uint8_t **data;
	size_t *len;
};

static void read_row_and_blob(db_stmt *s, arena *ar, void *arg)
{
	struct row_and_blob *r = arg;
	r->read(s, ar, r->row);
	*r->data = db_col_blob(s, r->column, ar, r->len);
}

status db_read_one_and_blob(db_stmt *s, arena *ar, db_row_reader read, void *row, int blob_column,
                            const uint8_t **data, size_t *len)
{
	struct row_and_blob r = {read, row, blob_column, data, len};
	return db_read_one(s, ar, read_row_and_blob, &r);
}

/* A list starts small: most lists are a handful of rows. */
enum { LIST_INITIAL = 8 };

/* Room for one more item of n, growing the array (which moves) by doubling
 * up to max; arena_alloc zeroes, and no slot past n was handed out before. */
static void *list_slot(arena *ar, size_t size, size_t max, void **items, size_t n, size_t *cap)
{
	if (n == *cap) {
		size_t grown = *cap > 0 ? *cap * 2 : LIST_INITIAL;
		if (grown > max)
			grown = max;
		void *moved = arena_alloc(ar, grown * size);
		if (n > 0)
			memcpy(moved, *items, n * size);
		*items = moved;
		*cap = grown;
	}
	return (char *)*items + n * size;
}

status db_read_list(db_stmt *s, arena *ar, size_t item_size, size_t max, db_row_reader read, void *list, size_t *n,
                    bool *more)
{
	void *items = NULL;
	size_t count = 0, cap = 0;
	bool past = false;
	while (db_step(s) == DB_ROW) {
		if (count == max) {
			past = true;
			break;
		}
		read(s, ar, list_slot(ar, item_size, max, &items, count, &cap));
		count++;
	}
	/* list is the caller's T *; copying the pointer's bytes sets it
	 * without pretending it is a void *. */
	memcpy(list, &items, sizeof items);
	*n = count;
	if (more != NULL)
		*more = past;
	return db_end(s);
}

/* ---- transactions ---- */

/* Ends statements left reading rows: on SQLite an unfinished write stops
 * COMMIT, and an unfinished read pins an old snapshot. */
static void finish_active(db_conn *c)
{
	if (c->active == 0)
		return;
	log_error("db: %d statement(s) still reading rows at the end of a transaction "
	          "(missing db_done)",
	          c->active);
	for (size_t i = 0; i < c->cache_cap && c->active > 0; i++)
		if (c->cache[i] != NULL && c->cache[i]->state == STMT_ROWS)
			db_done(c->cache[i]);
}

static void backoff(db_conn *c, int attempt)
{
	long max_us = 1000L << (attempt < 10 ? attempt : 10);
	if (max_us > BACKOFF_MAX_US)
		max_us = BACKOFF_MAX_US;
	c->rng ^= c->rng << 13;
	c->rng ^= c->rng >> 7;
	c->rng ^= c->rng << 17;
	long us = max_us / 2 + (long)(c->rng % (uint64_t)(max_us / 2));
	struct timespec ts = {.tv_sec = 0, .tv_nsec = us * 1000};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Runs fn inside the transaction open on c: its status, or the first
 * statement failure it returned ok after. */
static status tx_body(db_conn *c, db_tx_fn fn, void *arg)
{
	c->tx_depth = 1;
	c->tx_error = ST_OK;
	status st = fn(c, arg);
	finish_active(c);
	if (st == ST_OK && c->tx_error != ST_OK) {
		log_error("db: transaction function returned ok after a statement failed (%s)",
		          status_name(c->tx_error));
		st = c->tx_error;
	}
	c->tx_depth = 0;
	c->tx_error = ST_OK;
	return st;
}

static status tx_once_alone(db_conn *c, bool write, db_tx_fn fn, void *arg, bool *began)
{
	status st = c->be->begin(c, write);
	*began = st == ST_OK;
	if (st != ST_OK)
		return st;
	st = tx_body(c, fn, arg);
	if (st == ST_OK)
		st = c->be->commit(c);
	if (st != ST_OK)
		c->be->rollback(c);
	return st;
}

/* ---- group commit (SQLite) ----
 *
 * SQLite has one writer at a time and WAL with synchronous=FULL pays an
 * fsync per COMMIT. A write transaction joins the queue; the first to find
 * no group running leads: it takes every transaction queued, runs each in a
 * SAVEPOINT of one transaction on its own connection (a failure rolls back
 * that one alone, with its own status), commits once, and wakes the others
 * with their results; then the next queued becomes leader. Each transaction
 * function receives the leader's connection, and nothing else of the
 * leader's (domain_tx binds the caller's context to the connection given),
 * so what each sees and does is what it would alone, in queue order. */
struct group_job {
	db_tx_fn fn;
	void *arg;
	status st;
	bool began, done, lead;
	pthread_cond_t wake;
	struct group_job *next;
};

/* One job inside the group's transaction, in a savepoint of its own, its
 * status in j->st. false when the savepoint could not be made or undone:
 * the transaction itself has failed. */
static bool group_run_one(db_conn *c, struct group_job *j)
{
	if (c->be->exec(c, "SAVEPOINT job") != ST_OK)
		return false;
	j->st = tx_body(c, j->fn, j->arg);
	if (j->st != ST_OK && c->be->exec(c, "ROLLBACK TO SAVEPOINT job") != ST_OK)
		return false;
	return c->be->exec(c, "RELEASE SAVEPOINT job") == ST_OK;
}

/* Runs the group on c: one BEGIN, a savepoint per job, one COMMIT. A job
 * that failed keeps its status; when the transaction itself fails (BEGIN,
 * a savepoint, COMMIT), every job gets that failure and retries. */
static void group_run(db_conn *c, struct group_job *group)
{
	if (group->next == NULL) {
		group->st = tx_once_alone(c, true, group->fn, group->arg, &group->began);
		return;
	}
	status st = c->be->begin(c, true);
	bool began = st == ST_OK;
	bool committed = false;
	for (struct group_job *j = group; st == ST_OK && j != NULL; j = j->next) {
		if (!group_run_one(c, j))
			st = ST_INTERNAL;
		committed = committed || j->st == ST_OK;
	}
	if (st == ST_OK && committed)
		st = c->be->commit(c);
	if (st != ST_OK || !committed)
		c->be->rollback(c);
	for (struct group_job *j = group; j != NULL; j = j->next) {
		j->began = began;
		if (st != ST_OK)
			j->st = st;
	}
}

static status tx_grouped(db_conn *c, db_tx_fn fn, void *arg, bool *began)
{
	db *d = c->d;
	struct group_job me = {.fn = fn, .arg = arg, .st = ST_INTERNAL};
	pthread_cond_init(&me.wake, NULL);
	pthread_mutex_lock(&d->writer);
	if (d->queue_tail != NULL)
		d->queue_tail->next = &me;
	else
		d->queue = &me;
	d->queue_tail = &me;
	if (!d->leading)
		d->leading = me.lead = true;
	while (!me.done && !me.lead)
		pthread_cond_wait(&me.wake, &d->writer);
	if (!me.done) {
		/* Lead the group: everything queued so far, this job among it. */
		struct group_job *group = d->queue;
		d->queue = d->queue_tail = NULL;
		pthread_mutex_unlock(&d->writer);
		group_run(c, group);
		pthread_mutex_lock(&d->writer);
		for (struct group_job *j = group, *next; j != NULL; j = next) {
			next = j->next;
			j->done = true;
			if (j != &me)
				pthread_cond_signal(&j->wake);
		}
		d->leading = d->queue != NULL;
		if (d->queue != NULL) {
			d->queue->lead = true;
			pthread_cond_signal(&d->queue->wake);
		}
	}
	pthread_mutex_unlock(&d->writer);
	pthread_cond_destroy(&me.wake);
	*began = me.began;
	return me.st;
}

static status tx_once(db_conn *c, bool write, db_tx_fn fn, void *arg, bool *began)
{
	if (!write || c->kind != DB_SQLITE)
		return tx_once_alone(c, write, fn, arg, began);
	return tx_grouped(c, fn, arg, began);
}

void db_snapshot_begin(db_conn *c)
{
	if (c == NULL || c->be->writes == NULL || c->tx_depth > 0 || c->snapshot)
		return;
	c->snapshot = c->be->begin(c, false) == ST_OK;
}

void db_snapshot_end(db_conn *c)
{
	if (c == NULL || !c->snapshot)
		return;
	c->snapshot = false;
	if (c->tx_depth == 0 && c->active > 0)
		finish_active(c);
	if (c->be->commit(c) != ST_OK)
		c->be->rollback(c);
}

/* A read transaction inside the snapshot: no BEGIN of its own. A read
 * transaction may still write (SQLite upgrades it); if fn did, the snapshot
 * ends with it, committed or rolled back as its own transaction would have
 * been. ST_BUSY (an upgrade refused) is for the caller to retry alone. */
static status tx_in_snapshot(db_conn *c, db_tx_fn fn, void *arg)
{
	c->tx_depth = 1;
	c->tx_error = ST_OK;
	status st = fn(c, arg);
	finish_active(c);
	if (st == ST_OK && c->tx_error != ST_OK)
		st = c->tx_error;
	c->tx_depth = 0;
	c->tx_error = ST_OK;
	if (c->be->holds_write(c) || st == ST_BUSY) {
		c->snapshot = false;
		if (st == ST_OK)
			st = c->be->commit(c);
		if (st != ST_OK)
			c->be->rollback(c);
	}
	return st;
}

status db_tx(db_conn *c, bool write, db_tx_fn fn, void *arg)
{
	if (c == NULL)
		return ST_INTERNAL;
	if (c->tx_depth > 0) {
		/* Nested: part of the outer transaction, which the outer runner
		 * commits or rolls back (and retries) as a whole. */
		c->tx_depth++;
		status st = fn(c, arg);
		c->tx_depth--;
		return st;
	}
	if (c->snapshot && !write) {
		status st = tx_in_snapshot(c, fn, arg);
		if (st != ST_BUSY)
			return st;
	}
	db_snapshot_end(c);
	if (c->be->check(c) != ST_OK)
		return ST_INTERNAL;
	status st = ST_BUSY;
	bool reconnected = false;
	for (int attempt = 1; attempt <= DB_TX_TRIES; attempt++) {
		bool began;
		st = tx_once(c, write, fn, arg, &began);
		if (st == ST_INTERNAL && !began && !reconnected) {
			/* A connection that died while idle (a database restart or
			 * failover) shows only now. Nothing ran yet, so one
			 * reconnect and a second BEGIN are safe. */
			reconnected = true;
			if (c->be->check(c) == ST_OK)
				continue;
		}
		if (st != ST_BUSY)
			return st;
		if (attempt < DB_TX_TRIES)
			backoff(c, attempt);
	}
	log_warn("db: transaction still busy after %d tries", DB_TX_TRIES);
	return st;
}
