/* care_team.c (store) — queries on care teams. */
#include "store/care_team.h"

#include "store/store.h"

#define MEMBER_COLUMNS                                                                         \
	"m.id, m.patient_id, m.staff_id, m.unit_id, m.role, m.since, COALESCE(m.added_by, 0)," \
	" m.added_at, m.hidden_from_guardians, p.given_name || ' ' || p.family_name,"          \
	" st.title, u.name, u.phone, u.kind"
enum member_col {
	MEMBER_ID,
	MEMBER_PATIENT_ID,
	MEMBER_STAFF_ID,
	MEMBER_UNIT_ID,
	MEMBER_ROLE,
	MEMBER_SINCE,
	MEMBER_ADDED_BY,
	MEMBER_ADDED_AT,
	MEMBER_HIDDEN,
	MEMBER_NAME,
	MEMBER_TITLE,
	MEMBER_UNIT_NAME,
	MEMBER_UNIT_PHONE,
	MEMBER_UNIT_KIND,
};

static void read_member(db_stmt *s, arena *ar, void *row)
{
	care_team_member *m = row;
	*m = (care_team_member){
	    .id = db_col_int(s, MEMBER_ID),
	    .patient_id = db_col_int(s, MEMBER_PATIENT_ID),
	    .staff_id = db_col_int(s, MEMBER_STAFF_ID),
	    .unit_id = db_col_int(s, MEMBER_UNIT_ID),
	    .role = db_col_str(s, MEMBER_ROLE, ar),
	    .since = db_col_str(s, MEMBER_SINCE, ar),
	    .added_by = db_col_int(s, MEMBER_ADDED_BY),
	    .added_at = db_col_int(s, MEMBER_ADDED_AT),
	    .hidden_from_guardians = db_col_bool(s, MEMBER_HIDDEN),
	    .name = db_col_str(s, MEMBER_NAME, ar),
	    .title = db_col_str(s, MEMBER_TITLE, ar),
	    .unit_name = db_col_str(s, MEMBER_UNIT_NAME, ar),
	    .unit_phone = db_col_str(s, MEMBER_UNIT_PHONE, ar),
	    .unit_kind = db_col_str(s, MEMBER_UNIT_KIND, ar),
	};
}

status store_care_team(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, care_team_member **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " MEMBER_COLUMNS " FROM care_team_member m"
	                           " JOIN staff st ON st.id = m.staff_id"
	                           " JOIN person p ON p.id = st.person_id"
	                           " JOIN unit u ON u.id = m.unit_id"
	                           " WHERE m.patient_id = $1 AND m.ended_at IS NULL"
	                           " AND ($2 = 0 OR m.hidden_from_guardians = 0)"
	                           " ORDER BY CASE m.role WHEN 'gp' THEN 1 WHEN 'public_health_nurse' THEN 2"
	                           " WHEN 'home_care_primary' THEN 3 ELSE 4 END, p.family_name, p.given_name, m.id"
	                           " LIMIT $3");
	return store_read_patient_list(s, patient_id, for_guardian, ar, sizeof **out, RECORD_LIST_LIMIT, read_member,
	                               out, n, NULL);
}

status store_care_team_insert(db_conn *c, const care_team_member *m, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO care_team_member (patient_id, staff_id, unit_id, role, since, added_by,"
	                           " added_at, hidden_from_guardians) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
	                           " RETURNING id");
	db_bind_int(s, 1, m->patient_id);
	db_bind_int(s, 2, m->staff_id);
	db_bind_int(s, 3, m->unit_id);
	db_bind_text(s, 4, m->role);
	db_bind_text(s, 5, m->since);
	db_bind_opt_int(s, 6, m->added_by);
	db_bind_int(s, 7, m->added_at);
	db_bind_int(s, 8, m->hidden_from_guardians ? 1 : 0);
	return db_insert_id(s, id);
}

status store_care_team_end(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE care_team_member SET ended_at = $3, ended_by = $4"
	                           " WHERE id = $1 AND patient_id = $2 AND ended_at IS NULL");
	return store_run_staff_update(s, patient_id, id, staff_id, at, ST_NOT_FOUND);
}

#define CANDIDATE_COLUMNS "su.staff_id, su.unit_id, p.given_name || ' ' || p.family_name, st.title, u.name, u.kind"
enum candidate_col {
	CANDIDATE_STAFF_ID,
	CANDIDATE_UNIT_ID,
	CANDIDATE_NAME,
	CANDIDATE_TITLE,
	CANDIDATE_UNIT_NAME,
	CANDIDATE_UNIT_KIND,
};

static void read_candidate(db_stmt *s, arena *ar, void *row)
{
	care_team_candidate *k = row;
	*k = (care_team_candidate){
	    .staff_id = db_col_int(s, CANDIDATE_STAFF_ID),
	    .unit_id = db_col_int(s, CANDIDATE_UNIT_ID),
	    .name = db_col_str(s, CANDIDATE_NAME, ar),
	    .title = db_col_str(s, CANDIDATE_TITLE, ar),
	    .unit_name = db_col_str(s, CANDIDATE_UNIT_NAME, ar),
	    .unit_kind = db_col_str(s, CANDIDATE_UNIT_KIND, ar),
	};
}

status store_care_team_candidates(db_conn *c, arena *ar, int64_t patient_id, care_team_candidate **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " CANDIDATE_COLUMNS " FROM patient_unit pu"
	                           " JOIN staff_unit su ON su.unit_id = pu.unit_id AND su.role = 'clinician'"
	                           " JOIN staff st ON st.id = su.staff_id AND st.active = 1"
	                           " JOIN person p ON p.id = st.person_id"
	                           " JOIN unit u ON u.id = su.unit_id"
	                           " WHERE pu.person_id = $1"
	                           " ORDER BY u.name, p.family_name, p.given_name, su.staff_id LIMIT $2");
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, RECORD_LIST_LIMIT);
	return db_read_list(s, ar, sizeof **out, RECORD_LIST_LIMIT, read_candidate, out, n, NULL);
}

status store_staff_clinical_unit(db_conn *c, int64_t staff_id, int64_t *unit_id)
{
	db_stmt *s = db_prepare(c, "SELECT unit_id FROM staff_unit WHERE staff_id = $1 AND role = 'clinician'"
	                           " ORDER BY unit_id LIMIT 1");
	db_bind_int(s, 1, staff_id);
	return db_one_int(s, unit_id);
}
