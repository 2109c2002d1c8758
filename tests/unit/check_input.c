/* Input formats (src/lib/input): detection by content, never by name; the
 * HTML reader's main content; the DOCX reader's list labels, tables and
 * notes on a document built here with libzip; a format this build lacks is
 * VB_ERR_UNSUPPORTED with a message; broken files are VB_ERR_FORMAT with a
 * message that says what is wrong. */
#include <stdio.h>
#include "testutil.h"
#include "vanban.h"
#include "internal.h"
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

#ifdef VB_HAVE_POPPLER
#include <cairo.h>
#include <cairo-pdf.h>

/* A PDF typeset here the way a word processor sets a text: words filled
 * into lines, lines into pages; its reading must give the text back, one
 * line per paragraph with its blank lines, whatever the layout did. */
typedef struct { unsigned char *data; size_t len, cap; } membuf_t;

static cairo_status_t mem_write(void *closure, const unsigned char *d, unsigned int n)
{
    membuf_t *m = closure;
    if (m->len + n > m->cap) {
        size_t nc = (m->len + n) * 2;
        unsigned char *p = realloc(m->data, nc);
        if (!p) return CAIRO_STATUS_NO_MEMORY;
        m->data = p;
        m->cap = nc;
    }
    memcpy(m->data + m->len, d, n);
    m->len += n;
    return CAIRO_STATUS_SUCCESS;
}

typedef struct {
    double space;          /* extra space between paragraphs, points */
    double indent;         /* the indent of a paragraph's first line, points */
    double bottom;         /* the lowest baseline of a page */
    const char *header;    /* a running header (a printf format of the page number), or NULL */
} layout_t;

typedef struct {
    cairo_t *cr;
    const layout_t *lay;
    double y;
    int page;
    vb_buf_t *want;        /* the text the reader must give back */
    int fresh;             /* a header line was just written */
} setter_t;

static void set_page_start(setter_t *st, int mid_paragraph)
{
    if (st->page) cairo_show_page(st->cr);
    st->page++;
    st->y = 70;
    if (st->lay->header) {
        char h[64];
        snprintf(h, sizeof h, st->lay->header, st->page);
        cairo_move_to(st->cr, 60, st->y);
        cairo_show_text(st->cr, h);
        st->y += 15 + st->lay->space;
        /* a paragraph broken by the header goes on, on a line of its own */
        if (mid_paragraph) vb_buf_putc(st->want, '\n');
        vb_buf_puts(st->want, h);
        vb_buf_putc(st->want, '\n');
        st->fresh = 1;
    }
}

/* One line of text at the current place, on a new page when the page is full. */
static void set_line(setter_t *st, const char *text, int mid_paragraph)
{
    if (st->y > st->lay->bottom) set_page_start(st, mid_paragraph);
    cairo_move_to(st->cr, 60 + (mid_paragraph ? 0 : st->lay->indent), st->y);
    cairo_show_text(st->cr, text);
    st->y += 15;
    /* a wrapped line comes back joined to its paragraph */
    if (mid_paragraph && !st->fresh) vb_buf_putc(st->want, ' ');
    vb_buf_puts(st->want, text);
    st->fresh = 0;
}

/* Paragraph P (may be empty) filled into lines of 420 points. */
static void set_paragraph(setter_t *st, const char *p)
{
    char line[640] = "", word[128];
    const char *s = p;
    int lines = 0;
    while (*s) {
        while (*s == ' ') s++;
        size_t n = strcspn(s, " ");
        if (!n) break;
        snprintf(word, sizeof word, "%.*s", (int)n, s);
        s += n;
        char trial[640];
        snprintf(trial, sizeof trial, "%s%s%s", line, *line ? " " : "", word);
        cairo_text_extents_t e;
        cairo_text_extents(st->cr, trial, &e);
        if (*line && e.x_advance > 420 - (lines ? 0 : st->lay->indent)) {
            /* the first line of a paragraph of more is not left alone at
             * the foot of a page (a word processor's orphan control) */
            if (!lines && st->y <= st->lay->bottom && st->y + 15 > st->lay->bottom) set_page_start(st, 0);
            set_line(st, line, lines > 0);
            lines++;
            snprintf(line, sizeof line, "%s", word);
        } else
            snprintf(line, sizeof line, "%s", trial);
    }
    set_line(st, line, lines > 0);
    st->y += st->lay->space;
    vb_buf_putc(st->want, '\n');
}

/* Typeset PARAS (NULL-terminated; "" an empty paragraph) with LAY into a
 * PDF; WANT gets what reading it must give. */
static membuf_t typeset(const char *const *paras, const layout_t *lay, vb_buf_t *want)
{
    membuf_t m = { NULL, 0, 0 };
    cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(mem_write, &m, 595, 842);
    cairo_t *cr = cairo_create(surf);
    cairo_select_font_face(cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 12);
    setter_t st = { cr, lay, 0, 0, want, 0 };
    set_page_start(&st, 0);
    for (size_t i = 0; paras[i]; i++) {
        /* an empty paragraph in the last line of a page, before a paragraph
         * of more lines (which would not have started there anyway), leaves
         * no trace: not set */
        if (!*paras[i] && paras[i + 1] && st.y <= lay->bottom && st.y + 15 > lay->bottom) {
            cairo_text_extents_t e;
            cairo_text_extents(cr, paras[i + 1], &e);
            if (e.x_advance > 420 - lay->indent) continue;
        }
        set_paragraph(&st, paras[i]);
    }
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    cairo_surface_destroy(surf);
    return m;
}

/* A document of N paragraphs of pseudo-random words from a Vietnamese
 * directive (a fixed seed), every sixth one empty, into PARAS. */
static void make_paragraphs(char **paras, size_t n, unsigned seed)
{
    static const char *const words[] = {
        "Ủy", "ban", "nhân", "dân", "tỉnh", "chỉ", "đạo", "các", "sở,", "ngành", "thực", "hiện", "nghiêm",
        "quy", "định", "tại", "Nghị", "định", "số", "12/2024/NĐ-CP;", "bảo", "đảm", "an", "toàn", "giao",
        "thông", "đường", "bộ", "trên", "địa", "bàn", "phường,", "xã", "trong", "năm", "2025."
    };
    for (size_t i = 0; i < n; i++) {
        paras[i] = calloc(1, 1024);
        ck_assert(paras[i] != NULL);
        if (i % 6 == 5 && i + 1 < n) continue;   /* nothing shows an empty paragraph at the end */
        size_t nw = 3 + (seed >> 16) % 60, len = 0;
        for (size_t w = 0; w < nw; w++) {
            seed = seed * 1103515245u + 12345u;
            const char *x = words[(seed >> 16) % (sizeof words / sizeof *words)];
            len += (size_t)snprintf(paras[i] + len, 1024 - len, "%s%s", w ? " " : "", x);
        }
        seed = seed * 1103515245u + 12345u;
    }
    paras[n] = NULL;
}

static void check_typeset(const layout_t *lay, unsigned seed, size_t n, size_t pages)
{
    char *paras[128];
    ck_assert(n < 128);
    make_paragraphs(paras, n, seed);
    vb_buf_t want = { 0 };
    membuf_t pdf = typeset((const char *const *)paras, lay, &want);
    ck_assert(pdf.len > 0 && !want.oom);
    vb_text_t *t = NULL;
    ck_assert_msg(read_str((const char *)pdf.data, pdf.len, &t) == VB_OK, "%s", vb_last_error());
    ck_assert_int_eq(t->format, VB_FMT_PDF);
    ck_assert_msg(t->page_count >= pages, "the test wants pages: %zu", t->page_count);
    size_t d = 0;
    while (t->text[d] && t->text[d] == want.data[d]) d++;
    size_t from = d > 80 ? d - 80 : 0;
    ck_assert_msg(t->text[d] == want.data[d], "space %g, bottom %g, seed %u: read \"%.120s\", set \"%.120s\"", lay->space,
                  lay->bottom, seed, t->text + from, want.data + from);
    vb_text_free(t);
    free(pdf.data);
    vb_buf_free(&want);
    for (size_t i = 0; i < n; i++) free(paras[i]);
}

/* The lines of a PDF page come back as paragraphs: a wrapped line joins its
 * paragraph (across a page break too), a line that ends short ends it, an
 * empty paragraph is a blank line (from the space it leaves between lines,
 * at the foot of a page or at its top), whether paragraphs are told apart
 * by the indent of their first line or by space between them; a running
 * header is not glued to the paragraph it interrupts. (A paragraph set
 * without either, whose last line ends where the next one's first word
 * would not have fitted, cannot be told from a wrapped line; nor can an
 * empty paragraph at the foot of a page whose lines do not fall on one grid
 * from a page that merely ended: these are left out.) */
START_TEST(test_pdf_layout_paragraphs)
{
    if (!(vb_formats_built() & (1u << VB_FMT_PDF))) return;
    /* paragraphs with an indent, on one grid of lines: the page breaks fall
     * everywhere over several page heights */
    for (int b = 0; b < 5; b++) {
        const layout_t l = { 0, 20, 700 + 15 * b + 5, NULL };
        check_typeset(&l, 7 + (unsigned)b, 120, 5);
    }
    /* paragraphs with space between them, not indented: one page */
    const layout_t spaced = { 6, 0, 780, NULL };
    check_typeset(&spaced, 11, 12, 1);
    check_typeset(&spaced, 12, 12, 1);
    /* a running header at the top of every page */
    const layout_t headed = { 0, 20, 760, "CÔNG BÁO/Số 12/Ngày 3-4-2024 %d" };
    check_typeset(&headed, 5, 40, 2);
}
END_TEST

/* A page with a few words and no image is a short page of text (the end of
 * a list, the signature), not a scan: read from its text layer, not OCR. */
START_TEST(test_pdf_short_page_not_ocr)
{
    if (!(vb_formats_built() & (1u << VB_FMT_PDF))) return;
    membuf_t m = { NULL, 0, 0 };
    cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(mem_write, &m, 595, 842);
    cairo_t *cr = cairo_create(surf);
    cairo_select_font_face(cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 12);
    cairo_move_to(cr, 60, 70);
    cairo_show_text(cr, "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh chịu trách nhiệm thi hành.");
    cairo_show_page(cr);
    cairo_move_to(cr, 60, 70);
    cairo_show_text(cr, "Nơi nhận: như Điều 3.");
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    cairo_surface_destroy(surf);
    vb_text_t *t = NULL;
    ck_assert_msg(vb_text_read_bytes(m.data, m.len, NULL, VB_ENC_AUTO, 0, &t) == VB_OK, "%s", vb_last_error());
    ck_assert_int_eq(t->page_count, 2);
    ck_assert_int_eq(t->pages[1].ocr, 0);
    ck_assert_msg(strstr(t->text, "Nơi nhận: như Điều 3.") != NULL, "%s", t->text);
    vb_text_free(t);
    free(m.data);
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
#ifdef VB_HAVE_POPPLER
    tcase_add_test(tc, test_pdf_layout_paragraphs);
    tcase_add_test(tc, test_pdf_short_page_not_ocr);
#endif
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int nf = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
