/* fuzz_nin.c — libFuzzer target for national identity numbers (core/nin.h).
 * Never crashes; for every number nin_parse accepts, the harness reads the
 * digits itself (shared/reference/domain-facts.md §3: the weights, the
 * century table, D-numbers day + 40, synthetic month + 80, the 2032 k1 rule)
 * and asserts
 *   - the description: kind, synthetic, birth date, birth_known, rule_2032;
 *   - the round trip, for every accepted number: nin_make on the parsed
 *     birth date, individual number and flags answers exactly as the
 *     pre-2032 rule says. When the number follows that rule, its century is
 *     known and nin_make's year range holds the individual number, nin_make
 *     rebuilds the same number. A number valid only under the 2032 rule
 *     comes back with the same first nine digits and the pre-2032 check
 *     digits (or is refused when those do not exist). A number whose
 *     century is unknown is refused.
 * Skatteetaten's 900-999 series for 1940-1999 is outside the one range
 * nin_individual_range gives those years: nin_make may refuse it, and if it
 * builds one, it must be the same number. Its check digits are asserted by
 * the harness either way. */
#include <stdint.h>
#include <string.h>

#include "core/nin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The harness's own weights (domain-facts §3.1), not nin.c's. */
static const int K1_WEIGHTS[9] = {3, 7, 6, 1, 8, 9, 4, 5, 2};
static const int K2_WEIGHTS[10] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

/* The pre-2032 check digit after digits d[0..n) with weights w; 10 when
 * none exists. */
static int check_digit(const int *d, const int *w, int n)
{
	int sum = 0;
	for (int i = 0; i < n; i++)
		sum += d[i] * w[i];
	int k = 11 - sum % 11;
	return k == 11 ? 0 : k;
}

/* The century the individual number gives (domain-facts §3.1); 0 if none. */
static int century_of(int individual, int yy)
{
	if (individual <= 499)
		return 1900;
	if (individual <= 749 && yy >= 54)
		return 1800;
	if (yy <= 39)
		return 2000;
	if (individual >= 900)
		return 1900;
	return 0;
}

/* Whether nin_make's contract (nin.h: the one pre-2032 range per year that
 * nin_individual_range documents) takes this individual number. */
static bool in_make_range(int year, int individual)
{
	if (year >= 1854 && year <= 1899)
		return individual >= 500 && individual <= 749;
	if (year >= 1900 && year <= 1999)
		return individual <= 499;
	if (year >= 2000 && year <= 2039)
		return individual >= 500;
	return false;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int month, int year)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return month == 2 && leap(year) ? 29 : days[month - 1];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[32];
	size_t n = size < sizeof s - 1 ? size : sizeof s - 1;
	memcpy(s, data, n);
	s[n] = '\0';
	nin_info info;
	if (nin_parse(s, &info) != NIN_OK)
		return 0;

	/* Accepted: 11 digits, read here independently. */
	int d[NIN_LEN];
	if (strlen(s) != NIN_LEN)
		__builtin_trap();
	for (int i = 0; i < NIN_LEN; i++) {
		if (s[i] < '0' || s[i] > '9')
			__builtin_trap();
		d[i] = s[i] - '0';
	}
	int day = d[0] * 10 + d[1], month = d[2] * 10 + d[3], yy = d[4] * 10 + d[5];
	int individual = d[6] * 100 + d[7] * 10 + d[8];
	bool dnr = day > 40, synthetic = month > 80;
	day -= dnr ? 40 : 0;
	month -= synthetic ? 80 : 0;
	int century = century_of(individual, yy);
	int year = (century != 0 ? century : 2000) + yy;
	int k1 = check_digit(d, K1_WEIGHTS, 9);
	int s1 = 0;
	for (int i = 0; i < 9; i++)
		s1 += d[i] * K1_WEIGHTS[i];
	int mod1 = (s1 + d[9]) % 11; /* 0: pre-2032 k1; 1-3: the 2032 rule */
	bool rule_2032 = mod1 != 0;

	/* The description. */
	if (month < 1 || month > 12 || day < 1 || day > days_in(month, year) || mod1 > 3 ||
	    d[10] != check_digit(d, K2_WEIGHTS, 10))
		__builtin_trap();
	if ((info.kind == NIN_DNR) != dnr || info.synthetic != synthetic || info.birth_known != (century != 0) ||
	    info.rule_2032 != rule_2032 || info.birth.year != year || info.birth.month != month ||
	    info.birth.day != day || !date_valid(info.birth))
		__builtin_trap();
	if (!rule_2032 && d[9] != k1)
		__builtin_trap();

	/* The round trip, for every accepted number. */
	int made[NIN_LEN];
	memcpy(made, d, sizeof made);
	made[9] = k1;
	made[10] = k1 != 10 ? check_digit(made, K2_WEIGHTS, 10) : 10;
	bool makeable = century != 0 && k1 != 10 && made[10] != 10;
	bool series_900 = century == 1900 && individual >= 900; /* outside nin_make's range */
	char again[NIN_LEN + 1];
	memset(again, 0, sizeof again);
	bool ok = nin_make(info.birth, individual, info.synthetic, info.kind == NIN_DNR, again);
	if (!series_900 && ok != (makeable && in_make_range(year, individual)))
		__builtin_trap();
	if (series_900 && ok && !makeable)
		__builtin_trap();
	if (ok) {
		for (int i = 0; i < NIN_LEN; i++)
			if (again[i] != '0' + made[i])
				__builtin_trap();
		if (again[NIN_LEN] != '\0' || (!rule_2032 && strcmp(again, s) != 0))
			__builtin_trap();
	}
	return 0;
}
