/* appointments.c (web) — the citizen's appointments (SPEC.md P1-P3, P9).
 *
 * GET /appointments (upcoming and past), GET /appointments/:id (where, when,
 * who, type, mode, fee, what to bring, and what may be done now),
 * GET /appointments/book (units and visit types one may book),
 * GET/POST /appointments/book/:unit/:type (free slots day by day; book one),
 * POST /appointments/:id/cancel, GET/POST /appointments/:id/change, and
 * POST /appointments/:id/request (to the office, where self-change is not
 * allowed). Another person's appointment, a forged id or a home-care visit
 * is 404; a rule that refuses is a page saying why in the reader's
 * language (400), a slot taken meanwhile a page with the nearest free times
 * (409). A representative acts under the capabilities of their access kind
 * (the dispatcher checks them per route; the domain again). */
#include <stdio.h>
#include <string.h>

#include "domain/appointments.h"
#include "domain/schedule.h"
#include "domain/authz.h"
#include "domain/short_notice.h"
#include "domain/video.h"
#include "web/appointments_view.h"
#include "web/form.h"
#include "web/i18n.h"
#include "web/pages.h"
#include "web/record_page.h"

/* ---- how appointments read (shared with the home page and staff pages) --------- */

const char *appt_clock_text(arena *a, enum locale loc, unix_time t)
{
	date d;
	int h, m;
	time_in_oslo(t, &d, &h, &m);
	return arena_printf(a, loc == LOCALE_NB ? "%02d.%02d" : "%02d:%02d", h, m);
}

const char *appt_day_text(arena *a, enum locale loc, unix_time t)
{
	date d;
	int h, m;
	time_in_oslo(t, &d, &h, &m);
	char iso[11];
	date_format(d, iso);
	const char *wd = i18n_text_code(loc, a, "appointments.weekday.", arena_printf(a, "%d", date_weekday(d)));
	return arena_printf(a, "%s %s", wd, i18n_date_text(a, loc, iso));
}

const char *appt_type_name(const visit_type *t, enum locale loc)
{
	return loc == LOCALE_EN ? t->name_en : t->name_nb;
}

/* "160 kr" / "NOK 160"; "no fee" when 0. */
static json_t *fee_text(enum locale loc, int fee)
{
	if (fee <= 0)
		return json_string(i18n_text(loc, "appointments.fee.none"));
	return loc == LOCALE_EN ? json_sprintf("NOK %d", fee) : json_sprintf("%d kr", fee);
}

const char *appt_problem_text(arena *a, enum locale loc, const char *key, int64_t max)
{
	const char *t = i18n_text(loc, key);
	const char *p = strstr(t, "{max}");
	if (p == NULL)
		return t;
	return arena_printf(a, "%.*s%lld%s", (int)(p - t), t, (long long)max, p + 5);
}

/* {id, when, iso, type, unit, url}: what the home page's list shows (A3),
 * and the start of the whole model. */
static json_t *appt_home_model(arena *a, enum locale loc, const appointment_brief *b)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(b->id));
	json_object_set_new(o, "when", rec_str(i18n_time_text(a, loc, b->start_at)));
	char iso[21];
	time_format(b->start_at, iso);
	json_object_set_new(o, "iso", rec_str(iso));
	json_object_set_new(o, "type", rec_str(loc == LOCALE_EN ? b->type_en : b->type_nb));
	json_object_set_new(o, "unit", rec_str(b->unit_name));
	json_object_set_new(o, "url", rec_str(url_for(a, web_appointment, b->id)));
	return o;
}

json_t *appt_model(arena *a, enum locale loc, const appointment *ap)
{
	appointment_brief brief = {ap->id, ap->start_at, ap->type.name_nb, ap->type.name_en, ap->unit.name};
	json_t *o = appt_home_model(a, loc, &brief);
	json_object_set_new(o, "day", rec_str(appt_day_text(a, loc, ap->start_at)));
	json_object_set_new(o, "time", rec_str(appt_clock_text(a, loc, ap->start_at)));
	json_object_set_new(o, "end_time", rec_str(appt_clock_text(a, loc, ap->end_at)));
	json_object_set_new(o, "mode", rec_label(a, loc, "appointments.mode", ap->type.mode));
	json_object_set_new(o, "minutes", json_integer(ap->type.minutes));
	json_object_set_new(o, "fee", fee_text(loc, ap->type.fee_nok));
	json_object_set_new(o, "phone", rec_str(ap->unit.phone));
	json_object_set_new(o, "clinician", rec_str(ap->staff_name));
	json_object_set_new(o, "clinician_title", rec_str(ap->staff_title));
	json_object_set_new(o, "status", rec_label(a, loc, "appointments.status", ap->status));
	json_object_set_new(o, "cancelled", json_boolean(strcmp(ap->status, "cancelled") == 0));
	json_object_set_new(o, "moved", json_boolean(strcmp(ap->status, "moved") == 0));
	json_object_set_new(o, "booked", json_boolean(strcmp(ap->status, "booked") == 0));
	json_object_set_new(o, "reason", rec_str(ap->cancelled_reason));
	json_object_set_new(o, "has_reason", json_boolean(ap->cancelled_reason != NULL));
	const char *bring = loc == LOCALE_EN ? ap->type.what_to_bring_en : ap->type.what_to_bring_nb;
	json_object_set_new(o, "bring", rec_str(bring));
	json_object_set_new(o, "has_bring", json_boolean(bring != NULL));
	return o;
}

/* A week's heading: "Uke 48" (with the year when it is not now's). */
static json_t *week_heading(enum locale loc, date d, int this_year)
{
	int year, week = sched_iso_week(d, &year);
	const char *label = i18n_text(loc, "appointments.week");
	return year == this_year ? json_sprintf("%s %d", label, week) : json_sprintf("%s %d, %d", label, week, year);
}

/* The free slots week by week (ISO 8601 weeks), day by day:
 * [{week, key, days: [{day, key, slots: [{id, time, when, clinician}]}]}]. */
json_t *appt_days_model(arena *a, enum locale loc, const slot *slots, size_t n, bool with_clinician, unix_time now)
{
	json_t *weeks = json_array();
	json_t *week = NULL, *cur = NULL;
	date last = {0, 0, 0};
	int this_year, last_week = -1, last_year = -1;
	sched_iso_week(date_in_oslo(now), &this_year);
	for (size_t i = 0; i < n; i++) {
		date d;
		int h, m, year;
		time_in_oslo(slots[i].start_at, &d, &h, &m);
		int wk = sched_iso_week(d, &year);
		if (week == NULL || wk != last_week || year != last_year) {
			week = json_object();
			json_object_set_new(week, "week", week_heading(loc, d, this_year));
			json_object_set_new(week, "key", json_sprintf("week-%d-%d", year, wk));
			json_object_set_new(week, "days", json_array());
			json_array_append_new(weeks, week);
			last_week = wk;
			last_year = year;
			cur = NULL;
		}
		if (cur == NULL || date_to_days(d) != date_to_days(last)) {
			cur = json_object();
			json_object_set_new(cur, "day", rec_str(appt_day_text(a, loc, slots[i].start_at)));
			json_object_set_new(cur, "key", json_sprintf("day-%lld", (long long)date_to_days(d)));
			json_object_set_new(cur, "slots", json_array());
			json_array_append_new(json_object_get(week, "days"), cur);
			last = d;
		}
		json_t *s = json_object();
		json_object_set_new(s, "id", json_integer(slots[i].id));
		json_object_set_new(s, "time", rec_str(appt_clock_text(a, loc, slots[i].start_at)));
		json_object_set_new(s, "when", rec_str(i18n_time_text(a, loc, slots[i].start_at)));
		json_object_set_new(s, "clinician", rec_str(slots[i].staff_name));
		json_object_set_new(s, "with_clinician", json_boolean(with_clinician));
		json_array_append_new(json_object_get(cur, "slots"), s);
	}
	return weeks;
}

/* ---- P1 ---------------------------------------------------------------------------- */

static const char *const done_choices[] = {"booked", "cancelled", "moved", "requested", NULL};

void web_appointments(request *rq, reply *rp)
{
	ctx *x = rq->c;
	appointment *up, *past;
	size_t nup, npast;
	status st = appt_list(x, &up, &nup, &past, &npast);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_t *a1 = json_array(), *a2 = json_array();
	for (size_t i = 0; i < nup; i++)
		json_array_append_new(a1, appt_model(x->arena, x->locale, &up[i]));
	for (size_t i = 0; i < npast; i++)
		json_array_append_new(a2, appt_model(x->arena, x->locale, &past[i]));
	json_object_set_new(m, "upcoming", a1);
	json_object_set_new(m, "has_upcoming", json_boolean(nup > 0));
	json_object_set_new(m, "past", a2);
	json_object_set_new(m, "has_past", json_boolean(npast > 0));
	json_object_set_new(m, "may_book", json_boolean(authz_check(x, CAP_P2_BOOK) == ST_OK));
	json_object_set_new(m, "book_url", rec_str(web_path(web_appointment_book_start)));
	json_object_set_new(m, "video_url",
	                    rec_str(authz_check(x, CAP_P5_VIDEO) == ST_OK ? web_path(web_video_calls) : NULL));
	/* P4: earlier times offered, waiting for an answer. */
	sn_offer *offers = NULL;
	size_t noffers = 0;
	if (authz_check(x, CAP_P4_SHORT_NOTICE) == ST_OK && sn_offers(x, &offers, &noffers) != ST_OK)
		noffers = 0;
	json_object_set_new(m, "offers", appt_offers_model(x->arena, x->locale, offers, noffers));
	json_object_set_new(m, "has_offers", json_boolean(noffers > 0));
	reply_page(rq, rp, "appointments", m);
}

void web_appointment(request *rq, reply *rp)
{
	ctx *x = rq->c;
	json_t *m = rec_done_model(rq, rp, done_choices);
	if (m == NULL)
		return;
	int64_t id = req_id(rq, "id");
	appointment ap;
	appt_allowed al;
	appt_request *reqs;
	size_t nreqs;
	status st = appt_get(x, id, &ap, &al, &reqs, &nreqs);
	if (reply_failed(rq, rp, st, m))
		return;
	json_object_set_new(m, "appt", appt_model(x->arena, x->locale, &ap));
	json_object_set_new(m, "title", rec_str(appt_type_name(&ap.type, x->locale)));
	bool p3 = authz_check(x, CAP_P3_CHANGE) == ST_OK;
	json_object_set_new(m, "upcoming", json_boolean(al.upcoming));
	json_object_set_new(m, "may_change", json_boolean(p3 && al.may_change));
	json_object_set_new(m, "may_request", json_boolean(p3 && al.may_request));
	json_object_set_new(m, "request_open", json_boolean(al.request_open));
	json_object_set_new(m, "call", json_boolean(al.upcoming && (al.call || !p3)));
	json_object_set_new(m, "deadline", rec_str(i18n_time_text(x->arena, x->locale, al.deadline)));
	json_object_set_new(m, "cancel_url", rec_str(url_for(x->arena, web_appointment_cancel, id)));
	json_object_set_new(m, "change_url", rec_str(url_for(x->arena, web_appointment_change_form, id)));
	json_object_set_new(m, "request_url", rec_str(url_for(x->arena, web_appointment_request, id)));
	json_object_set_new(m, "message_max", json_integer(APPT_MESSAGE_MAX));
	checkin_state cs = appt_checkin_state(&ap, x->now);
	if (cs != CHECKIN_NONE && authz_check(x, CAP_P6_CHECK_IN) == ST_OK) {
		json_object_set_new(m, "checkin", appt_checkin_label(x->arena, x->locale, &ap, x->now));
		json_object_set_new(m, "checkin_url", rec_str(url_for(x->arena, web_appointment_checkin_form, id)));
	}
	/* P5: the call and the pre-call check for a video appointment, and
	 * whether the call took place. */
	bool video = false;
	unix_time held = 0;
	if (authz_check(x, CAP_P5_VIDEO) == ST_OK && video_appt_info(x, &ap, &video, &held) == ST_OK && video) {
		json_object_set_new(m, "video", json_boolean(al.upcoming));
		json_object_set_new(m, "video_url", rec_str(url_for(x->arena, web_video_call, id)));
		json_object_set_new(m, "video_check_url", rec_str(web_path(web_video_check)));
		if (held > 0)
			json_object_set_new(m, "video_held", rec_str(i18n_time_text(x->arena, x->locale, held)));
	}
	json_t *rl = json_array();
	for (size_t i = 0; i < nreqs; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "kind",
		                    rec_label(x->arena, x->locale, "appointments.request.kind", reqs[i].kind));
		json_object_set_new(o, "status",
		                    rec_label(x->arena, x->locale, "appointments.request.status", reqs[i].status));
		json_object_set_new(o, "sent", rec_str(i18n_time_text(x->arena, x->locale, reqs[i].created_at)));
		json_object_set_new(o, "answer", rec_str(reqs[i].answer));
		json_object_set_new(o, "has_answer", json_boolean(reqs[i].answer != NULL));
		json_array_append_new(rl, o);
	}
	json_object_set_new(m, "requests", rl);
	json_object_set_new(m, "has_requests", json_boolean(nreqs > 0));
	reply_page(rq, rp, "appointment", m);
}

/* ---- P2 ---------------------------------------------------------------------------- */

/* The units one may book at and their visit types (no query), or with
 * ?unit=&type= the free slots of one type day by day. */
static void units_page(request *rq, reply *rp)
{
	ctx *x = rq->c;
	appt_offer *offers;
	size_t n;
	status st = appt_offers(x, &offers, &n);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *units = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *u = json_object();
		json_object_set_new(u, "name", rec_str(offers[i].unit.name));
		json_t *types = json_array();
		for (size_t k = 0; k < offers[i].ntypes; k++) {
			const visit_type *t = &offers[i].types[k];
			json_t *o = json_object();
			json_object_set_new(o, "name", rec_str(appt_type_name(t, x->locale)));
			json_object_set_new(o, "mode", rec_label(x->arena, x->locale, "appointments.mode", t->mode));
			json_object_set_new(o, "minutes", json_integer(t->minutes));
			json_object_set_new(o, "fee", fee_text(x->locale, t->fee_nok));
			json_object_set_new(o, "url",
			                    json_sprintf("%s?unit=%lld&type=%lld", web_path(web_appointment_book_start),
			                                 (long long)offers[i].unit.unit_id, (long long)t->id));
			json_array_append_new(types, o);
		}
		json_object_set_new(u, "types", types);
		json_object_set_new(u, "has_types", json_boolean(offers[i].ntypes > 0));
		json_array_append_new(units, u);
	}
	json_t *m = json_object();
	json_object_set_new(m, "units", units);
	json_object_set_new(m, "has_units", json_boolean(n > 0));
	reply_page(rq, rp, "appointment_book", m);
}

void appt_form_page(request *rq, reply *rp, json_t *m, int64_t id, web_handler action, const form *f, const char *page)
{
	json_object_set_new(m, "action", rec_str(url_for(rq->c->arena, action, id)));
	json_object_set_new(m, "back", rec_str(url_for(rq->c->arena, web_appointment, id)));
	if (f != NULL)
		rec_refused(rq, rp, m, f, page);
	reply_page(rq, rp, page, m);
}

/* One line of a refusal: {text}. */
static json_t *message(json_t *text)
{
	json_t *o = json_object();
	json_object_set_new(o, "text", text);
	return o;
}

void appt_refused_page(request *rq, reply *rp, const form *f, const problems *pr, const char *back, int code)
{
	ctx *x = rq->c;
	json_t *m = json_object();
	json_t *msgs = json_array();
	for (size_t i = 0; f != NULL && i < f->nfields; i++)
		if (f->values[i].error != NULL)
			json_array_append_new(msgs,
			                      message(json_sprintf("%s: %s", i18n_text(x->locale, f->fields[i].label),
			                                           form_message(f, &f->values[i], x->locale))));
	if (f != NULL && f->form_error != NULL)
		json_array_append_new(msgs, message(rec_str(i18n_text(x->locale, f->form_error))));
	for (size_t i = 0; pr != NULL && i < pr->n; i++)
		json_array_append_new(
		    msgs, message(rec_str(appt_problem_text(x->arena, x->locale, pr->items[i].key, pr->items[i].max))));
	json_object_set_new(m, "messages", msgs);
	json_object_set_new(m, "back", rec_str(back));
	rp->status = code;
	reply_page(rq, rp, "appointment_refused", m);
}

static void refused(request *rq, reply *rp, const problems *pr, const char *back)
{
	appt_refused_page(rq, rp, NULL, pr, back, 400);
}

static const char *slots_url(arena *a, int64_t unit_id, int64_t type_id)
{
	return arena_printf(a, "%s?unit=%lld&type=%lld", web_path(web_appointment_book_start), (long long)unit_id,
	                    (long long)type_id);
}

/* The slot was just taken: 409 and the nearest free times, each a button
 * that books it (action: where the form posts; unit and type go along). */
static void taken(request *rq, reply *rp, int64_t unit_id, int64_t type_id, int64_t slot_id, const char *action,
                  const char *back)
{
	ctx *x = rq->c;
	slot *near;
	size_t n = 0;
	status st = appt_nearest(x, unit_id, type_id, slot_id, &near, &n);
	json_t *m = json_object();
	if (st == ST_OK)
		json_object_set_new(m, "free_weeks", appt_days_model(x->arena, x->locale, near, n, true, x->now));
	json_object_set_new(m, "has_nearest", json_boolean(st == ST_OK && n > 0));
	json_object_set_new(m, "action", rec_str(action));
	json_object_set_new(m, "unit", json_integer(unit_id));
	json_object_set_new(m, "type", json_integer(type_id));
	json_object_set_new(m, "is_book", json_boolean(strcmp(action, web_path(web_appointment_book)) == 0));
	json_object_set_new(m, "back", rec_str(back));
	rp->status = 409;
	reply_page(rq, rp, "appointment_taken", m);
}

static void slots_page(request *rq, reply *rp, int64_t unit_id, int64_t type_id, const form *f)
{
	ctx *x = rq->c;
	problems pr = {0};
	unit_rules u;
	visit_type vt;
	slot *slots;
	size_t n;
	status st = appt_free(x, unit_id, type_id, &pr, &u, &vt, &slots, &n);
	if (st == ST_INVALID) {
		refused(rq, rp, &pr, web_path(web_appointment_book_start));
		return;
	}
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_object_set_new(m, "unit", rec_str(u.name));
	json_object_set_new(m, "unit_id", json_integer(unit_id));
	json_object_set_new(m, "type_id", json_integer(type_id));
	json_object_set_new(m, "type", rec_str(appt_type_name(&vt, x->locale)));
	json_object_set_new(m, "mode", rec_label(x->arena, x->locale, "appointments.mode", vt.mode));
	json_object_set_new(m, "minutes", json_integer(vt.minutes));
	json_object_set_new(m, "fee", fee_text(x->locale, vt.fee_nok));
	json_object_set_new(m, "free_weeks", appt_days_model(x->arena, x->locale, slots, n, true, x->now));
	json_object_set_new(m, "has_slots", json_boolean(n > 0));
	json_object_set_new(m, "weeks", json_integer(u.booking_weeks));
	json_object_set_new(m, "action", rec_str(web_path(web_appointment_book)));
	json_object_set_new(m, "back", rec_str(web_path(web_appointment_book_start)));
	if (f != NULL)
		rec_refused(rq, rp, m, f, "appointment_slots");
	reply_page(rq, rp, "appointment_slots", m);
}

static const form_field choose_fields[] = {
    {"unit", FORM_INT, .flags = FORM_REQUIRED, .label = "appointments.field.unit", .min = 1, .max = INT64_MAX},
    {"type", FORM_INT, .flags = FORM_REQUIRED, .label = "appointments.field.type", .min = 1, .max = INT64_MAX},
};

void web_appointment_book_start(request *rq, reply *rp)
{
	ctx *x = rq->c;
	if (rq->query.len == 0) {
		units_page(rq, rp);
		return;
	}
	form q;
	if (form_parse(x->arena, choose_fields, ARRAY_LEN(choose_fields), &rq->query, &q) != ST_OK) {
		/* Not a unit and a type as numbers: no such page. */
		reply_error(rq, rp, 404);
		return;
	}
	slots_page(rq, rp, form_int(&q, "unit", 0), form_int(&q, "type", 0), NULL);
}

static const form_field book_fields[] = {
    {"unit", FORM_INT, .flags = FORM_REQUIRED, .label = "appointments.field.unit", .min = 1, .max = INT64_MAX},
    {"type", FORM_INT, .flags = FORM_REQUIRED, .label = "appointments.field.type", .min = 1, .max = INT64_MAX},
    {"slot", FORM_INT, .flags = FORM_REQUIRED, .label = "appointments.field.slot", .min = 1, .max = INT64_MAX},
    {"earlier", FORM_BOOL, .label = "appointments.field.earlier"},
};

static const form_field slot_fields[] = {
    {"slot", FORM_INT, .flags = FORM_REQUIRED, .label = "appointments.field.slot", .min = 1, .max = INT64_MAX},
};

void web_appointment_book(request *rq, reply *rp)
{
	ctx *x = rq->c;
	form f;
	status parsed = form_parse(x->arena, book_fields, ARRAY_LEN(book_fields), &rq->form, &f);
	int64_t unit_id = form_int(&f, "unit", 0), type_id = form_int(&f, "type", 0);
	if (parsed != ST_OK) {
		if (unit_id > 0 && type_id > 0) {
			slots_page(rq, rp, unit_id, type_id, &f);
			return;
		}
		problems pr = {0};
		problems_add(&pr, "slot", "appointments.error.choose_slot", 0);
		refused(rq, rp, &pr, web_path(web_appointment_book_start));
		return;
	}
	problems pr = {0};
	int64_t id = 0, slot_id = form_int(&f, "slot", 0);
	status st = appt_book(x, unit_id, type_id, slot_id, form_bool(&f, "earlier"), &pr, &id);
	const char *back = slots_url(x->arena, unit_id, type_id);
	switch (st) {
	case ST_OK: reply_redirect(rq, rp, rec_done_url(x->arena, web_appointment, id, "booked")); return;
	case ST_INVALID: refused(rq, rp, &pr, back); return;
	case ST_CONFLICT: taken(rq, rp, unit_id, type_id, slot_id, web_path(web_appointment_book), back); return;
	default: reply_status(rq, rp, st);
	}
}

/* ---- P3 ---------------------------------------------------------------------------- */

void web_appointment_cancel(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	if (form_parse(x->arena, NULL, 0, &rq->form, &f) != ST_OK) {
		reply_error(rq, rp, 400);
		return;
	}
	problems pr = {0};
	status st = appt_cancel(x, id, &pr);
	if (st == ST_INVALID) {
		refused(rq, rp, &pr, url_for(x->arena, web_appointment, id));
		return;
	}
	reply_posted(rq, rp, st, rec_done_url(x->arena, web_appointment, id, "cancelled"));
}

static void change_page(request *rq, reply *rp, const form *f)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	appointment ap;
	slot *slots;
	size_t n;
	problems pr = {0};
	status st = appt_change_options(x, id, &ap, &slots, &n, &pr);
	if (st == ST_INVALID) {
		/* A page that says why this appointment cannot be moved here. */
		appt_refused_page(rq, rp, NULL, &pr, url_for(x->arena, web_appointment, id), f != NULL ? 400 : 200);
		return;
	}
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_object_set_new(m, "appt", appt_model(x->arena, x->locale, &ap));
	json_object_set_new(m, "free_weeks", appt_days_model(x->arena, x->locale, slots, n, true, x->now));
	json_object_set_new(m, "has_slots", json_boolean(n > 0));
	appt_form_page(rq, rp, m, id, web_appointment_change, f, "appointment_change");
}

void web_appointment_change_form(request *rq, reply *rp)
{
	change_page(rq, rp, NULL);
}

void web_appointment_change(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	if (form_parse(x->arena, slot_fields, ARRAY_LEN(slot_fields), &rq->form, &f) != ST_OK) {
		change_page(rq, rp, &f);
		return;
	}
	problems pr = {0};
	int64_t new_id = 0, slot_id = form_int(&f, "slot", 0);
	status st = appt_move(x, id, slot_id, &pr, &new_id);
	const char *back = url_for(x->arena, web_appointment_change_form, id);
	switch (st) {
	case ST_OK: reply_redirect(rq, rp, rec_done_url(x->arena, web_appointment, new_id, "moved")); return;
	case ST_INVALID: refused(rq, rp, &pr, url_for(x->arena, web_appointment, id)); return;
	case ST_CONFLICT: {
		appointment ap;
		appt_allowed al;
		appt_request *reqs;
		size_t nreqs;
		if (appt_get(x, id, &ap, &al, &reqs, &nreqs) != ST_OK) {
			reply_status(rq, rp, ST_CONFLICT);
			return;
		}
		taken(rq, rp, ap.unit_id, ap.type.id, slot_id, url_for(x->arena, web_appointment_change, id), back);
		return;
	}
	default: reply_status(rq, rp, st);
	}
}

static const char *const kind_choices[] = {"change", "cancel", NULL};

static const form_field request_fields[] = {
    {"kind", FORM_ENUM, .flags = FORM_REQUIRED, .label = "appointments.field.kind", .choices = kind_choices},
    {"message", FORM_TEXT, .label = "appointments.field.message", .max = APPT_MESSAGE_MAX,
     .charset = FORM_CHARS_MULTILINE},
};

void web_appointment_request(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	problems pr = {0};
	const char *back = url_for(x->arena, web_appointment, id);
	if (form_parse(x->arena, request_fields, ARRAY_LEN(request_fields), &rq->form, &f) != ST_OK) {
		for (size_t i = 0; i < f.nfields; i++)
			if (f.values[i].error != NULL)
				problems_add(&pr, f.fields[i].name, f.values[i].error, f.values[i].err_max);
		if (pr.n == 0)
			problems_add(&pr, "kind", "form.error.unknown_field", 0);
		refused(rq, rp, &pr, back);
		return;
	}
	status st = appt_send_request(x, id, form_text(&f, "kind"), form_text(&f, "message"), &pr);
	if (st == ST_INVALID) {
		refused(rq, rp, &pr, back);
		return;
	}
	reply_posted(rq, rp, st, rec_done_url(x->arena, web_appointment, id, "requested"));
}

/* ---- A3: the home page ------------------------------------------------------------- */

/* A home page shows a glimpse; /appointments shows all. */
enum { HOME_APPOINTMENTS = 3 };

void web_home_appointments(request *rq, json_t *m)
{
	ctx *x = rq->c;
	if (authz_check(x, CAP_P1_APPOINTMENTS) != ST_OK)
		return;
	appointment_brief *up;
	size_t n;
	if (appt_upcoming(x, HOME_APPOINTMENTS, &up, &n) != ST_OK)
		return;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, appt_home_model(x->arena, x->locale, &up[i]));
	json_object_set_new(m, "home_appointments", arr);
	json_object_set_new(m, "home_appointments_shown", json_true());
	json_object_set_new(m, "home_has_appointments", json_boolean(n > 0));
}
