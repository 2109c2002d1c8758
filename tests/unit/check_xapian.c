/* check_xapian.c — tests of the C binding to Xapian (src/xapian/vbx.h). */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "xapian/vbx.h"

/* ------------------------------------------------------------------ helpers */

static char g_tmp[256];

static void setup_tmp(void) { vb_test_tmpdir(g_tmp, sizeof g_tmp, "check-xapian"); }

static void teardown_tmp(void)
{
    if (g_tmp[0]) vb_test_rm_tree(g_tmp);
    g_tmp[0] = '\0';
}

/* A path under the test's temporary directory (static buffer rotation). */
static const char *tmp_path(const char *name)
{
    static char bufs[4][512];
    static int next;
    char *b = bufs[next++ % 4];
    snprintf(b, sizeof bufs[0], "%s/%s", g_tmp, name);
    return b;
}

#define OK(expr)                                                                   \
    do {                                                                           \
        vb_status_t st_ = (expr);                                                  \
        ck_assert_msg(st_ == VB_OK, "%s -> %d (%s)", #expr, (int)st_, vbx_last_error()); \
    } while (0)

#define EXPECT(status, expr)                                                        \
    do {                                                                            \
        vb_status_t st_ = (expr);                                                   \
        ck_assert_msg(st_ == (status), "%s -> %d, expected %d (%s)", #expr, (int)st_, \
                      (int)(status), vbx_last_error());                             \
    } while (0)

static vbx_wdb_t *new_wdb(const char *name)
{
    vbx_wdb_t *w = NULL;
    OK(vbx_wdb_open(tmp_path(name), VBX_DB_CREATE_OR_OVERWRITE | VBX_DB_NO_SYNC, &w));
    ck_assert_ptr_nonnull(w);
    return w;
}

/* Build a document from SPEC, space separated: "term@pos" (posting),
 * "+term" (boolean term), "term" (add_term, wdf 1). */
static vbx_doc_t *make_doc(const char *spec)
{
    vbx_doc_t *d = NULL;
    OK(vbx_doc_new(&d));
    char *copy = strdup(spec);
    ck_assert_ptr_nonnull(copy);
    char *save = NULL;
    for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        char *at = strrchr(tok, '@');
        if (tok[0] == '+') {
            OK(vbx_doc_add_boolean_term(d, tok + 1, strlen(tok + 1)));
        } else if (at) {
            unsigned long pos = strtoul(at + 1, NULL, 10);
            OK(vbx_doc_add_posting(d, tok, (size_t)(at - tok), (unsigned)pos, 1));
        } else {
            OK(vbx_doc_add_term(d, tok, strlen(tok), 1));
        }
    }
    free(copy);
    return d;
}

/* A term that no test document is indexed by: replacing "the documents
 * indexed by" it adds the document as a new one, with the next docid. */
#define NEW_DOC "#new"

/* Add D to W as a new document; return its docid. */
static unsigned add_new(vbx_wdb_t *w, const vbx_doc_t *d)
{
    unsigned id = 0;
    OK(vbx_wdb_replace_document_by_term(w, NEW_DOC, strlen(NEW_DOC), d, &id));
    ck_assert_uint_gt(id, 0);
    return id;
}

static unsigned add_doc(vbx_wdb_t *w, const char *spec)
{
    vbx_doc_t *d = make_doc(spec);
    unsigned id = add_new(w, d);
    vbx_doc_free(d);
    return id;
}

static unsigned add_doc_value(vbx_wdb_t *w, const char *spec, unsigned slot, const char *val)
{
    vbx_doc_t *d = make_doc(spec);
    OK(vbx_doc_add_value(d, slot, val, strlen(val)));
    unsigned id = add_new(w, d);
    vbx_doc_free(d);
    return id;
}

/* There is no call to forget the last error: leave a known message instead,
 * which error_replaced() checks a later failing call has overwritten. */
#define MARK_FUNC "vbx_db_doccount"
static void mark_error(void)
{
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_doccount(NULL, NULL));
    ck_assert_msg(strstr(vbx_last_error(), MARK_FUNC) != NULL, "%s", vbx_last_error());
}

static void error_replaced(void)
{
    ck_assert_str_ne(vbx_last_error(), "");
    ck_assert_msg(strstr(vbx_last_error(), MARK_FUNC) == NULL, "not replaced: %s",
                  vbx_last_error());
}

static unsigned doccount(const vbx_db_t *db)
{
    unsigned n = 12345;
    OK(vbx_db_doccount(db, &n));
    return n;
}

static vbx_query_t *qterm(const char *t)
{
    vbx_query_t *q = NULL;
    OK(vbx_query_term(t, strlen(t), 1, 0, &q));
    return q;
}

/* Run Q on DB; write up to CAP docids into IDS; return the mset size. */
static size_t run_query(const vbx_db_t *db, const vbx_query_t *q, unsigned *ids, size_t cap)
{
    vbx_enquire_t *e = NULL;
    vbx_mset_t *m = NULL;
    OK(vbx_enquire_new(db, &e));
    OK(vbx_enquire_set_query(e, q));
    OK(vbx_enquire_set_weighting_bool(e));
    OK(vbx_enquire_get_mset(e, 0, 100, 0, &m));
    size_t n = vbx_mset_size(m);
    for (size_t i = 0; i < n && i < cap; i++) ids[i] = vbx_mset_docid(m, i);
    vbx_mset_free(m);
    vbx_enquire_free(e);
    return n;
}

/* Collect the terms of IT joined by ' ' into BUF. */
static void join_terms(vbx_termiter_t *it, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (;;) {
        int has = -1;
        const char *t = NULL;
        size_t len = 0;
        OK(vbx_termiter_next(it, &has, &t, &len));
        if (!has) {
            ck_assert_ptr_null(t);
            break;
        }
        int n = snprintf(buf + used, cap - used, "%s%.*s", used ? " " : "", (int)len, t);
        ck_assert(n > 0 && (size_t)n < cap - used);
        used += (size_t)n;
    }
}

/* ------------------------------------------------------------------ round trip */

static const char DATA[] = "dữ\0liệu\0nhị phân"; /* embedded NULs */
#define DATA_LEN (sizeof DATA - 1)
static const char VAL1[] = "a\0b";
#define VAL1_LEN 3

START_TEST(test_roundtrip)
{
    vbx_wdb_t *w = new_wdb("db");
    vbx_doc_t *d = make_doc("tín@1 dụng@2 đen@3 tín@10 +Qdoc1");
    OK(vbx_doc_set_data(d, DATA, DATA_LEN));
    OK(vbx_doc_add_value(d, 0, "2020-08-21", 10));
    OK(vbx_doc_add_value(d, 1, VAL1, VAL1_LEN));

    /* a unique term not yet present: the document is added */
    unsigned id = 0;
    OK(vbx_wdb_replace_document_by_term(w, "Qdoc1", 5, d, &id));
    ck_assert_uint_eq(id, 1);
    vbx_doc_free(d);

    /* the view sees the uncommitted document */
    ck_assert_uint_eq(doccount(vbx_wdb_db(w)), 1);
    OK(vbx_wdb_commit(w));
    OK(vbx_wdb_close(w));
    vbx_wdb_free(w);

    vbx_db_t *db = NULL;
    OK(vbx_db_open(tmp_path("db"), &db));
    unsigned n = 0;
    ck_assert_uint_eq(doccount(db), 1);
    OK(vbx_db_termfreq(db, "tín", strlen("tín"), &n));
    ck_assert_uint_eq(n, 1);
    OK(vbx_db_collection_freq(db, "tín", strlen("tín"), &n));
    ck_assert_uint_eq(n, 2);
    OK(vbx_db_termfreq(db, "tin", 3, &n));
    ck_assert_uint_eq(n, 0);
    int ex = -1;
    OK(vbx_db_term_exists(db, "đen", strlen("đen"), &ex));
    ck_assert_int_eq(ex, 1);
    OK(vbx_db_term_exists(db, "den", 3, &ex));
    ck_assert_int_eq(ex, 0);
    uint64_t rev = 0;
    OK(vbx_db_get_revision(db, &rev));
    ck_assert_uint_ge(rev, 1);

    /* the stored postings: wdf 2 for the posting added twice, 0 for the
     * boolean term; positions as added */
    vbx_postiter_t *pi = NULL;
    int has = 0;
    unsigned did = 0, wdf = 9;
    OK(vbx_db_postlist(db, "tín", strlen("tín"), &pi));
    OK(vbx_postiter_next(pi, &has, &did, &wdf));
    ck_assert_int_eq(has, 1);
    ck_assert_uint_eq(did, 1);
    ck_assert_uint_eq(wdf, 2);
    vbx_postiter_free(pi);
    OK(vbx_db_postlist(db, "Qdoc1", 5, &pi));
    OK(vbx_postiter_next(pi, &has, &did, &wdf));
    ck_assert_int_eq(has, 1);
    ck_assert_uint_eq(did, 1);
    ck_assert_uint_eq(wdf, 0);
    vbx_postiter_free(pi);
    vbx_positer_t *po = NULL;
    unsigned pos = 0;
    OK(vbx_db_positionlist(db, 1, "tín", strlen("tín"), &po));
    OK(vbx_positer_next(po, &has, &pos));
    ck_assert_int_eq(has, 1);
    ck_assert_uint_eq(pos, 1);
    OK(vbx_positer_next(po, &has, &pos));
    ck_assert_int_eq(has, 1);
    ck_assert_uint_eq(pos, 10);
    OK(vbx_positer_next(po, &has, &pos));
    ck_assert_int_eq(has, 0);
    vbx_positer_free(po);

    /* document contents */
    vbx_doc_t *g = NULL;
    OK(vbx_db_get_document(db, 1, &g));
    char *data = NULL;
    size_t len = 0;
    OK(vbx_doc_get_data(g, &data, &len));
    ck_assert_uint_eq(len, DATA_LEN);
    ck_assert(memcmp(data, DATA, DATA_LEN) == 0);
    ck_assert_int_eq(data[len], '\0');
    free(data);
    char *v = NULL;
    OK(vbx_doc_get_value(g, 0, &v, &len));
    ck_assert_str_eq(v, "2020-08-21");
    ck_assert_uint_eq(len, 10);
    free(v);
    OK(vbx_doc_get_value(g, 1, &v, &len));
    ck_assert_uint_eq(len, VAL1_LEN);
    ck_assert(memcmp(v, VAL1, VAL1_LEN) == 0);
    free(v);
    OK(vbx_doc_get_value(g, 7, &v, &len));
    ck_assert_uint_eq(len, 0);
    ck_assert_str_eq(v, "");
    free(v);
    vbx_doc_free(g);

    /* missing documents */
    mark_error();
    g = (vbx_doc_t *)0x1;
    EXPECT(VB_ERR_NOT_FOUND, vbx_db_get_document(db, 99, &g));
    ck_assert_ptr_eq(g, (vbx_doc_t *)0x1);
    error_replaced();
    ck_assert_msg(strstr(vbx_last_error(), "DocNotFoundError") != NULL, "%s", vbx_last_error());
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_get_document(db, 0, &g));
    ck_assert_ptr_eq(g, (vbx_doc_t *)0x1);
    vbx_db_free(db);
}
END_TEST

START_TEST(test_wdb_closed)
{
    vbx_wdb_t *w = new_wdb("db");
    add_doc(w, "a@1");
    OK(vbx_wdb_close(w));
    OK(vbx_wdb_close(w)); /* closing twice is harmless */
    /* Xapian answers get_doccount() from a cache even when closed, so ask
     * for something that needs the tables */
    unsigned n = 77;
    EXPECT(VB_ERR_XAPIAN, vbx_db_termfreq(vbx_wdb_db(w), "a", 1, &n));
    ck_assert_uint_eq(n, 77);
    ck_assert_msg(strstr(vbx_last_error(), "DatabaseClosedError") != NULL, "%s",
                  vbx_last_error());
    vbx_doc_t *d = make_doc("b@1");
    EXPECT(VB_ERR_XAPIAN, vbx_wdb_replace_document_by_term(w, "b", 1, d, &n));
    ck_assert_uint_eq(n, 77);
    vbx_doc_free(d);

    /* a search fails too, and leaves the match set untouched */
    vbx_enquire_t *e = NULL;
    vbx_query_t *q = qterm("a");
    vbx_mset_t *m = (vbx_mset_t *)0x1;
    OK(vbx_enquire_new(vbx_wdb_db(w), &e));
    OK(vbx_enquire_set_query(e, q));
    mark_error();
    EXPECT(VB_ERR_XAPIAN, vbx_enquire_get_mset(e, 0, 10, 0, &m));
    ck_assert_ptr_eq(m, (vbx_mset_t *)0x1);
    ck_assert_msg(strstr(vbx_last_error(), "DatabaseClosedError") != NULL, "%s",
                  vbx_last_error());
    ck_assert_int_eq(vbx_last_error_was_modified(), 0);
    vbx_enquire_free(e);
    vbx_query_free(q);
    vbx_wdb_free(w);

    /* close committed the document and released the lock */
    OK(vbx_wdb_open(tmp_path("db"), VBX_DB_OPEN, &w));
    ck_assert_uint_eq(doccount(vbx_wdb_db(w)), 1);
    /* vbx_db_free on a view is a no-op */
    vbx_db_free(vbx_wdb_db(w));
    ck_assert_uint_eq(doccount(vbx_wdb_db(w)), 1);
    vbx_wdb_free(w);
}
END_TEST

START_TEST(test_replace_by_term)
{
    vbx_wdb_t *w = new_wdb("db");
    unsigned a = add_doc(w, "+Qa old@1");
    unsigned b = add_doc(w, "+Qb other@1");
    ck_assert_uint_eq(a, 1);
    ck_assert_uint_eq(b, 2);

    vbx_doc_t *d = make_doc("+Qa new@1");
    unsigned id = 0;
    OK(vbx_wdb_replace_document_by_term(w, "Qa", 2, d, &id));
    ck_assert_uint_eq(id, a);
    /* a unique term not yet present: the document is added */
    vbx_doc_t *c = make_doc("+Qc new@1");
    OK(vbx_wdb_replace_document_by_term(w, "Qc", 2, c, &id));
    ck_assert_uint_eq(id, 3);
    vbx_doc_free(c);
    OK(vbx_wdb_commit(w));

    const vbx_db_t *db = vbx_wdb_db(w);
    unsigned n = 0;
    ck_assert_uint_eq(doccount(db), 3);
    OK(vbx_db_termfreq(db, "old", 3, &n));
    ck_assert_uint_eq(n, 0);
    OK(vbx_db_termfreq(db, "new", 3, &n));
    ck_assert_uint_eq(n, 2);
    OK(vbx_db_termfreq(db, "Qa", 2, &n));
    ck_assert_uint_eq(n, 1);

    /* replace by docid */
    vbx_doc_t *e = make_doc("+Qb replaced@1");
    OK(vbx_wdb_replace_document(w, b, e));
    vbx_doc_free(e);
    OK(vbx_db_termfreq(db, "other", 5, &n));
    ck_assert_uint_eq(n, 0);
    OK(vbx_db_termfreq(db, "replaced", 8, &n));
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(doccount(db), 3);

    EXPECT(VB_ERR_INVALID_ARG, vbx_wdb_replace_document_by_term(w, "", 0, d, &id));
    EXPECT(VB_ERR_INVALID_ARG, vbx_wdb_replace_document(w, 0, d));
    vbx_doc_free(d);
    vbx_wdb_free(w);
}
END_TEST

START_TEST(test_delete_by_term)
{
    vbx_wdb_t *w = new_wdb("db");
    add_doc(w, "+Ttype1 x@1");
    unsigned keep = add_doc(w, "+Ttype2 x@1");
    add_doc(w, "+Ttype1 y@1");
    OK(vbx_wdb_commit(w));
    const vbx_db_t *db = vbx_wdb_db(w);
    ck_assert_uint_eq(doccount(db), 3);

    OK(vbx_wdb_delete_document_by_term(w, "Ttype1", 6));
    OK(vbx_wdb_commit(w));
    ck_assert_uint_eq(doccount(db), 1);
    unsigned n = 9;
    OK(vbx_db_termfreq(db, "x", 1, &n));
    ck_assert_uint_eq(n, 1);
    OK(vbx_db_termfreq(db, "y", 1, &n));
    ck_assert_uint_eq(n, 0);

    OK(vbx_wdb_delete_document_by_term(w, "Tnone", 5)); /* no match: fine */
    EXPECT(VB_ERR_NOT_FOUND, vbx_wdb_delete_document(w, 99));
    OK(vbx_wdb_delete_document(w, keep));
    ck_assert_uint_eq(doccount(db), 0);
    EXPECT(VB_ERR_INVALID_ARG, vbx_wdb_delete_document_by_term(w, NULL, 0));
    EXPECT(VB_ERR_INVALID_ARG, vbx_wdb_delete_document(w, 0));
    vbx_wdb_free(w);
}
END_TEST

/* ------------------------------------------------------------------ transactions */

static unsigned reader_count(const char *name)
{
    vbx_db_t *db = NULL;
    OK(vbx_db_open(tmp_path(name), &db));
    unsigned n = doccount(db);
    vbx_db_free(db);
    return n;
}

START_TEST(test_transactions)
{
    vbx_wdb_t *w = new_wdb("db");
    add_doc(w, "a@1");
    OK(vbx_wdb_commit(w));
    ck_assert_uint_eq(reader_count("db"), 1);

    /* cancel leaves the database unchanged */
    OK(vbx_wdb_begin_transaction(w, 1));
    add_doc(w, "b@1");
    ck_assert_uint_eq(doccount(vbx_wdb_db(w)), 2);
    EXPECT(VB_ERR_XAPIAN, vbx_wdb_begin_transaction(w, 1)); /* nested */
    EXPECT(VB_ERR_XAPIAN, vbx_wdb_commit(w));               /* inside a transaction */
    OK(vbx_wdb_cancel_transaction(w));
    ck_assert_uint_eq(doccount(vbx_wdb_db(w)), 1);
    ck_assert_uint_eq(reader_count("db"), 1);

    /* commit_transaction persists (flushed transaction: no commit needed) */
    OK(vbx_wdb_begin_transaction(w, 1));
    add_doc(w, "c@1");
    ck_assert_uint_eq(reader_count("db"), 1);
    OK(vbx_wdb_commit_transaction(w));
    ck_assert_uint_eq(reader_count("db"), 2);

    /* unflushed transaction: changes wait for commit() */
    OK(vbx_wdb_begin_transaction(w, 0));
    add_doc(w, "d@1");
    OK(vbx_wdb_commit_transaction(w));
    ck_assert_uint_eq(reader_count("db"), 2);
    OK(vbx_wdb_commit(w));
    ck_assert_uint_eq(reader_count("db"), 3);

    /* no transaction open */
    EXPECT(VB_ERR_XAPIAN, vbx_wdb_commit_transaction(w));
    ck_assert_msg(strstr(vbx_last_error(), "InvalidOperationError") != NULL, "%s",
                  vbx_last_error());
    EXPECT(VB_ERR_XAPIAN, vbx_wdb_cancel_transaction(w));

    /* free with an open transaction cancels it */
    OK(vbx_wdb_begin_transaction(w, 1));
    add_doc(w, "e@1");
    vbx_wdb_free(w);
    ck_assert_uint_eq(reader_count("db"), 3);

    /* free outside a transaction: Xapian commits pending changes */
    OK(vbx_wdb_open(tmp_path("db"), VBX_DB_OPEN | VBX_DB_NO_SYNC, &w));
    add_doc(w, "f@1");
    vbx_wdb_free(w);
    ck_assert_uint_eq(reader_count("db"), 4);
}
END_TEST

/* ------------------------------------------------------------------ metadata */

START_TEST(test_metadata)
{
    vbx_wdb_t *w = new_wdb("db");
    OK(vbx_wdb_set_metadata(w, "cfg.a", 5, "1", 1));
    OK(vbx_wdb_set_metadata(w, "cfg.b", 5, "x\0y", 3));
    OK(vbx_wdb_set_metadata(w, "cfg.c", 5, "gone", 4));
    OK(vbx_wdb_set_metadata(w, "other", 5, "z", 1));
    OK(vbx_wdb_set_metadata(w, "cfg.c", 5, NULL, 0)); /* removes the key */
    OK(vbx_wdb_commit(w));
    vbx_wdb_free(w);

    vbx_db_t *db = NULL;
    OK(vbx_db_open(tmp_path("db"), &db));
    char *v = NULL;
    size_t len = 99;
    OK(vbx_db_get_metadata(db, "cfg.b", 5, &v, &len));
    ck_assert_uint_eq(len, 3);
    ck_assert(memcmp(v, "x\0y", 3) == 0);
    free(v);
    OK(vbx_db_get_metadata(db, "missing", 7, &v, &len));
    ck_assert_uint_eq(len, 0);
    ck_assert_str_eq(v, "");
    free(v);
    OK(vbx_db_get_metadata(db, "cfg.c", 5, &v, &len)); /* removed */
    ck_assert_uint_eq(len, 0);
    free(v);
    OK(vbx_db_get_metadata(db, "other", 5, &v, &len));
    ck_assert_uint_eq(len, 1);
    ck_assert_str_eq(v, "z");
    free(v);

    v = (char *)0x1;
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_get_metadata(db, "", 0, &v, &len));
    ck_assert_ptr_eq(v, (char *)0x1);
    vbx_db_free(db);
}
END_TEST

/* ------------------------------------------------------------------ iterators */

START_TEST(test_allterms)
{
    vbx_wdb_t *w = new_wdb("db");
    add_doc(w, "Xa Xb Ya");
    add_doc(w, "Xb Xc");
    add_doc(w, "Xb Z");
    OK(vbx_wdb_commit(w));
    const vbx_db_t *db = vbx_wdb_db(w);

    vbx_termiter_t *it = NULL;
    OK(vbx_db_allterms(db, "X", 1, &it));
    int has = 0;
    const char *t = NULL;
    size_t len = 0;
    unsigned freq = 9;
    OK(vbx_termiter_termfreq(it, &freq)); /* before the first term */
    ck_assert_uint_eq(freq, 0);
    OK(vbx_termiter_next(it, &has, &t, &len));
    ck_assert_int_eq(has, 1);
    ck_assert_str_eq(t, "Xa");
    ck_assert_uint_eq(len, 2);
    OK(vbx_termiter_termfreq(it, &freq));
    ck_assert_uint_eq(freq, 1);
    OK(vbx_termiter_next(it, &has, &t, &len));
    ck_assert_int_eq(has, 1);
    ck_assert_str_eq(t, "Xb");
    OK(vbx_termiter_termfreq(it, &freq));
    ck_assert_uint_eq(freq, 3);
    OK(vbx_termiter_next(it, &has, &t, &len));
    ck_assert_int_eq(has, 1);
    ck_assert_str_eq(t, "Xc");
    OK(vbx_termiter_next(it, &has, &t, &len));
    ck_assert_int_eq(has, 0);
    ck_assert_ptr_null(t);
    ck_assert_uint_eq(len, 0);
    OK(vbx_termiter_termfreq(it, &freq)); /* after the last */
    ck_assert_uint_eq(freq, 0);
    EXPECT(VB_ERR_INVALID_ARG, vbx_termiter_termfreq(it, NULL));
    OK(vbx_termiter_next(it, &has, NULL, NULL)); /* past the end stays there */
    ck_assert_int_eq(has, 0);
    vbx_termiter_free(it);

    /* all terms */
    char buf[128];
    OK(vbx_db_allterms(db, NULL, 0, &it));
    join_terms(it, buf, sizeof buf);
    ck_assert_str_eq(buf, "Xa Xb Xc Ya Z");
    vbx_termiter_free(it);
    OK(vbx_db_allterms(db, "nothing", 7, &it));
    join_terms(it, buf, sizeof buf);
    ck_assert_str_eq(buf, "");
    vbx_termiter_free(it);
    vbx_wdb_free(w);
}
END_TEST

START_TEST(test_postlist)
{
    vbx_wdb_t *w = new_wdb("db");
    add_doc(w, "t@1");
    add_doc(w, "u@1");
    add_doc(w, "t@1 t@2");
    add_doc(w, "u@1");
    add_doc(w, "t@1 t@2 t@3");
    OK(vbx_wdb_commit(w));
    const vbx_db_t *db = vbx_wdb_db(w);

    vbx_postiter_t *it = NULL;
    OK(vbx_db_postlist(db, "t", 1, &it));
    int has = 0;
    unsigned did = 0, wdf = 0;
    OK(vbx_postiter_next(it, &has, &did, &wdf));
    ck_assert_int_eq(has, 1);
    ck_assert_uint_eq(did, 1);
    ck_assert_uint_eq(wdf, 1);
    OK(vbx_postiter_next(it, &has, &did, &wdf));
    ck_assert_uint_eq(did, 3);
    ck_assert_uint_eq(wdf, 2);
    OK(vbx_postiter_next(it, &has, &did, &wdf));
    ck_assert_int_eq(has, 1);
    ck_assert_uint_eq(did, 5);
    ck_assert_uint_eq(wdf, 3);
    OK(vbx_postiter_next(it, &has, &did, &wdf));
    ck_assert_int_eq(has, 0);
    ck_assert_uint_eq(did, 0);
    ck_assert_uint_eq(wdf, 0);
    OK(vbx_postiter_next(it, &has, &did, NULL)); /* past the end stays there */
    ck_assert_int_eq(has, 0);
    vbx_postiter_free(it);

    /* the empty term lists every document */
    OK(vbx_db_postlist(db, NULL, 0, &it));
    unsigned count = 0, last = 0;
    for (;;) {
        OK(vbx_postiter_next(it, &has, &did, NULL));
        if (!has) break;
        ck_assert_uint_gt(did, last);
        last = did;
        count++;
    }
    ck_assert_uint_eq(count, 5);
    vbx_postiter_free(it);

    /* a missing term gives an empty list */
    OK(vbx_db_postlist(db, "nope", 4, &it));
    OK(vbx_postiter_next(it, &has, &did, &wdf));
    ck_assert_int_eq(has, 0);
    vbx_postiter_free(it);
    vbx_wdb_free(w);
}
END_TEST

START_TEST(test_positionlist)
{
    vbx_wdb_t *w = new_wdb("db");
    add_doc(w, "p@2 q@3 p@5 p@9");
    OK(vbx_wdb_commit(w));
    const vbx_db_t *db = vbx_wdb_db(w);

    vbx_positer_t *it = NULL;
    OK(vbx_db_positionlist(db, 1, "p", 1, &it));
    int has = 0;
    unsigned pos = 0;
    OK(vbx_positer_next(it, &has, &pos));
    ck_assert_int_eq(has, 1);
    ck_assert_uint_eq(pos, 2);
    OK(vbx_positer_next(it, &has, &pos));
    ck_assert_uint_eq(pos, 5);
    OK(vbx_positer_next(it, &has, &pos));
    ck_assert_int_eq(has, 1);
    ck_assert_uint_eq(pos, 9);
    OK(vbx_positer_next(it, &has, &pos));
    ck_assert_int_eq(has, 0);
    ck_assert_uint_eq(pos, 0);
    vbx_positer_free(it);

    OK(vbx_db_positionlist(db, 1, "absent", 6, &it));
    OK(vbx_positer_next(it, &has, &pos));
    ck_assert_int_eq(has, 0);
    vbx_positer_free(it);
    vbx_wdb_free(w);
}
END_TEST

/* vbx_db_positions: a whole list per call, appended; the same as the
 * iterator's; nothing for an absent term; an absent document refused */
START_TEST(test_positions_bulk)
{
    vbx_wdb_t *w = new_wdb("db");
    add_doc(w, "p@2 q@3 p@5 p@9");
    char spec[4096];
    size_t o = 0;
    for (unsigned i = 1; i <= 300; i++) o += (size_t)snprintf(spec + o, sizeof spec - o, "%sr@%u", i > 1 ? " " : "", i * 3);
    add_doc(w, spec);
    OK(vbx_wdb_commit(w));
    const vbx_db_t *db = vbx_wdb_db(w);
    uint32_t *v = NULL;
    size_t n = 0, cap = 0;
    OK(vbx_db_positions(db, 1, "p", 1, &v, &n, &cap));
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(v[0], 2);
    ck_assert_uint_eq(v[1], 5);
    ck_assert_uint_eq(v[2], 9);
    OK(vbx_db_positions(db, 1, "absent", 6, &v, &n, &cap));
    ck_assert_uint_eq(n, 3);   /* appends nothing */
    OK(vbx_db_positions(db, 2, "r", 1, &v, &n, &cap));   /* grows past its first room */
    ck_assert_uint_eq(n, 303);
    ck_assert_uint_ge(cap, 303);
    for (unsigned i = 1; i <= 300; i++) ck_assert_uint_eq(v[2 + i], i * 3);
    n = 0;
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_positions(db, 0, "p", 1, &v, &n, &cap));
    size_t big = cap + 1;
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_positions(db, 1, "p", 1, &v, &big, &cap));   /* N past CAP */
    free(v);
    vbx_wdb_free(w);
}
END_TEST

typedef struct {
    size_t idx[8];
    char val[8][16];
    size_t n, stop_after;
} vals_t;

static int take_val(void *data, size_t i, const char *v, size_t len)
{
    vals_t *x = data;
    ck_assert_uint_lt(x->n, 8);
    ck_assert_uint_lt(len, 16);
    x->idx[x->n] = i;
    memcpy(x->val[x->n], v, len);
    x->val[x->n][len] = '\0';
    x->n++;
    return x->stop_after && x->n == x->stop_after;
}

/* vbx_db_values: the values of the documents asked, in their order, those
 * without one (or absent) skipped; FN stops the walk; docids out of order refused */
START_TEST(test_values_walk)
{
    vbx_wdb_t *w = new_wdb("db");
    add_doc_value(w, "a", 3, "one");     /* 1 */
    add_doc(w, "b");                     /* 2: no value */
    add_doc_value(w, "c", 3, "three");   /* 3 */
    add_doc_value(w, "d", 4, "other");   /* 4: another slot */
    add_doc_value(w, "e", 3, "five");    /* 5 */
    OK(vbx_wdb_commit(w));
    const vbx_db_t *db = vbx_wdb_db(w);
    const unsigned ask[] = { 1, 2, 4, 5, 9 };
    vals_t x;
    memset(&x, 0, sizeof x);
    OK(vbx_db_values(db, 3, ask, 5, take_val, &x));
    ck_assert_uint_eq(x.n, 2);
    ck_assert_uint_eq(x.idx[0], 0);
    ck_assert_str_eq(x.val[0], "one");
    ck_assert_uint_eq(x.idx[1], 3);
    ck_assert_str_eq(x.val[1], "five");
    memset(&x, 0, sizeof x);
    const unsigned all[] = { 1, 3, 5 };
    x.stop_after = 2;
    OK(vbx_db_values(db, 3, all, 3, take_val, &x));
    ck_assert_uint_eq(x.n, 2);
    ck_assert_str_eq(x.val[1], "three");
    memset(&x, 0, sizeof x);
    OK(vbx_db_values(db, 7, all, 3, take_val, &x));   /* a slot nobody uses */
    ck_assert_uint_eq(x.n, 0);
    OK(vbx_db_values(db, 3, NULL, 0, take_val, &x));
    const unsigned back[] = { 3, 1 };
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_values(db, 3, back, 2, take_val, &x));
    const unsigned twice[] = { 3, 3 };
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_values(db, 3, twice, 2, take_val, &x));
    vbx_wdb_free(w);
}
END_TEST

/* ------------------------------------------------------------------ queries */

static vbx_query_t *or2(const char *a, const char *b)
{
    vbx_query_t *qa = qterm(a), *qb = qterm(b), *q = NULL;
    vbx_query_t *subs[2] = {qa, qb};
    OK(vbx_query_combine(VBX_QUERY_OR, subs, 2, 0, &q));
    vbx_query_free(qa); /* the combination does not take ownership */
    vbx_query_free(qb);
    return q;
}

START_TEST(test_phrase_or)
{
    vbx_wdb_t *w = new_wdb("db");
    add_doc(w, "tín@1 dụng@2 đen@3");
    add_doc(w, "x@1 tin@5 dung@6 den@7");
    add_doc(w, "đen@1 dụng@2 tín@3");
    add_doc(w, "tín@1 x@2 dụng@3 đen@4");
    OK(vbx_wdb_commit(w));

    vbx_query_t *subs[3] = {or2("tín", "tin"), or2("dụng", "dung"), or2("đen", "den")};
    vbx_query_t *q = NULL;
    OK(vbx_query_combine(VBX_QUERY_PHRASE, subs, 3, 0, &q));
    unsigned ids[8];
    size_t n = run_query(vbx_wdb_db(w), q, ids, 8);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(ids[0], 1);
    ck_assert_uint_eq(ids[1], 2);
    vbx_query_free(q);

    /* NEAR with a window of 4 also finds the gapped and reversed ones */
    OK(vbx_query_combine(VBX_QUERY_NEAR, subs, 3, 4, &q));
    n = run_query(vbx_wdb_db(w), q, ids, 8);
    ck_assert_uint_eq(n, 4);
    vbx_query_free(q);

    /* a PHRASE window of 4 allows the gap but not the reversed order */
    OK(vbx_query_combine(VBX_QUERY_PHRASE, subs, 3, 4, &q));
    n = run_query(vbx_wdb_db(w), q, ids, 8);
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(ids[2], 4);
    vbx_query_free(q);

    for (int i = 0; i < 3; i++) vbx_query_free(subs[i]);
    vbx_wdb_free(w);
}
END_TEST

START_TEST(test_query_ops)
{
    vbx_wdb_t *w = new_wdb("db");
    add_doc(w, "a b");        /* 1 */
    add_doc(w, "a");          /* 2 */
    add_doc(w, "b");          /* 3 */
    add_doc(w, "ab abc abd"); /* 4 */
    OK(vbx_wdb_commit(w));
    const vbx_db_t *db = vbx_wdb_db(w);
    vbx_query_t *a = qterm("a"), *b = qterm("b"), *q = NULL;
    vbx_query_t *ab[2] = {a, b};
    unsigned ids[8];

    OK(vbx_query_combine(VBX_QUERY_AND, ab, 2, 0, &q));
    ck_assert_uint_eq(run_query(db, q, ids, 8), 1);
    ck_assert_uint_eq(ids[0], 1);
    vbx_query_free(q);
    OK(vbx_query_combine(VBX_QUERY_AND_NOT, ab, 2, 0, &q));
    ck_assert_uint_eq(run_query(db, q, ids, 8), 1);
    ck_assert_uint_eq(ids[0], 2);
    vbx_query_free(q);
    OK(vbx_query_combine(VBX_QUERY_XOR, ab, 2, 0, &q));
    ck_assert_uint_eq(run_query(db, q, ids, 8), 2);
    vbx_query_free(q);
    OK(vbx_query_combine(VBX_QUERY_FILTER, ab, 2, 0, &q));
    ck_assert_uint_eq(run_query(db, q, ids, 8), 1);
    vbx_query_free(q);
    OK(vbx_query_combine(VBX_QUERY_AND_MAYBE, ab, 2, 0, &q));
    ck_assert_uint_eq(run_query(db, q, ids, 8), 2);
    vbx_query_free(q);
    OK(vbx_query_combine(VBX_QUERY_SYNONYM, ab, 2, 0, &q));
    ck_assert_uint_eq(run_query(db, q, ids, 8), 3);
    vbx_query_free(q);
    OK(vbx_query_combine(VBX_QUERY_MAX, ab, 2, 0, &q));
    ck_assert_uint_eq(run_query(db, q, ids, 8), 3);
    vbx_query_free(q);
    OK(vbx_query_combine(VBX_QUERY_ELITE_SET, ab, 2, 1, &q));
    ck_assert_uint_eq(run_query(db, q, ids, 8), 2); /* only the better term */
    vbx_query_free(q);

    /* wrong arguments */
    q = (vbx_query_t *)0x1;
    EXPECT(VB_ERR_INVALID_ARG, vbx_query_combine(VBX_QUERY_OR, ab, 2, 3, &q));
    EXPECT(VB_ERR_INVALID_ARG, vbx_query_combine((vbx_query_op_t)99, ab, 2, 0, &q));
    vbx_query_t *holes[2] = {a, NULL};
    EXPECT(VB_ERR_INVALID_ARG, vbx_query_combine(VBX_QUERY_OR, holes, 2, 0, &q));
    EXPECT(VB_ERR_INVALID_ARG, vbx_query_combine(VBX_QUERY_OR, NULL, 2, 0, &q));
    ck_assert_ptr_eq(q, (vbx_query_t *)0x1);

    /* empty, match-nothing and match-all */
    OK(vbx_query_combine(VBX_QUERY_OR, NULL, 0, 0, &q));
    ck_assert_uint_eq(run_query(db, q, ids, 8), 0);
    vbx_query_free(q);
    OK(vbx_query_match_nothing(&q));
    ck_assert_uint_eq(run_query(db, q, ids, 8), 0);
    vbx_query_free(q);
    OK(vbx_query_match_all(&q));
    ck_assert_uint_eq(run_query(db, q, ids, 8), 4);
    vbx_query_free(q);

    vbx_query_free(a);
    vbx_query_free(b);
    vbx_wdb_free(w);
}
END_TEST

START_TEST(test_value_range)
{
    vbx_wdb_t *w = new_wdb("db");
    add_doc_value(w, "x", 0, "2019-01-01");
    add_doc_value(w, "x", 0, "2020-06-15");
    add_doc_value(w, "x", 0, "2021-12-31");
    add_doc(w, "x"); /* no value */
    OK(vbx_wdb_commit(w));
    const vbx_db_t *db = vbx_wdb_db(w);
    vbx_query_t *q = NULL;
    unsigned ids[8];

    OK(vbx_query_value_range(0, "2020-01-01", 10, "2020-12-31", 10, &q));
    ck_assert_uint_eq(run_query(db, q, ids, 8), 1);
    ck_assert_uint_eq(ids[0], 2);
    vbx_query_free(q);
    OK(vbx_query_value_ge(0, "2020", 4, &q));
    ck_assert_uint_eq(run_query(db, q, ids, 8), 2);
    ck_assert_uint_eq(ids[0], 2);
    ck_assert_uint_eq(ids[1], 3);
    vbx_query_free(q);
    OK(vbx_query_value_le(0, "2020", 4, &q));
    ck_assert_uint_eq(run_query(db, q, ids, 8), 1);
    ck_assert_uint_eq(ids[0], 1);
    vbx_query_free(q);
    OK(vbx_query_value_range(0, "2022", 4, "2023", 4, &q));
    ck_assert_uint_eq(run_query(db, q, ids, 8), 0);
    vbx_query_free(q);

    /* combined with a term query through FILTER */
    vbx_query_t *x = qterm("x"), *r = NULL;
    OK(vbx_query_value_range(0, "2019", 4, "2020-12", 7, &r));
    vbx_query_t *subs[2] = {x, r};
    OK(vbx_query_combine(VBX_QUERY_FILTER, subs, 2, 0, &q));
    ck_assert_uint_eq(run_query(db, q, ids, 8), 2);
    vbx_query_free(q);
    vbx_query_free(r);
    vbx_query_free(x);
    vbx_wdb_free(w);
}
END_TEST

/* ------------------------------------------------------------------ enquire */

START_TEST(test_sort)
{
    vbx_wdb_t *w = new_wdb("db");
    vbx_doc_t *d;
    const char *dates[] = {"2020-05-01", "2018-01-01", "2021-03-03", "2019-09-09"};
    const char *kinds[] = {"CV", "CT", "CV", "CT"};
    for (int i = 0; i < 4; i++) {
        d = make_doc(i == 2 ? "x x x" : "x");
        OK(vbx_doc_add_value(d, 0, dates[i], strlen(dates[i])));
        OK(vbx_doc_add_value(d, 1, kinds[i], 2));
        add_new(w, d);
        vbx_doc_free(d);
    }
    OK(vbx_wdb_commit(w));
    const vbx_db_t *db = vbx_wdb_db(w);
    vbx_query_t *q = qterm("x");
    vbx_enquire_t *e = NULL;
    vbx_mset_t *m = NULL;
    OK(vbx_enquire_new(db, &e));
    OK(vbx_enquire_set_query(e, q));

    OK(vbx_enquire_set_sort_by_value(e, 0, 0));
    OK(vbx_enquire_get_mset(e, 0, 10, 0, &m));
    unsigned asc[] = {2, 4, 1, 3};
    ck_assert_uint_eq(vbx_mset_size(m), 4);
    for (size_t i = 0; i < 4; i++) ck_assert_uint_eq(vbx_mset_docid(m, i), asc[i]);
    ck_assert_uint_eq(vbx_mset_docid(m, 4), 0); /* out of range */
    vbx_doc_t *g = NULL;
    OK(vbx_mset_get_document(m, 0, &g));
    char *v = NULL;
    size_t len = 0;
    OK(vbx_doc_get_value(g, 0, &v, &len));
    ck_assert_str_eq(v, "2018-01-01");
    free(v);
    vbx_doc_free(g);
    EXPECT(VB_ERR_INVALID_ARG, vbx_mset_get_document(m, 4, &g));
    vbx_mset_free(m);

    OK(vbx_enquire_set_sort_by_value(e, 0, 1));
    OK(vbx_enquire_get_mset(e, 1, 2, 0, &m)); /* second page of size 2 */
    ck_assert_uint_eq(vbx_mset_size(m), 2);
    ck_assert_uint_eq(vbx_mset_docid(m, 0), 1);
    ck_assert_uint_eq(vbx_mset_docid(m, 1), 4);
    vbx_mset_free(m);

    /* by kind; equal kinds in docid order: CT (2, 4) before CV (1, 3) */
    OK(vbx_enquire_set_sort_by_value(e, 1, 0));
    OK(vbx_enquire_set_docid_order(e, VBX_DESC));
    OK(vbx_enquire_get_mset(e, 0, 10, 0, &m));
    unsigned kd[] = {4, 2, 3, 1};
    for (size_t i = 0; i < 4; i++) ck_assert_uint_eq(vbx_mset_docid(m, i), kd[i]);
    vbx_mset_free(m);
    OK(vbx_enquire_set_docid_order(e, VBX_ASC));
    OK(vbx_enquire_get_mset(e, 0, 10, 0, &m));
    unsigned ka[] = {2, 4, 1, 3};
    for (size_t i = 0; i < 4; i++) ck_assert_uint_eq(vbx_mset_docid(m, i), ka[i]);
    vbx_mset_free(m);
    EXPECT(VB_ERR_INVALID_ARG, vbx_enquire_set_docid_order(e, (vbx_docid_order_t)7));
    vbx_enquire_free(e);

    /* by relevance (a new enquire's default): BM25 ranks doc 3 (wdf 3) first */
    OK(vbx_enquire_new(db, &e));
    OK(vbx_enquire_set_query(e, q));
    OK(vbx_enquire_get_mset(e, 0, 10, 0, &m));
    ck_assert_uint_eq(vbx_mset_size(m), 4);
    ck_assert_uint_eq(vbx_mset_docid(m, 0), 3);
    vbx_mset_free(m);
    /* boolean weighting: every match weighs the same, docid order decides */
    OK(vbx_enquire_set_weighting_bool(e));
    OK(vbx_enquire_set_docid_order(e, VBX_DESC));
    OK(vbx_enquire_get_mset(e, 0, 10, 0, &m));
    unsigned bd[] = {4, 3, 2, 1};
    for (size_t i = 0; i < 4; i++) ck_assert_uint_eq(vbx_mset_docid(m, i), bd[i]);
    vbx_mset_free(m);
    OK(vbx_enquire_set_docid_order(e, VBX_ASC));
    OK(vbx_enquire_get_mset(e, 0, 10, 0, &m));
    for (size_t i = 0; i < 4; i++) ck_assert_uint_eq(vbx_mset_docid(m, i), i + 1);
    vbx_mset_free(m);

    vbx_enquire_free(e);
    vbx_query_free(q);
    vbx_wdb_free(w);
}
END_TEST

/* ------------------------------------------------------------------ error paths */

START_TEST(test_missing_db)
{
    mark_error();
    vbx_db_t *db = (vbx_db_t *)0x1;
    EXPECT(VB_ERR_DB_NOT_FOUND, vbx_db_open(tmp_path("nope"), &db));
    ck_assert_ptr_eq(db, (vbx_db_t *)0x1);
    error_replaced();
    mark_error();
    EXPECT(VB_ERR_DB_NOT_FOUND, vbx_db_open("/nonexistent-dir/x/y", &db));
    error_replaced();

    vbx_wdb_t *w = (vbx_wdb_t *)0x1;
    mark_error();
    EXPECT(VB_ERR_DB_NOT_FOUND, vbx_wdb_open(tmp_path("nope"), VBX_DB_OPEN, &w));
    ck_assert_ptr_eq(w, (vbx_wdb_t *)0x1);
    error_replaced();

    /* an existing directory that holds no database */
    mkdir(tmp_path("empty"), 0700);
    mark_error();
    vb_status_t st = vbx_db_open(tmp_path("empty"), &db);
    ck_assert_int_ne(st, VB_OK);
    error_replaced();
    ck_assert_ptr_eq(db, (vbx_db_t *)0x1);

    /* cannot create under a missing directory */
    EXPECT(VB_ERR_XAPIAN, vbx_wdb_open("/nonexistent-dir/x/y", VBX_DB_CREATE_OR_OPEN, &w));
    ck_assert_msg(strstr(vbx_last_error(), "DatabaseCreateError") != NULL, "%s",
                  vbx_last_error());
    /* VBX_DB_CREATE on an existing database */
    vbx_wdb_t *w2 = new_wdb("db");
    vbx_wdb_free(w2);
    st = vbx_wdb_open(tmp_path("db"), VBX_DB_CREATE, &w);
    ck_assert_int_ne(st, VB_OK);
    ck_assert_ptr_eq(w, (vbx_wdb_t *)0x1);
}
END_TEST

START_TEST(test_lock)
{
    vbx_wdb_t *w = new_wdb("db");
    add_doc(w, "a@1");
    OK(vbx_wdb_commit(w));

    /* a second writer in the same process: Xapian 1.4 on Linux locks with
     * OFD locks (or a lock-holding child), so this fails too */
    vbx_wdb_t *w2 = (vbx_wdb_t *)0x1;
    mark_error();
    EXPECT(VB_ERR_DB_LOCKED, vbx_wdb_open(tmp_path("db"), VBX_DB_OPEN, &w2));
    ck_assert_ptr_eq(w2, (vbx_wdb_t *)0x1);
    ck_assert_msg(strstr(vbx_last_error(), "DatabaseLockError") != NULL, "%s",
                  vbx_last_error());
    /* readers are not blocked */
    ck_assert_uint_eq(reader_count("db"), 1);
    vbx_wdb_free(w);

    /* a writer in another process */
    int ready[2], stop[2];
    ck_assert_int_eq(pipe(ready), 0);
    ck_assert_int_eq(pipe(stop), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        vbx_wdb_t *cw = NULL;
        char c = vbx_wdb_open(tmp_path("db"), VBX_DB_OPEN, &cw) == VB_OK ? 'y' : 'n';
        if (write(ready[1], &c, 1) != 1) _exit(2);
        if (read(stop[0], &c, 1) < 0) _exit(3);
        vbx_wdb_free(cw);
        _exit(0);
    }
    char c = 0;
    ck_assert_int_eq(read(ready[0], &c, 1), 1);
    ck_assert_int_eq(c, 'y');
    mark_error();
    w2 = (vbx_wdb_t *)0x1;
    vb_status_t st = vbx_wdb_open(tmp_path("db"), VBX_DB_OPEN, &w2);
    /* let the child go before asserting, so it never lingers */
    ck_assert_int_eq(write(stop[1], "x", 1), 1);
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(ready[0]);
    close(ready[1]);
    close(stop[0]);
    close(stop[1]);
    ck_assert_int_eq(st, VB_ERR_DB_LOCKED);
    ck_assert_ptr_eq(w2, (vbx_wdb_t *)0x1);
    ck_assert_msg(strstr(vbx_last_error(), "DatabaseLockError") != NULL, "%s",
                  vbx_last_error());

    /* once the child is gone the lock is free */
    OK(vbx_wdb_open(tmp_path("db"), VBX_DB_OPEN, &w2));
    vbx_wdb_free(w2);
}
END_TEST

static void overwrite_file(const char *path, size_t len)
{
    int fd = open(path, O_WRONLY);
    ck_assert_msg(fd >= 0, "open %s: %s", path, strerror(errno));
    char *junk = malloc(len);
    ck_assert_ptr_nonnull(junk);
    for (size_t i = 0; i < len; i++) junk[i] = (char)(0x5a ^ (i * 131));
    ck_assert_int_eq(write(fd, junk, len), (ssize_t)len);
    close(fd);
    free(junk);
}

/* Try everything on a damaged database; return the first failing status. */
static vb_status_t exercise(const char *path)
{
    vbx_db_t *db = NULL;
    vb_status_t st = vbx_db_open(path, &db);
    if (st != VB_OK) return st;
    unsigned n = 0;
    if ((st = vbx_db_doccount(db, &n)) != VB_OK) goto out;
    if ((st = vbx_db_termfreq(db, "term5", 5, &n)) != VB_OK) goto out;
    vbx_postiter_t *pi = NULL;
    if ((st = vbx_db_postlist(db, "common", 6, &pi)) != VB_OK) goto out;
    int has = 1;
    while (st == VB_OK && has) st = vbx_postiter_next(pi, &has, NULL, NULL);
    vbx_postiter_free(pi);
    if (st != VB_OK) goto out;
    vbx_termiter_t *ti = NULL;
    if ((st = vbx_db_allterms(db, NULL, 0, &ti)) != VB_OK) goto out;
    has = 1;
    while (st == VB_OK && has) st = vbx_termiter_next(ti, &has, NULL, NULL);
    vbx_termiter_free(ti);
out:
    vbx_db_free(db);
    return st;
}

START_TEST(test_corrupt)
{
    char name[32];
    vbx_wdb_t *w = new_wdb("db");
    for (int i = 0; i < 200; i++) {
        snprintf(name, sizeof name, "common term%d@1", i);
        add_doc(w, name);
    }
    OK(vbx_wdb_commit(w));
    vbx_wdb_free(w);
    ck_assert_int_eq(exercise(tmp_path("db")), VB_OK);

    /* damaged posting table */
    overwrite_file(tmp_path("db/postlist.glass"), 8192);
    mark_error();
    vb_status_t st = exercise(tmp_path("db"));
    ck_assert_int_ne(st, VB_OK);
    error_replaced();
    ck_assert_msg(st == VB_ERR_DB_CORRUPT, "postlist.glass: %d (%s)", (int)st, vbx_last_error());

    /* damaged version file */
    w = new_wdb("db2");
    add_doc(w, "x@1");
    vbx_wdb_free(w);
    overwrite_file(tmp_path("db2/iamglass"), 64);
    mark_error();
    st = exercise(tmp_path("db2"));
    ck_assert_int_ne(st, VB_OK);
    error_replaced();
    ck_assert_msg(st == VB_ERR_DB_CORRUPT, "iamglass: %d (%s)", (int)st, vbx_last_error());
    /* and for writing */
    vbx_wdb_t *w2 = (vbx_wdb_t *)0x1;
    st = vbx_wdb_open(tmp_path("db2"), VBX_DB_OPEN, &w2);
    ck_assert_int_ne(st, VB_OK);
    ck_assert_ptr_eq(w2, (vbx_wdb_t *)0x1);
}
END_TEST

/* ------------------------------------------------------------------ shards */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* Two shards; each document carries its name (a1, ..., b3) in value slot 0. */
static void make_shards(void)
{
    vbx_wdb_t *w = new_wdb("a");
    add_doc_value(w, "shard@1 alpha@2 +Qa1", 0, "a1");
    add_doc_value(w, "shard@1 alpha@2 +Qa2", 0, "a2");
    OK(vbx_wdb_set_metadata(w, "k", 1, "from-a", 6));
    vbx_wdb_free(w);
    w = new_wdb("b");
    add_doc_value(w, "shard@1 beta@2 +Qb1", 0, "b1");
    add_doc_value(w, "shard@1 beta@2 +Qb2", 0, "b2");
    add_doc_value(w, "shard@1 beta@2 +Qb3", 0, "b3");
    vbx_wdb_free(w);
}

/* The name (value slot 0) of document D, which is freed. */
static char *doc_name(vbx_doc_t *d)
{
    char *v = NULL;
    size_t len = 0;
    OK(vbx_doc_get_value(d, 0, &v, &len));
    vbx_doc_free(d);
    return v;
}

START_TEST(test_stub)
{
    make_shards();
    write_file(tmp_path("stub"), "# two shards\nauto a\nauto b\n");
    vbx_db_t *db = NULL;
    OK(vbx_db_open(tmp_path("stub"), &db));
    ck_assert_uint_eq(doccount(db), 5);
    unsigned n = 0;
    OK(vbx_db_termfreq(db, "shard", 5, &n));
    ck_assert_uint_eq(n, 5);
    OK(vbx_db_termfreq(db, "beta", 4, &n));
    ck_assert_uint_eq(n, 3);
    vbx_termiter_t *it = NULL;
    char buf[128];
    OK(vbx_db_allterms(db, "Q", 1, &it));
    join_terms(it, buf, sizeof buf);
    ck_assert_str_eq(buf, "Qa1 Qa2 Qb1 Qb2 Qb3");
    vbx_termiter_free(it);

    /* a search across both shards; docids interleave (shard a: odd) */
    vbx_query_t *q = qterm("beta");
    unsigned ids[8];
    ck_assert_uint_eq(run_query(db, q, ids, 8), 3);
    ck_assert_uint_eq(ids[0], 2);
    ck_assert_uint_eq(ids[1], 4);
    ck_assert_uint_eq(ids[2], 6);
    vbx_query_free(q);
    /* documents by combined docid: 4 is shard b's docid 2 */
    vbx_doc_t *d = NULL;
    OK(vbx_db_get_document(db, 4, &d));
    char *name = doc_name(d);
    ck_assert_str_eq(name, "b2");
    free(name);
    OK(vbx_db_get_document(db, 3, &d));
    name = doc_name(d);
    ck_assert_str_eq(name, "a2");
    free(name);
    vbx_enquire_t *e = NULL;
    vbx_mset_t *m = NULL;
    q = qterm("Qb3");
    OK(vbx_enquire_new(db, &e));
    OK(vbx_enquire_set_query(e, q));
    OK(vbx_enquire_get_mset(e, 0, 10, 0, &m));
    ck_assert_uint_eq(vbx_mset_size(m), 1);
    ck_assert_uint_eq(vbx_mset_docid(m, 0), 6);
    OK(vbx_mset_get_document(m, 0, &d));
    name = doc_name(d);
    ck_assert_str_eq(name, "b3");
    free(name);
    vbx_mset_free(m);
    vbx_enquire_free(e);
    vbx_query_free(q);
    /* positions through the combined docid */
    vbx_positer_t *pi = NULL;
    OK(vbx_db_positionlist(db, 6, "beta", 4, &pi));
    int has = 0;
    unsigned pos = 0;
    OK(vbx_positer_next(pi, &has, &pos));
    ck_assert_int_eq(has, 1);
    ck_assert_uint_eq(pos, 2);
    vbx_positer_free(pi);

    /* revision needs exactly one shard */
    uint64_t rev = 0;
    EXPECT(VB_ERR_XAPIAN, vbx_db_get_revision(db, &rev));
    int changed = -1;
    OK(vbx_db_reopen(db, &changed));
    ck_assert(changed == 0 || changed == 1);
    vbx_db_free(db);

    /* the same through vbx_db_new_empty + vbx_db_add_shard */
    vbx_db_t *all = NULL, *a = NULL, *b = NULL;
    OK(vbx_db_new_empty(&all));
    ck_assert_uint_eq(doccount(all), 0);
    OK(vbx_db_open(tmp_path("a"), &a));
    OK(vbx_db_open(tmp_path("b"), &b));
    OK(vbx_db_add_shard(all, a));
    OK(vbx_db_add_shard(all, b));
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_add_shard(all, all));
    vbx_db_free(a); /* the combination keeps its own references */
    vbx_db_free(b);
    ck_assert_uint_eq(doccount(all), 5);
    OK(vbx_db_termfreq(all, "alpha", 5, &n));
    ck_assert_uint_eq(n, 2);
    vbx_db_free(all);
}
END_TEST

START_TEST(test_stub_write)
{
    make_shards();
    write_file(tmp_path("stub1"), "auto a\n");
    write_file(tmp_path("stub2"), "auto a\nauto b\n");
    vbx_wdb_t *w = (vbx_wdb_t *)0x1;
    mark_error();
    EXPECT(VB_ERR_DB_READONLY, vbx_wdb_open(tmp_path("stub1"), VBX_DB_CREATE_OR_OPEN, &w));
    ck_assert_ptr_eq(w, (vbx_wdb_t *)0x1);
    ck_assert_msg(strstr(vbx_last_error(), "read-only") != NULL, "%s", vbx_last_error());
    EXPECT(VB_ERR_DB_READONLY, vbx_wdb_open(tmp_path("stub2"), VBX_DB_OPEN, &w));
    EXPECT(VB_ERR_DB_READONLY, vbx_wdb_open(tmp_path("stub2"), VBX_DB_CREATE_OR_OVERWRITE, &w));
    ck_assert_ptr_eq(w, (vbx_wdb_t *)0x1);
    /* the stub and the shards are intact */
    ck_assert_uint_eq(reader_count("stub2"), 5);

    /* a view of a writable database cannot take shards */
    OK(vbx_wdb_open(tmp_path("a"), VBX_DB_OPEN, &w));
    vbx_db_t *b = NULL;
    OK(vbx_db_open(tmp_path("b"), &b));
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_add_shard(vbx_wdb_db(w), b));
    vbx_db_free(b);
    vbx_wdb_free(w);
}
END_TEST

/* ------------------------------------------------------------------ DatabaseModifiedError */

/* Read some documents' data through R; return the first failing status. */
static vb_status_t read_docs(const vbx_db_t *r, unsigned ndocs)
{
    vb_status_t st = VB_OK;
    for (unsigned id = 1; id <= ndocs && st == VB_OK; id += 97) {
        vbx_doc_t *d = NULL;
        st = vbx_db_get_document(r, id, &d);
        if (st == VB_OK) {
            char *data = NULL;
            size_t len = 0;
            st = vbx_doc_get_data(d, &data, &len);
            free(data);
        }
        vbx_doc_free(d);
    }
    return st;
}

START_TEST(test_modified_reopen)
{
    enum { NDOCS = 2000 };
    char data[101];
    memset(data, 'x', 100);
    data[100] = '\0';
    vbx_wdb_t *w = new_wdb("db");
    char term[64];
    for (int i = 1; i <= NDOCS; i++) {
        snprintf(term, sizeof term, "t%d@1 common@2", i);
        vbx_doc_t *d = make_doc(term);
        OK(vbx_doc_set_data(d, data, 100));
        add_new(w, d);
        vbx_doc_free(d);
    }
    OK(vbx_wdb_commit(w));

    vbx_db_t *r = NULL;
    OK(vbx_db_open(tmp_path("db"), &r));
    vbx_query_t *q = qterm("common");
    vbx_enquire_t *e = NULL;
    OK(vbx_enquire_new(r, &e));
    OK(vbx_enquire_set_query(e, q));
    ck_assert_int_eq(read_docs(r, NDOCS), VB_OK);

    /* rewrite everything a few times: glass discards the reader's revision */
    int seen = 0;
    for (int round = 0; round < 10 && !seen; round++) {
        for (unsigned id = 1; id <= NDOCS; id++) {
            snprintf(term, sizeof term, "r%d_%u@1 common@2", round, id);
            vbx_doc_t *d = make_doc(term);
            OK(vbx_doc_set_data(d, data, 100));
            OK(vbx_wdb_replace_document(w, id, d));
            vbx_doc_free(d);
        }
        OK(vbx_wdb_commit(w));
        vbx_mset_t *m = NULL;
        mark_error();
        vb_status_t st = vbx_enquire_get_mset(e, 0, 10, 0, &m);
        if (st == VB_OK) {
            vbx_doc_t *d = NULL;
            st = vbx_mset_get_document(m, 0, &d);
            vbx_doc_free(d);
            vbx_mset_free(m);
        }
        if (st == VB_OK) st = read_docs(r, NDOCS);
        if (st != VB_OK) {
            ck_assert_msg(st == VB_ERR_XAPIAN && vbx_last_error_was_modified(), "%d %s",
                          (int)st, vbx_last_error());
            ck_assert_msg(strstr(vbx_last_error(), "DatabaseModifiedError") != NULL, "%s",
                          vbx_last_error());
            seen = 1;
        }
    }
    ck_assert_msg(seen, "no DatabaseModifiedError was provoked");

    /* the recovery: reopen and retry (the enquire shares the reopened db) */
    int changed = 0;
    OK(vbx_db_reopen(r, &changed));
    ck_assert_int_eq(changed, 1);
    vbx_mset_t *m = NULL;
    OK(vbx_enquire_get_mset(e, 0, 10, 0, &m));
    ck_assert_uint_eq(vbx_mset_size(m), 10);
    vbx_doc_t *d = NULL;
    OK(vbx_mset_get_document(m, 0, &d));
    vbx_doc_free(d);
    vbx_mset_free(m);
    ck_assert_int_eq(read_docs(r, NDOCS), VB_OK);
    OK(vbx_db_reopen(r, &changed));
    ck_assert_int_eq(changed, 0);

    /* a later, different failure resets the modified flag */
    EXPECT(VB_ERR_NOT_FOUND, vbx_db_get_document(r, 99999, &d));
    ck_assert_int_eq(vbx_last_error_was_modified(), 0);

    vbx_enquire_free(e);
    vbx_query_free(q);
    vbx_db_free(r);
    vbx_wdb_free(w);
}
END_TEST

/* ------------------------------------------------------------------ remote */

/* A listening socket on 127.0.0.1 that never answers; returns the fd. */
static int silent_listener(unsigned *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    ck_assert_int_eq(listen(fd, 4), 0);
    socklen_t sl = sizeof sa;
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
    *port = ntohs(sa.sin_port);
    return fd;
}

START_TEST(test_remote_errors)
{
    unsigned port = 0;
    int fd = silent_listener(&port);
    vbx_db_t *db = (vbx_db_t *)0x1;
    mark_error();
    EXPECT(VB_ERR_TIMEOUT, vbx_db_open_remote("127.0.0.1", port, 300, 300, &db));
    ck_assert_ptr_eq(db, (vbx_db_t *)0x1);
    ck_assert_msg(strstr(vbx_last_error(), "NetworkTimeoutError") != NULL, "%s",
                  vbx_last_error());

    close(fd);

    /* nobody listening: connection refused */
    EXPECT(VB_ERR_XAPIAN, vbx_db_open_remote("127.0.0.1", port, 300, 300, &db));
    ck_assert_msg(strstr(vbx_last_error(), "NetworkError") != NULL, "%s", vbx_last_error());
    /* the same through a stub */
    char stub[128];
    snprintf(stub, sizeof stub, "remote 127.0.0.1:%u\n", port);
    write_file(tmp_path("stub"), stub);
    EXPECT(VB_ERR_XAPIAN, vbx_db_open(tmp_path("stub"), &db));
    ck_assert_msg(strstr(vbx_last_error(), "NetworkError") != NULL, "%s", vbx_last_error());
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_open_remote("127.0.0.1", 0, 300, 300, &db));
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_open_remote(NULL, 1, 300, 300, &db));
    ck_assert_ptr_eq(db, (vbx_db_t *)0x1);
}
END_TEST

/* Serve DB with a stock xapian-tcpsrv on a free loopback port (*PORT) and
 * open it remotely into *OUT (*ST: how the opening went); the server's pid. */
static pid_t start_tcpsrv(const char *db, unsigned *port, vbx_db_t **out, vb_status_t *st)
{
    int fd = silent_listener(port); /* find a free port */
    close(fd);
    char portstr[16];
    snprintf(portstr, sizeof portstr, "%u", *port);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        setpgid(0, 0); /* xapian-tcpsrv's SIGTERM handler signals its process group */
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0) {
            dup2(devnull, 1);
            dup2(devnull, 2);
        }
        execl("/usr/bin/xapian-tcpsrv", "xapian-tcpsrv", "--interface", "127.0.0.1", "--port", portstr, db,
              (char *)NULL);
        _exit(127);
    }
    *st = VB_ERR_XAPIAN;
    for (int i = 0; i < 100 && *st != VB_OK; i++) {
        *st = vbx_db_open_remote("127.0.0.1", *port, 5000, 5000, out);
        if (*st != VB_OK) {
            struct timespec ts = {0, 50 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    return pid;
}

START_TEST(test_remote_tcpsrv)
{
    if (access("/usr/bin/xapian-tcpsrv", X_OK) != 0) return; /* skip without xapian-tools */
    make_shards();
    unsigned port = 0;
    vbx_db_t *db = NULL;
    vb_status_t st = VB_ERR_XAPIAN;
    pid_t pid = start_tcpsrv(tmp_path("b"), &port, &db, &st);
    unsigned n = 0;
    vb_status_t st2 = st == VB_OK ? vbx_db_doccount(db, &n) : st;
    vbx_db_free(db);

    /* a stub mixing a local and the remote shard */
    char stub[128];
    snprintf(stub, sizeof stub, "auto a\nremote 127.0.0.1:%u\n", port);
    write_file(tmp_path("stub"), stub);
    unsigned n2 = 0;
    vb_status_t st3 = vbx_db_open(tmp_path("stub"), &db);
    if (st3 == VB_OK) {
        st3 = vbx_db_doccount(db, &n2);
        vbx_db_free(db);
    }
    vbx_wdb_t *w = (vbx_wdb_t *)0x1;
    vb_status_t st4 = vbx_wdb_open(tmp_path("stub"), VBX_DB_OPEN, &w);

    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    ck_assert_msg(st == VB_OK, "remote open: %d (%s)", (int)st, vbx_last_error());
    ck_assert_int_eq(st2, VB_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(st3, VB_OK);
    ck_assert_uint_eq(n2, 5);
    ck_assert_int_eq(st4, VB_ERR_DB_READONLY);
}
END_TEST


/* ------------------------------------------------------------------ bounded top-k */

/* Four documents whose term "w" has wdf 5, 2, 5 (names b, a, c) and none (d). */
static void make_wdf_db(const char *name)
{
    vbx_wdb_t *w = new_wdb(name);
    const struct { const char *id; unsigned wdf; } docs[] = { { "b", 5 }, { "a", 2 }, { "c", 5 }, { "d", 0 } };
    for (size_t i = 0; i < 4; i++) {
        vbx_doc_t *d = NULL;
        OK(vbx_doc_new(&d));
        /* positions without wdf, then the wdf given as a number (write/document.c does the same) */
        if (docs[i].wdf) OK(vbx_doc_add_posting(d, "w", 1, 1, 0));
        if (docs[i].wdf) OK(vbx_doc_add_term(d, "w", 1, docs[i].wdf));
        OK(vbx_doc_add_posting(d, "all", 3, 2, 1));
        OK(vbx_doc_add_value(d, 0, docs[i].id, 1));
        char uid[8];
        snprintf(uid, sizeof uid, "Q%s", docs[i].id);
        OK(vbx_doc_add_boolean_term(d, uid, strlen(uid)));
        unsigned did = 0;
        OK(vbx_wdb_replace_document_by_term(w, uid, strlen(uid), d, &did));
        vbx_doc_free(d);
    }
    OK(vbx_wdb_commit(w));
    vbx_wdb_free(w);
}

/* "all" (weight 0) AND_MAYBE 0.25 x wdf of "w", by weight then by value 0:
 * b and c (1.25 each, in value order), then a (0.5), then d (0). */
static void check_wdf_ranking(vbx_db_t *db, const char *where)
{
    vbx_query_t *all = NULL, *w = NULL, *all0 = NULL, *w4 = NULL, *q = NULL;
    OK(vbx_query_term("all", 3, 1, 0, &all));
    OK(vbx_query_term("w", 1, 1, 0, &w));
    OK(vbx_query_scale(all, 0.0, &all0));
    OK(vbx_query_scale(w, 0.25, &w4));
    vbx_query_t *pair[2] = { all0, w4 };
    OK(vbx_query_combine(VBX_QUERY_AND_MAYBE, pair, 2, 0, &q));
    vbx_enquire_t *e = NULL;
    OK(vbx_enquire_new(db, &e));
    OK(vbx_enquire_set_query(e, q));
    OK(vbx_enquire_set_weighting_wdf(e));
    OK(vbx_enquire_set_sort_by_relevance_then_value(e, 0, 0));
    vbx_mset_t *m = NULL;
    OK(vbx_enquire_get_mset(e, 0, 10, 0, &m));
    ck_assert_msg(vbx_mset_size(m) == 4, "%s: %zu matches", where, vbx_mset_size(m));
    const char *want = "bcad";
    const double wantw[4] = { 1.25, 1.25, 0.5, 0.0 };
    for (size_t i = 0; i < 4; i++) {
        vbx_doc_t *d = NULL;
        OK(vbx_mset_get_document(m, i, &d));
        char *name = doc_name(d);
        ck_assert_msg(name[0] == want[i], "%s: match %zu is %s, want %c", where, i, name, want[i]);
        free(name);
        double got = vbx_mset_weight(m, i);
        ck_assert_msg(got > wantw[i] - 1e-9 && got < wantw[i] + 1e-9, "%s: weight %zu = %g, want %g", where, i, got,
                      wantw[i]);
    }
    unsigned lo = 0, hi = 0;
    ck_assert_uint_eq(vbx_mset_matches_estimated(m, &lo, &hi), 4);
    ck_assert_uint_eq(lo, 4);
    ck_assert_uint_eq(hi, 4);
    ck_assert_double_eq(vbx_mset_weight(m, 99), 0.0);
    ck_assert_uint_eq(vbx_mset_matches_estimated(NULL, &lo, &hi), 0);
    EXPECT(VB_ERR_INVALID_ARG, vbx_query_scale(w, -1.0, &q));
    vbx_mset_free(m);
    vbx_enquire_free(e);
    vbx_query_free(q);
    vbx_query_free(all);
    vbx_query_free(w);
    vbx_query_free(all0);
    vbx_query_free(w4);
}

/* vbx_db_postings() (through the matcher) gives what vbx_db_postlist() gives:
 * the same docids in order, the same wdfs, 0 for a boolean term's. */
static void check_postings_alike(vbx_db_t *db, const char *where)
{
    const char *terms[] = { "w", "all", "Qb", "nope" };
    for (size_t t = 0; t < sizeof terms / sizeof *terms; t++) {
        unsigned *docs = NULL, *wdfs = NULL;
        size_t n = 99;
        OK(vbx_db_postings(db, terms[t], strlen(terms[t]), &docs, &wdfs, &n));
        vbx_postiter_t *it = NULL;
        OK(vbx_db_postlist(db, terms[t], strlen(terms[t]), &it));
        size_t k = 0;
        for (;; k++) {
            int has = 0;
            unsigned did = 0, wdf = 0;
            OK(vbx_postiter_next(it, &has, &did, &wdf));
            if (!has) break;
            ck_assert_msg(k < n, "%s: %s: postings end at %zu", where, terms[t], n);
            ck_assert_msg(docs[k] == did && wdfs[k] == wdf, "%s: %s: posting %zu is (%u, %u), want (%u, %u)", where,
                          terms[t], k, docs[k], wdfs[k], did, wdf);
        }
        vbx_postiter_free(it);
        ck_assert_msg(k == n, "%s: %s: %zu postings, want %zu", where, terms[t], n, k);
        if (n == 0) ck_assert(docs == NULL && wdfs == NULL);
        free(docs);
        free(wdfs);
    }
    ck_assert_int_eq(strcmp(terms[3], "nope"), 0);
    unsigned *docs = NULL, *wdfs = NULL;
    size_t n = 0;
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_postings(db, "", 0, &docs, &wdfs, &n));
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_postings(db, "w", 1, NULL, &wdfs, &n));
}

START_TEST(test_wdf_weighting)
{
    make_wdf_db("wdf");
    vbx_db_t *db = NULL;
    OK(vbx_db_open(tmp_path("wdf"), &db));
    check_wdf_ranking(db, "local");
    check_postings_alike(db, "local");
    vbx_db_free(db);
}
END_TEST

/* A stock xapian-tcpsrv runs the same weighting and sort where the data is
 * (what lets remote shards return their page: docs/design.md). */
START_TEST(test_wdf_weighting_remote)
{
    if (access("/usr/bin/xapian-tcpsrv", X_OK) != 0) return; /* skip without xapian-tools */
    make_wdf_db("wdf");
    unsigned port = 0;
    vbx_db_t *db = NULL;
    vb_status_t st = VB_ERR_XAPIAN;
    pid_t pid = start_tcpsrv(tmp_path("wdf"), &port, &db, &st);
    if (st == VB_OK) check_wdf_ranking(db, "remote");
    if (st == VB_OK) check_postings_alike(db, "remote");
    vbx_db_free(db);
    db = NULL;
    /* a stub of a local and a remote shard: the docids of the two interleave */
    char stub[128];
    snprintf(stub, sizeof stub, "auto wdf\nremote 127.0.0.1:%u\n", port);
    write_file(tmp_path("wdfstub"), stub);
    if (st == VB_OK) st = vbx_db_open(tmp_path("wdfstub"), &db);
    if (st == VB_OK) check_postings_alike(db, "stub");
    /* the term list's frequencies: summed over the shards, as the database's */
    vbx_termiter_t *it = NULL;
    if (st == VB_OK) OK(vbx_db_allterms(db, NULL, 0, &it));
    for (size_t k = 0; st == VB_OK; k++) {
        int has = 0;
        const char *t = NULL;
        size_t tl = 0;
        unsigned tf = 0, want = 0;
        OK(vbx_termiter_next(it, &has, &t, &tl));
        if (!has) {
            ck_assert_uint_gt(k, 5);
            break;
        }
        OK(vbx_termiter_termfreq(it, &tf));
        OK(vbx_db_termfreq(db, t, tl, &want));
        ck_assert_msg(tf == want && tf > 0, "stub: term %s: %u from the list, %u from the database", t, tf, want);
    }
    vbx_termiter_free(it);
    vbx_db_free(db);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    ck_assert_msg(st == VB_OK, "remote open: %d (%s)", (int)st, vbx_last_error());
}
END_TEST

/* ------------------------------------------------------------------ arguments */

START_TEST(test_null_args)
{
    vbx_wdb_t *w = new_wdb("db");
    vbx_db_t *db = vbx_wdb_db(w);
    vbx_doc_t *d = make_doc("a@1");
    unsigned u = 42;
    int has = 42;
    char *s = (char *)0x1;
    size_t len = 42;

    mark_error();
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_open(NULL, &db));
    ck_assert_msg(strstr(vbx_last_error(), "vbx_db_open") != NULL, "%s", vbx_last_error());
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_open("", &db));
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_open(tmp_path("db"), NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_new_empty(NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_add_shard(NULL, db));
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_reopen(NULL, NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_doccount(NULL, &u));
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_doccount(db, NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_termfreq(db, NULL, 3, &u));
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_collection_freq(db, "a", 1, NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_term_exists(NULL, "a", 1, &has));
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_get_revision(NULL, NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_get_metadata(db, NULL, 1, &s, &len));
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_get_document(NULL, 1, &d));
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_allterms(db, NULL, 1, NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_postlist(NULL, "a", 1, NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_db_positionlist(db, 0, "a", 1, NULL));
    ck_assert_uint_eq(u, 42);
    ck_assert_int_eq(has, 42);
    ck_assert_ptr_eq(s, (char *)0x1);
    ck_assert_uint_eq(len, 42);

    EXPECT(VB_ERR_INVALID_ARG, vbx_wdb_open(NULL, 0, &w));
    EXPECT(VB_ERR_INVALID_ARG, vbx_wdb_open(tmp_path("x"), 0, NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_wdb_open(tmp_path("x"), 0x1000, &w));
    EXPECT(VB_ERR_INVALID_ARG, vbx_wdb_begin_transaction(NULL, 1));
    EXPECT(VB_ERR_INVALID_ARG, vbx_wdb_commit_transaction(NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_wdb_cancel_transaction(NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_wdb_commit(NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_wdb_close(NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_wdb_replace_document(w, 1, NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_wdb_replace_document_by_term(w, NULL, 0, d, &u));
    EXPECT(VB_ERR_INVALID_ARG, vbx_wdb_replace_document_by_term(NULL, "a", 1, d, &u));
    EXPECT(VB_ERR_INVALID_ARG, vbx_wdb_replace_document_by_term(w, "a", 1, NULL, &u));
    EXPECT(VB_ERR_INVALID_ARG, vbx_wdb_delete_document(NULL, 1));
    EXPECT(VB_ERR_INVALID_ARG, vbx_wdb_set_metadata(w, NULL, 0, "v", 1));
    EXPECT(VB_ERR_INVALID_ARG, vbx_wdb_set_metadata(w, "k", 1, NULL, 1));
    ck_assert_ptr_null(vbx_wdb_db(NULL));
    ck_assert_uint_eq(u, 42);

    EXPECT(VB_ERR_INVALID_ARG, vbx_doc_new(NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_doc_add_posting(NULL, "a", 1, 1, 1));
    EXPECT(VB_ERR_INVALID_ARG, vbx_doc_add_posting(d, NULL, 1, 1, 1));
    EXPECT(VB_ERR_INVALID_ARG, vbx_doc_add_posting(d, "", 0, 1, 1));
    EXPECT(VB_ERR_INVALID_ARG, vbx_doc_add_term(d, NULL, 0, 1));
    EXPECT(VB_ERR_INVALID_ARG, vbx_doc_add_boolean_term(d, "", 0));
    EXPECT(VB_ERR_INVALID_ARG, vbx_doc_set_data(d, NULL, 5));
    EXPECT(VB_ERR_INVALID_ARG, vbx_doc_get_data(d, NULL, &len));
    EXPECT(VB_ERR_INVALID_ARG, vbx_doc_add_value(d, VBX_BAD_VALUENO, "v", 1));
    EXPECT(VB_ERR_INVALID_ARG, vbx_doc_get_value(d, 0, NULL, &len));

    EXPECT(VB_ERR_INVALID_ARG, vbx_termiter_next(NULL, &has, NULL, NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_postiter_next(NULL, &has, NULL, NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_positer_next(NULL, &has, &u));
    vbx_termiter_t *ti = NULL;
    OK(vbx_db_allterms(db, NULL, 0, &ti));
    EXPECT(VB_ERR_INVALID_ARG, vbx_termiter_next(ti, NULL, NULL, NULL));
    vbx_termiter_free(ti);

    vbx_query_t *q = (vbx_query_t *)0x1;
    EXPECT(VB_ERR_INVALID_ARG, vbx_query_term("a", 1, 1, 0, NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_query_term(NULL, 1, 1, 0, &q));
    EXPECT(VB_ERR_INVALID_ARG, vbx_query_match_all(NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_query_match_nothing(NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_query_combine(VBX_QUERY_OR, NULL, 0, 0, NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_query_value_range(0, NULL, 1, "b", 1, &q));
    EXPECT(VB_ERR_INVALID_ARG, vbx_query_value_ge(0, "a", 1, NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_query_value_le(VBX_BAD_VALUENO, "a", 1, &q));
    ck_assert_ptr_eq(q, (vbx_query_t *)0x1);

    vbx_enquire_t *e = (vbx_enquire_t *)0x1;
    EXPECT(VB_ERR_INVALID_ARG, vbx_enquire_new(NULL, &e));
    ck_assert_ptr_eq(e, (vbx_enquire_t *)0x1);
    EXPECT(VB_ERR_INVALID_ARG, vbx_enquire_set_query(NULL, NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_enquire_set_sort_by_value(NULL, 0, 0));
    EXPECT(VB_ERR_INVALID_ARG, vbx_enquire_set_docid_order(NULL, VBX_ASC));
    EXPECT(VB_ERR_INVALID_ARG, vbx_enquire_set_weighting_bool(NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_enquire_get_mset(NULL, 0, 10, 0, NULL));
    EXPECT(VB_ERR_INVALID_ARG, vbx_mset_get_document(NULL, 0, &d));
    ck_assert_uint_eq(vbx_mset_size(NULL), 0);
    ck_assert_uint_eq(vbx_mset_docid(NULL, 0), 0);

    /* every free accepts NULL */
    vbx_db_free(NULL);
    vbx_wdb_free(NULL);
    vbx_doc_free(NULL);
    vbx_query_free(NULL);
    vbx_enquire_free(NULL);
    vbx_mset_free(NULL);
    vbx_termiter_free(NULL);
    vbx_postiter_free(NULL);
    vbx_positer_free(NULL);

    vbx_doc_free(d);
    vbx_wdb_free(w);
}
END_TEST

START_TEST(test_xapian_invalid_args)
{
    vbx_wdb_t *w = new_wdb("db");
    /* a term longer than glass accepts (245 bytes) */
    char big[400];
    memset(big, 'k', sizeof big);
    vbx_doc_t *d = NULL;
    OK(vbx_doc_new(&d));
    OK(vbx_doc_add_posting(d, big, sizeof big, 1, 1));
    unsigned id = 77;
    mark_error();
    vb_status_t st = vbx_wdb_replace_document_by_term(w, NEW_DOC, strlen(NEW_DOC), d, &id);
    if (st == VB_OK) st = vbx_wdb_commit(w);
    ck_assert_msg(st == VB_ERR_INVALID_ARG, "%d (%s)", (int)st, vbx_last_error());
    error_replaced();
    vbx_doc_free(d);

    /* a metadata key too long */
    st = vbx_wdb_set_metadata(w, big, sizeof big, "v", 1);
    if (st == VB_OK) st = vbx_wdb_commit(w);
    ck_assert_msg(st == VB_ERR_INVALID_ARG, "%d (%s)", (int)st, vbx_last_error());
    vbx_wdb_free(w);
}
END_TEST

static Suite *xapian_suite(void)
{
    Suite *s = suite_create("xapian");
    TCase *tc = tcase_create("vbx");
    tcase_add_checked_fixture(tc, setup_tmp, teardown_tmp);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_roundtrip);
    tcase_add_test(tc, test_wdb_closed);
    tcase_add_test(tc, test_replace_by_term);
    tcase_add_test(tc, test_delete_by_term);
    tcase_add_test(tc, test_transactions);
    tcase_add_test(tc, test_metadata);
    tcase_add_test(tc, test_allterms);
    tcase_add_test(tc, test_postlist);
    tcase_add_test(tc, test_positionlist);
    tcase_add_test(tc, test_positions_bulk);
    tcase_add_test(tc, test_values_walk);
    tcase_add_test(tc, test_phrase_or);
    tcase_add_test(tc, test_query_ops);
    tcase_add_test(tc, test_value_range);
    tcase_add_test(tc, test_sort);
    tcase_add_test(tc, test_missing_db);
    tcase_add_test(tc, test_lock);
    tcase_add_test(tc, test_corrupt);
    tcase_add_test(tc, test_stub);
    tcase_add_test(tc, test_stub_write);
    tcase_add_test(tc, test_modified_reopen);
    tcase_add_test(tc, test_remote_errors);
    tcase_add_test(tc, test_remote_tcpsrv);
    tcase_add_test(tc, test_wdf_weighting);
    tcase_add_test(tc, test_wdf_weighting_remote);
    tcase_add_test(tc, test_null_args);
    tcase_add_test(tc, test_xapian_invalid_args);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return vb_test_run(xapian_suite());
}
