/* services.c (web) — municipal services (SPEC.md K1–K3).
 *
 * Citizen: GET /services (the catalogue of the record's municipality and
 * the applications), POST /services/apply (starts a draft of the form's
 * service), GET/POST
 * /services/applications/:id (the application: its form while a draft,
 * rendered and checked by the questionnaire engine through web/qform.h;
 * afterwards the answers, the case's messages, the decision and letters),
 * POST .../reply (answers a request for information) and POST .../appeal,
 * both multipart with their files; POST .../attachments adds files to a
 * draft, POST .../attachments/:aid/delete removes one, GET
 * .../attachments/:aid downloads one.
 *
 * Caseworkers: GET /staff/queues/services, GET /staff/services/:id and its
 * steps take, ask, decide and reconsider (an appeal), and GET
 * /staff/services/:id/attachments/:aid. */
#include <stdint.h>
#include <string.h>

#include "domain/questionnaires.h"
#include "domain/services.h"
#include "web/answering.h"
#include "web/form.h"
#include "web/i18n.h"
#include "web/pages.h"
#include "web/qform.h"
#include "web/record_page.h"
#include "web/uploads.h"

static const char *service_title(const service_application *a, enum locale loc)
{
	return loc == LOCALE_EN ? a->title_en : a->title_nb;
}

static json_t *application_model(const ctx *x, const service_application *a, bool for_staff)
{
	arena *ar = x->arena;
	enum locale loc = x->locale;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "title", rec_str(service_title(a, loc)));
	json_object_set_new(o, "unit", rec_str(a->unit_name));
	json_object_set_new(o, "status", rec_label(ar, loc, "services.status", a->status));
	json_object_set_new(o, "status_code", rec_str(a->status));
	json_object_set_new(o, "created", rec_str(i18n_time_text(ar, loc, a->created_at)));
	json_object_set_new(o, "submitted", rec_str(a->submitted_at ? i18n_time_text(ar, loc, a->submitted_at) : NULL));
	json_object_set_new(o, "patient", rec_str(a->patient_name));
	json_object_set_new(o, "nin", rec_str(a->patient_nin));
	json_object_set_new(o, "caseworker", rec_str(a->caseworker_name));
	json_object_set_new(o, "url",
	                    rec_str(for_staff ? url_for(ar, web_staff_service_case, a->id)
	                                      : url_for(ar, web_service_application, a->id)));
	if (a->outcome != NULL) {
		json_t *d = json_object();
		json_object_set_new(d, "outcome", rec_label(ar, loc, "services.outcome", a->outcome));
		json_object_set_new(d, "scope", rec_str(a->scope));
		json_object_set_new(d, "from", rec_str(a->from_date ? i18n_date_text(ar, loc, a->from_date) : NULL));
		json_object_set_new(d, "reasons", rec_paragraphs(a->reasons));
		json_object_set_new(d, "decided", rec_str(i18n_time_text(ar, loc, a->decided_at)));
		json_object_set_new(d, "deadline", rec_str(i18n_date_text(ar, loc, a->appeal_deadline)));
		json_object_set_new(o, "decision", d);
	}
	if (a->appeal_text != NULL) {
		json_t *p = json_object();
		json_object_set_new(p, "text", rec_paragraphs(a->appeal_text));
		json_object_set_new(p, "at", rec_str(i18n_time_text(ar, loc, a->appealed_at)));
		json_object_set_new(p, "result",
		                    a->appeal_outcome ? rec_label(ar, loc, "services.appeal.result", a->appeal_outcome)
		                                      : rec_str(NULL));
		json_object_set_new(p, "reasons", rec_paragraphs(a->appeal_reasons));
		json_object_set_new(p, "forwarded",
		                    rec_str(a->forwarded_at ? i18n_time_text(ar, loc, a->forwarded_at) : NULL));
		json_object_set_new(o, "appeal", p);
	}
	return o;
}

static json_t *case_model(const ctx *x, const application_view *v, bool for_staff)
{
	arena *ar = x->arena;
	json_t *m = application_model(x, &v->a, for_staff);
	json_object_set_new(m, "has_sections", json_boolean(!v->editable));
	qform_lang_into(m, &v->form, x->locale);
	if (!v->editable)
		json_object_set_new(m, "sections",
		                    qform_answers_model(ar, x->locale, &v->form, v->answers, v->enabled, NULL));
	json_t *msgs = json_array();
	for (size_t i = 0; i < v->nmessages; i++) {
		const case_message *c = &v->messages[i];
		json_t *o = json_object();
		json_object_set_new(o, "from_staff", json_boolean(c->from_staff));
		json_object_set_new(o, "author", rec_str(c->author_name));
		json_object_set_new(o, "at", rec_str(i18n_time_text(ar, x->locale, c->created_at)));
		json_object_set_new(o, "body", rec_paragraphs(c->body));
		json_array_append_new(msgs, o);
	}
	json_object_set_new(m, "messages", msgs);
	json_object_set_new(m, "has_messages", json_boolean(v->nmessages > 0));
	json_t *letters = json_array();
	for (size_t i = 0; i < v->nletters; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "kind", rec_label(ar, x->locale, "documents.kind", v->letters[i].kind));
		json_object_set_new(o, "at", rec_str(i18n_time_text(ar, x->locale, v->letters[i].created_at)));
		if (!for_staff)
			json_object_set_new(o, "url", rec_str(url_for(ar, web_document, v->letters[i].id)));
		json_array_append_new(letters, o);
	}
	json_object_set_new(m, "letters", letters);
	json_object_set_new(m, "has_letters", json_boolean(v->nletters > 0));
	json_t *files = json_array();
	for (size_t i = 0; i < v->nattachments; i++) {
		const service_attachment *t = &v->attachments[i];
		const char *url = for_staff ? url_for(ar, web_staff_service_attachment, v->a.id, t->id)
		                            : url_for(ar, web_service_attachment, v->a.id, t->id);
		json_t *o = web_upload_model(ar, x->locale, url, &t->file);
		json_object_set_new(o, "part_label", rec_label(ar, x->locale, "services.attachment.part", t->part));
		if (v->editable && !for_staff)
			json_object_set_new(o, "delete_url", rec_str(url_for(ar, web_service_detach, v->a.id, t->id)));
		json_array_append_new(files, o);
	}
	json_object_set_new(m, "attachments", files);
	json_object_set_new(m, "has_attachments", json_boolean(v->nattachments > 0));
	return m;
}

/* ---- the citizen's pages ------------------------------------------------------------ */

void web_services(request *rq, reply *rp)
{
	ctx *x = rq->c;
	json_t *m = rec_done_model(rq, rp, (const char *const[]){"submitted", NULL});
	if (m == NULL)
		return;
	services_home h;
	status st = services_home_get(x, &h);
	if (reply_failed(rq, rp, st, m))
		return;
	json_t *services = json_array();
	for (size_t i = 0; i < h.nservices; i++) {
		const municipal_service *s = &h.services[i];
		json_t *o = json_object();
		json_object_set_new(o, "title", rec_str(x->locale == LOCALE_EN ? s->title_en : s->title_nb));
		json_object_set_new(o, "summary", rec_str(x->locale == LOCALE_EN ? s->summary_en : s->summary_nb));
		json_object_set_new(o, "unit", rec_str(s->unit_name));
		json_object_set_new(o, "id", json_integer(s->id));
		json_array_append_new(services, o);
	}
	json_t *apps = json_array();
	for (size_t i = 0; i < h.napplications; i++)
		json_array_append_new(apps, application_model(x, &h.applications[i], false));
	json_object_set_new(m, "municipality", rec_str(h.municipality));
	json_object_set_new(m, "services", services);
	json_object_set_new(m, "has_services", json_boolean(h.nservices > 0));
	json_object_set_new(m, "applications", apps);
	json_object_set_new(m, "has_applications", json_boolean(h.napplications > 0));
	json_object_set_new(m, "more", json_boolean(h.more));
	reply_page(rq, rp, "services", m);
}

static const form_field apply_fields[] = {
    {"service", FORM_INT, .flags = FORM_REQUIRED, .label = "services.field.service", .min = 1, .max = INT64_MAX},
};

void web_service_apply(request *rq, reply *rp)
{
	ctx *x = rq->c;
	form f;
	if (form_parse(x->arena, apply_fields, ARRAY_LEN(apply_fields), &rq->form, &f) != ST_OK) {
		reply_error(rq, rp, 400); /* not what our page sends */
		return;
	}
	int64_t id;
	status st = services_start(x, form_int(&f, "service", 0), &id);
	if (reply_failed(rq, rp, st, NULL))
		return;
	reply_redirect(rq, rp, url_for(x->arena, web_service_application, id));
}

static const form_field text_fields[] = {
    {"text", FORM_TEXT, .flags = FORM_REQUIRED, .label = "services.field.text", .max = SERVICES_REASONS_MAX,
     .charset = FORM_CHARS_MULTILINE},
};
/* A reply or an appeal: the text and files (parts named "attachment"). */
static const form_field text_files_fields[] = {
    {"text", FORM_TEXT, .flags = FORM_REQUIRED, .label = "services.field.text", .max = SERVICES_REASONS_MAX,
     .charset = FORM_CHARS_MULTILINE},
    {"attachment", FORM_TEXT, .label = "upload.attachment"}, /* only for its problems: the files are parts */
};
static const form_field attach_fields[] = {
    {"attachment", FORM_TEXT, .label = "upload.attachment"}, /* only for its problems: the files are parts */
};

enum notice { NOTICE_NONE, NOTICE_SAVED, NOTICE_CHANGED };

/* The application page; f the draft's form as sent (NULL: as stored), tf a
 * refused reply, appeal or attachment (tf_key "reply", "appeal", "attach").
 * The page's one file field reads its problem from "files_scope". */
static void application_page(request *rq, reply *rp, const application_view *v, form *f, const char *tf_key,
                             const form *tf, enum notice notice, const char *done)
{
	ctx *x = rq->c;
	arena *a = x->arena;
	json_t *m = case_model(x, v, false);
	json_object_set_new(m, "editable", json_boolean(v->editable));
	json_object_set_new(m, "can_reply", json_boolean(v->can_reply));
	json_object_set_new(m, "can_appeal", json_boolean(v->can_appeal));
	json_object_set_new(m, "appeal_late", json_boolean(v->appeal_late));
	json_object_set_new(m, "own", json_boolean(x->who.person_id == x->subject_id));
	json_object_set_new(m, "saved", json_boolean(notice == NOTICE_SAVED));
	json_object_set_new(m, "changed", json_boolean(notice == NOTICE_CHANGED));
	if (done != NULL)
		json_object_set_new(m, arena_printf(a, "done_%s", done), json_true());
	json_object_set_new(m, "reply_url", rec_str(url_for(a, web_service_reply, v->a.id)));
	json_object_set_new(m, "appeal_url", rec_str(url_for(a, web_service_appeal, v->a.id)));
	json_object_set_new(m, "attach_url", rec_str(url_for(a, web_service_attach, v->a.id)));
	form fresh;
	form_init(a, text_files_fields, ARRAY_LEN(text_files_fields), &fresh);
	rec_form_fields(m, "reply_f", str_eq(tf_key, "reply") ? tf : &fresh, x->locale);
	rec_form_fields(m, "appeal_f", str_eq(tf_key, "appeal") ? tf : &fresh, x->locale);
	json_t *files_scope = json_object();
	rec_form_fields(files_scope, "f", tf != NULL ? tf : &fresh, x->locale);
	json_object_set_new(m, "files_scope", files_scope);
	web_upload_limits_into(m);
	json_object_set_new(m, "files_case_max", json_integer(SERVICES_FILES_MAX));
	if (v->editable) {
		json_object_set_new(m, "form_url", rec_str(url_for(a, web_service_application_save, v->a.id)));
		if (qform_model(rq, m, &v->form, v->answers, f, v->a.revision))
			rp->status = 400;
	}
	if (tf != NULL) { /* a refused reply or appeal: its errors are the summary */
		form_model_into(m, tf, x->locale);
		json_object_del(m, "f");
		rp->status = 400;
	}
	if (rp->status == 400)
		json_object_set_new(
		    m, "title",
		    json_sprintf("%s: %s", i18n_text(x->locale, "form.error.title"), service_title(&v->a, x->locale)));
	else
		json_object_set_new(m, "title", rec_str(service_title(&v->a, x->locale)));
	reply_page(rq, rp, "service_application", m);
}

static status answer_get(const ctx *x, int64_t id, void *view, answer_form *af)
{
	application_view *v = view;
	status st = services_application(x, id, v);
	*af = (answer_form){&v->form, &v->answers, &v->enabled, v->a.response, st == ST_OK && v->editable};
	return st;
}

static void answer_show(request *rq, reply *rp, void *view, form *f, bool changed)
{
	application_page(rq, rp, view, f, NULL, NULL, changed ? NOTICE_CHANGED : NOTICE_NONE, NULL);
}

/* The application's form as web/answering.h answers it: one that may no
 * longer be changed goes back to its page before the post is read. */
static const answer_page application_answers = {
    .get = answer_get,
    .show = answer_show,
    .save = services_save,
    .list = web_services,
    .page = web_service_application,
    .shut_done = NULL,
    .shut_first = true,
};

static const char *const app_done[] = {"saved", "replied", "appealed", "attached", "removed", NULL};

void web_service_application(request *rq, reply *rp)
{
	application_view v;
	const char *done;
	if (answer_page_open(rq, rp, &application_answers, app_done, &v, &done))
		application_page(rq, rp, &v, NULL, NULL, NULL, str_eq(done, "saved") ? NOTICE_SAVED : NOTICE_NONE,
		                 done);
}

void web_service_application_save(request *rq, reply *rp)
{
	application_view v, now;
	answer_posted(rq, rp, &application_answers, &v, &now);
}

/* After a citizen's POST on application id: ST_OK back to the page with
 * `done`; a refusal shows the page with form f (tf_key as for
 * application_page) and its problems. */
static void citizen_posted(request *rq, reply *rp, int64_t id, status st, const char *key, form *f, problems *pr,
                           const char *done)
{
	ctx *x = rq->c;
	if (st == ST_OK) {
		reply_redirect(rq, rp, rec_done_url(x->arena, web_service_application, id, done));
		return;
	}
	if (st != ST_INVALID) {
		reply_status(rq, rp, st);
		return;
	}
	form_add_problems(f, pr);
	application_view v;
	if (reply_failed(rq, rp, services_application(x, id, &v), NULL))
		return;
	application_page(rq, rp, &v, NULL, key, f, NOTICE_NONE, NULL);
}

/* A reply or an appeal: one text and its files, then the page again or its refusal. */
static void text_post(request *rq, reply *rp, const char *key,
                      status (*act)(const ctx *, int64_t, const char *, const upload_file *, size_t, problems *),
                      const char *done)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	size_t nfiles;
	const upload_file *files = web_uploads(rq, &nfiles);
	status st = form_parse(x->arena, text_files_fields, ARRAY_LEN(text_files_fields), &rq->form, &f);
	problems pr = {0};
	if (st == ST_OK)
		st = act(x, id, form_text(&f, "text"), files, nfiles, &pr);
	else
		upload_check(&pr, files, nfiles);
	citizen_posted(rq, rp, id, st, key, &f, &pr, done);
}

void web_service_reply(request *rq, reply *rp)
{
	text_post(rq, rp, "reply", services_reply, "replied");
}

void web_service_appeal(request *rq, reply *rp)
{
	text_post(rq, rp, "appeal", services_appeal, "appealed");
}

void web_service_attach(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	size_t nfiles;
	const upload_file *files = web_uploads(rq, &nfiles);
	problems pr = {0};
	status st = form_parse(x->arena, attach_fields, ARRAY_LEN(attach_fields), &rq->form, &f);
	if (st == ST_OK)
		st = services_attach(x, id, files, nfiles, &pr);
	if (st == ST_CONFLICT) { /* submitted meanwhile: the page shows where it stands */
		reply_redirect(rq, rp, url_for(x->arena, web_service_application, id));
		return;
	}
	citizen_posted(rq, rp, id, st, "attach", &f, &pr, "attached");
}

void web_service_detach(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	status st = services_detach(x, id, req_id(rq, "aid"));
	if (st == ST_CONFLICT) {
		reply_redirect(rq, rp, url_for(x->arena, web_service_application, id));
		return;
	}
	if (!reply_failed(rq, rp, st, NULL))
		reply_redirect(rq, rp, rec_done_url(x->arena, web_service_application, id, "removed"));
}

/* Attachment :aid of application :id as read by fetch (the applicant's or
 * the caseworker's rule), as a download only. */
typedef status (*service_file_fetch)(const ctx *x, int64_t id, int64_t att_id, service_attachment *out,
                                     const uint8_t **data, size_t *len);
static void download(request *rq, reply *rp, service_file_fetch fetch)
{
	service_attachment t = {0};
	const uint8_t *data;
	size_t len;
	status st = fetch(rq->c, req_id(rq, "id"), req_id(rq, "aid"), &t, &data, &len);
	web_upload_reply(rq, rp, st, &t.file, data, len);
}

void web_service_attachment(request *rq, reply *rp)
{
	download(rq, rp, services_attachment);
}

/* ---- caseworkers -------------------------------------------------------------------- */

void web_staff_services_queue(request *rq, reply *rp)
{
	ctx *x = rq->c;
	service_application *list;
	size_t n;
	bool more;
	status st = services_queue(x, &list, &n, &more);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, application_model(x, &list[i], true));
	json_t *m = json_object();
	json_object_set_new(m, "items", items);
	json_object_set_new(m, "has_items", json_boolean(n > 0));
	json_object_set_new(m, "more", json_boolean(more));
	reply_page(rq, rp, "staff_services_queue", m);
}

static const char *const outcome_codes[] = {"granted", "partly", "refused", NULL};
static const char *const result_codes[] = {"reversed", "upheld", NULL};

static const form_field decide_fields[] = {
    {"outcome", FORM_ENUM, .flags = FORM_REQUIRED, .label = "services.field.outcome", .choices = outcome_codes},
    {"scope", FORM_TEXT, .label = "services.field.scope", .max = SERVICES_SCOPE_MAX},
    {"from_date", FORM_DATE, .label = "services.field.from_date"},
    {"reasons", FORM_TEXT, .flags = FORM_REQUIRED, .label = "services.field.reasons", .max = SERVICES_REASONS_MAX,
     .charset = FORM_CHARS_MULTILINE},
};
static const form_field reconsider_fields[] = {
    {"result", FORM_ENUM, .flags = FORM_REQUIRED, .label = "services.field.result", .choices = result_codes},
    {"outcome", FORM_ENUM, .label = "services.field.outcome", .choices = outcome_codes},
    {"scope", FORM_TEXT, .label = "services.field.scope", .max = SERVICES_SCOPE_MAX},
    {"from_date", FORM_DATE, .label = "services.field.from_date"},
    {"reasons", FORM_TEXT, .flags = FORM_REQUIRED, .label = "services.field.reasons", .max = SERVICES_REASONS_MAX,
     .charset = FORM_CHARS_MULTILINE},
};

/* The case page; a refused form in `which` ("ask", "decide", "reconsider"). */
static void case_page(request *rq, reply *rp, int64_t id, const char *which, const form *refused, const char *done)
{
	ctx *x = rq->c;
	arena *a = x->arena;
	application_view v;
	status st = services_case(x, id, &v);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = case_model(x, &v, true);
	const char *s = v.a.status;
	json_object_set_new(m, "can_take", json_boolean(str_eq(s, "submitted")));
	json_object_set_new(m, "can_ask", json_boolean(str_eq(s, "in_progress")));
	json_object_set_new(m, "can_decide", json_boolean(str_eq(s, "in_progress") || str_eq(s, "info_requested")));
	json_object_set_new(m, "waiting", json_boolean(str_eq(s, "info_requested")));
	json_object_set_new(m, "can_reconsider", json_boolean(str_eq(s, "appealed")));
	json_object_set_new(m, "take_url", rec_str(url_for(a, web_staff_service_take, id)));
	json_object_set_new(m, "ask_url", rec_str(url_for(a, web_staff_service_ask, id)));
	json_object_set_new(m, "decide_url", rec_str(url_for(a, web_staff_service_decide, id)));
	json_object_set_new(m, "reconsider_url", rec_str(url_for(a, web_staff_service_reconsider, id)));
	if (done != NULL)
		json_object_set_new(m, arena_printf(a, "done_%s", done), json_true());
	form ask, decide, reconsider;
	form_init(a, text_fields, ARRAY_LEN(text_fields), &ask);
	form_init(a, decide_fields, ARRAY_LEN(decide_fields), &decide);
	form_init(a, reconsider_fields, ARRAY_LEN(reconsider_fields), &reconsider);
	const form *fa = str_eq(which, "ask") ? refused : &ask;
	const form *fd = str_eq(which, "decide") ? refused : &decide;
	const form *fr = str_eq(which, "reconsider") ? refused : &reconsider;
	rec_form_fields(m, "ask_f", fa, x->locale);
	rec_form_fields(m, "decide_f", fd, x->locale);
	rec_form_fields(m, "reconsider_f", fr, x->locale);
	json_object_set_new(m, "outcomes",
	                    rec_choices(a, x->locale, "services.outcome", outcome_codes, rec_raw(fd, "outcome")));
	json_object_set_new(m, "new_outcomes",
	                    rec_choices(a, x->locale, "services.outcome", outcome_codes, rec_raw(fr, "outcome")));
	json_object_set_new(m, "results",
	                    rec_choices(a, x->locale, "services.appeal.result", result_codes, rec_raw(fr, "result")));
	if (refused != NULL) {
		form_model_into(m, refused, x->locale);
		json_object_del(m, "f");
		rp->status = 400;
		json_object_set_new(m, "title",
		                    json_sprintf("%s: %s", i18n_text(x->locale, "form.error.title"),
		                                 i18n_text(x->locale, "staff_service_case.title")));
	}
	reply_page(rq, rp, "staff_service_case", m);
}

static const char *const case_done[] = {"taken", "asked", "decided", "reconsidered", NULL};

void web_staff_service_case(request *rq, reply *rp)
{
	const char *done;
	if (!rec_query_choice(rq, rp, "done", case_done, &done))
		return;
	case_page(rq, rp, req_id(rq, "id"), NULL, NULL, done);
}

/* After a step: ST_OK back to the case; a refusal shows it with the form. */
static void case_posted(request *rq, reply *rp, int64_t id, status st, const char *which, form *f, problems *pr,
                        const char *done)
{
	if (st == ST_OK) {
		reply_redirect(rq, rp, rec_done_url(rq->c->arena, web_staff_service_case, id, done));
		return;
	}
	if (st != ST_INVALID) {
		reply_status(rq, rp, st);
		return;
	}
	form_add_problems(f, pr);
	case_page(rq, rp, id, which, f, NULL);
}

void web_staff_service_attachment(request *rq, reply *rp)
{
	download(rq, rp, services_case_attachment);
}

void web_staff_service_take(request *rq, reply *rp)
{
	int64_t id = req_id(rq, "id");
	status st = services_take(rq->c, id);
	case_posted(rq, rp, id, st, NULL, NULL, NULL, "taken");
}

void web_staff_service_ask(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	problems pr = {0};
	status st = form_parse(x->arena, text_fields, ARRAY_LEN(text_fields), &rq->form, &f);
	if (st == ST_OK)
		st = services_ask(x, id, form_text(&f, "text"), &pr);
	case_posted(rq, rp, id, st, "ask", &f, &pr, "asked");
}

void web_staff_service_decide(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	problems pr = {0};
	status st = form_parse(x->arena, decide_fields, ARRAY_LEN(decide_fields), &rq->form, &f);
	if (st == ST_OK) {
		services_decision d = {form_text(&f, "outcome"), form_text(&f, "scope"), form_text(&f, "from_date"),
		                       form_text(&f, "reasons")};
		st = services_decide(x, id, &d, &pr);
	}
	case_posted(rq, rp, id, st, "decide", &f, &pr, "decided");
}

void web_staff_service_reconsider(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	problems pr = {0};
	status st = form_parse(x->arena, reconsider_fields, ARRAY_LEN(reconsider_fields), &rq->form, &f);
	if (st == ST_OK) {
		services_reconsideration r = {form_text(&f, "result"), form_text(&f, "outcome"), form_text(&f, "scope"),
		                              form_text(&f, "from_date"), form_text(&f, "reasons")};
		st = services_reconsider(x, id, &r, &pr);
	}
	case_posted(rq, rp, id, st, "reconsider", &f, &pr, "reconsidered");
}
