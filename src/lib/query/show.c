/* Documents by number: --show, whether a number is in the archive (--refs),
 * and the most cited instruments (--top-cited). */
#include <stdio.h>
#include <strings.h>
#include "store/docrec.h"
#include "query/qparse.h"


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

/* Is PATH (N bytes) the clause PIN or under it ("5.2" under "5", not "52")? ASCII case-blind. */
static int in_subtree(const char *path, size_t n, const char *pin)
{
    size_t pl = strlen(pin);
    return n >= pl && strncasecmp(path, pin, pl) == 0 && (n == pl || path[pl] == '.');
}

static vb_status_t show_once(vb_index_t *ix, const char *term, size_t n, const char *pin, vb_result_fn fn,
                             void *data, size_t *found, size_t *given)
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
            if (pin && !in_subtree(d->cl[i * VB_RCL_COUNT_ + VB_RCL_PATH], d->cll[i * VB_RCL_COUNT_ + VB_RCL_PATH], pin))
                continue;
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

/* PINPOINT as a clause path: the spelt-out forms of ref: ("Điều 28",
 * "khoản 2 Điều 5", "Đ5.2") read as ref: reads them, anything else as given
 * ("5", "II.3", "p3.5"). *OUT is malloc'd. VB_OK or VB_ERR_NOMEM. */
static vb_status_t pin_path(const char *pinpoint, char **out)
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
    vb_status_t st = pinpoint && *pinpoint ? pin_path(pinpoint, &pin) : VB_OK;
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
