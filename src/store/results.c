/* results.c (store) — test results: types, results, the citizen's view by
 * release rule, the staff view and the review queue. */
#include "store/results.h"

#include <string.h>

static const char *col_text_or_null(db_stmt *s, int col, arena *ar)
{
	return db_col_null(s, col) ? NULL : arena_strdup(ar, db_col_text(s, col));
}

static int64_t col_int_or_zero(db_stmt *s, int col)
{
	return db_col_null(s, col) ? 0 : db_col_int(s, col);
}

static void bind_id_or_null(db_stmt *s, int idx, int64_t id)
{
	if (id > 0)
		db_bind_int(s, idx, id);
	else
		db_bind_null(s, idx);
}

/* ---- types ----------------------------------------------------------------- */

#define TYPE_COLS "id, code, name_nb, name_en, release_rule, value_kind, unit, ref_low, ref_high"

static void read_type(db_stmt *s, int col, arena *ar, result_type *t)
{
	t->id = db_col_int(s, col);
	t->code = arena_strdup(ar, db_col_text(s, col + 1));
	t->name_nb = arena_strdup(ar, db_col_text(s, col + 2));
	t->name_en = arena_strdup(ar, db_col_text(s, col + 3));
	t->rule = arena_strdup(ar, db_col_text(s, col + 4));
	t->value_kind = arena_strdup(ar, db_col_text(s, col + 5));
	t->unit = col_text_or_null(s, col + 6, ar);
	t->ref_low = col_text_or_null(s, col + 7, ar);
	t->ref_high = col_text_or_null(s, col + 8, ar);
}

static status one_type(db_stmt *s, arena *ar, result_type *out)
{
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(s);
	if (r == DB_ROW)
		read_type(s, 0, ar, out);
	db_done(s);
	return st;
}

status store_result_types(db_conn *c, arena *ar, result_type **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	db_stmt *s = db_prepare(c, "SELECT " TYPE_COLS " FROM result_type ORDER BY name_nb, id");
	if (s == NULL)
		return ST_INTERNAL;
	size_t cap = 0;
	result_type *items = NULL;
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			result_type *fresh = arena_alloc(ar, ncap * sizeof *fresh);
			if (*n > 0)
				memcpy(fresh, items, *n * sizeof *fresh);
			items = fresh;
			cap = ncap;
		}
		read_type(s, 0, ar, &items[(*n)++]);
	}
	status st = r == DB_ERROR ? db_stmt_status(s) : ST_OK;
	db_done(s);
	*out = items;
	return st;
}

status store_result_type_by_id(db_conn *c, arena *ar, int64_t id, result_type *out)
{
	db_stmt *s = db_prepare(c, "SELECT " TYPE_COLS " FROM result_type WHERE id = $1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	return one_type(s, ar, out);
}

status store_result_type_by_code(db_conn *c, arena *ar, const char *code, result_type *out)
{
	db_stmt *s = db_prepare(c, "SELECT " TYPE_COLS " FROM result_type WHERE code = $1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_text(s, 1, code);
	return one_type(s, ar, out);
}

/* ---- results --------------------------------------------------------------- */

status store_result_insert(db_conn *c, const result *r, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO test_result (patient_id, type_id, value, unit, taken_on, entered_by,"
	                           " entered_at, unit_id, status, assigned_to, reviewed_by, reviewed_at, released_at,"
	                           " hidden_from_guardians)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, r->patient_id);
	db_bind_int(s, 2, r->type.id);
	db_bind_text(s, 3, r->value);
	db_bind_text(s, 4, r->unit);
	db_bind_text(s, 5, r->taken_on);
	db_bind_int(s, 6, r->entered_by);
	db_bind_int(s, 7, r->entered_at);
	bind_id_or_null(s, 8, r->unit_id);
	db_bind_text(s, 9, r->status);
	bind_id_or_null(s, 10, r->assigned_to);
	bind_id_or_null(s, 11, r->reviewed_by);
	bind_id_or_null(s, 12, r->reviewed_at);
	bind_id_or_null(s, 13, r->released_at);
	db_bind_int(s, 14, r->hidden_from_guardians ? 1 : 0);
	enum db_step_result step = db_step(s);
	status st = step == DB_ROW ? ST_OK : db_stmt_status(s);
	if (step == DB_ROW)
		*id = db_col_int(s, 0);
	db_done(s);
	return st;
}

/* A result with its type and the names of the staff involved. The columns
 * are read by read_result, in this order. */
#define RESULT_COLS                                                                                     \
	"t.id, t.code, t.name_nb, t.name_en, t.release_rule, t.value_kind, t.unit, t.ref_low, t.ref_high," \
	" r.id, r.patient_id, r.value, r.unit, r.taken_on, r.entered_by,"                                 \
	" ep.given_name || ' ' || ep.family_name, r.entered_at, r.unit_id, r.status,"                     \
	" r.assigned_to, ap.given_name || ' ' || ap.family_name,"                                         \
	" r.reviewed_by, vp.given_name || ' ' || vp.family_name, r.reviewed_at, r.released_at,"           \
	" r.hidden_from_guardians"
#define RESULT_FROM                                                                                 \
	" FROM test_result r JOIN result_type t ON t.id = r.type_id"                                  \
	" JOIN staff es ON es.id = r.entered_by JOIN person ep ON ep.id = es.person_id"               \
	" LEFT JOIN staff ast ON ast.id = r.assigned_to LEFT JOIN person ap ON ap.id = ast.person_id" \
	" LEFT JOIN staff vst ON vst.id = r.reviewed_by LEFT JOIN person vp ON vp.id = vst.person_id"
#define RESULT_SELECT "SELECT " RESULT_COLS RESULT_FROM
enum { RESULT_NCOLS = 26 };

/* What a citizen may see: the rule decides, and hidden items stay hidden
 * from guardians. $2 is for_guardian (0 or 1). */
#define VISIBLE                                                                                   \
	" AND (t.release_rule = 'immediate' OR (t.release_rule = 'after_review' AND r.status = 'released'))" \
	" AND ($2 = 0 OR r.hidden_from_guardians = 0)"

static void read_result(db_stmt *s, arena *ar, result *out)
{
	read_type(s, 0, ar, &out->type);
	out->id = db_col_int(s, 9);
	out->patient_id = db_col_int(s, 10);
	out->value = arena_strdup(ar, db_col_text(s, 11));
	out->unit = col_text_or_null(s, 12, ar);
	out->taken_on = arena_strdup(ar, db_col_text(s, 13));
	out->entered_by = db_col_int(s, 14);
	out->entered_by_name = arena_strdup(ar, db_col_text(s, 15));
	out->entered_at = db_col_int(s, 16);
	out->unit_id = col_int_or_zero(s, 17);
	out->status = arena_strdup(ar, db_col_text(s, 18));
	out->assigned_to = col_int_or_zero(s, 19);
	out->assigned_to_name = col_text_or_null(s, 20, ar);
	out->reviewed_by = col_int_or_zero(s, 21);
	out->reviewed_by_name = col_text_or_null(s, 22, ar);
	out->reviewed_at = col_int_or_zero(s, 23);
	out->released_at = col_int_or_zero(s, 24);
	out->hidden_from_guardians = db_col_int(s, 25) != 0;
}

/* Reads at most max rows into a fresh arena array; *more when a row past
 * max exists (the queries ask for max + 1). */
static status collect(db_stmt *s, arena *ar, size_t max, result **out, size_t *n, bool *more)
{
	*out = arena_alloc(ar, (max ? max : 1) * sizeof **out);
	*n = 0;
	if (more != NULL)
		*more = false;
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW) {
		if (*n == max) {
			if (more != NULL)
				*more = true;
			break;
		}
		read_result(s, ar, &(*out)[(*n)++]);
	}
	status st = r == DB_ERROR ? db_stmt_status(s) : ST_OK;
	db_done(s);
	return st;
}

static status one_result(db_stmt *s, arena *ar, result *out)
{
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(s);
	if (r == DB_ROW)
		read_result(s, ar, out);
	db_done(s);
	return st;
}

status store_results_visible(db_conn *c, arena *ar, int64_t patient_id, bool for_guardian, size_t max,
                             result **out, size_t *n, bool *more)
{
	db_stmt *s = db_prepare(c, RESULT_SELECT " WHERE r.patient_id = $1" VISIBLE
	                                         " ORDER BY r.taken_on DESC, r.id DESC LIMIT $3");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, for_guardian ? 1 : 0);
	db_bind_int(s, 3, (int64_t)max + 1);
	return collect(s, ar, max, out, n, more);
}

status store_result_visible(db_conn *c, arena *ar, int64_t patient_id, int64_t id, bool for_guardian,
                            result *out)
{
	db_stmt *s = db_prepare(c, RESULT_SELECT " WHERE r.patient_id = $1" VISIBLE " AND r.id = $3");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, for_guardian ? 1 : 0);
	db_bind_int(s, 3, id);
	return one_result(s, ar, out);
}

status store_results_visible_of_type(db_conn *c, arena *ar, int64_t patient_id, int64_t type_id,
                                     bool for_guardian, size_t max, result **out, size_t *n)
{
	db_stmt *s = db_prepare(c, RESULT_SELECT " WHERE r.patient_id = $1" VISIBLE " AND r.type_id = $3"
	                                         " ORDER BY r.taken_on DESC, r.id DESC LIMIT $4");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, for_guardian ? 1 : 0);
	db_bind_int(s, 3, type_id);
	db_bind_int(s, 4, (int64_t)max);
	status st = collect(s, ar, max, out, n, NULL);
	/* Newest max, then oldest first for the chart's time axis. */
	for (size_t i = 0, j = *n; st == ST_OK && j > 1 && i < j - 1; i++, j--) {
		result tmp = (*out)[i];
		(*out)[i] = (*out)[j - 1];
		(*out)[j - 1] = tmp;
	}
	return st;
}

status store_results_all(db_conn *c, arena *ar, int64_t patient_id, size_t max, result **out, size_t *n,
                         bool *more)
{
	db_stmt *s = db_prepare(c, RESULT_SELECT " WHERE r.patient_id = $1 ORDER BY r.taken_on DESC, r.id DESC LIMIT $2");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, (int64_t)max + 1);
	return collect(s, ar, max, out, n, more);
}

status store_result_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, result *out)
{
	db_stmt *s = db_prepare(c, RESULT_SELECT " WHERE r.patient_id = $1 AND r.id = $2");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, id);
	return one_result(s, ar, out);
}

status store_result_patient(db_conn *c, int64_t id, int64_t *patient_id)
{
	db_stmt *s = db_prepare(c, "SELECT patient_id FROM test_result WHERE id = $1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(s);
	if (r == DB_ROW)
		*patient_id = db_col_int(s, 0);
	db_done(s);
	return st;
}

/* ST_NOT_FOUND when an UPDATE matched no row. */
static status changed_one(db_stmt *s)
{
	status st = db_run(s);
	return st == ST_OK && db_changes(s) == 0 ? ST_NOT_FOUND : st;
}

status store_result_release(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE test_result SET status = 'released', released_at = $4,"
	                           " reviewed_by = COALESCE(reviewed_by, $3), reviewed_at = COALESCE(reviewed_at, $4)"
	                           " WHERE id = $2 AND patient_id = $1 AND status IN ('entered', 'reviewed')"
	                           " AND type_id IN (SELECT id FROM result_type WHERE release_rule = 'after_review')");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, id);
	db_bind_int(s, 3, staff_id);
	db_bind_int(s, 4, at);
	return changed_one(s);
}

status store_result_review(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE test_result SET status = 'reviewed', reviewed_by = $3, reviewed_at = $4"
	                           " WHERE id = $2 AND patient_id = $1 AND status = 'entered'"
	                           " AND type_id IN (SELECT id FROM result_type"
	                           "  WHERE release_rule IN ('after_review', 'never'))");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, id);
	db_bind_int(s, 3, staff_id);
	db_bind_int(s, 4, at);
	return changed_one(s);
}

status store_result_take(db_conn *c, int64_t patient_id, int64_t id, int64_t staff_id)
{
	db_stmt *s = db_prepare(c, "UPDATE test_result SET assigned_to = $3"
	                           " WHERE id = $2 AND patient_id = $1 AND status = 'entered'"
	                           " AND (assigned_to IS NULL OR assigned_to = $3)"
	                           " AND type_id IN (SELECT id FROM result_type"
	                           "  WHERE release_rule IN ('after_review', 'never'))");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, id);
	db_bind_int(s, 3, staff_id);
	status st = changed_one(s);
	if (st != ST_NOT_FOUND)
		return st;
	/* Nothing changed: taken by someone else (a conflict), or not awaiting review. */
	db_stmt *q = db_prepare(c, "SELECT 1 FROM test_result WHERE id = $2 AND patient_id = $1 AND status = 'entered'"
	                           " AND assigned_to IS NOT NULL AND assigned_to <> $3");
	if (q == NULL)
		return ST_INTERNAL;
	db_bind_int(q, 1, patient_id);
	db_bind_int(q, 2, id);
	db_bind_int(q, 3, staff_id);
	enum db_step_result r = db_step(q);
	st = r == DB_ROW ? ST_CONFLICT : r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(q);
	db_done(q);
	return st;
}

status store_results_queue(db_conn *c, arena *ar, int64_t staff_id, size_t max, result_queue_item **out,
                           size_t *n, bool *more)
{
	*out = arena_alloc(ar, (max ? max : 1) * sizeof **out);
	*n = 0;
	*more = false;
	db_stmt *s = db_prepare(c, "SELECT " RESULT_COLS ", pp.given_name || ' ' || pp.family_name, pp.nin"
	                                         RESULT_FROM " JOIN person pp ON pp.id = r.patient_id"
	                                         " WHERE r.status = 'entered'"
	                                         " AND t.release_rule IN ('after_review', 'never')"
	                                         " AND (r.entered_by = $1 OR r.assigned_to = $1"
	                                         "  OR r.unit_id IN (SELECT unit_id FROM staff_unit"
	                                         "   WHERE staff_id = $1 AND role = 'clinician'))"
	                                         " ORDER BY CASE WHEN r.assigned_to = $1 THEN 0 ELSE 1 END,"
	                                         " r.entered_at, r.id LIMIT $2");
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
		result_queue_item *it = &(*out)[(*n)++];
		read_result(s, ar, &it->r);
		it->patient_name = arena_strdup(ar, db_col_text(s, RESULT_NCOLS));
		it->patient_nin = arena_strdup(ar, db_col_text(s, RESULT_NCOLS + 1));
	}
	status st = r == DB_ERROR ? db_stmt_status(s) : ST_OK;
	db_done(s);
	return st;
}
