/* short_notice.c (web) — short-notice offers (SPEC.md P4).
 *
 * Citizen: GET /appointments/offers/:id (the earlier time, the appointment
 * it would replace, the deadline), POST .../accept and .../decline. An
 * answer that comes too late (taken by someone else, expired, answered, the
 * appointment changed meanwhile) is a page that says so (409) and changes
 * nothing. Another person's offer or a forged id is 404.
 * Staff: GET /staff/schedules/:unit/short-notice, the unit's list in join
 * order and every offer with its outcome and reason. */
#include <string.h>

#include "domain/appointments.h"
#include "domain/short_notice.h"
#include "web/appointments_view.h"
#include "web/i18n.h"
#include "web/pages.h"
#include "web/record_page.h"

static const char *type_name(const sn_offer *o, enum locale loc)
{
	return loc == LOCALE_NB ? o->type_nb : o->type_en;
}

static json_t *sn_offer_model(arena *a, enum locale loc, const sn_offer *o)
{
	json_t *m = json_object();
	json_object_set_new(m, "id", json_integer(o->id));
	json_object_set_new(m, "url", rec_str(url_for(a, web_short_notice_offer, o->id)));
	json_object_set_new(m, "when", rec_str(i18n_time_text(a, loc, o->slot_start)));
	json_object_set_new(m, "current", rec_str(i18n_time_text(a, loc, o->current_start)));
	json_object_set_new(m, "deadline", rec_str(i18n_time_text(a, loc, o->deadline)));
	json_object_set_new(m, "clinician", rec_str(o->staff_name));
	json_object_set_new(m, "type", rec_str(type_name(o, loc)));
	json_object_set_new(m, "unit", rec_str(o->unit_name));
	json_object_set_new(m, "patient", rec_str(o->patient_name));
	json_object_set_new(m, "status", rec_str(i18n_text(loc, arena_printf(a, "short_notice.status.%s", o->status))));
	json_object_set_new(m, "reason",
	                    o->reason != NULL
	                        ? rec_str(i18n_text(loc, arena_printf(a, "short_notice.reason.%s", o->reason)))
	                        : json_null());
	json_object_set_new(m, "answered",
	                    o->answered_at != 0 ? rec_str(i18n_time_text(a, loc, o->answered_at)) : json_null());
	json_object_set_new(m, "open", json_boolean(strcmp(o->status, "open") == 0));
	return m;
}

json_t *appt_offers_model(arena *a, enum locale loc, const sn_offer *o, size_t n)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, sn_offer_model(a, loc, &o[i]));
	return list;
}

void web_short_notice_offer(request *rq, reply *rp)
{
	ctx *x = rq->c;
	sn_offer o;
	status st = sn_offer_get(x, req_id(rq, "id"), &o);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = sn_offer_model(x->arena, x->locale, &o);
	bool open = strcmp(o.status, "open") == 0 && o.deadline > x->now;
	json_object_set_new(m, "may_answer", json_boolean(open));
	json_object_set_new(m, "accept_url", rec_str(url_for(x->arena, web_short_notice_accept, o.id)));
	json_object_set_new(m, "decline_url", rec_str(url_for(x->arena, web_short_notice_decline, o.id)));
	json_object_set_new(m, "back", rec_str(web_path(web_appointments)));
	reply_page(rq, rp, "short_notice_offer", m);
}

/* The page for an answer that came too late: what happened, nothing changed. */
static void late(request *rq, reply *rp, const sn_result *r)
{
	ctx *x = rq->c;
	json_t *m = json_object();
	json_object_set_new(m, "message",
	                    rec_str(i18n_text(x->locale, arena_printf(x->arena, "short_notice.late.%s", r->late))));
	json_object_set_new(m, "back", rec_str(web_path(web_appointments)));
	rp->status = 409;
	reply_page(rq, rp, "short_notice_late", m);
}

/* A citizen's answer to an offer (accept or decline): too late is the late
 * page (409), accepted goes to the appointment as moved, declined to the
 * appointments with a notice. */
static void answer(request *rq, reply *rp, bool accept)
{
	ctx *x = rq->c;
	sn_result r;
	int64_t id = req_id(rq, "id");
	status st = accept ? sn_accept(x, id, &r) : sn_decline(x, id, &r);
	if (st == ST_CONFLICT) {
		late(rq, rp, &r);
		return;
	}
	if (reply_failed(rq, rp, st, NULL))
		return;
	reply_redirect(rq, rp,
	               accept ? rec_done_url(x->arena, web_appointment, r.new_id, "moved")
	                      : arena_printf(x->arena, "%s?done=declined", web_path(web_appointments)));
}

void web_short_notice_accept(request *rq, reply *rp)
{
	answer(rq, rp, true);
}

void web_short_notice_decline(request *rq, reply *rp)
{
	answer(rq, rp, false);
}

void web_staff_short_notice(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t unit_id = req_id(rq, "unit");
	appt_short_notice d;
	status st = appt_staff_short_notice(x, unit_id, &d);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_object_set_new(m, "unit", rec_str(d.unit.name));
	json_object_set_new(m, "back", rec_str(url_for(x->arena, web_staff_schedule, unit_id)));
	json_object_set_new(m, "offer_count", json_integer(d.unit.offer_count));
	json_object_set_new(m, "answer_minutes", json_integer(d.unit.offer_answer_minutes));
	json_t *entries = json_array();
	for (size_t i = 0; i < d.nentries; i++) {
		json_t *e = json_object();
		json_object_set_new(e, "n", json_integer((json_int_t)i + 1));
		json_object_set_new(e, "patient", rec_str(d.entries[i].patient_name));
		json_object_set_new(e, "type",
		                    rec_str(x->locale == LOCALE_NB ? d.entries[i].type_nb : d.entries[i].type_en));
		json_object_set_new(e, "when", rec_str(i18n_time_text(x->arena, x->locale, d.entries[i].start_at)));
		json_object_set_new(e, "joined", rec_str(i18n_time_text(x->arena, x->locale, d.entries[i].joined_at)));
		json_array_append_new(entries, e);
	}
	json_object_set_new(m, "entries", entries);
	json_object_set_new(m, "has_entries", json_boolean(d.nentries > 0));
	json_t *offers = json_array();
	for (size_t i = 0; i < d.noffers; i++)
		json_array_append_new(offers, sn_offer_model(x->arena, x->locale, &d.offers[i]));
	json_object_set_new(m, "offers", offers);
	json_object_set_new(m, "has_offers", json_boolean(d.noffers > 0));
	reply_page(rq, rp, "staff_short_notice", m);
}
