/* questionnaire_files.c — what an attachment item takes
 * (questionnaire_files.h): maxSize and mimeType read at import, and the
 * rules a posted file meets. */
#include "domain/questionnaire_files.h"

#include <math.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"

#define MAX_SIZE_URL "http://hl7.org/fhir/StructureDefinition/maxSize"
#define MIME_TYPE_URL "http://hl7.org/fhir/StructureDefinition/mimeType"

enum { MB = 1024 * 1024 };

/* The types the upload rules know (upload_sniff), with their bits. */
static const struct {
	const char *mime, *name, *key;
	unsigned bit;
} types[] = {
    {"application/pdf", "PDF", "pdf", QF_FILE_PDF},
    {"image/jpeg", "JPEG", "jpeg", QF_FILE_JPEG},
    {"image/png", "PNG", "png", QF_FILE_PNG},
};

bool qff_extension(const char *url)
{
	return str_eq(url, MAX_SIZE_URL) || str_eq(url, MIME_TYPE_URL);
}

static unsigned type_bit(const char *mime)
{
	for (size_t i = 0; mime != NULL && i < ARRAY_LEN(types); i++)
		if (strcasecmp(mime, types[i].mime) == 0)
			return types[i].bit;
	return 0;
}

/* maxSize is bytes (FHIR), but the national portal's forms write megabytes
 * (`5` for 5 MB; its renderer reads them so: helsenorge/refero,
 * attachmentUtil.ts, convertMBToBytes). No form means a file of under
 * 1 KiB, so a value below 1,024 is megabytes. Above the upload limit it is
 * the upload limit: the portal takes no larger file, and the page says so. */
static const char *read_max_size(arena *a, json_t *e, qf_item *it)
{
	json_t *v = json_object_get(e, "valueDecimal");
	double d = json_number_value(v);
	if (!json_is_number(v) || !(d > 0) || !isfinite(d))
		return "maxSize needs a valueDecimal above 0 (bytes)";
	if (it->max_size != 0)
		return "maxSize is given twice";
	double bytes = d < 1024 ? d * MB : d;
	it->max_size = bytes >= UPLOAD_FILE_MAX ? UPLOAD_FILE_MAX : (size_t)bytes;
	if (it->max_size == 0)
		return arena_printf(a, "maxSize %g is below one byte", d);
	return NULL;
}

const char **qff_read(arena *a, json_t *exts, qf_item *it)
{
	const char **list = arena_alloc(a, (json_array_size(exts) + 2) * sizeof *list);
	size_t n = 0, nmime = 0;
	const char *unknown = NULL; /* the mimeTypes helsami does not take, for the message */
	size_t i;
	json_t *e;
	json_array_foreach(exts, i, e)
	{
		const char *url = json_string_value(json_object_get(e, "url"));
		if (!qff_extension(url))
			continue;
		if (it->type != QF_ATTACHMENT) {
			list[n++] = arena_printf(a, "the extension %s is for attachment items", url);
		} else if (str_eq(url, MAX_SIZE_URL)) {
			const char *problem = read_max_size(a, e, it);
			if (problem != NULL)
				list[n++] = problem;
		} else {
			const char *code = json_string_value(json_object_get(e, "valueCode"));
			unsigned bit = type_bit(code);
			nmime++;
			it->file_types |= bit;
			if (code == NULL)
				list[n++] = "mimeType needs a valueCode";
			else if (bit == 0)
				unknown = unknown ? arena_printf(a, "%s, %s", unknown, code) : code;
		}
	}
	if (nmime > 0 && it->file_types == 0 && unknown != NULL)
		list[n++] =
		    arena_printf(a,
		                 "mimeType allows only %s, which helsami does not take (it takes application/pdf, "
		                 "image/jpeg and image/png, decided from the file's bytes)",
		                 unknown);
	if (it->file_types == QF_FILE_ANY)
		it->file_types = 0;
	list[n] = NULL;
	return list;
}

size_t qf_file_max(const qf_item *it)
{
	return it->max_size != 0 ? it->max_size : UPLOAD_FILE_MAX;
}

size_t qf_files_max(const qf_item *it)
{
	return !it->repeats ? 1 : it->max_occurs != 0 ? it->max_occurs : QF_ITEM_FILES_MAX;
}

/* The message that names the item's types: ".pdf", ".jpeg_png", … */
static const char *types_key(arena *a, unsigned bits)
{
	const char *key = "questionnaires.error.file_type";
	const char *sep = ".";
	for (size_t i = 0; i < ARRAY_LEN(types); i++)
		if (bits & types[i].bit) {
			key = arena_printf(a, "%s%s%s", key, sep, types[i].key);
			sep = "_";
		}
	return key;
}

const char *qf_file_problem(arena *a, const qf_item *it, const upload_file *file, int64_t *max)
{
	problems *pr = arena_alloc(a, sizeof *pr);
	pr->n = 0;
	*max = 0;
	if (!upload_check(pr, file, 1)) {
		*max = pr->items[0].max;
		return pr->items[0].key;
	}
	if (it->file_types != 0 && !(it->file_types & type_bit(upload_sniff(file->data, file->len))))
		return types_key(a, it->file_types);
	size_t most = qf_file_max(it);
	if (file->len <= most)
		return NULL;
	if (most % MB == 0) {
		*max = (int64_t)(most / MB);
		return "upload.error.file_too_large";
	}
	*max = (int64_t)(most / 1024);
	return "questionnaires.error.file_too_large_kb";
}

const char *qf_file_accept(arena *a, const qf_item *it)
{
	const char *accept = "";
	for (size_t i = 0; i < ARRAY_LEN(types); i++)
		if (it->file_types == 0 || (it->file_types & types[i].bit))
			accept = arena_printf(a, "%s%s%s", accept, *accept ? "," : "", types[i].mime);
	return accept;
}

const char **qf_file_type_names(arena *a, const qf_item *it, size_t *n)
{
	const char **names = arena_alloc(a, ARRAY_LEN(types) * sizeof *names);
	*n = 0;
	for (size_t i = 0; i < ARRAY_LEN(types); i++)
		if (it->file_types == 0 || (it->file_types & types[i].bit))
			names[(*n)++] = types[i].name;
	return names;
}
