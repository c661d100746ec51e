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
	db_bind_opt_int(s, 4, payload_ref);
	db_bind_int(s, 5, hidden_from_guardians ? 1 : 0);
	return db_insert_id(s, id);
}

#define EVENT_COLUMNS                                                 \
	"id, person_id, kind, created_at,"                            \
	" payload_ref, delivered_at, attempts, hidden_from_guardians"
enum event_col {
	EVENT_ID, EVENT_PERSON_ID, EVENT_KIND, EVENT_CREATED_AT,
	EVENT_PAYLOAD_REF, EVENT_DELIVERED_AT, EVENT_ATTEMPTS, EVENT_HIDDEN,
};

static void read_event(db_stmt *s, arena *ar, void *row)
{
	outbox_event *e = row;
	*e = (outbox_event){
	    .id = db_col_int(s, EVENT_ID),
	    .person_id = db_col_int(s, EVENT_PERSON_ID),
	    .kind = db_col_str(s, EVENT_KIND, ar),
	    .created_at = db_col_int(s, EVENT_CREATED_AT),
	    .payload_ref = db_col_opt_int(s, EVENT_PAYLOAD_REF),
	    .delivered_at = db_col_opt_int(s, EVENT_DELIVERED_AT),
	    .attempts = (int)db_col_int(s, EVENT_ATTEMPTS),
	    .hidden_from_guardians = db_col_bool(s, EVENT_HIDDEN),
	};
}

status store_outbox_for_person(db_conn *c, arena *ar, int64_t person_id, size_t max, outbox_event **out,
                               size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " EVENT_COLUMNS " FROM notification_outbox"
	                           " WHERE person_id = $1 ORDER BY id DESC LIMIT $2");
	db_bind_int(s, 1, person_id);
	db_bind_int(s, 2, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, read_event, out, n, NULL);
}
