/* questionnaire_repeat.c — repeating groups (questionnaire_form.h): a form
 * with as many instances of each repeating group as a person has added,
 * and how many a stored QuestionnaireResponse holds. */
#include "domain/questionnaire_form.h"

#include <string.h>

#include <jansson.h>

#include "core/core.h"

const qf_form *qf_definition(const qf_form *f)
{
	return f->def != NULL ? f->def : f;
}

bool qf_is_repeating_group(const qf_item *it)
{
	return it->type == QF_GROUP && it->repeats;
}

size_t qf_instances_max(const qf_item *it)
{
	return it->max_occurs > 0 && it->max_occurs < QF_INSTANCES_MAX ? it->max_occurs : QF_INSTANCES_MAX;
}

/* One past the last item within item i (items follow the item they are in). */
static size_t subtree_end(const qf_form *f, size_t i)
{
	size_t j = i + 1;
	while (j < f->n && f->items[j].depth > f->items[i].depth)
		j++;
	return j;
}

struct expansion {
	arena *a;
	const qf_form *def;
	const size_t *counts;
	qf_form *out;
	size_t cap;
};

/* Copies def item i (and the items within it) under the new item parent,
 * as many times as it has instances; inst: the instance it is within. */
static void expand_item(struct expansion *e, size_t i, int parent, int inst)
{
	const qf_item *it = &e->def->items[i];
	size_t count = qf_is_repeating_group(it) && e->counts != NULL ? e->counts[i] : 1;
	size_t end = subtree_end(e->def, i);
	for (size_t k = 0; k < count; k++) {
		int index = (int)e->out->n++;
		qf_item *copy = &e->out->items[index];
		*copy = *it;
		copy->group = parent;
		copy->source = (int)i;
		copy->instance = qf_is_repeating_group(it) ? (int)k : inst;
		for (size_t c = i + 1; c < end; c = subtree_end(e->def, c))
			expand_item(e, c, index, copy->instance);
	}
}

/* The copy of def item q that a condition of new item i looks at: within
 * the same instance when q is in the repeating group i is in, else q's only
 * copy (the import refuses a condition naming a question within a
 * repeating group from outside it). */
static int condition_target(const qf_form *out, size_t i, int q)
{
	int g = (int)i;
	while (g >= 0 && !qf_is_repeating_group(&out->items[g]))
		g = out->items[g].group;
	size_t from = 0, to = out->n;
	if (g >= 0) {
		const qf_form *def = out->def;
		int dg = out->items[g].source;
		if (q > dg && (size_t)q < subtree_end(def, (size_t)dg)) {
			from = (size_t)g;
			to = subtree_end(out, (size_t)g);
		}
	}
	for (size_t k = from; k < to; k++)
		if (out->items[k].source == q)
			return (int)k;
	return q; /* not reached for a form the import accepted */
}

static void remap_conditions(arena *a, qf_form *out)
{
	for (size_t i = 0; i < out->n; i++) {
		qf_item *it = &out->items[i];
		if (it->nenable_when == 0)
			continue;
		qf_condition *c = arena_alloc(a, it->nenable_when * sizeof *c);
		for (size_t k = 0; k < it->nenable_when; k++) {
			c[k] = it->enable_when[k];
			c[k].question = condition_target(out, i, it->enable_when[k].question);
		}
		it->enable_when = c;
	}
}

bool qf_expand(arena *a, const qf_form *def, const size_t *counts, qf_form *out)
{
	*out = *def;
	out->def = def;
	out->counts = counts;
	size_t total = 0;
	for (size_t i = 0; i < def->n; i++) {
		size_t c = counts != NULL ? counts[i] : 1;
		if (c < 1 || c > qf_instances_max(&def->items[i]) || (c > 1 && !qf_is_repeating_group(&def->items[i])))
			return false;
	}
	/* Each instance copies the group's items: count them before allocating. */
	for (size_t i = 0; i < def->n; i++)
		total += qf_is_repeating_group(&def->items[i]) && counts != NULL
		             ? (counts[i] - 1) * (subtree_end(def, i) - i)
		             : 0;
	total += def->n;
	if (total > QF_EXPANDED_MAX)
		return false;
	out->items = arena_alloc(a, (total ? total : 1) * sizeof *out->items);
	out->n = 0;
	struct expansion e = {.a = a, .def = def, .counts = counts, .out = out};
	for (size_t i = 0; i < def->n; i = subtree_end(def, i))
		expand_item(&e, i, -1, 0);
	remap_conditions(a, out);
	return true;
}

/* Counts the occurrences of each repeating group among the items of one
 * list, then looks within them. */
static void count_list(arena *a, const qf_form *def, json_t *items, size_t *counts, int depth)
{
	if (depth > QF_DEPTH_MAX)
		return;
	size_t *here = arena_alloc(a, (def->n ? def->n : 1) * sizeof *here);
	memset(here, 0, (def->n ? def->n : 1) * sizeof *here);
	size_t i;
	json_t *o;
	json_array_foreach(items, i, o)
	{
		const char *link_id = json_string_value(json_object_get(o, "linkId"));
		for (size_t k = 0; link_id != NULL && k < def->n; k++)
			if (qf_is_repeating_group(&def->items[k]) && str_eq(def->items[k].link_id, link_id))
				here[k]++;
		count_list(a, def, json_object_get(o, "item"), counts, depth + 1);
		size_t j;
		json_t *ans;
		json_array_foreach(json_object_get(o, "answer"), j, ans)
		{
			count_list(a, def, json_object_get(ans, "item"), counts, depth + 1);
		}
	}
	for (size_t k = 0; k < def->n; k++)
		if (here[k] > counts[k])
			counts[k] =
			    here[k] < qf_instances_max(&def->items[k]) ? here[k] : qf_instances_max(&def->items[k]);
}

size_t *qf_response_counts(arena *a, const qf_form *def, const char *json)
{
	size_t *counts = arena_alloc(a, (def->n ? def->n : 1) * sizeof *counts);
	for (size_t i = 0; i < def->n; i++)
		counts[i] = 1;
	json_t *root = json != NULL ? json_loads(json, 0, NULL) : NULL;
	if (root != NULL)
		count_list(a, def, json_object_get(root, "item"), counts, 0);
	json_decref(root);
	return counts;
}
