/* results.c (web) — test results (SPEC.md H2, W2, W3).
 *
 * Citizen: GET /health/results (newest first, with reference range and an
 * out-of-range tag in words) and GET /health/results/:id (one result; for a
 * test taken more than once, a chart of its values over time as inline SVG
 * from computed coordinates, web/results_chart.h, with a table for screen
 * readers). Another person's id, or a result not (yet) visible, is 404.
 *
 * Clinicians: GET/POST /staff/patients/:id/results (every result, and a form
 * to enter one), POST /staff/patients/:id/results/:rid/release, and the queue
 * GET /staff/queues/results with POST .../:rid/take and .../:rid/close.
 * Office staff never see result values: the routes admit clinicians only. */
#include <stdio.h>
#include <string.h>

#include "domain/results.h"
#include "web/form.h"
#include "web/i18n.h"
#include "web/pages.h"
#include "web/record_page.h"
#include "web/results_chart.h"

/* ---- shared: how results read ------------------------------------------------ */

static const char *or_empty(const char *s)
{
	return s != NULL ? s : "";
}

/* A decimal as the reader writes it: a comma in Norwegian. */
static const char *number_text(arena *a, enum locale loc, const char *canon)
{
	char *s = arena_strdup(a, or_empty(canon));
	if (loc == LOCALE_NB)
		for (char *p = s; *p; p++)
			if (*p == '.')
				*p = ',';
	return s;
}

static bool numeric(const result *r)
{
	return strcmp(r->type.value_kind, "numeric") == 0;
}

static const char *type_name(const result_type *t, enum locale loc)
{
	return loc == LOCALE_EN ? t->name_en : t->name_nb;
}

/* "13,4–17,0 g/dL", "under 5 mg/L", "over 60 µmol/L"; "" without a range. */
static const char *range_text(arena *a, enum locale loc, const result_type *t, const char *unit_name)
{
	const char *lo = t->ref_low, *hi = t->ref_high, *u = unit_name != NULL ? unit_name : "";
	const char *sp = u[0] ? " " : "";
	if (lo != NULL && hi != NULL)
		return arena_printf(a, "%s–%s%s%s", number_text(a, loc, lo), number_text(a, loc, hi), sp, u);
	if (hi != NULL)
		return arena_printf(a, "%s %s%s%s", i18n_text(loc, "results.range.below"), number_text(a, loc, hi), sp,
		                    u);
	if (lo != NULL)
		return arena_printf(a, "%s %s%s%s", i18n_text(loc, "results.range.above"), number_text(a, loc, lo), sp,
		                    u);
	return "";
}

/* The value, its unit, range and flag; a text result as lines. */
static void value_into(json_t *o, arena *a, enum locale loc, const result *r)
{
	json_object_set_new(o, "numeric", json_boolean(numeric(r)));
	if (numeric(r)) {
		json_object_set_new(o, "value", json_string(number_text(a, loc, r->value)));
		json_object_set_new(o, "unit", json_string(or_empty(r->unit)));
		json_object_set_new(o, "range", json_string(range_text(a, loc, &r->type, r->unit)));
		int pos = results_range_position(r);
		json_object_set_new(o, "high", json_boolean(pos > 0));
		json_object_set_new(o, "low", json_boolean(pos < 0));
	} else {
		json_t *lines = json_array();
		const char *p = r->value;
		while (p != NULL && *p) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			json_t *line = json_object();
			json_object_set_new(line, "text", json_stringn(p, len));
			p = nl ? nl + 1 : NULL;
			json_object_set_new(line, "br", json_boolean(p != NULL && *p));
			json_array_append_new(lines, line);
		}
		json_object_set_new(o, "lines", lines);
		json_object_set_new(o, "value", json_string(r->value));
		json_object_set_new(o, "range", json_string(""));
		json_object_set_new(o, "high", json_false());
		json_object_set_new(o, "low", json_false());
	}
}

static json_t *result_model(arena *a, enum locale loc, const result *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "name", json_string(type_name(&r->type, loc)));
	json_object_set_new(o, "taken", json_string(i18n_date_text(a, loc, r->taken_on)));
	json_object_set_new(o, "taken_iso", json_string(r->taken_on));
	value_into(o, a, loc, r);
	return o;
}

/* ---- the citizen's pages ------------------------------------------------------ */

void web_results(request *rq, reply *rp)
{
	ctx *x = rq->c;
	result *list;
	size_t n;
	bool more;
	status st = results_list(x, &list, &n, &more);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = result_model(x->arena, x->locale, &list[i]);
		json_object_set_new(o, "url", rec_str(url_for(x->arena, web_result, list[i].id)));
		json_array_append_new(items, o);
	}
	json_t *m = json_object();
	json_object_set_new(m, "results", items);
	json_object_set_new(m, "listed", json_boolean(n > 0));
	json_object_set_new(m, "more", json_boolean(more));
	json_object_set_new(m, "own", json_boolean(x->who.person_id == x->subject_id));
	reply_page(rq, rp, "results", m);
}

/* The largest number of decimals among the values (at most 3), so axis
 * labels read like the values. */
static int decimals_of(const result *rs, size_t n)
{
	int most = 0;
	for (size_t i = 0; i < n; i++) {
		const char *dot = strchr(rs[i].value, '.');
		int d = dot ? (int)strlen(dot + 1) : 0;
		most = d > most ? d : most;
	}
	return most > 3 ? 3 : most;
}

static const char *axis_label(arena *a, enum locale loc, double v, int decimals)
{
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
	if (strcmp(tmp, "-0") == 0 || strcmp(tmp, "-0.0") == 0 || strcmp(tmp, "-0.00") == 0 ||
	    strcmp(tmp, "-0.000") == 0)
		memmove(tmp, tmp + 1, strlen(tmp));
	return number_text(a, loc, tmp);
}

/* The chart of a repeated numeric test, or NULL when there is nothing to draw. */
static json_t *chart_model(arena *a, enum locale loc, const result *one, const result *hist, size_t n)
{
	if (n < 2 || !numeric(one))
		return NULL;
	chart_point pts[CHART_POINTS_MAX];
	size_t k = 0;
	char canon[RESULT_NUMBER_MAX + 1];
	for (size_t i = 0; i < n && k < CHART_POINTS_MAX; i++) {
		date d;
		if (!date_parse(hist[i].taken_on, &d) || !results_parse_number(hist[i].value, &pts[k].value, canon))
			continue;
		pts[k++].day = date_to_days(d);
	}
	double low, high;
	bool has_low = one->type.ref_low != NULL && results_parse_number(one->type.ref_low, &low, canon);
	bool has_high = one->type.ref_high != NULL && results_parse_number(one->type.ref_high, &high, canon);
	chart_geometry g;
	if (k < 2 || !results_chart_layout(pts, k, has_low ? &low : NULL, has_high ? &high : NULL, &g))
		return NULL;
	json_t *c = json_object();
	buf line;
	buf_init(&line, 16 * g.n);
	json_t *dots = json_array();
	for (size_t i = 0; i < g.n; i++) {
		buf_printf(&line, "%s%d,%d", i ? " " : "", g.x[i], g.y[i]);
		json_t *d = json_object();
		json_object_set_new(d, "x", json_integer(g.x[i]));
		json_object_set_new(d, "y", json_integer(g.y[i]));
		json_array_append_new(dots, d);
	}
	json_object_set_new(c, "points", json_string(line.data));
	buf_free(&line);
	json_object_set_new(c, "dots", dots);
	if (g.band) {
		json_t *b = json_object();
		json_object_set_new(b, "y", json_integer(g.band_top));
		/* A range of one value is a line of at least 2 units, so it shows. */
		json_object_set_new(b, "height",
		                    json_integer(g.band_bottom - g.band_top > 2 ? g.band_bottom - g.band_top : 2));
		json_object_set_new(c, "band", b);
	}
	int dec = decimals_of(hist, n);
	json_object_set_new(c, "max_label", json_string(axis_label(a, loc, g.axis_max, dec)));
	json_object_set_new(c, "min_label", json_string(axis_label(a, loc, g.axis_min, dec)));
	json_object_set_new(c, "first_date", json_string(i18n_date_text(a, loc, hist[0].taken_on)));
	json_object_set_new(c, "last_date", json_string(i18n_date_text(a, loc, hist[n - 1].taken_on)));
	json_object_set_new(c, "title",
	                    json_sprintf("%s: %s", type_name(&one->type, loc), i18n_text(loc, "results.chart.title")));
	json_object_set_new(c, "desc",
	                    json_sprintf("%s %s – %s.", i18n_text(loc, "results.chart.desc"),
	                                 i18n_date_text(a, loc, hist[0].taken_on),
	                                 i18n_date_text(a, loc, hist[n - 1].taken_on)));
	json_object_set_new(c, "unit", json_string(or_empty(one->unit)));
	return c;
}

void web_result(request *rq, reply *rp)
{
	ctx *x = rq->c;
	result r, *hist;
	size_t n;
	/* Not this person's, or not visible (yet): the domain says ST_NOT_FOUND. */
	status st = results_get(x, req_id(rq, "id"), &r, &hist, &n);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_object_set_new(m, "result", result_model(x->arena, x->locale, &r));
	json_object_set_new(m, "title", json_string(type_name(&r.type, x->locale)));
	json_t *chart = chart_model(x->arena, x->locale, &r, hist, n);
	if (chart != NULL) {
		json_object_set_new(m, "chart", chart);
		json_t *rows = json_array();
		for (size_t i = n; i-- > 0;)
			json_array_append_new(rows, result_model(x->arena, x->locale, &hist[i]));
		json_object_set_new(m, "history", rows);
	}
	reply_page(rq, rp, "result", m);
}

/* ---- clinicians: the chart's results ------------------------------------------ */

static const char *const from_choices[] = {"chart", "queue", NULL};

/* The actions' one field: which page to go back to. */
static const form_field action_fields[] = {
    {"from", FORM_ENUM, .label = "results.staff.back", .choices = from_choices},
};

static const form_field enter_fields[] = {
    {"type", FORM_INT, .flags = FORM_REQUIRED, .label = "results.field.type", .min = 1, .max = INT64_MAX},
    {"value", FORM_TEXT, .flags = FORM_REQUIRED, .label = "results.field.value", .max = RESULT_TEXT_MAX,
     .charset = FORM_CHARS_MULTILINE},
    {"taken_on", FORM_DATE, .flags = FORM_REQUIRED, .label = "results.field.taken_on"},
    {"hidden", FORM_BOOL, .label = "results.field.hidden"},
};

/* What the chart page's query may say: a change was just made. */
static const char *const done_choices[] = {"entered", "released", "unchanged", NULL};

static bool visible_to_patient(const result *r)
{
	return strcmp(r->type.rule, "immediate") == 0 ||
	       (strcmp(r->type.rule, "after_review") == 0 && strcmp(r->status, "released") == 0);
}

static bool awaiting_review(const result *r)
{
	return strcmp(r->status, "entered") == 0 && strcmp(r->type.rule, "immediate") != 0;
}

static bool releasable(const result *r)
{
	return strcmp(r->type.rule, "after_review") == 0 && strcmp(r->status, "released") != 0;
}

static json_t *staff_result_model(arena *a, enum locale loc, const result *r, int64_t patient_id)
{
	json_t *o = result_model(a, loc, r);
	char key[48];
	snprintf(key, sizeof key, "results.rule.%s", r->type.rule);
	json_object_set_new(o, "rule", json_string(i18n_text(loc, key)));
	snprintf(key, sizeof key, "results.status.%s", r->status);
	json_object_set_new(o, "status", json_string(i18n_text(loc, key)));
	json_object_set_new(o, "visible", json_boolean(visible_to_patient(r)));
	json_object_set_new(o, "awaiting", json_boolean(awaiting_review(r)));
	json_object_set_new(o, "releasable", json_boolean(releasable(r)));
	json_object_set_new(o, "release_url", rec_str(url_for(a, web_staff_result_release, patient_id, r->id)));
	json_object_set_new(o, "anchor", json_sprintf("result-%lld", (long long)r->id));
	json_object_set_new(o, "entered_by", json_string(r->entered_by_name));
	json_object_set_new(o, "reviewed_by", json_string(or_empty(r->reviewed_by_name)));
	json_object_set_new(o, "assigned_to", json_string(or_empty(r->assigned_to_name)));
	json_object_set_new(o, "hidden", json_boolean(r->hidden_from_guardians));
	return o;
}

static json_t *types_model(arena *a, enum locale loc, const result_type *types, size_t n, const form *f)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const result_type *t = &types[i];
		json_t *label = t->unit != NULL ? json_sprintf("%s (%s)", type_name(t, loc), t->unit)
		                                : json_string(type_name(t, loc));
		json_array_append_new(list, rec_id_option(a, t->id, label, rec_raw(f, "type")));
	}
	return list;
}

/* Renders the chart's results page: the list and the entry form f. */
static void staff_page(request *rq, reply *rp, int64_t patient_id, const form *f, const char *done)
{
	ctx *x = rq->c;
	results_staff_view v;
	status st = results_staff_list(x, patient_id, &v);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_object_set_new(m, "patient", rec_patient_model(x->arena, &(record_patient){v.patient, v.access}));
	json_t *items = json_array();
	for (size_t i = 0; i < v.n; i++)
		json_array_append_new(items, staff_result_model(x->arena, x->locale, &v.results[i], patient_id));
	json_object_set_new(m, "results", items);
	json_object_set_new(m, "listed", json_boolean(v.n > 0));
	json_object_set_new(m, "more", json_boolean(v.more));
	json_object_set_new(m, "types", types_model(x->arena, x->locale, v.types, v.ntypes, f));
	json_object_set_new(m, "action", rec_str(url_for(x->arena, web_staff_results_enter, patient_id)));
	json_object_set_new(m, "text_max", json_integer(RESULT_TEXT_MAX));
	if (done != NULL)
		json_object_set_new(m, done, json_true());
	if (f->nerrors > 0)
		json_object_set_new(m, "title",
		                    json_sprintf("%s: %s", i18n_text(x->locale, "form.error.title"),
		                                 i18n_text(x->locale, "staff_results.title")));
	form_model_into(m, f, x->locale);
	reply_page(rq, rp, "staff_results", m);
}

void web_staff_results(request *rq, reply *rp)
{
	ctx *x = rq->c;
	const char *done;
	if (!rec_query_choice(rq, rp, "done", done_choices, &done))
		return;
	form f;
	form_init(x->arena, enter_fields, ARRAY_LEN(enter_fields), &f);
	form_set(&f, "taken_on", record_today(x));
	staff_page(rq, rp, req_id(rq, "id"), &f, done);
}

void web_staff_results_enter(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t patient_id = req_id(rq, "id");
	form f;
	status parsed = form_parse(x->arena, enter_fields, ARRAY_LEN(enter_fields), &rq->form, &f);
	result_entry in = {
	    .type_id = form_int(&f, "type", 0),
	    .value = form_text(&f, "value"),
	    .taken_on = form_text(&f, "taken_on"),
	    .hidden_from_guardians = form_bool(&f, "hidden"),
	};
	problems pr = {0};
	int64_t rid = 0;
	/* A form that did not parse never reaches the domain (which checks
	 * the rest: the type, a number for a numeric type, the date). */
	status st = parsed == ST_OK ? results_enter(x, patient_id, &in, &pr, &rid) : ST_INVALID;
	const char *page = rec_done_url(x->arena, web_staff_results, patient_id, "entered");
	if (!reply_posted(rq, rp, st, arena_printf(x->arena, "%s#result-%lld", page, (long long)rid)))
		return;
	form_add_problems(&f, &pr);
	staff_page(rq, rp, patient_id, &f, NULL);
}

/* The queue, saying what was just done. */
static const char *queue_done(arena *a, const char *done)
{
	return arena_printf(a, "%s?done=%s", web_path(web_staff_results_queue), done);
}

/* Where an action returns to: the queue or the patient's results. */
static const char *back_to(request *rq, const form *f, int64_t patient_id, const char *done)
{
	if (form_has(f, "from", "queue"))
		return queue_done(rq->c->arena, done);
	return rec_done_url(rq->c->arena, web_staff_results, patient_id, done);
}

void web_staff_result_release(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t patient_id = req_id(rq, "id"), rid = req_id(rq, "rid");
	form f;
	if (form_parse(x->arena, action_fields, ARRAY_LEN(action_fields), &rq->form, &f) != ST_OK) {
		reply_error(rq, rp, 400);
		return;
	}
	status st = results_release(x, patient_id, rid);
	if (st == ST_OK || st == ST_CONFLICT) {
		/* Released now, or not releasable (already released, or a rule
		 * without release): the page shows which. */
		reply_redirect(rq, rp, back_to(rq, &f, patient_id, st == ST_OK ? "released" : "unchanged"));
		return;
	}
	reply_status(rq, rp, st);
}

/* ---- clinicians: the queue ------------------------------------------------------ */

static const char *const queue_done_choices[] = {"taken", "closed", "released", "unchanged", "conflict", NULL};

void web_staff_results_queue(request *rq, reply *rp)
{
	ctx *x = rq->c;
	const char *done;
	if (!rec_query_choice(rq, rp, "done", queue_done_choices, &done))
		return;
	result_queue_item *items;
	size_t n;
	bool more;
	status st = results_queue(x, &items, &n, &more);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const result *r = &items[i].r;
		json_t *o = staff_result_model(x->arena, x->locale, r, r->patient_id);
		json_object_set_new(o, "patient_name", json_string(items[i].patient_name));
		json_object_set_new(o, "patient_nin", json_string(items[i].patient_nin));
		const char *chart = url_for(x->arena, web_staff_results, r->patient_id);
		json_object_set_new(o, "open_url", json_sprintf("%s#result-%lld", chart, (long long)r->id));
		json_object_set_new(o, "take_url", rec_str(url_for(x->arena, web_staff_results_take, r->id)));
		json_object_set_new(o, "close_url", rec_str(url_for(x->arena, web_staff_results_close, r->id)));
		json_object_set_new(o, "mine", json_boolean(r->assigned_to == x->who.staff_id));
		json_object_set_new(o, "taken_by_other",
		                    json_boolean(r->assigned_to != 0 && r->assigned_to != x->who.staff_id));
		json_array_append_new(list, o);
	}
	json_t *m = json_object();
	json_object_set_new(m, "items", list);
	json_object_set_new(m, "listed", json_boolean(n > 0));
	json_object_set_new(m, "more", json_boolean(more));
	if (done != NULL)
		json_object_set_new(m, done, json_true());
	reply_page(rq, rp, "staff_queue_results", m);
}

static void queue_action(request *rq, reply *rp, status (*act)(const ctx *x, int64_t id), const char *done)
{
	ctx *x = rq->c;
	form f;
	if (form_parse(x->arena, action_fields, ARRAY_LEN(action_fields), &rq->form, &f) != ST_OK) {
		reply_error(rq, rp, 400);
		return;
	}
	status st = act(x, req_id(rq, "rid"));
	if (st == ST_OK || st == ST_CONFLICT) {
		reply_redirect(rq, rp, queue_done(x->arena, st == ST_OK ? done : "conflict"));
		return;
	}
	reply_status(rq, rp, st);
}

void web_staff_results_take(request *rq, reply *rp)
{
	queue_action(rq, rp, results_take, "taken");
}

void web_staff_results_close(request *rq, reply *rp)
{
	queue_action(rq, rp, results_close, "closed");
}
