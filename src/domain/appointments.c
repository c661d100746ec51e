/* appointments.c — the citizen's side of appointments (domain/appointments.h):
 * lists and the appointment page (P1), change, cancel and requests to the
 * office (P3), e-check-in (P6), and what every file of the area shares
 * (domain/appointments_internal.h): the access log of a representative's
 * reads and changes, the outbox event for every booking, move and
 * cancellation. Booking is in appointments_booking.c, the staff side in
 * appointments_staff.c and appointments_schedules.c. */
#include "domain/appointments.h"

#include <string.h>

#include "domain/appointments_internal.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/schedule.h"
#include "store/outbox.h"

#define EVENT_KIND "appointment" /* the notification kind of domain/settings.h */

/* "Something is waiting": the event names the appointment's id, nothing
 * else. A home-care visit is never told of: to a citizen it does not exist (P1). */
status appt_announce(const ctx *x, int64_t patient_id, int64_t appt_id, const visit_type *t)
{
	if (strcmp(t->category, "home_care_visit") == 0)
		return ST_OK;
	int64_t event;
	return store_outbox_add(x->db, patient_id, EVENT_KIND, appt_id, false, x->now, &event);
}

/* The first instant after the unit's booking window: the start of the day
 * booking_weeks weeks after today. */
unix_time appt_window_end(const ctx *x, const unit_rules *u)
{
	date today = date_in_oslo(x->now);
	return oslo_day_start(date_from_days(date_to_days(today) + (int64_t)u->booking_weeks * 7 + 1));
}

/* ---- citizens ------------------------------------------------------------------ */

status appt_citizen_may(const ctx *x, enum capability cap)
{
	return record_citizen_may(x, cap) ? ST_OK : ST_DENIED;
}

/* A representative's read or change is logged with both identities; the
 * person's own is not. */
status appt_citizen_log(const ctx *x, const char *action, int64_t id)
{
	if (x->who.person_id == x->subject_id)
		return ST_OK;
	return audit_record(x, x->subject_id, action, APPT_WHAT, id ? audit_id(x->arena, id) : NULL, "representation");
}

/* A representative's reads are logged (domain_read_tx); the person's own are not. */
status appt_citizen_read(const ctx *x, enum capability cap, domain_tx_fn fn, void *args)
{
	status st = appt_citizen_may(x, cap);
	return st != ST_OK ? st : domain_read_tx(x, x->who.person_id != x->subject_id, fn, args);
}

status appt_citizen_write(const ctx *x, enum capability cap, domain_tx_fn fn, void *args)
{
	status st = appt_citizen_may(x, cap);
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
	if (st == ST_OK)
		st = store_appts_of_patient(x->db, x->arena, x->subject_id, false, true, x->now, o->max, o->past,
		                            o->npast, NULL);
	return st != ST_OK ? st : appt_citizen_log(x, "read", 0);
}

status appt_list(const ctx *x, appointment **upcoming, size_t *nup, appointment **past, size_t *npast)
{
	*upcoming = *past = NULL;
	*nup = *npast = 0;
	struct list_op o = {upcoming, past, nup, npast, APPT_LIST_MAX};
	return appt_citizen_read(x, CAP_P1_APPOINTMENTS, list_fn, &o);
}

struct upcoming_op {
	appointment_brief **out;
	size_t *n, max;
};

static status upcoming_fn(ctx *x, void *args)
{
	struct upcoming_op *o = args;
	status st = store_appts_upcoming_brief(x->db, x->arena, x->subject_id, x->now, o->max, o->out, o->n);
	return st != ST_OK ? st : appt_citizen_log(x, "read", 0);
}

status appt_upcoming(const ctx *x, size_t max, appointment_brief **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct upcoming_op o = {out, n, max};
	return appt_citizen_read(x, CAP_P1_APPOINTMENTS, upcoming_fn, &o);
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
	return st != ST_OK ? st : appt_citizen_log(x, "read", o->id);
}

status appt_get(const ctx *x, int64_t id, appointment *out, appt_allowed *allowed, appt_request **requests,
                size_t *nrequests)
{
	*requests = NULL;
	*nrequests = 0;
	if (id <= 0)
		return ST_NOT_FOUND;
	struct get_op o = {id, out, requests, nrequests};
	status st = appt_citizen_read(x, CAP_P1_APPOINTMENTS, get_fn, &o);
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
	return appt_citizen_log(x, "read", 0);
}

status appt_offers(const ctx *x, appt_offer **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct offers_op o = {out, n};
	return appt_citizen_read(x, CAP_P2_BOOK, offers_fn, &o);
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
		st = appt_slot_left(x, o->id, a.slot_id, "cancelled", 0);
	if (st == ST_OK)
		st = appt_announce(x, x->subject_id, o->id, &a.type);
	return st != ST_OK ? st : appt_citizen_log(x, "update", o->id);
}

status appt_cancel(const ctx *x, int64_t id, problems *pr)
{
	pr->n = 0;
	struct change_op o = {.id = id, .pr = pr};
	return appt_citizen_write(x, CAP_P3_CHANGE, cancel_fn, &o);
}

static status options_fn(ctx *x, void *args)
{
	struct change_op *o = args;
	o->pr->n = 0;
	status st = changeable(x, o->id, o->pr, o->a);
	bool more;
	if (st == ST_OK)
		st = store_slots_free(x->db, x->arena, o->a->unit_id, o->a->type.id, x->now + 1,
		                      appt_window_end(x, &o->a->unit), APPT_FREE_MAX, o->out, o->n, &more);
	return st != ST_OK ? st : appt_citizen_log(x, "read", o->id);
}

status appt_change_options(const ctx *x, int64_t id, appointment *a, slot **out, size_t *n, problems *pr)
{
	*out = NULL;
	*n = 0;
	pr->n = 0;
	struct change_op o = {.id = id, .pr = pr, .a = a, .out = out, .n = n};
	return appt_citizen_read(x, CAP_P3_CHANGE, options_fn, &o);
}

static status move_fn(ctx *x, void *args)
{
	struct change_op *o = args;
	o->pr->n = 0;
	appointment a;
	status st = changeable(x, o->id, o->pr, &a);
	if (st == ST_OK)
		st = appt_book_slot(x, x->subject_id, a.unit_id, a.type.id, o->slot_id, appt_window_end(x, &a.unit),
		                    o->pr, o->new_id);
	if (st == ST_OK)
		st = store_appt_mark_moved(x->db, x->subject_id, o->id, *o->new_id, x->now);
	if (st == ST_OK)
		st = appt_slot_left(x, o->id, a.slot_id, "moved", *o->new_id);
	if (st == ST_OK)
		st = appt_announce(x, x->subject_id, *o->new_id, &a.type);
	return st != ST_OK ? st : appt_citizen_log(x, "update", o->id);
}

status appt_move(const ctx *x, int64_t id, int64_t slot_id, problems *pr, int64_t *new_id)
{
	pr->n = 0;
	struct change_op o = {.id = id, .slot_id = slot_id, .pr = pr, .new_id = new_id};
	return appt_citizen_write(x, CAP_P3_CHANGE, move_fn, &o);
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
	return st != ST_OK ? st : appt_citizen_log(x, "create", o->id);
}

status appt_send_request(const ctx *x, int64_t id, const char *kind, const char *message, problems *pr)
{
	pr->n = 0;
	static const char *const kinds[] = {"change", "cancel", NULL};
	problems_check_choice(pr, "kind", kind, kinds);
	problems_check_text(pr, "message", message, 0, APPT_MESSAGE_MAX, true);
	if (pr->n > 0)
		return appt_citizen_may(x, CAP_P3_CHANGE) != ST_OK ? ST_DENIED : ST_INVALID;
	struct change_op o = {.id = id, .pr = pr, .kind = kind, .message = message};
	return appt_citizen_write(x, CAP_P3_CHANGE, request_fn, &o);
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
	return st != ST_OK ? st : appt_citizen_log(x, "read", o->id);
}

status appt_checkin_get(const ctx *x, int64_t id, appt_checkin *out)
{
	memset(out, 0, sizeof *out);
	if (id <= 0)
		return ST_NOT_FOUND;
	struct checkin_op o = {.id = id, .out = out};
	return appt_citizen_read(x, CAP_P6_CHECK_IN, checkin_get_fn, &o);
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
	return st != ST_OK ? st : appt_citizen_log(x, "update", o->id);
}

status appt_check_in(const ctx *x, int64_t id, bool contact_confirmed, problems *pr)
{
	pr->n = 0;
	if (id <= 0)
		return ST_NOT_FOUND;
	appt_checkin c;
	memset(&c, 0, sizeof c);
	struct checkin_op o = {.id = id, .out = &c, .confirmed = contact_confirmed, .pr = pr};
	return appt_citizen_write(x, CAP_P6_CHECK_IN, check_in_fn, &o);
}
