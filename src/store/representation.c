/* representation.c (store) — representations and capacity applications. */
#include "store/representation.h"

#include "store/register.h"
#include "store/store.h"

status store_repr_insert(db_conn *c, const representation *r, int64_t created_by, unix_time at, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO representation (representative_id, represented_id, basis, kind,"
	                           " valid_from, valid_until, created_at, created_by)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
	db_bind_int(s, 1, r->representative_id);
	db_bind_int(s, 2, r->represented_id);
	db_bind_text(s, 3, r->basis);
	db_bind_text(s, 4, r->kind);
	db_bind_text(s, 5, r->valid_from);
	db_bind_text(s, 6, r->valid_until);
	db_bind_int(s, 7, at);
	db_bind_int(s, 8, created_by);
	return db_insert_id(s, id);
}

#define REPR_COLUMNS                                                                                 \
	"r.id, r.representative_id, r.represented_id, r.basis, r.kind, r.valid_from, r.valid_until," \
	" r.created_at, r.ended_at"
enum repr_col {
	REPR_ID,
	REPR_REPRESENTATIVE_ID,
	REPR_REPRESENTED_ID,
	REPR_BASIS,
	REPR_KIND,
	REPR_VALID_FROM,
	REPR_VALID_UNTIL,
	REPR_CREATED_AT,
	REPR_ENDED_AT,
	REPR_NCOLS
};
/* The lists' extra column, after REPR_COLUMNS: the other party's name. */
#define REPR_OTHER_COLUMNS ", p.given_name || ' ' || p.family_name"
enum repr_other_col { REPR_OTHER_NAME = REPR_NCOLS };

static void read_repr(db_stmt *s, arena *ar, void *row)
{
	representation *out = row;
	*out = (representation){
	    .id = db_col_int(s, REPR_ID),
	    .representative_id = db_col_int(s, REPR_REPRESENTATIVE_ID),
	    .represented_id = db_col_int(s, REPR_REPRESENTED_ID),
	    .basis = db_col_str(s, REPR_BASIS, ar),
	    .kind = db_col_str(s, REPR_KIND, ar),
	    .valid_from = db_col_str(s, REPR_VALID_FROM, ar),
	    .valid_until = db_col_opt_str(s, REPR_VALID_UNTIL, ar),
	    .created_at = db_col_int(s, REPR_CREATED_AT),
	    .ended_at = db_col_opt_int(s, REPR_ENDED_AT),
	};
}

/* A representation with the other party's name (REPR_OTHER_COLUMNS). */
static void read_repr_with_other(db_stmt *s, arena *ar, void *row)
{
	representation *r = row;
	read_repr(s, ar, r);
	r->other_name = db_col_str(s, REPR_OTHER_NAME, ar);
}

status store_repr_get(db_conn *c, arena *ar, int64_t id, representation *out)
{
	db_stmt *s = db_prepare(c, "SELECT " REPR_COLUMNS " FROM representation r WHERE r.id = $1");
	return store_read_one_by(s, id, ar, read_repr, out);
}

status store_repr_between(db_conn *c, arena *ar, int64_t representative_id, int64_t represented_id, representation *out)
{
	db_stmt *s = db_prepare(c, "SELECT " REPR_COLUMNS " FROM representation r"
	                           " WHERE r.representative_id = $1 AND r.represented_id = $2 AND r.ended_at IS NULL"
	                           " ORDER BY r.id DESC LIMIT 1");
	db_bind_int(s, 1, representative_id);
	db_bind_int(s, 2, represented_id);
	return db_read_one(s, ar, read_repr, out);
}

status store_repr_end(db_conn *c, int64_t id, int64_t ended_by, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE representation SET ended_at = $3, ended_by = $2"
	                           " WHERE id = $1 AND ended_at IS NULL");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, ended_by);
	db_bind_int(s, 3, at);
	return db_run_changed(s, ST_NOT_FOUND);
}

status store_repr_end_between(db_conn *c, int64_t representative_id, int64_t represented_id, int64_t ended_by,
                              unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE representation SET ended_at = $4, ended_by = $3"
	                           " WHERE representative_id = $1 AND represented_id = $2 AND ended_at IS NULL");
	db_bind_int(s, 1, representative_id);
	db_bind_int(s, 2, represented_id);
	db_bind_int(s, 3, ended_by);
	db_bind_int(s, 4, at);
	return db_run(s);
}

status store_repr_list(db_conn *c, arena *ar, int64_t person_id, int as, size_t max, representation **out, size_t *n)
{
	db_stmt *s = as == 0 ? db_prepare(c, "SELECT " REPR_COLUMNS REPR_OTHER_COLUMNS
	                                     " FROM representation r JOIN person p ON p.id = r.represented_id"
	                                     " WHERE r.representative_id = $1 AND r.ended_at IS NULL"
	                                     " ORDER BY r.id DESC LIMIT $2")
	                     : db_prepare(c, "SELECT " REPR_COLUMNS REPR_OTHER_COLUMNS
	                                     " FROM representation r JOIN person p ON p.id = r.representative_id"
	                                     " WHERE r.represented_id = $1 AND r.ended_at IS NULL"
	                                     " ORDER BY r.id DESC LIMIT $2");
	return store_read_list_of(s, person_id, ar, sizeof **out, max, read_repr_with_other, out, n, NULL);
}

status store_repr_parents_at_address(db_conn *c, int64_t child_id, int64_t *count)
{
	db_stmt *s = db_prepare(c, "SELECT COUNT(*) FROM parental_responsibility pr"
	                           " JOIN person parent ON parent.id = pr.parent_id"
	                           " JOIN person child ON child.id = pr.child_id"
	                           " WHERE pr.child_id = $1 AND child.address_id IS NOT NULL"
	                           " AND parent.address_id = child.address_id");
	db_bind_int(s, 1, child_id);
	return db_one_int(s, count);
}

status store_capacity_insert(db_conn *c, const capacity_application *a, const uint8_t *document, size_t len,
                             int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO capacity_application (applicant_id, person_id, relation, statement,"
	                           " document_type, document_data, document_base64, submitted_at, status)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, '', $7, 'pending') RETURNING id");
	db_bind_int(s, 1, a->applicant_id);
	db_bind_int(s, 2, a->person_id);
	db_bind_text(s, 3, a->relation);
	db_bind_text(s, 4, a->statement);
	db_bind_text(s, 5, a->document_type);
	db_bind_blob(s, 6, document, len);
	db_bind_int(s, 7, a->submitted_at);
	return db_insert_id(s, id);
}

#define CAPACITY_COLUMNS                                                                   \
	"a.id, a.applicant_id, a.person_id, a.relation, a.statement,"                      \
	" a.document_type, a.submitted_at,"                                                \
	" a.status, a.taken_by, a.decided_by, a.decision_reason, a.representation_id,"     \
	" ap.given_name || ' ' || ap.family_name, pe.given_name || ' ' || pe.family_name," \
	" tp.given_name || ' ' || tp.family_name, dp.given_name || ' ' || dp.family_name, a.decided_at"
enum capacity_col {
	CAPACITY_ID,
	CAPACITY_APPLICANT_ID,
	CAPACITY_PERSON_ID,
	CAPACITY_RELATION,
	CAPACITY_STATEMENT,
	CAPACITY_DOCUMENT_TYPE,
	CAPACITY_SUBMITTED_AT,
	CAPACITY_STATUS,
	CAPACITY_TAKEN_BY,
	CAPACITY_DECIDED_BY,
	CAPACITY_DECISION_REASON,
	CAPACITY_REPRESENTATION_ID,
	CAPACITY_APPLICANT_NAME,
	CAPACITY_PERSON_NAME,
	CAPACITY_TAKEN_BY_NAME,
	CAPACITY_DECIDED_BY_NAME,
	CAPACITY_DECIDED_AT,
};
#define CAPACITY_FROM                                                                           \
	" FROM capacity_application a JOIN person ap ON ap.id = a.applicant_id"                 \
	" JOIN person pe ON pe.id = a.person_id"                                                \
	" LEFT JOIN staff ts ON ts.id = a.taken_by LEFT JOIN person tp ON tp.id = ts.person_id" \
	" LEFT JOIN staff ds ON ds.id = a.decided_by LEFT JOIN person dp ON dp.id = ds.person_id"

static void read_capacity(db_stmt *s, arena *ar, void *row)
{
	capacity_application *out = row;
	*out = (capacity_application){
	    .id = db_col_int(s, CAPACITY_ID),
	    .applicant_id = db_col_int(s, CAPACITY_APPLICANT_ID),
	    .person_id = db_col_int(s, CAPACITY_PERSON_ID),
	    .relation = db_col_str(s, CAPACITY_RELATION, ar),
	    .statement = db_col_str(s, CAPACITY_STATEMENT, ar),
	    .document_type = db_col_str(s, CAPACITY_DOCUMENT_TYPE, ar),
	    .submitted_at = db_col_int(s, CAPACITY_SUBMITTED_AT),
	    .status = db_col_str(s, CAPACITY_STATUS, ar),
	    .taken_by = db_col_opt_int(s, CAPACITY_TAKEN_BY),
	    .decided_by = db_col_opt_int(s, CAPACITY_DECIDED_BY),
	    .decision_reason = db_col_opt_str(s, CAPACITY_DECISION_REASON, ar),
	    .representation_id = db_col_opt_int(s, CAPACITY_REPRESENTATION_ID),
	    .applicant_name = db_col_str(s, CAPACITY_APPLICANT_NAME, ar),
	    .person_name = db_col_str(s, CAPACITY_PERSON_NAME, ar),
	    .taken_by_name = db_col_opt_str(s, CAPACITY_TAKEN_BY_NAME, ar),
	    .decided_by_name = db_col_opt_str(s, CAPACITY_DECIDED_BY_NAME, ar),
	    .decided_at = db_col_opt_int(s, CAPACITY_DECIDED_AT),
	};
}

status store_capacity_get(db_conn *c, arena *ar, int64_t id, capacity_application *out)
{
	db_stmt *s = db_prepare(c, "SELECT " CAPACITY_COLUMNS CAPACITY_FROM " WHERE a.id = $1");
	return store_read_one_by(s, id, ar, read_capacity, out);
}

struct capacity_bytes {
	uint8_t **data;
	size_t *len;
};

static void read_bytes(db_stmt *s, arena *ar, void *row)
{
	struct capacity_bytes *b = row;
	*b->data = db_col_blob(s, 0, ar, b->len);
}

status store_capacity_document(db_conn *c, arena *ar, int64_t id, uint8_t **data, size_t *len)
{
	db_stmt *s = db_prepare(c, "SELECT document_data FROM capacity_application WHERE id = $1");
	db_bind_int(s, 1, id);
	struct capacity_bytes b = {data, len};
	return db_read_one(s, ar, read_bytes, &b);
}

status store_capacity_list_open(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, size_t max,
                                capacity_application **out, size_t *n, bool *more)
{
	db_stmt *s =
	    db_prepare(c, "SELECT " CAPACITY_COLUMNS CAPACITY_FROM " WHERE a.status IN ('pending', 'taken')"
	                  " AND EXISTS (SELECT 1 FROM patient_unit pu JOIN staff_unit su ON su.unit_id = pu.unit_id"
	                  "  WHERE pu.person_id = a.person_id AND su.staff_id = $2"
	                  "  AND (" STORE_ROLE_BIT("su.role") " & $3) <> 0)"
	                                                      " ORDER BY a.submitted_at, a.id LIMIT $1");
	db_bind_int(s, 1, (int64_t)max + 1);
	db_bind_int(s, 2, staff_id);
	db_bind_int(s, 3, roles);
	return db_read_list(s, ar, sizeof **out, max, read_capacity, out, n, more);
}

status store_capacity_list_by_applicant(db_conn *c, arena *ar, int64_t applicant_id, size_t max,
                                        capacity_application **out, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " CAPACITY_COLUMNS CAPACITY_FROM " WHERE a.applicant_id = $1"
	                           " ORDER BY a.submitted_at DESC, a.id DESC LIMIT $2");
	return store_read_list_of(s, applicant_id, ar, sizeof **out, max, read_capacity, out, n, NULL);
}

status store_capacity_open_between(db_conn *c, int64_t applicant_id, int64_t person_id, bool *out)
{
	db_stmt *s = db_prepare(c, "SELECT 1 FROM capacity_application WHERE applicant_id = $1 AND person_id = $2"
	                           " AND status IN ('pending', 'taken') LIMIT 1");
	db_bind_int(s, 1, applicant_id);
	db_bind_int(s, 2, person_id);
	return db_exists(s, out);
}

status store_capacity_assign(db_conn *c, int64_t id, int64_t staff_id, int64_t previous)
{
	db_stmt *s = db_prepare(c, "UPDATE capacity_application SET status = 'taken', taken_by = $2"
	                           " WHERE id = $1 AND status IN ('pending', 'taken') AND COALESCE(taken_by, 0) = $3");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, staff_id);
	db_bind_int(s, 3, previous);
	return db_run_changed(s, ST_CONFLICT);
}

status store_capacity_decide(db_conn *c, int64_t id, int64_t staff_id, unix_time at, const char *status_text,
                             const char *reason, int64_t representation_id)
{
	db_stmt *s = db_prepare(c, "UPDATE capacity_application SET status = $3, decided_by = $2, decided_at = $4,"
	                           " decision_reason = $5, representation_id = $6"
	                           " WHERE id = $1 AND status = 'taken' AND taken_by = $2");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, staff_id);
	db_bind_text(s, 3, status_text);
	db_bind_int(s, 4, at);
	db_bind_text(s, 5, reason);
	db_bind_opt_int(s, 6, representation_id);
	return db_run_changed(s, ST_CONFLICT);
}

status store_persons_connected(db_conn *c, int64_t a, int64_t b, bool *out)
{
	db_stmt *s =
	    db_prepare(c, "SELECT 1 FROM representation WHERE ended_at IS NULL"
	                  " AND ((representative_id = $1 AND represented_id = $2)"
	                  "  OR (representative_id = $2 AND represented_id = $1))"
	                  " UNION ALL SELECT 1 FROM family_relation"
	                  " WHERE (person_id = $1 AND relative_id = $2) OR (person_id = $2 AND relative_id = $1)"
	                  " UNION ALL SELECT 1 FROM parental_responsibility"
	                  " WHERE (child_id = $1 AND parent_id = $2) OR (child_id = $2 AND parent_id = $1)");
	db_bind_int(s, 1, a);
	db_bind_int(s, 2, b);
	return db_exists(s, out);
}
