/* delivery_queue.h (jobs) — the worker of a leased delivery queue
 * (store/delivery_queue.h), once: on one lane, claim a batch of due rows
 * (a lease, committed before anything is sent), send each, and mark it
 * sent, or failed and due again after notify_backoff (--notify-backoff-
 * seconds doubling, with jitter), or dead after --notify-attempts or at
 * once when no attempt can help; again until nothing that was due when
 * the round began is left. A kind of delivery says only what differs: its
 * queue, its batch and lease, and how to send one row (jobs/notify.c for
 * notifications, jobs/letter_delivery.c for letters).
 *
 * A crash between sending and marking leaves the row claimed; after the
 * lease another round sends it again (at least once, never lost), so a
 * kind sends something the far side can recognise a copy by (the same
 * Message-ID, reference or header on every attempt). */
#ifndef HELSAMI_JOBS_DELIVERY_QUEUE_H
#define HELSAMI_JOBS_DELIVERY_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "jobs/timer.h"
#include "store/delivery_queue.h"

/* One attempt's outcome, from a kind's send. */
typedef struct dq_outcome {
	status sent;       /* ST_OK: accepted */
	bool permanent;    /* no retry can help: dead at once */
	const char *error; /* our short reason when not sent (NULL: "failed"); never what was sent */
} dq_outcome;

typedef struct dq_kind {
	const char *what; /* in the log: "notification delivery" */
	const delivery_queue *queue;
	size_t batch;    /* rows claimed at once */
	int64_t lease_s; /* longer than a batch can take, so a slow batch is never sent twice */
	/* Where a claimed row (of queue->row_size bytes) holds its id (int64_t)
	 * and its attempts so far (int): offsetof in the kind's row type. */
	size_t id_at, attempts_at;
	/* Sends one claimed row; *out says how it went. Anything but ST_OK
	 * (the database failed) stops the round. self is the worker's. */
	status (*send)(void *self, db_conn *c, arena *ar, const void *row, dq_outcome *out);
} dq_kind;

typedef struct dq_worker {
	const dq_kind *kind;
	void *self;
	int64_t backoff_s;
	int attempts;
	char owner[JOB_OWNER_MAX]; /* this worker's name on its leases */
	job_timer *timer;          /* the server's, from dq_worker_start */
} dq_worker;

typedef struct dq_counts {
	size_t sent, failed, dead;
} dq_counts;

/* Sets up a worker of kind with the retry settings of cfg and an owner
 * name of its own, and libcurl (which every kind sends with): ST_INTERNAL,
 * logged, when it cannot. Once ST_OK, dq_worker_done releases it. */
status dq_worker_init(dq_worker *w, const dq_kind *kind, void *self, const config *cfg);
/* Stops the worker's timer (if started) and releases what init took. */
void dq_worker_done(dq_worker *w);

/* The server's timer (jobs/timer.h): round(self) every period_ms, the
 * first at once; dq_worker_stop (or _done) wakes and joins it. */
status dq_worker_start(dq_worker *w, const char *name, int64_t period_ms, void (*round)(void *self));
void dq_worker_stop(dq_worker *w);

/* Sends, on c (this thread's connection), every row of lane that was due
 * at round_start, batch by batch, adding to *out. ar is reset per batch. */
status dq_send_due(const dq_worker *w, db_conn *c, arena *ar, unix_time round_start, const char *lane, dq_counts *out);

#endif
