/* record.c (conformance) — the health summary, care team, visits, stays and
 * referrals on both databases: every store query; that a query for one
 * patient never returns another patient's rows; the hidden-from-guardians
 * filter; that home-care visits and unshared notes never reach a citizen
 * query; the allergy request queue's states; the vaccination registry's
 * unique key and the import's outcomes; and the domain rules over them
 * (staff of another unit see nothing, every staff read and change is in the
 * access log). */
#include <string.h>

#include "conformance.h"
#include "fixtures.h"
#include "core/arena.h"
#include "domain/authz.h"
#include "domain/care_team.h"
#include "domain/summary.h"
#include "domain/visits.h"
#include "store/audit.h"
#include "store/care_team.h"
#include "store/register.h"
#include "store/summary.h"
#include "store/visits.h"

enum { T0 = 1795000000 }; /* 2026-11-18 */
#define STAFF_BIRTH "1975-01-01"

struct world {
	int64_t gp, station, home_care, care_home, hospital, services; /* units */
	int64_t p1, p2;             /* p1 and p2: patients of the GP office */
	int64_t child;              /* a patient of the health station only */
	int64_t clin, nurse, hc, doc; /* clinicians: GP office, health station, home care, hospital */
	int64_t office;             /* front desk of the GP office */
	int64_t clin_person;
};

static struct world fixture(void)
{
	conf_fresh();
	struct world w;
	w.services = fx_unit("services", "services_office", NULL);
	w.gp = fx_unit("gp", "gp_office", NULL);
	w.station = fx_unit("station", "health_station", NULL);
	w.home_care = fx_unit("home-care", "home_care", NULL);
	w.care_home = fx_unit("care-home", "care_home", NULL);
	w.hospital = fx_unit("hospital", "hospital_department", NULL);
	w.p1 = fx_person("01010100001", "Kari", "Test", "1980-01-01");
	w.p2 = fx_person("01010100002", "Ola", "Test", "1981-01-01");
	w.child = fx_person("01010100003", "Barn", "Test", "2013-03-02");
	w.clin_person = fx_person("01010100004", "Ingrid", "Test", STAFF_BIRTH);
	w.clin = fx_staff(w.clin_person, w.gp, "clinician");
	w.nurse = fx_staff(fx_person("01010100005", "Kari", "Test", STAFF_BIRTH), w.station, "clinician");
	w.hc = fx_staff(fx_person("01010100006", "Ahmed", "Test", STAFF_BIRTH), w.home_care, "clinician");
	w.doc = fx_staff(fx_person("01010100007", "Eirik", "Test", STAFF_BIRTH), w.hospital, "clinician");
	w.office = fx_staff(fx_person("01010100008", "Marte", "Test", STAFF_BIRTH), w.gp, "office");
	assert_int_equal(store_patient_unit_add(conf_conn, w.p1, w.gp, "2020-01-01"), ST_OK);
	assert_int_equal(store_patient_unit_add(conf_conn, w.p1, w.home_care, "2020-01-01"), ST_OK);
	assert_int_equal(store_patient_unit_add(conf_conn, w.p1, w.services, "2020-01-01"), ST_OK);
	assert_int_equal(store_patient_unit_add(conf_conn, w.p2, w.gp, "2020-01-01"), ST_OK);
	assert_int_equal(store_patient_unit_add(conf_conn, w.child, w.services, "2020-01-01"), ST_OK);
	assert_int_equal(store_patient_unit_add(conf_conn, w.child, w.station, "2020-01-01"), ST_OK);
	return w;
}

static int64_t add_allergy(const struct world *w, int64_t patient, const char *substance, bool hidden)
{
	allergy a = {.patient_id = patient, .substance = substance, .severity = "mild", .registered_by = w->clin,
	             .unit_id = w->gp, .registered_at = T0, .hidden_from_guardians = hidden};
	int64_t id;
	assert_int_equal(store_allergy_insert(conf_conn, &a, &id), ST_OK);
	return id;
}

/* ---- allergies and health issues ------------------------------------------------- */

static void allergies_per_patient_and_guardian_filter(void **state)
{
	(void)state;
	struct world w = fixture();
	arena *a = arena_new();
	int64_t pen = add_allergy(&w, w.p1, "Penicillin", false);
	add_allergy(&w, w.p1, "Nøtter", true);
	int64_t other = add_allergy(&w, w.p2, "Latex", false);
	allergy *list;
	size_t n;
	assert_int_equal(store_allergies(conf_conn, a, w.p1, false, &list, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].substance, "Penicillin");
	assert_string_equal(list[0].registered_by_name, "Ingrid Test");
	assert_string_equal(list[0].unit_name, "gp");
	assert_null(list[0].reaction);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(list[i].patient_id, w.p1);
	assert_int_equal(store_allergies(conf_conn, a, w.p1, true, &list, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].substance, "Penicillin");
	/* Another patient's allergy cannot be ended through this patient. */
	assert_int_equal(store_allergy_end(conf_conn, w.p1, other, w.clin, T0), ST_NOT_FOUND);
	assert_int_equal(store_allergy_end(conf_conn, w.p1, pen, w.clin, T0), ST_OK);
	assert_int_equal(store_allergy_end(conf_conn, w.p1, pen, w.clin, T0), ST_NOT_FOUND);
	assert_int_equal(store_allergies(conf_conn, a, w.p1, false, &list, &n), ST_OK);
	assert_int_equal(n, 1);
	/* The schema refuses an unknown severity. */
	allergy bad = {.patient_id = w.p1, .substance = "X", .severity = "deadly", .registered_by = w.clin,
	               .registered_at = T0};
	int64_t id;
	assert_int_equal(store_allergy_insert(conf_conn, &bad, &id), ST_CONFLICT);
	arena_free(a);
}

static void health_issues_order_filter_and_end(void **state)
{
	(void)state;
	struct world w = fixture();
	arena *a = arena_new();
	health_issue h1 = {.patient_id = w.p1, .diagnosis = "Forkjølelse", .since = "2026-11-01", .chronic = false,
	                   .registered_by = w.clin, .unit_id = w.gp, .registered_at = T0};
	health_issue h2 = {.patient_id = w.p1, .diagnosis = "Diabetes type 2", .icd10 = "E11", .since = "2024-02-12",
	                   .chronic = true, .registered_by = w.clin, .registered_at = T0};
	health_issue h3 = {.patient_id = w.p1, .diagnosis = "Skjult", .chronic = true, .registered_by = w.clin,
	                   .registered_at = T0, .hidden_from_guardians = true};
	health_issue h4 = {.patient_id = w.p2, .diagnosis = "Annen pasient", .chronic = true, .registered_by = w.clin,
	                   .registered_at = T0};
	int64_t i1, i2, i3, i4;
	assert_int_equal(store_health_issue_insert(conf_conn, &h1, &i1), ST_OK);
	assert_int_equal(store_health_issue_insert(conf_conn, &h2, &i2), ST_OK);
	assert_int_equal(store_health_issue_insert(conf_conn, &h3, &i3), ST_OK);
	assert_int_equal(store_health_issue_insert(conf_conn, &h4, &i4), ST_OK);
	health_issue *list;
	size_t n;
	assert_int_equal(store_health_issues(conf_conn, a, w.p1, false, &list, &n), ST_OK);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].diagnosis, "Diabetes type 2"); /* chronic first, by since */
	assert_string_equal(list[0].icd10, "E11");
	assert_int_equal(list[0].unit_id, 0);
	assert_string_equal(list[1].diagnosis, "Skjult");         /* chronic, since unknown */
	assert_string_equal(list[2].diagnosis, "Forkjølelse");
	assert_int_equal(store_health_issues(conf_conn, a, w.p1, true, &list, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_health_issue_end(conf_conn, w.p1, i4, w.clin, T0), ST_NOT_FOUND);
	assert_int_equal(store_health_issue_end(conf_conn, w.p1, i1, w.clin, T0), ST_OK);
	assert_int_equal(store_health_issues(conf_conn, a, w.p1, false, &list, &n), ST_OK);
	assert_int_equal(n, 2);
	arena_free(a);
}

/* ---- allergy requests and their queue ----------------------------------------------- */

static void allergy_requests_route_and_queue(void **state)
{
	(void)state;
	struct world w = fixture();
	arena *a = arena_new();
	int64_t unit_id = 0;
	/* The GP office, never the services office; a child of the health
	 * station goes there; someone with no unit, nowhere. */
	assert_int_equal(store_allergy_request_unit(conf_conn, w.p1, &unit_id), ST_OK);
	assert_int_equal(unit_id, w.gp);
	assert_int_equal(store_allergy_request_unit(conf_conn, w.child, &unit_id), ST_OK);
	assert_int_equal(unit_id, w.station);
	int64_t nobody = fx_person("01010100009", "Ingen", "Test", "1990-01-01");
	assert_int_equal(store_allergy_request_unit(conf_conn, nobody, &unit_id), ST_NOT_FOUND);

	allergy_request r = {.patient_id = w.p1, .requested_by = w.p1, .unit_id = w.gp, .substance = "Nøtter",
	                     .reaction = "Kløe", .created_at = T0};
	int64_t id, id2, id3;
	assert_int_equal(store_allergy_request_insert(conf_conn, &r, &id), ST_OK);
	r.patient_id = w.p2;
	r.requested_by = w.p2;
	r.created_at = T0 + 10;
	assert_int_equal(store_allergy_request_insert(conf_conn, &r, &id2), ST_OK);
	allergy_request c = {.patient_id = w.child, .requested_by = w.child, .unit_id = w.station, .substance = "Egg",
	                     .reaction = "Utslett", .created_at = T0, .hidden_from_guardians = true};
	assert_int_equal(store_allergy_request_insert(conf_conn, &c, &id3), ST_OK);

	allergy_request *list;
	size_t n;
	assert_int_equal(store_allergy_queue(conf_conn, a, w.clin, &list, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, id);
	assert_string_equal(list[0].patient_name, "Kari Test");
	assert_string_equal(list[0].status, "open");
	/* Only the queues of one's own units, and only as clinician. */
	assert_int_equal(store_allergy_queue(conf_conn, a, w.doc, &list, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_allergy_queue(conf_conn, a, w.office, &list, &n), ST_OK);
	assert_int_equal(n, 0);
	allergy_request one;
	assert_int_equal(store_allergy_request_for_staff(conf_conn, a, w.doc, id, &one), ST_NOT_FOUND);
	assert_int_equal(store_allergy_request_for_staff(conf_conn, a, w.clin, id3, &one), ST_NOT_FOUND);
	assert_int_equal(store_allergy_request_for_staff(conf_conn, a, w.clin, id, &one), ST_OK);
	assert_int_equal(one.patient_id, w.p1);

	/* The citizen's list: own requests, filter for guardians. */
	assert_int_equal(store_allergy_requests_of(conf_conn, a, w.p1, false, &list, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_allergy_requests_of(conf_conn, a, w.child, true, &list, &n), ST_OK);
	assert_int_equal(n, 0);
	int64_t open = 0;
	assert_int_equal(store_allergy_requests_open_count(conf_conn, w.p1, &open), ST_OK);
	assert_int_equal(open, 1);

	/* Take, then only the taker answers; close only once answered. */
	assert_int_equal(store_allergy_request_close(conf_conn, id, T0), ST_CONFLICT);
	assert_int_equal(store_allergy_request_take(conf_conn, id, w.clin, T0), ST_OK);
	assert_int_equal(store_allergy_request_take(conf_conn, id, w.clin, T0), ST_OK); /* again: still mine */
	assert_int_equal(store_allergy_request_take(conf_conn, id, w.nurse, T0), ST_CONFLICT);
	assert_int_equal(store_allergy_request_decline(conf_conn, id, w.nurse, "Nei takk", T0), ST_CONFLICT);
	int64_t al = add_allergy(&w, w.p1, "Nøtter", false);
	assert_int_equal(store_allergy_request_accept(conf_conn, id, w.clin, al, T0 + 5), ST_OK);
	assert_int_equal(store_allergy_request_accept(conf_conn, id, w.clin, al, T0 + 5), ST_CONFLICT);
	assert_int_equal(store_allergy_request_for_staff(conf_conn, a, w.clin, id, &one), ST_OK);
	assert_string_equal(one.status, "accepted");
	assert_int_equal(one.allergy_id, al);
	assert_string_equal(one.answered_by_name, "Ingrid Test");
	assert_int_equal(store_allergy_request_close(conf_conn, id, T0 + 6), ST_OK);
	assert_int_equal(store_allergy_request_close(conf_conn, id, T0 + 7), ST_CONFLICT);
	/* Declining an untaken request takes it too. */
	assert_int_equal(store_allergy_request_decline(conf_conn, id2, w.clin, "Ikke en allergi", T0), ST_OK);
	assert_int_equal(store_allergy_request_for_staff(conf_conn, a, w.clin, id2, &one), ST_OK);
	assert_string_equal(one.decline_reason, "Ikke en allergi");
	assert_int_equal(one.taken_by, w.clin);
	assert_int_equal(store_allergy_queue(conf_conn, a, w.clin, &list, &n), ST_OK);
	assert_int_equal(n, 1); /* the declined one until closed */
	assert_int_equal(store_allergy_request_close(conf_conn, id2, T0), ST_OK);
	assert_int_equal(store_allergy_queue(conf_conn, a, w.clin, &list, &n), ST_OK);
	assert_int_equal(n, 0);
	arena_free(a);
}

/* ---- vaccinations --------------------------------------------------------------------------- */

static void vaccinations_unique_key_and_update(void **state)
{
	(void)state;
	struct world w = fixture();
	arena *a = arena_new();
	vaccination v = {.patient_id = w.p1, .atc_code = "J07BD52", .vaccine_name = "Priorix", .given_on = "2022-09-15",
	                 .dose = 1, .batch = "A1", .imported_at = T0};
	int64_t id, id2;
	assert_int_equal(store_vaccination_insert(conf_conn, &v, &id), ST_OK);
	/* The registry's key: the same person, vaccine, date and dose once. */
	assert_int_equal(store_vaccination_insert(conf_conn, &v, &id2), ST_CONFLICT);
	vaccination dose2 = v;
	dose2.dose = 2;
	dose2.given_on = "2027-01-01";
	dose2.batch = NULL;
	assert_int_equal(store_vaccination_insert(conf_conn, &dose2, &id2), ST_OK);
	vaccination other = v;
	other.patient_id = w.p2;
	other.hidden_from_guardians = true;
	assert_int_equal(store_vaccination_insert(conf_conn, &other, &id2), ST_OK);
	vaccination got;
	assert_int_equal(store_vaccination_find(conf_conn, a, w.p1, "J07BD52", "2022-09-15", 1, &got), ST_OK);
	assert_string_equal(got.batch, "A1");
	assert_int_equal(store_vaccination_find(conf_conn, a, w.p1, "J07BD52", "2022-09-15", 3, &got), ST_NOT_FOUND);
	v.batch = "B2";
	assert_int_equal(store_vaccination_update(conf_conn, &v), ST_OK);
	assert_int_equal(store_vaccination_find(conf_conn, a, w.p1, "J07BD52", "2022-09-15", 1, &got), ST_OK);
	assert_string_equal(got.batch, "B2");
	vaccination *list;
	size_t n;
	assert_int_equal(store_vaccinations(conf_conn, a, w.p1, false, RECORD_LIST_LIMIT, &list, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].dose, 2); /* newest first */
	assert_null(list[0].batch);
	assert_int_equal(store_vaccinations(conf_conn, a, w.p1, false, 1, &list, &n), ST_OK);
	assert_int_equal(n, 1); /* the newest max */
	assert_int_equal(list[0].dose, 2);
	assert_int_equal(store_vaccinations(conf_conn, a, w.p2, true, RECORD_LIST_LIMIT, &list, &n), ST_OK);
	assert_int_equal(n, 0);
	arena_free(a);
}

static void vaccine_import_outcomes(void **state)
{
	(void)state;
	struct world w = fixture();
	arena *a = arena_new();
	ctx x = {.arena = a, .db = conf_conn, .now = T0, .who = {.kind = ACTOR_SYSTEM}};
	vaccine_import_in in = {"01010100001", "J07BB02", "Influvac", "2025-10-20", NULL, 1};
	enum vaccine_import_outcome out;
	enum vaccine_import_error why;
	int64_t before = fx_log_entries(w.p1);
	assert_int_equal(vaccine_import_one(&x, &in, &out, &why), ST_OK);
	assert_int_equal(out, VACCINE_ADDED);
	assert_int_equal(fx_log_entries(w.p1), before + 1);
	assert_int_equal(vaccine_import_one(&x, &in, &out, &why), ST_OK);
	assert_int_equal(out, VACCINE_UNCHANGED);
	assert_int_equal(fx_log_entries(w.p1), before + 1); /* nothing changed, nothing logged */
	in.batch = "X25";
	assert_int_equal(vaccine_import_one(&x, &in, &out, &why), ST_OK);
	assert_int_equal(out, VACCINE_UPDATED);
	in.nin = "01010100099";
	assert_int_equal(vaccine_import_one(&x, &in, &out, &why), ST_INVALID);
	assert_int_equal(why, VACCINE_IMPORT_UNKNOWN_PERSON);
	in.nin = "01010100001";
	in.given_on = "1979-12-31";
	assert_int_equal(vaccine_import_one(&x, &in, &out, &why), ST_INVALID);
	assert_int_equal(why, VACCINE_IMPORT_BEFORE_BIRTH);
	in.given_on = "2026-12-24";
	assert_int_equal(vaccine_import_one(&x, &in, &out, &why), ST_INVALID);
	assert_int_equal(why, VACCINE_IMPORT_FUTURE);
	arena_free(a);
}

/* ---- care team --------------------------------------------------------------------------------- */

static void care_team_roles_and_constraints(void **state)
{
	(void)state;
	struct world w = fixture();
	arena *a = arena_new();
	care_team_member gp = {.patient_id = w.p1, .staff_id = w.clin, .unit_id = w.gp, .role = "gp",
	                       .since = "2020-01-01", .added_at = T0};
	care_team_member hc = {.patient_id = w.p1, .staff_id = w.hc, .unit_id = w.home_care,
	                       .role = "home_care_primary", .since = "2026-09-14", .added_at = T0,
	                       .hidden_from_guardians = true};
	int64_t gid, hid, id;
	assert_int_equal(store_care_team_insert(conf_conn, &gp, &gid), ST_OK);
	assert_int_equal(store_care_team_insert(conf_conn, &hc, &hid), ST_OK);
	/* One GP and one home-care primary contact at a time; no role for
	 * other home-care workers. */
	care_team_member gp2 = gp;
	gp2.staff_id = w.nurse;
	assert_int_equal(store_care_team_insert(conf_conn, &gp2, &id), ST_CONFLICT);
	care_team_member worker = hc;
	worker.role = "home_care_worker";
	assert_int_equal(store_care_team_insert(conf_conn, &worker, &id), ST_CONFLICT);
	care_team_member follow = gp;
	follow.role = "follow_up";
	assert_int_equal(store_care_team_insert(conf_conn, &follow, &id), ST_OK);
	assert_int_equal(store_care_team_insert(conf_conn, &follow, &id), ST_CONFLICT);
	care_team_member other = gp;
	other.patient_id = w.p2;
	int64_t oid;
	assert_int_equal(store_care_team_insert(conf_conn, &other, &oid), ST_OK);

	care_team_member *list;
	size_t n;
	assert_int_equal(store_care_team(conf_conn, a, w.p1, false, &list, &n), ST_OK);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].role, "gp");
	assert_string_equal(list[0].unit_phone, "73 00 00 00");
	assert_string_equal(list[1].role, "home_care_primary");
	assert_string_equal(list[2].role, "follow_up");
	assert_int_equal(store_care_team(conf_conn, a, w.p1, true, &list, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_care_team_end(conf_conn, w.p1, oid, w.clin, T0), ST_NOT_FOUND);
	assert_int_equal(store_care_team_end(conf_conn, w.p1, gid, w.clin, T0), ST_OK);
	/* Once the GP has left, another can come. */
	assert_int_equal(store_care_team_insert(conf_conn, &gp2, &id), ST_OK);

	care_team_candidate *cands;
	assert_int_equal(store_care_team_candidates(conf_conn, a, w.p1, &cands, &n), ST_OK);
	assert_int_equal(n, 2); /* the GP office's and home care's clinicians; never the desk */
	for (size_t i = 0; i < n; i++)
		assert_true(cands[i].staff_id == w.clin || cands[i].staff_id == w.hc);
	int64_t unit_id;
	assert_int_equal(store_staff_clinical_unit(conf_conn, w.doc, &unit_id), ST_OK);
	assert_int_equal(unit_id, w.hospital);
	assert_int_equal(store_staff_clinical_unit(conf_conn, w.office, &unit_id), ST_NOT_FOUND);
	arena_free(a);
}

static void care_team_domain_rules(void **state)
{
	(void)state;
	struct world w = fixture();
	arena *a = arena_new();
	ctx x = fx_staff_ctx(a, T0, 0, w.clin, ROLE_CLINICIAN);
	x.who.person_id = w.clin_person;
	problems pr = {0};
	int64_t before = fx_log_entries(w.p1);
	/* The home-care nurse as GP: the role does not fit the unit. */
	care_team_in in = {.staff_id = w.hc, .unit_id = w.home_care, .role = "gp"};
	assert_int_equal(care_team_staff_add(&x, w.p1, &in, &pr), ST_INVALID);
	assert_string_equal(pr.items[0].field, "role");
	/* Someone who is not a clinician of the patient's units. */
	pr = (problems){0};
	in = (care_team_in){.staff_id = w.doc, .unit_id = w.hospital, .role = "follow_up"};
	assert_int_equal(care_team_staff_add(&x, w.p1, &in, &pr), ST_INVALID);
	assert_string_equal(pr.items[0].field, "member");
	pr = (problems){0};
	in = (care_team_in){.staff_id = w.hc, .unit_id = w.home_care, .role = "home_care_primary"};
	assert_int_equal(care_team_staff_add(&x, w.p1, &in, &pr), ST_OK);
	assert_int_equal(fx_log_entries(w.p1), before + 1);
	/* A clinician of another unit does not find the patient. */
	ctx other = fx_staff_ctx(a, T0, 0, w.doc, ROLE_CLINICIAN);
	staff_care_team t;
	assert_int_equal(care_team_staff_get(&other, w.p1, &t), ST_NOT_FOUND);
	ctx desk = fx_staff_ctx(a, T0, 0, w.office, ROLE_OFFICE);
	/* The front desk's role holds no clinical capability: refused in the domain itself. */
	assert_int_equal(care_team_staff_get(&desk, w.p1, &t), ST_DENIED);
	/* The citizen sees the primary contact. */
	ctx me = fx_citizen(a, T0, w.p1, w.p1);
	care_team_member *list;
	size_t n;
	assert_int_equal(care_team_get(&me, &list, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].role, "home_care_primary");
	arena_free(a);
}

/* ---- visits ---------------------------------------------------------------------------------------- */

static int64_t add_visit(const struct world *w, int64_t patient, const char *kind, const char *date_text,
                         const char *note, const char *note_status, bool hidden)
{
	visit v = {.patient_id = patient, .unit_id = strcmp(kind, "home_care") == 0 ? w->home_care : w->gp,
	           .clinician_id = strcmp(kind, "home_care") == 0 ? w->hc : w->clin, .kind = kind,
	           .visit_date = date_text, .visit_time = "09:30", .summary = "Oppsummering", .note = note,
	           .note_status = note_status, .note_shared_at = strcmp(note_status, "shared") == 0 ? T0 : 0,
	           .created_at = T0, .hidden_from_guardians = hidden};
	int64_t id;
	assert_int_equal(store_visit_insert(conf_conn, &v, &id), ST_OK);
	return id;
}

static void home_care_visits_and_unshared_notes_never_reach_citizens(void **state)
{
	(void)state;
	struct world w = fixture();
	arena *a = arena_new();
	int64_t shared = add_visit(&w, w.p1, "consultation", "2026-10-01", "Delt notat", "shared", false);
	int64_t draft = add_visit(&w, w.p1, "video", "2026-11-03", "Utkast", "draft", false);
	int64_t meeting = add_visit(&w, w.p1, "responsibility_group_meeting", "2026-11-10", NULL, "none", false);
	int64_t home = add_visit(&w, w.p1, "home_care", "2026-11-18", "Hjemmebesøk", "draft", false);
	int64_t future = add_visit(&w, w.p1, "consultation", "2026-12-01", NULL, "none", false);
	int64_t hidden = add_visit(&w, w.p1, "phone", "2026-11-05", NULL, "none", true);
	int64_t theirs = add_visit(&w, w.p2, "consultation", "2026-10-01", NULL, "none", false);
	(void)future;
	visit *list;
	size_t n;
	assert_int_equal(store_visits_for_citizen(conf_conn, a, w.p1, "2026-11-22", false, &list, &n), ST_OK);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++) {
		assert_string_not_equal(list[i].kind, "home_care");
		assert_int_not_equal(list[i].id, home);
		assert_int_equal(list[i].patient_id, w.p1);
		if (list[i].id == draft) {
			assert_null(list[i].note); /* a draft never leaves the database for a citizen */
			assert_string_equal(list[i].note_status, "none");
		}
	}
	assert_int_equal(list[0].id, meeting); /* newest first */
	assert_int_equal(store_visits_for_citizen(conf_conn, a, w.p1, "2026-11-22", true, &list, &n), ST_OK);
	assert_int_equal(n, 3);
	visit one;
	assert_int_equal(store_visit_for_citizen(conf_conn, a, w.p1, shared, "2026-11-22", false, &one), ST_OK);
	assert_string_equal(one.note, "Delt notat");
	assert_string_equal(one.clinician_name, "Ingrid Test");
	assert_int_equal(store_visit_for_citizen(conf_conn, a, w.p1, home, "2026-11-22", false, &one), ST_NOT_FOUND);
	assert_int_equal(store_visit_for_citizen(conf_conn, a, w.p1, theirs, "2026-11-22", false, &one), ST_NOT_FOUND);
	assert_int_equal(store_visit_for_citizen(conf_conn, a, w.p1, hidden, "2026-11-22", true, &one), ST_NOT_FOUND);
	/* Staff see everything of the patient, the home-care visit included. */
	assert_int_equal(store_visits_for_staff(conf_conn, a, w.p1, &list, &n), ST_OK);
	assert_int_equal(n, 6);
	assert_int_equal(store_visit_for_staff(conf_conn, a, w.p1, theirs, &one), ST_NOT_FOUND);
	assert_int_equal(store_visit_for_staff(conf_conn, a, w.p1, home, &one), ST_OK);
	assert_string_equal(one.note, "Hjemmebesøk");
	/* A home-care note can never be shared: refused by the query and the schema. */
	assert_int_equal(store_visit_note_share(conf_conn, w.p1, home, "Del", T0), ST_CONFLICT);
	visit bad = {.patient_id = w.p1, .unit_id = w.home_care, .clinician_id = w.hc, .kind = "home_care",
	             .visit_date = "2026-11-01", .summary = "S", .note = "N", .note_status = "shared",
	             .note_shared_at = T0, .created_at = T0};
	int64_t id;
	assert_int_equal(store_visit_insert(conf_conn, &bad, &id), ST_CONFLICT);
	/* Draft, then share; a shared note is final. */
	assert_int_equal(store_visit_note_draft(conf_conn, w.p1, meeting, "Første utkast"), ST_OK);
	assert_int_equal(store_visit_for_citizen(conf_conn, a, w.p1, meeting, "2026-11-22", false, &one), ST_OK);
	assert_null(one.note);
	assert_int_equal(store_visit_note_share(conf_conn, w.p1, meeting, "Endelig", T0 + 1), ST_OK);
	assert_int_equal(store_visit_for_citizen(conf_conn, a, w.p1, meeting, "2026-11-22", false, &one), ST_OK);
	assert_string_equal(one.note, "Endelig");
	assert_int_equal(one.note_shared_at, T0 + 1);
	assert_int_equal(store_visit_note_draft(conf_conn, w.p1, meeting, "Endret"), ST_CONFLICT);
	assert_int_equal(store_visit_note_share(conf_conn, w.p2, shared, "Feil pasient", T0), ST_CONFLICT);
	arena_free(a);
}

static void visits_domain_rules_and_access_log(void **state)
{
	(void)state;
	struct world w = fixture();
	arena *a = arena_new();
	int64_t home = add_visit(&w, w.p1, "home_care", "2026-11-18", "Hjemme", "draft", false);
	add_visit(&w, w.p1, "consultation", "2026-11-10", NULL, "none", true);
	/* A parent of a 12-15-year-old: hidden items left out, the read logged. */
	int64_t parent = fx_person("01010100010", "Forelder", "Test", "1980-05-05");
	ctx guardian = fx_citizen(a, T0, parent, w.p1);
	guardian.guardian_view = true;
	int64_t before = fx_log_entries(w.p1);
	citizen_visits cv;
	assert_int_equal(visits_get(&guardian, &cv), ST_OK);
	assert_int_equal(cv.n_visits, 0);
	assert_true(fx_log_entries(w.p1) > before);
	ctx me = fx_citizen(a, T0, w.p1, w.p1);
	before = fx_log_entries(w.p1);
	assert_int_equal(visits_get(&me, &cv), ST_OK);
	assert_int_equal(cv.n_visits, 1);
	assert_int_equal(fx_log_entries(w.p1), before); /* one's own reads are not logged */
	visit v;
	assert_int_equal(visits_get_one(&me, home, &v), ST_NOT_FOUND);
	/* Staff: sharing a home-care note is refused with a reason. */
	ctx hc = fx_staff_ctx(a, T0, 0, w.hc, ROLE_CLINICIAN);
	problems pr = {0};
	assert_int_equal(visits_staff_note(&hc, w.p1, home, "Del dette", true, &pr), ST_INVALID);
	assert_string_equal(pr.items[0].key, "visits.error.home_care_note");
	pr = (problems){0};
	assert_int_equal(visits_staff_note(&hc, w.p1, home, "Bare utkast", false, &pr), ST_OK);
	/* Adding a visit: the date may not be in the future. */
	ctx clin = fx_staff_ctx(a, T0, 0, w.clin, ROLE_CLINICIAN);
	visit_in in = {.kind = "consultation", .visit_date = "2026-12-24", .summary = "Kontroll"};
	pr = (problems){0};
	assert_int_equal(visits_staff_add(&clin, w.p1, &in, &pr), ST_INVALID);
	assert_string_equal(pr.items[0].field, "visit_date");
	in.visit_date = "2026-11-17";
	in.visit_time = "25:00";
	pr = (problems){0};
	assert_int_equal(visits_staff_add(&clin, w.p1, &in, &pr), ST_INVALID);
	in.visit_time = "09:05";
	pr = (problems){0};
	before = fx_log_entries(w.p1);
	assert_int_equal(visits_staff_add(&clin, w.p1, &in, &pr), ST_OK);
	assert_int_equal(fx_log_entries(w.p1), before + 1);
	/* A clinician of another unit: not found, nothing written. */
	ctx doc = fx_staff_ctx(a, T0, 0, w.doc, ROLE_CLINICIAN);
	pr = (problems){0};
	assert_int_equal(visits_staff_add(&doc, w.p1, &in, &pr), ST_NOT_FOUND);
	staff_visits sv;
	assert_int_equal(visits_staff_get(&doc, w.p1, &sv), ST_NOT_FOUND);
	arena_free(a);
}

/* ---- stays and referrals ---------------------------------------------------------------------------- */

static void stays_and_referrals(void **state)
{
	(void)state;
	struct world w = fixture();
	arena *a = arena_new();
	stay s = {.patient_id = w.p1, .unit_id = w.care_home, .kind = "long_term", .from_date = "2024-03-04",
	          .created_by = w.hc, .created_at = T0};
	stay hidden = {.patient_id = w.p1, .unit_id = w.care_home, .kind = "respite", .from_date = "2026-12-01",
	               .to_date = "2026-12-14", .created_by = w.hc, .created_at = T0, .hidden_from_guardians = true};
	stay backwards = {.patient_id = w.p1, .unit_id = w.care_home, .kind = "respite", .from_date = "2026-12-01",
	                  .to_date = "2026-11-14", .created_by = w.hc, .created_at = T0};
	stay theirs = s;
	theirs.patient_id = w.p2;
	int64_t id;
	assert_int_equal(store_stay_insert(conf_conn, &s, &id), ST_OK);
	assert_int_equal(store_stay_insert(conf_conn, &hidden, &id), ST_OK);
	assert_int_equal(store_stay_insert(conf_conn, &backwards, &id), ST_CONFLICT);
	assert_int_equal(store_stay_insert(conf_conn, &theirs, &id), ST_OK);
	stay *stays;
	size_t n;
	assert_int_equal(store_stays(conf_conn, a, w.p1, false, &stays, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(stays[0].kind, "respite"); /* newest first */
	assert_null(stays[1].to_date);
	assert_int_equal(store_stays(conf_conn, a, w.p1, true, &stays, &n), ST_OK);
	assert_int_equal(n, 1);

	referral r = {.patient_id = w.p1, .from_unit_id = w.gp, .to_unit_id = w.hospital, .referred_by = w.clin,
	              .sent_on = "2026-10-02", .status = "sent", .status_at = T0, .pathway = "Utredning",
	              .created_at = T0};
	referral r2 = {.patient_id = w.p2, .to_unit_id = w.hospital, .referred_by = w.clin, .sent_on = "2026-10-03",
	               .status = "sent", .status_at = T0, .created_at = T0, .hidden_from_guardians = true};
	int64_t rid, rid2;
	assert_int_equal(store_referral_insert(conf_conn, &r, &rid), ST_OK);
	assert_int_equal(store_referral_insert(conf_conn, &r2, &rid2), ST_OK);
	referral *refs;
	assert_int_equal(store_referrals(conf_conn, a, w.p1, false, &refs, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(refs[0].to_unit_name, "hospital");
	assert_string_equal(refs[0].from_unit_name, "gp");
	assert_string_equal(refs[0].pathway, "Utredning");
	assert_int_equal(store_referrals(conf_conn, a, w.p2, true, &refs, &n), ST_OK);
	assert_int_equal(n, 0);
	referral one;
	assert_int_equal(store_referral_get(conf_conn, a, w.p1, rid2, &one), ST_NOT_FOUND);
	assert_int_equal(store_referral_set_status(conf_conn, w.p1, rid2, "received", T0), ST_NOT_FOUND);
	assert_int_equal(store_referral_set_status(conf_conn, w.p1, rid, "received", T0 + 1), ST_OK);
	assert_int_equal(store_referral_set_status(conf_conn, w.p1, rid, "lost", T0 + 1), ST_CONFLICT);
	assert_int_equal(store_referral_get(conf_conn, a, w.p1, rid, &one), ST_OK);
	assert_string_equal(one.status, "received");

	/* The domain: statuses only move on; the unit must be a care home. */
	ctx clin = fx_staff_ctx(a, T0, 0, w.clin, ROLE_CLINICIAN);
	problems pr = {0};
	assert_int_equal(referrals_staff_status(&clin, w.p1, rid, "sent", &pr), ST_INVALID);
	pr = (problems){0};
	assert_int_equal(referrals_staff_status(&clin, w.p1, rid, "assessed", &pr), ST_OK);
	pr = (problems){0};
	assert_int_equal(referrals_staff_status(&clin, w.p1, rid2, "assessed", &pr), ST_NOT_FOUND);
	stay_in in = {.unit_id = w.gp, .kind = "short_term", .from_date = "2026-12-01"};
	pr = (problems){0};
	assert_int_equal(stays_staff_add(&clin, w.p1, &in, &pr), ST_INVALID);
	assert_string_equal(pr.items[0].field, "unit");
	arena_free(a);
}

/* ---- the summary through the domain ------------------------------------------------------------------ */

static void summary_domain_rules(void **state)
{
	(void)state;
	struct world w = fixture();
	arena *a = arena_new();
	add_allergy(&w, w.child, "Egg", false);
	add_allergy(&w, w.child, "Hemmelig", true);
	int64_t parent = fx_person("01010100011", "Forelder", "Test", "1980-05-05");
	ctx guardian = fx_citizen(a, T0, parent, w.child);
	guardian.guardian_view = true;
	int64_t before = fx_log_entries(w.child);
	health_summary s;
	assert_int_equal(summary_get(&guardian, &s), ST_OK);
	assert_int_equal(s.n_allergies, 1);
	assert_int_equal(fx_log_entries(w.child), before + 3); /* allergies, issues, vaccines */
	/* Without H3 the allergies are not read at all. */
	ctx limited = guardian;
	limited.access &= ~CAP_BIT(CAP_H3_ALLERGIES);
	assert_int_equal(summary_get(&limited, &s), ST_OK);
	assert_false(s.has_allergies);
	assert_int_equal(s.n_allergies, 0);

	/* The citizen's request: validated, to the health station, at most a few open. */
	ctx me = fx_citizen(a, T0, w.p1, w.p1);
	problems pr = {0};
	allergy_request_in bad = {.substance = "X", .reaction = NULL};
	int64_t id;
	assert_int_equal(summary_request_allergy(&me, &bad, &pr, &id), ST_INVALID);
	assert_int_equal(pr.n, 2);
	allergy_request_in ok = {.substance = "Penicillin", .reaction = "Utslett", .note = "To ganger"};
	for (int i = 0; i < ALLERGY_OPEN_REQUESTS_MAX; i++) {
		pr = (problems){0};
		assert_int_equal(summary_request_allergy(&me, &ok, &pr, &id), ST_OK);
	}
	pr = (problems){0};
	assert_int_equal(summary_request_allergy(&me, &ok, &pr, &id), ST_CONFLICT);
	assert_string_equal(pr.items[0].key, "allergy.error.too_many");

	/* The queue: the GP office's clinician accepts; the hospital's sees nothing. */
	ctx clin = fx_staff_ctx(a, T0, 0, w.clin, ROLE_CLINICIAN);
	allergy_request *list;
	size_t n;
	assert_int_equal(allergy_queue_list(&clin, &list, &n), ST_OK);
	assert_int_equal(n, ALLERGY_OPEN_REQUESTS_MAX);
	ctx doc = fx_staff_ctx(a, T0, 0, w.doc, ROLE_CLINICIAN);
	allergy_request r;
	record_patient p;
	assert_int_equal(allergy_queue_get(&doc, list[0].id, &r, &p), ST_NOT_FOUND);
	ctx desk = fx_staff_ctx(a, T0, 0, w.office, ROLE_OFFICE);
	assert_int_equal(allergy_queue_list(&desk, &list, &n), ST_DENIED);
	assert_int_equal(allergy_queue_list(&clin, &list, &n), ST_OK);
	before = fx_log_entries(w.p1);
	assert_int_equal(allergy_queue_get(&clin, list[0].id, &r, &p), ST_OK);
	assert_int_equal(fx_log_entries(w.p1), before + 1);
	allergy_in in = {.substance = "Penicillin", .reaction = "Utslett", .severity = "moderate"};
	pr = (problems){0};
	assert_int_equal(allergy_queue_accept(&clin, list[0].id, &in, &pr), ST_OK);
	pr = (problems){0};
	assert_int_equal(allergy_queue_accept(&clin, list[0].id, &in, &pr), ST_CONFLICT);
	pr = (problems){0};
	assert_int_equal(allergy_queue_decline(&clin, list[1].id, "Kort", &pr), ST_INVALID);
	pr = (problems){0};
	assert_int_equal(allergy_queue_decline(&clin, list[1].id, "Dette er ikke en allergi.", &pr), ST_OK);
	assert_int_equal(summary_get(&me, &s), ST_OK);
	assert_int_equal(s.n_allergies, 1);
	assert_string_equal(s.allergies[0].substance, "Penicillin");
	bool seen_reason = false;
	for (size_t i = 0; i < s.n_requests; i++)
		if (s.requests[i].decline_reason != NULL)
			seen_reason = strcmp(s.requests[i].decline_reason, "Dette er ikke en allergi.") == 0;
	assert_true(seen_reason);

	/* Staff changes: ICD-10 checked, other patients' items not found. */
	issue_in issue = {.diagnosis = "Astma", .icd10 = "J45X"};
	pr = (problems){0};
	assert_int_equal(summary_staff_add_issue(&clin, w.p1, &issue, &pr), ST_INVALID);
	assert_string_equal(pr.items[0].field, "icd10");
	issue.icd10 = "J45.9";
	pr = (problems){0};
	assert_int_equal(summary_staff_add_issue(&clin, w.p1, &issue, &pr), ST_OK);
	int64_t theirs = add_allergy(&w, w.p2, "Latex", false);
	assert_int_equal(summary_staff_end_allergy(&clin, w.p1, theirs), ST_NOT_FOUND);
	assert_int_equal(summary_staff_end_allergy(&clin, w.p2, theirs), ST_OK);
	staff_summary ss;
	assert_int_equal(summary_staff_get(&doc, w.p1, &ss), ST_NOT_FOUND);
	arena_free(a);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(allergies_per_patient_and_guardian_filter),
    cmocka_unit_test(health_issues_order_filter_and_end),
    cmocka_unit_test(allergy_requests_route_and_queue),
    cmocka_unit_test(vaccinations_unique_key_and_update),
    cmocka_unit_test(vaccine_import_outcomes),
    cmocka_unit_test(care_team_roles_and_constraints),
    cmocka_unit_test(care_team_domain_rules),
    cmocka_unit_test(home_care_visits_and_unshared_notes_never_reach_citizens),
    cmocka_unit_test(visits_domain_rules_and_access_log),
    cmocka_unit_test(stays_and_referrals),
    cmocka_unit_test(summary_domain_rules),
};

CONF_GROUP(record, tests)
