/*
 * qparse.h — the query-language parser: a query string becomes a syntax
 * tree.  Internal to libvanban (not installed); no Xapian here.  The query
 * builder walks the tree and turns TERM and PHRASE text into terms with
 * vb_tokenize(), fields into prefixed terms or value ranges.
 *
 * Grammar (docs/query-syntax.md has the full EBNF and every message):
 *
 *   query   = or-expr
 *   or-expr = and-expr { "OR" and-expr }
 *   and-expr= unary { [ "AND" ] unary }          (juxtaposition = AND)
 *   unary   = { "NOT" } [ "-" ] primary
 *   primary = word | phrase | field | "(" or-expr ")"
 *
 * Precedence, tightest first: NOT and "-" (exclusion), then AND (explicit
 * or implicit), then OR.  So `a b OR c` is (OR (AND a b) c), `a OR b c` is
 * (OR a (AND b c)) and `a NOT b` is (AND a (NOT b)).  Only upper-case AND,
 * OR, NOT are operators; "and", "or", "not" (and "-AND") are words.
 *
 * The tree is normalised: AND and OR are n-ary and flattened (an AND never
 * has an AND child, an OR never an OR child, neither has fewer than two
 * children); a NOT never has a NOT child (double exclusions cancel); words
 * and phrases made only of punctuation are dropped.  Every AND group, OR
 * alternative and exclusion contains at least one positive term, or
 * vb_qparse() reports an error — so the builder never meets a purely
 * negative sub-query.
 */
#ifndef VB_QPARSE_H
#define VB_QPARSE_H

#include <stddef.h>
#include "vanban.h"
#include "internal.h"

/* Longest query accepted, in bytes. */
#define VB_QUERY_MAX 65536
/* Deepest parenthesis nesting accepted. */
#define VB_QUERY_MAX_DEPTH 100

typedef enum {
    VB_QN_TERM,     /* one word as typed (may hold several syllables: "tín-dụng") */
    VB_QN_PHRASE,   /* "quoted words", in order */
    VB_QN_AND,      /* n-ary, >= 2 kids */
    VB_QN_OR,       /* n-ary, >= 2 kids */
    VB_QN_NOT,      /* unary exclusion: 1 kid */
    VB_QN_FIELD     /* name:value */
} vb_qnode_kind_t;

typedef enum {
    VB_QF_NONE = 0,
    VB_QF_NUMBER,   /* so:     / number:   the document's own number */
    VB_QF_TYPE,     /* loai:   / type:     document type */
    VB_QF_ISSUER,   /* coquan: / issuer:   issuing body */
    VB_QF_TO,       /* gui:    / to:       a recipient of the document (Kính gửi) */
    VB_QF_REF,      /* ref:    / trichdan: cited instrument (+ pinpoint) */
    VB_QF_SIGNER,   /* nguoiky:/ signer:   signer's name or title */
    VB_QF_YEAR,     /* nam:    / year:     year of issue (lo/hi set) */
    VB_QF_DATE,     /* ngay:   / date:     date or range (lo/hi set) */
    VB_QF_TOPIC,    /* chude:  / topic:    thesaurus topic */
    VB_QF_ASSIGNEE, /* giao:   / assignee: a body the clause gives work to */
    VB_QF_LEAD,     /* chutri: / lead:     a body that leads it (role chu_tri) */
    VB_QF_ROLE,     /* vaitro: / role:     a citation with that role (vb_cite_role_t) */
    VB_QF_EFFECTIVE,/* hieuluc:/ effective: entry into force, date or range (lo/hi set) */
    VB_QF_COUNT_
} vb_qfield_t;

typedef struct vb_qnode {
    vb_qnode_kind_t kind;
    vb_qfield_t field;          /* VB_QN_FIELD: which field; else VB_QF_NONE */
    /* TERM/PHRASE: the text as typed (UTF-8, NFC, control characters and
     * other white space turned into ' ', a phrase trimmed).  FIELD: the value
     * as typed, the same way (without the quotes). NULL for AND/OR/NOT. */
    char *text;
    /* FIELD number and ref: the document number ("30/2020/NĐ-CP", trailing
     * ",;." of a bare value dropped); ref only: the pinpoint as a clause path
     * ("d19", "d19.1", "d19.1.h"; the point letter is kept lower case with
     * its diacritics, "d5.2.đ"), NULL when none.  NULL for other kinds. */
    char *number, *pinpoint;
    /* FIELD year and date: ISO "YYYY-MM-DD" bounds, both inclusive; "" for
     * an open end.  A single day has lo == hi; a year or month spans it. */
    char lo[11], hi[11];
    int quoted;                 /* PHRASE, or a FIELD whose value was "quoted" */
    struct vb_qnode **kids;     /* AND/OR: nkids >= 2; NOT: nkids == 1 */
    size_t nkids;
    size_t column;              /* 1-based column (code points) where it starts:
                                   a word, the opening quote, the field name,
                                   the "-" or NOT; AND/OR: their first kid's */
} vb_qnode_t;

/* Parse QUERY (LEN bytes of UTF-8; need not be NUL-terminated; NUL and other
 * control characters count as white space) into a tree.  *OUT is freed with
 * vb_qnode_free().
 *
 * On a syntax error the function returns VB_ERR_QUERY_SYNTAX, writes an
 * English message that names the problem and its column ("unbalanced quote
 * opened at column 7") into ERRBUF (at most ERRCAP bytes with the NUL, cut
 * at a character boundary; ERRBUF may be NULL when ERRCAP is 0) and the
 * 1-based column, counted in code points, into *ERRCOL (ERRCOL may be NULL).
 * On success ERRBUF gets "" and *ERRCOL 0.  *OUT is untouched on failure.
 *
 * Errors: empty query; query longer than VB_QUERY_MAX bytes; invalid UTF-8;
 * unbalanced quote; unbalanced parenthesis; empty parentheses; AND, OR or
 * NOT without an operand; nesting deeper than VB_QUERY_MAX_DEPTH; unknown
 * field; empty field value; bad year or date; unreadable ref pinpoint; a
 * query, OR alternative or exclusion without a positive term.
 *
 * Runs in time linear in LEN; recursion depth is bounded by the nesting
 * limit.  Returns VB_OK, VB_ERR_QUERY_SYNTAX, VB_ERR_NOMEM, or
 * VB_ERR_INVALID_ARG (QUERY NULL with LEN > 0, or OUT NULL). */
vb_status_t vb_qparse(const char *query, size_t len, vb_qnode_t **out,
                      char *errbuf, size_t errcap, size_t *errcol);

/* Free a tree from vb_qparse() (NULL is fine). */
void vb_qnode_free(vb_qnode_t *n);

/* Canonical (English) field name: "number", "type", "issuer", "to", "ref",
 * "signer", "year", "date", "topic"; "" for VB_QF_NONE or out of range. */
const char *vb_qfield_name(vb_qfield_t f);

/* Field named NAME (LEN bytes), any alias, ASCII case-blind ("so", "SO",
 * "number", …); VB_QF_NONE when unknown. */
vb_qfield_t vb_qfield_lookup(const char *name, size_t len);

/* Append an S-expression of N to OUT, for tests and debugging; returns the
 * number of bytes appended (0 when OUT ran out of memory). Forms:
 *   (TERM "tín")  (PHRASE "tín dụng")  (NOT x)  (AND x y …)  (OR x y …)
 *   (FIELD type "chỉ thị" quoted)          plain fields ("quoted" if so)
 *   (FIELD number "10/CT-TTg")             number: the number part
 *   (FIELD ref "46/2014/NĐ-CP" pin "d19")  ref, with a pinpoint
 *   (FIELD date 2020-01-01..2020-12-31)    year and date: lo..hi, "" open
 * Strings are in double quotes with '"' and '\' escaped by '\'. */
size_t vb_qnode_describe(const vb_qnode_t *n, vb_buf_t *out);

#endif
