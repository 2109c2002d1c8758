/* Internal interfaces of the query-language parser (qparse*.c): the
 * parser's state, its tokens, and what one file of it asks of another.
 * Not installed. */
#ifndef VB_QPARSE_INTERNAL_H
#define VB_QPARSE_INTERNAL_H

#include <stdint.h>
#include "query/qparse.h"

enum { TK_END, TK_WORD, TK_PHRASE, TK_FIELD, TK_LP, TK_RP, TK_AND, TK_OR, TK_NOT };

typedef struct {
    int kind;
    size_t col;          /* 1-based column of the token */
    size_t s, e;         /* WORD: the word; PHRASE: inside the quotes; FIELD: the value */
    int neg;             /* preceded by '-' */
    size_t negcol;       /* column of that '-' */
    vb_qfield_t field;   /* FIELD */
    int quoted;          /* FIELD value in quotes */
    size_t namelen;      /* FIELD: code points in the name */
} tok_t;

typedef struct {
    uint32_t *cp;        /* the query, decoded */
    size_t n;
    size_t pos;          /* lexer position in cp[] */
    tok_t tok;           /* current token */
    vb_status_t st;      /* VB_OK until something failed */
    char msg[512];
    size_t errcol;
} parser_t;

/* ---- qparse_lex.c: errors, characters, spans, tokens ---- */

/* Record the first error: its message and 1-based column (later ones are dropped). */
void qp_fail(parser_t *p, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void qp_fail_nomem(parser_t *p);

int qp_is_space(uint32_t c);
static inline int qp_is_digit(uint32_t c) { return c >= '0' && c <= '9'; }

/* Text of cp[s..e): white space -> ' ', U+00D0 -> U+0110, then NFC.
 * Returns a malloc'd string or NULL (out of memory, reported). */
char *qp_make_text(parser_t *p, size_t s, size_t e);
/* Quote at most 40 code points of cp[s..e) for a message. */
void qp_quote_for_msg(const parser_t *p, size_t s, size_t e, char *out, size_t cap);
/* Lex the next token into p->tok.  Returns 0 on error (p->st set). */
int qp_next_token(parser_t *p);

/* ---- qparse.c: the tree ---- */
vb_qnode_t *qp_new_node(parser_t *p, vb_qnode_kind_t kind, size_t col);

/* ---- qparse_field.c: a field token -> a FIELD node (NULL on error, reported) ---- */
vb_qnode_t *qp_field_node(parser_t *p, const tok_t *t);

/* ---- qparse_date.c: fill n->lo/hi from the value cp[s..e) of a year or date field ---- */
int qp_date_value(parser_t *p, vb_qnode_t *n, size_t s, size_t e);

#endif
