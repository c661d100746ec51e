/* visits.c (store) — queries on visits, stays and referrals. The citizen's
 * visit queries carry their safety in the SQL: kind <> 'home_care', a date
 * no later than today, and the note only when it is shared. */
#include "store/visits.h"

#include "store/store.h"

/* ---- visits ---------------------------------------------------------------- */

status store_visit_insert(db_conn *c, const visit *v, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO visit (patient_id, unit_id, clinician_id, kind, visit_date, visit_time,"
	                           " place, summary, note, note_status, note_shared_at, created_at,"
	                           " hidden_from_guardians) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
	                           " $12, $13) RETURNING id");
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
	db_bind_opt_int(s, 11, v->note_shared_at);
	db_bind_int(s, 12, v->created_at);
	db_bind_int(s, 13, v->hidden_from_guardians ? 1 : 0);
	return db_insert_id(s, id);
}

/* Columns of a citizen's read: the note is NULL unless shared, so a draft
 * never leaves the database for a citizen. Both lists are read as
 * enum visit_col. */
#define CITIZEN_VISIT_COLUMNS                                                    \
	"v.id, v.patient_id, v.unit_id, v.clinician_id,"                         \
	" v.kind, v.visit_date, v.visit_time, v.place, v.summary,"               \
	" CASE WHEN v.note_status = 'shared' THEN v.note END,"                   \
	" CASE WHEN v.note_status = 'shared' THEN 'shared' ELSE 'none' END,"     \
	" COALESCE(v.note_shared_at, 0), v.created_at, v.hidden_from_guardians," \
	" u.name, p.given_name || ' ' || p.family_name, st.title"
#define STAFF_VISIT_COLUMNS                                                      \
	"v.id, v.patient_id, v.unit_id, v.clinician_id,"                         \
	" v.kind, v.visit_date, v.visit_time, v.place, v.summary,"               \
	" v.note,"                                                               \
	" v.note_status,"                                                        \
	" COALESCE(v.note_shared_at, 0), v.created_at, v.hidden_from_guardians," \
	" u.name, p.given_name || ' ' || p.family_name, st.title"
enum visit_col {
	VISIT_ID,
	VISIT_PATIENT_ID,
	VISIT_UNIT_ID,
	VISIT_CLINICIAN_ID,
	VISIT_KIND,
	VISIT_DATE,
	VISIT_TIME,
	VISIT_PLACE,
	VISIT_SUMMARY,
	VISIT_NOTE,
	VISIT_NOTE_STATUS,
	VISIT_NOTE_SHARED_AT,
	VISIT_CREATED_AT,
	VISIT_HIDDEN,
	VISIT_UNIT_NAME,
	VISIT_CLINICIAN_NAME,
	VISIT_CLINICIAN_TITLE,
};
#define VISIT_JOINS                                \
	" FROM visit v"                            \
	" JOIN unit u ON u.id = v.unit_id"         \
	" JOIN staff st ON st.id = v.clinician_id" \
	" JOIN person p ON p.id = st.person_id"
/* What a citizen may ever see: $1 patient, $2 today, $3 for_guardian. */
#define CITIZEN_VISIT_WHERE                                                         \
	" WHERE v.patient_id = $1 AND v.kind <> 'home_care' AND v.visit_date <= $2" \
	" AND ($3 = 0 OR v.hidden_from_guardians = 0)"

static void read_visit(db_stmt *s, arena *ar, void *row)
{
	visit *v = row;
	*v = (visit){
	    .id = db_col_int(s, VISIT_ID),
	    .patient_id = db_col_int(s, VISIT_PATIENT_ID),
	    .unit_id = db_col_int(s, VISIT_UNIT_ID),
	    .clinician_id = db_col_int(s, VISIT_CLINICIAN_ID),
	    .kind = db_col_str(s, VISIT_KIND, ar),
	    .visit_date = db_col_str(s, VISIT_DATE, ar),
	    .visit_time = db_col_opt_str(s, VISIT_TIME, ar),
	    .place = db_col_opt_str(s, VISIT_PLACE, ar),
	    .summary = db_col_str(s, VISIT_SUMMARY, ar),
	    .note = db_col_opt_str(s, VISIT_NOTE, ar),
	    .note_status = db_col_str(s, VISIT_NOTE_STATUS, ar),
	    .note_shared_at = db_col_int(s, VISIT_NOTE_SHARED_AT),
	    .created_at = db_col_int(s, VISIT_CREATED_AT),
	    .hidden_from_guardians = db_col_bool(s, VISIT_HIDDEN),
	    .unit_name = db_col_str(s, VISIT_UNIT_NAME, ar),
	    .clinician_name = db_col_str(s, VISIT_CLINICIAN_NAME, ar),
	    .clinician_title = db_col_str(s, VISIT_CLINICIAN_TITLE, ar),
	};
}

status store_visits_for_citizen(db_conn *c, arena *ar, int64_t patient_id, const char *today, bool for_guardian,
                                visit **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " CITIZEN_VISIT_COLUMNS VISIT_JOINS CITIZEN_VISIT_WHERE
	                           " ORDER BY v.visit_date DESC, COALESCE(v.visit_time, '') DESC, v.id DESC LIMIT $4");
	db_bind_int(s, 1, patient_id);
	db_bind_text(s, 2, today);
	db_bind_int(s, 3, for_guardian ? 1 : 0);
	db_bind_int(s, 4, RECORD_LIST_LIMIT);
	return db_read_list(s, ar, sizeof **out, RECORD_LIST_LIMIT, read_visit, out, n, NULL);
}

status store_visit_for_citizen(db_conn *c, arena *ar, int64_t patient_id, int64_t id, const char *today,
                               bool for_guardian, visit *out)
{
	db_stmt *s = db_prepare(c, "SELECT " CITIZEN_VISIT_COLUMNS VISIT_JOINS CITIZEN_VISIT_WHERE " AND v.id = $4");
	db_bind_int(s, 1, patient_id);
	db_bind_text(s, 2, today);
	db_bind_int(s, 3, for_guardian ? 1 : 0);
	db_bind_int(s, 4, id);
	return db_read_one(s, ar, read_visit, out);
}

status store_visits_for_staff(db_conn *c, arena *ar, int64_t patient_id, visit **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " STAFF_VISIT_COLUMNS VISIT_JOINS " WHERE v.patient_id = $1"
	                           " ORDER BY v.visit_date DESC, COALESCE(v.visit_time, '') DESC, v.id DESC LIMIT $2");
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, RECORD_LIST_LIMIT);
	return db_read_list(s, ar, sizeof **out, RECORD_LIST_LIMIT, read_visit, out, n, NULL);
}

status store_visit_for_staff(db_conn *c, arena *ar, int64_t patient_id, int64_t id, visit *out)
{
	db_stmt *s = db_prepare(c, "SELECT " STAFF_VISIT_COLUMNS VISIT_JOINS " WHERE v.id = $1 AND v.patient_id = $2");
	return store_read_one_of(s, patient_id, id, ar, read_visit, out);
}

status store_visit_note_draft(db_conn *c, int64_t patient_id, int64_t id, const char *note)
{
	db_stmt *s = db_prepare(c, "UPDATE visit SET note = $3, note_status = 'draft'"
	                           " WHERE id = $1 AND patient_id = $2 AND note_status <> 'shared'");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, patient_id);
	db_bind_text(s, 3, note);
	return db_run_changed(s, ST_CONFLICT);
}

status store_visit_note_share(db_conn *c, int64_t patient_id, int64_t id, const char *note, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE visit SET note = $3, note_status = 'shared', note_shared_at = $4"
	                           " WHERE id = $1 AND patient_id = $2 AND note_status <> 'shared'"
	                           " AND kind <> 'home_care'");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, patient_id);
	db_bind_text(s, 3, note);
	db_bind_int(s, 4, at);
	return db_run_changed(s, ST_CONFLICT);
}

/* ---- stays -------------------------------------------------------------------- */

status store_stay_insert(db_conn *c, const stay *st, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO stay (patient_id, unit_id, kind, from_date, to_date, created_by,"
	                           " created_at, hidden_from_guardians) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
	                           " RETURNING id");
	db_bind_int(s, 1, st->patient_id);
	db_bind_int(s, 2, st->unit_id);
	db_bind_text(s, 3, st->kind);
	db_bind_text(s, 4, st->from_date);
	db_bind_text(s, 5, st->to_date);
	db_bind_int(s, 6, st->created_by);
	db_bind_int(s, 7, st->created_at);
	db_bind_int(s, 8, st->hidden_from_guardians ? 1 : 0);
	return db_insert_id(s, id);
}

#define STAY_COLUMNS                                                     \
	"s.id, s.patient_id, s.unit_id, s.kind, s.from_date, s.to_date," \
	" s.created_by, s.created_at,"                                   \
	" s.hidden_from_guardians, u.name, u.phone"
enum stay_col {
	STAY_ID,
	STAY_PATIENT_ID,
	STAY_UNIT_ID,
	STAY_KIND,
	STAY_FROM_DATE,
	STAY_TO_DATE,
	STAY_CREATED_BY,
	STAY_CREATED_AT,
	STAY_HIDDEN,
	STAY_UNIT_NAME,
	STAY_UNIT_PHONE,
};

static void read_stay(db_stmt *s, arena *ar, void *row)
{
	stay *o = row;
	*o = (stay){
	    .id = db_col_int(s, STAY_ID),
	    .patient_id = db_col_int(s, STAY_PATIENT_ID),
	    .unit_id = db_col_int(s, STAY_UNIT_ID),
	    .kind = db_col_str(s, STAY_KIND, ar),
	    .from_date = db_col_str(s, STAY_FROM_DATE, ar),
	    .to_date = db_col_opt_str(s, STAY_TO_DATE, ar),
	    .created_by = db_col_int(s, STAY_CREATED_BY),
	    .created_at = db_col_int(s, STAY_CREATED_AT),
	    .hidden_from_guardians = db_col_bool(s, STAY_HIDDEN),
	    .unit_name = db_col_str(s, STAY_UNIT_NAME, ar),
	    .unit_phone = db_col_str(s, STAY_UNIT_PHONE, ar),
	};
}

status store_stays(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, stay **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " STAY_COLUMNS " FROM stay s JOIN unit u ON u.id = s.unit_id"
	                           " WHERE s.patient_id = $1 AND ($2 = 0 OR s.hidden_from_guardians = 0)"
	                           " ORDER BY s.from_date DESC, s.id DESC LIMIT $3");
	return store_read_patient_list(s, patient_id, for_guardian, ar, sizeof **out, RECORD_LIST_LIMIT, read_stay, out,
	                               n, NULL);
}

/* ---- referrals -------------------------------------------------------------------- */

status store_referral_insert(db_conn *c, const referral *rf, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO referral (patient_id, from_unit_id, to_unit_id, referred_by, sent_on,"
	                           " status, status_at, pathway, created_at, hidden_from_guardians)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id");
	db_bind_int(s, 1, rf->patient_id);
	db_bind_opt_int(s, 2, rf->from_unit_id);
	db_bind_int(s, 3, rf->to_unit_id);
	db_bind_int(s, 4, rf->referred_by);
	db_bind_text(s, 5, rf->sent_on);
	db_bind_text(s, 6, rf->status);
	db_bind_int(s, 7, rf->status_at);
	db_bind_text(s, 8, rf->pathway);
	db_bind_int(s, 9, rf->created_at);
	db_bind_int(s, 10, rf->hidden_from_guardians ? 1 : 0);
	return db_insert_id(s, id);
}

#define REFERRAL_COLUMNS                                                                \
	"r.id, r.patient_id, COALESCE(r.from_unit_id, 0), r.to_unit_id, r.referred_by," \
	" r.sent_on,"                                                                   \
	" r.status, r.status_at, r.pathway, r.created_at, r.hidden_from_guardians,"     \
	" COALESCE(fu.name, ''), tu.name, p.given_name || ' ' || p.family_name"
enum referral_col {
	REFERRAL_ID,
	REFERRAL_PATIENT_ID,
	REFERRAL_FROM_UNIT_ID,
	REFERRAL_TO_UNIT_ID,
	REFERRAL_REFERRED_BY,
	REFERRAL_SENT_ON,
	REFERRAL_STATUS,
	REFERRAL_STATUS_AT,
	REFERRAL_PATHWAY,
	REFERRAL_CREATED_AT,
	REFERRAL_HIDDEN,
	REFERRAL_FROM_UNIT_NAME,
	REFERRAL_TO_UNIT_NAME,
	REFERRAL_REFERRED_BY_NAME,
};
#define REFERRAL_SELECT                                \
	"SELECT " REFERRAL_COLUMNS " FROM referral r"  \
	" LEFT JOIN unit fu ON fu.id = r.from_unit_id" \
	" JOIN unit tu ON tu.id = r.to_unit_id"        \
	" JOIN staff st ON st.id = r.referred_by"      \
	" JOIN person p ON p.id = st.person_id"

static void read_referral(db_stmt *s, arena *ar, void *row)
{
	referral *o = row;
	*o = (referral){
	    .id = db_col_int(s, REFERRAL_ID),
	    .patient_id = db_col_int(s, REFERRAL_PATIENT_ID),
	    .from_unit_id = db_col_int(s, REFERRAL_FROM_UNIT_ID),
	    .to_unit_id = db_col_int(s, REFERRAL_TO_UNIT_ID),
	    .referred_by = db_col_int(s, REFERRAL_REFERRED_BY),
	    .sent_on = db_col_str(s, REFERRAL_SENT_ON, ar),
	    .status = db_col_str(s, REFERRAL_STATUS, ar),
	    .status_at = db_col_int(s, REFERRAL_STATUS_AT),
	    .pathway = db_col_opt_str(s, REFERRAL_PATHWAY, ar),
	    .created_at = db_col_int(s, REFERRAL_CREATED_AT),
	    .hidden_from_guardians = db_col_bool(s, REFERRAL_HIDDEN),
	    .from_unit_name = db_col_str(s, REFERRAL_FROM_UNIT_NAME, ar),
	    .to_unit_name = db_col_str(s, REFERRAL_TO_UNIT_NAME, ar),
	    .referred_by_name = db_col_str(s, REFERRAL_REFERRED_BY_NAME, ar),
	};
}

status store_referrals(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, referral **out, size_t *n)
{
	db_stmt *s =
	    db_prepare(c, REFERRAL_SELECT " WHERE r.patient_id = $1 AND ($2 = 0 OR r.hidden_from_guardians = 0)"
	                                  " ORDER BY r.sent_on DESC, r.id DESC LIMIT $3");
	return store_read_patient_list(s, patient_id, for_guardian, ar, sizeof **out, RECORD_LIST_LIMIT, read_referral,
	                               out, n, NULL);
}

status store_referral_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, referral *out)
{
	db_stmt *s = db_prepare(c, REFERRAL_SELECT " WHERE r.id = $1 AND r.patient_id = $2");
	return store_read_one_of(s, patient_id, id, ar, read_referral, out);
}

status store_referral_set_status(db_conn *c, int64_t patient_id, int64_t id, const char *status_code, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE referral SET status = $3, status_at = $4 WHERE id = $1 AND patient_id = $2");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, patient_id);
	db_bind_text(s, 3, status_code);
	db_bind_int(s, 4, at);
	return db_run_changed(s, ST_NOT_FOUND);
}

/* ---- units -------------------------------------------------------------------------- */

#define CHOICE_COLUMNS "id, name, kind"
enum choice_col { CHOICE_ID, CHOICE_NAME, CHOICE_KIND };

static void read_choice(db_stmt *s, arena *ar, void *row)
{
	unit_choice *u = row;
	*u = (unit_choice){
	    .id = db_col_int(s, CHOICE_ID),
	    .name = db_col_str(s, CHOICE_NAME, ar),
	    .kind = db_col_str(s, CHOICE_KIND, ar),
	};
}

status store_units_of_kind(db_conn *c, arena *ar, const char *kind, unit_choice **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " CHOICE_COLUMNS " FROM unit WHERE kind = $1 ORDER BY name, id LIMIT $2");
	db_bind_text(s, 1, kind);
	db_bind_int(s, 2, RECORD_LIST_LIMIT);
	return db_read_list(s, ar, sizeof **out, RECORD_LIST_LIMIT, read_choice, out, n, NULL);
}
