/* session.c — session lifecycle over store/session.c: tokens are random,
 * shown to the browser once, and stored only as their SHA-256. */
#include "auth/session.h"

#include <string.h>

#include "core/crypto.h"
#include "domain/authz.h"
#include "domain/representation.h"
#include "store/session.h"

static void token_hash(const char *token, char out[SHA256_HEX_LEN + 1])
{
	uint8_t digest[SHA256_LEN];
	sha256(token, strlen(token), digest);
	hex_encode(digest, SHA256_LEN, out);
}

status session_create(const ctx *x, session *s, char token[SESSION_TOKEN_LEN + 1])
{
	random_token(32, token, SESSION_TOKEN_LEN + 1);
	char csrf[SESSION_TOKEN_LEN + 1];
	random_token(32, csrf, sizeof csrf);
	s->csrf = arena_strdup(x->arena, csrf);
	s->created_at = s->last_seen_at = x->now;
	s->acting_for = 0;
	char hash[SHA256_HEX_LEN + 1];
	token_hash(token, hash);
	return store_session_insert(x->db, s, hash, &s->id);
}

unix_time session_idle_end(const session *s)
{
	unix_time idle = s->last_seen_at + SESSION_IDLE_SECONDS;
	unix_time absolute = s->created_at + SESSION_MAX_SECONDS;
	return idle < absolute ? idle : absolute;
}

status session_find(const ctx *x, const char *token, bool touch, session *out)
{
	if (token == NULL || strlen(token) != SESSION_TOKEN_LEN)
		return ST_NOT_FOUND;
	char hash[SHA256_HEX_LEN + 1];
	token_hash(token, hash);
	status st = store_session_by_token(x->db, x->arena, hash, out);
	if (st != ST_OK)
		return st;
	if (x->now >= session_idle_end(out)) {
		store_session_end(x->db, out->id, x->now);
		return ST_NOT_FOUND;
	}
	if (touch && x->now - out->last_seen_at >= SESSION_TOUCH_SECONDS) {
		if ((st = store_session_touch(x->db, out->id, x->now)) != ST_OK)
			return st;
		out->last_seen_at = x->now;
	}
	return ST_OK;
}

status session_end(const ctx *x, int64_t id)
{
	return store_session_end(x->db, id, x->now);
}

status session_end_by_sid(const ctx *x, const char *provider, const char *sid, int64_t *ended)
{
	return store_session_end_by_sid(x->db, provider, sid, x->now, ended);
}

status session_end_for_person(const ctx *x, int64_t person_id)
{
	return store_session_end_for_person(x->db, person_id, x->now);
}

const char *session_cookie_name(bool secure)
{
	return secure ? "__Host-helsami" : "helsami";
}

status session_context(ctx *x, const session *s, const char **user_name, const char **subject_name)
{
	x->session = s;
	x->who.kind = s->kind;
	x->who.person_id = s->person_id;
	x->who.staff_id = s->staff_id;
	x->who.roles = 0;
	*subject_name = NULL;
	if (s->kind == ACTOR_STAFF) {
		/* Roles are read with the session at every request: a removed role,
		 * or a staff member made inactive, counts from this request, in
		 * every session. */
		x->who.roles = s->roles;
		if (x->who.roles == 0) {
			x->session = NULL;
			x->who = (actor){.kind = ACTOR_ANONYMOUS};
			status st = store_session_end(x->db, s->id, x->now);
			return st != ST_OK ? st : ST_NOT_FOUND;
		}
		x->subject_id = 0;
		x->access = 0;
	} else if (s->acting_for == 0) {
		x->subject_id = s->person_id;
		x->access = authz_citizen_all();
	} else {
		/* Acting for someone: the representation is checked again now, so a
		 * withdrawal, expiry or 16th birthday counts from this request. */
		uint64_t caps;
		enum repr_state why;
		status st = repr_access(x, s->person_id, s->acting_for, &caps, &x->guardian_view, &why);
		if (st == ST_OK) {
			x->subject_id = s->acting_for;
			x->access = caps | repr_actor_caps();
			*subject_name = s->acting_for_name;
		} else if (st == ST_DENIED) {
			if ((st = store_session_set_acting_for(x->db, s->id, 0)) != ST_OK)
				return st;
			x->subject_id = s->person_id;
			x->access = authz_citizen_all();
		} else {
			return st;
		}
	}
	*user_name = s->person_name;
	return ST_OK;
}

const char *session_csrf_cookie_name(bool secure)
{
	return secure ? "__Host-helsami-csrf" : "helsami-csrf";
}

const char *session_cookie_set(arena *a, const char *name, const char *value, bool secure)
{
	return arena_printf(a, "%s=%s; Path=/; HttpOnly;%s SameSite=Lax", name, value, secure ? " Secure;" : "");
}

const char *session_cookie_clear(arena *a, const char *name, bool secure)
{
	return arena_printf(a, "%s=; Path=/; Max-Age=0; HttpOnly;%s SameSite=Lax", name, secure ? " Secure;" : "");
}
