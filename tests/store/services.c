/* services.c (conformance) — municipal services and the document centre on
 * both databases: the catalogue by municipality (services offices only),
 * applications (another patient's never returned, drafts saved against a
 * revision, each step only from the state it belongs to), the caseworkers'
 * queue (their units, applicants who are users there), case messages,
 * letters (by kind, first opening only, the PDF once, reminder and paper
 * day by the unit's setting, the print queue) and reservations; then the
 * domain rules over them: a caseworker of another municipality finds
 * nothing, an appeal after three weeks is refused, a reserved person's
 * decision goes to paper at once, and the letter job makes a real PDF. */
#include <stdint.h>
#include <string.h>

#include "conformance.h"
#include "fixtures.h"
#include "core/arena.h"
#include "core/assets.h"
#include "core/crypto.h"
#include "domain/authz.h"
#include "domain/documents.h"
#include "domain/questionnaires.h"
#include "domain/services.h"
#include "store/questionnaires.h"
#include "store/services.h"

#define NOW 1795341600 /* 2026-11-22T10:00:00Z */
#define DAY 86400
#define FORM "application-health-and-care.json"

typedef struct svc_world {
	fx_world w;
	int64_t office, other_office, service, other_service;
	int64_t per, per_person, bergen, bergen_person; /* caseworkers: Trondheim, Bergen */
} svc_world;

static void make(svc_world *s)
{
	conf_fresh();
	memset(s, 0, sizeof *s);
	fx_world_make(&s->w);
	s->office = fx_unit("tjenestekontoret", "services_office", "Tjenestekontoret Trondheim");
	unit bergen = {.code = "tjenestekontoret-bergen",
	               .kind = "services_office",
	               .name = "Tjenestekontoret Bergen",
	               .municipality = "4601",
	               .phone = "55 00 00 00",
	               .paper_after_days = 3};
	s->other_office = fx_insert_unit(&bergen);
	arena *a = arena_new();
	const struct asset *f = asset_find(FORM);
	assert_non_null(f);
	int64_t form;
	bool created;
	const char *error = NULL;
	assert_int_equal(questionnaires_import(conf_conn, f->data, f->len, NOW, &form, &created, &error, a), ST_OK);
	municipal_service m = {.unit_id = s->office,
	                       .questionnaire_id = form,
	                       .code = "home_nursing",
	                       .title_nb = "Hjemmesykepleie",
	                       .title_en = "Home nursing",
	                       .summary_nb = "s",
	                       .summary_en = "s",
	                       .legal_basis = "Helse- og omsorgstjenesteloven § 3-2"};
	assert_int_equal(store_service_insert(conf_conn, &m, &s->service), ST_OK);
	m.unit_id = s->other_office;
	m.title_nb = "Hjemmesykepleie Bergen";
	assert_int_equal(store_service_insert(conf_conn, &m, &s->other_service), ST_OK);
	s->per_person = fx_person(fx_nin(0), "Per", "Haugland", "1970-01-01");
	s->per = fx_staff(s->per_person, s->office, "caseworker");
	s->bergen_person = fx_person(fx_nin(1), "Berit", "Berg", "1970-01-01");
	s->bergen = fx_staff(s->bergen_person, s->other_office, "caseworker");
	arena_free(a);
}

static int64_t application(const svc_world *s, int64_t patient)
{
	service_application a = {.patient_id = patient,
	                         .service_id = s->service,
	                         .unit_id = s->office,
	                         .created_by = patient,
	                         .created_at = NOW};
	int64_t id;
	assert_int_equal(store_application_insert(conf_conn, &a, &id), ST_OK);
	return id;
}

static void catalogue_is_the_municipality_services_offices(void **state)
{
	(void)state;
	svc_world s;
	make(&s);
	arena *a = arena_new();
	municipal_service *list;
	size_t n;
	assert_int_equal(store_services_of_municipality(conf_conn, a, "5001", &list, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, s.service);
	assert_string_equal(list[0].unit_name, "Tjenestekontoret Trondheim");
	assert_non_null(strstr(list[0].resource, "Questionnaire"));
	assert_int_equal(store_services_of_municipality(conf_conn, a, "4601", &list, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, s.other_service);
	assert_int_equal(store_services_of_municipality(conf_conn, a, "0301", &list, &n), ST_OK);
	assert_int_equal(n, 0);
	arena_free(a);
}

static void applications_are_the_patients_own_and_move_by_state(void **state)
{
	(void)state;
	svc_world s;
	make(&s);
	arena *a = arena_new();
	int64_t mine = application(&s, s.w.marius), hers = application(&s, s.w.silje);
	service_application got;
	assert_int_equal(store_application_of_patient(conf_conn, a, s.w.marius, hers, &got), ST_NOT_FOUND);
	assert_int_equal(store_application_of_patient(conf_conn, a, s.w.marius, mine, &got), ST_OK);
	assert_string_equal(got.status, "draft");
	assert_string_equal(got.title_nb, "Hjemmesykepleie");
	service_application *list;
	size_t n;
	bool more;
	assert_int_equal(store_applications_of_patient(conf_conn, a, s.w.marius, 10, &list, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, mine);
	/* A draft is saved at its revision only, by its patient only. */
	assert_int_equal(store_application_save(conf_conn, s.w.silje, mine, 0, "{}", false, s.w.silje, NOW),
	                 ST_NOT_FOUND);
	assert_int_equal(store_application_save(conf_conn, s.w.marius, mine, 1, "{}", false, s.w.marius, NOW),
	                 ST_NOT_FOUND);
	assert_int_equal(store_application_save(conf_conn, s.w.marius, mine, 0, "{}", false, s.w.marius, NOW), ST_OK);
	assert_int_equal(store_application_save(conf_conn, s.w.marius, mine, 1, "{}", true, s.w.marius, NOW), ST_OK);
	assert_int_equal(store_application_save(conf_conn, s.w.marius, mine, 2, "{}", false, s.w.marius, NOW),
	                 ST_NOT_FOUND);
	assert_int_equal(store_application_get(conf_conn, a, mine, &got), ST_OK);
	assert_string_equal(got.status, "submitted");
	assert_int_equal(got.submitted_by, s.w.marius);
	/* Each step from its own state. */
	assert_int_equal(store_application_move(conf_conn, mine, "in_progress", "info_requested", s.per), ST_CONFLICT);
	assert_int_equal(store_application_move(conf_conn, mine, "submitted", "in_progress", s.per), ST_OK);
	service_application d = {.id = mine,
	                         .outcome = "granted",
	                         .scope = "4 timer",
	                         .from_date = "2026-12-01",
	                         .reasons = "r",
	                         .decided_at = NOW,
	                         .decided_by = s.per,
	                         .appeal_deadline = "2026-12-13"};
	assert_int_equal(store_application_decide(conf_conn, &d), ST_OK);
	assert_int_equal(store_application_decide(conf_conn, &d), ST_CONFLICT);
	assert_int_equal(store_application_appeal(conf_conn, s.w.silje, mine, "x", s.w.silje, NOW), ST_CONFLICT);
	assert_int_equal(store_application_appeal(conf_conn, s.w.marius, mine, "Klage", s.w.marius, NOW), ST_OK);
	service_application r = {.id = mine,
	                         .appeal_outcome = "reversed",
	                         .appeal_reasons = "ny vurdering",
	                         .appeal_decided_at = NOW,
	                         .decided_by = s.per,
	                         .outcome = "granted",
	                         .scope = "6 timer",
	                         .from_date = "2026-12-01"};
	assert_int_equal(store_application_appeal_decide(conf_conn, &r), ST_OK);
	assert_int_equal(store_application_appeal_decide(conf_conn, &r), ST_CONFLICT);
	assert_int_equal(store_application_get(conf_conn, a, mine, &got), ST_OK);
	assert_string_equal(got.status, "appeal_decided");
	assert_string_equal(got.scope, "6 timer");
	assert_int_equal(got.forwarded_at, 0);
	arena_free(a);
}

static void the_queue_is_the_caseworkers_units_users(void **state)
{
	(void)state;
	svc_world s;
	make(&s);
	arena *a = arena_new();
	int64_t id = application(&s, s.w.marius);
	assert_int_equal(store_application_save(conf_conn, s.w.marius, id, 0, "{}", true, s.w.marius, NOW), ST_OK);
	service_application *list;
	size_t n;
	bool more, holds;
	assert_int_equal(store_applications_queue(conf_conn, a, s.per, 10, &list, &n, &more), ST_OK);
	assert_int_equal(n, 0); /* not yet a user of the office */
	assert_int_equal(store_service_user_add(conf_conn, s.w.marius, s.office, "2026-11-22"), ST_OK);
	assert_int_equal(store_service_user_add(conf_conn, s.w.marius, s.office, "2026-11-23"), ST_OK); /* once */
	assert_int_equal(store_applications_queue(conf_conn, a, s.per, 10, &list, &n, &more), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, id);
	assert_int_equal(store_applications_queue(conf_conn, a, s.bergen, 10, &list, &n, &more), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_staff_role_at(conf_conn, s.per, s.office, "caseworker", &holds), ST_OK);
	assert_true(holds);
	assert_int_equal(store_staff_role_at(conf_conn, s.bergen, s.office, "caseworker", &holds), ST_OK);
	assert_false(holds);
	case_message m = {.application_id = id,
	                  .author_id = s.per_person,
	                  .from_staff = true,
	                  .body = "Spørsmål?",
	                  .created_at = NOW};
	int64_t mid;
	assert_int_equal(store_case_message_insert(conf_conn, &m, &mid), ST_OK);
	m.author_id = s.w.marius;
	m.from_staff = false;
	m.body = "Svar.";
	assert_int_equal(store_case_message_insert(conf_conn, &m, &mid), ST_OK);
	case_message *msgs;
	assert_int_equal(store_case_messages(conf_conn, a, id, 10, &msgs, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_true(msgs[0].from_staff);
	assert_string_equal(msgs[1].body, "Svar.");
	arena_free(a);
}

static int64_t letter(const svc_world *s, int64_t patient, const char *kind, unix_time at)
{
	citizen_document d = {.patient_id = patient,
	                      .unit_id = s->office,
	                      .kind = kind,
	                      .letter = "{\"heading\":\"Vedtak æøå\",\"sections\":[{\"text\":\"Tekst\"}]}",
	                      .created_at = at};
	int64_t id;
	assert_int_equal(store_document_insert(conf_conn, &d, &id), ST_OK);
	return id;
}

static void documents_open_once_and_fall_back_to_paper(void **state)
{
	(void)state;
	svc_world s;
	make(&s);
	arena *a = arena_new();
	int64_t receipt = letter(&s, s.w.marius, "receipt", NOW),
	        decision = letter(&s, s.w.marius, "decision", NOW + 60), hers = letter(&s, s.w.silje, "decision", NOW);
	citizen_document *list, got;
	size_t n;
	bool more;
	assert_int_equal(store_documents_of_patient(conf_conn, a, s.w.marius, NULL, false, 10, &list, &n, &more),
	                 ST_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, decision); /* newest first */
	assert_int_equal(store_documents_of_patient(conf_conn, a, s.w.marius, "receipt", false, 10, &list, &n, &more),
	                 ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, receipt);
	assert_int_equal(store_document_of_patient(conf_conn, a, s.w.marius, hers, false, &got), ST_NOT_FOUND);
	/* The first opening only. */
	assert_int_equal(store_document_opened(conf_conn, receipt, s.w.marius, NOW + 10), ST_OK);
	assert_int_equal(store_document_opened(conf_conn, receipt, s.w.silje, NOW + 20), ST_OK);
	assert_int_equal(store_document_of_patient(conf_conn, a, s.w.marius, receipt, false, &got), ST_OK);
	assert_int_equal(got.opened_by, s.w.marius);
	assert_int_equal(got.opened_at, NOW + 10);
	/* The PDF once. */
	assert_int_equal(store_documents_pending(conf_conn, a, 10, &list, &n), ST_OK);
	assert_int_equal(n, 3);
	assert_int_equal(store_document_set_pdf(conf_conn, receipt, (const uint8_t *)"%PDF-\0\xff", 7, NOW), ST_OK);
	assert_int_equal(store_document_set_pdf(conf_conn, receipt, (const uint8_t *)"other", 5, NOW), ST_OK);
	assert_int_equal(store_document_of_patient(conf_conn, a, s.w.marius, receipt, false, &got), ST_OK);
	assert_int_equal(got.pdf_len, 7);
	assert_memory_equal(got.pdf, "%PDF-\0\xff", 7);
	assert_int_equal(store_documents_pending(conf_conn, a, 10, &list, &n), ST_OK);
	assert_int_equal(n, 2);
	/* Reminder a day before the paper day (3 days), never for receipts; then paper. */
	int64_t moved;
	assert_int_equal(store_documents_to_remind(conf_conn, a, NOW + DAY, 10, &list, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_documents_to_remind(conf_conn, a, NOW + 2 * DAY + 60, 10, &list, &n), ST_OK);
	assert_int_equal(n, 2); /* Marius's decision and Silje's */
	assert_int_equal(store_document_reminded(conf_conn, decision, NOW + 2 * DAY + 60), ST_OK);
	assert_int_equal(store_documents_to_remind(conf_conn, a, NOW + 2 * DAY + 60, 10, &list, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, hers);
	assert_int_equal(store_document_opened(conf_conn, hers, s.w.silje, NOW + DAY), ST_OK);
	assert_int_equal(store_documents_to_paper(conf_conn, NOW + 3 * DAY - 1, &moved), ST_OK);
	assert_int_equal(moved, 0);
	assert_int_equal(store_documents_to_paper(conf_conn, NOW + 3 * DAY + 60, &moved), ST_OK);
	assert_int_equal(moved, 1); /* the opened one and the receipt stay digital */
	assert_int_equal(store_documents_print_queue(conf_conn, a, 10, &list, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, decision);
	assert_string_equal(list[0].paper_reason, "unopened");
	assert_int_equal(store_document_printed(conf_conn, decision, NOW + 4 * DAY), ST_OK);
	assert_int_equal(store_documents_print_queue(conf_conn, a, 10, &list, &n), ST_OK);
	assert_int_equal(n, 0);
	/* "Cannot be notified" is a paper reason of its own (migration 29). */
	assert_int_equal(store_document_paper(conf_conn, hers, "unreachable", NOW + 4 * DAY), ST_OK);
	assert_int_equal(store_documents_print_queue(conf_conn, a, 10, &list, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, hers);
	assert_string_equal(list[0].paper_reason, "unreachable");
	int64_t waiting;
	assert_int_equal(store_print_queue_count(conf_conn, "unreachable", &waiting), ST_OK);
	assert_int_equal(waiting, 1);
	assert_int_equal(store_print_queue_count(conf_conn, "unopened", &waiting), ST_OK);
	assert_int_equal(waiting, 0); /* printed */
	assert_int_equal(store_document_paper(conf_conn, hers, "lost", NOW + 4 * DAY), ST_OK); /* already on paper */
	arena_free(a);
}

/* The local copy of the contact register keeps why a person gets paper. */
static void the_contact_registers_local_copy_keeps_the_reason(void **state)
{
	(void)state;
	conf_fresh();
	bool unreachable = true;
	assert_int_equal(store_krr_paper_reason(conf_conn, "12848649994", &unreachable), ST_NOT_FOUND);
	assert_int_equal(store_krr_paper_set(conf_conn, "12848649994", "reserved", NOW), ST_OK);
	assert_int_equal(store_krr_paper_set(conf_conn, "12848649994", "reserved", NOW + 1), ST_OK);
	assert_int_equal(store_krr_paper_reason(conf_conn, "12848649994", &unreachable), ST_OK);
	assert_false(unreachable);
	assert_int_equal(store_krr_paper_set(conf_conn, "12848649994", "unreachable", NOW + 2), ST_OK);
	assert_int_equal(store_krr_paper_reason(conf_conn, "12848649994", &unreachable), ST_OK);
	assert_true(unreachable);
	assert_int_equal(store_krr_paper_clear(conf_conn, "12848649994"), ST_OK);
	assert_int_equal(store_krr_paper_reason(conf_conn, "12848649994", &unreachable), ST_NOT_FOUND);
	assert_int_not_equal(store_krr_paper_set(conf_conn, "12848649994", "lost", NOW), ST_OK);
}

/* Marius's draft application submitted through the domain. */
static void submit(const svc_world *s, arena *a, int64_t id)
{
	ctx x = fx_citizen(a, NOW, s->w.marius, s->w.marius);
	application_view v;
	assert_int_equal(services_application(&x, id, &v), ST_OK);
	qf_answer *ans = arena_alloc(a, v.form.n * sizeof *ans);
	memset(ans, 0, v.form.n * sizeof *ans);
	for (size_t i = 0; i < v.form.n; i++) {
		const char *value = str_eq(v.form.items[i].link_id, "need")     ? "Hjelp"
		                    : str_eq(v.form.items[i].link_id, "living") ? "alone"
		                                                                : NULL;
		if (value != NULL) {
			ans[i].values = arena_alloc(a, sizeof *ans[i].values);
			ans[i].values[0] = value;
			ans[i].n = 1;
		}
	}
	problems pr = {0};
	assert_int_equal(services_save(&x, id, v.a.revision, NULL, ans, v.form.n, true, &pr), ST_OK);
}

/* A submitted application of Marius's through the domain; its id. */
static int64_t submitted(const svc_world *s, arena *a)
{
	ctx x = fx_citizen(a, NOW, s->w.marius, s->w.marius);
	int64_t id;
	assert_int_equal(services_start(&x, s->service, &id), ST_OK);
	submit(s, a, id);
	return id;
}

/* Marius gets an address in 5001, so he sees Trondheim's catalogue. */
static void marius_in_trondheim(const svc_world *s)
{
	db_stmt *st = db_prepare(conf_conn, "UPDATE person SET address_id = $1 WHERE id = $2");
	address ad = {.street = "Gata 1", .postcode = "7010", .city = "Trondheim", .municipality = "5001"};
	int64_t addr;
	assert_int_equal(store_address_insert(conf_conn, &ad, &addr), ST_OK);
	db_bind_int(st, 1, addr);
	db_bind_int(st, 2, s->w.marius);
	assert_int_equal(db_run(st), ST_OK);
}

/* Bytes of a PDF with a NUL and a high byte in them. */
static const uint8_t PDF[] = "%PDF-1.4\n\x00\xff%%EOF\n";

/* PDF as attach_row stores it. */
static const stored_file PDF_FILE = {
    .content_type = "application/pdf", .name = "erklæring.pdf", .size = sizeof PDF - 1, .created_at = NOW};

static int64_t attach_row(int64_t app, int64_t patient, const char *part)
{
	service_attachment t = {
	    .application_id = app, .patient_id = patient, .part = part, .added_by = patient, .file = PDF_FILE};
	int64_t id;
	assert_int_equal(store_service_att_insert(conf_conn, &t, PDF, sizeof PDF - 1, &id), ST_OK);
	return id;
}

static void attachments_are_the_applications_own_and_only_a_drafts_are_removed(void **state)
{
	(void)state;
	svc_world s;
	make(&s);
	arena *a = arena_new();
	int64_t mine = application(&s, s.w.marius), hers = application(&s, s.w.silje);
	int64_t f = attach_row(mine, s.w.marius, "application");
	int64_t g = attach_row(hers, s.w.silje, "application");
	service_attachment *list;
	size_t n;
	assert_int_equal(store_service_atts_of_application(conf_conn, a, mine, 10, &list, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, f);
	fx_assert_file(&list[0].file, &PDF_FILE);
	assert_string_equal(list[0].part, "application");
	assert_int_equal(list[0].added_by, s.w.marius);
	service_attachment got;
	const uint8_t *data;
	size_t len;
	assert_int_equal(store_service_att_get(conf_conn, a, mine, f, &got, &data, &len), ST_OK);
	fx_assert_file(&got.file, &PDF_FILE);
	assert_int_equal(len, sizeof PDF - 1);
	assert_memory_equal(data, PDF, len);
	/* Another application's file under one's own application's id. */
	assert_int_equal(store_service_att_get(conf_conn, a, mine, g, &got, &data, &len), ST_NOT_FOUND);
	/* Removed only by its patient, from a draft, and only the draft's own files. */
	assert_int_equal(store_service_att_delete_draft(conf_conn, s.w.silje, mine, f), ST_NOT_FOUND);
	assert_int_equal(store_service_att_delete_draft(conf_conn, s.w.marius, hers, g), ST_NOT_FOUND);
	assert_int_equal(store_service_att_delete_draft(conf_conn, s.w.marius, mine, g), ST_NOT_FOUND);
	int64_t r = attach_row(mine, s.w.marius, "reply");
	assert_int_equal(store_service_att_delete_draft(conf_conn, s.w.marius, mine, r), ST_NOT_FOUND);
	assert_int_equal(store_application_save(conf_conn, s.w.marius, mine, 0, "{}", true, s.w.marius, NOW), ST_OK);
	assert_int_equal(store_service_att_delete_draft(conf_conn, s.w.marius, mine, f), ST_NOT_FOUND);
	assert_int_equal(store_service_att_delete_draft(conf_conn, s.w.silje, hers, g), ST_OK);
	assert_int_equal(store_service_atts_of_application(conf_conn, a, hers, 10, &list, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_service_atts_of_application(conf_conn, a, mine, 10, &list, &n), ST_OK);
	assert_int_equal(n, 2);
	arena_free(a);
}

static void domain_attachments_under_the_upload_rules_for_the_case_only(void **state)
{
	(void)state;
	svc_world s;
	make(&s);
	arena *a = arena_new();
	marius_in_trondheim(&s);
	ctx m = fx_citizen(a, NOW, s.w.marius, s.w.marius);
	ctx silje = fx_citizen(a, NOW, s.w.silje, s.w.silje);
	int64_t id;
	assert_int_equal(services_start(&m, s.service, &id), ST_OK);
	problems pr = {0};
	const char *html = "%PDF-1.4 <html><script>alert(1)</script>";
	upload_file bad = {"x.pdf", (const uint8_t *)html, strlen(html)};
	assert_int_equal(services_attach(&m, id, &bad, 1, &pr), ST_INVALID);
	assert_string_equal(pr.items[0].key, "upload.error.file_type");
	assert_int_equal(services_attach(&m, id, NULL, 0, &pr), ST_INVALID);
	assert_string_equal(pr.items[0].key, "upload.error.none");
	upload_file ok = {"legeerklæring.pdf", PDF, sizeof PDF - 1};
	assert_int_equal(services_attach(&silje, id, &ok, 1, &pr), ST_NOT_FOUND);
	assert_int_equal(services_attach(&m, id, &ok, 1, &pr), ST_OK);
	application_view v;
	assert_int_equal(services_application(&m, id, &v), ST_OK);
	assert_int_equal(v.nattachments, 1);
	int64_t f = v.attachments[0].id;
	service_attachment got;
	const uint8_t *data;
	size_t len;
	assert_int_equal(services_attachment(&silje, id, f, &got, &data, &len), ST_NOT_FOUND);
	assert_int_equal(services_attachment(&m, id, f, &got, &data, &len), ST_OK);
	assert_memory_equal(data, PDF, len);
	/* At most SERVICES_FILES_MAX in the case. */
	for (int i = 1; i < SERVICES_FILES_MAX; i++)
		attach_row(id, s.w.marius, "application");
	assert_int_equal(services_attach(&m, id, &ok, 1, &pr), ST_INVALID);
	assert_string_equal(pr.items[0].key, "services.error.too_many_files");
	assert_int_equal(services_detach(&silje, id, f), ST_NOT_FOUND);
	assert_int_equal(services_detach(&m, id, f), ST_OK);
	assert_int_equal(services_detach(&m, id, f), ST_NOT_FOUND);
	/* Submitted: the files stay, listed in the receipt, and the draft's rules end. */
	submit(&s, a, id);
	assert_int_equal(services_application(&m, id, &v), ST_OK);
	assert_int_equal(v.nattachments, SERVICES_FILES_MAX - 1);
	assert_int_equal(services_detach(&m, id, v.attachments[0].id), ST_CONFLICT);
	assert_int_equal(services_attach(&m, id, &ok, 1, &pr), ST_CONFLICT);
	citizen_document *docs;
	size_t n;
	assert_int_equal(store_documents_of_application(conf_conn, a, id, &docs, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_non_null(strstr(docs[0].letter, "erklæring.pdf"));
	/* The caseworker of the municipality reads them; Bergen's does not. */
	ctx per = fx_staff_ctx(a, NOW, s.per_person, s.per, ROLE_CASEWORKER);
	ctx berit = fx_staff_ctx(a, NOW, s.bergen_person, s.bergen, ROLE_CASEWORKER);
	int64_t g = v.attachments[0].id;
	assert_int_equal(services_case_attachment(&berit, id, g, &got, &data, &len), ST_NOT_FOUND);
	assert_int_equal(services_case_attachment(&per, id, g, &got, &data, &len), ST_OK);
	assert_memory_equal(data, PDF, sizeof PDF - 1);
	arena_free(a);
}

static void domain_casework_appeal_deadline_and_paper_for_the_reserved(void **state)
{
	(void)state;
	svc_world s;
	make(&s);
	arena *a = arena_new();
	marius_in_trondheim(&s);
	ctx m = fx_citizen(a, NOW, s.w.marius, s.w.marius);
	int64_t other;
	assert_int_equal(services_start(&m, s.other_service, &other), ST_NOT_FOUND); /* Bergen's */
	int64_t id = submitted(&s, a);
	/* Bergen's caseworker finds nothing; Trondheim's takes and decides. */
	ctx berit = fx_staff_ctx(a, NOW, s.bergen_person, s.bergen, ROLE_CASEWORKER);
	application_view v;
	assert_int_equal(services_case(&berit, id, &v), ST_NOT_FOUND);
	assert_int_equal(services_take(&berit, id), ST_NOT_FOUND);
	ctx per = fx_staff_ctx(a, NOW, s.per_person, s.per, ROLE_CASEWORKER);
	assert_int_equal(services_take(&per, id), ST_OK);
	assert_int_equal(services_take(&per, id), ST_CONFLICT);
	problems pr = {0};
	services_decision bad = {"granted", NULL, "2026-11-01", "r"};
	assert_int_equal(services_decide(&per, id, &bad, &pr), ST_INVALID);
	assert_true(pr.n >= 2); /* no scope; a start in the past */
	/* Marius is reserved against digital communication: the decision goes on paper at once. */
	assert_int_equal(store_krr_paper_set(conf_conn, "12848649994", "reserved", NOW), ST_OK);
	services_decision ok = {"partly", "2 timer i uka", "2026-12-01", "Begrunnelse æøå"};
	assert_int_equal(services_decide(&per, id, &ok, &pr), ST_OK);
	citizen_document *docs;
	size_t n;
	assert_int_equal(store_documents_of_application(conf_conn, a, id, &docs, &n), ST_OK);
	assert_int_equal(n, 2);
	assert_string_equal(docs[0].kind, "receipt");
	assert_null(docs[0].paper_reason);
	assert_string_equal(docs[1].paper_reason, "reserved");
	/* The appeal: in time on the 21st day, refused on the 22nd. */
	ctx late = fx_citizen(a, NOW + 22 * DAY, s.w.marius, s.w.marius);
	assert_int_equal(services_appeal(&late, id, "Klage", NULL, 0, &pr), ST_INVALID);
	assert_string_equal(pr.items[0].key, "services.appeal.late");
	ctx last = fx_citizen(a, NOW + 21 * DAY, s.w.marius, s.w.marius);
	upload_file four[4] = {{"a", PDF, 5}, {"b", PDF, 5}, {"c", PDF, 5}, {"d", PDF, 5}};
	assert_int_equal(services_appeal(&last, id, "Klage", four, 4, &pr), ST_INVALID);
	assert_string_equal(pr.items[0].key, "upload.error.too_many_files");
	assert_int_equal(services_appeal(&last, id, "Klage", four, 1, &pr), ST_OK);
	service_attachment *files;
	assert_int_equal(store_service_atts_of_application(conf_conn, a, id, 10, &files, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_string_equal(files[0].part, "appeal");
	/* The letter job makes real PDFs. */
	letters_round r;
	assert_int_equal(letters_run(conf_conn, NOW, NULL, NULL, &r), ST_OK);
	assert_int_equal(r.made, 2);
	citizen_document d;
	assert_int_equal(store_document_of_patient(conf_conn, a, s.w.marius, docs[1].id, false, &d), ST_OK);
	assert_true(d.pdf_len > 1000);
	assert_memory_equal(d.pdf, "%PDF-", 5);
	arena_free(a);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(catalogue_is_the_municipality_services_offices),
    cmocka_unit_test(applications_are_the_patients_own_and_move_by_state),
    cmocka_unit_test(the_queue_is_the_caseworkers_units_users),
    cmocka_unit_test(documents_open_once_and_fall_back_to_paper),
    cmocka_unit_test(the_contact_registers_local_copy_keeps_the_reason),
    cmocka_unit_test(domain_casework_appeal_deadline_and_paper_for_the_reserved),
    cmocka_unit_test(attachments_are_the_applications_own_and_only_a_drafts_are_removed),
    cmocka_unit_test(domain_attachments_under_the_upload_rules_for_the_case_only),
};
CONF_GROUP(services, tests)
