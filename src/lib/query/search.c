/* The search loop: parse and compile the query (compile.c), page through the
 * candidate files Xapian finds, evaluate each (eval.c), rank the matching
 * clauses or stream them (--all), count facets (facets.c), and hand each
 * result out with its mentions; start again, or resume a stream, when an
 * indexer's commit gets in the way. */
#include <stdio.h>
#include "query/query_internal.h"
#include "query/refkeys.h"
#include "query/shardpage.h"
#include "query/termstats.h"
#include "store/docrec.h"

#define PAGE 1000u

typedef struct {
    unsigned docid;
    uint32_t clause;
    uint32_t mentions;
    double score;
    char date[11];
    char fileid[17];
    uint8_t order;       /* ORDER_*: how the hits are sorted */
    uint8_t unmarked;    /* the file was typed without diacritics: mentions ignore them */
    uint32_t ntok;       /* the clause's tokens up to the end of its last mention (0: all) */
    size_t doc_clauses;  /* VB_SEARCH_DOCS: the document's matching clauses */
    size_t doc_mentions; /* ... and their mentions */
} hit_t;

enum { ORDER_SCORE, ORDER_NEWEST, ORDER_OLDEST };

/* score, or the date (undated documents last); ties in a fixed order: file id, clause */
static int cmp_hit(const void *a, const void *b)
{
    const hit_t *x = a, *y = b;
    if (x->order != ORDER_SCORE) {
        int xu = !x->date[0], yu = !y->date[0];
        if (xu != yu) return xu - yu;
        int dc = strcmp(x->date, y->date);
        if (dc) return x->order == ORDER_NEWEST ? -dc : dc;
    } else if (x->score != y->score) {
        return x->score > y->score ? -1 : 1;
    }
    int fc = strcmp(x->fileid, y->fileid);
    if (fc) return fc;
    return x->clause < y->clause ? -1 : x->clause > y->clause;
}

/* Value SLOT of document DOCID (D) into BUF: from the batch B read (may be
 * NULL), else from D. */
static void value_into(const batch_t *b, unsigned docid, vbx_doc_t *d, unsigned slot, char *buf, size_t cap)
{
    const char *pv;
    size_t pl;
    buf[0] = '\0';
    if (vb_batch_value(b, slot, docid, &pv, &pl)) {
        if (pl >= cap) pl = cap - 1;
        memcpy(buf, pv, pl);
        buf[pl] = '\0';
        return;
    }
    char *v = NULL;
    size_t vl = 0;
    if (vbx_doc_get_value(d, slot, &v, &vl) == VB_OK && v) {
        if (vl >= cap) vl = cap - 1;
        memcpy(buf, v, vl);
        buf[vl] = '\0';
    }
    free(v);
}

/* F reads its text terms' positions from DOC's record (VP) when the record
 * agrees with F's clause table, else from the index. *REC receives the
 * unpacked record (the caller frees it; NULL when damaged): a file with a
 * match keeps it for the page. */
static vb_status_t vpos_attach(vb_index_t *ix, vpos_t *vp, vbx_doc_t *doc, fctx_t *f, char **rec, size_t *reclen)
{
    char *data = NULL;
    size_t len = 0;
    vb_status_t st = vb_record_get(ix, doc, f->docid, &data, &len);
    if (st == VB_ERR_DB_CORRUPT) {   /* read from the index, then */
        st = VB_OK;
        len = 0;
    }
    if (st == VB_OK && len) {
        st = vb_vpos_load(vp, data ? data : "", len, f->bases, f->nclauses);
        if (st == VB_OK) f->vp = vp;
        else if (st == VB_ERR_DB_CORRUPT) st = VB_OK;
    }
    *rec = data;
    *reclen = len;
    return st;
}

/* Does citation CT stand for ref: condition J of REFS (number key, and the
 * pinpoint or one under it)? */
static int cite_is(const refspans_t *refs, size_t j, const vb_citation_t *ct)
{
    char fp[128];
    if (!vb_citation_has_key(ct, refs->keys[j])) return 0;
    if (!refs->pins[j]) return 1;
    if (!ct->pinpoint) return 0;
    size_t fl = vb_term_fold(ct->pinpoint, strlen(ct->pinpoint), fp, sizeof fp), pl = strlen(refs->pins[j]);
    return fl >= pl && memcmp(fp, refs->pins[j], pl) == 0 && (fl == pl || fp[pl] == '.');
}

/* The spans R shows: the mentions of the query's words, the field values
 * found in its text (giao:) and the citations its ref: conditions matched
 * (their text as written, else their number), sorted and merged. *OUT is
 * malloc'd; returns the number of pairs (0 and *OUT NULL when out of memory). */
static size_t result_spans(const compiler_t *c, const docrec_t *d, const vb_result_t *r, int unmarked, size_t ntok,
                           size_t **out)
{
    size_t *mm = NULL, *fm = NULL;
    size_t n = find_mentions(&c->pats, r->text, r->text_len, unmarked, ntok, &mm);
    size_t nf = c->fpats.n ? find_mentions(&c->fpats, r->text, r->text_len, 1, 0, &fm) : 0;
    size_t nc = c->refs.n ? d->ncites : 0;
    if (nf + nc == 0) { *out = mm; return n; }
    size_t *all = realloc(mm, 2 * (n + nf + nc) * sizeof *all);
    if (!all) { free(mm); free(fm); *out = NULL; return 0; }
    if (nf) memcpy(all + 2 * n, fm, 2 * nf * sizeof *all);
    free(fm);
    n += nf;
    for (size_t k = 0; k < nc; k++) {
        const vb_citation_t *ct = &d->cites[k];
        if (!ct->clause || !r->path || strcmp(ct->clause, r->path) != 0) continue;
        int hit = 0;
        for (size_t j = 0; j < c->refs.n && !hit; j++) hit = cite_is(&c->refs, j, ct);
        if (!hit) continue;
        const char *w = ct->text && *ct->text ? ct->text : ct->number ? ct->number : ct->name;
        if (!w) continue;
        const char *at = vb_memmem(r->text, r->text_len, w, strlen(w));
        if (!at && ct->number && w != ct->number) at = vb_memmem(r->text, r->text_len, w = ct->number, strlen(ct->number));
        if (!at) continue;
        all[2 * n] = (size_t)(at - r->text);
        all[2 * n + 1] = all[2 * n] + strlen(w);
        n++;
    }
    *out = all;
    return spans_normalize(all, n);
}

/* Give one hit to the caller. */
static vb_status_t emit_hit(vb_index_t *ix, doccache_t *cache, const compiler_t *c, const hit_t *h, size_t rank,
                            vb_result_fn fn, void *data, int *stop)
{
    const docrec_t *d = NULL;
    vb_status_t st = doccache_get(ix, cache, h->docid, &d);
    if (st != VB_OK) return st;
    if (h->fileid[0] && (d->fl[VB_RD_FILEID] != 16 || memcmp(d->f[VB_RD_FILEID], h->fileid, 16) != 0)) {
        /* a shard's page named the document, and its shard changed since */
        vb_set_error("%s: document %u is no longer the file the search found", ix->path, h->docid);
        return VB_ERR_XAPIAN;
    }
    if (h->clause >= d->nclauses) {
        vb_set_error("%s: document %u has fewer clauses than its positions say", ix->path, h->docid);
        return VB_ERR_DB_CORRUPT;
    }
    vb_result_t r;
    clause_strs_t cs;
    docrec_clause(d, h->clause, &r, &cs);
    size_t *mm = NULL;
    r.match_count = result_spans(c, d, &r, h->unmarked, h->ntok, &mm);
    r.matches = mm;
    if (r.match_count) r.match_line = docrec_line_at(d, h->clause, mm[0]);
    if (r.match_count) r.page = docrec_page_of(d, r.match_line);
    r.score = h->score;
    r.rank = rank;
    r.doc_clauses = h->doc_clauses;
    r.doc_mentions = h->doc_mentions;
    if (fn && fn(&r, data)) *stop = 1;
    free(mm);
    clause_strs_free(&cs);
    return VB_OK;
}

/* A stream (--all) that has handed out results cannot start again when the
 * index changes under it: it goes on at the new revision, skipping the
 * files it has finished and the clauses of the file it was in. Each file
 * is then read from one revision and none is given twice. */
typedef struct {
    int active;               /* results were handed out: resume, do not restart */
    size_t streamed;          /* matching clauses counted for --offset */
    vb_facets_t *facets;      /* kept across the resumption */
    char (*done)[17];         /* files finished */
    size_t ndone, capdone;
    int sorted;               /* done[] sorted (for bsearch) */
    char cur[17];             /* the file being given out */
    size_t cur_seen;          /* its matching clauses given out (or counted) */
} stream_t;

static int cmp_id(const void *a, const void *b) { return strcmp(a, b); }

static int stream_done(stream_t *ss, const char *fileid)
{
    if (!ss->ndone) return 0;
    if (!ss->sorted) {
        qsort(ss->done, ss->ndone, sizeof *ss->done, cmp_id);
        ss->sorted = 1;
    }
    return bsearch(fileid, ss->done, ss->ndone, sizeof *ss->done, cmp_id) != NULL;
}

static int stream_finish(stream_t *ss, const char *fileid)
{
    if (ss->ndone == ss->capdone) {
        size_t cap = ss->capdone ? ss->capdone * 2 : 256;
        char (*nd)[17] = realloc(ss->done, cap * sizeof *nd);
        if (!nd) return 0;
        ss->done = nd;
        ss->capdone = cap;
    }
    memcpy(ss->done[ss->ndone++], fileid, 17);
    ss->sorted = 0;
    ss->cur[0] = '\0';
    ss->cur_seen = 0;
    return 1;
}

/* ---- bounded top-k (docs/design.md, "Bounded top-k")
 *
 * A body term's wdf is an upper bound of what it adds to the score of any
 * one clause of the file, times VB_WDF_SCALE (store/schema.h). A text leaf
 * scores idf * sat(mentions) (+ 2 idf * sat(exact mentions)), and a phrase has
 * no more mentions in a clause than any of its slots has terms there, so the
 * leaf's best clause in a file scores at most idf / VB_WDF_SCALE times the
 * sum of the wdfs of one slot's alternatives (and the same for the exact
 * ones). AND and OR add their children's scores: the sum of the leaves'
 * bounds bounds every clause of the file. Xapian's own matcher ranks files
 * by it (TfIdfWeight "nnn": the sum of wdfs, OP_SCALE_WEIGHT for the idf),
 * locally or in a remote shard's xapian-tcpsrv, and the search stops once the
 * page's worst clause beats the next file's bound. */


/* OR of the distinct terms of A and B (B may be NULL), weighted by FACTOR. */
static vb_status_t weighted_alts(const alts_t *a, const alts_t *b, double factor, vbx_query_t **out)
{
    size_t n = a->n + (b ? b->n : 0), m = 0;
    vbx_query_t **subs = calloc(n ? n : 1, sizeof *subs);
    vb_status_t st = subs ? VB_OK : VB_ERR_NOMEM;
    for (size_t i = 0; st == VB_OK && i < n; i++) {
        const char *t = i < a->n ? a->terms[i] : b->terms[i - a->n];
        int dup = 0;
        for (size_t j = 0; j < i && !dup; j++)
            dup = strcmp(t, j < a->n ? a->terms[j] : b->terms[j - a->n]) == 0;
        if (!dup) st = vbx_query_term(t, strlen(t), 1, 0, &subs[m++]);
    }
    vbx_query_t *or = NULL;
    if (st == VB_OK) st = vbx_query_combine(VBX_QUERY_OR, subs, m, 0, &or);
    if (st == VB_OK) st = vbx_query_scale(or, factor, out);
    vbx_query_free(or);
    for (size_t i = 0; subs && i < m; i++) vbx_query_free(subs[i]);
    free(subs);
    return st;
}

typedef struct {
    vbx_query_t **q;
    size_t n, cap;
} qlist_t;

static vb_status_t qlist_push(qlist_t *l, vbx_query_t *q)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        vbx_query_t **nq = realloc(l->q, cap * sizeof *nq);
        if (!nq) { vbx_query_free(q); return VB_ERR_NOMEM; }
        l->q = nq;
        l->cap = cap;
    }
    l->q[l->n++] = q;
    return VB_OK;
}

/* The weights of the text leaves of E that score (not under a NOT).
 * UNMARKED: the index holds files typed without diacritics. */
static vb_status_t leaf_bounds(vb_index_t *ix, const ev_t *e, int unmarked, qlist_t *l)
{
    vb_status_t st = VB_OK;
    switch (e->kind) {
    case EV_TEXT: {
        if (!e->nslots || e->idf <= 0) return VB_OK;
        size_t k = vb_rarest_slot(ix, e->slots, e->nslots);
        vbx_query_t *q = NULL;
        st = weighted_alts(&e->slots[k], NULL, e->idf / VB_WDF_SCALE, &q);
        if (st == VB_OK && unmarked && e->fold_slots) {
            /* files typed without diacritics count every spelling (fold_slots):
             * those files by their own bound, the others by theirs */
            vbx_query_t *fq = NULL, *xu = NULL, *a = NULL, *b = NULL;
            st = weighted_alts(&e->slots[k], &e->fold_slots[k], e->idf / VB_WDF_SCALE, &fq);
            if (st == VB_OK) st = vbx_query_term(VB_P_UNMARKED, strlen(VB_P_UNMARKED), 1, 0, &xu);
            vbx_query_t *p1[2] = { q, xu }, *p2[2] = { fq, xu };
            if (st == VB_OK) st = vbx_query_combine(VBX_QUERY_AND_NOT, p1, 2, 0, &a);
            if (st == VB_OK) st = vbx_query_combine(VBX_QUERY_FILTER, p2, 2, 0, &b);
            vbx_query_t *p3[2] = { a, b };
            vbx_query_free(q);
            q = NULL;
            if (st == VB_OK) st = vbx_query_combine(VBX_QUERY_OR, p3, 2, 0, &q);
            vbx_query_free(fq);
            vbx_query_free(xu);
            vbx_query_free(a);
            vbx_query_free(b);
        }
        if (st == VB_OK) st = qlist_push(l, q);
        else vbx_query_free(q);
        if (st == VB_OK && e->exact_slots) {
            q = NULL;
            st = weighted_alts(&e->exact_slots[k], NULL, 2.0 * e->idf / VB_WDF_SCALE, &q);
            if (st == VB_OK) st = qlist_push(l, q);
        }
        return st;
    }
    case EV_AND:
    case EV_OR:
        for (size_t i = 0; st == VB_OK && i < e->nkids; i++) st = leaf_bounds(ix, e->kids[i], unmarked, l);
        return st;
    default:   /* NOT, fields, document sets: no score */
        return VB_OK;
    }
}

/* The query Xapian ranks files with: CANDIDATES (weight 0) AND_MAYBE the leaves' bounds. */
static vb_status_t bound_query(vb_index_t *ix, const vbx_query_t *candidates, const ev_t *ev, int unmarked,
                               vbx_query_t **out)
{
    qlist_t l = { NULL, 0, 0 };
    vbx_query_t *filter = NULL;
    vb_status_t st = vbx_query_scale(candidates, 0.0, &filter);
    if (st == VB_OK) st = qlist_push(&l, filter);   /* first: the candidates */
    if (st == VB_OK) st = leaf_bounds(ix, ev, unmarked, &l);
    if (st == VB_OK && l.n == 1) st = vbx_query_scale(candidates, 0.0, out);
    else if (st == VB_OK) {
        vbx_query_t *w = NULL;
        st = vbx_query_combine(VBX_QUERY_OR, l.q + 1, l.n - 1, 0, &w);
        vbx_query_t *pair[2] = { l.q[0], w };
        if (st == VB_OK) st = vbx_query_combine(VBX_QUERY_AND_MAYBE, pair, 2, 0, out);
        vbx_query_free(w);
    }
    for (size_t i = 0; i < l.n; i++) vbx_query_free(l.q[i]);
    free(l.q);
    return st;
}

/* The best K hits seen so far: a heap with the worst (by cmp_hit) on top. */
typedef struct {
    hit_t *h;
    size_t n, cap, k;
} topk_t;

static void topk_down(topk_t *t, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, w = i;
        if (l < t->n && cmp_hit(&t->h[l], &t->h[w]) > 0) w = l;
        if (r < t->n && cmp_hit(&t->h[r], &t->h[w]) > 0) w = r;
        if (w == i) return;
        hit_t x = t->h[i];
        t->h[i] = t->h[w];
        t->h[w] = x;
        i = w;
    }
}

static vb_status_t topk_push(topk_t *t, const hit_t *h)
{
    if (t->n == t->k) {
        if (cmp_hit(h, &t->h[0]) >= 0) return VB_OK;   /* no better than the worst kept */
        t->h[0] = *h;
        topk_down(t, 0);
        return VB_OK;
    }
    hit_t *nh = vb_grow(t->h, t->n, &t->cap, sizeof *nh);
    if (!nh) return VB_ERR_NOMEM;
    t->h = nh;
    size_t i = t->n++;
    t->h[i] = *h;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (cmp_hit(&t->h[i], &t->h[p]) <= 0) break;
        hit_t x = t->h[i];
        t->h[i] = t->h[p];
        t->h[p] = x;
        i = p;
    }
    return VB_OK;
}

/* doccache_prune(): does a hit of the page come from DOCID? */
static int on_page(unsigned docid, void *data)
{
    const topk_t *t = data;
    for (size_t i = 0; i < t->n; i++)
        if (t->h[i].docid == docid) return 1;
    return 0;
}

/* Can a file whose clauses score at most BOUND (file id FILEID, NULL when not
 * yet read) still enter the page? Scores are sums of multiples of
 * idf / VB_WDF_SCALE (eval.c), the bounds the same sums Xapian computes in
 * another order: values within 1e-9 of each other are one value told apart
 * by rounding. A file whose bound equals the page's worst score can only tie
 * with it, and ties go by file id. */
static int topk_open(const topk_t *t, double bound, const char *fileid)
{
    if (t->n < t->k) return 1;
    const hit_t *w = &t->h[0];
    double eps = 1e-9 * (bound > w->score ? bound : w->score) + 1e-12;
    if (w->score > bound + eps) return 0;
    if (w->score >= bound - eps && fileid && strcmp(fileid, w->fileid) > 0) return 0;
    return 1;
}

/* 1 when the query tree N has a FIELD node of F anywhere (a topic's query
 * is never paged by the shards, whose servers may lack the thesaurus: it
 * asks them for no statistics either). */
static int has_field(const vb_qnode_t *n, vb_qfield_t f)
{
    if (n->kind == VB_QN_FIELD && n->field == f) return 1;
    for (size_t i = 0; i < n->nkids; i++)
        if (has_field(n->kids[i], f)) return 1;
    return 0;
}

/* SREQ: a shard's page for a client over shards (shardpage.h), written to
 * SANS instead of handing out results. */
static vb_status_t search_once(vb_index_t *ix, const char *query, const vb_search_opts_t *opts, vb_result_fn fn,
                               void *data, vb_search_stats_t *stats, stream_t *ss, const shardreq_t *sreq,
                               vb_buf_t *sans)
{
    vb_search_opts_t o = *opts;
    if (!ss->active) memset(stats, 0, sizeof *stats);
    vb_clear_error();

    char err[256];
    size_t errcol = 0;
    vb_qnode_t *tree = NULL;
    vb_status_t st = vb_qparse(query, strlen(query), &tree, err, sizeof err, &errcol);
    if (st == VB_ERR_QUERY_SYNTAX) {
        vb_set_error("%s", err);
        stats->error_column = errcol;
        return st;
    }
    if (st != VB_OK) return st;

    compiler_t c;
    memset(&c, 0, sizeof c);
    c.ix = ix;
    c.flags = o.flags;
    c.thesaurus = o.thesaurus;
    /* a page by relevance without exact totals or facets: files in the order
     * of their bounds, stopping once the page is known (bounded top-k). Its
     * candidates hold a phrase's words anywhere: Xapian's own check of the
     * positions in every candidate cost more (a third of a frequent phrase's
     * time at x10) than evaluating the few files read that lack the phrase;
     * not over remote shards, where each file read costs round trips and
     * their own servers check the positions */
    int bounded = o.limit && !(o.flags & (VB_SEARCH_DOCS | VB_SEARCH_NEWEST | VB_SEARCH_OLDEST | VB_SEARCH_TOTALS)) &&
                  !o.facets;
    c.words_only = bounded && !ix->remote;   /* remotely each extra file read is round trips */
    if (sreq && !bounded) {
        vb_qnode_free(tree);
        vb_set_error("shard page: not a page by relevance");
        return VB_ERR_INVALID_ARG;
    }
    /* over remote shards with page servers, each shard finds its own page
     * (shardpage.h): the compiler notes what it reads for them, and reads it
     * from the shards' answers to one question each (termstats.h) */
    c.gdf_keep = !sreq && bounded && ix->remote && ix->nshards && !ix->nmissing && !has_field(tree, VB_QF_TOPIC);
    termstats_t *ts = NULL;
    if (c.gdf_keep && vb_shardstats_ask(ix, query, o.flags, &ts) == VB_OK) ix->tstats = ts;
    vb_clear_error();
    st = vb_ts_doccount(ix, &c.ndocs);
    if (st == VB_OK) st = vb_ts_termfreq(ix, VB_P_UNMARKED, strlen(VB_P_UNMARKED), &c.unmarked_docs);
    if (sreq) {   /* the archive's terms, not this shard's */
        c.ndocs = sreq->ndocs;
        c.gdf = sreq->dfs;
        c.ngdf = sreq->ndfs;
        c.gdf_given = 1;
    }
    node_t root = { NULL, NULL };
    if (st == VB_OK) {
        root = vb_query_compile(&c, tree, 0);
        st = c.st;
    }
    vb_qnode_free(tree);
    ix->tstats = NULL;
    vb_termstats_free(ts);
    if (st == VB_OK && !root.q) root.q = vb_query_match_all(&c);
    if (st == VB_OK) st = c.st;
    if (st == VB_OK && sreq && (c.gdf_mismatch || c.gdf_used != c.ngdf)) {
        vb_set_error("shard page: the request's frequencies do not fit the query (%zu given, %zu read)", c.ngdf,
                     c.gdf_used + (size_t)c.gdf_mismatch);
        st = VB_ERR_INVALID_ARG;
    }
    shardpages_t pages;   /* the files the shards' pages hold (paged: only those are read) */
    memset(&pages, 0, sizeof pages);
    int paged = 0;
    if (st == VB_OK && c.gdf_keep && !c.gdf_mismatch && !c.topics) {
        size_t k = o.offset + o.limit;
        char *req = vb_shardreq_format(query, o.flags, k, c.ndocs, k <= VB_SHARD_RECORDS_K, c.gdf, c.ngdf);
        /* a shard without a page server, or one that fails: the search reads
         * the files itself, as it does without page servers */
        paged = req && vb_shardpages_ask(ix, req, &pages) == VB_OK;
        free(req);
        vb_clear_error();
    }
    if (!c.gdf_given) free(c.gdf);
    c.gdf = NULL;
    if (st != VB_OK) {
        if (st == VB_ERR_QUERY_SYNTAX) {
            vb_set_error("%s", c.err);
            stats->error_column = c.errcol;
        }
        vb_query_node_free(&root);
        patterns_free(&c.pats);
        patterns_free(&c.fpats);
        refspans_free(&c.refs);
        return st;
    }

    int stream = o.limit == 0;   /* --all: streamed in path order; memory does not grow with clauses */
    int docs = (o.flags & VB_SEARCH_DOCS) != 0;
    uint8_t order = (o.flags & VB_SEARCH_NEWEST) ? ORDER_NEWEST : (o.flags & VB_SEARCH_OLDEST) ? ORDER_OLDEST : ORDER_SCORE;
    vbx_query_t *bq = NULL;
    vbx_enquire_t *e = NULL;
    st = vb_index_xerr(vbx_enquire_new(ix->db, &e), ix->path);
    if (paged) {
        /* the shards' pages hold the candidates (below): Xapian has nothing to find */
    } else if (st == VB_OK && bounded) {
        st = bound_query(ix, root.q, root.ev, c.unmarked_docs > 0, &bq);
        if (st == VB_OK) st = vbx_enquire_set_query(e, bq);
        if (st == VB_OK) st = vbx_enquire_set_weighting_wdf(e);
        /* equal bounds in file id order: the order of ties between hits (cmp_hit) */
        if (st == VB_OK) st = vbx_enquire_set_sort_by_relevance_then_value(e, VB_SLOT_FILEID, 0);
        st = vb_index_xerr(st, ix->path);
    } else {
        if (st == VB_OK) st = vb_index_xerr(vbx_enquire_set_query(e, root.q), ix->path);
        if (st == VB_OK) st = vb_index_xerr(vbx_enquire_set_weighting_bool(e), ix->path);
        /* --all streams file by file in the order of the files' canonical paths:
         * the same order whatever the docids (a parallel build numbers files in
         * the order its workers happened to take them; shards interleave) */
        if (st == VB_OK && o.limit == 0) st = vb_index_xerr(vbx_enquire_set_sort_by_value(e, VB_SLOT_REALPATH, 0), ix->path);
        else if (st == VB_OK) st = vb_index_xerr(vbx_enquire_set_docid_order(e, VBX_ASC), ix->path);
    }

    /* over remote shards, positions from the records the search reads anyway */
    vpos_t *vp = NULL;
    if (st == VB_OK && ix->remote && !paged) st = vb_vpos_new(root.ev, &vp);
    /* no FN (--count): no result is handed out, so none is kept and sorted;
     * only how many would be; nor is a score computed */
    int keep_hits = fn || sreq || bounded;
    size_t unkept = 0;
    /* every file of each page Xapian gives is evaluated: their values are
     * read a slot at a time (batch.c), not a file at a time */
    batch_t *batch = NULL;
    unsigned *bdocs = NULL;
    if (st == VB_OK && !ix->remote && !bounded && !paged) {
        unsigned slots[VB_BATCH_MAX_SLOTS] = { VB_SLOT_CLAUSES, VB_SLOT_DATE, VB_SLOT_FILEID };
        size_t ns = 3;
        if (c.unmarked_docs) slots[ns++] = VB_SLOT_UNMARKED;
        for (unsigned w = 0; w < 3; w++)   /* the facets of values: issuer, type, year */
            if (o.facets & (1u << w)) slots[ns++] = vb_facet_slots[w];
        st = vb_batch_new(slots, ns, &batch);
        bdocs = st == VB_OK ? malloc(PAGE * sizeof *bdocs) : NULL;
        if (st == VB_OK && !bdocs) st = VB_ERR_NOMEM;
    }
    /* a term asked twice in a file is read once (remotely the record gives the positions) */
    posmemo_t *memo = st == VB_OK && !ix->remote && vb_ev_repeats_terms(root.ev, keep_hits) ? vb_posmemo_new() : NULL;
    doccache_t *cache = calloc(1, sizeof *cache);
    if (stream && o.facets && !ss->facets) ss->facets = vb_facets_new();
    vb_facets_t *facets = stream ? ss->facets : o.facets ? vb_facets_new() : NULL;
    if (!cache || (o.facets && !facets)) st = VB_ERR_NOMEM;
    topk_t top = { NULL, 0, 0, o.offset + o.limit };
    /* the files typed without diacritics (VB_P_UNMARKED), read when needed */
    char *unm_term = (char *)VB_P_UNMARKED;
    alts_t unm;
    memset(&unm, 0, sizeof unm);
    unm.terms = &unm_term;
    unm.n = 1;
    size_t streamed = ss->streamed, resolved = 0, skipped = 0;
    /* bounded: what the last files read (those with the lowest bounds, like
     * the files left unread) held, for the estimate of the totals */
    size_t tail[VB_TAIL][3];   /* matching clauses, mentions, 1 if any */
    memset(tail, 0, sizeof tail);
    unsigned *read_ids = NULL;   /* bounded: the files read, counted exactly (not sampled again) */
    size_t nread_ids = 0, capread = 0;
    unsigned estimated = 0;   /* Xapian's estimate of the candidate files */
    int stop = 0, cut = 0;    /* cut: files left unread, the page being known */
    /* files asked of Xapian PAGE at a time, bounded or not: each get_mset runs
     * the match again from the first file, and a first page sized to the
     * page of clauses (k + 16, then x4), which most queries outgrow, cost
     * more than ranking 1,000 files once (docs/performance.md, session 15) */
    /* with the shards' pages, their clauses are the candidates: none read here */
    for (size_t i = 0; paged && st == VB_OK && i < pages.n; i++) {
        const shardhit_t *sh = &pages.hits[i];
        hit_t h;
        memset(&h, 0, sizeof h);
        h.docid = sh->docid;
        h.clause = sh->clause;
        h.mentions = sh->mentions;
        h.score = sh->score;
        h.ntok = sh->ntok;
        h.unmarked = (uint8_t)sh->unmarked;
        h.order = ORDER_SCORE;
        memcpy(h.fileid, sh->fileid, sizeof h.fileid);
        st = topk_push(&top, &h);
    }
    for (unsigned first = 0; st == VB_OK && !paged && !stop && !cut;) {
        vbx_mset_t *m = NULL;
        st = vb_index_xerr(vbx_enquire_get_mset(e, first, PAGE, 0, &m), ix->path);
        if (st != VB_OK) break;
        size_t size = vbx_mset_size(m);
        estimated = vbx_mset_matches_estimated(m, NULL, NULL);
        if (batch) {
            for (size_t i = 0; i < size; i++) bdocs[i] = vbx_mset_docid(m, i);
            st = vb_batch_load(ix, batch, bdocs, size);
        }
        for (size_t i = 0; i < size && st == VB_OK && !stop; i++) {
            /* XBOUND orders the files (Xapian's weight); BOUND may be tightened for this file */
            double xbound = bounded ? vbx_mset_weight(m, i) : 0, bound = xbound;
            if (bounded && !topk_open(&top, bound, NULL)) { cut = 1; break; }
            int full = bounded && !paged && top.n == top.k;
            if (full) {
                /* Xapian ranks by one slot of each leaf; the smallest over all
                 * the slots is tighter: a file it rules out is not read */
                unsigned did = vbx_mset_docid(m, i);
                if (c.unmarked_docs && !unm.have_docs) st = vb_index_xerr(vb_alts_load(ix, &unm), ix->path);
                int fold = c.unmarked_docs && vb_alts_has(&unm, 0, did);
                double tight = st == VB_OK ? vb_eval_bound(ix, root.ev, did, fold, &st) : 0;
                if (st != VB_OK) break;
                if (tight < bound) bound = tight;
                if (!topk_open(&top, bound, NULL)) { skipped++; continue; }
            }
            vbx_doc_t *doc = NULL;
            st = vb_index_xerr(vbx_mset_get_document(m, i, &doc), ix->path);
            if (st != VB_OK) break;
            unsigned did = vbx_mset_docid(m, i);
            char *cv = NULL;
            const char *pv = NULL;
            size_t bl = 0;
            if (!vb_batch_value(batch, VB_SLOT_CLAUSES, did, &pv, &bl)) {
                st = vb_index_xerr(vbx_doc_get_value(doc, VB_SLOT_CLAUSES, &cv, &bl), ix->path);
                pv = cv;
            }
            size_t nclauses = 0;
            int oom = 0;
            uint32_t *bases = st == VB_OK ? vb_bases_decode(pv, bl, &nclauses, &oom) : NULL;
            if (oom) st = VB_ERR_NOMEM;
            free(cv);
            vb_posmemo_reset(memo);
            fctx_t f = { ix, did, bases, nclauses, VB_OK, 0, NULL, memo, !keep_hits };
            hit_t h;
            memset(&h, 0, sizeof h);
            if (st == VB_OK && nclauses) {
                value_into(batch, did, doc, VB_SLOT_DATE, h.date, sizeof h.date);
                if (c.unmarked_docs) {
                    char um[2];
                    value_into(batch, did, doc, VB_SLOT_UNMARKED, um, sizeof um);
                    f.unmarked = h.unmarked = um[0] == '1';
                }
                value_into(batch, did, doc, VB_SLOT_FILEID, h.fileid, sizeof h.fileid);
            }
            if (bounded && st == VB_OK && nclauses && !topk_open(&top, bound, h.fileid)) {
                /* a tie with the page's worst hit, from a later file: not better.
                 * With every bound 0 (no scoring word) Xapian gives the files in
                 * file id order, so none after it is either */
                free(bases);
                vbx_doc_free(doc);
                if (xbound == 0) { cut = 1; break; }
                skipped++;
                continue;
            }
            resolved++;
            size_t skip = 0;   /* resumed stream: clauses of this file already given */
            if (stream && st == VB_OK && nclauses) {
                if (stream_done(ss, h.fileid)) nclauses = 0;
                else if (strcmp(ss->cur, h.fileid) == 0) skip = ss->cur_seen;
                else { memcpy(ss->cur, h.fileid, sizeof ss->cur); ss->cur_seen = 0; }
            }
            cres_t r;
            memset(&r, 0, sizeof r);
            /* over remote shards a file's positions come from its record, which
             * came with it: from the index each position list is a round trip
             * (docs/performance.md, session 14) */
            char *rec = NULL;   /* the record, unpacked by vpos_attach */
            size_t reclen = 0;
            if (vp && st == VB_OK && nclauses) st = vpos_attach(ix, vp, doc, &f, &rec, &reclen);
            if (st == VB_OK && nclauses && !vb_eval(&f, root.ev, &r)) st = f.st ? f.st : VB_ERR_NOMEM;
            if (st == VB_OK && nclauses) vb_count_mentions(&f, &r);
            size_t nmatch = 0, counted = skip;   /* counted: clauses of this file counted in the totals */
            size_t best = 0, dmentions = 0;        /* --docs: the best clause, the file's mentions */
            h.order = order;
            h.docid = f.docid;
            for (size_t k = 0; st == VB_OK && k < nclauses && !stop; k++) {
                if (!r.match[k]) continue;
                if (docs) {   /* one hit for the file, after its clauses */
                    if (!nmatch || r.score[k] > r.score[best]) best = k;
                    nmatch++;
                    dmentions += r.mentions[k];
                    continue;
                }
                nmatch++;
                if (skip) { skip--; continue; }
                stats->total_clauses++;
                stats->total_mentions += r.mentions[k];
                if (counted++ == 0) stats->total_documents++;
                h.clause = (uint32_t)k;
                h.mentions = r.mentions[k];
                h.score = r.score[k];
                h.ntok = r.last[k] > bases[k] + 1 ? r.last[k] - bases[k] - 1 : 0;
                if (stream) {
                    ss->cur_seen++;
                    ss->active = 1;   /* counted: from now on a change resumes */
                    if (streamed++ >= o.offset) {
                        st = emit_hit(ix, cache, &c, &h, streamed - 1, fn, data, &stop);
                        if (st == VB_OK) {
                            stats->returned++;
                        } else {   /* not given: count it again when resuming */
                            stats->total_clauses--;
                            stats->total_mentions -= r.mentions[k];
                            if (--counted == 0) stats->total_documents--;
                            ss->cur_seen--;
                            streamed--;
                        }
                    }
                    continue;
                }
                if (keep_hits) st = topk_push(&top, &h);
                else unkept++;
            }
            if (docs && nmatch && st == VB_OK) {
                stats->total_clauses += nmatch;
                stats->total_mentions += dmentions;
                stats->total_documents++;
                h.clause = (uint32_t)best;
                h.mentions = r.mentions[best];
                h.score = r.score[best];
                h.ntok = r.last[best] > bases[best] + 1 ? r.last[best] - bases[best] - 1 : 0;
                h.doc_clauses = nmatch;
                h.doc_mentions = dmentions;
                if (stream) {
                    ss->active = 1;
                    if (streamed++ >= o.offset) {
                        st = emit_hit(ix, cache, &c, &h, streamed - 1, fn, data, &stop);
                        if (st == VB_OK) {
                            stats->returned++;
                        } else {   /* not given: count it again when resuming */
                            stats->total_clauses -= nmatch;
                            stats->total_mentions -= dmentions;
                            stats->total_documents--;
                            streamed--;
                        }
                    }
                } else if (keep_hits) {
                    st = topk_push(&top, &h);
                } else {
                    unkept++;
                }
            }
            /* over remote shards the record came with the document: kept for
             * the page, which would read it again (a round trip with the file) */
            if (ix->remote && !stream && nmatch && st == VB_OK) {
                docrec_t *d = NULL;
                st = docrec_from_record(ix, doc, f.docid, rec, reclen, &d);
                rec = NULL;   /* taken */
                if (st == VB_OK) st = doccache_keep(cache, d);
                if (cache->nkept > top.k + 32) doccache_prune(cache, on_page, &top);
            }
            if (bounded) {
                if (nread_ids == capread) {
                    size_t cap = capread ? capread * 2 : 64;
                    unsigned *nr = realloc(read_ids, cap * sizeof *nr);
                    if (!nr) st = VB_ERR_NOMEM;
                    else { read_ids = nr; capread = cap; }
                }
                if (nread_ids < capread) read_ids[nread_ids++] = f.docid;
                size_t *tl = tail[(resolved - 1) % VB_TAIL];
                tl[0] = nmatch;
                tl[1] = 0;
                for (size_t k = 0; k < nclauses; k++) tl[1] += r.match[k] ? r.mentions[k] : 0;
                tl[2] = nmatch != 0;
            }
            if (st == VB_OK && facets && nmatch)
                st = vb_facets_file(ix, facets, o.facets, batch, doc, f.docid, &r, nclauses, nmatch);
            if (st == VB_OK && stream && nmatch && !stop && !stream_finish(ss, h.fileid)) st = VB_ERR_NOMEM;
            vb_cres_free(&r);
            free(rec);
            free(bases);
            vbx_doc_free(doc);
        }
        vbx_mset_free(m);
        first += (unsigned)size;
        if (size < PAGE) break;
    }
    if (stop && st == VB_OK) st = VB_ERR_CANCELLED;
    if (st == VB_OK && paged) {   /* each shard counted or estimated its own */
        stats->total_documents = pages.documents;
        stats->total_clauses = pages.clauses;
        stats->total_mentions = pages.mentions;
        stats->totals_estimated = pages.estimated;
    } else if (st == VB_OK && (cut || skipped) && resolved) {
        st = vb_estimate_totals(ix, e, root.ev, resolved, estimated, tail, resolved < VB_TAIL ? resolved : VB_TAIL,
                                read_ids, nread_ids, c.unmarked_docs ? &unm : NULL, stats);
    }
    free(read_ids);
    if (st == VB_OK && sreq) {   /* a shard's page: its clauses, unordered, for the client */
        st = vb_shardanswer_totals(sans, ix, stats);
        for (size_t i = 0; i < top.n; i++) {
            const hit_t *h = &top.h[i];
            shardhit_t sh = { "", h->docid, h->clause, h->mentions, h->ntok, h->score, h->unmarked };
            memcpy(sh.fileid, h->fileid, sizeof sh.fileid);
            vb_shardanswer_hit(sans, &sh);
        }
        if (st == VB_OK && sreq->records && top.n) {   /* the documents of those clauses */
            unsigned *ids = malloc(top.n * sizeof *ids);
            for (size_t i = 0; ids && i < top.n; i++) ids[i] = top.h[i].docid;
            st = ids ? vb_shardanswer_records(sans, ix, ids, top.n) : VB_ERR_NOMEM;
            free(ids);
        }
        if (st == VB_OK && sans->oom) st = VB_ERR_NOMEM;
    } else if (st == VB_OK && !stream) {
        if (top.n > 1) qsort(top.h, top.n, sizeof *top.h, cmp_hit);
        if (paged && top.n > o.offset) {   /* the page's documents from their shards' servers, at once */
            unsigned *ids = malloc((top.n - o.offset) * sizeof *ids);
            for (size_t i = o.offset; ids && i < top.n; i++) ids[i - o.offset] = top.h[i].docid;
            if (ids) vb_shardpages_records(ix, &pages, ids, top.n - o.offset, cache);
            free(ids);
        }
        for (size_t i = o.offset; i < top.n && st == VB_OK && !stop; i++) {
            st = emit_hit(ix, cache, &c, &top.h[i], i, fn, data, &stop);
            stats->returned++;
        }
        if (!keep_hits) {
            size_t kept = unkept < top.k ? unkept : top.k;
            stats->returned += kept > o.offset ? kept - o.offset : 0;
        }
        if (stop && st == VB_OK) st = VB_ERR_CANCELLED;
    }
    if (st == VB_OK && facets) st = vb_facets_emit(facets, &o);
    free(top.h);
    if (unm.docs) free(unm.docs[0]);
    if (unm.wdfs) free(unm.wdfs[0]);
    free(unm.docs);
    free(unm.wdfs);
    free(unm.ndocs);
    vbx_query_free(bq);
    vb_shardpages_free(&pages);
    vb_vpos_free(vp);
    vb_batch_free(batch);
    free(bdocs);
    vb_posmemo_free(memo);
    ss->streamed = streamed;
    if (!stream) vb_facets_free(facets);
    if (cache) { doccache_free(cache); free(cache); }
    vbx_enquire_free(e);
    vb_query_node_free(&root);
    patterns_free(&c.pats);
    patterns_free(&c.fpats);
    refspans_free(&c.refs);
    return st;
}

vb_status_t vb_search(vb_index_t *ix, const char *query, const vb_search_opts_t *opts, vb_result_fn fn, void *data,
                      vb_search_stats_t *stats)
{
    if (!ix || !query) return VB_ERR_INVALID_ARG;
    vb_search_opts_t o;
    memset(&o, 0, sizeof o);
    if (opts) o = *opts;
    if ((o.flags & VB_SEARCH_NEWEST) && (o.flags & VB_SEARCH_OLDEST)) return VB_ERR_INVALID_ARG;
    vb_search_stats_t sdummy;
    if (!stats) stats = &sdummy;
    /* Start again at the index as it is now when an indexer's commit or swap
     * gets in the way (vb_index_read_recover); a stream resumes where it was. */
    stream_t ss;
    memset(&ss, 0, sizeof ss);
    vb_status_t st;
    vb_index_read_begin(ix);   /* an indexer does not write over what we read */
    for (int tries = 0;; tries++) {
        st = search_once(ix, query, &o, fn, data, stats, &ss, NULL, NULL);
        if (st == VB_OK || (stats->returned > 0 && !ss.active)) break;   /* a ranked page half given: cannot resume */
        if (!vb_index_read_recover(ix, st, tries)) break;
    }
    vb_index_read_end(ix);
    vb_facets_free(ss.facets);
    free(ss.done);
    return st;
}


/* The compilation of QUERY on IX with the flags a page would have, for
 * what it reads (IX->tstats a recorder). */
static vb_status_t compile_only(vb_index_t *ix, const char *query, unsigned flags)
{
    char err[256];
    size_t errcol = 0;
    vb_qnode_t *tree = NULL;
    vb_status_t st = vb_qparse(query, strlen(query), &tree, err, sizeof err, &errcol);
    if (st != VB_OK) return st;
    compiler_t c;
    memset(&c, 0, sizeof c);
    c.ix = ix;
    c.flags = flags;
    st = vb_ts_doccount(ix, &c.ndocs);
    if (st == VB_OK) st = vb_ts_termfreq(ix, VB_P_UNMARKED, strlen(VB_P_UNMARKED), &c.unmarked_docs);
    node_t root = { NULL, NULL };
    if (st == VB_OK) {
        root = vb_query_compile(&c, tree, 0);
        st = c.st;
    }
    vb_qnode_free(tree);
    vb_query_node_free(&root);
    free(c.gdf);
    patterns_free(&c.pats);
    patterns_free(&c.fpats);
    refspans_free(&c.refs);
    return st;
}

vb_status_t vb_search_shard_stats(vb_index_t *ix, const char *query, unsigned flags, vb_buf_t *answer)
{
    vb_status_t st;
    termstats_t *ts = NULL;
    vb_index_read_begin(ix);
    for (int tries = 0;; tries++) {
        vb_termstats_free(ts);
        ts = vb_termstats_recorder();
        if (!ts) { st = VB_ERR_NOMEM; break; }
        ix->tstats = ts;
        st = compile_only(ix, query, flags);
        ix->tstats = NULL;
        if (st == VB_OK || !vb_index_read_recover(ix, st, tries)) break;
    }
    vb_index_read_end(ix);
    if (st == VB_OK) vb_termstats_write(ts, answer);
    vb_termstats_free(ts);
    return st == VB_OK && answer->oom ? VB_ERR_NOMEM : st;
}

vb_status_t vb_search_shard_page(vb_index_t *ix, const shardreq_t *req, vb_buf_t *answer)
{
    vb_search_opts_t o;
    memset(&o, 0, sizeof o);
    o.flags = req->flags & ~(unsigned)VB_SEARCH_TOTALS;
    o.limit = req->k;
    vb_search_stats_t stats;
    memset(&stats, 0, sizeof stats);
    stream_t ss;
    memset(&ss, 0, sizeof ss);
    vb_status_t st;
    size_t len0 = answer->len;
    vb_index_read_begin(ix);
    for (int tries = 0;; tries++) {
        answer->len = len0;
        st = search_once(ix, req->query, &o, NULL, NULL, &stats, &ss, req, answer);
        if (st == VB_OK || !vb_index_read_recover(ix, st, tries)) break;
    }
    vb_index_read_end(ix);
    free(ss.done);
    return st;
}
