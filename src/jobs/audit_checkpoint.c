/* audit_checkpoint.c (jobs) — the timer that writes the access log's signed
 * checkpoints while the server runs (on jobs/timer.h). */
#include "jobs/audit_checkpoint.h"

#include <inttypes.h>
#include <stdlib.h>

#include "core/log.h"
#include "domain/audit_checkpoint.h"
#include "jobs/timer.h"

struct audit_checkpoint_job {
	db *d;
	ed25519_key *key;
	const char *path; /* the setting's string: lives as long as the process */
	job_timer *timer;
};

/* Writes one checkpoint on c (this thread's connection) and logs a line that
 * names no patient: how many chains, which key, where. */
static status write_checkpoint(const audit_checkpoint_job *j, db_conn *c)
{
	audit_checkpoint_info info;
	status st = c == NULL ? ST_INTERNAL : audit_checkpoint_write(c, j->key, j->path, clock_system_now(), &info);
	if (st == ST_OK)
		log_info("audit checkpoint: %" PRId64 " chains at %s signed with key %s, appended to %s", info.chains,
		         info.at, ed25519_key_id(j->key), j->path);
	else
		log_error("audit checkpoint: none written to %s (%s)", j->path, status_name(st));
	return st;
}

/* A failure is logged and the next period tries again. */
static void tick(void *arg)
{
	const audit_checkpoint_job *j = arg;
	write_checkpoint(j, db_thread_conn(j->d));
}

/* Whether the settings make sense; says what is wrong when not. */
static bool settings_valid(const config *cfg)
{
	if ((cfg->audit_checkpoint_key == NULL) != (cfg->audit_checkpoint_file == NULL)) {
		log_error("access-log checkpoints need both --audit-checkpoint-key (HELSAMI_AUDIT_CHECKPOINT_KEY) and "
		          "--audit-checkpoint-file (HELSAMI_AUDIT_CHECKPOINT_FILE); only the %s is set",
		          cfg->audit_checkpoint_key != NULL ? "key" : "file");
		return false;
	}
	if (cfg->audit_checkpoint_minutes < 0) {
		log_error("--audit-checkpoint-minutes (HELSAMI_AUDIT_CHECKPOINT_MINUTES) must be a number of minutes "
		          "from 0.01 to 10080");
		return false;
	}
	return true;
}

static status load_key(const char *path, ed25519_key **key)
{
	status st = audit_checkpoint_key_load(path, key);
	if (st == ST_NOT_FOUND)
		log_error("--audit-checkpoint-key: cannot read %s", path);
	else if (st != ST_OK)
		log_error("--audit-checkpoint-key: %s is not an Ed25519 private key in PEM (helsami audit keygen "
		          "makes one)",
		          path);
	return st;
}

status audit_checkpoint_job_start(const config *cfg, db *d, audit_checkpoint_job **out)
{
	*out = NULL;
	if (!settings_valid(cfg))
		return ST_INVALID;
	if (cfg->audit_checkpoint_key == NULL)
		return ST_OK; /* not configured */
	audit_checkpoint_job *j = xcalloc(1, sizeof *j);
	j->d = d;
	j->path = cfg->audit_checkpoint_file;
	status st = ST_INVALID;
	if (load_key(cfg->audit_checkpoint_key, &j->key) != ST_OK)
		goto cleanup;
	if (write_checkpoint(j, db_thread_conn(d)) != ST_OK)
		goto cleanup;
	int64_t period_ms = (int64_t)(cfg->audit_checkpoint_minutes * 60000.0);
	if ((st = job_timer_start("audit checkpoint", period_ms, false, tick, j, &j->timer)) != ST_OK)
		goto cleanup;
	*out = j;
	return ST_OK;
cleanup:
	ed25519_free(j->key);
	free(j);
	return st;
}

void audit_checkpoint_job_stop(audit_checkpoint_job *j)
{
	if (j == NULL)
		return;
	job_timer_stop(j->timer);
	ed25519_free(j->key);
	free(j);
}
