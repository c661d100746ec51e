/* questionnaires.c (store) — questionnaire definitions and the
 * questionnaires sent to patients. */
#include "store/questionnaires.h"

#include <string.h>

#include "store/record_rows.h"

static int64_t int_or_zero(db_stmt *s, int col)
{
	return db_col_null(s, col) ? 0 : db_col_int(s, col);
}

/* ---- definitions ----------------------------------------------------------- */

#define DEF_COLS "id, url, version, title_nb, title_en, status, resource, imported_at"

static void read_def(db_stmt *s, arena *ar, questionnaire_def *d)
{
	d->id = db_col_int(s, 0);
	d->url = rr_text(s, 1, ar);
	d->version = rr_text(s, 2, ar);
	d->title_nb = rr_text(s, 3, ar);
	d->title_en = rr_text_or_null(s, 4, ar);
	d->status = rr_text(s, 5, ar);
	d->resource = rr_text(s, 6, ar);
	d->imported_at = db_col_int(s, 7);
}

static status one_def(db_stmt *s, arena *ar, questionnaire_def *out)
{
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(s);
	if (r == DB_ROW)
		read_def(s, ar, out);
	db_done(s);
	return st;
}

status store_questionnaire_by_id(db_conn *c, arena *ar, int64_t id, questionnaire_def *out)
{
	db_stmt *s = db_prepare(c, "SELECT " DEF_COLS " FROM questionnaire WHERE id = $1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	return one_def(s, ar, out);
}

status store_questionnaire_by_url(db_conn *c, arena *ar, const char *url, const char *version,
                                  questionnaire_def *out)
{
	db_stmt *s = db_prepare(c, "SELECT " DEF_COLS " FROM questionnaire WHERE url = $1 AND version = $2");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_text(s, 1, url);
	db_bind_text(s, 2, version);
	return one_def(s, ar, out);
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
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_text(s, 1, d->url);
	db_bind_text(s, 2, d->version);
	db_bind_text(s, 3, d->title_nb);
	db_bind_text(s, 4, d->title_en);
	db_bind_text(s, 5, d->status);
	db_bind_text(s, 6, d->resource);
	db_bind_int(s, 7, d->imported_at);
	st = rr_insert_id(s, id);
	*created = st == ST_OK;
	return st;
}

status store_questionnaires_active(db_conn *c, arena *ar, questionnaire_def **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(c, "SELECT " DEF_COLS " FROM questionnaire WHERE status = 'active'"
	                           " ORDER BY title_nb, version, id LIMIT 500");
	if (s == NULL)
		return ST_INTERNAL;
	size_t cap = 0;
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW) {
		*out = rr_grow(ar, *out, *n, &cap, sizeof **out);
		read_def(s, ar, &(*out)[(*n)++]);
	}
	return rr_end(s, r);
}

/* ---- questionnaires sent ------------------------------------------------------ */

status store_qrequest_insert(db_conn *c, const questionnaire_request *r, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO questionnaire_request (patient_id, questionnaire_id, unit_id, sent_by,"
	                           " sent_at, due_on, status, hidden_from_guardians)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, r->patient_id);
	db_bind_int(s, 2, r->questionnaire_id);
	db_bind_int(s, 3, r->unit_id);
	db_bind_int(s, 4, r->sent_by);
	db_bind_int(s, 5, r->sent_at);
	db_bind_text(s, 6, r->due_on);
	db_bind_text(s, 7, r->status != NULL ? r->status : "sent");
	db_bind_int(s, 8, r->hidden_from_guardians ? 1 : 0);
	return rr_insert_id(s, id);
}

/* A request with its definition's titles and text and the names around it,
 * read by read_request in this order. */
#define REQ_COLS                                                                                          \
	"q.id, q.patient_id, q.questionnaire_id, q.unit_id, q.sent_by, d.title_nb, d.title_en, d.resource," \
	" u.name, sp.given_name || ' ' || sp.family_name, q.sent_at, q.due_on, q.status, q.response,"      \
	" q.revision, q.saved_at, q.submitted_at, q.read_at, q.withdrawn_at, q.saved_by, q.submitted_by,"   \
	" bp.given_name || ' ' || bp.family_name, rp.given_name || ' ' || rp.family_name,"                 \
	" q.hidden_from_guardians"
#define REQ_FROM                                                                                        \
	" FROM questionnaire_request q JOIN questionnaire d ON d.id = q.questionnaire_id"                 \
	" JOIN unit u ON u.id = q.unit_id"                                                                \
	" JOIN staff ss ON ss.id = q.sent_by JOIN person sp ON sp.id = ss.person_id"                      \
	" LEFT JOIN person bp ON bp.id = q.submitted_by"                                                  \
	" LEFT JOIN staff rs ON rs.id = q.read_by LEFT JOIN person rp ON rp.id = rs.person_id"
#define REQ_SELECT "SELECT " REQ_COLS REQ_FROM
enum { REQ_NCOLS = 24 };

static void read_request(db_stmt *s, arena *ar, questionnaire_request *r)
{
	r->id = db_col_int(s, 0);
	r->patient_id = db_col_int(s, 1);
	r->questionnaire_id = db_col_int(s, 2);
	r->unit_id = db_col_int(s, 3);
	r->sent_by = db_col_int(s, 4);
	r->title_nb = rr_text(s, 5, ar);
	r->title_en = rr_text_or_null(s, 6, ar);
	r->resource = rr_text(s, 7, ar);
	r->unit_name = rr_text(s, 8, ar);
	r->sent_by_name = rr_text(s, 9, ar);
	r->sent_at = db_col_int(s, 10);
	r->due_on = rr_text_or_null(s, 11, ar);
	r->status = rr_text(s, 12, ar);
	r->response = rr_text_or_null(s, 13, ar);
	r->revision = db_col_int(s, 14);
	r->saved_at = int_or_zero(s, 15);
	r->submitted_at = int_or_zero(s, 16);
	r->read_at = int_or_zero(s, 17);
	r->withdrawn_at = int_or_zero(s, 18);
	r->saved_by = int_or_zero(s, 19);
	r->submitted_by = int_or_zero(s, 20);
	r->submitted_by_name = rr_text_or_null(s, 21, ar);
	r->read_by_name = rr_text_or_null(s, 22, ar);
	r->hidden_from_guardians = db_col_int(s, 23) != 0;
}

static status one_request(db_stmt *s, arena *ar, questionnaire_request *out)
{
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(s);
	if (r == DB_ROW)
		read_request(s, ar, out);
	db_done(s);
	return st;
}

/* Reads at most max rows; *more when the query (asking max + 1) has more. */
static status collect(db_stmt *s, arena *ar, size_t max, questionnaire_request **out, size_t *n, bool *more)
{
	*out = arena_alloc(ar, (max ? max : 1) * sizeof **out);
	*n = 0;
	*more = false;
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW) {
		if (*n == max) {
			*more = true;
			break;
		}
		read_request(s, ar, &(*out)[(*n)++]);
	}
	status st = r == DB_ERROR ? db_stmt_status(s) : ST_OK;
	db_done(s);
	return st;
}

status store_qrequest_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, questionnaire_request *out)
{
	db_stmt *s = db_prepare(c, REQ_SELECT " WHERE q.id = $1 AND q.patient_id = $2");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, patient_id);
	return one_request(s, ar, out);
}

status store_qrequests_all(db_conn *c, arena *ar, int64_t patient_id, size_t max, questionnaire_request **out,
                           size_t *n, bool *more)
{
	db_stmt *s = db_prepare(c, REQ_SELECT " WHERE q.patient_id = $1 ORDER BY q.sent_at DESC, q.id DESC LIMIT $2");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, (int64_t)max + 1);
	return collect(s, ar, max, out, n, more);
}

/* What a citizen may see; $2 answered_since, $3 guardian_view (0 or 1). */
#define CITIZEN_VISIBLE                                                                    \
	" AND (q.status IN ('sent', 'in_progress') OR (q.status = 'completed' AND q.submitted_at >= $2))" \
	" AND ($3 = 0 OR q.hidden_from_guardians = 0)"

status store_qrequests_for_citizen(db_conn *c, arena *ar, int64_t patient_id, unix_time answered_since,
                                   bool guardian_view, size_t max, questionnaire_request **out, size_t *n,
                                   bool *more)
{
	db_stmt *s = db_prepare(c, REQ_SELECT " WHERE q.patient_id = $1" CITIZEN_VISIBLE
	                                      " ORDER BY CASE WHEN q.status = 'completed' THEN 1 ELSE 0 END,"
	                                      " COALESCE(CASE WHEN q.status = 'completed' THEN NULL ELSE q.due_on END,"
	                                      "  '9999-12-31'),"
	                                      " q.submitted_at DESC, q.sent_at DESC, q.id DESC LIMIT $4");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, answered_since);
	db_bind_int(s, 3, guardian_view ? 1 : 0);
	db_bind_int(s, 4, (int64_t)max + 1);
	return collect(s, ar, max, out, n, more);
}

status store_qrequest_for_citizen(db_conn *c, arena *ar, int64_t patient_id, int64_t id, unix_time answered_since,
                                  bool guardian_view, questionnaire_request *out)
{
	db_stmt *s = db_prepare(c, REQ_SELECT " WHERE q.patient_id = $1" CITIZEN_VISIBLE " AND q.id = $4");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, answered_since);
	db_bind_int(s, 3, guardian_view ? 1 : 0);
	db_bind_int(s, 4, id);
	return one_request(s, ar, out);
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
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_text(s, 1, response);
	db_bind_int(s, 2, completed ? 1 : 0);
	db_bind_int(s, 3, at);
	db_bind_int(s, 4, person_id);
	db_bind_int(s, 5, id);
	db_bind_int(s, 6, patient_id);
	db_bind_int(s, 7, revision);
	return rr_update_one(s);
}

status store_qrequest_mark_read(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE questionnaire_request SET read_at = $1, read_by = $2"
	                           " WHERE id = $3 AND patient_id = $4 AND status = 'completed' AND read_at IS NULL");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, at);
	db_bind_int(s, 2, staff_id);
	db_bind_int(s, 3, id);
	db_bind_int(s, 4, patient_id);
	status st = rr_update_one(s);
	return st == ST_NOT_FOUND ? ST_OK : st;
}

status store_qrequest_withdraw(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE questionnaire_request SET status = 'withdrawn', withdrawn_at = $1,"
	                           " withdrawn_by = $2, revision = revision + 1"
	                           " WHERE id = $3 AND patient_id = $4 AND status IN ('sent', 'in_progress')");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, at);
	db_bind_int(s, 2, staff_id);
	db_bind_int(s, 3, id);
	db_bind_int(s, 4, patient_id);
	return rr_update_one(s);
}

status store_qrequests_unread(db_conn *c, arena *ar, int64_t staff_id, size_t max, questionnaire_queue_item **out,
                              size_t *n, bool *more)
{
	*out = arena_alloc(ar, (max ? max : 1) * sizeof **out);
	*n = 0;
	*more = false;
	db_stmt *s = db_prepare(c, "SELECT " REQ_COLS ", pp.given_name || ' ' || pp.family_name, pp.nin" REQ_FROM
	                           " JOIN person pp ON pp.id = q.patient_id"
	                           " WHERE q.status = 'completed' AND q.read_at IS NULL"
	                           " AND (q.sent_by = $1 OR q.unit_id IN (SELECT unit_id FROM staff_unit"
	                           "  WHERE staff_id = $1 AND role = 'clinician'))"
	                           " ORDER BY q.submitted_at, q.id LIMIT $2");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, (int64_t)max + 1);
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW) {
		if (*n == max) {
			*more = true;
			break;
		}
		questionnaire_queue_item *it = &(*out)[(*n)++];
		read_request(s, ar, &it->r);
		it->patient_name = rr_text(s, REQ_NCOLS, ar);
		it->patient_nin = rr_text(s, REQ_NCOLS + 1, ar);
	}
	status st = r == DB_ERROR ? db_stmt_status(s) : ST_OK;
	db_done(s);
	return st;
}
