/* checkin.c (web) — e-check-in (SPEC.md P6).
 *
 * GET/POST /appointments/:id/check-in: the citizen (or a representative
 * whose access kind holds P6) confirms the patient's contact details and
 * sees the questionnaires tied to the appointment, each with a link to
 * answer it; check-in is accepted once they are answered, from a week until
 * an hour before the start. GET /staff/schedules/:unit/check-in: the unit's
 * appointments that ask for check-in in the coming week and where each
 * stands. Another person's appointment or a forged id is 404, as on the
 * appointment page. */
#include <string.h>

#include "domain/appointments.h"
#include "domain/schedule.h"
#include "web/appointments_view.h"
#include "web/form.h"
#include "web/i18n.h"
#include "web/pages.h"
#include "web/record_page.h"

static const char *const state_names[] = {
    [CHECKIN_NONE] = "none",     [CHECKIN_NOT_YET] = "not_yet", [CHECKIN_OPEN] = "open",
    [CHECKIN_CLOSED] = "closed", [CHECKIN_DONE] = "done",
};

static json_t *contact_model(const contact_details *c, bool has)
{
	json_t *o = json_object();
	json_object_set_new(o, "has_contact", json_boolean(has));
	if (!has)
		return o;
	json_object_set_new(o, "phone", rec_str(c->phone));
	json_object_set_new(o, "email", rec_str(c->email));
	json_object_set_new(o, "street", rec_str(c->street));
	json_object_set_new(o, "postcode", rec_str(c->postcode));
	json_object_set_new(o, "city", rec_str(c->city));
	json_object_set_new(o, "has_address", json_boolean(c->street != NULL));
	return o;
}

static json_t *forms_model(arena *a, enum locale loc, const appt_checkin *c)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < c->nforms; i++) {
		const questionnaire_request *r = &c->forms[i];
		json_t *o = json_object();
		const char *title = loc == LOCALE_EN && r->title_en != NULL ? r->title_en : r->title_nb;
		json_object_set_new(o, "title", rec_str(title));
		json_object_set_new(o, "url", rec_str(url_for(a, web_questionnaire, r->id)));
		json_object_set_new(o, "answered", json_boolean(strcmp(r->status, "completed") == 0));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* "state" and "forms" take no input: they carry the rule's refusals, linked
 * from the error summary to the window and to the questionnaires. */
static const form_field checkin_fields[] = {
    {"confirm", FORM_BOOL, .label = "checkin.field.confirm"},
    {"state", FORM_TEXT, .label = "checkin.label", .max = 0},
    {"forms", FORM_TEXT, .label = "checkin.forms", .max = 0},
};

static void checkin_page(request *rq, reply *rp, const form *f)
{
	ctx *x = rq->c;
	json_t *m = rec_done_model(rq, rp, (const char *const[]){"checked_in", NULL});
	if (m == NULL)
		return;
	int64_t id = req_id(rq, "id");
	appt_checkin c;
	if (reply_failed(rq, rp, appt_checkin_get(x, id, &c), m))
		return;
	json_object_set_new(m, "appt", appt_model(x->arena, x->locale, &c.appt));
	json_object_set_new(m, arena_printf(x->arena, "state_%s", state_names[c.state]), json_true());
	json_object_set_new(m, "opens",
	                    rec_str(i18n_time_text(x->arena, x->locale, c.appt.start_at - CHECKIN_OPENS_S)));
	json_object_set_new(m, "closes",
	                    rec_str(i18n_time_text(x->arena, x->locale, c.appt.start_at - CHECKIN_CLOSES_S)));
	json_object_set_new(m, "checked_in", rec_str(i18n_time_text(x->arena, x->locale, c.appt.checked_in_at)));
	json_object_set_new(m, "contact", contact_model(&c.contact, c.has_contact));
	json_object_set_new(m, "own", json_boolean(x->who.person_id == x->subject_id));
	json_object_set_new(m, "forms", forms_model(x->arena, x->locale, &c));
	json_object_set_new(m, "has_forms", json_boolean(c.nforms > 0));
	json_object_set_new(m, "forms_open", json_boolean(c.open_forms > 0));
	appt_form_page(rq, rp, m, id, web_appointment_checkin, f, "appointment_checkin");
}

void web_appointment_checkin_form(request *rq, reply *rp)
{
	checkin_page(rq, rp, NULL);
}

void web_appointment_checkin(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	problems pr = {0};
	status st = form_parse(x->arena, checkin_fields, ARRAY_LEN(checkin_fields), &rq->form, &f);
	if (st == ST_OK)
		st = appt_check_in(x, id, form_bool(&f, "confirm"), &pr);
	if (st == ST_INVALID)
		form_add_problems(&f, &pr);
	if (reply_posted(rq, rp, st, rec_done_url(x->arena, web_appointment_checkin_form, id, "checked_in")))
		checkin_page(rq, rp, &f);
}

/* ---- staff ------------------------------------------------------------------------ */

void web_staff_checkins(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t unit_id = req_id(rq, "unit");
	appt_day d;
	if (reply_failed(rq, rp, appt_staff_checkins(x, unit_id, &d), NULL))
		return;
	json_t *m = json_object();
	json_object_set_new(m, "unit", rec_str(d.unit.name));
	json_object_set_new(m, "back", rec_str(url_for(x->arena, web_staff_schedule, unit_id)));
	json_t *arr = json_array();
	for (size_t i = 0; i < d.nappts; i++) {
		const appointment *ap = &d.appts[i];
		json_t *o = appt_model(x->arena, x->locale, ap);
		json_object_set_new(o, "patient", rec_str(ap->patient_name));
		json_object_set_new(o, "checkin", appt_checkin_label(x->arena, x->locale, ap, x->now));
		json_array_append_new(arr, o);
	}
	json_object_set_new(m, "appts", arr);
	json_object_set_new(m, "has_appts", json_boolean(d.nappts > 0));
	json_object_set_new(m, "more", json_boolean(d.more));
	reply_page(rq, rp, "staff_checkins", m);
}

json_t *appt_checkin_label(arena *a, enum locale loc, const appointment *ap, unix_time now)
{
	checkin_state s = appt_checkin_state(ap, now);
	if (s == CHECKIN_NONE)
		return json_null();
	if (s == CHECKIN_DONE)
		return json_sprintf("%s %s", i18n_text(loc, "checkin.state.done"),
		                    i18n_time_text(a, loc, ap->checked_in_at));
	const char *text = i18n_text_code(loc, a, "checkin.state.", state_names[s]);
	if (ap->open_forms > 0)
		return json_sprintf("%s (%s: %lld)", text, i18n_text(loc, "checkin.forms_open"),
		                    (long long)ap->open_forms);
	return json_string(text);
}
