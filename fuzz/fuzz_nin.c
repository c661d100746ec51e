/* fuzz_nin.c — libFuzzer target for national identity number parsing: never
 * crashes, and every accepted number describes a valid date and round-trips
 * through generation when it follows the pre-2032 rule. */
#include <stdint.h>
#include <string.h>

#include "core/nin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[32];
	size_t n = size < sizeof s - 1 ? size : sizeof s - 1;
	memcpy(s, data, n);
	s[n] = '\0';
	nin_info info;
	if (nin_parse(s, &info) != NIN_OK)
		return 0;
	if (!date_valid(info.birth))
		__builtin_trap();
	if (info.birth_known && !info.rule_2032) {
		char again[NIN_LEN + 1];
		int individual = (s[6] - '0') * 100 + (s[7] - '0') * 10 + (s[8] - '0');
		if (nin_make(info.birth, individual, info.synthetic, info.kind == NIN_DNR, again) &&
		    strcmp(again, s) != 0 && individual < 900)
			__builtin_trap();
	}
	return 0;
}
