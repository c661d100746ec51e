/* letter_delivery.c (jobs) — the letter delivery worker (jobs/letter_delivery.h). */
#include "jobs/letter_delivery.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/crypto.h"
#include "core/log.h"
#include "domain/notify.h"
#include "jobs/timer.h"
#include "store/letter_delivery.h"

struct letter_delivery_job {
	db *d;
	letter_adapter adapters[LETTER_ADAPTERS];
	size_t n;
	const char *names[LETTER_ADAPTERS + 1]; /* NULL-terminated */
	int64_t backoff_s;
	int attempts;
	int64_t period_ms;
	char owner[JOB_OWNER_MAX];
	http_json *http;
	job_timer *timer;
};

status letter_delivery_job_new(const config *cfg, db *d, letter_delivery_job **out)
{
	*out = NULL;
	letter_delivery_job *j = xcalloc(1, sizeof *j);
	if (!letter_adapters_configured(cfg, j->adapters, &j->n)) {
		free(j);
		return ST_INVALID;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_error("cannot initialise libcurl");
		free(j);
		return ST_INTERNAL;
	}
	for (size_t i = 0; i < j->n; i++)
		j->names[i] = j->adapters[i].name;
	j->d = d;
	j->backoff_s = cfg->notify_backoff_seconds;
	j->attempts = cfg->notify_attempts;
	j->period_ms = (int64_t)(cfg->notify_seconds > 0 ? cfg->notify_seconds : 2) * 1000;
	job_lease_owner(j->owner, sizeof j->owner);
	j->http = http_json_new();
	*out = j;
	return ST_OK;
}

void letter_delivery_job_free(letter_delivery_job *j)
{
	if (j == NULL)
		return;
	http_json_free(j->http);
	free(j);
	curl_global_cleanup(); /* one for the init in letter_delivery_job_new */
}

const char *const *letter_delivery_job_adapters(const letter_delivery_job *j)
{
	return j->names;
}

struct claim {
	const char *adapter, *owner;
	unix_time now;
	arena *ar;
	letter_delivery *rows;
	size_t n;
};

static status claim_fn(db_conn *c, void *args)
{
	struct claim *k = args;
	return store_letter_delivery_claim(c, k->ar, k->adapter, k->owner, k->now, k->now + LETTER_DELIVERY_LEASE_S,
	                                   LETTER_DELIVERY_BATCH, &k->rows, &k->n);
}

/* Records one attempt's outcome. permanent: no retry can help (the letter
 * is gone): dead at once. */
static status record(letter_delivery_job *j, db_conn *c, const letter_delivery *d, status sent, bool permanent,
                     const char *error, letter_delivery_round *out)
{
	unix_time now = clock_system_now();
	status st;
	if (sent == ST_OK) {
		if ((st = store_letter_delivery_sent(c, d->id, j->owner, now)) == ST_OK)
			out->sent++;
	} else {
		int attempts = d->attempts + 1;
		bool dead = permanent || attempts >= j->attempts;
		char why[NOTIFY_ERROR_MAX + 1];
		snprintf(why, sizeof why, "%s", error != NULL ? error : "failed");
		st = store_letter_delivery_failed(c, d->id, j->owner, attempts, dead,
		                                  now + notify_backoff(j->backoff_s, attempts, random_u32()), why);
		if (st == ST_OK)
			(*(dead ? &out->dead : &out->failed))++;
		log_warn("letter delivery %" PRId64 " (%s) attempt %d failed%s: %s", d->id, d->adapter, attempts,
		         dead ? ", given up" : "", why);
	}
	if (st == ST_CONFLICT) /* the lease ran out and another worker took it */
		log_warn("letter delivery %" PRId64 ": no longer ours to mark", d->id);
	return st == ST_CONFLICT ? ST_OK : st;
}

static status send_one(letter_delivery_job *j, db_conn *c, arena *ar, const letter_adapter *ad,
                       const letter_delivery *d, letter_delivery_round *out)
{
	letter_payload p;
	status st = store_letter_payload(c, ar, d->document_id, &p);
	if (st == ST_NOT_FOUND)
		return record(j, c, d, st, true, "the letter or its PDF is missing", out);
	if (st != ST_OK)
		return st;
	const char *ref = letter_adapter_reference(ar, d->document_id);
	const char *error = NULL;
	status sent = letter_adapter_send(j->http, ar, ad, letter_adapter_message(ar, d->document_id, &p), ref,
	                                  LETTER_DELIVERY_TIMEOUT_S, &error);
	return record(j, c, d, sent, false, error, out);
}

/* Sends what was due when the round began, so a round ends even with the
 * adapter down (a failed delivery is due a second later at the earliest). */
static status send_adapter(letter_delivery_job *j, db_conn *c, arena *ar, unix_time round_start,
                           const letter_adapter *ad, letter_delivery_round *out)
{
	for (;;) {
		arena_reset(ar);
		struct claim k = {ad->name, j->owner, round_start, ar, NULL, 0};
		status st = db_tx(c, true, claim_fn, &k);
		if (st != ST_OK || k.n == 0)
			return st;
		for (size_t i = 0; i < k.n; i++)
			if ((st = send_one(j, c, ar, ad, &k.rows[i], out)) != ST_OK)
				return st;
	}
}

status letter_delivery_job_round(letter_delivery_job *j, letter_delivery_round *out)
{
	memset(out, 0, sizeof *out);
	db_conn *c = db_thread_conn(j->d);
	if (c == NULL)
		return ST_INTERNAL;
	arena *ar = arena_new();
	unix_time round_start = clock_system_now();
	status st = ST_OK;
	for (size_t i = 0; st == ST_OK && i < j->n; i++)
		st = send_adapter(j, c, ar, round_start, &j->adapters[i], out);
	arena_free(ar);
	if (st != ST_OK)
		log_error("letter delivery round stopped: %s", status_name(st));
	return st;
}

static void tick(void *arg)
{
	letter_delivery_job *j = arg;
	letter_delivery_round r;
	if (letter_delivery_job_round(j, &r) == ST_OK && (r.sent || r.failed || r.dead))
		log_info("letter deliveries: %zu sent, %zu to retry, %zu given up", r.sent, r.failed, r.dead);
}

status letter_delivery_job_start(letter_delivery_job *j)
{
	if (j->n == 0) /* nothing configured: no thread */
		return ST_OK;
	return job_timer_start("letter delivery", j->period_ms, true, tick, j, &j->timer);
}

void letter_delivery_job_stop(letter_delivery_job *j)
{
	if (j == NULL)
		return;
	job_timer_stop(j->timer);
	j->timer = NULL;
}
