/* questionnaires.c (web) — questionnaires (SPEC.md Q1–Q3, W2, W3).
 *
 * Citizen: GET /questionnaires (open ones, then those answered recently),
 * GET /questionnaires/:id (the form, or the answers once submitted) and
 * POST /questionnaires/:id (action "save" keeps a draft, "submit" sends it
 * in). The form's inputs are declared at run time from the questionnaire's
 * items (web/form.h), named a0, a1, ... by item position, so the answers go
 * through the same validation and error summary as every other form. A
 * refused or conflicting save shows the page again with what was typed.
 *
 * Clinicians: GET/POST /staff/patients/:id/questionnaires (what was sent, and
 * sending one), GET /staff/patients/:id/questionnaires/:qid (the answers),
 * POST .../:qid/withdraw, and the queue of unread answers
 * GET /staff/queues/questionnaires. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "domain/questionnaire_files.h"
#include "domain/questionnaires.h"
#include "domain/results.h"
#include "web/answering.h"
#include "web/form.h"
#include "web/i18n.h"
#include "web/pages.h"
#include "web/qform.h"
#include "web/qform_markdown.h"
#include "web/uploads.h"
#include "web/record_page.h"

/* ---- shared ---------------------------------------------------------------------- */

static const char *request_title(const questionnaire_request *r, enum locale loc)
{
	return loc == LOCALE_EN && r->title_en != NULL ? r->title_en : r->title_nb;
}

static const char *status_code(const questionnaire_request *r, bool overdue)
{
	if (str_eq(r->status, "sent") && overdue)
		return "overdue";
	return r->status;
}

static bool due_passed(const ctx *x, const questionnaire_request *r)
{
	return r->due_on != NULL && strcmp(r->due_on, record_today(x)) < 0;
}

static json_t *request_model(const ctx *x, const questionnaire_request *r)
{
	arena *a = x->arena;
	enum locale loc = x->locale;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "title", rec_str(request_title(r, loc)));
	json_object_set_new(o, "unit", rec_str(r->unit_name));
	json_object_set_new(o, "sent_by", rec_str(r->sent_by_name));
	json_object_set_new(o, "sent", rec_str(i18n_time_text(a, loc, r->sent_at)));
	json_object_set_new(o, "due", rec_str(i18n_date_text(a, loc, r->due_on)));
	json_object_set_new(o, "due_iso", rec_str(r->due_on));
	json_object_set_new(o, "status", rec_label(a, loc, "questionnaires.status", status_code(r, due_passed(x, r))));
	json_object_set_new(o, "completed", json_boolean(str_eq(r->status, "completed")));
	json_object_set_new(o, "in_progress", json_boolean(str_eq(r->status, "in_progress")));
	json_object_set_new(o, "submitted", rec_str(r->submitted_at ? i18n_time_text(a, loc, r->submitted_at) : NULL));
	json_object_set_new(o, "submitted_by", rec_str(r->submitted_by_name));
	json_object_set_new(o, "read_by", rec_str(r->read_by_name));
	json_object_set_new(o, "hidden", json_boolean(r->hidden_from_guardians));
	return o;
}

/* A decimal with the reader's decimal sign. */
static const char *decimal_sign(arena *a, enum locale loc, const char *v)
{
	if (loc != LOCALE_NB)
		return v;
	char *s = arena_strdup(a, v), *dot = strchr(s, '.');
	if (dot != NULL)
		*dot = ',';
	return s;
}

/* An answer as a reader sees it: "Ja", an option's label, a date in
 * words, a number with its unit. */
static const char *value_text(arena *a, enum locale loc, const qf_item *it, const char *v)
{
	switch (it->type) {
	case QF_BOOLEAN: return i18n_text(loc, str_eq(v, "true") ? "questionnaires.yes" : "questionnaires.no");
	case QF_CHOICE:
		for (size_t i = 0; i < it->noptions; i++)
			if (str_eq(it->options[i].code, v))
				return qf_option_display(&it->options[i], loc);
		return v;
	case QF_DATE: return i18n_date_text(a, loc, v);
	case QF_QUANTITY: {
		const qf_unit *u = qf_quantity_unit(it, v);
		v = decimal_sign(a, loc, arena_strndup(a, v, strcspn(v, " ")));
		return u != NULL ? arena_printf(a, "%s %s", v, u->display) : v;
	}
	case QF_DECIMAL: v = decimal_sign(a, loc, v); break;
	case QF_ATTACHMENT: {
		qf_attachment att;
		return qf_attachment_parse(a, v, &att) ? att.title : v;
	}
	case QF_STRING:
	case QF_TEXT:
	case QF_INTEGER:
	case QF_GROUP:
	case QF_DISPLAY: break;
	}
	return it->unit.code != NULL ? arena_printf(a, "%s %s", v, it->unit.display) : v;
}

/* A stored file's link: its download route (the citizen's, as the answer's
 * valueAttachment gives it) after `route` ("" for the citizen; the
 * patient's chart, "/staff/patients/:id", for a clinician). NULL for
 * anything else. */
static const char *file_href(arena *a, const qf_item *it, const char *v, const char *route)
{
	qf_attachment att;
	if (it->type != QF_ATTACHMENT || route == NULL || !qf_attachment_parse(a, v, &att))
		return NULL;
	return arena_printf(a, "%s%s", route, att.url);
}

/* Sets "values" (as a reader sees them, each with "ui" when it is in the
 * portal's words: yes, no, a date, and a file's "href" after `route`, see
 * file_href) and "answered" on o. */
static void values_into(json_t *o, arena *a, enum locale loc, const qf_item *it, const qf_answer *ans,
                        const char *route)
{
	json_t *values = json_array();
	bool ui = it->type == QF_BOOLEAN || it->type == QF_DATE;
	for (size_t i = 0; i < ans->n; i++)
		json_array_append_new(values, json_pack("{s:o, s:b, s:o}", "text",
		                                        rec_str(value_text(a, loc, it, ans->values[i])), "ui", ui,
		                                        "href", rec_str(file_href(a, it, ans->values[i], route))));
	json_object_set_new(o, "values", values);
	json_object_set_new(o, "answered", json_boolean(ans->n > 0));
}

/* The item's Markdown when its text is shown in the language the Markdown
 * is written in (the form's own), else NULL: a translation is plain text. */
static const char *shown_markdown(const qf_form *qf, const qf_item *it, enum locale loc)
{
	return it->markdown != NULL && qf_item_text(it, loc) == qf_own_text(qf, it) ? it->markdown : NULL;
}

/* The item's text ("text") and, when it is shown in the language its
 * Markdown is written in, the Markdown's spans ("spans": empty without). */
static void text_into(json_t *o, const qf_form *qf, const qf_item *it, enum locale loc)
{
	const char *markdown = shown_markdown(qf, it, loc);
	json_object_set_new(o, "text", rec_str(qf_item_text(it, loc)));
	json_object_set_new(o, "spans", markdown != NULL ? qform_markdown_spans(markdown) : json_array());
}

static json_t *answer_model(arena *a, enum locale loc, const qf_form *qf, const qf_item *it, const qf_answer *ans,
                            const char *route)
{
	json_t *o = json_object();
	text_into(o, qf, it, loc);
	values_into(o, a, loc, it, ans, route);
	return o;
}

/* The nearest group around item i (i itself if a group), -1 for none. */
static int section_of(const qf_form *f, size_t i)
{
	int k = (int)i;
	while (k >= 0 && f->items[k].type != QF_GROUP)
		k = f->items[k].group;
	return k;
}

/* The answers in sections: one per group, headed by its text, and one
 * without a heading for each run of questions outside any group. Items
 * that enableWhen turned off were not asked, and are left out. */
json_t *qform_answers_model(arena *a, enum locale loc, const qf_form *qf, const qf_answer *answers, const bool *enabled,
                            const char *route)
{
	json_t *sections = json_array(), *current = NULL;
	int current_group = -2;
	for (size_t i = 0; i < qf->n; i++) {
		const qf_item *it = &qf->items[i];
		if (enabled != NULL && !enabled[i])
			continue;
		int g = section_of(qf, i);
		if (current == NULL || g != current_group) {
			current = json_object();
			json_object_set_new(current, "heading",
			                    rec_str(g >= 0 ? qf_item_text(&qf->items[g], loc) : NULL));
			json_object_set_new(current, "answers", json_array());
			json_array_append_new(sections, current);
			current_group = g;
		}
		if (qf_is_question(it))
			json_array_append_new(json_object_get(current, "answers"),
			                      answer_model(a, loc, qf, it, &answers[i], route));
	}
	return sections;
}

/* ---- the citizen's pages ----------------------------------------------------------- */

static const char *const list_done_choices[] = {"submitted", NULL};

void web_questionnaires(request *rq, reply *rp)
{
	ctx *x = rq->c;
	const char *done;
	if (!rec_query_choice(rq, rp, "done", list_done_choices, &done))
		return;
	questionnaire_request *list;
	size_t n;
	bool more;
	status st = questionnaires_list(x, &list, &n, &more);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *open = json_array(), *answered = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = request_model(x, &list[i]);
		json_object_set_new(o, "url", rec_str(url_for(x->arena, web_questionnaire, list[i].id)));
		json_object_set_new(
		    o, "by_other", json_boolean(list[i].submitted_by != 0 && list[i].submitted_by != x->who.person_id));
		json_array_append_new(str_eq(list[i].status, "completed") ? answered : open, o);
	}
	json_t *m = json_object();
	json_object_set_new(m, "has_open", json_boolean(json_array_size(open) > 0));
	json_object_set_new(m, "has_answered", json_boolean(json_array_size(answered) > 0));
	json_object_set_new(m, "open", open);
	json_object_set_new(m, "answered", answered);
	json_object_set_new(m, "more", json_boolean(more));
	json_object_set_new(m, "recent_days", json_integer(QUESTIONNAIRE_RECENT_DAYS));
	json_object_set_new(m, "submitted_now", json_boolean(str_eq(done, "submitted")));
	reply_page(rq, rp, "questionnaires", m);
}

static const char *const bool_choices[] = {"true", "false", NULL};
static const char *const no_choices[] = {NULL}; /* a field that only carries an error */

/* The field holding how many instances the occurrence of a repeating
 * group named key (qf_count) has on the page. */
static const char *count_field(arena *a, const char *key)
{
	return arena_printf(a, "r%s", key);
}

/* Whether item i of qf is the first instance of an occurrence of a
 * repeating group: where its count and "add another" belong. */
static bool occurrence_at(const qf_form *qf, size_t i)
{
	return qf_is_repeating_group(&qf->items[i]) && qf->items[i].instance == 0;
}

/* The field holding the unit chosen for quantity item i, when it has a
 * choice of units. */
static const char *unit_field(arena *a, size_t i)
{
	return arena_printf(a, "u%zu", i);
}

/* The select of a quantity's units: its codes. */
static void unit_input(arena *a, const qf_item *it, size_t i, form_field *f)
{
	const char **codes = arena_alloc(a, (it->nunits + 1) * sizeof *codes);
	for (size_t j = 0; j < it->nunits; j++)
		codes[j] = it->units[j].code;
	codes[it->nunits] = NULL;
	*f = (form_field){unit_field(a, i), FORM_ENUM, .label = "questionnaires.unit", .choices = codes};
}

/* The buttons: save, submit, "add another" for each occurrence of a
 * repeating group (by its key) and "remove" for each instance of one that
 * has several (by its item in the form), and those of repeating questions
 * (qform_repeat_choices). */
static const char **action_choices(arena *a, const qf_form *qf)
{
	const char **choices = arena_alloc(a, (2 * qf->n + 3 + qform_repeat_choices(a, qf, NULL)) * sizeof *choices);
	size_t n = qform_repeat_choices(a, qf, choices);
	choices[n++] = "save";
	choices[n++] = "submit";
	for (size_t i = 0; i < qf->n; i++)
		if (occurrence_at(qf, i))
			choices[n++] = arena_printf(a, "add-%s", qf_count_key(a, qf, i));
	for (size_t i = 0; i < qf->n; i++)
		if (qf_is_repeating_group(&qf->items[i]) && qf->items[i].instances > 1)
			choices[n++] = arena_printf(a, "remove-%zu", i);
	choices[n] = NULL;
	return choices;
}

static const char *const remove_choices[] = {"remove", NULL};

/* The input of one question. */
static void input_field(arena *a, const qf_item *it, size_t i, form_field *f)
{
	memset(f, 0, sizeof *f);
	f->name = questionnaires_answer_field(a, i);
	f->label = "questionnaires.field.answer";
	switch (it->type) {
	case QF_BOOLEAN:
		f->kind = FORM_ENUM;
		f->choices = bool_choices;
		break;
	case QF_STRING:
	case QF_TEXT:
		f->kind = FORM_TEXT;
		f->max = (int64_t)it->max_length;
		f->charset = it->type == QF_TEXT ? FORM_CHARS_MULTILINE : FORM_CHARS_LINE;
		break;
	case QF_INTEGER:
		f->kind = FORM_INT;
		f->min = -QF_INTEGER_LIMIT;
		f->max = QF_INTEGER_LIMIT;
		break;
	case QF_DECIMAL:
	case QF_QUANTITY:
		f->kind = FORM_TEXT;
		f->max = RESULT_NUMBER_MAX;
		break;
	case QF_DATE: f->kind = FORM_DATE; break;
	case QF_CHOICE: {
		const char **codes = arena_alloc(a, (it->noptions + 1) * sizeof *codes);
		for (size_t j = 0; j < it->noptions; j++)
			codes[j] = it->options[j].code;
		codes[it->noptions] = NULL;
		f->kind = FORM_ENUM;
		f->choices = codes;
		if (it->repeats) {
			f->flags = FORM_REPEATED;
			f->max_count = it->noptions;
		}
		break;
	}
	case QF_ATTACHMENT:
		/* The files are parts of the same name; the field holds the removals
		 * ("remove", or "remove-<file id>" for each of a repeating item's:
		 * web/answering.c reads them) and the item's problems. */
		if (it->repeats) {
			f->kind = FORM_TEXT;
			f->flags = FORM_REPEATED;
			f->max_count = QF_ITEM_FILES_MAX;
		} else {
			f->kind = FORM_ENUM;
			f->choices = remove_choices;
		}
		break;
	case QF_GROUP:
		/* A required group's problem ("answer one") is on it; nothing is sent for it. */
		f->kind = FORM_ENUM;
		f->choices = no_choices;
		break;
	case QF_DISPLAY: break;
	}
	if (qf_is_repeating_question(it)) { /* a box per answer (web/qform_repeat.c) */
		f->flags = FORM_REPEATED;
		f->max_count = qf_answers_max(it);
	}
}

/* The inputs of a questionnaire's form, one per question (and one per
 * required group, for its error), the number of instances of each
 * occurrence of a repeating group, then the revision the page showed and
 * which button was pressed. Requiredness is the domain's to check (a draft
 * may leave questions open). */
form_field *qform_fields(arena *a, const qf_form *qf, size_t *n)
{
	form_field *fields = arena_alloc(a, (3 * qf->n + 2) * sizeof *fields);
	size_t k = 0;
	for (size_t i = 0; i < qf->n; i++) {
		const qf_item *it = &qf->items[i];
		if (qf_is_input(it) || (it->type == QF_GROUP && (it->required || it->min_occurs > 1)))
			input_field(a, it, i, &fields[k++]); /* read-only and hidden items are never sent */
		if (qf_is_input(it) && it->nunits > 1)
			unit_input(a, it, i, &fields[k++]);
	}
	for (size_t g = 0; g < qf->n; g++)
		if (occurrence_at(qf, g))
			fields[k++] =
			    (form_field){count_field(a, qf_count_key(a, qf, g)), FORM_INT,
			                 .label = "questionnaires.field.instances", .min = 1, .max = QF_INSTANCES_MAX};
	fields[k++] =
	    (form_field){"revision", FORM_INT,        .flags = FORM_REQUIRED, .label = "questionnaires.field.revision",
	                 .min = 0,   .max = INT64_MAX};
	fields[k++] = (form_field){"action", FORM_ENUM, .flags = FORM_REQUIRED, .label = "questionnaires.field.action",
	                           .choices = action_choices(a, qf)};
	*n = k;
	return fields;
}

bool qform_posted(arena *a, const qf_form *qf, const kv_list *in, qf_form *out)
{
	qf_count *v = arena_alloc(a, (in->len ? in->len : 1) * sizeof *v);
	qf_counts *counts = arena_alloc(a, sizeof *counts);
	*counts = (qf_counts){.v = v, .n = 0};
	for (size_t i = 0; i < in->len; i++) {
		const char *name = in->items[i].key;
		int64_t c;
		if (name[0] != 'r' || !isdigit((unsigned char)name[1]))
			continue;
		/* A page shows at most QF_EXPANDED_MAX occurrences. */
		if (counts->n == QF_EXPANDED_MAX || !str_to_i64(in->items[i].value, &c) || c < 1 ||
		    c > QF_INSTANCES_MAX)
			return false;
		v[counts->n++] = (qf_count){.key = name + 1, .n = (size_t)c};
	}
	return qf_expand(a, qf_definition(qf), counts, out) && qform_repeat_posted(a, out, in);
}

bool qform_query(request *rq, reply *rp, const char *const *done_choices, const char **done, const char **add)
{
	const form_field fields[] = {
	    {"done", FORM_ENUM, .label = "record.done", .choices = done_choices},
	    {"add", FORM_TEXT, .label = "record.done", .max = 64, .charset = FORM_CHARS_LINE},
	};
	form q;
	if (form_parse(rq->c->arena, fields, ARRAY_LEN(fields), &rq->query, &q) != ST_OK) {
		reply_error(rq, rp, 400); /* not a link of ours */
		return false;
	}
	*done = form_text(&q, "done");
	*add = form_text(&q, "add");
	return true;
}

status qform_add_instance(arena *a, const char *response, const char *key, qf_form *qf, qf_answer **answers,
                          bool **enabled)
{
	int q = qf_repeating_question_named(a, qf, key);
	if (q >= 0 && qf_is_input(&qf->items[q])) {
		qf_answers_add(a, qf, (size_t)q, *answers);
		return ST_OK;
	}
	const qf_counts *counts = qf_counts_add(a, qf, key);
	if (counts == NULL)
		return ST_INVALID; /* not a link of ours */
	return questionnaires_form_fill(a, qf_definition(qf), response, counts, qf, answers, enabled);
}

const char *qform_action(arena *a, const qf_form *qf, const form *f, qf_answer *answers, const char **add)
{
	const char *action = form_text(f, "action");
	size_t n;
	*add = NULL;
	if (action == NULL || str_eq(action, "submit"))
		return action;
	if (qform_repeat_remove(a, qf, f, action, answers))
		return "save";
	if (str_starts(action, "add-"))
		*add = action + strlen("add-");
	else if (sscanf(action, "remove-%zu", &n) == 1 && n < qf->n)
		for (size_t i = n; i < qf_item_end(qf, n); i++)
			answers[i] = (qf_answer){0}; /* an instance with nothing in it is not kept */
	return "save";
}

/* The answers a parsed form gives, one per item. */
qf_answer *qform_answers(arena *a, const qf_form *qf, const form *f)
{
	qf_answer *answers = arena_alloc(a, (qf->n ? qf->n : 1) * sizeof *answers);
	memset(answers, 0, (qf->n ? qf->n : 1) * sizeof *answers);
	for (size_t i = 0; i < qf->n; i++) {
		if (!qf_is_input(&qf->items[i]) || qf->items[i].type == QF_ATTACHMENT) /* a file is the store's */
			continue;
		const form_value *v = form_get(f, questionnaires_answer_field(a, i));
		if (qf->items[i].repeats) {
			answers[i].values = (const char **)v->items;
			answers[i].n = v->count;
		} else if (v->text != NULL) {
			const char *chosen_unit = qf->items[i].nunits > 1 ? form_text(f, unit_field(a, i)) : NULL;
			answers[i].values = arena_alloc(a, sizeof *answers[i].values);
			/* Without a unit chosen the number alone, which the check refuses. */
			answers[i].values[0] =
			    chosen_unit != NULL ? arena_printf(a, "%s %s", v->text, chosen_unit) : v->text;
			answers[i].n = 1;
		}
	}
	return answers;
}

/* A form showing stored answers, for the first render; a decimal reads
 * with the reader's decimal sign. */
void qform_from_answers(arena *a, enum locale loc, const qf_form *qf, const qf_answer *answers,
                        const form_field *fields, size_t nfields, form *f)
{
	form_init(a, fields, nfields, f);
	for (size_t i = 0; i < qf->n; i++) {
		const qf_item *it = &qf->items[i];
		for (size_t k = 0; qf_is_input(it) && it->type != QF_ATTACHMENT && k < answers[i].n; k++) {
			const char *value = answers[i].values[k];
			if (it->nunits > 1) {
				const qf_unit *u = qf_quantity_unit(it, value);
				form_set(f, unit_field(a, i), u != NULL ? u->code : "");
				value = arena_strndup(a, value, strcspn(value, " "));
			}
			form_set(f, questionnaires_answer_field(a, i),
			         it->type == QF_DECIMAL || it->type == QF_QUANTITY ? decimal_sign(a, loc, value)
			                                                           : value);
		}
	}
	for (size_t g = 0; g < qf->n; g++)
		if (occurrence_at(qf, g))
			form_set(f, count_field(a, qf_count_key(a, qf, g)),
			         arena_printf(a, "%zu", qf->items[g].instances));
}

/* The answers to attachment items are the stored files (stored may be
 * NULL: none), whatever the form says. */
static void stored_files(const qf_form *qf, const qf_answer *stored, qf_answer *answers)
{
	for (size_t i = 0; stored != NULL && i < qf->n; i++)
		if (qf->items[i].type == QF_ATTACHMENT)
			answers[i] = stored[i];
}

/* The domain's checks for the answers the form accepted, so a refused page
 * names every problem at once, not one round at a time. */
void qform_check_rest(arena *a, const qf_form *qf, const qf_answer *stored, form *f, bool submit)
{
	qf_answer *answers = qform_answers(a, qf, f);
	stored_files(qf, stored, answers);
	const bool *enabled = qf_settle(a, qf, answers);
	qf_problem *list;
	size_t n = qf_check(a, qf, answers, enabled, submit, &list);
	for (size_t i = 0; i < n; i++) {
		const qf_item *it = &qf->items[list[i].item];
		const char *name = questionnaires_answer_field(a, list[i].item);
		if ((qf_is_input(it) || it->type == QF_GROUP) && form_get(f, name)->error == NULL)
			form_add_error(f, name, list[i].key, list[i].limit);
	}
}

static bool sent_value(const form_value *v, const char *value)
{
	if (v->nraws > 0) {
		for (size_t i = 0; i < v->nraws; i++)
			if (str_eq(v->raws[i], value))
				return true;
		return false;
	}
	return v->raw != NULL && str_eq(v->raw, value);
}

/* One radio button, checkbox or option; "ui" when its label is in the
 * portal's words (yes, no), not the form's. */
static json_t *option_model(arena *a, const char *id, size_t j, const char *value, const char *label,
                            const form_value *v, bool ui)
{
	json_t *o = json_object();
	json_object_set_new(o, "ui", json_boolean(ui));
	json_object_set_new(o, "id", json_string(arena_printf(a, "%s-%zu", id, j)));
	json_object_set_new(o, "value", rec_str(value));
	json_object_set_new(o, "label", rec_str(label));
	json_object_set_new(o, "checked", json_boolean(sent_value(v, value)));
	return o;
}

/* The allowed range of a number or date (minValue, maxValue) in the
 * reader's words: "Fra og med 0 til og med 7"; NULL without one. */
static const char *range_hint(arena *a, enum locale loc, const qf_item *it)
{
	if (it->min_value == NULL && it->max_value == NULL)
		return NULL;
	const char *lo = it->min_value, *hi = it->max_value;
	if (it->type == QF_DATE) {
		lo = lo ? i18n_date_text(a, loc, lo) : NULL;
		hi = hi ? i18n_date_text(a, loc, hi) : NULL;
	} else {
		lo = lo ? value_text(a, loc, it, lo) : NULL;
		hi = hi ? value_text(a, loc, it, hi) : NULL;
	}
	if (lo != NULL && hi != NULL)
		return arena_printf(a, "%s %s %s %s", i18n_text(loc, "questionnaires.range.from"), lo,
		                    i18n_text(loc, "questionnaires.range.to"), hi);
	return arena_printf(a, "%s %s",
	                    i18n_text(loc, lo != NULL ? "questionnaires.range.min" : "questionnaires.range.max"),
	                    lo != NULL ? lo : hi);
}

/* A quantity's choice of units for its select (its field's name and the
 * options, the chosen one, else the first, selected); NULL without a
 * choice. */
static json_t *units_model(arena *a, const qf_item *it, size_t i, const form *f)
{
	if (it->nunits < 2 || !qf_is_input(it))
		return NULL;
	const form_value *v = form_get(f, unit_field(a, i));
	const char *chosen = v != NULL ? v->raw : NULL;
	json_t *list = json_array();
	for (size_t j = 0; j < it->nunits; j++) {
		bool selected = chosen != NULL ? str_eq(chosen, it->units[j].code) : j == 0;
		json_array_append_new(list, json_pack("{s:o, s:o, s:b}", "value", rec_str(it->units[j].code), "label",
		                                      rec_str(it->units[j].display), "selected", selected));
	}
	return json_pack("{s:s, s:o}", "name", unit_field(a, i), "options", list);
}

/* The national portal's sublabel ("sublabel": its Markdown's spans, with
 * "lang" the form's own language where the reader sees the form's texts in
 * the other; null without): under the label, as refero shows it. */
static void sublabel_into(json_t *o, const qf_form *qf, const qf_item *it, enum locale loc)
{
	if (it->sublabel == NULL) {
		json_object_set_new(o, "sublabel", json_null());
		return;
	}
	const char *own = qf_definition(qf)->language;
	json_t *s = json_pack("{s:o, s:o}", "spans", qform_markdown_spans(it->sublabel), "lang",
	                      str_eq(qf_text_language(qf, loc), own) ? json_null() : json_string(own));
	json_object_set_new(o, "sublabel", s);
}

/* What is said under a question's label: "hint" when anything is, the
 * sublabel (sublabel_into), the format to type in (entryFormat, in the
 * form's words) and the allowed range (in the portal's). */
static void hint_into(json_t *o, arena *a, enum locale loc, const qf_item *it)
{
	const char *range = range_hint(a, loc, it);
	json_object_set_new(o, "hint", json_boolean(it->sublabel != NULL || it->entry_format != NULL || range != NULL));
	json_object_set_new(o, "hint_more", json_boolean(it->entry_format != NULL || range != NULL));
	json_object_set_new(o, "hint_format", rec_str(it->entry_format));
	json_object_set_new(o, "hint_range", rec_str(range));
}

/* What a file item takes, in words: "PDF eller PNG, høyst én fil på 4 MB."
 * or, repeating, "…, høyst 5 filer, hver på høyst 500 kB." */
static const char *file_hint(arena *a, enum locale loc, const qf_item *it)
{
	size_t n;
	const char **names = qf_file_type_names(a, it, &n);
	const char *types = names[0];
	for (size_t k = 1; k < n; k++)
		types = k + 1 < n
		            ? arena_printf(a, "%s, %s", types, names[k])
		            : arena_printf(a, "%s %s %s", types, i18n_text(loc, "questionnaires.file.or"), names[k]);
	size_t most = qf_file_max(it);
	const char *size = most % (1024 * 1024) == 0 ? arena_printf(a, "%zu MB", most / (1024 * 1024))
	                                             : arena_printf(a, "%zu kB", most / 1024);
	if (!it->repeats)
		return arena_printf(a, "%s, %s %s.", types, i18n_text(loc, "questionnaires.file.one"), size);
	return arena_printf(a, "%s, %s %zu %s %s.", types, i18n_text(loc, "questionnaires.file.most"), qf_files_max(it),
	                    i18n_text(loc, "questionnaires.file.each"), size);
}

/* A file item's model: its hint, the types its input accepts, and each
 * saved file with a link and its own remove choice ("remove" on an item
 * that does not repeat, "remove-<file id>" on one that does); the input
 * goes once the item holds all it takes. */
static void files_into(json_t *o, arena *a, enum locale loc, const qf_item *it, const char *id,
                       const qf_answer *settled)
{
	json_object_set_new(o, "file_hint", json_string(file_hint(a, loc, it)));
	json_object_set_new(o, "file_accept", json_string(qf_file_accept(a, it)));
	json_object_set_new(o, "file_full", json_boolean(it->repeats && settled->n >= qf_files_max(it)));
	json_object_set_new(o, "file_replaces", json_boolean(!it->repeats && settled->n > 0));
	json_t *files = json_array();
	for (size_t k = 0; k < settled->n; k++) {
		qf_attachment att;
		if (!qf_attachment_parse(a, settled->values[k], &att))
			continue;
		const char *slash = strrchr(att.url, '/');
		json_array_append_new(
		    files,
		    json_pack("{s:s, s:s, s:s, s:s}", "file_name", att.title, "file_href", att.url, "remove_id",
		              it->repeats ? arena_printf(a, "%s-remove-%zu", id, k) : arena_printf(a, "%s-remove", id),
		              "remove_value",
		              it->repeats && slash != NULL ? arena_printf(a, "remove-%s", slash + 1) : "remove"));
	}
	json_object_set_new(o, "files", files);
}

/* The item's error message: the form's own (validationtext, in the form's
 * language: "error_own") when it has one, else the portal's. */
static void error_into(json_t *o, const qf_item *it, const form *f, const form_value *v, enum locale loc)
{
	const char *message = v != NULL ? form_message(f, v, loc) : NULL;
	bool own = message != NULL && it->validation_text != NULL;
	json_object_set_new(o, "error", rec_str(own ? it->validation_text : message));
	json_object_set_new(o, "error_own", json_boolean(own));
}

/* A display text's blocks ("blocks": its Markdown's, when shown in its
 * language; else empty) and how it is shown (the national portal's
 * itemControls: "highlight", "sidebar"). */
static void display_into(json_t *o, const qf_form *qf, const qf_item *it, enum locale loc)
{
	const char *markdown = shown_markdown(qf, it, loc);
	json_object_set_new(o, "blocks", markdown != NULL ? qform_markdown_blocks(markdown) : json_array());
	json_object_set_new(o, "highlight", json_boolean(it->show == QF_SHOW_HIGHLIGHT));
	json_object_set_new(o, "sidebar", json_boolean(it->show == QF_SHOW_SIDEBAR));
}

/* One item of the form as the template shows it; every flag is set, so a
 * member of a group never picks up its group's flags. */
static json_t *input_model(request *rq, const qf_form *qf, const qf_item *it, size_t i, const form *f,
                           const qf_answer *settled)
{
	arena *a = rq->c->arena;
	enum locale loc = rq->c->locale;
	json_t *o = json_object();
	const char *id = arena_printf(a, "f-a%zu", i);
	json_object_set_new(o, "id", json_string(id));
	json_object_set_new(o, "name", json_string(questionnaires_answer_field(a, i)));
	text_into(o, qf, it, loc);
	json_object_set_new(o, "prefix", rec_str(it->prefix));
	display_into(o, qf, it, loc);
	sublabel_into(o, qf, it, loc);
	if (qf_is_question(it) && it->read_only) {
		/* Shown with its value, never an input: the server keeps the initial value. */
		json_object_set_new(o, "readonly", json_true());
		values_into(o, a, loc, it, settled, "");
		return o;
	}
	json_object_set_new(o, "required", json_boolean(it->required));
	json_object_set_new(o, "display", json_boolean(it->type == QF_DISPLAY));
	bool boxes = qf_is_repeating_question(it);
	if (boxes)
		qform_repeat_into(o, a, qf, i, f, id);
	json_object_set_new(o, "line", json_boolean(it->type == QF_STRING && !boxes));
	json_object_set_new(o, "multiline", json_boolean(it->type == QF_TEXT && !boxes));
	json_object_set_new(o, "integer", json_boolean(it->type == QF_INTEGER && !boxes));
	json_object_set_new(o, "decimal", json_boolean((it->type == QF_DECIMAL || it->type == QF_QUANTITY) && !boxes));
	json_object_set_new(o, "unit", rec_str(it->nunits > 1 ? NULL : it->unit.display));
	json_object_set_new(o, "units", units_model(a, it, i, f));
	hint_into(o, a, loc, it);
	json_object_set_new(o, "date", json_boolean(it->type == QF_DATE && !boxes));
	bool single = it->type == QF_BOOLEAN || (it->type == QF_CHOICE && !it->repeats);
	json_object_set_new(o, "radios", json_boolean(single && !it->drop_down));
	json_object_set_new(o, "select", json_boolean(single && it->drop_down));
	json_object_set_new(o, "checkboxes", json_boolean(it->type == QF_CHOICE && it->repeats));
	json_object_set_new(o, "file", json_boolean(it->type == QF_ATTACHMENT));
	if (it->type == QF_ATTACHMENT)
		files_into(o, a, loc, it, id, settled);
	json_object_set_new(o, "maxlength", json_integer((json_int_t)it->max_length));
	json_t *options = json_array();
	const form_value *v = qf_is_input(it) ? form_get(f, questionnaires_answer_field(a, i)) : NULL;
	if (it->type == QF_BOOLEAN) {
		json_array_append_new(options,
		                      option_model(a, id, 0, "true", i18n_text(loc, "questionnaires.yes"), v, true));
		json_array_append_new(options,
		                      option_model(a, id, 1, "false", i18n_text(loc, "questionnaires.no"), v, true));
	}
	for (size_t j = 0; it->type == QF_CHOICE && j < it->noptions; j++)
		json_array_append_new(options, option_model(a, id, j, it->options[j].code,
		                                            qf_option_display(&it->options[j], loc), v, false));
	json_object_set_new(o, "options", options);
	json_object_set_new(o, "value", rec_str(v != NULL ? v->raw : NULL));
	error_into(o, it, f, v, loc);
	return o;
}

/* A group's fieldset as the template opens it: its legend, the error of
 * a required group, and for an instance of a repeating group its number
 * and, when there are several, a button that removes it. */
static json_t *group_model(request *rq, const qf_form *qf, size_t i, const form *f)
{
	arena *a = rq->c->arena;
	const qf_item *it = &qf->items[i];
	json_t *g = json_pack("{s:b}", "open", 1);
	json_object_set_new(g, "id", json_string(arena_printf(a, "f-a%zu", i)));
	text_into(g, qf, it, rq->c->locale);
	json_object_set_new(g, "prefix", rec_str(it->prefix));
	json_object_set_new(g, "required", json_boolean(it->required));
	const form_value *v =
	    it->required || it->min_occurs > 1 ? form_get(f, questionnaires_answer_field(a, i)) : NULL;
	error_into(g, it, f, v, rq->c->locale);
	if (qf_is_repeating_group(it) && it->instances > 1) {
		json_object_set_new(g, "instance", json_integer(it->instance + 1));
		json_object_set_new(g, "remove", json_string(arena_printf(a, "remove-%zu", i)));
	}
	return g;
}

/* After the last instance of a repeating group: its "add another" button,
 * while it may have more; hidden and disabled with the group. */
static json_t *add_model(request *rq, const qf_form *qf, size_t g, const bool *enabled)
{
	const qf_item *it = &qf->items[g];
	if ((size_t)it->instance + 1 != it->instances || it->instances >= qf_instances_max(it))
		return NULL;
	json_t *o = json_pack("{s:b, s:b}", "add", 1, "off", !enabled[g]);
	json_object_set_new(o, "part_of", json_string(arena_printf(rq->c->arena, "%zu", g)));
	json_object_set_new(o, "value",
	                    json_string(arena_printf(rq->c->arena, "add-%s", qf_count_key(rq->c->arena, qf, g))));
	json_object_set_new(o, "text", rec_str(qf_item_text(it, rq->c->locale)));
	json_object_set_new(o, "add_text", rec_str(it->repeats_text));
	return o;
}

/* The form's items in document order, as a flat list the template walks:
 * a group opens a fieldset ("open", with its text as the legend) and
 * closes it after its last item ("close"), followed by "add another" after
 * a repeating group's last instance; the rest are inputs. Hidden items are
 * not on the page. Items that enableWhen turns off with the answers as
 * they stand are, hidden and disabled: without JavaScript they show once
 * the answers that turn them on are saved, with it at once
 * (qform_enable_into). */
json_t *qform_inputs(request *rq, const qf_form *qf, const form *f, const qf_answer *settled, const bool *enabled)
{
	json_t *list = json_array();
	int open[QF_DEPTH_MAX + 1];
	size_t nopen = 0;
	for (size_t i = 0; i <= qf->n; i++) {
		/* Close the fieldsets this item is not within. */
		int parent = i < qf->n ? qf->items[i].group : -1;
		while (nopen > 0) {
			int g = open[nopen - 1], k = parent;
			while (k >= 0 && k != g)
				k = qf->items[k].group;
			if (k == g)
				break;
			json_array_append_new(
			    list, json_pack("{s:b, s:b}", "close", 1, "details", qf->items[g].type != QF_GROUP));
			json_t *add =
			    qf_is_repeating_group(&qf->items[g]) ? add_model(rq, qf, (size_t)g, enabled) : NULL;
			if (add != NULL)
				json_array_append_new(list, add);
			nopen--;
		}
		if (i == qf->n)
			break;
		const qf_item *it = &qf->items[i];
		if (it->hidden) {
			/* Skip the item and everything within it. */
			i = qf_item_end(qf, i) - 1;
			continue;
		}
		if (it->show == QF_SHOW_INLINE) {
			/* A section the reader opens, its texts within it (refero's InlineComponent). */
			json_t *d = json_pack("{s:b}", "details_open", 1);
			text_into(d, qf, it, rq->c->locale);
			qform_enable_into(rq->c->arena, d, qf, i, settled, enabled);
			json_array_append_new(list, d);
			open[nopen++] = (int)i;
			continue;
		}
		if (it->type == QF_GROUP) {
			json_t *g = group_model(rq, qf, i, f);
			qform_enable_into(rq->c->arena, g, qf, i, settled, enabled);
			json_array_append_new(list, g);
			open[nopen++] = (int)i;
			continue;
		}
		json_t *o = input_model(rq, qf, it, i, f, &settled[i]);
		qform_enable_into(rq->c->arena, o, qf, i, settled, enabled);
		json_object_set_new(o, "input", json_true());
		json_array_append_new(list, o);
	}
	return list;
}

/* A question's text as the error summary names it, before ": message":
 * without a colon of its own at the end ("Land:"), at most 80 characters
 * (77 and "…"), never cut inside a character. */
static const char *summary_label(arena *a, const char *text)
{
	size_t len = strlen(text);
	while (len > 0 && (text[len - 1] == ':' || text[len - 1] == ' '))
		len--;
	if (utf8_prefix(text, len, 80) == len)
		return arena_printf(a, "%.*s", (int)len, text);
	return arena_printf(a, "%.*s…", (int)utf8_prefix(text, len, 77), text);
}

/* The error summary names the question, not a generic label. */
void qform_summary_labels(json_t *m, arena *a, enum locale loc, const qf_form *qf)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(m, "form_errors"), i, e)
	{
		const char *href = json_string_value(json_object_get(e, "href"));
		size_t item;
		if (href != NULL && sscanf(href, "#f-a%zu", &item) == 1 && item < qf->n) {
			const qf_item *it = &qf->items[item];
			const char *markdown = shown_markdown(qf, it, loc);
			const char *text = markdown != NULL ? qform_markdown_plain(a, markdown) : qf_item_text(it, loc);
			json_object_set_new(e, "label", json_string(summary_label(a, text)));
			if (it->validation_text != NULL)
				json_object_set_new(e, "message", json_string(it->validation_text));
		}
	}
}

void qform_lang_into(json_t *m, const qf_form *qf, enum locale loc)
{
	const char *form_lang = qf_text_language(qf, loc), *page_lang = i18n_locale_code(loc);
	json_object_set_new(m, "form_lang", json_string(form_lang));
	json_object_set_new(m, "ui_lang", str_eq(form_lang, page_lang) ? json_null() : json_string(page_lang));
}

enum notice { NOTICE_NONE, NOTICE_SAVED, NOTICE_CHANGED, NOTICE_CLOSED };

bool qform_model(request *rq, json_t *m, const qf_form *qf, const qf_answer *stored, form *f, int64_t revision)
{
	arena *a = rq->c->arena;
	enum locale loc = rq->c->locale;
	size_t nfields;
	form_field *fields = qform_fields(a, qf, &nfields);
	form first;
	if (f == NULL) {
		qform_from_answers(a, loc, qf, stored, fields, nfields, &first);
		f = &first;
	}
	qf_answer *settled = qform_answers(a, qf, f);
	stored_files(qf, stored, settled);
	const bool *enabled = qf_settle(a, qf, settled);
	json_object_set_new(m, "items", qform_inputs(rq, qf, f, settled, enabled));
	json_object_set_new(m, "multipart", json_boolean(qf_has_attachment(qf)));
	json_object_set_new(m, "page_script", json_string("questionnaire.js"));
	qform_lang_into(m, qf, loc);
	json_object_set_new(m, "revision", json_integer(revision));
	json_t *counts = json_array();
	for (size_t g = 0; g < qf->n; g++)
		if (occurrence_at(qf, g)) {
			const char *name = count_field(a, qf_count_key(a, qf, g));
			json_array_append_new(counts,
			                      json_pack("{s:s, s:s?}", "name", name, "value", form_get(f, name)->raw));
		}
	json_object_set_new(m, "repeating",
	                    json_boolean(json_array_size(counts) > 0 || qform_repeat_choices(a, qf, NULL) > 0));
	json_object_set_new(m, "counts", counts);
	form_model_into(m, f, loc);
	qform_summary_labels(m, a, loc, qf);
	return f->nerrors > 0;
}

/* Renders a questionnaire: the form while it can be answered, else the
 * answers. f is the form to show (NULL: the stored answers). */
static void questionnaire_page(request *rq, reply *rp, const questionnaire_view *v, form *f, enum notice notice)
{
	ctx *x = rq->c;
	arena *a = x->arena;
	json_t *m = request_model(x, &v->r);
	json_object_set_new(m, "url", rec_str(url_for(a, web_questionnaire_answer, v->r.id)));
	json_object_set_new(m, "answerable", json_boolean(v->answerable));
	json_object_set_new(m, "patient_only", json_boolean(v->patient_only));
	json_object_set_new(m, "own", json_boolean(x->who.person_id == x->subject_id));
	json_object_set_new(m, "by_other",
	                    json_boolean(v->r.submitted_by != 0 && v->r.submitted_by != x->who.person_id));
	json_object_set_new(m, "saved", json_boolean(notice == NOTICE_SAVED));
	json_object_set_new(m, "changed", json_boolean(notice == NOTICE_CHANGED));
	json_object_set_new(m, "closed", json_boolean(notice == NOTICE_CLOSED));
	json_object_set_new(m, "name", rec_str(request_title(&v->r, x->locale)));
	qform_lang_into(m, &v->form, x->locale);
	if (v->r.saved_at != 0)
		json_object_set_new(m, "saved_at", rec_str(i18n_time_text(a, x->locale, v->r.saved_at)));
	if (!v->answerable) {
		json_object_set_new(m, "sections",
		                    qform_answers_model(a, x->locale, &v->form, v->answers, v->enabled, ""));
		reply_page(rq, rp, "questionnaire", m);
		return;
	}
	if (qform_model(rq, m, &v->form, v->answers, f, v->r.revision)) {
		json_object_set_new(
		    m, "title",
		    json_sprintf("%s: %s", i18n_text(x->locale, "form.error.title"), request_title(&v->r, x->locale)));
		rp->status = 400;
	}
	reply_page(rq, rp, "questionnaire", m);
}

static const char *const done_choices[] = {"saved", "closed", NULL};

static status answer_get(const ctx *x, int64_t id, void *view, answer_form *af)
{
	questionnaire_view *v = view;
	status st = questionnaires_get(x, id, v);
	*af = (answer_form){&v->form, &v->answers, &v->enabled, v->r.response, st == ST_OK && v->answerable};
	return st;
}

static void answer_show(request *rq, reply *rp, void *view, form *f, bool changed)
{
	questionnaire_page(rq, rp, view, f, changed ? NOTICE_CHANGED : NOTICE_NONE);
}

/* The questionnaire's form as web/answering.h answers it: one that may no
 * longer be answered goes to its page with ?done=closed. */
static const answer_page questionnaire_answers = {
    .get = answer_get,
    .show = answer_show,
    .save_files = questionnaires_answer_files,
    .list = web_questionnaires,
    .page = web_questionnaire,
    .shut_done = "closed",
    .shut_first = false,
};

void web_questionnaire_file(request *rq, reply *rp)
{
	questionnaire_attachment t = {0};
	const uint8_t *data;
	size_t len;
	status st = questionnaires_attachment(rq->c, req_id(rq, "id"), req_id(rq, "aid"), &t, &data, &len);
	web_upload_reply(rq, rp, st, &t.file, data, len);
}

void web_questionnaire(request *rq, reply *rp)
{
	questionnaire_view v;
	const char *done;
	if (!answer_page_open(rq, rp, &questionnaire_answers, done_choices, &v, &done))
		return;
	enum notice notice = str_eq(done, "saved")    ? NOTICE_SAVED
	                     : str_eq(done, "closed") ? NOTICE_CLOSED
	                                              : NOTICE_NONE;
	questionnaire_page(rq, rp, &v, NULL, notice);
}

void web_questionnaire_answer(request *rq, reply *rp)
{
	questionnaire_view v, now;
	answer_posted(rq, rp, &questionnaire_answers, &v, &now);
}

/* {title, due, due_iso, url}: an open questionnaire on the home page. */
static json_t *home_model(const ctx *x, const questionnaire_brief *b)
{
	json_t *o = json_object();
	json_object_set_new(o, "title",
	                    rec_str(x->locale == LOCALE_EN && b->title_en != NULL ? b->title_en : b->title_nb));
	json_object_set_new(o, "due", rec_str(i18n_date_text(x->arena, x->locale, b->due_on)));
	json_object_set_new(o, "due_iso", rec_str(b->due_on));
	json_object_set_new(o, "url", rec_str(url_for(x->arena, web_questionnaire, b->id)));
	return o;
}

/* The home page's appointment item (from web_home_appointments) for
 * appointment id, or NULL when the home page does not list it. */
static json_t *home_appointment(json_t *m, int64_t id)
{
	json_t *appointments = json_object_get(m, "home_appointments");
	for (size_t i = 0; id != 0 && i < json_array_size(appointments); i++) {
		json_t *a = json_array_get(appointments, i);
		if (json_integer_value(json_object_get(a, "id")) == id)
			return a;
	}
	return NULL;
}

/* The list of questionnaires under a home page appointment item. */
static json_t *appointment_forms(json_t *a)
{
	json_t *forms = json_object_get(a, "forms");
	if (forms == NULL) {
		forms = json_array();
		json_object_set_new(a, "forms", forms);
		json_object_set_new(a, "has_forms", json_true());
	}
	return forms;
}

/* The home page's questionnaires to answer (SPEC.md A3), a few with a link.
 * One tied to an appointment the home page lists is shown under that
 * appointment, not again in the questionnaires card (three at most there,
 * and only those are modelled). */
void web_home_questionnaires(request *rq, json_t *m)
{
	questionnaire_brief *list;
	size_t n;
	status st = questionnaires_open(rq->c, &list, &n);
	json_object_set_new(m, "home_questionnaires_shown", json_boolean(st == ST_OK));
	if (st != ST_OK)
		return;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *under = home_appointment(m, list[i].appointment_id);
		if (under == NULL && json_array_size(arr) == 3)
			continue;
		json_array_append_new(under != NULL ? appointment_forms(under) : arr, home_model(rq->c, &list[i]));
	}
	json_object_set_new(m, "home_has_questionnaires", json_boolean(json_array_size(arr) > 0));
	json_object_set_new(m, "home_questionnaires", arr);
}

/* ---- clinicians ------------------------------------------------------------------------- */

static const form_field send_fields[] = {
    {"questionnaire", FORM_INT, .flags = FORM_REQUIRED, .label = "questionnaires.field.questionnaire", .min = 1,
     .max = INT64_MAX},
    {"due_on", FORM_DATE, .label = "questionnaires.field.due_on"},
    {"hidden", FORM_BOOL, .label = "questionnaires.field.hidden"},
    {"appointment", FORM_INT, .label = "questionnaires.field.appointment", .min = 1, .max = INT64_MAX},
};

static const char *const staff_done_choices[] = {"sent", "withdrawn", "unchanged", NULL};

static json_t *patient_model(arena *ar, const person *p, const chart_access *a)
{
	record_patient rp = {.who = *p, .access = *a};
	return rec_patient_model(ar, &rp);
}

/* The upcoming appointments a questionnaire may be tied to, the chosen one selected. */
static json_t *appointments_model(const ctx *x, const appointment *ap, size_t n, const form *f)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *label = json_sprintf("%s, %s", i18n_time_text(x->arena, x->locale, ap[i].start_at),
		                             x->locale == LOCALE_EN ? ap[i].type.name_en : ap[i].type.name_nb);
		json_array_append_new(arr, rec_id_option(x->arena, ap[i].id, label, rec_raw(f, "appointment")));
	}
	return arr;
}

static void staff_page(request *rq, reply *rp, int64_t patient_id, const form *f, const char *done)
{
	ctx *x = rq->c;
	questionnaires_staff_view v;
	status st = questionnaires_staff_list(x, patient_id, &v);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_object_set_new(m, "patient", patient_model(x->arena, &v.patient, &v.access));
	json_t *sent = json_array();
	for (size_t i = 0; i < v.n; i++) {
		json_t *o = request_model(x, &v.sent[i]);
		const char *url = url_for(x->arena, web_staff_questionnaire, patient_id, v.sent[i].id);
		json_object_set_new(o, "url", rec_str(url));
		json_array_append_new(sent, o);
	}
	json_object_set_new(m, "sent", sent);
	json_object_set_new(m, "listed", json_boolean(v.n > 0));
	json_object_set_new(m, "more", json_boolean(v.more));
	json_t *available = json_array();
	for (size_t i = 0; i < v.navailable; i++) {
		const questionnaire_def *d = &v.available[i];
		const char *title = x->locale == LOCALE_EN && d->title_en ? d->title_en : d->title_nb;
		json_array_append_new(available,
		                      rec_id_option(x->arena, d->id, json_sprintf("%s (%s)", title, d->version),
		                                    rec_raw(f, "questionnaire")));
	}
	json_object_set_new(m, "available", available);
	json_object_set_new(m, "appointments", appointments_model(x, v.appointments, v.nappointments, f));
	json_object_set_new(m, "has_appointments", json_boolean(v.nappointments > 0));
	json_object_set_new(m, "can_send", json_boolean(v.navailable > 0 && !v.access.emergency));
	json_object_set_new(m, "action", rec_str(url_for(x->arena, web_staff_questionnaires_send, patient_id)));
	if (done != NULL)
		json_object_set_new(m, arena_printf(x->arena, "notice_%s", done), json_true());
	if (f->nerrors > 0)
		rec_refused(rq, rp, m, f, "staff_questionnaires");
	else
		form_model_into(m, f, x->locale);
	reply_page(rq, rp, "staff_questionnaires", m);
}

void web_staff_questionnaires(request *rq, reply *rp)
{
	const char *done;
	if (!rec_query_choice(rq, rp, "done", staff_done_choices, &done))
		return;
	form f;
	form_init(rq->c->arena, send_fields, ARRAY_LEN(send_fields), &f);
	staff_page(rq, rp, req_id(rq, "id"), &f, done);
}

void web_staff_questionnaires_send(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t patient_id = req_id(rq, "id");
	form f;
	status parsed = form_parse(x->arena, send_fields, ARRAY_LEN(send_fields), &rq->form, &f);
	questionnaire_send in = {
	    .questionnaire_id = form_int(&f, "questionnaire", 0),
	    .due_on = form_text(&f, "due_on"),
	    .hidden_from_guardians = form_bool(&f, "hidden"),
	    .appointment_id = form_int(&f, "appointment", 0),
	};
	problems *pr = arena_alloc(x->arena, sizeof *pr);
	int64_t id = 0;
	status st = parsed == ST_OK ? questionnaires_send(x, patient_id, &in, pr, &id) : ST_INVALID;
	if (!reply_posted(rq, rp, st, rec_done_url(x->arena, web_staff_questionnaires, patient_id, "sent")))
		return;
	form_add_problems(&f, pr); /* none when the form did not parse */
	staff_page(rq, rp, patient_id, &f, NULL);
}

void web_staff_questionnaire(request *rq, reply *rp)
{
	ctx *x = rq->c;
	const char *done;
	if (!rec_query_choice(rq, rp, "done", staff_done_choices, &done))
		return;
	int64_t patient_id = req_id(rq, "id");
	questionnaire_view v;
	status st = questionnaires_staff_get(x, patient_id, req_id(rq, "qid"), &v);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = request_model(x, &v.r);
	json_object_set_new(m, "patient", patient_model(x->arena, &v.patient, &v.access));
	json_object_set_new(m, "sections",
	                    qform_answers_model(x->arena, x->locale, &v.form, v.answers, v.enabled,
	                                        url_for(x->arena, web_staff_chart, patient_id)));
	qform_lang_into(m, &v.form, x->locale);
	json_object_set_new(m, "open", json_boolean(str_eq(v.r.status, "sent") || str_eq(v.r.status, "in_progress")));
	json_object_set_new(m, "by_patient", json_boolean(v.r.submitted_by == patient_id));
	json_object_set_new(m, "list_url", rec_str(url_for(x->arena, web_staff_questionnaires, patient_id)));
	json_object_set_new(m, "withdraw_url",
	                    rec_str(url_for(x->arena, web_staff_questionnaire_withdraw, patient_id, v.r.id)));
	if (done != NULL)
		json_object_set_new(m, arena_printf(x->arena, "notice_%s", done), json_true());
	reply_page(rq, rp, "staff_questionnaire", m);
}

static const form_field withdraw_fields[] = {
    {"confirm", FORM_BOOL, .flags = FORM_REQUIRED, .label = "questionnaires.staff.withdraw_confirm"},
};

void web_staff_questionnaire_withdraw(request *rq, reply *rp)
{
	ctx *x = rq->c;
	form f;
	if (form_parse(x->arena, withdraw_fields, ARRAY_LEN(withdraw_fields), &rq->form, &f) != ST_OK ||
	    !form_bool(&f, "confirm")) {
		reply_error(rq, rp, 400);
		return;
	}
	int64_t patient_id = req_id(rq, "id"), id = req_id(rq, "qid");
	status st = questionnaires_withdraw(x, patient_id, id);
	if (st == ST_OK || st == ST_CONFLICT) {
		const char *page = url_for(x->arena, web_staff_questionnaire, patient_id, id);
		const char *done = st == ST_OK ? "withdrawn" : "unchanged";
		reply_redirect(rq, rp, arena_printf(x->arena, "%s?done=%s", page, done));
		return;
	}
	reply_status(rq, rp, st);
}

void web_staff_questionnaires_queue(request *rq, reply *rp)
{
	ctx *x = rq->c;
	questionnaire_queue_item *items;
	size_t n;
	bool more;
	status st = questionnaires_queue(x, &items, &n, &more);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const questionnaire_request *r = &items[i].r;
		json_t *o = request_model(x, r);
		json_object_set_new(o, "patient_name", rec_str(items[i].patient_name));
		json_object_set_new(o, "patient_nin", rec_str(items[i].patient_nin));
		const char *url = url_for(x->arena, web_staff_questionnaire, r->patient_id, r->id);
		json_object_set_new(o, "url", rec_str(url));
		json_array_append_new(list, o);
	}
	json_t *m = json_object();
	json_object_set_new(m, "items", list);
	json_object_set_new(m, "listed", json_boolean(n > 0));
	json_object_set_new(m, "more", json_boolean(more));
	reply_page(rq, rp, "staff_queue_questionnaires", m);
}

void web_staff_questionnaire_file(request *rq, reply *rp)
{
	questionnaire_attachment t = {0};
	const uint8_t *data;
	size_t len;
	status st = questionnaires_staff_attachment(rq->c, req_id(rq, "id"), req_id(rq, "qid"), req_id(rq, "aid"), &t,
	                                            &data, &len);
	web_upload_reply(rq, rp, st, &t.file, data, len);
}
