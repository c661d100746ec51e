/* questionnaire_form.c — reading FHIR Questionnaires, checking answers and
 * writing QuestionnaireResponses (the subset of questionnaire_form.h). */
#include "domain/questionnaire_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/core.h"
#include "domain/results.h"

#define TRANSLATION_URL "http://hl7.org/fhir/StructureDefinition/translation"

/* Significant digits of a decimal answer in the response: every decimal a
 * person types (RESULT_NUMBER_MAX characters) survives, and 0.1 stays 0.1. */
enum { DECIMAL_DIGITS = 15 };

/* ---- reading a Questionnaire --------------------------------------------------- */

struct parse {
	arena *a;
	const char *error;
	qf_form *f;
	size_t cap;
};

/* Records the problem: "where: what", or just what. */
static bool fail(struct parse *p, const char *where, const char *what)
{
	p->error = where != NULL ? arena_printf(p->a, "%s: %s", where, what) : what;
	return false;
}

/* A string member of o within 1..max characters; NULL when absent. */
static bool text_member(struct parse *p, json_t *o, const char *key, size_t max, bool required, const char *where,
                        const char **out)
{
	*out = NULL;
	json_t *v = json_object_get(o, key);
	if (v == NULL) {
		if (!required)
			return true;
		p->error = arena_printf(p->a, "%s: '%s' is missing", where, key);
		return false;
	}
	const char *s = json_string_value(v);
	if (s == NULL || s[0] == '\0' || utf8_length(s) > max) {
		p->error = arena_printf(p->a, "%s: '%s' must be text of 1 to %zu characters", where, key, max);
		return false;
	}
	*out = arena_strdup(p->a, s);
	return true;
}

/* The English translation in the extension of a primitive's "_key" element. */
static bool translation(struct parse *p, json_t *o, const char *key, size_t max, const char *where,
                        const char **out)
{
	*out = NULL;
	char underscored[32];
	snprintf(underscored, sizeof underscored, "_%s", key);
	json_t *ext = json_object_get(json_object_get(o, underscored), "extension");
	size_t i;
	json_t *e;
	json_array_foreach(ext, i, e) {
		if (!str_eq(json_string_value(json_object_get(e, "url")), TRANSLATION_URL))
			continue;
		const char *lang = NULL, *content = NULL;
		size_t j;
		json_t *part;
		json_array_foreach(json_object_get(e, "extension"), j, part) {
			const char *url = json_string_value(json_object_get(part, "url"));
			if (str_eq(url, "lang"))
				lang = json_string_value(json_object_get(part, "valueCode"));
			else if (str_eq(url, "content"))
				content = json_string_value(json_object_get(part, "valueString"));
		}
		if (lang == NULL || !(str_eq(lang, "en") || str_starts(lang, "en-")))
			continue;
		if (content == NULL || content[0] == '\0' || utf8_length(content) > max) {
			p->error = arena_printf(p->a, "%s: the English '%s' must be text of 1 to %zu characters", where, key, max);
			return false;
		}
		*out = arena_strdup(p->a, content);
	}
	return true;
}

static const struct {
	const char *name;
	enum qf_type type;
} item_types[] = {
    {"group", QF_GROUP},     {"display", QF_DISPLAY}, {"boolean", QF_BOOLEAN},
    {"string", QF_STRING},   {"text", QF_TEXT},       {"integer", QF_INTEGER},
    {"decimal", QF_DECIMAL}, {"date", QF_DATE},       {"choice", QF_CHOICE},
};

/* Members that would change how the form behaves: refused, not ignored. */
static const char *const unsupported[] = {"enableWhen", "enableBehavior", "answerValueSet", "initial", "readOnly",
                                          "modifierExtension", NULL};

/* Extensions on an item that change what the patient sees. */
#define HIDDEN_URL "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden"

static bool has_extension(json_t *o, const char *url)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(o, "extension"), i, e) {
		if (str_eq(json_string_value(json_object_get(e, "url")), url))
			return true;
	}
	return false;
}

static qf_item *new_item(struct parse *p)
{
	qf_form *f = p->f;
	if (f->n == p->cap) {
		size_t ncap = p->cap ? p->cap * 2 : 16;
		qf_item *fresh = arena_alloc(p->a, ncap * sizeof *fresh);
		if (f->n > 0)
			memcpy(fresh, f->items, f->n * sizeof *fresh);
		f->items = fresh;
		p->cap = ncap;
	}
	qf_item *it = &f->items[f->n++];
	memset(it, 0, sizeof *it);
	return it;
}

static bool link_id_taken(const qf_form *f, const char *id)
{
	for (size_t i = 0; i < f->n; i++)
		if (str_eq(f->items[i].link_id, id))
			return true;
	return false;
}

static bool parse_options(struct parse *p, json_t *o, qf_item *it, const char *where)
{
	json_t *opts = json_object_get(o, "answerOption");
	if (it->type != QF_CHOICE) {
		if (opts != NULL)
			return fail(p, where, "only choice items have answer options");
		return true;
	}
	size_t n = json_array_size(opts);
	if (n == 0 || n > QF_OPTIONS_MAX)
		return fail(p, where, "a choice item needs 1 to 50 answer options (answerOption with valueCoding)");
	it->options = arena_alloc(p->a, n * sizeof *it->options);
	for (size_t i = 0; i < n; i++) {
		json_t *option = json_array_get(opts, i), *coding = json_object_get(option, "valueCoding");
		if (!json_is_object(coding))
			return fail(p, where, "every answer option must be a valueCoding");
		if (json_object_get(option, "initialSelected") != NULL)
			return fail(p, where, "'initialSelected' is not supported");
		qf_option *op = &it->options[i];
		if (!text_member(p, coding, "code", QF_LINK_ID_MAX, true, where, &op->code) ||
		    !text_member(p, coding, "display", QF_TEXT_MAX, true, where, &op->display_nb) ||
		    !text_member(p, coding, "system", QF_URL_MAX, false, where, &op->system) ||
		    !translation(p, coding, "display", QF_TEXT_MAX, where, &op->display_en))
			return false;
		for (size_t j = 0; j < i; j++)
			if (str_eq(it->options[j].code, op->code))
				return fail(p, where, "two answer options have the same code");
	}
	it->noptions = n;
	return true;
}

static bool parse_items(struct parse *p, json_t *items, int group);

static bool parse_item(struct parse *p, json_t *o, int group)
{
	if (!json_is_object(o))
		return fail(p, NULL, "every item must be an object");
	if (p->f->n == QF_ITEMS_MAX)
		return fail(p, NULL, "a questionnaire has more than 200 items");
	const char *link_id;
	if (!text_member(p, o, "linkId", QF_LINK_ID_MAX, true, "an item", &link_id))
		return false;
	const char *where = arena_printf(p->a, "item '%s'", link_id);
	if (link_id_taken(p->f, link_id))
		return fail(p, where, "the linkId is used twice");
	for (size_t i = 0; unsupported[i] != NULL; i++)
		if (json_object_get(o, unsupported[i]) != NULL)
			return p->error = arena_printf(p->a, "%s: '%s' is not supported", where, unsupported[i]), false;
	if (has_extension(o, HIDDEN_URL))
		return fail(p, where, "the questionnaire-hidden extension is not supported");
	const char *type = json_string_value(json_object_get(o, "type"));
	size_t t = 0;
	while (t < ARRAY_LEN(item_types) && !str_eq(type, item_types[t].name))
		t++;
	if (t == ARRAY_LEN(item_types))
		return p->error = arena_printf(p->a, "%s: type '%s' is not supported", where, type ? type : "(none)"), false;

	int index = (int)p->f->n;
	qf_item *it = new_item(p);
	it->link_id = link_id;
	it->type = item_types[t].type;
	it->group = group;
	if (!text_member(p, o, "text", QF_TEXT_MAX, true, where, &it->text_nb) ||
	    !translation(p, o, "text", QF_TEXT_MAX, where, &it->text_en))
		return false;

	json_t *req = json_object_get(o, "required"), *rep = json_object_get(o, "repeats");
	if ((req != NULL && !json_is_boolean(req)) || (rep != NULL && !json_is_boolean(rep)))
		return fail(p, where, "'required' and 'repeats' are true or false");
	it->required = json_is_true(req);
	it->repeats = json_is_true(rep);
	bool question = qf_is_question(it);
	if (!question && it->required)
		return fail(p, where, "only questions can be required");
	if (it->repeats && it->type != QF_CHOICE)
		return fail(p, where, "only choice items can repeat");

	json_t *max = json_object_get(o, "maxLength");
	size_t limit = it->type == QF_TEXT ? QF_TEXT_ANSWER_MAX : QF_STRING_MAX;
	if (max != NULL && ((it->type != QF_STRING && it->type != QF_TEXT) || !json_is_integer(max) ||
	                    json_integer_value(max) < 1 || (size_t)json_integer_value(max) > limit))
		return fail(p, where, "maxLength is for string and text items, from 1 to their limit");
	it->max_length = max != NULL ? (size_t)json_integer_value(max) : limit;

	if (!parse_options(p, o, it, where))
		return false;
	json_t *children = json_object_get(o, "item");
	if (it->type != QF_GROUP) {
		if (children != NULL)
			return fail(p, where, "only groups hold items");
		return true;
	}
	if (group >= 0)
		return fail(p, where, "a group inside a group is not supported");
	if (json_array_size(children) == 0)
		return fail(p, where, "a group needs items");
	return parse_items(p, children, index);
}

static bool parse_items(struct parse *p, json_t *items, int group)
{
	size_t i;
	json_t *o;
	json_array_foreach(items, i, o) {
		if (!parse_item(p, o, group))
			return false;
	}
	return true;
}

/* The resource's language, if given, must be Norwegian bokmål. */
static bool language_ok(json_t *root)
{
	const char *lang = json_string_value(json_object_get(root, "language"));
	return lang == NULL || str_eq(lang, "nb") || str_starts(lang, "nb-") || str_eq(lang, "no") ||
	       str_starts(lang, "no-");
}

static bool parse_root(struct parse *p, json_t *root)
{
	qf_form *f = p->f;
	if (!str_eq(json_string_value(json_object_get(root, "resourceType")), "Questionnaire"))
		return fail(p, NULL, "the resource is not a Questionnaire");
	if (json_object_get(root, "modifierExtension") != NULL)
		return fail(p, NULL, "'modifierExtension' is not supported");
	if (!language_ok(root))
		return fail(p, NULL, "the questionnaire's language must be Norwegian bokmål (nb); give English as translations");
	if (!text_member(p, root, "url", QF_URL_MAX, true, "the questionnaire", &f->url) ||
	    !text_member(p, root, "version", QF_VERSION_MAX, true, "the questionnaire", &f->version) ||
	    !text_member(p, root, "title", QF_TITLE_MAX, true, "the questionnaire", &f->title_nb) ||
	    !translation(p, root, "title", QF_TITLE_MAX, "the questionnaire", &f->title_en) ||
	    !text_member(p, root, "status", 16, true, "the questionnaire", &f->status))
		return false;
	if (!str_eq(f->status, "draft") && !str_eq(f->status, "active") && !str_eq(f->status, "retired"))
		return fail(p, NULL, "the status must be draft, active or retired");
	json_t *items = json_object_get(root, "item");
	if (json_array_size(items) == 0)
		return fail(p, NULL, "the questionnaire has no items");
	if (!parse_items(p, items, -1))
		return false;
	for (size_t i = 0; i < f->n; i++)
		if (qf_is_question(&f->items[i]))
			return true;
	return fail(p, NULL, "the questionnaire asks no questions");
}

bool qf_parse(arena *a, const char *json, size_t len, qf_form *out, const char **error)
{
	memset(out, 0, sizeof *out);
	struct parse p = {.a = a, .f = out};
	*error = NULL;
	if (len > QF_RESOURCE_MAX_BYTES) {
		*error = "the resource is larger than 256 KiB";
		return false;
	}
	json_error_t jerr;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		*error = arena_printf(a, "not JSON: %s (line %d)", jerr.text, jerr.line);
		return false;
	}
	bool ok = json_is_object(root) ? parse_root(&p, root) : fail(&p, NULL, "the resource is not a JSON object");
	json_decref(root);
	if (!ok) {
		*error = p.error;
		memset(out, 0, sizeof *out);
	}
	return ok;
}

/* ---- texts ------------------------------------------------------------------------ */

bool qf_is_question(const qf_item *it)
{
	return it->type != QF_GROUP && it->type != QF_DISPLAY;
}

const char *qf_item_text(const qf_item *it, enum locale loc)
{
	return loc == LOCALE_EN && it->text_en != NULL ? it->text_en : it->text_nb;
}

const char *qf_title(const qf_form *f, enum locale loc)
{
	return loc == LOCALE_EN && f->title_en != NULL ? f->title_en : f->title_nb;
}

const char *qf_option_display(const qf_option *o, enum locale loc)
{
	return loc == LOCALE_EN && o->display_en != NULL ? o->display_en : o->display_nb;
}

/* ---- checking answers --------------------------------------------------------------- */

static const qf_option *option_of(const qf_item *it, const char *code)
{
	for (size_t i = 0; i < it->noptions; i++)
		if (str_eq(it->options[i].code, code))
			return &it->options[i];
	return NULL;
}

static const char *check_value(arena *a, const qf_item *it, const char **value, size_t *max)
{
	const char *v = *value;
	if (v[0] == '\0')
		return "form.error.required"; /* an empty answer is no answer: leave it out */
	if (!utf8_valid(v, strlen(v)))
		return "form.error.charset";
	for (const char *c = v; *c; c++)
		if ((unsigned char)*c < 0x20 && !(it->type == QF_TEXT && (*c == '\n' || *c == '\r' || *c == '\t')))
			return "form.error.charset";
	int64_t num;
	date d;
	switch (it->type) {
	case QF_BOOLEAN:
		return str_eq(v, "true") || str_eq(v, "false") ? NULL : "form.error.choice";
	case QF_STRING:
	case QF_TEXT:
		if (utf8_length(v) > it->max_length) {
			*max = it->max_length;
			return "form.error.too_long";
		}
		return NULL;
	case QF_INTEGER:
		return str_to_i64(v, &num) && num >= -QF_INTEGER_LIMIT && num <= QF_INTEGER_LIMIT ? NULL
		                                                                                   : "form.error.integer";
	case QF_DECIMAL: {
		char *canon = arena_alloc(a, RESULT_NUMBER_MAX + 1);
		double dv;
		if (!results_parse_number(v, &dv, canon))
			return "questionnaires.error.decimal";
		*value = canon;
		return NULL;
	}
	case QF_DATE:
		return date_parse(v, &d) ? NULL : "form.error.date_invalid";
	case QF_CHOICE:
		return option_of(it, v) != NULL ? NULL : "form.error.choice";
	case QF_GROUP:
	case QF_DISPLAY:
		break;
	}
	return "form.error.unknown_field";
}

const char *qf_check_answer(arena *a, const qf_item *it, qf_answer *ans, bool complete, size_t *max)
{
	*max = 0;
	if (!qf_is_question(it))
		return ans->n > 0 ? "form.error.unknown_field" : NULL;
	if (ans->n == 0)
		return complete && it->required ? "form.error.required" : NULL;
	if (ans->n > 1 && !it->repeats)
		return "form.error.repeated";
	if (ans->n > (it->repeats ? it->noptions : 1)) {
		*max = it->repeats ? it->noptions : 1;
		return "form.error.too_many";
	}
	for (size_t i = 0; i < ans->n; i++) {
		const char *problem = check_value(a, it, &ans->values[i], max);
		if (problem != NULL)
			return problem;
		for (size_t j = 0; j < i; j++)
			if (str_eq(ans->values[j], ans->values[i]))
				return "form.error.repeated";
	}
	return NULL;
}

/* ---- QuestionnaireResponse ------------------------------------------------------------ */

static json_t *answer_value(const qf_item *it, const char *v)
{
	json_t *o = json_object();
	int64_t num;
	switch (it->type) {
	case QF_BOOLEAN:
		json_object_set_new(o, "valueBoolean", json_boolean(str_eq(v, "true")));
		break;
	case QF_INTEGER:
		str_to_i64(v, &num);
		json_object_set_new(o, "valueInteger", json_integer(num));
		break;
	case QF_DECIMAL:
		json_object_set_new(o, "valueDecimal", json_real(strtod(v, NULL)));
		break;
	case QF_DATE:
		json_object_set_new(o, "valueDate", json_string(v));
		break;
	case QF_CHOICE: {
		const qf_option *op = option_of(it, v);
		if (op == NULL) { /* not checked with qf_check_answer: keep what was given */
			json_object_set_new(o, "valueCoding", json_pack("{s:s}", "code", v));
			break;
		}
		json_t *coding = json_pack("{s:s, s:s}", "code", op->code, "display", op->display_nb);
		if (op->system != NULL)
			json_object_set_new(coding, "system", json_string(op->system));
		json_object_set_new(o, "valueCoding", coding);
		break;
	}
	case QF_STRING:
	case QF_TEXT:
	case QF_GROUP:
	case QF_DISPLAY:
		json_object_set_new(o, "valueString", json_string(v));
		break;
	}
	return o;
}

static json_t *response_item(const qf_item *it)
{
	return json_pack("{s:s, s:s}", "linkId", it->link_id, "text", it->text_nb);
}

char *qf_response_json(arena *a, const qf_form *f, const qf_answer *answers, bool completed, unix_time authored)
{
	char when[21];
	time_format(authored, when);
	json_t *root = json_pack("{s:s, s:s, s:s, s:s}", "resourceType", "QuestionnaireResponse", "questionnaire",
	                         arena_printf(a, "%s|%s", f->url, f->version), "status",
	                         completed ? "completed" : "in-progress", "authored", when);
	json_t *top = json_array();
	json_t *group_items = NULL;
	for (size_t i = 0; i < f->n; i++) {
		const qf_item *it = &f->items[i];
		if (it->type == QF_GROUP) {
			json_t *g = response_item(it);
			group_items = json_array();
			json_object_set_new(g, "item", group_items);
			json_array_append_new(top, g);
			continue;
		}
		if (!qf_is_question(it) || answers[i].n == 0)
			continue;
		json_t *o = response_item(it), *list = json_array();
		for (size_t k = 0; k < answers[i].n; k++)
			json_array_append_new(list, answer_value(it, answers[i].values[k]));
		json_object_set_new(o, "answer", list);
		json_array_append_new(it->group >= 0 ? group_items : top, o);
	}
	/* FHIR forbids empty groups: leave out those with nothing answered. */
	for (size_t i = json_array_size(top); i-- > 0;) {
		json_t *g = json_object_get(json_array_get(top, i), "item");
		if (g != NULL && json_array_size(g) == 0)
			json_array_remove(top, i);
	}
	if (json_array_size(top) > 0)
		json_object_set_new(root, "item", top); /* FHIR has no empty arrays */
	else
		json_decref(top);
	char *text = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(DECIMAL_DIGITS));
	json_decref(root);
	char *copy = arena_strdup(a, text);
	free(text);
	return copy;
}

/* A decimal as a person writes it, never in exponent notation: 1e-05 is
 * 0.00001 (which qf_check_answer accepts again). */
static const char *decimal_text(arena *a, double v)
{
	char *s = arena_printf(a, "%.*g", DECIMAL_DIGITS, v);
	if (strchr(s, 'e') == NULL)
		return s;
	s = arena_printf(a, "%.*f", DECIMAL_DIGITS, v);
	char *end = s + strlen(s);
	while (end > s && end[-1] == '0')
		*--end = '\0';
	if (end > s && end[-1] == '.')
		end[-1] = '\0';
	return s;
}

/* One answer back as the form's text for the item's type; NULL if unusable. */
static const char *value_text(arena *a, const qf_item *it, json_t *ans)
{
	json_t *v;
	switch (it->type) {
	case QF_BOOLEAN:
		v = json_object_get(ans, "valueBoolean");
		return json_is_boolean(v) ? (json_is_true(v) ? "true" : "false") : NULL;
	case QF_INTEGER:
		v = json_object_get(ans, "valueInteger");
		return json_is_integer(v) ? arena_printf(a, "%lld", (long long)json_integer_value(v)) : NULL;
	case QF_DECIMAL:
		v = json_object_get(ans, "valueDecimal");
		return json_is_number(v) ? decimal_text(a, json_number_value(v)) : NULL;
	case QF_DATE:
		v = json_object_get(ans, "valueDate");
		return json_is_string(v) ? arena_strdup(a, json_string_value(v)) : NULL;
	case QF_CHOICE:
		v = json_object_get(json_object_get(ans, "valueCoding"), "code");
		return json_is_string(v) ? arena_strdup(a, json_string_value(v)) : NULL;
	case QF_STRING:
	case QF_TEXT:
		v = json_object_get(ans, "valueString");
		return json_is_string(v) ? arena_strdup(a, json_string_value(v)) : NULL;
	case QF_GROUP:
	case QF_DISPLAY:
		break;
	}
	return NULL;
}

static int item_index(const qf_form *f, const char *link_id)
{
	for (size_t i = 0; link_id != NULL && i < f->n; i++)
		if (str_eq(f->items[i].link_id, link_id))
			return (int)i;
	return -1;
}

static void read_items(arena *a, const qf_form *f, json_t *items, qf_answer *answers, int depth)
{
	size_t i;
	json_t *o;
	json_array_foreach(items, i, o) {
		if (depth == 0 && json_object_get(o, "item") != NULL)
			read_items(a, f, json_object_get(o, "item"), answers, 1);
		int k = item_index(f, json_string_value(json_object_get(o, "linkId")));
		json_t *list = json_object_get(o, "answer");
		if (k < 0 || !qf_is_question(&f->items[k]) || json_array_size(list) == 0)
			continue;
		size_t n = json_array_size(list);
		answers[k].values = arena_alloc(a, n * sizeof *answers[k].values);
		answers[k].n = 0;
		for (size_t j = 0; j < n; j++) {
			const char *v = value_text(a, &f->items[k], json_array_get(list, j));
			if (v != NULL)
				answers[k].values[answers[k].n++] = v;
		}
	}
}

bool qf_response_answers(arena *a, const qf_form *f, const char *json, qf_answer *answers)
{
	memset(answers, 0, f->n * sizeof *answers);
	json_t *root = json != NULL ? json_loads(json, 0, NULL) : NULL;
	bool ok = root != NULL && str_eq(json_string_value(json_object_get(root, "resourceType")), "QuestionnaireResponse");
	if (ok)
		read_items(a, f, json_object_get(root, "item"), answers, 0);
	json_decref(root);
	return ok;
}
