/* visits.c (store) — queries on visits, stays and referrals. The citizen's
 * visit queries carry their safety in the SQL: kind <> 'home_care', a date
 * no later than today, and the note only when it is shared. */
#include "store/visits.h"

#include "store/record_rows.h"

/* ---- visits ---------------------------------------------------------------- */

status store_visit_insert(db_conn *c, const visit *v, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO visit (patient_id, unit_id, clinician_id, kind, visit_date, visit_time,"
	                           " place, summary, note, note_status, note_shared_at, created_at,"
	                           " hidden_from_guardians) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
	                           " $12, $13) RETURNING id");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, v->patient_id);
	db_bind_int(s, 2, v->unit_id);
	db_bind_int(s, 3, v->clinician_id);
	db_bind_text(s, 4, v->kind);
	db_bind_text(s, 5, v->visit_date);
	db_bind_text(s, 6, v->visit_time);
	db_bind_text(s, 7, v->place);
	db_bind_text(s, 8, v->summary);
	db_bind_text(s, 9, v->note);
	db_bind_text(s, 10, v->note_status ? v->note_status : "none");
	if (v->note_shared_at != 0)
		db_bind_int(s, 11, v->note_shared_at);
	else
		db_bind_null(s, 11);
	db_bind_int(s, 12, v->created_at);
	db_bind_int(s, 13, v->hidden_from_guardians ? 1 : 0);
	return rr_insert_id(s, id);
}

/* Columns of a citizen's read: the note is NULL unless shared, so a draft
 * never leaves the database for a citizen. */
#define CITIZEN_VISIT_COLUMNS                                                                           \
	" v.id, v.patient_id, v.unit_id, v.clinician_id, v.kind, v.visit_date, v.visit_time, v.place,"  \
	" v.summary, CASE WHEN v.note_status = 'shared' THEN v.note END,"                             \
	" CASE WHEN v.note_status = 'shared' THEN 'shared' ELSE 'none' END,"                          \
	" COALESCE(v.note_shared_at, 0), v.created_at, v.hidden_from_guardians, u.name,"                \
	" p.given_name || ' ' || p.family_name, st.title"
#define STAFF_VISIT_COLUMNS                                                                             \
	" v.id, v.patient_id, v.unit_id, v.clinician_id, v.kind, v.visit_date, v.visit_time, v.place,"  \
	" v.summary, v.note, v.note_status, COALESCE(v.note_shared_at, 0), v.created_at,"              \
	" v.hidden_from_guardians, u.name, p.given_name || ' ' || p.family_name, st.title"
#define VISIT_JOINS                                      \
	" FROM visit v"                                  \
	" JOIN unit u ON u.id = v.unit_id"               \
	" JOIN staff st ON st.id = v.clinician_id"       \
	" JOIN person p ON p.id = st.person_id"
/* What a citizen may ever see: $1 patient, $2 today, $3 for_guardian. */
#define CITIZEN_VISIT_WHERE                                                              \
	" WHERE v.patient_id = $1 AND v.kind <> 'home_care' AND v.visit_date <= $2"     \
	" AND ($3 = 0 OR v.hidden_from_guardians = 0)"

static void read_visit(db_stmt *s, arena *ar, visit *v)
{
	*v = (visit){
	    .id = db_col_int(s, 0),
	    .patient_id = db_col_int(s, 1),
	    .unit_id = db_col_int(s, 2),
	    .clinician_id = db_col_int(s, 3),
	    .kind = rr_text(s, 4, ar),
	    .visit_date = rr_text(s, 5, ar),
	    .visit_time = rr_text_or_null(s, 6, ar),
	    .place = rr_text_or_null(s, 7, ar),
	    .summary = rr_text(s, 8, ar),
	    .note = rr_text_or_null(s, 9, ar),
	    .note_status = rr_text(s, 10, ar),
	    .note_shared_at = db_col_int(s, 11),
	    .created_at = db_col_int(s, 12),
	    .hidden_from_guardians = db_col_int(s, 13) != 0,
	    .unit_name = rr_text(s, 14, ar),
	    .clinician_name = rr_text(s, 15, ar),
	    .clinician_title = rr_text(s, 16, ar),
	};
}

static status read_visits(db_stmt *s, arena *ar, visit **out, size_t *n)
{
	size_t cap = 0;
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW) {
		*out = rr_grow(ar, *out, *n, &cap, sizeof **out);
		read_visit(s, ar, &(*out)[(*n)++]);
	}
	return rr_end(s, r);
}

static status read_one_visit(db_stmt *s, arena *ar, visit *out)
{
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(s);
	if (r == DB_ROW)
		read_visit(s, ar, out);
	db_done(s);
	return st;
}

status store_visits_for_citizen(db_conn *c, arena *ar, int64_t patient_id, const char *today, bool for_guardian,
                                visit **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(c, "SELECT" CITIZEN_VISIT_COLUMNS VISIT_JOINS CITIZEN_VISIT_WHERE
	                           " ORDER BY v.visit_date DESC, COALESCE(v.visit_time, '') DESC, v.id DESC LIMIT $4");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_text(s, 2, today);
	db_bind_int(s, 3, for_guardian ? 1 : 0);
	db_bind_int(s, 4, RECORD_LIST_LIMIT);
	return read_visits(s, ar, out, n);
}

status store_visit_for_citizen(db_conn *c, arena *ar, int64_t patient_id, int64_t id, const char *today,
                               bool for_guardian, visit *out)
{
	db_stmt *s = db_prepare(c, "SELECT" CITIZEN_VISIT_COLUMNS VISIT_JOINS CITIZEN_VISIT_WHERE " AND v.id = $4");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_text(s, 2, today);
	db_bind_int(s, 3, for_guardian ? 1 : 0);
	db_bind_int(s, 4, id);
	return read_one_visit(s, ar, out);
}

status store_visits_for_staff(db_conn *c, arena *ar, int64_t patient_id, visit **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(c, "SELECT" STAFF_VISIT_COLUMNS VISIT_JOINS " WHERE v.patient_id = $1"
	                           " ORDER BY v.visit_date DESC, COALESCE(v.visit_time, '') DESC, v.id DESC LIMIT $2");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, RECORD_LIST_LIMIT);
	return read_visits(s, ar, out, n);
}

status store_visit_for_staff(db_conn *c, arena *ar, int64_t patient_id, int64_t id, visit *out)
{
	db_stmt *s = db_prepare(c, "SELECT" STAFF_VISIT_COLUMNS VISIT_JOINS " WHERE v.patient_id = $1 AND v.id = $2");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, id);
	return read_one_visit(s, ar, out);
}

status store_visit_note_draft(db_conn *c, int64_t patient_id, int64_t id, const char *note)
{
	db_stmt *s = db_prepare(c, "UPDATE visit SET note = $3, note_status = 'draft'"
	                           " WHERE id = $1 AND patient_id = $2 AND note_status <> 'shared'");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, patient_id);
	db_bind_text(s, 3, note);
	status st = rr_update_one(s);
	return st == ST_NOT_FOUND ? ST_CONFLICT : st;
}

status store_visit_note_share(db_conn *c, int64_t patient_id, int64_t id, const char *note, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE visit SET note = $3, note_status = 'shared', note_shared_at = $4"
	                           " WHERE id = $1 AND patient_id = $2 AND note_status <> 'shared'"
	                           " AND kind <> 'home_care'");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, patient_id);
	db_bind_text(s, 3, note);
	db_bind_int(s, 4, at);
	status st = rr_update_one(s);
	return st == ST_NOT_FOUND ? ST_CONFLICT : st;
}

/* ---- stays -------------------------------------------------------------------- */

status store_stay_insert(db_conn *c, const stay *st, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO stay (patient_id, unit_id, kind, from_date, to_date, created_by,"
	                           " created_at, hidden_from_guardians) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
	                           " RETURNING id");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, st->patient_id);
	db_bind_int(s, 2, st->unit_id);
	db_bind_text(s, 3, st->kind);
	db_bind_text(s, 4, st->from_date);
	db_bind_text(s, 5, st->to_date);
	db_bind_int(s, 6, st->created_by);
	db_bind_int(s, 7, st->created_at);
	db_bind_int(s, 8, st->hidden_from_guardians ? 1 : 0);
	return rr_insert_id(s, id);
}

status store_stays(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, stay **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(c, "SELECT s.id, s.unit_id, s.kind, s.from_date, s.to_date, s.created_by, s.created_at,"
	                           " s.hidden_from_guardians, u.name, u.phone"
	                           " FROM stay s JOIN unit u ON u.id = s.unit_id"
	                           " WHERE s.patient_id = $1 AND ($2 = 0 OR s.hidden_from_guardians = 0)"
	                           " ORDER BY s.from_date DESC, s.id DESC LIMIT $3");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, for_guardian ? 1 : 0);
	db_bind_int(s, 3, RECORD_LIST_LIMIT);
	size_t cap = 0;
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW) {
		*out = rr_grow(ar, *out, *n, &cap, sizeof **out);
		stay *o = &(*out)[(*n)++];
		*o = (stay){
		    .id = db_col_int(s, 0),
		    .patient_id = patient_id,
		    .unit_id = db_col_int(s, 1),
		    .kind = rr_text(s, 2, ar),
		    .from_date = rr_text(s, 3, ar),
		    .to_date = rr_text_or_null(s, 4, ar),
		    .created_by = db_col_int(s, 5),
		    .created_at = db_col_int(s, 6),
		    .hidden_from_guardians = db_col_int(s, 7) != 0,
		    .unit_name = rr_text(s, 8, ar),
		    .unit_phone = rr_text(s, 9, ar),
		};
	}
	return rr_end(s, r);
}

/* ---- referrals -------------------------------------------------------------------- */

status store_referral_insert(db_conn *c, const referral *rf, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO referral (patient_id, from_unit_id, to_unit_id, referred_by, sent_on,"
	                           " status, status_at, pathway, created_at, hidden_from_guardians)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, rf->patient_id);
	if (rf->from_unit_id != 0)
		db_bind_int(s, 2, rf->from_unit_id);
	else
		db_bind_null(s, 2);
	db_bind_int(s, 3, rf->to_unit_id);
	db_bind_int(s, 4, rf->referred_by);
	db_bind_text(s, 5, rf->sent_on);
	db_bind_text(s, 6, rf->status);
	db_bind_int(s, 7, rf->status_at);
	db_bind_text(s, 8, rf->pathway);
	db_bind_int(s, 9, rf->created_at);
	db_bind_int(s, 10, rf->hidden_from_guardians ? 1 : 0);
	return rr_insert_id(s, id);
}

#define REFERRAL_SELECT                                                                                     \
	"SELECT r.id, r.patient_id, COALESCE(r.from_unit_id, 0), r.to_unit_id, r.referred_by, r.sent_on,"  \
	" r.status, r.status_at, r.pathway, r.created_at, r.hidden_from_guardians, COALESCE(fu.name, ''),"  \
	" tu.name, p.given_name || ' ' || p.family_name"                                                   \
	" FROM referral r"                                                                                 \
	" LEFT JOIN unit fu ON fu.id = r.from_unit_id"                                                     \
	" JOIN unit tu ON tu.id = r.to_unit_id"                                                            \
	" JOIN staff st ON st.id = r.referred_by"                                                          \
	" JOIN person p ON p.id = st.person_id"

static void read_referral(db_stmt *s, arena *ar, referral *o)
{
	*o = (referral){
	    .id = db_col_int(s, 0),
	    .patient_id = db_col_int(s, 1),
	    .from_unit_id = db_col_int(s, 2),
	    .to_unit_id = db_col_int(s, 3),
	    .referred_by = db_col_int(s, 4),
	    .sent_on = rr_text(s, 5, ar),
	    .status = rr_text(s, 6, ar),
	    .status_at = db_col_int(s, 7),
	    .pathway = rr_text_or_null(s, 8, ar),
	    .created_at = db_col_int(s, 9),
	    .hidden_from_guardians = db_col_int(s, 10) != 0,
	    .from_unit_name = rr_text(s, 11, ar),
	    .to_unit_name = rr_text(s, 12, ar),
	    .referred_by_name = rr_text(s, 13, ar),
	};
}

status store_referrals(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, referral **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(c, REFERRAL_SELECT " WHERE r.patient_id = $1 AND ($2 = 0 OR r.hidden_from_guardians = 0)"
	                                           " ORDER BY r.sent_on DESC, r.id DESC LIMIT $3");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, for_guardian ? 1 : 0);
	db_bind_int(s, 3, RECORD_LIST_LIMIT);
	size_t cap = 0;
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW) {
		*out = rr_grow(ar, *out, *n, &cap, sizeof **out);
		read_referral(s, ar, &(*out)[(*n)++]);
	}
	return rr_end(s, r);
}

status store_referral_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, referral *out)
{
	db_stmt *s = db_prepare(c, REFERRAL_SELECT " WHERE r.patient_id = $1 AND r.id = $2");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, id);
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(s);
	if (r == DB_ROW)
		read_referral(s, ar, out);
	db_done(s);
	return st;
}

status store_referral_set_status(db_conn *c, int64_t patient_id, int64_t id, const char *status_code, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE referral SET status = $3, status_at = $4 WHERE id = $1 AND patient_id = $2");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, patient_id);
	db_bind_text(s, 3, status_code);
	db_bind_int(s, 4, at);
	return rr_update_one(s);
}

/* ---- units -------------------------------------------------------------------------- */

status store_units_of_kind(db_conn *c, arena *ar, const char *kind, unit_choice **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(c, "SELECT id, name, kind FROM unit WHERE kind = $1 ORDER BY name, id LIMIT $2");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_text(s, 1, kind);
	db_bind_int(s, 2, RECORD_LIST_LIMIT);
	size_t cap = 0;
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW) {
		*out = rr_grow(ar, *out, *n, &cap, sizeof **out);
		unit_choice *u = &(*out)[(*n)++];
		*u = (unit_choice){.id = db_col_int(s, 0), .name = rr_text(s, 1, ar), .kind = rr_text(s, 2, ar)};
	}
	return rr_end(s, r);
}
