/* messages.c (web) — secure messages (SPEC.md M1-M4).
 *
 * The citizen: GET /messages lists the conversations with their unread
 * marks; GET/POST /messages/new starts one with a unit and topic it accepts
 * (the page says plainly it is not for urgent matters and how long the unit
 * takes to answer); GET /messages/:id is the thread with the reply form
 * when replies are allowed, POST /messages/:id/reply answers, and
 * /messages/:id/attachments/:aid downloads a file.
 *
 * Staff: GET /staff/messages holds their own queue and their units' queue;
 * GET /staff/messages/:id the thread with reply, assign and done; the
 * patient's chart links to GET/POST /staff/patients/:id/messages(/new) to
 * send a new message. Forms with files are multipart (BODY_UPLOAD): the
 * files are the parts named "attachment". */
#include <string.h>

#include "domain/messages.h"
#include "web/form.h"
#include "web/i18n.h"
#include "web/pages.h"
#include "web/record_page.h"
#include "web/uploads.h"

/* ---- shared ---------------------------------------------------------------------- */

/* One paragraph as text and links: every https:// address up to a space
 * becomes a link (M1 "with links"); nothing else does, so no javascript: or
 * data: address ever does. */
static json_t *line_parts(const char *line)
{
	json_t *parts = json_array();
	const char *p = line;
	while (*p) {
		const char *h = strstr(p, "https://");
		const char *end = h;
		while (end != NULL && *end && *end != ' ' && *end != '\t' && *end != '<' && *end != '>' && *end != '"')
			end++;
		if (h == NULL || end - h <= 8) {
			json_t *o = json_object();
			json_object_set_new(o, "text", rec_str(p));
			json_array_append_new(parts, o);
			break;
		}
		/* A sentence's full stop or comma after an address is not part of it. */
		while (end > h + 8 && (end[-1] == '.' || end[-1] == ',' || end[-1] == ')'))
			end--;
		if (h > p) {
			json_t *o = json_object();
			json_object_set_new(o, "text", json_stringn(p, (size_t)(h - p)));
			json_array_append_new(parts, o);
		}
		json_t *o = json_object();
		json_object_set_new(o, "text", json_stringn(h, (size_t)(end - h)));
		json_object_set_new(o, "href", json_stringn(h, (size_t)(end - h)));
		json_object_set_new(o, "link", json_true());
		json_array_append_new(parts, o);
		p = end;
	}
	return parts;
}

static json_t *body_model(const char *body)
{
	json_t *lines = rec_paragraphs(body), *out = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(lines, i, v)
	{
		json_t *o = json_object();
		json_object_set_new(o, "parts", line_parts(json_string_value(v)));
		json_array_append_new(out, o);
	}
	json_decref(lines);
	return out;
}

static json_t *topic_label(arena *a, enum locale loc, const char *topic)
{
	return rec_label(a, loc, "messages.topic", topic);
}

/* The thread's messages for the citizen (for_staff false) or staff. */
static json_t *messages_model(request *rq, const msg_thread *t, bool for_staff, web_handler att_page)
{
	ctx *x = rq->c;
	json_t *list = json_array();
	for (size_t i = 0; i < t->n; i++) {
		const message *m = &t->messages[i];
		bool from_staff = strcmp(m->author_role, "staff") == 0;
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(m->id));
		const char *who = m->author_name;
		if (from_staff && m->for_unit && !for_staff)
			who = t->conv.unit_name;
		json_object_set_new(o, "author", rec_str(who));
		json_object_set_new(o, "from_staff", json_boolean(from_staff));
		json_object_set_new(o, "for_unit", json_boolean(from_staff && m->for_unit && for_staff));
		json_object_set_new(o, "by_representative",
		                    json_boolean(strcmp(m->author_role, "representative") == 0));
		json_object_set_new(o, "when", rec_when(x->arena, x->locale, m->created_at));
		json_object_set_new(o, "lines", body_model(m->body));
		/* Read status: the other side's mark has reached it. */
		bool read = from_staff ? m->id <= t->conv.citizen_read_to : m->id <= t->conv.unit_read_to;
		json_object_set_new(o, "mine", json_boolean(from_staff == for_staff));
		json_object_set_new(o, "read", json_boolean(from_staff == for_staff && read));
		json_object_set_new(o, "unread", json_boolean(from_staff == for_staff && !read));
		json_object_set_new(o, "closed", json_boolean(from_staff && !m->reply_allowed));
		json_t *atts = json_array();
		for (size_t k = 0; k < t->natt; k++) {
			const message_attachment *a = &t->attachments[k];
			if (a->message_id != m->id)
				continue;
			json_t *f = web_upload_model(x->arena, x->locale,
			                             url_for(x->arena, att_page, t->conv.id, a->id), &a->file);
			json_array_append_new(atts, f);
		}
		json_object_set_new(o, "has_attachments", json_boolean(json_array_size(atts) > 0));
		json_object_set_new(o, "attachments", atts);
		json_array_append_new(list, o);
	}
	return list;
}

static json_t *conv_model(request *rq, const conversation *v, web_handler page)
{
	ctx *x = rq->c;
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(v->id));
	json_object_set_new(o, "url", rec_str(url_for(x->arena, page, v->id)));
	json_object_set_new(o, "subject", rec_str(v->subject));
	json_object_set_new(o, "topic", topic_label(x->arena, x->locale, v->topic));
	json_object_set_new(o, "unit", rec_str(v->unit_name));
	json_object_set_new(o, "patient", rec_str(v->patient_name));
	json_object_set_new(o, "clinician", rec_str(v->clinician_name));
	json_object_set_new(o, "assigned", rec_str(v->assigned_name));
	json_object_set_new(o, "last", rec_when(x->arena, x->locale, v->last_at));
	json_object_set_new(o, "unread", json_integer(v->unread));
	json_object_set_new(o, "has_unread", json_boolean(v->unread > 0));
	json_object_set_new(o, "done", json_boolean(strcmp(v->status, "done") == 0));
	json_object_set_new(o, "reply_allowed", json_boolean(v->reply_allowed));
	return o;
}

static json_t *conv_list(request *rq, const conversation *v, size_t n, web_handler page)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, conv_model(rq, &v[i], page));
	return list;
}

/* A message form into page model m: the attachment limits, the form, and
 * "Error: title" when it was refused (a screen reader hears it first). */
static void form_into(json_t *m, const form *f, enum locale loc, const char *title)
{
	web_upload_limits_into(m);
	form_model_into(m, f, loc);
	if (f->nerrors > 0)
		json_object_set_new(m, "title", json_sprintf("%s: %s", i18n_text(loc, "form.error.title"), title));
}

/* The attachment :aid of conversation :id as read by fetch (the citizen's
 * or the staff rule), as a download only. */
typedef status (*attachment_fetch)(const ctx *x, int64_t id, int64_t att_id, message_attachment *out,
                                   const uint8_t **data, size_t *len);
static void download(request *rq, reply *rp, attachment_fetch fetch)
{
	message_attachment a = {0};
	const uint8_t *data;
	size_t len;
	status st = fetch(rq->c, req_id(rq, "id"), req_id(rq, "aid"), &a, &data, &len);
	web_upload_reply(rq, rp, st, &a.file, data, len);
}

/* ---- the citizen --------------------------------------------------------------- */

static const form_field new_fields[] = {
    {"to", FORM_TEXT, .flags = FORM_REQUIRED, .label = "messages.new.to", .max = 64},
    {"clinician", FORM_INT, .label = "messages.new.clinician", .min = 0, .max = INT64_MAX},
    {"subject", FORM_TEXT, .flags = FORM_REQUIRED, .label = "messages.new.subject", .max = MSG_SUBJECT_MAX},
    {"body", FORM_TEXT, .flags = FORM_REQUIRED, .label = "messages.body", .max = MSG_BODY_MAX,
     .charset = FORM_CHARS_MULTILINE},
    {"attachment", FORM_TEXT, .label = "upload.attachment"}, /* only for its problems: the files are parts */
};
static const form_field reply_fields[] = {
    {"body", FORM_TEXT, .flags = FORM_REQUIRED, .label = "messages.body", .max = MSG_BODY_MAX,
     .charset = FORM_CHARS_MULTILINE},
    {"attachment", FORM_TEXT, .label = "upload.attachment"}, /* only for its problems: the files are parts */
};

void web_messages(request *rq, reply *rp)
{
	ctx *x = rq->c;
	conversation *v;
	size_t n;
	bool more;
	status st = msg_citizen_list(x, &v, &n, &more);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_object_set_new(m, "conversations", conv_list(rq, v, n, web_message));
	json_object_set_new(m, "has_conversations", json_boolean(n > 0));
	json_object_set_new(m, "more", json_boolean(more));
	json_object_set_new(m, "new_url", rec_str(web_path(web_message_new)));
	reply_page(rq, rp, "messages", m);
}

/* The compose page; f the form as sent (or fresh). */
static void new_page(request *rq, reply *rp, form *f)
{
	ctx *x = rq->c;
	message_unit_topic *t;
	message_clinician *cl;
	size_t n, ncl;
	status st = msg_citizen_topics(x, &t, &n);
	if (st == ST_OK)
		st = msg_citizen_clinicians(x, &cl, &ncl);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *clinicians = json_array();
	const char *chosen_clinician = rec_raw(f, "clinician");
	for (size_t i = 0; i < ncl; i++)
		json_array_append_new(clinicians, rec_id_option(x->arena, cl[i].staff_id,
		                                                json_sprintf("%s, %s", cl[i].name, cl[i].unit_name),
		                                                chosen_clinician));
	json_t *m = json_object(), *options = json_array(), *units = json_array();
	const char *chosen = rec_raw(f, "to");
	for (size_t i = 0; i < n; i++) {
		const char *code = arena_printf(x->arena, "%lld-%s", (long long)t[i].unit_id, t[i].topic);
		const char *topic = i18n_text_code(x->locale, x->arena, "messages.topic.", t[i].topic);
		json_array_append_new(options, rec_option(code, json_sprintf("%s: %s", t[i].unit_name, topic), chosen));
		if (i == 0 || t[i - 1].unit_id != t[i].unit_id) {
			json_t *u = json_object();
			json_object_set_new(u, "name", rec_str(t[i].unit_name));
			json_object_set_new(u, "days", json_integer(t[i].reply_days));
			json_array_append_new(units, u);
		}
	}
	json_object_set_new(m, "options", options);
	json_object_set_new(m, "clinicians", clinicians);
	json_object_set_new(m, "has_clinicians", json_boolean(ncl > 0));
	json_object_set_new(m, "units", units);
	json_object_set_new(m, "can_write", json_boolean(n > 0));
	json_object_set_new(m, "action", rec_str(web_path(web_message_start)));
	form_into(m, f, x->locale, i18n_text(x->locale, "messages.new.title"));
	reply_page(rq, rp, "message_new", m);
}

void web_message_new(request *rq, reply *rp)
{
	form f;
	form_init(rq->c->arena, new_fields, ARRAY_LEN(new_fields), &f);
	new_page(rq, rp, &f);
}

/* "UNIT-TOPIC" as the compose page's options write it. */
static bool parse_to(const char *to, int64_t *unit_id, const char **topic)
{
	*unit_id = 0;
	*topic = NULL;
	if (to == NULL)
		return false;
	const char *dash = strchr(to, '-');
	if (dash == NULL || dash == to || dash - to > 18)
		return false;
	int64_t v = 0;
	for (const char *p = to; p < dash; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	*unit_id = v;
	*topic = dash + 1;
	return v > 0;
}

void web_message_start(request *rq, reply *rp)
{
	ctx *x = rq->c;
	form f;
	status st = form_parse(x->arena, new_fields, ARRAY_LEN(new_fields), &rq->form, &f);
	problems pr = {0};
	msg_new in = {.subject = form_text(&f, "subject"),
	              .body = form_text(&f, "body"),
	              .clinician_id = form_int(&f, "clinician", 0)};
	in.files = web_uploads(rq, &in.nfiles);
	if (st == ST_OK && !parse_to(form_text(&f, "to"), &in.unit_id, &in.topic)) {
		problems_add(&pr, "to", "messages.error.topic", 0);
		st = ST_INVALID;
	}
	int64_t id = 0;
	if (st == ST_OK)
		st = msg_citizen_start(x, &in, &pr, &id);
	else
		upload_check(&pr, in.files, in.nfiles);
	if (!reply_posted(rq, rp, st, arena_printf(x->arena, "%s?sent=1", url_for(x->arena, web_message, id))))
		return;
	/* The unit and topic are one choice on the page. */
	for (size_t i = 0; i < pr.n; i++)
		if (strcmp(pr.items[i].field, "topic") == 0)
			pr.items[i].field = "to";
	form_add_problems(&f, &pr);
	new_page(rq, rp, &f);
}

static const char *const sent_choices[] = {"1", NULL};

static void thread_page(request *rq, reply *rp, int64_t id, form *f, const char *sent)
{
	ctx *x = rq->c;
	msg_thread t;
	status st = msg_citizen_thread(x, id, &t);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_object_set_new(m, "conv", conv_model(rq, &t.conv, web_message));
	json_object_set_new(m, "title", rec_str(t.conv.subject));
	json_object_set_new(m, "messages", messages_model(rq, &t, false, web_message_attachment));
	json_object_set_new(m, "may_reply", json_boolean(t.may_reply));
	json_object_set_new(m, "action", rec_str(url_for(x->arena, web_message_reply, id)));
	json_object_set_new(m, "reply_days", json_integer(t.conv.reply_days));
	json_object_set_new(m, "sent", json_boolean(sent != NULL));
	form fresh;
	if (f == NULL) {
		form_init(x->arena, reply_fields, ARRAY_LEN(reply_fields), &fresh);
		f = &fresh;
	}
	form_into(m, f, x->locale, t.conv.subject);
	reply_page(rq, rp, "message", m);
}

void web_message(request *rq, reply *rp)
{
	const char *sent;
	if (rec_query_choice(rq, rp, "sent", sent_choices, &sent))
		thread_page(rq, rp, req_id(rq, "id"), NULL, sent);
}

void web_message_reply(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	status st = form_parse(x->arena, reply_fields, ARRAY_LEN(reply_fields), &rq->form, &f);
	problems pr = {0};
	size_t nfiles;
	const upload_file *files = web_uploads(rq, &nfiles);
	if (st == ST_OK)
		st = msg_citizen_reply(x, id, form_text(&f, "body"), files, nfiles, &pr);
	else
		upload_check(&pr, files, nfiles);
	if (!reply_posted(rq, rp, st, arena_printf(x->arena, "%s?sent=1", url_for(x->arena, web_message, id))))
		return;
	form_add_problems(&f, &pr);
	thread_page(rq, rp, id, &f, NULL);
}

void web_message_attachment(request *rq, reply *rp)
{
	download(rq, rp, msg_citizen_attachment);
}

/* ---- staff ------------------------------------------------------------------------------ */

static const char *const topic_default = "other";
static const form_field send_fields[] = {
    {"topic", FORM_ENUM, .flags = FORM_REQUIRED, .label = "messages.new.topic", .choices = msg_topics},
    {"subject", FORM_TEXT, .flags = FORM_REQUIRED, .label = "messages.new.subject", .max = MSG_SUBJECT_MAX},
    {"body", FORM_TEXT, .flags = FORM_REQUIRED, .label = "messages.body", .max = MSG_BODY_MAX,
     .charset = FORM_CHARS_MULTILINE},
    {"for_unit", FORM_BOOL, .label = "staff_messages.for_unit"},
    {"reply_allowed", FORM_BOOL, .label = "staff_messages.reply_allowed"},
    {"attachment", FORM_TEXT, .label = "upload.attachment"}, /* only for its problems: the files are parts */
};
static const form_field staff_reply_fields[] = {
    {"body", FORM_TEXT, .flags = FORM_REQUIRED, .label = "messages.body", .max = MSG_BODY_MAX,
     .charset = FORM_CHARS_MULTILINE},
    {"for_unit", FORM_BOOL, .label = "staff_messages.for_unit"},
    {"reply_allowed", FORM_BOOL, .label = "staff_messages.reply_allowed"},
    {"attachment", FORM_TEXT, .label = "upload.attachment"}, /* only for its problems: the files are parts */
};

void web_staff_messages(request *rq, reply *rp)
{
	ctx *x = rq->c;
	conversation *mine, *ours;
	size_t nmine, nunit;
	bool more_mine, more_unit;
	message_unit *units;
	size_t nunits;
	status st = msg_staff_queue(x, true, &mine, &nmine, &more_mine);
	if (st == ST_OK)
		st = msg_staff_queue(x, false, &ours, &nunit, &more_unit);
	if (st == ST_OK)
		st = msg_settings_units(x, &units, &nunits);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_t *settings = json_array();
	for (size_t i = 0; i < nunits; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "name", rec_str(units[i].name));
		json_object_set_new(o, "url", rec_str(url_for(x->arena, web_staff_message_unit, units[i].unit_id)));
		json_array_append_new(settings, o);
	}
	json_object_set_new(m, "settings", settings);
	json_object_set_new(m, "has_settings", json_boolean(nunits > 0));
	json_object_set_new(m, "mine", conv_list(rq, mine, nmine, web_staff_message));
	json_object_set_new(m, "has_mine", json_boolean(nmine > 0));
	json_object_set_new(m, "unit", conv_list(rq, ours, nunit, web_staff_message));
	json_object_set_new(m, "has_unit", json_boolean(nunit > 0));
	json_object_set_new(m, "more", json_boolean(more_mine || more_unit));
	reply_page(rq, rp, "staff_messages", m);
}

static const char *const done_choices[] = {"sent", "assigned", "reassigned", "done", NULL};

static void staff_thread_page(request *rq, reply *rp, int64_t id, form *f, json_t *m)
{
	ctx *x = rq->c;
	msg_thread t;
	status st = msg_staff_thread(x, id, &t);
	if (reply_failed(rq, rp, st, m))
		return;
	json_object_set_new(m, "patient", rec_patient_model(x->arena, &t.patient));
	json_object_set_new(m, "conv", conv_model(rq, &t.conv, web_staff_message));
	json_object_set_new(m, "title", rec_str(t.conv.subject));
	json_object_set_new(m, "messages", messages_model(rq, &t, true, web_staff_message_attachment));
	json_object_set_new(m, "may_reply", json_boolean(t.may_reply));
	json_object_set_new(m, "assigned_to_me", json_boolean(t.conv.assigned_to == x->who.staff_id));
	json_t *colleagues = json_array();
	for (size_t i = 0; i < t.ncolleagues; i++) {
		if (t.colleagues[i].staff_id == x->who.staff_id || t.colleagues[i].staff_id == t.conv.assigned_to)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(t.colleagues[i].staff_id));
		json_object_set_new(o, "name", rec_str(t.colleagues[i].name));
		json_array_append_new(colleagues, o);
	}
	json_object_set_new(m, "has_colleagues", json_boolean(json_array_size(colleagues) > 0));
	json_object_set_new(m, "colleagues", colleagues);
	json_object_set_new(m, "is_open", json_boolean(strcmp(t.conv.status, "open") == 0));
	json_object_set_new(m, "reply_action", rec_str(url_for(x->arena, web_staff_message_reply, id)));
	json_object_set_new(m, "assign_action", rec_str(url_for(x->arena, web_staff_message_assign, id)));
	json_object_set_new(m, "done_action", rec_str(url_for(x->arena, web_staff_message_done, id)));
	json_object_set_new(m, "queue_url", rec_str(web_path(web_staff_messages)));
	json_object_set_new(m, "files_allowed", json_boolean(authz_staff(x, CAP_M3_ATTACHMENTS) == ST_OK));
	form fresh;
	if (f == NULL) {
		form_init(x->arena, staff_reply_fields, ARRAY_LEN(staff_reply_fields), &fresh);
		form_set(&fresh, "reply_allowed", t.conv.reply_allowed ? "1" : "0");
		f = &fresh;
	}
	form_into(m, f, x->locale, t.conv.subject);
	reply_page(rq, rp, "staff_message", m);
}

void web_staff_message(request *rq, reply *rp)
{
	json_t *m = rec_done_model(rq, rp, done_choices);
	if (m != NULL)
		staff_thread_page(rq, rp, req_id(rq, "id"), NULL, m);
}

/* What the staff reply and the staff compose forms share; the compose
 * handler adds its topic and subject (a reply declares neither). */
static void send_of(const form *f, const request *rq, msg_send *in)
{
	*in = (msg_send){.body = form_text(f, "body"),
	                 .for_unit = form_bool(f, "for_unit"),
	                 .reply_allowed = form_bool(f, "reply_allowed")};
	in->files = web_uploads(rq, &in->nfiles);
}

void web_staff_message_reply(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t id = req_id(rq, "id");
	form f;
	status st = form_parse(x->arena, staff_reply_fields, ARRAY_LEN(staff_reply_fields), &rq->form, &f);
	problems pr = {0};
	msg_send in;
	send_of(&f, rq, &in);
	if (st == ST_OK)
		st = msg_staff_reply(x, id, &in, &pr);
	else
		upload_check(&pr, in.files, in.nfiles);
	if (!reply_posted(rq, rp, st, rec_done_url(x->arena, web_staff_message, id, "sent")))
		return;
	form_add_problems(&f, &pr);
	staff_thread_page(rq, rp, id, &f, json_object());
}

static const form_field assign_fields[] = {
    {"to", FORM_INT, .label = "staff_messages.assign_to", .min = 0, .max = INT64_MAX},
};

void web_staff_message_assign(request *rq, reply *rp)
{
	int64_t id = req_id(rq, "id");
	form f;
	status st = form_parse(rq->c->arena, assign_fields, ARRAY_LEN(assign_fields), &rq->form, &f);
	int64_t to = form_int(&f, "to", 0);
	if (st == ST_OK)
		st = msg_staff_assign(rq->c, id, to);
	bool colleague = to != 0 && to != rq->c->who.staff_id;
	if (!reply_failed(rq, rp, st, NULL))
		reply_redirect(
		    rq, rp, rec_done_url(rq->c->arena, web_staff_message, id, colleague ? "reassigned" : "assigned"));
}

void web_staff_message_done(request *rq, reply *rp)
{
	int64_t id = req_id(rq, "id");
	status st = msg_staff_done(rq->c, id);
	if (!reply_failed(rq, rp, st, NULL))
		reply_redirect(rq, rp, rec_done_url(rq->c->arena, web_staff_message, id, "done"));
}

void web_staff_message_attachment(request *rq, reply *rp)
{
	download(rq, rp, msg_staff_attachment);
}

static void compose_page(request *rq, reply *rp, int64_t patient_id, form *f)
{
	ctx *x = rq->c;
	record_patient p;
	status st = msg_staff_compose(x, patient_id, &p);
	if (reply_failed(rq, rp, st, NULL))
		return;
	json_t *m = json_object();
	json_object_set_new(m, "patient", rec_patient_model(x->arena, &p));
	json_object_set_new(m, "action", rec_str(url_for(x->arena, web_staff_message_send, patient_id)));
	json_object_set_new(m, "topics",
	                    rec_choices(x->arena, x->locale, "messages.topic", msg_topics,
	                                rec_raw(f, "topic") ? rec_raw(f, "topic") : topic_default));
	json_object_set_new(m, "files_allowed", json_boolean(authz_staff(x, CAP_M3_ATTACHMENTS) == ST_OK));
	form_into(m, f, x->locale, i18n_text(x->locale, "staff_message_new.title"));
	reply_page(rq, rp, "staff_message_new", m);
}

void web_staff_message_new(request *rq, reply *rp)
{
	form f;
	form_init(rq->c->arena, send_fields, ARRAY_LEN(send_fields), &f);
	form_set(&f, "reply_allowed", "1");
	compose_page(rq, rp, req_id(rq, "id"), &f);
}

void web_staff_message_send(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t patient_id = req_id(rq, "id");
	form f;
	status st = form_parse(x->arena, send_fields, ARRAY_LEN(send_fields), &rq->form, &f);
	problems pr = {0};
	msg_send in;
	send_of(&f, rq, &in);
	in.topic = form_text(&f, "topic");
	in.subject = form_text(&f, "subject");
	int64_t id = 0;
	if (st == ST_OK)
		st = msg_staff_start(x, patient_id, &in, &pr, &id);
	else
		upload_check(&pr, in.files, in.nfiles);
	if (!reply_posted(rq, rp, st, rec_done_url(x->arena, web_staff_message, id, "sent")))
		return;
	form_add_problems(&f, &pr);
	compose_page(rq, rp, patient_id, &f);
}

/* ---- a unit's message settings (M2) ------------------------------------------------------ */

static const form_field settings_fields[] = {
    {"accepts", FORM_BOOL, .label = "messages.settings.accepts"},
    {"reply_days", FORM_INT, .flags = FORM_REQUIRED, .label = "messages.settings.reply_days", .min = 1,
     .max = MSG_REPLY_DAYS_MAX},
    {"topics", FORM_ENUM, .flags = FORM_REPEATED, .label = "messages.settings.topics", .choices = msg_topics},
    {"clinicians", FORM_TEXT, .flags = FORM_REPEATED, .label = "messages.settings.clinicians", .max = 19,
     .max_count = 200},
};
static const char *const settings_done[] = {"saved", NULL};

/* The page, its boxes checked as f holds them (the stored settings on a
 * first render, what was sent on a refused one). */
static void settings_page(request *rq, reply *rp, int64_t unit_id, const form *f, json_t *m)
{
	ctx *x = rq->c;
	msg_unit_settings s;
	status st = msg_settings_get(x, unit_id, &s);
	if (reply_failed(rq, rp, st, m))
		return;
	form stored;
	if (f == NULL) {
		form_init(x->arena, settings_fields, ARRAY_LEN(settings_fields), &stored);
		form_set(&stored, "accepts", s.unit.accepts ? "1" : "0");
		form_set(&stored, "reply_days", arena_printf(x->arena, "%lld", (long long)s.unit.reply_days));
		for (size_t i = 0; i < s.ntopics; i++)
			form_set(&stored, "topics", s.topics[i]);
		for (size_t i = 0; i < s.nclinicians; i++)
			if (s.clinicians[i].accepts)
				form_set(&stored, "clinicians",
				         arena_printf(x->arena, "%lld", (long long)s.clinicians[i].staff_id));
		f = &stored;
	}
	json_t *topics = json_array();
	for (const char *const *t = msg_topics; *t != NULL; t++) {
		json_t *o = json_object();
		json_object_set_new(o, "code", rec_str(*t));
		json_object_set_new(o, "label", rec_label(x->arena, x->locale, "messages.topic", *t));
		json_object_set_new(o, "checked", json_boolean(form_has(f, "topics", *t)));
		json_array_append_new(topics, o);
	}
	json_t *clinicians = json_array();
	for (size_t i = 0; i < s.nclinicians; i++) {
		json_t *o = json_object();
		const char *id = arena_printf(x->arena, "%lld", (long long)s.clinicians[i].staff_id);
		json_object_set_new(o, "id", rec_str(id));
		json_object_set_new(o, "name", rec_str(s.clinicians[i].name));
		json_object_set_new(o, "checked", json_boolean(form_has(f, "clinicians", id)));
		json_array_append_new(clinicians, o);
	}
	json_object_set_new(m, "unit_name", rec_str(s.unit.name));
	json_object_set_new(m, "topics", topics);
	json_object_set_new(m, "clinicians", clinicians);
	json_object_set_new(m, "has_clinicians", json_boolean(s.nclinicians > 0));
	json_object_set_new(m, "reply_days_max", json_integer(MSG_REPLY_DAYS_MAX));
	json_object_set_new(m, "action", rec_str(url_for(x->arena, web_staff_message_unit_save, unit_id)));
	json_object_set_new(m, "queue_url", rec_str(web_path(web_staff_messages)));
	form_into(m, f, x->locale,
	          arena_printf(x->arena, "%s – %s", i18n_text(x->locale, "staff_message_unit.title"), s.unit.name));
	if (f->nerrors == 0)
		json_object_set_new(
		    m, "title", json_sprintf("%s – %s", i18n_text(x->locale, "staff_message_unit.title"), s.unit.name));
	reply_page(rq, rp, "staff_message_unit", m);
}

void web_staff_message_unit(request *rq, reply *rp)
{
	json_t *m = rec_done_model(rq, rp, settings_done);
	if (m != NULL)
		settings_page(rq, rp, req_id(rq, "unit"), NULL, m);
}

/* The staff ids of the repeated field "clinicians"; false (a problem on the
 * field) for anything but positive ids. */
static bool clinician_ids(const ctx *x, const form *f, problems *pr, int64_t **out, size_t *n)
{
	const form_value *v = form_get(f, "clinicians");
	*out = arena_alloc(x->arena, (v->count > 0 ? v->count : 1) * sizeof **out);
	*n = 0;
	for (size_t i = 0; i < v->count; i++) {
		char *end;
		long long id = strtoll(v->items[i], &end, 10);
		if (*end != '\0' || id <= 0) {
			problems_add(pr, "clinicians", "form.error.choice", 0);
			return false;
		}
		(*out)[(*n)++] = id;
	}
	return true;
}

void web_staff_message_unit_save(request *rq, reply *rp)
{
	ctx *x = rq->c;
	int64_t unit_id = req_id(rq, "unit");
	form f;
	problems pr = {0};
	status st = form_parse(x->arena, settings_fields, ARRAY_LEN(settings_fields), &rq->form, &f);
	const form_value *topics = form_get(&f, "topics");
	msg_settings_in in = {.accepts = form_bool(&f, "accepts"),
	                      .reply_days = form_int(&f, "reply_days", 0),
	                      .topics = topics->items,
	                      .ntopics = topics->count};
	int64_t *clinicians;
	if (st == ST_OK && !clinician_ids(x, &f, &pr, &clinicians, &in.nclinicians))
		st = ST_INVALID;
	if (st == ST_OK) {
		in.clinicians = clinicians;
		st = msg_settings_set(x, unit_id, &in, &pr);
	}
	if (!reply_posted(rq, rp, st, rec_done_url(x->arena, web_staff_message_unit, unit_id, "saved")))
		return;
	form_add_problems(&f, &pr);
	settings_page(rq, rp, unit_id, &f, json_object());
}
