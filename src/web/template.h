/* template.h — the one HTML writer: mustache-like templates over a jansson view
 * model, parsed once at start-up, that escape every value. There is no tag for
 * raw output: HTML comes only from the template files themselves.
 *
 * Syntax
 *   {{a.b.c}}          the value at that path, escaped for element text and
 *                      quoted attribute values alike (& < > " ' ` =). Strings,
 *                      integers and reals print; true prints "true"; false,
 *                      null, missing, objects and arrays print nothing.
 *                      Directly after href=" src=" action=" formaction="
 *                      poster=" or cite=" a value with a scheme other than
 *                      http, https, mailto or tel is replaced by a harmless URL.
 *   {{.}}              the current context (an array item inside a section).
 *   {{#x}}...{{/x}}    section: an array renders once per item with the item
 *                      as context; an object once with it as context; true, a
 *                      non-empty string or a non-zero number once (with the
 *                      value as context); false, null, missing, an empty array
 *                      or string and 0 not at all.
 *   {{^x}}...{{/x}}    inverted section: renders when the section would not.
 *   {{t some.key}}     the catalog message for the page's locale, escaped.
 *   {{> name}}         another template (templates/name.html), same context.
 *   {{! comment}}      nothing.
 * Names are segments of [A-Za-z0-9_-] joined by dots. The first segment is
 * looked up from the innermost context outwards (like mustache); the rest
 * inside what it found. Whitespace inside the braces is ignored. A section,
 * comment or partial tag alone on its line takes the whole line with it.
 * Start-up rejects (with template name and line): unbalanced or mismatched
 * sections, unknown partials, unknown catalog keys, unknown tags (including
 * {{{raw}}}, {{&raw}} and delimiter changes), malformed names, an unquoted
 * attribute value (attr={{x}}) and {{> layout_...}} in a template (reply_page
 * wraps every page in layout_top/layout_bottom itself).
 *
 * Rendering appends to a buf and allocates nothing else; templates are
 * immutable after loading, so any number of threads may render at once. */
#ifndef HELSAMI_TEMPLATE_H
#define HELSAMI_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/core.h"
#include "core/ctx.h"

typedef struct tmpl tmpl;

/* Parses every built-in templates/NAME.html (named without ".html"), resolving
 * partials and catalog keys; loads the catalog first if it is not loaded yet.
 * Logs each problem as "template NAME:LINE: what" and returns ST_INVALID if
 * there was any (the previous set, if any, stays current). Not thread-safe:
 * call before serving. */
status tmpl_load_all(void);
/* Frees the loaded set (tests, clean shutdown). */
void tmpl_free_all(void);
/* True if a template of that name is loaded. */
bool tmpl_exists(const char *name);

/* Renders template `name` with `model` (borrowed, may be NULL) in locale loc,
 * appending to out. ST_NOT_FOUND for an unknown template; ST_INTERNAL if
 * partials or sections nest too deep. On error `out` may hold a partial page:
 * discard it. */
status tmpl_render(const char *name, const json_t *model, enum locale loc, buf *out);
/* The same with a base context below the model: names not found in the model
 * are looked up in base (the page layout's site-wide values). Both borrowed. */
status tmpl_render_layered(const char *name, const json_t *base, const json_t *model, enum locale loc, buf *out);

/* Parses template text that is not a built-in file (tests, the fuzzer):
 * partials resolve against the loaded set, catalog keys against the loaded
 * catalog. On success *out is a template the caller frees with tmpl_free; on
 * failure (ST_INVALID) *out is NULL and, if err is non-NULL, the first problem
 * is written there as "NAME:LINE: what". Nothing is logged. `text` is copied. */
status tmpl_parse_text(const char *name, const char *text, size_t len, tmpl **out, char *err, size_t errlen);
/* Renders a template from tmpl_parse_text, as tmpl_render_layered. */
status tmpl_render_parsed(const tmpl *t, const json_t *base, const json_t *model, enum locale loc, buf *out);
void tmpl_free(tmpl *t);

/* The model as indented JSON with sorted keys, for tests and debugging; the
 * caller frees the string with free(). */
char *tmpl_dump_model(const json_t *model);

/* Appends s escaped as the templates escape values, for the rare HTML built in
 * C. NULL appends nothing. */
void html_escape(buf *out, const char *s);

#endif
