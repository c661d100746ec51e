/* questionnaire_controls.c — the extensions that say how the patient
 * enters an item's answers (questionnaire_controls.h): itemControl,
 * entryFormat, minOccurs and maxOccurs (on repeating choices, attachments
 * and groups), and a quantity's choice of units
 * in its answers. Each is honoured where it fits
 * the item and refused by name where it does not. */
#include "domain/questionnaire_controls.h"

#include <string.h>

#include "core/core.h"

#define ITEM_CONTROL_URL "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
#define ENTRY_FORMAT_URL "http://hl7.org/fhir/StructureDefinition/entryFormat"
#define MIN_OCCURS_URL "http://hl7.org/fhir/StructureDefinition/questionnaire-minOccurs"
#define MAX_OCCURS_URL "http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs"

bool qfc_extension(const char *url)
{
	return str_eq(url, ITEM_CONTROL_URL) || str_eq(url, ENTRY_FORMAT_URL) || str_eq(url, MIN_OCCURS_URL) ||
	       str_eq(url, MAX_OCCURS_URL);
}

/* Whether the item is answered by picking one of a few options. */
static bool single_choice(const qf_item *it)
{
	return it->type == QF_BOOLEAN || (it->type == QF_CHOICE && !it->repeats);
}

static const char *item_control_code(json_t *e)
{
	json_t *coding = json_array_get(json_object_get(json_object_get(e, "valueCodeableConcept"), "coding"), 0);
	return json_string_value(json_object_get(coding, "code"));
}

/* The national portal's controls for a text (helsenorge/refero
 * src/components/formcomponents/text/text.tsx). */
static const char *const show_codes[] = {
    [QF_SHOW_HIGHLIGHT] = "highlight", [QF_SHOW_INLINE] = "inline", [QF_SHOW_SIDEBAR] = "sidebar"};

enum qf_show qfc_show(json_t *exts)
{
	size_t i;
	json_t *e;
	json_array_foreach(exts, i, e)
	{
		if (!str_eq(json_string_value(json_object_get(e, "url")), ITEM_CONTROL_URL))
			continue;
		for (size_t k = QF_SHOW_HIGHLIGHT; k < ARRAY_LEN(show_codes); k++)
			if (str_eq(item_control_code(e), show_codes[k]))
				return (enum qf_show)k;
	}
	return QF_SHOW_TEXT;
}

bool qfc_shows_text(json_t *exts)
{
	size_t i;
	json_t *e;
	json_array_foreach(exts, i, e)
	{
		if (str_eq(json_string_value(json_object_get(e, "url")), ITEM_CONTROL_URL) &&
		    str_eq(item_control_code(e), "help"))
			return true;
	}
	return qfc_show(exts) != QF_SHOW_TEXT;
}

/* itemControl: `help` on a display item within another (its text is help
 * for that item); `radio-button` and `drop-down` on yes/no and a single
 * choice; `check-box` on a choice: on one that does not repeat it allows
 * several answers, as the national portal's renderer does (refero's
 * choice.tsx renders check boxes and adds each box ticked). Radio buttons
 * and check boxes are what those items show anyway. `highlight`, `inline`
 * and `sidebar` on a text or display item (qfc_show, read before);
 * `data-receiver` on a number or quantity, whose cqf-expression gives its
 * value (questionnaire_national.h pairs the two). Any other control, or
 * one that does not fit the item, is refused by its code. */
static void read_item_control(qf_found *p, json_t *e, qf_item *it)
{
	const char *code = item_control_code(e);
	bool shown = it->show != QF_SHOW_TEXT && str_eq(code, show_codes[it->show]);
	bool fits = (str_eq(code, "help") && it->type == QF_DISPLAY) ||
	            ((str_eq(code, "radio-button") || str_eq(code, "drop-down")) && single_choice(it)) ||
	            (str_eq(code, "check-box") && it->type == QF_CHOICE) || (shown && it->type == QF_DISPLAY) ||
	            (str_eq(code, "data-receiver") &&
	             (it->type == QF_INTEGER || it->type == QF_DECIMAL || it->type == QF_QUANTITY));
	if (!fits) {
		qf_found_add(p,
		             arena_printf(p->a,
		                          "the extension %s with '%s' is not supported on this item (only 'help' on a "
		                          "display item, 'radio-button' and 'drop-down' on a boolean or single choice, "
		                          "'check-box' on a choice, 'highlight', 'inline' and 'sidebar' on a text or "
		                          "display item, 'data-receiver' on an integer, decimal or quantity)",
		                          ITEM_CONTROL_URL, code ? code : "(no code)"));
		return;
	}
	if (it->help || it->drop_down || it->check_box || it->data_receiver || (it->show != QF_SHOW_TEXT && !shown))
		qf_found_add(p, "only one itemControl per item");
	if (str_eq(code, "help") && it->group < 0)
		qf_found_add(p, "a help text ('help' itemControl) must be within the item it helps with");
	it->help = str_eq(code, "help");
	it->drop_down = str_eq(code, "drop-down");
	it->check_box = str_eq(code, "check-box");
	it->data_receiver = str_eq(code, "data-receiver");
	if (it->check_box)
		it->repeats = true;
}

/* entryFormat: a hint of what to type, on the items the patient types into. */
static void read_entry_format(qf_found *p, json_t *e, qf_item *it)
{
	const char *v = json_string_value(json_object_get(e, "valueString"));
	bool typed = it->type == QF_STRING || it->type == QF_TEXT || it->type == QF_INTEGER || it->type == QF_DECIMAL ||
	             it->type == QF_QUANTITY || it->type == QF_DATE;
	if (!typed)
		qf_found_add(p, "entryFormat is for string, text, integer, decimal, quantity and date items");
	else if (v == NULL || v[0] == '\0' || utf8_length(v) > QF_LINK_ID_MAX)
		qf_found_add(p, "entryFormat needs a valueString of 1 to 255 characters");
	else
		it->entry_format = arena_strdup(p->a, v);
}

/* minOccurs and maxOccurs: a whole number from 1, on a repeating choice,
 * attachment, group or question (answers, one box each). */
static void read_occurs(qf_found *p, json_t *e, qf_item *it)
{
	bool min = str_eq(json_string_value(json_object_get(e, "url")), MIN_OCCURS_URL);
	const char *name = min ? "minOccurs" : "maxOccurs";
	json_t *v = json_object_get(e, "valueInteger");
	if (!it->repeats || it->type == QF_DISPLAY)
		qf_found_add(p, arena_printf(p->a, "%s is for repeating questions and groups", name));
	else if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > QF_ITEMS_MAX)
		qf_found_add(p, arena_printf(p->a, "%s needs a valueInteger from 1", name));
	else if (min)
		it->min_occurs = (size_t)json_integer_value(v);
	else
		it->max_occurs = (size_t)json_integer_value(v);
}

/* minOccurs and maxOccurs together, and what the item can hold. */
static void occurs_fit(qf_found *p, const qf_item *it)
{
	if (it->min_occurs > 0 && it->max_occurs > 0 && it->min_occurs > it->max_occurs)
		qf_found_add(p, "minOccurs is above maxOccurs");
	bool answers = qf_is_repeating_question(it);
	size_t most = it->type == QF_CHOICE       ? it->noptions
	              : it->type == QF_ATTACHMENT ? QF_ITEM_FILES_MAX
	              : answers                   ? QF_ANSWERS_MAX
	                                          : QF_INSTANCES_MAX;
	const char *what = it->type == QF_CHOICE       ? "options"
	                   : it->type == QF_ATTACHMENT ? "files"
	                   : answers                   ? "answers"
	                                               : "instances";
	if (it->min_occurs > most)
		qf_found_add(p, arena_printf(p->a, "minOccurs %zu can never be met (at most %zu %s)", it->min_occurs,
		                             most, what));
	/* A form that asks for more files or answers than an item takes would be cut short unseen. */
	if ((it->type == QF_ATTACHMENT || answers) && it->max_occurs > most)
		qf_found_add(p, arena_printf(p->a, "maxOccurs %zu is above the %zu %s a%s item takes", it->max_occurs,
		                             most, what, answers ? " repeating question" : "n attachment"));
}

const char **qfc_read(arena *a, json_t *exts, qf_item *it)
{
	qf_found p = qf_found_new(a, 2 * json_array_size(exts) + 1);
	size_t i;
	json_t *e;
	json_array_foreach(exts, i, e)
	{
		const char *url = json_string_value(json_object_get(e, "url"));
		if (str_eq(url, ITEM_CONTROL_URL))
			read_item_control(&p, e, it);
		else if (str_eq(url, ENTRY_FORMAT_URL))
			read_entry_format(&p, e, it);
		else if (str_eq(url, MIN_OCCURS_URL) || str_eq(url, MAX_OCCURS_URL))
			read_occurs(&p, e, it);
	}
	occurs_fit(&p, it);
	return qf_found_list(&p);
}

const qf_unit *qf_quantity_unit(const qf_item *it, const char *value)
{
	if (it->nunits < 2)
		return &it->unit;
	const char *space = strchr(value, ' ');
	for (size_t i = 0; space != NULL && i < it->nunits; i++)
		if (str_eq(it->units[i].code, space + 1))
			return &it->units[i];
	return NULL;
}
