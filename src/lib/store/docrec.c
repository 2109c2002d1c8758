/* A stored document: its record loaded from the index and decoded (the
 * encoder is record.c), and a small cache of them for the searches. */
#include <stdio.h>
#include "store/docrec.h"

static char *dupf(const docrec_t *d, unsigned i)
{
    return d->fl[i] ? vb_strndup(d->f[i], d->fl[i]) : NULL;
}

/* VB_SLOT_FORMAT: "pdf\n<line> <ocr> <conf>\n…" */
static vb_status_t parse_format(docrec_t *d, const char *v, size_t n)
{
    size_t nl = 0;
    for (size_t i = 0; i < n; i++) nl += v[i] == '\n';
    size_t e = strcspn(v, "\n");
    d->format = vb_strndup(v, e < n ? e : n);
    d->pages = calloc(nl ? nl : 1, sizeof *d->pages);
    if (!d->format || !d->pages) return VB_ERR_NOMEM;
    const char *p = v + e, *end = v + n;
    while (p < end && d->npages < nl) {
        p++;   /* the newline */
        char line[64];
        size_t l = 0;
        while (p < end && *p != '\n' && l + 1 < sizeof line) line[l++] = *p++;
        line[l] = '\0';
        while (p < end && *p != '\n') p++;
        char *q = line, *r = NULL;
        long a = strtol(q, &r, 10), b = r ? strtol(r, &q, 10) : 0, c = q ? strtol(q, &r, 10) : -1;
        vb_page_t *pg = &d->pages[d->npages++];
        pg->line = a > 0 ? (unsigned)a : 1;
        pg->ocr = b != 0;
        pg->confidence = (int)(c >= -1 && c <= 100 ? c : -1);
    }
    d->info.format = d->format;
    d->info.pages = d->pages;
    d->info.page_count = d->npages;
    return VB_OK;
}

unsigned docrec_page_of(const docrec_t *d, unsigned line)
{
    unsigned pg = 0;
    for (size_t i = 0; i < d->npages && d->pages[i].line <= line; i++) pg = (unsigned)i + 1;
    return d->npages && !pg ? 1 : pg;
}

vb_status_t docrec_load(vb_index_t *ix, unsigned docid, docrec_t **out)
{
    vbx_doc_t *doc = NULL;
    vb_status_t st = vb_index_xerr(vbx_db_get_document(ix->db, docid, &doc), ix->path);
    if (st == VB_OK) st = docrec_from_doc(ix, doc, docid, out);
    vbx_doc_free(doc);
    return st;
}

vb_status_t vb_record_get(vb_index_t *ix, vbx_doc_t *doc, unsigned docid, char **out, size_t *len)
{
    char *data = NULL;
    size_t n = 0;
    *out = NULL;
    *len = 0;
    vb_status_t st = vb_index_xerr(vbx_doc_get_data(doc, &data, &n), ix->path);
    if (st == VB_OK) st = vb_record_unpack(data ? data : "", n, out, len);
    if (st == VB_ERR_DB_CORRUPT) vb_set_error("%s: the record of document %u is damaged", ix->path, docid);
    free(data);
    return st;
}

static vb_status_t docrec_finish(vb_index_t *ix, docrec_t *d, const char *fv, size_t fvl, docrec_t **out);

vb_status_t docrec_from_doc(vb_index_t *ix, vbx_doc_t *doc, unsigned docid, docrec_t **out)
{
    return docrec_from_record(ix, doc, docid, NULL, 0, out);
}

vb_status_t docrec_from_record(vb_index_t *ix, vbx_doc_t *doc, unsigned docid, char *rec, size_t len, docrec_t **out)
{
    docrec_t *d = calloc(1, sizeof *d);
    if (!d) { free(rec); return VB_ERR_NOMEM; }
    d->docid = docid;
    vb_status_t st = VB_OK;
    if (rec) {
        d->data = rec;
        d->len = len;
    } else {
        st = vb_record_get(ix, doc, docid, &d->data, &d->len);
    }
    char *fv = NULL;
    size_t fvl = 0;
    if (st == VB_OK) st = vb_index_xerr(vbx_doc_get_value(doc, VB_SLOT_FORMAT, &fv, &fvl), ix->path);
    if (st == VB_OK) st = docrec_finish(ix, d, fv, fvl, out);
    else { free(d->data); free(d); }
    free(fv);
    return st;
}

vb_status_t docrec_from_packed(vb_index_t *ix, unsigned docid, const char *packed, size_t plen, const char *fv,
                               size_t fvl, docrec_t **out)
{
    docrec_t *d = calloc(1, sizeof *d);
    if (!d) return VB_ERR_NOMEM;
    d->docid = docid;
    vb_status_t st = vb_record_unpack(packed, plen, &d->data, &d->len);
    if (st == VB_ERR_DB_CORRUPT) vb_set_error("%s: the record of document %u is damaged", ix->path, docid);
    if (st != VB_OK) { free(d->data); free(d); return st; }
    return docrec_finish(ix, d, fv, fvl, out);
}

/* D (its record in D->data) split and decoded; FV, FVL: its VB_SLOT_FORMAT
 * value. D is *OUT's, or freed on failure. */
static vb_status_t docrec_finish(vb_index_t *ix, docrec_t *d, const char *fv, size_t fvl, docrec_t **out)
{
    unsigned docid = d->docid;
    vb_status_t st = VB_OK;
    if (fv && fvl) st = parse_format(d, fv, fvl);
    if (st != VB_OK) { free(d->format); free(d->pages); free(d->data); free(d); return st; }
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
    /* a context written once for the clauses that follow it (VB_RCL_SAME_CONTEXT) */
    for (size_t i = 1; i < d->nclauses; i++) {
        size_t k = i * VB_RCL_COUNT_ + VB_RCL_CONTEXT;
        if (d->cll[k] == 1 && d->cl[k][0] == VB_RCL_SAME_CONTEXT[0]) {
            d->cl[k] = d->cl[k - VB_RCL_COUNT_];
            d->cll[k] = d->cll[k - VB_RCL_COUNT_];
        }
    }
    /* where each clause's text starts: the texts follow each other (schema.h); a
     * damaged table gives shorter texts, never bytes outside the record */
    d->off = malloc((d->nclauses + 1) * sizeof *d->off);
    if (!d->off) { docrec_free(d); return VB_ERR_NOMEM; }
    d->off[0] = 0;
    for (size_t i = 0; i < d->nclauses; i++) {
        size_t len = vb_rec_num(d->cl[i * VB_RCL_COUNT_ + VB_RCL_LENGTH], d->cll[i * VB_RCL_COUNT_ + VB_RCL_LENGTH]);
        size_t left = d->fl[VB_RD_TEXTS] - d->off[i];
        d->off[i + 1] = d->off[i] + (len < left ? len : left);
    }
    static const unsigned idx[] = { VB_RD_FILE, VB_RD_NUMBER, VB_RD_TYPE, VB_RD_ISSUER, VB_RD_DATE, VB_RD_SUBJECT,
                                    VB_RD_PLACE, VB_RD_RECIPIENTS, VB_RD_SIGNER_TITLE, VB_RD_SIGNER_NAME,
                                    VB_RD_ENCODING, VB_RD_EFFECTIVE };
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
    d->info.effective = d->strs[11];
    if (d->info.issuers) {
        d->strs[12] = vb_strndup(d->info.issuers, strcspn(d->info.issuers, "\n"));
        d->info.issuer = d->strs[12];
    }
    st = vb_record_citations(d->f[VB_RD_CITATIONS], d->fl[VB_RD_CITATIONS], &d->cites, &d->ncites);
    if (st != VB_OK) {
        docrec_free(d);
        return st;
    }
    if (!d->format) d->info.format = "text";
    d->info.citation_list = d->cites;
    d->info.citation_count = d->ncites;
    *out = d;
    return VB_OK;
}

void docrec_free(docrec_t *d)
{
    if (!d) return;
    for (size_t i = 0; i < sizeof d->strs / sizeof d->strs[0]; i++) free(d->strs[i]);
    vb_record_citations_free(d->cites, d->ncites);
    free(d->format);
    free(d->pages);
    free(d->cl);
    free(d->cll);
    free(d->off);
    free(d->data);
    free(d);
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
    if (vb_record_assignees(f[VB_RCL_ASSIGNEES], fl[VB_RCL_ASSIGNEES], &cs->assignees, &cs->assignee_count) == VB_OK) {
        r->assignee_list = cs->assignees;
        r->assignee_count = cs->assignee_count;
    }
    cs->amends = fl[VB_RCL_AMENDS] ? vb_strndup(f[VB_RCL_AMENDS], fl[VB_RCL_AMENDS]) : NULL;
    cs->amends_doc = fl[VB_RCL_AMENDS_DOC] ? vb_strndup(f[VB_RCL_AMENDS_DOC], fl[VB_RCL_AMENDS_DOC]) : NULL;
    r->amends = cs->amends;
    r->amends_doc = cs->amends_doc;
    r->line = (unsigned)vb_rec_num(f[VB_RCL_LINE], fl[VB_RCL_LINE]);
    r->match_line = r->line;
    r->page = docrec_page_of(d, r->line);
    r->text = d->f[VB_RD_TEXTS] + d->off[i];
    r->text_len = d->off[i + 1] - d->off[i];
}

void clause_strs_free(clause_strs_t *cs)
{
    free(cs->path);
    free(cs->label);
    free(cs->assignee);
    free(cs->context);
    vb_record_assignees_free(cs->assignees, cs->assignee_count);
    free(cs->amends);
    free(cs->amends_doc);
    memset(cs, 0, sizeof *cs);
}

vb_status_t doccache_get(vb_index_t *ix, doccache_t *c, unsigned docid, const docrec_t **out)
{
    for (size_t i = 0; i < DOCREC_CACHE; i++)
        if (c->recs[i] && c->recs[i]->docid == docid) {
            *out = c->recs[i];
            return VB_OK;
        }
    for (size_t i = 0; i < c->nkept; i++)
        if (c->kept[i]->docid == docid) {
            *out = c->kept[i];
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
    for (size_t i = 0; i < c->nkept; i++) docrec_free(c->kept[i]);
    free(c->kept);
    memset(c, 0, sizeof *c);
}

vb_status_t doccache_keep(doccache_t *c, docrec_t *d)
{
    if (c->nkept == c->capkept) {
        size_t cap = c->capkept ? c->capkept * 2 : 32;
        docrec_t **nk = realloc(c->kept, cap * sizeof *nk);
        if (!nk) { docrec_free(d); return VB_ERR_NOMEM; }
        c->kept = nk;
        c->capkept = cap;
    }
    c->kept[c->nkept++] = d;
    return VB_OK;
}

void doccache_prune(doccache_t *c, int (*wanted)(unsigned docid, void *data), void *data)
{
    size_t k = 0;
    for (size_t i = 0; i < c->nkept; i++) {
        if (wanted(c->kept[i]->docid, data)) c->kept[k++] = c->kept[i];
        else docrec_free(c->kept[i]);
    }
    c->nkept = k;
}

int docrec_clause_is(const docrec_t *d, size_t i, const char *path)
{
    size_t n = d->cll[i * VB_RCL_COUNT_ + VB_RCL_PATH];
    return strlen(path) == n && memcmp(d->cl[i * VB_RCL_COUNT_ + VB_RCL_PATH], path, n) == 0;
}

unsigned docrec_line_at(const docrec_t *d, size_t i, size_t off)
{
    const char *s = d->cl[i * VB_RCL_COUNT_ + VB_RCL_LINES];
    size_t n = d->cll[i * VB_RCL_COUNT_ + VB_RCL_LINES];
    unsigned line = (unsigned)vb_rec_num(d->cl[i * VB_RCL_COUNT_ + VB_RCL_LINE], d->cll[i * VB_RCL_COUNT_ + VB_RCL_LINE]);
    /* entries "<offset - previous offset>[,<lines skipped>]" separated by ';'
     * (record.c, put_lines) */
    size_t o = 0;
    unsigned l = line;
    for (size_t p = 0; p < n;) {
        size_t q = p, d = 0;
        while (q < n && s[q] >= '0' && s[q] <= '9') d = d * 10 + (size_t)(s[q++] - '0');
        if (q == p) break;
        o += d;
        if (q < n && s[q] == ',') {
            size_t v = 0, q0 = ++q;
            while (q < n && s[q] >= '0' && s[q] <= '9') v = v * 10 + (size_t)(s[q++] - '0');
            if (q == q0) break;
            l += (unsigned)v;
        }
        l++;
        if (o > off) break;
        line = l;
        p = q + 1;
    }
    return line;
}
