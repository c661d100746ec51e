/* documents.c (web) — the document centre (SPEC.md D1): GET /documents
 * (newest first, unread marked, ?kind= filters), GET /documents/:id (the
 * letter as HTML; the first opening is recorded) and GET /documents/:id/pdf
 * (the same letter as the PDF the letter job made, downloaded, never
 * rendered in our origin); and the digital mailbox's read receipts (K2),
 * POST /integrations/digital-mailbox/read-receipts: the provider's call,
 * with its shared secret as a Bearer token, answered in JSON. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/authz.h"
#include "domain/documents.h"
#include "integrations/letter_adapter.h"
#include "web/i18n.h"
#include "web/pages.h"
#include "web/record_page.h"

static const char *const kind_codes[] = {"receipt", "decision", "appeal_outcome", "record_extract", NULL};

/* The service's name for a letter about an application; otherwise (access
 * to the record, D2) what the kind of document says. */
static json_t *doc_title(arena *a, const citizen_document *d, enum locale loc)
{
	if (d->application_id == 0)
		return rec_label(a, loc, "documents.untitled", d->kind);
	return rec_str(loc == LOCALE_EN ? d->title_en : d->title_nb);
}

static json_t *document_model(const ctx *x, const citizen_document *d)
{
	arena *a = x->arena;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(o, "kind", rec_label(a, x->locale, "documents.kind", d->kind));
	json_object_set_new(o, "title", doc_title(a, d, x->locale));
	json_object_set_new(o, "unit", rec_str(d->unit_name));
	json_object_set_new(o, "at", rec_str(i18n_time_text(a, x->locale, d->created_at)));
	json_object_set_new(o, "unread", json_boolean(d->opened_at == 0));
	json_object_set_new(o, "url", rec_str(url_for(a, web_document, d->id)));
	json_object_set_new(o, "pdf_url", rec_str(url_for(a, web_document_pdf, d->id)));
	json_object_set_new(o, "on_paper", json_boolean(d->paper_at != 0));
	return o;
}

void web_documents(request *rq, reply *rp)
{
	ctx *x = rq->c;
	const char *kind;
	if (!rec_query_choice(rq, rp, "kind", kind_codes, &kind))
		return;
	citizen_document *list;
	size_t n;
	bool more;
	status st = documents_list(x, kind, &list, &n, &more);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, document_model(x, &list[i]));
	json_t *m = json_object();
	json_object_set_new(m, "items", items);
	json_object_set_new(m, "has_items", json_boolean(n > 0));
	json_object_set_new(m, "more", json_boolean(more));
	json_object_set_new(m, "kinds", rec_choices(x->arena, x->locale, "documents.kind", kind_codes, kind));
	json_object_set_new(m, "filtered", json_boolean(kind != NULL));
	if (authz_check(x, CAP_D2_RECORD_ACCESS) == ST_OK)
		json_object_set_new(m, "record_access_url", rec_str(web_path(web_record_access)));
	reply_page(rq, rp, "documents", m);
}

void web_document(request *rq, reply *rp)
{
	ctx *x = rq->c;
	citizen_document d;
	status st = documents_get(x, req_id(rq, "id"), &d);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_error_t err;
	json_t *letter = json_loads(d.letter, 0, &err);
	if (letter == NULL) {
		reply_status(rq, rp, ST_INTERNAL);
		return;
	}
	json_t *m = document_model(x, &d);
	json_t *sections = json_object_get(letter, "sections");
	size_t i;
	json_t *s;
	json_array_foreach(sections, i, s)
	{
		json_object_set_new(s, "paragraphs", rec_paragraphs(json_string_value(json_object_get(s, "text"))));
		if (!json_is_string(json_object_get(s, "heading"))) /* never the letter's own heading */
			json_object_set_new(s, "heading", json_string(""));
	}
	json_object_set_new(m, "letter", letter);
	json_object_set_new(m, "pdf_ready", json_boolean(d.generated_at != 0));
	json_object_set_new(m, "opened_by", rec_str(d.opened_by_name));
	reply_page(rq, rp, "document", m);
}

void web_document_pdf(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	uint8_t *pdf;
	size_t len;
	status st = documents_pdf(x, id, &pdf, &len);
	if (reply_failed(rq, rp, st, NULL))
		return;
	/* Never rendered in our origin: downloaded and sandboxed (the server adds nosniff to every answer). */
	rp->status = 200;
	rp->content_type = "application/pdf";
	reply_header(rq, rp, "Content-Disposition",
	             arena_printf(x->arena, "attachment; filename=\"helsami-document-%lld.pdf\"", (long long)id));
	reply_header(rq, rp, "Content-Security-Policy", "sandbox; default-src 'none'");
	buf_put(&rp->body, pdf, len);
}

/* ---- the digital mailbox's read receipts ------------------------------------------- */

/* {"error": code, "message": text in the caller's language}, with http_status. */
static void receipt_refused(request *rq, reply *rp, int http_status, const char *code)
{
	json_t *j = json_pack("{s:s, s:s}", "error", code, "message",
	                      i18n_text(rq->c->locale, arena_printf(rq->c->arena, "mailbox_receipt.%s", code)));
	char *text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	rp->status = http_status;
	rp->content_type = "application/json";
	buf_puts(&rp->body, text != NULL ? text : "{}");
	free(text);
}

/* The provider's secret, compared in constant time; none configured
 * accepts no one. */
static bool from_the_mailbox(const request *rq)
{
	const char *secret = rq->site != NULL ? rq->site->mailbox_receipt_token : NULL;
	const char *auth = req_header(rq, "authorization");
	if (secret == NULL || secret[0] == '\0' || auth == NULL || strncmp(auth, "Bearer ", 7) != 0)
		return false;
	return str_eq_consttime(auth + 7, secret);
}

/* 204 on the first receipt and on a replay; 401 without the secret, 400
 * for a body that is not application/json {"reference": "helsami-letter-ID"},
 * 404 for a letter that never reached the mailbox; nothing recorded but on
 * 204. */
void web_mailbox_read_receipt(request *rq, reply *rp)
{
	if (!from_the_mailbox(rq)) {
		reply_header(rq, rp, "WWW-Authenticate", "Bearer");
		receipt_refused(rq, rp, 401, "unauthorized");
		return;
	}
	const char *ct = req_header(rq, "content-type");
	int64_t doc;
	if (ct == NULL || !str_starts(ct, "application/json") ||
	    letter_adapter_receipt_parse(rq->json_body, &doc) != ST_OK) {
		receipt_refused(rq, rp, 400, "invalid");
		return;
	}
	status st = documents_mailbox_read(rq->c, doc);
	if (st == ST_OK) {
		rp->status = 204;
		return;
	}
	if (st == ST_NOT_FOUND) {
		receipt_refused(rq, rp, 404, "not_found");
		return;
	}
	reply_status(rq, rp, st);
}
