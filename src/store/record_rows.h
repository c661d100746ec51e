/* record_rows.h (store) — small helpers the record areas' store files share
 * (store/summary.c, store/care_team.c, store/visits.c): reading optional
 * columns, growing result arrays in an arena, one-row results. Internal to
 * store/: nothing outside includes it. */
#ifndef HELSAMI_STORE_RECORD_ROWS_H
#define HELSAMI_STORE_RECORD_ROWS_H

#include <string.h>

#include "core/arena.h"
#include "db/db.h"

/* No patient's list in these areas comes near this; a cap keeps the cost of
 * one request bounded whatever is in the database. */
enum { RECORD_LIST_LIMIT = 500 };

/* A text column, NULL when the column is NULL; copied into ar. */
static inline const char *rr_text_or_null(db_stmt *s, int col, arena *ar)
{
	return db_col_null(s, col) ? NULL : arena_strdup(ar, db_col_text(s, col));
}

/* A text column copied into ar ("" for NULL). */
static inline const char *rr_text(db_stmt *s, int col, arena *ar)
{
	return arena_strdup(ar, db_col_text(s, col));
}

/* Grows an arena array of `size`-byte items holding n, doubling *cap. */
static inline void *rr_grow(arena *ar, void *items, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return items;
	size_t ncap = *cap ? *cap * 2 : 8;
	void *fresh = arena_alloc(ar, ncap * size);
	if (n > 0)
		memcpy(fresh, items, n * size);
	*cap = ncap;
	return fresh;
}

/* The status after a loop over rows ended with r. */
static inline status rr_end(db_stmt *s, enum db_step_result r)
{
	status st = r == DB_DONE ? ST_OK : db_stmt_status(s);
	db_done(s);
	return st;
}

/* Runs an INSERT ... RETURNING id. */
static inline status rr_insert_id(db_stmt *s, int64_t *id)
{
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : db_stmt_status(s);
	if (r == DB_ROW && id != NULL)
		*id = db_col_int(s, 0);
	db_done(s);
	return st;
}

/* Runs an UPDATE that must change exactly one row: ST_NOT_FOUND when its
 * WHERE matched nothing. */
static inline status rr_update_one(db_stmt *s)
{
	enum db_step_result r = db_step(s);
	status st = r == DB_DONE ? ST_OK : db_stmt_status(s);
	if (st == ST_OK && db_changes(s) == 0)
		st = ST_NOT_FOUND;
	db_done(s);
	return st;
}

#endif
