/* answering.c — a citizen's posted answers to a questionnaire form. */
#include "web/answering.h"

#include "domain/questionnaires.h"
#include "web/qform.h"
#include "web/record_page.h"
#include "web/uploads.h"

/* Where a form that may no longer be answered goes. */
static const char *shut_url(arena *a, const answer_page *p, int64_t id)
{
	return p->shut_done != NULL ? rec_done_url(a, p->page, id, p->shut_done) : url_for(a, p->page, id);
}

/* After a save: the list when submitted, else the page again (with the
 * group to add another instance of, when asked). */
static const char *saved_url(arena *a, const answer_page *p, int64_t id, bool submit, int64_t add)
{
	if (submit)
		return arena_printf(a, "%s?done=submitted", web_path(p->list));
	const char *saved = rec_done_url(a, p->page, id, "saved");
	return add >= 0 ? arena_printf(a, "%s&add=%lld", saved, (long long)add) : saved;
}

/* Someone else saved, submitted, or the form was withdrawn: what this
 * person typed, shown against the page as it is now. */
static void answer_changed(request *rq, reply *rp, const answer_page *p, int64_t id, form *f, void *now)
{
	ctx *x = rq->c;
	answer_form af;
	if (p->get(x, id, now, &af) != ST_OK || !af.open || !qform_posted(x->arena, af.qf, &rq->form, af.qf)) {
		reply_redirect(rq, rp, shut_url(x->arena, p, id));
		return;
	}
	rp->status = 409;
	p->show(rq, rp, now, f, true);
}

bool answer_page_open(request *rq, reply *rp, const answer_page *p, const char *const *done_choices, void *view,
                      const char **done)
{
	ctx *x = rq->c;
	int64_t add;
	if (!qform_query(rq, rp, done_choices, done, &add))
		return false;
	answer_form af;
	status st = p->get(x, req_id(rq, "id"), view, &af);
	if (st == ST_OK && add >= 0 && af.open)
		st = qform_add_instance(x->arena, af.response, add, af.qf, af.answers, af.enabled);
	return !reply_failed(rq, rp, st, NULL);
}

/* One attachment item's post: its file part stored, or "remove" on its
 * field; the domain's problems named on the item's field. */
static status attach_one(request *rq, const answer_page *p, int64_t id, const qf_item *it, const char *name,
                         const form *f, problems *pr)
{
	size_t n;
	upload_file *files = web_uploads_named(rq, name, &n);
	if (n > 1) {
		problems_add(pr, name, "upload.error.too_many_files", 1);
		return ST_INVALID;
	}
	status st = ST_OK;
	if (n == 1)
		st = p->attach(rq->c, id, it->link_id, &files[0], pr);
	else if (str_eq(form_text(f, name), "remove"))
		st = p->attach(rq->c, id, it->link_id, NULL, pr);
	if (st == ST_NOT_FOUND && n == 0)
		st = ST_OK; /* nothing to remove */
	for (size_t k = 0; k < pr->n; k++)
		pr->items[k].field = name;
	return st;
}

/* Stores or removes the files the post gives for the form's attachment
 * items; stops at the first refused one. */
static status attach_posted(request *rq, const answer_page *p, int64_t id, const qf_form *qf, const form *f,
                            problems *pr)
{
	status st = ST_OK;
	for (size_t i = 0; st == ST_OK && p->attach != NULL && i < qf->n; i++)
		if (qf->items[i].type == QF_ATTACHMENT)
			st = attach_one(rq, p, id, &qf->items[i], questionnaires_answer_field(rq->c->arena, i), f, pr);
	return st;
}

void answer_posted(request *rq, reply *rp, const answer_page *p, void *view, void *now)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	answer_form af;
	status st = p->get(x, id, view, &af);
	if (reply_failed(rq, rp, st, NULL))
		return;
	qf_form *qf = af.qf;
	if (!af.open && p->shut_first) {
		reply_redirect(rq, rp, shut_url(x->arena, p, id));
		return;
	}
	if (!qform_posted(x->arena, qf, &rq->form, qf)) {
		reply_error(rq, rp, 400); /* instances our page cannot have shown */
		return;
	}
	size_t nfields;
	form_field *fields = qform_fields(x->arena, qf, &nfields);
	form f;
	status parsed = form_parse(x->arena, fields, nfields, &rq->form, &f);
	if (form_text(&f, "action") == NULL || form_get(&f, "revision")->text == NULL || f.form_error != NULL) {
		reply_error(rq, rp, 400); /* not what our page sends */
		return;
	}
	if (!af.open) {
		reply_redirect(rq, rp, shut_url(x->arena, p, id));
		return;
	}
	problems *pr = arena_alloc(x->arena, sizeof *pr);
	if (qf_has_attachment(qf)) {
		st = attach_posted(rq, p, id, qf, &f, pr);
		if (st == ST_OK)
			st = p->get(x, id, view, &af); /* the page shows the files as stored now */
		if (st == ST_INVALID) {
			form_add_problems(&f, pr);
			p->show(rq, rp, view, &f, false);
			return;
		}
		if (st == ST_CONFLICT) {
			answer_changed(rq, rp, p, id, &f, now);
			return;
		}
		if (reply_failed(rq, rp, st, NULL))
			return;
	}
	qf_answer *answers = qform_answers(x->arena, qf, &f);
	int64_t add;
	bool submit = str_eq(qform_action(qf, &f, answers, &add), "submit");
	if (parsed != ST_OK) {
		qform_check_rest(x->arena, qf, *af.answers, &f, submit);
		p->show(rq, rp, view, &f, false);
		return;
	}
	st = p->save(x, id, form_int(&f, "revision", -1), qf->counts, answers, qf->n, submit, pr);
	if (st == ST_OK) {
		reply_redirect(rq, rp, saved_url(x->arena, p, id, submit, add));
		return;
	}
	if (st == ST_INVALID) {
		form_add_problems(&f, pr);
		p->show(rq, rp, view, &f, false);
		return;
	}
	if (st != ST_CONFLICT) {
		reply_status(rq, rp, st);
		return;
	}
	answer_changed(rq, rp, p, id, &f, now);
}
