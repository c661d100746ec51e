/* appointments.c (jobs) — expiry of short-notice offers, reminders and
 * e-check-in openings (jobs/appointments.h). */
#include "jobs/appointments.h"

#include <string.h>

#include "core/arena.h"
#include "core/ctx.h"
#include "domain/schedule.h"
#include "domain/short_notice.h"
#include "domain/tx.h"
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
