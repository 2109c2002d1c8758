/* Reading documents that are not plain text: format detection by content
 * and one converter per format, each producing UTF-8 text with one line per
 * paragraph (the form the document model reads) and a table of pages.
 * Not installed. */
#ifndef VB_INPUT_H
#define VB_INPUT_H

#include "internal.h"

/* Limits against hostile containers (zip bombs, endless PDFs). */
#define VB_IN_ZIP_MAX_ENTRIES   10000
#define VB_IN_ZIP_MAX_PART      ((size_t)256 << 20)   /* one XML part, expanded */
#define VB_IN_ZIP_MAX_RATIO     200                   /* expanded / compressed of one part */
#define VB_IN_MAX_PAGES         5000
#define VB_IN_CHILD_SECONDS     60                    /* a DOC extractor's time limit */

/* What a converter fills in besides the text. */
typedef struct {
    vb_buf_t out;          /* UTF-8 text, '\n' between paragraphs */
    vb_page_t *pages;      /* pages, in order (PDF, images) */
    size_t page_count, page_cap;
    unsigned flags;        /* VB_READ_* */
    size_t counted;        /* vb_in_line(): bytes of out whose line breaks are in lines */
    unsigned lines;
    const char *path;      /* the file (for extractors that need it), or NULL */
    const struct vb_in_progress *progress;   /* told of OCR pages, or NULL */
} vb_in_t;

/* Who is told of each page read by OCR, and the file's name for them. */
typedef struct vb_in_progress {
    vb_read_progress_fn fn;
    void *data;
    const char *path;      /* as the caller gave it */
} vb_in_progress_t;

/* vb_text_read_bytes() telling PROGRESS (may be NULL) of each OCR page. */
vb_status_t vb_in_read(const void *bytes, size_t len, const char *path, vb_encoding_t enc, unsigned flags,
                       const vb_in_progress_t *progress, vb_text_t **out);

/* Tell IN's progress callback that page PAGE (1-based) of PAGES was read by
 * OCR with CONFIDENCE. */
void vb_in_ocr_done(const vb_in_t *in, unsigned page, unsigned pages, int confidence);

/* Start a page at the current end of IN->out (the next line). 0 on OOM. */
int vb_in_page(vb_in_t *in, int ocr, int confidence);
/* Lines so far (the 1-based number of the line being written); counts only
 * what was written since the last call (a 500-page PDF is not rescanned per page). */
unsigned vb_in_line(vb_in_t *in);

vb_format_t vb_in_detect(const unsigned char *s, size_t n);

/* Each converter returns VB_OK, VB_ERR_FORMAT (vb_last_error() says what is
 * wrong with the file), VB_ERR_NOMEM, or VB_ERR_UNSUPPORTED (not built). */
vb_status_t vb_in_docx(const void *bytes, size_t len, vb_in_t *in);
vb_status_t vb_in_odt(const void *bytes, size_t len, vb_in_t *in);
vb_status_t vb_in_html(const void *bytes, size_t len, vb_in_t *in);
vb_status_t vb_in_pdf(const void *bytes, size_t len, vb_in_t *in);
vb_status_t vb_in_image(const void *bytes, size_t len, vb_in_t *in);
vb_status_t vb_in_word97(const void *bytes, size_t len, vb_in_t *in);

/* Which converters this build has (VB_FMT_* bit 1 << format). */
unsigned vb_in_built(void);

#endif
