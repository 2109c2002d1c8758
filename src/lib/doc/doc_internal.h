/* Internal interfaces of the document-model parser (doc*.c). Not installed. */
#ifndef VB_DOC_INTERNAL_H
#define VB_DOC_INTERNAL_H

#include "internal.h"

/* ---- lines ---- */
enum { LK_BLANK = 0, LK_TEXT, LK_NOISE };

typedef struct {
    const char *s;      /* trimmed content */
    size_t n;           /* trimmed length */
    unsigned no;        /* 1-based line number */
    unsigned char kind; /* LK_* */
} dline_t;

/* ---- growable string list ---- */
typedef struct {
    char **v;
    size_t n, cap;
} strlist_t;

/* ---- a clause under construction ---- */
typedef struct {
    vb_buf_t text;
    size_t *moff;       /* text offset where each appended line starts */
    unsigned *mline;    /* its line number */
    size_t mn, mcap;
} ctext_t;

/* ---- parser context ---- */
typedef struct {
    const char *text;
    size_t len;
    dline_t *L;
    size_t nl;
    vb_doc_t *doc;
    int oom;

    /* regions (line indexes, [beg, end)) */
    size_t hdr_beg, hdr_end;   /* hdr_end == hdr_beg: no header clause */
    size_t body_beg, body_end;
    size_t close_beg, close_end;
    size_t app_beg;            /* == nl when no appendices */

    int vbhn;                  /* consolidated text (VĂN BẢN HỢP NHẤT) */
    char *vbhn_issuer;         /* issuer named by a Công báo section line */

    /* clause building */
    ctext_t *ct;               /* one per doc->clauses entry */
    size_t ccap;
    /* path set (open addressing) */
    char **pset;
    size_t pset_cap, pset_n;
    strlist_t warn;
    unsigned nseg;             /* appendix and attachment segments made so far ("plK") */
    /* where each citation stands (set by d_citations, read by d_roles):
       doc->citation_count entries of clause index and byte span in its text */
    struct cpos { size_t ci, off, end; } *cpos;
} dctx_t;

/* ---- doc_util.c ---- */
int dl_push(strlist_t *l, char *s);            /* takes ownership; 0 on OOM (s freed) */
int dl_pushn(strlist_t *l, const char *s, size_t n);
void dl_free(strlist_t *l);
void d_warn(dctx_t *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

size_t d_fold(const char *s, size_t n, char *buf, size_t cap);  /* folded, spaces collapsed */
int d_starts(const char *folded, const char *prefix);            /* folded prefix match */
/* 0 when d_fold(S, N) cannot start with the letter CH (a-z): a test before
 * folding a line only to compare its start */
int d_fold_may_start(const char *s, size_t n, char ch);
int d_is_upper_text(const char *s, size_t n);    /* has >= 2 letters, none lower case */
int d_first_letter_case(const char *s, size_t n); /* 1 upper, -1 lower, 0 none/other first */
int d_ends_term(const char *s, size_t n);        /* sentence-final punctuation at the end */
char *d_clean_dup(const char *s, size_t n);      /* copy: strip ** and edge spaces, collapse spaces */
void d_append_clean(vb_buf_t *b, const char *s, size_t n); /* same, appended */
char *d_sentence_case(const char *s, size_t n, int keep_first_lower);
int d_word_is_abbrev(const char *s, size_t n);   /* an abbreviation or symbol, not a syllable */
size_t d_skip_spaces(const char *s, size_t n, size_t i);
const char *d_type_from_code(const char *sym, size_t n);
int d_is_separator(const char *s, size_t n);
const char *d_type_phrase(const char *s, size_t n);

/* replace the string *DST with V (taken; NULL: out of memory, flagged) */
void d_set_str(dctx_t *c, char **dst, char *v);

/* ---- header and closing blocks ---- */
#define FOLD_CAP 320   /* fold buffer of a header or closing line */

/* doc_hline.c: kinds of header lines */
enum { HL_OTHER = 0, HL_SEP, HL_KG, HL_MOTTO, HL_NUM, HL_DATE, HL_VV, HL_TYPE, HL_SECTION, HL_BODY, HL_AUTH };
int d_hl_classify(const char *s, size_t n, const char *f);   /* HL_* of line S, F its fold */
int d_motto_words(const char *f);                /* "Cộng hòa xã hội …", "Độc lập - Tự do …" */
int d_is_marker_start(const char *s, size_t n);  /* "1." or "2)" opening a line */
const char *d_type_in_line(const char *s, size_t n); /* canonical type named by the line, or NULL */

/* doc_list.c: dash lists */
size_t d_next_text(const dctx_t *c, size_t i, size_t limit);  /* next LK_TEXT line after I, or LIMIT */
int d_blank_between(const dctx_t *c, size_t a, size_t b);
char *d_item_dup(const char *s, size_t n);       /* copy without list punctuation */
int d_is_dash(const char *s, size_t n);           /* the line opens with a list dash */
size_t d_dash_len(const char *s, size_t n);       /* bytes of that dash and the spaces after */
void d_item_extend(dctx_t *c, strlist_t *l, const char *s, size_t n);
size_t d_parse_list(dctx_t *c, size_t i, size_t limit, strlist_t *out, int stop_upper);

/* doc_numdate.c: the number line and the place-and-date line */
int d_parse_date_line(dctx_t *c, const char *s, size_t n, int set_place);
int d_find_so(const char *s, size_t n, size_t *wb, size_t *after);
size_t d_parse_number_at(dctx_t *c, size_t i, size_t limit, size_t p, size_t *endp);
size_t d_parse_number(dctx_t *c, size_t i, size_t limit, int set);

/* doc_header.c, doc_closing.c */
void d_header(dctx_t *c);
void d_issuer_finish(dctx_t *c);   /* canonical issuer levels (end of parsing) */
void d_closing(dctx_t *c);

/* ---- bodyname.c: issuing bodies ---- */
/* One canonical spelling of a body's name, S of N bytes, whatever its source
 * (header line, query, assignee): motto words, layout debris, a doubled name
 * and stray syllables removed, abbreviations written out ("UBND" -> "Ủy ban
 * nhân dân", "BTC" -> "Bộ Tài chính"), official capitalisation from a table of
 * central bodies and provinces, else by rule. Malloc'd; NULL on out of memory. */
char *d_body_canonical(const char *s, size_t n);
/* Does canonical name S open with a body word (Bộ, Ủy ban, Cục, …)? */
int d_body_plausible(const char *s);
/* Is canonical name S a central body or ministry (never a unit under another)? */
int d_body_central(const char *s);

/* ---- doc_body.c ---- */
size_t d_new_clause(dctx_t *c, const char *path, const char *label, unsigned line);
void d_clause_line(dctx_t *c, size_t ci, const dline_t *l);
void d_body(dctx_t *c);
/* the body parser over [BEG, END); PREFIX ("pl1") and NAME ("Quy chế kèm
   theo") put it under an attachment segment, NULL for the document's body */
void d_body_range(dctx_t *c, size_t beg, size_t end, const char *prefix, const char *name);
int d_has_articles(const dctx_t *c, size_t beg, size_t end);  /* a "Điều N." heading outside quotes */
size_t d_article_restart(const dctx_t *c, size_t beg, size_t end); /* "Điều 1." again, or END */

/* ---- doc_attach.c ---- */
int d_appendix_heading(const dctx_t *c, size_t i);  /* line I is a real "Phụ lục …" heading */
int d_attachment_title(const dctx_t *c, size_t i);  /* line I titles an attached Quy chế, Quy định … */
size_t d_find_attachment(const dctx_t *c, size_t beg, size_t end);
void d_segments(dctx_t *c, size_t beg, size_t end);
void d_closing_articles(dctx_t *c);                 /* cut a form with articles off the closing */

long d_dieu_num(const char *s, size_t n);          /* N of a "Điều N." heading line, else 0 */

/* ---- doc_amend.c ---- */
typedef struct {
    int on, depth;
    long last_dieu;       /* last article number outside quotes */
} qzone_t;
/* line L (after line PREV) is quoted amendment text; DIEU its article number or 0 */
int d_in_quote(qzone_t *q, const dctx_t *c, size_t prev, const dline_t *l, long dieu);
int d_quote_delta(const char *s, size_t n);         /* opening minus closing quotes in a line */
int d_quote_delta_from(const char *s, size_t from, size_t n);   /* the same over S[FROM, N) */
int d_opens_quote(const char *s, size_t n);         /* the line starts with an opening quote */
void d_amends(dctx_t *c);                           /* amends / amends_doc of amending clauses */

/* ---- doc_assign.c: every clause's assignees (after all clauses exist) ---- */
void d_assignees(dctx_t *c);

/* ---- doc_cite.c ---- */
void d_citations(dctx_t *c);

/* ---- doc_role_detect.c, doc_effective.c (issue 18) ---- */
void d_roles(dctx_t *c);       /* role, affects, from of each citation (after d_citations, d_amends) */
void d_effective(dctx_t *c);   /* doc->effective (after the clauses exist) */
/* F (folded) right after "có hiệu lực (thi hành)": "(kể) từ ngày <date>", "kể từ ngày ký",
   "sau 45 ngày kể từ ngày ký" -> ISO date in OUT (DOC_DATE for "ngày ký"); 0 when none */
int d_effective_rule(const char *f, const char *doc_date, char out[11]);
int d_date_add_days(const char *iso, long n, char out[11]);
int d_is_vbhn(const dctx_t *c);   /* a consolidated text (VBHN): its type, number or opening */

#endif
