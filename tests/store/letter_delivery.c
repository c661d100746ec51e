/* letter_delivery.c (conformance) — letters delivered to the national
 * health portal and the digital mailbox on both databases (migration 28,
 * store/letter_delivery.h): the letter job adds one delivery per decision
 * or outcome and configured adapter, none for receipts and extracts, and
 * no second one when run again; the payload is the recipient's identity
 * number, the letter and its PDF. The queue's leases, retries, dead rows
 * and claims at once are tests/store/delivery_queue.c's. */
#include <string.h>

#include "conformance.h"
#include "domain/documents.h"
#include "fixtures.h"
#include "store/letter_delivery.h"
#include "store/services.h"

#define NOW 1795341600 /* 2026-11-22T10:00:00Z */

static const char *const both[] = {"health_portal", "digital_mailbox", NULL};

static int64_t letter(int64_t patient, int64_t office, const char *kind)
{
	citizen_document d = {.patient_id = patient,
	                      .unit_id = office,
	                      .kind = kind,
	                      .letter = "{\"heading\":\"Vedtak om hjemmesykepleie\",\"recipient\":\"Marius Berg\","
	                                "\"sections\":[{\"text\":\"Tekst æøå\"}]}",
	                      .created_at = NOW};
	int64_t id;
	assert_int_equal(store_document_insert(conf_conn, &d, &id), ST_OK);
	return id;
}

struct world {
	fx_world w;
	int64_t office;
};

static void world_make(struct world *s)
{
	fx_world_make(&s->w);
	s->office = fx_unit("tjenestekontoret", "services_office", "Tjenestekontoret");
}

static size_t deliveries_of(arena *a, int64_t doc, letter_delivery **d)
{
	size_t n;
	assert_int_equal(store_letter_deliveries_of_document(conf_conn, a, doc, d, &n), ST_OK);
	return n;
}

static void the_letter_job_adds_one_per_letter_and_configured_adapter(void **state)
{
	(void)state;
	struct world s;
	world_make(&s);
	arena *a = arena_new();
	int64_t decision = letter(s.w.marius, s.office, "decision"), receipt = letter(s.w.marius, s.office, "receipt"),
	        extract = letter(s.w.marius, s.office, "record_extract"),
	        outcome = letter(s.w.silje, s.office, "appeal_outcome");
	/* Before its PDF is made, a letter has nothing to send. */
	letter_payload p;
	assert_int_equal(store_letter_payload(conf_conn, a, decision, &p), ST_NOT_FOUND);
	letters_round r;
	assert_int_equal(letters_make(conf_conn, NOW, both, NULL, &r), ST_OK);
	assert_int_equal(r.made, 4);
	letter_delivery *d;
	assert_int_equal(deliveries_of(a, decision, &d), 2);
	assert_string_equal(d[0].adapter, "digital_mailbox");
	assert_string_equal(d[0].status, "pending");
	assert_string_equal(d[1].adapter, "health_portal");
	assert_int_equal(deliveries_of(a, outcome, &d), 2);
	assert_int_equal(deliveries_of(a, receipt, &d), 0);
	assert_int_equal(deliveries_of(a, extract, &d), 0);
	/* Adding again (a PDF made twice by two processes) adds nothing. */
	assert_int_equal(store_letter_delivery_add(conf_conn, decision, "health_portal", NOW), ST_OK);
	assert_int_equal(deliveries_of(a, decision, &d), 2);
	/* Unconfigured: no deliveries. */
	int64_t later = letter(s.w.marius, s.office, "decision");
	assert_int_equal(letters_make(conf_conn, NOW, NULL, NULL, &r), ST_OK);
	assert_int_equal(r.made, 1);
	assert_int_equal(deliveries_of(a, later, &d), 0);
	/* The payload: whose, what, and the PDF. */
	assert_int_equal(store_letter_payload(conf_conn, a, decision, &p), ST_OK);
	assert_string_equal(p.nin, "12848649994");
	assert_string_equal(p.kind, "decision");
	assert_non_null(strstr(p.letter, "Vedtak om hjemmesykepleie"));
	assert_true(p.pdf_len > 1000);
	assert_memory_equal(p.pdf, "%PDF-", 5);
	arena_free(a);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(the_letter_job_adds_one_per_letter_and_configured_adapter),
};
CONF_GROUP(letter_delivery, tests)
