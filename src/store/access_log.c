/* access_log.c (store) — the citizen's view of the access log: a page of
 * entries joined with person, staff and unit, and their count. */
#include "store/access_log.h"

/* An entry about an item hidden from the parents of a child of 12-15 (or
 * about the marks themselves, which would betray that something is hidden),
 * for the guardian view (parameter p = 1): the audit row's what names the
 * area, its what_id the item. */
#define HIDDEN_FROM_GUARDIANS(p)                                                                                     \
	" AND NOT (" p " = 1 AND (a.what = 'confidential_marks' OR EXISTS ("                                         \
	"  SELECT 1 FROM test_result i WHERE a.what = 'health.results' AND i.patient_id = a.patient_id"              \
	"   AND i.hidden_from_guardians = 1 AND CAST(i.id AS TEXT) = a.what_id"                                      \
	"  UNION ALL SELECT 1 FROM medication i WHERE a.what = 'health.medications' AND i.patient_id = a.patient_id" \
	"   AND i.hidden_from_guardians = 1 AND CAST(i.id AS TEXT) = a.what_id"                                      \
	"  UNION ALL SELECT 1 FROM allergy i WHERE a.what = 'health.allergies' AND i.patient_id = a.patient_id"      \
	"   AND i.hidden_from_guardians = 1 AND CAST(i.id AS TEXT) = a.what_id"                                      \
	"  UNION ALL SELECT 1 FROM health_issue i WHERE a.what = 'health.issues' AND i.patient_id = a.patient_id"    \
	"   AND i.hidden_from_guardians = 1 AND CAST(i.id AS TEXT) = a.what_id"                                      \
	"  UNION ALL SELECT 1 FROM vaccination i WHERE a.what = 'health.vaccines' AND i.patient_id = a.patient_id"   \
	"   AND i.hidden_from_guardians = 1 AND CAST(i.id AS TEXT) = a.what_id"                                      \
	"  UNION ALL SELECT 1 FROM visit i WHERE a.what = 'visits' AND i.patient_id = a.patient_id"                  \
	"   AND i.hidden_from_guardians = 1 AND CAST(i.id AS TEXT) = a.what_id"                                      \
	"  UNION ALL SELECT 1 FROM stay i WHERE a.what = 'stays' AND i.patient_id = a.patient_id"                    \
	"   AND i.hidden_from_guardians = 1 AND CAST(i.id AS TEXT) = a.what_id"                                      \
	"  UNION ALL SELECT 1 FROM referral i WHERE a.what = 'referrals' AND i.patient_id = a.patient_id"            \
	"   AND i.hidden_from_guardians = 1 AND CAST(i.id AS TEXT) = a.what_id"                                      \
	"  UNION ALL SELECT 1 FROM questionnaire_request i WHERE a.what = 'questionnaires'"                          \
	"   AND i.patient_id = a.patient_id AND i.hidden_from_guardians = 1 AND CAST(i.id AS TEXT) = a.what_id)))"

/* An entry with the names a person can read. */
#define ENTRY_COLUMNS                                                          \
	"a.id, a.at, a.actor_kind, a.action, a.what, a.purpose, a.actor_role," \
	" a.on_behalf_of, ap.given_name, ap.family_name, st.title, u.name,"    \
	" ob.given_name, ob.family_name"
enum entry_col {
	ENTRY_ID,
	ENTRY_AT,
	ENTRY_ACTOR_KIND,
	ENTRY_ACTION,
	ENTRY_WHAT,
	ENTRY_PURPOSE,
	ENTRY_ACTOR_ROLE,
	ENTRY_ON_BEHALF_OF,
	ENTRY_ACTOR_GIVEN_NAME,
	ENTRY_ACTOR_FAMILY_NAME,
	ENTRY_STAFF_TITLE,
	ENTRY_UNIT_NAME,
	ENTRY_BEHALF_GIVEN_NAME,
	ENTRY_BEHALF_FAMILY_NAME,
};

static void read_entry(db_stmt *s, arena *ar, void *row)
{
	access_log_row *e = row;
	*e = (access_log_row){
	    .id = db_col_int(s, ENTRY_ID),
	    .at = db_col_int(s, ENTRY_AT),
	    .actor_kind = db_col_str(s, ENTRY_ACTOR_KIND, ar),
	    .action = db_col_str(s, ENTRY_ACTION, ar),
	    .what = db_col_str(s, ENTRY_WHAT, ar),
	    .purpose = db_col_str(s, ENTRY_PURPOSE, ar),
	    .actor_role = db_col_opt_str(s, ENTRY_ACTOR_ROLE, ar),
	    .on_behalf_of = db_col_opt_int(s, ENTRY_ON_BEHALF_OF),
	    .actor_given_name = db_col_opt_str(s, ENTRY_ACTOR_GIVEN_NAME, ar),
	    .actor_family_name = db_col_opt_str(s, ENTRY_ACTOR_FAMILY_NAME, ar),
	    .staff_title = db_col_opt_str(s, ENTRY_STAFF_TITLE, ar),
	    .unit_name = db_col_opt_str(s, ENTRY_UNIT_NAME, ar),
	    .behalf_given_name = db_col_opt_str(s, ENTRY_BEHALF_GIVEN_NAME, ar),
	    .behalf_family_name = db_col_opt_str(s, ENTRY_BEHALF_FAMILY_NAME, ar),
	};
}

/* seq breaks ties in `at` so pages never overlap or skip. */
const char store_access_log_page_sql[] =
    "SELECT " ENTRY_COLUMNS " FROM audit_log a"
    " LEFT JOIN person ap ON ap.id = a.actor_person_id"
    " LEFT JOIN staff st ON st.id = a.actor_staff_id"
    " LEFT JOIN unit u ON u.id = a.actor_unit_id"
    " LEFT JOIN person ob ON ob.id = a.on_behalf_of"
    " WHERE a.patient_id = $1 AND a.at >= $2 AND a.at < $3"
    " AND a.actor_kind <> 'citizen'" HIDDEN_FROM_GUARDIANS("$6") " ORDER BY a.at DESC, a.seq DESC LIMIT $4 OFFSET $5";

/* Two texts: the citizen's own count needs no column outside the index
 * audit_log_shown, so it never reads the table. */
const char store_access_log_count_sql[] = "SELECT COUNT(*) FROM audit_log a"
                                          " WHERE a.patient_id = $1 AND a.at >= $2 AND a.at < $3"
                                          " AND a.actor_kind <> 'citizen'";
const char store_access_log_guardian_count_sql[] = "SELECT COUNT(*) FROM audit_log a"
                                                   " WHERE a.patient_id = $1 AND a.at >= $2 AND a.at < $3"
                                                   " AND a.actor_kind <> 'citizen'" HIDDEN_FROM_GUARDIANS("1");

status store_access_log_page(db_conn *c, arena *ar, int64_t patient_id, unix_time from, unix_time to,
                             bool guardian_view, int64_t limit, int64_t offset, access_log_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (limit <= 0)
		return ST_OK;
	db_stmt *s = db_prepare(c, store_access_log_page_sql);
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, from);
	db_bind_int(s, 3, to);
	db_bind_int(s, 4, limit);
	db_bind_int(s, 5, offset);
	db_bind_int(s, 6, guardian_view ? 1 : 0);
	return db_read_list(s, ar, sizeof **out, (size_t)limit, read_entry, out, n, NULL);
}

status store_access_log_count(db_conn *c, int64_t patient_id, unix_time from, unix_time to, bool guardian_view,
                              int64_t *out)
{
	db_stmt *s = db_prepare(c, guardian_view ? store_access_log_guardian_count_sql : store_access_log_count_sql);
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, from);
	db_bind_int(s, 3, to);
	return db_one_int(s, out);
}
