/*
 * vb_index_legal_status() (issue 18, docs/status.md) on documents written
 * through the writer itself, with their citations' roles given here, so that
 * the derivation is tested whatever the parser reads today:
 *   A  12/2024/QĐ-UBND, Bình Định          the instrument
 *   B  12/2024/QĐ-UBND, Nghệ An            another instrument of the same number
 *   C  30/2025/QĐ-UBND, Bình Định          amends khoản 2 Điều 2 of A, repeals its Điều 3,
 *                                           replaces 05/2020/QĐ-UBND (not archived)
 *   D  40/2025/QĐ-UBND, Nghệ An            replaces B from 2025-07-01; cites "12/2024/QĐ-UBND"
 *                                           once without issuer or date (either of them)
 *   E  41/2025/QĐ-UBND, Nghệ An            its basis: 77/2023/QĐ-UBND (not archived), changed
 *                                           by nothing
 *   F  42/2025/QĐ-UBND, Quảng Nam          cites 30/2025/QĐ-UBND as Quảng Nam's (agrees with
 *                                           no archived document: an instrument as cited)
 */
#define _GNU_SOURCE 1
#include <unistd.h>
#include "testutil.h"
#include "vanban.h"
#include "write/writer.h"

static char tmpdir[256];
static char db[512];

static void put_doc(vb_index_t *w, const char *fileid, const char *number, char *issuer, const char *date,
                    const char *effective, vb_citation_t *ct, size_t nct)
{
    static char *texts[] = { "Điều 1. Nội dung.", "Điều 2. Thi hành." };
    static char *paths[] = { "d1", "d2" };
    static char *labels[] = { "Điều 1", "Điều 2" };
    vb_clause_t cl[2];
    memset(cl, 0, sizeof cl);
    for (int i = 0; i < 2; i++) {
        cl[i].path = paths[i];
        cl[i].label = labels[i];
        cl[i].line = (unsigned)i + 10;
        cl[i].text = texts[i];
        cl[i].text_len = strlen(texts[i]);
    }
    char *issuers[1] = { issuer };
    vb_doc_t doc;
    memset(&doc, 0, sizeof doc);
    doc.number = (char *)number;
    doc.type = "Quyết định";
    doc.issuer = issuers;
    doc.issuer_count = 1;
    doc.date = (char *)date;
    doc.effective = (char *)effective;
    doc.clauses = cl;
    doc.clause_count = 2;
    doc.citations = ct;
    doc.citation_count = nct;
    vb_text_t text;
    memset(&text, 0, sizeof text);
    text.encoding = VB_ENC_UTF8;
    char name[64], real[128];
    snprintf(name, sizeof name, "%s.txt", fileid);
    snprintf(real, sizeof real, "/%s.txt", fileid);
    ck_assert_int_eq(vb_write_document(w->wdb, db, &doc, &text, fileid, name, real, "1:1:1"), VB_OK);
}

static void build(void)
{
    vb_test_tmpdir(tmpdir, sizeof tmpdir, "check-status");
    snprintf(db, sizeof db, "%s/status.db", tmpdir);
    vb_index_t *w = NULL;
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_WRITE, &w), VB_OK);
    ck_assert_int_eq(vb_write_begin_txn(w), VB_OK);
    put_doc(w, "000000000000000a", "12/2024/QĐ-UBND", "Ủy ban nhân dân tỉnh Bình Định", "2024-03-05", "2024-03-15",
            NULL, 0);
    put_doc(w, "000000000000000b", "12/2024/QĐ-UBND", "Ủy ban nhân dân tỉnh Nghệ An", "2024-04-01", NULL, NULL, 0);
    vb_citation_t c[] = {
        { .type = "Quyết định", .number = "12/2024/QĐ-UBND", .date = "2024-03-05", .clause = "d1", .line = 10,
          .text = "khoản 2 Điều 2 Quyết định số 12/2024/QĐ-UBND", .role = VB_CITE_SUA_DOI, .affects = "d2.2" },
        { .type = "Quyết định", .number = "12/2024/QĐ-UBND", .date = "2024-03-05", .clause = "d1", .line = 11,
          .text = "Điều 3 của Quyết định số 12/2024/QĐ-UBND", .role = VB_CITE_BAI_BO, .affects = "d3" },
        { .type = "Quyết định", .number = "05/2020/QĐ-UBND", .issuer = "Ủy ban nhân dân tỉnh Bình Định",
          .clause = "d2", .line = 12, .text = "Quyết định số 05/2020/QĐ-UBND", .role = VB_CITE_THAY_THE,
          .from = "2025-06-20" },
    };
    put_doc(w, "000000000000000c", "30/2025/QĐ-UBND", "Ủy ban nhân dân tỉnh Bình Định", "2025-06-10", "2025-06-20",
            c, 3);
    vb_citation_t d[] = {
        { .type = "Quyết định", .number = "12/2024/QĐ-UBND", .issuer = "Ủy ban nhân dân tỉnh Nghệ An", .clause = "d2",
          .line = 11, .text = "Quyết định số 12/2024/QĐ-UBND của UBND tỉnh Nghệ An", .role = VB_CITE_THAY_THE,
          .from = "2025-07-01" },
        { .type = "Quyết định", .number = "12/2024/QĐ-UBND", .clause = "d1", .line = 10,
          .text = "Quyết định số 12/2024/QĐ-UBND", .role = VB_CITE_DAN_CHIEU },
    };
    put_doc(w, "000000000000000d", "40/2025/QĐ-UBND", "Ủy ban nhân dân tỉnh Nghệ An", "2025-06-01", NULL, d, 2);
    vb_citation_t e[] = {
        { .type = "Quyết định", .number = "77/2023/QĐ-UBND", .clause = "p1", .line = 5,
          .text = "Quyết định số 77/2023/QĐ-UBND", .role = VB_CITE_CAN_CU },
    };
    put_doc(w, "000000000000000e", "41/2025/QĐ-UBND", "Ủy ban nhân dân tỉnh Nghệ An", "2025-06-02", NULL, e, 1);
    vb_citation_t f[] = {
        { .type = "Quyết định", .number = "30/2025/QĐ-UBND", .issuer = "Ủy ban nhân dân tỉnh Quảng Nam",
          .clause = "d1", .line = 10, .text = "Quyết định số 30/2025/QĐ-UBND của UBND tỉnh Quảng Nam",
          .role = VB_CITE_CAN_CU },
    };
    put_doc(w, "000000000000000f", "42/2025/QĐ-UBND", "Ủy ban nhân dân tỉnh Quảng Nam", "2025-06-03", NULL, f, 1);
    ck_assert_int_eq(vb_index_close(w), VB_OK);
}

static const vb_instrument_t *by_issuer(const vb_legal_t *l, const char *word)
{
    for (size_t i = 0; i < l->instrument_count; i++)
        if (l->instruments[i].issuer && strstr(l->instruments[i].issuer, word)) return &l->instruments[i];
    return NULL;
}

static vb_legal_force_t force_of(vb_index_t *ix, const char *number, const char *pin, const char *issuer_word)
{
    vb_legal_t *l = NULL;
    ck_assert_int_eq(vb_index_legal_status(ix, number, pin, &l), VB_OK);
    const vb_instrument_t *in = issuer_word ? by_issuer(l, issuer_word) : l->instrument_count ? &l->instruments[0] : NULL;
    vb_legal_force_t f = in ? in->force : VB_LEGAL_UNKNOWN;
    vb_legal_free(l);
    return f;
}

START_TEST(test_status)
{
    build();
    vb_index_t *ix = NULL;
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_READ, &ix), VB_OK);

    /* the number names two instruments, each with its own status */
    vb_legal_t *l = NULL;
    ck_assert_int_eq(vb_index_legal_status(ix, "12/2024/qđ-ubnd", NULL, &l), VB_OK);
    ck_assert_uint_eq(l->instrument_count, 2);
    ck_assert_uint_eq(l->ambiguous, 1);   /* D's plain reference: either of them */
    const vb_instrument_t *a = by_issuer(l, "Bình Định"), *b = by_issuer(l, "Nghệ An");
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_str_eq(a->file, "000000000000000a.txt");
    ck_assert_int_eq(a->force, VB_LEGAL_PARTLY_REPEALED);
    ck_assert_ptr_null(a->since);
    ck_assert_uint_eq(a->relation_count, 2);
    /* the repeal first, with its evidence; from: the amending document's entry into force */
    ck_assert_int_eq(a->relations[0].role, VB_CITE_BAI_BO);
    ck_assert_str_eq(a->relations[0].number, "30/2025/QĐ-UBND");
    ck_assert_str_eq(a->relations[0].clause, "d1");
    ck_assert_str_eq(a->relations[0].label, "Điều 1");
    ck_assert_uint_eq(a->relations[0].line, 11);
    ck_assert_str_eq(a->relations[0].affects, "d3");
    ck_assert_str_eq(a->relations[0].from, "2025-06-20");
    ck_assert_int_eq(a->relations[0].part, 1);
    ck_assert_int_eq(a->relations[1].role, VB_CITE_SUA_DOI);
    ck_assert_uint_eq(a->citing_documents, 1);
    ck_assert_int_eq(b->force, VB_LEGAL_REPLACED);
    ck_assert_str_eq(b->since, "2025-07-01");
    ck_assert_str_eq(b->relations[0].number, "40/2025/QĐ-UBND");
    /* a citation goes to the instrument it agrees with */
    vb_citation_t na = { .number = "12/2024/QĐ-UBND", .issuer = "UBND tỉnh Nghệ An" };
    ck_assert_ptr_eq(vb_legal_instrument_of(l, &na), b);
    vb_citation_t none = { .number = "12/2024/QĐ-UBND" };
    ck_assert_ptr_null(vb_legal_instrument_of(l, &none));
    vb_citation_t other = { .number = "13/2024/QĐ-UBND" };
    ck_assert_ptr_null(vb_legal_instrument_of(l, &other));
    vb_legal_free(l);

    /* per article */
    ck_assert_int_eq(force_of(ix, "12/2024/QĐ-UBND", "d2.2", "Bình Định"), VB_LEGAL_AMENDED);
    ck_assert_int_eq(force_of(ix, "12/2024/QĐ-UBND", "d2.2.a", "Bình Định"), VB_LEGAL_AMENDED);
    ck_assert_int_eq(force_of(ix, "12/2024/QĐ-UBND", "d2", "Bình Định"), VB_LEGAL_AMENDED);
    ck_assert_int_eq(force_of(ix, "12/2024/QĐ-UBND", "d2.1", "Bình Định"), VB_LEGAL_IN_FORCE);
    ck_assert_int_eq(force_of(ix, "12/2024/QĐ-UBND", "d3", "Bình Định"), VB_LEGAL_REPEALED);
    ck_assert_int_eq(force_of(ix, "12/2024/QĐ-UBND", "Điều 3", "Bình Định"), VB_LEGAL_REPEALED);
    ck_assert_int_eq(force_of(ix, "12/2024/QĐ-UBND", "khoản 1 Điều 3", "Bình Định"), VB_LEGAL_REPEALED);
    ck_assert_int_eq(force_of(ix, "12/2024/QĐ-UBND", "d1", "Bình Định"), VB_LEGAL_IN_FORCE);
    ck_assert_int_eq(force_of(ix, "12/2024/QĐ-UBND", "d1", "Nghệ An"), VB_LEGAL_REPLACED);   /* the whole */

    /* not archived: the instrument as cited */
    ck_assert_int_eq(vb_index_legal_status(ix, "05/2020/QĐ-UBND", NULL, &l), VB_OK);
    ck_assert_uint_eq(l->instrument_count, 1);
    ck_assert_ptr_null(l->instruments[0].file);
    ck_assert_str_eq(l->instruments[0].issuer, "Ủy ban nhân dân tỉnh Bình Định");
    ck_assert_int_eq(l->instruments[0].force, VB_LEGAL_REPLACED);
    ck_assert_str_eq(l->instruments[0].since, "2025-06-20");
    vb_legal_free(l);
    /* archived, nothing changes it */
    ck_assert_int_eq(force_of(ix, "30/2025/QĐ-UBND", NULL, NULL), VB_LEGAL_IN_FORCE);
    /* never mentioned: unknown, no instrument */
    ck_assert_int_eq(vb_index_legal_status(ix, "99/2099/NĐ-CP", NULL, &l), VB_OK);
    ck_assert_uint_eq(l->instrument_count, 0);
    vb_legal_free(l);

    ck_assert_int_eq(vb_index_legal_status(ix, NULL, NULL, &l), VB_ERR_INVALID_ARG);
    ck_assert_int_eq(vb_index_legal_status(ix, "  ", NULL, &l), VB_ERR_INVALID_ARG);
    ck_assert_int_eq(vb_index_legal_status(NULL, "1/X", NULL, &l), VB_ERR_INVALID_ARG);
    ck_assert_str_eq(vb_legal_force_name(VB_LEGAL_PARTLY_REPEALED), "partly_repealed");
    ck_assert_ptr_null(vb_legal_force_name(VB_LEGAL_COUNT));
    vb_legal_free(NULL);
    vb_index_close(ix);
    vb_test_rm_tree(tmpdir);
}
END_TEST

typedef struct {
    vb_index_t *ix;
    size_t results;
} nested_t;

/* The force of NUMBER's instrument cited by ISSUER (NULL: none), or -1. */
static int changes_force(vb_index_t *ix, const char *number, const char *issuer)
{
    vb_legal_t *l = NULL;
    ck_assert_int_eq(vb_index_legal_changes(ix, number, &l), VB_OK);
    vb_citation_t c = { .number = (char *)number, .issuer = (char *)issuer };
    const vb_instrument_t *in = vb_legal_instrument_of(l, &c);
    int f = in ? (int)in->force : -1;
    vb_legal_free(l);
    return f;
}

static int nested_cb(const vb_result_t *r, void *data)
{
    nested_t *nt = data;
    (void)r;
    nt->results++;
    ck_assert_int_eq(changes_force(nt->ix, "12/2024/QĐ-UBND", "UBND tỉnh Bình Định"), VB_LEGAL_PARTLY_REPEALED);
    ck_assert_int_eq(changes_force(nt->ix, "12/2024/QĐ-UBND", "UBND tỉnh Nghệ An"), VB_LEGAL_REPLACED);
    ck_assert_int_eq(changes_force(nt->ix, "05/2020/QĐ-UBND", NULL), VB_LEGAL_REPLACED);
    ck_assert_int_eq(changes_force(nt->ix, "77/2023/QĐ-UBND", NULL), VB_LEGAL_IN_FORCE);
    ck_assert_int_eq(changes_force(nt->ix, "30/2025/QĐ-UBND", NULL), VB_LEGAL_IN_FORCE);
    return 0;
}

/* vb_index_legal_changes(): the same force from the changing documents only */
START_TEST(test_changes)
{
    build();
    vb_index_t *ix = NULL;
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_READ, &ix), VB_OK);
    const char *numbers[] = { "12/2024/QĐ-UBND", "05/2020/QĐ-UBND", "30/2025/QĐ-UBND", "77/2023/QĐ-UBND" };
    for (size_t k = 0; k < sizeof numbers / sizeof *numbers; k++) {
        vb_legal_t *full = NULL, *ch = NULL;
        ck_assert_int_eq(vb_index_legal_status(ix, numbers[k], NULL, &full), VB_OK);
        ck_assert_int_eq(vb_index_legal_changes(ix, numbers[k], &ch), VB_OK);
        /* each instrument a citation names, full and from the changes: the same force */
        const char *issuers[] = { NULL, "UBND tỉnh Bình Định", "UBND tỉnh Nghệ An" };
        for (size_t j = 0; j < 3; j++) {
            vb_citation_t c = { .number = (char *)numbers[k], .issuer = (char *)issuers[j] };
            const vb_instrument_t *a = vb_legal_instrument_of(full, &c), *b = vb_legal_instrument_of(ch, &c);
            if (a) {
                ck_assert_ptr_nonnull(b);
                ck_assert_int_eq(a->force, b->force);
                ck_assert_str_eq(a->since ? a->since : "-", b->since ? b->since : "-");
            } else if (b) {
                /* a citation made up here, that no document of the archive makes: "as
                   cited", in force (a citing document would have made it so) */
                ck_assert_ptr_null(b->file);
                ck_assert_int_eq(b->force, VB_LEGAL_IN_FORCE);
            }
        }
        vb_legal_free(full);
        vb_legal_free(ch);
    }
    /* an archived number asked by number: a citation that agrees with none of its
       documents is the instrument as cited, which no changing document made, so in
       force; the changes give that without reading every citing document for it */
    vb_legal_t *full = NULL, *chg = NULL;
    ck_assert_int_eq(vb_index_legal_status(ix, "30/2025/QĐ-UBND", NULL, &full), VB_OK);
    ck_assert_int_eq(vb_index_legal_changes(ix, "30/2025/QĐ-UBND", &chg), VB_OK);
    ck_assert_uint_eq(full->instrument_count, 2);
    ck_assert_uint_eq(chg->instrument_count, 1);
    vb_citation_t qn = { .number = "30/2025/QĐ-UBND", .issuer = "UBND tỉnh Quảng Nam" };
    const vb_instrument_t *qf = vb_legal_instrument_of(full, &qn), *qc = vb_legal_instrument_of(chg, &qn);
    ck_assert_ptr_nonnull(qf);
    ck_assert_ptr_nonnull(qc);
    ck_assert_ptr_null(qf->file);
    ck_assert_ptr_null(qc->file);
    ck_assert_int_eq(qf->force, VB_LEGAL_IN_FORCE);
    ck_assert_int_eq(qc->force, VB_LEGAL_IN_FORCE);
    vb_citation_t bd = { .number = "30/2025/QĐ-UBND", .issuer = "UBND tỉnh Bình Định" };
    ck_assert_str_eq(vb_legal_instrument_of(chg, &bd)->file, "000000000000000c.txt");
    vb_legal_free(full);
    vb_legal_free(chg);
    /* the basis read nowhere: no instrument, yet its citation is in force as --status says */
    vb_legal_t *ch = NULL;
    ck_assert_int_eq(vb_index_legal_changes(ix, "77/2023/QĐ-UBND", &ch), VB_OK);
    ck_assert_uint_eq(ch->instrument_count, 0);
    vb_citation_t c = { .number = "77/2023/QĐ-UBND" };
    ck_assert_int_eq(vb_legal_instrument_of(ch, &c)->force, VB_LEGAL_IN_FORCE);
    vb_legal_free(ch);
    /* the changes read: 12/2024 of Bình Định partly repealed, with both changes of C */
    ck_assert_int_eq(vb_index_legal_changes(ix, "12/2024/QĐ-UBND", &ch), VB_OK);
    const vb_instrument_t *a = by_issuer(ch, "Bình Định");
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(a->force, VB_LEGAL_PARTLY_REPEALED);
    ck_assert_uint_eq(a->relation_count, 2);
    vb_legal_free(ch);
    /* within one read (a search's results, each giving the status of what it
       cites), the readings share their term lists (the memo of query/status.c):
       the same forces as each reading on its own */
    nested_t nt = { ix, 0 };
    vb_search_opts_t o = { .limit = 3 };
    ck_assert_int_eq(vb_search(ix, "thi hành", &o, nested_cb, &nt, NULL), VB_OK);
    ck_assert_uint_eq(nt.results, 3);
    ck_assert_int_eq(vb_index_legal_changes(ix, " ", &ch), VB_ERR_INVALID_ARG);
    ck_assert_int_eq(vb_index_legal_changes(NULL, "1/X", &ch), VB_ERR_INVALID_ARG);
    vb_index_close(ix);
    vb_test_rm_tree(tmpdir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("status");
    TCase *tc = tcase_create("status");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_status);
    tcase_add_test(tc, test_changes);
    suite_add_tcase(s, tc);
    return vb_test_run(s);
}
