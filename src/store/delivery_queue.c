/* delivery_queue.c (store) — the leased delivery queue's queries (store/delivery_queue.h). */
#include "store/delivery_queue.h"

status store_dq_claim(db_conn *c, const delivery_queue *q, arena *ar, const char *lane, const char *owner,
                      unix_time now, unix_time lease_until, size_t max, void *out, size_t *n)
{
	db_stmt *s = db_prepare2(c, q->claim_sqlite, q->claim_postgres);
	db_bind_text(s, 1, owner);
	db_bind_int(s, 2, lease_until);
	db_bind_text(s, 3, lane);
	db_bind_int(s, 4, now);
	db_bind_int(s, 5, (int64_t)max);
	return db_read_list(s, ar, q->row_size, max, q->read, out, n, NULL);
}

status store_dq_sent(db_conn *c, const delivery_queue *q, int64_t id, const char *owner, unix_time at)
{
	db_stmt *s = db_prepare(c, q->sent);
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, owner);
	db_bind_int(s, 3, at);
	return db_run_changed(s, ST_CONFLICT);
}

status store_dq_failed(db_conn *c, const delivery_queue *q, int64_t id, const char *owner, int attempts, bool dead,
                       unix_time next_at, const char *error)
{
	db_stmt *s = db_prepare(c, q->failed);
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, owner);
	db_bind_text(s, 3, dead ? "dead" : "failed");
	db_bind_int(s, 4, attempts);
	db_bind_int(s, 5, next_at);
	db_bind_text(s, 6, error);
	return db_run_changed(s, ST_CONFLICT);
}

status store_dq_retry(db_conn *c, const delivery_queue *q, int64_t id, unix_time at, bool failed_too)
{
	db_stmt *s = db_prepare(c, q->retry);
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, at);
	db_bind_text(s, 3, failed_too ? "failed" : "dead");
	status st = db_run_changed(s, ST_NOT_FOUND);
	if (st != ST_NOT_FOUND)
		return st;
	/* Unchanged: tell a row in another status from no row at all. */
	bool there = false;
	s = db_prepare(c, q->exists);
	db_bind_int(s, 1, id);
	if ((st = db_exists(s, &there)) != ST_OK)
		return st;
	return there ? ST_CONFLICT : ST_NOT_FOUND;
}

status store_dq_count(db_conn *c, const delivery_queue *q, const char *st, int64_t *out)
{
	db_stmt *s = db_prepare(c, q->count);
	db_bind_text(s, 1, st);
	return db_one_int(s, out);
}
