/* outbox.c (store) — the notification outbox's queries. */
#include "store/outbox.h"

status store_outbox_add(db_conn *c, int64_t person_id, const char *kind, int64_t payload_ref,
                        bool hidden_from_guardians, unix_time at, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO notification_outbox (person_id, kind, created_at, payload_ref,"
	                           " hidden_from_guardians) VALUES ($1, $2, $3, $4, $5) RETURNING id");
	db_bind_int(s, 1, person_id);
	db_bind_text(s, 2, kind);
	db_bind_int(s, 3, at);
	if (payload_ref > 0)
		db_bind_int(s, 4, payload_ref);
	else
		db_bind_null(s, 4);
	db_bind_int(s, 5, hidden_from_guardians ? 1 : 0);
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : db_stmt_status(s);
	if (r == DB_ROW)
		*id = db_col_int(s, 0);
	db_done(s);
	return st;
}

status store_outbox_for_person(db_conn *c, arena *ar, int64_t person_id, size_t max, outbox_event **out,
                               size_t *n)
{
	*out = arena_alloc(ar, (max ? max : 1) * sizeof **out);
	*n = 0;
	db_stmt *s = db_prepare(c, "SELECT id, person_id, kind, created_at, payload_ref, delivered_at, attempts,"
	                           " hidden_from_guardians"
	                           " FROM notification_outbox WHERE person_id = $1 ORDER BY id DESC LIMIT $2");
	db_bind_int(s, 1, person_id);
	db_bind_int(s, 2, (int64_t)max);
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW && *n < max) {
		outbox_event *e = &(*out)[(*n)++];
		e->id = db_col_int(s, 0);
		e->person_id = db_col_int(s, 1);
		e->kind = arena_strdup(ar, db_col_text(s, 2));
		e->created_at = db_col_int(s, 3);
		e->payload_ref = db_col_null(s, 4) ? 0 : db_col_int(s, 4);
		e->delivered_at = db_col_null(s, 5) ? 0 : db_col_int(s, 5);
		e->attempts = (int)db_col_int(s, 6);
		e->hidden_from_guardians = db_col_int(s, 7) != 0;
	}
	status st = r == DB_ERROR ? db_stmt_status(s) : ST_OK;
	db_done(s);
	return st;
}
