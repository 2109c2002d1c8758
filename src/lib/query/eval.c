/* Evaluation per candidate file: from the positions of the query's terms in
 * the file, which clauses match, the spans of the mentions and the scores
 * (the layout of positions: store/schema.h). */
#include <stdlib.h>
#include "query/query_internal.h"
#include "query/status.h"

static int cres_alloc(cres_t *r, size_t n)
{
    memset(r, 0, sizeof *r);
    r->match = calloc(n ? n : 1, 1);
    r->mentions = calloc(n ? n : 1, sizeof *r->mentions);
    r->score = calloc(n ? n : 1, sizeof *r->score);
    r->last = calloc(n ? n : 1, sizeof *r->last);
    return r->match && r->mentions && r->score && r->last;
}

void vb_cres_free(cres_t *r)
{
    free(r->match);
    free(r->mentions);
    free(r->score);
    free(r->last);
    free(r->iv);
    memset(r, 0, sizeof *r);
}

static int cres_push_iv(cres_t *r, uint64_t v)
{
    uint64_t *nv = vb_grow(r->iv, r->niv, &r->capiv, sizeof *nv);
    if (!nv) return 0;
    r->iv = nv;
    r->iv[r->niv++] = v;
    return 1;
}

typedef struct {
    uint32_t *v;
    size_t n, cap;
} posv_t;

static int posv_push(posv_t *p, uint32_t x)
{
    uint32_t *nv = vb_grow(p->v, p->n, &p->cap, sizeof *nv);
    if (!nv) return 0;
    p->v = nv;
    p->v[p->n++] = x;
    return 1;
}

/* P's positions [0, START) and [START, n) are each sorted: merge them in place,
 * from the back, the second run copied past the end first (P's own room). The
 * spellings of a folded syllable come one list after the other, and sorting
 * their concatenation (qsort) was 7 % of the slowest folded queries' time. */
static int posv_merge_last(posv_t *p, size_t start)
{
    if (start == 0 || start >= p->n || p->v[start - 1] <= p->v[start]) return 1;
    size_t nr = p->n - start, i = start, j = nr, o = p->n;
    if (p->n + nr > p->cap) {
        uint32_t *nv = realloc(p->v, (p->n + nr) * sizeof *nv);
        if (!nv) return 0;
        p->v = nv;
        p->cap = p->n + nr;
    }
    uint32_t *r = p->v + p->n;
    memcpy(r, p->v + start, nr * sizeof *r);
    while (j > 0) {
        if (i > 0 && p->v[i - 1] > r[j - 1]) p->v[--o] = p->v[--i];
        else p->v[--o] = r[--j];
    }
    return 1;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* qsort only what is out of order: positions and spans mostly come sorted
 * (one term's list, one phrase's spans), and glibc's qsort, a merge sort
 * with a scratch buffer, was 5 % of a query's time. */
static void sort_unless_sorted(void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    const char *c = v;
    for (size_t i = 1; i < n; i++)
        if (cmp(c + (i - 1) * size, c + i * size) > 0) {
            qsort(v, n, size, cmp);
            return;
        }
}

/* "XB<syllable>" when the N terms are two spellings or more of one folded
 * syllable ("luong", "luong:lương", …), else NULL (also out of memory). */
static char *spellings_of(char *const *terms, size_t n)
{
    char key[VB_TERM_MAX * 2 + 8], other[VB_TERM_MAX * 2 + 8];
    size_t kl = n >= 2 ? vb_spellings_term(key, sizeof key, terms[0], strlen(terms[0])) : 0;
    for (size_t i = 1; kl && i < n; i++)
        if (vb_spellings_term(other, sizeof other, terms[i], strlen(terms[i])) != kl || memcmp(other, key, kl) != 0)
            return NULL;
    return kl ? vb_strndup(key, kl) : NULL;
}

/* Read the posting list (docids and wdfs) of every alternative of A, and of
 * their spellings term when they are spellings of one syllable. */
vb_status_t vb_alts_load(vb_index_t *ix, alts_t *a)
{
    a->docs = calloc(a->n ? a->n : 1, sizeof *a->docs);
    a->wdfs = calloc(a->n ? a->n : 1, sizeof *a->wdfs);
    a->ndocs = calloc(a->n ? a->n : 1, sizeof *a->ndocs);
    if (!a->docs || !a->wdfs || !a->ndocs) return VB_ERR_NOMEM;
    for (size_t i = 0; i < a->n; i++) {
        const char *t = a->terms[i];
        vb_status_t st = vb_postings_load(ix, t, strlen(t), &a->docs[i], &a->wdfs[i], &a->ndocs[i]);
        if (st != VB_OK) return st;
    }
    a->bterm = spellings_of(a->terms, a->n);
    if (a->bterm) {
        vb_status_t st = vb_postings_load(ix, a->bterm, strlen(a->bterm), &a->bdocs, &a->bwdfs, &a->nb);
        if (st != VB_OK) return st;
    }
    a->have_docs = 1;
    return VB_OK;
}

static int alts_load_docs(fctx_t *f, alts_t *a)
{
    vb_status_t st = vb_alts_load(f->ix, a);
    if (st != VB_OK && f->st == VB_OK) f->st = st;
    return st == VB_OK;
}

/* The wdf of term I of A in DOCID (0: not there). */
unsigned vb_alts_wdf(const alts_t *a, size_t i, unsigned docid)
{
    size_t k = vb_lower_bound(a->docs[i], a->ndocs[i], docid);
    return k < a->ndocs[i] && a->docs[i][k] == docid ? a->wdfs[i][k] : 0;
}

int vb_alts_has(const alts_t *a, size_t i, unsigned docid)
{
    return vb_sorted_has(a->docs[i], a->ndocs[i], docid);
}

/* The smallest over the slots of the wdf sum of their alternatives (and of
 * EXTRA's, the spellings of a file typed without diacritics) in DOCID. */
static double slots_bound(vb_index_t *ix, alts_t *slots, alts_t *extra, size_t n, unsigned docid, vb_status_t *st)
{
    double best = -1;
    for (size_t k = 0; k < n && *st == VB_OK; k++) {
        double sum = 0;
        for (int pass = 0; pass < 2; pass++) {
            alts_t *a = pass ? (extra ? &extra[k] : NULL) : &slots[k];
            if (!a) continue;
            if (!a->have_docs && (*st = vb_alts_load(ix, a)) != VB_OK) return 0;
            for (size_t i = 0; i < a->n; i++) {
                /* a term in both lists counts once */
                int dup = 0;
                for (size_t j = 0; pass && j < slots[k].n && !dup; j++) dup = strcmp(a->terms[i], slots[k].terms[j]) == 0;
                if (!dup) sum += vb_alts_wdf(a, i, docid);
            }
        }
        /* spellings of one syllable: their own bound where the file has one
         * (schema.h, VB_P_SPELLINGS); not with EXTRA (a file typed without
         * diacritics has one spelling of each syllable: no such term) */
        if (!extra && slots[k].bterm) {
            size_t lo = vb_lower_bound(slots[k].bdocs, slots[k].nb, docid);
            if (lo < slots[k].nb && slots[k].bdocs[lo] == docid && slots[k].bwdfs[lo] < sum) sum = slots[k].bwdfs[lo];
        }
        if (best < 0 || sum < best) best = sum;
        if (best == 0) break;
    }
    return best < 0 ? 0 : best;
}

double vb_eval_bound(vb_index_t *ix, const ev_t *e, unsigned docid, int unmarked, vb_status_t *st)
{
    double b = 0;
    switch (e->kind) {
    case EV_TEXT:
        if (!e->nslots || e->idf <= 0) return 0;
        b = e->idf / VB_WDF_SCALE * slots_bound(ix, e->slots, unmarked ? e->fold_slots : NULL, e->nslots, docid, st);
        if (e->exact_slots && b > 0)
            b += 2.0 * e->idf / VB_WDF_SCALE * slots_bound(ix, e->exact_slots, NULL, e->nslots, docid, st);
        return b;
    case EV_AND:
    case EV_OR:
        for (size_t i = 0; i < e->nkids && *st == VB_OK; i++) b += vb_eval_bound(ix, e->kids[i], docid, unmarked, st);
        return b;
    default:
        return 0;
    }
}

/* ---- the file's position lists read so far (posmemo_t) */

static void collect_terms(const ev_t *e, int exact, const char ***v, size_t *n, size_t *cap, int *oom)
{
    if (e->kind == EV_TEXT) {
        const alts_t *sets[3] = { e->slots, exact ? e->exact_slots : NULL, e->fold_slots };
        for (int s = 0; s < 3; s++)
            for (size_t k = 0; sets[s] && k < e->nslots; k++)
                for (size_t i = 0; i < sets[s][k].n; i++) {
                    const char **g = vb_grow(*v, *n, cap, sizeof *g);
                    if (!g) { *oom = 1; return; }
                    *v = g;
                    (*v)[(*n)++] = sets[s][k].terms[i];
                }
    }
    for (size_t i = 0; i < e->nkids && !*oom; i++) collect_terms(e->kids[i], exact, v, n, cap, oom);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int vb_ev_repeats_terms(const ev_t *root, int scored)
{
    const char **v = NULL;
    size_t n = 0, cap = 0;
    int oom = 0, rep = 0;
    if (root) collect_terms(root, scored, &v, &n, &cap, &oom);
    if (n > 1) qsort(v, n, sizeof *v, cmp_str);
    for (size_t i = 1; i < n && !rep; i++) rep = strcmp(v[i - 1], v[i]) == 0;
    free(v);
    return rep || oom;
}

typedef struct {
    const char *term;     /* borrowed from the evaluation tree */
    uint64_t hash;        /* of TERM: most entries are told apart without a strcmp */
    uint32_t *pos;
    size_t n, cap;
} memo_ent_t;

struct vb_posmemo {
    memo_ent_t *e;
    size_t n, cap;        /* N in use for this file; entries past it keep their arrays */
};

posmemo_t *vb_posmemo_new(void)
{
    return calloc(1, sizeof(posmemo_t));
}

void vb_posmemo_reset(posmemo_t *m)
{
    if (m) m->n = 0;
}

void vb_posmemo_free(posmemo_t *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->cap; i++) free(m->e[i].pos);
    free(m->e);
    free(m);
}

static uint64_t term_hash(const char *term)
{
    return vb_hash64(term, strlen(term), VB_HASH_INIT);
}

/* 1 and TERM (hash H) positions in the file when it was read (a query has a
 * few dozen terms at most: a scan), 0 otherwise (M may be NULL). */
static int memo_get(const posmemo_t *m, const char *term, uint64_t h, const uint32_t **pos, size_t *n)
{
    for (size_t i = 0; m && i < m->n; i++)
        if (m->e[i].hash == h && (m->e[i].term == term || strcmp(m->e[i].term, term) == 0)) {
            *pos = m->e[i].pos;
            *n = m->e[i].n;
            return 1;
        }
    return 0;
}

/* Keep TERM's (hash H) N positions POS (M may be NULL; out of memory: not kept). */
static void memo_put(posmemo_t *m, const char *term, uint64_t h, const uint32_t *pos, size_t n)
{
    if (!m) return;
    if (m->n == m->cap) {
        memo_ent_t *e = vb_grow(m->e, m->n, &m->cap, sizeof *e);
        if (!e) return;
        m->e = e;
        memset(m->e + m->n, 0, (m->cap - m->n) * sizeof *e);
    }
    memo_ent_t *x = &m->e[m->n];
    if (n > x->cap) {
        uint32_t *p = realloc(x->pos, n * sizeof *p);
        if (!p) return;
        x->pos = p;
        x->cap = n;
    }
    if (n) memcpy(x->pos, pos, n * sizeof *pos);
    x->n = n;
    x->term = term;
    x->hash = h;
    m->n++;
}

/* Positions of any of the alternatives in the file, sorted. A (may be NULL):
 * the alternatives' posting lists, to skip the terms the file does not hold. */
static int read_positions(fctx_t *f, char *const *terms, size_t n, posv_t *out, alts_t *a)
{
    out->n = 0;
    for (size_t i = 0; i < n; i++) {
        /* from the record (remote shards): no posting list needed */
        const uint32_t *vv;
        size_t vn;
        size_t start = out->n;
        uint64_t h = f->memo ? term_hash(terms[i]) : 0;
        if ((f->vp && vb_vpos_get(f->vp, terms[i], &vv, &vn)) || memo_get(f->memo, terms[i], h, &vv, &vn)) {
            if (!out->n) {   /* the first list: copied whole */
                if (vn > out->cap) {
                    uint32_t *nv = realloc(out->v, vn * sizeof *nv);
                    if (!nv) { f->st = VB_ERR_NOMEM; return 0; }
                    out->v = nv;
                    out->cap = vn;
                }
                if (vn) memcpy(out->v, vv, vn * sizeof *vv);
                out->n = vn;
                continue;
            }
            for (size_t k = 0; k < vn; k++)
                if (!posv_push(out, vv[k])) { f->st = VB_ERR_NOMEM; return 0; }
            if (!posv_merge_last(out, start)) { f->st = VB_ERR_NOMEM; return 0; }
            continue;
        }
        if (a && !a->have_docs && !alts_load_docs(f, a)) return 0;
        if (a && !vb_sorted_has(a->docs[i], a->ndocs[i], f->docid)) continue;
        vb_status_t st = vbx_db_positions(f->ix->db, f->docid, terms[i], strlen(terms[i]), &out->v, &out->n, &out->cap);
        if (st == VB_ERR_NOT_FOUND) continue; /* not in this file */
        if (st != VB_OK) {
            if (f->st == VB_OK) f->st = vb_index_xerr(st, f->ix->path);
            return 0;
        }
        memo_put(f->memo, terms[i], h, out->v + start, out->n - start);
        if (!posv_merge_last(out, start)) { f->st = VB_ERR_NOMEM; return 0; }
    }
    /* each list is sorted and merged as it came: this only checks (a list out
     * of order, which no index writes, is still sorted) */
    sort_unless_sorted(out->v, out->n, sizeof *out->v, cmp_u32);
    return 1;
}

/* The clause holding position POS, or nclauses when it is in a gap. */
static size_t clause_of(const fctx_t *f, uint32_t pos)
{
    size_t lo = vb_lower_bound(f->bases, f->nclauses, pos);
    /* lo = first base >= pos; the clause is lo - 1 */
    if (lo == 0) return f->nclauses;
    size_t c = lo - 1;
    uint32_t end = f->bases[c + 1] - VB_CLAUSE_GAP;   /* last position of clause c */
    return pos <= end ? c : f->nclauses;
}

static int has_pos(const posv_t *p, uint32_t x)
{
    return vb_sorted_has(p->v, p->n, x);
}

/* Occurrences of a sequence of slots: counts per clause into COUNTS, and
 * their spans into R when R is not NULL. */
static int count_sequence(fctx_t *f, alts_t *slots, size_t nslots, uint32_t *counts, cres_t *r)
{
    posv_t *p = calloc(nslots, sizeof *p);
    if (!p) { f->st = VB_ERR_NOMEM; return 0; }
    int ok = 1;
    for (size_t k = 0; k < nslots && ok; k++) {
        ok = read_positions(f, slots[k].terms, slots[k].n, &p[k], &slots[k]);
        if (ok && p[k].n == 0) break;
    }
    /* walk the slot with the fewest positions ("lao" rather than "người") and
     * look the others up: the starts come in order, so each other slot and the
     * clauses are looked up by a cursor that only moves forward (a binary
     * search per position and slot was a sixth of a frequent phrase's --count) */
    size_t a = 0;
    for (size_t k = 1; k < nslots; k++)
        if (p[k].n < p[a].n) a = k;
    size_t cur[16] = { 0 }, *cv = nslots <= 16 ? cur : calloc(nslots, sizeof *cv);
    if (!cv) { f->st = VB_ERR_NOMEM; ok = 0; }
    size_t c = 0;   /* the last clause whose base is below the start */
    for (size_t i = 0; ok && i < p[a].n; i++) {
        if (p[a].v[i] < a + 1) continue;   /* no room for the slots before it */
        uint32_t s = p[a].v[i] - (uint32_t)a;
        size_t k;
        for (k = 0; k < nslots; k++) {
            if (k == a) continue;
            uint32_t want = s + (uint32_t)k;
            while (cv[k] < p[k].n && p[k].v[cv[k]] < want) cv[k]++;
            if (cv[k] == p[k].n || p[k].v[cv[k]] != want) break;
        }
        if (k < nslots) continue;
        while (c + 1 < f->nclauses && f->bases[c + 1] < s) c++;
        /* in clause c's positions, its last slot too (not in the gap after it) */
        if (f->nclauses && f->bases[c] < s && s + (uint32_t)nslots - 1 <= f->bases[c + 1] - VB_CLAUSE_GAP) {
            counts[c]++;
            if (r && s + (uint32_t)nslots > r->last[c]) r->last[c] = s + (uint32_t)nslots;
            if (r && !cres_push_iv(r, (uint64_t)s << 32 | (uint64_t)(s + (uint32_t)nslots))) {
                f->st = VB_ERR_NOMEM;
                ok = 0;
            }
        }
    }
    if (cv != cur) free(cv);
    for (size_t k = 0; k < nslots; k++) free(p[k].v);
    free(p);
    return ok;
}


int vb_eval(fctx_t *f, const ev_t *e, cres_t *r)
{
    size_t n = f->nclauses;
    if (!cres_alloc(r, n)) { f->st = VB_ERR_NOMEM; return 0; }
    switch (e->kind) {
    case EV_ALL:
        memset(r->match, 1, n);
        return 1;
    case EV_DOCSET: {
        if (vb_sorted_has(e->docids, e->ndocids, f->docid)) memset(r->match, 1, n);
        return 1;
    }
    case EV_POSFIELD: {
        /* every term at the same position: intersect */
        posv_t acc = { 0 }, cur = { 0 };
        int ok = 1;
        for (size_t i = 0; i < e->nterms && ok; i++) {
            ok = read_positions(f, &e->terms[i], 1, i ? &cur : &acc, NULL);
            if (ok && i) {
                size_t k = 0;
                for (size_t j = 0; j < acc.n; j++)
                    if (has_pos(&cur, acc.v[j])) acc.v[k++] = acc.v[j];
                acc.n = k;
            }
        }
        for (size_t j = 0; ok && e->nterms && j < acc.n; j++) {
            size_t c = clause_of(f, acc.v[j]);
            if (c < n) r->match[c] = 1;
        }
        free(acc.v);
        free(cur.v);
        return ok;
    }
    case EV_TEXT: {
        if (e->nslots == 0) return 1;
        alts_t *slots = f->unmarked && e->fold_slots ? e->fold_slots : e->slots;
        if (!count_sequence(f, slots, e->nslots, r->mentions, r)) return 0;
        uint32_t *ex = NULL;
        if (e->exact_slots && !f->unscored) {
            ex = calloc(n ? n : 1, sizeof *ex);
            if (!ex || !count_sequence(f, e->exact_slots, e->nslots, ex, NULL)) { free(ex); f->st = f->st ? f->st : VB_ERR_NOMEM; return 0; }
        }
        for (size_t c = 0; c < n; c++) {
            if (!r->mentions[c]) continue;
            uint32_t len = f->bases[c + 1] - VB_CLAUSE_GAP - f->bases[c];
            r->match[c] = 1;
            /* in the units of the index's bounds (store/schema.h): the same
             * factor times the same whole number as Xapian's weight */
            r->score[c] = e->idf / VB_WDF_SCALE * (double)vb_clause_sat_q(r->mentions[c], len);
            /* a query typed with diacritics ranks exact-diacritic matches first */
            if (ex && ex[c]) r->score[c] += 2.0 * e->idf / VB_WDF_SCALE * (double)vb_clause_sat_q(ex[c], len);
        }
        free(ex);
        return 1;
    }
    case EV_NOT: {
        cres_t k;
        if (!vb_eval(f, e->kids[0], &k)) { vb_cres_free(&k); return 0; }
        for (size_t c = 0; c < n; c++) r->match[c] = !k.match[c];
        memcpy(r->last, k.last, n * sizeof *r->last);
        vb_cres_free(&k);
        return 1;
    }
    case EV_AND:
    case EV_OR: {
        int is_and = e->kind == EV_AND;
        if (is_and) memset(r->match, 1, n);
        for (size_t i = 0; i < e->nkids; i++) {
            cres_t k;
            if (!vb_eval(f, e->kids[i], &k)) { vb_cres_free(&k); return 0; }
            for (size_t c = 0; c < n; c++) {
                r->match[c] = is_and ? (r->match[c] && k.match[c]) : (r->match[c] || k.match[c]);
                if (k.match[c]) r->score[c] += k.score[c];
                if (k.last[c] > r->last[c]) r->last[c] = k.last[c];
            }
            for (size_t i = 0; i < k.niv; i++)
                if (!cres_push_iv(r, k.iv[i])) { vb_cres_free(&k); f->st = VB_ERR_NOMEM; return 0; }
            vb_cres_free(&k);
        }
        /* spans count only in clauses this node matches: "(a AND b) OR c" */
        size_t keep = 0;
        for (size_t i = 0; i < r->niv; i++) {
            size_t c = clause_of(f, (uint32_t)(r->iv[i] >> 32));
            if (c < n && r->match[c]) r->iv[keep++] = r->iv[i];
        }
        r->niv = keep;
        return 1;
    }
    }
    return 1;
}

/* Overlaps merged as the matches shown in the text are, so "x OR x" counts each x once. */
void vb_count_mentions(const fctx_t *f, cres_t *r)
{
    memset(r->mentions, 0, f->nclauses * sizeof *r->mentions);
    /* one phrase (the common query) yields its spans in order already */
    sort_unless_sorted(r->iv, r->niv, sizeof *r->iv, cmp_u64);
    uint32_t end = 0;
    for (size_t i = 0; i < r->niv; i++) {
        uint32_t s = (uint32_t)(r->iv[i] >> 32), e = (uint32_t)r->iv[i];
        if (i && s < end) {
            if (e > end) end = e;
            continue;
        }
        end = e;
        size_t c = clause_of(f, s);
        if (c < f->nclauses && r->match[c]) r->mentions[c]++;
    }
}

