/* i18n.h — the message catalog (i18n/catalog.txt, built into the binary) and
 * the choice of locale for a request. Every user-visible text comes from here.
 *
 * Catalog format, one entry per key, every key in every language:
 *
 *     # a comment
 *     [start.title]
 *     nb = Velkommen til helsami
 *     en = Welcome to helsami
 *
 * Keys are [a-z0-9_.-]; the text is the rest of the line after "=", trimmed. */
#ifndef HELSAMI_I18N_H
#define HELSAMI_I18N_H

#include <stdbool.h>

#include "core/core.h"
#include "core/ctx.h"

/* Parses the built-in catalog once at start-up and makes it current. Returns
 * ST_INVALID (after logging each problem with its line and key) if a key lacks
 * a language, appears twice, names an unknown language or a line is malformed;
 * the previous catalog, if any, stays current then. Not thread-safe: call
 * before serving. */
status i18n_load(void);
/* The same for a catalog given as text (tests); `text` is copied. */
status i18n_load_text(const char *text);
/* True once a catalog has been loaded. */
bool i18n_ready(void);
/* Frees the current catalog (tests, clean shutdown). */
void i18n_free(void);

/* The message for key in locale, owned by the catalog and valid until it is
 * replaced; NULL if the key is unknown. */
const char *i18n_find(enum locale loc, const char *key);
/* Like i18n_find, but an unknown key (a bug) is logged and returned itself,
 * so a page shows something rather than nothing. */
const char *i18n_text(enum locale loc, const char *key);

/* The request's locale: ?lang=nb|en wins, then the language cookie, then
 * Accept-Language by q-value (nb/no/nn → nb, en → en), default nb. Any
 * argument may be NULL; malformed values are ignored. */
enum locale i18n_locale_from(const char *lang_query, const char *lang_cookie, const char *accept_language);
/* "nb" or "en". */
const char *i18n_locale_code(enum locale loc);
/* The locale for exactly "nb" or "en" (any case); false otherwise. */
bool i18n_locale_parse(const char *code, enum locale *out);

/* The text of the key made of prefix and code (e.g. "access.basis." and
 * "parent"), built in arena a. */
const char *i18n_text_code(enum locale loc, arena *a, const char *prefix, const char *code);

/* A calendar date as people write it: "2. mars 2026" or "2 March 2026".
 * iso is "YYYY-MM-DD"; any other text comes back as it is, NULL as "". */
const char *i18n_date_text(arena *a, enum locale loc, const char *iso);
/* An instant in Norway's time: "14. oktober 2026 kl. 14.40" or
 * "14 October 2026, 14:40". */
const char *i18n_time_text(arena *a, enum locale loc, unix_time t);

#endif
