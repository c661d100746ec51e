/* migrate_appointment_times.c — migration 35 gives each appointment its
 * slot's start and end; on SQLite it rebuilds the table while requests,
 * offers, calls, questionnaires and moved appointments reference it: every
 * row keeps its columns and references, each gets its slot's times, and
 * from then on a row without them, or with others, is refused. Migration
 * 36 does the same for short-notice offers. */
#include <stdio.h>

#include "conformance.h"

#include "core/core.h"

/* Two appointments of one patient before 35: the first moved to the
 * second, which has an open change request. */
static void appointments_before_35(void)
{
	assert_int_equal(store_migrate_to(conf_conn, 34), ST_OK);
	assert_int_equal(
	    db_exec(conf_conn,
	            "INSERT INTO person (id, nin, given_name, family_name, birth_date)"
	            " VALUES (1, '12848649994', 'Marius', 'Berg', '1986-04-12'),"
	            " (2, '14827549852', 'Ingrid', 'Berg', '1975-02-14');"
	            "INSERT INTO unit (id, code, kind, name, municipality, phone)"
	            " VALUES (1, 'oya', 'gp_office', 'Øya', '5001', '73000000');"
	            "INSERT INTO staff (id, person_id, title) VALUES (1, 2, 'Lege');"
	            "INSERT INTO visit_type (id, unit_id, name_nb, name_en, minutes, mode)"
	            " VALUES (1, 1, 'Legetime', 'GP visit', 20, 'in_person');"
	            "INSERT INTO slot (id, unit_id, staff_id, start_at, end_at)"
	            " VALUES (5, 1, 1, 1000, 2200), (6, 1, 1, 3000, 4800);"
	            "INSERT INTO appointment (id, patient_id, unit_id, slot_id, visit_type_id, status, booked_by,"
	            " created_at, changed_at, reminded_at, checked_in_at, checked_in_by)"
	            " VALUES (11, 1, 1, 6, 1, 'booked', 1, 200, NULL, 250, 2990, 1);"
	            "INSERT INTO appointment (id, patient_id, unit_id, slot_id, visit_type_id, status, moved_to,"
	            " booked_by, created_at, changed_at) VALUES (10, 1, 1, 5, 1, 'moved', 11, 1, 100, 200);"
	            "INSERT INTO appointment_request (id, appointment_id, patient_id, unit_id, kind, created_by,"
	            " created_at) VALUES (20, 11, 1, 1, 'change', 1, 300);"),
	    ST_OK);
}

static void each_appointment_gets_its_slots_times(void **state)
{
	(void)state;
	conf_empty();
	appointments_before_35();

	assert_int_equal(store_migrate(conf_conn), ST_OK);

	assert_int_equal(conf_count("SELECT COUNT(*) FROM appointment"), 2);
	assert_int_equal(
	    conf_count("SELECT COUNT(*) FROM appointment WHERE id = 10 AND slot_id = 5 AND status = 'moved'"
	               " AND moved_to = 11 AND created_at = 100 AND changed_at = 200"
	               " AND start_at = 1000 AND end_at = 2200"),
	    1);
	assert_int_equal(
	    conf_count("SELECT COUNT(*) FROM appointment WHERE id = 11 AND slot_id = 6 AND status = 'booked'"
	               " AND reminded_at = 250 AND checked_in_at = 2990 AND checked_in_by = 1"
	               " AND start_at = 3000 AND end_at = 4800"),
	    1);
	assert_int_equal(
	    conf_count("SELECT COUNT(*) FROM appointment_request r JOIN appointment a ON a.id = r.appointment_id"
	               " WHERE r.id = 20 AND a.id = 11"),
	    1);
	if (conf_kind == DB_SQLITE) {
		bool broken = true;
		assert_int_equal(db_exists(db_prepare(conf_conn, "PRAGMA foreign_key_check"), &broken), ST_OK);
		assert_false(broken);
		assert_int_equal(conf_count("PRAGMA foreign_keys"), 1);
	}
	/* The indexes the table had are there again: a slot is booked once. */
	assert_int_not_equal(db_exec(conf_conn, "INSERT INTO appointment (patient_id, unit_id, slot_id, visit_type_id,"
	                                        " status, booked_by, created_at, start_at, end_at)"
	                                        " VALUES (1, 1, 6, 1, 'booked', 1, 400, 3000, 4800)"),
	                     ST_OK);
	/* A row without its slot's times, or with others, is refused. */
	assert_int_not_equal(db_exec(conf_conn,
	                             "INSERT INTO appointment (patient_id, unit_id, slot_id, visit_type_id,"
	                             " status, booked_by, created_at) VALUES (1, 1, 5, 1, 'booked', 1, 400)"),
	                     ST_OK);
	assert_int_not_equal(db_exec(conf_conn, "INSERT INTO appointment (patient_id, unit_id, slot_id, visit_type_id,"
	                                        " status, booked_by, created_at, start_at, end_at)"
	                                        " VALUES (1, 1, 5, 1, 'booked', 1, 400, 1000, 2100)"),
	                     ST_OK);
	assert_int_equal(db_exec(conf_conn, "INSERT INTO appointment (patient_id, unit_id, slot_id, visit_type_id,"
	                                    " status, booked_by, created_at, start_at, end_at)"
	                                    " VALUES (1, 1, 5, 1, 'booked', 1, 400, 1000, 2200)"),
	                 ST_OK);
	/* A referenced appointment cannot be deleted: the references hold. */
	assert_int_not_equal(db_exec(conf_conn, "DELETE FROM appointment WHERE id = 11"), ST_OK);
}

/* Migration 36 gives each short-notice offer its slot's times; SQLite
 * rebuilds the table: every offer keeps its columns, and from then on one
 * without the times, or with others, is refused. */
static void each_offer_gets_its_slots_times(void **state)
{
	(void)state;
	conf_empty();
	appointments_before_35();
	assert_int_equal(store_migrate_to(conf_conn, 35), ST_OK);
	assert_int_equal(db_exec(conf_conn,
	                         "INSERT INTO slot (id, unit_id, staff_id, start_at, end_at)"
	                         " VALUES (7, 1, 1, 2400, 2800);"
	                         "INSERT INTO short_notice (id, unit_id, patient_id, appointment_id, joined_at)"
	                         " VALUES (30, 1, 1, 11, 300);"
	                         "INSERT INTO short_notice_offer (id, unit_id, slot_id, entry_id,"
	                         " appointment_id, patient_id, status, reason, created_at, deadline,"
	                         " answered_at) VALUES (40, 1, 7, 30, 11, 1, 'declined', 'declined', 400,"
	                         " 500, 450)"),
	                 ST_OK);

	assert_int_equal(store_migrate(conf_conn), ST_OK);

	assert_int_equal(conf_count("SELECT COUNT(*) FROM short_notice_offer WHERE id = 40 AND unit_id = 1"
	                            " AND slot_id = 7 AND entry_id = 30 AND appointment_id = 11 AND patient_id = 1"
	                            " AND status = 'declined' AND reason = 'declined' AND created_at = 400"
	                            " AND deadline = 500 AND answered_at = 450 AND new_appointment_id IS NULL"
	                            " AND slot_start = 2400 AND slot_end = 2800"),
	                 1);
	if (conf_kind == DB_SQLITE) {
		bool broken = true;
		assert_int_equal(db_exists(db_prepare(conf_conn, "PRAGMA foreign_key_check"), &broken), ST_OK);
		assert_false(broken);
	}
	/* The UNIQUE pair holds again; a row without its slot's times, or with
	 * others, is refused. */
	const char *insert = "INSERT INTO short_notice_offer (unit_id, slot_id, entry_id, appointment_id, patient_id,"
	                     " created_at, deadline";
	char sql[512];
	snprintf(sql, sizeof sql, "%s, slot_start, slot_end) VALUES (1, 7, 30, 11, 1, 600, 700, 2400, 2800)", insert);
	assert_int_not_equal(db_exec(conf_conn, sql), ST_OK);
	snprintf(sql, sizeof sql, "%s) VALUES (1, 5, 30, 11, 1, 600, 700)", insert);
	assert_int_not_equal(db_exec(conf_conn, sql), ST_OK);
	snprintf(sql, sizeof sql, "%s, slot_start, slot_end) VALUES (1, 5, 30, 11, 1, 600, 700, 1000, 2100)", insert);
	assert_int_not_equal(db_exec(conf_conn, sql), ST_OK);
	snprintf(sql, sizeof sql, "%s, slot_start, slot_end) VALUES (1, 5, 30, 11, 1, 600, 700, 1000, 2200)", insert);
	assert_int_equal(db_exec(conf_conn, sql), ST_OK);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(each_appointment_gets_its_slots_times),
    cmocka_unit_test(each_offer_gets_its_slots_times),
};
CONF_GROUP(migrate_appointment_times, tests)
