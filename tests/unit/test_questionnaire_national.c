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
#define SUM                                                                             \
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(the_national_extension_calculates_on_the_server),
	    cmocka_unit_test(outside_the_subset_is_refused_by_name),
	};
	return cmocka_run_group_tests_name("questionnaire_national", tests, setup, teardown);
}
