/* test_questionnaire_national.c — the national portal's calculated-value
 * extension (http://ehelse.no/fhir/StructureDefinition/sdf-calculatedExpression,
 * domain/questionnaire_form.c): its FHIRPath in valueString (or
 * valueExpression) computes the item on the server as SDC's
 * calculatedExpression does; the item is read-only; anything outside the
 * subset, or on an item that is not a number, is refused by name. */
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

#define NATIONAL "http://ehelse.no/fhir/StructureDefinition/sdf-calculatedExpression"
#define SUM                                                                       \
	"QuestionnaireResponse.descendants().where(linkId = '1').answer.value + " \
	"QuestionnaireResponse.descendants().where(linkId = '2').answer.value"

/* Two whole numbers and their sum, calculated by the extension written as
 * value (the member and its JSON value), on an item of the type given. */
static const char *form(const char *type, const char *value)
{
	return arena_printf(
	    A,
	    "{\"resourceType\":\"Questionnaire\",\"name\":\"HN\",\"version\":\"1\",\"title\":\"Sum\","
	    "\"status\":\"active\",\"item\":[{\"linkId\":\"1\",\"type\":\"integer\",\"text\":\"Dager\"},"
	    "{\"linkId\":\"2\",\"type\":\"integer\",\"text\":\"Netter\"},{\"linkId\":\"3\",\"type\":\"%s\","
	    "\"text\":\"Sum\",\"extension\":[{\"url\":\"" NATIONAL "\",%s}]}]}",
	    type, value);
}

static void settles(const char *json, const char *want)
{
	qf_form f;
	const char *error;
	if (!qf_parse(A, json, strlen(json), &f, &error))
		fail_msg("refused: %s", error);
	assert_true(f.items[2].read_only);
	assert_false(qf_is_input(&f.items[2]));
	const char *d[] = {"3"}, *n[] = {"2"};
	qf_answer ans[3] = {{d, 1}, {n, 1}, {0}};
	qf_settle(A, &f, ans);
	if (want == NULL) {
		assert_int_equal(ans[2].n, 0);
		return;
	}
	assert_int_equal(ans[2].n, 1);
	assert_string_equal(ans[2].values[0], want);
}

static void the_national_extension_calculates_on_the_server(void **state)
{
	(void)state;
	settles(form("integer", "\"valueString\":\"" SUM "\""), "5");
	settles(form("decimal", "\"valueString\":\"(" SUM ") / 2\""), "2.5");
	settles(
	    form("integer",
	         "\"valueExpression\":{\"language\":\"text/fhirpath\",\"expression\":\"%resource.item.where(linkId = "
	         "'1').answer.value * 10\"}"),
	    "30");
	settles(form("integer", "\"valueString\":\"(" SUM ") / 2\""), NULL); /* 2.5 is no integer */
}

static void outside_the_subset_is_refused_by_name(void **state)
{
	(void)state;
	refused(form("string", "\"valueString\":\"" SUM "\""),
	        "item '3': calculatedExpression is supported on integer and decimal items only");
	refused(form("integer", "\"valueString\":\"QuestionnaireResponse.descendants().select(linkId).count()\""),
	        "the function select() is not supported");
	refused(form("integer", "\"valueBoolean\":true"),
	        "calculatedExpression needs a valueExpression in text/fhirpath");
}

/* ---- scoring by item code (http://ehelse.no/scoringFormulas) ---------------- */

#define FORMULAS "http://ehelse.no/scoringFormulas"

/* The test form in the national portal's style (tests/data/questionnaires:
 * two sections, each with its section score, and a total), with the
 * items of extra (JSON) added at the end. */
static const char *scored_form(const char *extra)
{
	size_t len;
	char *text = data_file("helsami-national-scoring.json", &len);
	text[len] = '\0';
	if (extra[0] == '\0')
		return text;
	char *end = strrchr(text, ']'); /* the top-level item list's */
	return arena_printf(A, "%.*s,%s]}", (int)(end - text), text, extra);
}

/* An item of type and score code c for scored_form; rest: more members. */
static const char *scored(const char *link_id, const char *type, const char *c, const char *rest)
{
	return arena_printf(A,
	                    "{\"linkId\":\"%s\",\"type\":\"%s\",\"text\":\"X\",\"code\":[{\"system\":\"" FORMULAS
	                    "\",\"code\":\"%s\"}]%s}",
	                    link_id, type, c, rest);
}

/* The scores of the form's answers (item positions: 1 '1.1', 2 '1.2', 3
 * '1.3', 5 '2.1', 6 '2.2', 7 '3'), want[0..3) for 1.3, 2.2 and 3 (NULL:
 * unanswered). */
static void scores(qf_answer *ans, const char *want13, const char *want22, const char *want3)
{
	qf_form f;
	parses(scored_form(""), &f);
	qf_settle(A, &f, ans);
	const char *want[] = {want13, want22, want3};
	const size_t at[] = {3, 6, 7};
	for (size_t k = 0; k < 3; k++) {
		if (want[k] == NULL) {
			if (ans[at[k]].n != 0)
				fail_msg("%s = %s, wanted nothing", f.items[at[k]].link_id, ans[at[k]].values[0]);
			continue;
		}
		assert_int_equal(ans[at[k]].n, 1);
		if (!str_eq(ans[at[k]].values[0], want[k]))
			fail_msg("%s = %s, wanted %s", f.items[at[k]].link_id, ans[at[k]].values[0], want[k]);
	}
}

static void scoring_codes_sum_sections_and_the_whole_form(void **state)
{
	(void)state;
	qf_form f;
	parses(scored_form(""), &f);
	for (size_t k = 0; k < 3; k++) {
		const qf_item *it = &f.items[(size_t[]){3, 6, 7}[k]];
		assert_true(it->read_only);
		assert_false(qf_is_input(it)); /* never a box the patient types into */
		assert_true(qf_is_computed(it));
	}
	assert_int_equal(f.items[1].score, QF_SCORE_QUESTION);
	assert_true(qf_is_input(&f.items[1]));

	const char *two[] = {"2"}, *one[] = {"1"}, *ac[] = {"a", "c"}, *c[] = {"c"}, *forged[] = {"99"};
	qf_answer ans[8] = {{0}};
	ans[1] = (qf_answer){two, 1};
	ans[2] = (qf_answer){one, 1};
	ans[5] = (qf_answer){ac, 2};
	scores(ans, "3", "1.5", "5"); /* 4.5 rounded half up on an integer item */
	qf_answer none[8] = {{0}};
	scores(none, NULL, NULL, NULL); /* nothing scored: no score, not 0 */
	qf_answer only_c[8] = {{0}};
	only_c[5] = (qf_answer){c, 1};
	scores(only_c, NULL, "0", "0"); /* an option without ordinalValue counts 0 */
	qf_answer typed[8] = {{0}};
	typed[1] = (qf_answer){one, 1};
	typed[3] = (qf_answer){forged, 1}; /* a value for the score is replaced by the score */
	typed[7] = (qf_answer){forged, 1};
	scores(typed, "1", NULL, "1");

	/* Stored as the item's type says: the quantity with its unit. */
	qf_form g;
	parses(scored_form(""), &g);
	qf_answer back[8] = {{0}};
	back[1] = (qf_answer){two, 1};
	qf_settle(A, &g, back);
	const char *json = qf_response_json(A, &g, back, true, 0);
	if (strstr(json, "\"valueQuantity\":{\"code\":\"score\",\"system\":\"http://ehelse.no/Score\",\"unit\":"
	                 "\"poeng\",\"value\":2.0}") == NULL ||
	    strstr(json, "{\"valueInteger\":2}") == NULL)
		fail_msg("%s", json);
}

static void scoring_codes_that_cannot_be_honoured_are_refused(void **state)
{
	(void)state;
	refused(scored_form(scored("4", "integer", "QS", "")),
	        "item '4': the score code QS (a question's score) is for choice items");
	refused(scored_form(scored("4", "string", "SS", "")),
	        "item '4': the score code SS is for integer, decimal and quantity items");
	refused(scored_form(scored("4", "integer", "XS", "")),
	        "item '4': the score code 'XS' (http://ehelse.no/scoringFormulas) is not supported");
	refused(scored_form(
	            scored("4", "integer", "TS", ",\"extension\":[{\"url\":\"" NATIONAL "\",\"valueString\":\"1\"}]")),
	        "item '4': the score code TS and a calculatedExpression on one item");
	refused(scored_form(arena_printf(A,
	                                 "{\"linkId\":\"4\",\"type\":\"group\",\"repeats\":true,\"text\":\"G\","
	                                 "\"item\":[%s]}",
	                                 scored("4.1", "integer", "SS", ""))),
	        "item '4.1': the score code SS within the repeating group '4' is not supported");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(the_national_extension_calculates_on_the_server),
	    cmocka_unit_test(outside_the_subset_is_refused_by_name),
	    cmocka_unit_test(scoring_codes_sum_sections_and_the_whole_form),
	    cmocka_unit_test(scoring_codes_that_cannot_be_honoured_are_refused),
	};
	return cmocka_run_group_tests_name("questionnaire_national", tests, setup, teardown);
}
