/* letter_delivery.h (jobs) — letters delivered to the national health
 * portal and the citizen's digital mailbox (SPEC.md K2, docs/services.md
 * "Delivery to the national portal and the digital mailbox"). The letter
 * job adds one delivery per letter and configured adapter when it makes
 * the letter's PDF (domain/documents.h letters_make); a round here drives
 * them as a leased delivery queue (jobs/delivery_queue.h, with the
 * notification settings --notify-backoff-seconds and --notify-attempts),
 * one lane per adapter, sending each through
 * integrations/letter_adapter.h. An adapter
 * whose URL is unset is not used. Runs inside `helsami serve` every
 * --notify-seconds on a thread of its own, and once per `helsami jobs
 * run`. As with notifications, a crash between sending and marking sends
 * the letter again after the lease; the reference tells the copy. */
#ifndef HELSAMI_JOBS_LETTER_DELIVERY_H
#define HELSAMI_JOBS_LETTER_DELIVERY_H

#include <stddef.h>

#include "core/config.h"
#include "db/db.h"
#include "integrations/letter_adapter.h"
#include "jobs/delivery_queue.h"

enum {
	LETTER_DELIVERY_BATCH = 10,     /* deliveries claimed at once */
	LETTER_DELIVERY_TIMEOUT_S = 30, /* one letter (up to some 100 KB), connecting included */
	/* Longer than a batch can take, so a slow batch is never sent twice. */
	LETTER_DELIVERY_LEASE_S = 60 + LETTER_DELIVERY_BATCH * LETTER_DELIVERY_TIMEOUT_S,
};

typedef dq_counts letter_delivery_round;

typedef struct letter_delivery_job letter_delivery_job;

/* Checks the settings (logged when wrong: ST_INVALID) and prepares the
 * worker; *out is the caller's (letter_delivery_job_free). */
status letter_delivery_job_new(const config *cfg, db *d, letter_delivery_job **out);
void letter_delivery_job_free(letter_delivery_job *j);

/* The configured adapters' names, NULL-terminated, for letters_make. */
const char *const *letter_delivery_job_adapters(const letter_delivery_job *j);

/* One round on this thread's connection: sends what is due on each
 * configured adapter until nothing is. */
status letter_delivery_job_round(letter_delivery_job *j, letter_delivery_round *out);

/* The server's timer (jobs/timer.h); stop wakes it at once. */
status letter_delivery_job_start(letter_delivery_job *j);
void letter_delivery_job_stop(letter_delivery_job *j);

#endif
