/* questionnaire_files.h — what an attachment item takes (issue 16): the
 * files that answer it, under the upload rules every area shares
 * (domain/uploads.h) and the item's own, as its Questionnaire says them:
 * `repeats` (several files, one a post), maxSize (the most bytes a file),
 * mimeType (the types it takes, of PDF, JPEG and PNG), minOccurs and
 * maxOccurs (how many). Read at import by questionnaire_form.c; applied
 * when a page posts files (domain/questionnaires.c). Pure. */
#ifndef HELSAMI_DOMAIN_QUESTIONNAIRE_FILES_H
#define HELSAMI_DOMAIN_QUESTIONNAIRE_FILES_H

#include <jansson.h>

#include "domain/questionnaire_form.h"
#include "domain/uploads.h"

/* A change to the files answering a form's attachment items, as a page
 * posts it. Made in the transaction that saves the answers, so a save that
 * is refused or conflicts adds and removes nothing. */
typedef struct qf_file_change {
	const char *link_id;
	const upload_file *file; /* to add (in place of the item's file unless it repeats); NULL: a removal */
	int64_t remove_id;       /* a removal: that file of the item's; 0: every file of the item */
} qf_file_change;

/* Whether url is one of the extensions this file reads. */
bool qff_extension(const char *url);

/* Reads the extensions of qff_extension among exts (an item's "extension"
 * array) into it, whose type is read already. Returns the problems found
 * (English, for the operator, without the item's name) as a
 * NULL-terminated list from a; an empty list when fine. */
const char **qff_read(arena *a, json_t *exts, qf_item *it);

/* Why `file` may not answer attachment item it: the upload rules every
 * area shares, then the item's mimeType and maxSize. A catalog key with its
 * {max} in *max, or NULL when it may. */
const char *qf_file_problem(arena *a, const qf_item *it, const upload_file *file, int64_t *max);

/* The most bytes a file answering attachment item it may have. */
size_t qf_file_max(const qf_item *it);

/* The most files attachment item it takes: one unless it repeats; then
 * its maxOccurs, or QF_ITEM_FILES_MAX. */
size_t qf_files_max(const qf_item *it);

/* The item's types as their MIME types joined by commas (for the file
 * input's accept), and as their names ("PDF", "JPEG", "PNG") in a list the
 * caller joins: *n of them. From a. */
const char *qf_file_accept(arena *a, const qf_item *it);
const char **qf_file_type_names(arena *a, const qf_item *it, size_t *n);

#endif
