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

typedef struct outbox_event {
	int64_t id, person_id;
	const char *kind;       /* the event kind of domain/settings.h, e.g. "test_result" */
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
status store_outbox_for_person(db_conn *c, arena *ar, int64_t person_id, size_t max, outbox_event **out,
                               size_t *n);

#endif
