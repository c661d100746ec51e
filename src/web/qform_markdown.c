/* qform_markdown.c — a text's Markdown as a page model (qform_markdown.h). */
#include "web/qform_markdown.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "core/buf.h"
#include "core/core.h"

/* One span: every key set. */
static json_t *span(const char *text, size_t len, bool strong, bool em, const char *href, size_t href_len)
{
	return json_pack("{s:s%, s:b, s:b, s:o, s:b}", "text", text, len, "strong", strong, "em", em, "href",
	                 href != NULL ? json_stringn(href, href_len) : json_null(), "br", false);
}

static void add_text(json_t *spans, const char *s, size_t len, bool strong, bool em)
{
	if (len > 0)
		json_array_append_new(spans, span(s, len, strong, em, NULL, 0));
}

/* Whether s (len bytes) from i holds marker again: a closing one exists. */
static bool closes(const char *s, size_t len, size_t i, const char *marker)
{
	size_t m = strlen(marker);
	for (size_t k = i; k + m <= len; k++)
		if (memcmp(s + k, marker, m) == 0 && (m == 2 || k + 1 >= len || s[k + 1] != '*'))
			return true;
	return false;
}

/* A link at s[i] ('['): its text and address ends; false when it is none. */
static bool link_at(const char *s, size_t len, size_t i, size_t *text_end, size_t *url_start, size_t *url_end)
{
	const char *close = memchr(s + i, ']', len - i);
	if (close == NULL || (size_t)(close - s) + 1 >= len || close[1] != '(')
		return false;
	const char *paren = memchr(close + 2, ')', len - (size_t)(close + 2 - s));
	if (paren == NULL)
		return false;
	*text_end = (size_t)(close - s);
	*url_start = (size_t)(close - s) + 2;
	*url_end = (size_t)(paren - s);
	return memchr(s + *url_start, ' ', *url_end - *url_start) == NULL;
}

static void add_link(json_t *spans, const char *s, size_t text_start, size_t text_end, size_t url_start, size_t url_end,
                     bool strong, bool em)
{
	const char *url = s + url_start;
	size_t url_len = url_end - url_start;
	if (url_len > 8 && strncmp(url, "https://", 8) == 0) {
		json_array_append_new(spans, span(s + text_start, text_end - text_start, strong, em, url, url_len));
		return;
	}
	add_text(spans, s + text_start, text_end - text_start, strong, em);
	json_t *shown = span(" (", 2, strong, em, NULL, 0);
	json_object_set_new(shown, "text", json_sprintf(" (%.*s)", (int)url_len, url));
	json_array_append_new(spans, shown);
}

/* The inline markup of one line (len bytes) into spans; strong and em
 * carry over lines of a paragraph. */
static void inline_spans(json_t *spans, const char *s, size_t len, bool *strong, bool *em)
{
	size_t start = 0, i = 0;
	while (i < len) {
		size_t text_end, url_start, url_end;
		if (s[i] == '\\' && i + 1 < len && ispunct((unsigned char)s[i + 1])) {
			add_text(spans, s + start, i - start, *strong, *em);
			start = i + 1;
			i += 2;
		} else if (s[i] == '*' && i + 1 < len && s[i + 1] == '*' && (*strong || closes(s, len, i + 2, "**"))) {
			add_text(spans, s + start, i - start, *strong, *em);
			*strong = !*strong;
			start = i += 2;
		} else if (s[i] == '*' && (*em || closes(s, len, i + 1, "*"))) {
			add_text(spans, s + start, i - start, *strong, *em);
			*em = !*em;
			start = i += 1;
		} else if (s[i] == '[' && link_at(s, len, i, &text_end, &url_start, &url_end)) {
			add_text(spans, s + start, i - start, *strong, *em);
			add_link(spans, s, i + 1, text_end, url_start, url_end, *strong, *em);
			start = i = url_end + 1;
		} else
			i++;
	}
	add_text(spans, s + start, len - start, *strong, *em);
}

enum line_kind { LINE_BLANK, LINE_TEXT, LINE_HEADING, LINE_ITEM };

/* What a line is, and where its content starts. */
static enum line_kind line_kind(const char *s, size_t len, size_t *content)
{
	size_t i = 0;
	while (i < len && i < 4 && s[i] == ' ')
		i++;
	if (i == len)
		return LINE_BLANK;
	size_t h = i;
	while (h < len && h - i < 6 && s[h] == '#')
		h++;
	if (h > i && h < len && s[h] == ' ') {
		*content = h + 1;
		return LINE_HEADING;
	}
	if ((s[i] == '*' || s[i] == '-' || s[i] == '+') && i + 1 < len && s[i + 1] == ' ') {
		*content = i + 2;
		return LINE_ITEM;
	}
	*content = i;
	return LINE_TEXT;
}

static json_t *block(const char *kind)
{
	json_t *b = json_pack("{s:b, s:b, s:b, s:[], s:[]}", "para", false, "heading", false, "list", false, "spans",
	                      "entries");
	json_object_set_new(b, kind, json_true());
	return b;
}

static void trim(const char *s, size_t *start, size_t *end)
{
	while (*start < *end && isspace((unsigned char)s[*start]))
		(*start)++;
	while (*end > *start && isspace((unsigned char)s[*end - 1]))
		(*end)--;
}

json_t *qform_markdown_blocks(const char *md)
{
	json_t *blocks = json_array(), *current = NULL, *spans = NULL;
	bool strong = false, em = false;
	const char *s = md != NULL ? md : "";
	while (*s != '\0') {
		size_t len = strcspn(s, "\n");
		size_t line = len > 0 && s[len - 1] == '\r' ? len - 1 : len; /* without a CRLF's CR */
		size_t content = 0, end = line;
		enum line_kind k = line_kind(s, line, &content);
		bool hard_break = line >= 2 && s[line - 1] == ' ' && s[line - 2] == ' ';
		trim(s, &content, &end);
		if (k == LINE_BLANK) {
			current = NULL;
		} else if (k == LINE_HEADING || k == LINE_ITEM || current == NULL ||
		           json_is_true(json_object_get(current, "heading"))) {
			if (k == LINE_ITEM && current != NULL && json_is_true(json_object_get(current, "list"))) {
				/* another item of the same list */
			} else {
				current = block(k == LINE_HEADING ? "heading" : k == LINE_ITEM ? "list" : "para");
				json_array_append_new(blocks, current);
			}
			spans = json_object_get(current, "spans");
			if (k == LINE_ITEM) {
				json_t *entry = json_pack("{s:[]}", "spans");
				json_array_append_new(json_object_get(current, "entries"), entry);
				spans = json_object_get(entry, "spans");
			}
			strong = em = false;
		} else if (json_array_size(spans) > 0 &&
		           !json_is_true(json_object_get(json_array_get(spans, json_array_size(spans) - 1), "br")))
			add_text(spans, " ", 1, strong, em); /* lines of a paragraph run on */
		if (k != LINE_BLANK) {
			inline_spans(spans, s + content, end - content, &strong, &em);
			if (hard_break && k != LINE_HEADING) {
				json_t *br = span("", 0, false, false, NULL, 0);
				json_object_set_new(br, "br", json_true());
				json_array_append_new(spans, br);
			}
		}
		s += len + (s[len] == '\n');
	}
	return blocks;
}

/* Appends the spans of list to out, after a space when out has some. */
static void run_on(json_t *out, json_t *list)
{
	if (json_array_size(out) > 0 && json_array_size(list) > 0)
		json_array_append_new(out, span(" ", 1, false, false, NULL, 0));
	json_array_extend(out, list);
}

json_t *qform_markdown_spans(const char *md)
{
	json_t *blocks = qform_markdown_blocks(md), *out = json_array();
	size_t i, j;
	json_t *b, *entry;
	json_array_foreach(blocks, i, b)
	{
		run_on(out, json_object_get(b, "spans"));
		json_array_foreach(json_object_get(b, "entries"), j, entry)
		    run_on(out, json_object_get(entry, "spans"));
	}
	json_decref(blocks);
	return out;
}

const char *qform_markdown_plain(arena *a, const char *md)
{
	json_t *spans = qform_markdown_spans(md);
	buf b;
	buf_init(&b, 128);
	size_t i;
	json_t *sp;
	json_array_foreach(spans, i, sp)
	{
		const char *text =
		    json_is_true(json_object_get(sp, "br")) ? " " : json_string_value(json_object_get(sp, "text"));
		buf_put(&b, text, strlen(text));
	}
	buf_put(&b, "", 1);
	const char *out = arena_strdup(a, b.data);
	buf_free(&b);
	json_decref(spans);
	return out;
}
