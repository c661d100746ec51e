/* uploads.c (web) — the files of a multipart form, the limits shown beside
 * a file field, and a stored file as a link. */
#include "web/uploads.h"

#include <string.h>

#include "web/record_page.h"

upload_file *web_uploads(const request *rq, size_t *n)
{
	return web_uploads_named(rq, "attachment", n);
}

upload_file *web_uploads_named(const request *rq, const char *field, size_t *n)
{
	upload_file *out = arena_alloc(rq->c->arena, (rq->files.len ? rq->files.len : 1) * sizeof *out);
	*n = 0;
	for (size_t i = 0; i < rq->files.len; i++) {
		const upload *u = &rq->files.items[i];
		if (strcmp(u->field, field) != 0 || (u->len == 0 && (u->filename == NULL || *u->filename == '\0')))
			continue;
		out[(*n)++] = (upload_file){.name = u->filename, .data = (const uint8_t *)u->data, .len = u->len};
	}
	return out;
}

void web_upload_reply(request *rq, reply *rp, status st, const stored_file *file, const uint8_t *data, size_t len)
{
	if (!reply_failed(rq, rp, st, NULL))
		reply_attachment(rq, rp, file->content_type, "vedlegg", req_id(rq, "aid"), data, len);
}

void web_upload_limits_into(json_t *m)
{
	json_object_set_new(m, "files_max", json_integer(UPLOAD_FILES_MAX));
	json_object_set_new(m, "file_mb", json_integer(UPLOAD_FILE_MAX / (1024 * 1024)));
	json_object_set_new(m, "total_mb", json_integer(UPLOAD_TOTAL_MAX / (1024 * 1024)));
}

json_t *web_upload_model(arena *a, enum locale loc, const char *url, const stored_file *file)
{
	json_t *f = json_object();
	json_object_set_new(f, "url", rec_str(url));
	json_object_set_new(f, "name", rec_str(file->name));
	json_object_set_new(f, "kb", json_integer((file->size + 1023) / 1024));
	json_object_set_new(f, "type",
	                    rec_label(a, loc, "upload.type",
	                              strcmp(file->content_type, "application/pdf") == 0 ? "pdf"
	                              : strcmp(file->content_type, "image/png") == 0     ? "png"
	                                                                                 : "jpeg"));
	return f;
}
