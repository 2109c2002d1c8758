/* Reading a file of any format: detection by content (magic bytes), the
 * dispatch to one converter per format, and the page table that goes with
 * the text. Plain text goes straight to vb_text_decode(). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "input/input.h"

const char *vb_format_name(vb_format_t f)
{
    static const char *const names[VB_FMT_COUNT_] = { "text", "docx", "odt", "doc", "pdf", "html", "image" };
    return (unsigned)f < VB_FMT_COUNT_ ? names[f] : "unknown";
}

unsigned vb_formats_built(void)
{
    return (1u << VB_FMT_TEXT) | vb_in_built();
}

/* A zip whose first entry is "mimetype" holding the ODF text type, or any
 * zip naming word/document.xml in its local headers (Word puts
 * [Content_Types].xml first, so the name is searched in the first 64 KB). */
static vb_format_t zip_kind(const unsigned char *s, size_t n)
{
    static const char odt[] = "mimetypeapplication/vnd.oasis.opendocument.text";
    if (n >= 30 + sizeof odt - 1 && memcmp(s + 30, odt, sizeof odt - 1) == 0) return VB_FMT_ODT;
    size_t lim = n < 65536 ? n : 65536;
    static const char word[] = "word/document.xml", ct[] = "[Content_Types].xml";
    for (size_t i = 0; i + sizeof word - 1 <= lim; i++)
        if (s[i] == 'w' && memcmp(s + i, word, sizeof word - 1) == 0) return VB_FMT_DOCX;
    for (size_t i = 0; i + sizeof ct - 1 <= lim; i++)
        if (s[i] == '[' && memcmp(s + i, ct, sizeof ct - 1) == 0) return VB_FMT_DOCX;
    return VB_FMT_TEXT;   /* some other zip: not a document we read */
}

/* HTML: a doctype or an <html>/<head>/<body> tag near the start, after
 * a BOM and white space (case-blind). */
static int looks_html(const unsigned char *s, size_t n)
{
    size_t i = 0;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) i = 3;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
    if (i >= n || s[i] != '<') return 0;
    static const char *const open[] = { "<!doctype html", "<html", "<head", "<body", "<?xml version" };
    for (size_t k = 0; k < sizeof open / sizeof *open; k++) {
        size_t l = strlen(open[k]);
        if (n - i >= l && strncasecmp((const char *)s + i, open[k], l) == 0) {
            if (k < 4) return 1;
            /* XHTML: an XML declaration followed by an html element soon after */
            size_t lim = n - i < 1024 ? n - i : 1024;
            for (size_t j = i; j + 5 <= i + lim; j++)
                if (strncasecmp((const char *)s + j, "<html", 5) == 0) return 1;
        }
    }
    return 0;
}

vb_format_t vb_in_detect(const unsigned char *s, size_t n)
{
    if (n >= 5 && memcmp(s, "%PDF-", 5) == 0) return VB_FMT_PDF;
    if (n >= 4 && memcmp(s, "PK\x03\x04", 4) == 0) return zip_kind(s, n);
    if (n >= 8 && memcmp(s, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) return VB_FMT_DOC;
    if (n >= 8 && memcmp(s, "\x89PNG\r\n\x1A\n", 8) == 0) return VB_FMT_IMAGE;
    if (n >= 3 && memcmp(s, "\xFF\xD8\xFF", 3) == 0) return VB_FMT_IMAGE;
    if (n >= 4 && (memcmp(s, "II*\0", 4) == 0 || memcmp(s, "MM\0*", 4) == 0)) return VB_FMT_IMAGE;
    /* a PDF may carry junk before its header (the format allows 1 KB) */
    for (size_t i = 1; i + 5 <= n && i < 1024; i++)
        if (s[i] == '%' && memcmp(s + i, "%PDF-", 5) == 0) return VB_FMT_PDF;
    if (looks_html(s, n)) return VB_FMT_HTML;
    return VB_FMT_TEXT;
}

int vb_in_page(vb_in_t *in, int ocr, int confidence)
{
    if (in->page_count == in->page_cap) {
        size_t nc = in->page_cap ? in->page_cap * 2 : 16;
        vb_page_t *np = realloc(in->pages, nc * sizeof *np);
        if (!np) return 0;
        in->pages = np;
        in->page_cap = nc;
    }
    vb_page_t *p = &in->pages[in->page_count++];
    p->line = vb_in_line(in);
    p->ocr = ocr;
    p->confidence = confidence;
    return 1;
}

unsigned vb_in_line(vb_in_t *in)
{
    if (in->counted > in->out.len) in->counted = 0, in->lines = 0;   /* the text was cut back */
    for (; in->counted < in->out.len; in->counted++)
        if (in->out.data[in->counted] == '\n') in->lines++;
    return in->lines + 1;
}

void vb_in_ocr_done(const vb_in_t *in, unsigned page, unsigned pages, int confidence)
{
    if (in->progress && in->progress->fn)
        in->progress->fn(in->progress->path ? in->progress->path : in->path ? in->path : "",
                         page, pages, confidence, in->progress->data);
}

vb_status_t vb_text_read_bytes(const void *bytes, size_t len, const char *path, vb_encoding_t enc, unsigned flags,
                               vb_text_t **out)
{
    return vb_in_read(bytes, len, path, enc, flags, NULL, out);
}

vb_status_t vb_in_read(const void *bytes, size_t len, const char *path, vb_encoding_t enc, unsigned flags,
                       const vb_in_progress_t *progress, vb_text_t **out)
{
    if (!out || (!bytes && len)) return VB_ERR_INVALID_ARG;
    vb_format_t f = vb_in_detect(bytes, len);
    if (f == VB_FMT_TEXT) return vb_text_decode(bytes, len, enc, out);
    vb_in_t in;
    memset(&in, 0, sizeof in);
    in.flags = flags;
    in.path = path;
    in.progress = progress;
    vb_status_t st;
    switch (f) {
    case VB_FMT_DOCX: st = vb_in_docx(bytes, len, &in); break;
    case VB_FMT_ODT: st = vb_in_odt(bytes, len, &in); break;
    case VB_FMT_HTML: st = vb_in_html(bytes, len, &in); break;
    case VB_FMT_PDF: st = vb_in_pdf(bytes, len, &in); break;
    case VB_FMT_IMAGE: st = vb_in_image(bytes, len, &in); break;
    case VB_FMT_DOC: st = vb_in_word97(bytes, len, &in); break;
    default: st = VB_ERR_UNSUPPORTED; break;
    }
    if (st == VB_OK && in.out.oom) st = VB_ERR_NOMEM;
    if (st == VB_ERR_UNSUPPORTED)
        vb_set_error("%s files cannot be read: this build has no %s support (see README, optional packages)",
                     vb_format_name(f), vb_format_name(f));
    vb_text_t *t = NULL;
    /* the converters write UTF-8; the decoder still normalizes it (NFC,
     * controls) and replaces what is not valid */
    if (st == VB_OK) st = vb_text_decode(in.out.data ? in.out.data : "", in.out.len, VB_ENC_UTF8, &t);
    vb_buf_free(&in.out);
    if (st != VB_OK) {
        free(in.pages);
        return st;
    }
    t->format = f;
    t->pages = in.pages;
    t->page_count = in.page_count;
    *out = t;
    return VB_OK;
}

vb_status_t vb_text_read_file_ex(const char *path, vb_encoding_t enc, unsigned flags, vb_text_t **out)
{
    if (!path || !out) return VB_ERR_INVALID_ARG;
    char *buf = NULL;
    size_t n = 0;
    vb_status_t st = vb_read_whole(path, &buf, &n);
    if (st != VB_OK) return st;
    st = vb_text_read_bytes(buf, n, path, enc, flags, out);
    free(buf);
    return st;
}

vb_status_t vb_text_read_file(const char *path, vb_encoding_t enc, vb_text_t **out)
{
    return vb_text_read_file_ex(path, enc, 0, out);
}
