/* PDF: the text layer through poppler-glib, page by page, in poppler's
 * reading order; a page without a text layer is rendered at 300 dpi and
 * read by OCR (Tesseract, Vietnamese model) unless VB_READ_NO_OCR. Images
 * (PNG, JPEG, TIFF) are read by OCR. Each page starts on a new line and is
 * recorded with the line where it starts, whether OCR read it, and the
 * engine's mean confidence. */
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

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The page's text with its blank lines back: poppler writes one line per
 * line of the page and none for the empty space between paragraphs, but
 * the document model reads a blank line as the end of a block (the subject
 * before the preamble, a list item). A gap between two lines larger than
 * the page's usual line spacing by more than half a line is written as a
 * blank line. Lines are otherwise kept as the page sets them (wrapped lines
 * are what the model reads in PDF text). */
static void page_text(PopplerPage *page, const char *text, vb_buf_t *out)
{
    PopplerRectangle *r = NULL;
    guint nr = 0;
    if (!poppler_page_get_text_layout(page, &r, &nr) || nr == 0) { g_free(r); vb_buf_puts(out, text); return; }
    /* each line's top and bottom: the extremes of its characters' boxes */
    size_t nl = 0, cap = 0;
    double *top = NULL, *bot = NULL;
    const char **beg = NULL;
    const char *s = text;
    guint ci = 0;
    int ok = 1;
    while (*s && ok) {
        if (nl == cap) {
            size_t nc = cap ? cap * 2 : 64;
            double *t2 = realloc(top, nc * sizeof *t2), *b2 = t2 ? realloc(bot, nc * sizeof *b2) : NULL;
            const char **g2 = b2 ? realloc(beg, nc * sizeof *g2) : NULL;
            if (t2) top = t2;
            if (b2) bot = b2;
            if (g2) beg = g2;
            if (!t2 || !b2 || !g2) { ok = 0; break; }
            cap = nc;
        }
        beg[nl] = s;
        top[nl] = -1;
        bot[nl] = -1;
        while (*s && *s != '\n') {
            gunichar c = g_utf8_get_char(s);
            if (ci < nr && c != ' ' && c != '\t') {
                if (top[nl] < 0 || r[ci].y1 < top[nl]) top[nl] = r[ci].y1;
                if (r[ci].y2 > bot[nl]) bot[nl] = r[ci].y2;
            }
            s = g_utf8_next_char(s);
            ci++;
        }
        nl++;
        if (*s == '\n') { s++; ci++; }
    }
    g_free(r);
    if (!ok || nl < 3) {
        free(top); free(bot); free(beg);
        vb_buf_puts(out, text);
        return;
    }
    /* the usual gap between lines and the usual line height: medians */
    double *gaps = malloc(nl * sizeof *gaps), *hs = malloc(nl * sizeof *hs);
    size_t ng = 0, nh = 0;
    for (size_t i = 0; gaps && hs && i < nl; i++) {
        if (top[i] < 0) continue;
        hs[nh++] = bot[i] - top[i];
        size_t j = i + 1;
        while (j < nl && top[j] < 0) j++;
        if (j < nl && top[j] > bot[i] - 1) gaps[ng++] = top[j] - bot[i];
    }
    double gap = 0, h = 0;
    if (gaps && hs && ng >= 2 && nh >= 2) {
        qsort(gaps, ng, sizeof *gaps, cmp_double);
        qsort(hs, nh, sizeof *hs, cmp_double);
        gap = gaps[ng / 2];
        h = hs[nh / 2];
    }
    free(gaps);
    free(hs);
    for (size_t i = 0; i < nl; i++) {
        const char *e = strchr(beg[i], '\n');
        size_t n = e ? (size_t)(e - beg[i]) : strlen(beg[i]);
        vb_buf_append(out, beg[i], n);
        vb_buf_putc(out, '\n');
        if (h <= 0 || top[i] < 0) continue;
        size_t j = i + 1;
        while (j < nl && top[j] < 0) j++;
        /* a paragraph gap (not a line of its own that poppler wrote empty) */
        if (j < nl && j == i + 1 && top[j] - bot[i] > gap + 0.5 * h) vb_buf_putc(out, '\n');
    }
    free(top);
    free(bot);
    free(beg);
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
#ifdef VB_HAVE_TESS
    TessBaseAPI *api = NULL;
#endif
    size_t unread = 0;
    for (int i = 0; i < n && st == VB_OK; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        if (!page) continue;
        char *text = poppler_page_get_text(page);
        /* a scanned page has no text layer, or only a few stray characters
         * (a stamp, a page number): OCR reads it */
        if (visible(text) >= 40 || (in->flags & VB_READ_NO_OCR)) {
            if (visible(text) < 40) unread++;
            if (in->out.len && in->out.data[in->out.len - 1] != '\n') vb_buf_putc(&in->out, '\n');
            if (!vb_in_page(in, 0, -1)) st = VB_ERR_NOMEM;
            else if (text) page_text(page, text, &in->out);
        } else {
#ifdef VB_HAVE_TESS
            if (!api) api = ocr_engine();
            if (!api) st = VB_ERR_UNSUPPORTED;
            else st = ocr_pdf_page(api, page, in, (unsigned)i + 1, (unsigned)n);
#else
            vb_set_error("a scanned PDF page needs OCR, and this build has no Tesseract (libtesseract-dev)");
            st = VB_ERR_UNSUPPORTED;
#endif
        }
        g_free(text);
        g_object_unref(page);
    }
#ifdef VB_HAVE_TESS
    if (api) { TessBaseAPIEnd(api); TessBaseAPIDelete(api); }
#endif
    g_object_unref(doc);
    if (st == VB_OK && in->out.oom) st = VB_ERR_NOMEM;
    (void)unread;
    return st;
}
#else
vb_status_t vb_in_pdf(const void *bytes, size_t len, vb_in_t *in)
{
    (void)bytes; (void)len; (void)in;
    return VB_ERR_UNSUPPORTED;
}
#endif
