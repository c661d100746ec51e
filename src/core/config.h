/* config.h — settings from command-line options and HELSAMI_* environment
 * variables (an option wins over its variable). `helsami --help` lists them. */
#ifndef HELSAMI_CONFIG_H
#define HELSAMI_CONFIG_H

#include <stdbool.h>

typedef struct config {
	const char *listen;     /* HOST:PORT */
	const char *db_url;     /* sqlite:PATH or postgres://... */
	bool dev;               /* dev mode: TestID login, settable clock; loopback only */
	const char *base_url;   /* public URL, e.g. https://helsami.example.no */
	const char *static_dir; /* directory of CSS/JS/images */
	int threads;            /* HTTP worker threads; 0 = the default (http/server.c) */
	const char *support_phone;
	const char *support_hours_nb;
	const char *support_hours_en;
	const char *log_level; /* debug, info, warn, error */
	/* OpenID Connect providers (auth/oidc.h): unset issuer and client id = not offered */
	const char *idporten_issuer, *idporten_client_id, *idporten_client_secret, *idporten_client_key;
	const char *idporten_auth_method, *idporten_acr, *idporten_scope;
	const char *helseid_issuer, *helseid_client_id, *helseid_client_key, *helseid_scope;
	int login_rate;  /* login starts/callbacks per minute per client address; -1 = default */
	int lookup_rate; /* identity-number lookups per citizen per hour; -1 = default */
	/* Signed checkpoints of the access log (jobs/audit_checkpoint.h): both or neither. */
	const char *audit_checkpoint_key;  /* Ed25519 private key, PEM */
	const char *audit_checkpoint_file; /* the file checkpoints are appended to */
	double audit_checkpoint_minutes;   /* between checkpoints; -1 = malformed */
	/* Notification delivery (jobs/notify.h). An unset URL turns its channel
	 * off: deliveries wait. Numbers: -2 = malformed. */
	const char *smtp_url, *smtp_from, *smtp_user, *smtp_password;
	const char *sms_url, *sms_token, *sms_source;
	/* Letter adapters (jobs/letter_delivery.h): an unset URL is not used. */
	const char *health_portal_url, *health_portal_token;
	const char *digital_mailbox_url, *digital_mailbox_token;
	/* What the mailbox sends us with a read receipt; unset: none accepted. */
	const char *digital_mailbox_receipt_token;
	/* The contact register (integrations/krr.h): unset, its local copy only. */
	const char *contact_register_url, *contact_register_token;
	int notify_seconds;         /* between the server's delivery rounds */
	int jobs_seconds;           /* between the server's appointment jobs */
	int notify_backoff_seconds; /* the first retry's wait; doubles after */
	int notify_attempts;        /* attempts before a delivery is dead */
	/* Connection limits (http/server.c); -1 = default, -2 = malformed. */
	int connections;             /* served at once */
	int connections_per_address; /* from one client address; 0 = no limit */
	/* Video calls' ICE servers (docs/video.md): unset = none (host
	 * candidates only: calls work on one network). */
	const char *stun_url, *turn_url, *turn_secret;
} config;

/* One setting: its option, variable, where it is stored, and what it means. */
typedef struct config_option {
	const char *option; /* "--listen" */
	const char *env;    /* "HELSAMI_LISTEN" */
	const char *meta;   /* "HOST:PORT", or NULL for a flag */
	const char *help;
} config_option;

extern const config_option config_options[];

/* Defaults, then environment. */
void config_defaults(config *cfg);
/* Applies argv[*i] (and its value); returns false and prints why if it is not
 * a known option. Advances *i past a consumed value. */
bool config_apply_arg(config *cfg, int argc, char **argv, int *i);
void config_print_help(void);

#endif
