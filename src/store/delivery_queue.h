/* delivery_queue.h (store) — a leased delivery queue, once: rows that are
 * each to be sent once to something outside helsami, claimed in batches
 * with a lease (FOR UPDATE SKIP LOCKED on PostgreSQL, so two processes get
 * disjoint rows), marked sent by the claimant only, or failed and due
 * again later, dead after the last attempt; the operator puts a dead one
 * back. The notification deliveries (store/outbox.h) and the letters to
 * the national portal and the digital mailbox (store/letter_delivery.h)
 * are two such queues; jobs/delivery_queue.h is the worker that drives one.
 *
 * A queue is a table with, besides its own columns:
 *
 *	id @PK@, LANE TEXT NOT NULL (the channel or adapter a worker sends on),
 *	status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'dead')),
 *	attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at BIGINT NOT NULL,
 *	last_error TEXT (at most 200 characters), sent_at BIGINT,
 *	claimed_by TEXT, claimed_until BIGINT
 *
 * and an index on (status, LANE, next_attempt_at). Its store file declares
 * it once with DQ_QUEUE (the SQL texts, made from the table's and the
 * lane's names, are string literals of that one definition, so statements
 * are cached as any other) and calls the functions below with it. */
#ifndef HELSAMI_STORE_DELIVERY_QUEUE_H
#define HELSAMI_STORE_DELIVERY_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"

typedef struct delivery_queue {
	const char *claim_sqlite, *claim_postgres; /* $1 owner, $2 lease end, $3 lane, $4 now, $5 max */
	const char *sent, *failed, *retry, *exists, *count;
	db_row_reader read; /* one claimed row, from the RETURNING columns */
	size_t row_size;    /* of the rows read fills */
} delivery_queue;

/* A queue's SQL: table and lane are its names; returning the columns a
 * claim returns (what read reads), row_type what read fills. */
#define DQ_CLAIM_(table, lane)                                                                    \
	"UPDATE " table " SET claimed_by = $1, claimed_until = $2"                                \
	" WHERE id IN (SELECT id FROM " table "  WHERE status IN ('pending', 'failed') AND " lane \
	" = $3 AND next_attempt_at <= $4"                                                         \
	"  AND (claimed_until IS NULL OR claimed_until < $4) ORDER BY next_attempt_at, id LIMIT $5"
#define DQ_QUEUE(table, lane, returning, reader, row_type)                                                \
	{                                                                                                 \
		.claim_sqlite = DQ_CLAIM_(table, lane) ") RETURNING " returning,                          \
		.claim_postgres = DQ_CLAIM_(table, lane) " FOR UPDATE SKIP LOCKED) RETURNING " returning, \
		.sent = "UPDATE " table " SET status = 'sent', sent_at = $3, attempts = attempts + 1,"    \
		        " last_error = NULL, claimed_by = NULL, claimed_until = NULL"                     \
		        " WHERE id = $1 AND claimed_by = $2 AND status IN ('pending', 'failed')",         \
		.failed = "UPDATE " table " SET status = $3, attempts = $4, next_attempt_at = $5,"        \
		          " last_error = $6, claimed_by = NULL, claimed_until = NULL"                     \
		          " WHERE id = $1 AND claimed_by = $2 AND status IN ('pending', 'failed')",       \
		.retry = "UPDATE " table " SET status = 'pending', attempts = 0, next_attempt_at = $2,"   \
		         " last_error = NULL, claimed_by = NULL, claimed_until = NULL"                    \
		         " WHERE id = $1 AND status IN ('dead', $3)",                                     \
		.exists = "SELECT 1 FROM " table " WHERE id = $1",                                        \
		.count = "SELECT COUNT(*) FROM " table " WHERE status = $1", .read = reader,              \
		.row_size = sizeof(row_type),                                                             \
	}

/* Claims up to max rows on lane that are due at now (pending or failed,
 * next_attempt_at reached, no live lease) for owner until lease_until,
 * oldest due first, into *out (an arena array of q's rows: pass a T **).
 * Call in a write transaction and commit before sending. */
status store_dq_claim(db_conn *c, const delivery_queue *q, arena *ar, const char *lane, const char *owner,
                      unix_time now, unix_time lease_until, size_t max, void *out, size_t *n);
/* Marks a claimed row sent at `at` (attempts + 1, error and lease
 * dropped). ST_CONFLICT when owner no longer holds it (its lease ran out
 * and another took it). */
status store_dq_sent(db_conn *c, const delivery_queue *q, int64_t id, const char *owner, unix_time at);
/* Records a failed attempt of a claimed row: its number, status failed
 * (due again at next_at) or dead, and why (our own short text, never what
 * was sent). ST_CONFLICT as store_dq_sent. */
status store_dq_failed(db_conn *c, const delivery_queue *q, int64_t id, const char *owner, int attempts, bool dead,
                       unix_time next_at, const char *error);
/* Puts a dead row (and a failed one when failed_too) back to pending, due
 * at `at`, with attempts counted from 0. ST_NOT_FOUND when there is no
 * such row, ST_CONFLICT when it has another status. */
status store_dq_retry(db_conn *c, const delivery_queue *q, int64_t id, unix_time at, bool failed_too);
/* How many rows have status st. */
status store_dq_count(db_conn *c, const delivery_queue *q, const char *st, int64_t *out);

#endif
