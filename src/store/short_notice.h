/* short_notice.h (store) — SQL for the short-notice list and its offers
 * (SPEC.md P4): who asked for an earlier time at a unit, in the order they
 * joined, and every offer of a freed slot with its outcome and reason.
 *
 * Every change is one conditional statement, never a read followed by a
 * write: an offer is answered only while it is open and before its
 * deadline, so it is accepted at most once; a slot is offered to one list
 * entry at most once (UNIQUE (slot_id, entry_id)). Strings live in the
 * given arena; times are UTC seconds. */
#ifndef HELSAMI_STORE_SHORT_NOTICE_H
#define HELSAMI_STORE_SHORT_NOTICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"

/* Puts the booked appointment on its unit's list (idempotent). */
status store_sn_join(db_conn *c, int64_t appointment_id, unix_time at);
/* Moves a list entry to the appointment that replaced its own (a move by
 * the patient or staff keeps their place); nothing when not on the list. */
status store_sn_follow(db_conn *c, int64_t old_appointment, int64_t new_appointment);
/* Whether the appointment is on the list. */
status store_sn_listed(db_conn *c, int64_t appointment_id, bool *out);

/* The latest start after now of a booked appointment on the unit's list:
 * no slot from then on can be offered to anyone (0 when the list is empty). */
status store_sn_horizon(db_conn *c, int64_t unit_id, unix_time now, unix_time *out);
/* How many offers of the slot are open. */
status store_sn_open_count(db_conn *c, int64_t slot_id, int64_t *out);
/* Offers the slot to at most `limit` more people on its unit's list, in
 * join order: those whose booked appointment is of a type the slot fits
 * and starts later than the slot, who have never been offered this slot
 * and hold no open offer of a slot starting as early or earlier (they have
 * one at least as good: new slots go further down the list instead);
 * only while the slot is free, not blocked and starts after now. */
status store_sn_offer_insert(db_conn *c, int64_t slot_id, unix_time now, unix_time deadline, int64_t limit,
                             int64_t *added);

typedef struct sn_offer {
	int64_t id, unit_id, slot_id, entry_id, appointment_id, patient_id, new_appointment_id;
	const char *status, *reason;
	unix_time created_at, deadline, answered_at;
	unix_time slot_start, slot_end; /* the time offered */
	unix_time current_start;        /* the appointment it would replace */
	int64_t current_slot;
	const char *staff_name, *type_nb, *type_en, *unit_name;
	const char *patient_name; /* staff lists only */
	int64_t visit_type_id;
} sn_offer;

/* One offer of the patient; ST_NOT_FOUND for anyone else's. */
status store_sn_offer_get(db_conn *c, arena *ar, int64_t patient_id, int64_t id, sn_offer *out);
/* The patient's open offers, soonest slot first (ties by id). */
status store_sn_offers_open(db_conn *c, arena *ar, int64_t patient_id, unix_time now, size_t max, sn_offer **out,
                            size_t *n);
/* Marks the offer accepted with the appointment it became: only while it is
 * the patient's, open and before its deadline (else ST_NOT_FOUND). */
status store_sn_offer_accept(db_conn *c, int64_t patient_id, int64_t id, int64_t new_appointment, unix_time now);
/* Marks the patient's open offer declined (ST_NOT_FOUND when not open). */
status store_sn_offer_decline(db_conn *c, int64_t patient_id, int64_t id, unix_time now);
/* Withdraws the slot's open offers (reason "taken"). */
status store_sn_withdraw_slot(db_conn *c, int64_t slot_id, unix_time now);
/* Withdraws the open offers made to an appointment that was moved or
 * cancelled (reason "moved" or "cancelled"). */
status store_sn_withdraw_appt(db_conn *c, int64_t appointment_id, const char *reason, unix_time now);
/* Expires the open offers whose deadline has passed (reason "no_answer");
 * *n how many. */
status store_sn_expire(db_conn *c, unix_time now, int64_t *n);
/* Free future slots that were offered and have no accepted offer: those to
 * hand on to the next people on the list, at most max. */
status store_sn_slots_to_offer(db_conn *c, arena *ar, unix_time now, size_t max, int64_t **out, size_t *n);

typedef struct sn_entry {
	int64_t id, appointment_id, patient_id;
	unix_time joined_at, start_at;
	const char *patient_name, *type_nb, *type_en;
} sn_entry;

/* The unit's list: entries whose appointment is still booked and to come,
 * in join order. */
status store_sn_list_of_unit(db_conn *c, arena *ar, int64_t unit_id, unix_time now, size_t max, sn_entry **out,
                             size_t *n, bool *more);
/* The slot's open offers made at `at` (to announce them). */
status store_sn_offers_made(db_conn *c, arena *ar, int64_t slot_id, unix_time at, size_t max, sn_offer **out,
                            size_t *n);
/* The unit's offers, newest first, with their outcomes. */
status store_sn_offers_of_unit(db_conn *c, arena *ar, int64_t unit_id, size_t max, sn_offer **out, size_t *n,
                               bool *more);

#endif
