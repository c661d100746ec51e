/* letter_adapter.c — letters to the national health portal and the digital
 * mailbox (integrations/letter_adapter.h). */
#include "integrations/letter_adapter.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/crypto.h"

bool letter_adapters_configured(const config *cfg, letter_adapter out[LETTER_ADAPTERS], size_t *n)
{
	const letter_adapter all[LETTER_ADAPTERS] = {
	    {"health_portal", cfg->health_portal_url, cfg->health_portal_token},
	    {"digital_mailbox", cfg->digital_mailbox_url, cfg->digital_mailbox_token},
	};
	if (!http_json_url_valid(cfg->health_portal_url, "--health-portal-url (HELSAMI_HEALTH_PORTAL_URL)") ||
	    !http_json_url_valid(cfg->digital_mailbox_url, "--digital-mailbox-url (HELSAMI_DIGITAL_MAILBOX_URL)"))
		return false;
	*n = 0;
	for (size_t i = 0; i < LETTER_ADAPTERS; i++)
		if (all[i].url != NULL)
			out[(*n)++] = all[i];
	return true;
}

const char *letter_adapter_reference(arena *a, int64_t document_id)
{
	return arena_printf(a, "helsami-letter-%lld", (long long)document_id);
}

status letter_adapter_receipt_parse(const char *body, int64_t *document_id)
{
	static const char prefix[] = "helsami-letter-";
	*document_id = 0;
	json_error_t err;
	json_t *j = body != NULL ? json_loads(body, JSON_REJECT_DUPLICATES, &err) : NULL;
	const char *ref = json_string_value(json_object_get(j, "reference"));
	int64_t id = 0;
	bool ok = json_is_object(j) && json_object_size(j) == 1 && ref != NULL &&
	          strncmp(ref, prefix, sizeof prefix - 1) == 0 && str_to_i64(ref + sizeof prefix - 1, &id) && id > 0 &&
	          ref[sizeof prefix - 1] != '0';
	json_decref(j);
	if (!ok)
		return ST_INVALID;
	*document_id = id;
	return ST_OK;
}

/* The letter's heading: what it is titled in the document centre. */
static const char *title_of(arena *a, const char *letter)
{
	json_error_t err;
	json_t *l = json_loads(letter, 0, &err);
	const char *t = json_string_value(json_object_get(l, "heading"));
	const char *out = arena_strdup(a, t != NULL ? t : "");
	json_decref(l);
	return out;
}

const char *letter_adapter_message(arena *a, int64_t document_id, const letter_payload *p)
{
	const char *ref = letter_adapter_reference(a, document_id);
	json_t *m = json_pack("{s:s, s:{s:s}, s:{s:I, s:s, s:s}, s:{s:s, s:s, s:s}}", "reference", ref, "recipient",
	                      "nin", p->nin, "letter", "id", (json_int_t)document_id, "kind", p->kind, "title",
	                      title_of(a, p->letter), "document", "contentType", "application/pdf", "filename",
	                      arena_printf(a, "%s.pdf", ref), "data", base64_encode(a, p->pdf, p->pdf_len));
	char *text = json_dumps(m, JSON_COMPACT);
	json_decref(m);
	const char *out = arena_strdup(a, text);
	free(text);
	return out;
}

status letter_adapter_send(http_json *h, arena *a, const letter_adapter *ad, const char *message, const char *reference,
                           long timeout_s, const char **error)
{
	const char *extra[] = {arena_printf(a, "Idempotency-Key: %s", reference), NULL};
	return http_json_post(h, a, ad->url, ad->token, extra, message, timeout_s, ad->name, error);
}
