/* visits.c (web) — past visits with their after-visit summaries (SPEC.md
 * P7), stays in municipal institutions and referrals (P8): the citizen's
 * /visits (with #stays and #referrals) and /visits/:id, and the clinician's
 * pages in the chart: visits (add one with its summary; write the note as a
 * draft, then share it), stays, and referrals with their status. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "domain/visits.h"
#include "web/i18n.h"
#include "web/pages.h"
#include "web/record_page.h"

static const char *when_text(arena *a, enum locale loc, const visit *v)
{
	const char *day = i18n_date_text(a, loc, v->visit_date);
	if (v->visit_time == NULL)
		return day;
	if (loc == LOCALE_EN)
		return arena_printf(a, "%s, %s", day, v->visit_time);
	/* Norwegian writes 09.30. */
	char t[6];
	snprintf(t, sizeof t, "%s", v->visit_time);
	if (t[2] == ':')
		t[2] = '.';
	return arena_printf(a, "%s kl. %s", day, t);
}

static json_t *visit_model(arena *a, enum locale loc, const visit *v, bool with_texts)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(v->id));
	json_object_set_new(o, "url", rec_str(url_for(a, web_visit, v->id)));
	json_object_set_new(o, "kind", rec_label(a, loc, "visits.kind", v->kind));
	json_object_set_new(o, "home_care", json_boolean(strcmp(v->kind, "home_care") == 0));
	json_object_set_new(o, "when", rec_str(when_text(a, loc, v)));
	json_object_set_new(o, "date_iso", rec_str(v->visit_date));
	json_object_set_new(o, "unit", rec_str(v->unit_name));
	json_object_set_new(o, "place", rec_str(v->place));
	json_object_set_new(o, "clinician", rec_str(v->clinician_name));
	json_object_set_new(o, "clinician_title", rec_str(v->clinician_title));
	json_object_set_new(o, "shared", json_boolean(strcmp(v->note_status, "shared") == 0));
	json_object_set_new(o, "draft", json_boolean(strcmp(v->note_status, "draft") == 0));
	json_object_set_new(o, "note_status", rec_label(a, loc, "visits.note_status", v->note_status));
	json_object_set_new(o, "shared_at",
	                    rec_str(v->note_shared_at ? i18n_time_text(a, loc, v->note_shared_at) : ""));
	json_object_set_new(o, "hidden", json_boolean(v->hidden_from_guardians));
	if (with_texts) {
		json_object_set_new(o, "summary", rec_paragraphs(v->summary));
		json_object_set_new(o, "note", rec_paragraphs(v->note));
	}
	return o;
}

static json_t *stays_model(arena *a, enum locale loc, const char *today, const stay *list, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const stay *s = &list[i];
		const char *state = strcmp(s->from_date, today) > 0                        ? "planned"
		                    : s->to_date == NULL || strcmp(s->to_date, today) >= 0 ? "current"
		                                                                           : "ended";
		json_t *o = json_object();
		json_object_set_new(o, "unit", rec_str(s->unit_name));
		json_object_set_new(o, "phone", rec_str(s->unit_phone));
		json_object_set_new(o, "kind", rec_label(a, loc, "stays.kind", s->kind));
		json_object_set_new(o, "from", rec_str(i18n_date_text(a, loc, s->from_date)));
		json_object_set_new(o, "to", rec_str(i18n_date_text(a, loc, s->to_date)));
		json_object_set_new(o, "state", rec_label(a, loc, "stays.state", state));
		json_object_set_new(o, "hidden", json_boolean(s->hidden_from_guardians));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *referral_model(arena *a, enum locale loc, const referral *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "to", rec_str(r->to_unit_name));
	json_object_set_new(o, "from", rec_str(r->from_unit_name));
	json_object_set_new(o, "by", rec_str(r->referred_by_name));
	json_object_set_new(o, "sent", rec_str(i18n_date_text(a, loc, r->sent_on)));
	json_object_set_new(o, "status", rec_label(a, loc, "referrals.status", r->status));
	json_object_set_new(o, "status_at", rec_str(i18n_time_text(a, loc, r->status_at)));
	json_object_set_new(o, "pathway", rec_str(r->pathway));
	json_object_set_new(o, "hidden", json_boolean(r->hidden_from_guardians));
	return o;
}

static json_t *referrals_model(arena *a, enum locale loc, const referral *list, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, referral_model(a, loc, &list[i]));
	return arr;
}

/* ---- the citizen's pages ------------------------------------------------------------------ */

void web_visits(request *rq, reply *rp)
{
	citizen_visits v;
	status st = visits_get(rq->c, &v);
	if (reply_failed(rq, rp, st, NULL))
		return;
	arena *a = rq->c->arena;
	enum locale loc = rq->c->locale;
	json_t *m = json_object();
	json_object_set_new(m, "has_visits", json_boolean(v.has_visits));
	json_t *visits = json_array();
	for (size_t i = 0; i < v.n_visits; i++)
		json_array_append_new(visits, visit_model(a, loc, &v.visits[i], false));
	json_object_set_new(m, "visits", visits);
	json_object_set_new(m, "has_stays", json_boolean(v.has_stays));
	json_object_set_new(m, "stays", stays_model(a, loc, record_today(rq->c), v.stays, v.n_stays));
	json_object_set_new(m, "referrals", referrals_model(a, loc, v.referrals, v.n_referrals));
	json_object_set_new(m, "any_visits", json_boolean(v.n_visits > 0));
	json_object_set_new(m, "any_stays", json_boolean(v.n_stays > 0));
	json_object_set_new(m, "any_referrals", json_boolean(v.n_referrals > 0));
	reply_page(rq, rp, "visits", m);
}

void web_visit(request *rq, reply *rp)
{
	visit v;
	status st = visits_get_one(rq->c, req_id(rq, "id"), &v);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_t *o = visit_model(rq->c->arena, rq->c->locale, &v, true);
	json_object_set_new(m, "title",
	                    json_sprintf("%s, %s", json_string_value(json_object_get(o, "kind")),
	                                 json_string_value(json_object_get(o, "when"))));
	json_object_set_new(m, "visit", o);
	reply_page(rq, rp, "visit", m);
}

/* ---- the clinician's pages: shared ---------------------------------------------------------- */

static const char *const done_choices[] = {"added", "draft", "shared", "status", NULL};

/* The page's form to add an item: as refused (f, already in m), or empty
 * from fields, with today in date_field if not NULL. */
static void add_form_into(request *rq, json_t *m, const form *f, const form_field *fields, size_t n,
                          const char *date_field)
{
	if (f != NULL)
		return;
	form empty;
	form_init(rq->c->arena, fields, n, &empty);
	if (date_field != NULL)
		form_set(&empty, date_field, record_today(rq->c));
	rec_form_fields(m, "f", &empty, rq->c->locale);
}

/* The unit chosen in a select of units, f's field; false with the error on
 * the field for anything else. */
static bool unit_chosen(form *f, const char *field, int64_t *unit_id)
{
	if (str_to_i64(form_text(f, field), unit_id) && *unit_id > 0)
		return true;
	form_add_error(f, field, "form.error.choice", 0);
	return false;
}

/* The field of a form that every row of a list has (a visit's note, a
 * referral's status): KEY_id and KEY_error in the row's model o. On the row
 * whose form was refused (refused not NULL) the id is the one the error
 * summary links to (f-FIELD) and the error the form's first; elsewhere the
 * id is KEY-ROW and there is no error. */
static void row_field_into(json_t *o, arena *a, enum locale loc, const char *key, int64_t row, const form *refused,
                           const char *field)
{
	const char *error = NULL;
	for (size_t i = 0; refused != NULL && error == NULL && i < refused->nfields; i++)
		error = form_message(refused, &refused->values[i], loc);
	const char *id = refused != NULL ? arena_printf(a, "f-%s", field) : arena_printf(a, "%s-%" PRId64, key, row);
	json_object_set_new(o, arena_printf(a, "%s_id", key), rec_str(id));
	json_object_set_new(o, arena_printf(a, "%s_error", key), rec_str(error));
}

/* ---- the clinician's pages: visits ---------------------------------------------------------- */

static const form_field visit_fields[] = {
    {"kind", FORM_ENUM, .flags = FORM_REQUIRED, .label = "visits.kind", .choices = visit_kind_codes},
    {"visit_date", FORM_DATE, .flags = FORM_REQUIRED, .label = "visits.date"},
    {"visit_time", FORM_TEXT, .label = "visits.time", .max = 5},
    {"place", FORM_TEXT, .label = "visits.place", .max = VISIT_PLACE_MAX},
    {"summary", FORM_TEXT, .flags = FORM_REQUIRED, .label = "visits.summary", .min = 2, .max = VISIT_SUMMARY_MAX,
     .charset = FORM_CHARS_MULTILINE},
    {"note", FORM_TEXT, .label = "visits.note", .max = VISIT_NOTE_MAX, .charset = FORM_CHARS_MULTILINE},
    {"hidden", FORM_BOOL, .label = "record.hidden"},
};

static const char *const note_actions[] = {"draft", "share", NULL};
static const form_field note_fields[] = {
    {"text", FORM_TEXT, .flags = FORM_REQUIRED, .label = "visits.note", .min = 2, .max = VISIT_NOTE_MAX,
     .charset = FORM_CHARS_MULTILINE},
    {"action", FORM_ENUM, .flags = FORM_REQUIRED, .label = "visits.note.action", .choices = note_actions},
};

/* The visits page. f is the add form (NULL: empty); a refused note form
 * is shown at the visit note_visit (0: none) from nf. */
static void staff_visits_page(request *rq, reply *rp, int64_t patient_id, json_t *m, const form *f, int64_t note_visit,
                              const form *nf)
{
	staff_visits sv;
	status st = visits_staff_get(rq->c, patient_id, &sv);
	if (reply_failed(rq, rp, st, m))
		return;
	arena *a = rq->c->arena;
	enum locale loc = rq->c->locale;
	json_object_set_new(m, "patient", rec_patient_model(a, &sv.patient));
	json_object_set_new(m, "add_url", rec_str(url_for(a, web_staff_visits_add, patient_id)));
	json_t *visits = json_array();
	for (size_t i = 0; i < sv.n_visits; i++) {
		const visit *v = &sv.visits[i];
		json_t *o = visit_model(a, loc, v, true);
		bool here = v->id == note_visit && nf != NULL;
		json_object_set_new(o, "note_url", rec_str(url_for(a, web_staff_visits_note, patient_id, v->id)));
		row_field_into(o, a, loc, "note", v->id, here ? nf : NULL, "text");
		json_object_set_new(o, "note_value", rec_str(here ? rec_raw(nf, "text") : v->note));
		json_array_append_new(visits, o);
	}
	json_object_set_new(m, "visits", visits);
	json_object_set_new(m, "kinds", rec_choices(a, loc, "visits.kind", visit_kind_codes, rec_raw(f, "kind")));
	add_form_into(rq, m, f, visit_fields, ARRAY_LEN(visit_fields), "visit_date");
	reply_page(rq, rp, "staff_visits", m);
}

void web_staff_visits(request *rq, reply *rp)
{
	json_t *m = rec_done_model(rq, rp, done_choices);
	if (m != NULL)
		staff_visits_page(rq, rp, req_id(rq, "id"), m, NULL, 0, NULL);
}

void web_staff_visits_add(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	status parsed = form_parse(x->arena, visit_fields, ARRAY_LEN(visit_fields), &rq->form, &f);
	problems pr = {0};
	status st = ST_INVALID;
	if (parsed == ST_OK) {
		visit_in in = {form_text(&f, "kind"),  form_text(&f, "visit_date"), form_text(&f, "visit_time"),
		               form_text(&f, "place"), form_text(&f, "summary"),    form_text(&f, "note"),
		               form_bool(&f, "hidden")};
		st = visits_staff_add(x, id, &in, &pr);
	}
	json_t *m =
	    rec_posted(rq, rp, st, rec_done_url(x->arena, web_staff_visits, id, "added"), &f, &pr, "staff_visits");
	if (m != NULL)
		staff_visits_page(rq, rp, id, m, &f, 0, NULL);
}

void web_staff_visits_note(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	int64_t visit_id = req_id(rq, "item");
	form f;
	status parsed = form_parse(x->arena, note_fields, ARRAY_LEN(note_fields), &rq->form, &f);
	problems pr = {0};
	status st = ST_INVALID;
	bool share = form_has(&f, "action", "share");
	if (parsed == ST_OK)
		st = visits_staff_note(x, id, visit_id, form_text(&f, "text"), share, &pr);
	/* The domain names the note "note"; this form calls it "text". */
	for (size_t i = 0; i < pr.n; i++)
		if (strcmp(pr.items[i].field, "note") == 0)
			pr.items[i].field = "text";
	const char *next = rec_done_url(x->arena, web_staff_visits, id, share ? "shared" : "draft");
	json_t *m = rec_posted(rq, rp, st, next, &f, &pr, "staff_visits");
	if (m == NULL)
		return;
	json_object_del(m, "f"); /* the summary is the note's; the visit shows its field */
	staff_visits_page(rq, rp, id, m, NULL, visit_id, &f);
}

/* ---- the clinician's pages: stays ------------------------------------------------------------ */

static const form_field stay_fields[] = {
    {"unit", FORM_TEXT, .flags = FORM_REQUIRED, .label = "stays.unit", .max = 20},
    {"kind", FORM_ENUM, .flags = FORM_REQUIRED, .label = "stays.kind", .choices = stay_kind_codes},
    {"from_date", FORM_DATE, .flags = FORM_REQUIRED, .label = "stays.from"},
    {"to_date", FORM_DATE, .label = "stays.to"},
    {"hidden", FORM_BOOL, .label = "record.hidden"},
};

static void staff_stays_page(request *rq, reply *rp, int64_t patient_id, json_t *m, const form *f)
{
	staff_stays ss;
	status st = stays_staff_get(rq->c, patient_id, &ss);
	if (reply_failed(rq, rp, st, m))
		return;
	arena *a = rq->c->arena;
	enum locale loc = rq->c->locale;
	json_object_set_new(m, "patient", rec_patient_model(a, &ss.patient));
	json_object_set_new(m, "add_url", rec_str(url_for(a, web_staff_stays_add, patient_id)));
	json_object_set_new(m, "stays", stays_model(a, loc, record_today(rq->c), ss.stays, ss.n_stays));
	json_object_set_new(m, "units", rec_unit_choices(a, ss.units, ss.n_units, rec_raw(f, "unit")));
	json_object_set_new(m, "kinds", rec_choices(a, loc, "stays.kind", stay_kind_codes, rec_raw(f, "kind")));
	add_form_into(rq, m, f, stay_fields, ARRAY_LEN(stay_fields), NULL);
	reply_page(rq, rp, "staff_stays", m);
}

void web_staff_stays(request *rq, reply *rp)
{
	json_t *m = rec_done_model(rq, rp, done_choices);
	if (m != NULL)
		staff_stays_page(rq, rp, req_id(rq, "id"), m, NULL);
}

void web_staff_stays_add(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	status parsed = form_parse(x->arena, stay_fields, ARRAY_LEN(stay_fields), &rq->form, &f);
	problems pr = {0};
	status st = ST_INVALID;
	if (parsed == ST_OK) {
		stay_in in = {0, form_text(&f, "kind"), form_text(&f, "from_date"), form_text(&f, "to_date"),
		              form_bool(&f, "hidden")};
		if (unit_chosen(&f, "unit", &in.unit_id))
			st = stays_staff_add(x, id, &in, &pr);
	}
	json_t *m =
	    rec_posted(rq, rp, st, rec_done_url(x->arena, web_staff_stays, id, "added"), &f, &pr, "staff_stays");
	if (m != NULL)
		staff_stays_page(rq, rp, id, m, &f);
}

/* ---- the clinician's pages: referrals ------------------------------------------------------- */

static const form_field referral_fields[] = {
    {"to_unit", FORM_TEXT, .flags = FORM_REQUIRED, .label = "referrals.to", .max = 20},
    {"sent_on", FORM_DATE, .flags = FORM_REQUIRED, .label = "referrals.sent"},
    {"pathway", FORM_TEXT, .label = "referrals.pathway", .max = REFERRAL_PATHWAY_MAX},
    {"hidden", FORM_BOOL, .label = "record.hidden"},
};

static const form_field status_fields[] = {
    {"status", FORM_ENUM, .flags = FORM_REQUIRED, .label = "referrals.status", .choices = referral_status_codes},
};

static void staff_referrals_page(request *rq, reply *rp, int64_t patient_id, json_t *m, const form *f,
                                 int64_t status_referral, const form *sf)
{
	staff_referrals sr;
	status st = referrals_staff_get(rq->c, patient_id, &sr);
	if (reply_failed(rq, rp, st, m))
		return;
	arena *a = rq->c->arena;
	enum locale loc = rq->c->locale;
	json_object_set_new(m, "patient", rec_patient_model(a, &sr.patient));
	json_object_set_new(m, "add_url", rec_str(url_for(a, web_staff_referrals_add, patient_id)));
	json_t *list = json_array();
	for (size_t i = 0; i < sr.n_referrals; i++) {
		const referral *r = &sr.referrals[i];
		bool here = r->id == status_referral && sf != NULL;
		json_t *o = referral_model(a, loc, r);
		const char *status_url = url_for(a, web_staff_referrals_status, patient_id, r->id);
		json_object_set_new(o, "status_url", rec_str(status_url));
		row_field_into(o, a, loc, "status", r->id, here ? sf : NULL, "status");
		json_object_set_new(o, "statuses",
		                    rec_choices(a, loc, "referrals.status", referral_status_codes,
		                                here ? rec_raw(sf, "status") : r->status));
		json_object_set_new(o, "final", json_boolean(strcmp(r->status, "appointment_given") == 0));
		json_array_append_new(list, o);
	}
	json_object_set_new(m, "referrals", list);
	json_object_set_new(m, "units", rec_unit_choices(a, sr.units, sr.n_units, rec_raw(f, "to_unit")));
	add_form_into(rq, m, f, referral_fields, ARRAY_LEN(referral_fields), "sent_on");
	reply_page(rq, rp, "staff_referrals", m);
}

void web_staff_referrals(request *rq, reply *rp)
{
	json_t *m = rec_done_model(rq, rp, done_choices);
	if (m != NULL)
		staff_referrals_page(rq, rp, req_id(rq, "id"), m, NULL, 0, NULL);
}

void web_staff_referrals_add(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	status parsed = form_parse(x->arena, referral_fields, ARRAY_LEN(referral_fields), &rq->form, &f);
	problems pr = {0};
	status st = ST_INVALID;
	if (parsed == ST_OK) {
		referral_in in = {0, form_text(&f, "sent_on"), form_text(&f, "pathway"), form_bool(&f, "hidden")};
		if (unit_chosen(&f, "to_unit", &in.to_unit_id))
			st = referrals_staff_add(x, id, &in, &pr);
	}
	const char *next = rec_done_url(x->arena, web_staff_referrals, id, "added");
	json_t *m = rec_posted(rq, rp, st, next, &f, &pr, "staff_referrals");
	if (m != NULL)
		staff_referrals_page(rq, rp, id, m, &f, 0, NULL);
}

void web_staff_referrals_status(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	int64_t referral_id = req_id(rq, "item");
	form f;
	status parsed = form_parse(x->arena, status_fields, ARRAY_LEN(status_fields), &rq->form, &f);
	problems pr = {0};
	status st = ST_INVALID;
	if (parsed == ST_OK)
		st = referrals_staff_status(x, id, referral_id, form_text(&f, "status"), &pr);
	const char *next = rec_done_url(x->arena, web_staff_referrals, id, "status");
	json_t *m = rec_posted(rq, rp, st, next, &f, &pr, "staff_referrals");
	if (m == NULL)
		return;
	json_object_del(m, "f"); /* the summary is the status's; the referral shows its field */
	staff_referrals_page(rq, rp, id, m, NULL, referral_id, &f);
}
