/* short_notice.h — short-notice offers (SPEC.md P4).
 *
 * At booking a person may ask for an earlier time: the appointment joins
 * its unit's list. When a slot of the unit becomes free (a cancellation, a
 * move, a new or unblocked slot, an offer declined or expired), it is
 * offered to the first K people on the list in join order whose booked
 * appointment is of a type the slot fits and later than the slot, each
 * with a deadline (domain/schedule.h sched_offer_deadline). The first to
 * accept gets it: their appointment moves at once, the others' offers of
 * that slot are withdrawn, and their old slot is offered on. Declining
 * changes nothing; the next person is offered the slot. Every outcome and
 * its reason stays for staff.
 *
 * The guarantees are the database's: booking is the unique index on a
 * booked slot, answering an offer a conditional UPDATE on an open offer
 * before its deadline, moving the old appointment a conditional UPDATE on a
 * booked one; each step that changes nothing rolls the whole answer back.
 * Memory comes from x->arena. */
#ifndef HELSAMI_DOMAIN_SHORT_NOTICE_H
#define HELSAMI_DOMAIN_SHORT_NOTICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/core.h"
#include "core/ctx.h"
#include "store/appointments.h"
#include "store/short_notice.h"

enum {
	SN_OFFERS_MAX = 20,   /* open offers one person sees: more than a unit sends at once */
	SN_LIST_MAX = 500,    /* list entries on a staff page */
	SN_HISTORY_MAX = 200, /* offers on a staff page */
	SN_HANDON_MAX = 1000, /* slots one job run hands on */
};

/* ---- inside another rule's transaction ------------------------------------------------ */

/* Offers the free slot to the next people on its unit's list, up to the
 * unit's number at once, and tells each that something waits. Nothing
 * when the slot is taken, blocked, too soon or nobody qualifies (nobody
 * holding an open offer of a slot as early or earlier: they have one at
 * least as good). A slot inside a closure of its unit or an absence of its
 * clinician is not free: it is removed (blocked, keeping its history) and
 * offered to nobody, whichever way it was freed. */
status sn_slot_freed(ctx *x, int64_t slot_id);
/* New slots (generated from templates: unit, clinician and start set),
 * each offered as sn_slot_freed offers a freed one, the earliest first:
 * with the rule above, a batch of new slots goes down the list, the
 * earliest to the first in join order, not every slot to the same few.
 * Sorts slots in place. */
status sn_slots_added(ctx *x, slot *slots, size_t n);
/* The slot was booked or blocked: its open offers are withdrawn. */
status sn_slot_taken(ctx *x, int64_t slot_id);
/* The appointment was cancelled or moved (reason "cancelled" or "moved"):
 * offers made to it are withdrawn and handed on. */
status sn_appt_gone(ctx *x, int64_t appointment_id, const char *reason);

/* ---- citizens (CAP_P4_SHORT_NOTICE) ----------------------------------------------------- */

/* The open record's open offers, soonest first. */
status sn_offers(const ctx *x, sn_offer **out, size_t *n);
/* One offer of the open record; ST_NOT_FOUND for anyone else's. */
status sn_offer_get(const ctx *x, int64_t id, sn_offer *out);

/* Why an answer came too late: "taken", "expired", "answered", "moved". */
typedef struct sn_result {
	sn_offer offer;
	const char *late; /* NULL when the answer counted */
	int64_t new_id;   /* the appointment an accepted offer became */
} sn_result;

/* Accepts: ST_OK (moved; out->new_id), ST_CONFLICT with out->late, or
 * ST_NOT_FOUND. */
status sn_accept(const ctx *x, int64_t id, sn_result *out);
/* Declines: ST_OK, ST_CONFLICT with out->late, or ST_NOT_FOUND. */
status sn_decline(const ctx *x, int64_t id, sn_result *out);

/* ---- jobs -------------------------------------------------------------------------------- */

/* Expires the offers past their deadline and hands every free offered slot
 * on to the next people; *expired and *offered count. Idempotent. */
status sn_job_run(const ctx *x, int64_t *expired, int64_t *offered);

#endif
