/* appointments.c (jobs) — expiry of short-notice offers, reminders and
 * e-check-in openings (jobs/appointments.h). */
#include "jobs/appointments.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/ctx.h"
#include "core/log.h"
#include "domain/schedule.h"
#include "domain/short_notice.h"
#include "domain/tx.h"
#include "jobs/timer.h"
#include "store/appointments.h"
#include "store/outbox.h"

#define EVENT_KIND "appointment" /* domain/settings.h: "something about an appointment waits" */

struct due_op {
	unix_time from, until;
	bool checkin;
	int64_t *count;
};

/* Marks and announces in one transaction: a crash between the two is
 * impossible, so nothing is announced twice or lost. */
static status due_fn(ctx *x, void *args)
{
	struct due_op *o = args;
	appt_due *due;
	size_t n;
	status st = o->checkin
	                ? store_appt_checkin_due(x->db, x->arena, o->from, o->until, x->now, JOB_BATCH_MAX, &due, &n)
	                : store_appt_remind_due(x->db, x->arena, o->from, o->until, JOB_BATCH_MAX, &due, &n);
	for (size_t i = 0; st == ST_OK && i < n; i++) {
		int64_t event;
		st = store_outbox_add(x->db, due[i].patient_id, EVENT_KIND, due[i].id, false, x->now, &event);
	}
	if (st == ST_OK)
		*o->count = (int64_t)n;
	return st;
}

status jobs_appointments_run(db_conn *c, unix_time now, appt_job_counts *out)
{
	memset(out, 0, sizeof *out);
	arena *a = arena_new();
	ctx x = {.arena = a, .db = c, .locale = LOCALE_NB, .now = now, .who = {.kind = ACTOR_SYSTEM}};
	status st = sn_job_run(&x, &out->expired, &out->offered);
	struct due_op remind = {now, now + REMIND_BEFORE_S, false, &out->reminded};
	if (st == ST_OK)
		st = domain_tx(&x, true, due_fn, &remind);
	/* Check-in opens CHECKIN_OPENS_S before and closes CHECKIN_CLOSES_S before. */
	struct due_op checkin = {now + CHECKIN_CLOSES_S, now + CHECKIN_OPENS_S, true, &out->checkins};
	if (st == ST_OK)
		st = domain_tx(&x, true, due_fn, &checkin);
	arena_free(a);
	return st;
}

static void tick(void *arg)
{
	db *d = arg;
	appt_job_counts n;
	db_conn *c = db_thread_conn(d);
	status st = c != NULL ? jobs_appointments_run(c, clock_system_now(), &n) : ST_INTERNAL;
	if (st != ST_OK)
		log_error("appointment jobs: %s", status_name(st));
	else if (n.expired || n.offered || n.reminded || n.checkins)
		log_info("appointments: %" PRId64 " offers expired, %" PRId64 " offered, %" PRId64
		         " reminders, %" PRId64 " check-ins opened",
		         n.expired, n.offered, n.reminded, n.checkins);
}

status jobs_appointments_start(const config *cfg, db *d, job_timer **out)
{
	*out = NULL;
	if (cfg->jobs_seconds < 0) {
		log_error("--jobs-seconds (HELSAMI_JOBS_SECONDS) must be 0 (off) to 3600");
		return ST_INVALID;
	}
	if (cfg->jobs_seconds == 0)
		return ST_OK; /* off: `helsami jobs run` from cron does the same */
	return job_timer_start("appointment jobs", (int64_t)cfg->jobs_seconds * 1000, true, tick, d, out);
}
