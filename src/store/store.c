/* store.c — what the store files share (store/store.h). */
#include "store/store.h"

void store_bind_patient_list(db_stmt *s, int64_t patient_id, bool for_guardian, int64_t limit)
{
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, for_guardian ? 1 : 0);
	db_bind_int(s, 3, limit);
}

void store_read_id(db_stmt *s, arena *ar, void *row)
{
	(void)ar;
	*(int64_t *)row = db_col_int(s, 0);
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
