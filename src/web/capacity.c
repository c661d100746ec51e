/* capacity.c (web) — applications for access to an adult lacking capacity to
 * consent (SPEC.md R4): the citizen's form with its upload, and the staff
 * review queue with the document and the decision. */
#include <string.h>

#include "domain/capacity.h"
#include "domain/representation.h"
#include "web/i18n.h"
#include "web/pages.h"

static void capacity_form(request *rq, reply *rp, enum capacity_outcome why)
{
	json_t *m = json_object();
	const char *nin = req_form(rq, "nin"), *relation = req_form(rq, "relation"),
	           *statement = req_form(rq, "statement");
	const char *family = req_form(rq, "family_name");
	json_object_set_new(m, "nin", json_string(nin ? nin : ""));
	json_object_set_new(m, "family_name", json_string(family ? family : ""));
	json_object_set_new(m, "statement", json_string(statement ? statement : ""));
	if (relation != NULL)
		json_object_set_new(m, arena_printf(rq->c->arena, "rel_%s", relation), json_true());
	json_object_set_new(m, "max_mb", json_integer(CAPACITY_DOC_MAX / (1024 * 1024)));
	if (why != CAPACITY_OK) {
		json_object_set_new(m, "error",
		                    json_string(i18n_text_code(rq->c->locale, rq->c->arena, "capacity.error.",
		                                               capacity_outcome_code(why))));
		const char *field = why == CAPACITY_BAD_RELATION                                        ? "relation"
		                    : why == CAPACITY_BAD_STATEMENT                                     ? "statement"
		                    : why == CAPACITY_NO_NAME                                           ? "family_name"
		                    : why >= CAPACITY_NO_DOCUMENT && why <= CAPACITY_DOCUMENT_TOO_LARGE ? "document"
		                                                                                        : "nin";
		json_object_set_new(m, "error_field", json_string(field));
		json_object_set_new(m, arena_printf(rq->c->arena, "error_%s", field), json_true());
		rp->status = why == CAPACITY_TOO_MANY ? 429 : 400;
	}
	reply_page(rq, rp, "access_capacity", m);
}

void web_capacity_form(request *rq, reply *rp)
{
	capacity_form(rq, rp, CAPACITY_OK);
}

static const upload *document_of(const request *rq)
{
	for (size_t i = 0; i < rq->files.len; i++)
		if (strcmp(rq->files.items[i].field, "document") == 0 && rq->files.items[i].len > 0)
			return &rq->files.items[i];
	return NULL;
}

void web_capacity_apply(request *rq, reply *rp)
{
	const upload *doc = document_of(rq);
	enum capacity_outcome why;
	int64_t id;
	status st = capacity_apply(rq->c, req_form(rq, "nin"), req_form(rq, "family_name"), req_form(rq, "relation"),
	                           req_form(rq, "statement"), doc ? (const uint8_t *)doc->data : NULL,
	                           doc ? doc->len : 0, &why, &id);
	if (reply_failed(rq, rp, st, NULL))
		return;
	if (why != CAPACITY_OK) {
		capacity_form(rq, rp, why);
		return;
	}
	reply_redirect(rq, rp, arena_printf(rq->c->arena, "%s?applied=1", web_path(web_access_page)));
}

static json_t *application_model(request *rq, const capacity_application *a)
{
	json_t *o = json_object();
	char when[21];
	time_format(a->submitted_at, when);
	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "applicant", json_string(a->applicant_name));
	json_object_set_new(o, "person", json_string(a->person_name));
	json_object_set_new(
	    o, "relation", json_string(i18n_text_code(rq->c->locale, rq->c->arena, "capacity.relation.", a->relation)));
	json_object_set_new(o, "statement", json_string(a->statement));
	json_object_set_new(o, "submitted", json_stringn(when, 10));
	json_object_set_new(o, "status",
	                    json_string(i18n_text_code(rq->c->locale, rq->c->arena, "capacity.status.", a->status)));
	json_object_set_new(o, "open", json_boolean(!strcmp(a->status, "pending") || !strcmp(a->status, "taken")));
	if (a->decision_reason != NULL)
		json_object_set_new(o, "reason", json_string(a->decision_reason));
	if (a->decided_by_name != NULL) {
		char day[21];
		time_format(a->decided_at, day);
		json_object_set_new(o, "decided_by", json_string(a->decided_by_name));
		json_object_set_new(o, "decided", json_stringn(day, 10));
	}
	if (a->taken_by_name != NULL && json_is_true(json_object_get(o, "open")))
		json_object_set_new(o, "taken_by", json_string(a->taken_by_name));
	json_object_set_new(o, "mine",
	                    json_boolean(rq->c->who.kind == ACTOR_STAFF && a->taken_by == rq->c->who.staff_id));
	return o;
}

/* The citizen's own applications, for the access overview. */
json_t *web_capacity_mine(request *rq)
{
	capacity_application rows[CAPACITY_LIST_MAX];
	size_t n = 0;
	json_t *list = json_array();
	if (capacity_mine(rq->c, rows, CAPACITY_LIST_MAX, &n) == ST_OK)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, application_model(rq, &rows[i]));
	return list;
}

void web_capacity_queue(request *rq, reply *rp)
{
	capacity_application rows[CAPACITY_LIST_MAX];
	size_t n;
	status st = capacity_queue(rq->c, rows, CAPACITY_LIST_MAX, &n);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = application_model(rq, &rows[i]);
		json_object_set_new(o, "url", json_string(url_for(rq->c->arena, web_capacity_show, rows[i].id)));
		json_array_append_new(list, o);
	}
	json_t *m = json_object();
	json_object_set_new(m, "applications", list);
	reply_page(rq, rp, "staff_capacity_queue", m);
}

/* The application page; with error_key, the error in it answered with
 * error_status. */
static void show_application(request *rq, reply *rp, int64_t id, const char *error_key, int error_status)
{
	capacity_application a;
	status st = capacity_open(rq->c, id, &a);
	if (reply_failed(rq, rp, st, NULL))
		return;
	arena *ar = rq->c->arena;
	json_t *m = json_object();
	json_object_set_new(m, "a", application_model(rq, &a));
	json_object_set_new(m, "document_url", json_string(url_for(ar, web_capacity_document, id)));
	json_object_set_new(m, "take_url", json_string(url_for(ar, web_capacity_take, id)));
	json_object_set_new(m, "decide_url", json_string(url_for(ar, web_capacity_decide, id)));
	char until[11];
	date today = date_in_oslo(rq->c->now);
	date_format((date){today.year + CAPACITY_MAX_YEARS, today.month, today.day == 29 ? 28 : today.day}, until);
	json_object_set_new(m, "max_until", json_string(until));
	if (error_key != NULL) {
		/* What the reviewer typed stays in the form. */
		const char *reason = req_form(rq, "reason"), *typed = req_form(rq, "valid_until");
		json_object_set_new(m, "typed_reason", json_string(reason ? reason : ""));
		json_object_set_new(m, "typed_until", json_string(typed ? typed : ""));
		json_object_set_new(m, "error", json_string(i18n_text(rq->c->locale, error_key)));
		rp->status = error_status;
	}
	reply_page(rq, rp, "staff_capacity", m);
}

void web_capacity_show(request *rq, reply *rp)
{
	show_application(rq, rp, req_id(rq, "id"), NULL, 0);
}

void web_capacity_document(request *rq, reply *rp)
{
	const char *type;
	const uint8_t *data;
	size_t len;
	int64_t id = req_id(rq, "id");
	status st = capacity_document(rq->c, id, &type, &data, &len);
	if (reply_failed(rq, rp, st, NULL))
		return;
	/* Never rendered in our origin: downloaded, sandboxed, not sniffed. */
	reply_attachment(rq, rp, type, "application", id, data, len);
}

/* After taking or deciding an application: ST_OK goes on to next; a
 * refusal the reviewer can act on, ST_INVALID or ST_CONFLICT with its
 * catalog key given (NULL: none), shows the application again saying why;
 * anything else is answered by the status. */
static void acted(request *rq, reply *rp, int64_t id, status st, const char *next, const char *invalid_key,
                  const char *conflict_key)
{
	const char *key = st == ST_INVALID ? invalid_key : st == ST_CONFLICT ? conflict_key : NULL;
	if (st == ST_OK)
		reply_redirect(rq, rp, next);
	else if (key != NULL)
		show_application(rq, rp, id, key, web_status_code(st));
	else
		reply_status(rq, rp, st);
}

void web_capacity_take(request *rq, reply *rp)
{
	int64_t id = req_id(rq, "id");
	status st = capacity_take(rq->c, id, str_eq(req_form(rq, "takeover"), "1"));
	acted(rq, rp, id, st, url_for(rq->c->arena, web_capacity_show, id), NULL, "capacity.take.error_taken");
}

void web_capacity_decide(request *rq, reply *rp)
{
	int64_t id = req_id(rq, "id");
	const char *decision = req_form(rq, "decision");
	bool grant = str_eq(decision, "grant");
	if (!grant && !str_eq(decision, "refuse")) {
		reply_error(rq, rp, 400);
		return;
	}
	status st = capacity_decide(rq->c, id, grant, req_form(rq, "valid_until"), req_form(rq, "reason"));
	acted(rq, rp, id, st, arena_printf(rq->c->arena, "%s?decided=1", web_path(web_capacity_queue)),
	      grant ? "capacity.decide.error_until" : "capacity.decide.error_reason", "capacity.decide.error_not_mine");
}
