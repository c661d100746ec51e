/* questionnaire_form.c — reading a FHIR Questionnaire into a form (the
 * subset of questionnaire_form.h), every problem named at once; the answers
 * to it are questionnaire_answers.c's. */
#include "domain/questionnaire_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/core.h"
#include "domain/questionnaire_controls.h"
#include "domain/questionnaire_fhirpath.h"
#include "domain/questionnaire_files.h"
#include "domain/questionnaire_language.h"
#include "domain/questionnaire_national.h"

#define TRANSLATION_URL "http://hl7.org/fhir/StructureDefinition/translation"

/* ---- reading a Questionnaire --------------------------------------------------- */

#define HIDDEN_URL "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden"
#define ORDINAL_URL "http://hl7.org/fhir/StructureDefinition/ordinalValue"
#define ITEM_WEIGHT_URL "http://hl7.org/fhir/StructureDefinition/itemWeight"
#define VALUESET_ORDINAL_URL "http://hl7.org/fhir/StructureDefinition/valueset-ordinalValue"
#define CALCULATED_URL "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"
/* The national portal's own (Helsenorge's form renderer, helsenorge/refero:
 * src/constants/extensions.ts), its FHIRPath in valueString or valueExpression. */
#define NATIONAL_CALCULATED_URL "http://ehelse.no/fhir/StructureDefinition/sdf-calculatedExpression"
#define VARIABLE_URL "http://hl7.org/fhir/StructureDefinition/variable"
#define INITIAL_EXPRESSION_URL "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression"
#define LAUNCH_CONTEXT_URL "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-launchContext"
#define MIN_VALUE_URL "http://hl7.org/fhir/StructureDefinition/minValue"
#define MAX_VALUE_URL "http://hl7.org/fhir/StructureDefinition/maxValue"
#define MIN_LENGTH_URL "http://hl7.org/fhir/StructureDefinition/minLength"
#define REGEX_URL "http://hl7.org/fhir/StructureDefinition/regex"
#define UNIT_URL "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
#define UNIT_OPTION_URL "http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption"
#define MARKDOWN_URL "http://hl7.org/fhir/StructureDefinition/rendering-markdown"
/* The national portal's (Helsenorge: helsenorge/refero src/constants/extensions.ts,
 * helsenorge/structor src/types/IQuestionnareItemType.ts). */
#define VALIDATION_TEXT_URL "http://ehelse.no/fhir/StructureDefinition/validationtext"
#define NATIONAL_FHIRPATH_URL "http://ehelse.no/fhir/StructureDefinition/sdf-fhirpath"
#define PRESENTATION_BUTTONS_URL "http://helsenorge.no/fhir/StructureDefinition/sdf-presentationbuttons"
#define CAN_BE_PERFORMED_BY_URL "http://ehelse.no/fhir/StructureDefinition/sdf-canbeperformedby"
#define AUTHENTICATION_URL "http://ehelse.no/fhir/StructureDefinition/sdf-authenticationrequirement"
#define GENERATE_PDF_URL "http://ehelse.no/fhir/StructureDefinition/sdf-generatepdf"
#define GENERATE_NARRATIVE_URL "http://ehelse.no/fhir/StructureDefinition/sdf-generatenarrative"
#define ENDPOINT_URL "http://ehelse.no/fhir/StructureDefinition/sdf-endpoint"

/* A ValueSet contained in the questionnaire, as answer options. */
struct value_set {
	const char *id, *url, *url_version; /* url and url|version NULL without a url */
	qf_option *options;
	size_t n;
	const char *problem; /* why it gives no options ("" when reported already); NULL when it does */
};

struct parse {
	arena *a;
	qf_form *f;
	size_t cap;
	const char **problems;
	size_t nproblems, more; /* more: problems past QF_PROBLEMS_MAX, counted */
	const char **when_ids;  /* per item: the enableWhen questions' linkIds, resolved after reading */
	json_t **when_json;     /* per item: its enableWhen array */
	const char **paths;     /* per item: its path */
	const char *path;       /* where the item being read is: "item[3].item[0]" */
	struct value_set *sets; /* the contained value sets */
	size_t nsets;
};

/* Records a problem: "where: what", or just what. Returns false, so a check
 * reads `if (bad) return fail(...)`; reading goes on to find the others. */
static bool fail(struct parse *p, const char *where, const char *what)
{
	if (p->nproblems == QF_PROBLEMS_MAX) {
		p->more++;
		return false;
	}
	if (p->problems == NULL)
		p->problems = arena_alloc(p->a, QF_PROBLEMS_MAX * sizeof *p->problems);
	if (where == NULL)
		p->problems[p->nproblems++] = what;
	else if (p->path != NULL)
		p->problems[p->nproblems++] = arena_printf(p->a, "%s: %s (at %s)", where, what, p->path);
	else
		p->problems[p->nproblems++] = arena_printf(p->a, "%s: %s", where, what);
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
		return fail(p, where, arena_printf(p->a, "'%s' is missing", key));
	}
	const char *s = json_string_value(v);
	if (s == NULL || s[0] == '\0' || utf8_length(s) > max)
		return fail(p, where, arena_printf(p->a, "'%s' must be text of 1 to %zu characters", key, max));
	*out = arena_strdup(p->a, s);
	return true;
}

/* The translation into the form's other language (English for a
 * Norwegian form, Norwegian for an English one) in the extension of a
 * primitive's "_key" element; NULL without one. */
static bool translation(struct parse *p, json_t *o, const char *key, size_t max, const char *where, const char **out)
{
	*out = NULL;
	char underscored[32];
	snprintf(underscored, sizeof underscored, "_%s", key);
	json_t *ext = json_object_get(json_object_get(o, underscored), "extension");
	size_t i;
	json_t *e;
	json_array_foreach(ext, i, e)
	{
		const char *url = json_string_value(json_object_get(e, "url"));
		if (str_eq(url, MARKDOWN_URL) && str_eq(key, "text"))
			continue; /* read_markdown's */
		if (!str_eq(url, TRANSLATION_URL))
			return fail(p, where,
			            arena_printf(p->a, "the extension %s on '%s' is not supported",
			                         url ? url : "(without url)", key));
		const char *lang = NULL, *content = NULL;
		size_t j;
		json_t *part;
		json_array_foreach(json_object_get(e, "extension"), j, part)
		{
			const char *u = json_string_value(json_object_get(part, "url"));
			if (str_eq(u, "lang"))
				lang = json_string_value(json_object_get(part, "valueCode"));
			else if (str_eq(u, "content"))
				content = json_string_value(json_object_get(part, "valueString"));
		}
		if (!qfl_translation_language(p->f->language, lang))
			continue;
		if (content == NULL || content[0] == '\0' || utf8_length(content) > max)
			return fail(p, where,
			            arena_printf(p->a, "the %s '%s' must be text of 1 to %zu characters",
			                         str_eq(p->f->language, "en") ? "Norwegian" : "English", key, max));
		*out = arena_strdup(p->a, content);
	}
	return true;
}

/* A text member in the form's own language and its translation, into the
 * nb and en slots (qfl_slots); *translated (when asked) says whether it has
 * a translation. */
static bool read_texts(struct parse *p, json_t *o, const char *key, size_t max, bool required, const char *where,
                       const char **nb, const char **en, bool *translated)
{
	const char *own, *other;
	bool ok = text_member(p, o, key, max, required, where, &own);
	ok = translation(p, o, key, max, where, &other) && ok;
	qfl_slots(p->f->language, own, other, nb, en);
	if (translated != NULL)
		*translated = other != NULL;
	return ok;
}

static const struct {
	const char *name;
	enum qf_type type;
} item_types[] = {
    {"group", QF_GROUP},   {"display", QF_DISPLAY},   {"boolean", QF_BOOLEAN},       {"string", QF_STRING},
    {"text", QF_TEXT},     {"integer", QF_INTEGER},   {"decimal", QF_DECIMAL},       {"date", QF_DATE},
    {"choice", QF_CHOICE}, {"quantity", QF_QUANTITY}, {"attachment", QF_ATTACHMENT},
};

static const char *item_type_name(enum qf_type type)
{
	for (size_t t = 0; t < ARRAY_LEN(item_types); t++)
		if (item_types[t].type == type)
			return item_types[t].name;
	return "?";
}

/* Members that would change how the form behaves and that helsami does not
 * implement: refused by name, not ignored. */
static const char *const unsupported[] = {"modifierExtension", "definition", NULL};

/* Extensions on an item that helsami implements; every other one is
 * refused by its url (docs/questionnaires.md has the table). */
static bool item_extension_known(const char *url)
{
	return str_eq(url, HIDDEN_URL) || str_eq(url, CALCULATED_URL) || str_eq(url, NATIONAL_CALCULATED_URL) ||
	       str_eq(url, VARIABLE_URL) || str_eq(url, INITIAL_EXPRESSION_URL) || qfc_extension(url) ||
	       qff_extension(url) || str_eq(url, MIN_VALUE_URL) || str_eq(url, MAX_VALUE_URL) ||
	       str_eq(url, MIN_LENGTH_URL) || str_eq(url, REGEX_URL) || str_eq(url, UNIT_URL) ||
	       str_eq(url, UNIT_OPTION_URL) || str_eq(url, VALIDATION_TEXT_URL) || str_eq(url, NATIONAL_FHIRPATH_URL) ||
	       qfn_extension(url);
}

/* The FHIRPath text of an extension's valueExpression; NULL (with a
 * problem) when it is not FHIRPath. */
static const char *expression_of(struct parse *p, json_t *e, const char *what, const char *where)
{
	json_t *v = json_object_get(e, "valueExpression");
	const char *lang = json_string_value(json_object_get(v, "language"));
	const char *expr = json_string_value(json_object_get(v, "expression"));
	if (!str_eq(lang, "text/fhirpath") || expr == NULL || expr[0] == '\0')
		return fail(p, where, arena_printf(p->a, "%s needs a valueExpression in text/fhirpath", what)), NULL;
	return arena_strdup(p->a, expr);
}

/* The variables in scope at an item: the questionnaire's, its ancestors'
 * and its own, as names for qfp_check. */
static const char **scope_names(struct parse *p, const qf_item *it, size_t *n)
{
	size_t count = p->f->nvars;
	for (const qf_item *up = it; up != NULL; up = up->group >= 0 ? &p->f->items[up->group] : NULL)
		count += up->nvars;
	const char **names = arena_alloc(p->a, (count + 1) * sizeof *names);
	*n = 0;
	for (size_t i = 0; i < p->f->nvars; i++)
		names[(*n)++] = p->f->vars[i].name;
	for (const qf_item *up = it; up != NULL; up = up->group >= 0 ? &p->f->items[up->group] : NULL)
		for (size_t i = 0; i < up->nvars; i++)
			names[(*n)++] = up->vars[i].name;
	return names;
}

/* Reads the variable extensions among exts into *vars, each checked with
 * the names in scope before it (it: the item, NULL on the questionnaire). */
static bool read_variables(struct parse *p, json_t *exts, qf_item *it, qf_variable **vars, size_t *nvars,
                           const char *where)
{
	bool ok = true;
	size_t i;
	json_t *e;
	*vars = arena_alloc(p->a, (json_array_size(exts) + 1) * sizeof **vars);
	json_array_foreach(exts, i, e)
	{
		if (!str_eq(json_string_value(json_object_get(e, "url")), VARIABLE_URL))
			continue;
		const char *name = json_string_value(json_object_get(json_object_get(e, "valueExpression"), "name"));
		const char *expr = expression_of(p, e, "a variable", where);
		if (expr == NULL || name == NULL || name[0] == '\0') {
			ok = expr != NULL ? fail(p, where, "a variable needs a name") : false;
			continue;
		}
		size_t n;
		const char **names = it != NULL ? scope_names(p, it, &n) : NULL;
		if (it == NULL) {
			names = arena_alloc(p->a, (*nvars + 1) * sizeof *names);
			for (n = 0; n < *nvars; n++)
				names[n] = (*vars)[n].name;
		}
		const char *bad = qfp_check(p->a, expr, names, n);
		if (bad != NULL) {
			ok = fail(p, where, arena_printf(p->a, "the variable %%%s: %s", name, bad));
			continue;
		}
		(*vars)[*nvars] = (qf_variable){.name = arena_strdup(p->a, name), .expression = expr};
		(*nvars)++;
	}
	return ok;
}

/* A calculatedExpression, or the national portal's cqf-expression that
 * copies another item's value (read as one): on numbers (a quantity's in
 * its unit), in the subset, naming only the variables in scope. An item
 * with both takes the copy, as refero's FhirPathExtensions does when it
 * writes the response (getExpressionExtension, 'copy' first); the other
 * is checked all the same. */
static bool read_calculated(struct parse *p, json_t *e, qf_item *it, bool *copied, const char *where)
{
	const char *text = json_string_value(json_object_get(e, "valueString"));
	const char *url = json_string_value(json_object_get(e, "url"));
	bool copy = str_eq(url, QFN_COPY_URL);
	const char *name = copy ? "cqf-expression" : "calculatedExpression";
	const char *expr = (copy || str_eq(url, NATIONAL_CALCULATED_URL)) && text != NULL && text[0] != '\0'
	                       ? arena_strdup(p->a, text)
	                       : expression_of(p, e, name, where);
	if (expr == NULL)
		return false;
	if (copy ? *copied : it->calculated != NULL && !*copied)
		return fail(p, where, arena_printf(p->a, "two %ss on one item", name));
	if (it->type != QF_INTEGER && it->type != QF_DECIMAL && it->type != QF_QUANTITY)
		return fail(p, where,
		            arena_printf(p->a, "%s is supported on integer, decimal and quantity items only", name));
	size_t n;
	const char **names = scope_names(p, it, &n);
	const char *bad = qfp_check(p->a, expr, names, n);
	if (bad != NULL)
		return fail(p, where, arena_printf(p->a, "%s '%s': %s", name, expr, bad));
	if (copy || !*copied) {
		it->calculated = expr;
		/* The national portal's are over the response, as its renderer evaluates them. */
		it->calculated_on_response = copy || str_eq(url, NATIONAL_CALCULATED_URL);
	}
	*copied = *copied || copy;
	return true;
}

/* An initialExpression: the patient's own data (%patient, the members
 * helsami fills) into a string, text or date item. */
static bool read_prefill(struct parse *p, json_t *e, qf_item *it, const char *where)
{
	/* The national portal's sdf-fhirpath: a FHIRPath in valueString over the
	 * person, by type name (Patient.name) as its forms write it. */
	bool national = str_eq(json_string_value(json_object_get(e, "url")), NATIONAL_FHIRPATH_URL);
	const char *name = national ? "sdf-fhirpath" : "initialExpression";
	const char *text = json_string_value(json_object_get(e, "valueString"));
	const char *expr = !national ? expression_of(p, e, name, where)
	                   : text != NULL && text[0] != '\0'
	                       ? arena_strdup(p->a, text)
	                       : (fail(p, where, "sdf-fhirpath needs a valueString"), NULL);
	if (expr == NULL)
		return false;
	if (it->prefill != NULL)
		return fail(p, where, "two prefill expressions on one item");
	if (it->type != QF_STRING && it->type != QF_TEXT && it->type != QF_DATE &&
	    !(national && (it->type == QF_INTEGER || it->type == QF_DECIMAL || it->type == QF_QUANTITY)))
		return fail(p, where,
		            arena_printf(p->a, "%s is supported on string, text and date items only%s", name,
		                         national ? " (and integer, decimal and quantity items)" : ""));
	static const char *const patient[] = {"patient"};
	/* The national portal's RelatedPerson, the representative acting: its
	 * name and identifier only (qf_prefill_acting). */
	bool related = national && strstr(expr, "RelatedPerson") != NULL;
	const char *bad =
	    qfp_check_paths(p->a, expr, patient, 1, related ? qf_related_person_members : qf_patient_members);
	if (bad != NULL)
		return fail(p, where,
		            arena_printf(p->a,
		                         "%s '%s': %s (it may read the patient's name, identifier, birthDate, "
		                         "telecom, address and age (the sdf-age extension) as %%patient or Patient%s)",
		                         name, expr, bad,
		                         national ? ", and the name and identifier of the representative acting "
		                                    "as RelatedPerson"
		                                  : ""));
	it->prefill = expr;
	return true;
}

/* validationtext: the form's own message for a failed check on the item,
 * shown instead of helsami's (in the form's language, as written). */
static bool read_validation_text(struct parse *p, json_t *e, qf_item *it, const char *where)
{
	const char *v = json_string_value(json_object_get(e, "valueString"));
	if (!qf_is_question(it))
		return fail(p, where, "validationtext is for questions");
	if (v == NULL || v[0] == '\0' || utf8_length(v) > QF_TEXT_MAX)
		return fail(
		    p, where,
		    arena_printf(p->a, "validationtext needs a valueString of 1 to %d characters", QF_TEXT_MAX));
	it->validation_text = arena_strdup(p->a, v);
	return true;
}

/* rendering-markdown on _text: the text as Markdown, shown rendered
 * (web/qform_markdown.c); the plain text stays the response's. An item
 * without a plain text takes the Markdown's. */
static bool read_markdown(struct parse *p, json_t *o, qf_item *it, const char *where)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(json_object_get(o, "_text"), "extension"), i, e)
	{
		if (!str_eq(json_string_value(json_object_get(e, "url")), MARKDOWN_URL))
			continue;
		const char *md = json_string_value(json_object_get(e, "valueMarkdown"));
		if (md == NULL || md[0] == '\0' || utf8_length(md) > QF_MARKDOWN_MAX)
			return fail(p, where,
			            arena_printf(p->a, "rendering-markdown needs a valueMarkdown of 1 to %d characters",
			                         QF_MARKDOWN_MAX));
		it->markdown = arena_strdup(p->a, md);
		if (json_object_get(o, "text") == NULL)
			qfl_slots(p->f->language, it->markdown, NULL, &it->text_nb, &it->text_en);
	}
	return true;
}

static const char *typed_value(struct parse *p, json_t *o, const char *prefix, enum qf_type t, const char **system,
                               const char *where);

/* minValue or maxValue: a value of the item's type (integer, decimal,
 * date); on a quantity a valueDecimal in its unit, or a valueQuantity, whose
 * unit *quantity (the Quantity) is checked against the item's once every
 * unit is read (bound_in_unit). */
static bool read_bound(struct parse *p, json_t *e, qf_item *it, const char **out, json_t **quantity, const char *where)
{
	const char *name =
	    str_eq(json_string_value(json_object_get(e, "url")), MIN_VALUE_URL) ? "minValue" : "maxValue";
	if (it->type != QF_INTEGER && it->type != QF_DECIMAL && it->type != QF_QUANTITY && it->type != QF_DATE)
		return fail(p, where, arena_printf(p->a, "%s is for integer, decimal, quantity and date items", name));
	*quantity = it->type == QF_QUANTITY ? json_object_get(e, "valueQuantity") : NULL;
	enum qf_type t = it->type == QF_QUANTITY && *quantity == NULL ? QF_DECIMAL : it->type;
	if (t == QF_DECIMAL && json_is_integer(json_object_get(e, "valueInteger")))
		t = QF_INTEGER; /* a whole bound on a decimal, as the national portal's forms write it */
	const char *sys;
	*out = typed_value(p, e, "value", t, &sys, where);
	return *out != NULL;
}

/* Whether a bound given as the Quantity q (NULL: as a decimal) is in the
 * item's one unit: the same code, and the same system or none on both.
 * With a choice of units bounds are refused anyway (value_rules). */
static bool bound_in_unit(struct parse *p, json_t *q, const qf_item *it, const char *name, const char *where)
{
	if (q == NULL || it->nunits > 1 || it->unit.code == NULL)
		return true;
	const qf_unit *u = &it->unit;
	const char *code = json_string_value(json_object_get(q, "code"));
	const char *system = json_string_value(json_object_get(q, "system"));
	if (str_eq(code, u->code) && (system == NULL ? u->system == NULL : str_eq(system, u->system)))
		return true;
	return fail(p, where,
	            arena_printf(p->a, "%s is in the unit '%s%s%s', not the item's unit '%s%s%s'", name,
	                         system ? system : "", system ? "|" : "", code ? code : "", u->system ? u->system : "",
	                         u->system ? "|" : "", u->code));
}

/* minLength (1 to maxLength) and regex (checked as qfp_regex_problem does) on string and text items. */
static bool read_text_rule(struct parse *p, json_t *e, qf_item *it, const char *where)
{
	bool regex = str_eq(json_string_value(json_object_get(e, "url")), REGEX_URL);
	if (it->type != QF_STRING && it->type != QF_TEXT)
		return fail(p, where,
		            arena_printf(p->a, "%s is for string and text items", regex ? "regex" : "minLength"));
	if (regex) {
		const char *re = json_string_value(json_object_get(e, "valueString"));
		const char *bad = re != NULL && re[0] != '\0' ? qfp_regex_problem(p->a, re) : "it needs valueString";
		if (bad != NULL)
			return fail(p, where, arena_printf(p->a, "regex '%s': %s", re ? re : "", bad));
		it->regex = arena_strdup(p->a, re);
		return true;
	}
	json_t *v = json_object_get(e, "valueInteger");
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > QF_TEXT_ANSWER_MAX)
		return fail(p, where, "minLength needs valueInteger from 1");
	it->min_length = (size_t)json_integer_value(v);
	return true;
}

/* The unit: questionnaire-unit, or unitOption; several unitOptions on a
 * quantity are a choice between units (it->units), the first the default. */
static bool read_unit(struct parse *p, json_t *e, qf_item *it, const char *where)
{
	bool option = str_eq(json_string_value(json_object_get(e, "url")), UNIT_OPTION_URL);
	if (it->type != QF_INTEGER && it->type != QF_DECIMAL && it->type != QF_QUANTITY)
		return fail(p, where,
		            "a unit (questionnaire-unit, unitOption) is for integer, decimal and quantity items");
	if (option && it->type != QF_QUANTITY)
		return fail(p, where, "unitOption is for quantity items");
	if (it->unit.code != NULL && (!option || it->units == NULL))
		return fail(p, where, "questionnaire-unit goes alone, without another unit or unitOption");
	json_t *c = json_object_get(e, "valueCoding");
	const char *code = json_string_value(json_object_get(c, "code"));
	const char *display = json_string_value(json_object_get(c, "display"));
	const char *system = json_string_value(json_object_get(c, "system"));
	if (code == NULL || code[0] == '\0' || utf8_length(code) > QF_LINK_ID_MAX || strchr(code, ' ') != NULL ||
	    (display != NULL && utf8_length(display) > QF_LINK_ID_MAX))
		return fail(p, where, "a unit needs a valueCoding with a code (without spaces)");
	qf_unit u = {.system = system ? arena_strdup(p->a, system) : NULL,
	             .code = arena_strdup(p->a, code),
	             .display = arena_strdup(p->a, display != NULL && display[0] != '\0' ? display : code)};
	if (!option) {
		it->unit = u;
		return true;
	}
	if (it->units == NULL)
		it->units = arena_alloc(p->a, QF_UNITS_MAX * sizeof *it->units);
	if (it->nunits == QF_UNITS_MAX)
		return fail(p, where, arena_printf(p->a, "more than %d unitOptions", QF_UNITS_MAX));
	for (size_t i = 0; i < it->nunits; i++)
		if (str_eq(it->units[i].code, code))
			return fail(p, where, arena_printf(p->a, "the unitOption '%s' is given twice", code));
	it->units[it->nunits++] = u;
	it->unit = it->units[0];
	return true;
}

/* The value rules among an item's extensions, then their consistency. */
static bool value_rules(struct parse *p, json_t *exts, qf_item *it, const char *where)
{
	bool ok = true;
	size_t i;
	json_t *e;
	json_t *min_q = NULL, *max_q = NULL; /* a quantity's bounds given as valueQuantity */
	json_array_foreach(exts, i, e)
	{
		const char *url = json_string_value(json_object_get(e, "url"));
		if (str_eq(url, MIN_VALUE_URL))
			ok = read_bound(p, e, it, &it->min_value, &min_q, where) && ok;
		else if (str_eq(url, MAX_VALUE_URL))
			ok = read_bound(p, e, it, &it->max_value, &max_q, where) && ok;
		else if (str_eq(url, MIN_LENGTH_URL) || str_eq(url, REGEX_URL))
			ok = read_text_rule(p, e, it, where) && ok;
		else if (str_eq(url, UNIT_URL) || str_eq(url, UNIT_OPTION_URL))
			ok = read_unit(p, e, it, where) && ok;
	}
	if (it->type == QF_QUANTITY && it->unit.code == NULL)
		ok = fail(p, where, "a quantity item needs its unit (questionnaire-unit, or unitOptions)");
	if (it->nunits < 2) {
		it->units = NULL;
		it->nunits = 0;
	} else if (it->min_value != NULL || it->max_value != NULL)
		/* Bounds are in one unit; converting them to another needs UCUM, which helsami does not have. */
		ok = fail(p, where,
		          "minValue and maxValue on a quantity with a choice of units (several unitOptions) "
		          "are not supported");
	ok = bound_in_unit(p, min_q, it, "minValue", where) && ok;
	ok = bound_in_unit(p, max_q, it, "maxValue", where) && ok;
	if (it->min_value != NULL && it->max_value != NULL &&
	    (it->type == QF_DATE ? strcmp(it->min_value, it->max_value) > 0
	                         : strtod(it->min_value, NULL) > strtod(it->max_value, NULL)))
		ok = fail(p, where, "minValue is above maxValue");
	return ok;
}

/* Checks an item's extensions and reads the hidden flag, the variables and
 * the calculated expression. */
static bool item_extensions(struct parse *p, json_t *o, qf_item *it, const char *where)
{
	json_t *exts = json_object_get(o, "extension");
	bool ok = read_variables(p, exts, it, &it->vars, &it->nvars, where);
	bool copied = false;
	size_t i;
	json_t *e;
	json_array_foreach(exts, i, e)
	{
		const char *url = json_string_value(json_object_get(e, "url"));
		if (str_eq(url, CALCULATED_URL) || str_eq(url, NATIONAL_CALCULATED_URL) || str_eq(url, QFN_COPY_URL))
			ok = read_calculated(p, e, it, &copied, where) && ok;
		if (str_eq(url, INITIAL_EXPRESSION_URL) || str_eq(url, NATIONAL_FHIRPATH_URL))
			ok = read_prefill(p, e, it, where) && ok;
		if (str_eq(url, VALIDATION_TEXT_URL))
			ok = read_validation_text(p, e, it, where) && ok;
		if (url == NULL || !item_extension_known(url)) {
			ok = fail(p, where,
			          arena_printf(p->a, "the extension %s is not supported", url ? url : "(without url)"));
			continue;
		}
		if (str_eq(url, HIDDEN_URL)) {
			json_t *v = json_object_get(e, "valueBoolean");
			if (!json_is_boolean(v))
				ok = fail(p, where, "the questionnaire-hidden extension needs valueBoolean");
			else
				it->hidden = json_is_true(v);
		}
	}
	return ok;
}

static qf_item *new_item(struct parse *p)
{
	qf_form *f = p->f;
	if (f->n == p->cap) {
		size_t ncap = p->cap ? p->cap * 2 : 16;
		qf_item *fresh = arena_alloc(p->a, ncap * sizeof *fresh);
		json_t **when = arena_alloc(p->a, ncap * sizeof *when);
		const char **paths = arena_alloc(p->a, ncap * sizeof *paths);
		if (f->n > 0) {
			memcpy(fresh, f->items, f->n * sizeof *fresh);
			memcpy(when, p->when_json, f->n * sizeof *when);
			memcpy(paths, p->paths, f->n * sizeof *paths);
		}
		f->items = fresh;
		p->when_json = when;
		p->paths = paths;
		p->cap = ncap;
	}
	p->when_json[f->n] = NULL;
	p->paths[f->n] = p->path;
	qf_item *it = &f->items[f->n];
	memset(it, 0, sizeof *it);
	it->source = (int)f->n++;
	return it;
}

static bool link_id_taken(const qf_form *f, size_t before, const char *id)
{
	for (size_t i = 0; i < before; i++)
		if (str_eq(f->items[i].link_id, id))
			return true;
	return false;
}

/* Whether the url names a score for an answer: ordinalValue (the older
 * valueset-ordinalValue on value set concepts) or itemWeight. */
static bool score_extension(const char *url)
{
	return str_eq(url, ORDINAL_URL) || str_eq(url, VALUESET_ORDINAL_URL) || str_eq(url, ITEM_WEIGHT_URL);
}

/* Reads the scores among an option's extensions (on the option, its coding
 * or a value set concept) into op; any other extension is refused. */
static bool option_extensions(struct parse *p, json_t *o, qf_option *op, const char *where)
{
	size_t k;
	json_t *e;
	json_array_foreach(json_object_get(o, "extension"), k, e)
	{
		const char *url = json_string_value(json_object_get(e, "url"));
		if (!score_extension(url))
			return fail(p, where,
			            arena_printf(p->a, "the extension %s on an answer option is not supported",
			                         url ? url : "(without url)"));
		json_t *v = json_object_get(e, "valueDecimal");
		if (v == NULL)
			v = json_object_get(e, "valueInteger");
		if (!json_is_number(v))
			return fail(p, where, arena_printf(p->a, "the score %s needs valueDecimal", url));
		op->scored = true;
		op->score = json_number_value(v);
	}
	return true;
}

/* An option from a coding-like object (a valueCoding, a value set concept or
 * expansion entry): code, display, the English display and scores. A
 * concept gets its system from its include (system_default). */
static bool read_option(struct parse *p, json_t *coding, const char *system_default, qf_option *op, const char *where)
{
	if (!json_is_object(coding))
		return fail(p, where, "every answer option must be a valueCoding");
	const char *own, *other;
	if (!text_member(p, coding, "code", QF_LINK_ID_MAX, true, where, &op->code) ||
	    !text_member(p, coding, "display", QF_TEXT_MAX, true, where, &own) ||
	    !text_member(p, coding, "system", QF_URL_MAX, false, where, &op->system) ||
	    !translation(p, coding, "display", QF_TEXT_MAX, where, &other) || !option_extensions(p, coding, op, where))
		return false;
	if (op->system == NULL)
		op->system = system_default;
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(coding, "designation"), i, d)
	{
		const char *lang = json_string_value(json_object_get(d, "language"));
		const char *value = json_string_value(json_object_get(d, "value"));
		if (qfl_translation_language(p->f->language, lang) && value != NULL && value[0] != '\0' &&
		    utf8_length(value) <= QF_TEXT_MAX && other == NULL)
			other = arena_strdup(p->a, value);
	}
	qfl_slots(p->f->language, own, other, &op->display_nb, &op->display_en);
	return true;
}

static bool code_taken(const qf_option *options, size_t n, const char *code)
{
	for (size_t j = 0; j < n; j++)
		if (str_eq(options[j].code, code))
			return true;
	return false;
}

/* ---- value sets contained in the questionnaire ----------------------------------- */

/* Members of a ValueSet that only a terminology server can evaluate. */
static const char *const needs_server[] = {"filter", "valueSet", NULL};

/* Appends the concepts of one compose.include; NULL when fine, else why the
 * value set needs a terminology server (or is not well formed). */
static const char *include_concepts(struct parse *p, json_t *inc, struct value_set *vs, const char *where)
{
	for (size_t i = 0; needs_server[i] != NULL; i++)
		if (json_object_get(inc, needs_server[i]) != NULL)
			return arena_printf(p->a, "its compose.include has '%s'", needs_server[i]);
	json_t *concepts = json_object_get(inc, "concept");
	if (json_array_size(concepts) == 0)
		return "its compose.include takes a whole code system (no 'concept' list)";
	const char *system = json_string_value(json_object_get(inc, "system"));
	size_t i;
	json_t *c;
	json_array_foreach(concepts, i, c)
	{
		if (vs->n == QF_OPTIONS_MAX)
			return arena_printf(p->a, "it has more than %d concepts", QF_OPTIONS_MAX);
		qf_option *op = &vs->options[vs->n];
		memset(op, 0, sizeof *op);
		if (!read_option(p, c, system ? arena_strdup(p->a, system) : NULL, op, where))
			return "";
		if (code_taken(vs->options, vs->n, op->code))
			return "two of its concepts have the same code";
		vs->n++;
	}
	return NULL;
}

/* Appends an expansion's codes (a flat list; a hierarchy is refused). */
static const char *expansion_codes(struct parse *p, json_t *contains, struct value_set *vs, const char *where)
{
	size_t i;
	json_t *c;
	json_array_foreach(contains, i, c)
	{
		if (json_object_get(c, "contains") != NULL)
			return "its expansion is a hierarchy ('contains' within 'contains')";
		if (json_is_true(json_object_get(c, "abstract")) || json_is_true(json_object_get(c, "inactive")))
			continue; /* not a code a person may pick */
		if (vs->n == QF_OPTIONS_MAX)
			return arena_printf(p->a, "it has more than %d codes", QF_OPTIONS_MAX);
		qf_option *op = &vs->options[vs->n];
		memset(op, 0, sizeof *op);
		if (!read_option(p, c, NULL, op, where))
			return "";
		if (code_taken(vs->options, vs->n, op->code))
			return "two of its codes have the same code";
		vs->n++;
	}
	return NULL;
}

/* The codes of a contained ValueSet: its expansion when it has one, else
 * the concepts its compose lists. vs->problem says why it cannot give
 * options; it is reported where an item uses the value set. */
static void read_value_set(struct parse *p, json_t *r, struct value_set *vs)
{
	const char *where = arena_printf(p->a, "the value set '#%s'", vs->id);
	vs->options = arena_alloc(p->a, QF_OPTIONS_MAX * sizeof *vs->options);
	json_t *expansion = json_object_get(json_object_get(r, "expansion"), "contains");
	json_t *compose = json_object_get(r, "compose");
	if (expansion != NULL) {
		vs->problem = expansion_codes(p, expansion, vs, where);
	} else if (compose == NULL) {
		vs->problem = "it has neither 'compose' nor 'expansion'";
	} else if (json_object_get(compose, "exclude") != NULL) {
		vs->problem = "its compose has 'exclude'";
	} else {
		size_t i;
		json_t *inc;
		json_array_foreach(json_object_get(compose, "include"), i, inc)
		{
			if ((vs->problem = include_concepts(p, inc, vs, where)) != NULL)
				break;
		}
	}
	if (vs->problem == NULL && vs->n == 0)
		vs->problem = "it has no codes";
}

/* Reads the contained resources: ValueSets with an id, for answerValueSet;
 * any other resource is refused by its type. */
static bool parse_contained(struct parse *p, json_t *root)
{
	json_t *contained = json_object_get(root, "contained");
	if (contained == NULL)
		return true;
	size_t n = json_array_size(contained);
	if (n == 0 || n > QF_CONTAINED_MAX)
		return fail(p, "the questionnaire",
		            arena_printf(p->a, "'contained' is a list of 1 to %d value sets", QF_CONTAINED_MAX));
	p->sets = arena_alloc(p->a, n * sizeof *p->sets);
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		json_t *r = json_array_get(contained, i);
		const char *type = json_string_value(json_object_get(r, "resourceType"));
		const char *id = json_string_value(json_object_get(r, "id"));
		if (!str_eq(type, "ValueSet")) {
			ok = fail(p, "the questionnaire",
			          arena_printf(p->a,
			                       "a contained %s is not supported (only ValueSets for answerValueSet)",
			                       type ? type : "resource without resourceType"));
			continue;
		}
		if (id == NULL || id[0] == '\0') {
			ok = fail(p, "the questionnaire", "a contained ValueSet has no 'id'");
			continue;
		}
		struct value_set *vs = &p->sets[p->nsets++];
		memset(vs, 0, sizeof *vs);
		vs->id = arena_strdup(p->a, id);
		const char *url = json_string_value(json_object_get(r, "url"));
		const char *version = json_string_value(json_object_get(r, "version"));
		vs->url = url ? arena_strdup(p->a, url) : NULL;
		vs->url_version = url && version ? arena_printf(p->a, "%s|%s", url, version) : NULL;
		read_value_set(p, r, vs);
	}
	return ok;
}

/* The contained value set an answerValueSet names: "#id", or the url
 * (optionally url|version) of a contained ValueSet; NULL when none. */
static const struct value_set *find_value_set(const struct parse *p, const char *ref)
{
	for (size_t i = 0; i < p->nsets; i++) {
		const struct value_set *vs = &p->sets[i];
		if ((ref[0] == '#' && str_eq(ref + 1, vs->id)) || str_eq(ref, vs->url) || str_eq(ref, vs->url_version))
			return vs;
	}
	return NULL;
}

/* A choice's options from its answerValueSet. */
static bool value_set_options(struct parse *p, json_t *ref, qf_item *it, const char *where)
{
	const char *name = json_string_value(ref);
	if (name == NULL || name[0] == '\0')
		return fail(p, where, "'answerValueSet' must name a value set");
	const struct value_set *vs = find_value_set(p, name);
	if (vs == NULL)
		return fail(p, where,
		            arena_printf(p->a,
		                         "the value set %s needs a terminology server; only a ValueSet contained in "
		                         "the questionnaire ('#id') or imported beside it (--valueset FILE) can give "
		                         "answer options",
		                         name));
	if (vs->problem != NULL)
		return fail(p, where,
		            vs->problem[0] == '\0'
		                ? arena_printf(p->a, "the value set '#%s' cannot give answer options", vs->id)
		                : arena_printf(p->a, "the value set '#%s' needs a terminology server: %s", vs->id,
		                               vs->problem));
	it->options = vs->options;
	it->noptions = vs->n;
	return true;
}

static bool parse_options(struct parse *p, json_t *o, qf_item *it, const char *where)
{
	json_t *opts = json_object_get(o, "answerOption"), *vs = json_object_get(o, "answerValueSet");
	if (it->type != QF_CHOICE) {
		if (opts != NULL || vs != NULL)
			return fail(p, where, "only choice items have answer options");
		return true;
	}
	if (opts != NULL && vs != NULL)
		return fail(p, where, "'answerOption' and 'answerValueSet' together");
	if (vs != NULL)
		return value_set_options(p, vs, it, where);
	size_t n = json_array_size(opts);
	if (n == 0 || n > QF_OPTIONS_MAX)
		return fail(p, where,
		            "a choice item needs 1 to 50 answer options (answerOption with valueCoding, or "
		            "answerValueSet)");
	it->options = arena_alloc(p->a, n * sizeof *it->options);
	const char **selected = arena_alloc(p->a, n * sizeof *selected);
	size_t nselected = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *option = json_array_get(opts, i);
		qf_option *op = &it->options[i];
		memset(op, 0, sizeof *op);
		if (!option_extensions(p, option, op, where) ||
		    !read_option(p, json_object_get(option, "valueCoding"), NULL, op, where))
			return false;
		if (code_taken(it->options, i, op->code))
			return fail(p, where, "two answer options have the same code");
		json_t *sel = json_object_get(option, "initialSelected");
		if (sel != NULL && !json_is_boolean(sel))
			return fail(p, where, "'initialSelected' is true or false");
		if (json_is_true(sel))
			selected[nselected++] = op->code;
	}
	it->noptions = n;
	if (nselected > 0) {
		it->initial = selected;
		it->ninitial = nselected;
	}
	return true;
}

/* A typed FHIR value (valueX, answerX) as answer text for an item of type
 * t; NULL (with a problem) when the element is missing or of another type.
 * *system is set for a coding. */
static const char *typed_value(struct parse *p, json_t *o, const char *prefix, enum qf_type t, const char **system,
                               const char *where)
{
	static const char *const suffix[] = {
	    [QF_BOOLEAN] = "Boolean", [QF_STRING] = "String", [QF_TEXT] = "String",   [QF_INTEGER] = "Integer",
	    [QF_DECIMAL] = "Decimal", [QF_DATE] = "Date",     [QF_CHOICE] = "Coding", [QF_QUANTITY] = "Quantity"};
	*system = NULL;
	if (t == QF_GROUP || t == QF_DISPLAY)
		return fail(p, where, "a group or display item has no value"), NULL;
	if (t == QF_ATTACHMENT) /* a file is the patient's to give: no initial one, no value to compare */
		return fail(p, where, "an attachment item takes no value here (only enableWhen 'exists')"), NULL;
	const char *key = arena_printf(p->a, "%s%s", prefix, suffix[t]);
	json_t *v = json_object_get(o, key);
	const char *what =
	    arena_printf(p->a, "'%s' must be a %s%s matching the question's type", prefix, prefix, suffix[t]);
	switch (t) {
	case QF_BOOLEAN:
		return json_is_boolean(v) ? (json_is_true(v) ? "true" : "false") : (fail(p, where, what), NULL);
	case QF_INTEGER:
		if (!json_is_integer(v) || json_integer_value(v) < -QF_INTEGER_LIMIT ||
		    json_integer_value(v) > QF_INTEGER_LIMIT)
			return fail(p, where, what), NULL;
		return arena_printf(p->a, "%lld", (long long)json_integer_value(v));
	case QF_DECIMAL:
		if (!json_is_number(v))
			return fail(p, where, what), NULL;
		return qf_decimal_text(p->a, json_number_value(v));
	case QF_QUANTITY:
		if (!json_is_number(json_object_get(v, "value")))
			return fail(p, where, what), NULL;
		return qf_decimal_text(p->a, json_number_value(json_object_get(v, "value")));
	case QF_DATE: {
		date d;
		if (!json_is_string(v) || !date_parse(json_string_value(v), &d))
			return fail(p, where, what), NULL;
		return arena_strdup(p->a, json_string_value(v));
	}
	case QF_STRING:
	case QF_TEXT:
		if (!json_is_string(v) || json_string_value(v)[0] == '\0')
			return fail(p, where, what), NULL;
		return arena_strdup(p->a, json_string_value(v));
	case QF_CHOICE: {
		const char *code = json_string_value(json_object_get(v, "code"));
		if (code == NULL || code[0] == '\0')
			return fail(p, where, what), NULL;
		const char *sys = json_string_value(json_object_get(v, "system"));
		*system = sys != NULL ? arena_strdup(p->a, sys) : NULL;
		return arena_strdup(p->a, code);
	}
	case QF_ATTACHMENT:
	case QF_GROUP:
	case QF_DISPLAY: break;
	}
	return NULL;
}

static bool parse_initial(struct parse *p, json_t *o, qf_item *it, const char *where)
{
	json_t *init = json_object_get(o, "initial");
	if (init == NULL)
		return true;
	size_t n = json_array_size(init);
	if (!qf_is_question(it) || n == 0)
		return fail(p, where, "'initial' is for questions, one value or more");
	if (it->initial != NULL)
		return fail(p, where, "'initial' and 'initialSelected' together");
	if (it->prefill != NULL)
		return fail(p, where, "'initial' and initialExpression together");
	if (n > 1 && !it->repeats)
		return fail(p, where, "several initial values on a question that does not repeat");
	it->initial = arena_alloc(p->a, n * sizeof *it->initial);
	for (size_t i = 0; i < n; i++) {
		const char *sys;
		json_t *one = json_array_get(init, i);
		/* A quantity in one unit may start as a valueDecimal in that unit, as the
		 * national portal's forms write it (minValue reads the same way). */
		enum qf_type t =
		    it->type == QF_QUANTITY && it->nunits < 2 && json_object_get(one, "valueDecimal") != NULL
		        ? QF_DECIMAL
		        : it->type;
		const char *v = typed_value(p, one, "value", t, &sys, where);
		if (v == NULL)
			return false;
		if (it->type == QF_CHOICE) {
			size_t k = 0;
			while (k < it->noptions && !str_eq(it->options[k].code, v))
				k++;
			if (k == it->noptions)
				return fail(p, where, "the initial value is not one of the answer options");
		}
		if (it->nunits > 1) {
			/* With a choice of units the initial value names its unit. */
			const char *code = json_string_value(
			    json_object_get(json_object_get(json_array_get(init, i), "valueQuantity"), "code"));
			v = arena_printf(p->a, "%s %s", v, code ? code : "");
			if (qf_quantity_unit(it, v) == NULL)
				return fail(p, where, "the initial value's code is not one of the unitOptions");
		}
		it->initial[i] = v;
	}
	it->ninitial = n;
	return true;
}

static bool parse_items(struct parse *p, json_t *items, int parent, int depth, const char *path);

/* The repeating group around item `it` (not it), -1 for none. */
static int repeating_around(const qf_form *f, const qf_item *it)
{
	int g = it->group;
	while (g >= 0 && !qf_is_repeating_group(&f->items[g]))
		g = f->items[g].group;
	return g;
}

/* What a repeating group may hold: repeating groups QF_REPEAT_DEPTH_MAX
 * deep at most (each level multiplies what a post holds), and no
 * prefill or attachment item. */
static bool repeat_ok(struct parse *p, const qf_item *it, const char *where)
{
	int g = repeating_around(p->f, it);
	if (g < 0)
		return true;
	if (qf_is_repeating_group(it)) {
		int levels = 2;
		for (int up = repeating_around(p->f, &p->f->items[g]); up >= 0;
		     up = repeating_around(p->f, &p->f->items[up]))
			levels++;
		if (levels > QF_REPEAT_DEPTH_MAX)
			return fail(p, where,
			            arena_printf(p->a,
			                         "repeating groups more than %d deep are not supported (within the "
			                         "repeating group '%s')",
			                         QF_REPEAT_DEPTH_MAX, p->f->items[g].link_id));
	}
	if (it->prefill != NULL)
		return fail(p, where,
		            arena_printf(p->a, "initialExpression within the repeating group '%s' is not supported",
		                         p->f->items[g].link_id));
	if (it->type == QF_ATTACHMENT)
		return fail(p, where,
		            arena_printf(p->a, "an attachment item within the repeating group '%s' is not supported",
		                         p->f->items[g].link_id));
	return true;
}

#define SCORING_FORMULAS "http://ehelse.no/scoringFormulas"

/* The national portal's score code among the item's codes (the rule of
 * Helsenorge's renderer, refero src/util/scoring.ts: the first coding of
 * SCORING_FORMULAS with QS, SS or TS); other codes name, not change. A
 * section or total score is a number the server computes: integer,
 * decimal or a quantity in one unit, without a calculatedExpression of
 * its own. Called once the units are read. */
static bool read_score(struct parse *p, json_t *o, qf_item *it, const char *where)
{
	static const char *const codes[] = {
	    [QF_SCORE_QUESTION] = "QS", [QF_SCORE_SECTION] = "SS", [QF_SCORE_TOTAL] = "TS"};
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(o, "code"), i, c)
	{
		if (!str_eq(json_string_value(json_object_get(c, "system")), SCORING_FORMULAS))
			continue;
		const char *code = json_string_value(json_object_get(c, "code"));
		for (size_t k = QF_SCORE_QUESTION; k < ARRAY_LEN(codes) && it->score == QF_SCORE_NONE; k++)
			if (str_eq(code, codes[k]))
				it->score = (enum qf_score)k;
		if (it->score == QF_SCORE_NONE)
			return fail(p, where,
			            arena_printf(p->a, "the score code '%s' (%s) is not supported", code ? code : "",
			                         SCORING_FORMULAS));
		break;
	}
	if (it->score == QF_SCORE_QUESTION && it->type != QF_CHOICE)
		return fail(p, where, "the score code QS (a question's score) is for choice items");
	if (it->score < QF_SCORE_SECTION)
		return true;
	const char *name = codes[it->score];
	if (it->type != QF_INTEGER && it->type != QF_DECIMAL && it->type != QF_QUANTITY)
		return fail(p, where,
		            arena_printf(p->a, "the score code %s is for integer, decimal and quantity items", name));
	if (it->nunits > 1)
		return fail(p, where,
		            arena_printf(p->a, "the score code %s on a quantity with a choice of units", name));
	if (it->calculated != NULL)
		return fail(p, where,
		            arena_printf(p->a, "the score code %s and a calculatedExpression on one item", name));
	it->read_only = true;
	return true;
}

/* A repeating question takes its answers one box each from the patient:
 * what the server gives it (a calculated value, a score, a copy, a
 * prefill) is one value, and a choice of units is one select; each is
 * refused by name rather than shown as something else. */
static bool repeating_question_fits(struct parse *p, const qf_item *it, const char *where)
{
	if (!qf_is_repeating_question(it))
		return true;
	const char *what = it->data_receiver            ? "a data-receiver"
	                   : it->calculated != NULL     ? "a calculated expression"
	                   : it->score != QF_SCORE_NONE ? "a score code"
	                   : it->prefill != NULL        ? "a prefill (initialExpression or sdf-fhirpath)"
	                   : it->nunits > 1             ? "a choice of units (several unitOptions)"
	                                                : NULL;
	return what == NULL ||
	       fail(p, where,
	            arena_printf(p->a, "a repeating %s item with %s is not supported", item_type_name(it->type), what));
}

static bool parse_item(struct parse *p, json_t *o, int parent, int depth, const char *path)
{
	if (!json_is_object(o))
		return fail(p, path, "every item must be an object");
	if (p->f->n == QF_ITEMS_MAX) {
		fail(p, NULL, arena_printf(p->a, "a questionnaire has more than %d items", QF_ITEMS_MAX));
		return false;
	}
	const char *link_id;
	p->path = path;
	if (!text_member(p, o, "linkId", QF_LINK_ID_MAX, true, "an item", &link_id))
		return false;
	const char *where = arena_printf(p->a, "item '%s'", link_id);
	bool ok = true;
	if (link_id_taken(p->f, p->f->n, link_id))
		ok = fail(p, where, "the linkId is used twice");
	for (size_t i = 0; unsupported[i] != NULL; i++)
		if (json_object_get(o, unsupported[i]) != NULL)
			ok = fail(p, where, arena_printf(p->a, "'%s' is not supported", unsupported[i]));
	const char *type = json_string_value(json_object_get(o, "type"));
	size_t t = 0;
	while (t < ARRAY_LEN(item_types) && !str_eq(type, item_types[t].name))
		t++;
	if (t == ARRAY_LEN(item_types))
		return fail(p, where, arena_printf(p->a, "type '%s' is not supported", type ? type : "(none)"));

	int index = (int)p->f->n;
	qf_item *it = new_item(p);
	it->link_id = link_id;
	it->type = item_types[t].type;
	it->group = parent;
	it->depth = depth;
	it->show = qfc_show(json_object_get(o, "extension"));
	/* A `text` item with help, highlight, inline or sidebar is a text the
	 * national portal shows, not a question (refero's text.tsx). */
	bool shown_text = it->type == QF_TEXT && qfc_shows_text(json_object_get(o, "extension"));
	if (shown_text)
		it->type = QF_DISPLAY;
	ok = item_extensions(p, o, it, where) && ok;
	ok = read_texts(p, o, "text", QF_TEXT_MAX, false, where, &it->text_nb, &it->text_en, NULL) && ok;
	ok = read_markdown(p, o, it, where) && ok;
	ok = text_member(p, o, "prefix", QF_LINK_ID_MAX, false, where, &it->prefix) && ok;

	json_t *req = json_object_get(o, "required"), *rep = json_object_get(o, "repeats"),
	       *ro = json_object_get(o, "readOnly");
	if ((req != NULL && !json_is_boolean(req)) || (rep != NULL && !json_is_boolean(rep)) ||
	    (ro != NULL && !json_is_boolean(ro)))
		ok = fail(p, where, "'required', 'repeats' and 'readOnly' are true or false");
	it->required = json_is_true(req);
	it->repeats = json_is_true(rep);
	it->read_only = json_is_true(ro) || it->calculated != NULL;
	bool question = qf_is_question(it);
	if (it->type == QF_DISPLAY && it->required)
		ok = fail(p, where, "only questions and groups can be required");
	if (!question && it->read_only && !shown_text)
		ok = fail(p, where, "only questions can be read-only");
	if (shown_text)
		it->read_only = false; /* a text shown is read-only anyway */
	if (it->repeats && it->type == QF_BOOLEAN)
		ok = fail(p, where, "repeating boolean items are not supported (yes or no is one answer)");
	ok = repeat_ok(p, it, where) && ok;
	if (it->text_nb == NULL && it->type == QF_DISPLAY)
		ok = fail(p, where, "a display item needs text");
	if (it->text_nb == NULL && question && !it->hidden)
		ok = fail(p, where, "a question shown to the patient needs text");

	json_t *max = json_object_get(o, "maxLength");
	size_t limit = it->type == QF_TEXT ? QF_TEXT_ANSWER_MAX : QF_STRING_MAX;
	if (max != NULL && !shown_text &&
	    ((it->type != QF_STRING && it->type != QF_TEXT) || !json_is_integer(max) || json_integer_value(max) < 1 ||
	     (size_t)json_integer_value(max) > limit))
		ok = fail(p, where, "maxLength is for string and text items, from 1 to their limit");
	it->max_length = max != NULL && json_is_integer(max) && json_integer_value(max) >= 1 &&
	                         (size_t)json_integer_value(max) <= limit
	                     ? (size_t)json_integer_value(max)
	                     : limit;
	ok = value_rules(p, json_object_get(o, "extension"), it, where) && ok;
	ok = read_score(p, o, it, where) && ok;
	if (it->min_length > it->max_length)
		ok = fail(p, where, "minLength is above maxLength");

	ok = parse_options(p, o, it, where) && ok;
	for (const char **c = qfc_read(p->a, json_object_get(o, "extension"), it); *c != NULL; c++)
		ok = fail(p, where, *c);
	for (const char **c = qff_read(p->a, json_object_get(o, "extension"), it); *c != NULL; c++)
		ok = fail(p, where, *c);
	for (const char **c = qfn_read(p->a, json_object_get(o, "extension"), it); *c != NULL; c++)
		ok = fail(p, where, *c);
	ok = repeating_question_fits(p, it, where) && ok;
	ok = parse_initial(p, o, it, where) && ok;
	json_t *when = json_object_get(o, "enableWhen"), *behavior = json_object_get(o, "enableBehavior");
	if (when != NULL) {
		if (json_array_size(when) == 0 || json_array_size(when) > QF_CONDITIONS_MAX)
			ok = fail(p, where, "'enableWhen' needs 1 to 50 conditions");
		else
			p->when_json[index] = when;
	}
	const char *b = json_string_value(behavior);
	if (behavior != NULL && !str_eq(b, "any") && !str_eq(b, "all"))
		ok = fail(p, where, "'enableBehavior' is any or all");
	else if (behavior == NULL && json_array_size(when) > 1)
		ok = fail(p, where, "'enableBehavior' is needed with more than one enableWhen");
	else if (behavior != NULL && when == NULL)
		ok = fail(p, where, "'enableBehavior' without 'enableWhen'");
	it->enable_all = str_eq(b, "all");

	json_t *children = json_object_get(o, "item");
	if (children != NULL) {
		if (qf_is_repeating_question(it))
			return fail(p, where,
			            "items under a repeating question are not supported (whose answer are they in?)");
		if (it->type == QF_DISPLAY && it->show != QF_SHOW_INLINE)
			return fail(p, where, "a display item holds no items");
		if (depth + 1 >= QF_DEPTH_MAX)
			return fail(p, where,
			            arena_printf(p->a, "items are nested more than %d levels deep", QF_DEPTH_MAX));
		if (!json_is_array(children) || json_array_size(children) == 0)
			return fail(p, where,
			            it->type == QF_GROUP ? "a group needs items" : "'item' must be a list of items");
		bool children_ok = parse_items(p, children, index, depth + 1, path);
		p->path = path;
		for (size_t k = (size_t)index + 1; it->show == QF_SHOW_INLINE && k < p->f->n; k++)
			if (p->f->items[k].group == index && p->f->items[k].type != QF_DISPLAY)
				ok =
				    fail(p, where,
				         arena_printf(p->a, "the 'inline' text holds '%s', which is not a display item",
				                      p->f->items[k].link_id));
		return children_ok && ok;
	}
	if (it->type == QF_GROUP)
		return fail(p, where, "a group needs items");
	return ok;
}

static bool parse_items(struct parse *p, json_t *items, int parent, int depth, const char *path)
{
	bool ok = true;
	size_t i;
	json_t *o;
	json_array_foreach(items, i, o)
	{
		if (p->f->n == QF_ITEMS_MAX)
			return fail(p, NULL,
			            arena_printf(p->a, "a questionnaire has more than %d items", QF_ITEMS_MAX));
		ok =
		    parse_item(p, o, parent, depth, arena_printf(p->a, "%s%sitem[%zu]", path, path[0] ? "." : "", i)) &&
		    ok;
	}
	return ok;
}

static const struct {
	const char *name;
	enum qf_op op;
} operators[] = {{"exists", QF_OP_EXISTS}, {"=", QF_OP_EQ},  {"!=", QF_OP_NE}, {">", QF_OP_GT},
                 {"<", QF_OP_LT},          {">=", QF_OP_GE}, {"<=", QF_OP_LE}};

/* Whether item i is the item g or within it. */
static bool within(const qf_form *f, size_t i, int g)
{
	for (int k = (int)i; k >= 0; k = f->items[k].group)
		if (k == g)
			return true;
	return false;
}

/* Reads the enableWhen conditions once every item is known: a condition
 * may name a question that comes later in the form. */
static bool resolve_conditions(struct parse *p)
{
	qf_form *f = p->f;
	bool ok = true;
	for (size_t i = 0; i < f->n; i++) {
		json_t *when = p->when_json[i];
		if (when == NULL)
			continue;
		qf_item *it = &f->items[i];
		const char *where = arena_printf(p->a, "item '%s'", it->link_id);
		p->path = p->paths[i];
		size_t n = json_array_size(when);
		it->enable_when = arena_alloc(p->a, n * sizeof *it->enable_when);
		for (size_t k = 0; k < n; k++) {
			json_t *c = json_array_get(when, k);
			const char *q = json_string_value(json_object_get(c, "question"));
			const char *op = json_string_value(json_object_get(c, "operator"));
			int target = -1;
			for (size_t j = 0; q != NULL && j < f->n; j++)
				if (str_eq(f->items[j].link_id, q))
					target = (int)j;
			size_t o = 0;
			while (o < ARRAY_LEN(operators) && !str_eq(op, operators[o].name))
				o++;
			if (target < 0) {
				ok = fail(p, where,
				          arena_printf(p->a,
				                       "enableWhen names the question '%s', which is not in the form",
				                       q ? q : "(none)"));
				continue;
			}
			if (!qf_is_question(&f->items[target])) {
				ok = fail(p, where,
				          arena_printf(p->a, "enableWhen names '%s', which is not a question", q));
				continue;
			}
			if (target == (int)i) {
				ok = fail(p, where, "enableWhen names the item itself");
				continue;
			}
			int rg = repeating_around(f, &f->items[target]);
			if (rg >= 0 && !within(f, i, rg)) {
				ok = fail(p, where,
				          arena_printf(
				              p->a,
				              "enableWhen names '%s' within the repeating group '%s' from outside it",
				              q, f->items[rg].link_id));
				continue;
			}
			if (o == ARRAY_LEN(operators)) {
				ok = fail(
				    p, where,
				    arena_printf(p->a, "enableWhen's operator '%s' is unknown", op ? op : "(none)"));
				continue;
			}
			qf_condition *cond = &it->enable_when[it->nenable_when];
			cond->question = target;
			cond->op = operators[o].op;
			enum qf_type t = f->items[target].type;
			if (cond->op == QF_OP_EXISTS)
				t = QF_BOOLEAN;
			else if (p->f->items[cond->question].nunits > 1) {
				ok = fail(
				    p, where,
				    arena_printf(p->a,
				                 "enableWhen compares '%s', a quantity with a choice of units; only "
				                 "'exists' is supported on it",
				                 q));
				continue;
			} else if ((t == QF_CHOICE || t == QF_BOOLEAN) && cond->op != QF_OP_EQ &&
			           cond->op != QF_OP_NE) {
				ok = fail(p, where,
				          arena_printf(p->a,
				                       "enableWhen compares '%s' with '%s'; only = and != compare "
				                       "choices and yes/no answers",
				                       q, op));
				continue;
			}
			cond->value = typed_value(p, c, "answer", t, &cond->system, where);
			if (cond->value == NULL) {
				ok = false;
				continue;
			}
			it->nenable_when++;
		}
	}
	return ok;
}

/* The resource's language: Norwegian bokmål or English, read before any
 * text (a contained value set's too); any other is refused by name. */
static bool read_language(struct parse *p, json_t *root)
{
	json_t *v = json_object_get(root, "language");
	const char *tag = json_string_value(v);
	p->f->language = qfl_language(tag);
	if (p->f->language != NULL && (v == NULL || tag != NULL))
		return true;
	p->f->language = "nb"; /* to read the rest by, for its other problems */
	return fail(p, NULL,
	            arena_printf(p->a,
	                         "the questionnaire's language '%.40s' is not supported: it must be Norwegian "
	                         "bokmål (nb) or English (en); give other languages as translations",
	                         tag != NULL ? tag : "(not text)"));
}

/* SDC's launchContext: what a prefill may read. helsami gives the patient
 * the questionnaire is for (%patient, a Patient); any other context (the
 * user, an encounter) is refused by its name. */
static bool launch_context(struct parse *p, json_t *e)
{
	const char *name = NULL, *type = NULL;
	size_t i;
	json_t *part;
	json_array_foreach(json_object_get(e, "extension"), i, part)
	{
		const char *url = json_string_value(json_object_get(part, "url"));
		if (str_eq(url, "name"))
			name = json_string_value(json_object_get(json_object_get(part, "valueCoding"), "code"));
		else if (str_eq(url, "type"))
			type = json_string_value(json_object_get(part, "valueCode"));
	}
	if (!str_eq(name, "patient") || !str_eq(type, "Patient"))
		return fail(p, "the questionnaire",
		            arena_printf(p->a,
		                         "the launchContext '%s' (%s) is not supported: helsami gives only 'patient' "
		                         "(Patient)",
		                         name ? name : "(without name)", type ? type : "without type"));
	return true;
}

/* A valueCoding's code, or "" (named as such in a problem). */
static const char *coding_code(json_t *e)
{
	const char *code = json_string_value(json_object_get(json_object_get(e, "valueCoding"), "code"));
	return code != NULL ? code : "";
}

/* The national portal's questionnaire-level extensions (codes from
 * Helsenorge's form editor, helsenorge/structor src/helpers/MetadataHelper.ts):
 * each value helsami honours is taken, the rest refused by name and value.
 * Returns false for a url that is not one of them. */
static bool national_metadata(struct parse *p, json_t *e, const char *url, bool *ok)
{
	const char *code = coding_code(e);
	json_t *b = json_object_get(e, "valueBoolean");
	const char *bad = NULL;
	if (str_eq(url, CAN_BE_PERFORMED_BY_URL)) {
		/* 1: a representative may answer (as helsami lets them); 2: only the patient. */
		if (str_eq(code, "2"))
			p->f->subject_only = true;
		else if (!str_eq(code, "1"))
			bad = code;
	} else if (str_eq(url, AUTHENTICATION_URL)) {
		/* 3: the person logs in (helsami's only way); 1 anonymous and 2 optional are not. */
		if (!str_eq(code, "3"))
			bad = code;
	} else if (str_eq(url, PRESENTATION_BUTTONS_URL)) {
		/* The buttons at the end of the form ("static") are helsami's; "sticky" is shown so; "none" has no way
		 * to send. */
		if (!str_eq(code, "static") && !str_eq(code, "sticky"))
			bad = code;
	} else if (str_eq(url, GENERATE_PDF_URL)) {
		/* The answers are read on the page by the patient and the clinician; helsami makes no PDF either way.
		 */
		if (!json_is_boolean(b))
			bad = "(not valueBoolean)";
	} else if (str_eq(url, GENERATE_NARRATIVE_URL)) {
		if (!json_is_false(b))
			bad = json_is_true(b) ? "true (helsami writes no narrative)" : "(not valueBoolean)";
	} else if (str_eq(url, ENDPOINT_URL)) {
		/* Where the portal delivers answers; in helsami they go to the clinician who sent the questionnaire. */
		if (json_string_value(json_object_get(json_object_get(e, "valueReference"), "reference")) == NULL)
			bad = "(without valueReference)";
	} else if (qfn_setting(url))
		bad = qfn_setting_refused(p->a, e, url);
	else
		return false;
	if (bad != NULL)
		*ok = fail(p, "the questionnaire",
		           arena_printf(p->a, "the extension %s with the value '%s' is not supported", url, bad));
	return true;
}

static bool parse_root(struct parse *p, json_t *root)
{
	qf_form *f = p->f;
	if (!str_eq(json_string_value(json_object_get(root, "resourceType")), "Questionnaire"))
		return fail(p, NULL, "the resource is not a Questionnaire");
	bool ok = true;
	if (json_object_get(root, "modifierExtension") != NULL)
		ok = fail(p, NULL, "'modifierExtension' is not supported");
	size_t i;
	json_t *e;
	ok = read_language(p, root) && ok;
	json_t *exts = json_object_get(root, "extension");
	ok = read_variables(p, exts, NULL, &f->vars, &f->nvars, "the questionnaire") && ok;
	json_array_foreach(exts, i, e)
	{
		const char *url = json_string_value(json_object_get(e, "url"));
		if (str_eq(url, LAUNCH_CONTEXT_URL))
			ok = launch_context(p, e) && ok;
		else if (!str_eq(url, VARIABLE_URL) && !national_metadata(p, e, url, &ok))
			ok = fail(p, "the questionnaire",
			          arena_printf(p->a, "the extension %s is not supported", url ? url : "(without url)"));
	}
	ok = parse_contained(p, root) && ok;
	ok = text_member(p, root, "url", QF_URL_MAX, false, "the questionnaire", &f->url) && ok;
	ok = text_member(p, root, "name", QF_NAME_MAX, false, "the questionnaire", &f->name) && ok;
	ok = text_member(p, root, "version", QF_VERSION_MAX, false, "the questionnaire", &f->version) && ok;
	ok = read_texts(p, root, "title", QF_TITLE_MAX, true, "the questionnaire", &f->title_nb, &f->title_en,
	                &f->translated) &&
	     ok;
	ok = text_member(p, root, "status", 16, true, "the questionnaire", &f->status) && ok;
	if (f->url == NULL && f->name == NULL)
		ok = fail(p, "the questionnaire",
		          "it has neither 'url' nor 'name' to identify it (import with --url or --name)");
	else if (f->url == NULL && strchr(f->name, '|') != NULL)
		ok = fail(p, "the questionnaire", "a name that identifies it cannot hold '|'");
	if (f->version == NULL)
		ok = fail(p, "the questionnaire", "'version' is missing (import with --version)");
	f->identity = f->url != NULL ? f->url : f->name;
	if (f->status != NULL && !str_eq(f->status, "draft") && !str_eq(f->status, "active") &&
	    !str_eq(f->status, "retired"))
		ok = fail(p, NULL, "the status must be draft, active or retired");
	json_t *items = json_object_get(root, "item");
	if (json_array_size(items) == 0)
		return fail(p, NULL, "the questionnaire has no items");
	ok = parse_items(p, items, -1, 0, "") && ok;
	ok = resolve_conditions(p) && ok;
	p->path = NULL;
	if (!ok)
		return false;
	for (size_t k = 0; k < f->n; k++)
		if (qf_is_question(&f->items[k]))
			return true;
	return fail(p, NULL, "the questionnaire asks no questions");
}

/* The problems, one a line. */
static const char *problems_text(struct parse *p)
{
	buf b;
	buf_init(&b, 256);
	for (size_t i = 0; i < p->nproblems; i++) {
		if (i > 0)
			buf_put(&b, "\n", 1);
		buf_put(&b, p->problems[i], strlen(p->problems[i]));
	}
	if (p->more > 0) {
		char tail[64];
		int n = snprintf(tail, sizeof tail, "\n... and %zu problems more", p->more);
		buf_put(&b, tail, (size_t)n);
	}
	buf_put(&b, "", 1);
	const char *s = arena_strdup(p->a, b.data);
	buf_free(&b);
	return s;
}

static bool parse_json(arena *a, json_t *root, qf_form *out, const char **error)
{
	memset(out, 0, sizeof *out);
	struct parse p = {.a = a, .f = out};
	bool ok = json_is_object(root) ? parse_root(&p, root) : fail(&p, NULL, "the resource is not a JSON object");
	if (!ok) {
		*error = problems_text(&p);
		memset(out, 0, sizeof *out);
	}
	return ok;
}

/* The text as JSON (duplicate keys refused); NULL with *error if it is not. */
/* The JSON text of at most limit bytes, or NULL with *error saying why not. */
static json_t *load_json(arena *a, const char *json, size_t len, size_t limit, const char **error)
{
	if (len > limit) {
		*error = arena_printf(a, "the resource is larger than %zu KiB", limit / 1024);
		return NULL;
	}
	json_error_t jerr;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		*error = arena_printf(a, "not JSON: %s (line %d)", jerr.text, jerr.line);
	return root;
}

bool qf_parse(arena *a, const char *json, size_t len, qf_form *out, const char **error)
{
	memset(out, 0, sizeof *out);
	*error = NULL;
	json_t *root = load_json(a, json, len, QF_RESOURCE_MAX_BYTES, error);
	if (root == NULL)
		return false;
	bool ok = parse_json(a, root, out, error);
	json_decref(root);
	return ok;
}

static void set_member(json_t *root, const char *key, const char *value)
{
	if (value != NULL)
		json_object_set_new(root, key, json_string(value));
}

/* Whether an item within items names the value set by url or url|version. */
static bool value_set_named(json_t *items, const char *url, const char *url_version, int depth)
{
	size_t i;
	json_t *o;
	json_array_foreach(items, i, o)
	{
		const char *ref = json_string_value(json_object_get(o, "answerValueSet"));
		if ((ref != NULL && (str_eq(ref, url) || str_eq(ref, url_version))) ||
		    (depth < QF_DEPTH_MAX && value_set_named(json_object_get(o, "item"), url, url_version, depth + 1)))
			return true;
	}
	return false;
}

/* Adds the ValueSet files to the questionnaire's contained resources (an
 * id is given to one without); NULL when fine, else why not. */
static const char *contain_value_sets(arena *a, json_t *root, const qf_identity *set)
{
	for (size_t i = 0; i < set->nvalue_sets; i++) {
		const char *file = set->value_set_files[i];
		json_error_t jerr;
		json_t *vs = json_loadb(set->value_set_texts[i], set->value_set_lens[i], JSON_REJECT_DUPLICATES, &jerr);
		const char *url = json_string_value(json_object_get(vs, "url"));
		const char *version = json_string_value(json_object_get(vs, "version"));
		const char *problem = NULL;
		if (vs == NULL)
			problem = arena_printf(a, "not JSON: %s (line %d)", jerr.text, jerr.line);
		else if (!str_eq(json_string_value(json_object_get(vs, "resourceType")), "ValueSet"))
			problem = "it is not a ValueSet";
		else if (url == NULL || url[0] == '\0')
			problem = "it has no url for an answerValueSet to name";
		else if (!value_set_named(json_object_get(root, "item"), url,
		                          version ? arena_printf(a, "%s|%s", url, version) : NULL, 0))
			problem = arena_printf(a, "no item's answerValueSet names %s", url);
		if (problem != NULL) {
			json_decref(vs);
			return arena_printf(a, "the value set file %s: %s", file, problem);
		}
		if (json_object_get(vs, "id") == NULL)
			json_object_set_new(vs, "id", json_string(arena_printf(a, "valueset-%zu", i + 1)));
		json_t *contained = json_object_get(root, "contained");
		if (!json_is_array(contained)) {
			contained = json_array();
			json_object_set_new(root, "contained", contained);
		}
		json_array_append_new(contained, vs);
	}
	return NULL;
}

/* The Questionnaire a Bundle holds (a new reference), as the national
 * portal publishes its forms: the only one, or the one in the language
 * asked for (a form in several languages); NULL with *error naming what
 * the bundle holds otherwise. Any other resource in it is refused by its
 * type: helsami would not use it. */
static json_t *bundle_questionnaire(arena *a, json_t *bundle, const char *language, const char **error)
{
	json_t *found = NULL;
	size_t count = 0, i;
	json_t *entry;
	buf langs;
	buf_init(&langs, 64);
	json_array_foreach(json_object_get(bundle, "entry"), i, entry)
	{
		json_t *r = json_object_get(entry, "resource");
		const char *type = json_string_value(json_object_get(r, "resourceType"));
		if (!str_eq(type, "Questionnaire")) {
			*error = arena_printf(a, "the bundle's entry %zu is a %s, not a Questionnaire", i,
			                      type != NULL ? type : "resource without a type");
			buf_free(&langs);
			return NULL;
		}
		const char *lang = json_string_value(json_object_get(r, "language"));
		const char *shown = lang != NULL ? lang : "(no language)";
		buf_put(&langs, count > 0 ? ", " : "", count > 0 ? 2 : 0);
		buf_put(&langs, shown, strlen(shown));
		count++;
		if (language == NULL ? count == 1 : lang != NULL && strcasecmp(lang, language) == 0)
			found = r;
	}
	buf_put(&langs, "", 1);
	if (count == 0)
		*error = "the bundle holds no Questionnaire";
	else if (language == NULL && count > 1)
		*error = arena_printf(a, "the bundle holds %zu questionnaires (%s): choose one with --language", count,
		                      langs.data);
	else if (found == NULL)
		*error = arena_printf(a, "the bundle holds no questionnaire in the language '%s' (it holds %s)",
		                      language, langs.data);
	buf_free(&langs);
	if (*error != NULL)
		return NULL;
	return json_incref(found);
}

bool qf_import_text(arena *a, const char *json, size_t len, const qf_identity *set, qf_form *out, const char **compact,
                    const char **error)
{
	memset(out, 0, sizeof *out);
	*compact = NULL;
	*error = NULL;
	json_t *root = load_json(a, json, len, QF_FILE_MAX_BYTES, error);
	if (root == NULL)
		return false;
	if (str_eq(json_string_value(json_object_get(root, "resourceType")), "Bundle")) {
		json_t *q = bundle_questionnaire(a, root, set != NULL ? set->language : NULL, error);
		json_decref(root);
		if ((root = q) == NULL)
			return false;
	} else if (set != NULL && set->language != NULL) {
		*error = "--language picks a questionnaire of a Bundle, and this is not one";
		json_decref(root);
		return false;
	}
	if (json_is_object(root) && set != NULL) {
		set_member(root, "url", set->url);
		set_member(root, "name", set->name);
		set_member(root, "version", set->version);
		if ((*error = contain_value_sets(a, root, set)) != NULL) {
			json_decref(root);
			return false;
		}
	}
	char *text = json_dumps(root, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(QF_DECIMAL_DIGITS));
	bool ok = text != NULL;
	if (!ok)
		*error = "the resource cannot be written as JSON";
	else if (strlen(text) > QF_RESOURCE_MAX_BYTES) {
		*error =
		    arena_printf(a, "the resource is larger than %d KiB as compact JSON", QF_RESOURCE_MAX_BYTES / 1024);
		ok = false;
	}
	if (ok && (ok = parse_json(a, root, out, error)))
		*compact = arena_strdup(a, text);
	free(text);
	json_decref(root);
	return ok;
}

qf_found qf_found_new(arena *a, size_t room)
{
	return (qf_found){.a = a, .list = arena_alloc(a, (room + 1) * sizeof(const char *))};
}

void qf_found_add(qf_found *f, const char *what)
{
	f->list[f->n++] = what;
}

const char **qf_found_list(qf_found *f)
{
	f->list[f->n] = NULL;
	return f->list;
}
