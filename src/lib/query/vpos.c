/* Positions from a document's record instead of the index, for searches over
 * remote shards. There every position list is a round trip to xapian-tcpsrv,
 * which sends one message per position (docs/performance.md, "Session 9"),
 * while the record came with the document the search reads anyway. The
 * clause texts are tokenized as the writer tokenized them (vb_token_term, the
 * layout of store/schema.h), so the positions are the index's; a file whose
 * record disagrees with its clause table is read from the index. */
#include <stdlib.h>
#include "query/query_internal.h"
#include "store/schema.h"

typedef struct {
    const char *term;     /* borrowed from the evaluation tree */
    size_t len;
    uint32_t *pos;        /* this file's positions, ascending */
    size_t n, cap;
} vpterm_t;

struct vpos {
    vpterm_t *t;
    size_t n, cap;
    uint32_t *slot;       /* open addressing: 1 + index into t, 0 empty */
    size_t nslot;         /* a power of two, at least twice n */
    int oom;
    char term[VB_TERM_MAX * 2 + 8];
};

static size_t slot_of(const vpos_t *vp, const char *s, size_t n)
{
    return (size_t)vb_hash64(s, n, VB_HASH_INIT) & (vp->nslot - 1);
}

static vpterm_t *lookup(const vpos_t *vp, const char *s, size_t n)
{
    for (size_t i = slot_of(vp, s, n);; i = (i + 1) & (vp->nslot - 1)) {
        uint32_t k = vp->slot[i];
        if (!k) return NULL;
        vpterm_t *t = &vp->t[k - 1];
        if (t->len == n && memcmp(t->term, s, n) == 0) return t;
    }
}

static void add_term(vpos_t *vp, const char *s)
{
    size_t n = strlen(s);
    if (vp->oom || (vp->nslot && lookup(vp, s, n))) return;
    if (vp->n == vp->cap) {
        size_t cap = vp->cap ? vp->cap * 2 : 16;
        vpterm_t *nt = realloc(vp->t, cap * sizeof *nt);
        if (!nt) { vp->oom = 1; return; }
        vp->t = nt;
        vp->cap = cap;
    }
    if ((vp->n + 1) * 2 > vp->nslot) {   /* grow the table and place every term again */
        size_t ns = vp->nslot ? vp->nslot * 2 : 64;
        uint32_t *sl = calloc(ns, sizeof *sl);
        if (!sl) { vp->oom = 1; return; }
        free(vp->slot);
        vp->slot = sl;
        vp->nslot = ns;
        for (size_t k = 0; k < vp->n; k++) {
            size_t i = slot_of(vp, vp->t[k].term, vp->t[k].len);
            while (vp->slot[i]) i = (i + 1) & (ns - 1);
            vp->slot[i] = (uint32_t)k + 1;
        }
    }
    vpterm_t *t = &vp->t[vp->n];
    memset(t, 0, sizeof *t);
    t->term = s;
    t->len = n;
    size_t i = slot_of(vp, s, n);
    while (vp->slot[i]) i = (i + 1) & (vp->nslot - 1);
    vp->slot[i] = (uint32_t)++vp->n;
}

static void add_alts(vpos_t *vp, const alts_t *a, size_t nslots)
{
    for (size_t k = 0; a && k < nslots; k++)
        for (size_t i = 0; i < a[k].n; i++) add_term(vp, a[k].terms[i]);
}

/* the text leaves' terms; field terms (EV_POSFIELD) stay with the index */
static void collect(vpos_t *vp, const ev_t *e)
{
    if (e->kind == EV_TEXT) {
        add_alts(vp, e->slots, e->nslots);
        add_alts(vp, e->exact_slots, e->nslots);
        add_alts(vp, e->fold_slots, e->nslots);
    }
    for (size_t i = 0; i < e->nkids; i++) collect(vp, e->kids[i]);
}

vb_status_t vb_vpos_new(const ev_t *root, vpos_t **out)
{
    *out = NULL;
    vpos_t *vp = calloc(1, sizeof *vp);
    if (!vp) return VB_ERR_NOMEM;
    collect(vp, root);
    if (vp->oom) { vb_vpos_free(vp); return VB_ERR_NOMEM; }
    *out = vp;
    return VB_OK;
}

void vb_vpos_free(vpos_t *vp)
{
    if (!vp) return;
    for (size_t i = 0; i < vp->n; i++) free(vp->t[i].pos);
    free(vp->t);
    free(vp->slot);
    free(vp);
}

typedef struct {
    vpos_t *vp;
    uint32_t base;
} tokctx_t;

static int on_token(const vb_token_t *t, void *data)
{
    tokctx_t *c = data;
    vpos_t *vp = c->vp;
    size_t n = vb_token_term(t, vp->term);
    vpterm_t *w = n ? lookup(vp, vp->term, n) : NULL;
    if (!w) return 0;
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 16;
        uint32_t *np = realloc(w->pos, cap * sizeof *np);
        if (!np) { vp->oom = 1; return 1; }
        w->pos = np;
        w->cap = cap;
    }
    w->pos[w->n++] = c->base + t->pos + 1;
    return 0;
}

vb_status_t vb_vpos_load(vpos_t *vp, const char *data, size_t len, const uint32_t *bases, size_t nclauses)
{
    for (size_t i = 0; i < vp->n; i++) vp->t[i].n = 0;
    if (vp->n == 0) return VB_OK;
    const char *f[VB_RD_COUNT_];
    size_t fl[VB_RD_COUNT_];
    if (vb_rec_split(data, len, f, fl, VB_RD_COUNT_) != VB_RD_COUNT_) return VB_ERR_DB_CORRUPT;
    const char *tab = f[VB_RD_CLAUSE_TABLE], *texts = f[VB_RD_TEXTS];
    size_t tl = fl[VB_RD_CLAUSE_TABLE], xl = fl[VB_RD_TEXTS];
    const char *cf[VB_RCL_COUNT_];
    size_t cfl[VB_RCL_COUNT_];
    tokctx_t c = { vp, 0 };
    size_t i = 0, off = 0;
    while (tl && i < nclauses) {
        /* one clause's fields, then on to the next */
        size_t k = vb_rec_split(tab, tl, cf, cfl, VB_RCL_COUNT_);
        if (k != VB_RCL_COUNT_) return VB_ERR_DB_CORRUPT;
        size_t used = (size_t)(cf[VB_RCL_COUNT_ - 1] + cfl[VB_RCL_COUNT_ - 1] - tab);
        tab += used;
        tl -= used;
        size_t n = vb_rec_num(cf[VB_RCL_LENGTH], cfl[VB_RCL_LENGTH]);
        if (off > xl || n > xl - off) return VB_ERR_DB_CORRUPT;
        c.base = bases[i];
        uint32_t ntok = 0;
        vb_status_t st = vb_tokenize(texts + off, n, VB_TOKENIZE_DEFAULT, 0, on_token, &c, &ntok);
        if (vp->oom) return VB_ERR_NOMEM;
        /* the writer's layout: the next clause starts VB_CLAUSE_GAP after this one's tokens */
        if (st != VB_OK || bases[i + 1] != bases[i] + (ntok ? ntok : 1) + VB_CLAUSE_GAP) return VB_ERR_DB_CORRUPT;
        off += n;   /* the texts follow each other (schema.h) */
        i++;
    }
    return i == nclauses && tl == 0 ? VB_OK : VB_ERR_DB_CORRUPT;
}

int vb_vpos_get(const vpos_t *vp, const char *term, const uint32_t **pos, size_t *n)
{
    const vpterm_t *t = vp->n ? lookup(vp, term, strlen(term)) : NULL;
    if (!t) return 0;
    *pos = t->pos;
    *n = t->n;
    return 1;
}
