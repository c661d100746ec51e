/* medications.c (store) — the queries of medications, renewal requests and
 * comments (SPEC.md H1). Every read by patient walks an index on patient_id,
 * so its cost depends on that patient's rows only. */
#include "store/medications.h"

#include <string.h>

/* Open requests: the partial unique index medication_renewal_open covers
 * exactly these, so at most one per medication. */
#define OPEN_STATUSES "('sent', 'in_progress')"

static const char *text_or_null(db_stmt *s, int col, arena *ar)
{
	return db_col_null(s, col) ? NULL : arena_strdup(ar, db_col_text(s, col));
}

static int64_t int_or_zero(db_stmt *s, int col)
{
	return db_col_null(s, col) ? 0 : db_col_int(s, col);
}

static void bind_text_or_null(db_stmt *s, int idx, const char *v)
{
	if (v != NULL)
		db_bind_text(s, idx, v);
	else
		db_bind_null(s, idx);
}

static status step_one(db_stmt *s)
{
	enum db_step_result r = db_step(s);
	return r == DB_ROW ? ST_OK : r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(s);
}

/* An UPDATE that must change exactly one row: ST_CONFLICT when it changed none. */
static status run_one(db_stmt *s)
{
	status st = db_run(s);
	if (st == ST_OK && db_changes(s) == 0)
		st = ST_CONFLICT;
	db_done(s);
	return st;
}

/* ---- medications ---------------------------------------------------------- */

#define MED_COLUMNS                                                                                           \
	"m.id, m.patient_id, m.name, m.strength, m.dosage, m.prescriber_id, pp.given_name || ' ' || pp.family_name," \
	" ps.title, m.unit_id, u.name, m.start_date, m.end_date, m.created_at, m.renewed_at, m.stopped_at,"         \
	" m.stopped_by, sp.given_name || ' ' || sp.family_name, m.hidden_from_guardians"
#define MED_JOINS                                                                                             \
	" FROM medication m"                                                                                      \
	" JOIN staff ps ON ps.id = m.prescriber_id JOIN person pp ON pp.id = ps.person_id"                        \
	" JOIN unit u ON u.id = m.unit_id"                                                                        \
	" LEFT JOIN staff ss ON ss.id = m.stopped_by LEFT JOIN person sp ON sp.id = ss.person_id"

static void read_med(db_stmt *s, arena *ar, medication *m)
{
	m->id = db_col_int(s, 0);
	m->patient_id = db_col_int(s, 1);
	m->name = arena_strdup(ar, db_col_text(s, 2));
	m->strength = arena_strdup(ar, db_col_text(s, 3));
	m->dosage = arena_strdup(ar, db_col_text(s, 4));
	m->prescriber_id = db_col_int(s, 5);
	m->prescriber_name = arena_strdup(ar, db_col_text(s, 6));
	m->prescriber_title = arena_strdup(ar, db_col_text(s, 7));
	m->unit_id = db_col_int(s, 8);
	m->unit_name = arena_strdup(ar, db_col_text(s, 9));
	m->start_date = arena_strdup(ar, db_col_text(s, 10));
	m->end_date = text_or_null(s, 11, ar);
	m->created_at = db_col_int(s, 12);
	m->renewed_at = int_or_zero(s, 13);
	m->stopped_at = int_or_zero(s, 14);
	m->stopped_by = int_or_zero(s, 15);
	m->stopped_by_name = text_or_null(s, 16, ar);
	m->hidden_from_guardians = db_col_int(s, 17) != 0;
}

status store_med_insert(db_conn *c, const medication *m, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO medication (patient_id, name, strength, dosage, prescriber_id, unit_id,"
	                           " start_date, end_date, created_at, hidden_from_guardians)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, m->patient_id);
	db_bind_text(s, 2, m->name);
	db_bind_text(s, 3, m->strength);
	db_bind_text(s, 4, m->dosage);
	db_bind_int(s, 5, m->prescriber_id);
	db_bind_int(s, 6, m->unit_id);
	db_bind_text(s, 7, m->start_date);
	bind_text_or_null(s, 8, m->end_date);
	db_bind_int(s, 9, m->created_at);
	db_bind_int(s, 10, m->hidden_from_guardians ? 1 : 0);
	status st = step_one(s);
	if (st == ST_OK)
		*id = db_col_int(s, 0);
	else if (st == ST_NOT_FOUND)
		st = ST_INTERNAL;
	db_done(s);
	return st;
}

status store_med_list(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, size_t max, medication **out,
                      size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(c, "SELECT " MED_COLUMNS MED_JOINS
	                           " WHERE m.patient_id = $1 AND ($2 = 0 OR m.hidden_from_guardians = 0)"
	                           " ORDER BY CASE WHEN m.stopped_at IS NULL THEN 0 ELSE 1 END,"
	                           " m.start_date DESC, m.id DESC LIMIT $3");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, for_guardian ? 1 : 0);
	db_bind_int(s, 3, (int64_t)max);
	medication *rows = arena_alloc(ar, (max ? max : 1) * sizeof *rows);
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW && *n < max)
		read_med(s, ar, &rows[(*n)++]);
	status st = r == DB_ERROR ? db_stmt_status(s) : ST_OK;
	db_done(s);
	*out = rows;
	return st;
}

status store_med_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, bool for_guardian, medication *out)
{
	db_stmt *s = db_prepare(c, "SELECT " MED_COLUMNS MED_JOINS
	                           " WHERE m.id = $1 AND m.patient_id = $2 AND ($3 = 0 OR m.hidden_from_guardians = 0)");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, patient_id);
	db_bind_int(s, 3, for_guardian ? 1 : 0);
	status st = step_one(s);
	if (st == ST_OK)
		read_med(s, ar, out);
	db_done(s);
	return st;
}

status store_med_stop(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE medication SET stopped_at = $3, stopped_by = $4"
	                           " WHERE id = $1 AND patient_id = $2 AND stopped_at IS NULL");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, patient_id);
	db_bind_int(s, 3, at);
	db_bind_int(s, 4, staff_id);
	return run_one(s);
}

status store_med_renew(db_conn *c, int64_t id, int64_t prescriber_id, const char *end_date, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE medication SET end_date = $2, prescriber_id = $3, renewed_at = $4"
	                           " WHERE id = $1 AND stopped_at IS NULL");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, end_date);
	db_bind_int(s, 3, prescriber_id);
	db_bind_int(s, 4, at);
	return run_one(s);
}

status store_med_prescribing_unit(db_conn *c, int64_t staff_id, int64_t patient_id, int64_t *unit_id)
{
	db_stmt *s = db_prepare(c, "SELECT su.unit_id FROM staff_unit su"
	                           " LEFT JOIN patient_unit pu ON pu.unit_id = su.unit_id AND pu.person_id = $2"
	                           " WHERE su.staff_id = $1 AND su.role = 'clinician'"
	                           " ORDER BY CASE WHEN pu.person_id IS NULL THEN 1 ELSE 0 END, su.unit_id LIMIT 1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, patient_id);
	status st = step_one(s);
	if (st == ST_OK)
		*unit_id = db_col_int(s, 0);
	db_done(s);
	return st;
}

/* ---- renewal requests ------------------------------------------------------ */

#define RENEWAL_COLUMNS                                                                                     \
	"r.id, r.medication_id, r.patient_id, r.unit_id, r.requested_by, r.message, r.status, r.created_at,"   \
	" r.assigned_to, ap.given_name || ' ' || ap.family_name, r.taken_at, r.answer, r.answered_by,"         \
	" wp.given_name || ' ' || wp.family_name, r.answered_at, r.hidden_from_guardians"
#define RENEWAL_JOINS                                                                                       \
	" LEFT JOIN staff a ON a.id = r.assigned_to LEFT JOIN person ap ON ap.id = a.person_id"                \
	" LEFT JOIN staff w ON w.id = r.answered_by LEFT JOIN person wp ON wp.id = w.person_id"

static void read_renewal(db_stmt *s, arena *ar, med_renewal *r)
{
	*r = (med_renewal){0};
	r->id = db_col_int(s, 0);
	r->medication_id = db_col_int(s, 1);
	r->patient_id = db_col_int(s, 2);
	r->unit_id = db_col_int(s, 3);
	r->requested_by = db_col_int(s, 4);
	r->message = text_or_null(s, 5, ar);
	r->status = arena_strdup(ar, db_col_text(s, 6));
	r->created_at = db_col_int(s, 7);
	r->assigned_to = int_or_zero(s, 8);
	r->assigned_name = text_or_null(s, 9, ar);
	r->taken_at = int_or_zero(s, 10);
	r->answer = text_or_null(s, 11, ar);
	r->answered_by = int_or_zero(s, 12);
	r->answered_by_name = text_or_null(s, 13, ar);
	r->answered_at = int_or_zero(s, 14);
	r->hidden_from_guardians = db_col_int(s, 15) != 0;
}

status store_med_renewal_insert(db_conn *c, const med_renewal *r, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO medication_renewal (medication_id, patient_id, unit_id, requested_by,"
	                           " message, status, created_at, hidden_from_guardians)"
	                           " VALUES ($1, $2, $3, $4, $5, 'sent', $6, $7) RETURNING id");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, r->medication_id);
	db_bind_int(s, 2, r->patient_id);
	db_bind_int(s, 3, r->unit_id);
	db_bind_int(s, 4, r->requested_by);
	bind_text_or_null(s, 5, r->message);
	db_bind_int(s, 6, r->created_at);
	db_bind_int(s, 7, r->hidden_from_guardians ? 1 : 0);
	status st = step_one(s);
	if (st == ST_OK)
		*id = db_col_int(s, 0);
	else if (st == ST_NOT_FOUND)
		st = ST_INTERNAL;
	db_done(s);
	return st;
}

status store_med_renewals_of_patient(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, size_t max,
                                     med_renewal **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(c, "SELECT " RENEWAL_COLUMNS " FROM medication_renewal r"
	                           " JOIN medication m ON m.id = r.medication_id" RENEWAL_JOINS
	                           " WHERE r.patient_id = $1"
	                           " AND ($2 = 0 OR (r.hidden_from_guardians = 0 AND m.hidden_from_guardians = 0))"
	                           " ORDER BY r.created_at DESC, r.id DESC LIMIT $3");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, for_guardian ? 1 : 0);
	db_bind_int(s, 3, (int64_t)max);
	med_renewal *rows = arena_alloc(ar, (max ? max : 1) * sizeof *rows);
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW && *n < max)
		read_renewal(s, ar, &rows[(*n)++]);
	status st = r == DB_ERROR ? db_stmt_status(s) : ST_OK;
	db_done(s);
	*out = rows;
	return st;
}

status store_med_renewal_for_staff(db_conn *c, arena *ar, int64_t staff_id, int64_t id, med_renewal *out)
{
	db_stmt *s = db_prepare(c, "SELECT " RENEWAL_COLUMNS ", p.given_name || ' ' || p.family_name, p.birth_date, u.name"
	                           " FROM medication_renewal r" RENEWAL_JOINS
	                           " JOIN person p ON p.id = r.patient_id JOIN unit u ON u.id = r.unit_id"
	                           " WHERE r.id = $1 AND EXISTS (SELECT 1 FROM staff_unit su"
	                           "  WHERE su.staff_id = $2 AND su.unit_id = r.unit_id AND su.role = 'clinician')");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, staff_id);
	status st = step_one(s);
	if (st == ST_OK) {
		read_renewal(s, ar, out);
		out->patient_name = arena_strdup(ar, db_col_text(s, 16));
		out->patient_birth_date = arena_strdup(ar, db_col_text(s, 17));
		out->unit_name = arena_strdup(ar, db_col_text(s, 18));
	}
	db_done(s);
	return st;
}

status store_med_renewal_take(db_conn *c, int64_t id, int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE medication_renewal SET status = 'in_progress', assigned_to = $2, taken_at = $3"
	                           " WHERE id = $1 AND status IN " OPEN_STATUSES);
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, staff_id);
	db_bind_int(s, 3, at);
	return run_one(s);
}

status store_med_renewal_finish(db_conn *c, int64_t id, int64_t staff_id, const char *status_text,
                                const char *answer, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE medication_renewal SET status = $2, answer = $3, answered_by = $4,"
	                           " answered_at = $5, assigned_to = COALESCE(assigned_to, $4),"
	                           " taken_at = COALESCE(taken_at, $5)"
	                           " WHERE id = $1 AND status IN " OPEN_STATUSES);
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, status_text);
	bind_text_or_null(s, 3, answer);
	db_bind_int(s, 4, staff_id);
	db_bind_int(s, 5, at);
	return run_one(s);
}

status store_med_renewal_close_open(db_conn *c, int64_t medication_id, int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE medication_renewal SET status = 'closed', answered_by = $2, answered_at = $3"
	                           " WHERE medication_id = $1 AND status IN " OPEN_STATUSES);
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, medication_id);
	db_bind_int(s, 2, staff_id);
	db_bind_int(s, 3, at);
	status st = db_run(s);
	db_done(s);
	return st;
}

status store_med_renewal_queue(db_conn *c, arena *ar, int64_t staff_id, size_t max, med_renewal **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(c, "SELECT " RENEWAL_COLUMNS ", p.given_name || ' ' || p.family_name, p.birth_date, u.name"
	                           " FROM staff_unit su"
	                           " JOIN medication_renewal r ON r.unit_id = su.unit_id AND r.status IN " OPEN_STATUSES
	                           RENEWAL_JOINS
	                           " JOIN person p ON p.id = r.patient_id JOIN unit u ON u.id = r.unit_id"
	                           " WHERE su.staff_id = $1 AND su.role = 'clinician'"
	                           " ORDER BY r.created_at, r.id LIMIT $2");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, (int64_t)max);
	med_renewal *rows = arena_alloc(ar, (max ? max : 1) * sizeof *rows);
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW && *n < max) {
		med_renewal *q = &rows[(*n)++];
		read_renewal(s, ar, q);
		q->patient_name = arena_strdup(ar, db_col_text(s, 16));
		q->patient_birth_date = arena_strdup(ar, db_col_text(s, 17));
		q->unit_name = arena_strdup(ar, db_col_text(s, 18));
	}
	status st = r == DB_ERROR ? db_stmt_status(s) : ST_OK;
	db_done(s);
	*out = rows;
	return st;
}

/* ---- comments -------------------------------------------------------------- */

status store_med_comment_insert(db_conn *c, const med_comment *m, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO medication_comment (medication_id, patient_id, author_id, body, created_at,"
	                           " hidden_from_guardians) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, m->medication_id);
	db_bind_int(s, 2, m->patient_id);
	db_bind_int(s, 3, m->author_id);
	db_bind_text(s, 4, m->body);
	db_bind_int(s, 5, m->created_at);
	db_bind_int(s, 6, m->hidden_from_guardians ? 1 : 0);
	status st = step_one(s);
	if (st == ST_OK)
		*id = db_col_int(s, 0);
	else if (st == ST_NOT_FOUND)
		st = ST_INTERNAL;
	db_done(s);
	return st;
}

status store_med_comments_of_patient(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, size_t max,
                                     med_comment **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(c, "SELECT k.id, k.medication_id, k.patient_id, k.author_id,"
	                           " ap.given_name || ' ' || ap.family_name, k.body, k.created_at, k.hidden_from_guardians"
	                           " FROM medication_comment k JOIN medication m ON m.id = k.medication_id"
	                           " JOIN person ap ON ap.id = k.author_id"
	                           " WHERE k.patient_id = $1"
	                           " AND ($2 = 0 OR (k.hidden_from_guardians = 0 AND m.hidden_from_guardians = 0))"
	                           " ORDER BY k.created_at DESC, k.id DESC LIMIT $3");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, for_guardian ? 1 : 0);
	db_bind_int(s, 3, (int64_t)max);
	med_comment *rows = arena_alloc(ar, (max ? max : 1) * sizeof *rows);
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW && *n < max) {
		med_comment *k = &rows[(*n)++];
		k->id = db_col_int(s, 0);
		k->medication_id = db_col_int(s, 1);
		k->patient_id = db_col_int(s, 2);
		k->author_id = db_col_int(s, 3);
		k->author_name = arena_strdup(ar, db_col_text(s, 4));
		k->body = arena_strdup(ar, db_col_text(s, 5));
		k->created_at = db_col_int(s, 6);
		k->hidden_from_guardians = db_col_int(s, 7) != 0;
	}
	status st = r == DB_ERROR ? db_stmt_status(s) : ST_OK;
	db_done(s);
	*out = rows;
	return st;
}
