/* Facets: the values of the matching clauses (issuer, type, year, cited
 * instrument, assignee), counted in a hash table per facet and given out most
 * frequent first. */
#include <stdlib.h>
#include "query/query_internal.h"
#include "store/docrec.h"

#define NFACETS 5   /* VB_FACET_ISSUER, _TYPE, _YEAR, _REF, _ASSIGNEE: bit i is facet i */

typedef struct {
    char *value;
    size_t len;
    size_t count;
} fval_t;

typedef struct {
    fval_t *v;       /* in order of first sight */
    size_t n, cap;
    size_t *slot;    /* open addressing: index into v + 1; 0 free; at most half full */
    size_t nslot;
} facet_t;

struct vb_facets {
    facet_t f[NFACETS];
    int oom;
};

vb_facets_t *vb_facets_new(void)
{
    return calloc(1, sizeof(vb_facets_t));
}

void vb_facets_free(vb_facets_t *fs)
{
    if (!fs) return;
    for (int w = 0; w < NFACETS; w++) {
        for (size_t i = 0; i < fs->f[w].n; i++) free(fs->f[w].v[i].value);
        free(fs->f[w].v);
        free(fs->f[w].slot);
    }
    free(fs);
}

static size_t slot_of(const facet_t *f, const char *v, size_t vl)
{
    size_t h = (size_t)vb_hash64(v, vl, VB_HASH_INIT) & (f->nslot - 1);
    while (f->slot[h]) {
        const fval_t *x = &f->v[f->slot[h] - 1];
        if (x->len == vl && memcmp(x->value, v, vl) == 0) break;
        h = (h + 1) & (f->nslot - 1);
    }
    return h;
}

static int grow(facet_t *f)
{
    size_t nslot = f->nslot ? f->nslot * 2 : 64;
    size_t *ns = calloc(nslot, sizeof *ns);
    if (!ns) return 0;
    free(f->slot);
    f->slot = ns;
    f->nslot = nslot;
    for (size_t i = 0; i < f->n; i++) f->slot[slot_of(f, f->v[i].value, f->v[i].len)] = i + 1;
    return 1;
}

/* Count ADD more for value V of facet W; 0 when out of memory. */
static int facet_add(vb_facets_t *fs, int w, const char *v, size_t vl, size_t add)
{
    facet_t *f = &fs->f[w];
    if ((f->n + 1) * 2 > f->nslot && !grow(f)) return 0;
    size_t h = slot_of(f, v, vl);
    if (f->slot[h]) {
        f->v[f->slot[h] - 1].count += add;
        return 1;
    }
    fval_t *nv = vb_grow(f->v, f->n, &f->cap, sizeof *nv);
    if (!nv) return 0;
    f->v = nv;
    char *s = vb_strndup(v, vl);
    if (!s) return 0;
    f->v[f->n] = (fval_t){ s, vl, add };
    f->slot[h] = ++f->n;
    return 1;
}

static int cmp_fval(const void *a, const void *b)
{
    const fval_t *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return strcmp(x->value, y->value);
}

vb_status_t vb_facets_emit(vb_facets_t *fs, const vb_search_opts_t *o)
{
    for (int w = 0; w < NFACETS; w++) {
        facet_t *f = &fs->f[w];
        if (f->n > 1) qsort(f->v, f->n, sizeof *f->v, cmp_fval);
        /* the table now points at the wrong entries: no more adds after this */
        free(f->slot);
        f->slot = NULL;
        f->nslot = 0;
        for (size_t i = 0; i < f->n; i++)
            if (o->facet_fn && o->facet_fn(1u << w, f->v[i].value, f->v[i].count, o->facet_data))
                return VB_ERR_CANCELLED;
    }
    return VB_OK;
}

const unsigned vb_facet_slots[3] = { VB_SLOT_ISSUER, VB_SLOT_TYPE, VB_SLOT_YEAR };

vb_status_t vb_facets_file(vb_index_t *ix, vb_facets_t *fa, unsigned want, const batch_t *b, vbx_doc_t *doc,
                           unsigned docid, const cres_t *r, size_t nclauses, size_t nmatch)
{
    for (int w = 0; w < 3; w++) {
        if (!(want & (1u << w))) continue;
        const char *bv;
        size_t vl = 0;
        if (vb_batch_value(b, vb_facet_slots[w], docid, &bv, &vl)) {
            if (!facet_add(fa, w, bv, vl, nmatch)) return VB_ERR_NOMEM;
            continue;
        }
        char *v = NULL;
        if (vbx_doc_get_value(doc, vb_facet_slots[w], &v, &vl) != VB_OK) continue;
        int ok = facet_add(fa, w, v ? v : "", vl, nmatch);
        free(v);
        if (!ok) return VB_ERR_NOMEM;
    }
    if (!(want & (VB_FACET_REF | VB_FACET_ASSIGNEE))) return VB_OK;
    /* the instruments each matching clause cites, each once, from the record;
     * the bodies it gives work to, each once */
    docrec_t *d = NULL;
    vb_status_t st = docrec_load(ix, docid, &d);
    if (st != VB_OK) return st;
    const vb_docinfo_t *info = &d->info;
    for (size_t c = 0; c < nclauses && c < d->nclauses && st == VB_OK; c++) {
        if (!r->match[c]) continue;
        if (want & VB_FACET_ASSIGNEE) {
            const char *s = d->cl[c * VB_RCL_COUNT_ + VB_RCL_ASSIGNEES];
            size_t n = d->cll[c * VB_RCL_COUNT_ + VB_RCL_ASSIGNEES], p = 0;
            while (p < n && st == VB_OK) {
                size_t e = p;
                while (e < n && s[e] != 0x1E) e++;
                if (e > p + 1 && !facet_add(fa, 4, s + p + 1, e - p - 1, 1)) st = VB_ERR_NOMEM;
                p = e + 1;
            }
        }
        if (!(want & VB_FACET_REF)) continue;
        for (size_t k = 0; k < info->citation_count && st == VB_OK; k++) {
            const vb_citation_t *ct = &info->citation_list[k];
            /* the number, or for a citation by name without one, the name */
            const char *v = ct->number && *ct->number ? ct->number : ct->name;
            if (!v || !*v || !ct->clause || !docrec_clause_is(d, c, ct->clause)) continue;
            int dup = 0;
            for (size_t e = 0; e < k && !dup; e++) {
                const vb_citation_t *o = &info->citation_list[e];
                const char *ov = o->number && *o->number ? o->number : o->name;
                dup = ov && o->clause && strcmp(o->clause, ct->clause) == 0 && strcmp(ov, v) == 0;
            }
            if (!dup && !facet_add(fa, 3, v, strlen(v), 1)) st = VB_ERR_NOMEM;
        }
    }
    docrec_free(d);
    return st;
}
