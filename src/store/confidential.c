/* confidential.c (store) — the mark hiding an item from the parents of a
 * 12–15-year-old, one UPDATE per area's table. */
#include "store/confidential.h"

#include <string.h>

#include "store/store.h"

static const struct mark_sql {
	const char *area;
	const char *sql;
} marks[] = {
    {"results", "UPDATE test_result SET hidden_from_guardians = $3 WHERE id = $1 AND patient_id = $2"},
    {"medications", "UPDATE medication SET hidden_from_guardians = $3 WHERE id = $1 AND patient_id = $2"},
    {"allergies", "UPDATE allergy SET hidden_from_guardians = $3 WHERE id = $1 AND patient_id = $2"},
    {"issues", "UPDATE health_issue SET hidden_from_guardians = $3 WHERE id = $1 AND patient_id = $2"},
    {"vaccines", "UPDATE vaccination SET hidden_from_guardians = $3 WHERE id = $1 AND patient_id = $2"},
    {"visits", "UPDATE visit SET hidden_from_guardians = $3 WHERE id = $1 AND patient_id = $2"},
    {"stays", "UPDATE stay SET hidden_from_guardians = $3 WHERE id = $1 AND patient_id = $2"},
    {"referrals", "UPDATE referral SET hidden_from_guardians = $3 WHERE id = $1 AND patient_id = $2"},
};

status store_confidential_set(db_conn *c, const char *area, int64_t item_id, int64_t patient_id, bool hidden)
{
	for (size_t i = 0; i < ARRAY_LEN(marks); i++) {
		if (area == NULL || strcmp(marks[i].area, area) != 0)
			continue;
		db_stmt *s = db_prepare(c, marks[i].sql);
		db_bind_int(s, 1, item_id);
		db_bind_int(s, 2, patient_id);
		db_bind_int(s, 3, hidden ? 1 : 0);
		return db_run_changed(s, ST_NOT_FOUND);
	}
	return ST_NOT_FOUND;
}

/* Every area's markable items as one list: each branch of the UNION selects
 * these columns. */
enum item_col { ITEM_AREA, ITEM_ID, ITEM_LABEL, ITEM_HIDDEN };

static void read_item(db_stmt *s, arena *ar, void *row)
{
	marked_item *m = row;
	m->area = db_col_str(s, ITEM_AREA, ar);
	m->id = db_col_int(s, ITEM_ID);
	m->label = db_col_str(s, ITEM_LABEL, ar);
	m->hidden = db_col_bool(s, ITEM_HIDDEN);
}

status store_confidential_items(db_conn *c, arena *ar, int64_t patient_id, size_t max, marked_item **out, size_t *n)
{
	db_stmt *s = db_prepare(
	    c, "SELECT 'results', r.id, t.name_nb || ' ' || r.taken_on, r.hidden_from_guardians"
	       " FROM test_result r JOIN result_type t ON t.id = r.type_id WHERE r.patient_id = $1"
	       " UNION ALL SELECT 'medications', id, name || ' ' || strength, hidden_from_guardians"
	       " FROM medication WHERE patient_id = $1"
	       " UNION ALL SELECT 'allergies', id, substance, hidden_from_guardians"
	       " FROM allergy WHERE patient_id = $1 AND ended_at IS NULL"
	       " UNION ALL SELECT 'issues', id, diagnosis, hidden_from_guardians"
	       " FROM health_issue WHERE patient_id = $1 AND ended_at IS NULL"
	       " UNION ALL SELECT 'vaccines', id, vaccine_name || ' ' || given_on, hidden_from_guardians"
	       " FROM vaccination WHERE patient_id = $1"
	       " UNION ALL SELECT 'visits', id, visit_date || ' ' || COALESCE(place, ''), hidden_from_guardians"
	       " FROM visit WHERE patient_id = $1 AND kind <> 'home_care'"
	       " UNION ALL SELECT 'stays', id, kind || ' ' || from_date, hidden_from_guardians"
	       " FROM stay WHERE patient_id = $1"
	       " UNION ALL SELECT 'referrals', id, COALESCE(pathway, '') || ' ' || sent_on, hidden_from_guardians"
	       " FROM referral WHERE patient_id = $1"
	       " ORDER BY 1, 2 LIMIT $2");
	return store_read_list_of(s, patient_id, ar, sizeof **out, max, read_item, out, n, NULL);
}
