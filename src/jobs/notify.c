/* notify.c (jobs) — the notification delivery worker (jobs/notify.h). */
#include "jobs/notify.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "domain/notify.h"
#include "domain/tx.h"
#include "integrations/sms.h"
#include "integrations/smtp.h"
#include "jobs/delivery_queue.h"

struct notify_job {
	db *d;
	smtp_settings smtp;
	sms_settings sms;
	char *login_url;         /* owned */
	const char *mail_domain; /* the Message-ID's right-hand side */
	int64_t period_ms;
	dq_worker worker;
	smtp_sender *mailer;
	sms_sender *texter;
};

static status send_one(void *self, db_conn *c, arena *ar, const void *row, dq_outcome *out);

static const dq_kind notify_kind = {
    .what = "notification delivery",
    .queue = &notify_delivery_queue,
    .batch = NOTIFY_CLAIM_BATCH,
    .lease_s = NOTIFY_LEASE_S,
    .id_at = offsetof(delivery, id),
    .attempts_at = offsetof(delivery, attempts),
    .send = send_one,
};

static bool settings_valid(const config *cfg)
{
	const char *bad = cfg->notify_seconds < 1 ? "--notify-seconds (HELSAMI_NOTIFY_SECONDS) must be 1 to 3600"
	                  : cfg->notify_backoff_seconds < 0
	                      ? "--notify-backoff-seconds (HELSAMI_NOTIFY_BACKOFF_SECONDS) must be 0 to 86400"
	                  : cfg->notify_attempts < 1 ? "--notify-attempts (HELSAMI_NOTIFY_ATTEMPTS) must be 1 to 100"
	                                             : NULL;
	if (bad != NULL)
		log_error("%s", bad);
	return bad == NULL;
}

status notify_job_new(const config *cfg, db *d, notify_job **out)
{
	*out = NULL;
	if (!settings_valid(cfg))
		return ST_INVALID;
	notify_job *j = xcalloc(1, sizeof *j);
	j->d = d;
	j->smtp =
	    (smtp_settings){cfg->smtp_url, cfg->smtp_from, cfg->smtp_user, cfg->smtp_password, NOTIFY_SEND_TIMEOUT_S};
	j->sms = (sms_settings){cfg->sms_url, cfg->sms_token, cfg->sms_source, NOTIFY_SEND_TIMEOUT_S};
	if (!smtp_settings_valid(&j->smtp) || !sms_settings_valid(&j->sms)) {
		free(j);
		return ST_INVALID;
	}
	if (dq_worker_init(&j->worker, &notify_kind, j, cfg) != ST_OK) {
		free(j);
		return ST_INTERNAL;
	}
	if (cfg->base_url != NULL) {
		size_t n = strlen(cfg->base_url);
		j->login_url = xmalloc(n + 2);
		sprintf(j->login_url, "%s%s", cfg->base_url, n > 0 && cfg->base_url[n - 1] == '/' ? "" : "/");
	} else {
		j->login_url = xmalloc(strlen(cfg->listen) + 16);
		sprintf(j->login_url, "http://%s/", cfg->listen);
	}
	j->mail_domain = strchr(j->smtp.from, '@') + 1; /* valid: checked above */
	j->period_ms = (int64_t)cfg->notify_seconds * 1000;
	j->mailer = smtp_sender_new(&j->smtp);
	j->texter = sms_sender_new(&j->sms);
	*out = j;
	return ST_OK;
}

void notify_job_free(notify_job *j)
{
	if (j == NULL)
		return;
	smtp_sender_free(j->mailer);
	sms_sender_free(j->texter);
	free(j->login_url);
	dq_worker_done(&j->worker);
	free(j);
}

/* ---- one round ----------------------------------------------------------- */

struct fan {
	size_t events, deliveries;
};

static status fan_fn(ctx *x, void *args)
{
	struct fan *f = args;
	return notify_fan_out(x, NOTIFY_FANOUT_BATCH, &f->events, &f->deliveries);
}

/* Composes the text in the recipient's language and sends it. */
static void send_text(const notify_job *j, arena *ar, const delivery *d, const recipient *r, bool email,
                      dq_outcome *out)
{
	notify_text t;
	enum locale loc = r->lang != NULL && strcmp(r->lang, "en") == 0 ? LOCALE_EN : LOCALE_NB;
	notify_compose(ar, loc, d->about_id != d->recipient_id, j->login_url, &t);
	const char *error = NULL;
	status sent;
	if (email) {
		/* The same id on every attempt: a server or reader can drop a copy
		 * sent again after a crash (docs/notifications.md). */
		const char *mid =
		    arena_printf(ar, "notification-%" PRId64 ".%" PRId64 "@%s", d->id, d->event_id, j->mail_domain);
		sent = smtp_send(j->mailer, ar, r->email, t.subject, t.body, mid, &error);
	} else {
		sent = sms_send(j->texter, ar, r->phone, t.sms, arena_printf(ar, "helsami-%" PRId64, d->id), &error);
	}
	*out = (dq_outcome){sent, sent == ST_INVALID, error};
}

/* Sends one claimed delivery. No address, or an account deactivated (or
 * gone), cannot be helped by trying again. */
static status send_one(void *self, db_conn *c, arena *ar, const void *row, dq_outcome *out)
{
	const notify_job *j = self;
	const delivery *d = row;
	recipient r;
	status st = store_recipient(c, ar, d->recipient_id, &r);
	if (st != ST_OK && st != ST_NOT_FOUND)
		return st;
	bool email = strcmp(d->channel, "email") == 0;
	if (st == ST_NOT_FOUND || r.deactivated)
		*out = (dq_outcome){ST_DENIED, true, "the account is deactivated"};
	else if ((email ? r.email : r.phone) == NULL)
		*out = (dq_outcome){ST_INVALID, true, email ? "no e-mail address" : "no phone number"};
	else
		send_text(j, ar, d, &r, email, out);
	return ST_OK;
}

status notify_job_round(notify_job *j, notify_round *out)
{
	memset(out, 0, sizeof *out);
	db_conn *c = db_thread_conn(j->d);
	if (c == NULL)
		return ST_INTERNAL;
	arena *ar = arena_new();
	ctx x = {.arena = ar, .db = c, .locale = LOCALE_NB, .who = {.kind = ACTOR_SYSTEM}};
	status st;
	for (;;) {
		x.now = clock_system_now();
		struct fan f = {0};
		st = domain_tx(&x, true, fan_fn, &f);
		out->events += f.events;
		out->deliveries += f.deliveries;
		arena_reset(ar);
		if (st != ST_OK || f.events < NOTIFY_FANOUT_BATCH)
			break;
	}
	/* What is due when sending begins: fan-out's deliveries included. */
	unix_time round_start = clock_system_now();
	dq_counts k = {0};
	if (st == ST_OK && j->smtp.url != NULL)
		st = dq_send_due(&j->worker, c, ar, round_start, "email", &k);
	if (st == ST_OK && j->sms.url != NULL)
		st = dq_send_due(&j->worker, c, ar, round_start, "sms", &k);
	out->sent = k.sent;
	out->failed = k.failed;
	out->dead = k.dead;
	arena_free(ar);
	if (st != ST_OK)
		log_error("notification round stopped: %s", status_name(st));
	return st;
}

/* ---- the timer ------------------------------------------------------------ */

static void tick(void *arg)
{
	notify_job *j = arg;
	notify_round r;
	if (notify_job_round(j, &r) == ST_OK && (r.events || r.sent || r.failed || r.dead))
		log_info("notifications: %zu events, %zu deliveries made, %zu sent, %zu to retry, %zu given up",
		         r.events, r.deliveries, r.sent, r.failed, r.dead);
}

status notify_job_start(notify_job *j)
{
	return dq_worker_start(&j->worker, "notification", j->period_ms, tick);
}

void notify_job_stop(notify_job *j)
{
	if (j == NULL)
		return;
	dq_worker_stop(&j->worker);
}
