/* questionnaire_fhirpath.c — the FHIRPath subset of
 * questionnaire_fhirpath.h: an expression is parsed into a tree (which is
 * also how it is checked at import) and the tree is walked over the
 * QuestionnaireResponse. */
#include "domain/questionnaire_fhirpath.h"

#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/core.h"

/* Nesting of an expression's parentheses and calls, bounding the parser's
 * recursion on hostile input. */
enum { DEPTH_MAX = 64 };

struct qfp_value {
	enum { QV_NODE, QV_NUM, QV_STR, QV_BOOL } kind;
	json_t *node;
	double num;
	const char *str;
	bool b;
};

/* ---- the tree --------------------------------------------------------------------- */

enum node_kind { N_NUM, N_STR, N_BOOL, N_EMPTY, N_VAR, N_THIS_MEMBER, N_MEMBER, N_CALL, N_BIN, N_INDEX };

struct node {
	enum node_kind kind;
	double num;
	const char *name; /* string literal, variable, member, function or operator */
	bool b;
	struct node *lhs, *rhs; /* lhs: what a member, call or index applies to (NULL: $this); rhs: the index */
	struct node **args;
	size_t nargs;
};

static const struct {
	const char *name;
	size_t min, max; /* arguments */
} functions[] = {
    {"where", 1, 1},   {"exists", 0, 1}, {"empty", 0, 0},  {"count", 0, 0},       {"sum", 0, 0},
    {"first", 0, 0},   {"not", 0, 0},    {"iif", 2, 3},    {"startsWith", 1, 1},  {"matches", 1, 1},
    {"ordinal", 0, 0}, {"weight", 0, 0}, {"repeat", 1, 1}, {"descendants", 0, 0},
};

struct parser {
	arena *a;
	const char *s;
	size_t pos;
	int depth;
	const char *error;
	const char *const *vars;
	size_t nvars;
};

static struct node *perr(struct parser *p, const char *what)
{
	if (p->error == NULL)
		p->error = what;
	return NULL;
}

static void skip_space(struct parser *p)
{
	while (isspace((unsigned char)p->s[p->pos]))
		p->pos++;
}

/* Consumes the symbol if it comes next. */
static bool take(struct parser *p, const char *sym)
{
	skip_space(p);
	size_t n = strlen(sym);
	if (strncmp(p->s + p->pos, sym, n) != 0)
		return false;
	/* "<" is not the start of "<=", nor a word operator the start of a name */
	if ((sym[0] == '<' || sym[0] == '>' || sym[0] == '!') && n == 1 && p->s[p->pos + 1] == '=')
		return false;
	if (isalpha((unsigned char)sym[0]) && (isalnum((unsigned char)p->s[p->pos + n]) || p->s[p->pos + n] == '_'))
		return false;
	p->pos += n;
	return true;
}

static const char *identifier(struct parser *p)
{
	skip_space(p);
	size_t start = p->pos;
	if (!isalpha((unsigned char)p->s[p->pos]) && p->s[p->pos] != '_')
		return NULL;
	while (isalnum((unsigned char)p->s[p->pos]) || p->s[p->pos] == '_')
		p->pos++;
	return arena_strndup(p->a, p->s + start, p->pos - start);
}

static struct node *new_node(struct parser *p, enum node_kind k)
{
	struct node *n = arena_alloc(p->a, sizeof *n);
	memset(n, 0, sizeof *n);
	n->kind = k;
	return n;
}

static struct node *parse_expr(struct parser *p);

/* The arguments of a call whose "(" has been read. */
static struct node *parse_call(struct parser *p, struct node *lhs, const char *name)
{
	size_t f = 0;
	while (f < ARRAY_LEN(functions) && !str_eq(functions[f].name, name))
		f++;
	if (f == ARRAY_LEN(functions))
		return perr(p, arena_printf(p->a, "the function %s() is not supported", name));
	struct node *n = new_node(p, N_CALL);
	n->name = functions[f].name;
	n->lhs = lhs;
	n->args = arena_alloc(p->a, 3 * sizeof *n->args);
	if (!take(p, ")")) {
		do {
			if (n->nargs == 3)
				return perr(
				    p, arena_printf(p->a, "%s() takes at most %zu arguments", name, functions[f].max));
			if ((n->args[n->nargs++] = parse_expr(p)) == NULL)
				return NULL;
		} while (take(p, ","));
		if (!take(p, ")"))
			return perr(p, "a ')' is missing");
	}
	if (n->nargs < functions[f].min || n->nargs > functions[f].max)
		return perr(
		    p, arena_printf(p->a, "%s() takes %zu to %zu arguments", name, functions[f].min, functions[f].max));
	if (str_eq(name, "repeat") && n->args[0]->kind != N_THIS_MEMBER)
		return perr(p, "repeat() takes a name, as in repeat(item)");
	if (str_eq(name, "matches")) {
		const struct node *re = n->args[0];
		if (re->kind != N_STR)
			return perr(p, "matches() takes a string");
		const char *bad = qfp_regex_problem(p->a, re->name);
		if (bad != NULL)
			return perr(p, arena_printf(p->a, "matches(): %s", bad));
	}
	return n;
}

const char *qfp_regex_problem(arena *a, const char *re)
{
	/* Perl's class escapes mean something else, silently, to POSIX */
	for (const char *c = strchr(re, '\\'); c != NULL && c[1] != '\0'; c = strchr(c + 2, '\\'))
		if (strchr("dwsDWSb", c[1]) != NULL)
			return arena_printf(a, "'\\%c' is not POSIX extended regular expression syntax", c[1]);
	regex_t rx;
	if (regcomp(&rx, re, REG_EXTENDED | REG_NOSUB) != 0)
		return "the regular expression is not valid";
	regfree(&rx);
	return NULL;
}

bool qfp_regex_whole(arena *a, const char *re, const char *text)
{
	regex_t rx;
	if (regcomp(&rx, arena_printf(a, "^(%s)$", re), REG_EXTENDED | REG_NOSUB) != 0)
		return false;
	bool match = regexec(&rx, text, 0, NULL, 0) == 0;
	regfree(&rx);
	return match;
}

static struct node *parse_string(struct parser *p)
{
	p->pos++;
	buf b;
	buf_init(&b, 32);
	while (p->s[p->pos] != '\0' && p->s[p->pos] != '\'') {
		/* FHIRPath's escapes of quotes and backslash; any other backslash
		 * stays, for a regular expression */
		if (p->s[p->pos] == '\\' && p->s[p->pos + 1] != '\0' && strchr("'\"`\\/", p->s[p->pos + 1]) != NULL)
			p->pos++;
		buf_put(&b, p->s + p->pos, 1);
		p->pos++;
	}
	buf_put(&b, "", 1);
	struct node *n = new_node(p, N_STR);
	n->name = arena_strdup(p->a, b.data);
	buf_free(&b);
	if (p->s[p->pos] != '\'')
		return perr(p, "a string is not closed");
	p->pos++;
	return n;
}

static struct node *parse_term(struct parser *p)
{
	skip_space(p);
	char c = p->s[p->pos];
	if (c == '\'')
		return parse_string(p);
	if (isdigit((unsigned char)c)) {
		char *end;
		struct node *n = new_node(p, N_NUM);
		n->num = strtod(p->s + p->pos, &end);
		p->pos = (size_t)(end - p->s);
		return n;
	}
	if (take(p, "(")) {
		struct node *n = parse_expr(p);
		if (n != NULL && !take(p, ")"))
			return perr(p, "a ')' is missing");
		return n;
	}
	if (take(p, "{")) {
		if (!take(p, "}"))
			return perr(p, "only the empty collection {} is supported");
		return new_node(p, N_EMPTY);
	}
	if (take(p, "%")) {
		const char *name = identifier(p);
		if (name == NULL)
			return perr(p, "a name must follow %");
		bool known = str_eq(name, "resource") || str_eq(name, "context");
		for (size_t i = 0; i < p->nvars && !known; i++)
			known = str_eq(name, p->vars[i]);
		if (!known)
			return perr(p, arena_printf(p->a, "the variable %%%s is not defined", name));
		struct node *n = new_node(p, N_VAR);
		n->name = name;
		return n;
	}
	const char *name = identifier(p);
	if (name == NULL && p->s[p->pos] == '\0')
		return perr(p, "the expression ends too early");
	if (name == NULL)
		return perr(p, arena_printf(p->a, "unexpected '%.10s'", p->s + p->pos));
	if (str_eq(name, "true") || str_eq(name, "false")) {
		struct node *n = new_node(p, N_BOOL);
		n->b = str_eq(name, "true");
		return n;
	}
	if (take(p, "("))
		return parse_call(p, NULL, name);
	struct node *n = new_node(p, N_THIS_MEMBER);
	n->name = name;
	return n;
}

/* An indexer "[n]" whose "[" has been read. */
static struct node *parse_index(struct parser *p, struct node *lhs)
{
	struct node *n = new_node(p, N_INDEX);
	n->lhs = lhs;
	if ((n->rhs = parse_expr(p)) == NULL)
		return NULL;
	if (!take(p, "]"))
		return perr(p, "a ']' is missing");
	return n;
}

static struct node *parse_postfix(struct parser *p)
{
	struct node *n = parse_term(p);
	for (;;) {
		if (n != NULL && take(p, "[")) {
			n = parse_index(p, n);
			continue;
		}
		if (n == NULL || !take(p, "."))
			break;
		const char *name = identifier(p);
		if (name == NULL)
			return perr(p, "a name must follow '.'");
		if (take(p, "(")) {
			n = parse_call(p, n, name);
			continue;
		}
		struct node *m = new_node(p, N_MEMBER);
		m->lhs = n;
		m->name = name;
		n = m;
	}
	return n;
}

static struct node *binary(struct parser *p, const char *op, struct node *l, struct node *r)
{
	if (l == NULL || r == NULL)
		return NULL;
	struct node *n = new_node(p, N_BIN);
	n->name = op;
	n->lhs = l;
	n->rhs = r;
	return n;
}

static struct node *parse_unary(struct parser *p)
{
	if (take(p, "-")) {
		struct node *zero = new_node(p, N_NUM);
		return binary(p, "-", zero, parse_unary(p));
	}
	return parse_postfix(p);
}

/* One level of left-associative binary operators. */
static struct node *parse_level(struct parser *p, int level);

static const char *const levels[][7] = {
    {"or", NULL}, {"and", NULL}, {"!=", "<=", ">=", "=", "<", ">", NULL}, {"+", "-", NULL}, {"*", "/", NULL},
};

static struct node *parse_level(struct parser *p, int level)
{
	if (level == (int)ARRAY_LEN(levels))
		return parse_unary(p);
	struct node *n = parse_level(p, level + 1);
	for (;;) {
		const char *op = NULL;
		for (size_t i = 0; levels[level][i] != NULL && op == NULL; i++)
			if (take(p, levels[level][i]))
				op = levels[level][i];
		if (op == NULL || n == NULL)
			return n;
		n = binary(p, op, n, parse_level(p, level + 1));
	}
}

static struct node *parse_expr(struct parser *p)
{
	if (++p->depth > DEPTH_MAX)
		return perr(p, "the expression is nested too deeply");
	struct node *n = parse_level(p, 0);
	p->depth--;
	return n;
}

static struct node *parse_all(struct parser *p)
{
	if (strlen(p->s) > QFP_EXPR_MAX)
		return perr(p, arena_printf(p->a, "the expression is longer than %d characters", QFP_EXPR_MAX));
	struct node *n = parse_expr(p);
	skip_space(p);
	if (n != NULL && p->s[p->pos] != '\0')
		return perr(p, arena_printf(p->a, "unexpected '%.10s'", p->s + p->pos));
	return n;
}

const char *qfp_check(arena *a, const char *expr, const char *const *vars, size_t nvars)
{
	struct parser p = {.a = a, .s = expr, .vars = vars, .nvars = nvars};
	return parse_all(&p) == NULL ? p.error : NULL;
}

static bool listed(const char *name, const char *const *list)
{
	while (*list != NULL && !str_eq(*list, name))
		list++;
	return *list != NULL;
}

/* The first variable or member name in the tree that the lists leave out,
 * innermost first (the variable a path starts from before its members). */
static const char *unlisted(arena *a, const struct node *n, const char *const *vars, size_t nvars,
                            const char *const *members)
{
	if (n == NULL)
		return NULL;
	const char *bad = unlisted(a, n->lhs, vars, nvars, members);
	if (bad == NULL)
		bad = unlisted(a, n->rhs, vars, nvars, members);
	for (size_t i = 0; i < n->nargs && bad == NULL; i++)
		bad = unlisted(a, n->args[i], vars, nvars, members);
	if (bad != NULL)
		return bad;
	if (n->kind == N_VAR) {
		bool known = false;
		for (size_t i = 0; i < nvars && !known; i++)
			known = str_eq(n->name, vars[i]);
		if (!known)
			return arena_printf(a, "the variable %%%s is not available here", n->name);
	}
	if ((n->kind == N_MEMBER || n->kind == N_THIS_MEMBER) && !listed(n->name, members))
		return arena_printf(a, "'%s' is not a member helsami fills", n->name);
	return NULL;
}

const char *qfp_check_paths(arena *a, const char *expr, const char *const *vars, size_t nvars,
                            const char *const *members)
{
	struct parser p = {.a = a, .s = expr, .vars = vars, .nvars = nvars};
	struct node *tree = parse_all(&p);
	return tree == NULL ? p.error : unlisted(a, tree, vars, nvars, members);
}

/* ---- evaluating ------------------------------------------------------------------- */

typedef struct coll {
	qfp_value *v;
	size_t n, cap;
} coll;

struct eval {
	arena *a;
	const qf_form *f;
	json_t *resource, *focus; /* focus NULL: the empty collection */
	const qfp_binding *vars;
	size_t nvars;
};

static void push(arena *a, coll *c, qfp_value v)
{
	if (c->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 8;
		qfp_value *fresh = arena_alloc(a, ncap * sizeof *fresh);
		if (c->n > 0)
			memcpy(fresh, c->v, c->n * sizeof *fresh);
		c->v = fresh;
		c->cap = ncap;
	}
	c->v[c->n++] = v;
}

static void push_json(arena *a, coll *c, json_t *j)
{
	if (json_is_array(j)) {
		size_t i;
		json_t *e;
		json_array_foreach(j, i, e) push_json(a, c, e);
	} else if (json_is_object(j))
		push(a, c, (qfp_value){.kind = QV_NODE, .node = j});
	else if (json_is_string(j))
		push(a, c, (qfp_value){.kind = QV_STR, .str = json_string_value(j)});
	else if (json_is_number(j))
		push(a, c, (qfp_value){.kind = QV_NUM, .num = json_number_value(j)});
	else if (json_is_boolean(j))
		push(a, c, (qfp_value){.kind = QV_BOOL, .b = json_is_true(j)});
}

/* A member of every object in c; "value" finds FHIR's value[x]; a
 * resource's type name (QuestionnaireResponse.item) is the resource. */
static coll member(arena *a, const coll *c, const char *name)
{
	coll out = {0};
	for (size_t i = 0; i < c->n; i++) {
		if (c->v[i].kind != QV_NODE)
			continue;
		json_t *j = json_object_get(c->v[i].node, name);
		if (j == NULL && isupper((unsigned char)name[0]) &&
		    str_eq(json_string_value(json_object_get(c->v[i].node, "resourceType")), name))
			j = c->v[i].node;
		if (j == NULL && str_eq(name, "value")) {
			const char *key;
			json_t *val;
			json_object_foreach(c->v[i].node, key, val)
			{
				if (str_starts(key, "value") && isupper((unsigned char)key[5]))
					j = val;
			}
		}
		push_json(a, &out, j);
	}
	return out;
}

/* Every member of every object in c, in order (children()). */
static coll children(arena *a, const coll *c)
{
	coll out = {0};
	for (size_t i = 0; i < c->n; i++) {
		const char *key;
		json_t *val;
		if (c->v[i].kind == QV_NODE)
			json_object_foreach(c->v[i].node, key, val) push_json(a, &out, val);
	}
	return out;
}

/* The score of a coded answer or coding: the form's option with its code
 * (and system, when both have one). */
static bool score_of(const qf_form *f, json_t *node, double *out)
{
	json_t *coding = json_object_get(node, "code") != NULL ? node : json_object_get(node, "valueCoding");
	const char *code = json_string_value(json_object_get(coding, "code"));
	const char *system = json_string_value(json_object_get(coding, "system"));
	if (code == NULL)
		return false;
	for (size_t i = 0; i < f->n; i++)
		for (size_t k = 0; k < f->items[i].noptions; k++) {
			const qf_option *o = &f->items[i].options[k];
			if (o->scored && str_eq(o->code, code) &&
			    (system == NULL || o->system == NULL || str_eq(system, o->system))) {
				*out = o->score;
				return true;
			}
		}
	return false;
}

static bool eval(struct eval *e, const struct node *n, const coll *self, coll *out);

static bool single_bool(const coll *c, bool *b)
{
	if (c->n != 1 || c->v[0].kind != QV_BOOL)
		return false;
	*b = c->v[0].b;
	return true;
}

static bool call(struct eval *e, const struct node *n, const coll *self, coll *out)
{
	coll in = *self;
	if (n->lhs != NULL && !eval(e, n->lhs, self, (in = (coll){0}, &in)))
		return false;
	const char *f = n->name;
	if (str_eq(f, "where") || (str_eq(f, "exists") && n->nargs == 1)) {
		coll kept = {0};
		for (size_t i = 0; i < in.n; i++) {
			coll one = {.v = &in.v[i], .n = 1, .cap = 1}, r = {0};
			bool b;
			if (!eval(e, n->args[0], &one, &r))
				return false;
			if (single_bool(&r, &b) && b)
				push(e->a, &kept, in.v[i]);
		}
		if (str_eq(f, "where")) {
			*out = kept;
			return true;
		}
		in = kept;
	}
	if (str_eq(f, "exists") || str_eq(f, "empty")) {
		push(e->a, out, (qfp_value){.kind = QV_BOOL, .b = str_eq(f, "exists") == (in.n > 0)});
		return true;
	}
	if (str_eq(f, "count")) {
		push(e->a, out, (qfp_value){.kind = QV_NUM, .num = (double)in.n});
		return true;
	}
	if (str_eq(f, "sum")) {
		double s = 0;
		for (size_t i = 0; i < in.n; i++) {
			if (in.v[i].kind != QV_NUM)
				return false;
			s += in.v[i].num;
		}
		/* The sum of nothing is nothing, as fhirpath.js has it (tests/cli/fhirpath.test.mjs). */
		if (in.n > 0)
			push(e->a, out, (qfp_value){.kind = QV_NUM, .num = s});
		return true;
	}
	if (str_eq(f, "first")) {
		if (in.n > 0)
			push(e->a, out, in.v[0]);
		return true;
	}
	if (str_eq(f, "not")) {
		bool b;
		if (in.n == 0)
			return true;
		if (!single_bool(&in, &b))
			return false;
		push(e->a, out, (qfp_value){.kind = QV_BOOL, .b = !b});
		return true;
	}
	if (str_eq(f, "iif")) {
		coll c = {0};
		bool b = false;
		if (!eval(e, n->args[0], &in, &c))
			return false;
		if (c.n > 0 && !single_bool(&c, &b))
			return false;
		if (b)
			return eval(e, n->args[1], &in, out);
		return n->nargs == 3 ? eval(e, n->args[2], &in, out) : true;
	}
	if (str_eq(f, "startsWith") || str_eq(f, "matches")) {
		coll arg = {0};
		if (!eval(e, n->args[0], self, &arg))
			return false;
		if (in.n == 0 || arg.n == 0)
			return true;
		if (in.n != 1 || in.v[0].kind != QV_STR || arg.n != 1 || arg.v[0].kind != QV_STR)
			return false;
		bool b;
		if (str_eq(f, "startsWith")) {
			b = str_starts(in.v[0].str, arg.v[0].str);
		} else {
			regex_t rx;
			if (regcomp(&rx, arg.v[0].str, REG_EXTENDED | REG_NOSUB) != 0)
				return false;
			b = regexec(&rx, in.v[0].str, 0, NULL, 0) == 0;
			regfree(&rx);
		}
		push(e->a, out, (qfp_value){.kind = QV_BOOL, .b = b});
		return true;
	}
	if (str_eq(f, "ordinal") || str_eq(f, "weight")) {
		for (size_t i = 0; i < in.n; i++) {
			double s;
			if (in.v[i].kind == QV_NODE && score_of(e->f, in.v[i].node, &s))
				push(e->a, out, (qfp_value){.kind = QV_NUM, .num = s});
		}
		return true;
	}
	/* repeat(name): the members by that name, and theirs, all the way down;
	 * descendants(): every member, and theirs */
	bool all = str_eq(f, "descendants");
	coll level = all ? children(e->a, &in) : member(e->a, &in, n->args[0]->name);
	while (level.n > 0) {
		for (size_t i = 0; i < level.n; i++)
			push(e->a, out, level.v[i]);
		level = all ? children(e->a, &level) : member(e->a, &level, n->args[0]->name);
	}
	return true;
}

static int compare(const qfp_value *x, const qfp_value *y, bool *ok)
{
	*ok = true;
	if (x->kind == QV_NUM && y->kind == QV_NUM)
		return x->num < y->num ? -1 : x->num > y->num;
	if (x->kind == QV_STR && y->kind == QV_STR)
		return strcmp(x->str, y->str);
	if (x->kind == QV_BOOL && y->kind == QV_BOOL)
		return (int)x->b - (int)y->b;
	*ok = false;
	return 0;
}

static bool logic(struct eval *e, const struct node *n, const coll *l, const coll *r, coll *out)
{
	bool x = false, y = false, hx = single_bool(l, &x), hy = single_bool(r, &y);
	if ((l->n > 0 && !hx) || (r->n > 0 && !hy))
		return false;
	bool is_and = str_eq(n->name, "and");
	if (is_and && ((hx && !x) || (hy && !y)))
		push(e->a, out, (qfp_value){.kind = QV_BOOL, .b = false});
	else if (!is_and && ((hx && x) || (hy && y)))
		push(e->a, out, (qfp_value){.kind = QV_BOOL, .b = true});
	else if (hx && hy)
		push(e->a, out, (qfp_value){.kind = QV_BOOL, .b = is_and});
	return true; /* otherwise unknown: empty */
}

static bool bin(struct eval *e, const struct node *n, const coll *self, coll *out)
{
	coll l = {0}, r = {0};
	if (!eval(e, n->lhs, self, &l) || !eval(e, n->rhs, self, &r))
		return false;
	const char *op = n->name;
	if (str_eq(op, "and") || str_eq(op, "or"))
		return logic(e, n, &l, &r, out);
	if (l.n == 0 || r.n == 0)
		return true;
	if (l.n != 1 || r.n != 1)
		return false;
	const qfp_value *x = &l.v[0], *y = &r.v[0];
	if (op[0] == '+' && x->kind == QV_STR && y->kind == QV_STR) {
		push(e->a, out, (qfp_value){.kind = QV_STR, .str = arena_printf(e->a, "%s%s", x->str, y->str)});
		return true;
	}
	if (strchr("+-*/", op[0]) != NULL) {
		if (x->kind != QV_NUM || y->kind != QV_NUM)
			return false;
		if (op[0] == '/' && y->num == 0)
			return true;
		double v = op[0] == '+'   ? x->num + y->num
		           : op[0] == '-' ? x->num - y->num
		           : op[0] == '*' ? x->num * y->num
		                          : x->num / y->num;
		push(e->a, out, (qfp_value){.kind = QV_NUM, .num = v});
		return true;
	}
	bool ok;
	int c = compare(x, y, &ok);
	bool b = str_eq(op, "=")    ? ok && c == 0
	         : str_eq(op, "!=") ? !ok || c != 0
	         : !ok              ? false
	         : str_eq(op, "<")  ? c < 0
	         : str_eq(op, ">")  ? c > 0
	         : str_eq(op, "<=") ? c <= 0
	                            : c >= 0;
	if (!ok && !str_eq(op, "=") && !str_eq(op, "!="))
		return false;
	push(e->a, out, (qfp_value){.kind = QV_BOOL, .b = b});
	return true;
}

/* c[i]: the i-th (from 0) of the collection, nothing past its end. */
static bool index_of(struct eval *e, const struct node *n, const coll *self, coll *out)
{
	coll in = {0}, at = {0};
	if (!eval(e, n->lhs, self, &in) || !eval(e, n->rhs, self, &at))
		return false;
	if (at.n != 1 || at.v[0].kind != QV_NUM || at.v[0].num != (double)(size_t)at.v[0].num)
		return false;
	if ((size_t)at.v[0].num < in.n)
		push(e->a, out, in.v[(size_t)at.v[0].num]);
	return true;
}

static bool eval(struct eval *e, const struct node *n, const coll *self, coll *out)
{
	switch (n->kind) {
	case N_NUM: push(e->a, out, (qfp_value){.kind = QV_NUM, .num = n->num}); return true;
	case N_STR: push(e->a, out, (qfp_value){.kind = QV_STR, .str = n->name}); return true;
	case N_BOOL: push(e->a, out, (qfp_value){.kind = QV_BOOL, .b = n->b}); return true;
	case N_EMPTY: return true;
	case N_VAR:
		if (str_eq(n->name, "resource")) {
			push(e->a, out, (qfp_value){.kind = QV_NODE, .node = e->resource});
			return true;
		}
		if (str_eq(n->name, "context")) {
			if (e->focus != NULL)
				push(e->a, out, (qfp_value){.kind = QV_NODE, .node = e->focus});
			return true;
		}
		for (size_t i = e->nvars; i-- > 0;)
			if (str_eq(e->vars[i].name, n->name)) {
				for (size_t k = 0; k < e->vars[i].n; k++)
					push(e->a, out, e->vars[i].value[k]);
				return true;
			}
		return false;
	case N_THIS_MEMBER: *out = member(e->a, self, n->name); return true;
	case N_MEMBER: {
		coll in = {0};
		if (!eval(e, n->lhs, self, &in))
			return false;
		*out = member(e->a, &in, n->name);
		return true;
	}
	case N_CALL: return call(e, n, self, out);
	case N_BIN: return bin(e, n, self, out);
	case N_INDEX: return index_of(e, n, self, out);
	}
	return false;
}

bool qfp_eval(arena *a, const qf_form *f, json_t *response, const qfp_binding *vars, size_t nvars, const char *expr,
              const qfp_value **out, size_t *n)
{
	return qfp_eval_in(a, f, response, response, vars, nvars, expr, out, n);
}

bool qfp_eval_in(arena *a, const qf_form *f, json_t *response, json_t *focus, const qfp_binding *vars, size_t nvars,
                 const char *expr, const qfp_value **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct parser p = {.a = a, .s = expr};
	/* Variables were checked at import; here every name in vars is known. */
	const char **names = arena_alloc(a, (nvars + 1) * sizeof *names);
	for (size_t i = 0; i < nvars; i++)
		names[i] = vars[i].name;
	p.vars = names;
	p.nvars = nvars;
	struct node *tree = parse_all(&p);
	if (tree == NULL)
		return false;
	struct eval e = {.a = a, .f = f, .resource = response, .focus = focus, .vars = vars, .nvars = nvars};
	coll root = {0}, result = {0};
	if (focus != NULL)
		push(a, &root, (qfp_value){.kind = QV_NODE, .node = focus});
	if (!eval(&e, tree, &root, &result))
		return false;
	*out = result.v;
	*n = result.n;
	return true;
}

const qfp_value *qfp_collection(arena *a, json_t *j, size_t *n)
{
	coll c = {0};
	push_json(a, &c, j);
	*n = c.n;
	return c.v;
}

bool qfp_number(const qfp_value *v, size_t n, double *out)
{
	if (n != 1 || v[0].kind != QV_NUM)
		return false;
	*out = v[0].num;
	return true;
}

json_t *qfp_json(const qfp_value *v, size_t n)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		switch (v[i].kind) {
		case QV_NODE: json_array_append(list, v[i].node); break;
		case QV_NUM: json_array_append_new(list, json_real(v[i].num)); break;
		case QV_STR: json_array_append_new(list, json_string(v[i].str)); break;
		case QV_BOOL: json_array_append_new(list, json_boolean(v[i].b)); break;
		}
	return list;
}
