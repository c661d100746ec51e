/* smtp.c — e-mail over SMTP with libcurl (integrations/smtp.h). */
#include "integrations/smtp.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/crypto.h"
#include "core/log.h"

struct smtp_sender {
	const smtp_settings *s;
	CURL *h; /* kept between messages: libcurl reuses the connection */
};

bool smtp_address_ok(const char *addr)
{
	if (addr == NULL)
		return false;
	const char *at = strchr(addr, '@');
	size_t n = strlen(addr);
	if (at == NULL || at == addr || at[1] == '\0' || strchr(at + 1, '@') != NULL || n > 254)
		return false;
	for (const char *p = addr; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || strchr("<>\"(),;:\\[]", *p) != NULL)
			return false;
	return true;
}

bool smtp_settings_valid(const smtp_settings *s)
{
	if (s->url == NULL)
		return true; /* e-mail is off */
	if (!str_starts(s->url, "smtp://") && !str_starts(s->url, "smtps://")) {
		log_error("--smtp-url (HELSAMI_SMTP_URL) must start with smtp:// or smtps://");
		return false;
	}
	if (!smtp_address_ok(s->from)) {
		log_error("--smtp-from (HELSAMI_SMTP_FROM) must be the sender's e-mail address, local@domain");
		return false;
	}
	if ((s->user == NULL) != (s->password == NULL)) {
		log_error("SMTP credentials need both HELSAMI_SMTP_USER and HELSAMI_SMTP_PASSWORD");
		return false;
	}
	return true;
}

smtp_sender *smtp_sender_new(const smtp_settings *s)
{
	smtp_sender *m = xcalloc(1, sizeof *m);
	m->s = s;
	return m;
}

void smtp_sender_free(smtp_sender *m)
{
	if (m == NULL)
		return;
	if (m->h != NULL)
		curl_easy_cleanup(m->h);
	free(m);
}

/* A header value in RFC 2047 "B" encoding when it is not plain ASCII. */
static void put_encoded(buf *b, arena *a, const char *text)
{
	bool ascii = true;
	for (const char *p = text; *p; p++)
		ascii = ascii && (unsigned char)*p < 0x80;
	if (ascii) {
		buf_puts(b, text);
		return;
	}
	buf_printf(b, "=?UTF-8?B?%s?=", base64_encode(a, (const uint8_t *)text, strlen(text)));
}

struct reader {
	const char *p;
	size_t left;
};

static size_t read_cb(char *out, size_t size, size_t nitems, void *arg)
{
	struct reader *r = arg;
	size_t n = size * nitems;
	if (n > r->left)
		n = r->left;
	memcpy(out, r->p, n);
	r->p += n;
	r->left -= n;
	return n;
}

/* The message: CRLF line ends (the body's \n become \r\n). */
static void build(buf *b, arena *a, const smtp_settings *s, const char *to, const char *subject, const char *body,
                  const char *message_id)
{
	char date[64];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	buf_printf(b, "Date: %s\r\nFrom: helsami <%s>\r\nTo: <%s>\r\nMessage-ID: <%s>\r\nSubject: ", date, s->from, to,
	           message_id);
	put_encoded(b, a, subject);
	buf_puts(b, "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
	            "Content-Transfer-Encoding: 8bit\r\nAuto-Submitted: auto-generated\r\n\r\n");
	for (const char *p = body; *p; p++) {
		if (*p == '\n')
			buf_putc(b, '\r');
		buf_putc(b, *p);
	}
}

status smtp_send(smtp_sender *m, arena *a, const char *to, const char *subject, const char *body,
                 const char *message_id, const char **error)
{
	*error = NULL;
	if (!smtp_address_ok(to)) {
		*error = "the recipient's address cannot be used";
		return ST_INVALID;
	}
	if (m->h == NULL && (m->h = curl_easy_init()) == NULL) {
		*error = "libcurl could not start";
		return ST_INTERNAL;
	}
	buf msg;
	buf_init(&msg, 1024);
	build(&msg, a, m->s, to, subject, body, message_id);
	struct reader r = {msg.data, msg.len};
	struct curl_slist *rcpt = curl_slist_append(NULL, arena_printf(a, "<%s>", to));
	CURL *h = m->h;
	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, m->s->url);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, arena_printf(a, "<%s>", m->s->from));
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &r);
	curl_easy_setopt(h, CURLOPT_INFILESIZE, (long)msg.len);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, m->s->timeout_s);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, m->s->timeout_s < 10 ? m->s->timeout_s : 10L);
	/* STARTTLS when offered; required when a password would cross. */
	curl_easy_setopt(h, CURLOPT_USE_SSL, m->s->user != NULL ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);
	if (m->s->user != NULL) {
		curl_easy_setopt(h, CURLOPT_USERNAME, m->s->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, m->s->password);
	}
	CURLcode rc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rcpt);
	buf_free(&msg);
	if (rc == CURLE_OK)
		return ST_OK;
	*error = code != 0 ? arena_printf(a, "smtp %ld: %s", code, curl_easy_strerror(rc))
	                   : arena_printf(a, "smtp: %s", curl_easy_strerror(rc));
	return ST_BUSY;
}
