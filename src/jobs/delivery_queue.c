/* delivery_queue.c (jobs) — the leased delivery queue's worker (jobs/delivery_queue.h). */
#include "jobs/delivery_queue.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "core/log.h"
#include "domain/notify.h"

status dq_worker_init(dq_worker *w, const dq_kind *kind, void *self, const config *cfg)
{
	*w = (dq_worker){
	    .kind = kind, .self = self, .backoff_s = cfg->notify_backoff_seconds, .attempts = cfg->notify_attempts};
	job_lease_owner(w->owner, sizeof w->owner);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_error("cannot initialise libcurl");
		return ST_INTERNAL;
	}
	return ST_OK;
}

void dq_worker_done(dq_worker *w)
{
	dq_worker_stop(w);
	curl_global_cleanup(); /* one for the init in dq_worker_init: libcurl counts them */
}

status dq_worker_start(dq_worker *w, const char *name, int64_t period_ms, void (*round)(void *self))
{
	return job_timer_start(name, period_ms, true, round, w->self, &w->timer);
}

void dq_worker_stop(dq_worker *w)
{
	job_timer_stop(w->timer);
	w->timer = NULL;
}

struct claim {
	const dq_worker *w;
	const char *lane;
	unix_time now;
	arena *ar;
	void *rows;
	size_t n;
};

static status claim_fn(db_conn *c, void *args)
{
	struct claim *k = args;
	const dq_kind *kind = k->w->kind;
	return store_dq_claim(c, kind->queue, k->ar, k->lane, k->w->owner, k->now, k->now + kind->lease_s, kind->batch,
	                      &k->rows, &k->n);
}

/* Records one attempt's outcome; a row whose lease ran out and that
 * another worker took is theirs to mark (logged, not an error). */
static status record(const dq_worker *w, db_conn *c, const char *lane, const void *row, const dq_outcome *o,
                     dq_counts *out)
{
	const dq_kind *kind = w->kind;
	int64_t id;
	int attempts;
	memcpy(&id, (const char *)row + kind->id_at, sizeof id);
	memcpy(&attempts, (const char *)row + kind->attempts_at, sizeof attempts);
	unix_time now = clock_system_now();
	status st;
	if (o->sent == ST_OK) {
		if ((st = store_dq_sent(c, kind->queue, id, w->owner, now)) == ST_OK)
			out->sent++;
	} else {
		attempts++;
		bool dead = o->permanent || attempts >= w->attempts;
		char why[NOTIFY_ERROR_MAX + 1];
		snprintf(why, sizeof why, "%s", o->error != NULL ? o->error : "failed");
		st = store_dq_failed(c, kind->queue, id, w->owner, attempts, dead,
		                     now + notify_backoff(w->backoff_s, attempts, random_u32()), why);
		if (st == ST_OK)
			(*(dead ? &out->dead : &out->failed))++;
		log_warn("%s %" PRId64 " (%s) attempt %d failed%s: %s", kind->what, id, lane, attempts,
		         dead ? ", given up" : "", why);
	}
	if (st == ST_CONFLICT)
		log_warn("%s %" PRId64 ": no longer ours to mark", kind->what, id);
	return st == ST_CONFLICT ? ST_OK : st;
}

/* A row that fails now is due again a second later at the earliest
 * (notify_backoff), so claiming only what was due at round_start ends the
 * round even with the far side down. */
status dq_send_due(const dq_worker *w, db_conn *c, arena *ar, unix_time round_start, const char *lane, dq_counts *out)
{
	const dq_kind *kind = w->kind;
	for (;;) {
		arena_reset(ar);
		struct claim k = {w, lane, round_start, ar, NULL, 0};
		status st = db_tx(c, true, claim_fn, &k);
		if (st != ST_OK || k.n == 0)
			return st;
		for (size_t i = 0; i < k.n; i++) {
			const void *row = (const char *)k.rows + i * kind->queue->row_size;
			dq_outcome o = {.sent = ST_INTERNAL};
			if ((st = kind->send(w->self, c, ar, row, &o)) != ST_OK ||
			    (st = record(w, c, lane, row, &o, out)) != ST_OK)
				return st;
		}
	}
}
