/* Check suite for the query-language parser (src/lib/qparse.c). */
#include <time.h>
#include "testutil.h"
#include "query/qparse.h"

/* Parse Q (NUL-terminated) and return a malloc'd description:
 * the S-expression on success, "ERR <col>: <message>" on a syntax error. */
static char *run_len(const char *q, size_t len)
{
    vb_qnode_t *n = NULL;
    char err[512];
    size_t col = 99999;
    vb_status_t st = vb_qparse(q, len, &n, err, sizeof err, &col);
    vb_buf_t b = { 0 };
    if (st == VB_OK) {
        ck_assert_ptr_nonnull(n);
        ck_assert_str_eq(err, "");
        ck_assert_uint_eq(col, 0);
        vb_qnode_describe(n, &b);
        vb_qnode_free(n);
    } else {
        ck_assert_int_eq(st, VB_ERR_QUERY_SYNTAX);
        ck_assert_ptr_null(n);
        vb_buf_printf(&b, "ERR %zu: %s", col, err);
    }
    char *r = vb_buf_steal(&b);
    ck_assert_ptr_nonnull(r);
    return r;
}

static char *run(const char *q) { return run_len(q, strlen(q)); }

#define EXPECT(q, want) do {                                        \
        char *got_ = run(q);                                        \
        ck_assert_msg(strcmp(got_, (want)) == 0,                    \
                      "query [%s]\n  got  %s\n  want %s", (q), got_, (want)); \
        free(got_);                                                 \
    } while (0)

/* An error at column COL whose message contains PART. */
#define EXPECT_ERR(q, col, part) do {                               \
        char *got_ = run(q);                                        \
        char want_[64];                                             \
        snprintf(want_, sizeof want_, "ERR %d: ", (int)(col));      \
        ck_assert_msg(strncmp(got_, want_, strlen(want_)) == 0 && strstr(got_, (part)) != NULL, \
                      "query [%s]\n  got  %s\n  want %s...%s", (q), got_, want_, (part)); \
        free(got_);                                                 \
    } while (0)

#define T(x) "(TERM \"" x "\")"

/* ------------------------------------------------------------------ words and operators */

START_TEST(test_words)
{
    EXPECT("tín", T("tín"));
    /* bare words next to each other are one expression (Vietnamese writes syllables apart) */
    EXPECT("tín dụng đen", T("tín dụng đen"));
    EXPECT("  tín   dụng  ", T("tín dụng"));
    EXPECT("Covid-19 tín-dụng", T("Covid-19 tín-dụng"));
    /* an explicit AND, a phrase, a field or an exclusion separates expressions */
    EXPECT("tín dụng AND đen", "(AND " T("tín dụng") " " T("đen") ")");
    EXPECT("tín \"dụng\" đen", "(AND " T("tín") " (PHRASE \"dụng\") " T("đen") ")");
    EXPECT("tín -dụng đen", "(AND " T("tín") " (NOT " T("dụng") ") " T("đen") ")");
    EXPECT("10/CT-TTg", T("10/CT-TTg"));
    /* lower-case operators are words */
    EXPECT("a and b or not c", T("a and b or not c"));
    EXPECT("And Or Not", T("And Or Not"));
    /* punctuation on its own is dropped; a lone dash is punctuation */
    EXPECT("a , b ; . c", T("a b c"));
    EXPECT("a - b", T("a b"));
    EXPECT("a -- b", T("a b"));
    EXPECT("a -...", T("a"));
    EXPECT("a –", T("a"));
    /* control characters and other white space separate words */
    EXPECT("a\tb\nc\x01" "d\x7F" "e", T("a b c d e"));
    EXPECT("a\xC2\xA0" "b\xE3\x80\x80" "c\xC2\x85" "d", T("a b c d"));
    {
        static const char q[] = "a\0b";
        char *got = run_len(q, 3);
        ck_assert_str_eq(got, T("a b"));
        free(got);
    }
    /* NFD input comes out NFC; U+00D0 becomes Đ */
    EXPECT("ti\xCC\x81n", T("tín"));
    EXPECT("\xC3\x90" "\xC6\xB0\xE1\xBB\x9D" "ng", T("Đường"));
    /* words are not fields unless ASCII-letters-colon-value */
    EXPECT("V/v: abc", T("V/v: abc"));
    EXPECT("họp 10:30", T("họp 10:30"));
    EXPECT("Note: abc", T("Note: abc"));
    EXPECT("2020:abc", T("2020:abc"));
    EXPECT("\"http://x.vn\"", "(PHRASE \"http://x.vn\")");
}
END_TEST

START_TEST(test_precedence)
{
    /* AND (explicit or implicit) binds tighter than OR */
    EXPECT("a b OR c", "(OR " T("a b") " " T("c") ")");
    EXPECT("a OR b c", "(OR " T("a") " " T("b c") ")");
    EXPECT("a AND b OR c", "(OR (AND " T("a") " " T("b") ") " T("c") ")");
    EXPECT("a AND b OR c AND d", "(OR (AND " T("a") " " T("b") ") (AND " T("c") " " T("d") "))");
    EXPECT("a OR b OR c", "(OR " T("a") " " T("b") " " T("c") ")");
    EXPECT("a AND b c", "(AND " T("a") " " T("b c") ")");
    /* parentheses; AND and OR stay flat */
    EXPECT("(a OR b) c", "(AND (OR " T("a") " " T("b") ") " T("c") ")");
    EXPECT("(a b) c (d e)", "(AND " T("a b") " " T("c") " " T("d e") ")");
    EXPECT("(a AND b) c (d AND e)", "(AND " T("a") " " T("b") " " T("c") " " T("d") " " T("e") ")");
    EXPECT("a OR (b OR c)", "(OR " T("a") " " T("b") " " T("c") ")");
    EXPECT("((a))", T("a"));
    EXPECT("a(b)", "(AND " T("a") " " T("b") ")");
    EXPECT("a AND(b OR c)", "(AND " T("a") " (OR " T("b") " " T("c") "))");
    /* NOT and - bind tightest; a NOT b = a AND NOT b */
    EXPECT("a NOT b", "(AND " T("a") " (NOT " T("b") "))");
    EXPECT("a -b", "(AND " T("a") " (NOT " T("b") "))");
    EXPECT("a AND NOT b", "(AND " T("a") " (NOT " T("b") "))");
    EXPECT("-b a", "(AND (NOT " T("b") ") " T("a") ")");
    EXPECT("a NOT b OR c", "(OR (AND " T("a") " (NOT " T("b") ")) " T("c") ")");
    EXPECT("a -(b OR c)", "(AND " T("a") " (NOT (OR " T("b") " " T("c") ")))");
    EXPECT("a NOT (b c)", "(AND " T("a") " (NOT " T("b c") "))");
    EXPECT("a NOT (b AND c)", "(AND " T("a") " (NOT (AND " T("b") " " T("c") ")))");
    /* double exclusions cancel */
    EXPECT("NOT NOT a", T("a"));
    EXPECT("a NOT -b", "(AND " T("a") " " T("b") ")");
    EXPECT("x -(-a)", "(AND " T("x") " " T("a") ")");
    EXPECT("a --b", "(AND " T("a") " (NOT " T("b") "))");
    /* after '-', AND/OR/NOT are words */
    EXPECT("a -AND", "(AND " T("a") " (NOT " T("AND") "))");
    EXPECT("a -OR b", "(AND " T("a") " (NOT " T("OR") ") " T("b") ")");
    /* OR alternatives and AND groups may mix exclusions with positives */
    EXPECT("(a -b) OR c", "(OR (AND " T("a") " (NOT " T("b") ")) " T("c") ")");
}
END_TEST

START_TEST(test_columns)
{
    vb_qnode_t *n = NULL;
    const char *q = "tín -dụng (\"đen\" OR so:1)";
    ck_assert_int_eq(vb_qparse(q, strlen(q), &n, NULL, 0, NULL), VB_OK);
    ck_assert_int_eq(n->kind, VB_QN_AND);
    ck_assert_uint_eq(n->nkids, 3);
    ck_assert_uint_eq(n->column, 1);
    ck_assert_uint_eq(n->kids[0]->column, 1);
    ck_assert_int_eq(n->kids[1]->kind, VB_QN_NOT);
    ck_assert_uint_eq(n->kids[1]->column, 5);
    ck_assert_uint_eq(n->kids[1]->kids[0]->column, 6);
    vb_qnode_t *o = n->kids[2];
    ck_assert_int_eq(o->kind, VB_QN_OR);
    ck_assert_uint_eq(o->column, 12);
    ck_assert_int_eq(o->kids[0]->kind, VB_QN_PHRASE);
    ck_assert_int_eq(o->kids[0]->quoted, 1);
    ck_assert_uint_eq(o->kids[0]->column, 12);
    ck_assert_int_eq(o->kids[1]->kind, VB_QN_FIELD);
    ck_assert_int_eq(o->kids[1]->field, VB_QF_NUMBER);
    ck_assert_uint_eq(o->kids[1]->column, 21);
    ck_assert_str_eq(o->kids[1]->text, "1");
    ck_assert_ptr_null(o->kids[1]->pinpoint);
    vb_qnode_free(n);
    vb_qnode_free(NULL);
}
END_TEST

/* ------------------------------------------------------------------ phrases */

START_TEST(test_phrases)
{
    EXPECT("\"tín dụng đen\"", "(PHRASE \"tín dụng đen\")");
    EXPECT("\"tin dung den\"", "(PHRASE \"tin dung den\")");
    EXPECT("“tín dụng đen”", "(PHRASE \"tín dụng đen\")");
    EXPECT("„tín dụng”", "(PHRASE \"tín dụng\")");
    EXPECT("\"  tín\tdụng \"", "(PHRASE \"tín dụng\")");
    EXPECT("\"tín\" dụng", "(AND (PHRASE \"tín\") " T("dụng") ")");
    EXPECT("a\"b c\"d", "(AND " T("a") " (PHRASE \"b c\") " T("d") ")");
    EXPECT("\"a AND b\" OR \"NOT c\"", "(OR (PHRASE \"a AND b\") (PHRASE \"NOT c\"))");
    EXPECT("x -\"tín dụng\"", "(AND " T("x") " (NOT (PHRASE \"tín dụng\")))");
    EXPECT("x -“tín dụng”", "(AND " T("x") " (NOT (PHRASE \"tín dụng\")))");
    EXPECT("\"a (b) c\"", "(PHRASE \"a (b) c\")");
    EXPECT("\"a\\b\"", "(PHRASE \"a\\\\b\")");
    EXPECT("x \"\" y", T("x y"));
    EXPECT("x \" ... \" y", T("x y"));
    EXPECT("x -\"\" y", T("x y"));
}
END_TEST

/* ------------------------------------------------------------------ fields */

START_TEST(test_field_aliases)
{
    static const struct { const char *q, *want; } cases[] = {
        { "so:5287/BCĐ", "(FIELD number \"5287/BCĐ\")" },
        { "number:5287/BCĐ", "(FIELD number \"5287/BCĐ\")" },
        { "SO:5287/BCĐ", "(FIELD number \"5287/BCĐ\")" },
        { "NUMBER:5287/BCĐ", "(FIELD number \"5287/BCĐ\")" },
        { "loai:\"chỉ thị\"", "(FIELD type \"chỉ thị\" quoted)" },
        { "type:\"chỉ thị\"", "(FIELD type \"chỉ thị\" quoted)" },
        { "LOAI:CT", "(FIELD type \"CT\")" },
        { "TYPE:CT", "(FIELD type \"CT\")" },
        { "coquan:\"Hải Phòng\"", "(FIELD issuer \"Hải Phòng\" quoted)" },
        { "issuer:UBND", "(FIELD issuer \"UBND\")" },
        { "COQUAN:UBND", "(FIELD issuer \"UBND\")" },
        { "ISSUER:UBND", "(FIELD issuer \"UBND\")" },
        { "giao:\"Sở Y tế\"", "(FIELD assignee \"Sở Y tế\" quoted)" },
        { "to:UBND", "(FIELD to \"UBND\")" },
        { "GIAO:UBND", "(FIELD assignee \"UBND\")" },
        { "chutri:\"Sở Y tế\"", "(FIELD lead \"Sở Y tế\" quoted)" },
        { "chủ trì:\"Sở Y tế\"", "(FIELD lead \"Sở Y tế\" quoted)" },
        { "CHỦ TRÌ:UBND", "(FIELD lead \"UBND\")" },
        { "lead:UBND", "(FIELD lead \"UBND\")" },
        { "TO:UBND", "(FIELD to \"UBND\")" },
        { "ref:10/CT-TTg", "(FIELD ref \"10/CT-TTg\")" },
        { "trichdan:10/CT-TTg", "(FIELD ref \"10/CT-TTg\")" },
        { "REF:10/CT-TTg", "(FIELD ref \"10/CT-TTg\")" },
        { "TRICHDAN:10/CT-TTg", "(FIELD ref \"10/CT-TTg\")" },
        { "nguoiky:\"Lê Khắc Nam\"", "(FIELD signer \"Lê Khắc Nam\" quoted)" },
        { "signer:Nam", "(FIELD signer \"Nam\")" },
        { "NGUOIKY:Nam", "(FIELD signer \"Nam\")" },
        { "SIGNER:Nam", "(FIELD signer \"Nam\")" },
        { "nam:2020", "(FIELD year 2020-01-01..2020-12-31)" },
        { "year:2020", "(FIELD year 2020-01-01..2020-12-31)" },
        { "NAM:2020", "(FIELD year 2020-01-01..2020-12-31)" },
        { "YEAR:2020", "(FIELD year 2020-01-01..2020-12-31)" },
        { "ngay:2020-08-21", "(FIELD date 2020-08-21..2020-08-21)" },
        { "date:2020-08-21", "(FIELD date 2020-08-21..2020-08-21)" },
        { "NGAY:2020-08-21", "(FIELD date 2020-08-21..2020-08-21)" },
        { "DATE:2020-08-21", "(FIELD date 2020-08-21..2020-08-21)" },
        { "chude:\"tín dụng đen\"", "(FIELD topic \"tín dụng đen\" quoted)" },
        { "topic:covid", "(FIELD topic \"covid\")" },
        { "CHUDE:covid", "(FIELD topic \"covid\")" },
        { "TOPIC:covid", "(FIELD topic \"covid\")" },
        { "Topic:covid", "(FIELD topic \"covid\")" },
        { "cOqUaN:x", "(FIELD issuer \"x\")" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        EXPECT(cases[i].q, cases[i].want);

    ck_assert_str_eq(vb_qfield_name(VB_QF_NUMBER), "number");
    ck_assert_str_eq(vb_qfield_name(VB_QF_TYPE), "type");
    ck_assert_str_eq(vb_qfield_name(VB_QF_ISSUER), "issuer");
    ck_assert_str_eq(vb_qfield_name(VB_QF_TO), "to");
    ck_assert_str_eq(vb_qfield_name(VB_QF_REF), "ref");
    ck_assert_str_eq(vb_qfield_name(VB_QF_SIGNER), "signer");
    ck_assert_str_eq(vb_qfield_name(VB_QF_YEAR), "year");
    ck_assert_str_eq(vb_qfield_name(VB_QF_DATE), "date");
    ck_assert_str_eq(vb_qfield_name(VB_QF_TOPIC), "topic");
    ck_assert_str_eq(vb_qfield_name(VB_QF_NONE), "");
    ck_assert_str_eq(vb_qfield_name((vb_qfield_t)99), "");
    ck_assert_int_eq(vb_qfield_lookup("TrichDan", 8), VB_QF_REF);
    ck_assert_int_eq(vb_qfield_lookup("so", 2), VB_QF_NUMBER);
    ck_assert_int_eq(vb_qfield_lookup("sox", 3), VB_QF_NONE);
    ck_assert_int_eq(vb_qfield_lookup("s", 1), VB_QF_NONE);
    ck_assert_int_eq(vb_qfield_lookup(NULL, 0), VB_QF_NONE);
}
END_TEST

START_TEST(test_fields_in_context)
{
    EXPECT("tín dụng loai:\"chỉ thị\" -coquan:UBND",
           "(AND " T("tín dụng") " (FIELD type \"chỉ thị\" quoted) "
           "(NOT (FIELD issuer \"UBND\")))");
    EXPECT("so:1 OR so:2", "(OR (FIELD number \"1\") (FIELD number \"2\"))");
    EXPECT("(ref:10/CT-TTg)", "(FIELD ref \"10/CT-TTg\")");
    EXPECT("coquan:UBND(x)", "(AND (FIELD issuer \"UBND\") " T("x") ")");
    EXPECT("loai:\"chỉ thị\"x", "(AND (FIELD type \"chỉ thị\" quoted) " T("x") ")");
    EXPECT("loai:“chỉ thị”", "(FIELD type \"chỉ thị\" quoted)");
    EXPECT("x -so:10/CT-TTg", "(AND " T("x") " (NOT (FIELD number \"10/CT-TTg\")))");
    EXPECT("coquan:a:b", "(FIELD issuer \"a:b\")");
}
END_TEST

/* Field names as Vietnamese readers type them: with accents (any spelling,
 * NFC or NFD, any case), and the two-word names with or without their space. */
START_TEST(test_field_vietnamese)
{
    static const struct { const char *q, *want; } cases[] = {
        { "số:10/CT-TTg", "(FIELD number \"10/CT-TTg\")" },
        { "Số:10", "(FIELD number \"10\")" },
        { "SỐ:5287/BCĐ", "(FIELD number \"5287/BCĐ\")" },
        { "loại:\"chỉ thị\"", "(FIELD type \"chỉ thị\" quoted)" },
        { "LOẠI:CT", "(FIELD type \"CT\")" },
        { "loa\xCC\xA3i:CT", "(FIELD type \"CT\")" },          /* NFD: a + U+0323 */
        { "lọai:CT", "(FIELD type \"CT\")" },                   /* mark on the wrong letter */
        { "năm:2020", "(FIELD year 2020-01-01..2020-12-31)" },
        { "NĂM:2020", "(FIELD year 2020-01-01..2020-12-31)" },
        { "ngày:2020-08-21", "(FIELD date 2020-08-21..2020-08-21)" },
        { "Ngày:21/8/2020", "(FIELD date 2020-08-21..2020-08-21)" },
        { "cơ quan:\"Hải Phòng\"", "(FIELD issuer \"Hải Phòng\" quoted)" },
        { "cơquan:UBND", "(FIELD issuer \"UBND\")" },
        { "Cơ Quan:UBND", "(FIELD issuer \"UBND\")" },
        { "co quan:UBND", "(FIELD issuer \"UBND\")" },
        { "cơ  \tquan:UBND", "(FIELD issuer \"UBND\")" },
        { "người ký:\"Lê Khắc Nam\"", "(FIELD signer \"Lê Khắc Nam\" quoted)" },
        { "ngườiký:Nam", "(FIELD signer \"Nam\")" },
        { "nguoi ky:Nam", "(FIELD signer \"Nam\")" },
        { "chủ đề:covid", "(FIELD topic \"covid\")" },
        { "chủđề:covid", "(FIELD topic \"covid\")" },
        { "chu de:covid", "(FIELD topic \"covid\")" },
        { "trích dẫn:10/CT-TTg", "(FIELD ref \"10/CT-TTg\")" },
        { "tríchdẫn:\"46/2014/NĐ-CP d19\"", "(FIELD ref \"46/2014/NĐ-CP\" pin \"d19\" quoted)" },
        { "trich dan:10/CT-TTg", "(FIELD ref \"10/CT-TTg\")" },
        { "giao:\"Công an thành phố\"", "(FIELD assignee \"Công an thành phố\" quoted)" },
        { "assignee:UBND", "(FIELD assignee \"UBND\")" },
        { "gửi:UBND", "(FIELD to \"UBND\")" },
        { "gui:UBND", "(FIELD to \"UBND\")" },
        { "GỬI:UBND", "(FIELD to \"UBND\")" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        EXPECT(cases[i].q, cases[i].want);

    /* in context: the two-word name starts at its first word */
    EXPECT("tín dụng cơ quan:UBND", "(AND " T("tín dụng") " (FIELD issuer \"UBND\"))");
    EXPECT("x -người ký:Nam", "(AND " T("x") " (NOT (FIELD signer \"Nam\")))");
    EXPECT("(chủ đề:covid OR năm:2020)",
           "(OR (FIELD topic \"covid\") (FIELD year 2020-01-01..2020-12-31))");
    EXPECT("loại:\"chỉ thị\" năm:2020 tội phạm",
           "(AND (FIELD type \"chỉ thị\" quoted) (FIELD year 2020-01-01..2020-12-31) "
           T("tội phạm") ")");
    vb_qnode_t *n = NULL;
    const char *q = "tín cơ quan:UBND";
    ck_assert_int_eq(vb_qparse(q, strlen(q), &n, NULL, 0, NULL), VB_OK);
    ck_assert_int_eq(n->kind, VB_QN_AND);
    ck_assert_uint_eq(n->kids[1]->column, 5);
    vb_qnode_free(n);
    /* two words that do not fold to a field name stay words */
    EXPECT("Hà Nội quan:UBND", "ERR 8: unknown field 'quan:' at column 8; did you mean coquan:?");
    EXPECT("cơ quan", T("cơ quan"));

    ck_assert_int_eq(vb_qfield_lookup("loại", strlen("loại")), VB_QF_TYPE);
    ck_assert_int_eq(vb_qfield_lookup("Cơquan", strlen("Cơquan")), VB_QF_ISSUER);
    ck_assert_int_eq(vb_qfield_lookup("gửi", strlen("gửi")), VB_QF_TO);
    ck_assert_int_eq(vb_qfield_lookup("ASSIGNEE", 8), VB_QF_ASSIGNEE);
    ck_assert_int_eq(vb_qfield_lookup("giao", 4), VB_QF_ASSIGNEE);
}
END_TEST

/* An unknown name that looks like a field is an error that names it, its
 * column, and the nearest known name when one is close. */
START_TEST(test_field_unknown)
{
    EXPECT("loia:\"chỉ thị\"", "ERR 1: unknown field 'loia:' at column 1; did you mean loai:?");
    EXPECT_ERR("coquam:Hà Nội", 1, "unknown field 'coquam:' at column 1; did you mean coquan:?");
    EXPECT_ERR("x cơ quam:UBND", 3, "unknown field 'cơ quam:' at column 3; did you mean coquan:?");
    EXPECT_ERR("nguoiki:Nam", 1, "did you mean nguoiky:?");
    EXPECT_ERR("ngya:2020", 1, "did you mean ngay:?");
    EXPECT_ERR("nma:2020", 1, "did you mean nam:?");
    EXPECT_ERR("tín isuer:UBND", 5, "unknown field 'isuer:' at column 5; did you mean issuer:?");
    EXPECT_ERR("trichdn:10/CT-TTg", 1, "did you mean trichdan:?");
    EXPECT("Tópic:x", "(FIELD topic \"x\")");          /* folded: any marks match */
    EXPECT_ERR("Tópics:x", 1, "unknown field 'Tópics:' at column 1; did you mean topic:?");
    EXPECT_ERR("xyz:abc", 1, "unknown field 'xyz:' at column 1 (known: ");
    EXPECT_ERR("Điều:5", 1, "unknown field 'Điều:' at column 1 (known: ");
    EXPECT_ERR("tín (author:x)", 6, "unknown field 'author:' at column 6 (known:");
    EXPECT_ERR("a:b", 1, "unknown field 'a:'");
    /* a known name with white space after the colon: the value goes right after it */
    EXPECT("Số: 5287/BCĐ", "ERR 1: empty value for field 'Số:' at column 1 (write the value "
           "right after the colon: Số:5287/BCĐ)");
    EXPECT_ERR("cơ quan: UBND", 1, "empty value for field 'cơ quan:' at column 1 (write the value "
               "right after the colon: cơ quan:UBND)");
}
END_TEST

/* Words with a colon that are not fields stay text. */
START_TEST(test_field_colon_text)
{
    EXPECT("họp 8:30", T("họp 8:30"));
    EXPECT("10:30", T("10:30"));
    EXPECT("Note: abc", T("Note: abc"));
    EXPECT("Nơi nhận: UBND", T("Nơi nhận: UBND"));
    EXPECT("V/v: abc", T("V/v: abc"));
    EXPECT("2020:abc", T("2020:abc"));
    EXPECT("5287/BCĐ:x", T("5287/BCĐ:x"));
    EXPECT("https://thuvienphapluat.vn", T("https://thuvienphapluat.vn"));
    EXPECT("xem http://x.vn/a:b", T("xem http://x.vn/a:b"));
    EXPECT("\"loia:x\"", "(PHRASE \"loia:x\")");
    EXPECT("\"coquan:Hải Phòng\"", "(PHRASE \"coquan:Hải Phòng\")");
    EXPECT("coquan:a:b", "(FIELD issuer \"a:b\")");
    EXPECT("a:", T("a:"));
    EXPECT("x abc:", T("x abc:"));
    EXPECT("a1:b", T("a1:b"));
}
END_TEST

/* A field value of several words is quoted; unquoted, the words after a text
 * field's value are an error that shows the quotes, never a silent split. */
START_TEST(test_field_multiword)
{
    EXPECT("coquan:Hải Phòng", "ERR 1: the value of field 'coquan:' at column 1 is followed by "
           "more words: put the value in quotes (coquan:\"Hải Phòng\"), or write AND before the "
           "words that are not part of it");
    EXPECT_ERR("cơ quan:Hải Phòng tín dụng", 1, "(cơ quan:\"Hải Phòng tín dụng\")");
    EXPECT_ERR("x loai:chỉ thị", 3, "the value of field 'loai:' at column 3 is followed by more "
               "words: put the value in quotes (loai:\"chỉ thị\")");
    EXPECT_ERR("giao:Công an thành phố", 1, "(giao:\"Công an thành phố\")");
    EXPECT_ERR("nguoiky:Lê Khắc Nam", 1, "(nguoiky:\"Lê Khắc Nam\")");
    EXPECT_ERR("chủ đề:tín dụng đen", 1, "(chủ đề:\"tín dụng đen\")");
    EXPECT_ERR("gửi:Sở Y tế OR x", 1, "(gửi:\"Sở Y tế\")");
    EXPECT_ERR("ref:Luật Bảo hiểm xã hội", 1, "(ref:\"Luật Bảo hiểm xã hội\")");
    EXPECT_ERR("coquan:UBND , tín", 1, "(coquan:\"UBND , tín\")");
    EXPECT_ERR("-coquan:UBND x", 2, "'coquan:' at column 2");
    /* quoted, or followed by an operator, an exclusion, a parenthesis, a
     * phrase, a field or the end: fine */
    EXPECT("coquan:\"Hải Phòng\" tín dụng đen",
           "(AND (FIELD issuer \"Hải Phòng\" quoted) " T("tín dụng đen") ")");
    EXPECT("coquan:UBND AND tín dụng", "(AND (FIELD issuer \"UBND\") " T("tín dụng") ")");
    EXPECT("coquan:UBND OR tín", "(OR (FIELD issuer \"UBND\") " T("tín") ")");
    EXPECT("coquan:UBND -tín x", "(AND (FIELD issuer \"UBND\") (NOT " T("tín") ") " T("x") ")");
    EXPECT("coquan:UBND (tín dụng)", "(AND (FIELD issuer \"UBND\") " T("tín dụng") ")");
    EXPECT("coquan:UBND \"tín dụng\"", "(AND (FIELD issuer \"UBND\") (PHRASE \"tín dụng\"))");
    EXPECT("coquan:UBND loai:CT", "(AND (FIELD issuer \"UBND\") (FIELD type \"CT\"))");
    EXPECT("coquan:UBND người ký:Nam", "(AND (FIELD issuer \"UBND\") (FIELD signer \"Nam\"))");
    EXPECT("coquan:UBND , ;", "(FIELD issuer \"UBND\")");
    EXPECT("coquan:UBND - x", "ERR 1: the value of field 'coquan:' at column 1 is followed by "
           "more words: put the value in quotes (coquan:\"UBND - x\"), or write AND before the "
           "words that are not part of it");
    EXPECT("(coquan:UBND) tín", "(AND (FIELD issuer \"UBND\") " T("tín") ")");
    /* values of one token: numbers, years and dates take one word, the rest is text */
    EXPECT("so:10/CT-TTg tín dụng", "(AND (FIELD number \"10/CT-TTg\") " T("tín dụng") ")");
    EXPECT("ref:10/CT-TTg tín dụng", "(AND (FIELD ref \"10/CT-TTg\") " T("tín dụng") ")");
    EXPECT("nam:2020 tội phạm", "(AND (FIELD year 2020-01-01..2020-12-31) " T("tội phạm") ")");
    EXPECT("ngay:2020-08 tội phạm", "(AND (FIELD date 2020-08-01..2020-08-31) " T("tội phạm") ")");
}
END_TEST

START_TEST(test_numbers)
{
    EXPECT("so:10/CT-TTg", "(FIELD number \"10/CT-TTg\")");
    EXPECT("so:30/2020/NĐ-CP", "(FIELD number \"30/2020/NĐ-CP\")");
    EXPECT("so:48-CT/TW", "(FIELD number \"48-CT/TW\")");
    EXPECT("so:5287/BCĐ", "(FIELD number \"5287/BCĐ\")");
    EXPECT("so:05/2019/TT-BTC", "(FIELD number \"05/2019/TT-BTC\")");
    EXPECT("so:1234/QĐ-UBND.HC", "(FIELD number \"1234/QĐ-UBND.HC\")");
    EXPECT("so:UBTVQH15", "(FIELD number \"UBTVQH15\")");
    EXPECT("so:10/CT-TTg, x", "(AND (FIELD number \"10/CT-TTg\") " T("x") ")");
    EXPECT("so:10/CT-TTg.", "(FIELD number \"10/CT-TTg\")");
    EXPECT("(so:30/2020/NĐ-CP OR so:48-CT/TW)",
           "(OR (FIELD number \"30/2020/NĐ-CP\") (FIELD number \"48-CT/TW\"))");
    EXPECT("so:\"10/CT-TTg\"", "(FIELD number \"10/CT-TTg\" quoted)");
    EXPECT("so:\"10 /CT-TTg\"", "(FIELD number \"10 /CT-TTg\" quoted)");
    EXPECT("ref:30/2020/NĐ-CP", "(FIELD ref \"30/2020/NĐ-CP\")");
    EXPECT("ref:48-CT/TW", "(FIELD ref \"48-CT/TW\")");
    EXPECT("ref:5287/BCĐ", "(FIELD ref \"5287/BCĐ\")");
    EXPECT("ref:10/CT-TTg;", "(FIELD ref \"10/CT-TTg\")");
    EXPECT("ref:\"10/CT-TTg\"", "(FIELD ref \"10/CT-TTg\" quoted)");
    EXPECT("ref:\"Nghị định 46/2014/NĐ-CP\"", "(FIELD ref \"Nghị định 46/2014/NĐ-CP\" quoted)");

    /* the node keeps text as typed and the number apart */
    vb_qnode_t *n = NULL;
    const char *q = "ref:\"46/2014/NĐ-CP, điểm h khoản 1 Điều 19\"";
    ck_assert_int_eq(vb_qparse(q, strlen(q), &n, NULL, 0, NULL), VB_OK);
    ck_assert_int_eq(n->kind, VB_QN_FIELD);
    ck_assert_int_eq(n->field, VB_QF_REF);
    ck_assert_str_eq(n->text, "46/2014/NĐ-CP, điểm h khoản 1 Điều 19");
    ck_assert_str_eq(n->number, "46/2014/NĐ-CP");
    ck_assert_str_eq(n->pinpoint, "d19.1.h");
    ck_assert_int_eq(n->quoted, 1);
    vb_qnode_free(n);
}
END_TEST

START_TEST(test_pinpoints)
{
#define PIN(v, num, pin) EXPECT("ref:\"" v "\"", "(FIELD ref \"" num "\" pin \"" pin "\" quoted)")
    PIN("46/2014/NĐ-CP d19", "46/2014/NĐ-CP", "d19");
    PIN("46/2014/NĐ-CP D19", "46/2014/NĐ-CP", "d19");
    PIN("46/2014/NĐ-CP Đ19", "46/2014/NĐ-CP", "d19");
    PIN("46/2014/NĐ-CP d19.1", "46/2014/NĐ-CP", "d19.1");
    PIN("46/2014/NĐ-CP d19.1.h", "46/2014/NĐ-CP", "d19.1.h");
    PIN("46/2014/NĐ-CP d19a.2.đ", "46/2014/NĐ-CP", "d19a.2.đ");
    PIN("46/2014/NĐ-CP Điều 19", "46/2014/NĐ-CP", "d19");
    PIN("46/2014/NĐ-CP điều 19.", "46/2014/NĐ-CP", "d19");
    PIN("46/2014/NĐ-CP khoản 1 Điều 19", "46/2014/NĐ-CP", "d19.1");
    PIN("46/2014/NĐ-CP điểm h khoản 1 Điều 19", "46/2014/NĐ-CP", "d19.1.h");
    PIN("46/2014/NĐ-CP Điểm H, Khoản 1, Điều 19", "46/2014/NĐ-CP", "d19.1.h");
    PIN("46/2014/ND-CP diem h khoan 1 dieu 19", "46/2014/ND-CP", "d19.1.h");
    PIN("46/2014/ND-CP DIEU 19", "46/2014/ND-CP", "d19");
    PIN("46/2014/ND-CP khoan 1 dieu 19", "46/2014/ND-CP", "d19.1");
    PIN("46/2014/NĐ-CP Điều 5 khoản 2 điểm đ", "46/2014/NĐ-CP", "d5.2.đ");
    PIN("46/2014/NĐ-CP, Điều 19", "46/2014/NĐ-CP", "d19");
    PIN("Nghị định 46/2014/NĐ-CP Điều 19", "Nghị định 46/2014/NĐ-CP", "d19");
    PIN("  10/CT-TTg   d3 ", "10/CT-TTg", "d3");
    /* a pinpoint spelt out first, as the texts write it; "của", "tại", "theo" before the number dropped */
    PIN("khoản 3 Điều 27 Nghị định 140/2025/NĐ-CP", "Nghị định 140/2025/NĐ-CP", "d27.3");
    PIN("điểm a khoản 3 Điều 27 của Nghị định số 140/2025/NĐ-CP", "Nghị định số 140/2025/NĐ-CP", "d27.3.a");
    PIN("Điều 5 tại Luật Đất đai 2024", "Luật Đất đai 2024", "d5");
    PIN("dieu 19 46/2014/ND-CP", "46/2014/ND-CP", "d19");
    PIN("Điều 19a khoản 2 NĐ 145/2020", "NĐ 145/2020", "d19a.2");
    EXPECT("trichdan:\"10/CT-TTg d3\" OR x",
           "(OR (FIELD ref \"10/CT-TTg\" pin \"d3\" quoted) " T("x") ")");
#undef PIN
    /* unreadable pinpoints: error at the first word of the pinpoint */
    EXPECT_ERR("ref:\"46/2014/NĐ-CP Điều\"", 20, "cannot read the pinpoint 'Điều' at column 20");
    EXPECT_ERR("ref:\"46/2014/NĐ-CP điểm h Điều 19\"", 20, "pinpoint");
    EXPECT_ERR("ref:\"46/2014/NĐ-CP d19.x\"", 20, "pinpoint 'd19.x'");
    EXPECT_ERR("ref:\"46/2014/NĐ-CP d19.1.h.2\"", 20, "pinpoint");
    EXPECT_ERR("ref:\"46/2014/NĐ-CP Điều 19 Điều 20\"", 20, "pinpoint");
    EXPECT_ERR("ref:\"46/2014/NĐ-CP khoản 1\"", 20, "pinpoint");
    EXPECT_ERR("ref:\"46/2014/NĐ-CP Điều mười\"", 20, "pinpoint");
    EXPECT_ERR("ref:\"46/2014/NĐ-CP điểm hh1 khoản 1 Điều 2\"", 20, "pinpoint");
    EXPECT_ERR("x ref:\"10/CT-TTg Điều 1 khoản\"", 18, "pinpoint 'Điều 1 khoản' at column 18");
    EXPECT_ERR("ref:\"Điều mười Nghị định 46/2014/NĐ-CP\"", 6, "cannot read the pinpoint 'Điều mười' at column 6");
    EXPECT_ERR("ref:\"khoản 1 Nghị định 46/2014/NĐ-CP\"", 6, "pinpoint 'khoản 1'");
    /* a word that is no pinpoint keyword stays part of the number */
    EXPECT("ref:\"10/CT-TTg d\xE1\xBB\x83m\"", "(FIELD ref \"10/CT-TTg d\xE1\xBB\x83m\" quoted)");
}
END_TEST

START_TEST(test_dates)
{
    EXPECT("ngay:2020-01-01..2020-12-31", "(FIELD date 2020-01-01..2020-12-31)");
    EXPECT("ngay:2020-01-01..", "(FIELD date 2020-01-01..)");
    EXPECT("ngay:..2020-12-31", "(FIELD date ..2020-12-31)");
    EXPECT("ngay:2020-08-21", "(FIELD date 2020-08-21..2020-08-21)");
    EXPECT("ngay:2020-8-1", "(FIELD date 2020-08-01..2020-08-01)");
    EXPECT("ngay:21/8/2020", "(FIELD date 2020-08-21..2020-08-21)");
    EXPECT("ngay:21-08-2020", "(FIELD date 2020-08-21..2020-08-21)");
    EXPECT("ngay:21.8.2020", "(FIELD date 2020-08-21..2020-08-21)");
    EXPECT("ngay:2020", "(FIELD date 2020-01-01..2020-12-31)");
    EXPECT("ngay:2020-08", "(FIELD date 2020-08-01..2020-08-31)");
    EXPECT("ngay:2020-02", "(FIELD date 2020-02-01..2020-02-29)");
    EXPECT("ngay:2019-02", "(FIELD date 2019-02-01..2019-02-28)");
    EXPECT("ngay:2000-02-29", "(FIELD date 2000-02-29..2000-02-29)");
    EXPECT("ngay:8/2020", "(FIELD date 2020-08-01..2020-08-31)");
    EXPECT("ngay:2020-04", "(FIELD date 2020-04-01..2020-04-30)");
    EXPECT("ngay:1/1/2020..31/12/2020", "(FIELD date 2020-01-01..2020-12-31)");
    EXPECT("ngay:2019..2020", "(FIELD date 2019-01-01..2020-12-31)");
    EXPECT("ngay:2019-03..2020-06", "(FIELD date 2019-03-01..2020-06-30)");
    EXPECT("ngay:2020..", "(FIELD date 2020-01-01..)");
    EXPECT("ngay:..2020", "(FIELD date ..2020-12-31)");
    EXPECT("ngay:..21/8/2020", "(FIELD date ..2020-08-21)");
    EXPECT("ngay:2020-08-21..2020-08-21", "(FIELD date 2020-08-21..2020-08-21)");
    EXPECT("ngay:\"2020-08-21\"", "(FIELD date 2020-08-21..2020-08-21)");
    EXPECT("ngay:\" 2020-01-01..2020-06-30 \"", "(FIELD date 2020-01-01..2020-06-30)");
    EXPECT("date:2020-01-01..2020-12-31 tín",
           "(AND (FIELD date 2020-01-01..2020-12-31) " T("tín") ")");
    EXPECT("nam:2019..2021", "(FIELD year 2019-01-01..2021-12-31)");
    EXPECT("nam:..2021", "(FIELD year ..2021-12-31)");
    EXPECT("nam:2019..", "(FIELD year 2019-01-01..)");
    EXPECT("(nam:2020)", "(FIELD year 2020-01-01..2020-12-31)");

    vb_qnode_t *n = NULL;
    const char *q = "ngay:..2020-12-31";
    ck_assert_int_eq(vb_qparse(q, strlen(q), &n, NULL, 0, NULL), VB_OK);
    ck_assert_str_eq(n->lo, "");
    ck_assert_str_eq(n->hi, "2020-12-31");
    ck_assert_str_eq(n->text, "..2020-12-31");
    ck_assert_int_eq(n->field, VB_QF_DATE);
    vb_qnode_free(n);

    /* bad dates and years */
    EXPECT_ERR("ngay:2020-13-01", 6, "invalid date '2020-13-01' at column 6");
    EXPECT_ERR("ngay:2020-02-30", 6, "invalid date '2020-02-30'");
    EXPECT_ERR("ngay:2019-02-29", 6, "invalid date");
    EXPECT_ERR("ngay:1900-02-29", 6, "invalid date");
    EXPECT_ERR("ngay:2020-04-31", 6, "invalid date");
    EXPECT_ERR("ngay:2020-00-10", 6, "invalid date");
    EXPECT_ERR("ngay:2020-13", 6, "invalid date");
    EXPECT_ERR("ngay:32/1/2020", 6, "invalid date");
    EXPECT_ERR("ngay:0000", 6, "invalid date");
    EXPECT_ERR("ngay:20", 6, "invalid date");
    EXPECT_ERR("ngay:2020-01/01", 6, "invalid date");
    EXPECT_ERR("ngay:2020-01-01-01", 6, "invalid date");
    EXPECT_ERR("ngay:hôm_nay", 6, "invalid date 'hôm_nay'");
    EXPECT_ERR("x ngay:2020-01-01..2020-13-01", 20, "invalid date '2020-13-01' at column 20");
    EXPECT_ERR("ngay:2020-01-01...2020-02-01", 18, "invalid date");
    EXPECT_ERR("ngay:2020-12-31..2020-01-01", 6, "ends before it starts");
    EXPECT_ERR("ngay:..", 6, "empty date range");
    EXPECT_ERR("ngay:\"\"", 1, "empty value for field 'ngay:'");
    EXPECT_ERR("nam:20", 5, "a year must have 4 digits: '20' at column 5");
    EXPECT_ERR("nam:20201", 5, "4 digits");
    EXPECT_ERR("nam:abcd", 5, "4 digits");
    EXPECT_ERR("nam:2020-01", 5, "4 digits");
    EXPECT_ERR("nam:0000", 5, "4 digits");
    EXPECT_ERR("nam:2019..20", 11, "4 digits: '20' at column 11");
    EXPECT_ERR("nam:2021..2019", 5, "ends before it starts");

    /* years run from 1900 to 2100 (text/date.h), for every form */
    EXPECT("nam:1900..2100", "(FIELD year 1900-01-01..2100-12-31)");
    EXPECT("ngay:1/1/1900..31/12/2100", "(FIELD date 1900-01-01..2100-12-31)");
    EXPECT("ngay:2100-02", "(FIELD date 2100-02-01..2100-02-28)");
    EXPECT_ERR("nam:1899", 5, "invalid year '1899' at column 5 (years run from 1900 to 2100)");
    EXPECT_ERR("nam:2150", 5, "invalid year '2150'");
    EXPECT_ERR("nam:1850..2020", 5, "invalid year '1850' at column 5");
    EXPECT_ERR("nam:2019..2101", 11, "invalid year '2101' at column 11");
    EXPECT_ERR("ngay:2150", 6, "invalid date '2150' at column 6 (years run from 1900 to 2100)");
    EXPECT_ERR("ngay:1/1/2150", 6, "invalid date '1/1/2150' at column 6 (years run");
    EXPECT_ERR("ngay:2/1899", 6, "invalid date '2/1899' at column 6 (years run");
    EXPECT_ERR("ngay:2101-01", 6, "(years run");
    EXPECT_ERR("ngay:2101-01-01", 6, "(years run");
    EXPECT_ERR("ngay:2020-01-01..1/1/2150", 18, "invalid date '1/1/2150' at column 18 (years run");
    /* a day that does not exist is reported as such, whatever its year */
    EXPECT_ERR("ngay:31/2/2020", 6, "invalid date '31/2/2020' at column 6 (use ");
    EXPECT_ERR("ngay:31/2/2150", 6, "(use ");
    EXPECT_ERR("ngay:2150-04-31", 6, "(use ");
}
END_TEST

/* ------------------------------------------------------------------ errors */

START_TEST(test_errors)
{
    /* quotes */
    EXPECT_ERR("tín \"dụng", 5, "unbalanced quote opened at column 5");
    EXPECT_ERR("a b \"c d", 5, "unbalanced quote opened at column 5");
    EXPECT_ERR("tín “dụng", 5, "unbalanced quote opened at column 5");
    EXPECT_ERR("\"a\" \"b", 5, "unbalanced quote");
    EXPECT_ERR("x -\"a", 4, "unbalanced quote opened at column 4");
    EXPECT_ERR("loai:\"chỉ thị", 6, "unbalanced quote opened at column 6");
    /* parentheses */
    EXPECT_ERR("(a b", 1, "unbalanced parenthesis opened at column 1");
    EXPECT_ERR("x (a (b)", 3, "unbalanced parenthesis opened at column 3");
    EXPECT_ERR("x (", 3, "unbalanced parenthesis opened at column 3");
    EXPECT_ERR("a b)", 4, "')' at column 4 has no '('");
    EXPECT_ERR(") a", 1, "')' at column 1 has no '('");
    EXPECT_ERR("(a))", 4, "')' at column 4");
    EXPECT_ERR("x -)", 4, "')' at column 4");
    EXPECT_ERR("()", 1, "empty parentheses at column 1");
    EXPECT_ERR("tín ( )", 5, "empty parentheses at column 5");
    EXPECT_ERR("a -()", 4, "empty parentheses");
    EXPECT_ERR("( , )", 1, "empty parentheses");
    /* operators without operands */
    EXPECT_ERR("a AND", 3, "AND at column 3 needs a term after it");
    EXPECT_ERR("AND a", 1, "AND at column 1 needs a term before it");
    EXPECT_ERR("a OR", 3, "OR at column 3 needs a term after it");
    EXPECT_ERR("OR b", 1, "OR at column 1 needs a term before it");
    EXPECT_ERR("a OR OR b", 3, "OR at column 3 needs a term after it");
    EXPECT_ERR("a AND OR b", 3, "AND at column 3 needs a term after it");
    EXPECT_ERR("a AND AND b", 3, "AND at column 3 needs a term after it");
    EXPECT_ERR("a OR AND b", 3, "OR at column 3 needs a term after it");
    EXPECT_ERR("(a AND) b", 4, "AND at column 4 needs a term after it");
    EXPECT_ERR("(OR a)", 2, "OR at column 2 needs a term before it");
    EXPECT_ERR("NOT", 1, "NOT at column 1 needs a term after it");
    EXPECT_ERR("a NOT", 3, "NOT at column 3 needs a term after it");
    EXPECT_ERR("a NOT NOT", 7, "NOT at column 7 needs a term after it");
    EXPECT_ERR("a NOT OR b", 3, "NOT at column 3 needs a term after it");
    EXPECT_ERR("(a NOT)", 4, "NOT at column 4 needs a term after it");
    /* fields */
    EXPECT_ERR("so:", 1, "empty value for field 'so:' at column 1");
    EXPECT_ERR("x SO: y", 3, "empty value for field 'SO:' at column 3");
    EXPECT_ERR("so:\"\"", 1, "empty value for field 'so:'");
    EXPECT_ERR("so:\"  \"", 1, "empty value for field");
    EXPECT_ERR("(so:)", 2, "empty value for field 'so:'");
    EXPECT_ERR("loai:(x)", 1, "empty value for field 'loai:'");
    EXPECT_ERR("so:...", 1, "empty value");
    EXPECT_ERR("xyz:abc", 1, "unknown field 'xyz:' at column 1 (known: số, loại, cơ quan, giao, "
               "chủ trì, gửi, trích dẫn, người ký, năm, ngày, chủ đề, vai trò, hiệu lực, number, type, "
               "issuer, assignee, lead, to, ref, signer, year, date, topic, role, effective; diacritics optional)");
    EXPECT_ERR("tín dụng Xyz:\"a b\"", 10, "unknown field 'Xyz:'");
    EXPECT_ERR("x -author:abc", 4, "unknown field 'author:'");
    /* empty queries */
    EXPECT_ERR("", 1, "the query is empty");
    EXPECT_ERR("   \t\n", 1, "the query is empty");
    EXPECT_ERR(", . ; - --", 1, "the query is empty");
    EXPECT_ERR("\"\"", 1, "the query is empty");
    /* only exclusions */
    EXPECT_ERR("-x", 1, "a query needs at least one positive term");
    EXPECT_ERR("-x -y", 1, "a query needs at least one positive term");
    EXPECT_ERR("NOT x", 1, "a query needs at least one positive term");
    EXPECT_ERR("(-x -y)", 2, "a query needs at least one positive term");
    EXPECT_ERR("-x OR -y", 1, "a query needs at least one positive term");
    EXPECT_ERR("-so:1", 1, "positive term");
    EXPECT_ERR("a OR -b", 6, "the OR alternative at column 6 only excludes");
    EXPECT_ERR("a OR (-b -c)", 7, "OR alternative at column 7");
    EXPECT_ERR("x -(-a -b)", 3, "the exclusion at column 3 needs at least one positive term");
    /* invalid UTF-8 */
    EXPECT_ERR("ab\xC3", 3, "invalid UTF-8 (byte 0xC3) at column 3");
    EXPECT_ERR("tín \xFF", 5, "invalid UTF-8 (byte 0xFF) at column 5");
    EXPECT_ERR("\xC3\x28", 1, "invalid UTF-8");
    EXPECT_ERR("a \xED\xA0\x80", 3, "invalid UTF-8");       /* surrogate */
    EXPECT_ERR("a \xC0\xAF", 3, "invalid UTF-8");           /* overlong '/' */
    EXPECT_ERR("\"abc \x80\"", 6, "invalid UTF-8 (byte 0x80)");
}
END_TEST

START_TEST(test_nesting)
{
    char q[512];
    size_t o = 0;
    /* 100 levels: fine */
    for (int i = 0; i < 100; i++) q[o++] = '(';
    q[o++] = 'a';
    for (int i = 0; i < 100; i++) q[o++] = ')';
    q[o] = '\0';
    EXPECT(q, T("a"));
    /* 101 levels: too deep, at the 101st '(' */
    o = 0;
    for (int i = 0; i < 101; i++) q[o++] = '(';
    q[o++] = 'a';
    for (int i = 0; i < 101; i++) q[o++] = ')';
    q[o] = '\0';
    EXPECT_ERR(q, 101, "too deeply nested");
    /* alternating AND/OR nesting with exclusions */
    o = 0;
    for (int i = 0; i < 50; i++) {
        memcpy(q + o, "x OR -(", 7);
        o += 7;
    }
    q[o++] = 'a';
    for (int i = 0; i < 50; i++) q[o++] = ')';
    q[o] = '\0';
    EXPECT_ERR(q, 6, "the OR alternative at column 6 only excludes");
    /* long runs of NOT are not recursion */
    vb_buf_t b = { 0 };
    vb_buf_puts(&b, "x");
    for (int i = 0; i < 15001; i++) vb_buf_puts(&b, " NOT");
    vb_buf_puts(&b, " y");
    char *got = run(b.data);
    ck_assert_str_eq(got, "(AND " T("x") " (NOT " T("y") "))");
    free(got);
    vb_buf_free(&b);
}
END_TEST

START_TEST(test_errbuf)
{
    vb_qnode_t *n = (vb_qnode_t *)0x1;
    char err[16];
    size_t col = 0;
    const char *q = "tín “dụng";
    /* a short buffer gets a cut message, on a character boundary */
    ck_assert_int_eq(vb_qparse(q, strlen(q), &n, err, sizeof err, &col), VB_ERR_QUERY_SYNTAX);
    ck_assert_ptr_eq(n, (vb_qnode_t *)0x1);      /* untouched */
    ck_assert_uint_eq(col, 5);
    ck_assert_str_eq(err, "unbalanced quot");
    char tiny[1] = { 'x' };
    ck_assert_int_eq(vb_qparse(q, strlen(q), &n, tiny, 1, NULL), VB_ERR_QUERY_SYNTAX);
    ck_assert_int_eq(tiny[0], '\0');
    /* a cut inside a multi-byte character backs off to its start */
    char e2[30];
    const char *q2 = "ngay:ệệệệệệệệ";   /* "invalid date 'ệ" ... */
    ck_assert_int_eq(vb_qparse(q2, strlen(q2), &n, e2, sizeof e2, &col), VB_ERR_QUERY_SYNTAX);
    ck_assert_uint_eq(col, 6);
    size_t L = strlen(e2);
    ck_assert_uint_lt(L, sizeof e2);
    /* it must be valid UTF-8: no trailing lead byte without its continuation */
    for (size_t i = 0; i < L;) {
        uint32_t cp;
        size_t k = vb_utf8_decode((const unsigned char *)e2 + i, L - i, &cp);
        ck_assert_uint_ne(cp, 0xFFFD);
        i += k;
    }
    /* invalid arguments */
    ck_assert_int_eq(vb_qparse(NULL, 3, &n, NULL, 0, NULL), VB_ERR_INVALID_ARG);
    ck_assert_int_eq(vb_qparse("a", 1, NULL, NULL, 0, NULL), VB_ERR_INVALID_ARG);
    ck_assert_int_eq(vb_qparse(NULL, 0, &n, err, sizeof err, &col), VB_ERR_QUERY_SYNTAX);
    ck_assert_str_eq(err, "the query is em");
    ck_assert_uint_eq(col, 1);
    ck_assert_uint_eq(vb_qnode_describe(NULL, NULL), 0);
    vb_buf_t b = { 0 };
    ck_assert_uint_eq(vb_qnode_describe(NULL, &b), 2);
    ck_assert_str_eq(b.data, "()");
    vb_buf_free(&b);
}
END_TEST

/* ------------------------------------------------------------------ size and garbage */


START_TEST(test_large)
{
    size_t big = 1u << 20;
    char *q = malloc(big + 1);
    ck_assert_ptr_nonnull(q);
    for (size_t i = 0; i < big; i++) q[i] = "t\xC3\xADn "[i % 5];
    q[big] = '\0';
    char *got = run_len(q, big);
    ck_assert_str_eq(got, "ERR 1: the query is too long: 1048576 bytes (at most 65536)");
    free(got);

    /* just under the limit: many words, many ORs, many quotes — all fast */
    static const char *const units[] = { "tín ", "a OR ", "\"x y\" ", "-b c ", "(d) ", "so:1/A " };
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        size_t ul = strlen(units[u]), n = 0;
        while (n + ul <= VB_QUERY_MAX - 1) { memcpy(q + n, units[u], ul); n += ul; }
        q[n++] = 'z';
        vb_qnode_t *root = NULL;
        char err[256];
        vb_status_t st = vb_qparse(q, n, &root, err, sizeof err, NULL);
        ck_assert_msg(st == VB_OK, "unit %zu: %s", u, err);
        /* a run of bare words is one TERM; everything else makes a wide AND or OR */
        if (u == 0) ck_assert_int_eq(root->kind, VB_QN_TERM);
        else {
            ck_assert(root->kind == VB_QN_AND || root->kind == VB_QN_OR);
            ck_assert_uint_gt(root->nkids, 1000);
        }
        vb_qnode_free(root);
    }
    /* 64 KiB of '(' is an error, not a stack overflow */
    memset(q, '(', VB_QUERY_MAX);
    got = run_len(q, VB_QUERY_MAX);
    ck_assert_str_eq(got, "ERR 101: too deeply nested: more than 100 parentheses at column 101");
    free(got);
    /* and 64 KiB of quotes or dashes */
    memset(q, '"', VB_QUERY_MAX);
    got = run_len(q, VB_QUERY_MAX);
    ck_assert_str_eq(got, "ERR 1: the query is empty");
    free(got);
    memset(q, '-', VB_QUERY_MAX);
    got = run_len(q, VB_QUERY_MAX);
    ck_assert_str_eq(got, "ERR 1: the query is empty");
    free(got);
    free(q);
}
END_TEST

/* Structural invariants of a parsed tree. */
static void check_tree(const vb_qnode_t *n, int depth)
{
    ck_assert_int_lt(depth, 400);
    ck_assert_uint_ge(n->column, 1);
    switch (n->kind) {
    case VB_QN_TERM: case VB_QN_PHRASE:
        ck_assert_ptr_nonnull(n->text);
        ck_assert_uint_eq(n->nkids, 0);
        break;
    case VB_QN_FIELD:
        ck_assert_ptr_nonnull(n->text);
        ck_assert(n->field > VB_QF_NONE && n->field < VB_QF_COUNT_);
        if (n->field == VB_QF_NUMBER || n->field == VB_QF_REF) ck_assert_ptr_nonnull(n->number);
        if (n->field == VB_QF_YEAR || n->field == VB_QF_DATE) ck_assert(n->lo[0] || n->hi[0]);
        break;
    case VB_QN_NOT:
        ck_assert_uint_eq(n->nkids, 1);
        ck_assert_int_ne(n->kids[0]->kind, VB_QN_NOT);
        check_tree(n->kids[0], depth + 1);
        break;
    case VB_QN_AND: case VB_QN_OR:
        ck_assert_uint_ge(n->nkids, 2);
        for (size_t i = 0; i < n->nkids; i++) {
            ck_assert_int_ne(n->kids[i]->kind, n->kind);
            check_tree(n->kids[i], depth + 1);
        }
        break;
    }
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

START_TEST(test_garbage)
{
    static const char *const pieces[] = {
        "a", "tín", " ", " ", "(", ")", "\"", "“", "”", "-", ":", "AND", "OR", "NOT", "so:",
        "ref:", "ngay:", "nam:", "xyz:", "..", "2020", "-08", "/", "d19", "Điều", " khoản 1",
        "\t", "\xC3", "\xFF", "\x80", "\xE2\x80", ".", ",", "0", "\x01", "\xC2\xA0", "ệ",
    };
    const size_t np = sizeof pieces / sizeof pieces[0];
    char q[256];
    unsigned ok = 0, bad = 0;
    for (int iter = 0; iter < 6000; iter++) {
        size_t n = 0;
        size_t want = rnd() % 40;
        int raw = iter % 3 == 0;            /* a third are plain random bytes */
        for (size_t k = 0; k < want; k++) {
            if (raw) {
                q[n++] = (char)(rnd() & 0xFF);
            } else {
                const char *s = pieces[rnd() % np];
                size_t L = strlen(s);
                if (n + L >= sizeof q) break;
                memcpy(q + n, s, L);
                n += L;
            }
        }
        vb_qnode_t *root = NULL;
        char err[128];
        size_t col = 0;
        vb_status_t st = vb_qparse(q, n, &root, err, sizeof err, &col);
        ck_assert_msg(st == VB_OK || st == VB_ERR_QUERY_SYNTAX, "status %d", (int)st);
        if (st == VB_OK) {
            ok++;
            check_tree(root, 0);
            vb_buf_t b = { 0 };
            ck_assert_uint_gt(vb_qnode_describe(root, &b), 0);
            vb_buf_free(&b);
            vb_qnode_free(root);
        } else {
            bad++;
            ck_assert_ptr_null(root);
            ck_assert_uint_ge(col, 1);
            ck_assert_uint_le(col, n + 1);
            ck_assert(err[0] != '\0');
        }
    }
    ck_assert_uint_gt(ok, 100);
    ck_assert_uint_gt(bad, 100);
}
END_TEST

static Suite *qparse_suite(void)
{
    Suite *s = suite_create("qparse");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_words);
    tcase_add_test(tc, test_precedence);
    tcase_add_test(tc, test_columns);
    tcase_add_test(tc, test_phrases);
    tcase_add_test(tc, test_field_aliases);
    tcase_add_test(tc, test_fields_in_context);
    tcase_add_test(tc, test_field_vietnamese);
    tcase_add_test(tc, test_field_unknown);
    tcase_add_test(tc, test_field_colon_text);
    tcase_add_test(tc, test_field_multiword);
    tcase_add_test(tc, test_numbers);
    tcase_add_test(tc, test_pinpoints);
    tcase_add_test(tc, test_dates);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_nesting);
    tcase_add_test(tc, test_errbuf);
    tcase_add_test(tc, test_large);
    tcase_add_test(tc, test_garbage);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return vb_test_run(qparse_suite());
}
