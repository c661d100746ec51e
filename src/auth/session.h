/* session.h — login sessions (SPEC.md A4): a random 256-bit token in a
 * cookie, only its SHA-256 stored, so any number of server instances share
 * sessions through the database. 30 minutes idle, 12 hours at most; a new
 * session at every login; logout ends it everywhere. */
#ifndef HELSAMI_AUTH_SESSION_H
#define HELSAMI_AUTH_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/core.h"

enum {
	SESSION_IDLE_SECONDS = 30 * 60,     /* ID-porten's own idle limit; ours must not exceed it */
	SESSION_MAX_SECONDS = 12 * 60 * 60, /* absolute */
	SESSION_WARN_SECONDS = 2 * 60,      /* the page warns this long before the idle end */
	SESSION_TOUCH_SECONDS = 60,         /* last_seen is written at most this often */
	SESSION_TOKEN_LEN = 43,             /* base64url of 32 random bytes */
};

typedef struct session {
	int64_t id;
	enum actor_kind kind; /* ACTOR_CITIZEN or ACTOR_STAFF */
	int64_t person_id;
	int64_t staff_id;     /* staff only */
	const char *provider; /* "idporten", "helseid", "testid" */
	const char *idp_sid;  /* the provider's session id, for front-channel logout; may be NULL */
	const char *id_token; /* for id_token_hint at logout; may be NULL */
	const char *acr;
	const char *csrf;   /* this session's form token */
	int64_t acting_for; /* represented person whose record is open; 0 = own */
	bool dev;           /* made by a server in dev mode: refused by one that is not */
	unix_time created_at, last_seen_at;
	/* "given family", read with the session (session_find); NULL when unknown */
	const char *person_name, *acting_for_name;
	/* Read with the session for the page around every page, saving a
	 * statement each (issue 12): the person's unread in-app notices (N1;
	 * a citizen's, 0 for staff). */
	int64_t unread;
	/* Staff: the roles held at any unit (enum staff_role bits), read with
	 * the session, so a role removed counts from the next request; 0 when
	 * none or inactive. */
	unsigned roles;
} session;

/* Starts a session for s (kind, person_id, staff_id, provider, idp_sid,
 * id_token, acr), setting s->id, s->csrf and the times, and writes the
 * cookie token (NUL-terminated) into token. Strings live in x->arena. */
status session_create(const ctx *x, session *s, char token[SESSION_TOKEN_LEN + 1]);

/* The live session for a cookie token: ST_NOT_FOUND when unknown, ended,
 * idle too long or too old (an expired session is ended on the way). With
 * touch, last_seen moves to x->now (written at most once a minute). */
status session_find(const ctx *x, const char *token, bool touch, session *out);

status session_end(const ctx *x, int64_t id);
/* Ends the sessions a provider knows by its sid (front-channel logout). */
status session_end_by_sid(const ctx *x, const char *provider, const char *sid, int64_t *ended);
/* Ends every session of a person (account deactivation). */
status session_end_for_person(const ctx *x, int64_t person_id);

/* When the session ends if idle from now on. */
unix_time session_idle_end(const session *s);

/* Fills the request context from an open session: who acts (with staff
 * roles), whose record is open and the capabilities held on it. Names for the
 * page header go to *user_name and *subject_name (NULL when it is one's own).
 * ST_NOT_FOUND, with the session ended and x left anonymous, when a staff
 * member is no longer active or holds no role. */
status session_context(ctx *x, const session *s, const char **user_name, const char **subject_name);

/* Set-Cookie values (in arena a) that set a cookie for the browser session,
 * HttpOnly and SameSite=Lax (Secure when secure), or clear it. */
const char *session_cookie_set(arena *a, const char *name, const char *value, bool secure);
const char *session_cookie_clear(arena *a, const char *name, bool secure);

/* The form-token cookie for visitors without a session (double submit). */
const char *session_csrf_cookie_name(bool secure);

/* The cookie's name: "__Host-helsami" when it can be Secure, else "helsami"
 * (plain-http loopback in dev mode, where browsers drop Secure cookies). */
const char *session_cookie_name(bool secure);

#endif
