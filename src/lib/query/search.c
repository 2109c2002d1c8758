/* The search loop: parse and compile the query (compile.c), page through the
 * candidate files Xapian finds, evaluate each (eval.c), rank the matching
 * clauses or stream them (--all), count facets (facets.c), and hand each
 * result out with its mentions; start again, or resume a stream, when an
 * indexer's commit gets in the way. */
#include <stdio.h>
#include "query/query_internal.h"
#include "query/refkeys.h"
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

static void value_into(vbx_doc_t *d, unsigned slot, char *buf, size_t cap)
{
    char *v = NULL;
    size_t vl = 0;
    buf[0] = '\0';
    if (vbx_doc_get_value(d, slot, &v, &vl) == VB_OK && v) {
        if (vl >= cap) vl = cap - 1;
        memcpy(buf, v, vl);
        buf[vl] = '\0';
    }
    free(v);
}

/* The first occurrence of W (WL bytes) in S (N bytes), or NULL. */
static const char *find_bytes(const char *s, size_t n, const char *w, size_t wl)
{
    if (wl == 0 || wl > n) return NULL;
    for (const char *p = s, *end = s + n - wl; p <= end; p++) {
        p = memchr(p, w[0], (size_t)(end - p) + 1);
        if (!p) return NULL;
        if (memcmp(p, w, wl) == 0) return p;
    }
    return NULL;
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
static size_t result_spans(const compiler_t *c, const docrec_t *d, const vb_result_t *r, int unmarked, size_t **out)
{
    size_t *mm = NULL, *fm = NULL;
    size_t n = find_mentions(&c->pats, r->text, r->text_len, unmarked, &mm);
    size_t nf = c->fpats.n ? find_mentions(&c->fpats, r->text, r->text_len, 1, &fm) : 0;
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
        const char *at = find_bytes(r->text, r->text_len, w, strlen(w));
        if (!at && ct->number && w != ct->number) at = find_bytes(r->text, r->text_len, w = ct->number, strlen(ct->number));
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
    if (h->clause >= d->nclauses) {
        vb_set_error("%s: document %u has fewer clauses than its positions say", ix->path, h->docid);
        return VB_ERR_DB_CORRUPT;
    }
    vb_result_t r;
    clause_strs_t cs;
    docrec_clause(d, h->clause, &r, &cs);
    size_t *mm = NULL;
    r.match_count = result_spans(c, d, &r, h->unmarked, &mm);
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

static vb_status_t push_hit(hit_t **hits, size_t *n, size_t *cap, const hit_t *h)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 1024;
        hit_t *nh = realloc(*hits, nc * sizeof *nh);
        if (!nh) return VB_ERR_NOMEM;
        *hits = nh;
        *cap = nc;
    }
    (*hits)[(*n)++] = *h;
    return VB_OK;
}

static vb_status_t search_once(vb_index_t *ix, const char *query, const vb_search_opts_t *opts, vb_result_fn fn,
                               void *data, vb_search_stats_t *stats, stream_t *ss)
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
    st = vb_index_xerr(vbx_db_doccount(ix->db, &c.ndocs), ix->path);
    if (st == VB_OK)
        st = vb_index_xerr(vbx_db_termfreq(ix->db, VB_P_UNMARKED, strlen(VB_P_UNMARKED), &c.unmarked_docs), ix->path);
    node_t root = { NULL, NULL };
    if (st == VB_OK) {
        root = vb_query_compile(&c, tree, 0);
        st = c.st;
    }
    vb_qnode_free(tree);
    if (st == VB_OK && !root.q) root.q = vb_query_match_all(&c);
    if (st == VB_OK) st = c.st;
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

    vbx_enquire_t *e = NULL;
    st = vb_index_xerr(vbx_enquire_new(ix->db, &e), ix->path);
    if (st == VB_OK) st = vb_index_xerr(vbx_enquire_set_query(e, root.q), ix->path);
    if (st == VB_OK) st = vb_index_xerr(vbx_enquire_set_weighting_bool(e), ix->path);
    /* --all streams file by file in the order of the files' canonical paths:
     * the same order whatever the docids (a parallel build numbers files in
     * the order its workers happened to take them; shards interleave) */
    if (st == VB_OK && o.limit == 0) st = vb_index_xerr(vbx_enquire_set_sort_by_value(e, VB_SLOT_REALPATH, 0), ix->path);
    else if (st == VB_OK) st = vb_index_xerr(vbx_enquire_set_docid_order(e, VBX_ASC), ix->path);

    doccache_t *cache = calloc(1, sizeof *cache);
    int stream = o.limit == 0;   /* --all: streamed in path order; memory does not grow with clauses */
    int docs = (o.flags & VB_SEARCH_DOCS) != 0;
    uint8_t order = (o.flags & VB_SEARCH_NEWEST) ? ORDER_NEWEST : (o.flags & VB_SEARCH_OLDEST) ? ORDER_OLDEST : ORDER_SCORE;
    if (stream && o.facets && !ss->facets) ss->facets = vb_facets_new();
    vb_facets_t *facets = stream ? ss->facets : o.facets ? vb_facets_new() : NULL;
    if (!cache || (o.facets && !facets)) st = VB_ERR_NOMEM;
    hit_t *hits = NULL;
    size_t nhits = 0, caphits = 0, streamed = ss->streamed;
    int stop = 0;
    for (unsigned first = 0; st == VB_OK && !stop;) {
        vbx_mset_t *m = NULL;
        st = vb_index_xerr(vbx_enquire_get_mset(e, first, PAGE, 0, &m), ix->path);
        if (st != VB_OK) break;
        size_t size = vbx_mset_size(m);
        for (size_t i = 0; i < size && st == VB_OK && !stop; i++) {
            vbx_doc_t *doc = NULL;
            st = vb_index_xerr(vbx_mset_get_document(m, i, &doc), ix->path);
            if (st != VB_OK) break;
            char *bv = NULL;
            size_t bl = 0;
            st = vb_index_xerr(vbx_doc_get_value(doc, VB_SLOT_CLAUSES, &bv, &bl), ix->path);
            size_t nclauses = bl >= 8 ? bl / 4 - 1 : 0;
            uint32_t *bases = nclauses ? malloc((nclauses + 1) * sizeof *bases) : NULL;
            if (nclauses && !bases) st = VB_ERR_NOMEM;
            for (size_t k = 0; bases && k <= nclauses; k++) {
                const unsigned char *p = (const unsigned char *)bv + 4 * k;
                bases[k] = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
            }
            free(bv);
            fctx_t f = { ix, vbx_mset_docid(m, i), bases, nclauses, VB_OK, 0 };
            hit_t h;
            memset(&h, 0, sizeof h);
            if (st == VB_OK && nclauses) {
                value_into(doc, VB_SLOT_DATE, h.date, sizeof h.date);
                if (c.unmarked_docs) {
                    char um[2];
                    value_into(doc, VB_SLOT_UNMARKED, um, sizeof um);
                    f.unmarked = h.unmarked = um[0] == '1';
                }
                value_into(doc, VB_SLOT_FILEID, h.fileid, sizeof h.fileid);
            }
            size_t skip = 0;   /* resumed stream: clauses of this file already given */
            if (stream && st == VB_OK && nclauses) {
                if (stream_done(ss, h.fileid)) nclauses = 0;
                else if (strcmp(ss->cur, h.fileid) == 0) skip = ss->cur_seen;
                else { memcpy(ss->cur, h.fileid, sizeof ss->cur); ss->cur_seen = 0; }
            }
            cres_t r;
            memset(&r, 0, sizeof r);
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
                st = push_hit(&hits, &nhits, &caphits, &h);
            }
            if (docs && nmatch && st == VB_OK) {
                stats->total_clauses += nmatch;
                stats->total_mentions += dmentions;
                stats->total_documents++;
                h.clause = (uint32_t)best;
                h.mentions = r.mentions[best];
                h.score = r.score[best];
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
                } else {
                    st = push_hit(&hits, &nhits, &caphits, &h);
                }
            }
            if (st == VB_OK && facets && nmatch)
                st = vb_facets_file(ix, facets, o.facets, doc, f.docid, &r, nclauses, nmatch);
            if (st == VB_OK && stream && nmatch && !stop && !stream_finish(ss, h.fileid)) st = VB_ERR_NOMEM;
            vb_cres_free(&r);
            free(bases);
            vbx_doc_free(doc);
        }
        vbx_mset_free(m);
        first += (unsigned)size;
        if (size < PAGE) break;
    }
    if (stop && st == VB_OK) st = VB_ERR_CANCELLED;
    if (st == VB_OK && !stream) {
        if (nhits > 1) qsort(hits, nhits, sizeof *hits, cmp_hit);
        size_t end = o.offset + o.limit < nhits ? o.offset + o.limit : nhits;
        for (size_t i = o.offset; i < end && st == VB_OK && !stop; i++) {
            st = emit_hit(ix, cache, &c, &hits[i], i, fn, data, &stop);
            stats->returned++;
        }
        if (stop && st == VB_OK) st = VB_ERR_CANCELLED;
    }
    if (st == VB_OK && facets) st = vb_facets_emit(facets, &o);
    free(hits);
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
        st = search_once(ix, query, &o, fn, data, stats, &ss);
        if (st == VB_OK || (stats->returned > 0 && !ss.active)) break;   /* a ranked page half given: cannot resume */
        if (!vb_index_read_recover(ix, st, tries)) break;
    }
    vb_index_read_end(ix);
    vb_facets_free(ss.facets);
    free(ss.done);
    return st;
}

