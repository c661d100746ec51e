/* register.c (conformance) — the population register, units, staff and
 * patient links (store/register.h) on both databases: round trips, NULLs,
 * not found, and the constraints that keep the register honest (unique
 * identity numbers, HPR numbers and unit codes; allowed kinds, relations and
 * roles; foreign keys; no one responsible for themselves). */
#include <string.h>

#include "conformance.h"
#include "fixtures.h"
#include "core/arena.h"
#include "store/chart.h"
#include "store/register.h"
#include "store/session.h"

static int64_t add_address(const char *street)
{
	address a = {0, street, "7011", "Trondheim", "5001"};
	int64_t id = 0;
	assert_int_equal(store_address_insert(conf_conn, &a, &id), ST_OK);
	assert_true(id > 0);
	return id;
}

/* A person at an address (0: none). */
static int64_t add_person(const char *nin, const char *given, int64_t address_id)
{
	return fx_insert_person(&(person){0, nin, given, "Testesen", "1986-04-12", address_id, false, NULL});
}

/* A unit with every field set, most away from the schema's defaults, so the
 * round trip shows each one. */
static int64_t add_unit(const char *code, const char *kind)
{
	return fx_insert_unit(
	    &(unit){0, code, kind, "Testenheten", "5001", "73 00 00 00", true, false, true, false, true, 2});
}

static void address_round_trip(void **state)
{
	(void)state;
	conf_fresh();
	int64_t id = add_address("Nedre Bakklandet 21");
	arena *ar = arena_new();
	address a;
	assert_int_equal(store_address_get(conf_conn, ar, id, &a), ST_OK);
	assert_int_equal(a.id, id);
	assert_string_equal(a.street, "Nedre Bakklandet 21");
	assert_string_equal(a.postcode, "7011");
	assert_string_equal(a.city, "Trondheim");
	assert_string_equal(a.municipality, "5001");
	assert_int_equal(store_address_get(conf_conn, ar, id + 1000, &a), ST_NOT_FOUND);
	arena_free(ar);
}

static void person_round_trip_with_and_without_optional_fields(void **state)
{
	(void)state;
	conf_fresh();
	int64_t addr = add_address("Fjordgata 8");
	person with = {0, "12848649994", "Bjørn", "Ødegård", "1986-04-12", addr, false, "2024-02-11"};
	person without = {0, "03898849863", "Silje", "Berg", "1988-09-03", 0, true, NULL};
	int64_t id1, id2;
	assert_int_equal(store_person_insert(conf_conn, &with, &id1), ST_OK);
	assert_int_equal(store_person_insert(conf_conn, &without, &id2), ST_OK);
	assert_int_not_equal(id1, id2);

	arena *ar = arena_new();
	person p;
	assert_int_equal(store_person_by_nin(conf_conn, ar, "12848649994", &p), ST_OK);
	assert_int_equal(p.id, id1);
	assert_string_equal(p.nin, "12848649994");
	assert_string_equal(p.given_name, "Bjørn");
	assert_string_equal(p.family_name, "Ødegård");
	assert_string_equal(p.birth_date, "1986-04-12");
	assert_int_equal(p.address_id, addr);
	assert_false(p.confidential_address);
	assert_non_null(p.death_date);
	assert_string_equal(p.death_date, "2024-02-11");

	assert_int_equal(store_person_by_id(conf_conn, ar, id2, &p), ST_OK);
	assert_string_equal(p.nin, "03898849863");
	assert_int_equal(p.address_id, 0);
	assert_true(p.confidential_address);
	assert_null(p.death_date);

	assert_int_equal(store_person_by_nin(conf_conn, ar, "01010100000", &p), ST_NOT_FOUND);
	assert_int_equal(store_person_by_id(conf_conn, ar, id2 + 1000, &p), ST_NOT_FOUND);
	int64_t n;
	assert_int_equal(store_person_count(conf_conn, &n), ST_OK);
	assert_int_equal(n, 2);
	arena_free(ar);
}

/* The home page's read (SPEC A3): a person with their address, unless it
 * is confidential (then it is never read) or there is none. */
static void person_and_address_leaves_out_a_confidential_address(void **state)
{
	(void)state;
	conf_fresh();
	int64_t addr = add_address("Fjordgata 8");
	int64_t open = add_person("12848649994", "Bjørn", addr);
	int64_t none = add_person("03898849863", "Silje", 0);
	int64_t hidden =
	    fx_insert_person(&(person){0, "15862199860", "Emma", "Testesen", "2015-06-15", addr, true, NULL});
	arena *ar = arena_new();
	person p;
	address a = {0};
	bool has = false;
	assert_int_equal(store_person_and_address(conf_conn, ar, open, &p, &a, &has), ST_OK);
	assert_int_equal(p.id, open);
	assert_string_equal(p.given_name, "Bjørn");
	assert_true(has);
	assert_int_equal(a.id, addr);
	assert_string_equal(a.street, "Fjordgata 8");
	assert_string_equal(a.postcode, "7011");
	assert_string_equal(a.city, "Trondheim");
	assert_string_equal(a.municipality, "5001");

	a = (address){0};
	assert_int_equal(store_person_and_address(conf_conn, ar, none, &p, &a, &has), ST_OK);
	assert_string_equal(p.given_name, "Silje");
	assert_false(has);

	assert_int_equal(store_person_and_address(conf_conn, ar, hidden, &p, &a, &has), ST_OK);
	assert_true(p.confidential_address);
	assert_int_equal(p.address_id, addr);
	assert_false(has);
	assert_null(a.street);

	assert_int_equal(store_person_and_address(conf_conn, ar, hidden + 1000, &p, &a, &has), ST_NOT_FOUND);
	assert_false(has);
	arena_free(ar);
}

static void duplicate_identity_number_is_a_conflict(void **state)
{
	(void)state;
	conf_fresh();
	add_person("12848649994", "Marius", 0);
	person again = {0, "12848649994", "Someone", "Else", "1986-04-12", 0, false, NULL};
	int64_t id;
	assert_int_equal(store_person_insert(conf_conn, &again, &id), ST_CONFLICT);
	int64_t n;
	assert_int_equal(store_person_count(conf_conn, &n), ST_OK);
	assert_int_equal(n, 1);
}

static void person_at_unknown_address_is_refused(void **state)
{
	(void)state;
	conf_fresh();
	person p = {0, "12848649994", "Marius", "Berg", "1986-04-12", 4242, false, NULL};
	int64_t id;
	assert_int_equal(store_person_insert(conf_conn, &p, &id), ST_CONFLICT);
}

static void parental_responsibility_is_recorded_not_inferred(void **state)
{
	(void)state;
	conf_fresh();
	int64_t home = add_address("Lade allé 67");
	int64_t child = add_person("10851899893", "Sofie", home);
	int64_t mother = add_person("04849449635", "Lene", 0);
	int64_t foster = add_person("23857149971", "Geir", home);
	assert_int_equal(store_family_relation_add(conf_conn, child, mother, "parent"), ST_OK);
	assert_int_equal(store_family_relation_add(conf_conn, child, foster, "foster_parent"), ST_OK);
	assert_int_equal(store_parental_responsibility_add(conf_conn, child, mother), ST_OK);

	bool has = false;
	assert_int_equal(store_has_parental_responsibility(conf_conn, child, mother, &has), ST_OK);
	assert_true(has);
	/* A relation alone gives no responsibility, and it does not run backwards. */
	assert_int_equal(store_has_parental_responsibility(conf_conn, child, foster, &has), ST_OK);
	assert_false(has);
	assert_int_equal(store_has_parental_responsibility(conf_conn, mother, child, &has), ST_OK);
	assert_false(has);

	assert_int_equal(store_parental_responsibility_add(conf_conn, child, mother), ST_CONFLICT);
	assert_int_equal(store_parental_responsibility_add(conf_conn, child, child), ST_CONFLICT);
	assert_int_equal(store_parental_responsibility_add(conf_conn, child, mother + 1000), ST_CONFLICT);
}

static void family_relations_allow_only_known_kinds_once_per_pair(void **state)
{
	(void)state;
	conf_fresh();
	int64_t a = add_person("12848649994", "Marius", 0);
	int64_t b = add_person("03898849863", "Silje", 0);
	assert_int_equal(store_family_relation_add(conf_conn, a, b, "spouse"), ST_OK);
	assert_int_equal(store_family_relation_add(conf_conn, b, a, "spouse"), ST_OK);
	assert_int_equal(store_family_relation_add(conf_conn, a, b, "parent"), ST_CONFLICT);
	int64_t c = add_person("01921099882", "Nora", 0);
	assert_int_equal(store_family_relation_add(conf_conn, c, a, "cousin"), ST_CONFLICT);
	assert_int_equal(store_family_relation_add(conf_conn, c, a, "parent"), ST_OK);
}

static void unit_round_trip_and_constraints(void **state)
{
	(void)state;
	conf_fresh();
	int64_t id = add_unit("oya-test", "gp_office");
	arena *ar = arena_new();
	unit u;
	assert_int_equal(store_unit_by_code(conf_conn, ar, "oya-test", &u), ST_OK);
	assert_int_equal(u.id, id);
	assert_string_equal(u.code, "oya-test");
	assert_string_equal(u.kind, "gp_office");
	assert_string_equal(u.name, "Testenheten");
	assert_string_equal(u.municipality, "5001");
	assert_string_equal(u.phone, "73 00 00 00");
	assert_true(u.self_booking);
	assert_false(u.self_change);
	assert_true(u.change_requests);
	assert_false(u.video_booking);
	assert_true(u.accepts_messages);
	assert_int_equal(u.paper_after_days, 2);
	assert_int_equal(store_unit_by_code(conf_conn, ar, "nowhere", &u), ST_NOT_FOUND);
	arena_free(ar);

	unit dup = {0, "oya-test", "home_care", "Annen", "5001", "1", false, false, false, false, false, 3};
	int64_t other;
	assert_int_equal(store_unit_insert(conf_conn, &dup, &other), ST_CONFLICT);
	unit bad = {0, "bad-kind", "pharmacy", "Apotek", "5001", "1", false, false, false, false, false, 3};
	assert_int_equal(store_unit_insert(conf_conn, &bad, &other), ST_CONFLICT);
}

static void staff_round_trip_and_constraints(void **state)
{
	(void)state;
	conf_fresh();
	int64_t unit_id = add_unit("oya-test", "gp_office");
	int64_t gp = add_person("14827549852", "Ingrid", 0);
	int64_t desk = add_person("19889549834", "Marte", 0);
	int64_t other = add_person("30868349995", "Lars", 0);

	staff s_gp = {0, gp, "100000001", "Fastlege", true};
	staff s_desk = {0, desk, NULL, "Medisinsk sekretær", false};
	int64_t gp_staff, desk_staff, id;
	assert_int_equal(store_staff_insert(conf_conn, &s_gp, &gp_staff), ST_OK);
	assert_int_equal(store_staff_insert(conf_conn, &s_desk, &desk_staff), ST_OK);

	arena *ar = arena_new();
	staff s;
	assert_int_equal(store_staff_by_person(conf_conn, ar, gp, &s), ST_OK);
	assert_int_equal(s.id, gp_staff);
	assert_int_equal(s.person_id, gp);
	assert_string_equal(s.hpr_number, "100000001");
	assert_string_equal(s.title, "Fastlege");
	assert_true(s.active);
	assert_int_equal(store_staff_by_person(conf_conn, ar, desk, &s), ST_OK);
	assert_null(s.hpr_number);
	assert_false(s.active);
	assert_int_equal(store_staff_by_person(conf_conn, ar, other, &s), ST_NOT_FOUND);
	arena_free(ar);

	/* One staff row per person; HPR numbers are unique; many may have none. */
	staff twice = {0, gp, NULL, "Fastlege", true};
	assert_int_equal(store_staff_insert(conf_conn, &twice, &id), ST_CONFLICT);
	staff same_hpr = {0, other, "100000001", "Sykepleier", true};
	assert_int_equal(store_staff_insert(conf_conn, &same_hpr, &id), ST_CONFLICT);
	staff no_hpr = {0, other, NULL, "Brukerstøtte", true};
	assert_int_equal(store_staff_insert(conf_conn, &no_hpr, &id), ST_OK);

	assert_int_equal(store_staff_unit_add(conf_conn, gp_staff, unit_id, "clinician"), ST_OK);
	assert_int_equal(store_staff_unit_add(conf_conn, desk_staff, unit_id, "office"), ST_OK);
	assert_int_equal(store_staff_unit_add(conf_conn, gp_staff, unit_id, "admin"), ST_OK);
	assert_int_equal(store_staff_unit_add(conf_conn, gp_staff, unit_id, "clinician"), ST_CONFLICT);
	assert_int_equal(store_staff_unit_add(conf_conn, gp_staff, unit_id, "janitor"), ST_CONFLICT);
	assert_int_equal(store_staff_unit_add(conf_conn, gp_staff, unit_id + 1000, "clinician"), ST_CONFLICT);
}

static void patient_links(void **state)
{
	(void)state;
	conf_fresh();
	int64_t gp = add_unit("oya-test", "gp_office");
	int64_t station = add_unit("station-test", "health_station");
	int64_t patient = add_person("15862199860", "Emma", 0);
	int64_t stranger = add_person("06867949974", "Vegard", 0);

	bool is = true;
	assert_int_equal(store_person_is_patient(conf_conn, patient, &is), ST_OK);
	assert_false(is);
	assert_int_equal(store_patient_unit_add(conf_conn, patient, gp, "2021-06-15"), ST_OK);
	assert_int_equal(store_patient_unit_add(conf_conn, patient, station, "2021-06-15"), ST_OK);
	assert_int_equal(store_person_is_patient(conf_conn, patient, &is), ST_OK);
	assert_true(is);
	assert_int_equal(store_person_is_patient(conf_conn, stranger, &is), ST_OK);
	assert_false(is);
	assert_int_equal(store_patient_unit_add(conf_conn, patient, gp, "2022-01-01"), ST_CONFLICT);
	assert_int_equal(store_patient_unit_add(conf_conn, patient + 1000, gp, "2022-01-01"), ST_CONFLICT);
}

/* The unit a staff member opens a patient's chart from (domain/authz.c): a
 * unit of the patient's where they hold one of the roles asked for, the
 * clinician role first, then the lowest unit id. */
static void staff_unit_for_a_patient_prefers_the_clinician_role_then_the_lowest_unit(void **state)
{
	(void)state;
	conf_fresh();
	int64_t first = fx_unit("first-test", "gp_office", NULL);
	int64_t second = fx_unit("second-test", "hospital_department", NULL);
	int64_t elsewhere = fx_unit("elsewhere-test", "gp_office", NULL);
	int64_t patient = fx_person(fx_nin(0), "Emma", "Pasient", "1990-01-01");
	assert_int_equal(store_patient_unit_add(conf_conn, patient, first, "2021-06-15"), ST_OK);
	assert_int_equal(store_patient_unit_add(conf_conn, patient, second, "2021-06-15"), ST_OK);
	int64_t staff_id = fx_staff(fx_person(fx_nin(1), "Ingrid", "Lege", "1970-01-01"), first, "office");
	assert_int_equal(store_staff_unit_add(conf_conn, staff_id, first, "admin"), ST_OK);
	assert_int_equal(store_staff_unit_add(conf_conn, staff_id, elsewhere, "clinician"), ST_OK);

	arena *ar = arena_new();
	int64_t unit_id = 0;
	const char *role = NULL;
	unsigned any = ROLE_CLINICIAN | ROLE_OFFICE | ROLE_ADMIN;
	/* No clinician role at the patient's units: the lowest unit, its roles by name. */
	assert_int_equal(store_staff_unit_for_patient(conf_conn, ar, staff_id, patient, any, &unit_id, &role), ST_OK);
	assert_int_equal(unit_id, first);
	assert_string_equal(role, "admin");
	assert_int_equal(store_staff_unit_for_patient(conf_conn, ar, staff_id, patient, ROLE_OFFICE, &unit_id, &role),
	                 ST_OK);
	assert_string_equal(role, "office");
	/* A clinician role at a unit of the patient's wins over a lower unit. */
	assert_int_equal(store_staff_unit_add(conf_conn, staff_id, second, "clinician"), ST_OK);
	assert_int_equal(store_staff_unit_for_patient(conf_conn, ar, staff_id, patient, any, &unit_id, &role), ST_OK);
	assert_int_equal(unit_id, second);
	assert_string_equal(role, "clinician");
	/* A role asked for that they hold only at a unit not the patient's: none. */
	assert_int_equal(
	    store_staff_unit_for_patient(conf_conn, ar, staff_id, patient, ROLE_CASEWORKER, &unit_id, &role),
	    ST_NOT_FOUND);
	unsigned roles = 0;
	assert_int_equal(store_staff_roles(conf_conn, staff_id, &roles), ST_OK);
	assert_int_equal(roles, ROLE_CLINICIAN | ROLE_OFFICE | ROLE_ADMIN);
	arena_free(ar);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(address_round_trip),
    cmocka_unit_test(person_round_trip_with_and_without_optional_fields),
    cmocka_unit_test(person_and_address_leaves_out_a_confidential_address),
    cmocka_unit_test(duplicate_identity_number_is_a_conflict),
    cmocka_unit_test(person_at_unknown_address_is_refused),
    cmocka_unit_test(parental_responsibility_is_recorded_not_inferred),
    cmocka_unit_test(family_relations_allow_only_known_kinds_once_per_pair),
    cmocka_unit_test(unit_round_trip_and_constraints),
    cmocka_unit_test(staff_round_trip_and_constraints),
    cmocka_unit_test(patient_links),
    cmocka_unit_test(staff_unit_for_a_patient_prefers_the_clinician_role_then_the_lowest_unit),
};
CONF_GROUP(register, tests)
