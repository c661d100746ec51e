/* letter_adapter.h — a letter sent to the national health portal or the
 * citizen's digital mailbox (SPEC.md K2): one JSON POST to the adapter's
 * configured URL (integrations/http_json.h), with "Authorization: Bearer
 * TOKEN" when a token is set and "Idempotency-Key: REFERENCE":
 *
 *	{"reference": "helsami-letter-17",
 *	 "recipient": {"nin": "12848649994"},
 *	 "letter": {"id": 17, "kind": "decision", "title": "Vedtak om ..."},
 *	 "document": {"contentType": "application/pdf",
 *	              "filename": "helsami-letter-17.pdf", "data": "BASE64"}}
 *
 * The reference is the same on every attempt and to every adapter, so a
 * receiver that deduplicates on it keeps one copy of a letter sent again
 * after a crash. Any 2xx answer is accepted; anything else is tried again. */
#ifndef HELSAMI_INTEGRATIONS_LETTER_ADAPTER_H
#define HELSAMI_INTEGRATIONS_LETTER_ADAPTER_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/core.h"
#include "integrations/http_json.h"
#include "store/letter_delivery.h"

enum { LETTER_ADAPTERS = 2 }; /* the national health portal, the digital mailbox */

typedef struct letter_adapter {
	const char *name;  /* letter_delivery.adapter: "health_portal", "digital_mailbox" */
	const char *url;   /* http(s)://... */
	const char *token; /* NULL: no Authorization header */
} letter_adapter;

/* The adapters whose URL is set, into out; *n how many. false (logged)
 * when a URL is not http(s). */
bool letter_adapters_configured(const config *cfg, letter_adapter out[LETTER_ADAPTERS], size_t *n);

/* "helsami-letter-ID", in a. */
const char *letter_adapter_reference(arena *a, int64_t document_id);
/* The digital mailbox's read receipt, {"reference": "helsami-letter-ID"}
 * (the reference we sent the letter with; no other field): *document_id
 * its ID. ST_INVALID for any other body (NULL too). */
status letter_adapter_receipt_parse(const char *body, int64_t *document_id);
/* The JSON message above for document_id with payload p, in a. */
const char *letter_adapter_message(arena *a, int64_t document_id, const letter_payload *p);

/* Sends message to the adapter within timeout_s: ST_OK on 2xx; otherwise
 * *error our short reason (http_json_post). */
status letter_adapter_send(http_json *h, arena *a, const letter_adapter *ad, const char *message, const char *reference,
                           long timeout_s, const char **error);

#endif
