/* Structured printers, after notmuch's sprinter: one set of calls (maps,
 * lists, keys, scalars) whatever the format; a constructor per format and
 * one call to free it. JSON is the only format so far (sprinter-json.c). */
#ifndef VB_CLI_SPRINTER_H
#define VB_CLI_SPRINTER_H

#include <stddef.h>
#include <stdio.h>

typedef struct vb_sprinter vb_sprinter_t;

struct vb_sprinter {
    void (*begin_map)(vb_sprinter_t *sp);
    void (*begin_list)(vb_sprinter_t *sp);
    /* close the innermost open map or list */
    void (*end)(vb_sprinter_t *sp);
    /* the key of the next value in a map */
    void (*map_key)(vb_sprinter_t *sp, const char *key);
    /* a string; NULL prints as null */
    void (*string)(vb_sprinter_t *sp, const char *s);
    /* a string of N bytes, any bytes (JSON: invalid UTF-8 becomes U+FFFD); NULL: null */
    void (*string_len)(vb_sprinter_t *sp, const char *s, size_t n);
    void (*integer)(vb_sprinter_t *sp, long long v);
    void (*real)(vb_sprinter_t *sp, double v);
    void (*boolean)(vb_sprinter_t *sp, int v);
    void (*null)(vb_sprinter_t *sp);
    /* after a top-level value: ends it (JSON: a newline) */
    void (*separator)(vb_sprinter_t *sp);
    void (*destroy)(vb_sprinter_t *sp);
};

/* Always valid JSON on OUT, whatever the bytes. PRETTY: one value per line,
 * indented by two spaces; else compact. NULL when out of memory. */
vb_sprinter_t *vb_sprinter_json_new(FILE *out, int pretty);

#endif
