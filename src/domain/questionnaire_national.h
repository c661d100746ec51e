/* questionnaire_national.h — the national portal's (Helsenorge's) form
 * settings and item extensions that the other questionnaire files do not
 * read (issue 16): the display settings on the questionnaire (sdf-sidebar,
 * sdf-information-message, sdf-itemControl-visibility), the sublabel under
 * an item's label (sdf-sublabel), maxDecimalPlaces, the "add another"
 * button's text (repeatstext), and the pairing of a
 * cqf-expression with the data-receiver itemControl (the expression itself
 * is read as a calculated value by questionnaire_form.c). Each value is
 * given the meaning Helsenorge's renderer and form editor give it
 * (helsenorge/refero, helsenorge/structor; docs/questionnaires.md cites
 * the files), and one helsami cannot honour is refused by name. Read at
 * import; the rest of the subset is in questionnaire_form.h. */
#ifndef HELSAMI_DOMAIN_QUESTIONNAIRE_NATIONAL_H
#define HELSAMI_DOMAIN_QUESTIONNAIRE_NATIONAL_H

#include <stdbool.h>

#include <jansson.h>

#include "core/arena.h"
#include "domain/questionnaire_form.h"

/* The copy of another item's value (refero's COPY_EXPRESSION_URL): a
 * FHIRPath in valueString over the response, on a data-receiver item. */
#define QFN_COPY_URL "http://hl7.org/fhir/StructureDefinition/cqf-expression"

/* Whether url is one of the questionnaire-level settings this file reads. */
bool qfn_setting(const char *url);

/* The setting e (its url is a qfn_setting) as helsami honours it: NULL
 * when it does, else the value it refuses, for the problem (from a). */
const char *qfn_setting_refused(arena *a, json_t *e, const char *url);

/* Whether url is one of the item extensions this file reads (a
 * cqf-expression included). */
bool qfn_extension(const char *url);

/* Reads the item extensions of qfn_extension among exts (an item's
 * "extension" array) into it, whose type, units, itemControl and
 * calculated expression are read already. Returns the problems found
 * (English, without the item's name) as a NULL-terminated list from a. */
const char **qfn_read(arena *a, json_t *exts, qf_item *it);

#endif
