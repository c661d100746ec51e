/* messages.c — the rules of secure messages (SPEC.md M1-M4): who may read
 * and write which conversation, what a valid message and attachment are,
 * read marks, the staff queues, the access log for everyone but the patient
 * and the "new message" notice. Every operation is one transaction; its
 * access-log entry is written inside it. */
#include "domain/messages.h"

#include <string.h>

#include "core/crypto.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/chart.h"
#include "domain/tx.h"
#include "store/register.h"
#include "store/outbox.h"

#define WHAT "messages"
#define EVENT_KIND "new_message"

const char *const msg_topics[] = {"gp_question", "appointment", "prescription", "results", "certificate",
                                  "other",       NULL};

static status store_files(const ctx *x, const message *m, const upload_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		message_attachment a = {.message_id = m->id,
		                        .conversation_id = m->conversation_id,
		                        .patient_id = m->patient_id,
		                        .file = upload_stored_file(x->arena, &files[i], x->now)};
		int64_t id;
		status st = store_att_insert(x->db, &a, files[i].data, files[i].len, &id);
		if (st != ST_OK)
			return st;
	}
	return ST_OK;
}

/* A message with its files and the conversation brought up to it. */
static status add_message(const ctx *x, message *m, const upload_file *files, size_t nfiles, int reply_allowed)
{
	status st = store_msg_insert(x->db, m, &m->id);
	if (st == ST_OK)
		st = store_files(x, m, files, nfiles);
	if (st == ST_OK)
		st = store_conv_touched(x->db, m->conversation_id, x->now, reply_allowed);
	/* The writer's own side has read everything up to what they wrote. */
	if (st == ST_OK)
		st = store_conv_read(x->db, m->conversation_id, strcmp(m->author_role, "staff") == 0, m->id);
	return st;
}

static status load_thread(const ctx *x, msg_thread *t)
{
	status st = store_msg_of_conversation(x->db, x->arena, t->conv.id, MSG_THREAD_MAX, &t->messages, &t->n);
	if (st == ST_OK)
		st = store_att_of_conversation(x->db, x->arena, t->conv.id, UPLOAD_FILES_MAX * MSG_THREAD_MAX,
		                               &t->attachments, &t->natt);
	return st;
}

static int64_t last_id(const msg_thread *t)
{
	return t->n > 0 ? t->messages[t->n - 1].id : 0;
}

static bool known_topic(const char *topic)
{
	for (size_t i = 0; topic != NULL && msg_topics[i] != NULL; i++)
		if (strcmp(msg_topics[i], topic) == 0)
			return true;
	return false;
}

static bool check_body(problems *pr, const char *body)
{
	if (body == NULL || *body == '\0') {
		problems_add(pr, "body", "form.error.required", 0);
		return false;
	}
	return problems_check_text(pr, "body", body, 1, MSG_BODY_MAX, true);
}

/* ---- the citizen -------------------------------------------------------------------- */

static bool by_representative(const ctx *x)
{
	return x->who.person_id != x->subject_id;
}

/* A representative's read or write is in the person's access log. */
static status log_citizen(const ctx *x, const char *action, int64_t id)
{
	if (!by_representative(x))
		return ST_OK;
	return audit_record(x, x->subject_id, action, WHAT, id ? audit_id(x->arena, id) : NULL, "representation");
}

struct citizen_op {
	int64_t id, att_id;
	const msg_new *in;
	const char *body;
	const upload_file *files;
	size_t nfiles;
	problems *pr;
	int64_t *new_id;
	msg_thread *thread;
	message_attachment *att;
	const uint8_t **data;
	size_t *len;
};

static status fetch_conversations(ctx *x, const void *arg, void *list, size_t *n, bool *more)
{
	(void)arg;
	return store_conv_of_patient(x->db, x->arena, x->subject_id, MSG_LIST_MAX, list, n, more);
}

status msg_citizen_list(const ctx *x, conversation **out, size_t *n, bool *more)
{
	return record_citizen_list(x, CAP_M2_MESSAGES, WHAT, fetch_conversations, NULL, out, n, more);
}

static status fetch_topics(ctx *x, const void *arg, void *list, size_t *n, bool *more)
{
	(void)arg;
	(void)more;
	return store_msg_topics_for_patient(x->db, x->arena, x->subject_id, MSG_TOPICS_MAX, list, n);
}

/* Whom a new message may go to is a choice, not the record: not logged. */
status msg_citizen_topics(const ctx *x, message_unit_topic **out, size_t *n)
{
	return record_citizen_list(x, CAP_M2_MESSAGES, NULL, fetch_topics, NULL, out, n, NULL);
}

static status fetch_clinicians(ctx *x, const void *arg, void *list, size_t *n, bool *more)
{
	(void)arg;
	(void)more;
	return store_msg_clinicians_for_patient(x->db, x->arena, x->subject_id, MSG_TOPICS_MAX, list, n);
}

status msg_citizen_clinicians(const ctx *x, message_clinician **out, size_t *n)
{
	return record_citizen_list(x, CAP_M2_MESSAGES, NULL, fetch_clinicians, NULL, out, n, NULL);
}

/* A chosen clinician must accept new conversations at the chosen unit, one
 * of the patient's: anyone else is someone we do not offer (ST_NOT_FOUND). */
static status check_clinician(ctx *x, const msg_new *in, problems *pr)
{
	if (in->clinician_id == 0)
		return ST_OK;
	message_clinician *cl;
	size_t n;
	status st = store_msg_clinicians_for_patient(x->db, x->arena, x->subject_id, MSG_TOPICS_MAX, &cl, &n);
	bool offered = false;
	for (size_t i = 0; st == ST_OK && i < n; i++) {
		if (cl[i].staff_id != in->clinician_id)
			continue;
		if (cl[i].unit_id == in->unit_id)
			return ST_OK;
		offered = true;
	}
	if (st != ST_OK || !offered)
		return st != ST_OK ? st : ST_NOT_FOUND;
	problems_add(pr, "clinician", "messages.error.clinician_unit", 0);
	return ST_INVALID;
}

static message citizen_message(const ctx *x, int64_t conversation_id, const char *body)
{
	return (message){.conversation_id = conversation_id,
	                 .patient_id = x->subject_id,
	                 .author_id = x->who.person_id,
	                 .author_role = by_representative(x) ? "representative" : "citizen",
	                 .reply_allowed = true,
	                 .body = body,
	                 .created_at = x->now};
}

static status start_fn(ctx *x, void *args)
{
	struct citizen_op *op = args;
	const msg_new *in = op->in;
	message_unit_topic *topics;
	size_t n;
	status st = store_msg_topics_for_patient(x->db, x->arena, x->subject_id, MSG_TOPICS_MAX, &topics, &n);
	if (st != ST_OK)
		return st;
	bool accepted = false;
	for (size_t i = 0; i < n && !accepted; i++)
		accepted = topics[i].unit_id == in->unit_id && strcmp(topics[i].topic, in->topic) == 0;
	if (!accepted) {
		problems_add(op->pr, "topic", "messages.error.topic", 0);
		return ST_INVALID;
	}
	if ((st = check_clinician(x, in, op->pr)) != ST_OK)
		return st;
	conversation v = {.patient_id = x->subject_id,
	                  .unit_id = in->unit_id,
	                  .clinician_id = in->clinician_id,
	                  .topic = in->topic,
	                  .subject = in->subject,
	                  .reply_allowed = true,
	                  .created_at = x->now};
	if ((st = store_conv_insert(x->db, &v, op->new_id)) != ST_OK)
		return st;
	message m = citizen_message(x, *op->new_id, in->body);
	if ((st = add_message(x, &m, in->files, in->nfiles, -1)) != ST_OK)
		return st;
	return log_citizen(x, "create", *op->new_id);
}

status msg_citizen_start(const ctx *x, const msg_new *in, problems *pr, int64_t *id)
{
	*id = 0;
	if (!record_citizen_may(x, CAP_M2_MESSAGES))
		return ST_DENIED;
	problems_check_text(pr, "subject", in->subject, 1, MSG_SUBJECT_MAX, false);
	if (in->subject == NULL)
		problems_add(pr, "subject", "form.error.required", 0);
	if (in->unit_id <= 0 || !known_topic(in->topic))
		problems_add(pr, "topic", "messages.error.topic", 0);
	check_body(pr, in->body);
	upload_check(pr, in->files, in->nfiles);
	if (pr->n > 0)
		return ST_INVALID;
	struct citizen_op op = {.in = in, .pr = pr, .new_id = id};
	return record_citizen_write_tx(x, start_fn, &op);
}

static status thread_fn(ctx *x, void *args)
{
	struct citizen_op *op = args;
	msg_thread *t = op->thread;
	status st = store_conv_get(x->db, x->arena, x->subject_id, op->id, &t->conv);
	if (st == ST_OK)
		st = load_thread(x, t);
	if (st == ST_OK)
		st = store_conv_read(x->db, t->conv.id, false, last_id(t));
	t->may_reply = t->conv.reply_allowed;
	return st == ST_OK ? log_citizen(x, "read", op->id) : st;
}

status msg_citizen_thread(const ctx *x, int64_t id, msg_thread *out)
{
	*out = (msg_thread){0};
	struct citizen_op op = {.id = id, .thread = out};
	/* A write: the read mark moves. */
	return record_citizen_write_tx(x, thread_fn, &op);
}

static status reply_fn(ctx *x, void *args)
{
	struct citizen_op *op = args;
	conversation v;
	status st = store_conv_get(x->db, x->arena, x->subject_id, op->id, &v);
	if (st != ST_OK)
		return st;
	if (!v.reply_allowed)
		return ST_DENIED;
	message m = citizen_message(x, v.id, op->body);
	if ((st = add_message(x, &m, op->files, op->nfiles, -1)) != ST_OK)
		return st;
	return log_citizen(x, "create", v.id);
}

status msg_citizen_reply(const ctx *x, int64_t id, const char *body, const upload_file *files, size_t nfiles,
                         problems *pr)
{
	check_body(pr, body);
	upload_check(pr, files, nfiles);
	if (pr->n > 0)
		return ST_INVALID;
	struct citizen_op op = {.id = id, .body = body, .files = files, .nfiles = nfiles, .pr = pr};
	return record_citizen_write_tx(x, reply_fn, &op);
}

static status citizen_att_fn(ctx *x, void *args)
{
	struct citizen_op *op = args;
	conversation v;
	status st = store_conv_get(x->db, x->arena, x->subject_id, op->id, &v);
	if (st == ST_OK)
		st = store_att_get(x->db, x->arena, v.id, op->att_id, op->att, op->data, op->len);
	return st == ST_OK ? log_citizen(x, "read", op->att_id) : st;
}

status msg_citizen_attachment(const ctx *x, int64_t id, int64_t att_id, message_attachment *out, const uint8_t **data,
                              size_t *len)
{
	struct citizen_op op = {.id = id, .att_id = att_id, .att = out, .data = data, .len = len};
	return record_citizen_tx(x, citizen_att_fn, &op);
}

/* ---- staff ------------------------------------------------------------------------------ */

status msg_staff_queue(const ctx *x, bool mine, conversation **out, size_t *n, bool *more)
{
	*out = NULL;
	*n = 0;
	*more = false;
	if (authz_staff(x, CAP_M4_STAFF_MESSAGES) != ST_OK)
		return ST_DENIED;
	/* Names, topics and subjects of the reader's own units' conversations,
	 * as the other queues show: not logged; opening one is. */
	return store_conv_queue(x->db, x->arena, x->who.staff_id, authz_roles_for(CAP_M4_STAFF_MESSAGES), mine,
	                        MSG_QUEUE_MAX, out, n, more);
}

/* The conversation when the reader's role at its unit holds cap, and the
 * patient's chart opened for cap (the basis for the access log). */
static status staff_conv(const ctx *x, enum capability cap, int64_t id, conversation *v, record_patient *p)
{
	status st = store_conv_for_staff(x->db, x->arena, x->who.staff_id, authz_roles_for(cap), id, v);
	return st != ST_OK ? st : chart_open(x, cap, v->patient_id, &p->access, &p->who);
}

struct staff_op {
	int64_t id, att_id, patient_id;
	const msg_send *in;
	problems *pr;
	int64_t *new_id;
	msg_thread *thread;
	message_attachment *att;
	const uint8_t **data;
	size_t *len;
	record_patient *patient;
	const char *action; /* assign, done */
	int64_t to;         /* assign: the staff id, 0 for the reader */
};

static status staff_thread_fn(ctx *x, void *args)
{
	struct staff_op *op = args;
	msg_thread *t = op->thread;
	status st = staff_conv(x, CAP_M4_STAFF_MESSAGES, op->id, &t->conv, &t->patient);
	if (st == ST_OK)
		st = load_thread(x, t);
	if (st == ST_OK)
		st = store_conv_read(x->db, t->conv.id, true, last_id(t));
	if (st != ST_OK)
		return st;
	conversation again;
	st = store_conv_for_staff(x->db, x->arena, x->who.staff_id, authz_roles_for(CAP_M1_SEND), op->id, &again);
	if (st != ST_OK && st != ST_NOT_FOUND)
		return st;
	t->may_reply = st == ST_OK;
	if ((st = store_conv_assignee_saw(x->db, t->conv.id, x->who.staff_id)) != ST_OK ||
	    (st = store_msg_staff_of_unit(x->db, x->arena, t->conv.unit_id, authz_roles_for(CAP_M4_STAFF_MESSAGES),
	                                  &t->colleagues, &t->ncolleagues)) != ST_OK)
		return st;
	return chart_audit(x, &t->patient.access, "read", WHAT, audit_id(x->arena, op->id));
}

status msg_staff_thread(const ctx *x, int64_t id, msg_thread *out)
{
	*out = (msg_thread){0};
	if (authz_staff(x, CAP_M4_STAFF_MESSAGES) != ST_OK)
		return ST_DENIED;
	struct staff_op op = {.id = id, .thread = out};
	return domain_tx(x, true, staff_thread_fn, &op);
}

static status compose_fn(ctx *x, void *args)
{
	struct staff_op *op = args;
	status st = chart_open(x, CAP_M1_SEND, op->patient_id, &op->patient->access, &op->patient->who);
	return st != ST_OK ? st : chart_audit(x, &op->patient->access, "read", "chart", NULL);
}

status msg_staff_compose(const ctx *x, int64_t patient_id, record_patient *out)
{
	*out = (record_patient){0};
	if (authz_staff(x, CAP_M1_SEND) != ST_OK)
		return ST_DENIED;
	struct staff_op op = {.patient_id = patient_id, .patient = out};
	return domain_tx(x, true, compose_fn, &op);
}

static message staff_message(const ctx *x, const conversation *v, const msg_send *in)
{
	return (message){.conversation_id = v->id,
	                 .patient_id = v->patient_id,
	                 .author_id = x->who.person_id,
	                 .author_role = "staff",
	                 .for_unit = in->for_unit,
	                 .reply_allowed = in->reply_allowed,
	                 .body = in->body,
	                 .created_at = x->now};
}

/* The message, its files, the notice (no content: domain/notify.h) and the
 * access-log entry. */
static status staff_write(const ctx *x, const conversation *v, const msg_send *in, const chart_access *a)
{
	message m = staff_message(x, v, in);
	status st = add_message(x, &m, in->files, in->nfiles, in->reply_allowed ? 1 : 0);
	int64_t event;
	if (st == ST_OK)
		st = store_outbox_add(x->db, v->patient_id, EVENT_KIND, m.id, false, x->now, &event);
	return st != ST_OK ? st : chart_audit(x, a, "create", WHAT, audit_id(x->arena, v->id));
}

static status staff_start_fn(ctx *x, void *args)
{
	struct staff_op *op = args;
	record_patient p;
	status st = chart_open(x, CAP_M1_SEND, op->patient_id, &p.access, &p.who);
	if (st != ST_OK)
		return st;
	chart_access files;
	if (op->in->nfiles > 0 && (st = authz_patient(x, CAP_M3_ATTACHMENTS, op->patient_id, &files)) != ST_OK)
		return st;
	conversation v = {.patient_id = op->patient_id,
	                  .unit_id = p.access.unit_id,
	                  .clinician_id = op->in->for_unit ? 0 : x->who.staff_id,
	                  .assigned_to = op->in->for_unit ? 0 : x->who.staff_id,
	                  .topic = op->in->topic,
	                  .subject = op->in->subject,
	                  .reply_allowed = op->in->reply_allowed,
	                  .created_at = x->now};
	if ((st = store_conv_insert(x->db, &v, op->new_id)) != ST_OK)
		return st;
	v.id = *op->new_id;
	return staff_write(x, &v, op->in, &p.access);
}

static bool check_send(const msg_send *in, problems *pr)
{
	check_body(pr, in->body);
	upload_check(pr, in->files, in->nfiles);
	return pr->n == 0;
}

status msg_staff_start(const ctx *x, int64_t patient_id, const msg_send *in, problems *pr, int64_t *id)
{
	*id = 0;
	if (authz_staff(x, CAP_M1_SEND) != ST_OK)
		return ST_DENIED;
	if (in->nfiles > 0 && authz_staff(x, CAP_M3_ATTACHMENTS) != ST_OK)
		return ST_DENIED;
	if (in->subject == NULL)
		problems_add(pr, "subject", "form.error.required", 0);
	problems_check_text(pr, "subject", in->subject, 1, MSG_SUBJECT_MAX, false);
	if (!known_topic(in->topic))
		problems_add(pr, "topic", "messages.error.topic", 0);
	if (!check_send(in, pr))
		return ST_INVALID;
	struct staff_op op = {.patient_id = patient_id, .in = in, .pr = pr, .new_id = id};
	return domain_tx(x, true, staff_start_fn, &op);
}

static status staff_reply_fn(ctx *x, void *args)
{
	struct staff_op *op = args;
	conversation v;
	record_patient p;
	status st = staff_conv(x, CAP_M1_SEND, op->id, &v, &p);
	if (st != ST_OK)
		return st;
	conversation again;
	if (op->in->nfiles > 0 &&
	    (st = store_conv_for_staff(x->db, x->arena, x->who.staff_id, authz_roles_for(CAP_M3_ATTACHMENTS), v.id,
	                               &again)) != ST_OK)
		return st == ST_NOT_FOUND ? ST_DENIED : st;
	return staff_write(x, &v, op->in, &p.access);
}

status msg_staff_reply(const ctx *x, int64_t id, const msg_send *in, problems *pr)
{
	if (authz_staff(x, CAP_M1_SEND) != ST_OK)
		return ST_DENIED;
	if (in->nfiles > 0 && authz_staff(x, CAP_M3_ATTACHMENTS) != ST_OK)
		return ST_DENIED;
	if (!check_send(in, pr))
		return ST_INVALID;
	struct staff_op op = {.id = id, .in = in, .pr = pr};
	return domain_tx(x, true, staff_reply_fn, &op);
}

/* To the reader, or to a colleague who works the unit's messages. */
static status assign(ctx *x, const conversation *v, int64_t to)
{
	if (to == 0 || to == x->who.staff_id)
		return store_conv_assign(x->db, v->id, x->who.staff_id, true);
	const char *role;
	bool any;
	status st = store_staff_role_at_unit(x->db, x->arena, to, v->unit_id, authz_roles_for(CAP_M4_STAFF_MESSAGES),
	                                     &role, &any);
	return st != ST_OK ? st : store_conv_assign(x->db, v->id, to, false);
}

static status staff_change_fn(ctx *x, void *args)
{
	struct staff_op *op = args;
	conversation v;
	record_patient p;
	status st = staff_conv(x, CAP_M4_STAFF_MESSAGES, op->id, &v, &p);
	if (st != ST_OK)
		return st;
	st = strcmp(op->action, "assign") == 0 ? assign(x, &v, op->to) : store_conv_done(x->db, v.id);
	return st != ST_OK ? st : chart_audit(x, &p.access, "update", WHAT, audit_id(x->arena, v.id));
}

static status staff_change(const ctx *x, int64_t id, const char *action, int64_t to)
{
	if (authz_staff(x, CAP_M4_STAFF_MESSAGES) != ST_OK)
		return ST_DENIED;
	struct staff_op op = {.id = id, .action = action, .to = to};
	return domain_tx(x, true, staff_change_fn, &op);
}

status msg_staff_assign(const ctx *x, int64_t id, int64_t to)
{
	return staff_change(x, id, "assign", to);
}

status msg_staff_done(const ctx *x, int64_t id)
{
	return staff_change(x, id, "done", 0);
}

struct waiting_op {
	int64_t *out;
};

static status waiting_fn(ctx *x, void *args)
{
	struct waiting_op *op = args;
	return store_conv_waiting_for_staff(x->db, x->who.staff_id, authz_roles_for(CAP_M4_STAFF_MESSAGES), op->out);
}

status msg_staff_waiting(const ctx *x, int64_t *out)
{
	*out = 0;
	if (authz_staff(x, CAP_M4_STAFF_MESSAGES) != ST_OK)
		return ST_OK;
	struct waiting_op op = {out};
	return domain_tx(x, false, waiting_fn, &op);
}

static status staff_att_fn(ctx *x, void *args)
{
	struct staff_op *op = args;
	conversation v;
	record_patient p;
	status st = staff_conv(x, CAP_M3_ATTACHMENTS, op->id, &v, &p);
	if (st == ST_OK)
		st = store_att_get(x->db, x->arena, v.id, op->att_id, op->att, op->data, op->len);
	return st != ST_OK ? st : chart_audit(x, &p.access, "read", WHAT, audit_id(x->arena, op->att_id));
}

status msg_staff_attachment(const ctx *x, int64_t id, int64_t att_id, message_attachment *out, const uint8_t **data,
                            size_t *len)
{
	if (authz_staff(x, CAP_M3_ATTACHMENTS) != ST_OK)
		return ST_DENIED;
	struct staff_op op = {.id = id, .att_id = att_id, .att = out, .data = data, .len = len};
	return domain_tx(x, true, staff_att_fn, &op);
}

/* ---- a unit's message settings (M2) ---------------------------------------------------- */

/* The reader's role at the unit must hold CAP_M2_UNIT_SETTINGS: no role there
 * at all is ST_NOT_FOUND (not their unit), another role ST_DENIED. */
static status settings_unit_open(const ctx *x, int64_t unit_id)
{
	return authz_unit_role(x, CAP_M2_UNIT_SETTINGS, x->who.staff_id, unit_id, NULL);
}

struct units_op {
	message_unit **out;
	size_t *n;
};

static status settings_units_fn(ctx *x, void *args)
{
	struct units_op *op = args;
	return store_msg_units_of_staff(x->db, x->arena, x->who.staff_id, authz_roles_for(CAP_M2_UNIT_SETTINGS),
	                                op->out, op->n);
}

status msg_settings_units(const ctx *x, message_unit **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (authz_staff(x, CAP_M2_UNIT_SETTINGS) != ST_OK)
		return ST_OK; /* the queue page shows no settings links */
	struct units_op op = {out, n};
	return domain_tx(x, false, settings_units_fn, &op);
}

struct settings_op {
	int64_t unit_id;
	msg_unit_settings *out;
	const msg_settings_in *in;
};

static status settings_get_fn(ctx *x, void *args)
{
	struct settings_op *op = args;
	msg_unit_settings *o = op->out;
	status st = settings_unit_open(x, op->unit_id);
	if (st == ST_OK)
		st = store_msg_unit_get(x->db, x->arena, op->unit_id, &o->unit);
	if (st == ST_OK)
		st = store_msg_topics_of_unit(x->db, x->arena, op->unit_id, &o->topics, &o->ntopics);
	if (st == ST_OK)
		st = store_msg_clinicians_of_unit(x->db, x->arena, op->unit_id, &o->clinicians, &o->nclinicians);
	return st;
}

status msg_settings_get(const ctx *x, int64_t unit_id, msg_unit_settings *out)
{
	*out = (msg_unit_settings){0};
	if (authz_staff(x, CAP_M2_UNIT_SETTINGS) != ST_OK)
		return ST_DENIED;
	struct settings_op op = {.unit_id = unit_id, .out = out};
	return domain_tx(x, false, settings_get_fn, &op);
}

static bool is_unit_clinician(const msg_unit_settings *s, int64_t staff_id)
{
	for (size_t i = 0; i < s->nclinicians; i++)
		if (s->clinicians[i].staff_id == staff_id)
			return true;
	return false;
}

static status settings_set_fn(ctx *x, void *args)
{
	struct settings_op *op = args;
	const msg_settings_in *in = op->in;
	status st = settings_get_fn(x, op);
	for (size_t i = 0; st == ST_OK && i < in->nclinicians; i++)
		if (!is_unit_clinician(op->out, in->clinicians[i]))
			st = ST_NOT_FOUND; /* someone else's staff id */
	if (st == ST_OK)
		st = store_msg_unit_settings(x->db, op->unit_id, in->accepts, in->reply_days);
	if (st == ST_OK)
		st = store_msg_topics_clear(x->db, op->unit_id);
	for (size_t i = 0; st == ST_OK && i < in->ntopics; i++)
		st = store_msg_topic_add(x->db, op->unit_id, in->topics[i]);
	if (st == ST_OK)
		st = store_msg_clinicians_clear(x->db, op->unit_id);
	for (size_t i = 0; st == ST_OK && i < in->nclinicians; i++)
		st = store_msg_clinician_add(x->db, op->unit_id, in->clinicians[i]);
	return st;
}

status msg_settings_set(const ctx *x, int64_t unit_id, const msg_settings_in *in, problems *pr)
{
	if (authz_staff(x, CAP_M2_UNIT_SETTINGS) != ST_OK)
		return ST_DENIED;
	if (in->reply_days < 1 || in->reply_days > MSG_REPLY_DAYS_MAX)
		problems_add(pr, "reply_days", "messages.settings.error.reply_days", MSG_REPLY_DAYS_MAX);
	for (size_t i = 0; i < in->ntopics; i++)
		if (!known_topic(in->topics[i]))
			problems_add(pr, "topics", "form.error.choice", 0);
	if (in->accepts && in->ntopics == 0)
		problems_add(pr, "topics", "messages.settings.error.no_topics", 0);
	if (pr->n > 0)
		return ST_INVALID;
	msg_unit_settings current;
	struct settings_op op = {.unit_id = unit_id, .out = &current, .in = in};
	return domain_tx(x, true, settings_set_fn, &op);
}
