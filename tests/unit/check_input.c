/* Input formats (src/lib/input): detection by content, never by name; the
 * HTML reader's main content; the DOCX reader's list labels, tables and
 * notes on a document built here with libzip; a format this build lacks is
 * VB_ERR_UNSUPPORTED with a message; broken files are VB_ERR_FORMAT with a
 * message that says what is wrong. */
#include <stdio.h>
#include "testutil.h"
#include "vanban.h"
#ifdef VB_HAVE_ZIP
#include <zip.h>
#endif

static vb_status_t read_str(const char *s, size_t n, vb_text_t **t)
{
    return vb_text_read_bytes(s, n, NULL, VB_ENC_AUTO, VB_READ_NO_OCR, t);
}

START_TEST(test_detect_by_content)
{
    static const struct { const char *bytes; size_t len; vb_format_t want; vb_status_t st; } cases[] = {
        { "Số: 5/CT-UBND\nHà Nội", 23, VB_FMT_TEXT, VB_OK },
        { "<!DOCTYPE html><html><body><p>Chỉ thị</p></body></html>", 57, VB_FMT_HTML, VB_OK },
        { "  \n<HTML><BODY>Công văn</BODY></HTML>", 38, VB_FMT_HTML, VB_OK },
        /* text that merely mentions a tag is text */
        { "Văn bản <html> trong câu", 26, VB_FMT_TEXT, VB_OK },
        { "%PDF-1.4\n%junk", 14, VB_FMT_PDF, VB_ERR_FORMAT },
        { "PK\x03\x04garbage[Content_Types].xml", 31, VB_FMT_DOCX, VB_ERR_FORMAT },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        vb_text_t *t = NULL;
        vb_status_t st = read_str(cases[i].bytes, cases[i].len, &t);
        if (!(vb_formats_built() & (1u << cases[i].want))) {
            ck_assert_int_eq(st, VB_ERR_UNSUPPORTED);
            continue;
        }
        ck_assert_msg(st == cases[i].st, "case %zu: %s (%s)", i, vb_status_to_string(st), vb_last_error());
        if (st == VB_OK) {
            ck_assert_int_eq(t->format, cases[i].want);
            vb_text_free(t);
        } else {
            ck_assert_msg(strlen(vb_last_error()) > 10, "case %zu: no message", i);
        }
    }
    ck_assert_str_eq(vb_format_name(VB_FMT_PDF), "pdf");
    ck_assert_str_eq(vb_format_name(VB_FMT_COUNT_), "unknown");
    ck_assert(vb_formats_built() & (1u << VB_FMT_TEXT));
}
END_TEST

START_TEST(test_html_main_content)
{
    if (!(vb_formats_built() & (1u << VB_FMT_HTML))) return;
    const char *page =
        "<html><head><title>T</title><script>var x='MENU';</script><style>p{}</style></head><body>"
        "<nav>Trang chủ Đăng nhập</nav><div class='sidebar'><a href='/x'>Văn bản liên quan</a></div>"
        "<div class='noidung'><p>ỦY BAN NHÂN DÂN</p><p>TỈNH HÀ TĨNH</p><p>Số: 12/CT-UBND</p><p>&nbsp;</p>"
        "<p>1. Sở Tài chính:</p><p>a) Hướng dẫn   các xã,\n phường.</p><table><tr><td>Ô một</td><td>Ô hai</td></tr></table>"
        "</div><footer>Liên hệ</footer></body></html>";
    vb_text_t *t = NULL;
    ck_assert_int_eq(read_str(page, strlen(page), &t), VB_OK);
    ck_assert_str_eq(t->text, "ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\nSố: 12/CT-UBND\n\n1. Sở Tài chính:\n"
                              "a) Hướng dẫn các xã, phường.\nÔ một\nÔ hai\n");
    vb_text_free(t);
}
END_TEST

#ifdef VB_HAVE_ZIP
/* A DOCX in memory: PARTS name/content pairs. */
static void *make_zip(const char *const *parts, size_t n, size_t *len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    ck_assert(src != NULL);
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    ck_assert(z != NULL);
    for (size_t i = 0; i < n; i += 2) {
        zip_source_t *s = zip_source_buffer(z, parts[i + 1], strlen(parts[i + 1]), 0);
        ck_assert(zip_file_add(z, parts[i], s, ZIP_FL_OVERWRITE) >= 0);
    }
    ck_assert_int_eq(zip_close(z), 0);
    zip_source_open(src);
    zip_source_seek(src, 0, SEEK_END);
    zip_int64_t sz = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    void *buf = malloc((size_t)sz);
    ck_assert_int_eq(zip_source_read(src, buf, (zip_uint64_t)sz), sz);
    zip_source_close(src);
    zip_source_free(src);
    *len = (size_t)sz;
    return buf;
}

#define W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define NP(l) "<w:pPr><w:numPr><w:ilvl w:val=\"" #l "\"/><w:numId w:val=\"3\"/></w:numPr></w:pPr>"

START_TEST(test_docx_labels_tables_notes)
{
    if (!(vb_formats_built() & (1u << VB_FMT_DOCX))) return;
    const char *parts[] = {
        "[Content_Types].xml", "<Types/>",
        "word/document.xml",
        "<w:document " W "><w:body>"
        "<w:p><w:r><w:t>CHỈ THỊ</w:t></w:r></w:p>"
        "<w:p>" NP(0) "<w:r><w:t xml:space=\"preserve\">Công an </w:t></w:r><w:r><w:t>tỉnh:</w:t></w:r></w:p>"
        "<w:p>" NP(1) "<w:r><w:t>Điều tra</w:t></w:r><w:r><w:footnoteReference w:id=\"2\"/></w:r></w:p>"
        "<w:p>" NP(1) "<w:r><w:t>Tuyên truyền</w:t></w:r><w:r><w:delText>bỏ đi</w:delText></w:r></w:p>"
        "<w:p>" NP(0) "<w:r><w:t>Sở Tư pháp</w:t><w:tab/><w:t>hướng dẫn.</w:t></w:r></w:p>"
        "<w:p>" NP(2) "<w:r><w:t>Mức ba</w:t></w:r></w:p>"
        "<w:p/>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Trái</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Phải</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "</w:body></w:document>",
        "word/numbering.xml",
        "<w:numbering " W "><w:abstractNum w:abstractNumId=\"7\">"
        "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"upperRoman\"/><w:lvlText w:val=\"%1.\"/></w:lvl>"
        "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"%2)\"/></w:lvl>"
        "<w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.%3.\"/></w:lvl>"
        "</w:abstractNum><w:num w:numId=\"3\"><w:abstractNumId w:val=\"7\"/></w:num></w:numbering>",
        "word/footnotes.xml",
        "<w:footnotes " W "><w:footnote w:type=\"separator\" w:id=\"0\"><w:p><w:r><w:t>SEP</w:t></w:r></w:p></w:footnote>"
        "<w:footnote w:id=\"2\"><w:p><w:r><w:t>Chú thích.</w:t></w:r></w:p></w:footnote></w:footnotes>",
        "word/header1.xml", "<w:hdr " W "><w:p><w:r><w:t>ĐẦU TRANG</w:t></w:r></w:p></w:hdr>",
    };
    size_t len = 0;
    void *z = make_zip(parts, sizeof parts / sizeof *parts, &len);
    vb_text_t *t = NULL;
    ck_assert_msg(read_str(z, len, &t) == VB_OK, "%s", vb_last_error());
    ck_assert_int_eq(t->format, VB_FMT_DOCX);
    ck_assert_str_eq(t->text, "CHỈ THỊ\nI. Công an tỉnh:\na) Điều tra\nb) Tuyên truyền\nII. Sở Tư pháp hướng dẫn.\n"
                              "II.1. Mức ba\n\nTrái\nPhải\nChú thích.\n");
    vb_text_free(t);
    /* the same zip cut short: a corrupt container, said so */
    ck_assert_int_eq(read_str(z, len - 40, &t), VB_ERR_FORMAT);
    ck_assert_msg(strstr(vb_last_error(), "zip") != NULL, "%s", vb_last_error());
    free(z);
}
END_TEST
#endif

int main(void)
{
    Suite *s = suite_create("input");
    TCase *tc = tcase_create("formats");
    tcase_add_test(tc, test_detect_by_content);
    tcase_add_test(tc, test_html_main_content);
#ifdef VB_HAVE_ZIP
    tcase_add_test(tc, test_docx_labels_tables_notes);
#endif
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int nf = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
