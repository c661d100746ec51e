/* questionnaires.c (conformance) — questionnaires on both databases: that a
 * definition's version never changes, the citizen's view (open ones, answered
 * ones for a while, never withdrawn ones, the guardians' filter, never another
 * patient's), its order, saving against a revision, reading once, withdrawal
 * and the clinicians' queue of unread answers; then the domain rules over
 * them (import, sending and its notification, drafts and submission, who may
 * answer under Q3, and the access log of every read and change by anyone but
 * the patient). The demo questionnaires are read from the binary's assets
 * (the Makefile embeds data/questionnaires/), so the tests need no working
 * directory. */
#include <stdint.h>
#include <string.h>
#include <jansson.h>

#include "conformance.h"
#include "fixtures.h"
#include "core/arena.h"
#include "core/assets.h"
#include "domain/authz.h"
#include "domain/chart.h"
#include "domain/questionnaires.h"
#include "domain/representation.h"
#include "store/audit.h"
#include "store/outbox.h"
#include "store/questionnaires.h"
#include "store/register.h"

/* 2026-11-22T10:00:00Z, the demo world's "today". */
#define NOW 1795341600
#define DAY 86400
/* What the citizen's queries are given as answered_since: the domain's window. */
#define SINCE (NOW - (unix_time)QUESTIONNAIRE_RECENT_DAYS * DAY)

#define VACCINATION "questionnaire-for-vaksinasjon.json"
#define SLEEP_URL "https://example.test/Questionnaire/sleep"

/* A definition straight into the store; its text need not parse for the
 * store's tests. */
static int64_t add_def(const char *url, const char *version, const char *def_status, const char *title,
                       const char *resource)
{
	questionnaire_def d = {.url = url, .version = version, .title_nb = title, .status = def_status,
	                       .resource = resource, .imported_at = NOW - DAY};
	int64_t id;
	bool created;
	assert_int_equal(store_questionnaire_put(conf_conn, &d, &id, &created), ST_OK);
	assert_true(created);
	return id;
}

static int64_t add_request(int64_t patient, int64_t def, int64_t unit_id, int64_t sent_by, unix_time sent_at,
                           const char *due_on, bool hidden)
{
	questionnaire_request r = {.patient_id = patient, .questionnaire_id = def, .unit_id = unit_id,
	                           .sent_by = sent_by, .sent_at = sent_at, .due_on = due_on, .status = "sent",
	                           .hidden_from_guardians = hidden};
	int64_t id;
	assert_int_equal(store_qrequest_insert(conf_conn, &r, &id), ST_OK);
	return id;
}

static questionnaire_request get(arena *a, int64_t patient, int64_t id)
{
	questionnaire_request r;
	assert_int_equal(store_qrequest_get(conf_conn, a, patient, id, &r), ST_OK);
	return r;
}

/* Saves at the request's current revision, as a draft or submitted. */
static void save_now(arena *a, int64_t patient, int64_t id, bool completed, int64_t by, unix_time at)
{
	questionnaire_request r = get(a, patient, id);
	assert_int_equal(store_qrequest_save(conf_conn, patient, id, r.revision, "{\"resourceType\":\"x\"}", completed,
	                                     by, at),
	                 ST_OK);
}

static bool has_request(const questionnaire_request *rs, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (rs[i].id == id)
			return true;
	return false;
}

static bool queue_has(const questionnaire_queue_item *items, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (items[i].r.id == id)
			return true;
	return false;
}

/* A representative acting with an access kind's capabilities (R1). */
static ctx representative(arena *a, int64_t self, int64_t subject, const char *kind, bool guardian_view)
{
	const access_kind *k = access_kind_find(kind);
	assert_non_null(k);
	ctx x = fx_citizen(a, NOW, self, subject);
	x.access = repr_kind_caps(k);
	x.guardian_view = guardian_view;
	return x;
}

/* The newest access-log entry of a patient's chain, copied to the arena. */
struct last_entry {
	arena *a;
	int64_t patient;
	bool found;
	audit_entry e;
};

static const char *dup_or_null(arena *a, const char *s)
{
	return s != NULL ? arena_strdup(a, s) : NULL;
}

static status last_entry_fn(const audit_entry *e, void *arg)
{
	struct last_entry *l = arg;
	if (e->patient_id != l->patient)
		return ST_OK;
	l->found = true;
	l->e = *e;
	l->e.actor_kind = dup_or_null(l->a, e->actor_kind);
	l->e.actor_role = dup_or_null(l->a, e->actor_role);
	l->e.action = dup_or_null(l->a, e->action);
	l->e.what = dup_or_null(l->a, e->what);
	l->e.what_id = dup_or_null(l->a, e->what_id);
	l->e.purpose = dup_or_null(l->a, e->purpose);
	l->e.reason = NULL;
	return ST_OK;
}

static audit_entry last_entry(arena *a, int64_t patient)
{
	struct last_entry l = {.a = a, .patient = patient};
	assert_int_equal(store_audit_scan(conf_conn, last_entry_fn, &l), ST_OK);
	assert_true(l.found);
	return l.e;
}

static int64_t outbox_count(arena *a, int64_t person_id)
{
	outbox_event *ev;
	size_t n;
	assert_int_equal(store_outbox_for_person(conf_conn, a, person_id, 100, &ev, &n), ST_OK);
	return (int64_t)n;
}

static int64_t import_demo(arena *a, const char *name)
{
	const struct asset *as = asset_find(name);
	assert_non_null(as);
	int64_t id;
	bool created;
	const char *error = NULL;
	status st = questionnaires_import(conf_conn, as->data, as->len, NOW - DAY, &id, &created, &error, a);
	assert_int_equal(st, ST_OK);
	assert_true(created);
	return id;
}

/* One answer value, in arena memory: the domain normalizes values in place. */
static qf_answer one(arena *a, const char *v)
{
	const char **values = arena_alloc(a, sizeof *values);
	values[0] = arena_strdup(a, v);
	return (qf_answer){.values = values, .n = 1};
}

/* Answers to the vaccination questionnaire: fever, reaction, reaction-what,
 * allergies; NULL leaves one unanswered. */
static qf_answer *vaccination_answers(arena *a, const char *fever, const char *reaction, const char *what,
                                      const char *allergies)
{
	const char *v[4] = {fever, reaction, what, allergies};
	qf_answer *ans = arena_alloc(a, 4 * sizeof *ans);
	for (size_t i = 0; i < 4; i++)
		ans[i] = v[i] != NULL ? one(a, v[i]) : (qf_answer){0};
	return ans;
}

/* Sends a questionnaire from ingrid to the patient, due 2026-12-01. */
static int64_t send_from_ingrid(arena *a, const fx_world *w, int64_t def, int64_t patient, bool hidden)
{
	ctx ingrid = fx_staff_ctx(a, NOW, w->ingrid_person, w->ingrid, ROLE_CLINICIAN);
	questionnaire_send in = {.questionnaire_id = def, .due_on = "2026-12-01", .hidden_from_guardians = hidden};
	problems pr;
	int64_t id = 0;
	assert_int_equal(questionnaires_send(&ingrid, patient, &in, &pr, &id), ST_OK);
	assert_int_equal(pr.n, 0);
	assert_true(id > 0);
	return id;
}

/* ---- store: definitions -------------------------------------------------------- */

static void a_published_version_never_changes(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	questionnaire_def d = {.url = SLEEP_URL, .version = "1", .title_nb = "Sleep", .title_en = "Sleep (en)",
	                       .status = "active", .resource = "{\"v\":1}", .imported_at = NOW - DAY};
	int64_t id1 = 0, id;
	bool created = false;
	assert_int_equal(store_questionnaire_put(conf_conn, &d, &id1, &created), ST_OK);
	assert_true(created);
	assert_true(id1 > 0);
	/* The same text again: nothing new. */
	created = true;
	id = 0;
	assert_int_equal(store_questionnaire_put(conf_conn, &d, &id, &created), ST_OK);
	assert_false(created);
	assert_int_equal(id, id1);
	/* The same url and version with another text: refused, the old one kept. */
	questionnaire_def changed = d;
	changed.resource = "{\"v\":2}";
	changed.title_nb = "Changed";
	created = true;
	id = 0;
	assert_int_equal(store_questionnaire_put(conf_conn, &changed, &id, &created), ST_CONFLICT);
	assert_false(created);
	assert_int_equal(id, id1);
	questionnaire_def got;
	assert_int_equal(store_questionnaire_by_id(conf_conn, a, id1, &got), ST_OK);
	assert_string_equal(got.url, SLEEP_URL);
	assert_string_equal(got.version, "1");
	assert_string_equal(got.title_nb, "Sleep");
	assert_string_equal(got.title_en, "Sleep (en)");
	assert_string_equal(got.status, "active");
	assert_string_equal(got.resource, "{\"v\":1}");
	assert_int_equal(got.imported_at, NOW - DAY);
	/* A new version is a new definition. */
	changed.version = "2";
	changed.title_en = NULL;
	int64_t id2;
	assert_int_equal(store_questionnaire_put(conf_conn, &changed, &id2, &created), ST_OK);
	assert_true(created);
	assert_true(id2 != id1);
	assert_int_equal(store_questionnaire_by_url(conf_conn, a, SLEEP_URL, "2", &got), ST_OK);
	assert_int_equal(got.id, id2);
	assert_string_equal(got.resource, "{\"v\":2}");
	assert_null(got.title_en);
	assert_int_equal(store_questionnaire_by_url(conf_conn, a, SLEEP_URL, "1", &got), ST_OK);
	assert_int_equal(got.id, id1);
	assert_int_equal(store_questionnaire_by_url(conf_conn, a, SLEEP_URL, "3", &got), ST_NOT_FOUND);
	assert_int_equal(store_questionnaire_by_url(conf_conn, a, "https://example.test/Questionnaire/none", "1", &got),
	                 ST_NOT_FOUND);
	assert_int_equal(store_questionnaire_by_id(conf_conn, a, id2 + 1000, &got), ST_NOT_FOUND);
	arena_free(a);
}

static void only_active_definitions_are_offered(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	int64_t b = add_def("https://example.test/Q/b", "1", "active", "Before the visit", "{}");
	int64_t draft = add_def("https://example.test/Q/c", "1", "draft", "Apple draft", "{}");
	int64_t retired = add_def("https://example.test/Q/d", "1", "retired", "Also retired", "{}");
	int64_t after = add_def("https://example.test/Q/a", "1", "active", "After the visit", "{}");
	questionnaire_def *ds;
	size_t n;
	assert_int_equal(store_questionnaires_active(conf_conn, a, &ds, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ds[0].id, after); /* by title */
	assert_int_equal(ds[1].id, b);
	for (size_t i = 0; i < n; i++) {
		assert_true(ds[i].id != draft);
		assert_true(ds[i].id != retired);
		assert_string_equal(ds[i].status, "active");
	}
	arena_free(a);
}

/* ---- store: questionnaires sent -------------------------------------------------- */

static void a_request_is_stored_and_read_back(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	questionnaire_def d = {.url = "https://example.test/Q/a", .version = "1", .title_nb = "Skjema",
	                       .title_en = "Form", .status = "active", .resource = "{\"text\":1}",
	                       .imported_at = NOW - DAY};
	int64_t def;
	bool created;
	assert_int_equal(store_questionnaire_put(conf_conn, &d, &def, &created), ST_OK);
	int64_t id = add_request(w.marius, def, w.oya, w.ingrid, NOW - 3600, "2026-12-01", true);
	int64_t plain = add_request(w.marius, def, w.oya, w.ingrid, NOW - 60, NULL, false);
	questionnaire_request r = get(a, w.marius, id);
	assert_int_equal(r.id, id);
	assert_int_equal(r.patient_id, w.marius);
	assert_int_equal(r.questionnaire_id, def);
	assert_int_equal(r.unit_id, w.oya);
	assert_int_equal(r.sent_by, w.ingrid);
	assert_string_equal(r.title_nb, "Skjema");
	assert_string_equal(r.title_en, "Form");
	assert_string_equal(r.resource, "{\"text\":1}");
	assert_string_equal(r.unit_name, "oya");
	assert_string_equal(r.sent_by_name, "Ingrid Berg");
	assert_int_equal(r.sent_at, NOW - 3600);
	assert_string_equal(r.due_on, "2026-12-01");
	assert_string_equal(r.status, "sent");
	assert_null(r.response);
	assert_int_equal(r.revision, 0);
	assert_int_equal(r.saved_at, 0);
	assert_int_equal(r.submitted_at, 0);
	assert_int_equal(r.read_at, 0);
	assert_int_equal(r.withdrawn_at, 0);
	assert_int_equal(r.saved_by, 0);
	assert_int_equal(r.submitted_by, 0);
	assert_null(r.submitted_by_name);
	assert_null(r.read_by_name);
	assert_true(r.hidden_from_guardians);
	r = get(a, w.marius, plain);
	assert_null(r.due_on);
	assert_false(r.hidden_from_guardians);
	/* Never through another patient's id. */
	assert_int_equal(store_qrequest_get(conf_conn, a, w.silje, id, &r), ST_NOT_FOUND);
	assert_int_equal(store_qrequest_get(conf_conn, a, w.marius, plain + 1000, &r), ST_NOT_FOUND);
	/* Staff see every one, newest first. */
	questionnaire_request *rs;
	size_t n;
	bool more;
	assert_int_equal(store_qrequests_all(conf_conn, a, w.marius, 50, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 2);
	assert_false(more);
	assert_int_equal(rs[0].id, plain);
	assert_int_equal(rs[1].id, id);
	assert_int_equal(store_qrequests_all(conf_conn, a, w.marius, 1, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_true(more);
	assert_int_equal(store_qrequests_all(conf_conn, a, w.silje, 50, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 0);
	/* The schema refuses a request of an unknown definition or patient. */
	int64_t bad;
	questionnaire_request x = {.patient_id = w.marius, .questionnaire_id = def + 1000, .unit_id = w.oya,
	                           .sent_by = w.ingrid, .sent_at = NOW, .status = "sent"};
	assert_int_equal(store_qrequest_insert(conf_conn, &x, &bad), ST_CONFLICT);
	x.questionnaire_id = def;
	x.patient_id = w.marius + 100000;
	assert_int_equal(store_qrequest_insert(conf_conn, &x, &bad), ST_CONFLICT);
	arena_free(a);
}

static void the_citizen_sees_open_and_recently_answered(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	int64_t def = add_def("https://example.test/Q/a", "1", "active", "Skjema", "{}");
	int64_t sent = add_request(w.nora, def, w.oya, w.ingrid, NOW - 9 * DAY, "2026-12-01", false);
	int64_t busy = add_request(w.nora, def, w.oya, w.ingrid, NOW - 8 * DAY, "2026-11-25", false);
	save_now(a, w.nora, busy, false, w.nora, NOW - DAY);
	int64_t undated = add_request(w.nora, def, w.oya, w.ingrid, NOW - 7 * DAY, NULL, false);
	int64_t hidden = add_request(w.nora, def, w.oya, w.ingrid, NOW - 6 * DAY, "2026-12-10", true);
	int64_t recent = add_request(w.nora, def, w.oya, w.ingrid, NOW - 30 * DAY, NULL, false);
	save_now(a, w.nora, recent, true, w.nora, NOW - 5 * DAY);
	int64_t edge = add_request(w.nora, def, w.oya, w.ingrid, NOW - 120 * DAY, NULL, false);
	save_now(a, w.nora, edge, true, w.nora, SINCE);
	int64_t old = add_request(w.nora, def, w.oya, w.ingrid, NOW - 120 * DAY, NULL, false);
	save_now(a, w.nora, old, true, w.nora, SINCE - 1);
	int64_t gone = add_request(w.nora, def, w.oya, w.ingrid, NOW - 2 * DAY, "2026-11-23", false);
	assert_int_equal(store_qrequest_withdraw(conf_conn, w.nora, gone, w.ingrid, NOW - DAY), ST_OK);
	int64_t others = add_request(w.marius, def, w.oya, w.ingrid, NOW - DAY, "2026-11-23", false);

	questionnaire_request *rs;
	size_t n;
	bool more;
	assert_int_equal(store_qrequests_for_citizen(conf_conn, a, w.nora, SINCE, false, 50, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 6);
	assert_false(more);
	/* Open first by due date, the undated last of them; then answered, newest first. */
	assert_int_equal(rs[0].id, busy);
	assert_int_equal(rs[1].id, sent);
	assert_int_equal(rs[2].id, hidden);
	assert_int_equal(rs[3].id, undated);
	assert_int_equal(rs[4].id, recent);
	assert_int_equal(rs[5].id, edge);
	assert_string_equal(rs[0].status, "in_progress");
	assert_string_equal(rs[4].status, "completed");
	assert_false(has_request(rs, n, old));
	assert_false(has_request(rs, n, gone));
	assert_false(has_request(rs, n, others));
	/* A guardian does not see what is hidden from guardians. */
	assert_int_equal(store_qrequests_for_citizen(conf_conn, a, w.nora, SINCE, true, 50, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 5);
	assert_false(has_request(rs, n, hidden));
	/* max and more. */
	assert_int_equal(store_qrequests_for_citizen(conf_conn, a, w.nora, SINCE, false, 2, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 2);
	assert_true(more);
	assert_int_equal(rs[0].id, busy);
	/* The home page's brief list: the open ones alone, in the same order. */
	questionnaire_brief *bs;
	assert_int_equal(store_qrequests_open_brief(conf_conn, a, w.nora, false, 50, &bs, &n), ST_OK);
	assert_int_equal(n, 4);
	assert_int_equal(bs[0].id, busy);
	assert_int_equal(bs[1].id, sent);
	assert_int_equal(bs[2].id, hidden);
	assert_int_equal(bs[3].id, undated);
	assert_string_equal(bs[0].title_nb, "Skjema");
	assert_string_equal(bs[1].due_on, "2026-12-01");
	assert_null(bs[3].due_on);
	assert_int_equal(bs[0].appointment_id, 0);
	assert_int_equal(store_qrequests_open_brief(conf_conn, a, w.nora, true, 50, &bs, &n), ST_OK);
	assert_int_equal(n, 3);
	assert_int_equal(bs[2].id, undated);
	assert_int_equal(store_qrequests_open_brief(conf_conn, a, w.nora, false, 2, &bs, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(bs[1].id, sent);
	assert_int_equal(store_qrequests_open_brief(conf_conn, a, w.marius, false, 50, &bs, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(bs[0].id, others);
	assert_int_equal(store_qrequests_open_brief(conf_conn, a, w.silje, false, 50, &bs, &n), ST_OK);
	assert_int_equal(n, 0);
	/* One at a time, by the same rules. */
	questionnaire_request r;
	assert_int_equal(store_qrequest_for_citizen(conf_conn, a, w.nora, sent, SINCE, false, &r), ST_OK);
	assert_string_equal(r.status, "sent");
	assert_int_equal(store_qrequest_for_citizen(conf_conn, a, w.nora, busy, SINCE, true, &r), ST_OK);
	assert_int_equal(store_qrequest_for_citizen(conf_conn, a, w.nora, edge, SINCE, false, &r), ST_OK);
	assert_int_equal(r.submitted_at, SINCE);
	assert_int_equal(store_qrequest_for_citizen(conf_conn, a, w.nora, old, SINCE, false, &r), ST_NOT_FOUND);
	assert_int_equal(store_qrequest_for_citizen(conf_conn, a, w.nora, gone, SINCE, false, &r), ST_NOT_FOUND);
	assert_int_equal(store_qrequest_for_citizen(conf_conn, a, w.nora, hidden, SINCE, false, &r), ST_OK);
	assert_true(r.hidden_from_guardians);
	assert_int_equal(store_qrequest_for_citizen(conf_conn, a, w.nora, hidden, SINCE, true, &r), ST_NOT_FOUND);
	/* Never another patient's. */
	assert_int_equal(store_qrequest_for_citizen(conf_conn, a, w.nora, others, SINCE, false, &r), ST_NOT_FOUND);
	assert_int_equal(store_qrequest_for_citizen(conf_conn, a, w.marius, sent, SINCE, false, &r), ST_NOT_FOUND);
	assert_int_equal(store_qrequests_for_citizen(conf_conn, a, w.marius, SINCE, false, 50, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rs[0].id, others);
	assert_int_equal(store_qrequests_for_citizen(conf_conn, a, w.silje, SINCE, false, 50, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 0);
	arena_free(a);
}

static void saving_needs_the_current_revision(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	int64_t def = add_def("https://example.test/Q/a", "1", "active", "Skjema", "{}");
	int64_t id = add_request(w.nora, def, w.oya, w.ingrid, NOW - DAY, NULL, false);
	/* A draft. */
	assert_int_equal(store_qrequest_save(conf_conn, w.nora, id, 0, "{\"draft\":1}", false, w.nora, NOW - 600),
	                 ST_OK);
	questionnaire_request r = get(a, w.nora, id);
	assert_int_equal(r.revision, 1);
	assert_string_equal(r.status, "in_progress");
	assert_string_equal(r.response, "{\"draft\":1}");
	assert_int_equal(r.saved_at, NOW - 600);
	assert_int_equal(r.saved_by, w.nora);
	assert_int_equal(r.submitted_at, 0);
	assert_int_equal(r.submitted_by, 0);
	assert_null(r.submitted_by_name);
	/* From the old revision, or for another patient: nothing changes. */
	assert_int_equal(store_qrequest_save(conf_conn, w.nora, id, 0, "{\"other\":1}", true, w.marius, NOW - 300),
	                 ST_NOT_FOUND);
	assert_int_equal(store_qrequest_save(conf_conn, w.nora, id, 2, "{\"other\":1}", false, w.marius, NOW - 300),
	                 ST_NOT_FOUND);
	assert_int_equal(store_qrequest_save(conf_conn, w.marius, id, 1, "{\"other\":1}", false, w.marius, NOW - 300),
	                 ST_NOT_FOUND);
	r = get(a, w.nora, id);
	assert_int_equal(r.revision, 1);
	assert_string_equal(r.status, "in_progress");
	assert_string_equal(r.response, "{\"draft\":1}");
	assert_int_equal(r.saved_at, NOW - 600);
	assert_int_equal(r.saved_by, w.nora);
	/* Submitted by her parent. */
	assert_int_equal(store_qrequest_save(conf_conn, w.nora, id, 1, "{\"final\":1}", true, w.marius, NOW), ST_OK);
	r = get(a, w.nora, id);
	assert_int_equal(r.revision, 2);
	assert_string_equal(r.status, "completed");
	assert_string_equal(r.response, "{\"final\":1}");
	assert_int_equal(r.saved_at, NOW);
	assert_int_equal(r.saved_by, w.marius);
	assert_int_equal(r.submitted_at, NOW);
	assert_int_equal(r.submitted_by, w.marius);
	assert_string_equal(r.submitted_by_name, "Marius Berg");
	/* Final: not even at its revision. */
	assert_int_equal(store_qrequest_save(conf_conn, w.nora, id, 2, "{\"late\":1}", false, w.nora, NOW + 60),
	                 ST_NOT_FOUND);
	assert_int_equal(store_qrequest_save(conf_conn, w.nora, id, 2, "{\"late\":1}", true, w.nora, NOW + 60),
	                 ST_NOT_FOUND);
	r = get(a, w.nora, id);
	assert_int_equal(r.revision, 2);
	assert_string_equal(r.response, "{\"final\":1}");
	assert_int_equal(r.submitted_by, w.marius);
	/* Withdrawn: neither. */
	int64_t gone = add_request(w.nora, def, w.oya, w.ingrid, NOW - DAY, NULL, false);
	assert_int_equal(store_qrequest_withdraw(conf_conn, w.nora, gone, w.ingrid, NOW), ST_OK);
	r = get(a, w.nora, gone);
	assert_int_equal(store_qrequest_save(conf_conn, w.nora, gone, r.revision, "{\"x\":1}", false, w.nora, NOW),
	                 ST_NOT_FOUND);
	assert_int_equal(store_qrequest_save(conf_conn, w.nora, gone, 0, "{\"x\":1}", false, w.nora, NOW),
	                 ST_NOT_FOUND);
	r = get(a, w.nora, gone);
	assert_string_equal(r.status, "withdrawn");
	assert_null(r.response);
	arena_free(a);
}

static void answers_are_marked_read_once(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	int64_t def = add_def("https://example.test/Q/a", "1", "active", "Skjema", "{}");
	int64_t id = add_request(w.marius, def, w.oya, w.ingrid, NOW - DAY, NULL, false);
	/* Not while open. */
	assert_int_equal(store_qrequest_mark_read(conf_conn, w.marius, id, w.ingrid, NOW - 100), ST_OK);
	questionnaire_request r = get(a, w.marius, id);
	assert_int_equal(r.read_at, 0);
	assert_null(r.read_by_name);
	save_now(a, w.marius, id, true, w.marius, NOW - 50);
	/* Not through another patient. */
	assert_int_equal(store_qrequest_mark_read(conf_conn, w.silje, id, w.ingrid, NOW - 10), ST_OK);
	assert_int_equal(get(a, w.marius, id).read_at, 0);
	assert_int_equal(store_qrequest_mark_read(conf_conn, w.marius, id, w.ingrid, NOW), ST_OK);
	r = get(a, w.marius, id);
	assert_int_equal(r.read_at, NOW);
	assert_string_equal(r.read_by_name, "Ingrid Berg");
	/* The second reader leaves the first one's mark. */
	assert_int_equal(store_qrequest_mark_read(conf_conn, w.marius, id, w.eirik, NOW + 100), ST_OK);
	r = get(a, w.marius, id);
	assert_int_equal(r.read_at, NOW);
	assert_string_equal(r.read_by_name, "Ingrid Berg");
	assert_string_equal(r.status, "completed");
	arena_free(a);
}

static void only_open_requests_are_withdrawn(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	int64_t def = add_def("https://example.test/Q/a", "1", "active", "Skjema", "{}");
	int64_t sent = add_request(w.marius, def, w.oya, w.ingrid, NOW - DAY, NULL, false);
	int64_t busy = add_request(w.marius, def, w.oya, w.ingrid, NOW - DAY, NULL, false);
	save_now(a, w.marius, busy, false, w.marius, NOW - 100);
	int64_t done = add_request(w.marius, def, w.oya, w.ingrid, NOW - DAY, NULL, false);
	save_now(a, w.marius, done, true, w.marius, NOW - 100);
	/* Not another patient's. */
	assert_int_equal(store_qrequest_withdraw(conf_conn, w.silje, sent, w.ingrid, NOW), ST_NOT_FOUND);
	assert_string_equal(get(a, w.marius, sent).status, "sent");
	assert_int_equal(store_qrequest_withdraw(conf_conn, w.marius, sent, w.ingrid, NOW), ST_OK);
	questionnaire_request r = get(a, w.marius, sent);
	assert_string_equal(r.status, "withdrawn");
	assert_int_equal(r.withdrawn_at, NOW);
	assert_int_equal(r.revision, 1); /* a page still showing it can no longer save */
	assert_int_equal(store_qrequest_withdraw(conf_conn, w.marius, sent, w.ingrid, NOW + 1), ST_NOT_FOUND);
	assert_int_equal(get(a, w.marius, sent).withdrawn_at, NOW);
	assert_int_equal(store_qrequest_withdraw(conf_conn, w.marius, busy, w.ingrid, NOW), ST_OK);
	assert_string_equal(get(a, w.marius, busy).status, "withdrawn");
	assert_int_equal(store_qrequest_withdraw(conf_conn, w.marius, done, w.ingrid, NOW), ST_NOT_FOUND);
	r = get(a, w.marius, done);
	assert_string_equal(r.status, "completed");
	assert_int_equal(r.withdrawn_at, 0);
	assert_int_equal(store_qrequest_withdraw(conf_conn, w.marius, done + 1000, w.ingrid, NOW), ST_NOT_FOUND);
	arena_free(a);
}

/* Bytes of a PDF with a NUL and a high byte in them. */
static const uint8_t QPDF[] = "%PDF-1.4\n\x00\xff%%EOF\n";

/* QPDF stored under name at NOW. */
static stored_file qpdf_named(const char *name)
{
	return (stored_file){
	    .content_type = "application/pdf", .name = name, .size = sizeof QPDF - 1, .created_at = NOW};
}

static status put_file(int64_t patient, int64_t request, const char *link_id, const char *name, int64_t *id)
{
	questionnaire_attachment t = {.request_id = request,
	                              .patient_id = patient,
	                              .link_id = link_id,
	                              .added_by = patient,
	                              .file = qpdf_named(name)};
	return store_qattachment_add(conf_conn, &t, QPDF, sizeof QPDF - 1, id);
}

static void an_items_files_are_the_requests_own_and_removed_one_or_all_while_open(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	int64_t def = add_def("https://example.test/Q/att", "1", "active", "Skjema", "{}");
	int64_t mine = add_request(w.marius, def, w.oya, w.ingrid, NOW - DAY, NULL, false);
	int64_t hers = add_request(w.silje, def, w.oya, w.ingrid, NOW - DAY, NULL, false);
	int64_t f, g, f2, f3;
	assert_int_equal(put_file(w.marius, mine, "scan", "first.pdf", &f), ST_OK);
	assert_int_equal(put_file(w.silje, hers, "scan", "hers.pdf", &g), ST_OK);
	/* Not on another patient's request. */
	assert_int_equal(put_file(w.silje, mine, "scan", "x.pdf", NULL), ST_NOT_FOUND);
	/* Several files for one item (migration 32): the domain replaces an item's that does not repeat. */
	assert_int_equal(put_file(w.marius, mine, "scan", "second.pdf", &f2), ST_OK);
	assert_int_equal(put_file(w.marius, mine, "scan", "third.pdf", &f3), ST_OK);
	questionnaire_attachment *list;
	size_t n;
	assert_int_equal(store_qattachments_of_request(conf_conn, a, w.marius, mine, 10, &list, &n), ST_OK);
	assert_int_equal(n, 3);
	assert_int_equal(list[1].id, f2);
	stored_file second = qpdf_named("second.pdf");
	fx_assert_file(&list[1].file, &second);
	assert_string_equal(list[1].link_id, "scan");
	assert_int_equal(list[1].added_by, w.marius);
	assert_int_equal(store_qattachments_of_request(conf_conn, a, w.silje, mine, 10, &list, &n), ST_OK);
	assert_int_equal(n, 0);
	questionnaire_attachment got;
	const uint8_t *data;
	size_t len;
	assert_int_equal(store_qattachment_get(conf_conn, a, w.marius, mine, f2, &got, &data, &len), ST_OK);
	fx_assert_file(&got.file, &second);
	assert_int_equal(len, sizeof QPDF - 1);
	assert_memory_equal(data, QPDF, len);
	/* One file removed by its id; not under another item, request or patient. */
	assert_int_equal(store_qattachment_delete(conf_conn, w.marius, mine, "other", f), ST_NOT_FOUND);
	assert_int_equal(store_qattachment_delete(conf_conn, w.marius, mine, "scan", g), ST_NOT_FOUND);
	assert_int_equal(store_qattachment_delete(conf_conn, w.marius, mine, "scan", f), ST_OK);
	assert_int_equal(store_qattachment_get(conf_conn, a, w.marius, mine, f, &got, &data, &len), ST_NOT_FOUND);
	/* Another request's file under one's own request, or another patient's. */
	assert_int_equal(store_qattachment_get(conf_conn, a, w.marius, mine, g, &got, &data, &len), ST_NOT_FOUND);
	assert_int_equal(store_qattachment_get(conf_conn, a, w.marius, hers, g, &got, &data, &len), ST_NOT_FOUND);
	assert_int_equal(store_qattachment_delete(conf_conn, w.silje, mine, "scan", 0), ST_NOT_FOUND);
	/* Once submitted nothing changes. */
	save_now(a, w.silje, hers, true, w.silje, NOW - 100);
	assert_int_equal(put_file(w.silje, hers, "scan", "late.pdf", NULL), ST_NOT_FOUND);
	assert_int_equal(store_qattachment_delete(conf_conn, w.silje, hers, "scan", 0), ST_NOT_FOUND);
	assert_int_equal(store_qattachment_delete(conf_conn, w.silje, hers, "scan", g), ST_NOT_FOUND);
	assert_int_equal(store_qattachment_get(conf_conn, a, w.silje, hers, g, &got, &data, &len), ST_OK);
	/* Every file of the item at once. */
	assert_int_equal(store_qattachment_delete(conf_conn, w.marius, mine, "scan", 0), ST_OK);
	assert_int_equal(store_qattachments_of_request(conf_conn, a, w.marius, mine, 10, &list, &n), ST_OK);
	assert_int_equal(n, 0);
	arena_free(a);
}

/* Files the domain counts: a request's, in all. */
static size_t files_of(arena *a, int64_t patient, int64_t request)
{
	questionnaire_attachment *list;
	size_t n;
	assert_int_equal(store_qattachments_of_request(conf_conn, a, patient, request, 50, &list, &n), ST_OK);
	return n;
}

/* The page's files change with its answers, in one transaction: a save that
 * is refused or conflicts leaves the files as they were; the questionnaire
 * holds at most QF_FILES_MAX files and QF_FILES_BYTES_MAX bytes. */
static void files_change_with_the_answers_or_not_at_all(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	static const char form[] =
	    "{\"resourceType\":\"Questionnaire\",\"url\":\"https://example.test/Q/files\",\"version\":\"1\","
	    "\"title\":\"Vedlegg\",\"status\":\"active\",\"item\":["
	    "{\"linkId\":\"a\",\"type\":\"attachment\",\"text\":\"A\",\"repeats\":true},"
	    "{\"linkId\":\"b\",\"type\":\"attachment\",\"text\":\"B\",\"repeats\":true},"
	    "{\"linkId\":\"c\",\"type\":\"attachment\",\"text\":\"C\"},"
	    "{\"linkId\":\"note\",\"type\":\"string\",\"text\":\"N\",\"maxLength\":5}]}";
	int64_t def, id;
	bool created;
	const char *error = NULL;
	assert_int_equal(questionnaires_import(conf_conn, form, sizeof form - 1, NOW - DAY, &def, &created, &error, a),
	                 ST_OK);
	id = send_from_ingrid(a, &w, def, w.marius, false);
	ctx marius = fx_citizen(a, NOW, w.marius, w.marius);
	problems pr;
	qf_answer ans[4] = {{0}};
	upload_file pdf = {"a.pdf", QPDF, sizeof QPDF - 1};
	qf_file_change add_a = {.link_id = "a", .file = &pdf}, add_b = {.link_id = "b", .file = &pdf},
	               add_c = {.link_id = "c", .file = &pdf};
	int64_t rev = 0;
	/* Five on a, five on b: the questionnaire's ten. */
	for (int i = 0; i < 10; i++, rev++)
		assert_int_equal(questionnaires_answer_files(&marius, id, rev, NULL, ans, 4, false, i < 5 ? &add_a : &add_b,
		                                             1, &pr),
		                 ST_OK);
	assert_int_equal(files_of(a, w.marius, id), 10);
	/* An eleventh is refused on its item, and nothing is stored. */
	assert_int_equal(questionnaires_answer_files(&marius, id, rev, NULL, ans, 4, false, &add_c, 1, &pr), ST_INVALID);
	assert_string_equal(pr.items[0].field, "a2");
	assert_string_equal(pr.items[0].key, "questionnaires.error.files_total");
	assert_int_equal(pr.items[0].max, QF_FILES_MAX);
	/* Removing one of b's makes room for c's. */
	questionnaire_attachment *list;
	size_t n;
	assert_int_equal(store_qattachments_of_request(conf_conn, a, w.marius, id, 50, &list, &n), ST_OK);
	qf_file_change swap[] = {{.link_id = "b", .remove_id = list[9].id}, add_c};
	/* From a page shown before the last save: a conflict, nothing removed or added. */
	assert_int_equal(questionnaires_answer_files(&marius, id, rev - 1, NULL, ans, 4, false, swap, 2, &pr), ST_CONFLICT);
	assert_int_equal(files_of(a, w.marius, id), 10);
	/* With answers that are refused (a note too long): the same. */
	ans[3] = one(a, "for lang");
	assert_int_equal(questionnaires_answer_files(&marius, id, rev, NULL, ans, 4, false, swap, 2, &pr), ST_INVALID);
	assert_string_equal(pr.items[0].field, "a3");
	assert_int_equal(files_of(a, w.marius, id), 10);
	assert_int_equal(store_qattachment_get(conf_conn, a, w.marius, id, list[9].id, &list[0], &(const uint8_t *){0},
	                                       &(size_t){0}),
	                 ST_OK);
	ans[3] = (qf_answer){0};
	assert_int_equal(questionnaires_answer_files(&marius, id, rev++, NULL, ans, 4, false, swap, 2, &pr), ST_OK);
	assert_int_equal(files_of(a, w.marius, id), 10);
	/* c does not repeat: a new file replaces its one. */
	assert_int_equal(questionnaires_answer_files(&marius, id, rev++, NULL, ans, 4, false, &add_c, 1, &pr), ST_OK);
	assert_int_equal(files_of(a, w.marius, id), 10);
	/* Removing a's files one by one, then filling them with 4 MB each: 20 MB in all, and one byte more is refused. */
	qf_file_change clear[] = {{.link_id = "a"}, {.link_id = "b"}};
	assert_int_equal(questionnaires_answer_files(&marius, id, rev++, NULL, ans, 4, false, clear, 2, &pr), ST_OK);
	assert_int_equal(files_of(a, w.marius, id), 1);
	uint8_t *big = arena_alloc(a, UPLOAD_FILE_MAX);
	memset(big, 'x', UPLOAD_FILE_MAX);
	memcpy(big, QPDF, sizeof QPDF - 1);
	upload_file four_mb = {"stor.pdf", big, UPLOAD_FILE_MAX};
	qf_file_change add_big = {.link_id = "a", .file = &four_mb}, big_c = {.link_id = "c", .file = &four_mb};
	assert_int_equal(questionnaires_answer_files(&marius, id, rev++, NULL, ans, 4, false, &big_c, 1, &pr), ST_OK);
	for (int i = 0; i < 4; i++)
		assert_int_equal(questionnaires_answer_files(&marius, id, rev++, NULL, ans, 4, false, &add_big, 1, &pr),
		                 ST_OK);
	assert_int_equal(questionnaires_answer_files(&marius, id, rev, NULL, ans, 4, false, &add_b, 1, &pr), ST_INVALID);
	assert_string_equal(pr.items[0].field, "a1");
	assert_string_equal(pr.items[0].key, "upload.error.files_too_large");
	assert_int_equal(pr.items[0].max, QF_FILES_BYTES_MAX / (1024 * 1024));
	assert_int_equal(files_of(a, w.marius, id), 5);
	/* A linkId that is not an attachment item of the form. */
	qf_file_change stray = {.link_id = "note", .file = &pdf};
	assert_int_equal(questionnaires_answer_files(&marius, id, rev, NULL, ans, 4, false, &stray, 1, &pr), ST_NOT_FOUND);
	arena_free(a);
}

static void the_unread_queue_holds_ones_units_and_ones_own(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	int64_t def = add_def("https://example.test/Q/a", "1", "active", "Skjema", "{}");
	/* Answered, from ingrid's unit. */
	int64_t mine = add_request(w.marius, def, w.oya, w.ingrid, NOW - 9 * DAY, NULL, false);
	save_now(a, w.marius, mine, true, w.marius, NOW - 3 * DAY);
	/* Answered, from the hospital, sent by eirik. */
	int64_t theirs = add_request(w.silje, def, w.hospital, w.eirik, NOW - 9 * DAY, NULL, false);
	save_now(a, w.silje, theirs, true, w.silje, NOW - 4 * DAY);
	/* Answered, from the hospital but sent by ingrid. */
	int64_t sent_by_her = add_request(w.nora, def, w.hospital, w.ingrid, NOW - 9 * DAY, NULL, false);
	save_now(a, w.nora, sent_by_her, true, w.nora, NOW - 2 * DAY);
	/* Not answered yet; answered and read; withdrawn. */
	int64_t open = add_request(w.marius, def, w.oya, w.ingrid, NOW - DAY, NULL, false);
	save_now(a, w.marius, open, false, w.marius, NOW - 100);
	int64_t read = add_request(w.silje, def, w.oya, w.ingrid, NOW - 9 * DAY, NULL, false);
	save_now(a, w.silje, read, true, w.silje, NOW - 5 * DAY);
	assert_int_equal(store_qrequest_mark_read(conf_conn, w.silje, read, w.ingrid, NOW - DAY), ST_OK);
	int64_t gone = add_request(w.silje, def, w.oya, w.ingrid, NOW - 9 * DAY, NULL, false);
	assert_int_equal(store_qrequest_withdraw(conf_conn, w.silje, gone, w.ingrid, NOW - DAY), ST_OK);

	questionnaire_queue_item *items;
	size_t n;
	bool more;
	assert_int_equal(store_qrequests_unread(conf_conn, a, w.ingrid, 50, &items, &n, &more), ST_OK);
	assert_int_equal(n, 2);
	assert_false(more);
	assert_int_equal(items[0].r.id, mine); /* oldest answer first */
	assert_int_equal(items[1].r.id, sent_by_her);
	assert_string_equal(items[0].patient_name, "Marius Berg");
	assert_string_equal(items[0].patient_nin, "12848649994");
	assert_string_equal(items[0].r.status, "completed");
	assert_string_equal(items[1].patient_name, "Nora Berg");
	assert_false(queue_has(items, n, theirs));
	assert_false(queue_has(items, n, open));
	assert_false(queue_has(items, n, read));
	assert_false(queue_has(items, n, gone));
	/* The hospital's clinician: the hospital's, whoever sent them. */
	assert_int_equal(store_qrequests_unread(conf_conn, a, w.eirik, 50, &items, &n, &more), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].r.id, theirs);
	assert_int_equal(items[1].r.id, sent_by_her);
	assert_false(queue_has(items, n, mine));
	/* The front desk is no clinician of its unit. */
	assert_int_equal(store_qrequests_unread(conf_conn, a, w.marte, 50, &items, &n, &more), ST_OK);
	assert_int_equal(n, 0);
	/* max and more. */
	assert_int_equal(store_qrequests_unread(conf_conn, a, w.ingrid, 1, &items, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_true(more);
	assert_int_equal(items[0].r.id, mine);
	/* Once read, gone from everyone's queue. */
	assert_int_equal(store_qrequest_mark_read(conf_conn, w.nora, sent_by_her, w.eirik, NOW), ST_OK);
	assert_int_equal(store_qrequests_unread(conf_conn, a, w.ingrid, 50, &items, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].r.id, mine);
	arena_free(a);
}

/* ---- domain ----------------------------------------------------------------------- */

static void importing_the_demo_questionnaires(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	const struct asset *as = asset_find(VACCINATION);
	assert_non_null(as);
	int64_t id, again;
	bool created = false;
	const char *error = NULL;
	assert_int_equal(questionnaires_import(conf_conn, as->data, as->len, NOW, &id, &created, &error, a), ST_OK);
	assert_true(created);
	questionnaire_def d;
	assert_int_equal(store_questionnaire_by_id(conf_conn, a, id, &d), ST_OK);
	assert_string_equal(d.url, "https://helsami.example/Questionnaire/for-vaksinasjon");
	assert_string_equal(d.version, "1");
	assert_string_equal(d.title_nb, "Før vaksinasjon");
	assert_string_equal(d.title_en, "Before vaccination");
	assert_string_equal(d.status, "active");
	/* Stored as compact JSON: the same resource, without the indentation. */
	json_t *given = json_loadb(as->data, as->len, 0, NULL), *stored = json_loads(d.resource, 0, NULL);
	assert_true(json_equal(given, stored));
	json_decref(given);
	json_decref(stored);
	assert_null(strstr(d.resource, "\n "));
	assert_int_equal(d.imported_at, NOW);
	/* Importing it again changes nothing. */
	created = true;
	assert_int_equal(questionnaires_import(conf_conn, as->data, as->len, NOW + 60, &again, &created, &error, a),
	                 ST_OK);
	assert_false(created);
	assert_int_equal(again, id);
	/* Other content under the same version is refused, with a reason. */
	const char *title = strstr(as->data, "\"Før vaksinasjon\"");
	assert_non_null(title);
	char *edited = arena_strdup(a, as->data);
	memcpy(edited + (title - as->data), "\"Før vaksinasjoN\"", strlen("\"Før vaksinasjoN\""));
	error = NULL;
	assert_int_equal(questionnaires_import(conf_conn, edited, strlen(edited), NOW, &again, &created, &error, a),
	                 ST_CONFLICT);
	assert_false(created);
	assert_non_null(error);
	assert_non_null(strstr(error, "for-vaksinasjon"));
	assert_int_equal(store_questionnaire_by_id(conf_conn, a, id, &d), ST_OK);
	assert_string_equal(d.title_nb, "Før vaksinasjon");
	/* Not a Questionnaire at all. */
	static const char bad[] = "{\"resourceType\":\"Patient\"}";
	error = NULL;
	assert_int_equal(questionnaires_import(conf_conn, bad, strlen(bad), NOW, &again, &created, &error, a),
	                 ST_INVALID);
	assert_non_null(error);
	static const char not_json[] = "{\"resourceType\":";
	assert_int_equal(questionnaires_import(conf_conn, not_json, strlen(not_json), NOW, &again, &created, &error, a),
	                 ST_INVALID);
	/* Every demo questionnaire imports, and is offered. */
	import_demo(a, "questionnaire-for-timen.json");
	import_demo(a, "questionnaire-sovn.json");
	import_demo(a, "questionnaire-ungdom.json");
	questionnaire_def *ds;
	size_t n;
	assert_int_equal(store_questionnaires_active(conf_conn, a, &ds, &n), ST_OK);
	assert_int_equal(n, 4);
	arena_free(a);
}

/* No text of the event may carry what the questionnaire is about. */
static void assert_no_health_data(const outbox_event *e)
{
	assert_string_equal(e->kind, "questionnaire");
	assert_null(strstr(e->kind, "vaksin"));
	assert_null(strstr(e->kind, "Før"));
}

static void sending_notifies_and_is_logged(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	int64_t def = import_demo(a, VACCINATION);
	ctx ingrid = fx_staff_ctx(a, NOW, w.ingrid_person, w.ingrid, ROLE_CLINICIAN);
	questionnaire_send in = {.questionnaire_id = def, .due_on = "2026-12-01"};
	problems pr;
	int64_t id = 0;
	assert_int_equal(questionnaires_send(&ingrid, w.nora, &in, &pr, &id), ST_OK);
	assert_int_equal(pr.n, 0);
	questionnaire_request r = get(a, w.nora, id);
	assert_string_equal(r.status, "sent");
	assert_int_equal(r.unit_id, w.oya);
	assert_int_equal(r.sent_by, w.ingrid);
	assert_int_equal(r.sent_at, NOW);
	assert_string_equal(r.due_on, "2026-12-01");
	assert_false(r.hidden_from_guardians);
	/* One event, holding the id only. */
	outbox_event *ev;
	size_t n;
	assert_int_equal(store_outbox_for_person(conf_conn, a, w.nora, 10, &ev, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].person_id, w.nora);
	assert_int_equal(ev[0].payload_ref, id);
	assert_int_equal(ev[0].created_at, NOW);
	assert_int_equal(ev[0].delivered_at, 0);
	assert_no_health_data(&ev[0]);
	/* The access log names the clinician. */
	assert_int_equal(fx_log_entries(w.nora), 1);
	audit_entry e = last_entry(a, w.nora);
	assert_string_equal(e.actor_kind, "staff");
	assert_int_equal(e.actor_staff_id, w.ingrid);
	assert_int_equal(e.actor_person_id, w.ingrid_person);
	assert_int_equal(e.actor_unit_id, w.oya);
	assert_string_equal(e.actor_role, "clinician");
	assert_string_equal(e.action, "create");
	assert_string_equal(e.what, "questionnaires");
	assert_string_equal(e.what_id, arena_printf(a, "%lld", (long long)id));
	assert_string_equal(e.purpose, "care");
	/* Due today is fine, and so is no due date. */
	in.due_on = "2026-11-22";
	assert_int_equal(questionnaires_send(&ingrid, w.nora, &in, &pr, &id), ST_OK);
	in.due_on = NULL;
	in.hidden_from_guardians = true;
	assert_int_equal(questionnaires_send(&ingrid, w.nora, &in, &pr, &id), ST_OK);
	r = get(a, w.nora, id);
	assert_null(r.due_on);
	assert_true(r.hidden_from_guardians);
	assert_int_equal(outbox_count(a, w.nora), 3);
	assert_int_equal(fx_log_entries(w.nora), 3);

	/* Refused with problems, and nothing written. */
	in = (questionnaire_send){.questionnaire_id = def + 1000, .due_on = "2026-11-21"};
	assert_int_equal(questionnaires_send(&ingrid, w.nora, &in, &pr, &id), ST_INVALID);
	assert_int_equal(pr.n, 2);
	assert_string_equal(pr.items[0].field, "questionnaire");
	assert_string_equal(pr.items[0].key, "questionnaires.error.unknown");
	assert_string_equal(pr.items[1].field, "due_on");
	assert_string_equal(pr.items[1].key, "questionnaires.error.due_past");
	in = (questionnaire_send){.questionnaire_id = 0};
	assert_int_equal(questionnaires_send(&ingrid, w.nora, &in, &pr, &id), ST_INVALID);
	assert_int_equal(pr.n, 1);
	assert_string_equal(pr.items[0].key, "questionnaires.error.unknown");
	int64_t draft = add_def("https://example.test/Q/draft", "1", "draft", "Utkast", "{}");
	int64_t retired = add_def("https://example.test/Q/retired", "1", "retired", "Gammel", "{}");
	in = (questionnaire_send){.questionnaire_id = draft};
	assert_int_equal(questionnaires_send(&ingrid, w.nora, &in, &pr, &id), ST_INVALID);
	assert_int_equal(pr.n, 1);
	assert_string_equal(pr.items[0].key, "questionnaires.error.unknown");
	in = (questionnaire_send){.questionnaire_id = retired};
	assert_int_equal(questionnaires_send(&ingrid, w.nora, &in, &pr, &id), ST_INVALID);
	assert_string_equal(pr.items[0].key, "questionnaires.error.unknown");
	in = (questionnaire_send){.questionnaire_id = def, .due_on = "2026-11-21"};
	assert_int_equal(questionnaires_send(&ingrid, w.nora, &in, &pr, &id), ST_INVALID);
	assert_int_equal(pr.n, 1);
	assert_string_equal(pr.items[0].field, "due_on");
	assert_string_equal(pr.items[0].key, "questionnaires.error.due_past");
	in.due_on = "2026-02-30";
	assert_int_equal(questionnaires_send(&ingrid, w.nora, &in, &pr, &id), ST_INVALID);
	assert_string_equal(pr.items[0].key, "form.error.date_invalid");
	assert_int_equal(outbox_count(a, w.nora), 3);
	assert_int_equal(fx_log_entries(w.nora), 3);
	questionnaire_request *rs;
	bool more;
	assert_int_equal(store_qrequests_all(conf_conn, a, w.nora, 50, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 3);

	/* Only a clinician sends; one of another unit does not find the patient. */
	in = (questionnaire_send){.questionnaire_id = def};
	ctx marte = fx_staff_ctx(a, NOW, w.marte_person, w.marte, ROLE_OFFICE);
	assert_int_equal(questionnaires_send(&marte, w.nora, &in, &pr, &id), ST_DENIED);
	ctx nora = fx_citizen(a, NOW, w.nora, w.nora);
	assert_int_equal(questionnaires_send(&nora, w.nora, &in, &pr, &id), ST_DENIED);
	ctx eirik = fx_staff_ctx(a, NOW, w.eirik_person, w.eirik, ROLE_CLINICIAN);
	assert_int_equal(questionnaires_send(&eirik, w.nora, &in, &pr, &id), ST_NOT_FOUND);
	/* Under emergency access there is no unit to send from. */
	assert_int_equal(chart_emergency(&eirik, w.nora, "Bevisstløs pasient i mottak"), ST_OK);
	assert_int_equal(questionnaires_send(&eirik, w.nora, &in, &pr, &id), ST_DENIED);
	assert_int_equal(outbox_count(a, w.nora), 3);
	assert_int_equal(fx_log_entries(w.nora), 4); /* the emergency declaration only */
	assert_int_equal(store_qrequests_all(conf_conn, a, w.nora, 50, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 3);
	arena_free(a);
}

static void a_draft_then_a_final_answer(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	int64_t def = import_demo(a, VACCINATION);
	int64_t id = send_from_ingrid(a, &w, def, w.marius, false);
	int64_t logged = fx_log_entries(w.marius);
	ctx marius = fx_citizen(a, NOW, w.marius, w.marius);
	questionnaire_request *rs;
	size_t n;
	bool more;
	assert_int_equal(questionnaires_list(&marius, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rs[0].id, id);
	assert_string_equal(rs[0].title_nb, "Før vaksinasjon");
	questionnaire_view v;
	assert_int_equal(questionnaires_get(&marius, id, &v), ST_OK);
	assert_true(v.answerable);
	assert_int_equal(v.r.revision, 0);
	assert_int_equal(v.form.n, 4);
	assert_string_equal(v.form.items[0].link_id, "fever");
	assert_string_equal(v.form.items[1].link_id, "reaction");
	assert_string_equal(v.form.items[2].link_id, "reaction-what");
	assert_string_equal(v.form.items[3].link_id, "allergies");
	for (size_t i = 0; i < v.form.n; i++)
		assert_int_equal(v.answers[i].n, 0);

	/* A draft may leave required questions out. */
	problems pr;
	qf_answer *ans = vaccination_answers(a, "false", NULL, NULL, NULL);
	assert_int_equal(questionnaires_answer(&marius, id, 0, NULL, ans, 4, false, &pr), ST_OK);
	assert_int_equal(pr.n, 0);
	assert_int_equal(questionnaires_get(&marius, id, &v), ST_OK);
	assert_int_equal(v.r.revision, 1);
	assert_string_equal(v.r.status, "in_progress");
	assert_true(v.answerable);
	assert_int_equal(v.answers[0].n, 1);
	assert_string_equal(v.answers[0].values[0], "false");
	assert_int_equal(v.answers[1].n, 0);
	assert_int_equal(v.r.saved_by, w.marius);
	assert_int_equal(v.r.submitted_at, 0);

	/* Submitting needs them: a problem on that item, nothing saved. */
	ans = vaccination_answers(a, "false", NULL, NULL, "true");
	assert_int_equal(questionnaires_answer(&marius, id, 1, NULL, ans, 4, true, &pr), ST_INVALID);
	assert_int_equal(pr.n, 1);
	assert_string_equal(pr.items[0].field, "a1");
	assert_string_equal(pr.items[0].key, "form.error.required");
	/* A value the item does not take. */
	ans = vaccination_answers(a, "kanskje", "true", NULL, NULL);
	assert_int_equal(questionnaires_answer(&marius, id, 1, NULL, ans, 4, false, &pr), ST_INVALID);
	assert_int_equal(pr.n, 1);
	assert_string_equal(pr.items[0].field, "a0");
	assert_string_equal(pr.items[0].key, "form.error.choice");
	/* Answers for another form than this one. */
	ans = vaccination_answers(a, "false", "false", NULL, NULL);
	assert_int_equal(questionnaires_answer(&marius, id, 1, NULL, ans, 3, false, &pr), ST_INVALID);
	assert_int_equal(pr.n, 1);
	assert_string_equal(pr.items[0].field, "revision");
	assert_string_equal(pr.items[0].key, "questionnaires.error.changed");
	assert_int_equal(questionnaires_get(&marius, id, &v), ST_OK);
	assert_int_equal(v.r.revision, 1);
	assert_string_equal(v.r.status, "in_progress");

	/* Someone who started from revision 0 does not overwrite the draft. */
	ans = vaccination_answers(a, "true", "true", "Utslett", "true");
	assert_int_equal(questionnaires_answer(&marius, id, 0, NULL, ans, 4, true, &pr), ST_CONFLICT);
	assert_int_equal(questionnaires_get(&marius, id, &v), ST_OK);
	assert_int_equal(v.r.revision, 1);
	assert_string_equal(v.r.status, "in_progress");
	assert_int_equal(v.answers[0].n, 1);
	assert_string_equal(v.answers[0].values[0], "false");
	assert_int_equal(v.answers[1].n, 0);
	assert_int_equal(v.answers[3].n, 0);

	/* Complete: final. */
	ans = vaccination_answers(a, "false", "true", "Litt feber dagen etter", "false");
	assert_int_equal(questionnaires_answer(&marius, id, 1, NULL, ans, 4, true, &pr), ST_OK);
	assert_int_equal(pr.n, 0);
	assert_int_equal(questionnaires_get(&marius, id, &v), ST_OK);
	assert_string_equal(v.r.status, "completed");
	assert_false(v.answerable);
	assert_int_equal(v.r.revision, 2);
	assert_int_equal(v.r.submitted_at, NOW);
	assert_int_equal(v.r.submitted_by, w.marius);
	assert_string_equal(v.answers[0].values[0], "false");
	assert_string_equal(v.answers[1].values[0], "true");
	assert_string_equal(v.answers[2].values[0], "Litt feber dagen etter");
	assert_string_equal(v.answers[3].values[0], "false");
	assert_non_null(strstr(v.r.response, "\"completed\""));
	/* The response names the questionnaire, never the patient. */
	assert_null(strstr(v.r.response, "12848649994"));
	assert_null(strstr(v.r.response, "Marius"));
	/* After submission, even at its revision. */
	ans = vaccination_answers(a, "true", "false", NULL, "false");
	assert_int_equal(questionnaires_answer(&marius, id, 2, NULL, ans, 4, true, &pr), ST_CONFLICT);
	assert_int_equal(questionnaires_answer(&marius, id, 2, NULL, ans, 4, false, &pr), ST_CONFLICT);
	assert_int_equal(questionnaires_get(&marius, id, &v), ST_OK);
	assert_string_equal(v.answers[0].values[0], "false");
	/* Her own reads and answers are not logged. */
	assert_int_equal(fx_log_entries(w.marius), logged);

	/* Answered ones stay listed for QUESTIONNAIRE_RECENT_DAYS. */
	assert_int_equal(questionnaires_list(&marius, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	ctx later = marius;
	later.now = NOW + (unix_time)QUESTIONNAIRE_RECENT_DAYS * DAY;
	assert_int_equal(questionnaires_get(&later, id, &v), ST_OK);
	later.now += 1;
	assert_int_equal(questionnaires_list(&later, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(questionnaires_get(&later, id, &v), ST_NOT_FOUND);
	/* Unknown ids. */
	assert_int_equal(questionnaires_get(&marius, id + 1000, &v), ST_NOT_FOUND);
	assert_int_equal(questionnaires_get(&marius, 0, &v), ST_NOT_FOUND);
	arena_free(a);
}

static void who_may_answer(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	int64_t def = import_demo(a, VACCINATION);
	int64_t id = send_from_ingrid(a, &w, def, w.nora, false);
	int64_t logged = fx_log_entries(w.nora);
	questionnaire_view v;
	problems pr;
	questionnaire_request *rs;
	size_t n;
	bool more;
	qf_answer *ans = vaccination_answers(a, "false", "false", NULL, "false");

	/* Q3: reading health is not answering for someone, nor seeing questionnaires. */
	ctx reader = representative(a, w.silje, w.nora, "health_read", false);
	assert_int_equal(questionnaires_list(&reader, &rs, &n, &more), ST_DENIED);
	assert_int_equal(questionnaires_get(&reader, id, &v), ST_DENIED);
	assert_int_equal(questionnaires_answer(&reader, id, 0, NULL, ans, 4, true, &pr), ST_DENIED);
	/* Staff never answer for a patient; nor does a citizen without capabilities. */
	ctx ingrid = fx_staff_ctx(a, NOW, w.ingrid_person, w.ingrid, ROLE_CLINICIAN);
	assert_int_equal(questionnaires_answer(&ingrid, id, 0, NULL, ans, 4, true, &pr), ST_DENIED);
	assert_int_equal(questionnaires_get(&ingrid, id, &v), ST_DENIED);
	assert_int_equal(questionnaires_list(&ingrid, &rs, &n, &more), ST_DENIED);
	ctx without = fx_citizen(a, NOW, w.nora, w.nora);
	without.access = 0;
	assert_int_equal(questionnaires_answer(&without, id, 0, NULL, ans, 4, true, &pr), ST_DENIED);
	/* Another citizen through her own record finds nothing. */
	ctx silje = fx_citizen(a, NOW, w.silje, w.silje);
	assert_int_equal(questionnaires_get(&silje, id, &v), ST_NOT_FOUND);
	assert_int_equal(questionnaires_answer(&silje, id, 0, NULL, ans, 4, true, &pr), ST_NOT_FOUND);
	assert_int_equal(fx_log_entries(w.nora), logged);
	questionnaire_request r = get(a, w.nora, id);
	assert_string_equal(r.status, "sent");
	assert_int_equal(r.revision, 0);

	/* A representative for appointments and messages may, and is logged. */
	ctx parent = representative(a, w.marius, w.nora, "appointments_messages", false);
	assert_int_equal(questionnaires_get(&parent, id, &v), ST_OK);
	assert_true(v.answerable);
	assert_int_equal(fx_log_entries(w.nora), logged + 1);
	audit_entry e = last_entry(a, w.nora);
	assert_string_equal(e.actor_kind, "representative");
	assert_int_equal(e.actor_person_id, w.marius);
	assert_int_equal(e.on_behalf_of, w.nora);
	assert_string_equal(e.action, "read");
	assert_string_equal(e.what, "questionnaires");
	assert_string_equal(e.purpose, "representation");
	assert_int_equal(questionnaires_answer(&parent, id, 0, NULL, ans, 4, true, &pr), ST_OK);
	assert_int_equal(fx_log_entries(w.nora), logged + 2);
	e = last_entry(a, w.nora);
	assert_string_equal(e.actor_kind, "representative");
	assert_int_equal(e.actor_person_id, w.marius);
	assert_int_equal(e.on_behalf_of, w.nora);
	assert_string_equal(e.action, "update");
	assert_string_equal(e.what, "questionnaires");
	assert_string_equal(e.what_id, arena_printf(a, "%lld", (long long)id));
	/* The answers say who gave them. */
	r = get(a, w.nora, id);
	assert_string_equal(r.status, "completed");
	assert_int_equal(r.submitted_by, w.marius);
	assert_string_equal(r.submitted_by_name, "Marius Berg");
	/* The list is logged too. */
	assert_int_equal(questionnaires_list(&parent, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(fx_log_entries(w.nora), logged + 3);
	/* Full access includes answering. */
	int64_t second = send_from_ingrid(a, &w, def, w.nora, false);
	ctx full = representative(a, w.silje, w.nora, "full", false);
	assert_int_equal(questionnaires_answer(&full, second, 0, NULL, ans, 4, false, &pr), ST_OK);
	assert_string_equal(get(a, w.nora, second).status, "in_progress");
	arena_free(a);
}

static void guardians_do_not_see_what_is_hidden_from_them(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	int64_t def = import_demo(a, "questionnaire-ungdom.json");
	int64_t hidden = send_from_ingrid(a, &w, def, w.nora, true);
	int64_t shown = send_from_ingrid(a, &w, def, w.nora, false);
	int64_t logged = fx_log_entries(w.nora);
	ctx parent = representative(a, w.marius, w.nora, "appointments_messages", true);
	questionnaire_request *rs;
	size_t n;
	bool more;
	assert_int_equal(questionnaires_list(&parent, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rs[0].id, shown);
	questionnaire_view v;
	assert_int_equal(questionnaires_get(&parent, hidden, &v), ST_NOT_FOUND);
	problems pr;
	qf_answer none[3] = {{0}};
	assert_int_equal(questionnaires_answer(&parent, hidden, 0, NULL, none, 3, false, &pr), ST_NOT_FOUND);
	assert_int_equal(fx_log_entries(w.nora), logged + 1); /* the list only: nothing else was read */
	assert_string_equal(get(a, w.nora, hidden).status, "sent");
	/* Nora herself sees both. */
	ctx nora = fx_citizen(a, NOW, w.nora, w.nora);
	assert_int_equal(questionnaires_list(&nora, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(questionnaires_get(&nora, hidden, &v), ST_OK);
	assert_true(v.r.hidden_from_guardians);
	arena_free(a);
}

static void clinicians_read_withdraw_and_queue(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	int64_t def = import_demo(a, VACCINATION);
	int64_t done = send_from_ingrid(a, &w, def, w.marius, false);
	int64_t open = send_from_ingrid(a, &w, def, w.marius, false);
	int64_t busy = send_from_ingrid(a, &w, def, w.marius, false);
	ctx marius = fx_citizen(a, NOW, w.marius, w.marius);
	problems pr;
	qf_answer *final = vaccination_answers(a, "false", "false", NULL, "true");
	assert_int_equal(questionnaires_answer(&marius, done, 0, NULL, final, 4, true, &pr), ST_OK);
	qf_answer *draft = vaccination_answers(a, "true", NULL, NULL, NULL);
	assert_int_equal(questionnaires_answer(&marius, busy, 0, NULL, draft, 4, false, &pr), ST_OK);
	ctx ingrid = fx_staff_ctx(a, NOW, w.ingrid_person, w.ingrid, ROLE_CLINICIAN);
	ctx eirik = fx_staff_ctx(a, NOW, w.eirik_person, w.eirik, ROLE_CLINICIAN);
	ctx marte = fx_staff_ctx(a, NOW, w.marte_person, w.marte, ROLE_OFFICE);

	/* The chart's list: every one, and what can be sent. */
	questionnaires_staff_view sv;
	assert_int_equal(questionnaires_staff_list(&ingrid, w.marius, &sv), ST_OK);
	assert_int_equal(sv.n, 3);
	assert_int_equal(sv.navailable, 1);
	assert_string_equal(sv.patient.given_name, "Marius");
	assert_int_equal(questionnaires_staff_list(&marte, w.marius, &sv), ST_DENIED);
	assert_int_equal(questionnaires_staff_list(&eirik, w.marius, &sv), ST_NOT_FOUND);

	/* The queue: the sending clinician's, not another unit's; each listed one logged. */
	questionnaire_queue_item *items;
	size_t n;
	bool more;
	int64_t logged = fx_log_entries(w.marius);
	assert_int_equal(questionnaires_queue(&ingrid, &items, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_false(more);
	assert_int_equal(items[0].r.id, done);
	assert_string_equal(items[0].patient_name, "Marius Berg");
	assert_int_equal(fx_log_entries(w.marius), logged + 1);
	assert_int_equal(questionnaires_queue(&eirik, &items, &n, &more), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(questionnaires_queue(&marte, &items, &n, &more), ST_DENIED);
	assert_int_equal(questionnaires_queue(&marius, &items, &n, &more), ST_DENIED);

	/* Reading the answers marks them read, and is logged. */
	logged = fx_log_entries(w.marius);
	questionnaire_view v;
	assert_int_equal(questionnaires_staff_get(&eirik, w.marius, done, &v), ST_NOT_FOUND);
	assert_int_equal(questionnaires_staff_get(&marte, w.marius, done, &v), ST_DENIED);
	assert_int_equal(questionnaires_staff_get(&ingrid, w.silje, done, &v), ST_NOT_FOUND);
	assert_int_equal(fx_log_entries(w.marius), logged);
	assert_int_equal(questionnaires_staff_get(&ingrid, w.marius, done, &v), ST_OK);
	assert_string_equal(v.r.status, "completed");
	assert_string_equal(v.patient.given_name, "Marius");
	assert_false(v.answerable);
	assert_int_equal(v.form.n, 4);
	assert_string_equal(v.answers[3].values[0], "true");
	assert_string_equal(v.r.submitted_by_name, "Marius Berg");
	assert_int_equal(fx_log_entries(w.marius), logged + 1);
	audit_entry e = last_entry(a, w.marius);
	assert_string_equal(e.actor_kind, "staff");
	assert_int_equal(e.actor_staff_id, w.ingrid);
	assert_string_equal(e.action, "read");
	assert_string_equal(e.what_id, arena_printf(a, "%lld", (long long)done));
	questionnaire_request r = get(a, w.marius, done);
	assert_int_equal(r.read_at, NOW);
	assert_string_equal(r.read_by_name, "Ingrid Berg");
	assert_int_equal(questionnaires_queue(&ingrid, &items, &n, &more), ST_OK);
	assert_int_equal(n, 0);
	/* Reading a draft marks nothing. */
	assert_int_equal(questionnaires_staff_get(&ingrid, w.marius, busy, &v), ST_OK);
	assert_string_equal(v.r.status, "in_progress");
	assert_string_equal(v.answers[0].values[0], "true");
	assert_int_equal(get(a, w.marius, busy).read_at, 0);

	/* Withdrawal: open ones only; the citizen no longer sees them. */
	assert_int_equal(questionnaires_withdraw(&marte, w.marius, open), ST_DENIED);
	assert_int_equal(questionnaires_withdraw(&eirik, w.marius, open), ST_NOT_FOUND);
	assert_int_equal(questionnaires_withdraw(&ingrid, w.silje, open), ST_NOT_FOUND);
	assert_int_equal(questionnaires_withdraw(&ingrid, w.marius, open + 1000), ST_NOT_FOUND);
	logged = fx_log_entries(w.marius);
	assert_int_equal(questionnaires_withdraw(&ingrid, w.marius, open), ST_OK);
	assert_int_equal(fx_log_entries(w.marius), logged + 1);
	e = last_entry(a, w.marius);
	assert_string_equal(e.action, "update");
	assert_string_equal(e.what_id, arena_printf(a, "%lld", (long long)open));
	assert_string_equal(get(a, w.marius, open).status, "withdrawn");
	assert_int_equal(questionnaires_get(&marius, open, &v), ST_NOT_FOUND);
	questionnaire_request *rs;
	assert_int_equal(questionnaires_list(&marius, &rs, &n, &more), ST_OK);
	assert_int_equal(n, 2);
	assert_false(has_request(rs, n, open));
	assert_int_equal(questionnaires_withdraw(&ingrid, w.marius, open), ST_CONFLICT);
	assert_int_equal(questionnaires_withdraw(&ingrid, w.marius, done), ST_CONFLICT);
	assert_string_equal(get(a, w.marius, done).status, "completed");
	assert_int_equal(fx_log_entries(w.marius), logged + 1);
	/* A draft can be withdrawn too. */
	assert_int_equal(questionnaires_withdraw(&ingrid, w.marius, busy), ST_OK);
	assert_int_equal(questionnaires_get(&marius, busy, &v), ST_NOT_FOUND);
	arena_free(a);
}

/* The header of questionnaires_answer: "ST_CONFLICT when it was saved by
 * someone else since `revision`, submitted or withdrawn" — a page still
 * showing a questionnaire the clinician has withdrawn since. */
static void answering_a_withdrawn_one_finds_nothing(void **state)
{
	(void)state;
	arena *a = arena_new();
	fx_world w;
	fx_world_make(&w);
	int64_t def = import_demo(a, VACCINATION);
	int64_t id = send_from_ingrid(a, &w, def, w.marius, false);
	ctx ingrid = fx_staff_ctx(a, NOW, w.ingrid_person, w.ingrid, ROLE_CLINICIAN);
	assert_int_equal(questionnaires_withdraw(&ingrid, w.marius, id), ST_OK);
	ctx marius = fx_citizen(a, NOW, w.marius, w.marius);
	problems pr;
	qf_answer *ans = vaccination_answers(a, "false", "false", NULL, "false");
	assert_int_equal(questionnaires_answer(&marius, id, 0, NULL, ans, 4, true, &pr), ST_NOT_FOUND); /* gone for the citizen */
	questionnaire_request r = get(a, w.marius, id);
	assert_string_equal(r.status, "withdrawn");
	assert_null(r.response);
	arena_free(a);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(a_published_version_never_changes),
    cmocka_unit_test(only_active_definitions_are_offered),
    cmocka_unit_test(a_request_is_stored_and_read_back),
    cmocka_unit_test(the_citizen_sees_open_and_recently_answered),
    cmocka_unit_test(saving_needs_the_current_revision),
    cmocka_unit_test(answers_are_marked_read_once),
    cmocka_unit_test(only_open_requests_are_withdrawn),
    cmocka_unit_test(an_items_files_are_the_requests_own_and_removed_one_or_all_while_open),
    cmocka_unit_test(files_change_with_the_answers_or_not_at_all),
    cmocka_unit_test(the_unread_queue_holds_ones_units_and_ones_own),
    cmocka_unit_test(importing_the_demo_questionnaires),
    cmocka_unit_test(sending_notifies_and_is_logged),
    cmocka_unit_test(a_draft_then_a_final_answer),
    cmocka_unit_test(who_may_answer),
    cmocka_unit_test(guardians_do_not_see_what_is_hidden_from_them),
    cmocka_unit_test(clinicians_read_withdraw_and_queue),
    cmocka_unit_test(answering_a_withdrawn_one_finds_nothing),
};

CONF_GROUP(questionnaires, tests)
