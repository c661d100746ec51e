/* letters.c (jobs) — the letter worker's thread. */
#include "jobs/letters.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "core/log.h"
#include "domain/documents.h"

struct letters_job {
	db *d;
	int64_t period_ms;
	pthread_mutex_t mu;
	pthread_cond_t wake;
	pthread_t thread;
	bool stopping;
};

static void *run(void *arg)
{
	letters_job *j = arg;
	pthread_mutex_lock(&j->mu);
	while (!j->stopping) {
		pthread_mutex_unlock(&j->mu);
		letters_round r = {0};
		db_conn *c = db_thread_conn(j->d);
		if (c != NULL && letters_make(c, clock_system_now(), &r) == ST_OK && r.made > 0)
			log_info("letters: %lld made (p50 %.1f ms, p99 %.1f ms)", (long long)r.made, r.p50_ms,
			         r.p99_ms);
		pthread_mutex_lock(&j->mu);
		struct timespec next;
		clock_deadline_after(&next, j->period_ms);
		int rc = 0;
		while (!j->stopping && rc != ETIMEDOUT)
			rc = pthread_cond_timedwait(&j->wake, &j->mu, &next);
	}
	pthread_mutex_unlock(&j->mu);
	return NULL;
}

status letters_job_start(const config *cfg, db *d, letters_job **out)
{
	*out = NULL;
	letters_job *j = calloc(1, sizeof *j);
	if (j == NULL)
		return ST_INTERNAL;
	j->d = d;
	j->period_ms = (int64_t)(cfg->notify_seconds > 0 ? cfg->notify_seconds : 5) * 1000;
	pthread_mutex_init(&j->mu, NULL);
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&j->wake, &attr);
	pthread_condattr_destroy(&attr);
	if (pthread_create(&j->thread, NULL, run, j) != 0) {
		log_error("cannot start the letter thread");
		pthread_cond_destroy(&j->wake);
		pthread_mutex_destroy(&j->mu);
		free(j);
		return ST_INTERNAL;
	}
	*out = j;
	return ST_OK;
}

void letters_job_stop(letters_job *j)
{
	if (j == NULL)
		return;
	pthread_mutex_lock(&j->mu);
	j->stopping = true;
	pthread_cond_signal(&j->wake);
	pthread_mutex_unlock(&j->mu);
	pthread_join(j->thread, NULL);
	pthread_cond_destroy(&j->wake);
	pthread_mutex_destroy(&j->mu);
	free(j);
}
