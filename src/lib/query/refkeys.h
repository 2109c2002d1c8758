/* ref: values -> the XR keys they stand for (refkeys.c). */
#ifndef VB_REFKEYS_H
#define VB_REFKEYS_H

#include "read/handle.h"

typedef struct {
    char **keys;   /* number keys ("145/2020/nd-cp") and name keys ("luat dat dai", "luat dat dai@2024") */
    size_t n, cap;
} refkeys_t;

/* The keys of the ref: value VALUE (without its pinpoint) as people type it:
 * a number whole or in part, with or without its type words, or a name with
 * or without a year (see refkeys.c). Never empty on VB_OK. *OUT is freed
 * with refkeys_free(). VB_OK, VB_ERR_NOMEM, VB_ERR_XAPIAN. */
vb_status_t vb_ref_keys(vb_index_t *ix, const char *value, refkeys_t *out);
void refkeys_free(refkeys_t *k);

/* 1 when citation CT is indexed under KEY (its number, name or name@year). */
int vb_citation_has_key(const vb_citation_t *ct, const char *key);

/* One row of corpus/laws.tsv, compiled in (build/gen/laws.c). */
typedef struct {
    const char *name, *year, *number, *date;
} vb_law_t;
extern const vb_law_t vb_laws[];   /* ends with a row of NULLs */

#endif
