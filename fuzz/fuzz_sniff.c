/* fuzz_sniff.c — libFuzzer target for upload sniffing (domain/uploads.h,
 * upload_signature and upload_sniff): the type of a document comes from its
 * first bytes only, never from more bytes than it has, and a type is named
 * only when its signature is there; an attachment's type is the same or
 * none (markup behind a signature). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/uploads.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes, so ASan sees any read past the end. */
	uint8_t *d = size ? malloc(size) : NULL;
	if (size)
		memcpy(d, data, size);
	const char *type = upload_signature(d, size);
	const char *attachment = upload_sniff(d, size);
	check(attachment == NULL || attachment == type);
	if (type == NULL) {
		free(d);
		return 0;
	}
	if (strcmp(type, "application/pdf") == 0)
		check(size >= 5 && memcmp(d, "%PDF-", 5) == 0);
	else if (strcmp(type, "image/jpeg") == 0)
		check(size >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff);
	else
		check(strcmp(type, "image/png") == 0 && size >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0);
	free(d);
	return 0;
}
