/* letters.c (jobs) — the letter worker, on jobs/timer.h. */
#include "jobs/letters.h"

#include "core/log.h"
#include "domain/documents.h"

/* The one letter worker of a server: its database and the adapters its
 * letters go to. */
static struct {
	db *d;
	const char *const *adapters;
	krr_register krr;
} worker;

static void tick(void *arg)
{
	(void)arg;
	letters_round r = {0};
	db_conn *c = db_thread_conn(worker.d);
	if (c != NULL && letters_make(c, clock_system_now(), worker.adapters, &worker.krr, &r) == ST_OK && r.made > 0)
		log_info("letters: %lld made (p50 %.1f ms, p99 %.1f ms)", (long long)r.made, r.p50_ms, r.p99_ms);
}

status letters_job_start(const config *cfg, db *d, const char *const *adapters, job_timer **out)
{
	int64_t period_ms = (int64_t)(cfg->notify_seconds > 0 ? cfg->notify_seconds : 5) * 1000;
	if (!krr_register_configured(cfg, &worker.krr))
		return ST_INVALID;
	worker.d = d;
	worker.adapters = adapters;
	return job_timer_start("letter", period_ms, true, tick, NULL, out);
}
