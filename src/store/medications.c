/* medications.c (store) — the queries of medications, renewal requests and
 * comments (SPEC.md H1). Every read by patient walks an index on patient_id,
 * so its cost depends on that patient's rows only. */
#include "store/medications.h"

#include "store/store.h"

/* Open requests: the partial unique index medication_renewal_open covers
 * exactly these, so at most one per medication. */
#define OPEN_STATUSES "('sent', 'in_progress')"

/* ---- medications ---------------------------------------------------------- */

#define MED_COLUMNS                                                                              \
	"m.id, m.patient_id, m.name, m.strength, m.dosage,"                                      \
	" m.prescriber_id, pp.given_name || ' ' || pp.family_name, ps.title, m.unit_id, u.name," \
	" m.start_date, m.end_date, m.created_at, m.renewed_at,"                                 \
	" m.stopped_at, m.stopped_by, sp.given_name || ' ' || sp.family_name, m.hidden_from_guardians"
enum med_col {
	MED_ID,
	MED_PATIENT_ID,
	MED_NAME,
	MED_STRENGTH,
	MED_DOSAGE,
	MED_PRESCRIBER_ID,
	MED_PRESCRIBER_NAME,
	MED_PRESCRIBER_TITLE,
	MED_UNIT_ID,
	MED_UNIT_NAME,
	MED_START_DATE,
	MED_END_DATE,
	MED_CREATED_AT,
	MED_RENEWED_AT,
	MED_STOPPED_AT,
	MED_STOPPED_BY,
	MED_STOPPED_BY_NAME,
	MED_HIDDEN,
};
#define MED_JOINS                                                                          \
	" FROM medication m"                                                               \
	" JOIN staff ps ON ps.id = m.prescriber_id JOIN person pp ON pp.id = ps.person_id" \
	" JOIN unit u ON u.id = m.unit_id"                                                 \
	" LEFT JOIN staff ss ON ss.id = m.stopped_by LEFT JOIN person sp ON sp.id = ss.person_id"

static void read_med(db_stmt *s, arena *ar, void *row)
{
	medication *m = row;
	*m = (medication){
	    .id = db_col_int(s, MED_ID),
	    .patient_id = db_col_int(s, MED_PATIENT_ID),
	    .name = db_col_str(s, MED_NAME, ar),
	    .strength = db_col_str(s, MED_STRENGTH, ar),
	    .dosage = db_col_str(s, MED_DOSAGE, ar),
	    .prescriber_id = db_col_int(s, MED_PRESCRIBER_ID),
	    .prescriber_name = db_col_str(s, MED_PRESCRIBER_NAME, ar),
	    .prescriber_title = db_col_str(s, MED_PRESCRIBER_TITLE, ar),
	    .unit_id = db_col_int(s, MED_UNIT_ID),
	    .unit_name = db_col_str(s, MED_UNIT_NAME, ar),
	    .start_date = db_col_str(s, MED_START_DATE, ar),
	    .end_date = db_col_opt_str(s, MED_END_DATE, ar),
	    .created_at = db_col_int(s, MED_CREATED_AT),
	    .renewed_at = db_col_opt_int(s, MED_RENEWED_AT),
	    .stopped_at = db_col_opt_int(s, MED_STOPPED_AT),
	    .stopped_by = db_col_opt_int(s, MED_STOPPED_BY),
	    .stopped_by_name = db_col_opt_str(s, MED_STOPPED_BY_NAME, ar),
	    .hidden_from_guardians = db_col_bool(s, MED_HIDDEN),
	};
}

status store_med_insert(db_conn *c, const medication *m, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO medication (patient_id, name, strength, dosage, prescriber_id, unit_id,"
	                           " start_date, end_date, created_at, hidden_from_guardians)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id");
	db_bind_int(s, 1, m->patient_id);
	db_bind_text(s, 2, m->name);
	db_bind_text(s, 3, m->strength);
	db_bind_text(s, 4, m->dosage);
	db_bind_int(s, 5, m->prescriber_id);
	db_bind_int(s, 6, m->unit_id);
	db_bind_text(s, 7, m->start_date);
	db_bind_text(s, 8, m->end_date);
	db_bind_int(s, 9, m->created_at);
	db_bind_int(s, 10, m->hidden_from_guardians ? 1 : 0);
	return db_insert_id(s, id);
}

status store_med_list(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, size_t max, medication **out,
                      size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " MED_COLUMNS MED_JOINS
	                           " WHERE m.patient_id = $1 AND ($2 = 0 OR m.hidden_from_guardians = 0)"
	                           " ORDER BY CASE WHEN m.stopped_at IS NULL THEN 0 ELSE 1 END,"
	                           " m.start_date DESC, m.id DESC LIMIT $3");
	return store_read_patient_list(s, patient_id, for_guardian, ar, sizeof **out, max, read_med, out, n, NULL);
}

status store_med_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, bool for_guardian, medication *out)
{
	db_stmt *s =
	    db_prepare(c, "SELECT " MED_COLUMNS MED_JOINS
	                  " WHERE m.id = $1 AND m.patient_id = $2 AND ($3 = 0 OR m.hidden_from_guardians = 0)");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, patient_id);
	db_bind_int(s, 3, for_guardian ? 1 : 0);
	return db_read_one(s, ar, read_med, out);
}

status store_med_stop(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE medication SET stopped_at = $3, stopped_by = $4"
	                           " WHERE id = $1 AND patient_id = $2 AND stopped_at IS NULL");
	return store_run_staff_update(s, patient_id, id, staff_id, at, ST_CONFLICT);
}

status store_med_renew(db_conn *c, int64_t id, int64_t prescriber_id, const char *end_date, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE medication SET end_date = $2, prescriber_id = $3, renewed_at = $4"
	                           " WHERE id = $1 AND stopped_at IS NULL");
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, end_date);
	db_bind_int(s, 3, prescriber_id);
	db_bind_int(s, 4, at);
	return db_run_changed(s, ST_CONFLICT);
}

status store_med_prescribing_unit(db_conn *c, int64_t staff_id, int64_t patient_id, int64_t *unit_id)
{
	db_stmt *s = db_prepare(c, "SELECT su.unit_id FROM staff_unit su"
	                           " LEFT JOIN patient_unit pu ON pu.unit_id = su.unit_id AND pu.person_id = $2"
	                           " WHERE su.staff_id = $1 AND su.role = 'clinician'"
	                           " ORDER BY CASE WHEN pu.person_id IS NULL THEN 1 ELSE 0 END, su.unit_id LIMIT 1");
	db_bind_int(s, 1, staff_id);
	db_bind_int(s, 2, patient_id);
	return db_one_int(s, unit_id);
}

/* ---- renewal requests ------------------------------------------------------ */

#define RENEWAL_COLUMNS                                                                    \
	"r.id, r.medication_id, r.patient_id, r.unit_id, r.requested_by,"                  \
	" r.message, r.status, r.created_at,"                                              \
	" r.assigned_to, ap.given_name || ' ' || ap.family_name, r.taken_at,"              \
	" r.answer, r.answered_by, wp.given_name || ' ' || wp.family_name, r.answered_at," \
	" r.hidden_from_guardians"
enum renewal_col {
	RENEWAL_ID,
	RENEWAL_MEDICATION_ID,
	RENEWAL_PATIENT_ID,
	RENEWAL_UNIT_ID,
	RENEWAL_REQUESTED_BY,
	RENEWAL_MESSAGE,
	RENEWAL_STATUS,
	RENEWAL_CREATED_AT,
	RENEWAL_ASSIGNED_TO,
	RENEWAL_ASSIGNED_NAME,
	RENEWAL_TAKEN_AT,
	RENEWAL_ANSWER,
	RENEWAL_ANSWERED_BY,
	RENEWAL_ANSWERED_BY_NAME,
	RENEWAL_ANSWERED_AT,
	RENEWAL_HIDDEN,
	RENEWAL_NCOLS
};
#define RENEWAL_JOINS                                                                           \
	" LEFT JOIN staff a ON a.id = r.assigned_to LEFT JOIN person ap ON ap.id = a.person_id" \
	" LEFT JOIN staff w ON w.id = r.answered_by LEFT JOIN person wp ON wp.id = w.person_id"
/* The queue's and one request's extra columns, after RENEWAL_COLUMNS. */
#define RENEWAL_PLACE_COLUMNS ", p.given_name || ' ' || p.family_name, p.birth_date, u.name"
enum renewal_place_col { RENEWAL_PATIENT_NAME = RENEWAL_NCOLS, RENEWAL_PATIENT_BIRTH_DATE, RENEWAL_UNIT_NAME };

static void read_renewal(db_stmt *s, arena *ar, void *row)
{
	med_renewal *r = row;
	*r = (med_renewal){
	    .id = db_col_int(s, RENEWAL_ID),
	    .medication_id = db_col_int(s, RENEWAL_MEDICATION_ID),
	    .patient_id = db_col_int(s, RENEWAL_PATIENT_ID),
	    .unit_id = db_col_int(s, RENEWAL_UNIT_ID),
	    .requested_by = db_col_int(s, RENEWAL_REQUESTED_BY),
	    .message = db_col_opt_str(s, RENEWAL_MESSAGE, ar),
	    .status = db_col_str(s, RENEWAL_STATUS, ar),
	    .created_at = db_col_int(s, RENEWAL_CREATED_AT),
	    .assigned_to = db_col_opt_int(s, RENEWAL_ASSIGNED_TO),
	    .assigned_name = db_col_opt_str(s, RENEWAL_ASSIGNED_NAME, ar),
	    .taken_at = db_col_opt_int(s, RENEWAL_TAKEN_AT),
	    .answer = db_col_opt_str(s, RENEWAL_ANSWER, ar),
	    .answered_by = db_col_opt_int(s, RENEWAL_ANSWERED_BY),
	    .answered_by_name = db_col_opt_str(s, RENEWAL_ANSWERED_BY_NAME, ar),
	    .answered_at = db_col_opt_int(s, RENEWAL_ANSWERED_AT),
	    .hidden_from_guardians = db_col_bool(s, RENEWAL_HIDDEN),
	};
}

/* A request with the patient and unit names (RENEWAL_PLACE_COLUMNS). */
static void read_placed_renewal(db_stmt *s, arena *ar, void *row)
{
	med_renewal *r = row;
	read_renewal(s, ar, r);
	r->patient_name = db_col_str(s, RENEWAL_PATIENT_NAME, ar);
	r->patient_birth_date = db_col_str(s, RENEWAL_PATIENT_BIRTH_DATE, ar);
	r->unit_name = db_col_str(s, RENEWAL_UNIT_NAME, ar);
}

status store_med_renewal_insert(db_conn *c, const med_renewal *r, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO medication_renewal (medication_id, patient_id, unit_id, requested_by,"
	                           " message, status, created_at, hidden_from_guardians)"
	                           " VALUES ($1, $2, $3, $4, $5, 'sent', $6, $7) RETURNING id");
	db_bind_int(s, 1, r->medication_id);
	db_bind_int(s, 2, r->patient_id);
	db_bind_int(s, 3, r->unit_id);
	db_bind_int(s, 4, r->requested_by);
	db_bind_text(s, 5, r->message);
	db_bind_int(s, 6, r->created_at);
	db_bind_int(s, 7, r->hidden_from_guardians ? 1 : 0);
	return db_insert_id(s, id);
}

status store_med_renewals_of_patient(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, size_t max,
                                     med_renewal **out, size_t *n)
{
	db_stmt *s =
	    db_prepare(c, "SELECT " RENEWAL_COLUMNS " FROM medication_renewal r"
	                  " JOIN medication m ON m.id = r.medication_id" RENEWAL_JOINS " WHERE r.patient_id = $1"
	                  " AND ($2 = 0 OR (r.hidden_from_guardians = 0 AND m.hidden_from_guardians = 0))"
	                  " ORDER BY r.created_at DESC, r.id DESC LIMIT $3");
	return store_read_patient_list(s, patient_id, for_guardian, ar, sizeof **out, max, read_renewal, out, n, NULL);
}

status store_med_renewal_for_staff(db_conn *c, arena *ar, int64_t staff_id, int64_t id, med_renewal *out)
{
	db_stmt *s =
	    db_prepare(c, "SELECT " RENEWAL_COLUMNS RENEWAL_PLACE_COLUMNS " FROM medication_renewal r" RENEWAL_JOINS
	                  " JOIN person p ON p.id = r.patient_id JOIN unit u ON u.id = r.unit_id"
	                  " WHERE r.id = $1 AND EXISTS (SELECT 1 FROM staff_unit su"
	                  "  WHERE su.staff_id = $2 AND su.unit_id = r.unit_id AND su.role = 'clinician')");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, staff_id);
	return db_read_one(s, ar, read_placed_renewal, out);
}

status store_med_renewal_take(db_conn *c, int64_t id, int64_t staff_id, unix_time at)
{
	db_stmt *s =
	    db_prepare(c, "UPDATE medication_renewal SET status = 'in_progress', assigned_to = $2, taken_at = $3"
	                  " WHERE id = $1 AND status IN " OPEN_STATUSES);
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, staff_id);
	db_bind_int(s, 3, at);
	return db_run_changed(s, ST_CONFLICT);
}

status store_med_renewal_finish(db_conn *c, int64_t id, int64_t staff_id, const char *status_text, const char *answer,
                                unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE medication_renewal SET status = $2, answer = $3, answered_by = $4,"
	                           " answered_at = $5, assigned_to = COALESCE(assigned_to, $4),"
	                           " taken_at = COALESCE(taken_at, $5)"
	                           " WHERE id = $1 AND status IN " OPEN_STATUSES);
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, status_text);
	db_bind_text(s, 3, answer);
	db_bind_int(s, 4, staff_id);
	db_bind_int(s, 5, at);
	return db_run_changed(s, ST_CONFLICT);
}

status store_med_renewal_close_open(db_conn *c, int64_t medication_id, int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE medication_renewal SET status = 'closed', answered_by = $2, answered_at = $3"
	                           " WHERE medication_id = $1 AND status IN " OPEN_STATUSES);
	db_bind_int(s, 1, medication_id);
	db_bind_int(s, 2, staff_id);
	db_bind_int(s, 3, at);
	return db_run(s);
}

status store_med_renewal_queue(db_conn *c, arena *ar, int64_t staff_id, size_t max, med_renewal **out, size_t *n)
{
	db_stmt *s = db_prepare(
	    c, "SELECT " RENEWAL_COLUMNS RENEWAL_PLACE_COLUMNS " FROM staff_unit su"
	       " JOIN medication_renewal r ON r.unit_id = su.unit_id AND r.status IN " OPEN_STATUSES RENEWAL_JOINS
	       " JOIN person p ON p.id = r.patient_id JOIN unit u ON u.id = r.unit_id"
	       " WHERE su.staff_id = $1 AND su.role = 'clinician'"
	       " ORDER BY r.created_at, r.id LIMIT $2");
	return store_read_list_of(s, staff_id, ar, sizeof **out, max, read_placed_renewal, out, n, NULL);
}

/* ---- comments -------------------------------------------------------------- */

status store_med_comment_insert(db_conn *c, const med_comment *m, int64_t *id)
{
	db_stmt *s =
	    db_prepare(c, "INSERT INTO medication_comment (medication_id, patient_id, author_id, body, created_at,"
	                  " hidden_from_guardians) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");
	db_bind_int(s, 1, m->medication_id);
	db_bind_int(s, 2, m->patient_id);
	db_bind_int(s, 3, m->author_id);
	db_bind_text(s, 4, m->body);
	db_bind_int(s, 5, m->created_at);
	db_bind_int(s, 6, m->hidden_from_guardians ? 1 : 0);
	return db_insert_id(s, id);
}

#define COMMENT_COLUMNS                                     \
	"k.id, k.medication_id, k.patient_id, k.author_id," \
	" ap.given_name || ' ' || ap.family_name, k.body, k.created_at, k.hidden_from_guardians"
enum comment_col {
	COMMENT_ID,
	COMMENT_MEDICATION_ID,
	COMMENT_PATIENT_ID,
	COMMENT_AUTHOR_ID,
	COMMENT_AUTHOR_NAME,
	COMMENT_BODY,
	COMMENT_CREATED_AT,
	COMMENT_HIDDEN,
};

static void read_comment(db_stmt *s, arena *ar, void *row)
{
	med_comment *k = row;
	*k = (med_comment){
	    .id = db_col_int(s, COMMENT_ID),
	    .medication_id = db_col_int(s, COMMENT_MEDICATION_ID),
	    .patient_id = db_col_int(s, COMMENT_PATIENT_ID),
	    .author_id = db_col_int(s, COMMENT_AUTHOR_ID),
	    .author_name = db_col_str(s, COMMENT_AUTHOR_NAME, ar),
	    .body = db_col_str(s, COMMENT_BODY, ar),
	    .created_at = db_col_int(s, COMMENT_CREATED_AT),
	    .hidden_from_guardians = db_col_bool(s, COMMENT_HIDDEN),
	};
}

status store_med_comments_of_patient(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, size_t max,
                                     med_comment **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " COMMENT_COLUMNS
	                           " FROM medication_comment k JOIN medication m ON m.id = k.medication_id"
	                           " JOIN person ap ON ap.id = k.author_id"
	                           " WHERE k.patient_id = $1"
	                           " AND ($2 = 0 OR (k.hidden_from_guardians = 0 AND m.hidden_from_guardians = 0))"
	                           " ORDER BY k.created_at DESC, k.id DESC LIMIT $3");
	return store_read_patient_list(s, patient_id, for_guardian, ar, sizeof **out, max, read_comment, out, n, NULL);
}
