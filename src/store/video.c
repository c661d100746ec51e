/* video.c (store) — calls, members and signaling messages (store/video.h). */
#include "store/video.h"

#include "store/store.h"

#define PERSON_NAME(alias) alias ".given_name || ' ' || " alias ".family_name"

#define CALL_COLUMNS                                                                                   \
	"v.id, v.kind, v.unit_id, v.appointment_id, v.host_staff_id, v.title, v.starts_at, v.ends_at," \
	" v.status, v.last_seq, v.held_at, v.ended_at"
enum call_col {
	CALL_ID,
	CALL_KIND,
	CALL_UNIT,
	CALL_APPT,
	CALL_HOST,
	CALL_TITLE,
	CALL_STARTS,
	CALL_ENDS,
	CALL_STATUS,
	CALL_LAST_SEQ,
	CALL_HELD,
	CALL_ENDED,
};

static void read_call(db_stmt *s, arena *ar, void *row)
{
	video_call *o = row;
	*o = (video_call){
	    .id = db_col_int(s, CALL_ID),
	    .kind = db_col_str(s, CALL_KIND, ar),
	    .unit_id = db_col_int(s, CALL_UNIT),
	    .appointment_id = db_col_opt_int(s, CALL_APPT),
	    .host_staff_id = db_col_int(s, CALL_HOST),
	    .title = db_col_opt_str(s, CALL_TITLE, ar),
	    .starts_at = db_col_int(s, CALL_STARTS),
	    .ends_at = db_col_int(s, CALL_ENDS),
	    .status = db_col_str(s, CALL_STATUS, ar),
	    .last_seq = db_col_int(s, CALL_LAST_SEQ),
	    .held_at = db_col_opt_int(s, CALL_HELD),
	    .ended_at = db_col_opt_int(s, CALL_ENDED),
	};
}

status store_video_call_insert(db_conn *c, const video_call *v, unix_time now, int64_t *id)
{
	db_stmt *s =
	    db_prepare(c, "INSERT INTO video_call (kind, unit_id, appointment_id, host_staff_id, title,"
	                  " starts_at, ends_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
	db_bind_text(s, 1, v->kind);
	db_bind_int(s, 2, v->unit_id);
	db_bind_opt_int(s, 3, v->appointment_id);
	db_bind_int(s, 4, v->host_staff_id);
	db_bind_text(s, 5, v->title);
	db_bind_int(s, 6, v->starts_at);
	db_bind_int(s, 7, v->ends_at);
	db_bind_int(s, 8, now);
	return db_insert_id(s, id);
}

status store_video_call_get(db_conn *c, arena *ar, int64_t id, video_call *out)
{
	db_stmt *s = db_prepare(c, "SELECT " CALL_COLUMNS " FROM video_call v WHERE v.id = $1");
	return store_read_one_by(s, id, ar, read_call, out);
}

status store_video_call_of_appt(db_conn *c, arena *ar, int64_t appointment_id, video_call *out)
{
	db_stmt *s = db_prepare(c, "SELECT " CALL_COLUMNS " FROM video_call v WHERE v.appointment_id = $1");
	return store_read_one_by(s, appointment_id, ar, read_call, out);
}

status store_video_call_held(db_conn *c, int64_t id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE video_call SET held_at = $2 WHERE id = $1 AND held_at IS NULL");
	return store_run_at(s, id, at, ST_OK);
}

status store_video_call_end(db_conn *c, int64_t id, unix_time at)
{
	db_stmt *s =
	    db_prepare(c, "UPDATE video_call SET status = 'ended', ended_at = $2 WHERE id = $1 AND status = 'open'");
	return store_run_at(s, id, at, ST_CONFLICT);
}

/* ---- members ------------------------------------------------------------------------ */

#define MEMBER_COLUMNS                                                                               \
	"m.id, m.call_id, m.role, m.staff_id, m.patient_id, " PERSON_NAME("p") ", m.state, m.muted," \
	                                                                       " m.joined_by, m.joined_at, m.left_at"
enum member_col {
	MEMBER_ID,
	MEMBER_CALL,
	MEMBER_ROLE,
	MEMBER_STAFF,
	MEMBER_PATIENT,
	MEMBER_NAME,
	MEMBER_STATE,
	MEMBER_MUTED,
	MEMBER_JOINED_BY,
	MEMBER_JOINED_AT,
	MEMBER_LEFT_AT,
};
/* A member's name: the patient's, or the clinician's person's. */
#define MEMBER_FROM                                                     \
	" FROM video_member m LEFT JOIN staff st ON st.id = m.staff_id" \
	" JOIN person p ON p.id = COALESCE(m.patient_id, st.person_id)"

static void read_member(db_stmt *s, arena *ar, void *row)
{
	video_member *o = row;
	*o = (video_member){
	    .id = db_col_int(s, MEMBER_ID),
	    .call_id = db_col_int(s, MEMBER_CALL),
	    .role = db_col_str(s, MEMBER_ROLE, ar),
	    .staff_id = db_col_opt_int(s, MEMBER_STAFF),
	    .patient_id = db_col_opt_int(s, MEMBER_PATIENT),
	    .name = db_col_str(s, MEMBER_NAME, ar),
	    .state = db_col_str(s, MEMBER_STATE, ar),
	    .muted = db_col_bool(s, MEMBER_MUTED),
	    .joined_by = db_col_opt_int(s, MEMBER_JOINED_BY),
	    .joined_at = db_col_opt_int(s, MEMBER_JOINED_AT),
	    .left_at = db_col_opt_int(s, MEMBER_LEFT_AT),
	};
}

status store_video_member_insert(db_conn *c, int64_t call_id, const char *role, int64_t staff_id, int64_t patient_id,
                                 int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO video_member (call_id, role, staff_id, patient_id)"
	                           " VALUES ($1, $2, $3, $4) RETURNING id");
	db_bind_int(s, 1, call_id);
	db_bind_text(s, 2, role);
	db_bind_opt_int(s, 3, staff_id);
	db_bind_opt_int(s, 4, patient_id);
	return db_insert_id(s, id);
}

status store_video_member_find(db_conn *c, arena *ar, int64_t call_id, int64_t staff_id, int64_t patient_id,
                               video_member *out)
{
	if ((staff_id > 0) == (patient_id > 0))
		return ST_NOT_FOUND;
	db_stmt *s = db_prepare(c, "SELECT " MEMBER_COLUMNS MEMBER_FROM " WHERE m.call_id = $1"
	                           " AND (m.staff_id = $2 OR m.patient_id = $3)");
	db_bind_int(s, 1, call_id);
	db_bind_int(s, 2, staff_id > 0 ? staff_id : -1);
	db_bind_int(s, 3, patient_id > 0 ? patient_id : -1);
	return db_read_one(s, ar, read_member, out);
}

status store_video_member_get(db_conn *c, arena *ar, int64_t call_id, int64_t member_id, video_member *out)
{
	db_stmt *s = db_prepare(c, "SELECT " MEMBER_COLUMNS MEMBER_FROM " WHERE m.call_id = $1 AND m.id = $2");
	db_bind_int(s, 1, call_id);
	db_bind_int(s, 2, member_id);
	return db_read_one(s, ar, read_member, out);
}

/* A call has a handful of members (domain/video.h, VIDEO_MEMBERS_MAX); the
 * cap only bounds a request's cost. */
enum { MEMBERS_READ_MAX = 64 };

status store_video_members(db_conn *c, arena *ar, int64_t call_id, video_member **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " MEMBER_COLUMNS MEMBER_FROM " WHERE m.call_id = $1"
	                           " ORDER BY CASE WHEN m.role = 'host' THEN 0 ELSE 1 END, m.id LIMIT $2");
	db_bind_int(s, 1, call_id);
	db_bind_int(s, 2, MEMBERS_READ_MAX);
	return db_read_list(s, ar, sizeof **out, MEMBERS_READ_MAX, read_member, out, n, NULL);
}

status store_video_member_set_state(db_conn *c, int64_t call_id, int64_t member_id, const char *state,
                                    int64_t joined_by, unix_time joined_at, unix_time left_at)
{
	db_stmt *s = db_prepare(c, "UPDATE video_member SET state = $3, joined_by = COALESCE($4, joined_by),"
	                           " joined_at = COALESCE($5, joined_at), left_at = COALESCE($6, left_at)"
	                           " WHERE call_id = $1 AND id = $2");
	db_bind_int(s, 1, call_id);
	db_bind_int(s, 2, member_id);
	db_bind_text(s, 3, state);
	db_bind_opt_int(s, 4, joined_by);
	db_bind_opt_int(s, 5, joined_at);
	db_bind_opt_int(s, 6, left_at);
	return db_run_changed(s, ST_NOT_FOUND);
}

status store_video_member_set_muted(db_conn *c, int64_t call_id, int64_t member_id, bool muted)
{
	db_stmt *s = db_prepare(c, "UPDATE video_member SET muted = $3 WHERE call_id = $1 AND id = $2");
	db_bind_int(s, 1, call_id);
	db_bind_int(s, 2, member_id);
	db_bind_int(s, 3, muted ? 1 : 0);
	return db_run_changed(s, ST_NOT_FOUND);
}

/* ---- signaling ------------------------------------------------------------------------ */

status store_video_signal_add(db_conn *c, int64_t call_id, int64_t from_member, int64_t to_member, const char *kind,
                              const char *body, unix_time at, int64_t *seq)
{
	/* The row lock taken here orders the call's writers (see the header). */
	db_stmt *s = db_prepare(c, "UPDATE video_call SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq");
	db_bind_int(s, 1, call_id);
	status st = db_one_int(s, seq);
	if (st != ST_OK)
		return st;
	s = db_prepare(c, "INSERT INTO video_signal (call_id, seq, from_member, to_member, kind, body, created_at)"
	                  " VALUES ($1, $2, $3, $4, $5, $6, $7)");
	db_bind_int(s, 1, call_id);
	db_bind_int(s, 2, *seq);
	db_bind_int(s, 3, from_member);
	db_bind_opt_int(s, 4, to_member);
	db_bind_text(s, 5, kind);
	db_bind_text(s, 6, body);
	db_bind_int(s, 7, at);
	return db_run(s);
}

#define SIGNAL_COLUMNS "g.seq, g.from_member, g.to_member, g.kind, g.body, g.created_at"
enum signal_col { SIGNAL_SEQ, SIGNAL_FROM, SIGNAL_TO, SIGNAL_KIND, SIGNAL_BODY, SIGNAL_CREATED };

static void read_signal(db_stmt *s, arena *ar, void *row)
{
	video_signal *o = row;
	*o = (video_signal){
	    .seq = db_col_int(s, SIGNAL_SEQ),
	    .from_member = db_col_int(s, SIGNAL_FROM),
	    .to_member = db_col_opt_int(s, SIGNAL_TO),
	    .kind = db_col_str(s, SIGNAL_KIND, ar),
	    .body = db_col_str(s, SIGNAL_BODY, ar),
	    .created_at = db_col_int(s, SIGNAL_CREATED),
	};
}

status store_video_signals_for(db_conn *c, arena *ar, int64_t call_id, int64_t member_id, int64_t after, size_t max,
                               video_signal **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " SIGNAL_COLUMNS " FROM video_signal g WHERE g.call_id = $1 AND g.seq > $2"
	                           " AND (g.to_member IS NULL OR g.to_member = $3) AND g.from_member <> $3"
	                           " ORDER BY g.seq LIMIT $4");
	db_bind_int(s, 1, call_id);
	db_bind_int(s, 2, after);
	db_bind_int(s, 3, member_id);
	db_bind_int(s, 4, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, read_signal, out, n, NULL);
}

status store_video_signals_drop(db_conn *c, int64_t call_id)
{
	db_stmt *s = db_prepare(c, "DELETE FROM video_signal WHERE call_id = $1");
	db_bind_int(s, 1, call_id);
	return db_run(s);
}

status store_video_calls_of_member(db_conn *c, arena *ar, int64_t staff_id, int64_t patient_id, unix_time from,
                                   unix_time to, size_t max, video_call **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " CALL_COLUMNS " FROM video_call v"
	                           " JOIN video_member m ON m.call_id = v.id AND m.state <> 'removed'"
	                           " AND (m.staff_id = $1 OR m.patient_id = $2)"
	                           " WHERE v.kind <> 'appointment' AND v.status = 'open' AND v.ends_at > $3"
	                           " AND v.starts_at < $4 ORDER BY v.starts_at, v.id LIMIT $5");
	db_bind_int(s, 1, staff_id > 0 ? staff_id : -1);
	db_bind_int(s, 2, patient_id > 0 ? patient_id : -1);
	db_bind_int(s, 3, from);
	db_bind_int(s, 4, to);
	db_bind_int(s, 5, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, read_call, out, n, NULL);
}

status store_video_end_past(db_conn *c, unix_time ended_before, unix_time at, int64_t *n)
{
	db_stmt *s = db_prepare(c, "UPDATE video_call SET status = 'ended', ended_at = $2"
	                           " WHERE status = 'open' AND ends_at < $1");
	db_bind_int(s, 1, ended_before);
	db_bind_int(s, 2, at);
	status st = db_run(s);
	*n = st == ST_OK ? db_changes(s) : 0;
	if (st != ST_OK || *n == 0)
		return st;
	s = db_prepare(c, "DELETE FROM video_signal WHERE call_id IN"
	                  " (SELECT id FROM video_call WHERE status = 'ended' AND ended_at = $1)");
	db_bind_int(s, 1, at);
	return db_run(s);
}

/* ---- a clinician's appointments --------------------------------------------------------- */

#define VAPPT_COLUMNS                                                              \
	"a.id, a.patient_id, a.unit_id, v.id, s.start_at, s.end_at, " PERSON_NAME( \
	    "pp") ", t.name_nb, t.name_en,"                                        \
	          " u.name, CASE WHEN t.mode = 'video' OR v.id IS NOT NULL THEN 1 ELSE 0 END, v.held_at, s.staff_id"
enum vappt_col {
	VAPPT_ID,
	VAPPT_PATIENT,
	VAPPT_UNIT,
	VAPPT_CALL,
	VAPPT_START,
	VAPPT_END,
	VAPPT_PATIENT_NAME,
	VAPPT_TYPE_NB,
	VAPPT_TYPE_EN,
	VAPPT_UNIT_NAME,
	VAPPT_VIDEO,
	VAPPT_HELD,
	VAPPT_STAFF,
};
#define VAPPT_FROM                                                                                   \
	" FROM appointment a JOIN slot s ON s.id = a.slot_id JOIN person pp ON pp.id = a.patient_id" \
	" JOIN visit_type t ON t.id = a.visit_type_id JOIN unit u ON u.id = a.unit_id"               \
	" LEFT JOIN video_call v ON v.appointment_id = a.id"

static void read_vappt(db_stmt *s, arena *ar, void *row)
{
	video_appt *o = row;
	*o = (video_appt){
	    .appointment_id = db_col_int(s, VAPPT_ID),
	    .patient_id = db_col_int(s, VAPPT_PATIENT),
	    .unit_id = db_col_int(s, VAPPT_UNIT),
	    .call_id = db_col_opt_int(s, VAPPT_CALL),
	    .start_at = db_col_int(s, VAPPT_START),
	    .end_at = db_col_int(s, VAPPT_END),
	    .patient_name = db_col_str(s, VAPPT_PATIENT_NAME, ar),
	    .type_nb = db_col_str(s, VAPPT_TYPE_NB, ar),
	    .type_en = db_col_str(s, VAPPT_TYPE_EN, ar),
	    .unit_name = db_col_str(s, VAPPT_UNIT_NAME, ar),
	    .video = db_col_bool(s, VAPPT_VIDEO),
	    .held_at = db_col_opt_int(s, VAPPT_HELD),
	};
}

status store_video_appts_of_staff(db_conn *c, arena *ar, int64_t staff_id, unix_time from, unix_time to, size_t max,
                                  video_appt **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " VAPPT_COLUMNS VAPPT_FROM " WHERE s.staff_id = $1 AND a.status = 'booked'"
	                           " AND s.end_at > $2 AND s.start_at < $3 AND t.category <> 'home_care_visit'"
	                           " ORDER BY s.start_at, a.id LIMIT $4");
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, from);
	db_bind_int(s, 3, to);
	db_bind_int(s, 4, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, read_vappt, out, n, NULL);
}

struct vappt_with_staff {
	video_appt *a;
	int64_t *staff_id;
};

static void read_vappt_staff(db_stmt *s, arena *ar, void *row)
{
	struct vappt_with_staff *w = row;
	read_vappt(s, ar, w->a);
	*w->staff_id = db_col_int(s, VAPPT_STAFF);
}

status store_video_appt_get(db_conn *c, arena *ar, int64_t appointment_id, video_appt *out, int64_t *staff_id)
{
	db_stmt *s = db_prepare(c, "SELECT " VAPPT_COLUMNS VAPPT_FROM " WHERE a.id = $1 AND a.status = 'booked'"
	                           " AND t.category <> 'home_care_visit'");
	db_bind_int(s, 1, appointment_id);
	struct vappt_with_staff w = {out, staff_id};
	return db_read_one(s, ar, read_vappt_staff, &w);
}
