/* test_questionnaire_form.c — the FHIR Questionnaire subset
 * (domain/questionnaire_form.h): the demo questionnaires parse, English
 * comes from translations with bokmål as fallback, every refusal rule says
 * no with a message naming the problem, every answer type is checked, and
 * answers survive a round trip through a QuestionnaireResponse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/assets.h"
#include "core/core.h"
#include "core/log.h"
#include "domain/questionnaire_files.h"
#include "domain/questionnaire_form.h"
#include "unit_qform.h"
#include "web/i18n.h"

/* The shared arena's group, with the message catalog loaded. */
static int setup_with_catalog(void **state)
{
	return setup(state) == 0 && i18n_load() == ST_OK ? 0 : -1;
}

static int teardown_with_catalog(void **state)
{
	i18n_free();
	return teardown(state);
}

static bool parse(const char *json, qf_form *f, const char **error)
{
	return qf_parse(A, json, strlen(json), f, error);
}

/* ---- the demo questionnaires ---------------------------------------------------- */

static const qf_form *demo(const char *name)
{
	const struct asset *as = asset_find(name);
	if (as == NULL)
		fail_msg("no asset %s", name);
	qf_form *f = arena_alloc(A, sizeof *f);
	const char *error;
	if (!qf_parse(A, as->data, as->len, f, &error))
		fail_msg("%s: %s", name, error);
	return f;
}

static int find(const qf_form *f, const char *link_id)
{
	for (size_t i = 0; i < f->n; i++)
		if (str_eq(f->items[i].link_id, link_id))
			return (int)i;
	fail_msg("no item %s", link_id);
	return -1;
}

static void every_demo_questionnaire_parses(void **state)
{
	(void)state;
	static const struct {
		const char *name, *url;
		size_t n;
	} demos[] = {
	    {"questionnaire-for-timen.json", "https://helsami.example/Questionnaire/for-timen", 9},
	    {"questionnaire-for-vaksinasjon.json", "https://helsami.example/Questionnaire/for-vaksinasjon", 4},
	    {"questionnaire-sovn.json", "https://helsami.example/Questionnaire/sovnvaner", 4},
	    {"questionnaire-ungdom.json", "https://helsami.example/Questionnaire/helsesamtale-ungdom", 4},
	    {"questionnaire-phq9.json", "https://helsami.example/Questionnaire/phq9", 13},
	    {"questionnaire-travel-en.json", "https://helsami.example/Questionnaire/travel-vaccination-en", 5},
	    {"questionnaire-personalia.json", "https://helsami.example/Questionnaire/personalia", 6},
	    {"questionnaire-plager-skaring.json", "https://helsami.example/Questionnaire/plager-skaring", 9},
	};
	for (size_t d = 0; d < ARRAY_LEN(demos); d++) {
		const qf_form *f = demo(demos[d].name);
		assert_string_equal(f->url, demos[d].url);
		assert_string_equal(f->version, "1");
		assert_string_equal(f->status, "active");
		assert_int_equal(f->n, demos[d].n);
		for (size_t i = 0; i < f->n; i++) {
			assert_non_null(f->items[i].link_id);
			assert_non_null(f->items[i].text_nb);
			assert_non_null(f->items[i].text_en);
		}
	}

	const qf_form *f = demo("questionnaire-travel-en.json");
	assert_string_equal(f->language, "en");
	assert_string_equal(qf_title(f, LOCALE_NB), "Before your travel vaccination");
	assert_string_equal(qf_text_language(f, LOCALE_NB), "en");

	f = demo("questionnaire-for-timen.json");
	assert_string_equal(f->title_nb, "Før timen hos fastlegen");
	const qf_item *it = &f->items[find(f, "intro")];
	assert_int_equal(it->type, QF_DISPLAY);
	assert_false(qf_is_question(it));
	it = &f->items[find(f, "reason")];
	assert_int_equal(it->type, QF_TEXT);
	assert_true(it->required);
	assert_int_equal(it->max_length, 2000);
	int g = find(f, "medicines");
	assert_int_equal(g, 3);
	assert_int_equal(f->items[g].type, QF_GROUP);
	assert_false(qf_is_question(&f->items[g]));
	assert_int_equal(f->items[g].group, -1);
	/* A group is followed by its members. */
	assert_int_equal(find(f, "other-medicines"), g + 1);
	assert_int_equal(find(f, "which-medicines"), g + 2);
	assert_int_equal(f->items[g + 1].group, g);
	assert_int_equal(f->items[g + 1].type, QF_BOOLEAN);
	assert_int_equal(f->items[g + 2].group, g);
	assert_int_equal(f->items[g + 2].type, QF_STRING);
	assert_int_equal(f->items[g + 2].max_length, 300);
	assert_int_equal(f->items[find(f, "smoking")].group, -1);
	assert_int_equal(f->items[find(f, "weight")].type, QF_DECIMAL);
	it = &f->items[find(f, "duration")];
	assert_int_equal(it->type, QF_CHOICE);
	assert_false(it->repeats);
	assert_int_equal(it->noptions, 4);
	assert_string_equal(it->options[0].code, "lt1w");
	assert_string_equal(it->options[0].system, "https://helsami.example/CodeSystem/demo-answers");

	f = demo("questionnaire-sovn.json");
	it = &f->items[find(f, "hours")];
	assert_int_equal(it->type, QF_INTEGER);
	assert_true(it->required);
	it = &f->items[find(f, "factors")];
	assert_int_equal(it->type, QF_CHOICE);
	assert_true(it->repeats);
	assert_int_equal(it->noptions, 5);
	assert_int_equal(f->items[find(f, "since")].type, QF_DATE);
	it = &f->items[find(f, "comment")];
	assert_int_equal(it->type, QF_TEXT);
	assert_int_equal(it->max_length, QF_TEXT_ANSWER_MAX); /* the default */

	f = demo("questionnaire-for-vaksinasjon.json");
	assert_int_equal(f->items[find(f, "reaction-what")].max_length, 1000);
}

/* ---- languages ---------------------------------------------------------------- */

static void english_comes_from_translations(void **state)
{
	(void)state;
	const qf_form *f = demo("questionnaire-sovn.json");
	assert_string_equal(qf_title(f, LOCALE_NB), "Søvnvaner");
	assert_string_equal(qf_title(f, LOCALE_EN), "Sleep habits");
	const qf_item *it = &f->items[find(f, "hours")];
	assert_string_equal(qf_item_text(it, LOCALE_NB), "Hvor mange timer sover du vanligvis en natt?");
	assert_string_equal(qf_item_text(it, LOCALE_EN), "How many hours do you usually sleep a night?");
	it = &f->items[find(f, "factors")];
	assert_string_equal(qf_option_display(&it->options[2], LOCALE_NB), "Støy");
	assert_string_equal(qf_option_display(&it->options[2], LOCALE_EN), "Noise");

	f = demo("questionnaire-ungdom.json");
	assert_string_equal(qf_title(f, LOCALE_EN), "Health talk in year 8");
	it = &f->items[find(f, "wellbeing")];
	assert_string_equal(qf_option_display(&it->options[3], LOCALE_NB), "Dårlig");
}

#define EN(text)                                                                                                 \
	"{'extension':[{'url':'http://hl7.org/fhir/StructureDefinition/translation','extension':[{'url':'lang'," \
	"'valueCode':'en-GB'},{'url':'content','valueString':'" text "'}]}]}"
#define DE(text)                                                                                                 \
	"{'extension':[{'url':'http://hl7.org/fhir/StructureDefinition/translation','extension':[{'url':'lang'," \
	"'valueCode':'de'},{'url':'content','valueString':'" text "'}]}]}"

static void without_a_translation_english_falls_back_to_bokmal(void **state)
{
	(void)state;
	qf_form f;
	parses(js("{'resourceType':'Questionnaire','url':'u','version':'1','title':'Tittel','status':'draft',"
	          "'language':'nb-NO','_title':" DE(
	              "Titel") ","
	                       "'item':[{'linkId':'a','type':'choice','text':'Valg','_text':" EN(
	                           "Choice") ","
	                                     "'answerOption':[{'valueCoding':{'code':'x','display':'Ja'}},"
	                                     "{'valueCoding':{'code':'y','display':'Nei','_display':" EN(
	                                         "No") "}}]},"
	                                               "{'linkId':'b','type':'boolean','text':'Bare "
	                                               "norsk','_text':{'extension':[]}}]}"),
	       &f);
	assert_string_equal(f.status, "draft");
	assert_null(f.title_en); /* German is not English */
	assert_string_equal(qf_title(&f, LOCALE_EN), "Tittel");
	assert_string_equal(qf_item_text(&f.items[0], LOCALE_EN), "Choice"); /* en-GB counts */
	assert_string_equal(qf_item_text(&f.items[0], LOCALE_NB), "Valg");
	assert_null(f.items[0].options[0].display_en);
	assert_null(f.items[0].options[0].system);
	assert_string_equal(qf_option_display(&f.items[0].options[0], LOCALE_EN), "Ja");
	assert_string_equal(qf_option_display(&f.items[0].options[1], LOCALE_EN), "No");
	assert_string_equal(qf_option_display(&f.items[0].options[1], LOCALE_NB), "Nei");
	assert_null(f.items[1].text_en);
	assert_string_equal(qf_item_text(&f.items[1], LOCALE_EN), "Bare norsk");

	assert_string_equal(f.language, "nb");
	assert_false(f.translated); /* its title has no English */
	assert_string_equal(qf_text_language(&f, LOCALE_EN), "nb");
	assert_string_equal(qf_text_language(&f, LOCALE_NB), "nb");

	/* "no" is bokmål too; English is English (below); nothing else is, named. */
	parses(js("{'resourceType':'Questionnaire','url':'u','version':'1','title':'T','status':'retired',"
	          "'language':'no','item':[{'linkId':'a','type':'date','text':'Dato'}]}"),
	       &f);
	assert_string_equal(f.status, "retired");
	assert_string_equal(f.language, "nb");
	refused(js("{'resourceType':'Questionnaire','url':'u','version':'1','title':'T','status':'active',"
	           "'language':'nn','item':[{'linkId':'a','type':'date','text':'Dato'}]}"),
	        "the questionnaire's language 'nn' is not supported");
	refused(js("{'resourceType':'Questionnaire','url':'u','version':'1','title':'T','status':'active',"
	           "'language':'de-DE','item':[{'linkId':'a','type':'date','text':'Datum'}]}"),
	        "the questionnaire's language 'de-DE' is not supported");
	refused(js("{'resourceType':'Questionnaire','url':'u','version':'1','title':'T','status':'active',"
	           "'language':'english','item':[{'linkId':'a','type':'date','text':'Date'}]}"),
	        "the questionnaire's language 'english' is not supported");
	refused(js("{'resourceType':'Questionnaire','url':'u','version':'1','title':'T','status':'active',"
	           "'language':7,'item':[{'linkId':'a','type':'date','text':'Date'}]}"),
	        "the questionnaire's language '(not text)' is not supported");
	/* An English translation must itself be usable text. */
	refused(with_items("{'linkId':'a','type':'date','text':'Dato','_text':" EN("") "}"),
	        "item 'a': the English 'text' must be text");
}

#define NB(text)                                                                                                 \
	"{'extension':[{'url':'http://hl7.org/fhir/StructureDefinition/translation','extension':[{'url':'lang'," \
	"'valueCode':'nb'},{'url':'content','valueString':'" text "'}]}]}"

/* An English form (language en, en-GB, en-US): its own texts are English;
 * the nb slot holds a Norwegian translation where it has one, else the
 * English text. The response carries the English. */
static void an_english_form_is_english_with_norwegian_from_translations(void **state)
{
	(void)state;
	const char *tags[] = {"en", "en-GB", "en-US"};
	for (size_t i = 0; i < ARRAY_LEN(tags); i++) {
		qf_form f;
		parses(js(arena_printf(A,
		                       "{'resourceType':'Questionnaire','url':'u','version':'1','title':'Sleep',"
		                       "'status':'active','language':'%s','item':[{'linkId':'a','type':'date',"
		                       "'text':'Date'}]}",
		                       tags[i])),
		       &f);
		assert_string_equal(f.language, "en");
		assert_false(f.translated);
		assert_string_equal(f.title_en, "Sleep");
		assert_string_equal(f.title_nb, "Sleep"); /* the nb slot holds the English */
		assert_string_equal(qf_title(&f, LOCALE_NB), "Sleep");
		assert_string_equal(qf_item_text(&f.items[0], LOCALE_NB), "Date");
		assert_string_equal(qf_text_language(&f, LOCALE_NB), "en");
		assert_string_equal(qf_text_language(&f, LOCALE_EN), "en");
	}

	qf_form f;
	parses(
	    js("{'resourceType':'Questionnaire','url':'u','version':'1','title':'Sleep','_title':" NB(
	        "Søvn") ",'status':'active','language':'en','item':["
	                "{'linkId':'a','type':'choice','text':'Snoring?','_text':" NB(
	                    "Snorker du?") ",'answerOption':["
	                                   "{'valueCoding':{'code':'y','display':'Yes','_display':" NB(
	                                       "Ja") "}},{'valueCoding':{'code':'n','display':'No'}}]},"
	                                             "{'linkId':'b','type':'string','text':'Only English','_text':" EN(
	                                                 "Ignored") "},"
	                                                            "{'linkId':'c','type':'choice','text':'Vs',"
	                                                            "'answerValueSet':'#vs'}],"
	                                                            "'contained':[{'resourceType':'ValueSet','id':'vs',"
	                                                            "'compose':{'include':[{'system':'s','concept':["
	                                                            "{'code':'k','display':'Cat','designation':[{"
	                                                            "'language':'nb','value':'Katt'}]}]}]}}]}"),
	    &f);
	assert_true(f.translated);
	assert_string_equal(f.title_nb, "Søvn");
	assert_string_equal(f.title_en, "Sleep");
	assert_string_equal(qf_text_language(&f, LOCALE_NB), "nb");
	assert_string_equal(qf_text_language(&f, LOCALE_EN), "en");
	const qf_item *a = &f.items[0], *b = &f.items[1], *c = &f.items[2];
	assert_string_equal(qf_item_text(a, LOCALE_NB), "Snorker du?");
	assert_string_equal(qf_item_text(a, LOCALE_EN), "Snoring?");
	assert_string_equal(qf_option_display(&a->options[0], LOCALE_NB), "Ja");
	assert_string_equal(qf_option_display(&a->options[1], LOCALE_NB), "No");
	assert_string_equal(qf_option_display(&a->options[1], LOCALE_EN), "No");
	/* An English translation of an English form is not another language. */
	assert_string_equal(qf_item_text(b, LOCALE_NB), "Only English");
	assert_string_equal(qf_item_text(b, LOCALE_EN), "Only English");
	assert_string_equal(qf_option_display(&c->options[0], LOCALE_NB), "Katt");
	assert_string_equal(qf_option_display(&c->options[0], LOCALE_EN), "Cat");

	/* The response carries the form's own (English) texts. */
	qf_answer *ans = arena_alloc(A, f.n * sizeof *ans);
	memset(ans, 0, f.n * sizeof *ans);
	const char *yes[] = {"y"};
	ans[0] = (qf_answer){yes, 1};
	json_t *r = json_loads(qf_response_json(A, &f, ans, true, 0), 0, NULL);
	json_t *item = json_array_get(json_object_get(r, "item"), 0);
	assert_string_equal(json_string_value(json_object_get(item, "text")), "Snoring?");
	json_t *coding = json_object_get(json_array_get(json_object_get(item, "answer"), 0), "valueCoding");
	assert_string_equal(json_string_value(json_object_get(coding, "display")), "Yes");
	json_decref(r);

	/* A Norwegian translation must itself be usable text. */
	refused(js("{'resourceType':'Questionnaire','url':'u','version':'1','title':'T','status':'active',"
	           "'language':'en','item':[{'linkId':'a','type':'date','text':'Date','_text':" NB("") "}]}"),
	        "item 'a': the Norwegian 'text' must be text");
}

/* A file answer: written as a valueAttachment from the stored file's value,
 * read back to the same value; checked as the server's own; never in a
 * repeating group, never given a value by the form. */
/* An attachment item with its extensions (single-quoted JSON), parsed. */
static const qf_item *file_item(qf_form *f, const char *rest)
{
	parses(with_items(arena_printf(A, "{'linkId':'card','type':'attachment','text':'Kort'%s}", rest)), f);
	return &f->items[0];
}

#define MAX_SIZE(v) "{'url':'http://hl7.org/fhir/StructureDefinition/maxSize','valueDecimal':" v "}"
#define MIME(v) "{'url':'http://hl7.org/fhir/StructureDefinition/mimeType','valueCode':'" v "'}"
#define OCCURS(which, v) \
	"{'url':'http://hl7.org/fhir/StructureDefinition/questionnaire-" which "','valueInteger':" v "}"

/* Several files a item (repeats), how many (minOccurs/maxOccurs, within
 * QF_ITEM_FILES_MAX), as the answers are checked. */
static void repeating_attachment_items(void **state)
{
	(void)state;
	qf_form f;
	const qf_item *it = file_item(&f, "");
	assert_int_equal(qf_files_max(it), 1);
	it = file_item(&f, ",'repeats':true,'required':true");
	assert_int_equal(qf_files_max(it), QF_ITEM_FILES_MAX);
	const char *v[QF_ITEM_FILES_MAX + 1];
	for (size_t i = 0; i < ARRAY_LEN(v); i++)
		v[i] =
		    qf_attachment_value(A, &(qf_attachment){arena_printf(A, "/questionnaires/1/attachments/%zu", i + 1),
		                                            "application/pdf", "a.pdf", 10});
	size_t max;
	qf_answer five = {v, QF_ITEM_FILES_MAX}, six = {v, QF_ITEM_FILES_MAX + 1}, none = {0};
	assert_null(qf_check_answer(A, it, &five, true, &max));
	assert_string_equal(qf_check_answer(A, it, &six, false, &max), "upload.error.too_many_files");
	assert_int_equal(max, QF_ITEM_FILES_MAX);
	assert_string_equal(qf_check_answer(A, it, &none, true, &max), "form.error.required");

	it = file_item(&f, ",'repeats':true,'extension':[" OCCURS("minOccurs", "2") "," OCCURS("maxOccurs", "3") "]");
	assert_int_equal(qf_files_max(it), 3);
	qf_answer one = {v, 1}, four = {v, 4};
	assert_string_equal(qf_check_answer(A, it, &one, true, &max), "questionnaires.error.min_files");
	assert_int_equal(max, 2);
	assert_null(qf_check_answer(A, it, &one, false, &max)); /* a draft may have fewer */
	assert_string_equal(qf_check_answer(A, it, &four, false, &max), "upload.error.too_many_files");
	assert_int_equal(max, 3);
	assert_null(qf_check_answer(A, it, &none, true, &max)); /* not required: none is fine */

	refused(with_items("{'linkId':'card','type':'attachment','text':'K','repeats':true,'extension':[" OCCURS(
	            "maxOccurs", "6") "]}"),
	        "item 'card': maxOccurs 6 is above the 5 files an attachment item takes");
	refused(with_items("{'linkId':'card','type':'attachment','text':'K','repeats':true,'extension':[" OCCURS(
	            "minOccurs", "6") "]}"),
	        "item 'card': minOccurs 6 can never be met (at most 5 files)");
	refused(
	    with_items("{'linkId':'card','type':'attachment','text':'K','extension':[" OCCURS("maxOccurs", "2") "]}"),
	    "item 'card': maxOccurs is for repeating questions and groups");
}

/* maxSize: bytes, or the national portal's megabytes under 1,024; never
 * above the upload limit. mimeType: of PDF, JPEG and PNG. */
static void attachment_size_and_types(void **state)
{
	(void)state;
	qf_form f;
	assert_int_equal(qf_file_max(file_item(&f, "")), UPLOAD_FILE_MAX);
	/* refero's test forms (helsenorge/refero preview/skjema) write 5 for 5 MB: above the limit, it is the limit. */
	assert_int_equal(qf_file_max(file_item(&f, ",'extension':[" MAX_SIZE("5") "]")), UPLOAD_FILE_MAX);
	assert_int_equal(qf_file_max(file_item(&f, ",'extension':[" MAX_SIZE("2") "]")), 2 * 1024 * 1024);
	assert_int_equal(qf_file_max(file_item(&f, ",'extension':[" MAX_SIZE("0.5") "]")), 512 * 1024);
	assert_int_equal(qf_file_max(file_item(&f, ",'extension':[" MAX_SIZE("500000") "]")), 500000);
	assert_int_equal(qf_file_max(file_item(&f, ",'extension':[" MAX_SIZE("1024") "]")), 1024);
	assert_int_equal(qf_file_max(file_item(&f, ",'extension':[" MAX_SIZE("10000000") "]")), UPLOAD_FILE_MAX);
	refused(with_items("{'linkId':'card','type':'attachment','text':'K','extension':[" MAX_SIZE("0") "]}"),
	        "item 'card': maxSize needs a valueDecimal above 0 (bytes)");
	refused(with_items("{'linkId':'card','type':'attachment','text':'K','extension':[" MAX_SIZE("'5'") "]}"),
	        "maxSize needs a valueDecimal above 0");
	refused(with_items("{'linkId':'card','type':'attachment','text':'K','extension':[" MAX_SIZE("2") "," MAX_SIZE(
	            "3") "]}"),
	        "maxSize is given twice");
	refused(with_items("{'linkId':'s','type':'string','text':'S','extension':[" MAX_SIZE("2") "]}"),
	        "item 's': the extension http://hl7.org/fhir/StructureDefinition/maxSize is for attachment items");

	const qf_item *it = file_item(&f, ",'extension':[" MIME("application/pdf") "]");
	assert_int_equal(it->file_types, QF_FILE_PDF);
	assert_string_equal(qf_file_accept(A, it), "application/pdf");
	/* PDF and Word: PDF is taken, and the page says so. */
	it = file_item(&f, ",'extension':[" MIME("application/msword") "," MIME("application/pdf") "]");
	assert_int_equal(it->file_types, QF_FILE_PDF);
	it = file_item(&f, ",'extension':[" MIME("image/png") "," MIME("image/jpeg") "]");
	assert_string_equal(qf_file_accept(A, it), "image/jpeg,image/png");
	size_t n;
	const char **names = qf_file_type_names(A, it, &n);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "JPEG");
	it = file_item(&f, ",'extension':[" MIME("image/png") "," MIME("application/pdf") "," MIME("image/jpeg") "]");
	assert_int_equal(it->file_types, 0); /* all three: as without */
	refused(with_items("{'linkId':'card','type':'attachment','text':'K','extension':[" MIME(
	            "application/msword") "," MIME("image/gif") "]}"),
	        "item 'card': mimeType allows only application/msword, image/gif, which helsami does not take");
	refused(with_items("{'linkId':'s','type':'string','text':'S','extension':[" MIME("application/pdf") "]}"),
	        "item 's': the extension http://hl7.org/fhir/StructureDefinition/mimeType is for attachment items");
}

/* A posted file against the item's rules: the shared ones first, then
 * mimeType, then maxSize, each with its message's {max}. */
static void a_file_meets_its_items_rules(void **state)
{
	(void)state;
	static const char pdf[] = "%PDF-1.4\n%%EOF\n";
	static const char png[] = "\x89PNG\r\n\x1a\n0000";
	uint8_t *big = arena_alloc(A, 3 * 1024 * 1024);
	memset(big, 'x', 3 * 1024 * 1024);
	memcpy(big, pdf, 5);
	upload_file a_pdf = {"a.pdf", (const uint8_t *)pdf, sizeof pdf - 1},
	            a_png = {"a.png", (const uint8_t *)png, sizeof png - 1},
	            a_gif = {"a.gif", (const uint8_t *)"GIF89a", 6}, empty = {"e.pdf", (const uint8_t *)"", 0},
	            three_mb = {"big.pdf", big, 3 * 1024 * 1024}, kb600 = {"k.pdf", big, 600000};
	qf_form f;
	int64_t max;
	const qf_item *it = file_item(&f, "");
	assert_null(qf_file_problem(A, it, &a_pdf, &max));
	assert_null(qf_file_problem(A, it, &three_mb, &max));
	assert_string_equal(qf_file_problem(A, it, &a_gif, &max), "upload.error.file_type");
	assert_string_equal(qf_file_problem(A, it, &empty, &max), "upload.error.file_empty");

	it = file_item(&f, ",'extension':[" MIME("image/png") "]");
	assert_string_equal(qf_file_problem(A, it, &a_pdf, &max), "questionnaires.error.file_type.png");
	assert_null(qf_file_problem(A, it, &a_png, &max));
	it = file_item(&f, ",'extension':[" MIME("image/png") "," MIME("image/jpeg") "]");
	assert_string_equal(qf_file_problem(A, it, &a_pdf, &max), "questionnaires.error.file_type.jpeg_png");
	it = file_item(&f, ",'extension':[" MIME("application/pdf") "," MIME("application/msword") "]");
	assert_string_equal(qf_file_problem(A, it, &a_png, &max), "questionnaires.error.file_type.pdf");

	it = file_item(&f, ",'extension':[" MAX_SIZE("2") "]");
	assert_string_equal(qf_file_problem(A, it, &three_mb, &max), "upload.error.file_too_large");
	assert_int_equal(max, 2);
	it = file_item(&f, ",'extension':[" MAX_SIZE("500000") "]");
	assert_string_equal(qf_file_problem(A, it, &kb600, &max), "questionnaires.error.file_too_large_kb");
	assert_int_equal(max, 488);
	assert_null(qf_file_problem(A, it, &a_pdf, &max));
	/* Every message the rules name is in the catalog, in both languages. */
	const char *keys[] = {"questionnaires.error.file_type.pdf",     "questionnaires.error.file_type.jpeg",
	                      "questionnaires.error.file_type.png",     "questionnaires.error.file_type.pdf_jpeg",
	                      "questionnaires.error.file_type.pdf_png", "questionnaires.error.file_type.jpeg_png",
	                      "questionnaires.error.file_too_large_kb", "questionnaires.error.min_files",
	                      "questionnaires.error.files_total",       "questionnaires.error.one_file",
	                      "questionnaires.error.file_not_saved"};
	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		assert_non_null(i18n_find(LOCALE_NB, keys[i]));
		assert_non_null(i18n_find(LOCALE_EN, keys[i]));
	}
}

static void attachment_items(void **state)
{
	(void)state;
	qf_form f;
	parses(js("{'resourceType':'Questionnaire','url':'u','version':'1','title':'T','status':'active',"
	          "'item':[{'linkId':'card','type':'attachment','text':'Kort','required':true},"
	          "{'linkId':'n','type':'string','text':'N'}]}"),
	       &f);
	assert_int_equal(f.items[0].type, QF_ATTACHMENT);
	assert_true(qf_has_attachment(&f));
	qf_attachment att = {.url = "/questionnaires/4/attachments/9",
	                     .content_type = "image/png",
	                     .size = 2048,
	                     .title = "kort med mellomrom.png"};
	const char *v = qf_attachment_value(A, &att);
	qf_attachment back;
	assert_true(qf_attachment_parse(A, v, &back));
	assert_string_equal(back.url, att.url);
	assert_string_equal(back.content_type, "image/png");
	assert_string_equal(back.title, "kort med mellomrom.png");
	assert_int_equal(back.size, 2048);
	const char *unreadable[] = {"", "x", "/u 0 image/png t", "/u 12 image/png", "/u x image/png t"};
	for (size_t i = 0; i < ARRAY_LEN(unreadable); i++)
		assert_false(qf_attachment_parse(A, unreadable[i], &back));

	qf_answer ans[2] = {{&v, 1}, {0}};
	size_t max;
	assert_null(qf_check_answer(A, &f.items[0], &ans[0], true, &max));
	const char *forged[] = {"remove"};
	qf_answer bad = {forged, 1};
	assert_string_equal(qf_check_answer(A, &f.items[0], &bad, true, &max), "form.error.unknown_field");
	qf_answer none = {0};
	assert_string_equal(qf_check_answer(A, &f.items[0], &none, true, &max), "form.error.required");

	const char *text = qf_response_json(A, &f, ans, true, 0);
	json_t *r = json_loads(text, 0, NULL);
	json_t *a =
	    json_object_get(json_array_get(json_object_get(json_array_get(json_object_get(r, "item"), 0), "answer"), 0),
	                    "valueAttachment");
	assert_string_equal(json_string_value(json_object_get(a, "url")), att.url);
	assert_string_equal(json_string_value(json_object_get(a, "contentType")), "image/png");
	assert_string_equal(json_string_value(json_object_get(a, "title")), att.title);
	assert_int_equal(json_integer_value(json_object_get(a, "size")), 2048);
	json_decref(r);
	qf_answer read[2];
	assert_true(qf_response_answers(A, &f, text, read));
	assert_int_equal(read[0].n, 1);
	assert_string_equal(read[0].values[0], v);

	refused(js("{'resourceType':'Questionnaire','url':'u','version':'1','title':'T','status':'active',"
	           "'item':[{'linkId':'g','type':'group','repeats':true,'text':'G','item':["
	           "{'linkId':'card','type':'attachment','text':'Kort'}]}]}"),
	        "item 'card': an attachment item within the repeating group 'g' is not supported");
	/* A question may follow whether a file was given, not what it is. */
	parses(js("{'resourceType':'Questionnaire','url':'u','version':'1','title':'T','status':'active',"
	          "'item':[{'linkId':'card','type':'attachment','text':'Kort'},{'linkId':'n','type':'string',"
	          "'text':'N','enableWhen':[{'question':'card','operator':'exists','answerBoolean':true}]}]}"),
	       &f);
	refused(js("{'resourceType':'Questionnaire','url':'u','version':'1','title':'T','status':'active',"
	           "'item':[{'linkId':'card','type':'attachment','text':'Kort'},{'linkId':'n','type':'string',"
	           "'text':'N','enableWhen':[{'question':'card','operator':'=','answerString':'x'}]}]}"),
	        "an attachment item takes no value here");
}

/* ---- what the parser refuses ------------------------------------------------------ */

#define Q1 "{'linkId':'q1','type':'boolean','text':'Spørsmål'}"

static void the_resource_itself_must_fit(void **state)
{
	(void)state;
	static const struct {
		const char *json, *want;
	} cases[] = {
	    {"{'resourceType':'Patient','url':'u','version':'1','title':'T','status':'active','item':[" Q1 "]}",
	     "not a Questionnaire"},
	    {"{'url':'u','version':'1','title':'T','status':'active','item':[" Q1 "]}", "not a Questionnaire"},
	    {"{'resourceType':'Questionnaire','version':'1','title':'T','status':'active','item':[" Q1 "]}",
	     "the questionnaire: it has neither 'url' nor 'name' to identify it"},
	    {"{'resourceType':'Questionnaire','name':'a|b','version':'1','title':'T','status':'active','item':[" Q1
	     "]}",
	     "a name that identifies it cannot hold '|'"},
	    {"{'resourceType':'Questionnaire','url':'','version':'1','title':'T','status':'active','item':[" Q1 "]}",
	     "'url' must be text of 1 to 255 characters"},
	    {"{'resourceType':'Questionnaire','url':7,'version':'1','title':'T','status':'active','item':[" Q1 "]}",
	     "'url' must be text"},
	    {"{'resourceType':'Questionnaire','url':'u','title':'T','status':'active','item':[" Q1 "]}",
	     "'version' is missing"},
	    {"{'resourceType':'Questionnaire','url':'u','version':'1','status':'active','item':[" Q1 "]}",
	     "'title' is missing"},
	    {"{'resourceType':'Questionnaire','url':'u','version':'1','title':'T','item':[" Q1 "]}",
	     "'status' is missing"},
	    {"{'resourceType':'Questionnaire','url':'u','version':'1','title':'T','status':'unknown','item':[" Q1 "]}",
	     "status must be draft, active or retired"},
	    {"{'resourceType':'Questionnaire','url':'u','version':'1','title':'T','status':'Active','item':[" Q1 "]}",
	     "status must be draft, active or retired"},
	    {"{'resourceType':'Questionnaire','url':'u','version':'1','title':'T','status':'active'}", "has no items"},
	    {"{'resourceType':'Questionnaire','url':'u','version':'1','title':'T','status':'active','item':[]}",
	     "has no items"},
	    {"{'resourceType':'Questionnaire','url':'u','version':'1','title':'T','status':'active','item':" Q1 "}",
	     "has no items"},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		refused(js(cases[i].json), cases[i].want);

	/* Lengths are counted in characters: 255 of "ø" (510 bytes) is a fine url. */
	char *url = arena_alloc(A, 2 * QF_URL_MAX + 3);
	for (size_t i = 0; i < QF_URL_MAX; i++)
		memcpy(url + 2 * i, "ø", 2);
	qf_form f;
	parses(js(arena_printf(A,
	                       "{'resourceType':'Questionnaire','url':'%s','version':'1','title':'T',"
	                       "'status':'active','item':[" Q1 "]}",
	                       url)),
	       &f);
	assert_int_equal(utf8_length(f.url), QF_URL_MAX);
	strcat(url, "x");
	refused(js(arena_printf(A,
	                        "{'resourceType':'Questionnaire','url':'%s','version':'1','title':'T',"
	                        "'status':'active','item':[" Q1 "]}",
	                        url)),
	        "'url' must be text of 1 to 255 characters");
	char title[QF_TITLE_MAX + 2];
	memset(title, 'T', sizeof title - 1);
	title[sizeof title - 1] = '\0';
	refused(js(arena_printf(A,
	                        "{'resourceType':'Questionnaire','url':'u','version':'1','title':'%s',"
	                        "'status':'active','item':[" Q1 "]}",
	                        title)),
	        "'title' must be text of 1 to 200 characters");
}

static void not_json_and_not_an_object(void **state)
{
	(void)state;
	refused("", "not JSON");
	refused("{", "not JSON");
	refused(with_items(Q1 ","), "not JSON");
	refused("\xff", "not JSON");
	/* Duplicate keys are refused rather than one silently winning. */
	refused(js("{'resourceType':'Questionnaire','url':'u','version':'1','title':'T','title':'U',"
	           "'status':'active','item':[" Q1 "]}"),
	        "duplicate");
	refused(with_items("{'linkId':'q1','type':'boolean','type':'string','text':'S'}"), "duplicate");
	refused("[]", "not a JSON object");
	refused("[{}]", "not a JSON object");
	/* jansson takes only an object or array as a whole text. */
	refused("\"Questionnaire\"", "not JSON");
	refused("null", "not JSON");
}

static void every_item_rule_is_refused(void **state)
{
	(void)state;
	static const struct {
		const char *items, *want;
	} cases[] = {
	    {"'q1'", "every item must be an object"},
	    {Q1 ",{'linkId':'q1','type':'string','text':'Igjen'}", "item 'q1': the linkId is used twice"},
	    {"{'linkId':'g','type':'group','text':'G','item':[{'linkId':'g','type':'string','text':'S'}]}",
	     "item 'g': the linkId is used twice"},
	    {"{'type':'boolean','text':'S'}", "an item: 'linkId' is missing"},
	    {"{'linkId':'','type':'boolean','text':'S'}", "'linkId' must be text of 1 to 255"},
	    {"{'linkId':'q1','text':'S'}", "item 'q1': type '(none)' is not supported"},
	    {"{'linkId':'q1','type':'reference','text':'S'}", "item 'q1': type 'reference' is not supported"},
	    {"{'linkId':'q1','type':'open-choice','text':'S','answerOption':[{'valueCoding':{'code':'a','display':'A'}}"
	     "]}",
	     "type 'open-choice' is not supported"},
	    {"{'linkId':'q1','type':'quantity','text':'S'}", "item 'q1': a quantity item needs its unit"},
	    {"{'linkId':'q1','type':'url','text':'S'}", "type 'url' is not supported"},
	    {"{'linkId':'q1','type':'dateTime','text':'S'}", "type 'dateTime' is not supported"},
	    {"{'linkId':'q1','type':'Boolean','text':'S'}", "type 'Boolean' is not supported"},
	    {"{'linkId':'q1','type':'boolean'}", "item 'q1': a question shown to the patient needs text"},
	    {"{'linkId':'d','type':'display'}," Q1, "item 'd': a display item needs text"},
	    {"{'linkId':'q1','type':'boolean','text':''}", "item 'q1': 'text' must be text of 1 to 1000"},
	    {Q1 ",{'linkId':'q2','type':'string','text':'S','enableWhen':[{'question':'nope','operator':'exists',"
	        "'answerBoolean':true}]}",
	     "item 'q2': enableWhen names the question 'nope', which is not in the form (at item[1])"},
	    {Q1 ",{'linkId':'q2','type':'string','text':'S','enableWhen':[{'question':'q1','operator':'~',"
	        "'answerBoolean':true}]}",
	     "enableWhen's operator '~' is unknown"},
	    {Q1 ",{'linkId':'q2','type':'string','text':'S','enableWhen':[{'question':'q1','operator':'=',"
	        "'answerString':'x'}]}",
	     "'answer' must be a answerBoolean matching the question's type"},
	    {Q1 ",{'linkId':'q2','type':'string','text':'S','enableWhen':[{'question':'q1','operator':'>',"
	        "'answerBoolean':true}]}",
	     "only = and != compare choices and yes/no answers"},
	    {Q1 ",{'linkId':'q2','type':'string','text':'S','enableWhen':[{'question':'q1','operator':'exists',"
	        "'answerBoolean':true},{'question':'q1','operator':'=','answerBoolean':true}]}",
	     "'enableBehavior' is needed with more than one enableWhen"},
	    {Q1 ",{'linkId':'q2','type':'string','text':'S','enableWhen':[{'question':'q2','operator':'exists',"
	        "'answerBoolean':true}]}",
	     "enableWhen names the item itself"},
	    {"{'linkId':'q1','type':'boolean','text':'S','enableBehavior':'all'}",
	     "'enableBehavior' without 'enableWhen'"},
	    {"{'linkId':'q1','type':'boolean','text':'S','enableBehavior':'some'}", "'enableBehavior' is any or all"},
	    {"{'linkId':'q1','type':'choice','text':'S','answerValueSet':'http://example.org/vs'}",
	     "item 'q1': the value set http://example.org/vs needs a terminology server"},
	    {"{'linkId':'q1','type':'boolean','text':'S','initial':[{'valueString':'x'}]}",
	     "item 'q1': 'value' must be a valueBoolean"},
	    {"{'linkId':'q1','type':'boolean','text':'S','initial':[{'valueBoolean':true},{'valueBoolean':false}]}",
	     "several initial values on a question that does not repeat"},
	    {"{'linkId':'q1','type':'choice','text':'S','initial':[{'valueCoding':{'code':'b'}}],"
	     "'answerOption':[{'valueCoding':{'code':'a','display':'A'}}]}",
	     "the initial value is not one of the answer options"},
	    {"{'linkId':'q1','type':'string','text':'S','readOnly':'yes'}", "'readOnly' are true or false"},
	    {"{'linkId':'d','type':'display','text':'D','readOnly':true}," Q1,
	     "item 'd': only questions can be read-only"},
	    {"{'linkId':'q1','type':'string','text':'S','extension':[{'url':'http://example.org/"
	     "x','valueString':'y'}]}",
	     "item 'q1': the extension http://example.org/x is not supported"},
	    {Q1 ",{'linkId':'g','type':'group','text':'G','item':[]}", "item 'g': a group needs items"},
	    {Q1 ",{'linkId':'g','type':'group','text':'G'}", "item 'g': a group needs items"},
	    {"{'linkId':'d','type':'display','text':'D','item':[{'linkId':'q2','type':'string','text':'T'}]}," Q1,
	     "item 'd': a display item holds no items"},
	    {Q1 ",{'linkId':'d','type':'display','text':'D','required':true}",
	     "item 'd': only questions and groups can be required"},
	    {"{'linkId':'q1','type':'boolean','text':'S','required':'yes'}",
	     "'required', 'repeats' and 'readOnly' are true or false"},
	    {"{'linkId':'q1','type':'boolean','text':'S','repeats':1}",
	     "'required', 'repeats' and 'readOnly' are true or false"},
	    {"{'linkId':'q1','type':'boolean','text':'S','repeats':true}",
	     "item 'q1': repeating boolean items are not supported"},
	    {"{'linkId':'g','type':'group','text':'G','repeats':true,'item':[{'linkId':'h','type':'group','text':'H',"
	     "'repeats':true,'item':[{'linkId':'j','type':'group','text':'J','repeats':true,'item':[{'linkId':'k',"
	     "'type':'group','text':'K','repeats':true,'item':[" Q1 "]}]}]}]}",
	     "item 'k': repeating groups more than 3 deep are not supported (within the repeating group 'j')"},
	    {"{'linkId':'g','type':'group','text':'G','repeats':true,'item':[" Q1 "]},{'linkId':'s','type':'string',"
	     "'text':'S','enableWhen':[{'question':'q1','operator':'exists','answerBoolean':true}]}",
	     "item 's': enableWhen names 'q1' within the repeating group 'g' from outside it"},
	    {"{'linkId':'q1','type':'choice','text':'S'}", "item 'q1': a choice item needs 1 to 50 answer options"},
	    {"{'linkId':'q1','type':'choice','text':'S','answerOption':[]}", "a choice item needs 1 to 50"},
	    {"{'linkId':'q1','type':'choice','text':'S','answerOption':[{'valueString':'a'}]}",
	     "item 'q1': every answer option must be a valueCoding"},
	    {"{'linkId':'q1','type':'choice','text':'S','answerOption':[{'valueCoding':'a'}]}",
	     "every answer option must be a valueCoding"},
	    {"{'linkId':'q1','type':'choice','text':'S','answerOption':[{'valueCoding':{'display':'A'}}]}",
	     "item 'q1': 'code' is missing"},
	    {"{'linkId':'q1','type':'choice','text':'S','answerOption':[{'valueCoding':{'code':'a'}}]}",
	     "item 'q1': 'display' is missing"},
	    {"{'linkId':'q1','type':'choice','text':'S','answerOption':[{'valueCoding':{'code':'a','display':'A',"
	     "'system':''}}]}",
	     "'system' must be text"},
	    {"{'linkId':'q1','type':'choice','text':'S','answerOption':[{'valueCoding':{'code':'a','display':'A'}},"
	     "{'valueCoding':{'code':'a','display':'B'}}]}",
	     "item 'q1': two answer options have the same code"},
	    {"{'linkId':'q1','type':'boolean','text':'S','answerOption':[{'valueCoding':{'code':'a','display':'A'}}]}",
	     "item 'q1': only choice items have answer options"},
	    {"{'linkId':'q1','type':'string','text':'S','maxLength':0}", "item 'q1': maxLength is for string and text"},
	    {"{'linkId':'q1','type':'string','text':'S','maxLength':-1}", "maxLength is for string and text"},
	    {"{'linkId':'q1','type':'string','text':'S','maxLength':501}", "maxLength is for string and text"},
	    {"{'linkId':'q1','type':'text','text':'S','maxLength':4001}", "maxLength is for string and text"},
	    {"{'linkId':'q1','type':'string','text':'S','maxLength':'10'}", "maxLength is for string and text"},
	    {"{'linkId':'q1','type':'string','text':'S','maxLength':10.0}", "maxLength is for string and text"},
	    {"{'linkId':'q1','type':'integer','text':'S','maxLength':10}",
	     "item 'q1': maxLength is for string and text"},
	    {"{'linkId':'q1','type':'choice','text':'S','maxLength':10,'answerOption':[{'valueCoding':{'code':'a',"
	     "'display':'A'}}]}",
	     "maxLength is for string and text"},
	    {"{'linkId':'d','type':'display','text':'D'}", "asks no questions"},
	    {"{'linkId':'g','type':'group','text':'G','item':[{'linkId':'d','type':'display','text':'D'}]}",
	     "asks no questions"},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		refused(with_items(cases[i].items), cases[i].want);

	/* The boundaries themselves are fine. */
	qf_form f;
	parses(with_items("{'linkId':'s','type':'string','text':'S','maxLength':500},"
	                  "{'linkId':'t','type':'text','text':'T','maxLength':4000},"
	                  "{'linkId':'u','type':'text','text':'U','maxLength':1}"),
	       &f);
	assert_int_equal(f.items[0].max_length, QF_STRING_MAX);
	assert_int_equal(f.items[1].max_length, QF_TEXT_ANSWER_MAX);
	assert_int_equal(f.items[2].max_length, 1);
	parses(with_items("{'linkId':'s','type':'string','text':'S','required':false,'repeats':false}"), &f);
	assert_false(f.items[0].required);
	assert_false(f.items[0].repeats);

	char id[QF_LINK_ID_MAX + 2];
	memset(id, 'i', sizeof id - 1);
	id[sizeof id - 1] = '\0';
	refused(with_items(arena_printf(A, "{'linkId':'%s','type':'boolean','text':'S'}", id)),
	        "'linkId' must be text");
	id[QF_LINK_ID_MAX] = '\0';
	parses(with_items(arena_printf(A, "{'linkId':'%s','type':'boolean','text':'S'}", id)), &f);

	/* Texts up to 1000 characters, however many bytes. */
	char *text = arena_alloc(A, 2 * QF_TEXT_MAX + 3);
	for (size_t i = 0; i < QF_TEXT_MAX; i++)
		memcpy(text + 2 * i, "å", 2);
	parses(with_items(arena_printf(A, "{'linkId':'q','type':'boolean','text':'%s'}", text)), &f);
	strcat(text, "x");
	refused(with_items(arena_printf(A, "{'linkId':'q','type':'boolean','text':'%s'}", text)),
	        "item 'q': 'text' must be text of 1 to 1000 characters");
}

/* Builds "[option, ...]" with n distinct codes. */
static char *options(size_t n)
{
	char *s = arena_strdup(A, "");
	for (size_t i = 0; i < n; i++)
		s = arena_printf(A, "%s%s{'valueCoding':{'code':'c%zu','display':'Valg %zu'}}", s, i ? "," : "", i, i);
	return s;
}

/* Builds n items: one boolean question and n - 1 display items. */
static char *many_items(size_t n)
{
	size_t cap = 64 * n + 1, len = 0;
	char *s = arena_alloc(A, cap);
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len, "%s{'linkId':'i%zu','type':'%s','text':'T'}", i ? "," : "",
		                        i, i ? "display" : "boolean");
	return s;
}

static void limits_on_size(void **state)
{
	(void)state;
	qf_form f;
	parses(with_items(arena_printf(A, "{'linkId':'q','type':'choice','text':'S','answerOption':[%s]}",
	                               options(QF_OPTIONS_MAX))),
	       &f);
	assert_int_equal(f.items[0].noptions, QF_OPTIONS_MAX);
	refused(with_items(arena_printf(A, "{'linkId':'q','type':'choice','text':'S','answerOption':[%s]}",
	                                options(QF_OPTIONS_MAX + 1))),
	        "a choice item needs 1 to 50 answer options");

	parses(with_items(many_items(QF_ITEMS_MAX)), &f);
	assert_int_equal(f.n, QF_ITEMS_MAX);
	assert_string_equal(f.items[QF_ITEMS_MAX - 1].link_id, "i999");
	refused(with_items(many_items(QF_ITEMS_MAX + 1)), "more than 1000 items");
	/* A group counts as an item. */
	refused(with_items(
	            arena_printf(A, "{'linkId':'g','type':'group','text':'G','item':[%s]}", many_items(QF_ITEMS_MAX))),
	        "more than 1000 items");

	/* The byte limit holds for otherwise valid JSON: pad with spaces. */
	const char *small = with_items(Q1);
	size_t n = strlen(small);
	char *big = arena_alloc(A, QF_RESOURCE_MAX_BYTES + 2);
	memcpy(big, small, n - 1);
	memset(big + n - 1, ' ', QF_RESOURCE_MAX_BYTES - n);
	big[QF_RESOURCE_MAX_BYTES - 1] = '}';
	const char *error;
	assert_true(qf_parse(A, big, QF_RESOURCE_MAX_BYTES, &f, &error));
	big[QF_RESOURCE_MAX_BYTES - 1] = ' ';
	big[QF_RESOURCE_MAX_BYTES] = '}';
	assert_false(qf_parse(A, big, QF_RESOURCE_MAX_BYTES + 1, &f, &error));
	assert_string_equal(error, "the resource is larger than 1024 KiB");
	assert_int_equal(f.n, 0);
}

/* ---- checking answers ------------------------------------------------------------ */

/* Every type, grouped and not, with a required boolean. */
static const char all_types[] =
    "{'resourceType':'Questionnaire','url':'https://example.org/q/all','version':'2.1','title':'Alle typer',"
    "'status':'draft','item':["
    "{'linkId':'intro','type':'display','text':'Velkommen'},"
    "{'linkId':'yes','type':'boolean','text':'Ja eller nei?','required':true},"
    "{'linkId':'name','type':'string','text':'Navn','maxLength':5},"
    "{'linkId':'story','type':'text','text':'Fortell','maxLength':10},"
    "{'linkId':'count','type':'integer','text':'Antall'},"
    "{'linkId':'weight','type':'decimal','text':'Vekt'},"
    "{'linkId':'day','type':'date','text':'Dato'},"
    "{'linkId':'colour','type':'choice','text':'Farge','answerOption':["
    "{'valueCoding':{'system':'https://example.org/cs','code':'r','display':'Rød'}},"
    "{'valueCoding':{'code':'g','display':'Grønn'}}]},"
    "{'linkId':'many','type':'choice','text':'Flere','repeats':true,'answerOption':["
    "{'valueCoding':{'code':'a','display':'A'}},{'valueCoding':{'code':'b','display':'B'}},"
    "{'valueCoding':{'code':'c','display':'C'}}]},"
    "{'linkId':'g1','type':'group','text':'Gruppe','item':["
    "{'linkId':'g1.q','type':'string','text':'I gruppen'},{'linkId':'g1.note','type':'display','text':'Merk'}]},"
    "{'linkId':'g2','type':'group','text':'Andre gruppe','item':[{'linkId':'g2.q','type':'boolean','text':'Svar?'}]},"
    "{'linkId':'plain','type':'string','text':'Vanlig'},"
    "{'linkId':'long','type':'text','text':'Lang'}]}";

enum {
	I_INTRO,
	I_YES,
	I_NAME,
	I_STORY,
	I_COUNT,
	I_WEIGHT,
	I_DAY,
	I_COLOUR,
	I_MANY,
	I_G1,
	I_G1Q,
	I_G1NOTE,
	I_G2,
	I_G2Q,
	I_PLAIN,
	I_LONG,
	I_COUNT_ALL
};

static const qf_form *all_form(void)
{
	qf_form *f = arena_alloc(A, sizeof *f);
	parses(js(all_types), f);
	assert_int_equal(f->n, I_COUNT_ALL);
	return f;
}

/* The problem with the single answer v to a submitted form. Every problem is
 * a catalog key in both languages. */
static const char *check1(const qf_item *it, const char *v)
{
	const char *vals[1] = {v};
	qf_answer ans = {vals, 1};
	size_t max = 99;
	const char *key = qf_check_answer(A, it, &ans, true, &max);
	if (key == NULL)
		assert_int_equal(max, 0);
	else if (i18n_find(LOCALE_NB, key) == NULL || i18n_find(LOCALE_EN, key) == NULL)
		fail_msg("key %s is not in the catalog", key);
	return key;
}

/* Asserts the problem with one value; want NULL for none. */
static void check_is(const qf_item *it, const char *v, const char *want)
{
	const char *got = check1(it, v);
	if (!(want == NULL ? got == NULL : got != NULL && str_eq(got, want)))
		fail_msg("%s: \"%s\" gave %s, wanted %s", it->link_id, v, got ? got : "ok", want ? want : "ok");
}

static void booleans_are_true_or_false(void **state)
{
	(void)state;
	const qf_form *f = all_form();
	const qf_item *it = &f->items[I_YES];
	check_is(it, "true", NULL);
	check_is(it, "false", NULL);
	const char *bad[] = {"TRUE", "True", "1", "0", "yes", "ja", "true ", "falsetrue"};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		check_is(it, bad[i], "form.error.choice");
}

static void strings_count_characters_and_keep_to_one_line(void **state)
{
	(void)state;
	const qf_form *f = all_form();
	const qf_item *name = &f->items[I_NAME], *story = &f->items[I_STORY];
	check_is(name, "Åse", NULL);
	check_is(name, "æøåÆØ", NULL); /* 5 characters, 10 bytes */
	const char *vals[1] = {"æøåÆØÅ"};
	qf_answer ans = {vals, 1};
	size_t max = 0;
	assert_string_equal(qf_check_answer(A, name, &ans, true, &max), "form.error.too_long");
	assert_int_equal(max, 5);
	check_is(name, "a\nb", "form.error.charset");
	check_is(name, "a\rb", "form.error.charset");
	check_is(name, "\xff", "form.error.charset");
	check_is(name, "\xc3\x28", "form.error.charset");

	check_is(story, "én\nto\r\ntre", NULL); /* text keeps its lines */
	check_is(story, "æøåæøåæøåæ", NULL);
	vals[0] = "æøåæøåæøåæø";
	ans.n = 1;
	assert_string_equal(qf_check_answer(A, story, &ans, true, &max), "form.error.too_long");
	assert_int_equal(max, 10);
	check_is(story, "\xed\xa0\x80", "form.error.charset"); /* a surrogate */

	/* Without maxLength, the module's limits. */
	assert_int_equal(f->items[I_PLAIN].max_length, QF_STRING_MAX);
	assert_int_equal(f->items[I_LONG].max_length, QF_TEXT_ANSWER_MAX);
	char *s = arena_alloc(A, QF_TEXT_ANSWER_MAX + 2);
	memset(s, 'x', QF_STRING_MAX);
	check_is(&f->items[I_PLAIN], s, NULL);
	s[QF_STRING_MAX] = 'x';
	check_is(&f->items[I_PLAIN], s, "form.error.too_long");
	memset(s, 'y', QF_TEXT_ANSWER_MAX);
	check_is(&f->items[I_LONG], s, NULL);
	s[QF_TEXT_ANSWER_MAX] = 'y';
	check_is(&f->items[I_LONG], s, "form.error.too_long");
}

static void integers_are_digits_within_the_limit(void **state)
{
	(void)state;
	const qf_form *f = all_form();
	const qf_item *it = &f->items[I_COUNT];
	const char *good[] = {"0", "7", "-7", "1000000000", "-1000000000"};
	for (size_t i = 0; i < ARRAY_LEN(good); i++)
		check_is(it, good[i], NULL);
	const char *bad[] = {
	    "1000000001", "-1000000001", "99999999999999999999", "12a", "a12", "1.5", "1,5", "-", "0x10", "1e3", "7 "};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		check_is(it, bad[i], "form.error.integer");
}

static void decimals_take_a_comma_and_keep_a_point(void **state)
{
	(void)state;
	const qf_form *f = all_form();
	const qf_item *it = &f->items[I_WEIGHT];
	static const struct {
		const char *in, *out;
	} good[] = {{"72,5", "72.5"}, {"72.5", "72.5"}, {"-0,25", "-0.25"}, {"80", "80"}, {"-0", "0"}};
	for (size_t i = 0; i < ARRAY_LEN(good); i++) {
		const char *vals[1] = {good[i].in};
		qf_answer ans = {vals, 1};
		size_t max;
		assert_null(qf_check_answer(A, it, &ans, true, &max));
		assert_string_equal(vals[0], good[i].out);
	}
	const char *bad[] = {"abc", "1e3", "1,", ",5", "1.2.3", "1,2,3", "+5", " 5", "2000000000", "12345678901234567",
	                     "NaN", "inf"};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		check_is(it, bad[i], "questionnaires.error.decimal");
}

static void dates_are_real_calendar_dates(void **state)
{
	(void)state;
	const qf_form *f = all_form();
	const qf_item *it = &f->items[I_DAY];
	const char *good[] = {"2026-02-28", "2024-02-29", "2000-02-29", "1999-12-31"};
	for (size_t i = 0; i < ARRAY_LEN(good); i++)
		check_is(it, good[i], NULL);
	const char *bad[] = {"2026-02-30", "2025-02-29", "1900-02-29", "2026-13-01",       "2026-00-10", "2026-04-31",
	                     "2026-2-1",   "26-02-01",   "01.02.2026", "2026-02-28T10:00", "2026-02-2x"};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		check_is(it, bad[i], "form.error.date_invalid");
}

static void choices_name_an_option(void **state)
{
	(void)state;
	const qf_form *f = all_form();
	const qf_item *colour = &f->items[I_COLOUR], *many = &f->items[I_MANY];
	check_is(colour, "r", NULL);
	check_is(colour, "g", NULL);
	check_is(colour, "R", "form.error.choice");
	check_is(colour, "Rød", "form.error.choice"); /* the display is not the code */
	check_is(colour, "", "form.error.required");  /* an empty answer is no answer, whatever the type */
	size_t max;

	/* One value only, unless the item repeats. */
	const char *two[] = {"r", "g"};
	qf_answer ans = {two, 2};
	assert_string_equal(qf_check_answer(A, colour, &ans, true, &max), "form.error.repeated");

	const char *ac[] = {"a", "c"};
	ans = (qf_answer){ac, 2};
	assert_null(qf_check_answer(A, many, &ans, true, &max));
	const char *abc[] = {"c", "a", "b"};
	ans = (qf_answer){abc, 3};
	assert_null(qf_check_answer(A, many, &ans, true, &max));
	const char *dup[] = {"a", "a"};
	ans = (qf_answer){dup, 2};
	assert_string_equal(qf_check_answer(A, many, &ans, true, &max), "form.error.repeated");
	const char *unknown[] = {"a", "z"};
	ans = (qf_answer){unknown, 2};
	assert_string_equal(qf_check_answer(A, many, &ans, true, &max), "form.error.choice");
	const char *four[] = {"a", "b", "c", "a"};
	ans = (qf_answer){four, 4};
	assert_non_null(qf_check_answer(A, many, &ans, true, &max));

	/* Other types never take two values. */
	const char *bools[] = {"true", "false"};
	ans = (qf_answer){bools, 2};
	assert_string_equal(qf_check_answer(A, &f->items[I_YES], &ans, true, &max), "form.error.repeated");
	const char *nums[] = {"1", "2"};
	ans = (qf_answer){nums, 2};
	assert_string_equal(qf_check_answer(A, &f->items[I_COUNT], &ans, false, &max), "form.error.repeated");
}

static void required_only_when_complete(void **state)
{
	(void)state;
	const qf_form *f = all_form();
	qf_answer none = {NULL, 0};
	size_t max = 99;
	assert_string_equal(qf_check_answer(A, &f->items[I_YES], &none, true, &max), "form.error.required");
	assert_null(qf_check_answer(A, &f->items[I_YES], &none, false, &max));
	assert_int_equal(max, 0);
	/* Unanswered optional questions are fine either way. */
	for (size_t i = 0; i < f->n; i++)
		if (i != I_YES) {
			assert_null(qf_check_answer(A, &f->items[i], &none, true, &max));
			assert_null(qf_check_answer(A, &f->items[i], &none, false, &max));
		}
}

static void display_items_and_groups_take_no_answer(void **state)
{
	(void)state;
	const qf_form *f = all_form();
	const size_t silent[] = {I_INTRO, I_G1, I_G1NOTE, I_G2};
	for (size_t i = 0; i < ARRAY_LEN(silent); i++) {
		const qf_item *it = &f->items[silent[i]];
		assert_false(qf_is_question(it));
		check_is(it, "true", "form.error.unknown_field");
		check_is(it, "x", "form.error.unknown_field");
	}
	const size_t questions[] = {I_YES, I_NAME, I_STORY, I_COUNT, I_WEIGHT, I_DAY, I_COLOUR, I_MANY, I_G1Q, I_G2Q};
	for (size_t i = 0; i < ARRAY_LEN(questions); i++)
		assert_true(qf_is_question(&f->items[questions[i]]));
	assert_int_equal(f->items[I_G1Q].group, I_G1);
	assert_int_equal(f->items[I_G1NOTE].group, I_G1);
	assert_int_equal(f->items[I_G2Q].group, I_G2);
	assert_int_equal(f->items[I_PLAIN].group, -1);
}

/* ---- QuestionnaireResponse ------------------------------------------------------- */

static qf_answer *no_answers(const qf_form *f)
{
	return arena_alloc(A, (f->n ? f->n : 1) * sizeof(qf_answer));
}

static void set(qf_answer *answers, size_t i, size_t n, ...)
{
	const char **vals = arena_alloc(A, n * sizeof *vals);
	va_list ap;
	va_start(ap, n);
	for (size_t k = 0; k < n; k++)
		vals[k] = va_arg(ap, const char *);
	va_end(ap);
	answers[i] = (qf_answer){vals, n};
}

static json_t *item_named(json_t *items, const char *link_id)
{
	size_t i;
	json_t *o;
	json_array_foreach(items, i, o)
	{
		if (str_eq(json_string_value(json_object_get(o, "linkId")), link_id))
			return o;
	}
	return NULL;
}

static void link_ids_are(json_t *items, const char *const *want, size_t n)
{
	assert_true(json_is_array(items));
	assert_int_equal(json_array_size(items), n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(json_string_value(json_object_get(json_array_get(items, i), "linkId")), want[i]);
}

static json_t *first_answer(json_t *item)
{
	return json_array_get(json_object_get(item, "answer"), 0);
}

static void answers_equal(const qf_form *f, const qf_answer *got, const qf_answer *want)
{
	for (size_t i = 0; i < f->n; i++) {
		if (got[i].n != want[i].n)
			fail_msg("item %s: %zu values back, %zu given", f->items[i].link_id, got[i].n, want[i].n);
		for (size_t k = 0; k < got[i].n; k++)
			if (!str_eq(got[i].values[k], want[i].values[k]))
				fail_msg("item %s: \"%s\" back, \"%s\" given", f->items[i].link_id, got[i].values[k],
				         want[i].values[k]);
	}
}

static void a_completed_response_round_trips(void **state)
{
	(void)state;
	const qf_form *f = all_form();
	qf_answer *answers = no_answers(f);
	set(answers, I_YES, 1, "true");
	set(answers, I_NAME, 1, "Åse");
	set(answers, I_STORY, 1, "linje\n\"to\"");
	set(answers, I_COUNT, 1, "-42");
	set(answers, I_WEIGHT, 1, "72,5");
	set(answers, I_DAY, 1, "2026-02-28");
	set(answers, I_COLOUR, 1, "r");
	set(answers, I_MANY, 2, "c", "a");
	set(answers, I_G1Q, 1, "inni");
	for (size_t i = 0; i < f->n; i++) {
		size_t max;
		const char *key = qf_check_answer(A, &f->items[i], &answers[i], true, &max);
		if (key != NULL)
			fail_msg("item %s: %s", f->items[i].link_id, key);
	}
	assert_string_equal(answers[I_WEIGHT].values[0], "72.5");

	char *text = qf_response_json(A, f, answers, true, 1772236800); /* 2026-02-28 */
	assert_non_null(text);
	json_error_t jerr;
	json_t *r = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (r == NULL)
		fail_msg("not JSON: %s\n%s", jerr.text, text);
	assert_string_equal(json_string_value(json_object_get(r, "resourceType")), "QuestionnaireResponse");
	assert_string_equal(json_string_value(json_object_get(r, "status")), "completed");
	assert_string_equal(json_string_value(json_object_get(r, "questionnaire")), "https://example.org/q/all|2.1");
	assert_string_equal(json_string_value(json_object_get(r, "authored")), "2026-02-28T00:00:00Z");
	assert_null(json_object_get(r, "subject")); /* never who the patient is */
	assert_null(json_object_get(r, "author"));
	assert_null(json_object_get(r, "source"));

	/* Unanswered questions, display items and the empty group are left out;
	 * the grouped answer sits inside its group. */
	json_t *items = json_object_get(r, "item");
	static const char *const top[] = {"yes", "name", "story", "count", "weight", "day", "colour", "many", "g1"};
	link_ids_are(items, top, ARRAY_LEN(top));
	json_t *g1 = item_named(items, "g1");
	assert_string_equal(json_string_value(json_object_get(g1, "text")), "Gruppe");
	assert_null(json_object_get(g1, "answer"));
	static const char *const inside[] = {"g1.q"};
	link_ids_are(json_object_get(g1, "item"), inside, 1);
	assert_string_equal(json_string_value(json_object_get(
	                        first_answer(json_array_get(json_object_get(g1, "item"), 0)), "valueString")),
	                    "inni");

	json_t *yes = item_named(items, "yes");
	assert_string_equal(json_string_value(json_object_get(yes, "text")), "Ja eller nei?");
	assert_true(json_is_true(json_object_get(first_answer(yes), "valueBoolean")));
	assert_string_equal(json_string_value(json_object_get(first_answer(item_named(items, "name")), "valueString")),
	                    "Åse");
	assert_string_equal(json_string_value(json_object_get(first_answer(item_named(items, "story")), "valueString")),
	                    "linje\n\"to\"");
	json_t *count = json_object_get(first_answer(item_named(items, "count")), "valueInteger");
	assert_true(json_is_integer(count));
	assert_int_equal(json_integer_value(count), -42);
	json_t *weight = json_object_get(first_answer(item_named(items, "weight")), "valueDecimal");
	assert_true(json_is_real(weight));
	assert_true(json_real_value(weight) == 72.5);
	assert_string_equal(json_string_value(json_object_get(first_answer(item_named(items, "day")), "valueDate")),
	                    "2026-02-28");
	json_t *coding = json_object_get(first_answer(item_named(items, "colour")), "valueCoding");
	assert_string_equal(json_string_value(json_object_get(coding, "system")), "https://example.org/cs");
	assert_string_equal(json_string_value(json_object_get(coding, "code")), "r");
	assert_string_equal(json_string_value(json_object_get(coding, "display")), "Rød");
	json_t *many = json_object_get(item_named(items, "many"), "answer");
	assert_int_equal(json_array_size(many), 2);
	coding = json_object_get(json_array_get(many, 0), "valueCoding");
	assert_string_equal(json_string_value(json_object_get(coding, "code")), "c");
	assert_string_equal(json_string_value(json_object_get(coding, "display")), "C");
	assert_null(json_object_get(coding, "system")); /* the option has none */
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(json_array_get(many, 1), "valueCoding"), "code")), "a");
	json_decref(r);

	qf_answer *back = no_answers(f);
	assert_true(qf_response_answers(A, f, text, back));
	answers_equal(f, back, answers);
}

static void an_in_progress_response_round_trips(void **state)
{
	(void)state;
	const qf_form *f = all_form();
	qf_answer *answers = no_answers(f);
	set(answers, I_G2Q, 1, "false");
	set(answers, I_WEIGHT, 1, "0.1");
	set(answers, I_PLAIN, 1, "siste");
	size_t max;
	for (size_t i = 0; i < f->n; i++)
		assert_null(qf_check_answer(A, &f->items[i], &answers[i], false, &max));
	/* The required boolean is open: fine for a draft, not for a submission. */
	assert_string_equal(qf_check_answer(A, &f->items[I_YES], &answers[I_YES], true, &max), "form.error.required");

	char *text = qf_response_json(A, f, answers, false, 0);
	json_t *r = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	assert_non_null(r);
	assert_string_equal(json_string_value(json_object_get(r, "status")), "in-progress");
	assert_string_equal(json_string_value(json_object_get(r, "authored")), "1970-01-01T00:00:00Z");
	static const char *const top[] = {"weight", "g2", "plain"};
	link_ids_are(json_object_get(r, "item"), top, ARRAY_LEN(top));
	json_t *g2 = item_named(json_object_get(r, "item"), "g2");
	static const char *const inside[] = {"g2.q"};
	link_ids_are(json_object_get(g2, "item"), inside, 1);
	assert_true(json_is_false(
	    json_object_get(first_answer(json_array_get(json_object_get(g2, "item"), 0)), "valueBoolean")));
	json_decref(r);

	qf_answer *back = no_answers(f);
	assert_true(qf_response_answers(A, f, text, back));
	answers_equal(f, back, answers);

	/* Nothing answered at all: still a response, with nothing to read back. */
	text = qf_response_json(A, f, no_answers(f), false, 0);
	r = json_loads(text, 0, NULL);
	assert_non_null(r);
	assert_string_equal(json_string_value(json_object_get(r, "status")), "in-progress");
	assert_int_equal(json_array_size(json_object_get(r, "item")), 0);
	json_decref(r);
	assert_true(qf_response_answers(A, f, text, back));
	for (size_t i = 0; i < f->n; i++)
		assert_int_equal(back[i].n, 0);
}

static void a_demo_response_round_trips(void **state)
{
	(void)state;
	const qf_form *f = demo("questionnaire-for-timen.json");
	qf_answer *answers = no_answers(f);
	set(answers, (size_t)find(f, "reason"), 1, "Vondt i ryggen.\nSiden jul.");
	set(answers, (size_t)find(f, "duration"), 1, "1-6m");
	set(answers, (size_t)find(f, "other-medicines"), 1, "true");
	set(answers, (size_t)find(f, "which-medicines"), 1, "Paracet");
	set(answers, (size_t)find(f, "weight"), 1, "81,4");
	set(answers, (size_t)find(f, "interpreter"), 1, "false");
	for (size_t i = 0; i < f->n; i++) {
		size_t max;
		assert_null(qf_check_answer(A, &f->items[i], &answers[i], true, &max));
	}
	char *text = qf_response_json(A, f, answers, true, 1767225600);
	json_t *r = json_loads(text, 0, NULL);
	assert_non_null(r);
	assert_string_equal(json_string_value(json_object_get(r, "questionnaire")),
	                    "https://helsami.example/Questionnaire/for-timen|1");
	static const char *const top[] = {"reason", "duration", "medicines", "interpreter", "weight"};
	json_t *items = json_object_get(r, "item");
	assert_int_equal(json_array_size(items), ARRAY_LEN(top));
	for (size_t i = 0; i < ARRAY_LEN(top); i++)
		assert_non_null(item_named(items, top[i]));
	static const char *const inside[] = {"other-medicines", "which-medicines"};
	link_ids_are(json_object_get(item_named(items, "medicines"), "item"), inside, 2);
	json_decref(r);
	qf_answer *back = no_answers(f);
	assert_true(qf_response_answers(A, f, text, back));
	answers_equal(f, back, answers);
}

static void reading_a_response_refuses_other_text(void **state)
{
	(void)state;
	const qf_form *f = all_form();
	qf_answer *back = no_answers(f);
	const char *bad[] = {
	    "",
	    "not json",
	    "{",
	    "[]",
	    "{}",
	    "\"QuestionnaireResponse\"",
	    "{\"resourceType\":\"Questionnaire\",\"item\":[]}",
	    "{\"resourceType\":\"questionnaireresponse\"}",
	    "{\"resourceType\":[\"QuestionnaireResponse\"]}",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		back[I_YES] = (qf_answer){(const char *[]){"true"}, 1};
		if (qf_response_answers(A, f, bad[i], back))
			fail_msg("accepted %s", bad[i]);
		for (size_t k = 0; k < f->n; k++)
			assert_int_equal(back[k].n, 0);
	}

	/* A response is read for what fits: unknown items, answers to display
	 * items and values of the wrong type are skipped. */
	const char *odd = js("{'resourceType':'QuestionnaireResponse','status':'completed','item':["
	                     "{'linkId':'nope','answer':[{'valueString':'x'}]},"
	                     "{'linkId':'intro','answer':[{'valueString':'x'}]},"
	                     "{'linkId':'count','answer':[{'valueString':'12'}]},"
	                     "{'linkId':'yes','answer':[{'valueBoolean':false}]},"
	                     "{'linkId':'g1','item':[{'linkId':'g1.q','answer':[{'valueString':'inni'}]}]},"
	                     "{'answer':[{'valueString':'x'}]},"
	                     "{'linkId':'many','answer':'x'}]}");
	assert_true(qf_response_answers(A, f, odd, back));
	for (size_t k = 0; k < f->n; k++)
		if (k != I_YES && k != I_G1Q)
			assert_int_equal(back[k].n, 0);
	assert_int_equal(back[I_YES].n, 1);
	assert_string_equal(back[I_YES].values[0], "false");
	assert_int_equal(back[I_G1Q].n, 1);
	assert_string_equal(back[I_G1Q].values[0], "inni");
}

/* ---- found by review and fuzzing --------------------------------------------------- */

static void review_findings_stay_fixed(void **state)
{
	(void)state;
	qf_form f;
	const char *error;
	assert_false(qf_parse(A, "[]", 2, &f, &error));
	assert_string_equal(error, "the resource is not a JSON object");
	refused(js(arena_printf(A, "{'resourceType':'Questionnaire','modifierExtension':[{'url':'x'}]}")),
	        "modifierExtension");
	refused(with_items("{'linkId':'a','type':'boolean','text':'Ja?','modifierExtension':[{'url':'x'}]}"),
	        "modifierExtension");
	refused(with_items("{'linkId':'a','type':'choice','text':'Velg','answerOption':[{'valueCoding':{'code':'x',"
	                   "'display':'X'},'initialSelected':'yes'}]}"),
	        "'initialSelected' is true or false");
	refused(with_items("{'linkId':'a','type':'boolean','text':'Ja?','extension':[{'url':"
	                   "'http://hl7.org/fhir/StructureDefinition/questionnaire-hidden','valueString':'x'}]}"),
	        "the questionnaire-hidden extension needs valueBoolean");

	const qf_form *all = all_form();
	check_is(&all->items[I_COUNT], " 7", "form.error.integer");
	check_is(&all->items[I_COUNT], "+7", "form.error.integer");
	check_is(&all->items[I_NAME], "a\x01b", "form.error.charset");

	/* A tiny decimal comes back as digits a person can submit again. */
	qf_answer *ans = no_answers(all), *back = no_answers(all);
	set(ans, I_WEIGHT, 1, "0,00001");
	size_t max;
	assert_null(qf_check_answer(A, &all->items[I_WEIGHT], &ans[I_WEIGHT], true, &max));
	assert_true(qf_response_answers(A, all, qf_response_json(A, all, ans, false, 0), back));
	assert_string_equal(back[I_WEIGHT].values[0], "0.00001");
	assert_null(qf_check_answer(A, &all->items[I_WEIGHT], &back[I_WEIGHT], true, &max));

	/* An empty draft has no "item" at all: FHIR has no empty arrays. */
	json_t *r = json_loads(qf_response_json(A, all, no_answers(all), false, 0), 0, NULL);
	assert_non_null(r);
	assert_null(json_object_get(r, "item"));
	json_decref(r);
}

/* ---- SDC features (issue 16) ------------------------------------------------------ */

/* A published form from tests/data/questionnaires (README.md there names the
 * source and licence of each), read as the importer does. */
/* A questionnaire with these contained resources around these items. */
static char *with_contained(const char *contained, const char *items)
{
	return js(arena_printf(A,
	                       "{'resourceType':'Questionnaire','url':'https://example.org/q','version':'1',"
	                       "'title':'Tittel','status':'active','contained':[%s],'item':[%s]}",
	                       contained, items));
}

#define YES_NO_VS                                                                                               \
	"{'resourceType':'ValueSet','id':'yn','url':'https://example.org/ValueSet/yn','version':'2','compose':" \
	"{'include':[{'system':'https://example.org/cs','concept':["                                            \
	"{'code':'Y','display':'Ja','designation':[{'language':'en','value':'Yes'}],'extension':[{'url':"       \
	"'http://hl7.org/fhir/StructureDefinition/itemWeight','valueDecimal':1}]},{'code':'N','display':'Nei'}]}]}}"

static void answer_options_from_contained_value_sets(void **state)
{
	(void)state;
	qf_form f;
	/* By #id, by url and by url|version; codes keep their include's system. */
	parses(with_contained(
	           YES_NO_VS ",{'resourceType':'ValueSet','id':'e','expansion':{'contains':["
	                     "{'system':'http://loinc.org','code':'LA1','display':'En'},"
	                     "{'code':'abs','display':'Overskrift','abstract':true},"
	                     "{'system':'http://loinc.org','code':'LA2','display':'To'}]}}",
	           "{'linkId':'a','type':'choice','text':'A','answerValueSet':'#yn'},"
	           "{'linkId':'b','type':'choice','text':'B','answerValueSet':'https://example.org/ValueSet/yn'},"
	           "{'linkId':'c','type':'choice','text':'C','repeats':true,'answerValueSet':"
	           "'https://example.org/ValueSet/yn|2'},"
	           "{'linkId':'d','type':'choice','text':'D','answerValueSet':'#e',"
	           "'initial':[{'valueCoding':{'system':'http://loinc.org','code':'LA2'}}]}"),
	       &f);
	assert_int_equal(f.items[0].noptions, 2);
	assert_string_equal(f.items[0].options[0].system, "https://example.org/cs");
	assert_string_equal(f.items[0].options[0].code, "Y");
	assert_string_equal(qf_option_display(&f.items[0].options[0], LOCALE_EN), "Yes");
	assert_string_equal(qf_option_display(&f.items[0].options[1], LOCALE_EN), "Nei");
	assert_true(f.items[0].options[0].scored);
	assert_true(f.items[0].options[0].score == 1.0);
	assert_false(f.items[0].options[1].scored);
	assert_int_equal(f.items[1].noptions, 2);
	assert_int_equal(f.items[2].noptions, 2);
	assert_int_equal(f.items[3].noptions, 2); /* the abstract heading is no option */
	assert_string_equal(f.items[3].initial[0], "LA2");

	/* Checked and answered as answerOption is: the coding carries the value set's system. */
	qf_answer *ans = no_answers(&f);
	size_t max;
	set(ans, 0, 1, "Y");
	assert_null(qf_check_answer(A, &f.items[0], &ans[0], true, &max));
	qf_answer wrong = {.values = (const char *[]){"X"}, .n = 1};
	assert_non_null(qf_check_answer(A, &f.items[0], &wrong, true, &max));
	const char *json = qf_response_json(A, &f, ans, true, 0);
	assert_non_null(strstr(json, "{\"valueCoding\":{\"code\":\"Y\",\"display\":\"Ja\",\"system\":"
	                             "\"https://example.org/cs\"}}"));

	/* What only a terminology server can expand is refused, naming the value set and the item. */
	refused(
	    with_contained(YES_NO_VS, "{'linkId':'a','type':'choice','text':'A','answerValueSet':"
	                              "'http://hl7.org/fhir/ValueSet/yesnodontknow'}"),
	    "item 'a': the value set http://hl7.org/fhir/ValueSet/yesnodontknow needs a terminology server; only a "
	    "ValueSet contained in the questionnaire ('#id') or imported beside it (--valueset FILE) can give answer "
	    "options (at item[0])");
	refused(
	    with_contained("{'resourceType':'ValueSet','id':'f','compose':{'include':[{'system':'http://snomed.info/"
	                   "sct','filter':[{'property':'concept','op':'is-a','value':'404684003'}]}]}}",
	                   "{'linkId':'a','type':'choice','text':'A','answerValueSet':'#f'}"),
	    "item 'a': the value set '#f' needs a terminology server: its compose.include has 'filter'");
	refused(
	    with_contained("{'resourceType':'ValueSet','id':'w','compose':{'include':[{'system':'http://loinc.org'}]}}",
	                   "{'linkId':'a','type':'choice','text':'A','answerValueSet':'#w'}"),
	    "the value set '#w' needs a terminology server: its compose.include takes a whole code system");
	refused(
	    with_contained("{'resourceType':'ValueSet','id':'x','compose':{'include':[{'concept':[{'code':'a','display'"
	                   ":'A'}]}],'exclude':[{'concept':[{'code':'a'}]}]}}",
	                   "{'linkId':'a','type':'choice','text':'A','answerValueSet':'#x'}"),
	    "its compose has 'exclude'");
	refused(with_contained("{'resourceType':'ValueSet','id':'h','expansion':{'contains':[{'code':'a','display':'A',"
	                       "'contains':[{'code':'b','display':'B'}]}]}}",
	                       "{'linkId':'a','type':'choice','text':'A','answerValueSet':'#h'}"),
	        "its expansion is a hierarchy");
	refused(with_contained("{'resourceType':'ValueSet','id':'u','compose':{'include':[{'concept':[{'code':'a',"
	                       "'display':'A','extension':[{'url':'http://e.org/colour'}]}]}]}}",
	                       "{'linkId':'a','type':'choice','text':'A','answerValueSet':'#u'}"),
	        "the value set '#u': the extension http://e.org/colour on an answer option is not supported");
	refused(with_contained("{'resourceType':'Patient','id':'p'}", "{'linkId':'a','type':'boolean','text':'A'}"),
	        "the questionnaire: a contained Patient is not supported (only ValueSets for answerValueSet)");
	refused(with_contained(YES_NO_VS, "{'linkId':'a','type':'choice','text':'A','answerValueSet':'#yn',"
	                                  "'answerOption':[{'valueCoding':{'code':'Y','display':'Ja'}}]}"),
	        "'answerOption' and 'answerValueSet' together");
	refused(with_contained(YES_NO_VS, "{'linkId':'a','type':'string','text':'A','answerValueSet':'#yn'}"),
	        "only choice items have answer options");
	refused(with_contained(YES_NO_VS, "{'linkId':'a','type':'choice','text':'A','answerValueSet':'#yn',"
	                                  "'initial':[{'valueCoding':{'code':'maybe'}}]}"),
	        "the initial value is not one of the answer options");
}

/* A PHQ-9-like form: nine scored choices in a group and a total. */
#define SCORED(id)                                                                                                     \
	"{'linkId':'" id "','type':'choice','text':'Spm','answerOption':["                                             \
	"{'valueCoding':{'system':'http://loinc.org','code':'LA6568-5','display':'Ikke i det hele tatt'},'extension':" \
	"[{'url':'http://hl7.org/fhir/StructureDefinition/ordinalValue','valueDecimal':0}]},"                          \
	"{'valueCoding':{'system':'http://loinc.org','code':'LA6569-3','display':'Flere dager'},'extension':"          \
	"[{'url':'http://hl7.org/fhir/StructureDefinition/ordinalValue','valueDecimal':1}]},"                          \
	"{'valueCoding':{'system':'http://loinc.org','code':'LA6571-9','display':'Nesten hver dag'},'extension':"      \
	"[{'url':'http://hl7.org/fhir/StructureDefinition/ordinalValue','valueDecimal':3}]}]}"

static char *calculated_form(const char *root_ext, const char *total_ext, const char *type)
{
	return js(arena_printf(A,
	                       "{'resourceType':'Questionnaire','url':'https://example.org/phq','version':'1',"
	                       "'title':'PHQ','status':'active','extension':[%s],'item':[{'linkId':'g','type':'group',"
	                       "'text':'G','item':[" SCORED("q1") "," SCORED("q2") "," SCORED(
	                           "q3") "]},"
	                                 "{'linkId':'total','type':'%s','text':'Sum','extension':[%s]}]}",
	                       root_ext, type, total_ext));
}

/* Extensions; FHIRPath strings are written in backticks (js). */
#define CALC(expr)                                                                                        \
	"{'url':'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression'," \
	"'valueExpression':{'language':'text/fhirpath','expression':'" expr "'}}"
#define VAR(name, expr)                                                                                   \
	"{'url':'http://hl7.org/fhir/StructureDefinition/variable','valueExpression':{'name':'" name "'," \
	"'language':'text/fhirpath','expression':'" expr "'}}"

/* The total after answering q1..q3 with these codes (NULL: unanswered). */
static const char *total_after(const char *json, const char *a1, const char *a2, const char *a3)
{
	qf_form f;
	parses(json, &f);
	qf_answer *ans = no_answers(&f);
	const char *codes[] = {a1, a2, a3};
	for (size_t i = 0; i < 3; i++)
		if (codes[i] != NULL)
			set(ans, (size_t)find(&f, arena_printf(A, "q%zu", i + 1)), 1, codes[i]);
	set(ans, (size_t)find(&f, "total"), 1, "999"); /* never what the patient sends */
	qf_settle(A, &f, ans);
	assert_false(qf_is_input(&f.items[find(&f, "total")]));
	const qf_answer *t = &ans[find(&f, "total")];
	return t->n == 0 ? NULL : t->values[0];
}

static void calculated_values_on_the_server(void **state)
{
	(void)state;
	const char *sum = CALC("%resource.repeat(item).where(linkId.matches(`^q[0-9]$`)).answer.value.ordinal().sum()");
	assert_string_equal(total_after(calculated_form("", sum, "integer"), "LA6569-3", "LA6571-9", "LA6568-5"), "4");
	/* The sum of nothing is nothing, as fhirpath.js has it (tests/cli/fhirpath.test.mjs). */
	assert_null(total_after(calculated_form("", sum, "integer"), NULL, NULL, NULL));
	/* weight() and ordinal() alike; paths through the group by linkId. */
	assert_string_equal(
	    total_after(
	        calculated_form("", CALC("%resource.item.where(linkId = `g`).item.answer.weight().sum()"), "decimal"),
	        "LA6571-9", "LA6571-9", NULL),
	    "6");
	/* Variables on the questionnaire and on the item; iif and count: no total until all are answered. */
	const char *vars =
	    VAR("a", "%resource.repeat(item).where(linkId.startsWith(`q`)).answer.value.ordinal()") "," VAR(
	        "n", "%resource.repeat(item).where(linkId.startsWith(`q`) and answer.exists()).count()");
	const char *total = VAR("all", "%n = 3") "," CALC("iif(%all, %a.sum(), {})");
	assert_null(total_after(calculated_form(vars, total, "integer"), "LA6569-3", NULL, "LA6571-9"));
	assert_string_equal(total_after(calculated_form(vars, total, "integer"), "LA6569-3", "LA6569-3", "LA6571-9"),
	                    "5");
	/* Arithmetic and precedence; a fraction is no integer, but is a decimal. */
	const char *mean = CALC("%resource.repeat(item).answer.value.ordinal().sum() / 3 * (1 + 0)");
	assert_null(total_after(calculated_form("", mean, "integer"), "LA6569-3", "LA6568-5", "LA6568-5"));
	assert_string_equal(total_after(calculated_form("", mean, "decimal"), "LA6571-9", "LA6568-5", "LA6568-5"), "1");
	/* A fraction keeps the digits a decimal answer holds; one too large for any is no value. */
	assert_string_equal(total_after(calculated_form("", mean, "decimal"), "LA6569-3", "LA6568-5", "LA6568-5"),
	                    "0.33333333333333");
	assert_null(
	    total_after(calculated_form("", CALC("1000000000000 * 1000000000000"), "decimal"), NULL, NULL, NULL));
	assert_string_equal(
	    total_after(calculated_form("", CALC("2 - 3 * 2 + (1 > 0).count() + `a`.count() + (true or false).count()"),
	                                "integer"),
	                NULL, NULL, NULL),
	    "-1");
	/* A condition may look at a calculated value. */
	qf_form f;
	parses(js(arena_printf(
	           A,
	           "{'resourceType':'Questionnaire','url':'https://example.org/c','version':'1','title':'C',"
	           "'status':'active','item':[" SCORED(
	               "q1") ",{'linkId':'s','type':'integer','text':'S',"
	                     "'extension':[%s]},{'linkId':'help','type':'string','text':'Hjelp?','enableWhen':["
	                     "{'question':'s','operator':'>=','answerInteger':3}]}]}",
	           CALC("%resource.item.answer.value.ordinal().sum()"))),
	       &f);
	qf_answer *ans = no_answers(&f);
	set(ans, 0, 1, "LA6571-9");
	set(ans, 2, 1, "ja");
	bool *on = qf_settle(A, &f, ans);
	assert_true(on[2]);
	assert_string_equal(ans[2].values[0], "ja"); /* turned on by the total: its answer is kept */
	assert_string_equal(ans[1].values[0], "3");
	set(ans, 0, 1, "LA6569-3");
	set(ans, 2, 1, "ja");
	on = qf_settle(A, &f, ans);
	assert_false(on[2]);
	assert_int_equal(ans[2].n, 0);

	/* Outside the subset: refused by name at import. */
	refused(
	    calculated_form("", CALC("%resource.item.answer.value.ordinal().avg()"), "integer"),
	    "item 'total': calculatedExpression '%resource.item.answer.value.ordinal().avg()': the function avg() is "
	    "not supported (at item[1])");
	refused(calculated_form("", CALC("%score + 1"), "integer"), "the variable %score is not defined");
	refused(calculated_form("", CALC("%resource.item.where(linkId.matches(`q\\\\d`)).count()"), "integer"),
	        "matches(): '\\d' is not POSIX extended regular expression syntax");
	refused(calculated_form("", CALC("1 +"), "integer"),
	        "calculatedExpression '1 +': the expression ends too early");
	refused(calculated_form("", CALC("1 2"), "integer"), "calculatedExpression '1 2': unexpected '2'");
	refused(calculated_form("", CALC("(1"), "integer"), "a ')' is missing");
	refused(calculated_form("", CALC("1"), "string"),
	        "calculatedExpression is supported on integer, decimal and quantity items only");
	refused(calculated_form("",
	                        "{'url':'http://hl7.org/fhir/uv/sdc/StructureDefinition/"
	                        "sdc-questionnaire-calculatedExpression','valueExpression':{'language':'text/cql',"
	                        "'expression':'1'}}",
	                        "integer"),
	        "calculatedExpression needs a valueExpression in text/fhirpath");
	refused(calculated_form(VAR("x", "%y"), "", "integer"),
	        "the questionnaire: the variable %x: the variable %y is not defined");
}

/* The demo PHQ-9: options from a contained value set, a total once all nine
 * are answered, and the last question only when the total is above 0. */
static void the_demo_phq9_scores(void **state)
{
	(void)state;
	const qf_form *f = demo("questionnaire-phq9.json");
	int total = find(f, "total"), last = find(f, "vansker");
	assert_string_equal(qf_option_display(&f->items[find(f, "phq9-1")].options[3], LOCALE_EN), "Nearly every day");
	qf_answer *ans = no_answers(f);
	for (int i = 1; i <= 8; i++)
		set(ans, (size_t)find(f, arena_printf(A, "phq9-%d", i)), 1, "LA6570-1");
	bool *on = qf_settle(A, f, ans);
	assert_int_equal(ans[total].n, 0); /* eight of nine: no total */
	assert_false(on[last]);
	set(ans, (size_t)find(f, "phq9-9"), 1, "LA6568-5");
	on = qf_settle(A, f, ans);
	assert_string_equal(ans[total].values[0], "16");
	assert_true(on[last]);
	for (int i = 1; i <= 9; i++)
		set(ans, (size_t)find(f, arena_printf(A, "phq9-%d", i)), 1, "LA6568-5");
	set(ans, (size_t)last, 1, "LA6573-5");
	on = qf_settle(A, f, ans);
	assert_string_equal(ans[total].values[0], "0");
	assert_false(on[last]);
	assert_int_equal(ans[last].n, 0);
}

#define ITEM_CONTROL(code)                                                                                           \
	"'extension':[{'url':'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl',"                   \
	"'valueCodeableConcept':{'coding':[{'system':'http://hl7.org/fhir/questionnaire-item-control','code':'" code \
	"'}]}}]"

/* A help text under a question is shown with it, answered or not; a
 * control helsami does not draw is refused by its code
 * (test_questionnaire_controls.c has the rest). */
static void help_texts_under_questions(void **state)
{
	(void)state;
	qf_form f;
	parses(with_items("{'linkId':'q','type':'boolean','text':'Røyker du?','item':["
	                  "{'linkId':'q-help','type':'display','text':'Også snus.'," ITEM_CONTROL(
	                      "help") "},"
	                              "{'linkId':'q-more','type':'integer','text':'Hvor mye?'}]}"),
	       &f);
	assert_true(f.items[1].help);
	qf_answer *ans = no_answers(&f);
	bool *on = qf_settle(A, &f, ans);
	assert_true(on[1]);  /* the help, before the question is answered */
	assert_false(on[2]); /* the follow-up waits for the answer */
	refused(with_items("{'linkId':'q','type':'choice','text':'Q'," ITEM_CONTROL(
	            "autocomplete") ","
	                            "'answerOption':[{'valueCoding':{'code':'a','display':'A'}}]}"),
	        "item 'q': the extension http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl with "
	        "'autocomplete' is not supported on this item (only 'help' on a display item, 'radio-button' and "
	        "'drop-down' on a boolean or single choice, 'check-box' on a choice, 'highlight', 'inline' and "
	        "'sidebar' on a text or display item, 'data-receiver' on an integer, decimal or quantity) (at item[0])");
	refused(with_items("{'linkId':'d','type':'display','text':'D'," ITEM_CONTROL("help") "}"),
	        "item 'd': a help text ('help' itemControl) must be within the item it helps with");
}

static bool import_file(const char *name, const qf_identity *set, qf_form *f, const char **error)
{
	size_t n;
	char *text = data_file(name, &n);
	const char *compact;
	return qf_import_text(A, text, n, set, f, &compact, error);
}

static void every_problem_is_reported_with_its_path(void **state)
{
	(void)state;
	qf_form f;
	const char *error;
	/* Published without url and version: both named, at once. */
	assert_false(import_file("lforms-q-3-level-deep.json", NULL, &f, &error));
	assert_non_null(strstr(error, "neither 'url' nor 'name'"));
	assert_non_null(strstr(error, "\nthe questionnaire: 'version' is missing"));
	/* Four problems in four items, each with its linkId and path. */
	assert_false(
	    parse(with_items("{'linkId':'a','type':'reference','text':'A'},"
	                     "{'linkId':'g','type':'group','text':'G','item':["
	                     "{'linkId':'b','type':'string','text':'B','answerValueSet':'x'},"
	                     "{'linkId':'c','type':'boolean','text':'C','extension':[{'url':'http://e.org/x'}]}]},"
	                     "{'linkId':'d','type':'display'}"),
	          &f, &error));
	assert_string_equal(error, "item 'a': type 'reference' is not supported (at item[0])\n"
	                           "item 'b': only choice items have answer options (at item[1].item[0])\n"
	                           "item 'c': the extension http://e.org/x is not supported (at item[1].item[1])\n"
	                           "item 'd': a display item needs text (at item[2])");
}

static void identity_is_url_or_name_with_version(void **state)
{
	(void)state;
	qf_form f;
	const char *error;
	/* A form without url is known by its name. */
	parses(js("{'resourceType':'Questionnaire','name':'HV-KES-1','version':'2','title':'T','status':'active',"
	          "'item':[" Q1 "]}"),
	       &f);
	assert_null(f.url);
	assert_string_equal(f.identity, "HV-KES-1");
	json_t *r = json_loads(qf_response_json(A, &f, no_answers(&f), false, 0), 0, NULL);
	assert_null(json_object_get(r, "questionnaire")); /* not a canonical url */
	json_decref(r);
	/* Import options set what the publisher left out, and override. */
	qf_identity given = {.url = "https://lhncbc.github.io/lforms/test-enablewhen", .version = "1"};
	assert_true(import_file("lforms-test-enablewhen.json", &given, &f, &error));
	assert_string_equal(f.identity, given.url);
	assert_string_equal(f.version, "1");
	qf_identity other = {.version = "7"};
	assert_true(import_file("lforms-default-boolean.json", &other, &f, &error));
	assert_string_equal(f.url, "https://example.org/R4/Questionnaire/default-boolean");
	assert_string_equal(f.version, "7");
	/* The size limit holds for compact JSON: indentation does not count. */
	size_t pad = QF_RESOURCE_MAX_BYTES + 10;
	char *big = arena_alloc(A, pad + 200);
	const char *head = with_items(Q1);
	size_t n = strlen(head);
	memcpy(big, head, n - 1);
	memset(big + n - 1, ' ', pad);
	strcpy(big + n - 1 + pad, "}");
	const char *compact;
	assert_true(qf_import_text(A, big, strlen(big), NULL, &f, &compact, &error));
	assert_int_equal(strlen(compact), n);
	/* Over the limit as compact JSON: refused. */
	char *long_text = arena_alloc(A, QF_RESOURCE_MAX_BYTES + 1);
	memset(long_text, 'x', QF_RESOURCE_MAX_BYTES);
	long_text[QF_RESOURCE_MAX_BYTES] = '\0';
	const char *over = arena_printf(A, "{\"description\":\"%s\",%s", long_text, with_items(Q1) + 1);
	assert_false(qf_import_text(A, over, strlen(over), NULL, &f, &compact, &error));
	assert_string_equal(error, "the resource is larger than 1024 KiB as compact JSON");
}

static void nesting_readonly_initial_hidden(void **state)
{
	(void)state;
	qf_form f;
	parses(with_items(
	           "{'linkId':'g','type':'group','item':[{'linkId':'h','type':'group','text':'H','item':["
	           "{'linkId':'q','type':'boolean','text':'Q','item':[{'linkId':'f','type':'string','text':'F'}]}]}]},"
	           "{'linkId':'ro','type':'integer','text':'R','readOnly':true,'initial':[{'valueInteger':3}]},"
	           "{'linkId':'rf','type':'string','text':'RF','readOnly':false,'initial':[{'valueString':'hei'}]},"
	           "{'linkId':'hid','type':'decimal','extension':[{'url':"
	           "'http://hl7.org/fhir/StructureDefinition/questionnaire-hidden','valueBoolean':true}],"
	           "'initial':[{'valueDecimal':1.5}]},"
	           "{'linkId':'c','type':'choice','text':'C','repeats':true,'answerOption':["
	           "{'valueCoding':{'code':'a','display':'A'},'initialSelected':true},"
	           "{'valueCoding':{'code':'b','display':'B'}}]}"),
	       &f);
	assert_int_equal(f.n, 8);
	assert_null(f.items[0].text_nb); /* a group without text */
	assert_int_equal(f.items[1].group, 0);
	assert_int_equal(f.items[2].group, 1);
	assert_int_equal(f.items[3].group, 2); /* a follow-up under a question */
	assert_int_equal(f.items[3].depth, 3);
	assert_true(f.items[4].read_only);
	assert_false(qf_is_input(&f.items[4]));
	assert_false(f.items[5].read_only); /* readOnly: false is the default */
	assert_true(qf_is_input(&f.items[5]));
	assert_string_equal(f.items[5].initial[0], "hei");
	assert_true(f.items[6].hidden);
	assert_false(qf_is_input(&f.items[6]));
	assert_string_equal(f.items[6].initial[0], "1.5");
	assert_int_equal(f.items[7].ninitial, 1);
	assert_string_equal(f.items[7].initial[0], "a");

	/* Whatever was sent for read-only and hidden items, they keep their initial values. */
	qf_answer *ans = no_answers(&f);
	set(ans, 4, 1, "999");
	set(ans, 3, 1, "svar"); /* a follow-up without its question's answer */
	bool *enabled = qf_settle(A, &f, ans);
	assert_string_equal(ans[4].values[0], "3");
	assert_string_equal(ans[6].values[0], "1.5");
	assert_false(enabled[3]);
	assert_int_equal(ans[3].n, 0);
	/* With its question answered the follow-up counts, nested in the answer. */
	set(ans, 2, 1, "true");
	set(ans, 3, 1, "svar");
	enabled = qf_settle(A, &f, ans);
	assert_true(enabled[3]);
	const char *json = qf_response_json(A, &f, ans, true, 0);
	assert_non_null(strstr(
	    json, "{\"answer\":[{\"item\":[{\"answer\":[{\"valueString\":\"svar\"}],\"linkId\":\"f\",\"text\":\"F\"}],"
	          "\"valueBoolean\":true}],\"linkId\":\"q\",\"text\":\"Q\"}"));
	qf_answer *back = no_answers(&f);
	assert_true(qf_response_answers(A, &f, json, back));
	assert_string_equal(back[3].values[0], "svar");
	assert_string_equal(back[2].values[0], "true");
	assert_string_equal(back[4].values[0], "3");

	/* Deeper than QF_DEPTH_MAX is refused. */
	char *deep = arena_strdup(A, "{'linkId':'x0','type':'string','text':'X'}");
	for (int d = 1; d <= QF_DEPTH_MAX; d++)
		deep = arena_printf(A, "{'linkId':'x%d','type':'group','text':'G','item':[%s]}", d, deep);
	refused(with_items(deep), "nested more than 8 levels deep");
}

/* Whether item `link` is enabled after settling the answers. */
static bool on(const qf_form *f, qf_answer *ans, const char *link)
{
	bool *enabled = qf_settle(A, f, ans);
	return enabled[find(f, link)];
}

static void enable_when_every_operator(void **state)
{
	(void)state;
	qf_form f;
	const char *error;
	qf_identity id = {.url = "u", .version = "1"};
	assert_true(import_file("lforms-test-enablewhen.json", &id, &f, &error));
	/* 4.2 when 4.1 = Diabetes; 4.3 when 4.1 != Diabetes; 4.4 when 4.3 exists; 4.5 when 4.3 does not. */
	qf_answer *ans = no_answers(&f);
	assert_false(on(&f, ans, "4.2"));
	assert_false(on(&f, ans, "4.3")); /* no answer: only exists holds */
	assert_false(on(&f, ans, "4.4"));
	assert_true(on(&f, ans, "4.5"));
	set(ans, 0, 1, "Diabetes");
	assert_true(on(&f, ans, "4.2"));
	assert_false(on(&f, ans, "4.3"));
	set(ans, 0, 1, "Other");
	set(ans, 2, 1, "Asthma");
	set(ans, 4, 1, "x");
	assert_false(on(&f, ans, "4.2"));
	assert_true(on(&f, ans, "4.3"));
	assert_true(on(&f, ans, "4.4"));
	assert_false(on(&f, ans, "4.5"));
	assert_int_equal(ans[4].n, 0); /* a disabled item loses its answer */
	/* A disabled item is not required; its answer is dropped. */
	set(ans, 0, 1, "Diabetes");
	set(ans, 1, 1, "Insulin Treated");
	qf_settle(A, &f, ans);
	assert_int_equal(ans[2].n, 0);
	assert_false(on(&f, ans, "4.4")); /* 4.3 off, so it does not exist */

	/* Ordering operators on numbers, dates and strings; all and any. */
	parses(with_items("{'linkId':'n','type':'decimal','text':'N'},{'linkId':'d','type':'date','text':'D'},"
	                  "{'linkId':'s','type':'string','text':'S'},"
	                  "{'linkId':'gt','type':'string','text':'x','enableWhen':[{'question':'n','operator':'>','"
	                  "answerDecimal':4.8}]},"
	                  "{'linkId':'le','type':'string','text':'x','enableWhen':[{'question':'d','operator':'<=','"
	                  "answerDate':'2020-05-01'}]},"
	                  "{'linkId':'lt','type':'string','text':'x','enableWhen':[{'question':'s','operator':'<','"
	                  "answerString':'test'}]},"
	                  "{'linkId':'all','type':'group','text':'x','enableBehavior':'all','enableWhen':["
	                  "{'question':'n','operator':'>=','answerDecimal':5},{'question':'s','operator':'=','"
	                  "answerString':'a'}],"
	                  "'item':[{'linkId':'in','type':'boolean','text':'x'}]},"
	                  "{'linkId':'any','type':'string','text':'x','enableBehavior':'any','enableWhen':["
	                  "{'question':'n','operator':'=','answerDecimal':1},{'question':'s','operator':'!=','"
	                  "answerString':'a'}]}"),
	       &f);
	ans = no_answers(&f);
	set(ans, 0, 1, "10");
	set(ans, 1, 1, "2020-05-01");
	set(ans, 2, 1, "a");
	assert_true(on(&f, ans, "gt")); /* 10 > 4.8 as numbers, not text */
	assert_true(on(&f, ans, "le"));
	assert_true(on(&f, ans, "lt"));
	assert_true(on(&f, ans, "all"));
	assert_true(on(&f, ans, "in")); /* within an enabled group */
	assert_false(on(&f, ans, "any"));
	set(ans, 2, 1, "b"); /* one of all's two conditions holds: off; any's != now holds */
	assert_false(on(&f, ans, "all"));
	assert_true(on(&f, ans, "any"));
	set(ans, 2, 1, "a");
	set(ans, 0, 1, "4.8");
	set(ans, 1, 1, "2020-05-02");
	set(ans, 2, 1, "u");
	set(ans, 7, 1, "true");
	assert_false(on(&f, ans, "gt"));
	assert_false(on(&f, ans, "le"));
	assert_false(on(&f, ans, "lt"));
	assert_false(on(&f, ans, "all"));
	assert_false(on(&f, ans, "in")); /* its group is off */
	assert_int_equal(ans[7].n, 0);
	assert_true(on(&f, ans, "any"));
	/* Conditions are settled before answers are checked: a decimal comma
	 * reads as a point, as the browser's script reads it. */
	set(ans, 0, 1, "4,9");
	assert_true(on(&f, ans, "gt"));
	set(ans, 0, 1, "4,7");
	assert_false(on(&f, ans, "gt"));
}

/* The national portal's attachment test forms (helsenorge/refero
 * preview/skjema): maxSize and repeating attachments import; what still
 * stands in the way is the portal's own display extensions, each named. */
static void the_portals_attachment_forms(void **state)
{
	(void)state;
	qf_form f;
	const char *error;
	qf_identity v1 = {.version = "1"};
	if (!import_file("refero-Vedlegg_opplasting-trimmed.json", NULL, &f, &error))
		fail_msg("%s", error);
	const qf_item *required = &f.items[find(&f, "fa009548-1f73-4d15-8343-f70362f68f52")];
	const qf_item *many = &f.items[find(&f, "98a6514d-be82-4e06-85e7-bf6a8d2ae655")];
	const qf_item *in_group = &f.items[find(&f, "10194eec-da97-4971-8b8b-d146c8500dbe")];
	assert_true(required->required && !required->repeats);
	assert_true(many->repeats && in_group->repeats);
	assert_int_equal(qf_files_max(many), QF_ITEM_FILES_MAX);
	assert_int_equal(qf_file_max(required), UPLOAD_FILE_MAX); /* maxSize 5: 5 MB, above the limit */
	assert_int_equal(f.items[find(&f, "22ccddf8-ec85-4d77-f3b4-a3a5a18ee731")].nenable_when, 1);

	/* As published, with the version its publisher left out: the portal's
	 * display settings are taken (questionnaire_national.h). */
	if (!import_file("refero-Vedlegg_opplasting.json", &v1, &f, &error))
		fail_msg("%s", error);
	assert_int_equal(f.items[find(&f, "98a6514d-be82-4e06-85e7-bf6a8d2ae655")].type, QF_ATTACHMENT);
	assert_false(import_file("refero-mandatory_attachment.json", &v1, &f, &error));
	assert_null(strstr(error, "sdf-sublabel"));
	assert_non_null(strstr(error, "'title' is missing"));
	assert_null(strstr(error, "maxSize"));
}

static void published_forms_import_or_are_refused_by_name(void **state)
{
	(void)state;
	qf_form f;
	const char *error;
	qf_identity v1 = {.version = "1"},
	            uv = {.url = "https://lhncbc.github.io/lforms/q-3-level-deep", .version = "1"};
	assert_true(import_file("lforms-default-boolean.json", NULL, &f, &error));
	assert_true(import_file("lforms-q-3-level-deep.json", &uv, &f, &error));
	assert_int_equal(f.items[2].depth, 2);
	/* Calculated values copied from another answer, shown, hidden, in groups. */
	if (!import_file("lforms-hidden-item-questionnaire.R4.json", &v1, &f, &error))
		fail_msg("%s", error);
	int typed = find(&f, "ITEM-VISIBLE");
	qf_answer *ans = no_answers(&f);
	set(ans, (size_t)typed, 1, "2.5");
	set(ans, (size_t)find(&f, "CE-VISIBLE"), 1, "999"); /* whatever is posted for it */
	qf_settle(A, &f, ans);
	static const char *const copies[] = {"CE-HIDDEN", "CE-VISIBLE", "GROUP-VISIBLE/CE-HIDDEN",
	                                     "GROUP-VISIBLE/CE-VISIBLE", "GROUP-HIDDEN/CE-HIDDEN"};
	for (size_t i = 0; i < ARRAY_LEN(copies); i++) {
		const qf_answer *got = &ans[find(&f, copies[i])];
		assert_int_equal(got->n, 1);
		assert_string_equal(got->values[0], "2.5");
		assert_false(qf_is_input(&f.items[find(&f, copies[i])]));
	}
	assert_false(import_file("lforms-q-required-with-parent-enableWhen.json", &v1, &f, &error));
	assert_non_null(strstr(error, "sdc-questionnaire-enableWhenExpression is not supported"));

	/* Argonaut's PHQ-9: its answer options come from contained value sets
	 * named by url; what stands in the way is named, every one at once. */
	assert_false(import_file("lforms-argonaut-phq9-ish.json", NULL, &f, &error));
	assert_string_equal(error,
	                    "the questionnaire: the extension http://hl7.org/fhir/StructureDefinition/rendering-style "
	                    "on 'title' is not supported\n"
	                    "item 'g1.d': only questions and groups can be required (at item[0].item[0])");
	/* Without those, it imports with scored options from the expansion. */
	size_t len;
	char *text = data_file("lforms-argonaut-phq9-ish.json", &len);
	json_t *root = json_loadb(text, len, 0, NULL);
	json_t *g1 = json_array_get(json_object_get(root, "item"), 0);
	json_object_del(root, "_title");
	json_object_del(json_array_get(json_object_get(g1, "item"), 0), "required");
	char *fixed = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	const char *compact;
	bool ok = qf_import_text(A, fixed, strlen(fixed), NULL, &f, &compact, &error);
	free(fixed);
	if (!ok)
		fail_msg("%s", error);
	const qf_item *q9 = &f.items[find(&f, "g1.q9")], *q10 = &f.items[find(&f, "g2.q1")];
	assert_int_equal(q9->noptions, 4);
	assert_string_equal(q9->options[3].code, "LA6571-9");
	assert_string_equal(q9->options[3].system, "http://loinc.org");
	assert_true(q9->options[3].scored && q9->options[3].score == 3.0);
	assert_int_equal(q10->noptions, 4);
	assert_false(q10->options[0].scored);
	/* Its two groups are required: an answer in each, on submit. */
	qf_answer *none = no_answers(&f);
	qf_problem *found;
	size_t n = qf_check(A, &f, none, qf_settle(A, &f, none), true, &found);
	assert_int_equal(n, 12); /* the groups and their ten questions */
	assert_string_equal(f.items[found[0].item].link_id, "g1");
	assert_string_equal(found[0].key, "questionnaires.error.group_required");
	assert_string_equal(f.items[found[10].item].link_id, "g2");
	assert_string_equal(found[10].key, "questionnaires.error.group_required");
	qf_answer *some = no_answers(&f);
	set(some, (size_t)find(&f, "g1.q9"), 1, "LA6571-9");
	set(some, (size_t)find(&f, "g2.q1"), 1, (const char *)q10->options[0].code);
	n = qf_check(A, &f, some, qf_settle(A, &f, some), true, &found);
	assert_int_equal(n, 8);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(found[i].key, "form.error.required");
	assert_int_equal(qf_check(A, &f, none, qf_settle(A, &f, none), false, &found), 0); /* a draft */
}

/* One occurrence's count (qf_counts), from A. */
static const qf_counts *count_of(const char *key, size_t n)
{
	qf_count *c = arena_alloc(A, sizeof *c);
	*c = (qf_count){.key = key, .n = n};
	qf_counts *out = arena_alloc(A, sizeof *out);
	*out = (qf_counts){.v = c, .n = 1};
	return out;
}

/* A medicine list: a repeating, required group with a required name and a
 * dose asked once the name is given; then a required group of two. */
#define MEDICINES                                                                                              \
	"{'linkId':'med','type':'group','text':'Medisin','repeats':true,'required':true,'item':["              \
	"{'linkId':'name','type':'string','text':'Navn','required':true},"                                     \
	"{'linkId':'dose','type':'string','text':'Dose','enableWhen':[{'question':'name','operator':'exists'," \
	"'answerBoolean':true}]},{'linkId':'why','type':'string','text':'Hvorfor'}]},"                         \
	"{'linkId':'other','type':'group','text':'Annet','required':true,'item':["                             \
	"{'linkId':'a','type':'string','text':'A'},{'linkId':'b','type':'boolean','text':'B'}]}"

/* Items of MEDICINES with three instances: med 0, 4, 8 (name +1, dose +2,
 * why +3), other 12, a 13, b 14. */
static void repeating_groups_have_instances(void **state)
{
	(void)state;
	qf_form def, f;
	parses(with_items(MEDICINES), &def);
	assert_int_equal(def.n, 7);
	assert_true(qf_is_repeating_group(&def.items[0]));
	assert_true(qf_expand(A, &def, count_of("0", 3), &f));
	assert_int_equal(f.n, 15);
	assert_ptr_equal(qf_definition(&f), &def);
	/* Each instance copies the group's items; its condition looks within it. */
	assert_string_equal(f.items[4].link_id, "med");
	assert_int_equal(f.items[4].instance, 1);
	assert_int_equal(f.items[5].group, 4);
	assert_int_equal(f.items[5].source, 1);
	assert_int_equal(f.items[6].enable_when[0].question, 5);
	assert_int_equal(f.items[10].enable_when[0].question, 9);
	assert_string_equal(f.items[12].link_id, "other");
	assert_int_equal(f.items[13].group, 12);
	assert_int_equal(def.items[2].enable_when[0].question, 1); /* the definition is untouched */

	qf_answer *ans = no_answers(&f);
	set(ans, 1, 1, "Paracet");
	set(ans, 9, 1, "Ibux");
	set(ans, 10, 1, "400 mg");
	const bool *on = qf_settle(A, &f, ans);
	assert_true(on[2] && !on[6] && on[10]);
	/* The empty second instance is not there: its name is not asked for;
	 * the group of two needs one answer. */
	qf_problem *found;
	size_t n = qf_check(A, &f, ans, on, true, &found);
	assert_int_equal(n, 1);
	assert_int_equal(found[0].item, 12);
	assert_string_equal(found[0].key, "questionnaires.error.group_required");
	/* Required inside an instance is per instance: a reason without a name. */
	set(ans, 13, 1, "x");
	set(ans, 1, 0);
	set(ans, 3, 1, "vondt");
	on = qf_settle(A, &f, ans);
	n = qf_check(A, &f, ans, on, true, &found);
	assert_int_equal(n, 1);
	assert_int_equal(found[0].item, 1);
	assert_string_equal(found[0].key, "form.error.required");
	/* With nothing in any instance the first is asked for, and the groups. */
	qf_answer *none = no_answers(&f);
	n = qf_check(A, &f, none, qf_settle(A, &f, none), true, &found);
	assert_int_equal(n, 3);
	assert_int_equal(found[0].item, 0);
	assert_int_equal(found[1].item, 1);
	assert_int_equal(found[2].item, 12);

	/* The response repeats the group item, one per instance with answers. */
	set(ans, 1, 1, "Paracet");
	set(ans, 2, 1, "1 tablett");
	qf_settle(A, &f, ans);
	char *json = qf_response_json(A, &f, ans, true, 0);
	json_t *root = json_loads(json, 0, NULL);
	json_t *items = json_object_get(root, "item");
	assert_int_equal(json_array_size(items), 3);
	json_t *second = json_array_get(items, 1);
	assert_string_equal(json_string_value(json_object_get(second, "linkId")), "med");
	json_t *name = json_array_get(json_object_get(second, "item"), 0);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(json_object_get(name, "answer"), 0), "valueString")),
	    "Ibux");
	json_decref(root);
	/* Read back: as many instances as the response holds, in order. */
	const qf_counts *back = qf_response_counts(A, &def, json);
	assert_int_equal(back->n, 1);
	assert_string_equal(back->v[0].key, "0");
	assert_int_equal(back->v[0].n, 2);
	qf_form g;
	assert_true(qf_expand(A, &def, back, &g));
	assert_int_equal(g.n, 11);
	qf_answer *read = no_answers(&g);
	assert_true(qf_response_answers(A, &g, json, read));
	assert_string_equal(read[1].values[0], "Paracet");
	assert_string_equal(read[2].values[0], "1 tablett");
	assert_string_equal(read[3].values[0], "vondt");
	assert_string_equal(read[5].values[0], "Ibux");
	assert_string_equal(read[6].values[0], "400 mg");
	assert_string_equal(read[9].values[0], "x");
	/* More instances than the form has are left out. */
	qf_answer *one = no_answers(&def);
	assert_true(qf_response_answers(A, &def, json, one));
	assert_string_equal(one[1].values[0], "Paracet");
	assert_string_equal(one[5].values[0], "x");

	/* Counts the form cannot have. */
	assert_false(qf_expand(A, &def, count_of("0", 0), &g));
	assert_false(qf_expand(A, &def, count_of("0", QF_INSTANCES_MAX + 1), &g));
	assert_false(qf_expand(A, &def, count_of("1", 2), &g)); /* not a repeating group */
	assert_false(qf_expand(A, &def, count_of("0.1", 2), &g)); /* no group around it */
	assert_true(qf_expand(A, &def, count_of("0", QF_INSTANCES_MAX), &g));
	assert_int_equal(g.n, 4 * QF_INSTANCES_MAX + 3);
}

#define EXT(name, value) "{'url':'http://hl7.org/fhir/StructureDefinition/" name "'," value "}"

static void value_rules_and_units(void **state)
{
	(void)state;
	qf_form f;
	parses(
	    with_items("{'linkId':'days','type':'integer','text':'Dager','extension':[" EXT(
	        "minValue",
	        "'valueInteger'"
	        ":0") "," EXT("maxValue",
	                      "'valueInteger':7") "]},"
	                                          "{'linkId':'temp','type':'decimal','text':'"
	                                          "Temperatur','extension':[" EXT(
	                                              "minValue",
	                                              "'value"
	                                              "Decima"
	                                              "l':34."
	                                              "5") "," EXT("questionnaire-unit",
	                                                           "'valueCoding':{'system':'http://"
	                                                           "unitsofmeasure.org','code':'Cel','display':'"
	                                                           "°C'}") "]},"
	                                                                   "{'linkId':'when','type':'date','text':"
	                                                                   "'Når','extension':[" EXT(
	                                                                       "maxValue",
	                                                                       "'valueDate':'2026-12-"
	                                                                       "31'") "]},"
	                                                                              "{'linkId':'pnr'"
	                                                                              ",'type':'"
	                                                                              "string','text':"
	                                                                              "'Postnummer','"
	                                                                              "extension':"
	                                                                              "[" EXT(
	                                                                                  "regex",
	                                                                                  "'valueStrin"
	                                                                                  "g':'[0-9]{"
	                                                                                  "4}'") "]},"
	                                                                                         "{'"
	                                                                                         "link"
	                                                                                         "Id':"
	                                                                                         "'why"
	                                                                                         "','"
	                                                                                         "type"
	                                                                                         "':'"
	                                                                                         "text"
	                                                                                         "','"
	                                                                                         "text"
	                                                                                         "':'"
	                                                                                         "Hvor"
	                                                                                         "for'"
	                                                                                         ",'"
	                                                                                         "exte"
	                                                                                         "nsio"
	                                                                                         "n':"
	                                                                                         "[" EXT(
	                                                                                             "minLength",
	                                                                                             "'valueInteger':"
	                                                                                             "10") "]},"
	                                                                                                   "{'linkId':"
	                                                                                                   "'h','type'"
	                                                                                                   ":'"
	                                                                                                   "quantity',"
	                                                                                                   "'text':'"
	                                                                                                   "Høyde','"
	                                                                                                   "extension'"
	                                                                                                   ":[" EXT(
	                                                                                                       "questi"
	                                                                                                       "onnair"
	                                                                                                       "e-"
	                                                                                                       "unitOp"
	                                                                                                       "tion",
	                                                                                                       "'value"
	                                                                                                       "Coding"
	                                                                                                       "':{'"
	                                                                                                       "system"
	                                                                                                       "':'"
	                                                                                                       "http:/"
	                                                                                                       "/units"
	                                                                                                       "ofmeas"
	                                                                                                       "ure."
	                                                                                                       "org','"
	                                                                                                       "code':"
	                                                                                                       "'cm'}") "]}"),
	    &f);
	struct {
		size_t item;
		const char *value, *key;
		size_t max;
	} cases[] = {
	    {0, "0", NULL, 0},
	    {0, "7", NULL, 0},
	    {0, "-1", "questionnaires.error.min_value", 0},
	    {0, "8", "questionnaires.error.max_value", 7},
	    {1, "34,5", NULL, 0},
	    {1, "34.4", "questionnaires.error.too_low", 0},
	    {2, "2026-12-31", NULL, 0},
	    {2, "2027-01-01", "questionnaires.error.date_too_late", 0},
	    {3, "7010", NULL, 0},
	    {3, "701", "questionnaires.error.pattern", 0},
	    {3, "70100", "questionnaires.error.pattern", 0}, /* the whole answer matches */
	    {3, "x7010", "questionnaires.error.pattern", 0},
	    {4, "for kort", "questionnaires.error.too_short", 10},
	    {4, "lang nok, æøå", NULL, 0},
	    {5, "180,5", NULL, 0},
	    {5, "180 cm", "questionnaires.error.decimal", 0},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const char **v = arena_alloc(A, sizeof *v);
		v[0] = cases[i].value;
		qf_answer ans = {v, 1};
		size_t max;
		const char *key = qf_check_answer(A, &f.items[cases[i].item], &ans, true, &max);
		if (key != cases[i].key && !str_eq(key, cases[i].key))
			fail_msg("%s = '%s': %s, wanted %s", f.items[cases[i].item].link_id, cases[i].value,
			         key ? key : "fine", cases[i].key ? cases[i].key : "fine");
		if (key != NULL && cases[i].max > 0)
			assert_int_equal(max, cases[i].max);
	}
	/* A quantity is stored with its unit; a decimal's unit is the definition's. */
	assert_string_equal(f.items[1].unit.display, "°C");
	assert_string_equal(f.items[5].unit.display, "cm"); /* the code, without a display */
	qf_answer *ans = no_answers(&f);
	set(ans, 1, 1, "37.5");
	set(ans, 5, 1, "180.5");
	char *json = qf_response_json(A, &f, ans, true, 0);
	assert_non_null(strstr(json, "{\"valueQuantity\":{\"code\":\"cm\",\"system\":\"http://unitsofmeasure.org\","
	                             "\"unit\":\"cm\",\"value\":180.5}}"));
	assert_non_null(strstr(json, "{\"valueDecimal\":37.5}"));
	qf_answer *back = no_answers(&f);
	assert_true(qf_response_answers(A, &f, json, back));
	assert_string_equal(back[5].values[0], "180.5");

	/* What cannot be honoured is refused by name. */
	refused(with_items(
	            "{'linkId':'s','type':'string','text':'S','extension':[" EXT("minValue", "'valueInteger':1") "]}"),
	        "item 's': minValue is for integer, decimal, quantity and date items");
	refused(with_items("{'linkId':'n','type':'integer','text':'N','extension':[" EXT("minValue",
	                                                                                 "'valueDecimal':1.5") "]}"),
	        "'value' must be a valueInteger matching the question's type");
	refused(with_items("{'linkId':'n','type':'integer','text':'N','extension':[" EXT(
	            "minValue", "'valueInteger':5") "," EXT("maxValue", "'valueInteger':1") "]}"),
	        "item 'n': minValue is above maxValue");
	refused(with_items("{'linkId':'s','type':'string','text':'S','extension':[" EXT(
	            "regex", "'valueString':'\\\\d{4}'") "]}"),
	        "item 's': regex '\\d{4}': '\\d' is not POSIX extended regular expression syntax");
	refused(with_items(
	            "{'linkId':'s','type':'string','text':'S','extension':[" EXT("regex", "'valueString':'(['") "]}"),
	        "the regular expression is not valid");
	refused(with_items("{'linkId':'s','type':'string','text':'S','maxLength':5,'extension':[" EXT(
	            "minLength", "'valueInteger':6") "]}"),
	        "item 's': minLength is above maxLength");
	/* Several unitOptions are a choice (test_questionnaire_controls.c); with questionnaire-unit, not. */
	refused(
	    with_items("{'linkId':'q','type':'quantity','text':'Q','extension':[" EXT(
	        "questionnaire-unit", "'valueCoding':{'code':'kg'}") "," EXT("questionnaire-unitOption",
	                                                                     "'valueCoding':{'code':'[lb_av]'}") "]}"),
	    "item 'q': questionnaire-unit goes alone, without another unit or unitOption");
	refused(with_items("{'linkId':'d','type':'date','text':'D','extension':[" EXT(
	            "questionnaire-unit", "'valueCoding':{'code':'kg'}") "]}"),
	        "item 'd': a unit (questionnaire-unit, unitOption) is for integer, decimal and quantity items");
}

#define UCUM "'system':'http://unitsofmeasure.org'"
#define KG_ITEM(bounds)                                                               \
	with_items("{'linkId':'w','type':'quantity','text':'Vekt','extension':[" EXT( \
	    "questionnaire-unit", "'valueCoding':{" UCUM ",'code':'kg','display':'kg'}") bounds "]}")

/* A quantity's bound as a valueQuantity in the item's one unit is checked
 * and shown as a valueDecimal bound is; in another unit (or without the
 * unit's system) it is refused by name, as with a choice of units. */
static void quantity_bounds_as_quantities(void **state)
{
	(void)state;
	qf_form f;
	parses(KG_ITEM("," EXT("minValue", "'valueQuantity':{'value':1," UCUM ",'code':'kg','unit':'kg'}") "," EXT(
	           "maxValue", "'valueQuantity':{'value':400.5," UCUM ",'code':'kg'}")),
	       &f);
	assert_string_equal(f.items[0].min_value, "1");
	assert_string_equal(f.items[0].max_value, "400.5");
	const char *values[] = {"0,5", "1", "400,5", "401"};
	const char *want[] = {"questionnaires.error.min_value", NULL, NULL, "questionnaires.error.too_high"};
	for (size_t i = 0; i < ARRAY_LEN(values); i++) {
		qf_answer ans = {&values[i], 1};
		size_t max;
		const char *key = qf_check_answer(A, &f.items[0], &ans, true, &max);
		if (key != want[i] && !str_eq(key, want[i]))
			fail_msg("%s: %s, wanted %s", values[i], key ? key : "fine", want[i] ? want[i] : "fine");
	}
	refused(KG_ITEM("," EXT("maxValue", "'valueQuantity':{'value':400," UCUM ",'code':'[lb_av]'}")),
	        "item 'w': maxValue is in the unit 'http://unitsofmeasure.org|[lb_av]', not the item's unit "
	        "'http://unitsofmeasure.org|kg'");
	refused(KG_ITEM("," EXT("minValue", "'valueQuantity':{'value':1,'code':'kg'}")),
	        "item 'w': minValue is in the unit 'kg', not the item's unit 'http://unitsofmeasure.org|kg'");
	refused(KG_ITEM("," EXT("minValue", "'valueQuantity':{'value':1,'system':'http://e.org','code':'kg'}")),
	        "minValue is in the unit 'http://e.org|kg'");
	refused(KG_ITEM("," EXT("minValue", "'valueQuantity':{" UCUM ",'code':'kg'}")),
	        "'value' must be a valueQuantity matching the question's type");
	refused(KG_ITEM("," EXT("minValue", "'valueQuantity':{'value':5," UCUM
	                                    ",'code':'kg'}") "," EXT("maxValue", "'valueDecimal':4")),
	        "item 'w': minValue is above maxValue");
	/* A unit that comes after its bound is checked all the same. */
	refused(with_items("{'linkId':'w','type':'quantity','text':'Vekt','extension':[" EXT(
	            "minValue", "'valueQuantity':{'value':1,'code':'g'}") "," EXT("questionnaire-unit",
	                                                                          "'valueCoding':{'code':'kg'}") "]}"),
	        "item 'w': minValue is in the unit 'g', not the item's unit 'kg'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_demo_questionnaire_parses),
	    cmocka_unit_test(quantity_bounds_as_quantities),
	    cmocka_unit_test(english_comes_from_translations),
	    cmocka_unit_test(without_a_translation_english_falls_back_to_bokmal),
	    cmocka_unit_test(an_english_form_is_english_with_norwegian_from_translations),
	    cmocka_unit_test(the_resource_itself_must_fit),
	    cmocka_unit_test(not_json_and_not_an_object),
	    cmocka_unit_test(every_item_rule_is_refused),
	    cmocka_unit_test(limits_on_size),
	    cmocka_unit_test(booleans_are_true_or_false),
	    cmocka_unit_test(strings_count_characters_and_keep_to_one_line),
	    cmocka_unit_test(integers_are_digits_within_the_limit),
	    cmocka_unit_test(decimals_take_a_comma_and_keep_a_point),
	    cmocka_unit_test(dates_are_real_calendar_dates),
	    cmocka_unit_test(choices_name_an_option),
	    cmocka_unit_test(required_only_when_complete),
	    cmocka_unit_test(display_items_and_groups_take_no_answer),
	    cmocka_unit_test(a_completed_response_round_trips),
	    cmocka_unit_test(an_in_progress_response_round_trips),
	    cmocka_unit_test(a_demo_response_round_trips),
	    cmocka_unit_test(reading_a_response_refuses_other_text),
	    cmocka_unit_test(review_findings_stay_fixed),
	    cmocka_unit_test(every_problem_is_reported_with_its_path),
	    cmocka_unit_test(identity_is_url_or_name_with_version),
	    cmocka_unit_test(nesting_readonly_initial_hidden),
	    cmocka_unit_test(enable_when_every_operator),
	    cmocka_unit_test(published_forms_import_or_are_refused_by_name),
	    cmocka_unit_test(answer_options_from_contained_value_sets),
	    cmocka_unit_test(calculated_values_on_the_server),
	    cmocka_unit_test(the_demo_phq9_scores),
	    cmocka_unit_test(help_texts_under_questions),
	    cmocka_unit_test(repeating_groups_have_instances),
	    cmocka_unit_test(value_rules_and_units),
	    cmocka_unit_test(attachment_items),
	    cmocka_unit_test(repeating_attachment_items),
	    cmocka_unit_test(attachment_size_and_types),
	    cmocka_unit_test(a_file_meets_its_items_rules),
	    cmocka_unit_test(the_portals_attachment_forms),
	};
	return cmocka_run_group_tests_name("questionnaire_form", tests, setup_with_catalog, teardown_with_catalog);
}
