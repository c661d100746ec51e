/* parse.c — request targets, percent-decoding, urlencoded fields, cookies and
 * multipart bodies. */
#include "http/parse.h"

#include "core/core.h"

#include <string.h>
#include <strings.h>

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
			char *value =
			    eq ? parse_percent_decode(a, eq + 1, end - i - klen - 1, true) : arena_strdup(a, "");
			if (key == NULL || value == NULL || *key == '\0')
				return false;
			kv_add(a, out, key, value);
		}
		i = end + 1;
	}
	return true;
}

bool parse_target(arena *a, const char *target, const char **path, kv_list *query)
{
	if (target == NULL || target[0] != '/')
		return false;
	size_t plen = strcspn(target, "?");
	/* A '+' in a path is a plus: only form encoding reads it as a space. */
	char *p = parse_percent_decode(a, target, plen, false);
	if (p == NULL)
		return false;
	*path = p;
	if (target[plen] != '?')
		return true;
	const char *q = target + plen + 1;
	return parse_urlencoded(a, q, strlen(q), query);
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

/* The boundary parameter of a multipart Content-Type, or NULL. */
static char *boundary_of(arena *a, const char *ct)
{
	const char *p = strstr(ct, "boundary=");
	if (p == NULL)
		return NULL;
	p += strlen("boundary=");
	size_t n;
	if (*p == '"') {
		const char *end = strchr(++p, '"');
		if (end == NULL)
			return NULL;
		n = (size_t)(end - p);
	} else {
		n = strcspn(p, "; \t");
	}
	/* RFC 2046: 1 to 70 characters. */
	if (n == 0 || n > 70)
		return NULL;
	return arena_strndup(a, p, n);
}

/* The value of param="..." in a Content-Disposition header, or NULL. */
static char *disposition_param(arena *a, const char *h, size_t hn, const char *param)
{
	size_t pn = strlen(param);
	for (size_t i = 0; i + pn + 2 <= hn; i++) {
		if ((i == 0 || h[i - 1] == ' ' || h[i - 1] == ';') && strncasecmp(h + i, param, pn) == 0 &&
		    h[i + pn] == '=' && h[i + pn + 1] == '"') {
			const char *v = h + i + pn + 2;
			const char *end = memchr(v, '"', hn - (size_t)(v - h));
			if (end == NULL)
				return NULL;
			return arena_strndup(a, v, (size_t)(end - v));
		}
	}
	return NULL;
}

/* The value of header `name` in a part's header block, or NULL. */
static const char *part_header(const char *h, size_t hn, const char *name, size_t *vn)
{
	size_t nn = strlen(name);
	const char *line = h, *end = h + hn;
	while (line < end) {
		const char *eol = memmem(line, (size_t)(end - line), "\r\n", 2);
		if (eol == NULL)
			eol = end;
		if ((size_t)(eol - line) > nn && strncasecmp(line, name, nn) == 0 && line[nn] == ':') {
			const char *v = line + nn + 1;
			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			*vn = (size_t)(eol - v);
			return v;
		}
		line = eol + 2;
	}
	return NULL;
}

static bool add_part(arena *a, const char *h, size_t hn, const char *data, size_t len, kv_list *fields,
                     upload_list *files)
{
	size_t dn;
	const char *disp = part_header(h, hn, "content-disposition", &dn);
	if (disp == NULL || dn < 9 || strncasecmp(disp, "form-data", 9) != 0)
		return false;
	char *name = disposition_param(a, disp, dn, "name");
	if (name == NULL || name[0] == '\0' || !utf8_valid(name, strlen(name)))
		return false;
	char *filename = disposition_param(a, disp, dn, "filename");
	if (filename == NULL) {
		if (memchr(data, '\0', len) != NULL || !utf8_valid(data, len))
			return false;
		kv_add(a, fields, name, arena_strndup(a, data, len));
		return true;
	}
	if (files->len == files->cap) {
		size_t cap = files->cap ? files->cap * 2 : 4;
		upload *items = arena_alloc(a, cap * sizeof *items);
		if (files->len)
			memcpy(items, files->items, files->len * sizeof *items);
		files->items = items;
		files->cap = cap;
	}
	size_t tn;
	const char *type = part_header(h, hn, "content-type", &tn);
	files->items[files->len++] = (upload){name, filename, type ? arena_strndup(a, type, tn) : "", data, len};
	return true;
}

bool parse_multipart(arena *a, const char *content_type, const char *body, size_t n, kv_list *fields,
                     upload_list *files)
{
	char *boundary = content_type ? boundary_of(a, content_type) : NULL;
	if (boundary == NULL)
		return false;
	char *delim = arena_printf(a, "\r\n--%s", boundary);
	size_t dl = strlen(delim);
	/* The first delimiter may open the body without the leading CRLF. */
	const char *p;
	if (n >= dl - 2 && memcmp(body, delim + 2, dl - 2) == 0) {
		p = body + dl - 2;
	} else {
		const char *first = memmem(body, n, delim, dl);
		if (first == NULL)
			return false;
		p = first + dl;
	}
	const char *end = body + n;
	for (int parts = 0;; parts++) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return true; /* the closing delimiter */
		if (parts == PARSE_MAX_PARTS || end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return false;
		p += 2;
		const char *hend = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (hend == NULL || hend - p > PARSE_MAX_PART_HEADERS)
			return false;
		const char *data = hend + 4;
		const char *next = memmem(data, (size_t)(end - data), delim, dl);
		if (next == NULL)
			return false;
		if (!add_part(a, p, (size_t)(hend - p) + 2, data, (size_t)(next - data), fields, files))
			return false;
		p = next + dl;
	}
}
