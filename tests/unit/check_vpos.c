/*
 * Positions from the record (query/vpos.c), which the search over remote
 * shards uses instead of asking xapian-tcpsrv for each position list: for
 * every document and every text term of the index, the positions rebuilt
 * from the document's record are the positions the index holds. Documents:
 * the seed letter and, when the real corpus is there, 16 of its files taken
 * at an even step (laws, decisions, plans, a few typed without diacritics).
 */
#define _GNU_SOURCE 1
#include <unistd.h>
#include "testutil.h"
#include "vanban.h"
#include "query/query_internal.h"

static char tmpdir[256];
static char db[512];

static int by_name(const struct dirent **a, const struct dirent **b) { return strcmp((*a)->d_name, (*b)->d_name); }
static int txt_only(const struct dirent *e) { return strstr(e->d_name, ".txt") != NULL; }

static void build(void)
{
    vb_test_tmpdir(tmpdir, sizeof tmpdir, "vpos");
    snprintf(db, sizeof db, "%s/db", tmpdir);
    vb_index_t *w = NULL;
    vb_file_result_t res;
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_WRITE, &w), VB_OK);
    ck_assert_int_eq(vb_index_add_file(w, VB_SEED, VB_ENC_AUTO, &res), VB_OK);
    if (vb_test_have_real_corpus()) {
        struct dirent **ents = NULL;
        int n = scandir(VB_REAL_CORPUS "/docs", &ents, txt_only, by_name);
        ck_assert_int_gt(n, 16);
        for (int i = 0; i < n; i++) {
            if (i % (n / 16) == 0 && i / (n / 16) < 16) {
                char path[1024];
                snprintf(path, sizeof path, "%s/docs/%s", VB_REAL_CORPUS, ents[i]->d_name);
                ck_assert_int_eq(vb_index_add_file(w, path, VB_ENC_AUTO, &res), VB_OK);
            }
            free(ents[i]);
        }
        free(ents);
    } else {
        fprintf(stderr, "check_vpos: %s absent, the seed letter only\n", VB_REAL_CORPUS);
    }
    ck_assert_int_eq(vb_index_close(w), VB_OK);
}

/* a text term: a syllable form (no upper-case prefix), S<symbol> or D<date> */
static int text_term(const char *t)
{
    if (t[0] < 'A' || t[0] > 'Z') return 1;
    return (t[0] == 'S' || t[0] == 'D') && t[1] && !(t[1] >= 'A' && t[1] <= 'Z');
}

START_TEST(test_positions_from_records)
{
    build();
    vb_index_t *ix = NULL;
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_READ, &ix), VB_OK);
    /* every text term of the index, as the alternatives of one slot */
    char **terms = NULL;
    size_t n = 0, cap = 0;
    vbx_termiter_t *it = NULL;
    ck_assert_int_eq(vbx_db_allterms(ix->db, "", 0, &it), VB_OK);
    for (;;) {
        int has = 0;
        const char *t;
        size_t tl;
        ck_assert_int_eq(vbx_termiter_next(it, &has, &t, &tl), VB_OK);
        if (!has) break;
        if (!text_term(t)) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            terms = realloc(terms, cap * sizeof *terms);
            ck_assert_ptr_nonnull(terms);
        }
        terms[n++] = strndup(t, tl);
    }
    vbx_termiter_free(it);
    ck_assert_uint_gt(n, 300);
    alts_t slot;
    memset(&slot, 0, sizeof slot);
    slot.terms = terms;
    slot.n = n;
    ev_t leaf;
    memset(&leaf, 0, sizeof leaf);
    leaf.kind = EV_TEXT;
    leaf.slots = &slot;
    leaf.nslots = 1;
    vpos_t *vp = NULL;
    ck_assert_int_eq(vb_vpos_new(&leaf, &vp), VB_OK);

    unsigned ndocs = 0;
    ck_assert_int_eq(vbx_db_doccount(ix->db, &ndocs), VB_OK);
    size_t compared = 0, positions = 0;
    for (unsigned did = 1; did <= ndocs; did++) {
        vbx_doc_t *doc = NULL;
        ck_assert_int_eq(vbx_db_get_document(ix->db, did, &doc), VB_OK);
        char *bv = NULL, *data = NULL;
        size_t bl = 0, len = 0, nclauses = 0;
        int oom = 0;
        ck_assert_int_eq(vbx_doc_get_value(doc, VB_SLOT_CLAUSES, &bv, &bl), VB_OK);
        ck_assert_int_eq(vbx_doc_get_data(doc, &data, &len), VB_OK);
        uint32_t *bases = vb_bases_decode(bv, bl, &nclauses, &oom);
        ck_assert_int_eq(oom, 0);
        ck_assert_uint_gt(nclauses, 0);
        /* the record agrees with the clause table */
        ck_assert_int_eq(vb_vpos_load(vp, data, len, bases, nclauses), VB_OK);
        for (size_t i = 0; i < n; i++) {
            const uint32_t *pv = NULL;
            size_t pn = 0;
            ck_assert(vb_vpos_get(vp, terms[i], &pv, &pn));
            vbx_positer_t *pi = NULL;
            vb_status_t st = vbx_db_positionlist(ix->db, did, terms[i], strlen(terms[i]), &pi);
            size_t k = 0;
            while (st == VB_OK) {
                int has = 0;
                unsigned pos = 0;
                ck_assert_int_eq(vbx_positer_next(pi, &has, &pos), VB_OK);
                if (!has) break;
                ck_assert_msg(k < pn && pv[k] == pos, "document %u, term '%s': position %u of the index is not %s",
                              did, terms[i], pos, k < pn ? "the record's" : "in the record");
                k++;
            }
            vbx_positer_free(pi);
            ck_assert_msg(k == pn, "document %u, term '%s': the record gives %zu positions, the index %zu", did,
                          terms[i], pn, k);
            compared++;
            positions += pn;
        }
        /* a record that does not agree with the clause table is refused (the file is then read from the index) */
        if (nclauses > 1) {
            bases[nclauses] += 1;
            ck_assert_int_eq(vb_vpos_load(vp, data, len, bases, nclauses), VB_ERR_DB_CORRUPT);
        }
        ck_assert_int_eq(vb_vpos_load(vp, data, len / 2, bases, nclauses), VB_ERR_DB_CORRUPT);
        free(bases);
        free(bv);
        free(data);
        vbx_doc_free(doc);
    }
    /* a term no leaf asks for: the index is asked */
    const uint32_t *pv = NULL;
    size_t pn = 0;
    ck_assert(!vb_vpos_get(vp, "XGso tu phap", &pv, &pn));
    fprintf(stderr, "check_vpos: %u documents, %zu term lookups, %zu positions the same\n", ndocs, compared, positions);
    ck_assert_uint_gt(positions, 1000);
    vb_vpos_free(vp);
    for (size_t i = 0; i < n; i++) free(terms[i]);
    free(terms);
    vb_index_close(ix);
    vb_test_rm_tree(tmpdir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("vpos");
    TCase *tc = tcase_create("vpos");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_positions_from_records);
    suite_add_tcase(s, tc);
    return vb_test_run(s);
}
