/* test_questionnaire_nested.c — repeating groups within repeating groups
 * and what is computed within a repeating group (domain/questionnaire_repeat.c,
 * questionnaire_answers.c; issue 16): a nested group's instances live in one
 * instance of its parent, counted per occurrence (qf_counts), bounded per
 * parent instance by maxOccurs and in all by QF_EXPANDED_MAX; the response
 * nests them as FHIR does; a calculated value is computed per instance with
 * its FHIRPath starting from its instance (SDC), and a section score sums
 * its own instance. The form: tests/data/questionnaires/helsami-nested-medications.json. */
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

/* The test form, read as the importer reads it. */
static void medications(qf_form *def)
{
	size_t len;
	char *text = data_file("helsami-nested-medications.json", &len);
	text[len] = '\0';
	parses(text, def);
}

/* JSON written with single quotes, as JSON (from A). */
static const char *dq(const char *s)
{
	char *out = arena_strdup(A, s);
	for (char *c = out; *c; c++)
		if (*c == '\'')
			*c = '"';
	return out;
}

/* Counts from "key=n" texts, from A. */
static const qf_counts *counts(size_t n, ...)
{
	qf_count *v = arena_alloc(A, (n ? n : 1) * sizeof *v);
	va_list ap;
	va_start(ap, n);
	for (size_t k = 0; k < n; k++) {
		const char *kv = va_arg(ap, const char *);
		size_t eq = strcspn(kv, "=");
		v[k] = (qf_count){.key = arena_strndup(A, kv, eq), .n = (size_t)atoi(kv + eq + 1)};
	}
	va_end(ap);
	qf_counts *out = arena_alloc(A, sizeof *out);
	*out = (qf_counts){.v = v, .n = n};
	return out;
}

static qf_answer *no_answers(const qf_form *f)
{
	qf_answer *a = arena_alloc(A, (f->n ? f->n : 1) * sizeof *a);
	memset(a, 0, (f->n ? f->n : 1) * sizeof *a);
	return a;
}

static void set(qf_answer *answers, size_t i, const char *v)
{
	const char **vals = arena_alloc(A, sizeof *vals);
	vals[0] = v;
	answers[i] = (qf_answer){vals, 1};
}

static void value_is(const qf_form *f, const qf_answer *answers, size_t i, const char *want)
{
	if (want == NULL) {
		if (answers[i].n != 0)
			fail_msg("%s (%zu) = %s, wanted nothing", f->items[i].link_id, i, answers[i].values[0]);
		return;
	}
	if (answers[i].n != 1 || !str_eq(answers[i].values[0], want))
		fail_msg("%s (%zu) = %s, wanted %s", f->items[i].link_id, i,
		         answers[i].n > 0 ? answers[i].values[0] : "(nothing)", want);
}

/* Two medications, the first with two doses, the second with one: the
 * expanded items (the HTTP test names the same positions). */
enum {
	MED0 = 0,
	NAVN0 = 1,
	STYRKE0 = 2,
	BEHOV0 = 3,
	DOSE00 = 4,
	TID00 = 5,
	ANTALL00 = 6,
	MG00 = 7,
	GRUNN00 = 8,
	DOSE01 = 9,
	TID01 = 10,
	ANTALL01 = 11,
	MG01 = 12,
	GRUNN01 = 13,
	DOGN0 = 14,
	MED1 = 15,
	NAVN1 = 16,
	STYRKE1 = 17,
	BEHOV1 = 18,
	DOSE10 = 19,
	TID10 = 20,
	ANTALL10 = 21,
	MG10 = 22,
	GRUNN10 = 23,
	DOGN1 = 24,
	TOTAL = 25,
	ITEMS = 26,
};

static void the_form_imports_and_expands_per_parent_instance(void **state)
{
	(void)state;
	qf_form def, f;
	medications(&def);
	assert_int_equal(def.n, 11);
	assert_true(qf_is_repeating_group(&def.items[4]));
	assert_int_equal(qf_instances_max(&def.items[4]), 3);
	assert_true(qf_is_computed(&def.items[7])); /* a calculated value within two repeating groups */

	assert_true(qf_expand(A, &def, counts(3, "0=2", "4.0=2", "4.1=1"), &f));
	assert_int_equal(f.n, ITEMS);
	assert_string_equal(f.items[DOSE01].link_id, "dose");
	assert_int_equal(f.items[DOSE01].group, MED0);
	assert_int_equal(f.items[DOSE01].instance, 1);
	assert_int_equal(f.items[DOSE01].instances, 2);
	assert_int_equal(f.items[DOSE10].group, MED1);
	assert_int_equal(f.items[DOSE10].instances, 1);
	assert_int_equal(f.items[MED1].instance, 1);
	assert_int_equal(f.items[GRUNN10].instance, 0); /* of its own group */
	assert_string_equal(f.items[TOTAL].link_id, "tabletter-i-alt");
	/* Each occurrence is named by the instances around it. */
	assert_string_equal(qf_count_key(A, &f, MED0), "0");
	assert_string_equal(qf_count_key(A, &f, DOSE00), "4.0");
	assert_string_equal(qf_count_key(A, &f, DOSE01), "4.0");
	assert_string_equal(qf_count_key(A, &f, DOSE10), "4.1");
	/* A dose's condition looks at "behov" of its own medication. */
	assert_int_equal(f.items[GRUNN00].enable_when[0].question, BEHOV0);
	assert_int_equal(f.items[GRUNN01].enable_when[0].question, BEHOV0);
	assert_int_equal(f.items[GRUNN10].enable_when[0].question, BEHOV1);

	/* Three deep is accepted (QF_REPEAT_DEPTH_MAX); four is refused by the
	 * form test (every_item_rule_is_refused). */
	parses(dq("{'resourceType':'Questionnaire','url':'https://e.org/q','version':'1','title':'T','status':'active',"
	          "'item':[{'linkId':'a','type':'group','text':'A','repeats':true,'item':[{'linkId':'b','type':'group',"
	          "'text':'B','repeats':true,'item':[{'linkId':'c','type':'group','text':'C','repeats':true,'item':["
	          "{'linkId':'q','type':'boolean','text':'Q'}]}]}]}]}"),
	       &def);
	assert_true(qf_expand(A, &def, counts(4, "0=2", "1.1=2", "2.1.1=3", "2.0.0=2"), &f));
	/* a0 (b: c, q twice) 6; a1 (b0: c, q; b1: c, q three times) 11. */
	assert_int_equal(f.n, 17);
}

static void counts_a_page_cannot_have_shown_are_refused(void **state)
{
	(void)state;
	qf_form def, f;
	medications(&def);
	/* An instance of a parent that is not there. */
	assert_false(qf_expand(A, &def, counts(2, "0=2", "4.2=1"), &f));
	assert_false(qf_expand(A, &def, counts(1, "4.1=2"), &f));
	/* Past maxOccurs (3) in one parent instance, zero, twice, the group
	 * without the instance it is in, an item that does not repeat. */
	assert_false(qf_expand(A, &def, counts(2, "0=2", "4.1=4"), &f));
	assert_false(qf_expand(A, &def, counts(1, "4.0=0"), &f));
	assert_false(qf_expand(A, &def, counts(2, "4.0=2", "4.0=2"), &f));
	assert_false(qf_expand(A, &def, counts(1, "4=2"), &f));
	assert_false(qf_expand(A, &def, counts(1, "1=2"), &f));
	assert_true(qf_expand(A, &def, counts(4, "0=3", "4.0=3", "4.1=3", "4.2=3"), &f));
	assert_int_equal(f.n, 3 * (4 + 3 * 5 + 1) + 1);

	/* The bound on a whole form: 20 instances of 20 instances of ten items
	 * would be more than QF_EXPANDED_MAX. */
	const char *items = "";
	for (int k = 0; k < 10; k++)
		items = arena_printf(A, "%s%s{'linkId':'q%d','type':'boolean','text':'Q'}", items, k ? "," : "", k);
	parses(dq(arena_printf(A,
	                       "{'resourceType':'Questionnaire','url':'https://e.org/q','version':'1','title':'T',"
	                       "'status':'active','item':[{'linkId':'a','type':'group','text':'A','repeats':true,"
	                       "'item':[{'linkId':'b','type':'group','text':'B','repeats':true,'item':[%s]}]}]}",
	                       items)),
	       &def);
	qf_count *many = arena_alloc(A, (QF_INSTANCES_MAX + 1) * sizeof *many);
	many[0] = (qf_count){"0", QF_INSTANCES_MAX};
	for (int k = 0; k < QF_INSTANCES_MAX; k++)
		many[k + 1] = (qf_count){arena_printf(A, "1.%d", k), QF_INSTANCES_MAX};
	qf_counts all = {many, QF_INSTANCES_MAX + 1};
	assert_false(qf_expand(A, &def, &all, &f));
	all.n = 18; /* 17 parents of 20: 1 + 20 + 17 * 20 * 11 + 3 * 11 items */
	assert_true(qf_expand(A, &def, &all, &f));
	assert_true(f.n <= QF_EXPANDED_MAX);
}

/* The answers of two medications: Paracet 500 mg, two tablets in the
 * morning and one at night; Ibux 200 mg when needed, three tablets. */
static qf_answer *two_medications(const qf_form *f)
{
	qf_answer *ans = no_answers(f);
	set(ans, NAVN0, "Paracet");
	set(ans, STYRKE0, "500");
	set(ans, TID00, "morgen");
	set(ans, ANTALL00, "2");
	set(ans, GRUNN00, "forsvinner"); /* "behov" is not yes: off */
	set(ans, TID01, "kveld");
	set(ans, ANTALL01, "1");
	set(ans, NAVN1, "Ibux");
	set(ans, STYRKE1, "200");
	set(ans, BEHOV1, "true");
	set(ans, ANTALL10, "3");
	set(ans, GRUNN10, "hodepine");
	return ans;
}

static void calculated_values_are_per_instance(void **state)
{
	(void)state;
	qf_form def, f;
	medications(&def);
	assert_true(qf_expand(A, &def, counts(3, "0=2", "4.0=2", "4.1=1"), &f));
	qf_answer *ans = two_medications(&f);
	const bool *on = qf_settle(A, &f, ans);
	/* Each dose: its tablets times its medication's strength. */
	value_is(&f, ans, MG00, "1000");
	value_is(&f, ans, MG01, "500");
	value_is(&f, ans, MG10, "600");
	/* Each medication: its own doses only. */
	value_is(&f, ans, DOGN0, "1500");
	value_is(&f, ans, DOGN1, "600");
	/* The form's total sees every instance (%resource). */
	value_is(&f, ans, TOTAL, "6");
	/* The condition is per medication. */
	assert_false(on[GRUNN00]);
	assert_true(on[GRUNN10]);
	value_is(&f, ans, GRUNN00, NULL);
	value_is(&f, ans, GRUNN10, "hodepine");

	/* An instance with nothing typed computes nothing (it is not in the
	 * response, and "Fjern" empties it); without a strength, a dose has
	 * no mg. */
	qf_form g;
	assert_true(qf_expand(A, &def, counts(2, "0=2", "4.0=2"), &g));
	qf_answer *some = no_answers(&g);
	set(some, NAVN0, "Paracet");
	set(some, ANTALL00, "2");
	qf_settle(A, &g, some);
	value_is(&g, some, MG00, NULL);
	value_is(&g, some, MG01, NULL);
	value_is(&g, some, DOGN0, NULL);
	value_is(&g, some, TOTAL, "2");
	char *json = qf_response_json(A, &g, some, false, 0);
	if (strstr(json, "\"linkId\":\"dose\"") == NULL || strstr(json, "dose-mg") != NULL)
		fail_msg("%s", json);

	/* A blank first dose is not in the response: the others still compute
	 * in their own instances (the second dose is not the response's second). */
	assert_true(qf_expand(A, &def, counts(1, "4.0=3"), &g)); /* doses 4, 9, 14; mg a day 19 */
	qf_answer *gap = no_answers(&g);
	set(gap, NAVN0, "Paracet");
	set(gap, STYRKE0, "500");
	set(gap, 11, "1");
	set(gap, 16, "3");
	qf_settle(A, &g, gap);
	value_is(&g, gap, MG00, NULL);
	value_is(&g, gap, 12, "500");
	value_is(&g, gap, 17, "1500");
	value_is(&g, gap, 19, "2000");
}

static void the_response_nests_instances_and_reads_back(void **state)
{
	(void)state;
	qf_form def, f;
	medications(&def);
	assert_true(qf_expand(A, &def, counts(3, "0=2", "4.0=2", "4.1=1"), &f));
	qf_answer *ans = two_medications(&f);
	qf_settle(A, &f, ans);
	char *json = qf_response_json(A, &f, ans, true, 0);
	json_t *root = json_loads(json, 0, NULL);
	json_t *items = json_object_get(root, "item");
	assert_int_equal(json_array_size(items), 3); /* two medications and the total */
	json_t *first = json_object_get(json_array_get(items, 0), "item");
	size_t doses = 0, i;
	json_t *o;
	json_array_foreach(first, i, o) doses += str_eq(json_string_value(json_object_get(o, "linkId")), "dose");
	assert_int_equal(doses, 2); /* the first medication's doses are in it */
	json_t *second = json_object_get(json_array_get(items, 1), "item");
	json_t *dose = NULL;
	json_array_foreach(second, i, o) if (str_eq(json_string_value(json_object_get(o, "linkId")), "dose")) dose = o;
	assert_non_null(dose);
	assert_int_equal(json_array_size(json_object_get(dose, "item")), 3); /* antall, dose-mg, grunn */
	json_decref(root);

	const qf_counts *back = qf_response_counts(A, &def, json);
	assert_int_equal(back->n, 2);
	assert_string_equal(back->v[0].key, "0");
	assert_int_equal(back->v[0].n, 2);
	assert_string_equal(back->v[1].key, "4.0");
	assert_int_equal(back->v[1].n, 2);
	qf_form g;
	assert_true(qf_expand(A, &def, back, &g));
	assert_int_equal(g.n, ITEMS);
	qf_answer *read = no_answers(&g);
	assert_true(qf_response_answers(A, &g, json, read));
	value_is(&g, read, TID01, "kveld");
	value_is(&g, read, MG01, "500");
	value_is(&g, read, ANTALL10, "3");
	value_is(&g, read, GRUNN10, "hodepine");
	value_is(&g, read, TOTAL, "6");
}

static void add_another_and_the_key_after_saving(void **state)
{
	(void)state;
	qf_form def, f;
	medications(&def);
	assert_true(qf_expand(A, &def, counts(2, "0=2", "4.1=2"), &f));
	const qf_counts *more = qf_counts_add(A, &f, "4.1");
	qf_form g;
	assert_true(qf_expand(A, &def, more, &g));
	/* med0 0..9 (one dose, 4), med1 10: its doses 14, 19, 24. */
	assert_string_equal(g.items[24].link_id, "dose");
	assert_int_equal(g.items[24].instance, 2);
	assert_int_equal(g.items[14].instances, 3);
	assert_int_equal(g.items[4].instances, 1);
	assert_null(qf_counts_add(A, &f, "4.2")); /* no third medication */
	assert_null(qf_counts_add(A, &f, "1"));
	/* At maxOccurs it stays. */
	const qf_counts *full = qf_counts_add(A, &g, "4.1");
	for (size_t k = 0; k < full->n; k++)
		if (str_eq(full->v[k].key, "4.1"))
			assert_int_equal(full->v[k].n, 3);

	/* Saving leaves out an instance with nothing answered: the second
	 * medication becomes the first. */
	qf_answer *ans = no_answers(&f);
	set(ans, 11, "Ibux"); /* the second medication's name */
	assert_string_equal(f.items[11].link_id, "navn");
	assert_string_equal(qf_stored_key(A, &f, ans, "4.1"), "4.0");
	assert_null(qf_stored_key(A, &f, ans, "4.0")); /* its medication goes */
	assert_string_equal(qf_stored_key(A, &f, ans, "0"), "0");
	/* Nothing answered anywhere: the one empty instance stays. */
	assert_string_equal(qf_stored_key(A, &f, no_answers(&f), "4.1"), "4.0");
	assert_string_equal(qf_stored_key(A, &f, no_answers(&f), "4.0"), "4.0");
}

static void min_occurs_holds_per_parent_instance(void **state)
{
	(void)state;
	qf_form def, f;
	parses(
	    dq("{'resourceType':'Questionnaire','url':'https://e.org/q','version':'1','title':'T','status':'active',"
	       "'item':[{'linkId':'m','type':'group','text':'M','repeats':true,'item':[{'linkId':'n','type':'string',"
	       "'text':'N'},{'linkId':'d','type':'group','text':'D','repeats':true,'extension':[{'url':"
	       "'http://hl7.org/fhir/StructureDefinition/questionnaire-minOccurs','valueInteger':2}],'item':["
	       "{'linkId':'t','type':'string','text':'T'}]}]}]}"),
	    &def);
	/* m0: n 1, d 2 (t 3), d 4 (t 5); m1 6: n 7, d 8 (t 9). */
	assert_true(qf_expand(A, &def, counts(3, "0=2", "2.0=2", "2.1=1"), &f));
	assert_int_equal(f.n, 10);
	qf_answer *ans = no_answers(&f);
	set(ans, 3, "a");
	set(ans, 5, "b");
	set(ans, 7, "x");
	set(ans, 9, "c");
	qf_problem *found;
	size_t n = qf_check(A, &f, ans, qf_settle(A, &f, ans), true, &found);
	assert_int_equal(n, 1); /* the second medication has one dose of two; the first two */
	assert_int_equal(found[0].item, 8);
	assert_string_equal(found[0].key, "questionnaires.error.min_instances");
	assert_int_equal(found[0].limit, 2);
}

#define FORMULAS "http://ehelse.no/scoringFormulas"
#define SCORED_OPTION(code, score)                                                    \
	"{'valueCoding':{'code':'" code "','display':'" code "','extension':[{'url':" \
	"'http://hl7.org/fhir/StructureDefinition/ordinalValue','valueDecimal':" score "}]}}"

static void a_section_score_sums_its_own_instance(void **state)
{
	(void)state;
	qf_form def, f;
	parses(dq("{'resourceType':'Questionnaire','url':'https://e.org/s','version':'1','title':'T','status':'active',"
	          "'item':[{'linkId':'uke','type':'group','text':'Uke','repeats':true,'item':[{'linkId':'q','type':"
	          "'choice','text':'Q','code':[{'system':'" FORMULAS
	          "','code':'QS'}],'answerOption':[" SCORED_OPTION("a", "1") "," SCORED_OPTION(
	              "b", "3") "]},{'linkId':'ss','type':'integer','text':'Sum',"
	                        "'code':[{'system':'" FORMULAS
	                        "','code':'SS'}]},{'linkId':'ts','type':'integer','text':'Alt',"
	                        "'code':[{'system':'" FORMULAS "','code':'TS'}]}]}]}"),
	       &def);
	/* uke 0: q 1, ss 2, ts 3; uke 4: q 5, ss 6, ts 7; uke 8: q 9, ss 10, ts 11. */
	assert_true(qf_expand(A, &def, counts(1, "0=3"), &f));
	qf_answer *ans = no_answers(&f);
	set(ans, 1, "a");
	set(ans, 5, "b");
	qf_settle(A, &f, ans);
	value_is(&f, ans, 2, "1");
	value_is(&f, ans, 6, "3");
	value_is(&f, ans, 10, NULL); /* an instance with nothing answered has no score */
	value_is(&f, ans, 3, "4");   /* the total: the whole form */
	value_is(&f, ans, 7, "4");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(the_form_imports_and_expands_per_parent_instance),
	    cmocka_unit_test(counts_a_page_cannot_have_shown_are_refused),
	    cmocka_unit_test(calculated_values_are_per_instance),
	    cmocka_unit_test(the_response_nests_instances_and_reads_back),
	    cmocka_unit_test(add_another_and_the_key_after_saving),
	    cmocka_unit_test(min_occurs_holds_per_parent_instance),
	    cmocka_unit_test(a_section_score_sums_its_own_instance),
	};
	return cmocka_run_group_tests_name("questionnaire_nested", tests, setup, teardown);
}
