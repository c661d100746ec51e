/* appointments.h (jobs) — the timed work of appointments (SPEC.md P4, P6,
 * N1): short-notice offers past their deadline expire and the slot goes to
 * the next person; a reminder a day before; the e-check-in opening. Each
 * step marks what it did with a conditional UPDATE in the transaction that
 * writes the outbox event, so a step runs exactly once even when two
 * servers share one PostgreSQL database, and running twice changes nothing.
 * Events hold only the appointment's or offer's id. */
#ifndef HELSAMI_JOBS_APPOINTMENTS_H
#define HELSAMI_JOBS_APPOINTMENTS_H

#include <stdint.h>

#include "core/clock.h"
#include "core/config.h"
#include "db/db.h"

enum {
	REMIND_BEFORE_S = 24 * 60 * 60, /* a reminder a day before */
	JOB_BATCH_MAX = 1000,           /* appointments one run announces per step */
};

typedef struct appt_job_counts {
	int64_t expired, offered, reminded, checkins;
} appt_job_counts;

/* One run of every step at `now` on connection c. */
status jobs_appointments_run(db_conn *c, unix_time now, appt_job_counts *out);

typedef struct job_timer job_timer;

/* The server's timer: a run at start and every --jobs-seconds on a thread
 * of its own (jobs/timer.h), logging what it did; *out NULL when the
 * setting is 0 (off). ST_INVALID (logged) for a wrong setting. Stop it with
 * job_timer_stop. */
status jobs_appointments_start(const config *cfg, db *d, job_timer **out);

#endif
