/*
 * The index through the public API, where the command-line tests cannot
 * reach: a rebuild written aside, one file reached through two paths in a
 * parallel batch, a stream (--all) that goes on while an indexer rewrites
 * the index under it, mentions of a query that names a word twice, an
 * indexer that waits for the search still reading the revision it would
 * write over, a reader that moves to the index as last committed; results
 * per document (VB_SEARCH_DOCS), sorted by date, pointing at their first
 * match (match_line), and one clause subtree of a document shown; citations
 * by name written through the writer itself (ref: by name and year, a name
 * resolved to the number a citation gives with it, --top-cited).
 * Fixtures are copies of corpus/5287-BCD-2020.txt written at run time.
 */
#define _GNU_SOURCE 1
#include <math.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include "testutil.h"
#include "vanban.h"
#include "write/writer.h"
#include "query/termstats.h"
#include "query/query_internal.h"
#include "store/schema.h"

static char tmpdir[256];

static void setup_tmp(void) { vb_test_tmpdir(tmpdir, sizeof tmpdir, "check-index"); }
static void teardown_tmp(void) { vb_test_rm_tree(tmpdir); }

static const char *tpath(char *buf, size_t cap, const char *fmt, int i)
{
    char name[128];
    snprintf(name, sizeof name, fmt, i);
    snprintf(buf, cap, "%s/%s", tmpdir, name);
    return buf;
}

/* N copies of the seed under DIR (created), each with TAIL appended. */
static void write_copies(const char *dir, int n, const char *tail)
{
    size_t len = 0;
    char *seed = vb_test_slurp(VB_SEED, &len);
    for (int i = 0; i < n; i++) {
        char name[300];
        snprintf(name, sizeof name, "%s/%s/copy-%03d.txt", tmpdir, dir, i);
        FILE *f = fopen(name, "wb");
        ck_assert_msg(f != NULL, "cannot write %s", name);
        fwrite(seed, 1, len, f);
        fprintf(f, "\n%s %d\n", tail, i);
        fclose(f);
    }
    free(seed);
}

static void make_dir(const char *name)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    ck_assert_int_eq(mkdir(p, 0755), 0);
}

/* Index every DIR/copy-NNN.txt (N of them) into DB with JOBS. */
static void index_copies(const char *db, const char *dir, int n, unsigned flags, unsigned jobs, int commit)
{
    vb_index_t *ix = NULL;
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_WRITE | flags, &ix), VB_OK);
    char **paths = calloc((size_t)n, sizeof *paths);
    for (int i = 0; i < n; i++) {
        paths[i] = malloc(600);
        snprintf(paths[i], 600, "%s/%s/copy-%03d.txt", tmpdir, dir, i);
    }
    ck_assert_int_eq(vb_index_add_files(ix, (const char *const *)paths, (size_t)n, VB_ENC_AUTO, jobs, NULL, NULL), VB_OK);
    if (commit) ck_assert_int_eq(vb_index_commit(ix), VB_OK);
    ck_assert_int_eq(vb_index_close(ix), VB_OK);
    for (int i = 0; i < n; i++) free(paths[i]);
    free(paths);
}

static size_t doc_count(const char *db)
{
    vb_index_t *ix = NULL;
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_READ, &ix), VB_OK);
    size_t docs = 0, clauses = 0;
    ck_assert_int_eq(vb_index_counts(ix, &docs, &clauses), VB_OK);
    vb_index_close(ix);
    return docs;
}

static int exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

START_TEST(test_rebuild_aside)
{
    setup_tmp();
    char db[512], aside[600];
    tpath(db, sizeof db, "db", 0);
    snprintf(aside, sizeof aside, "%s.rebuild", db);
    make_dir("a");
    write_copies("a", 3, "Bản sao");
    index_copies(db, "a", 3, 0, 1, 1);
    ck_assert_uint_eq(doc_count(db), 3);

    /* a rebuild closed without a commit: the index is as it was */
    vb_index_t *w = NULL;
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_WRITE | VB_INDEX_OVERWRITE, &w), VB_OK);
    ck_assert_msg(exists(aside), "the rebuild is written aside, at %s", aside);
    vb_file_result_t res;
    char one[600];
    snprintf(one, sizeof one, "%s/a/copy-000.txt", tmpdir);
    ck_assert_int_eq(vb_index_add_file(w, one, VB_ENC_AUTO, &res), VB_OK);
    ck_assert_uint_eq(doc_count(db), 3);             /* readers see the old index */
    vb_index_t *w2 = NULL;
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_WRITE, &w2), VB_ERR_DB_LOCKED);
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_WRITE | VB_INDEX_OVERWRITE, &w2), VB_ERR_DB_LOCKED);
    ck_assert_msg(exists(aside), "a refused second writer leaves the rebuild alone");
    ck_assert_int_eq(vb_index_close(w), VB_OK);
    ck_assert_uint_eq(doc_count(db), 3);
    ck_assert_msg(!exists(aside), "an abandoned rebuild is removed");

    /* committed: swapped in; the handle goes on writing to the index itself */
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_WRITE | VB_INDEX_OVERWRITE, &w), VB_OK);
    ck_assert_int_eq(vb_index_add_file(w, one, VB_ENC_AUTO, &res), VB_OK);
    ck_assert_int_eq(res.action, VB_FILE_ADDED);
    ck_assert_uint_eq(doc_count(db), 3);
    ck_assert_int_eq(vb_index_commit(w), VB_OK);
    ck_assert_uint_eq(doc_count(db), 1);
    ck_assert_msg(!exists(aside), "the old index is deleted after the swap");
    snprintf(one, sizeof one, "%s/a/copy-001.txt", tmpdir);
    ck_assert_int_eq(vb_index_add_file(w, one, VB_ENC_AUTO, &res), VB_OK);
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_WRITE, &w2), VB_ERR_DB_LOCKED);  /* still ours */
    ck_assert_int_eq(vb_index_close(w), VB_OK);
    ck_assert_uint_eq(doc_count(db), 2);

    /* --db given a directory of other files by mistake: nothing there is swapped away */
    make_dir("other");
    char keep[600];
    snprintf(keep, sizeof keep, "%s/other/keep.txt", tmpdir);
    FILE *kf = fopen(keep, "w");
    ck_assert(kf != NULL);
    fputs("not an index\n", kf);
    fclose(kf);
    char other[512];
    tpath(other, sizeof other, "other", 0);
    index_copies(other, "a", 1, VB_INDEX_OVERWRITE, 1, 1);
    ck_assert_msg(exists(keep), "a rebuild removed a file of a directory that was not an index");
    ck_assert_uint_eq(doc_count(other), 1);

    /* a rebuild of a path that holds no index yet is an ordinary creation */
    char db2[512];
    tpath(db2, sizeof db2, "fresh", 0);
    index_copies(db2, "a", 2, VB_INDEX_OVERWRITE, 1, 0);
    ck_assert_uint_eq(doc_count(db2), 2);
    teardown_tmp();
}
END_TEST

typedef struct {
    size_t added, duplicate, other;
} tally_t;

static void on_file(const char *path, vb_status_t st, const vb_file_result_t *res, const char *msg, void *data)
{
    (void)path; (void)msg;
    tally_t *t = data;
    if (st != VB_OK) t->other++;
    else if (res->action == VB_FILE_ADDED) t->added++;
    else if (res->action == VB_FILE_DUPLICATE) t->duplicate++;
    else t->other++;
}

START_TEST(test_duplicate_paths)
{
    setup_tmp();
    enum { N = 70 };   /* above the parallel build's threshold (64 files) */
    make_dir("a");
    write_copies("a", N, "Bản sao");
    char link[512], target[512], db[512];
    tpath(link, sizeof link, "b", 0);
    tpath(target, sizeof target, "a", 0);
    ck_assert_int_eq(symlink(target, link), 0);
    tpath(db, sizeof db, "db", 0);
    for (unsigned jobs = 1; jobs <= 2; jobs++) {
        char *paths[2 * N];
        for (int i = 0; i < 2 * N; i++) {
            paths[i] = malloc(600);
            snprintf(paths[i], 600, "%s/%s/copy-%03d.txt", tmpdir, i % 2 ? "b" : "a", i / 2);
        }
        vb_index_t *ix = NULL;
        ck_assert_int_eq(vb_index_open(db, VB_INDEX_WRITE | VB_INDEX_OVERWRITE, &ix), VB_OK);
        tally_t t = { 0, 0, 0 };
        ck_assert_int_eq(vb_index_add_files(ix, (const char *const *)paths, 2 * N, VB_ENC_AUTO, jobs, on_file, &t), VB_OK);
        ck_assert_int_eq(vb_index_commit(ix), VB_OK);
        ck_assert_int_eq(vb_index_close(ix), VB_OK);
        ck_assert_uint_eq(t.added, N);
        ck_assert_uint_eq(t.duplicate, N);
        ck_assert_uint_eq(t.other, 0);
        ck_assert_msg(doc_count(db) == N, "--jobs %u: %zu documents for %d files", jobs, doc_count(db), N);
        for (int i = 0; i < 2 * N; i++) free(paths[i]);
    }
    teardown_tmp();
}
END_TEST

/* The scores of the "h" lines of a shard page answer, in order; returns how
 * many (at most CAP). */
static size_t answer_scores(const char *ans, double *sc, size_t cap)
{
    size_t n = 0;
    for (const char *p = strstr(ans, "\nh "); p && n < cap; p = strstr(p + 1, "\nh ")) {
        char id[17];
        unsigned docid, clause;
        ck_assert_int_eq(sscanf(p + 3, "%16s %u %u %lf", id, &docid, &clause, &sc[n]), 4);
        n++;
    }
    return n;
}

/* A new temporary directory with six copies of the seed indexed in DIR, opened to read. */
static vb_index_t *six_copies(const char *dir)
{
    setup_tmp();
    make_dir(dir);
    write_copies(dir, 6, "Phụ lục");
    char db[512];
    snprintf(db, sizeof db, "%s/db", tmpdir);
    index_copies(db, dir, 6, 0, 1, 1);
    vb_index_t *ix = NULL;
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_READ, &ix), VB_OK);
    return ix;
}

/* A page server's part (vb_index_shard_page): the scores are in the terms the
 * request gives (the archive's document count and frequencies), not the
 * shard's own; a request that does not fit the query, or is not one, is
 * refused and answers nothing. */
START_TEST(test_shard_page)
{
    vb_index_t *ix = six_copies("sp");
    const char *bad[] = {
        "garbage",
        "vanban-page 1\nk 5\nf 0\nn 6\nr 0\nd 6 6\nq tín dụng đen",       /* three words, two frequencies */
        "vanban-page 1\nk 5\nf 0\nn 6\nr 0\nd 6 6 6 6\nq tín dụng đen",   /* four */
        "vanban-page 1\nk 5\nf 4\nn 6\nr 0\nd 6 6 6\nq tín dụng đen",     /* newest first: not a page by score */
        "vanban-page 1\nk 0\nf 0\nn 6\nr 0\nd 6 6 6\nq tín dụng đen",     /* no clause asked */
        "vanban-page 1\nk 5\nf 0\nn 6\nr 0\nd 6 x\nq tín dụng đen",
        "vanban-page 1\nk 5\nf 0\nn 6\nr 0\nd 6 6 6\n",
        "vanban-page 1\nk 5\nf 0\nn 6\nr 2\nd 6 6 6\nq tín dụng đen",   /* records: 0 or 1 */
        "vanban-page 1\nk 5\nf 0\nn 6\nd 6 6 6\nq tín dụng đen",       /* records not said */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *ans = (char *)"unset";
        ck_assert_msg(vb_index_shard_page(ix, bad[i], strlen(bad[i]), &ans, NULL) == VB_ERR_INVALID_ARG,
                      "request %zu accepted", i);
        ck_assert_ptr_null(ans);
    }
    const char nul[] = "vanban-page 1\nk 5\nf 0\nn 6\nr 0\nd 6 6 6\nq tín\0 dụng đen";
    char *ans = NULL;
    ck_assert_int_eq(vb_index_shard_page(ix, nul, sizeof nul - 1, &ans, NULL), VB_ERR_INVALID_ARG);
    /* the same page in two archives' terms: every score scaled by the idf */
    const char *small = "vanban-page 1\nk 5\nf 0\nn 6\nr 0\nd 6 6 6\nq tín dụng đen";
    const char *large = "vanban-page 1\nk 5\nf 0\nn 600\nr 0\nd 100 100 100\nq tín dụng đen";
    char *a1 = NULL, *a2 = NULL;
    size_t l1 = 0;
    ck_assert_int_eq(vb_index_shard_page(ix, small, strlen(small), &a1, &l1), VB_OK);
    ck_assert_int_eq(vb_index_shard_page(ix, large, strlen(large), &a2, NULL), VB_OK);
    ck_assert_uint_eq(l1, strlen(a1));
    /* the shard's Xapian UUID (36 characters), for the client to check, then the totals */
    ck_assert_msg(strncmp(a1, "vanban-page 1\nu ", 16) == 0 && a1[52] == '\n' && strncmp(a1 + 53, "t ", 2) == 0,
                  "answer: %.60s", a1);
    ck_assert_msg(strncmp(a2, a1, 53) == 0, "another UUID: %.60s", a2);
    double s1[8], s2[8];
    size_t n1 = answer_scores(a1, s1, 8), n2 = answer_scores(a2, s2, 8);
    ck_assert_uint_eq(n1, 5);
    ck_assert_uint_eq(n2, 5);
    double ratio = log(7.0) / log(2.0);   /* idf = log(1 + N / df) per word */
    for (size_t i = 0; i < n1; i++) {
        ck_assert(s1[i] > 0);
        ck_assert_msg(fabs(s2[i] / s1[i] - ratio) < 1e-9, "score %zu: %g vs %g", i, s2[i], s1[i]);
    }
    /* asked with records: the same answer, then the record of each of its
       clauses' documents once, as a records request gives it */
    const char *withrec = "vanban-page 1\nk 5\nf 0\nn 6\nr 1\nd 6 6 6\nq tín dụng đen";
    char *a3 = NULL;
    size_t l3 = 0;
    ck_assert_int_eq(vb_index_shard_page(ix, withrec, strlen(withrec), &a3, &l3), VB_OK);
    ck_assert_uint_gt(l3, l1);
    ck_assert_int_eq(memcmp(a3, a1, l1), 0);
    unsigned hdocs[8];
    size_t nh = 0;
    for (const char *p = strstr(a1, "\nh "); p; p = strstr(p + 1, "\nh ")) {
        unsigned d = 0, j;
        ck_assert_int_eq(sscanf(p + 3, "%*16s %u", &d), 1);
        for (j = 0; j < nh && hdocs[j] != d; j++) {}
        if (j == nh) hdocs[nh++] = d;
    }
    ck_assert_uint_gt(nh, 1);
    size_t nrec = 0;
    for (size_t off = l1; off < l3; nrec++) {
        unsigned id = 0;
        unsigned long pl = 0, fl = 0;
        ck_assert_int_eq(sscanf(a3 + off, "r %u %lu %lu", &id, &pl, &fl), 3);
        ck_assert_uint_eq(id, hdocs[nrec]);   /* in the order of the clauses */
        const char *body = memchr(a3 + off, '\n', l3 - off);
        ck_assert_ptr_nonnull(body);
        body++;
        size_t seg = (size_t)(body - (a3 + off)) + pl + fl + 1;
        ck_assert_uint_le(off + seg, l3);
        char rq[64], *ra = NULL;
        size_t ral = 0;
        snprintf(rq, sizeof rq, "vanban-records 1\n%u", id);
        ck_assert_int_eq(vb_index_shard_page(ix, rq, strlen(rq), &ra, &ral), VB_OK);
        ck_assert_uint_eq(ral, 56 + seg);   /* "vanban-records 1\n", "u UUID\n", the record */
        ck_assert_int_eq(memcmp(ra + 56, a3 + off, seg), 0);
        free(ra);
        off += seg;
    }
    ck_assert_uint_eq(nrec, nh);
    free(a3);
    free(a1);
    free(a2);
    ck_assert_int_eq(vb_index_shard_page(NULL, small, strlen(small), &a1, NULL), VB_ERR_INVALID_ARG);
    /* the documents of a page: their packed records and format values, as stored */
    const char *recs = "vanban-records 1\n2 1";
    size_t rl = 0;
    ck_assert_int_eq(vb_index_shard_page(ix, recs, strlen(recs), &a1, &rl), VB_OK);
    ck_assert_msg(strncmp(a1, "vanban-records 1\nu ", 19) == 0 && a1[55] == '\n' && strncmp(a1 + 56, "r 2 ", 4) == 0,
                  "answer: %.60s", a1);
    const char *r1 = memmem(a1, rl, "\nr 1 ", 5);
    ck_assert_ptr_nonnull(r1);
    unsigned long plen = 0, flen = 0;
    ck_assert_int_eq(sscanf(r1 + 5, "%lu %lu", &plen, &flen), 2);
    ck_assert_uint_gt(plen, 100);
    ck_assert_uint_eq(flen, 0);   /* a text file: no format value */
    const char *nl = memchr(r1 + 1, '\n', rl - (size_t)(r1 + 1 - a1));
    ck_assert_ptr_nonnull(nl);
    ck_assert_uint_eq((size_t)(nl + 1 - a1) + plen + flen + 1, rl);   /* the last document, then the end */
    free(a1);
    const char *badrecs[] = { "vanban-records 1\n", "vanban-records 1\n0", "vanban-records 1\n1 x", "vanban-records 1\n1,2" };
    for (size_t i = 0; i < sizeof badrecs / sizeof *badrecs; i++) {
        char *ans2 = NULL;
        ck_assert_msg(vb_index_shard_page(ix, badrecs[i], strlen(badrecs[i]), &ans2, NULL) == VB_ERR_INVALID_ARG,
                      "records request %zu accepted", i);
        ck_assert_ptr_null(ans2);
    }
    const char *gone = "vanban-records 1\n999";
    ck_assert_int_ne(vb_index_shard_page(ix, gone, strlen(gone), &a1, NULL), VB_OK);
    ck_assert_ptr_null(a1);
    vb_index_close(ix);
    teardown_tmp();
}
END_TEST

static vb_status_t list_term(const char *t, size_t n, unsigned docs, void *data)
{
    (void)docs;
    vb_buf_append(data, t, n);
    vb_buf_putc(data, ' ');
    return VB_OK;
}

/* The term statistics of a compilation (query/termstats.h): a shard's answer
 * to a stats request lists what its compiler read (each spelling under an
 * unaccented syllable's prefix, each frequency); a client's reader sums the
 * shards' answers and reads the database for anything one of them lacks. */
/* vb_grow (util.c), the one way the shard protocols' arrays grow: room for
 * one more, the elements kept; a size that would overflow is refused and
 * leaves the array as it was. */
START_TEST(test_grow)
{
    unsigned *v = NULL;
    size_t n = 0, cap = 0;
    for (unsigned i = 0; i < 1000; i++) {
        unsigned *g = vb_grow(v, n, &cap, sizeof *g);
        ck_assert_ptr_nonnull(g);
        ck_assert_uint_gt(cap, n);
        v = g;
        v[n++] = i * 7;
    }
    ck_assert_uint_eq(cap, 1024);   /* 16 doubled six times */
    for (unsigned i = 0; i < 1000; i++) ck_assert_uint_eq(v[i], i * 7);
    ck_assert_ptr_eq(vb_grow(v, 999, &cap, sizeof *v), v);   /* room already */
    size_t full = cap;
    ck_assert_ptr_null(vb_grow(v, full, &cap, SIZE_MAX / 1024));   /* 2048 elements of that size overflow */
    ck_assert_uint_eq(cap, full);
    ck_assert_uint_eq(v[999], 999 * 7);
    free(v);
}
END_TEST

/* vb_batch (query/batch.c): the values a search reads of each file, read a
 * slot at a time for a batch asked in any order, are each document's own;
 * a file or a slot the batch did not read is left to the document. */
START_TEST(test_batch_values)
{
    vb_index_t *ix = six_copies("bv");
    const unsigned slots[] = { VB_SLOT_CLAUSES, VB_SLOT_FILEID, VB_SLOT_DATE };
    batch_t *b = NULL;
    ck_assert_int_eq(vb_batch_new(slots, 3, &b), VB_OK);
    const unsigned ask[] = { 5, 2, 6, 1 };   /* not 3 nor 4; out of order */
    ck_assert_int_eq(vb_batch_load(ix, b, ask, 4), VB_OK);
    for (size_t i = 0; i < 4; i++) {
        vbx_doc_t *doc = NULL;
        ck_assert_int_eq(vbx_db_get_document(ix->db, ask[i], &doc), VB_OK);
        for (size_t k = 0; k < 3; k++) {
            char *v = NULL;
            size_t vl = 0;
            const char *bv = NULL;
            size_t bl = 0;
            ck_assert_int_eq(vbx_doc_get_value(doc, slots[k], &v, &vl), VB_OK);
            ck_assert_int_eq(vb_batch_value(b, slots[k], ask[i], &bv, &bl), 1);
            ck_assert_uint_eq(bl, vl);
            ck_assert(vl == 0 || memcmp(bv, v, vl) == 0);
            if (k < 2) ck_assert_uint_gt(vl, 0);   /* every file has its clause table and its id */
            free(v);
        }
        vbx_doc_free(doc);
    }
    const char *bv = NULL;
    size_t bl = 0;
    ck_assert_int_eq(vb_batch_value(b, VB_SLOT_CLAUSES, 3, &bv, &bl), 0);    /* not in the batch */
    ck_assert_int_eq(vb_batch_value(b, VB_SLOT_UNMARKED, 1, &bv, &bl), 0);   /* not a slot it reads */
    ck_assert_int_eq(vb_batch_value(NULL, VB_SLOT_CLAUSES, 1, &bv, &bl), 0);
    const unsigned next[] = { 3 };   /* a new batch replaces the last */
    ck_assert_int_eq(vb_batch_load(ix, b, next, 1), VB_OK);
    ck_assert_int_eq(vb_batch_value(b, VB_SLOT_CLAUSES, 3, &bv, &bl), 1);
    ck_assert_int_eq(vb_batch_value(b, VB_SLOT_CLAUSES, 1, &bv, &bl), 0);
    batch_t *many = NULL;
    const unsigned nine[9] = { 0 };
    ck_assert_int_eq(vb_batch_new(nine, 9, &many), VB_ERR_INVALID_ARG);
    vb_batch_free(b);
    vb_index_close(ix);
}
END_TEST

START_TEST(test_term_stats)
{
    vb_index_t *ix = six_copies("ts");
    const char *req = "vanban-stats 1\nf 0\nq tin dung den";
    char *ans = NULL;
    size_t al = 0;
    ck_assert_int_eq(vb_index_shard_page(ix, req, strlen(req), &ans, &al), VB_OK);
    ck_assert_msg(strncmp(ans, "vanban-stats 1\nu ", 17) == 0 && ans[53] == '\n' && strncmp(ans + 54, "n 6\n", 4) == 0,
                  "answer: %.70s", ans);
    ck_assert_ptr_nonnull(memmem(ans, al, "\na 4\ntin:\nl 8\ntin:tín\n", 22));
    /* two shards that answered the same: every figure they give counts twice */
    termstats_t *ts = vb_termstats_reader(2);
    ck_assert_ptr_nonnull(ts);
    for (size_t k = 0; k < 2; k++) {
        char *body = malloc(al - 54 + 1);
        memcpy(body, ans + 54, al - 54);
        body[al - 54] = '\0';
        ck_assert(vb_termstats_add(ts, k, body, al - 54));
    }
    ck_assert(vb_termstats_complete(ts));
    size_t nt = 0;
    for (const char *p = memmem(ans, al, "\nt ", 3); p; p = memmem(p + 1, al - (size_t)(p + 1 - ans), "\nt ", 3)) {
        unsigned len = 0, f = 0, own = 0, both = 0;
        ck_assert_int_eq(sscanf(p + 3, "%u %u", &len, &f), 2);
        const char *t = strchr(p + 3, '\n') + 1;
        ck_assert_int_eq(vb_ts_termfreq(ix, t, len, &own), VB_OK);   /* the database's */
        ck_assert_uint_eq(own, f);
        ix->tstats = ts;
        ck_assert_int_eq(vb_ts_termfreq(ix, t, len, &both), VB_OK);
        ix->tstats = NULL;
        ck_assert_uint_eq(both, 2 * f);
        nt++;
    }
    ck_assert_uint_ge(nt, 5);   /* XU, tin, tín, dung, … */
    ix->tstats = ts;
    unsigned n = 0;
    ck_assert_int_eq(vb_ts_doccount(ix, &n), VB_OK);
    ck_assert_uint_eq(n, 12);
    /* under a listed prefix, a spelling no shard lists has no documents */
    ck_assert_int_eq(vb_ts_termfreq(ix, "tin:tìn", strlen("tin:tìn"), &n), VB_OK);
    ck_assert_uint_eq(n, 0);
    /* what no shard answered: the database, once */
    unsigned thanh = 0;
    const char *tt = "thanh:thành";
    ck_assert_int_eq(vb_ts_termfreq(ix, tt, strlen(tt), &n), VB_OK);
    ix->tstats = NULL;
    ck_assert_int_eq(vb_ts_termfreq(ix, tt, strlen(tt), &thanh), VB_OK);
    ck_assert_uint_gt(thanh, 0);
    ck_assert_uint_eq(n, thanh);
    vb_termstats_free(ts);
    free(ans);
    /* two shards' spellings under one prefix: merged in byte order, each once;
       a spelling one shard lists and the other does not has none there */
    ts = vb_termstats_reader(2);
    ck_assert(vb_termstats_add(ts, 0, strdup("n 1\na 2\nx:\nl 3\nx:a\nl 3\nx:c\nt 3 4\nx:a\nt 3 1\nx:c\n"), 47));
    ck_assert(vb_termstats_add(ts, 1, strdup("n 2\na 2\nx:\nl 3\nx:b\nl 3\nx:c\nt 3 5\nx:c\n"), 37));
    ix->tstats = ts;
    vb_buf_t got = { 0 };
    ck_assert_int_eq(vb_ts_allterms(ix, "x:", list_term, &got), VB_OK);
    ck_assert_str_eq(got.data, "x:a x:b x:c ");
    ck_assert_int_eq(vb_ts_termfreq(ix, "x:a", 3, &n), VB_OK);
    ck_assert_uint_eq(n, 4);
    ck_assert_int_eq(vb_ts_termfreq(ix, "x:c", 3, &n), VB_OK);
    ck_assert_uint_eq(n, 6);
    ix->tstats = NULL;
    vb_buf_free(&got);
    vb_termstats_free(ts);
    /* answers that are not one, and requests that are not one */
    const char *bad[] = { "", "n x\n", "n 6\na 9\ntin:\n", "n 6\nl 3\nabc\n", "n 6\nt 3\nabc\n", "n 6\nq 1\na\n",
                          "n 6\na 4\ntin:" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        termstats_t *t1 = vb_termstats_reader(1);
        ck_assert_msg(!vb_termstats_add(t1, 0, strdup(bad[i]), strlen(bad[i])), "answer %zu taken", i);
        ck_assert(!vb_termstats_complete(t1));
        vb_termstats_free(t1);
    }
    const char *badreq[] = { "vanban-stats 1\n", "vanban-stats 1\nf x\nq a", "vanban-stats 1\nf 0\nz a" };
    for (size_t i = 0; i < sizeof badreq / sizeof *badreq; i++) {
        char *a2 = NULL;
        ck_assert_msg(vb_index_shard_page(ix, badreq[i], strlen(badreq[i]), &a2, NULL) == VB_ERR_INVALID_ARG,
                      "stats request %zu accepted", i);
        ck_assert_ptr_null(a2);
    }
    vb_index_close(ix);
    teardown_tmp();
}
END_TEST

static int count_result(const vb_result_t *r, void *data)
{
    (void)r;
    ++*(size_t *)data;
    return 0;
}

/* vb_search without a callback (--count): the same totals as with one, and
 * RETURNED the number a callback would have been given, at any offset,
 * exact totals or not (no hit is kept then: search.c's keep_hits). */
START_TEST(test_count_without_callback)
{
    vb_index_t *ix = six_copies("cc");
    const char *queries[] = { "tín dụng đen", "\"Công an\"", "thành phố" };
    const size_t offsets[] = { 0, 3, 5, (size_t)-1 / 2 };
    const unsigned flags[] = { 0, VB_SEARCH_TOTALS, VB_SEARCH_TOTALS | VB_SEARCH_DOCS };
    for (size_t q = 0; q < 3; q++)
        for (size_t f = 0; f < 3; f++)
            for (size_t k = 0; k < 4; k++) {
                vb_search_opts_t o;
                memset(&o, 0, sizeof o);
                o.flags = flags[f];
                o.offset = offsets[k];
                o.limit = 4;
                vb_search_stats_t a, b;
                size_t given = 0;
                ck_assert_int_eq(vb_search(ix, queries[q], &o, count_result, &given, &a), VB_OK);
                ck_assert_int_eq(vb_search(ix, queries[q], &o, NULL, NULL, &b), VB_OK);
                ck_assert_uint_gt(a.total_clauses, 0);
                ck_assert_msg(a.returned == given && b.returned == given && a.total_clauses == b.total_clauses &&
                                  a.total_mentions == b.total_mentions && a.total_documents == b.total_documents,
                              "%s, flags %u, offset %zu: %zu given; returned %zu/%zu; clauses %zu/%zu", queries[q],
                              flags[f], offsets[k], given, a.returned, b.returned, a.total_clauses, b.total_clauses);
            }
    vb_index_close(ix);
}
END_TEST

static size_t total(vb_index_t *ix, const char *q, size_t *mentions)
{
    vb_search_opts_t o;
    memset(&o, 0, sizeof o);
    o.flags = VB_SEARCH_TOTALS;
    o.limit = 1;
    vb_search_stats_t s;
    ck_assert_int_eq(vb_search(ix, q, &o, NULL, NULL, &s), VB_OK);
    *mentions = s.total_mentions;
    return s.total_clauses;
}

START_TEST(test_mentions_merged)
{
    setup_tmp();
    char db[512];
    tpath(db, sizeof db, "db", 0);
    make_dir("a");
    write_copies("a", 1, "Bản sao");
    index_copies(db, "a", 1, 0, 1, 1);
    vb_index_t *ix = NULL;
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_READ, &ix), VB_OK);
    size_t m1, m2, m3, m4;
    size_t c1 = total(ix, "tín", &m1);
    ck_assert_uint_gt(m1, 0);
    size_t c2 = total(ix, "tín OR tín", &m2);
    size_t c3 = total(ix, "tín AND tín", &m3);
    ck_assert_uint_eq(c2, c1);
    ck_assert_uint_eq(c3, c1);
    ck_assert_uint_eq(m2, m1);
    ck_assert_uint_eq(m3, m1);
    /* overlapping phrases are one stretch of text: "tín dụng" within "tín dụng đen" */
    size_t md, mt;
    total(ix, "\"tín dụng đen\"", &mt);
    total(ix, "\"tín dụng đen\" OR \"tín dụng\"", &md);
    size_t mtd;
    total(ix, "\"tín dụng\"", &mtd);
    ck_assert_uint_eq(md, mtd);   /* every "tín dụng đen" holds a "tín dụng" */
    ck_assert_uint_gt(mt, 0);
    /* a word and another, side by side, stay two mentions */
    size_t c4 = total(ix, "tín OR dụng", &m4);
    size_t mdung;
    total(ix, "dụng", &mdung);
    ck_assert_uint_ge(c4, c1);
    ck_assert_uint_eq(m4, m1 + mdung);
    vb_index_close(ix);
    teardown_tmp();
}
END_TEST

/* The stream's callback rewrites the index under it after the first result. */
typedef struct {
    const char *db;
    int n;
    size_t seen;
    char keys[4096][80];   /* file + path of each result */
    size_t nkeys;
    int dup;
} stream_ctx_t;

/* A fresh temporary directory with N copies in a/, indexed into DB
 * (tmpdir/db), opened read-only. */
static vb_index_t *fresh_copies(char *db, size_t cap, int n)
{
    setup_tmp();
    tpath(db, cap, "db", 0);
    make_dir("a");
    write_copies("a", n, "Bản sao");
    index_copies(db, "a", n, 0, 1, 1);
    vb_index_t *ix = NULL;
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_READ, &ix), VB_OK);
    return ix;
}

/* Append a line to DIR/copy-I.txt and index it again in W, then commit. */
static void touch_and_commit(vb_index_t *w, const char *dir, int i, const char *line)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s/copy-%03d.txt", tmpdir, dir, i);
    FILE *f = fopen(p, "ab");
    ck_assert(f != NULL);
    fprintf(f, "%s\n", line);
    fclose(f);
    vb_file_result_t res;
    ck_assert_int_eq(vb_index_add_file(w, p, VB_ENC_AUTO, &res), VB_OK);
    ck_assert_int_eq(res.action, VB_FILE_REPLACED);
    ck_assert_int_eq(vb_index_commit(w), VB_OK);
}

static void rewrite(stream_ctx_t *x, int round)
{
    vb_index_t *w = NULL;
    ck_assert_int_eq(vb_index_open(x->db, VB_INDEX_WRITE, &w), VB_OK);
    char line[64];
    snprintf(line, sizeof line, "Sửa đổi lần %d.", round);
    for (int i = 0; i < x->n; i++) touch_and_commit(w, "a", i, line);   /* one revision per file */
    ck_assert_int_eq(vb_index_close(w), VB_OK);
}

static int on_result(const vb_result_t *r, void *data)
{
    stream_ctx_t *x = data;
    char key[80];
    snprintf(key, sizeof key, "%s#%s", r->doc.file + strlen(r->doc.file) - 12, r->path);
    for (size_t i = 0; i < x->nkeys; i++)
        if (strcmp(x->keys[i], key) == 0) x->dup = 1;
    if (x->nkeys < 4096) snprintf(x->keys[x->nkeys++], sizeof x->keys[0], "%s", key);
    if (++x->seen == 2) {
        rewrite(x, 1);
        rewrite(x, 2);
    }
    return 0;
}

START_TEST(test_stream_resumes)
{
    enum { N = 30 };
    char db[512];
    vb_index_t *ix = fresh_copies(db, sizeof db, N);
    size_t m0;
    size_t want = total(ix, "tín dụng đen", &m0);
    ck_assert_uint_eq(want, 3 * N);
    stream_ctx_t *x = calloc(1, sizeof *x);
    x->db = db;
    x->n = N;
    vb_search_opts_t o;
    memset(&o, 0, sizeof o);
    o.flags = VB_SEARCH_TOTALS;
    o.limit = 0;   /* --all: a stream */
    vb_search_stats_t s;
    vb_status_t st = vb_search(ix, "tín dụng đen", &o, on_result, x, &s);
    ck_assert_msg(st == VB_OK, "the stream failed: %s: %s", vb_status_to_string(st), vb_last_error());
    ck_assert_msg(!x->dup, "a clause was given twice");
    ck_assert_uint_eq(x->seen, want);
    ck_assert_uint_eq(s.total_clauses, want);
    ck_assert_uint_eq(s.returned, want);
    ck_assert_uint_eq(s.total_mentions, m0);
    free(x);
    vb_index_close(ix);
    teardown_tmp();
}
END_TEST

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t revision_of(const char *db)
{
    vb_index_t *ix = NULL;
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_READ, &ix), VB_OK);
    uint64_t rev = 0;
    ck_assert_int_eq(vb_index_revision(ix, &rev), VB_OK);
    vb_index_close(ix);
    return rev;
}

typedef struct {
    const char *db;
    uint64_t rev0;           /* the revision the search reads */
    volatile int first_commit_returned;
    double first_commit_at;  /* when vb_index_commit() returned */
    double callback_left_at; /* when the search's callback (still reading) returned */
    size_t seen;
    pthread_t writer;
    int writer_ok;
    vb_index_t *ix;          /* the index searched: reads nested in the callback */
} wait_ctx_t;

/* Two commits: the first writes revision rev0+1; before writing rev0+2,
 * which reuses the blocks only rev0 needs, it must wait for the search. */
static void *writer_main(void *data)
{
    wait_ctx_t *x = data;
    vb_index_t *w = NULL;
    if (vb_index_open(x->db, VB_INDEX_WRITE, &w) != VB_OK) return NULL;
    touch_and_commit(w, "a", 0, "Bổ sung lần 1.");
    x->first_commit_at = now_s();
    x->first_commit_returned = 1;
    touch_and_commit(w, "a", 1, "Bổ sung lần 2.");
    x->writer_ok = vb_index_close(w) == VB_OK;
    return NULL;
}

static int on_waited_result(const vb_result_t *r, void *data)
{
    (void)r;
    wait_ctx_t *x = data;
    if (x->seen++ == 0) {
        /* reads nested in the callback (as --refs asks has_number for each
         * citation) leave the search's hold on its revision in place */
        int has = 0;
        ck_assert_int_eq(vb_index_has_number(x->ix, "5287/BCĐ", &has), VB_OK);
        ck_assert_int_eq(has, 1);
        vb_search_opts_t o;
        memset(&o, 0, sizeof o);
        o.limit = 1;
        ck_assert_int_eq(vb_search(x->ix, "ma túy", &o, NULL, NULL, NULL), VB_OK);
        ck_assert_int_eq(vb_index_reopen(x->ix), VB_ERR_INVALID_ARG);   /* not under a running search */
        ck_assert_int_eq(pthread_create(&x->writer, NULL, writer_main, x), 0);
        /* the writer's first commit lands (a reader opened now sees it) ... */
        double t0 = now_s();
        while (revision_of(x->db) == x->rev0 && now_s() - t0 < 30)
            nanosleep(&(struct timespec){ 0, 5 * 1000000L }, NULL);
        ck_assert_msg(revision_of(x->db) > x->rev0, "the writer never committed");
        /* ... but vb_index_commit() does not return while we read rev0 */
        nanosleep(&(struct timespec){ 0, 300 * 1000000L }, NULL);
        ck_assert_msg(!x->first_commit_returned, "the writer went on to write over the revision being read");
        x->callback_left_at = now_s();
    }
    return 0;
}

START_TEST(test_writer_waits_for_search)
{
    enum { N = 30 };
    char db[512];
    vb_index_t *ix = fresh_copies(db, sizeof db, N);
    wait_ctx_t *x = calloc(1, sizeof *x);
    x->db = db;
    x->ix = ix;
    ck_assert_int_eq(vb_index_revision(ix, &x->rev0), VB_OK);
    vb_search_opts_t o;
    memset(&o, 0, sizeof o);
    o.limit = 20;
    vb_search_stats_t s;
    vb_status_t st = vb_search(ix, "tín dụng đen", &o, on_waited_result, x, &s);
    ck_assert_msg(st == VB_OK, "the search failed: %s: %s", vb_status_to_string(st), vb_last_error());
    ck_assert_uint_eq(x->seen, 20);
    ck_assert_int_eq(pthread_join(x->writer, NULL), 0);
    ck_assert_msg(x->writer_ok, "the writer failed");
    ck_assert_msg(x->first_commit_at >= x->callback_left_at, "the writer did not wait for the search");
    ck_assert_uint_eq(revision_of(db), x->rev0 + 2);

    /* A handle on the revision the writer is about to write over moves on
     * to the newer one when a search begins. IX2 reads R; the writer commits
     * R+1 and then holds R's byte (writing R+2 would discard R). */
    vb_index_t *ix2 = NULL;
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_READ, &ix2), VB_OK);
    uint64_t r = 0, rev = 0;
    ck_assert_int_eq(vb_index_revision(ix2, &r), VB_OK);
    vb_index_t *w = NULL;
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_WRITE, &w), VB_OK);
    touch_and_commit(w, "a", 2, "Điều khoản mới về xử lý nợ xấu.");
    o.limit = 10;
    x->seen = 1;   /* the callback only counts now */
    st = vb_search(ix2, "\"nợ xấu\"", &o, on_waited_result, x, &s);
    ck_assert_msg(st == VB_OK, "%s: %s", vb_status_to_string(st), vb_last_error());
    ck_assert_int_eq(vb_index_revision(ix2, &rev), VB_OK);
    ck_assert_uint_eq(rev, r + 1);
    ck_assert_uint_eq(x->seen, 2);   /* the clause written in R+1 */
    vb_index_close(ix2);
    ck_assert_int_eq(vb_index_close(w), VB_OK);
    free(x);
    vb_index_close(ix);
    teardown_tmp();
}
END_TEST

/* vb_index_reopen(): a read-only handle moves to the index as last
 * committed, also when a rebuild swapped in another directory. */
START_TEST(test_reopen)
{
    enum { N = 12 };
    char db[512];
    vb_index_t *ix = fresh_copies(db, sizeof db, N);
    size_t docs = 0, clauses = 0, m;
    ck_assert_int_eq(vb_index_counts(ix, &docs, &clauses), VB_OK);
    ck_assert_uint_eq(docs, N);
    size_t before = total(ix, "\"nợ xấu\"", &m);
    ck_assert_uint_eq(before, 0);

    vb_index_t *w = NULL;
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_WRITE, &w), VB_OK);
    ck_assert_int_eq(vb_index_reopen(w), VB_ERR_INVALID_ARG);
    ck_assert_int_eq(vb_index_reopen(NULL), VB_ERR_INVALID_ARG);
    touch_and_commit(w, "a", 0, "Điều khoản mới về xử lý nợ xấu.");
    ck_assert_int_eq(vb_index_close(w), VB_OK);
    ck_assert_uint_eq(total(ix, "\"nợ xấu\"", &m), 0);   /* still the revision it opened */
    ck_assert_int_eq(vb_index_reopen(ix), VB_OK);
    ck_assert_uint_eq(total(ix, "\"nợ xấu\"", &m), 1);

    /* a rebuild of half the files, written aside and swapped in */
    index_copies(db, "a", N / 2, VB_INDEX_OVERWRITE, 1, 1);
    ck_assert_int_eq(vb_index_reopen(ix), VB_OK);
    ck_assert_int_eq(vb_index_counts(ix, &docs, &clauses), VB_OK);
    ck_assert_uint_eq(docs, N / 2);
    ck_assert_uint_eq(total(ix, "\"nợ xấu\"", &m), 1);
    vb_index_close(ix);
    teardown_tmp();
}
END_TEST

/* N copies of the seed under DIR, copy I dated day DAYS[I] of August 2020. */
static void write_dated(const char *dir, int n, const int *days)
{
    size_t len = 0;
    char *seed = vb_test_slurp(VB_SEED, &len);
    const char *at = strstr(seed, "ngày 21 tháng 8");
    ck_assert(at != NULL);
    for (int i = 0; i < n; i++) {
        char name[300];
        snprintf(name, sizeof name, "%s/%s/copy-%03d.txt", tmpdir, dir, i);
        FILE *f = fopen(name, "wb");
        ck_assert_msg(f != NULL, "cannot write %s", name);
        fwrite(seed, 1, (size_t)(at - seed), f);
        fprintf(f, "ngày %d", days[i]);
        fputs(at + strlen("ngày 21"), f);
        fclose(f);
    }
    free(seed);
}

typedef struct {
    size_t n;
    char date[16][16];
    char file[16][600];
    size_t doc_clauses[16], doc_mentions[16];
    double score[16];
    char path[64][16];
    unsigned line[64], match_line[64];
    size_t npath;
} collect_t;

static int collect(const vb_result_t *r, void *data)
{
    collect_t *c = data;
    if (c->n < 16) {
        snprintf(c->date[c->n], sizeof c->date[0], "%s", r->doc.date ? r->doc.date : "");
        snprintf(c->file[c->n], sizeof c->file[0], "%s", r->doc.file);
        c->doc_clauses[c->n] = r->doc_clauses;
        c->doc_mentions[c->n] = r->doc_mentions;
        c->score[c->n] = r->score;
        c->n++;
    }
    if (c->npath < 64) {
        snprintf(c->path[c->npath], sizeof c->path[0], "%s", r->path);
        c->line[c->npath] = r->line;
        c->match_line[c->npath] = r->match_line;
        c->npath++;
    }
    return 0;
}

static collect_t *search_into(vb_index_t *ix, const char *q, unsigned flags, size_t limit, vb_search_stats_t *s)
{
    collect_t *c = calloc(1, sizeof *c);
    vb_search_opts_t o;
    memset(&o, 0, sizeof o);
    o.flags = flags | VB_SEARCH_TOTALS;
    o.limit = limit;
    ck_assert_int_eq(vb_search(ix, q, &o, collect, c, s), VB_OK);
    return c;
}

START_TEST(test_docs_and_sort)
{
    enum { N = 5 };
    static const int days[N] = { 12, 3, 28, 3, 19 };
    setup_tmp();
    char db[512];
    tpath(db, sizeof db, "db", 0);
    make_dir("a");
    write_dated("a", N, days);
    index_copies(db, "a", N, 0, 1, 1);
    vb_index_t *ix = NULL;
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_READ, &ix), VB_OK);

    /* per clause: the totals, and how many clauses and mentions each file holds */
    vb_search_stats_t sc, sd;
    collect_t *cl = search_into(ix, "tín dụng đen", 0, 1000, &sc);
    ck_assert_uint_eq(sc.total_documents, N);
    ck_assert_uint_eq(sc.total_clauses % N, 0);
    collect_t *dc = search_into(ix, "tín dụng đen", VB_SEARCH_DOCS, 1000, &sd);
    ck_assert_uint_eq(sd.total_documents, N);
    ck_assert_uint_eq(sd.total_clauses, sc.total_clauses);
    ck_assert_uint_eq(sd.total_mentions, sc.total_mentions);
    ck_assert_uint_eq(sd.returned, N);
    for (size_t i = 0; i < dc->n; i++) {
        ck_assert_uint_eq(dc->doc_clauses[i], sc.total_clauses / N);
        ck_assert_uint_eq(dc->doc_mentions[i], sc.total_mentions / N);
        double best = 0;   /* the best clause of the file among the clause results */
        size_t k = 0;
        for (size_t j = 0; j < cl->n; j++)
            if (strcmp(cl->file[j], dc->file[i]) == 0 && (!k++ || cl->score[j] > best)) best = cl->score[j];
        ck_assert_msg(k > 0 && dc->score[i] == best, "document %s scores %g, its best clause %g", dc->file[i],
                      dc->score[i], best);
    }
    /* streamed (limit 0): one result per document too */
    collect_t *ds = search_into(ix, "tín dụng đen", VB_SEARCH_DOCS, 0, &sd);
    ck_assert_uint_eq(ds->n, N);
    ck_assert_uint_eq(sd.total_documents, N);
    ck_assert_uint_eq(sd.total_clauses, sc.total_clauses);
    free(ds);
    free(dc);
    free(cl);

    /* by date, both ways; equal dates keep one fixed order */
    collect_t *old = search_into(ix, "so:5287/BCĐ", VB_SEARCH_DOCS | VB_SEARCH_OLDEST, 100, &sd);
    collect_t *neu = search_into(ix, "so:5287/BCĐ", VB_SEARCH_DOCS | VB_SEARCH_NEWEST, 100, &sd);
    ck_assert_uint_eq(old->n, N);
    ck_assert_uint_eq(neu->n, N);
    for (size_t i = 1; i < N; i++) {
        ck_assert_str_le(old->date[i - 1], old->date[i]);
        ck_assert_str_ge(neu->date[i - 1], neu->date[i]);
    }
    ck_assert_str_eq(old->date[0], "2020-08-03");
    ck_assert_str_eq(neu->date[0], "2020-08-28");
    /* the two copies of 3 August: the same order both ways */
    ck_assert_str_eq(old->file[0], neu->file[N - 2]);
    ck_assert_str_eq(old->file[1], neu->file[N - 1]);
    free(old);
    free(neu);
    vb_search_opts_t o;
    memset(&o, 0, sizeof o);
    o.flags = VB_SEARCH_NEWEST | VB_SEARCH_OLDEST;
    o.limit = 10;
    ck_assert_int_eq(vb_search(ix, "tín", &o, NULL, NULL, NULL), VB_ERR_INVALID_ARG);

    /* the header "h" starts on an earlier line than its words "phòng, chống tội phạm" */
    collect_t *ml = search_into(ix, "phòng chống tội phạm", 0, 64, &sc);
    int later = 0;
    for (size_t i = 0; i < ml->npath; i++) {
        ck_assert_uint_ge(ml->match_line[i], ml->line[i]);
        later |= ml->match_line[i] > ml->line[i];
    }
    ck_assert_msg(later, "no result has its first match after its first line");
    free(ml);
    vb_index_close(ix);
    teardown_tmp();
}
END_TEST

START_TEST(test_show_subtree)
{
    enum { N = 2 };
    char db[512];
    vb_index_t *ix = fresh_copies(db, sizeof db, N);
    collect_t *all = calloc(1, sizeof *all), *sub = calloc(1, sizeof *sub);
    size_t docs = 0, given = 0, want = 0;
    ck_assert_int_eq(vb_index_show_clauses(ix, "5287/BCĐ", NULL, collect, all, &docs, &given), VB_OK);
    ck_assert_uint_eq(docs, N);
    for (size_t i = 0; i < all->npath; i++)
        want += strcmp(all->path[i], "5") == 0 || strncmp(all->path[i], "5.", 2) == 0;
    ck_assert_uint_gt(want, 1);
    ck_assert_int_eq(vb_index_show_clauses(ix, "5287/bcd", "5", collect, sub, &docs, &given), VB_OK);
    ck_assert_uint_eq(docs, N);
    ck_assert_uint_eq(given, want);
    for (size_t i = 0; i < sub->npath; i++)
        ck_assert_msg(strcmp(sub->path[i], "5") == 0 || strncmp(sub->path[i], "5.", 2) == 0, "%s", sub->path[i]);
    ck_assert_int_eq(vb_index_show_clauses(ix, "5287/BCĐ", "d28", collect, sub, &docs, &given), VB_OK);
    ck_assert_uint_eq(docs, N);
    ck_assert_uint_eq(given, 0);
    ck_assert_int_eq(vb_index_show_clauses(ix, "1/XYZ", "5", collect, sub, &docs, &given), VB_OK);
    ck_assert_uint_eq(docs, 0);
    free(all);
    free(sub);
    vb_index_close(ix);
    teardown_tmp();
}
END_TEST

/* The paths ref: query Q finds, in result order, joined by ' '. */
static void ref_paths(vb_index_t *ix, const char *q, char *out, size_t cap)
{
    collect_t *c = search_into(ix, q, 0, 0, NULL);
    out[0] = '\0';
    for (size_t i = 0; i < c->npath; i++) {
        size_t n = strlen(out);
        snprintf(out + n, cap - n, "%s%s", i ? " " : "", c->path[i]);
    }
    free(c);
}

static int keep_cited(const vb_cited_t *c, void *data)
{
    char *out = data;
    size_t n = strlen(out);
    snprintf(out + n, 512 - n, "%s|%s|%zu|%zu;", c->number, c->key, c->documents, c->clauses);
    return 0;
}

static int first_name(const vb_result_t *r, void *data)
{
    char *out = data;
    if (!*out && r->doc.citation_count && r->doc.citation_list[0].name)
        snprintf(out, 128, "%s|%s", r->doc.citation_list[0].name, r->doc.citation_list[0].date);
    return 0;
}

static int count_agreeing(const vb_docinfo_t *d, int agrees, void *data)
{
    (void)d;
    *(int *)data += agrees;
    return 0;
}

/* Write DOC, built by the test, as the only file of a new index DB (file id
 * FILEID) and open that index for reading: the writer is tested whatever the
 * parser finds today. */
static vb_index_t *write_built(const char *db, const vb_doc_t *doc, const char *fileid, const char *name)
{
    vb_text_t text;
    memset(&text, 0, sizeof text);
    text.encoding = VB_ENC_UTF8;
    vb_index_t *w = NULL;
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_WRITE, &w), VB_OK);
    ck_assert_int_eq(vb_write_begin_txn(w), VB_OK);
    ck_assert_int_eq(vb_write_document(w->wdb, db, doc, &text, fileid, name, name, "1:1:1"), VB_OK);
    ck_assert_int_eq(vb_index_close(w), VB_OK);
    vb_index_t *ix = NULL;
    ck_assert_int_eq(vb_index_open(db, VB_INDEX_READ, &ix), VB_OK);
    return ix;
}

static int keep_context(const vb_result_t *r, void *data)
{
    char *out = data;
    size_t n = strlen(out);
    snprintf(out + n, 512 - n, "%s=%s;", r->path, r->context ? r->context : "(none)");
    return 0;
}

/* The heading a clause stands under is written once for the clauses that
 * follow it under the same heading (VB_RCL_SAME_CONTEXT); each comes back as
 * its own, a clause without one in between included. */
START_TEST(test_record_contexts)
{
    setup_tmp();
    char db[512];
    tpath(db, sizeof db, "contexts.db", 0);
    static char *ctx[] = { "Chương I QUY ĐỊNH CHUNG", "Chương I QUY ĐỊNH CHUNG", NULL, "Chương I QUY ĐỊNH CHUNG", "",
                           "Chương I QUY ĐỊNH CHUNG", "Chương II TỔ CHỨC THỰC HIỆN", "Chương II TỔ CHỨC THỰC HIỆN" };
    static char *paths[] = { "d1", "d1.1", "d2", "d3", "d4", "d5", "d6", "d6.1" };
    enum { N = sizeof paths / sizeof paths[0] };
    vb_clause_t cl[N];
    memset(cl, 0, sizeof cl);
    for (int i = 0; i < N; i++) {
        cl[i].path = paths[i];
        cl[i].label = paths[i];
        cl[i].line = (unsigned)i + 1;
        cl[i].context = ctx[i];
        cl[i].text = "Thực hiện nghiêm túc.";
        cl[i].text_len = strlen(cl[i].text);
    }
    vb_doc_t doc;
    memset(&doc, 0, sizeof doc);
    doc.number = "7/2025/NĐ-CP";
    doc.clauses = cl;
    doc.clause_count = N;
    vb_index_t *ix = write_built(db, &doc, "00000000000000a2", "/ctx.txt");
    char got[512] = "";
    size_t docs = 0, given = 0;
    ck_assert_int_eq(vb_index_show_clauses(ix, "7/2025/NĐ-CP", NULL, keep_context, got, &docs, &given), VB_OK);
    ck_assert_uint_eq(given, N);
    ck_assert_str_eq(got, "d1=Chương I QUY ĐỊNH CHUNG;d1.1=Chương I QUY ĐỊNH CHUNG;d2=(none);"
                          "d3=Chương I QUY ĐỊNH CHUNG;d4=(none);d5=Chương I QUY ĐỊNH CHUNG;"
                          "d6=Chương II TỔ CHỨC THỰC HIỆN;d6.1=Chương II TỔ CHỨC THỰC HIỆN;");
    vb_index_close(ix);
    teardown_tmp();
}
END_TEST

/* The stored record: packed and unpacked to the same bytes; damaged bytes,
 * a short one and a length that lies, are VB_ERR_DB_CORRUPT, never a read
 * past the end. */
START_TEST(test_record_pack)
{
    static const char *recs[] = { "", "4:Luật", "12:tín dụng đen;3:abc" };
    for (size_t i = 0; i < sizeof recs / sizeof recs[0]; i++) {
        vb_buf_t z = { 0 };
        ck_assert_int_eq(vb_record_pack(recs[i], strlen(recs[i]), &z), VB_OK);
        char *back = NULL;
        size_t n = 0;
        ck_assert_int_eq(vb_record_unpack(z.data, z.len, &back, &n), VB_OK);
        ck_assert_uint_eq(n, strlen(recs[i]));
        ck_assert_mem_eq(back, recs[i], n);
        ck_assert_int_eq(back[n], '\0');
        free(back);
        /* standard raw deflate after the length, whichever library packed it: zlib reads it */
        char *zback = malloc(n + 1);
        ck_assert_ptr_nonnull(zback);
        z_stream zs;
        memset(&zs, 0, sizeof zs);
        ck_assert_int_eq(inflateInit2(&zs, -15), Z_OK);
        zs.next_in = (unsigned char *)z.data + 4;
        zs.avail_in = (uInt)(z.len - 4);
        zs.next_out = (unsigned char *)zback;
        zs.avail_out = (uInt)(n + 1);
        ck_assert_int_eq(inflate(&zs, Z_FINISH), Z_STREAM_END);
        ck_assert_uint_eq(zs.total_out, n);
        ck_assert_mem_eq(zback, recs[i], n);
        inflateEnd(&zs);
        free(zback);
        /* cut short by one byte, and from the start */
        ck_assert_int_eq(vb_record_unpack(z.data, z.len - 1, &back, &n), VB_ERR_DB_CORRUPT);
        ck_assert_ptr_null(back);
        ck_assert_int_eq(vb_record_unpack(z.data, 3, &back, &n), VB_ERR_DB_CORRUPT);
        /* a length one more, and one less, than the bytes inflate to */
        z.data[0] = (char)(z.data[0] + 1);
        ck_assert_int_eq(vb_record_unpack(z.data, z.len, &back, &n), VB_ERR_DB_CORRUPT);
        if (*recs[i]) {
            z.data[0] = (char)(z.data[0] - 2);
            ck_assert_int_eq(vb_record_unpack(z.data, z.len, &back, &n), VB_ERR_DB_CORRUPT);
        }
        vb_buf_free(&z);
    }
    char *back = NULL;
    size_t n = 0;
    /* a length no deflate stream of these bytes can reach: refused before any allocation */
    ck_assert_int_eq(vb_record_unpack("\xff\xff\xff\xff\x03\0", 6, &back, &n), VB_ERR_DB_CORRUPT);
    /* not deflate at all */
    ck_assert_int_eq(vb_record_unpack("\x05\0\0\0hello", 9, &back, &n), VB_ERR_DB_CORRUPT);
    /* a record packed by zlib (level 5, raw deflate), whichever library this build
     * packs with: an index is read by a build with libdeflate or without */
    static const char zpacked[] = "\x19\x00\x00\x00\x33\x34\xb2\x2a\x39\xbc\x36\x4f\x21\xe5\xe1\xee\xa5\x79"
                                  "\xe9\x0a\x47\x26\xa6\xe6\x59\x1b\x5b\x25\x26\x25\x03\x00";
    ck_assert_int_eq(vb_record_unpack(zpacked, sizeof zpacked - 1, &back, &n), VB_OK);
    ck_assert_uint_eq(n, strlen(recs[2]));
    ck_assert_mem_eq(back, recs[2], n);
    free(back);
    /* trailing bytes after the deflate stream are damage */
    char longer[sizeof zpacked + 1];
    memcpy(longer, zpacked, sizeof zpacked - 1);
    longer[sizeof zpacked - 1] = 'x';
    ck_assert_int_eq(vb_record_unpack(longer, sizeof zpacked, &back, &n), VB_ERR_DB_CORRUPT);
}
END_TEST

/* Citations by name, as the parser gives them (vb_citation_t.name): the
 * document is built here and written by the writer, so that the index side
 * is tested whatever the parser finds today. */
START_TEST(test_citation_names)
{
    setup_tmp();
    char db[512];
    tpath(db, sizeof db, "names.db", 0);
    static char *texts[] = { "Căn cứ Luật Bảo hiểm xã hội ngày 29 tháng 6 năm 2024;",
                             "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;",
                             "Điều 1. Thực hiện khoản 2 Điều 5 Luật Thi đua, khen thưởng năm 2022.",
                             "Điều 2. Bãi bỏ nội dung theo Luật Bảo hiểm xã hội năm 2014.",
                             "Điều 3. Báo cáo theo Luật số 06/2022/QH15." };
    static char *paths[] = { "p1", "p2", "d1", "d2", "d3" };
    vb_clause_t cl[5];
    memset(cl, 0, sizeof cl);
    for (int i = 0; i < 5; i++) {
        cl[i].path = paths[i];
        cl[i].label = paths[i];
        cl[i].line = (unsigned)i + 1;
        cl[i].text = texts[i];
        cl[i].text_len = strlen(texts[i]);
    }
    vb_citation_t ct[5] = {
        { .type = "Luật", .name = "Luật Bảo hiểm xã hội", .date = "2024-06-29", .clause = "p1", .line = 1,
          .text = "Luật Bảo hiểm xã hội ngày 29 tháng 6 năm 2024" },
        { .type = "Luật", .name = "Luật Thi đua, khen thưởng", .number = "06/2022/QH15", .clause = "p2", .line = 2,
          .text = "Luật Thi đua, khen thưởng số 06/2022/QH15" },
        { .type = "Luật", .name = "Luật Thi đua, khen thưởng", .date = "2022", .pinpoint = "d5.2", .clause = "d1",
          .line = 3, .text = "khoản 2 Điều 5 Luật Thi đua, khen thưởng năm 2022" },
        { .type = "Luật", .name = "Luật Bảo hiểm xã hội", .date = "2014", .clause = "d2", .line = 4,
          .text = "Luật Bảo hiểm xã hội năm 2014" },
        { .type = "Luật", .number = "06/2022/QH15", .clause = "d3", .line = 5, .text = "Luật số 06/2022/QH15" },
    };
    vb_doc_t doc;
    memset(&doc, 0, sizeof doc);
    doc.number = "5/2025/NĐ-CP";
    doc.type = "Nghị định";
    doc.date = "2025-01-10";
    doc.clauses = cl;
    doc.clause_count = 5;
    doc.citations = ct;
    doc.citation_count = 5;
    vb_index_t *ix = write_built(db, &doc, "00000000000000a1", "/names.txt");
    char got[512];
    ref_paths(ix, "ref:\"Luật Bảo hiểm xã hội\"", got, sizeof got);
    ck_assert_str_eq(got, "p1 d2");
    ref_paths(ix, "ref:\"Luật Bảo hiểm xã hội 2024\"", got, sizeof got);
    ck_assert_str_eq(got, "p1");
    ref_paths(ix, "ref:\"luat bao hiem xa hoi nam 2014\"", got, sizeof got);
    ck_assert_str_eq(got, "d2");
    /* the name, and the number a citation gives with it (06/2022/QH15, cited by number in d3) */
    ref_paths(ix, "ref:\"Luật Thi đua, khen thưởng\"", got, sizeof got);
    ck_assert_str_eq(got, "p2 d1 d3");
    ref_paths(ix, "ref:\"Luật Thi đua, khen thưởng 2022 d5\"", got, sizeof got);
    ck_assert_str_eq(got, "d1");
    ref_paths(ix, "ref:\"Điều 5 Luật Thi đua, khen thưởng\"", got, sizeof got);
    ck_assert_str_eq(got, "d1");
    ref_paths(ix, "ref:\"Luật Thi đua, khen thưởng 2021\"", got, sizeof got);
    ck_assert_str_eq(got, "");

    /* the record keeps the name */
    char name[128] = "";
    size_t docs = 0;
    ck_assert_int_eq(vb_index_show(ix, "5/2025/nd-cp", first_name, name, &docs), VB_OK);
    ck_assert_uint_eq(docs, 1);
    ck_assert_str_eq(name, "Luật Bảo hiểm xã hội|2024-06-29");
    /* --top-cited: the name as written, its documents and clauses */
    got[0] = '\0';
    ck_assert_int_eq(vb_index_top_cited(ix, 10, keep_cited, got), VB_OK);
    ck_assert_msg(strstr(got, "Luật Bảo hiểm xã hội|luat bao hiem xa hoi|1|2;") != NULL, "%s", got);
    ck_assert_msg(strstr(got, "06/2022/QH15|06/2022/qh15|1|2;") != NULL, "%s", got);
    /* a name resolves to no archived document here: not in archive */
    int link = -1, agree = 0;
    ck_assert_int_eq(vb_index_resolve(ix, &ct[0], count_agreeing, &agree, &link), VB_OK);
    ck_assert_int_eq(link, VB_LINK_NONE);
    ck_assert_int_eq(agree, 0);
    vb_citation_t self = { .number = "5/2025/NĐ-CP", .date = "2025-01-10" };
    ck_assert_int_eq(vb_index_resolve(ix, &self, count_agreeing, &agree, &link), VB_OK);
    ck_assert_int_eq(link, VB_LINK_ARCHIVED);
    self.date = "2024-01-10";   /* another date: not that document */
    ck_assert_int_eq(vb_index_resolve(ix, &self, NULL, NULL, &link), VB_OK);
    ck_assert_int_eq(link, VB_LINK_NONE);
    vb_index_close(ix);
    teardown_tmp();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("index");
    TCase *tc = tcase_create("index");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_rebuild_aside);
    tcase_add_test(tc, test_duplicate_paths);
    tcase_add_test(tc, test_mentions_merged);
    tcase_add_test(tc, test_stream_resumes);
    tcase_add_test(tc, test_writer_waits_for_search);
    tcase_add_test(tc, test_reopen);
    tcase_add_test(tc, test_docs_and_sort);
    tcase_add_test(tc, test_record_contexts);
    tcase_add_test(tc, test_record_pack);
    tcase_add_test(tc, test_show_subtree);
    tcase_add_test(tc, test_citation_names);
    tcase_add_test(tc, test_shard_page);
    tcase_add_test(tc, test_term_stats);
    tcase_add_test(tc, test_grow);
    tcase_add_test(tc, test_batch_values);
    tcase_add_test(tc, test_count_without_callback);
    suite_add_tcase(s, tc);
    return vb_test_run(s);
}
