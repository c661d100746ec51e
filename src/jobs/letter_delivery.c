/* letter_delivery.c (jobs) — the letter delivery worker (jobs/letter_delivery.h). */
#include "jobs/letter_delivery.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "jobs/delivery_queue.h"
#include "store/letter_delivery.h"

struct letter_delivery_job {
	letter_adapter adapters[LETTER_ADAPTERS];
	size_t n;
	const char *names[LETTER_ADAPTERS + 1]; /* NULL-terminated */
	db *d;
	int64_t period_ms;
	dq_worker worker;
	http_json *http;
};

static status send_one(void *self, db_conn *c, arena *ar, const void *row, dq_outcome *out);

static const dq_kind letter_kind = {
    .what = "letter delivery",
    .queue = &letter_delivery_queue,
    .batch = LETTER_DELIVERY_BATCH,
    .lease_s = LETTER_DELIVERY_LEASE_S,
    .id_at = offsetof(letter_delivery, id),
    .attempts_at = offsetof(letter_delivery, attempts),
    .send = send_one,
};

status letter_delivery_job_new(const config *cfg, db *d, letter_delivery_job **out)
{
	*out = NULL;
	letter_delivery_job *j = xcalloc(1, sizeof *j);
	if (!letter_adapters_configured(cfg, j->adapters, &j->n)) {
		free(j);
		return ST_INVALID;
	}
	if (dq_worker_init(&j->worker, &letter_kind, j, cfg) != ST_OK) {
		free(j);
		return ST_INTERNAL;
	}
	for (size_t i = 0; i < j->n; i++)
		j->names[i] = j->adapters[i].name;
	j->d = d;
	j->period_ms = (int64_t)(cfg->notify_seconds > 0 ? cfg->notify_seconds : 2) * 1000;
	j->http = http_json_new();
	*out = j;
	return ST_OK;
}

void letter_delivery_job_free(letter_delivery_job *j)
{
	if (j == NULL)
		return;
	http_json_free(j->http);
	dq_worker_done(&j->worker);
	free(j);
}

const char *const *letter_delivery_job_adapters(const letter_delivery_job *j)
{
	return j->names;
}

static const letter_adapter *adapter_named(const letter_delivery_job *j, const char *name)
{
	for (size_t i = 0; i < j->n; i++)
		if (strcmp(j->adapters[i].name, name) == 0)
			return &j->adapters[i];
	return NULL;
}

/* A letter that is gone, or whose PDF is, cannot be sent by trying again. */
static status send_one(void *self, db_conn *c, arena *ar, const void *row, dq_outcome *out)
{
	const letter_delivery_job *j = self;
	const letter_delivery *d = row;
	letter_payload p;
	status st = store_letter_payload(c, ar, d->document_id, &p);
	if (st == ST_NOT_FOUND) {
		*out = (dq_outcome){ST_NOT_FOUND, true, "the letter or its PDF is missing"};
		return ST_OK;
	}
	if (st != ST_OK)
		return st;
	const char *ref = letter_adapter_reference(ar, d->document_id);
	*out = (dq_outcome){.permanent = false};
	out->sent = letter_adapter_send(j->http, ar, adapter_named(j, d->adapter),
	                                letter_adapter_message(ar, d->document_id, &p), ref, LETTER_DELIVERY_TIMEOUT_S,
	                                &out->error);
	return ST_OK;
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
		st = dq_send_due(&j->worker, c, ar, round_start, j->names[i], out);
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
	return dq_worker_start(&j->worker, "letter delivery", j->period_ms, tick);
}

void letter_delivery_job_stop(letter_delivery_job *j)
{
	if (j == NULL)
		return;
	dq_worker_stop(&j->worker);
}
