/* summary.c (store) — queries on allergies, allergy requests, health issues
 * and vaccinations. One function per query; every citizen-facing list has
 * the patient id and the guardian filter in its WHERE. */
#include "store/summary.h"

#include "store/record_rows.h"

/* ---- allergies -------------------------------------------------------------- */

status store_allergy_insert(db_conn *c, const allergy *a, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO allergy (patient_id, substance, reaction, severity, registered_by,"
	                           " unit_id, registered_at, hidden_from_guardians)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, a->patient_id);
	db_bind_text(s, 2, a->substance);
	db_bind_text(s, 3, a->reaction);
	db_bind_text(s, 4, a->severity);
	db_bind_int(s, 5, a->registered_by);
	if (a->unit_id != 0)
		db_bind_int(s, 6, a->unit_id);
	else
		db_bind_null(s, 6);
	db_bind_int(s, 7, a->registered_at);
	db_bind_int(s, 8, a->hidden_from_guardians ? 1 : 0);
	return rr_insert_id(s, id);
}

status store_allergies(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, allergy **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(c, "SELECT a.id, a.substance, a.reaction, a.severity, a.registered_by,"
	                           " COALESCE(a.unit_id, 0), a.registered_at, a.hidden_from_guardians,"
	                           " sp.given_name || ' ' || sp.family_name, COALESCE(u.name, '')"
	                           " FROM allergy a"
	                           " JOIN staff st ON st.id = a.registered_by"
	                           " JOIN person sp ON sp.id = st.person_id"
	                           " LEFT JOIN unit u ON u.id = a.unit_id"
	                           " WHERE a.patient_id = $1 AND a.ended_at IS NULL"
	                           " AND ($2 = 0 OR a.hidden_from_guardians = 0)"
	                           " ORDER BY a.registered_at, a.id LIMIT $3");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, for_guardian ? 1 : 0);
	db_bind_int(s, 3, RECORD_LIST_LIMIT);
	size_t cap = 0;
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW) {
		*out = rr_grow(ar, *out, *n, &cap, sizeof **out);
		allergy *a = &(*out)[(*n)++];
		*a = (allergy){
		    .id = db_col_int(s, 0),
		    .patient_id = patient_id,
		    .substance = rr_text(s, 1, ar),
		    .reaction = rr_text_or_null(s, 2, ar),
		    .severity = rr_text(s, 3, ar),
		    .registered_by = db_col_int(s, 4),
		    .unit_id = db_col_int(s, 5),
		    .registered_at = db_col_int(s, 6),
		    .hidden_from_guardians = db_col_int(s, 7) != 0,
		    .registered_by_name = rr_text(s, 8, ar),
		    .unit_name = rr_text(s, 9, ar),
		};
	}
	return rr_end(s, r);
}

status store_allergy_end(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE allergy SET ended_at = $3, ended_by = $4"
	                           " WHERE id = $1 AND patient_id = $2 AND ended_at IS NULL");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, patient_id);
	db_bind_int(s, 3, at);
	db_bind_int(s, 4, staff_id);
	return rr_update_one(s);
}

/* ---- allergy requests ---------------------------------------------------------- */

status store_allergy_request_insert(db_conn *c, const allergy_request *r, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO allergy_request (patient_id, requested_by, unit_id, substance,"
	                           " reaction, note, created_at, hidden_from_guardians)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, r->patient_id);
	db_bind_int(s, 2, r->requested_by);
	db_bind_int(s, 3, r->unit_id);
	db_bind_text(s, 4, r->substance);
	db_bind_text(s, 5, r->reaction);
	db_bind_text(s, 6, r->note);
	db_bind_int(s, 7, r->created_at);
	db_bind_int(s, 8, r->hidden_from_guardians ? 1 : 0);
	return rr_insert_id(s, id);
}

status store_allergy_request_unit(db_conn *c, int64_t patient_id, int64_t *unit_id)
{
	db_stmt *s = db_prepare(c, "SELECT u.id FROM patient_unit pu JOIN unit u ON u.id = pu.unit_id"
	                           " WHERE pu.person_id = $1 AND u.kind <> 'services_office'"
	                           " ORDER BY CASE u.kind WHEN 'gp_office' THEN 1 WHEN 'health_station' THEN 2"
	                           " WHEN 'care_home' THEN 3 WHEN 'home_care' THEN 4 ELSE 5 END, u.id LIMIT 1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(s);
	if (r == DB_ROW)
		*unit_id = db_col_int(s, 0);
	db_done(s);
	return st;
}

/* The columns every read of a request selects, in this order (read_request). */
#define REQUEST_COLUMNS                                                                                     \
	" r.id, r.patient_id, r.requested_by, r.unit_id, r.substance, r.reaction, r.note, r.created_at,"     \
	" r.status, COALESCE(r.taken_by, 0), COALESCE(r.taken_at, 0), COALESCE(r.answered_by, 0),"          \
	" COALESCE(r.answered_at, 0), r.decline_reason, COALESCE(r.allergy_id, 0), COALESCE(r.closed_at, 0)," \
	" r.hidden_from_guardians, u.name, p.given_name || ' ' || p.family_name, p.nin, p.birth_date,"      \
	" tp.given_name || ' ' || tp.family_name, ap.given_name || ' ' || ap.family_name"
#define REQUEST_JOINS                                                    \
	" FROM allergy_request r"                                        \
	" JOIN unit u ON u.id = r.unit_id"                               \
	" JOIN person p ON p.id = r.patient_id"                          \
	" LEFT JOIN staff ts ON ts.id = r.taken_by"                      \
	" LEFT JOIN person tp ON tp.id = ts.person_id"                   \
	" LEFT JOIN staff ans ON ans.id = r.answered_by"                 \
	" LEFT JOIN person ap ON ap.id = ans.person_id"

static void read_request(db_stmt *s, arena *ar, allergy_request *o)
{
	*o = (allergy_request){
	    .id = db_col_int(s, 0),
	    .patient_id = db_col_int(s, 1),
	    .requested_by = db_col_int(s, 2),
	    .unit_id = db_col_int(s, 3),
	    .substance = rr_text(s, 4, ar),
	    .reaction = rr_text(s, 5, ar),
	    .note = rr_text_or_null(s, 6, ar),
	    .created_at = db_col_int(s, 7),
	    .status = rr_text(s, 8, ar),
	    .taken_by = db_col_int(s, 9),
	    .taken_at = db_col_int(s, 10),
	    .answered_by = db_col_int(s, 11),
	    .answered_at = db_col_int(s, 12),
	    .decline_reason = rr_text_or_null(s, 13, ar),
	    .allergy_id = db_col_int(s, 14),
	    .closed_at = db_col_int(s, 15),
	    .hidden_from_guardians = db_col_int(s, 16) != 0,
	    .unit_name = rr_text(s, 17, ar),
	    .patient_name = rr_text(s, 18, ar),
	    .patient_nin = rr_text(s, 19, ar),
	    .patient_birth_date = rr_text(s, 20, ar),
	    .taken_by_name = rr_text_or_null(s, 21, ar),
	    .answered_by_name = rr_text_or_null(s, 22, ar),
	};
}

static status read_requests(db_stmt *s, arena *ar, allergy_request **out, size_t *n)
{
	size_t cap = 0;
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW) {
		*out = rr_grow(ar, *out, *n, &cap, sizeof **out);
		read_request(s, ar, &(*out)[(*n)++]);
	}
	return rr_end(s, r);
}

status store_allergy_requests_of(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian,
                                 allergy_request **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(c, "SELECT" REQUEST_COLUMNS REQUEST_JOINS
	                           " WHERE r.patient_id = $1 AND ($2 = 0 OR r.hidden_from_guardians = 0)"
	                           " ORDER BY r.created_at DESC, r.id DESC LIMIT $3");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, for_guardian ? 1 : 0);
	db_bind_int(s, 3, RECORD_LIST_LIMIT);
	return read_requests(s, ar, out, n);
}

status store_allergy_requests_open_count(db_conn *c, int64_t patient_id, int64_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT COUNT(*) FROM allergy_request WHERE patient_id = $1 AND status = 'open'");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : db_stmt_status(s);
	if (r == DB_ROW)
		*n = db_col_int(s, 0);
	db_done(s);
	return st;
}

status store_allergy_queue(db_conn *c, arena *ar, int64_t staff_id, allergy_request **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(c, "SELECT" REQUEST_COLUMNS REQUEST_JOINS
	                           " WHERE r.closed_at IS NULL AND r.unit_id IN"
	                           " (SELECT unit_id FROM staff_unit WHERE staff_id = $1 AND role = 'clinician')"
	                           " ORDER BY r.created_at, r.id LIMIT $2");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, RECORD_LIST_LIMIT);
	return read_requests(s, ar, out, n);
}

status store_allergy_request_for_staff(db_conn *c, arena *ar, int64_t staff_id, int64_t id, allergy_request *out)
{
	db_stmt *s = db_prepare(c, "SELECT" REQUEST_COLUMNS REQUEST_JOINS
	                           " WHERE r.id = $2 AND r.unit_id IN"
	                           " (SELECT unit_id FROM staff_unit WHERE staff_id = $1 AND role = 'clinician')");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, id);
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(s);
	if (r == DB_ROW)
		read_request(s, ar, out);
	db_done(s);
	return st;
}

/* An UPDATE of a request whose WHERE states the state it may start from:
 * matching nothing means the request moved on (ST_CONFLICT). */
static status transition(db_stmt *s)
{
	status st = rr_update_one(s);
	return st == ST_NOT_FOUND ? ST_CONFLICT : st;
}

status store_allergy_request_take(db_conn *c, int64_t id, int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE allergy_request SET taken_by = $2, taken_at = $3"
	                           " WHERE id = $1 AND status = 'open' AND (taken_by IS NULL OR taken_by = $2)");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, staff_id);
	db_bind_int(s, 3, at);
	return transition(s);
}

status store_allergy_request_accept(db_conn *c, int64_t id, int64_t staff_id, int64_t allergy_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE allergy_request SET status = 'accepted', allergy_id = $3,"
	                           " taken_by = $2, taken_at = COALESCE(taken_at, $4), answered_by = $2, answered_at = $4"
	                           " WHERE id = $1 AND status = 'open' AND (taken_by IS NULL OR taken_by = $2)");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, staff_id);
	db_bind_int(s, 3, allergy_id);
	db_bind_int(s, 4, at);
	return transition(s);
}

status store_allergy_request_decline(db_conn *c, int64_t id, int64_t staff_id, const char *reason, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE allergy_request SET status = 'declined', decline_reason = $3,"
	                           " taken_by = $2, taken_at = COALESCE(taken_at, $4), answered_by = $2, answered_at = $4"
	                           " WHERE id = $1 AND status = 'open' AND (taken_by IS NULL OR taken_by = $2)");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, staff_id);
	db_bind_text(s, 3, reason);
	db_bind_int(s, 4, at);
	return transition(s);
}

status store_allergy_request_close(db_conn *c, int64_t id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE allergy_request SET closed_at = $2"
	                           " WHERE id = $1 AND status <> 'open' AND closed_at IS NULL");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, at);
	return transition(s);
}

/* ---- health issues ------------------------------------------------------------- */

status store_health_issue_insert(db_conn *c, const health_issue *h, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO health_issue (patient_id, diagnosis, icd10, since, chronic,"
	                           " registered_by, unit_id, registered_at, hidden_from_guardians)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, h->patient_id);
	db_bind_text(s, 2, h->diagnosis);
	db_bind_text(s, 3, h->icd10);
	db_bind_text(s, 4, h->since);
	db_bind_int(s, 5, h->chronic ? 1 : 0);
	db_bind_int(s, 6, h->registered_by);
	if (h->unit_id != 0)
		db_bind_int(s, 7, h->unit_id);
	else
		db_bind_null(s, 7);
	db_bind_int(s, 8, h->registered_at);
	db_bind_int(s, 9, h->hidden_from_guardians ? 1 : 0);
	return rr_insert_id(s, id);
}

status store_health_issues(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, health_issue **out,
                           size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(c, "SELECT h.id, h.diagnosis, h.icd10, h.since, h.chronic, h.registered_by,"
	                           " COALESCE(h.unit_id, 0), h.registered_at, h.hidden_from_guardians,"
	                           " sp.given_name || ' ' || sp.family_name, COALESCE(u.name, '')"
	                           " FROM health_issue h"
	                           " JOIN staff st ON st.id = h.registered_by"
	                           " JOIN person sp ON sp.id = st.person_id"
	                           " LEFT JOIN unit u ON u.id = h.unit_id"
	                           " WHERE h.patient_id = $1 AND h.ended_at IS NULL"
	                           " AND ($2 = 0 OR h.hidden_from_guardians = 0)"
	                           " ORDER BY h.chronic DESC, COALESCE(h.since, '9999-12-31'), h.id LIMIT $3");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, for_guardian ? 1 : 0);
	db_bind_int(s, 3, RECORD_LIST_LIMIT);
	size_t cap = 0;
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW) {
		*out = rr_grow(ar, *out, *n, &cap, sizeof **out);
		health_issue *h = &(*out)[(*n)++];
		*h = (health_issue){
		    .id = db_col_int(s, 0),
		    .patient_id = patient_id,
		    .diagnosis = rr_text(s, 1, ar),
		    .icd10 = rr_text_or_null(s, 2, ar),
		    .since = rr_text_or_null(s, 3, ar),
		    .chronic = db_col_int(s, 4) != 0,
		    .registered_by = db_col_int(s, 5),
		    .unit_id = db_col_int(s, 6),
		    .registered_at = db_col_int(s, 7),
		    .hidden_from_guardians = db_col_int(s, 8) != 0,
		    .registered_by_name = rr_text(s, 9, ar),
		    .unit_name = rr_text(s, 10, ar),
		};
	}
	return rr_end(s, r);
}

status store_health_issue_end(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE health_issue SET ended_at = $3, ended_by = $4"
	                           " WHERE id = $1 AND patient_id = $2 AND ended_at IS NULL");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, patient_id);
	db_bind_int(s, 3, at);
	db_bind_int(s, 4, staff_id);
	return rr_update_one(s);
}

/* ---- vaccinations ------------------------------------------------------------------ */

static void read_vaccination(db_stmt *s, arena *ar, vaccination *v)
{
	*v = (vaccination){
	    .id = db_col_int(s, 0),
	    .patient_id = db_col_int(s, 1),
	    .atc_code = rr_text(s, 2, ar),
	    .vaccine_name = rr_text(s, 3, ar),
	    .given_on = rr_text(s, 4, ar),
	    .dose = db_col_int(s, 5),
	    .batch = rr_text_or_null(s, 6, ar),
	    .imported_at = db_col_int(s, 7),
	    .hidden_from_guardians = db_col_int(s, 8) != 0,
	};
}

status store_vaccinations(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, vaccination **out,
                          size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(c, "SELECT id, patient_id, atc_code, vaccine_name, given_on, dose, batch, imported_at,"
	                           " hidden_from_guardians FROM vaccination"
	                           " WHERE patient_id = $1 AND ($2 = 0 OR hidden_from_guardians = 0)"
	                           " ORDER BY given_on DESC, vaccine_name, dose DESC LIMIT $3");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, for_guardian ? 1 : 0);
	db_bind_int(s, 3, RECORD_LIST_LIMIT);
	size_t cap = 0;
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW) {
		*out = rr_grow(ar, *out, *n, &cap, sizeof **out);
		read_vaccination(s, ar, &(*out)[(*n)++]);
	}
	return rr_end(s, r);
}

status store_vaccination_find(db_conn *c, arena *ar, int64_t patient_id, const char *atc_code, const char *given_on,
                              int64_t dose, vaccination *out)
{
	db_stmt *s = db_prepare(c, "SELECT id, patient_id, atc_code, vaccine_name, given_on, dose, batch, imported_at,"
	                           " hidden_from_guardians FROM vaccination"
	                           " WHERE patient_id = $1 AND atc_code = $2 AND given_on = $3 AND dose = $4");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_text(s, 2, atc_code);
	db_bind_text(s, 3, given_on);
	db_bind_int(s, 4, dose);
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(s);
	if (r == DB_ROW)
		read_vaccination(s, ar, out);
	db_done(s);
	return st;
}

status store_vaccination_insert(db_conn *c, const vaccination *v, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO vaccination (patient_id, atc_code, vaccine_name, given_on, dose, batch,"
	                           " imported_at, hidden_from_guardians) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
	                           " RETURNING id");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, v->patient_id);
	db_bind_text(s, 2, v->atc_code);
	db_bind_text(s, 3, v->vaccine_name);
	db_bind_text(s, 4, v->given_on);
	db_bind_int(s, 5, v->dose);
	db_bind_text(s, 6, v->batch);
	db_bind_int(s, 7, v->imported_at);
	db_bind_int(s, 8, v->hidden_from_guardians ? 1 : 0);
	return rr_insert_id(s, id);
}

status store_vaccination_update(db_conn *c, const vaccination *v)
{
	db_stmt *s = db_prepare(c, "UPDATE vaccination SET vaccine_name = $5, batch = $6, imported_at = $7"
	                           " WHERE patient_id = $1 AND atc_code = $2 AND given_on = $3 AND dose = $4");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, v->patient_id);
	db_bind_text(s, 2, v->atc_code);
	db_bind_text(s, 3, v->given_on);
	db_bind_int(s, 4, v->dose);
	db_bind_text(s, 5, v->vaccine_name);
	db_bind_text(s, 6, v->batch);
	db_bind_int(s, 7, v->imported_at);
	return rr_update_one(s);
}
