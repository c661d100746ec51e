/* timer.h (jobs) — a job that runs on a thread of its own every so often,
 * inside `helsami serve`: the one copy of the thread, its monotonic clock
 * and its clean stop, which the notification rounds, the access-log
 * checkpoints and the appointment jobs share. */
#ifndef HELSAMI_JOBS_TIMER_H
#define HELSAMI_JOBS_TIMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"

typedef struct job_timer job_timer;

/* Calls run(arg) every period_ms, the first time at once when at_start is
 * set (else after one period), on a new thread that inherits the caller's
 * signal mask (block the shutdown signals first). A run that fails logs and
 * the next period tries again. ST_INTERNAL (logged with name) when no
 * thread can be started. *out is the caller's (job_timer_stop). */
status job_timer_start(const char *name, int64_t period_ms, bool at_start, void (*run)(void *arg), void *arg,
                       job_timer **out);

/* Wakes the thread, waits for a run in progress to finish, joins it and
 * frees the timer (NULL is fine). */
void job_timer_stop(job_timer *t);

/* A worker's name on the leases it takes (host, process, a random part), so
 * two workers never take each other's rows for their own. */
enum { JOB_OWNER_MAX = 96 };
void job_lease_owner(char *out, size_t size);

#endif
