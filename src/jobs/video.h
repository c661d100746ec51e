/* video.h (jobs) — calls nobody ended (P5): once their members' time is over
 * they are ended and their signaling messages, which carried the calls'
 * media keys, are deleted (domain/video.h video_end_past). */
#ifndef HELSAMI_JOBS_VIDEO_H
#define HELSAMI_JOBS_VIDEO_H

#include <stdint.h>

#include "core/clock.h"
#include "core/config.h"
#include "db/db.h"

/* One run at `now` on connection c; *ended the calls it ended. */
status jobs_video_run(db_conn *c, unix_time now, int64_t *ended);

typedef struct job_timer job_timer;

/* The server's timer, every --jobs-seconds (jobs/timer.h); *out NULL when
 * that is 0 (off: `helsami jobs run` from cron does the same). */
status jobs_video_start(const config *cfg, db *d, job_timer **out);

#endif
