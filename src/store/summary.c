/* summary.c (store) — queries on allergies, allergy requests, health issues
 * and vaccinations. One function per query; every citizen-facing list has
 * the patient id and the guardian filter in its WHERE. */
#include "store/summary.h"

#include "store/store.h"

/* An allergy and a health issue are kept alike: registered by a member of
 * staff at a unit, current until ended. Their lists read the current items
 * of table (alias t) with who registered them and where: $1 the patient,
 * $2 for_guardian. */
#define REGISTERED_FROM(table, t)                                            \
	" FROM " table " " t " JOIN staff st ON st.id = " t ".registered_by" \
	" JOIN person sp ON sp.id = st.person_id"                            \
	" LEFT JOIN unit u ON u.id = " t ".unit_id"                          \
	" WHERE " t ".patient_id = $1 AND " t ".ended_at IS NULL"            \
	" AND ($2 = 0 OR " t ".hidden_from_guardians = 0)"

/* ---- allergies -------------------------------------------------------------- */

status store_allergy_insert(db_conn *c, const allergy *a, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO allergy (patient_id, substance, reaction, severity, registered_by,"
	                           " unit_id, registered_at, hidden_from_guardians)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
	db_bind_int(s, 1, a->patient_id);
	db_bind_text(s, 2, a->substance);
	db_bind_text(s, 3, a->reaction);
	db_bind_text(s, 4, a->severity);
	db_bind_int(s, 5, a->registered_by);
	db_bind_opt_int(s, 6, a->unit_id);
	db_bind_int(s, 7, a->registered_at);
	db_bind_int(s, 8, a->hidden_from_guardians ? 1 : 0);
	return db_insert_id(s, id);
}

#define ALLERGY_COLUMNS                                                             \
	"a.id, a.patient_id, a.substance, a.reaction, a.severity, a.registered_by," \
	" COALESCE(a.unit_id, 0), a.registered_at, a.hidden_from_guardians,"        \
	" sp.given_name || ' ' || sp.family_name, COALESCE(u.name, '')"
enum allergy_col {
	ALLERGY_ID,
	ALLERGY_PATIENT_ID,
	ALLERGY_SUBSTANCE,
	ALLERGY_REACTION,
	ALLERGY_SEVERITY,
	ALLERGY_REGISTERED_BY,
	ALLERGY_UNIT_ID,
	ALLERGY_REGISTERED_AT,
	ALLERGY_HIDDEN,
	ALLERGY_REGISTERED_BY_NAME,
	ALLERGY_UNIT_NAME,
};

static void read_allergy(db_stmt *s, arena *ar, void *row)
{
	allergy *a = row;
	*a = (allergy){
	    .id = db_col_int(s, ALLERGY_ID),
	    .patient_id = db_col_int(s, ALLERGY_PATIENT_ID),
	    .substance = db_col_str(s, ALLERGY_SUBSTANCE, ar),
	    .reaction = db_col_opt_str(s, ALLERGY_REACTION, ar),
	    .severity = db_col_str(s, ALLERGY_SEVERITY, ar),
	    .registered_by = db_col_int(s, ALLERGY_REGISTERED_BY),
	    .unit_id = db_col_int(s, ALLERGY_UNIT_ID),
	    .registered_at = db_col_int(s, ALLERGY_REGISTERED_AT),
	    .hidden_from_guardians = db_col_bool(s, ALLERGY_HIDDEN),
	    .registered_by_name = db_col_str(s, ALLERGY_REGISTERED_BY_NAME, ar),
	    .unit_name = db_col_str(s, ALLERGY_UNIT_NAME, ar),
	};
}

status store_allergies(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, allergy **out, size_t *n)
{
	db_stmt *s = db_prepare(
	    c, "SELECT " ALLERGY_COLUMNS REGISTERED_FROM("allergy", "a") " ORDER BY a.registered_at, a.id LIMIT $3");
	return store_read_patient_list(s, patient_id, for_guardian, ar, sizeof **out, RECORD_LIST_LIMIT, read_allergy,
	                               out, n, NULL);
}

status store_allergy_end(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE allergy SET ended_at = $3, ended_by = $4"
	                           " WHERE id = $1 AND patient_id = $2 AND ended_at IS NULL");
	return store_run_staff_update(s, patient_id, id, staff_id, at, ST_NOT_FOUND);
}

/* ---- allergy requests ---------------------------------------------------------- */

status store_allergy_request_insert(db_conn *c, const allergy_request *r, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO allergy_request (patient_id, requested_by, unit_id, substance,"
	                           " reaction, note, created_at, hidden_from_guardians)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
	db_bind_int(s, 1, r->patient_id);
	db_bind_int(s, 2, r->requested_by);
	db_bind_int(s, 3, r->unit_id);
	db_bind_text(s, 4, r->substance);
	db_bind_text(s, 5, r->reaction);
	db_bind_text(s, 6, r->note);
	db_bind_int(s, 7, r->created_at);
	db_bind_int(s, 8, r->hidden_from_guardians ? 1 : 0);
	return db_insert_id(s, id);
}

status store_allergy_request_unit(db_conn *c, int64_t patient_id, int64_t *unit_id)
{
	db_stmt *s = db_prepare(c, "SELECT u.id FROM patient_unit pu JOIN unit u ON u.id = pu.unit_id"
	                           " WHERE pu.person_id = $1 AND u.kind <> 'services_office'"
	                           " ORDER BY CASE u.kind WHEN 'gp_office' THEN 1 WHEN 'health_station' THEN 2"
	                           " WHEN 'care_home' THEN 3 WHEN 'home_care' THEN 4 ELSE 5 END, u.id LIMIT 1");
	db_bind_int(s, 1, patient_id);
	return db_one_int(s, unit_id);
}

/* The columns every read of a request selects. */
#define REQUEST_COLUMNS                                                                                       \
	"r.id, r.patient_id, r.requested_by, r.unit_id,"                                                      \
	" r.substance, r.reaction, r.note, r.created_at, r.status,"                                           \
	" COALESCE(r.taken_by, 0), COALESCE(r.taken_at, 0), COALESCE(r.answered_by, 0),"                      \
	" COALESCE(r.answered_at, 0), r.decline_reason, COALESCE(r.allergy_id, 0), COALESCE(r.closed_at, 0)," \
	" r.hidden_from_guardians, u.name, p.given_name || ' ' || p.family_name, p.nin, p.birth_date,"        \
	" tp.given_name || ' ' || tp.family_name, ap.given_name || ' ' || ap.family_name"
enum request_col {
	REQUEST_ID,
	REQUEST_PATIENT_ID,
	REQUEST_REQUESTED_BY,
	REQUEST_UNIT_ID,
	REQUEST_SUBSTANCE,
	REQUEST_REACTION,
	REQUEST_NOTE,
	REQUEST_CREATED_AT,
	REQUEST_STATUS,
	REQUEST_TAKEN_BY,
	REQUEST_TAKEN_AT,
	REQUEST_ANSWERED_BY,
	REQUEST_ANSWERED_AT,
	REQUEST_DECLINE_REASON,
	REQUEST_ALLERGY_ID,
	REQUEST_CLOSED_AT,
	REQUEST_HIDDEN,
	REQUEST_UNIT_NAME,
	REQUEST_PATIENT_NAME,
	REQUEST_PATIENT_NIN,
	REQUEST_PATIENT_BIRTH_DATE,
	REQUEST_TAKEN_BY_NAME,
	REQUEST_ANSWERED_BY_NAME,
};
#define REQUEST_JOINS                                    \
	" FROM allergy_request r"                        \
	" JOIN unit u ON u.id = r.unit_id"               \
	" JOIN person p ON p.id = r.patient_id"          \
	" LEFT JOIN staff ts ON ts.id = r.taken_by"      \
	" LEFT JOIN person tp ON tp.id = ts.person_id"   \
	" LEFT JOIN staff ans ON ans.id = r.answered_by" \
	" LEFT JOIN person ap ON ap.id = ans.person_id"

static void read_request(db_stmt *s, arena *ar, void *row)
{
	allergy_request *o = row;
	*o = (allergy_request){
	    .id = db_col_int(s, REQUEST_ID),
	    .patient_id = db_col_int(s, REQUEST_PATIENT_ID),
	    .requested_by = db_col_int(s, REQUEST_REQUESTED_BY),
	    .unit_id = db_col_int(s, REQUEST_UNIT_ID),
	    .substance = db_col_str(s, REQUEST_SUBSTANCE, ar),
	    .reaction = db_col_str(s, REQUEST_REACTION, ar),
	    .note = db_col_opt_str(s, REQUEST_NOTE, ar),
	    .created_at = db_col_int(s, REQUEST_CREATED_AT),
	    .status = db_col_str(s, REQUEST_STATUS, ar),
	    .taken_by = db_col_int(s, REQUEST_TAKEN_BY),
	    .taken_at = db_col_int(s, REQUEST_TAKEN_AT),
	    .answered_by = db_col_int(s, REQUEST_ANSWERED_BY),
	    .answered_at = db_col_int(s, REQUEST_ANSWERED_AT),
	    .decline_reason = db_col_opt_str(s, REQUEST_DECLINE_REASON, ar),
	    .allergy_id = db_col_int(s, REQUEST_ALLERGY_ID),
	    .closed_at = db_col_int(s, REQUEST_CLOSED_AT),
	    .hidden_from_guardians = db_col_bool(s, REQUEST_HIDDEN),
	    .unit_name = db_col_str(s, REQUEST_UNIT_NAME, ar),
	    .patient_name = db_col_str(s, REQUEST_PATIENT_NAME, ar),
	    .patient_nin = db_col_str(s, REQUEST_PATIENT_NIN, ar),
	    .patient_birth_date = db_col_str(s, REQUEST_PATIENT_BIRTH_DATE, ar),
	    .taken_by_name = db_col_opt_str(s, REQUEST_TAKEN_BY_NAME, ar),
	    .answered_by_name = db_col_opt_str(s, REQUEST_ANSWERED_BY_NAME, ar),
	};
}

status store_allergy_requests_of(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, allergy_request **out,
                                 size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " REQUEST_COLUMNS REQUEST_JOINS
	                           " WHERE r.patient_id = $1 AND ($2 = 0 OR r.hidden_from_guardians = 0)"
	                           " ORDER BY r.created_at DESC, r.id DESC LIMIT $3");
	return store_read_patient_list(s, patient_id, for_guardian, ar, sizeof **out, RECORD_LIST_LIMIT, read_request,
	                               out, n, NULL);
}

status store_allergy_requests_open_count(db_conn *c, int64_t patient_id, int64_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT COUNT(*) FROM allergy_request WHERE patient_id = $1 AND status = 'open'");
	db_bind_int(s, 1, patient_id);
	return db_one_int(s, n);
}

status store_allergy_queue(db_conn *c, arena *ar, int64_t staff_id, allergy_request **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " REQUEST_COLUMNS REQUEST_JOINS " WHERE r.closed_at IS NULL AND r.unit_id IN"
	                           " (SELECT unit_id FROM staff_unit WHERE staff_id = $1 AND role = 'clinician')"
	                           " ORDER BY r.created_at, r.id LIMIT $2");
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, RECORD_LIST_LIMIT);
	return db_read_list(s, ar, sizeof **out, RECORD_LIST_LIMIT, read_request, out, n, NULL);
}

status store_allergy_request_for_staff(db_conn *c, arena *ar, int64_t staff_id, int64_t id, allergy_request *out)
{
	db_stmt *s = db_prepare(c, "SELECT " REQUEST_COLUMNS REQUEST_JOINS " WHERE r.id = $2 AND r.unit_id IN"
	                           " (SELECT unit_id FROM staff_unit WHERE staff_id = $1 AND role = 'clinician')");
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, id);
	return db_read_one(s, ar, read_request, out);
}

/* The request UPDATEs below state in their WHERE the state they may start
 * from: matching nothing means the request moved on (ST_CONFLICT). */

status store_allergy_request_take(db_conn *c, int64_t id, int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE allergy_request SET taken_by = $2, taken_at = $3"
	                           " WHERE id = $1 AND status = 'open' AND (taken_by IS NULL OR taken_by = $2)");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, staff_id);
	db_bind_int(s, 3, at);
	return db_run_changed(s, ST_CONFLICT);
}

status store_allergy_request_accept(db_conn *c, int64_t id, int64_t staff_id, int64_t allergy_id, unix_time at)
{
	db_stmt *s =
	    db_prepare(c, "UPDATE allergy_request SET status = 'accepted', allergy_id = $3,"
	                  " taken_by = $2, taken_at = COALESCE(taken_at, $4), answered_by = $2, answered_at = $4"
	                  " WHERE id = $1 AND status = 'open' AND (taken_by IS NULL OR taken_by = $2)");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, staff_id);
	db_bind_int(s, 3, allergy_id);
	db_bind_int(s, 4, at);
	return db_run_changed(s, ST_CONFLICT);
}

status store_allergy_request_decline(db_conn *c, int64_t id, int64_t staff_id, const char *reason, unix_time at)
{
	db_stmt *s =
	    db_prepare(c, "UPDATE allergy_request SET status = 'declined', decline_reason = $3,"
	                  " taken_by = $2, taken_at = COALESCE(taken_at, $4), answered_by = $2, answered_at = $4"
	                  " WHERE id = $1 AND status = 'open' AND (taken_by IS NULL OR taken_by = $2)");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, staff_id);
	db_bind_text(s, 3, reason);
	db_bind_int(s, 4, at);
	return db_run_changed(s, ST_CONFLICT);
}

status store_allergy_request_close(db_conn *c, int64_t id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE allergy_request SET closed_at = $2"
	                           " WHERE id = $1 AND status <> 'open' AND closed_at IS NULL");
	return store_run_at(s, id, at, ST_CONFLICT);
}

/* ---- health issues ------------------------------------------------------------- */

status store_health_issue_insert(db_conn *c, const health_issue *h, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO health_issue (patient_id, diagnosis, icd10, since, chronic,"
	                           " registered_by, unit_id, registered_at, hidden_from_guardians)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id");
	db_bind_int(s, 1, h->patient_id);
	db_bind_text(s, 2, h->diagnosis);
	db_bind_text(s, 3, h->icd10);
	db_bind_text(s, 4, h->since);
	db_bind_int(s, 5, h->chronic ? 1 : 0);
	db_bind_int(s, 6, h->registered_by);
	db_bind_opt_int(s, 7, h->unit_id);
	db_bind_int(s, 8, h->registered_at);
	db_bind_int(s, 9, h->hidden_from_guardians ? 1 : 0);
	return db_insert_id(s, id);
}

#define ISSUE_COLUMNS                                                                    \
	"h.id, h.patient_id, h.diagnosis, h.icd10, h.since, h.chronic, h.registered_by," \
	" COALESCE(h.unit_id, 0), h.registered_at, h.hidden_from_guardians,"             \
	" sp.given_name || ' ' || sp.family_name, COALESCE(u.name, '')"
enum issue_col {
	ISSUE_ID,
	ISSUE_PATIENT_ID,
	ISSUE_DIAGNOSIS,
	ISSUE_ICD10,
	ISSUE_SINCE,
	ISSUE_CHRONIC,
	ISSUE_REGISTERED_BY,
	ISSUE_UNIT_ID,
	ISSUE_REGISTERED_AT,
	ISSUE_HIDDEN,
	ISSUE_REGISTERED_BY_NAME,
	ISSUE_UNIT_NAME,
};

static void read_issue(db_stmt *s, arena *ar, void *row)
{
	health_issue *h = row;
	*h = (health_issue){
	    .id = db_col_int(s, ISSUE_ID),
	    .patient_id = db_col_int(s, ISSUE_PATIENT_ID),
	    .diagnosis = db_col_str(s, ISSUE_DIAGNOSIS, ar),
	    .icd10 = db_col_opt_str(s, ISSUE_ICD10, ar),
	    .since = db_col_opt_str(s, ISSUE_SINCE, ar),
	    .chronic = db_col_bool(s, ISSUE_CHRONIC),
	    .registered_by = db_col_int(s, ISSUE_REGISTERED_BY),
	    .unit_id = db_col_int(s, ISSUE_UNIT_ID),
	    .registered_at = db_col_int(s, ISSUE_REGISTERED_AT),
	    .hidden_from_guardians = db_col_bool(s, ISSUE_HIDDEN),
	    .registered_by_name = db_col_str(s, ISSUE_REGISTERED_BY_NAME, ar),
	    .unit_name = db_col_str(s, ISSUE_UNIT_NAME, ar),
	};
}

status store_health_issues(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, health_issue **out, size_t *n)
{
	db_stmt *s = db_prepare(
	    c, "SELECT " ISSUE_COLUMNS REGISTERED_FROM(
	           "health_issue", "h") " ORDER BY h.chronic DESC, COALESCE(h.since, '9999-12-31'), h.id LIMIT $3");
	return store_read_patient_list(s, patient_id, for_guardian, ar, sizeof **out, RECORD_LIST_LIMIT, read_issue,
	                               out, n, NULL);
}

status store_health_issue_end(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE health_issue SET ended_at = $3, ended_by = $4"
	                           " WHERE id = $1 AND patient_id = $2 AND ended_at IS NULL");
	return store_run_staff_update(s, patient_id, id, staff_id, at, ST_NOT_FOUND);
}

/* ---- vaccinations ------------------------------------------------------------------ */

#define VACCINATION_COLUMNS                                 \
	"id, patient_id, atc_code, vaccine_name, given_on," \
	" dose, batch, imported_at,"                        \
	" hidden_from_guardians"
enum vaccination_col {
	VACCINATION_ID,
	VACCINATION_PATIENT_ID,
	VACCINATION_ATC_CODE,
	VACCINATION_NAME,
	VACCINATION_GIVEN_ON,
	VACCINATION_DOSE,
	VACCINATION_BATCH,
	VACCINATION_IMPORTED_AT,
	VACCINATION_HIDDEN,
};

static void read_vaccination(db_stmt *s, arena *ar, void *row)
{
	vaccination *v = row;
	*v = (vaccination){
	    .id = db_col_int(s, VACCINATION_ID),
	    .patient_id = db_col_int(s, VACCINATION_PATIENT_ID),
	    .atc_code = db_col_str(s, VACCINATION_ATC_CODE, ar),
	    .vaccine_name = db_col_str(s, VACCINATION_NAME, ar),
	    .given_on = db_col_str(s, VACCINATION_GIVEN_ON, ar),
	    .dose = db_col_int(s, VACCINATION_DOSE),
	    .batch = db_col_opt_str(s, VACCINATION_BATCH, ar),
	    .imported_at = db_col_int(s, VACCINATION_IMPORTED_AT),
	    .hidden_from_guardians = db_col_bool(s, VACCINATION_HIDDEN),
	};
}

status store_vaccinations(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, size_t max, vaccination **out,
                          size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " VACCINATION_COLUMNS " FROM vaccination"
	                           " WHERE patient_id = $1 AND ($2 = 0 OR hidden_from_guardians = 0)"
	                           " ORDER BY given_on DESC, vaccine_name, dose DESC LIMIT $3");
	return store_read_patient_list(s, patient_id, for_guardian, ar, sizeof **out, max, read_vaccination, out, n,
	                               NULL);
}

status store_vaccination_find(db_conn *c, arena *ar, int64_t patient_id, const char *atc_code, const char *given_on,
                              int64_t dose, vaccination *out)
{
	db_stmt *s = db_prepare(c, "SELECT " VACCINATION_COLUMNS " FROM vaccination"
	                           " WHERE patient_id = $1 AND atc_code = $2 AND given_on = $3 AND dose = $4");
	db_bind_int(s, 1, patient_id);
	db_bind_text(s, 2, atc_code);
	db_bind_text(s, 3, given_on);
	db_bind_int(s, 4, dose);
	return db_read_one(s, ar, read_vaccination, out);
}

/* Binds what an import inserts or updates: $1 to $7, the dose's key
 * (patient, code, date, dose) among them. */
static void bind_vaccination(db_stmt *s, const vaccination *v)
{
	db_bind_int(s, 1, v->patient_id);
	db_bind_text(s, 2, v->atc_code);
	db_bind_text(s, 3, v->vaccine_name);
	db_bind_text(s, 4, v->given_on);
	db_bind_int(s, 5, v->dose);
	db_bind_text(s, 6, v->batch);
	db_bind_int(s, 7, v->imported_at);
}

status store_vaccination_insert(db_conn *c, const vaccination *v, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO vaccination (patient_id, atc_code, vaccine_name, given_on, dose, batch,"
	                           " imported_at, hidden_from_guardians) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
	                           " RETURNING id");
	bind_vaccination(s, v);
	db_bind_int(s, 8, v->hidden_from_guardians ? 1 : 0);
	return db_insert_id(s, id);
}

status store_vaccination_update(db_conn *c, const vaccination *v)
{
	db_stmt *s = db_prepare(c, "UPDATE vaccination SET vaccine_name = $3, batch = $6, imported_at = $7"
	                           " WHERE patient_id = $1 AND atc_code = $2 AND given_on = $4 AND dose = $5");
	bind_vaccination(s, v);
	return db_run_changed(s, ST_NOT_FOUND);
}
