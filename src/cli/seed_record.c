/* seed_record.c — the demo world's health summaries, care teams, visits,
 * stays and referrals (SPEC.md H3–H6, C1, P7, P8), run by `helsami seed
 * demo` inside its transaction (cli/demo.h):
 *
 *   Marius Berg: allergic to penicillin; type 2 diabetes and hypertension on
 *     the problem list; GP Ingrid Solberg at Øya; three past visits (one
 *     with a shared note, one a multidisciplinary meeting in his home); a
 *     referral to St. Olavs hospital.
 *   Elisabeth Johansen: GP Ingrid Solberg and her primary contact in home
 *     care, Ahmed Hassan; a home-care visit with a note, never shown to her.
 *   Astrid Johansen: a long-term stay at Havstad.
 *   Emma Berg: public health nurse Kari Aune. Her childhood vaccines come
 *     from the immunisation registry's sample file (data/sysvak-demo.csv,
 *     imported by `make run` with `helsami import sysvak`).
 *   Silje Berg: an open allergy request in Øya legesenter's queue.
 *
 * Times are UTC and fixed against the demo "today", 2026-11-22. */
#include <string.h>

#include "cli/demo.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/log.h"
#include "db/db.h"
#include "store/care_team.h"
#include "store/register.h"
#include "store/summary.h"
#include "store/visits.h"

#define MARIUS "12848649994"
#define SILJE "03898849863"
#define EMMA "15862199860"
#define ASTRID "08833849868"
#define ELISABETH "02916949807"
#define INGRID "14827549852" /* GP, Øya legesenter */
#define KARI "11907949887"   /* public health nurse, Helsestasjon Sentrum */
#define AHMED "25839049733"  /* home-care nurse, Midtbyen and Havstad */

#define OYA "oya-legesenter"
#define HOME_CARE "midtbyen-hjemmetjeneste"
#define HEALTH_STATION "helsestasjon-sentrum"
#define HAVSTAD "havstad-hvs"
#define HOSPITAL "stolav-medisinsk"

/* Ids found once per run. */
struct ids {
	arena *ar;
	int64_t marius, silje, emma, astrid, elisabeth;
	int64_t ingrid, kari, ahmed;
	int64_t oya, home_care, health_station, havstad, hospital;
};

static status find_ids(db_conn *c, struct ids *d)
{
	status st;
	if ((st = demo_person_id(c, d->ar, MARIUS, &d->marius)) != ST_OK ||
	    (st = demo_person_id(c, d->ar, SILJE, &d->silje)) != ST_OK ||
	    (st = demo_person_id(c, d->ar, EMMA, &d->emma)) != ST_OK ||
	    (st = demo_person_id(c, d->ar, ASTRID, &d->astrid)) != ST_OK ||
	    (st = demo_person_id(c, d->ar, ELISABETH, &d->elisabeth)) != ST_OK ||
	    (st = demo_staff_id(c, d->ar, INGRID, &d->ingrid)) != ST_OK ||
	    (st = demo_staff_id(c, d->ar, KARI, &d->kari)) != ST_OK ||
	    (st = demo_staff_id(c, d->ar, AHMED, &d->ahmed)) != ST_OK ||
	    (st = demo_unit_id(c, d->ar, OYA, &d->oya)) != ST_OK ||
	    (st = demo_unit_id(c, d->ar, HOME_CARE, &d->home_care)) != ST_OK ||
	    (st = demo_unit_id(c, d->ar, HEALTH_STATION, &d->health_station)) != ST_OK ||
	    (st = demo_unit_id(c, d->ar, HAVSTAD, &d->havstad)) != ST_OK)
		return st;
	return demo_unit_id(c, d->ar, HOSPITAL, &d->hospital);
}

static unix_time at(const char *iso)
{
	unix_time t = 0;
	if (!time_parse(iso, &t))
		log_error("seed demo: bad time %s", iso);
	return t;
}

static status seed_summary(db_conn *c, const struct ids *d)
{
	int64_t id;
	allergy penicillin = {
	    .patient_id = d->marius,
	    .substance = "Penicillin",
	    .reaction = "Elveblest og hevelse i ansiktet",
	    .severity = "severe",
	    .registered_by = d->ingrid,
	    .unit_id = d->oya,
	    .registered_at = at("2019-05-14T08:40:00Z"),
	};
	status st = store_allergy_insert(c, &penicillin, &id);
	if (st != ST_OK)
		return st;
	const health_issue issues[] = {
	    {.patient_id = d->marius,
	     .diagnosis = "Diabetes mellitus type 2",
	     .icd10 = "E11",
	     .since = "2024-02-12",
	     .chronic = true,
	     .registered_by = d->ingrid,
	     .unit_id = d->oya,
	     .registered_at = at("2024-02-12T09:15:00Z")},
	    {.patient_id = d->marius,
	     .diagnosis = "Høyt blodtrykk (hypertensjon)",
	     .icd10 = "I10",
	     .since = "2021-03-03",
	     .chronic = true,
	     .registered_by = d->ingrid,
	     .unit_id = d->oya,
	     .registered_at = at("2021-03-03T10:05:00Z")},
	};
	for (size_t i = 0; i < ARRAY_LEN(issues); i++)
		if ((st = store_health_issue_insert(c, &issues[i], &id)) != ST_OK)
			return st;
	allergy_request req = {
	    .patient_id = d->silje,
	    .requested_by = d->silje,
	    .unit_id = d->oya,
	    .substance = "Hasselnøtter",
	    .reaction = "Kløe i munnen og hovne lepper",
	    .note = "Skjedde to ganger i høst, etter müsli med nøtter.",
	    .created_at = at("2026-11-20T18:32:00Z"),
	};
	return store_allergy_request_insert(c, &req, &id);
}

static status seed_care_teams(db_conn *c, const struct ids *d)
{
	const care_team_member members[] = {
	    {.patient_id = d->marius, .staff_id = d->ingrid, .unit_id = d->oya, .role = "gp", .since = "2015-03-01"},
	    {.patient_id = d->elisabeth, .staff_id = d->ingrid, .unit_id = d->oya, .role = "gp", .since = "2015-03-01"},
	    {.patient_id = d->elisabeth,
	     .staff_id = d->ahmed,
	     .unit_id = d->home_care,
	     .role = "home_care_primary",
	     .since = "2026-09-14"},
	    {.patient_id = d->emma,
	     .staff_id = d->kari,
	     .unit_id = d->health_station,
	     .role = "public_health_nurse",
	     .since = "2021-06-15"},
	};
	for (size_t i = 0; i < ARRAY_LEN(members); i++) {
		care_team_member m = members[i];
		m.added_at = at("2026-09-14T08:00:00Z");
		int64_t id;
		status st = store_care_team_insert(c, &m, &id);
		if (st != ST_OK)
			return st;
	}
	return ST_OK;
}

static status seed_visits(db_conn *c, const struct ids *d)
{
	const visit visits[] = {
	    {.patient_id = d->marius,
	     .unit_id = d->oya,
	     .clinician_id = d->ingrid,
	     .kind = "consultation",
	     .visit_date = "2026-10-01",
	     .visit_time = "10:15",
	     .summary = "Årskontroll for diabetes. Langtidsblodsukkeret (HbA1c) er 53 mmol/mol, litt over målet.\n"
	                "Blodtrykket er 142/88.\nVi fortsetter med metformin og avtaler ny kontroll om tre måneder.",
	     .note = "Pasienten er motivert for mer fysisk aktivitet. Gikk gjennom kostråd og fotstell. "
	             "Henvist til St. Olavs for vurdering av blodtrykksbehandlingen.",
	     .note_status = "shared",
	     .note_shared_at = at("2026-10-01T12:30:00Z"),
	     .created_at = at("2026-10-01T09:50:00Z")},
	    {.patient_id = d->marius,
	     .unit_id = d->oya,
	     .clinician_id = d->ingrid,
	     .kind = "video",
	     .visit_date = "2026-11-03",
	     .visit_time = "13:00",
	     .summary = "Gjennomgang av blodtrykksmålinger hjemme. Fortsatt litt høye verdier.",
	     .note = "Vurderer å øke dosen etter svar fra St. Olavs.",
	     .note_status = "draft",
	     .created_at = at("2026-11-03T12:25:00Z")},
	    {.patient_id = d->marius,
	     .unit_id = d->oya,
	     .clinician_id = d->ingrid,
	     .kind = "responsibility_group_meeting",
	     .visit_date = "2026-11-10",
	     .visit_time = "14:00",
	     .place = "Hjemme hos pasienten",
	     .summary = "Ansvarsgruppemøte med fastlege og diabetessykepleier.\n"
	                "Vi ble enige om en plan for oppfølging av diabetes og blodtrykk det neste halve året.",
	     .note_status = "none",
	     .created_at = at("2026-11-10T14:20:00Z")},
	    {.patient_id = d->elisabeth,
	     .unit_id = d->home_care,
	     .clinician_id = d->ahmed,
	     .kind = "home_care",
	     .visit_date = "2026-11-18",
	     .visit_time = "08:30",
	     .place = "Hjemme hos pasienten",
	     .summary = "Sårstell på venstre legg og hjelp med medisiner.",
	     .note = "Såret gror som forventet. Ingen tegn til infeksjon.",
	     .note_status = "draft",
	     .created_at = at("2026-11-18T07:45:00Z")},
	};
	for (size_t i = 0; i < ARRAY_LEN(visits); i++) {
		int64_t id;
		status st = store_visit_insert(c, &visits[i], &id);
		if (st != ST_OK)
			return st;
	}
	return ST_OK;
}

static status seed_stays_referrals(db_conn *c, const struct ids *d)
{
	int64_t id;
	stay s = {.patient_id = d->astrid,
	          .unit_id = d->havstad,
	          .kind = "long_term",
	          .from_date = "2024-03-04",
	          .created_by = d->ahmed,
	          .created_at = at("2024-03-04T09:00:00Z")};
	status st = store_stay_insert(c, &s, &id);
	if (st != ST_OK)
		return st;
	referral r = {
	    .patient_id = d->marius,
	    .from_unit_id = d->oya,
	    .to_unit_id = d->hospital,
	    .referred_by = d->ingrid,
	    .sent_on = "2026-10-02",
	    .status = "appointment_given",
	    .status_at = at("2026-10-20T11:00:00Z"),
	    .pathway = "Utredning av høyt blodtrykk",
	    .created_at = at("2026-10-02T08:30:00Z"),
	};
	return store_referral_insert(c, &r, &id);
}

status seed_demo_record(db_conn *c)
{
	struct ids d = {.ar = arena_new()};
	status st = find_ids(c, &d);
	if (st == ST_OK)
		st = seed_summary(c, &d);
	if (st == ST_OK)
		st = seed_care_teams(c, &d);
	if (st == ST_OK)
		st = seed_visits(c, &d);
	if (st == ST_OK)
		st = seed_stays_referrals(c, &d);
	if (st != ST_OK)
		log_error("seed demo: the record areas could not be seeded: %s", status_name(st));
	arena_free(d.ar);
	return st;
}
