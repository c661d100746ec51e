/* appointments_booking.c — booking (P2, P9): what a citizen may book and
 * the free times, the one conditional write every booking shares with
 * staff's, and what a slot left behind hands on to the short-notice list (P4). */
#include "domain/appointments.h"

#include <string.h>

#include "domain/appointments_internal.h"
#include "domain/authz.h"
#include "domain/short_notice.h"

/* Whether the open record may book visit type vt at unit u (P2): a patient
 * there, self-booking on, the type self-bookable and shown to citizens. */
static status check_bookable(ctx *x, int64_t unit_id, int64_t vt_id, problems *pr, unit_rules *u, visit_type *vt)
{
	if (unit_id <= 0 || vt_id <= 0)
		return ST_NOT_FOUND;
	status st = store_unit_rules_get(x->db, x->arena, unit_id, u);
	if (st == ST_OK)
		st = store_visit_type_get(x->db, x->arena, unit_id, vt_id, vt);
	if (st != ST_OK)
		return st;
	/* A home-care visit does not exist for a citizen. */
	if (strcmp(vt->category, "home_care_visit") == 0)
		return ST_NOT_FOUND;
	bool patient;
	if ((st = store_is_patient_of(x->db, x->subject_id, unit_id, &patient)) != ST_OK)
		return st;
	if (!patient)
		problems_add(pr, "unit", "appointments.error.not_patient", 0);
	else if (!u->self_booking)
		problems_add(pr, "unit", "appointments.error.no_self_booking", 0);
	else if (!vt->self_bookable || !vt->active)
		problems_add(pr, "type", "appointments.error.type_not_bookable", 0);
	return pr->n > 0 ? ST_INVALID : ST_OK;
}

struct free_op {
	int64_t unit_id, vt_id;
	problems *pr;
	unit_rules *u;
	visit_type *vt;
	slot **out;
	size_t *n;
};

static status free_fn(ctx *x, void *args)
{
	struct free_op *o = args;
	o->pr->n = 0;
	status st = check_bookable(x, o->unit_id, o->vt_id, o->pr, o->u, o->vt);
	if (st != ST_OK)
		return st;
	bool more;
	if ((st = store_slots_free(x->db, x->arena, o->unit_id, o->vt_id, x->now + 1, appt_window_end(x, o->u),
	                           APPT_FREE_MAX, o->out, o->n, &more)) != ST_OK)
		return st;
	return appt_citizen_log(x, "read", 0);
}

status appt_free(const ctx *x, int64_t unit_id, int64_t visit_type_id, problems *pr, unit_rules *u, visit_type *type,
                 slot **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	pr->n = 0;
	struct free_op o = {unit_id, visit_type_id, pr, u, type, out, n};
	return appt_citizen_read(x, CAP_P2_BOOK, free_fn, &o);
}

/* The free slots nearest the wanted one's start: up to APPT_NEAREST on
 * either side (those before it latest first), not every free slot of the
 * window: a 409 costs two short reads (bench/booking.sh). */
struct nearest_op {
	int64_t unit_id, vt_id, slot_id;
	unix_time around;
	slot *before, *after;
	size_t nbefore, nafter;
};

static status nearest_fn(ctx *x, void *args)
{
	struct nearest_op *o = args;
	problems pr = {0};
	unit_rules u;
	visit_type vt;
	status st = check_bookable(x, o->unit_id, o->vt_id, &pr, &u, &vt);
	if (st != ST_OK)
		return st;
	o->around = x->now + 1;
	slot wanted;
	st = store_slot_get(x->db, x->arena, o->unit_id, o->slot_id, &wanted);
	if (st != ST_OK && st != ST_NOT_FOUND)
		return st;
	if (st == ST_OK && wanted.start_at > o->around)
		o->around = wanted.start_at;
	st = store_slots_free_before(x->db, x->arena, o->unit_id, o->vt_id, x->now + 1, o->around, APPT_NEAREST,
	                             &o->before, &o->nbefore);
	if (st == ST_OK)
		st = store_slots_free(x->db, x->arena, o->unit_id, o->vt_id, o->around, appt_window_end(x, &u),
		                      APPT_NEAREST, &o->after, &o->nafter, NULL);
	return st != ST_OK ? st : appt_citizen_log(x, "read", 0);
}

status appt_nearest(const ctx *x, int64_t unit_id, int64_t visit_type_id, int64_t slot_id, slot **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct nearest_op o = {.unit_id = unit_id, .vt_id = visit_type_id, .slot_id = slot_id};
	status st = appt_citizen_read(x, CAP_P2_BOOK, nearest_fn, &o);
	size_t nall = o.nbefore + o.nafter;
	if (st != ST_OK || nall == 0)
		return st;
	/* In time order: those before `around`, then those at or after it. Take
	 * a window of APPT_NEAREST by distance around the first after. */
	slot *all = arena_alloc(x->arena, nall * sizeof *all);
	for (size_t k = 0; k < o.nbefore; k++)
		all[k] = o.before[o.nbefore - 1 - k];
	memcpy(all + o.nbefore, o.after, o.nafter * sizeof *all);
	unix_time around = o.around;
	size_t i = o.nbefore;
	size_t lo = i, hi = i; /* [lo, hi) */
	while (hi - lo < APPT_NEAREST && (lo > 0 || hi < nall)) {
		if (hi >= nall || (lo > 0 && around - all[lo - 1].start_at <= all[hi].start_at - around))
			lo--;
		else
			hi++;
	}
	*out = all + lo;
	*n = hi - lo;
	return ST_OK;
}

/* The checks every booking shares, the citizen's and staff's: the slot is
 * the unit's, begins after now (and before `until` when given), is free and
 * not blocked; then the one conditional write. */
status appt_book_slot(ctx *x, int64_t patient_id, int64_t unit_id, int64_t vt_id, int64_t slot_id, unix_time until,
                      problems *pr, int64_t *id)
{
	slot s;
	status st = store_slot_get(x->db, x->arena, unit_id, slot_id, &s);
	if (st != ST_OK)
		return st;
	if (s.start_at <= x->now) {
		problems_add(pr, "slot", "appointments.error.past", 0);
		return ST_INVALID;
	}
	if (until != 0 && s.start_at >= until) {
		problems_add(pr, "slot", "appointments.error.too_far", 0);
		return ST_INVALID;
	}
	if (s.booked_appointment != 0 || s.blocked)
		return ST_CONFLICT;
	appointment_new in = {.patient_id = patient_id,
	                      .unit_id = unit_id,
	                      .slot_id = slot_id,
	                      .visit_type_id = vt_id,
	                      .booked_by = x->who.person_id,
	                      .by_staff = x->who.kind == ACTOR_STAFF ? x->who.staff_id : 0,
	                      .now = x->now};
	st = store_appt_book(x->db, &in, id);
	if (st == ST_NOT_FOUND) {
		/* Free a moment ago: the slot is not for this type of visit. */
		problems_add(pr, "slot", "appointments.error.slot_type", 0);
		return ST_INVALID;
	}
	return st != ST_OK ? st : sn_slot_taken(x, slot_id); /* offers of it are withdrawn (P4) */
}

/* An appointment was cancelled (reason "cancelled") or moved to new_id
 * ("moved"): offers made to it are withdrawn, a move keeps its place on
 * the short-notice list, and its slot is offered on (P4). */
status appt_slot_left(ctx *x, int64_t appt_id, int64_t slot_id, const char *reason, int64_t new_id)
{
	status st = sn_appt_gone(x, appt_id, reason);
	if (st == ST_OK && new_id != 0)
		st = store_sn_follow(x->db, appt_id, new_id);
	return st != ST_OK ? st : sn_slot_freed(x, slot_id);
}

struct book_op {
	int64_t unit_id, vt_id, slot_id;
	bool earlier;
	problems *pr;
	int64_t *id;
};

static status book_fn(ctx *x, void *args)
{
	struct book_op *o = args;
	o->pr->n = 0;
	unit_rules u;
	visit_type vt;
	status st = check_bookable(x, o->unit_id, o->vt_id, o->pr, &u, &vt);
	if (st == ST_OK)
		st = appt_book_slot(x, x->subject_id, o->unit_id, o->vt_id, o->slot_id, appt_window_end(x, &u), o->pr,
		                    o->id);
	if (st == ST_OK && o->earlier && authz_check(x, CAP_P4_SHORT_NOTICE) == ST_OK)
		st = store_sn_join(x->db, *o->id, x->now);
	if (st == ST_OK)
		st = appt_announce(x, x->subject_id, *o->id, &vt);
	return st != ST_OK ? st : appt_citizen_log(x, "create", *o->id);
}

status appt_book(const ctx *x, int64_t unit_id, int64_t visit_type_id, int64_t slot_id, bool earlier, problems *pr,
                 int64_t *id)
{
	pr->n = 0;
	if (slot_id <= 0)
		return appt_citizen_may(x, CAP_P2_BOOK) != ST_OK ? ST_DENIED : ST_NOT_FOUND;
	struct book_op o = {unit_id, visit_type_id, slot_id, earlier, pr, id};
	return appt_citizen_write(x, CAP_P2_BOOK, book_fn, &o);
}
