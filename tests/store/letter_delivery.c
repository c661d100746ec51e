/* letter_delivery.c (conformance) — letters delivered to the national
 * health portal and the digital mailbox on both databases (migration 28,
 * store/letter_delivery.h): the letter job adds one delivery per decision
 * or outcome and configured adapter, none for receipts and extracts, and
 * no second one when run again; claims lease, a failed delivery waits for
 * its next attempt and ends dead; only the claimant marks; two
 * connections claiming at once get disjoint rows; the payload is the
 * recipient's identity number, the letter and its PDF. */
#include <pthread.h>
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

static void claims_lease_retry_and_end_dead(void **state)
{
	(void)state;
	struct world s;
	world_make(&s);
	arena *a = arena_new();
	int64_t doc = letter(s.w.marius, s.office, "decision");
	assert_int_equal(store_letter_delivery_add(conf_conn, doc, "digital_mailbox", NOW), ST_OK);
	letter_delivery *d, *d2;
	size_t n, n2;
	/* Not due before its time, nor on another adapter. */
	assert_int_equal(
	    store_letter_delivery_claim(conf_conn, a, "digital_mailbox", "w1", NOW - 1, NOW + 60, 10, &d, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_letter_delivery_claim(conf_conn, a, "health_portal", "w1", NOW, NOW + 60, 10, &d, &n),
	                 ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_letter_delivery_claim(conf_conn, a, "digital_mailbox", "w1", NOW, NOW + 60, 10, &d, &n),
	                 ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(d[0].document_id, doc);
	/* Leased: a second worker gets nothing until the lease ends. */
	assert_int_equal(
	    store_letter_delivery_claim(conf_conn, a, "digital_mailbox", "w2", NOW + 1, NOW + 61, 10, &d2, &n2), ST_OK);
	assert_int_equal(n2, 0);
	/* Only the claimant marks it. */
	assert_int_equal(store_letter_delivery_sent(conf_conn, d[0].id, "w2", NOW + 2), ST_CONFLICT);
	assert_int_equal(
	    store_letter_delivery_failed(conf_conn, d[0].id, "w1", 1, false, NOW + 30, "digital_mailbox answered 500"),
	    ST_OK);
	assert_int_equal(
	    store_letter_delivery_claim(conf_conn, a, "digital_mailbox", "w2", NOW + 29, NOW + 90, 10, &d2, &n2),
	    ST_OK);
	assert_int_equal(n2, 0);
	assert_int_equal(
	    store_letter_delivery_claim(conf_conn, a, "digital_mailbox", "w2", NOW + 30, NOW + 90, 10, &d2, &n2),
	    ST_OK);
	assert_int_equal(n2, 1);
	assert_int_equal(d2[0].attempts, 1);
	assert_string_equal(d2[0].last_error, "digital_mailbox answered 500");
	assert_int_equal(store_letter_delivery_failed(conf_conn, d2[0].id, "w2", 2, true, NOW + 90, "gone"), ST_OK);
	/* Dead: never claimed again. */
	assert_int_equal(
	    store_letter_delivery_claim(conf_conn, a, "digital_mailbox", "w3", NOW + 9999, NOW + 99999, 10, &d2, &n2),
	    ST_OK);
	assert_int_equal(n2, 0);
	assert_int_equal(deliveries_of(a, doc, &d2), 1);
	assert_string_equal(d2[0].status, "dead");
	/* Sent: attempts counted, the error cleared, never claimed again. */
	assert_int_equal(store_letter_delivery_add(conf_conn, doc, "health_portal", NOW), ST_OK);
	assert_int_equal(store_letter_delivery_claim(conf_conn, a, "health_portal", "w1", NOW, NOW + 60, 10, &d, &n),
	                 ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_letter_delivery_sent(conf_conn, d[0].id, "w1", NOW + 3), ST_OK);
	assert_int_equal(store_letter_delivery_sent(conf_conn, d[0].id, "w1", NOW + 4), ST_CONFLICT);
	assert_int_equal(deliveries_of(a, doc, &d2), 2);
	assert_string_equal(d2[1].status, "sent");
	assert_int_equal(d2[1].sent_at, NOW + 3);
	assert_int_equal(d2[1].attempts, 1);
	assert_null(d2[1].last_error);
	arena_free(a);
}

/* Two workers claiming at once, each on its own connection. */
struct claimer {
	const char *owner;
	int64_t ids[100];
	size_t n;
	status st;
};

struct claim_args {
	const char *owner;
	arena *a;
	letter_delivery *d;
	size_t n;
};

static status claim_fn(db_conn *c, void *arg)
{
	struct claim_args *ca = arg;
	return store_letter_delivery_claim(c, ca->a, "health_portal", ca->owner, NOW, NOW + 600, 3, &ca->d, &ca->n);
}

static void *claim_loop(void *arg)
{
	struct claimer *c = arg;
	db_conn *conn = db_thread_conn(conf_db);
	arena *a = arena_new();
	c->st = conn == NULL ? ST_INTERNAL : ST_OK;
	while (c->st == ST_OK) {
		struct claim_args ca = {c->owner, a, NULL, 0};
		c->st = db_tx(conn, true, claim_fn, &ca);
		if (c->st != ST_OK || ca.n == 0)
			break;
		for (size_t i = 0; i < ca.n && c->n < 100; i++)
			c->ids[c->n++] = ca.d[i].id;
	}
	arena_free(a);
	return NULL;
}

static void concurrent_claims_are_disjoint(void **state)
{
	(void)state;
	struct world s;
	world_make(&s);
	for (int i = 0; i < 40; i++)
		assert_int_equal(store_letter_delivery_add(conf_conn, letter(s.w.marius, s.office, "decision"),
		                                           "health_portal", NOW),
		                 ST_OK);
	struct claimer c1 = {.owner = "one"}, c2 = {.owner = "two"};
	pthread_t t1, t2;
	pthread_create(&t1, NULL, claim_loop, &c1);
	pthread_create(&t2, NULL, claim_loop, &c2);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	assert_int_equal(c1.st, ST_OK);
	assert_int_equal(c2.st, ST_OK);
	assert_int_equal(c1.n + c2.n, 40);
	for (size_t i = 0; i < c1.n; i++)
		for (size_t j = 0; j < c2.n; j++)
			assert_true(c1.ids[i] != c2.ids[j]);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(the_letter_job_adds_one_per_letter_and_configured_adapter),
    cmocka_unit_test(claims_lease_retry_and_end_dead),
    cmocka_unit_test(concurrent_claims_are_disjoint),
};
CONF_GROUP(letter_delivery, tests)
