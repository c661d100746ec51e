/* jobs.c — `helsami jobs run`: one round of the timed jobs, for cron and
 * tests. Today that is notification delivery (jobs/notify.h). */
#include <stdio.h>

#include "cli/cli.h"
#include "jobs/notify.h"

int cli_jobs_run(const config *cfg, db *d)
{
	notify_job *j;
	if (notify_job_new(cfg, d, &j) != ST_OK)
		return 1;
	notify_round r;
	status st = notify_job_round(j, &r);
	notify_job_free(j);
	if (st != ST_OK) {
		fprintf(stderr, "helsami: the notification round failed (%s)\n", status_name(st));
		return 1;
	}
	printf("notifications: %zu events, %zu deliveries made, %zu sent, %zu to retry, %zu given up\n", r.events,
	       r.deliveries, r.sent, r.failed, r.dead);
	return 0;
}
