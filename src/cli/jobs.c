/* jobs.c (cli) — `helsami jobs run [--now TIME]`: every timed job once, in
 * turn, for tests and cron (the server runs the same on timers). A table of
 * jobs, so each area adds one row. */
#include <inttypes.h>
#include <stdio.h>

#include "cli/cli.h"
#include "core/log.h"
#include "domain/documents.h"
#include "jobs/appointments.h"
#include "jobs/letter_delivery.h"
#include "jobs/notify.h"
#include "jobs/video.h"

static status run_appointments(const config *cfg, db *d, unix_time now)
{
	(void)cfg;
	appt_job_counts n;
	status st = jobs_appointments_run(db_thread_conn(d), now, &n);
	if (st == ST_OK)
		printf("appointments: %" PRId64 " offers expired, %" PRId64 " offered, %" PRId64 " reminders, %" PRId64
		       " check-ins opened\n",
		       n.expired, n.offered, n.reminded, n.checkins);
	return st;
}

/* Letters (K2): PDFs (with their deliveries to the configured adapters),
 * reminders before the paper day, the paper fallback. */
static status run_letters(const config *cfg, db *d, unix_time now)
{
	letter_delivery_job *j;
	krr_register krr;
	if (!krr_register_configured(cfg, &krr) || letter_delivery_job_new(cfg, d, &j) != ST_OK)
		return ST_INVALID;
	letters_round r;
	status st = letters_run(db_thread_conn(d), now, letter_delivery_job_adapters(j), &krr, &r);
	letter_delivery_job_free(j);
	if (st == ST_OK)
		printf("letters: %" PRId64 " made (p50 %.1f ms, p99 %.1f ms), %" PRId64 " reminded, %" PRId64
		       " to paper\n",
		       r.made, r.p50_ms, r.p99_ms, r.reminded, r.to_paper);
	return st;
}

/* Letters to the national health portal and the digital mailbox (K2),
 * after the letters job made them. */
static status run_letter_deliveries(const config *cfg, db *d, unix_time now)
{
	(void)now; /* deliveries are due by the system clock */
	letter_delivery_job *j;
	if (letter_delivery_job_new(cfg, d, &j) != ST_OK)
		return ST_INVALID;
	letter_delivery_round r;
	status st = letter_delivery_job_round(j, &r);
	letter_delivery_job_free(j);
	if (st == ST_OK)
		printf("letter deliveries: %zu sent, %zu to retry, %zu given up\n", r.sent, r.failed, r.dead);
	return st;
}

/* Calls nobody ended (P5). */
static status run_video(const config *cfg, db *d, unix_time now)
{
	(void)cfg;
	int64_t ended;
	status st = jobs_video_run(db_thread_conn(d), now, &ended);
	if (st == ST_OK)
		printf("video: %" PRId64 " calls past their time ended\n", ended);
	return st;
}

/* After the other jobs, so what they queued goes out in the same run. */
static status run_notifications(const config *cfg, db *d, unix_time now)
{
	(void)now; /* deliveries are due by the system clock */
	notify_job *j;
	if (notify_job_new(cfg, d, &j) != ST_OK)
		return ST_INVALID;
	notify_round r;
	status st = notify_job_round(j, &r);
	notify_job_free(j);
	if (st == ST_OK)
		printf("notifications: %zu events, %zu deliveries made, %zu sent, %zu to retry, %zu given up\n",
		       r.events, r.deliveries, r.sent, r.failed, r.dead);
	return st;
}

static const struct {
	const char *name;
	status (*run)(const config *cfg, db *d, unix_time now);
} jobs[] = {
    {"appointments", run_appointments},           {"letters", run_letters},
    {"letter deliveries", run_letter_deliveries}, {"video", run_video},
    {"notifications", run_notifications},
};

int cli_jobs_run(const config *cfg, db *d, unix_time now)
{
	if (db_thread_conn(d) == NULL)
		return 1;
	int rc = 0;
	for (size_t i = 0; i < sizeof jobs / sizeof jobs[0]; i++) {
		status st = jobs[i].run(cfg, d, now != 0 ? now : clock_system_now());
		if (st != ST_OK) {
			log_error("job %s: %s", jobs[i].name, status_name(st));
			rc = 1;
		}
	}
	return rc;
}
