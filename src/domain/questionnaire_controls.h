/* questionnaire_controls.h — how the patient enters an item's answers, as
 * a Questionnaire's extensions say (issue 16 item 8 and SDC): the
 * itemControl (help texts, radio buttons, a drop-down, check boxes), the
 * entryFormat hint, and minOccurs/maxOccurs on repeating items. Read at
 * import by questionnaire_form.c; the rest of the subset is in
 * questionnaire_form.h. */
#ifndef HELSAMI_DOMAIN_QUESTIONNAIRE_CONTROLS_H
#define HELSAMI_DOMAIN_QUESTIONNAIRE_CONTROLS_H

#include <jansson.h>

#include "domain/questionnaire_form.h"

/* Whether url is one of the extensions this file reads. */
bool qfc_extension(const char *url);

/* How the itemControl among exts (an item's "extension" array) shows a
 * text: the national portal's `highlight`, `inline` and `sidebar`, else
 * QF_SHOW_TEXT. Read before the item's type is settled: a `text` item
 * with one of them is a text, not a question. */
enum qf_show qfc_show(json_t *exts);

/* Whether the itemControl among exts makes a `text` item a text the
 * national portal shows, not a question: help, highlight, inline, sidebar. */
bool qfc_shows_text(json_t *exts);

/* Reads the extensions of qfc_extension among exts (an item's "extension"
 * array) into it, whose type, repeats, group and options are read already.
 * Returns the problems found (English, for the operator, without the
 * item's name) as a NULL-terminated list from a; an empty list when fine. */
const char **qfc_read(arena *a, json_t *exts, qf_item *it);

#endif
