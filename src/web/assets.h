/* assets.h: the files of src/web/templates/ (page templates, the style
 * sheet, the script, the OpenAPI document), compiled into the binary by
 * cmake/embed_assets.cmake so the server reads no file at run time.
 * Each asset's data is followed by a NUL (not counted in len). */
#ifndef PD_WEB_ASSETS_H
#define PD_WEB_ASSETS_H

#include <stddef.h>

typedef struct pd_web_asset {
	const char *name;            /* file name, e.g. "record.html" */
	const unsigned char *data;
	size_t len;
} pd_web_asset;

extern const pd_web_asset pd_web_assets[];
extern const size_t pd_web_nassets;

/* The asset with this file name, or NULL. */
const pd_web_asset *pd_web_asset_find(const char *name);

#endif
