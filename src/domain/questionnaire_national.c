/* questionnaire_national.c — the national portal's form settings and item
 * extensions of questionnaire_national.h. */
#include "domain/questionnaire_national.h"

#include "core/core.h"

#define SIDEBAR_URL "http://helsenorge.no/fhir/StructureDefinition/sdf-sidebar"
#define SIDEBAR_SYSTEM "http://helsenorge.no/fhir/ValueSet/sdf-sidebar"
#define MESSAGE_URL "http://helsenorge.no/fhir/StructureDefinition/sdf-information-message"
#define MESSAGE_SYSTEM "http://helsenorge.no/fhir/ValueSet/sdf-information-message"
/* Spelt as Helsenorge's form editor writes it (structor's IExtensionType.globalVisibility). */
#define VISIBILITY_URL "http://helsenorge.no/fhir/StructureDefintion/sdf-itemControl-visibility"
#define VISIBILITY_SYSTEM "http://helsenorge.no/fhir/CodeSystem/AttachmentRenderOptions"
#define SUBLABEL_URL "http://helsenorge.no/fhir/StructureDefinition/sdf-sublabel"
#define MAX_DECIMALS_URL "http://hl7.org/fhir/StructureDefinition/maxDecimalPlaces"
/* As refero's REPEATSTEXT_URL (src/constants/extensions.ts) and NHN's forms write it. */
#define REPEATS_TEXT_URL "http://ehelse.no/fhir/StructureDefinition/repeatstext"

bool qfn_setting(const char *url)
{
	return str_eq(url, SIDEBAR_URL) || str_eq(url, MESSAGE_URL) || str_eq(url, VISIBILITY_URL);
}

/* A coding's code when its system is the one given or absent; else NULL. */
static const char *code_in(json_t *coding, const char *system)
{
	const char *s = json_string_value(json_object_get(coding, "system"));
	if (s != NULL && !str_eq(s, system))
		return NULL;
	return json_string_value(json_object_get(coding, "code"));
}

/* sdf-itemControl-visibility: which texts the portal leaves out of the
 * PDF it makes of the answers (hide-help, hide-sublabel, hide-sidebar:
 * structor's "Hide ... in PDF"), and hide-progress, the step view's
 * progress indicator. helsami makes no PDF and has no step view, so each
 * is what it does; anything else is refused. */
static const char *visibility_refused(arena *a, json_t *e)
{
	static const char *const codes[] = {"hide-help", "hide-sublabel", "hide-sidebar", "hide-progress", NULL};
	json_t *list = json_object_get(json_object_get(e, "valueCodeableConcept"), "coding");
	if (json_array_size(list) == 0)
		return "(without a coding)";
	size_t i;
	json_t *c;
	json_array_foreach(list, i, c)
	{
		const char *code = code_in(c, VISIBILITY_SYSTEM);
		size_t k = 0;
		while (codes[k] != NULL && !str_eq(codes[k], code))
			k++;
		if (codes[k] == NULL) {
			const char *named = json_string_value(json_object_get(c, "code"));
			return arena_printf(a, "%s", named != NULL ? named : "(without a code)");
		}
	}
	return NULL;
}

const char *qfn_setting_refused(arena *a, json_t *e, const char *url)
{
	if (str_eq(url, VISIBILITY_URL))
		return visibility_refused(a, e);
	/* sdf-sidebar and sdf-information-message: code 1, which Helsenorge's
	 * form editor writes into every new form (the sidebar and the message at
	 * the top of the form shown), is what helsami does; what other codes
	 * mean is published nowhere helsami can read it. */
	json_t *coding = json_object_get(e, "valueCoding");
	const char *code = code_in(coding, str_eq(url, SIDEBAR_URL) ? SIDEBAR_SYSTEM : MESSAGE_SYSTEM);
	if (str_eq(code, "1"))
		return NULL;
	const char *named = json_string_value(json_object_get(coding, "code"));
	return named != NULL ? arena_printf(a, "%s", named) : "(without a valueCoding)";
}

bool qfn_extension(const char *url)
{
	return str_eq(url, SUBLABEL_URL) || str_eq(url, MAX_DECIMALS_URL) || str_eq(url, QFN_COPY_URL) ||
	       str_eq(url, REPEATS_TEXT_URL);
}

/* sdf-sublabel: Markdown shown under a question's label (refero's
 * getSublabelText, rendered as the label's sublabel). */
static void read_sublabel(qf_found *p, json_t *e, qf_item *it)
{
	const char *md = json_string_value(json_object_get(e, "valueMarkdown"));
	if (!qf_is_question(it))
		qf_found_add(p, "sdf-sublabel is for questions");
	else if (it->sublabel != NULL)
		qf_found_add(p, "sdf-sublabel is given twice");
	else if (md == NULL || md[0] == '\0' || utf8_length(md) > QF_MARKDOWN_MAX)
		qf_found_add(
		    p, arena_printf(p->a, "sdf-sublabel needs a valueMarkdown of 1 to %d characters", QF_MARKDOWN_MAX));
	else
		it->sublabel = arena_strdup(p->a, md);
}

/* maxDecimalPlaces: the most digits after the decimal point of a decimal
 * or quantity answer (0: a whole number), as refero's getDecimalPattern
 * checks what is typed. */
static void read_max_decimals(qf_found *p, json_t *e, qf_item *it)
{
	json_t *v = json_object_get(e, "valueInteger");
	if (it->type != QF_DECIMAL && it->type != QF_QUANTITY)
		qf_found_add(p, "maxDecimalPlaces is for decimal and quantity items");
	else if (it->decimals_limited)
		qf_found_add(p, "maxDecimalPlaces is given twice");
	else if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > QF_DECIMAL_DIGITS)
		qf_found_add(
		    p, arena_printf(p->a, "maxDecimalPlaces needs a valueInteger from 0 to %d", QF_DECIMAL_DIGITS));
	else {
		it->decimals_limited = true;
		it->max_decimals = (int)json_integer_value(v);
	}
}

/* repeatstext: the text of the "add another" button of a repeating
 * question or group (refero's getRepeatsTextExtension, the valueString,
 * shown on its RepeatButton). A repeating choice has check boxes and a
 * file item its file input, no such button. */
static void read_repeats_text(qf_found *p, json_t *e, qf_item *it)
{
	const char *v = json_string_value(json_object_get(e, "valueString"));
	if (!qf_is_repeating_question(it) && !qf_is_repeating_group(it))
		qf_found_add(p, "repeatstext is for repeating groups and repeating questions other than choices and "
		                "attachments");
	else if (it->repeats_text != NULL)
		qf_found_add(p, "repeatstext is given twice");
	else if (v == NULL || v[0] == '\0' || utf8_length(v) > QF_TITLE_MAX)
		qf_found_add(p,
		             arena_printf(p->a, "repeatstext needs a valueString of 1 to %d characters", QF_TITLE_MAX));
	else
		it->repeats_text = arena_strdup(p->a, v);
}

const char **qfn_read(arena *a, json_t *exts, qf_item *it)
{
	qf_found p = qf_found_new(a, json_array_size(exts) + 2);
	bool copy = false;
	size_t i;
	json_t *e;
	json_array_foreach(exts, i, e)
	{
		const char *url = json_string_value(json_object_get(e, "url"));
		if (str_eq(url, SUBLABEL_URL))
			read_sublabel(&p, e, it);
		else if (str_eq(url, MAX_DECIMALS_URL))
			read_max_decimals(&p, e, it);
		else if (str_eq(url, REPEATS_TEXT_URL))
			read_repeats_text(&p, e, it);
		copy = copy || str_eq(url, QFN_COPY_URL);
	}
	/* A copy is shown by a data-receiver item (refero's receiver component);
	 * either without the other has no meaning the portal gives it. */
	if (copy && !it->data_receiver)
		qf_found_add(&p, "cqf-expression is supported with the data-receiver itemControl only");
	if (it->data_receiver && !copy)
		qf_found_add(&p, "the data-receiver itemControl needs a cqf-expression saying what it receives");
	if (it->calculated != NULL && it->nunits > 1)
		qf_found_add(&p, "a calculated quantity with a choice of units (several unitOptions) is not supported");
	return qf_found_list(&p);
}
