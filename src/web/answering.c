/* answering.c — a citizen's posted answers to a questionnaire form. */
#include "web/answering.h"

#include <stdio.h>

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
 * occurrence of a repeating group to add another instance of, when asked,
 * by its key in the answers as saved; none when it went with an empty
 * instance around it). */
static const char *saved_url(arena *a, const answer_page *p, int64_t id, bool submit, const char *add)
{
	if (submit)
		return arena_printf(a, "%s?done=submitted", web_path(p->list));
	const char *saved = rec_done_url(a, p->page, id, "saved");
	return add != NULL ? arena_printf(a, "%s&add=%s", saved, add) : saved;
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
	const char *add;
	if (!qform_query(rq, rp, done_choices, done, &add))
		return false;
	answer_form af;
	status st = p->get(x, req_id(rq, "id"), view, &af);
	if (st == ST_OK && add != NULL && af.open)
		st = qform_add_instance(x->arena, af.response, add, af.qf, af.answers, af.enabled);
	return !reply_failed(rq, rp, st, NULL);
}

/* The removals the field of attachment item `it` asks for: "remove" (its
 * file) on one that does not repeat, "remove-<file id>" on one that does.
 * False for anything else (our page never sends it). */
static bool posted_removals(const qf_item *it, const form *f, const char *name, qf_file_change *out, size_t *n)
{
	const form_value *v = form_get(f, name);
	if (!it->repeats) {
		if (str_eq(form_text(f, name), "remove"))
			out[(*n)++] = (qf_file_change){.link_id = it->link_id};
		return true;
	}
	for (size_t k = 0; k < v->count; k++) {
		long long id;
		int used = 0;
		if (sscanf(v->items[k], "remove-%lld%n", &id, &used) != 1 || v->items[k][used] != '\0' || id <= 0)
			return false;
		out[(*n)++] = (qf_file_change){.link_id = it->link_id, .remove_id = id};
	}
	return true;
}

/* The changes the post makes to the files of the form's attachment items:
 * each field's removals, then its file (one at a time: more is a problem
 * on the item). False when the post holds what our page never sends. */
static bool posted_files(request *rq, const qf_form *qf, const form *f, qf_file_change **out, size_t *n, problems *pr)
{
	arena *a = rq->c->arena;
	size_t room = 0; /* a field holds at most QF_ITEM_FILES_MAX removals (its max_count) and one file */
	for (size_t i = 0; i < qf->n; i++)
		if (qf->items[i].type == QF_ATTACHMENT)
			room += QF_ITEM_FILES_MAX + 1;
	*out = arena_alloc(a, (room ? room : 1) * sizeof **out);
	*n = 0;
	for (size_t i = 0; i < qf->n; i++) {
		const qf_item *it = &qf->items[i];
		if (it->type != QF_ATTACHMENT)
			continue;
		const char *name = questionnaires_answer_field(a, i);
		if (!posted_removals(it, f, name, *out, n))
			return false;
		size_t k;
		upload_file *files = web_uploads_named(rq, name, &k);
		if (k > 1)
			problems_add(pr, name, "questionnaires.error.one_file", 0);
		else if (k == 1)
			(*out)[(*n)++] = (qf_file_change){.link_id = it->link_id, .file = &files[0]};
	}
	return true;
}

/* A posted file is stored only with the answers: when they are refused,
 * its item says the file was not kept (unless it has a problem of its own). */
static void files_not_stored(arena *a, form *f, const qf_form *qf, const qf_file_change *changes, size_t n)
{
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; changes[k].file != NULL && i < qf->n; i++)
			if (qf->items[i].type == QF_ATTACHMENT && str_eq(qf->items[i].link_id, changes[k].link_id))
				form_add_error(f, questionnaires_answer_field(a, i),
				               "questionnaires.error.file_not_saved", 0);
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
	pr->n = 0;
	qf_file_change *changes = NULL;
	size_t nchanges = 0;
	if (p->save_files != NULL && qf_has_attachment(qf) && !posted_files(rq, qf, &f, &changes, &nchanges, pr)) {
		reply_error(rq, rp, 400); /* not what our page sends */
		return;
	}
	qf_answer *answers = qform_answers(x->arena, qf, &f);
	const char *add;
	bool submit = str_eq(qform_action(x->arena, qf, &f, answers, &add), "submit");
	if (parsed != ST_OK || pr->n > 0) {
		form_add_problems(&f, pr);
		qform_check_rest(x->arena, qf, *af.answers, &f, submit);
		files_not_stored(x->arena, &f, qf, changes, nchanges);
		p->show(rq, rp, view, &f, false);
		return;
	}
	int64_t revision = form_int(&f, "revision", -1);
	st = p->save_files != NULL
	         ? p->save_files(x, id, revision, qf->counts, answers, qf->n, submit, changes, nchanges, pr)
	         : p->save(x, id, revision, qf->counts, answers, qf->n, submit, pr);
	if (st == ST_OK) {
		/* The save settled answers as it stored them. */
		const char *stored = add != NULL ? qf_stored_key(x->arena, qf, answers, add) : NULL;
		reply_redirect(rq, rp, saved_url(x->arena, p, id, submit, stored));
		return;
	}
	if (st == ST_INVALID) {
		form_add_problems(&f, pr);
		files_not_stored(x->arena, &f, qf, changes, nchanges);
		p->show(rq, rp, view, &f, false);
		return;
	}
	if (st != ST_CONFLICT) {
		reply_status(rq, rp, st);
		return;
	}
	answer_changed(rq, rp, p, id, &f, now);
}
