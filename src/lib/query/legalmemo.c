/* The memo of one read for the legal readings (status.c): the term lists
 * each reading would otherwise list again, read once and kept on the handle
 * until the read ends (read/reopen.c drops it). */
#include <stdio.h>
#include "query/status.h"

/* The term lists every legal reading of one read asks for (a JSON page gives
 * the status of each instrument its results cite, each a reading): the names
 * (XM terms), which instruments the archive changes at all (the XV terms of
 * the changing roles) and which numbers it holds (XN terms), each read once
 * rather than once an instrument. Over remote shards each list is a round
 * trip where the readings made hundreds. It lives on the handle until the
 * read ends (read/reopen.c). */
const vb_cite_role_t vb_changing_roles[VB_NCHANGING] = { VB_CITE_SUA_DOI, VB_CITE_THAY_THE, VB_CITE_BAI_BO,
                                                         VB_CITE_HET_HIEU_LUC };

struct vb_legal_memo {
    struct {
        char **v;            /* the terms, sorted */
        size_t n;
        int have;
    } list[MEMO_COUNT];
    unsigned readings;       /* the legal readings of this read so far */
};

/* The lists that only spare posting lists (MEMO_CHANGED, MEMO_ARCHIVED) are
 * read from this reading of a read on: a list costs about what a dozen
 * readings ask without it (over remote shards, one message per term), and
 * most reads (--status, a page citing little) make fewer. */
#define MEMO_AFTER 12

void vb_legal_memo_free(struct vb_legal_memo *m)
{
    if (!m) return;
    for (int l = 0; l < MEMO_COUNT; l++) {
        for (size_t i = 0; i < m->list[l].n; i++) free(m->list[l].v[i]);
        free(m->list[l].v);
    }
    free(m);
}

typedef struct {
    char **v;
    size_t n, cap;
} terms_t;

static vb_status_t keep_term(const char *t, size_t tl, unsigned docs, void *data)
{
    (void)docs;
    terms_t *a = data;
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 64;
        char **nv = realloc(a->v, cap * sizeof *nv);
        if (!nv) return VB_ERR_NOMEM;
        a->v = nv;
        a->cap = cap;
    }
    if (!(a->v[a->n] = vb_strndup(t, tl))) return VB_ERR_NOMEM;
    a->n++;
    return VB_OK;
}

static int cmp_pstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* One more legal reading in this read. */
vb_status_t vb_memo_reading(vb_index_t *ix)
{
    if (!ix->memo && !(ix->memo = calloc(1, sizeof *ix->memo))) return VB_ERR_NOMEM;
    ix->memo->readings++;
    return VB_OK;
}

/* The handle's memo, with its list WHICH (MEMO_*) read; *OUT NULL (and VB_OK)
 * when that list is not worth reading yet (MEMO_AFTER). */
vb_status_t vb_memo_get(vb_index_t *ix, int which, struct vb_legal_memo **out)
{
    *out = NULL;
    if (!ix->memo && !(ix->memo = calloc(1, sizeof *ix->memo))) return VB_ERR_NOMEM;
    struct vb_legal_memo *m = ix->memo;
    if (which != MEMO_NAMED && m->readings < MEMO_AFTER && !m->list[which].have) return VB_OK;
    vb_status_t st = VB_OK;
    if (!m->list[which].have) {
        terms_t a = { NULL, 0, 0 };
        if (which == MEMO_CHANGED) {
            for (size_t r = 0; st == VB_OK && r < VB_NCHANGING; r++) {
                char prefix[40];
                snprintf(prefix, sizeof prefix, "%s%s:", VB_P_ROLE, vb_cite_role_name(vb_changing_roles[r]));
                st = vb_for_each_term(ix, prefix, 0, keep_term, &a);
            }
        } else {
            st = vb_for_each_term(ix, which == MEMO_NAMED ? VB_P_NAMED : VB_P_NUMBER, 0, keep_term, &a);
        }
        if (st == VB_OK && a.n > 1) qsort(a.v, a.n, sizeof *a.v, cmp_pstr);
        m->list[which].v = a.v;
        m->list[which].n = a.n;
        m->list[which].have = st == VB_OK;
    }
    if (st != VB_OK) {   /* half read: read again next time */
        vb_legal_memo_free(m);
        ix->memo = NULL;
        return st;
    }
    *out = m;
    return VB_OK;
}

/* Is TERM in the memo's list WHICH? */
int vb_memo_has(const struct vb_legal_memo *m, int which, const char *term)
{
    return m->list[which].n &&
           bsearch(&term, m->list[which].v, m->list[which].n, sizeof *m->list[which].v, cmp_pstr) != NULL;
}

char *const *vb_memo_list(const struct vb_legal_memo *m, int which, size_t *n)
{
    *n = m->list[which].n;
    return m->list[which].v;
}
