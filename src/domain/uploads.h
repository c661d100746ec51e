/* uploads.h — the upload rules every area shares (SPEC.md M3, K1, K3, R4):
 * which files are accepted (PDF, JPEG, PNG, decided from their bytes, never
 * from the name or the type the browser sent), how many and how large, and
 * the name a file is shown under. The bytes are stored in the database by
 * each area's store (docs/messages.md, "Storage of bytes") and served only
 * as downloads (reply_attachment, web/web.h). */
#ifndef HELSAMI_DOMAIN_UPLOADS_H
#define HELSAMI_DOMAIN_UPLOADS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"
#include "domain/problems.h"
#include "store/files.h"

enum {
	UPLOAD_FILES_MAX = 3,               /* files in one form */
	UPLOAD_FILE_MAX = 4 * 1024 * 1024,  /* a scanned document of several pages */
	UPLOAD_TOTAL_MAX = 5 * 1024 * 1024, /* per form: under the upload route's 6 MB body limit */
	UPLOAD_NAME_MAX = 100,              /* characters of a name shown */
};

/* A file as uploaded; name as the browser sent it (display only). */
typedef struct upload_file {
	const char *name;
	const uint8_t *data;
	size_t len;
} upload_file;

/* The type by the signature at byte 0 ("application/pdf", "image/jpeg",
 * "image/png"), or NULL. */
const char *upload_signature(const uint8_t *data, size_t len);

/* upload_signature, and NULL also for a file whose first kilobyte holds
 * HTML, SVG or script markup behind a valid signature (a polyglot). */
const char *upload_sniff(const uint8_t *data, size_t len);

/* Checks files[0..n) of one form: the count, each non-empty, within
 * UPLOAD_FILE_MAX and of an allowed type (upload_sniff), and all within
 * UPLOAD_TOTAL_MAX. Problems on field "attachment"; false when any. */
bool upload_check(problems *pr, const upload_file *files, size_t n);

/* f, of an allowed type (upload_check), as it is stored when it comes at
 * `at`: its type (upload_sniff), its size and the name to show: as sent
 * when it is clean text of at most UPLOAD_NAME_MAX characters, else
 * "vedlegg" with the type's extension (in the arena; never used as a path
 * or in a header). */
stored_file upload_stored_file(arena *a, const upload_file *f, unix_time at);

#endif
