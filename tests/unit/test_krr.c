/* test_krr.c — the contact register's lookup (integrations/krr.h): the
 * request names the one identity number; an answer is read for that person
 * only. The answers are the register's own examples from its documentation
 * (docs.digdir.no, "HentPersonerForespoersel" and "HentPersonRespons" under
 * resources/begrep/oppslagstjenesten, and the status codes under "Person"),
 * with the example's trailing comma removed (it is not JSON) and the
 * identity number of the first one kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "integrations/krr.h"

static const char DIGDIR_NOT_RESERVED[] =
    "{\"personer\": [{\"personidentifikator\": \"20914695016\","
    " \"reservasjon\": \"NEI\", \"status\": \"AKTIV\","
    " \"kontaktinformasjon\": {\"epostadresse\": \"NULLstillt@default.digdir.no\","
    " \"epostadresse_oppdatert\": \"2023-11-20T10:14:52+02\"}}]}";
static const char DIGDIR_RESERVED[] = "{\"personer\": [{\"personidentifikator\": \"20914695016\","
                                      " \"reservasjon\": \"JA\", \"status\": \"AKTIV\","
                                      " \"varslingsstatus\": \"KAN_IKKE_VARSLES\"}]}";
static const char UNREACHABLE[] = "{\"personer\": [{\"personidentifikator\": \"20914695016\","
                                  " \"reservasjon\": \"NEI\", \"status\": \"AKTIV\","
                                  " \"varslingsstatus\": \"KAN_IKKE_VARSLES\"}]}";
static const char NOTIFIABLE[] = "{\"personer\": [{\"personidentifikator\": \"20914695016\","
                                 " \"reservasjon\": \"NEI\", \"status\": \"AKTIV\","
                                 " \"varslingsstatus\": \"KAN_VARSLES\"}]}";
static const char NOT_REGISTERED[] = "{\"personer\": [{\"personidentifikator\": \"20914695016\","
                                     " \"status\": \"IKKE_REGISTRERT\"}]}";

static void the_request_names_the_one_person(void **state)
{
	(void)state;
	arena *a = arena_new();
	json_error_t err;
	json_t *q = json_loads(krr_request(a, "20914695016"), 0, &err);
	json_t *ids = json_object_get(q, "personidentifikatorer");
	assert_int_equal(json_array_size(ids), 1);
	assert_string_equal(json_string_value(json_array_get(ids, 0)), "20914695016");
	assert_int_equal(json_object_size(q), 1);
	json_decref(q);
	arena_free(a);
}

static void a_reservation_is_read_for_that_person(void **state)
{
	(void)state;
	krr_route route = KRR_RESERVED;
	assert_int_equal(krr_parse(DIGDIR_NOT_RESERVED, "20914695016", &route), ST_OK);
	assert_int_equal(route, KRR_DIGITAL);
	/* The register says KAN_IKKE_VARSLES for a reservation too: the
	 * reservation is the reason. */
	assert_int_equal(krr_parse(DIGDIR_RESERVED, "20914695016", &route), ST_OK);
	assert_int_equal(route, KRR_RESERVED);
	/* Someone the register does not know has no reservation. */
	assert_int_equal(krr_parse(NOT_REGISTERED, "20914695016", &route), ST_OK);
	assert_int_equal(route, KRR_DIGITAL);
}

/* varslingsstatus KAN_IKKE_VARSLES without a reservation: no valid contact
 * details, so paper (reference/domain-facts.md 7.2, 7.3). */
static void cannot_be_notified_is_read_for_that_person(void **state)
{
	(void)state;
	krr_route route = KRR_DIGITAL;
	assert_int_equal(krr_parse(UNREACHABLE, "20914695016", &route), ST_OK);
	assert_int_equal(route, KRR_UNREACHABLE);
	assert_int_equal(krr_parse(NOTIFIABLE, "20914695016", &route), ST_OK);
	assert_int_equal(route, KRR_DIGITAL);
	assert_string_equal(krr_paper_reason(KRR_UNREACHABLE), "unreachable");
	assert_string_equal(krr_paper_reason(KRR_RESERVED), "reserved");
	assert_null(krr_paper_reason(KRR_DIGITAL));
}

static void an_answer_about_someone_else_or_of_another_shape_is_refused(void **state)
{
	(void)state;
	krr_route route = KRR_RESERVED;
	assert_int_equal(krr_parse(DIGDIR_RESERVED, "12848649994", &route), ST_INVALID);
	assert_int_equal(route, KRR_DIGITAL);
	const char *bad[] = {
	    "",
	    "not json",
	    "{}",
	    "{\"personer\": {}}",
	    "{\"personer\": []}",
	    "[{\"personidentifikator\": \"20914695016\", \"reservasjon\": \"JA\"}]",
	    "{\"personer\": [{\"personidentifikator\": 20914695016, \"reservasjon\": \"JA\"}]}",
	    "{\"personer\": [{\"personidentifikator\": \"20914695016\", \"reservasjon\": \"ja\"}]}",
	    "{\"personer\": [{\"personidentifikator\": \"20914695016\", \"reservasjon\": true}]}",
	    "{\"personer\": [{\"personidentifikator\": \"20914695016\", \"varslingsstatus\": \"KANSKJE\"}]}",
	    "{\"personer\": [{\"personidentifikator\": \"20914695016\", \"varslingsstatus\": false}]}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		route = KRR_RESERVED;
		assert_int_equal(krr_parse(bad[i], "20914695016", &route), ST_INVALID);
		assert_int_equal(route, KRR_DIGITAL);
	}
}

static void only_an_https_register_is_configured(void **state)
{
	(void)state;
	krr_register r;
	config cfg = {0};
	assert_true(krr_register_configured(&cfg, &r));
	assert_null(r.url);
	cfg.contact_register_url = "https://kontaktregisteret.no/rest/v2/personer";
	cfg.contact_register_token = "t";
	assert_true(krr_register_configured(&cfg, &r));
	assert_string_equal(r.url, cfg.contact_register_url);
	assert_string_equal(r.token, "t");
	cfg.contact_register_url = "http://127.0.0.1:9/rest/v2/personer";
	assert_true(krr_register_configured(&cfg, &r));
	cfg.contact_register_url = "http://kontaktregisteret.no/rest/v2/personer";
	assert_false(krr_register_configured(&cfg, &r));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(the_request_names_the_one_person),
	    cmocka_unit_test(a_reservation_is_read_for_that_person),
	    cmocka_unit_test(cannot_be_notified_is_read_for_that_person),
	    cmocka_unit_test(an_answer_about_someone_else_or_of_another_shape_is_refused),
	    cmocka_unit_test(only_an_https_register_is_configured),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
