/* chart.c (store) — the staff workspace's patient access queries. */
#include "store/chart.h"

status store_staff_unit_for_patient(db_conn *c, arena *ar, int64_t staff_id, int64_t patient_id, unsigned roles,
                                    int64_t *unit_id, const char **role)
{
	db_stmt *s = db_prepare(c, "SELECT su.unit_id, su.role FROM staff_unit su"
	                           " JOIN patient_unit pu ON pu.unit_id = su.unit_id"
	                           " WHERE su.staff_id = $1 AND pu.person_id = $2"
	                           " AND (" STORE_ROLE_BIT("su.role") " & $3) <> 0"
	                           " ORDER BY CASE su.role WHEN 'clinician' THEN 0 ELSE 1 END, su.unit_id, su.role LIMIT 1");
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, patient_id);
	db_bind_int(s, 3, roles);
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(s);
	if (r == DB_ROW) {
		*unit_id = db_col_int(s, 0);
		*role = arena_strdup(ar, db_col_text(s, 1));
	}
	db_done(s);
	return st;
}

status store_staff_shares_unit(db_conn *c, int64_t staff_id, int64_t patient_id, bool *out)
{
	db_stmt *s = db_prepare(c, "SELECT 1 FROM staff_unit su JOIN patient_unit pu ON pu.unit_id = su.unit_id"
	                           " WHERE su.staff_id = $1 AND pu.person_id = $2 LIMIT 1");
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, patient_id);
	enum db_step_result r = db_step(s);
	*out = r == DB_ROW;
	status st = r == DB_ERROR ? db_stmt_status(s) : ST_OK;
	db_done(s);
	return st;
}

status store_emergency_access_valid(db_conn *c, int64_t staff_id, int64_t patient_id, unix_time at, int64_t *id)
{
	db_stmt *s = db_prepare(c, "SELECT id FROM emergency_access WHERE staff_id = $1 AND patient_id = $2"
	                           " AND at <= $3 AND expires_at > $3 ORDER BY id DESC LIMIT 1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, patient_id);
	db_bind_int(s, 3, at);
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(s);
	if (r == DB_ROW)
		*id = db_col_int(s, 0);
	db_done(s);
	return st;
}

status store_emergency_access_insert(db_conn *c, int64_t staff_id, int64_t patient_id, const char *reason,
                                     unix_time at, unix_time expires_at, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO emergency_access (staff_id, patient_id, reason, at, expires_at)"
	                           " VALUES ($1, $2, $3, $4, $5) RETURNING id");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, patient_id);
	db_bind_text(s, 3, reason);
	db_bind_int(s, 4, at);
	db_bind_int(s, 5, expires_at);
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : db_stmt_status(s);
	if (r == DB_ROW)
		*id = db_col_int(s, 0);
	db_done(s);
	return st;
}

static status collect(db_stmt *s, arena *ar, patient_hit *hits, size_t max, size_t *n)
{
	*n = 0;
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW && *n < max) {
		patient_hit *h = &hits[(*n)++];
		h->id = db_col_int(s, 0);
		h->nin = arena_strdup(ar, db_col_text(s, 1));
		h->given_name = arena_strdup(ar, db_col_text(s, 2));
		h->family_name = arena_strdup(ar, db_col_text(s, 3));
		h->birth_date = arena_strdup(ar, db_col_text(s, 4));
	}
	status st = r == DB_ERROR ? db_stmt_status(s) : ST_OK;
	db_done(s);
	return st;
}

status store_chart_find_by_nin(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, const char *nin,
                               patient_hit *hits, size_t max, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT p.id, p.nin, p.given_name, p.family_name, p.birth_date FROM person p"
	                           " WHERE p.nin = $2 AND EXISTS (SELECT 1 FROM patient_unit pu"
	                           "  JOIN staff_unit su ON su.unit_id = pu.unit_id"
	                           "  WHERE pu.person_id = p.id AND su.staff_id = $1"
	                           "  AND (" STORE_ROLE_BIT("su.role") " & $3) <> 0)");
	db_bind_int(s, 1, staff_id);
	db_bind_text(s, 2, nin);
	db_bind_int(s, 3, roles);
	return collect(s, ar, hits, max, n);
}

status store_chart_find_by_name(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, const char *prefix,
                                patient_hit *hits, size_t max, size_t *n)
{
	/* A range on the family-name index: [prefix, prefix + U+10FFFF). */
	db_stmt *s = db_prepare2(c,
	                         "SELECT p.id, p.nin, p.given_name, p.family_name, p.birth_date FROM person p"
	                         " WHERE p.family_name >= $2 AND p.family_name < $3"
	                         " AND EXISTS (SELECT 1 FROM patient_unit pu"
	                         "  JOIN staff_unit su ON su.unit_id = pu.unit_id"
	                         "  WHERE pu.person_id = p.id AND su.staff_id = $1"
	                         "  AND (" STORE_ROLE_BIT("su.role") " & $5) <> 0)"
	                         " ORDER BY p.family_name, p.given_name, p.id LIMIT $4",
	                         "SELECT p.id, p.nin, p.given_name, p.family_name, p.birth_date FROM person p"
	                         " WHERE p.family_name COLLATE \"C\" >= $2 AND p.family_name COLLATE \"C\" < $3"
	                         " AND EXISTS (SELECT 1 FROM patient_unit pu"
	                         "  JOIN staff_unit su ON su.unit_id = pu.unit_id"
	                         "  WHERE pu.person_id = p.id AND su.staff_id = $1"
	                         "  AND (" STORE_ROLE_BIT("su.role") " & $5) <> 0)"
	                         " ORDER BY p.family_name COLLATE \"C\", p.given_name, p.id LIMIT $4");
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 5, roles);
	db_bind_text(s, 2, prefix);
	db_bind_text(s, 3, arena_printf(ar, "%s\xf4\x8f\xbf\xbf", prefix));
	db_bind_int(s, 4, (int64_t)max);
	return collect(s, ar, hits, max, n);
}
