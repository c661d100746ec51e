/* questionnaires.c — the rules of questionnaires: who may see and answer
 * them, drafts and submission with revision checks, sending, reading the
 * answers, withdrawal, the queue of unread answers, and the access log for
 * every read and change by anyone but the patient. */
#include "domain/questionnaires.h"

#include <string.h>

#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/queue.h"
#include "domain/record.h"
#include "domain/tx.h"
#include "store/outbox.h"
#include "store/register.h"
#include "store/settings.h"

#define WHAT "questionnaires"
#define EVENT_KIND "questionnaire" /* the notification kind of domain/settings.h */

/* A form of QF_ITEMS_MAX questions can have more problems than PROBLEMS_MAX:
 * the page then lists the first PROBLEMS_MAX, and the save is refused all
 * the same (check_answers). */

static bool is_open(const questionnaire_request *r)
{
	return str_eq(r->status, "sent") || str_eq(r->status, "in_progress");
}

status questionnaires_form_fill(arena *a, const qf_form *def, const char *response, const qf_counts *counts,
                                qf_form *form, qf_answer **answers, bool **enabled)
{
	if (!qf_expand(a, def, counts != NULL ? counts : qf_response_counts(a, def, response), form))
		return ST_INVALID; /* instances the page cannot have shown */
	size_t n = form->n ? form->n : 1;
	qf_answer *ans = arena_alloc(a, n * sizeof *ans);
	memset(ans, 0, n * sizeof *ans);
	if (response != NULL && !qf_response_answers(a, form, response, ans))
		return ST_INTERNAL;
	if (response == NULL) /* nothing saved yet: the form's initial values */
		for (size_t i = 0; i < form->n; i++) {
			ans[i].values = form->items[i].initial;
			ans[i].n = form->items[i].ninitial;
		}
	*answers = ans;
	*enabled = qf_settle(a, form, ans);
	return ST_OK;
}

/* The person as the prefill reads them: the register's name, number and
 * birth date, the contact details they gave, and the registered address
 * (else the one they gave), none of it when the address is confidential. */
static status patient_resource(const ctx *x, int64_t person_id, json_t **out)
{
	person p;
	contact_details cd = {0};
	status st = store_person_by_id(x->db, x->arena, person_id, &p);
	if (st != ST_OK || ((st = store_contact_get(x->db, x->arena, person_id, &cd)) != ST_OK && st != ST_NOT_FOUND))
		return st;
	qf_person q = {.nin = p.nin,
	               .given_name = p.given_name,
	               .family_name = p.family_name,
	               .birth_date = p.birth_date,
	               .phone = cd.phone,
	               .email = cd.email,
	               .street = cd.street,
	               .postcode = cd.postcode,
	               .city = cd.city,
	               .now = x->now};
	address ad;
	if (p.address_id != 0 && !p.confidential_address &&
	    store_address_get(x->db, x->arena, p.address_id, &ad) == ST_OK) {
		q.street = ad.street;
		q.postcode = ad.postcode;
		q.city = ad.city;
	}
	if (p.confidential_address)
		q.street = q.postcode = q.city = NULL;
	*out = qf_patient_json(&q);
	return ST_OK;
}

/* The representative acting for prefill_for (x's person, when another),
 * as the national portal's RelatedPerson: their register name and number;
 * NULL when the person acts for themself. */
static status representative_resource(const ctx *x, int64_t prefill_for, json_t **out)
{
	*out = NULL;
	if (x->who.person_id <= 0 || x->who.person_id == prefill_for)
		return ST_OK;
	person p;
	status st = store_person_by_id(x->db, x->arena, x->who.person_id, &p);
	if (st != ST_OK)
		return st;
	qf_person q = {.nin = p.nin, .given_name = p.given_name, .family_name = p.family_name};
	*out = qf_related_person_json(&q);
	return ST_OK;
}

status questionnaires_form_load(const ctx *x, int64_t prefill_for, const char *resource, const char *response,
                                const qf_counts *counts, qf_form *form, qf_answer **answers, bool **enabled)
{
	const char *error;
	qf_form *def = arena_alloc(x->arena, sizeof *def);
	if (!qf_parse(x->arena, resource, strlen(resource), def, &error))
		return ST_INTERNAL; /* imported definitions parse: the import checked them */
	if (qf_has_prefill(def)) {
		json_t *patient = NULL, *representative = NULL;
		status st = prefill_for > 0 ? patient_resource(x, prefill_for, &patient) : ST_OK;
		if (st == ST_OK && prefill_for > 0)
			st = representative_resource(x, prefill_for, &representative);
		if (st != ST_OK) {
			json_decref(patient);
			return st;
		}
		qf_prefill_acting(x->arena, def, patient, representative);
		json_decref(patient);
		json_decref(representative);
	}
	return questionnaires_form_fill(x->arena, def, response, counts, form, answers, enabled);
}

/* Reads the request's form and its answers so far; prefilled from the
 * person prefill_for (the patient; 0 for a clinician's view, which shows
 * only what the response holds). */
static status view_fill(const ctx *x, int64_t prefill_for, questionnaire_view *v)
{
	return questionnaires_form_load(x, prefill_for, v->r.resource, v->r.response, NULL, &v->form, &v->answers,
	                                &v->enabled);
}

/* ---- citizens ------------------------------------------------------------------ */

static unix_time answered_since(const ctx *x)
{
	return x->now - (unix_time)QUESTIONNAIRE_RECENT_DAYS * 86400;
}

static bool represented(const ctx *x)
{
	return x->who.person_id != x->subject_id;
}

/* Whether the form lets this person answer: one the national portal marks
 * for the patient only (sdf-canbeperformedby 2) is not a representative's. */
static bool form_lets_answer(const ctx *x, const qf_form *f)
{
	return !(f->subject_only && represented(x));
}

static status fetch_requests(ctx *x, const void *arg, void *list, size_t *n, bool *more)
{
	(void)arg;
	return store_qrequests_for_citizen(x->db, x->arena, x->subject_id, answered_since(x), x->guardian_view,
	                                   QUESTIONNAIRE_LIST_MAX, list, n, more);
}

status questionnaires_list(const ctx *x, questionnaire_request **out, size_t *n, bool *more)
{
	return record_citizen_list(x, CAP_Q1_QUESTIONNAIRES, WHAT, fetch_requests, NULL, out, n, more);
}

static status fetch_open(ctx *x, const void *arg, void *list, size_t *n, bool *more)
{
	(void)arg;
	(void)more;
	return store_qrequests_open_brief(x->db, x->arena, x->subject_id, x->guardian_view, QUESTIONNAIRE_LIST_MAX,
	                                  list, n);
}

status questionnaires_open(const ctx *x, questionnaire_brief **out, size_t *n)
{
	return record_citizen_list(x, CAP_Q1_QUESTIONNAIRES, WHAT, fetch_open, NULL, out, n, NULL);
}

const char *questionnaires_attachment_url(arena *a, int64_t id, int64_t att_id)
{
	return arena_printf(a, "/questionnaires/%lld/attachments/%lld", (long long)id, (long long)att_id);
}

/* The answers to the form's attachment items are its stored files, never
 * what a page sent: each item's files in the order added, or none. */
static status attachment_answers(const ctx *x, int64_t id, const qf_form *f, qf_answer *answers)
{
	if (!qf_has_attachment(f))
		return ST_OK;
	questionnaire_attachment *files;
	size_t n;
	status st = store_qattachments_of_request(x->db, x->arena, x->subject_id, id, QF_ITEMS_MAX, &files, &n);
	for (size_t i = 0; st == ST_OK && i < f->n; i++) {
		if (f->items[i].type != QF_ATTACHMENT)
			continue;
		const char **v = arena_alloc(x->arena, (n ? n : 1) * sizeof *v);
		answers[i] = (qf_answer){.values = v, .n = 0};
		for (size_t k = 0; k < n; k++)
			if (str_eq(files[k].link_id, f->items[i].link_id)) {
				qf_attachment att = {.url = questionnaires_attachment_url(x->arena, id, files[k].id),
				                     .content_type = files[k].file.content_type,
				                     .title = files[k].file.name,
				                     .size = files[k].file.size};
				v[answers[i].n++] = qf_attachment_value(x->arena, &att);
			}
	}
	return st;
}

static status get_fn(ctx *x, void *args)
{
	questionnaire_view *out = args;
	status st = store_qrequest_for_citizen(x->db, x->arena, x->subject_id, out->r.id, answered_since(x),
	                                       x->guardian_view, &out->r);
	return st != ST_OK ? st : record_citizen_logged(x, WHAT, audit_id(x->arena, out->r.id));
}

status questionnaires_get(const ctx *x, int64_t id, questionnaire_view *out)
{
	memset(out, 0, sizeof *out);
	if (id <= 0)
		return ST_NOT_FOUND;
	out->r.id = id;
	status st = record_citizen_row_tx(x, CAP_Q1_QUESTIONNAIRES, id, false, get_fn, out);
	if (st != ST_OK)
		return st;
	st = view_fill(x, x->subject_id, out);
	out->answerable = is_open(&out->r) && record_citizen_may(x, CAP_Q3_ANSWER) && form_lets_answer(x, &out->form);
	out->patient_only = out->form.subject_only && represented(x);
	/* The stored files are the attachment items' answers, whatever a response says. */
	return st == ST_OK && is_open(&out->r) ? attachment_answers(x, id, &out->form, out->answers) : st;
}

const char *questionnaires_answer_field(arena *a, size_t item)
{
	return arena_printf(a, "a%zu", item);
}

struct answer_op {
	int64_t id, revision;
	const qf_counts *counts;
	qf_answer *answers;
	size_t nanswers;
	bool submit;
	const qf_file_change *changes;
	size_t nchanges;
	problems *problems;
};

status questionnaires_check(arena *a, const qf_form *f, qf_answer *answers, size_t nanswers, bool submit, problems *pr)
{
	if (nanswers != f->n) {
		problems_add(pr, "revision", "questionnaires.error.changed", 0);
		return ST_INVALID;
	}
	/* Disabled items lose their answers and are not required. */
	const bool *enabled = qf_settle(a, f, answers);
	qf_problem *list;
	size_t n = qf_check(a, f, answers, enabled, submit, &list);
	for (size_t i = 0; i < n; i++)
		problems_add(pr, questionnaires_answer_field(a, list[i].item), list[i].key, list[i].limit);
	return n > 0 ? ST_INVALID : ST_OK;
}

/* Checks every answer against the form; ST_INVALID with problems. */
static status check_answers(const ctx *x, struct answer_op *o, const qf_form *f)
{
	return questionnaires_check(x->arena, f, o->answers, o->nanswers, o->submit, o->problems);
}

/* The index of attachment item link_id in form f, or -1. */
static int attachment_index(const qf_form *f, const char *link_id)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->items[i].type == QF_ATTACHMENT && str_eq(f->items[i].link_id, link_id))
			return (int)i;
	return -1;
}

/* Adds `file` as an answer to item i (link_id), in place of the item's
 * file unless it repeats; a file the rules refuse is a problem on the item. */
static status add_file(const ctx *x, int64_t id, const qf_item *it, const char *field, const upload_file *file,
                       problems *pr)
{
	int64_t max;
	const char *problem = qf_file_problem(x->arena, it, file, &max);
	if (problem != NULL) {
		problems_add(pr, field, problem, max);
		return ST_INVALID;
	}
	status st = it->repeats ? ST_OK : store_qattachment_delete(x->db, x->subject_id, id, it->link_id, 0);
	if (st != ST_OK && st != ST_NOT_FOUND)
		return st;
	questionnaire_attachment t = {.request_id = id,
	                              .patient_id = x->subject_id,
	                              .link_id = it->link_id,
	                              .added_by = x->who.person_id,
	                              .file = upload_stored_file(x->arena, file, x->now)};
	return store_qattachment_add(x->db, &t, file->data, file->len, NULL);
}

/* The questionnaire's files in all, after files were added on item field:
 * within QF_FILES_MAX and QF_FILES_BYTES_MAX. (Each item's own limit is
 * its answer's, checked with the answers.) */
static status files_within(const ctx *x, int64_t id, const char *field, problems *pr)
{
	questionnaire_attachment *files;
	size_t n;
	status st = store_qattachments_of_request(x->db, x->arena, x->subject_id, id, QF_FILES_MAX + 1, &files, &n);
	int64_t bytes = 0;
	for (size_t i = 0; i < n; i++)
		bytes += files[i].file.size;
	if (st == ST_OK && n > QF_FILES_MAX)
		problems_add(pr, field, "questionnaires.error.files_total", QF_FILES_MAX);
	else if (st == ST_OK && bytes > QF_FILES_BYTES_MAX)
		problems_add(pr, field, "upload.error.files_too_large", QF_FILES_BYTES_MAX / (1024 * 1024));
	else
		return st;
	return ST_INVALID;
}

/* Makes the page's changes to the files answering the form's attachment
 * items, in the answers' transaction: removals (of a file that is not the
 * item's, or gone already, nothing), then the new files. ST_INVALID with
 * every refused file's problem on its item; ST_NOT_FOUND for a linkId that
 * is not an attachment item of the form. */
static status change_files(const ctx *x, struct answer_op *o, const qf_form *f)
{
	status st = ST_OK;
	bool refused = false;
	const char *added = NULL; /* the field of the last item given a file */
	for (size_t k = 0; k < o->nchanges && (st == ST_OK || st == ST_INVALID); k++) {
		const qf_file_change *c = &o->changes[k];
		int i = attachment_index(f, c->link_id);
		if (i < 0)
			return ST_NOT_FOUND;
		const char *field = questionnaires_answer_field(x->arena, (size_t)i);
		if (c->file == NULL) {
			st = store_qattachment_delete(x->db, x->subject_id, o->id, c->link_id, c->remove_id);
			st = st == ST_NOT_FOUND ? ST_OK : st;
			continue;
		}
		st = add_file(x, o->id, &f->items[i], field, c->file, o->problems);
		refused = refused || st == ST_INVALID;
		added = field;
	}
	if (st != ST_OK && st != ST_INVALID)
		return st;
	if (refused)
		return ST_INVALID;
	return added != NULL ? files_within(x, o->id, added, o->problems) : ST_OK;
}

static status answer_fn(ctx *x, void *args)
{
	struct answer_op *o = args;
	o->problems->n = 0;
	questionnaire_view v = {0};
	status st = store_qrequest_for_citizen(x->db, x->arena, x->subject_id, o->id, answered_since(x),
	                                       x->guardian_view, &v.r);
	if (st != ST_OK)
		return st;
	if (!is_open(&v.r) || v.r.revision != o->revision)
		return ST_CONFLICT;
	st = questionnaires_form_load(x, x->subject_id, v.r.resource, v.r.response, o->counts, &v.form, &v.answers,
	                              &v.enabled);
	if (st == ST_INVALID)
		problems_add(o->problems, "revision", "questionnaires.error.changed", 0);
	if (st == ST_OK && !form_lets_answer(x, &v.form))
		return ST_DENIED;
	if (st != ST_OK || (st = change_files(x, o, &v.form)) != ST_OK ||
	    (st = attachment_answers(x, o->id, &v.form, o->answers)) != ST_OK ||
	    (st = check_answers(x, o, &v.form)) != ST_OK)
		return st;
	const char *response = qf_response_json(x->arena, &v.form, o->answers, o->submit, x->now);
	st = store_qrequest_save(x->db, x->subject_id, o->id, o->revision, response, o->submit, x->who.person_id,
	                         x->now);
	if (st == ST_NOT_FOUND)
		return ST_CONFLICT; /* saved by someone else between our read and write */
	if (st != ST_OK || !represented(x))
		return st;
	return audit_record(x, x->subject_id, "update", WHAT, audit_id(x->arena, o->id), "representation");
}

status questionnaires_answer_files(const ctx *x, int64_t id, int64_t revision, const qf_counts *counts,
                                   qf_answer *answers, size_t nanswers, bool submit, const qf_file_change *changes,
                                   size_t nchanges, problems *pr)
{
	pr->n = 0;
	if (!record_citizen_may(x, CAP_Q3_ANSWER))
		return ST_DENIED;
	if (id <= 0)
		return ST_NOT_FOUND;
	struct answer_op o = {.id = id,
	                      .revision = revision,
	                      .counts = counts,
	                      .answers = answers,
	                      .nanswers = nanswers,
	                      .submit = submit,
	                      .changes = changes,
	                      .nchanges = nchanges,
	                      .problems = pr};
	return domain_tx(x, true, answer_fn, &o);
}

status questionnaires_answer(const ctx *x, int64_t id, int64_t revision, const qf_counts *counts, qf_answer *answers,
                             size_t nanswers, bool submit, problems *pr)
{
	return questionnaires_answer_files(x, id, revision, counts, answers, nanswers, submit, NULL, 0, pr);
}

struct file_op {
	int64_t id, att_id;
	questionnaire_attachment *out;
	const uint8_t **data;
	size_t *len;
};

static status citizen_file_fn(ctx *x, void *args)
{
	struct file_op *o = args;
	questionnaire_request r;
	status st =
	    store_qrequest_for_citizen(x->db, x->arena, x->subject_id, o->id, answered_since(x), x->guardian_view, &r);
	if (st != ST_OK || (st = store_qattachment_get(x->db, x->arena, x->subject_id, o->id, o->att_id, o->out,
	                                               o->data, o->len)) != ST_OK)
		return st;
	return record_citizen_logged(x, WHAT, audit_id(x->arena, o->id));
}

status questionnaires_attachment(const ctx *x, int64_t id, int64_t att_id, questionnaire_attachment *out,
                                 const uint8_t **data, size_t *len)
{
	if (!record_citizen_may(x, CAP_Q1_QUESTIONNAIRES))
		return ST_DENIED;
	if (id <= 0 || att_id <= 0)
		return ST_NOT_FOUND;
	struct file_op o = {.id = id, .att_id = att_id, .out = out, .data = data, .len = len};
	return record_citizen_tx(x, citizen_file_fn, &o);
}

/* ---- clinicians ---------------------------------------------------------------- */

/* The patient's upcoming appointments at the unit the chart is open in,
 * which a questionnaire may be tied to (P6). */
static status upcoming_at_unit(const ctx *x, const record_patient *p, questionnaires_staff_view *v)
{
	appointment *all;
	size_t n;
	status st = store_appts_of_patient(x->db, x->arena, p->who.id, true, false, x->now, QUESTIONNAIRE_APPTS_MAX,
	                                   &all, &n, NULL);
	v->appointments = all;
	for (size_t i = 0; st == ST_OK && i < n; i++)
		if (all[i].unit_id == p->access.unit_id)
			v->appointments[v->nappointments++] = all[i];
	return st;
}

static status staff_list_fn(ctx *x, const record_patient *p, void *arg)
{
	questionnaires_staff_view *v = arg;
	v->patient = p->who;
	v->access = p->access;
	status st = store_qrequests_all(x->db, x->arena, p->who.id, QUESTIONNAIRE_LIST_MAX, &v->sent, &v->n, &v->more);
	if (st == ST_OK)
		st = store_questionnaires_active(x->db, x->arena, &v->available, &v->navailable);
	if (st == ST_OK)
		st = upcoming_at_unit(x, p, v);
	return st != ST_OK ? st : chart_audit(x, &p->access, "read", WHAT, NULL);
}

status questionnaires_staff_list(const ctx *x, int64_t patient_id, questionnaires_staff_view *out)
{
	memset(out, 0, sizeof *out);
	return record_staff_read_tx(x, CAP_Q1_QUESTIONNAIRES, patient_id, NULL, staff_list_fn, out);
}

struct send_op {
	int64_t patient_id;
	const questionnaire_send *in;
	problems *problems;
	int64_t *id;
};

static status send_check(const ctx *x, struct send_op *o)
{
	questionnaire_def d;
	status st = o->in->questionnaire_id > 0
	                ? store_questionnaire_by_id(x->db, x->arena, o->in->questionnaire_id, &d)
	                : ST_NOT_FOUND;
	if (st == ST_NOT_FOUND || (st == ST_OK && !str_eq(d.status, "active")))
		problems_add(o->problems, "questionnaire", "questionnaires.error.unknown", 0);
	else if (st != ST_OK)
		return st;
	date due;
	if (o->in->due_on != NULL) {
		if (!date_parse(o->in->due_on, &due))
			problems_add(o->problems, "due_on", "form.error.date_invalid", 0);
		else if (date_to_days(due) < date_to_days(date_in_oslo(x->now)))
			problems_add(o->problems, "due_on", "questionnaires.error.due_past", 0);
	}
	return o->problems->n > 0 ? ST_INVALID : ST_OK;
}

/* A questionnaire tied to an appointment (P6) is tied to one of the
 * patient's upcoming booked appointments at the unit it is sent from. */
static status appointment_check(const ctx *x, struct send_op *o, int64_t unit_id)
{
	if (o->in->appointment_id == 0)
		return ST_OK;
	appointment ap;
	status st = store_appt_get(x->db, x->arena, o->patient_id, o->in->appointment_id, false, &ap);
	if (st != ST_OK && st != ST_NOT_FOUND)
		return st;
	if (st == ST_NOT_FOUND || ap.unit_id != unit_id || !str_eq(ap.status, "booked") || ap.start_at <= x->now) {
		problems_add(o->problems, "appointment", "questionnaires.error.appointment", 0);
		return ST_INVALID;
	}
	return ST_OK;
}

static status send_fn(ctx *x, void *args)
{
	struct send_op *o = args;
	o->problems->n = 0;
	chart_access a;
	status st = authz_patient(x, CAP_Q1_QUESTIONNAIRES, o->patient_id, &a);
	if (st != ST_OK)
		return st;
	if (a.emergency)
		return ST_DENIED; /* no unit of ours to send it from, nobody to read the answers */
	if ((st = send_check(x, o)) != ST_OK || (st = appointment_check(x, o, a.unit_id)) != ST_OK)
		return st;
	questionnaire_request r = {
	    .patient_id = o->patient_id,
	    .questionnaire_id = o->in->questionnaire_id,
	    .unit_id = a.unit_id,
	    .sent_by = x->who.staff_id,
	    .sent_at = x->now,
	    .due_on = o->in->due_on,
	    .status = "sent",
	    .hidden_from_guardians = o->in->hidden_from_guardians,
	    .appointment_id = o->in->appointment_id,
	};
	if ((st = store_qrequest_insert(x->db, &r, o->id)) != ST_OK)
		return st;
	int64_t event;
	if ((st = store_outbox_add(x->db, o->patient_id, EVENT_KIND, *o->id, r.hidden_from_guardians, x->now,
	                           &event)) != ST_OK)
		return st;
	return chart_audit(x, &a, "create", WHAT, audit_id(x->arena, *o->id));
}

status questionnaires_send(const ctx *x, int64_t patient_id, const questionnaire_send *in, problems *pr, int64_t *id)
{
	pr->n = 0;
	status st = authz_staff(x, CAP_Q1_QUESTIONNAIRES);
	if (st != ST_OK)
		return st;
	if (patient_id <= 0)
		return ST_NOT_FOUND;
	struct send_op o = {.patient_id = patient_id, .in = in, .problems = pr, .id = id};
	return domain_tx(x, true, send_fn, &o);
}

/* One request of the patient: read (marking completed answers read) or withdraw. */
struct one_op {
	int64_t patient_id, id;
	questionnaire_view *view; /* NULL: withdraw */
};

static status withdraw(const ctx *x, const struct one_op *o, const chart_access *a)
{
	status st = store_qrequest_withdraw(x->db, o->patient_id, o->id, x->who.staff_id, x->now);
	if (st == ST_NOT_FOUND) {
		questionnaire_request r;
		bool exists = store_qrequest_get(x->db, x->arena, o->patient_id, o->id, &r) == ST_OK;
		st = exists ? ST_CONFLICT : ST_NOT_FOUND;
	}
	return st != ST_OK ? st : chart_audit(x, a, "update", WHAT, audit_id(x->arena, o->id));
}

static status one_fn(ctx *x, void *args)
{
	struct one_op *o = args;
	chart_access a;
	status st = authz_patient(x, CAP_Q1_QUESTIONNAIRES, o->patient_id, &a);
	if (st != ST_OK)
		return st;
	if (o->view == NULL)
		return withdraw(x, o, &a);
	o->view->access = a;
	if ((st = store_qrequest_get(x->db, x->arena, o->patient_id, o->id, &o->view->r)) != ST_OK ||
	    (st = store_person_by_id(x->db, x->arena, o->patient_id, &o->view->patient)) != ST_OK)
		return st;
	if (str_eq(o->view->r.status, "completed") && o->view->r.read_at == 0 &&
	    (st = store_qrequest_mark_read(x->db, o->patient_id, o->id, x->who.staff_id, x->now)) != ST_OK)
		return st;
	return chart_audit(x, &a, "read", WHAT, audit_id(x->arena, o->id));
}

static status one_run(const ctx *x, int64_t patient_id, int64_t id, questionnaire_view *view)
{
	status st = authz_staff(x, CAP_Q1_QUESTIONNAIRES);
	if (st != ST_OK)
		return st;
	if (patient_id <= 0 || id <= 0)
		return ST_NOT_FOUND;
	struct one_op o = {.patient_id = patient_id, .id = id, .view = view};
	return domain_tx(x, true, one_fn, &o);
}

status questionnaires_staff_get(const ctx *x, int64_t patient_id, int64_t id, questionnaire_view *out)
{
	memset(out, 0, sizeof *out);
	status st = one_run(x, patient_id, id, out);
	return st == ST_OK ? view_fill(x, 0, out) : st;
}

struct staff_file_op {
	int64_t patient_id;
	struct file_op f;
};

/* A clinician sees a file once it is submitted, as the answers: a draft's
 * file is the patient's until they send it. */
static status submitted_request(const ctx *x, int64_t patient_id, int64_t id)
{
	questionnaire_request r;
	status st = store_qrequest_get(x->db, x->arena, patient_id, id, &r);
	return st == ST_OK && !str_eq(r.status, "completed") ? ST_NOT_FOUND : st;
}

static status staff_file_fn(ctx *x, void *args)
{
	struct staff_file_op *o = args;
	chart_access a;
	status st = authz_patient(x, CAP_Q1_QUESTIONNAIRES, o->patient_id, &a);
	if (st != ST_OK || (st = submitted_request(x, o->patient_id, o->f.id)) != ST_OK ||
	    (st = store_qattachment_get(x->db, x->arena, o->patient_id, o->f.id, o->f.att_id, o->f.out, o->f.data,
	                                o->f.len)) != ST_OK)
		return st;
	return chart_audit(x, &a, "read", WHAT, audit_id(x->arena, o->f.id));
}

status questionnaires_staff_attachment(const ctx *x, int64_t patient_id, int64_t id, int64_t att_id,
                                       questionnaire_attachment *out, const uint8_t **data, size_t *len)
{
	status st = authz_staff(x, CAP_Q1_QUESTIONNAIRES);
	if (st != ST_OK)
		return st;
	if (patient_id <= 0 || id <= 0 || att_id <= 0)
		return ST_NOT_FOUND;
	struct staff_file_op o = {.patient_id = patient_id, .f = {id, att_id, out, data, len}};
	return domain_tx(x, true, staff_file_fn, &o);
}

status questionnaires_withdraw(const ctx *x, int64_t patient_id, int64_t id)
{
	return one_run(x, patient_id, id, NULL);
}

/* ---- the queue of unread answers ------------------------------------------------- */

static status queue_fetch(ctx *x, size_t limit, void **rows, size_t *n, bool *more)
{
	questionnaire_queue_item *items;
	status st = store_qrequests_unread(x->db, x->arena, x->who.staff_id, limit, &items, n, more);
	*rows = items;
	return st;
}

static const staff_queue unread_queue = {
    .row_size = sizeof(questionnaire_queue_item),
    .patient_at = offsetof(questionnaire_queue_item, r.patient_id),
    .id_at = offsetof(questionnaire_queue_item, r.id),
    .cap = CAP_W3_CLINICAL_QUEUES,
    .what = WHAT,
    .fetch = queue_fetch,
};

status questionnaires_queue(const ctx *x, questionnaire_queue_item **out, size_t *n, bool *more)
{
	return staff_queue_list(x, &unread_queue, QUESTIONNAIRE_QUEUE_MAX, out, n, more);
}

/* ---- definitions ------------------------------------------------------------------- */

status questionnaires_import(db_conn *c, const char *json, size_t len, unix_time now, int64_t *id, bool *created,
                             const char **error, arena *a)
{
	return questionnaires_import_as(c, json, len, NULL, now, id, created, error, a);
}

status questionnaires_import_as(db_conn *c, const char *json, size_t len, const qf_identity *set, unix_time now,
                                int64_t *id, bool *created, const char **error, arena *a)
{
	qf_form f;
	const char *compact;
	if (!qf_import_text(a, json, len, set, &f, &compact, error))
		return ST_INVALID;
	questionnaire_def d = {
	    .url = f.identity,
	    .version = f.version,
	    .title_nb = f.title_nb,
	    .title_en = f.title_en,
	    .status = f.status,
	    .resource = compact,
	    .imported_at = now,
	};
	status st = store_questionnaire_put(c, &d, id, created);
	if (st == ST_CONFLICT)
		*error = arena_printf(
		    a, "%s version %s is already imported with other content; give the change a new version",
		    f.identity, f.version);
	return st;
}
