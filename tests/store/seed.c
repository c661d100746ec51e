/* seed.c (conformance) — `seed demo` and `seed population` on both
 * databases: the demo world is complete, valid and never duplicated, its
 * families hold the representation cases ARCHITECTURE.md promises (as the
 * register records them), and the population generator makes the number of
 * valid, unique persons asked for, again on a second run. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/demo.h"
#include "conformance.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/nin.h"
#include "store/register.h"

/* The demo world's "today": ages below are as on this day. */
static const date demo_today = {2026, 11, 22};

/* Counts of every table the seeds write, to compare runs. */
struct counts {
	int64_t person, address, unit, staff, staff_unit, relation, responsibility, patient, dead_letters;
};

static int64_t count_of(const char *sql)
{
	db_stmt *s = db_prepare(conf_conn, sql);
	assert_non_null(s);
	assert_int_equal(db_step(s), DB_ROW);
	int64_t n = db_col_int(s, 0);
	db_done(s);
	return n;
}

static struct counts counts_now(void)
{
	struct counts c = {
	    count_of("SELECT COUNT(*) FROM person"),
	    count_of("SELECT COUNT(*) FROM address"),
	    count_of("SELECT COUNT(*) FROM unit"),
	    count_of("SELECT COUNT(*) FROM staff"),
	    count_of("SELECT COUNT(*) FROM staff_unit"),
	    count_of("SELECT COUNT(*) FROM family_relation"),
	    count_of("SELECT COUNT(*) FROM parental_responsibility"),
	    count_of("SELECT COUNT(*) FROM patient_unit"),
	    count_of("SELECT COUNT(*) FROM letter_delivery WHERE status = 'dead'"),
	};
	return c;
}

/* The demo person with this name, as the register has them. */
static person demo(arena *ar, const char *name)
{
	for (size_t i = 0; i < demo_people_count; i++) {
		if (strcmp(demo_people[i].name, name) != 0)
			continue;
		person p;
		assert_int_equal(store_person_by_nin(conf_conn, ar, demo_people[i].nin, &p), ST_OK);
		return p;
	}
	fail_msg("no demo person named %s", name);
	return (person){0};
}

static int age_of(const person *p)
{
	date birth;
	assert_true(date_parse(p->birth_date, &birth));
	return age_on(birth, demo_today);
}

static bool responsible(const person *child, const person *parent)
{
	bool has = false;
	assert_int_equal(store_has_parental_responsibility(conf_conn, child->id, parent->id, &has), ST_OK);
	return has;
}

static bool is_patient(const person *p)
{
	bool is = false;
	assert_int_equal(store_person_is_patient(conf_conn, p->id, &is), ST_OK);
	return is;
}

/* The relation recorded from person to relative, or NULL; owned by ar. */
static const char *relation(arena *ar, const person *p, const person *relative)
{
	db_stmt *s = db_prepare(conf_conn, "SELECT relation FROM family_relation"
	                                    " WHERE person_id = $1 AND relative_id = $2");
	db_bind_int(s, 1, p->id);
	db_bind_int(s, 2, relative->id);
	enum db_step_result r = db_step(s);
	assert_int_not_equal(r, DB_ERROR);
	const char *out = r == DB_ROW ? arena_strdup(ar, db_col_text(s, 0)) : NULL;
	db_done(s);
	return out;
}

static void demo_twice_changes_nothing(void **state)
{
	(void)state;
	conf_fresh();
	assert_int_equal(cli_seed_demo_on(conf_db, demo_today), 0);
	struct counts first = counts_now();
	assert_int_equal(first.person, (int64_t)demo_people_count);
	assert_int_equal(first.unit, 6);
	assert_int_equal(first.staff, 10); /* Hilde Dahl holds a different role at each of two units */
	assert_true(first.relation > 0 && first.responsibility > 0 && first.patient > 0);
	assert_int_equal(first.dead_letters, 1); /* the operator's outbox has one to retry */

	assert_int_equal(cli_seed_demo_on(conf_db, demo_today), 0);
	struct counts second = counts_now();
	assert_memory_equal(&first, &second, sizeof first);
}

static void demo_people_have_valid_synthetic_numbers(void **state)
{
	(void)state;
	conf_fresh();
	assert_int_equal(cli_seed_demo_on(conf_db, demo_today), 0);
	arena *ar = arena_new();
	size_t staff_count = 0;
	for (size_t i = 0; i < demo_people_count; i++) {
		const struct demo_person *d = &demo_people[i];
		assert_non_null(d->nin);
		assert_non_null(d->description_nb);
		assert_non_null(d->description_en);
		nin_info info;
		assert_int_equal(nin_parse(d->nin, &info), NIN_OK);
		assert_true(info.synthetic);
		assert_int_equal(info.kind, NIN_FNR);
		assert_false(info.rule_2032);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(d->nin, demo_people[j].nin);

		/* The register agrees with the table: name and birth date. */
		person p;
		assert_int_equal(store_person_by_nin(conf_conn, ar, d->nin, &p), ST_OK);
		char full[128];
		snprintf(full, sizeof full, "%s %s", p.given_name, p.family_name);
		assert_string_equal(full, d->name);
		char birth[11];
		date_format(info.birth, birth);
		assert_string_equal(birth, p.birth_date);

		staff s;
		status st = store_staff_by_person(conf_conn, ar, p.id, &s);
		assert_int_equal(st, d->staff ? ST_OK : ST_NOT_FOUND);
		staff_count += d->staff;
	}
	assert_int_equal(staff_count, 10);
	arena_free(ar);
}

static void demo_families_hold_every_representation_case(void **state)
{
	(void)state;
	conf_fresh();
	assert_int_equal(cli_seed_demo_on(conf_db, demo_today), 0);
	arena *ar = arena_new();

	/* Married parents at one address with children of 15, 13 and 5. */
	person marius = demo(ar, "Marius Berg"), silje = demo(ar, "Silje Berg");
	person nora = demo(ar, "Nora Berg"), jonas = demo(ar, "Jonas Berg"), emma = demo(ar, "Emma Berg");
	assert_string_equal(relation(ar, &marius, &silje), "spouse");
	assert_string_equal(relation(ar, &silje, &marius), "spouse");
	assert_int_equal(age_of(&nora), 15);
	assert_int_equal(age_of(&jonas), 13);
	assert_int_equal(age_of(&emma), 5);
	const person *berg_children[] = {&nora, &jonas, &emma};
	for (size_t i = 0; i < ARRAY_LEN(berg_children); i++) {
		const person *child = berg_children[i];
		assert_true(responsible(child, &marius));
		assert_true(responsible(child, &silje));
		assert_string_equal(relation(ar, child, &marius), "parent");
		assert_int_equal(child->address_id, marius.address_id);
		assert_int_equal(child->address_id, silje.address_id);
	}
	/* Nora turns 16 soon after the demo day, so tests can move the clock. */
	assert_string_equal(nora.birth_date, "2010-12-01");

	/* A divorced parent with responsibility at another address. */
	person thomas = demo(ar, "Thomas Lie"), hanne = demo(ar, "Hanne Strand"), ida = demo(ar, "Ida Lie");
	assert_true(responsible(&ida, &thomas));
	assert_true(responsible(&ida, &hanne));
	assert_true(thomas.address_id != 0 && thomas.address_id != ida.address_id);
	assert_int_equal(hanne.address_id, ida.address_id);
	assert_null(relation(ar, &thomas, &hanne));

	/* A foster child: foster parents at her address without responsibility,
	 * her mother with responsibility elsewhere. */
	person sofie = demo(ar, "Sofie Karlsen"), geir = demo(ar, "Geir Aasen"), randi = demo(ar, "Randi Aasen");
	person lene = demo(ar, "Lene Karlsen");
	assert_string_equal(relation(ar, &sofie, &geir), "foster_parent");
	assert_string_equal(relation(ar, &sofie, &randi), "foster_parent");
	assert_false(responsible(&sofie, &geir));
	assert_false(responsible(&sofie, &randi));
	assert_int_equal(sofie.address_id, geir.address_id);
	assert_string_equal(relation(ar, &sofie, &lene), "parent");
	assert_true(responsible(&sofie, &lene));
	assert_int_not_equal(lene.address_id, sofie.address_id);

	/* 17: the register still has responsibility (to 18), access ends at 16. */
	person mathias = demo(ar, "Mathias Strand");
	assert_int_equal(age_of(&mathias), 17);
	assert_true(responsible(&mathias, &hanne));

	/* Exactly 16 on the demo day. */
	person sander = demo(ar, "Sander Nilsen");
	assert_int_equal(age_of(&sander), 16);
	assert_string_equal(sander.birth_date, "2010-11-22");

	/* An elderly mother in the care home; her children are adults, siblings. */
	person astrid = demo(ar, "Astrid Johansen"), bjorn = demo(ar, "Bjørn Johansen");
	person elisabeth = demo(ar, "Elisabeth Johansen");
	assert_int_equal(age_of(&astrid), 88);
	assert_string_equal(relation(ar, &bjorn, &astrid), "parent");
	assert_string_equal(relation(ar, &elisabeth, &astrid), "parent");
	assert_true(age_of(&bjorn) >= 18 && age_of(&elisabeth) >= 18);
	unit care_home;
	assert_int_equal(store_unit_by_code(conf_conn, ar, "havstad-hvs", &care_home), ST_OK);
	assert_string_equal(care_home.kind, "care_home");
	db_stmt *s = db_prepare(conf_conn, "SELECT COUNT(*) FROM patient_unit WHERE person_id = $1 AND unit_id = $2");
	db_bind_int(s, 1, astrid.id);
	db_bind_int(s, 2, care_home.id);
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_col_int(s, 0), 1);
	db_done(s);

	/* A confidential address: flagged, and no address shown. */
	person camilla = demo(ar, "Camilla Eide"), oskar = demo(ar, "Oskar Eide");
	assert_true(camilla.confidential_address);
	assert_int_equal(camilla.address_id, 0);
	assert_true(oskar.confidential_address);
	assert_true(responsible(&oskar, &camilla));

	/* No one's patient; a stranger child; the dead. */
	person vegard = demo(ar, "Vegard Nilsen");
	assert_false(is_patient(&vegard));
	person lukas = demo(ar, "Lukas Haugen");
	assert_true(age_of(&lukas) < 16);
	assert_true(is_patient(&lukas));
	assert_false(responsible(&lukas, &marius));
	assert_null(relation(ar, &lukas, &marius));
	person arne = demo(ar, "Arne Johansen");
	assert_non_null(arne.death_date);

	/* Health personnel carry HPR numbers; others none. */
	staff st;
	person ingrid = demo(ar, "Ingrid Solberg"), marte = demo(ar, "Marte Vik");
	assert_int_equal(store_staff_by_person(conf_conn, ar, ingrid.id, &st), ST_OK);
	assert_string_equal(st.hpr_number, "100000001");
	assert_int_equal(store_staff_by_person(conf_conn, ar, marte.id, &st), ST_OK);
	assert_null(st.hpr_number);
	/* Every role is staffed somewhere. */
	assert_int_equal(count_of("SELECT COUNT(DISTINCT role) FROM staff_unit"), 5);

	unit oya;
	assert_int_equal(store_unit_by_code(conf_conn, ar, "oya-legesenter", &oya), ST_OK);
	assert_true(oya.self_booking && oya.self_change && oya.change_requests && oya.video_booking &&
	            oya.accepts_messages);
	arena_free(ar);
}

static int64_t count_without_unit(void)
{
	return count_of("SELECT COUNT(*) FROM person p WHERE NOT EXISTS"
	                " (SELECT 1 FROM patient_unit u WHERE u.person_id = p.id)");
}

/* Every person's number is valid, synthetic and unique, and agrees with the
 * birth date; responsibility only for those under 18 at the demo day; every
 * generated person is some unit's patient (`unlinked` are those who were not
 * before). */
static void assert_population_valid(int64_t expected, int64_t unlinked)
{
	assert_int_equal(count_of("SELECT COUNT(*) FROM person"), expected);
	assert_int_equal(count_of("SELECT COUNT(DISTINCT nin) FROM person"), expected);
	db_stmt *s = db_prepare(conf_conn, "SELECT nin, birth_date FROM person");
	int64_t rows = 0;
	while (db_step(s) == DB_ROW) {
		nin_info info;
		assert_int_equal(nin_parse(db_col_text(s, 0), &info), NIN_OK);
		assert_true(info.synthetic);
		char birth[11];
		date_format(info.birth, birth);
		assert_string_equal(birth, db_col_text(s, 1));
		assert_true(strcmp(birth, "1925-01-01") >= 0 && strcmp(birth, "2026-11-22") <= 0);
		rows++;
	}
	db_done(s);
	assert_int_equal(rows, expected);

	s = db_prepare(conf_conn, "SELECT c.birth_date FROM parental_responsibility r"
	                           " JOIN person c ON c.id = r.child_id");
	while (db_step(s) == DB_ROW) {
		date birth;
		assert_true(date_parse(db_col_text(s, 0), &birth));
		assert_true(age_on(birth, demo_today) < 18);
	}
	db_done(s);
	assert_int_equal(count_without_unit(), unlinked);
}

static void population_of_2000_is_valid_and_unique(void **state)
{
	(void)state;
	conf_fresh();
	assert_int_equal(cli_seed_population(conf_db, 2000), 0);
	assert_population_valid(2000, 0);
	/* With no units, the persons get a GP office made for them. */
	assert_int_equal(count_of("SELECT COUNT(*) FROM unit WHERE code = 'pop-gp'"), 1);
	assert_int_equal(count_of("SELECT COUNT(*) FROM patient_unit"), 2000);
	int64_t addresses = count_of("SELECT COUNT(*) FROM address");
	assert_true(addresses > 2000 / 4 && addresses < 2000);
	assert_true(count_of("SELECT COUNT(*) FROM parental_responsibility") > 0);
	assert_true(count_of("SELECT COUNT(*) FROM family_relation WHERE relation = 'spouse'") > 0);
}

static void population_runs_again_after_the_demo_world(void **state)
{
	(void)state;
	conf_fresh();
	assert_int_equal(cli_seed_demo_on(conf_db, demo_today), 0);
	int64_t unlinked = count_without_unit();
	int64_t at_oya = count_of("SELECT COUNT(*) FROM patient_unit p JOIN unit u ON u.id = p.unit_id"
	                          " WHERE u.code = 'oya-legesenter'");
	assert_int_equal(cli_seed_population(conf_db, 2000), 0);
	assert_int_equal(cli_seed_population(conf_db, 2000), 0);
	int64_t total = (int64_t)demo_people_count + 4000;
	assert_population_valid(total, unlinked);
	/* The demo world's GP office takes them; no extra unit. */
	assert_int_equal(count_of("SELECT COUNT(*) FROM unit"), 6);
	assert_int_equal(count_of("SELECT COUNT(*) FROM patient_unit p JOIN unit u ON u.id = p.unit_id"
	                          " WHERE u.code = 'oya-legesenter'"),
	                 at_oya + 4000);

	/* Ordinary inserts continue after the ids the loader chose. */
	address a = {0, "Kongens gate 1", "7011", "Trondheim", "5001"};
	int64_t address_id, person_id;
	assert_int_equal(store_address_insert(conf_conn, &a, &address_id), ST_OK);
	person p = {0, "47906701517", "Ny", "Person", "1967-10-07", address_id, false, NULL};
	assert_int_equal(store_person_insert(conf_conn, &p, &person_id), ST_OK);
	assert_int_equal(count_of("SELECT COUNT(*) FROM person"), total + 1);
	/* A zero-person run changes nothing. */
	assert_int_equal(cli_seed_population(conf_db, 0), 0);
	assert_int_equal(count_of("SELECT COUNT(*) FROM person"), total + 1);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(demo_twice_changes_nothing),
    cmocka_unit_test(demo_people_have_valid_synthetic_numbers),
    cmocka_unit_test(demo_families_hold_every_representation_case),
    cmocka_unit_test(population_of_2000_is_valid_and_unique),
    cmocka_unit_test(population_runs_again_after_the_demo_world),
};
CONF_GROUP(seed, tests)
