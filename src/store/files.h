/* files.h (store) — a file kept in the database, as every attachment table
 * has it (message_attachment, questionnaire_attachment, service_attachment):
 * its type, the name it is shown under, its size and when it came, beside
 * the ids of what it belongs to. The bytes are the table's `data` column (a
 * BLOB/BYTEA, docs/messages.md "Storage of bytes"), read only with one file
 * (db_read_one_and_blob), never with a list. */
#ifndef HELSAMI_STORE_FILES_H
#define HELSAMI_STORE_FILES_H

#include "core/clock.h"
#include "db/db.h"

typedef struct stored_file {
	const char *content_type; /* sniffed: application/pdf, image/jpeg, image/png */
	const char *name;         /* cleaned, for display only */
	int64_t size;             /* bytes */
	unix_time created_at;
} stored_file;

/* The file columns of an attachment table aliased t ("t."), in the order
 * store_file_read reads them; STORED_FILE_INSERT_COLUMNS is the same list
 * for an INSERT, in the order store_file_bind binds them. */
#define STORED_FILE_COLUMNS(t) t "content_type, " t "name, " t "size, " t "created_at"
#define STORED_FILE_INSERT_COLUMNS STORED_FILE_COLUMNS("")
enum { STORED_FILE_NCOLS = 4 };

/* The file columns from column `first` on (STORED_FILE_COLUMNS); the text in ar. */
stored_file store_file_read(db_stmt *s, int first, arena *ar);
/* Binds f as parameters $first to $first + 3 (STORED_FILE_INSERT_COLUMNS). */
void store_file_bind(db_stmt *s, int first, const stored_file *f);

#endif
