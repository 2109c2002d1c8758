/* Roles of citations and the document's entry into force (issue 18): sentences from real
 * documents of the corpus (158/2025/NĐ-CP, 51/2024/QH15, 15/2024/TT-BLĐTBXH, VBHN 463, …), also
 * typed without diacritics and wrapped over lines. */
#include "testutil.h"
#include "vanban.h"

static vb_doc_t *parse_str(const char *s)
{
    vb_doc_t *d = NULL;
    ck_assert_int_eq(vb_doc_parse(s, strlen(s), &d), VB_OK);
    ck_assert_ptr_nonnull(d);
    return d;
}

/* the first citation of NUMBER (or by NAME when NUMBER is NULL) standing in clause PATH (NULL: any) */
static const vb_citation_t *cite(const vb_doc_t *d, const char *number, const char *name, const char *path)
{
    for (size_t i = 0; i < d->citation_count; i++) {
        const vb_citation_t *c = &d->citations[i];
        if (number && (!c->number || strcmp(c->number, number))) continue;
        if (!number && (!c->name || strcmp(c->name, name))) continue;
        if (path && (!c->clause || strcmp(c->clause, path))) continue;
        return c;
    }
    ck_abort_msg("no citation %s in %s", number ? number : name, path ? path : "(any clause)");
    return NULL;
}

static void role_is(const vb_citation_t *c, vb_cite_role_t want)
{
    ck_assert_msg(c->role == want, "%s at line %u: role %s, want %s", c->number ? c->number : c->name, c->line,
                  vb_cite_role_name(c->role), vb_cite_role_name(want));
}

static void str_eq(const char *got, const char *want)
{
    if (!want) { ck_assert_msg(!got, "got [%s], want none", got); return; }
    ck_assert_msg(got && !strcmp(got, want), "got [%s], want [%s]", got ? got : "(null)", want);
}

static int has_path(const char *list, const char *p)
{
    size_t n = strlen(p);
    for (const char *s = list; s && *s;) {
        const char *e = strchr(s, ',');
        size_t l = e ? (size_t)(e - s) : strlen(s);
        if (l == n && !strncmp(s, p, n)) return 1;
        s = e ? e + 1 : NULL;
    }
    return 0;
}

/* --------------------------------------------------------------- names */

START_TEST(test_names)
{
    vb_cite_role_t r;
    ck_assert_int_eq(vb_cite_role_parse("sửa đổi", strlen("sửa đổi"), &r), VB_OK);
    ck_assert_int_eq(r, VB_CITE_SUA_DOI);
    ck_assert_int_eq(vb_cite_role_parse("het_hieu_luc", 12, &r), VB_OK);
    ck_assert_int_eq(r, VB_CITE_HET_HIEU_LUC);
    ck_assert_int_eq(vb_cite_role_parse("repeals", 7, &r), VB_OK);
    ck_assert_int_eq(r, VB_CITE_BAI_BO);
    ck_assert_int_eq(vb_cite_role_parse("xyz", 3, &r), VB_ERR_INVALID_ARG);
    str_eq(vb_cite_role_name(VB_CITE_HOP_NHAT), "hop_nhat");
    ck_assert_ptr_null(vb_cite_role_name(VB_CITE_ROLE_COUNT));
}
END_TEST

/* --------------------------------------------------------------- basis, guidance, cessation */

static const char ND158[] =
    "CHÍNH PHỦ\n\nSố: 158/2025/NĐ-CP\n\nHà Nội, ngày 25 tháng 6 năm 2025\n\nNGHỊ ĐỊNH\n"
    "Quy định chi tiết và hướng dẫn thi hành một số điều của Luật Bảo hiểm xã hội về bảo hiểm xã hội bắt buộc\n\n"
    "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\n\n"
    "Căn cứ Nghị định số 78/2025/NĐ-CP ngày 01 tháng 4 năm 2025 của Chính phủ quy định chi tiết một số điều và\n"
    "biện pháp để tổ chức, hướng dẫn thi hành Luật Ban hành văn bản quy phạm pháp luật (được sửa đổi, bổ sung tại\n"
    "Nghị định số 187/2025/NĐ-CP ngày 01 tháng 7 năm 2025);\n\n"
    "Theo đề nghị của Bộ trưởng Bộ Nội vụ;\n\n"
    "Chính phủ ban hành Nghị định quy định chi tiết và hướng dẫn thi hành một số điều của Luật Bảo hiểm xã hội.\n\n"
    "Điều 1. Phạm vi điều chỉnh\n"
    "Nghị định này quy định chi tiết và hướng dẫn thi hành một số điều của Luật Bảo hiểm xã hội về bảo hiểm xã\n"
    "hội bắt buộc; điểm 13 của Nghị quyết số 142/2024/QH15 ngày 29 tháng 6 năm 2024 của Quốc hội.\n\n"
    "Điều 2. Đối tượng áp dụng\n"
    "Người lao động theo quy định tại khoản 1 Điều 2 của Luật Bảo hiểm xã hội và theo hướng dẫn tại Công văn số\n"
    "1234/BNV-BHXH ngày 02 tháng 5 năm 2025 của Bộ Nội vụ.\n\n"
    "Điều 3. Hiệu lực thi hành\n"
    "1. Nghị định này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025.\n"
    "2. Kể từ ngày Nghị định này có hiệu lực thi hành, các Nghị định của Chính phủ và các điều khoản sau đây\n"
    "hết hiệu lực thi hành:\n"
    "a) Nghị định số 115/2015/NĐ-CP ngày 11 tháng 11 năm 2015 của Chính phủ quy định chi tiết một số điều của\n"
    "Luật Bảo hiểm xã hội về bảo hiểm xã hội bắt buộc;\n"
    "b) khoản 1, 3 Điều 7 và khoản 2 Điều 8 của Nghị định số 135/2020/NĐ-CP ngày 18 tháng 11 năm 2020 của\n"
    "Chính phủ quy định về tuổi nghỉ hưu.\n";

START_TEST(test_basis_guides_expires)
{
    vb_doc_t *d = parse_str(ND158);
    role_is(cite(d, "78/2025/NĐ-CP", NULL, NULL), VB_CITE_CAN_CU);
    /* an amender of the basis is basis too; a law inside the basis's description is only cited */
    role_is(cite(d, "187/2025/NĐ-CP", NULL, NULL), VB_CITE_CAN_CU);
    role_is(cite(d, NULL, "Luật Ban hành văn bản quy phạm pháp luật", NULL), VB_CITE_DAN_CHIEU);
    /* title, enacting formula, Điều 1 (and its ';' items) */
    role_is(cite(d, NULL, "Luật Bảo hiểm xã hội", "h"), VB_CITE_HUONG_DAN);
    role_is(cite(d, NULL, "Luật Bảo hiểm xã hội", "d1"), VB_CITE_HUONG_DAN);
    role_is(cite(d, "142/2024/QH15", NULL, NULL), VB_CITE_HUONG_DAN);
    /* elsewhere a reference; "theo hướng dẫn tại Công văn" guides this one, not the other way */
    role_is(cite(d, NULL, "Luật Bảo hiểm xã hội", "d2"), VB_CITE_DAN_CHIEU);
    role_is(cite(d, "1234/BNV-BHXH", NULL, NULL), VB_CITE_DAN_CHIEU);
    /* the list of what ceases, from the entry into force; a law in a ceasing decree's title is only cited */
    str_eq(d->effective, "2025-07-01");
    const vb_citation_t *c = cite(d, "115/2015/NĐ-CP", NULL, NULL);
    role_is(c, VB_CITE_HET_HIEU_LUC);
    str_eq(c->from, "2025-07-01");
    role_is(cite(d, NULL, "Luật Bảo hiểm xã hội", "d3.2.a"), VB_CITE_DAN_CHIEU);
    int seen7 = 0;
    for (size_t i = 0; i < d->citation_count; i++) {
        const vb_citation_t *x = &d->citations[i];
        if (!x->number || strcmp(x->number, "135/2020/NĐ-CP")) continue;
        role_is(x, VB_CITE_HET_HIEU_LUC);
        if (has_path(x->affects, "d7.1")) seen7 = 1;
    }
    ck_assert_msg(seen7, "135/2020/NĐ-CP: the parts that cease");
    vb_doc_free(d);
}
END_TEST

/* --------------------------------------------------------------- amendments */

START_TEST(test_amends_and_repeals)
{
    vb_doc_t *d = parse_str(
        "QUỐC HỘI\n\nLuật số: 51/2024/QH15\n\nLUẬT\nSỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT BẢO HIỂM Y TẾ\n\n"
        "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n\n"
        "Quốc hội ban hành Luật sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế số 25/2008/QH12 đã được sửa\n"
        "đổi, bổ sung một số điều theo Luật số 32/2013/QH13, Luật số 46/2014/QH13.\n\n"
        "Điều 1. Sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế\n"
        "1. Bổ sung khoản 9 vào sau khoản 8 Điều 2 như sau:\n"
        "“9. Mức tham chiếu là mức tiền do Chính phủ quyết định dùng để tính mức đóng theo quy định của Luật\n"
        "Bảo hiểm xã hội.”.\n"
        "2. Sửa đổi, bổ sung khoản 2 Điều 3 như sau:\n"
        "“2. Mức đóng bảo hiểm y tế được xác định theo tỷ lệ phần trăm của tiền lương.”.\n\n"
        "Điều 2. Sửa đổi, bổ sung Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở số 30/2023/QH15\n"
        "Bãi bỏ khoản 2 Điều 32 của Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở số 30/2023/QH15.\n\n"
        "Điều 3. Hiệu lực thi hành\n"
        "Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025, trừ trường hợp quy định tại khoản 2 Điều này.\n"
        "Khoản 2 Điều 1 của Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026.\n");
    const vb_citation_t *c = cite(d, "25/2008/QH12", NULL, NULL);
    role_is(c, VB_CITE_SUA_DOI);
    ck_assert_msg(has_path(c->affects, "d3.2") && has_path(c->affects, "d2.8"), "affects [%s]", c->affects);
    /* earlier amenders are history, a law in quoted new wording is only cited */
    role_is(cite(d, "32/2013/QH13", NULL, NULL), VB_CITE_DAN_CHIEU);
    role_is(cite(d, "46/2014/QH13", NULL, NULL), VB_CITE_DAN_CHIEU);
    role_is(cite(d, NULL, "Luật Bảo hiểm xã hội", NULL), VB_CITE_DAN_CHIEU);
    /* the operative words decide, not the heading */
    for (size_t i = 0; i < d->citation_count; i++)
        if (d->citations[i].number && !strcmp(d->citations[i].number, "30/2023/QH15")) {
            role_is(&d->citations[i], VB_CITE_BAI_BO);
            ck_assert_msg(has_path(d->citations[i].affects, "d32.2"), "affects [%s]", d->citations[i].affects);
        }
    /* several dates: the general one */
    str_eq(d->effective, "2025-07-01");
    vb_doc_free(d);
}
END_TEST

/* "b) Bỏ khoản 2 Điều 4." inside an amending article names no instrument: the one its article amends */
START_TEST(test_implied_repeal)
{
    vb_doc_t *d = parse_str(
        "CHÍNH PHỦ\n\nSố: 158/2025/NĐ-CP\n\nHà Nội, ngày 25 tháng 6 năm 2025\n\nNGHỊ ĐỊNH\nQuy định về bảo hiểm\n\n"
        "Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 58/2020/NĐ-CP ngày 27 tháng 5 năm 2020 của Chính phủ\n"
        "như sau:\n"
        "1. Sửa đổi khoản 1 Điều 4 như sau:\n"
        "“1. Mức đóng bằng 0,5% quỹ tiền lương.”.\n"
        "2. Bỏ khoản 2 Điều 4.\n"
        "3. Bãi bỏ khoản 3 Điều 9; điểm c khoản 1, điểm c khoản 2 và điểm c khoản 3 Điều 10; điểm\n"
        "b khoản 1 Điều 20.\n\n"
        "Điều 2. Hiệu lực thi hành\n"
        "Nghị định này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025.\n");
    role_is(cite(d, "58/2020/NĐ-CP", NULL, "d1"), VB_CITE_SUA_DOI);
    const vb_citation_t *c = cite(d, "58/2020/NĐ-CP", NULL, "d1.2");
    role_is(c, VB_CITE_BAI_BO);
    str_eq(c->affects, "d4.2");
    str_eq(c->from, "2025-07-01");
    /* a list of parts, each point waiting for its khoản and each khoản for its Điều */
    str_eq(cite(d, "58/2020/NĐ-CP", NULL, "d1.3")->affects, "d9.3,d10.1.c,d10.2.c,d10.3.c,d20.1.b");
    vb_doc_free(d);
}
END_TEST

/* --------------------------------------------------------------- replacement, no diacritics, wraps */

START_TEST(test_replaces_plain_and_wrapped)
{
    /* typed without marks */
    vb_doc_t *d = parse_str(
        "UY BAN NHAN DAN TINH CAO BANG\n\nSo: 99/2025/QD-UBND\n\nCao Bang, ngay 28 thang 11 nam 2025\n\n"
        "QUYET DINH\nBan hanh Quy dinh ve don gia\n\n"
        "Dieu 1. Ban hanh kem theo Quyet dinh nay Quy dinh ve don gia boi thuong.\n\n"
        "Dieu 2. Quyet dinh nay co hieu luc thi hanh ke tu ngay ky va thay the Quyet dinh so 32/2010/QD-UBND\n"
        "ngay 15 thang 10 nam 2010 cua Uy ban nhan dan tinh.\n");
    const vb_citation_t *c = cite(d, "32/2010/QD-UBND", NULL, NULL);
    role_is(c, VB_CITE_THAY_THE);
    str_eq(d->effective, "2025-11-28");
    str_eq(c->from, "2025-11-28");
    vb_doc_free(d);
    /* the same with marks, the instrument's number wrapped at the line end */
    d = parse_str(
        "BỘ TÀI CHÍNH\n\nSố: 11/2026/TT-BTC\n\nHà Nội, ngày 10 tháng 2 năm 2026\n\nTHÔNG TƯ\nQuy định mức thu phí\n\n"
        "Điều 5. Hiệu lực thi hành\n"
        "1. Thông tư này có hiệu lực thi hành kể từ ngày 27 tháng 3 năm 2026.\n"
        "2. Thông tư này thay thế Thông tư số 295/2016/TT-\nBTC ngày 15 tháng 11 năm 2016 của Bộ trưởng Bộ Tài chính.\n"
        "3. Bãi bỏ số thứ tự 15 tại Biểu phí quy định tại khoản 1 Điều 1 Thông tư số 64/2025/TT-BTC ngày 30 tháng 6\n"
        "năm 2025 của Bộ trưởng Bộ Tài chính.\n");
    c = cite(d, "295/2016/TT-BTC", NULL, NULL);
    role_is(c, VB_CITE_THAY_THE);
    str_eq(c->from, "2026-03-27");
    role_is(cite(d, "64/2025/TT-BTC", NULL, NULL), VB_CITE_BAI_BO);
    vb_doc_free(d);
}
END_TEST

/* --------------------------------------------------------------- what is no relation */

START_TEST(test_not_relations)
{
    vb_doc_t *d = parse_str(
        "CỤC HẢI QUAN\n\nSố: 40088/CHQ-GSQL\n\nHà Nội, ngày 02 tháng 12 năm 2025\n\nKính gửi: Công ty ABC.\n\n"
        "Căn cứ Điều 10 Nghị định số 43/2017/NĐ-CP ngày 14/4/2017 của Chính phủ, được sửa đổi, bổ sung tại khoản\n"
        "5 Điều 1 Nghị định số 111/2021/NĐ-CP ngày 09/12/2021 thì khi làm thủ tục phải ghi địa chỉ mới.\n\n"
        "Trong thời hạn 30 ngày, doanh nghiệp phải nộp bổ sung tiền ký quỹ theo quy định tại Điều 19 Nghị định\n"
        "số 145/2020/NĐ-CP và gửi hồ sơ trước ngày hết hiệu lực của giấy phép.\n\n"
        "Bộ Nội vụ xây dựng Nghị quyết về tiêu chuẩn của đơn vị hành chính (thay thế Nghị quyết số\n"
        "1211/2016/UBTVQH13 ngày 25/5/2016) và chủ trì xây dựng dự án Luật sửa đổi, bổ sung một số điều của Luật\n"
        "Đất đai số 31/2024/QH15.\n\n"
        "Thông tư số 16/2022/TT-BKHĐT ngưng hiệu lực Thông tư số 09/2021/TT-BKHĐT từ ngày 01/8/2022.\n");
    role_is(cite(d, "43/2017/NĐ-CP", NULL, NULL), VB_CITE_DAN_CHIEU);   /* a công văn reasons */
    role_is(cite(d, "111/2021/NĐ-CP", NULL, NULL), VB_CITE_DAN_CHIEU);  /* history told */
    role_is(cite(d, "145/2020/NĐ-CP", NULL, NULL), VB_CITE_DAN_CHIEU);  /* "nộp bổ sung tiền" */
    role_is(cite(d, "1211/2016/UBTVQH13", NULL, NULL), VB_CITE_DAN_CHIEU);  /* a draft replaces it */
    role_is(cite(d, "31/2024/QH15", NULL, NULL), VB_CITE_DAN_CHIEU);    /* a draft law amends it */
    role_is(cite(d, "09/2021/TT-BKHĐT", NULL, NULL), VB_CITE_DAN_CHIEU); /* suspended by another */
    ck_assert_ptr_null(d->effective);
    vb_doc_free(d);
}
END_TEST

/* --------------------------------------------------------------- consolidated texts */

START_TEST(test_consolidated)
{
    vb_doc_t *d = parse_str(
        "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\n\nSố: 463/VBHN-BLĐTBXH\n\nHà Nội, ngày 10 tháng 02 năm 2025\n\n"
        "THÔNG TƯ\nHướng dẫn quản lý lao động, tiền lương đối với Đài Truyền hình Việt Nam\n\n"
        "Thông tư số 34/2016/TT-BLĐTBXH ngày 25 tháng 10 năm 2016 của Bộ trưởng Bộ Lao động - Thương binh và Xã\n"
        "hội hướng dẫn quản lý lao động, có hiệu lực từ ngày 10 tháng 12 năm 2016, được sửa đổi, bổ sung bởi:\n\n"
        "Thông tư số 12/2024/TT-BLĐTBXH ngày 14 tháng 11 năm 2024 của Bộ trưởng Bộ Lao động - Thương binh và Xã\n"
        "hội, có hiệu lực thi hành từ ngày 29 tháng 12 năm 2024.\n\n"
        "Căn cứ Nghị định số 106/2012/NĐ-CP ngày 20 tháng 12 năm 2012 của Chính phủ;\n\n"
        "Điều 1. Phạm vi điều chỉnh\n"
        "Thông tư này hướng dẫn quản lý lao động theo Nghị định số 51/2016/NĐ-CP ngày 13 tháng 6 năm 2016.\n"
        "Điều 2. Tiền lương\n"
        "1. Tiền lương được xác định theo khoản 1 Điều 3 của Thông tư số 12/2024/TT-BLĐTBXH.\n");
    role_is(cite(d, "34/2016/TT-BLĐTBXH", NULL, NULL), VB_CITE_HOP_NHAT);
    role_is(cite(d, "12/2024/TT-BLĐTBXH", NULL, "p2"), VB_CITE_HOP_NHAT);
    role_is(cite(d, "12/2024/TT-BLĐTBXH", NULL, "d2.1"), VB_CITE_HOP_NHAT);
    role_is(cite(d, "106/2012/NĐ-CP", NULL, NULL), VB_CITE_CAN_CU);
    role_is(cite(d, "51/2016/NĐ-CP", NULL, NULL), VB_CITE_DAN_CHIEU);
    vb_doc_free(d);
}
END_TEST

/* --------------------------------------------------------------- entry into force */

static const char *effective_of(const char *closing)
{
    static char out[16];
    char buf[2048];
    snprintf(buf, sizeof buf,
             "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\n\nSố: 02/2021/TT-BLĐTBXH\n\nHà Nội, ngày 24 tháng 6 năm 2021\n\n"
             "THÔNG TƯ\nHướng dẫn chế độ\n\nĐiều 1. Phạm vi\nThông tư này hướng dẫn chế độ.\n\n"
             "Điều 7. Hiệu lực thi hành\n%s\n", closing);
    vb_doc_t *d = parse_str(buf);
    snprintf(out, sizeof out, "%s", d->effective ? d->effective : "-");
    vb_doc_free(d);
    return out;
}

START_TEST(test_effective)
{
    str_eq(effective_of("1. Thông tư này có hiệu lực sau 45 ngày kể từ ngày ký. Các chế độ, chính sách quy định\n"
                        "tại Thông tư này được áp dụng từ ngày 01 tháng 7 năm 2021."), "2021-08-08");
    str_eq(effective_of("Thông tư này có hiệu lực thi hành kể từ ngày ký ban hành."), "2021-06-24");
    str_eq(effective_of("Thong tu nay co hieu luc thi hanh ke tu ngay 15 thang 8 nam 2021."), "2021-08-15");
    str_eq(effective_of("Thông tư này có hiệu lực thi hành từ ngày\n01/8/2021."), "2021-08-01");
    str_eq(effective_of("Thông tư này có hiệu lực thi hành kể từ ngày 15 tháng 02.năm 2024."), "2024-02-15");
    str_eq(effective_of("1. Khoản 3 Điều 2 có hiệu lực từ ngày 01 tháng 01 năm 2022.\n"
                        "2. Thông tư này có hiệu lực thi hành từ ngày 01 tháng 9 năm 2021."), "2021-09-01");
    str_eq(effective_of("Các chế độ được thực hiện từ ngày 01 tháng 7 năm 2021."), "-");
    /* a law: the adoption date is the date it bears */
    vb_doc_t *d = parse_str("QUỐC HỘI\n\nNghị quyết số: 25/2022/UBTVQH15\n\nHà Nội, ngày 17 tháng 8 năm 2022\n\n"
                            "NGHỊ QUYẾT\nVề chính sách\n\nĐiều 1. Chính sách\nHỗ trợ người lao động.\n\n"
                            "Điều 2. Hiệu lực\nNghị quyết này có hiệu lực thi hành từ ngày thông qua.\n");
    str_eq(d->effective, "2022-08-17");
    vb_doc_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("role");
    TCase *tc = tcase_create("role");
    tcase_add_test(tc, test_names);
    tcase_add_test(tc, test_basis_guides_expires);
    tcase_add_test(tc, test_amends_and_repeals);
    tcase_add_test(tc, test_implied_repeal);
    tcase_add_test(tc, test_replaces_plain_and_wrapped);
    tcase_add_test(tc, test_not_relations);
    tcase_add_test(tc, test_consolidated);
    tcase_add_test(tc, test_effective);
    suite_add_tcase(s, tc);
    return vb_test_run(s);
}
