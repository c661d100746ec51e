/* chart.c (store) — the staff workspace's patient access queries. */
#include "store/chart.h"

#include <string.h>

#define ACCESS_COLUMNS "su.unit_id, su.role"
enum access_col { ACCESS_UNIT_ID, ACCESS_ROLE };

/* Whether a (unit, role) goes before the best so far: the clinician role
 * first, then the lowest unit id, then the role's name. */
static bool access_before(int64_t unit_id, const char *role, int64_t best_unit, const char *best_role)
{
	bool clinician = str_eq(role, "clinician"), best_clinician = str_eq(best_role, "clinician");
	if (clinician != best_clinician)
		return clinician;
	if (unit_id != best_unit)
		return unit_id < best_unit;
	return strcmp(role, best_role) < 0;
}

/* The rows are a staff member's roles at a patient's units, a handful: the
 * best is chosen here, as an ORDER BY ... LIMIT 1 cost SQLite a temporary
 * B-tree on every request for a patient's chart. */
status store_staff_unit_for_patient(db_conn *c, arena *ar, int64_t staff_id, int64_t patient_id, unsigned roles,
                                    int64_t *unit_id, const char **role)
{
	db_stmt *s = db_prepare(c, "SELECT " ACCESS_COLUMNS " FROM staff_unit su"
	                           " JOIN patient_unit pu ON pu.unit_id = su.unit_id"
	                           " WHERE su.staff_id = $1 AND pu.person_id = $2"
	                           " AND (" STORE_ROLE_BIT("su.role") " & $3) <> 0");
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, patient_id);
	db_bind_int(s, 3, roles);
	bool found = false;
	while (db_step(s) == DB_ROW) {
		int64_t u = db_col_int(s, ACCESS_UNIT_ID);
		const char *r = db_col_text(s, ACCESS_ROLE);
		if (found && !access_before(u, r, *unit_id, *role))
			continue;
		*unit_id = u;
		*role = arena_strdup(ar, r);
		found = true;
	}
	status st = db_end(s);
	return st == ST_OK && !found ? ST_NOT_FOUND : st;
}

status store_staff_shares_unit(db_conn *c, int64_t staff_id, int64_t patient_id, bool *out)
{
	db_stmt *s = db_prepare(c, "SELECT 1 FROM staff_unit su JOIN patient_unit pu ON pu.unit_id = su.unit_id"
	                           " WHERE su.staff_id = $1 AND pu.person_id = $2 LIMIT 1");
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, patient_id);
	return db_exists(s, out);
}

status store_emergency_access_valid(db_conn *c, int64_t staff_id, int64_t patient_id, unix_time at, int64_t *id)
{
	db_stmt *s = db_prepare(c, "SELECT id FROM emergency_access WHERE staff_id = $1 AND patient_id = $2"
	                           " AND at <= $3 AND expires_at > $3 ORDER BY id DESC LIMIT 1");
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, patient_id);
	db_bind_int(s, 3, at);
	return db_one_int(s, id);
}

status store_emergency_access_insert(db_conn *c, int64_t staff_id, int64_t patient_id, const char *reason, unix_time at,
                                     unix_time expires_at, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO emergency_access (staff_id, patient_id, reason, at, expires_at)"
	                           " VALUES ($1, $2, $3, $4, $5) RETURNING id");
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, patient_id);
	db_bind_text(s, 3, reason);
	db_bind_int(s, 4, at);
	db_bind_int(s, 5, expires_at);
	return db_insert_id(s, id);
}

#define HIT_COLUMNS "p.id, p.nin, p.given_name, p.family_name, p.birth_date"
enum hit_col { HIT_ID, HIT_NIN, HIT_GIVEN_NAME, HIT_FAMILY_NAME, HIT_BIRTH_DATE };

static void read_hit(db_stmt *s, arena *ar, void *row)
{
	patient_hit *h = row;
	h->id = db_col_int(s, HIT_ID);
	h->nin = db_col_str(s, HIT_NIN, ar);
	h->given_name = db_col_str(s, HIT_GIVEN_NAME, ar);
	h->family_name = db_col_str(s, HIT_FAMILY_NAME, ar);
	h->birth_date = db_col_str(s, HIT_BIRTH_DATE, ar);
}

status store_chart_find_by_nin(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, const char *nin, size_t max,
                               patient_hit **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " HIT_COLUMNS " FROM person p"
	                           " WHERE p.nin = $2 AND EXISTS (SELECT 1 FROM patient_unit pu"
	                           "  JOIN staff_unit su ON su.unit_id = pu.unit_id"
	                           "  WHERE pu.person_id = p.id AND su.staff_id = $1"
	                           "  AND (" STORE_ROLE_BIT("su.role") " & $3) <> 0)");
	db_bind_int(s, 1, staff_id);
	db_bind_text(s, 2, nin);
	db_bind_int(s, 3, roles);
	return db_read_list(s, ar, sizeof **out, max, read_hit, out, n, NULL);
}

status store_chart_find_by_name(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, const char *prefix, size_t max,
                                patient_hit **out, size_t *n)
{
	/* A range on the family-name index: [prefix, prefix + U+10FFFF). */
	db_stmt *s = db_prepare2(
	    c,
	    "SELECT " HIT_COLUMNS " FROM person p"
	    " WHERE p.family_name >= $2 AND p.family_name < $3"
	    " AND EXISTS (SELECT 1 FROM patient_unit pu"
	    "  JOIN staff_unit su ON su.unit_id = pu.unit_id"
	    "  WHERE pu.person_id = p.id AND su.staff_id = $1"
	    "  AND (" STORE_ROLE_BIT("su.role") " & $5) <> 0)"
	                                        " ORDER BY p.family_name, p.given_name, p.id LIMIT $4",
	    "SELECT " HIT_COLUMNS " FROM person p"
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
	return db_read_list(s, ar, sizeof **out, max, read_hit, out, n, NULL);
}
