/* Stored documents: loading records, --show, --refs, --top-cited. */
#include <stdio.h>
#include "store/docrec.h"

static char *dupf(const docrec_t *d, unsigned i)
{
    return d->fl[i] ? vb_strndup(d->f[i], d->fl[i]) : NULL;
}

vb_status_t docrec_load(vb_index_t *ix, unsigned docid, docrec_t **out)
{
    docrec_t *d = calloc(1, sizeof *d);
    if (!d) return VB_ERR_NOMEM;
    d->docid = docid;
    vbx_doc_t *doc = NULL;
    vb_status_t st = vb_index_xerr(vbx_db_get_document(ix->db, docid, &doc), ix->path);
    if (st == VB_OK) st = vb_index_xerr(vbx_doc_get_data(doc, &d->data, &d->len), ix->path);
    vbx_doc_free(doc);
    if (st != VB_OK) { free(d); return st; }
    if (vb_rec_split(d->data, d->len, d->f, d->fl, VB_RD_COUNT_) != VB_RD_COUNT_) {
        vb_set_error("%s: the record of document %u is damaged", ix->path, docid);
        docrec_free(d);
        return VB_ERR_DB_CORRUPT;
    }
    /* the clause table: count its fields, then split it */
    size_t nf = 0;
    {
        const char *t = d->f[VB_RD_CLAUSE_TABLE];
        size_t tl = d->fl[VB_RD_CLAUSE_TABLE], p = 0;
        while (p < tl) {
            size_t v = 0, q = p;
            while (q < tl && t[q] >= '0' && t[q] <= '9') v = v * 10 + (size_t)(t[q++] - '0');
            if (q >= tl || t[q] != ':' || v > tl - q - 1) break;
            p = q + 1 + v;
            nf++;
        }
    }
    d->cl = calloc(nf ? nf : 1, sizeof *d->cl);
    d->cll = calloc(nf ? nf : 1, sizeof *d->cll);
    if (!d->cl || !d->cll) { docrec_free(d); return VB_ERR_NOMEM; }
    nf = vb_rec_split(d->f[VB_RD_CLAUSE_TABLE], d->fl[VB_RD_CLAUSE_TABLE], d->cl, d->cll, nf);
    d->nclauses = nf / VB_RCL_COUNT_;
    static const unsigned idx[] = { VB_RD_FILE, VB_RD_NUMBER, VB_RD_TYPE, VB_RD_ISSUER, VB_RD_DATE, VB_RD_SUBJECT,
                                    VB_RD_PLACE, VB_RD_RECIPIENTS, VB_RD_SIGNER_TITLE, VB_RD_SIGNER_NAME,
                                    VB_RD_ENCODING, VB_RD_CITATIONS };
    for (size_t i = 0; i < sizeof idx / sizeof idx[0]; i++) d->strs[i] = dupf(d, idx[i]);
    d->info.file = d->strs[0];
    d->info.number = d->strs[1];
    d->info.type = d->strs[2];
    d->info.issuers = d->strs[3];
    d->info.date = d->strs[4];
    d->info.subject = d->strs[5];
    d->info.place = d->strs[6];
    d->info.recipients = d->strs[7];
    d->info.signer_title = d->strs[8];
    d->info.signer_name = d->strs[9];
    d->info.encoding = d->strs[10];
    d->info.citations = d->strs[11];
    if (d->info.issuers) {
        d->strs[12] = vb_strndup(d->info.issuers, strcspn(d->info.issuers, "\n"));
        d->info.issuer = d->strs[12];
    }
    *out = d;
    return VB_OK;
}

void docrec_free(docrec_t *d)
{
    if (!d) return;
    for (size_t i = 0; i < 16; i++) free(d->strs[i]);
    free(d->cl);
    free(d->cll);
    free(d->data);
    free(d);
}

static size_t num_field(const char *s, size_t n)
{
    size_t v = 0;
    for (size_t i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++) v = v * 10 + (size_t)(s[i] - '0');
    return v;
}

void docrec_clause(const docrec_t *d, size_t i, vb_result_t *r, clause_strs_t *cs)
{
    const char **f = d->cl + i * VB_RCL_COUNT_;
    const size_t *fl = d->cll + i * VB_RCL_COUNT_;
    memset(r, 0, sizeof *r);
    memset(cs, 0, sizeof *cs);
    r->doc = d->info;
    cs->path = fl[VB_RCL_PATH] ? vb_strndup(f[VB_RCL_PATH], fl[VB_RCL_PATH]) : NULL;
    cs->label = fl[VB_RCL_LABEL] ? vb_strndup(f[VB_RCL_LABEL], fl[VB_RCL_LABEL]) : NULL;
    cs->assignee = fl[VB_RCL_ASSIGNEE] ? vb_strndup(f[VB_RCL_ASSIGNEE], fl[VB_RCL_ASSIGNEE]) : NULL;
    cs->context = fl[VB_RCL_CONTEXT] ? vb_strndup(f[VB_RCL_CONTEXT], fl[VB_RCL_CONTEXT]) : NULL;
    r->path = cs->path;
    r->label = cs->label;
    r->assignee = cs->assignee;
    r->context = cs->context;
    r->line = (unsigned)num_field(f[VB_RCL_LINE], fl[VB_RCL_LINE]);
    size_t off = num_field(f[VB_RCL_OFFSET], fl[VB_RCL_OFFSET]);
    size_t len = num_field(f[VB_RCL_LENGTH], fl[VB_RCL_LENGTH]);
    size_t tl = d->fl[VB_RD_TEXTS];
    if (off > tl) off = tl;
    if (len > tl - off) len = tl - off;
    r->text = d->f[VB_RD_TEXTS] + off;
    r->text_len = len;
}

void clause_strs_free(clause_strs_t *cs)
{
    free(cs->path);
    free(cs->label);
    free(cs->assignee);
    free(cs->context);
    memset(cs, 0, sizeof *cs);
}

vb_status_t doccache_get(vb_index_t *ix, doccache_t *c, unsigned docid, const docrec_t **out)
{
    for (size_t i = 0; i < DOCREC_CACHE; i++)
        if (c->recs[i] && c->recs[i]->docid == docid) {
            *out = c->recs[i];
            return VB_OK;
        }
    docrec_t *d = NULL;
    vb_status_t st = docrec_load(ix, docid, &d);
    if (st != VB_OK) return st;
    docrec_free(c->recs[c->next]);
    c->recs[c->next] = d;
    c->next = (c->next + 1) % DOCREC_CACHE;
    *out = d;
    return VB_OK;
}

void doccache_free(doccache_t *c)
{
    for (size_t i = 0; i < DOCREC_CACHE; i++) docrec_free(c->recs[i]);
    memset(c, 0, sizeof *c);
}

/* ------------------------------------------------------------------ by number */

static size_t number_term(const char *number, char *term, size_t cap)
{
    return vb_number_term(term, cap, VB_P_NUMBER, number, NULL, 0);
}

vb_status_t vb_index_has_number(vb_index_t *ix, const char *number, int *has)
{
    if (!ix || !number || !has) return VB_ERR_INVALID_ARG;
    char term[300];
    size_t n = number_term(number, term, sizeof term);
    if (!n) { *has = 0; return VB_OK; }
    vb_status_t st;
    vb_index_read_begin(ix);
    for (int tries = 0;; tries++) {
        st = vb_index_xerr(vbx_db_term_exists(ix->db, term, n, has), ix->path);
        if (st == VB_OK || !vb_index_read_recover(ix, st, tries)) break;
    }
    vb_index_read_end(ix);
    return st;
}

static vb_status_t show_once(vb_index_t *ix, const char *term, size_t n, vb_result_fn fn, void *data,
                             size_t *found, size_t *given)
{
    size_t docs = 0, rank = 0;
    vbx_postiter_t *it = NULL;
    vb_status_t st = n ? vb_index_xerr(vbx_db_postlist(ix->db, term, n, &it), ix->path) : VB_OK;
    while (st == VB_OK && it) {
        int has = 0;
        unsigned did, wdf;
        st = vb_index_xerr(vbx_postiter_next(it, &has, &did, &wdf), ix->path);
        if (st != VB_OK || !has) break;
        docrec_t *d = NULL;
        st = docrec_load(ix, did, &d);
        if (st != VB_OK) break;
        docs++;
        for (size_t i = 0; i < d->nclauses && st == VB_OK; i++) {
            vb_result_t r;
            clause_strs_t cs;
            docrec_clause(d, i, &r, &cs);
            r.rank = rank++;
            ++*given;
            if (fn(&r, data)) st = VB_ERR_CANCELLED;
            clause_strs_free(&cs);
        }
        docrec_free(d);
    }
    vbx_postiter_free(it);
    *found = docs;
    return st;
}

vb_status_t vb_index_show(vb_index_t *ix, const char *number, vb_result_fn fn, void *data, size_t *found)
{
    if (!ix || !number || !fn) return VB_ERR_INVALID_ARG;
    char term[300];
    size_t n = number_term(number, term, sizeof term);
    size_t docs = 0, given = 0;
    vb_status_t st;
    vb_index_read_begin(ix);
    for (int tries = 0;; tries++) {
        st = show_once(ix, term, n, fn, data, &docs, &given);
        if (st == VB_OK || given > 0 || !vb_index_read_recover(ix, st, tries)) break;
    }
    vb_index_read_end(ix);
    if (found) *found = docs;
    return st;
}

typedef struct { char *key; size_t count; } cited_t;

static int cmp_cited(const void *a, const void *b)
{
    const cited_t *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return strcmp(x->key, y->key);
}

/* Every cited instrument with its number of citing clauses, most cited first. */
static vb_status_t cited_collect(vb_index_t *ix, cited_t **out, size_t *nout)
{
    vbx_termiter_t *it = NULL;
    vb_status_t st = vb_index_xerr(vbx_db_allterms(ix->db, VB_P_REF, strlen(VB_P_REF), &it), ix->path);
    cited_t *v = NULL;
    size_t nv = 0, cap = 0, pl = strlen(VB_P_REF);
    while (st == VB_OK) {
        int has = 0;
        const char *t;
        size_t tl;
        st = vb_index_xerr(vbx_termiter_next(it, &has, &t, &tl), ix->path);
        if (st != VB_OK || !has) break;
        if (memchr(t, '#', tl)) continue; /* pinpoint terms */
        unsigned cf = 0;   /* each citing clause adds one posting: collection freq = citing clauses */
        st = vb_index_xerr(vbx_db_collection_freq(ix->db, t, tl, &cf), ix->path);
        if (st != VB_OK) break;
        if (nv == cap) {
            cap = cap ? cap * 2 : 256;
            cited_t *nvv = realloc(v, cap * sizeof *v);
            if (!nvv) { st = VB_ERR_NOMEM; break; }
            v = nvv;
        }
        v[nv].key = vb_strndup(t + pl, tl - pl);
        if (!v[nv].key) { st = VB_ERR_NOMEM; break; }
        v[nv++].count = cf;
    }
    vbx_termiter_free(it);
    if (st == VB_OK && nv > 1) qsort(v, nv, sizeof *v, cmp_cited);
    *out = v;
    *nout = nv;
    return st;
}

static void cited_free(cited_t *v, size_t nv)
{
    for (size_t i = 0; i < nv; i++) free(v[i].key);
    free(v);
}

vb_status_t vb_index_top_cited(vb_index_t *ix, size_t n, vb_facet_fn fn, void *data)
{
    if (!ix || !fn) return VB_ERR_INVALID_ARG;
    cited_t *v = NULL;
    size_t nv = 0;
    vb_status_t st;
    vb_index_read_begin(ix);
    for (int tries = 0;; tries++) {
        st = cited_collect(ix, &v, &nv);
        if (st == VB_OK) break;
        cited_free(v, nv);
        v = NULL;
        nv = 0;
        if (!vb_index_read_recover(ix, st, tries)) break;
    }
    vb_index_read_end(ix);
    for (size_t i = 0; st == VB_OK && i < nv && i < n; i++)
        if (fn(VB_FACET_REF, v[i].key, v[i].count, data)) st = VB_ERR_CANCELLED;
    cited_free(v, nv);
    return st;
}
