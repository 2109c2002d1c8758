/*
 * fuzz_shard — what a page server reads from a client and a client from a
 * page server (docs/scaling.md, "Page servers"): the page request
 * (vb_shardreq_parse, src/lib/query/shardpage.c) and the answer to a stats
 * request (vb_termstats_add, src/lib/query/termstats.c).
 *
 * Input: the first byte chooses (even: a page request, odd: a stats answer),
 * the rest is the bytes.
 *
 * Invariants: a page request parses to VB_OK, VB_ERR_INVALID_ARG or
 * VB_ERR_NOMEM; one that parses, formatted again (vb_shardreq_format), parses
 * to the same fields. A stats answer is taken or not, never read past its
 * bytes; one that is taken answers the figures it holds (the document count;
 * each "t" term's frequency, unless an earlier line said otherwise; each
 * "a" prefix listed) without reading any database.
 */
#include "fuzz_common.h"
#include "query/shardpage.h"
#include "query/termstats.h"

static void fz_request(const char *s, size_t n)
{
    shardreq_t r;
    vb_status_t st = vb_shardreq_parse(s, n, &r);
    FZ_CHECK(st == VB_OK || st == VB_ERR_INVALID_ARG || st == VB_ERR_NOMEM, "status %d", (int)st);
    if (st != VB_OK) return;
    char *again = vb_shardreq_format(r.query, r.flags, r.k, r.ndocs, r.records, r.dfs, r.ndfs);
    if (again) {
        shardreq_t r2;
        FZ_CHECK(vb_shardreq_parse(again, strlen(again), &r2) == VB_OK, "reformatted request refused: %s", again);
        FZ_CHECK(r2.k == r.k && r2.flags == r.flags && r2.ndocs == r.ndocs && r2.records == r.records &&
                     r2.ndfs == r.ndfs && strcmp(r2.query, r.query) == 0 &&
                     (r.ndfs == 0 || memcmp(r2.dfs, r.dfs, r.ndfs * sizeof *r.dfs) == 0),
                 "round trip differs: %s", again);
        vb_shardreq_free(&r2);
        free(again);
    }
    vb_shardreq_free(&r);
}

static vb_status_t fz_count(const char *t, size_t n, unsigned docs, void *data)
{
    (void)t;
    (void)n;
    (void)docs;
    ++*(size_t *)data;
    return VB_OK;
}

static void fz_answer(const char *s, size_t n)
{
    termstats_t *ts = vb_termstats_reader(1);
    if (!ts) return;
    char *body = malloc(n + 1);   /* exactly the bytes, NUL after them as a reader's buffer has */
    if (!body) { vb_termstats_free(ts); return; }
    memcpy(body, s, n);
    body[n] = '\0';
    if (vb_termstats_add(ts, 0, body, n)) {
        FZ_CHECK(vb_termstats_complete(ts), "taken but not complete");
        /* no database behind it: whatever the answer holds is answered from it */
        struct _vb_index ix;
        memset(&ix, 0, sizeof ix);
        ix.tstats = ts;
        unsigned docs = 0;
        FZ_CHECK(vb_ts_doccount(&ix, &docs) == VB_OK, "no document count");
        /* the items again, as the grammar has them: "KEY LEN[ FREQ]\n<LEN bytes>\n" */
        const char *p = memchr(s, '\n', n), *end = s + n;
        FZ_CHECK(p != NULL, "taken without a first line");
        for (p++; p < end;) {
            char key = p[0];
            char *e = NULL;
            unsigned long len = strtoul(p + 2, &e, 10);
            if (key == 't') strtoul(e + 1, &e, 10);
            const char *t = e + 1;
            FZ_CHECK(*e == '\n' && len <= (size_t)(end - t), "taken, but an item does not parse");
            unsigned f = 0;
            size_t listed = 0;
            if (key == 't')
                FZ_CHECK(vb_ts_termfreq(&ix, t, len, &f) == VB_OK, "a term it answers is not answered");
            else if (key == 'a' && !memchr(t, '\0', len)) {   /* a prefix is a C string */
                char *prefix = malloc(len + 1);
                if (prefix) {
                    memcpy(prefix, t, len);
                    prefix[len] = '\0';
                    FZ_CHECK(vb_ts_allterms(&ix, prefix, fz_count, &listed) == VB_OK, "a prefix it lists is not listed");
                    free(prefix);
                }
            }
            p = t + len + 1;
        }
    }
    vb_termstats_free(ts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    const char *s = (const char *)data + 1;
    if (data[0] % 2 == 0) fz_request(s, size - 1);
    else fz_answer(s, size - 1);
    return 0;
}
