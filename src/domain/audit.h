/* audit.h — the access log (ARCHITECTURE.md rule 3, SPEC.md D3/D4): every read
 * or change of a patient's data by anyone but the patient is appended in the
 * same transaction as the read or change, hash-chained per patient. */
#ifndef HELSAMI_DOMAIN_AUDIT_H
#define HELSAMI_DOMAIN_AUDIT_H

#include "core/ctx.h"
#include "store/audit.h"

/* Appends e to its patient's chain: sets seq, prev_hash and hash. Must run
 * inside the transaction of the read or change it records (db_tx). */
status audit_append(db_conn *c, audit_entry *e);

/* The reads of one request, logged together when it ends (issue 12): a page
 * that shows a patient's data to anyone but the patient logs each read, and
 * writing each in a write transaction of its own costs a commit apiece. The
 * dispatcher gives every request a list (ctx.log_later); a read logged in a
 * read transaction joins it when that transaction ends well, and audit_flush
 * writes the whole list in one write transaction before the answer leaves.
 * If that fails the answer is an error page instead: no page is ever sent
 * whose reads are not in the log. Changes, and reads made inside a write
 * transaction, are logged in their own transaction as before. */
typedef struct audit_later audit_later;
audit_later *audit_later_new(arena *a);
/* Moves from's entries to the end of to. */
void audit_later_move(audit_later *to, audit_later *from);
void audit_later_clear(audit_later *l);

/* Appends e now, or, a read while x->log_later is set, to that list. */
status audit_add(const ctx *x, audit_entry *e);

/* Writes the request's deferred reads in one transaction (ST_OK when there
 * are none) and empties the list. */
status audit_flush(const ctx *x);

/* A row's id as an entry's what_id: decimal text, in a. */
const char *audit_id(arena *a, int64_t id);

/* Fills the actor fields of e from the request context and appends it.
 * patient_id is the person whose data was read or changed. */
status audit_record(const ctx *x, int64_t patient_id, const char *action, const char *what, const char *what_id,
                    const char *purpose);

/* The entry's hash: SHA-256 over prev_hash and a length-prefixed encoding of
 * every field but id and hash. */
void audit_entry_hash(const audit_entry *e, char out[SHA256_HEX_LEN + 1]);

typedef struct audit_report {
	int64_t entries, chains;
	bool intact;
	/* The first bad entry when not intact (entry_id 0 for a head mismatch). */
	int64_t entry_id, patient_id, seq;
	const char *problem;
} audit_report;

/* Checks every chain: sequence without gaps, each prev_hash the previous
 * entry's hash, each hash recomputed, and each chain's head matching its last
 * entry. Returns ST_OK whether or not intact (see report). */
status audit_verify(db_conn *c, audit_report *report);

#endif
