/* questionnaires.c — the rules of questionnaires: who may see and answer
 * them, drafts and submission with revision checks, sending, reading the
 * answers, withdrawal, the queue of unread answers, and the access log for
 * every read and change by anyone but the patient. */
#include "domain/questionnaires.h"

#include <string.h>

#include "db/db.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "store/outbox.h"
#include "store/register.h"

#define WHAT "questionnaires"
#define EVENT_KIND "questionnaire" /* the notification kind of domain/settings.h */

static const char *id_text(arena *a, int64_t id)
{
	return arena_printf(a, "%lld", (long long)id);
}

static bool is_open(const questionnaire_request *r)
{
	return str_eq(r->status, "sent") || str_eq(r->status, "in_progress");
}

/* Reads the request's form and its answers so far. */
static status view_fill(const ctx *x, questionnaire_view *v)
{
	const char *error;
	if (!qf_parse(x->arena, v->r.resource, strlen(v->r.resource), &v->form, &error))
		return ST_INTERNAL; /* imported definitions parse: the import checked them */
	v->answers = arena_alloc(x->arena, (v->form.n ? v->form.n : 1) * sizeof *v->answers);
	memset(v->answers, 0, (v->form.n ? v->form.n : 1) * sizeof *v->answers);
	if (v->r.response != NULL && !qf_response_answers(x->arena, &v->form, v->r.response, v->answers))
		return ST_INTERNAL;
	return ST_OK;
}

/* ---- citizens ------------------------------------------------------------------ */

static unix_time answered_since(const ctx *x)
{
	return x->now - (unix_time)QUESTIONNAIRE_RECENT_DAYS * 86400;
}

static bool citizen_may(const ctx *x, enum capability cap)
{
	return x->who.kind == ACTOR_CITIZEN && x->subject_id > 0 && authz_check(x, cap) == ST_OK;
}

static bool represented(const ctx *x)
{
	return x->who.person_id != x->subject_id;
}

struct citizen_op {
	ctx x;
	int64_t id; /* 0 for the list */
	questionnaire_request **list;
	size_t *n;
	bool *more;
	questionnaire_view *one;
};

static status citizen_fn(db_conn *c, void *arg)
{
	struct citizen_op *o = arg;
	o->x.db = c;
	const ctx *x = &o->x;
	status st;
	if (o->id == 0)
		st = store_qrequests_for_citizen(c, x->arena, x->subject_id, answered_since(x), x->guardian_view,
		                                 QUESTIONNAIRE_LIST_MAX, o->list, o->n, o->more);
	else
		st = store_qrequest_for_citizen(c, x->arena, x->subject_id, o->id, answered_since(x), x->guardian_view,
		                                &o->one->r);
	if (st != ST_OK || !represented(x))
		return st;
	return audit_record(x, x->subject_id, "read", WHAT, o->id ? id_text(x->arena, o->id) : NULL, "representation");
}

static status citizen_run(const ctx *x, struct citizen_op *o)
{
	if (!citizen_may(x, CAP_Q1_QUESTIONNAIRES))
		return ST_DENIED;
	o->x = *x;
	return db_tx(x->db, represented(x), citizen_fn, o);
}

status questionnaires_list(const ctx *x, questionnaire_request **out, size_t *n, bool *more)
{
	*out = NULL;
	*n = 0;
	*more = false;
	struct citizen_op o = {.list = out, .n = n, .more = more};
	return citizen_run(x, &o);
}

status questionnaires_get(const ctx *x, int64_t id, questionnaire_view *out)
{
	memset(out, 0, sizeof *out);
	if (id <= 0)
		return ST_NOT_FOUND;
	struct citizen_op o = {.id = id, .one = out};
	status st = citizen_run(x, &o);
	if (st != ST_OK)
		return st;
	out->answerable = is_open(&out->r) && citizen_may(x, CAP_Q3_ANSWER);
	return view_fill(x, out);
}

static void problem(questionnaire_problems *p, size_t item, const char *key, size_t max)
{
	if (p->n < QUESTIONNAIRE_PROBLEMS_MAX)
		p->items[p->n++] = (questionnaire_problem){item, key, max};
}

struct answer_op {
	ctx x;
	int64_t id, revision;
	qf_answer *answers;
	size_t nanswers;
	bool submit;
	questionnaire_problems *problems;
};

/* Checks every answer against the form; ST_INVALID with problems. */
static status check_answers(struct answer_op *o, const qf_form *f)
{
	if (o->nanswers != f->n) {
		problem(o->problems, SIZE_MAX, "questionnaires.error.changed", 0);
		return ST_INVALID;
	}
	for (size_t i = 0; i < f->n; i++) {
		size_t max;
		const char *key = qf_check_answer(o->x.arena, &f->items[i], &o->answers[i], o->submit, &max);
		if (key != NULL)
			problem(o->problems, i, key, max);
	}
	return o->problems->n > 0 ? ST_INVALID : ST_OK;
}

static status answer_fn(db_conn *c, void *arg)
{
	struct answer_op *o = arg;
	o->x.db = c;
	o->problems->n = 0;
	const ctx *x = &o->x;
	questionnaire_view v = {0};
	status st = store_qrequest_for_citizen(c, x->arena, x->subject_id, o->id, answered_since(x), x->guardian_view,
	                                       &v.r);
	if (st != ST_OK)
		return st;
	if (!is_open(&v.r) || v.r.revision != o->revision)
		return ST_CONFLICT;
	if ((st = view_fill(x, &v)) != ST_OK || (st = check_answers(o, &v.form)) != ST_OK)
		return st;
	const char *response = qf_response_json(x->arena, &v.form, o->answers, o->submit, x->now);
	st = store_qrequest_save(c, x->subject_id, o->id, o->revision, response, o->submit, x->who.person_id, x->now);
	if (st == ST_NOT_FOUND)
		return ST_CONFLICT; /* saved by someone else between our read and write */
	if (st != ST_OK || !represented(x))
		return st;
	return audit_record(x, x->subject_id, "update", WHAT, id_text(x->arena, o->id), "representation");
}

status questionnaires_answer(const ctx *x, int64_t id, int64_t revision, qf_answer *answers, size_t nanswers,
                             bool submit, questionnaire_problems *problems)
{
	problems->n = 0;
	if (!citizen_may(x, CAP_Q3_ANSWER))
		return ST_DENIED;
	if (id <= 0)
		return ST_NOT_FOUND;
	struct answer_op o = {.x = *x, .id = id, .revision = revision, .answers = answers, .nanswers = nanswers,
	                      .submit = submit, .problems = problems};
	return db_tx(x->db, true, answer_fn, &o);
}

/* ---- clinicians ---------------------------------------------------------------- */


struct staff_list_op {
	ctx x;
	int64_t patient_id;
	questionnaires_staff_view *out;
};

static status staff_list_fn(db_conn *c, void *arg)
{
	struct staff_list_op *o = arg;
	o->x.db = c;
	const ctx *x = &o->x;
	questionnaires_staff_view *v = o->out;
	status st = authz_patient(x, CAP_Q1_QUESTIONNAIRES, o->patient_id, &v->access);
	if (st == ST_OK)
		st = store_person_by_id(c, x->arena, o->patient_id, &v->patient);
	if (st == ST_OK)
		st = store_qrequests_all(c, x->arena, o->patient_id, QUESTIONNAIRE_LIST_MAX, &v->sent, &v->n, &v->more);
	if (st == ST_OK)
		st = store_questionnaires_active(c, x->arena, &v->available, &v->navailable);
	if (st != ST_OK)
		return st;
	return chart_audit(x, &v->access, "read", WHAT, NULL);
}

status questionnaires_staff_list(const ctx *x, int64_t patient_id, questionnaires_staff_view *out)
{
	memset(out, 0, sizeof *out);
	status st = authz_staff(x, CAP_Q1_QUESTIONNAIRES);
	if (st != ST_OK)
		return st;
	if (patient_id <= 0)
		return ST_NOT_FOUND;
	struct staff_list_op o = {.x = *x, .patient_id = patient_id, .out = out};
	return db_tx(x->db, true, staff_list_fn, &o);
}

struct send_op {
	ctx x;
	int64_t patient_id;
	const questionnaire_send *in;
	questionnaire_problems *problems;
	int64_t *id;
};

static status send_check(struct send_op *o, db_conn *c)
{
	const ctx *x = &o->x;
	questionnaire_def d;
	status st = o->in->questionnaire_id > 0 ? store_questionnaire_by_id(c, x->arena, o->in->questionnaire_id, &d)
	                                         : ST_NOT_FOUND;
	if (st == ST_NOT_FOUND || (st == ST_OK && !str_eq(d.status, "active")))
		problem(o->problems, 0, "questionnaires.error.unknown", 0);
	else if (st != ST_OK)
		return st;
	date due;
	if (o->in->due_on != NULL) {
		if (!date_parse(o->in->due_on, &due))
			problem(o->problems, 1, "form.error.date_invalid", 0);
		else if (date_to_days(due) < date_to_days(date_in_oslo(x->now)))
			problem(o->problems, 1, "questionnaires.error.due_past", 0);
	}
	return o->problems->n > 0 ? ST_INVALID : ST_OK;
}

static status send_fn(db_conn *c, void *arg)
{
	struct send_op *o = arg;
	o->x.db = c;
	o->problems->n = 0;
	const ctx *x = &o->x;
	chart_access a;
	status st = authz_patient(x, CAP_Q1_QUESTIONNAIRES, o->patient_id, &a);
	if (st != ST_OK)
		return st;
	if (a.emergency)
		return ST_DENIED; /* no unit of ours to send it from, nobody to read the answers */
	if ((st = send_check(o, c)) != ST_OK)
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
	};
	if ((st = store_qrequest_insert(c, &r, o->id)) != ST_OK)
		return st;
	int64_t event;
	if ((st = store_outbox_add(c, o->patient_id, EVENT_KIND, *o->id, r.hidden_from_guardians, x->now, &event)) !=
	    ST_OK)
		return st;
	return chart_audit(x, &a, "create", WHAT, id_text(x->arena, *o->id));
}

status questionnaires_send(const ctx *x, int64_t patient_id, const questionnaire_send *in,
                           questionnaire_problems *problems, int64_t *id)
{
	problems->n = 0;
	status st = authz_staff(x, CAP_Q1_QUESTIONNAIRES);
	if (st != ST_OK)
		return st;
	if (patient_id <= 0)
		return ST_NOT_FOUND;
	struct send_op o = {.x = *x, .patient_id = patient_id, .in = in, .problems = problems, .id = id};
	return db_tx(x->db, true, send_fn, &o);
}

/* One request of the patient: read (marking completed answers read) or withdraw. */
struct one_op {
	ctx x;
	int64_t patient_id, id;
	questionnaire_view *view; /* NULL: withdraw */
};

static status one_fn(db_conn *c, void *arg)
{
	struct one_op *o = arg;
	o->x.db = c;
	const ctx *x = &o->x;
	chart_access a;
	status st = authz_patient(x, CAP_Q1_QUESTIONNAIRES, o->patient_id, &a);
	if (st != ST_OK)
		return st;
	if (o->view == NULL) {
		st = store_qrequest_withdraw(c, o->patient_id, o->id, x->who.staff_id, x->now);
		if (st == ST_NOT_FOUND) {
			questionnaire_request r;
			arena *ar = x->arena;
			st = store_qrequest_get(c, ar, o->patient_id, o->id, &r) == ST_OK ? ST_CONFLICT : ST_NOT_FOUND;
		}
		return st != ST_OK ? st : chart_audit(x, &a, "update", WHAT, id_text(x->arena, o->id));
	}
	o->view->access = a;
	if ((st = store_qrequest_get(c, x->arena, o->patient_id, o->id, &o->view->r)) != ST_OK ||
	    (st = store_person_by_id(c, x->arena, o->patient_id, &o->view->patient)) != ST_OK)
		return st;
	if (str_eq(o->view->r.status, "completed") && o->view->r.read_at == 0 &&
	    (st = store_qrequest_mark_read(c, o->patient_id, o->id, x->who.staff_id, x->now)) != ST_OK)
		return st;
	return chart_audit(x, &a, "read", WHAT, id_text(x->arena, o->id));
}

static status one_run(const ctx *x, int64_t patient_id, int64_t id, questionnaire_view *view)
{
	status st = authz_staff(x, CAP_Q1_QUESTIONNAIRES);
	if (st != ST_OK)
		return st;
	if (patient_id <= 0 || id <= 0)
		return ST_NOT_FOUND;
	struct one_op o = {.x = *x, .patient_id = patient_id, .id = id, .view = view};
	return db_tx(x->db, true, one_fn, &o);
}

status questionnaires_staff_get(const ctx *x, int64_t patient_id, int64_t id, questionnaire_view *out)
{
	memset(out, 0, sizeof *out);
	status st = one_run(x, patient_id, id, out);
	return st == ST_OK ? view_fill(x, out) : st;
}

status questionnaires_withdraw(const ctx *x, int64_t patient_id, int64_t id)
{
	return one_run(x, patient_id, id, NULL);
}

struct queue_op {
	ctx x;
	questionnaire_queue_item **out;
	size_t *n;
	bool *more;
};

static status queue_fn(db_conn *c, void *arg)
{
	struct queue_op *o = arg;
	o->x.db = c;
	const ctx *x = &o->x;
	questionnaire_queue_item *items;
	size_t n;
	status st = store_qrequests_unread(c, x->arena, x->who.staff_id, QUESTIONNAIRE_QUEUE_MAX, &items, &n, o->more);
	if (st != ST_OK)
		return st;
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		chart_access a;
		st = authz_patient(x, CAP_W3_CLINICAL_QUEUES, items[i].r.patient_id, &a);
		if (st == ST_NOT_FOUND || st == ST_DENIED)
			continue;
		if (st != ST_OK || (st = chart_audit(x, &a, "read", WHAT, id_text(x->arena, items[i].r.id))) != ST_OK)
			return st;
		items[kept++] = items[i];
	}
	*o->out = items;
	*o->n = kept;
	return ST_OK;
}

status questionnaires_queue(const ctx *x, questionnaire_queue_item **out, size_t *n, bool *more)
{
	*out = NULL;
	*n = 0;
	*more = false;
	status st = authz_staff(x, CAP_W3_CLINICAL_QUEUES);
	if (st != ST_OK)
		return st;
	struct queue_op o = {.x = *x, .out = out, .n = n, .more = more};
	return db_tx(x->db, true, queue_fn, &o);
}

/* ---- definitions ------------------------------------------------------------------- */

status questionnaires_import(db_conn *c, const char *json, size_t len, unix_time now, int64_t *id, bool *created,
                             const char **error, arena *a)
{
	qf_form f;
	if (!qf_parse(a, json, len, &f, error))
		return ST_INVALID;
	questionnaire_def d = {
	    .url = f.url,
	    .version = f.version,
	    .title_nb = f.title_nb,
	    .title_en = f.title_en,
	    .status = f.status,
	    .resource = arena_strndup(a, json, len),
	    .imported_at = now,
	};
	status st = store_questionnaire_put(c, &d, id, created);
	if (st == ST_CONFLICT)
		*error = arena_printf(a, "%s version %s is already imported with other content; give the change a new version",
		                      f.url, f.version);
	return st;
}
