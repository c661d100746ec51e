/* outbox.h (store) — the notification outbox (SPEC.md N1, N2): an event
 * that something new is waiting for a person, written in the same
 * transaction as the change it announces, delivered later by the
 * notification job on the channels the person chose. An event carries only
 * its kind and the id of what it is about, never health data: a
 * notification says that something new is waiting, not what it is. */
#ifndef HELSAMI_STORE_OUTBOX_H
#define HELSAMI_STORE_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"
#include "store/delivery_queue.h"

typedef struct outbox_event {
	int64_t id, person_id;
	const char *kind; /* the event kind of domain/settings.h, e.g. "test_result" */
	unix_time created_at;
	int64_t payload_ref;    /* the id of what it is about (a result id); 0 when none */
	unix_time delivered_at; /* 0 while pending */
	int attempts;
	bool hidden_from_guardians; /* never to be told to a child's parents */
} outbox_event;

/* Adds a pending event; payload_ref 0 stores NULL. hidden_from_guardians: the
 * item is confidential for a child of 12-15, so no notification about it
 * may reach the child's parents. */
status store_outbox_add(db_conn *c, int64_t person_id, const char *kind, int64_t payload_ref,
                        bool hidden_from_guardians, unix_time at, int64_t *id);

/* The person's events, newest first, at most max. */
status store_outbox_for_person(db_conn *c, arena *ar, int64_t person_id, size_t max, outbox_event **out, size_t *n);

/* ---- delivery (migration 13; domain/notify.h has the rules) ---------------- */

/* Events not fanned out yet, oldest first, at most max. On PostgreSQL the
 * rows are locked (FOR UPDATE SKIP LOCKED): call inside a write
 * transaction; a second process skips them instead of waiting. */
status store_outbox_unfanned(db_conn *c, arena *ar, size_t max, outbox_event **out, size_t *n);
/* Marks the event fanned out. */
status store_outbox_fanned(db_conn *c, int64_t event_id, unix_time at);

/* Adds the delivery of event to recipient on channel (in_app, sms, email)
 * unless that (event, channel, recipient) has one already (*added false).
 * in_app is delivered by being written: status sent at `at`. */
status store_delivery_add(db_conn *c, int64_t event_id, int64_t recipient_id, int64_t about_id, const char *channel,
                          unix_time at, bool *added);

typedef struct delivery {
	int64_t id, event_id, recipient_id, about_id;
	const char *channel, *status, *kind; /* kind: the event's */
	int attempts;
	unix_time created_at, next_attempt_at, sent_at, read_at; /* 0: none */
	const char *last_error;                                  /* NULL: none */
	const char *about_name; /* the person the event concerns, when not the recipient */
} delivery;

/* The deliveries as a leased queue (store/delivery_queue.h): lane the
 * channel ("email", "sms"; in-app ones are sent when written), claimed
 * rows are deliveries (kind read from the event). */
extern const delivery_queue notify_delivery_queue;
/* Deliveries with status st ("pending", "sent", "failed", "dead"), newest
 * first, at most max; *more when there are further ones. */
status store_delivery_list(db_conn *c, arena *ar, const char *st, size_t max, delivery **out, size_t *n, bool *more);
/* The person the delivery's event concerns (whose access log an operator's
 * retry goes into); ST_NOT_FOUND when there is no such delivery. */
status store_delivery_about(db_conn *c, int64_t id, int64_t *person_id);
/* The deliveries of one event (for tests and the outbox page). */
status store_delivery_for_event(db_conn *c, arena *ar, int64_t event_id, size_t max, delivery **out, size_t *n);

/* The recipient's in-app notices, newest first, at most max; about_name
 * set when the event concerns someone else. */
status store_inbox_list(db_conn *c, arena *ar, int64_t recipient_id, size_t max, delivery **out, size_t *n);
/* How many in-app notices the recipient has not read. */
status store_inbox_unread(db_conn *c, int64_t recipient_id, int64_t *out);
/* Marks every unread in-app notice of the recipient read at `at`. */
status store_inbox_mark_read(db_conn *c, int64_t recipient_id, unix_time at);

/* What sending to a person needs: contact details, language and account
 * state. No name: no notification text names anyone. */
typedef struct recipient {
	const char *email, *phone; /* NULL: not given */
	const char *lang;          /* "nb", "en" or NULL (never chosen) */
	bool has_account;
	bool deactivated;
} recipient;
/* ST_NOT_FOUND when there is no such person. */
status store_recipient(db_conn *c, arena *ar, int64_t person_id, recipient *out);

#endif
