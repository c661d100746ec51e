/* delivery_queue.c (conformance) — the leased delivery queue
 * (store/delivery_queue.h) on both databases, run once for each queue that
 * uses it, notification deliveries and letters to adapters: a claim leases
 * (a second claimant gets nothing until the lease ends), only what is due
 * on the lane is claimed, only the claimant marks, a failed row waits for
 * its next attempt and ends dead, a dead or sent row is never claimed
 * again, the operator's retry (dead; failed too when the queue allows it;
 * a row in another status is a conflict, no row not found), and two
 * connections claiming at once get disjoint rows. Also the backoff. */
#include <pthread.h>
#include <string.h>

#include "conformance.h"
#include "domain/notify.h"
#include "fixtures.h"
#include "store/letter_delivery.h"
#include "store/outbox.h"
#include "store/services.h"

#define NOW 1795341600 /* 2026-11-22T10:00:00Z */

/* A queue under test: its rows' id and attempts, and how to add a row due
 * at NOW on lane (lanes[0]; lanes[1] is another of its lanes). */
struct queue_case {
	const delivery_queue *q;
	const char *lanes[2];
	size_t id_at, attempts_at;
	int64_t (*add)(const fx_world *w, int n);
};

static int64_t add_notification(const fx_world *w, int n)
{
	int64_t ev;
	assert_int_equal(store_outbox_add(conf_conn, w->marius, "test_result", n + 1, false, NOW, &ev), ST_OK);
	assert_int_equal(store_delivery_add(conf_conn, ev, w->marius, w->marius, "email", NOW, NULL), ST_OK);
	return ev;
}

static int64_t add_letter(const fx_world *w, int n)
{
	(void)n;
	citizen_document d = {.patient_id = w->marius,
	                      .unit_id = w->oya,
	                      .kind = "decision",
	                      .letter = "{\"heading\":\"Vedtak\",\"sections\":[]}",
	                      .created_at = NOW};
	int64_t doc;
	assert_int_equal(store_document_insert(conf_conn, &d, &doc), ST_OK);
	assert_int_equal(store_letter_delivery_add(conf_conn, doc, "digital_mailbox", NOW), ST_OK);
	return doc;
}

static const struct queue_case cases[] = {
    {&notify_delivery_queue, {"email", "sms"}, offsetof(delivery, id), offsetof(delivery, attempts), add_notification},
    {&letter_delivery_queue,
     {"digital_mailbox", "health_portal"},
     offsetof(letter_delivery, id),
     offsetof(letter_delivery, attempts),
     add_letter},
};

static int64_t row_id(const struct queue_case *k, const void *rows, size_t i)
{
	int64_t id;
	memcpy(&id, (const char *)rows + i * k->q->row_size + k->id_at, sizeof id);
	return id;
}

static int row_attempts(const struct queue_case *k, const void *rows, size_t i)
{
	int attempts;
	memcpy(&attempts, (const char *)rows + i * k->q->row_size + k->attempts_at, sizeof attempts);
	return attempts;
}

static size_t claim(const struct queue_case *k, arena *a, const char *lane, const char *owner, unix_time now,
                    unix_time until, void **rows)
{
	size_t n;
	assert_int_equal(store_dq_claim(conf_conn, k->q, a, lane, owner, now, until, 10, rows, &n), ST_OK);
	return n;
}

static int64_t count(const struct queue_case *k, const char *st)
{
	int64_t n;
	assert_int_equal(store_dq_count(conf_conn, k->q, st, &n), ST_OK);
	return n;
}

static void leases_retries_and_dead(const struct queue_case *k, bool failed_retryable)
{
	fx_world w;
	fx_world_make(&w);
	arena *a = arena_new();
	k->add(&w, 0);
	const char *lane = k->lanes[0];
	void *rows, *rows2;
	/* Not due before its time, nor on another lane. */
	assert_int_equal(claim(k, a, lane, "w1", NOW - 1, NOW + 60, &rows), 0);
	assert_int_equal(claim(k, a, k->lanes[1], "w1", NOW, NOW + 60, &rows), 0);
	assert_int_equal(claim(k, a, lane, "w1", NOW, NOW + 60, &rows), 1);
	int64_t id = row_id(k, rows, 0);
	/* Leased: a second claimant gets nothing until the lease ends. */
	assert_int_equal(claim(k, a, lane, "w2", NOW + 1, NOW + 61, &rows2), 0);
	/* Only the claimant marks it. */
	assert_int_equal(store_dq_sent(conf_conn, k->q, id, "w2", NOW + 2), ST_CONFLICT);
	assert_int_equal(store_dq_failed(conf_conn, k->q, id, "w2", 1, false, NOW + 30, "refused"), ST_CONFLICT);
	assert_int_equal(store_dq_failed(conf_conn, k->q, id, "w1", 1, false, NOW + 30, "refused"), ST_OK);
	assert_int_equal(count(k, "failed"), 1);
	/* A failed row waits for its next attempt; then a lease that ran out is free. */
	assert_int_equal(claim(k, a, lane, "w2", NOW + 29, NOW + 90, &rows2), 0);
	assert_int_equal(claim(k, a, lane, "w2", NOW + 30, NOW + 40, &rows2), 1);
	assert_int_equal(row_attempts(k, rows2, 0), 1);
	assert_int_equal(claim(k, a, lane, "w3", NOW + 41, NOW + 100, &rows2), 1);
	assert_int_equal(store_dq_sent(conf_conn, k->q, id, "w2", NOW + 42), ST_CONFLICT); /* w3's now */
	/* Failed is not dead: a retry of dead rows only is a conflict. */
	assert_int_equal(store_dq_retry(conf_conn, k->q, id, NOW + 43, false), ST_CONFLICT);
	assert_int_equal(store_dq_failed(conf_conn, k->q, id, "w3", 2, true, NOW + 100, "refused"), ST_OK);
	assert_int_equal(count(k, "dead"), 1);
	/* Dead: never claimed again. */
	assert_int_equal(claim(k, a, lane, "w3", NOW + 9999, NOW + 99999, &rows2), 0);
	/* The operator's retry: pending, due at once, attempts from 0; once. */
	assert_int_equal(store_dq_retry(conf_conn, k->q, id + 1000, NOW + 2000, failed_retryable), ST_NOT_FOUND);
	assert_int_equal(store_dq_retry(conf_conn, k->q, id, NOW + 2000, failed_retryable), ST_OK);
	assert_int_equal(store_dq_retry(conf_conn, k->q, id, NOW + 2000, failed_retryable), ST_CONFLICT);
	assert_int_equal(count(k, "pending"), 1);
	assert_int_equal(claim(k, a, lane, "w4", NOW + 2000, NOW + 2100, &rows2), 1);
	assert_int_equal(row_attempts(k, rows2, 0), 0);
	/* Sent: attempts counted, never claimed nor retried again. */
	assert_int_equal(store_dq_sent(conf_conn, k->q, id, "w4", NOW + 2001), ST_OK);
	assert_int_equal(store_dq_sent(conf_conn, k->q, id, "w4", NOW + 2002), ST_CONFLICT);
	assert_int_equal(count(k, "sent"), 1);
	assert_int_equal(claim(k, a, lane, "w5", NOW + 99999, NOW + 999999, &rows2), 0);
	assert_int_equal(store_dq_retry(conf_conn, k->q, id, NOW + 3000, true), ST_CONFLICT);
	arena_free(a);
}

static void notifications_lease_retry_and_end_dead(void **state)
{
	(void)state;
	leases_retries_and_dead(&cases[0], true);
}

static void letters_lease_retry_and_end_dead(void **state)
{
	(void)state;
	leases_retries_and_dead(&cases[1], false);
}

/* Two workers claiming at once, each on its own connection. */
struct claimer {
	const struct queue_case *k;
	const char *owner;
	int64_t ids[100];
	size_t n;
	status st;
};

struct claim_args {
	const struct claimer *c;
	arena *a;
	void *rows;
	size_t n;
};

static status claim_fn(db_conn *c, void *arg)
{
	struct claim_args *ca = arg;
	const struct queue_case *k = ca->c->k;
	return store_dq_claim(c, k->q, ca->a, k->lanes[0], ca->c->owner, NOW, NOW + 600, 3, &ca->rows, &ca->n);
}

static void *claim_loop(void *arg)
{
	struct claimer *c = arg;
	db_conn *conn = db_thread_conn(conf_db);
	arena *a = arena_new();
	c->st = conn == NULL ? ST_INTERNAL : ST_OK;
	while (c->st == ST_OK) {
		struct claim_args ca = {c, a, NULL, 0};
		c->st = db_tx(conn, true, claim_fn, &ca);
		if (c->st != ST_OK || ca.n == 0)
			break;
		for (size_t i = 0; i < ca.n && c->n < 100; i++)
			c->ids[c->n++] = row_id(c->k, ca.rows, i);
	}
	arena_free(a);
	return NULL;
}

static void concurrent_claims_are_disjoint(void **state)
{
	(void)state;
	for (size_t q = 0; q < ARRAY_LEN(cases); q++) {
		fx_world w;
		fx_world_make(&w);
		for (int i = 0; i < 40; i++)
			cases[q].add(&w, i);
		struct claimer c1 = {.k = &cases[q], .owner = "one"}, c2 = {.k = &cases[q], .owner = "two"};
		pthread_t t1, t2;
		pthread_create(&t1, NULL, claim_loop, &c1);
		pthread_create(&t2, NULL, claim_loop, &c2);
		pthread_join(t1, NULL);
		pthread_join(t2, NULL);
		assert_int_equal(c1.st, ST_OK);
		assert_int_equal(c2.st, ST_OK);
		assert_int_equal(c1.n + c2.n, 40); /* every row, once */
		for (size_t i = 0; i < c1.n; i++)
			for (size_t j = 0; j < c2.n; j++)
				assert_true(c1.ids[i] != c2.ids[j]);
	}
}

static void backoff_doubles_with_jitter_and_a_cap(void **state)
{
	(void)state;
	assert_int_equal(notify_backoff(30, 1, 0), 15);
	assert_true(notify_backoff(30, 1, 0xffffffffu) <= 30);
	assert_int_equal(notify_backoff(30, 3, 0), 60);
	assert_true(notify_backoff(30, 40, 7) <= 6 * 3600);
	assert_int_equal(notify_backoff(0, 5, 9), 1);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(notifications_lease_retry_and_end_dead),
    cmocka_unit_test(letters_lease_retry_and_end_dead),
    cmocka_unit_test(concurrent_claims_are_disjoint),
    cmocka_unit_test(backoff_doubles_with_jitter_and_a_cap),
};
CONF_GROUP(delivery_queue, tests)
