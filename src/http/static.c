/* static.c — in-memory static files with strong ETags, year-long caching and
 * a gzip variant where it saves space. */
#include "http/static.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zlib.h>

#include "core/crypto.h"
#include "core/log.h"

/* Files above this are not for a static directory of a web app. */
enum { STATIC_MAX_FILE = 8 * 1024 * 1024, STATIC_MAX_FILES = 512 };

struct file {
	char *name;
	char *data;
	size_t len;
	char *gz; /* NULL when compression does not pay */
	size_t gz_len;
	const char *type;
	char etag[24];
};

static struct file *files;
static size_t nfiles;
static char version[17];

static const char *content_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
	    {".css", "text/css; charset=utf-8"},
	    {".js", "text/javascript; charset=utf-8"},
	    {".mjs", "text/javascript; charset=utf-8"},
	    {".svg", "image/svg+xml"},
	    {".png", "image/png"},
	    {".jpg", "image/jpeg"},
	    {".ico", "image/x-icon"},
	    {".woff2", "font/woff2"},
	    {".html", "text/html; charset=utf-8"},
	    {".txt", "text/plain; charset=utf-8"},
	    {".json", "application/json"},
	    {".webmanifest", "application/manifest+json"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < ARRAY_LEN(types); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

static bool compressible(const char *type)
{
	return str_starts(type, "text/") || str_starts(type, "image/svg") || str_starts(type, "application/json");
}

static void make_gzip(struct file *f)
{
	z_stream z = {0};
	if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		return;
	size_t cap = deflateBound(&z, f->len);
	char *out = xmalloc(cap);
	z.next_in = (unsigned char *)f->data;
	z.avail_in = (uInt)f->len;
	z.next_out = (unsigned char *)out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) == Z_STREAM_END && z.total_out < f->len * 9 / 10) {
		f->gz = out;
		f->gz_len = z.total_out;
	} else {
		free(out);
	}
	deflateEnd(&z);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL)
		return NULL;
	struct stat st;
	if (fstat(fileno(fp), &st) != 0 || st.st_size > STATIC_MAX_FILE) {
		fclose(fp);
		return NULL;
	}
	char *data = xmalloc((size_t)st.st_size + 1);
	size_t n = fread(data, 1, (size_t)st.st_size, fp);
	fclose(fp);
	data[n] = '\0';
	*len = n;
	return data;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct file *)a)->name, ((const struct file *)b)->name);
}

status static_load(const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return ST_NOT_FOUND;
	files = xcalloc(STATIC_MAX_FILES, sizeof *files);
	struct dirent *e;
	uint8_t all[SHA256_LEN] = {0};
	while ((e = readdir(d)) != NULL && nfiles < STATIC_MAX_FILES) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		struct file *f = &files[nfiles];
		if ((f->data = read_file(path, &f->len)) == NULL) {
			log_warn("static: cannot read %s", path);
			continue;
		}
		f->name = xstrdup(e->d_name);
		f->type = content_type(f->name);
		uint8_t digest[SHA256_LEN];
		sha256(f->data, f->len, digest);
		char hex[21];
		hex_encode(digest, 10, hex);
		snprintf(f->etag, sizeof f->etag, "\"%s\"", hex);
		for (int i = 0; i < SHA256_LEN; i++)
			all[i] ^= digest[i];
		if (compressible(f->type))
			make_gzip(f);
		nfiles++;
	}
	closedir(d);
	qsort(files, nfiles, sizeof *files, by_name);
	hex_encode(all, 8, version);
	log_info("static: %zu files from %s", nfiles, dir);
	return ST_OK;
}

void static_unload(void)
{
	for (size_t i = 0; i < nfiles; i++) {
		free(files[i].name);
		free(files[i].data);
		free(files[i].gz);
	}
	free(files);
	files = NULL;
	nfiles = 0;
}

const char *static_version(void)
{
	return version;
}

static bool accepts_gzip(const char *accept_encoding)
{
	return accept_encoding != NULL && strstr(accept_encoding, "gzip") != NULL;
}

void static_serve(request *rq, reply *rp)
{
	const char *name = req_segment(rq, "name");
	struct file key = {.name = (char *)(uintptr_t)name};
	struct file *f = name ? bsearch(&key, files, nfiles, sizeof *files, by_name) : NULL;
	if (f == NULL) {
		reply_error(rq, rp, 404);
		return;
	}
	rp->cache = CACHE_PUBLIC_IMMUTABLE;
	reply_header(rq, rp, "ETag", f->etag);
	if (f->gz != NULL)
		reply_header(rq, rp, "Vary", "Accept-Encoding");
	const char *inm = req_header(rq, "if-none-match");
	if (inm != NULL && strstr(inm, f->etag) != NULL) {
		rp->status = 304;
		rp->static_body = "";
		rp->static_len = 0;
		return;
	}
	rp->status = 200;
	rp->content_type = f->type;
	if (f->gz != NULL && accepts_gzip(req_header(rq, "accept-encoding"))) {
		reply_header(rq, rp, "Content-Encoding", "gzip");
		rp->static_body = f->gz;
		rp->static_len = f->gz_len;
	} else {
		rp->static_body = f->data;
		rp->static_len = f->len;
	}
}
