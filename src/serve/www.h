/* The files of the search page (src/serve/www), embedded into vanban-serve at
 * build time by src/serve/embed.sh (build/gen/www.c). */
#ifndef VB_SERVE_WWW_H
#define VB_SERVE_WWW_H

#include <stddef.h>

typedef struct {
    const char *name;            /* "index.html", "app.js", "style.css" */
    const unsigned char *data;
    size_t len;
} vb_www_file_t;

/* every file, then one with name NULL */
extern const vb_www_file_t vb_www_files[];

#endif
