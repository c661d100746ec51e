/* login.c — queries on OIDC login attempts (table login_attempt, migration 3). */
#include "store/login.h"

#include <string.h>

status store_login_attempt_insert(db_conn *c, const login_attempt *a)
{
	db_stmt *s = db_prepare(c, "INSERT INTO login_attempt (state_hash, provider, nonce, code_verifier,"
	                           " return_to, created_at) VALUES ($1, $2, $3, $4, $5, $6)");
	db_bind_text(s, 1, a->state_hash);
	db_bind_text(s, 2, a->provider);
	db_bind_text(s, 3, a->nonce);
	db_bind_text(s, 4, a->code_verifier);
	db_bind_text(s, 5, a->return_to);
	db_bind_int(s, 6, a->created_at);
	return db_run(s);
}

struct take {
	arena *ar;
	const char *provider, *state_hash;
	unix_time now;
	int64_t max_age;
	login_attempt *out;
	status result; /* what the caller gets; the transaction commits either way */
};

#define ATTEMPT_COLUMNS "nonce, code_verifier, return_to, created_at, used_at"
enum attempt_col { ATTEMPT_NONCE, ATTEMPT_CODE_VERIFIER, ATTEMPT_RETURN_TO, ATTEMPT_CREATED_AT, ATTEMPT_USED_AT };

static status take_tx(db_conn *c, void *arg)
{
	struct take *t = arg;
	db_stmt *s =
	    db_prepare(c, "SELECT " ATTEMPT_COLUMNS " FROM login_attempt WHERE state_hash = $1 AND provider = $2");
	db_bind_text(s, 1, t->state_hash);
	db_bind_text(s, 2, t->provider);
	status st = db_step_one(s);
	if (st != ST_OK) {
		db_done(s);
		t->result = ST_NOT_FOUND;
		return st == ST_NOT_FOUND ? ST_OK : st;
	}
	bool used = !db_col_null(s, ATTEMPT_USED_AT);
	unix_time created = db_col_int(s, ATTEMPT_CREATED_AT);
	if (!used) {
		t->out->state_hash = arena_strdup(t->ar, t->state_hash);
		t->out->provider = arena_strdup(t->ar, t->provider);
		t->out->nonce = db_col_str(s, ATTEMPT_NONCE, t->ar);
		t->out->code_verifier = db_col_str(s, ATTEMPT_CODE_VERIFIER, t->ar);
		t->out->return_to = db_col_opt_str(s, ATTEMPT_RETURN_TO, t->ar);
		t->out->created_at = created;
	}
	db_done(s);
	if (used) {
		t->result = ST_DENIED;
		return ST_OK;
	}
	/* Mark it used and drop the secrets; the used_at condition makes a
	 * concurrent second use of the same state lose. */
	s = db_prepare(c, "UPDATE login_attempt SET used_at = $2, code_verifier = '', nonce = ''"
	                  " WHERE state_hash = $1 AND used_at IS NULL");
	db_bind_text(s, 1, t->state_hash);
	db_bind_int(s, 2, t->now);
	st = db_run_changed(s, ST_DENIED);
	if (st != ST_OK && st != ST_DENIED)
		return st;
	if (st == ST_DENIED)
		t->result = ST_DENIED;
	else if (created > t->now || t->now - created > t->max_age)
		t->result = ST_INVALID;
	else
		t->result = ST_OK;
	return ST_OK;
}

status store_login_attempt_take(db_conn *c, arena *ar, const char *provider, const char *state_hash, unix_time now,
                                int64_t max_age, login_attempt *out)
{
	struct take t = {ar, provider, state_hash, now, max_age, out, ST_INTERNAL};
	memset(out, 0, sizeof *out);
	status st = db_tx(c, true, take_tx, &t);
	if (st != ST_OK)
		return st;
	if (t.result != ST_OK)
		memset(out, 0, sizeof *out);
	return t.result;
}

status store_login_attempt_purge(db_conn *c, unix_time before)
{
	db_stmt *s = db_prepare(c, "DELETE FROM login_attempt WHERE created_at < $1");
	db_bind_int(s, 1, before);
	return db_run(s);
}
