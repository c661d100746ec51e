/* http_json.h — one JSON POST to a configured HTTP endpoint through
 * libcurl, as the SMS gateway (integrations/sms.h) and the letter adapters
 * (integrations/letter_adapter.h) send: "Content-Type: application/json",
 * "Authorization: Bearer TOKEN" when a token is set, any 2xx answer
 * accepted, anything else a failure to try again. */
#ifndef HELSAMI_INTEGRATIONS_HTTP_JSON_H
#define HELSAMI_INTEGRATIONS_HTTP_JSON_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/core.h"

/* true when url is unset, https://, or http:// to this machine (a test's
 * sink: tokens and letters never cross a network in the clear); otherwise
 * logs that option (its name and variable, e.g. "--sms-url
 * (HELSAMI_SMS_URL)") must be https. */
bool http_json_url_valid(const char *url, const char *option);

typedef struct http_json http_json; /* a reusable connection */
http_json *http_json_new(void);
void http_json_free(http_json *h);

/* POSTs body to url with the headers above and extra ("Name: value",
 * NULL-terminated; NULL: none), within timeout_s. ST_OK on 2xx; otherwise
 * ST_BUSY (ST_INTERNAL when libcurl cannot start) and *error our short
 * reason, prefixed with what: libcurl's text or the status code, never the
 * answer's body. */
status http_json_post(http_json *h, arena *a, const char *url, const char *token, const char *const *extra,
                      const char *body, long timeout_s, const char *what, const char **error);
/* Same, for a lookup: on 2xx *answer is the answer's body in a (at most
 * HTTP_JSON_ANSWER_MAX bytes; a longer one is a failure). */
enum { HTTP_JSON_ANSWER_MAX = 256 * 1024 };
status http_json_post_answer(http_json *h, arena *a, const char *url, const char *token, const char *body,
                             long timeout_s, const char *what, const char **answer, const char **error);

#endif
