/* nin.h — Norwegian national identity numbers (fødselsnummer and D-number),
 * per SPEC.md "Domain facts": both check digits, the 2032 k1 rule, D-numbers
 * (day + 40), Tenor synthetic numbers (month + 80), and the century rules. */
#ifndef HELSAMI_NIN_H
#define HELSAMI_NIN_H

#include <stdbool.h>

#include "core/clock.h"
#include "core/core.h"

enum { NIN_LEN = 11 };

enum nin_kind { NIN_FNR, NIN_DNR };

/* Why a number was refused, so pages can say it plainly. */
enum nin_error {
	NIN_OK = 0,
	NIN_ERR_LENGTH, /* not exactly 11 characters */
	NIN_ERR_DIGITS, /* something other than digits */
	NIN_ERR_DATE,   /* the first six digits are not a date */
	NIN_ERR_CHECK,  /* the check digits do not match */
};

typedef struct nin_info {
	enum nin_kind kind;
	bool synthetic;   /* Tenor/TestID test number: month + 80 */
	bool rule_2032;   /* k1 valid only under the rule for numbers issued from 2032 */
	bool birth_known; /* the century follows from the individual number */
	date birth;       /* best effort: prefer the register's birth date */
} nin_info;

/* Validates s and describes it. out may be NULL. Never reads past a NUL. */
enum nin_error nin_parse(const char *s, nin_info *out);
static inline bool nin_valid(const char *s)
{
	return nin_parse(s, NULL) == NIN_OK;
}

/* Builds the number for a birth date and individual number (0-999) using the
 * pre-2032 rule. Returns false when that individual number has no valid check
 * digit (k = 10) or is outside the range the birth year allows. */
bool nin_make(date birth, int individual, bool synthetic, bool dnumber, char out[NIN_LEN + 1]);

/* The pre-2032 individual-number range that encodes birth year `year`
 * (1854-2039); false when no range does. */
bool nin_individual_range(int year, int *lo, int *hi);

#endif
