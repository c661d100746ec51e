/* session.c (store) — sessions, accounts, staff roles, security events. */
#include "store/session.h"

#include "core/ctx.h"
#include "store/register.h"
#include "store/store.h"

status store_session_insert(db_conn *c, const session *se, const char *token_hash, int64_t *id)
{
	db_stmt *s = db_prepare(c, "INSERT INTO session (token_hash, kind, person_id, staff_id, provider, idp_sid,"
	                           " id_token, acr, csrf_token, created_at, last_seen_at, dev)"
	                           " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) RETURNING id");
	db_bind_text(s, 1, token_hash);
	db_bind_text(s, 2, se->kind == ACTOR_STAFF ? "staff" : "citizen");
	db_bind_int(s, 3, se->person_id);
	db_bind_opt_int(s, 4, se->staff_id);
	db_bind_text(s, 5, se->provider);
	db_bind_text(s, 6, se->idp_sid);
	db_bind_text(s, 7, se->id_token);
	db_bind_text(s, 8, se->acr);
	db_bind_text(s, 9, se->csrf);
	db_bind_int(s, 10, se->created_at);
	db_bind_int(s, 11, se->dev ? 1 : 0);
	return db_insert_id(s, id);
}

/* A staff member's roles at every unit as one bit set (enum staff_role),
 * none when inactive: each role's bit once, as a sum of maxima, since the
 * two databases share no bitwise OR aggregate and a DISTINCT cost SQLite a
 * temporary B-tree on every staff request. */
#define STAFF_ROLES(staff)                                                      \
	"(SELECT COALESCE(MAX(CASE su.role WHEN 'clinician' THEN 1 ELSE 0 END)" \
	" + MAX(CASE su.role WHEN 'office' THEN 2 ELSE 0 END)"                  \
	" + MAX(CASE su.role WHEN 'caseworker' THEN 4 ELSE 0 END)"              \
	" + MAX(CASE su.role WHEN 'support' THEN 8 ELSE 0 END)"                 \
	" + MAX(CASE su.role WHEN 'admin' THEN 16 ELSE 0 END), 0)"              \
	" FROM staff_unit su JOIN staff st ON st.id = su.staff_id WHERE su.staff_id = " staff " AND st.active = 1)"
_Static_assert(ROLE_CLINICIAN == 1 && ROLE_OFFICE == 2 && ROLE_CASEWORKER == 4 && ROLE_SUPPORT == 8 && ROLE_ADMIN == 16,
               "STAFF_ROLES and STORE_ROLE_BIT must match enum staff_role");

/* With the names of its person and of the person whose record is open, and
 * what the page around every page shows (auth/session.h), so a page needs
 * no read of its own for them. */
#define SESSION_UNREAD_SQL "CASE WHEN s.kind = 'citizen' THEN " STORE_INBOX_UNREAD("s.person_id") " ELSE 0 END"
#define SESSION_ROLES_SQL "CASE WHEN s.kind = 'staff' THEN " STAFF_ROLES("s.staff_id") " ELSE 0 END"
#define SESSION_COLUMNS                                                                \
	"s.id, s.kind, s.person_id, s.staff_id, s.provider,"                           \
	" s.idp_sid, s.id_token, s.acr, s.csrf_token,"                                 \
	" s.acting_for, s.created_at, s.last_seen_at, s.dev,"                          \
	" p.given_name || ' ' || p.family_name, r.given_name || ' ' || r.family_name," \
	" " SESSION_UNREAD_SQL ", " SESSION_ROLES_SQL
enum session_col {
	SESSION_ID,
	SESSION_KIND,
	SESSION_PERSON_ID,
	SESSION_STAFF_ID,
	SESSION_PROVIDER,
	SESSION_IDP_SID,
	SESSION_ID_TOKEN,
	SESSION_ACR,
	SESSION_CSRF,
	SESSION_ACTING_FOR,
	SESSION_CREATED_AT,
	SESSION_LAST_SEEN_AT,
	SESSION_DEV,
	SESSION_PERSON_NAME,
	SESSION_ACTING_FOR_NAME,
	SESSION_UNREAD,
	SESSION_ROLES,
};

static void read_session(db_stmt *s, arena *ar, void *row)
{
	session *out = row;
	out->id = db_col_int(s, SESSION_ID);
	out->kind = str_eq(db_col_text(s, SESSION_KIND), "staff") ? ACTOR_STAFF : ACTOR_CITIZEN;
	out->person_id = db_col_int(s, SESSION_PERSON_ID);
	out->staff_id = db_col_opt_int(s, SESSION_STAFF_ID);
	out->provider = db_col_str(s, SESSION_PROVIDER, ar);
	out->idp_sid = db_col_opt_str(s, SESSION_IDP_SID, ar);
	out->id_token = db_col_opt_str(s, SESSION_ID_TOKEN, ar);
	out->acr = db_col_opt_str(s, SESSION_ACR, ar);
	out->csrf = db_col_str(s, SESSION_CSRF, ar);
	out->acting_for = db_col_opt_int(s, SESSION_ACTING_FOR);
	out->created_at = db_col_int(s, SESSION_CREATED_AT);
	out->last_seen_at = db_col_int(s, SESSION_LAST_SEEN_AT);
	out->dev = db_col_bool(s, SESSION_DEV);
	out->person_name = db_col_opt_str(s, SESSION_PERSON_NAME, ar);
	out->acting_for_name = db_col_opt_str(s, SESSION_ACTING_FOR_NAME, ar);
	out->unread = db_col_int(s, SESSION_UNREAD);
	out->roles = (unsigned)db_col_int(s, SESSION_ROLES);
}

status store_session_by_token(db_conn *c, arena *ar, const char *token_hash, session *out)
{
	db_stmt *s =
	    db_prepare(c, "SELECT " SESSION_COLUMNS " FROM session s LEFT JOIN person p ON p.id = s.person_id"
	                  " LEFT JOIN person r ON r.id = s.acting_for WHERE s.token_hash = $1 AND s.ended_at IS NULL");
	db_bind_text(s, 1, token_hash);
	return db_read_one(s, ar, read_session, out);
}

status store_session_touch(db_conn *c, int64_t id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE session SET last_seen_at = $2 WHERE id = $1 AND ended_at IS NULL");
	return store_run_at(s, id, at, ST_OK);
}

status store_session_set_acting_for(db_conn *c, int64_t id, int64_t person_id)
{
	db_stmt *s = db_prepare(c, "UPDATE session SET acting_for = $2 WHERE id = $1");
	db_bind_int(s, 1, id);
	db_bind_opt_int(s, 2, person_id);
	return db_run(s);
}

status store_session_end(db_conn *c, int64_t id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE session SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL");
	return store_run_at(s, id, at, ST_OK);
}

status store_session_end_by_sid(db_conn *c, const char *provider, const char *sid, unix_time at, int64_t *ended)
{
	db_stmt *s = db_prepare(c, "UPDATE session SET ended_at = $3"
	                           " WHERE provider = $1 AND idp_sid = $2 AND ended_at IS NULL");
	db_bind_text(s, 1, provider);
	db_bind_text(s, 2, sid);
	db_bind_int(s, 3, at);
	status st = db_run(s);
	if (st == ST_OK && ended != NULL)
		*ended = db_changes(s);
	return st;
}

status store_session_end_for_person(db_conn *c, int64_t person_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE session SET ended_at = $2 WHERE person_id = $1 AND ended_at IS NULL");
	return store_run_at(s, person_id, at, ST_OK);
}

#define ACCOUNT_COLUMNS "person_id, created_at, deactivated_at, last_login_at"
enum account_col { ACCOUNT_PERSON_ID, ACCOUNT_CREATED_AT, ACCOUNT_DEACTIVATED_AT, ACCOUNT_LAST_LOGIN_AT };

/* An account has no text: ar goes unused. */
static void read_account(db_stmt *s, arena *ar, void *row)
{
	account *out = row;
	(void)ar;
	out->person_id = db_col_int(s, ACCOUNT_PERSON_ID);
	out->created_at = db_col_int(s, ACCOUNT_CREATED_AT);
	out->deactivated_at = db_col_opt_int(s, ACCOUNT_DEACTIVATED_AT);
	out->last_login_at = db_col_opt_int(s, ACCOUNT_LAST_LOGIN_AT);
}

status store_account_get(db_conn *c, int64_t person_id, account *out)
{
	db_stmt *s = db_prepare(c, "SELECT " ACCOUNT_COLUMNS " FROM account WHERE person_id = $1");
	return store_read_one_by(s, person_id, NULL, read_account, out);
}

status store_account_record_login(db_conn *c, int64_t person_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "INSERT INTO account (person_id, created_at, last_login_at) VALUES ($1, $2, $2)"
	                           " ON CONFLICT (person_id) DO UPDATE SET last_login_at = excluded.last_login_at");
	return store_run_at(s, person_id, at, ST_OK);
}

status store_account_set_deactivated(db_conn *c, int64_t person_id, unix_time at)
{
	db_stmt *s = db_prepare(c, "UPDATE account SET deactivated_at = $2 WHERE person_id = $1");
	db_bind_int(s, 1, person_id);
	db_bind_opt_int(s, 2, at);
	return db_run(s);
}

status store_staff_roles(db_conn *c, int64_t staff_id, unsigned *roles)
{
	db_stmt *s = db_prepare(c, "SELECT " STAFF_ROLES("$1"));
	db_bind_int(s, 1, staff_id);
	int64_t bits = 0;
	status st = db_one_int(s, &bits);
	*roles = (unsigned)bits;
	return st;
}

status store_security_event_add(db_conn *c, const security_event *e)
{
	db_stmt *s = db_prepare(c, "INSERT INTO security_event (at, kind, provider, person_id, staff_id, reason)"
	                           " VALUES ($1, $2, $3, $4, $5, $6)");
	db_bind_int(s, 1, e->at);
	db_bind_text(s, 2, e->kind);
	db_bind_text(s, 3, e->provider);
	db_bind_opt_int(s, 4, e->person_id);
	db_bind_opt_int(s, 5, e->staff_id);
	db_bind_text(s, 6, e->reason);
	return db_run(s);
}

status store_security_event_count(db_conn *c, const char *kind, int64_t *out)
{
	db_stmt *s = db_prepare(c, "SELECT COUNT(*) FROM security_event WHERE kind = $1");
	db_bind_text(s, 1, kind);
	return db_one_int(s, out);
}

status store_security_event_count_for(db_conn *c, const char *kind, int64_t person_id, unix_time since, int64_t *out)
{
	db_stmt *s =
	    db_prepare(c, "SELECT COUNT(*) FROM security_event WHERE person_id = $2 AND kind = $1 AND at >= $3");
	db_bind_text(s, 1, kind);
	db_bind_int(s, 2, person_id);
	db_bind_int(s, 3, since);
	return db_one_int(s, out);
}
