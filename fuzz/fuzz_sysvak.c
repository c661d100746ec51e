/* fuzz_sysvak.c — libFuzzer target for the immunisation registry's line
 * parser (integrations/sysvak.c): any bytes, as one line; whatever is
 * accepted has six checked fields and never reads past the line. */
#include <stdint.h>
#include <string.h>

#include "core/core.h"
#include "integrations/sysvak.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a = arena_new();
	/* A copy without a terminator past `size`, as getline's buffer may be. */
	char *line = arena_alloc(a, size + 1);
	memcpy(line, data, size);
	line[size] = '\0';
	(void)sysvak_skip_line(line, size);
	(void)sysvak_is_header(line, size);
	sysvak_record r;
	if (sysvak_parse_line(a, line, size, &r) == SYSVAK_OK) {
		if (strlen(r.nin) != 11 || strlen(r.atc) != 7 || strlen(r.given_on) != 10 || r.dose < 1 ||
		    r.dose > SYSVAK_DOSE_MAX || !utf8_valid(r.vaccine, strlen(r.vaccine)) ||
		    (r.batch != NULL && strlen(r.batch) > SYSVAK_BATCH_MAX))
			__builtin_trap();
	}
	arena_free(a);
	return 0;
}
