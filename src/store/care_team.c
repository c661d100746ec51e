/* care_team.c (store) — queries on care teams. */
#include "store/care_team.h"

#include "store/record_rows.h"

status store_care_team(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, care_team_member **out,
                       size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(c, "SELECT m.id, m.staff_id, m.unit_id, m.role, m.since, COALESCE(m.added_by, 0),"
	                           " m.added_at, m.hidden_from_guardians, p.given_name || ' ' || p.family_name,"
	                           " st.title, u.name, u.phone, u.kind"
	                           " FROM care_team_member m"
	                           " JOIN staff st ON st.id = m.staff_id"
	                           " JOIN person p ON p.id = st.person_id"
	                           " JOIN unit u ON u.id = m.unit_id"
	                           " WHERE m.patient_id = $1 AND m.ended_at IS NULL"
	                           " AND ($2 = 0 OR m.hidden_from_guardians = 0)"
	                           " ORDER BY CASE m.role WHEN 'gp' THEN 1 WHEN 'public_health_nurse' THEN 2"
	                           " WHEN 'home_care_primary' THEN 3 ELSE 4 END, p.family_name, p.given_name, m.id"
	                           " LIMIT $3");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, for_guardian ? 1 : 0);
	db_bind_int(s, 3, RECORD_LIST_LIMIT);
	size_t cap = 0;
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW) {
		*out = rr_grow(ar, *out, *n, &cap, sizeof **out);
		care_team_member *m = &(*out)[(*n)++];
		*m = (care_team_member){
		    .id = db_col_int(s, 0),
		    .patient_id = patient_id,
		    .staff_id = db_col_int(s, 1),
		    .unit_id = db_col_int(s, 2),
		    .role = rr_text(s, 3, ar),
		    .since = rr_text(s, 4, ar),
		    .added_by = db_col_int(s, 5),
		    .added_at = db_col_int(s, 6),
		    .hidden_from_guardians = db_col_int(s, 7) != 0,
		    .name = rr_text(s, 8, ar),
		    .title = rr_text(s, 9, ar),
		    .unit_name = rr_text(s, 10, ar),
		    .unit_phone = rr_text(s, 11, ar),
		    .unit_kind = rr_text(s, 12, ar),
		};
	}
	return rr_end(s, r);
}

status store_care_team_insert(db_conn *c, const care_team_member *m, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO care_team_member (patient_id, staff_id, unit_id, role, since, added_by,"
	                           " added_at, hidden_from_guardians) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
	                           " RETURNING id");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, m->patient_id);
	db_bind_int(s, 2, m->staff_id);
	db_bind_int(s, 3, m->unit_id);
	db_bind_text(s, 4, m->role);
	db_bind_text(s, 5, m->since);
	if (m->added_by != 0)
		db_bind_int(s, 6, m->added_by);
	else
		db_bind_null(s, 6);
	db_bind_int(s, 7, m->added_at);
	db_bind_int(s, 8, m->hidden_from_guardians ? 1 : 0);
	return rr_insert_id(s, id);
}

status store_care_team_end(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE care_team_member SET ended_at = $3, ended_by = $4"
	                           " WHERE id = $1 AND patient_id = $2 AND ended_at IS NULL");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, patient_id);
	db_bind_int(s, 3, at);
	db_bind_int(s, 4, staff_id);
	return rr_update_one(s);
}

status store_care_team_candidates(db_conn *c, arena *ar, int64_t patient_id, care_team_candidate **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(c, "SELECT su.staff_id, su.unit_id, p.given_name || ' ' || p.family_name, st.title,"
	                           " u.name, u.kind"
	                           " FROM patient_unit pu"
	                           " JOIN staff_unit su ON su.unit_id = pu.unit_id AND su.role = 'clinician'"
	                           " JOIN staff st ON st.id = su.staff_id AND st.active = 1"
	                           " JOIN person p ON p.id = st.person_id"
	                           " JOIN unit u ON u.id = su.unit_id"
	                           " WHERE pu.person_id = $1"
	                           " ORDER BY u.name, p.family_name, p.given_name, su.staff_id LIMIT $2");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, RECORD_LIST_LIMIT);
	size_t cap = 0;
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW) {
		*out = rr_grow(ar, *out, *n, &cap, sizeof **out);
		care_team_candidate *k = &(*out)[(*n)++];
		*k = (care_team_candidate){
		    .staff_id = db_col_int(s, 0),
		    .unit_id = db_col_int(s, 1),
		    .name = rr_text(s, 2, ar),
		    .title = rr_text(s, 3, ar),
		    .unit_name = rr_text(s, 4, ar),
		    .unit_kind = rr_text(s, 5, ar),
		};
	}
	return rr_end(s, r);
}

status store_staff_clinical_unit(db_conn *c, int64_t staff_id, int64_t *unit_id)
{
	db_stmt *s = db_prepare(c, "SELECT unit_id FROM staff_unit WHERE staff_id = $1 AND role = 'clinician'"
	                           " ORDER BY unit_id LIMIT 1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, staff_id);
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(s);
	if (r == DB_ROW)
		*unit_id = db_col_int(s, 0);
	db_done(s);
	return st;
}
