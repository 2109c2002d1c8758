/* Citations as legal staff write them: pinpoint lists and ranges, numbers wrapped across lines,
 * cited issuers across line breaks, laws cited by name. Sentences from real documents. */
#include "testutil.h"
#include "vanban.h"

static vb_doc_t *parse_str(const char *s)
{
    vb_doc_t *d = NULL;
    ck_assert_int_eq(vb_doc_parse(s, strlen(s), &d), VB_OK);
    ck_assert_ptr_nonnull(d);
    return d;
}

/* the citation of NUMBER (or, NUMBER NULL, of NAME) with pinpoint PIN (NULL: none) */
static const vb_citation_t *find(const vb_doc_t *d, const char *number, const char *name, const char *pin)
{
    for (size_t i = 0; i < d->citation_count; i++) {
        const vb_citation_t *c = &d->citations[i];
        if (number && (!c->number || strcmp(c->number, number))) continue;
        if (!number && (c->number || !c->name || !name || strcmp(c->name, name))) continue;
        if (pin ? (c->pinpoint && !strcmp(c->pinpoint, pin)) : !c->pinpoint) return c;
    }
    return NULL;
}

static const vb_citation_t *must(const vb_doc_t *d, const char *number, const char *pin)
{
    const vb_citation_t *c = find(d, number, NULL, pin);
    ck_assert_msg(c != NULL, "no citation %s %s", number, pin ? pin : "(no pinpoint)");
    return c;
}

static const vb_citation_t *must_name(const vb_doc_t *d, const char *name, const char *pin)
{
    const vb_citation_t *c = find(d, NULL, name, pin);
    ck_assert_msg(c != NULL, "no citation by name [%s] %s", name, pin ? pin : "");
    return c;
}

static size_t count_of(const vb_doc_t *d, const char *number)
{
    size_t n = 0;
    for (size_t i = 0; i < d->citation_count; i++)
        if (d->citations[i].number && !strcmp(d->citations[i].number, number)) n++;
    return n;
}

static void str_eq(const char *got, const char *want)
{
    ck_assert_msg(got && !strcmp(got, want), "got [%s], want [%s]", got ? got : "(null)", want);
}

/* ------------------------------------------------------------- pinpoints */

START_TEST(test_pinpoint_lists)
{
    vb_doc_t *d = parse_str(
        "Trường hợp quy định tại khoản 1 và khoản 2 Điều 10 Nghị định số 115/2015/NĐ-CP thì thực hiện.\n\n"
        "Khoản 2, 3, 4, 5 Điều 27 Nghị định số 140/2025/NĐ-CP được bãi bỏ.\n\n"
        "Thực hiện theo các điều 3, 4, 5, 6, 7, 8 và 9 của Nghị quyết số 193/2025/QH15 của Quốc hội.\n\n"
        "Theo quy định tại Điều 26 và 40 Luật số 55/2014/QH13.\n\n"
        "Bãi bỏ khoản 1, 3 Điều 7 và khoản 2 Điều 8 của Nghị định số 135/2020/NĐ-CP ngày 18 tháng 11 năm 2020 "
        "của Chính phủ.\n\n"
        "Đối tượng tại điểm a, b và d khoản 4 Điều 12 Thông tư số 10/2024/TT-BLĐTBXH.\n");
    must(d, "115/2015/NĐ-CP", "d10.1");
    must(d, "115/2015/NĐ-CP", "d10.2");
    ck_assert_uint_eq(count_of(d, "115/2015/NĐ-CP"), 2);
    for (int k = 2; k <= 5; k++) {
        char p[16];
        snprintf(p, sizeof p, "d27.%d", k);
        must(d, "140/2025/NĐ-CP", p);
    }
    ck_assert_uint_eq(count_of(d, "140/2025/NĐ-CP"), 4);
    for (int k = 3; k <= 9; k++) {
        char p[16];
        snprintf(p, sizeof p, "d%d", k);
        const vb_citation_t *c = must(d, "193/2025/QH15", p);
        str_eq(c->issuer, "Quốc hội");
    }
    ck_assert_uint_eq(count_of(d, "193/2025/QH15"), 7);
    must(d, "55/2014/QH13", "d26");
    must(d, "55/2014/QH13", "d40");
    must(d, "135/2020/NĐ-CP", "d7.1");
    must(d, "135/2020/NĐ-CP", "d7.3");
    const vb_citation_t *c = must(d, "135/2020/NĐ-CP", "d8.2");
    str_eq(c->date, "2020-11-18");
    str_eq(c->issuer, "Chính phủ");
    ck_assert_uint_eq(count_of(d, "135/2020/NĐ-CP"), 3);
    must(d, "10/2024/TT-BLĐTBXH", "d12.4.a");
    must(d, "10/2024/TT-BLĐTBXH", "d12.4.b");
    must(d, "10/2024/TT-BLĐTBXH", "d12.4.d");
    ck_assert_uint_eq(count_of(d, "10/2024/TT-BLĐTBXH"), 3);
    vb_doc_free(d);
}
END_TEST

START_TEST(test_pinpoint_ranges_commas_d)
{
    vb_doc_t *d = parse_str(
        "Các hành vi quy định từ Điều 3 đến Điều 9 Nghị định số 282/2025/NĐ-CP.\n\n"
        "Áp dụng từ điểm a đến điểm đ khoản 1 Điều 4 Thông tư số 02/2025/TT-BTC.\n\n"
        "Thực hiện theo quy định tại điểm c, khoản 2 Điều 2 Quyết định số 1717/QĐ-UBND.\n\n"
        "Căn cứ khoản 5, Điều 15 Thông tư số 08/2023/TT-BXD.\n\n"
        "Trường hợp quy định tại điểm đ khoản 1 Điều 116 Nghị định số 47/2021/NĐ-CP.\n\n"
        "Các điều từ Điều 1 đến Điều 900 Luật số 45/2019/QH14.\n");
    for (int k = 3; k <= 9; k++) {
        char p[16];
        snprintf(p, sizeof p, "d%d", k);
        must(d, "282/2025/NĐ-CP", p);
    }
    ck_assert_uint_eq(count_of(d, "282/2025/NĐ-CP"), 7);
    static const char *const pts[] = { "a", "b", "c", "d", "đ" };
    for (int k = 0; k < 5; k++) {
        char p[16];
        snprintf(p, sizeof p, "d4.1.%s", pts[k]);
        must(d, "02/2025/TT-BTC", p);
    }
    must(d, "1717/QĐ-UBND", "d2.2.c");
    must(d, "08/2023/TT-BXD", "d15.5");
    /* đ is its own point, not d */
    must(d, "47/2021/NĐ-CP", "d116.1.đ");
    ck_assert_ptr_null(find(d, "47/2021/NĐ-CP", NULL, "d116.1.d"));
    /* a range too long to be one is its two ends */
    must(d, "45/2019/QH14", "d1");
    must(d, "45/2019/QH14", "d900");
    ck_assert_uint_eq(count_of(d, "45/2019/QH14"), 2);
    vb_doc_free(d);
}
END_TEST

/* ------------------------------------------------------------- numbers */

START_TEST(test_numbers_wrapped)
{
    vb_doc_t *d = parse_str(
        "Căn cứ Nghị định số 08/2021/NĐ-\nCP ngày 28 tháng 01 năm 2021 của Chính phủ;\n\n"
        "Căn cứ Nghị định số 47/2011/NĐ- CP ngày 17 tháng 6 năm 2011;\n\n"
        "Thông tư số 19/2016/\nTT-BLĐTBXH được sửa đổi.\n\n"
        "Thực hiện Công văn số 8935/BNV-CTTN&BĐG ngày 31/12/2025 và 4814/CCTKV.05-TTKT3 của Chi cục Thuế.\n\n"
        "Theo văn bản số 7201/VPCP-CN ngày 10 tháng 9 năm 2025 của Văn phòng Chính phủ và công văn số "
        "JHDPC/2025/276 của Công ty.\n\n"
        "Ban Chỉ đạo 138/CP tỉnh họp.\n\n"
        "Bãi bỏ khoản 2 và khoản 3 Điều 4 Thông tư nêu trên.\n");
    const vb_citation_t *c = must(d, "08/2021/NĐ-CP", NULL);
    str_eq(c->date, "2021-01-28");
    str_eq(c->issuer, "Chính phủ");
    ck_assert_ptr_null(find(d, "08/2021/NĐ", NULL, NULL));
    must(d, "47/2011/NĐ-CP", NULL);
    must(d, "19/2016/TT-BLĐTBXH", NULL);
    c = must(d, "8935/BNV-CTTN&BĐG", NULL);
    str_eq(c->type, "Công văn");
    c = must(d, "4814/CCTKV.05-TTKT3", NULL);
    str_eq(c->issuer, "Chi cục Thuế");
    c = must(d, "7201/VPCP-CN", NULL);
    str_eq(c->type, "Công văn");
    str_eq(c->issuer, "Văn phòng Chính phủ");
    must(d, "JHDPC/2025/276", NULL);
    for (size_t i = 0; i < d->citation_count; i++)
        ck_assert_msg(!d->citations[i].number || !strstr(d->citations[i].number, "138"), "a body's name cited");
    /* the short form resolves to the one Thông tư before it, one citation per pinpoint */
    must(d, "19/2016/TT-BLĐTBXH", "d4.2");
    must(d, "19/2016/TT-BLĐTBXH", "d4.3");
    ck_assert_uint_eq(count_of(d, "19/2016/TT-BLĐTBXH"), 3);
    vb_doc_free(d);
}
END_TEST

/* ------------------------------------------------------------- issuers */

START_TEST(test_issuers)
{
    vb_doc_t *d = parse_str(
        "Căn cứ Thông tư số 86/2024/TT-BTC ngày 23/12/2024 của Bộ\nTài chính quy định về đăng ký thuế;\n\n"
        "Thực hiện Hướng dẫn số 12-HD/BTGDVTW ngày 5/3/2025 của Ban Tuyên giáo và Dân vận\nTrung ương về tuyên truyền.\n\n"
        "Căn cứ Thông tư số 68/2024/TT-BTC ngày 18 tháng 9 năm 2024 của Bộ trưởng Bộ\nTài chính hướng dẫn.\n\n"
        "Theo Nghị định số 147/2024/NĐ-CP ngày 09 tháng 11 năm 2024 của Chính phủ quản lý, cung cấp dịch vụ.\n\n"
        "Thông tư số 28/2015/TT-BLĐTBXH ngày 31/7/2015 của Bộ trưởng Bộ Lao động -\nThương binh và Xã hội "
        "hướng dẫn.\n\n"
        "Quyết định số 1717/QĐ-UBND ngày 18/12/2024 của UBND tỉnh Bắc Ninh công bố danh mục.\n\n"
        "Thông tư số 01/2023/TT-VPCP ngày 05/4/2023 của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ quy định.\n\n"
        "Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương Đảng khóa XII về tinh gọn.\n");
    str_eq(must(d, "86/2024/TT-BTC", NULL)->issuer, "Bộ Tài chính");
    str_eq(must(d, "12-HD/BTGDVTW", NULL)->issuer, "Ban Tuyên giáo và Dân vận Trung ương");
    str_eq(must(d, "68/2024/TT-BTC", NULL)->issuer, "Bộ trưởng Bộ Tài chính");
    str_eq(must(d, "147/2024/NĐ-CP", NULL)->issuer, "Chính phủ");
    str_eq(must(d, "28/2015/TT-BLĐTBXH", NULL)->issuer, "Bộ trưởng Bộ Lao động - Thương binh và Xã hội");
    str_eq(must(d, "1717/QĐ-UBND", NULL)->issuer, "UBND tỉnh Bắc Ninh");
    str_eq(must(d, "01/2023/TT-VPCP", NULL)->issuer, "Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ");
    str_eq(must(d, "18-NQ/TW", NULL)->issuer, "Ban Chấp hành Trung ương Đảng khóa XII");
    vb_doc_free(d);
}
END_TEST

/* ------------------------------------------------------------- names */

START_TEST(test_names)
{
    vb_doc_t *d = parse_str(
        "Căn cứ Luật Bảo hiểm xã hội ngày 29 tháng 6 năm 2024;\n"
        "Căn cứ Bộ luật Lao động năm 2019;\n"
        "Căn cứ Luật Đất đai số 31/2024/QH15;\n"
        "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Đầu tư công ngày 29 tháng 11 năm 2024;\n"
        "Căn cứ Pháp lệnh Phí và lệ phí số 38/2001/PL-UBTVQH10;\n"
        "Căn cứ Luật An toàn, vệ sinh lao động ngày 25 tháng 6 năm 2015;\n"
        "Căn cứ Luật Việc làm ngày 16 tháng 11 năm 2013;\n"
        "Căn cứ Luật Trách nhiệm bồi thường của Nhà nước ngày 20 tháng 6 năm 2017;\n"
        "Căn cứ Luật Phí và lệ phí;\n"
        "Căn cứ Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025 "
        "của Quốc hội;\n\n"
        "Người lao động theo quy định tại khoản 3 Điều 5 Luật Phòng, chống tham nhũng.\n\n"
        "Người tham gia bảo hiểm theo Luật Bảo hiểm xã hội tham gia bảo hiểm tai nạn lao động.\n\n"
        "Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025. Bộ luật này áp dụng.\n");
    const vb_citation_t *c = must_name(d, "Luật Bảo hiểm xã hội", NULL);
    str_eq(c->type, "Luật");
    str_eq(c->date, "2024-06-29");
    ck_assert_ptr_null(c->number);
    c = must_name(d, "Bộ luật Lao động", NULL);
    str_eq(c->type, "Bộ luật");
    str_eq(c->date, "2019");
    c = must(d, "31/2024/QH15", NULL);
    str_eq(c->name, "Luật Đất đai");
    str_eq(c->type, "Luật");
    c = must_name(d, "Luật sửa đổi, bổ sung một số điều của Luật Đầu tư công", NULL);
    str_eq(c->date, "2024-11-29");
    c = must(d, "38/2001/PL-UBTVQH10", NULL);
    str_eq(c->name, "Pháp lệnh Phí và lệ phí");
    str_eq(c->type, "Pháp lệnh");
    str_eq(must_name(d, "Luật An toàn, vệ sinh lao động", NULL)->date, "2015-06-25");
    must_name(d, "Luật Tổ chức Chính phủ", NULL);
    str_eq(must_name(d, "Luật Việc làm", NULL)->date, "2013-11-16");
    c = must_name(d, "Luật Trách nhiệm bồi thường của Nhà nước", NULL);
    str_eq(c->date, "2017-06-20");
    ck_assert_ptr_null(c->issuer);
    must_name(d, "Luật Phí và lệ phí", NULL);
    c = must_name(d, "Luật Tổ chức chính quyền địa phương", NULL);
    str_eq(c->date, "2025-06-16");
    str_eq(c->issuer, "Quốc hội");
    must_name(d, "Luật Phòng, chống tham nhũng", "d5.3");
    vb_doc_free(d);

    /* a law named again without date or number takes the document's only one */
    d = parse_str("Căn cứ Luật Đất đai số 31/2024/QH15;\nCăn cứ Luật Đầu tư năm 2014;\n"
                  "Căn cứ Luật Đầu tư năm 2020;\n\n"
                  "Theo khoản 2 Điều 5 Luật Đất đai và Điều 3 Luật Đầu tư.\n");
    c = must(d, "31/2024/QH15", "d5.2");
    str_eq(c->name, "Luật Đất đai");
    c = must_name(d, "Luật Đầu tư", "d3");
    ck_assert_ptr_null(c->date);   /* two years: which one is not known */
    vb_doc_free(d);
    d = parse_str("Căn cứ Luật Bảo hiểm xã hội ngày 29 tháng 6 năm 2024;\n\n"
                  "Người tham gia bảo hiểm theo Luật Bảo hiểm xã hội tham gia bảo hiểm tai nạn lao động.\n\n"
                  "Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025. Bộ luật này áp dụng.\n");
    /* a name not ended by a date or number takes the one the document gave in full */
    size_t bhxh = 0;
    for (size_t i = 0; i < d->citation_count; i++) {
        const vb_citation_t *x = &d->citations[i];
        if (x->name) ck_assert_msg(strncmp(x->name, "Luật Bảo hiểm xã hội ", strlen("Luật Bảo hiểm xã hội ")), "run-on name [%s]", x->name);
        if (x->name && !strcmp(x->name, "Luật Bảo hiểm xã hội")) bhxh++;
        /* "Luật này" is the document itself */
        ck_assert_msg(!x->name || (strcmp(x->name, "Luật này") && strcmp(x->name, "Bộ luật này")), "self-reference");
    }
    ck_assert_uint_eq(bhxh, 2);
    for (size_t i = 0; i < d->citation_count; i++) str_eq(d->citations[i].date, "2024-06-29");
    vb_doc_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cite");
    TCase *tc = tcase_create("cite");
    tcase_add_test(tc, test_pinpoint_lists);
    tcase_add_test(tc, test_pinpoint_ranges_commas_d);
    tcase_add_test(tc, test_numbers_wrapped);
    tcase_add_test(tc, test_issuers);
    tcase_add_test(tc, test_names);
    suite_add_tcase(s, tc);
    return vb_test_run(s);
}
