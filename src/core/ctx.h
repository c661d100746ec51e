/* ctx.h — the request context (ARCHITECTURE.md rule 1): who acts, whose record
 * is open, the locale, the clock, request memory and the database connection.
 * Handlers and domain functions read identity and time only from here. */
#ifndef HELSAMI_CTX_H
#define HELSAMI_CTX_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"

struct db_conn;
struct session;
struct audit_later;

enum locale { LOCALE_NB = 0, LOCALE_EN = 1 };
enum { LOCALE_COUNT = 2 };

enum actor_kind { ACTOR_ANONYMOUS = 0, ACTOR_CITIZEN, ACTOR_STAFF, ACTOR_SYSTEM };

/* Staff roles (SPEC.md "Who uses it"), as bits so a route can allow several. */
enum staff_role {
	ROLE_CLINICIAN = 1 << 0,
	ROLE_OFFICE = 1 << 1,
	ROLE_CASEWORKER = 1 << 2,
	ROLE_SUPPORT = 1 << 3,
	ROLE_ADMIN = 1 << 4,
};

typedef struct actor {
	enum actor_kind kind;
	int64_t person_id; /* the register person acting (citizens, and staff's own person) */
	int64_t staff_id;  /* staff only */
	unsigned roles;    /* staff only: enum staff_role bits */
} actor;

typedef struct ctx {
	arena *arena;       /* request memory, freed when the request ends */
	struct db_conn *db; /* this thread's connection */
	enum locale locale;
	unix_time now;      /* the request clock: settable in dev mode only */
	actor who;          /* who acts */
	int64_t subject_id; /* whose record is open: who.person_id, or a represented person; 0 if none */
	uint64_t access;    /* capability bits the actor holds on the subject (domain/authz.h) */
	bool guardian_view; /* a parent viewing a child of 12-15: items marked confidential are hidden */
	const char *request_id;
	const struct session *session; /* the login session, NULL when anonymous */
	/* A request's reads, logged when it ends (domain/audit.h); NULL: each at once. */
	struct audit_later *log_later;
} ctx;

#endif
