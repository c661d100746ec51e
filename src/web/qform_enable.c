/* qform_enable.c (web) — enableWhen in the browser, as progressive
 * enhancement (docs/questionnaires.md). The server renders every item of a
 * questionnaire's form; one that enableWhen turns off with the answers as
 * they stand is `hidden` and its inputs `disabled` (not submitted, not
 * required). Each item carries what static/questionnaire.js needs to turn
 * it on and off as the person answers: its position, the item it is in,
 * whether it is a follow-up, its conditions and enableBehavior. The server
 * stays the authority: it settles the conditions again on every save and
 * submit and drops the answers of what is off. */
#include <stdlib.h>

#include "web/qform.h"
#include "web/record_page.h"

static const char *const op_names[] = {
    [QF_OP_EXISTS] = "exists", [QF_OP_EQ] = "=",  [QF_OP_NE] = "!=", [QF_OP_GT] = ">",
    [QF_OP_LT] = "<",          [QF_OP_GE] = ">=", [QF_OP_LE] = "<=",
};

/* j as compact JSON text from a (j is released). */
static const char *json_text(arena *a, json_t *j)
{
	char *text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	const char *copy = arena_strdup(a, text != NULL ? text : "[]");
	free(text);
	return copy;
}

/* Whether item i is on the page: neither it nor an item around it is
 * hidden (questionnaire-hidden). */
static bool rendered(const qf_form *qf, int i)
{
	for (int k = i; k >= 0; k = qf->items[k].group)
		if (qf->items[k].hidden)
			return false;
	return true;
}

/* One condition for the script. A question the page shows is read from
 * its inputs (or, read-only, from the item's data-values); one it does
 * not show (a hidden item) is settled here, and the script keeps that
 * until the next save. */
static json_t *condition_model(const qf_form *qf, const qf_condition *c, const qf_answer *settled, const bool *enabled)
{
	const qf_item *q = &qf->items[c->question];
	if (!rendered(qf, c->question))
		return json_pack("{s:b}", "fixed", qf_condition_holds(qf, c, settled, enabled));
	bool number = q->type == QF_INTEGER || q->type == QF_DECIMAL || q->type == QF_QUANTITY;
	json_t *o = json_pack("{s:i, s:s, s:s, s:s, s:b}", "item", c->question, "linkId", q->link_id, "op",
	                      op_names[c->op], "value", c->value, "number", number);
	/* A coding whose system differs from the condition's never equals it. */
	if (c->op != QF_OP_EXISTS && !qf_value_matches(q, c, c->value))
		json_object_set_new(o, "never", json_true());
	return o;
}

/* The answers of a question that is not an input (read-only, calculated)
 * as the script reads them: a read-only item's initial values, a
 * calculated one's value as last computed. */
static const char *fixed_values(arena *a, const qf_item *it, const qf_answer *settled)
{
	const char *const *values = qf_is_computed(it) ? settled->values : it->initial;
	size_t n = qf_is_computed(it) ? settled->n : it->ninitial;
	json_t *list = json_array();
	for (size_t k = 0; k < n; k++)
		json_array_append_new(list, json_string(values[k]));
	return json_text(a, list);
}

void qform_enable_into(arena *a, json_t *o, const qf_form *qf, size_t i, const qf_answer *settled, const bool *enabled)
{
	const qf_item *it = &qf->items[i];
	json_object_set_new(o, "off", json_boolean(!enabled[i]));
	json_object_set_new(o, "enable_item", json_string(arena_printf(a, "%zu", i)));
	json_object_set_new(o, "enable_parent", rec_str(it->group >= 0 ? arena_printf(a, "%d", it->group) : NULL));
	/* A follow-up is on only while its question is answered; help is shown with it. */
	json_object_set_new(o, "enable_followup",
	                    json_boolean(it->group >= 0 && qf_is_question(&qf->items[it->group]) && !it->help));
	json_object_set_new(o, "enable_values",
	                    rec_str(qf_is_question(it) && !qf_is_input(it) ? fixed_values(a, it, settled) : NULL));
	if (it->nenable_when == 0)
		return;
	json_t *when = json_array();
	for (size_t k = 0; k < it->nenable_when; k++)
		json_array_append_new(when, condition_model(qf, &it->enable_when[k], settled, enabled));
	json_object_set_new(o, "enable_when", json_string(json_text(a, when)));
	json_object_set_new(o, "enable_behavior", json_string(it->enable_all ? "all" : "any"));
}
