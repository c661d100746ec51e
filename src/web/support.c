/* support.c (web) — user support (SPEC.md U1). The citizen: GET /support
 * lists their cases and holds the form (the unit it is about, or none for
 * the national support desk; the kind: a question about use or content, or
 * a request to correct or erase record information, and their words); POST
 * /support opens a case; GET /support/:id shows it with the decision, and
 * for a refusal how to complain. The support role: GET /staff/support is
 * the queue of their units' open cases (and on the desk those of no unit),
 * with who took each; GET /staff/support/:id a case with its history, POST
 * .../take takes it, POST .../decide the decision of a question, POST
 * .../forward a correction or erasure on to a clinician of the unit (or all
 * its clinicians), first or again. The clinicians: GET
 * /staff/queues/corrections, GET .../:id (with a link to the chart), POST
 * .../:id/decide and POST .../:id/forward to a colleague of the unit. */
#include <string.h>

#include "domain/support.h"
#include "web/form.h"
#include "web/i18n.h"
#include "web/pages.h"
#include "web/record_page.h"

static json_t *case_model(request *rq, const support_case *k, web_handler page)
{
	ctx *x = rq->c;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(k->id));
	json_object_set_new(o, "url", rec_str(url_for(x->arena, page, k->id)));
	json_object_set_new(o, "kind", rec_label(x->arena, x->locale, "support.kind", k->kind));
	json_object_set_new(
	    o, "unit", k->unit_name ? rec_str(k->unit_name) : json_string(i18n_text(x->locale, "support.unit.desk")));
	json_object_set_new(o, "patient", rec_str(k->patient_name));
	json_object_set_new(o, "author", rec_str(k->author_name));
	json_object_set_new(o, "lines", rec_paragraphs(k->body));
	json_object_set_new(o, "created", rec_when(x->arena, x->locale, k->created_at));
	json_object_set_new(o, "status", rec_label(x->arena, x->locale, "support.status", k->status));
	json_object_set_new(o, "open", json_boolean(strcmp(k->status, "open") == 0));
	json_object_set_new(o, "refused", json_boolean(strcmp(k->status, "refused") == 0));
	json_object_set_new(o, "has_decision", json_boolean(k->decided_at != 0));
	if (k->decided_at != 0) {
		json_t *when = rec_when(x->arena, x->locale, k->decided_at);
		json_object_set(o, "decided_iso", json_object_get(when, "iso"));
		json_object_set(o, "decided_text", json_object_get(when, "text"));
		json_decref(when);
		json_object_set_new(o, "decided_by", rec_str(k->decided_by_name));
	}
	json_object_set_new(o, "forwarded", json_boolean(k->forwarded_at != 0));
	if (k->forwarded_at != 0) {
		json_object_set_new(o, "forwarded_when", rec_when(x->arena, x->locale, k->forwarded_at));
		json_object_set_new(o, "forwarded_to",
		                    k->forwarded_to_name ? rec_str(k->forwarded_to_name)
		                                         : json_string(i18n_text(x->locale, "support.forwarded.unit")));
	}
	json_object_set_new(o, "taken", json_boolean(k->assigned_to_name != NULL));
	json_object_set_new(o, "taken_by", rec_str(k->assigned_to_name));
	json_object_set_new(o, "for_clinician", json_boolean(support_needs_clinician(k->kind)));
	json_object_set_new(o, "has_answer", json_boolean(k->answer != NULL));
	json_object_set_new(o, "answer_lines", rec_paragraphs(k->answer));
	return o;
}

static json_t *case_list(request *rq, const support_case *k, size_t n, web_handler page)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, case_model(rq, &k[i], page));
	return list;
}

/* ---- the citizen ------------------------------------------------------------------ */

static const form_field open_fields[] = {
    /* 0: no unit, a question for the national support desk */
    {"unit", FORM_INT, .flags = FORM_REQUIRED, .label = "support.unit", .min = 0, .max = INT64_MAX},
    {"kind", FORM_ENUM, .flags = FORM_REQUIRED, .label = "support.kind", .choices = support_kinds},
    {"body", FORM_TEXT, .flags = FORM_REQUIRED, .label = "support.body", .max = SUPPORT_BODY_MAX,
     .charset = FORM_CHARS_MULTILINE},
};

static void support_page(request *rq, reply *rp, form *f, bool sent)
{
	ctx *x = rq->c;
	support_case *k;
	support_unit *u;
	size_t n, nu;
	status st = support_citizen_list(x, &k, &n);
	if (st == ST_OK)
		st = support_citizen_units(x, &u, &nu);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object(), *units = json_array();
	const char *chosen = rec_raw(f, "unit");
	json_array_append_new(units, rec_option("0", rec_str(i18n_text(x->locale, "support.unit.none")), chosen));
	for (size_t i = 0; i < nu; i++)
		json_array_append_new(units, rec_id_option(x->arena, u[i].id, rec_str(u[i].name), chosen));
	json_object_set_new(m, "cases", case_list(rq, k, n, web_support_case));
	json_object_set_new(m, "has_cases", json_boolean(n > 0));
	json_object_set_new(m, "units", units);
	json_object_set_new(m, "kinds",
	                    rec_choices(x->arena, x->locale, "support.kind", support_kinds, rec_raw(f, "kind")));
	json_object_set_new(m, "action", rec_str(web_path(web_support_open)));
	json_object_set_new(m, "sent", json_boolean(sent));
	form_model_into(m, f, x->locale);
	if (f->nerrors > 0)
		json_object_set_new(m, "title",
		                    json_sprintf("%s: %s", i18n_text(x->locale, "form.error.title"),
		                                 i18n_text(x->locale, "support.title")));
	reply_page(rq, rp, "support", m);
}

static const char *const sent_choices[] = {"1", NULL};

void web_support(request *rq, reply *rp)
{
	const char *sent;
	if (!rec_query_choice(rq, rp, "sent", sent_choices, &sent))
		return;
	form f;
	form_init(rq->c->arena, open_fields, ARRAY_LEN(open_fields), &f);
	support_page(rq, rp, &f, sent != NULL);
}

void web_support_open(request *rq, reply *rp)
{
	ctx *x = rq->c;
	form f;
	status st = form_parse(x->arena, open_fields, ARRAY_LEN(open_fields), &rq->form, &f);
	problems pr = {0};
	int64_t id;
	if (st == ST_OK)
		st = support_citizen_open(x, form_int(&f, "unit", 0), form_text(&f, "kind"), form_text(&f, "body"), &pr,
		                          &id);
	if (!reply_posted(rq, rp, st, arena_printf(x->arena, "%s?sent=1", web_path(web_support))))
		return;
	form_add_problems(&f, &pr);
	support_page(rq, rp, &f, false);
}

void web_support_case(request *rq, reply *rp)
{
	support_case k;
	status st = support_citizen_get(rq->c, req_id(rq, "id"), &k);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_object_set_new(m, "case", case_model(rq, &k, web_support_case));
	reply_page(rq, rp, "support_case", m);
}

/* ---- the support role and the clinicians ---------------------------------------------- */

static const form_field decide_fields[] = {
    {"decision", FORM_ENUM, .flags = FORM_REQUIRED, .label = "support.decision", .choices = support_decisions},
    {"answer", FORM_TEXT, .label = "support.answer", .max = SUPPORT_ANSWER_MAX, .charset = FORM_CHARS_MULTILINE},
};

/* "to": a clinician's staff id, or empty for all of the unit's clinicians. */
static const form_field forward_fields[] = {
    {"to", FORM_INT, .label = "support.forward.to", .min = 1, .max = INT64_MAX},
};

static const char *const done_choices[] = {"decided", "forwarded", NULL};

typedef void (*case_page_fn)(request *rq, reply *rp, int64_t id, form *f);

/* One of the two sides that work the cases, support and the clinicians:
 * the domain's calls for it and its pages. */
struct side {
	status (*queue)(const ctx *x, support_case **out, size_t *n, bool *more);
	status (*get)(const ctx *x, int64_t id, support_view *out);
	status (*decide)(const ctx *x, int64_t id, const char *decision, const char *answer, problems *pr);
	status (*forward)(const ctx *x, int64_t id, int64_t to, problems *pr);
	web_handler queue_page, case_page, forward_action;
	case_page_fn case_again; /* the case's page with a refused form */
	const char *queue_template;
};

static void staff_case_again(request *rq, reply *rp, int64_t id, form *f);
static void correction_page(request *rq, reply *rp, int64_t id, form *f);

static const struct side support_side = {support_staff_queue,       support_staff_get, support_staff_decide,
                                         support_staff_forward,     web_staff_support, web_staff_support_case,
                                         web_staff_support_forward, staff_case_again,  "staff_support"};
static const struct side clinician_side = {
    support_clinician_queue,      support_clinician_get, support_clinician_decide,
    support_clinician_forward,    web_staff_corrections, web_staff_correction,
    web_staff_correction_forward, correction_page,       "staff_corrections"};

/* A side's queue: its open cases, each linking to the side's case page. */
static void queue_page(request *rq, reply *rp, const struct side *s)
{
	json_t *m = rec_done_model(rq, rp, done_choices);
	if (m == NULL)
		return;
	support_case *k;
	size_t n;
	bool more;
	status st = s->queue(rq->c, &k, &n, &more);
	if (reply_failed(rq, rp, st, m))
		return;
	json_object_set_new(m, "cases", case_list(rq, k, n, s->case_page));
	json_object_set_new(m, "has_cases", json_boolean(n > 0));
	json_object_set_new(m, "more", json_boolean(more));
	reply_page(rq, rp, s->queue_template, m);
}

void web_staff_support(request *rq, reply *rp)
{
	queue_page(rq, rp, &support_side);
}

void web_staff_corrections(request *rq, reply *rp)
{
	queue_page(rq, rp, &clinician_side);
}

/* The decision form's model: the choices, the form's values and errors. */
static void decide_model(request *rq, json_t *m, form *f, web_handler action, int64_t id, const char *title)
{
	ctx *x = rq->c;
	/* f is the forward form when forwarding was refused: no decision in it. */
	const char *chosen = f->fields == decide_fields ? rec_raw(f, "decision") : NULL;
	json_object_set_new(m, "action", rec_str(url_for(x->arena, action, id)));
	json_object_set_new(m, "decisions",
	                    rec_choices(x->arena, x->locale, "support.status", support_decisions, chosen));
	form_model_into(m, f, x->locale);
	if (f->nerrors > 0)
		json_object_set_new(
		    m, "title",
		    json_sprintf("%s: %s", i18n_text(x->locale, "form.error.title"), i18n_text(x->locale, title)));
}

/* The clinicians the case may be sent on to: not the one who has it. */
static json_t *clinician_choices(const support_view *v)
{
	json_t *list = json_array();
	for (size_t i = 0; i < v->nclinicians; i++) {
		const unit_clinician *c = &v->clinicians[i];
		if (v->k.forwarded_at != 0 && c->staff_id == v->k.forwarded_to)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "code", json_integer(c->staff_id));
		json_object_set_new(o, "label", rec_str(c->name));
		json_array_append_new(list, o);
	}
	return list;
}

static json_t *history(request *rq, const support_view *v)
{
	ctx *x = rq->c;
	json_t *list = json_array();
	for (size_t i = 0; i < v->nevents; i++) {
		const support_event *e = &v->events[i];
		json_t *o = json_object();
		json_object_set_new(o, "when", rec_when(x->arena, x->locale, e->at));
		json_object_set_new(o, "by", rec_str(e->by_name));
		json_object_set_new(o, "taken", json_boolean(str_eq(e->action, "taken")));
		json_object_set_new(o, "to",
		                    e->to_name ? rec_str(e->to_name)
		                               : json_string(i18n_text(x->locale, "support.forwarded.unit")));
		json_array_append_new(list, o);
	}
	return list;
}

/* What both sides' case pages share: reads the case for side s into *v and
 * puts into m the case, its history, and the form to send it on while it is
 * open and may go to a clinician. Answered (m released) when it cannot be
 * read. */
static bool case_view(request *rq, reply *rp, const struct side *s, int64_t id, json_t *m, support_view *v)
{
	ctx *x = rq->c;
	status st = s->get(x, id, v);
	if (reply_failed(rq, rp, st, m))
		return false;
	const support_case *k = &v->k;
	json_object_set_new(m, "case", case_model(rq, k, s->case_page));
	json_object_set_new(m, "history", history(rq, v));
	json_object_set_new(m, "has_history", json_boolean(v->nevents > 0));
	json_object_set_new(m, "can_forward",
	                    json_boolean(k->decided_at == 0 && k->unit_id != 0 && support_needs_clinician(k->kind)));
	json_object_set_new(m, "again", json_boolean(k->forwarded_at != 0));
	json_object_set_new(m, "offer_all", json_boolean(k->forwarded_at == 0 || k->forwarded_to != 0));
	json_object_set_new(m, "forward_action", rec_str(url_for(x->arena, s->forward_action, k->id)));
	json_object_set_new(m, "clinicians", clinician_choices(v));
	return true;
}

static void staff_case_page(request *rq, reply *rp, int64_t id, form *f, json_t *m)
{
	ctx *x = rq->c;
	support_view v;
	if (!case_view(rq, rp, &support_side, id, m, &v))
		return;
	bool with_support = v.k.decided_at == 0 && v.k.forwarded_at == 0;
	json_object_set_new(m, "can_decide", json_boolean(with_support && !support_needs_clinician(v.k.kind)));
	json_object_set_new(m, "can_take", json_boolean(with_support && v.k.assigned_to != x->who.staff_id));
	json_object_set_new(m, "take_action", rec_str(url_for(x->arena, web_staff_support_take, id)));
	decide_model(rq, m, f, web_staff_support_decide, id, "staff_support_case.title");
	reply_page(rq, rp, "staff_support_case", m);
}

static const char *const taken_choices[] = {"taken", NULL};

void web_staff_support_case(request *rq, reply *rp)
{
	json_t *m = rec_done_model(rq, rp, taken_choices);
	if (m == NULL)
		return;
	form f;
	form_init(rq->c->arena, decide_fields, ARRAY_LEN(decide_fields), &f);
	staff_case_page(rq, rp, req_id(rq, "id"), &f, m);
}

static void staff_case_again(request *rq, reply *rp, int64_t id, form *f)
{
	staff_case_page(rq, rp, id, f, json_object());
}

void web_staff_support_take(request *rq, reply *rp)
{
	int64_t id = req_id(rq, "id");
	status st = support_staff_take(rq->c, id);
	if (!reply_failed(rq, rp, st, NULL))
		reply_redirect(rq, rp, rec_done_url(rq->c->arena, web_staff_support_case, id, "taken"));
}

static void correction_page(request *rq, reply *rp, int64_t id, form *f)
{
	ctx *x = rq->c;
	support_view v;
	json_t *m = json_object();
	if (!case_view(rq, rp, &clinician_side, id, m, &v))
		return;
	json_object_set_new(m, "chart", rec_str(url_for(x->arena, web_staff_chart, v.k.patient_id)));
	decide_model(rq, m, f, web_staff_correction_decide, id, "staff_correction.title");
	reply_page(rq, rp, "staff_correction", m);
}

void web_staff_correction(request *rq, reply *rp)
{
	form f;
	form_init(rq->c->arena, decide_fields, ARRAY_LEN(decide_fields), &f);
	correction_page(rq, rp, req_id(rq, "id"), &f);
}

/* A decision (`decide`) or a sending on posted by side s: to the side's
 * queue when done, else the case's page again with the form's problems. */
static void case_posted(request *rq, reply *rp, const struct side *s, bool decide)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	status st = decide ? form_parse(x->arena, decide_fields, ARRAY_LEN(decide_fields), &rq->form, &f)
	                   : form_parse(x->arena, forward_fields, ARRAY_LEN(forward_fields), &rq->form, &f);
	problems pr = {0};
	if (st == ST_OK)
		st = decide ? s->decide(x, id, form_text(&f, "decision"), form_text(&f, "answer"), &pr)
		            : s->forward(x, id, form_int(&f, "to", 0), &pr);
	const char *done = decide ? "decided" : "forwarded";
	if (!reply_posted(rq, rp, st, arena_printf(x->arena, "%s?done=%s", web_path(s->queue_page), done)))
		return;
	form_add_problems(&f, &pr);
	s->case_again(rq, rp, id, &f);
}

void web_staff_support_decide(request *rq, reply *rp)
{
	case_posted(rq, rp, &support_side, true);
}

void web_staff_support_forward(request *rq, reply *rp)
{
	case_posted(rq, rp, &support_side, false);
}

void web_staff_correction_decide(request *rq, reply *rp)
{
	case_posted(rq, rp, &clinician_side, true);
}

void web_staff_correction_forward(request *rq, reply *rp)
{
	case_posted(rq, rp, &clinician_side, false);
}
