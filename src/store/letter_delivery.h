/* letter_delivery.h (store) — letters delivered to the national health
 * portal and the citizen's digital mailbox (SPEC.md K2, migration 28): one
 * row per letter and adapter, claimed with a lease, sent, or failed and
 * tried again later, dead after the last attempt. The rules are in
 * jobs/letter_delivery.h. */
#ifndef HELSAMI_STORE_LETTER_DELIVERY_H
#define HELSAMI_STORE_LETTER_DELIVERY_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"
#include "store/delivery_queue.h"

/* Adds the delivery of document to adapter ("health_portal",
 * "digital_mailbox"), due at `at`, unless it has one already (ST_OK both
 * ways: making a letter's PDF twice adds nothing). */
status store_letter_delivery_add(db_conn *c, int64_t document_id, const char *adapter, unix_time at);

typedef struct letter_delivery {
	int64_t id, document_id;
	const char *adapter, *status;
	int attempts;
	unix_time next_attempt_at, sent_at; /* 0: none */
	const char *last_error;             /* NULL: none */
} letter_delivery;

/* The deliveries as a leased queue (store/delivery_queue.h): lane the
 * adapter, claimed rows are letter_delivery. */
extern const delivery_queue letter_delivery_queue;
/* The deliveries of one document, by adapter (for tests and the operator). */
status store_letter_deliveries_of_document(db_conn *c, arena *ar, int64_t document_id, letter_delivery **out,
                                           size_t *n);

/* The person the delivery's letter is to (whose access log an operator's
 * retry goes into); ST_NOT_FOUND when there is no such delivery. */
status store_letter_delivery_patient(db_conn *c, int64_t id, int64_t *person_id);

/* For the operator's outbox: the deliveries with status st, newest first,
 * at most max. */
status store_letter_deliveries_with_status(db_conn *c, arena *ar, const char *st, size_t max, letter_delivery **out,
                                           size_t *n);

/* The digital mailbox's read receipt for document: its first opening,
 * at `at`, by no person of ours (opened_by NULL: opened in the mailbox).
 * ST_NOT_FOUND unless the letter reached the mailbox (its digital_mailbox
 * delivery is sent); ST_OK, and nothing changed, when it was opened
 * before. */
status store_letter_mailbox_read(db_conn *c, int64_t document_id, unix_time at);

/* What is sent: the recipient's identity number, the letter's kind, its
 * JSON (the heading is its title) and the PDF bytes, in ar. */
typedef struct letter_payload {
	const char *nin, *kind, *letter;
	uint8_t *pdf;
	size_t pdf_len;
} letter_payload;
/* ST_NOT_FOUND when there is no such document or its PDF is not made. */
status store_letter_payload(db_conn *c, arena *ar, int64_t document_id, letter_payload *out);

#endif
