/* questionnaire_repeat.c — repeating groups (questionnaire_form.h): a form
 * with as many instances of each repeating group as a person has added, a
 * nested group's instances within each instance of its parent, and how
 * many a stored QuestionnaireResponse holds; and a repeating question's
 * "add another", named as an occurrence is. */
#include "domain/questionnaire_form.h"

#include <stdlib.h>
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

bool qf_is_repeating_question(const qf_item *it)
{
	return it->repeats && qf_is_question(it) && it->type != QF_CHOICE && it->type != QF_ATTACHMENT;
}

size_t qf_answers_max(const qf_item *it)
{
	return it->max_occurs > 0 && it->max_occurs < QF_ANSWERS_MAX ? it->max_occurs : QF_ANSWERS_MAX;
}

/* The key of def item g's occurrence within the instances `path` names
 * (".1.0", outermost first; "" outside every repeating group). */
static const char *occurrence_key(arena *a, size_t g, const char *path)
{
	return arena_printf(a, "%zu%s", g, path);
}

static int count_cmp(const void *x, const void *y)
{
	return strcmp(((const qf_count *)x)->key, ((const qf_count *)y)->key);
}

struct expansion {
	arena *a;
	const qf_form *def;
	qf_count *sorted; /* the counts given, by key */
	bool *used;
	size_t nsorted;
	qf_form *out; /* NULL while counting */
	size_t total;
	bool ok;
};

/* How many instances the occurrence `key` has: as given (each key used
 * once), else one. */
static size_t instances_of(struct expansion *e, const qf_item *it, const char *key)
{
	qf_count probe = {.key = key};
	qf_count *hit = e->nsorted > 0 ? bsearch(&probe, e->sorted, e->nsorted, sizeof *e->sorted, count_cmp) : NULL;
	if (hit == NULL)
		return 1;
	e->used[hit - e->sorted] = true;
	if (hit->n < 1 || hit->n > qf_instances_max(it))
		e->ok = false;
	return hit->n;
}

/* Copies def item i (and the items within it) under the new item parent,
 * as many times as it has instances; inst: the instance it is within,
 * path: the instances of the repeating groups around it. While counting
 * (e->out NULL) only adds up the items, stopping past the bound. */
static void expand_item(struct expansion *e, size_t i, int parent, int inst, const char *path)
{
	const qf_item *it = &e->def->items[i];
	bool repeating = qf_is_repeating_group(it);
	size_t count = repeating ? instances_of(e, it, occurrence_key(e->a, i, path)) : 1;
	size_t end = qf_item_end(e->def, i);
	for (size_t k = 0; k < count && e->ok; k++) {
		if (e->total >= QF_EXPANDED_MAX) {
			e->ok = false;
			return;
		}
		int index = (int)e->total++;
		if (e->out != NULL) {
			qf_item *copy = &e->out->items[index];
			*copy = *it;
			copy->group = parent;
			copy->source = (int)i;
			copy->instance = repeating ? (int)k : inst;
			copy->instances = count;
			e->out->n = e->total;
		}
		const char *inner = repeating ? arena_printf(e->a, "%s.%zu", path, k) : path;
		for (size_t c = i + 1; c < end; c = qf_item_end(e->def, c))
			expand_item(e, c, index, repeating ? (int)k : inst, inner);
	}
}

static void expand_all(struct expansion *e)
{
	e->total = 0;
	memset(e->used, 0, (e->nsorted ? e->nsorted : 1) * sizeof *e->used);
	for (size_t i = 0; i < e->def->n && e->ok; i = qf_item_end(e->def, i))
		expand_item(e, i, -1, 0, "");
	for (size_t k = 0; k < e->nsorted && e->ok; k++)
		e->ok = e->used[k]; /* an occurrence the form does not have */
}

/* The copy of def item q that a condition of new item i looks at: within
 * the instance (around i) of the innermost repeating group q is in, else
 * q's only copy (the import refuses a condition naming a question within a
 * repeating group from outside it). */
static int condition_target(const qf_form *out, size_t i, int q)
{
	const qf_form *def = out->def;
	int rg = def->items[q].group;
	while (rg >= 0 && !qf_is_repeating_group(&def->items[rg]))
		rg = def->items[rg].group;
	int g = (int)i;
	while (rg >= 0 && g >= 0 && out->items[g].source != rg)
		g = out->items[g].group;
	size_t from = g >= 0 && rg >= 0 ? (size_t)g : 0, to = g >= 0 && rg >= 0 ? qf_item_end(out, (size_t)g) : out->n;
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

bool qf_expand(arena *a, const qf_form *def, const qf_counts *counts, qf_form *out)
{
	size_t n = counts != NULL ? counts->n : 0;
	struct expansion e = {.a = a, .def = def, .nsorted = n, .ok = true};
	e.sorted = arena_alloc(a, (n ? n : 1) * sizeof *e.sorted);
	e.used = arena_alloc(a, (n ? n : 1) * sizeof *e.used);
	if (n > 0)
		memcpy(e.sorted, counts->v, n * sizeof *e.sorted);
	qsort(e.sorted, n, sizeof *e.sorted, count_cmp);
	for (size_t k = 1; k < n; k++)
		if (str_eq(e.sorted[k - 1].key, e.sorted[k].key))
			return false;
	/* Count first, so a post cannot make us allocate past the bound. */
	expand_all(&e);
	if (!e.ok)
		return false;
	*out = *def;
	out->def = def;
	out->counts = counts;
	out->items = arena_alloc(a, (e.total ? e.total : 1) * sizeof *out->items);
	out->n = 0;
	e.out = out;
	expand_all(&e);
	remap_conditions(a, out);
	return true;
}

/* The instances of the repeating groups around item i of f, outermost
 * first, as a key's path (".1.0"). */
static const char *instance_path(arena *a, const qf_form *f, size_t i)
{
	const char *path = "";
	for (int g = f->items[i].group; g >= 0; g = f->items[g].group)
		if (qf_is_repeating_group(&f->items[g]))
			path = arena_printf(a, ".%d%s", f->items[g].instance, path);
	return path;
}

const char *qf_count_key(arena *a, const qf_form *f, size_t i)
{
	return occurrence_key(a, (size_t)f->items[i].source, instance_path(a, f, i));
}

/* The first instance (in f) of the occurrence named key; -1 when none. */
static int occurrence_named(arena *a, const qf_form *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (qf_is_repeating_group(&f->items[i]) && f->items[i].instance == 0 &&
		    str_eq(qf_count_key(a, f, i), key))
			return (int)i;
	return -1;
}

int qf_repeating_question_named(arena *a, const qf_form *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (qf_is_repeating_question(&f->items[i]) && str_eq(qf_count_key(a, f, i), key))
			return (int)i;
	return -1;
}

void qf_answers_add(arena *a, const qf_form *f, size_t i, qf_answer *answers)
{
	size_t n = answers[i].n, most = qf_answers_max(&f->items[i]);
	size_t want = n == 0 ? 2 : n + 1;
	if (want > most)
		want = most > n ? most : n;
	const char **values = arena_alloc(a, (want ? want : 1) * sizeof *values);
	for (size_t k = 0; k < want; k++)
		values[k] = k < n ? answers[i].values[k] : "";
	answers[i] = (qf_answer){.values = values, .n = want};
}

const qf_counts *qf_counts_add(arena *a, const qf_form *f, const char *key)
{
	int g = occurrence_named(a, f, key);
	if (g < 0)
		return NULL;
	size_t n = f->counts != NULL ? f->counts->n : 0;
	qf_count *v = arena_alloc(a, (n + 1) * sizeof *v);
	qf_counts *out = arena_alloc(a, sizeof *out);
	*out = (qf_counts){.v = v, .n = n};
	if (n > 0)
		memcpy(v, f->counts->v, n * sizeof *v);
	size_t more =
	    f->items[g].instances < qf_instances_max(&f->items[g]) ? f->items[g].instances + 1 : f->items[g].instances;
	for (size_t k = 0; k < n; k++)
		if (str_eq(v[k].key, key)) {
			v[k].n = more;
			return out;
		}
	v[out->n++] = (qf_count){.key = arena_strdup(a, key), .n = more};
	return out;
}

/* Whether anything within item i (or i itself) is answered. */
const char *qf_stored_key(arena *a, const qf_form *f, const qf_answer *answers, const char *key)
{
	int g = occurrence_named(a, f, key);
	if (g < 0)
		g = qf_repeating_question_named(a, f, key);
	if (g < 0)
		return NULL;
	/* Each instance around it becomes the count of answered instances
	 * before it; one with nothing answered is left out, unless none of its
	 * occurrence is answered (then the occurrence keeps one, empty). */
	const char *path = "";
	for (int up = f->items[g].group; up >= 0; up = f->items[up].group) {
		if (!qf_is_repeating_group(&f->items[up]))
			continue;
		size_t before = 0, answered = 0, first = (size_t)up;
		while (f->items[first].instance > 0 || f->items[first].source != f->items[up].source)
			first--;
		for (size_t k = first;
		     k < f->n && f->items[k].source == f->items[up].source && f->items[k].group == f->items[up].group;
		     k = qf_item_end(f, k)) {
			bool on = qf_answered_within(f, k, answers);
			answered += on;
			before += on && k < (size_t)up;
		}
		if (answered > 0 && !qf_answered_within(f, (size_t)up, answers))
			return NULL;
		path = arena_printf(a, ".%zu%s", before, path);
	}
	return occurrence_key(a, (size_t)f->items[g].source, path);
}

struct reading {
	arena *a;
	const qf_form *def;
	qf_count *v;
	size_t n, cap;
};

/* The response items naming linkId within a node's items and its
 * answers' items (a question's follow-ups), in order, into out (at most
 * max). */
static size_t nodes_named(json_t *node, const char *link_id, json_t **out, size_t max)
{
	size_t n = 0, i, j;
	json_t *o, *ans;
	json_array_foreach(json_object_get(node, "item"), i, o)
	{
		if (n < max && str_eq(json_string_value(json_object_get(o, "linkId")), link_id))
			out[n++] = o;
	}
	json_array_foreach(json_object_get(node, "answer"), j, ans)
	{
		json_array_foreach(json_object_get(ans, "item"), i, o)
		{
			if (n < max && str_eq(json_string_value(json_object_get(o, "linkId")), link_id))
				out[n++] = o;
		}
	}
	return n;
}

static void note_count(struct reading *r, const char *key, size_t n)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 8;
		qf_count *fresh = arena_alloc(r->a, cap * sizeof *fresh);
		if (r->n > 0)
			memcpy(fresh, r->v, r->n * sizeof *fresh);
		r->v = fresh;
		r->cap = cap;
	}
	r->v[r->n++] = (qf_count){.key = key, .n = n};
}

/* Reads the occurrences of the items within def item `parent` (-1: the
 * top level) from node (the response item, or the response; NULL: not in
 * it), walking the definition so each nested occurrence is counted
 * within its own parent instance. */
static void read_counts(struct reading *r, int parent, json_t *node, const char *path, size_t *budget)
{
	const qf_form *def = r->def;
	size_t from = parent < 0 ? 0 : (size_t)parent + 1, to = parent < 0 ? def->n : qf_item_end(def, (size_t)parent);
	for (size_t c = from; c < to; c = qf_item_end(def, c)) {
		json_t *found[QF_INSTANCES_MAX];
		const qf_item *it = &def->items[c];
		size_t max = qf_is_repeating_group(it) ? qf_instances_max(it) : 1;
		size_t n = node != NULL ? nodes_named(node, it->link_id, found, max) : 0;
		size_t count = n > 0 ? n : 1;
		if (*budget < count)
			return; /* more than a form may have: qf_expand refuses it */
		*budget -= count;
		if (qf_is_repeating_group(it) && count > 1)
			note_count(r, occurrence_key(r->a, c, path), count);
		for (size_t k = 0; k < count; k++)
			read_counts(r, (int)c, k < n ? found[k] : NULL,
			            qf_is_repeating_group(it) ? arena_printf(r->a, "%s.%zu", path, k) : path, budget);
	}
}

const qf_counts *qf_response_counts(arena *a, const qf_form *def, const char *json)
{
	struct reading r = {.a = a, .def = def};
	json_t *root = json != NULL ? json_loads(json, 0, NULL) : NULL;
	size_t budget = QF_EXPANDED_MAX;
	if (root != NULL)
		read_counts(&r, -1, root, "", &budget);
	json_decref(root);
	qf_counts *out = arena_alloc(a, sizeof *out);
	*out = (qf_counts){.v = r.v, .n = r.n};
	return out;
}
