/*
 * Positions from the record (query/vpos.c), which the search over remote
 * shards uses instead of asking xapian-tcpsrv for each position list: for
 * every document and every text term of the index, the positions rebuilt
 * from the document's record are the positions the index holds. Documents:
 * the seed letter and, when the real corpus is there, 16 of its files taken
 * at an even step (laws, decisions, plans, a few typed without diacritics).
 * From those positions, counted per clause here, the bounds the index keeps
 * as wdfs (store/schema.h): each text term's, and each syllable's over all
 * its spellings (VB_P_SPELLINGS), present exactly where it is tighter than
 * its spellings' bounds added up.
 * The clause filter of vpos.c (a file read from its record tokenizes only the
 * clauses that can match the query): for queries of several shapes, every
 * document evaluates to the same matching clauses, scores, mentions and
 * mention ends from the filtered positions as from the index's.
 */
#define _GNU_SOURCE 1
#include <unistd.h>
#include "testutil.h"
#include "vanban.h"
#include "query/query_internal.h"
#include "store/docrec.h"

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
    /* footnote numbers glued on, words across '-' and '/', NFD, capitals, a
     * Greek letter between two words, numbers with dots: the clause filter's
     * edge cases (tests/fixtures/text/footnotes-vpos.txt) */
    ck_assert_int_eq(vb_index_add_file(w, "tests/fixtures/text/footnotes-vpos.txt", VB_ENC_AUTO, &res), VB_OK);
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

/* The wdf of TERM in document DID, 0 when it is not there. */
static unsigned index_wdf(vb_index_t *ix, const char *term, unsigned did)
{
    vbx_postiter_t *it = NULL;
    unsigned wdf = 0;
    if (vbx_db_postlist(ix->db, term, strlen(term), &it) != VB_OK) return 0;
    for (;;) {
        int has = 0;
        unsigned d = 0, w = 0;
        ck_assert_int_eq(vbx_postiter_next(it, &has, &d, &w), VB_OK);
        if (!has || d > did) break;
        if (d == did) wdf = w;
    }
    vbx_postiter_free(it);
    return wdf;
}

/* The clause-score bound of POSITIONS (N, sorted) in the clauses of BASES:
 * the best over the clauses of vb_clause_sat_q(count in it, its length). */
static uint32_t bound_of(const uint32_t *const *pos, const size_t *npos, size_t nlists, const uint32_t *bases,
                         size_t nclauses)
{
    uint32_t best = 0;
    for (size_t c = 0; c < nclauses; c++) {
        uint32_t count = 0, len = bases[c + 1] - VB_CLAUSE_GAP - bases[c];
        for (size_t l = 0; l < nlists; l++)
            for (size_t k = 0; k < npos[l]; k++) count += pos[l][k] > bases[c] && pos[l][k] <= bases[c] + len;
        if (count && vb_clause_sat_q(count, len) > best) best = vb_clause_sat_q(count, len);
    }
    return best;
}

/* Every text term's wdf in document DID is the bound of its positions; every
 * syllable held in two spellings or more has its VB_P_SPELLINGS term where
 * that is tighter than the spellings' wdfs added up, and nowhere else. TERMS
 * (N) are sorted, so the spellings of a syllable follow each other. Returns
 * how many spellings terms it checked present. */
static size_t check_bounds(vb_index_t *ix, unsigned did, const vpos_t *vp, char **terms, size_t n,
                           const uint32_t *bases, size_t nclauses)
{
    size_t present = 0;
    for (size_t i = 0; i < n;) {
        /* the group: TERMS[i] and the spellings after it with the same syllable */
        size_t fl = strcspn(terms[i], ":"), j = i;
        const uint32_t *pos[64];
        size_t npos[64], m = 0;
        uint32_t sum = 0;
        int syllable = terms[i][0] < 'A' || terms[i][0] > 'Z';
        for (; j < n && strncmp(terms[j], terms[i], fl) == 0 && (terms[j][fl] == ':' || terms[j][fl] == '\0'); j++) {
            const uint32_t *pv = NULL;
            size_t pn = 0;
            ck_assert(vb_vpos_get(vp, terms[j], &pv, &pn));
            if (!pn) continue;
            uint32_t want = bound_of(&pv, &pn, 1, bases, nclauses);
            ck_assert_msg(index_wdf(ix, terms[j], did) == want, "document %u, term '%s': wdf %u, its bound %u", did,
                          terms[j], index_wdf(ix, terms[j], did), want);
            sum += want;
            if (m < 64) {
                pos[m] = pv;
                npos[m++] = pn;
            }
        }
        if (!syllable || j == i + 1) { i = j; continue; }
        char key[VB_TERM_MAX * 2 + 8];
        snprintf(key, sizeof key, "%s%.*s", VB_P_SPELLINGS, (int)fl, terms[i]);
        uint32_t all = m >= 2 ? bound_of(pos, npos, m, bases, nclauses) : 0;
        unsigned got = index_wdf(ix, key, did);
        if (m >= 2 && all < sum) {
            ck_assert_msg(got == all, "document %u, '%s': wdf %u, the bound of its %zu spellings %u", did, key, got, m, all);
            present++;
        } else {
            ck_assert_msg(got == 0, "document %u holds '%s' (wdf %u), no tighter than its spellings (%u)", did, key, got,
                          sum);
        }
        i = j;
    }
    return present;
}

/* a text term: a syllable form (no upper-case prefix), S<symbol> or D<date> */
static int text_term(const char *t)
{
    if (t[0] < 'A' || t[0] > 'Z') return 1;
    return (t[0] == 'S' || t[0] == 'D') && t[1] && !(t[1] >= 'A' && t[1] <= 'Z');
}

/* Every text term of the index (a syllable form, S<symbol>, D<date>); *N set. */
static char **text_terms(vb_index_t *ix, size_t *n)
{
    char **terms = NULL;
    size_t cap = 0;
    *n = 0;
    vbx_termiter_t *it = NULL;
    ck_assert_int_eq(vbx_db_allterms(ix->db, "", 0, &it), VB_OK);
    for (;;) {
        int has = 0;
        const char *t;
        size_t tl;
        ck_assert_int_eq(vbx_termiter_next(it, &has, &t, &tl), VB_OK);
        if (!has) break;
        if (!text_term(t)) continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 1024;
            terms = realloc(terms, cap * sizeof *terms);
            ck_assert_ptr_nonnull(terms);
        }
        terms[(*n)++] = strndup(t, tl);
    }
    vbx_termiter_free(it);
    return terms;
}

/* Document DID of IX: *DOC (vbx_doc_free), its record unpacked (*DATA, *LEN:
 * free), its clause bases (returned: free; *NCLAUSES of them, and one more). */
static uint32_t *doc_of(vb_index_t *ix, unsigned did, vbx_doc_t **doc, char **data, size_t *len, size_t *nclauses)
{
    ck_assert_int_eq(vbx_db_get_document(ix->db, did, doc), VB_OK);
    char *bv = NULL;
    size_t bl = 0;
    int oom = 0;
    ck_assert_int_eq(vbx_doc_get_value(*doc, VB_SLOT_CLAUSES, &bv, &bl), VB_OK);
    ck_assert_int_eq(vb_record_get(ix, *doc, did, data, len), VB_OK);   /* unpacked */
    uint32_t *bases = vb_bases_decode(bv, bl, nclauses, &oom);
    ck_assert_int_eq(oom, 0);
    ck_assert_uint_gt(*nclauses, 0);
    free(bv);
    return bases;
}

START_TEST(test_positions_from_records)
{
    build();
    vb_index_t *ix = NULL;
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_READ, &ix), VB_OK);
    /* every text term of the index, as the alternatives of one slot */
    size_t n = 0;
    char **terms = text_terms(ix, &n);
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
    size_t compared = 0, positions = 0, spellings = 0;
    for (unsigned did = 1; did <= ndocs; did++) {
        vbx_doc_t *doc = NULL;
        char *data = NULL;
        size_t len = 0, nclauses = 0;
        uint32_t *bases = doc_of(ix, did, &doc, &data, &len, &nclauses);
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
        spellings += check_bounds(ix, did, vp, terms, n, bases, nclauses);
        /* a record that does not agree with the clause table is refused (the file is then read from the index) */
        if (nclauses > 1) {
            bases[nclauses] += 1;
            ck_assert_int_eq(vb_vpos_load(vp, data, len, bases, nclauses), VB_ERR_DB_CORRUPT);
        }
        ck_assert_int_eq(vb_vpos_load(vp, data, len / 2, bases, nclauses), VB_ERR_DB_CORRUPT);
        free(bases);
        free(data);
        vbx_doc_free(doc);
    }
    /* a term no leaf asks for: the index is asked */
    const uint32_t *pv = NULL;
    size_t pn = 0;
    ck_assert(!vb_vpos_get(vp, "XGso tu phap", &pv, &pn));
    fprintf(stderr, "check_vpos: %u documents, %zu term lookups, %zu positions the same; %zu spellings bounds\n",
            ndocs, compared, positions, spellings);
    ck_assert_uint_gt(positions, 1000);
    ck_assert_uint_gt(spellings, vb_test_have_real_corpus() ? 500 : 5);
    vb_vpos_free(vp);
    for (size_t i = 0; i < n; i++) free(terms[i]);
    free(terms);
    vb_index_close(ix);
    vb_test_rm_tree(tmpdir);
}
END_TEST

/* A text leaf of the syllables FOLDS (space-separated), each slot every
 * spelling of its syllable in TERMS (N), as a query typed without diacritics. */
static ev_t *leaf_of(const char *folds, char **terms, size_t n)
{
    ev_t *e = calloc(1, sizeof *e);
    ck_assert_ptr_nonnull(e);
    e->kind = EV_TEXT;
    e->idf = 1.5;
    e->slots = calloc(8, sizeof *e->slots);
    ck_assert_ptr_nonnull(e->slots);
    char buf[128];
    snprintf(buf, sizeof buf, "%s", folds);
    for (char *save = NULL, *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        alts_t *a = &e->slots[e->nslots++];
        size_t wl = strlen(w);
        a->terms = calloc(n, sizeof *a->terms);
        ck_assert_ptr_nonnull(a->terms);
        for (size_t i = 0; i < n; i++)
            if (strncmp(terms[i], w, wl) == 0 && (terms[i][wl] == '\0' || terms[i][wl] == ':'))
                a->terms[a->n++] = terms[i];   /* borrowed */
        ck_assert_msg(a->n > 0, "no spelling of '%s' in the index", w);
    }
    return e;
}

static ev_t *node_of(ev_kind_t kind, ev_t *a, ev_t *b)
{
    ev_t *e = calloc(1, sizeof *e);
    ck_assert_ptr_nonnull(e);
    e->kind = kind;
    e->kids = calloc(2, sizeof *e->kids);
    ck_assert_ptr_nonnull(e->kids);
    e->kids[e->nkids++] = a;
    if (b) e->kids[e->nkids++] = b;
    return e;
}

static void tree_free(ev_t *e)
{
    for (size_t i = 0; i < e->nkids; i++) tree_free(e->kids[i]);
    free(e->kids);
    for (size_t k = 0; k < e->nslots; k++) {
        alts_t *a = &e->slots[k];
        for (size_t i = 0; a->docs && i < a->n; i++) free(a->docs[i]);
        for (size_t i = 0; a->wdfs && i < a->n; i++) free(a->wdfs[i]);
        free(a->docs);
        free(a->wdfs);
        free(a->ndocs);
        free(a->bterm);
        free(a->bdocs);
        free(a->bwdfs);
        free(a->terms);
    }
    free(e->slots);
    free(e);
}

START_TEST(test_filtered_positions_evaluate_alike)
{
    build();
    vb_index_t *ix = NULL;
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_READ, &ix), VB_OK);
    size_t n = 0;
    char **terms = text_terms(ix, &n);
    /* the shapes the filter knows (a phrase, OR, AND, NOT under AND) and words
     * of the seed letter, frequent and rare: the seed and the fixture hold them
     * all, with or without the real corpus */
    ev_t *trees[] = {
        leaf_of("tin dung den", terms, n),
        node_of(EV_OR, leaf_of("ma tuy", terms, n), leaf_of("tin dung den", terms, n)),
        node_of(EV_AND, leaf_of("cong an", terms, n), leaf_of("thanh pho", terms, n)),
        node_of(EV_AND, leaf_of("uy ban nhan dan", terms, n), node_of(EV_NOT, leaf_of("thanh pho", terms, n), NULL)),
        node_of(EV_OR, node_of(EV_AND, leaf_of("to chuc", terms, n), leaf_of("ca nhan", terms, n)), leaf_of("2020", terms, n)),
        /* the fixture's edge cases: "xã hội20", "lao động-việc làm", NFD, "người α lao động", "15.10.2020" */
        leaf_of("xa hoi 20", terms, n),
        leaf_of("lao dong viec lam", terms, n),
        leaf_of("nguoi lao dong", terms, n),
        node_of(EV_OR, leaf_of("15 10 2020", terms, n), leaf_of("1.000.000", terms, n)),
        /* words in two leaves: the memo (eval.c) reads their lists once a file */
        node_of(EV_OR, leaf_of("lao dong", terms, n), leaf_of("nguoi lao dong", terms, n)),
    };
    const size_t ntrees = sizeof trees / sizeof *trees;
    unsigned ndocs = 0;
    ck_assert_int_eq(vbx_db_doccount(ix->db, &ndocs), VB_OK);
    size_t skipped = 0, clauses = 0;
    ck_assert_int_eq(vb_ev_repeats_terms(trees[0], 1), 0);
    ck_assert_int_eq(vb_ev_repeats_terms(trees[ntrees - 1], 0), 1);
    posmemo_t *memo = vb_posmemo_new();
    ck_assert_ptr_nonnull(memo);
    for (size_t t = 0; t < ntrees; t++) {
        vpos_t *vp = NULL;
        ck_assert_int_eq(vb_vpos_new(trees[t], &vp), VB_OK);
        size_t matched = 0;
        for (unsigned did = 1; did <= ndocs; did++) {
            vbx_doc_t *doc = NULL;
            char *data = NULL;
            size_t len = 0, nclauses = 0;
            uint32_t *bases = doc_of(ix, did, &doc, &data, &len, &nclauses);
            ck_assert_int_eq(vb_vpos_load(vp, data, len, bases, nclauses), VB_OK);
            fctx_t fi = { ix, did, bases, nclauses, VB_OK, 0, NULL, NULL, 0 };
            fctx_t fv = fi, fm = fi;
            fv.vp = vp;
            fm.memo = memo;   /* each list read once a file: the same answer */
            vb_posmemo_reset(memo);
            cres_t a, b, m;
            ck_assert_int_eq(vb_eval(&fi, trees[t], &a), 1);
            ck_assert_int_eq(vb_eval(&fv, trees[t], &b), 1);
            ck_assert_int_eq(vb_eval(&fm, trees[t], &m), 1);
            vb_count_mentions(&fi, &a);
            vb_count_mentions(&fv, &b);
            vb_count_mentions(&fm, &m);
            for (size_t c = 0; c < nclauses; c++) {
                ck_assert_msg(a.match[c] == m.match[c] && a.score[c] == m.score[c] && a.mentions[c] == m.mentions[c] &&
                                  a.last[c] == m.last[c],
                              "query %zu, document %u, clause %zu: not the same with the memo", t, did, c);
                ck_assert_msg(a.match[c] == b.match[c], "query %zu, document %u, clause %zu: %s from the index, %s filtered", t,
                              did, c, a.match[c] ? "matches" : "does not match", b.match[c] ? "matches" : "does not");
                if (!a.match[c]) continue;
                matched++;
                ck_assert_msg(a.score[c] == b.score[c] && a.mentions[c] == b.mentions[c] && a.last[c] == b.last[c],
                              "query %zu, document %u, clause %zu: score %g/%g, mentions %u/%u, last %u/%u", t, did, c,
                              a.score[c], b.score[c], a.mentions[c], b.mentions[c], a.last[c], b.last[c]);
            }
            clauses += nclauses;
            vb_cres_free(&a);
            vb_cres_free(&b);
            vb_cres_free(&m);
            free(bases);
            free(data);
            vbx_doc_free(doc);
        }
        ck_assert_msg(matched > 0, "query %zu matches no clause: it tests nothing", t);
        skipped += vb_vpos_skipped(vp);
        vb_vpos_free(vp);
        tree_free(trees[t]);
    }
    vb_posmemo_free(memo);
    fprintf(stderr, "check_vpos: %zu queries, %zu of %zu clauses not tokenized, the same matches\n", ntrees, skipped,
            clauses);
    ck_assert_uint_gt(skipped, clauses / 4);   /* the filter works */
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
    tcase_add_test(tc, test_filtered_positions_evaluate_alike);
    suite_add_tcase(s, tc);
    return vb_test_run(s);
}
