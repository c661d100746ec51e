/* seed_questionnaires.c — the demo world's questionnaires (SPEC.md Q1–Q3):
 * the four demo definitions built into the binary (data/questionnaires/),
 * imported as `helsami import questionnaire` would; then
 *   - Marius Berg: "Før timen hos fastlegen" from Ingrid Solberg to answer,
 *     a sleep questionnaire he answered in October (unread, in Ingrid's
 *     queue) and one he answered in May (past the 90-day window: only the
 *     workspace shows it);
 *   - Silje Berg: "Før timen" with a saved draft;
 *   - Emma Berg (5): "Før vaksinasjon" from Kari Aune, which her parents
 *     answer for her (Q3);
 *   - Jonas Berg (13): a health-talk questionnaire from Kari Aune, hidden
 *     from his parents.
 * Called by seed_demo.c inside its transaction. */
#include <string.h>

#include "cli/demo.h"
#include "core/arena.h"
#include "core/assets.h"
#include "core/log.h"
#include "domain/questionnaires.h"

#define MARIUS "12848649994"
#define SILJE "03898849863"
#define EMMA "15862199860"
#define JONAS "02831399735"
#define INGRID "14827549852"
#define KARI "11907949887"
#define OYA "oya-legesenter"
#define HEALTH_STATION "helsestasjon-sentrum"

static const char *const definitions[] = {
    "questionnaire-for-timen.json",       "questionnaire-sovn.json",       "questionnaire-ungdom.json",
    "questionnaire-for-vaksinasjon.json", "questionnaire-phq9.json",       "questionnaire-legemidler.json",
    "questionnaire-travel-en.json",       "questionnaire-personalia.json", "questionnaire-plager-skaring.json",
};

static const struct demo_request {
	const char *patient, *definition, *staff, *unit;
	const char *sent_at, *due_on;
	const char *answered_at; /* NULL: not answered */
	bool completed;          /* else a draft */
	const char *answers;     /* "linkId=value;linkId=value" (a repeat: the linkId again) */
	bool hidden;
	bool read; /* the clinician has read the answers, the day after */
} demo_requests[] = {
    {MARIUS, "questionnaire-for-timen.json", INGRID, OYA, "2026-11-20T09:15:00Z", "2026-11-27", NULL, false, NULL,
     false, false},
    {MARIUS, "questionnaire-sovn.json", INGRID, OYA, "2026-10-01T08:00:00Z", NULL, "2026-10-04T19:30:00Z", true,
     "hours=5;factors=stress;factors=screens;since=2026-06-01;comment=Våkner ofte rundt klokka fire.", false, false},
    {MARIUS, "questionnaire-sovn.json", INGRID, OYA, "2026-05-02T08:00:00Z", NULL, "2026-05-03T20:00:00Z", true,
     "hours=6;factors=noise", false, true},
    {SILJE, "questionnaire-for-timen.json", INGRID, OYA, "2026-11-19T10:00:00Z", "2026-11-25", "2026-11-21T21:10:00Z",
     false, "reason=Vondt i kneet etter løpetur.;duration=1-4w", false, false},
    {EMMA, "questionnaire-for-vaksinasjon.json", KARI, HEALTH_STATION, "2026-11-18T12:00:00Z", "2026-11-30", NULL,
     false, NULL, false, false},
    {JONAS, "questionnaire-ungdom.json", KARI, HEALTH_STATION, "2026-11-17T12:00:00Z", "2026-12-04", NULL, false, NULL,
     true, false},
};

static status import_definitions(db_conn *c, arena *ar)
{
	for (size_t i = 0; i < ARRAY_LEN(definitions); i++) {
		const struct asset *a = asset_find(definitions[i]);
		int64_t id;
		bool created;
		const char *error = NULL;
		status st =
		    a != NULL ? questionnaires_import(c, a->data, a->len, clock_system_now(), &id, &created, &error, ar)
		              : ST_INTERNAL;
		if (st != ST_OK) {
			log_error("seed demo: questionnaire %s: %s", definitions[i], error ? error : status_name(st));
			return st;
		}
	}
	return ST_OK;
}

/* The answers "a=x;b=y" as one qf_answer per item of f. */
static qf_answer *parse_answers(arena *ar, const qf_form *f, const char *text)
{
	qf_answer *answers = arena_alloc(ar, f->n * sizeof *answers);
	memset(answers, 0, f->n * sizeof *answers);
	char *copy = arena_strdup(ar, text), *save = NULL;
	for (char *pair = strtok_r(copy, ";", &save); pair != NULL; pair = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(pair, '=');
		if (eq == NULL)
			continue;
		*eq = '\0';
		for (size_t i = 0; i < f->n; i++) {
			if (!str_eq(f->items[i].link_id, pair))
				continue;
			const char **values = arena_alloc(ar, (answers[i].n + 1) * sizeof *values);
			if (answers[i].n > 0)
				memcpy(values, answers[i].values, answers[i].n * sizeof *values);
			values[answers[i].n++] = eq + 1;
			answers[i].values = values;
		}
	}
	return answers;
}

static status answer(db_conn *c, arena *ar, const struct demo_request *d, int64_t patient, int64_t id)
{
	const struct asset *a = asset_find(d->definition);
	qf_form f;
	const char *error;
	unix_time at;
	if (a == NULL || !qf_parse(ar, a->data, a->len, &f, &error) || !time_parse(d->answered_at, &at))
		return ST_INTERNAL;
	qf_answer *answers = parse_answers(ar, &f, d->answers);
	for (size_t i = 0; i < f.n; i++) {
		size_t max;
		if (qf_check_answer(ar, &f.items[i], &answers[i], d->completed, &max) != NULL)
			return ST_INTERNAL; /* a demo answer that does not fit its question */
	}
	const char *response = qf_response_json(ar, &f, answers, d->completed, at);
	status st = store_qrequest_save(c, patient, id, 0, response, d->completed, patient, at);
	if (st != ST_OK || !d->read)
		return st;
	int64_t reader;
	if ((st = demo_staff_id(c, ar, d->staff, &reader)) != ST_OK)
		return st;
	return store_qrequest_mark_read(c, patient, id, reader, at + 86400);
}

static status seed_one(db_conn *c, arena *ar, const struct demo_request *d)
{
	const struct asset *a = asset_find(d->definition);
	qf_form f;
	const char *error;
	questionnaire_def def;
	questionnaire_request r = {.status = "sent", .due_on = d->due_on, .hidden_from_guardians = d->hidden};
	status st = a != NULL && qf_parse(ar, a->data, a->len, &f, &error) ? ST_OK : ST_INTERNAL;
	if (st == ST_OK)
		st = store_questionnaire_by_url(c, ar, f.url, f.version, &def);
	if (st == ST_OK && (st = demo_person_id(c, ar, d->patient, &r.patient_id)) == ST_OK &&
	    (st = demo_staff_id(c, ar, d->staff, &r.sent_by)) == ST_OK)
		st = demo_unit_id(c, ar, d->unit, &r.unit_id);
	if (st == ST_OK && !time_parse(d->sent_at, &r.sent_at))
		st = ST_INTERNAL;
	if (st != ST_OK)
		return st;
	r.questionnaire_id = def.id;
	int64_t id;
	if ((st = store_qrequest_insert(c, &r, &id)) != ST_OK)
		return st;
	return d->answered_at != NULL ? answer(c, ar, d, r.patient_id, id) : ST_OK;
}

status seed_demo_questionnaires(db_conn *c)
{
	arena *ar = arena_new();
	status st = import_definitions(c, ar);
	for (size_t i = 0; i < ARRAY_LEN(demo_requests) && st == ST_OK; i++) {
		st = seed_one(c, ar, &demo_requests[i]);
		if (st != ST_OK)
			log_error("seed demo: questionnaire request %zu could not be added: %s", i, status_name(st));
	}
	arena_free(ar);
	return st;
}
