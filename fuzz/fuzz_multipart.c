/* fuzz_multipart.c — libFuzzer target for multipart/form-data bodies: the
 * first line of the input is the Content-Type header, the rest the body.
 * Never crashes; every accepted text field is NUL-free UTF-8 and every file
 * lies inside the body. */
#include <stdint.h>
#include <string.h>

#include "core/core.h"
#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *nl = memchr(s, '\n', size);
	if (nl == NULL)
		return 0;
	arena *a = arena_new();
	char *ct = arena_strndup(a, s, (size_t)(nl - s));
	const char *body = nl + 1;
	size_t n = size - (size_t)(nl - s) - 1;
	kv_list fields = {0};
	upload_list files = {0};
	if (parse_multipart(a, ct, body, n, &fields, &files)) {
		for (size_t i = 0; i < fields.len; i++)
			if (!utf8_valid(fields.items[i].value, strlen(fields.items[i].value)))
				__builtin_trap();
		for (size_t i = 0; i < files.len; i++)
			if (files.items[i].data < body || files.items[i].data + files.items[i].len > body + n)
				__builtin_trap();
	}
	arena_free(a);
	return 0;
}
