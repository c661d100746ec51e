/* sysvak.c — parsing and checking lines of the immunisation registry's
 * vaccination file (the format is in sysvak.h). Written by hand: a CSV
 * dialect this small does not need a library, and the parser is fuzzed
 * (fuzz/fuzz_sysvak.c). */
#include "integrations/sysvak.h"

#include <string.h>

#include "core/clock.h"
#include "core/core.h"
#include "core/nin.h"

const char sysvak_header[] = "nin,atc,vaccine,given_on,dose,batch";

const char *sysvak_error_text(enum sysvak_error e)
{
	switch (e) {
	case SYSVAK_OK: return "ok";
	case SYSVAK_ERR_TOO_LONG: return "the line is longer than 4096 bytes";
	case SYSVAK_ERR_UTF8: return "the line is not valid UTF-8";
	case SYSVAK_ERR_QUOTE: return "a quoted field is not closed, or a quote is out of place";
	case SYSVAK_ERR_FIELDS: return "the line must have 6 fields: nin,atc,vaccine,given_on,dose,batch";
	case SYSVAK_ERR_NIN: return "nin is not a valid national identity number or D-number";
	case SYSVAK_ERR_ATC: return "atc must be a vaccine ATC code: J07, two capital letters, two digits (J07BD52)";
	case SYSVAK_ERR_VACCINE: return "vaccine must be 1-200 characters without control characters";
	case SYSVAK_ERR_DATE: return "given_on must be a real date written YYYY-MM-DD";
	case SYSVAK_ERR_DOSE: return "dose must be a whole number from 1 to 20";
	case SYSVAK_ERR_BATCH: return "batch must be at most 40 of A-Z a-z 0-9 space - . /";
	}
	return "unknown problem";
}

/* The line without a trailing CR. */
static size_t trim_cr(const char *line, size_t len)
{
	return len > 0 && line[len - 1] == '\r' ? len - 1 : len;
}

bool sysvak_skip_line(const char *line, size_t len)
{
	len = trim_cr(line, len);
	size_t i = 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return i == len || line[i] == '#';
}

bool sysvak_is_header(const char *line, size_t len)
{
	len = trim_cr(line, len);
	return len == sizeof sysvak_header - 1 && memcmp(line, sysvak_header, len) == 0;
}

/* Splits into exactly SYSVAK_FIELDS fields, unquoting; copies into a. */
static enum sysvak_error split(arena *a, const char *line, size_t len, char *fields[SYSVAK_FIELDS])
{
	char *buf = arena_alloc(a, len + 1);
	size_t nf = 0, i = 0;
	char *out = buf;
	for (;;) {
		if (nf == SYSVAK_FIELDS)
			return SYSVAK_ERR_FIELDS;
		fields[nf++] = out;
		if (i < len && line[i] == '"') {
			i++;
			for (;;) {
				if (i >= len)
					return SYSVAK_ERR_QUOTE;
				if (line[i] == '"') {
					if (i + 1 < len && line[i + 1] == '"') {
						*out++ = '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				*out++ = line[i++];
			}
			if (i < len && line[i] != ',')
				return SYSVAK_ERR_QUOTE;
		} else {
			while (i < len && line[i] != ',') {
				if (line[i] == '"')
					return SYSVAK_ERR_QUOTE;
				*out++ = line[i++];
			}
		}
		*out++ = '\0';
		if (i >= len)
			break;
		i++; /* the comma */
	}
	return nf == SYSVAK_FIELDS ? SYSVAK_OK : SYSVAK_ERR_FIELDS;
}

static bool atc_ok(const char *s)
{
	return strlen(s) == 7 && strncmp(s, "J07", 3) == 0 && s[3] >= 'A' && s[3] <= 'Z' && s[4] >= 'A' &&
	       s[4] <= 'Z' && s[5] >= '0' && s[5] <= '9' && s[6] >= '0' && s[6] <= '9';
}

static bool vaccine_ok(const char *s)
{
	size_t chars = utf8_length(s);
	return text_clean(s, false) && chars >= 1 && chars <= SYSVAK_VACCINE_MAX;
}

static bool batch_ok(const char *s)
{
	size_t n = strlen(s);
	if (n > SYSVAK_BATCH_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' ||
		      c == '-' || c == '.' || c == '/'))
			return false;
	}
	return true;
}

static bool dose_ok(const char *s, int64_t *out)
{
	return s[0] >= '1' && s[0] <= '9' && strlen(s) <= 2 && str_to_i64(s, out) && *out >= 1 &&
	       *out <= SYSVAK_DOSE_MAX;
}

enum sysvak_error sysvak_parse_line(arena *a, const char *line, size_t len, sysvak_record *out)
{
	*out = (sysvak_record){0};
	len = trim_cr(line, len);
	if (len > SYSVAK_LINE_MAX)
		return SYSVAK_ERR_TOO_LONG;
	if (memchr(line, '\0', len) != NULL || !utf8_valid(line, len))
		return SYSVAK_ERR_UTF8;
	char *f[SYSVAK_FIELDS];
	enum sysvak_error e = split(a, line, len, f);
	if (e != SYSVAK_OK)
		return e;
	nin_info info;
	if (nin_parse(f[0], &info) != NIN_OK)
		return SYSVAK_ERR_NIN;
	if (!atc_ok(f[1]))
		return SYSVAK_ERR_ATC;
	if (!vaccine_ok(f[2]))
		return SYSVAK_ERR_VACCINE;
	date d;
	if (!date_parse(f[3], &d) || !date_valid(d))
		return SYSVAK_ERR_DATE;
	int64_t dose;
	if (!dose_ok(f[4], &dose))
		return SYSVAK_ERR_DOSE;
	if (!batch_ok(f[5]))
		return SYSVAK_ERR_BATCH;
	*out = (sysvak_record){
	    .nin = f[0],
	    .atc = f[1],
	    .vaccine = f[2],
	    .given_on = f[3],
	    .dose = dose,
	    .batch = f[5][0] != '\0' ? f[5] : NULL,
	    .synthetic = info.synthetic,
	};
	return SYSVAK_OK;
}
