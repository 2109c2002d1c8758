/*
 * fuzz_query — the query parser vb_qparse() (src/lib/qparse.h).
 *
 * Input: the whole input is the query (bytes, not NUL-terminated).
 *
 * Invariants: the status is VB_OK or VB_ERR_QUERY_SYNTAX, nothing else.
 * On a syntax error: the message is non-empty valid UTF-8, the column is
 * between 1 and the query length + 1 in code points (an invalid byte counts
 * as one), and the same call with a small error buffer of exactly ERRCAP
 * bytes gives the same status and column and a prefix of the message, cut at
 * a character boundary.  On success: ERRBUF "" and column 0; the tree obeys
 * the documented normal form (AND/OR n-ary with >= 2 kids and flat, NOT with
 * one kid and never a NOT kid, every query, OR alternative and exclusion
 * with a positive term), texts are valid UTF-8 without control characters,
 * columns are within the query, year/date bounds are ISO or "", ref
 * pinpoints are clause paths dN[.K[.x]] (x: one or two letters, exact
 * form); vb_qnode_describe() gives valid UTF-8.
 */
#include "fuzz_common.h"
#include "query/qparse.h"

/* Columns of S: one per valid character or invalid byte (as vb_utf8_decode reads). */
static size_t fz_q_columns(const char *s, size_t n)
{
    size_t cols = 0, i = 0;
    while (i < n) {
        size_t k = fz_utf8_step((const unsigned char *)s + i, n - i);
        i += k ? k : 1;
        cols++;
    }
    return cols;
}

/* A ref: pinpoint as documented: "d" + article (digits, an optional
 * letter), then optionally "." + khoản (digits), then optionally "." + the
 * point: one or two letters in their exact lower-case form (diacritics
 * kept: "d5.2.đ"), i.e. folding to one or two of a-z. */
static int fz_q_pin_ok(const char *p)
{
    if (*p++ != 'd') return 0;
    const char *a = p;
    while (*p >= '0' && *p <= '9') p++;
    if (p == a || p - a > 6) return 0;
    if (*p >= 'a' && *p <= 'z') p++;
    if (!*p) return 1;
    if (*p++ != '.') return 0;
    a = p;
    while (*p >= '0' && *p <= '9') p++;
    if (p == a || p - a > 6) return 0;
    if (!*p) return 1;
    if (*p++ != '.') return 0;
    size_t n = strlen(p);
    if (n == 0 || !fz_utf8_valid(p, n)) return 0;
    char f[64];
    size_t fl = vb_term_fold(p, n, f, sizeof f);
    if (fl < 1 || fl > 2) return 0;
    for (size_t i = 0; i < fl; i++)
        if (f[i] < 'a' || f[i] > 'z') return 0;
    return 1;
}

static int fz_q_positive(const vb_qnode_t *q)
{
    switch (q->kind) {
    case VB_QN_TERM: case VB_QN_PHRASE: case VB_QN_FIELD: return 1;
    case VB_QN_NOT: return 0;
    case VB_QN_AND:
        for (size_t i = 0; i < q->nkids; i++)
            if (fz_q_positive(q->kids[i])) return 1;
        return 0;
    case VB_QN_OR:
        for (size_t i = 0; i < q->nkids; i++)
            if (!fz_q_positive(q->kids[i])) return 0;
        return 1;
    }
    return 0;
}

static void fz_q_check_text(const char *what, const char *s)
{
    FZ_CHECK(s != NULL, "%s: NULL text", what);
    fz_check_str(what, s);
    for (const char *p = s; *p; p++)
        FZ_CHECK((unsigned char)*p >= 0x20, "%s: control 0x%02x in \"%.80s\"", what, (unsigned char)*p, s);
}

static void fz_q_check_node(const vb_qnode_t *q, size_t cols, int depth)
{
    FZ_CHECK(depth <= VB_QUERY_MAX_DEPTH * 3 + 8, "tree deeper than the nesting limit allows");
    FZ_CHECK(q->column >= 1 && q->column <= cols, "node at column %zu of %zu", q->column, cols);
    switch (q->kind) {
    case VB_QN_TERM: case VB_QN_PHRASE:
        FZ_CHECK(q->field == VB_QF_NONE && q->nkids == 0, "term/phrase with a field or kids");
        fz_q_check_text("term text", q->text);
        FZ_CHECK(q->text[0] != '\0', "empty term or phrase at column %zu", q->column);
        break;
    case VB_QN_FIELD:
        FZ_CHECK(q->field > VB_QF_NONE && q->field < VB_QF_COUNT_, "field %d", (int)q->field);
        FZ_CHECK(q->nkids == 0, "field with kids");
        fz_q_check_text("field value", q->text);
        if (q->field == VB_QF_NUMBER || q->field == VB_QF_REF) {
            FZ_CHECK(q->number != NULL, "number/ref field without a number");
            fz_check_str("field number", q->number);
        }
        if (q->pinpoint) {
            FZ_CHECK(q->field == VB_QF_REF, "pinpoint on field %d", (int)q->field);
            FZ_CHECK(fz_q_pin_ok(q->pinpoint), "ref pinpoint \"%.60s\"", q->pinpoint);
        }
        if (q->field == VB_QF_YEAR || q->field == VB_QF_DATE) {
            FZ_CHECK(memchr(q->lo, '\0', sizeof q->lo) && memchr(q->hi, '\0', sizeof q->hi), "bounds not terminated");
            FZ_CHECK(q->lo[0] == '\0' || fz_iso_date(q->lo), "low bound \"%s\"", q->lo);
            FZ_CHECK(q->hi[0] == '\0' || fz_iso_date(q->hi), "high bound \"%s\"", q->hi);
            FZ_CHECK(q->lo[0] || q->hi[0], "date range open at both ends");
            FZ_CHECK(!q->lo[0] || !q->hi[0] || strcmp(q->lo, q->hi) <= 0, "range %s..%s backwards", q->lo, q->hi);
        }
        break;
    case VB_QN_NOT:
        FZ_CHECK(q->nkids == 1 && q->kids && q->kids[0], "NOT with %zu kids", q->nkids);
        FZ_CHECK(q->kids[0]->kind != VB_QN_NOT, "NOT of NOT at column %zu", q->column);
        FZ_CHECK(fz_q_positive(q->kids[0]), "exclusion at column %zu without a positive term", q->column);
        fz_q_check_node(q->kids[0], cols, depth + 1);
        break;
    case VB_QN_AND: case VB_QN_OR:
        FZ_CHECK(q->nkids >= 2 && q->kids, "%s with %zu kids", q->kind == VB_QN_AND ? "AND" : "OR", q->nkids);
        for (size_t i = 0; i < q->nkids; i++) {
            FZ_CHECK(q->kids[i] != NULL, "NULL kid");
            FZ_CHECK(q->kids[i]->kind != q->kind, "nested %s not flattened", q->kind == VB_QN_AND ? "AND" : "OR");
            if (q->kind == VB_QN_OR)
                FZ_CHECK(fz_q_positive(q->kids[i]), "OR alternative %zu without a positive term", i);
            fz_q_check_node(q->kids[i], cols, depth + 1);
        }
        break;
    default:
        FZ_CHECK(0, "node kind %d", (int)q->kind);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *q = (const char *)data;
    size_t cols = fz_q_columns(q, size);
    vb_qnode_t *root = NULL;
    char err[512];
    size_t col = 12345;
    vb_status_t rc = vb_qparse(size ? q : "", size, &root, err, sizeof err, &col);
    FZ_CHECK(rc == VB_OK || rc == VB_ERR_QUERY_SYNTAX, "vb_qparse returned %d (%s)", (int)rc,
             vb_status_to_string(rc));
    if (rc == VB_ERR_QUERY_SYNTAX) {
        FZ_CHECK(root == NULL, "tree set on failure");
        size_t elen = strnlen(err, sizeof err);
        FZ_CHECK(elen > 0 && elen < sizeof err, "error message empty or unterminated");
        FZ_CHECK(fz_utf8_valid(err, elen), "error message not valid UTF-8: \"%s\"", err);
        FZ_CHECK(col >= 1 && col <= cols + 1, "error column %zu, query has %zu columns: %s", col, cols, err);
        /* again with a small buffer of exactly ERRCAP bytes */
        size_t cap = 1 + size % 24;
        char *small = malloc(cap);
        FZ_CHECK(small != NULL, "out of memory");
        vb_qnode_t *r2 = NULL;
        size_t col2 = 0;
        vb_status_t rc2 = vb_qparse(size ? q : "", size, &r2, small, cap, &col2);
        FZ_CHECK(rc2 == rc && col2 == col && r2 == NULL, "second parse differs: %d col %zu", (int)rc2, col2);
        size_t slen = strnlen(small, cap);
        FZ_CHECK(slen < cap, "small error buffer not terminated");
        FZ_CHECK(memcmp(small, err, slen) == 0, "cut message is not a prefix");
        FZ_CHECK(fz_utf8_valid(small, slen), "cut message not valid UTF-8 (cap %zu)", cap);
        free(small);
        return 0;
    }
    FZ_CHECK(root != NULL, "VB_OK without a tree");
    FZ_CHECK(err[0] == '\0' && col == 0, "success with message \"%s\" column %zu", err, col);
    FZ_CHECK(fz_q_positive(root), "query without a positive term accepted");
    fz_q_check_node(root, cols, 0);
    vb_buf_t b = { 0 };
    size_t dn = vb_qnode_describe(root, &b);
    FZ_CHECK(!b.oom && dn == b.len && dn > 0, "vb_qnode_describe gave %zu bytes", dn);
    FZ_CHECK(fz_utf8_valid(b.data, b.len), "description not valid UTF-8");
    vb_buf_free(&b);
    vb_qnode_free(root);
    return 0;
}
