/* parse.c — percent-decoding, urlencoded fields and cookies. */
#include "http/parse.h"

#include "core/core.h"

#include <string.h>

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *parse_percent_decode(arena *a, const char *s, size_t n, bool plus_is_space)
{
	char *out = arena_alloc(a, n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			if (n - i < 3)
				return NULL;
			int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
			if (hi < 0 || lo < 0)
				return NULL;
			c = (char)(hi << 4 | lo);
			if (c == '\0')
				return NULL;
			i += 2;
		} else if (c == '+' && plus_is_space) {
			c = ' ';
		} else if (c == '\0') {
			return NULL;
		}
		out[o++] = c;
	}
	out[o] = '\0';
	return utf8_valid(out, o) ? out : NULL;
}

bool parse_urlencoded(arena *a, const char *s, size_t n, kv_list *out)
{
	size_t i = 0;
	while (i < n) {
		size_t end = i;
		while (end < n && s[end] != '&')
			end++;
		if (end > i) {
			if (out->len >= PARSE_MAX_FIELDS)
				return false;
			const char *eq = memchr(s + i, '=', end - i);
			size_t klen = eq ? (size_t)(eq - (s + i)) : end - i;
			char *key = parse_percent_decode(a, s + i, klen, true);
			char *value = eq ? parse_percent_decode(a, eq + 1, end - i - klen - 1, true)
			                 : arena_strdup(a, "");
			if (key == NULL || value == NULL || *key == '\0')
				return false;
			kv_add(a, out, key, value);
		}
		i = end + 1;
	}
	return true;
}

static bool cookie_name_char(char c)
{
	return c > 0x20 && c < 0x7f && strchr("()<>@,;:\\\"/[]?={}", c) == NULL;
}

bool parse_cookies(arena *a, const char *h, kv_list *out)
{
	const char *p = h;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		const char *name = p;
		while (cookie_name_char(*p))
			p++;
		size_t nlen = (size_t)(p - name);
		if (*p != '=' || nlen == 0) {
			while (*p && *p != ';')
				p++;
			continue;
		}
		const char *value = ++p;
		while (*p && *p != ';')
			p++;
		size_t vlen = (size_t)(p - value);
		while (vlen > 0 && (value[vlen - 1] == ' ' || value[vlen - 1] == '\t'))
			vlen--;
		if (vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"')
			value++, vlen -= 2;
		if (out->len >= PARSE_MAX_COOKIES)
			return false;
		kv_add(a, out, arena_strndup(a, name, nlen), arena_strndup(a, value, vlen));
	}
	return true;
}
