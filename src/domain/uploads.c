/* uploads.c — the upload rules every area shares: the type by the bytes,
 * the limits, the name shown. */
#include "domain/uploads.h"

#include <string.h>

#include "core/core.h"

/* How far into a file markup is looked for: a polyglot puts it up front,
 * where a browser that ignored our headers would sniff. */
enum { SNIFF_MARKUP_WINDOW = 1024 };

const char *upload_signature(const uint8_t *d, size_t n)
{
	if (n >= 5 && memcmp(d, "%PDF-", 5) == 0)
		return "application/pdf";
	if (n >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
		return "image/jpeg";
	if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	return NULL;
}

static bool has_markup(const uint8_t *d, size_t len)
{
	static const char *const markup[] = {"<html", "<!doctype", "<script", "<svg", "<body", "<iframe", "<?xml"};
	size_t n = len < SNIFF_MARKUP_WINDOW ? len : SNIFF_MARKUP_WINDOW;
	for (size_t i = 0; i < n; i++) {
		if (d[i] != '<')
			continue;
		for (size_t k = 0; k < ARRAY_LEN(markup); k++) {
			size_t m = strlen(markup[k]), j = 0;
			while (j < m && i + j < n && (d[i + j] | 0x20) == (uint8_t)(markup[k][j] | 0x20))
				j++;
			if (j == m)
				return true;
		}
	}
	return false;
}

const char *upload_sniff(const uint8_t *data, size_t len)
{
	const char *type = upload_signature(data, len);
	return type != NULL && !has_markup(data, len) ? type : NULL;
}

bool upload_check(problems *pr, const upload_file *files, size_t n)
{
	if (n > UPLOAD_FILES_MAX) {
		problems_add(pr, "attachment", "upload.error.too_many_files", UPLOAD_FILES_MAX);
		return false;
	}
	size_t total = 0;
	for (size_t i = 0; i < n; i++) {
		if (files[i].len == 0)
			problems_add(pr, "attachment", "upload.error.file_empty", 0);
		else if (files[i].len > UPLOAD_FILE_MAX)
			problems_add(pr, "attachment", "upload.error.file_too_large", UPLOAD_FILE_MAX / (1024 * 1024));
		else if (upload_sniff(files[i].data, files[i].len) == NULL)
			problems_add(pr, "attachment", "upload.error.file_type", 0);
		else {
			total += files[i].len;
			continue;
		}
		return false;
	}
	if (total > UPLOAD_TOTAL_MAX) {
		problems_add(pr, "attachment", "upload.error.files_too_large", UPLOAD_TOTAL_MAX / (1024 * 1024));
		return false;
	}
	return true;
}

/* The name to show (upload_stored_file). */
static const char *display_name(arena *a, const upload_file *f, const char *type)
{
	const char *n = f->name;
	if (n != NULL && *n != '\0' && text_clean(n, false) && utf8_length(n) <= UPLOAD_NAME_MAX)
		return arena_strdup(a, n);
	return strcmp(type, "application/pdf") == 0 ? "vedlegg.pdf"
	       : strcmp(type, "image/png") == 0     ? "vedlegg.png"
	                                            : "vedlegg.jpg";
}

stored_file upload_stored_file(arena *a, const upload_file *f, unix_time at)
{
	const char *type = upload_sniff(f->data, f->len);
	return (stored_file){
	    .content_type = type, .name = display_name(a, f, type), .size = (int64_t)f->len, .created_at = at};
}
