/* assets.h — files built into the binary by tools/embed.c: the page templates
 * (templates, one .html file each) and the message catalog (i18n/catalog.txt). */
#ifndef HELSAMI_ASSETS_H
#define HELSAMI_ASSETS_H

#include <stddef.h>

struct asset {
	const char *name; /* base file name, e.g. "start.html" */
	const char *data; /* NUL-terminated */
	size_t len;
};

extern const struct asset assets[];
extern const size_t assets_count;

/* The asset by base name, or NULL. */
const struct asset *asset_find(const char *name);

#endif
