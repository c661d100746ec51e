/* answering.h — a citizen's answers to a questionnaire form (web/qform.h)
 * posted on an area's page: read, checked, saved and answered. One flow for
 * every area whose form is a questionnaire (questionnaires sent by
 * clinicians, applications for municipal services); the area says how its
 * page is read, shown and saved. */
#ifndef HELSAMI_WEB_ANSWERING_H
#define HELSAMI_WEB_ANSWERING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/problems.h"
#include "domain/questionnaire_files.h"
#include "domain/questionnaire_form.h"
#include "web/form.h"
#include "web/web.h"

/* What the flow needs of an area's view: its form, the stored answers and
 * enabled flags (all in the view), the stored response, and whether the
 * citizen may answer it now. */
typedef struct answer_form {
	qf_form *qf;
	qf_answer **answers;
	bool **enabled;
	const char *response;
	bool open;
} answer_form;

/* An area's questionnaire page, as answer_posted needs it. */
typedef struct answer_page {
	/* Reads the area's view of id into `view`, and *af from it. */
	status (*get)(const ctx *x, int64_t id, void *view, answer_form *af);
	/* Shows the page of `view` with the posted form f; `changed`: someone
	 * else saved meanwhile (answered 409). */
	void (*show)(request *rq, reply *rp, void *view, form *f, bool changed);
	/* Saves (or submits) the answers at the revision the page showed. */
	status (*save)(const ctx *x, int64_t id, int64_t revision, const qf_counts *counts, qf_answer *answers,
	               size_t n, bool submit, problems *pr);
	/* save, with the changes to the files answering the form's attachment
	 * items in the same transaction (problems on their items); NULL for an
	 * area whose forms take no files (save is used). */
	status (*save_files)(const ctx *x, int64_t id, int64_t revision, const qf_counts *counts, qf_answer *answers,
	                     size_t n, bool submit, const qf_file_change *changes, size_t nchanges, problems *pr);
	web_handler list; /* where a submitted form goes, with ?done=submitted */
	web_handler page; /* the page itself: ?done=saved after a save */
	/* The page's ?done when the form may no longer be answered (NULL: the
	 * page as it is), and whether that is answered before the post is read. */
	const char *shut_done;
	bool shut_first;
} answer_page;

/* GET of the page of the route's :id: its ?done (one of done_choices) and
 * ?add read (400 for anything else), the view read into `view`, and with
 * ?add one more instance of that group while the form may be answered.
 * False when it was answered instead (the page is the area's to show). */
bool answer_page_open(request *rq, reply *rp, const answer_page *p, const char *const *done_choices, void *view,
                      const char **done);

/* POST to the page of the route's :id: the answers and the files of its
 * attachment items (one a field; removals by the field's "remove" or
 * "remove-<file id>") read (400 for what the page never sends), shown
 * again with their problems (400; a file not stored because of another
 * problem says so on its item), saved together (to the list when
 * submitted, else the page with ?done=saved and the group to add another
 * of), or, when someone else saved meanwhile, shown against the page as it
 * is now (409), nothing stored. `view` and `now` are two of the area's
 * views. */
void answer_posted(request *rq, reply *rp, const answer_page *p, void *view, void *now);

#endif
