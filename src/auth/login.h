/* login.h — what every login path (ID-porten, HelseID, TestID) does once the
 * identity provider has vouched for a person: check them against the
 * register and our own records, start a fresh session and set its cookie,
 * or refuse with a clear page. Every outcome is a security event. */
#ifndef HELSAMI_AUTH_LOGIN_H
#define HELSAMI_AUTH_LOGIN_H

#include "web/web.h"

typedef struct login_identity {
	const char *provider;   /* "idporten", "helseid" or "testid" */
	const char *pid;        /* national identity number (fnr or D-number) */
	const char *idp_sid;    /* provider session id (front-channel logout); may be NULL */
	const char *id_token;   /* the raw ID token, for id_token_hint; may be NULL */
	const char *acr;        /* assurance level as the provider named it; may be NULL */
	const char *hpr_number; /* HelseID: the HPR number; NULL otherwise */
	int security_level;     /* HelseID: 1-4; 0 otherwise */
} login_identity;

/* A citizen: refused (with a page in the user's language, nothing created)
 * when the number is unknown to the register, the person is dead, under 16
 * on today's date in Norway, not a patient/user of any participating unit, or
 * the number is synthetic outside dev mode. Otherwise the account is created
 * on first login, a deactivated account is offered reactivation, and the
 * browser is redirected home with a new session cookie. */
void login_citizen(request *rq, reply *rp, const login_identity *id);

/* A staff member: found by identity number among active staff; health
 * personnel must present their HPR number, and HelseID logins security
 * level 4. Redirects to the workspace with a new session cookie. */
void login_staff(request *rq, reply *rp, const login_identity *id);

/* Ends the request's session and clears the cookie (no redirect). */
void login_end_session(request *rq, reply *rp);

#endif
