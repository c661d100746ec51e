/* audit.c (store) — SQL for the access log. */
#include "store/audit.h"

#include <string.h>

static void copy_hash(char dst[SHA256_HEX_LEN + 1], const char *src)
{
	strncpy(dst, src, SHA256_HEX_LEN);
	dst[SHA256_HEX_LEN] = '\0';
}

/* The chain's head; SQLite's write transaction already serializes appends,
 * PostgreSQL locks the row. */
static status head_read(db_conn *c, int64_t patient_id, int64_t *seq, char hash[SHA256_HEX_LEN + 1])
{
	db_stmt *s = db_prepare2(c, "SELECT seq, hash FROM audit_head WHERE patient_id = $1",
	                         "SELECT seq, hash FROM audit_head WHERE patient_id = $1 FOR UPDATE");
	db_bind_int(s, 1, patient_id);
	status st = db_step_one(s);
	if (st == ST_OK) {
		*seq = db_col_int(s, 0);
		copy_hash(hash, db_col_text(s, 1));
	}
	db_done(s);
	return st;
}

/* Read first: a chain has its head from its first entry on, so an append
 * reads it in one statement, not an insert that does nothing and a read. */
status store_audit_head_lock(db_conn *c, int64_t patient_id, int64_t *seq, char hash[SHA256_HEX_LEN + 1])
{
	status st = head_read(c, patient_id, seq, hash);
	if (st != ST_NOT_FOUND)
		return st;
	db_stmt *s = db_prepare(c, "INSERT INTO audit_head (patient_id, seq, hash) VALUES ($1, 0,"
	                           " '0000000000000000000000000000000000000000000000000000000000000000')"
	                           " ON CONFLICT (patient_id) DO NOTHING");
	db_bind_int(s, 1, patient_id);
	if ((st = db_run(s)) != ST_OK)
		return st;
	st = head_read(c, patient_id, seq, hash);
	return st == ST_NOT_FOUND ? ST_INTERNAL : st; /* the INSERT above made the row */
}

status store_audit_head_set(db_conn *c, int64_t patient_id, int64_t seq, const char *hash)
{
	db_stmt *s = db_prepare(c, "UPDATE audit_head SET seq = $2, hash = $3 WHERE patient_id = $1");
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, seq);
	db_bind_text(s, 3, hash);
	return db_run(s);
}

status store_audit_insert(db_conn *c, const audit_entry *e, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO audit_log (patient_id, seq, at, actor_kind, actor_person_id,"
	                           " actor_staff_id, actor_unit_id, actor_role, on_behalf_of, action, what,"
	                           " what_id, purpose, reason, prev_hash, hash)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
	                           " $15, $16) RETURNING id");
	db_bind_int(s, 1, e->patient_id);
	db_bind_int(s, 2, e->seq);
	db_bind_int(s, 3, e->at);
	db_bind_text(s, 4, e->actor_kind);
	db_bind_opt_int(s, 5, e->actor_person_id);
	db_bind_opt_int(s, 6, e->actor_staff_id);
	db_bind_opt_int(s, 7, e->actor_unit_id);
	db_bind_text(s, 8, e->actor_role);
	db_bind_opt_int(s, 9, e->on_behalf_of);
	db_bind_text(s, 10, e->action);
	db_bind_text(s, 11, e->what);
	db_bind_text(s, 12, e->what_id);
	db_bind_text(s, 13, e->purpose);
	db_bind_text(s, 14, e->reason);
	db_bind_text(s, 15, e->prev_hash);
	db_bind_text(s, 16, e->hash);
	return db_insert_id(s, id);
}

static const char *text_or_null(db_stmt *s, int col)
{
	return db_col_null(s, col) ? NULL : db_col_text(s, col);
}

static void read_entry(db_stmt *s, audit_entry *e)
{
	e->id = db_col_int(s, 0);
	e->patient_id = db_col_int(s, 1);
	e->seq = db_col_int(s, 2);
	e->at = db_col_int(s, 3);
	e->actor_kind = db_col_text(s, 4);
	e->actor_person_id = db_col_null(s, 5) ? 0 : db_col_int(s, 5);
	e->actor_staff_id = db_col_null(s, 6) ? 0 : db_col_int(s, 6);
	e->actor_unit_id = db_col_null(s, 7) ? 0 : db_col_int(s, 7);
	e->actor_role = text_or_null(s, 8);
	e->on_behalf_of = db_col_null(s, 9) ? 0 : db_col_int(s, 9);
	e->action = db_col_text(s, 10);
	e->what = db_col_text(s, 11);
	e->what_id = text_or_null(s, 12);
	e->purpose = db_col_text(s, 13);
	e->reason = text_or_null(s, 14);
	copy_hash(e->prev_hash, db_col_text(s, 15));
	copy_hash(e->hash, db_col_text(s, 16));
}

static status scan(db_stmt *s, bool heads, audit_entry_fn fn, void *arg)
{
	status st = ST_OK;
	enum db_step_result r;
	while (st == ST_OK && (r = db_step(s)) == DB_ROW) {
		audit_entry e = {0};
		if (heads) {
			e.patient_id = db_col_int(s, 0);
			e.seq = db_col_int(s, 1);
			copy_hash(e.hash, db_col_text(s, 2));
		} else {
			read_entry(s, &e);
		}
		st = fn(&e, arg);
	}
	if (st == ST_OK && r == DB_ERROR)
		st = db_stmt_status(s);
	db_done(s);
	return st;
}

status store_audit_scan(db_conn *c, audit_entry_fn fn, void *arg)
{
	db_stmt *s = db_prepare(c, "SELECT id, patient_id, seq, at, actor_kind, actor_person_id,"
	                           " actor_staff_id, actor_unit_id, actor_role, on_behalf_of, action, what,"
	                           " what_id, purpose, reason, prev_hash, hash"
	                           " FROM audit_log ORDER BY patient_id, seq, id");
	return scan(s, false, fn, arg);
}

status store_audit_heads_scan(db_conn *c, audit_entry_fn fn, void *arg)
{
	db_stmt *s = db_prepare(c, "SELECT patient_id, seq, hash FROM audit_head ORDER BY patient_id");
	return scan(s, true, fn, arg);
}

status store_audit_count(db_conn *c, int64_t patient_id, int64_t *out)
{
	db_stmt *s = db_prepare(c, "SELECT COUNT(*) FROM audit_log WHERE patient_id = $1");
	db_bind_int(s, 1, patient_id);
	return db_one_int(s, out);
}

status store_audit_entry_hash(db_conn *c, int64_t patient_id, int64_t seq, char hash[SHA256_HEX_LEN + 1])
{
	db_stmt *s = db_prepare(c, "SELECT hash FROM audit_log WHERE patient_id = $1 AND seq = $2");
	db_bind_int(s, 1, patient_id);
	db_bind_int(s, 2, seq);
	status st = db_step_one(s);
	if (st == ST_OK)
		copy_hash(hash, db_col_text(s, 0));
	db_done(s);
	return st;
}
