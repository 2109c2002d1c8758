/* Dates (src/lib/text/date.c): the tokenizer, the document parser and the
 * query parser agree on what is a date — a real calendar day in 1900..2100.
 * Every input goes through the real callers: vb_tokenize() (DATE tokens),
 * vb_doc_parse() (the date of issue and the date of a cited instrument) and
 * vb_qparse() (ngay:). */
#include <stdio.h>
#include "testutil.h"
#include "vanban.h"
#include "query/qparse.h"

/* ---------------------------------------------------------------- the three readers */

typedef struct {
    size_t n;            /* DATE tokens seen */
    char iso[16];        /* the last one's term form */
} dates_t;

static int collect_date(const vb_token_t *t, void *data)
{
    dates_t *d = data;
    if (t->kind != VB_TOK_DATE) return 0;
    d->n++;
    ck_assert_uint_eq(t->folded_len, 10);
    snprintf(d->iso, sizeof d->iso, "%.*s", (int)t->folded_len, t->folded);
    return 0;
}

/* The tokenizer's date in "ngày DMY của": ISO, or "" when no DATE token. */
static void tokenizer_date(const char *dmy, char out[16])
{
    char text[128];
    snprintf(text, sizeof text, "ngày %s của", dmy);
    dates_t d = { 0, "" };
    ck_assert_int_eq(vb_tokenize(text, strlen(text), VB_TOKENIZE_DEFAULT, 0, collect_date, &d, NULL), VB_OK);
    ck_assert_msg(d.n <= 1, "[%s]: %zu DATE tokens", text, d.n);
    snprintf(out, 16, "%s", d.n ? d.iso : "");
}

/* The document parser on a small document whose date line is
 * "Hải Phòng, ngày WHEN" and which cites a decree "ngày WHEN": the date of
 * issue into DOC, the cited decree's date into CITE ("" when none). */
static void document_dates(const char *when, char doc[16], char cite[16])
{
    char text[1024];
    snprintf(text, sizeof text,
             "ỦY BAN NHÂN DÂN\n"
             "THÀNH PHỐ HẢI PHÒNG\n"
             "\n"
             "Số: 12/UBND-VP\n"
             "\n"
             "Hải Phòng, ngày %s\n"
             "\n"
             "V/v thử đọc ngày tháng\n"
             "\n"
             "Căn cứ Nghị định số 46/2014/NĐ-CP ngày %s của Chính phủ;\n"
             "\n"
             "Các cơ quan thực hiện nghiêm túc.\n", when, when);
    vb_doc_t *d = NULL;
    ck_assert_int_eq(vb_doc_parse(text, strlen(text), &d), VB_OK);
    ck_assert_str_eq(d->number, "12/UBND-VP");
    snprintf(doc, 16, "%s", d->date ? d->date : "");
    const vb_citation_t *c = NULL;
    for (size_t i = 0; i < d->citation_count; i++)
        if (d->citations[i].number && !strcmp(d->citations[i].number, "46/2014/NĐ-CP")) c = &d->citations[i];
    ck_assert_msg(c != NULL, "[%s]: the decree is not cited", when);
    snprintf(cite, 16, "%s", c->date ? c->date : "");
    vb_doc_free(d);
}

/* The query parser on "ngay:VALUE": the day (lo == hi), or "" when it
 * reports "invalid date" at column 6. */
static void query_date(const char *value, char out[16])
{
    char q[128], err[256];
    size_t col = 0;
    snprintf(q, sizeof q, "ngay:%s", value);
    vb_qnode_t *n = NULL;
    vb_status_t st = vb_qparse(q, strlen(q), &n, err, sizeof err, &col);
    if (st == VB_OK) {
        ck_assert_int_eq(n->kind, VB_QN_FIELD);
        ck_assert_int_eq(n->field, VB_QF_DATE);
        ck_assert_str_eq(n->lo, n->hi);
        snprintf(out, 16, "%s", n->lo);
        vb_qnode_free(n);
        return;
    }
    ck_assert_int_eq(st, VB_ERR_QUERY_SYNTAX);
    ck_assert_msg(col == 6 && strstr(err, "invalid date") != NULL, "[%s]: %zu %s", q, col, err);
    out[0] = '\0';
}

/* ---------------------------------------------------------------- the table */

static const struct {
    int d, m, y;
    const char *iso;     /* NULL: not a date */
} days[] = {
    { 21, 8, 2020, "2020-08-21" },
    { 1, 1, 2020, "2020-01-01" },
    { 31, 1, 2020, "2020-01-31" },
    { 31, 12, 2020, "2020-12-31" },
    /* February: leap years */
    { 28, 2, 2019, "2019-02-28" },
    { 29, 2, 2019, NULL },
    { 29, 2, 2020, "2020-02-29" },
    { 29, 2, 2016, "2016-02-29" },
    { 29, 2, 2000, "2000-02-29" },     /* a century divisible by 400 */
    { 29, 2, 1900, NULL },             /* a century that is not */
    { 28, 2, 2100, "2100-02-28" },
    { 29, 2, 2100, NULL },
    { 30, 2, 2020, NULL },
    { 31, 2, 2020, NULL },
    /* 30-day months */
    { 30, 4, 2020, "2020-04-30" },
    { 31, 4, 2020, NULL },
    { 31, 6, 2020, NULL },
    { 31, 9, 2020, NULL },
    { 31, 11, 2020, NULL },
    /* no such day or month */
    { 0, 1, 2020, NULL },
    { 1, 0, 2020, NULL },
    { 32, 1, 2020, NULL },
    { 1, 13, 2020, NULL },
    /* the years: 1900..2100 */
    { 1, 1, 1900, "1900-01-01" },
    { 31, 12, 1899, NULL },
    { 2, 9, 1945, "1945-09-02" },
    { 31, 12, 2100, "2100-12-31" },
    { 1, 1, 2101, NULL },
    { 1, 1, 2150, NULL },
    { 1, 1, 2199, NULL },
};

#define NDAYS (sizeof days / sizeof days[0])

static void assert_date(const char *who, const char *input, const char *got, const char *want)
{
    ck_assert_msg(strcmp(got, want ? want : "") == 0, "%s [%s]: got '%s', want '%s'", who, input, got,
                  want ? want : "(not a date)");
}

/* Row _i of the table, numeric, with each separator and with and without
 * leading zeros: the tokenizer, the document (issue and citation) and the
 * query. */
START_TEST(test_numeric_agree)
{
    static const char seps[] = "/-.";
    for (size_t s = 0; s < 3; s++) {
        for (int zeros = 0; zeros < 2; zeros++) {
            char dmy[32], got[16], cite[16];
            snprintf(dmy, sizeof dmy, zeros ? "%02d%c%02d%c%d" : "%d%c%d%c%d",
                     days[_i].d, seps[s], days[_i].m, seps[s], days[_i].y);
            tokenizer_date(dmy, got);
            assert_date("tokenizer", dmy, got, days[_i].iso);
            document_dates(dmy, got, cite);
            assert_date("document date", dmy, got, days[_i].iso);
            assert_date("citation date", dmy, cite, days[_i].iso);
            query_date(dmy, got);
            assert_date("query ngay:", dmy, got, days[_i].iso);
        }
    }
    /* the query's own ISO form follows the same rule */
    char iso[32], got[16];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", days[_i].y, days[_i].m, days[_i].d);
    query_date(iso, got);
    assert_date("query ngay: ISO", iso, got, days[_i].iso);
}
END_TEST

/* Row _i in words, as a date line is written: the document parser. */
START_TEST(test_words_agree)
{
    for (int zeros = 0; zeros < 2; zeros++) {
        char when[64], got[16], cite[16];
        snprintf(when, sizeof when, zeros ? "%02d tháng %02d năm %d" : "%d tháng %d năm %d",
                 days[_i].d, days[_i].m, days[_i].y);
        document_dates(when, got, cite);
        assert_date("document date", when, got, days[_i].iso);
        assert_date("citation date", when, cite, days[_i].iso);
    }
}
END_TEST

/* Forms that are no date on any side: mixed separators, too many digits. */
START_TEST(test_malformed_agree)
{
    static const char *const bad[] = {
        "1/1-2020", "1.1/2020", "21-8.2020", "1/1/20201", "1/1/202", "001/1/2020", "1/001/2020",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char got[16], cite[16];
        tokenizer_date(bad[i], got);
        assert_date("tokenizer", bad[i], got, NULL);
        document_dates(bad[i], got, cite);
        assert_date("document date", bad[i], got, NULL);
        assert_date("citation date", bad[i], cite, NULL);
        query_date(bad[i], got);
        assert_date("query ngay:", bad[i], got, NULL);
    }
}
END_TEST

/* The brief's example: a document dated 31 February is stored undated. */
START_TEST(test_haiphong_31_february)
{
    const char *text = "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG\n\nSố: 5287/BCĐ\n\n"
                       "Hải Phòng, ngày 31 tháng 2 năm 2020\n\nV/v tăng cường công tác\n\nNội dung.\n";
    vb_doc_t *d = NULL;
    ck_assert_int_eq(vb_doc_parse(text, strlen(text), &d), VB_OK);
    ck_assert_str_eq(d->number, "5287/BCĐ");
    ck_assert_ptr_null(d->date);
    vb_doc_free(d);
    char got[16];
    tokenizer_date("31/2/2020", got);
    ck_assert_str_eq(got, "");
    query_date("31/2/2020", got);
    ck_assert_str_eq(got, "");
}
END_TEST

Suite *date_suite(void)
{
    Suite *s = suite_create("date");
    TCase *tc = tcase_create("agree");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_numeric_agree, 0, (int)NDAYS);
    tcase_add_loop_test(tc, test_words_agree, 0, (int)NDAYS);
    tcase_add_test(tc, test_malformed_agree);
    tcase_add_test(tc, test_haiphong_31_february);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return vb_test_run(date_suite());
}
