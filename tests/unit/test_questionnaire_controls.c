/* test_questionnaire_controls.c — how the patient enters an item's answers
 * (domain/questionnaire_controls.h): itemControl where it fits the item,
 * entryFormat as a hint that changes no check, minOccurs and maxOccurs on
 * repeating choices and groups, a quantity's choice of units; each refused
 * by name where it does not fit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"
#include "core/log.h"
#include "domain/questionnaire_form.h"
#include "unit_qform.h"

#define EXT(name, value) "{'url':'http://hl7.org/fhir/StructureDefinition/" name "'," value "}"
#define CONTROL(code)                                                                                        \
	EXT("questionnaire-itemControl", "'valueCodeableConcept':{'coding':[{'system':'http://hl7.org/fhir/" \
	                                 "questionnaire-item-control','code':'" code "'}]}")
#define OPTIONS                                                                                                  \
	"'answerOption':[{'valueCoding':{'code':'a','display':'A'}},{'valueCoding':{'code':'b','display':'B'}}," \
	"{'valueCoding':{'code':'c','display':'C'}}]"
#define CHOICE(ext, repeats) \
	"{'linkId':'q','type':'choice','text':'Q','repeats':" repeats ",'extension':[" ext "]," OPTIONS "}"
#define CONTROL_PROBLEM "the extension http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl with '"

static void item_controls_where_they_fit(void **state)
{
	(void)state;
	qf_form f;
	parses(with_items(CHOICE(CONTROL("drop-down"), "false")), &f);
	assert_true(f.items[0].drop_down);
	parses(with_items("{'linkId':'q','type':'boolean','text':'Q','extension':[" CONTROL("drop-down") "]}"), &f);
	assert_true(f.items[0].drop_down);
	parses(with_items(CHOICE(CONTROL("radio-button"), "false")), &f);
	assert_false(f.items[0].drop_down);
	parses(with_items(CHOICE(CONTROL("check-box"), "true")), &f);
	assert_false(f.items[0].drop_down);
	assert_false(f.items[0].help);
	/* On a choice that does not repeat: several answers, as the national
	 * portal's renderer allows (refero's choice.tsx). */
	parses(with_items(CHOICE(CONTROL("check-box"), "false")), &f);
	assert_true(f.items[0].repeats);
	assert_true(f.items[0].check_box);

	refused(with_items(CHOICE(CONTROL("drop-down"), "true")),
	        "item 'q': " CONTROL_PROBLEM "drop-down' is not supported on this item");
	refused(with_items(CHOICE(CONTROL("radio-button"), "true")),
	        "item 'q': " CONTROL_PROBLEM "radio-button' is not supported");
	refused(with_items("{'linkId':'q','type':'string','text':'Q','extension':[" CONTROL("drop-down") "]}"),
	        CONTROL_PROBLEM "drop-down' is not supported");
	refused(with_items(CHOICE(CONTROL("autocomplete"), "false")), CONTROL_PROBLEM "autocomplete' is not supported");
	refused(with_items(CHOICE(CONTROL("drop-down") "," CONTROL("radio-button"), "false")),
	        "only one itemControl per item");
	refused(with_items("{'linkId':'q','type':'choice','text':'Q','extension':["
	                   "{'url':'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl'}]," OPTIONS "}"),
	        CONTROL_PROBLEM "(no code)' is not supported");
}

#define ENTRY(v) EXT("entryFormat", "'valueString':'" v "'")

static void entry_format_is_a_hint_only(void **state)
{
	(void)state;
	qf_form f;
	parses(
	    with_items("{'linkId':'d','type':'date','text':'Når?','extension':[" ENTRY(
	        "dd.mm.åååå") "]},"
	                      "{'linkId':'s','type':'string','text':'Postnummer','extension':[" ENTRY("4 siffer") "]}"),
	    &f);
	assert_string_equal(f.items[0].entry_format, "dd.mm.åååå");
	assert_string_equal(f.items[1].entry_format, "4 siffer");
	/* It changes no check: any line is still a fine string. */
	qf_answer ans = {.values = (const char *[]){"hei"}, .n = 1};
	size_t max;
	assert_null(qf_check_answer(A, &f.items[1], &ans, true, &max));

	refused(with_items("{'linkId':'b','type':'boolean','text':'B','extension':[" ENTRY("ja/nei") "]}"),
	        "item 'b': entryFormat is for string, text, integer, decimal, quantity and date items");
	refused(with_items("{'linkId':'s','type':'string','text':'S','extension':[" ENTRY("") "]}"),
	        "item 's': entryFormat needs a valueString of 1 to 255 characters");
	refused(with_items("{'linkId':'s','type':'string','text':'S','extension':["
	                   "{'url':'http://hl7.org/fhir/StructureDefinition/entryFormat','valueInteger':3}]}"),
	        "entryFormat needs a valueString");
}

#define MIN_OCCURS(n) EXT("questionnaire-minOccurs", "'valueInteger':" #n)
#define MAX_OCCURS(n) EXT("questionnaire-maxOccurs", "'valueInteger':" #n)

static const char *check(const qf_item *it, size_t n, bool complete, size_t *max)
{
	static const char *codes[] = {"a", "b", "c"};
	qf_answer ans = {.values = arena_alloc(A, 3 * sizeof(char *)), .n = n};
	memcpy(ans.values, codes, n * sizeof(char *));
	return qf_check_answer(A, it, &ans, complete, max);
}

static void occurs_on_a_repeating_choice(void **state)
{
	(void)state;
	qf_form f;
	size_t max;
	parses(with_items(CHOICE(MIN_OCCURS(2) "," MAX_OCCURS(2), "true")), &f);
	assert_int_equal(f.items[0].min_occurs, 2);
	assert_int_equal(f.items[0].max_occurs, 2);
	assert_null(check(&f.items[0], 2, true, &max));
	assert_null(check(&f.items[0], 0, true, &max)); /* not required: may stay unanswered */
	assert_string_equal(check(&f.items[0], 1, true, &max), "questionnaires.error.min_choices");
	assert_int_equal(max, 2);
	assert_null(check(&f.items[0], 1, false, &max)); /* a draft may have fewer */
	assert_string_equal(check(&f.items[0], 3, false, &max), "form.error.too_many");
	assert_int_equal(max, 2);

	refused(with_items(CHOICE(MIN_OCCURS(2), "false")),
	        "item 'q': minOccurs is for repeating questions and groups");
	refused(with_items("{'linkId':'s','type':'string','text':'S','extension':[" MAX_OCCURS(2) "]}"),
	        "item 's': maxOccurs is for repeating questions and groups");
	refused(with_items(CHOICE(MIN_OCCURS(3) "," MAX_OCCURS(2), "true")), "item 'q': minOccurs is above maxOccurs");
	refused(with_items(CHOICE(MIN_OCCURS(4), "true")),
	        "item 'q': minOccurs 4 can never be met (at most 3 options)");
	refused(with_items(CHOICE(MIN_OCCURS(0), "true")), "item 'q': minOccurs needs a valueInteger from 1");
	refused(with_items(CHOICE(EXT("questionnaire-maxOccurs", "'valueString':'2'"), "true")),
	        "item 'q': maxOccurs needs a valueInteger from 1");
}

/* A repeating group of one question, with these extensions. */
static char *repeating_group(const char *ext)
{
	return with_items(arena_printf(A,
	                               "{'linkId':'g','type':'group','text':'Medisin','repeats':true,'extension':[%s],"
	                               "'item':[{'linkId':'m','type':'string','text':'Navn'}]}",
	                               ext));
}

static size_t problems(const qf_form *f, qf_answer *ans, bool complete, qf_problem **list)
{
	bool *on = qf_settle(A, f, ans);
	return qf_check(A, f, ans, on, complete, list);
}

static void occurs_on_a_repeating_group(void **state)
{
	(void)state;
	qf_form def, f;
	parses(repeating_group(MIN_OCCURS(2) "," MAX_OCCURS(3)), &def);
	assert_int_equal(qf_instances_max(&def.items[0]), 3);
	qf_count count = {.key = "0", .n = 3};
	qf_counts counts = {.v = &count, .n = 1};
	assert_true(qf_expand(A, &def, &counts, &f));
	count.n = 4;
	assert_false(qf_expand(A, &def, &counts, &f)); /* past maxOccurs: no page shows that */
	count.n = 3;
	assert_true(qf_expand(A, &def, &counts, &f));
	assert_int_equal(f.n, 6);

	qf_answer *ans = arena_alloc(A, f.n * sizeof *ans);
	memset(ans, 0, f.n * sizeof *ans);
	qf_problem *list;
	assert_int_equal(problems(&f, ans, true, &list), 0); /* nothing answered, not required */
	ans[3] = (qf_answer){.values = (const char *[]){"Paracet"}, .n = 1};
	assert_int_equal(problems(&f, ans, false, &list), 0); /* a draft */
	assert_int_equal(problems(&f, ans, true, &list), 1);
	assert_int_equal(list[0].item, 0); /* the first instance carries it, blank as it is */
	assert_string_equal(list[0].key, "questionnaires.error.min_instances");
	assert_int_equal(list[0].limit, 2);
	ans[5] = (qf_answer){.values = (const char *[]){"Ibux"}, .n = 1};
	assert_int_equal(problems(&f, ans, true, &list), 0);

	parses(repeating_group(MAX_OCCURS(50)), &def);
	assert_int_equal(qf_instances_max(&def.items[0]), QF_INSTANCES_MAX);
	refused(repeating_group(MIN_OCCURS(21)), "item 'g': minOccurs 21 can never be met (at most 20 instances)");
	refused(with_items("{'linkId':'g','type':'group','text':'G','extension':[" MIN_OCCURS(
	            2) "],"
	               "'item':[{'linkId':'m','type':'string','text':'Navn'}]}"),
	        "item 'g': minOccurs is for repeating questions and groups");
}

#define UNIT(code, display)             \
	EXT("questionnaire-unitOption", \
	    "'valueCoding':{'system':'http://unitsofmeasure.org','code':'" code "','display':'" display "'}")
#define WEIGHT(more)                                                                                                  \
	"{'linkId':'w','type':'quantity','text':'Vekt','extension':[" UNIT("kg", "kg") "," UNIT("[lb_av]", "lb") more \
	    "]"

static void a_choice_of_units(void **state)
{
	(void)state;
	qf_form f;
	parses(with_items(WEIGHT("") ",'initial':[{'valueQuantity':{'value':150,'code':'[lb_av]'}}]}"), &f);
	const qf_item *it = &f.items[0];
	assert_int_equal(it->nunits, 2);
	assert_string_equal(it->unit.code, "kg"); /* the first is the default */
	assert_string_equal(it->initial[0], "150 [lb_av]");
	assert_string_equal(qf_quantity_unit(it, "150 [lb_av]")->display, "lb");
	assert_null(qf_quantity_unit(it, "150"));
	assert_null(qf_quantity_unit(it, "150 g"));

	size_t max;
	qf_answer ans = {.values = (const char *[]){"72,5 kg"}, .n = 1};
	assert_null(qf_check_answer(A, it, &ans, true, &max));
	assert_string_equal(ans.values[0], "72.5 kg");
	ans.values[0] = "72,5";
	assert_string_equal(qf_check_answer(A, it, &ans, true, &max), "questionnaires.error.unit");
	ans.values[0] = "72,5 g";
	assert_string_equal(qf_check_answer(A, it, &ans, true, &max), "questionnaires.error.unit");
	ans.values[0] = "mye [lb_av]";
	assert_string_equal(qf_check_answer(A, it, &ans, true, &max), "questionnaires.error.decimal");

	/* The response's Quantity carries the chosen unit, and reads back to it. */
	qf_answer answers[1] = {{.values = (const char *[]){"160 [lb_av]"}, .n = 1}};
	char *json = qf_response_json(A, &f, answers, true, 0);
	assert_non_null(strstr(json, "\"unit\":\"lb\""));
	assert_non_null(strstr(json, "\"code\":\"[lb_av]\""));
	assert_non_null(strstr(json, "\"system\":\"http://unitsofmeasure.org\""));
	qf_answer back[1];
	assert_true(qf_response_answers(A, &f, json, back));
	assert_int_equal(back[0].n, 1);
	assert_string_equal(back[0].values[0], "160 [lb_av]");

	/* With one unit, the number alone, as before. */
	parses(with_items("{'linkId':'h','type':'quantity','text':'H','extension':[" UNIT("cm", "cm") "]}"), &f);
	assert_int_equal(f.items[0].nunits, 0);
	ans.values[0] = "180 cm";
	assert_string_equal(qf_check_answer(A, &f.items[0], &ans, true, &max), "questionnaires.error.decimal");

	refused(with_items(WEIGHT("," EXT("maxValue", "'valueDecimal':400")) "}"),
	        "item 'w': minValue and maxValue on a quantity with a choice of units (several unitOptions) are not "
	        "supported");
	refused(with_items(WEIGHT("," UNIT("kg", "kilo")) "}"), "item 'w': the unitOption 'kg' is given twice");
	refused(with_items(WEIGHT("") ",'initial':[{'valueQuantity':{'value':150,'code':'g'}}]}"),
	        "item 'w': the initial value's code is not one of the unitOptions");
	refused(
	    with_items(WEIGHT("") "},{'linkId':'x','type':'string','text':'X','enableWhen':[{'question':'w',"
	                          "'operator':'>','answerQuantity':{'value':100}}]}"),
	    "item 'x': enableWhen compares 'w', a quantity with a choice of units; only 'exists' is supported on it");
	parses(with_items(WEIGHT("") "},{'linkId':'x','type':'string','text':'X','enableWhen':[{'question':'w',"
	                             "'operator':'exists','answerBoolean':true}]}"),
	       &f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(item_controls_where_they_fit),
	    cmocka_unit_test(entry_format_is_a_hint_only),
	    cmocka_unit_test(occurs_on_a_repeating_choice),
	    cmocka_unit_test(occurs_on_a_repeating_group),
	    cmocka_unit_test(a_choice_of_units),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
