/* jobs.c (cli) — `helsami jobs run [--now TIME]`: every timed job once, in
 * turn, for tests and cron (the server runs the same on a timer). A table of
 * jobs, so each area adds one row. */
#include <inttypes.h>
#include <stdio.h>

#include "cli/cli.h"
#include "core/log.h"
#include "jobs/appointments.h"

static status run_appointments(db_conn *c, unix_time now)
{
	appt_job_counts n;
	status st = jobs_appointments_run(c, now, &n);
	if (st == ST_OK)
		printf("appointments: %" PRId64 " offers expired, %" PRId64 " offered, %" PRId64 " reminders, %" PRId64
		       " check-ins opened\n",
		       n.expired, n.offered, n.reminded, n.checkins);
	return st;
}

static const struct {
	const char *name;
	status (*run)(db_conn *c, unix_time now);
} jobs[] = {
    {"appointments", run_appointments},
};

int cli_jobs_run(db *d, unix_time now)
{
	db_conn *c = db_thread_conn(d);
	if (c == NULL)
		return 1;
	int rc = 0;
	for (size_t i = 0; i < sizeof jobs / sizeof jobs[0]; i++) {
		status st = jobs[i].run(c, now != 0 ? now : clock_system_now());
		if (st != ST_OK) {
			log_error("job %s: %s", jobs[i].name, status_name(st));
			rc = 1;
		}
	}
	return rc;
}
