/* http_json.c — a JSON POST through libcurl (integrations/http_json.h). */
#include "integrations/http_json.h"

#include <curl/curl.h>
#include <stdlib.h>

#include "core/buf.h"
#include "core/log.h"

struct http_json {
	CURL *h; /* made at the first post */
};

bool http_json_url_valid(const char *url, const char *option)
{
	if (url == NULL || url_https_or_loopback(url))
		return true;
	log_error("%s must be an https:// URL (http:// only to this machine, for tests)", option);
	return false;
}

http_json *http_json_new(void)
{
	return xcalloc(1, sizeof(http_json));
}

void http_json_free(http_json *h)
{
	if (h == NULL)
		return;
	if (h->h != NULL)
		curl_easy_cleanup(h->h);
	free(h);
}

/* The answer's body: dropped (into NULL) or kept, up to its bound. */
static size_t take_answer(char *p, size_t size, size_t n, void *arg)
{
	buf *b = arg;
	if (b == NULL)
		return size * n;
	if (b->len + size * n > HTTP_JSON_ANSWER_MAX)
		return 0; /* libcurl then fails the transfer */
	buf_put(b, p, size * n);
	return size * n;
}

static status post(http_json *hj, arena *a, const char *url, const char *token, const char *const *extra,
                   const char *body, long timeout_s, const char *what, buf *answer, const char **error)
{
	*error = NULL;
	if (hj->h == NULL && (hj->h = curl_easy_init()) == NULL) {
		*error = "libcurl could not start";
		return ST_INTERNAL;
	}
	struct curl_slist *hd = curl_slist_append(NULL, "Content-Type: application/json");
	if (token != NULL)
		hd = curl_slist_append(hd, arena_printf(a, "Authorization: Bearer %s", token));
	for (size_t i = 0; extra != NULL && extra[i] != NULL; i++)
		hd = curl_slist_append(hd, extra[i]);
	CURL *h = hj->h;
	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, take_answer);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, answer);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout_s);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	CURLcode rc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(hd);
	if (rc == CURLE_OK && code >= 200 && code < 300)
		return ST_OK;
	*error = rc != CURLE_OK ? arena_printf(a, "%s: %s", what, curl_easy_strerror(rc))
	                        : arena_printf(a, "%s answered %ld", what, code);
	return ST_BUSY;
}

status http_json_post(http_json *hj, arena *a, const char *url, const char *token, const char *const *extra,
                      const char *body, long timeout_s, const char *what, const char **error)
{
	return post(hj, a, url, token, extra, body, timeout_s, what, NULL, error);
}

status http_json_post_answer(http_json *hj, arena *a, const char *url, const char *token, const char *body,
                             long timeout_s, const char *what, const char **answer, const char **error)
{
	buf b;
	buf_init(&b, 1024);
	status st = post(hj, a, url, token, NULL, body, timeout_s, what, &b, error);
	*answer = st == ST_OK ? arena_strndup(a, b.data != NULL ? b.data : "", b.len) : NULL;
	buf_free(&b);
	return st;
}
