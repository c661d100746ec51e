/* fuzz_questionnaire.c — libFuzzer target for FHIR questionnaires
 * (domain/questionnaire_form.h). The input is read three ways: as a
 * Questionnaire, where an accepted form must keep the subset's rules and
 * survive a QuestionnaireResponse round trip (empty, then with an answer to
 * every question, some taken from the input); and as a stored
 * QuestionnaireResponse of a demo questionnaire, which may be refused but
 * never crash or give more values than it holds. An accepted form's nesting,
 * enableWhen conditions and initial values keep their promises, and settling
 * the answers (qf_settle) leaves disabled items unanswered, read-only and
 * hidden ones at their initial values, and calculated ones (and the
 * national portal's section and total scores) with one valid number or
 * none; item controls, entryFormat, minOccurs/maxOccurs, maxSize and
 * mimeType sit only on the items they fit; a form is in bokmål or English, and an
 * English one's own texts fill its en slots; a prefill gives at most one
 * answer its item accepts. The national portal's texts (highlight, inline,
 * sidebar) are display items, its check boxes repeat, its validationtext
 * sits on questions; a text's Markdown becomes a page model (web/qform_markdown.h)
 * that holds only arrays, objects, strings, booleans and null. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/assets.h"
#include "core/core.h"
#include "domain/questionnaire_files.h"
#include "domain/questionnaire_form.h"
#include "web/qform_markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Bytes of the input offered as an answer: enough for any number or date. */
enum { DERIVED_MAX = 24 };

static arena *demo_arena;
static qf_form demo;

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

static bool text_ok(const char *s, size_t max)
{
	return s != NULL && s[0] != '\0' && utf8_valid(s, strlen(s)) && utf8_length(s) <= max;
}

/* A Markdown page model: blocks of spans, every span with its text. */
static void check_markdown(const char *md)
{
	if (md == NULL)
		return;
	json_t *blocks = qform_markdown_blocks(md), *spans = qform_markdown_spans(md);
	check(json_is_array(blocks) && json_is_array(spans));
	size_t i;
	json_t *sp;
	json_array_foreach(spans, i, sp)
	{
		const char *href = json_string_value(json_object_get(sp, "href"));
		check(json_is_string(json_object_get(sp, "text")));
		check(href == NULL || strncmp(href, "https://", 8) == 0);
	}
	json_decref(blocks);
	json_decref(spans);
}

/* What an accepted form promises its callers. */
static void check_form(arena *a_check, const qf_form *f)
{
	check(f->n >= 1 && f->n <= QF_ITEMS_MAX);
	check(f->url == NULL || text_ok(f->url, QF_URL_MAX));
	check(f->identity != NULL && (f->identity == f->url || (f->url == NULL && f->identity == f->name)));
	check(text_ok(f->version, QF_VERSION_MAX) && text_ok(f->title_nb, QF_TITLE_MAX));
	check(str_eq(f->status, "draft") || str_eq(f->status, "active") || str_eq(f->status, "retired"));
	check(f->title_en == NULL || text_ok(f->title_en, QF_TITLE_MAX));
	check(qf_title(f, LOCALE_NB) == f->title_nb && qf_title(f, LOCALE_EN) != NULL);
	/* Written in bokmål or English; an English form's own texts are its
	 * English ones, and the nb slot never goes empty. */
	bool english = str_eq(f->language, "en");
	check(english || str_eq(f->language, "nb"));
	check(!english || f->title_en != NULL);
	check(english || f->translated == (f->title_en != NULL));
	for (int loc = 0; loc < LOCALE_COUNT; loc++) {
		const char *shown = qf_text_language(f, (enum locale)loc);
		check(str_eq(shown, "nb") || str_eq(shown, "en"));
	}
	bool asks = false;
	for (size_t i = 0; i < f->n; i++) {
		const qf_item *it = &f->items[i];
		check(text_ok(it->link_id, QF_LINK_ID_MAX));
		/* Only groups and hidden questions may go without text. */
		check(text_ok(it->text_nb, QF_TEXT_MAX) ||
		      (it->text_nb == NULL && (it->type == QF_GROUP || it->hidden)));
		check(it->text_en == NULL || text_ok(it->text_en, QF_TEXT_MAX));
		check(qf_item_text(it, LOCALE_NB) == it->text_nb);
		check(qf_own_text(f, it) == (english ? it->text_en : it->text_nb));
		check(!english || it->text_en == NULL || it->text_nb != NULL);
		check(qf_is_question(it) || !it->read_only);
		for (size_t k = 0; k < it->nenable_when; k++) {
			const qf_condition *c = &it->enable_when[k];
			check(c->question >= 0 && (size_t)c->question < f->n && c->question != (int)i);
			check(qf_is_question(&f->items[c->question]) && c->value != NULL);
		}
		for (size_t j = 0; j < i; j++)
			check(!str_eq(f->items[j].link_id, it->link_id));
		/* An item is followed by the items within it (a group's or a
		 * question's), down to QF_DEPTH_MAX levels. */
		if (it->group >= 0) {
			/* Only the national portal's `inline` text holds items, display ones. */
			const qf_item *up = &f->items[it->group];
			check((size_t)it->group < i &&
			      (up->type != QF_DISPLAY || (up->show == QF_SHOW_INLINE && it->type == QF_DISPLAY)));
			check(it->depth == f->items[it->group].depth + 1 && it->depth < QF_DEPTH_MAX);
			for (size_t j = (size_t)it->group + 1; j < i; j++)
				check(f->items[j].depth > f->items[it->group].depth);
		} else {
			check(it->group == -1 && it->depth == 0);
		}
		if (it->type == QF_GROUP)
			check(i + 1 < f->n && f->items[i + 1].group == (int)i);
		asks = asks || qf_is_question(it);
		/* Questions and groups may be required. Choices, groups and files
		 * repeat, and the questions typed into boxes (not a yes/no), which
		 * then hold no items and are never computed or prefilled. */
		check(qf_is_question(it) || it->type == QF_GROUP || !it->required);
		bool boxes = it->type == QF_STRING || it->type == QF_TEXT || it->type == QF_INTEGER ||
		             it->type == QF_DECIMAL || it->type == QF_QUANTITY || it->type == QF_DATE;
		check(!it->repeats || it->type == QF_CHOICE || it->type == QF_GROUP || it->type == QF_ATTACHMENT ||
		      boxes);
		check(
		    !it->repeats || !boxes ||
		    ((i + 1 == f->n || f->items[i + 1].group != (int)i) && !qf_is_computed(it) && it->prefill == NULL));
		/* maxSize and mimeType only on attachments, within the upload rules (questionnaire_files.h). */
		check(it->type == QF_ATTACHMENT || (it->max_size == 0 && it->file_types == 0));
		check(it->max_size <= UPLOAD_FILE_MAX && it->file_types < QF_FILE_ANY);
		/* The controls keep to the items they fit (questionnaire_controls.h). */
		check(!it->drop_down || it->type == QF_BOOLEAN || (it->type == QF_CHOICE && !it->repeats));
		check(!it->help || it->type == QF_DISPLAY);
		check(it->show == QF_SHOW_TEXT || it->type == QF_DISPLAY);
		check(!it->check_box || (it->type == QF_CHOICE && it->repeats));
		check(it->validation_text == NULL || (qf_is_question(it) && text_ok(it->validation_text, QF_TEXT_MAX)));
		check(it->markdown == NULL || text_ok(it->markdown, QF_MARKDOWN_MAX));
		check_markdown(it->markdown);
		check(it->entry_format == NULL || text_ok(it->entry_format, QF_LINK_ID_MAX));
		check((it->min_occurs == 0 && it->max_occurs == 0) || it->repeats);
		check(it->min_occurs == 0 || it->max_occurs == 0 || it->min_occurs <= it->max_occurs);
		check(it->min_occurs <= (it->type == QF_CHOICE       ? it->noptions
		                         : it->type == QF_ATTACHMENT ? QF_ITEM_FILES_MAX
		                                                     : QF_INSTANCES_MAX));
		check(it->type != QF_ATTACHMENT || it->max_occurs <= QF_ITEM_FILES_MAX);
		check(it->nunits == 0 || (it->type == QF_QUANTITY && it->nunits >= 2 && it->nunits <= QF_UNITS_MAX &&
		                          it->min_value == NULL && it->max_value == NULL));
		for (size_t k = 0; k < it->ninitial && it->nunits > 1; k++)
			check(qf_quantity_unit(it, it->initial[k]) != NULL);
		if (it->type == QF_STRING)
			check(it->max_length >= 1 && it->max_length <= QF_STRING_MAX);
		if (it->type == QF_TEXT)
			check(it->max_length >= 1 && it->max_length <= QF_TEXT_ANSWER_MAX);
		size_t max;
		qf_answer init = {it->initial, it->ninitial};
		check(it->ninitial == 0 ||
		      (qf_is_question(it) && qf_check_answer(a_check, it, &init, true, &max) == NULL));
		if (it->type != QF_CHOICE) {
			check(it->noptions == 0);
			continue;
		}
		check(it->noptions >= 1 && it->noptions <= QF_OPTIONS_MAX);
		for (size_t k = 0; k < it->noptions; k++) {
			const qf_option *o = &it->options[k];
			check(text_ok(o->code, QF_LINK_ID_MAX) && text_ok(o->display_nb, QF_TEXT_MAX));
			check(o->system == NULL || text_ok(o->system, QF_URL_MAX));
			check(o->display_en == NULL || text_ok(o->display_en, QF_TEXT_MAX));
			check(!english || o->display_en != NULL); /* its own display */
			check(qf_option_display(o, LOCALE_EN) != NULL);
			for (size_t j = 0; j < k; j++)
				check(!str_eq(it->options[j].code, o->code));
		}
	}
	check(asks);
}

/* A response text the module wrote: JSON, a QuestionnaireResponse. */
static void check_response(const char *text, bool completed)
{
	check(text != NULL);
	json_t *r = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	check(r != NULL);
	check(str_eq(json_string_value(json_object_get(r, "resourceType")), "QuestionnaireResponse"));
	check(str_eq(json_string_value(json_object_get(r, "status")), completed ? "completed" : "in-progress"));
	json_t *items = json_object_get(r, "item");
	check(items == NULL || json_array_size(items) > 0); /* FHIR has no empty arrays */
	json_decref(r);
}

/* A value the item's type always accepts (within its minValue; a string
 * under minLength or a regex may refuse it: see round_trip). */
static const char *sample(arena *a, const qf_item *it)
{
	if (it->nunits > 1)
		return arena_printf(a, "3,25 %s", it->units[it->nunits - 1].code);
	if (it->min_value != NULL)
		return it->min_value;
	switch (it->type) {
	case QF_BOOLEAN: return "false";
	case QF_STRING:
	case QF_TEXT: return "x";
	case QF_INTEGER: return "-12";
	case QF_DECIMAL:
	case QF_QUANTITY: return "3,25";
	case QF_DATE: return "2024-02-29";
	case QF_CHOICE: return it->options[it->noptions - 1].code;
	case QF_ATTACHMENT: return "/questionnaires/1/attachments/2 512 application/pdf skanning av kort.pdf";
	case QF_GROUP:
	case QF_DISPLAY: break;
	}
	return NULL;
}

/* Whether two answers to the item mean the same. Numbers come back as the
 * response writes them ("007" is 7), so they compare by value. */
static bool same_value(const qf_item *it, const char *x, const char *y)
{
	if (it->type == QF_INTEGER)
		return strtoll(x, NULL, 10) == strtoll(y, NULL, 10);
	if (it->type == QF_DECIMAL || it->type == QF_QUANTITY)
		return strtod(x, NULL) == strtod(y, NULL);
	return str_eq(x, y);
}

static void round_trip(arena *a, const qf_form *f, const char *derived)
{
	qf_answer *answers = arena_alloc(a, f->n * sizeof *answers);
	qf_answer *back = arena_alloc(a, f->n * sizeof *back);

	/* Nothing answered: a response with nothing to read back. */
	for (int completed = 0; completed < 2; completed++) {
		const char *text = qf_response_json(a, f, answers, completed, 1767225600);
		check_response(text, completed);
		check(qf_response_answers(a, f, text, back));
		for (size_t i = 0; i < f->n; i++)
			check(back[i].n == 0);
	}

	/* Every question answered; the input's bytes where the item takes them. */
	size_t max;
	for (size_t i = 0; i < f->n; i++) {
		const qf_item *it = &f->items[i];
		const char **vals = arena_alloc(a, (it->noptions ? it->noptions : 1) * sizeof *vals);
		answers[i] = (qf_answer){vals, 1};
		vals[0] = derived;
		if (!qf_is_question(it)) {
			check(qf_check_answer(a, it, &answers[i], true, &max) != NULL);
			answers[i].n = 0;
			check(qf_check_answer(a, it, &answers[i], true, &max) == NULL);
			continue;
		}
		if (qf_check_answer(a, it, &answers[i], false, &max) != NULL) {
			vals[0] = sample(a, it);
			bool refused = qf_check_answer(a, it, &answers[i], true, &max) != NULL;
			check(!refused || it->regex != NULL || it->min_length > 0 || it->max_value != NULL ||
			      it->min_occurs > 1);
			if (refused)
				answers[i].n = 0;
		}
		if (it->repeats && it->type == QF_CHOICE) {
			for (size_t k = 0; k < it->noptions; k++)
				vals[k] = it->options[it->noptions - 1 - k].code;
			/* As many as maxOccurs allows, at least minOccurs. */
			answers[i].n =
			    it->max_occurs > 0 && it->max_occurs < it->noptions ? it->max_occurs : it->noptions;
			check(qf_check_answer(a, it, &answers[i], true, &max) == NULL);
		}
	}
	const char *text = qf_response_json(a, f, answers, true, 0);
	check_response(text, true);
	check(qf_response_answers(a, f, text, back));
	for (size_t i = 0; i < f->n; i++) {
		check(back[i].n == answers[i].n);
		for (size_t k = 0; k < back[i].n; k++)
			check(same_value(&f->items[i], back[i].values[k], answers[i].values[k]));
	}

	/* Settled: disabled items unanswered, read-only and hidden ones at their
	 * initial values, and the response still reads back as it was. */
	const bool *enabled = qf_settle(a, f, answers);
	for (size_t i = 0; i < f->n; i++) {
		const qf_item *it = &f->items[i];
		if (!enabled[i])
			check(answers[i].n == 0);
		else if (qf_is_computed(it))
			check(answers[i].n == 0 ||
			      (answers[i].n == 1 && qf_check_answer(a, it, &answers[i], false, &max) == NULL));
		else if (qf_is_question(it) && !qf_is_input(it) && it->prefill == NULL)
			/* (A read-only prefill keeps what the response holds: docs/questionnaires.md.) */
			check(answers[i].n == it->ninitial && (answers[i].n == 0 || answers[i].values == it->initial));
		if (it->group >= 0 && enabled[i])
			check(enabled[it->group]);
	}
	text = qf_response_json(a, f, answers, true, 0);
	check_response(text, true);
	check(qf_response_answers(a, f, text, back));
	for (size_t i = 0; i < f->n; i++)
		check(back[i].n == answers[i].n);
}

/* The repeating group around def item i, -1 for none. */
static int repeating_around(const qf_form *def, size_t i)
{
	int g = def->items[i].group;
	while (g >= 0 && !qf_is_repeating_group(&def->items[g]))
		g = def->items[g].group;
	return g;
}

/* Two instances of each repeating group that may have two (a nested one
 * in both instances of its parent): every copy keeps its item's place, and
 * an answer in a second instance reads back into it. */
static void instances(arena *a, const qf_form *def)
{
	qf_count *v = arena_alloc(a, (2 * def->n + 1) * sizeof *v);
	qf_counts *counts = arena_alloc(a, sizeof *counts);
	*counts = (qf_counts){.v = v, .n = 0};
	bool repeating = false;
	for (size_t i = 0; i < def->n; i++) {
		/* maxOccurs 1 makes a repeating group that cannot repeat. */
		const qf_item *it = &def->items[i];
		if (!qf_is_repeating_group(it) || qf_instances_max(it) < 2)
			continue;
		int up = repeating_around(def, i);
		if (up < 0)
			v[counts->n++] = (qf_count){arena_printf(a, "%zu", i), 2};
		else if (repeating_around(def, (size_t)up) < 0 && qf_instances_max(&def->items[up]) >= 2)
			for (int k = 0; k < 2; k++)
				v[counts->n++] = (qf_count){arena_printf(a, "%zu.%d", i, k), 2};
		else
			continue;
		repeating = true;
	}
	qf_form f;
	if (!qf_expand(a, def, counts, &f)) {
		check(def->n * 4 > QF_EXPANDED_MAX);
		return;
	}
	check(repeating ? f.n > def->n : f.n == def->n);
	qf_answer *answers = arena_alloc(a, f.n * sizeof *answers);
	int last = -1;
	for (size_t i = 0; i < f.n; i++) {
		const qf_item *it = &f.items[i];
		check(it->source >= 0 && (size_t)it->source < def->n &&
		      str_eq(it->link_id, def->items[it->source].link_id));
		check(it->group < (int)i && (it->group < 0 || f.items[it->group].depth == it->depth - 1));
		bool in_groups = it->group >= 0;
		for (int up = it->group; up >= 0; up = f.items[up].group)
			in_groups = in_groups && f.items[up].type == QF_GROUP;
		if (it->instance == 1 && qf_is_input(it) && it->type == QF_BOOLEAN && in_groups)
			last = (int)i;
	}
	if (last < 0)
		return;
	static const char *yes = "true";
	answers[last] = (qf_answer){&yes, 1};
	const char *text = qf_response_json(a, &f, answers, false, 0);
	check_response(text, false);
	const qf_counts *back = qf_response_counts(a, def, text);
	qf_form g;
	check(qf_expand(a, def, back, &g));
	qf_answer *read = arena_alloc(a, g.n * sizeof *read);
	check(qf_response_answers(a, &g, text, read));
	size_t answered = 0;
	for (size_t i = 0; i < g.n; i++)
		answered += read[i].n;
	check(answered == 1);
}

/* Prefill (initialExpression) from a Patient: only on string, text and
 * date items, and numbers (the national portal's age), outside repeating
 * groups, and what it gives is at most one answer the item's own check
 * accepts. */
static void prefills(arena *a, qf_form *f)
{
	qf_person p = {.nin = "17051250011",
	               .given_name = "Kari",
	               .family_name = "Nordmann",
	               .birth_date = "2012-05-17",
	               .phone = "41234567",
	               .email = "kari@example.no",
	               .street = "Storgata 1",
	               .postcode = "7010",
	               .city = "Trondheim"};
	json_t *patient = qf_patient_json(&p);
	qf_prefill(a, f, patient);
	json_decref(patient);
	for (size_t i = 0; i < f->n; i++) {
		qf_item *it = &f->items[i];
		if (it->prefill == NULL)
			continue;
		check(it->type == QF_STRING || it->type == QF_TEXT || it->type == QF_DATE || it->type == QF_INTEGER ||
		      it->type == QF_DECIMAL || it->type == QF_QUANTITY);
		for (int g = it->group; g >= 0; g = f->items[g].group)
			check(!qf_is_repeating_group(&f->items[g]));
		check(it->ninitial <= 1);
		size_t max;
		qf_answer ans = {it->initial, it->ninitial};
		check(qf_check_answer(a, it, &ans, false, &max) == NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (demo_arena == NULL) {
		const struct asset *as = asset_find("questionnaire-for-timen.json");
		const char *error;
		demo_arena = arena_new();
		if (as == NULL || !qf_parse(demo_arena, as->data, as->len, &demo, &error))
			abort();
	}
	arena *a = arena_new();
	check_markdown(arena_strndup(a, (const char *)data, size)); /* the input as a text's Markdown */
	qf_form f;
	const char *error = NULL;
	if (qf_parse(a, (const char *)data, size, &f, &error)) {
		check(error == NULL);
		check_form(a, &f);
		round_trip(a, &f, arena_strndup(a, (const char *)data, size < DERIVED_MAX ? size : DERIVED_MAX));
		instances(a, &f);
		prefills(a, &f);
	} else {
		check(error != NULL && error[0] != '\0' && f.n == 0 && f.items == NULL);
	}

	/* The input as a stored response to a demo questionnaire. */
	const char *text = arena_strndup(a, (const char *)data, size);
	qf_answer *back = arena_alloc(a, demo.n * sizeof *back);
	if (qf_response_answers(a, &demo, text, back)) {
		for (size_t i = 0; i < demo.n; i++) {
			check(back[i].n == 0 || qf_is_question(&demo.items[i]));
			for (size_t k = 0; k < back[i].n; k++)
				check(back[i].values[k] != NULL);
		}
	} else {
		for (size_t i = 0; i < demo.n; i++)
			check(back[i].n == 0);
	}
	arena_free(a);
	return 0;
}
