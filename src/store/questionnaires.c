/* questionnaires.c (store) — questionnaire definitions and the
 * questionnaires sent to patients. */
#include "store/questionnaires.h"

#include "store/store.h"

/* ---- definitions ----------------------------------------------------------- */

#define DEF_COLUMNS "id, url, version, title_nb, title_en, status, resource, imported_at"
enum def_col { DEF_ID, DEF_URL, DEF_VERSION, DEF_TITLE_NB, DEF_TITLE_EN, DEF_STATUS, DEF_RESOURCE, DEF_IMPORTED_AT };

static void read_def(db_stmt *s, arena *ar, void *row)
{
	questionnaire_def *d = row;
	*d = (questionnaire_def){
	    .id = db_col_int(s, DEF_ID),
	    .url = db_col_str(s, DEF_URL, ar),
	    .version = db_col_str(s, DEF_VERSION, ar),
	    .title_nb = db_col_str(s, DEF_TITLE_NB, ar),
	    .title_en = db_col_opt_str(s, DEF_TITLE_EN, ar),
	    .status = db_col_str(s, DEF_STATUS, ar),
	    .resource = db_col_str(s, DEF_RESOURCE, ar),
	    .imported_at = db_col_int(s, DEF_IMPORTED_AT),
	};
}

status store_questionnaire_by_id(db_conn *c, arena *ar, int64_t id, questionnaire_def *out)
{
	db_stmt *s = db_prepare(c, "SELECT " DEF_COLUMNS " FROM questionnaire WHERE id = $1");
	return store_read_one_by(s, id, ar, read_def, out);
}

status store_questionnaire_by_url(db_conn *c, arena *ar, const char *url, const char *version, questionnaire_def *out)
{
	db_stmt *s = db_prepare(c, "SELECT " DEF_COLUMNS " FROM questionnaire WHERE url = $1 AND version = $2");
	db_bind_text(s, 1, url);
	db_bind_text(s, 2, version);
	return db_read_one(s, ar, read_def, out);
}

status store_questionnaire_put(db_conn *c, const questionnaire_def *d, int64_t *id, bool *created)
{
	*created = false;
	arena *ar = arena_new();
	questionnaire_def old;
	status st = store_questionnaire_by_url(c, ar, d->url, d->version, &old);
	if (st == ST_OK) {
		*id = old.id;
		st = str_eq(old.resource, d->resource) ? ST_OK : ST_CONFLICT;
		arena_free(ar);
		return st;
	}
	arena_free(ar);
	if (st != ST_NOT_FOUND)
		return st;
	db_stmt *s = db_prepare(c, "INSERT INTO questionnaire (url, version, title_nb, title_en, status, resource,"
	                           " imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
	db_bind_text(s, 1, d->url);
	db_bind_text(s, 2, d->version);
	db_bind_text(s, 3, d->title_nb);
	db_bind_text(s, 4, d->title_en);
	db_bind_text(s, 5, d->status);
	db_bind_text(s, 6, d->resource);
	db_bind_int(s, 7, d->imported_at);
	st = db_insert_id(s, id);
	*created = st == ST_OK;
	return st;
}

status store_questionnaires_active(db_conn *c, arena *ar, questionnaire_def **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " DEF_COLUMNS " FROM questionnaire WHERE status = 'active'"
	                           " ORDER BY title_nb, version, id LIMIT 500");
	return db_read_list(s, ar, sizeof **out, SIZE_MAX, read_def, out, n, NULL);
}

/* ---- questionnaires sent ------------------------------------------------------ */

status store_qrequest_insert(db_conn *c, const questionnaire_request *r, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO questionnaire_request (patient_id, questionnaire_id, unit_id, sent_by,"
	                           " sent_at, due_on, status, hidden_from_guardians, appointment_id)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id");
	db_bind_int(s, 1, r->patient_id);
	db_bind_int(s, 2, r->questionnaire_id);
	db_bind_int(s, 3, r->unit_id);
	db_bind_int(s, 4, r->sent_by);
	db_bind_int(s, 5, r->sent_at);
	db_bind_text(s, 6, r->due_on);
	db_bind_text(s, 7, r->status != NULL ? r->status : "sent");
	db_bind_int(s, 8, r->hidden_from_guardians ? 1 : 0);
	db_bind_opt_int(s, 9, r->appointment_id);
	return db_insert_id(s, id);
}

/* A request with its definition's titles and text and the names around it:
 * REQ_COLUMNS_OF the SQL for the two JSON texts (the definition and the
 * response). */
#define REQ_COLUMNS_OF(resource, response)                                                       \
	"q.id, q.patient_id, q.questionnaire_id, q.unit_id, q.sent_by,"                          \
	" d.title_nb, d.title_en, " resource ", u.name, sp.given_name || ' ' || sp.family_name," \
	" q.sent_at, q.due_on, q.status, " response ", q.revision,"                              \
	" q.saved_at, q.submitted_at, q.read_at, q.withdrawn_at, q.saved_by, q.submitted_by,"    \
	" bp.given_name || ' ' || bp.family_name, rp.given_name || ' ' || rp.family_name,"       \
	" q.hidden_from_guardians, q.appointment_id"
#define REQ_COLUMNS REQ_COLUMNS_OF("d.resource", "q.response")
/* A list shows neither JSON text, and carrying kilobytes of them through
 * the list's sort cost the citizen home page 47,000 of its 723,000
 * instructions (issue 12): in a list, resource is "" and response NULL. */
#define REQ_LIST_COLUMNS REQ_COLUMNS_OF("''", "NULL")
enum req_col {
	REQ_ID,
	REQ_PATIENT_ID,
	REQ_QUESTIONNAIRE_ID,
	REQ_UNIT_ID,
	REQ_SENT_BY,
	REQ_TITLE_NB,
	REQ_TITLE_EN,
	REQ_RESOURCE,
	REQ_UNIT_NAME,
	REQ_SENT_BY_NAME,
	REQ_SENT_AT,
	REQ_DUE_ON,
	REQ_STATUS,
	REQ_RESPONSE,
	REQ_REVISION,
	REQ_SAVED_AT,
	REQ_SUBMITTED_AT,
	REQ_READ_AT,
	REQ_WITHDRAWN_AT,
	REQ_SAVED_BY,
	REQ_SUBMITTED_BY,
	REQ_SUBMITTED_BY_NAME,
	REQ_READ_BY_NAME,
	REQ_HIDDEN,
	REQ_APPOINTMENT,
	REQ_NCOLS
};
#define REQ_FROM                                                                          \
	" FROM questionnaire_request q JOIN questionnaire d ON d.id = q.questionnaire_id" \
	" JOIN unit u ON u.id = q.unit_id"                                                \
	" JOIN staff ss ON ss.id = q.sent_by JOIN person sp ON sp.id = ss.person_id"      \
	" LEFT JOIN person bp ON bp.id = q.submitted_by"                                  \
	" LEFT JOIN staff rs ON rs.id = q.read_by LEFT JOIN person rp ON rp.id = rs.person_id"
#define REQ_SELECT "SELECT " REQ_COLUMNS REQ_FROM
#define REQ_LIST_SELECT "SELECT " REQ_LIST_COLUMNS REQ_FROM
/* The queue's extra columns (STORE_QUEUE_PATIENT_COLUMNS), after REQ_COLUMNS. */
enum queue_col { QUEUE_PATIENT_NAME = REQ_NCOLS, QUEUE_PATIENT_NIN };

static void read_request(db_stmt *s, arena *ar, void *row)
{
	questionnaire_request *r = row;
	*r = (questionnaire_request){
	    .id = db_col_int(s, REQ_ID),
	    .patient_id = db_col_int(s, REQ_PATIENT_ID),
	    .questionnaire_id = db_col_int(s, REQ_QUESTIONNAIRE_ID),
	    .unit_id = db_col_int(s, REQ_UNIT_ID),
	    .sent_by = db_col_int(s, REQ_SENT_BY),
	    .title_nb = db_col_str(s, REQ_TITLE_NB, ar),
	    .title_en = db_col_opt_str(s, REQ_TITLE_EN, ar),
	    .resource = db_col_str(s, REQ_RESOURCE, ar),
	    .unit_name = db_col_str(s, REQ_UNIT_NAME, ar),
	    .sent_by_name = db_col_str(s, REQ_SENT_BY_NAME, ar),
	    .sent_at = db_col_int(s, REQ_SENT_AT),
	    .due_on = db_col_opt_str(s, REQ_DUE_ON, ar),
	    .status = db_col_str(s, REQ_STATUS, ar),
	    .response = db_col_opt_str(s, REQ_RESPONSE, ar),
	    .revision = db_col_int(s, REQ_REVISION),
	    .saved_at = db_col_opt_int(s, REQ_SAVED_AT),
	    .submitted_at = db_col_opt_int(s, REQ_SUBMITTED_AT),
	    .read_at = db_col_opt_int(s, REQ_READ_AT),
	    .withdrawn_at = db_col_opt_int(s, REQ_WITHDRAWN_AT),
	    .saved_by = db_col_opt_int(s, REQ_SAVED_BY),
	    .submitted_by = db_col_opt_int(s, REQ_SUBMITTED_BY),
	    .submitted_by_name = db_col_opt_str(s, REQ_SUBMITTED_BY_NAME, ar),
	    .read_by_name = db_col_opt_str(s, REQ_READ_BY_NAME, ar),
	    .hidden_from_guardians = db_col_bool(s, REQ_HIDDEN),
	    .appointment_id = db_col_opt_int(s, REQ_APPOINTMENT),
	};
}

/* A queue item: a request and its patient. */
static void read_queue_item(db_stmt *s, arena *ar, void *row)
{
	questionnaire_queue_item *it = row;
	read_request(s, ar, &it->r);
	it->patient_name = db_col_str(s, QUEUE_PATIENT_NAME, ar);
	it->patient_nin = db_col_str(s, QUEUE_PATIENT_NIN, ar);
}

status store_qrequest_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, questionnaire_request *out)
{
	db_stmt *s = db_prepare(c, REQ_SELECT " WHERE q.id = $1 AND q.patient_id = $2");
	return store_read_one_of(s, patient_id, id, ar, read_request, out);
}

status store_qrequests_all(db_conn *c, arena *ar, int64_t patient_id, size_t max, questionnaire_request **out,
                           size_t *n, bool *more)
{
	db_stmt *s =
	    db_prepare(c, REQ_LIST_SELECT " WHERE q.patient_id = $1 ORDER BY q.sent_at DESC, q.id DESC LIMIT $2");
	return store_read_list_of(s, patient_id, ar, sizeof **out, max, read_request, out, n, more);
}

/* What a citizen may see; $2 answered_since, $3 guardian_view (0 or 1). */
#define CITIZEN_VISIBLE                                                                                   \
	" AND (q.status IN ('sent', 'in_progress') OR (q.status = 'completed' AND q.submitted_at >= $2))" \
	" AND ($3 = 0 OR q.hidden_from_guardians = 0)"

status store_qrequests_for_citizen(db_conn *c, arena *ar, int64_t patient_id, unix_time answered_since,
                                   bool guardian_view, size_t max, questionnaire_request **out, size_t *n, bool *more)
{
	db_stmt *s =
	    db_prepare(c, REQ_LIST_SELECT " WHERE q.patient_id = $1" CITIZEN_VISIBLE
	                                  " ORDER BY CASE WHEN q.status = 'completed' THEN 1 ELSE 0 END,"
	                                  " COALESCE(CASE WHEN q.status = 'completed' THEN NULL ELSE q.due_on END,"
	                                  "  '9999-12-31'),"
	                                  " q.submitted_at DESC, q.sent_at DESC, q.id DESC LIMIT $4");
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, answered_since);
	db_bind_int(s, 3, guardian_view ? 1 : 0);
	db_bind_int(s, 4, (int64_t)max + 1);
	return db_read_list(s, ar, sizeof **out, max, read_request, out, n, more);
}

static void read_brief(db_stmt *s, arena *ar, void *row)
{
	questionnaire_brief *o = row;
	*o = (questionnaire_brief){
	    .id = db_col_int(s, 0),
	    .appointment_id = db_col_opt_int(s, 1),
	    .title_nb = db_col_str(s, 2, ar),
	    .title_en = db_col_opt_str(s, 3, ar),
	    .due_on = db_col_opt_str(s, 4, ar),
	};
}

status store_qrequests_open_brief(db_conn *c, arena *ar, int64_t patient_id, bool guardian_view, size_t max,
                                  questionnaire_brief **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT q.id, q.appointment_id, d.title_nb, d.title_en, q.due_on"
	                           " FROM questionnaire_request q JOIN questionnaire d ON d.id = q.questionnaire_id"
	                           " WHERE q.patient_id = $1 AND q.status IN ('sent', 'in_progress')"
	                           " AND ($2 = 0 OR q.hidden_from_guardians = 0)"
	                           " ORDER BY COALESCE(q.due_on, '9999-12-31'), q.sent_at DESC, q.id DESC LIMIT $3");
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, guardian_view ? 1 : 0);
	db_bind_int(s, 3, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, read_brief, out, n, NULL);
}

status store_qrequest_for_citizen(db_conn *c, arena *ar, int64_t patient_id, int64_t id, unix_time answered_since,
                                  bool guardian_view, questionnaire_request *out)
{
	db_stmt *s = db_prepare(c, REQ_SELECT " WHERE q.patient_id = $1" CITIZEN_VISIBLE " AND q.id = $4");
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, answered_since);
	db_bind_int(s, 3, guardian_view ? 1 : 0);
	db_bind_int(s, 4, id);
	return db_read_one(s, ar, read_request, out);
}

status store_qrequests_of_appointment(db_conn *c, arena *ar, int64_t patient_id, int64_t appointment_id,
                                      bool guardian_view, size_t max, questionnaire_request **out, size_t *n)
{
	db_stmt *s =
	    db_prepare(c, REQ_LIST_SELECT " WHERE q.patient_id = $1 AND q.appointment_id = $2"
	                                  " AND q.status <> 'withdrawn' AND ($3 = 0 OR q.hidden_from_guardians = 0)"
	                                  " ORDER BY q.sent_at, q.id LIMIT $4");
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, appointment_id);
	db_bind_int(s, 3, guardian_view ? 1 : 0);
	db_bind_int(s, 4, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, read_request, out, n, NULL);
}

status store_qrequest_save(db_conn *c, int64_t patient_id, int64_t id, int64_t revision, const char *response,
                           bool completed, int64_t person_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE questionnaire_request SET response = $1, revision = revision + 1,"
	                           " status = CASE WHEN $2 = 1 THEN 'completed' ELSE 'in_progress' END,"
	                           " saved_at = $3, saved_by = $4,"
	                           /* The casts let PostgreSQL deduce one type per parameter. */
	                           " submitted_at = CASE WHEN $2 = 1 THEN CAST($3 AS BIGINT) ELSE NULL END,"
	                           " submitted_by = CASE WHEN $2 = 1 THEN CAST($4 AS BIGINT) ELSE NULL END"
	                           " WHERE id = $5 AND patient_id = $6 AND revision = $7"
	                           " AND status IN ('sent', 'in_progress')");
	db_bind_text(s, 1, response);
	db_bind_int(s, 2, completed ? 1 : 0);
	db_bind_int(s, 3, at);
	db_bind_int(s, 4, person_id);
	db_bind_int(s, 5, id);
	db_bind_int(s, 6, patient_id);
	db_bind_int(s, 7, revision);
	return db_run_changed(s, ST_NOT_FOUND);
}

status store_qrequest_mark_read(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE questionnaire_request SET read_at = $1, read_by = $2"
	                           " WHERE id = $3 AND patient_id = $4 AND status = 'completed' AND read_at IS NULL");
	db_bind_int(s, 1, at);
	db_bind_int(s, 2, staff_id);
	db_bind_int(s, 3, id);
	db_bind_int(s, 4, patient_id);
	return db_run(s); /* a second read changes nothing */
}

status store_qrequest_withdraw(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE questionnaire_request SET status = 'withdrawn', withdrawn_at = $1,"
	                           " withdrawn_by = $2, revision = revision + 1"
	                           " WHERE id = $3 AND patient_id = $4 AND status IN ('sent', 'in_progress')");
	db_bind_int(s, 1, at);
	db_bind_int(s, 2, staff_id);
	db_bind_int(s, 3, id);
	db_bind_int(s, 4, patient_id);
	return db_run_changed(s, ST_NOT_FOUND);
}

status store_qrequests_unread(db_conn *c, arena *ar, int64_t staff_id, size_t max, questionnaire_queue_item **out,
                              size_t *n, bool *more)
{
	db_stmt *s = db_prepare(c, "SELECT " REQ_LIST_COLUMNS STORE_QUEUE_PATIENT_COLUMNS REQ_FROM
	                           " JOIN person pp ON pp.id = q.patient_id"
	                           " WHERE q.status = 'completed' AND q.read_at IS NULL"
	                           " AND (q.sent_by = $1 OR q.unit_id IN (SELECT unit_id FROM staff_unit"
	                           "  WHERE staff_id = $1 AND role = 'clinician'))"
	                           " ORDER BY q.submitted_at, q.id LIMIT $2");
	return store_read_list_of(s, staff_id, ar, sizeof **out, max, read_queue_item, out, n, more);
}

/* ---- attachments ------------------------------------------------------------------ */

#define QATT_COLUMNS "t.id, t.request_id, t.patient_id, t.link_id, t.added_by, " STORED_FILE_COLUMNS("t.")
enum qatt_col {
	QATT_ID,
	QATT_REQUEST_ID,
	QATT_PATIENT_ID,
	QATT_LINK_ID,
	QATT_ADDED_BY,
	QATT_FILE,
	QATT_NCOLS = QATT_FILE + STORED_FILE_NCOLS
};

static void read_qattachment(db_stmt *s, arena *ar, void *row)
{
	questionnaire_attachment *a = row;
	*a = (questionnaire_attachment){
	    .id = db_col_int(s, QATT_ID),
	    .request_id = db_col_int(s, QATT_REQUEST_ID),
	    .patient_id = db_col_int(s, QATT_PATIENT_ID),
	    .link_id = db_col_str(s, QATT_LINK_ID, ar),
	    .added_by = db_col_int(s, QATT_ADDED_BY),
	    .file = store_file_read(s, QATT_FILE, ar),
	};
}

/* The request is the patient's and may still be answered. */
#define QATT_OPEN_REQUEST                                                                      \
	" EXISTS (SELECT 1 FROM questionnaire_request r WHERE r.id = $1 AND r.patient_id = $2" \
	" AND r.status IN ('sent', 'in_progress'))"

status store_qattachment_delete(db_conn *c, int64_t patient_id, int64_t request_id, const char *link_id, int64_t id)
{
	db_stmt *s = db_prepare(c, "DELETE FROM questionnaire_attachment WHERE request_id = $1 AND patient_id = $2"
	                           " AND link_id = $3 AND ($4 = 0 OR id = $4) AND" QATT_OPEN_REQUEST);
	db_bind_int(s, 1, request_id);
	db_bind_int(s, 2, patient_id);
	db_bind_text(s, 3, link_id);
	db_bind_int(s, 4, id);
	return db_run_changed(s, ST_NOT_FOUND);
}

status store_qattachment_add(db_conn *c, const questionnaire_attachment *a, const uint8_t *data, size_t len,
                             int64_t *id)
{
	db_stmt *s =
	    db_prepare(c, "INSERT INTO questionnaire_attachment (request_id, patient_id, link_id,"
	                  " added_by, " STORED_FILE_INSERT_COLUMNS ", data)"
	                  " SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 WHERE" QATT_OPEN_REQUEST " RETURNING id");
	db_bind_int(s, 1, a->request_id);
	db_bind_int(s, 2, a->patient_id);
	db_bind_text(s, 3, a->link_id);
	db_bind_int(s, 4, a->added_by);
	store_file_bind(s, 5, &a->file);
	db_bind_blob(s, 9, data, len);
	return db_one_int(s, id); /* no row: the request is not open */
}

status store_qattachments_of_request(db_conn *c, arena *ar, int64_t patient_id, int64_t request_id, size_t max,
                                     questionnaire_attachment **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " QATT_COLUMNS " FROM questionnaire_attachment t"
	                           " WHERE t.request_id = $1 AND t.patient_id = $2 ORDER BY t.id LIMIT $3");
	db_bind_int(s, 1, request_id);
	db_bind_int(s, 2, patient_id);
	db_bind_int(s, 3, (int64_t)max);
	return db_read_list(s, ar, sizeof **out, max, read_qattachment, out, n, NULL);
}

status store_qattachment_get(db_conn *c, arena *ar, int64_t patient_id, int64_t request_id, int64_t id,
                             questionnaire_attachment *out, const uint8_t **data, size_t *len)
{
	db_stmt *s = db_prepare(c, "SELECT " QATT_COLUMNS ", t.data FROM questionnaire_attachment t"
	                           " WHERE t.id = $1 AND t.request_id = $2 AND t.patient_id = $3");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, request_id);
	db_bind_int(s, 3, patient_id);
	return db_read_one_and_blob(s, ar, read_qattachment, out, QATT_NCOLS, data, len);
}
