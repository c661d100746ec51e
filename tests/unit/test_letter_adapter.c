/* test_letter_adapter.c — what a letter adapter is sent (integrations/
 * letter_adapter.h): the recipient's identity number, the letter's id, kind
 * and title (its heading), the PDF in standard base64 ("%PDF-1" is
 * "JVBERi0x"), and the reference that is the same on every attempt and the
 * file name; which adapters are configured, and an URL that is not http(s)
 * refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "integrations/letter_adapter.h"

static const char *field(json_t *m, const char *obj, const char *key)
{
	return json_string_value(json_object_get(obj != NULL ? json_object_get(m, obj) : m, key));
}

static void the_message_holds_whose_what_and_the_pdf(void **state)
{
	(void)state;
	arena *a = arena_new();
	uint8_t pdf[] = "%PDF-1";
	letter_payload p = {.nin = "12848649994",
	                    .kind = "decision",
	                    .letter = "{\"heading\":\"Vedtak om praktisk bistand\",\"sections\":[]}",
	                    .pdf = pdf,
	                    .pdf_len = 6};
	json_error_t err;
	json_t *m = json_loads(letter_adapter_message(a, 17, &p), 0, &err);
	assert_non_null(m);
	assert_string_equal(field(m, NULL, "reference"), "helsami-letter-17");
	assert_string_equal(letter_adapter_reference(a, 17), "helsami-letter-17");
	assert_string_equal(field(m, "recipient", "nin"), "12848649994");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(m, "letter"), "id")), 17);
	assert_string_equal(field(m, "letter", "kind"), "decision");
	assert_string_equal(field(m, "letter", "title"), "Vedtak om praktisk bistand");
	assert_string_equal(field(m, "document", "contentType"), "application/pdf");
	assert_string_equal(field(m, "document", "filename"), "helsami-letter-17.pdf");
	assert_string_equal(field(m, "document", "data"), "JVBERi0x");
	json_decref(m);
	/* A letter without a heading still goes, titled "". */
	p.letter = "{}";
	m = json_loads(letter_adapter_message(a, 18, &p), 0, &err);
	assert_string_equal(field(m, "letter", "title"), "");
	json_decref(m);
	arena_free(a);
}

static void only_configured_adapters_and_only_http(void **state)
{
	(void)state;
	config cfg = {0};
	letter_adapter ad[LETTER_ADAPTERS];
	size_t n = 9;
	assert_true(letter_adapters_configured(&cfg, ad, &n));
	assert_int_equal(n, 0);
	cfg.digital_mailbox_url = "https://mailbox.example.no/letters";
	cfg.digital_mailbox_token = "secret";
	assert_true(letter_adapters_configured(&cfg, ad, &n));
	assert_int_equal(n, 1);
	assert_string_equal(ad[0].name, "digital_mailbox");
	assert_string_equal(ad[0].token, "secret");
	cfg.health_portal_url = "http://127.0.0.1:9/portal";
	assert_true(letter_adapters_configured(&cfg, ad, &n));
	assert_int_equal(n, 2);
	assert_string_equal(ad[0].name, "health_portal");
	assert_null(ad[0].token);
	cfg.health_portal_url = "ftp://portal.example.no/";
	assert_false(letter_adapters_configured(&cfg, ad, &n));
	/* A letter and a token never cross a network in the clear. */
	cfg.health_portal_url = "http://portal.example.no/";
	assert_false(letter_adapters_configured(&cfg, ad, &n));
	cfg.health_portal_url = "http://127.0.0.1.example.no/";
	assert_false(letter_adapters_configured(&cfg, ad, &n));
	cfg.health_portal_url = "http://localhost:8080/portal";
	assert_true(letter_adapters_configured(&cfg, ad, &n));
}

/* The mailbox's read receipt names the reference we sent, and only it. */
static void a_read_receipt_names_the_reference_we_sent(void **state)
{
	(void)state;
	int64_t id = -1;
	assert_int_equal(letter_adapter_receipt_parse("{\"reference\": \"helsami-letter-17\"}", &id), ST_OK);
	assert_int_equal(id, 17);
	arena *a = arena_new();
	const char *sent = arena_printf(a, "{\"reference\": \"%s\"}", letter_adapter_reference(a, 9007199254740993));
	assert_int_equal(letter_adapter_receipt_parse(sent, &id), ST_OK);
	assert_int_equal(id, 9007199254740993);
	arena_free(a);
	const char *bad[] = {
	    NULL,
	    "",
	    "{}",
	    "[\"helsami-letter-17\"]",
	    "{\"reference\": 17}",
	    "{\"reference\": \"helsami-letter-\"}",
	    "{\"reference\": \"helsami-letter-0\"}",
	    "{\"reference\": \"helsami-letter-017\"}",
	    "{\"reference\": \"helsami-letter--17\"}",
	    "{\"reference\": \"helsami-letter-17x\"}",
	    "{\"reference\": \"HELSAMI-LETTER-17\"}",
	    "{\"reference\": \"helsami-letter-99999999999999999999\"}",
	    "{\"reference\": \"helsami-letter-17\", \"readAt\": \"2026-12-01\"}",
	    "{\"reference\": \"helsami-letter-17\", \"reference\": \"helsami-letter-18\"}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		id = -1;
		assert_int_equal(letter_adapter_receipt_parse(bad[i], &id), ST_INVALID);
		assert_int_equal(id, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(the_message_holds_whose_what_and_the_pdf),
	    cmocka_unit_test(only_configured_adapters_and_only_http),
	    cmocka_unit_test(a_read_receipt_names_the_reference_we_sent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
