/* appointments_staff.c (web) — schedules and appointments in the staff
 * workspace (SPEC.md W2, W3), per unit in the role held there.
 *
 * GET /staff/schedules (the units where one keeps schedules),
 * GET /staff/schedules/:unit?day=YYYY-MM-DD&staff=ID (one day's slots and
 * appointments, the unit's rules, visit types and templates), the forms
 * that post to it (generate from templates, a one-off slot, a template
 * line, a visit type, the rules, booking a free slot for a patient by
 * identity number), POST /staff/slots/:id/block, POST
 * /staff/appointments/:id/cancel and .../move, and the change/cancel
 * request queue GET /staff/queues/appointments with POST .../:id/answer.
 * A unit, slot or appointment outside one's units is 404; a unit where one
 * works in a role without schedules is 403. */
#include <stdio.h>
#include <string.h>

#include "domain/appointments.h"
#include "domain/chart.h"
#include "domain/schedule.h"
#include "web/appointments_view.h"
#include "web/form.h"
#include "web/i18n.h"
#include "web/pages.h"
#include "web/record_page.h"

static const char *const done_choices[] = {
    "generated",        "slot",      "template", "type",     "rules",       "blocked",      "freed",
    "booked",           "cancelled", "moved",    "conflict", "type_edited", "type_retired", "template_edited",
    "template_retired", NULL};

static const form_field day_query[] = {
    {"day", FORM_DATE, .label = "schedule.field.day"},
    {"staff", FORM_INT, .label = "schedule.field.staff", .min = 1, .max = INT64_MAX},
    {"done", FORM_ENUM, .label = "record.done", .choices = done_choices},
    {"added", FORM_INT, .label = "record.done", .min = 0, .max = INT64_MAX},
    {"removed", FORM_INT, .label = "record.done", .min = 0, .max = INT64_MAX},
};

void web_staff_schedules(request *rq, reply *rp)
{
	ctx *x = rq->c;
	unit_rules *units;
	size_t n;
	status st = appt_staff_units(x, &units, &n);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "name", rec_str(units[i].name));
		json_object_set_new(o, "url", rec_str(url_for(x->arena, web_staff_schedule, units[i].unit_id)));
		json_array_append_new(list, o);
	}
	json_t *m = json_object();
	json_object_set_new(m, "units", list);
	json_object_set_new(m, "has_units", json_boolean(n > 0));
	reply_page(rq, rp, "staff_schedules", m);
}

/* The schedule page's address for a day (and clinician), with ?done. */
static const char *day_url(arena *a, int64_t unit_id, date day, int64_t staff_id, const char *done)
{
	char iso[11];
	date_format(day, iso);
	const char *u = arena_printf(a, "%s?day=%s", url_for(a, web_staff_schedule, unit_id), iso);
	if (staff_id > 0)
		u = arena_printf(a, "%s&staff=%lld", u, (long long)staff_id);
	return done != NULL ? arena_printf(a, "%s&done=%s", u, done) : u;
}

static json_t *slot_row(request *rq, const appt_day *d, const slot *s, int64_t unit_id)
{
	ctx *x = rq->c;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(s->id));
	json_object_set_new(o, "time", rec_str(appt_clock_text(x->arena, x->locale, s->start_at)));
	json_object_set_new(o, "end", rec_str(appt_clock_text(x->arena, x->locale, s->end_at)));
	json_object_set_new(o, "clinician", rec_str(s->staff_name));
	json_object_set_new(o, "blocked", json_boolean(s->blocked));
	json_object_set_new(o, "free", json_boolean(!s->blocked && s->booked_appointment == 0));
	json_object_set_new(o, "past", json_boolean(s->start_at <= x->now));
	json_object_set_new(o, "block_url", rec_str(url_for(x->arena, web_staff_slot_block, s->id)));
	json_object_set_new(o, "book_url", rec_str(url_for(x->arena, web_staff_schedule_book, unit_id)));
	for (size_t i = 0; i < d->nappts; i++) {
		const appointment *ap = &d->appts[i];
		if (ap->slot_id != s->id)
			continue;
		json_t *a = appt_model(x->arena, x->locale, ap);
		json_object_set_new(a, "patient", rec_str(ap->patient_name));
		json_object_set_new(a, "nin", rec_str(ap->patient_nin));
		json_object_set_new(a, "cancel_url", rec_str(url_for(x->arena, web_staff_appointment_cancel, ap->id)));
		json_object_set_new(a, "move_url", rec_str(url_for(x->arena, web_staff_appointment_move, ap->id)));
		json_object_set_new(a, "checkin", appt_checkin_label(x->arena, x->locale, ap, x->now));
		json_object_set_new(o, "appt", a);
	}
	return o;
}

static const char *const mode_choices[] = {"in_person", "video", "phone", NULL};
static const char *const category_choices[] = {"consultation", "team_meeting", "home_care_visit", NULL};

static bool has_id(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* The unit's clinicians as options, those in `chosen` marked; vt_id names
 * the form they belong to (a type's id, or "new"). */
static json_t *clinician_choices(const appt_day *d, const int64_t *chosen, size_t nchosen, json_t *vt_id)
{
	json_t *list = json_array();
	for (size_t i = 0; i < d->nclinicians; i++)
		json_array_append_new(list,
		                      json_pack("{s:I,s:o,s:b,s:O}", "id", (json_int_t)d->clinicians[i].staff_id,
		                                "name", rec_str(d->clinicians[i].name), "chosen",
		                                has_id(chosen, nchosen, d->clinicians[i].staff_id), "vt_id", vt_id));
	json_decref(vt_id);
	return list;
}

static json_t *weekday_choices(arena *a, enum locale loc, int chosen)
{
	json_t *list = json_array();
	for (int i = 1; i <= 7; i++)
		json_array_append_new(list,
		                      json_pack("{s:i,s:o,s:b}", "n", i, "name",
		                                rec_label(a, loc, "appointments.weekday", arena_printf(a, "%d", i)),
		                                "chosen", i == chosen));
	return list;
}

/* The active visit types a template line may be for, `chosen` marked. */
static json_t *line_type_choices(enum locale loc, const appt_day *d, int64_t chosen)
{
	json_t *list = json_array();
	for (size_t i = 0; i < d->ntypes; i++)
		if (d->types[i].active)
			json_array_append_new(list, json_pack("{s:I,s:o,s:b}", "id", (json_int_t)d->types[i].id, "name",
			                                      rec_str(appt_type_name(&d->types[i], loc)), "chosen",
			                                      d->types[i].id == chosen));
	return list;
}

/* An enum's values with their labels (catalog prefix), `chosen` marked. */
static json_t *choices_of(arena *a, enum locale loc, const char *prefix, const char *const *values, const char *chosen)
{
	json_t *list = json_array();
	for (size_t i = 0; values[i] != NULL; i++)
		json_array_append_new(list, json_pack("{s:s,s:o,s:b}", "value", values[i], "name",
		                                      rec_label(a, loc, prefix, values[i]), "chosen",
		                                      chosen != NULL && strcmp(chosen, values[i]) == 0));
	return list;
}

static const char *hhmm(arena *a, int minute)
{
	return arena_printf(a, "%02d:%02d", minute / 60, minute % 60);
}

/* A visit type as listed, with its edit and retire forms' values. */
static json_t *type_model(request *rq, const appt_day *d, size_t i, int64_t unit_id)
{
	ctx *x = rq->c;
	arena *a = x->arena;
	enum locale loc = x->locale;
	const visit_type *t = &d->types[i];
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(t->id));
	json_object_set_new(o, "name", rec_str(appt_type_name(t, loc)));
	json_object_set_new(o, "name_nb", rec_str(t->name_nb));
	json_object_set_new(o, "name_en", rec_str(t->name_en));
	json_object_set_new(o, "mode", rec_label(a, loc, "appointments.mode", t->mode));
	json_object_set_new(o, "category", rec_label(a, loc, "appointments.category", t->category));
	json_object_set_new(o, "minutes", json_integer(t->minutes));
	json_object_set_new(o, "fee", json_integer(t->fee_nok));
	json_object_set_new(o, "self_bookable", json_boolean(t->self_bookable));
	json_object_set_new(o, "check_in", json_boolean(t->check_in));
	json_object_set_new(o, "active", json_boolean(t->active));
	json_object_set_new(o, "bring_nb", rec_str(t->what_to_bring_nb));
	json_object_set_new(o, "bring_en", rec_str(t->what_to_bring_en));
	json_object_set_new(o, "modes", choices_of(a, loc, "appointments.mode", mode_choices, t->mode));
	json_object_set_new(o, "categories",
	                    choices_of(a, loc, "appointments.category", category_choices, t->category));
	json_object_set_new(o, "offered_by",
	                    clinician_choices(d, d->type_clinicians[i], d->ntype_clinicians[i], json_integer(t->id)));
	json_object_set_new(o, "edit_url", rec_str(url_for(a, web_staff_schedule_type_edit, unit_id, t->id)));
	json_object_set_new(o, "retire_url", rec_str(url_for(a, web_staff_schedule_type_retire, unit_id, t->id)));
	return o;
}

/* A template line as listed, with its edit and retire forms' values. */
static json_t *template_model(request *rq, const appt_day *d, const schedule_template *t, int64_t unit_id)
{
	ctx *x = rq->c;
	arena *a = x->arena;
	enum locale loc = x->locale;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(t->id));
	json_object_set_new(o, "clinician", rec_str(t->staff_name));
	json_object_set_new(o, "weekday", rec_label(a, loc, "appointments.weekday", arena_printf(a, "%d", t->weekday)));
	json_object_set_new(o, "from", rec_str(hhmm(a, t->start_minute)));
	json_object_set_new(o, "to", rec_str(hhmm(a, t->end_minute)));
	json_object_set_new(o, "slot_minutes", json_integer(t->slot_minutes));
	json_object_set_new(o, "clinicians", clinician_choices(d, &t->staff_id, 1, json_integer(t->id)));
	json_object_set_new(o, "weekdays", weekday_choices(a, loc, t->weekday));
	json_object_set_new(o, "line_types", line_type_choices(loc, d, t->visit_type_id));
	json_object_set_new(o, "any_type", json_boolean(t->visit_type_id == 0));
	json_object_set_new(o, "edit_url", rec_str(url_for(a, web_staff_schedule_template_edit, unit_id, t->id)));
	json_object_set_new(o, "retire_url", rec_str(url_for(a, web_staff_schedule_template_retire, unit_id, t->id)));
	return o;
}

static void schedule_page(request *rq, reply *rp, int64_t unit_id, date day, int64_t staff_id, const char *done,
                          int64_t added, int64_t removed)
{
	ctx *x = rq->c;
	appt_day d;
	status st = appt_staff_day(x, unit_id, day, staff_id, &d);
	if (reply_failed(rq, rp, st, NULL))
		return;
	arena *a = x->arena;
	enum locale loc = x->locale;
	json_t *m = json_object();
	json_object_set_new(m, "unit", rec_str(d.unit.name));
	json_object_set_new(m, "role", rec_label(a, loc, "staff.role", d.role));
	json_object_set_new(m, "unit_id", json_integer(unit_id));
	char iso[11];
	date_format(day, iso);
	json_object_set_new(m, "day", rec_str(appt_day_text(a, loc, oslo_day_start(day) + 12 * 3600)));
	json_object_set_new(m, "day_iso", rec_str(iso));
	json_object_set_new(m, "prev_url",
	                    rec_str(day_url(a, unit_id, date_from_days(date_to_days(day) - 1), staff_id, NULL)));
	json_object_set_new(m, "next_url",
	                    rec_str(day_url(a, unit_id, date_from_days(date_to_days(day) + 1), staff_id, NULL)));
	json_object_set_new(m, "self_url", rec_str(url_for(a, web_staff_schedule, unit_id)));
	json_object_set_new(m, "checkins_url", rec_str(url_for(a, web_staff_checkins, unit_id)));
	json_object_set_new(m, "short_notice_url", rec_str(url_for(a, web_staff_short_notice, unit_id)));
	json_object_set_new(m, "closures_url", rec_str(url_for(a, web_staff_closures, unit_id)));
	if (done != NULL)
		json_object_set_new(m, arena_printf(a, "done_%s", done), json_true());
	json_object_set_new(m, "added", json_integer(added));
	json_object_set_new(m, "removed", json_integer(removed));

	json_t *slots = json_array(), *free_slots = json_array();
	for (size_t i = 0; i < d.nslots; i++) {
		json_array_append_new(slots, slot_row(rq, &d, &d.slots[i], unit_id));
		if (!d.slots[i].blocked && d.slots[i].booked_appointment == 0 && d.slots[i].start_at > x->now) {
			json_t *f = json_object();
			json_object_set_new(f, "id", json_integer(d.slots[i].id));
			json_object_set_new(f, "label",
			                    json_sprintf("%s, %s", appt_clock_text(a, loc, d.slots[i].start_at),
			                                 d.slots[i].staff_name));
			json_array_append_new(free_slots, f);
		}
	}
	json_object_set_new(m, "slots", slots);
	json_object_set_new(m, "has_slots", json_boolean(d.nslots > 0));
	json_object_set_new(m, "free_slots", free_slots);
	json_object_set_new(m, "has_free", json_boolean(json_array_size(free_slots) > 0));
	json_object_set_new(m, "more", json_boolean(d.more));

	json_t *types = json_array(), *bookable = json_array();
	for (size_t i = 0; i < d.ntypes; i++) {
		json_array_append_new(types, type_model(rq, &d, i, unit_id));
		if (d.types[i].active)
			json_array_append_new(bookable, json_pack("{s:I,s:o}", "id", (json_int_t)d.types[i].id, "name",
			                                          rec_str(appt_type_name(&d.types[i], loc))));
	}
	json_object_set_new(m, "types", types);
	json_object_set_new(m, "bookable_types", bookable);
	json_t *tpls = json_array();
	for (size_t i = 0; i < d.ntemplates; i++)
		json_array_append_new(tpls, template_model(rq, &d, &d.templates[i], unit_id));
	json_object_set_new(m, "templates", tpls);
	json_object_set_new(m, "clinicians", clinician_choices(&d, NULL, 0, json_string("new")));
	json_object_set_new(m, "new_line",
	                    json_pack("{s:s,s:o,s:o,s:o,s:i,s:b}", "id", "new", "clinicians",
	                              clinician_choices(&d, NULL, 0, json_string("new")), "weekdays",
	                              weekday_choices(a, loc, 0), "line_types", line_type_choices(loc, &d, 0),
	                              "slot_minutes", 20, "any_type", 1));
	json_object_set_new(m, "new_type",
	                    json_pack("{s:s,s:o,s:o,s:o,s:i,s:i}", "id", "new", "modes",
	                              choices_of(a, loc, "appointments.mode", mode_choices, NULL), "categories",
	                              choices_of(a, loc, "appointments.category", category_choices, NULL), "offered_by",
	                              clinician_choices(&d, NULL, 0, json_string("new")), "minutes", 20, "fee", 0));
	json_object_set_new(m, "has_templates", json_boolean(d.ntemplates > 0));
	json_t *rules = json_object();
	json_object_set_new(rules, "self_booking", json_boolean(d.unit.self_booking));
	json_object_set_new(rules, "self_change", json_boolean(d.unit.self_change));
	json_object_set_new(rules, "change_requests", json_boolean(d.unit.change_requests));
	json_object_set_new(rules, "deadline", json_integer(d.unit.change_deadline_hours));
	json_object_set_new(rules, "weeks", json_integer(d.unit.booking_weeks));
	json_object_set_new(rules, "phone", rec_str(d.unit.phone));
	json_object_set_new(rules, "offers", json_integer(d.unit.offer_count));
	json_object_set_new(rules, "answer_minutes", json_integer(d.unit.offer_answer_minutes));
	json_object_set_new(m, "rules", rules);
	const char *base = url_for(a, web_staff_schedule, unit_id);
	json_object_set_new(m, "generate_url", json_sprintf("%s/generate", base));
	json_object_set_new(m, "slot_url", json_sprintf("%s/slots", base));
	json_object_set_new(m, "template_url", json_sprintf("%s/templates", base));
	json_object_set_new(m, "type_url", json_sprintf("%s/types", base));
	json_object_set_new(m, "rules_url", json_sprintf("%s/rules", base));
	json_object_set_new(m, "weeks_max", json_integer(SCHED_WEEKS_MAX));
	reply_page(rq, rp, "staff_schedule", m);
}

void web_staff_schedule(request *rq, reply *rp)
{
	ctx *x = rq->c;
	form q;
	if (form_parse(x->arena, day_query, ARRAY_LEN(day_query), &rq->query, &q) != ST_OK) {
		reply_error(rq, rp, 400);
		return;
	}
	const form_value *dv = form_get(&q, "day");
	date day = dv->text != NULL ? dv->day : date_in_oslo(x->now);
	schedule_page(rq, rp, req_id(rq, "unit"), day, form_int(&q, "staff", 0), form_text(&q, "done"),
	              form_int(&q, "added", 0), form_int(&q, "removed", 0));
}

/* Answers a staff POST: ST_OK (and ST_CONFLICT where it means "changed
 * meanwhile") back to the day with a notice, ST_INVALID in words. */
static void staff_answer(request *rq, reply *rp, status st, const problems *pr, const form *f, const char *next)
{
	if (st == ST_OK) {
		reply_redirect(rq, rp, next);
		return;
	}
	if (st == ST_INVALID) {
		appt_refused_page(rq, rp, f, pr, next, 400);
		return;
	}
	reply_status(rq, rp, st);
}

static date back_day(const ctx *x, const form *f)
{
	const form_value *v = form_get(f, "day");
	return v != NULL && v->text != NULL ? v->day : date_in_oslo(x->now);
}

/* Whether the reader may work on the route's object, `param` naming it
 * ("unit" or "id"; "item", the route's :item of its :unit); answered when
 * not. A form is read only after this, so a refusal never depends on the
 * form. */
static bool may_work(request *rq, reply *rp, enum appt_object kind, const char *param)
{
	status st = strcmp(param, "item") == 0
	                ? appt_staff_item_access(rq->c, req_id(rq, "unit"), kind, req_id(rq, "item"))
	                : appt_staff_access(rq->c, kind, req_id(rq, param));
	if (st == ST_OK)
		return true;
	reply_status(rq, rp, st);
	return false;
}

/* A staff form posted to an object of a unit, read. */
struct staff_post {
	int64_t unit_id; /* the route's :unit, else the form's "unit" (0 when none) */
	form f;
	problems pr;
	status st; /* the form as read, then the change's answer */
};

/* The form's "unit" (the day page to go back to), 0 when it has none. */
static int64_t form_unit(const form *f)
{
	for (size_t i = 0; i < f->nfields; i++)
		if (strcmp(f->fields[i].name, "unit") == 0)
			return form_int(f, "unit", 0);
	return 0;
}

/* may_work, then the posted form read into *p with `fields`. */
static bool staff_post_read(request *rq, reply *rp, enum appt_object kind, const char *param, const form_field *fields,
                            size_t nfields, struct staff_post *p)
{
	if (!may_work(rq, rp, kind, param))
		return false;
	p->pr = (problems){0};
	p->st = form_parse(rq->c->arena, fields, nfields, &rq->form, &p->f);
	p->unit_id = strcmp(param, "id") != 0 ? req_id(rq, "unit") : form_unit(&p->f);
	return true;
}

/* staff_answer for a form read by staff_post_read. */
static void staff_post_answer(request *rq, reply *rp, const struct staff_post *p, const char *next)
{
	staff_answer(rq, rp, p->st, &p->pr, &p->f, next);
}

/* The day the form came from (its "day", else today), with ?done. */
static const char *back_url(const ctx *x, const struct staff_post *p, const char *done)
{
	return day_url(x->arena, p->unit_id, back_day(x, &p->f), 0, done);
}

/* A change that found the object changed meanwhile is no failure: the day
 * is shown again with done=conflict. */
static const char *done_unless_conflict(struct staff_post *p, const char *done)
{
	if (p->st != ST_CONFLICT)
		return done;
	p->st = ST_OK;
	return "conflict";
}

static const form_field generate_fields[] = {
    {"weeks", FORM_INT, .flags = FORM_REQUIRED, .label = "schedule.field.weeks", .min = 1, .max = SCHED_WEEKS_MAX},
    {"day", FORM_DATE, .label = "schedule.field.day"},
};

void web_staff_schedule_generate(request *rq, reply *rp)
{
	ctx *x = rq->c;
	struct staff_post p;
	if (!staff_post_read(rq, rp, APPT_OBJ_UNIT, "unit", generate_fields, ARRAY_LEN(generate_fields), &p))
		return;
	size_t added = 0;
	if (p.st == ST_OK)
		p.st = appt_staff_generate(x, p.unit_id, (int)form_int(&p.f, "weeks", 0), &added);
	staff_post_answer(rq, rp, &p, arena_printf(x->arena, "%s&added=%zu", back_url(x, &p, "generated"), added));
}

static const form_field slot_fields[] = {
    {"staff", FORM_INT, .flags = FORM_REQUIRED, .label = "schedule.field.staff", .min = 1, .max = INT64_MAX},
    {"day", FORM_DATE, .flags = FORM_REQUIRED, .label = "schedule.field.day"},
    {"start", FORM_TEXT, .flags = FORM_REQUIRED, .label = "schedule.field.start", .max = 5},
    {"minutes", FORM_INT, .flags = FORM_REQUIRED, .label = "schedule.field.minutes", .min = SCHED_SLOT_MIN,
     .max = SCHED_SLOT_MAX},
};

void web_staff_schedule_slot(request *rq, reply *rp)
{
	ctx *x = rq->c;
	struct staff_post p;
	if (!staff_post_read(rq, rp, APPT_OBJ_UNIT, "unit", slot_fields, ARRAY_LEN(slot_fields), &p))
		return;
	int start = minute_of_day(form_text(&p.f, "start"));
	if (p.st == ST_OK && start < 0) {
		problems_add(&p.pr, "start", "appointments.error.no_such_time", 0);
		p.st = ST_INVALID;
	}
	int64_t id = 0;
	if (p.st == ST_OK)
		p.st = appt_staff_add_slot(x, p.unit_id, form_int(&p.f, "staff", 0), form_get(&p.f, "day")->day, start,
		                           (int)form_int(&p.f, "minutes", 0), &p.pr, &id);
	if (p.st == ST_CONFLICT) {
		problems_add(&p.pr, "start", "appointments.error.slot_exists", 0);
		p.st = ST_INVALID;
	}
	staff_post_answer(rq, rp, &p, back_url(x, &p, "slot"));
}

static const form_field template_fields[] = {
    {"staff", FORM_INT, .flags = FORM_REQUIRED, .label = "schedule.field.staff", .min = 1, .max = INT64_MAX},
    {"weekday", FORM_INT, .flags = FORM_REQUIRED, .label = "schedule.field.weekday", .min = 1, .max = 7},
    {"start", FORM_TEXT, .flags = FORM_REQUIRED, .label = "schedule.field.start", .max = 5},
    {"end", FORM_TEXT, .flags = FORM_REQUIRED, .label = "schedule.field.end", .max = 5},
    {"slot_minutes", FORM_INT, .flags = FORM_REQUIRED, .label = "schedule.field.minutes", .min = SCHED_SLOT_MIN,
     .max = SCHED_SLOT_MAX},
    {"type", FORM_INT, .label = "schedule.field.type", .min = 1, .max = INT64_MAX},
    {"weeks", FORM_INT, .label = "schedule.field.weeks", .min = 1, .max = SCHED_WEEKS_MAX},
    {"day", FORM_DATE, .label = "schedule.field.day"},
};

/* The template line form read (staff_post_read), as a line: ST_INVALID
 * with a problem on start or end when either is no time of day. */
static bool read_line(request *rq, reply *rp, enum appt_object kind, const char *param, struct staff_post *p,
                      schedule_template *line)
{
	if (!staff_post_read(rq, rp, kind, param, template_fields, ARRAY_LEN(template_fields), p))
		return false;
	const form *f = &p->f;
	int start = minute_of_day(form_text(f, "start")), end = minute_of_day(form_text(f, "end"));
	if (p->st == ST_OK && (start < 0 || end < 0)) {
		problems_add(&p->pr, start < 0 ? "start" : "end", "appointments.error.no_such_time", 0);
		p->st = ST_INVALID;
	}
	*line = (schedule_template){.staff_id = form_int(f, "staff", 0),
	                            .weekday = (int)form_int(f, "weekday", 0),
	                            .start_minute = start,
	                            .end_minute = end,
	                            .slot_minutes = (int)form_int(f, "slot_minutes", 0),
	                            .visit_type_id = form_int(f, "type", 0)};
	return true;
}

void web_staff_schedule_template(request *rq, reply *rp)
{
	ctx *x = rq->c;
	struct staff_post p;
	schedule_template line;
	if (!read_line(rq, rp, APPT_OBJ_UNIT, "unit", &p, &line))
		return;
	int64_t id;
	if (p.st == ST_OK)
		p.st = appt_staff_add_template(x, p.unit_id, &line, &p.pr, &id);
	staff_post_answer(rq, rp, &p, back_url(x, &p, "template"));
}

/* The day page after an edit or retirement, with what it did to the slots. */
static const char *edited_url(const ctx *x, const struct staff_post *p, const char *done, const appt_edit_result *r)
{
	return arena_printf(x->arena, "%s&added=%zu&removed=%zu", back_url(x, p, done), r->added, r->removed);
}

void web_staff_schedule_template_edit(request *rq, reply *rp)
{
	ctx *x = rq->c;
	struct staff_post p;
	schedule_template line;
	if (!read_line(rq, rp, APPT_OBJ_LINE, "item", &p, &line))
		return;
	appt_edit_result r = {0};
	if (p.st == ST_OK)
		p.st = appt_staff_edit_template(x, p.unit_id, req_id(rq, "item"), &line,
		                                (int)form_int(&p.f, "weeks", 0), &p.pr, &r);
	staff_post_answer(rq, rp, &p, edited_url(x, &p, "template_edited", &r));
}

static const form_field retire_fields[] = {
    {"day", FORM_DATE, .label = "schedule.field.day"},
};

/* Retires the route's :item with retire and goes back to the day. */
static void retire(request *rq, reply *rp, enum appt_object kind,
                   status (*retire_fn)(const ctx *, int64_t, int64_t, appt_edit_result *), const char *done)
{
	ctx *x = rq->c;
	struct staff_post p;
	if (!staff_post_read(rq, rp, kind, "item", retire_fields, ARRAY_LEN(retire_fields), &p))
		return;
	appt_edit_result r = {0};
	if (p.st == ST_OK)
		p.st = retire_fn(x, p.unit_id, req_id(rq, "item"), &r);
	staff_post_answer(rq, rp, &p, edited_url(x, &p, done, &r));
}

void web_staff_schedule_template_retire(request *rq, reply *rp)
{
	retire(rq, rp, APPT_OBJ_LINE, appt_staff_retire_template, "template_retired");
}

void web_staff_schedule_type_retire(request *rq, reply *rp)
{
	retire(rq, rp, APPT_OBJ_TYPE, appt_staff_retire_type, "type_retired");
}

static const form_field type_fields[] = {
    {"name_nb", FORM_TEXT, .flags = FORM_REQUIRED, .label = "schedule.field.name_nb", .max = 100},
    {"name_en", FORM_TEXT, .flags = FORM_REQUIRED, .label = "schedule.field.name_en", .max = 100},
    {"minutes", FORM_INT, .flags = FORM_REQUIRED, .label = "schedule.field.minutes", .min = SCHED_SLOT_MIN,
     .max = SCHED_SLOT_MAX},
    {"mode", FORM_ENUM, .flags = FORM_REQUIRED, .label = "schedule.field.mode", .choices = mode_choices},
    {"category", FORM_ENUM, .flags = FORM_REQUIRED, .label = "schedule.field.category", .choices = category_choices},
    {"fee", FORM_INT, .flags = FORM_REQUIRED, .label = "schedule.field.fee", .min = 0, .max = 100000},
    {"self_bookable", FORM_BOOL, .label = "schedule.field.self_bookable"},
    {"check_in", FORM_BOOL, .label = "schedule.field.check_in"},
    {"what_to_bring_nb", FORM_TEXT, .label = "schedule.field.bring_nb", .max = 500, .charset = FORM_CHARS_MULTILINE},
    {"what_to_bring_en", FORM_TEXT, .label = "schedule.field.bring_en", .max = 500, .charset = FORM_CHARS_MULTILINE},
    {"clinician", FORM_TEXT, .flags = FORM_REQUIRED | FORM_REPEATED, .label = "schedule.field.clinicians", .max = 19,
     .max_count = 50},
    {"day", FORM_DATE, .label = "schedule.field.day"},
};

/* The ids of a repeated field, in the arena; a value that is no positive
 * decimal reads 0, which names no row. */
static int64_t *form_ids(arena *a, const form_value *v, size_t *n)
{
	int64_t *ids = arena_alloc(a, (v->count > 0 ? v->count : 1) * sizeof *ids);
	for (*n = 0; *n < v->count; (*n)++) {
		char *end;
		long long id = strtoll(v->items[*n], &end, 10);
		ids[*n] = *end == '\0' && id > 0 ? id : 0;
	}
	return ids;
}

/* A posted visit type form, read: the type and its clinicians' ids. */
struct type_form {
	struct staff_post p;
	visit_type type;
	int64_t *clinicians;
	size_t nclinicians;
};

static bool read_type(request *rq, reply *rp, enum appt_object kind, const char *param, struct type_form *in)
{
	struct staff_post *p = &in->p;
	if (!staff_post_read(rq, rp, kind, param, type_fields, ARRAY_LEN(type_fields), p))
		return false;
	const form *f = &p->f;
	in->clinicians = form_ids(rq->c->arena, form_get(f, "clinician"), &in->nclinicians);
	for (size_t i = 0; p->st == ST_OK && i < in->nclinicians; i++)
		if (in->clinicians[i] == 0) {
			problems_add(&p->pr, "clinician", "appointments.error.clinician", 0);
			p->st = ST_INVALID;
		}
	in->type = (visit_type){.name_nb = form_text(f, "name_nb"),
	                        .name_en = form_text(f, "name_en"),
	                        .minutes = (int)form_int(f, "minutes", 0),
	                        .mode = form_text(f, "mode"),
	                        .category = form_text(f, "category"),
	                        .fee_nok = (int)form_int(f, "fee", 0),
	                        .self_bookable = form_bool(f, "self_bookable"),
	                        .check_in = form_bool(f, "check_in"),
	                        .what_to_bring_nb = form_text(f, "what_to_bring_nb"),
	                        .what_to_bring_en = form_text(f, "what_to_bring_en")};
	return true;
}

void web_staff_schedule_type(request *rq, reply *rp)
{
	ctx *x = rq->c;
	struct type_form in;
	if (!read_type(rq, rp, APPT_OBJ_UNIT, "unit", &in))
		return;
	int64_t id;
	if (in.p.st == ST_OK)
		in.p.st = appt_staff_add_type(x, in.p.unit_id, &in.type, in.clinicians, in.nclinicians, &in.p.pr, &id);
	staff_post_answer(rq, rp, &in.p, back_url(x, &in.p, "type"));
}

void web_staff_schedule_type_edit(request *rq, reply *rp)
{
	ctx *x = rq->c;
	struct type_form in;
	if (!read_type(rq, rp, APPT_OBJ_TYPE, "item", &in))
		return;
	if (in.p.st == ST_OK)
		in.p.st = appt_staff_edit_type(x, in.p.unit_id, req_id(rq, "item"), &in.type, in.clinicians,
		                               in.nclinicians, &in.p.pr);
	staff_post_answer(rq, rp, &in.p, back_url(x, &in.p, "type_edited"));
}

static const form_field rules_fields[] = {
    {"self_booking", FORM_BOOL, .label = "schedule.field.self_booking"},
    {"self_change", FORM_BOOL, .label = "schedule.field.self_change"},
    {"change_requests", FORM_BOOL, .label = "schedule.field.change_requests"},
    {"deadline", FORM_INT, .flags = FORM_REQUIRED, .label = "schedule.field.deadline", .min = 0, .max = 336},
    {"weeks", FORM_INT, .flags = FORM_REQUIRED, .label = "schedule.field.weeks", .min = 1, .max = SCHED_WEEKS_MAX},
    {"phone", FORM_TEXT, .flags = FORM_REQUIRED, .label = "schedule.field.phone", .max = 30},
    {"offers", FORM_INT, .flags = FORM_REQUIRED, .label = "schedule.field.offers", .min = 1, .max = APPT_OFFERS_MAX},
    {"answer_minutes", FORM_INT, .flags = FORM_REQUIRED, .label = "schedule.field.answer_minutes",
     .min = APPT_ANSWER_MIN, .max = APPT_ANSWER_MAX},
    {"day", FORM_DATE, .label = "schedule.field.day"},
};

void web_staff_schedule_rules(request *rq, reply *rp)
{
	ctx *x = rq->c;
	struct staff_post p;
	if (!staff_post_read(rq, rp, APPT_OBJ_UNIT, "unit", rules_fields, ARRAY_LEN(rules_fields), &p))
		return;
	const form *f = &p.f;
	if (p.st == ST_OK) {
		unit_rules r = {.unit_id = p.unit_id,
		                .self_booking = form_bool(f, "self_booking"),
		                .self_change = form_bool(f, "self_change"),
		                .change_requests = form_bool(f, "change_requests"),
		                .change_deadline_hours = (int)form_int(f, "deadline", 0),
		                .booking_weeks = (int)form_int(f, "weeks", 0),
		                .phone = form_text(f, "phone"),
		                .offer_count = (int)form_int(f, "offers", 0),
		                .offer_answer_minutes = (int)form_int(f, "answer_minutes", 0)};
		p.st = appt_staff_set_rules(x, &r, &p.pr);
	}
	staff_post_answer(rq, rp, &p, back_url(x, &p, "rules"));
}

static const form_field block_fields[] = {
    {"blocked", FORM_BOOL, .label = "schedule.field.blocked"},
    {"day", FORM_DATE, .label = "schedule.field.day"},
    {"unit", FORM_INT, .flags = FORM_REQUIRED, .label = "schedule.field.unit", .min = 1, .max = INT64_MAX},
};

void web_staff_slot_block(request *rq, reply *rp)
{
	ctx *x = rq->c;
	struct staff_post p;
	if (!staff_post_read(rq, rp, APPT_OBJ_SLOT, "id", block_fields, ARRAY_LEN(block_fields), &p))
		return;
	bool blocked = form_bool(&p.f, "blocked");
	if (p.st == ST_OK)
		p.st = appt_staff_block(x, req_id(rq, "id"), blocked);
	staff_post_answer(rq, rp, &p, back_url(x, &p, done_unless_conflict(&p, blocked ? "blocked" : "freed")));
}

static const form_field book_fields[] = {
    {"slot", FORM_INT, .flags = FORM_REQUIRED, .label = "appointments.field.slot", .min = 1, .max = INT64_MAX},
    {"type", FORM_INT, .flags = FORM_REQUIRED, .label = "schedule.field.type", .min = 1, .max = INT64_MAX},
    {"nin", FORM_NIN, .flags = FORM_REQUIRED, .label = "schedule.field.nin"},
    {"day", FORM_DATE, .label = "schedule.field.day"},
};

void web_staff_schedule_book(request *rq, reply *rp)
{
	ctx *x = rq->c;
	struct staff_post p;
	if (!staff_post_read(rq, rp, APPT_OBJ_UNIT, "unit", book_fields, ARRAY_LEN(book_fields), &p))
		return;
	int64_t patient = 0, id = 0;
	if (p.st == ST_OK) {
		p.st = chart_lookup_anyone(x, form_text(&p.f, "nin"), &patient);
		if (p.st == ST_NOT_FOUND || p.st == ST_INVALID) {
			problems_add(&p.pr, "nin", "appointments.error.not_patient_staff", 0);
			p.st = ST_INVALID;
		}
	}
	if (p.st == ST_OK)
		p.st = appt_staff_book(x, patient, form_int(&p.f, "slot", 0), form_int(&p.f, "type", 0), &p.pr, &id);
	staff_post_answer(rq, rp, &p, back_url(x, &p, done_unless_conflict(&p, "booked")));
}

static const form_field cancel_fields[] = {
    {"reason", FORM_TEXT, .flags = FORM_REQUIRED, .label = "schedule.field.reason", .max = APPT_REASON_MAX,
     .charset = FORM_CHARS_MULTILINE},
    {"day", FORM_DATE, .label = "schedule.field.day"},
    {"unit", FORM_INT, .flags = FORM_REQUIRED, .label = "schedule.field.unit", .min = 1, .max = INT64_MAX},
};

void web_staff_appointment_cancel(request *rq, reply *rp)
{
	ctx *x = rq->c;
	struct staff_post p;
	if (!staff_post_read(rq, rp, APPT_OBJ_APPOINTMENT, "id", cancel_fields, ARRAY_LEN(cancel_fields), &p))
		return;
	if (p.st == ST_OK)
		p.st = appt_staff_cancel(x, req_id(rq, "id"), form_text(&p.f, "reason"), &p.pr);
	staff_post_answer(rq, rp, &p, back_url(x, &p, "cancelled"));
}

static const form_field move_fields[] = {
    {"slot", FORM_INT, .flags = FORM_REQUIRED, .label = "appointments.field.slot", .min = 1, .max = INT64_MAX},
    {"day", FORM_DATE, .label = "schedule.field.day"},
    {"unit", FORM_INT, .flags = FORM_REQUIRED, .label = "schedule.field.unit", .min = 1, .max = INT64_MAX},
};

void web_staff_appointment_move(request *rq, reply *rp)
{
	ctx *x = rq->c;
	struct staff_post p;
	if (!staff_post_read(rq, rp, APPT_OBJ_APPOINTMENT, "id", move_fields, ARRAY_LEN(move_fields), &p))
		return;
	int64_t new_id;
	if (p.st == ST_OK)
		p.st = appt_staff_move(x, req_id(rq, "id"), form_int(&p.f, "slot", 0), &p.pr, &new_id);
	staff_post_answer(rq, rp, &p, back_url(x, &p, done_unless_conflict(&p, "moved")));
}

/* ---- the request queue (W3) ------------------------------------------------------ */

static const char *const queue_done_choices[] = {"accepted", "refused", "conflict", NULL};

void web_staff_appointment_queue(request *rq, reply *rp)
{
	ctx *x = rq->c;
	json_t *m = rec_done_model(rq, rp, queue_done_choices);
	if (m == NULL)
		return;
	appt_request *items;
	size_t n;
	bool more;
	status st = appt_staff_requests(x, &items, &n, &more);
	if (reply_failed(rq, rp, st, m))
		return;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const appt_request *r = &items[i];
		json_t *o = appt_model(x->arena, x->locale, &r->appt);
		json_object_set_new(o, "request_id", json_integer(r->id));
		json_object_set_new(o, "patient", rec_str(r->appt.patient_name));
		json_object_set_new(o, "nin", rec_str(r->appt.patient_nin));
		json_object_set_new(o, "kind", rec_label(x->arena, x->locale, "appointments.request.kind", r->kind));
		json_object_set_new(o, "is_change", json_boolean(strcmp(r->kind, "change") == 0));
		json_object_set_new(o, "message", rec_str(r->message));
		json_object_set_new(o, "has_message", json_boolean(r->message != NULL));
		json_object_set_new(o, "sent", rec_str(i18n_time_text(x->arena, x->locale, r->created_at)));
		json_object_set_new(o, "answer_url", rec_str(url_for(x->arena, web_staff_appointment_answer, r->id)));
		json_object_set_new(o, "schedule_url", rec_str(url_for(x->arena, web_staff_schedule, r->unit_id)));
		json_array_append_new(list, o);
	}
	json_object_set_new(m, "items", list);
	json_object_set_new(m, "listed", json_boolean(n > 0));
	json_object_set_new(m, "more", json_boolean(more));
	reply_page(rq, rp, "staff_appointment_queue", m);
}

static const char *const decision_choices[] = {"accept", "refuse", NULL};

static const form_field answer_fields[] = {
    {"decision", FORM_ENUM, .flags = FORM_REQUIRED, .label = "schedule.field.decision", .choices = decision_choices},
    {"slot", FORM_INT, .label = "appointments.field.slot", .min = 1, .max = INT64_MAX},
    {"answer", FORM_TEXT, .label = "schedule.field.answer", .max = APPT_MESSAGE_MAX, .charset = FORM_CHARS_MULTILINE},
};

void web_staff_appointment_answer(request *rq, reply *rp)
{
	ctx *x = rq->c;
	struct staff_post p;
	if (!staff_post_read(rq, rp, APPT_OBJ_REQUEST, "id", answer_fields, ARRAY_LEN(answer_fields), &p))
		return;
	bool accept = form_has(&p.f, "decision", "accept");
	if (p.st == ST_OK)
		p.st = appt_staff_answer(x, req_id(rq, "id"), accept, form_int(&p.f, "slot", 0),
		                         form_text(&p.f, "answer"), &p.pr);
	const char *done = done_unless_conflict(&p, accept ? "accepted" : "refused");
	staff_post_answer(rq, rp, &p,
	                  arena_printf(x->arena, "%s?done=%s", web_path(web_staff_appointment_queue), done));
}

/* ---- closures and absences (W2) ----------------------------------------------------- */

static const char *const closure_done_choices[] = {"added", "removed", "cancelled", NULL};

static const form_field closures_query[] = {
    {"done", FORM_ENUM, .label = "record.done", .choices = closure_done_choices},
    {"removed", FORM_INT, .label = "record.done", .min = 0, .max = INT64_MAX},
    {"cancelled", FORM_INT, .label = "record.done", .min = 0, .max = INT64_MAX},
};

/* A closure's span in words: its days, with the times where it does not
 * begin or end at midnight. */
static const char *span_text(arena *a, enum locale loc, unix_time start, unix_time end)
{
	date first = date_in_oslo(start), last = date_in_oslo(end - 1);
	bool whole = oslo_day_start(first) == start && oslo_day_start(date_from_days(date_to_days(last) + 1)) == end;
	const char *from = appt_day_text(a, loc, start), *to = appt_day_text(a, loc, end - 1);
	if (!whole && date_to_days(first) == date_to_days(date_in_oslo(end)))
		return arena_printf(a, "%s %s–%s", from, appt_clock_text(a, loc, start), appt_clock_text(a, loc, end));
	if (!whole)
		return arena_printf(a, "%s %s – %s %s", from, appt_clock_text(a, loc, start),
		                    appt_day_text(a, loc, end), appt_clock_text(a, loc, end));
	return date_to_days(first) == date_to_days(last) ? from : arena_printf(a, "%s – %s", from, to);
}

static json_t *closure_hit(request *rq, const appointment *ap, int64_t unit_id)
{
	ctx *x = rq->c;
	json_t *o = appt_model(x->arena, x->locale, ap);
	json_object_set_new(o, "patient", rec_str(ap->patient_name));
	json_object_set_new(o, "nin", rec_str(ap->patient_nin));
	json_object_set_new(o, "act_url",
	                    json_sprintf("%s#slot-%lld",
	                                 day_url(x->arena, unit_id, date_in_oslo(ap->start_at), 0, NULL),
	                                 (long long)ap->slot_id));
	return o;
}

void web_staff_closures(request *rq, reply *rp)
{
	ctx *x = rq->c;
	form q;
	if (form_parse(x->arena, closures_query, ARRAY_LEN(closures_query), &rq->query, &q) != ST_OK) {
		reply_error(rq, rp, 400);
		return;
	}
	int64_t unit_id = req_id(rq, "unit");
	appt_closures l;
	status st = appt_staff_closures(x, unit_id, &l);
	if (reply_failed(rq, rp, st, NULL))
		return;
	arena *a = x->arena;
	json_t *m = json_object();
	const char *done = form_text(&q, "done");
	if (done != NULL)
		json_object_set_new(m, arena_printf(a, "done_%s", done), json_true());
	json_object_set_new(m, "removed", json_integer(form_int(&q, "removed", 0)));
	json_object_set_new(m, "cancelled", json_integer(form_int(&q, "cancelled", 0)));
	json_object_set_new(m, "reason_max", json_integer(APPT_REASON_MAX));
	json_object_set_new(m, "unit", rec_str(l.unit.name));
	json_object_set_new(m, "back", rec_str(url_for(a, web_staff_schedule, unit_id)));
	json_object_set_new(m, "add_url", rec_str(url_for(a, web_staff_closure_add, unit_id)));
	json_t *list = json_array();
	for (size_t i = 0; i < l.nclosures; i++) {
		const closure *k = &l.closures[i];
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(k->id));
		json_object_set_new(o, "who",
		                    k->staff_name != NULL ? rec_str(k->staff_name)
		                                          : rec_str(i18n_text(x->locale, "closures.whole_unit")));
		json_object_set_new(o, "span", rec_str(span_text(a, x->locale, k->starts_at, k->ends_at)));
		json_object_set_new(o, "reason", rec_str(k->reason));
		json_object_set_new(o, "remove_url", rec_str(url_for(a, web_staff_closure_remove, unit_id, k->id)));
		json_object_set_new(o, "cancel_url", rec_str(url_for(a, web_staff_closure_cancel, unit_id, k->id)));
		json_t *hits = json_array();
		for (size_t j = 0; j < l.nhits[i]; j++)
			json_array_append_new(hits, closure_hit(rq, &l.hits[i][j], unit_id));
		json_object_set_new(o, "hits", hits);
		json_object_set_new(o, "has_hits", json_boolean(l.nhits[i] > 0));
		json_array_append_new(list, o);
	}
	json_object_set_new(m, "closures", list);
	json_object_set_new(m, "has_closures", json_boolean(l.nclosures > 0));
	json_t *clin = json_array();
	for (size_t i = 0; i < l.nclinicians; i++)
		json_array_append_new(clin, json_pack("{s:I,s:o}", "id", (json_int_t)l.clinicians[i].staff_id, "name",
		                                      rec_str(l.clinicians[i].name)));
	json_object_set_new(m, "clinicians", clin);
	reply_page(rq, rp, "staff_closures", m);
}

static const form_field closure_fields[] = {
    {"staff", FORM_INT, .label = "closures.field.who", .min = 1, .max = INT64_MAX},
    {"from", FORM_DATE, .flags = FORM_REQUIRED, .label = "closures.field.from"},
    {"from_time", FORM_TEXT, .label = "closures.field.from_time", .max = 5},
    {"to", FORM_DATE, .flags = FORM_REQUIRED, .label = "closures.field.to"},
    {"to_time", FORM_TEXT, .label = "closures.field.to_time", .max = 5},
    {"reason", FORM_TEXT, .label = "closures.field.reason", .max = APPT_CLOSURE_REASON_MAX},
};

/* An optional "HH:MM": -1 when left out, -2 when it is no time of day. */
static int optional_minute(const form *f, const char *name)
{
	const char *s = form_text(f, name);
	if (s == NULL)
		return -1;
	int m = minute_of_day(s);
	return m < 0 ? -2 : m;
}

void web_staff_closure_add(request *rq, reply *rp)
{
	ctx *x = rq->c;
	struct staff_post p;
	if (!staff_post_read(rq, rp, APPT_OBJ_UNIT, "unit", closure_fields, ARRAY_LEN(closure_fields), &p))
		return;
	const form *f = &p.f;
	int from_minute = optional_minute(f, "from_time"), to_minute = optional_minute(f, "to_time");
	closure k = {.staff_id = form_int(f, "staff", 0), .reason = form_text(f, "reason")};
	if (p.st == ST_OK && (from_minute == -2 || to_minute == -2)) {
		problems_add(&p.pr, from_minute == -2 ? "from_time" : "to_time", "appointments.error.no_such_time", 0);
		p.st = ST_INVALID;
	}
	if (p.st == ST_OK && !sched_span(form_get(f, "from")->day, from_minute, form_get(f, "to")->day, to_minute,
	                                 &k.starts_at, &k.ends_at)) {
		problems_add(&p.pr, "to", "appointments.error.closure_span", 0);
		p.st = ST_INVALID;
	}
	appt_edit_result r = {0};
	int64_t id;
	if (p.st == ST_OK)
		p.st = appt_staff_add_closure(x, p.unit_id, &k, &p.pr, &r, &id);
	staff_post_answer(rq, rp, &p,
	                  arena_printf(x->arena, "%s?done=added&removed=%zu",
	                               url_for(x->arena, web_staff_closures, p.unit_id), r.removed));
}

void web_staff_closure_remove(request *rq, reply *rp)
{
	ctx *x = rq->c;
	if (!may_work(rq, rp, APPT_OBJ_UNIT, "unit"))
		return;
	int64_t unit_id = req_id(rq, "unit");
	status st = appt_staff_remove_closure(x, unit_id, req_id(rq, "item"));
	staff_answer(rq, rp, st, NULL, NULL,
	             arena_printf(x->arena, "%s?done=removed", url_for(x->arena, web_staff_closures, unit_id)));
}

static const form_field closure_cancel_fields[] = {
    {"appointment", FORM_TEXT, .flags = FORM_REPEATED, .label = "closures.field.appointments", .max = 19,
     .max_count = APPT_DAY_MAX},
    {"reason", FORM_TEXT, .flags = FORM_REQUIRED, .label = "closures.field.cancel_reason", .min = 1,
     .max = APPT_REASON_MAX, .charset = FORM_CHARS_MULTILINE},
};

/* One action for every appointment a closure hits (those ticked, all by
 * default): cancelled with a reason the patient sees. */
void web_staff_closure_cancel(request *rq, reply *rp)
{
	ctx *x = rq->c;
	struct staff_post p;
	if (!staff_post_read(rq, rp, APPT_OBJ_CLOSURE, "item", closure_cancel_fields, ARRAY_LEN(closure_cancel_fields),
	                     &p))
		return;
	size_t n, cancelled = 0;
	int64_t *ids = form_ids(x->arena, form_get(&p.f, "appointment"), &n);
	if (p.st == ST_OK)
		p.st = appt_staff_closure_cancel(x, p.unit_id, req_id(rq, "item"), ids, n, form_text(&p.f, "reason"),
		                                 &p.pr, &cancelled);
	staff_post_answer(rq, rp, &p,
	                  arena_printf(x->arena, "%s?done=cancelled&cancelled=%zu",
	                               url_for(x->arena, web_staff_closures, p.unit_id), cancelled));
}

/* ---- the chart's appointment section (W2) ---------------------------------------------- */

static json_t *chart_list(request *rq, const appointment *list, size_t n)
{
	ctx *x = rq->c;
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = appt_model(x->arena, x->locale, &list[i]);
		json_object_set_new(
		    o, "day_url",
		    json_sprintf("%s#slot-%lld",
		                 day_url(x->arena, list[i].unit_id, date_in_oslo(list[i].start_at), 0, NULL),
		                 (long long)list[i].slot_id));
		json_array_append_new(out, o);
	}
	return out;
}

void web_staff_patient_appointments(request *rq, reply *rp)
{
	ctx *x = rq->c;
	appt_chart c;
	status st = appt_staff_chart(x, req_id(rq, "id"), &c);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_object_set_new(m, "patient", rec_patient_model(x->arena, &c.patient));
	json_object_set_new(m, "upcoming", chart_list(rq, c.upcoming, c.nup));
	json_object_set_new(m, "past", chart_list(rq, c.past, c.npast));
	json_object_set_new(m, "has_upcoming", json_boolean(c.nup > 0));
	json_object_set_new(m, "has_past", json_boolean(c.npast > 0));
	reply_page(rq, rp, "staff_appointments", m);
}
