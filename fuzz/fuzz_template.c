/* fuzz_template.c — libFuzzer target for the HTML writer: parses arbitrary
 * template text and renders it in both locales with a fixed model whose
 * strings are full of markup, checking that no model character that needs
 * escaping ever reaches the output unescaped. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "web/i18n.h"
#include "web/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every special character in the model follows a \x01 marker, so in the
 * output each marker that came from the model must be followed by the '&' of
 * an escape (markers from the template text itself are excluded below). */
static const char model_json[] = "{\"s\": \"\\u0001<b>\\u0001&\\u0001\\\"\\u0001'\\u0001`\\u0001=\\u0001>\","
                                 " \"n\": 42, \"r\": 1.5, \"t\": true, \"f\": false, \"z\": null,"
                                 " \"u\": \"javascript:alert(1)\\u0001<\","
                                 " \"a\": [1, \"\\u0001<two\", {\"s\": \"\\u0001<in\"}, [\"\\u0001'\"]],"
                                 " \"o\": {\"s\": \"\\u0001\\\"o\", \"a\": [], \"o\": {\"s\": \"\\u0001=\"}},"
                                 " \"title\": \"\\u0001<title>\", \"text\": \"\\u0001<p>\", \"status\": 500}";

static json_t *model;

static void init(void)
{
	log_set_level(LOG_ERROR);
	if (i18n_load() != ST_OK || tmpl_load_all() != ST_OK)
		abort();
	model = json_loads(model_json, 0, NULL);
	if (model == NULL)
		abort();
}

/* Sections nest: n nested sections over the model's 4-element array render
 * 4^n times. Templates are compile-time constants, so that is a cost, not a
 * danger; past this many sections an input only burns the fuzzer's time. */
enum { SECTIONS_MAX = 6 };

static bool too_many_sections(const uint8_t *data, size_t size)
{
	int n = 0;
	for (size_t i = 0; i + 2 < size; i++)
		if (data[i] == '{' && data[i + 1] == '{' && (data[i + 2] == '#' || data[i + 2] == '^') &&
		    ++n > SECTIONS_MAX)
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (model == NULL)
		init();
	if (too_many_sections(data, size))
		return 0;
	tmpl *t;
	if (tmpl_parse_text("fuzz", (const char *)data, size, &t, NULL, 0) != ST_OK)
		return 0;
	bool check = memchr(data, 1, size) == NULL;
	for (int l = 0; l < LOCALE_COUNT; l++) {
		buf out = {0};
		if (tmpl_render_parsed(t, NULL, model, (enum locale)l, &out) == ST_OK && check && out.data) {
			for (const char *p = out.data; (p = memchr(p, 1, out.len - (size_t)(p - out.data))) != NULL;
			     p++)
				if (p[1] != '&')
					abort(); /* an unescaped character from the model */
		}
		buf_free(&out);
	}
	tmpl_free(t);
	return 0;
}
