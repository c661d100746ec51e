/* notify.c — the rules of notification delivery (domain/notify.h). */
#include "domain/notify.h"

#include <string.h>

#include "auth/session.h"
#include "domain/audit.h"
#include "domain/authz.h"
#include "domain/representation.h"
#include "domain/settings.h"
#include "domain/tx.h"
#include "store/services.h"

/* The area an event kind belongs to, for representatives: one is told
 * only about what their access kind lets them open (R1). */
static const struct kind_area {
	enum notify_kind kind;
	enum capability cap;
} kind_areas[] = {
    {NOTIFY_NEW_MESSAGE, CAP_M2_MESSAGES},
    {NOTIFY_TEST_RESULT, CAP_H2_RESULTS},
    {NOTIFY_QUESTIONNAIRE, CAP_Q1_QUESTIONNAIRES},
    {NOTIFY_APPOINTMENT, CAP_P1_APPOINTMENTS},
    {NOTIFY_SHORT_NOTICE_OFFER, CAP_P4_SHORT_NOTICE},
    {NOTIFY_LETTER, CAP_D1_DOCUMENTS},
};

/* Event kinds of their own that S2 does not list: each is told on the
 * channels chosen for the S2 kind it belongs to. A record extract (D2) is
 * a document in the document centre: the choice for letters. */
static const struct kind_alias {
	const char *code;
	enum notify_kind kind;
} kind_aliases[] = {
    {"extract_ready", NOTIFY_LETTER},
};

/* The S2 kind of an event's kind code; false for kinds S2 does not offer
 * (those are told in-app, to the person only). */
static bool kind_of(const char *code, enum notify_kind *out)
{
	for (size_t i = 0; code != NULL && i < ARRAY_LEN(kind_aliases); i++)
		if (strcmp(code, kind_aliases[i].code) == 0) {
			*out = kind_aliases[i].kind;
			return true;
		}
	for (int k = 0; k < NOTIFY_KIND_COUNT; k++)
		if (code != NULL && strcmp(code, settings_notify_kind_code((enum notify_kind)k)) == 0) {
			*out = (enum notify_kind)k;
			return true;
		}
	return false;
}

static enum capability area_of(enum notify_kind k)
{
	for (size_t i = 0; i < ARRAY_LEN(kind_areas); i++)
		if (kind_areas[i].kind == k)
			return kind_areas[i].cap;
	return CAP_COUNT;
}

/* Adds recipient's deliveries of event e on the channels they chose. */
static status deliver_to(ctx *x, const outbox_event *e, int64_t recipient_id, bool known, enum notify_kind k,
                         size_t *added)
{
	recipient r;
	status st = store_recipient(x->db, x->arena, recipient_id, &r);
	if (st == ST_NOT_FOUND)
		return ST_OK;
	if (st != ST_OK)
		return st;
	if (r.deactivated) /* A2: a deactivated account receives nothing */
		return ST_OK;
	bool on[CHANNEL_COUNT] = {[CHANNEL_IN_APP] = true};
	if (known) {
		settings_notifications sn;
		if ((st = settings_notifications_of(x, recipient_id, &sn)) != ST_OK)
			return st;
		for (int ch = 0; ch < CHANNEL_COUNT; ch++)
			on[ch] = sn.on[k][ch];
		/* A channel without its contact detail has nowhere to go. */
		on[CHANNEL_SMS] = on[CHANNEL_SMS] && r.phone != NULL;
		on[CHANNEL_EMAIL] = on[CHANNEL_EMAIL] && r.email != NULL;
	}
	for (int ch = 0; ch < CHANNEL_COUNT && st == ST_OK; ch++) {
		if (!on[ch])
			continue;
		bool fresh;
		st = store_delivery_add(x->db, e->id, recipient_id, e->person_id,
		                        settings_channel_code((enum notify_channel)ch), x->now, &fresh);
		if (st == ST_OK && fresh)
			(*added)++;
	}
	return st;
}

static status fan_out_one(ctx *x, const outbox_event *e, size_t *added)
{
	enum notify_kind k = NOTIFY_KIND_COUNT;
	bool known = kind_of(e->kind, &k);
	status st = deliver_to(x, e, e->person_id, known, k, added);
	if (st != ST_OK || !known || e->hidden_from_guardians)
		return st;
	enum capability area = area_of(k);
	repr_entry reps[REPR_LIST_MAX];
	size_t n;
	if ((st = repr_overview(x, e->person_id, 1, reps, REPR_LIST_MAX, &n)) != ST_OK)
		return st;
	for (size_t i = 0; i < n && st == ST_OK; i++) {
		if (reps[i].state != REPR_VALID || reps[i].kind == NULL)
			continue;
		if (area == CAP_COUNT || !(repr_kind_caps(reps[i].kind) & CAP_BIT(area)))
			continue;
		st = deliver_to(x, e, reps[i].r.representative_id, true, k, added);
	}
	return st;
}

status notify_fan_out(ctx *x, size_t max, size_t *events, size_t *deliveries)
{
	*events = 0;
	*deliveries = 0;
	outbox_event *ev;
	size_t n;
	status st = store_outbox_unfanned(x->db, x->arena, max, &ev, &n);
	for (size_t i = 0; i < n && st == ST_OK; i++) {
		if ((st = fan_out_one(x, &ev[i], deliveries)) == ST_OK)
			st = store_outbox_fanned(x->db, ev[i].id, x->now);
		if (st == ST_OK)
			(*events)++;
	}
	return st;
}

int64_t notify_backoff(int64_t base_s, int attempts, uint32_t random)
{
	enum { CAP_S = 6 * 60 * 60 };
	if (base_s <= 0)
		return 1; /* never within the same second: a round ends (jobs/notify.c) */
	int64_t d = base_s;
	for (int i = 1; i < attempts && d < CAP_S; i++)
		d *= 2;
	if (d > CAP_S)
		d = CAP_S;
	int64_t half = d / 2;
	return d - half + (half > 0 ? (int64_t)(random % (uint32_t)(half + 1)) : 0);
}

/* ---- texts --------------------------------------------------------------- */

static const struct texts {
	const char *subject, *self, *other, *login, *why, *no_reply, *sms_self, *sms_other;
} texts[LOCALE_COUNT] = {
    [LOCALE_NB] =
        {
            .subject = "Noe nytt venter på deg i helsami",
            .self = "Det har kommet noe nytt til deg i helsami.",
            .other = "Det har kommet noe nytt i helsami til en du representerer.",
            .login = "Logg inn for å se det:",
            .why = "Av hensyn til personvernet står det ikke i denne e-posten hva det gjelder.",
            .no_reply = "Denne e-posten kan ikke besvares.",
            .sms_self = "helsami: Noe nytt venter på deg. Logg inn for å se det:",
            .sms_other = "helsami: Noe nytt venter til en du representerer. Logg inn for å se det:",
        },
    [LOCALE_EN] =
        {
            .subject = "Something new is waiting for you in helsami",
            .self = "Something new has arrived for you in helsami.",
            .other = "Something new has arrived in helsami for someone you act for.",
            .login = "Log in to see it:",
            .why = "To protect your privacy, this e-mail does not say what it is about.",
            .no_reply = "Please do not reply to this e-mail.",
            .sms_self = "helsami: Something new is waiting for you. Log in to see it:",
            .sms_other = "helsami: Something new is waiting for someone you act for. Log in to see it:",
        },
};

void notify_compose(arena *a, enum locale loc, bool about_other, const char *login_url, notify_text *out)
{
	const struct texts *t = &texts[(unsigned)loc < LOCALE_COUNT ? loc : LOCALE_NB];
	out->subject = t->subject;
	out->body = arena_printf(a, "%s\n\n%s\n%s\n\n%s\n\n%s\n", about_other ? t->other : t->self, t->login, login_url,
	                         t->why, t->no_reply);
	out->sms = arena_printf(a, "%s %s", about_other ? t->sms_other : t->sms_self, login_url);
}

/* ---- in-app ---------------------------------------------------------------- */

static status own_check(const ctx *x)
{
	if (x->who.kind != ACTOR_CITIZEN)
		return ST_DENIED;
	return authz_check(x, CAP_N1_NOTIFICATIONS);
}

status notify_inbox(const ctx *x, delivery **out, size_t *n)
{
	status st = own_check(x);
	if (st != ST_OK)
		return st;
	return store_inbox_list(x->db, x->arena, x->who.person_id, NOTIFY_INBOX_MAX, out, n);
}

status notify_unread(const ctx *x, int64_t *out)
{
	*out = 0;
	if (own_check(x) != ST_OK)
		return ST_OK;
	/* A request's session was read with the count (auth/session.h). */
	if (x->session != NULL && x->session->person_id == x->who.person_id) {
		*out = x->session->unread;
		return ST_OK;
	}
	return store_inbox_unread(x->db, x->who.person_id, out);
}

status notify_mark_read(const ctx *x)
{
	status st = own_check(x);
	if (st != ST_OK)
		return st;
	return store_inbox_mark_read(x->db, x->who.person_id, x->now);
}

/* ---- the operator's outbox --------------------------------------------------- */

const char *const notify_statuses[] = {"pending", "sent", "failed", "dead", NULL};

const char *const notify_paper_reasons[] = {"unopened", "reserved", "unreachable", NULL};

struct outbox_read {
	const char *st;
	notify_outbox_view *out;
};

static status outbox_fn(ctx *x, void *args)
{
	struct outbox_read *o = args;
	status st = ST_OK;
	for (int i = 0; notify_statuses[i] != NULL && st == ST_OK; i++)
		if ((st = store_dq_count(x->db, &notify_delivery_queue, notify_statuses[i], &o->out->counts[i])) ==
		    ST_OK)
			st = store_dq_count(x->db, &letter_delivery_queue, notify_statuses[i],
			                    &o->out->letter_counts[i]);
	if (st == ST_OK)
		st = store_delivery_list(x->db, x->arena, o->st, NOTIFY_OUTBOX_PAGE, &o->out->rows, &o->out->n,
		                         &o->out->more);
	if (st == ST_OK)
		st = store_letter_deliveries_with_status(x->db, x->arena, "dead", NOTIFY_OUTBOX_PAGE,
		                                         &o->out->dead_letters, &o->out->ndead_letters);
	for (int i = 0; notify_paper_reasons[i] != NULL && st == ST_OK; i++)
		st = store_print_queue_count(x->db, notify_paper_reasons[i], &o->out->paper_counts[i]);
	return st;
}

status notify_outbox(const ctx *x, const char *st, notify_outbox_view *out)
{
	memset(out, 0, sizeof *out);
	if (authz_staff(x, CAP_ADMIN) != ST_OK)
		return ST_DENIED;
	bool known = false;
	for (int i = 0; notify_statuses[i] != NULL; i++)
		known = known || (st != NULL && strcmp(st, notify_statuses[i]) == 0);
	if (!known)
		return ST_INVALID;
	struct outbox_read o = {st, out};
	return domain_tx(x, false, outbox_fn, &o);
}

/* What differs between the queues an operator retries in. */
static const struct retry_queue {
	const delivery_queue *queue;
	bool failed_too;
	status (*person)(db_conn *c, int64_t id, int64_t *person_id);
	const char *what; /* in the access log, with the delivery's id */
} retry_queues[] = {
    [OUTBOX_NOTIFICATIONS] = {&notify_delivery_queue, true, store_delivery_about, "notifications.delivery"},
    [OUTBOX_LETTERS] = {&letter_delivery_queue, false, store_letter_delivery_patient, "documents.delivery"},
};

struct retry {
	const struct retry_queue *q;
	int64_t id;
};

static status retry_fn(ctx *x, void *args)
{
	const struct retry *r = args;
	int64_t concerned = 0;
	status st = store_dq_retry(x->db, r->q->queue, r->id, x->now, r->q->failed_too);
	if (st == ST_OK)
		st = r->q->person(x->db, r->id, &concerned);
	if (st != ST_OK)
		return st;
	return audit_record(x, concerned, "retry", r->q->what, arena_printf(x->arena, "%lld", (long long)r->id),
	                    "operations");
}

status notify_outbox_retry(const ctx *x, enum outbox_queue q, int64_t delivery_id)
{
	if (authz_staff(x, CAP_ADMIN) != ST_OK)
		return ST_DENIED;
	struct retry r = {&retry_queues[q], delivery_id};
	return domain_tx(x, true, retry_fn, &r);
}
