/* questionnaire_answers.c — a person's answers to a questionnaire read with
 * questionnaire_form.c: which items enableWhen turns on, calculated values,
 * checking each answer, and writing and reading the answers as a
 * QuestionnaireResponse (the subset of questionnaire_form.h). */
#include "domain/questionnaire_form.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/core.h"
#include "domain/questionnaire_fhirpath.h"
#include "domain/questionnaire_files.h"
#include "domain/results.h"

/* ---- texts ------------------------------------------------------------------------ */

const char *qf_attachment_value(arena *a, const qf_attachment *att)
{
	return arena_printf(a, "%s %lld %s %s", att->url, (long long)att->size, att->content_type, att->title);
}

bool qf_attachment_parse(arena *a, const char *value, qf_attachment *out)
{
	size_t url = strcspn(value, " ");
	if (url == 0 || value[url] != ' ')
		return false;
	char *end;
	long long size = strtoll(value + url + 1, &end, 10);
	if (end == value + url + 1 || *end != ' ' || size <= 0)
		return false;
	size_t type = strcspn(end + 1, " ");
	if (type == 0 || end[1 + type] != ' ' || end[2 + type] == '\0')
		return false;
	*out = (qf_attachment){.url = arena_strndup(a, value, url),
	                       .size = size,
	                       .content_type = arena_strndup(a, end + 1, type),
	                       .title = arena_strdup(a, end + 2 + type)};
	return true;
}

bool qf_has_attachment(const qf_form *f)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->items[i].type == QF_ATTACHMENT)
			return true;
	return false;
}

bool qf_is_question(const qf_item *it)
{
	return it->type != QF_GROUP && it->type != QF_DISPLAY;
}

bool qf_is_computed(const qf_item *it)
{
	return it->calculated != NULL || it->score >= QF_SCORE_SECTION;
}

bool qf_is_input(const qf_item *it)
{
	return qf_is_question(it) && !it->read_only && !it->hidden;
}

/* ---- enableWhen ------------------------------------------------------------------- */

/* A number as typed, with a decimal comma or point: conditions are
 * settled before the answers are checked (and normalized). */
static double number_of(const char *v)
{
	char buf[64];
	size_t n = strcspn(v, " ");
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, v, n);
	buf[n] = '\0';
	char *comma = strchr(buf, ',');
	if (comma != NULL)
		*comma = '.';
	return strtod(buf, NULL);
}

static int compare_values(enum qf_type t, const char *a, const char *b)
{
	if (t == QF_INTEGER || t == QF_DECIMAL || t == QF_QUANTITY) {
		double x = number_of(a), y = number_of(b);
		return x < y ? -1 : x > y;
	}
	return strcmp(a, b); /* dates as YYYY-MM-DD, strings by code point */
}

bool qf_value_matches(const qf_item *q, const qf_condition *c, const char *v)
{
	if (q->type == QF_CHOICE && c->system != NULL) {
		for (size_t i = 0; i < q->noptions; i++)
			if (str_eq(q->options[i].code, v) && q->options[i].system != NULL &&
			    !str_eq(q->options[i].system, c->system))
				return false;
	}
	return compare_values(q->type, v, c->value) == 0;
}

/* One condition against the current answers. Without an answer only
 * `exists` can hold; with several, = holds when one matches, != when none
 * does, and an order when one satisfies it. */
bool qf_condition_holds(const qf_form *f, const qf_condition *c, const qf_answer *answers, const bool *enabled)
{
	const qf_item *q = &f->items[c->question];
	size_t n = enabled[c->question] ? answers[c->question].n : 0;
	if (c->op == QF_OP_EXISTS)
		return (n > 0) == str_eq(c->value, "true");
	if (n == 0)
		return false;
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		const char *v = answers[c->question].values[i];
		bool hit;
		switch (c->op) {
		case QF_OP_EQ:
		case QF_OP_NE: hit = qf_value_matches(q, c, v); break;
		case QF_OP_GT: hit = compare_values(q->type, v, c->value) > 0; break;
		case QF_OP_LT: hit = compare_values(q->type, v, c->value) < 0; break;
		case QF_OP_GE: hit = compare_values(q->type, v, c->value) >= 0; break;
		case QF_OP_LE: hit = compare_values(q->type, v, c->value) <= 0; break;
		case QF_OP_EXISTS:
		default: hit = false; break;
		}
		any = any || hit;
	}
	return c->op == QF_OP_NE ? !any : any;
}

static bool item_enabled(const qf_form *f, size_t i, const qf_answer *answers, const bool *enabled)
{
	const qf_item *it = &f->items[i];
	if (it->group >= 0) {
		if (!enabled[it->group])
			return false;
		/* A follow-up lives in its question's answer: no answer, no
		 * follow-up. Help for the question is shown with it. */
		if (qf_is_question(&f->items[it->group]) && answers[it->group].n == 0 && !it->help)
			return false;
	}
	if (it->nenable_when == 0)
		return true;
	for (size_t k = 0; k < it->nenable_when; k++) {
		bool holds = qf_condition_holds(f, &it->enable_when[k], answers, enabled);
		if (holds && !it->enable_all)
			return true;
		if (!holds && it->enable_all)
			return false;
	}
	return it->enable_all;
}

bool *qf_enabled(arena *a, const qf_form *f, const qf_answer *answers)
{
	bool *enabled = arena_alloc(a, (f->n ? f->n : 1) * sizeof *enabled);
	for (size_t i = 0; i < f->n; i++)
		enabled[i] = true;
	/* A condition may look at a later item, or at one that is itself
	 * conditional: settle in rounds. Each round is document order, so a
	 * form whose conditions look back settles in one; a loop (which FHIR
	 * forbids) stops after f->n rounds. */
	for (size_t round = 0; round <= f->n; round++) {
		bool changed = false;
		for (size_t i = 0; i < f->n; i++) {
			bool e = item_enabled(f, i, answers, enabled);
			changed = changed || e != enabled[i];
			enabled[i] = e;
		}
		if (!changed)
			break;
	}
	return enabled;
}

/* Appends the variables of a scope, each evaluated from focus (the node
 * of the item they are on; the response for the questionnaire's). */
static void bind(arena *a, const qf_form *f, json_t *response, json_t *focus, const qf_variable *vars, size_t n,
                 qfp_binding *out, size_t *nout)
{
	for (size_t i = 0; i < n; i++) {
		qfp_binding *b = &out[*nout];
		b->name = vars[i].name;
		if (!qfp_eval_in(a, f, response, focus, out, *nout, vars[i].expression, &b->value, &b->n))
			b->n = 0;
		(*nout)++;
	}
}

static const qf_option *option_of(const qf_item *it, const char *code)
{
	for (size_t i = 0; i < it->noptions; i++)
		if (str_eq(it->options[i].code, code))
			return &it->options[i];
	return NULL;
}

/* Whether item j is within item scope (-1: the whole form). */
static bool within(const qf_form *f, int j, int scope)
{
	for (int up = f->items[j].group; scope >= 0 && up >= 0; up = f->items[up].group)
		if (up == scope)
			return true;
	return scope < 0;
}

/* A section or total score (the national portal's, as its renderer
 * computes it: refero src/util/scoringCalculator.ts): the sum of the
 * scores of the chosen options of every scoring question (QS) in its
 * section (the item it is in; the whole form for a total), an option
 * without an ordinalValue counting 0. False when no scoring question there
 * is answered. */
static bool score_sum(const qf_form *f, size_t i, const qf_answer *answers, double *sum)
{
	int scope = f->items[i].score == QF_SCORE_TOTAL ? -1 : f->items[i].group;
	bool any = false;
	*sum = 0;
	for (size_t j = 0; j < f->n; j++) {
		if (f->items[j].score != QF_SCORE_QUESTION || !within(f, (int)j, scope))
			continue;
		for (size_t k = 0; k < answers[j].n; k++) {
			const qf_option *o = option_of(&f->items[j], answers[j].values[k]);
			if (o == NULL)
				continue;
			any = true;
			*sum += o->scored ? o->score : 0;
		}
	}
	return any;
}

/* A calculated decimal as a decimal answer is written: as many significant
 * digits as fit RESULT_NUMBER_MAX characters (1/3 is 0.33333333333333);
 * NULL when even one does not (too large). */
static const char *calculated_decimal(arena *a, double x)
{
	char *canon = arena_alloc(a, RESULT_NUMBER_MAX + 1);
	for (int digits = QF_DECIMAL_DIGITS; digits > 0; digits--) {
		char text[64];
		double parsed;
		snprintf(text, sizeof text, "%.*g", digits, x);
		if (strchr(text, 'e') == NULL && results_parse_number(text, &parsed, canon))
			return canon;
	}
	return NULL;
}

/* One past the last item within each item of f (items follow the item
 * they are in), from a. */
static size_t *subtree_ends(arena *a, const qf_form *f)
{
	size_t *end = arena_alloc(a, (f->n ? f->n : 1) * sizeof *end);
	for (size_t i = f->n; i-- > 0;) {
		size_t j = i + 1;
		while (j < f->n && f->items[j].depth > f->items[i].depth)
			j = end[j];
		end[i] = j;
	}
	return end;
}

/* The response item of each item of f that a response's list of items
 * (and its answers' items) holds, within item parent: as
 * qf_response_answers reads them, the k-th occurrence of a repeating
 * group is its k-th instance. */
static void map_nodes(const qf_form *f, const size_t *end, json_t *items, int parent, json_t **nodes, int depth)
{
	size_t i;
	json_t *o;
	if (depth > QF_DEPTH_MAX)
		return;
	json_array_foreach(items, i, o)
	{
		const char *link_id = json_string_value(json_object_get(o, "linkId"));
		size_t from = parent < 0 ? 0 : (size_t)parent + 1, to = parent < 0 ? f->n : end[parent], k = from;
		while (k < to && (nodes[k] != NULL || !str_eq(f->items[k].link_id, link_id)))
			k = end[k];
		if (link_id == NULL || k >= to)
			continue;
		nodes[k] = o;
		map_nodes(f, end, json_object_get(o, "item"), (int)k, nodes, depth + 1);
		size_t j;
		json_t *ans;
		json_array_foreach(json_object_get(o, "answer"), j, ans)
		{
			map_nodes(f, end, json_object_get(ans, "item"), (int)k, nodes, depth + 1);
		}
	}
}

/* The node of each item of f in response (NULL: not in it), from a. */
static json_t **response_nodes(arena *a, const qf_form *f, const size_t *end, json_t *response)
{
	json_t **nodes = arena_alloc(a, (f->n ? f->n : 1) * sizeof *nodes);
	memset(nodes, 0, (f->n ? f->n : 1) * sizeof *nodes);
	map_nodes(f, end, json_object_get(response, "item"), -1, nodes, 0);
	return nodes;
}

/* As qf_eval_at, with the items' nodes in response known. */
static bool eval_item(arena *a, const qf_form *f, int item, json_t *response, json_t *const *nodes, const char *expr,
                      const qfp_value **out, size_t *nout)
{
	size_t count = f->nvars, depth = 0;
	int chain[QF_DEPTH_MAX + 1];
	for (int up = item; up >= 0 && depth <= QF_DEPTH_MAX; up = f->items[up].group) {
		chain[depth++] = up;
		count += f->items[up].nvars;
	}
	qfp_binding *vars = arena_alloc(a, (count + 1) * sizeof *vars);
	size_t n = 0;
	bind(a, f, response, response, f->vars, f->nvars, vars, &n);
	while (depth-- > 0)
		bind(a, f, response, nodes[chain[depth]], f->items[chain[depth]].vars, f->items[chain[depth]].nvars,
		     vars, &n);
	json_t *focus = item < 0 || f->items[item].calculated_on_response ? response : nodes[item];
	return qfp_eval_in(a, f, response, focus, vars, n, expr, out, nout);
}

bool qf_eval_at(arena *a, const qf_form *f, int item, json_t *response, const char *expr, const qfp_value **out,
                size_t *nout)
{
	return eval_item(a, f, item, response, response_nodes(a, f, subtree_ends(a, f), response), expr, out, nout);
}

/* A computed quantity's number: a number, taken as in the item's unit, or
 * one Quantity in that unit (the same code, and the same system or none on
 * both), as a copy of another quantity item's answer is. */
static bool quantity_number(const qf_item *it, const qfp_value *v, size_t nv, double *x)
{
	if (qfp_number(v, nv, x))
		return true;
	json_t *list = qfp_json(v, nv);
	json_t *q = json_array_size(list) == 1 ? json_array_get(list, 0) : NULL;
	const char *code = json_string_value(json_object_get(q, "code"));
	const char *system = json_string_value(json_object_get(q, "system"));
	json_t *value = json_object_get(q, "value");
	bool ok = json_is_number(value) && str_eq(code, it->unit.code) &&
	          (system == NULL ? it->unit.system == NULL : str_eq(system, it->unit.system));
	*x = ok ? json_number_value(value) : 0;
	json_decref(list);
	return ok;
}

/* x rounded to the item's maxDecimalPlaces, as refero's getDecimalValue
 * writes a computed value (toFixed), so it passes the item's own check. */
static double rounded(const qf_item *it, double x)
{
	if (!it->decimals_limited)
		return x;
	char text[64];
	snprintf(text, sizeof text, "%.*f", it->max_decimals, x);
	return strtod(text, NULL);
}

/* A calculated item's value: its expression's (qf_eval_at); NULL when
 * that gives no single number (for a quantity: a number or one Quantity in
 * its unit), or a fraction for an integer. */
static const char *calculate(arena *a, const qf_form *f, size_t i, json_t *response, json_t *const *nodes)
{
	const qf_item *it = &f->items[i];
	const qfp_value *v;
	size_t nv;
	double x;
	if (!eval_item(a, f, (int)i, response, nodes, it->calculated, &v, &nv))
		return NULL;
	if (it->type == QF_QUANTITY)
		return quantity_number(it, v, nv, &x) ? calculated_decimal(a, rounded(it, x)) : NULL;
	if (!qfp_number(v, nv, &x))
		return NULL;
	if (it->type == QF_DECIMAL)
		return calculated_decimal(a, rounded(it, x));
	if (x != (double)(long long)x || x < -QF_INTEGER_LIMIT || x > QF_INTEGER_LIMIT)
		return NULL;
	return arena_printf(a, "%lld", (long long)x);
}

/* A section or total score as its item's answer: rounded (half up, as the
 * portal's renderer does) on an integer item; NULL when nothing scored. */
static const char *score(arena *a, const qf_form *f, size_t i, const qf_answer *answers)
{
	double x;
	if (!score_sum(f, i, answers, &x))
		return NULL;
	if (f->items[i].type != QF_INTEGER)
		return calculated_decimal(a, x);
	x = floor(x + 0.5);
	if (x < -QF_INTEGER_LIMIT || x > QF_INTEGER_LIMIT)
		return NULL;
	return arena_printf(a, "%lld", (long long)x);
}

/* Whether item i is within an instance of a repeating group that holds
 * no answer but computed ones: nothing is computed there (the instance is
 * not in the response, and "Fjern" empties it). */
static bool in_blank_instance(const qf_form *f, const size_t *end, size_t i, const qf_answer *answers)
{
	int g = f->items[i].group;
	while (g >= 0 && !qf_is_repeating_group(&f->items[g]))
		g = f->items[g].group;
	if (g < 0)
		return false;
	for (size_t k = (size_t)g; k < end[g]; k++)
		if (answers[k].n > 0 && !qf_is_computed(&f->items[k]))
			return false;
	return true;
}

static json_t *response_root(arena *a, const qf_form *f, const qf_answer *answers, bool completed, unix_time authored,
                             json_t **nodes);

/* Computes the calculated items and scores in document order, each over
 * the response with the values before it (made anew when a value changed
 * what it holds). */
static void calculate_all(arena *a, const qf_form *f, qf_answer *answers, const bool *enabled)
{
	const size_t *end = subtree_ends(a, f);
	json_t *response = NULL, **nodes = arena_alloc(a, (f->n ? f->n : 1) * sizeof *nodes);
	for (size_t i = 0; i < f->n; i++) {
		if (!qf_is_computed(&f->items[i]) || !enabled[i])
			continue;
		const char *v = NULL;
		if (f->items[i].calculated != NULL && !in_blank_instance(f, end, i, answers)) {
			if (response == NULL) {
				/* The instances left out (nothing answered) make the
				 * k-th item of a name not always the k-th instance. */
				memset(nodes, 0, f->n * sizeof *nodes);
				response = response_root(a, f, answers, false, 0, nodes);
			}
			v = calculate(a, f, i, response, nodes);
		} else if (f->items[i].calculated == NULL && !in_blank_instance(f, end, i, answers))
			v = score(a, f, i, answers);
		bool same = answers[i].n == (v != NULL) && (v == NULL || str_eq(answers[i].values[0], v));
		if (same)
			continue;
		answers[i].values = v != NULL ? arena_alloc(a, sizeof *answers[i].values) : NULL;
		answers[i].n = v != NULL;
		if (v != NULL)
			answers[i].values[0] = v;
		json_decref(response); /* the next expression sees this value */
		response = NULL;
	}
	json_decref(response);
}

static void drop_disabled(const qf_form *f, qf_answer *answers, const bool *enabled)
{
	for (size_t i = 0; i < f->n; i++)
		if (!enabled[i]) {
			answers[i].values = NULL;
			answers[i].n = 0;
		}
}

/* A decimal's or quantity's typed numbers as read (a decimal comma is a
 * point), so a calculation over them sees what is stored: strtod would read
 * 2,5 as 2. One that does not read as a number stays for the checks. */
static void read_numbers(arena *a, const qf_form *f, qf_answer *answers)
{
	for (size_t i = 0; i < f->n; i++) {
		const qf_item *it = &f->items[i];
		if (it->type != QF_DECIMAL && it->type != QF_QUANTITY)
			continue;
		const char **read = arena_alloc(a, (answers[i].n + 1) * sizeof *read);
		for (size_t k = 0; k < answers[i].n; k++) {
			const char *v = answers[i].values[k];
			size_t len = strcspn(v, " ");
			char *canon = arena_alloc(a, RESULT_NUMBER_MAX + 1);
			double x;
			read[k] = len <= RESULT_NUMBER_MAX && results_parse_number(arena_strndup(a, v, len), &x, canon)
			              ? arena_printf(a, "%s%s", canon, v + len)
			              : v;
		}
		answers[i].values = answers[i].n > 0 ? read : answers[i].values;
	}
}

bool *qf_settle(arena *a, const qf_form *f, qf_answer *answers)
{
	read_numbers(a, f, answers);
	bool calculated = false;
	for (size_t i = 0; i < f->n; i++) {
		const qf_item *it = &f->items[i];
		/* A read-only prefill keeps what the response holds: the patient's
		 * data as it was when they submitted (the page never sends it). */
		if (qf_is_question(it) && !qf_is_input(it) && (it->prefill == NULL || answers[i].n == 0)) {
			answers[i].values = it->initial;
			answers[i].n = it->ninitial;
		}
		calculated = calculated || qf_is_computed(it);
	}
	bool *enabled = qf_enabled(a, f, answers);
	/* Calculated over what is on; a condition may look at a calculated
	 * value, so what it turns on keeps its answers, and a calculated item
	 * it turns on (a copy of a sum once there is one) is computed in the
	 * next round, until nothing changes (a loop stops after as many rounds
	 * as items). */
	for (size_t round = 0; calculated && round <= f->n; round++) {
		qf_answer *on = arena_alloc(a, f->n * sizeof *on);
		memcpy(on, answers, f->n * sizeof *on);
		drop_disabled(f, on, enabled);
		calculate_all(a, f, on, enabled);
		for (size_t i = 0; i < f->n; i++)
			if (qf_is_computed(&f->items[i]))
				answers[i] = on[i];
		bool *next = qf_enabled(a, f, answers);
		calculated = memcmp(next, enabled, f->n * sizeof *next) != 0;
		enabled = next;
	}
	drop_disabled(f, answers, enabled);
	return enabled;
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

/* minValue and maxValue: a number below or above a whole bound names
 * it (*max); a fractional or negative bound, and a date, say so without. */
static const char *out_of_range(const qf_item *it, const char *v, size_t *max)
{
	bool is_date = it->type == QF_DATE;
	const char *bounds[2] = {it->min_value, it->max_value};
	for (int k = 0; k < 2; k++) {
		if (bounds[k] == NULL)
			continue;
		int c = compare_values(it->type, v, bounds[k]);
		if ((k == 0 && c >= 0) || (k == 1 && c <= 0))
			continue;
		if (is_date)
			return k == 0 ? "questionnaires.error.date_too_early" : "questionnaires.error.date_too_late";
		int64_t whole;
		if (str_to_i64(bounds[k], &whole) && whole >= 0) {
			*max = (size_t)whole;
			return k == 0 ? "questionnaires.error.min_value" : "questionnaires.error.max_value";
		}
		return k == 0 ? "questionnaires.error.too_low" : "questionnaires.error.too_high";
	}
	return NULL;
}

/* maxDecimalPlaces: the digits after the point of a number as read
 * (canon: results_parse_number's text, so 1,50 counts as 1.5). */
static const char *too_many_decimals(const qf_item *it, const char *canon, size_t *max)
{
	const char *point = strchr(canon, '.');
	if (!it->decimals_limited || point == NULL || strlen(point + 1) <= (size_t)it->max_decimals)
		return NULL;
	*max = (size_t)it->max_decimals;
	return it->max_decimals == 0   ? "questionnaires.error.whole_number"
	       : it->max_decimals == 1 ? "questionnaires.error.one_decimal"
	                               : "questionnaires.error.decimal_places";
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
	case QF_BOOLEAN: return str_eq(v, "true") || str_eq(v, "false") ? NULL : "form.error.choice";
	case QF_STRING:
	case QF_TEXT:
		if (utf8_length(v) > it->max_length) {
			*max = it->max_length;
			return "form.error.too_long";
		}
		if (utf8_length(v) < it->min_length) {
			*max = it->min_length;
			return "questionnaires.error.too_short";
		}
		return it->regex != NULL && !qfp_regex_whole(a, it->regex, v) ? "questionnaires.error.pattern" : NULL;
	case QF_INTEGER:
		if (!str_to_i64(v, &num) || num < -QF_INTEGER_LIMIT || num > QF_INTEGER_LIMIT)
			return "form.error.integer";
		return out_of_range(it, v, max);
	case QF_DECIMAL: {
		char *canon = arena_alloc(a, RESULT_NUMBER_MAX + 1);
		double dv;
		if (!results_parse_number(v, &dv, canon))
			return "questionnaires.error.decimal";
		*value = canon;
		const char *places = too_many_decimals(it, canon, max);
		return places != NULL ? places : out_of_range(it, canon, max);
	}
	case QF_QUANTITY: {
		const qf_unit *chosen = qf_quantity_unit(it, v);
		const char *number = it->nunits > 1 ? arena_strndup(a, v, strcspn(v, " ")) : v;
		char *canon = arena_alloc(a, RESULT_NUMBER_MAX + 1);
		double dv;
		if (!results_parse_number(number, &dv, canon))
			return "questionnaires.error.decimal";
		if (chosen == NULL)
			return "questionnaires.error.unit";
		*value = it->nunits > 1 ? arena_printf(a, "%s %s", canon, chosen->code) : canon;
		const char *places = too_many_decimals(it, canon, max);
		return places != NULL ? places : out_of_range(it, canon, max);
	}
	case QF_DATE: return date_parse(v, &d) ? out_of_range(it, v, max) : "form.error.date_invalid";
	case QF_CHOICE: return option_of(it, v) != NULL ? NULL : "form.error.choice";
	case QF_ATTACHMENT: { /* the server's own value, from the stored file */
		qf_attachment att;
		return qf_attachment_parse(a, v, &att) ? NULL : "form.error.unknown_field";
	}
	case QF_GROUP:
	case QF_DISPLAY: break;
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
	bool files = it->type == QF_ATTACHMENT, typed = qf_is_repeating_question(it);
	size_t most = files                                                 ? qf_files_max(it)
	              : typed                                               ? qf_answers_max(it)
	              : !it->repeats                                        ? 1
	              : it->max_occurs > 0 && it->max_occurs < it->noptions ? it->max_occurs
	                                                                    : it->noptions;
	if (ans->n > most) {
		*max = most;
		return files   ? "upload.error.too_many_files"
		       : typed ? "questionnaires.error.max_answers"
		               : "form.error.too_many";
	}
	if (complete && ans->n < it->min_occurs) {
		*max = it->min_occurs;
		return files   ? "questionnaires.error.min_files"
		       : typed ? "questionnaires.error.min_answers"
		               : "questionnaires.error.min_choices";
	}
	for (size_t i = 0; i < ans->n; i++) {
		const char *problem = check_value(a, it, &ans->values[i], max);
		if (problem != NULL)
			return problem;
		/* An option is chosen once; two weighings may both say 80 kg. */
		for (size_t j = 0; j < i && !typed; j++)
			if (str_eq(ans->values[j], ans->values[i]))
				return "form.error.repeated";
	}
	return NULL;
}

size_t qf_item_end(const qf_form *f, size_t i)
{
	size_t j = i + 1;
	while (j < f->n && f->items[j].depth > f->items[i].depth)
		j++;
	return j;
}

bool qf_answered_within(const qf_form *f, size_t i, const qf_answer *answers)
{
	for (size_t k = i; k < qf_item_end(f, i); k++)
		if (answers[k].n > 0)
			return true;
	return false;
}

/* The first instance of the repeating group that item g is an instance
 * of (the others follow it, one after another). */
static size_t first_instance(const qf_form *f, size_t g)
{
	size_t k = g;
	while (f->items[k].instance > 0 || f->items[k].source != f->items[g].source)
		k--;
	return k;
}

static bool any_instance_answered(const qf_form *f, size_t g, const qf_answer *answers)
{
	const qf_item *it = &f->items[g];
	for (size_t k = first_instance(f, g);
	     k < f->n && f->items[k].source == it->source && f->items[k].group == it->group; k = qf_item_end(f, k))
		if (qf_answered_within(f, k, answers))
			return true;
	return false;
}

/* Per item: within an instance of a repeating group with nothing answered
 * in it, other than the first when none is answered: such an instance is
 * not in the response, and its required questions are not asked for. */
static bool *blank_instances(arena *a, const qf_form *f, const qf_answer *answers)
{
	bool *blank = arena_alloc(a, (f->n ? f->n : 1) * sizeof *blank);
	memset(blank, 0, (f->n ? f->n : 1) * sizeof *blank);
	for (size_t g = 0; g < f->n; g++) {
		const qf_item *it = &f->items[g];
		if (!qf_is_repeating_group(it) || qf_answered_within(f, g, answers) ||
		    (it->instance == 0 && !any_instance_answered(f, g, answers)))
			continue;
		for (size_t i = g; i < qf_item_end(f, g); i++)
			blank[i] = true;
	}
	return blank;
}

/* A required group needs an answer within it; a repeating one, within
 * any of its instances (the first carries the problem). */
static bool group_missing(const qf_form *f, size_t g, const qf_answer *answers)
{
	if (!qf_is_repeating_group(&f->items[g]))
		return !qf_answered_within(f, g, answers);
	return f->items[g].instance == 0 && !any_instance_answered(f, g, answers);
}

/* The instances of the repeating group that item g is the first instance
 * of with something answered in them. */
static size_t answered_instances(const qf_form *f, size_t g, const qf_answer *answers)
{
	size_t n = 0;
	for (size_t k = g;
	     k < f->n && f->items[k].source == f->items[g].source && f->items[k].group == f->items[g].group;
	     k = qf_item_end(f, k))
		n += qf_answered_within(f, k, answers);
	return n;
}

/* A group's problem on submit: required and unanswered, or (its first
 * instance) fewer answered instances than minOccurs, once one is
 * answered or when it is required. NULL when fine. */
static const char *group_problem(const qf_form *f, size_t g, const qf_answer *answers, int64_t *limit)
{
	const qf_item *it = &f->items[g];
	*limit = 0;
	if (it->required && group_missing(f, g, answers))
		return "questionnaires.error.group_required";
	if (it->min_occurs < 2 || it->instance > 0)
		return NULL;
	size_t n = answered_instances(f, g, answers);
	if (n == 0 || n >= it->min_occurs)
		return NULL;
	*limit = (int64_t)it->min_occurs;
	return "questionnaires.error.min_instances";
}

size_t qf_check(arena *a, const qf_form *f, qf_answer *answers, const bool *enabled, bool complete, qf_problem **out)
{
	qf_problem *list = arena_alloc(a, (f->n ? f->n : 1) * sizeof *list);
	size_t n = 0;
	const bool *blank = blank_instances(a, f, answers);
	for (size_t i = 0; i < f->n; i++) {
		const qf_item *it = &f->items[i];
		/* A repeating group's first instance carries minOccurs' problem, blank or not. */
		if (!enabled[i] || (blank[i] && !(qf_is_repeating_group(it) && it->instance == 0)))
			continue;
		size_t max = 0;
		int64_t limit = 0;
		const char *key = NULL;
		if (it->type == QF_GROUP)
			key = complete ? group_problem(f, i, answers, &limit) : NULL;
		else
			key = qf_check_answer(a, it, &answers[i], complete, &max);
		if (key != NULL)
			list[n++] =
			    (qf_problem){.item = i, .key = key, .limit = it->type == QF_GROUP ? limit : (int64_t)max};
	}
	*out = list;
	return n;
}

/* ---- QuestionnaireResponse ------------------------------------------------------------ */

static json_t *attachment_json(const char *v)
{
	arena *a = arena_new();
	qf_attachment att;
	json_t *o = qf_attachment_parse(a, v, &att)
	                ? json_pack("{s:s, s:s, s:I, s:s}", "contentType", att.content_type, "url", att.url, "size",
	                            (json_int_t)att.size, "title", att.title)
	                : json_object(); /* not checked with qf_check_answer */
	arena_free(a);
	return o;
}

static json_t *answer_value(const qf_form *f, const qf_item *it, const char *v)
{
	json_t *o = json_object();
	int64_t num;
	switch (it->type) {
	case QF_BOOLEAN: json_object_set_new(o, "valueBoolean", json_boolean(str_eq(v, "true"))); break;
	case QF_INTEGER:
		str_to_i64(v, &num);
		json_object_set_new(o, "valueInteger", json_integer(num));
		break;
	case QF_DECIMAL: json_object_set_new(o, "valueDecimal", json_real(strtod(v, NULL))); break;
	case QF_QUANTITY: {
		const qf_unit *u = qf_quantity_unit(it, v);
		if (u == NULL) /* not checked with qf_check_answer */
			u = &it->unit;
		/* strtod stops at the space before a chosen unit's code. */
		json_t *q = json_pack("{s:f, s:s, s:s}", "value", strtod(v, NULL), "unit", u->display, "code", u->code);
		if (u->system != NULL)
			json_object_set_new(q, "system", json_string(u->system));
		json_object_set_new(o, "valueQuantity", q);
		break;
	}
	case QF_DATE: json_object_set_new(o, "valueDate", json_string(v)); break;
	case QF_ATTACHMENT: json_object_set_new(o, "valueAttachment", attachment_json(v)); break;
	case QF_CHOICE: {
		const qf_option *op = option_of(it, v);
		if (op == NULL) { /* not checked with qf_check_answer: keep what was given */
			json_object_set_new(o, "valueCoding", json_pack("{s:s}", "code", v));
			break;
		}
		json_t *coding = json_pack("{s:s, s:s}", "code", op->code, "display", qf_own_display(f, op));
		if (op->system != NULL)
			json_object_set_new(coding, "system", json_string(op->system));
		json_object_set_new(o, "valueCoding", coding);
		break;
	}
	case QF_STRING:
	case QF_TEXT:
	case QF_GROUP:
	case QF_DISPLAY: json_object_set_new(o, "valueString", json_string(v)); break;
	}
	return o;
}

/* An item as the response carries it: its linkId and its text in the
 * form's own language. */
static json_t *response_item(const qf_form *f, const qf_item *it)
{
	json_t *o = json_pack("{s:s}", "linkId", it->link_id);
	if (qf_own_text(f, it) != NULL)
		json_object_set_new(o, "text", json_string(qf_own_text(f, it)));
	return o;
}

/* The response items of the items within `parent` (-1: the top level),
 * from item *i on; returns an array, empty when nothing is answered. Each
 * item's response item goes in nodes[item] (when nodes is not NULL; one
 * left out stays NULL). */
static json_t *response_items(const qf_form *f, const qf_answer *answers, int parent, size_t *i, json_t **nodes)
{
	json_t *list = json_array();
	while (*i < f->n && f->items[*i].group == parent) {
		size_t k = (*i)++;
		const qf_item *it = &f->items[k];
		json_t *children = response_items(f, answers, (int)k, i, nodes);
		if (it->type == QF_GROUP) {
			/* FHIR forbids empty groups: leave out those with nothing answered. */
			if (json_array_size(children) > 0) {
				json_t *g = response_item(f, it);
				json_object_set_new(g, "item", children);
				json_array_append_new(list, g);
				if (nodes != NULL)
					nodes[k] = g;
			} else
				json_decref(children);
			continue;
		}
		if (!qf_is_question(it) || answers[k].n == 0) {
			json_decref(children); /* a follow-up needs its question's answer */
			continue;
		}
		json_t *o = response_item(f, it), *values = json_array();
		for (size_t v = 0; v < answers[k].n; v++)
			json_array_append_new(values, answer_value(f, it, answers[k].values[v]));
		if (json_array_size(children) > 0)
			json_object_set_new(json_array_get(values, answers[k].n - 1), "item", children);
		else
			json_decref(children);
		json_object_set_new(o, "answer", values);
		json_array_append_new(list, o);
		if (nodes != NULL)
			nodes[k] = o;
	}
	return list;
}

/* The response as a JSON tree (a new reference); each item's node in it
 * in nodes (NULL: not wanted). */
static json_t *response_root(arena *a, const qf_form *f, const qf_answer *answers, bool completed, unix_time authored,
                             json_t **nodes)
{
	char when[21];
	time_format(authored, when);
	json_t *root = json_pack("{s:s, s:s, s:s}", "resourceType", "QuestionnaireResponse", "status",
	                         completed ? "completed" : "in-progress", "authored", when);
	if (f->url != NULL)
		json_object_set_new(root, "questionnaire", json_string(arena_printf(a, "%s|%s", f->url, f->version)));
	size_t i = 0;
	json_t *top = response_items(f, answers, -1, &i, nodes);
	if (json_array_size(top) > 0)
		json_object_set_new(root, "item", top); /* FHIR has no empty arrays */
	else
		json_decref(top);
	return root;
}

char *qf_response_json(arena *a, const qf_form *f, const qf_answer *answers, bool completed, unix_time authored)
{
	json_t *root = response_root(a, f, answers, completed, authored, NULL);
	char *text = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(QF_DECIMAL_DIGITS));
	json_decref(root);
	char *copy = arena_strdup(a, text);
	free(text);
	return copy;
}

const char *qf_decimal_text(arena *a, double v)
{
	char *s = arena_printf(a, "%.*g", QF_DECIMAL_DIGITS, v);
	if (strchr(s, 'e') == NULL)
		return s;
	s = arena_printf(a, "%.*f", QF_DECIMAL_DIGITS, v);
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
		return json_is_number(v) ? qf_decimal_text(a, json_number_value(v)) : NULL;
	case QF_QUANTITY: {
		json_t *q = json_object_get(ans, "valueQuantity");
		v = json_object_get(q, "value");
		const char *code = json_string_value(json_object_get(q, "code"));
		if (!json_is_number(v))
			return NULL;
		if (it->nunits < 2)
			return qf_decimal_text(a, json_number_value(v));
		return code != NULL ? arena_printf(a, "%s %s", qf_decimal_text(a, json_number_value(v)), code) : NULL;
	}
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
	case QF_ATTACHMENT: {
		v = json_object_get(ans, "valueAttachment");
		json_t *size = json_object_get(v, "size");
		const char *url = json_string_value(json_object_get(v, "url")),
		           *type = json_string_value(json_object_get(v, "contentType")),
		           *title = json_string_value(json_object_get(v, "title"));
		if (url == NULL || type == NULL || title == NULL || !json_is_integer(size))
			return NULL;
		qf_attachment att = {
		    .url = url, .content_type = type, .title = title, .size = json_integer_value(size)};
		return qf_attachment_value(a, &att);
	}
	case QF_GROUP:
	case QF_DISPLAY: break;
	}
	return NULL;
}

/* The next item of f within `parent` with this linkId that no response
 * item has filled yet (the next instance of a repeating group); -1 none. */
static int next_item(const qf_form *f, int parent, const char *link_id, const bool *used)
{
	for (size_t i = 0; link_id != NULL && i < f->n; i++)
		if (f->items[i].group == parent && !used[i] && str_eq(f->items[i].link_id, link_id))
			return (int)i;
	return -1;
}

static void read_items(arena *a, const qf_form *f, json_t *items, int parent, qf_answer *answers, bool *used)
{
	size_t i;
	json_t *o;
	json_array_foreach(items, i, o)
	{
		int k = next_item(f, parent, json_string_value(json_object_get(o, "linkId")), used);
		if (k < 0)
			continue;
		used[k] = true;
		read_items(a, f, json_object_get(o, "item"), k, answers, used);
		json_t *list = json_object_get(o, "answer");
		size_t j;
		json_t *ans;
		json_array_foreach(list, j, ans)
		{
			read_items(a, f, json_object_get(ans, "item"), k, answers, used);
		}
		if (!qf_is_question(&f->items[k]) || json_array_size(list) == 0)
			continue;
		size_t n = json_array_size(list);
		answers[k].values = arena_alloc(a, n * sizeof *answers[k].values);
		answers[k].n = 0;
		for (j = 0; j < n; j++) {
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
	bool ok =
	    root != NULL && str_eq(json_string_value(json_object_get(root, "resourceType")), "QuestionnaireResponse");
	if (ok) {
		bool *used = arena_alloc(a, (f->n ? f->n : 1) * sizeof *used);
		memset(used, 0, (f->n ? f->n : 1) * sizeof *used);
		read_items(a, f, json_object_get(root, "item"), -1, answers, used);
	}
	json_decref(root);
	return ok;
}
