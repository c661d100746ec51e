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
#include "store/delivery_queue.h"
#include "store/letter_delivery.h"
#include "store/services.h"

#define NOW 1795341600   /* 2026-11-22T10:00:00Z */
#define LATER 4102444800 /* 2100: deliveries are due by the system clock */

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

static citizen_document doc_of(arena *a, int64_t patient, int64_t id)
{
	citizen_document d;
	assert_int_equal(store_document_of_patient(conf_conn, a, patient, id, false, &d), ST_OK);
	return d;
}

/* The mailbox's read receipt opens a letter it has, once, by no one of
 * ours; a letter it does not have (yet) is not found, and nothing changes. */
static void a_read_receipt_opens_only_a_letter_the_mailbox_has(void **state)
{
	(void)state;
	struct world s;
	world_make(&s);
	arena *a = arena_new();
	int64_t decision = letter(s.w.marius, s.office, "decision"), portal = letter(s.w.silje, s.office, "decision");
	letters_round r;
	assert_int_equal(letters_make(conf_conn, NOW, both, NULL, &r), ST_OK);
	assert_int_equal(store_letter_mailbox_read(conf_conn, decision, NOW + 60), ST_NOT_FOUND); /* pending */
	assert_int_equal(store_letter_mailbox_read(conf_conn, 999999, NOW + 60), ST_NOT_FOUND);
	letter_delivery *d;
	size_t n = deliveries_of(a, decision, &d);
	assert_int_equal(n, 2);
	letter_delivery *claimed;
	assert_int_equal(store_dq_claim(conf_conn, &letter_delivery_queue, a, "digital_mailbox", "t", LATER, LATER + 60,
	                                10, &claimed, &n),
	                 ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_dq_sent(conf_conn, &letter_delivery_queue, claimed[0].id, "t", NOW + 1), ST_OK);
	int64_t sent_doc = claimed[0].document_id, other = sent_doc == decision ? portal : decision;
	assert_int_equal(store_dq_claim(conf_conn, &letter_delivery_queue, a, "health_portal", "t", LATER, LATER + 60,
	                                10, &claimed, &n),
	                 ST_OK);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(store_dq_sent(conf_conn, &letter_delivery_queue, claimed[i].id, "t", NOW + 1), ST_OK);
	/* The other letter reached the national portal only. */
	assert_int_equal(store_letter_mailbox_read(conf_conn, other, NOW + 60), ST_NOT_FOUND);
	assert_int_equal(store_letter_mailbox_read(conf_conn, sent_doc, NOW + 60), ST_OK);
	assert_int_equal(store_letter_mailbox_read(conf_conn, sent_doc, NOW + 120), ST_OK);
	int64_t owner = sent_doc == decision ? s.w.marius : s.w.silje;
	citizen_document got = doc_of(a, owner, sent_doc);
	assert_int_equal(got.opened_at, NOW + 60);
	assert_null(got.opened_by_name);
	got = doc_of(a, owner == s.w.marius ? s.w.silje : s.w.marius, other);
	assert_int_equal(got.opened_at, 0);
	arena_free(a);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(the_letter_job_adds_one_per_letter_and_configured_adapter),
    cmocka_unit_test(a_read_receipt_opens_only_a_letter_the_mailbox_has),
};
CONF_GROUP(letter_delivery, tests)
