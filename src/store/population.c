/* population.c — bulk inserts for `helsami seed population` (see
 * population.h). SQLite is fastest with one small prepared INSERT per row in
 * one transaction; PostgreSQL pays a round trip per statement, so there rows
 * are gathered into array literals and inserted POP_BATCH at a time with
 * unnest(), one statement per table and batch. */
#include "store/population.h"

#include <inttypes.h>
#include <stdlib.h>

#include "core/buf.h"
#include "store/register.h"

/* Rows per table and PostgreSQL statement: large enough that round trips
 * stop mattering, small enough that an array literal stays a few hundred kB. */
enum { POP_BATCH = 5000 };
/* SQLite page cache while loading, in KiB (negative = KiB in the pragma):
 * the person(nin) index takes random inserts, and a cache that holds it
 * keeps them off the disk. 256 MiB covers several million persons. */
#define POP_SQLITE_CACHE "PRAGMA cache_size = -262144"
#define POP_SQLITE_CACHE_DEFAULT "PRAGMA cache_size = -2000"

enum pop_table { T_ADDRESS, T_PERSON, T_RELATION, T_RESPONSIBILITY, T_PATIENT, T_COUNT };
enum { MAX_COLS = 6 };
static const int table_cols[T_COUNT] = {5, 6, 3, 2, 3};

/* One table's pending rows on PostgreSQL: an array literal per column. */
struct pending {
	buf col[MAX_COLS];
	size_t rows;
};

struct pop_loader {
	db_conn *c;
	bool pg;
	status st; /* first failure; sticky */
	struct pending t[T_COUNT];
};

#define MAX_ID_COLUMNS "(SELECT COALESCE(MAX(id), 0) FROM person), (SELECT COALESCE(MAX(id), 0) FROM address)"
enum max_id_col { MAX_ID_PERSON, MAX_ID_ADDRESS };

status store_pop_max_ids(db_conn *c, int64_t *max_person, int64_t *max_address)
{
	db_stmt *s = db_prepare(c, "SELECT " MAX_ID_COLUMNS);
	status st = db_step_one(s);
	if (st == ST_OK) {
		*max_person = db_col_int(s, MAX_ID_PERSON);
		*max_address = db_col_int(s, MAX_ID_ADDRESS);
	}
	db_done(s);
	return st == ST_NOT_FOUND ? ST_INTERNAL : st; /* an aggregate always has its row */
}

#define NIN_COLUMNS "id, nin"
enum nin_col { NIN_ID, NIN_NIN };

status store_pop_nins_page(db_conn *c, int64_t after_id, int64_t limit, store_pop_nin_fn fn, void *arg,
                           int64_t *last_id)
{
	db_stmt *s = db_prepare(c, "SELECT " NIN_COLUMNS " FROM person WHERE id > $1 ORDER BY id LIMIT $2");
	db_bind_int(s, 1, after_id);
	db_bind_int(s, 2, limit);
	*last_id = after_id;
	while (db_step(s) == DB_ROW) {
		*last_id = db_col_int(s, NIN_ID);
		fn(db_col_text(s, NIN_NIN), arg);
	}
	return db_end(s);
}

status store_pop_first_gp_office(db_conn *c, int64_t *id)
{
	db_stmt *s = db_prepare(c, "SELECT id FROM unit WHERE kind = 'gp_office' ORDER BY id LIMIT 1");
	return db_one_int(s, id);
}

pop_loader *store_pop_loader_new(db_conn *c)
{
	pop_loader *l = xcalloc(1, sizeof *l);
	l->c = c;
	l->pg = db_conn_kind(c) == DB_POSTGRES;
	if (l->pg) {
		for (int t = 0; t < T_COUNT; t++)
			for (int i = 0; i < table_cols[t]; i++)
				buf_init(&l->t[t].col[i], 64 * 1024);
	} else {
		/* Only a speed-up: loading works, slower, without it. */
		(void)db_exec(c, POP_SQLITE_CACHE);
	}
	return l;
}

void store_pop_loader_free(pop_loader *l)
{
	if (l == NULL)
		return;
	if (l->pg) {
		for (int t = 0; t < T_COUNT; t++)
			for (int i = 0; i < table_cols[t]; i++)
				buf_free(&l->t[t].col[i]);
	} else {
		(void)db_exec(l->c, POP_SQLITE_CACHE_DEFAULT);
	}
	free(l);
}

/* ---- SQLite: one prepared INSERT per row; rows without an id of their own
 * go through store/register.h's ---- */

static status sq_address(db_conn *c, int64_t id, const char *street, const char *postcode, const char *city,
                         const char *municipality)
{
	db_stmt *s = db_prepare(c, "INSERT INTO address (id, street, postcode, city, municipality)"
	                           " VALUES ($1, $2, $3, $4, $5)");
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, street);
	db_bind_text(s, 3, postcode);
	db_bind_text(s, 4, city);
	db_bind_text(s, 5, municipality);
	return db_run(s);
}

static status sq_person(db_conn *c, int64_t id, const char *nin, const char *given, const char *family,
                        const char *birth, int64_t address_id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO person (id, nin, given_name, family_name, birth_date, address_id)"
	                           " VALUES ($1, $2, $3, $4, $5, $6)");
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, nin);
	db_bind_text(s, 3, given);
	db_bind_text(s, 4, family);
	db_bind_text(s, 5, birth);
	db_bind_int(s, 6, address_id);
	return db_run(s);
}

/* ---- PostgreSQL: array literals, flushed in batches ---- */

static void open_elem(struct pending *p, int col)
{
	buf_putc(&p->col[col], p->rows == 0 ? '{' : ',');
}

static void put_int(struct pending *p, int col, int64_t v)
{
	open_elem(p, col);
	buf_printf(&p->col[col], "%" PRId64, v);
}

/* A quoted array element: only " and \ need a backslash inside quotes. */
static void put_text(struct pending *p, int col, const char *v)
{
	open_elem(p, col);
	buf *b = &p->col[col];
	buf_putc(b, '"');
	for (const char *q = v; *q; q++) {
		if (*q == '"' || *q == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *q);
	}
	buf_putc(b, '"');
}

static const char *pg_sql(enum pop_table t)
{
	switch (t) {
	case T_ADDRESS:
		return "INSERT INTO address (id, street, postcode, city, municipality)"
		       " SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[])";
	case T_PERSON:
		return "INSERT INTO person (id, nin, given_name, family_name, birth_date, address_id)"
		       " SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[],"
		       " $6::bigint[])";
	case T_RELATION:
		return "INSERT INTO family_relation (person_id, relative_id, relation)"
		       " SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[])";
	case T_RESPONSIBILITY:
		return "INSERT INTO parental_responsibility (child_id, parent_id)"
		       " SELECT * FROM unnest($1::bigint[], $2::bigint[])";
	case T_PATIENT:
		return "INSERT INTO patient_unit (person_id, unit_id, since)"
		       " SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[])";
	case T_COUNT: break;
	}
	return NULL;
}

static status flush_table(pop_loader *l, enum pop_table t)
{
	struct pending *p = &l->t[t];
	if (p->rows == 0)
		return ST_OK;
	db_stmt *s = db_prepare(l->c, pg_sql(t));
	for (int i = 0; i < table_cols[t]; i++) {
		buf_putc(&p->col[i], '}');
		db_bind_text(s, i + 1, p->col[i].data);
		p->col[i].len = 0;
		p->col[i].data[0] = '\0';
	}
	p->rows = 0;
	return db_run(s);
}

/* Writes every table, parents of foreign keys first. */
static status flush_all(pop_loader *l)
{
	for (int t = 0; t < T_COUNT && l->st == ST_OK; t++)
		l->st = flush_table(l, (enum pop_table)t);
	return l->st;
}

/* Counts a row buffered into t and flushes when the batch is full. */
static status added(pop_loader *l, enum pop_table t)
{
	if (++l->t[t].rows >= POP_BATCH)
		return flush_all(l);
	return ST_OK;
}

/* ---- the loader's entry points ---- */

status store_pop_address(pop_loader *l, int64_t id, const char *street, const char *postcode, const char *city,
                         const char *municipality)
{
	if (l->st != ST_OK)
		return l->st;
	if (!l->pg)
		return l->st = sq_address(l->c, id, street, postcode, city, municipality);
	struct pending *p = &l->t[T_ADDRESS];
	put_int(p, 0, id);
	put_text(p, 1, street);
	put_text(p, 2, postcode);
	put_text(p, 3, city);
	put_text(p, 4, municipality);
	return added(l, T_ADDRESS);
}

status store_pop_person(pop_loader *l, int64_t id, const char *nin, const char *given_name, const char *family_name,
                        const char *birth_date, int64_t address_id)
{
	if (l->st != ST_OK)
		return l->st;
	if (!l->pg)
		return l->st = sq_person(l->c, id, nin, given_name, family_name, birth_date, address_id);
	struct pending *p = &l->t[T_PERSON];
	put_int(p, 0, id);
	put_text(p, 1, nin);
	put_text(p, 2, given_name);
	put_text(p, 3, family_name);
	put_text(p, 4, birth_date);
	put_int(p, 5, address_id);
	return added(l, T_PERSON);
}

status store_pop_family_relation(pop_loader *l, int64_t person_id, int64_t relative_id, const char *relation)
{
	if (l->st != ST_OK)
		return l->st;
	if (!l->pg)
		return l->st = store_family_relation_add(l->c, person_id, relative_id, relation);
	struct pending *p = &l->t[T_RELATION];
	put_int(p, 0, person_id);
	put_int(p, 1, relative_id);
	put_text(p, 2, relation);
	return added(l, T_RELATION);
}

status store_pop_parental_responsibility(pop_loader *l, int64_t child_id, int64_t parent_id)
{
	if (l->st != ST_OK)
		return l->st;
	if (!l->pg)
		return l->st = store_parental_responsibility_add(l->c, child_id, parent_id);
	struct pending *p = &l->t[T_RESPONSIBILITY];
	put_int(p, 0, child_id);
	put_int(p, 1, parent_id);
	return added(l, T_RESPONSIBILITY);
}

status store_pop_patient_unit(pop_loader *l, int64_t person_id, int64_t unit_id, const char *since)
{
	if (l->st != ST_OK)
		return l->st;
	if (!l->pg)
		return l->st = store_patient_unit_add(l->c, person_id, unit_id, since);
	struct pending *p = &l->t[T_PATIENT];
	put_int(p, 0, person_id);
	put_int(p, 1, unit_id);
	put_text(p, 2, since);
	return added(l, T_PATIENT);
}

/* Identity columns do not advance when ids are given explicitly; setval's
 * row is not wanted. */
static status pg_bump_sequence(db_conn *c, const char *sql)
{
	return db_run(db_prepare(c, sql));
}

status store_pop_loader_finish(pop_loader *l)
{
	if (l->st != ST_OK || !l->pg)
		return l->st;
	if (flush_all(l) != ST_OK)
		return l->st;
	l->st = pg_bump_sequence(l->c, "SELECT setval(pg_get_serial_sequence('person', 'id'),"
	                               " (SELECT MAX(id) FROM person))");
	if (l->st == ST_OK)
		l->st = pg_bump_sequence(l->c, "SELECT setval(pg_get_serial_sequence('address', 'id'),"
		                               " (SELECT MAX(id) FROM address))");
	return l->st;
}
