/* access_log.c (store) — the citizen's view of the access log: a page of
 * entries joined with person, staff and unit, and their count. */
#include "store/access_log.h"

#include <string.h>

static const char *col_text_or_null(db_stmt *s, int col, arena *ar)
{
	return db_col_null(s, col) ? NULL : arena_strdup(ar, db_col_text(s, col));
}

/* An entry about an item hidden from the parents of a child of 12-15 (or
 * about the marks themselves, which would betray that something is hidden),
 * for the guardian view (parameter p = 1): the audit row's what names the
 * area, its what_id the item. */
#define HIDDEN_FROM_GUARDIANS(p)                                                                               \
	" AND NOT (" p " = 1 AND (a.what = 'confidential_marks' OR EXISTS ("                                         \
	"  SELECT 1 FROM test_result i WHERE a.what = 'health.results' AND i.patient_id = a.patient_id"            \
	"   AND i.hidden_from_guardians = 1 AND CAST(i.id AS TEXT) = a.what_id"                                   \
	"  UNION ALL SELECT 1 FROM medication i WHERE a.what = 'health.medications' AND i.patient_id = a.patient_id" \
	"   AND i.hidden_from_guardians = 1 AND CAST(i.id AS TEXT) = a.what_id"                                   \
	"  UNION ALL SELECT 1 FROM allergy i WHERE a.what = 'health.allergies' AND i.patient_id = a.patient_id"    \
	"   AND i.hidden_from_guardians = 1 AND CAST(i.id AS TEXT) = a.what_id"                                   \
	"  UNION ALL SELECT 1 FROM health_issue i WHERE a.what = 'health.issues' AND i.patient_id = a.patient_id" \
	"   AND i.hidden_from_guardians = 1 AND CAST(i.id AS TEXT) = a.what_id"                                   \
	"  UNION ALL SELECT 1 FROM vaccination i WHERE a.what = 'health.vaccines' AND i.patient_id = a.patient_id" \
	"   AND i.hidden_from_guardians = 1 AND CAST(i.id AS TEXT) = a.what_id"                                   \
	"  UNION ALL SELECT 1 FROM visit i WHERE a.what = 'visits' AND i.patient_id = a.patient_id"               \
	"   AND i.hidden_from_guardians = 1 AND CAST(i.id AS TEXT) = a.what_id"                                   \
	"  UNION ALL SELECT 1 FROM stay i WHERE a.what = 'stays' AND i.patient_id = a.patient_id"                 \
	"   AND i.hidden_from_guardians = 1 AND CAST(i.id AS TEXT) = a.what_id"                                   \
	"  UNION ALL SELECT 1 FROM referral i WHERE a.what = 'referrals' AND i.patient_id = a.patient_id"         \
	"   AND i.hidden_from_guardians = 1 AND CAST(i.id AS TEXT) = a.what_id"                                   \
	"  UNION ALL SELECT 1 FROM questionnaire_request i WHERE a.what = 'questionnaires'"                       \
	"   AND i.patient_id = a.patient_id AND i.hidden_from_guardians = 1 AND CAST(i.id AS TEXT) = a.what_id)))"

status store_access_log_page(db_conn *c, arena *ar, int64_t patient_id, unix_time from, unix_time to,
                             bool guardian_view, int64_t limit, int64_t offset, access_log_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (limit <= 0)
		return ST_OK;
	/* seq breaks ties in `at` so pages never overlap or skip. */
	db_stmt *s = db_prepare(c, "SELECT a.id, a.at, a.actor_kind, a.action, a.what, a.purpose, a.actor_role,"
	                           " a.on_behalf_of, ap.given_name, ap.family_name, st.title, u.name,"
	                           " ob.given_name, ob.family_name"
	                           " FROM audit_log a"
	                           " LEFT JOIN person ap ON ap.id = a.actor_person_id"
	                           " LEFT JOIN staff st ON st.id = a.actor_staff_id"
	                           " LEFT JOIN unit u ON u.id = a.actor_unit_id"
	                           " LEFT JOIN person ob ON ob.id = a.on_behalf_of"
	                           " WHERE a.patient_id = $1 AND a.at >= $2 AND a.at < $3"
	                           " AND a.actor_kind <> 'citizen'" HIDDEN_FROM_GUARDIANS("$6")
	                           " ORDER BY a.at DESC, a.seq DESC LIMIT $4 OFFSET $5");
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, from);
	db_bind_int(s, 3, to);
	db_bind_int(s, 4, limit);
	db_bind_int(s, 5, offset);
	db_bind_int(s, 6, guardian_view ? 1 : 0);
	/* A page is small (the caller's limit), so it is allocated at once. */
	size_t cap = (size_t)limit;
	access_log_row *rows = arena_alloc(ar, cap * sizeof *rows);
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW && *n < cap) {
		access_log_row *e = &rows[(*n)++];
		e->id = db_col_int(s, 0);
		e->at = db_col_int(s, 1);
		e->actor_kind = arena_strdup(ar, db_col_text(s, 2));
		e->action = arena_strdup(ar, db_col_text(s, 3));
		e->what = arena_strdup(ar, db_col_text(s, 4));
		e->purpose = arena_strdup(ar, db_col_text(s, 5));
		e->actor_role = col_text_or_null(s, 6, ar);
		e->on_behalf_of = db_col_null(s, 7) ? 0 : db_col_int(s, 7);
		e->actor_given_name = col_text_or_null(s, 8, ar);
		e->actor_family_name = col_text_or_null(s, 9, ar);
		e->staff_title = col_text_or_null(s, 10, ar);
		e->unit_name = col_text_or_null(s, 11, ar);
		e->behalf_given_name = col_text_or_null(s, 12, ar);
		e->behalf_family_name = col_text_or_null(s, 13, ar);
	}
	status st = r == DB_ERROR ? db_stmt_status(s) : ST_OK;
	db_done(s);
	*out = rows;
	return st;
}

status store_access_log_count(db_conn *c, int64_t patient_id, unix_time from, unix_time to, bool guardian_view,
                              int64_t *out)
{
	db_stmt *s = db_prepare(c, "SELECT COUNT(*) FROM audit_log a"
	                           " WHERE a.patient_id = $1 AND a.at >= $2 AND a.at < $3 AND a.actor_kind <> 'citizen'"
	                           HIDDEN_FROM_GUARDIANS("$4"));
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, from);
	db_bind_int(s, 3, to);
	db_bind_int(s, 4, guardian_view ? 1 : 0);
	enum db_step_result r = db_step(s);
	status st = ST_OK;
	if (r == DB_ROW)
		*out = db_col_int(s, 0);
	else
		st = r == DB_ERROR ? db_stmt_status(s) : ST_INTERNAL;
	db_done(s);
	return st;
}
