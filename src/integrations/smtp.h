/* smtp.h — sending one plain-text e-mail over SMTP with libcurl (SPEC.md
 * N2): smtp://HOST:PORT (STARTTLS when the server offers it, and required
 * when credentials are set, so a password never crosses in the clear) or
 * smtps://HOST:PORT (TLS from the start). A sender keeps its connection
 * open between messages. */
#ifndef HELSAMI_INTEGRATIONS_SMTP_H
#define HELSAMI_INTEGRATIONS_SMTP_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/core.h"

typedef struct smtp_sender smtp_sender;

typedef struct smtp_settings {
	const char *url;  /* smtp://host:port or smtps://host:port */
	const char *from; /* the sender's address, local@domain */
	const char *user; /* NULL: no authentication */
	const char *password;
	long timeout_s; /* for one message, connecting included */
} smtp_settings;

/* Whether the settings can work; says what is wrong on the log. */
bool smtp_settings_valid(const smtp_settings *s);

/* A sender over settings s (kept by pointer: they must outlive it). */
smtp_sender *smtp_sender_new(const smtp_settings *s);
void smtp_sender_free(smtp_sender *m);

/* Whether addr can go into an envelope and a header: local@domain, printable
 * ASCII without spaces, angle brackets, quotes or commas. */
bool smtp_address_ok(const char *addr);

/* Sends one message to `to`: headers From, To, Subject (RFC 2047 encoded),
 * Date, Message-ID <message_id>, MIME UTF-8 text. ST_OK when the server
 * accepted it; otherwise the failure with *error a short reason in the
 * arena (the server's code or libcurl's text: never the message). */
status smtp_send(smtp_sender *m, arena *a, const char *to, const char *subject, const char *body,
                 const char *message_id, const char **error);

#endif
