/* notify.h (jobs) — the notification delivery worker (SPEC.md N2): a round
 * fans out every outbox event (domain/notify.h), then sends every delivery
 * that is due on each channel that is configured, in batches it claims
 * (a lease, committed before sending), marking each sent, failed (tried
 * again after a backoff with jitter) or dead (after --notify-attempts).
 * A channel whose URL is unset is off: its deliveries wait, nothing is
 * lost. Runs inside `helsami serve` every --notify-seconds on a thread of
 * its own, and once per `helsami jobs run`. docs/notifications.md says
 * what happens after a crash between sending and marking sent. */
#ifndef HELSAMI_JOBS_NOTIFY_H
#define HELSAMI_JOBS_NOTIFY_H

#include <stddef.h>

#include "core/config.h"
#include "db/db.h"

enum {
	NOTIFY_CLAIM_BATCH = 20,    /* deliveries claimed at once */
	NOTIFY_SEND_TIMEOUT_S = 15, /* one message, connecting included */
	/* A claim's lease: longer than a batch can take, so a slow batch is never
	 * sent twice; a crashed worker's deliveries wait this long. */
	NOTIFY_LEASE_S = 60 + NOTIFY_CLAIM_BATCH * NOTIFY_SEND_TIMEOUT_S,
};

typedef struct notify_round {
	size_t events;     /* fanned out */
	size_t deliveries; /* made by fan-out */
	size_t sent, failed, dead;
} notify_round;

typedef struct notify_job notify_job;

/* Checks the settings (logged when wrong: ST_INVALID) and prepares a
 * worker; *out is the caller's (notify_job_free). */
status notify_job_new(const config *cfg, db *d, notify_job **out);
void notify_job_free(notify_job *j);

/* One round, on this thread's connection: fan out, then send what is due
 * until nothing is. *out counts what it did. */
status notify_job_round(notify_job *j, notify_round *out);

/* The server's timer: a thread that runs a round every --notify-seconds
 * and that stop wakes at once (waiting for a round in progress). Call
 * start with the shutdown signals blocked. */
status notify_job_start(notify_job *j);
void notify_job_stop(notify_job *j);

#endif
