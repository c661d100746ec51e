/* test_questionnaire_repeat_questions.c — repeating questions other than
 * choices (domain/questionnaire_repeat.c, questionnaire_answers.c,
 * questionnaire_national.c; issue 16): which import and which are refused
 * by name, the national portal's repeatstext, each answer checked as a
 * single one, min/maxOccurs bounding the count, several answers on the one
 * response item in order, read back, and "add another" named as a
 * repeating group's occurrence. The national portal's two test forms
 * (tests/data/questionnaires/nhn-testskjema-*.json) import as published. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"
#include "domain/questionnaire_form.h"
#include "unit_qform.h"

#define REPEATS_TEXT "http://ehelse.no/fhir/StructureDefinition/repeatstext"
#define MIN_OCCURS "http://hl7.org/fhir/StructureDefinition/questionnaire-minOccurs"
#define MAX_OCCURS "http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs"

/* A questionnaire of the one item given (its JSON members, single-quoted). */
static const char *one_item(const char *members)
{
	return js(arena_printf(A,
	                       "{'resourceType':'Questionnaire','url':'https://e.org/q','version':'1','title':'T',"
	                       "'status':'active','item':[{'linkId':'q','text':'Q',%s}]}",
	                       members));
}

static qf_answer answer_of(size_t n, ...)
{
	const char **v = arena_alloc(A, (n ? n : 1) * sizeof *v);
	va_list ap;
	va_start(ap, n);
	for (size_t k = 0; k < n; k++)
		v[k] = va_arg(ap, const char *);
	va_end(ap);
	return (qf_answer){v, n};
}

static void the_national_test_forms_import_as_published(void **state)
{
	(void)state;
	const char *names[] = {"nhn-testskjema-tall-v0.1.json", "nhn-testskjema-quantity-v0.1.json"};
	for (size_t k = 0; k < 2; k++) {
		size_t len;
		char *text = data_file(names[k], &len);
		qf_form f;
		const char *compact, *error = NULL;
		if (!qf_import_text(A, text, len, &(qf_identity){0}, &f, &compact, &error))
			fail_msg("%s refused: %s", names[k], error);
		size_t repeating = 0;
		for (size_t i = 0; i < f.n; i++)
			if (qf_is_repeating_question(&f.items[i])) {
				repeating++;
				assert_non_null(f.items[i].repeats_text); /* "Legg til tall", "Legg til vekt", ... */
			}
		assert_int_equal(repeating, k == 0 ? 2 : 1);
	}
}

static void which_repeat_and_which_are_refused_by_name(void **state)
{
	(void)state;
	qf_form f;
	const char *types[] = {"string", "text", "integer", "decimal", "date"};
	for (size_t k = 0; k < ARRAY_LEN(types); k++) {
		parses(one_item(arena_printf(A, "'type':'%s','repeats':true", types[k])), &f);
		assert_true(qf_is_repeating_question(&f.items[0]));
		assert_int_equal(qf_answers_max(&f.items[0]), QF_ANSWERS_MAX);
	}
	parses(one_item("'type':'quantity','repeats':true,'extension':[{'url':'http://hl7.org/fhir/StructureDefinition/"
	                "questionnaire-unit','valueCoding':{'code':'kg','system':'http://unitsofmeasure.org'}},"
	                "{'url':'" REPEATS_TEXT "','valueString':'Legg til vekt'},{'url':'" MAX_OCCURS
	                "','valueInteger':3},{'url':'" MIN_OCCURS "','valueInteger':2}]"),
	       &f);
	assert_string_equal(f.items[0].repeats_text, "Legg til vekt");
	assert_int_equal(qf_answers_max(&f.items[0]), 3);
	assert_int_equal(f.items[0].min_occurs, 2);
	/* A repeating choice and a repeating group keep their own ways. */
	parses(one_item("'type':'choice','repeats':true,'answerOption':[{'valueCoding':{'code':'a','display':'A'}}]"), &f);
	assert_false(qf_is_repeating_question(&f.items[0]));

	refused(one_item("'type':'boolean','repeats':true"), "repeating boolean items are not supported");
	refused(one_item("'type':'integer','repeats':true,'item':[{'linkId':'f','type':'string','text':'F'}]"),
	        "items under a repeating question are not supported");
	refused(one_item("'type':'integer','repeats':true,'extension':[{'url':'http://hl7.org/fhir/uv/sdc/"
	                 "StructureDefinition/sdc-questionnaire-calculatedExpression','valueExpression':"
	                 "{'language':'text/fhirpath','expression':'1'}}]"),
	        "a repeating integer item with a calculated expression is not supported");
	refused(one_item("'type':'string','repeats':true,'extension':[{'url':'http://hl7.org/fhir/uv/sdc/"
	                 "StructureDefinition/sdc-questionnaire-initialExpression','valueExpression':"
	                 "{'language':'text/fhirpath','expression':'%patient.name.text'}}]"),
	        "a repeating string item with a prefill");
	refused(one_item("'type':'quantity','repeats':true,'extension':[{'url':'http://hl7.org/fhir/"
	                 "StructureDefinition/questionnaire-unitOption','valueCoding':{'code':'kg'}},{'url':'http://"
	                 "hl7.org/fhir/StructureDefinition/questionnaire-unitOption','valueCoding':{'code':'[lb_av]'}}]"),
	        "a repeating quantity item with a choice of units");
	refused(one_item("'type':'integer','repeats':true,'extension':[{'url':'" MAX_OCCURS "','valueInteger':21}]"),
	        "maxOccurs 21 is above the 20 answers a repeating question item takes");
	refused(one_item("'type':'integer','repeats':true,'extension':[{'url':'" MIN_OCCURS "','valueInteger':21}]"),
	        "minOccurs 21 can never be met (at most 20 answers)");
	refused(one_item("'type':'integer','extension':[{'url':'" MAX_OCCURS "','valueInteger':2}]"),
	        "maxOccurs is for repeating questions and groups");
	/* repeatstext: on what shows an "add another", once, a text. */
	refused(one_item("'type':'integer','extension':[{'url':'" REPEATS_TEXT "','valueString':'Legg til'}]"),
	        "repeatstext is for repeating groups and repeating questions");
	refused(one_item("'type':'choice','repeats':true,'answerOption':[{'valueCoding':{'code':'a','display':'A'}}],"
	                 "'extension':[{'url':'" REPEATS_TEXT "','valueString':'Legg til'}]"),
	        "repeatstext is for repeating groups and repeating questions");
	refused(one_item("'type':'integer','repeats':true,'extension':[{'url':'" REPEATS_TEXT "','valueString':''}]"),
	        "repeatstext needs a valueString");
	refused(one_item("'type':'integer','repeats':true,'extension':[{'url':'" REPEATS_TEXT
	                 "','valueString':'a'},{'url':'" REPEATS_TEXT "','valueString':'b'}]"),
	        "repeatstext is given twice");
	parses(one_item("'type':'group','repeats':true,'extension':[{'url':'" REPEATS_TEXT
	                "','valueString':'Legg til et besøk'}],'item':[{'linkId':'s','type':'string','text':'S'}]"),
	       &f);
	assert_string_equal(f.items[0].repeats_text, "Legg til et besøk");
}

static void each_answer_is_checked_and_the_count_bounded(void **state)
{
	(void)state;
	qf_form f;
	parses(one_item("'type':'decimal','repeats':true,'extension':[{'url':'http://hl7.org/fhir/StructureDefinition/"
	                "maxValue','valueDecimal':10},{'url':'http://hl7.org/fhir/StructureDefinition/"
	                "maxDecimalPlaces','valueInteger':1},{'url':'" MAX_OCCURS "','valueInteger':3},{'url':'" MIN_OCCURS
	                "','valueInteger':2}]"),
	       &f);
	const qf_item *it = &f.items[0];
	size_t max;
	qf_answer a = answer_of(2, "1,5", "2");
	assert_null(qf_check_answer(A, it, &a, true, &max));
	assert_string_equal(a.values[0], "1.5"); /* each normalized */
	a = answer_of(2, "1,5", "1,5");          /* the same value twice is two answers */
	assert_null(qf_check_answer(A, it, &a, true, &max));
	a = answer_of(2, "1", "11");
	assert_string_equal(qf_check_answer(A, it, &a, false, &max), "questionnaires.error.max_value");
	a = answer_of(2, "1", "1,25");
	assert_string_equal(qf_check_answer(A, it, &a, false, &max), "questionnaires.error.one_decimal");
	a = answer_of(4, "1", "2", "3", "4");
	assert_string_equal(qf_check_answer(A, it, &a, false, &max), "questionnaires.error.max_answers");
	assert_int_equal(max, 3);
	a = answer_of(1, "1");
	assert_null(qf_check_answer(A, it, &a, false, &max)); /* a draft may hold fewer */
	assert_string_equal(qf_check_answer(A, it, &a, true, &max), "questionnaires.error.min_answers");
	assert_int_equal(max, 2);

	parses(one_item("'type':'string','repeats':true,'maxLength':4,'extension':[{'url':'http://hl7.org/fhir/"
	                "StructureDefinition/regex','valueString':'[a-z]+'}]"),
	       &f);
	a = answer_of(2, "abc", "ABC");
	assert_string_equal(qf_check_answer(A, &f.items[0], &a, false, &max), "questionnaires.error.pattern");
	a = answer_of(2, "abc", "abcde");
	assert_string_equal(qf_check_answer(A, &f.items[0], &a, false, &max), "form.error.too_long");
	a = answer_of(21, "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a",
	              "a", "a");
	assert_string_equal(qf_check_answer(A, &f.items[0], &a, false, &max), "questionnaires.error.max_answers");
}

static void several_answers_on_one_item_in_order_and_read_back(void **state)
{
	(void)state;
	qf_form def, f;
	parses("{\"resourceType\":\"Questionnaire\",\"url\":\"https://e.org/q\",\"version\":\"1\",\"title\":\"T\","
	       "\"status\":\"active\",\"item\":[{\"linkId\":\"n\",\"type\":\"integer\",\"text\":\"N\",\"repeats\":true},"
	       "{\"linkId\":\"sum\",\"type\":\"integer\",\"text\":\"Sum\",\"extension\":[{\"url\":\"http://hl7.org/fhir/"
	       "uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression\",\"valueExpression\":{\"language\":"
	       "\"text/fhirpath\",\"expression\":\"%resource.item.where(linkId = 'n').answer.value.sum()\"}}]}]}",
	       &def);
	assert_true(qf_expand(A, &def, NULL, &f));
	qf_answer *ans = arena_alloc(A, f.n * sizeof *ans);
	memset(ans, 0, f.n * sizeof *ans);
	ans[0] = answer_of(3, "4", "1", "4");
	qf_settle(A, &f, ans);
	assert_int_equal(ans[1].n, 1);
	assert_string_equal(ans[1].values[0], "9"); /* the sum sees every answer */
	char *json = qf_response_json(A, &f, ans, true, 0);
	if (strstr(json, "\"answer\":[{\"valueInteger\":4},{\"valueInteger\":1},{\"valueInteger\":4}]") == NULL)
		fail_msg("%s", json); /* the three answers on the one item, in order */
	qf_answer *back = arena_alloc(A, f.n * sizeof *back);
	assert_true(qf_response_answers(A, &f, json, back));
	assert_int_equal(back[0].n, 3);
	assert_string_equal(back[0].values[1], "1");
}

static void add_another_is_named_as_an_occurrence(void **state)
{
	(void)state;
	qf_form def, f;
	parses(js("{'resourceType':'Questionnaire','url':'https://e.org/q','version':'1','title':'T','status':"
	          "'active','item':[{'linkId':'g','type':'group','text':'G','repeats':true,'item':["
	          "{'linkId':'n','type':'string','text':'N'},{'linkId':'s','type':'string','text':'S','repeats':true,"
	          "'extension':[{'url':'" MAX_OCCURS "','valueInteger':2}]}]}]}"),
	       &def);
	qf_count two = {.key = "0", .n = 2};
	assert_true(qf_expand(A, &def, &(qf_counts){&two, 1}, &f));
	/* g 0, n 1, s 2; g 3, n 4, s 5. */
	assert_string_equal(qf_count_key(A, &f, 5), "2.1");
	assert_int_equal(qf_repeating_question_named(A, &f, "2.1"), 5);
	assert_int_equal(qf_repeating_question_named(A, &f, "2.2"), -1);
	assert_int_equal(qf_repeating_question_named(A, &f, "0"), -1); /* a group's occurrence */
	qf_answer *ans = arena_alloc(A, f.n * sizeof *ans);
	memset(ans, 0, f.n * sizeof *ans);
	qf_answers_add(A, &f, 5, ans); /* none yet: two empty boxes */
	assert_int_equal(ans[5].n, 2);
	ans[5] = answer_of(1, "x");
	qf_answers_add(A, &f, 5, ans);
	assert_int_equal(ans[5].n, 2);
	assert_string_equal(ans[5].values[0], "x");
	assert_string_equal(ans[5].values[1], "");
	qf_answers_add(A, &f, 5, ans); /* maxOccurs 2 */
	assert_int_equal(ans[5].n, 2);
	/* With the first instance empty, the second becomes the first once saved. */
	ans[5] = answer_of(1, "x");
	assert_string_equal(qf_stored_key(A, &f, ans, "2.1"), "2.0");
	assert_null(qf_stored_key(A, &f, ans, "2.0")); /* its instance goes */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(the_national_test_forms_import_as_published),
	    cmocka_unit_test(which_repeat_and_which_are_refused_by_name),
	    cmocka_unit_test(each_answer_is_checked_and_the_count_bounded),
	    cmocka_unit_test(several_answers_on_one_item_in_order_and_read_back),
	    cmocka_unit_test(add_another_is_named_as_an_occurrence),
	};
	return cmocka_run_group_tests_name("questionnaire_repeat_questions", tests, setup, teardown);
}
