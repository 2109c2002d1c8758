/* PDF: the text layer through poppler-glib, page by page, in poppler's
 * reading order; a page without a text layer is rendered at 300 dpi and
 * read by OCR (Tesseract, Vietnamese model) unless VB_READ_NO_OCR. Images
 * (PNG, JPEG, TIFF) are read by OCR. Each page starts on a new line and is
 * recorded with the line where it starts, whether OCR read it, and the
 * engine's mean confidence. */
#include <math.h>
#include <stdio.h>
#include "input/input.h"

#ifdef VB_HAVE_TESS
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

/* One Tesseract engine for a file (the model loads in ~0.3 s). */
static TessBaseAPI *ocr_engine(void)
{
    TessBaseAPI *api = TessBaseAPICreate();
    if (!api) return NULL;
    /* quiet: Tesseract prints warnings ("Estimating resolution") on stderr */
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    if (TessBaseAPIInit3(api, NULL, "vie") != 0) {
        TessBaseAPIDelete(api);
        vb_set_error("OCR needs Tesseract's Vietnamese model (Debian package tesseract-ocr-vie)");
        return NULL;
    }
    TessBaseAPISetPageSegMode(api, PSM_AUTO);
    return api;
}

/* Read the image set on API into IN as one page, PAGE of PAGES (told to
 * the progress callback: a scan of hundreds of pages takes minutes). */
static vb_status_t ocr_page(TessBaseAPI *api, vb_in_t *in, unsigned page, unsigned pages)
{
    TessBaseAPISetSourceResolution(api, 300);
    char *txt = TessBaseAPIGetUTF8Text(api);
    if (!txt) { vb_set_error("OCR failed on a page"); return VB_ERR_FORMAT; }
    int conf = TessBaseAPIMeanTextConf(api);
    if (in->out.len && in->out.data[in->out.len - 1] != '\n') vb_buf_putc(&in->out, '\n');
    if (!vb_in_page(in, 1, conf)) { TessDeleteText(txt); return VB_ERR_NOMEM; }
    vb_buf_puts(&in->out, txt);
    TessDeleteText(txt);
    if (in->out.oom) return VB_ERR_NOMEM;
    vb_in_ocr_done(in, page, pages, conf);
    return VB_OK;
}

vb_status_t vb_in_image(const void *bytes, size_t len, vb_in_t *in)
{
    if (in->flags & VB_READ_NO_OCR) {
        vb_set_error("an image: read only by OCR, which --no-ocr turned off");
        return VB_ERR_FORMAT;
    }
    /* a PNG cut short or not a PNG at all: told here, before libpng prints its own complaint */
    const unsigned char *b = bytes;
    if (len >= 8 && memcmp(b, "\x89PNG", 4) == 0 &&
        (len < 45 || memcmp(b + 12, "IHDR", 4) != 0 || memcmp(b + len - 8, "IEND", 4) != 0)) {
        vb_set_error("a damaged PNG image (no IHDR at its start or no IEND at its end)");
        return VB_ERR_FORMAT;
    }
    TessBaseAPI *api = ocr_engine();
    if (!api) return VB_ERR_UNSUPPORTED;
    vb_status_t st = VB_OK;
    /* the first image of the file (a multi-page TIFF: its first page; a
     * scan of many pages comes as a PDF) */
    setMsgSeverity(L_SEVERITY_NONE);   /* leptonica and libpng would print their own errors */
    PIX *pix = pixReadMem((const l_uint8 *)bytes, len);
    if (!pix) {
        vb_set_error("the image cannot be decoded");
        st = VB_ERR_FORMAT;
    } else {
        TessBaseAPISetImage2(api, pix);
        st = ocr_page(api, in, 1, 1);
        pixDestroy(&pix);
    }
    TessBaseAPIEnd(api);
    TessBaseAPIDelete(api);
    return st;
}
#else
vb_status_t vb_in_image(const void *bytes, size_t len, vb_in_t *in)
{
    (void)bytes; (void)len; (void)in;
    vb_set_error("images are read by OCR, and this build has no Tesseract (libtesseract-dev)");
    return VB_ERR_UNSUPPORTED;
}
#endif

#ifdef VB_HAVE_POPPLER
#include <cairo.h>
#include <poppler.h>

/* Characters that are not white space in S. */
static size_t visible(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        if ((unsigned char)*s > ' ') n++;
    return n;
}

#ifdef VB_HAVE_TESS
/* Render PAGE at 300 dpi into a grey image and read it by OCR. */
static vb_status_t ocr_pdf_page(TessBaseAPI *api, PopplerPage *page, vb_in_t *in, unsigned pageno,
                                unsigned pages)
{
    double wpt = 0, hpt = 0;
    poppler_page_get_size(page, &wpt, &hpt);
    double scale = 300.0 / 72.0;
    int w = (int)(wpt * scale), h = (int)(hpt * scale);
    if (w <= 0 || h <= 0 || w > 20000 || h > 20000) { vb_set_error("a page of %gx%g points cannot be rendered", wpt, hpt); return VB_ERR_FORMAT; }
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) { cairo_surface_destroy(surf); return VB_ERR_NOMEM; }
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    poppler_page_render_for_printing(page, cr);
    cairo_destroy(cr);
    cairo_surface_flush(surf);
    const unsigned char *px = cairo_image_surface_get_data(surf);
    int stride = cairo_image_surface_get_stride(surf);
    unsigned char *grey = malloc((size_t)w * (size_t)h);
    if (!grey) { cairo_surface_destroy(surf); return VB_ERR_NOMEM; }
    for (int y = 0; y < h; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(px + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++) {
            uint32_t v = row[x];
            unsigned r = (v >> 16) & 0xFF, g = (v >> 8) & 0xFF, b = v & 0xFF;
            grey[(size_t)y * (size_t)w + (size_t)x] = (unsigned char)((r * 299 + g * 587 + b * 114) / 1000);
        }
    }
    cairo_surface_destroy(surf);
    TessBaseAPISetImage(api, grey, w, h, 1, w);
    vb_status_t st = ocr_page(api, in, pageno, pages);
    free(grey);
    return st;
}
#endif

/* PAGE shows an image (a scan is one). */
static int has_image(PopplerPage *page)
{
    GList *m = poppler_page_get_image_mapping(page);
    int any = m != NULL;
    poppler_page_free_image_mapping(m);
    return any;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* One line of a page's text layer as poppler sets it: its text (into the
 * page's text), the box of its characters, and where its first word ends. */
typedef struct {
    const char *s;
    size_t n;
    double top, bot, x1, x2;   /* top < 0: no visible character */
    double fw;                 /* the width of its first word */
} pdf_line_t;

/* A page: its text layer cut into lines, or nothing (OCR reads it). */
typedef struct {
    char *text;
    pdf_line_t *ln;
    size_t nl;
    double left, right;        /* the edges of the text of the pages of its width */
    double width;              /* the page's width */
    double space;              /* the usual width of a space between words, or 0 */
    int ocr;
} pdf_page_t;

/* The layout measured over the whole document: the usual line height, the
 * smallest usual gap between two lines, the gap above which a gap holds a
 * blank line, and where the text of a page usually starts. */
typedef struct {
    double h, low, para, blank, top, bottom, space;
    /* what tells a wrapped line from the last line of a paragraph here:
     * space between paragraphs wider than between lines (spaced), the
     * first line of a paragraph set in (indented), lines flush with the
     * right edge (justified) */
    int spaced, indented, justified;
} pdf_stats_t;

/* Cut TEXT (poppler's text of PAGE, one rectangle per character and per
 * line break) into lines with their boxes. 0 on no memory. */
static int page_lines(PopplerPage *page, pdf_page_t *pg)
{
    PopplerRectangle *r = NULL;
    guint nr = 0;
    if (!poppler_page_get_text_layout(page, &r, &nr)) nr = 0;
    size_t cap = 0, nsp = 0, spcap = 0;
    double *sp = NULL;      /* the widths of the spaces between words */
    const char *s = pg->text;
    guint ci = 0;
    pg->right = -1;
    pg->left = -1;
    poppler_page_get_size(page, &pg->width, NULL);
    while (*s) {
        if (pg->nl == cap) {
            size_t nc = cap ? cap * 2 : 64;
            pdf_line_t *l2 = realloc(pg->ln, nc * sizeof *l2);
            if (!l2) { g_free(r); free(sp); return 0; }
            pg->ln = l2;
            cap = nc;
        }
        pdf_line_t *l = &pg->ln[pg->nl++];
        l->s = s;
        l->top = l->bot = l->x1 = l->x2 = -1;
        l->fw = 0;
        int word = 0;          /* 0 before the first word, 1 in it, 2 after it */
        while (*s && *s != '\n') {
            gunichar c = g_utf8_get_char(s);
            int space = c == ' ' || c == '\t' || c == 0xA0;
            if (ci < nr && !space) {
                const PopplerRectangle *b = &r[ci];
                if (l->top < 0 || b->y1 < l->top) l->top = b->y1;
                if (b->y2 > l->bot) l->bot = b->y2;
                if (l->x1 < 0 || b->x1 < l->x1) l->x1 = b->x1;
                if (b->x2 > l->x2) l->x2 = b->x2;
                if (word < 2) { word = 1; l->fw = b->x2 - l->x1; }
            } else if (space && word == 1) word = 2;
            if (ci < nr && c == ' ' && word && r[ci].x2 > r[ci].x1) {
                if (nsp == spcap) {
                    size_t nc = spcap ? spcap * 2 : 64;
                    double *s2 = realloc(sp, nc * sizeof *s2);
                    if (!s2) { g_free(r); free(sp); return 0; }
                    sp = s2;
                    spcap = nc;
                }
                sp[nsp++] = r[ci].x2 - r[ci].x1;
            }
            s = g_utf8_next_char(s);
            ci++;
        }
        l->n = (size_t)(s - l->s);
        if (l->x2 > pg->right) pg->right = l->x2;
        if (l->x1 >= 0 && (pg->left < 0 || l->x1 < pg->left)) pg->left = l->x1;
        if (*s == '\n') { s++; ci++; }
    }
    g_free(r);
    if (nsp) {
        qsort(sp, nsp, sizeof *sp, cmp_double);
        pg->space = sp[nsp / 2];
    }
    free(sp);
    return 1;
}

/* The gap between line I of PG and the next line, if that line is below
 * it (not beside it, as the columns of a header block can be); else -1e9. */
static double gap_below(const pdf_page_t *pg, size_t i)
{
    const pdf_line_t *a = &pg->ln[i], *b = &pg->ln[i + 1];
    if (a->top < 0 || b->top < 0 || b->top < a->bot - 1) return -1e9;
    return b->top - a->bot;
}

/* Measure the layout over every page with text. Lines of about the usual
 * height only: a title in a large font does not set the spacing. */
static void layout_stats(pdf_page_t *pg, size_t np, pdf_stats_t *st)
{
    memset(st, 0, sizeof *st);
    /* the right edge of the text: the furthest any line of a page of the
     * same width reaches (a ragged line ends short of it) */
    for (size_t p = 0; p < np; p++) {
        double r = pg[p].right, l = pg[p].left;
        for (size_t q = 0; q < np; q++)
            if (fabs(pg[q].width - pg[p].width) < 1) {
                if (pg[q].right > r) r = pg[q].right;
                if (pg[q].left >= 0 && (l < 0 || pg[q].left < l)) l = pg[q].left;
            }
        pg[p].right = r;
        pg[p].left = l;
    }
    size_t n = 0;
    for (size_t p = 0; p < np; p++) n += pg[p].nl;
    if (n < 3) return;
    double *v = malloc(n * sizeof *v);
    if (!v) return;
    size_t k = 0;
    for (size_t p = 0; p < np; p++)
        for (size_t i = 0; i < pg[p].nl; i++)
            if (pg[p].ln[i].top >= 0) v[k++] = pg[p].ln[i].bot - pg[p].ln[i].top;
    if (k < 3) { free(v); return; }
    qsort(v, k, sizeof *v, cmp_double);
    double h = v[k / 2];
    /* the usual space between words */
    size_t ns = 0;
    for (size_t p = 0; p < np; p++)
        if (pg[p].space > 0) v[ns++] = pg[p].space;
    if (ns) {
        qsort(v, ns, sizeof *v, cmp_double);
        st->space = v[ns / 2];
    }
    /* the gaps between two lines of the usual height, one below the other */
    k = 0;
    for (size_t p = 0; p < np; p++)
        for (size_t i = 0; i + 1 < pg[p].nl; i++) {
            const pdf_line_t *a = &pg[p].ln[i], *b = &pg[p].ln[i + 1];
            double g = gap_below(&pg[p], i);
            if (g < -1) continue;
            if (a->bot - a->top > 1.3 * h || b->bot - b->top > 1.3 * h ||
                a->bot - a->top < 0.7 * h || b->bot - b->top < 0.7 * h) continue;
            v[k++] = g;
        }
    if (k >= 2) {
        qsort(v, k, sizeof *v, cmp_double);
        /* the smallest usual gap (wrapped lines, or lines of paragraphs set
         * without space between them): the smallest that two gaps share,
         * so that a stray pair (a superscript, overlapping boxes) does not
         * set it and a few wrapped lines among spaced paragraphs do */
        double low = v[k / 2];
        for (size_t i = 0; i + 1 < k; i++)
            if (v[i + 1] - v[i] < 0.05 * h) { low = v[i]; break; }
        /* the largest usual gap without room for a line between: the space
         * some documents set between paragraphs (one gap in twenty at
         * least, so that a few headings set apart do not make it) */
        size_t m = 0;
        while (m < k && v[m] < low + h) m++;
        double para = low;
        size_t need = k / 20 > 2 ? k / 20 : 2;
        for (size_t i = m, j = m; i-- > 0;) {
            while (j > 0 && v[j - 1] > v[i] + 0.05 * h) j--;
            /* v[i .. j) are the gaps within 0.05 h above v[i] */
            if (v[i] < low + 0.25 * h) break;
            if (j - i >= need) { para = v[i]; break; }
        }
        /* a blank line (an empty paragraph) leaves room for a line; the
         * space between paragraphs does not */
        double b1 = para + 0.6 * h, b2 = low + 0.95 * h;
        st->blank = b1 < b2 ? b1 : b2;
        st->low = low;
        st->para = para < st->blank ? para : low;
        st->h = h;
    }
    /* the lines that surely end a paragraph (the next line's first word
     * would have fitted after them): is the next line further down than
     * the closest lines are (space between paragraphs, or a blank line), or
     * set in? And the lines that may have been wrapped: do they end flush
     * right? */
    size_t nstart = 0, nind = 0, nsp = 0, nfit = 0, nflush = 0;
    double sw = st->space > 0 && st->space < 0.5 * h ? st->space : 0.25 * h;
    for (size_t p = 0; p < np && h > 0; p++)
        for (size_t i = 0; i + 1 < pg[p].nl; i++) {
            const pdf_line_t *a = &pg[p].ln[i], *b = &pg[p].ln[i + 1];
            if (gap_below(&pg[p], i) < -1 || fabs((a->bot - a->top) - h) > 0.3 * h) continue;
            if (a->x2 + sw + b->fw > pg[p].right) {
                nfit++;
                if (a->x2 > pg[p].right - 1) nflush++;
            } else {
                nstart++;
                if (b->x1 > pg[p].left + 0.5 * h && b->x1 < pg[p].left + 5 * h) nind++;
                if (gap_below(&pg[p], i) > st->low + 0.25 * h) nsp++;
            }
        }
    st->spaced = nstart >= 3 && nsp * 10 >= nstart * 8;
    st->indented = nstart >= 5 && nind * 10 >= nstart * 6;
    st->justified = nfit >= 5 && nflush * 2 >= nfit;
    /* where the text usually starts on a page: the lowest top of a page's
     * first line over most pages */
    k = 0;
    for (size_t p = 0; p < np; p++)
        for (size_t i = 0; i < pg[p].nl; i++)
            if (pg[p].ln[i].top >= 0) { v[k++] = pg[p].ln[i].top; break; }
    if (k) {
        qsort(v, k, sizeof *v, cmp_double);
        st->top = v[k / 4];
    }
    /* where it usually ends: the lowest bottom of a page's last line */
    for (size_t p = 0; p < np; p++)
        for (size_t i = pg[p].nl; i-- > 0;)
            if (pg[p].ln[i].top >= 0) {
                if (pg[p].ln[i].bot > st->bottom) st->bottom = pg[p].ln[i].bot;
                break;
            }
    free(v);
}

/* Line B carries on the paragraph of line A, the line above it (on the
 * same page or at the foot of the page before), which the page wrapped:
 * B is in a font of the same size, starts no further right (a first line
 * set in is a new paragraph; the lines of a centred title are left as
 * they are, since a nearly full line looks centred too), and its first
 * word would not have fitted at the end of A, whose text reaches RIGHT at
 * most. */
static int carries_on(const pdf_line_t *a, const pdf_line_t *b, const pdf_page_t *pg, int starts,
                      const pdf_stats_t *st)
{
    if (a->top < 0 || b->top < 0) return 0;
    double ha = a->bot - a->top, hb = b->bot - b->top;
    if (ha > hb * 1.2 || hb > ha * 1.2) return 0;
    double space = st->space > 0 && st->space < 0.5 * ha ? st->space : 0.25 * ha;
    if (a->x2 + space + b->fw <= pg->right) return 0;
    /* A starts its paragraph set in from the left edge: a line that
     * carries it on goes back to the left */
    if (starts && a->x1 > pg->left + 0.5 * ha) return b->x1 < a->x1 - 0.5 * ha;
    if (b->x1 > a->x1 + 0.5 * ha) return 0;
    return 1;
}

/* Line I of PG was wrapped by the page and the next line carries on its
 * paragraph, close below it, where the layout tells a wrapped line from the
 * end of a paragraph: by the space between paragraphs, the set-in first
 * lines, or a line flush right in justified text. Without any of these (a
 * ragged text whose paragraphs are neither spaced nor set in, as a text
 * file printed line by line) the lines are left as the page sets them. */
static int wrapped(const pdf_page_t *pg, size_t i, int starts, const pdf_stats_t *st)
{
    if (i + 1 >= pg->nl || st->h <= 0) return 0;
    double g = gap_below(pg, i);
    if (g < -1 || g > st->low + 0.25 * st->h) return 0;
    return carries_on(&pg->ln[i], &pg->ln[i + 1], pg, starts, st) &&
           (st->spaced || st->indented || (st->justified && pg->ln[i].x2 > pg->right - 1));
}

/* The first and the last line of a page with visible characters, in
 * *FIRST and *LAST (LAST past the end); 0 when there is none. */
static int visible_lines(const pdf_page_t *pg, size_t *first, size_t *last)
{
    size_t f = 0, l = pg->nl;
    while (f < pg->nl && pg->ln[f].top < 0) f++;
    while (l > f && pg->ln[l - 1].top < 0) l--;
    *first = f;
    *last = l;
    return f < l;
}

/* Line L compared with line M without digits and white space: a running
 * page header or footer (CÔNG BÁO/Số 203 + 204/Ngày 18-02-2019, a page
 * number) differs from page to page in its numbers only. */
static int same_but_numbers(const pdf_line_t *l, const pdf_line_t *m)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < l->n && (l->s[i] == ' ' || (l->s[i] >= '0' && l->s[i] <= '9'))) i++;
        while (j < m->n && (m->s[j] == ' ' || (m->s[j] >= '0' && m->s[j] <= '9'))) j++;
        if (i == l->n || j == m->n) return i == l->n && j == m->n;
        if (l->s[i] != m->s[j]) return 0;
        i++;
        j++;
    }
}

/* Line I of page P is a running header: a bare number, or a line that the
 * top of another page repeats but for its numbers. */
static int running_header(const pdf_page_t *pg, size_t np, size_t p, size_t i)
{
    const pdf_line_t *l = &pg[p].ln[i];
    pdf_line_t none = { "", 0, 0, 0, 0, 0, 0 };
    if (same_but_numbers(l, &none)) return 1;
    for (size_t q = 0; q < np; q++) {
        size_t f, e;
        if (q == p || !visible_lines(&pg[q], &f, &e)) continue;
        for (size_t k = f; k < e && k < f + 3; k++)
            if (same_but_numbers(l, &pg[q].ln[k])) return 1;
    }
    return 0;
}

/* The last line of page P carries on at the top of page P + 1: the page
 * is full (no room for another line), the next page starts where pages
 * start, with no running header, and its first line carries on, in a
 * document whose paragraphs start set in, or justified with that line
 * flush right. */
static int wrapped_to_next(const pdf_page_t *pg, size_t np, size_t p, int starts, const pdf_stats_t *st)
{
    size_t f, l, f2, l2;
    if (p + 1 >= np || st->h <= 0 || pg[p + 1].ocr) return 0;
    if (!visible_lines(&pg[p], &f, &l) || !visible_lines(&pg[p + 1], &f2, &l2)) return 0;
    const pdf_line_t *a = &pg[p].ln[l - 1], *b = &pg[p + 1].ln[f2];
    /* the space between paragraphs does not show across a page break */
    if (!st->indented && !(st->justified && a->x2 > pg[p].right - 1)) return 0;
    if (st->bottom - a->bot > st->h + st->para - 0.3 * st->h) return 0;
    if (b->top - st->top > 0.3 * st->h) return 0;
    if (running_header(pg, np, p + 1, f2)) return 0;
    return carries_on(a, b, &pg[p], starts, st);
}

/* Write line L of a page and what ends it: a space (or nothing, after a
 * hyphen or a slash inside a word: QĐ-\nUBND, 48/2024/\nQĐ-UBND) when
 * the next line carries on its paragraph, else a line break. */
static void put_line(const pdf_line_t *l, int joined, vb_buf_t *out)
{
    size_t n = l->n;
    while (n && (l->s[n - 1] == ' ' || l->s[n - 1] == '\t')) n--;
    vb_buf_append(out, l->s, n);
    if (!joined) { vb_buf_putc(out, '\n'); return; }
    int tight = n >= 2 && (l->s[n - 1] == '-' || l->s[n - 1] == '/') && l->s[n - 2] != ' ';
    if (!tight) vb_buf_putc(out, ' ');
}

/* Write page P: its lines with the blank lines back and its wrapped lines
 * joined (across the page break too). Poppler writes one line per line of
 * the page and none for the empty space of a blank line, but the document
 * model reads a blank line as the end of a block (the subject before the
 * preamble, a list item) and a line as a paragraph, the way a text file or
 * a Word document gives them. CONT: the page before ran on into this one.
 * Returns whether this page runs on into the next. */
static int page_text(const pdf_page_t *pg, size_t np, size_t p, int cont, const pdf_stats_t *st, vb_buf_t *out)
{
    const pdf_page_t *pp = &pg[p];
    size_t first, last;
    int any = visible_lines(pp, &first, &last);
    double line = st->h + st->para;   /* the height a one-line paragraph takes */
    /* a page whose text starts a line lower than the other pages' starts
     * with a blank line */
    if (st->h > 0 && any && !cont && pp->ln[first].top - st->top > line - 0.3 * st->h) vb_buf_putc(out, '\n');
    int starts = !cont;   /* the line starts a paragraph */
    for (size_t i = 0; i < pp->nl; i++) {
        int on = any && i + 1 == last && wrapped_to_next(pg, np, p, starts, st);
        int joined = on || wrapped(pp, i, starts, st);
        put_line(&pp->ln[i], joined, out);
        if (on) return 1;
        starts = !joined;
        if (st->h > 0 && i + 1 < pp->nl && gap_below(pp, i) > st->blank) vb_buf_putc(out, '\n');
    }
    /* a page whose text ends with room left for the paragraph that starts
     * the next page ends with a blank line: something blank took the room.
     * A paragraph of two lines or more needs two at the foot of a page (a
     * word processor keeps its first line from standing alone there). */
    size_t f2, l2;
    if (st->h > 0 && any && p + 1 < np && !pg[p + 1].ocr && visible_lines(&pg[p + 1], &f2, &l2)) {
        double need = line + (wrapped(&pg[p + 1], f2, 1, st) ? st->h + st->low : 0);
        if (st->bottom - pp->ln[last - 1].bot > need - 0.1 * st->h) vb_buf_putc(out, '\n');
    }
    return 0;
}

vb_status_t vb_in_pdf(const void *bytes, size_t len, vb_in_t *in)
{
    GError *err = NULL;
    GBytes *gb = g_bytes_new_static(bytes, len);
    PopplerDocument *doc = poppler_document_new_from_bytes(gb, NULL, &err);
    g_bytes_unref(gb);
    if (!doc) {
        if (err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED)
            vb_set_error("encrypted PDF: it needs a password");
        else
            vb_set_error("not a readable PDF%s%s", err ? ": " : "", err ? err->message : "");
        if (err) g_error_free(err);
        return VB_ERR_FORMAT;
    }
    int n = poppler_document_get_n_pages(doc);
    if (n > VB_IN_MAX_PAGES) {
        vb_set_error("PDF of %d pages (limit %d)", n, VB_IN_MAX_PAGES);
        g_object_unref(doc);
        return VB_ERR_FORMAT;
    }
    vb_status_t st = VB_OK;
    /* first every page's text layer, then the layout measured over all of
     * them, then the text page by page (OCR for pages without a text layer) */
    pdf_page_t *pg = calloc(n > 0 ? (size_t)n : 1, sizeof *pg);
    if (!pg) { g_object_unref(doc); return VB_ERR_NOMEM; }
    for (int i = 0; i < n && st == VB_OK; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        if (!page) continue;
        pg[i].text = poppler_page_get_text(page);
        /* a scanned page has no text layer, or only a few stray characters
         * (a stamp, a page number), and an image: OCR reads it. A page of
         * a few words without an image is a short page of text (the end of
         * a table, the signature). */
        if (visible(pg[i].text) >= 40 || (in->flags & VB_READ_NO_OCR) || !has_image(page)) {
            if (pg[i].text && !page_lines(page, &pg[i])) st = VB_ERR_NOMEM;
        } else
            pg[i].ocr = 1;
        g_object_unref(page);
    }
    pdf_stats_t ls;
    layout_stats(pg, (size_t)n, &ls);
#ifdef VB_HAVE_TESS
    TessBaseAPI *api = NULL;
#endif
    int cont = 0;   /* the page before runs on into this one */
    for (int i = 0; i < n && st == VB_OK; i++) {
        if (!pg[i].ocr) {
            /* a page that carries on a paragraph starts on its line */
            if (!cont && in->out.len && in->out.data[in->out.len - 1] != '\n') vb_buf_putc(&in->out, '\n');
            if (!vb_in_page(in, 0, -1)) st = VB_ERR_NOMEM;
            else cont = page_text(pg, (size_t)n, (size_t)i, cont, &ls, &in->out);
            continue;
        }
        cont = 0;
#ifdef VB_HAVE_TESS
        PopplerPage *page = poppler_document_get_page(doc, i);
        if (!page) continue;
        if (!api) api = ocr_engine();
        if (!api) st = VB_ERR_UNSUPPORTED;
        else st = ocr_pdf_page(api, page, in, (unsigned)i + 1, (unsigned)n);
        g_object_unref(page);
#else
        vb_set_error("a scanned PDF page needs OCR, and this build has no Tesseract (libtesseract-dev)");
        st = VB_ERR_UNSUPPORTED;
#endif
    }
#ifdef VB_HAVE_TESS
    if (api) { TessBaseAPIEnd(api); TessBaseAPIDelete(api); }
#endif
    for (int i = 0; i < n; i++) { g_free(pg[i].text); free(pg[i].ln); }
    free(pg);
    g_object_unref(doc);
    if (st == VB_OK && in->out.oom) st = VB_ERR_NOMEM;
    return st;
}
#else
vb_status_t vb_in_pdf(const void *bytes, size_t len, vb_in_t *in)
{
    (void)bytes; (void)len; (void)in;
    return VB_ERR_UNSUPPORTED;
}
#endif
