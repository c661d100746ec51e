/* short_notice.c — short-notice offers (domain/short_notice.h). */
#include "domain/short_notice.h"

#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/record.h"
#include "domain/schedule.h"
#include "domain/tx.h"
#include "store/appointments.h"
#include "store/outbox.h"

#define WHAT "appointments"
#define OFFER_EVENT "short_notice_offer" /* notification kinds of domain/settings.h */
#define APPT_EVENT "appointment"

/* ---- inside another rule's transaction ------------------------------------------------ */

/* A slot inside a closure or absence is not free: its offers are
 * withdrawn and it is removed (blocked, as it has history). */
static status slot_closed(ctx *x, int64_t unit_id, int64_t slot_id)
{
	status st = sn_slot_taken(x, slot_id);
	if (st == ST_OK)
		st = store_slot_remove_free(x->db, unit_id, slot_id);
	return st == ST_NOT_FOUND ? ST_OK : st;
}

status sn_slot_freed(ctx *x, int64_t slot_id)
{
	int64_t unit_id, open, added;
	status st = store_slot_unit(x->db, slot_id, &unit_id);
	if (st != ST_OK)
		return st == ST_NOT_FOUND ? ST_OK : st;
	slot s;
	bool closed;
	if ((st = store_slot_get(x->db, x->arena, unit_id, slot_id, &s)) != ST_OK)
		return st;
	if (s.blocked || s.booked_appointment != 0)
		return ST_OK;
	if ((st = store_slot_closed(x->db, slot_id, &closed)) != ST_OK || closed)
		return st != ST_OK ? st : slot_closed(x, unit_id, slot_id);
	unit_rules u;
	if ((st = store_unit_rules_get(x->db, x->arena, unit_id, &u)) != ST_OK)
		return st;
	unix_time deadline = sched_offer_deadline(x->now, s.start_at, u.offer_answer_minutes);
	if (deadline == 0)
		return ST_OK;
	if ((st = store_sn_open_count(x->db, slot_id, &open)) != ST_OK)
		return st;
	if (open >= u.offer_count)
		return ST_OK;
	if ((st = store_sn_offer_insert(x->db, slot_id, x->now, deadline, u.offer_count - open, &added)) != ST_OK ||
	    added == 0)
		return st;
	sn_offer *made;
	size_t n;
	if ((st = store_sn_offers_made(x->db, x->arena, slot_id, x->now, SN_OFFERS_MAX, &made, &n)) != ST_OK)
		return st;
	/* "Something waits": the event holds the offer's id, nothing else. */
	for (size_t i = 0; st == ST_OK && i < n; i++) {
		int64_t event;
		st = store_outbox_add(x->db, made[i].patient_id, OFFER_EVENT, made[i].id, false, x->now, &event);
	}
	return st;
}

static int by_start(const void *a, const void *b)
{
	const slot *l = a, *r = b;
	return l->start_at < r->start_at ? -1 : l->start_at > r->start_at;
}

status sn_slots_added(ctx *x, slot *slots, size_t n)
{
	if (n == 0)
		return ST_OK; /* slots is NULL then, which qsort may not be given */
	qsort(slots, n, sizeof *slots, by_start);
	status st = ST_OK;
	for (size_t i = 0; st == ST_OK && i < n; i++) {
		int64_t id;
		st = store_slot_find(x->db, slots[i].staff_id, slots[i].start_at, &id);
		if (st == ST_OK)
			st = sn_slot_freed(x, id);
	}
	return st;
}

status sn_slot_taken(ctx *x, int64_t slot_id)
{
	return store_sn_withdraw_slot(x->db, slot_id, x->now);
}

status sn_appt_gone(ctx *x, int64_t appointment_id, const char *reason)
{
	return store_sn_withdraw_appt(x->db, appointment_id, reason, x->now);
}

/* ---- citizens ------------------------------------------------------------------------- */

static status citizen_may(const ctx *x)
{
	return record_citizen_may(x, CAP_P4_SHORT_NOTICE) ? ST_OK : ST_DENIED;
}

/* A representative's read or change is logged with both identities. */
static status citizen_log(const ctx *x, const char *action, int64_t id)
{
	if (x->who.person_id == x->subject_id)
		return ST_OK;
	return audit_record(x, x->subject_id, action, WHAT, arena_printf(x->arena, "offer %lld", (long long)id),
	                    "representation");
}

struct sn_op {
	int64_t id;
	sn_offer *offer;
	sn_offer **list;
	size_t *n;
	sn_result *res;
};

static status list_fn(ctx *x, void *args)
{
	struct sn_op *o = args;
	status st = store_sn_offers_open(x->db, x->arena, x->subject_id, x->now, SN_OFFERS_MAX, o->list, o->n);
	return st != ST_OK || *o->n == 0 ? st : citizen_log(x, "read", 0);
}

status sn_offers(const ctx *x, sn_offer **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct sn_op o = {.list = out, .n = n};
	status st = citizen_may(x);
	return st != ST_OK ? st : domain_read_tx(x, x->who.person_id != x->subject_id, list_fn, &o);
}

static status get_fn(ctx *x, void *args)
{
	struct sn_op *o = args;
	status st = store_sn_offer_get(x->db, x->arena, x->subject_id, o->id, o->offer);
	return st != ST_OK ? st : citizen_log(x, "read", o->id);
}

status sn_offer_get(const ctx *x, int64_t id, sn_offer *out)
{
	status st = citizen_may(x);
	if (st != ST_OK || id <= 0)
		return st != ST_OK ? st : ST_NOT_FOUND;
	struct sn_op o = {.id = id, .offer = out};
	return domain_read_tx(x, x->who.person_id != x->subject_id, get_fn, &o);
}

/* Why an answer to a closed offer is late, in the person's words. */
static const char *late_reason(const ctx *x, const sn_offer *o)
{
	if (strcmp(o->status, "open") == 0)
		return o->deadline <= x->now ? "expired" : "taken";
	if (strcmp(o->status, "expired") == 0)
		return "expired";
	if (strcmp(o->status, "withdrawn") == 0)
		return o->reason != NULL && strcmp(o->reason, "taken") != 0 ? "moved" : "taken";
	return "answered";
}

static status accept_fn(ctx *x, void *args)
{
	struct sn_op *o = args;
	sn_result *r = o->res;
	sn_offer *of = &r->offer;
	status st = store_sn_offer_get(x->db, x->arena, x->subject_id, o->id, of);
	if (st != ST_OK)
		return st;
	if (strcmp(of->status, "open") != 0 || of->deadline <= x->now) {
		r->late = late_reason(x, of);
		return ST_CONFLICT;
	}
	/* The one write that decides: the unique index on a booked slot. */
	appointment_new in = {.patient_id = x->subject_id,
	                      .unit_id = of->unit_id,
	                      .slot_id = of->slot_id,
	                      .visit_type_id = of->visit_type_id,
	                      .booked_by = x->who.person_id,
	                      .now = x->now};
	st = store_appt_book(x->db, &in, &r->new_id);
	if (st == ST_CONFLICT || st == ST_NOT_FOUND) {
		r->late = "taken";
		return ST_CONFLICT;
	}
	if (st == ST_OK &&
	    (st = store_sn_offer_accept(x->db, x->subject_id, of->id, r->new_id, x->now)) == ST_NOT_FOUND) {
		r->late = "answered";
		return ST_CONFLICT;
	}
	if (st == ST_OK &&
	    (st = store_appt_mark_moved(x->db, x->subject_id, of->appointment_id, r->new_id, x->now)) == ST_NOT_FOUND) {
		r->late = "moved"; /* the appointment was cancelled or moved meanwhile */
		return ST_CONFLICT;
	}
	if (st == ST_OK)
		st = sn_slot_taken(x, of->slot_id);
	if (st == ST_OK)
		st = sn_appt_gone(x, of->appointment_id, "moved");
	if (st == ST_OK)
		st = sn_slot_freed(x, of->current_slot);
	int64_t event;
	if (st == ST_OK)
		st = store_outbox_add(x->db, x->subject_id, APPT_EVENT, r->new_id, false, x->now, &event);
	return st != ST_OK ? st : citizen_log(x, "update", of->id);
}

/* A citizen's answer to offer id of the open record: fn in one write
 * transaction. */
static status answer_offer(const ctx *x, int64_t id, sn_result *out, domain_tx_fn fn)
{
	memset(out, 0, sizeof *out);
	status st = citizen_may(x);
	if (st != ST_OK || id <= 0)
		return st != ST_OK ? st : ST_NOT_FOUND;
	struct sn_op o = {.id = id, .res = out};
	return domain_tx(x, true, fn, &o);
}

status sn_accept(const ctx *x, int64_t id, sn_result *out)
{
	status st = answer_offer(x, id, out, accept_fn);
	if (st == ST_CONFLICT && out->late == NULL)
		out->late = "taken";
	return st;
}

static status decline_fn(ctx *x, void *args)
{
	struct sn_op *o = args;
	sn_result *r = o->res;
	status st = store_sn_offer_get(x->db, x->arena, x->subject_id, o->id, &r->offer);
	if (st != ST_OK)
		return st;
	st = store_sn_offer_decline(x->db, x->subject_id, o->id, x->now);
	if (st == ST_NOT_FOUND) {
		r->late = late_reason(x, &r->offer);
		return ST_CONFLICT;
	}
	if (st == ST_OK)
		st = sn_slot_freed(x, r->offer.slot_id); /* the next person on the list */
	return st != ST_OK ? st : citizen_log(x, "update", o->id);
}

status sn_decline(const ctx *x, int64_t id, sn_result *out)
{
	return answer_offer(x, id, out, decline_fn);
}

/* ---- jobs -------------------------------------------------------------------------------- */

struct job_op {
	int64_t *expired, *offered;
};

static status job_fn(ctx *x, void *args)
{
	struct job_op *o = args;
	status st = store_sn_expire(x->db, x->now, o->expired);
	int64_t *slots;
	size_t n;
	if (st == ST_OK)
		st = store_sn_slots_to_offer(x->db, x->arena, x->now, SN_HANDON_MAX, &slots, &n);
	for (size_t i = 0; st == ST_OK && i < n; i++) {
		int64_t before, after;
		st = store_sn_open_count(x->db, slots[i], &before);
		if (st == ST_OK)
			st = sn_slot_freed(x, slots[i]);
		if (st == ST_OK)
			st = store_sn_open_count(x->db, slots[i], &after);
		if (st == ST_OK)
			*o->offered += after - before;
	}
	return st;
}

status sn_job_run(const ctx *x, int64_t *expired, int64_t *offered)
{
	*expired = *offered = 0;
	struct job_op o = {expired, offered};
	return domain_tx(x, true, job_fn, &o);
}
