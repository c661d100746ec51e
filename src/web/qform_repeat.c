/* qform_repeat.c (web) — a repeating question other than a choice on a
 * questionnaire's page (docs/questionnaires.md, "Repeating questions"): one
 * box per answer, all named as the question's one input (aN), each with
 * its "remove" when there are several, and "add another" while it may take
 * more. Without JavaScript, as a repeating group's instances: both are
 * submit buttons ("action"), which save the draft first; "add another" is
 * add-KEY (the question's key, qf_count_key, as a group's occurrence) and
 * the page after shows one empty box more (?add=KEY, qf_answers_add);
 * "remove" is remove-N.K (question N's K-th box as posted). */
#include <stdio.h>
#include <string.h>

#include "domain/questionnaires.h"
#include "web/qform.h"
#include "web/record_page.h"

/* Whether item i takes its answers in boxes the patient fills in. */
static bool boxes_at(const qf_form *qf, size_t i)
{
	return qf_is_repeating_question(&qf->items[i]) && qf_is_input(&qf->items[i]);
}

static const char *remove_value(arena *a, size_t i, size_t k)
{
	return arena_printf(a, "remove-%zu.%zu", i, k);
}

/* The question and box a "remove" names; false for another action. */
static bool remove_named(const char *action, size_t *i, size_t *k)
{
	int used = 0;
	return action != NULL && sscanf(action, "remove-%zu.%zu%n", i, k, &used) == 2 && action[used] == '\0';
}

size_t qform_repeat_choices(arena *a, const qf_form *qf, const char **out)
{
	size_t n = 0;
	for (size_t i = 0; i < qf->n; i++) {
		if (!boxes_at(qf, i))
			continue;
		size_t most = qf_answers_max(&qf->items[i]);
		if (out != NULL) {
			out[n] = arena_printf(a, "add-%s", qf_count_key(a, qf, i));
			for (size_t k = 0; k < most; k++)
				out[n + 1 + k] = remove_value(a, i, k);
		}
		n += 1 + most;
	}
	return n;
}

bool qform_repeat_posted(arena *a, const qf_form *qf, const kv_list *in)
{
	const char *action = NULL;
	for (size_t k = 0; k < in->len; k++)
		if (str_eq(in->items[k].key, "action"))
			action = in->items[k].value;
	size_t removed_from = 0, removed = 0;
	bool removing = remove_named(action, &removed_from, &removed);
	for (size_t i = 0; i < qf->n; i++) {
		if (!boxes_at(qf, i))
			continue;
		const char *name = questionnaires_answer_field(a, i);
		size_t n = 0;
		for (size_t k = 0; k < in->len; k++)
			n += str_eq(in->items[k].key, name);
		/* More boxes than the page shows, or a box it did not show. */
		if (n > qf_answers_max(&qf->items[i]) || (removing && removed_from == i && removed >= n))
			return false;
	}
	return true;
}

/* Whether a posted box is empty, as the form reads it (no answer). */
static bool blank(const char *s)
{
	return s[strspn(s, " \t\r\n\f\v")] == '\0';
}

bool qform_repeat_remove(arena *a, const qf_form *qf, const form *f, const char *action, qf_answer *answers)
{
	size_t i, k;
	if (!remove_named(action, &i, &k))
		return false;
	if (i >= qf->n || !boxes_at(qf, i))
		return true; /* qform_repeat_posted and the action's choices refused it */
	const form_value *v = form_get(f, questionnaires_answer_field(a, i));
	if (k >= v->nraws || blank(v->raws[k]))
		return true; /* an empty box is no answer */
	/* The answers are the boxes that are not empty, in order. */
	size_t at = 0;
	for (size_t j = 0; j < k; j++)
		at += !blank(v->raws[j]);
	if (at >= answers[i].n)
		return true;
	const char **left = arena_alloc(a, answers[i].n * sizeof *left);
	size_t n = 0;
	for (size_t j = 0; j < answers[i].n; j++)
		if (j != at)
			left[n++] = answers[i].values[j];
	answers[i] = (qf_answer){.values = left, .n = n};
	return true;
}

void qform_repeat_into(json_t *o, arena *a, const qf_form *qf, size_t i, const form *f, const char *id)
{
	const qf_item *it = &qf->items[i];
	const form_value *v = form_get(f, questionnaires_answer_field(a, i));
	size_t n = v->nraws > 0 ? v->nraws : 1, most = qf_answers_max(it);
	json_t *boxes = json_array();
	for (size_t k = 0; k < n; k++) {
		json_t *box = json_pack("{s:s, s:i}", "box_id", arena_printf(a, "%s-%zu", id, k), "number", (int)k + 1);
		json_object_set_new(box, "box_value", rec_str(v->nraws > 0 ? v->raws[k] : ""));
		json_object_set_new(box, "remove", n > 1 ? json_string(remove_value(a, i, k)) : json_null());
		json_array_append_new(boxes, box);
	}
	json_object_set_new(o, "repeated", json_true());
	json_object_set_new(o, "boxes", boxes);
	json_object_set_new(o, "box_text", json_boolean(it->type == QF_TEXT));
	json_object_set_new(o, "box_line", json_boolean(it->type == QF_STRING));
	json_object_set_new(o, "box_type", json_string(it->type == QF_DATE ? "date" : "text"));
	json_object_set_new(o, "box_mode", json_string(it->type == QF_INTEGER                                ? "numeric"
	                                               : it->type == QF_DECIMAL || it->type == QF_QUANTITY ? "decimal"
	                                                                                                     : "text"));
	json_object_set_new(o, "box_short", json_boolean(it->type != QF_STRING && it->type != QF_TEXT));
	json_object_set_new(o, "add_value",
	                    n < most ? json_sprintf("add-%s", qf_count_key(a, qf, i)) : json_null());
	json_object_set_new(o, "add_text", rec_str(it->repeats_text));
}
