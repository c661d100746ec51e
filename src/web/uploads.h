/* uploads.h (web) — what every page that takes files shares (messages,
 * municipal services, questionnaires): the files of a multipart form, the limits a form
 * states beside its file field (templates/upload_files.html), and one
 * stored file as a link in a list (templates/upload_list.html). The rules
 * themselves are domain/uploads.h; the download is reply_attachment. */
#ifndef HELSAMI_WEB_UPLOADS_H
#define HELSAMI_WEB_UPLOADS_H

#include <jansson.h>

#include "domain/uploads.h"
#include "web/i18n.h"
#include "web/web.h"

/* The files sent in the parts named "attachment" (an empty file input, no
 * name and no bytes, is no file); in the request's arena, pointing into the
 * body. */
upload_file *web_uploads(const request *rq, size_t *n);
/* The same for the parts named `field` (a questionnaire's file item). */
upload_file *web_uploads_named(const request *rq, const char *field, size_t *n);

/* Answers a download of the route's :aid as read with status st: file's
 * bytes data[0..len) as an attachment of its type (reply_attachment), or
 * the failure. */
void web_upload_reply(request *rq, reply *rp, status st, const stored_file *file, const uint8_t *data, size_t len);

/* The limits into page model m: files_max, file_mb, total_mb. */
void web_upload_limits_into(json_t *m);

/* One stored file for a list, downloaded at url: {url, name, kb, type}. */
json_t *web_upload_model(arena *a, enum locale loc, const char *url, const stored_file *file);

#endif
