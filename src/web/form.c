/* form.c — declared inputs (form.h): one pass over the request's fields,
 * a validator per kind, and the view model a re-rendered form needs.
 *
 * Text is decoded here rather than trusted from the request parser, so the
 * module stands on its own (it is fuzzed directly, fuzz/fuzz_formspec.c) and
 * the rules for what a stored text may contain live in one place. */
#include "web/form.h"

#include <string.h>

#include "core/log.h"
#include "core/nin.h"
#include "web/i18n.h"

enum { EMAIL_MAX = 254, EMAIL_LOCAL_MAX = 64, EMAIL_LABEL_MAX = 63, PHONE_DIGITS = 8, POSTCODE_DIGITS = 4 };

/* Longest decimal an INT field takes: 18 digits always fit in int64_t. */
enum { INT_DIGITS_MAX = 18 };

static const char ERR_REQUIRED[] = "form.error.required";

/* Letters in names of people and places: ASCII, Latin-1 and Latin Extended-A/B
 * (æ ø å, and Sami á č đ ŋ š ŧ ž), without × and ÷. */
static bool name_char(uint32_t c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return true;
	if (c == ' ' || c == '-' || c == '\'' || c == '.' || c == 0x2019)
		return true;
	return c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7;
}

/* What text of this charset may hold (core's rule, plus letters for names). */
static bool char_allowed(uint32_t c, enum form_charset cs)
{
	if (!text_char_allowed(c, cs == FORM_CHARS_MULTILINE))
		return false;
	return cs != FORM_CHARS_NAME || name_char(c);
}

/* ---- normalizing ---------------------------------------------------------- */

static bool ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* s without leading and trailing ASCII white space, in the arena. */
static char *trimmed(arena *a, const char *s)
{
	while (ascii_space(*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && ascii_space(s[n - 1]))
		n--;
	return arena_strndup(a, s, n);
}

/* CR LF and lone CR become LF, so lengths and storage see one line break. */
static char *unify_newlines(arena *a, const char *s)
{
	size_t n = strlen(s);
	char *out = arena_alloc(a, n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r') {
			out[k++] = '\n';
			if (s[i + 1] == '\n')
				i++;
		} else {
			out[k++] = s[i];
		}
	}
	out[k] = '\0';
	return out;
}

/* s without ASCII spaces and no-break spaces (U+00A0), as people write
 * phone and identity numbers in groups. */
static char *without_spaces(arena *a, const char *s)
{
	size_t n = strlen(s);
	char *out = arena_alloc(a, n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t')
			continue;
		if ((unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] == 0xa0) {
			i++;
			continue;
		}
		out[k++] = s[i];
	}
	out[k] = '\0';
	return out;
}

/* ---- validators ----------------------------------------------------------- */

/* What a validator found: ok, or the error key with parameters. */
struct check {
	const char *error;
	int64_t min, max, count;
	const char *text; /* normalized */
	int64_t num;
	date day;
};

static void bad(struct check *c, const char *key)
{
	c->error = key;
}

static void check_text(arena *a, const form_field *fd, const char *s, struct check *c)
{
	if (fd->charset == FORM_CHARS_MULTILINE)
		s = unify_newlines(a, s);
	const char *t = trimmed(a, s);
	size_t n = strlen(t);
	int64_t chars = 0;
	bool ok = true;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		if (!utf8_decode(t, n, &i, &cp)) {
			ok = false;
			break;
		}
		if (!char_allowed(cp, fd->charset))
			ok = false;
		chars++;
	}
	if (!ok) {
		bad(c, fd->charset == FORM_CHARS_NAME ? "form.error.charset_name" : "form.error.charset");
		return;
	}
	if ((fd->max > 0 && chars > fd->max) || n > FORM_VALUE_MAX_BYTES) {
		bad(c, "form.error.too_long");
		c->max = fd->max > 0 ? fd->max : FORM_VALUE_MAX_BYTES;
		c->count = chars;
		return;
	}
	if (chars > 0 && chars < fd->min) {
		bad(c, "form.error.too_short");
		c->min = fd->min;
		c->count = chars;
		return;
	}
	c->text = t;
}

static void check_enum(const form_field *fd, const char *s, struct check *c)
{
	for (const char *const *ch = fd->choices; ch != NULL && *ch != NULL; ch++) {
		if (strcmp(*ch, s) == 0) {
			c->text = *ch; /* the declaration's own string */
			return;
		}
	}
	bad(c, "form.error.choice");
}

static bool email_local_char(char ch)
{
	if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || is_digit(ch))
		return true;
	return ch != '\0' && strchr("!#$%&'*+/=?^_`{|}~-.", ch) != NULL;
}

/* The dot-atom form of RFC 5322 that mail providers hand out: no quoted
 * local parts, no address literals, no internationalized names. */
static bool email_valid(const char *s, size_t max)
{
	size_t n = strlen(s);
	const char *at = strchr(s, '@');
	if (n > max || at == NULL || strchr(at + 1, '@') != NULL)
		return false;
	size_t local = (size_t)(at - s);
	if (local == 0 || local > EMAIL_LOCAL_MAX || s[0] == '.' || s[local - 1] == '.')
		return false;
	for (size_t i = 0; i < local; i++)
		if (!email_local_char(s[i]) || (s[i] == '.' && s[i + 1] == '.'))
			return false;
	const char *d = at + 1;
	int labels = 0;
	const char *label = d;
	for (const char *p = d;; p++) {
		if (*p == '.' || *p == '\0') {
			size_t len = (size_t)(p - label);
			if (len == 0 || len > EMAIL_LABEL_MAX || label[0] == '-' || p[-1] == '-')
				return false;
			labels++;
			if (*p == '\0')
				break;
			label = p + 1;
			continue;
		}
		char ch = *p;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || is_digit(ch) || ch == '-'))
			return false;
	}
	/* The top-level domain: at least two letters. */
	size_t tld = strlen(label);
	if (labels < 2 || tld < 2)
		return false;
	for (size_t i = 0; i < tld; i++)
		if (!((label[i] >= 'a' && label[i] <= 'z') || (label[i] >= 'A' && label[i] <= 'Z')))
			return false;
	return true;
}

static void check_email(arena *a, const form_field *fd, const char *s, struct check *c)
{
	char *t = trimmed(a, s);
	size_t max = fd->max > 0 && fd->max < EMAIL_MAX ? (size_t)fd->max : EMAIL_MAX;
	if (!email_valid(t, max)) {
		bad(c, "form.error.email");
		c->max = (int64_t)max;
		return;
	}
	/* Domains are case-insensitive; the local part belongs to the receiver. */
	for (char *p = strchr(t, '@'); *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	c->text = t;
}

static void check_phone(arena *a, const char *s, struct check *c)
{
	const char *t = without_spaces(a, s);
	if (str_starts(t, "+47"))
		t += 3;
	else if (str_starts(t, "0047"))
		t += 4;
	bool ok = strlen(t) == PHONE_DIGITS && t[0] >= '2' && t[0] <= '9';
	for (size_t i = 0; ok && i < PHONE_DIGITS; i++)
		ok = is_digit(t[i]);
	if (!ok) {
		bad(c, "form.error.phone");
		return;
	}
	c->text = t;
}

static void check_postcode(arena *a, const char *s, struct check *c)
{
	const char *t = trimmed(a, s);
	bool ok = strlen(t) == POSTCODE_DIGITS;
	for (size_t i = 0; ok && i < POSTCODE_DIGITS; i++)
		ok = is_digit(t[i]);
	if (!ok) {
		bad(c, "form.error.postcode");
		return;
	}
	c->text = t;
}

static void check_date(arena *a, const char *s, struct check *c)
{
	const char *t = trimmed(a, s);
	if (date_parse(t, &c->day)) {
		c->text = t;
		return;
	}
	/* The right shape but no such day (2026-02-30) deserves its own words. */
	bool shape = strlen(t) == 10 && t[4] == '-' && t[7] == '-';
	for (size_t i = 0; shape && i < 10; i++)
		shape = i == 4 || i == 7 || is_digit(t[i]);
	bad(c, shape ? "form.error.date_invalid" : "form.error.date_format");
}

static void check_nin(arena *a, const char *s, struct check *c)
{
	const char *t = without_spaces(a, s);
	switch (nin_parse(t, NULL)) {
	case NIN_OK: c->text = t; return;
	case NIN_ERR_LENGTH:
		bad(c, "form.error.nin_length");
		c->count = (int64_t)utf8_length(t);
		return;
	case NIN_ERR_DIGITS: bad(c, "form.error.nin_digits"); return;
	case NIN_ERR_DATE: bad(c, "form.error.nin_date"); return;
	case NIN_ERR_CHECK: break;
	}
	bad(c, "form.error.nin_check");
}

static void check_bool(const char *s, struct check *c)
{
	static const char *const yes[] = {"on", "1", "true", "yes"};
	static const char *const no[] = {"0", "false", "off", "no"};
	for (size_t i = 0; i < ARRAY_LEN(yes); i++) {
		if (strcmp(s, yes[i]) == 0) {
			c->num = 1;
			c->text = "1";
			return;
		}
	}
	for (size_t i = 0; i < ARRAY_LEN(no); i++) {
		if (strcmp(s, no[i]) == 0) {
			c->num = 0;
			return;
		}
	}
	bad(c, "form.error.bool");
}

static void check_int(arena *a, const form_field *fd, const char *s, struct check *c)
{
	const char *t = trimmed(a, s);
	const char *d = t[0] == '-' || t[0] == '+' ? t + 1 : t;
	size_t n = strlen(d);
	bool ok = n > 0 && n <= INT_DIGITS_MAX;
	for (size_t i = 0; ok && i < n; i++)
		ok = is_digit(d[i]);
	int64_t v = 0;
	if (!ok || !str_to_i64(t[0] == '+' ? t + 1 : t, &v)) {
		bad(c, "form.error.integer");
		return;
	}
	if (v < fd->min || v > fd->max) {
		bad(c, "form.error.range");
		c->min = fd->min;
		c->max = fd->max;
		return;
	}
	c->num = v;
	c->text = arena_printf(a, "%lld", (long long)v);
}

/* Whether s counts as "not given". One-line kinds ignore surrounding spaces;
 * a checkbox sends "" only when tampered with, and counts as unchecked. */
static bool blank(const form_field *fd, const char *s)
{
	if (fd->kind == FORM_ENUM)
		return s[0] == '\0';
	while (ascii_space(*s))
		s++;
	return *s == '\0';
}

static void check_value(arena *a, const form_field *fd, const char *s, struct check *c)
{
	memset(c, 0, sizeof *c);
	switch (fd->kind) {
	case FORM_TEXT: check_text(a, fd, s, c); return;
	case FORM_ENUM: check_enum(fd, s, c); return;
	case FORM_EMAIL: check_email(a, fd, s, c); return;
	case FORM_PHONE: check_phone(a, s, c); return;
	case FORM_POSTCODE: check_postcode(a, s, c); return;
	case FORM_DATE: check_date(a, s, c); return;
	case FORM_NIN: check_nin(a, s, c); return;
	case FORM_BOOL: check_bool(s, c); return;
	case FORM_INT: check_int(a, fd, s, c); return;
	}
	bad(c, "form.error.choice");
}

/* ---- the form ------------------------------------------------------------- */

static int field_index(const form *f, const char *name)
{
	for (size_t i = 0; i < f->nfields; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

static void set_error(form_value *v, const char *key, int64_t min, int64_t max, int64_t count, size_t *nerrors)
{
	if (v->error != NULL)
		return; /* the first problem is the one to fix first */
	v->error = key;
	v->err_min = min;
	v->err_max = max;
	v->err_count = count;
	(*nerrors)++;
}

static size_t repeat_limit(const form_field *fd)
{
	return fd->max_count > 0 && fd->max_count < FORM_REPEAT_MAX ? fd->max_count : FORM_REPEAT_MAX;
}

/* Appends to a repeated field's lists, allocated at their limit on first use. */
static void push(arena *a, const char ***list, size_t *n, const char *s)
{
	if (*list == NULL)
		*list = arena_alloc(a, FORM_REPEAT_MAX * sizeof **list);
	if (*n < FORM_REPEAT_MAX)
		(*list)[(*n)++] = s;
}

void form_init(arena *a, const form_field *fields, size_t nfields, form *out)
{
	memset(out, 0, sizeof *out);
	out->fields = fields;
	out->nfields = nfields;
	out->arena = a;
	out->values = arena_alloc(a, (nfields > 0 ? nfields : 1) * sizeof *out->values);
}

/* One submitted value for field i. */
static void take(form *f, size_t i, const char *s)
{
	const form_field *fd = &f->fields[i];
	form_value *v = &f->values[i];
	bool repeated = (fd->flags & FORM_REPEATED) != 0;
	if (!repeated && v->raw != NULL) {
		set_error(v, "form.error.repeated", 0, 0, 0, &f->nerrors);
		return;
	}
	const char *raw = arena_strdup(f->arena, s);
	if (v->raw == NULL)
		v->raw = raw;
	if (repeated) {
		if (v->nraws >= repeat_limit(fd)) {
			set_error(v, "form.error.too_many", 0, (int64_t)repeat_limit(fd), 0, &f->nerrors);
			return;
		}
		push(f->arena, &v->raws, &v->nraws, raw);
	}
	if (blank(fd, s))
		return;
	struct check c;
	check_value(f->arena, fd, s, &c);
	if (c.error != NULL) {
		set_error(v, c.error, c.min, c.max, c.count, &f->nerrors);
		return;
	}
	if (repeated) {
		if (c.text != NULL)
			push(f->arena, &v->items, &v->count, c.text);
		return;
	}
	v->text = c.text;
	v->num = c.num;
	v->day = c.day;
}

status form_parse(arena *a, const form_field *fields, size_t nfields, const kv_list *in, form *out)
{
	form_init(a, fields, nfields, out);
	for (size_t k = 0; in != NULL && k < in->len; k++) {
		const kv *p = &in->items[k];
		if (strcmp(p->key, "csrf") == 0)
			continue; /* the dispatcher's business */
		int i = field_index(out, p->key);
		if (i < 0) {
			if (out->form_error == NULL) {
				out->form_error = "form.error.unknown_field";
				out->nerrors++;
			}
			continue;
		}
		take(out, (size_t)i, p->value);
	}
	for (size_t i = 0; i < nfields; i++) {
		form_value *v = &out->values[i];
		if ((fields[i].flags & FORM_REQUIRED) == 0 || v->error != NULL)
			continue;
		bool given = (fields[i].flags & FORM_REPEATED) ? v->count > 0
		             : fields[i].kind == FORM_BOOL     ? v->num != 0
		                                               : v->text != NULL;
		if (!given)
			set_error(v, ERR_REQUIRED, 0, 0, 0, &out->nerrors);
	}
	return out->nerrors == 0 ? ST_OK : ST_INVALID;
}

void form_set(form *f, const char *name, const char *value)
{
	int i = field_index(f, name);
	if (i < 0) {
		log_error("form_set: no field %s is declared", name);
		return;
	}
	if (value == NULL)
		return;
	const form_field *fd = &f->fields[i];
	form_value *v = &f->values[i];
	const char *raw = arena_strdup(f->arena, value);
	struct check c = {0};
	if (!blank(fd, value))
		check_value(f->arena, fd, value, &c);
	if (fd->flags & FORM_REPEATED) {
		if (v->raw == NULL)
			v->raw = raw;
		push(f->arena, &v->raws, &v->nraws, raw);
		if (c.error == NULL && c.text != NULL)
			push(f->arena, &v->items, &v->count, c.text);
		return;
	}
	v->raw = raw;
	v->text = c.error == NULL ? c.text : NULL;
	v->num = c.num;
	v->day = c.day;
}

bool form_add_error(form *f, const char *name, const char *key, int64_t max)
{
	int i = field_index(f, name);
	if (i < 0) {
		log_error("form_add_error: no field %s is declared", name);
		return false;
	}
	set_error(&f->values[i], key, 0, max, 0, &f->nerrors);
	return true;
}

void form_add_problems(form *f, const problems *p)
{
	for (size_t i = 0; i < p->n; i++)
		form_add_error(f, p->items[i].field, p->items[i].key, p->items[i].max);
}

const form_value *form_get(const form *f, const char *name)
{
	int i = field_index(f, name);
	if (i < 0) {
		log_error("form_get: no field %s is declared", name);
		return NULL;
	}
	return &f->values[i];
}

const char *form_text(const form *f, const char *name)
{
	const form_value *v = form_get(f, name);
	return v != NULL && v->error == NULL ? v->text : NULL;
}

bool form_bool(const form *f, const char *name)
{
	const form_value *v = form_get(f, name);
	return v != NULL && v->error == NULL && v->num != 0;
}

int64_t form_int(const form *f, const char *name, int64_t otherwise)
{
	const form_value *v = form_get(f, name);
	return v != NULL && v->error == NULL && v->text != NULL ? v->num : otherwise;
}

bool form_has(const form *f, const char *name, const char *value)
{
	const form_value *v = form_get(f, name);
	if (v == NULL || value == NULL)
		return false;
	for (size_t i = 0; i < v->count; i++)
		if (strcmp(v->items[i], value) == 0)
			return true;
	return v->count == 0 && v->text != NULL && strcmp(v->text, value) == 0;
}

/* ---- messages and the view model ------------------------------------------ */

/* The catalog text with {min}, {max} and {count} replaced. */
static const char *message(arena *a, enum locale loc, const char *key, int64_t min, int64_t max, int64_t count)
{
	const char *text = i18n_text(loc, key);
	buf b;
	buf_init(&b, strlen(text) + 16);
	for (const char *p = text; *p;) {
		if (str_starts(p, "{min}")) {
			buf_printf(&b, "%lld", (long long)min);
			p += 5;
		} else if (str_starts(p, "{max}")) {
			buf_printf(&b, "%lld", (long long)max);
			p += 5;
		} else if (str_starts(p, "{count}")) {
			buf_printf(&b, "%lld", (long long)count);
			p += 7;
		} else {
			buf_putc(&b, *p++);
		}
	}
	const char *out = arena_strdup(a, b.data);
	buf_free(&b);
	return out;
}

const char *form_message(const form *f, const form_value *v, enum locale loc)
{
	if (v == NULL || v->error == NULL)
		return NULL;
	return message(f->arena, loc, v->error, v->err_min, v->err_max, v->err_count);
}

/* A JSON string that is never NULL (json_string refuses invalid UTF-8, which
 * a rejected value may be). */
static json_t *jstr(const char *s)
{
	json_t *j = json_string(s != NULL ? s : "");
	return j != NULL ? j : json_string("");
}

void form_model_into(json_t *model, const form *f, enum locale loc)
{
	json_t *fields = json_object();
	json_t *errors = json_array();
	if (f->form_error != NULL) {
		json_t *e = json_object();
		json_object_set_new(e, "href", jstr(""));
		json_object_set_new(e, "label", jstr(""));
		json_object_set_new(e, "message", jstr(message(f->arena, loc, f->form_error, 0, 0, 0)));
		json_array_append_new(errors, e);
	}
	for (size_t i = 0; i < f->nfields; i++) {
		const form_field *fd = &f->fields[i];
		const form_value *v = &f->values[i];
		const char *id = arena_printf(f->arena, "f-%s", fd->name);
		const char *msg = form_message(f, v, loc);
		json_t *o = json_object();
		json_object_set_new(o, "id", jstr(id));
		json_object_set_new(o, "value", jstr(v->raw));
		json_object_set_new(o, "checked", json_boolean(fd->kind == FORM_BOOL && v->num != 0));
		json_object_set_new(o, "error", jstr(msg));
		json_object_set_new(o, "error_id", jstr(arena_printf(f->arena, "%s-error", id)));
		json_object_set_new(fields, fd->name, o);
		if (msg == NULL)
			continue;
		json_t *e = json_object();
		json_object_set_new(e, "href", jstr(arena_printf(f->arena, "#%s", id)));
		json_object_set_new(e, "label", jstr(fd->label != NULL ? i18n_text(loc, fd->label) : fd->name));
		json_object_set_new(e, "message", jstr(msg));
		json_array_append_new(errors, e);
	}
	json_object_set_new(model, "f", fields);
	json_object_set_new(model, "form_invalid", json_boolean(f->nerrors > 0));
	json_object_set_new(model, "form_errors", errors);
}
