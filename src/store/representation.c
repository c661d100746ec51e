/* representation.c (store) — representations and capacity applications. */
#include "store/representation.h"

#include "store/register.h"

static const char *opt_text(db_stmt *s, int col, arena *ar)
{
	return db_col_null(s, col) ? NULL : arena_strdup(ar, db_col_text(s, col));
}

static int64_t opt_int(db_stmt *s, int col)
{
	return db_col_null(s, col) ? 0 : db_col_int(s, col);
}

status store_repr_insert(db_conn *c, const representation *r, int64_t created_by, unix_time at, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO representation (representative_id, represented_id, basis, kind,"
	                           " valid_from, valid_until, created_at, created_by)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, r->representative_id);
	db_bind_int(s, 2, r->represented_id);
	db_bind_text(s, 3, r->basis);
	db_bind_text(s, 4, r->kind);
	db_bind_text(s, 5, r->valid_from);
	db_bind_text(s, 6, r->valid_until);
	db_bind_int(s, 7, at);
	db_bind_int(s, 8, created_by);
	enum db_step_result res = db_step(s);
	status st = res == DB_ROW ? ST_OK : db_stmt_status(s);
	if (res == DB_ROW)
		*id = db_col_int(s, 0);
	db_done(s);
	return st;
}

#define REPR_COLUMNS \
	"r.id, r.representative_id, r.represented_id, r.basis, r.kind, r.valid_from, r.valid_until," \
	" r.created_at, r.ended_at"

static void read_repr(db_stmt *s, arena *ar, representation *out)
{
	out->id = db_col_int(s, 0);
	out->representative_id = db_col_int(s, 1);
	out->represented_id = db_col_int(s, 2);
	out->basis = arena_strdup(ar, db_col_text(s, 3));
	out->kind = arena_strdup(ar, db_col_text(s, 4));
	out->valid_from = arena_strdup(ar, db_col_text(s, 5));
	out->valid_until = opt_text(s, 6, ar);
	out->created_at = db_col_int(s, 7);
	out->ended_at = opt_int(s, 8);
	out->other_name = NULL;
}

static status one_repr(db_stmt *s, arena *ar, representation *out)
{
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(s);
	if (r == DB_ROW)
		read_repr(s, ar, out);
	db_done(s);
	return st;
}

status store_repr_get(db_conn *c, arena *ar, int64_t id, representation *out)
{
	db_stmt *s = db_prepare(c, "SELECT " REPR_COLUMNS " FROM representation r WHERE r.id = $1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	return one_repr(s, ar, out);
}

status store_repr_between(db_conn *c, arena *ar, int64_t representative_id, int64_t represented_id,
                          representation *out)
{
	db_stmt *s = db_prepare(c, "SELECT " REPR_COLUMNS " FROM representation r"
	                           " WHERE r.representative_id = $1 AND r.represented_id = $2 AND r.ended_at IS NULL"
	                           " ORDER BY r.id DESC LIMIT 1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, representative_id);
	db_bind_int(s, 2, represented_id);
	return one_repr(s, ar, out);
}

status store_repr_end(db_conn *c, int64_t id, int64_t ended_by, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE representation SET ended_at = $3, ended_by = $2"
	                           " WHERE id = $1 AND ended_at IS NULL");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, ended_by);
	db_bind_int(s, 3, at);
	status st = db_run(s);
	return st == ST_OK && db_changes(s) == 0 ? ST_NOT_FOUND : st;
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

status store_repr_list(db_conn *c, arena *ar, int64_t person_id, int as, representation *out, size_t max,
                       size_t *n)
{
	db_stmt *s = as == 0 ? db_prepare(c, "SELECT " REPR_COLUMNS ", p.given_name || ' ' || p.family_name"
	                                     " FROM representation r JOIN person p ON p.id = r.represented_id"
	                                     " WHERE r.representative_id = $1 AND r.ended_at IS NULL"
	                                     " ORDER BY r.id DESC LIMIT $2")
	                     : db_prepare(c, "SELECT " REPR_COLUMNS ", p.given_name || ' ' || p.family_name"
	                                     " FROM representation r JOIN person p ON p.id = r.representative_id"
	                                     " WHERE r.represented_id = $1 AND r.ended_at IS NULL"
	                                     " ORDER BY r.id DESC LIMIT $2");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, person_id);
	db_bind_int(s, 2, (int64_t)max);
	*n = 0;
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW && *n < max) {
		read_repr(s, ar, &out[*n]);
		out[*n].other_name = arena_strdup(ar, db_col_text(s, 9));
		(*n)++;
	}
	status st = r == DB_ERROR ? db_stmt_status(s) : ST_OK;
	db_done(s);
	return st;
}

status store_repr_parents_at_address(db_conn *c, int64_t child_id, int64_t *count)
{
	db_stmt *s = db_prepare(c, "SELECT COUNT(*) FROM parental_responsibility pr"
	                           " JOIN person parent ON parent.id = pr.parent_id"
	                           " JOIN person child ON child.id = pr.child_id"
	                           " WHERE pr.child_id = $1 AND child.address_id IS NOT NULL"
	                           " AND parent.address_id = child.address_id");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, child_id);
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : db_stmt_status(s);
	if (r == DB_ROW)
		*count = db_col_int(s, 0);
	db_done(s);
	return st;
}

status store_capacity_insert(db_conn *c, const capacity_application *a, const char *document_base64, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO capacity_application (applicant_id, person_id, relation, statement,"
	                           " document_type, document_base64, submitted_at, status)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending') RETURNING id");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, a->applicant_id);
	db_bind_int(s, 2, a->person_id);
	db_bind_text(s, 3, a->relation);
	db_bind_text(s, 4, a->statement);
	db_bind_text(s, 5, a->document_type);
	db_bind_text(s, 6, document_base64);
	db_bind_int(s, 7, a->submitted_at);
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : db_stmt_status(s);
	if (r == DB_ROW)
		*id = db_col_int(s, 0);
	db_done(s);
	return st;
}

#define CAPACITY_COLUMNS \
	"a.id, a.applicant_id, a.person_id, a.relation, a.statement, a.document_type, a.submitted_at," \
	" a.status, a.taken_by, a.decided_by, a.decision_reason, a.representation_id," \
	" ap.given_name || ' ' || ap.family_name, pe.given_name || ' ' || pe.family_name," \
	" tp.given_name || ' ' || tp.family_name, dp.given_name || ' ' || dp.family_name, a.decided_at" \
	" FROM capacity_application a JOIN person ap ON ap.id = a.applicant_id" \
	" JOIN person pe ON pe.id = a.person_id" \
	" LEFT JOIN staff ts ON ts.id = a.taken_by LEFT JOIN person tp ON tp.id = ts.person_id" \
	" LEFT JOIN staff ds ON ds.id = a.decided_by LEFT JOIN person dp ON dp.id = ds.person_id"

static void read_capacity(db_stmt *s, arena *ar, capacity_application *out)
{
	out->id = db_col_int(s, 0);
	out->applicant_id = db_col_int(s, 1);
	out->person_id = db_col_int(s, 2);
	out->relation = arena_strdup(ar, db_col_text(s, 3));
	out->statement = arena_strdup(ar, db_col_text(s, 4));
	out->document_type = arena_strdup(ar, db_col_text(s, 5));
	out->submitted_at = db_col_int(s, 6);
	out->status = arena_strdup(ar, db_col_text(s, 7));
	out->taken_by = opt_int(s, 8);
	out->decided_by = opt_int(s, 9);
	out->decision_reason = opt_text(s, 10, ar);
	out->representation_id = opt_int(s, 11);
	out->applicant_name = arena_strdup(ar, db_col_text(s, 12));
	out->person_name = arena_strdup(ar, db_col_text(s, 13));
	out->taken_by_name = opt_text(s, 14, ar);
	out->decided_by_name = opt_text(s, 15, ar);
	out->decided_at = opt_int(s, 16);
}

static status capacity_rows(db_stmt *s, arena *ar, capacity_application *out, size_t max, size_t *n)
{
	*n = 0;
	enum db_step_result r;
	while ((r = db_step(s)) == DB_ROW && *n < max)
		read_capacity(s, ar, &out[(*n)++]);
	status st = r == DB_ERROR ? db_stmt_status(s) : ST_OK;
	db_done(s);
	return st;
}

status store_capacity_get(db_conn *c, arena *ar, int64_t id, capacity_application *out)
{
	db_stmt *s = db_prepare(c, "SELECT " CAPACITY_COLUMNS " WHERE a.id = $1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	size_t n;
	status st = capacity_rows(s, ar, out, 1, &n);
	return st == ST_OK && n == 0 ? ST_NOT_FOUND : st;
}

status store_capacity_document(db_conn *c, arena *ar, int64_t id, const char **base64)
{
	db_stmt *s = db_prepare(c, "SELECT document_base64 FROM capacity_application WHERE id = $1");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	enum db_step_result r = db_step(s);
	status st = r == DB_ROW ? ST_OK : r == DB_DONE ? ST_NOT_FOUND : db_stmt_status(s);
	if (r == DB_ROW)
		*base64 = arena_strdup(ar, db_col_text(s, 0));
	db_done(s);
	return st;
}

status store_capacity_list_open(db_conn *c, arena *ar, int64_t staff_id, unsigned roles, capacity_application *out,
                                size_t max, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " CAPACITY_COLUMNS " WHERE a.status IN ('pending', 'taken')"
	                           " AND EXISTS (SELECT 1 FROM patient_unit pu JOIN staff_unit su ON su.unit_id = pu.unit_id"
	                           "  WHERE pu.person_id = a.person_id AND su.staff_id = $2"
	                           "  AND (" STORE_ROLE_BIT("su.role") " & $3) <> 0)"
	                           " ORDER BY a.submitted_at, a.id LIMIT $1");
	db_bind_int(s, 1, (int64_t)max);
	db_bind_int(s, 2, staff_id);
	db_bind_int(s, 3, roles);
	return capacity_rows(s, ar, out, max, n);
}

status store_capacity_list_by_applicant(db_conn *c, arena *ar, int64_t applicant_id, capacity_application *out,
                                        size_t max, size_t *n)
{
	db_stmt *s = db_prepare(c, "SELECT " CAPACITY_COLUMNS " WHERE a.applicant_id = $1"
	                           " ORDER BY a.submitted_at DESC, a.id DESC LIMIT $2");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, applicant_id);
	db_bind_int(s, 2, (int64_t)max);
	return capacity_rows(s, ar, out, max, n);
}

status store_capacity_open_between(db_conn *c, int64_t applicant_id, int64_t person_id, bool *out)
{
	db_stmt *s = db_prepare(c, "SELECT 1 FROM capacity_application WHERE applicant_id = $1 AND person_id = $2"
	                           " AND status IN ('pending', 'taken') LIMIT 1");
	db_bind_int(s, 1, applicant_id);
	db_bind_int(s, 2, person_id);
	enum db_step_result r = db_step(s);
	*out = r == DB_ROW;
	status st = r == DB_ERROR ? db_stmt_status(s) : ST_OK;
	db_done(s);
	return st;
}

status store_capacity_assign(db_conn *c, int64_t id, int64_t staff_id, int64_t previous)
{
	db_stmt *s = db_prepare(c, "UPDATE capacity_application SET status = 'taken', taken_by = $2"
	                           " WHERE id = $1 AND status IN ('pending', 'taken') AND COALESCE(taken_by, 0) = $3");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, staff_id);
	db_bind_int(s, 3, previous);
	status st = db_run(s);
	return st == ST_OK && db_changes(s) == 0 ? ST_CONFLICT : st;
}

status store_capacity_decide(db_conn *c, int64_t id, int64_t staff_id, unix_time at, const char *status_text,
                             const char *reason, int64_t representation_id)
{
	db_stmt *s = db_prepare(c, "UPDATE capacity_application SET status = $3, decided_by = $2, decided_at = $4,"
	                           " decision_reason = $5, representation_id = $6"
	                           " WHERE id = $1 AND status = 'taken' AND taken_by = $2");
	if (s == NULL)
		return ST_INTERNAL;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, staff_id);
	db_bind_text(s, 3, status_text);
	db_bind_int(s, 4, at);
	db_bind_text(s, 5, reason);
	if (representation_id != 0)
		db_bind_int(s, 6, representation_id);
	else
		db_bind_null(s, 6);
	status st = db_run(s);
	return st == ST_OK && db_changes(s) == 0 ? ST_CONFLICT : st;
}

status store_persons_connected(db_conn *c, int64_t a, int64_t b, bool *out)
{
	db_stmt *s = db_prepare(c, "SELECT 1 FROM representation WHERE ended_at IS NULL"
	                           " AND ((representative_id = $1 AND represented_id = $2)"
	                           "  OR (representative_id = $2 AND represented_id = $1))"
	                           " UNION ALL SELECT 1 FROM family_relation"
	                           " WHERE (person_id = $1 AND relative_id = $2) OR (person_id = $2 AND relative_id = $1)"
	                           " UNION ALL SELECT 1 FROM parental_responsibility"
	                           " WHERE (child_id = $1 AND parent_id = $2) OR (child_id = $2 AND parent_id = $1)");
	db_bind_int(s, 1, a);
	db_bind_int(s, 2, b);
	enum db_step_result r = db_step(s);
	*out = r == DB_ROW;
	status st = r == DB_ERROR ? db_stmt_status(s) : ST_OK;
	db_done(s);
	return st;
}
