/* audit.h (store) — the access log's rows and chain heads. The hashing and the
 * rules live in domain/audit.c; this file is only the SQL. */
#ifndef HELSAMI_STORE_AUDIT_H
#define HELSAMI_STORE_AUDIT_H

#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "db/db.h"

typedef struct audit_entry {
	int64_t id;
	int64_t patient_id; /* the chain: 0 for entries that concern no patient */
	int64_t seq;        /* 1, 2, ... within the chain */
	unix_time at;
	const char *actor_kind;                                 /* citizen, representative, staff, system */
	int64_t actor_person_id, actor_staff_id, actor_unit_id; /* 0 when not applicable */
	const char *actor_role;
	int64_t on_behalf_of; /* the represented person, 0 when acting for oneself */
	const char *action;   /* read, create, update, delete, grant, revoke, deny, emergency */
	const char *what;     /* the area and kind of information, e.g. "register.person" */
	const char *what_id;
	const char *purpose; /* basis code: own, care, emergency, representation, support, system */
	const char *reason;  /* free text (emergency access); never shown to the citizen */
	char prev_hash[SHA256_HEX_LEN + 1];
	char hash[SHA256_HEX_LEN + 1];
} audit_entry;

/* Locks the chain's head for this transaction (creating it at seq 0) and
 * reads its seq and hash. Call inside db_tx. */
status store_audit_head_lock(db_conn *c, int64_t patient_id, int64_t *seq, char hash[SHA256_HEX_LEN + 1]);
status store_audit_head_set(db_conn *c, int64_t patient_id, int64_t seq, const char *hash);
status store_audit_insert(db_conn *c, const audit_entry *e, int64_t *id);

/* Calls fn for every entry ordered by chain and seq (then id), stopping at the
 * first non-OK status, which it returns. Strings are valid during the call only. */
typedef status (*audit_entry_fn)(const audit_entry *e, void *arg);
status store_audit_scan(db_conn *c, audit_entry_fn fn, void *arg);
/* Calls fn for every chain head (patient_id, seq, hash in e). */
status store_audit_heads_scan(db_conn *c, audit_entry_fn fn, void *arg);
/* Number of entries in a patient's chain. */
status store_audit_count(db_conn *c, int64_t patient_id, int64_t *out);
/* The hash of the chain's entry at seq: ST_OK with hash filled, ST_NOT_FOUND
 * when the chain has no entry at seq. */
status store_audit_entry_hash(db_conn *c, int64_t patient_id, int64_t seq, char hash[SHA256_HEX_LEN + 1]);

#endif
