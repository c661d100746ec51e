/* files.c (store) — the columns every attachment table has for its file. */
#include "store/files.h"

stored_file store_file_read(db_stmt *s, int first, arena *ar)
{
	return (stored_file){
	    .content_type = db_col_str(s, first, ar),
	    .name = db_col_str(s, first + 1, ar),
	    .size = db_col_int(s, first + 2),
	    .created_at = db_col_int(s, first + 3),
	};
}

void store_file_bind(db_stmt *s, int first, const stored_file *f)
{
	db_bind_text(s, first, f->content_type);
	db_bind_text(s, first + 1, f->name);
	db_bind_int(s, first + 2, f->size);
	db_bind_int(s, first + 3, f->created_at);
}
