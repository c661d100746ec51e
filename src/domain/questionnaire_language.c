/* questionnaire_language.c — the language a Questionnaire is written in
 * and the nb and en slots of its texts (questionnaire_language.h). */
#include "domain/questionnaire_language.h"

#include <string.h>

#include "core/core.h"

static bool tag_is(const char *tag, const char *language)
{
	size_t n = strlen(language);
	return strncmp(tag, language, n) == 0 && (tag[n] == '\0' || tag[n] == '-');
}

const char *qfl_language(const char *tag)
{
	if (tag == NULL || tag_is(tag, "nb") || tag_is(tag, "no"))
		return "nb";
	return tag_is(tag, "en") ? "en" : NULL;
}

bool qfl_translation_language(const char *language, const char *lang)
{
	if (lang == NULL)
		return false;
	return str_eq(language, "en") ? tag_is(lang, "nb") || tag_is(lang, "no") : tag_is(lang, "en");
}

void qfl_slots(const char *language, const char *own, const char *translated, const char **nb, const char **en)
{
	if (str_eq(language, "en")) {
		*en = own;
		*nb = translated != NULL ? translated : own;
	} else {
		*nb = own;
		*en = translated;
	}
}

const char *qf_text_language(const qf_form *f, enum locale loc)
{
	const char *wanted = loc == LOCALE_EN ? "en" : "nb";
	return str_eq(f->language, wanted) || f->translated ? wanted : f->language;
}

const char *qf_own_text(const qf_form *f, const qf_item *it)
{
	return str_eq(f->language, "en") ? it->text_en : it->text_nb;
}

const char *qf_own_display(const qf_form *f, const qf_option *o)
{
	return str_eq(f->language, "en") ? o->display_en : o->display_nb;
}
