/* appointments_staff.c — staff's work on appointments per unit
 * (domain/appointments.h, W2, W3): which unit, slot or appointment a
 * reader may work on, the day list and the check-in list, booking, moving
 * and cancelling for a patient, the short-notice list, the unit's rules,
 * the chart's section and the change/cancel request queue. */
#include "domain/appointments.h"

#include <string.h>

#include "domain/appointments_internal.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/chart.h"
#include "domain/queue.h"
#include "domain/schedule.h"
#include "domain/short_notice.h"

/* ---- staff ------------------------------------------------------------------------ */

/* The role the staff member holds at the unit, if it holds schedules:
 * ST_DENIED when they work there in another role, ST_NOT_FOUND when they
 * do not work there at all (the unit is not theirs to know). */
status appt_unit_open(const ctx *x, int64_t unit_id, const char **role)
{
	return authz_unit_role(x, CAP_W2_SCHEDULES, x->who.staff_id, unit_id, role);
}

status appt_unit_rules_open(const ctx *x, int64_t unit_id, const char **role, unit_rules *rules)
{
	status st = appt_unit_open(x, unit_id, role);
	return st != ST_OK ? st : store_unit_rules_get(x->db, x->arena, unit_id, rules);
}

/* Logs a staff read or change of a patient's appointment at the unit. */
status appt_staff_log(const ctx *x, int64_t patient_id, int64_t unit_id, const char *role, const char *action,
                      int64_t id)
{
	chart_access a = {.patient_id = patient_id, .unit_id = unit_id, .role = role};
	return chart_audit(x, &a, action, APPT_WHAT, id ? audit_id(x->arena, id) : NULL);
}

status appt_staff_run(const ctx *x, domain_tx_fn fn, void *args)
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
	case APPT_OBJ_LINE:
	case APPT_OBJ_CLOSURE: return ST_INTERNAL; /* named with their unit: appt_staff_item_access */
	}
	const char *role;
	if (st == ST_OK)
		st = appt_unit_open(x, unit_id, &role);
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
	status st = appt_unit_open(x, o->unit_id, &role);
	if (st != ST_OK)
		return st;
	visit_type vt;
	schedule_template t;
	closure k;
	switch (o->kind) {
	case APPT_OBJ_TYPE: return store_visit_type_get(x->db, x->arena, o->unit_id, o->item_id, &vt);
	case APPT_OBJ_LINE: return store_template_get(x->db, x->arena, o->unit_id, o->item_id, &t);
	case APPT_OBJ_CLOSURE: return store_closure_get(x->db, x->arena, o->unit_id, o->item_id, &k);
	default: return ST_NOT_FOUND;
	}
}

status appt_staff_item_access(const ctx *x, int64_t unit_id, enum appt_object kind, int64_t item_id)
{
	status st = authz_staff(x, CAP_W2_SCHEDULES);
	if (st != ST_OK)
		return st;
	if (unit_id <= 0 || item_id <= 0 ||
	    (kind != APPT_OBJ_TYPE && kind != APPT_OBJ_LINE && kind != APPT_OBJ_CLOSURE))
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
	status st = appt_unit_rules_open(x, o->unit_id, &d->role, &d->unit);
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
		st = appt_staff_log(x, d->appts[i].patient_id, o->unit_id, d->role, "read", d->appts[i].id);
	return st;
}

status appt_staff_day(const ctx *x, int64_t unit_id, date day, int64_t staff_filter, appt_day *out)
{
	memset(out, 0, sizeof *out);
	out->day = day;
	if (!date_valid(day))
		return ST_INVALID;
	struct day_op o = {unit_id, staff_filter, out};
	return appt_staff_run(x, day_fn, &o);
}

static status checkins_fn(ctx *x, void *args)
{
	struct day_op *o = args;
	appt_day *d = o->out;
	status st = appt_unit_rules_open(x, o->unit_id, &d->role, &d->unit);
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
		st = appt_staff_log(x, all[i].patient_id, o->unit_id, d->role, "read", all[i].id);
	}
	return st;
}

status appt_staff_checkins(const ctx *x, int64_t unit_id, appt_day *out)
{
	memset(out, 0, sizeof *out);
	out->day = date_in_oslo(x->now);
	struct day_op o = {unit_id, 0, out};
	return appt_staff_run(x, checkins_fn, &o);
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
		st = appt_unit_open(x, unit_id, &role);
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
		st = appt_book_slot(x, o->patient_id, unit_id, o->vt_id, o->slot_id, 0, o->pr, o->id);
	if (st == ST_OK)
		st = appt_announce(x, o->patient_id, *o->id, &vt);
	return st != ST_OK ? st : appt_staff_log(x, o->patient_id, unit_id, role, "create", *o->id);
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
		st = appt_unit_open(x, unit_id, role);
	if (st == ST_DENIED)
		return ST_NOT_FOUND;
	if (st == ST_OK)
		st = store_appt_get(x->db, x->arena, patient_id, id, false, a);
	return st;
}

status appt_staff_cancel_in(ctx *x, const appointment *a, const char *role, const char *reason)
{
	status st = store_appt_cancel(x->db, a->patient_id, a->id, reason, true, x->now);
	if (st == ST_OK)
		st = appt_slot_left(x, a->id, a->slot_id, "cancelled", 0);
	if (st == ST_OK)
		st = appt_announce(x, a->patient_id, a->id, &a->type);
	return st != ST_OK ? st : appt_staff_log(x, a->patient_id, a->unit_id, role, "update", a->id);
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
	return appt_staff_cancel_in(x, &a, role, o->reason);
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
	status st = appt_book_slot(x, a->patient_id, a->unit_id, a->type.id, slot_id, 0, pr, new_id);
	if (st == ST_OK)
		st = store_appt_mark_moved(x->db, a->patient_id, a->id, *new_id, x->now);
	if (st == ST_OK)
		st = appt_slot_left(x, a->id, a->slot_id, "moved", *new_id);
	if (st == ST_OK)
		st = appt_announce(x, a->patient_id, *new_id, &a->type);
	return st != ST_OK ? st : appt_staff_log(x, a->patient_id, a->unit_id, role, "update", a->id);
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
	status st = appt_unit_rules_open(x, o->unit_id, &d->role, &d->unit);
	if (st == ST_OK)
		st = store_sn_list_of_unit(x->db, x->arena, o->unit_id, x->now, SN_LIST_MAX, &d->entries, &d->nentries,
		                           &d->more);
	if (st == ST_OK)
		st =
		    store_sn_offers_of_unit(x->db, x->arena, o->unit_id, SN_HISTORY_MAX, &d->offers, &d->noffers, NULL);
	for (size_t i = 0; st == ST_OK && i < d->nentries; i++)
		st = appt_staff_log(x, d->entries[i].patient_id, o->unit_id, d->role, "read",
		                    d->entries[i].appointment_id);
	for (size_t i = 0; st == ST_OK && i < d->noffers; i++)
		st = appt_staff_log(x, d->offers[i].patient_id, o->unit_id, d->role, "read",
		                    d->offers[i].appointment_id);
	return st;
}

status appt_staff_short_notice(const ctx *x, int64_t unit_id, appt_short_notice *out)
{
	memset(out, 0, sizeof *out);
	struct sn_list_op o = {unit_id, out};
	return appt_staff_run(x, sn_list_fn, &o);
}

struct rules_op {
	const unit_rules *in;
};

static status rules_fn(ctx *x, void *args)
{
	struct rules_op *o = args;
	const char *role;
	status st = appt_unit_open(x, o->in->unit_id, &role);
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
	return appt_staff_run(x, rules_fn, &o);
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
	return chart_audit(x, &p->access, "read", APPT_WHAT, NULL);
}

status appt_staff_chart(const ctx *x, int64_t patient_id, appt_chart *out)
{
	*out = (appt_chart){0};
	return record_staff_read_tx(x, CAP_W2_SCHEDULES, patient_id, &out->patient, chart_fn, out);
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
	status st = appt_unit_open(x, r->unit_id, &role);
	if (st == ST_OK)
		*basis = (chart_access){.patient_id = r->patient_id, .unit_id = r->unit_id, .role = role};
	return st;
}

static const staff_queue request_queue = {
    .row_size = sizeof(appt_request),
    .patient_at = offsetof(appt_request, patient_id),
    .id_at = offsetof(appt_request, appointment_id),
    .cap = CAP_W2_SCHEDULES,
    .what = APPT_WHAT,
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
		st = appt_unit_open(x, r.unit_id, &role);
	if (st != ST_OK)
		return st == ST_DENIED ? ST_NOT_FOUND : st;
	if (strcmp(r.status, "open") != 0)
		return ST_CONFLICT;
	if (o->accept && strcmp(r.kind, "cancel") == 0) {
		if (strcmp(r.appt.status, "booked") == 0) {
			st = store_appt_cancel(x->db, r.patient_id, r.appointment_id, o->answer, true, x->now);
			if (st == ST_OK)
				st = appt_slot_left(x, r.appointment_id, r.appt.slot_id, "cancelled", 0);
			if (st == ST_OK)
				st = appt_announce(x, r.patient_id, r.appointment_id, &r.appt.type);
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
		st = appt_announce(x, r.patient_id, r.appointment_id, &r.appt.type);
	return st != ST_OK ? st : appt_staff_log(x, r.patient_id, r.unit_id, role, "update", r.appointment_id);
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
