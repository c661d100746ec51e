/* questionnaire_language.h — the language a Questionnaire is written in
 * (its `language`: Norwegian bokmål, or English, issue 16 item 8) and how
 * its texts fill the nb and en slots of questionnaire_form.h. A Norwegian
 * form's own texts are nb, and English comes from the translation
 * extension (en NULL without one). An English form's own texts are en; nb
 * holds a Norwegian translation (`lang` nb or no) where there is one, and
 * else the English text, so every reader gets a text. Read at import by
 * questionnaire_form.c. */
#ifndef HELSAMI_DOMAIN_QUESTIONNAIRE_LANGUAGE_H
#define HELSAMI_DOMAIN_QUESTIONNAIRE_LANGUAGE_H

#include "domain/questionnaire_form.h"

/* The form language a `language` tag names: "nb" (absent, nb, no, and
 * their regional variants), "en" (en, en-GB, en-US, ...), or NULL for any
 * other (refused). */
const char *qfl_language(const char *tag);

/* Whether a translation's `lang` is the language a form in `language`
 * reads its other texts from: en for a Norwegian form, nb or no for an
 * English one. */
bool qfl_translation_language(const char *language, const char *lang);

/* Fills a text's nb and en slots from the form's own text and its
 * translation (NULL without), as the header says. */
void qfl_slots(const char *language, const char *own, const char *translated, const char **nb, const char **en);

#endif
