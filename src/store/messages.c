/* messages.c (store) — the queries of conversations, messages, read marks,
 * attachments and the topics units accept (SPEC.md M1-M4). A patient's
 * reads walk conversation_patient; a unit's queue walks conversation_unit. */
#include "store/messages.h"

#include "store/register.h"
#include "store/store.h"

/* ---- units and topics ---------------------------------------------------------- */

status store_msg_unit_settings(db_conn *c, int64_t unit_id, bool accepts, int64_t reply_days)
{
	db_stmt *s = db_prepare(c, "UPDATE unit SET accepts_messages = $2, message_reply_days = $3 WHERE id = $1");
	db_bind_int(s, 1, unit_id);
	db_bind_int(s, 2, accepts ? 1 : 0);
	db_bind_int(s, 3, reply_days);
	return db_run_changed(s, ST_NOT_FOUND);
}

status store_msg_topic_add(db_conn *c, int64_t unit_id, const char *topic)
{
	db_stmt *s = db_prepare(c, "INSERT INTO message_topic (unit_id, topic) VALUES ($1, $2) ON CONFLICT DO NOTHING");
	db_bind_int(s, 1, unit_id);
	db_bind_text(s, 2, topic);
	return db_run(s);
}

enum munit_col { MUNIT_ID, MUNIT_NAME, MUNIT_ACCEPTS, MUNIT_REPLY_DAYS };

static void read_munit(db_stmt *s, arena *ar, void *row)
{
	message_unit *o = row;
	*o = (message_unit){.unit_id = db_col_int(s, MUNIT_ID),
	                    .name = db_col_str(s, MUNIT_NAME, ar),
	                    .accepts = db_col_bool(s, MUNIT_ACCEPTS),
	                    .reply_days = db_col_int(s, MUNIT_REPLY_DAYS)};
}

status store_msg_unit_get(db_conn *c, arena *ar, int64_t unit_id, message_unit *out)
{
	db_stmt *s = db_prepare(c, "SELECT id, name, accepts_messages, message_reply_days FROM unit WHERE id = $1");
	return store_read_one_by(s, unit_id, ar, read_munit, out);
}

status store_msg_units_of_staff(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, message_unit **out, size_t *n)
{
	db_stmt *s = db_prepare(
	    c, "SELECT u.id, u.name, u.accepts_messages, u.message_reply_days FROM unit u"
	       " WHERE u.id IN (SELECT su.unit_id FROM staff_unit su"
	       "  WHERE su.staff_id = $1 AND (" STORE_ROLE_BIT("su.role") " & $2) <> 0)"
	                                                                  " ORDER BY u.name, u.id LIMIT 100");
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, roles);
	return db_read_list(s, ar, sizeof **out, SIZE_MAX, read_munit, out, n, NULL);
}

status store_msg_topics_of_unit(db_conn *c, arena *ar, int64_t unit_id, const char ***out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT topic FROM message_topic WHERE unit_id = $1 ORDER BY topic");
	db_bind_int(s, 1, unit_id);
	return db_read_list(s, ar, sizeof **out, SIZE_MAX, store_read_text, out, n, NULL);
}

status store_msg_topics_clear(db_conn *c, int64_t unit_id)
{
	db_stmt *s = db_prepare(c, "DELETE FROM message_topic WHERE unit_id = $1");
	db_bind_int(s, 1, unit_id);
	return db_run(s);
}

enum mclin_col { MCLIN_UNIT_ID, MCLIN_STAFF_ID, MCLIN_NAME, MCLIN_UNIT_NAME, MCLIN_ACCEPTS };

static void read_mclin(db_stmt *s, arena *ar, void *row)
{
	message_clinician *o = row;
	*o = (message_clinician){
	    .unit_id = db_col_int(s, MCLIN_UNIT_ID),
	    .staff_id = db_col_int(s, MCLIN_STAFF_ID),
	    .name = db_col_str(s, MCLIN_NAME, ar),
	    .unit_name = db_col_str(s, MCLIN_UNIT_NAME, ar),
	    .accepts = db_col_bool(s, MCLIN_ACCEPTS),
	};
}

status store_msg_clinicians_of_unit(db_conn *c, arena *ar, int64_t unit_id, message_clinician **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT su.unit_id, su.staff_id, p.given_name || ' ' || p.family_name, u.name,"
	                           " EXISTS (SELECT 1 FROM message_clinician mc"
	                           "  WHERE mc.unit_id = su.unit_id AND mc.staff_id = su.staff_id)"
	                           " FROM staff_unit su JOIN staff st ON st.id = su.staff_id"
	                           " JOIN person p ON p.id = st.person_id JOIN unit u ON u.id = su.unit_id"
	                           " WHERE su.unit_id = $1 AND su.role = 'clinician' AND st.active = 1"
	                           " ORDER BY p.family_name, p.given_name, su.staff_id LIMIT 200");
	db_bind_int(s, 1, unit_id);
	return db_read_list(s, ar, sizeof **out, SIZE_MAX, read_mclin, out, n, NULL);
}

status store_msg_clinicians_clear(db_conn *c, int64_t unit_id)
{
	db_stmt *s = db_prepare(c, "DELETE FROM message_clinician WHERE unit_id = $1");
	db_bind_int(s, 1, unit_id);
	return db_run(s);
}

status store_msg_clinician_add(db_conn *c, int64_t unit_id, int64_t staff_id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO message_clinician (unit_id, staff_id) VALUES ($1, $2)"
	                           " ON CONFLICT DO NOTHING");
	db_bind_int(s, 1, unit_id);
	db_bind_int(s, 2, staff_id);
	return db_run(s);
}

status store_msg_clinicians_for_patient(db_conn *c, arena *ar, int64_t patient_id, size_t max, message_clinician **out,
                                        size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT u.id, mc.staff_id, p.given_name || ' ' || p.family_name, u.name, 1"
	                           " FROM patient_unit pu JOIN unit u ON u.id = pu.unit_id"
	                           " JOIN message_clinician mc ON mc.unit_id = u.id"
	                           " JOIN staff_unit su ON su.staff_id = mc.staff_id AND su.unit_id = u.id"
	                           "  AND su.role = 'clinician'"
	                           " JOIN staff st ON st.id = mc.staff_id JOIN person p ON p.id = st.person_id"
	                           " WHERE pu.person_id = $1 AND u.accepts_messages = 1 AND st.active = 1"
	                           " ORDER BY u.name, u.id, p.family_name, p.given_name, mc.staff_id LIMIT $2");
	return store_read_list_of(s, patient_id, ar, sizeof **out, max, read_mclin, out, n, NULL);
}

enum topic_col { TOPIC_UNIT_ID, TOPIC_UNIT_NAME, TOPIC_REPLY_DAYS, TOPIC_TOPIC };

static void read_topic(db_stmt *s, arena *ar, void *row)
{
	message_unit_topic *t = row;
	*t = (message_unit_topic){
	    .unit_id = db_col_int(s, TOPIC_UNIT_ID),
	    .unit_name = db_col_str(s, TOPIC_UNIT_NAME, ar),
	    .reply_days = db_col_int(s, TOPIC_REPLY_DAYS),
	    .topic = db_col_str(s, TOPIC_TOPIC, ar),
	};
}

status store_msg_topics_for_patient(db_conn *c, arena *ar, int64_t patient_id, size_t max, message_unit_topic **out,
                                    size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT u.id, u.name, u.message_reply_days, t.topic"
	                           " FROM patient_unit pu JOIN unit u ON u.id = pu.unit_id"
	                           " JOIN message_topic t ON t.unit_id = u.id"
	                           " WHERE pu.person_id = $1 AND u.accepts_messages = 1"
	                           " ORDER BY u.name, u.id, t.topic LIMIT $2");
	return store_read_list_of(s, patient_id, ar, sizeof **out, max, read_topic, out, n, NULL);
}

/* ---- conversations ----------------------------------------------------------- */

#define CONV_COLUMNS                                                                               \
	"v.id, v.patient_id, v.unit_id, v.clinician_id, v.assigned_to, v.topic, v.subject,"        \
	" v.reply_allowed, v.status, v.created_at, v.last_at, v.citizen_read_to, v.unit_read_to,"  \
	" u.name, pp.given_name || ' ' || pp.family_name, cp.given_name || ' ' || cp.family_name," \
	" ap.given_name || ' ' || ap.family_name, u.message_reply_days"
enum conv_col {
	CONV_ID,
	CONV_PATIENT_ID,
	CONV_UNIT_ID,
	CONV_CLINICIAN_ID,
	CONV_ASSIGNED_TO,
	CONV_TOPIC,
	CONV_SUBJECT,
	CONV_REPLY_ALLOWED,
	CONV_STATUS,
	CONV_CREATED_AT,
	CONV_LAST_AT,
	CONV_CITIZEN_READ_TO,
	CONV_UNIT_READ_TO,
	CONV_UNIT_NAME,
	CONV_PATIENT_NAME,
	CONV_CLINICIAN_NAME,
	CONV_ASSIGNED_NAME,
	CONV_REPLY_DAYS,
	CONV_NCOLS
};
#define CONV_JOINS                                                                                    \
	" FROM conversation v JOIN unit u ON u.id = v.unit_id JOIN person pp ON pp.id = v.patient_id" \
	" LEFT JOIN staff cs ON cs.id = v.clinician_id LEFT JOIN person cp ON cp.id = cs.person_id"   \
	" LEFT JOIN staff ast ON ast.id = v.assigned_to LEFT JOIN person ap ON ap.id = ast.person_id"
/* The list queries' extra column: the reader's unread messages. */
#define CONV_UNREAD_CITIZEN                                                                            \
	", (SELECT COUNT(*) FROM message m WHERE m.conversation_id = v.id AND m.author_role = 'staff'" \
	" AND m.id > v.citizen_read_to)"
#define CONV_UNREAD_UNIT                                                                                \
	", (SELECT COUNT(*) FROM message m WHERE m.conversation_id = v.id AND m.author_role <> 'staff'" \
	" AND m.id > v.unit_read_to)"
/* A unit where $1 (a staff id) holds one of the role bits $2. The units
 * come first (IN, not an EXISTS per conversation), so a unit's open
 * conversations are read by index instead of every conversation there is. */
#define CONV_AT_STAFF_UNIT                                                           \
	" v.unit_id IN (SELECT su.unit_id FROM staff_unit su WHERE su.staff_id = $1" \
	" AND (" STORE_ROLE_BIT("su.role") " & $2) <> 0)"

static void read_conv(db_stmt *s, arena *ar, void *row)
{
	conversation *v = row;
	*v = (conversation){
	    .id = db_col_int(s, CONV_ID),
	    .patient_id = db_col_int(s, CONV_PATIENT_ID),
	    .unit_id = db_col_int(s, CONV_UNIT_ID),
	    .clinician_id = db_col_opt_int(s, CONV_CLINICIAN_ID),
	    .assigned_to = db_col_opt_int(s, CONV_ASSIGNED_TO),
	    .topic = db_col_str(s, CONV_TOPIC, ar),
	    .subject = db_col_str(s, CONV_SUBJECT, ar),
	    .reply_allowed = db_col_bool(s, CONV_REPLY_ALLOWED),
	    .status = db_col_str(s, CONV_STATUS, ar),
	    .created_at = db_col_int(s, CONV_CREATED_AT),
	    .last_at = db_col_int(s, CONV_LAST_AT),
	    .citizen_read_to = db_col_int(s, CONV_CITIZEN_READ_TO),
	    .unit_read_to = db_col_int(s, CONV_UNIT_READ_TO),
	    .unit_name = db_col_str(s, CONV_UNIT_NAME, ar),
	    .patient_name = db_col_str(s, CONV_PATIENT_NAME, ar),
	    .clinician_name = db_col_opt_str(s, CONV_CLINICIAN_NAME, ar),
	    .assigned_name = db_col_opt_str(s, CONV_ASSIGNED_NAME, ar),
	    .reply_days = db_col_int(s, CONV_REPLY_DAYS),
	};
}

static void read_conv_unread(db_stmt *s, arena *ar, void *row)
{
	read_conv(s, ar, row);
	((conversation *)row)->unread = db_col_int(s, CONV_NCOLS);
}

status store_conv_insert(db_conn *c, const conversation *v, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO conversation (patient_id, unit_id, clinician_id, topic, subject,"
	                           " reply_allowed, status, assigned_to, created_at, last_at)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $8) RETURNING id");
	db_bind_int(s, 1, v->patient_id);
	db_bind_int(s, 2, v->unit_id);
	db_bind_opt_int(s, 3, v->clinician_id);
	db_bind_text(s, 4, v->topic);
	db_bind_text(s, 5, v->subject);
	db_bind_int(s, 6, v->reply_allowed ? 1 : 0);
	db_bind_opt_int(s, 7, v->assigned_to);
	db_bind_int(s, 8, v->created_at);
	return db_insert_id(s, id);
}

status store_conv_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, conversation *out)
{
	db_stmt *s = db_prepare(c, "SELECT " CONV_COLUMNS CONV_JOINS " WHERE v.id = $1 AND v.patient_id = $2");
	return store_read_one_of(s, patient_id, id, ar, read_conv, out);
}

status store_conv_for_staff(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, int64_t id, conversation *out)
{
	db_stmt *s = db_prepare(c, "SELECT " CONV_COLUMNS CONV_JOINS " WHERE v.id = $3 AND" CONV_AT_STAFF_UNIT);
	return store_read_one_for_staff(s, staff_id, roles, id, ar, read_conv, out);
}

status store_conv_of_patient(db_conn *c, arena *ar, int64_t patient_id, size_t max, conversation **out, size_t *n,
                             bool *more)
{
	db_stmt *s = db_prepare(c, "SELECT " CONV_COLUMNS CONV_UNREAD_CITIZEN CONV_JOINS
	                           " WHERE v.patient_id = $1 ORDER BY v.last_at DESC, v.id DESC LIMIT $2");
	return store_read_list_of(s, patient_id, ar, sizeof **out, max, read_conv_unread, out, n, more);
}

status store_conv_queue(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, bool mine, size_t max,
                        conversation **out, size_t *n, bool *more)
{
	db_stmt *s = db_prepare(c, "SELECT " CONV_COLUMNS CONV_UNREAD_UNIT CONV_JOINS
	                           " WHERE v.status = 'open' AND" CONV_AT_STAFF_UNIT
	                           " AND ($3 = 0 OR v.assigned_to = $1 OR v.clinician_id = $1)"
	                           " ORDER BY v.last_at, v.id LIMIT $4");
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, roles);
	db_bind_int(s, 3, mine ? 1 : 0);
	db_bind_int(s, 4, (int64_t)max + 1);
	return db_read_list(s, ar, sizeof **out, max, read_conv_unread, out, n, more);
}

status store_conv_touched(db_conn *c, int64_t id, unix_time at, int reply_allowed)
{
	db_stmt *s = db_prepare(c, "UPDATE conversation SET last_at = $2, status = 'open',"
	                           " reply_allowed = CASE WHEN $3 < 0 THEN reply_allowed ELSE $3 END WHERE id = $1");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, at);
	db_bind_int(s, 3, reply_allowed);
	return db_run_changed(s, ST_NOT_FOUND);
}

status store_conv_read(db_conn *c, int64_t id, bool unit_side, int64_t upto)
{
	db_stmt *s =
	    unit_side ? db_prepare(c, "UPDATE conversation SET unit_read_to = $2 WHERE id = $1 AND unit_read_to < $2")
	              : db_prepare(c, "UPDATE conversation SET citizen_read_to = $2"
	                              " WHERE id = $1 AND citizen_read_to < $2");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, upto);
	return db_run(s);
}

status store_conv_assign(db_conn *c, int64_t id, int64_t staff_id, bool seen)
{
	db_stmt *s = db_prepare(c, "UPDATE conversation SET assigned_to = $2, assignee_seen = $3 WHERE id = $1");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, staff_id);
	db_bind_int(s, 3, seen ? 1 : 0);
	return db_run_changed(s, ST_NOT_FOUND);
}

status store_conv_assignee_saw(db_conn *c, int64_t id, int64_t staff_id)
{
	db_stmt *s = db_prepare(c, "UPDATE conversation SET assignee_seen = 1"
	                           " WHERE id = $1 AND assigned_to = $2 AND assignee_seen = 0");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, staff_id);
	return db_run(s);
}

status store_conv_waiting_for_staff(db_conn *c, int64_t staff_id, unsigned roles, int64_t *out)
{
	db_stmt *s =
	    db_prepare(c, "SELECT COUNT(*) FROM conversation v WHERE v.status = 'open' AND" CONV_AT_STAFF_UNIT
	                  " AND ((v.assigned_to = $1 AND v.assignee_seen = 0) OR EXISTS (SELECT 1 FROM message m"
	                  "  WHERE m.conversation_id = v.id AND m.author_role <> 'staff'"
	                  "  AND m.id > v.unit_read_to))");
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, roles);
	return db_one_int(s, out);
}

status store_msg_staff_of_unit(db_conn *c, arena *ar, int64_t unit_id, unsigned roles, message_clinician **out,
                               size_t *n)
{
	db_stmt *s =
	    db_prepare(c, "SELECT su.unit_id, su.staff_id, p.given_name || ' ' || p.family_name, u.name, 0"
	                  " FROM staff_unit su JOIN staff st ON st.id = su.staff_id"
	                  " JOIN person p ON p.id = st.person_id JOIN unit u ON u.id = su.unit_id"
	                  " WHERE su.unit_id = $1 AND st.active = 1 AND (" STORE_ROLE_BIT(
	                      "su.role") " & $2) <> 0"
	                                 " AND NOT EXISTS (SELECT 1 FROM staff_unit s2 WHERE s2.staff_id = su.staff_id"
	                                 "  AND s2.unit_id = su.unit_id AND (" STORE_ROLE_BIT(
	                                     "s2.role") " & $2) <> 0"
	                                                "  AND s2.role < su.role)"
	                                                " ORDER BY p.family_name, p.given_name, su.staff_id LIMIT 200");
	db_bind_int(s, 1, unit_id);
	db_bind_int(s, 2, roles);
	return db_read_list(s, ar, sizeof **out, SIZE_MAX, read_mclin, out, n, NULL);
}

status store_conv_done(db_conn *c, int64_t id)
{
	db_stmt *s = db_prepare(c, "UPDATE conversation SET status = 'done' WHERE id = $1 AND status = 'open'");
	db_bind_int(s, 1, id);
	return db_run_changed(s, ST_CONFLICT);
}

status store_conv_unread_of_patient(db_conn *c, int64_t patient_id, int64_t *out)
{
	db_stmt *s = db_prepare(c, "SELECT COUNT(*) FROM conversation v JOIN message m ON m.conversation_id = v.id"
	                           " WHERE v.patient_id = $1 AND m.author_role = 'staff' AND m.id > v.citizen_read_to");
	db_bind_int(s, 1, patient_id);
	return db_one_int(s, out);
}

/* ---- messages ---------------------------------------------------------------- */

#define MSG_COLUMNS                                                                                       \
	"m.id, m.conversation_id, m.patient_id, m.author_id, m.author_role, m.for_unit, m.reply_allowed," \
	" m.body, m.created_at, ap.given_name || ' ' || ap.family_name"
enum msg_col {
	MSG_ID,
	MSG_CONVERSATION_ID,
	MSG_PATIENT_ID,
	MSG_AUTHOR_ID,
	MSG_AUTHOR_ROLE,
	MSG_FOR_UNIT,
	MSG_REPLY_ALLOWED,
	MSG_BODY,
	MSG_CREATED_AT,
	MSG_AUTHOR_NAME,
};

static void read_msg(db_stmt *s, arena *ar, void *row)
{
	message *m = row;
	*m = (message){
	    .id = db_col_int(s, MSG_ID),
	    .conversation_id = db_col_int(s, MSG_CONVERSATION_ID),
	    .patient_id = db_col_int(s, MSG_PATIENT_ID),
	    .author_id = db_col_int(s, MSG_AUTHOR_ID),
	    .author_role = db_col_str(s, MSG_AUTHOR_ROLE, ar),
	    .for_unit = db_col_bool(s, MSG_FOR_UNIT),
	    .reply_allowed = db_col_bool(s, MSG_REPLY_ALLOWED),
	    .body = db_col_str(s, MSG_BODY, ar),
	    .created_at = db_col_int(s, MSG_CREATED_AT),
	    .author_name = db_col_str(s, MSG_AUTHOR_NAME, ar),
	};
}

status store_msg_insert(db_conn *c, const message *m, int64_t *id)
{
	db_stmt *s =
	    db_prepare(c, "INSERT INTO message (conversation_id, patient_id, author_id, author_role, for_unit,"
	                  " reply_allowed, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
	db_bind_int(s, 1, m->conversation_id);
	db_bind_int(s, 2, m->patient_id);
	db_bind_int(s, 3, m->author_id);
	db_bind_text(s, 4, m->author_role);
	db_bind_int(s, 5, m->for_unit ? 1 : 0);
	db_bind_int(s, 6, m->reply_allowed ? 1 : 0);
	db_bind_text(s, 7, m->body);
	db_bind_int(s, 8, m->created_at);
	return db_insert_id(s, id);
}

status store_msg_of_conversation(db_conn *c, arena *ar, int64_t conversation_id, size_t max, message **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " MSG_COLUMNS " FROM message m JOIN person ap ON ap.id = m.author_id"
	                           " WHERE m.conversation_id = $1 ORDER BY m.id LIMIT $2");
	return store_read_list_of(s, conversation_id, ar, sizeof **out, max, read_msg, out, n, NULL);
}

/* ---- attachments -------------------------------------------------------------- */

#define ATT_COLUMNS "a.id, a.message_id, a.conversation_id, a.patient_id, " STORED_FILE_COLUMNS("a.")
enum att_col {
	ATT_ID,
	ATT_MESSAGE_ID,
	ATT_CONVERSATION_ID,
	ATT_PATIENT_ID,
	ATT_FILE,
	ATT_NCOLS = ATT_FILE + STORED_FILE_NCOLS
};

static void read_att(db_stmt *s, arena *ar, void *row)
{
	message_attachment *a = row;
	*a = (message_attachment){
	    .id = db_col_int(s, ATT_ID),
	    .message_id = db_col_int(s, ATT_MESSAGE_ID),
	    .conversation_id = db_col_int(s, ATT_CONVERSATION_ID),
	    .patient_id = db_col_int(s, ATT_PATIENT_ID),
	    .file = store_file_read(s, ATT_FILE, ar),
	};
}

/* data_base64 is the column attachments had before migration 21 (empty
 * since: the bytes are in data). */
status store_att_insert(db_conn *c, const message_attachment *a, const uint8_t *data, size_t len, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO message_attachment (message_id, conversation_id,"
	                           " patient_id, " STORED_FILE_INSERT_COLUMNS ", data, data_base64)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '') RETURNING id");
	db_bind_int(s, 1, a->message_id);
	db_bind_int(s, 2, a->conversation_id);
	db_bind_int(s, 3, a->patient_id);
	store_file_bind(s, 4, &a->file);
	db_bind_blob(s, 8, data, len);
	return db_insert_id(s, id);
}

status store_att_of_conversation(db_conn *c, arena *ar, int64_t conversation_id, size_t max, message_attachment **out,
                                 size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " ATT_COLUMNS " FROM message_attachment a WHERE a.conversation_id = $1"
	                           " ORDER BY a.message_id, a.id LIMIT $2");
	db_bind_int(s, 1, conversation_id);
	db_bind_int(s, 2, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, read_att, out, n, NULL);
}

status store_att_get(db_conn *c, arena *ar, int64_t conversation_id, int64_t id, message_attachment *out,
                     const uint8_t **data, size_t *len)
{
	db_stmt *s = db_prepare(c, "SELECT " ATT_COLUMNS ", a.data FROM message_attachment a"
	                           " WHERE a.id = $1 AND a.conversation_id = $2");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, conversation_id);
	return db_read_one_and_blob(s, ar, read_att, out, ATT_NCOLS, data, len);
}
