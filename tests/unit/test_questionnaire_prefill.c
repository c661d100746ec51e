/* test_questionnaire_prefill.c — prefill (SDC initialExpression,
 * domain/questionnaire_prefill.c): the person as a FHIR Patient, each
 * expression of the subset evaluated over it as %patient into the item's
 * initial value, values that do not fit left out, read-only prefills kept
 * as the response stored them, and everything else refused by name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/core.h"
#include "core/log.h"
#include "core/nin.h"
#include "domain/questionnaire_form.h"
#include "unit_qform.h"

#define PREFILL(expr)                                                                                               \
	"'extension':[{'url':'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression'," \
	"'valueExpression':{'language':'text/fhirpath','expression':'" expr "'}}]"

static char *form_of(const char *root_ext, const char *items)
{
	return js(arena_printf(A,
	                       "{'resourceType':'Questionnaire','url':'https://example.org/p','version':'1',"
	                       "'title':'Tittel','status':'active'%s,'item':[%s]}",
	                       root_ext, items));
}

static char *item(const char *link_id, const char *type, const char *expr)
{
	return arena_printf(A, "{'linkId':'%s','type':'%s','text':'%s'," PREFILL("%s") "}", link_id, type, link_id,
	                    expr);
}

static const char *nin_of(bool dnumber)
{
	char *n = arena_alloc(A, NIN_LEN + 1);
	for (int ind = 500; ind < 1000; ind++)
		if (nin_make((date){2012, 5, 17}, ind, false, dnumber, n))
			return n;
	fail_msg("no number");
	return NULL;
}

static qf_person kari(void)
{
	return (qf_person){.nin = nin_of(false),
	                   .given_name = "Kari Anne",
	                   .family_name = "Nordmann",
	                   .birth_date = "2012-05-17",
	                   .phone = "41234567",
	                   .email = "kari@example.no",
	                   .street = "Storgata 1",
	                   .postcode = "7010",
	                   .city = "Trondheim"};
}

/* The one initial value of item i, or NULL without one. */
static const char *initial(const qf_form *f, size_t i)
{
	assert_true(f->items[i].ninitial <= 1);
	return f->items[i].ninitial == 1 ? f->items[i].initial[0] : NULL;
}

static void the_patient_resource(void **state)
{
	(void)state;
	qf_person p = kari();
	json_t *j = qf_patient_json(&p);
	char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	const char *want = arena_printf(
	    A,
	    "{\"address\":[{\"city\":\"Trondheim\",\"line\":[\"Storgata "
	    "1\"],\"postalCode\":\"7010\",\"text\":\"Storgata "
	    "1, 7010 "
	    "Trondheim\",\"use\":\"home\"}],\"birthDate\":\"2012-05-17\",\"identifier\":[{\"system\":\"urn:oid:2."
	    "16.578.1.12.4.1.4.1\",\"use\":\"official\",\"value\":\"%s\"}],\"name\":[{\"family\":\"Nordmann\","
	    "\"given\":["
	    "\"Kari Anne\"],\"text\":\"Kari Anne Nordmann\",\"use\":\"official\"}],\"resourceType\":\"Patient\","
	    "\"telecom\":[{\"system\":\"phone\",\"use\":\"mobile\",\"value\":\"41234567\"},{\"system\":\"email\","
	    "\"value\":\"kari@example.no\"}]}",
	    p.nin);
	assert_string_equal(text, want);
	free(text);
	json_decref(j);

	p.nin = nin_of(true); /* a D-number has its own system */
	p.street = p.postcode = p.city = NULL;
	p.phone = p.email = NULL;
	j = qf_patient_json(&p);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(json_object_get(j, "identifier"), 0), "system")),
	    "urn:oid:2.16.578.1.12.4.1.4.2");
	assert_null(json_object_get(j, "address"));
	assert_null(json_object_get(j, "telecom"));
	json_decref(j);
}

static void expressions_fill_the_items(void **state)
{
	(void)state;
	const char *items[] = {
	    item("given", "string", "%patient.name.given.first()"),
	    item("family", "string", "%patient.name.family"),
	    item("full", "string", "%patient.name.text"),
	    item("joined", "string", "%patient.name.given.first() + ` ` + %patient.name.family"),
	    item("indexed", "string", "%patient.name[0].given[0]"),
	    item("fnr", "string", "%patient.identifier.where(system = `urn:oid:2.16.578.1.12.4.1.4.1`).value"),
	    item("dob", "date", "%patient.birthDate"),
	    item("phone", "string", "%patient.telecom.where(system = `phone`).value"),
	    item("email", "string", "%patient.telecom.where(system = `email`).value.first()"),
	    item("address", "text", "%patient.address.text"),
	    item("postcode", "string", "%patient.address.postalCode"),
	    item("city", "string", "%patient.address.first().city"),
	};
	char *list = arena_strdup(A, items[0]);
	for (size_t i = 1; i < ARRAY_LEN(items); i++)
		list = arena_printf(A, "%s,%s", list, items[i]);
	qf_form f;
	parses(form_of("", list), &f);
	assert_true(qf_has_prefill(&f));
	qf_person p = kari();
	json_t *patient = qf_patient_json(&p);
	qf_prefill(A, &f, patient);
	json_decref(patient);
	const char *want[] = {
	    "Kari Anne",  "Nordmann", "Kari Anne Nordmann", "Kari Anne Nordmann",         "Kari Anne", p.nin,
	    "2012-05-17", "41234567", "kari@example.no",    "Storgata 1, 7010 Trondheim", "7010",      "Trondheim"};
	for (size_t i = 0; i < ARRAY_LEN(want); i++) {
		if (initial(&f, i) == NULL || !str_eq(initial(&f, i), want[i]))
			fail_msg("%s: '%s', wanted '%s'", f.items[i].link_id, initial(&f, i), want[i]);
	}

	parses(form_of("", list), &f); /* no patient: nothing */
	qf_prefill(A, &f, NULL);
	for (size_t i = 0; i < f.n; i++)
		assert_null(initial(&f, i));
}

static void values_that_do_not_fit_are_left_out(void **state)
{
	(void)state;
	qf_form f;
	parses(form_of("", arena_printf(A, "%s,%s,%s", item("a", "date", "%patient.name.text"),
	                                item("b", "string", "%patient.telecom.value"),
	                                item("c", "string", "%patient.name"))),
	       &f);
	qf_person p = kari();
	json_t *patient = qf_patient_json(&p);
	qf_prefill(A, &f, patient);
	assert_null(initial(&f, 0)); /* a name is not a date */
	assert_null(initial(&f, 1)); /* two values for one answer */
	assert_null(initial(&f, 2)); /* not a text */
	p.phone = NULL;
	p.email = NULL;
	json_decref(patient);
	patient = qf_patient_json(&p);
	qf_prefill(A, &f, patient);
	assert_null(initial(&f, 1)); /* none given */
	json_decref(patient);
}

static void a_prefill_is_an_answer_the_patient_may_change(void **state)
{
	(void)state;
	qf_form f;
	const char *ro =
	    ("{'linkId':'ro','type':'string','text':'Navn','readOnly':true," PREFILL("%patient.name.text") "}");
	parses(form_of("", arena_printf(A, "%s,%s",
	                                item("phone", "string", "%patient.telecom.where(system = `phone`).value"), ro)),
	       &f);
	qf_person p = kari();
	json_t *patient = qf_patient_json(&p);
	qf_prefill(A, &f, patient);
	json_decref(patient);
	assert_true(qf_is_input(&f.items[0]));
	assert_false(qf_is_input(&f.items[1]));

	/* what the page posts: the changed phone; the read-only item is no input */
	qf_answer ans[2] = {{0}};
	const char *typed[] = {"99887766"};
	ans[0] = (qf_answer){typed, 1};
	qf_settle(A, &f, ans);
	assert_string_equal(ans[0].values[0], "99887766");
	assert_string_equal(ans[1].values[0], "Kari Anne Nordmann");

	/* read back from a stored response: the read-only value as stored */
	const char *stored[] = {"Kari Nordmann"};
	ans[1] = (qf_answer){stored, 1};
	qf_settle(A, &f, ans);
	assert_string_equal(ans[1].values[0], "Kari Nordmann");
}

static void outside_the_subset_is_refused_by_name(void **state)
{
	(void)state;
	refused(form_of("", item("g", "string", "%patient.gender")), "'gender' is not a member helsami fills");
	refused(form_of("", item("g", "string", "%user.name.text")), "the variable %user is not");
	refused(form_of("", item("g", "string", "%resource.item.answer.value")), "the variable %resource is not");
	refused(form_of("", item("g", "date", "today()")), "the function today() is not supported");
	refused(form_of("", item("g", "integer", "%patient.birthDate")),
	        "initialExpression is supported on string, text and date items only");
	refused(form_of("", "{'linkId':'g','type':'string','text':'x','initial':[{'valueString':'a'}]," PREFILL(
	                        "%patient.name.text") "}"),
	        "'initial' and initialExpression together");
	refused(form_of("", "{'linkId':'r','type':'group','repeats':true,'item':[{'linkId':'g','type':'string',"
	                    "'text':'x'," PREFILL("%patient.name.text") "}]}"),
	        "initialExpression within the repeating group 'r' is not supported");
	const char *user = ",'extension':[{'url':'http://hl7.org/fhir/uv/sdc/StructureDefinition/"
	                   "sdc-questionnaire-launchContext','extension':[{'url':'name','valueCoding':{'system':"
	                   "'http://hl7.org/fhir/uv/sdc/CodeSystem/launchContext','code':'user'}},{'url':'type',"
	                   "'valueCode':'Practitioner'}]}]";
	refused(form_of(user, item("g", "string", "%patient.name.text")),
	        "the launchContext 'user' (Practitioner) is not supported");
	const char *patient = ",'extension':[{'url':'http://hl7.org/fhir/uv/sdc/StructureDefinition/"
	                      "sdc-questionnaire-launchContext','extension':[{'url':'name','valueCoding':{'system':"
	                      "'http://hl7.org/fhir/uv/sdc/CodeSystem/launchContext','code':'patient'}},{'url':'type',"
	                      "'valueCode':'Patient'}]}]";
	qf_form f;
	parses(form_of(patient, item("g", "string", "%patient.name.text")), &f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(the_patient_resource),
	    cmocka_unit_test(expressions_fill_the_items),
	    cmocka_unit_test(values_that_do_not_fit_are_left_out),
	    cmocka_unit_test(a_prefill_is_an_answer_the_patient_may_change),
	    cmocka_unit_test(outside_the_subset_is_refused_by_name),
	};
	return cmocka_run_group_tests_name("questionnaire_prefill", tests, setup, teardown);
}
