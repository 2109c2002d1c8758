/* The values of a batch of files, read a slot at a time.
 *
 * The evaluation of a file reads its clause table, date, file id and
 * "typed without diacritics" values. Read through the document, each value
 * looks up the chunk of its slot's value stream that holds the file, and the
 * slots of one file lie apart in the table: four B-tree lookups a file, each
 * reading blocks (9,000 of a frequent phrase's 39,000 pread calls for
 * --count at x10, docs/performance.md session 19). A walk of each slot's
 * stream over the batch's files, in docid order, reads each chunk once.
 *
 * Only where every file of the batch is evaluated (exact totals, --all,
 * facets): the bounded search stops before the end of a batch. */
#include <stdlib.h>
#include <string.h>
#include "query/query_internal.h"

#define NO_VALUE SIZE_MAX

typedef struct {
    unsigned slot;
    vb_buf_t buf;              /* the batch's values, one after the other */
    size_t *off, *vlen;        /* per file of the batch: where; NO_VALUE for none */
} bslot_t;

struct vb_batch {
    bslot_t slots[VB_BATCH_MAX_SLOTS];
    size_t nslots;
    unsigned *docs;            /* the batch's files, ascending */
    size_t ndocs, cap;
};

vb_status_t vb_batch_new(const unsigned *slots, size_t nslots, batch_t **out)
{
    *out = NULL;
    if (nslots > VB_BATCH_MAX_SLOTS) return VB_ERR_INVALID_ARG;
    batch_t *b = calloc(1, sizeof *b);
    if (!b) return VB_ERR_NOMEM;
    for (size_t i = 0; i < nslots; i++) b->slots[i].slot = slots[i];
    b->nslots = nslots;
    *out = b;
    return VB_OK;
}

void vb_batch_free(batch_t *b)
{
    if (!b) return;
    for (size_t i = 0; i < b->nslots; i++) {
        vb_buf_free(&b->slots[i].buf);
        free(b->slots[i].off);
        free(b->slots[i].vlen);
    }
    free(b->docs);
    free(b);
}

static int take_value(void *data, size_t i, const char *v, size_t len)
{
    bslot_t *s = data;
    s->off[i] = s->buf.len;
    s->vlen[i] = len;
    vb_buf_append(&s->buf, v, len);
    return s->buf.oom;   /* out of memory: stop the walk */
}

/* Slot S's values of the batch's files, in one walk of its value stream. */
static vb_status_t load_slot(vb_index_t *ix, batch_t *b, bslot_t *s)
{
    free(s->off);
    free(s->vlen);
    s->buf.len = 0;
    s->buf.oom = 0;    /* a new batch may succeed where the last ran out */
    s->off = malloc((b->ndocs ? b->ndocs : 1) * sizeof *s->off);
    s->vlen = malloc((b->ndocs ? b->ndocs : 1) * sizeof *s->vlen);
    if (!s->off || !s->vlen) return VB_ERR_NOMEM;
    for (size_t i = 0; i < b->ndocs; i++) s->vlen[i] = NO_VALUE;
    vb_status_t st = vbx_db_values(ix->db, s->slot, b->docs, b->ndocs, take_value, s);
    if (st != VB_OK) return vb_index_xerr(st, ix->path);
    return s->buf.oom ? VB_ERR_NOMEM : VB_OK;
}

vb_status_t vb_batch_load(vb_index_t *ix, batch_t *b, const unsigned *docids, size_t n)
{
    b->ndocs = 0;
    if (n > b->cap) {
        unsigned *d = realloc(b->docs, n * sizeof *d);
        if (!d) return VB_ERR_NOMEM;
        b->docs = d;
        b->cap = n;
    }
    if (n) memcpy(b->docs, docids, n * sizeof *docids);
    if (n > 1) qsort(b->docs, n, sizeof *b->docs, vb_cmp_unsigned);
    b->ndocs = n;
    for (size_t i = 0; i < b->nslots; i++) {
        vb_status_t st = load_slot(ix, b, &b->slots[i]);
        if (st != VB_OK) {
            b->ndocs = 0;   /* nothing known of this batch */
            return st;
        }
    }
    return VB_OK;
}

int vb_batch_value(const batch_t *b, unsigned slot, unsigned docid, const char **v, size_t *len)
{
    if (!b) return 0;
    size_t k;
    for (k = 0; k < b->nslots && b->slots[k].slot != slot; k++) {}
    if (k == b->nslots) return 0;
    size_t lo = vb_lower_bound(b->docs, b->ndocs, docid);
    if (lo == b->ndocs || b->docs[lo] != docid) return 0;
    const bslot_t *s = &b->slots[k];
    int none = s->vlen[lo] == NO_VALUE || !s->buf.data;   /* no value, or only empty ones (no buffer) */
    *v = none ? "" : s->buf.data + s->off[lo];
    *len = none ? 0 : s->vlen[lo];
    return 1;
}
