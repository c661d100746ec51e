/* test_questionnaire_national.c — the national portal's extensions
 * (domain/questionnaire_form.c): its calculated value
 * (http://ehelse.no/fhir/StructureDefinition/sdf-calculatedExpression: its
 * FHIRPath in valueString or valueExpression computes the item on the
 * server as SDC's calculatedExpression does; the item is read-only;
 * anything outside the subset, or on an item that is not a number, is
 * refused by name), its scoring by item code, and its published forms: a
 * Bundle, the questionnaire-level metadata, sdf-fhirpath prefill,
 * validationtext, the text itemControls and rendering-markdown
 * (web/qform_markdown.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/core.h"
#include "core/log.h"
#include "domain/questionnaire_form.h"
#include "unit_qform.h"
#include "web/qform_markdown.h"

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
	        "item '3': calculatedExpression is supported on integer, decimal and quantity items only");
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
}

/* Helfo's EHIC order as published (tests/data/questionnaires/README.md):
 * the Questionnaire of the language given, read by the importer. */
static bool import_ehic(const char *language, qf_form *f, const char **error)
{
	size_t len;
	const char *text = data_file("helfo-ehic-v2.1.json", &len);
	qf_identity set = {.language = language};
	const char *compact;
	return qf_import_text(A, text, len, &set, f, &compact, error);
}

static const qf_item *item_named(const qf_form *f, const char *link_id)
{
	for (size_t i = 0; i < f->n; i++)
		if (str_eq(f->items[i].link_id, link_id))
			return &f->items[i];
	fail_msg("no item %s", link_id);
	return NULL;
}

static void a_bundle_gives_the_questionnaire_of_its_language(void **state)
{
	(void)state;
	qf_form f;
	const char *error = NULL;
	assert_false(import_ehic(NULL, &f, &error));
	assert_string_equal(error,
	                    "the bundle holds 3 questionnaires (nb-NO, nn-NO, en-GB): choose one with --language");
	assert_false(import_ehic("de", &f, &error));
	assert_string_equal(error,
	                    "the bundle holds no questionnaire in the language 'de' (it holds nb-NO, nn-NO, en-GB)");
	assert_false(import_ehic("nn-NO", &f, &error));
	assert_non_null(strstr(error, "the questionnaire's language 'nn-NO' is not supported"));
	if (!import_ehic("nb-no", &f, &error))
		fail_msg("refused: %s", error);
	assert_string_equal(f.identity, "HELFO_EHIC");
	assert_string_equal(f.language, "nb");

	const char *other = "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"ValueSet\"}}]}";
	const char *compact;
	assert_false(qf_import_text(A, other, strlen(other), NULL, &f, &compact, &error));
	assert_string_equal(error, "the bundle's entry 0 is a ValueSet, not a Questionnaire");
	const char *plain = "{\"resourceType\":\"Questionnaire\"}";
	qf_identity set = {.language = "nb-NO"};
	assert_false(qf_import_text(A, plain, strlen(plain), &set, &f, &compact, &error));
	assert_string_equal(error, "--language picks a questionnaire of a Bundle, and this is not one");
}

static void the_published_form_reads_as_the_portal_shows_it(void **state)
{
	(void)state;
	qf_form f;
	const char *error = NULL;
	if (!import_ehic("nb-NO", &f, &error))
		fail_msg("refused: %s", error);
	assert_true(f.subject_only); /* sdf-canbeperformedby 2 */
	const qf_item *intro = item_named(&f, "INTRO_TEKST"), *fnr = item_named(&f, "FNR"),
	              *who = item_named(&f, "HVEM_BESTILLES_FOR"),
	              *inline_text = item_named(&f, "17e0a2dd-46ad-483a-8036-68996f7efd24"),
	              *inside = item_named(&f, "f90495d2-b755-420e-8096-13324a5f71f3"),
	              *side = item_named(&f, "SIDEBAR_3");
	/* `text` items with highlight, inline and sidebar are texts, not questions. */
	assert_int_equal(intro->type, QF_DISPLAY);
	assert_int_equal(intro->show, QF_SHOW_HIGHLIGHT);
	assert_false(intro->read_only);
	assert_int_equal(inline_text->type, QF_DISPLAY);
	assert_int_equal(inline_text->show, QF_SHOW_INLINE);
	assert_int_equal(inside->group, (int)(inline_text - f.items));
	assert_int_equal(side->show, QF_SHOW_SIDEBAR);
	/* A text without `text` takes its Markdown's. */
	assert_string_equal(side->text_nb, side->markdown);
	assert_non_null(strstr(intro->markdown, "[EU/EØS-land](https://"));
	/* The identity number from the Patient (sdf-fhirpath), read-only. */
	assert_true(fnr->read_only);
	assert_non_null(fnr->prefill);
	qf_person marius = {.nin = "12848649994", .given_name = "Marius", .family_name = "Berg"};
	json_t *patient = qf_patient_json(&marius);
	qf_prefill(A, &f, patient);
	json_decref(patient);
	assert_int_equal(fnr->ninitial, 1);
	assert_string_equal(fnr->initial[0], "12848649994");
	/* check-box: several answers; validationtext: the form's message. */
	assert_true(who->repeats);
	assert_string_equal(who->validation_text, "Velg ett eller flere av alternativene.");
}

/* A questionnaire with the extensions (JSON members) at its top and one
 * string item with item_ext. */
static const char *portal_form(const char *root_ext, const char *item_ext)
{
	return arena_printf(A,
	                    "{\"resourceType\":\"Questionnaire\",\"name\":\"HN\",\"version\":\"1\",\"title\":\"T\","
	                    "\"status\":\"active\",\"extension\":[%s],\"item\":[{\"linkId\":\"s\",\"type\":\"string\","
	                    "\"text\":\"S\",\"extension\":[%s]}]}",
	                    root_ext, item_ext);
}

#define META(name, system, code)                                                                             \
	"{\"url\":\"http://ehelse.no/fhir/StructureDefinition/sdf-" name "\",\"valueCoding\":{\"system\":\"" \
	"http://ehelse.no/fhir/ValueSet/" system "\",\"code\":\"" code "\"}}"
#define BUTTONS(code)                                                                                          \
	"{\"url\":\"http://helsenorge.no/fhir/StructureDefinition/sdf-presentationbuttons\",\"valueCoding\":{" \
	"\"code\":\"" code "\"}}"
#define FHIRPATH(expr) \
	"{\"url\":\"http://ehelse.no/fhir/StructureDefinition/sdf-fhirpath\",\"valueString\":\"" expr "\"}"

static void metadata_is_honoured_or_refused_by_value(void **state)
{
	(void)state;
	qf_form f;
	parses(portal_form(META("canbeperformedby", "CanBePerformedBy", "1") "," META(
	                       "authenticationrequirement", "AuthenticationRequirement", "3") "," BUTTONS("sticky"),
	                   ""),
	       &f);
	assert_false(f.subject_only);
	parses(portal_form(META("canbeperformedby", "CanBePerformedBy", "2"), ""), &f);
	assert_true(f.subject_only);
	refused(portal_form(META("canbeperformedby", "CanBePerformedBy", "3"), ""),
	        "the extension http://ehelse.no/fhir/StructureDefinition/sdf-canbeperformedby with the value '3' is "
	        "not supported");
	refused(portal_form(META("authenticationrequirement", "AuthenticationRequirement", "1"), ""),
	        "sdf-authenticationrequirement with the value '1' is not supported");
	refused(portal_form(BUTTONS("none"), ""), "sdf-presentationbuttons with the value 'none' is not supported");
	refused(portal_form("{\"url\":\"http://ehelse.no/fhir/StructureDefinition/sdf-generatenarrative\","
	                    "\"valueBoolean\":true}",
	                    ""),
	        "sdf-generatenarrative with the value 'true (helsami writes no narrative)' is not supported");
	refused(portal_form(META("discretion", "Discretion", "0"), ""),
	        "the extension http://ehelse.no/fhir/StructureDefinition/sdf-discretion is not supported");
}

static void sdf_fhirpath_prefills_from_the_patient_and_the_one_acting(void **state)
{
	(void)state;
	qf_form f;
	parses(portal_form("", FHIRPATH("Patient.name.where(use = 'official').text")), &f);
	qf_person p = {.nin = "12848649994", .given_name = "Marius", .family_name = "Berg"};
	json_t *patient = qf_patient_json(&p);
	qf_prefill(A, &f, patient);
	json_decref(patient);
	assert_int_equal(f.items[0].ninitial, 1);
	assert_string_equal(f.items[0].initial[0], "Marius Berg");
	/* RelatedPerson: the representative acting, name and identifier only;
	 * nothing when the patient answers themself. */
	parses(portal_form("", FHIRPATH("RelatedPerson.identifier.where(use = 'official').value")), &f);
	qf_person mother = {.nin = "03898849863", .given_name = "Silje", .family_name = "Berg"};
	patient = qf_patient_json(&p);
	json_t *acting = qf_related_person_json(&mother);
	qf_prefill_acting(A, &f, patient, acting);
	assert_int_equal(f.items[0].ninitial, 1);
	assert_string_equal(f.items[0].initial[0], "03898849863");
	qf_prefill_acting(A, &f, patient, NULL);
	assert_int_equal(f.items[0].ninitial, 0);
	json_decref(acting);
	json_decref(patient);
	refused(portal_form("", FHIRPATH("RelatedPerson.birthDate")),
	        "item 's': sdf-fhirpath 'RelatedPerson.birthDate': 'birthDate' is not a member helsami fills");
	refused(portal_form("", FHIRPATH("%representative.name.text")),
	        "the variable %representative is not defined");
	refused(portal_form("", FHIRPATH("%patient.gender")), "'gender' is not a member helsami fills");
	refused(portal_form("", "{\"url\":\"http://ehelse.no/fhir/StructureDefinition/sdf-fhirpath\"}"),
	        "sdf-fhirpath needs a valueString");
	refused(portal_form("", "{\"url\":\"http://ehelse.no/fhir/StructureDefinition/validationtext\"}"),
	        "validationtext needs a valueString");
}

static void portal_texts_and_whole_bounds(void **state)
{
	(void)state;
	qf_form f;
	/* A read-only `text` item with the help control under a question is its
	 * help text, its maxLength moot (NHN_Testskjema_Tall); a whole minValue
	 * bounds a decimal; a quantity starts from a valueDecimal in its unit. */
	parses(
	    "{\"resourceType\":\"Questionnaire\",\"name\":\"HN\",\"version\":\"1\",\"title\":\"T\",\"status\":"
	    "\"active\",\"item\":[{\"linkId\":\"d\",\"type\":\"decimal\",\"text\":\"D\",\"extension\":[{\"url\":"
	    "\"http://hl7.org/fhir/StructureDefinition/minValue\",\"valueInteger\":100}],\"item\":[{\"linkId\":\"h\","
	    "\"type\":\"text\",\"readOnly\":true,\"maxLength\":250,\"_text\":{\"extension\":[{\"url\":\"http://hl7.org/"
	    "fhir/"
	    "StructureDefinition/rendering-markdown\",\"valueMarkdown\":\"HJELP!\"}]},\"extension\":[{\"url\":\"http://"
	    "hl7.org/fhir/StructureDefinition/questionnaire-itemControl\",\"valueCodeableConcept\":{\"coding\":[{"
	    "\"code\":\"help\"}]}}]}]},{\"linkId\":\"q\",\"type\":\"quantity\",\"text\":\"Q\",\"initial\":[{"
	    "\"valueDecimal\":11.5}],\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/"
	    "questionnaire-unit\","
	    "\"valueCoding\":{\"code\":\"kg\"}}]}]}",
	    &f);
	assert_string_equal(f.items[0].min_value, "100");
	assert_int_equal(f.items[2].ninitial, 1);
	assert_string_equal(f.items[2].initial[0], "11.5");
	assert_int_equal(f.items[1].type, QF_DISPLAY);
	assert_true(f.items[1].help);
	assert_string_equal(f.items[1].text_nb, "HJELP!");
	/* A `text` item with such a control but required is a question no more: refused. */
	refused("{\"resourceType\":\"Questionnaire\",\"name\":\"HN\",\"version\":\"1\",\"title\":\"T\",\"status\":"
	        "\"active\",\"item\":[{\"linkId\":\"s\",\"type\":\"string\",\"text\":\"S\"},{\"linkId\":\"t\",\"type\":"
	        "\"text\",\"text\":\"T\",\"required\":true,\"extension\":[{\"url\":\"http://hl7.org/fhir/"
	        "StructureDefinition/questionnaire-itemControl\",\"valueCodeableConcept\":{\"coding\":[{\"code\":"
	        "\"highlight\"}]}}]}]}",
	        "item 't': only questions and groups can be required");
}

/* The blocks of md as compact JSON. */
static const char *blocks(const char *md)
{
	json_t *b = qform_markdown_blocks(md);
	char *text = json_dumps(b, JSON_COMPACT);
	const char *out = arena_strdup(A, text);
	free(text);
	json_decref(b);
	return out;
}

#define SPAN(text, strong, em, href) \
	"{\"text\":\"" text "\",\"strong\":" strong ",\"em\":" em ",\"href\":" href ",\"br\":false}"
#define PLAIN(text) SPAN(text, "false", "false", "null")
#define PARA(spans) "{\"para\":true,\"heading\":false,\"list\":false,\"spans\":[" spans "],\"entries\":[]}"

static void markdown_is_a_model_never_markup(void **state)
{
	(void)state;
	/* Raw HTML stays text (the template escapes it). */
	assert_string_equal(blocks("<script>alert(1)</script>"), "[" PARA(PLAIN("<script>alert(1)</script>")) "]");
	/* Strong and emphasis; an unmatched star is a star. */
	assert_string_equal(blocks("**Viktig** og *svært* 2 * 3"),
	                    "[" PARA(SPAN("Viktig", "true", "false", "null") "," PLAIN(" og ") "," SPAN(
	                        "svært", "false", "true", "null") "," PLAIN(" 2 * 3")) "]");
	/* Only an https link is a link; any other shows its address. */
	assert_string_equal(blocks("[Les mer](https://helsenorge.no/a)"),
	                    "[" PARA(SPAN("Les mer", "false", "false", "\"https://helsenorge.no/a\"")) "]");
	assert_string_equal(blocks("[Trykk](javascript:alert(1))"),
	                    "[" PARA(PLAIN("Trykk") "," PLAIN(" (javascript:alert(1)") "," PLAIN(")")) "]");
	assert_string_equal(blocks("[Se](http://e.org)"), "[" PARA(PLAIN("Se") "," PLAIN(" (http://e.org)")) "]");
	/* A heading is a bold paragraph's worth; a list; paragraphs; a hard line break. */
	assert_string_equal(
	    blocks("### Tittel\r\n\r\n*   en\n*   to\n\nlinje  \nneste\nsamme"),
	    "[{\"para\":false,\"heading\":true,\"list\":false,\"spans\":[" PLAIN(
	        "Tittel") "],\"entries\":[]},{\"para\":false,\"heading\":false,\"list\":true,\"spans\":[],"
	                  "\"entries\":[{\"spans\":[" PLAIN("en") "]},{\"spans\":[" PLAIN("to") "]}]}," PARA(
	                      PLAIN("linje") ",{\"text\":\"\",\"strong\":false,\"em\":"
	                                     "false,\"href\":null,\"br\":true}," PLAIN("neste") "," PLAIN(
	                                         " ") "," PLAIN("samme")) "]");
	/* A label's run of spans. */
	json_t *spans = qform_markdown_spans("**Bestilles for:**");
	char *text = json_dumps(spans, JSON_COMPACT);
	assert_string_equal(text, "[" SPAN("Bestilles for:", "true", "false", "null") "]");
	free(text);
	json_decref(spans);
}

/* ---- the portal's display settings, sublabels, decimals, copies, the age ---------------- */

#define SETTING(name, code)                                                                  \
	"{\"url\":\"http://helsenorge.no/fhir/StructureDefinition/sdf-" name "\",\"valueCoding\":{" \
	"\"system\":\"http://helsenorge.no/fhir/ValueSet/sdf-" name "\",\"code\":\"" code "\"}}"
#define VISIBILITY(codes)                                                                           \
	"{\"url\":\"http://helsenorge.no/fhir/StructureDefintion/sdf-itemControl-visibility\","   \
	"\"valueCodeableConcept\":{\"coding\":[" codes "]}}"
#define RENDER(code) "{\"system\":\"http://helsenorge.no/fhir/CodeSystem/AttachmentRenderOptions\",\"code\":\"" code "\"}"

static void display_settings_are_honoured_or_refused_by_value(void **state)
{
	(void)state;
	qf_form f;
	parses(portal_form(SETTING("sidebar", "1") "," SETTING("information-message", "1") "," VISIBILITY(
	                       RENDER("hide-help") "," RENDER("hide-sublabel") "," RENDER("hide-sidebar") "," RENDER(
	                           "hide-progress")),
	                   ""),
	       &f);
	refused(portal_form(SETTING("sidebar", "2"), ""),
	        "the extension http://helsenorge.no/fhir/StructureDefinition/sdf-sidebar with the value '2' is not "
	        "supported");
	refused(portal_form(SETTING("information-message", "0"), ""),
	        "sdf-information-message with the value '0' is not supported");
	refused(portal_form("{\"url\":\"http://helsenorge.no/fhir/StructureDefinition/sdf-sidebar\"}", ""),
	        "sdf-sidebar with the value '(without a valueCoding)' is not supported");
	/* A code 1 of another system is not the portal's. */
	refused(portal_form("{\"url\":\"http://helsenorge.no/fhir/StructureDefinition/sdf-sidebar\",\"valueCoding\":{"
	                    "\"system\":\"http://example.org/x\",\"code\":\"1\"}}",
	                    ""),
	        "sdf-sidebar with the value '1' is not supported");
	refused(portal_form(VISIBILITY(RENDER("hide-help") "," RENDER("hide-everything")), ""),
	        "sdf-itemControl-visibility with the value 'hide-everything' is not supported");
	refused(portal_form(VISIBILITY(""), ""), "sdf-itemControl-visibility with the value '(without a coding)'");
	refused(portal_form(VISIBILITY("{\"system\":\"http://example.org/x\",\"code\":\"hide-help\"}"), ""),
	        "sdf-itemControl-visibility with the value 'hide-help' is not supported");
}

/* A form of one item of the type given, with the extensions given. */
static const char *one_item(const char *type, const char *ext)
{
	return arena_printf(A,
	                    "{\"resourceType\":\"Questionnaire\",\"name\":\"HN\",\"version\":\"1\",\"title\":\"T\","
	                    "\"status\":\"active\",\"item\":[{\"linkId\":\"q\",\"type\":\"%s\",\"text\":\"Q\",%s"
	                    "\"extension\":[%s]}]}",
	                    type,
	                    str_eq(type, "group") ? "\"item\":[{\"linkId\":\"i\",\"type\":\"string\",\"text\":\"I\"}]," : "",
	                    ext);
}

#define SUBLABEL(md) "{\"url\":\"http://helsenorge.no/fhir/StructureDefinition/sdf-sublabel\",\"valueMarkdown\":" md "}"
#define DECIMALS(v) "{\"url\":\"http://hl7.org/fhir/StructureDefinition/maxDecimalPlaces\",\"valueInteger\":" v "}"
#define KG                                                                                                   \
	"{\"url\":\"http://hl7.org/fhir/StructureDefinition/questionnaire-unit\",\"valueCoding\":{\"system\":" \
	"\"http://unitsofmeasure.org\",\"code\":\"kg\",\"display\":\"kilo\"}}"

/* The key qf_check_answer gives value on the form's only item (NULL: fine), and the number it names. */
static const char *check_one(const qf_form *f, const char *value, size_t *max)
{
	const char *v[] = {value};
	qf_answer ans = {v, 1};
	return qf_check_answer(A, &f->items[0], &ans, true, max);
}

static void sublabels_and_decimal_places(void **state)
{
	(void)state;
	qf_form f;
	size_t max;
	parses(one_item("decimal", SUBLABEL("\"Skriv **vekten**\"") "," DECIMALS("2")), &f);
	assert_string_equal(f.items[0].sublabel, "Skriv **vekten**");
	assert_null(check_one(&f, "3,14", &max));
	assert_null(check_one(&f, "1,50", &max)); /* the number 1.5 */
	assert_string_equal(check_one(&f, "3,142", &max), "questionnaires.error.decimal_places");
	assert_int_equal(max, 2);
	parses(one_item("decimal", DECIMALS("0")), &f);
	assert_null(check_one(&f, "3", &max));
	assert_string_equal(check_one(&f, "3,5", &max), "questionnaires.error.whole_number");
	parses(one_item("quantity", KG "," DECIMALS("1")), &f);
	assert_null(check_one(&f, "72,5", &max));
	assert_string_equal(check_one(&f, "72,55", &max), "questionnaires.error.one_decimal");
	parses(one_item("integer", SUBLABEL("\"Hele år\"")), &f);
	assert_string_equal(f.items[0].sublabel, "Hele år");

	/* Hostile and misplaced values, each refused by name. */
	refused(one_item("string", DECIMALS("2")), "maxDecimalPlaces is for decimal and quantity items");
	refused(one_item("decimal", DECIMALS("-1")), "maxDecimalPlaces needs a valueInteger from 0 to 15");
	refused(one_item("decimal", DECIMALS("16")), "maxDecimalPlaces needs a valueInteger from 0 to 15");
	refused(one_item("decimal", DECIMALS("\"2\"")), "maxDecimalPlaces needs a valueInteger");
	refused(one_item("decimal", DECIMALS("2.5")), "maxDecimalPlaces needs a valueInteger");
	refused(one_item("decimal", DECIMALS("2") "," DECIMALS("3")), "maxDecimalPlaces is given twice");
	refused(one_item("group", SUBLABEL("\"x\"")), "sdf-sublabel is for questions");
	refused(one_item("string", SUBLABEL("\"\"")), "sdf-sublabel needs a valueMarkdown of 1 to 4000 characters");
	refused(one_item("string", SUBLABEL("42")), "sdf-sublabel needs a valueMarkdown");
	refused(one_item("string", SUBLABEL("\"a\"") "," SUBLABEL("\"b\"")), "sdf-sublabel is given twice");
}

#define RECEIVER                                                                                        \
	"{\"url\":\"http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl\","                 \
	"\"valueCodeableConcept\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/ValueSet/questionnaire-" \
	"item-control\",\"code\":\"data-receiver\"}]}}"
#define COPY(expr) "{\"url\":\"http://hl7.org/fhir/StructureDefinition/cqf-expression\",\"valueString\":\"" expr "\"}"
#define AT(id) "QuestionnaireResponse.descendants().where(linkId='" id "').answer.value"

/* Questions n, d and w (kilos), and their copies: into an integer, into a
 * decimal of one decimal place, a quantity (a copy, and a sum in kilos that
 * also has a calculatedExpression: the copy wins, as in refero). */
static const char *receivers(void)
{
	return "{\"resourceType\":\"Questionnaire\",\"name\":\"HN\",\"version\":\"1\",\"title\":\"T\","
	       "\"status\":\"active\",\"item\":["
	       "{\"linkId\":\"n\",\"type\":\"integer\",\"text\":\"N\"},"
	       "{\"linkId\":\"d\",\"type\":\"decimal\",\"text\":\"D\"},"
	       "{\"linkId\":\"w\",\"type\":\"quantity\",\"text\":\"W\",\"extension\":[" KG "]},"
	       "{\"linkId\":\"cn\",\"type\":\"integer\",\"text\":\"CN\",\"readOnly\":true,\"extension\":[" RECEIVER
	       "," COPY(AT("n")) "]},"
	       "{\"linkId\":\"cd\",\"type\":\"decimal\",\"text\":\"CD\",\"extension\":[" RECEIVER "," COPY(AT("d")) "," DECIMALS(
	           "1") "]},"
	       "{\"linkId\":\"cw\",\"type\":\"quantity\",\"text\":\"CW\",\"extension\":[" KG "," RECEIVER "," COPY(
	           AT("w")) "]},"
	       "{\"linkId\":\"sw\",\"type\":\"quantity\",\"text\":\"SW\",\"extension\":[" KG
	       ",{\"url\":\"" NATIONAL "\",\"valueString\":\"" AT("w") ".value * 2\"}," RECEIVER "," COPY(AT("w") ".value + 1") "]}"
	       "]}";
}

static void data_receivers_copy_another_items_value(void **state)
{
	(void)state;
	qf_form f;
	parses(receivers(), &f);
	for (size_t i = 3; i < 7; i++) {
		assert_true(f.items[i].data_receiver);
		assert_false(qf_is_input(&f.items[i]));
	}
	const char *n[] = {"7"}, *d[] = {"2,36"}, *w[] = {"70,5"};
	qf_answer ans[7] = {{n, 1}, {d, 1}, {w, 1}, {0}, {0}, {0}, {0}};
	qf_settle(A, &f, ans);
	const char *want[] = {"7", "2.4", "70.5", "71.5"};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(ans[3 + i].n, 1);
		assert_string_equal(ans[3 + i].values[0], want[i]);
	}
	/* Nothing to copy: nothing. */
	qf_answer none[7] = {{0}};
	qf_settle(A, &f, none);
	for (size_t i = 3; i < 7; i++)
		assert_int_equal(none[i].n, 0);

	/* A copy of a quantity in another unit gives nothing (helsami converts no units). */
	parses("{\"resourceType\":\"Questionnaire\",\"name\":\"HN\",\"version\":\"1\",\"title\":\"T\",\"status\":"
	       "\"active\",\"item\":[{\"linkId\":\"w\",\"type\":\"quantity\",\"text\":\"W\",\"extension\":[" KG "]},"
	       "{\"linkId\":\"c\",\"type\":\"quantity\",\"text\":\"C\",\"extension\":[{\"url\":\"http://hl7.org/fhir/"
	       "StructureDefinition/questionnaire-unit\",\"valueCoding\":{\"system\":\"http://unitsofmeasure.org\","
	       "\"code\":\"g\"}}," RECEIVER "," COPY(AT("w")) "]}]}",
	       &f);
	qf_answer grams[2] = {{w, 1}, {0}};
	qf_settle(A, &f, grams);
	assert_int_equal(grams[1].n, 0);

	/* Each without the other, on an item it does not fit, outside the subset: refused by name. */
	refused(one_item("integer", COPY(AT("q"))),
	        "cqf-expression is supported with the data-receiver itemControl only");
	refused(one_item("integer", RECEIVER), "the data-receiver itemControl needs a cqf-expression");
	refused(one_item("string", RECEIVER "," COPY(AT("q"))),
	        "cqf-expression is supported on integer, decimal and quantity items only");
	refused(one_item("string", RECEIVER "," COPY(AT("q"))), "with 'data-receiver' is not supported on this item");
	refused(one_item("integer", RECEIVER "," COPY("QuestionnaireResponse.descendants().select(linkId).count()")),
	        "cqf-expression 'QuestionnaireResponse.descendants().select(linkId).count()': the function select() "
	        "is not supported");
	refused(one_item("integer", RECEIVER "," COPY(AT("q")) "," COPY(AT("q"))), "two cqf-expressions on one item");
	refused(one_item("integer", RECEIVER "," "{\"url\":\"http://hl7.org/fhir/StructureDefinition/cqf-expression\"}"),
	        "cqf-expression needs a valueExpression in text/fhirpath");
}

static void the_age_prefills_numbers(void **state)
{
	(void)state;
	qf_person p = {.nin = "12848649994", .given_name = "Marius", .family_name = "Berg", .birth_date = "1986-04-12"};
	p.now = 1795341600; /* 2026-11-22 10:00 UTC */
	json_t *patient = qf_patient_json(&p);
	const char *types[] = {"integer", "decimal", "quantity"};
	for (size_t i = 0; i < ARRAY_LEN(types); i++) {
		qf_form f;
		parses(arena_printf(A,
		                    "{\"resourceType\":\"Questionnaire\",\"name\":\"HN\",\"version\":\"1\",\"title\":\"T\","
		                    "\"status\":\"active\",\"item\":[{\"linkId\":\"a\",\"type\":\"%s\",\"text\":\"Alder\","
		                    "\"readOnly\":true,\"extension\":[%s" FHIRPATH(
		                        "Patient.extension.where(url = "
		                        "'http://helsenorge.no/fhir/StructureDefinition/sdf-age').value") "]}]}",
		                    types[i], i == 2 ? KG "," : ""),
		       &f);
		qf_prefill(A, &f, patient);
		assert_int_equal(f.items[0].ninitial, 1);
		assert_string_equal(f.items[0].initial[0], "40");
	}
	json_decref(patient);
	/* Without a clock, no age: the item stays empty. */
	p.now = 0;
	patient = qf_patient_json(&p);
	assert_null(json_object_get(patient, "extension"));
	json_decref(patient);
	refused(portal_form("", FHIRPATH("Patient.gender")), "'gender' is not a member helsami fills");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(the_national_extension_calculates_on_the_server),
	    cmocka_unit_test(outside_the_subset_is_refused_by_name),
	    cmocka_unit_test(scoring_codes_sum_sections_and_the_whole_form),
	    cmocka_unit_test(scoring_codes_that_cannot_be_honoured_are_refused),
	    cmocka_unit_test(a_bundle_gives_the_questionnaire_of_its_language),
	    cmocka_unit_test(the_published_form_reads_as_the_portal_shows_it),
	    cmocka_unit_test(metadata_is_honoured_or_refused_by_value),
	    cmocka_unit_test(sdf_fhirpath_prefills_from_the_patient_and_the_one_acting),
	    cmocka_unit_test(portal_texts_and_whole_bounds),
	    cmocka_unit_test(markdown_is_a_model_never_markup),
	    cmocka_unit_test(display_settings_are_honoured_or_refused_by_value),
	    cmocka_unit_test(sublabels_and_decimal_places),
	    cmocka_unit_test(data_receivers_copy_another_items_value),
	    cmocka_unit_test(the_age_prefills_numbers),
	};
	return cmocka_run_group_tests_name("questionnaire_national", tests, setup, teardown);
}
