/* seed_services.c — the demo world's municipal services (SPEC.md K1–K3, D1):
 * the application form (data/questionnaires/application-health-and-care.json),
 * six services of Tjenestekontoret Trondheim, and
 *   - Elisabeth Johansen: practical assistance applied for on 18 November
 *     with a medical certificate attached (K1), taken by Per Haugland, who asks her for more information (in progress);
 *   - Astrid Johansen: home nursing applied for in October and granted, with
 *     the receipt and the decision letter in her documents (the PDFs are
 *     made by `helsami jobs run` or the server's letter worker), and its
 *     delivery to the national health portal given up (the operator's
 *     outbox shows it with a Retry button).
 * The cases go through the domain rules as a citizen and a caseworker
 * would, so the letters, events and access-log entries are the real ones.
 * Called by seed_demo.c inside its transaction. */
#include <string.h>

#include "cli/demo.h"
#include "core/arena.h"
#include "core/assets.h"
#include "core/log.h"
#include "domain/authz.h"
#include "domain/questionnaires.h"
#include "domain/record_access.h"
#include "domain/services.h"
#include "store/letter_delivery.h"
#include "store/questionnaires.h"
#include "store/services.h"

#define FORM "application-health-and-care.json"
#define SERVICES_OFFICE "tjenestekontoret-trondheim"
#define ELISABETH "02916949807"
#define GP_OFFICE "oya-legesenter"
#define MARIUS "12848649994"
#define SILJE "03898849863"
#define INGRID "14827549852"
#define ASTRID "08833849868"
#define PER "27816849956"
#define LEGAL_BASIS_CARE \
	"Helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 og pasient- og brukerrettighetsloven § 2-1 a"

static const struct demo_service {
	const char *code, *title_nb, *title_en, *summary_nb, *summary_en;
} services[] = {
    {"home_nursing", "Helsetjenester i hjemmet (hjemmesykepleie)", "Health care at home (home nursing)",
     "Sykepleie hjemme hos deg, for eksempel hjelp med medisiner, sår eller oppfølging etter sykehusopphold.",
     "Nursing in your home, for example help with medicines, wounds or follow-up after a hospital stay."},
    {"practical_assistance", "Praktisk bistand", "Practical assistance",
     "Hjelp til praktiske gjøremål i hjemmet, som rengjøring, klesvask og innkjøp.",
     "Help with practical tasks at home, such as cleaning, laundry and shopping."},
    {"safety_alarm", "Trygghetsalarm", "Safety alarm", "En alarm du bærer på deg og som varsler hjelp døgnet rundt.",
     "An alarm you wear that calls for help day and night."},
    {"short_stay", "Korttidsopphold i institusjon", "Short stay in an institution",
     "Et tidsavgrenset opphold på sykehjem for behandling, opptrening eller avlastning.",
     "A time-limited stay in a care home for treatment, rehabilitation or respite."},
    {"long_stay", "Langtidsopphold i sykehjem", "Long-term stay in a care home",
     "Fast plass på sykehjem når du trenger heldøgns omsorg.",
     "A permanent place in a care home when you need care around the clock."},
    {"meal_delivery", "Middagslevering", "Meal delivery", "Ferdig middag levert hjem.",
     "Ready-made dinner delivered to your home."},
};

static status import_form(db_conn *c, arena *ar, int64_t *id)
{
	const struct asset *a = asset_find(FORM);
	bool created;
	const char *error = NULL;
	status st = a != NULL ? questionnaires_import(c, a->data, a->len, clock_system_now(), id, &created, &error, ar)
	                      : ST_INTERNAL;
	if (st != ST_OK)
		log_error("seed demo: %s: %s", FORM, error ? error : status_name(st));
	return st;
}

static ctx citizen_ctx(db_conn *c, arena *ar, int64_t person_id, const char *iso)
{
	ctx x = {.arena = ar, .db = c, .who = {.kind = ACTOR_CITIZEN, .person_id = person_id}, .subject_id = person_id};
	x.access = authz_citizen_all();
	time_parse(iso, &x.now);
	return x;
}

static ctx staff_ctx(db_conn *c, arena *ar, int64_t person_id, int64_t staff_id, const char *iso)
{
	ctx x = {.arena = ar, .db = c, .who = {.kind = ACTOR_STAFF, .person_id = person_id, .staff_id = staff_id}};
	x.who.roles = ROLE_CASEWORKER;
	time_parse(iso, &x.now);
	return x;
}

/* A submitted application for the service with the answers "linkId=value;...",
 * and the PDF file `attachment` attached to the draft when not NULL. */
static status apply(db_conn *c, arena *ar, int64_t person_id, int64_t service, const char *at, const char *answers,
                    const char *attachment, int64_t *id)
{
	ctx x = citizen_ctx(c, ar, person_id, at);
	status st = services_start(&x, service, id);
	application_view v;
	if (st != ST_OK || (st = services_application(&x, *id, &v)) != ST_OK)
		return st;
	qf_answer *ans = arena_alloc(ar, (v.form.n ? v.form.n : 1) * sizeof *ans);
	memset(ans, 0, (v.form.n ? v.form.n : 1) * sizeof *ans);
	char *copy = arena_strdup(ar, answers), *save = NULL;
	for (char *pair = strtok_r(copy, ";", &save); pair != NULL; pair = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(pair, '=');
		if (eq == NULL)
			continue;
		*eq = '\0';
		for (size_t i = 0; i < v.form.n; i++)
			if (str_eq(v.form.items[i].link_id, pair)) {
				ans[i].values = arena_alloc(ar, sizeof *ans[i].values);
				ans[i].values[0] = eq + 1;
				ans[i].n = 1;
			}
	}
	problems pr = {0};
	upload_file file = {attachment, (const uint8_t *)demo_pdf, strlen(demo_pdf)};
	if (attachment != NULL && (st = services_attach(&x, *id, &file, 1, &pr)) != ST_OK)
		return st;
	st = services_save(&x, *id, v.a.revision, NULL, ans, v.form.n, true, &pr);
	if (st == ST_INVALID)
		log_error("seed demo: application answers refused (%s)", pr.n ? pr.items[0].field : "?");
	return st;
}

/* D2: Marius's request to Øya waits in the queue; Silje's was answered
 * with an extract (its PDF follows from the letter job). */
static status seed_record_access(db_conn *c, arena *ar)
{
	int64_t gp, marius, silje, ingrid_person, ingrid, id;
	status st = demo_unit_id(c, ar, GP_OFFICE, &gp);
	if (st == ST_OK && (st = demo_person_id(c, ar, MARIUS, &marius)) == ST_OK &&
	    (st = demo_person_id(c, ar, SILJE, &silje)) == ST_OK &&
	    (st = demo_person_id(c, ar, INGRID, &ingrid_person)) == ST_OK)
		st = demo_staff_id(c, ar, INGRID, &ingrid);
	static const char *const pending_parts[] = {"visits", "medications"};
	static const char *const answered_parts[] = {"visits", "allergies", "health_issues"};
	problems pr = {0};
	if (st == ST_OK) {
		ctx x = citizen_ctx(c, ar, marius, "2026-11-10T09:00:00Z");
		record_access_in in = {gp, pending_parts, 2, "2025-01-01", "2026-11-10", NULL};
		st = record_access_ask(&x, &in, &pr, &id);
	}
	if (st == ST_OK) {
		ctx x = citizen_ctx(c, ar, silje, "2026-11-02T19:30:00Z");
		record_access_in in = {gp, answered_parts, 3, "2024-01-01", "2026-11-01", "Til bruk hos ny tannlege."};
		st = record_access_ask(&x, &in, &pr, &id);
	}
	if (st == ST_OK) {
		ctx x = staff_ctx(c, ar, ingrid_person, ingrid, "2026-11-05T08:15:00Z");
		x.who.roles = ROLE_CLINICIAN;
		st = record_access_fulfil(&x, id);
	}
	return st;
}

/* The operator's outbox (/staff/outbox): the application's decision letter
 * given up on the way to the national health portal, so the page shows a
 * dead letter delivery and its Retry button. Claimed and failed as the
 * worker would; a second seeding finds it dead and claims nothing. */
static status seed_dead_letter_delivery(db_conn *c, arena *ar, int64_t application, unix_time at)
{
	citizen_document *docs;
	size_t n;
	status st = store_documents_of_application(c, ar, application, &docs, &n);
	int64_t decision = 0;
	for (size_t i = 0; st == ST_OK && i < n; i++)
		if (strcmp(docs[i].kind, "decision") == 0)
			decision = docs[i].id;
	if (st != ST_OK || decision == 0)
		return st == ST_OK ? ST_NOT_FOUND : st;
	if ((st = store_letter_delivery_add(c, decision, "health_portal", at)) != ST_OK)
		return st;
	letter_delivery *rows;
	if ((st = store_dq_claim(c, &letter_delivery_queue, ar, "health_portal", "seed demo", at, at + 60, 1, &rows,
	                         &n)) != ST_OK ||
	    n == 0 || rows[0].document_id != decision)
		return st;
	return store_dq_failed(c, &letter_delivery_queue, rows[0].id, "seed demo", 10, true, at,
	                       "health_portal answered 503");
}

status seed_demo_services(db_conn *c)
{
	arena *ar = arena_new();
	int64_t form, office, service_ids[ARRAY_LEN(services)];
	status st = store_municipality_set(c, "5001", "Trondheim");
	if (st == ST_OK)
		st = import_form(c, ar, &form);
	if (st == ST_OK)
		st = demo_unit_id(c, ar, SERVICES_OFFICE, &office);
	for (size_t i = 0; st == ST_OK && i < ARRAY_LEN(services); i++) {
		const struct demo_service *d = &services[i];
		municipal_service s = {.unit_id = office,
		                       .questionnaire_id = form,
		                       .code = d->code,
		                       .title_nb = d->title_nb,
		                       .title_en = d->title_en,
		                       .summary_nb = d->summary_nb,
		                       .summary_en = d->summary_en,
		                       .legal_basis = LEGAL_BASIS_CARE};
		st = store_service_insert(c, &s, &service_ids[i]);
	}
	int64_t elisabeth, astrid, per_person, per, app;
	if (st == ST_OK && (st = demo_person_id(c, ar, ELISABETH, &elisabeth)) == ST_OK &&
	    (st = demo_person_id(c, ar, ASTRID, &astrid)) == ST_OK &&
	    (st = demo_person_id(c, ar, PER, &per_person)) == ST_OK)
		st = demo_staff_id(c, ar, PER, &per);
	/* Elisabeth: practical assistance, waiting for her answer. */
	if (st == ST_OK)
		st = apply(c, ar, elisabeth, service_ids[1], "2026-11-18T10:00:00Z",
		           "need=Rengjøring og klesvask, jeg har vondt i ryggen.;living=alone;relatives_help=false",
		           "legeerklaering-rygg.pdf", &app);
	if (st == ST_OK) {
		ctx x = staff_ctx(c, ar, per_person, per, "2026-11-19T09:00:00Z");
		problems pr = {0};
		if ((st = services_take(&x, app)) == ST_OK)
			st = services_ask(&x, app,
			                  "Hvor ofte trenger du hjelp med rengjøring, og bor det noen andre i boligen?",
			                  &pr);
	}
	/* Astrid: home nursing, granted. */
	if (st == ST_OK)
		st = apply(c, ar, astrid, service_ids[0], "2026-10-02T11:00:00Z",
		           "need=Hjelp med medisiner morgen og kveld.;living=institution;relatives_help=true;"
		           "relatives_details=Sønnen Bjørn besøker meg hver uke.",
		           NULL, &app);
	if (st == ST_OK) {
		ctx x = staff_ctx(c, ar, per_person, per, "2026-10-06T13:00:00Z");
		problems pr = {0};
		services_decision d = {"granted", "2 besøk om dagen", "2026-10-12",
		                       "Du trenger hjelp med legemidler to ganger om dagen. Vi har lagt vekt på "
		                       "opplysningene fra søknaden og fra fastlegen."};
		if ((st = services_take(&x, app)) == ST_OK && (st = services_decide(&x, app, &d, &pr)) == ST_OK)
			st = seed_dead_letter_delivery(c, ar, app, x.now);
	}
	if (st == ST_OK)
		st = seed_record_access(c, ar);
	if (st != ST_OK)
		log_error("seed demo: municipal services could not be added: %s", status_name(st));
	arena_free(ar);
	return st;
}
