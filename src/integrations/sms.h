/* sms.h — sending one SMS through an HTTP gateway (SPEC.md N2): a JSON POST
 * to the configured URL, in the shape LINK Mobility's SMS REST API and
 * similar Norwegian gateways take:
 *
 *	{"source": "helsami", "destination": "+4791234567",
 *	 "userData": "TEXT", "platformPartnerId": null, "reference": "helsami-17"}
 *
 * with "Authorization: Bearer TOKEN" when a token is set. Any 2xx answer is
 * accepted; anything else is a failure to try again. */
#ifndef HELSAMI_INTEGRATIONS_SMS_H
#define HELSAMI_INTEGRATIONS_SMS_H

#include "core/arena.h"
#include "core/core.h"

typedef struct sms_settings {
	const char *url;    /* http(s)://... */
	const char *token;  /* NULL: no Authorization header */
	const char *source; /* the sender name shown on the phone */
	long timeout_s;
} sms_settings;

bool sms_settings_valid(const sms_settings *s);

typedef struct sms_sender sms_sender;
sms_sender *sms_sender_new(const sms_settings *s);
void sms_sender_free(sms_sender *m);

/* Sends text to phone (8 Norwegian digits, or +CC...). reference: our id,
 * for the gateway's delivery reports and deduplication. ST_OK when the
 * gateway answered 2xx; otherwise *error a short reason (the status code or
 * libcurl's text, never the message). */
status sms_send(sms_sender *m, arena *a, const char *phone, const char *text, const char *reference,
                const char **error);

#endif
