/* test_i18n.c — the message catalog (format, start-up checks, lookup) and the
 * choice of locale from ?lang, the cookie and Accept-Language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/log.h"
#include "web/i18n.h"

static void shipped_catalog_loads(void **state)
{
	(void)state;
	assert_int_equal(i18n_load(), ST_OK);
	assert_true(i18n_ready());
	assert_string_equal(i18n_text(LOCALE_NB, "locale.name"), "Norsk bokmål");
	assert_string_equal(i18n_text(LOCALE_EN, "locale.name"), "English");
	assert_string_equal(i18n_text(LOCALE_EN, "start.login"), "Log in with ID-porten");
	assert_string_equal(i18n_text(LOCALE_NB, "start.login"), "Logg inn med ID-porten");
	/* every error page has its texts */
	const char *keys[] = {"error.400.title", "error.403.text", "error.404.title", "error.405.text",
	                      "error.413.title", "error.429.text", "error.500.title", "error.503.text"};
	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		assert_non_null(i18n_find(LOCALE_NB, keys[i]));
		assert_non_null(i18n_find(LOCALE_EN, keys[i]));
	}
}

static void parses_format(void **state)
{
	(void)state;
	const char *text = "# comment\n"
	                   "\n"
	                   "[a.b]\n"
	                   "nb = Hei  \n"
	                   "en=Hello\n"
	                   "  [c_d-e.f2]\r\n"
	                   "\ten =  Two = signs \r\n"
	                   "nb = To = tegn\n";
	assert_int_equal(i18n_load_text(text), ST_OK);
	assert_string_equal(i18n_text(LOCALE_NB, "a.b"), "Hei");
	assert_string_equal(i18n_text(LOCALE_EN, "a.b"), "Hello");
	assert_string_equal(i18n_text(LOCALE_EN, "c_d-e.f2"), "Two = signs");
	assert_string_equal(i18n_text(LOCALE_NB, "c_d-e.f2"), "To = tegn");
	assert_null(i18n_find(LOCALE_NB, "nope"));
	/* an unknown key is a bug: the key itself shows */
	assert_string_equal(i18n_text(LOCALE_NB, "nope"), "nope");
}

static void many_keys_grow_the_table(void **state)
{
	(void)state;
	char text[64 * 1024];
	size_t n = 0;
	for (int i = 0; i < 1000; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "[k.%d]\nnb = nb%d\nen = en%d\n", i, i, i);
	assert_int_equal(i18n_load_text(text), ST_OK);
	for (int i = 0; i < 1000; i += 37) {
		char key[16], want[16];
		snprintf(key, sizeof key, "k.%d", i);
		snprintf(want, sizeof want, "en%d", i);
		assert_string_equal(i18n_text(LOCALE_EN, key), want);
	}
}

static void rejects(const char *text)
{
	assert_int_equal(i18n_load_text(text), ST_INVALID);
}

static void missing_language_fails(void **state)
{
	(void)state;
	rejects("[a]\nnb = Hei\n");
	rejects("[a]\nen = Hello\n");
	rejects("[a]\nnb = Hei\nen = Hello\n[b]\nnb = Bare norsk\n");
	rejects("[a]\nen = Hello\nnb = Hei\n[b]\n");
}

static void malformed_catalogs_fail(void **state)
{
	(void)state;
	rejects("[a]\nnb = Hei\nen = Hello\n[a]\nnb = Hei\nen = Hello\n"); /* duplicate key */
	rejects("[a]\nnb = Hei\nen = Hello\nde = Hallo\n");                /* unknown language */
	rejects("[a]\nnb = Hei\nnb = Hallo\nen = Hello\n");                /* language twice */
	rejects("nb = Hei\n");                                             /* text before a key */
	rejects("[a]\nnb =\nen = Hello\n");                                /* empty text */
	rejects("[A]\nnb = Hei\nen = Hello\n");                            /* key charset */
	rejects("[a\nnb = Hei\nen = Hello\n");                             /* not a key line */
	rejects("[a]\nnb Hei\nen = Hello\n");                              /* no = */
}

static void failed_load_keeps_the_previous_catalog(void **state)
{
	(void)state;
	assert_int_equal(i18n_load_text("[x]\nnb = Ja\nen = Yes\n"), ST_OK);
	rejects("[x]\nnb = Nei\n");
	assert_string_equal(i18n_text(LOCALE_NB, "x"), "Ja");
}

static void query_wins(void **state)
{
	(void)state;
	assert_int_equal(i18n_locale_from("en", "nb", "nb-NO"), LOCALE_EN);
	assert_int_equal(i18n_locale_from("nb", "en", "en-GB"), LOCALE_NB);
	assert_int_equal(i18n_locale_from("EN", NULL, NULL), LOCALE_EN);
}

static void cookie_before_accept_language(void **state)
{
	(void)state;
	assert_int_equal(i18n_locale_from(NULL, "en", "nb"), LOCALE_EN);
	assert_int_equal(i18n_locale_from(NULL, "nb", "en"), LOCALE_NB);
	/* junk in the query or cookie is ignored, not an error */
	assert_int_equal(i18n_locale_from("fr", "en", "nb"), LOCALE_EN);
	assert_int_equal(i18n_locale_from("", "xx", "en"), LOCALE_EN);
	assert_int_equal(i18n_locale_from("en-US", NULL, NULL), LOCALE_NB);
}

static void accept_language(void **state)
{
	(void)state;
	assert_int_equal(i18n_locale_from(NULL, NULL, "en-US,en;q=0.9"), LOCALE_EN);
	assert_int_equal(i18n_locale_from(NULL, NULL, "nb-NO,nb;q=0.9,en;q=0.8"), LOCALE_NB);
	assert_int_equal(i18n_locale_from(NULL, NULL, "no"), LOCALE_NB);
	assert_int_equal(i18n_locale_from(NULL, NULL, "nn-NO"), LOCALE_NB);
	/* q-values, not order, decide */
	assert_int_equal(i18n_locale_from(NULL, NULL, "nb;q=0.3, en;q=0.7"), LOCALE_EN);
	assert_int_equal(i18n_locale_from(NULL, NULL, "en;q=0.5,nn;q=0.8"), LOCALE_NB);
	assert_int_equal(i18n_locale_from(NULL, NULL, "en;q=0.500, nb;q=0.5"), LOCALE_EN); /* tie: first */
	/* unsupported languages are skipped */
	assert_int_equal(i18n_locale_from(NULL, NULL, "de-DE,de;q=0.9,en;q=0.5"), LOCALE_EN);
	assert_int_equal(i18n_locale_from(NULL, NULL, "sv, da"), LOCALE_NB);
	/* q=0 means "not acceptable" */
	assert_int_equal(i18n_locale_from(NULL, NULL, "en;q=0, de"), LOCALE_NB);
	assert_int_equal(i18n_locale_from(NULL, NULL, "*"), LOCALE_NB);
	assert_int_equal(i18n_locale_from(NULL, NULL, "EN-gb"), LOCALE_EN);
	assert_int_equal(i18n_locale_from(NULL, NULL, " en ; Q=1.0 "), LOCALE_EN);
}

static void malformed_accept_language_is_ignored(void **state)
{
	(void)state;
	assert_int_equal(i18n_locale_from(NULL, NULL, ""), LOCALE_NB);
	assert_int_equal(i18n_locale_from(NULL, NULL, ",,,;;;"), LOCALE_NB);
	assert_int_equal(i18n_locale_from(NULL, NULL, "en;q=2"), LOCALE_NB);
	assert_int_equal(i18n_locale_from(NULL, NULL, "en;q=abc"), LOCALE_NB);
	assert_int_equal(i18n_locale_from(NULL, NULL, "en;q=0.12345"), LOCALE_NB);
	assert_int_equal(i18n_locale_from(NULL, NULL, "en;level=1"), LOCALE_NB);
	assert_int_equal(i18n_locale_from(NULL, NULL, "eng"), LOCALE_NB);
	assert_int_equal(i18n_locale_from(NULL, NULL, NULL), LOCALE_NB);
}

static void locale_codes(void **state)
{
	(void)state;
	assert_string_equal(i18n_locale_code(LOCALE_NB), "nb");
	assert_string_equal(i18n_locale_code(LOCALE_EN), "en");
	enum locale l;
	assert_true(i18n_locale_parse("en", &l));
	assert_int_equal(l, LOCALE_EN);
	assert_false(i18n_locale_parse("no", &l));
	assert_false(i18n_locale_parse(NULL, &l));
}

static int teardown(void **state)
{
	(void)state;
	i18n_free();
	return 0;
}

int main(void)
{
	/* the rejection cases log on purpose */
	log_set_level(LOG_ERROR + 1);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(shipped_catalog_loads),
	    cmocka_unit_test(parses_format),
	    cmocka_unit_test(many_keys_grow_the_table),
	    cmocka_unit_test(missing_language_fails),
	    cmocka_unit_test(malformed_catalogs_fail),
	    cmocka_unit_test(failed_load_keeps_the_previous_catalog),
	    cmocka_unit_test(query_wins),
	    cmocka_unit_test(cookie_before_accept_language),
	    cmocka_unit_test(accept_language),
	    cmocka_unit_test(malformed_accept_language_is_ignored),
	    cmocka_unit_test(locale_codes),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
