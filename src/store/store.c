/* store.c — what the store files share (store/store.h). */
#include "store/store.h"

/* The LIMIT a list query asks for: one row past max tells db_read_list
 * whether there were more. */
static int64_t row_limit(size_t max, const bool *more)
{
	return more ? (int64_t)max + 1 : (int64_t)max;
}

status store_read_one_by(db_stmt *s, int64_t key, arena *ar, db_row_reader read, void *row)
{
	db_bind_int(s, 1, key);
	return db_read_one(s, ar, read, row);
}

status store_read_one_of(db_stmt *s, int64_t owner_id, int64_t id, arena *ar, db_row_reader read, void *row)
{
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, owner_id);
	return db_read_one(s, ar, read, row);
}

status store_read_one_for_staff(db_stmt *s, int64_t staff_id, unsigned roles, int64_t id, arena *ar, db_row_reader read,
                                void *row)
{
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, roles);
	db_bind_int(s, 3, id);
	return db_read_one(s, ar, read, row);
}

status store_read_list_of(db_stmt *s, int64_t owner_id, arena *ar, size_t item_size, size_t max, db_row_reader read,
                          void *list, size_t *n, bool *more)
{
	db_bind_int(s, 1, owner_id);
	db_bind_int(s, 2, row_limit(max, more));
	return db_read_list(s, ar, item_size, max, read, list, n, more);
}

status store_read_list_for_staff(db_stmt *s, int64_t staff_id, unsigned roles, arena *ar, size_t item_size, size_t max,
                                 db_row_reader read, void *list, size_t *n, bool *more)
{
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, roles);
	db_bind_int(s, 3, row_limit(max, more));
	return db_read_list(s, ar, item_size, max, read, list, n, more);
}

status store_read_patient_list(db_stmt *s, int64_t patient_id, bool for_guardian, arena *ar, size_t item_size,
                               size_t max, db_row_reader read, void *list, size_t *n, bool *more)
{
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, for_guardian ? 1 : 0);
	db_bind_int(s, 3, row_limit(max, more));
	return db_read_list(s, ar, item_size, max, read, list, n, more);
}

void store_read_id(db_stmt *s, arena *ar, void *row)
{
	(void)ar;
	*(int64_t *)row = db_col_int(s, 0);
}

void store_read_text(db_stmt *s, arena *ar, void *row)
{
	*(const char **)row = db_col_str(s, 0, ar);
}

status store_run_at(db_stmt *s, int64_t row_id, unix_time at, status unchanged)
{
	db_bind_int(s, 1, row_id);
	db_bind_int(s, 2, at);
	return db_run_changed(s, unchanged);
}

status store_run_staff_update(db_stmt *s, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at,
                              status unchanged)
{
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, patient_id);
	db_bind_int(s, 3, at);
	db_bind_int(s, 4, staff_id);
	return db_run_changed(s, unchanged);
}
