/* config.c — the settings table, defaults, environment and options. */
#include "core/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

enum opt_id {
	OPT_LISTEN,
	OPT_DB,
	OPT_DEV,
	OPT_BASE_URL,
	OPT_STATIC,
	OPT_THREADS,
	OPT_PHONE,
	OPT_HOURS_NB,
	OPT_HOURS_EN,
	OPT_LOG_LEVEL,
	OPT_IDP_ISSUER,
	OPT_IDP_CLIENT_ID,
	OPT_IDP_SECRET,
	OPT_IDP_KEY,
	OPT_IDP_AUTH,
	OPT_IDP_ACR,
	OPT_IDP_SCOPE,
	OPT_HID_ISSUER,
	OPT_HID_CLIENT_ID,
	OPT_HID_KEY,
	OPT_HID_SCOPE,
	OPT_LOGIN_RATE,
	OPT_LOOKUP_RATE,
	OPT_AUDIT_CKPT_KEY,
	OPT_AUDIT_CKPT_FILE,
	OPT_AUDIT_CKPT_MINUTES,
	OPT_CONNECTIONS,
	OPT_CONNECTIONS_PER_ADDRESS,
	OPT_SMTP_URL,
	OPT_SMTP_FROM,
	OPT_SMTP_USER,
	OPT_SMTP_PASSWORD,
	OPT_SMS_URL,
	OPT_SMS_TOKEN,
	OPT_SMS_SOURCE,
	OPT_HEALTH_PORTAL_URL,
	OPT_HEALTH_PORTAL_TOKEN,
	OPT_MAILBOX_URL,
	OPT_MAILBOX_TOKEN,
	OPT_MAILBOX_RECEIPT_TOKEN,
	OPT_KRR_URL,
	OPT_KRR_TOKEN,
	OPT_NOTIFY_SECONDS,
	OPT_NOTIFY_BACKOFF,
	OPT_NOTIFY_ATTEMPTS,
	OPT_JOBS_SECONDS,
	OPT_STUN_URL,
	OPT_TURN_URL,
	OPT_TURN_SECRET
};

const config_option config_options[] = {
    [OPT_LISTEN] = {"--listen", "HELSAMI_LISTEN", "HOST:PORT", "address to serve on (default 127.0.0.1:8080)"},
    [OPT_DB] = {"--db", "HELSAMI_DB", "URL", "sqlite:PATH (default sqlite:var/helsami.db) or postgres://..."},
    [OPT_DEV] = {"--dev", "HELSAMI_DEV", NULL, "dev mode: TestID login and a settable clock; loopback only"},
    [OPT_BASE_URL] = {"--base-url", "HELSAMI_BASE_URL", "URL",
                      "public base URL (default http://LISTEN); https turns on HSTS"},
    [OPT_STATIC] = {"--static-dir", "HELSAMI_STATIC_DIR", "DIR", "directory of static files (default build/static)"},
    [OPT_THREADS] = {"--threads", "HELSAMI_THREADS", "N", "HTTP worker threads (default: 8 a core on SQLite, 1 on PostgreSQL)"},
    [OPT_PHONE] = {"--support-phone", "HELSAMI_SUPPORT_PHONE", "PHONE", "user support phone shown in the footer"},
    [OPT_HOURS_NB] = {"--support-hours-nb", "HELSAMI_SUPPORT_HOURS_NB", "TEXT", "support opening hours, Norwegian"},
    [OPT_HOURS_EN] = {"--support-hours-en", "HELSAMI_SUPPORT_HOURS_EN", "TEXT", "support opening hours, English"},
    [OPT_LOG_LEVEL] = {"--log-level", "HELSAMI_LOG_LEVEL", "LEVEL", "debug, info (default), warn or error"},
    [OPT_IDP_ISSUER] = {"--idporten-issuer", "HELSAMI_IDPORTEN_ISSUER", "URL",
                        "ID-porten issuer, e.g. https://test.idporten.no (unset: no ID-porten login)"},
    [OPT_IDP_CLIENT_ID] = {"--idporten-client-id", "HELSAMI_IDPORTEN_CLIENT_ID", "ID", "ID-porten client id"},
    [OPT_IDP_SECRET] = {"--idporten-client-secret", "HELSAMI_IDPORTEN_CLIENT_SECRET", "SECRET",
                        "ID-porten client secret (client_secret_basic/_post); prefer the variable"},
    [OPT_IDP_KEY] = {"--idporten-client-key", "HELSAMI_IDPORTEN_CLIENT_KEY", "FILE",
                     "ID-porten client private key, JWK or PEM (private_key_jwt)"},
    [OPT_IDP_AUTH] = {"--idporten-auth-method", "HELSAMI_IDPORTEN_AUTH_METHOD", "METHOD",
                      "client_secret_basic (default), client_secret_post or private_key_jwt"},
    [OPT_IDP_ACR] = {"--idporten-acr", "HELSAMI_IDPORTEN_ACR", "ACR",
                     "required level: idporten-loa-high (default) or idporten-loa-substantial"},
    [OPT_IDP_SCOPE] = {"--idporten-scope", "HELSAMI_IDPORTEN_SCOPE", "SCOPES",
                       "ID-porten scopes (default \"openid profile\")"},
    [OPT_HID_ISSUER] = {"--helseid-issuer", "HELSAMI_HELSEID_ISSUER", "URL",
                        "HelseID issuer, e.g. https://helseid-sts.test.nhn.no (unset: no HelseID login)"},
    [OPT_HID_CLIENT_ID] = {"--helseid-client-id", "HELSAMI_HELSEID_CLIENT_ID", "ID", "HelseID client id"},
    [OPT_HID_KEY] = {"--helseid-client-key", "HELSAMI_HELSEID_CLIENT_KEY", "FILE",
                     "HelseID client private key, JWK or PEM (private_key_jwt)"},
    [OPT_HID_SCOPE] = {"--helseid-scope", "HELSAMI_HELSEID_SCOPE", "SCOPES",
                       "HelseID scopes (default: openid profile and the pid, security_level, hpr_number scopes)"},
    [OPT_LOGIN_RATE] = {"--login-rate", "HELSAMI_LOGIN_RATE", "N",
                        "login starts (and callbacks) per minute per client address (default 30; 0 = no limit)"},
    [OPT_LOOKUP_RATE] =
        {"--lookup-rate", "HELSAMI_LOOKUP_RATE", "N",
         "identity numbers a citizen may look up per hour in the access forms (default 10; 0 = no limit)"},
    [OPT_AUDIT_CKPT_KEY] = {"--audit-checkpoint-key", "HELSAMI_AUDIT_CHECKPOINT_KEY", "FILE",
                            "Ed25519 private key (PEM) that signs access-log checkpoints (helsami audit keygen)"},
    [OPT_AUDIT_CKPT_FILE] = {"--audit-checkpoint-file", "HELSAMI_AUDIT_CHECKPOINT_FILE", "FILE",
                             "file the server appends a signed access-log checkpoint to (with --audit-checkpoint-key)"},
    [OPT_AUDIT_CKPT_MINUTES] = {"--audit-checkpoint-minutes", "HELSAMI_AUDIT_CHECKPOINT_MINUTES", "N",
                                "minutes between checkpoints (default 60; fractions down to 0.01 are for tests)"},
    [OPT_CONNECTIONS] = {"--connections", "HELSAMI_CONNECTIONS", "N",
                         "open connections served at once (default 4096); a client past them is answered 503"},
    [OPT_CONNECTIONS_PER_ADDRESS] =
        {"--connections-per-address", "HELSAMI_CONNECTIONS_PER_ADDRESS", "N",
         "open connections from one client address (default 256; 0 = no limit, for behind a reverse proxy)"},
    [OPT_SMTP_URL] = {"--smtp-url", "HELSAMI_SMTP_URL", "URL",
                      "SMTP server for e-mail notifications: smtp://HOST:PORT (STARTTLS when offered) or "
                      "smtps://HOST:PORT (unset: e-mail waits)"},
    [OPT_SMTP_FROM] = {"--smtp-from", "HELSAMI_SMTP_FROM", "ADDRESS",
                       "sender address of e-mail notifications (default helsami@localhost)"},
    [OPT_SMTP_USER] = {"--smtp-user", "HELSAMI_SMTP_USER", "USER",
                       "SMTP user name (with a password, STARTTLS is required)"},
    [OPT_SMTP_PASSWORD] = {"--smtp-password", "HELSAMI_SMTP_PASSWORD", "SECRET", "SMTP password; prefer the variable"},
    [OPT_SMS_URL] = {"--sms-url", "HELSAMI_SMS_URL", "URL", "SMS gateway: a JSON POST to this URL (unset: SMS waits)"},
    [OPT_SMS_TOKEN] = {"--sms-token", "HELSAMI_SMS_TOKEN", "SECRET",
                       "SMS gateway credential, sent as a Bearer token; prefer the variable"},
    [OPT_SMS_SOURCE] = {"--sms-source", "HELSAMI_SMS_SOURCE", "NAME",
                        "sender name on SMS notifications (default helsami)"},
    [OPT_HEALTH_PORTAL_URL] = {"--health-portal-url", "HELSAMI_HEALTH_PORTAL_URL", "URL",
                               "national health portal: letters are sent as a JSON POST to this URL (unset: not sent)"},
    [OPT_HEALTH_PORTAL_TOKEN] = {"--health-portal-token", "HELSAMI_HEALTH_PORTAL_TOKEN", "SECRET",
                                 "national health portal credential, sent as a Bearer token; prefer the variable"},
    [OPT_MAILBOX_URL] = {"--digital-mailbox-url", "HELSAMI_DIGITAL_MAILBOX_URL", "URL",
                         "digital mailbox: letters are sent as a JSON POST to this URL (unset: not sent)"},
    [OPT_MAILBOX_TOKEN] = {"--digital-mailbox-token", "HELSAMI_DIGITAL_MAILBOX_TOKEN", "SECRET",
                           "digital mailbox credential, sent as a Bearer token; prefer the variable"},
    [OPT_MAILBOX_RECEIPT_TOKEN] =
        {"--digital-mailbox-receipt-token", "HELSAMI_DIGITAL_MAILBOX_RECEIPT_TOKEN", "SECRET",
         "the Bearer secret the digital mailbox sends with its read receipts to "
         "POST /integrations/digital-mailbox/read-receipts (unset: refused); prefer the variable"},
    [OPT_KRR_URL] = {"--contact-register-url", "HELSAMI_CONTACT_REGISTER_URL", "URL",
                     "contact register (KRR) lookup, POST .../rest/v2/personer (unset: its local copy only)"},
    [OPT_KRR_TOKEN] = {"--contact-register-token", "HELSAMI_CONTACT_REGISTER_TOKEN", "SECRET",
                       "contact register credential (a Maskinporten token), sent as Bearer; prefer the variable"},
    [OPT_NOTIFY_SECONDS] = {"--notify-seconds", "HELSAMI_NOTIFY_SECONDS", "N",
                            "seconds between the server's notification rounds (default 2)"},
    [OPT_NOTIFY_BACKOFF] =
        {"--notify-backoff-seconds", "HELSAMI_NOTIFY_BACKOFF_SECONDS", "N",
         "wait before the first retry of a failed notification, doubling after (default 30; 0 = at once)"},
    [OPT_NOTIFY_ATTEMPTS] = {"--notify-attempts", "HELSAMI_NOTIFY_ATTEMPTS", "N",
                             "attempts before a notification is dead (default 10)"},
    [OPT_JOBS_SECONDS] =
        {"--jobs-seconds", "HELSAMI_JOBS_SECONDS", "N",
         "seconds between the server's appointment jobs: offers, reminders, check-in (default 60; 0 = off)"},
    [OPT_STUN_URL] = {"--stun-url", "HELSAMI_STUN_URL", "URL",
                      "STUN server for video calls, e.g. stun:turn.example.no:3478 (unset: none)"},
    [OPT_TURN_URL] = {"--turn-url", "HELSAMI_TURN_URL", "URL",
                      "TURN server for video calls, e.g. turns:turn.example.no:5349 (unset: none)"},
    [OPT_TURN_SECRET] = {"--turn-secret", "HELSAMI_TURN_SECRET", "SECRET",
                         "coturn's static-auth-secret, for time-limited TURN credentials; prefer the variable"},
    {NULL, NULL, NULL, NULL},
};

/* Minutes between 0.01 (tests) and a week, as a decimal number; -1 if not. */
static double parse_minutes(const char *value)
{
	char *end;
	errno = 0;
	double m = strtod(value, &end);
	return errno == 0 && end != value && *end == '\0' && m >= 0.01 && m <= 7 * 24 * 60 ? m : -1;
}

static void set(config *cfg, enum opt_id id, const char *value)
{
	int64_t n;
	switch (id) {
	case OPT_LISTEN: cfg->listen = value; break;
	case OPT_DB: cfg->db_url = value; break;
	case OPT_DEV: cfg->dev = value == NULL || str_eq(value, "1") || str_eq(value, "true"); break;
	case OPT_BASE_URL: cfg->base_url = value; break;
	case OPT_STATIC: cfg->static_dir = value; break;
	case OPT_STUN_URL: cfg->stun_url = value; break;
	case OPT_TURN_URL: cfg->turn_url = value; break;
	case OPT_TURN_SECRET: cfg->turn_secret = value; break;
	case OPT_THREADS: cfg->threads = atoi(value); break;
	case OPT_PHONE: cfg->support_phone = value; break;
	case OPT_HOURS_NB: cfg->support_hours_nb = value; break;
	case OPT_HOURS_EN: cfg->support_hours_en = value; break;
	case OPT_LOG_LEVEL: cfg->log_level = value; break;
	case OPT_IDP_ISSUER: cfg->idporten_issuer = value; break;
	case OPT_IDP_CLIENT_ID: cfg->idporten_client_id = value; break;
	case OPT_IDP_SECRET: cfg->idporten_client_secret = value; break;
	case OPT_IDP_KEY: cfg->idporten_client_key = value; break;
	case OPT_IDP_AUTH: cfg->idporten_auth_method = value; break;
	case OPT_IDP_ACR: cfg->idporten_acr = value; break;
	case OPT_IDP_SCOPE: cfg->idporten_scope = value; break;
	case OPT_HID_ISSUER: cfg->helseid_issuer = value; break;
	case OPT_HID_CLIENT_ID: cfg->helseid_client_id = value; break;
	case OPT_HID_KEY: cfg->helseid_client_key = value; break;
	case OPT_HID_SCOPE: cfg->helseid_scope = value; break;
	case OPT_LOGIN_RATE: cfg->login_rate = str_to_i64(value, &n) && n >= 0 && n <= 1000000 ? (int)n : -2; break;
	case OPT_LOOKUP_RATE: cfg->lookup_rate = str_to_i64(value, &n) && n >= 0 && n <= 1000000 ? (int)n : -2; break;
	case OPT_AUDIT_CKPT_KEY: cfg->audit_checkpoint_key = value; break;
	case OPT_AUDIT_CKPT_FILE: cfg->audit_checkpoint_file = value; break;
	case OPT_AUDIT_CKPT_MINUTES: cfg->audit_checkpoint_minutes = parse_minutes(value); break;
	case OPT_CONNECTIONS: cfg->connections = str_to_i64(value, &n) && n >= 1 && n <= 1000000 ? (int)n : -2; break;
	case OPT_SMTP_URL: cfg->smtp_url = value; break;
	case OPT_SMTP_FROM: cfg->smtp_from = value; break;
	case OPT_SMTP_USER: cfg->smtp_user = value; break;
	case OPT_SMTP_PASSWORD: cfg->smtp_password = value; break;
	case OPT_SMS_URL: cfg->sms_url = value; break;
	case OPT_SMS_TOKEN: cfg->sms_token = value; break;
	case OPT_SMS_SOURCE: cfg->sms_source = value; break;
	case OPT_HEALTH_PORTAL_URL: cfg->health_portal_url = value; break;
	case OPT_HEALTH_PORTAL_TOKEN: cfg->health_portal_token = value; break;
	case OPT_MAILBOX_URL: cfg->digital_mailbox_url = value; break;
	case OPT_MAILBOX_TOKEN: cfg->digital_mailbox_token = value; break;
	case OPT_MAILBOX_RECEIPT_TOKEN: cfg->digital_mailbox_receipt_token = value; break;
	case OPT_KRR_URL: cfg->contact_register_url = value; break;
	case OPT_KRR_TOKEN: cfg->contact_register_token = value; break;
	case OPT_NOTIFY_SECONDS:
		cfg->notify_seconds = str_to_i64(value, &n) && n >= 1 && n <= 3600 ? (int)n : -2;
		break;
	case OPT_NOTIFY_BACKOFF:
		cfg->notify_backoff_seconds = str_to_i64(value, &n) && n >= 0 && n <= 86400 ? (int)n : -2;
		break;
	case OPT_NOTIFY_ATTEMPTS:
		cfg->notify_attempts = str_to_i64(value, &n) && n >= 1 && n <= 100 ? (int)n : -2;
		break;
	case OPT_JOBS_SECONDS: cfg->jobs_seconds = str_to_i64(value, &n) && n >= 0 && n <= 3600 ? (int)n : -2; break;
	case OPT_CONNECTIONS_PER_ADDRESS:
		cfg->connections_per_address = str_to_i64(value, &n) && n >= 0 && n <= 1000000 ? (int)n : -2;
		break;
	}
}

void config_defaults(config *cfg)
{
	*cfg = (config){
	    .listen = "127.0.0.1:8080",
	    .db_url = "sqlite:var/helsami.db",
	    .static_dir = "build/static",
	    .support_phone = "+47 73 00 00 00",
	    .support_hours_nb = "Hverdager 08.00–15.30",
	    .support_hours_en = "Weekdays 08:00–15:30",
	    .log_level = "info",
	    .login_rate = -1,
	    .lookup_rate = -1,
	    .audit_checkpoint_minutes = 60,
	    .smtp_from = "helsami@localhost",
	    .sms_source = "helsami",
	    .notify_seconds = 2,
	    .notify_backoff_seconds = 30,
	    .notify_attempts = 10,
	    .jobs_seconds = 60,
	    .connections = -1,
	    .connections_per_address = -1,
	};
	for (int i = 0; config_options[i].option != NULL; i++) {
		const char *v = getenv(config_options[i].env);
		if (v != NULL && *v != '\0')
			set(cfg, (enum opt_id)i, v);
	}
}

bool config_apply_arg(config *cfg, int argc, char **argv, int *i)
{
	const char *arg = argv[*i];
	for (int k = 0; config_options[k].option != NULL; k++) {
		const config_option *o = &config_options[k];
		size_t n = strlen(o->option);
		if (strncmp(arg, o->option, n) != 0 || (arg[n] != '\0' && arg[n] != '='))
			continue;
		if (o->meta == NULL) {
			if (arg[n] == '=') {
				fprintf(stderr, "helsami: %s takes no value\n", o->option);
				return false;
			}
			set(cfg, (enum opt_id)k, NULL);
			return true;
		}
		const char *value = arg[n] == '=' ? arg + n + 1 : (*i + 1 < argc ? argv[++*i] : NULL);
		if (value == NULL || *value == '\0') {
			fprintf(stderr, "helsami: %s needs a value (%s)\n", o->option, o->meta);
			return false;
		}
		set(cfg, (enum opt_id)k, value);
		return true;
	}
	fprintf(stderr, "helsami: unknown option %s (see helsami --help)\n", arg);
	return false;
}

void config_print_help(void)
{
	printf("Settings (an option wins over its environment variable):\n");
	for (int i = 0; config_options[i].option != NULL; i++) {
		const config_option *o = &config_options[i];
		char left[64];
		snprintf(left, sizeof left, "%s%s%s", o->option, o->meta ? " " : "", o->meta ? o->meta : "");
		printf("  %-28s %-26s %s\n", left, o->env, o->help);
	}
}
