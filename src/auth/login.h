/* login.h — what every login path (ID-porten, HelseID, TestID) does once the
 * identity provider has vouched for a person: check them against the
 * register and our own records and, in one transaction with the security
 * event that records the outcome, start a fresh session. The pages around it
 * (refusals, cookies, where to land) are web/login.c's. */
#ifndef HELSAMI_AUTH_LOGIN_H
#define HELSAMI_AUTH_LOGIN_H

#include "auth/session.h"
#include "core/ctx.h"
#include "domain/account.h"

typedef struct login_identity {
	const char *provider;   /* "idporten", "helseid" or "testid" */
	const char *pid;        /* national identity number (fnr or D-number) */
	const char *idp_sid;    /* provider session id (front-channel logout); may be NULL */
	const char *id_token;   /* the raw ID token, for id_token_hint; may be NULL */
	const char *acr;        /* assurance level as the provider named it; may be NULL */
	const char *hpr_number; /* HelseID: the HPR number; NULL otherwise */
	int security_level;     /* HelseID: 1-4; 0 otherwise */
} login_identity;

typedef struct login_result {
	enum login_outcome outcome;        /* LOGIN_OK, or the rule that refused */
	session s;                         /* the new session, on LOGIN_OK */
	char token[SESSION_TOKEN_LEN + 1]; /* its cookie value, on LOGIN_OK: wipe it once sent */
	bool deactivated;                  /* a citizen whose account waits for reactivation */
	bool represents;                   /* a citizen who can act for someone now */
} login_result;

/* A citizen (staff false) is refused when the number is unknown to the
 * register, the person is dead, under 16 on today's date in Norway, not a
 * patient/user of any participating unit, or the number is synthetic and
 * allow_synthetic is false (outside dev mode); else the account is created on
 * first login. A staff member must be active with a role somewhere; health
 * personnel present their HPR number, HelseID logins security level 4. On
 * LOGIN_OK a session starts (marked dev when allow_synthetic). Either way
 * the outcome is a security event. ST_OK unless the database failed. */
status auth_login(const ctx *x, const login_identity *id, bool staff, bool allow_synthetic, login_result *out);

/* Ends session s (NULL: nothing) and records the logout. */
status auth_logout(const ctx *x, const session *s);

#endif
