/* fuzz_read_receipt.c — libFuzzer target for the digital mailbox's read
 * receipt (integrations/letter_adapter.h, letter_adapter_receipt_parse):
 * the body of POST /integrations/digital-mailbox/read-receipts, which the
 * dispatcher hands over as sent once the provider's secret matched. The
 * input is the body up to its first NUL (the dispatcher gives no body that
 * holds one).
 *
 * Never crashes, and a body is accepted exactly when it is a JSON object
 * with the one member "reference" whose value is "helsami-letter-" and a
 * positive decimal with no sign or leading zero that fits int64_t: then the
 * id is that number, and the reference we would send for it
 * (letter_adapter_reference) is the same text. A refusal leaves the id 0. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "integrations/letter_adapter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The harness's own reading of a reference: "helsami-letter-" and digits,
 * no leading zero, at most INT64_MAX; the number, or 0. */
static int64_t expected_id(const char *ref)
{
	static const char prefix[] = "helsami-letter-";
	if (ref == NULL || strncmp(ref, prefix, sizeof prefix - 1) != 0)
		return 0;
	const char *d = ref + sizeof prefix - 1;
	if (*d < '1' || *d > '9')
		return 0;
	int64_t v = 0;
	for (; *d != '\0'; d++) {
		if (*d < '0' || *d > '9')
			return 0;
		int digit = *d - '0';
		if (v > (INT64_MAX - digit) / 10)
			return 0;
		v = v * 10 + digit;
	}
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = strnlen((const char *)data, size);
	char *body = malloc(n + 1);
	if (body == NULL)
		abort();
	memcpy(body, data, n);
	body[n] = '\0';

	int64_t id = -1;
	status st = letter_adapter_receipt_parse(body, &id);

	json_error_t err;
	json_t *j = json_loads(body, JSON_REJECT_DUPLICATES, &err);
	int64_t want = 0;
	if (json_is_object(j) && json_object_size(j) == 1)
		want = expected_id(json_string_value(json_object_get(j, "reference")));
	if ((st == ST_OK) != (want > 0) || id != want)
		abort();
	if (st == ST_OK) {
		arena *a = arena_new();
		if (strcmp(letter_adapter_reference(a, id), json_string_value(json_object_get(j, "reference"))) != 0)
			abort();
		arena_free(a);
	}
	json_decref(j);
	free(body);
	return 0;
}
