/* migrate_bytes.c — migration 21 moves message attachments and letter PDFs,
 * and migration 23 the R4 capacity certificates, from base64 text into
 * BLOB/BYTEA columns: every byte kept, on both backends; a damaged row stops
 * it with nothing changed. */
#include "conformance.h"

#include <string.h>

#include "core/core.h"
#include "core/crypto.h"
#include "store/messages.h"
#include "store/representation.h"
#include "store/services.h"

/* Rows as the schema before migration 21 held them, written with the
 * columns it had (later migrations only add columns with defaults). */
static void old_world(void)
{
	assert_int_equal(store_migrate_to(conf_conn, 20), ST_OK);
	assert_int_equal(
	    db_exec(conf_conn,
	            "INSERT INTO person (id, nin, given_name, family_name, birth_date)"
	            " VALUES (1, '31129956715', 'Marius', 'Berg', '1999-12-31');"
	            "INSERT INTO unit (id, code, kind, name, municipality, phone)"
	            " VALUES (1, 'oya', 'gp_office', 'Øya legesenter', 'Trondheim', '73000000');"
	            "INSERT INTO conversation (id, patient_id, unit_id, topic, subject, created_at, last_at)"
	            " VALUES (1, 1, 1, 'other', 'Prøver', 100, 100);"
	            "INSERT INTO message (id, conversation_id, patient_id, author_id, author_role, body, created_at)"
	            " VALUES (1, 1, 1, 1, 'citizen', 'Hei', 100);"),
	    ST_OK);
}

static void insert_old_attachment(int64_t id, const char *b64, size_t size)
{
	db_stmt *s =
	    db_prepare(conf_conn, "INSERT INTO message_attachment (id, message_id, conversation_id, patient_id,"
	                          " content_type, name, size, data_base64, created_at)"
	                          " VALUES ($1, 1, 1, 1, 'application/pdf', 'a.pdf', $2, $3, 100)");
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, (int64_t)size);
	db_bind_text(s, 3, b64);
	assert_int_equal(db_run(s), ST_OK);
}

static void insert_old_letter(int64_t id, const char *b64)
{
	db_stmt *s =
	    db_prepare(conf_conn, "INSERT INTO citizen_document (id, patient_id, unit_id, kind, letter, pdf,"
	                          " created_at, generated_at) VALUES ($1, 1, 1, 'receipt', '{}', $2, 100, $3)");
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, b64);
	db_bind_opt_int(s, 3, b64 != NULL ? 100 : 0);
	assert_int_equal(db_run(s), ST_OK);
}

static void base64_rows_become_bytes(void **state)
{
	(void)state;
	conf_empty();
	old_world();
	arena *a = arena_new();
	uint8_t all[256];
	for (size_t i = 0; i < sizeof all; i++)
		all[i] = (uint8_t)i;
	insert_old_attachment(7, base64_encode(a, all, sizeof all), sizeof all);
	insert_old_attachment(8, base64_encode(a, (const uint8_t *)"%PDF-1.4\n", 9), 9);
	insert_old_letter(3, base64_encode(a, all, sizeof all));
	insert_old_letter(4, NULL); /* not made yet: stays so */

	assert_int_equal(store_migrate(conf_conn), ST_OK);

	message_attachment att;
	const uint8_t *data;
	size_t len;
	assert_int_equal(store_att_get(conf_conn, a, 1, 7, &att, &data, &len), ST_OK);
	assert_int_equal(len, sizeof all);
	assert_memory_equal(data, all, sizeof all);
	assert_int_equal(store_att_get(conf_conn, a, 1, 8, &att, &data, &len), ST_OK);
	assert_int_equal(len, 9);
	assert_memory_equal(data, "%PDF-1.4\n", 9);
	citizen_document d;
	assert_int_equal(store_document_of_patient(conf_conn, a, 1, 3, false, &d), ST_OK);
	assert_int_equal(d.pdf_len, sizeof all);
	assert_memory_equal(d.pdf, all, sizeof all);
	assert_int_equal(store_document_of_patient(conf_conn, a, 1, 4, false, &d), ST_OK);
	assert_null(d.pdf);
	/* The letter job still finds the unmade one, and makes it once. */
	citizen_document *pending;
	size_t n;
	assert_int_equal(store_documents_pending(conf_conn, a, 10, &pending, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(pending[0].id, 4);
	assert_int_equal(store_document_set_pdf(conf_conn, 4, all, 5, 200), ST_OK);
	assert_int_equal(store_document_set_pdf(conf_conn, 4, all, 9, 300), ST_OK);
	assert_int_equal(store_document_of_patient(conf_conn, a, 1, 4, false, &d), ST_OK);
	assert_int_equal(d.pdf_len, 5);
	assert_int_equal(d.generated_at, 200);
	/* The text columns hold nothing any more. */
	db_stmt *s = db_prepare(conf_conn, "SELECT COUNT(*) FROM message_attachment WHERE data_base64 <> ''");
	int64_t left;
	assert_int_equal(db_one_int(s, &left), ST_OK);
	assert_int_equal(left, 0);
	arena_free(a);
}

static void a_damaged_row_stops_the_migration_and_changes_nothing(void **state)
{
	(void)state;
	conf_empty();
	old_world();
	insert_old_attachment(7, "JVBERi0=", 5);
	insert_old_attachment(8, "not base64 at all!", 5);

	assert_int_equal(store_migrate(conf_conn), ST_INTERNAL);

	db_stmt *s = db_prepare(conf_conn, "SELECT COUNT(*) FROM schema_version WHERE version = 21");
	int64_t applied;
	assert_int_equal(db_one_int(s, &applied), ST_OK);
	assert_int_equal(applied, 0);
	s = db_prepare(conf_conn, "SELECT data_base64 FROM message_attachment WHERE id = 7");
	assert_int_equal(db_step_one(s), ST_OK);
	assert_string_equal(db_col_text(s, 0), "JVBERi0=");
	db_done(s);
}

static void insert_old_certificate(int64_t id, const char *b64)
{
	db_stmt *s = db_prepare(conf_conn, "INSERT INTO capacity_application (id, applicant_id, person_id, relation,"
	                                   " statement, document_type, document_base64, submitted_at, status)"
	                                   " VALUES ($1, 1, 1, 'child', 'Trenger hjelp', 'application/pdf', $2, 100,"
	                                   " 'pending')");
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, b64);
	assert_int_equal(db_run(s), ST_OK);
}

static void certificates_become_bytes(void **state)
{
	(void)state;
	conf_empty();
	assert_int_equal(store_migrate_to(conf_conn, 22), ST_OK);
	assert_int_equal(db_exec(conf_conn, "INSERT INTO person (id, nin, given_name, family_name, birth_date)"
	                                    " VALUES (1, '31129956715', 'Marius', 'Berg', '1999-12-31');"),
	                 ST_OK);
	arena *a = arena_new();
	uint8_t all[256];
	for (size_t i = 0; i < sizeof all; i++)
		all[i] = (uint8_t)(255 - i);
	insert_old_certificate(5, base64_encode(a, all, sizeof all));

	assert_int_equal(store_migrate(conf_conn), ST_OK);

	uint8_t *data;
	size_t len;
	assert_int_equal(store_capacity_document(conf_conn, a, 5, &data, &len), ST_OK);
	assert_int_equal(len, sizeof all);
	assert_memory_equal(data, all, sizeof all);
	db_stmt *s = db_prepare(conf_conn, "SELECT COUNT(*) FROM capacity_application WHERE document_base64 <> ''");
	int64_t left;
	assert_int_equal(db_one_int(s, &left), ST_OK);
	assert_int_equal(left, 0);
	/* A new one is stored as bytes, NUL included. */
	capacity_application app = {.applicant_id = 1,
	                            .person_id = 1,
	                            .relation = "child",
	                            .statement = "Trenger hjelp",
	                            .document_type = "image/png",
	                            .submitted_at = 200};
	int64_t id;
	assert_int_equal(store_capacity_insert(conf_conn, &app, (const uint8_t *)"\x89PNG\0\1", 6, &id), ST_OK);
	assert_int_equal(store_capacity_document(conf_conn, a, id, &data, &len), ST_OK);
	assert_int_equal(len, 6);
	assert_memory_equal(data, "\x89PNG\0\1", 6);
	arena_free(a);
}

static void a_damaged_certificate_stops_migration_23(void **state)
{
	(void)state;
	conf_empty();
	assert_int_equal(store_migrate_to(conf_conn, 22), ST_OK);
	assert_int_equal(db_exec(conf_conn, "INSERT INTO person (id, nin, given_name, family_name, birth_date)"
	                                    " VALUES (1, '31129956715', 'Marius', 'Berg', '1999-12-31');"),
	                 ST_OK);
	insert_old_certificate(5, "JVBERi0=");
	insert_old_certificate(6, "not base64 at all!");

	assert_int_equal(store_migrate(conf_conn), ST_INTERNAL);

	db_stmt *s = db_prepare(conf_conn, "SELECT COUNT(*) FROM schema_version WHERE version = 23");
	int64_t applied;
	assert_int_equal(db_one_int(s, &applied), ST_OK);
	assert_int_equal(applied, 0);
	s = db_prepare(conf_conn, "SELECT document_base64 FROM capacity_application WHERE id = 5");
	assert_int_equal(db_step_one(s), ST_OK);
	assert_string_equal(db_col_text(s, 0), "JVBERi0=");
	db_done(s);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(base64_rows_become_bytes),
    cmocka_unit_test(a_damaged_row_stops_the_migration_and_changes_nothing),
    cmocka_unit_test(certificates_become_bytes),
    cmocka_unit_test(a_damaged_certificate_stops_migration_23),
};

CONF_GROUP(migrate_bytes, tests)
