/* serve.c — `helsami serve`: loads what pages need, starts the server, and
 * waits for SIGTERM/SIGINT to shut down cleanly. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

#include "auth/oidc.h"
#include "cli/cli.h"
#include "core/log.h"
#include "domain/representation.h"
#include "http/server.h"
#include "http/static.h"
#include "jobs/audit_checkpoint.h"
#include "jobs/appointments.h"
#include "jobs/letter_delivery.h"
#include "jobs/letters.h"
#include "jobs/notify.h"
#include "jobs/timer.h"
#include "jobs/video.h"
#include "web/i18n.h"
#include "web/template.h"

/* Blocks the shutdown signals in every thread (workers inherit the mask), so
 * the main thread alone takes them with sigwait. */
static void block_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	pthread_sigmask(SIG_BLOCK, set, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int cli_serve(const config *cfg, db *d)
{
	if (i18n_load() != ST_OK || tmpl_load_all() != ST_OK) {
		log_error("the message catalog or a template has errors (see above)");
		return 1;
	}
	if (static_load(cfg->static_dir) != ST_OK) {
		log_error("cannot read static files from %s (run make first)", cfg->static_dir);
		return 1;
	}
	site s = {
	    .name = "helsami",
	    .support_phone = cfg->support_phone,
	    .support_hours_nb = cfg->support_hours_nb,
	    .support_hours_en = cfg->support_hours_en,
	    .dev = cfg->dev,
	    .static_version = static_version(),
	    .stun_url = cfg->stun_url,
	    .turn_url = cfg->turn_url,
	    .turn_secret = cfg->turn_secret,
	    .mailbox_receipt_token = cfg->digital_mailbox_receipt_token,
	};
	if (cfg->lookup_rate < -1) {
		log_error("--lookup-rate (HELSAMI_LOOKUP_RATE) must be a whole number from 0 (no limit) up");
		static_unload();
		return 1;
	}
	if (cfg->lookup_rate >= 0)
		repr_set_lookup_limit(cfg->lookup_rate);
	if (oidc_init(cfg) != ST_OK) {
		static_unload();
		return 1;
	}
	sigset_t set;
	block_signals(&set);
	/* The timed jobs start with the server and stop after it, in reverse. */
	int rc = 1;
	audit_checkpoint_job *checkpoints = NULL;
	notify_job *notifier = NULL;
	job_timer *appointments = NULL;
	server *srv = NULL;
	job_timer *letters = NULL;
	letter_delivery_job *deliverer = NULL;
	job_timer *video = NULL;
	/* Both job_new calls initialise libcurl: before any thread runs. */
	if (audit_checkpoint_job_start(cfg, d, &checkpoints) != ST_OK || notify_job_new(cfg, d, &notifier) != ST_OK ||
	    letter_delivery_job_new(cfg, d, &deliverer) != ST_OK || server_start(cfg, d, &s, &srv) != ST_OK ||
	    notify_job_start(notifier) != ST_OK || jobs_appointments_start(cfg, d, &appointments) != ST_OK ||
	    letters_job_start(cfg, d, letter_delivery_job_adapters(deliverer), &letters) != ST_OK ||
	    letter_delivery_job_start(deliverer) != ST_OK || jobs_video_start(cfg, d, &video) != ST_OK)
		goto stop;
	/* One line on stdout that scripts and tests wait for. */
	printf("helsami: listening on port %u\n", server_port(srv));
	fflush(stdout);
	int sig;
	sigwait(&set, &sig);
	log_info("signal %d: finishing in-flight requests, then stopping", sig);
	rc = 0;
stop:
	if (srv != NULL)
		server_stop(srv);
	job_timer_stop(video);
	letter_delivery_job_stop(deliverer);
	job_timer_stop(letters);
	letter_delivery_job_free(deliverer);
	job_timer_stop(appointments);
	notify_job_stop(notifier);
	notify_job_free(notifier);
	audit_checkpoint_job_stop(checkpoints);
	oidc_free();
	static_unload();
	if (rc == 0)
		log_info("stopped cleanly");
	return rc;
}
