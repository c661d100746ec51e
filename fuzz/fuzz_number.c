/* fuzz_number.c — libFuzzer target for lab-value numbers as people type them
 * (domain/results.h, results_parse_number): never crashes, never reads past
 * the string, and whatever it accepts is within the limit and has a
 * canonical form that parses back to the same value and the same form. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "domain/results.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[64];
	size_t n = size < sizeof s - 1 ? size : sizeof s - 1;
	memcpy(s, data, n);
	s[n] = '\0';
	double v;
	char canon[RESULT_NUMBER_MAX + 1];
	if (!results_parse_number(s, &v, canon))
		return 0;
	check(strlen(s) <= RESULT_NUMBER_MAX && isfinite(v) && fabs(v) <= RESULT_NUMBER_LIMIT);
	check(strlen(canon) <= RESULT_NUMBER_MAX && strchr(canon, ',') == NULL && canon[0] != '+');
	double again;
	char canon2[RESULT_NUMBER_MAX + 1];
	check(results_parse_number(canon, &again, canon2));
	check(again == v && strcmp(canon, canon2) == 0);
	return 0;
}
