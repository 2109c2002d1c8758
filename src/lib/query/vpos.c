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

typedef struct pnode pnode_t;

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
    /* the clause filter (clause_may_hold): the terms' folded forms, distinct */
    int nofilter;         /* a term the filter cannot look for: every clause is tokenized */
    const char **fold;    /* borrowed from the terms (up to flen) */
    size_t *flen, nfold;
    unsigned char *present;   /* per fold: in the clause at hand */
    /* the spellings of each word of each text leaf, as folds: group G is
     * gidx[gstart[G] .. gstart[G + 1]) */
    size_t *gidx, *gstart, ngroups, nidx, capidx, capgroups;
    pnode_t *shape;       /* the query, for the filter */
    char *fbuf;           /* a clause's folded text */
    size_t fcap;
    size_t skipped;       /* clauses not tokenized, since vb_vpos_new */
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
    vpterm_t *nt = vb_grow(vp->t, vp->n, &vp->cap, sizeof *nt);
    if (!nt) { vp->oom = 1; return; }
    vp->t = nt;
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

/* The folded forms the clause filter looks for: the part of each term before
 * VB_EXACT_SEP. The filter is off (every clause tokenized) when a term is not a
 * plain folded word or number of ASCII bytes: a prefixed term (S symbols, D
 * dates: not substrings of the text), one with other bytes (a number keeps its
 * marks, which folding drops), or one long enough to have been cut. */
static void fold_forms(vpos_t *vp)
{
    vp->fold = calloc(vp->n ? vp->n : 1, sizeof *vp->fold);
    vp->flen = calloc(vp->n ? vp->n : 1, sizeof *vp->flen);
    if (!vp->fold || !vp->flen) { vp->oom = 1; return; }
    for (size_t i = 0; i < vp->n && !vp->nofilter; i++) {
        const char *t = vp->t[i].term;
        const char *sep = memchr(t, VB_EXACT_SEP, vp->t[i].len);
        size_t fl = sep ? (size_t)(sep - t) : vp->t[i].len;
        if (fl == 0 || fl >= VB_TERM_MAX - 8) { vp->nofilter = 1; break; }
        for (size_t k = 0; k < fl; k++) {
            unsigned char ch = (unsigned char)t[k];
            if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == ',')) vp->nofilter = 1;
        }
        int dup = 0;
        for (size_t j = 0; j < vp->nfold && !dup; j++) dup = vp->flen[j] == fl && memcmp(vp->fold[j], t, fl) == 0;
        if (!dup) {
            vp->fold[vp->nfold] = t;
            vp->flen[vp->nfold++] = fl;
        }
    }
}

static size_t fold_index(const vpos_t *vp, const char *t)
{
    const char *sep = strchr(t, VB_EXACT_SEP);
    size_t fl = sep ? (size_t)(sep - t) : strlen(t);
    for (size_t j = 0; j < vp->nfold; j++)
        if (vp->flen[j] == fl && memcmp(vp->fold[j], t, fl) == 0) return j;
    return vp->nfold;   /* not one (cannot happen: every term was collected) */
}

static int group_push(vpos_t *vp, size_t j)
{
    for (size_t k = vp->gstart[vp->ngroups]; k < vp->nidx; k++)
        if (vp->gidx[k] == j) return 1;
    size_t *ng = vb_grow(vp->gidx, vp->nidx, &vp->capidx, sizeof *ng);
    if (!ng) return 0;
    vp->gidx = ng;
    vp->gidx[vp->nidx++] = j;
    return 1;
}

/* The shape of the query for the clause filter: a clause can match a text
 * leaf only if it holds a spelling of each of its words (a group each), an AND
 * only if it can match every child, an OR if it can match one; anything else
 * (a NOT, a field, a document condition) may match any clause. */
enum { PN_ANY, PN_TEXT, PN_AND, PN_OR };
struct pnode {
    int kind;
    size_t g0, g1;        /* PN_TEXT: its groups */
    struct pnode *kids;
    size_t nkids;
};

static void pnode_free(pnode_t *p)
{
    for (size_t i = 0; p && i < p->nkids; i++) pnode_free(&p->kids[i]);
    if (p) free(p->kids);
}

static int group_add(vpos_t *vp)
{
    if (vp->ngroups + 2 > vp->capgroups) {
        size_t cap = vp->capgroups ? vp->capgroups * 2 : 16;
        size_t *ns = realloc(vp->gstart, cap * sizeof *ns);
        if (!ns) return 0;
        if (!vp->gstart) ns[0] = 0;
        vp->gstart = ns;
        vp->capgroups = cap;
    }
    return 1;
}

static void pnode_build(vpos_t *vp, const ev_t *e, pnode_t *p)
{
    memset(p, 0, sizeof *p);
    if (vp->oom || vp->nofilter) return;
    if (e->kind == EV_AND || e->kind == EV_OR) {
        p->kind = e->kind == EV_AND ? PN_AND : PN_OR;
        p->kids = calloc(e->nkids ? e->nkids : 1, sizeof *p->kids);
        if (!p->kids) { vp->oom = 1; return; }
        p->nkids = e->nkids;
        for (size_t i = 0; i < e->nkids; i++) pnode_build(vp, e->kids[i], &p->kids[i]);
        return;
    }
    if (e->kind != EV_TEXT || e->nslots == 0) return;   /* PN_ANY */
    p->kind = PN_TEXT;
    if (!group_add(vp)) { vp->oom = 1; return; }
    p->g0 = vp->ngroups;
    for (size_t k = 0; k < e->nslots; k++) {
        if (!group_add(vp)) { vp->oom = 1; return; }
        for (int pass = 0; pass < 2; pass++) {
            const alts_t *a = pass ? (e->fold_slots ? &e->fold_slots[k] : NULL) : &e->slots[k];
            for (size_t i = 0; a && i < a->n; i++) {
                size_t j = fold_index(vp, a->terms[i]);
                if (j == vp->nfold) { vp->nofilter = 1; return; }
                if (!group_push(vp, j)) { vp->oom = 1; return; }
            }
        }
        if (vp->nidx > vp->gstart[vp->ngroups]) vp->gstart[++vp->ngroups] = vp->nidx;   /* no alternative: no group */
    }
    p->g1 = vp->ngroups;
}

static int alnum_class(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') ? 1 : (ch >= '0' && ch <= '9') ? 2 : 0;
}

/* The first occurrence of W (WL bytes) at or after FROM in the folded text F
 * (FL bytes) that starts a token: not right after a letter (a digit) when W
 * starts with one. NULL when there is none. */
static const char *word_from(const char *f, size_t fl, const char *from, const char *w, size_t wl)
{
    int first = alnum_class((unsigned char)w[0]);
    for (const char *q = from; (q = vb_memmem(q, fl - (size_t)(q - f), w, wl)) != NULL; q++) {
        int before = q > f ? alnum_class((unsigned char)q[-1]) : 0;
        if (!before || before != first) return q;
        if ((size_t)(q - f) + wl >= fl) break;
    }
    return NULL;
}

/* Does W (WL bytes) at F[AT] end a token: not right before a letter (a digit)
 * when W ends with one? */
static int word_ends(const char *f, size_t fl, size_t at, const char *w, size_t wl)
{
    int after = at + wl < fl ? alnum_class((unsigned char)f[at + wl]) : 0;
    return !after || after != alnum_class((unsigned char)w[wl - 1]);
}

/* Is a spelling of group G at F[AT] (FL bytes in all), ending at a word bound,
 * followed (after nothing but separators) by the groups after it up to G1?
 * Positions next to each other are tokens with only separators between them
 * in the text, or none at all where the tokenizer splits letters from digits
 * ("hội20"), and a separator never folds to a letter or a digit. A letter of
 * another script folds to other bytes, which this counts as a separator: it
 * says yes where the positions may say no, never the other way. */
static int seq_at(const vpos_t *vp, size_t g, size_t g1, const char *f, size_t fl, size_t at)
{
    for (size_t k = vp->gstart[g]; k < vp->gstart[g + 1]; k++) {
        const char *w = vp->fold[vp->gidx[k]];
        size_t wl = vp->flen[vp->gidx[k]];
        if (wl > fl - at || memcmp(f + at, w, wl) != 0 || !word_ends(f, fl, at, w, wl)) continue;
        if (g + 1 == g1) return 1;
        size_t nx = at + wl;
        while (nx < fl && !alnum_class((unsigned char)f[nx])) nx++;
        if (nx < fl && seq_at(vp, g + 1, g1, f, fl, nx)) return 1;
    }
    return 0;
}

/* Does the folded clause F (FL bytes) hold the words of the text leaf P one
 * after the other? (Every group is present: P's first group is looked for.) */
static int sequence_in(const vpos_t *vp, const pnode_t *p, const char *f, size_t fl)
{
    for (size_t k = vp->gstart[p->g0]; k < vp->gstart[p->g0 + 1]; k++) {
        const char *w = vp->fold[vp->gidx[k]];
        size_t wl = vp->flen[vp->gidx[k]];
        for (const char *q = word_from(f, fl, f, w, wl); q; q = word_from(f, fl, q + 1, w, wl))
            if (seq_at(vp, p->g0, p->g1, f, fl, (size_t)(q - f))) return 1;
    }
    return 0;
}

/* Can a clause whose terms are vp->present, folded F (FL bytes), match P? */
static int pnode_may(const vpos_t *vp, const pnode_t *p, const char *f, size_t fl)
{
    switch (p->kind) {
    case PN_TEXT:
        for (size_t g = p->g0; g < p->g1; g++) {
            int has = 0;
            for (size_t k = vp->gstart[g]; k < vp->gstart[g + 1] && !has; k++) has = vp->present[vp->gidx[k]];
            if (!has) return 0;
        }
        /* a phrase: its words one after the other */
        return p->g1 - p->g0 < 2 || sequence_in(vp, p, f, fl);
    case PN_AND:
        for (size_t i = 0; i < p->nkids; i++)
            if (!pnode_may(vp, &p->kids[i], f, fl)) return 0;
        return 1;
    case PN_OR:
        for (size_t i = 0; i < p->nkids; i++)
            if (pnode_may(vp, &p->kids[i], f, fl)) return 1;
        return p->nkids == 0;
    default:
        return 1;
    }
}

vb_status_t vb_vpos_new(const ev_t *root, vpos_t **out)
{
    *out = NULL;
    vpos_t *vp = calloc(1, sizeof *vp);
    if (!vp) return VB_ERR_NOMEM;
    collect(vp, root);
    if (!vp->oom) fold_forms(vp);
    if (!vp->oom && !vp->nofilter) {
        vp->present = calloc(vp->nfold ? vp->nfold : 1, 1);
        if (!vp->present) vp->oom = 1;
        else if (!(vp->shape = calloc(1, sizeof *vp->shape))) vp->oom = 1;
        else pnode_build(vp, root, vp->shape);
    }
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
    free(vp->fold);
    free(vp->flen);
    free(vp->present);
    free(vp->gidx);
    free(vp->gstart);
    pnode_free(vp->shape);
    free(vp->shape);
    free(vp->fbuf);
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
    uint32_t *np = vb_grow(w->pos, w->n, &w->cap, sizeof *np);
    if (!np) { vp->oom = 1; return 1; }
    w->pos = np;
    w->pos[w->n++] = c->base + t->pos + 1;
    return 0;
}

/* Must the clause TEXT (N bytes) be tokenized? 0 only when it holds none of
 * the query's terms, or lacks every spelling of a word the query needs in a
 * matching clause (a group): its positions would change no answer, and
 * tokenizing is most of the cost of a file read from its record. -1: out of
 * memory. A token's folded form is vb_term_fold of its bytes, and
 * vb_term_fold maps code point by code point, so the form is a substring of
 * the clause's folded text; a token cannot begin right after, or end right
 * before, a letter or a digit of its own kind (the tokenizer never splits a
 * run of letters, nor one of digits: it splits letters from digits only,
 * "hội20"). */
static int clause_may_hold(vpos_t *vp, const char *text, size_t n)
{
    if (vp->nofilter) return 1;
    size_t need = 2 * n + 16;   /* a code point folds to at most twice its bytes */
    if (need > vp->fcap) {
        char *nb = realloc(vp->fbuf, need);
        if (!nb) return -1;
        vp->fbuf = nb;
        vp->fcap = need;
    }
    size_t fl = vb_term_fold(text, n, vp->fbuf, vp->fcap);
    if (fl + 8 >= vp->fcap) return 1;   /* cut short: cannot tell */
    const char *f = vp->fbuf;
    int any = 0;
    for (size_t j = 0; j < vp->nfold; j++) {
        const char *w = vp->fold[j];
        size_t wl = vp->flen[j];
        vp->present[j] = 0;
        for (const char *q = word_from(f, fl, f, w, wl); q && !vp->present[j]; q = word_from(f, fl, q + 1, w, wl))
            vp->present[j] = (unsigned char)word_ends(f, fl, (size_t)(q - f), w, wl);
        any |= vp->present[j];
    }
    return any && pnode_may(vp, vp->shape, f, fl);
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
        int may = clause_may_hold(vp, texts + off, n);
        if (may < 0) return VB_ERR_NOMEM;
        if (may) {
            uint32_t ntok = 0;
            vb_status_t st = vb_tokenize(texts + off, n, VB_TOKENIZE_DEFAULT, 0, on_token, &c, &ntok);
            if (vp->oom) return VB_ERR_NOMEM;
            /* the writer's layout: the next clause starts VB_CLAUSE_GAP after this one's tokens */
            if (st != VB_OK || bases[i + 1] != bases[i] + (ntok ? ntok : 1) + VB_CLAUSE_GAP) return VB_ERR_DB_CORRUPT;
        } else if (bases[i + 1] <= bases[i]) {
            return VB_ERR_DB_CORRUPT;
        } else {
            vp->skipped++;
        }
        off += n;   /* the texts follow each other (schema.h) */
        i++;
    }
    return i == nclauses && tl == 0 ? VB_OK : VB_ERR_DB_CORRUPT;
}

size_t vb_vpos_skipped(const vpos_t *vp) { return vp->skipped; }

int vb_vpos_get(const vpos_t *vp, const char *term, const uint32_t **pos, size_t *n)
{
    const vpterm_t *t = vp->n ? lookup(vp, term, strlen(term)) : NULL;
    if (!t) return 0;
    *pos = t->pos;
    *n = t->n;
    return 1;
}
