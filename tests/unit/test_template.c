/* test_template.c — the HTML writer: escaping, sections, partials, context
 * lookup, start-up errors, the shipped templates, and pages through
 * reply_page/reply_error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/assets.h"
#include "core/log.h"
#include "web/i18n.h"
#include "web/template.h"
#include "web/web.h"

/* Parses text, renders it with the model given as JSON text; the output
 * (malloc'ed) or NULL if the template does not parse. */
static char *render_loc(const char *text, const char *model_json, enum locale loc)
{
	tmpl *t;
	char err[256];
	if (tmpl_parse_text("test", text, strlen(text), &t, err, sizeof err) != ST_OK) {
		print_message("parse error: %s\n", err);
		return NULL;
	}
	json_error_t jerr;
	json_t *model = model_json ? json_loads(model_json, 0, &jerr) : NULL;
	if (model_json != NULL && model == NULL)
		fail_msg("bad test JSON: %s", jerr.text);
	buf out = {0};
	buf_init(&out, 16);
	assert_int_equal(tmpl_render_parsed(t, NULL, model, loc, &out), ST_OK);
	json_decref(model);
	tmpl_free(t);
	return buf_take(&out, NULL);
}

static char *render(const char *text, const char *model_json)
{
	return render_loc(text, model_json, LOCALE_NB);
}

static void assert_renders(const char *text, const char *model_json, const char *want)
{
	char *got = render(text, model_json);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* The first problem reported for a template that must not parse. */
static void assert_parse_error(const char *text, const char *want_in_error)
{
	static char dummy;
	tmpl *t = (tmpl *)&dummy;
	char err[256];
	assert_int_equal(tmpl_parse_text("bad", text, strlen(text), &t, err, sizeof err), ST_INVALID);
	assert_null(t);
	if (strstr(err, want_in_error) == NULL)
		fail_msg("error \"%s\" lacks \"%s\"", err, want_in_error);
}

static int setup(void **state)
{
	(void)state;
	log_set_level(LOG_ERROR + 1); /* the error cases log on purpose */
	if (i18n_load() != ST_OK || tmpl_load_all() != ST_OK)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tmpl_free_all();
	i18n_free();
	return 0;
}

/* ---- escaping ---- */

static void escapes_script(void **state)
{
	(void)state;
	assert_renders("<p>{{x}}</p>", "{\"x\": \"<script>alert('x')</script>\"}",
	               "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>");
	buf b = {0};
	html_escape(&b, "a&b<c>\"d\"'e'`f`=g");
	assert_string_equal(b.data, "a&amp;b&lt;c&gt;&quot;d&quot;&#39;e&#39;&#96;f&#96;&#61;g");
	buf_free(&b);
}

static void escapes_quotes_in_attributes(void **state)
{
	(void)state;
	assert_renders("<a title=\"{{x}}\" data-y='{{x}}'>", "{\"x\": \"\\\" onmouseover=\\\"alert(1)' x='\"}",
	               "<a title=\"&quot; onmouseover&#61;&quot;alert(1)&#39; x&#61;&#39;\" "
	               "data-y='&quot; onmouseover&#61;&quot;alert(1)&#39; x&#61;&#39;'>");
}

static void refuses_unsafe_urls(void **state)
{
	(void)state;
	const char *t = "<a href=\"{{u}}\">x</a>";
	assert_renders(t, "{\"u\": \"javascript:alert(1)\"}", "<a href=\"about:invalid#refused\">x</a>");
	assert_renders(t, "{\"u\": \" JavaScript:alert(1)\"}", "<a href=\"about:invalid#refused\">x</a>");
	assert_renders(t, "{\"u\": \"java\\tscript:alert(1)\"}", "<a href=\"about:invalid#refused\">x</a>");
	assert_renders(t, "{\"u\": \"data:text/html,x\"}", "<a href=\"about:invalid#refused\">x</a>");
	assert_renders(t, "{\"u\": \"/messages?id=3&x=y\"}", "<a href=\"/messages?id&#61;3&amp;x&#61;y\">x</a>");
	assert_renders(t, "{\"u\": \"https://example.no/a:b\"}", "<a href=\"https://example.no/a:b\">x</a>");
	assert_renders(t, "{\"u\": \"tel:+4773000000\"}", "<a href=\"tel:+4773000000\">x</a>");
	assert_renders(t, "{\"u\": \"page\"}", "<a href=\"page\">x</a>");
	/* a section right at the start of the value does not hide the position */
	assert_renders("<img src=\"{{#u}}{{u}}{{/u}}\">", "{\"u\": \"vbscript:x\"}",
	               "<img src=\"about:invalid#refused\">");
	/* not at the start of the value: the scheme is already fixed */
	assert_renders("<a href=\"/x/{{u}}\">", "{\"u\": \"javascript:x\"}", "<a href=\"/x/javascript:x\">");
}

static void prints_scalars(void **state)
{
	(void)state;
	assert_renders("{{i}}|{{r}}|{{r2}}|{{t}}|{{f}}|{{n}}|{{o}}|{{a}}|{{missing}}",
	               "{\"i\": -42, \"r\": 0.1, \"r2\": 2.5e-7, \"t\": true, \"f\": false, \"n\": null, "
	               "\"o\": {\"k\": 1}, \"a\": [1]}",
	               "-42|0.1|2.5e-07|true|||||");
}

/* ---- sections ---- */

static void sections_over_arrays(void **state)
{
	(void)state;
	assert_renders("<ul>{{#items}}<li>{{name}}</li>{{/items}}</ul>",
	               "{\"items\": [{\"name\": \"a\"}, {\"name\": \"<b>\"}]}",
	               "<ul><li>a</li><li>&lt;b&gt;</li></ul>");
	assert_renders("{{#xs}}{{.}},{{/xs}}", "{\"xs\": [\"a\", 2, true]}", "a,2,true,");
	assert_renders("{{#xs}}[{{#.}}{{.}}{{/.}}]{{/xs}}", "{\"xs\": [[1, 2], [3]]}", "[12][3]");
}

static void sections_over_objects_and_scalars(void **state)
{
	(void)state;
	assert_renders("{{#user}}{{name}}{{/user}}", "{\"user\": {\"name\": \"Kari\"}}", "Kari");
	assert_renders("{{#user}}x{{/user}}", "{\"user\": {}}", "x");
	assert_renders("{{#s}}<{{.}}>{{/s}}", "{\"s\": \"hei\"}", "<hei>");
	assert_renders("{{#n}}yes{{/n}}{{#z}}no{{/z}}", "{\"n\": 3, \"z\": 0}", "yes");
	assert_renders("{{#t}}yes{{/t}}{{#f}}no{{/f}}{{#e}}no{{/e}}{{#ea}}no{{/ea}}{{#nu}}no{{/nu}}{{#m}}no{{/m}}",
	               "{\"t\": true, \"f\": false, \"e\": \"\", \"ea\": [], \"nu\": null}", "yes");
}

static void inverted_sections(void **state)
{
	(void)state;
	const char *t = "{{^items}}none{{/items}}{{#items}}some{{/items}}";
	assert_renders(t, "{\"items\": []}", "none");
	assert_renders(t, "{}", "none");
	assert_renders(t, "{\"items\": false}", "none");
	assert_renders(t, "{\"items\": [1]}", "some");
	assert_renders("{{^a.b}}x{{/a.b}}", "{\"a\": {\"b\": \"\"}}", "x");
}

static void walks_up_the_context(void **state)
{
	(void)state;
	const char *model = "{\"site\": \"S\", \"a\": {\"b\": \"root\"}, "
	                    "\"users\": [{\"name\": \"N1\"}, {\"name\": \"N2\", \"site\": \"own\"}], "
	                    "\"u\": {\"a\": {}}}";
	assert_renders("{{#users}}{{name}}@{{site}} {{/users}}", model, "N1@S N2@own ");
	/* dotted names walk up on the first segment only, as in mustache */
	assert_renders("{{#u}}[{{a.b}}]{{/u}}", model, "[]");
	assert_renders("{{#users}}{{a.b}}{{/users}}", model, "rootroot");
	assert_renders("{{a.b}}{{a.b.c}}{{a.x}}{{x.y}}", model, "root");
}

static void layered_base_is_below_the_model(void **state)
{
	(void)state;
	tmpl *t;
	const char *text = "{{a}}-{{b}}";
	assert_int_equal(tmpl_parse_text("t", text, strlen(text), &t, NULL, 0), ST_OK);
	json_t *base = json_pack("{s:s, s:s}", "a", "base-a", "b", "base-b");
	json_t *model = json_pack("{s:s}", "a", "model-a");
	buf out = {0};
	assert_int_equal(tmpl_render_parsed(t, base, model, LOCALE_NB, &out), ST_OK);
	assert_string_equal(out.data, "model-a-base-b");
	buf_free(&out);
	json_decref(base);
	json_decref(model);
	tmpl_free(t);
}

static void standalone_lines_vanish(void **state)
{
	(void)state;
	assert_renders("<ul>\n  {{#xs}}\n  <li>{{.}}</li>\n  {{/xs}}\n  {{! note }}\n</ul>\n", "{\"xs\": [1, 2]}",
	               "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>\n");
	/* not alone on the line: kept as written */
	assert_renders("a {{#x}}b{{/x}} c\n", "{\"x\": true}", "a b c\n");
	assert_renders("{{ x }}|{{# x }}y{{/ x }}", "{\"x\": 1}", "1|y");
}

/* ---- catalog and partials ---- */

static void translates(void **state)
{
	(void)state;
	char *nb = render_loc("<b>{{t start.login}}</b>", NULL, LOCALE_NB);
	char *en = render_loc("<b>{{t start.login}}</b>", NULL, LOCALE_EN);
	assert_string_equal(nb, "<b>Logg inn med ID-porten</b>");
	assert_string_equal(en, "<b>Log in with ID-porten</b>");
	free(nb);
	free(en);
}

static void includes_partials(void **state)
{
	(void)state;
	char *out =
	    render("<div>{{> error}}</div>", "{\"title\": \"Tittel <1>\", \"text\": \"Tekst\", \"status\": 404}");
	assert_non_null(out);
	assert_non_null(strstr(out, "<div><div class=\"hs-stack hs-prose\">"));
	assert_non_null(strstr(out, "Tittel &lt;1&gt;"));
	assert_non_null(strstr(out, "Feilkode: 404"));
	assert_null(strstr(out, "{{"));
	free(out);
}

/* ---- start-up errors ---- */

static void reports_parse_errors(void **state)
{
	(void)state;
	assert_parse_error("a\nb {{t no.such.key}}", "bad:2: unknown catalog key \"no.such.key\"");
	assert_parse_error("{{#a}}\n{{#b}}\n{{/a}}", "bad:3: {{/a}} does not match {{#b}} from line 2");
	assert_parse_error("x\n{{#a}}y", "bad:2: {{#a}} is not closed");
	assert_parse_error("{{/a}}", "closes no open section");
	assert_parse_error("{{> no_such_partial}}", "unknown partial {{> no_such_partial}}");
	assert_parse_error("{{{raw}}}", "no raw output");
	assert_parse_error("{{&raw}}", "no raw output");
	assert_parse_error("{{=<% %>=}}", "unknown tag");
	assert_parse_error("{{a b}}", "unknown tag");
	assert_parse_error("{{}}", "unknown tag");
	assert_parse_error("{{a..b}}", "unknown tag");
	assert_parse_error("{{#a b}}{{/a b}}", "bad section name");
	assert_parse_error("{{> ../etc}}", "bad partial name");
	assert_parse_error("{{t bad key!}}", "bad catalog key");
	assert_parse_error("<a\n\nhref={{u}}>", "bad:3: unquoted attribute value");
	assert_parse_error("text {{ unclosed", "without");
	char deep[70 * 8 + 1] = "";
	for (int i = 0; i < 70; i++)
		strcat(deep, "{{#a}}");
	assert_parse_error(deep, "nest deeper");
}

static void every_shipped_template_loads(void **state)
{
	(void)state;
	assert_int_equal(tmpl_load_all(), ST_OK); /* again: reloading works too */
	size_t n = 0;
	for (size_t i = 0; i < assets_count; i++) {
		const char *name = assets[i].name;
		size_t len = strlen(name);
		if (len < 5 || strcmp(name + len - 5, ".html") != 0)
			continue;
		char base[128];
		snprintf(base, sizeof base, "%.*s", (int)(len - 5), name);
		assert_true(tmpl_exists(base));
		n++;
	}
	assert_true(n >= 4);
	assert_true(tmpl_exists("start"));
	assert_true(tmpl_exists("error"));
	assert_true(tmpl_exists("layout_top"));
	assert_true(tmpl_exists("layout_bottom"));
	assert_false(tmpl_exists("start.html"));
	assert_false(tmpl_exists("nope"));
	buf out = {0};
	assert_int_equal(tmpl_render("nope", NULL, LOCALE_NB, &out), ST_NOT_FOUND);
	buf_free(&out);
}

static void dumps_the_model(void **state)
{
	(void)state;
	json_t *m = json_pack("{s:i, s:s}", "b", 1, "a", "x");
	char *s = tmpl_dump_model(m);
	assert_string_equal(s, "{\n  \"a\": \"x\",\n  \"b\": 1\n}");
	free(s);
	json_decref(m);
	s = tmpl_dump_model(NULL);
	assert_string_equal(s, "null");
	free(s);
}

/* ---- pages ---- */

struct page_fixture {
	ctx c;
	request rq;
	reply rp;
	site st;
};

static void page_init(struct page_fixture *f, enum locale loc, const char *path)
{
	memset(f, 0, sizeof *f);
	f->c.arena = arena_new();
	f->c.locale = loc;
	f->c.request_id = "req-123";
	f->st = (site){
	    "helsami", "+47 73 00 00 00", "Hverdager 08.00–15.30", "Weekdays 08:00–15:30", false, "v1", NULL, NULL,
	    NULL, NULL};
	f->rq.c = &f->c;
	f->rq.method = "GET";
	f->rq.path = path;
	f->rq.target = path;
	f->rq.site = &f->st;
}

static void page_done(struct page_fixture *f)
{
	buf_free(&f->rp.body);
	arena_free(f->c.arena);
}

static void assert_has(const char *body, const char *want)
{
	if (strstr(body, want) == NULL)
		fail_msg("page lacks \"%s\"", want);
}

static void start_page_in_both_languages(void **state)
{
	(void)state;
	struct page_fixture f;
	page_init(&f, LOCALE_NB, "/");
	reply_page(&f.rq, &f.rp, "start", NULL);
	assert_int_equal(f.rp.status, 200);
	assert_string_equal(f.rp.content_type, "text/html; charset=utf-8");
	const char *b = f.rp.body.data;
	assert_true(strncmp(b, "<!doctype html>\n<html lang=\"nb\">", 32) == 0);
	assert_has(b, "<title>helsami</title>");
	assert_has(b, "href=\"/static/designsystemet.css?v=v1\"");
	assert_has(b, "<a class=\"ds-skip-link\" href=\"#main\">Hopp til hovedinnholdet</a>");
	assert_has(b, "<main id=\"main\"");
	assert_has(b, "href=\"/?lang=en\" lang=\"en\" hreflang=\"en\">English</a>");
	assert_has(b, "href=\"/login/idporten\">Logg inn med ID-porten</a>");
	assert_has(b, "href=\"tel:113\"");
	assert_has(b, "href=\"tel:116117\"");
	assert_has(b, "href=\"tel:+4773000000\">+47 73 00 00 00</a>");
	assert_has(b, "Hverdager 08.00–15.30");
	assert_has(b, "</footer>\n</body>\n</html>\n");
	assert_null(strstr(b, "{{"));
	assert_null(strstr(b, "style="));
	assert_null(strstr(b, "<script"));
	page_done(&f);

	page_init(&f, LOCALE_EN, "/");
	f.st.dev = true;
	reply_page(&f.rq, &f.rp, "start", NULL);
	b = f.rp.body.data;
	assert_has(b, "<html lang=\"en\">");
	assert_has(b, "hreflang=\"nb\">Norsk bokmål</a>");
	assert_has(b, ">Log in with ID-porten</a>");
	assert_has(b, "Weekdays 08:00–15:30");
	assert_has(b, "Development mode.");
	page_done(&f);
}

static void language_switch_keeps_the_path_only(void **state)
{
	(void)state;
	struct page_fixture f;
	page_init(&f, LOCALE_NB, "//evil.example/a b\"<");
	f.rq.target = "//evil.example/a b\"<?x=1";
	f.rq.csrf_token = "tok\"en";
	reply_page(&f.rq, &f.rp, "start", json_pack("{s:s}", "title", "Min <side>"));
	const char *b = f.rp.body.data;
	assert_has(b, "href=\"/evil.example/a%20b%22%3C?lang=en\"");
	assert_has(b, "<title>Min &lt;side&gt; – helsami</title>");
	page_done(&f);
}

static void error_pages(void **state)
{
	(void)state;
	struct page_fixture f;
	page_init(&f, LOCALE_NB, "/nope");
	reply_error(&f.rq, &f.rp, 404);
	assert_int_equal(f.rp.status, 404);
	assert_has(f.rp.body.data, "<h1 class=\"ds-heading\" data-size=\"lg\">Vi finner ikke siden</h1>");
	assert_has(f.rp.body.data, "<title>Vi finner ikke siden – helsami</title>");
	assert_has(f.rp.body.data, "href=\"/\">Gå til forsiden</a>");
	assert_null(strstr(f.rp.body.data, "req-123")); /* a reference only for our own errors */
	page_done(&f);

	const int statuses[] = {400, 403, 404, 405, 413, 429, 500, 503};
	for (size_t i = 0; i < ARRAY_LEN(statuses); i++) {
		page_init(&f, LOCALE_EN, "/x");
		reply_error(&f.rq, &f.rp, statuses[i]);
		assert_int_equal(f.rp.status, statuses[i]);
		assert_null(f.rp.static_body);
		assert_has(f.rp.body.data, "<html lang=\"en\">");
		assert_null(strstr(f.rp.body.data, "error."));
		page_done(&f);
	}

	page_init(&f, LOCALE_EN, "/x");
	reply_error(&f.rq, &f.rp, 500);
	assert_has(f.rp.body.data, "Something went wrong on our side");
	assert_has(f.rp.body.data, "<code>req-123</code>");
	page_done(&f);

	page_init(&f, LOCALE_EN, "/x");
	reply_error(&f.rq, &f.rp, 418); /* no texts of its own: those of 400 */
	assert_int_equal(f.rp.status, 418);
	assert_has(f.rp.body.data, "Something was wrong with the request");
	page_done(&f);
}

static void unknown_page_answers_500(void **state)
{
	(void)state;
	struct page_fixture f;
	page_init(&f, LOCALE_NB, "/");
	reply_page(&f.rq, &f.rp, "no_such_template", json_object());
	assert_int_equal(f.rp.status, 500);
	assert_has(f.rp.body.data, "Noe gikk galt hos oss");
	page_done(&f);
}

static void redirects_and_headers(void **state)
{
	(void)state;
	struct page_fixture f;
	page_init(&f, LOCALE_NB, "/");
	reply_redirect(&f.rq, &f.rp, "/appointments");
	assert_int_equal(f.rp.status, 303);
	assert_string_equal(kv_get(&f.rp.headers, "Location"), "/appointments");
	reply_header(&f.rq, &f.rp, "X-Bad", "a\r\nSet-Cookie: x=y");
	assert_null(kv_get(&f.rp.headers, "X-Bad"));
	for (int i = 0; i < 20; i++) {
		char v[16];
		snprintf(v, sizeof v, "%d", i);
		reply_header(&f.rq, &f.rp, "X-N", v); /* copied: v dies here */
	}
	assert_int_equal(f.rp.headers.len, 21);
	assert_string_equal(kv_get(&f.rp.headers, "X-N"), "0");
	assert_string_equal(f.rp.headers.items[20].value, "19");
	assert_null(kv_get(&f.rp.headers, "nope"));
	page_done(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(escapes_script),
	    cmocka_unit_test(escapes_quotes_in_attributes),
	    cmocka_unit_test(refuses_unsafe_urls),
	    cmocka_unit_test(prints_scalars),
	    cmocka_unit_test(sections_over_arrays),
	    cmocka_unit_test(sections_over_objects_and_scalars),
	    cmocka_unit_test(inverted_sections),
	    cmocka_unit_test(walks_up_the_context),
	    cmocka_unit_test(layered_base_is_below_the_model),
	    cmocka_unit_test(standalone_lines_vanish),
	    cmocka_unit_test(translates),
	    cmocka_unit_test(includes_partials),
	    cmocka_unit_test(reports_parse_errors),
	    cmocka_unit_test(every_shipped_template_loads),
	    cmocka_unit_test(dumps_the_model),
	    cmocka_unit_test(start_page_in_both_languages),
	    cmocka_unit_test(language_switch_keeps_the_path_only),
	    cmocka_unit_test(error_pages),
	    cmocka_unit_test(unknown_page_answers_500),
	    cmocka_unit_test(redirects_and_headers),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
