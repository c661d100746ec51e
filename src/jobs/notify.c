/* notify.c (jobs) — the notification delivery worker (jobs/notify.h). */
#include "jobs/notify.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/crypto.h"
#include "core/log.h"
#include "domain/notify.h"
#include "domain/tx.h"
#include "integrations/sms.h"
#include "integrations/smtp.h"
#include "jobs/timer.h"

struct notify_job {
	db *d;
	smtp_settings smtp;
	sms_settings sms;
	char *login_url;         /* owned */
	const char *mail_domain; /* the Message-ID's right-hand side */
	int64_t backoff_s;
	int attempts;
	int64_t period_ms;
	char owner[JOB_OWNER_MAX]; /* this worker's name on its leases: host, process, random */
	smtp_sender *mailer;
	sms_sender *texter;
	job_timer *timer; /* the server's, from notify_job_start */
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
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_error("cannot initialise libcurl");
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
	j->backoff_s = cfg->notify_backoff_seconds;
	j->attempts = cfg->notify_attempts;
	j->period_ms = (int64_t)cfg->notify_seconds * 1000;
	job_lease_owner(j->owner, sizeof j->owner);
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
	free(j);
	curl_global_cleanup(); /* one for the init in notify_job_new: libcurl counts them */
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

struct claim {
	const char *channel, *owner;
	delivery *rows;
	size_t n;
};

static status claim_fn(ctx *x, void *args)
{
	struct claim *c = args;
	return store_delivery_claim(x->db, x->arena, c->channel, c->owner, x->now, x->now + NOTIFY_LEASE_S,
	                            NOTIFY_CLAIM_BATCH, &c->rows, &c->n);
}

/* Records the outcome of one attempt. permanent: no retry can help (no
 * address, account deactivated): dead at once. */
static status record(notify_job *j, ctx *x, const delivery *d, status sent, bool permanent, const char *error,
                     notify_round *out)
{
	x->now = clock_system_now();
	status st;
	if (sent == ST_OK) {
		st = store_delivery_sent(x->db, d->id, j->owner, x->now);
		if (st == ST_OK)
			out->sent++;
	} else {
		int attempts = d->attempts + 1;
		bool dead = permanent || attempts >= j->attempts;
		char why[NOTIFY_ERROR_MAX + 1];
		snprintf(why, sizeof why, "%s", error != NULL ? error : "failed");
		st = store_delivery_failed(x->db, d->id, j->owner, attempts, dead,
		                           x->now + notify_backoff(j->backoff_s, attempts, random_u32()), why);
		if (st == ST_OK)
			(*(dead ? &out->dead : &out->failed))++;
		log_warn("notification delivery %" PRId64 " (%s) attempt %d failed%s: %s", d->id, d->channel, attempts,
		         dead ? ", given up" : "", why);
	}
	if (st == ST_CONFLICT) /* the lease ran out and another worker took it */
		log_warn("notification delivery %" PRId64 ": no longer ours to mark", d->id);
	return st == ST_CONFLICT ? ST_OK : st;
}

/* Sends one claimed delivery and records the outcome. */
static status send_one(notify_job *j, ctx *x, const delivery *d, notify_round *out)
{
	recipient r;
	status st = store_recipient(x->db, x->arena, d->recipient_id, &r);
	if (st != ST_OK && st != ST_NOT_FOUND)
		return st;
	if (st == ST_NOT_FOUND || r.deactivated)
		return record(j, x, d, ST_DENIED, true, "the account is deactivated", out);
	bool email = strcmp(d->channel, "email") == 0;
	if ((email ? r.email : r.phone) == NULL)
		return record(j, x, d, ST_INVALID, true, email ? "no e-mail address" : "no phone number", out);
	notify_text t;
	enum locale loc = r.lang != NULL && strcmp(r.lang, "en") == 0 ? LOCALE_EN : LOCALE_NB;
	notify_compose(x->arena, loc, d->about_id != d->recipient_id, j->login_url, &t);
	const char *error = NULL;
	status sent;
	if (email) {
		/* The same id on every attempt: a server or reader can drop a copy
		 * sent again after a crash (docs/notifications.md). */
		const char *mid = arena_printf(x->arena, "notification-%" PRId64 ".%" PRId64 "@%s", d->id, d->event_id,
		                               j->mail_domain);
		sent = smtp_send(j->mailer, x->arena, r.email, t.subject, t.body, mid, &error);
	} else {
		sent = sms_send(j->texter, x->arena, r.phone, t.sms, arena_printf(x->arena, "helsami-%" PRId64, d->id),
		                &error);
	}
	return record(j, x, d, sent, sent == ST_INVALID, error, out);
}

/* Sends what was due when the round began: a delivery that fails now is due
 * again a second later at the earliest (notify_backoff), so a round ends
 * even with a channel down. */
static status send_channel(notify_job *j, ctx *x, unix_time round_start, const char *channel, notify_round *out)
{
	for (;;) {
		arena_reset(x->arena);
		x->now = round_start;
		struct claim c = {channel, j->owner, NULL, 0};
		status st = domain_tx(x, true, claim_fn, &c);
		if (st != ST_OK || c.n == 0)
			return st;
		for (size_t i = 0; i < c.n; i++)
			if ((st = send_one(j, x, &c.rows[i], out)) != ST_OK)
				return st;
	}
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
	if (st == ST_OK && j->smtp.url != NULL)
		st = send_channel(j, &x, round_start, "email", out);
	if (st == ST_OK && j->sms.url != NULL)
		st = send_channel(j, &x, round_start, "sms", out);
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
	return job_timer_start("notification", j->period_ms, true, tick, j, &j->timer);
}

void notify_job_stop(notify_job *j)
{
	if (j == NULL)
		return;
	job_timer_stop(j->timer);
	j->timer = NULL;
}
