/* fixtures.c — shared rows and contexts for the conformance groups (see
 * fixtures.h). */
#include "fixtures.h"

#include "core/nin.h"
#include "domain/authz.h"
#include "store/audit.h"

int64_t fx_insert_person(const person *p)
{
	int64_t id = 0;
	assert_int_equal(store_person_insert(conf_conn, p, &id), ST_OK);
	assert_true(id > 0);
	return id;
}

int64_t fx_person(const char *nin, const char *given, const char *family, const char *birth)
{
	return fx_insert_person(&(person){.nin = nin, .given_name = given, .family_name = family, .birth_date = birth});
}

int64_t fx_insert_unit(const unit *u)
{
	int64_t id = 0;
	assert_int_equal(store_unit_insert(conf_conn, u, &id), ST_OK);
	assert_true(id > 0);
	return id;
}

int64_t fx_unit(const char *code, const char *kind, const char *name)
{
	/* 3 is the schema's default for paper_after_days. */
	return fx_insert_unit(&(unit){.code = code, .kind = kind, .name = name != NULL ? name : code,
	                              .municipality = "5001", .phone = "73 00 00 00", .paper_after_days = 3});
}

int64_t fx_staff(int64_t person_id, int64_t unit_id, const char *role)
{
	staff s = {.person_id = person_id, .title = "Lege", .active = true};
	int64_t id = 0;
	assert_int_equal(store_staff_insert(conf_conn, &s, &id), ST_OK);
	assert_int_equal(store_staff_unit_add(conf_conn, id, unit_id, role), ST_OK);
	return id;
}

const char *fx_nin(int n)
{
	static char nins[8][NIN_LEN + 1];
	assert_true(n >= 0 && n < 8);
	/* About 1 in 6 individual numbers has no check digits; a few tries do. */
	for (int individual = 300 + n * 7; individual < 300 + n * 7 + 50; individual++)
		if (nin_make((date){1951, 3, 1 + n}, individual, true, false, nins[n]))
			return nins[n];
	fail_msg("no synthetic number for test person %d", n);
	return NULL;
}

void fx_world_make(fx_world *w)
{
	conf_fresh();
	*w = (fx_world){0};
	w->marius = fx_person("12848649994", "Marius", "Berg", "1986-04-12");
	w->silje = fx_person("03898849863", "Silje", "Berg", "1988-09-03");
	w->nora = fx_person("01921099882", "Nora", "Berg", "2010-12-01");
	w->oya = fx_unit("oya", "gp_office", NULL);
	w->hospital = fx_unit("stolav", "hospital_department", NULL);
	w->ingrid_person = fx_person("14827549852", "Ingrid", "Berg", "1975-02-14");
	w->eirik_person = fx_person("05927049955", "Eirik", "Berg", "1970-12-05");
	w->marte_person = fx_person("19889549834", "Marte", "Berg", "1995-08-19");
	w->ingrid = fx_staff(w->ingrid_person, w->oya, "clinician");
	w->eirik = fx_staff(w->eirik_person, w->hospital, "clinician");
	w->marte = fx_staff(w->marte_person, w->oya, "office");
	assert_int_equal(store_patient_unit_add(conf_conn, w->marius, w->oya, "2015-03-01"), ST_OK);
	assert_int_equal(store_patient_unit_add(conf_conn, w->silje, w->oya, "2015-03-01"), ST_OK);
	assert_int_equal(store_patient_unit_add(conf_conn, w->nora, w->oya, "2015-03-01"), ST_OK);
}

ctx fx_citizen(arena *a, unix_time now, int64_t self, int64_t subject)
{
	return (ctx){.arena = a, .db = conf_conn, .now = now, .who = {.kind = ACTOR_CITIZEN, .person_id = self},
	             .subject_id = subject, .access = authz_citizen_all()};
}

ctx fx_staff_ctx(arena *a, unix_time now, int64_t person_id, int64_t staff_id, unsigned roles)
{
	return (ctx){.arena = a, .db = conf_conn, .now = now,
	             .who = {.kind = ACTOR_STAFF, .person_id = person_id, .staff_id = staff_id, .roles = roles}};
}

int64_t fx_log_entries(int64_t patient)
{
	int64_t n = -1;
	assert_int_equal(store_audit_count(conf_conn, patient, &n), ST_OK);
	return n;
}

void fx_assert_file(const stored_file *got, const stored_file *want)
{
	assert_string_equal(got->content_type, want->content_type);
	assert_string_equal(got->name, want->name);
	assert_int_equal(got->size, want->size);
	assert_int_equal(got->created_at, want->created_at);
}
