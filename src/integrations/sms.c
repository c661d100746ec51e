/* sms.c — SMS through an HTTP gateway (integrations/sms.h). */
#include "integrations/sms.h"

#include <stdlib.h>
#include <jansson.h>
#include <string.h>

#include "integrations/http_json.h"

struct sms_sender {
	const sms_settings *s;
	http_json *http;
};

bool sms_settings_valid(const sms_settings *s)
{
	return http_json_url_valid(s->url, "--sms-url (HELSAMI_SMS_URL)");
}

sms_sender *sms_sender_new(const sms_settings *s)
{
	sms_sender *m = xcalloc(1, sizeof *m);
	m->s = s;
	m->http = http_json_new();
	return m;
}

void sms_sender_free(sms_sender *m)
{
	if (m == NULL)
		return;
	http_json_free(m->http);
	free(m);
}

/* E.164 for a phone as S1 stores it (8 digits: Norway), or as given when it
 * starts with '+'; NULL when neither. */
static const char *e164(arena *a, const char *phone)
{
	if (phone == NULL)
		return NULL;
	size_t n = strlen(phone);
	const char *digits = phone[0] == '+' ? phone + 1 : phone;
	if (*digits == '\0' || strspn(digits, "0123456789") != strlen(digits) || n > 16)
		return NULL;
	if (phone[0] == '+')
		return phone;
	return n == 8 ? arena_printf(a, "+47%s", phone) : NULL;
}

status sms_send(sms_sender *m, arena *a, const char *phone, const char *text, const char *reference, const char **error)
{
	*error = NULL;
	const char *to = e164(a, phone);
	if (to == NULL) {
		*error = "the recipient's phone number cannot be used";
		return ST_INVALID;
	}
	json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "source", m->s->source ? m->s->source : "helsami", "destination",
	                      to, "userData", text, "reference", reference);
	char *body = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	status st =
	    http_json_post(m->http, a, m->s->url, m->s->token, NULL, body, m->s->timeout_s, "sms gateway", error);
	free(body);
	return st;
}
