/* audit_checkpoint.h (jobs) — the server's timed access-log checkpoints:
 * with --audit-checkpoint-key and --audit-checkpoint-file set, one signed
 * checkpoint (domain/audit_checkpoint.h) at start-up and then every
 * --audit-checkpoint-minutes, written on a thread of its own. */
#ifndef HELSAMI_JOBS_AUDIT_CHECKPOINT_H
#define HELSAMI_JOBS_AUDIT_CHECKPOINT_H

#include "core/config.h"
#include "db/db.h"

typedef struct audit_checkpoint_job audit_checkpoint_job;

/* Starts the job when cfg asks for it. Checks the settings (key and file go
 * together), loads the key and writes the first checkpoint before returning,
 * so a server that cannot anchor its log does not start. Call with the
 * shutdown signals blocked (the thread inherits the mask). ST_OK with *out
 * NULL when not configured; ST_INVALID (logged) for a wrong setting, an
 * unreadable key or a file that cannot be written. *out is the caller's
 * (audit_checkpoint_job_stop). */
status audit_checkpoint_job_start(const config *cfg, db *d, audit_checkpoint_job **out);

/* Wakes the thread, waits for a checkpoint being written to finish, joins it
 * and frees the job (NULL is fine). Call before db_close. */
void audit_checkpoint_job_stop(audit_checkpoint_job *j);

#endif
