/* sms.c — SMS through an HTTP gateway (integrations/sms.h). */
#include "integrations/sms.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <jansson.h>
#include <string.h>

#include "core/log.h"

struct sms_sender {
	const sms_settings *s;
	CURL *h;
};

bool sms_settings_valid(const sms_settings *s)
{
	if (s->url == NULL)
		return true;
	if (!str_starts(s->url, "http://") && !str_starts(s->url, "https://")) {
		log_error("--sms-url (HELSAMI_SMS_URL) must be an http:// or https:// URL");
		return false;
	}
	return true;
}

sms_sender *sms_sender_new(const sms_settings *s)
{
	sms_sender *m = xcalloc(1, sizeof *m);
	m->s = s;
	return m;
}

void sms_sender_free(sms_sender *m)
{
	if (m == NULL)
		return;
	if (m->h != NULL)
		curl_easy_cleanup(m->h);
	free(m);
}

/* The answer's body is not needed. */
static size_t discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
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
	if (m->h == NULL && (m->h = curl_easy_init()) == NULL) {
		*error = "libcurl could not start";
		return ST_INTERNAL;
	}
	json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "source", m->s->source ? m->s->source : "helsami", "destination",
	                      to, "userData", text, "reference", reference);
	char *body = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	struct curl_slist *hd = curl_slist_append(NULL, "Content-Type: application/json");
	if (m->s->token != NULL)
		hd = curl_slist_append(hd, arena_printf(a, "Authorization: Bearer %s", m->s->token));
	CURL *h = m->h;
	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, m->s->url);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, m->s->timeout_s);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	CURLcode rc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(hd);
	free(body);
	if (rc == CURLE_OK && code >= 200 && code < 300)
		return ST_OK;
	*error = rc != CURLE_OK ? arena_printf(a, "sms: %s", curl_easy_strerror(rc))
	                        : arena_printf(a, "sms gateway answered %ld", code);
	return ST_BUSY;
}
