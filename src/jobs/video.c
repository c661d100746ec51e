/* video.c (jobs) — ending the calls nobody ended (jobs/video.h). */
#include "jobs/video.h"

#include <inttypes.h>

#include "core/arena.h"
#include "core/ctx.h"
#include "core/log.h"
#include "domain/video.h"
#include "jobs/timer.h"

status jobs_video_run(db_conn *c, unix_time now, int64_t *ended)
{
	arena *a = arena_new();
	ctx x = {.arena = a, .db = c, .locale = LOCALE_NB, .now = now, .who = {.kind = ACTOR_SYSTEM}};
	status st = video_end_past(&x, ended);
	arena_free(a);
	return st;
}

static void tick(void *arg)
{
	db *d = arg;
	int64_t ended = 0;
	db_conn *c = db_thread_conn(d);
	status st = c != NULL ? jobs_video_run(c, clock_system_now(), &ended) : ST_INTERNAL;
	if (st != ST_OK)
		log_error("video jobs: %s", status_name(st));
	else if (ended > 0)
		log_info("video: %" PRId64 " calls past their time ended", ended);
}

status jobs_video_start(const config *cfg, db *d, job_timer **out)
{
	*out = NULL;
	if (cfg->jobs_seconds <= 0)
		return ST_OK; /* off, or refused already by the appointment jobs' start */
	return job_timer_start("video jobs", (int64_t)cfg->jobs_seconds * 1000, true, tick, d, out);
}
