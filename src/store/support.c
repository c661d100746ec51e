/* support.c (store) — the queries of user-support cases (SPEC.md U1). */
#include "store/support.h"

#include "store/register.h"
#include "store/store.h"

#define CASE_COLUMNS                                                                           \
	"k.id, k.patient_id, k.author_id, k.unit_id, k.kind, k.body, k.status, k.assigned_to," \
	" k.decided_by, k.answer, k.decided_at, k.created_at, u.name,"                         \
	" pp.given_name || ' ' || pp.family_name, ap.given_name || ' ' || ap.family_name,"     \
	" dp.given_name || ' ' || dp.family_name, k.forwarded_at, k.forwarded_to,"             \
	" fp.given_name || ' ' || fp.family_name, gp.given_name || ' ' || gp.family_name"
enum case_col {
	CASE_ID,
	CASE_PATIENT_ID,
	CASE_AUTHOR_ID,
	CASE_UNIT_ID,
	CASE_KIND,
	CASE_BODY,
	CASE_STATUS,
	CASE_ASSIGNED_TO,
	CASE_DECIDED_BY,
	CASE_ANSWER,
	CASE_DECIDED_AT,
	CASE_CREATED_AT,
	CASE_UNIT_NAME,
	CASE_PATIENT_NAME,
	CASE_AUTHOR_NAME,
	CASE_DECIDED_BY_NAME,
	CASE_FORWARDED_AT,
	CASE_FORWARDED_TO,
	CASE_FORWARDED_TO_NAME,
	CASE_ASSIGNED_TO_NAME,
};
#define CASE_JOINS                                                                                         \
	" FROM support_case k LEFT JOIN unit u ON u.id = k.unit_id JOIN person pp ON pp.id = k.patient_id" \
	" JOIN person ap ON ap.id = k.author_id"                                                           \
	" LEFT JOIN staff ds ON ds.id = k.decided_by LEFT JOIN person dp ON dp.id = ds.person_id"          \
	" LEFT JOIN staff fs ON fs.id = k.forwarded_to LEFT JOIN person fp ON fp.id = fs.person_id"        \
	" LEFT JOIN staff gs ON gs.id = k.assigned_to LEFT JOIN person gp ON gp.id = gs.person_id"
/* A unit where $1 (a staff id) holds one of the role bits $2. */
#define CASE_AT_STAFF_UNIT                                                                       \
	" EXISTS (SELECT 1 FROM staff_unit su WHERE su.staff_id = $1 AND su.unit_id = k.unit_id" \
	" AND (" STORE_ROLE_BIT("su.role") " & $2) <> 0)"
/* As CASE_AT_STAFF_UNIT, or a case without a unit when $1 is on the
 * national support desk and holds one of the roles $2 somewhere. */
#define CASE_FOR_SUPPORT                                                             \
	" (" CASE_AT_STAFF_UNIT " OR (k.unit_id IS NULL"                             \
	" AND EXISTS (SELECT 1 FROM staff d WHERE d.id = $1 AND d.support_desk = 1)" \
	" AND EXISTS (SELECT 1 FROM staff_unit su WHERE su.staff_id = $1"            \
	" AND (" STORE_ROLE_BIT("su.role") " & $2) <> 0)))"

static void read_case(db_stmt *s, arena *ar, void *row)
{
	support_case *k = row;
	*k = (support_case){
	    .id = db_col_int(s, CASE_ID),
	    .patient_id = db_col_int(s, CASE_PATIENT_ID),
	    .author_id = db_col_int(s, CASE_AUTHOR_ID),
	    .unit_id = db_col_opt_int(s, CASE_UNIT_ID),
	    .kind = db_col_str(s, CASE_KIND, ar),
	    .body = db_col_str(s, CASE_BODY, ar),
	    .status = db_col_str(s, CASE_STATUS, ar),
	    .assigned_to = db_col_opt_int(s, CASE_ASSIGNED_TO),
	    .decided_by = db_col_opt_int(s, CASE_DECIDED_BY),
	    .answer = db_col_opt_str(s, CASE_ANSWER, ar),
	    .decided_at = db_col_opt_int(s, CASE_DECIDED_AT),
	    .created_at = db_col_int(s, CASE_CREATED_AT),
	    .unit_name = db_col_opt_str(s, CASE_UNIT_NAME, ar),
	    .patient_name = db_col_str(s, CASE_PATIENT_NAME, ar),
	    .author_name = db_col_str(s, CASE_AUTHOR_NAME, ar),
	    .decided_by_name = db_col_opt_str(s, CASE_DECIDED_BY_NAME, ar),
	    .forwarded_at = db_col_opt_int(s, CASE_FORWARDED_AT),
	    .forwarded_to = db_col_opt_int(s, CASE_FORWARDED_TO),
	    .forwarded_to_name = db_col_opt_str(s, CASE_FORWARDED_TO_NAME, ar),
	    .assigned_to_name = db_col_opt_str(s, CASE_ASSIGNED_TO_NAME, ar),
	};
}

status store_support_insert(db_conn *c, const support_case *k, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO support_case (patient_id, author_id, unit_id, kind, body, status,"
	                           " created_at) VALUES ($1, $2, $3, $4, $5, 'open', $6) RETURNING id");
	db_bind_int(s, 1, k->patient_id);
	db_bind_int(s, 2, k->author_id);
	db_bind_opt_int(s, 3, k->unit_id);
	db_bind_text(s, 4, k->kind);
	db_bind_text(s, 5, k->body);
	db_bind_int(s, 6, k->created_at);
	return db_insert_id(s, id);
}

status store_support_of_patient(db_conn *c, arena *ar, int64_t patient_id, size_t max, support_case **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " CASE_COLUMNS CASE_JOINS
	                           " WHERE k.patient_id = $1 ORDER BY k.created_at DESC, k.id DESC LIMIT $2");
	return store_read_list_of(s, patient_id, ar, sizeof **out, max, read_case, out, n, NULL);
}

status store_support_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, support_case *out)
{
	db_stmt *s = db_prepare(c, "SELECT " CASE_COLUMNS CASE_JOINS " WHERE k.id = $1 AND k.patient_id = $2");
	return store_read_one_of(s, patient_id, id, ar, read_case, out);
}

status store_support_for_staff(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, int64_t id, support_case *out)
{
	db_stmt *s = db_prepare(c, "SELECT " CASE_COLUMNS CASE_JOINS " WHERE k.id = $3 AND" CASE_FOR_SUPPORT);
	return store_read_one_for_staff(s, staff_id, roles, id, ar, read_case, out);
}

status store_support_queue(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, size_t max, support_case **out,
                           size_t *n, bool *more)
{
	db_stmt *s = db_prepare(c, "SELECT " CASE_COLUMNS CASE_JOINS " WHERE k.status = 'open' AND" CASE_FOR_SUPPORT
	                           " ORDER BY k.created_at, k.id LIMIT $3");
	return store_read_list_for_staff(s, staff_id, roles, ar, sizeof **out, max, read_case, out, n, more);
}

status store_support_decide(db_conn *c, int64_t id, bool forwarded, const char *decision, const char *answer,
                            int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE support_case SET status = $2, answer = $3, decided_by = $4, decided_at = $5"
	                           " WHERE id = $1 AND status = 'open'"
	                           " AND (CASE WHEN forwarded_at IS NULL THEN 0 ELSE 1 END) = $6");
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, decision);
	db_bind_text(s, 3, answer);
	db_bind_int(s, 4, staff_id);
	db_bind_int(s, 5, at);
	db_bind_int(s, 6, forwarded ? 1 : 0);
	return db_run_changed(s, ST_CONFLICT);
}

status store_support_take(db_conn *c, int64_t id, int64_t staff_id)
{
	db_stmt *s = db_prepare(c, "UPDATE support_case SET assigned_to = $2"
	                           " WHERE id = $1 AND status = 'open' AND forwarded_at IS NULL");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, staff_id);
	return db_run_changed(s, ST_CONFLICT);
}

status store_support_forward(db_conn *c, int64_t id, unix_time seen_at, int64_t by_staff, int64_t to_staff, bool assign,
                             unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE support_case SET forwarded_at = $2, forwarded_by = $3, forwarded_to = $4,"
	                           " assigned_to = CASE WHEN $6 = 1 THEN $3 ELSE assigned_to END"
	                           " WHERE id = $1 AND status = 'open' AND COALESCE(forwarded_at, 0) = $5");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, at);
	db_bind_int(s, 3, by_staff);
	db_bind_opt_int(s, 4, to_staff);
	db_bind_int(s, 5, seen_at);
	db_bind_int(s, 6, assign ? 1 : 0);
	return db_run_changed(s, ST_CONFLICT);
}

status store_support_event_add(db_conn *c, const support_event *e)
{
	db_stmt *s = db_prepare(c, "INSERT INTO support_case_event (case_id, at, by_staff, action, to_staff)"
	                           " VALUES ($1, $2, $3, $4, $5)");
	db_bind_int(s, 1, e->case_id);
	db_bind_int(s, 2, e->at);
	db_bind_int(s, 3, e->by_staff);
	db_bind_text(s, 4, e->action);
	db_bind_opt_int(s, 5, e->to_staff);
	return db_run(s);
}

static void read_event(db_stmt *s, arena *ar, void *row)
{
	support_event *e = row;
	*e = (support_event){
	    .case_id = db_col_int(s, 0),
	    .at = db_col_int(s, 1),
	    .by_staff = db_col_int(s, 2),
	    .action = db_col_str(s, 3, ar),
	    .to_staff = db_col_opt_int(s, 4),
	    .by_name = db_col_str(s, 5, ar),
	    .to_name = db_col_opt_str(s, 6, ar),
	};
}

status store_support_events(db_conn *c, arena *ar, int64_t case_id, size_t max, support_event **out, size_t *n)
{
	db_stmt *s =
	    db_prepare(c, "SELECT e.case_id, e.at, e.by_staff, e.action, e.to_staff,"
	                  " bp.given_name || ' ' || bp.family_name, tp.given_name || ' ' || tp.family_name"
	                  " FROM support_case_event e JOIN staff bs ON bs.id = e.by_staff"
	                  " JOIN person bp ON bp.id = bs.person_id"
	                  " LEFT JOIN staff ts ON ts.id = e.to_staff LEFT JOIN person tp ON tp.id = ts.person_id"
	                  " WHERE e.case_id = $1 ORDER BY e.at, e.id LIMIT $2");
	return store_read_list_of(s, case_id, ar, sizeof **out, max, read_event, out, n, NULL);
}

status store_staff_set_support_desk(db_conn *c, int64_t staff_id, bool on)
{
	db_stmt *s = db_prepare(c, "UPDATE staff SET support_desk = $2 WHERE id = $1");
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, on ? 1 : 0);
	return db_run_changed(s, ST_NOT_FOUND);
}

/* Forwarded to $1, or to every clinician of the unit. */
#define CASE_FORWARDED_TO_STAFF " k.forwarded_at IS NOT NULL AND (k.forwarded_to IS NULL OR k.forwarded_to = $1) AND"

status store_support_for_clinician(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, int64_t id,
                                   support_case *out)
{
	db_stmt *s = db_prepare(c, "SELECT " CASE_COLUMNS CASE_JOINS
	                           " WHERE k.id = $3 AND" CASE_FORWARDED_TO_STAFF CASE_AT_STAFF_UNIT);
	return store_read_one_for_staff(s, staff_id, roles, id, ar, read_case, out);
}

status store_support_clinician_queue(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, size_t max,
                                     support_case **out, size_t *n, bool *more)
{
	db_stmt *s = db_prepare(c, "SELECT " CASE_COLUMNS CASE_JOINS
	                           " WHERE k.status = 'open' AND" CASE_FORWARDED_TO_STAFF CASE_AT_STAFF_UNIT
	                           " ORDER BY k.forwarded_at, k.id LIMIT $3");
	return store_read_list_for_staff(s, staff_id, roles, ar, sizeof **out, max, read_case, out, n, more);
}

static void read_unit(db_stmt *s, arena *ar, void *row)
{
	support_unit *u = row;
	*u = (support_unit){.id = db_col_int(s, 0), .name = db_col_str(s, 1, ar)};
}

status store_support_units(db_conn *c, arena *ar, int64_t patient_id, size_t max, support_unit **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT u.id, u.name FROM patient_unit pu JOIN unit u ON u.id = pu.unit_id"
	                           " WHERE pu.person_id = $1 ORDER BY u.name, u.id LIMIT $2");
	return store_read_list_of(s, patient_id, ar, sizeof **out, max, read_unit, out, n, NULL);
}
