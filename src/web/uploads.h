/* uploads.h (web) — what every page that takes files shares (messages,
 * municipal services): the files of a multipart form, the limits a form
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

/* The limits into page model m: files_max, file_mb, total_mb. */
void web_upload_limits_into(json_t *m);

/* One stored file for a list: {url, name, kb, type}. */
json_t *web_upload_model(arena *a, enum locale loc, const char *url, const char *name, int64_t size,
                         const char *content_type);

#endif
