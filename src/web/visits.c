/* visits.c (web) — past visits with their after-visit summaries (SPEC.md
 * P7), stays in municipal institutions and referrals (P8): the citizen's
 * /visits (with #stays and #referrals) and /visits/:id, and the clinician's
 * pages in the chart: visits (add one with its summary; write the note as a
 * draft, then share it), stays, and referrals with their status. */
#include <stdio.h>
#include <string.h>

#include "domain/visits.h"
#include "web/i18n.h"
#include "web/pages.h"
#include "web/record_page.h"

/* Text with line breaks as paragraphs (the template escapes each; empty
 * lines are dropped). */
static json_t *paragraphs(const char *text)
{
	json_t *arr = json_array();
	const char *p = text ? text : "";
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		size_t k = n;
		while (k > 0 && (p[k - 1] == ' ' || p[k - 1] == '\t' || p[k - 1] == '\r'))
			k--;
		if (k > 0) {
			json_t *s = json_stringn(p, k);
			json_array_append_new(arr, s ? s : json_string(""));
		}
		p += n;
		if (*p == '\n')
			p++;
	}
	return arr;
}

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
	json_object_set_new(o, "url", json_sprintf("/visits/%lld", (long long)v->id));
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
	json_object_set_new(o, "shared_at", rec_str(v->note_shared_at ? i18n_time_text(a, loc, v->note_shared_at) : ""));
	json_object_set_new(o, "hidden", json_boolean(v->hidden_from_guardians));
	if (with_texts) {
		json_object_set_new(o, "summary", paragraphs(v->summary));
		json_object_set_new(o, "note", paragraphs(v->note));
	}
	return o;
}

static json_t *stays_model(arena *a, enum locale loc, const char *today, const stay *list, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const stay *s = &list[i];
		const char *state = strcmp(s->from_date, today) > 0                              ? "planned"
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
	if (st != ST_OK) {
		rec_citizen_error(rq, rp, st);
		return;
	}
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
	status st = visits_get_one(rq->c, req_param_id(rq, "id"), &v);
	if (st != ST_OK) {
		rec_citizen_error(rq, rp, st);
		return;
	}
	json_t *m = json_object();
	json_t *o = visit_model(rq->c->arena, rq->c->locale, &v, true);
	json_object_set_new(m, "title", json_sprintf("%s, %s", json_string_value(json_object_get(o, "kind")),
	                                              json_string_value(json_object_get(o, "when"))));
	json_object_set_new(m, "visit", o);
	reply_page(rq, rp, "visit", m);
}

/* ---- the clinician's pages: shared ---------------------------------------------------------- */

static const char *const done_choices[] = {"added", "draft", "shared", "status", NULL};
static const form_field done_query[] = {
    {"done", FORM_ENUM, .label = "record.done", .choices = done_choices},
};

/* A new model with ?done=... as done_X; NULL after answering 400. */
static json_t *done_model(request *rq, reply *rp)
{
	form q;
	if (form_parse(rq->c->arena, done_query, ARRAY_LEN(done_query), &rq->query, &q) != ST_OK) {
		reply_error(rq, rp, 400);
		return NULL;
	}
	json_t *m = json_object();
	const char *done = form_text(&q, "done");
	char key[32];
	if (done != NULL && snprintf(key, sizeof key, "done_%s", done) < (int)sizeof key)
		json_object_set_new(m, key, json_true());
	return m;
}

static json_t *choices_model(arena *a, enum locale loc, const char *prefix, const char *const *codes,
                             const char *selected)
{
	json_t *arr = json_array();
	for (const char *const *c = codes; *c != NULL; c++) {
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(*c));
		json_object_set_new(o, "label", rec_label(a, loc, prefix, *c));
		json_object_set_new(o, "selected", json_boolean(selected != NULL && strcmp(selected, *c) == 0));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *units_model(const unit_choice *units, size_t n, const char *selected)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		char v[24];
		snprintf(v, sizeof v, "%lld", (long long)units[i].id);
		json_t *o = json_object();
		json_object_set_new(o, "value", json_string(v));
		json_object_set_new(o, "label", rec_str(units[i].name));
		json_object_set_new(o, "selected", json_boolean(selected != NULL && strcmp(selected, v) == 0));
		json_array_append_new(arr, o);
	}
	return arr;
}

static const char *raw_of(const form *f, const char *name)
{
	const form_value *v = f ? form_get(f, name) : NULL;
	return v ? v->raw : NULL;
}

static void redirect_done(request *rq, reply *rp, int64_t id, const char *page, const char *done)
{
	reply_redirect(rq, rp, arena_printf(rq->c->arena, "/staff/patients/%lld/%s?done=%s", (long long)id, page, done));
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
static void staff_visits_page(request *rq, reply *rp, int64_t patient_id, json_t *m, const form *f,
                              int64_t note_visit, const form *nf)
{
	staff_visits sv;
	status st = visits_staff_get(rq->c, patient_id, &sv);
	if (st != ST_OK) {
		json_decref(m);
		rec_staff_error(rq, rp, st);
		return;
	}
	arena *a = rq->c->arena;
	enum locale loc = rq->c->locale;
	const char *base = arena_printf(a, "/staff/patients/%lld/visits", (long long)patient_id);
	json_object_set_new(m, "patient", rec_patient_model(&sv.patient));
	json_object_set_new(m, "base", rec_str(base));
	json_t *visits = json_array();
	for (size_t i = 0; i < sv.n_visits; i++) {
		const visit *v = &sv.visits[i];
		json_t *o = visit_model(a, loc, v, true);
		bool here = v->id == note_visit && nf != NULL;
		json_object_set_new(o, "note_url", json_sprintf("%s/%lld/note", base, (long long)v->id));
		/* The refused note's field takes the id the error summary links to. */
		json_object_set_new(o, "note_id", here ? json_string("f-text") : json_sprintf("note-%lld", (long long)v->id));
		const char *value = here ? raw_of(nf, "text") : v->note;
		json_object_set_new(o, "note_value", rec_str(value));
		const form_value *tv = here ? form_get(nf, "text") : NULL;
		const form_value *av = here ? form_get(nf, "action") : NULL;
		const char *msg = tv && tv->error ? form_message(nf, tv, loc) : av && av->error ? form_message(nf, av, loc) : NULL;
		json_object_set_new(o, "note_error", rec_str(msg));
		json_array_append_new(visits, o);
	}
	json_object_set_new(m, "visits", visits);
	json_object_set_new(m, "kinds", choices_model(a, loc, "visits.kind", visit_kind_codes, raw_of(f, "kind")));
	if (json_object_get(m, "f") == NULL || f == NULL) {
		form empty;
		if (f == NULL) {
			form_init(a, visit_fields, ARRAY_LEN(visit_fields), &empty);
			form_set(&empty, "visit_date", record_today(rq->c));
			f = &empty;
		}
		json_t *fm = json_object();
		form_model_into(fm, f, loc);
		json_object_set(m, "f", json_object_get(fm, "f"));
		json_decref(fm);
	}
	reply_page(rq, rp, "staff_visits", m);
}

void web_staff_visits(request *rq, reply *rp)
{
	json_t *m = done_model(rq, rp);
	if (m != NULL)
		staff_visits_page(rq, rp, req_param_id(rq, "id"), m, NULL, 0, NULL);
}

void web_staff_visits_add(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_param_id(rq, "id");
	form f;
	status parsed = form_parse(x->arena, visit_fields, ARRAY_LEN(visit_fields), &rq->form, &f);
	record_problems pr = {0};
	status st = ST_INVALID;
	if (parsed == ST_OK) {
		visit_in in = {form_text(&f, "kind"),  form_text(&f, "visit_date"), form_text(&f, "visit_time"),
		               form_text(&f, "place"), form_text(&f, "summary"),    form_text(&f, "note"),
		               form_bool(&f, "hidden")};
		st = visits_staff_add(x, id, &in, &pr);
	}
	if (st == ST_OK) {
		redirect_done(rq, rp, id, "visits", "added");
		return;
	}
	if (st != ST_INVALID) {
		rec_staff_error(rq, rp, st);
		return;
	}
	rec_problems_into(&f, &pr);
	json_t *m = json_object();
	rec_refused(rq, rp, m, &f, "staff_visits");
	staff_visits_page(rq, rp, id, m, &f, 0, NULL);
}

void web_staff_visits_note(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_param_id(rq, "id");
	int64_t visit_id = req_param_id(rq, "item");
	form f;
	status parsed = form_parse(x->arena, note_fields, ARRAY_LEN(note_fields), &rq->form, &f);
	record_problems pr = {0};
	status st = ST_INVALID;
	bool share = form_has(&f, "action", "share");
	if (parsed == ST_OK)
		st = visits_staff_note(x, id, visit_id, form_text(&f, "text"), share, &pr);
	if (st == ST_OK) {
		redirect_done(rq, rp, id, "visits", share ? "shared" : "draft");
		return;
	}
	if (st != ST_INVALID) {
		rec_staff_error(rq, rp, st);
		return;
	}
	/* The domain names the note "note"; this form calls it "text". */
	for (size_t i = 0; i < pr.n; i++)
		form_add_error(&f, strcmp(pr.items[i].field, "note") == 0 ? "text" : pr.items[i].field, pr.items[i].key,
		               pr.items[i].max);
	json_t *m = json_object();
	rec_refused(rq, rp, m, &f, "staff_visits");
	json_object_del(m, "f");
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
	if (st != ST_OK) {
		json_decref(m);
		rec_staff_error(rq, rp, st);
		return;
	}
	arena *a = rq->c->arena;
	enum locale loc = rq->c->locale;
	json_object_set_new(m, "patient", rec_patient_model(&ss.patient));
	json_object_set_new(m, "base", json_sprintf("/staff/patients/%lld/stays", (long long)patient_id));
	json_object_set_new(m, "stays", stays_model(a, loc, record_today(rq->c), ss.stays, ss.n_stays));
	json_object_set_new(m, "units", units_model(ss.units, ss.n_units, raw_of(f, "unit")));
	json_object_set_new(m, "kinds", choices_model(a, loc, "stays.kind", stay_kind_codes, raw_of(f, "kind")));
	if (json_object_get(m, "f") == NULL) {
		form empty;
		if (f == NULL) {
			form_init(a, stay_fields, ARRAY_LEN(stay_fields), &empty);
			f = &empty;
		}
		form_model_into(m, f, loc);
	}
	reply_page(rq, rp, "staff_stays", m);
}

void web_staff_stays(request *rq, reply *rp)
{
	json_t *m = done_model(rq, rp);
	if (m != NULL)
		staff_stays_page(rq, rp, req_param_id(rq, "id"), m, NULL);
}

void web_staff_stays_add(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_param_id(rq, "id");
	form f;
	status parsed = form_parse(x->arena, stay_fields, ARRAY_LEN(stay_fields), &rq->form, &f);
	record_problems pr = {0};
	status st = ST_INVALID;
	if (parsed == ST_OK) {
		stay_in in = {0, form_text(&f, "kind"), form_text(&f, "from_date"), form_text(&f, "to_date"),
		              form_bool(&f, "hidden")};
		if (!str_to_i64(form_text(&f, "unit"), &in.unit_id) || in.unit_id <= 0)
			form_add_error(&f, "unit", "form.error.choice", 0);
		else
			st = stays_staff_add(x, id, &in, &pr);
	}
	if (st == ST_OK) {
		redirect_done(rq, rp, id, "stays", "added");
		return;
	}
	if (st != ST_INVALID) {
		rec_staff_error(rq, rp, st);
		return;
	}
	rec_problems_into(&f, &pr);
	json_t *m = json_object();
	rec_refused(rq, rp, m, &f, "staff_stays");
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
	if (st != ST_OK) {
		json_decref(m);
		rec_staff_error(rq, rp, st);
		return;
	}
	arena *a = rq->c->arena;
	enum locale loc = rq->c->locale;
	const char *base = arena_printf(a, "/staff/patients/%lld/referrals", (long long)patient_id);
	json_object_set_new(m, "patient", rec_patient_model(&sr.patient));
	json_object_set_new(m, "base", rec_str(base));
	json_t *list = json_array();
	for (size_t i = 0; i < sr.n_referrals; i++) {
		const referral *r = &sr.referrals[i];
		bool here = r->id == status_referral && sf != NULL;
		json_t *o = referral_model(a, loc, r);
		json_object_set_new(o, "status_url", json_sprintf("%s/%lld/status", base, (long long)r->id));
		json_object_set_new(o, "status_id", here ? json_string("f-status") : json_sprintf("status-%lld", (long long)r->id));
		json_object_set_new(o, "statuses", choices_model(a, loc, "referrals.status", referral_status_codes,
		                                                 here ? raw_of(sf, "status") : r->status));
		const form_value *sv = here ? form_get(sf, "status") : NULL;
		json_object_set_new(o, "status_error", rec_str(sv && sv->error ? form_message(sf, sv, loc) : NULL));
		json_object_set_new(o, "final", json_boolean(strcmp(r->status, "appointment_given") == 0));
		json_array_append_new(list, o);
	}
	json_object_set_new(m, "referrals", list);
	json_object_set_new(m, "units", units_model(sr.units, sr.n_units, raw_of(f, "to_unit")));
	if (json_object_get(m, "f") == NULL || f == NULL) {
		form empty;
		if (f == NULL) {
			form_init(a, referral_fields, ARRAY_LEN(referral_fields), &empty);
			form_set(&empty, "sent_on", record_today(rq->c));
			f = &empty;
		}
		json_t *fm = json_object();
		form_model_into(fm, f, loc);
		json_object_set(m, "f", json_object_get(fm, "f"));
		json_decref(fm);
	}
	reply_page(rq, rp, "staff_referrals", m);
}

void web_staff_referrals(request *rq, reply *rp)
{
	json_t *m = done_model(rq, rp);
	if (m != NULL)
		staff_referrals_page(rq, rp, req_param_id(rq, "id"), m, NULL, 0, NULL);
}

void web_staff_referrals_add(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_param_id(rq, "id");
	form f;
	status parsed = form_parse(x->arena, referral_fields, ARRAY_LEN(referral_fields), &rq->form, &f);
	record_problems pr = {0};
	status st = ST_INVALID;
	if (parsed == ST_OK) {
		referral_in in = {0, form_text(&f, "sent_on"), form_text(&f, "pathway"), form_bool(&f, "hidden")};
		if (!str_to_i64(form_text(&f, "to_unit"), &in.to_unit_id) || in.to_unit_id <= 0)
			form_add_error(&f, "to_unit", "form.error.choice", 0);
		else
			st = referrals_staff_add(x, id, &in, &pr);
	}
	if (st == ST_OK) {
		redirect_done(rq, rp, id, "referrals", "added");
		return;
	}
	if (st != ST_INVALID) {
		rec_staff_error(rq, rp, st);
		return;
	}
	rec_problems_into(&f, &pr);
	json_t *m = json_object();
	rec_refused(rq, rp, m, &f, "staff_referrals");
	staff_referrals_page(rq, rp, id, m, &f, 0, NULL);
}

void web_staff_referrals_status(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_param_id(rq, "id");
	int64_t referral_id = req_param_id(rq, "item");
	form f;
	status parsed = form_parse(x->arena, status_fields, ARRAY_LEN(status_fields), &rq->form, &f);
	record_problems pr = {0};
	status st = ST_INVALID;
	if (parsed == ST_OK)
		st = referrals_staff_status(x, id, referral_id, form_text(&f, "status"), &pr);
	if (st == ST_OK) {
		redirect_done(rq, rp, id, "referrals", "status");
		return;
	}
	if (st != ST_INVALID) {
		rec_staff_error(rq, rp, st);
		return;
	}
	rec_problems_into(&f, &pr);
	json_t *m = json_object();
	rec_refused(rq, rp, m, &f, "staff_referrals");
	json_object_del(m, "f");
	staff_referrals_page(rq, rp, id, m, NULL, referral_id, &f);
}
