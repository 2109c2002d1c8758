/* Document model: header, clauses, assignees, citations, hostile input. */
#include <stdint.h>
#include <time.h>
#include "testutil.h"
#include "vanban.h"
#include "doc/doc_internal.h"

/* ---------------------------------------------------------------- helpers */

static vb_doc_t *parse_str(const char *s)
{
    vb_doc_t *d = NULL;
    ck_assert_int_eq(vb_doc_parse(s, strlen(s), &d), VB_OK);
    ck_assert_ptr_nonnull(d);
    return d;
}

static const vb_clause_t *clause(const vb_doc_t *d, const char *path)
{
    for (size_t i = 0; i < d->clause_count; i++)
        if (!strcmp(d->clauses[i].path, path)) return &d->clauses[i];
    return NULL;
}

static const vb_clause_t *must_clause(const vb_doc_t *d, const char *path)
{
    const vb_clause_t *c = clause(d, path);
    ck_assert_msg(c != NULL, "no clause %s", path);
    return c;
}

/* The clause's assignees as "body/c|body/p" (c: chu_tri, p: phoi_hop), in order. */
static void assert_assignees(const vb_clause_t *c, const char *want)
{
    char got[2048];
    size_t o = 0;
    got[0] = '\0';
    for (size_t i = 0; i < c->assignee_count && o < sizeof got; i++) {
        int n = snprintf(got + o, sizeof got - o, "%s%s/%c", i ? "|" : "", c->assignees[i].body,
                         c->assignees[i].role == VB_ROLE_PHOI_HOP ? 'p' : 'c');
        if (n < 0) break;
        o += (size_t)n;
    }
    ck_assert_msg(!strcmp(got, want), "assignees of %s: got \"%s\", want \"%s\"", c->path, got, want);
}

static void fold(const char *s, char *buf, size_t cap)
{
    vb_term_fold(s, strlen(s), buf, cap);
}

static int folded_contains(const char *text, const char *needle)
{
    size_t n = strlen(text) + 1;
    char *f = malloc(n * 2 + 16);
    ck_assert_ptr_nonnull(f);
    vb_term_fold(text, strlen(text), f, n * 2 + 16);
    int r = strstr(f, needle) != NULL;
    free(f);
    return r;
}

static void paths_str(const vb_doc_t *d, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < d->clause_count && o + 1 < cap; i++) {
        int w = snprintf(buf + o, cap - o, "%s%s", i ? " " : "", d->clauses[i].path);
        if (w < 0) break;
        o += (size_t)w;
    }
}

static const vb_citation_t *cite(const vb_doc_t *d, const char *number, const char *pin)
{
    for (size_t i = 0; i < d->citation_count; i++) {
        const vb_citation_t *c = &d->citations[i];
        if (!c->number || strcmp(c->number, number)) continue;
        if (pin && (!c->pinpoint || strcmp(c->pinpoint, pin))) continue;
        return c;
    }
    return NULL;
}

/* multiset of folded syllable tokens */
typedef struct {
    char **v;
    size_t n, cap;
} toks_t;

static int tok_cb(const vb_token_t *t, void *data)
{
    toks_t *k = data;
    if (t->kind != VB_TOK_WORD && t->kind != VB_TOK_NUMBER) return 0;
    if (k->n == k->cap) {
        k->cap = k->cap ? k->cap * 2 : 256;
        k->v = realloc(k->v, k->cap * sizeof *k->v);
        ck_assert_ptr_nonnull(k->v);
    }
    k->v[k->n] = malloc(t->folded_len + 1);
    memcpy(k->v[k->n], t->folded, t->folded_len + 1);
    k->n++;
    return 0;
}

static int cmpstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void toks_free(toks_t *k)
{
    for (size_t i = 0; i < k->n; i++) free(k->v[i]);
    free(k->v);
}

/* every word of TEXT in exactly one clause */
static void assert_words_partitioned(const char *text, size_t len, const vb_doc_t *d)
{
    toks_t a = {0}, b = {0};
    ck_assert_int_eq(vb_tokenize(text, len, VB_TOKENIZE_SYLLABLES, 0, tok_cb, &a, NULL), VB_OK);
    for (size_t i = 0; i < d->clause_count; i++)
        ck_assert_int_eq(vb_tokenize(d->clauses[i].text, d->clauses[i].text_len, VB_TOKENIZE_SYLLABLES, 0, tok_cb,
                                     &b, NULL), VB_OK);
    qsort(a.v, a.n, sizeof *a.v, cmpstr);
    qsort(b.v, b.n, sizeof *b.v, cmpstr);
    ck_assert_uint_eq(a.n, b.n);
    for (size_t i = 0; i < a.n; i++) ck_assert_str_eq(a.v[i], b.v[i]);
    toks_free(&a);
    toks_free(&b);
}

static void assert_unique_paths(const vb_doc_t *d)
{
    for (size_t i = 0; i < d->clause_count; i++)
        for (size_t j = i + 1; j < d->clause_count && j < i + 50; j++)
            ck_assert_str_ne(d->clauses[i].path, d->clauses[j].path);
}

/* ---------------------------------------------------------------- seed */

START_TEST(test_seed_header)
{
    size_t len;
    char *text = vb_test_slurp(VB_SEED, &len);
    vb_doc_t *d = NULL;
    ck_assert_int_eq(vb_doc_parse(text, len, &d), VB_OK);
    ck_assert_str_eq(d->number, "5287/BCĐ");
    ck_assert_str_eq(d->type, "Công văn");
    ck_assert_uint_eq(d->issuer_count, 2);
    ck_assert_str_eq(d->issuer[0], "Ủy ban nhân dân thành phố Hải Phòng");
    ck_assert_str_eq(d->issuer[1], "Ban Chỉ đạo 799");
    ck_assert_str_eq(d->place, "Hải Phòng");
    ck_assert_str_eq(d->date, "2020-08-21");
    ck_assert_str_eq(d->subject, "tăng cường công tác phòng, chống tội phạm 6 tháng cuối năm 2020");
    ck_assert_uint_eq(d->recipient_count, 2);
    ck_assert_str_eq(d->recipients[0], "Các Sở, ngành thành viên BCĐ 799 thành phố");
    ck_assert_str_eq(d->recipients[1], "Ủy ban nhân dân các quận, huyện");
    ck_assert_str_eq(d->signer.title, "Phó Chủ tịch Ủy ban nhân dân");
    ck_assert_str_eq(d->signer.name, "Lê Khắc Nam");
    ck_assert_uint_eq(d->cc_count, 7);
    ck_assert_str_eq(d->cc[0], "Như trên");
    ck_assert_str_eq(d->cc[6], "Lưu: VT");
    ck_assert_uint_eq(d->warning_count, 0);
    vb_doc_free(d);
    free(text);
}
END_TEST

START_TEST(test_seed_clauses)
{
    size_t len;
    char *text = vb_test_slurp(VB_SEED, &len);
    vb_doc_t *d = NULL;
    ck_assert_int_eq(vb_doc_parse(text, len, &d), VB_OK);
    char paths[1024];
    paths_str(d, paths, sizeof paths);
    ck_assert_str_eq(paths, "h p1 p2 p3 p3.1 p3.2 p3.3 p3.4 p3.5 p4 p5 1 2 3 4 5 5.1 5.2 5.3 5.4 6 7 c1 f");
    /* "tín dụng đen" stands in p2, 4 and 5.2 and nowhere else */
    for (size_t i = 0; i < d->clause_count; i++) {
        const char *p = d->clauses[i].path;
        int want = !strcmp(p, "p2") || !strcmp(p, "4") || !strcmp(p, "5.2");
        ck_assert_msg(folded_contains(d->clauses[i].text, "tin dung den") == want, "clause %s", p);
    }
    ck_assert_ptr_nonnull(strstr(must_clause(d, "1")->text, "kiểm điểm nghiêm túc trách nhiệm người đứng đầu"));
    ck_assert_ptr_nonnull(strstr(must_clause(d, "5.1")->text, "triển khai thực hiện hiệu quả các Đề án"));
    ck_assert_uint_eq(must_clause(d, "1")->line, 46);
    ck_assert_uint_eq(must_clause(d, "5.2")->line, 66);
    ck_assert_str_eq(must_clause(d, "5.2")->label, "mục 5, ý 2");
    ck_assert_str_eq(must_clause(d, "5")->label, "mục 5");
    /* assignees */
    const char *with[] = { "5", "5.1", "5.2", "5.3", "5.4" };
    for (size_t i = 0; i < 5; i++) {
        const vb_clause_t *c = must_clause(d, with[i]);
        ck_assert_msg(c->assignee && !strcmp(c->assignee, "Công an thành phố"), "assignee of %s", with[i]);
    }
    /* two bodies named in one lead-in: one value each, the class as written */
    assert_assignees(must_clause(d, "6"), "Các Sở, ban, ngành thành viên Ban Chỉ đạo 799 thành phố/c|"
                                          "Ủy ban nhân dân các quận, huyện/c");
    ck_assert_str_eq(must_clause(d, "6")->assignee, "Các Sở, ban, ngành thành viên Ban Chỉ đạo 799 thành phố");
    /* a sub-clause naming its own bodies carries only its own */
    /* (a class qualifier stays with the body: "Tòa án nhân dân hai cấp") */
    assert_assignees(must_clause(d, "5.4"), "Công an thành phố/c|Viện Kiểm sát nhân dân/c|Tòa án nhân dân hai cấp/c");
    /* the preamble that asks bodies to act carries them; the items after it do not inherit */
    assert_assignees(must_clause(d, "p5"), "Các Sở, ban, ngành, địa phương/c");
    /* never the header or the closing block */
    ck_assert_uint_eq(must_clause(d, "h")->assignee_count, 0);
    ck_assert_uint_eq(must_clause(d, "f")->assignee_count, 0);
    const char *without[] = { "1", "2", "3", "4", "7" };
    for (size_t i = 0; i < 5; i++) ck_assert_ptr_null(must_clause(d, without[i])->assignee);
    /* every word in exactly one clause (markdown ** is not a word) */
    assert_words_partitioned(text, len, d);
    vb_doc_free(d);
    free(text);
}
END_TEST

START_TEST(test_seed_citations)
{
    size_t len;
    char *text = vb_test_slurp(VB_SEED, &len);
    vb_doc_t *d = NULL;
    ck_assert_int_eq(vb_doc_parse(text, len, &d), VB_OK);
    ck_assert_uint_eq(d->citation_count, 3);
    const vb_citation_t *c = &d->citations[0];
    ck_assert_str_eq(c->number, "10/CT-TTg");
    ck_assert_str_eq(c->type, "Chỉ thị");
    ck_assert_str_eq(c->date, "2019-04-22");
    ck_assert_str_eq(c->issuer, "Thủ tướng Chính phủ");
    ck_assert_str_eq(c->clause, "3");
    ck_assert_uint_eq(c->line, 54);
    ck_assert_str_eq(c->text, "Chi thị số 10/CT-TTg ngày 22/4/2019 của Thủ tướng Chính phủ");
    ck_assert_ptr_null(c->pinpoint);
    c = &d->citations[1];
    ck_assert_str_eq(c->number, "48-CT/TW");
    ck_assert_str_eq(c->type, "Chỉ thị");
    ck_assert_str_eq(c->date, "2010-10-20");
    ck_assert_str_eq(c->issuer, "Bộ Chính trị");
    ck_assert_str_eq(c->clause, "5.1");
    c = &d->citations[2];
    ck_assert_str_eq(c->number, "21/CT-TTg");
    ck_assert_str_eq(c->date, "2020-05-25");
    ck_assert_str_eq(c->issuer, "Thủ tướng Chính phủ");
    ck_assert_str_eq(c->clause, "5.3");
    for (size_t i = 0; i < d->citation_count; i++) ck_assert_ptr_null(strstr(d->citations[i].number, "138"));
    vb_doc_free(d);
    free(text);
}
END_TEST

/* ---------------------------------------------------------------- header layouts */

/* A: Công báo text layer: running head, page number, agency twice, Số before the motto */
static const char *const LAYOUT_A =
    " \n"
    "CÔNG BÁO/Số 851 + 852/Ngày 01-7-2025 \n"
    "3 \n"
    " \n"
    "VĂN BẢN QUY PHẠM PHÁP LUẬT \n"
    " \n"
    "CHÍNH PHỦ \n"
    " \n"
    "CHÍNH PHỦ \n"
    "Số: 158/2025/NĐ-CP \n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM \n"
    "Độc lập - Tự do - Hạnh phúc \n"
    " \n"
    "Hà Nội, ngày 25 tháng 6 năm 2025 \n"
    " \n"
    " NGHỊ ĐỊNH \n"
    "Quy định chi tiết và hướng dẫn thi hành một số điều  \n"
    "của Luật Bảo hiểm xã hội \n"
    " \n"
    "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025; \n"
    "Chính phủ ban hành Nghị định quy định chi tiết. \n"
    " \n"
    "Chương I  \n"
    "NHỮNG QUY ĐỊNH CHUNG \n"
    " \n"
    "Điều 1. Phạm vi điều chỉnh \n"
    "Nghị định này quy định chi tiết về các trường hợp \n"
    "sau đây: \n"
    "1. Người lao động làm việc theo hợp đồng. \n"
    "\n"
    "4 \n"
    "CÔNG BÁO/Số 851 + 852/Ngày 01-7-2025 \n"
    "  \n"
    "2. Người thụ hưởng chế độ bảo hiểm xã hội theo quy định của \n"
    "Luật Bảo hiểm xã hội. \n"
    "Ký bởi: CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Cơ quan: VĂN PHÒNG CHÍNH PHỦ\n"
    "Ngày ký: 2026-05-27 07:55:25 +07:00\n"
    "a) Điểm một của khoản hai; \n"
    "b) Điểm hai. \n"
    "Chương II \n"
    "TỔ CHỨC THỰC HIỆN \n"
    "Điều 2. Hiệu lực thi hành \n"
    "Nghị định này có hiệu lực từ ngày 01 tháng 7 năm 2025./. \n"
    " \n"
    "Nơi nhận: \n"
    "- Ban Bí thư Trung ương Đảng; \n"
    "- Lưu: VT, KTTH (2b). \n"
    "TM. CHÍNH PHỦ \n"
    "KT. THỦ TƯỚNG \n"
    "PHÓ THỦ TƯỚNG \n"
    "[ \n"
    "Trần Hồng Hà \n";

START_TEST(test_layout_a)
{
    vb_doc_t *d = parse_str(LAYOUT_A);
    ck_assert_str_eq(d->number, "158/2025/NĐ-CP");
    ck_assert_str_eq(d->type, "Nghị định");
    ck_assert_uint_eq(d->issuer_count, 1);
    ck_assert_str_eq(d->issuer[0], "Chính phủ");
    ck_assert_str_eq(d->place, "Hà Nội");
    ck_assert_str_eq(d->date, "2025-06-25");
    ck_assert_str_eq(d->subject, "Quy định chi tiết và hướng dẫn thi hành một số điều của Luật Bảo hiểm xã hội");
    ck_assert_str_eq(d->signer.name, "Trần Hồng Hà");
    ck_assert_str_eq(d->signer.title, "TM. Chính phủ, KT. Thủ tướng, Phó Thủ tướng");
    ck_assert_uint_eq(d->cc_count, 2);
    char paths[512];
    paths_str(d, paths, sizeof paths);
    ck_assert_str_eq(paths, "h p1 p2 d1 d1.1 d1.2 d1.2.a d1.2.b d2 f");
    const vb_clause_t *c = must_clause(d, "d1.2");
    ck_assert_str_eq(c->label, "khoản 2 Điều 1");
    ck_assert_ptr_nonnull(c->context);
    ck_assert_ptr_nonnull(strstr(c->context, "Chương I"));
    ck_assert_str_eq(must_clause(d, "d1.2.a")->label, "điểm a khoản 2 Điều 1");
    ck_assert_ptr_nonnull(strstr(must_clause(d, "d2")->context, "Chương II"));
    /* running heads, page numbers and signature stamps are not clause text */
    for (size_t i = 0; i < d->clause_count; i++) {
        ck_assert_ptr_null(strstr(d->clauses[i].text, "CÔNG BÁO/"));
        ck_assert_ptr_null(strstr(d->clauses[i].text, "Ký bởi"));
    }
    /* the page break joins khoản 2 */
    ck_assert_ptr_nonnull(strstr(c->text, "theo quy định của Luật Bảo hiểm xã hội."));
    /* chapter headings are words of a clause, the one before them (no clause's text starts
       above its own line), and the context of the articles under them */
    ck_assert_ptr_nonnull(strstr(must_clause(d, "p2")->text, "NHỮNG QUY ĐỊNH CHUNG"));
    ck_assert_ptr_nonnull(strstr(must_clause(d, "d1")->context, "NHỮNG QUY ĐỊNH CHUNG"));
    ck_assert_ptr_nonnull(strstr(must_clause(d, "d1.2.b")->text, "TỔ CHỨC THỰC HIỆN"));
    ck_assert_ptr_nonnull(strstr(must_clause(d, "d2")->context, "Chương II"));
    vb_doc_free(d);
}
END_TEST

/* B: thuvienphapluat: motto wrapped, Số and number on two lines, date over two lines */
static const char *const LAYOUT_B =
    "BỘ TÀI CHÍNH\n"
    "CỤC THUẾ\n"
    "-------\n"
    "\n"
    "CỘNG HÒA XÃ HỘI\n"
    "CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "---------------\n"
    "\n"
    "Số:\n"
    "5348/CT-CS\n"
    "V/v hướng dẫn góp vốn điều lệ\n"
    "\n"
    "Hà Nội, ngày 20\n"
    "tháng 11 năm 2025\n"
    "\n"
    "Kính gửi: Thuế tỉnh Quảng Trị.\n"
    "Cục Thuế nhận được công văn số 324/QTR-KTr2 ngày 22/7/2025 của Thuế tỉnh Quảng\n"
    "Trị về việc hướng dẫn góp vốn điều lệ. Về vấn đề này, Cục Thuế có ý kiến như\n"
    "sau:\n"
    "Căn cứ tại Điều 34 Luật Doanh nghiệp\n"
    "số 59/2020/QH14 quy định về tài sản góp vốn;\n"
    "Căn cứ điểm a khoản 3 Điều 30 Nghị định\n"
    "số 181/2024/NĐ-CP quy định chi tiết;\n"
    "Cục Thuế trả lời để Thuế tỉnh Quảng Trị biết./.\n"
    "\n"
    "Nơi nhận:\n"
    "- Như trên;\n"
    "- Lưu: VT, CS.\n"
    "KT. CỤC TRƯỞNG\n"
    "PHÓ CỤC TRƯỞNG\n"
    "\n"
    "Đặng Ngọc Minh\n";

START_TEST(test_layout_b)
{
    vb_doc_t *d = parse_str(LAYOUT_B);
    ck_assert_str_eq(d->number, "5348/CT-CS");
    ck_assert_str_eq(d->type, "Công văn");
    ck_assert_uint_eq(d->issuer_count, 2);
    ck_assert_str_eq(d->issuer[0], "Bộ Tài chính");
    ck_assert_str_eq(d->issuer[1], "Cục Thuế");
    ck_assert_str_eq(d->date, "2025-11-20");
    ck_assert_str_eq(d->place, "Hà Nội");
    ck_assert_str_eq(d->subject, "hướng dẫn góp vốn điều lệ");
    ck_assert_uint_eq(d->recipient_count, 1);
    ck_assert_str_eq(d->recipients[0], "Thuế tỉnh Quảng Trị");
    ck_assert_str_eq(d->signer.name, "Đặng Ngọc Minh");
    ck_assert_str_eq(d->signer.title, "KT. Cục trưởng, Phó Cục trưởng");
    char paths[256];
    paths_str(d, paths, sizeof paths);
    ck_assert_str_eq(paths, "h p1 p2 p3 p4 f");
    ck_assert_ptr_nonnull(strstr(must_clause(d, "p1")->text, "Quảng Trị về việc"));
    const vb_citation_t *c = cite(d, "59/2020/QH14", "d34");
    ck_assert_ptr_nonnull(c);
    ck_assert_str_eq(c->type, "Luật");
    ck_assert_str_eq(c->clause, "p2");
    c = cite(d, "181/2024/NĐ-CP", "d30.3.a");
    ck_assert_ptr_nonnull(c);
    ck_assert_str_eq(c->type, "Nghị định");
    ck_assert_uint_eq(c->line, 23);
    /* a công văn with an unknown code, named with "công văn số" */
    c = cite(d, "324/QTR-KTr2", NULL);
    ck_assert_ptr_nonnull(c);
    ck_assert_str_eq(c->type, "Công văn");
    ck_assert_str_eq(c->date, "2025-07-22");
    ck_assert_str_eq(c->issuer, "Thuế tỉnh Quảng Trị");
    vb_doc_free(d);
}
END_TEST

/* C: OCR of a signed PDF: stamp first, agency and motto on one line, number and date on one */
static const char *const LAYOUT_C =
    "Người ký: CÔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ\n"
    "\n"
    "Email: thongtinchinhphu@chinhphu.vn\n"
    "\n"
    "Cơ quan: VĂN PHÒNG CHÍNH PHỦ\n"
    "CHINHPHU.VNThời gian ký: 10.10.2025 14:11:33 +07:00\n"
    "\n"
    "THỦ TƯỚNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "—————— Độc lập - Tự do - Hạnh phúc\n"
    "\n"
    "Sô: 193/CĐ-TTg Hà Nội, ngày 09 tháng 10 năm 2025\n"
    "\n"
    "CÔNG ĐIỆN\n"
    "\n"
    "Về khẩn trương hoàn thành việc rà soát\n"
    "\n"
    "THỦ TƯỚNG CHÍNH PHỦ điện:\n"
    "\n"
    "1. Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ chủ trì rà soát các dự án.\n"
    "\n"
    "2. Giao Văn phòng Chính phủ chủ trì theo dõi, đôn đốc.\n";

START_TEST(test_layout_c)
{
    vb_doc_t *d = parse_str(LAYOUT_C);
    ck_assert_str_eq(d->number, "193/CĐ-TTg");
    ck_assert_str_eq(d->type, "Công điện");
    ck_assert_uint_ge(d->issuer_count, 1);
    ck_assert_str_eq(d->issuer[0], "Thủ tướng Chính phủ");
    ck_assert_str_eq(d->date, "2025-10-09");
    ck_assert_str_eq(d->place, "Hà Nội");
    ck_assert_ptr_nonnull(must_clause(d, "h"));
    /* office holders of one level named together are one value, as written */
    ck_assert_str_eq(must_clause(d, "1")->assignee, "Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ");
    assert_assignees(must_clause(d, "1"), "Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ/c");
    ck_assert_str_eq(must_clause(d, "2")->assignee, "Văn phòng Chính phủ");
    for (size_t i = 0; i < d->clause_count; i++) ck_assert_ptr_null(strstr(d->clauses[i].text, "Thời gian ký"));
    vb_doc_free(d);
}
END_TEST

/* ---------------------------------------------------------------- clause shapes */

static const char *const PLAN =
    "ỦY BAN NHÂN DÂN\n"
    "TỈNH ĐỒNG THÁP\n"
    "Số: 556/KH-UBND\n"
    "Đồng Tháp, ngày 19 tháng 11 năm 2025\n"
    "\n"
    "KẾ HOẠCH\n"
    "Thực hiện Nghị quyết số 48/NQ-CP\n"
    "\n"
    "Căn cứ Nghị quyết số 48/NQ-CP ngày 03/4/2023 của Chính phủ về việc phê duyệt Chiến lược.\n"
    "\n"
    "I. MỤC ĐÍCH, YÊU CẦU\n"
    "\n"
    "1. Mục đích\n"
    "\n"
    "a) Triển khai đầy đủ Nghị quyết số 48/NQ-CP.\n"
    "\n"
    "b) Nâng cao nhận thức.\n"
    "\n"
    "2. Yêu cầu: bám sát Nghị quyết nêu trên.\n"
    "\n"
    "II. NHIỆM VỤ\n"
    "\n"
    "1.1. Sở Nông nghiệp và Môi trường chủ trì tổ chức thực hiện.\n"
    "\n"
    "- Ý thứ nhất;\n"
    "\n"
    "+ ý con thứ nhất;\n"
    "\n"
    "+ ý con thứ hai.\n"
    "\n"
    "- Ý thứ hai.\n"
    "\n"
    "1.2. Các sở, ngành phối hợp.\n"
    "\n"
    "Trên đây là Kế hoạch thực hiện; yêu cầu các đơn vị thực hiện./.\n"
    "\n"
    "Nơi nhận:\n"
    "- Như trên;\n"
    "- Lưu: VT.\n"
    "TM. ỦY BAN NHÂN DÂN\n"
    "KT. CHỦ TỊCH\n"
    "PHÓ CHỦ TỊCH\n"
    "Nguyễn Văn A\n"
    "\n"
    "PHỤ LỤC I\n"
    "DANH MỤC NHIỆM VỤ\n"
    "1. Nhiệm vụ một\n"
    "2. Nhiệm vụ hai\n"
    "PHỤ LỤC II\n"
    "BẢNG TỔNG HỢP\n";

START_TEST(test_clause_shapes_items)
{
    vb_doc_t *d = parse_str(PLAN);
    char paths[512];
    paths_str(d, paths, sizeof paths);
    ck_assert_str_eq(paths, "h p1 I I.1 I.1.a I.1.b I.2 II II.1.1 II.1.1.1 II.1.1.1.1 II.1.1.1.2 II.1.1.2 II.1.2 c1 f pl1 pl2");
    ck_assert_str_eq(d->type, "Kế hoạch");
    ck_assert_str_eq(d->issuer[0], "Ủy ban nhân dân tỉnh Đồng Tháp");
    ck_assert_str_eq(must_clause(d, "I.1.a")->label, "mục I.1, điểm a");
    ck_assert_str_eq(must_clause(d, "II.1.1.1")->label, "mục II.1.1, ý 1");
    ck_assert_str_eq(must_clause(d, "II.1.1")->assignee, "Sở Nông nghiệp và Môi trường");
    ck_assert_str_eq(must_clause(d, "II.1.1.1.2")->assignee, "Sở Nông nghiệp và Môi trường");
    /* "Các sở, ngành phối hợp." opens its own clause: the subject, not the parent's */
    assert_assignees(must_clause(d, "II.1.2"), "Các sở, ngành/c");
    ck_assert_ptr_nonnull(strstr(must_clause(d, "pl1")->text, "Nhiệm vụ hai"));
    ck_assert_str_eq(d->signer.title, "TM. Ủy ban nhân dân, KT. Chủ tịch, Phó Chủ tịch");
    /* short forms and "nêu trên" resolve to the full citation */
    const vb_citation_t *full = &d->citations[0];
    ck_assert_str_eq(full->number, "48/NQ-CP");
    ck_assert_str_eq(full->clause, "h");
    size_t resolved = 0;
    for (size_t i = 0; i < d->citation_count; i++) {
        const vb_citation_t *c = &d->citations[i];
        ck_assert_str_eq(c->number, "48/NQ-CP");
        ck_assert_str_eq(c->type, "Nghị quyết");
        if (!strcmp(c->clause, "I.2")) {
            ck_assert_str_eq(c->text, "Nghị quyết nêu trên");
            resolved++;
        }
        if (strcmp(c->clause, "h")) {
            ck_assert_str_eq(c->date, "2023-04-03");
            ck_assert_str_eq(c->issuer, "Chính phủ");
        }
    }
    ck_assert_uint_eq(resolved, 1);
    /* the plan's own number is not a citation */
    ck_assert_ptr_null(cite(d, "556/KH-UBND", NULL));
    assert_words_partitioned(PLAN, strlen(PLAN), d);
    vb_doc_free(d);
}
END_TEST

START_TEST(test_preamble_and_closing)
{
    const char *t =
        "Kính gửi:\n"
        "- Các cơ quan chuyên môn, cơ quan hành chính\n"
        "khác thuộc Ủy ban nhân dân Thành phố;\n"
        "- Hội đồng nhân dân các xã.\n"
        "\n"
        "Đoạn mở đầu thứ nhất.\n"
        "\n"
        "Đoạn thứ hai liệt kê:\n"
        "- ý một;\n"
        "- ý hai.\n"
        "Đoạn thứ ba không kết thúc bằng dấu\n"
        "\n"
        "\n"
        "tiếp tục sau dòng trống.\n"
        "- gạch đầu dòng không có chủ.\n"
        "1. Mục một.\n"
        "2. Mục hai.\n"
        "Đề nghị các đơn vị thực hiện.\n"
        "Trân trọng./.\n";
    vb_doc_t *d = parse_str(t);
    char paths[256];
    paths_str(d, paths, sizeof paths);
    ck_assert_str_eq(paths, "h p1 p2 p2.1 p2.2 p3 p4 1 2 c1 c2");
    ck_assert_uint_eq(d->recipient_count, 2);
    ck_assert_str_eq(d->recipients[0], "Các cơ quan chuyên môn, cơ quan hành chính khác thuộc Ủy ban nhân dân Thành phố");
    ck_assert_ptr_nonnull(strstr(must_clause(d, "p3")->text, "tiếp tục sau dòng trống"));
    ck_assert_uint_eq(must_clause(d, "p4")->line, 15);
    assert_words_partitioned(t, strlen(t), d);
    vb_doc_free(d);
}
END_TEST

/* ---------------------------------------------------------------- citations */

START_TEST(test_citation_shapes)
{
    const char *t =
        "Căn cứ điểm h khoản 1 Điều 19 Nghị định số 46/2014/NĐ-CP ngày 15 tháng 5 năm 2014 của Chính phủ;\n"
        "Căn cứ khoản 2 Điều 44, khoản 6 Điều 48 Nghị định số 103/2024/NĐ-CP ngày 30/7/2024 của Chính phủ;\n"
        "Căn cứ Luật Ngân sách nhà nước số 83/2015/QH13 và Bộ luật số 45/2019/QH14;\n"
        "Căn cứ Nghi dinh 30/2020/ND-CP va Thong tu so 86/2024/TT-BTC;\n"
        "Căn cứ Kết luận số 48-KL/TW ngày 20-10-2010 của Bộ Chính trị;\n"
        "Căn cứ Văn bản hợp nhất số 03/VBHN-VPQH;\n"
        "Căn cứ Luật số 12/2017/QH14 ngày 01/01/2018;\n"
        "Theo Nghị định số 103/2024/NĐ-CP và Công văn số 5287/BCĐ, Ban Chỉ đạo 138/CP và BCD 138/CP\n"
        "trong giai đoạn 2016-2020 chiếm 1/2 số vụ; Chỉ thị này có hiệu lực.\n";
    vb_doc_t *d = parse_str(t);
    const vb_citation_t *c = cite(d, "46/2014/NĐ-CP", "d19.1.h");
    ck_assert_ptr_nonnull(c);
    ck_assert_str_eq(c->date, "2014-05-15");
    ck_assert_str_eq(c->issuer, "Chính phủ");
    ck_assert_str_eq(c->text, "điểm h khoản 1 Điều 19 Nghị định số 46/2014/NĐ-CP ngày 15 tháng 5 năm 2014 của Chính phủ");
    const vb_citation_t *a = cite(d, "103/2024/NĐ-CP", "d44.2"), *b = cite(d, "103/2024/NĐ-CP", "d48.6");
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert(a < b);
    ck_assert_str_eq(a->date, "2024-07-30");
    ck_assert_str_eq(cite(d, "83/2015/QH13", NULL)->type, "Luật");
    ck_assert_str_eq(cite(d, "45/2019/QH14", NULL)->type, "Bộ luật");
    ck_assert_str_eq(cite(d, "30/2020/ND-CP", NULL)->type, "Nghị định");
    ck_assert_str_eq(cite(d, "86/2024/TT-BTC", NULL)->type, "Thông tư");
    c = cite(d, "48-KL/TW", NULL);
    ck_assert_str_eq(c->type, "Kết luận");
    ck_assert_str_eq(c->date, "2010-10-20");
    ck_assert_str_eq(c->issuer, "Bộ Chính trị");
    ck_assert_str_eq(cite(d, "03/VBHN-VPQH", NULL)->type, "Văn bản hợp nhất");
    ck_assert_str_eq(cite(d, "12/2017/QH14", NULL)->type, "Luật");
    ck_assert_str_eq(cite(d, "5287/BCĐ", NULL)->type, "Công văn");
    /* the short form gets date and issuer from the full one */
    size_t n103 = 0;
    for (size_t i = 0; i < d->citation_count; i++) {
        const vb_citation_t *x = &d->citations[i];
        ck_assert_ptr_nonnull(x->number);
        ck_assert_ptr_null(strstr(x->number, "138"));
        ck_assert_ptr_null(strstr(x->number, "1/2"));
        ck_assert_ptr_null(strstr(x->number, "2016"));
        if (!strcmp(x->number, "103/2024/NĐ-CP")) {
            n103++;
            ck_assert_str_eq(x->date, "2024-07-30");
            ck_assert_str_eq(x->issuer, "Chính phủ");
        }
    }
    ck_assert_uint_eq(n103, 3);
    vb_doc_free(d);
}
END_TEST

START_TEST(test_type_canonical)
{
    ck_assert_str_eq(vb_doc_type_canonical("CHỈ THỊ", strlen("CHỈ THỊ")), "Chỉ thị");
    ck_assert_str_eq(vb_doc_type_canonical("chi thi", 7), "Chỉ thị");
    ck_assert_str_eq(vb_doc_type_canonical("CT", 2), "Chỉ thị");
    ck_assert_str_eq(vb_doc_type_canonical("QĐ", strlen("QĐ")), "Quyết định");
    ck_assert_str_eq(vb_doc_type_canonical("Nghi dinh", 9), "Nghị định");
    ck_assert_str_eq(vb_doc_type_canonical("VĂN BẢN HỢP NHẤT", strlen("VĂN BẢN HỢP NHẤT")), "Văn bản hợp nhất");
    ck_assert_str_eq(vb_doc_type_canonical("công văn", strlen("công văn")), "Công văn");
    ck_assert_ptr_null(vb_doc_type_canonical("xyz", 3));
    ck_assert_ptr_null(vb_doc_type_canonical("", 0));
    ck_assert_ptr_null(vb_doc_type_canonical(NULL, 0));
}
END_TEST

/* ---------------------------------------------------------------- hostile input */

START_TEST(test_empty_and_odd)
{
    vb_doc_t *d = NULL;
    ck_assert_int_eq(vb_doc_parse("", 0, &d), VB_OK);
    ck_assert_uint_eq(d->clause_count, 0);
    ck_assert_ptr_null(d->number);
    vb_doc_free(d);
    ck_assert_int_eq(vb_doc_parse(NULL, 0, &d), VB_OK);
    vb_doc_free(d);
    ck_assert_int_eq(vb_doc_parse("x", 1, NULL), VB_ERR_INVALID_ARG);
    ck_assert_int_eq(vb_doc_parse(NULL, 5, &d), VB_ERR_INVALID_ARG);
    vb_doc_free(NULL);

    /* no header at all */
    d = parse_str("Một đoạn văn bản không có phần đầu.\n\nĐoạn thứ hai.\n");
    ck_assert_ptr_null(clause(d, "h"));
    ck_assert_ptr_nonnull(clause(d, "p1"));
    ck_assert_ptr_nonnull(clause(d, "p2"));
    ck_assert_uint_ge(d->warning_count, 1);
    vb_doc_free(d);

    /* only a header */
    d = parse_str("BỘ TÀI CHÍNH\nSố: 12/BTC-CS\nHà Nội, ngày 1 tháng 2 năm 2025\n");
    ck_assert_str_eq(d->number, "12/BTC-CS");
    ck_assert_str_eq(d->date, "2025-02-01");
    ck_assert_uint_eq(d->clause_count, 1);
    ck_assert_str_eq(d->clauses[0].path, "h");
    vb_doc_free(d);

    /* all bullets */
    const char *bul = "- một;\n- hai;\n- ba.\n";
    d = parse_str(bul);
    assert_unique_paths(d);
    assert_words_partitioned(bul, strlen(bul), d);
    vb_doc_free(d);

    /* numbers that look like symbols or items */
    const char *nums = "Tỷ lệ 1/2 số vụ trong giai đoạn 2016-2020 giảm.\n2025. năm mới\n1/ Nội dung\n";
    d = parse_str(nums);
    ck_assert_uint_eq(d->citation_count, 0);
    assert_words_partitioned(nums, strlen(nums), d);
    vb_doc_free(d);

    /* invalid UTF-8, U+FFFD, NUL, stray markup */
    const char bad[] = "S\xe1\xbb: 12/\xff\xfe-CP\n\xef\xbf\xbd Điều 1.\n\x80\x80 a) \xc3\n1. \0x\n**\n| |\n";
    ck_assert_int_eq(vb_doc_parse(bad, sizeof bad - 1, &d), VB_OK);
    assert_unique_paths(d);
    vb_doc_free(d);

    /* duplicate numbering is disambiguated and reported */
    d = parse_str("1. Một.\n2. Hai.\n1. Lại một.\n");
    ck_assert_ptr_nonnull(clause(d, "1~2"));
    ck_assert_uint_ge(d->warning_count, 1);
    vb_doc_free(d);
}
END_TEST

START_TEST(test_many_items)
{
    size_t cap = 5000 * 64 + 64, o = 0;
    char *t = malloc(cap);
    ck_assert_ptr_nonnull(t);
    o += (size_t)snprintf(t + o, cap - o, "Các nhiệm vụ sau:\n");
    for (int i = 1; i <= 5000; i++) o += (size_t)snprintf(t + o, cap - o, "%d. Nhiệm vụ số %d theo Chỉ thị.\n", i, i);
    vb_doc_t *d = NULL;
    ck_assert_int_eq(vb_doc_parse(t, o, &d), VB_OK);
    ck_assert_uint_eq(d->clause_count, 5001);
    ck_assert_str_eq(d->clauses[5000].path, "5000");
    ck_assert_uint_eq(d->clauses[5000].line, 5001);
    vb_doc_free(d);
    free(t);
}
END_TEST

START_TEST(test_huge_paragraph)
{
    const char *unit = "tín dụng đen theo Nghị định số 46/2014/NĐ-CP, ";
    size_t ul = strlen(unit), n = (1u << 20) / ul + 1, len = n * ul;
    char *t = malloc(len + 1);
    ck_assert_ptr_nonnull(t);
    for (size_t i = 0; i < n; i++) memcpy(t + i * ul, unit, ul);
    t[len] = '\0';
    vb_doc_t *d = NULL;
    ck_assert_int_eq(vb_doc_parse(t, len, &d), VB_OK);
    ck_assert_uint_eq(d->clause_count, 1);
    ck_assert_uint_eq(d->citation_count, n);
    vb_doc_free(d);
    free(t);
}
END_TEST

START_TEST(test_fold_helper_sanity)
{
    char buf[64];
    fold("Tín dụng đen", buf, sizeof buf);
    ck_assert_str_eq(buf, "tin dung den");
}
END_TEST

/* Each clause says where its source lines start in its text: the text
 * there begins with that line's content (lines trimmed, joined by spaces). */
START_TEST(test_seed_line_starts)
{
    size_t len;
    char *text = vb_test_slurp(VB_SEED, &len);
    vb_doc_t *d = NULL;
    ck_assert_int_eq(vb_doc_parse(text, len, &d), VB_OK);
    /* the source lines */
    const char *lines[512];
    size_t nl = 0;
    for (char *p = text; nl < 512 && p < text + len;) {
        lines[nl++] = p;
        char *e = memchr(p, '\n', (size_t)(text + len - p));
        if (!e) break;
        *e = '\0';
        p = e + 1;
    }
    size_t multi = 0;
    for (size_t i = 0; i < d->clause_count; i++) {
        const vb_clause_t *c = &d->clauses[i];
        ck_assert_msg(c->text_len == 0 || c->line_count > 0, "%s: no line table", c->path);
        multi += c->line_count > 1;
        for (size_t k = 0; k < c->line_count; k++) {
            ck_assert_uint_lt(c->line_starts[k], c->text_len);
            ck_assert_uint_ge(c->line_numbers[k], c->line);
            ck_assert_uint_le(c->line_numbers[k], nl);
            if (k) {
                ck_assert_uint_gt(c->line_starts[k], c->line_starts[k - 1]);
                ck_assert_uint_gt(c->line_numbers[k], c->line_numbers[k - 1]);
                ck_assert_int_eq(c->text[c->line_starts[k] - 1], ' ');
            }
            const char *src = lines[c->line_numbers[k] - 1];
            while (*src == ' ' || *src == '\t' || *src == '*' || *src == '_' || *src == '#') src++;
            size_t n = strcspn(src, " \t*_");   /* the line's first word, markup (**, _) left out */
            ck_assert_msg(n > 0 && strncmp(c->text + c->line_starts[k], src, n) == 0,
                          "%s: line %u does not start at %zu", c->path, c->line_numbers[k], c->line_starts[k]);
        }
    }
    ck_assert_uint_gt(multi, 0);   /* the header "h" spans lines */
    vb_doc_free(d);
    free(text);
}
END_TEST

/* ---------------------------------------------------------------- structure (issue 12) */

/* a wrapped line that starts with "Phụ lục" mid-sentence opens no appendix */
static const char WRAP_PL[] =
    "CHÍNH PHỦ\n"
    "Số: 9/2025/NĐ-CP\n"
    "Hà Nội, ngày 1 tháng 7 năm 2025\n"
    "NGHỊ ĐỊNH\n"
    "Quy định thử\n"
    "\n"
    "Điều 1. Hồ sơ\n"
    "a) Thân nhân nộp đơn đề nghị giải quyết chế độ tử tuất (theo Mẫu số 03\n"
    "Phụ lục II ban hành kèm theo Nghị định này). Trường hợp đơn vị quản lý cuối\n"
    "cùng không còn tồn tại thì nộp cho cơ quan cấp trên.\n"
    "Điều 2. Trách nhiệm thi hành\n"
    "Các Bộ trưởng chịu trách nhiệm thi hành Nghị định này./.\n"
    "\n"
    "TM. CHÍNH PHỦ\n"
    "THỦ TƯỚNG\n"
    "Nguyễn Văn A\n"
    "\n"
    "Phụ lục II\n"
    "DANH MỤC BIỂU MẪU\n"
    "(Kèm theo Nghị định số 9/2025/NĐ-CP)\n"
    "1. Mẫu số 01.\n";

START_TEST(test_structure_wrapped_phu_luc)
{
    vb_doc_t *d = parse_str(WRAP_PL);
    const vb_clause_t *c = must_clause(d, "d2");
    ck_assert_uint_eq(c->line, 11);
    ck_assert_ptr_nonnull(strstr(must_clause(d, "d1.a")->text, "Phụ lục II ban hành kèm theo"));
    const vb_clause_t *pl = must_clause(d, "pl1");
    ck_assert_uint_eq(pl->line, 18);
    ck_assert_ptr_null(clause(d, "pl2"));
    vb_doc_free(d);
}
END_TEST

/* an attached Quy chế is parsed like a document: pl1.d2.1, Chương as context */
static const char QUY_CHE[] =
    "ỦY BAN NHÂN DÂN\n"
    "TỈNH BẮC NINH\n"
    "Số: 12/2025/QĐ-UBND\n"
    "Bắc Ninh, ngày 2 tháng 3 năm 2025\n"
    "QUYẾT ĐỊNH\n"
    "Ban hành Quy chế phối hợp\n"
    "\n"
    "Điều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp.\n"
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.\n"
    "\n"
    "Nơi nhận:\n"
    "- Như Điều 2;\n"
    "- Lưu: VT.\n"
    "TM. ỦY BAN NHÂN DÂN\n"
    "CHỦ TỊCH\n"
    "Nguyễn Văn B\n"
    "\n"
    "QUY CHẾ\n"
    "Phối hợp trong quản lý\n"
    "(Ban hành kèm theo Quyết định số 12/2025/QĐ-UBND)\n"
    "\n"
    "Chương I\n"
    "QUY ĐỊNH CHUNG\n"
    "Điều 1. Phạm vi điều chỉnh\n"
    "Quy chế này quy định việc phối hợp.\n"
    "Điều 2. Nguyên tắc phối hợp\n"
    "1. Phối hợp thường xuyên.\n"
    "2. Phối hợp kịp thời:\n"
    "a) Trao đổi thông tin.\n"
    "Chương II\n"
    "TỔ CHỨC THỰC HIỆN\n"
    "Điều 3. Trách nhiệm thi hành\n"
    "Các sở thực hiện Quy chế này.\n";

START_TEST(test_structure_attached_quy_che)
{
    vb_doc_t *d = parse_str(QUY_CHE);
    char paths[512];
    paths_str(d, paths, sizeof paths);
    ck_assert_str_eq(paths, "h d1 d2 f pl1 pl1.d1 pl1.d2 pl1.d2.1 pl1.d2.2 pl1.d2.2.a pl1.d3");
    ck_assert_str_eq(must_clause(d, "pl1")->label, "Quy chế kèm theo");
    ck_assert_str_eq(must_clause(d, "pl1.d2.1")->label, "khoản 1 Điều 2 (Quy chế kèm theo)");
    ck_assert_str_eq(must_clause(d, "pl1.d2.2.a")->label, "điểm a khoản 2 Điều 2 (Quy chế kèm theo)");
    ck_assert_uint_eq(must_clause(d, "pl1.d2.1")->line, 27);
    /* chapters are context, not path */
    const vb_clause_t *c = must_clause(d, "pl1.d3");
    ck_assert_ptr_nonnull(c->context);
    ck_assert_ptr_nonnull(strstr(c->context, "Chương II"));
    ck_assert_ptr_nonnull(strstr(must_clause(d, "pl1.d1")->context, "Chương I"));
    ck_assert_str_eq(d->signer.name, "Nguyễn Văn B");
    vb_doc_free(d);
}
END_TEST

/* quoted amended articles stay in the amending clause, which records what it amends */
static const char AMEND[] =
    "CHÍNH PHỦ\n"
    "Số: 20/2025/NĐ-CP\n"
    "Hà Nội, ngày 1 tháng 8 năm 2025\n"
    "NGHỊ ĐỊNH\n"
    "Sửa đổi một số điều\n"
    "\n"
    "Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 145/2020/NĐ-CP\n"
    "1. Sửa đổi, bổ sung Điều 5 như sau:\n"
    "“Điều 5. Phạm vi\n"
    "1. Nội dung mới thứ nhất.\n"
    "2. Nội dung mới thứ hai:\n"
    "a) Điểm mới.”.\n"
    "2. Sửa đổi điểm a khoản 2 Điều 7 như sau:\n"
    "“a) Điểm a mới.”.\n"
    "Điều 2. Hiệu lực thi hành\n"
    "Nghị định này có hiệu lực từ ngày ký./.\n";

START_TEST(test_structure_quoted_amendment)
{
    vb_doc_t *d = parse_str(AMEND);
    char paths[512];
    paths_str(d, paths, sizeof paths);
    ck_assert_str_eq(paths, "h d1 d1.1 d1.2 d2");
    const vb_clause_t *c = must_clause(d, "d1.1");
    ck_assert_ptr_nonnull(strstr(c->text, "“Điều 5. Phạm vi"));
    ck_assert_ptr_nonnull(strstr(c->text, "a) Điểm mới"));
    ck_assert_str_eq(c->amends, "d5");
    ck_assert_str_eq(c->amends_doc, "Nghị định số 145/2020/NĐ-CP");
    ck_assert_str_eq(must_clause(d, "d1.2")->amends, "d7.2.a");
    ck_assert_str_eq(must_clause(d, "d1")->amends_doc, "Nghị định số 145/2020/NĐ-CP");
    ck_assert_ptr_null(must_clause(d, "d1")->amends);
    ck_assert_ptr_null(must_clause(d, "d2")->amends);
    for (size_t i = 0; i < d->clause_count; i++) ck_assert_ptr_null(strchr(d->clauses[i].path, '~'));
    vb_doc_free(d);
}
END_TEST


/* ---------------------------------------------------------------- assignees, the classes of the reference
 * (tests/ref/assignees.tsv): sentences of công điện 226, 230, 217, 223 and 228/CĐ-TTg,
 * văn bản 6316/BVHTTDL-VP, chỉ thị 012 and 06/CT-UBND, kế hoạch 308/KH-UBND and
 * QĐ 97/2025, 5721 of the real corpus. */
static const char ASSIGN_CD[] =
    "THỦ TƯỚNG CHÍNH PHỦ\n"
    "-------\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "\n"
    "Số: 230/CĐ-TTg Hà Nội, ngày 26 tháng 11 năm 2025\n"
    "\n"
    "CÔNG ĐIỆN\n"
    "VỀ VIỆC KHẨN TRƯƠNG HOÀN THÀNH RÀ SOÁT CÁC DỰ ÁN TỒN ĐỌNG\n"
    "THỦ TƯỚNG CHÍNH PHỦ điện:\n"
    "- Bộ trưởng; Thủ trưởng cơ quan ngang Bộ, cơ quan thuộc Chính phủ;\n"
    "- Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.\n"
    "\n"
    "Để tăng cường công tác quản lý hàng dự trữ quốc gia, Thủ tướng Chính phủ yêu cầu các Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, cơ quan thuộc Chính phủ thực hiện ngay các nhiệm vụ, giải pháp. Trong đó, Bộ Tài chính có nhiệm vụ chủ trì, phối hợp với các Bộ, cơ quan liên quan và các địa phương:\n"
    "- Rà soát các mặt hàng dự trữ quốc gia bảo đảm chủng loại, số lượng.\n"
    "- Tổng hợp nhu cầu về hàng dự trữ quốc gia của địa phương.\n"
    "\n"
    "Chủ tịch UBND tỉnh yêu cầu\n"
    "Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các xã, phường tổ chức quán triệt Chỉ thị này.\n"
    "\n"
    "1. Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ\n"
    "Hà Tĩnh đến Khánh Hòa:\n"
    "\n"
    "a) Tổ chức theo dõi chặt chẽ diễn biến mưa lũ.\n"
    "\n"
    "b) Chỉ đạo triển khai công tác bảo vệ hồ đập; phối hợp chặt chẽ với các cơ quan chức năng để quản lý.\n"
    "\n"
    "2. Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan\n"
    "trực thuộc Chính phủ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc\n"
    "trung ương chủ trì, phối hợp với cơ quan thanh tra khẩn trương hoàn thành việc cập nhật.\n"
    "\n"
    "3. Các Bộ: Quốc phòng, Công an chủ động chỉ đạo các\n"
    "đơn vị đóng trên địa bàn rà soát kịch bản, phương án.\n"
    "\n"
    "4. Cục\n"
    "Văn hóa các dân tộc Việt Nam: Chủ trì, phối hợp với các cơ quan,\n"
    "đơn vị liên quan tham mưu Lãnh đạo Bộ các giải pháp.\n"
    "\n"
    "5. Bộ Quốc phòng, Bộ Công an theo chức năng, nhiệm vụ, thẩm quyền\n"
    "chủ trì, phối hợp với các Bộ, cơ quan liên quan và các địa phương rà soát các mặt hàng.\n"
    "\n"
    "6. Văn phòng Chính phủ theo chức năng, nhiệm vụ được giao theo dõi, đôn đốc thực hiện Công điện này, báo cáo cấp có thẩm quyền./.\n"
    "\n"
    "Nơi nhận:\n"
    "- Như trên;\n"
    "- Lưu: VT.\n"
    "KT. THỦ TƯỚNG\n"
    "PHÓ THỦ TƯỚNG\n"
    "\n"
    "Nguyễn Văn A\n";

START_TEST(test_assignee_classes_dien)
{
    vb_doc_t *d = parse_str(ASSIGN_CD);
    /* the recipients of "THỦ TƯỚNG CHÍNH PHỦ điện:" are no assignees */
    assert_assignees(must_clause(d, "p1.1"), "");
    assert_assignees(must_clause(d, "p1.2"), "");
    /* office holders of one level are one value; the last sentence before the colon is what
     * the items inherit ("Trong đó, Bộ Tài chính có nhiệm vụ chủ trì, phối hợp với …:") */
    assert_assignees(must_clause(d, "p2"), "Các Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, cơ quan thuộc Chính phủ/c|"
                                           "Bộ Tài chính/c|Các Bộ, cơ quan liên quan/p|Các địa phương/p");
    assert_assignees(must_clause(d, "p2.1"), "Bộ Tài chính/c|Các Bộ, cơ quan liên quan/p|Các địa phương/p");
    /* the speaker asking ("Chủ tịch UBND tỉnh yêu cầu …") is none; the bodies asked are */
    assert_assignees(must_clause(d, "p3"), "Thủ trưởng các sở, ban, ngành/c|Chủ tịch Ủy ban nhân dân các xã, phường/c");
    /* a class qualified "từ … đến …", over a line break; cooperators named in a sub-clause */
    assert_assignees(must_clause(d, "1"), "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa/c");
    assert_assignees(must_clause(d, "1.a"), "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa/c");
    assert_assignees(must_clause(d, "1.b"), "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa/c|"
                                            "Các cơ quan chức năng/p");
    assert_assignees(must_clause(d, "2"), "Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan trực thuộc Chính phủ/c|"
                                          "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương/c|"
                                          "Cơ quan thanh tra/p");
    /* a kind with its members after a colon is one value */
    assert_assignees(must_clause(d, "3"), "Các Bộ: Quốc phòng, Công an/c");
    /* a lead-in runs to its colon, lower-case words of the name included */
    assert_assignees(must_clause(d, "4"), "Cục Văn hóa các dân tộc Việt Nam/c|Các cơ quan, đơn vị liên quan/p");
    /* "theo chức năng, nhiệm vụ …" between the subject and its verb */
    assert_assignees(must_clause(d, "5"), "Bộ Quốc phòng/c|Bộ Công an/c|Các Bộ, cơ quan liên quan/p|Các địa phương/p");
    assert_assignees(must_clause(d, "6"), "Văn phòng Chính phủ/c");
    vb_doc_free(d);
}
END_TEST

static const char ASSIGN_QD2[] =
    "ỦY BAN NHÂN DÂN\n"
    "TỈNH NGHỆ AN\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "\n"
    "Số: 97/2025/QĐ-UBND Nghệ An, ngày 05 tháng 3 năm 2025\n"
    "\n"
    "QUYẾT ĐỊNH\n"
    "Quy định mức hỗ trợ tư vấn pháp luật\n"
    "\n"
    "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\n"
    "\n"
    "QUYẾT ĐỊNH:\n"
    "\n"
    "Điều 1. Trình tự thực hiện\n"
    "\n"
    "Sau khi nhận đủ hồ sơ tại Trung tâm Phục vụ hành\n"
    "chính công tỉnh, Sở Tư pháp có trách nhiệm thẩm định hồ sơ.\n"
    "\n"
    "Điều 2. Trách nhiệm của các cơ\n"
    "quan, đơn vị\n"
    "\n"
    "1. Trách nhiệm của Sở Tư pháp\n"
    "\n"
    "a) Chủ trì, hướng dẫn, tiếp nhận, thẩm định hồ sơ;\n"
    "\n"
    "b) Thực hiện việc quyết định hỗ trợ.\n"
    "\n"
    "2. Trách nhiệm của Sở\n"
    "Tài chính\n"
    "\n"
    "Hàng năm, bố trí kinh phí thực hiện hỗ trợ.\n"
    "\n"
    "3. Kế hoạch thực hiện\n"
    "\n"
    "a) Cơ quan thực hiện:\n"
    "\n"
    "- Đơn vị chủ trì: Sở Khoa học\n"
    "và Công nghệ.\n"
    "\n"
    "- Đơn vị phối hợp: Các Sở, ban,\n"
    "ngành.\n"
    "\n"
    "4. Các chủ rừng là tổ chức (các\n"
    "Ban quản lý rừng đặc dụng, rừng phòng hộ)\n"
    "\n"
    "a) Tiếp tục kiểm tra, rà soát diện tích rừng; tăng cường lực lượng, phối hợp chặt\n"
    "chẽ với các cơ quan chức năng để quản lý.\n"
    "\n"
    "Điều 3. Chánh Văn phòng\n"
    "UBND tỉnh; Giám đốc Sở Tài chính; Trưởng thuế tỉnh Nghệ An, Giám đốc\n"
    "Kho bạc Nhà nước khu vực X, Chủ tịch UBND các xã, phường và các tổ chức, cá\n"
    "nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.\n"
    "\n"
    "Nơi nhận:\n"
    "- Như Điều 3;\n"
    "- Lưu: VT.\n"
    "TM. ỦY BAN NHÂN DÂN\n"
    "CHỦ TỊCH\n"
    "\n"
    "Nguyễn Văn A\n";

START_TEST(test_assignee_classes_decision)
{
    vb_doc_t *d = parse_str(ASSIGN_QD2);
    /* "…, Sở Tư pháp có trách nhiệm …" after a comma */
    assert_assignees(must_clause(d, "d1"), "Sở Tư pháp/c");
    /* "Trách nhiệm của các cơ quan, đơn vị" names no body; its khoản titled "Trách nhiệm của X"
     * carry X (a title wrapped inside the name too), their điểm inherit it */
    assert_assignees(must_clause(d, "d2"), "");
    assert_assignees(must_clause(d, "d2.1"), "Sở Tư pháp/c");
    assert_assignees(must_clause(d, "d2.1.b"), "Sở Tư pháp/c");
    assert_assignees(must_clause(d, "d2.2"), "Sở Tài chính/c");
    /* plan layouts: "Cơ quan thực hiện:" alone names none; "Đơn vị chủ trì: X", "Đơn vị phối hợp: Y" */
    assert_assignees(must_clause(d, "d2.3.a"), "");
    assert_assignees(must_clause(d, "d2.3.a.1"), "Sở Khoa học và Công nghệ/c");
    assert_assignees(must_clause(d, "d2.3.a.2"), "Các Sở, ban, ngành/p");
    /* a heading closed by a parenthesis of examples; cooperators after ';' in its điểm */
    assert_assignees(must_clause(d, "d2.4"), "Các chủ rừng là tổ chức/c");
    assert_assignees(must_clause(d, "d2.4.a"), "Các chủ rừng là tổ chức/c|Các cơ quan chức năng/p");
    /* the closing article: each office holder, the final class too */
    assert_assignees(must_clause(d, "d3"), "Chánh Văn phòng Ủy ban nhân dân tỉnh/c|Giám đốc Sở Tài chính/c|"
                                           "Trưởng thuế tỉnh Nghệ An/c|Giám đốc Kho bạc Nhà nước khu vực X/c|"
                                           "Chủ tịch Ủy ban nhân dân các xã, phường/c|Các tổ chức, cá nhân có liên quan/c");
    vb_doc_free(d);
}
END_TEST


/* ---------------------------------------------------------------- assignees, every form */

/* A decision: "Trách nhiệm của X" (khoản and điểm inherit), "Giao X chủ trì,
 * phối hợp với Y", "Đề nghị X", "X có trách nhiệm", "Yêu cầu UBND …", and the
 * closing article "… chịu trách nhiệm thi hành" (modelled on QĐ-UBND of the corpus). */
static const char ASSIGN_QD[] =
    "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
    "Số: 12/2025/QĐ-UBND Bắc Ninh, ngày 05 tháng 3 năm 2025\n\n"
    "QUYẾT ĐỊNH\nBan hành Quy chế phối hợp quản lý dự toán\n\n"
    "ỦY BAN NHÂN DÂN TỈNH BẮC NINH\n\n"
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;\n\n"
    "Theo đề nghị của Sở Tư pháp tại Tờ trình số 15/TTr-STP.\n\n"
    "QUYẾT ĐỊNH:\n\n"
    "Điều 1. Trách nhiệm của Sở Tài chính\n\n"
    "1. Chủ trì thẩm định dự toán.\n\n"
    "2. Hướng dẫn các đơn vị:\n\n"
    "a) Lập kế hoạch;\n\n"
    "b) Báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện.\n\n"
    "Điều 2. Tổ chức thực hiện\n\n"
    "1. Giao Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Sở Tài chính, Sở Xây dựng\n"
    "và các sở, ngành, địa phương triển khai thực hiện.\n\n"
    "2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh phối hợp tuyên truyền.\n\n"
    "3. Sở Y tế có trách nhiệm hướng dẫn các cơ sở khám bệnh, chữa bệnh.\n\n"
    "4. Yêu cầu UBND các huyện, thị xã, thành phố báo cáo kết quả về Sở Tài chính.\n\n"
    "5. Bộ trưởng Bộ Y tế quy định các nội dung sau đây.\n\n"
    "Điều 3. Chánh Văn phòng Ủy ban nhân dân\n"
    "tỉnh, Giám đốc Sở Tài chính, Thủ trưởng các cơ quan, đơn vị và Chủ tịch Ủy ban nhân dân các xã,\n"
    "phường chịu trách nhiệm thi hành Quyết định này./.\n\n"
    "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n"
    "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn A\n";

START_TEST(test_assignee_forms_decision)
{
    vb_doc_t *d = parse_str(ASSIGN_QD);
    /* an article titled "Trách nhiệm của X": its khoản and điểm inherit X */
    const char *sotc[] = { "d1", "d1.1", "d1.2", "d1.2.a", "d1.2.b" };
    for (size_t i = 0; i < 5; i++) assert_assignees(must_clause(d, sotc[i]), "Sở Tài chính/c");
    assert_assignees(must_clause(d, "d2"), "");
    /* Giao X chủ trì, phối hợp với Y: one value per body, a class as written */
    assert_assignees(must_clause(d, "d2.1"), "Sở Nông nghiệp và Môi trường/c|Sở Tài chính/p|Sở Xây dựng/p|"
                                             "Các sở, ngành, địa phương/p");
    ck_assert_str_eq(must_clause(d, "d2.1")->assignee, "Sở Nông nghiệp và Môi trường");
    assert_assignees(must_clause(d, "d2.2"), "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh/c");
    assert_assignees(must_clause(d, "d2.3"), "Sở Y tế/c");
    /* abbreviations written out; the receiver of a report is not an assignee */
    assert_assignees(must_clause(d, "d2.4"), "Ủy ban nhân dân các huyện, thị xã, thành phố/c");
    /* the body only, no verb or object */
    assert_assignees(must_clause(d, "d2.5"), "Bộ trưởng Bộ Y tế/c");
    /* the closing article, its list over a line break */
    assert_assignees(must_clause(d, "d3"), "Chánh Văn phòng Ủy ban nhân dân tỉnh/c|Giám đốc Sở Tài chính/c|"
                                           "Thủ trưởng các cơ quan, đơn vị/c|"
                                           "Chủ tịch Ủy ban nhân dân các xã, phường/c");
    /* "theo đề nghị của Sở Tư pháp" only mentions it; header and closing carry none */
    for (size_t i = 0; i < d->clause_count; i++) {
        const vb_clause_t *c = &d->clauses[i];
        if (c->path[0] == 'p' || !strcmp(c->path, "h") || !strcmp(c->path, "f"))
            ck_assert_msg(c->assignee_count == 0 && !c->assignee, "clause %s has assignees", c->path);
    }
    vb_doc_free(d);
}
END_TEST

/* A letter addressed to Sở Tài chính: the addressee is no assignee; the items
 * give work by "Giao X, Y, Z", a lead-in "Các bộ, ngành, địa phương:", a subject
 * "X chủ động …, phối hợp với Y", a lettered lead-in "a) X:" whose bullets
 * inherit, and a bullet whose own subject cooperates. */
static const char ASSIGN_CV[] =
    "ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG THÁP\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
    "Số: 250/UBND-KT Đồng Tháp, ngày 10 tháng 4 năm 2025\n"
    "V/v triển khai thực hiện Chỉ thị số 05/CT-TTg\n\n"
    "Kính gửi:\n- Sở Tài chính;\n- Sở Xây dựng;\n- Ủy ban nhân dân các huyện, thành phố.\n\n"
    "Thực hiện Chỉ thị số 05/CT-TTg ngày 01 tháng 3 năm 2025 của Thủ tướng Chính phủ, Ủy ban nhân\n"
    "dân tỉnh có ý kiến như sau:\n\n"
    "1. Giao Sở Nông nghiệp và Môi trường, Sở Tài chính, Sở Xây dựng rà soát các dự án;\n"
    "báo cáo Ủy ban nhân dân tỉnh trước ngày 30/4/2025.\n\n"
    "2. Các bộ, ngành, địa phương:\n\n"
    "- Tổ chức quán triệt nội dung Chỉ thị;\n\n"
    "- Bố trí kinh phí thực hiện.\n\n"
    "3. Công an tỉnh chủ động nắm tình hình, phối hợp với Bộ Chỉ huy Quân sự tỉnh bảo đảm an ninh.\n\n"
    "4. Về công tác tuyên truyền:\n\n"
    "a) Sở Văn hóa, Thể thao và Du lịch:\n\n"
    "- Chủ trì tổ chức tuyên truyền;\n\n"
    "- Sở Y tế phối hợp cung cấp thông tin.\n\n"
    "Đề nghị các đơn vị khẩn trương thực hiện./.\n\n"
    "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrần Văn B\n";

START_TEST(test_assignee_forms_letter)
{
    vb_doc_t *d = parse_str(ASSIGN_CV);
    ck_assert_uint_ge(d->recipient_count, 1);
    assert_assignees(must_clause(d, "p1"), "");
    assert_assignees(must_clause(d, "1"), "Sở Nông nghiệp và Môi trường/c|Sở Tài chính/c|Sở Xây dựng/c");
    assert_assignees(must_clause(d, "2"), "Các bộ, ngành, địa phương/c");
    assert_assignees(must_clause(d, "2.1"), "Các bộ, ngành, địa phương/c");
    assert_assignees(must_clause(d, "2.2"), "Các bộ, ngành, địa phương/c");
    assert_assignees(must_clause(d, "3"), "Công an tỉnh/c|Bộ Chỉ huy Quân sự tỉnh/p");
    assert_assignees(must_clause(d, "4"), "");
    assert_assignees(must_clause(d, "4.a"), "Sở Văn hóa, Thể thao và Du lịch/c");
    assert_assignees(must_clause(d, "4.a.1"), "Sở Văn hóa, Thể thao và Du lịch/c");
    /* a bullet whose subject cooperates keeps the lead it stands under */
    assert_assignees(must_clause(d, "4.a.2"), "Sở Văn hóa, Thể thao và Du lịch/c|Sở Y tế/p");
    assert_assignees(must_clause(d, "c1"), "Các đơn vị/c");
    assert_assignees(must_clause(d, "h"), "");
    assert_assignees(must_clause(d, "f"), "");
    vb_doc_free(d);
}
END_TEST

/* Not bodies: a number that folds like "Sở", a lone head word, "Ban hành" */
START_TEST(test_assignee_not_bodies)
{
    static const char T[] =
        "BỘ TÀI CHÍNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Số: 10/2025/TT-BTC Hà Nội, ngày 01 tháng 01 năm 2025\n\nTHÔNG TƯ\nHướng dẫn quản lý quỹ\n\n"
        "Điều 1. Phạm vi điều chỉnh\n\n"
        "1. Số dư tiền quỹ bảo hiểm cuối kỳ được chuyển sang kỳ sau.\n\n"
        "2. Ban hành kèm theo Thông tư này các biểu mẫu.\n\n"
        "3. Trung tâm.\n\n"
        "4. Báo cáo Bộ Tài chính trước ngày 31 tháng 12.\n";
    vb_doc_t *d = parse_str(T);
    const char *none[] = { "d1", "d1.1", "d1.2", "d1.3", "d1.4" };
    for (size_t i = 0; i < 5; i++) assert_assignees(must_clause(d, none[i]), "");
    vb_doc_free(d);
}
END_TEST

/* ---------------------------------------------------------------- issuing bodies */

static void canon_is(const char *in, const char *want)
{
    char *v = d_body_canonical(in, strlen(in));
    ck_assert_ptr_nonnull(v);
    ck_assert_msg(!strcmp(v, want), "canonical of [%s] is [%s], want [%s]", in, v, want);
    free(v);
}

START_TEST(test_body_canonical)
{
    /* spellings of one body, as the real headers and queries write them */
    canon_is("UBND tỉnh Bắc Ninh", "Ủy ban nhân dân tỉnh Bắc Ninh");
    canon_is("Uỷ ban nhân dân tỉnh BẮC NINH", "Ủy ban nhân dân tỉnh Bắc Ninh");
    canon_is("ỦY BAN NHÂN DÂN TỈNH BẮC NINH", "Ủy ban nhân dân tỉnh Bắc Ninh");
    canon_is("Ủy ban nhân dân tỉnh Bắc Ninh Cộng Hòa Xã", "Ủy ban nhân dân tỉnh Bắc Ninh");
    canon_is("Ủy ban nhân dân tỉnh ĐẮK LẮK", "Ủy ban nhân dân tỉnh Đắk Lắk");
    canon_is("Ủy ban nhân dân tỉnh Thanh Hoá", "Ủy ban nhân dân tỉnh Thanh Hóa");
    canon_is("UBND TP Hải Phòng", "Ủy ban nhân dân thành phố Hải Phòng");
    canon_is("Ủy ban nhân dân thành phố Hà Nội Nghĩa Việt Nam", "Ủy ban nhân dân thành phố Hà Nội");
    canon_is("UBND tinh Bac Ninh", "Ủy ban nhân dân tỉnh Bắc Ninh");
    /* ministries: official capitals, doubled names, abbreviations */
    canon_is("Bộ Kế hoạch và đầu tư", "Bộ Kế hoạch và Đầu tư");
    canon_is("Bộ Lao động - thương binh và xã hội Bộ Lao động - thương binh và xã hội",
             "Bộ Lao động - Thương binh và Xã hội");
    canon_is("BỘ KHOA HỌC VA CÔNG NGHỆ", "Bộ Khoa học và Công nghệ");
    canon_is("BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội");
    canon_is("BTC", "Bộ Tài chính");
    canon_is("Bộ Tài chính Việt Nam", "Bộ Tài chính");
    canon_is("Bộ Tài chính hệ thống báo cáo tài chính", "Bộ Tài chính");
    /* debris and stray syllables before the body, motto after it */
    canon_is("JT7ĐT- Chính phủ", "Chính phủ");
    canon_is("TIPT thủ tướng Chính phủ", "Thủ tướng Chính phủ");
    canon_is("Thu TUONG Chinh phu cổng thông", "Thủ tướng Chính phủ");
    canon_is("Chinh phu", "Chính phủ");
    canon_is("Chính phủ cộng hòa xã", "Chính phủ");
    canon_is("Cục Thuế nghĩa Việt Nam", "Cục Thuế");
    /* departments and units */
    canon_is("Sở Tài chính", "Sở Tài chính");
    canon_is("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo");
    canon_is("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI TỈNH NGHỆ AN", "Sở Lao động - Thương binh và Xã hội tỉnh Nghệ An");
    canon_is("Cục Thuế tỉnh Đắk Lắk", "Cục Thuế tỉnh Đắk Lắk");
    canon_is("BAN CHỈ ĐẠO 799", "Ban Chỉ đạo 799");
    canon_is("Công an tỉnh", "Công an tỉnh");
    canon_is("Chủ tịch nhân dân thành phố Huế", "Chủ tịch Ủy ban nhân dân thành phố Huế");
    /* a joint issue, its bodies once each (0151_01-2022-ttlt-vksndtc.txt lists them in two columns) */
    canon_is("VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO - TÒA ÁN NHÂN DÂN TỐI CAO - BỘ CÔNG AN - BỘ LAO ĐỘNG - THƯƠNG BINH VÀ "
             "XÃ HỘI VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO - TÒA ÁN NHÂN DÂN TỐI CAO - BỘ",
             "Viện kiểm sát nhân dân tối cao - Tòa án nhân dân tối cao - Bộ Công an - Bộ Lao động - Thương binh "
             "và Xã hội");
    /* a word of a name stays a word */
    canon_is("Hải Phòng", "Hải Phòng");
    ck_assert(!d_body_plausible("Thong"));
    ck_assert(!d_body_plausible("Bộ"));
    ck_assert(d_body_plausible("Bộ Tài chính"));
}
END_TEST

START_TEST(test_header_issuer_layouts)
{
    /* agency and motto on one line: the CÔNG of "BỘ CÔNG AN" is no motto */
    vb_doc_t *d = parse_str("          BỘ CÔNG AN                     CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                            "                         Độc lập – Tự do – Hạnh phúc\n"
                            "  Số: 65/2026/TT-BCA\n"
                            "                      Hà Nội, ngày 19 tháng 5 năm 2026\n\nTHÔNG TƯ\n"
                            "Quy định về công tác\n\nĐiều 1. Phạm vi\nNội dung.\n");
    ck_assert_uint_eq(d->issuer_count, 1);
    ck_assert_str_eq(d->issuer[0], "Bộ Công an");
    vb_doc_free(d);
    /* a name wrapped inside "ỦY / BAN" */
    d = parse_str("CHỦ TỊCH ỦY\nBAN NHÂN DÂN\nTỈNH ĐỒNG THÁP\n--------\n\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM\n"
                  "Độc lập - Tự do - Hạnh phúc\n---------------\n\nSố:\n144/2025/QĐ-CTUBND\n\n"
                  "Đồng Tháp, ngày 1 tháng 7 năm 2025\n\nQUYẾT ĐỊNH\nVề việc công bố\n\nĐiều 1. Công bố.\n");
    ck_assert_uint_eq(d->issuer_count, 1);
    ck_assert_str_eq(d->issuer[0], "Chủ tịch Ủy ban nhân dân tỉnh Đồng Tháp");
    vb_doc_free(d);
    /* agency and motto columns flattened onto one line, place in capitals */
    d = parse_str("ỦY BAN NHÂN DÂN TỈNH BẮC NINH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                  "Độc lập - Tự do - Hạnh phúc\nSố: 12/2025/QĐ-UBND Bắc Ninh, ngày 3 tháng 4 năm 2025\n\n"
                  "QUYẾT ĐỊNH\nVề việc ban hành\n\nĐiều 1. Ban hành.\n");
    ck_assert_uint_eq(d->issuer_count, 1);
    ck_assert_str_eq(d->issuer[0], "Ủy ban nhân dân tỉnh Bắc Ninh");
    vb_doc_free(d);
    /* a unit under its ministry: both levels, top first */
    d = parse_str("BỘ TÀI CHÍNH\nCỤC THUẾ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                  "Độc lập - Tự do - Hạnh phúc\n---------------\nSố: 5526/CT-CS\nV/v chính sách thuế\n"
                  "Hà Nội, ngày 5 tháng 11 năm 2025\n\nKính gửi: Thuế tỉnh Tây Ninh.\n\nCục Thuế nhận được công văn.\n");
    ck_assert_uint_eq(d->issuer_count, 2);
    ck_assert_str_eq(d->issuer[0], "Bộ Tài chính");
    ck_assert_str_eq(d->issuer[1], "Cục Thuế");
    vb_doc_free(d);
}
END_TEST

START_TEST(test_header_place_wrapped)
{
    /* the place wrapped before the date, and the date's year on the next line */
    vb_doc_t *d = parse_str("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\n-------\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                            "Độc lập - Tự do - Hạnh phúc\n---------------\n\nSố: 172/KH-UBND\n\nThành phố Hồ Chí\n"
                            "Minh, ngày 18 tháng 11 năm 2025\n\nKẾ HOẠCH\nTriển khai\n\nThực hiện Quyết định.\n");
    ck_assert_str_eq(d->place, "Hồ Chí Minh");
    ck_assert_str_eq(d->date, "2025-11-18");
    ck_assert_str_eq(d->issuer[0], "Ủy ban nhân dân Thành phố Hồ Chí Minh");
    vb_doc_free(d);
    d = parse_str("CỤC HẢI QUAN\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                  "---------------\nSố: 37698/TB-CHQ\n\nHà\nNội, ngày 21 tháng 11 năm\n2025\n\nTHÔNG BÁO\n"
                  "Về kết quả xác định trước mã số\n\nCăn cứ Luật Hải quan.\n");
    ck_assert_str_eq(d->place, "Hà Nội");
    ck_assert_str_eq(d->date, "2025-11-21");
    vb_doc_free(d);
    /* a number's columns before the place are no part of it */
    d = parse_str("VĂN PHÒNG CHÍNH PHỦ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                  "Số: 537/TB-VPCP Hà Nội, ngày 3 tháng 12 năm 2025\n\nTHÔNG BÁO\nKết luận\n\nNgày 1, Thủ tướng họp.\n");
    ck_assert_str_eq(d->place, "Hà Nội");
    vb_doc_free(d);
}
END_TEST

START_TEST(test_signer_wrapped)
{
    /* the family name alone on the line above; a title wrapped inside its words */
    vb_doc_t *d = parse_str("KIỂM TOÁN NHÀ NƯỚC\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                            "Độc lập - Tự do - Hạnh phúc\n---------------\nSố: 1760/QĐ-KTNN\n"
                            "Hà Nội, ngày 1 tháng 12 năm 2025\n\nQUYẾT ĐỊNH\nVề việc ban hành\n\n"
                            "Điều 1. Ban hành quy định.\nĐiều 2. Hiệu lực./.\n\nNơi nhận:\n- Như Điều 2;\n- Lưu: VT.\n\n"
                            "TỔNG KIỂM TOÁN NHÀ\nNƯỚC\n\n\nPhạm\nMạnh Cường\n");
    ck_assert_ptr_nonnull(d->signer.name);
    ck_assert_str_eq(d->signer.name, "Phạm Mạnh Cường");
    ck_assert_ptr_nonnull(d->signer.title);
    ck_assert_str_eq(d->signer.title, "Tổng kiểm toán Nhà nước");
    ck_assert_str_eq(d->issuer[0], "Kiểm toán Nhà nước");
    vb_doc_free(d);
}
END_TEST

START_TEST(test_issuer_without_block)
{
    /* a Công báo consolidated text: no issuing block, the body's code in the symbol */
    vb_doc_t *d = parse_str("CÔNG BÁO/Số 347 + 348/Ngày 25-02-2025\n68\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                            "Độc lập - Tự do - Hạnh phúc\nTHÔNG TƯ\nHướng dẫn quản lý lao động\n\n"
                            "Điều 1. Phạm vi\nNội dung.\n\nXÁC THỰC VĂN BẢN HỢP NHẤT\nSố: 463/VBHN-BLĐTBXH\n"
                            "Hà Nội, ngày 20 tháng 01 năm 2025\nBỘ TRƯỞNG\n\nĐào Ngọc Dung\n");
    ck_assert_uint_eq(d->issuer_count, 1);
    ck_assert_str_eq(d->issuer[0], "Bộ Lao động - Thương binh và Xã hội");
    vb_doc_free(d);
    /* a signature stamp at the top, typed without diacritics */
    d = parse_str("Ký bởi: BO QUOC PHÒNG\nNgày ký: 07-10-2025\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                  "Độc lập - Tự do - Hạnh phúc\n\nNGHỊ ĐỊNH\nQuy định trình tự\n\nĐiều 1. Phạm vi\nNội dung.\n");
    ck_assert_uint_eq(d->issuer_count, 1);
    ck_assert_str_eq(d->issuer[0], "Bộ Quốc phòng");
    vb_doc_free(d);
    /* a code that names no central body gives nothing */
    d = parse_str("Số: 5526/CT-CS\nHà Nội, ngày 1 tháng 2 năm 2025\n\nKính gửi: Thuế tỉnh Tây Ninh.\n\nNội dung.\n");
    ck_assert_uint_eq(d->issuer_count, 0);
    vb_doc_free(d);
}
END_TEST

START_TEST(test_vbhn_block)
{
    /* a consolidated text (Công báo layout of 0097/0199): the header names the consolidated
     * instrument; the XÁC THỰC block at the end gives number, date, place, body and signer,
     * with a running head and a page number inside it */
    vb_doc_t *d = parse_str("CÔNG BÁO/Số 321/Ngày 10-06-2026\n13\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                            "Độc lập - Tự do - Hạnh phúc\n\nTHÔNG TƯ\nQuy định về quản lý vật liệu nổ\n"
                            "Thông tư số 23/2024/TT-BCT ngày 07 tháng 11 năm 2024 của Bộ trưởng Bộ Công Thương, có\n"
                            "hiệu lực kể từ ngày 01 tháng 01 năm 2025, được sửa đổi, bổ sung bởi:\n\n"
                            "Điều 1. Phạm vi điều chỉnh\nThông tư này quy định về quản lý.\n"
                            "Điều 2. Hiệu lực\nThông tư này có hiệu lực./.\n\n"
                            "BỘ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI\n\nSố: 4496/VBHN-BLĐTBXH\n\n71\n"
                            "CÔNG BÁO/Số 1043 + 1044/Ngày 18-12-2021\n\nXÁC THỰC VĂN BẢN HỢP NHẤT\n\n\n"
                            "Hà Nội, ngày 06 tháng 12 năm 2021\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\nLê Văn Thanh\n");
    ck_assert_str_eq(d->number, "4496/VBHN-BLĐTBXH");
    ck_assert_str_eq(d->date, "2021-12-06");
    ck_assert_str_eq(d->place, "Hà Nội");
    ck_assert_uint_eq(d->issuer_count, 1);
    ck_assert_str_eq(d->issuer[0], "Bộ Lao động - Thương binh và Xã hội");
    ck_assert_str_eq(d->signer.name, "Lê Văn Thanh");
    ck_assert_str_eq(d->signer.title, "KT. Bộ trưởng, Thứ trưởng");
    ck_assert_str_eq(d->type, "Văn bản hợp nhất");
    vb_doc_free(d);
    /* the number above "XÁC THỰC", the date of the first instrument in the header replaced */
    d = parse_str("BỘ Y TẾ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                  "Hà Nội, ngày 01 tháng 5 năm 2015\n\nTHÔNG TƯ\nBan hành Danh mục thuốc\n\n"
                  "Điều 1. Ban hành\nBan hành kèm theo./.\n\nBỘ Y TẾ\n\nSố: 04/VBHN-BYT\nXÁC THỰC VĂN BẢN HỢP NHẤT\n\n"
                  "Hà Nội, ngày 13 tháng 4 năm 2018\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\nPhạm Lê Tuấn\n");
    ck_assert_str_eq(d->number, "04/VBHN-BYT");
    ck_assert_str_eq(d->date, "2018-04-13");
    ck_assert_str_eq(d->issuer[0], "Bộ Y tế");
    ck_assert_str_eq(d->signer.name, "Phạm Lê Tuấn");
    vb_doc_free(d);
}
END_TEST

START_TEST(test_adoption_date)
{
    /* a resolution of UBTVQH (0261): no place-and-date line; the adoption date, wrapped */
    vb_doc_t *d = parse_str("ỦY BAN THƯỜNG VỤ QUỐC HỘI\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                            "Độc lập - Tự do - Hạnh phúc\n---------------\nNghị quyết số: 24/2022/UBTVQH15\n\n"
                            "NGHỊ QUYẾT\nVề chính sách hỗ trợ\n\nĐiều 1. Hỗ trợ\nHỗ trợ người lao động.\n"
                            "Điều 2. Hiệu lực thi hành\nNghị quyết này có hiệu lực thi hành kể từ ngày thông qua.\n\n"
                            "Nghị quyết này được Ủy ban Thường vụ Quốc hội của nước Cộng hòa xã hội\n"
                            "chủ nghĩa Việt Nam khóa XV, phiên họp thứ 14 thông qua ngày 11 tháng 8 năm 2022./.\n\n"
                            "TM. ỦY BAN THƯỜNG VỤ QUỐC HỘI\nCHỦ TỊCH\n\nVương Đình Huệ\n");
    ck_assert_str_eq(d->date, "2022-08-11");
    ck_assert_ptr_null(d->place);
    ck_assert_str_eq(d->signer.name, "Vương Đình Huệ");
    vb_doc_free(d);
}
END_TEST

START_TEST(test_place_date_garbled)
{
    /* OCR (0889): number, place and date on one line, the day unreadable: the place stays */
    vb_doc_t *d = parse_str("THỦ TƯỚNG CHÍNH PHỦ CONG HOA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                            "Số: 190 /CD-TTg Hà Nội, ngày OTftháng10 năm 2025\nCÔNG ĐIỆN\nV/v quyết liệt thực hiện\n\n"
                            "Các bộ, ngành thực hiện ngay.\n");
    ck_assert_str_eq(d->number, "190/CD-TTg");
    ck_assert_str_eq(d->place, "Hà Nội");
    ck_assert_ptr_null(d->date);
    vb_doc_free(d);
    /* the place wrapped mid-name after a V/v subject (0616): "Thành / phố Hồ Chí Minh, ngày …" */
    d = parse_str("ỦY\nBAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\n--------\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                  "Độc lập - Tự do - Hạnh phúc\n---------------\nSố: 4085/UBND-ĐT\nV/v rà soát và\n"
                  "chuẩn hóa dữ liệu số nhà\nThành\nphố Hồ Chí Minh, ngày 25 tháng 11 năm 2025\n\nKính gửi: Sở Xây dựng\n\n"
                  "Ủy ban nhân dân Thành phố có ý kiến như sau.\n");
    ck_assert_str_eq(d->place, "Hồ Chí Minh");
    ck_assert_str_eq(d->date, "2025-11-25");
    ck_assert_str_eq(d->subject, "rà soát và chuẩn hóa dữ liệu số nhà");
    ck_assert_str_eq(d->issuer[0], "Ủy ban nhân dân Thành phố Hồ Chí Minh");
    vb_doc_free(d);
    /* the place alone with its comma, the date on the next line (0428, 0692) */
    d = parse_str("HỘI ĐỒNG NHÂN DÂN\nTHÀNH PHỐ HUẾ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                  "Độc lập - Tự do - Hạnh phúc\n---------------\nSố: 37/2025/NQ-HĐND\n\nThành phố Huế,\n"
                  "ngày 18 tháng 11 năm 2025 *\n\nNGHỊ QUYẾT\nQuy định mức chi\n\nCăn cứ Luật Tổ chức chính quyền.\n");
    ck_assert_str_eq(d->place, "Huế");
    ck_assert_str_eq(d->date, "2025-11-18");
    vb_doc_free(d);
    /* an adoption date glued to the word before it ("khóa XVthông qua ngày") */
    d = parse_str("ỦY BAN THƯỜNG VỤ QUỐC HỘI\n-------\nSố: 1661/NQ-UBTVQH15\n\nNGHỊ QUYẾT\nVề việc sắp xếp\n\n"
                  "Điều 1. Sắp xếp\nSắp xếp các đơn vị.\n\nNghị quyết này được Ủy ban Thường vụ Quốc hội khóa "
                  "XVthông qua ngày 16 tháng 6 năm 2025.\n\nTM. ỦY BAN THƯỜNG VỤ QUỐC HỘI\nCHỦ TỊCH\n\nTrần Thanh Mẫn\n");
    ck_assert_str_eq(d->date, "2025-06-16");
    vb_doc_free(d);
}
END_TEST

START_TEST(test_signer_classes)
{
    static const char HEAD[] = "ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                               "Độc lập - Tự do - Hạnh phúc\n---------------\nSố: 2003/QĐ-UBND\n"
                               "Cao Bằng, ngày 25 tháng 11 năm 2025\n\nQUYẾT ĐỊNH\nVề việc phê duyệt\n\n"
                               "Điều 1. Phê duyệt danh sách.\nĐiều 2. Hiệu lực./.\n\nNơi nhận:\n- Như Điều 2;\n- Lưu: VT.\n\n";
    /* the name under the titles; an appendix table's row after it is no signer (0668) */
    char buf[2048];
    snprintf(buf, sizeof buf, "%s%s", HEAD,
             "TM. UỶ BAN NHÂN\nDÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nHoàng Văn Thạch\n\n"
             "DANH SÁCH XÃ, PHƯỜNG MIỀN NÚI\n(Ban hành kèm theo Quyết định số 2003/QĐ-UBND)\nSTT\nTên xã\n1\nPhường Thục Phán\n");
    vb_doc_t *d = parse_str(buf);
    ck_assert_str_eq(d->signer.name, "Hoàng Văn Thạch");
    vb_doc_free(d);
    /* a line in capitals is no name ("VĂN BẢN", "PHÓ THỦ TƯỚNGy]"); a rank before the name */
    snprintf(buf, sizeof buf, "%s%s", HEAD,
             "KT. CHỦ TỊCH\n     PHÓ CHỦ TỊCHy]\n\nĐại tướng Lương Tam Quang\n\nFILE ĐƯỢC ĐÍNH KÈM THEO\nVĂN BẢN\n");
    d = parse_str(buf);
    ck_assert_str_eq(d->signer.name, "Lương Tam Quang");
    vb_doc_free(d);
    /* OCR merged the signature column into the list (0913) */
    d = parse_str("THỦ TƯỚNG CHÍNH PHỦ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                  "Số: 30/CT-TTg\nHà Nội, ngày 6 tháng 10 năm 2025\n\nCHỈ THỊ\nVề việc tăng cường\n\n"
                  "Các bộ thực hiện nghiêm Chỉ thị này.\n\nNơi nhận: KT. THỦ TƯỚNG\n- Ban Bí thư;\n"
                  "- Thủ tướng, các Phó Thủ tướng Chính phủ; PHO THU TƯƠNG\n- Kiểm toán nhà nước; Bùi Thanh Sơn\n"
                  "- Lưu: VT, CN.\n");
    ck_assert_str_eq(d->signer.name, "Bùi Thanh Sơn");
    vb_doc_free(d);
}
END_TEST

/* OCR doubles the "Đ" of a type code (a real scan: "225/QĐĐ-BLĐTBXH"); a
 * body code ending in "ĐĐ" that collapses to no type code is left alone. */
START_TEST(test_number_ocr_doubled_d)
{
    vb_doc_t *d = parse_str("BỘ CÔNG THƯƠNG\nSố: 3361/QĐĐ-BCT\nHà Nội, ngày 18 tháng 11 năm 2025\n\nQUYẾT ĐỊNH\nVề việc x\n");
    ck_assert_str_eq(d->number, "3361/QĐ-BCT");
    ck_assert_str_eq(d->type, "Quyết định");
    vb_doc_free(d);
    d = parse_str("CHÍNH PHỦ\nSố: 30/2020/NĐĐ-CP\nHà Nội, ngày 5 tháng 3 năm 2020\n");
    ck_assert_str_eq(d->number, "30/2020/NĐ-CP");
    vb_doc_free(d);
    d = parse_str("ỦY BAN\nSố: 12/KH-BCĐĐ\nHà Nội, ngày 5 tháng 3 năm 2020\n");
    ck_assert_str_eq(d->number, "12/KH-BCĐĐ");
    vb_doc_free(d);
}
END_TEST

START_TEST(test_unit_head_wrapped)
{
    /* "CỤC" alone, its name on the next line (0866) */
    vb_doc_t *d = parse_str("BỘ TÀI CHÍNH\nCỤC\nHẢI QUAN\n-------\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM\n"
                            "Độc lập - Tự do - Hạnh phúc\n---------------\nSố: 37700/TB-CHQ\n"
                            "Hà Nội, ngày 21 tháng 11 năm 2025\n\nTHÔNG BÁO\nVề kết quả xác định trước mã số\n\n"
                            "Căn cứ Luật Hải quan.\n");
    ck_assert_uint_eq(d->issuer_count, 2);
    ck_assert_str_eq(d->issuer[0], "Bộ Tài chính");
    ck_assert_str_eq(d->issuer[1], "Cục Hải quan");
    vb_doc_free(d);
}
END_TEST

START_TEST(test_infer_from_name)
{
    const char *body = "Căn cứ Luật Quản lý thuế;\nCục Thuế hướng dẫn như sau.\n";
    vb_doc_t *d = parse_str(body);
    ck_assert_ptr_null(d->number);
    ck_assert_int_eq(vb_doc_infer_from_name(d, "/x/docs/0761_5526-ct-cs.txt"), VB_OK);
    ck_assert_str_eq(d->number, "5526/CT-CS");
    ck_assert_int_eq(d->number_inferred, 1);
    int warned = 0;
    for (size_t i = 0; i < d->warning_count; i++) warned |= strstr(d->warnings[i], "file name") != NULL;
    ck_assert(warned);
    vb_doc_free(d);
    d = parse_str(body);
    ck_assert_int_eq(vb_doc_infer_from_name(d, "0002_158-2025-nd-cp.txt"), VB_OK);
    ck_assert_str_eq(d->number, "158/2025/NĐ-CP");
    ck_assert_str_eq(d->type, "Nghị định");
    vb_doc_free(d);
    /* a slug, or a name with words: nothing */
    const char *none[] = { "huong-dan-quyet-toan-thue.txt", "0885_187-ttg-signed2.txt", "luat-so-51-2024.txt",
                           "2222ttg-signed.txt", NULL };
    for (size_t i = 0; none[i]; i++) {
        d = parse_str(body);
        ck_assert_int_eq(vb_doc_infer_from_name(d, none[i]), VB_OK);
        ck_assert_msg(d->number == NULL, "%s gave %s", none[i], d->number);
        ck_assert_int_eq(d->number_inferred, 0);
        vb_doc_free(d);
    }
    /* the text's number is never overridden */
    d = parse_str("Số: 10/CT-TTg\nHà Nội, ngày 1 tháng 2 năm 2020\n\nCHỈ THỊ\nVề việc\n\n1. Các bộ.\n");
    ck_assert_int_eq(vb_doc_infer_from_name(d, "0001_99-qd-ttg.txt"), VB_OK);
    ck_assert_str_eq(d->number, "10/CT-TTg");
    ck_assert_int_eq(d->number_inferred, 0);
    vb_doc_free(d);
    ck_assert_int_eq(vb_doc_infer_from_name(NULL, "x.txt"), VB_ERR_INVALID_ARG);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("doc");
    TCase *tc = tcase_create("seed");
    tcase_add_test(tc, test_seed_header);
    tcase_add_test(tc, test_seed_clauses);
    tcase_add_test(tc, test_seed_citations);
    tcase_add_test(tc, test_seed_line_starts);
    suite_add_tcase(s, tc);
    tc = tcase_create("layouts");
    tcase_add_test(tc, test_layout_a);
    tcase_add_test(tc, test_layout_b);
    tcase_add_test(tc, test_layout_c);
    suite_add_tcase(s, tc);
    tc = tcase_create("clauses");
    tcase_add_test(tc, test_clause_shapes_items);
    tcase_add_test(tc, test_preamble_and_closing);
    suite_add_tcase(s, tc);
    tc = tcase_create("citations");
    tcase_add_test(tc, test_citation_shapes);
    tcase_add_test(tc, test_type_canonical);
    tcase_add_test(tc, test_fold_helper_sanity);
    suite_add_tcase(s, tc);
    tc = tcase_create("assignees");
    tcase_add_test(tc, test_structure_wrapped_phu_luc);
    tcase_add_test(tc, test_structure_attached_quy_che);
    tcase_add_test(tc, test_structure_quoted_amendment);
    tcase_add_test(tc, test_assignee_classes_dien);
    tcase_add_test(tc, test_assignee_classes_decision);
    tcase_add_test(tc, test_assignee_forms_decision);
    tcase_add_test(tc, test_assignee_forms_letter);
    tcase_add_test(tc, test_assignee_not_bodies);
    suite_add_tcase(s, tc);

    tc = tcase_create("issuers");
    tcase_add_test(tc, test_body_canonical);
    tcase_add_test(tc, test_header_issuer_layouts);
    tcase_add_test(tc, test_header_place_wrapped);
    tcase_add_test(tc, test_signer_wrapped);
    tcase_add_test(tc, test_issuer_without_block);
    tcase_add_test(tc, test_infer_from_name);
    tcase_add_test(tc, test_vbhn_block);
    tcase_add_test(tc, test_adoption_date);
    tcase_add_test(tc, test_place_date_garbled);
    tcase_add_test(tc, test_signer_classes);
    tcase_add_test(tc, test_unit_head_wrapped);
    tcase_add_test(tc, test_number_ocr_doubled_d);
    suite_add_tcase(s, tc);
    tc = tcase_create("hostile");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_empty_and_odd);
    tcase_add_test(tc, test_many_items);
    tcase_add_test(tc, test_huge_paragraph);
    suite_add_tcase(s, tc);
    return vb_test_run(s);
}
