/* timer.c (jobs) — a job on a thread of its own (jobs/timer.h). */
#include "jobs/timer.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"

struct job_timer {
	const char *name;
	int64_t period_ms;
	bool at_start;
	void (*run)(void *arg);
	void *arg;
	pthread_mutex_t mu;
	pthread_cond_t wake; /* on CLOCK_MONOTONIC: a clock set back does not stall it */
	bool stopping;       /* under mu */
	pthread_t thread;
};

/* Waits one period or until stopped (mu held); whether to stop. */
static bool wait_period(job_timer *t)
{
	struct timespec next;
	clock_deadline_after(&next, t->period_ms);
	int rc = 0;
	while (!t->stopping && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&t->wake, &t->mu, &next);
	return t->stopping;
}

static void *loop(void *arg)
{
	job_timer *t = arg;
	pthread_mutex_lock(&t->mu);
	bool stop = t->at_start ? t->stopping : wait_period(t);
	while (!stop) {
		pthread_mutex_unlock(&t->mu);
		t->run(t->arg);
		pthread_mutex_lock(&t->mu);
		stop = wait_period(t);
	}
	pthread_mutex_unlock(&t->mu);
	return NULL;
}

status job_timer_start(const char *name, int64_t period_ms, bool at_start, void (*run)(void *arg), void *arg,
                       job_timer **out)
{
	*out = NULL;
	job_timer *t = calloc(1, sizeof *t);
	if (t == NULL)
		return ST_INTERNAL;
	*t = (job_timer){.name = name, .period_ms = period_ms, .at_start = at_start, .run = run, .arg = arg};
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&t->wake, &attr);
	pthread_condattr_destroy(&attr);
	pthread_mutex_init(&t->mu, NULL);
	if (pthread_create(&t->thread, NULL, loop, t) != 0) {
		log_error("cannot start the %s thread", name);
		pthread_cond_destroy(&t->wake);
		pthread_mutex_destroy(&t->mu);
		free(t);
		return ST_INTERNAL;
	}
	*out = t;
	return ST_OK;
}

void job_timer_stop(job_timer *t)
{
	if (t == NULL)
		return;
	pthread_mutex_lock(&t->mu);
	t->stopping = true;
	pthread_cond_signal(&t->wake);
	pthread_mutex_unlock(&t->mu);
	pthread_join(t->thread, NULL);
	pthread_cond_destroy(&t->wake);
	pthread_mutex_destroy(&t->mu);
	free(t);
}

void job_lease_owner(char *out, size_t size)
{
	char host[48] = "host", rnd[17];
	gethostname(host, sizeof host - 1);
	random_token(8, rnd, sizeof rnd);
	snprintf(out, size, "%.40s:%ld:%s", host, (long)getpid(), rnd);
}
