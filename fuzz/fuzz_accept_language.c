/* fuzz_accept_language.c — libFuzzer target for the request's language
 * (web/i18n.h, i18n_locale_from): the Accept-Language parser that every
 * request runs, away from the rest of the request path so the fuzzer spends
 * its time on the header alone. The input is the header's value (up to the
 * first NUL: a header field holds none).
 *
 * Never crashes, and the answer is the one the harness works out itself from
 * RFC 9110 §12.5.4 as docs/i18n.md and i18n.h state it: elements split at
 * commas; a language range is its text before any ';', trimmed of spaces and
 * tabs; its primary subtag (up to '-' or '_') must be two letters, nb, no
 * or nn (bokmål) or en, in any case; a parameter list must be exactly one
 * q=VALUE (q or Q), VALUE "0" or "1" or "0."/"1." with up to three digits,
 * at most 1; anything else makes the element unacceptable. The supported
 * language with the highest q wins, the first listed on a tie; q=0 is never
 * chosen; nothing acceptable is bokmål. Then ?lang= and the cookie: an exact
 * "nb" or "en" (any case) wins over the header, in that order, and anything
 * else there is ignored. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input up to its first NUL, as a string. */
static char *cstring(const uint8_t *data, size_t size)
{
	size_t n = strnlen((const char *)data, size);
	char *s = malloc(n + 1);
	if (s == NULL)
		abort();
	memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Thousandths, or -1 when the text is no q-value. */
static int qvalue(const char *s, size_t n)
{
	if (n == 0 || (s[0] != '0' && s[0] != '1') || n > 5 || (n > 1 && s[1] != '.'))
		return -1;
	int q = (s[0] - '0') * 1000;
	static const int scale[3] = {100, 10, 1};
	for (size_t i = 2; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		q += (s[i] - '0') * scale[i - 2];
	}
	return q > 1000 ? -1 : q;
}

/* The harness's own reading of one header: LOCALE_NB or LOCALE_EN, or -1. */
static int expected(const char *h)
{
	int best = -1, best_q = 0;
	const char *e = h;
	for (;;) {
		size_t n = strcspn(e, ",");
		size_t t = strcspn(e, ";");
		size_t tag_end = t < n ? t : n;
		size_t a = 0, b = tag_end;
		while (a < b && blank(e[a]))
			a++;
		while (b > a && blank(e[b - 1]))
			b--;
		int q = 1000;
		if (t < n) {
			size_t pa = t + 1, pb = n;
			while (pa < pb && blank(e[pa]))
				pa++;
			while (pb > pa && blank(e[pb - 1]))
				pb--;
			q = pb - pa >= 2 && tolower((unsigned char)e[pa]) == 'q' && e[pa + 1] == '='
			        ? qvalue(e + pa + 2, pb - pa - 2)
			        : -1;
		}
		size_t primary = strcspn(e + a, "-_");
		if (primary > b - a)
			primary = b - a;
		int loc = -1;
		if (primary == 2) {
			char l0 = (char)tolower((unsigned char)e[a]), l1 = (char)tolower((unsigned char)e[a + 1]);
			if (l0 == 'n' && (l1 == 'b' || l1 == 'o' || l1 == 'n'))
				loc = LOCALE_NB;
			else if (l0 == 'e' && l1 == 'n')
				loc = LOCALE_EN;
		}
		if (loc >= 0 && q > best_q) {
			best = loc;
			best_q = q;
		}
		if (e[n] == '\0')
			break;
		e += n + 1;
	}
	return best;
}

static void check(bool ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *h = cstring(data, size);
	int want = expected(h);
	enum locale got = i18n_locale_from(NULL, NULL, h);
	check(got == (want >= 0 ? (enum locale)want : LOCALE_NB));
	/* ?lang= and the cookie win when they name a language, and only then. */
	check(i18n_locale_from("en", "nb", h) == LOCALE_EN);
	check(i18n_locale_from("EN", NULL, h) == LOCALE_EN);
	check(i18n_locale_from(NULL, "nb", h) == LOCALE_NB);
	check(i18n_locale_from("xx", "", h) == got);
	check(i18n_locale_from(h, h, NULL) == (strcasecmp(h, "en") == 0 ? LOCALE_EN : LOCALE_NB));
	/* An unacceptable English range added at the end changes nothing. */
	size_t n = strlen(h);
	char *more = malloc(n + sizeof ",en;q=0");
	if (more == NULL)
		abort();
	memcpy(more, h, n);
	memcpy(more + n, ",en;q=0", sizeof ",en;q=0");
	check(i18n_locale_from(NULL, NULL, more) == got);
	free(more);
	free(h);
	return 0;
}
