/* migrate_paper_reason.c — migration 29 widens citizen_document's paper
 * reasons by "unreachable"; on SQLite it rebuilds the table while letter
 * deliveries and record access requests reference it: every letter, every
 * reference and every attachment is kept, foreign keys are on again
 * afterwards, and a database whose references are already broken is left
 * as it was. */
#include "conformance.h"

#include <stdio.h>
#include <string.h>

#include "core/core.h"

/* A letter of each paper state, each delivered or asked for, before 29. */
static void letters_before_29(void)
{
	assert_int_equal(store_migrate_to(conf_conn, 28), ST_OK);
	/* Bytes literals differ: X'..' on SQLite, a bytea's hex text on PostgreSQL. */
	bool sq = conf_kind == DB_SQLITE;
	char sql[4096];
	snprintf(sql, sizeof sql,
	         "INSERT INTO person (id, nin, given_name, family_name, birth_date)"
	         " VALUES (1, '31129956715', 'Marius', 'Berg', '1999-12-31');"
	         "INSERT INTO unit (id, code, kind, name, municipality, phone)"
	         " VALUES (1, 'tk', 'services_office', 'Tjenestekontoret', '5001', '73000000');"
	         "INSERT INTO questionnaire (id, url, version, title_nb, status, resource, imported_at)"
	         " VALUES (1, 'urn:q', '1', 'Søknad', 'active', '{}', 1);"
	         "INSERT INTO municipal_service (id, unit_id, code, title_nb, title_en, summary_nb, summary_en,"
	         " legal_basis, questionnaire_id) VALUES (1, 1, 'home', 'Hjemmesykepleie', 'Home nursing', 's', 's',"
	         " 'hol. § 3-2', 1);"
	         "INSERT INTO service_application (id, patient_id, service_id, unit_id, status, created_by, created_at,"
	         " submitted_at, outcome, decided_at)"
	         " VALUES (1, 1, 1, 1, 'decided', 1, 100, 100, 'granted', 200);"
	         "INSERT INTO citizen_document (id, patient_id, unit_id, application_id, kind, letter, pdf, pdf_data,"
	         " created_at, generated_at, opened_at, opened_by, paper_at, paper_reason, printed_at)"
	         " VALUES (10, 1, 1, 1, 'receipt', '{\"a\":1}', '', %s, 100, 101, 150, 1, NULL, NULL, NULL),"
	         " (11, 1, 1, 1, 'decision', '{\"b\":2}', '', %s, 200, 201, NULL, NULL, 300, 'unopened', 400),"
	         " (12, 1, 1, 1, 'decision', '{\"c\":3}', NULL, NULL, 500, NULL, NULL, NULL, 500, 'reserved', NULL);"
	         "INSERT INTO letter_delivery (id, document_id, adapter, status, created_at, next_attempt_at, sent_at)"
	         " VALUES (20, 11, 'digital_mailbox', 'sent', 201, 201, 202),"
	         " (21, 11, 'health_portal', 'pending', 201, 201, NULL);"
	         "INSERT INTO service_attachment (id, application_id, patient_id, part, content_type, name, size, data,"
	         " added_by, created_at) VALUES (30, 1, 1, 'appeal', 'application/pdf', 'klage.pdf', 3, %s, 1,"
	         " 300);"
	         "INSERT INTO record_access_request (id, patient_id, unit_id, requested_by, parts, from_date, to_date,"
	         " for_guardian, status, created_at, due_date, receipt_id, document_id, handled_at)"
	         " VALUES (40, 1, 1, 1, 'visits', '2026-01-01', '2026-02-01', 0, 'fulfilled', 100, '2026-02-01', 10,"
	         " 12, 600);",
	         sq ? "X'255044'" : "'\\x255044'::bytea", sq ? "X'00FF'" : "'\\x00ff'::bytea",
	         sq ? "X'414243'" : "'\\x414243'::bytea");
	assert_int_equal(db_exec(conf_conn, sql), ST_OK);
}

static void the_rebuild_keeps_letters_references_and_attachments(void **state)
{
	(void)state;
	conf_empty();
	letters_before_29();

	assert_int_equal(store_migrate(conf_conn), ST_OK);

	assert_int_equal(conf_count("SELECT COUNT(*) FROM citizen_document"), 3);
	assert_int_equal(
	    conf_count("SELECT COUNT(*) FROM citizen_document WHERE id = 10 AND kind = 'receipt' AND letter ="
	               " '{\"a\":1}' AND opened_at = 150 AND opened_by = 1 AND paper_at IS NULL"
	               " AND length(pdf_data) = 3"),
	    1);
	assert_int_equal(conf_count("SELECT COUNT(*) FROM citizen_document WHERE id = 11 AND paper_reason = 'unopened'"
	                            " AND printed_at = 400 AND generated_at = 201 AND length(pdf_data) = 2"),
	                 1);
	assert_int_equal(conf_count("SELECT COUNT(*) FROM citizen_document WHERE id = 12 AND paper_reason = 'reserved'"
	                            " AND pdf IS NULL AND pdf_data IS NULL"),
	                 1);
	assert_int_equal(
	    conf_count("SELECT COUNT(*) FROM letter_delivery d JOIN citizen_document c ON c.id = d.document_id"), 2);
	assert_int_equal(conf_count("SELECT COUNT(*) FROM record_access_request r JOIN citizen_document a"
	                            " ON a.id = r.receipt_id JOIN citizen_document b ON b.id = r.document_id"),
	                 1);
	assert_int_equal(conf_count("SELECT COUNT(*) FROM service_attachment WHERE id = 30 AND length(data) = 3"), 1);
	assert_int_equal(conf_count("SELECT COUNT(*) FROM krr_reservation"), 0);
	if (conf_kind == DB_SQLITE) {
		bool broken = true;
		assert_int_equal(db_exists(db_prepare(conf_conn, "PRAGMA foreign_key_check"), &broken), ST_OK);
		assert_false(broken);
		assert_int_equal(conf_count("PRAGMA foreign_keys"), 1);
	}
	/* The new reason is allowed, another is not; the references still hold. */
	assert_int_equal(db_exec(conf_conn, "UPDATE citizen_document SET paper_reason = 'unreachable' WHERE id = 12"),
	                 ST_OK);
	assert_int_not_equal(db_exec(conf_conn, "UPDATE citizen_document SET paper_reason = 'lost' WHERE id = 12"),
	                     ST_OK);
	assert_int_not_equal(db_exec(conf_conn, "INSERT INTO letter_delivery (document_id, adapter, status, created_at,"
	                                        " next_attempt_at) VALUES (99, 'health_portal', 'pending', 1, 1)"),
	                     ST_OK);
	assert_int_not_equal(db_exec(conf_conn, "DELETE FROM citizen_document WHERE id = 11"), ST_OK);
}

/* A letter delivery whose letter is already gone (written with foreign
 * keys off): the rebuild cannot tell it from one it lost, so migration 29
 * is not applied and nothing changes. */
static void a_broken_reference_stops_the_rebuild(void **state)
{
	(void)state;
	if (conf_kind != DB_SQLITE)
		skip();
	conf_empty();
	letters_before_29();
	assert_int_equal(db_exec(conf_conn, "PRAGMA foreign_keys=OFF;"
	                                    "INSERT INTO letter_delivery (id, document_id, adapter, status, created_at,"
	                                    " next_attempt_at) VALUES (22, 77, 'health_portal', 'pending', 1, 1);"
	                                    "PRAGMA foreign_keys=ON;"),
	                 ST_OK);

	assert_int_equal(store_migrate(conf_conn), ST_INVALID);

	assert_int_equal(conf_count("SELECT COUNT(*) FROM schema_version WHERE version = 29"), 0);
	assert_int_equal(conf_count("SELECT COUNT(*) FROM citizen_document"), 3);
	assert_int_equal(conf_count("PRAGMA foreign_keys"), 1);
	assert_int_not_equal(
	    db_exec(conf_conn, "UPDATE citizen_document SET paper_reason = 'unreachable' WHERE id = 12"), ST_OK);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(the_rebuild_keeps_letters_references_and_attachments),
    cmocka_unit_test(a_broken_reference_stops_the_rebuild),
};
CONF_GROUP(migrate_paper_reason, tests)
