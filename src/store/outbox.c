/* outbox.c (store) — the notification outbox's queries. */
#include "store/outbox.h"

#include <string.h>

#include "store/store.h"

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

#define EVENT_COLUMNS                      \
	"id, person_id, kind, created_at," \
	" payload_ref, delivered_at, attempts, hidden_from_guardians"
enum event_col {
	EVENT_ID,
	EVENT_PERSON_ID,
	EVENT_KIND,
	EVENT_CREATED_AT,
	EVENT_PAYLOAD_REF,
	EVENT_DELIVERED_AT,
	EVENT_ATTEMPTS,
	EVENT_HIDDEN,
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

status store_outbox_for_person(db_conn *c, arena *ar, int64_t person_id, size_t max, outbox_event **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " EVENT_COLUMNS " FROM notification_outbox"
	                           " WHERE person_id = $1 ORDER BY id DESC LIMIT $2");
	return store_read_list_of(s, person_id, ar, sizeof **out, max, read_event, out, n, NULL);
}

/* ---- delivery ------------------------------------------------------------ */

status store_outbox_unfanned(db_conn *c, arena *ar, size_t max, outbox_event **out, size_t *n)
{
	db_stmt *s = db_prepare2(c,
	                         "SELECT " EVENT_COLUMNS " FROM notification_outbox"
	                         " WHERE fanned_out_at IS NULL ORDER BY id LIMIT $1",
	                         "SELECT " EVENT_COLUMNS " FROM notification_outbox"
	                         " WHERE fanned_out_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED");
	db_bind_int(s, 1, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, read_event, out, n, NULL);
}

status store_outbox_fanned(db_conn *c, int64_t event_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE notification_outbox SET fanned_out_at = $2 WHERE id = $1");
	return store_run_at(s, event_id, at, ST_NOT_FOUND);
}

status store_delivery_add(db_conn *c, int64_t event_id, int64_t recipient_id, int64_t about_id, const char *channel,
                          unix_time at, bool *added)
{
	bool in_app = strcmp(channel, "in_app") == 0;
	db_stmt *s = db_prepare(c, "INSERT INTO notification_delivery (event_id, recipient_id, about_id, channel,"
	                           " status, attempts, created_at, next_attempt_at, sent_at)"
	                           " VALUES ($1, $2, $3, $4, $5, 0, $6, $6, $7)"
	                           " ON CONFLICT (event_id, channel, recipient_id) DO NOTHING");
	db_bind_int(s, 1, event_id);
	db_bind_int(s, 2, recipient_id);
	db_bind_int(s, 3, about_id);
	db_bind_text(s, 4, channel);
	db_bind_text(s, 5, in_app ? "sent" : "pending");
	db_bind_int(s, 6, at);
	db_bind_opt_int(s, 7, in_app ? at : 0);
	status st = db_run_changed(s, ST_CONFLICT);
	if (added != NULL)
		*added = st == ST_OK;
	return st == ST_CONFLICT ? ST_OK : st;
}

#define DELIVERY_COLUMNS                                                             \
	"d.id, d.event_id, d.recipient_id, d.about_id, d.channel, d.status, e.kind," \
	" d.attempts, d.created_at, d.next_attempt_at, d.sent_at, d.read_at, d.last_error"
enum delivery_col {
	DEL_ID,
	DEL_EVENT_ID,
	DEL_RECIPIENT_ID,
	DEL_ABOUT_ID,
	DEL_CHANNEL,
	DEL_STATUS,
	DEL_KIND,
	DEL_ATTEMPTS,
	DEL_CREATED_AT,
	DEL_NEXT_AT,
	DEL_SENT_AT,
	DEL_READ_AT,
	DEL_LAST_ERROR,
	DEL_NCOLS
};

static void read_delivery(db_stmt *s, arena *ar, void *row)
{
	delivery *d = row;
	*d = (delivery){
	    .id = db_col_int(s, DEL_ID),
	    .event_id = db_col_int(s, DEL_EVENT_ID),
	    .recipient_id = db_col_int(s, DEL_RECIPIENT_ID),
	    .about_id = db_col_int(s, DEL_ABOUT_ID),
	    .channel = db_col_str(s, DEL_CHANNEL, ar),
	    .status = db_col_str(s, DEL_STATUS, ar),
	    .kind = db_col_str(s, DEL_KIND, ar),
	    .attempts = (int)db_col_int(s, DEL_ATTEMPTS),
	    .created_at = db_col_int(s, DEL_CREATED_AT),
	    .next_attempt_at = db_col_int(s, DEL_NEXT_AT),
	    .sent_at = db_col_opt_int(s, DEL_SENT_AT),
	    .read_at = db_col_opt_int(s, DEL_READ_AT),
	    .last_error = db_col_opt_str(s, DEL_LAST_ERROR, ar),
	};
}

/* The inbox's rows: the delivery and, past it, the name of the person the
 * event concerns when that is someone else. */
static void read_inbox_row(db_stmt *s, arena *ar, void *row)
{
	read_delivery(s, ar, row);
	delivery *d = row;
	d->about_name = db_col_opt_str(s, DEL_NCOLS, ar);
}

/* RETURNING cannot join: the kind is read by a subquery. */
const delivery_queue notify_delivery_queue =
    DQ_QUEUE("notification_delivery", "channel",
             "id, event_id, recipient_id, about_id, channel, status,"
             " (SELECT e.kind FROM notification_outbox e WHERE e.id = event_id),"
             " attempts, created_at, next_attempt_at, sent_at, read_at, last_error",
             read_delivery, delivery);

status store_delivery_list(db_conn *c, arena *ar, const char *st, size_t max, delivery **out, size_t *n, bool *more)
{
	db_stmt *s = db_prepare(c, "SELECT " DELIVERY_COLUMNS " FROM notification_delivery d"
	                           " JOIN notification_outbox e ON e.id = d.event_id"
	                           " WHERE d.status = $1 ORDER BY d.id DESC LIMIT $2");
	db_bind_text(s, 1, st);
	db_bind_int(s, 2, (int64_t)max + 1);
	return db_read_list(s, ar, sizeof **out, max, read_delivery, out, n, more);
}

status store_delivery_about(db_conn *c, int64_t id, int64_t *person_id)
{
	db_stmt *s = db_prepare(c, "SELECT about_id FROM notification_delivery WHERE id = $1");
	db_bind_int(s, 1, id);
	return db_one_int(s, person_id);
}

status store_delivery_for_event(db_conn *c, arena *ar, int64_t event_id, size_t max, delivery **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " DELIVERY_COLUMNS " FROM notification_delivery d"
	                           " JOIN notification_outbox e ON e.id = d.event_id"
	                           " WHERE d.event_id = $1 ORDER BY d.recipient_id, d.channel LIMIT $2");
	return store_read_list_of(s, event_id, ar, sizeof **out, max, read_delivery, out, n, NULL);
}

status store_inbox_list(db_conn *c, arena *ar, int64_t recipient_id, size_t max, delivery **out, size_t *n)
{
	db_stmt *s =
	    db_prepare(c, "SELECT " DELIVERY_COLUMNS ","
	                  " CASE WHEN d.about_id <> d.recipient_id THEN p.given_name || ' ' || p.family_name END"
	                  " FROM notification_delivery d"
	                  " JOIN notification_outbox e ON e.id = d.event_id"
	                  " JOIN person p ON p.id = d.about_id"
	                  " WHERE d.recipient_id = $1 AND d.channel = 'in_app' ORDER BY d.id DESC LIMIT $2");
	return store_read_list_of(s, recipient_id, ar, sizeof **out, max, read_inbox_row, out, n, NULL);
}

status store_inbox_unread(db_conn *c, int64_t recipient_id, int64_t *out)
{
	db_stmt *s = db_prepare(c, "SELECT " STORE_INBOX_UNREAD("$1"));
	db_bind_int(s, 1, recipient_id);
	return db_one_int(s, out);
}

status store_inbox_mark_read(db_conn *c, int64_t recipient_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE notification_delivery SET read_at = $2"
	                           " WHERE recipient_id = $1 AND channel = 'in_app' AND read_at IS NULL");
	return store_run_at(s, recipient_id, at, ST_OK);
}

enum recipient_col { RCP_EMAIL, RCP_PHONE, RCP_LANG, RCP_HAS_ACCOUNT, RCP_DEACTIVATED };

static void read_recipient(db_stmt *s, arena *ar, void *row)
{
	recipient *r = row;
	*r = (recipient){
	    .email = db_col_opt_str(s, RCP_EMAIL, ar),
	    .phone = db_col_opt_str(s, RCP_PHONE, ar),
	    .lang = db_col_opt_str(s, RCP_LANG, ar),
	    .has_account = db_col_bool(s, RCP_HAS_ACCOUNT),
	    .deactivated = db_col_bool(s, RCP_DEACTIVATED),
	};
}

status store_recipient(db_conn *c, arena *ar, int64_t person_id, recipient *out)
{
	db_stmt *s = db_prepare(c, "SELECT cd.email, cd.phone, u.lang,"
	                           " CASE WHEN a.person_id IS NULL THEN 0 ELSE 1 END,"
	                           " CASE WHEN a.deactivated_at IS NULL THEN 0 ELSE 1 END"
	                           " FROM person p"
	                           " LEFT JOIN contact_details cd ON cd.person_id = p.id"
	                           " LEFT JOIN ui_preference u ON u.person_id = p.id"
	                           " LEFT JOIN account a ON a.person_id = p.id"
	                           " WHERE p.id = $1");
	return store_read_one_by(s, person_id, ar, read_recipient, out);
}
