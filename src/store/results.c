/* results.c (store) — test results: types, results, the citizen's view by
 * release rule, the staff view and the review queue. */
#include "store/results.h"

#include "store/store.h"

/* ---- types ----------------------------------------------------------------- */

#define TYPE_COLUMNS                                                        \
	"t.id, t.code, t.name_nb, t.name_en, t.release_rule, t.value_kind," \
	" t.unit, t.ref_low, t.ref_high"
enum type_col {
	TYPE_ID,
	TYPE_CODE,
	TYPE_NAME_NB,
	TYPE_NAME_EN,
	TYPE_RULE,
	TYPE_VALUE_KIND,
	TYPE_UNIT,
	TYPE_REF_LOW,
	TYPE_REF_HIGH,
	TYPE_NCOLS
};

static void read_type(db_stmt *s, arena *ar, void *row)
{
	result_type *t = row;
	*t = (result_type){
	    .id = db_col_int(s, TYPE_ID),
	    .code = db_col_str(s, TYPE_CODE, ar),
	    .name_nb = db_col_str(s, TYPE_NAME_NB, ar),
	    .name_en = db_col_str(s, TYPE_NAME_EN, ar),
	    .rule = db_col_str(s, TYPE_RULE, ar),
	    .value_kind = db_col_str(s, TYPE_VALUE_KIND, ar),
	    .unit = db_col_opt_str(s, TYPE_UNIT, ar),
	    .ref_low = db_col_opt_str(s, TYPE_REF_LOW, ar),
	    .ref_high = db_col_opt_str(s, TYPE_REF_HIGH, ar),
	};
}

status store_result_types(db_conn *c, arena *ar, result_type **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " TYPE_COLUMNS " FROM result_type t ORDER BY t.name_nb, t.id");
	return db_read_list(s, ar, sizeof **out, SIZE_MAX, read_type, out, n, NULL);
}

status store_result_type_by_id(db_conn *c, arena *ar, int64_t id, result_type *out)
{
	db_stmt *s = db_prepare(c, "SELECT " TYPE_COLUMNS " FROM result_type t WHERE t.id = $1");
	return store_read_one_by(s, id, ar, read_type, out);
}

status store_result_type_by_code(db_conn *c, arena *ar, const char *code, result_type *out)
{
	db_stmt *s = db_prepare(c, "SELECT " TYPE_COLUMNS " FROM result_type t WHERE t.code = $1");
	db_bind_text(s, 1, code);
	return db_read_one(s, ar, read_type, out);
}

/* ---- results --------------------------------------------------------------- */

status store_result_insert(db_conn *c, const result *r, int64_t *id)
{
	db_stmt *s =
	    db_prepare(c, "INSERT INTO test_result (patient_id, type_id, value, unit, taken_on, entered_by,"
	                  " entered_at, unit_id, status, assigned_to, reviewed_by, reviewed_at, released_at,"
	                  " hidden_from_guardians)"
	                  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id");
	db_bind_int(s, 1, r->patient_id);
	db_bind_int(s, 2, r->type.id);
	db_bind_text(s, 3, r->value);
	db_bind_text(s, 4, r->unit);
	db_bind_text(s, 5, r->taken_on);
	db_bind_int(s, 6, r->entered_by);
	db_bind_int(s, 7, r->entered_at);
	db_bind_opt_int(s, 8, r->unit_id);
	db_bind_text(s, 9, r->status);
	db_bind_opt_int(s, 10, r->assigned_to);
	db_bind_opt_int(s, 11, r->reviewed_by);
	db_bind_opt_int(s, 12, r->reviewed_at);
	db_bind_opt_int(s, 13, r->released_at);
	db_bind_int(s, 14, r->hidden_from_guardians ? 1 : 0);
	return db_insert_id(s, id);
}

/* A result with its type (TYPE_COLUMNS first) and the names of the staff
 * involved. */
#define RESULT_COLUMNS                                                                                           \
	TYPE_COLUMNS ","                                                                                         \
	             " r.id, r.patient_id, r.value, r.unit, r.taken_on,"                                         \
	             " r.entered_by, ep.given_name || ' ' || ep.family_name, r.entered_at, r.unit_id, r.status," \
	             " r.assigned_to, ap.given_name || ' ' || ap.family_name,"                                   \
	             " r.reviewed_by, vp.given_name || ' ' || vp.family_name, r.reviewed_at, r.released_at,"     \
	             " r.hidden_from_guardians"
enum result_col {
	RESULT_ID = TYPE_NCOLS,
	RESULT_PATIENT_ID,
	RESULT_VALUE,
	RESULT_UNIT,
	RESULT_TAKEN_ON,
	RESULT_ENTERED_BY,
	RESULT_ENTERED_BY_NAME,
	RESULT_ENTERED_AT,
	RESULT_UNIT_ID,
	RESULT_STATUS,
	RESULT_ASSIGNED_TO,
	RESULT_ASSIGNED_TO_NAME,
	RESULT_REVIEWED_BY,
	RESULT_REVIEWED_BY_NAME,
	RESULT_REVIEWED_AT,
	RESULT_RELEASED_AT,
	RESULT_HIDDEN,
	RESULT_NCOLS
};
#define RESULT_FROM                                                                                   \
	" FROM test_result r JOIN result_type t ON t.id = r.type_id"                                  \
	" JOIN staff es ON es.id = r.entered_by JOIN person ep ON ep.id = es.person_id"               \
	" LEFT JOIN staff ast ON ast.id = r.assigned_to LEFT JOIN person ap ON ap.id = ast.person_id" \
	" LEFT JOIN staff vst ON vst.id = r.reviewed_by LEFT JOIN person vp ON vp.id = vst.person_id"
#define RESULT_SELECT "SELECT " RESULT_COLUMNS RESULT_FROM
/* The queue's extra columns (STORE_QUEUE_PATIENT_COLUMNS), after RESULT_COLUMNS. */
enum queue_col { QUEUE_PATIENT_NAME = RESULT_NCOLS, QUEUE_PATIENT_NIN };

/* What a citizen may see: the rule decides, and hidden items stay hidden
 * from guardians. $2 is for_guardian (0 or 1). */
#define VISIBLE                                                                                              \
	" AND (t.release_rule = 'immediate' OR (t.release_rule = 'after_review' AND r.status = 'released'))" \
	" AND ($2 = 0 OR r.hidden_from_guardians = 0)"

static void read_result(db_stmt *s, arena *ar, void *row)
{
	result *out = row;
	read_type(s, ar, &out->type);
	out->id = db_col_int(s, RESULT_ID);
	out->patient_id = db_col_int(s, RESULT_PATIENT_ID);
	out->value = db_col_str(s, RESULT_VALUE, ar);
	out->unit = db_col_opt_str(s, RESULT_UNIT, ar);
	out->taken_on = db_col_str(s, RESULT_TAKEN_ON, ar);
	out->entered_by = db_col_int(s, RESULT_ENTERED_BY);
	out->entered_by_name = db_col_str(s, RESULT_ENTERED_BY_NAME, ar);
	out->entered_at = db_col_int(s, RESULT_ENTERED_AT);
	out->unit_id = db_col_opt_int(s, RESULT_UNIT_ID);
	out->status = db_col_str(s, RESULT_STATUS, ar);
	out->assigned_to = db_col_opt_int(s, RESULT_ASSIGNED_TO);
	out->assigned_to_name = db_col_opt_str(s, RESULT_ASSIGNED_TO_NAME, ar);
	out->reviewed_by = db_col_opt_int(s, RESULT_REVIEWED_BY);
	out->reviewed_by_name = db_col_opt_str(s, RESULT_REVIEWED_BY_NAME, ar);
	out->reviewed_at = db_col_opt_int(s, RESULT_REVIEWED_AT);
	out->released_at = db_col_opt_int(s, RESULT_RELEASED_AT);
	out->hidden_from_guardians = db_col_bool(s, RESULT_HIDDEN);
}

/* A queue item: a result and its patient. */
static void read_queue_item(db_stmt *s, arena *ar, void *row)
{
	result_queue_item *it = row;
	read_result(s, ar, &it->r);
	it->patient_name = db_col_str(s, QUEUE_PATIENT_NAME, ar);
	it->patient_nin = db_col_str(s, QUEUE_PATIENT_NIN, ar);
}

status store_results_visible(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, size_t max, result **out,
                             size_t *n, bool *more)
{
	db_stmt *s = db_prepare(c, RESULT_SELECT " WHERE r.patient_id = $1" VISIBLE
	                                         " ORDER BY r.taken_on DESC, r.id DESC LIMIT $3");
	return store_read_patient_list(s, patient_id, for_guardian, ar, sizeof **out, max, read_result, out, n, more);
}

status store_result_visible(db_conn *c, arena *ar, int64_t patient_id, int64_t id, bool for_guardian, result *out)
{
	db_stmt *s = db_prepare(c, RESULT_SELECT " WHERE r.patient_id = $1" VISIBLE " AND r.id = $3");
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, for_guardian ? 1 : 0);
	db_bind_int(s, 3, id);
	return db_read_one(s, ar, read_result, out);
}

status store_results_visible_of_type(db_conn *c, arena *ar, int64_t patient_id, int64_t type_id, bool for_guardian,
                                     size_t max, result **out, size_t *n)
{
	db_stmt *s = db_prepare(c, RESULT_SELECT " WHERE r.patient_id = $1" VISIBLE " AND r.type_id = $3"
	                                         " ORDER BY r.taken_on DESC, r.id DESC LIMIT $4");
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, for_guardian ? 1 : 0);
	db_bind_int(s, 3, type_id);
	db_bind_int(s, 4, (int64_t)max);
	status st = db_read_list(s, ar, sizeof **out, max, read_result, out, n, NULL);
	/* Newest max, then oldest first for the chart's time axis. */
	for (size_t i = 0, j = *n; st == ST_OK && j > 1 && i < j - 1; i++, j--) {
		result tmp = (*out)[i];
		(*out)[i] = (*out)[j - 1];
		(*out)[j - 1] = tmp;
	}
	return st;
}

status store_results_all(db_conn *c, arena *ar, int64_t patient_id, size_t max, result **out, size_t *n, bool *more)
{
	db_stmt *s =
	    db_prepare(c, RESULT_SELECT " WHERE r.patient_id = $1 ORDER BY r.taken_on DESC, r.id DESC LIMIT $2");
	return store_read_list_of(s, patient_id, ar, sizeof **out, max, read_result, out, n, more);
}

status store_result_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, result *out)
{
	db_stmt *s = db_prepare(c, RESULT_SELECT " WHERE r.id = $1 AND r.patient_id = $2");
	return store_read_one_of(s, patient_id, id, ar, read_result, out);
}

status store_result_patient(db_conn *c, int64_t id, int64_t *patient_id)
{
	db_stmt *s = db_prepare(c, "SELECT patient_id FROM test_result WHERE id = $1");
	db_bind_int(s, 1, id);
	return db_one_int(s, patient_id);
}

status store_result_release(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE test_result SET status = 'released', released_at = $3,"
	                           " reviewed_by = COALESCE(reviewed_by, $4), reviewed_at = COALESCE(reviewed_at, $3)"
	                           " WHERE id = $1 AND patient_id = $2 AND status IN ('entered', 'reviewed')"
	                           " AND type_id IN (SELECT id FROM result_type WHERE release_rule = 'after_review')");
	return store_run_staff_update(s, patient_id, id, staff_id, at, ST_NOT_FOUND);
}

status store_result_review(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE test_result SET status = 'reviewed', reviewed_by = $4, reviewed_at = $3"
	                           " WHERE id = $1 AND patient_id = $2 AND status = 'entered'"
	                           " AND type_id IN (SELECT id FROM result_type"
	                           "  WHERE release_rule IN ('after_review', 'never'))");
	return store_run_staff_update(s, patient_id, id, staff_id, at, ST_NOT_FOUND);
}

status store_result_take(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id)
{
	db_stmt *s = db_prepare(c, "UPDATE test_result SET assigned_to = $3"
	                           " WHERE id = $2 AND patient_id = $1 AND status = 'entered'"
	                           " AND (assigned_to IS NULL OR assigned_to = $3)"
	                           " AND type_id IN (SELECT id FROM result_type"
	                           "  WHERE release_rule IN ('after_review', 'never'))");
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, id);
	db_bind_int(s, 3, staff_id);
	status st = db_run_changed(s, ST_NOT_FOUND);
	if (st != ST_NOT_FOUND)
		return st;
	/* Nothing changed: taken by someone else (a conflict), or not awaiting review. */
	db_stmt *q = db_prepare(c, "SELECT 1 FROM test_result WHERE id = $2 AND patient_id = $1 AND status = 'entered'"
	                           " AND assigned_to IS NOT NULL AND assigned_to <> $3");
	db_bind_int(q, 1, patient_id);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, staff_id);
	bool taken;
	st = db_exists(q, &taken);
	return st != ST_OK ? st : taken ? ST_CONFLICT : ST_NOT_FOUND;
}

status store_results_queue(db_conn *c, arena *ar, int64_t staff_id, size_t max, result_queue_item **out, size_t *n,
                           bool *more)
{
	db_stmt *s = db_prepare(c, "SELECT " RESULT_COLUMNS STORE_QUEUE_PATIENT_COLUMNS RESULT_FROM
	                           " JOIN person pp ON pp.id = r.patient_id"
	                           " WHERE r.status = 'entered'"
	                           " AND t.release_rule IN ('after_review', 'never')"
	                           " AND (r.entered_by = $1 OR r.assigned_to = $1"
	                           "  OR r.unit_id IN (SELECT unit_id FROM staff_unit"
	                           "   WHERE staff_id = $1 AND role = 'clinician'))"
	                           " ORDER BY CASE WHEN r.assigned_to = $1 THEN 0 ELSE 1 END,"
	                           " r.entered_at, r.id LIMIT $2");
	return store_read_list_of(s, staff_id, ar, sizeof **out, max, read_queue_item, out, n, more);
}
