/* letter_pdf.h — letters as PDF (SPEC.md K2, D1): cairo draws the pages and
 * pango lays out the text (line breaking, kerning, Norwegian letters æøå,
 * fonts found by fontconfig). Chosen because both are mature Debian
 * libraries with a real text layout engine, where a hand-written PDF writer
 * would need font embedding and line breaking of its own.
 *
 * A letter is the JSON object the letter composer stores
 * (domain/documents.h): sender, municipality, phone, recipient, address
 * (array of lines), date, reference, heading and sections (array of
 * {heading, text}; a text's blank lines separate paragraphs). The screen
 * shows the same object as HTML. Pure: no database, no request. */
#ifndef HELSAMI_INTEGRATIONS_LETTER_PDF_H
#define HELSAMI_INTEGRATIONS_LETTER_PDF_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* Appends to out one PDF holding every letter of the array `letters` (each
 * starting on a new A4 page): one letter, or a day's print batch. False
 * when cairo fails (out is then incomplete). */
bool letter_pdf(const json_t *letters, buf *out);

#endif
