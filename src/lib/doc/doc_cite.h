/* Private interfaces of the citation extractor (doc_cite*.c). */
#ifndef VB_DOC_CITE_H
#define VB_DOC_CITE_H

#include "doc/doc_internal.h"

/* a word of a clause text */
typedef struct {
    size_t b, e;       /* raw span */
    char f[40];        /* folded core (edge punctuation stripped) */
    char last;         /* last raw byte */
} cw_t;

#define CW_MAXW 72     /* words looked at before a number */
#define CW_MAXPIN 64   /* pinpoints of one citation */
#define CW_PINLEN 48

void cw_fold(const char *s, size_t b, size_t e, cw_t *w);
size_t cw_before(const char *s, size_t p, cw_t *w, size_t max);          /* nearest first */
size_t cw_after(const char *s, size_t n, size_t p, cw_t *w);             /* end of the word, 0: none */
size_t cw_next(const char *s, size_t n, size_t p, cw_t *w);              /* same, commas not skipped */
int cw_is_num(const char *f);          /* "5", "12a" */
int cw_cap(const char *s, const cw_t *w);   /* first letter upper case */
int cw_all_upper(const char *s, const cw_t *w);
size_t cw_trim_end(const char *s, size_t b, size_t e);   /* without closing punctuation, quotes, footnotes */

/* the issuer after "của" (P just after it): span [*ib, *ie); 0 when none */
int dc_issuer(const char *s, size_t n, size_t p, size_t *ib, size_t *ie);

/* pinpoints written before word index Q of W (nearest-first words before a
 * type word): paths in text order, each with the offset its text starts at */
size_t dc_pinpoints(const char *s, const cw_t *w, size_t nw, size_t q, char pins[][CW_PINLEN],
                    size_t *starts, size_t max);

/* a law cited by its name at S+P ("Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp") */
typedef struct {
    size_t hb;          /* start of the head word */
    size_t nb, ne;      /* the name */
    const char *type;   /* "Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp" */
    int strong;         /* ended by a date, a number or "của" (2), punctuation or the end (1), else 0 */
} dc_name_t;
/* names in S; returns count (at most MAX) */
size_t dc_names(const char *s, size_t n, dc_name_t *out, size_t max);

#endif
