/* qform_markdown.h — a questionnaire text's Markdown (the rendering-markdown
 * extension on an item's _text, as the national portal's forms carry it)
 * as a page model: never HTML. The template (questionnaire_markdown.html)
 * writes the elements, and every text goes through its escaping, so a
 * form's Markdown cannot put markup, scripts or styles on the page.
 *
 * The subset: paragraphs (separated by a blank line), a line ending in two
 * spaces as a line break, headings (`#` to `######`: a paragraph in bold,
 * the weight of a heading without adding to the page's outline), list
 * items (`*`, `-` or `+`), `**strong**`, `*emphasis*` and links
 * `[text](url)`: a link to https:// is a link (rel="noopener"), any other
 * is its text followed by the address in brackets. Anything else is text
 * as written, raw HTML included. */
#ifndef HELSAMI_WEB_QFORM_MARKDOWN_H
#define HELSAMI_WEB_QFORM_MARKDOWN_H

#include <jansson.h>

#include "core/arena.h"

/* The blocks: [{para|heading: true, spans}, {list: true, entries: [{spans}]}],
 * a span {text, strong, em, href, br}; every key is set on each (a
 * template never picks up an outer value). A new reference. */
json_t *qform_markdown_blocks(const char *md);

/* The spans of every block in one run (a label's text: blocks and list
 * items joined by a space, line breaks kept). A new reference. */
json_t *qform_markdown_spans(const char *md);

/* The spans' text without markup (a line break as a space), for where a
 * text must be plain: the error summary's link to the item. From a. */
const char *qform_markdown_plain(arena *a, const char *md);

#endif
