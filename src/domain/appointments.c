/* appointments.c — the rules of appointments (domain/appointments.h): what a
 * citizen and a representative may see and do, what staff do per unit, the
 * access log for every read and change by anyone but the patient, and the
 * outbox event for every booking, move and cancellation. */
#include "domain/appointments.h"

#include <string.h>

#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/chart.h"
#include "domain/queue.h"
#include "domain/schedule.h"
#include "domain/short_notice.h"
#include "domain/tx.h"
#include "store/outbox.h"
#include "store/short_notice.h"

#define WHAT "appointments"
#define EVENT_KIND "appointment" /* the notification kind of domain/settings.h */

static const char *id_text(arena *a, int64_t id)
{
	return arena_printf(a, "%lld", (long long)id);
}

/* "Something is waiting": the event names the appointment's id, nothing
 * else. A home-care visit is never told of: to a citizen it does not exist (P1). */
static status announce(const ctx *x, int64_t patient_id, int64_t appt_id, const visit_type *t)
{
	if (strcmp(t->category, "home_care_visit") == 0)
		return ST_OK;
	int64_t event;
	return store_outbox_add(x->db, patient_id, EVENT_KIND, appt_id, false, x->now, &event);
}

/* The first instant after the unit's booking window: the start of the day
 * booking_weeks weeks after today. */
static unix_time window_end(const ctx *x, const unit_rules *u)
{
	date today = date_in_oslo(x->now);
	return oslo_day_start(date_from_days(date_to_days(today) + (int64_t)u->booking_weeks * 7 + 1));
}

/* ---- citizens ------------------------------------------------------------------ */

static status citizen_may(const ctx *x, enum capability cap)
{
	if (x->who.kind != ACTOR_CITIZEN || x->subject_id <= 0 || authz_check(x, cap) != ST_OK)
		return ST_DENIED;
	return ST_OK;
}

/* A representative's read or change is logged with both identities; the
 * person's own is not. */
static status citizen_log(const ctx *x, const char *action, int64_t id)
{
	if (x->who.person_id == x->subject_id)
		return ST_OK;
	return audit_record(x, x->subject_id, action, WHAT, id ? id_text(x->arena, id) : NULL, "representation");
}

/* Reads run in a write transaction only for a representative (the log). */
static status citizen_read(const ctx *x, enum capability cap, domain_tx_fn fn, void *args)
{
	status st = citizen_may(x, cap);
	return st != ST_OK ? st : domain_tx(x, x->who.person_id != x->subject_id, fn, args);
}

static status citizen_write(const ctx *x, enum capability cap, domain_tx_fn fn, void *args)
{
	status st = citizen_may(x, cap);
	return st != ST_OK ? st : domain_tx(x, true, fn, args);
}

appt_allowed appt_allowed_now(const ctx *x, const appointment *a)
{
	appt_allowed r = {0};
	r.upcoming = strcmp(a->status, "booked") == 0 && a->start_at > x->now;
	r.deadline = a->start_at - (unix_time)a->unit.change_deadline_hours * 3600;
	r.request_open = a->open_request != 0;
	if (!r.upcoming)
		return r;
	r.may_change = a->unit.self_change && sched_may_change(x->now, a->start_at, a->unit.change_deadline_hours);
	r.may_request = !r.may_change && a->unit.change_requests && !r.request_open;
	r.call = !r.may_change && !a->unit.change_requests;
	return r;
}

struct list_op {
	appointment **up, **past;
	size_t *nup, *npast, max;
};

static status list_fn(ctx *x, void *args)
{
	struct list_op *o = args;
	status st =
	    store_appts_of_patient(x->db, x->arena, x->subject_id, true, true, x->now, o->max, o->up, o->nup, NULL);
	if (st == ST_OK && o->past != NULL)
		st = store_appts_of_patient(x->db, x->arena, x->subject_id, false, true, x->now, o->max, o->past,
		                            o->npast, NULL);
	return st != ST_OK ? st : citizen_log(x, "read", 0);
}

status appt_list(const ctx *x, appointment **upcoming, size_t *nup, appointment **past, size_t *npast)
{
	*upcoming = *past = NULL;
	*nup = *npast = 0;
	struct list_op o = {upcoming, past, nup, npast, APPT_LIST_MAX};
	return citizen_read(x, CAP_P1_APPOINTMENTS, list_fn, &o);
}

status appt_upcoming(const ctx *x, size_t max, appointment **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct list_op o = {out, NULL, n, NULL, max};
	return citizen_read(x, CAP_P1_APPOINTMENTS, list_fn, &o);
}

struct get_op {
	int64_t id;
	appointment *a;
	appt_request **requests;
	size_t *nrequests;
};

static status get_fn(ctx *x, void *args)
{
	struct get_op *o = args;
	status st = store_appt_get(x->db, x->arena, x->subject_id, o->id, true, o->a);
	if (st == ST_OK && o->requests != NULL)
		st = store_appt_requests_of(x->db, x->arena, x->subject_id, o->id, 20, o->requests, o->nrequests);
	return st != ST_OK ? st : citizen_log(x, "read", o->id);
}

status appt_get(const ctx *x, int64_t id, appointment *out, appt_allowed *allowed, appt_request **requests,
                size_t *nrequests)
{
	*requests = NULL;
	*nrequests = 0;
	if (id <= 0)
		return ST_NOT_FOUND;
	struct get_op o = {id, out, requests, nrequests};
	status st = citizen_read(x, CAP_P1_APPOINTMENTS, get_fn, &o);
	if (st == ST_OK)
		*allowed = appt_allowed_now(x, out);
	return st;
}

struct offers_op {
	appt_offer **out;
	size_t *n;
};

static status offers_fn(ctx *x, void *args)
{
	struct offers_op *o = args;
	unit_rules *units;
	size_t nu;
	status st = store_units_bookable(x->db, x->arena, x->subject_id, &units, &nu);
	if (st != ST_OK)
		return st;
	*o->out = arena_alloc(x->arena, (nu > 0 ? nu : 1) * sizeof **o->out);
	*o->n = 0;
	for (size_t i = 0; i < nu; i++) {
		appt_offer *of = &(*o->out)[(*o->n)++];
		of->unit = units[i];
		if ((st = store_visit_types_of_unit(x->db, x->arena, units[i].unit_id, true, &of->types,
		                                    &of->ntypes)) != ST_OK)
			return st;
	}
	return citizen_log(x, "read", 0);
}

status appt_offers(const ctx *x, appt_offer **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct offers_op o = {out, n};
	return citizen_read(x, CAP_P2_BOOK, offers_fn, &o);
}

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
	int64_t around_slot; /* nearest: the slot whose start to look around */
	unix_time around;
};

static status free_fn(ctx *x, void *args)
{
	struct free_op *o = args;
	o->pr->n = 0;
	status st = check_bookable(x, o->unit_id, o->vt_id, o->pr, o->u, o->vt);
	if (st != ST_OK)
		return st;
	bool more;
	if ((st = store_slots_free(x->db, x->arena, o->unit_id, o->vt_id, x->now + 1, window_end(x, o->u),
	                           APPT_FREE_MAX, o->out, o->n, &more)) != ST_OK)
		return st;
	o->around = x->now;
	slot wanted;
	if (o->around_slot > 0 &&
	    (st = store_slot_get(x->db, x->arena, o->unit_id, o->around_slot, &wanted)) != ST_NOT_FOUND) {
		if (st != ST_OK)
			return st;
		o->around = wanted.start_at;
	}
	return citizen_log(x, "read", 0);
}

status appt_free(const ctx *x, int64_t unit_id, int64_t visit_type_id, problems *pr, unit_rules *u, visit_type *type,
                 slot **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	pr->n = 0;
	struct free_op o = {unit_id, visit_type_id, pr, u, type, out, n, 0, 0};
	return citizen_read(x, CAP_P2_BOOK, free_fn, &o);
}

status appt_nearest(const ctx *x, int64_t unit_id, int64_t visit_type_id, int64_t slot_id, slot **out, size_t *n)
{
	problems pr = {0};
	unit_rules u;
	visit_type vt;
	slot *all;
	size_t nall = 0;
	*out = NULL;
	*n = 0;
	struct free_op o = {unit_id, visit_type_id, &pr, &u, &vt, &all, &nall, slot_id, 0};
	status st = citizen_read(x, CAP_P2_BOOK, free_fn, &o);
	if (st != ST_OK || nall == 0)
		return st;
	unix_time around = o.around;
	/* The free slots are in time order: the nearest few lie around the first
	 * one at or after `around`. Take a window of APPT_NEAREST by distance. */
	size_t i = 0;
	while (i < nall && all[i].start_at < around)
		i++;
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
static status book_slot(ctx *x, int64_t patient_id, int64_t unit_id, int64_t vt_id, int64_t slot_id, unix_time until,
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
static status slot_left(ctx *x, int64_t appt_id, int64_t slot_id, const char *reason, int64_t new_id)
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
		st = book_slot(x, x->subject_id, o->unit_id, o->vt_id, o->slot_id, window_end(x, &u), o->pr, o->id);
	if (st == ST_OK && o->earlier && authz_check(x, CAP_P4_SHORT_NOTICE) == ST_OK)
		st = store_sn_join(x->db, *o->id, x->now);
	if (st == ST_OK)
		st = announce(x, x->subject_id, *o->id, &vt);
	return st != ST_OK ? st : citizen_log(x, "create", *o->id);
}

status appt_book(const ctx *x, int64_t unit_id, int64_t visit_type_id, int64_t slot_id, bool earlier, problems *pr,
                 int64_t *id)
{
	pr->n = 0;
	if (slot_id <= 0)
		return citizen_may(x, CAP_P2_BOOK) != ST_OK ? ST_DENIED : ST_NOT_FOUND;
	struct book_op o = {unit_id, visit_type_id, slot_id, earlier, pr, id};
	return citizen_write(x, CAP_P2_BOOK, book_fn, &o);
}

/* The open record's appointment, which the person may change themself now;
 * ST_INVALID on "slot" saying why not. */
static status changeable(ctx *x, int64_t id, problems *pr, appointment *a)
{
	status st = store_appt_get(x->db, x->arena, x->subject_id, id, true, a);
	if (st != ST_OK)
		return st;
	appt_allowed al = appt_allowed_now(x, a);
	if (!al.upcoming)
		problems_add(pr, "slot", "appointments.error.not_upcoming", 0);
	else if (!a->unit.self_change)
		problems_add(pr, "slot", "appointments.error.self_change_off", 0);
	else if (!al.may_change)
		problems_add(pr, "slot", "appointments.error.deadline", a->unit.change_deadline_hours);
	return pr->n > 0 ? ST_INVALID : ST_OK;
}

struct change_op {
	int64_t id, slot_id;
	problems *pr;
	appointment *a;
	int64_t *new_id;
	slot **out;
	size_t *n;
	const char *kind, *message;
};

static status cancel_fn(ctx *x, void *args)
{
	struct change_op *o = args;
	o->pr->n = 0;
	appointment a;
	status st = changeable(x, o->id, o->pr, &a);
	if (st == ST_OK)
		st = store_appt_cancel(x->db, x->subject_id, o->id, NULL, false, x->now);
	if (st == ST_OK)
		st = slot_left(x, o->id, a.slot_id, "cancelled", 0);
	if (st == ST_OK)
		st = announce(x, x->subject_id, o->id, &a.type);
	return st != ST_OK ? st : citizen_log(x, "update", o->id);
}

status appt_cancel(const ctx *x, int64_t id, problems *pr)
{
	pr->n = 0;
	struct change_op o = {.id = id, .pr = pr};
	return citizen_write(x, CAP_P3_CHANGE, cancel_fn, &o);
}

static status options_fn(ctx *x, void *args)
{
	struct change_op *o = args;
	o->pr->n = 0;
	status st = changeable(x, o->id, o->pr, o->a);
	bool more;
	if (st == ST_OK)
		st = store_slots_free(x->db, x->arena, o->a->unit_id, o->a->type.id, x->now + 1,
		                      window_end(x, &o->a->unit), APPT_FREE_MAX, o->out, o->n, &more);
	return st != ST_OK ? st : citizen_log(x, "read", o->id);
}

status appt_change_options(const ctx *x, int64_t id, appointment *a, slot **out, size_t *n, problems *pr)
{
	*out = NULL;
	*n = 0;
	pr->n = 0;
	struct change_op o = {.id = id, .pr = pr, .a = a, .out = out, .n = n};
	return citizen_read(x, CAP_P3_CHANGE, options_fn, &o);
}

static status move_fn(ctx *x, void *args)
{
	struct change_op *o = args;
	o->pr->n = 0;
	appointment a;
	status st = changeable(x, o->id, o->pr, &a);
	if (st == ST_OK)
		st = book_slot(x, x->subject_id, a.unit_id, a.type.id, o->slot_id, window_end(x, &a.unit), o->pr,
		               o->new_id);
	if (st == ST_OK)
		st = store_appt_mark_moved(x->db, x->subject_id, o->id, *o->new_id, x->now);
	if (st == ST_OK)
		st = slot_left(x, o->id, a.slot_id, "moved", *o->new_id);
	if (st == ST_OK)
		st = announce(x, x->subject_id, *o->new_id, &a.type);
	return st != ST_OK ? st : citizen_log(x, "update", o->id);
}

status appt_move(const ctx *x, int64_t id, int64_t slot_id, problems *pr, int64_t *new_id)
{
	pr->n = 0;
	struct change_op o = {.id = id, .slot_id = slot_id, .pr = pr, .new_id = new_id};
	return citizen_write(x, CAP_P3_CHANGE, move_fn, &o);
}

static status request_fn(ctx *x, void *args)
{
	struct change_op *o = args;
	o->pr->n = 0;
	appointment a;
	status st = store_appt_get(x->db, x->arena, x->subject_id, o->id, true, &a);
	if (st != ST_OK)
		return st;
	appt_allowed al = appt_allowed_now(x, &a);
	if (!al.upcoming)
		problems_add(o->pr, "kind", "appointments.error.not_upcoming", 0);
	else if (al.request_open)
		problems_add(o->pr, "kind", "appointments.error.request_open", 0);
	else if (!a.unit.change_requests)
		problems_add(o->pr, "kind", "appointments.error.requests_off", 0);
	if (o->pr->n > 0)
		return ST_INVALID;
	appt_request r = {.appointment_id = o->id,
	                  .patient_id = x->subject_id,
	                  .unit_id = a.unit_id,
	                  .kind = o->kind,
	                  .message = o->message,
	                  .created_by = x->who.person_id,
	                  .created_at = x->now};
	int64_t rid;
	st = store_appt_request_insert(x->db, &r, &rid);
	if (st == ST_CONFLICT) {
		problems_add(o->pr, "kind", "appointments.error.request_open", 0);
		return ST_INVALID;
	}
	return st != ST_OK ? st : citizen_log(x, "create", o->id);
}

status appt_send_request(const ctx *x, int64_t id, const char *kind, const char *message, problems *pr)
{
	pr->n = 0;
	static const char *const kinds[] = {"change", "cancel", NULL};
	problems_check_choice(pr, "kind", kind, kinds);
	problems_check_text(pr, "message", message, 0, APPT_MESSAGE_MAX, true);
	if (pr->n > 0)
		return citizen_may(x, CAP_P3_CHANGE) != ST_OK ? ST_DENIED : ST_INVALID;
	struct change_op o = {.id = id, .pr = pr, .kind = kind, .message = message};
	return citizen_write(x, CAP_P3_CHANGE, request_fn, &o);
}

/* ---- e-check-in (P6) ----------------------------------------------------------- */

checkin_state appt_checkin_state(const appointment *a, unix_time now)
{
	if (!a->type.check_in || strcmp(a->status, "booked") != 0)
		return CHECKIN_NONE;
	if (a->checked_in_at != 0)
		return CHECKIN_DONE;
	if (now < a->start_at - CHECKIN_OPENS_S)
		return CHECKIN_NOT_YET;
	return sched_checkin_open(now, a->start_at) ? CHECKIN_OPEN : CHECKIN_CLOSED;
}

struct checkin_op {
	int64_t id;
	appt_checkin *out;
	bool confirmed;
	problems *pr;
};

/* The appointment, the contact details and the tied questionnaires. */
static status checkin_load(ctx *x, struct checkin_op *o)
{
	appt_checkin *c = o->out;
	status st = store_appt_get(x->db, x->arena, x->subject_id, o->id, true, &c->appt);
	if (st != ST_OK)
		return st;
	c->state = appt_checkin_state(&c->appt, x->now);
	st = store_contact_get(x->db, x->arena, x->subject_id, &c->contact);
	c->has_contact = st == ST_OK;
	if (st != ST_OK && st != ST_NOT_FOUND)
		return st;
	st = store_qrequests_of_appointment(x->db, x->arena, x->subject_id, o->id, x->guardian_view, APPT_LIST_MAX,
	                                    &c->forms, &c->nforms);
	for (size_t i = 0; st == ST_OK && i < c->nforms; i++)
		if (strcmp(c->forms[i].status, "completed") != 0)
			c->open_forms++;
	return st;
}

static status checkin_get_fn(ctx *x, void *args)
{
	struct checkin_op *o = args;
	status st = checkin_load(x, o);
	return st != ST_OK ? st : citizen_log(x, "read", o->id);
}

status appt_checkin_get(const ctx *x, int64_t id, appt_checkin *out)
{
	memset(out, 0, sizeof *out);
	if (id <= 0)
		return ST_NOT_FOUND;
	struct checkin_op o = {.id = id, .out = out};
	return citizen_read(x, CAP_P6_CHECK_IN, checkin_get_fn, &o);
}

static status check_in_fn(ctx *x, void *args)
{
	struct checkin_op *o = args;
	o->pr->n = 0;
	status st = checkin_load(x, o);
	if (st != ST_OK)
		return st;
	if (o->out->state == CHECKIN_DONE)
		return ST_CONFLICT;
	if (o->out->state != CHECKIN_OPEN)
		problems_add(o->pr, "state", "checkin.error.not_open", 0);
	if (!o->confirmed)
		problems_add(o->pr, "confirm", "checkin.error.confirm", 0);
	if (o->out->open_forms > 0)
		problems_add(o->pr, "forms", "checkin.error.forms", 0);
	if (o->pr->n > 0)
		return ST_INVALID;
	st = store_appt_check_in(x->db, x->subject_id, o->id, x->who.person_id, x->now);
	if (st == ST_NOT_FOUND)
		return ST_CONFLICT; /* checked in or cancelled since it was read in this transaction's snapshot */
	return st != ST_OK ? st : citizen_log(x, "update", o->id);
}

status appt_check_in(const ctx *x, int64_t id, bool contact_confirmed, problems *pr)
{
	pr->n = 0;
	if (id <= 0)
		return ST_NOT_FOUND;
	appt_checkin c;
	memset(&c, 0, sizeof c);
	struct checkin_op o = {.id = id, .out = &c, .confirmed = contact_confirmed, .pr = pr};
	return citizen_write(x, CAP_P6_CHECK_IN, check_in_fn, &o);
}

/* ---- staff ------------------------------------------------------------------------ */

/* The role the staff member holds at the unit, if it holds schedules:
 * ST_DENIED when they work there in another role, ST_NOT_FOUND when they
 * do not work there at all (the unit is not theirs to know). */
static status unit_open(const ctx *x, int64_t unit_id, const char **role)
{
	bool any;
	status st = store_staff_role_at_unit(x->db, x->arena, x->who.staff_id, unit_id,
	                                     authz_roles_for(CAP_W2_SCHEDULES), role, &any);
	if (st == ST_NOT_FOUND && any)
		return ST_DENIED;
	return st;
}

/* Logs a staff read or change of a patient's appointment at the unit. */
static status staff_log(const ctx *x, int64_t patient_id, int64_t unit_id, const char *role, const char *action,
                        int64_t id)
{
	chart_access a = {.patient_id = patient_id, .unit_id = unit_id, .role = role};
	return chart_audit(x, &a, action, WHAT, id ? id_text(x->arena, id) : NULL);
}

static status staff_run(const ctx *x, domain_tx_fn fn, void *args)
{
	status st = authz_staff(x, CAP_W2_SCHEDULES);
	return st != ST_OK ? st : domain_tx(x, true, fn, args);
}

struct access_op {
	enum appt_object kind;
	int64_t id;
};

static status access_fn(ctx *x, void *args)
{
	struct access_op *o = args;
	int64_t unit_id = o->id, patient_id;
	status st = ST_OK;
	appt_request r;
	switch (o->kind) {
	case APPT_OBJ_UNIT: break;
	case APPT_OBJ_SLOT: st = store_slot_unit(x->db, o->id, &unit_id); break;
	case APPT_OBJ_APPOINTMENT: st = store_appt_owner(x->db, o->id, &patient_id, &unit_id); break;
	case APPT_OBJ_REQUEST:
		st = store_appt_request_get(x->db, x->arena, o->id, &r);
		unit_id = st == ST_OK ? r.unit_id : 0;
		break;
	case APPT_OBJ_TYPE:
	case APPT_OBJ_LINE: return ST_INTERNAL; /* named with their unit: appt_staff_item_access */
	}
	const char *role;
	if (st == ST_OK)
		st = unit_open(x, unit_id, &role);
	return st == ST_DENIED && o->kind != APPT_OBJ_UNIT ? ST_NOT_FOUND : st;
}

status appt_staff_access(const ctx *x, enum appt_object kind, int64_t id)
{
	status st = authz_staff(x, CAP_W2_SCHEDULES);
	if (st != ST_OK)
		return st;
	if (id <= 0)
		return ST_NOT_FOUND;
	struct access_op o = {kind, id};
	return domain_tx(x, false, access_fn, &o);
}

struct item_op {
	int64_t unit_id, item_id;
	enum appt_object kind;
};

static status item_access_fn(ctx *x, void *args)
{
	struct item_op *o = args;
	const char *role;
	status st = unit_open(x, o->unit_id, &role);
	if (st != ST_OK)
		return st;
	visit_type vt;
	schedule_template t;
	return o->kind == APPT_OBJ_TYPE ? store_visit_type_get(x->db, x->arena, o->unit_id, o->item_id, &vt)
	                                : store_template_get(x->db, x->arena, o->unit_id, o->item_id, &t);
}

status appt_staff_item_access(const ctx *x, int64_t unit_id, enum appt_object kind, int64_t item_id)
{
	status st = authz_staff(x, CAP_W2_SCHEDULES);
	if (st != ST_OK)
		return st;
	if (unit_id <= 0 || item_id <= 0 || (kind != APPT_OBJ_TYPE && kind != APPT_OBJ_LINE))
		return ST_NOT_FOUND;
	struct item_op o = {unit_id, item_id, kind};
	return domain_tx(x, false, item_access_fn, &o);
}

struct day_op {
	int64_t unit_id, staff_filter;
	appt_day *out;
};

static status day_fn(ctx *x, void *args)
{
	struct day_op *o = args;
	appt_day *d = o->out;
	status st = unit_open(x, o->unit_id, &d->role);
	if (st == ST_OK)
		st = store_unit_rules_get(x->db, x->arena, o->unit_id, &d->unit);
	if (st == ST_OK)
		st = store_visit_types_of_unit(x->db, x->arena, o->unit_id, false, &d->types, &d->ntypes);
	d->type_clinicians = arena_alloc(x->arena, (d->ntypes + 1) * sizeof *d->type_clinicians);
	d->ntype_clinicians = arena_alloc(x->arena, (d->ntypes + 1) * sizeof *d->ntype_clinicians);
	for (size_t i = 0; st == ST_OK && i < d->ntypes; i++)
		st = store_visit_type_clinicians(x->db, x->arena, d->types[i].id, &d->type_clinicians[i],
		                                 &d->ntype_clinicians[i]);
	if (st == ST_OK)
		st = store_templates_of_unit(x->db, x->arena, o->unit_id, &d->templates, &d->ntemplates);
	if (st == ST_OK)
		st = store_unit_clinicians(x->db, x->arena, o->unit_id, &d->clinicians, &d->nclinicians);
	unix_time from = oslo_day_start(d->day), to = oslo_day_start(date_from_days(date_to_days(d->day) + 1));
	if (st == ST_OK)
		st = store_slots_between(x->db, x->arena, o->unit_id, o->staff_filter, from, to, APPT_DAY_MAX,
		                         &d->slots, &d->nslots, &d->more);
	if (st == ST_OK)
		st = store_appts_of_unit(x->db, x->arena, o->unit_id, o->staff_filter, from, to, APPT_DAY_MAX,
		                         &d->appts, &d->nappts, NULL);
	for (size_t i = 0; st == ST_OK && i < d->nappts; i++)
		st = staff_log(x, d->appts[i].patient_id, o->unit_id, d->role, "read", d->appts[i].id);
	return st;
}

status appt_staff_day(const ctx *x, int64_t unit_id, date day, int64_t staff_filter, appt_day *out)
{
	memset(out, 0, sizeof *out);
	out->day = day;
	if (!date_valid(day))
		return ST_INVALID;
	struct day_op o = {unit_id, staff_filter, out};
	return staff_run(x, day_fn, &o);
}

static status checkins_fn(ctx *x, void *args)
{
	struct day_op *o = args;
	appt_day *d = o->out;
	status st = unit_open(x, o->unit_id, &d->role);
	if (st == ST_OK)
		st = store_unit_rules_get(x->db, x->arena, o->unit_id, &d->unit);
	unix_time from = oslo_day_start(d->day);
	appointment *all = NULL;
	size_t n = 0;
	if (st == ST_OK)
		st = store_appts_of_unit(x->db, x->arena, o->unit_id, 0, from, x->now + CHECKIN_OPENS_S, APPT_DAY_MAX,
		                         &all, &n, &d->more);
	d->appts = all;
	for (size_t i = 0; st == ST_OK && i < n; i++) {
		if (!all[i].type.check_in)
			continue;
		d->appts[d->nappts++] = all[i];
		st = staff_log(x, all[i].patient_id, o->unit_id, d->role, "read", all[i].id);
	}
	return st;
}

status appt_staff_checkins(const ctx *x, int64_t unit_id, appt_day *out)
{
	memset(out, 0, sizeof *out);
	out->day = date_in_oslo(x->now);
	struct day_op o = {unit_id, 0, out};
	return staff_run(x, checkins_fn, &o);
}

struct units_op {
	unit_rules **out;
	size_t *n;
};

static status units_fn(ctx *x, void *args)
{
	struct units_op *o = args;
	/* Few units per person: look each of the known ones up by role. */
	db_conn *c = x->db;
	unit_rules *all;
	size_t n;
	status st = store_units_of_staff(c, x->arena, x->who.staff_id, authz_roles_for(CAP_W2_SCHEDULES), &all, &n);
	*o->out = all;
	*o->n = n;
	return st;
}

status appt_staff_units(const ctx *x, unit_rules **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct units_op o = {out, n};
	status st = authz_staff(x, CAP_W2_SCHEDULES);
	return st != ST_OK ? st : domain_tx(x, false, units_fn, &o);
}

/* Whether staff_id works at the unit as clinician. */
static status clinician_at(const ctx *x, int64_t staff_id, int64_t unit_id, bool *out)
{
	const char *role;
	bool any;
	status st = store_staff_role_at_unit(x->db, x->arena, staff_id, unit_id, ROLE_CLINICIAN, &role, &any);
	*out = st == ST_OK;
	return st == ST_NOT_FOUND ? ST_OK : st;
}

struct type_op {
	int64_t unit_id;
	const visit_type *in;
	const int64_t *clinicians;
	size_t nclinicians;
	problems *pr;
	int64_t *id;
};

/* Problems on "clinicians" for any who is no clinician of the unit. */
static status check_clinicians(ctx *x, int64_t unit_id, const int64_t *clinicians, size_t n, problems *pr)
{
	for (size_t i = 0; i < n; i++) {
		bool ok;
		status st = clinician_at(x, clinicians[i], unit_id, &ok);
		if (st != ST_OK)
			return st;
		if (!ok)
			problems_add(pr, "clinicians", "appointments.error.clinician", 0);
	}
	return ST_OK;
}

static status add_clinicians(ctx *x, int64_t vt_id, const int64_t *clinicians, size_t n)
{
	status st = ST_OK;
	for (size_t i = 0; i < n && st == ST_OK; i++)
		st = store_visit_type_clinician_add(x->db, vt_id, clinicians[i]);
	return st;
}

static status type_fn(ctx *x, void *args)
{
	struct type_op *o = args;
	const char *role;
	status st = unit_open(x, o->unit_id, &role);
	if (st == ST_OK)
		st = check_clinicians(x, o->unit_id, o->clinicians, o->nclinicians, o->pr);
	if (st != ST_OK)
		return st;
	if (o->pr->n > 0)
		return ST_INVALID;
	visit_type v = *o->in;
	v.unit_id = o->unit_id;
	v.active = true;
	if ((st = store_visit_type_insert(x->db, &v, o->id)) != ST_OK)
		return st;
	return add_clinicians(x, *o->id, o->clinicians, o->nclinicians);
}

/* The checks of a visit type's fields, added or edited. */
static void check_type(const visit_type *in, size_t nclinicians, problems *pr)
{
	static const char *const modes[] = {"in_person", "video", "phone", NULL};
	static const char *const categories[] = {"consultation", "team_meeting", "home_care_visit", NULL};
	problems_check_text(pr, "name_nb", in->name_nb, 1, 100, false);
	problems_check_text(pr, "name_en", in->name_en, 1, 100, false);
	if (in->name_nb == NULL)
		problems_add(pr, "name_nb", "form.error.required", 0);
	if (in->name_en == NULL)
		problems_add(pr, "name_en", "form.error.required", 0);
	if (in->minutes < SCHED_SLOT_MIN || in->minutes > SCHED_SLOT_MAX)
		problems_add(pr, "minutes", "appointments.error.minutes", 0);
	problems_check_choice(pr, "mode", in->mode, modes);
	problems_check_choice(pr, "category", in->category, categories);
	if (in->fee_nok < 0 || in->fee_nok > 100000)
		problems_add(pr, "fee", "appointments.error.fee", 0);
	problems_check_text(pr, "what_to_bring_nb", in->what_to_bring_nb, 0, 500, true);
	problems_check_text(pr, "what_to_bring_en", in->what_to_bring_en, 0, 500, true);
	if (nclinicians == 0)
		problems_add(pr, "clinicians", "form.error.required", 0);
}

status appt_staff_add_type(const ctx *x, int64_t unit_id, const visit_type *in, const int64_t *clinicians,
                           size_t nclinicians, problems *pr, int64_t *id)
{
	pr->n = 0;
	check_type(in, nclinicians, pr);
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (pr->n > 0)
		return ST_INVALID;
	struct type_op o = {unit_id, in, clinicians, nclinicians, pr, id};
	return staff_run(x, type_fn, &o);
}

struct tpl_op {
	int64_t unit_id;
	const schedule_template *in;
	problems *pr;
	int64_t *id;
};

/* Problems for a template line's clinician and visit type at the unit. */
static status check_line(ctx *x, int64_t unit_id, const schedule_template *in, problems *pr)
{
	bool ok;
	status st = clinician_at(x, in->staff_id, unit_id, &ok);
	if (st != ST_OK)
		return st;
	if (!ok)
		problems_add(pr, "staff", "appointments.error.clinician", 0);
	if (in->visit_type_id == 0)
		return ST_OK;
	visit_type vt;
	st = store_visit_type_get(x->db, x->arena, unit_id, in->visit_type_id, &vt);
	if (st == ST_NOT_FOUND)
		problems_add(pr, "type", "appointments.error.type_unknown", 0);
	else if (st == ST_OK && !vt.active)
		problems_add(pr, "type", "appointments.error.type_retired", 0);
	return st == ST_NOT_FOUND ? ST_OK : st;
}

static status tpl_fn(ctx *x, void *args)
{
	struct tpl_op *o = args;
	const char *role;
	status st = unit_open(x, o->unit_id, &role);
	if (st == ST_OK)
		st = check_line(x, o->unit_id, o->in, o->pr);
	if (st != ST_OK)
		return st;
	if (o->pr->n > 0)
		return ST_INVALID;
	schedule_template t = *o->in;
	t.unit_id = o->unit_id;
	return store_template_insert(x->db, &t, o->id);
}

/* The checks of a template line's own fields, added or edited. */
static void check_template(const schedule_template *in, problems *pr)
{
	sched_template t = {in->weekday, in->start_minute, in->end_minute, in->slot_minutes};
	if (in->weekday < 1 || in->weekday > 7)
		problems_add(pr, "weekday", "appointments.error.weekday", 0);
	else if (!sched_template_valid(&t))
		problems_add(pr, "end", "appointments.error.template", 0);
}

status appt_staff_add_template(const ctx *x, int64_t unit_id, const schedule_template *in, problems *pr, int64_t *id)
{
	pr->n = 0;
	check_template(in, pr);
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (pr->n > 0)
		return ST_INVALID;
	struct tpl_op o = {unit_id, in, pr, id};
	return staff_run(x, tpl_fn, &o);
}

/* The first closure of the unit or absence of clinician staff_id that a
 * slot from start to end overlaps; NULL when none does. */
static const closure *closure_over(const closure *k, size_t n, int64_t staff_id, unix_time start, unix_time end)
{
	for (size_t i = 0; i < n; i++)
		if ((k[i].staff_id == 0 || k[i].staff_id == staff_id) && start < k[i].ends_at && end > k[i].starts_at)
			return &k[i];
	return NULL;
}

/* Generates the template lines' slots for `weeks` weeks from today (Oslo
 * days), leaving out those begun and those in a closure or absence;
 * *added grows by the new ones. */
static status generate_lines(ctx *x, int64_t unit_id, const schedule_template *tpls, size_t nt, int weeks,
                             size_t *added)
{
	closure *shut;
	size_t nshut;
	status st = store_closures_of_unit(x->db, x->arena, unit_id, x->now, APPT_CLOSURE_MAX, &shut, &nshut, NULL);
	date today = date_in_oslo(x->now);
	date last = date_from_days(date_to_days(today) + (int64_t)weeks * 7 - 1);
	sched_slot *gen = arena_alloc(x->arena, APPT_GENERATE_MAX * sizeof *gen);
	for (size_t i = 0; st == ST_OK && i < nt; i++) {
		const schedule_template *tpl = &tpls[i];
		sched_template t = {tpl->weekday, tpl->start_minute, tpl->end_minute, tpl->slot_minutes};
		size_t n;
		if (!sched_generate(&t, today, last, gen, APPT_GENERATE_MAX, &n))
			continue;
		for (size_t k = 0; st == ST_OK && k < n; k++) {
			if (gen[k].start <= x->now || closure_over(shut, nshut, tpl->staff_id, gen[k].start, gen[k].end) != NULL)
				continue;
			slot s = {.unit_id = unit_id,
			          .staff_id = tpl->staff_id,
			          .start_at = gen[k].start,
			          .end_at = gen[k].end,
			          .visit_type_id = tpl->visit_type_id,
			          .template_id = tpl->id};
			bool inserted;
			st = store_slot_insert(x->db, &s, &inserted);
			*added += st == ST_OK && inserted;
		}
	}
	return st;
}

struct gen_op {
	int64_t unit_id;
	int weeks;
	size_t *added;
};

static status gen_fn(ctx *x, void *args)
{
	struct gen_op *o = args;
	*o->added = 0;
	const char *role;
	status st = unit_open(x, o->unit_id, &role);
	schedule_template *tpls;
	size_t nt;
	if (st == ST_OK)
		st = store_templates_of_unit(x->db, x->arena, o->unit_id, &tpls, &nt);
	return st != ST_OK ? st : generate_lines(x, o->unit_id, tpls, nt, o->weeks, o->added);
}

status appt_staff_generate(const ctx *x, int64_t unit_id, int weeks, size_t *added)
{
	*added = 0;
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (weeks < 1 || weeks > SCHED_WEEKS_MAX)
		return ST_INVALID;
	struct gen_op o = {unit_id, weeks, added};
	return staff_run(x, gen_fn, &o);
}

/* Removes the free slots that match (not begun, no booked appointment):
 * their open short-notice offers are withdrawn first. *removed counts them. */
static status remove_free_slots(ctx *x, const slot_match *m, size_t *removed)
{
	int64_t *ids;
	size_t n;
	status st = store_slots_free_matching(x->db, x->arena, m, APPT_GENERATE_MAX, &ids, &n, NULL);
	for (size_t i = 0; st == ST_OK && i < n; i++) {
		st = sn_slot_taken(x, ids[i]);
		if (st == ST_OK)
			st = store_slot_remove_free(x->db, m->unit_id, ids[i]);
		*removed += st == ST_OK;
		if (st == ST_NOT_FOUND)
			st = ST_OK; /* booked meanwhile: it stays */
	}
	return st;
}

/* Every future time: the far end of a slot_match. */
enum { FOREVER = INT64_MAX / 2 };

struct edit_op {
	int64_t unit_id, id;
	const visit_type *type;
	const schedule_template *line;
	const int64_t *clinicians;
	size_t nclinicians;
	int weeks;
	problems *pr;
	appt_edit_result *out;
};

static status edit_type_fn(ctx *x, void *args)
{
	struct edit_op *o = args;
	const char *role;
	visit_type old;
	status st = unit_open(x, o->unit_id, &role);
	if (st == ST_OK)
		st = store_visit_type_get(x->db, x->arena, o->unit_id, o->id, &old);
	if (st == ST_OK)
		st = check_clinicians(x, o->unit_id, o->clinicians, o->nclinicians, o->pr);
	if (st != ST_OK)
		return st;
	if (!old.active)
		problems_add(o->pr, "type", "appointments.error.type_retired", 0);
	if (o->pr->n > 0)
		return ST_INVALID;
	visit_type v = *o->type;
	v.id = o->id;
	v.unit_id = o->unit_id;
	st = store_visit_type_update(x->db, &v);
	if (st == ST_OK)
		st = store_visit_type_clinicians_clear(x->db, o->id);
	return st != ST_OK ? st : add_clinicians(x, o->id, o->clinicians, o->nclinicians);
}

status appt_staff_edit_type(const ctx *x, int64_t unit_id, int64_t type_id, const visit_type *in,
                            const int64_t *clinicians, size_t nclinicians, problems *pr)
{
	pr->n = 0;
	check_type(in, nclinicians, pr);
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (type_id <= 0)
		return ST_NOT_FOUND;
	if (pr->n > 0)
		return ST_INVALID;
	struct edit_op o = {.unit_id = unit_id,
	                    .id = type_id,
	                    .type = in,
	                    .clinicians = clinicians,
	                    .nclinicians = nclinicians,
	                    .pr = pr};
	return staff_run(x, edit_type_fn, &o);
}

static status retire_type_fn(ctx *x, void *args)
{
	struct edit_op *o = args;
	const char *role;
	visit_type old;
	status st = unit_open(x, o->unit_id, &role);
	if (st == ST_OK)
		st = store_visit_type_get(x->db, x->arena, o->unit_id, o->id, &old);
	if (st != ST_OK || !old.active)
		return st; /* retired already: nothing more to do */
	st = store_visit_type_retire(x->db, o->unit_id, o->id);
	if (st == ST_OK)
		st = store_templates_of_type_retire(x->db, o->unit_id, o->id);
	slot_match m = {.unit_id = o->unit_id, .visit_type_id = o->id, .from = x->now, .to = FOREVER, .now = x->now};
	return st != ST_OK ? st : remove_free_slots(x, &m, &o->out->removed);
}

status appt_staff_retire_type(const ctx *x, int64_t unit_id, int64_t type_id, appt_edit_result *out)
{
	*out = (appt_edit_result){0};
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (type_id <= 0)
		return ST_NOT_FOUND;
	struct edit_op o = {.unit_id = unit_id, .id = type_id, .out = out};
	return staff_run(x, retire_type_fn, &o);
}

static status edit_line_fn(ctx *x, void *args)
{
	struct edit_op *o = args;
	const char *role;
	schedule_template old;
	status st = unit_open(x, o->unit_id, &role);
	if (st == ST_OK)
		st = store_template_get(x->db, x->arena, o->unit_id, o->id, &old);
	if (st == ST_OK)
		st = check_line(x, o->unit_id, o->line, o->pr);
	if (st != ST_OK)
		return st;
	if (!old.active)
		problems_add(o->pr, "template", "appointments.error.template_retired", 0);
	if (o->pr->n > 0)
		return ST_INVALID;
	schedule_template t = *o->line;
	t.id = o->id;
	t.unit_id = o->unit_id;
	if ((st = store_template_update(x->db, &t)) != ST_OK)
		return st;
	/* The line's free slots go and it generates anew; booked ones stay. */
	slot_match m = {.unit_id = o->unit_id, .template_id = o->id, .from = x->now, .to = FOREVER, .now = x->now};
	if ((st = remove_free_slots(x, &m, &o->out->removed)) != ST_OK)
		return st;
	int weeks = o->weeks;
	unit_rules u;
	if (weeks == 0 && (st = store_unit_rules_get(x->db, x->arena, o->unit_id, &u)) != ST_OK)
		return st;
	if (weeks == 0)
		weeks = u.booking_weeks;
	return generate_lines(x, o->unit_id, &t, 1, weeks, &o->out->added);
}

status appt_staff_edit_template(const ctx *x, int64_t unit_id, int64_t template_id, const schedule_template *in,
                                int weeks, problems *pr, appt_edit_result *out)
{
	pr->n = 0;
	*out = (appt_edit_result){0};
	check_template(in, pr);
	if (weeks < 0 || weeks > SCHED_WEEKS_MAX)
		problems_add(pr, "weeks", "appointments.error.weeks", 0);
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (template_id <= 0)
		return ST_NOT_FOUND;
	if (pr->n > 0)
		return ST_INVALID;
	struct edit_op o = {.unit_id = unit_id, .id = template_id, .line = in, .weeks = weeks, .pr = pr, .out = out};
	return staff_run(x, edit_line_fn, &o);
}

static status retire_line_fn(ctx *x, void *args)
{
	struct edit_op *o = args;
	const char *role;
	schedule_template old;
	status st = unit_open(x, o->unit_id, &role);
	if (st == ST_OK)
		st = store_template_get(x->db, x->arena, o->unit_id, o->id, &old);
	if (st != ST_OK || !old.active)
		return st;
	st = store_template_retire(x->db, o->unit_id, o->id);
	slot_match m = {.unit_id = o->unit_id, .template_id = o->id, .from = x->now, .to = FOREVER, .now = x->now};
	return st != ST_OK ? st : remove_free_slots(x, &m, &o->out->removed);
}

status appt_staff_retire_template(const ctx *x, int64_t unit_id, int64_t template_id, appt_edit_result *out)
{
	*out = (appt_edit_result){0};
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (template_id <= 0)
		return ST_NOT_FOUND;
	struct edit_op o = {.unit_id = unit_id, .id = template_id, .out = out};
	return staff_run(x, retire_line_fn, &o);
}

struct slot_op {
	int64_t unit_id, staff_id;
	date day;
	int start_minute, minutes;
	problems *pr;
	int64_t *id;
	bool blocked;
};

/* A slot added by hand is refused inside a closure of the unit or an
 * absence of its clinician, as generating leaves those times out. */
static status refuse_closed(ctx *x, const slot *s, problems *pr)
{
	closure *shut;
	size_t nshut;
	status st = store_closures_of_unit(x->db, x->arena, s->unit_id, x->now, APPT_CLOSURE_MAX, &shut, &nshut, NULL);
	if (st != ST_OK)
		return st;
	const closure *k = closure_over(shut, nshut, s->staff_id, s->start_at, s->end_at);
	if (k == NULL)
		return ST_OK;
	problems_add(pr, "start", k->staff_id == 0 ? "appointments.error.slot_in_closure" : "appointments.error.slot_in_absence",
	             0);
	return ST_INVALID;
}

static status slot_fn(ctx *x, void *args)
{
	struct slot_op *o = args;
	const char *role;
	status st = unit_open(x, o->unit_id, &role);
	if (st != ST_OK)
		return st;
	bool ok;
	if ((st = clinician_at(x, o->staff_id, o->unit_id, &ok)) != ST_OK)
		return st;
	if (!ok) {
		problems_add(o->pr, "staff", "appointments.error.clinician", 0);
		return ST_INVALID;
	}
	slot s = {.unit_id = o->unit_id, .staff_id = o->staff_id};
	if (!oslo_local_time(o->day, o->start_minute, &s.start_at) ||
	    !oslo_local_time(o->day, o->start_minute + o->minutes, &s.end_at) || s.end_at <= s.start_at) {
		problems_add(o->pr, "start", "appointments.error.no_such_time", 0);
		return ST_INVALID;
	}
	if (s.start_at <= x->now) {
		problems_add(o->pr, "start", "appointments.error.past", 0);
		return ST_INVALID;
	}
	if ((st = refuse_closed(x, &s, o->pr)) != ST_OK)
		return st;
	bool inserted;
	if ((st = store_slot_insert(x->db, &s, &inserted)) != ST_OK)
		return st;
	if (!inserted)
		return ST_CONFLICT;
	/* The new slot's id: the clinician has exactly one starting then. */
	slot *found;
	size_t n;
	st = store_slots_between(x->db, x->arena, o->unit_id, o->staff_id, s.start_at, s.start_at + 1, 1, &found, &n,
	                         NULL);
	if (st == ST_OK && n == 1)
		*o->id = found[0].id;
	return st != ST_OK || n != 1 ? st : sn_slot_freed(x, found[0].id); /* a new slot is offered (P4) */
}

status appt_staff_add_slot(const ctx *x, int64_t unit_id, int64_t staff_id, date day, int start_minute, int minutes,
                           problems *pr, int64_t *id)
{
	pr->n = 0;
	*id = 0;
	if (!date_valid(day))
		problems_add(pr, "day", "form.error.date_invalid", 0);
	if (start_minute < 0 || start_minute >= SCHED_MINUTES_PER_DAY)
		problems_add(pr, "start", "appointments.error.no_such_time", 0);
	if (minutes < SCHED_SLOT_MIN || minutes > SCHED_SLOT_MAX)
		problems_add(pr, "minutes", "appointments.error.minutes", 0);
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (pr->n > 0)
		return ST_INVALID;
	struct slot_op o = {.unit_id = unit_id,
	                    .staff_id = staff_id,
	                    .day = day,
	                    .start_minute = start_minute,
	                    .minutes = minutes,
	                    .pr = pr,
	                    .id = id};
	return staff_run(x, slot_fn, &o);
}

static status block_fn(ctx *x, void *args)
{
	struct slot_op *o = args;
	int64_t unit_id;
	status st = store_slot_unit(x->db, *o->id, &unit_id);
	const char *role;
	if (st == ST_OK)
		st = unit_open(x, unit_id, &role);
	if (st == ST_DENIED)
		return ST_NOT_FOUND; /* named by the slot alone: not the reader's to know */
	if (st == ST_OK)
		st = store_slot_set_blocked(x->db, unit_id, *o->id, o->blocked);
	if (st != ST_OK)
		return st;
	/* A blocked slot's offers are withdrawn; an unblocked one is offered (P4). */
	return o->blocked ? sn_slot_taken(x, *o->id) : sn_slot_freed(x, *o->id);
}

status appt_staff_block(const ctx *x, int64_t slot_id, bool blocked)
{
	if (slot_id <= 0)
		return authz_staff(x, CAP_W2_SCHEDULES) != ST_OK ? ST_DENIED : ST_NOT_FOUND;
	struct slot_op o = {.id = &slot_id, .blocked = blocked};
	return staff_run(x, block_fn, &o);
}

struct sbook_op {
	int64_t patient_id, slot_id, vt_id, appt_id;
	const char *reason;
	problems *pr;
	int64_t *id;
};

static status sbook_fn(ctx *x, void *args)
{
	struct sbook_op *o = args;
	o->pr->n = 0;
	int64_t unit_id;
	status st = store_slot_unit(x->db, o->slot_id, &unit_id);
	const char *role;
	if (st == ST_OK)
		st = unit_open(x, unit_id, &role);
	if (st != ST_OK)
		return st == ST_DENIED ? ST_NOT_FOUND : st;
	bool patient;
	if ((st = store_is_patient_of(x->db, o->patient_id, unit_id, &patient)) != ST_OK)
		return st;
	if (!patient) {
		/* The same words as an unknown number: the unit's own list is all it tells. */
		problems_add(o->pr, "nin", "appointments.error.not_patient_staff", 0);
		return ST_INVALID;
	}
	visit_type vt;
	st = store_visit_type_get(x->db, x->arena, unit_id, o->vt_id, &vt);
	if (st == ST_NOT_FOUND || (st == ST_OK && !vt.active)) {
		problems_add(o->pr, "type",
		             st == ST_OK ? "appointments.error.type_retired" : "appointments.error.type_unknown", 0);
		return ST_INVALID;
	}
	if (st == ST_OK)
		st = book_slot(x, o->patient_id, unit_id, o->vt_id, o->slot_id, 0, o->pr, o->id);
	if (st == ST_OK)
		st = announce(x, o->patient_id, *o->id, &vt);
	return st != ST_OK ? st : staff_log(x, o->patient_id, unit_id, role, "create", *o->id);
}

status appt_staff_book(const ctx *x, int64_t patient_id, int64_t slot_id, int64_t visit_type_id, problems *pr,
                       int64_t *id)
{
	pr->n = 0;
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (patient_id <= 0 || slot_id <= 0)
		return ST_NOT_FOUND;
	struct sbook_op o = {.patient_id = patient_id, .slot_id = slot_id, .vt_id = visit_type_id, .pr = pr, .id = id};
	return domain_tx(x, true, sbook_fn, &o);
}

/* The appointment named by id alone, opened at its unit for the reader. */
static status staff_appt(ctx *x, int64_t id, appointment *a, const char **role)
{
	int64_t patient_id, unit_id;
	status st = store_appt_owner(x->db, id, &patient_id, &unit_id);
	if (st == ST_OK)
		st = unit_open(x, unit_id, role);
	if (st == ST_DENIED)
		return ST_NOT_FOUND;
	if (st == ST_OK)
		st = store_appt_get(x->db, x->arena, patient_id, id, false, a);
	return st;
}

static status scancel_fn(ctx *x, void *args)
{
	struct sbook_op *o = args;
	appointment a;
	const char *role;
	status st = staff_appt(x, o->appt_id, &a, &role);
	if (st != ST_OK)
		return st;
	if (strcmp(a.status, "booked") != 0) {
		problems_add(o->pr, "reason", "appointments.error.not_upcoming", 0);
		return ST_INVALID;
	}
	st = store_appt_cancel(x->db, a.patient_id, a.id, o->reason, true, x->now);
	if (st == ST_OK)
		st = slot_left(x, a.id, a.slot_id, "cancelled", 0);
	if (st == ST_OK)
		st = announce(x, a.patient_id, a.id, &a.type);
	return st != ST_OK ? st : staff_log(x, a.patient_id, a.unit_id, role, "update", a.id);
}

status appt_staff_cancel(const ctx *x, int64_t appt_id, const char *reason, problems *pr)
{
	pr->n = 0;
	if (reason == NULL)
		problems_add(pr, "reason", "form.error.required", 0);
	problems_check_text(pr, "reason", reason, 1, APPT_REASON_MAX, true);
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (appt_id <= 0)
		return ST_NOT_FOUND;
	if (pr->n > 0)
		return ST_INVALID;
	struct sbook_op o = {.appt_id = appt_id, .reason = reason, .pr = pr};
	return domain_tx(x, true, scancel_fn, &o);
}

/* Moves a booked appointment of the reader's unit to slot_id of the same
 * unit: the new one booked, the old one marked moved. */
static status staff_move_in(ctx *x, const appointment *a, const char *role, int64_t slot_id, problems *pr,
                            int64_t *new_id)
{
	if (strcmp(a->status, "booked") != 0) {
		problems_add(pr, "slot", "appointments.error.not_upcoming", 0);
		return ST_INVALID;
	}
	status st = book_slot(x, a->patient_id, a->unit_id, a->type.id, slot_id, 0, pr, new_id);
	if (st == ST_OK)
		st = store_appt_mark_moved(x->db, a->patient_id, a->id, *new_id, x->now);
	if (st == ST_OK)
		st = slot_left(x, a->id, a->slot_id, "moved", *new_id);
	if (st == ST_OK)
		st = announce(x, a->patient_id, *new_id, &a->type);
	return st != ST_OK ? st : staff_log(x, a->patient_id, a->unit_id, role, "update", a->id);
}

static status smove_fn(ctx *x, void *args)
{
	struct sbook_op *o = args;
	o->pr->n = 0;
	appointment a;
	const char *role;
	status st = staff_appt(x, o->appt_id, &a, &role);
	return st != ST_OK ? st : staff_move_in(x, &a, role, o->slot_id, o->pr, o->id);
}

status appt_staff_move(const ctx *x, int64_t appt_id, int64_t slot_id, problems *pr, int64_t *new_id)
{
	pr->n = 0;
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (appt_id <= 0 || slot_id <= 0)
		return ST_NOT_FOUND;
	struct sbook_op o = {.appt_id = appt_id, .slot_id = slot_id, .pr = pr, .id = new_id};
	return domain_tx(x, true, smove_fn, &o);
}

struct sn_list_op {
	int64_t unit_id;
	appt_short_notice *out;
};

static status sn_list_fn(ctx *x, void *args)
{
	struct sn_list_op *o = args;
	appt_short_notice *d = o->out;
	status st = unit_open(x, o->unit_id, &d->role);
	if (st == ST_OK)
		st = store_unit_rules_get(x->db, x->arena, o->unit_id, &d->unit);
	if (st == ST_OK)
		st = store_sn_list_of_unit(x->db, x->arena, o->unit_id, x->now, SN_LIST_MAX, &d->entries, &d->nentries,
		                           &d->more);
	if (st == ST_OK)
		st =
		    store_sn_offers_of_unit(x->db, x->arena, o->unit_id, SN_HISTORY_MAX, &d->offers, &d->noffers, NULL);
	for (size_t i = 0; st == ST_OK && i < d->nentries; i++)
		st = staff_log(x, d->entries[i].patient_id, o->unit_id, d->role, "read", d->entries[i].appointment_id);
	for (size_t i = 0; st == ST_OK && i < d->noffers; i++)
		st = staff_log(x, d->offers[i].patient_id, o->unit_id, d->role, "read", d->offers[i].appointment_id);
	return st;
}

status appt_staff_short_notice(const ctx *x, int64_t unit_id, appt_short_notice *out)
{
	memset(out, 0, sizeof *out);
	struct sn_list_op o = {unit_id, out};
	return staff_run(x, sn_list_fn, &o);
}

struct rules_op {
	const unit_rules *in;
};

static status rules_fn(ctx *x, void *args)
{
	struct rules_op *o = args;
	const char *role;
	status st = unit_open(x, o->in->unit_id, &role);
	return st != ST_OK ? st : store_unit_rules_set(x->db, o->in);
}

status appt_staff_set_rules(const ctx *x, const unit_rules *in, problems *pr)
{
	pr->n = 0;
	if (in->change_deadline_hours < 0 || in->change_deadline_hours > 336)
		problems_add(pr, "deadline", "appointments.error.deadline_hours", 0);
	if (in->booking_weeks < 1 || in->booking_weeks > SCHED_WEEKS_MAX)
		problems_add(pr, "weeks", "appointments.error.weeks", 0);
	if (in->phone == NULL)
		problems_add(pr, "phone", "form.error.required", 0);
	if (in->offer_count < 1 || in->offer_count > APPT_OFFERS_MAX)
		problems_add(pr, "offers", "appointments.error.offers", 0);
	if (in->offer_answer_minutes < APPT_ANSWER_MIN || in->offer_answer_minutes > APPT_ANSWER_MAX)
		problems_add(pr, "answer_minutes", "appointments.error.answer_minutes", 0);
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (pr->n > 0)
		return ST_INVALID;
	struct rules_op o = {in};
	return staff_run(x, rules_fn, &o);
}

/* ---- closures and absences (W2) ------------------------------------------------------ */

struct closure_op {
	int64_t unit_id, id;
	const closure *in;
	problems *pr;
	appt_edit_result *out;
	appt_closures *list;
};

static status add_closure_fn(ctx *x, void *args)
{
	struct closure_op *o = args;
	const char *role;
	status st = unit_open(x, o->unit_id, &role);
	bool ok = true;
	if (st == ST_OK && o->in->staff_id != 0)
		st = clinician_at(x, o->in->staff_id, o->unit_id, &ok);
	if (st != ST_OK)
		return st;
	if (!ok) {
		problems_add(o->pr, "staff", "appointments.error.clinician", 0);
		return ST_INVALID;
	}
	closure k = *o->in;
	k.unit_id = o->unit_id;
	k.created_by = x->who.staff_id;
	k.created_at = x->now;
	if ((st = store_closure_insert(x->db, &k, &o->id)) != ST_OK)
		return st;
	slot_match m = {
	    .unit_id = o->unit_id, .staff_id = k.staff_id, .from = k.starts_at, .to = k.ends_at, .now = x->now};
	return remove_free_slots(x, &m, &o->out->removed);
}

status appt_staff_add_closure(const ctx *x, int64_t unit_id, const closure *in, problems *pr, appt_edit_result *out,
                              int64_t *id)
{
	pr->n = 0;
	*out = (appt_edit_result){0};
	*id = 0;
	if (in->ends_at <= in->starts_at)
		problems_add(pr, "to", "appointments.error.closure_span", 0);
	else if (in->ends_at <= x->now)
		problems_add(pr, "to", "appointments.error.closure_past", 0);
	problems_check_text(pr, "reason", in->reason, 0, APPT_CLOSURE_REASON_MAX, false);
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (pr->n > 0)
		return ST_INVALID;
	struct closure_op o = {.unit_id = unit_id, .in = in, .pr = pr, .out = out};
	status st = staff_run(x, add_closure_fn, &o);
	*id = o.id;
	return st;
}

static status closures_fn(ctx *x, void *args)
{
	struct closure_op *o = args;
	appt_closures *l = o->list;
	status st = unit_open(x, o->unit_id, &l->role);
	if (st == ST_OK)
		st = store_unit_rules_get(x->db, x->arena, o->unit_id, &l->unit);
	if (st == ST_OK)
		st = store_unit_clinicians(x->db, x->arena, o->unit_id, &l->clinicians, &l->nclinicians);
	if (st == ST_OK)
		st = store_closures_of_unit(x->db, x->arena, o->unit_id, x->now, APPT_CLOSURE_MAX, &l->closures,
		                            &l->nclosures, &l->more);
	l->hits = arena_alloc(x->arena, (l->nclosures + 1) * sizeof *l->hits);
	l->nhits = arena_alloc(x->arena, (l->nclosures + 1) * sizeof *l->nhits);
	for (size_t i = 0; st == ST_OK && i < l->nclosures; i++) {
		const closure *k = &l->closures[i];
		appointment *all;
		size_t n;
		/* An appointment that began before the closure may still run into it. */
		st = store_appts_of_unit(x->db, x->arena, o->unit_id, k->staff_id, k->starts_at - SCHED_SLOT_MAX * 60,
		                         k->ends_at, APPT_DAY_MAX, &all, &n, NULL);
		l->hits[i] = all;
		l->nhits[i] = 0;
		for (size_t j = 0; st == ST_OK && j < n; j++) {
			if (all[j].end_at <= k->starts_at || all[j].end_at <= x->now)
				continue;
			l->hits[i][l->nhits[i]++] = all[j];
			st = staff_log(x, all[j].patient_id, o->unit_id, l->role, "read", all[j].id);
		}
	}
	return st;
}

status appt_staff_closures(const ctx *x, int64_t unit_id, appt_closures *out)
{
	memset(out, 0, sizeof *out);
	struct closure_op o = {.unit_id = unit_id, .list = out};
	return staff_run(x, closures_fn, &o);
}

static status remove_closure_fn(ctx *x, void *args)
{
	struct closure_op *o = args;
	const char *role;
	status st = unit_open(x, o->unit_id, &role);
	return st != ST_OK ? st : store_closure_delete(x->db, o->unit_id, o->id);
}

status appt_staff_remove_closure(const ctx *x, int64_t unit_id, int64_t closure_id)
{
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (closure_id <= 0)
		return ST_NOT_FOUND;
	struct closure_op o = {.unit_id = unit_id, .id = closure_id};
	return staff_run(x, remove_closure_fn, &o);
}

/* ---- the chart's section (W2) ------------------------------------------------------ */

/* Keeps the appointments at unit_id, in order. */
static size_t keep_unit(appointment *list, size_t n, int64_t unit_id)
{
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if (list[i].unit_id == unit_id)
			list[kept++] = list[i];
	return kept;
}

static status chart_fn(ctx *x, const record_patient *p, void *arg)
{
	appt_chart *o = arg;
	int64_t id = p->who.id;
	status st = store_appts_of_patient(x->db, x->arena, id, true, false, x->now, APPT_LIST_MAX, &o->upcoming,
	                                   &o->nup, NULL);
	if (st == ST_OK)
		st = store_appts_of_patient(x->db, x->arena, id, false, false, x->now, APPT_LIST_MAX, &o->past,
		                            &o->npast, NULL);
	if (st != ST_OK)
		return st;
	o->nup = keep_unit(o->upcoming, o->nup, p->access.unit_id);
	o->npast = keep_unit(o->past, o->npast, p->access.unit_id);
	return chart_audit(x, &p->access, "read", WHAT, NULL);
}

status appt_staff_chart(const ctx *x, int64_t patient_id, appt_chart *out)
{
	*out = (appt_chart){0};
	return record_staff_tx(x, CAP_W2_SCHEDULES, patient_id, &out->patient, chart_fn, out);
}

/* ---- the request queue ----------------------------------------------------------------- */

static status queue_fetch(ctx *x, size_t limit, void **rows, size_t *n, bool *more)
{
	appt_request *items;
	status st = store_appt_requests_open(x->db, x->arena, x->who.staff_id, authz_roles_for(CAP_W2_SCHEDULES), limit,
	                                     &items, n, more);
	*rows = items;
	return st;
}

/* A request is the reader's where their role at its unit holds schedules. */
static status queue_open(const ctx *x, const void *row, chart_access *basis)
{
	const appt_request *r = row;
	const char *role;
	status st = unit_open(x, r->unit_id, &role);
	if (st == ST_OK)
		*basis = (chart_access){.patient_id = r->patient_id, .unit_id = r->unit_id, .role = role};
	return st;
}

static const staff_queue request_queue = {
    .row_size = sizeof(appt_request),
    .patient_at = offsetof(appt_request, patient_id),
    .id_at = offsetof(appt_request, appointment_id),
    .cap = CAP_W2_SCHEDULES,
    .what = WHAT,
    .fetch = queue_fetch,
    .open = queue_open,
};

status appt_staff_requests(const ctx *x, appt_request **out, size_t *n, bool *more)
{
	status st = authz_staff(x, CAP_W2_SCHEDULES);
	return st != ST_OK ? st : staff_queue_list(x, &request_queue, APPT_QUEUE_MAX, out, n, more);
}

struct answer_op {
	int64_t id, slot_id;
	bool accept;
	const char *answer;
	problems *pr;
};

static status answer_fn(ctx *x, void *args)
{
	struct answer_op *o = args;
	o->pr->n = 0;
	appt_request r;
	status st = store_appt_request_get(x->db, x->arena, o->id, &r);
	const char *role;
	if (st == ST_OK)
		st = unit_open(x, r.unit_id, &role);
	if (st != ST_OK)
		return st == ST_DENIED ? ST_NOT_FOUND : st;
	if (strcmp(r.status, "open") != 0)
		return ST_CONFLICT;
	if (o->accept && strcmp(r.kind, "cancel") == 0) {
		if (strcmp(r.appt.status, "booked") == 0) {
			st = store_appt_cancel(x->db, r.patient_id, r.appointment_id, o->answer, true, x->now);
			if (st == ST_OK)
				st = slot_left(x, r.appointment_id, r.appt.slot_id, "cancelled", 0);
			if (st == ST_OK)
				st = announce(x, r.patient_id, r.appointment_id, &r.appt.type);
		}
	} else if (o->accept) {
		int64_t new_id;
		if (o->slot_id <= 0) {
			problems_add(o->pr, "slot", "appointments.error.choose_slot", 0);
			return ST_INVALID;
		}
		st = staff_move_in(x, &r.appt, role, o->slot_id, o->pr, &new_id);
	}
	if (st == ST_OK)
		st = store_appt_request_answer(x->db, o->id, o->accept ? "accepted" : "refused", o->answer,
		                               x->who.staff_id, x->now);
	if (st == ST_OK && !o->accept)
		st = announce(x, r.patient_id, r.appointment_id, &r.appt.type);
	return st != ST_OK ? st : staff_log(x, r.patient_id, r.unit_id, role, "update", r.appointment_id);
}

status appt_staff_answer(const ctx *x, int64_t request_id, bool accept, int64_t slot_id, const char *answer,
                         problems *pr)
{
	pr->n = 0;
	if (!accept && answer == NULL)
		problems_add(pr, "answer", "form.error.required", 0);
	problems_check_text(pr, "answer", answer, 0, APPT_MESSAGE_MAX, true);
	if (authz_staff(x, CAP_W2_SCHEDULES) != ST_OK)
		return ST_DENIED;
	if (request_id <= 0)
		return ST_NOT_FOUND;
	if (pr->n > 0)
		return ST_INVALID;
	struct answer_op o = {request_id, slot_id, accept, answer, pr};
	return domain_tx(x, true, answer_fn, &o);
}
