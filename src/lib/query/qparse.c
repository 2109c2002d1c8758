/* The query-language parser: string -> syntax tree (see qparse.h and
 * docs/query-syntax.md).  The query is decoded into code points once; a lexer
 * hands out one token at a time to a recursive-descent parser, so the error
 * reported is the leftmost one. */
#include <stdarg.h>
#include <stdio.h>
#include <utf8proc.h>
#include "query/qparse.h"
#include "text/date.h"

/* ------------------------------------------------------------------ fields */

/* The one table of field names: every alias, in the order the "known:" list
 * of the unknown-field message shows them. */
static const struct {
    const char *name;
    vb_qfield_t field;
} field_names[] = {
    { "so", VB_QF_NUMBER },      { "number", VB_QF_NUMBER },
    { "loai", VB_QF_TYPE },      { "type", VB_QF_TYPE },
    { "coquan", VB_QF_ISSUER },  { "issuer", VB_QF_ISSUER },
    { "giao", VB_QF_TO },        { "to", VB_QF_TO },
    { "ref", VB_QF_REF },        { "trichdan", VB_QF_REF },
    { "nguoiky", VB_QF_SIGNER }, { "signer", VB_QF_SIGNER },
    { "nam", VB_QF_YEAR },       { "year", VB_QF_YEAR },
    { "ngay", VB_QF_DATE },      { "date", VB_QF_DATE },
    { "chude", VB_QF_TOPIC },    { "topic", VB_QF_TOPIC },
};
#define N_FIELD_NAMES (sizeof field_names / sizeof field_names[0])

static const char *const canonical_names[VB_QF_COUNT_] = {
    "", "number", "type", "issuer", "to", "ref", "signer", "year", "date", "topic"
};

const char *vb_qfield_name(vb_qfield_t f)
{
    if ((int)f < 0 || f >= VB_QF_COUNT_) return "";
    return canonical_names[f];
}

vb_qfield_t vb_qfield_lookup(const char *name, size_t len)
{
    if (!name) return VB_QF_NONE;
    for (size_t i = 0; i < N_FIELD_NAMES; i++) {
        const char *a = field_names[i].name;
        if (strlen(a) != len) continue;
        size_t k = 0;
        for (; k < len; k++) {
            char c = name[k];
            if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
            if (c != a[k]) break;
        }
        if (k == len) return field_names[i].field;
    }
    return VB_QF_NONE;
}

/* ------------------------------------------------------------------ state */

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

static void fail(parser_t *p, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(parser_t *p, size_t col, const char *fmt, ...)
{
    if (p->st != VB_OK) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof p->msg, fmt, ap);
    va_end(ap);
    p->st = VB_ERR_QUERY_SYNTAX;
    p->errcol = col;
}

static void fail_nomem(parser_t *p)
{
    if (p->st != VB_OK) return;
    p->st = VB_ERR_NOMEM;
    snprintf(p->msg, sizeof p->msg, "out of memory");
    p->errcol = 0;
}

/* ------------------------------------------------------------------ characters */

static int is_space(uint32_t c)
{
    if (c <= 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) return 1;
    if (c < 0xA0) return 0;
    if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF) return 1;
    switch (utf8proc_category((utf8proc_int32_t)c)) {
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        return 1;
    default:
        return 0;
    }
}

static int is_quote(uint32_t c) { return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E; }
static int is_paren(uint32_t c) { return c == '(' || c == ')'; }
static int is_delim(uint32_t c) { return is_space(c) || is_paren(c) || is_quote(c); }
static int is_ascii_letter(uint32_t c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static int is_digit(uint32_t c) { return c >= '0' && c <= '9'; }

/* Letters and digits make a word worth searching; a run of punctuation does not. */
static int is_alnum(uint32_t c)
{
    if (c < 0x80) return is_ascii_letter(c) || is_digit(c);
    switch (utf8proc_category((utf8proc_int32_t)c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

static int has_alnum(const parser_t *p, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++)
        if (is_alnum(p->cp[i])) return 1;
    return 0;
}

static void trim(const parser_t *p, size_t *s, size_t *e)
{
    while (*s < *e && is_space(p->cp[*s])) (*s)++;
    while (*e > *s && is_space(p->cp[*e - 1])) (*e)--;
}

/* Index of the quote closing the one at OPEN, or n when there is none. */
static size_t find_close_quote(const parser_t *p, size_t open)
{
    size_t i = open + 1;
    while (i < p->n && !is_quote(p->cp[i])) i++;
    return i;
}

/* Text of cp[s..e): white space -> ' ', U+00D0 -> U+0110, then NFC.
 * Returns a malloc'd string or NULL (out of memory, reported). */
static char *make_text(parser_t *p, size_t s, size_t e)
{
    vb_buf_t b = { 0 };
    for (size_t i = s; i < e; i++) {
        uint32_t c = p->cp[i];
        if (is_space(c)) c = ' ';
        else if (c == 0xD0) c = 0x110;
        vb_buf_put_cp(&b, c);
    }
    char *raw = vb_buf_steal(&b);
    if (!raw) { fail_nomem(p); return NULL; }
    int ascii = 1;
    for (const char *q = raw; *q; q++)
        if ((unsigned char)*q >= 0x80) { ascii = 0; break; }
    if (ascii) return raw;
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)raw, 0, &nfc,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (r < 0) {
        /* cannot happen for valid code points, but never lose the text */
        free(nfc);
        if (r == UTF8PROC_ERROR_NOMEM) { free(raw); fail_nomem(p); return NULL; }
        return raw;
    }
    free(raw);
    return (char *)nfc;
}

/* Quote at most 40 code points of cp[s..e) for a message. */
static void quote_for_msg(const parser_t *p, size_t s, size_t e, char *out, size_t cap)
{
    size_t o = 0;
    size_t i = s;
    for (; i < e && i - s < 40; i++) {
        char tmp[4];
        uint32_t c = is_space(p->cp[i]) ? ' ' : p->cp[i];
        size_t k = vb_utf8_encode(c, tmp);
        if (o + k + 4 >= cap) break;
        memcpy(out + o, tmp, k);
        o += k;
    }
    if (i < e && o + 4 < cap) {   /* "…" */
        memcpy(out + o, "\xE2\x80\xA6", 3);
        o += 3;
    }
    out[o] = '\0';
}

/* ------------------------------------------------------------------ lexer */

/* Lex the field whose ASCII name is cp[s..k) (cp[k] == ':'), value at k+1.
 * Returns 1 with the token filled, 0 when this is not a field attempt (the
 * caller lexes a word), -1 on error. */
static int lex_field(parser_t *p, size_t s, size_t k, size_t wordend, tok_t *t)
{
    size_t v = k + 1;
    int has_value = v < p->n && !is_space(p->cp[v]) && !is_paren(p->cp[v]);
    char name[64];
    vb_qfield_t f = VB_QF_NONE;
    if (k - s < sizeof name) {
        for (size_t i = s; i < k; i++) name[i - s] = (char)p->cp[i];
        f = vb_qfield_lookup(name, k - s);
    }
    if (!has_value) {
        if (f == VB_QF_NONE) return 0;
        fail(p, s + 1, "empty value for field '%.*s:' at column %zu",
             (int)(k - s), name, s + 1);
        return -1;
    }
    if (f == VB_QF_NONE) {
        char known[300];
        size_t o = 0;
        for (size_t i = 0; i < N_FIELD_NAMES; i++) {
            int w = snprintf(known + o, sizeof known - o, "%s%s", i ? ", " : "",
                             field_names[i].name);
            if (w < 0 || (size_t)w >= sizeof known - o) break;
            o += (size_t)w;
        }
        char shown[200];
        quote_for_msg(p, s, k, shown, sizeof shown);
        fail(p, s + 1, "unknown field '%s' at column %zu (known: %s)", shown, s + 1, known);
        return -1;
    }
    t->kind = TK_FIELD;
    t->field = f;
    t->col = s + 1;
    t->namelen = k - s;
    if (is_quote(p->cp[v])) {
        size_t close = find_close_quote(p, v);
        if (close >= p->n) {
            fail(p, v + 1, "unbalanced quote opened at column %zu", v + 1);
            return -1;
        }
        t->quoted = 1;
        t->s = v + 1;
        t->e = close;
        p->pos = close + 1;
        trim(p, &t->s, &t->e);
    } else {
        t->quoted = 0;
        t->s = v;
        t->e = wordend;
        p->pos = wordend;
        if (f == VB_QF_NUMBER || f == VB_QF_REF)
            while (t->e > t->s && (p->cp[t->e - 1] == '.' || p->cp[t->e - 1] == ','
                                   || p->cp[t->e - 1] == ';'))
                t->e--;
    }
    /* a date range may be made of punctuation only ("..") and is judged later */
    int dated = f == VB_QF_DATE || f == VB_QF_YEAR;
    if (dated ? t->e == t->s : !has_alnum(p, t->s, t->e)) {
        fail(p, s + 1, "empty value for field '%.*s:' at column %zu",
             (int)(k - s), name, s + 1);
        return -1;
    }
    return 1;
}

/* Lex the next token into p->tok.  Returns 0 on error (p->st set). */
static int next_token(parser_t *p)
{
    tok_t *t = &p->tok;
    for (;;) {
        memset(t, 0, sizeof *t);
        while (p->pos < p->n && is_space(p->cp[p->pos])) p->pos++;
        if (p->pos >= p->n) { t->kind = TK_END; t->col = p->n + 1; return 1; }
        uint32_t c = p->cp[p->pos];
        if (c == '(' || c == ')') {
            t->kind = c == '(' ? TK_LP : TK_RP;
            t->col = p->pos + 1;
            p->pos++;
            return 1;
        }
        if (c == '-') {
            size_t j = p->pos;
            while (j < p->n && p->cp[j] == '-') j++;
            if (j >= p->n || is_space(p->cp[j]) || p->cp[j] == ')') {
                p->pos = j;            /* a dash standing alone: punctuation */
                continue;
            }
            t->neg = 1;
            t->negcol = p->pos + 1;
            p->pos = j;
            c = p->cp[j];
            if (c == '(') {
                t->kind = TK_LP;
                t->col = p->pos + 1;
                p->pos++;
                return 1;
            }
        }
        size_t s = p->pos;
        if (is_quote(c)) {
            size_t close = find_close_quote(p, s);
            if (close >= p->n) {
                fail(p, s + 1, "unbalanced quote opened at column %zu", s + 1);
                return 0;
            }
            p->pos = close + 1;
            size_t a = s + 1, b = close;
            trim(p, &a, &b);
            if (!has_alnum(p, a, b)) continue;   /* "" or "…": nothing to find */
            t->kind = TK_PHRASE;
            t->col = s + 1;
            t->s = a;
            t->e = b;
            return 1;
        }
        size_t j = s;
        while (j < p->n && !is_delim(p->cp[j])) j++;
        size_t k = s;
        while (k < j && is_ascii_letter(p->cp[k])) k++;
        if (k > s && k < j && p->cp[k] == ':') {
            int neg = t->neg;
            size_t negcol = t->negcol;
            int r = lex_field(p, s, k, j, t);
            if (r < 0) return 0;
            if (r > 0) {
                t->neg = neg;
                t->negcol = negcol;
                return 1;
            }
        }
        p->pos = j;
        if (!t->neg && j - s <= 3) {
            static const char *const ops[] = { "AND", "OR", "NOT" };
            static const int kinds[] = { TK_AND, TK_OR, TK_NOT };
            for (int o = 0; o < 3; o++) {
                size_t L = strlen(ops[o]), i = 0;
                if (L != j - s) continue;
                while (i < L && p->cp[s + i] == (uint32_t)ops[o][i]) i++;
                if (i == L) {
                    t->kind = kinds[o];
                    t->col = s + 1;
                    return 1;
                }
            }
        }
        if (!has_alnum(p, s, j)) continue;       /* punctuation only: skip (with its '-') */
        t->kind = TK_WORD;
        t->col = s + 1;
        t->s = s;
        t->e = j;
        return 1;
    }
}

/* ------------------------------------------------------------------ nodes */

void vb_qnode_free(vb_qnode_t *n)
{
    if (!n) return;
    for (size_t i = 0; i < n->nkids; i++) vb_qnode_free(n->kids[i]);
    free(n->kids);
    free(n->text);
    free(n->number);
    free(n->pinpoint);
    free(n);
}

static vb_qnode_t *new_node(parser_t *p, vb_qnode_kind_t kind, size_t col)
{
    vb_qnode_t *n = calloc(1, sizeof *n);
    if (!n) { fail_nomem(p); return NULL; }
    n->kind = kind;
    n->column = col;
    return n;
}

/* A growable list of kids. */
typedef struct {
    vb_qnode_t **v;
    size_t n, cap;
} kids_t;

static void kids_free(kids_t *k)
{
    for (size_t i = 0; i < k->n; i++) vb_qnode_free(k->v[i]);
    free(k->v);
    k->v = NULL;
    k->n = k->cap = 0;
}

/* Append X to K, splicing X's kids when X is of kind FLAT (AND into AND,
 * OR into OR).  Takes X in every case.  Returns 0 on out of memory. */
static int kids_add(parser_t *p, kids_t *k, vb_qnode_t *x, vb_qnode_kind_t flat)
{
    size_t add = x->kind == flat ? x->nkids : 1;
    if (k->n + add > k->cap) {
        size_t cap = k->cap ? k->cap : 4;
        while (cap < k->n + add) cap *= 2;
        vb_qnode_t **v = realloc(k->v, cap * sizeof *v);
        if (!v) { vb_qnode_free(x); fail_nomem(p); return 0; }
        k->v = v;
        k->cap = cap;
    }
    if (x->kind == flat) {
        memcpy(k->v + k->n, x->kids, x->nkids * sizeof *x->kids);
        k->n += x->nkids;
        x->nkids = 0;
        vb_qnode_free(x);
    } else {
        k->v[k->n++] = x;
    }
    return 1;
}

/* Turn the list into one node: its only element, or an n-ary KIND node. */
static vb_qnode_t *kids_finish(parser_t *p, kids_t *k, vb_qnode_kind_t kind)
{
    if (k->n == 1) {
        vb_qnode_t *x = k->v[0];
        free(k->v);
        k->v = NULL;
        k->n = k->cap = 0;
        return x;
    }
    vb_qnode_t *n = new_node(p, kind, k->v[0]->column);
    if (!n) { kids_free(k); return NULL; }
    n->kids = k->v;
    n->nkids = k->n;
    k->v = NULL;
    k->n = k->cap = 0;
    return n;
}

/* ------------------------------------------------------------------ dates */

/* Read one end of a date (text/date.h: YYYY, YYYY-MM, M/YYYY, YYYY-MM-DD,
 * D/M/YYYY) from code points: VB_DATE_OK, VB_DATE_BAD or VB_DATE_YEAR_OUT.
 * The longest form has 10 characters, all ASCII. */
static int parse_date_piece(const uint32_t *c, size_t n, char lo[11], char hi[11])
{
    char a[10];
    if (n > sizeof a) return VB_DATE_BAD;
    for (size_t i = 0; i < n; i++) {
        if (c[i] >= 0x80) return VB_DATE_BAD;
        a[i] = (char)c[i];
    }
    return vb_date_parse_period(a, n, lo, hi);
}

static int is_four_digits(const uint32_t *c, size_t n)
{
    if (n != 4) return 0;
    for (size_t i = 0; i < 4; i++)
        if (!is_digit(c[i])) return 0;
    return c[0] != '0' || c[1] != '0' || c[2] != '0' || c[3] != '0';
}

/* Report the end cp[s..e) of a year or date field that parse_date_piece()
 * did not accept (R: its answer). */
static void bad_date(parser_t *p, int year, int r, size_t s, size_t e)
{
    char msgval[200];
    quote_for_msg(p, s, e, msgval, sizeof msgval);
    if (r == VB_DATE_YEAR_OUT)
        fail(p, s + 1, "invalid %s '%s' at column %zu (years run from %d to %d)",
             year ? "year" : "date", msgval, s + 1, VB_DATE_YEAR_MIN, VB_DATE_YEAR_MAX);
    else if (year)
        fail(p, s + 1, "a year must have 4 digits: '%s' at column %zu", msgval, s + 1);
    else
        fail(p, s + 1, "invalid date '%s' at column %zu (use 2020-08-21, 21/8/2020, "
             "2020-08 or 2020)", msgval, s + 1);
}

/* Fill n->lo/hi from the value cp[s..e) of a year or date field. */
static int parse_date_value(parser_t *p, vb_qnode_t *n, size_t s, size_t e)
{
    const uint32_t *c = p->cp;
    int year = n->field == VB_QF_YEAR;
    size_t dots = e;
    for (size_t i = s; i + 1 < e; i++)
        if (c[i] == '.' && c[i + 1] == '.') { dots = i; break; }
    char msgval[200];
    if (dots == e) {
        int r = VB_DATE_BAD;
        if (!year || is_four_digits(c + s, e - s)) r = parse_date_piece(c + s, e - s, n->lo, n->hi);
        if (r != VB_DATE_OK) {
            bad_date(p, year, r, s, e);
            return 0;
        }
        return 1;
    }
    size_t a0 = s, a1 = dots, b0 = dots + 2, b1 = e;
    char lo[11], hi[11], tmp[11];
    if (a0 == a1 && b0 == b1) {
        fail(p, s + 1, "empty date range '..' at column %zu", s + 1);
        return 0;
    }
    for (int side = 0; side < 2; side++) {
        size_t x0 = side ? b0 : a0, x1 = side ? b1 : a1;
        char *dst = side ? hi : lo;
        if (x0 == x1) { dst[0] = '\0'; continue; }
        int r = VB_DATE_BAD;
        if (!year || is_four_digits(c + x0, x1 - x0))
            r = side ? parse_date_piece(c + x0, x1 - x0, tmp, dst)
                     : parse_date_piece(c + x0, x1 - x0, dst, tmp);
        if (r != VB_DATE_OK) {
            bad_date(p, year, r, x0, x1);
            return 0;
        }
    }
    if (lo[0] && hi[0] && strcmp(lo, hi) > 0) {
        quote_for_msg(p, s, e, msgval, sizeof msgval);
        fail(p, s + 1, "date range '%s' at column %zu ends before it starts", msgval, s + 1);
        return 0;
    }
    memcpy(n->lo, lo, sizeof lo);
    memcpy(n->hi, hi, sizeof hi);
    return 1;
}

/* ------------------------------------------------------------------ pinpoints */

/* Fold cp[s..e) (diacritics off, lower case) into BUF; drops trailing ",;."
 * unless the form (nearly) fills BUF: it may have been cut, and with its
 * tail dropped too it could pass for a pinpoint part ("d9.1.di,,,…,,f"
 * would read as the point "di"). */
static size_t fold_word(parser_t *p, size_t s, size_t e, char *buf, size_t cap)
{
    char *t = make_text(p, s, e);
    if (!t) { buf[0] = '\0'; return 0; }
    size_t n = vb_term_fold(t, strlen(t), buf, cap);
    free(t);
    if (n + 4 >= cap) return n;
    while (n > 0 && (buf[n - 1] == ',' || buf[n - 1] == ';' || buf[n - 1] == '.')) buf[--n] = '\0';
    return n;
}

static int all_digits(const char *s, size_t n)
{
    if (n == 0 || n > 6) return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

/* An article number: digits with an optional letter ("19", "19a"). */
static int article_number(const char *s, size_t n)
{
    if (n > 1 && s[n - 1] >= 'a' && s[n - 1] <= 'z') n--;
    return all_digits(s, n);
}

/* Copy N bytes of S into DST (CAP bytes) with a NUL, cutting if need be. */
static void copy_small(char *dst, size_t cap, const char *s, size_t n)
{
    if (n >= cap) n = cap - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* A point: one or two Vietnamese letters, lower case (exact form kept). */
static int point_letter(const char *folded, size_t n)
{
    if (n == 0 || n > 2) return 0;
    for (size_t i = 0; i < n; i++)
        if (folded[i] < 'a' || folded[i] > 'z') return 0;
    return 1;
}

/* The exact lower-case form of cp[s..e) minus trailing ",;." (malloc'd). */
static char *exact_word(parser_t *p, size_t s, size_t e)
{
    while (e > s && (p->cp[e - 1] == ',' || p->cp[e - 1] == ';' || p->cp[e - 1] == '.')) e--;
    char *t = make_text(p, s, e);
    if (!t) return NULL;
    char buf[64];
    size_t n = vb_term_exact(t, strlen(t), buf, sizeof buf);
    free(t);
    char *r = vb_strndup(buf, n);
    if (!r) fail_nomem(p);
    return r;
}

/* The point of a pinpoint in cp[s..e): its exact lower-case form
 * (malloc'd) when that form folds to one or two letters, else NULL (p->st
 * says whether memory ran out). The form kept is the one checked: folding
 * drops marks, so checking the fold of the raw word could pass a form whose
 * stray mark hid trailing punctuation ("dA,,,<U+07AC>" folds to "da"). */
static char *point_word(parser_t *p, size_t s, size_t e)
{
    char *pt = exact_word(p, s, e);
    if (!pt) return NULL;
    char f[64];
    size_t L = vb_term_fold(pt, strlen(pt), f, sizeof f);
    if (L >= sizeof f - 4 || !point_letter(f, L)) {
        free(pt);
        return NULL;
    }
    return pt;
}

static int is_pin_keyword(const char *f, size_t n)
{
    if (n >= 2 && f[0] == 'd' && f[1] >= '0' && f[1] <= '9') return 1;
    return strcmp(f, "dieu") == 0 || strcmp(f, "khoan") == 0 || strcmp(f, "diem") == 0;
}

/* Parse the words W[0..nw) (code-point ranges) as a pinpoint into a clause
 * path. Returns the malloc'd path, or NULL (p->st set on out of memory; else
 * the pinpoint is unreadable). */
static char *parse_pinpoint(parser_t *p, const size_t (*w)[2], size_t nw)
{
    char f[64], art[16] = "", cl[16] = "";
    char *pt = NULL;
    vb_buf_t b = { 0 };
    if (nw == 1) {
        /* compact: d19, d19.1, d19.1.h (Đ19 too) */
        size_t s = w[0][0], e = w[0][1];
        while (e > s && (p->cp[e - 1] == ',' || p->cp[e - 1] == ';' || p->cp[e - 1] == '.')) e--;
        if (e - s < 2 || (p->cp[s] != 'd' && p->cp[s] != 'D' && p->cp[s] != 0x111
                          && p->cp[s] != 0x110 && p->cp[s] != 0xD0))
            return NULL;
        size_t part[3][2];
        size_t np = 0, a = s + 1;
        for (size_t i = s + 1; i <= e; i++) {
            if (i == e || p->cp[i] == '.') {
                if (np == 3 || i == a) return NULL;
                part[np][0] = a;
                part[np][1] = i;
                np++;
                a = i + 1;
            }
        }
        for (size_t k = 0; k < np && k < 2; k++) {
            size_t L = fold_word(p, part[k][0], part[k][1], f, sizeof f);
            if (p->st != VB_OK) return NULL;
            if (k == 0 ? !article_number(f, L) : !all_digits(f, L)) return NULL;
            copy_small(k == 0 ? art : cl, sizeof art, f, L);
        }
        if (np == 3 && !(pt = point_word(p, part[2][0], part[2][1]))) return NULL;
    } else {
        /* long form: "điểm h khoản 1 Điều 19", any order, each once */
        if (nw % 2) return NULL;
        for (size_t i = 0; i < nw; i += 2) {
            fold_word(p, w[i][0], w[i][1], f, sizeof f);
            if (p->st != VB_OK) goto bad;
            char v[64];
            size_t L = fold_word(p, w[i + 1][0], w[i + 1][1], v, sizeof v);
            if (p->st != VB_OK) goto bad;
            if (strcmp(f, "dieu") == 0 && !art[0] && article_number(v, L)) {
                copy_small(art, sizeof art, v, L);
            } else if (strcmp(f, "khoan") == 0 && !cl[0] && all_digits(v, L)) {
                copy_small(cl, sizeof cl, v, L);
            } else if (strcmp(f, "diem") == 0 && !pt && point_letter(v, L)) {
                pt = point_word(p, w[i + 1][0], w[i + 1][1]);
                if (!pt) goto bad;
            } else {
                goto bad;
            }
        }
        if (!art[0] || (pt && !cl[0])) goto bad;
    }
    vb_buf_printf(&b, "d%s", art);
    if (cl[0]) vb_buf_printf(&b, ".%s", cl);
    if (pt) vb_buf_printf(&b, ".%s", pt);
    free(pt);
    {
        char *r = vb_buf_steal(&b);
        if (!r) fail_nomem(p);
        return r;
    }
bad:
    free(pt);
    vb_buf_free(&b);
    return NULL;
}

/* ref: value cp[s..e) -> number and pinpoint. */
static int parse_ref_value(parser_t *p, vb_qnode_t *n, size_t s, size_t e)
{
    size_t (*w)[2] = NULL;
    size_t nw = 0;
    if (n->quoted) {
        /* split into words */
        size_t cnt = 0;
        for (size_t i = s; i < e;) {
            while (i < e && is_space(p->cp[i])) i++;
            if (i >= e) break;
            cnt++;
            while (i < e && !is_space(p->cp[i])) i++;
        }
        w = malloc((cnt ? cnt : 1) * sizeof *w);
        if (!w) { fail_nomem(p); return 0; }
        for (size_t i = s; i < e;) {
            while (i < e && is_space(p->cp[i])) i++;
            if (i >= e) break;
            w[nw][0] = i;
            while (i < e && !is_space(p->cp[i])) i++;
            w[nw][1] = i;
            nw++;
        }
    }
    size_t pin = nw;   /* first word of the pinpoint */
    for (size_t i = 1; i < nw; i++) {
        char f[64];
        size_t L = fold_word(p, w[i][0], w[i][1], f, sizeof f);
        if (p->st != VB_OK) { free(w); return 0; }
        if (is_pin_keyword(f, L)) { pin = i; break; }
    }
    size_t ne = e;
    if (pin < nw) {
        n->pinpoint = parse_pinpoint(p, (const size_t (*)[2])(w + pin), nw - pin);
        if (!n->pinpoint) {
            if (p->st == VB_OK) {
                char shown[200];
                quote_for_msg(p, w[pin][0], e, shown, sizeof shown);
                fail(p, w[pin][0] + 1, "cannot read the pinpoint '%s' at column %zu (write d19, "
                     "d19.1.h, \"Điều 19\", \"khoản 1 Điều 19\" or \"điểm h khoản 1 Điều 19\")",
                     shown, w[pin][0] + 1);
            }
            free(w);
            return 0;
        }
        ne = w[pin - 1][1];
        while (ne > s && (p->cp[ne - 1] == ',' || p->cp[ne - 1] == ';' || is_space(p->cp[ne - 1])))
            ne--;
    }
    free(w);
    n->number = make_text(p, s, ne);
    return n->number != NULL;
}

/* ------------------------------------------------------------------ parser */

static int starts_unary(int kind)
{
    return kind == TK_WORD || kind == TK_PHRASE || kind == TK_FIELD || kind == TK_LP
        || kind == TK_NOT;
}

static vb_qnode_t *parse_or(parser_t *p, size_t depth);

static vb_qnode_t *field_node(parser_t *p, const tok_t *t)
{
    vb_qnode_t *n = new_node(p, VB_QN_FIELD, t->col);
    if (!n) return NULL;
    n->field = t->field;
    n->quoted = t->quoted;
    n->text = make_text(p, t->s, t->e);
    if (!n->text) goto bad;
    switch (t->field) {
    case VB_QF_NUMBER:
        n->number = make_text(p, t->s, t->e);
        if (!n->number) goto bad;
        break;
    case VB_QF_REF:
        if (!parse_ref_value(p, n, t->s, t->e)) goto bad;
        break;
    case VB_QF_YEAR: case VB_QF_DATE:
        if (!parse_date_value(p, n, t->s, t->e)) goto bad;
        break;
    default:
        break;
    }
    return n;
bad:
    vb_qnode_free(n);
    return NULL;
}

/* primary = word | phrase | field | "(" or-expr ")" — the current token. */
static vb_qnode_t *parse_primary(parser_t *p, size_t depth)
{
    tok_t t = p->tok;
    vb_qnode_t *n = NULL;
    switch (t.kind) {
    case TK_WORD: case TK_PHRASE:
        n = new_node(p, t.kind == TK_WORD ? VB_QN_TERM : VB_QN_PHRASE, t.col);
        if (!n) return NULL;
        n->quoted = t.kind == TK_PHRASE;
        n->text = make_text(p, t.s, t.e);
        if (!n->text) { vb_qnode_free(n); return NULL; }
        break;
    case TK_FIELD:
        n = field_node(p, &t);
        if (!n) return NULL;
        break;
    case TK_LP:
        if (depth >= VB_QUERY_MAX_DEPTH) {
            fail(p, t.col, "too deeply nested: more than %d parentheses at column %zu",
                 VB_QUERY_MAX_DEPTH, t.col);
            return NULL;
        }
        if (!next_token(p)) return NULL;
        if (p->tok.kind == TK_RP) {
            fail(p, t.col, "empty parentheses at column %zu", t.col);
            return NULL;
        }
        if (p->tok.kind == TK_END) {
            fail(p, t.col, "unbalanced parenthesis opened at column %zu", t.col);
            return NULL;
        }
        n = parse_or(p, depth + 1);
        if (!n) return NULL;
        if (p->tok.kind != TK_RP) {
            vb_qnode_free(n);
            fail(p, t.col, "unbalanced parenthesis opened at column %zu", t.col);
            return NULL;
        }
        break;
    default:
        fail(p, t.col, "expected a term at column %zu", t.col);   /* not reached */
        return NULL;
    }
    if (!next_token(p)) { vb_qnode_free(n); return NULL; }
    return n;
}

/* unary = { "NOT" } [ "-" ] primary; double exclusions cancel. */
static vb_qnode_t *parse_unary(parser_t *p, size_t depth)
{
    size_t negs = 0, col = 0;
    while (p->tok.kind == TK_NOT) {
        size_t c = p->tok.col;
        if (!negs++) col = c;
        if (!next_token(p)) return NULL;
        if (!starts_unary(p->tok.kind)) {
            fail(p, c, "NOT at column %zu needs a term after it", c);
            return NULL;
        }
    }
    if (p->tok.neg) {
        if (!negs++) col = p->tok.negcol;
    }
    vb_qnode_t *x = parse_primary(p, depth);
    if (!x) return NULL;
    if (negs % 2 == 0) return x;
    if (x->kind == VB_QN_NOT) {            /* -(-a) */
        vb_qnode_t *k = x->kids[0];
        x->nkids = 0;
        vb_qnode_free(x);
        return k;
    }
    vb_qnode_t *n = new_node(p, VB_QN_NOT, col);
    if (!n) { vb_qnode_free(x); return NULL; }
    n->kids = malloc(sizeof *n->kids);
    if (!n->kids) { vb_qnode_free(x); vb_qnode_free(n); fail_nomem(p); return NULL; }
    n->kids[0] = x;
    n->nkids = 1;
    return n;
}

/* Bare words typed next to each other form one expression: Vietnamese writes
 * every syllable apart, so "tín dụng đen" means the compound words it spells,
 * not three syllables anywhere in a clause. Appends B's text to A. */
static int merge_words(parser_t *p, vb_qnode_t *a, vb_qnode_t *b)
{
    size_t la = strlen(a->text), lb = strlen(b->text);
    char *t = realloc(a->text, la + lb + 2);
    if (!t) { fail_nomem(p); return 0; }
    t[la] = ' ';
    memcpy(t + la + 1, b->text, lb + 1);
    a->text = t;
    return 1;
}

/* and-expr = unary { [ "AND" ] unary } */
static vb_qnode_t *parse_and(parser_t *p, size_t depth)
{
    kids_t k = { 0 };
    int explicit_and = 0, prev_bare = 0;
    for (;;) {
        int kind = p->tok.kind;
        if (kind == TK_AND) {
            explicit_and = 1;
            size_t c = p->tok.col;
            if (k.n == 0) {
                fail(p, c, "AND at column %zu needs a term before it", c);
                break;
            }
            if (!next_token(p)) break;
            if (!starts_unary(p->tok.kind)) {
                fail(p, c, "AND at column %zu needs a term after it", c);
                break;
            }
            continue;
        }
        if (!starts_unary(kind)) {
            if (k.n > 0) return kids_finish(p, &k, VB_QN_AND);
            if (kind == TK_OR)
                fail(p, p->tok.col, "OR at column %zu needs a term before it", p->tok.col);
            else if (kind == TK_RP)
                fail(p, p->tok.col, "unbalanced parenthesis: ')' at column %zu has no '('",
                     p->tok.col);
            else
                fail(p, 1, "the query is empty");
            break;
        }
        /* only a word written bare (no quotes, parentheses, field or exclusion) joins its neighbour */
        int bare = kind == TK_WORD && !p->tok.neg;
        vb_qnode_t *x = parse_unary(p, depth);
        if (!x) break;
        if (bare && prev_bare && !explicit_and && k.n > 0 && x->kind == VB_QN_TERM &&
            k.v[k.n - 1]->kind == VB_QN_TERM) {
            int merged = merge_words(p, k.v[k.n - 1], x);
            vb_qnode_free(x);
            if (!merged) break;
            continue;
        }
        explicit_and = 0;
        prev_bare = bare;
        if (!kids_add(p, &k, x, VB_QN_AND)) break;
    }
    kids_free(&k);
    return NULL;
}

/* or-expr = and-expr { "OR" and-expr } */
static vb_qnode_t *parse_or(parser_t *p, size_t depth)
{
    kids_t k = { 0 };
    vb_qnode_t *x = parse_and(p, depth);
    if (!x || !kids_add(p, &k, x, VB_QN_OR)) return NULL;
    while (p->tok.kind == TK_OR) {
        size_t c = p->tok.col;
        if (!next_token(p)) goto bad;
        if (!starts_unary(p->tok.kind)) {
            fail(p, c, "OR at column %zu needs a term after it", c);
            goto bad;
        }
        x = parse_and(p, depth);
        if (!x || !kids_add(p, &k, x, VB_QN_OR)) goto bad;
    }
    return kids_finish(p, &k, VB_QN_OR);
bad:
    kids_free(&k);
    return NULL;
}

/* Does N match something by itself (not only as an exclusion)? */
static int positive(const vb_qnode_t *n)
{
    switch (n->kind) {
    case VB_QN_NOT:
        return 0;
    case VB_QN_AND:
        for (size_t i = 0; i < n->nkids; i++)
            if (positive(n->kids[i])) return 1;
        return 0;
    case VB_QN_OR:
        for (size_t i = 0; i < n->nkids; i++)
            if (!positive(n->kids[i])) return 0;
        return 1;
    default:
        return 1;
    }
}

/* Is there a term anywhere outside every exclusion? */
static int has_positive_leaf(const vb_qnode_t *n)
{
    switch (n->kind) {
    case VB_QN_NOT:
        return 0;
    case VB_QN_AND: case VB_QN_OR:
        for (size_t i = 0; i < n->nkids; i++)
            if (has_positive_leaf(n->kids[i])) return 1;
        return 0;
    default:
        return 1;
    }
}

/* Every OR alternative and every exclusion must hold a positive term. */
static int check_positive(parser_t *p, const vb_qnode_t *n)
{
    if (n->kind == VB_QN_OR) {
        for (size_t i = 0; i < n->nkids; i++)
            if (!positive(n->kids[i])) {
                fail(p, n->kids[i]->column, "the OR alternative at column %zu only excludes; "
                     "it needs at least one positive term", n->kids[i]->column);
                return 0;
            }
    }
    if (n->kind == VB_QN_NOT && !positive(n->kids[0])) {
        fail(p, n->column, "the exclusion at column %zu needs at least one positive term "
             "inside it", n->column);
        return 0;
    }
    for (size_t i = 0; i < n->nkids; i++)
        if (!check_positive(p, n->kids[i])) return 0;
    return 1;
}

/* ------------------------------------------------------------------ entry */

static void put_error(const char *msg, char *errbuf, size_t errcap)
{
    if (!errbuf || errcap == 0) return;
    size_t n = strlen(msg);
    if (n >= errcap) {
        n = errcap - 1;
        while (n > 0 && ((unsigned char)msg[n] & 0xC0) == 0x80) n--;   /* char boundary */
    }
    memcpy(errbuf, msg, n);
    errbuf[n] = '\0';
}

vb_status_t vb_qparse(const char *query, size_t len, vb_qnode_t **out,
                      char *errbuf, size_t errcap, size_t *errcol)
{
    if (errbuf && errcap) errbuf[0] = '\0';
    if (errcol) *errcol = 0;
    if (!out || (!query && len > 0)) return VB_ERR_INVALID_ARG;

    parser_t p;
    memset(&p, 0, sizeof p);
    p.st = VB_OK;
    vb_qnode_t *root = NULL;

    if (len > VB_QUERY_MAX) {
        fail(&p, 1, "the query is too long: %zu bytes (at most %d)", len, VB_QUERY_MAX);
        goto done;
    }
    p.cp = malloc((len ? len : 1) * sizeof *p.cp);
    if (!p.cp) { fail_nomem(&p); goto done; }
    for (size_t i = 0; i < len;) {
        uint32_t c;
        size_t k = vb_utf8_decode((const unsigned char *)query + i, len - i, &c);
        if (c == 0xFFFD && k == 1 && (unsigned char)query[i] >= 0x80) {
            fail(&p, p.n + 1, "invalid UTF-8 (byte 0x%02X) at column %zu",
                 (unsigned)(unsigned char)query[i], p.n + 1);
            goto done;
        }
        p.cp[p.n++] = c;
        i += k;
    }
    if (!next_token(&p)) goto done;
    if (p.tok.kind == TK_END) {
        fail(&p, 1, "the query is empty");
        goto done;
    }
    root = parse_or(&p, 0);
    if (!root) goto done;
    if (p.tok.kind != TK_END) {
        /* parse_or stops only at END or an unmatched ')' */
        fail(&p, p.tok.col, "unbalanced parenthesis: ')' at column %zu has no '('", p.tok.col);
        goto done;
    }
    if (!has_positive_leaf(root)) {
        fail(&p, root->column, "a query needs at least one positive term, not only "
             "exclusions (column %zu)", root->column);
        goto done;
    }
    check_positive(&p, root);

done:
    free(p.cp);
    if (p.st != VB_OK) {
        vb_qnode_free(root);
        put_error(p.msg, errbuf, errcap);
        if (errcol) *errcol = p.errcol;
        return p.st;
    }
    *out = root;
    return VB_OK;
}

/* ------------------------------------------------------------------ describe */

static void put_quoted(vb_buf_t *b, const char *s)
{
    vb_buf_putc(b, '"');
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\') vb_buf_putc(b, '\\');
        vb_buf_putc(b, *s);
    }
    vb_buf_putc(b, '"');
}

static void describe(const vb_qnode_t *n, vb_buf_t *b)
{
    switch (n->kind) {
    case VB_QN_TERM:
        vb_buf_puts(b, "(TERM ");
        put_quoted(b, n->text);
        break;
    case VB_QN_PHRASE:
        vb_buf_puts(b, "(PHRASE ");
        put_quoted(b, n->text);
        break;
    case VB_QN_AND: case VB_QN_OR: case VB_QN_NOT:
        vb_buf_puts(b, n->kind == VB_QN_AND ? "(AND" : n->kind == VB_QN_OR ? "(OR" : "(NOT");
        for (size_t i = 0; i < n->nkids; i++) {
            vb_buf_putc(b, ' ');
            describe(n->kids[i], b);
        }
        break;
    case VB_QN_FIELD:
        vb_buf_printf(b, "(FIELD %s ", vb_qfield_name(n->field));
        if (n->field == VB_QF_YEAR || n->field == VB_QF_DATE) {
            vb_buf_printf(b, "%s..%s", n->lo, n->hi);
            break;
        }
        put_quoted(b, n->number ? n->number : n->text);
        if (n->pinpoint) {
            vb_buf_puts(b, " pin ");
            put_quoted(b, n->pinpoint);
        }
        if (n->quoted) vb_buf_puts(b, " quoted");
        break;
    }
    vb_buf_putc(b, ')');
}

size_t vb_qnode_describe(const vb_qnode_t *n, vb_buf_t *out)
{
    if (!out) return 0;
    size_t before = out->len;
    if (!n) vb_buf_puts(out, "()");
    else describe(n, out);
    return out->oom ? 0 : out->len - before;
}
