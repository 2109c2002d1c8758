/* The totals of a bounded search that stopped before reading every file
 * (search.c; docs/design.md, "Bounded top-k"). The files read are the ones
 * with the best bounds, and they hold far more matches than the usual file:
 * extrapolating from them overstated "phạt" twelvefold. So a few files are
 * drawn evenly from all those holding every word of one of the query's
 * leaves, evaluated, and their average stands for every file left unread. */
#include "query/query_internal.h"

#define SAMPLES 16

/* The clause bases of a document (VB_SLOT_CLAUSES: nclauses + 1 little-endian
 * uint32s), malloc'd; NULL with *N = 0 when there are none (or no memory: *OOM). */
uint32_t *vb_bases_decode(const char *v, size_t len, size_t *n, int *oom)
{
    *n = len >= 8 ? len / 4 - 1 : 0;
    *oom = 0;
    if (!*n) return NULL;
    uint32_t *b = malloc((*n + 1) * sizeof *b);
    if (!b) { *oom = 1; *n = 0; return NULL; }
    for (size_t k = 0; k <= *n; k++) {
        const unsigned char *p = (const unsigned char *)v + 4 * k;
        b[k] = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    }
    return b;
}

size_t vb_rarest_slot(vb_index_t *ix, const alts_t *slots, size_t n)
{
    size_t best = 0;
    double bestdf = -1;
    for (size_t k = 0; k < n; k++) {
        double df = slots[k].df;   /* as the compiler read it for the idf */
        for (size_t i = 0; !slots[k].have_df && i < slots[k].n; i++) {
            unsigned f = 0;
            if (vbx_db_termfreq(ix->db, slots[k].terms[i], strlen(slots[k].terms[i]), &f) == VB_OK) df += f;
        }
        if (bestdf < 0 || df < bestdf) { bestdf = df; best = k; }
    }
    return best;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* The text leaf whose files hold every candidate: the root itself, or a
 * scoring leaf of a top-level AND. NULL for other shapes (OR, NOT…). */
static ev_t *population_leaf(ev_t *e)
{
    if (e->kind == EV_TEXT && e->nslots) return e;
    if (e->kind != EV_AND) return NULL;
    for (size_t i = 0; i < e->nkids; i++)
        if (e->kids[i]->kind == EV_TEXT && e->kids[i]->nslots) return e->kids[i];
    return NULL;
}

/* One file: its matching clauses and their mentions (0, 0 when it is gone). */
static vb_status_t sample_file(vb_index_t *ix, const ev_t *root, unsigned docid, size_t *clauses, size_t *mentions)
{
    *clauses = *mentions = 0;
    vbx_doc_t *doc = NULL;
    vb_status_t st = vbx_db_get_document(ix->db, docid, &doc);
    if (st == VB_ERR_NOT_FOUND) return VB_OK;
    if (st != VB_OK) return vb_index_xerr(st, ix->path);
    char *bv = NULL, *um = NULL;
    size_t bl = 0, ul = 0, n = 0;
    int oom = 0;
    st = vb_index_xerr(vbx_doc_get_value(doc, VB_SLOT_CLAUSES, &bv, &bl), ix->path);
    if (st == VB_OK) st = vb_index_xerr(vbx_doc_get_value(doc, VB_SLOT_UNMARKED, &um, &ul), ix->path);
    uint32_t *bases = st == VB_OK ? vb_bases_decode(bv, bl, &n, &oom) : NULL;
    if (oom) st = VB_ERR_NOMEM;
    fctx_t f = { ix, docid, bases, n, VB_OK, ul && um[0] == '1', NULL };
    cres_t r;
    memset(&r, 0, sizeof r);
    if (st == VB_OK && n) {
        if (!vb_eval(&f, root, &r)) st = f.st ? f.st : VB_ERR_NOMEM;
        else vb_count_mentions(&f, &r);
        for (size_t k = 0; st == VB_OK && k < n; k++)
            if (r.match[k]) { (*clauses)++; *mentions += r.mentions[k]; }
    }
    vb_cres_free(&r);
    free(bases);
    free(bv);
    free(um);
    vbx_doc_free(doc);
    return st;
}

vb_status_t vb_estimate_totals(vb_index_t *ix, ev_t *root, size_t resolved, unsigned estimated,
                               size_t (*tail)[3], size_t ntail, unsigned *read, size_t nread,
                               vb_search_stats_t *stats)
{
    /* not over remote shards: each sampled file is round trips */
    ev_t *leaf = ix->remote ? NULL : population_leaf(root);
    size_t nu = 0;
    unsigned *u = NULL;
    vb_status_t st = VB_OK;
    if (leaf) {
        /* the files holding the leaf's rarest slot, in any spelling */
        size_t best = vb_rarest_slot(ix, leaf->slots, leaf->nslots);
        alts_t *sets[2] = { &leaf->slots[best], leaf->fold_slots ? &leaf->fold_slots[best] : NULL };
        size_t cap = 0;
        for (int j = 0; j < 2 && st == VB_OK; j++) {
            alts_t *a = sets[j];
            if (!a) continue;
            if (!a->have_docs) st = vb_alts_load(ix, a);
            for (size_t i = 0; st == VB_OK && i < a->n; i++) cap += a->ndocs[i];
        }
        u = st == VB_OK && cap ? malloc(cap * sizeof *u) : NULL;
        if (st == VB_OK && cap && !u) st = VB_ERR_NOMEM;
        for (int j = 0; j < 2 && u; j++)
            for (size_t i = 0; sets[j] && i < sets[j]->n; i++) {
                if (!sets[j]->ndocs[i]) continue;   /* no list (docs[i] NULL) */
                memcpy(u + nu, sets[j]->docs[i], sets[j]->ndocs[i] * sizeof *u);
                nu += sets[j]->ndocs[i];
            }
        nu = vb_sort_unique(u, nu);
        /* ... and every other word of it: the files that can hold the phrase
         * (a rare phrase of common words is otherwise missed by every sample) */
        for (size_t k = 0; k < leaf->nslots && st == VB_OK && nu; k++) {
            if (k == best) continue;
            alts_t *ks[2] = { &leaf->slots[k], leaf->fold_slots ? &leaf->fold_slots[k] : NULL };
            for (int j = 0; j < 2 && st == VB_OK; j++)
                if (ks[j] && !ks[j]->have_docs) st = vb_alts_load(ix, ks[j]);
            size_t w = 0;
            for (size_t i = 0; st == VB_OK && i < nu; i++) {
                int held = 0;
                for (int j = 0; j < 2 && !held; j++)
                    for (size_t t = 0; ks[j] && t < ks[j]->n && !held; t++) held = vb_alts_wdf(ks[j], t, u[i]) != 0;
                if (held) u[w++] = u[i];
            }
            if (st == VB_OK) nu = w;
        }
    }
    if (st != VB_OK) { free(u); return st; }
    /* the files read are counted exactly: the population left is the others */
    if (leaf && nu && nread) {
        nread = vb_sort_unique(read, nread);
        size_t w = 0;
        for (size_t i = 0; i < nu; i++)
            if (!vb_sorted_has(read, nread, u[i])) u[w++] = u[i];
        nu = w;
    }
    /* failing a sample: the lower quartile of the last files read (the
     * lowest bounds read) for each of Xapian's estimated candidates */
    size_t cl[VB_TAIL];
    double sum[3] = { 0, 0, 0 };
    for (size_t k = 0; k < ntail; k++) {
        cl[k] = tail[k][0];
        for (int j = 0; j < 3; j++) sum[j] += (double)tail[k][j];
    }
    qsort(cl, ntail, sizeof *cl, cmp_size);
    double left = 0, per_file = (double)cl[ntail / 4];
    double ment = per_file * (sum[0] > 0 ? sum[1] / sum[0] : 1), docs = sum[2] / (double)ntail;
    if (leaf && nu) {
        /* the sample: SAMPLES files evenly spread over the files left */
        size_t ns = nu < SAMPLES ? nu : SAMPLES, sc = 0, sm = 0, sd = 0;
        for (size_t j = 0; j < ns && st == VB_OK; j++) {
            size_t c = 0, m = 0;
            st = sample_file(ix, root, u[(2 * j + 1) * nu / (2 * ns)], &c, &m);
            sc += c;
            sm += m;
            sd += c != 0;
        }
        /* matches per file are heavy-tailed (a code of law holds hundreds), but
         * the heavy files have the best bounds: the search read them first, and
         * they are out of the population now. (Until session 12 they were not,
         * and the largest sample was left out of the mean instead: two heavy
         * files in one sample, as a parallel build's docid order could place
         * them, put "an toàn lao động" at 1,309 clauses against 243.) */
        per_file = (double)sc / (double)ns;
        ment = (double)sm / (double)ns;
        docs = (double)sd / (double)ns;
        left = (double)nu;
    } else if (!leaf) {
        left = estimated > resolved ? (double)(estimated - resolved) : 0;
    }
    free(u);
    if (st != VB_OK) return st;
    stats->total_clauses += (size_t)(left * per_file + 0.5);
    stats->total_mentions += (size_t)(left * ment + 0.5);
    stats->total_documents += (size_t)(left * docs + 0.5);
    stats->totals_estimated = 1;
    return VB_OK;
}
