/* Documents by number: --show, whether a number is in the archive (--refs),
 * and the most cited instruments (--top-cited); the walk of a term's
 * postings that they and status.c share. */
#include <stdio.h>
#include <strings.h>
#include "store/docrec.h"
#include "query/qparse.h"
#include "query/refkeys.h"
#include "query/status.h"


static size_t number_term(const char *number, char *term, size_t cap)
{
    return vb_number_term(term, cap, VB_P_NUMBER, number, NULL, 0);
}

/* ------------------------------------------------------------------ postings */

vb_status_t vb_postings_load(vb_index_t *ix, const char *term, size_t len, unsigned **docs, unsigned **wdfs,
                             size_t *n)
{
    if (ix->remote) {
        /* over remote shards, the list in one reply through the matcher: Xapian
         * 1.4 sends a posting list one message per posting (docs/scaling.md) */
        vb_status_t st = vbx_db_postings(ix->db, term, len, docs, wdfs, n);
        return st == VB_OK || st == VB_ERR_NOMEM ? st : vb_index_xerr(st, ix->path);
    }
    vbx_postiter_t *it = NULL;
    size_t cap = 0;
    vb_status_t st = vbx_db_postlist(ix->db, term, len, &it);
    while (st == VB_OK) {
        int has = 0;
        unsigned did = 0, wdf = 0;
        st = vbx_postiter_next(it, &has, &did, &wdf);
        if (st != VB_OK || !has) break;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            unsigned *nd = realloc(*docs, cap * sizeof *nd);
            if (!nd) { st = VB_ERR_NOMEM; break; }
            *docs = nd;
            unsigned *nw = realloc(*wdfs, cap * sizeof *nw);
            if (!nw) { st = VB_ERR_NOMEM; break; }
            *wdfs = nw;
        }
        (*docs)[*n] = did;
        (*wdfs)[(*n)++] = wdf;
    }
    vbx_postiter_free(it);
    if (st != VB_OK) return st == VB_ERR_NOMEM ? st : vb_index_xerr(st, ix->path);
    return VB_OK;
}

vb_status_t vb_for_each_posting(vb_index_t *ix, const char *term, size_t len, size_t max, vb_posting_fn fn,
                                void *data)
{
    if (len == 0) return VB_OK;
    unsigned *docs = NULL, *wdfs = NULL;
    size_t n = 0;
    vb_status_t st = vb_postings_load(ix, term, len, &docs, &wdfs, &n);
    for (size_t i = 0; st == VB_OK && i < n && (!max || i < max); i++) st = fn(docs[i], data);
    free(docs);
    free(wdfs);
    return st;
}

vb_status_t vb_for_each_term(vb_index_t *ix, const char *prefix, int with_docs, vb_term_fn fn, void *data)
{
    vbx_termiter_t *it = NULL;
    vb_status_t st = vb_index_xerr(vbx_db_allterms(ix->db, prefix, strlen(prefix), &it), ix->path);
    while (st == VB_OK) {
        int has = 0;
        const char *t;
        size_t tl;
        st = vb_index_xerr(vbx_termiter_next(it, &has, &t, &tl), ix->path);
        if (st != VB_OK || !has) break;
        unsigned docs = 0;
        if (with_docs) st = vb_index_xerr(vbx_termiter_termfreq(it, &docs), ix->path);
        if (st == VB_OK) st = fn(t, tl, docs, data);
    }
    vbx_termiter_free(it);
    return st;
}

typedef struct {
    vb_index_t *ix;
    vb_posting_doc_fn fn;
    void *data;
} doc_walk_t;

static vb_status_t load_doc(unsigned docid, void *data)
{
    const doc_walk_t *w = data;
    docrec_t *d = NULL;
    vb_status_t st = docrec_load(w->ix, docid, &d);
    if (st != VB_OK) return st;
    st = w->fn(d, w->data);
    docrec_free(d);
    return st;
}

typedef struct {
    unsigned *v;
    size_t n, cap;
} docids_t;

static vb_status_t add_docid(unsigned docid, void *data)
{
    docids_t *x = data;
    if (x->n == x->cap) {
        x->cap = x->cap ? x->cap * 2 : 64;
        unsigned *nv = realloc(x->v, x->cap * sizeof *nv);
        if (!nv) return VB_ERR_NOMEM;
        x->v = nv;
    }
    x->v[x->n++] = docid;
    return VB_OK;
}

typedef struct {
    char id[24];   /* VB_SLOT_FILEID: 16 hex digits */
    unsigned docid;
} by_file_t;

static int cmp_by_file(const void *a, const void *b)
{
    const by_file_t *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : x->docid < y->docid ? -1 : x->docid > y->docid;
}

/* In file id order, whatever the docids (status.h): the postings, then each
 * document's file id (a value). The postings are walked, not sorted by a
 * Xapian query: a sorted match reads every posting list whole, and readers
 * during an indexer's directory swap then failed where walks recover
 * (test-disk-concurrency). Over remote shards each value would be a round
 * trip with the whole record: docid order there. */
vb_status_t vb_docs_by_file(vb_index_t *ix, const char *const *terms, const size_t *lens, size_t n, unsigned **out,
                            size_t *nout)
{
    docids_t x = { NULL, 0, 0 };
    vb_status_t st = VB_OK;
    *out = NULL;
    *nout = 0;
    for (size_t i = 0; st == VB_OK && i < n; i++) st = vb_for_each_posting(ix, terms[i], lens[i], 0, add_docid, &x);
    if (st == VB_OK) x.n = vb_sort_unique(x.v, x.n);
    if (st == VB_OK && x.n > 1 && !ix->remote) {
        by_file_t *k = calloc(x.n, sizeof *k);
        if (!k) st = VB_ERR_NOMEM;
        for (size_t i = 0; st == VB_OK && i < x.n; i++) {
            vbx_doc_t *d = NULL;
            k[i].docid = x.v[i];
            st = vb_index_xerr(vbx_db_get_document(ix->db, x.v[i], &d), ix->path);
            char *v = NULL;
            size_t vl = 0;
            if (st == VB_OK) st = vb_index_xerr(vbx_doc_get_value(d, VB_SLOT_FILEID, &v, &vl), ix->path);
            if (st == VB_OK && v) memcpy(k[i].id, v, vl < sizeof k[i].id - 1 ? vl : sizeof k[i].id - 1);
            free(v);
            vbx_doc_free(d);
        }
        if (st == VB_OK) {
            qsort(k, x.n, sizeof *k, cmp_by_file);
            for (size_t i = 0; i < x.n; i++) x.v[i] = k[i].docid;
        }
        free(k);
    }
    if (st != VB_OK) {
        free(x.v);
        return st;
    }
    *out = x.v;
    *nout = x.n;
    return VB_OK;
}

/* The first MAX documents of TERM in file id order over remote shards, where
 * vb_docs_by_file gives docid order: Xapian's remote matchers sort by the
 * value where the data is, one round trip a shard. (Locally the walk stays,
 * as vb_docs_by_file says why.) */
static vb_status_t first_by_file_remote(vb_index_t *ix, const char *term, size_t len, size_t max, unsigned **out,
                                        size_t *nout)
{
    vbx_query_t *q = NULL;
    vbx_enquire_t *e = NULL;
    vbx_mset_t *m = NULL;
    *out = NULL;
    *nout = 0;
    vb_status_t st = vbx_query_term(term, len, 1, 0, &q);
    if (st == VB_OK) st = vbx_enquire_new(ix->db, &e);
    if (st == VB_OK) st = vbx_enquire_set_query(e, q);
    if (st == VB_OK) st = vbx_enquire_set_weighting_bool(e);
    if (st == VB_OK) st = vbx_enquire_set_sort_by_value(e, VB_SLOT_FILEID, 0);
    if (st == VB_OK) st = vbx_enquire_get_mset(e, 0, (unsigned)max, 0, &m);
    st = vb_index_xerr(st, ix->path);
    size_t n = st == VB_OK ? vbx_mset_size(m) : 0;
    unsigned *v = n ? malloc(n * sizeof *v) : NULL;
    if (n && !v) st = VB_ERR_NOMEM;
    for (size_t i = 0; v && i < n; i++) v[i] = vbx_mset_docid(m, i);
    vbx_mset_free(m);
    vbx_enquire_free(e);
    vbx_query_free(q);
    if (st != VB_OK) {
        free(v);
        return st;
    }
    *out = v;
    *nout = n;
    return VB_OK;
}

vb_status_t vb_for_each_doc(vb_index_t *ix, const char *term, size_t len, size_t max, vb_posting_doc_fn fn,
                            void *data)
{
    doc_walk_t w = { ix, fn, data };
    if (len == 0) return VB_OK;
    unsigned *docs = NULL;
    size_t n = 0;
    vb_status_t st = max && ix->remote ? first_by_file_remote(ix, term, len, max, &docs, &n)
                                       : vb_docs_by_file(ix, &term, &len, 1, &docs, &n);
    for (size_t i = 0; st == VB_OK && i < n && (!max || i < max); i++) st = load_doc(docs[i], &w);
    free(docs);
    return st;
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

/* Is PATH (N bytes) the clause PIN or under it ("5.2" under "5", not "52")? ASCII case-blind. */
static int in_subtree(const char *path, size_t n, const char *pin)
{
    size_t pl = strlen(pin);
    return n >= pl && strncasecmp(path, pin, pl) == 0 && (n == pl || path[pl] == '.');
}

typedef struct {
    const char *pin;
    vb_result_fn fn;
    void *data;
    size_t docs, rank, *given;
} show_t;

/* One document of the number: its clauses (those under the pin) to the callback. */
static vb_status_t show_doc(const docrec_t *d, void *data)
{
    show_t *s = data;
    vb_status_t st = VB_OK;
    s->docs++;
    for (size_t i = 0; i < d->nclauses && st == VB_OK; i++) {
        size_t at = i * VB_RCL_COUNT_ + VB_RCL_PATH;
        if (s->pin && !in_subtree(d->cl[at], d->cll[at], s->pin)) continue;
        vb_result_t r;
        clause_strs_t cs;
        docrec_clause(d, i, &r, &cs);
        r.rank = s->rank++;
        ++*s->given;
        if (s->fn(&r, s->data)) st = VB_ERR_CANCELLED;
        clause_strs_free(&cs);
    }
    return st;
}

static vb_status_t show_once(vb_index_t *ix, const char *term, size_t n, const char *pin, vb_result_fn fn,
                             void *data, size_t *found, size_t *given)
{
    show_t s = { .pin = pin, .fn = fn, .data = data, .given = given };
    vb_status_t st = vb_for_each_doc(ix, term, n, 0, show_doc, &s);
    *found = s.docs;
    return st;
}

/* PINPOINT as a clause path: the spelt-out forms of ref: ("Điều 28",
 * "khoản 2 Điều 5", "Đ5.2") read as ref: reads them, anything else as given
 * ("5", "II.3", "p3.5"). *OUT is malloc'd. VB_OK or VB_ERR_NOMEM. */
vb_status_t vb_pin_path(const char *pinpoint, char **out)
{
    *out = NULL;
    vb_buf_t q = { 0 };
    vb_qnode_t *tree = NULL;
    char err[128];
    size_t col = 0;
    if (!strchr(pinpoint, '"')) {
        vb_buf_printf(&q, "ref:\"0/X %s\"", pinpoint);
        if (q.oom) { vb_buf_free(&q); return VB_ERR_NOMEM; }
        vb_status_t st = vb_qparse(q.data, q.len, &tree, err, sizeof err, &col);
        vb_buf_free(&q);
        if (st == VB_ERR_NOMEM) return st;
        if (st == VB_OK && tree->kind == VB_QN_FIELD && tree->field == VB_QF_REF && tree->pinpoint)
            *out = vb_strndup(tree->pinpoint, strlen(tree->pinpoint));
        vb_qnode_free(tree);
        if (*out) return VB_OK;
    }
    *out = vb_strndup(pinpoint, strlen(pinpoint));
    return *out ? VB_OK : VB_ERR_NOMEM;
}

vb_status_t vb_index_show_clauses(vb_index_t *ix, const char *number, const char *pinpoint, vb_result_fn fn,
                                  void *data, size_t *docs, size_t *clauses)
{
    if (!ix || !number || !fn) return VB_ERR_INVALID_ARG;
    char term[300];
    size_t n = number_term(number, term, sizeof term);
    size_t found = 0, given = 0;
    char *pin = NULL;
    vb_status_t st = pinpoint && *pinpoint ? vb_pin_path(pinpoint, &pin) : VB_OK;
    if (st != VB_OK) return st;
    vb_index_read_begin(ix);
    for (int tries = 0;; tries++) {
        st = show_once(ix, term, n, pin, fn, data, &found, &given);
        if (st == VB_OK || given > 0 || !vb_index_read_recover(ix, st, tries)) break;
    }
    vb_index_read_end(ix);
    free(pin);
    if (docs) *docs = found;
    if (clauses) *clauses = given;
    return st;
}

vb_status_t vb_index_show(vb_index_t *ix, const char *number, vb_result_fn fn, void *data, size_t *found)
{
    return vb_index_show_clauses(ix, number, NULL, fn, data, found, NULL);
}

/* ------------------------------------------------------------------ identity */

/* Words of an issuer that do not tell one body from another of its kind. */
static int generic_word(const char *w)
{
    static const char *const g[] = { "ubnd", "uy", "ban", "nhan", "dan", "hdnd", "hoi", "dong", "tinh", "thanh",
                                      "pho", "huyen", "xa", "quan", "thi", "tran", "cua", "chu", "tich", "truong",
                                      "thu", "tuong", "bo", "so", "cuc", "tong", "va", "tm", "kt", "cac", "co",
                                      "nha", "nuoc" };
    for (size_t i = 0; i < sizeof g / sizeof g[0]; i++)
        if (strcmp(w, g[i]) == 0) return 1;
    return 0;
}

/* Does the citation's issuer CITED agree with the document's issuers and
 * place (folded text HAVE, words between spaces)? Every word of CITED that
 * tells bodies apart ("Nghệ An", "Tài chính") must be among them; an issuer
 * of generic words only ("Ủy ban nhân dân tỉnh") says nothing. */
static int issuer_agrees(const char *cited, const char *have)
{
    char ck[512];
    vb_name_key(cited, strlen(cited), ck, sizeof ck);
    for (char *w = ck; *w;) {
        size_t n = strcspn(w, " ");
        char save = w[n];
        w[n] = '\0';
        if (!generic_word(w)) {
            int found = 0;
            for (const char *h = have; *h && !found;) {
                size_t m = strcspn(h, " ");
                found = m == n && memcmp(h, w, n) == 0;
                h += m;
                while (*h == ' ') h++;
            }
            if (!found) return 0;
        }
        w[n] = save;
        w += n;
        while (*w == ' ') w++;
    }
    return 1;
}

static int date_agrees(const char *cited, const char *have)
{
    if (!cited || !*cited || !have || !*have) return 1;   /* not given, or not known: no disagreement */
    size_t n = strlen(cited);
    return n == 4 ? strncmp(have, cited, 4) == 0 : strcmp(have, cited) == 0;
}

int vb_doc_agrees(const vb_citation_t *c, const vb_docinfo_t *d)
{
    if (!date_agrees(c->date, d->date)) return 0;
    /* the same number on the same day: the same instrument, however the issuer is named
       ("Bộ Chính trị" for a Kết luận headed "Ban Chấp hành Trung ương") */
    if (c->date && strlen(c->date) == 10 && d->date && strcmp(c->date, d->date) == 0) return 1;
    if (!c->issuer || !*c->issuer) return 1;
    vb_buf_t b = { 0 };
    if (d->issuers) vb_buf_puts(&b, d->issuers);
    if (d->place) { vb_buf_putc(&b, ' '); vb_buf_puts(&b, d->place); }
    if (b.oom || !b.data) { vb_buf_free(&b); return 1; }
    char hk[1024];
    vb_name_key(b.data, b.len, hk, sizeof hk);
    vb_buf_free(&b);
    return issuer_agrees(c->issuer, hk);
}

/* The number keys a citation names: its number, else what its name resolves to. */
static vb_status_t cited_numbers(vb_index_t *ix, const vb_citation_t *c, refkeys_t *out)
{
    memset(out, 0, sizeof *out);
    if (c->number && *c->number) {
        char key[256];
        vb_number_key(c->number, strlen(c->number), key, sizeof key);
        out->keys = malloc(sizeof *out->keys);
        if (!out->keys || !(out->keys[0] = vb_strndup(key, strlen(key)))) { free(out->keys); out->keys = NULL; return VB_ERR_NOMEM; }
        out->n = out->cap = 1;
        return VB_OK;
    }
    if (!c->name || !*c->name) return VB_OK;
    char year[5] = "";
    vb_buf_t v = { 0 };
    vb_buf_puts(&v, c->name);
    if (vb_year_of(c->date, year)) vb_buf_printf(&v, " %s", year);
    if (v.oom) { vb_buf_free(&v); return VB_ERR_NOMEM; }
    vb_status_t st = vb_ref_keys(ix, v.data, out);
    vb_buf_free(&v);
    return st;
}

typedef struct {
    const vb_citation_t *c;
    vb_doc_fn fn;
    void *data;
    size_t agree;
} resolve_t;

static vb_status_t resolve_doc(const docrec_t *d, void *data)
{
    resolve_t *r = data;
    int ok = vb_doc_agrees(r->c, &d->info);
    r->agree += ok;
    return r->fn && r->fn(&d->info, ok, r->data) ? VB_ERR_CANCELLED : VB_OK;
}

vb_status_t vb_index_resolve(vb_index_t *ix, const vb_citation_t *c, vb_doc_fn fn, void *data, int *link)
{
    if (!ix || !c || !link) return VB_ERR_INVALID_ARG;
    *link = VB_LINK_NONE;
    resolve_t r = { c, fn, data, 0 };
    vb_index_read_begin(ix);
    refkeys_t k;
    vb_status_t st = cited_numbers(ix, c, &k);
    for (size_t i = 0; st == VB_OK && i < k.n; i++) {
        if (strchr(k.keys[i], ' ')) continue;   /* a name key */
        char term[300];
        size_t tl = vb_key_term(term, sizeof term, VB_P_NUMBER, k.keys[i], strlen(k.keys[i]), NULL, 0);
        st = vb_for_each_doc(ix, term, tl, 0, resolve_doc, &r);
    }
    refkeys_free(&k);
    vb_index_read_end(ix);
    *link = r.agree == 1 ? VB_LINK_ARCHIVED : r.agree > 1 ? VB_LINK_AMBIGUOUS : VB_LINK_NONE;
    return st;
}

/* ------------------------------------------------------------------ --top-cited */

typedef struct {
    char *key;
    size_t docs, clauses;
} cited_t;

static int cmp_cited(const void *a, const void *b)
{
    const cited_t *x = a, *y = b;
    if (x->docs != y->docs) return x->docs > y->docs ? -1 : 1;
    if (x->clauses != y->clauses) return x->clauses > y->clauses ? -1 : 1;
    return strcmp(x->key, y->key);
}

typedef struct {
    vb_index_t *ix;
    cited_t *v;
    size_t n, cap;
} cited_acc_t;

static vb_status_t cited_term(const char *t, size_t tl, unsigned df, void *data)
{
    cited_acc_t *a = data;
    size_t pl = strlen(VB_P_REF);
    if (memchr(t, '#', tl) || memchr(t, '@', tl)) return VB_OK;
    cited_t *nv = vb_grow(a->v, a->n, &a->cap, sizeof *nv);
    if (!nv) return VB_ERR_NOMEM;
    a->v = nv;
    a->v[a->n].key = vb_strndup(t + pl, tl - pl);
    if (!a->v[a->n].key) return VB_ERR_NOMEM;
    a->v[a->n].docs = df;
    a->v[a->n++].clauses = 0;
    return VB_OK;
}

static int cmp_cited_docs(const void *a, const void *b)
{
    const cited_t *x = a, *y = b;
    return x->docs != y->docs ? (x->docs > y->docs ? -1 : 1) : 0;
}

/* Every cited instrument (number and name keys; not the pinpoint and
 * name@year terms) with its citing documents; the first N in order (most
 * citing documents, then most citing clauses, then the key) with their
 * citing clauses too. The documents come with the term list; the clauses
 * (the term's collection frequency: each citing clause adds one posting) are
 * a round trip per term and remote shard, so they are asked only for the
 * instruments that can be among the first N: those cited by as many
 * documents as the N-th or more. */
static vb_status_t cited_collect(vb_index_t *ix, size_t n, cited_t **out, size_t *nout)
{
    cited_acc_t a = { ix, NULL, 0, 0 };
    vb_status_t st = vb_for_each_term(ix, VB_P_REF, 1, cited_term, &a);
    if (st == VB_OK && a.n > 1) qsort(a.v, a.n, sizeof *a.v, cmp_cited_docs);
    size_t head = 0;   /* the instruments that can be among the first N */
    if (n && a.n) {
        size_t least = a.v[(n < a.n ? n : a.n) - 1].docs;
        while (head < a.n && a.v[head].docs >= least) head++;
    }
    char term[320];
    size_t pl = strlen(VB_P_REF);
    for (size_t i = 0; st == VB_OK && i < head; i++) {
        size_t kl = strlen(a.v[i].key);
        if (pl + kl >= sizeof term) continue;   /* no such term: the walk gave it */
        memcpy(term, VB_P_REF, pl);
        memcpy(term + pl, a.v[i].key, kl);
        unsigned cf = 0;
        st = vb_index_xerr(vbx_db_collection_freq(ix->db, term, pl + kl, &cf), ix->path);
        a.v[i].clauses = cf;
    }
    if (st == VB_OK && head > 1) qsort(a.v, head, sizeof *a.v, cmp_cited);
    *out = a.v;
    *nout = head;   /* the rest are not in order: not given */
    for (size_t i = head; i < a.n; i++) free(a.v[i].key);
    return st;
}

static void cited_free(cited_t *v, size_t nv)
{
    for (size_t i = 0; i < nv; i++) free(v[i].key);
    free(v);
}

/* Forms seen of one thing, with how often: the most frequent wins, and on a tie
 * the first in byte order, not the first seen: documents come in docid order,
 * which a parallel build and the shards of a stub set differently. */
typedef struct {
    char *s[8];
    size_t n[8], k;
} tally_t;

static void tally(tally_t *t, const char *s)
{
    if (!s || !*s) return;
    for (size_t i = 0; i < t->k; i++)
        if (strcmp(t->s[i], s) == 0) { t->n[i]++; return; }
    if (t->k < 8 && (t->s[t->k] = vb_strndup(s, strlen(s)))) t->n[t->k++] = 1;
}

static const char *tally_best(const tally_t *t)
{
    size_t b = 0;
    for (size_t i = 1; i < t->k; i++)
        if (t->n[i] > t->n[b] || (t->n[i] == t->n[b] && strcmp(t->s[i], t->s[b]) < 0)) b = i;
    return t->k ? t->s[b] : NULL;
}

static void tally_free(tally_t *t)
{
    for (size_t i = 0; i < t->k; i++) free(t->s[i]);
    memset(t, 0, sizeof *t);
}

typedef struct {
    vb_index_t *ix;
    const char *key;
    int name;                /* KEY is a name key */
    tally_t num, type;
    char *title;
    size_t archived;
} describe_t;

/* A document citing the key: how it writes the key and its type. */
static vb_status_t describe_citing(const docrec_t *d, void *data)
{
    describe_t *x = data;
    for (size_t i = 0; i < d->ncites; i++) {
        const vb_citation_t *ct = &d->cites[i];
        if (!vb_citation_has_key(ct, x->key)) continue;
        tally(&x->num, x->name ? ct->name : ct->number);
        tally(&x->type, ct->type);
    }
    return VB_OK;
}

/* An archived document of the number, counted: the first gives the title. */
static vb_status_t describe_archived(unsigned docid, void *data)
{
    describe_t *x = data;
    if (x->archived++ > 0) return VB_OK;
    docrec_t *d = NULL;
    vb_status_t st = docrec_load(x->ix, docid, &d);
    if (st != VB_OK) return st;
    if (d->info.subject) x->title = vb_strndup(d->info.subject, strlen(d->info.subject));
    if (d->info.type && !x->type.k) tally(&x->type, d->info.type);
    docrec_free(d);
    return VB_OK;
}

/* How the citations of KEY write it and its type (from the first few
 * citing documents by file id), and the archived documents of that number. */
static vb_status_t cited_describe(vb_index_t *ix, const cited_t *c, vb_cited_fn fn, void *data)
{
    describe_t x = { .ix = ix, .key = c->key, .name = strchr(c->key, ' ') != NULL };
    char term[320];
    size_t tl = vb_key_term(term, sizeof term, VB_P_REF, c->key, strlen(c->key), NULL, 0);
    /* the first few in file id order, whatever the docids: in posting order
       they were the first the build's threads (or a stub's shards) numbered,
       and one index and its shards named "Luật Ban hành văn bản quy phạm pháp
       luật" by different capitals */
    vb_status_t st = vb_for_each_doc(ix, term, tl, 8, describe_citing, &x);
    tl = x.name ? 0 : vb_key_term(term, sizeof term, VB_P_NUMBER, c->key, strlen(c->key), NULL, 0);
    if (st == VB_OK) st = vb_for_each_posting(ix, term, tl, 0, describe_archived, &x);
    if (st == VB_OK) {
        /* a number that names several documents has no one title */
        const char *num = tally_best(&x.num);
        vb_cited_t out = { c->key, num ? num : c->key, tally_best(&x.type),
                           x.archived == 1 ? x.title : NULL, x.archived, c->docs, c->clauses };
        if (fn(&out, data)) st = VB_ERR_CANCELLED;
    }
    free(x.title);
    tally_free(&x.num);
    tally_free(&x.type);
    return st;
}

vb_status_t vb_index_top_cited(vb_index_t *ix, size_t n, vb_cited_fn fn, void *data)
{
    if (!ix || !fn) return VB_ERR_INVALID_ARG;
    cited_t *v = NULL;
    size_t nv = 0;
    vb_status_t st;
    vb_index_read_begin(ix);
    for (int tries = 0;; tries++) {
        st = cited_collect(ix, n, &v, &nv);
        if (st == VB_OK) break;
        cited_free(v, nv);
        v = NULL;
        nv = 0;
        if (!vb_index_read_recover(ix, st, tries)) break;
    }
    /* each description read again after an indexer's commit, as the counts are
       (FN is called once a description is read whole) */
    for (size_t i = 0; st == VB_OK && i < nv && i < n; i++)
        for (int tries = 0;; tries++) {
            st = cited_describe(ix, &v[i], fn, data);
            if (st == VB_OK || st == VB_ERR_CANCELLED || !vb_index_read_recover(ix, st, tries)) break;
        }
    vb_index_read_end(ix);
    cited_free(v, nv);
    return st;
}
