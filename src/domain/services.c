/* services.c — the rules of municipal services: the catalogue of the
 * record's municipality, drafts and submission through the questionnaire
 * engine, the caseworker's steps, decisions and appeals, with their
 * letters, events and access-log entries. */
#include "domain/services.h"

#include <string.h>

#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/chart.h"
#include "domain/documents.h"
#include "domain/questionnaires.h"
#include "domain/record.h"
#include "domain/tx.h"
#include "store/outbox.h"
#include "store/register.h"

#define WHAT "services"
#define WHAT_FILE "services.attachment"

static bool represented(const ctx *x)
{
	return x->who.person_id != x->subject_id;
}

/* A citizen's change, logged when a representative makes it. */
static status log_change(const ctx *x, const char *action, int64_t id)
{
	if (!represented(x))
		return ST_OK;
	return audit_record(x, x->subject_id, action, WHAT, audit_id(x->arena, id), "representation");
}

/* The municipality of the person's registered address; for someone whose
 * address is withheld (confidential) or unknown, that of the first unit
 * they are a patient of; NULL when neither is known. */
static status municipality_of(const ctx *x, int64_t person_id, const char **out)
{
	*out = NULL;
	person p;
	status st = store_person_by_id(x->db, x->arena, person_id, &p);
	if (st != ST_OK)
		return st;
	address ad;
	if (p.address_id != 0 && !p.confidential_address &&
	    (st = store_address_get(x->db, x->arena, p.address_id, &ad)) != ST_NOT_FOUND) {
		if (st == ST_OK)
			*out = ad.municipality;
		return st;
	}
	st = store_person_unit_municipality(x->db, x->arena, person_id, out);
	return st == ST_NOT_FOUND ? ST_OK : st;
}

/* Reads the application's form, answers, messages, letters and files;
 * prefilled from prefill_for (the applicant, never a representative acting
 * for them; 0 for a caseworker, who sees only what the response holds). */
static status view_fill(const ctx *x, int64_t prefill_for, application_view *v)
{
	status st = questionnaires_form_load(x, prefill_for, v->a.resource, v->a.response, NULL, &v->form, &v->answers,
	                                     &v->enabled);
	if (st == ST_OK)
		st = store_case_messages(x->db, x->arena, v->a.id, SERVICES_MESSAGES_MAX, &v->messages, &v->nmessages);
	if (st == ST_OK)
		st = store_documents_of_application(x->db, x->arena, v->a.id, &v->letters, &v->nletters);
	if (st == ST_OK)
		st = store_service_atts_of_application(x->db, x->arena, v->a.id, SERVICES_FILES_MAX, &v->attachments,
		                                       &v->nattachments);
	return st;
}

/* Stores files[0..n) on application a as `part` (application, reply,
 * appeal), within SERVICES_FILES_MAX in the whole case. */
static status add_files(ctx *x, const service_application *a, const char *part, const upload_file *files, size_t n,
                        problems *pr)
{
	if (n == 0)
		return ST_OK;
	service_attachment *have;
	size_t nhave;
	status st = store_service_atts_of_application(x->db, x->arena, a->id, SERVICES_FILES_MAX, &have, &nhave);
	if (st != ST_OK)
		return st;
	if (nhave + n > SERVICES_FILES_MAX) {
		problems_add(pr, "attachment", "services.error.too_many_files", SERVICES_FILES_MAX);
		return ST_INVALID;
	}
	for (size_t i = 0; i < n && st == ST_OK; i++) {
		service_attachment t = {.application_id = a->id,
		                        .patient_id = a->patient_id,
		                        .part = part,
		                        .added_by = x->who.person_id,
		                        .file = upload_stored_file(x->arena, &files[i], x->now)};
		int64_t id;
		st = store_service_att_insert(x->db, &t, files[i].data, files[i].len, &id);
	}
	return st;
}

/* Text that must be given: problems on field. */
static bool required_text(problems *pr, const char *field, const char *s, size_t max, bool multiline)
{
	if (s == NULL || *s == '\0') {
		problems_add(pr, field, "form.error.required", 0);
		return false;
	}
	return problems_check_text(pr, field, s, 1, max, multiline);
}

/* ---- citizens ----------------------------------------------------------------------- */

static status home_fn(ctx *x, void *args)
{
	services_home *h = args;
	status st = municipality_of(x, x->subject_id, &h->municipality);
	if (st == ST_OK && h->municipality != NULL)
		st = store_services_of_municipality(x->db, x->arena, h->municipality, &h->services, &h->nservices);
	if (st == ST_OK)
		st = store_applications_of_patient(x->db, x->arena, x->subject_id, SERVICES_LIST_MAX, &h->applications,
		                                   &h->napplications, &h->more);
	return st != ST_OK ? st : record_citizen_logged(x, WHAT, NULL);
}

status services_home_get(const ctx *x, services_home *out)
{
	memset(out, 0, sizeof *out);
	if (!record_citizen_may(x, CAP_K1_APPLY))
		return ST_DENIED;
	return record_citizen_tx(x, home_fn, out);
}

struct start_op {
	int64_t service_id, *id;
};

static status start_fn(ctx *x, void *args)
{
	struct start_op *o = args;
	municipal_service s;
	const char *municipality;
	status st = store_service_get(x->db, x->arena, o->service_id, &s);
	if (st == ST_OK)
		st = municipality_of(x, x->subject_id, &municipality);
	if (st != ST_OK)
		return st;
	if (municipality == NULL || !str_eq(municipality, s.municipality))
		return ST_NOT_FOUND; /* another municipality's service */
	service_application a = {.patient_id = x->subject_id,
	                         .service_id = s.id,
	                         .unit_id = s.unit_id,
	                         .created_by = x->who.person_id,
	                         .created_at = x->now};
	if ((st = store_application_insert(x->db, &a, o->id)) != ST_OK)
		return st;
	return log_change(x, "create", *o->id);
}

status services_start(const ctx *x, int64_t service_id, int64_t *id)
{
	*id = 0;
	struct start_op o = {service_id, id};
	return record_citizen_row_tx(x, CAP_K1_APPLY, service_id, true, start_fn, &o);
}

static bool appeal_open(const ctx *x, const service_application *a)
{
	return str_eq(a->status, "decided") && a->appeal_deadline != NULL &&
	       strcmp(record_today(x), a->appeal_deadline) <= 0;
}

/* The subject's application id, in the status a step needs (NULL: any);
 * another status is ST_CONFLICT. */
static status own_application(ctx *x, int64_t id, const char *status_needed, service_application *a)
{
	status st = store_application_of_patient(x->db, x->arena, x->subject_id, id, a);
	if (st == ST_OK && status_needed != NULL && !str_eq(a->status, status_needed))
		return ST_CONFLICT;
	return st;
}

static status application_fn(ctx *x, void *args)
{
	application_view *v = args;
	status st = own_application(x, v->a.id, NULL, &v->a);
	if (st == ST_OK)
		st = view_fill(x, v->a.patient_id, v);
	return st != ST_OK ? st : record_citizen_logged(x, WHAT, audit_id(x->arena, v->a.id));
}

status services_application(const ctx *x, int64_t id, application_view *out)
{
	memset(out, 0, sizeof *out);
	out->a.id = id;
	status st = record_citizen_row_tx(x, CAP_K1_APPLY, id, false, application_fn, out);
	if (st != ST_OK)
		return st;
	out->editable = str_eq(out->a.status, "draft");
	out->can_reply = str_eq(out->a.status, "info_requested");
	bool decided = str_eq(out->a.status, "decided");
	out->can_appeal = appeal_open(x, &out->a) && record_citizen_may(x, CAP_K3_APPEAL);
	out->appeal_late = decided && !appeal_open(x, &out->a);
	return ST_OK;
}

struct save_op {
	int64_t id, revision;
	const qf_counts *counts;
	qf_answer *answers;
	size_t nanswers;
	bool submit;
	problems *pr;
};

/* The receipt's list of what was attached, so the applicant has it in
 * writing; NULL when nothing was. */
static json_t *attachments_section(ctx *x, const service_application *a)
{
	service_attachment *list;
	size_t n;
	if (store_service_atts_of_application(x->db, x->arena, a->id, SERVICES_FILES_MAX, &list, &n) != ST_OK || n == 0)
		return NULL;
	const char *names = list[0].file.name;
	for (size_t i = 1; i < n; i++)
		names = arena_printf(x->arena, "%s\n%s", names, list[i].file.name);
	return documents_section("Vedlegg", names);
}

static status receipt(ctx *x, const service_application *a)
{
	json_t *sections = json_array();
	json_array_append_new(
	    sections, documents_section(
	                  NULL, arena_printf(x->arena,
	                                     "Vi har mottatt søknaden din om %s %s. Saken behandles av %s. "
	                                     "Du får svar i helsami, og vi kan be deg om flere opplysninger der.",
	                                     a->title_nb, documents_date_nb(x->arena, record_today(x)), a->unit_name)));
	json_t *files = attachments_section(x, a);
	if (files != NULL)
		json_array_append_new(sections, files);
	int64_t doc;
	return documents_add_letter(x, a, "receipt", arena_printf(x->arena, "Kvittering: søknad om %s", a->title_nb),
	                            sections, &doc);
}

static status save_fn(ctx *x, void *args)
{
	struct save_op *o = args;
	o->pr->n = 0;
	application_view v = {0};
	status st = own_application(x, o->id, "draft", &v.a);
	if (st != ST_OK)
		return st;
	if (v.a.revision != o->revision)
		return ST_CONFLICT;
	st =
	    questionnaires_form_load(x, v.a.patient_id, v.a.resource, NULL, o->counts, &v.form, &v.answers, &v.enabled);
	if (st == ST_INVALID)
		problems_add(o->pr, "revision", "questionnaires.error.changed", 0);
	/* A form the national portal marks for the person alone (sdf-canbeperformedby 2). */
	if (st == ST_OK && v.form.subject_only && represented(x))
		return ST_DENIED;
	if (st != ST_OK ||
	    (st = questionnaires_check(x->arena, &v.form, o->answers, o->nanswers, o->submit, o->pr)) != ST_OK)
		return st;
	const char *response = qf_response_json(x->arena, &v.form, o->answers, o->submit, x->now);
	st = store_application_save(x->db, x->subject_id, o->id, o->revision, response, o->submit, x->who.person_id,
	                            x->now);
	if (st == ST_NOT_FOUND)
		return ST_CONFLICT;
	if (st == ST_OK && o->submit &&
	    (st = store_service_user_add(x->db, x->subject_id, v.a.unit_id, record_today(x))) == ST_OK)
		st = receipt(x, &v.a);
	return st != ST_OK ? st : log_change(x, o->submit ? "submit" : "update", o->id);
}

status services_save(const ctx *x, int64_t id, int64_t revision, const qf_counts *counts, qf_answer *answers,
                     size_t nanswers, bool submit, problems *pr)
{
	pr->n = 0;
	struct save_op o = {id, revision, counts, answers, nanswers, submit, pr};
	return record_citizen_row_tx(x, CAP_K1_APPLY, id, true, save_fn, &o);
}

struct text_op {
	int64_t id;
	const char *text;
	const upload_file *files;
	size_t nfiles;
	problems *pr;
};

static status reply_fn(ctx *x, void *args)
{
	struct text_op *o = args;
	service_application a;
	status st = own_application(x, o->id, NULL, &a);
	if (st != ST_OK)
		return st;
	if ((st = store_application_move(x->db, o->id, "info_requested", "in_progress", 0)) != ST_OK)
		return st;
	case_message m = {
	    .application_id = o->id, .author_id = x->who.person_id, .body = o->text, .created_at = x->now};
	int64_t mid;
	if ((st = store_case_message_insert(x->db, &m, &mid)) != ST_OK ||
	    (st = add_files(x, &a, "reply", o->files, o->nfiles, o->pr)) != ST_OK)
		return st;
	return log_change(x, "update", o->id);
}

/* A citizen's step that takes one text and files (a reply, an appeal):
 * checked, then fn. */
static status citizen_text(const ctx *x, enum capability cap, struct text_op *o, size_t max, domain_tx_fn fn)
{
	o->pr->n = 0;
	if (!record_citizen_may(x, cap))
		return ST_DENIED;
	if (o->id <= 0)
		return ST_NOT_FOUND;
	bool ok = required_text(o->pr, "text", o->text, max, true);
	if (!upload_check(o->pr, o->files, o->nfiles) || !ok)
		return ST_INVALID;
	return record_citizen_write_tx(x, fn, o);
}

status services_reply(const ctx *x, int64_t id, const char *text, const upload_file *files, size_t n, problems *pr)
{
	struct text_op o = {id, text, files, n, pr};
	return citizen_text(x, CAP_K1_APPLY, &o, SERVICES_TEXT_MAX, reply_fn);
}

static status appeal_fn(ctx *x, void *args)
{
	struct text_op *o = args;
	service_application a;
	status st = own_application(x, o->id, "decided", &a);
	if (st != ST_OK)
		return st;
	if (!appeal_open(x, &a)) {
		problems_add(o->pr, "text", "services.appeal.late", 0);
		return ST_INVALID;
	}
	if ((st = store_application_appeal(x->db, x->subject_id, o->id, o->text, x->who.person_id, x->now)) != ST_OK ||
	    (st = add_files(x, &a, "appeal", o->files, o->nfiles, o->pr)) != ST_OK)
		return st;
	return log_change(x, "appeal", o->id);
}

status services_appeal(const ctx *x, int64_t id, const char *text, const upload_file *files, size_t n, problems *pr)
{
	struct text_op o = {id, text, files, n, pr};
	return citizen_text(x, CAP_K3_APPEAL, &o, SERVICES_REASONS_MAX, appeal_fn);
}

static status attach_fn(ctx *x, void *args)
{
	struct text_op *o = args;
	service_application a;
	status st = own_application(x, o->id, "draft", &a);
	if (st != ST_OK)
		return st;
	if ((st = add_files(x, &a, "application", o->files, o->nfiles, o->pr)) != ST_OK)
		return st;
	return log_change(x, "update", o->id);
}

status services_attach(const ctx *x, int64_t id, const upload_file *files, size_t n, problems *pr)
{
	pr->n = 0;
	if (!record_citizen_may(x, CAP_K1_APPLY))
		return ST_DENIED;
	if (id <= 0)
		return ST_NOT_FOUND;
	if (n == 0)
		problems_add(pr, "attachment", "upload.error.none", 0);
	if (n == 0 || !upload_check(pr, files, n))
		return ST_INVALID;
	struct text_op o = {.id = id, .files = files, .nfiles = n, .pr = pr};
	return record_citizen_write_tx(x, attach_fn, &o);
}

struct file_op {
	int64_t id, att_id;
	service_attachment *out;
	const uint8_t **data;
	size_t *len;
};

static status detach_fn(ctx *x, void *args)
{
	struct file_op *o = args;
	service_application a;
	status st = own_application(x, o->id, "draft", &a);
	if (st != ST_OK)
		return st;
	if ((st = store_service_att_delete_draft(x->db, x->subject_id, o->id, o->att_id)) != ST_OK)
		return st;
	return log_change(x, "update", o->id);
}

status services_detach(const ctx *x, int64_t id, int64_t att_id)
{
	if (!record_citizen_may(x, CAP_K1_APPLY))
		return ST_DENIED;
	if (id <= 0 || att_id <= 0)
		return ST_NOT_FOUND;
	struct file_op o = {.id = id, .att_id = att_id};
	return record_citizen_write_tx(x, detach_fn, &o);
}

static status attachment_fn(ctx *x, void *args)
{
	struct file_op *o = args;
	service_application a;
	status st = own_application(x, o->id, NULL, &a);
	if (st == ST_OK)
		st = store_service_att_get(x->db, x->arena, o->id, o->att_id, o->out, o->data, o->len);
	return st != ST_OK ? st : record_citizen_logged(x, WHAT_FILE, audit_id(x->arena, o->att_id));
}

status services_attachment(const ctx *x, int64_t id, int64_t att_id, service_attachment *out, const uint8_t **data,
                           size_t *len)
{
	if (!record_citizen_may(x, CAP_K1_APPLY))
		return ST_DENIED;
	if (id <= 0 || att_id <= 0)
		return ST_NOT_FOUND;
	struct file_op o = {id, att_id, out, data, len};
	return record_citizen_tx(x, attachment_fn, &o);
}

/* ---- caseworkers -------------------------------------------------------------------- */

/* The application, when the reader may work on it: a caseworker at its
 * unit, and the applicant a user of that unit (ARCHITECTURE rule 2: the
 * role held at the patient's unit; submitting makes the applicant a user
 * of the services office). The basis for the access log in *basis. Anyone
 * else: ST_NOT_FOUND (a caseworker of another municipality sees nothing). */
static status case_open(ctx *x, int64_t id, service_application *a, chart_access *basis)
{
	status st = store_application_get(x->db, x->arena, id, a);
	if (st != ST_OK)
		return st;
	if (str_eq(a->status, "draft"))
		return ST_NOT_FOUND; /* not sent in yet */
	if ((st = authz_patient(x, CAP_K2_CASEWORK, a->patient_id, basis)) != ST_OK)
		return st == ST_DENIED ? ST_NOT_FOUND : st;
	bool holds;
	if ((st = store_staff_role_at(x->db, x->who.staff_id, a->unit_id, "caseworker", &holds)) != ST_OK)
		return st;
	if (!holds || basis->emergency)
		return ST_NOT_FOUND;
	*basis = (chart_access){.patient_id = a->patient_id, .unit_id = a->unit_id, .role = "caseworker"};
	return ST_OK;
}

static status staff_may(const ctx *x)
{
	return x->who.kind == ACTOR_STAFF ? authz_staff(x, CAP_K2_CASEWORK) : ST_DENIED;
}

/* A caseworker's step on application id: ST_OK to go on. */
static status staff_step(const ctx *x, int64_t id)
{
	status st = staff_may(x);
	return st != ST_OK ? st : id <= 0 ? ST_NOT_FOUND : ST_OK;
}

static status queue_fn(ctx *x, void *args)
{
	struct {
		service_application **out;
		size_t *n;
		bool *more;
	} *o = args;
	status st =
	    store_applications_queue(x->db, x->arena, x->who.staff_id, SERVICES_QUEUE_MAX, o->out, o->n, o->more);
	for (size_t i = 0; st == ST_OK && i < *o->n; i++) {
		const service_application *a = &(*o->out)[i];
		chart_access basis = {.patient_id = a->patient_id, .unit_id = a->unit_id, .role = "caseworker"};
		st = chart_audit_for(x, &basis, "read", WHAT, audit_id(x->arena, a->id), "casework");
	}
	return st;
}

status services_queue(const ctx *x, service_application **out, size_t *n, bool *more)
{
	*out = NULL;
	*n = 0;
	*more = false;
	status st = staff_may(x);
	if (st != ST_OK)
		return st;
	struct {
		service_application **out;
		size_t *n;
		bool *more;
	} o = {out, n, more};
	return domain_tx(x, true, queue_fn, &o);
}

static status case_fn(ctx *x, void *args)
{
	application_view *v = args;
	chart_access basis;
	status st = case_open(x, v->a.id, &v->a, &basis);
	if (st == ST_OK)
		st = view_fill(x, 0, v);
	return st != ST_OK ? st : chart_audit_for(x, &basis, "read", WHAT, audit_id(x->arena, v->a.id), "casework");
}

status services_case(const ctx *x, int64_t id, application_view *out)
{
	memset(out, 0, sizeof *out);
	status st = staff_step(x, id);
	if (st != ST_OK)
		return st;
	out->a.id = id;
	return domain_tx(x, true, case_fn, out);
}

static status take_fn(ctx *x, void *args)
{
	int64_t id = *(int64_t *)args;
	service_application a;
	chart_access basis;
	status st = case_open(x, id, &a, &basis);
	if (st != ST_OK)
		return st;
	if ((st = store_application_move(x->db, id, "submitted", "in_progress", x->who.staff_id)) != ST_OK)
		return st;
	return chart_audit_for(x, &basis, "update", WHAT, audit_id(x->arena, id), "casework");
}

static status case_attachment_fn(ctx *x, void *args)
{
	struct file_op *o = args;
	service_application a;
	chart_access basis;
	status st = case_open(x, o->id, &a, &basis);
	if (st == ST_OK)
		st = store_service_att_get(x->db, x->arena, o->id, o->att_id, o->out, o->data, o->len);
	return st != ST_OK ? st
	                   : chart_audit_for(x, &basis, "read", WHAT_FILE, audit_id(x->arena, o->att_id), "casework");
}

status services_case_attachment(const ctx *x, int64_t id, int64_t att_id, service_attachment *out, const uint8_t **data,
                                size_t *len)
{
	status st = staff_step(x, id);
	if (st != ST_OK)
		return st;
	if (att_id <= 0)
		return ST_NOT_FOUND;
	struct file_op o = {id, att_id, out, data, len};
	return domain_tx(x, true, case_attachment_fn, &o);
}

status services_take(const ctx *x, int64_t id)
{
	status st = staff_step(x, id);
	if (st != ST_OK)
		return st;
	return domain_tx(x, true, take_fn, &id);
}

static status ask_fn(ctx *x, void *args)
{
	struct text_op *o = args;
	service_application a;
	chart_access basis;
	status st = case_open(x, o->id, &a, &basis);
	if (st != ST_OK)
		return st;
	if ((st = store_application_move(x->db, o->id, "in_progress", "info_requested", x->who.staff_id)) != ST_OK)
		return st;
	case_message m = {.application_id = o->id,
	                  .author_id = x->who.person_id,
	                  .from_staff = true,
	                  .body = o->text,
	                  .created_at = x->now};
	int64_t mid, ev;
	if ((st = store_case_message_insert(x->db, &m, &mid)) != ST_OK ||
	    (st = store_outbox_add(x->db, a.patient_id, "new_message", o->id, false, x->now, &ev)) != ST_OK)
		return st;
	return chart_audit_for(x, &basis, "update", WHAT, audit_id(x->arena, o->id), "casework");
}

status services_ask(const ctx *x, int64_t id, const char *text, problems *pr)
{
	pr->n = 0;
	status st = staff_step(x, id);
	if (st != ST_OK)
		return st;
	if (!required_text(pr, "text", text, SERVICES_TEXT_MAX, true))
		return ST_INVALID;
	struct text_op o = {.id = id, .text = text, .pr = pr};
	return domain_tx(x, true, ask_fn, &o);
}

static const char *const outcome_choices[] = {"granted", "partly", "refused", NULL};

/* The decision's problems: the outcome, and for a grant its scope and start. */
static void check_decision(const ctx *x, problems *pr, const char *outcome, const char *scope, const char *from_date,
                           const char *reasons)
{
	problems_check_choice(pr, "outcome", outcome, outcome_choices);
	bool grant = outcome != NULL && !str_eq(outcome, "refused");
	if (grant) {
		required_text(pr, "scope", scope, SERVICES_SCOPE_MAX, false);
		if (problems_check_date(pr, "from_date", from_date, true) && from_date != NULL &&
		    strcmp(from_date, record_today(x)) < 0)
			problems_add(pr, "from_date", "services.error.from_past", 0);
	}
	required_text(pr, "reasons", reasons, SERVICES_REASONS_MAX, true);
}

/* The decision part of a letter: what was decided, in Norwegian. */
static const char *decision_text(arena *a, const service_application *app, const char *outcome, const char *scope,
                                 const char *from_date)
{
	if (str_eq(outcome, "refused"))
		return arena_printf(a, "Søknaden din om %s er avslått.", app->title_nb);
	return arena_printf(a, "Søknaden din om %s er %s. Du får %s fra %s.", app->title_nb,
	                    str_eq(outcome, "granted") ? "innvilget" : "delvis innvilget", scope,
	                    documents_date_nb(a, from_date));
}

static json_t *appeal_section(arena *a, const service_application *app, const char *deadline)
{
	return documents_section(
	    "Du har rett til å klage",
	    arena_printf(a,
	                 "Du kan klage på vedtaket. Klagefristen er tre uker fra du fikk dette brevet "
	                 "(forvaltningsloven § 29): klag senest %s. Du klager i helsami, på siden for "
	                 "søknaden, eller skriftlig til %s. Klagen behandles først av %s, som kan endre "
	                 "vedtaket. Blir vedtaket ikke endret, sendes klagen til Statsforvalteren for "
	                 "endelig avgjørelse. Du har rett til å se dokumentene i saken "
	                 "(forvaltningsloven § 18).",
	                 documents_date_nb(a, deadline), app->unit_name, app->unit_name));
}

struct decide_op {
	int64_t id;
	const services_decision *in;
	problems *pr;
};

static status decide_fn(ctx *x, void *args)
{
	struct decide_op *o = args;
	service_application a;
	chart_access basis;
	status st = case_open(x, o->id, &a, &basis);
	if (st != ST_OK)
		return st;
	date today;
	date_parse(record_today(x), &today);
	char deadline[11];
	date_format(date_from_days(date_to_days(today) + SERVICES_APPEAL_DAYS), deadline);
	bool grant = !str_eq(o->in->outcome, "refused");
	service_application d = {.id = o->id,
	                         .outcome = o->in->outcome,
	                         .scope = grant ? o->in->scope : NULL,
	                         .from_date = grant ? o->in->from_date : NULL,
	                         .reasons = o->in->reasons,
	                         .decided_at = x->now,
	                         .decided_by = x->who.staff_id,
	                         .appeal_deadline = deadline};
	if ((st = store_application_decide(x->db, &d)) != ST_OK)
		return st;
	json_t *sections = json_array();
	json_array_append_new(
	    sections, documents_section("Vedtak", decision_text(x->arena, &a, d.outcome, d.scope, d.from_date)));
	json_array_append_new(sections, documents_section("Begrunnelse", d.reasons));
	json_array_append_new(sections, documents_section("Lovgrunnlag", a.legal_basis));
	json_array_append_new(sections, appeal_section(x->arena, &a, deadline));
	int64_t doc;
	if ((st = documents_add_letter(x, &a, "decision", arena_printf(x->arena, "Vedtak om %s", a.title_nb), sections,
	                               &doc)) != ST_OK)
		return st;
	return chart_audit_for(x, &basis, "decide", WHAT, audit_id(x->arena, o->id), "casework");
}

status services_decide(const ctx *x, int64_t id, const services_decision *in, problems *pr)
{
	pr->n = 0;
	status st = staff_step(x, id);
	if (st != ST_OK)
		return st;
	check_decision(x, pr, in->outcome, in->scope, in->from_date, in->reasons);
	if (pr->n > 0)
		return ST_INVALID;
	struct decide_op o = {id, in, pr};
	return domain_tx(x, true, decide_fn, &o);
}

static const char *const result_choices[] = {"reversed", "upheld", NULL};

struct reconsider_op {
	int64_t id;
	const services_reconsideration *in;
};

static status reconsider_fn(ctx *x, void *args)
{
	struct reconsider_op *o = args;
	service_application a;
	chart_access basis;
	status st = case_open(x, o->id, &a, &basis);
	if (st != ST_OK)
		return st;
	bool reversed = str_eq(o->in->result, "reversed");
	bool grant = reversed && !str_eq(o->in->outcome, "refused");
	service_application d = {.id = o->id,
	                         .appeal_outcome = o->in->result,
	                         .appeal_reasons = o->in->reasons,
	                         .appeal_decided_at = x->now,
	                         .decided_by = x->who.staff_id,
	                         .forwarded_at = reversed ? 0 : x->now,
	                         .outcome = reversed ? o->in->outcome : NULL,
	                         .scope = grant ? o->in->scope : NULL,
	                         .from_date = grant ? o->in->from_date : NULL};
	if ((st = store_application_appeal_decide(x->db, &d)) != ST_OK)
		return st;
	json_t *sections = json_array();
	if (reversed) {
		json_array_append_new(
		    sections,
		    documents_section(
		        "Klagen din",
		        arena_printf(x->arena, "%s har behandlet klagen din og endrer vedtaket.", a.unit_name)));
		json_array_append_new(sections, documents_section("Nytt vedtak", decision_text(x->arena, &a, d.outcome,
		                                                                               d.scope, d.from_date)));
	} else {
		json_array_append_new(
		    sections,
		    documents_section(
		        "Klagen din",
		        arena_printf(x->arena,
		                     "%s har behandlet klagen din og opprettholder vedtaket. Klagen er sendt til "
		                     "Statsforvalteren, som avgjør den endelig (forvaltningsloven § 33). Du får "
		                     "svar fra Statsforvalteren.",
		                     a.unit_name)));
	}
	json_array_append_new(sections, documents_section("Begrunnelse", d.appeal_reasons));
	json_array_append_new(sections, documents_section("Lovgrunnlag", a.legal_basis));
	int64_t doc;
	if ((st = documents_add_letter(x, &a, "appeal_outcome", arena_printf(x->arena, "Svar på klage: %s", a.title_nb),
	                               sections, &doc)) != ST_OK)
		return st;
	return chart_audit_for(x, &basis, "decide", WHAT, audit_id(x->arena, o->id), "casework");
}

status services_reconsider(const ctx *x, int64_t id, const services_reconsideration *in, problems *pr)
{
	pr->n = 0;
	status st = staff_step(x, id);
	if (st != ST_OK)
		return st;
	if (problems_check_choice(pr, "result", in->result, result_choices) && str_eq(in->result, "reversed"))
		check_decision(x, pr, in->outcome, in->scope, in->from_date, in->reasons);
	else
		required_text(pr, "reasons", in->reasons, SERVICES_REASONS_MAX, true);
	if (pr->n > 0)
		return ST_INVALID;
	struct reconsider_op o = {id, in};
	return domain_tx(x, true, reconsider_fn, &o);
}
