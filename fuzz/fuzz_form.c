/* fuzz_form.c — libFuzzer target for the request parsers: urlencoded query
 * strings and form bodies, percent-decoding, cookies and UTF-8 validation. */
#include <stdint.h>
#include <string.h>

#include "core/core.h"
#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a = arena_new();
	const char *s = (const char *)data;
	kv_list form = {0};
	if (parse_urlencoded(a, s, size, &form)) {
		for (size_t i = 0; i < form.len; i++) {
			/* Whatever was accepted is a NUL-free UTF-8 string. */
			if (!utf8_valid(form.items[i].key, strlen(form.items[i].key)) ||
			    !utf8_valid(form.items[i].value, strlen(form.items[i].value)))
				__builtin_trap();
		}
	}
	char *header = arena_strndup(a, s, size);
	kv_list cookies = {0};
	parse_cookies(a, header, &cookies);
	parse_percent_decode(a, s, size, false);
	arena_free(a);
	return 0;
}
