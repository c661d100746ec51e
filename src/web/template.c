/* template.c — the HTML writer (template.h): a one-pass parser from template
 * text to a token list, a compile step that makes one list per locale (catalog
 * messages escaped and merged into the surrounding text), and a renderer that
 * walks those tokens over a jansson model, escaping every value.
 *
 * Written by hand because no maintained C template library escapes by default:
 * mustache implementations treat {{{x}}} as a feature, and lwan's templates
 * escape only when asked. */
#include "web/template.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/assets.h"
#include "core/log.h"
#include "web/i18n.h"

/* Sections open at once in one template: far beyond any real page, small
 * enough to keep the parser's stack on the C stack. */
enum { NEST_MAX = 64 };
/* Partials inside partials while rendering: real pages need 2-3; the limit
 * stops a template that includes itself. */
enum { PARTIAL_DEPTH_MAX = 16 };
/* Contexts on the render stack: base + model + nested sections (across
 * partials). */
enum { STACK_MAX = 128 };

enum tok_kind {
	TK_TEXT,     /* literal text */
	TK_VAR,      /* {{path}} */
	TK_SECTION,  /* {{#path}} */
	TK_INVERTED, /* {{^path}} */
	TK_CLOSE,    /* {{/path}}: parsed only; compiled lists use `end` instead */
	TK_PARTIAL,  /* {{> name}} */
	TK_TRANS,    /* {{t key}}: parsed only; compiled into TK_TEXT */
};

struct path {
	const char *const *seg; /* segments, NUL-terminated */
	unsigned nseg;          /* 0: the current context, "." */
};

struct tok {
	enum tok_kind kind;
	bool url; /* TK_VAR at the start of a URL attribute value */
	int line;
	size_t end;                 /* compiled sections: index just past the body */
	const char *s;              /* TK_TEXT: the text; TK_TRANS, TK_PARTIAL, sections: the name */
	size_t len;                 /* length of s */
	size_t off;                 /* TK_TEXT while compiling: offset into the pool */
	struct path path;           /* TK_VAR, TK_SECTION, TK_INVERTED */
	const struct tmpl *partial; /* TK_PARTIAL, once resolved */
};

struct tmpl {
	char *name;
	arena *mem;      /* name, source copy, names and paths */
	struct tok *raw; /* as parsed */
	size_t nraw;
	struct tok *toks[LOCALE_COUNT]; /* compiled, per locale */
	size_t ntoks[LOCALE_COUNT];
	char *pool[LOCALE_COUNT]; /* the text the compiled TK_TEXT tokens point into */
};

/* The loaded set, sorted by name. */
static struct tmpl **reg;
static size_t nreg;

/* ---- escaping ---------------------------------------------------------- */

/* Everything that can end an element's text or a quoted attribute value, plus
 * ` and = so that even an unquoted attribute cannot gain a second attribute
 * with a value. NUL is dropped. */
static const char *const escapes[256] = {
    [0] = "",         ['&'] = "&amp;",  ['<'] = "&lt;",  ['>'] = "&gt;",
    ['"'] = "&quot;", ['\''] = "&#39;", ['`'] = "&#96;", ['='] = "&#61;",
};

static void escape_n(buf *out, const char *s, size_t n)
{
	buf_reserve(out, n);
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		const char *e = escapes[(unsigned char)s[i]];
		if (e == NULL)
			continue;
		buf_put(out, s + run, i - run);
		buf_puts(out, e);
		run = i + 1;
	}
	buf_put(out, s + run, n - run);
}

void html_escape(buf *out, const char *s)
{
	if (s != NULL)
		escape_n(out, s, strlen(s));
}

/* A value in a URL attribute may be relative or use a scheme from a short
 * list; anything else (javascript:, data:, vbscript:, ...) is refused.
 * Browsers ignore leading spaces and controls and tabs/newlines anywhere, so
 * the check does too. */
static bool url_safe(const char *s, size_t n)
{
	static const char *const allowed[] = {"http", "https", "mailto", "tel"};
	char scheme[8];
	size_t sl = 0;
	bool too_long = false;
	size_t i = 0;
	while (i < n && (unsigned char)s[i] <= 0x20)
		i++;
	for (; i < n; i++) {
		char c = s[i];
		if (c == '/' || c == '?' || c == '#')
			return true; /* a relative reference has no scheme */
		if (c == ':')
			break;
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (sl + 1 < sizeof scheme)
			scheme[sl++] = (char)((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
		else
			too_long = true;
	}
	if (i == n)
		return true;
	if (too_long)
		return false;
	scheme[sl] = '\0';
	for (size_t k = 0; k < ARRAY_LEN(allowed); k++)
		if (strcmp(scheme, allowed[k]) == 0)
			return true;
	return false;
}

/* ---- diagnostics ------------------------------------------------------- */

struct diag {
	const char *name;
	char *err; /* quiet mode: the first problem goes here, nothing is logged */
	size_t errlen;
	bool quiet;
	int count;
};

static void problem(struct diag *d, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void problem(struct diag *d, int line, const char *fmt, ...)
{
	char what[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (!d->quiet)
		log_error("template %s:%d: %s", d->name, line, what);
	else if (d->count == 0 && d->err != NULL && d->errlen > 0)
		snprintf(d->err, d->errlen, "%s:%d: %s", d->name, line, what);
	d->count++;
}

/* ---- parsing ----------------------------------------------------------- */

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static bool valid_path(const char *s, size_t n)
{
	if (n == 1 && s[0] == '.')
		return true;
	if (n == 0 || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (s[i + 1] == '.')
				return false;
		} else if (!name_char(s[i])) {
			return false;
		}
	}
	return true;
}

static bool valid_word(const char *s, size_t n, bool dots)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!name_char(s[i]) && !(dots && s[i] == '.'))
			return false;
	return true;
}

static struct path make_path(arena *a, const char *s, size_t n)
{
	struct path p = {NULL, 0};
	if (n == 1 && s[0] == '.')
		return p;
	unsigned count = 1;
	for (size_t i = 0; i < n; i++)
		count += s[i] == '.';
	char *copy = arena_strndup(a, s, n);
	const char **seg = arena_alloc(a, count * sizeof *seg);
	unsigned k = 0;
	seg[k++] = copy;
	for (char *c = copy; *c != '\0'; c++)
		if (*c == '.') {
			*c = '\0';
			seg[k++] = c + 1;
		}
	p.seg = seg;
	p.nseg = count;
	return p;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool ends_with_ci(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++) {
		char c = s[n - k + i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != suffix[i])
			return false;
	}
	return true;
}

/* True if src[0..p) ends with the opening of a URL-valued attribute, e.g.
 * ` href="`. */
static bool at_url_attribute(const char *src, size_t p)
{
	static const char *const attrs[] = {"href", "src", "action", "formaction", "poster", "cite"};
	if (p < 2 || (src[p - 1] != '"' && src[p - 1] != '\'') || src[p - 2] != '=')
		return false;
	size_t n = p - 2;
	for (size_t i = 0; i < ARRAY_LEN(attrs); i++) {
		size_t k = strlen(attrs[i]);
		if (ends_with_ci(src, n, attrs[i]) && n > k &&
		    (is_blank(src[n - k - 1]) || src[n - k - 1] == '\n' || src[n - k - 1] == '\r'))
			return true;
	}
	return false;
}

/* True if src[0..p) ends with ` name=`: an attribute value without quotes,
 * where a space in the value would start another attribute. (`?v=` inside a
 * quoted URL is not preceded by a space and passes.) */
static bool unquoted_attribute(const char *src, size_t p)
{
	if (p < 3 || src[p - 1] != '=')
		return false;
	size_t i = p - 1;
	while (i > 0 && (name_char(src[i - 1]) || src[i - 1] == ':'))
		i--;
	return i < p - 1 && i > 0 && (is_blank(src[i - 1]) || src[i - 1] == '\n' || src[i - 1] == '\r');
}

struct parser {
	struct tmpl *t;
	struct diag *d;
	size_t cap;
};

static struct tok *push_tok(struct parser *ps, enum tok_kind kind, int line)
{
	struct tmpl *t = ps->t;
	if (t->nraw == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 64;
		t->raw = xrealloc(t->raw, ps->cap * sizeof *t->raw);
	}
	struct tok *k = &t->raw[t->nraw++];
	memset(k, 0, sizeof *k);
	k->kind = kind;
	k->line = line;
	return k;
}

static void push_text(struct parser *ps, const char *s, size_t n, int line)
{
	if (n == 0)
		return;
	struct tok *k = push_tok(ps, TK_TEXT, line);
	k->s = s;
	k->len = n;
}

static int count_lines(const char *s, size_t from, size_t to)
{
	int n = 0;
	for (size_t i = from; i < to; i++)
		n += s[i] == '\n';
	return n;
}

struct open_section {
	const char *name;
	size_t len;
	int line;
};

/* Parses src (len bytes, NUL-terminated, owned by t->mem) into t->raw. */
static void parse(struct tmpl *t, const char *src, size_t len, struct diag *d)
{
	struct parser ps = {t, d, 0};
	struct open_section open[NEST_MAX];
	int nopen = 0;
	size_t pos = 0; /* start of text not yet emitted */
	int line = 1;
	size_t line_pos = 0;    /* `line` is the line of this offset */
	bool url_carry = false; /* the previous tag printed nothing and sat in a URL position */

	for (;;) {
		const char *o = memmem(src + pos, len - pos, "{{", 2);
		if (o == NULL) {
			push_text(&ps, src + pos, len - pos, line);
			break;
		}
		size_t p = (size_t)(o - src);
		line += count_lines(src, line_pos, p);
		line_pos = p;
		const char *c = memmem(src + p + 2, len - p - 2, "}}", 2);
		if (c == NULL) {
			problem(d, line, "\"{{\" without \"}}\"");
			break;
		}
		size_t q = (size_t)(c - src) + 2;
		const char *in = src + p + 2;
		size_t n = (size_t)(c - in);
		while (n > 0 && is_blank(*in)) {
			in++;
			n--;
		}
		while (n > 0 && is_blank(in[n - 1]))
			n--;

		char sigil = n > 0 ? in[0] : '\0';
		bool silent = sigil == '!' || sigil == '#' || sigil == '^' || sigil == '/' || sigil == '>';
		const char *arg = in;
		size_t alen = n;
		if (silent) {
			arg++;
			alen--;
			while (alen > 0 && is_blank(*arg)) {
				arg++;
				alen--;
			}
		}

		/* A tag that prints nothing, alone on its line, takes the line. */
		size_t text_end = p, next = q;
		if (silent) {
			size_t ls = p;
			while (ls > pos && is_blank(src[ls - 1]))
				ls--;
			size_t le = q;
			while (le < len && is_blank(src[le]))
				le++;
			if (le < len && src[le] == '\r' && le + 1 < len && src[le + 1] == '\n')
				le++;
			bool left = ls == 0 || src[ls - 1] == '\n';
			bool right = le == len || src[le] == '\n';
			if (left && right) {
				text_end = ls;
				next = le < len ? le + 1 : le;
			}
		}
		bool text_before = text_end > pos;
		push_text(&ps, src + pos, text_end - pos, line);
		bool url_pos = text_before ? at_url_attribute(src, p) : url_carry;
		url_carry = false;

		if (!silent && unquoted_attribute(src, p))
			problem(d, line, "unquoted attribute value: write attr=\"{{...}}\"");

		switch (sigil) {
		case '!': url_carry = url_pos; break;
		case '#':
		case '^': {
			if (!valid_path(arg, alen)) {
				problem(d, line, "bad section name \"%.*s\"", (int)alen, arg);
				break;
			}
			if (nopen == NEST_MAX) {
				problem(d, line, "sections nest deeper than %d", NEST_MAX);
				break;
			}
			struct tok *k = push_tok(&ps, sigil == '#' ? TK_SECTION : TK_INVERTED, line);
			k->s = arg;
			k->len = alen;
			k->path = make_path(t->mem, arg, alen);
			open[nopen++] = (struct open_section){arg, alen, line};
			url_carry = url_pos;
			break;
		}
		case '/':
			if (nopen == 0) {
				problem(d, line, "{{/%.*s}} closes no open section", (int)alen, arg);
				break;
			}
			nopen--;
			if (open[nopen].len != alen || memcmp(open[nopen].name, arg, alen) != 0)
				problem(d, line, "{{/%.*s}} does not match {{#%.*s}} from line %d", (int)alen, arg,
				        (int)open[nopen].len, open[nopen].name, open[nopen].line);
			push_tok(&ps, TK_CLOSE, line);
			url_carry = url_pos;
			break;
		case '>': {
			if (!valid_word(arg, alen, false)) {
				problem(d, line, "bad partial name \"%.*s\"", (int)alen, arg);
				break;
			}
			struct tok *k = push_tok(&ps, TK_PARTIAL, line);
			k->s = arg;
			k->len = alen;
			break;
		}
		default:
			if (n >= 2 && in[0] == 't' && is_blank(in[1])) {
				const char *key = in + 2;
				size_t klen = n - 2;
				while (klen > 0 && is_blank(*key)) {
					key++;
					klen--;
				}
				char kbuf[160];
				if (klen == 0 || klen >= sizeof kbuf || !valid_word(key, klen, true)) {
					problem(d, line, "bad catalog key \"%.*s\"", (int)klen, key);
					break;
				}
				memcpy(kbuf, key, klen);
				kbuf[klen] = '\0';
				if (!i18n_ready()) {
					problem(d, line, "{{t %s}}: the catalog is not loaded", kbuf);
					break;
				}
				if (i18n_find(LOCALE_NB, kbuf) == NULL || i18n_find(LOCALE_EN, kbuf) == NULL) {
					problem(d, line, "unknown catalog key \"%s\"", kbuf);
					break;
				}
				struct tok *k = push_tok(&ps, TK_TRANS, line);
				k->s = arena_strdup(t->mem, kbuf);
				k->len = klen;
			} else if (valid_path(in, n)) {
				struct tok *k = push_tok(&ps, TK_VAR, line);
				k->s = in;
				k->len = n;
				k->path = make_path(t->mem, in, n);
				k->url = url_pos;
			} else if (sigil == '{' || sigil == '&') {
				problem(d, line, "{{%.*s}}: there is no raw output; every value is escaped", (int)n,
				        in);
			} else {
				problem(d, line, "unknown tag {{%.*s}}", (int)n, in);
			}
			break;
		}
		line += count_lines(src, line_pos, next);
		line_pos = next;
		pos = next;
	}
	while (nopen > 0) {
		nopen--;
		problem(d, open[nopen].line, "{{#%.*s}} is not closed", (int)open[nopen].len, open[nopen].name);
	}
}

/* ---- the set, resolving and compiling ----------------------------------- */

void tmpl_free(tmpl *t)
{
	if (t == NULL)
		return;
	for (int l = 0; l < LOCALE_COUNT; l++) {
		free(t->toks[l]);
		free(t->pool[l]);
	}
	free(t->raw);
	arena_free(t->mem);
	free(t);
}

static int cmp_name(const void *a, const void *b)
{
	const struct tmpl *const *x = a, *const *y = b;
	return strcmp((*x)->name, (*y)->name);
}

static struct tmpl *find_in(struct tmpl *const *set, size_t n, const char *name, size_t len)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(set[mid]->name, name, len);
		if (c == 0 && set[mid]->name[len] != '\0')
			c = 1;
		if (c == 0)
			return set[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void resolve(struct tmpl *t, struct tmpl *const *set, size_t n, struct diag *d)
{
	for (size_t i = 0; i < t->nraw; i++) {
		struct tok *k = &t->raw[i];
		if (k->kind != TK_PARTIAL)
			continue;
		k->partial = find_in(set, n, k->s, k->len);
		if (k->partial == NULL)
			problem(d, k->line, "unknown partial {{> %.*s}}", (int)k->len, k->s);
	}
}

/* Builds the token list for one locale: catalog messages become text, and
 * adjacent texts merge, so a mostly static page renders as a few copies. */
static void compile(struct tmpl *t, enum locale loc)
{
	struct tok *out = xmalloc((t->nraw ? t->nraw : 1) * sizeof *out);
	size_t n = 0;
	buf pool;
	buf_init(&pool, 256);
	size_t stack[NEST_MAX];
	int depth = 0;
	size_t text = SIZE_MAX; /* the TK_TEXT being extended, if any */

	for (size_t i = 0; i < t->nraw; i++) {
		const struct tok *k = &t->raw[i];
		switch (k->kind) {
		case TK_TEXT:
		case TK_TRANS: {
			if (text == SIZE_MAX) {
				text = n++;
				out[text] = (struct tok){.kind = TK_TEXT, .line = k->line, .off = pool.len};
			}
			size_t before = pool.len;
			if (k->kind == TK_TEXT)
				buf_put(&pool, k->s, k->len);
			else
				html_escape(&pool, i18n_find(loc, k->s));
			out[text].len += pool.len - before;
			break;
		}
		case TK_VAR:
		case TK_PARTIAL:
			out[n++] = *k;
			text = SIZE_MAX;
			break;
		case TK_SECTION:
		case TK_INVERTED:
			stack[depth++] = n;
			out[n++] = *k;
			text = SIZE_MAX;
			break;
		case TK_CLOSE:
			out[stack[--depth]].end = n;
			text = SIZE_MAX;
			break;
		}
	}
	t->pool[loc] = buf_take(&pool, NULL);
	for (size_t i = 0; i < n; i++)
		if (out[i].kind == TK_TEXT)
			out[i].s = t->pool[loc] + out[i].off;
	t->toks[loc] = out;
	t->ntoks[loc] = n;
}

static void compile_all_locales(struct tmpl *t)
{
	for (int l = 0; l < LOCALE_COUNT; l++)
		compile(t, (enum locale)l);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void free_set(struct tmpl **set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tmpl_free(set[i]);
	free(set);
}

/* Parses one source into a new template (its text copied into its arena). */
static struct tmpl *parse_new(const char *name, const char *text, size_t len, struct diag *d)
{
	struct tmpl *t = xcalloc(1, sizeof *t);
	t->mem = arena_new();
	t->name = arena_strdup(t->mem, name);
	char *src = arena_strndup(t->mem, text, len);
	parse(t, src, len, d);
	return t;
}

status tmpl_load_all(void)
{
	if (!i18n_ready()) {
		status st = i18n_load();
		if (st != ST_OK)
			return st;
	}
	struct tmpl **set = xcalloc(assets_count + 1, sizeof *set);
	size_t n = 0;
	int problems = 0;
	char name[256];
	for (size_t i = 0; i < assets_count; i++) {
		const struct asset *a = &assets[i];
		if (!ends_with(a->name, ".html"))
			continue;
		snprintf(name, sizeof name, "%.*s", (int)(strlen(a->name) - 5), a->name);
		struct diag d = {.name = a->name};
		set[n++] = parse_new(name, a->data, a->len, &d);
		problems += d.count;
	}
	qsort(set, n, sizeof *set, cmp_name);
	for (size_t i = 0; i < n; i++) {
		char file[300];
		snprintf(file, sizeof file, "%s.html", set[i]->name);
		struct diag d = {.name = file};
		resolve(set[i], set, n, &d);
		for (size_t k = 0; k < set[i]->nraw; k++) {
			const struct tok *tk = &set[i]->raw[k];
			if (tk->kind == TK_PARTIAL && tk->len > 7 && strncmp(tk->s, "layout_", 7) == 0)
				problem(&d, tk->line,
				        "{{> %.*s}}: reply_page adds the layout; a page holds only its content",
				        (int)tk->len, tk->s);
		}
		problems += d.count;
	}
	if (problems > 0) {
		log_error("templates: %d problem%s", problems, problems == 1 ? "" : "s");
		free_set(set, n);
		return ST_INVALID;
	}
	for (size_t i = 0; i < n; i++)
		compile_all_locales(set[i]);
	free_set(reg, nreg);
	reg = set;
	nreg = n;
	log_debug("templates: %zu loaded", n);
	return ST_OK;
}

void tmpl_free_all(void)
{
	free_set(reg, nreg);
	reg = NULL;
	nreg = 0;
}

bool tmpl_exists(const char *name)
{
	return name != NULL && find_in(reg, nreg, name, strlen(name)) != NULL;
}

status tmpl_parse_text(const char *name, const char *text, size_t len, tmpl **out, char *err, size_t errlen)
{
	*out = NULL;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	struct diag d = {.name = name, .err = err, .errlen = errlen, .quiet = true};
	struct tmpl *t = parse_new(name, text, len, &d);
	if (d.count == 0)
		resolve(t, reg, nreg, &d);
	if (d.count > 0) {
		tmpl_free(t);
		return ST_INVALID;
	}
	compile_all_locales(t);
	*out = t;
	return ST_OK;
}

/* ---- rendering --------------------------------------------------------- */

struct render {
	buf *out;
	enum locale loc;
	int depth;
	int partials;
	const json_t *stack[STACK_MAX];
};

static const json_t *lookup(const struct render *r, const struct path *p)
{
	if (p->nseg == 0)
		return r->depth > 0 ? r->stack[r->depth - 1] : NULL;
	const json_t *v = NULL;
	for (int i = r->depth - 1; i >= 0 && v == NULL; i--)
		if (json_is_object(r->stack[i]))
			v = json_object_get(r->stack[i], p->seg[0]);
	for (unsigned k = 1; v != NULL && k < p->nseg; k++)
		v = json_is_object(v) ? json_object_get(v, p->seg[k]) : NULL;
	return v;
}

static bool truthy(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return true;
	case JSON_ARRAY: return json_array_size(v) > 0;
	case JSON_STRING: return json_string_length(v) > 0;
	case JSON_INTEGER: return json_integer_value(v) != 0;
	case JSON_REAL: return json_real_value(v) != 0.0;
	case JSON_TRUE: return true;
	case JSON_FALSE:
	case JSON_NULL: return false;
	}
	return false;
}

static void put_value(buf *out, const json_t *v, bool url)
{
	char tmp[40];
	switch (json_typeof(v)) {
	case JSON_STRING: {
		const char *s = json_string_value(v);
		size_t n = json_string_length(v);
		if (url && !url_safe(s, n)) {
			log_warn("template: refused a URL with an unsafe scheme");
			buf_puts(out, "about:invalid#refused");
			return;
		}
		escape_n(out, s, n);
		return;
	}
	case JSON_INTEGER:
		buf_put(out, tmp, (size_t)snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(v)));
		return;
	case JSON_REAL: {
		/* the shortest text that reads back as the same number */
		double x = json_real_value(v);
		int len = 0;
		for (int prec = 1; prec <= 17; prec++) {
			len = snprintf(tmp, sizeof tmp, "%.*g", prec, x);
			if (strtod(tmp, NULL) == x)
				break;
		}
		buf_put(out, tmp, (size_t)len);
		return;
	}
	case JSON_TRUE: buf_put(out, "true", 4); return;
	case JSON_FALSE:
	case JSON_NULL:
	case JSON_OBJECT:
	case JSON_ARRAY: return;
	}
}

static status render_toks(struct render *r, const struct tok *t, size_t from, size_t to);

static status render_with(struct render *r, const json_t *scope, const struct tok *t, size_t from, size_t to)
{
	if (r->depth == STACK_MAX) {
		log_error("template: sections nest deeper than %d", STACK_MAX);
		return ST_INTERNAL;
	}
	r->stack[r->depth++] = scope;
	status st = render_toks(r, t, from, to);
	r->depth--;
	return st;
}

static status render_toks(struct render *r, const struct tok *t, size_t from, size_t to)
{
	status st = ST_OK;
	for (size_t i = from; i < to && st == ST_OK; i++) {
		const struct tok *k = &t[i];
		switch (k->kind) {
		case TK_TEXT: buf_put(r->out, k->s, k->len); break;
		case TK_VAR: {
			const json_t *v = lookup(r, &k->path);
			if (v != NULL)
				put_value(r->out, v, k->url);
			break;
		}
		case TK_SECTION: {
			const json_t *v = lookup(r, &k->path);
			if (v != NULL && truthy(v)) {
				if (json_is_array(v)) {
					for (size_t a = 0; a < json_array_size(v) && st == ST_OK; a++)
						st = render_with(r, json_array_get(v, a), t, i + 1, k->end);
				} else {
					st = render_with(r, v, t, i + 1, k->end);
				}
			}
			i = k->end - 1;
			break;
		}
		case TK_INVERTED: {
			const json_t *v = lookup(r, &k->path);
			if (v == NULL || !truthy(v))
				st = render_toks(r, t, i + 1, k->end);
			i = k->end - 1;
			break;
		}
		case TK_PARTIAL:
			if (r->partials == PARTIAL_DEPTH_MAX) {
				log_error("template: partials nest deeper than %d", PARTIAL_DEPTH_MAX);
				return ST_INTERNAL;
			}
			r->partials++;
			st = render_toks(r, k->partial->toks[r->loc], 0, k->partial->ntoks[r->loc]);
			r->partials--;
			break;
		case TK_CLOSE:
		case TK_TRANS: break; /* compiled away */
		}
	}
	return st;
}

status tmpl_render_parsed(const tmpl *t, const json_t *base, const json_t *model, enum locale loc, buf *out)
{
	if ((unsigned)loc >= LOCALE_COUNT)
		loc = LOCALE_NB;
	struct render r;
	r.out = out;
	r.loc = loc;
	r.depth = 0;
	r.partials = 0;
	if (base != NULL)
		r.stack[r.depth++] = base;
	if (model != NULL)
		r.stack[r.depth++] = model;
	buf_reserve(out, 4096);
	return render_toks(&r, t->toks[loc], 0, t->ntoks[loc]);
}

status tmpl_render_layered(const char *name, const json_t *base, const json_t *model, enum locale loc, buf *out)
{
	const struct tmpl *t = name ? find_in(reg, nreg, name, strlen(name)) : NULL;
	if (t == NULL) {
		log_error("template: no template \"%s\"", name ? name : "(null)");
		return ST_NOT_FOUND;
	}
	return tmpl_render_parsed(t, base, model, loc, out);
}

status tmpl_render(const char *name, const json_t *model, enum locale loc, buf *out)
{
	return tmpl_render_layered(name, NULL, model, loc, out);
}

char *tmpl_dump_model(const json_t *model)
{
	char *s = model ? json_dumps(model, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENCODE_ANY) : NULL;
	return s ? s : xstrdup("null");
}
