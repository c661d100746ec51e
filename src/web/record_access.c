/* record_access.c (web) — access to the record (SPEC.md D2): the
 * citizen's requests and the form (GET, POST /documents/record-access),
 * one request with its answer (GET /documents/record-access/:id), and the
 * clinicians' queue by deadline with one request's page, the extract and
 * the refusal (/staff/queues/record-access). */
#include <string.h>

#include "domain/record_access.h"
#include "web/i18n.h"
#include "web/pages.h"
#include "web/record_page.h"

static const form_field ask_fields[] = {
    {"unit", FORM_INT, .flags = FORM_REQUIRED, .label = "record_access.unit", .min = 1, .max = INT64_MAX},
    {"parts", FORM_ENUM, .flags = FORM_REQUIRED | FORM_REPEATED, .label = "record_access.parts",
     .choices = record_access_parts, .max_count = 8},
    {"from_date", FORM_DATE, .flags = FORM_REQUIRED, .label = "record_access.from_date"},
    {"to_date", FORM_DATE, .flags = FORM_REQUIRED, .label = "record_access.to_date"},
    {"message", FORM_TEXT, .label = "record_access.message", .max = RECORD_ACCESS_MESSAGE_MAX,
     .charset = FORM_CHARS_MULTILINE},
};

static const form_field refuse_fields[] = {
    {"reason", FORM_ENUM, .flags = FORM_REQUIRED, .label = "record_access.refusal.reason",
     .choices = record_access_refusals},
    {"text", FORM_TEXT, .flags = FORM_REQUIRED, .label = "record_access.refusal.text", .min = RECORD_ACCESS_REFUSAL_MIN,
     .max = RECORD_ACCESS_REFUSAL_MAX, .charset = FORM_CHARS_MULTILINE},
};

static const char *const done_choices[] = {"asked", "fulfilled", "refused", "conflict", NULL};

static json_t *parts_model(arena *a, enum locale loc, const char *parts)
{
	json_t *list = json_array();
	for (size_t i = 0; record_access_parts[i] != NULL; i++) {
		size_t n = strlen(record_access_parts[i]);
		for (const char *p = parts; p != NULL && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
			if (strncmp(p, record_access_parts[i], n) == 0 && (p[n] == ',' || p[n] == '\0'))
				json_array_append_new(list,
				                      rec_label(a, loc, "record_access.part", record_access_parts[i]));
	}
	return list;
}

static json_t *request_model(const ctx *x, const record_access_request *r, bool for_staff)
{
	arena *a = x->arena;
	enum locale loc = x->locale;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "url",
	                    rec_str(for_staff ? url_for(a, web_staff_record_access, r->id)
	                                      : url_for(a, web_record_access_request, r->id)));
	json_object_set_new(o, "unit", rec_str(r->unit_name));
	json_object_set_new(o, "parts", parts_model(a, loc, r->parts));
	json_object_set_new(o, "from", rec_str(i18n_date_text(a, loc, r->from_date)));
	json_object_set_new(o, "to", rec_str(i18n_date_text(a, loc, r->to_date)));
	json_object_set_new(o, "message", rec_paragraphs(r->message));
	json_object_set_new(o, "received", rec_str(i18n_time_text(a, loc, r->created_at)));
	json_object_set_new(o, "due", rec_str(i18n_date_text(a, loc, r->due_date)));
	json_object_set_new(o, "overdue", json_boolean(record_access_overdue(x, r)));
	json_object_set_new(o, "status", rec_label(a, loc, "record_access.status", r->status));
	json_object_set_new(o, "open", json_boolean(strcmp(r->status, "received") == 0));
	json_object_set_new(o, "refused", json_boolean(strcmp(r->status, "refused") == 0));
	json_object_set_new(o, "refusal_reason", rec_label(a, loc, "record_access.refusal", r->refusal_reason));
	json_object_set_new(o, "refusal_text", rec_paragraphs(r->refusal_text));
	json_object_set_new(o, "requested_by", rec_str(r->requested_by_name));
	json_object_set_new(o, "by_other", json_boolean(r->requested_by != r->patient_id));
	json_object_set_new(o, "handled_by", rec_str(r->handled_by_name));
	json_object_set_new(o, "patient", rec_str(r->patient_name));
	json_object_set_new(o, "birth_date", rec_str(i18n_date_text(a, loc, r->patient_birth_date)));
	if (!for_staff && r->document_id > 0)
		json_object_set_new(o, "document_url", rec_str(url_for(a, web_document, r->document_id)));
	if (!for_staff && r->receipt_id > 0)
		json_object_set_new(o, "receipt_url", rec_str(url_for(a, web_document, r->receipt_id)));
	return o;
}

/* ---- the citizen ------------------------------------------------------------------------- */

static void ask_page(request *rq, reply *rp, json_t *m, const form *f)
{
	ctx *x = rq->c;
	unit_choice *units;
	size_t nu;
	record_access_request *list;
	size_t n;
	bool more;
	status st = record_access_units(x, &units, &nu);
	if (st == ST_OK)
		st = record_access_list(x, &list, &n, &more);
	if (reply_failed(rq, rp, st, m))
		return;
	json_t *parts = json_array();
	for (size_t i = 0; record_access_parts[i] != NULL; i++)
		json_array_append_new(
		    parts, json_pack("{s:s, s:o, s:b}", "code", record_access_parts[i], "label",
		                     rec_label(x->arena, x->locale, "record_access.part", record_access_parts[i]),
		                     "checked", form_has(f, "parts", record_access_parts[i])));
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, request_model(x, &list[i], false));
	json_object_set_new(m, "units", rec_unit_choices(x->arena, units, nu, rec_raw(f, "unit")));
	json_object_set_new(m, "has_units", json_boolean(nu > 0));
	json_object_set_new(m, "part_choices", parts);
	json_object_set_new(m, "items", items);
	json_object_set_new(m, "more", json_boolean(more));
	json_object_set_new(m, "action", rec_str(web_path(web_record_access_ask)));
	rec_form_into(m, f, x->locale);
	reply_page(rq, rp, "record_access", m);
}

void web_record_access(request *rq, reply *rp)
{
	json_t *m = rec_done_model(rq, rp, done_choices);
	if (m == NULL)
		return;
	form f;
	form_init(rq->c->arena, ask_fields, ARRAY_LEN(ask_fields), &f);
	ask_page(rq, rp, m, &f);
}

void web_record_access_ask(request *rq, reply *rp)
{
	ctx *x = rq->c;
	form f;
	status parsed = form_parse(x->arena, ask_fields, ARRAY_LEN(ask_fields), &rq->form, &f);
	problems pr = {0};
	status st = ST_INVALID;
	int64_t id = 0;
	if (parsed == ST_OK) {
		const form_value *parts = form_get(&f, "parts");
		record_access_in in = {form_int(&f, "unit", 0),
		                       parts->items,
		                       parts->count,
		                       form_text(&f, "from_date"),
		                       form_text(&f, "to_date"),
		                       form_text(&f, "message")};
		st = record_access_ask(x, &in, &pr, &id);
	}
	json_t *m = rec_posted(rq, rp, st, rec_done_url(x->arena, web_record_access_request, id, "asked"), &f, &pr,
	                       "record_access");
	if (m != NULL)
		ask_page(rq, rp, m, &f);
}

void web_record_access_request(request *rq, reply *rp)
{
	json_t *m = rec_done_model(rq, rp, done_choices);
	if (m == NULL)
		return;
	record_access_request r;
	status st = record_access_get(rq->c, req_id(rq, "id"), &r);
	if (reply_failed(rq, rp, st, m))
		return;
	json_object_set_new(m, "request", request_model(rq->c, &r, false));
	reply_page(rq, rp, "record_access_request", m);
}

/* ---- clinicians ---------------------------------------------------------------------------- */

void web_staff_record_access_queue(request *rq, reply *rp)
{
	json_t *m = rec_done_model(rq, rp, done_choices);
	if (m == NULL)
		return;
	record_access_request *list;
	size_t n;
	bool more;
	status st = record_access_queue(rq->c, &list, &n, &more);
	if (reply_failed(rq, rp, st, m))
		return;
	json_t *items = json_array();
	size_t overdue = 0;
	for (size_t i = 0; i < n; i++) {
		overdue += record_access_overdue(rq->c, &list[i]) ? 1 : 0;
		json_array_append_new(items, request_model(rq->c, &list[i], true));
	}
	json_object_set_new(m, "items", items);
	json_object_set_new(m, "more", json_boolean(more));
	json_object_set_new(m, "overdue_count", json_integer((json_int_t)overdue));
	reply_page(rq, rp, "staff_record_access_queue", m);
}

static void staff_page(request *rq, reply *rp, int64_t id, json_t *m, const form *refused)
{
	ctx *x = rq->c;
	record_access_request r;
	record_patient p;
	status st = record_access_staff_get(x, id, &r, &p);
	if (reply_failed(rq, rp, st, m))
		return;
	json_object_set_new(m, "request", request_model(x, &r, true));
	json_object_set_new(m, "patient", rec_patient_model(x->arena, &p));
	json_object_set_new(m, "fulfil_url", rec_str(url_for(x->arena, web_staff_record_access_fulfil, id)));
	json_object_set_new(m, "refuse_url", rec_str(url_for(x->arena, web_staff_record_access_refuse, id)));
	form f;
	if (refused != NULL)
		f = *refused;
	else
		form_init(x->arena, refuse_fields, ARRAY_LEN(refuse_fields), &f);
	json_object_set_new(
	    m, "reasons",
	    rec_choices(x->arena, x->locale, "record_access.refusal", record_access_refusals, rec_raw(&f, "reason")));
	rec_form_into(m, &f, x->locale);
	reply_page(rq, rp, "staff_record_access", m);
}

void web_staff_record_access(request *rq, reply *rp)
{
	json_t *m = rec_done_model(rq, rp, done_choices);
	if (m != NULL)
		staff_page(rq, rp, req_id(rq, "id"), m, NULL);
}

static void answered(request *rq, reply *rp, int64_t id, status st, const char *done)
{
	arena *a = rq->c->arena;
	if (st == ST_CONFLICT) {
		reply_redirect(rq, rp, rec_done_url(a, web_staff_record_access, id, "conflict"));
		return;
	}
	if (reply_failed(rq, rp, st, NULL))
		return;
	reply_redirect(rq, rp, arena_printf(a, "%s?done=%s", web_path(web_staff_record_access_queue), done));
}

void web_staff_record_access_fulfil(request *rq, reply *rp)
{
	int64_t id = req_id(rq, "id");
	answered(rq, rp, id, record_access_fulfil(rq->c, id), "fulfilled");
}

void web_staff_record_access_refuse(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	status parsed = form_parse(x->arena, refuse_fields, ARRAY_LEN(refuse_fields), &rq->form, &f);
	problems pr = {0};
	status st = ST_INVALID;
	if (parsed == ST_OK)
		st = record_access_refuse(x, id, form_text(&f, "reason"), form_text(&f, "text"), &pr);
	if (st != ST_INVALID) {
		answered(rq, rp, id, st, "refused");
		return;
	}
	form_add_problems(&f, &pr);
	json_t *m = json_object();
	rec_refused(rq, rp, m, &f, "staff_record_access");
	staff_page(rq, rp, id, m, &f);
}
