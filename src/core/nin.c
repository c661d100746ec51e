/* nin.c — national identity number validation and generation. Weights and
 * century table from Skatteetaten, as cited in shared/reference/domain-facts.md §3. */
#include "core/nin.h"

#include <string.h>

static const int W1[9] = {3, 7, 6, 1, 8, 9, 4, 5, 2};
static const int W2[10] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

static int weighted(const int *d, const int *w, int n)
{
	int s = 0;
	for (int i = 0; i < n; i++)
		s += d[i] * w[i];
	return s;
}

/* The pre-2032 check digit for the weighted sum, or 10 when none exists. */
static int check_digit(int sum)
{
	int k = 11 - sum % 11;
	return k == 11 ? 0 : k;
}

/* Century from the individual number and two-digit year; 0 when none applies. */
static int century(int individual, int yy)
{
	if (individual <= 499)
		return 1900;
	if (individual <= 749 && yy >= 54)
		return 1800;
	if (yy <= 39)
		return 2000;
	if (individual >= 900 && yy >= 40)
		return 1900;
	return 0;
}

static bool day_fits(int day, int month, int year)
{
	date d = {year, month, day};
	return date_valid(d);
}

enum nin_error nin_parse(const char *s, nin_info *out)
{
	size_t len = strnlen(s, NIN_LEN + 1);
	if (len != NIN_LEN)
		return NIN_ERR_LENGTH;
	int d[NIN_LEN];
	for (int i = 0; i < NIN_LEN; i++) {
		if (s[i] < '0' || s[i] > '9')
			return NIN_ERR_DIGITS;
		d[i] = s[i] - '0';
	}

	nin_info info = {0};
	int day = d[0] * 10 + d[1], month = d[2] * 10 + d[3], yy = d[4] * 10 + d[5];
	int individual = d[6] * 100 + d[7] * 10 + d[8];
	if (day > 40) {
		info.kind = NIN_DNR;
		day -= 40;
	}
	if (month > 80) {
		info.synthetic = true;
		month -= 80;
	}
	if (day < 1 || day > 31 || month < 1 || month > 12)
		return NIN_ERR_DATE;

	int c = century(individual, yy);
	info.birth_known = c != 0;
	/* Without a century, 2000 is a leap year and so admits 29 February. */
	int year = (c ? c : 2000) + yy;
	if (!day_fits(day, month, year))
		return NIN_ERR_DATE;
	info.birth = (date){year, month, day};

	int s1 = weighted(d, W1, 9);
	int mod1 = (s1 + d[9]) % 11;
	if (mod1 > 3)
		return NIN_ERR_CHECK;
	info.rule_2032 = mod1 != 0;
	if ((weighted(d, W2, 10) + d[10]) % 11 != 0)
		return NIN_ERR_CHECK;

	if (out != NULL)
		*out = info;
	return NIN_OK;
}

bool nin_individual_range(int year, int *lo, int *hi)
{
	if (year >= 1854 && year <= 1899) {
		*lo = 500, *hi = 749;
	} else if (year >= 1900 && year <= 1999) {
		*lo = 0, *hi = 499;
	} else if (year >= 2000 && year <= 2039) {
		*lo = 500, *hi = 999;
	} else {
		return false;
	}
	return true;
}

bool nin_make(date birth, int individual, bool synthetic, bool dnumber, char out[NIN_LEN + 1])
{
	int lo, hi;
	if (!date_valid(birth) || !nin_individual_range(birth.year, &lo, &hi) || individual < lo || individual > hi)
		return false;
	int day = birth.day + (dnumber ? 40 : 0);
	int month = birth.month + (synthetic ? 80 : 0);
	int yy = birth.year % 100;
	int d[NIN_LEN] = {day / 10, day % 10,         month / 10,           month % 10,     yy / 10,
	                  yy % 10,  individual / 100, individual / 10 % 10, individual % 10};
	d[9] = check_digit(weighted(d, W1, 9));
	if (d[9] == 10)
		return false;
	d[10] = check_digit(weighted(d, W2, 10));
	if (d[10] == 10)
		return false;
	for (int i = 0; i < NIN_LEN; i++)
		out[i] = (char)('0' + d[i]);
	out[NIN_LEN] = '\0';
	return true;
}
